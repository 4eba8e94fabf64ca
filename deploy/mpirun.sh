#!/usr/bin/env bash
# One benchmark on many machines under Open MPI (or MPICH's mpiexec with MPIRUN=mpiexec), then the
# merge of their results:
#
#   deploy/mpirun.sh -np 16 --hostfile hosts -- bench put s3://bucket/bench/ -n 1000 --size 1MiB \
#       --results s3://bucket/rangefinder-results/put-1/
#
# Everything before `--` goes to mpirun, everything after to `rangefinder` on every rank. Each
# rank reads its rank and the world size from mpirun's environment; they meet under --results and
# start together. Credentials are passed on from this shell by name (never written anywhere):
# whichever of the variables below are set. RF_LAUNCHER overrides the command each rank runs
# (default: rangefinder, which must be on the PATH of every host).
set -uo pipefail

usage() {
  echo "usage: deploy/mpirun.sh MPIRUN-OPTIONS... -- bench KIND URI [OPTIONS...] --results URI" >&2
  exit 2
}

mpi=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  mpi+=("$1")
  shift
done
[ "${1:-}" = "--" ] || usage
shift
[ "${1:-}" = "bench" ] || usage

results=""
prev=""
for a in "$@"; do
  [ "$prev" = "--results" ] && results="$a"
  prev="$a"
done
if [ -z "$results" ]; then
  echo "deploy/mpirun.sh: add --results URI (a new one for each run): the workers meet there and leave their results" >&2
  exit 2
fi

launcher="${RF_LAUNCHER:-rangefinder}"
mpirun_cmd="${MPIRUN:-mpirun}"
pass=()
for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_PROFILE \
         AZURE_STORAGE_CONNECTION_STRING AZURE_STORAGE_ACCOUNT AZURE_STORAGE_KEY AZURE_STORAGE_SAS_TOKEN \
         GOOGLE_APPLICATION_CREDENTIALS GOOGLE_CLOUD_PROJECT STORAGE_EMULATOR_HOST; do
  if [ -n "${!v:-}" ]; then
    if [ "$mpirun_cmd" = mpiexec ]; then pass+=(-genvlist "$v"); else pass+=(-x "$v"); fi
  fi
done

"$mpirun_cmd" "${mpi[@]}" "${pass[@]}" $launcher "$@"
ran=$?
echo "deploy/mpirun.sh: workers done (exit $ran); merging: $launcher merge $results" >&2
$launcher merge "$results"
merged=$?
exit $(( ran != 0 ? ran : merged ))
