#!/bin/sh
# t_kbq_symptom.sh: a symptom in the user's words that shares only four
# content words with the section that explains it, end to end on
# tests/data/symptom (a fictional kiosk, Marrowbay).  Four words are
# weaker evidence than five, so the section must lead every other by more;
# then it answers.  The same words beside a code the KB lacks read as
# another product's error, not as a description: no answer.
B=${B:-build}
. tests/tap.sh
kb_or_bail tests/data/symptom
IDX=$tmp/out/kb.idx

first() {	# first TEXT: kind and anchor of the best result, or none
	"$B/kbq" --index "$IDX" --json "$1" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["kind"] + " " + r[0]["anchor"] if r else "none")'
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

is "four words, one section far ahead: that section" \
    "$(first 'printer gives out empty paper')" \
    "section the-receipt-printer-feeds-blank-paper"
is "four words in another order: the touch screen's section" \
    "$(first 'edge taps ignored on the screen')" \
    "section the-touch-screen-ignores-taps-near-the-edges"
is "the same words and a code the KB lacks: no answer" \
    "$(first 'printer gives out empty paper E7731')" none
finish
