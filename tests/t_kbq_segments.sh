#!/bin/sh
# t_kbq_segments.sh: the merged lookup (README, the docs team's loop;
# kb.idx(5) "Segments").  kbc with KBC_SEGMENTS keeps the index as a base
# and deltas; kbq and libkbq answer from them merged, and every answer
# must be the answer of a full build (--full, no segments) of the same
# files: after an edit, a deletion, a rename and an added article, then
# a second delta over the first.  Compared three ways: the index kbq
# answers from against the full build's, record by record with strings
# resolved (tests/idx_dump.py); `kbq --json` on a query set; and libkbq
# used directly (tests/seg_merged.c, every field of every result, with
# and without translation).  On the test articles with queries of their
# own, and on the dev root (../shared, as tools/eval assembles it; that
# part skipped without it) with every development query.
B=${B:-build}
KBC=$B/kbc
KBQ=$B/kbq
MERGED=$B/tests/seg_merged
S=../shared
. tests/tap.sh
. tests/devroot.sh

if ! command -v python3 >/dev/null 2>&1; then
	skip "the merged lookup" "python3 is needed"
	finish
	exit
fi

segs() { sed -n 's/^\(base\|delta\) .*/\1/p' "$1/kb.idx.seg" | tr '\n' ' '; }

# compare WHAT DOCS SEG QUERIES: the segmented build in SEG against a
# full build of DOCS, on the query file QUERIES (one a line).
compare() {
	rm -rf "$tmp/full"
	KBC_SEGMENTS= "$KBC" build "$2" -o "$tmp/full" --full -q 2>/dev/null
	"$KBQ" --check --index "$3/kb.idx" >"$tmp/chk" 2>&1
	st=$?
	note <"$tmp/chk"
	t "$1: the merged index passes kbq --check" $st
	"$MERGED" dump "$3/kb.idx" "$tmp/merged.idx" &&
	    python3 tests/idx_dump.py "$tmp/merged.idx" >"$tmp/d1" &&
	    python3 tests/idx_dump.py "$tmp/full/kb.idx" >"$tmp/d2" &&
	    cmp -s "$tmp/d1" "$tmp/d2"
	st=$?
	[ $st = 0 ] || diff "$tmp/d1" "$tmp/d2" | head -5 | note
	t "$1: the merged index holds what the full one holds ($(wc -l <"$tmp/d2") records, words and codes)" $st
	nq=$(wc -l <"$4")
	bad=$(answers_differ "$3/kb.idx" "$tmp/full/kb.idx" "$4")
	t "$1: kbq --json: base and deltas == full on all $nq queries ($bad differ)" $bad
	"$MERGED" same "$3/kb.idx" "$tmp/full/kb.idx" <"$4" >"$tmp/lib" 2>"$tmp/libe"
	st=$?
	head -20 "$tmp/libe" | note
	t "$1: libkbq: base and deltas == full, every field ($(cat "$tmp/lib"), twice)" $st
}

# The test articles.
d=$tmp/d
cp -r source-docs "$d"
cp -r tests/data/sections/. "$d/"
export KBC_SEGMENTS=4
"$KBC" build "$d" -o "$tmp/o" -q 2>/dev/null
t "test articles: a build with segments" $?
# Queries: every entry's first message, cause and action, some cut
# short, as pasted; and words of their own (typos, codes, other
# languages, a word no article holds).
"$KBC" export "$tmp/o" | python3 -c 'import json, sys
for l in sys.stdin:
    e = json.loads(l)
    for m in e["messages"][:1]:
        print(m.replace("\n", " ")[:200])
        print(" ".join(m.split()[:4]))
    for f in e["fixes"][:1]:
        for x in (f["causes"][:1] + f["actions"][:1]):
            print(x.replace("\n", " ")[:120])' | LC_ALL=C sort -u >"$tmp/q"
cat >>"$tmp/q" <<'EOF'
Upload stopped (ID: 7123)
Relay refused the tunnel (ID: 7301)
Relay refused the tunel
vault credentails not valid
41102
Zugriff verweigert
åtkomst nekad
backup stalls at 99 percent
the relay halted while syncing
quorum lost
zzyzx-unheard-of
EOF
# An edit (a table of a new error appended), a deletion, a rename and an
# added article: one delta.
gone=$d/en/vault/troubleshoot-vault-restore.md
gonemsg=$("$KBC" export "$tmp/o" | python3 -c 'import json, sys
for l in sys.stdin:
    e = json.loads(l)
    if e["article"] == "en/vault/troubleshoot-vault-restore.md" and e["kind"] == "error":
        print(e["messages"][0]); break')
printf '\n## Upload stops\n\n| Error | Recommended action |\n|---|---|\n| Upload stopped (ID: 7123) | Retry the upload. |\n' \
    >>"$d/en/agent/slow-backups.md"
rm "$gone"
mv "$d/en/console" "$d/en/konsole"
printf '# Relay faults\n\n| Error | Recommended action |\n|---|---|\n| Relay refused the tunnel (ID: 7301) | Restart the relay. |\n' \
    >"$d/en/agent/relay-faults.md"
"$KBC" build "$d" -o "$tmp/o" -q 2>/dev/null
t "test articles: the build after an edit, a deletion, a rename and an addition" $?
[ "$(segs "$tmp/o")" = "base delta " ]
t "test articles: a base and a delta ($(segs "$tmp/o"))" $?
compare "test articles, one delta" "$d" "$tmp/o" "$tmp/q"
# The deleted article and the renamed folder's old paths are never
# answered, though the base still holds them.
"$KBQ" --index "$tmp/o/kb.idx" --json -- "$gonemsg" >"$tmp/a" 2>&1
! grep -q -e 'troubleshoot-vault-restore' -e '"en/console/' "$tmp/a" && [ -n "$gonemsg" ]
t "test articles: the deleted article is not answered (\"$gonemsg\")" $?
"$KBQ" --index "$tmp/o/kb.idx" --json -- 'Upload stopped (ID: 7123)' >"$tmp/a" 2>&1
grep -q '"en/agent/slow-backups.md"' "$tmp/a"
t "test articles: the edit is answered" $?

# A second delta over the first: the edited article edited again (its
# base and first-delta versions both gone), the added one deleted.
printf '\n## Upload halts\n\n| Error | Recommended action |\n|---|---|\n| Upload halted (ID: 7124) | Retry the upload. |\n' \
    >>"$d/en/agent/slow-backups.md"
rm "$d/en/agent/relay-faults.md"
"$KBC" build "$d" -o "$tmp/o" -q 2>/dev/null
[ "$(segs "$tmp/o")" = "base delta delta " ]
t "test articles: a second delta ($(segs "$tmp/o"))" $?
compare "test articles, two deltas" "$d" "$tmp/o" "$tmp/q"
"$KBQ" --index "$tmp/o/kb.idx" --json -- 'Relay refused the tunnel (ID: 7301)' >"$tmp/a" 2>&1
! grep -q 'relay-faults' "$tmp/a"
t "test articles: an article added in one delta and deleted in the next is not answered" $?
unset KBC_SEGMENTS

# The dev root, with every development query.
if ! have_devroot; then
	skip "the merged lookup on the dev root" "no $S/eval or $S/corpus"
	finish
	exit
fi
r=$tmp/root
devroot "$r"
devqueries "$tmp/qd"
KBC_SEGMENTS=8 "$KBC" build "$r" -o "$tmp/seg" -q 2>/dev/null
t "the dev root: a build with segments" $?
# Every ninth article edited, every eleventh deleted, a folder renamed,
# an article added.
find "$r" -name '*.md' | LC_ALL=C sort >"$tmp/list"
edit_every "$tmp/list" 9 "Upload stops" "Upload stopped (ID: 7123) on the backup vault" "Retry the upload."
delete_every "$tmp/list" 11 4
[ -d "$r/en" ] && mv "$r/en" "$r/en-renamed"
printf '# Relay faults\n\n| Error | Recommended action |\n|---|---|\n| Relay refused the tunnel (ID: 7301) | Restart the relay. |\n' \
    >"$r/relay-faults.md"
KBC_SEGMENTS=8 "$KBC" build "$r" -o "$tmp/seg" -q 2>/dev/null
[ "$(segs "$tmp/seg")" = "base delta " ]
t "the dev root: a base and a delta ($(segs "$tmp/seg"))" $?
compare "the dev root, one delta" "$r" "$tmp/seg" "$tmp/qd"
# A second delta: more edits and deletions.
find "$r" -name '*.md' | LC_ALL=C sort >"$tmp/list2"
edit_every "$tmp/list2" 13 "Vault stops" "Vault sealed (ID: 7124) during the copy" "Unseal the vault."
delete_every "$tmp/list2" 17 5
KBC_SEGMENTS=8 "$KBC" build "$r" -o "$tmp/seg" -q 2>/dev/null
[ "$(segs "$tmp/seg")" = "base delta delta " ]
t "the dev root: a second delta ($(segs "$tmp/seg"))" $?
compare "the dev root, two deltas" "$r" "$tmp/seg" "$tmp/qd"
finish
