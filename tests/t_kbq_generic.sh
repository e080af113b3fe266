#!/bin/sh
# t_kbq_generic.sh: the C library's error texts ("No such file or
# directory"), role generic in vocab.tsv, which kbc writes into kb.idx
# (GENP), end to end on tests/data/generic (a fictional agent, Orchard).
# Another program's error that says one of them, beside names the KB has
# never seen, gets no answer; the KB's own error that says it, or a
# description in the KB's words, still does.  Without the vocabulary's
# generic lines the foreign error answers: they are what decides.
B=${B:-build}
. tests/tap.sh
kb_or_bail tests/data/generic
IDX=$tmp/out/kb.idx

first() {	# first INDEX TEXT: anchor of the best result, or none
	"$B/kbq" --index "$1" --json "$2" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["anchor"] if r else "none")'
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

is "the KB's own error" \
    "$(first "$IDX" 'orchardctl: open /etc/orchard/agent.toml: no such file or directory')" \
    the-settings-file-is-missing
is "the phrase among the KB's words" \
    "$(first "$IDX" 'spool permission denied')" \
    the-spool-folder-is-not-writable
is "another program's error with the same text: no answer" \
    "$(first "$IDX" 'bash: ./deploy.sh: No such file or directory')" none

grep -v '^generic	' compiler/vocab.tsv >"$tmp/v.tsv"
"$B/kbc" build tests/data/generic -o "$tmp/nogen" -q --vocab "$tmp/v.tsv" 2>/dev/null
is "without generic phrases in the vocabulary it answers" \
    "$(first "$tmp/nogen/kb.idx" 'bash: ./deploy.sh: No such file or directory')" \
    the-settings-file-is-missing
finish
