#!/bin/sh
# t_kbc_segments.sh: the segmented index (KBC_SEGMENTS, kb.idx(5)
# "Segments").  A full build writes one base and a manifest naming it;
# an incremental build a delta segment of the articles it extracted
# again, with the tombstones of those it replaced or removed, and a new
# manifest; past KBC_SEGMENTS deltas, a compaction: one new base.  After
# every build the export equals a full build's, and the segments' counts,
# length sums and document frequencies, less the tombstones, equal the
# full index's (tests/seg_sum.c).  kbq answers from a base alone, or
# from a base and deltas merged, exactly as from a full build
# (t_kbq_segments.sh compares many more answers).  Hostile manifests are refused
# each with its own message, quickly; and a build with segments killed
# at random moments leaves the previous manifest or the new one, whole.
B=${B:-build}
KBC=$B/kbc
KBQ=$B/kbq
case $KBC in /*) ;; *) KBC=$(pwd)/$KBC KBQ=$(pwd)/$KBQ ;; esac
SUM=$(dirname "$KBC")/tests/seg_sum
KILLS=${KBTEST_KILLS:-6}
. tests/tap.sh
. tests/kill.sh
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT

if ! command -v python3 >/dev/null 2>&1; then
	skip "segments" "python3 is needed"
	finish
	exit
fi

cp -r source-docs "$tmp/d"
cp -r tests/data/sections/. "$tmp/d/"
export KBC_SEGMENTS=3
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
t "a build with segments" $?
segs() { sed -n 's/^\(base\|delta\) \([^ ]*\) .*/\1/p' "$tmp/o/kb.idx.seg" | tr '\n' ' '; }
[ "$(segs)" = "base " ] && [ ! -e "$tmp/o/kb.idx" ]
t "a full build: a base alone, named by the manifest ($(segs))" $?

q1='The vault credentials file is not valid. (ID: 41102)'
q2='Upload stopped (ID: 7123)'
# same WHAT: the build in $tmp/o against a full one without segments.
same() {
	rm -rf "$tmp/full"
	KBC_SEGMENTS= "$KBC" build "$tmp/d" -o "$tmp/full" --full -q 2>/dev/null
	"$KBC" export "$tmp/o" >"$tmp/x.seg"
	"$KBC" export "$tmp/full" >"$tmp/x.full"
	cmp -s "$tmp/x.seg" "$tmp/x.full"
	t "$1: export equals a full build's" $?
	"$SUM" "$tmp/full/kb.idx" "$tmp/o" >"$tmp/sum" 2>&1
	st=$?
	note <"$tmp/sum"
	t "$1: the segments less their tombstones sum to the full index" $st
	bad=0
	for q in "$q1" "$q2" 'backup stalls' 'Zugriff verweigert'; do
		a=$("$KBQ" --index "$tmp/o/kb.idx" --json -- "$q" 2>&1)
		b=$("$KBQ" --index "$tmp/full/kb.idx" --json -- "$q" 2>&1)
		[ "$a" = "$b" ] || bad=$((bad + 1))
	done
	t "$1: the segments ($(segs)) answer as a full build ($bad of 4 differ)" $bad
}
same "the first build"

# Round 1: an edit, a deletion, a rename, an added article, and an edit
# hidden by touch -r (same size, same mtime).
f=$tmp/d/en/agent/slow-backups.md
printf '\n## Upload stops\n\n| Error | Recommended action |\n|---|---|\n| Upload stopped (ID: 7123) | Retry. |\n' >>"$f"
rm "$tmp/d/en/vault/troubleshoot-vault-restore.md"
mv "$tmp/d/en/console" "$tmp/d/en/konsole"
printf '# Relay faults\n\n| Error | Recommended action |\n|---|---|\n| Relay refused the tunnel (ID: 7301) | Restart the relay. |\n' \
    >"$tmp/d/en/agent/relay-faults.md"
h=$(ls "$tmp/d/en/sync/"*.md | head -1)
cp -p "$h" "$tmp/ref"
sed 's/a/e/' "$tmp/ref" >"$h"
touch -r "$tmp/ref" "$h"
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
t "round 1: the build" $?
[ "$(segs)" = "base delta " ]
t "round 1: a base and a delta ($(segs))" $?
same "round 1"

# Rounds 2 and 3: more deltas; round 4 passes KBC_SEGMENTS=3 and compacts.
for r in 2 3 4; do
	printf '\n## Relay stops %s\n\n| Error | Recommended action |\n|---|---|\n| Relay stopped (ID: 740%s) | Restart it. |\n' $r $r \
	    >>"$tmp/d/en/agent/relay-faults.md"
	[ $r = 3 ] && rm "$tmp/d/en/agent/slow-backups.md"
	KBC_PROFILE=1 "$KBC" build "$tmp/d" -o "$tmp/o" -q 2>"$tmp/e"
	t "round $r: the build" $?
	if [ $r = 4 ]; then
		grep -q 'compacting the segments' "$tmp/e" &&
		    grep -q "passages' words taken from the previous index" "$tmp/e"
		t "round 4: a compaction, the kept articles' words from the base" $?
	fi
	case $r in 4) want="base " ;; *) want="base$(seq $r | sed 's/.*/ delta/' | tr -d '\n') " ;; esac
	[ "$(segs)" = "$want" ]
	t "round $r: $want($(segs))" $?
	same "round $r"
done
n_files=$(ls "$tmp/o" | grep -c '^kb\.idx\.')
[ "$n_files" = 2 ]
t "after a compaction only the base and the manifest are left ($n_files)" $?

# The same docs without segments: one kb.idx, the manifest and segments gone.
KBC_SEGMENTS= "$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
[ -f "$tmp/o/kb.idx" ] && [ "$(ls "$tmp/o" | grep -c '^kb\.idx\.')" = 0 ]
t "a build without segments leaves kb.idx alone" $?
a=$("$KBQ" --index "$tmp/o/kb.idx" --json -- "$q1" 2>&1)
b=$("$KBQ" --index "$tmp/full/kb.idx" --json -- "$q1" 2>&1)
[ "$a" = "$b" ]
t "... which answers as a full build" $?
# And back: the stat cache vouched for kb.idx, not for a manifest, so the
# first build with segments again compacts into a new base.
printf '\n## Relay halts\n\n| Error | Recommended action |\n|---|---|\n| Relay halted (ID: 7501) | Restart it. |\n' \
    >>"$tmp/d/en/agent/relay-faults.md"
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
t "segments again: the build" $?
[ "$(segs)" = "base " ] && [ ! -e "$tmp/o/kb.idx" ]
t "segments again: a new base in kb.idx's place ($(segs))" $?
same "segments again"
printf '\n## Relay halts again\n\n| Error | Recommended action |\n|---|---|\n| Relay halted again (ID: 7502) | Restart it. |\n' \
    >>"$tmp/d/en/agent/relay-faults.md"
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
[ "$(segs)" = "base delta " ]
t "segments again: then a delta ($(segs))" $?
same "segments again, a delta"

# Hostile manifests: each refused with its message, within 10 seconds.
h=$tmp/h
mkdir "$h"
cp "$tmp/o"/kb.idx.* "$h/"
d1=$(ls "$h" | grep '^kb\.idx\.d')
good=$(cat "$h/kb.idx.seg")
gen=$(sed -n 's/^generation //p' "$h/kb.idx.seg")
bline=$(grep '^base ' "$h/kb.idx.seg")
dline=$(grep '^delta ' "$h/kb.idx.seg")
bsize=$(echo "$bline" | cut -d' ' -f3)
bsum=$(echo "$bline" | cut -d' ' -f4)
bname=$(echo "$bline" | cut -d' ' -f2)
hostile() { # WHAT MESSAGE: the manifest is in $h/m
	rm -f "$h/kb.idx.seg"
	mv "$h/m" "$h/kb.idx.seg"	# never read: it may be a FIFO
	timeout 10 "$KBQ" --index "$h/kb.idx" -- "$q1" >"$h/out" 2>&1
	st=$?
	if [ $st = 2 ] && grep -q -- "$2" "$h/out"; then
		pass "hostile manifest: $1"
	else
		fail "hostile manifest: $1 (status $st)"
		note <"$h/out"
	fi
	rm -f "$h/m"
	rm -f "$h/kb.idx.seg" 2>/dev/null
}
mk() { printf '%s\n' "$@" >"$h/m"; }
mk "errkb-segmentz 1" "generation $gen" "$bline" "end 1"
hostile "bad magic" "not a segment manifest"
mk "errkb-segments 2" "generation $gen" "$bline" "end 1"
hostile "a newer version" "not of version 1"
mk "errkb-segments 1" "generation x$gen" "$bline" "end 1"
hostile "a bad generation line" 'not "generation N"'
mk "errkb-segments 1" "generation $gen" "base ../kb.idx $bsize $bsum" "end 1"
hostile "a path outside the folder" 'bad segment name "../kb.idx"'
mk "errkb-segments 1" "generation $gen" "base /etc/passwd $bsize $bsum" "end 1"
hostile "an absolute path" 'bad segment name "/etc/passwd"'
mk "errkb-segments 1" "generation $gen" "base kb.idx.seg $bsize $bsum" "end 1"
hostile "the manifest as a segment" 'bad segment name "kb.idx.seg"'
mk "errkb-segments 1" "generation $gen" "base kb.idx.ghost $bsize $bsum" "end 1"
hostile "a missing segment" "kb.idx.ghost: No such file"
ln -s "$bname" "$h/kb.idx.link"
mk "errkb-segments 1" "generation $gen" "base kb.idx.link $bsize $bsum" "end 1"
hostile "a symbolic link as a segment" "kb.idx.link: Too many levels"
mkfifo "$h/kb.idx.fifo" 2>/dev/null
mk "errkb-segments 1" "generation $gen" "base kb.idx.fifo $bsize $bsum" "end 1"
hostile "a FIFO as a segment" "kb.idx.fifo: not a regular file"
mk "errkb-segments 1" "generation $gen" "base $bname $((bsize + 1)) $bsum" "end 1"
hostile "a wrong size" "$bname: not the file the manifest names"
mk "errkb-segments 1" "generation $gen" "base $bname $bsize 0123456789abcdef" "end 1"
hostile "a wrong header sum" "$bname: not the file the manifest names"
mk "errkb-segments 1" "generation $gen" "$bline" "end 1"
hostile "a base of an older generation alone" "is of generation [0-9]*, the manifest of $gen"
mk "errkb-segments 1" "generation $((gen + 1))" "$bline" "$dline" "end 2"
hostile "segments of another generation" "is of generation $gen, the manifest of $((gen + 1))"
mk "errkb-segments 1" "generation $gen" "$bline" "$dline"
hostile "truncated: no end line" 'truncated (no "end" line)'
printf 'errkb-segments 1\ngeneration %s\n%s\n%s\nend 2' "$gen" "$bline" "$dline" >"$h/m"
hostile "truncated: no last newline" 'truncated (no "end" line)'
mk "errkb-segments 1" "generation $gen" "$bline" "$dline" "end 3"
hostile "a lying count" '"end" does not count 2 segments'
mk "errkb-segments 1" "generation $gen" "$bline" "$dline" "end 2" "delta x"
hostile "bytes after the end" 'bytes after the "end" line'
mk "errkb-segments 1" "generation $gen" "$bline" "$dline" "$dline" "end 3"
hostile "a segment named twice" "its tombstones apply to generation [0-9]*, not $gen"
mk "errkb-segments 1" "generation $gen" "$(echo "$dline" | sed 's/^delta/base/')" "end 1"
hostile "a delta as the base" "a base with tombstones"
cp "$h/$bname" "$h/kb.idx.bcopy"
mk "errkb-segments 1" "generation $gen" "$bline" "delta kb.idx.bcopy $bsize $bsum" "end 2"
hostile "a base as a delta" "a delta without tombstones"
mk "errkb-segments 1" "generation $gen" "$dline" "end 1"
hostile "no base" 'segment 1: not "base NAME SIZE SUM"'
{ echo "errkb-segments 1"; echo "generation $gen"; echo "$bline"
  i=0; while [ $i -lt 70 ]; do echo "delta kb.idx.x$i 1 0123456789abcdef"; i=$((i + 1)); done
  echo "end 71"; } >"$h/m"
hostile "too many deltas" "more than 64 delta segments"
head -c 9000 /dev/zero | tr '\0' 'a' >"$h/m"
hostile "a huge manifest" "not a regular file of at most 8192 bytes"
mkfifo "$h/m" 2>/dev/null
hostile "a FIFO as the manifest" "not a regular file of at most"
mkdir "$h/m"
hostile "a folder as the manifest" "not a regular file of at most"
rmdir "$h/kb.idx.seg"
# A delta whose tombstones apply to another generation: the manifest is
# rewritten with its own generation numbers shifted (the sums then lie).
python3 - "$h" "$d1" <<'PY'
import os, struct, sys
h, d1 = sys.argv[1], sys.argv[2]
p = os.path.join(h, d1)
b = bytearray(open(p, "rb").read())
nsect = struct.unpack_from("<I", b, 12)[0]
for i in range(nsect):
    tag, off = struct.unpack_from("<4sI", b, 64 + 16 * i)
    if tag == b"TOMB":
        struct.pack_into("<I", b, off, struct.unpack_from("<I", b, off)[0] + 7)
open(os.path.join(h, "kb.idx.dx"), "wb").write(bytes(b))
PY
mk "errkb-segments 1" "generation $gen" "$bline" "$(echo "$dline" | sed "s/$d1/kb.idx.dx/")" "end 2"
hostile "tombstones of another generation" "its tombstones apply to generation"
printf '%s\n' "$good" >"$h/kb.idx.seg"
"$KBQ" --index "$h/kb.idx" --json -- "$q1" >"$h/out" 2>&1
"$KBQ" --index "$tmp/full/kb.idx" --json -- "$q1" >"$h/full" 2>&1
cmp -s "$h/out" "$h/full"
t "the manifest as written: base and delta answer as a full build" $?

# SIGKILL: builds with segments killed at random moments.  After each,
# the manifest is the previous one or the new one, byte for byte, every
# segment it names is there and sound, and the next build sums right.
k=$tmp/k
mkdir "$k"
i=0
while [ $i -lt 30 ]; do
	mkdir -p "$k/d/c$i" && cp -R source-docs/. "$k/d/c$i/"
	i=$((i + 1))
done
"$KBC" build "$k/d" -o "$k/old" -q 2>/dev/null
printf '\n## Upload halts\n\n| Error | Recommended action |\n|---|---|\n| Upload halted (ID: 7711) | Retry. |\n' \
    >>"$k/d/c7/en/agent/slow-backups.md"
rm "$k/d/c3/en/vault/troubleshoot-vault-restore.md"
cp -Rp "$k/old" "$k/new"
t0=$(now_ms)
"$KBC" build "$k/d" -o "$k/new" -q 2>/dev/null
ms=$(($(now_ms) - t0))
# Timed again, warm, as the builds to kill will run (the first may have
# read a cold cache, and kills timed by it would land too late).
cp -Rp "$k/old" "$k/t2"
t0=$(now_ms)
"$KBC" build "$k/d" -o "$k/t2" -q 2>/dev/null
ms2=$(($(now_ms) - t0))
[ "$ms2" -lt "$ms" ] && ms=$ms2
rm -rf "$k/t2"
grep -q '^delta ' "$k/new/kb.idx.seg" && ! cmp -s "$k/old/kb.idx.seg" "$k/new/kb.idx.seg"
t "kills: the build not killed writes a delta ($ms ms)" $?
bad=0 mid=0 j=0
while [ $j -lt "$KILLS" ]; do
	j=$((j + 1))
	rm -rf "$k/o"
	cp -Rp "$k/old" "$k/o"
	w=$(delay 2 90 "$ms" $j)
	killed_build "$w" "$k/d" -o "$k/o"
	if cmp -s "$k/o/kb.idx.seg" "$k/old/kb.idx.seg"; then
		"$KBQ" --index "$k/o/kb.idx" --json -- "$q1" >"$k/a1" 2>&1
		"$KBQ" --index "$k/old/kb.idx" --json -- "$q1" >"$k/a0" 2>&1
		cmp -s "$k/a0" "$k/a1" || { bad=$((bad + 1)); echo "kill $j: the previous manifest answers otherwise" | note; }
		mid=$((mid + 1))
	elif cmp -s "$k/o/kb.idx.seg" "$k/new/kb.idx.seg"; then
		KBC_SEGMENTS= "$KBC" build "$k/d" -o "$k/full" --full -q 2>/dev/null
		"$SUM" "$k/full/kb.idx" "$k/o" >/dev/null 2>&1 ||
		    { bad=$((bad + 1)); echo "kill $j: the new manifest does not sum" | note; }
	else
		bad=$((bad + 1))
		echo "kill $j: a manifest neither old nor new" | note
	fi
	"$KBC" build "$k/d" -o "$k/o" -q 2>/dev/null &&
	    KBC_SEGMENTS= "$KBC" build "$k/d" -o "$k/full" --full -q 2>/dev/null &&
	    "$SUM" "$k/full/kb.idx" "$k/o" >/dev/null 2>&1 &&
	    "$KBC" export "$k/o" >"$k/x1" && "$KBC" export "$k/full" >"$k/x2" && cmp -s "$k/x1" "$k/x2" ||
	    { bad=$((bad + 1)); echo "kill $j: the next build is not right" | note; }
done
t "kills: $KILLS builds killed ($mid before the new manifest), each left a whole generation" $bad

finish
