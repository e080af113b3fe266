#!/bin/sh
# kbc's progress line and summary: a one-line indicator on a terminal
# (tested through a pseudo-terminal made by script(1)), nothing of the
# kind when stderr is not a terminal or with --quiet; a summary line at
# the end unless --quiet.
B=${B:-build}
. tests/tap.sh
# Enough articles for the build to take a few tenths of a second.
mkdir -p "$tmp/docs"
i=0
while [ $i -lt 60 ]; do
	cp -r source-docs "$tmp/docs/c$i"
	i=$((i + 1))
done
kbc=$(cd "$B" && pwd)/kbc

if ! command -v script >/dev/null 2>&1; then
	for w in "progress on a terminal" "progress ends cleanly" "no progress with --quiet"; do
		n=$((n + 1)); echo "ok $n - $w # SKIP script(1) not installed"
	done
else
	script -qec "$kbc build $tmp/docs -o $tmp/out1" "$tmp/tty1" >/dev/null 2>&1
	tr '\r' '\n' <"$tmp/tty1" | grep -aq '^.*kbc: [0-9]*/780 articles, [0-9]*/s'
	t "progress on a terminal: done/total and rate" $?
	tr '\r' '\n' <"$tmp/tty1" | grep -aq 'kbc: 780 articles (780 compiled, 0 skipped)'
	t "summary line after the progress line" $?
	script -qec "$kbc build $tmp/docs -o $tmp/out2 --quiet --full" "$tmp/tty2" >/dev/null 2>&1
	! grep -aq 'articles' "$tmp/tty2"
	t "no progress and no summary with --quiet on a terminal" $?
fi
"$B/kbc" build "$tmp/docs" -o "$tmp/out3" 2>"$tmp/err3"
! grep -q "$(printf '\r')" "$tmp/err3"
t "no progress when stderr is not a terminal" $?
grep -q '^kbc: 780 articles (780 compiled, 0 skipped), [0-9]* entries compiled, [0-9]* warnings, [0-9.]*s$' "$tmp/err3"
t "summary line: articles, entries, warnings, time" $?
finish
