# Shared by the service scripts in this folder (source it, don't run it).

# rf_kill_and_wait PID: asks the process to stop, waits up to 10 s, then kills it.
rf_kill_and_wait() {
  local pid="$1" i
  kill "$pid" 2>/dev/null
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}
