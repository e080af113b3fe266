#!/bin/sh
# Extraction tests as data (as mandoc's regress/): each tests/extract/NAME.md
# is compiled alone by the real kbc, and its "kbc export" lines must equal
# tests/extract/NAME.expected.jsonl.  One TAP line per article; a mismatch
# prints the diff.  KBTEST_UPDATE=1 rewrites the expected files instead
# (read the diff before committing them).
B=${B:-build}
. tests/tap.sh
for md in tests/extract/*.md; do
	[ -f "$md" ] || continue
	name=$(basename "$md" .md)
	exp=tests/extract/$name.expected.jsonl
	d=$tmp/$name
	mkdir -p "$d/docs"
	cp "$md" "$d/docs/"
	if ! "$B/kbc" build "$d/docs" -o "$d/out" --full --quiet >"$d/log" 2>&1 ||
	    ! "$B/kbc" export "$d/out/kb.sqlite" >"$d/got" 2>>"$d/log"; then
		fail "$name: kbc build/export"
		note <"$d/log"
		continue
	fi
	if [ -n "$KBTEST_UPDATE" ]; then
		cp "$d/got" "$exp"
		pass "$name: expected file written"
	elif [ ! -f "$exp" ]; then
		fail "$name: no $exp"
	elif cmp -s "$exp" "$d/got"; then
		pass "$name: entries as expected"
	else
		fail "$name: entries differ"
		diff -u "$exp" "$d/got" | sed "s/^/#   /"
	fi
done
finish
