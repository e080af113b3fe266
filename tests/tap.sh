# tests/tap.sh: TAP helpers for the shell tests, sourced from the top
# folder (tests/run runs them there) after B is set.
#   t WHAT STATUS        ok when STATUS is 0
#   t_cmd WHAT CMD...    ok when CMD succeeds
#   pass WHAT / fail WHAT / skip WHAT WHY
#   note                 indent stdin as TAP comments
#   finish               print the plan; fails when a test failed
#   sql DB QUERY         the rows of a read-only query, one a line,
#                        '|'-joined (needs python3)
#   kb_or_bail DOCS      kbc build DOCS into $tmp/out, or fail and exit
#   answers_differ A B Q how many queries of file Q (one a line) kbq
#                        answers differently from index A and index B;
#                        each such query is noted
# $tmp is a fresh folder, removed at exit, also on a signal (a test
# adding its own EXIT trap must remove it too).
n=0 nfail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/errkb-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM HUP
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); nfail=$((nfail + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
t() { if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1"; fi; }
t_cmd() { d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
note() { sed 's/^/#   /' | cut -c1-240; }
finish() { echo "1..$n"; [ "$nfail" -eq 0 ]; }
sql() {
	python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for r in db.execute(sys.argv[2]): print("|".join(str(c) for c in r))' "$1" "$2"
}
kb_or_bail() {
	if ! "$B/kbc" build "$1" -o "$tmp/out" >"$tmp/log" 2>&1; then
		fail "kbc build $1"
		note <"$tmp/log"
		finish
		exit 1
	fi
}
answers_differ() {
	_bad=0
	while IFS= read -r _q; do
		_a=$("$B/kbq" --index "$1" --json -- "$_q" 2>&1)
		_b=$("$B/kbq" --index "$2" --json -- "$_q" 2>&1)
		[ "$_a" = "$_b" ] || { _bad=$((_bad + 1)); echo "$_q" | note >&2; }
	done <"$3"
	echo "$_bad"
}
