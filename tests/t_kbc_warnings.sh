#!/bin/sh
# -Wno-NAME turns one diagnostic off (not printed, not counted, so
# --werror passes once every remaining warning is turned off), and the KB
# keeps every diagnostic with the source line it is about.
B=${B:-build}
. tests/tap.sh
mkdir -p "$tmp/docs"
cat >"$tmp/docs/a.md" <<'MD'
# Agent errors

## Upload stalls

| Error | Recommended action |
|---|---|
| Upload stalled (ID: 7001) | Restart the upload. |
| Upload refused (ID: 7002) | |

See [the missing part](#nowhere).
MD
"$B/kbc" check "$tmp/docs" --werror 2>"$tmp/e1"
st=$?
t "--werror fails on warnings (status $st)" "$([ $st -eq 1 ]; echo $?)"
grep -q '\[-Wmissing-action\]' "$tmp/e1" && grep -q '\[-Wbroken-link\]' "$tmp/e1"
t "both warnings are printed" $?
"$B/kbc" check "$tmp/docs" --werror -Wno-missing-action 2>"$tmp/e2"
st=$?
! grep -q '\[-Wmissing-action\]' "$tmp/e2" && grep -q '\[-Wbroken-link\]' "$tmp/e2" && [ $st -eq 1 ]
t "-Wno-missing-action hides only that one (status $st)" $?
"$B/kbc" check "$tmp/docs" --werror -Wno-missing-action -Wno-broken-link 2>"$tmp/e3"
st=$?
t "every warning turned off: --werror passes (status $st)" "$([ $st -eq 0 ] && ! grep -q " warning: " "$tmp/e3"; echo $?)"
"$B/kbc" build "$tmp/docs" -o "$tmp/out" -q -Wno-missing-action -Wno-broken-link 2>/dev/null
python3 - "$tmp/out/kb.sqlite" <<'PY' >"$tmp/src" 2>&1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = dict(db.execute("SELECT name, source FROM diagnostics").fetchall())
ok = rows.get("missing-action") == "| Upload refused (ID: 7002) | |" and \
     rows.get("broken-link") == "See [the missing part](#nowhere)."
print(rows)
sys.exit(0 if ok else 1)
PY
t "the KB keeps turned-off diagnostics, each with its source line" $?

# A byte order mark does not hide the front matter.
mkdir -p "$tmp/bom"
printf '\357\273\277---\ntitle: Med BOM\nms.contentlocale: sv-SE\n---\n\n# Rubrik\n' >"$tmp/bom/a.md"
"$B/kbc" build "$tmp/bom" -o "$tmp/bomout" -q 2>/dev/null
python3 - "$tmp/bomout/kb.sqlite" <<'PY'
import sqlite3, sys
t, l = sqlite3.connect(sys.argv[1]).execute("SELECT title, locale FROM articles").fetchone()
sys.exit(0 if (t, l) == ("Med BOM", "sv") else 1)
PY
t "a byte order mark: the front matter is still read" $?

# Folders nested past the limit are reported, not skipped in silence.
d="$tmp/deep/docs"
mkdir -p "$d"
printf '# Top\n' >"$d/top.md"
p="$d"
i=0
while [ $i -lt 40 ]; do p="$p/d$i"; i=$((i + 1)); done
mkdir -p "$p"
printf '# Deep\n' >"$p/deep.md"
"$B/kbc" check "$d" 2>"$tmp/deep.err"
st=$?
grep -q 'nested more than 32 deep.*\[-Wunreadable\]' "$tmp/deep.err" && [ $st -eq 0 ]
t "folders nested too deep: a -Wunreadable warning (status $st)" $?
"$B/kbc" check "$d" --werror -Wno-unreadable 2>/dev/null
t "-Wno-unreadable turns it off" $?

# Unreadable inputs, even for root: a file whose read fails, a symbolic
# link loop.  Each is a -Wunreadable warning; the rest is compiled.
mkdir -p "$tmp/unr"
cp source-docs/en/agent/slow-backups.md "$tmp/unr/"
ln -s /proc/self/mem "$tmp/unr/mem.md"
ln -s loop "$tmp/unr/loop"
kbc_abs=$(cd "$B" && pwd)/kbc
(cd "$tmp/unr" && "$kbc_abs" build . -o ../unrout --follow-outside 2>"$tmp/unr.err")
st=$?
grep -q '^mem.md:1:1: warning: cannot read: .*\[-Wunreadable\]' "$tmp/unr.err" &&
    grep -q '^loop/:1:1: warning: .*\[-Wunreadable\]' "$tmp/unr.err" && [ $st -eq 0 ] &&
    "$B/kbq" --index "$tmp/unrout/kb.idx" 'error code 61' >/dev/null
t "an unreadable file and a link loop: warned, the rest compiled (status $st)" $?
finish
