#!/bin/sh
# kbq running in a loop while kbc rebuilds the same output folder again
# and again never sees a torn or mixed index: every lookup opens either
# the old or the new kb.idx, whole (kbc renames a finished file into
# place; kbq maps the file it opened).
B=${B:-build}
. tests/tap.sh
bpid=
trap '[ -n "$bpid" ] && kill $bpid 2>/dev/null; rm -rf "$tmp"' EXIT
# Two versions of the docs; the second has one more error (code 77777).
i=0
while [ $i -lt 20 ]; do
	cp -r source-docs "$tmp/a$i"
	i=$((i + 1))
done
mkdir -p "$tmp/A" "$tmp/B"
mv "$tmp"/a* "$tmp/A/"
cp -r "$tmp/A/." "$tmp/B/"
printf '# Swap\n\n## Swap errors\n\n| Error | Recommended action |\n|---|---|\n| Swap test failure (ID: 77777) | Nothing. |\n' \
    >"$tmp/B/swap.md"
"$B/kbc" build "$tmp/A" -o "$tmp/out" -q 2>/dev/null

# Rebuild from A and B in turn, in the background.
(
	k=0
	while [ $k -lt 12 ]; do
		if [ $((k % 2)) -eq 0 ]; then d=B; else d=A; fi
		"$B/kbc" build "$tmp/$d" -o "$tmp/out" -q --full 2>/dev/null
		k=$((k + 1))
	done
	touch "$tmp/builds-done"
) &
bpid=$!

q=0 bad=0 seen_new=0 seen_old=0
while [ ! -e "$tmp/builds-done" ]; do
	# The whole-content checksum, then a lookup: each opens whichever
	# kb.idx is in place at that moment, and must find it whole.
	"$B/kbq" --index "$tmp/out/kb.idx" --check >/dev/null 2>"$tmp/e"
	st=$?
	"$B/kbq" --index "$tmp/out/kb.idx" --json 'ID 41102' >"$tmp/r" 2>>"$tmp/e"
	st2=$?
	q=$((q + 1))
	if [ $st -ne 0 ] || [ $st2 -ne 0 ] || ! grep -q 41102 "$tmp/r"; then
		bad=$((bad + 1))
		sed 's/^/#   /' "$tmp/e" | head -2
	fi
	"$B/kbq" --index "$tmp/out/kb.idx" --json 77777 >"$tmp/r2" 2>/dev/null
	case $? in
	0) seen_new=$((seen_new + 1)) ;;
	1) seen_old=$((seen_old + 1)) ;;
	*) bad=$((bad + 1)) ;;
	esac
done
wait $bpid
bpid=
t "kbq during 12 rebuilds: $q checked lookups, none saw a torn index ($bad bad)" "$([ $bad -eq 0 ] && [ $q -gt 5 ]; echo $?)"
t "kbq saw both the old and the new index ($seen_old old, $seen_new new)" \
    "$([ $seen_old -gt 0 ] && [ $seen_new -gt 0 ]; echo $?)"
finish
