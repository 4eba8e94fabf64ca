# Azurite (Azure Blob emulator) as a background server for trying Rangefinder by hand.
# Source this file, then:
#   azurite_start DIR PORT   start on 127.0.0.1:PORT, data and log in DIR (runs 'npm ci' first if needed)
#   azurite_stop DIR         stop the server started with DIR
#   azurite_status DIR       print whether it runs (exit 0) or not (exit 1)
# DIR holds azurite.pid (the node process itself), azurite.port, azurite.log and data/.
# RF_AZURITE_IN_MEMORY=1 keeps blobs in memory instead of DIR/data.
# Connect with the development account: AZURE_STORAGE_CONNECTION_STRING as printed by start.

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

AZURITE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
AZURITE_ACCOUNT=devstoreaccount1
# Azurite's published development key (documented by Microsoft; not a secret).
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

_azurite_pid() {
  local dir="$1" pid
  [ -f "$dir/azurite.pid" ] || return 1
  pid="$(cat "$dir/azurite.pid")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

_azurite_connection_string() {
  echo "DefaultEndpointsProtocol=http;AccountName=$AZURITE_ACCOUNT;AccountKey=$AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$1/$AZURITE_ACCOUNT;"
}

azurite_start() {
  local dir="${1:?usage: azurite_start DIR PORT}" port="${2:?usage: azurite_start DIR PORT}" pid main i
  mkdir -p "$dir" || return 1
  dir="$(cd "$dir" && pwd)"
  if pid="$(_azurite_pid "$dir")"; then
    echo "azurite: already running (pid $pid) on http://127.0.0.1:$(cat "$dir/azurite.port")/$AZURITE_ACCOUNT"
    return 0
  fi
  command -v node >/dev/null || { echo "azurite: 'node' is not on the PATH (install Node.js 20 or newer)" >&2; return 1; }
  main="$AZURITE_ROOT/node_modules/azurite/dist/src/blob/main.js"
  if [ ! -f "$main" ]; then
    echo "azurite: installing from package-lock.json (npm ci)..."
    (cd "$AZURITE_ROOT" && npm ci --no-audit --no-fund >"$dir/npm-ci.log" 2>&1) || {
      echo "azurite: 'npm ci' failed; see $dir/npm-ci.log" >&2
      return 1
    }
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "azurite: port $port on 127.0.0.1 is already in use by another program" >&2
    return 1
  fi
  local persistence=(--location "$dir/data")
  if [ "${RF_AZURITE_IN_MEMORY:-0}" = 1 ]; then
    persistence=(--inMemoryPersistence)
  else
    mkdir -p "$dir/data"
  fi
  # Started directly (no subshell), so $! is the node process itself.
  nohup node "$main" --blobHost 127.0.0.1 --blobPort "$port" "${persistence[@]}" \
    --silent --disableTelemetry --skipApiVersionCheck >>"$dir/azurite.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/azurite.pid"
  echo "$port" >"$dir/azurite.port"
  for i in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "azurite: running (pid $pid) on http://127.0.0.1:$port/$AZURITE_ACCOUNT; log $dir/azurite.log"
      echo "  export AZURE_STORAGE_CONNECTION_STRING='$(_azurite_connection_string "$port")'"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "azurite: exited at start; last lines of $dir/azurite.log:" >&2
      tail -n 5 "$dir/azurite.log" >&2
      rm -f "$dir/azurite.pid"
      return 1
    fi
    sleep 0.1
  done
  echo "azurite: did not listen on port $port within 30 s; stopping it (see $dir/azurite.log)" >&2
  azurite_stop "$dir"
  return 1
}

azurite_stop() {
  local dir="${1:?usage: azurite_stop DIR}" pid
  if ! pid="$(_azurite_pid "$dir")"; then
    echo "azurite: not running"
    rm -f "$dir/azurite.pid"
    return 0
  fi
  rf_kill_and_wait "$pid"
  rm -f "$dir/azurite.pid"
  echo "azurite: stopped (pid $pid)"
}

azurite_status() {
  local dir="${1:?usage: azurite_status DIR}" pid
  if pid="$(_azurite_pid "$dir")"; then
    echo "azurite: running (pid $pid) on http://127.0.0.1:$(cat "$dir/azurite.port" 2>/dev/null)/$AZURITE_ACCOUNT; log $dir/azurite.log"
    return 0
  fi
  echo "azurite: not running"
  return 1
}
