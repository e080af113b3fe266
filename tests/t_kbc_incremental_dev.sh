#!/bin/sh
# t_kbc_incremental_dev.sh: on the dev root (assembled from ../shared as
# tools/eval does; skipped without it), an incremental build after edits,
# deletions and a rename gives the same kbc export and the same kbq
# answer to every development query as a full build of the same files;
# so do builds with segments in export and in statistics.
B=${B:-build}
KBC=$B/kbc
KBQ=$B/kbq
S=../shared
. tests/tap.sh
. tests/devroot.sh

if ! have_devroot; then
	skip "incremental == full on the dev queries" "no $S/eval, $S/corpus or python3"
	finish
	exit
fi
r=$tmp/root
devroot "$r"
"$KBC" build "$r" -o "$tmp/inc" -q 2>/dev/null
t "the dev root: first build" $?
# The same builds with segments (KBC_SEGMENTS, t_kbc_segments.sh): their
# export and their statistics summed over segments less tombstones
# (tests/seg_sum.c) against the full build's, after each round.
SUM=$B/tests/seg_sum
KBC_SEGMENTS=8 "$KBC" build "$r" -o "$tmp/seg" -q 2>/dev/null
t "the dev root: first build with segments" $?
# seg_same WHAT WANT: the segmented build in $tmp/seg against $tmp/full,
# its manifest naming WANT ("base delta ": a delta was written).
seg_same() {
	KBC_SEGMENTS=8 "$KBC" build "$r" -o "$tmp/seg" -q 2>/dev/null
	"$KBC" export "$tmp/seg" >"$tmp/x.seg"
	cmp -s "$tmp/x.seg" "$tmp/x.full"
	t "$1: export: with segments == full" $?
	k=$(sed -n 's/^\(base\|delta\) .*/\1/p' "$tmp/seg/kb.idx.seg" | tr '\n' ' ')
	"$SUM" "$tmp/full/kb.idx" "$tmp/seg" >"$tmp/sum" 2>&1
	st=$?
	note <"$tmp/sum"
	[ "$k" = "$2" ] && [ $st = 0 ]
	t "$1: segments ($k) less tombstones sum to the full index" $?
}

# Every fifth article edited (a table of a new error appended, so that
# document frequencies and lengths change), every seventh deleted, one
# edit hidden by touch -r, and one folder renamed.
find "$r" -name '*.md' | LC_ALL=C sort >"$tmp/list"
edit_every "$tmp/list" 5 "Upload stops" "Upload stopped (ID: 7123) on the backup vault" "Retry the upload."
delete_every "$tmp/list" 7 3
# One edit hidden by touch -r (same size and mtime; the ctime tells).
h=$(awk 'NR % 5 == 1 && NR % 7 != 3' "$tmp/list" | grep -v -e "^$r/en/" -e ' ' | sed -n 2p)
cp -p "$h" "$tmp/hidden.mtime"
sed 's/a/A/' "$tmp/hidden.mtime" >"$h"
touch -r "$tmp/hidden.mtime" "$h"
[ -d "$r/en" ] && mv "$r/en" "$r/en-renamed"
KBC_PROFILE=1 "$KBC" build "$r" -o "$tmp/inc" 2>"$tmp/e"
grep -q 'compiled' "$tmp/e" && ! grep -q 'up to date' "$tmp/e"
t "the incremental build: $(grep -o '([0-9]* compiled' "$tmp/e" | tr -d '(')" $?
grep -q 'passages. words taken from the previous index' "$tmp/e"
t "the incremental build took the kept articles' words from the previous index" $?
"$KBC" build "$r" -o "$tmp/full" --full -q 2>/dev/null
t "the full build" $?
# The hidden edit was read again: both caches hash its new bytes.
hp=${h#"$r"/}
ha=$(awk -v p="$hp" '$6 == p { print $1 }' "$tmp/inc/.kbc-cache")
hb=$(awk -v p="$hp" '$6 == p { print $1 }' "$tmp/full/.kbc-cache")
[ -n "$ha" ] && [ "$ha" = "$hb" ]
t "the edit hidden by touch -r was read again ($hp)" $?
"$KBC" export "$tmp/inc" >"$tmp/x.inc"
"$KBC" export "$tmp/full" >"$tmp/x.full"
cmp -s "$tmp/x.inc" "$tmp/x.full"
t "export: incremental == full ($(wc -l <"$tmp/x.full") entries)" $?

devqueries "$tmp/q"
nq=$(wc -l <"$tmp/q")

# same_answers INC FULL WHAT: the two indexes hold the same (every record,
# word, posting, code and statistic, strings resolved: tests/idx_dump.py)
# and give the same answer to every dev query.
same_answers() {
	python3 tests/idx_dump.py "$1/kb.idx" >"$tmp/d1" &&
	    python3 tests/idx_dump.py "$2/kb.idx" >"$tmp/d2" && cmp -s "$tmp/d1" "$tmp/d2"
	t "$3: the indexes hold the same ($(wc -l <"$tmp/d2") records, words and codes)" $?
	bad=$(answers_differ "$1/kb.idx" "$2/kb.idx" "$tmp/q")
	t "$3: kbq: incremental == full on all $nq dev queries ($bad differ)" "$bad"
}
same_answers "$tmp/inc" "$tmp/full" "first round"
seg_same "first round" "base delta "

# Both indexes' statistics as a reader of segments would compute them
# (t_idx_stats.c: average lengths from integer sums, masses in word order).
if [ -x "$B/tests/t_idx_stats" ]; then
	"$B/tests/t_idx_stats" "$tmp/inc/kb.idx" "$tmp/full/kb.idx" >"$tmp/st" 2>&1
	st=$?
	grep '^not ok' "$tmp/st" | note
	t "the dev root's statistics follow from sums over parts (incremental, full)" $st
fi

# A second round on the index the first one wrote by reuse.
find "$r" -name '*.md' | LC_ALL=C sort >"$tmp/list2"
edit_every "$tmp/list2" 13 "Vault stops" "Vault sealed (ID: 7124) during the copy" "Unseal the vault."
delete_every "$tmp/list2" 17 5
KBC_PROFILE=1 "$KBC" build "$r" -o "$tmp/inc" 2>"$tmp/e"
grep -q 'passages. words taken from the previous index' "$tmp/e"
t "second round: $(grep -o '([0-9]* compiled' "$tmp/e" | tr -d '('), the rest's words reused" $?
rm -rf "$tmp/full"
"$KBC" build "$r" -o "$tmp/full" --full -q 2>/dev/null
"$KBC" export "$tmp/inc" >"$tmp/x.inc"
"$KBC" export "$tmp/full" >"$tmp/x.full"
cmp -s "$tmp/x.inc" "$tmp/x.full"
t "second round: export: incremental == full ($(wc -l <"$tmp/x.full") entries)" $?
same_answers "$tmp/inc" "$tmp/full" "second round"
# A second delta: the first holds fewer entries than the bound (an
# eighth of the base's, at least 4096: the dev root has about 2,300).
seg_same "second round" "base delta delta "
finish
