#!/usr/bin/env bash
# Starts, stops or reports the local servers for trying Rangefinder by hand, on 127.0.0.1:
#   S3     S3Proxy (in memory)          port ${RF_S3_PORT:-9090}
#   Azure  Azurite (blob)               port ${RF_AZURE_PORT:-10000}
#   GCS    the project's JSON-API server port ${RF_GCS_PORT:-4443}
# Usage: scripts/dev-services.sh start|stop|status [s3|azure|gcs ...]
# State and logs live in target/dev-services/ (override with RF_SERVICES_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
ROOT="$(pwd)"
DIR="${RF_SERVICES_DIR:-$ROOT/target/dev-services}"
mkdir -p "$DIR"
action="${1:-status}"
shift || true
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(s3 azure gcs)

declare -A SCRIPT=([s3]=s3proxy [azure]=azurite [gcs]=gcs)
declare -A PORT=([s3]="${RF_S3_PORT:-9090}" [azure]="${RF_AZURE_PORT:-10000}" [gcs]="${RF_GCS_PORT:-4443}")

for svc in "${wanted[@]}"; do
  name="${SCRIPT[$svc]:-}"
  if [ -z "$name" ]; then
    echo "unknown service '$svc' (use s3, azure or gcs)" >&2
    exit 2
  fi
  file="scripts/services/$name.sh"
  if [ ! -f "$file" ]; then
    echo "$svc: not available in this build ($file is missing)" >&2
    continue
  fi
  # shellcheck source=/dev/null
  source "$file"
  case "$action" in
    start) "${name}_start" "$DIR/$name" "${PORT[$svc]}" ;;
    stop) "${name}_stop" "$DIR/$name" ;;
    status) "${name}_status" "$DIR/$name" || true ;;
    *) echo "usage: $0 start|stop|status [s3|azure|gcs ...]" >&2; exit 2 ;;
  esac
done
