#!/bin/sh
# t_kbq_quote.sh: an entry whose own section holds the pasted text better
# than its messages (a log line in a fence under a guide's heading) shows
# that text as its last message, end to end on tests/data/quote (a
# fictional uploader, Ferrymark).  The section's other text and other
# sections add nothing.
B=${B:-build}
. tests/tap.sh
kb_or_bail tests/data/quote
IDX=$tmp/out/kb.idx

ask() {	# ask QUERY: anchor, then each message, of the best result
	"$B/kbq" --index "$IDX" --json "$1" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["anchor"] if r else "none")
for m in (r[0]["messages"] if r else []): print(m)'
}

ask 'Queued: waiting for a free transfr slot on the harbor node (position 9)' >"$tmp/a"
t "the guide answers" "$(head -1 "$tmp/a" | grep -cx upload-waits-for-a-free-transfer-slot | grep -q 1; echo $?)"
t "its messages end with the log line of its section" \
    "$(grep -cx 'Queued: waiting for a free transfer slot on the harbor node (position 4)' "$tmp/a" | grep -q 1; echo $?)"
ask 'upload waits for a free transfer slot' >"$tmp/b"
t "a query its messages hold shows no extra message" "$(test "$(wc -l <"$tmp/b")" -eq 2; echo $?)"
finish
