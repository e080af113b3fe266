#!/bin/sh
# t_kbq_translate.sh: an entry found in English, asked for in Swedish,
# when the translation renames its headings (and so its anchors) and its
# entries hold no identifiers to compare: end to end on
# tests/data/translate (a fictional pump, Tidemill, in en and sv).  A
# translation with as many entries keeps their order, so the entry in the
# same place answers; one with another number of entries does not say
# which is which, and the English entry answers as it is.  The Swedish
# entry, a heading only, shows the log line of its section that matched.
B=${B:-build}
. tests/tap.sh
kb_or_bail tests/data/translate
IDX=$tmp/out/kb.idx

first() {	# first LANG TEXT: locale and anchor of the best result, or none
	"$B/kbq" --index "$IDX" --json --lang "$1" "$2" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["locale"] + " " + r[0]["anchor"] if r else "none")'
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

LINE1='level.unit: float switch reports high for 3600s while the pump runs'
LINE2='prime.unit: priming did not reach pressure within 120s; stopping motor'
LINE3='valve.unit: valve did not close within 15s; flow still detected'
is "asked in English: the English entry" "$(first en "$LINE1")" \
    "en float-switch-reports-high"
is "asked in Swedish: the entry in the same place of the translation" \
    "$(first sv "$LINE1")" "sv flottörbrytaren-har-fastnat"
is "the first entry too" "$(first sv "$LINE2")" "sv fyllningen-tar-för-lång-tid"
last() {	# last LANG TEXT: the best result's last message
	"$B/kbq" --index "$IDX" --json --lang "$1" "$2" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["messages"][-1] if r else "none")'
}
is "the Swedish entry shows the line that matched" "$(last sv "$LINE1")" \
    "tidemill[2]: $LINE1"
is "a translation with one more section: the English entry" \
    "$(first sv "$LINE3")" "en valve-did-not-close"
finish
