#!/bin/sh
# t_kbc_spill.sh: a full build's index writer spills its records and
# posting runs to temporary files (KBC_INDEX_MEM bytes of postings held at
# the most; KBC_SPILL_DIR, default the output folder).  However often it
# spills, with any number of threads, the index is byte-identical; no
# temporary file is left behind; and a spill file that cannot be made or
# written fails the build with a message, the previous KB and index left
# as they were.
B=${B:-build}
KBC=$B/kbc
S=${ERRKB_SHARED:-../shared}
. tests/tap.sh
. tests/devroot.sh

# The dev root (19,000 passages: several slices of records when spilling
# at every article), or, without ../shared, the test articles copied.
if have_devroot; then
	devroot "$tmp/d"
else
	for c in a b c d e f; do
		mkdir -p "$tmp/d/$c"
		cp -R source-docs/. "$tmp/d/$c/"
	done
fi
"$KBC" build "$tmp/d" -o "$tmp/o" -q --full 2>/dev/null
t "full build, default bound" $?
"$KBC" export "$tmp/o" >"$tmp/o.exp" 2>/dev/null
t "export of it" $?

KBC_INDEX_MEM=0 "$KBC" build "$tmp/d" -o "$tmp/o0" -q --full --jobs 1 2>/dev/null
t "full build spilling every article's postings, one thread" $?
cmp -s "$tmp/o/kb.idx" "$tmp/o0/kb.idx"
t "its kb.idx is byte-identical" $?
"$KBC" export "$tmp/o0" 2>/dev/null | cmp -s - "$tmp/o.exp"
t "its export is identical" $?

mkdir "$tmp/spill"
KBC_INDEX_MEM=100000 KBC_SPILL_DIR="$tmp/spill" "$KBC" build "$tmp/d" \
    -o "$tmp/o1" -q --full --jobs 3 2>/dev/null
t "full build spilling every 100,000 bytes to another folder, three threads" $?
cmp -s "$tmp/o/kb.idx" "$tmp/o1/kb.idx"
t "its kb.idx is byte-identical" $?
[ -z "$(ls -A "$tmp/spill")" ] && ! ls -A "$tmp/o" "$tmp/o0" "$tmp/o1" |
    grep -q -e spill -e '\.tmp$'
t "no temporary file is left behind" $?
"$B/kbq" --check --index "$tmp/o0/kb.idx" >/dev/null 2>&1
t "kbq --check accepts the spilled index" $?

# A folder where no file can be made: a clear message, nothing replaced.
cp "$tmp/o/kb.sqlite" "$tmp/kb.before"
cp "$tmp/o/kb.idx" "$tmp/idx.before"
KBC_SPILL_DIR=/proc/self/nonexistent "$KBC" build "$tmp/d" -o "$tmp/o" -q \
    --full 2>"$tmp/err"
st=$?
t "a spill folder where no file can be made: status 4 (got $st)" \
    "$([ $st -eq 4 ]; echo $?)"
grep -q "^kbc: cannot make the index's temporary file in /proc/self/nonexistent: " "$tmp/err"
t "the message names the folder and why" $?
grep '^kbc:' "$tmp/err" | note
cmp -s "$tmp/o/kb.sqlite" "$tmp/kb.before" && cmp -s "$tmp/o/kb.idx" "$tmp/idx.before"
t "the previous KB and index are untouched" $?
! ls -A "$tmp/o" | grep -q -e spill -e '\.tmp$'
t "no temporary file is left behind" $?

# A spill folder that fills up (a 64 KiB tmpfs; root only).
mkdir "$tmp/full"
trap 'umount "$tmp/full" 2>/dev/null; rm -rf "$tmp"' EXIT
if mount -t tmpfs -o size=64k tmpfs "$tmp/full" 2>/dev/null; then
	KBC_INDEX_MEM=0 KBC_SPILL_DIR="$tmp/full" "$KBC" build "$tmp/d" \
	    -o "$tmp/o" -q --full 2>"$tmp/err"
	st=$?
	t "a full spill folder: status 4 (got $st)" "$([ $st -eq 4 ]; echo $?)"
	grep -q "^kbc: the index's temporary file in $tmp/full: No space left on device" "$tmp/err"
	t "the message says the disk is full" $?
	grep '^kbc:' "$tmp/err" | note
	cmp -s "$tmp/o/kb.sqlite" "$tmp/kb.before" &&
	    cmp -s "$tmp/o/kb.idx" "$tmp/idx.before"
	t "the previous KB and index are untouched" $?
	[ -z "$(ls -A "$tmp/full")" ] && ! ls -A "$tmp/o" | grep -q -e spill -e '\.tmp$'
	t "no temporary file is left behind" $?
	umount "$tmp/full"
else
	for w in "status 4" "the message" "previous KB untouched" "nothing left"; do
		skip "a full spill folder: $w" "cannot mount a tmpfs (not root)"
	done
fi
"$KBC" build "$tmp/d" -o "$tmp/o" -q --full 2>/dev/null &&
    "$KBC" export "$tmp/o" 2>/dev/null | cmp -s - "$tmp/o.exp"
t "the next build, with room, succeeds and gives the same KB" $?
finish
