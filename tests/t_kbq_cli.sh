#!/bin/sh
# t_kbq_cli.sh: kbq with untrusted indexes and streams: no control
# character of a document reaches the terminal, standard input keeps its
# last 64 KiB, --follow answers a stream line by line, --index takes the
# output folder, and a missing index says how to give one.
B=${B:-build}
KBQ=$B/kbq
. tests/tap.sh

ESC=$(printf '\033') BEL=$(printf '\007')
C1=$(printf '\302\233') RLO=$(printf '\342\200\256')

# A fictional article whose title, heading, message, code, cause, action
# and file name carry OSC 52 (clipboard) and OSC 0 (window title)
# sequences, a CSI, an 8-bit CSI (U+009B) and a right-to-left override.
mkdir -p "$tmp/docs/en" "$tmp/sd"
cat >"$tmp/docs/en/lantern${ESC}]0;t${BEL}.md" <<EOF2
---
title: Troubleshoot the Lantern relay ${ESC}]0;pwned-title${BEL}
---

# Troubleshoot the Lantern relay

## Relay beacon refused ${ESC}]52;c;ZWNobyBoaQ==${BEL} now

**Error message**: The relay beacon was refused by the harbour gate ${ESC}]0;owned${BEL} ${C1}2J (code LR-4471).

**Error code**: \`LR-4471${ESC}[31m\`

**Possible causes**: The beacon key ${ESC}]52;c;cm0gLXJmIH4=${BEL} expired ${RLO}.

**Recommended action**: Rotate the beacon key ${ESC}[2J with the lantern tool.
EOF2
if ! "$B/kbc" build "$tmp/docs" -o "$tmp/out" >"$tmp/log" 2>&1; then
	fail "kbc builds the sample article: $(tail -2 "$tmp/log")"
	finish
	exit 1
fi
q='relay beacon was refused by the harbour gate'
"$KBQ" --index "$tmp/out/kb.idx" "$q" >"$tmp/o" 2>&1
st=$?;				t "hostile article: status 0" $(( st != 0 ))
grep -q 'harbour gate' "$tmp/o" && grep -q 'Rotate the beacon key' "$tmp/o"
				t "hostile article: answered in text" $?
! grep -q "$ESC" "$tmp/o";	t "text output holds no ESC byte" $?
! grep -q "$BEL" "$tmp/o" && ! grep -q "$C1" "$tmp/o" && ! grep -q "$RLO" "$tmp/o"
				t "text output holds no BEL, 8-bit CSI or bidi override" $?
LC_ALL=C awk '/[\001-\010\013-\037\177]/ { bad = 1 } END { exit bad }' "$tmp/o"
				t "text output holds no C0 control but newline" $?
grep -q 'lantern?]0;t?.md#' "$tmp/o";	t "the path is shown with ? for controls" $?
COLUMNS=200 NO_COLOR= TERM=xterm script -qec "$KBQ --index $tmp/out/kb.idx '$q'" /dev/null >"$tmp/tty" 2>&1 </dev/null
if [ -s "$tmp/tty" ]; then
	# On a terminal only kbq's own colour (ESC [ digits m) is allowed.
	LC_ALL=C sed 's/\x1b\[[0-9;]*m//g' "$tmp/tty" >"$tmp/tty2"
	! grep -q "$ESC" "$tmp/tty2" && grep -q 'harbour gate' "$tmp/tty2"
				t "on a terminal: only kbq's colour sequences" $?
else
	skip "on a terminal" "script(1) unavailable"
fi
"$KBQ" --index "$tmp/out/kb.idx" --json "$q" >"$tmp/o" 2>&1
! grep -q "$ESC" "$tmp/o" && ! grep -q "$C1" "$tmp/o" && ! grep -q "$RLO" "$tmp/o"
				t "JSON output holds no raw ESC, C1 or bidi override" $?
python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))["results"][0]
assert "\x1b]52;c;" in r["section"] and "\x1b]0;owned\x07" in r["messages"][0], r
assert "\x9b" in r["messages"][0] and "\u202e" in r["fixes"][0]["causes"][0], r
' "$tmp/o"
				t "JSON keeps the text, escaped" $?

# The sample KB of source-docs for the stream tests.
if ! "$B/kbc" build source-docs -o "$tmp/sd" >"$tmp/log" 2>&1; then
	fail "kbc builds source-docs: $(tail -2 "$tmp/log")"
	finish
	exit 1
fi
msg='The vault credentials file is not valid. (ID: 41102)'
msg2='Recovery point db-7 has expired and cannot be used for restore.'

# Standard input: the last 64 KiB count, wherever the input ends.
{ yes 'INFO heartbeat ok' | head -c 3000000; echo "$msg"; } |
    timeout 20 "$KBQ" --index "$tmp/sd" --json >"$tmp/o" 2>&1
st=$?;				t "3 MB of log, error last: status 0 (got $st)" $(( st != 0 ))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["query"].endswith("(ID: 41102)\n") and len(d["query"]) <= 65536, len(d["query"])
assert d["query"].startswith("INFO heartbeat ok\n")
assert d["results"][0]["anchor"] == "vault-credentials-arent-valid", d["results"][0]["anchor"]
' "$tmp/o"
				t "the query is the last 64 KiB, from a line start" $?
{ echo "$msg"; yes 'INFO heartbeat ok' | head -c 3000000; } |
    timeout 20 "$KBQ" --index "$tmp/sd" >"$tmp/o" 2>&1
st=$?;				t "error 3 MB before the end is out of the query: status 1" $(( st != 1 ))

# --follow on a fifo fed over time: the first answer comes before the
# stream ends; an entry is printed once.
mkfifo "$tmp/fifo"
timeout 30 "$KBQ" --index "$tmp/sd" --follow --limit 1 <"$tmp/fifo" >"$tmp/f" 2>"$tmp/ferr" &
pid=$!
exec 3>"$tmp/fifo"
echo "$msg" >&3
i=0
while [ $i -lt 100 ] && ! grep -q '^   See' "$tmp/f"; do sleep 0.1; i=$((i + 1)); done
grep -q 'vault-credentials-arent-valid' "$tmp/f"
				t "--follow answers a line before the stream ends" $?
printf 'noise\n%s\n%s\n' "$msg" "$msg2" >&3
exec 3>&-
wait $pid
st=$?;				t "--follow: status 0 at the end of the stream (got $st)" $(( st != 0 ))
n1=$(grep -c 'vault-credentials-arent-valid' "$tmp/f")
				t "--follow: a repeated entry is printed once ($n1)" $(( n1 != 1 ))
grep -q 'usererrorrecoverypointexpired' "$tmp/f"
				t "--follow: a new entry on a later line is printed" $?
printf '%s\n%s\n' "$msg" "$msg2" | "$KBQ" --index "$tmp/sd" --follow --json --limit 1 >"$tmp/f" 2>&1
python3 -c '
import json, sys
ls = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(ls) == 2, ls
assert [json.loads(l)["results"][0]["anchor"] for l in ls] == ["vault-credentials-arent-valid", "usererrorrecoverypointexpired"]
' "$tmp/f"
				t "--follow --json: one object per answered line" $?
echo 'nothing to see' | "$KBQ" --index "$tmp/sd" --follow >"$tmp/f" 2>&1
st=$?;				t "--follow with no match: status 1, silent" $(( st != 1 || $(wc -c <"$tmp/f") != 0 ))
"$KBQ" --index "$tmp/sd" --follow x >/dev/null 2>&1
st=$?;				t "--follow with TEXT: usage error" $(( st != 2 ))

# --index takes the output folder; no index says how to give one.
"$KBQ" --index "$tmp/sd" "$msg" >/dev/null 2>&1
st=$?;				t "--index OUT (a folder): status 0" $(( st != 0 ))
ERRKB_INDEX=$tmp/sd "$KBQ" "$msg" >/dev/null 2>&1
st=$?;				t "ERRKB_INDEX=OUT (a folder): status 0" $(( st != 0 ))
top=$(pwd)
(cd "$tmp/docs" && env -u ERRKB_INDEX "$top/$KBQ" "$msg") >"$tmp/o" 2>"$tmp/e"
st=$?
if [ -e /usr/local/share/errkb/kb.idx ]; then
	skip "no index found" "an index is installed"
else
				t "no index: status 2" $(( st != 2 ))
	grep -q -- '--index' "$tmp/e" && grep -q 'ERRKB_INDEX' "$tmp/e" &&
	    grep -q 'output/kb.idx' "$tmp/e"
				t "no index: says how to give one" $?
fi
"$KBQ" --index "$tmp/none" "$msg" >/dev/null 2>"$tmp/e"
grep -q -- '--index PATH' "$tmp/e";	t "a missing --index: the hint too" $?

finish
