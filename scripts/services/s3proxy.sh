# S3Proxy 4.1.0 as a local S3 server for demos and manual runs. Source this file, then:
#
#   s3proxy_start DIR PORT   start on 127.0.0.1:PORT; objects, pid and log under DIR
#   s3proxy_status DIR       print whether it runs (exit 0 if it does)
#   s3proxy_stop DIR         stop it
#
# The server is the jar-with-dependencies that S3Proxy publishes on Maven Central, fetched once
# with the Maven wrapper into target/servers/ (nothing else is downloaded). Settings, all optional:
#   S3PROXY_PROVIDER    transient (default; in memory) or filesystem (objects kept in DIR/data)
#   S3PROXY_IDENTITY    access key id (default local-identity)
#   S3PROXY_CREDENTIAL  secret key    (default local-credential)
# Use it with: --endpoint-url http://127.0.0.1:PORT, path-style, region us-east-1 and those keys.
# Tests do not need this: they run S3Proxy inside the test JVM (io.rangefinder.testing.S3ProxyServer).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

S3PROXY_VERSION=4.1.0
S3PROXY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

s3proxy__java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

# Prints the path of the S3Proxy jar, fetching it from Maven Central through the wrapper if needed.
s3proxy__jar() {
  local dir="$S3PROXY_ROOT/target/servers"
  local jar="$dir/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
  if [ ! -s "$jar" ]; then
    mkdir -p "$dir"
    (cd "$S3PROXY_ROOT" && ./mvnw -q -B dependency:copy \
        -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
        -DoutputDirectory="$dir") >&2 || { echo "s3proxy: could not fetch the S3Proxy jar with ./mvnw" >&2; return 1; }
  fi
  echo "$jar"
}

# The pid in DIR/s3proxy.pid if that process is alive and is S3Proxy (not a reused pid).
s3proxy__pid() {
  local dir="$1" pid
  [ -f "$dir/s3proxy.pid" ] || return 1
  pid="$(cat "$dir/s3proxy.pid")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q s3proxy; then
    return 1
  fi
  echo "$pid"
}

s3proxy__answers() {
  local port="$1"
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

s3proxy_start() {
  local dir="${1:?usage: s3proxy_start DIR PORT}" port="${2:?usage: s3proxy_start DIR PORT}"
  local provider="${S3PROXY_PROVIDER:-transient}"
  local identity="${S3PROXY_IDENTITY:-local-identity}" credential="${S3PROXY_CREDENTIAL:-local-credential}"
  local jar pid i
  mkdir -p "$dir" || return 1
  dir="$(cd "$dir" && pwd)"
  if pid="$(s3proxy__pid "$dir")"; then
    echo "s3proxy: already running (pid $pid) for $dir"
    return 0
  fi
  case "$provider" in
    filesystem|transient) ;;
    *) echo "s3proxy: S3PROXY_PROVIDER must be filesystem or transient, not '$provider'" >&2; return 1 ;;
  esac
  jar="$(s3proxy__jar)" || return 1
  mkdir -p "$dir/data"
  cat >"$dir/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$identity
s3proxy.credential=$credential
s3proxy.ignore-unknown-headers=true
jclouds.provider=$provider
jclouds.identity=$identity
jclouds.credential=$credential
jclouds.filesystem.basedir=$dir/data
EOF
  # Record the java process itself: started directly in the background, $! is the server's pid.
  "$(s3proxy__java)" -jar "$jar" --properties "$dir/s3proxy.properties" >>"$dir/s3proxy.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/s3proxy.pid"
  for i in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "s3proxy: exited during start; last lines of $dir/s3proxy.log:" >&2
      tail -n 20 "$dir/s3proxy.log" >&2
      rm -f "$dir/s3proxy.pid"
      return 1
    fi
    if s3proxy__answers "$port"; then
      echo "s3proxy: running (pid $pid) at http://127.0.0.1:$port, $provider provider, keys $identity / $credential"
      return 0
    fi
    sleep 0.2
  done
  echo "s3proxy: no answer on port $port after 30 s; see $dir/s3proxy.log" >&2
  return 1
}

s3proxy_status() {
  local dir="${1:?usage: s3proxy_status DIR}" pid
  if pid="$(s3proxy__pid "$dir")"; then
    echo "s3proxy: running (pid $pid); $(sed -n 's/^s3proxy.endpoint=//p' "$dir/s3proxy.properties" 2>/dev/null)"
    return 0
  fi
  echo "s3proxy: not running for $dir"
  return 1
}

s3proxy_stop() {
  local dir="${1:?usage: s3proxy_stop DIR}" pid
  if ! pid="$(s3proxy__pid "$dir")"; then
    echo "s3proxy: not running for $dir"
    rm -f "$dir/s3proxy.pid"
    return 0
  fi
  rf_kill_and_wait "$pid"
  rm -f "$dir/s3proxy.pid"
  echo "s3proxy: stopped (pid $pid)"
}
