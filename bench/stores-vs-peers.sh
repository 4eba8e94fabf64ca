#!/usr/bin/env bash
# S3 (S3Proxy in memory), side by side in one run on one 256 MiB object: `bench range` vs
# `bench range --single-request` (one plain GetObject, same SDK) vs `rclone cat` (Debian's
# rclone), then `bench range` MB/s on all four stores (file, S3Proxy, Azurite, GCS test server).
# Starts its own servers on spare ports and stops them. Writes bench/results/stores-vs-peers.md.
# Usage: bench/stores-vs-peers.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ROUNDS="${1:-5}"
WORK="${TMPDIR:-/tmp}/rangefinder-stores-bench"
OUT=bench/results
mkdir -p "$WORK" "$OUT"
command -v rclone > /dev/null || { apt-get update -qq && apt-get install -y -qq rclone > /dev/null; }
[ -f target/rangefinder.jar ] || ./mvnw -B -q -ntp -DskipTests package
RF=("$JAVA_HOME/bin/java" -jar target/rangefinder.jar)
# Own ports, so a developer's dev-services on the default ports are left alone.
export RF_SERVICES_DIR="$WORK/services" RF_S3_PORT=19090 RF_AZURE_PORT=20000 RF_GCS_PORT=14443
trap 'scripts/dev-services.sh stop > /dev/null 2>&1 || true' EXIT
scripts/dev-services.sh start > "$WORK/services.log" 2>&1

OBJ="$WORK/256m.bin"
[ -f "$OBJ" ] || head -c 268435456 /dev/urandom > "$OBJ"
S3=(env AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential AWS_REGION=us-east-1
    AWS_ENDPOINT_URL=http://127.0.0.1:$RF_S3_PORT)
AZ=(env "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$RF_AZURE_PORT/devstoreaccount1;")
GS=(env STORAGE_EMULATOR_HOST=http://127.0.0.1:$RF_GCS_PORT)
"${S3[@]}" "${RF[@]}" mb s3://bench 2> /dev/null || true
"${S3[@]}" "${RF[@]}" put "$OBJ" s3://bench/256m.bin
"${AZ[@]}" "${RF[@]}" mb az://devstoreaccount1/bench 2> /dev/null || true
"${AZ[@]}" "${RF[@]}" put "$OBJ" az://devstoreaccount1/bench/256m.bin
"${GS[@]}" "${RF[@]}" mb gs://bench 2> /dev/null || true
"${GS[@]}" "${RF[@]}" put "$OBJ" gs://bench/256m.bin
mkdir -p "$WORK/file/bench" && cp "$OBJ" "$WORK/file/bench/256m.bin"

# rclone through environment config; it chokes on the machine's AWS_CA_BUNDLE, so unset it.
RCLONE=(env -u AWS_CA_BUNDLE RCLONE_CONFIG_LOCALS3_TYPE=s3 RCLONE_CONFIG_LOCALS3_PROVIDER=Other
        RCLONE_CONFIG_LOCALS3_ACCESS_KEY_ID=local-identity RCLONE_CONFIG_LOCALS3_SECRET_ACCESS_KEY=local-credential
        RCLONE_CONFIG_LOCALS3_ENDPOINT=http://127.0.0.1:$RF_S3_PORT RCLONE_CONFIG_LOCALS3_REGION=us-east-1
        rclone cat locals3:bench/256m.bin)
RANGE_OPTS=(${RANGE_OPTS:---chunk-size 64MiB -c 4})
mbps() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mbPerSec"])' "$1"; }

# One warm-up of each contender, then ROUNDS rounds taking turns.
"${S3[@]}" "${RF[@]}" bench range s3://bench/256m.bin "${RANGE_OPTS[@]}" --repeats 2 > /dev/null
"${RCLONE[@]}" > /dev/null
declare -a ranges single rcl
for r in $(seq "$ROUNDS"); do
  "${S3[@]}" "${RF[@]}" bench range s3://bench/256m.bin "${RANGE_OPTS[@]}" --repeats 3 --json > "$WORK/r.json"
  ranges+=("$(mbps "$WORK/r.json")")
  "${S3[@]}" "${RF[@]}" bench range s3://bench/256m.bin --single-request --repeats 3 --json > "$WORK/s.json"
  single+=("$(mbps "$WORK/s.json")")
  t0=$(date +%s.%N); "${RCLONE[@]}" > /dev/null; t1=$(date +%s.%N)
  rcl+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print 268.435456 / (b - a)}')")
done
cp "$WORK/r.json" "$OUT/s3-range-last.json"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_r=$(median "${ranges[@]}"); m_s=$(median "${single[@]}"); m_c=$(median "${rcl[@]}")

declare -A store_mbps
for s in file s3 az gs; do
  case $s in
    file) uri="$WORK/file/bench/256m.bin"; pre=() ;;
    s3) uri=s3://bench/256m.bin; pre=("${S3[@]}") ;;
    az) uri=az://devstoreaccount1/bench/256m.bin; pre=("${AZ[@]}") ;;
    gs) uri=gs://bench/256m.bin; pre=("${GS[@]}") ;;
  esac
  "${pre[@]}" "${RF[@]}" bench range "$uri" "${RANGE_OPTS[@]}" --repeats 3 --json > "$WORK/$s.json"
  store_mbps[$s]=$(mbps "$WORK/$s.json")
done
{
  echo "# Range engine vs one plain GET and rclone, S3Proxy in memory on loopback"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, rangefinder $("${RF[@]}" --version | head -1 | cut -d' ' -f2), $(rclone version 2>/dev/null | head -1), S3Proxy 4.1.0; 256 MiB object; median MB/s of $ROUNDS rounds (each rangefinder figure is 3 downloads in one JVM). Range settings: ${RANGE_OPTS[*]}."
  echo
  echo "| contender | MB/s | rangefinder ranges ÷ contender |"
  echo "|---|---|---|"
  printf '| `bench range` (%s) | %.0f | 1.00 |\n' "${RANGE_OPTS[*]}" "$m_r"
  printf '| `bench range --single-request` (one GetObject, same SDK) | %.0f | %.2f |\n' "$m_s" "$(awk -v a="$m_r" -v b="$m_s" 'BEGIN {print a / b}')"
  printf '| `rclone cat` (process wall time) | %.0f | %.2f |\n' "$m_c" "$(awk -v a="$m_r" -v b="$m_c" 'BEGIN {print a / b}')"
  echo
  echo "Rounds: ranges ${ranges[*]}; single ${single[*]}; rclone ${rcl[*]}"
  echo
  echo "## bench range on every store (${RANGE_OPTS[*]}, 3 repeats)"
  echo
  echo "| store | server | MB/s |"
  echo "|---|---|---|"
  printf '| file:// | local page cache | %.0f |\n' "${store_mbps[file]}"
  printf '| s3:// | S3Proxy 4.1.0, in memory | %.0f |\n' "${store_mbps[s3]}"
  printf '| az:// | Azurite 3.37.0, in memory | %.0f |\n' "${store_mbps[az]}"
  printf '| gs:// | project GCS JSON-API test server | %.0f |\n' "${store_mbps[gs]}"
} | tee "$OUT/stores-vs-peers.md"
