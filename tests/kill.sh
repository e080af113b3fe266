# tests/kill.sh: what the tests that SIGKILL builds share (sourced after
# tests/tap.sh; KBC names the kbc to run).

now_ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }
# A delay in seconds, uniformly between $1% and $2% of $3 milliseconds
# ($4 varies the seed from one kill to the next).
delay() { awk -v lo="$1" -v hi="$2" -v t="$3" -v s="$$$4" \
    'BEGIN { srand(s); printf "%.3f\n", t * (lo + rand() * (hi - lo)) / 100000 }'; }
# killed_build SECONDS ARGS...: "$KBC build ARGS -q", sent SIGKILL after
# SECONDS; returns the build's exit status (0 when it finished first).
# Meanwhile pid names it, for the tests' EXIT traps.
killed_build() {
	_after=$1
	shift
	"$KBC" build "$@" -q 2>/dev/null &
	pid=$!
	sleep "$_after"
	kill -9 $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	_st=$?
	pid=
	return $_st
}
