#!/bin/sh
# t_kbq_paste.sh: pasted lines that answer nothing together are looked up
# one by one, end to end on tests/data/paste (a fictional database,
# Tidewell): a short message with its DETAIL line under it answers from
# the message's entry; two lines of another product still answer nothing.
B=${B:-build}
. tests/tap.sh
kb_or_bail tests/data/paste
IDX=$tmp/out/kb.idx

first() {	# first TEXT: anchor and first message of the best result, or none
	printf '%s\n' "$1" | "$B/kbq" --index "$IDX" --json | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["anchor"] + " " + r[0]["messages"][0] if r else "none")'
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

is "a message and its detail line: the message's entry" \
    "$(first 'tidewell: ERROR:  lease expired
DETAIL:  Process 2211 waits for ShareLock on transaction 991; blocked by process 2240.')" \
    "replica-errors lease expired"
is "a detail line over the message: the same" \
    "$(first 'DETAIL:  Process 2211 waits for ShareLock on transaction 991; blocked by process 2240.
tidewell: ERROR:  lease expired')" \
    "replica-errors lease expired"
is "two lines of another product: no answer" \
    "$(first 'fatal: unable to access repository: Could not resolve host: git.example.org
hint: check the remote URL and your network connection')" "none"
finish
