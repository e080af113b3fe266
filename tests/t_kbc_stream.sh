#!/bin/sh
# t_kbc_stream.sh: a full build writes kb.idx from the articles as they are
# extracted; an incremental build writes it from the KB.  Both ways must
# give the same index: the same size (the same strings, records and
# postings, only laid out in another order) and the same answer to every
# message, code and passage of the KB.  A streamed index is byte-identical
# whatever the number of threads.
B=${B:-build}
KBC=$B/kbc
KBQ=$B/kbq
. tests/tap.sh

if ! command -v python3 >/dev/null 2>&1; then
	skip "streamed index" "python3 is needed"
	finish
	exit
fi

# Two products' worth of articles, so that the index has many of each.
mkdir -p "$tmp/d"
cp -R source-docs "$tmp/d/a"
cp -R source-docs "$tmp/d/b"
"$KBC" build "$tmp/d" -o "$tmp/o" --jobs 1 -q 2>/dev/null
t "full build (the index streamed), one thread" $?
cp "$tmp/o/kb.idx" "$tmp/streamed.idx"
"$KBC" build "$tmp/d" -o "$tmp/o4" --jobs 4 -q 2>/dev/null
cmp -s "$tmp/o/kb.idx" "$tmp/o4/kb.idx"
t "the streamed index is byte-identical with 1 and 4 threads" $?

# The same KB, its index written again from the KB: the pair is no longer
# current without its index, so the next build writes the index anew.
rm "$tmp/o/kb.idx"
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
t "index rewritten from the KB" $?
[ -f "$tmp/o/kb.idx" ] && ! cmp -s "$tmp/o/kb.idx" "$tmp/streamed.idx"
t "the two ways lay the index out differently (so both are tested)" $?
[ "$(wc -c <"$tmp/o/kb.idx")" = "$(wc -c <"$tmp/streamed.idx")" ]
t "both indexes have the same size" $?
"$KBQ" --check --index "$tmp/streamed.idx" >/dev/null
t "the streamed index passes kbq --check" $?

# Every message and code of the KB, and a passage of every article.
sql "$tmp/o/kb.sqlite" "SELECT text FROM messages UNION SELECT written FROM codes
    UNION SELECT text FROM (SELECT text, min(id) FROM passages GROUP BY article_id)" |
    tr -d '\000' >"$tmp/q"
nq=$(wc -l <"$tmp/q")
[ "$nq" -gt 100 ]
t "queries: $nq" $?
bad=0
while IFS= read -r q; do
	a=$("$KBQ" --index "$tmp/streamed.idx" --json --limit 5 -- "$q" 2>&1)
	b=$("$KBQ" --index "$tmp/o/kb.idx" --json --limit 5 -- "$q" 2>&1)
	[ "$a" = "$b" ] || { bad=$((bad + 1)); echo "$q" | note; }
done <"$tmp/q"
t "streamed and read-back indexes answer alike ($bad of $nq differ)" "$bad"

finish
