#!/bin/sh
# t_kbc_incremental.sh: an incremental build equals a full one (kbc export,
# kbq's answers) after edits, deletions and renames; an edit hidden by
# touch -r is seen; a new build key (another kbc, vocabulary or --locale)
# compiles every article again.  README says which files are byte-identical.
B=${B:-build}
KBC=$B/kbc
KBQ=$B/kbq
. tests/tap.sh

cp -r source-docs "$tmp/d"
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null

# same WHAT: the incremental build in $tmp/o against a full one.
same() {
	rm -rf "$tmp/full"
	"$KBC" build "$tmp/d" -o "$tmp/full" --full -q 2>/dev/null
	"$KBC" export "$tmp/o" >"$tmp/x.inc"
	"$KBC" export "$tmp/full" >"$tmp/x.full"
	cmp -s "$tmp/x.inc" "$tmp/x.full"
	t "$1: export equals a full build's" $?
	# Every table as many rows as a full build's (nothing a dropped
	# article had is left behind), and no row pointing at nothing.
	python3 -c 'import sqlite3, sys
def counts(p):
    db = sqlite3.connect(p)
    ts = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE ?", ("table", "fts_%"))]
    return [(t, db.execute("SELECT count(*) FROM \"%s\"" % t).fetchone()[0]) for t in ts if t != "generation"], db.execute("PRAGMA foreign_key_check").fetchall()
a, fa = counts(sys.argv[1]); b, fb = counts(sys.argv[2])
sys.exit(0 if a == b and not fa and not fb else 1)' "$tmp/o/kb.sqlite" "$tmp/full/kb.sqlite"
	t "$1: the same rows in every table, foreign keys hold" $?
	# Every message of the KB, asked of both indexes.
	python3 -c 'import json, sys
qs = [json.loads(l)["messages"][:1] for l in open(sys.argv[1])]
print("\n".join([m[0].replace("\n", " ") for m in qs if m][:40]))' "$tmp/x.full" >"$tmp/q"
	bad=$(answers_differ "$tmp/o/kb.idx" "$tmp/full/kb.idx" "$tmp/q")
	t "$1: kbq answers the same ($(wc -l <"$tmp/q") queries, $bad differ)" "$bad"
}

# The generation of a KB (its table generation) and of an index (u32 at
# byte 60 of its header, kb.idx(5)).
kbgen() { sql "$1/kb.sqlite" 'SELECT n FROM generation'; }
idxgen() { python3 -c 'import struct, sys
print(struct.unpack_from("<I", open(sys.argv[1], "rb").read(64), 60)[0])' "$1/kb.idx"; }
ino() { ls -i "$1" | awk '{ print $1 }'; }
g0=$(kbgen "$tmp/o")
[ "$g0" = 1 ] && [ "$(idxgen "$tmp/o")" = 1 ]
t "a first build is generation 1, in the KB and in the index" $?
ino0=$(ino "$tmp/o/kb.sqlite")

# Edits, a deletion, a rename.
printf '\n## Upload stops\n\n| Error | Recommended action |\n|---|---|\n| Upload stopped (ID: 7123) | Retry. |\n' \
    >>"$tmp/d/en/agent/slow-backups.md"
rm "$tmp/d/en/vault/troubleshoot-vault-restore.md"
mv "$tmp/d/en/console" "$tmp/d/en/konsole"
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
grep -q '(3 compiled' "$tmp/e"
t "edit, delete, rename: only the edited and renamed articles compiled" $?
same "edit, delete, rename"
[ "$(ino "$tmp/o/kb.sqlite")" = "$ino0" ] && [ ! -e "$tmp/o/kb.sqlite-journal" ]
t "the KB is updated in place (same inode), its journal gone once committed" $?
[ "$(kbgen "$tmp/o")" = 2 ] && [ "$(idxgen "$tmp/o")" = 2 ]
t "the incremental build is generation 2, in the KB and in the index" $?

# The files themselves: byte-identical from full builds only (README).
"$KBC" build "$tmp/d" -o "$tmp/full2" --full -q 2>/dev/null
cmp -s "$tmp/full/kb.sqlite" "$tmp/full2/kb.sqlite" && cmp -s "$tmp/full/kb.idx" "$tmp/full2/kb.idx"
t "two full builds: byte-identical kb.sqlite and kb.idx" $?
grep -q 'not byte-identical to a full build' README.md
t "README says an incremental kb.sqlite and kb.idx are not byte-identical" $?

# An edit that keeps size and mtime: touch -r, as cp -p and rsync -a do.
f=$tmp/d/en/agent/slow-backups.md
cp -p "$f" "$tmp/ref"
sed 's/Upload stopped (ID: 7123)/Upload stalled (ID: 7123)/' "$f" >"$tmp/new"
[ "$(wc -c <"$tmp/new")" = "$(wc -c <"$f")" ]
t "the hidden edit keeps the size" $?
cat "$tmp/new" >"$f"
touch -r "$tmp/ref" "$f"
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
grep -q '(1 compiled' "$tmp/e" && "$KBC" export "$tmp/o" | grep -q 'Upload stalled'
t "an edit hidden by touch -r is compiled" $?
same "hidden edit"

# A new build key: another --locale, another kbc (a cache written with
# another key), compiles everything.
na=$(find "$tmp/d" -name '*.md' | wc -l | tr -d ' ')
"$KBC" build "$tmp/d" -o "$tmp/o" --locale sv 2>"$tmp/e"
grep -q "($na compiled" "$tmp/e"
t "another --locale: all $na articles compiled again" $?
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
grep -q "($na compiled" "$tmp/e"
t "back to the default locale: all compiled again" $?
same "locale change"
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
grep -q 'up to date' "$tmp/e"
t "then up to date" $?
sed -E '1s/^kbc-cache ([34]) [0-9a-f]*/kbc-cache \1 0123456789abcdef0123456789abcdef/' "$tmp/o/.kbc-cache" >"$tmp/c"
cat "$tmp/c" >"$tmp/o/.kbc-cache"
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
grep -q "($na compiled" "$tmp/e"
t "a cache of another kbc or vocabulary: all compiled again" $?
same "new build key"

# A vocabulary of other words (--vocab), then the built-in one again.
cp compiler/vocab.tsv "$tmp/vocab.tsv"
printf 'error\ten\tmishap\n' >>"$tmp/vocab.tsv"
"$KBC" build "$tmp/d" -o "$tmp/o" --vocab "$tmp/vocab.tsv" 2>"$tmp/e"
grep -q "($na compiled" "$tmp/e"
t "another vocabulary (--vocab): all $na articles compiled again" $?
"$KBC" build "$tmp/d" -o "$tmp/o" --vocab "$tmp/vocab.tsv" 2>"$tmp/e"
grep -q 'up to date' "$tmp/e"
t "the same vocabulary again: up to date" $?
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
grep -q "($na compiled" "$tmp/e"
t "the built-in vocabulary again: all compiled again" $?
same "vocabulary change"

# An index of the previous generation beside the KB, with a stat cache
# that vouches for it by size and time (as after a build killed between
# its commit and its index's rename, on a file system with coarse times):
# the generations differ, so the pair is not up to date.
cp -p "$tmp/o/kb.idx" "$tmp/prev.idx"
printf '\n## Window\n\n| Error | Recommended action |\n|---|---|\n| Window failure (ID: 7444) | Retry. |\n' \
    >>"$tmp/d/en/agent/slow-backups.md"
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
cp -p "$tmp/prev.idx" "$tmp/o/kb.idx"
python3 -c 'import os, sys
c, idx = sys.argv[1:3]
lines = open(c).read().split("\n")
f = lines[0].split(" ")
st = os.stat(idx)
f[5], f[6] = str(st.st_size), str(st.st_mtime_ns)
lines[0] = " ".join(f)
open(c, "w").write("\n".join(lines))' "$tmp/o/.kbc-cache" "$tmp/o/kb.idx"
[ "$(idxgen "$tmp/o")" -lt "$(kbgen "$tmp/o")" ]
t "planted: an index a generation behind the KB, vouched for by the cache" $?
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
! grep -q 'up to date' "$tmp/e" && [ "$(idxgen "$tmp/o")" = "$(kbgen "$tmp/o")" ] &&
    "$KBQ" --index "$tmp/o/kb.idx" 7444 >/dev/null 2>&1
t "then the index is written again, of the KB's generation, and answers the edit" $?
same "index a generation behind"

# A reader in the middle of a read when the build commits in place: the
# build waits for it (and it for the build), neither fails as locked.
python3 -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN"); db.execute("SELECT count(*) FROM passages").fetchone()
open(sys.argv[2], "w").close(); time.sleep(2); db.execute("COMMIT")' \
    "$tmp/o/kb.sqlite" "$tmp/reading" &
rpid=$!
while [ ! -f "$tmp/reading" ]; do sleep 0.05; done
printf '\n## Door\n\n| Error | Recommended action |\n|---|---|\n| Door jammed (ID: 7555) | Retry. |\n' \
    >>"$tmp/d/en/agent/slow-backups.md"
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>"$tmp/e"
st=$?
wait $rpid
[ $st -eq 0 ] && "$KBC" export "$tmp/o" | grep -q 7555
t "a build committing while a reader reads: it waits, then succeeds (status $st)" $?

# The previous index gives the kept articles' words; one damaged behind
# its stamp (a flipped byte, size and mtime kept) fails its content sum
# and is not used.  Either way the new index holds what a full build's
# holds (tests/idx_dump.py: every record, word, posting and code).
dumps_same() {
	python3 tests/idx_dump.py "$tmp/o/kb.idx" >"$tmp/d1" &&
	    python3 tests/idx_dump.py "$tmp/full/kb.idx" >"$tmp/d2" && cmp -s "$tmp/d1" "$tmp/d2"
}
printf '\n## Lid\n\n| Error | Recommended action |\n|---|---|\n| Lid stuck (ID: 7556) | Lift it. |\n' \
    >>"$tmp/d/en/agent/slow-backups.md"
KBC_PROFILE=1 "$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
grep -q 'passages. words taken from the previous index' "$tmp/e"
t "an edit: the kept articles' words taken from the previous index" $?
same "words reused"
dumps_same
t "words reused: the index holds what a full build's holds" $?
cp -p "$tmp/o/kb.idx" "$tmp/idx.mtime"
sz=$(wc -c <"$tmp/o/kb.idx")
printf 'Z' | dd of="$tmp/o/kb.idx" bs=1 seek=$((sz / 2)) conv=notrunc 2>/dev/null
touch -r "$tmp/idx.mtime" "$tmp/o/kb.idx"
printf '\n## Hinge\n\n| Error | Recommended action |\n|---|---|\n| Hinge bent (ID: 7557) | Bend it back. |\n' \
    >>"$tmp/d/en/agent/slow-backups.md"
KBC_PROFILE=1 "$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
st=$?
[ $st -eq 0 ] && ! grep -q 'taken from the previous index' "$tmp/e"
t "a previous index damaged behind its stamp: not reused (status $st)" $?
same "damaged previous index"
dumps_same
t "damaged previous index: the index holds what a full build's holds" $?

# A stale index of other articles with the same paths, shapes and
# generation (a copy the stat cache was forged to vouch for): the words
# of an article whose headings or messages read otherwise in it are not
# taken, so the index still holds what a full build's holds.
rm -rf "$tmp/docs2" "$tmp/p"
cp -r "$tmp/d" "$tmp/docs2"
sed 's/Lid stuck (ID: 7556)/Lid wedged (ID: 7556)/' "$tmp/d/en/agent/slow-backups.md" \
    >"$tmp/docs2/en/agent/slow-backups.md"
"$KBC" build "$tmp/docs2" -o "$tmp/p" -q 2>/dev/null
python3 - "$tmp/p/kb.idx" "$tmp/o/kb.idx" "$tmp/o/.kbc-cache" <<'PY'
import os, struct, sys
src, dst, cache = sys.argv[1:4]
b = bytearray(open(src, "rb").read())
gen = struct.unpack_from("<I", open(dst, "rb").read(64), 60)[0]
struct.pack_into("<I", b, 60, gen)
h = bytearray(b[:64 + 16 * struct.unpack_from("<I", b, 12)[0]])
h[24:32] = bytes(8)
x = 0xcbf29ce484222325
for c in h:
    x = ((x ^ c) * 0x100000001b3) & 0xffffffffffffffff
struct.pack_into("<Q", b, 24, x)
open(dst, "wb").write(b)
st = os.stat(dst)
lines = open(cache).read().split("\n")
f = lines[0].split(" ")
f[5:7] = [str(st.st_size), str(st.st_mtime_ns)]
lines[0] = " ".join(f)
open(cache, "w").write("\n".join(lines))
PY
grep -q 'Lid wedged' "$tmp/o/kb.idx" && [ "$(idxgen "$tmp/o")" = "$(kbgen "$tmp/o")" ]
t "a stale index of other words planted with a forged stamp" $?
printf '\n## Pin\n\n| Error | Recommended action |\n|---|---|\n| Pin sheared (ID: 7558) | Replace it. |\n' \
    >>"$tmp/d/en/agent/troubleshoot-agent.md"
KBC_PROFILE=1 "$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
st=$?
[ $st -eq 0 ] && grep -q 'passages. words taken from the previous index' "$tmp/e"
t "the stale index: built on (status $st), the words that match taken" $?
same "stale index"
dumps_same
t "stale index: the index holds what a full build's holds" $?

# A full build over an existing output folder goes on counting: a KB and
# an index of two different builds never carry the same generation.
g=$(kbgen "$tmp/o")
"$KBC" build "$tmp/d" -o "$tmp/o" --full -q 2>/dev/null
[ "$(kbgen "$tmp/o")" = $((g + 1)) ] && [ "$(idxgen "$tmp/o")" = $((g + 1)) ]
t "--full over a KB of generation $g: generation $((g + 1))" $?

finish
