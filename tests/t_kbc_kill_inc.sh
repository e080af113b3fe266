#!/bin/sh
# t_kbc_kill_inc.sh: incremental builds (an edit, a deletion, a rename)
# killed with SIGKILL at random moments.  The KB is updated in place under
# SQLite's rollback journal, so after each kill: the index is whole and
# is either the previous one or the new one, byte for byte; the KB, once
# opened (which rolls a hot journal back), exports either the previous
# articles or the new ones, with integrity; never a new index beside the
# previous KB; and the next build equals a full one.
B=${B:-build}
KBC=$B/kbc
KBQ=$B/kbq
case $KBC in /*) ;; *) KBC=$(pwd)/$KBC KBQ=$(pwd)/$KBQ ;; esac
KILLS=${KBTEST_KILLS:-8}
. tests/tap.sh
. tests/kill.sh
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT

if ! command -v python3 >/dev/null 2>&1; then
	skip "incremental builds killed" "python3 is needed"
	finish
	exit
fi
kbgen() { sql "$1/kb.sqlite" 'SELECT n FROM generation' 2>/dev/null; }
idxgen() { python3 -c 'import struct, sys
print(struct.unpack_from("<I", open(sys.argv[1], "rb").read(64), 60)[0])' "$1/kb.idx"; }

# About 1000 articles, so that an incremental build lasts long enough to
# be killed in the middle.
d=$tmp/d
i=0
while [ $i -lt 80 ]; do
	mkdir -p "$d/c$i" && cp -R source-docs/. "$d/c$i/"
	i=$((i + 1))
done
"$KBC" build "$d" -o "$tmp/old" -q 2>/dev/null
t "the previous build" $?
"$KBC" export "$tmp/old" >"$tmp/old.jsonl"

# The edits: an article changed, one deleted, a folder renamed.
printf '\n## Upload stops\n\n| Error | Recommended action |\n|---|---|\n| Upload stopped (ID: 7123) | Retry. |\n' \
    >>"$d/c7/en/agent/slow-backups.md"
rm "$d/c3/en/vault/troubleshoot-vault-restore.md"
mv "$d/c5/en/console" "$d/c5/en/konsole"

# The new state, from an incremental build that is not killed.
cp -Rp "$tmp/old" "$tmp/new"
t0=$(now_ms)
"$KBC" build "$d" -o "$tmp/new" -q 2>/dev/null
t "the incremental build, not killed" $?
ms=$(($(now_ms) - t0))
"$KBC" export "$tmp/new" >"$tmp/new.jsonl"
# Timed again, warm, as the builds to kill will run: the first may take
# far longer (a cold cache), and kills timed by it would land too late.
cp -Rp "$tmp/old" "$tmp/t2"
t0=$(now_ms)
"$KBC" build "$d" -o "$tmp/t2" -q 2>/dev/null
ms2=$(($(now_ms) - t0))
[ "$ms2" -lt "$ms" ] && ms=$ms2
rm -rf "$tmp/t2"
! cmp -s "$tmp/old.jsonl" "$tmp/new.jsonl" && ! cmp -s "$tmp/old/kb.idx" "$tmp/new/kb.idx"
t "it changes the export and the index ($ms ms)" $?
q='Upload stopped (ID: 7123)'
"$KBQ" --index "$tmp/old/kb.idx" --json -- "$q" >"$tmp/old.ans" 2>&1
"$KBQ" --index "$tmp/new/kb.idx" --json -- "$q" >"$tmp/new.ans" 2>&1

mid=0 bad=0 k=0
while [ $k -lt "$KILLS" ]; do
	k=$((k + 1))
	rm -rf "$tmp/o"
	cp -Rp "$tmp/old" "$tmp/o"
	w=$(delay 2 80 "$ms" $k)
	killed_build "$w" "$d" -o "$tmp/o"
	st=$?
	[ $st -ne 0 ] && mid=$((mid + 1))
	# Finished before the kill: the machine runs faster now than when
	# the build was timed (its load changes), so later kills come
	# sooner.
	[ $st -eq 0 ] && ms=$(awk -v w="$w" 'BEGIN { printf "%d\n", w * 800 }')
	# Before anything opens the KB: the index answers, as one of the two.
	if cmp -s "$tmp/o/kb.idx" "$tmp/old/kb.idx"; then idx=old
	elif cmp -s "$tmp/o/kb.idx" "$tmp/new/kb.idx"; then idx=new
	else idx=; bad=$((bad + 1)); echo "# kill $k after ${w}s: kb.idx is neither"; fi
	"$KBQ" --index "$tmp/o/kb.idx" --json -- "$q" >"$tmp/ans" 2>&1
	[ -n "$idx" ] && ! cmp -s "$tmp/ans" "$tmp/$idx.ans" &&
	    { bad=$((bad + 1)); echo "# kill $k after ${w}s: kbq does not answer as the $idx index"; }
	# The KB: opening it rolls a hot journal back.
	"$KBC" export "$tmp/o" >"$tmp/x.jsonl" 2>"$tmp/x.err"
	if cmp -s "$tmp/x.jsonl" "$tmp/old.jsonl"; then kb=old
	elif cmp -s "$tmp/x.jsonl" "$tmp/new.jsonl"; then kb=new
	else kb=; bad=$((bad + 1)); echo "# kill $k after ${w}s: the KB exports neither"; note <"$tmp/x.err"; fi
	[ "$(sql "$tmp/o/kb.sqlite" 'PRAGMA integrity_check' 2>&1)" = ok ] ||
	    { bad=$((bad + 1)); echo "# kill $k after ${w}s: integrity_check fails"; }
	[ "$kb" = old ] && ! cmp -s "$tmp/o/kb.sqlite" "$tmp/old/kb.sqlite" &&
	    { bad=$((bad + 1)); echo "# kill $k after ${w}s: the previous KB is not restored byte for byte"; }
	[ "$kb" = old ] && [ "$idx" = new ] &&
	    { bad=$((bad + 1)); echo "# kill $k after ${w}s: a new index beside the previous KB"; }
	[ "$kb" = "$idx" ] && [ "$(kbgen "$tmp/o")" != "$(idxgen "$tmp/o")" ] &&
	    { bad=$((bad + 1)); echo "# kill $k after ${w}s: the pair is of one build, with two generations"; }
	echo "# kill $k after ${w}s (status $st): KB $kb, index $idx"
	# Whatever was left: the next build equals a full one.
	"$KBC" build "$d" -o "$tmp/o" -q 2>/dev/null &&
	    "$KBC" export "$tmp/o" | cmp -s - "$tmp/new.jsonl" &&
	    "$KBQ" --index "$tmp/o/kb.idx" --json -- "$q" 2>&1 | cmp -s - "$tmp/new.ans" &&
	    [ "$(kbgen "$tmp/o")" = "$(idxgen "$tmp/o")" ] ||
	    { bad=$((bad + 1)); echo "# kill $k after ${w}s: the next build is not right"; }
done
if [ $mid -ge $((KILLS / 2)) ]; then
	pass "SIGKILL landed mid-build $mid times of $KILLS"
else
	fail "SIGKILL landed mid-build $mid times of $KILLS (builds too quick to test)"
fi
t "killed incremental builds: the previous or the new pair, whole; the next build right ($bad problems)" "$bad"

finish
