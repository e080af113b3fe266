#!/bin/sh
# t_kbc_robust.sh: kbc on hostile input and in hostile places: invalid
# UTF-8, NUL bytes, a 50 MB file, 10,000 columns, unterminated and deeply
# nested HTML, a binary .md, mojibake, SQL in titles and anchors, bad KB
# files, newer schemas, unwritable outputs, and the documented exit statuses.
B=${B:-build}
KBC=$B/kbc
case $KBC in /*) ;; *) KBC=$(pwd)/$KBC ;; esac
DATA=$(pwd)/tests/data/kbc
. tests/tap.sh

if [ ! -x "$KBC" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "not ok 1 - $KBC and python3 are needed"
	exit 1
fi

# diag FILE NAME: does the build log have a [-WNAME] diagnostic for FILE?
diag() { grep -q "^en/$2:[0-9]*:[0-9]*: warning: .*\[-W$1\]\$" "$tmp/bad.err"; }
# has_entry TEXT: does the export have an entry line holding TEXT?
has_entry() { grep -qF -- "$1" "$tmp/bad.jsonl"; }

# ------------------------------------------------------------ bad inputs
d=$tmp/bad/en
mkdir -p "$d"
hdr='| Error message | Recommended action |\n|---|---|\n'
printf "# Good\n\n## Errors\n\n$hdr| The good error. | Do the good thing. |\n" >"$d/good.md"
printf "# Invalid\n\n## Errors\n\n$hdr| The file \377\376 is bad. | Replace it. |\n" >"$d/invalid.md"
printf "# Nul\n\n## Errors\n\n$hdr| The file has a NUL\000 byte. | Remove it. |\n" >"$d/nul.md"
{ printf '# Huge\n\n'; head -c 52428800 /dev/zero | tr '\0' 'a' | fold -w 100; } >"$d/huge.md"
python3 - >"$d/wide.md" <<'EOF'
n = 10000
print("# Wide\n\n## Errors\n")
print("| Error message | Recommended action | " + " | ".join("c%d" % i for i in range(n)) + " |")
print("|" + "---|" * (n + 2))
print("| The wide error. | Narrow it. | " + " | ".join("x" for i in range(n)) + " |")
EOF
printf "# Unterminated\n\n## Errors\n\n$hdr| The first <b>unclosed <div><span>error. | <ul><li>Step <a href=\"x |\n| The second error. | Fix <!-- never closed |\n| The third error. | Fix three. |\n" >"$d/unterminated.md"
cp "$KBC" "$d/binary.md"
python3 - >"$d/deep.md" <<'EOF'
print("# Deep\n\n## Errors\n\n| Error message | Recommended action |\n|---|---|")
print("| The deep error. | " + "<div>" * 20000 + "Fix the nesting. |")
EOF
python3 - >"$d/deepmd.md" <<'EOF'
print("# Deep Markdown\n\n## Nesting\n")
print(">" * 5000 + " A deep quote.")
print()
for i in range(1000):
    print("  " * i + "- item %d" % i)
print()
print("## After\n\n| Error message | Recommended action |\n|---|---|\n| The error after the nesting. | Still read. |")
EOF
printf '# Mojibake\n\n## Errors\n\n| Felmeddelande | Rekommenderad åtgärd |\n|---|---|\n| Filen Ã¤r ogiltig. | LÃ¶s det. |\n' >"$d/mojibake.md"
mkdir -p "$d/loop" && ln -s .. "$d/loop/up"

start=$(date +%s)
# Built from inside the docs folder: diagnostics name paths as typed ("en/x.md").
(cd "$tmp/bad" && timeout 120 "$KBC" build . -o ../badout 2>"$tmp/bad.err")
st=$?
secs=$(($(date +%s) - start))
if [ $st -eq 0 ]; then pass "hostile inputs: build exits 0"
else fail "hostile inputs: build exits 0 (got $st)"; grep -v 'unknown-header' "$tmp/bad.err" | tail -20 | note; fi
if [ $secs -le 60 ]; then pass "hostile inputs: no hang (${secs}s)"; else fail "hostile inputs: no hang (${secs}s)"; fi
"$KBC" export "$tmp/badout/kb.sqlite" >"$tmp/bad.jsonl" 2>&1
t_cmd "hostile inputs: the KB passes integrity_check" \
    test "$(sql "$tmp/badout/kb.sqlite" 'PRAGMA integrity_check' 2>&1)" = ok
t_cmd "hostile inputs: the good article is unharmed" has_entry "Do the good thing."
python3 -c 'import json, sys
[json.loads(l) for l in open(sys.argv[1], encoding="utf-8", errors="strict")]' "$tmp/bad.jsonl" 2>"$tmp/json.err"
if [ $? -eq 0 ]; then pass "hostile inputs: export is strict UTF-8 JSON Lines"
else fail "hostile inputs: export is strict UTF-8 JSON Lines"; note <"$tmp/json.err"; fi

t_cmd "invalid UTF-8: [-Winvalid-utf8]" diag invalid-utf8 invalid.md
t_cmd "invalid UTF-8: diagnostic on the line of the bad bytes" grep -q '^en/invalid.md:7:' "$tmp/bad.err"
t_cmd "invalid UTF-8: entry kept, bytes as U+FFFD" has_entry "The file �� is bad."
t_cmd "NUL bytes: [-Wnul-byte]" diag nul-byte nul.md
t_cmd "NUL bytes: entry kept without the NUL" has_entry "The file has a NUL byte."
t_cmd "50 MB file: [-Wtoo-large]" diag too-large huge.md
t_cmd "50 MB file: not in the KB" test -z "$(sql "$tmp/badout/kb.sqlite" "SELECT path FROM articles WHERE path = 'en/huge.md'")"
t_cmd "binary .md: [-Wbinary]" diag binary binary.md
t_cmd "binary .md: no entries from it" sh -c "! grep -q 'binary.md' '$tmp/bad.jsonl'"
t_cmd "10,000 columns: [-Wtable-size]" diag table-size wide.md
t_cmd "10,000 columns: the row is still read" has_entry "Narrow it."
t_cmd "10,000 columns: no row-cells warning for a row as wide as its header" \
    sh -c "! grep -q '^en/wide.md:.*\[-Wrow-cells\]' '$tmp/bad.err'"
nw=$(grep -c '^en/wide.md:' "$tmp/bad.err")
t_cmd "10,000 columns: warnings bounded ($nw)" test "$nw" -le 100
t_cmd "unterminated HTML: later rows not swallowed" has_entry "Fix three."
t_cmd "unterminated HTML: each row one entry" test "$(grep -c '"article": "en/unterminated.md"' "$tmp/bad.jsonl")" -eq 3
t_cmd "20,000 nested <div> in a cell: text past the depth limit kept" has_entry "Fix the nesting."
if grep '^en/deep.md:' "$tmp/bad.err" | grep -v '\[-Wmissing-action\]' | grep -q .; then
	pass "20,000 nested <div> in a cell: a diagnostic says the HTML was cut"
else
	fail "20,000 nested <div> in a cell: a diagnostic says the HTML was cut"; grep '^en/deep.md:' "$tmp/bad.err" | note
fi
if grep '^en/deepmd.md:' "$tmp/bad.err" | grep -q .; then
	pass "5,000 nested quotes, 1,000 nested lists: a diagnostic"
else
	fail "5,000 nested quotes, 1,000 nested lists: a diagnostic"
fi
t_cmd "5,000 nested quotes, 1,000 nested lists: the table after them is read" has_entry "Still read."
t_cmd "mojibake: [-Wmojibake]" diag mojibake mojibake.md
t_cmd "mojibake: text repaired" has_entry '"messages": ["Filen är ogiltig."]'
t_cmd "symbolic link loop: walked once" test "$(grep -c '"article": "en/good.md"' "$tmp/bad.jsonl")" -eq 1

# ---------------------------------------------------- SQL in the article
mkdir -p "$tmp/sq/en"
name="it's \"x\"; DROP TABLE articles;--.md"
cp "$DATA/sqlish.md" "$tmp/sq/en/$name"
"$KBC" build "$tmp/sq" -o "$tmp/sqo" 2>"$tmp/sq.err"
st=$?
"$KBC" export "$tmp/sqo/kb.sqlite" >"$tmp/sq.jsonl" 2>&1
python3 - "$tmp/sqo/kb.sqlite" "$tmp/sq.jsonl" "$name" >"$tmp/sq.out" 2>&1 <<'EOF'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bad = []
if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok": bad.append("integrity")
tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
for t in ("articles", "entries", "messages", "codes", "fixes", "actions", "sections", "fts"):
    if t not in tables: bad.append(f"table {t} gone")
got = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
want = {
    "article": "en/" + sys.argv[3],
    "title": "Robert'); DROP TABLE articles; --",
    "anchor": "x'; DROP TABLE entries; --",
    "message": "The name 'O''Brien'; DROP TABLE messages; -- is invalid.",
    "message2": "Can't parse \"a; b\" -- '); DELETE FROM codes; --",
}
if len(got) != 2: bad.append(f"{len(got)} entries, want 2")
if not any(g["article"] == want["article"] for g in got): bad.append("path")
if not all(g["title"] == want["title"] for g in got): bad.append("title")
if not any(g["anchor"] == want["anchor"] for g in got): bad.append("anchor")
if not any(want["message"] in g["messages"] for g in got): bad.append("message 1")
if not any(want["message2"] in g["messages"] and "0x1FC07" in g["codes"] for g in got): bad.append("message 2")
desc = db.execute("SELECT description FROM articles").fetchone()[0]
if desc != 'a "quoted" description; DELETE FROM entries WHERE 1=1; --': bad.append(f"description {desc!r}")
print(bad)
sys.exit(1 if bad else 0)
EOF
py=$?
if [ $st -eq 0 ] && [ $py -eq 0 ]; then pass "SQL in path, title, anchor, messages: KB intact, export verbatim"
else fail "SQL in path, title, anchor, messages: KB intact, export verbatim"; note <"$tmp/sq.out"; fi

# ------------------------------------------------------------ kbc export
printf 'hello, not a database\n' >"$tmp/notdb.sqlite"
"$KBC" export "$tmp/notdb.sqlite" >"$tmp/o" 2>"$tmp/e"
st=$?
t_cmd "export of a non-SQLite file: non-zero status ($st)" test $st -ne 0
t_cmd "export of a non-SQLite file: a message naming it" grep -q 'notdb.sqlite' "$tmp/e"
t_cmd "export of a non-SQLite file: no output" test ! -s "$tmp/o"
"$KBC" export "$tmp/missing.sqlite" >"$tmp/o" 2>"$tmp/e"
st=$?
t_cmd "export of a missing file: non-zero status ($st)" test $st -ne 0
t_cmd "export of a missing file: a message naming it" grep -q 'missing.sqlite' "$tmp/e"
t_cmd "export of a missing file: the file is not created" test ! -e "$tmp/missing.sqlite"
: >"$tmp/empty.sqlite"
"$KBC" export "$tmp/empty.sqlite" >"$tmp/o" 2>"$tmp/e"
st=$?
t_cmd "export of an empty file: non-zero status ($st) and a message" test $st -ne 0 -a -s "$tmp/e"
"$KBC" export "$tmp" >"$tmp/o" 2>"$tmp/e"
st=$?
t_cmd "export of a directory: non-zero status ($st)" test $st -ne 0

# ------------------------------------------------- newer schema in output
mkdir -p "$tmp/small/en"
cp "$tmp/bad/en/good.md" "$tmp/small/en/"
"$KBC" build "$tmp/small" -o "$tmp/v99" 2>/dev/null
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA user_version = 99"); db.commit()' "$tmp/v99/kb.sqlite"
cp "$tmp/v99/kb.sqlite" "$tmp/v99.before"
cp "$tmp/v99/kb.idx" "$tmp/v99.idx.before"
"$KBC" build "$tmp/small" -o "$tmp/v99" 2>"$tmp/e"
st=$?
t_cmd "KB with a newer user_version: build refuses with status 5 (got $st)" test $st -eq 5
t_cmd "KB with a newer user_version: kb.sqlite untouched" cmp -s "$tmp/v99/kb.sqlite" "$tmp/v99.before"
t_cmd "KB with a newer user_version: kb.idx untouched" cmp -s "$tmp/v99/kb.idx" "$tmp/v99.idx.before"
t_cmd "KB with a newer user_version: the message says why" grep -qi 'newer\|version' "$tmp/e"
"$KBC" build "$tmp/small" -o "$tmp/v99" --full 2>"$tmp/e"
st=$?
t_cmd "KB with a newer user_version: --full refuses too (got $st)" test $st -eq 5
t_cmd "KB with a newer user_version: --full leaves it untouched" cmp -s "$tmp/v99/kb.sqlite" "$tmp/v99.before"
"$KBC" export "$tmp/v99.before" >/dev/null 2>"$tmp/e"
st=$?
t_cmd "export of a newer KB: non-zero status ($st) and a message" test $st -ne 0 -a -s "$tmp/e"

# ------------------------------------------- damaged or older KB: rebuilt
mkdir -p "$tmp/dmg"
head -c 300000 /dev/urandom >"$tmp/dmg/kb.sqlite"
cp "$tmp/dmg/kb.sqlite" "$tmp/dmg.before"
"$KBC" build "$tmp/small" -o "$tmp/dmg" 2>"$tmp/e"
st=$?
t_cmd "garbage kb.sqlite in the output folder: refused (status $st, documented 5)" test $st -eq 5
t_cmd "garbage kb.sqlite: never overwritten" cmp -s "$tmp/dmg/kb.sqlite" "$tmp/dmg.before"
t_cmd "garbage kb.sqlite: the message names --full" grep -q -- '--full' "$tmp/e"
"$KBC" build "$tmp/small" -o "$tmp/dmg" --full 2>"$tmp/e"
st=$?
t_cmd "garbage kb.sqlite, --full: rebuilt (status $st)" test $st -eq 0 -a \
    "$(sql "$tmp/dmg/kb.sqlite" 'PRAGMA integrity_check' 2>&1)" = ok
# A KB whose pages are damaged after its header (a torn copy).
"$KBC" build "$tmp/small" -o "$tmp/torn" 2>/dev/null
printf 'torn-page-torn-page' | dd of="$tmp/torn/kb.sqlite" bs=1 seek=4096 conv=notrunc 2>/dev/null
cp "$tmp/torn/kb.sqlite" "$tmp/torn.before"
printf "\n" >>"$tmp/small/en/good.md"
"$KBC" build "$tmp/small" -o "$tmp/torn" 2>"$tmp/e"
st=$?
t_cmd "KB with a damaged page: refused (status $st) and kept" test $st -eq 5 -a \
    "$(cmp "$tmp/torn/kb.sqlite" "$tmp/torn.before" >/dev/null 2>&1; echo $?)" -eq 0
# The same damage behind a restored mtime (touch -r): the stat cache's
# size and mtime still vouch for the KB, its ctime no longer does, so
# quick_check runs; a KB as kbc left it is built on without one.
"$KBC" build "$tmp/small" -o "$tmp/hid" 2>/dev/null
printf "\n" >>"$tmp/small/en/good.md"
KBC_PROFILE=1 "$KBC" build "$tmp/small" -o "$tmp/hid" 2>"$tmp/e"
st=$?
t_cmd "KB as kbc closed it: built on without quick_check (status $st)" test $st -eq 0 -a \
    "$(grep -c 'quick_check skipped' "$tmp/e")" -eq 1
cp -p "$tmp/hid/kb.sqlite" "$tmp/hid.mtime"
printf 'torn-page-torn-page' | dd of="$tmp/hid/kb.sqlite" bs=1 seek=4096 conv=notrunc 2>/dev/null
touch -r "$tmp/hid.mtime" "$tmp/hid/kb.sqlite"
cp "$tmp/hid/kb.sqlite" "$tmp/hid.before"
printf "\n" >>"$tmp/small/en/good.md"
KBC_PROFILE=1 "$KBC" build "$tmp/small" -o "$tmp/hid" 2>"$tmp/e"
st=$?
t_cmd "KB damaged behind a restored mtime: quick_check runs, refused (status $st) and kept" \
    test $st -eq 5 -a "$(grep -c 'no, quick_check' "$tmp/e")" -eq 1 -a \
    "$(cmp "$tmp/hid/kb.sqlite" "$tmp/hid.before" >/dev/null 2>&1; echo $?)" -eq 0
"$KBC" build "$tmp/small" -o "$tmp/old" 2>/dev/null
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA user_version = 0"); db.commit()' "$tmp/old/kb.sqlite"
"$KBC" build "$tmp/small" -o "$tmp/old" 2>"$tmp/e"
st=$?
schema_v=$(sed -n 's/^PRAGMA user_version = \([0-9]*\);/\1/p' schema/kb.sql)
t_cmd "KB of an older schema: rebuilt (status $st, user_version $schema_v)" test $st -eq 0 -a \
    "$(sql "$tmp/old/kb.sqlite" 'PRAGMA user_version' 2>&1)" = "$schema_v"

# ----------------------------------------------------------- exit statuses
"$KBC" build "$tmp/small" -o /dev/null/x 2>"$tmp/e"
st=$?
t_cmd "unwritable output (-o /dev/null/x): status 4 (got $st)" test $st -eq 4
t_cmd "unwritable output: a message" test -s "$tmp/e"
touch "$tmp/afile"
"$KBC" build "$tmp/small" -o "$tmp/afile/sub" 2>/dev/null
st=$?
t_cmd "output under a regular file: status 4 (got $st)" test $st -eq 4
"$KBC" build "$tmp/nonexistent" -o "$tmp/x" 2>"$tmp/e"
st=$?
t_cmd "missing docs folder: status 3 (got $st)" test $st -eq 3
mkdir -p "$tmp/emptydocs"
"$KBC" build "$tmp/small" -o "$tmp/keep" 2>/dev/null
cp "$tmp/keep/kb.sqlite" "$tmp/keep.before"
"$KBC" build "$tmp/emptydocs" -o "$tmp/keep" 2>"$tmp/e"
st=$?
t_cmd "docs folder with no articles: status 3 (got $st)" test $st -eq 3
t_cmd "docs folder with no articles: the previous KB is kept" cmp -s "$tmp/keep/kb.sqlite" "$tmp/keep.before"
"$KBC" build 2>/dev/null; st=$?
t_cmd "no arguments: usage status 2 (got $st)" test $st -eq 2
"$KBC" build "$tmp/small" 2>/dev/null; st=$?
t_cmd "build without -o: usage status 2 (got $st)" test $st -eq 2
"$KBC" build "$tmp/small" -o "$tmp/x" --bogus 2>/dev/null; st=$?
t_cmd "unknown option: usage status 2 (got $st)" test $st -eq 2
"$KBC" frobnicate 2>/dev/null; st=$?
t_cmd "unknown command: usage status 2 (got $st)" test $st -eq 2
"$KBC" --version >"$tmp/o" 2>&1; st=$?
t_cmd "--version: status 0 and a version" test $st -eq 0 -a -s "$tmp/o"
"$KBC" --help >"$tmp/o" 2>/dev/null; st=$?
t_cmd "--help: status 0, usage on stdout" grep -q 'kbc build' "$tmp/o"

# ------------------------------------------------- two builds at once
mkdir -p "$tmp/conc/en"
i=0
while [ $i -lt 40 ]; do cp "$tmp/bad/en/good.md" "$tmp/conc/en/g$i.md"; i=$((i + 1)); done
"$KBC" build "$tmp/conc" -o "$tmp/conco" 2>/dev/null &
p1=$!
"$KBC" build "$tmp/conc" -o "$tmp/conco" 2>/dev/null &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
t_cmd "two builds into one folder at once: both succeed ($s1, $s2)" test $s1 -eq 0 -a $s2 -eq 0
t_cmd "two builds into one folder at once: a sound KB with every article" \
    test "$(sql "$tmp/conco/kb.sqlite" 'SELECT count(*) FROM articles' 2>&1)" = 40

finish
