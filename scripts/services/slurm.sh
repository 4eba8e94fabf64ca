# A one-node Slurm cluster on this machine (slurmctld + slurmd on loopback, with munge), for the
# cluster tests and for trying multi-worker runs by hand. Source this file, then:
#
#   slurm_start DIR    write DIR/slurm.conf, start munged, slurmctld and slurmd; wait until the node is idle
#   slurm_status DIR   print whether it runs (exit 0 if it does)
#   slurm_stop DIR     stop the daemons it started
#
# It never touches /etc/slurm: the daemons and every client (srun, sbatch, sinfo) read DIR/slurm.conf
# through SLURM_CONF, which slurm_start exports (use `export SLURM_CONF=DIR/slurm.conf` in other shells).
# Needs slurm-wlm and munge (Debian: apt-get install slurm-wlm munge); installs them when run as root.
# The node offers 16 CPUs whatever the machine has (SlurmdParameters=config_overrides), so 4+ tasks fit on 2 cores.

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

slurm__install() {
  if command -v slurmctld > /dev/null 2>&1 && command -v slurmd > /dev/null 2>&1 && command -v srun > /dev/null 2>&1 \
      && command -v munged > /dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "slurm: slurmctld, slurmd, srun or munged is missing; install them: sudo apt-get install slurm-wlm munge" >&2
    return 1
  fi
  echo "slurm: installing slurm-wlm and munge from Debian" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge) > /dev/null \
    || { echo "slurm: apt-get install slurm-wlm munge failed" >&2; return 1; }
}

slurm__munge() {
  if pgrep -x munged > /dev/null 2>&1; then
    return 0
  fi
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    if command -v mungekey > /dev/null 2>&1; then
      mungekey --create --keyfile=/etc/munge/munge.key 2> /dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2> /dev/null
    else
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2> /dev/null
    fi
  fi
  chown munge:munge /etc/munge/munge.key 2> /dev/null || true
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge 2> /dev/null || true
  if id munge > /dev/null 2>&1; then
    su -s /bin/sh munge -c munged 2> /dev/null || munged --force
  else
    munged --force
  fi
  local i
  for i in $(seq 1 50); do
    munge -n > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "slurm: munged did not start" >&2
  return 1
}

slurm_start() {
  local dir="${1:?slurm_start DIR}"
  slurm__install || return 1
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  dir="$(cd "$dir" && pwd)"
  local host
  host="$(hostname -s)"
  cat > "$dir/slurm.conf" <<CONF
ClusterName=rangefinder
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
KillWait=5
MinJobAge=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=16 Sockets=1 CoresPerSocket=16 ThreadsPerCore=1 RealMemory=1024 State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
  : > "$dir/cgroup.conf"
  export SLURM_CONF="$dir/slurm.conf"
  slurm__munge || return 1
  if ! slurm_status "$dir" > /dev/null 2>&1; then
    slurmctld -f "$dir/slurm.conf" || { echo "slurm: slurmctld did not start; see $dir/log/slurmctld.log" >&2; return 1; }
    slurmd -f "$dir/slurm.conf" || { echo "slurm: slurmd did not start; see $dir/log/slurmd.log" >&2; return 1; }
  fi
  local i state
  for i in $(seq 1 150); do
    state="$(sinfo -h -N -o '%t' 2> /dev/null | head -n1)"
    case "$state" in
      idle*|mix*|alloc*) echo "slurm: node $host is $state (SLURM_CONF=$dir/slurm.conf)" >&2; return 0 ;;
      down*|drain*) scontrol update NodeName="$host" State=RESUME > /dev/null 2>&1 || true ;;
    esac
    sleep 0.2
  done
  echo "slurm: the node did not become idle within 30 s (state '$state'); see $dir/log/" >&2
  return 1
}

slurm_status() {
  local dir="${1:?slurm_status DIR}"
  local pid
  for f in slurmctld slurmd; do
    pid="$(cat "$dir/$f.pid" 2> /dev/null || true)"
    if [ -z "$pid" ] || ! kill -0 "$pid" 2> /dev/null; then
      echo "slurm: $f is not running"
      return 1
    fi
  done
  echo "slurm: running (SLURM_CONF=$dir/slurm.conf)"
}

slurm_stop() {
  local dir="${1:?slurm_stop DIR}"
  local pid
  for f in slurmd slurmctld; do
    pid="$(cat "$dir/$f.pid" 2> /dev/null || true)"
    if [ -n "$pid" ]; then
      rf_kill_and_wait "$pid"
    fi
    rm -f "$dir/$f.pid"
  done
}
