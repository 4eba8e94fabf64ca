#!/usr/bin/env bash
# Gives the CLI launcher of an app image an AOT cache (JDK 25, JEP 483/514/515): the classes it
# loads and links, and the method profiles of a real workload, read from one mapped file at start.
# Measured on 2 cores: `rangefinder stat s3://...` 2.2 s -> 1.1 s wall, CPU 1.9 s -> 0.95 s.
# The training run is one JVM (`rangefinder batch`) doing what users do: S3 against a local S3Proxy
# (started here, fetched from Maven Central by scripts/services/s3proxy.sh; skipped if it cannot
# start) and file:// folders, so the cache holds the S3 SDK, the engine, the loaders and the CLI.
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
cleanup() { s3proxy_stop "$WORK/s3proxy" > /dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

PORT="${RF_TRAIN_PORT:-19595}"
while (echo > "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; do PORT=$((PORT + 1)); done
S3=1
S3PROXY_PROVIDER=transient s3proxy_start "$WORK/s3proxy" "$PORT" > "$WORK/s3proxy.out" 2>&1 || S3=0
[ "$S3" = 1 ] || echo "train-aot: S3Proxy did not start; training on file:// only" >&2

mkdir -p "$WORK/files"
head -c $((48 << 20)) /dev/urandom > "$WORK/big.bin"
{
  echo "gen '$WORK/files/small/' --count 400 --size 64KiB"
  echo "ls '$WORK/files/small/'"
  echo "stat '$WORK/big.bin'"
  echo "get '$WORK/big.bin' '$WORK/copy.bin' -q"
  echo "bench range '$WORK/big.bin' --repeats 3"
  echo "bench loader '$WORK/files/small/' --pool 16"
  echo "bench loader '$WORK/files/small/' --ordered --json"
  if [ "$S3" = 1 ]; then
    echo "mb s3://train"
    echo "put '$WORK/big.bin' s3://train/big.bin"
    echo "gen s3://train/small/ --count 400 --size 64KiB"
    echo "ls s3://"
    echo "ls s3://train/"
    echo "ls -r s3://train/small/"
    echo "stat s3://train/big.bin"
    echo "get s3://train/small/obj-000001.bin '$WORK/one.bin' -q"
    echo "get s3://train/big.bin '$WORK/big2.bin' -q --chunk-size 8MiB"
    echo "bench range s3://train/big.bin -c 16 --chunk-size 8MiB --repeats 3"
    echo "bench range s3://train/big.bin --single-request --json"
    echo "bench loader s3://train/small/ --pool 16"
    echo "bench loader s3://train/small/ --ordered --pool 16 --json"
    echo "stat s3://train/missing.bin"
  fi
} > "$WORK/train.txt"

# Retraining an image that has a cache already: drop the old cache and the options that use it first.
AOT=$(dirname "$CFG")/rangefinder.aot
rm -f "$AOT"
grep -v -e '^java-options=-XX:AOTCache=' -e '^java-options=-Xlog:disable$' -e '^java-options=-Xlog:all=warning:stderr$' \
  "$CFG" > "$WORK/cfg.orig" || true
cp "$WORK/cfg.orig" "$CFG"
restore() { cp "$WORK/cfg.orig" "$CFG"; }
# shellcheck disable=SC2016  # $APPDIR is the launcher's own variable, expanded by the launcher
echo 'java-options=-XX:AOTCacheOutput=$APPDIR/rangefinder.aot' >> "$CFG"
start=$(date +%s)
if ! env AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential AWS_REGION=us-east-1 \
    AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" \
    "$LAUNCHER" batch --keep-going "$WORK/train.txt" > "$WORK/train.out" 2>&1; then
  # `stat missing.bin` fails on purpose (the error path is trained too); anything else is reported below
  :
fi
restore
failed=$(grep -c '^error:' "$WORK/train.out" || true)
if [ "$failed" -gt "$S3" ]; then
  echo "train-aot: $failed training commands failed (expected $S3); the cache covers less:" >&2
  grep '^error:' "$WORK/train.out" | head -5 >&2
fi
if [ ! -s "$AOT" ]; then
  echo "train-aot: no cache was written; the launcher keeps starting without one" >&2
  tail -20 "$WORK/train.out" >&2
  exit 1
fi
# JVM messages (a cache that cannot be mapped, say) go to stderr, never into a command's stdout.
# shellcheck disable=SC2016
printf '%s\n' 'java-options=-XX:AOTCache=$APPDIR/rangefinder.aot' 'java-options=-Xlog:disable' \
  'java-options=-Xlog:all=warning:stderr' >> "$CFG"
echo "train-aot: $(du -m "$AOT" | cut -f1) MB cache from a $(( $(date +%s) - start )) s training run ($(grep -c . "$WORK/train.txt") commands, S3: $([ "$S3" = 1 ] && echo yes || echo no))"
