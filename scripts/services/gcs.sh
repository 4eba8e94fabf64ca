# The project's GCS JSON-API server (test code, io.rangefinder.testing.GcsTestServer) for trying
# Rangefinder by hand. Sourced by scripts/dev-services.sh; defines:
#   gcs_start DIR PORT   build the test classes if needed, start the server, wait until it answers
#   gcs_stop DIR         stop the server started from DIR
#   gcs_status DIR       say whether it runs (exit 0) or not (exit 1)
# DIR holds gcs.pid (the java process itself), gcs.port, classpath.txt and gcs.log (requests, debug).
# Point clients at it with STORAGE_EMULATOR_HOST=http://127.0.0.1:PORT (no credentials needed).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

gcs__root() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
}

gcs__java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    # shellcheck source=/dev/null
    source "$(gcs__root)/scripts/env.sh" && echo "$JAVA_HOME/bin/java"
  fi
}

gcs__pid() {
  local dir="$1" pid
  [ -f "$dir/gcs.pid" ] || return 1
  pid="$(cat "$dir/gcs.pid")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

gcs__answers() {
  # true once something accepts TCP connections on 127.0.0.1:$1
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

gcs_start() {
  local dir="$1" port="$2" root java pid i
  root="$(gcs__root)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if pid="$(gcs__pid "$dir")"; then
    echo "gcs: already running (pid $pid) on http://127.0.0.1:$(cat "$dir/gcs.port")"
    return 0
  fi
  if gcs__answers "$port"; then
    echo "gcs: port $port is taken by another process; set RF_GCS_PORT to a free one" >&2
    return 1
  fi
  java="$(gcs__java)" || return 1
  echo "gcs: building the test classes and their classpath (first time takes a while)..."
  if ! (cd "$root" && ./mvnw -B -q test-compile dependency:build-classpath \
          -Dmdep.outputFile="$dir/classpath.txt" -Dmdep.includeScope=test >"$dir/build.log" 2>&1); then
    echo "gcs: build failed, see $dir/build.log" >&2
    return 1
  fi
  # Started directly (no subshell), so $! is the java process itself.
  "$java" -cp "$root/target/test-classes:$root/target/classes:$(cat "$dir/classpath.txt")" \
    io.rangefinder.testing.GcsTestServer "$port" "$dir/gcs.log" >>"$dir/gcs.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/gcs.pid"
  echo "$port" >"$dir/gcs.port"
  for i in $(seq 1 100); do
    if gcs__answers "$port"; then
      echo "gcs: running (pid $pid) on http://127.0.0.1:$port; export STORAGE_EMULATOR_HOST=http://127.0.0.1:$port"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "gcs: the server exited at start, see $dir/gcs.log" >&2
      rm -f "$dir/gcs.pid"
      return 1
    fi
    sleep 0.2
  done
  echo "gcs: no answer on port $port after 20 s, see $dir/gcs.log" >&2
  return 1
}

gcs_stop() {
  local dir="$1" pid
  if ! pid="$(gcs__pid "$dir")"; then
    echo "gcs: not running"
    rm -f "$dir/gcs.pid"
    return 0
  fi
  rf_kill_and_wait "$pid"
  rm -f "$dir/gcs.pid"
  echo "gcs: stopped (pid $pid)"
}

gcs_status() {
  local dir="$1" pid
  if pid="$(gcs__pid "$dir")"; then
    echo "gcs: running (pid $pid) on http://127.0.0.1:$(cat "$dir/gcs.port"), log $dir/gcs.log"
    return 0
  fi
  echo "gcs: stopped"
  return 1
}
