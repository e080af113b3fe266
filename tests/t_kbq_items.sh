#!/bin/sh
# t_kbq_items.sh: an action keeps the list nested under it, end to end.
# tests/extract/nested-actions.md (a fictional product, Lanternfish)
# nests lists under actions in a labelled fix, under a "Solution"
# heading and in an HTML table cell.  The real kbc compiles it; then:
#  - the KB holds the sub-items in action_items, not as actions;
#  - kbq --json gives them as "action_items", a list per action;
#  - kbq's text output prints them indented under their action;
#  - a list nested deeper is folded into its sub-item's text;
#  - kbc report lists them inside their action, where the filter
#    searches them, and not as actions of their own.
B=${B:-build}
. tests/tap.sh
mkdir -p "$tmp/docs"
cp tests/extract/nested-actions.md "$tmp/docs/"
if ! "$B/kbc" build "$tmp/docs" -o "$tmp/out" --quiet >"$tmp/log" 2>&1; then
	fail "kbc build"
	note <"$tmp/log"
	finish
	exit 1
fi
KB=$tmp/out/kb.sqlite IDX=$tmp/out/kb.idx

sql "$KB" "SELECT a.text, i.seq, i.text FROM action_items i
    JOIN actions a ON a.id = i.action_id ORDER BY i.id" >"$tmp/items"
t_cmd "KB: the URLs are sub-items of 'Allow these URLs'" grep -qx \
    'Allow these URLs through the firewall:|1|auth.lanternfish.example' "$tmp/items"
t_cmd "KB: a list nested deeper is folded into its sub-item" grep -qx \
    'Allow these URLs through the firewall:|2|Ports, when a proxy is in the way: 8443; 9443' "$tmp/items"
t_cmd "KB: under a Solution heading too" grep -qx \
    'Look the buoy up by its tag:|0|Open the Buoys page.' "$tmp/items"
t_cmd "KB: in an HTML table cell too" grep -qx \
    'Renew the token:|1|Select Renew. Confirm with the admin key.' "$tmp/items"
st=$(sql "$KB" "SELECT count(*) FROM actions WHERE text LIKE '%lanternfish.example%'
    OR text = 'Open Settings.' OR text LIKE 'Filter by%'")
t "KB: no sub-item is an action of its own (got $st)" "$([ "$st" = 0 ]; echo $?)"

"$B/kbq" --index "$IDX" --json --limit 1 'The relay refused the connection' >"$tmp/q.json" 2>&1
python3 - "$tmp/q.json" >"$tmp/json.out" 2>&1 <<'PY'
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))["results"][0]["fixes"][0]
assert f["actions"] == ["Allow these URLs through the firewall:",
                        "Restart the Lanternfish agent."], f["actions"]
assert f["action_items"] == [["relay.lanternfish.example", "auth.lanternfish.example",
                              "Ports, when a proxy is in the way: 8443; 9443"], []], f
PY
t "kbq --json: action_items, a list per action" $?
note <"$tmp/json.out"
"$B/kbq" --index "$IDX" --json --limit 1 'LF2042 The harbor is full.' >"$tmp/q2.json" 2>&1
python3 - "$tmp/q2.json" >"$tmp/json2.out" 2>&1 <<'PY'
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))["results"][0]["fixes"][0]
assert f["actions"] == ["Free some room."] and "action_items" not in f, f
PY
t "kbq --json: no action_items where no action has sub-items" $?
note <"$tmp/json2.out"

COLUMNS=80 "$B/kbq" --index "$IDX" --limit 1 'The tide token has expired' >"$tmp/q.txt" 2>&1
cat >"$tmp/want.txt" <<'TXT'
   Action   Renew the token:
            - Open Settings.
            - Select Renew. Confirm with the admin key.
   Action   Sync again.
TXT
grep -A3 '^   Action   Renew' "$tmp/q.txt" >"$tmp/got.txt"
t_cmd "kbq: sub-items indented under their action" cmp -s "$tmp/want.txt" "$tmp/got.txt"
diff "$tmp/want.txt" "$tmp/got.txt" | note

"$B/kbc" report "$tmp/out" -o "$tmp/page.html" 2>"$tmp/report.err"
python3 - "$tmp/page.html" >"$tmp/report.out" 2>&1 <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
want = ('<li class="s">Renew the token:<ul class="items"><li>Open Settings.</li>'
        '<li>Select Renew. Confirm with the admin key.</li></ul></li>')
assert want in page, re.findall(r'Renew the token:.{0,200}', page)
assert ('<li class="s">Allow these URLs through the firewall:<ul class="items">'
        '<li>relay.lanternfish.example</li><li>auth.lanternfish.example</li>'
        '<li>Ports, when a proxy is in the way: 8443; 9443</li></ul></li>') in page
# A sub-item is no action of its own; an action without any has no list.
assert not re.search(r'class="s[^"]*">(Open Settings|auth\.lanternfish)', page)
assert '<dd class="s">Free some room.</dd>' in page
assert page.count('<ul class="items">') == 3, page.count('<ul class="items">')
PY
t "kbc report: sub-items listed inside their action" $?
cat "$tmp/report.out" "$tmp/report.err" | note
finish
