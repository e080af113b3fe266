# tests/tap.sh: TAP helpers for the shell tests, sourced after B is set.
#   t WHAT STATUS    ok when STATUS is 0
#   pass WHAT / fail WHAT
#   note             indent stdin as TAP comments
# $tmp is a fresh folder, removed at exit (a test adding its own EXIT
# trap must remove it too); finish prints the plan.
n=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/errkb-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; }
t() { if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1"; fi; }
note() { sed 's/^/#   /' | cut -c1-240; }
finish() { echo "1..$n"; }
