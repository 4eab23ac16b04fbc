# Shared by scripts/bench.sh and scripts/bench-fleet.sh (sourced).
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_of CMD... : seconds of one run (output discarded)
time_of() { local t0 t1; t0=$(now); "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; }; t1=$(now); echo "$t1 - $t0" | bc -l; }
