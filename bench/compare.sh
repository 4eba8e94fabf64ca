#!/usr/bin/env bash
# Rangefinder vs its peers, all in one run against the same local server and the same objects.
#   S3 (S3Proxy 4.1.0 in memory, loopback), one 1 GiB object:
#     `bench range` vs S3TransferManager on the CRT client (bench/harness, discard and file sink)
#     vs `rclone cat` vs `aws s3 cp s3://... -` (Debian awscli)
#   S3, SMALL_COUNT (10,000) x 64 KiB objects: `bench loader` (async pool) vs `rclone copy` vs
#     `aws s3 cp --recursive`, all with the same concurrency
#   file://, the same 1 GiB in the page cache: `bench range` vs cat and fio, `get` vs cp
#   S3 uploads: one 1 GiB object and SMALL_COUNT x 64 KiB objects, `bench put` vs `rclone copy`,
#     `aws s3 cp` and S3TransferManager uploadFile/uploadDirectory, all with the same concurrency
#   The S3 read path four ways (groups s3-path-*, issue 17 part 3): the hand-written LeanHttp + SigV4
#     against the JDK's HttpClient + the SDK's AwsV4HttpSigner, the SDK's S3Client on Apache and on
#     UrlConnectionHttpClient (bench/harness/ReadPathBench), in-process, with the client's CPU
#   The same S3 rows on a cloud-like link (groups *-shaped): every contender reaches S3Proxy through
#     one user-space shaping proxy (the tests' FaultProxy, run by ShapedLinkMain): SHAPED_RTT_MS
#     added per request (and per new connection), SHAPED_CONN_MBPS per connection each way,
#     SHAPED_TOTAL_MBPS for the link; multi-stream peers set to CONC streams. Ratio to the link's
#     limit, min(CONC x per connection, total), beside the ratio to the best peer.
# Every contender is a separate process timed by /usr/bin/time (wall seconds, peak RSS); the
# contenders take turns over ROUNDS rounds (start rotated each round) and medians are reported.
# MB/s and items/s are from process wall time (JVM start included for the Java contenders); the
# in-process figures of the Java tools are reported beside them.
# Installs rclone, awscli and fio from Debian if missing, builds with -Pbench-peers.
#   Azure (Azurite in memory) and GCS (the project's server), groups az-*/gs-*: ours vs rclone's backends,
#     each cloud's Java transfer API (bench/harness/StorePeersBench) and one curl GET of the same object;
#     uploads too (az-put-*, gs-put-*: 128 MiB and 2,000 x 64 KiB, the servers being slow to take them)
# Warm-up: one uncounted run of each group's first contender (WARMUP=all: every contender); the slow
# peers far behind on the small-object rows (ONE_ROUND) run in round 1 only.
# Running time: the report's "Running time" section says where each run's time went. Every group,
# 3 rounds and 20,000 small objects took 45.8 min here (2026-12-04, 5.5 of it the app-image build);
# the defaults are now 2 rounds (medians of two are their means) and 10,000 small objects, to stay
# under 30 minutes on this 2-core machine; `bench/compare.sh 3` for medians of three.
# Writes bench/results/compare.json and bench/results/compare.md.
# Usage: bench/compare.sh [ROUNDS]    (env: CONC, BIG_MIB, SMALL_COUNT, SMALL_SIZE, RF_CMP_PORT, WORK,
#        BASELINE_JAR + BASELINE_LABEL: an earlier build's jar to show before/after in the same run,
#        SKIP_BUILD=1 to reuse this checkout's last build, ONLY="s3-put-big s3-put-small" to run only
#        some groups, OUT_NAME=compare-put to write bench/results/OUT_NAME.{json,md} instead,
#        SHAPED_RTT_MS, SHAPED_CONN_MBPS, SHAPED_TOTAL_MBPS, SHAPED_SMALL_COUNT: the shaped link)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ROUNDS="${1:-2}"
CONC="${CONC:-16}"                # requests in flight, the same for every contender that has a knob
BIG_MIB="${BIG_MIB:-1024}"
SMALL_COUNT="${SMALL_COUNT:-10000}"
SMALL_SIZE="${SMALL_SIZE:-64KiB}"
PORT="${RF_CMP_PORT:-19393}"
WORK="${WORK:-${TMPDIR:-/tmp}/rangefinder-compare}"
OUT=bench/results
OUT_NAME="${OUT_NAME:-compare}"
ONLY="${ONLY:-s3-big s3-small file-read file-copy startup s3-put-big s3-put-small s3-big-shaped s3-small-shaped s3-put-big-shaped s3-put-small-shaped s3-path-big s3-path-small az-big az-small gs-big gs-small az-put-big az-put-small gs-put-big gs-put-small}"
# Azure (Azurite in memory) and GCS (the project's JSON-API test server): the same 1 GiB object, and
# fewer small objects (Azurite serves a few hundred a second; the figure does not need 20,000)
STORE_SMALL_COUNT="${STORE_SMALL_COUNT:-5000}"
# the uploads to Azurite and the GCS server: Azurite stages blocks at 35-50 MB/s and takes a few hundred
# small blobs a second, so a GiB or 5,000 objects per turn would cost minutes and say no more than
# 128 MiB and 2,000 objects do (the in-process column leaves the JVM's start out)
STORE_PUT_MIB="${STORE_PUT_MIB:-128}"
STORE_PUT_SMALL_COUNT="${STORE_PUT_SMALL_COUNT:-2000}"
# the read-path rows (s3-path-small) read the first PATH_SMALL_COUNT of the small objects: an in-process
# rate after a warm-up, the same with 5,000 as with 20,000
PATH_SMALL_COUNT="${PATH_SMALL_COUNT:-5000}"
# Peers that are far behind and slow on the small-object rows run in the first round only: one
# sample places them (0.2-0.5x the best peer), and three would cost 7 of the run's minutes.
# ONE_ROUND="" runs every contender in every round.
ONE_ROUND="${ONE_ROUND-aws-cp-recursive aws-cp-up-recursive aws-cp-recursive-shaped aws-cp-up-recursive-shaped tm-java-upload-dir tm-java-upload-dir-shaped}"
AZ_PORT="${RF_CMP_AZ_PORT:-19394}"
GCS_PORT="${RF_CMP_GCS_PORT:-19395}"
SHAPED_RTT_MS="${SHAPED_RTT_MS:-20}"
# 25 MB/s x 16 = 400 MB/s: at 50 MB/s the link's limit (800 MB/s) would equal what this 2-core
# machine moves through a user-space proxy at all (813 MB/s in-process with no per-connection cap),
# and the ratio to the limit would measure the CPU, not the tools.
SHAPED_CONN_MBPS="${SHAPED_CONN_MBPS:-25}"
SHAPED_TOTAL_MBPS="${SHAPED_TOTAL_MBPS:-2000}"
# On the shaped link a small object costs a round trip, so items/s is set by the link, not the count:
# fewer objects give the same figure sooner.
SHAPED_SMALL_COUNT="${SHAPED_SMALL_COUNT:-5000}"
rm -rf "$WORK"; mkdir -p "$WORK" "$OUT"
# where the running time goes: each phase's end (seconds from the start), and the emptying of
# prefixes between upload turns, for the report's "Running time" section
T0=$SECONDS; PHASES="$WORK/phases.tsv"; : > "$PHASES"; PREP_SECONDS=0
phase() { printf '%s\t%s\n' "$1" "$((SECONDS - T0))" >> "$PHASES"; echo "[$((SECONDS - T0)) s] $1 done" >&2; }

# --- peers from Debian (only what is missing) -----------------------------------------------
AWS=/usr/bin/aws                  # Debian's awscli, not whatever `aws` comes first on PATH
missing=()
command -v rclone > /dev/null || missing+=(rclone)
[ -x "$AWS" ] || missing+=(awscli)
command -v fio > /dev/null || missing+=(fio)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi
phase "peers installed"

# --- build: the app image (CLI launcher with its AOT cache) plus target/bench-lib ---------------
# "ours" is the CLI as installed: the app image's launcher, jlinked runtime and trained AOT cache.
# Two more Rangefinder rows show what the tuning did, in the same run: the same jar through a
# plain `java -jar` (no AOT cache), and BASELINE_JAR (e.g. a build of an earlier commit, with its
# lib/ beside it) when given.
if [ "${SKIP_BUILD:-0}" != 1 ]; then   # SKIP_BUILD=1: reuse the last build of this checkout
  RF_IMAGE_ONLY=1 ./mvnw -B -q -o -Pbench-peers,installer -Dskip.npm -DskipTests package 2> /dev/null \
    || RF_IMAGE_ONLY=1 ./mvnw -B -q -Pbench-peers,installer -Dskip.npm -DskipTests package
fi
RF=(target/installer/Rangefinder/bin/rangefinder)
[ -x "${RF[0]}" ] || { echo "no CLI launcher in target/installer" >&2; exit 1; }
# row-name suffix -> command; "-" stands for no suffix (bash has no empty array keys)
declare -A VARIANT=(["-"]="${RF[*]}" ["@jar"]="$JAVA_HOME/bin/java -jar target/rangefinder.jar")
[ -n "${BASELINE_JAR:-}" ] && VARIANT["@before"]="$JAVA_HOME/bin/java -jar $BASELINE_JAR"
VARIANTS=("-" "@jar"); [ -n "${BASELINE_JAR:-}" ] && VARIANTS+=("@before")
# logback left out of the harness classpath: without it SLF4J is silent (no DEBUG flood)
HCP="$WORK/harness:$(ls target/lib/*.jar target/bench-lib/*.jar | grep -v /logback- | paste -sd:)"
mkdir -p "$WORK/harness"
"$JAVA_HOME/bin/javac" -nowarn -d "$WORK/harness" -cp "$HCP" bench/harness/TransferManagerBench.java
TMB=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$HCP" TransferManagerBench)
# the S3 read path four ways (issue 17 part 3): on the app's own classes, so "lean" is S3Store as shipped
# (with logback and the app's logback.xml, as the app runs: S3Store's SDK client starts its log redactor)
RCP="target/classes:$WORK/harness:$(ls target/lib/*.jar target/bench-lib/*.jar | paste -sd:)"
"$JAVA_HOME/bin/javac" -nowarn -d "$WORK/harness" -cp "$RCP" bench/harness/ReadPathBench.java
RPB=("$JAVA_HOME/bin/java" -cp "$RCP" ReadPathBench)
# each cloud's own Java transfer API, the SDK-native peer on Azure and GCS (issue 17 part 2)
"$JAVA_HOME/bin/javac" -nowarn -d "$WORK/harness" -cp "$RCP" bench/harness/StorePeersBench.java
SPB=("$JAVA_HOME/bin/java" -cp "$RCP" StorePeersBench)

phase "build and harness"

# --- server: S3Proxy in memory -----------------------------------------------------------------
# On the tests' transient store (io.rangefinder.testing.S3ProxyMain): S3Proxy's own is an in-memory
# Jimfs capped at 4 GiB that keeps freed blocks in its heap, and a run of every group outgrows it
# (1 GiB + 1.6 GB of small objects kept, 1 GiB uploads with their parts until they complete).
source scripts/services/s3proxy.sh
SHAPED_PID=""; S3PID=""; GCSPID=""; SMALL_DEST="$WORK"
cleanup() {
  [ -z "$SHAPED_PID" ] || kill "$SHAPED_PID" 2> /dev/null || true
  [ -z "$GCSPID" ] || kill "$GCSPID" 2> /dev/null || true
  [ -f "$WORK/azurite/azurite.pid" ] && kill "$(cat "$WORK/azurite/azurite.pid")" 2> /dev/null || true
  [ -z "$S3PID" ] || kill "$S3PID" 2> /dev/null || true
  [ "$SMALL_DEST" = "$WORK" ] || rm -rf "$SMALL_DEST"
}
trap cleanup EXIT
"$JAVA_HOME/bin/java" -Xms4g -Xmx10g -cp "$(s3proxy__jar):target/test-classes" io.rangefinder.testing.S3ProxyMain \
  "$PORT" local-identity local-credential > "$WORK/s3proxy.log" 2>&1 &
S3PID=$!
for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
curl -s -o /dev/null "http://127.0.0.1:$PORT/" || { echo "S3Proxy did not start: $(cat "$WORK/s3proxy.log")" >&2; exit 1; }
EP="http://127.0.0.1:$PORT"
# --- the shaped link: a proxy in front of the same server, in a JVM of its own ----------------------
SEP=""
case " $ONLY " in *-shaped" "*)
  rm -f "$WORK/shaped.endpoint"
  "$JAVA_HOME/bin/java" -cp target/test-classes io.rangefinder.testing.ShapedLinkMain "$EP" --rtt-ms "$SHAPED_RTT_MS" \
    --per-connection-mbps "$SHAPED_CONN_MBPS" --total-mbps "$SHAPED_TOTAL_MBPS" --endpoint-file "$WORK/shaped.endpoint" \
    > "$WORK/shaped.log" 2>&1 &
  SHAPED_PID=$!
  for _ in $(seq 100); do [ -s "$WORK/shaped.endpoint" ] && break; sleep 0.1; done
  SEP=$(cat "$WORK/shaped.endpoint") || { echo "the shaping proxy did not start: $(cat "$WORK/shaped.log")" >&2; exit 1; }
  ;;
esac
# --- Azurite (in memory) and the GCS test server, for the az-* and gs-* groups -----------------------
AZCONN=""; GEP=""
case " $ONLY " in *" az-"*)
  source scripts/services/azurite.sh
  RF_AZURITE_IN_MEMORY=1 azurite_start "$WORK/azurite" "$AZ_PORT" > /dev/null
  AZCONN=$(_azurite_connection_string "$AZ_PORT")
  ;;
esac
case " $ONLY " in *" gs-"*)
  "$JAVA_HOME/bin/java" -Xmx6g -cp "target/test-classes:target/classes:$(ls target/lib/*.jar | paste -sd:)" \
    io.rangefinder.testing.GcsTestServer "$GCS_PORT" "$WORK/gcs.log" > "$WORK/gcs.out" 2>&1 &
  GCSPID=$!
  GEP="http://127.0.0.1:$GCS_PORT"
  for _ in $(seq 100); do curl -s -o /dev/null "$GEP/storage/v1/b?project=x" && break; sleep 0.2; done
  ;;
esac
export AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential AWS_REGION=us-east-1
S3=(env AWS_ENDPOINT_URL="$EP")

phase "servers started"
# --- objects ----------------------------------------------------------------------------------
BIG="$WORK/big.bin"
BIG_BYTES=$((BIG_MIB * 1048576))
head -c "$BIG_BYTES" /dev/urandom > "$BIG"
"${S3[@]}" "${RF[@]}" mb s3://cmp
"${S3[@]}" "${RF[@]}" put "$BIG" s3://cmp/big.bin
case " $ONLY " in *" s3-small "*|*" s3-path-small "*)
  "${S3[@]}" "${RF[@]}" gen s3://cmp/small/ --count "$SMALL_COUNT" --size "$SMALL_SIZE" -c "$CONC" ;;
esac
case " $ONLY " in *" s3-small-shaped "*)
  "${S3[@]}" "${RF[@]}" gen s3://cmp/small-shaped/ --count "$SHAPED_SMALL_COUNT" --size "$SMALL_SIZE" -c "$CONC" ;;
esac
AZ=(env AZURE_STORAGE_CONNECTION_STRING="$AZCONN")
GS=(env STORAGE_EMULATOR_HOST="$GEP")
case " $ONLY " in *" az-"*)
  "${AZ[@]}" "${RF[@]}" mb az://devstoreaccount1/cmp
  case " $ONLY " in *" az-big "*) "${AZ[@]}" "${RF[@]}" put "$BIG" az://devstoreaccount1/cmp/big.bin ;; esac
  case " $ONLY " in *" az-small "*)
    "${AZ[@]}" "${RF[@]}" gen az://devstoreaccount1/cmp/small/ --count "$STORE_SMALL_COUNT" --size "$SMALL_SIZE" -c "$CONC" ;; esac
  ;;
esac
case " $ONLY " in *" gs-"*)
  "${GS[@]}" "${RF[@]}" mb gs://cmp
  case " $ONLY " in *" gs-big "*) "${GS[@]}" "${RF[@]}" put "$BIG" gs://cmp/big.bin ;; esac
  case " $ONLY " in *" gs-small "*)
    "${GS[@]}" "${RF[@]}" gen gs://cmp/small/ --count "$STORE_SMALL_COUNT" --size "$SMALL_SIZE" -c "$CONC" ;; esac
  ;;
esac
cat "$BIG" > /dev/null            # page cache, for the file:// contenders
STORE_PUT_BYTES=$((STORE_PUT_MIB * 1048576))
STORE_PUT_FILE="$WORK/store-put.bin"
case " $ONLY " in *" az-put-big "*|*" gs-put-big "*) head -c "$STORE_PUT_BYTES" "$BIG" > "$STORE_PUT_FILE" ;; esac

phase "objects written"

# --- peers' configuration: rclone from the environment, aws from a temp config ------------------
: > "$WORK/rclone.conf"             # an empty config file: no notice, no user config read
RCLONE=(env -u AWS_CA_BUNDLE RCLONE_CONFIG="$WORK/rclone.conf" RCLONE_CONFIG_CMP_TYPE=s3 RCLONE_CONFIG_CMP_PROVIDER=Other
        RCLONE_CONFIG_CMP_ACCESS_KEY_ID=local-identity RCLONE_CONFIG_CMP_SECRET_ACCESS_KEY=local-credential
        RCLONE_CONFIG_CMP_ENDPOINT="$EP" RCLONE_CONFIG_CMP_REGION=us-east-1 rclone)
export AWS_CONFIG_FILE="$WORK/aws/config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws/credentials"
mkdir -p "$WORK/aws"
"$AWS" configure set default.region us-east-1
"$AWS" configure set default.s3.max_concurrent_requests "$CONC"
AWSC=(env -u AWS_CA_BUNDLE -u AWS_ENDPOINT_URL "$AWS" --endpoint-url "$EP")
# the same peers and ours through the shaped link
SS3=(env AWS_ENDPOINT_URL="$SEP")
SRCLONE=("${RCLONE[@]/#RCLONE_CONFIG_CMP_ENDPOINT=*/RCLONE_CONFIG_CMP_ENDPOINT=$SEP}")
SAWSC=(env -u AWS_CA_BUNDLE -u AWS_ENDPOINT_URL "$AWS" --endpoint-url "$SEP")

# --- contenders: name | group | command (run by bash -c so redirections stay inside) ------------
SMALL_BYTES=$(python3 -c "
import re,sys; m=re.fullmatch(r'(\d+)([KMG]i?B)?','$SMALL_SIZE'); u={'KiB':1024,'MiB':1048576,'GiB':1073741824,'KB':1000,'MB':10**6,'GB':10**9,None:1}
print(int(m.group(1))*u[m.group(2)])")
q() { printf '%q ' "$@"; }
declare -A CMD GROUP PREP CHECK
add() {
  case " $ONLY " in *" $2 "*) ;; *) return 0 ;; esac   # a group not asked for
  GROUP[$1]=$2; CMD[$1]=$3; PREP[$1]=${4:-true}; CHECK[$1]=${5:-true}; NAMES+=("$1")
}
files_in() { echo "[ \$(find $(q "$1") -type f | wc -l) -eq ${2:-$SMALL_COUNT} ]"; }
NAMES=()
for v in "${VARIANTS[@]}"; do
  read -r -a R <<< "${VARIANT[$v]}"
  add "rf-range${v#-}"   s3-big   "$(q "${S3[@]}" "${R[@]}" bench range s3://cmp/big.bin --chunk-size 8MiB -c "$CONC" --json)"
done
# The engine's own defaults too (64 MiB ranges, up to 32 in flight), installed CLI only: the row
# above keeps the TransferManager's part size and concurrency for a like-for-like comparison.
add rf-range-dflt   s3-big   "$(q "${S3[@]}" "${RF[@]}" bench range s3://cmp/big.bin --json)"
add tm-crt-discard  s3-big   "$(q "${TMB[@]}" "$EP" cmp big.bin discard 8 "$CONC")"
add tm-crt-file     s3-big   "$(q "${TMB[@]}" "$EP" cmp big.bin "$WORK/tm.out" 8 "$CONC")" "rm -f $(q "$WORK/tm.out")" "cmp -s $(q "$BIG" "$WORK/tm.out")"
add rclone-cat      s3-big   "$(q "${RCLONE[@]}" cat cmp:cmp/big.bin) > /dev/null"
add aws-cp-stdout   s3-big   "$(q "${AWSC[@]}" s3 cp s3://cmp/big.bin -) > /dev/null"
for v in "${VARIANTS[@]}"; do
  read -r -a R <<< "${VARIANT[$v]}"
  add "rf-loader${v#-}"  s3-small "$(q "${S3[@]}" "${R[@]}" bench loader s3://cmp/small/ --pool "$CONC" --batch 32 --prefetch 4 --json)"
done
# The peers that can only write files write them to memory where there is a tmpfs: on disk their
# rounds swung from 6.5 to 15.7 s with the writeback of earlier rounds (one run of 16:20).
[ -d /dev/shm ] && [ -w /dev/shm ] && SMALL_DEST=$(mktemp -d /dev/shm/rf-compare.XXXXXX)
add rclone-copy     s3-small "$(q "${RCLONE[@]}" copy cmp:cmp/small "$SMALL_DEST/rclone-small" --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "rm -rf $(q "$SMALL_DEST/rclone-small")" "$(files_in "$SMALL_DEST/rclone-small")"
add aws-cp-recursive s3-small "$(q "${AWSC[@]}" s3 cp --recursive --only-show-errors s3://cmp/small/ "$SMALL_DEST/aws-small/")" "rm -rf $(q "$SMALL_DEST/aws-small")" "$(files_in "$SMALL_DEST/aws-small")"
for v in "${VARIANTS[@]}"; do
  read -r -a R <<< "${VARIANT[$v]}"
  add "rf-range-file${v#-}" file-read "$(q "${R[@]}" bench range "$BIG" --json)"
done
add cat-file        file-read "$(q cat "$BIG") > /dev/null"
add fio-read        file-read "$(q fio --name=seqread --filename="$BIG" --rw=read --bs=8M --ioengine=psync --size="$BIG_BYTES" --readonly --output-format=json)"
# The same shape as the engine's run below it: 16 threads, each its own 64 MiB range in 1 MiB reads.
FILE_RANGES=$(( BIG_BYTES / 67108864 )); [ "$FILE_RANGES" -ge 1 ] || FILE_RANGES=1
add rf-range-file16 file-read "$(q "${RF[@]}" bench range "$BIG" --chunk-size 64MiB -c "$FILE_RANGES" --json)"
add fio-read-par    file-read "$(q fio --name=par --filename="$BIG" --rw=read --bs=1M --ioengine=psync --numjobs="$FILE_RANGES" --size=64M --offset_increment=64M --group_reporting --readonly --output-format=json)"
for v in "${VARIANTS[@]}"; do
  read -r -a R <<< "${VARIANT[$v]}"
  add "rf-get-file${v#-}" file-copy "$(q "${R[@]}" get -q --json "$BIG" "$WORK/get.out")" "rm -f $(q "$WORK/get.out")" "cmp -s $(q "$BIG" "$WORK/get.out")"
done
add cp-file         file-copy "$(q cp "$BIG" "$WORK/cp.out")" "rm -f $(q "$WORK/cp.out")"
# Start-up on its own: the CLI's version and a one-object stat, against rclone's.
for v in "${VARIANTS[@]}"; do
  read -r -a R <<< "${VARIANT[$v]}"
  add "rf-version${v#-}" startup "$(q "${R[@]}" --version) > /dev/null"
  add "rf-stat${v#-}"    startup "$(q "${R[@]}" stat "$BIG") > /dev/null"
done
add rclone-version  startup "$(q rclone version) > /dev/null"
add rclone-lsjson   startup "$(q rclone lsjson "$BIG") > /dev/null"

# --- uploads: every contender writes under a prefix of its own, emptied before and after each turn;
# the peers read local files (the 1 GiB one in the page cache, the small ones in /dev/shm), `bench put`
# makes its bytes in memory (a reusable random pool) and keeps them (--keep) so that no delete is timed.
"$AWS" configure set default.s3.multipart_chunksize 8MB
"$AWS" configure set default.s3.multipart_threshold 8MB
# small_files DIR COUNT: COUNT files of SMALL_BYTES each, cut from one random pool (the peers' upload source)
small_files() {
  mkdir -p "$1"
  python3 - "$1" "$2" "$SMALL_BYTES" <<'PY'
import os, sys
d, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pool = os.urandom(size + 4096)
for i in range(n):
    with open(os.path.join(d, "obj-%06d.bin" % i), "wb") as f:
        f.write(pool[i % 4096:i % 4096 + size])
PY
}
SMALL_SRC="$SMALL_DEST/put-small-src"
case " $ONLY " in *" s3-put-small "*)
  small_files "$SMALL_SRC" "$SMALL_COUNT"
  ;;
esac
empty() { echo "$(q "${S3[@]}" "${RF[@]}") rm -r s3://cmp/$1/ > /dev/null 2>&1 || true"; }
holds() { echo "[ \"\$($(q "${S3[@]}" "${RF[@]}") ls -r s3://cmp/$1/ | sed -n 's/^Total objects: //p')\" = $2 ]"; }
BIG_MIB_PARTS=$(( BIG_BYTES / 8388608 ))
add rf-put-big       s3-put-big   "$(q "${S3[@]}" "${RF[@]}" bench put s3://cmp/put-rf/ -n 1 --size "$BIG_BYTES" --part-size 8MiB --parts-in-flight "$CONC" -c 1 --keep --json)" "$(empty put-rf)" "$(holds put-rf 1)"
add tm-java-upload   s3-put-big   "$(q "${TMB[@]}" "$EP" cmp put-tm/big.bin "upload:$BIG" 8 "$CONC")" "$(empty put-tm)" "$(holds put-tm 1)"
add rclone-copyto    s3-put-big   "$(q "${RCLONE[@]}" copyto "$BIG" cmp:cmp/put-rclone/big.bin --s3-upload-concurrency "$CONC" --s3-chunk-size 8M --s3-upload-cutoff 8M)" "$(empty put-rclone)" "$(holds put-rclone 1)"
add aws-cp-upload    s3-put-big   "$(q "${AWSC[@]}" s3 cp --only-show-errors "$BIG" s3://cmp/put-aws/big.bin)" "$(empty put-aws)" "$(holds put-aws 1)"
add rf-put-small     s3-put-small "$(q "${S3[@]}" "${RF[@]}" bench put s3://cmp/put-rf/ -n "$SMALL_COUNT" --size "$SMALL_BYTES" -c "$CONC" --keep --json)" "$(empty put-rf)" "$(holds put-rf "$SMALL_COUNT")"
add tm-java-upload-dir s3-put-small "$(q "${TMB[@]}" "$EP" cmp put-tm "upload:$SMALL_SRC" 8 "$CONC")" "$(empty put-tm)" "$(holds put-tm "$SMALL_COUNT")"
add rclone-copy-up   s3-put-small "$(q "${RCLONE[@]}" copy "$SMALL_SRC" cmp:cmp/put-rclone --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "$(empty put-rclone)" "$(holds put-rclone "$SMALL_COUNT")"
add aws-cp-up-recursive s3-put-small "$(q "${AWSC[@]}" s3 cp --recursive --only-show-errors "$SMALL_SRC" s3://cmp/put-aws/)" "$(empty put-aws)" "$(holds put-aws "$SMALL_COUNT")"

# --- the same S3 rows on the shaped link (every contender through the one proxy, CONC streams) -----
# Downloads of the big object: ours to a discard sink like the TransferManager's; rclone and aws
# cannot discard with many streams (`rclone cat` and `aws s3 cp ... -` are one stream), so they write
# a file in memory (/dev/shm), checked against the source after each turn.
BIGF="$SMALL_DEST/shaped-big.bin"
add rf-range-shaped      s3-big-shaped "$(q "${SS3[@]}" "${RF[@]}" bench range s3://cmp/big.bin -c "$CONC" --json)"
add rf-range8-shaped     s3-big-shaped "$(q "${SS3[@]}" "${RF[@]}" bench range s3://cmp/big.bin --chunk-size 8MiB -c "$CONC" --json)"
add tm-crt-discard-shaped s3-big-shaped "$(q "${TMB[@]}" "$SEP" cmp big.bin discard 8 "$CONC")"
add rclone-copyto-dl-shaped s3-big-shaped "$(q "${SRCLONE[@]}" copyto cmp:cmp/big.bin "$BIGF" --multi-thread-streams "$CONC" --multi-thread-cutoff 8M)" "rm -f $(q "$BIGF")" "cmp -s $(q "$BIG" "$BIGF")"
add aws-cp-dl-shaped     s3-big-shaped "$(q "${SAWSC[@]}" s3 cp --only-show-errors s3://cmp/big.bin "$BIGF")" "rm -f $(q "$BIGF")" "cmp -s $(q "$BIG" "$BIGF")"
add rf-loader-shaped     s3-small-shaped "$(q "${SS3[@]}" "${RF[@]}" bench loader s3://cmp/small-shaped/ --pool "$CONC" --batch 32 --prefetch 4 --json)"
add rclone-copy-shaped   s3-small-shaped "$(q "${SRCLONE[@]}" copy cmp:cmp/small-shaped "$SMALL_DEST/rclone-small-shaped" --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "rm -rf $(q "$SMALL_DEST/rclone-small-shaped")" "$(files_in "$SMALL_DEST/rclone-small-shaped" "$SHAPED_SMALL_COUNT")"
add aws-cp-recursive-shaped s3-small-shaped "$(q "${SAWSC[@]}" s3 cp --recursive --only-show-errors s3://cmp/small-shaped/ "$SMALL_DEST/aws-small-shaped/")" "rm -rf $(q "$SMALL_DEST/aws-small-shaped")" "$(files_in "$SMALL_DEST/aws-small-shaped" "$SHAPED_SMALL_COUNT")"
add rf-put-big-shaped    s3-put-big-shaped "$(q "${SS3[@]}" "${RF[@]}" bench put s3://cmp/put-rf/ -n 1 --size "$BIG_BYTES" --part-size 8MiB --parts-in-flight "$CONC" -c 1 --keep --json)" "$(empty put-rf)" "$(holds put-rf 1)"
add tm-java-upload-shaped s3-put-big-shaped "$(q "${TMB[@]}" "$SEP" cmp put-tm/big.bin "upload:$BIG" 8 "$CONC")" "$(empty put-tm)" "$(holds put-tm 1)"
add rclone-copyto-shaped s3-put-big-shaped "$(q "${SRCLONE[@]}" copyto "$BIG" cmp:cmp/put-rclone/big.bin --s3-upload-concurrency "$CONC" --s3-chunk-size 8M --s3-upload-cutoff 8M)" "$(empty put-rclone)" "$(holds put-rclone 1)"
add aws-cp-upload-shaped s3-put-big-shaped "$(q "${SAWSC[@]}" s3 cp --only-show-errors "$BIG" s3://cmp/put-aws/big.bin)" "$(empty put-aws)" "$(holds put-aws 1)"
SHAPED_SRC="$SMALL_DEST/put-small-shaped-src"
case " $ONLY " in *" s3-put-small-shaped "*)
  small_files "$SHAPED_SRC" "$SHAPED_SMALL_COUNT"
  ;;
esac
add rf-put-small-shaped  s3-put-small-shaped "$(q "${SS3[@]}" "${RF[@]}" bench put s3://cmp/put-rf/ -n "$SHAPED_SMALL_COUNT" --size "$SMALL_BYTES" -c "$CONC" --keep --json)" "$(empty put-rf)" "$(holds put-rf "$SHAPED_SMALL_COUNT")"
add tm-java-upload-dir-shaped s3-put-small-shaped "$(q "${TMB[@]}" "$SEP" cmp put-tm "upload:$SHAPED_SRC" 8 "$CONC")" "$(empty put-tm)" "$(holds put-tm "$SHAPED_SMALL_COUNT")"
add rclone-copy-up-shaped s3-put-small-shaped "$(q "${SRCLONE[@]}" copy "$SHAPED_SRC" cmp:cmp/put-rclone --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "$(empty put-rclone)" "$(holds put-rclone "$SHAPED_SMALL_COUNT")"
add aws-cp-up-recursive-shaped s3-put-small-shaped "$(q "${SAWSC[@]}" s3 cp --recursive --only-show-errors "$SHAPED_SRC" s3://cmp/put-aws/)" "$(empty put-aws)" "$(holds put-aws "$SHAPED_SMALL_COUNT")"

# --- the S3 read path (issue 17 part 3): the same reads through four HTTP client + signer pairs, each
# in a process of its own, judged by its in-process throughput and the client's CPU per request
for p in lean jdk jdk-256k sdk sdk-urlconn; do
  add "path-$p-big"   s3-path-big   "$(q "${S3[@]}" "${RPB[@]}" "$p" "$EP" cmp big:big.bin "$CONC" 8)"
  add "path-$p-small" s3-path-small "$(q "${S3[@]}" "${RPB[@]}" "$p" "$EP" cmp "small:small/@$PATH_SMALL_COUNT" "$CONC")"
done

# --- Azure and GCS (issue 17 part 2): ours, rclone's backend for each, the cloud's own Java transfer
# API, and one curl GET of the same object (the server's own limit for one stream)
# rclone's azureblob `endpoint` is a domain suffix (https://ACCOUNT.SUFFIX) and its emulator mode is
# fixed to port 10000: it reaches this Azurite through a container SAS URL
case " $ONLY " in *" az-"*) AZ_CONTAINER_SAS=$("${SPB[@]}" az-container-sas "$AZCONN" cmp) ;; esac
RCLONE_AZ=(env RCLONE_CONFIG="$WORK/rclone.conf" RCLONE_CONFIG_AZ_TYPE=azureblob
           RCLONE_CONFIG_AZ_SAS_URL="${AZ_CONTAINER_SAS:-}" rclone)
RCLONE_GS=(env RCLONE_CONFIG="$WORK/rclone.conf" RCLONE_CONFIG_GS_TYPE=gcs RCLONE_CONFIG_GS_ANONYMOUS=true
           RCLONE_CONFIG_GS_ENDPOINT="$GEP/storage/v1/" rclone)
add rf-range-az     az-big   "$(q "${AZ[@]}" "${RF[@]}" bench range az://devstoreaccount1/cmp/big.bin --chunk-size 8MiB -c "$CONC" --json)"
add rf-range-dflt-az az-big  "$(q "${AZ[@]}" "${RF[@]}" bench range az://devstoreaccount1/cmp/big.bin --json)"
add sdk-az-file     az-big   "$(q "${SPB[@]}" az-file "$AZCONN" cmp big.bin "$SMALL_DEST/az-big.out" 8 "$CONC")" "rm -f $(q "$SMALL_DEST/az-big.out")"
add rclone-cat-az   az-big   "$(q "${RCLONE_AZ[@]}" cat az:cmp/big.bin) > /dev/null"
case " $ONLY " in *" az-big "*) AZ_SAS_URL=$("${SPB[@]}" az-sas "$AZCONN" cmp big.bin) ;; esac
add curl-az         az-big   "curl -sf $(q "${AZ_SAS_URL:-}") > /dev/null"
add rf-loader-az    az-small "$(q "${AZ[@]}" "${RF[@]}" bench loader az://devstoreaccount1/cmp/small/ --pool "$CONC" --batch 32 --prefetch 4 --json)"
add sdk-az-dir      az-small "$(q "${SPB[@]}" az-dir "$AZCONN" cmp small/ "$SMALL_DEST/az-small" "$CONC")" "rm -rf $(q "$SMALL_DEST/az-small")" "$(files_in "$SMALL_DEST/az-small" "$STORE_SMALL_COUNT")"
add rclone-copy-az  az-small "$(q "${RCLONE_AZ[@]}" copy az:cmp/small "$SMALL_DEST/rclone-az-small" --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "rm -rf $(q "$SMALL_DEST/rclone-az-small")" "$(files_in "$SMALL_DEST/rclone-az-small" "$STORE_SMALL_COUNT")"
add rf-range-gs     gs-big   "$(q "${GS[@]}" "${RF[@]}" bench range gs://cmp/big.bin --chunk-size 8MiB -c "$CONC" --json)"
add rf-range-dflt-gs gs-big  "$(q "${GS[@]}" "${RF[@]}" bench range gs://cmp/big.bin --json)"
add sdk-gcs-file    gs-big   "$(q "${SPB[@]}" gcs-file "$GEP" cmp big.bin "$SMALL_DEST/gs-big" "$CONC")" "rm -rf $(q "$SMALL_DEST/gs-big")"
add rclone-cat-gs   gs-big   "$(q "${RCLONE_GS[@]}" cat gs:cmp/big.bin) > /dev/null"
add curl-gs         gs-big   "curl -sf $(q "$GEP/download/storage/v1/b/cmp/o/big.bin?alt=media") > /dev/null"
add rf-loader-gs    gs-small "$(q "${GS[@]}" "${RF[@]}" bench loader gs://cmp/small/ --pool "$CONC" --batch 32 --prefetch 4 --json)"
add sdk-gcs-dir     gs-small "$(q "${SPB[@]}" gcs-dir "$GEP" cmp small/ "$SMALL_DEST/gs-small" "$CONC")" "rm -rf $(q "$SMALL_DEST/gs-small")"
add rclone-copy-gs  gs-small "$(q "${RCLONE_GS[@]}" copy gs:cmp/small "$SMALL_DEST/rclone-gs-small" --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "rm -rf $(q "$SMALL_DEST/rclone-gs-small")" "$(files_in "$SMALL_DEST/rclone-gs-small" "$STORE_SMALL_COUNT")"

# --- uploads to Azure and GCS: ours, the cloud's Java transfer API, rclone; each under its own prefix,
# emptied before and after each turn (as on S3)
STORE_SRC="$SMALL_DEST/put-store-src"
case " $ONLY " in *" az-put-small "*|*" gs-put-small "*) small_files "$STORE_SRC" "$STORE_PUT_SMALL_COUNT" ;; esac
empty_at() { echo "$(q "${@:1:$#-1}" "${RF[@]}") rm -r $(q "${!#}") > /dev/null 2>&1 || true"; }       # ENV... URI
holds_at() { echo "[ \"\$($(q "${@:1:$#-2}" "${RF[@]}") ls -r $(q "${@: -2:1}") | sed -n 's/^Total objects: //p')\" = ${!#} ]"; }   # ENV... URI N
AZC=az://devstoreaccount1/cmp
add rf-put-big-az      az-put-big   "$(q "${AZ[@]}" "${RF[@]}" bench put "$AZC/put-rf/" -n 1 --size "$STORE_PUT_BYTES" --part-size 8MiB --parts-in-flight "$CONC" -c 1 --keep --json)" "$(empty_at "${AZ[@]}" "$AZC/put-rf/")" "$(holds_at "${AZ[@]}" "$AZC/put-rf/" 1)"
add sdk-az-upload      az-put-big   "$(q "${SPB[@]}" az-upload-file "$AZCONN" cmp put-sdk/big.bin "$STORE_PUT_FILE" 8 "$CONC")" "$(empty_at "${AZ[@]}" "$AZC/put-sdk/")" "$(holds_at "${AZ[@]}" "$AZC/put-sdk/" 1)"
add rclone-copyto-az   az-put-big   "$(q "${RCLONE_AZ[@]}" copyto "$STORE_PUT_FILE" az:cmp/put-rclone/big.bin --azureblob-upload-concurrency "$CONC" --azureblob-chunk-size 8M)" "$(empty_at "${AZ[@]}" "$AZC/put-rclone/")" "$(holds_at "${AZ[@]}" "$AZC/put-rclone/" 1)"
add rf-put-small-az    az-put-small "$(q "${AZ[@]}" "${RF[@]}" bench put "$AZC/put-rf/" -n "$STORE_PUT_SMALL_COUNT" --size "$SMALL_BYTES" -c "$CONC" --keep --json)" "$(empty_at "${AZ[@]}" "$AZC/put-rf/")" "$(holds_at "${AZ[@]}" "$AZC/put-rf/" "$STORE_PUT_SMALL_COUNT")"
add sdk-az-upload-dir  az-put-small "$(q "${SPB[@]}" az-upload-dir "$AZCONN" cmp put-sdk/ "$STORE_SRC" "$CONC")" "$(empty_at "${AZ[@]}" "$AZC/put-sdk/")" "$(holds_at "${AZ[@]}" "$AZC/put-sdk/" "$STORE_PUT_SMALL_COUNT")"
add rclone-copy-up-az  az-put-small "$(q "${RCLONE_AZ[@]}" copy "$STORE_SRC" az:cmp/put-rclone --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "$(empty_at "${AZ[@]}" "$AZC/put-rclone/")" "$(holds_at "${AZ[@]}" "$AZC/put-rclone/" "$STORE_PUT_SMALL_COUNT")"
add rf-put-big-gs      gs-put-big   "$(q "${GS[@]}" "${RF[@]}" bench put gs://cmp/put-rf/ -n 1 --size "$STORE_PUT_BYTES" --part-size 8MiB -c 1 --keep --json)" "$(empty_at "${GS[@]}" gs://cmp/put-rf/)" "$(holds_at "${GS[@]}" gs://cmp/put-rf/ 1)"
add sdk-gcs-upload     gs-put-big   "$(q "${SPB[@]}" gcs-upload-file "$GEP" cmp put-sdk/big.bin "$STORE_PUT_FILE" "$CONC")" "$(empty_at "${GS[@]}" gs://cmp/put-sdk/)" "$(holds_at "${GS[@]}" gs://cmp/put-sdk/ 1)"
add rclone-copyto-gs   gs-put-big   "$(q "${RCLONE_GS[@]}" copyto "$STORE_PUT_FILE" gs:cmp/put-rclone/big.bin)" "$(empty_at "${GS[@]}" gs://cmp/put-rclone/)" "$(holds_at "${GS[@]}" gs://cmp/put-rclone/ 1)"
add rf-put-small-gs    gs-put-small "$(q "${GS[@]}" "${RF[@]}" bench put gs://cmp/put-rf/ -n "$STORE_PUT_SMALL_COUNT" --size "$SMALL_BYTES" -c "$CONC" --keep --json)" "$(empty_at "${GS[@]}" gs://cmp/put-rf/)" "$(holds_at "${GS[@]}" gs://cmp/put-rf/ "$STORE_PUT_SMALL_COUNT")"
add sdk-gcs-upload-dir gs-put-small "$(q "${SPB[@]}" gcs-upload-dir "$GEP" cmp put-sdk/ "$STORE_SRC" "$CONC")" "$(empty_at "${GS[@]}" gs://cmp/put-sdk/)" "$(holds_at "${GS[@]}" gs://cmp/put-sdk/ "$STORE_PUT_SMALL_COUNT")"
add rclone-copy-up-gs  gs-put-small "$(q "${RCLONE_GS[@]}" copy "$STORE_SRC" gs:cmp/put-rclone --transfers "$CONC" --checkers "$CONC" --no-check-dest)" "$(empty_at "${GS[@]}" gs://cmp/put-rclone/)" "$(holds_at "${GS[@]}" gs://cmp/put-rclone/ "$STORE_PUT_SMALL_COUNT")"

phase "contenders set up (local files for the uploads)"
RAW="$WORK/raw.tsv"; : > "$RAW"
# Azurite (Node, one thread) collects the extents of deleted blobs in the background, and while it
# does it answers nothing: in two runs the first Azure turn of round 2 (after round 1's Azure
# uploads were emptied away) waited 20-50 s, so whichever contender came first failed on its
# timeout or took 36-103 s. Before each Azure turn, wait until any request is answered within a
# second (anonymous: a 4xx answer will do), at most 3 minutes; the wait is logged, not timed.
SETTLE_SECONDS=0
settle_azurite() {
  [ -n "$AZCONN" ] || return 0
  local t0=$SECONDS
  for _ in $(seq 180); do
    curl -s -o /dev/null -m 1 "http://127.0.0.1:$AZ_PORT/devstoreaccount1?comp=list" && break
  done
  if [ $((SECONDS - t0)) -gt 1 ]; then echo "  (waited $((SECONDS - t0)) s for Azurite to answer again)" >&2; fi
  SETTLE_SECONDS=$((SETTLE_SECONDS + SECONDS - t0))
}
declare -A CLEAN=()   # contenders whose last turn ended with their PREP (an emptied prefix, no copies)
run_one() {   # name round
  local n=$1 r=$2
  # PREP before a turn only where the last one did not end with it (a first turn, a failed one):
  # emptying 20,000 objects twice a turn cost minutes of the run
  local p0=$SECONDS
  [ "${CLEAN[$n]:-0}" = 1 ] || bash -c "${PREP[$n]}"
  PREP_SECONDS=$((PREP_SECONDS + SECONDS - p0))
  CLEAN[$n]=0
  case "${GROUP[$n]}" in az-*) settle_azurite ;; esac
  if ! /usr/bin/time -f "%e %M" -o "$WORK/time.out" bash -c "${CMD[$n]}" > "$WORK/$n.$r.out" 2> "$WORK/$n.$r.err"; then
    echo "  $n round $r FAILED (see $WORK/$n.$r.err)" >&2
    printf '%s\t%s\t%s\tNA\tNA\n' "$n" "${GROUP[$n]}" "$r" >> "$RAW"; return 0
  fi
  if ! bash -c "${CHECK[$n]}"; then
    echo "  $n round $r: output check failed (${CHECK[$n]})" >&2
    printf '%s\t%s\t%s\tNA\tNA\n' "$n" "${GROUP[$n]}" "$r" >> "$RAW"; bash -c "${PREP[$n]}"; return 0
  fi
  read -r wall rss < <(tail -n1 "$WORK/time.out")
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "${GROUP[$n]}" "$r" "$wall" "$rss" >> "$RAW"
  echo "  $n round $r: ${wall}s, peak RSS ${rss} KiB" >&2
  p0=$SECONDS
  bash -c "${PREP[$n]}"     # drop the copies again (they would sit in memory/disk)
  PREP_SECONDS=$((PREP_SECONDS + SECONDS - p0))
  CLEAN[$n]=1
}
# Warm-up, not counted: by default one run of each group's first contender (ours), which warms the
# server's JIT and the page cache for the whole group; WARMUP=all runs every contender once (the
# whole run then takes a third longer), WARMUP=0 none.
case "${WARMUP:-group}" in
  all) echo "warm-up: every contender (not counted)" >&2
       for n in "${NAMES[@]}"; do run_one "$n" 0; done ;;
  0) ;;
  *) echo "warm-up: the first contender of each group (not counted)" >&2
     declare -A WARMED=()
     for n in "${NAMES[@]}"; do
       [ -n "${WARMED[${GROUP[$n]}]:-}" ] && continue
       WARMED[${GROUP[$n]}]=1; run_one "$n" 0
     done ;;
esac
phase "warm-up"
for r in $(seq "$ROUNDS"); do
  echo "round $r of $ROUNDS" >&2
  k=${#NAMES[@]}
  for i in $(seq 0 $((k - 1))); do
    n="${NAMES[$(( (i + r) % k ))]}"
    if [ "$r" -gt 1 ]; then case " $ONE_ROUND " in *" $n "*) continue ;; esac; fi
    run_one "$n" "$r"
  done
  phase "round $r"
done
printf 'emptying prefixes between turns (inside the warm-up and rounds)\t%s\n' "$PREP_SECONDS" >> "$PHASES"
printf 'waiting for Azurite to answer before a turn (inside the warm-up and rounds)\t%s\n' "$SETTLE_SECONDS" >> "$PHASES"

# integrity spot check: one peer copy of the big object and one small object must match
rm -f "$WORK/check.bin"; "${RCLONE[@]}" cat cmp:cmp/big.bin > "$WORK/check.bin"; cmp -s "$BIG" "$WORK/check.bin" || { echo "rclone's copy differs" >&2; exit 1; }
rm -f "$WORK/check.bin"
phase "integrity check"

VERSIONS="$WORK/versions.txt"
{
  echo "cores=$(nproc)"
  echo "cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "kernel=$(uname -r)"
  echo "java=$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "rangefinder=$("${RF[@]}" --version | head -1) (app image launcher, AOT caches per store: $(cd target/installer/Rangefinder/lib/app 2>/dev/null && du -m rangefinder*.aot | awk '{printf "%s%s %s MB", (NR > 1 ? ", " : ""), $2, $1}'))"
  [ -n "${BASELINE_JAR:-}" ] && echo "baseline=$BASELINE_JAR ${BASELINE_LABEL:-}"
  echo "s3proxy=S3Proxy $S3PROXY_VERSION (in memory: the tests' transient store without Jimfs's block cache, -Xmx10g)"
  [ -n "$SEP" ] && echo "shaped=$(head -1 "$WORK/shaped.log" | cut -d' ' -f2-) (FaultProxy via ShapedLinkMain, both directions; a new connection also waits one RTT)"
  echo "aws-sdk-java=2.40.2 (S3TransferManager), aws-crt $(ls target/bench-lib | sed -n 's/^aws-crt-\(.*\)\.jar$/\1/p')"
  echo "rclone=$(rclone version 2>/dev/null | head -1)"
  echo "awscli=$("$AWS" --version 2>&1 | head -1)"
  echo "fio=$(fio --version)"
  echo "cat=$(cat --version | head -1)"
  echo "cp=$(cp --version | head -1)"
} > "$VERSIONS"

STORE_SMALL_COUNT="$STORE_SMALL_COUNT" STORE_PUT_SMALL_COUNT="$STORE_PUT_SMALL_COUNT" ONE_ROUND="$ONE_ROUND" STORE_PUT_BYTES="$STORE_PUT_BYTES" PATH_SMALL_COUNT="$PATH_SMALL_COUNT" AZURITE_VERSION="$(sed -n 's/.*"azurite": "\(.*\)".*/\1/p' package.json)" \
PHASES="$PHASES" SHAPED_CONN_MBPS="$SHAPED_CONN_MBPS" SHAPED_TOTAL_MBPS="$SHAPED_TOTAL_MBPS" SHAPED_SMALL_COUNT="$SHAPED_SMALL_COUNT" \
  SHAPED_RTT_MS="$SHAPED_RTT_MS" python3 bench/compare_report.py "$RAW" "$VERSIONS" "$WORK" "$ROUNDS" "$CONC" "$BIG_BYTES" "$SMALL_COUNT" "$SMALL_BYTES" \
  "$OUT/$OUT_NAME.json" "$OUT/$OUT_NAME.md" "$ONLY"
cat "$OUT/$OUT_NAME.md"
