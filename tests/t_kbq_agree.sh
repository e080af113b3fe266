#!/bin/sh
# t_kbq_agree.sh: a symptom in the user's own words that neither
# description path answers alone (kbq_lookup.c: lk_describe leads with
# too few words, lk_sections by too little) is answered where both put
# it: the same section of the same article (lk_agree).  Not when they
# disagree, not for text led by a label, as a program's output is, and
# not for one line of several pasted.  On tests/data/agree (a fictional
# photo sync app, Tidewick).
B=${B:-build}
. tests/tap.sh
DOCS=tests/data/agree

kb_or_bail "$DOCS"
IDX=$tmp/out/kb.idx

first() {	# first QUERY [KBQ ARGS...]: anchor of the best result, or none
	q=$1
	shift
	"$B/kbq" --index "$IDX" --json "$@" -- "$q" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["article"] + "#" + r[0]["anchor"] if r else "none")' 2>/dev/null || echo none
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

said='background transfers halt once my charge drops low'
want=en/tidewick/power.md#background-activity
is "both paths name one section: answered" "$(first "$said")" "$want"
is "the same, walked exhaustively" "$(first "$said" --exhaustive)" "$want"
is "led by a label: a program's output, no answer" \
    "$(first "tidewick: $said")" none
is "one line of several pasted: no answer" \
    "$(first "exit status 3
$said")" none
# The entries' path puts this in the sync errors, the sections' in the
# power article.
is "the paths disagree: no answer" \
    "$(first 'my uploads pause once the charge drops')" none
finish
