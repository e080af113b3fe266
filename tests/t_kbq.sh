#!/bin/sh
# t_kbq.sh: the kbq command line, end to end: options, exit statuses,
# text and JSON output, language mapping, damaged indexes, a 1 MB query,
# binary size and libraries, and the embedded example.
# The index is the sample KB of tests/data/query-kb.sql, written by
# $B/tests/t_query --write-index.
B=${B:-build}
KBQ=$B/kbq
. tests/tap.sh

run() {	# run kbq, keep stdout/stderr/status
	"$KBQ" "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
}
json_ok() {	# JSON in $tmp/out parses and has the documented shape
	python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert set(d) == {"query", "results"}, d.keys()
assert isinstance(d["query"], str)
for r in d["results"]:
    assert list(r) == ["score", "article", "key", "anchor", "locale", "title",
        "section", "kind", "url", "line", "messages", "codes", "fixes",
        "untranslated"], list(r)
    assert 0 <= r["score"] <= 1 and r["kind"] in ("error", "guide", "section")
    assert isinstance(r["untranslated"], bool)
    assert isinstance(r["url"], str) and isinstance(r["line"], int)
    for f in r["fixes"]:
        assert list(f) == ["causes", "actions"]
PY
}

if ! "$B/tests/t_query" --write-index "$tmp/kb.idx" 2>"$tmp/err"; then
	echo "not ok 1 - sample index (t_query --write-index): $(cat "$tmp/err")"
	exit 1
fi
IDX=$tmp/kb.idx

run --version;			t "--version exits 0" $(( st != 0 ))
grep -q '^kbq [0-9]' "$tmp/out";	t "--version prints the version" $?
run --help;			t "--help exits 0" $(( st != 0 ))
grep -q 'Exit status' "$tmp/out";	t "--help documents the exit status" $?
run --bogus x;			t "unknown option: status 2" $(( st != 2 ))
grep -q 'unknown option' "$tmp/err";	t "unknown option: says so" $?
run --limit zero --index "$IDX" x;	t "bad --limit: status 2" $(( st != 2 ))
run --index "$tmp/none.idx" x;	t "missing index: status 2" $(( st != 2 ))
grep -q "none.idx" "$tmp/err";	t "missing index: message names it" $?

q='The license file is invalid or has expired.'
run --index "$IDX" "$q";		t "exact message: status 0" $(( st != 0 ))
grep -q 'invalid or has expired' "$tmp/out" && grep -q 'Action' "$tmp/out" &&
    grep -q 'en/widgets/sync-troubleshoot.md#invalid-license-file' "$tmp/out"
				t "text output: message, actions, path#anchor" $?
grep -q "$(printf '\033')" "$tmp/out";	t "no colour when not a terminal" $(( $? == 0 ))
run --index "$IDX" Segmentation fault;	t "unrelated text: status 1" $(( st != 1 ))
[ ! -s "$tmp/out" ] && grep -q 'no match' "$tmp/err"
				t "no match: nothing on stdout, a note on stderr" $?

printf '2026-01-02 10:11:12 host syncd[42]: ERROR: The sync gateway did not\n  respond within the configured\n  timeout period.\n   at Sync.Gateway.Call()\n' |
    "$KBQ" --index "$IDX" --json >"$tmp/out" 2>"$tmp/err"
st=$?;				t "wrapped log from stdin: status 0" $(( st != 0 ))
json_ok;			t "JSON shape" $?
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; assert r["anchor"]=="gateway-timeout" and r["codes"]==["GATEWAY_TIMEOUT_ERROR"] and r["fixes"][0]["causes"]' "$tmp/out"
				t "JSON fields of the answer" $?
ERRKB_INDEX=$IDX "$KBQ" --json 34513 >"$tmp/out" 2>&1
st=$?;				t "\$ERRKB_INDEX names the index" $(( st != 0 ))
printf 'a\001b\033[31m\377\376 "q" \\ \t\n' | "$KBQ" --index "$IDX" --json >"$tmp/out" 2>&1
st=$?;				t "control bytes and bad UTF-8: status 1" $(( st != 1 ))
json_ok;			t "control bytes and bad UTF-8: valid JSON" $?
python3 -c 'import json,sys; q=json.load(open(sys.argv[1]))["query"]; assert "\ufffd" in q and "\x01" in q and "\"q\"" in q' "$tmp/out"
				t "query echoed with escapes and U+FFFD" $?
printf '' | "$KBQ" --index "$IDX" --json >"$tmp/out" 2>&1
st=$?;				t "empty stdin: status 1" $(( st != 1 ))
json_ok;			t "empty stdin: valid JSON" $?

run --index "$IDX" --json --lang sv "$q"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; assert r["article"]=="sv/widgets/sync-troubleshoot.md" and r["locale"]=="sv" and r["anchor"]=="invalid-license-file", r' "$tmp/out"
				t "--lang sv returns the Swedish entry" $?
run --index "$IDX" --json --limit 1 license
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["results"]) <= 1' "$tmp/out"
				t "--limit 1" $?
COLUMNS=40 "$KBQ" --index "$IDX" 'Free disk space on the cache volume cache volume out of space sync fails' >"$tmp/out" 2>&1
awk '!/^   See/ && length($0) > 40 { bad = 1 } END { exit bad }' "$tmp/out"
				t "COLUMNS=40: lines wrapped to 40" $?

# A 1 MB query answers or refuses, quickly.
python3 -c 'import sys; sys.stdout.write(("sync gateway 0x1fc07 " * 60000)[:1 << 20])' >"$tmp/big"
start=$(date +%s)
timeout 10 "$KBQ" --index "$IDX" --json <"$tmp/big" >"$tmp/out" 2>&1
st=$?
end=$(date +%s)
				t "1 MB query: status 0 or 1 (got $st)" $(( st > 1 ))
				t "1 MB query: within 3 s" $(( end - start > 3 ))

# Damaged indexes: refused with status 2 and a message, never a crash.
run --check --index "$IDX";	t "--check on a good index: status 0" $(( st != 0 ))
size=$(wc -c <"$IDX")
crash=0 bad=0
for len in 0 1 7 8 9 63 64 65 100 200 $((size / 2)) $((size - 9)) $((size - 8)) $((size - 1)); do
	head -c "$len" "$IDX" >"$tmp/t.idx"
	"$KBQ" --index "$tmp/t.idx" license >/dev/null 2>"$tmp/err"; st=$?
	[ $st -ge 128 ] && crash=1
	{ [ $st -ne 2 ] || [ ! -s "$tmp/err" ]; } && bad=1
done
				t "truncated indexes: no crash" $crash
				t "truncated indexes: status 2 with a message" $bad
crash=0 bad=0
for pos in 0 9 17 30 40 70 90 $((size / 3)) $((size / 2)) $((size - 20)) $((size - 3)); do
	cp "$IDX" "$tmp/f.idx"
	printf '\132' | dd of="$tmp/f.idx" bs=1 seek="$pos" conv=notrunc 2>/dev/null
	cmp -s "$IDX" "$tmp/f.idx" && continue
	"$KBQ" --check --index "$tmp/f.idx" >/dev/null 2>"$tmp/err"; st=$?
	[ $st -ge 128 ] && crash=1
	{ [ $st -ne 2 ] || [ ! -s "$tmp/err" ]; } && bad=1
	"$KBQ" --index "$tmp/f.idx" --lang sv license 34513 >/dev/null 2>&1
	[ $? -ge 128 ] && crash=1
done
				t "flipped bytes: no crash" $crash
				t "flipped bytes: --check says status 2 with a message" $bad

# Size and libraries.
strip -o "$tmp/kbq.s" "$KBQ" 2>/dev/null
s=$(wc -c <"$tmp/kbq.s")
if ldd "$KBQ" 2>/dev/null | grep -q -e asan -e ubsan; then
	skip "stripped size" "sanitizer build"
else
	# A small tool to copy onto any machine: the passages' view, the
	# index structure check and --follow took it past 64 KiB, the
	# segment manifest's reader (kbq_segment.c) past 96 KiB, the
	# merge of a base and its deltas (kbq_merge.c, 14 KiB) past 100.
				t "stripped kbq under 128 KiB ($s bytes)" $(( s >= 131072 ))
fi
libs=$(ldd "$KBQ" 2>/dev/null | grep -v -e linux-vdso -e ld-linux -e 'libc\.so' -e 'libm\.so' -e 'statically linked' -e 'libasan' -e 'libubsan' -e 'libstdc' -e 'libgcc' | wc -l)
				t "kbq links only libc and libm" $(( libs != 0 ))

# The embedded example, built the way another product would: kbc embed
# plus libkbq's sources.
if "$B/kbc" embed "$IDX" -o "$tmp/index.c" 2>"$tmp/err" &&
    ${CC:-cc} -std=c11 -Iquery -o "$tmp/emb" examples/embed/main.c "$tmp/index.c" query/kbq_*.c -lm 2>"$tmp/err"; then
	"$tmp/emb" "The license file is invalid or has expired" >"$tmp/out" 2>&1; st=$?
	{ [ $st -eq 0 ] && grep -q 'invalid-license-file' "$tmp/out"; }
				t "embedded example answers with no index file" $?
	"$tmp/emb" "Segmentation fault" >/dev/null 2>&1; st=$?
				t "embedded example: no match is status 1" $(( st != 1 ))
else
				t "embedded example builds: $(head -3 "$tmp/err")" 1
fi

finish
