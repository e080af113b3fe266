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
finish
