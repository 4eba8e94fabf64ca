#!/usr/bin/env bash
# Gives the CLI launcher of an app image an AOT cache (JDK 25, JEP 483/514/515): the classes it
# loads and links, and the method profiles of a real workload, read from one mapped file at start.
# Measured on 2 cores: `rangefinder stat s3://...` 2.2 s -> 1.1 s wall, CPU 1.9 s -> 0.95 s.
# The training run is one JVM (`rangefinder batch`) doing what users do on every store: S3 against a
# local S3Proxy (fetched from Maven Central by scripts/services/s3proxy.sh), Azure against Azurite
# (npm, scripts/services/azurite.sh), GCS against the project's JSON-API test server (the build's
# test classes) and file:// folders, so the cache holds each SDK, the lean clients, the engine, the
# loaders and the CLI, one cache per store (see below). A server that cannot start is skipped, and
# its store's classes load from the jars at run time. Without an Azure cache `rangefinder stat
# az://...` took 1.5 s (2,300 classes read from jars) where `--version` takes 0.4.
# Usage: installer/train-aot.sh APP_IMAGE_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
IMG="$1"
CFG=$(find "$IMG" -name rangefinder.cfg | head -1)
LAUNCHER=$(find "$IMG" -type f \( -path '*/bin/rangefinder' -o -path '*/MacOS/rangefinder' -o -name rangefinder.exe \) | head -1)
[ -n "$CFG" ] && [ -n "$LAUNCHER" ] || { echo "train-aot: no CLI launcher in $IMG" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rf-aot.XXXXXX")
source scripts/services/s3proxy.sh
source scripts/services/azurite.sh
GCS_PID=
cleanup() {
  s3proxy_stop "$WORK/s3proxy" > /dev/null 2>&1 || true
  azurite_stop "$WORK/azurite" > /dev/null 2>&1 || true
  [ -z "$GCS_PID" ] || kill "$GCS_PID" 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  local p="$1"
  while (echo > "/dev/tcp/127.0.0.1/$p") 2> /dev/null; do p=$((p + 1)); done
  echo "$p"
}
PORT=$(free_port "${RF_TRAIN_PORT:-19595}")
S3=1
S3PROXY_PROVIDER=transient s3proxy_start "$WORK/s3proxy" "$PORT" > "$WORK/s3proxy.out" 2>&1 || S3=0
[ "$S3" = 1 ] || echo "train-aot: S3Proxy did not start; no S3 in the training" >&2
AZ_PORT=$(free_port $((PORT + 10)))
AZ=1
RF_AZURITE_IN_MEMORY=1 azurite_start "$WORK/azurite" "$AZ_PORT" > "$WORK/azurite.out" 2>&1 || AZ=0
[ "$AZ" = 1 ] || echo "train-aot: Azurite did not start ($(tail -1 "$WORK/azurite.out")); no Azure in the training" >&2
# The GCS test server is test code: it runs from the build's test classes and the app's own jars.
GCS_PORT=$(free_port $((PORT + 20)))
GCS=0
if [ -d target/test-classes/io/rangefinder/testing ]; then
  "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:target/lib/*" io.rangefinder.testing.GcsTestServer \
    "$GCS_PORT" "$WORK/gcs.log" > "$WORK/gcs.out" 2>&1 < /dev/null &
  GCS_PID=$!
  for _ in $(seq 100); do
    if (echo > "/dev/tcp/127.0.0.1/$GCS_PORT") 2> /dev/null; then GCS=1; break; fi
    kill -0 "$GCS_PID" 2> /dev/null || break
    sleep 0.2
  done
fi
[ "$GCS" = 1 ] || echo "train-aot: the GCS test server did not start (no target/test-classes?); no GCS in the training" >&2

mkdir -p "$WORK/files"
head -c $((48 << 20)) /dev/urandom > "$WORK/big.bin"
# What every cache learns: the CLI itself, file:// folders and the engine on them.
file_session() {
  echo "gen '$WORK/files/small/' --count 400 --size 64KiB"
  echo "ls '$WORK/files/small/'"
  echo "stat '$WORK/big.bin'"
  echo "get '$WORK/big.bin' '$WORK/copy.bin' -q"
  echo "bench range '$WORK/big.bin' --repeats 3"
  echo "bench loader '$WORK/files/small/' --pool 16"
  echo "bench loader '$WORK/files/small/' --ordered --json"
}
# What a user does on one object store, and what bench/compare.sh times there.
store_session() {
  local store="$1"
  echo "mb $store"
  echo "put '$WORK/big.bin' $store/big.bin"
  echo "gen $store/small/ --count 400 --size 64KiB"
  echo "ls ${store%/train}/"
  echo "ls $store/"
  echo "ls -r $store/small/"
  echo "stat $store/big.bin"
  echo "get $store/small/obj-000001.bin '$WORK/one.bin' -q"
  echo "get $store/big.bin '$WORK/big2.bin' -q --chunk-size 8MiB"
  echo "bench range $store/big.bin -c 16 --chunk-size 8MiB --repeats 3"
  echo "bench range $store/big.bin --repeats 2 --json"
  echo "bench range $store/big.bin --single-request --json"
  echo "bench loader $store/small/ --pool 16"
  echo "bench loader $store/small/ --ordered --pool 16 --json"
  echo "bench put $store/up/ -n 1 --size 32MiB --part-size 8MiB --parts-in-flight 16 -c 1 --json"
  echo "bench put $store/up/ -n 200 --size 64KiB -c 16 --json"
  echo "stat $store/missing.bin"   # fails on purpose: the error path is trained too
}

# Retraining an image that has caches already: drop them and the options that use them first.
DIR=$(dirname "$CFG")
rm -f "$DIR"/rangefinder*.aot
grep -v -e '^java-options=-XX:AOTCache=' -e '^java-options=-Xlog:disable$' -e '^java-options=-Xlog:all=warning:stderr$' \
  "$CFG" > "$WORK/cfg.orig" || true
restore() { cp "$WORK/cfg.orig" "$CFG"; }
trap 'restore; cleanup' EXIT
start=$(date +%s)
# train NAME STORE_URI|-: one training JVM (`rangefinder batch`) writes DIR/NAME.
train() {
  local name="$1" store="$2" failed expected=0
  { file_session; [ "$store" = - ] || { store_session "$store"; expected=1; }; } > "$WORK/$name.txt"
  cp "$WORK/cfg.orig" "$CFG"
  echo "java-options=-XX:AOTCacheOutput=\$APPDIR/$name" >> "$CFG"   # $APPDIR: the launcher expands it
  env AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential AWS_REGION=us-east-1 \
    AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AZURE_STORAGE_CONNECTION_STRING="$(_azurite_connection_string "$AZ_PORT")" \
    STORAGE_EMULATOR_HOST="http://127.0.0.1:$GCS_PORT" \
    "$LAUNCHER" batch --keep-going "$WORK/$name.txt" > "$WORK/$name.out" 2>&1 || true
  restore
  failed=$(grep -c '^error:' "$WORK/$name.out" || true)
  if [ "$failed" -gt "$expected" ]; then
    echo "train-aot: $name: $failed training commands failed (expected $expected); the cache covers less:" >&2
    grep '^error:' "$WORK/$name.out" | head -5 >&2
  fi
  if [ ! -s "$DIR/$name" ]; then
    echo "train-aot: $name: no cache was written" >&2
    tail -20 "$WORK/$name.out" >&2
    return 1
  fi
  echo "train-aot: $name $(du -m "$DIR/$name" | cut -f1) MB from $(grep -c . "$WORK/$name.txt") commands"
}
# One cache per store family, not one for all: the JVM loads and links every class of its cache at
# start, so a cache holding all three SDKs (10,600 classes) made `--version` 0.37 -> 0.54 s and an
# S3 stat 0.47 -> 0.57 s, while an Azure stat went 1.5 -> 1.1 s. The default cache holds S3 (or only
# the CLI and file:// if S3Proxy did not start); bin/rangefinder on Linux (installer/linux/launcher.sh)
# picks rangefinder-az.aot or rangefinder-gs.aot when the command names an az:// or gs:// location.
# The native launchers of macOS and Windows always use the default.
if [ "$S3" = 1 ]; then train rangefinder.aot s3://train; else train rangefinder.aot -; fi || exit 1
# Only a launcher script (Linux) can choose; jpackage's native launchers would never read these.
if head -c 2 "$LAUNCHER" | grep -q '^#!'; then
  [ "$AZ" = 0 ] || train rangefinder-az.aot az://devstoreaccount1/train || true
  [ "$GCS" = 0 ] || train rangefinder-gs.aot gs://train || true
fi
trap cleanup EXIT
# JVM messages (a cache that cannot be mapped, say) go to stderr, never into a command's stdout.
# shellcheck disable=SC2016
printf '%s\n' 'java-options=-XX:AOTCache=$APPDIR/rangefinder.aot' 'java-options=-Xlog:disable' \
  'java-options=-Xlog:all=warning:stderr' >> "$CFG"
echo "train-aot: $(( $(date +%s) - start )) s of training; S3 $([ "$S3" = 1 ] && echo yes || echo no), Azure $([ "$AZ" = 1 ] && echo yes || echo no), GCS $([ "$GCS" = 1 ] && echo yes || echo no)"
