#!/bin/sh
# The stat cache (OUT/.kbc-cache): a rebuild with nothing changed reads no
# article and touches no output; touched but unchanged files do not
# rewrite the KB; a changed file is recompiled and the export equals a
# clean build's; a damaged cache or a replaced KB costs only time.
B=${B:-build}
. tests/tap.sh
cp -r source-docs "$tmp/docs"
"$B/kbc" build "$tmp/docs" -o "$tmp/out" -q 2>/dev/null
t "first build writes the cache" "$([ -s "$tmp/out/.kbc-cache" ]; echo $?)"
cp "$tmp/out/kb.sqlite" "$tmp/kb.1"
cp "$tmp/out/kb.idx" "$tmp/idx.1"

"$B/kbc" build "$tmp/docs" -o "$tmp/out" 2>"$tmp/e"
grep -q '^kbc: 13 articles, up to date, [0-9]* warnings' "$tmp/e"
t "nothing changed: up to date" $?
cmp -s "$tmp/out/kb.sqlite" "$tmp/kb.1" && cmp -s "$tmp/out/kb.idx" "$tmp/idx.1"
t "nothing changed: KB and index untouched" $?
! grep -q 'warning: ' "$tmp/e" && grep -q 'up to date, 9 warnings (kbc check lists them)' "$tmp/e"
t "nothing changed: as make, the number of warnings, not the list" $?
"$B/kbc" build "$tmp/docs" -o "$tmp/out" --werror 2>"$tmp/e"
st=$?
[ $st -eq 1 ] && grep -q 'warning: .*\[-Wmissing-action\]' "$tmp/e"
t "nothing changed: --werror still fails on the old warnings, and lists them" $?
"$B/kbc" build "$tmp/docs" -o "$tmp/out" --werror -Wno-missing-action -Wno-mojibake 2>/dev/null
t "nothing changed: -Wno- counts from the cache too" $?

# Touched, same bytes: recompiled nothing, KB unchanged.
sleep 0.01
touch "$tmp/docs/en/agent/slow-backups.md"
"$B/kbc" build "$tmp/docs" -o "$tmp/out" 2>"$tmp/e"
grep -q '(0 compiled, 0 skipped)' "$tmp/e" && cmp -s "$tmp/out/kb.sqlite" "$tmp/kb.1"
t "touched, same bytes: nothing compiled, KB untouched" $?
"$B/kbc" build "$tmp/docs" -o "$tmp/out" 2>"$tmp/e"
grep -q 'up to date' "$tmp/e"
t "touched, same bytes: up to date afterwards" $?

# Changed: one article compiled; the export equals a clean build's.
printf '\n## Upload stops\n\n| Error | Recommended action |\n|---|---|\n| Upload stopped (ID: 7123) | Retry. |\n' \
    >>"$tmp/docs/en/agent/slow-backups.md"
"$B/kbc" build "$tmp/docs" -o "$tmp/out" 2>"$tmp/e"
grep -q '(1 compiled, 0 skipped)' "$tmp/e"
t "one article changed: one compiled" $?
"$B/kbc" build "$tmp/docs" -o "$tmp/clean" --full -q 2>/dev/null
"$B/kbc" export "$tmp/out/kb.sqlite" >"$tmp/x1"
"$B/kbc" export "$tmp/clean/kb.sqlite" >"$tmp/x2"
cmp -s "$tmp/x1" "$tmp/x2" && grep -q 7123 "$tmp/x1"
t "one article changed: export equals a clean build's" $?

# A damaged cache is ignored; a replaced KB is not trusted to be current.
printf 'kbc-cache 1 garbage\nnot a line\n' >"$tmp/out/.kbc-cache"
"$B/kbc" build "$tmp/docs" -o "$tmp/out" 2>"$tmp/e"
st=$?
"$B/kbc" export "$tmp/out/kb.sqlite" | cmp -s - "$tmp/x2"
t "damaged cache: ignored, build correct (status $st)" "$([ $st -eq 0 ] && cmp -s "$tmp/x1" "$tmp/x2"; echo $?)"
cp "$tmp/kb.1" "$tmp/out/kb.sqlite"
"$B/kbc" build "$tmp/docs" -o "$tmp/out" 2>"$tmp/e"
"$B/kbc" export "$tmp/out/kb.sqlite" | cmp -s - "$tmp/x2"
t "KB replaced behind the cache's back: brought up to date" $?

# Killed between the two renames: a new KB beside the old index (and the
# old cache).  The next build must write the index again, though no
# article changed since the KB was written.
rm -rf "$tmp/docsA" "$tmp/w"
cp -r source-docs "$tmp/docsA"
"$B/kbc" build "$tmp/docsA" -o "$tmp/w" -q 2>/dev/null
printf '\n## Window\n\n| Error | Recommended action |\n|---|---|\n| Window failure (ID: 7444) | Retry. |\n' \
    >>"$tmp/docsA/en/agent/slow-backups.md"
"$B/kbc" build "$tmp/docsA" -o "$tmp/w2" -q 2>/dev/null
cp "$tmp/w2/kb.sqlite" "$tmp/w/kb.sqlite"
"$B/kbc" build "$tmp/docsA" -o "$tmp/w" -q 2>/dev/null
"$B/kbq" --index "$tmp/w/kb.idx" 7444 >/dev/null 2>&1
t "new KB beside an old index: the next build writes the index again" $?
finish
