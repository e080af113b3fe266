#!/bin/sh
# t_kbq_sections.sh: what kbq answers beyond the entries kbc extracts,
# and in which language, end to end on the sample articles of
# tests/data/sections (a fictional product, Larkspur, in en, sv and de):
#  - an error written where no extraction rule looks (a log line in a
#    fence of an operations article) is answered from its section, as
#    kind "section", with the section's steps; a code written only there
#    too; a foreign error still gets no match;
#  - a symptom in the user's words is answered from the section it is
#    spread over, when no entry and no passage holds it;
#  - the KB keeps every block of text as a passage;
#  - --lang takes sv, sv-SE, sv_SE.UTF-8 and SV; without it the language
#    comes from LC_ALL, LC_MESSAGES or LANG, else English;
#  - a translation with fewer table rows never answers with another
#    error: the entry stays in its language and says so.
B=${B:-build}
. tests/tap.sh
DOCS=tests/data/sections

kb_or_bail "$DOCS"
IDX=$tmp/out/kb.idx

q() {	# q FIELD QUERY [KBQ ARGS...]: FIELD of the first result, or "none";
	# kbq runs with the environment assignments in $QENV
	field=$1 query=$2
	shift 2
	# shellcheck disable=SC2086
	env $QENV "$B/kbq" --index "$IDX" --json "$@" "$query" >"$tmp/q.json" 2>"$tmp/q.err"
	python3 - "$tmp/q.json" "$field" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
if not r:
    print("none")
else:
    v = r[0]
    for k in sys.argv[2].split("."):
        v = v[int(k)] if isinstance(v, list) else v[k]
    print(v if not isinstance(v, bool) else str(v).lower())
PY
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

# Where a result is published: the article's URL from --base-url (or
# its front matter), and the line the entry or passage starts at.
if "$B/kbc" build "$DOCS" -o "$tmp/urlout" --base-url https://docs.example.com/larkspur/ \
    >/dev/null 2>&1; then
	uq() { "$B/kbq" --index "$tmp/urlout" --json "$@" | python3 -c 'import json,sys
r = json.load(sys.stdin)["results"][0]; print(r["url"], r["line"])'; }
	is "an entry's url and source line" "$(uq LKR-1002)" \
	    "https://docs.example.com/larkspur/en/relay/errors 11"
	is "a passage's url and source line" "$(uq RELAY_SEAL_TIMEOUT)" \
	    "https://docs.example.com/larkspur/en/relay/operations 13"
	"$B/kbq" --index "$tmp/urlout" LKR-1002 >"$tmp/text" 2>&1
	grep -q 'errors.md#relay-error-codes (line 11)' "$tmp/text" &&
	    grep -q 'Online *https://docs.example.com/larkspur/en/relay/errors' "$tmp/text"
	t "text output gives the line and the url" $?
else
	fail "kbc build --base-url"
fi
is "no --base-url: the url is empty" "$(q url LKR-1002)" ""

# Passages in the KB: every kind of block.
kinds=$(sql "$tmp/out/kb.sqlite" "SELECT DISTINCT kind FROM passages ORDER BY kind" | tr '\n' ' ')
is "the KB keeps headings, paragraphs, items, cells and fence lines" "$kinds" \
    "cell fence heading item paragraph "
sec=$(sql "$tmp/out/kb.sqlite" "SELECT s.anchor FROM passages p JOIN sections s ON s.id = p.section_id WHERE p.text LIKE '%RELAY_SEAL_TIMEOUT%'")
is "a fence line's passage belongs to its section" "$sec" "relay-logs"
# A Cause or Solution sub-heading is a part of the error above it, or
# beside it under a scenario; a heading above the section before it is not.
psec() {	# psec TEXT-PREFIX: the section anchor of that passage
	sql "$tmp/out/kb.sqlite" "SELECT s.anchor FROM passages p JOIN sections s ON s.id = p.section_id WHERE p.text LIKE '$1%'"
}
is "a cause sub-heading's text belongs to the error above it" \
    "$(psec 'The minority side of the split')" manifests-stay-unsealed-after-a-network-split
is "... and its solution's" "$(psec 'Heal the split')" manifests-stay-unsealed-after-a-network-split
is "a cause beside an issue, under a scenario, belongs to the scenario" \
    "$(psec 'Two clusters share one discovery tag')" scenario-a-relay-joins-the-wrong-cluster
is "a cause heading above the section before it is its own section" \
    "$(psec 'A heading above the section before it')" cause-2

# An error no rule extracts, answered from its section.
msg='2026-03-04T08:00:00Z relay[77]: RELAY_SEAL_TIMEOUT manifest seal window closed before quorum was reached'
is "a log line found only in a fence: kind section" "$(q kind "$msg")" section
is "... from its article" "$(q article "$msg")" en/relay/operations.md
is "... and section" "$(q anchor "$msg")" relay-logs
is "... with the section's steps as actions" "$(q fixes.0.actions.1 "$msg")" \
    "Restart the relay with larkspurctl restart relay."
is "a truncated message from a fence" "$(q anchor 'manifest seal window closed before')" relay-logs
is "a code written only in a fence" "$(q anchor RELAY_SEAL_TIMEOUT)" relay-logs
is "a passage comes with the passages around it in its section, in order" \
    "$(q messages.2 RELAY_SEAL_TIMEOUT)" "2026-03-01T10:22:41Z relay[4211]: RELAY_SEAL_TIMEOUT manifest seal window closed before quorum was reached"
is "... two before it: the heading first" "$(q messages.0 RELAY_SEAL_TIMEOUT)" "Relay logs"
is "... and three after it" "$(q messages.5 RELAY_SEAL_TIMEOUT)" \
    "Open relay.toml and raise seal_window_ms to 4000."
nmsg() {	# nmsg QUERY: how many messages the first result shows
	q kind "$1" >/dev/null
	python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"][0]["messages"]))' "$tmp/q.json"
}
is "... to the section's end, none of the next section" "$(nmsg RELAY_SEAL_TIMEOUT)" 8
line='relay[9]: accept failed: too many open files (fd 65536)'
is "a snippet is a budget of text: two long paragraphs after the match" \
    "$(nmsg "$line")" 5
is "... the second the last" "$(q messages.4 "$line")" \
    "Until the limit is raised, new uploads are refused and the relay keeps serving the manifests it already holds, until each of them is sealed and its descriptor is closed."
is "none of the section before: a heading match starts the snippet" \
    "$(q messages.0 'Relay logs')" "Relay logs"
"$B/kbq" --index "$IDX" "$msg" >"$tmp/text" 2>&1
grep -q '^1\. *section' "$tmp/text"; t "text output names the kind section" $?
grep -q 'Action *Open relay.toml' "$tmp/text"; t "text output shows the steps" $?
# A symptom in the user's own words, about a single-topic article whose
# text no rule extracts: no one passage holds enough of the words, the
# section as a whole does (the passages' description path).
sym='every night the larkspur journal disk runs out of room because old snapshots are never pruned'
is "a symptom spread over a section: kind section" "$(q kind "$sym")" section
is "... its section" "$(q anchor "$sym")" the-journal-volume-fills-up-overnight
is "... shown from the section's start" "$(q messages.0 "$sym")" \
    "The journal volume fills up overnight"
is "... with a modest confidence" \
    "$(q score "$sym" >/dev/null; python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["score"] <= 0.6)' "$tmp/q.json")" True
# A symptom that one row of a section's table describes: the section
# is shown around that row, not from its heading.
sym2='the light on the larkspur appliance blinks amber twice and a fan sounds slow'
is "a symptom a row describes: shown around that row" \
    "$(q kind "$sym2" >/dev/null; python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["kind"], any(m.startswith("Amber, blinking") for m in r["messages"]))' "$tmp/q.json")" \
    "section True"
is "a symptom of another product sharing its common words: no match" \
    "$(q kind 'the disk of my postgres server is full every night')" none
# The same words led by a code of a form the KB does not hold are
# another product's error, not a description: no section answers them.
is "a description's words after a code the KB lacks: no match" \
    "$(q kind "LJX-4471: $sym")" none
is "... but an identifier elsewhere in a description is a value" \
    "$(q anchor "$sym on host web001")" the-journal-volume-fills-up-overnight
# Bare numbers: a key in a table's first cell is a code, a count in
# running text is not.
is "a number leading a table cell is a code of its section" "$(q anchor 7443)" port-map
is "... of kind section" "$(q kind 7443)" section
is "a number in running text is no code" "$(q kind 86400)" none

# A code that is a plain word is a code when it is all there is; among
# other words it is a word.
is "a word code alone answers" "$(q codes.0 saturated)" Saturated
is "a word code among other words is a word" "$(q kind 'Saturated network links')" none
is "a long identifier pasted in lower case alone answers" "$(q codes.0 uploadtoolarge)" UploadTooLarge

is "an extracted entry still answers first" "$(q kind 'The vault refused the relay token.')" error
is "a foreign error gets no match" \
    "$(q kind 'psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused')" none
is "a number that is only a size is no code" "$(q kind 512)" none
is "Markdown escapes in a pasted line are read as what they stand for" \
    "$(q anchor 'relay\[4211\]: RELAY\_SEAL\_TIMEOUT manifest seal window closed')" relay-logs
is "a code between quotes and an @ is a code" "$(q anchor TENANT_EAST)" tenant-quotas
# An entry of another article shares a few of the words: the passage
# that holds the whole line goes first, the entry after it.
rl='upload rate limit exceeded for tenant'
is "a passage much surer than an entry goes first" "$(q anchor "$rl" --limit 3)" tenant-quotas
is "... and the entry follows" "$(q kind "$rl" --limit 3 >/dev/null; python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][1]["anchor"])' "$tmp/q.json")" relay-error-codes
is "the entry alone when it matches as well" "$(q kind 'Rate limit exceeded.')" error

# A package manager's errors, written as its users see them (a code
# heading over a fence, "If you see" and an indented line, an error as
# a heading), asked as they are pasted: a code, a line with other
# numbers, a CI log line, a truncated message.
is "a CLI error code heading" "$(q anchor ERR_QPK_LOCKFILE_BROKEN)" err_qpk_lockfile_broken
is "its fence line with another line number" \
    "$(q anchor 'The lockfile quill-lock.yaml is broken: duplicated key at line 7')" err_qpk_lockfile_broken
is "a CI log line with other versions" \
    "$(q anchor '2026-02-02T10:00:00Z ci-runner-3 QPK ERR! engine Unsupported engine for quill-cli@9.4.1: wanted: {"node":">=20"}')" \
    unsupported-engine
is "an error as a heading" "$(q article "EACCES: permission denied, mkdir '/usr/local/lib/quill'")" \
    en/quillpack/errors.md
is "a truncated message" "$(q anchor 'Unsupported engine for quill-cli')" unsupported-engine

# Raw HTML: a table and a note are read block by block.
is "a cell of a raw HTML table" \
    "$(q anchor 'The relay lost its cluster lease while the journal was being compacted.')" status-values
is "a code in a raw HTML table, with its row's message" "$(q messages.3 RELAY_LEASE_LOST)" \
    "The relay lost its cluster lease while the journal was being compacted."
is "a raw HTML note" "$(q article 'replica refused the snapshot because its epoch is older')" \
    en/relay/reference.md

# Languages.
for l in sv sv-SE sv_SE.UTF-8 SV; do
	is "--lang $l answers in Swedish" \
	    "$(q locale 'The uploader sent a manifest larger than the relay accepts.' --lang "$l")" sv
done
QENV="LANG=sv_SE.UTF-8 LC_ALL= LC_MESSAGES="
is "LANG=sv_SE.UTF-8 without --lang: Swedish" "$(q locale LKR-1003)" sv
QENV="LANG=sv_SE.UTF-8 LC_ALL=de_DE.UTF-8"
is "LC_ALL before LANG" "$(q locale LKR-1003)" de
QENV="LANG=de_DE LC_ALL= LC_MESSAGES=sv_SE"
is "LC_MESSAGES before LANG" "$(q locale LKR-1003)" sv
QENV="LANG=C LC_ALL= LC_MESSAGES="
is "LANG=C: English" "$(q locale LKR-1003)" en
QENV="-u LANG -u LC_ALL -u LC_MESSAGES"
is "no locale variable: English, though de/ sorts first" "$(q locale LKR-1003)" en
QENV=

# A translation with fewer rows: LKR-1002 has no Swedish row, and the
# row in its place is another error.
m2='The vault refused the relay token.'
is "a row missing from the translation stays in English" "$(q locale "$m2" --lang sv)" en
# ... though the Swedish row of another code shares its HTTP status.
m3='HOOK_URL_INVALID: The webhook address is not valid.'
is "a row missing, the other rows sharing its status: English" \
    "$(q locale "$m3" --lang sv)/$(q codes.0 "$m3" --lang sv)" en/HOOK_URL_INVALID
is "... and a row there is Swedish" \
    "$(q locale HOOK_TIMEOUT --lang sv)" sv
is "... and is the same error" "$(q codes.0 "$m2" --lang sv)" LKR-1002
is "... marked untranslated" "$(q untranslated "$m2" --lang sv)" true
"$B/kbq" --index "$IDX" --lang sv "$m2" >"$tmp/text" 2>&1
grep -q '^ *Note' "$tmp/text"; t "text output says it is not translated" $?
is "a row after it aligns by its code" "$(q codes.0 'The uploader sent a manifest larger than the relay accepts.' --lang sv)" LKR-1003
is "an aligned row is not marked" "$(q untranslated 'The uploader sent a manifest larger than the relay accepts.' --lang sv)" false
is "German has every row: LKR-1002 in German" "$(q locale "$m2" --lang de)" de
# A word taken for a code ("Vault", "Valvet") is translated like any
# word: it does not stop an entry aligned by its place.
is "a translated word-code does not block the alignment" \
    "$(q locale 'The relay could not open the vault while the setup was running.' --lang sv)" sv

finish
