#!/bin/sh
# t_kbq_typo.sh: a typo too short to correct (three letters) inside a
# quoted line, end to end on tests/data/typo (a fictional broker,
# Quillmark).  The known words on either side of it still read as the
# line's word order when the text's word between them is a near spelling
# of the typo; another word in its place does not (it may still answer
# as a symptom, from the words alone, but less surely).
B=${B:-build}
. tests/tap.sh
kb_or_bail tests/data/typo
IDX=$tmp/out/kb.idx

first() {	# first TEXT: anchor of the best result, or none
	"$B/kbq" --index "$IDX" --json "$1" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["anchor"] if r else "none")'
}
score() {	# score TEXT: the best result's score, or 0
	"$B/kbq" --index "$IDX" --json "$1" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["score"] if r else 0)'
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

is "the line as written" \
    "$(first 'fetch loop idle timeout has')" fetch-loops-that-stall
is "'lop' for 'loop': the same line" \
    "$(first 'fetch lop idle timeout has')" fetch-loops-that-stall
is "'lopo' for 'loop' (two letters swapped): the same line" \
    "$(first 'fetch lopo idle timeout has')" fetch-loops-that-stall
typo=$(score 'fetch lop idle timeout has')
other=$(score 'fetch cat idle timeout has')
is "'cat' for 'loop' is no typo of it: less sure ($other) than 'lop' ($typo)" \
    "$(python3 -c "print($other < $typo - 0.05)")" True
finish
