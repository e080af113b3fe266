#!/bin/sh
# A full disk (here: a file size limit, RLIMIT_FSIZE, so that no real disk
# fills up) fails the build with status 4 and a message, removes the
# temporary files, and leaves the previous KB and index as they were.
B=${B:-build}
. tests/tap.sh
KBC=$B/kbc
"$KBC" build source-docs -o "$tmp/out" -q 2>/dev/null
cp "$tmp/out/kb.sqlite" "$tmp/kb.before"
cp "$tmp/out/kb.idx" "$tmp/idx.before"
# More articles than fit in 300 KiB of KB.
i=0
while [ $i -lt 40 ]; do
	cp -r source-docs "$tmp/big$i" 2>/dev/null
	i=$((i + 1))
done
mkdir -p "$tmp/docs"
mv "$tmp"/big* "$tmp/docs/"
(ulimit -f 600; exec "$KBC" build "$tmp/docs" -o "$tmp/out" -q --full) 2>"$tmp/err"
st=$?
t "over the file size limit: status 4 (got $st)" "$([ $st -eq 4 ]; echo $?)"
grep -q '^kbc: ' "$tmp/err"
t "a message says why" $?
cmp -s "$tmp/out/kb.sqlite" "$tmp/kb.before" && cmp -s "$tmp/out/kb.idx" "$tmp/idx.before"
t "the previous KB and index are untouched" $?
! ls -a "$tmp/out" | grep -q tmp
t "no temporary file is left behind" $?
"$KBC" build "$tmp/docs" -o "$tmp/out" -q 2>/dev/null
t "the next build, with room, succeeds" $?
finish
