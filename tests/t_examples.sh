#!/bin/sh
# t_examples.sh: every kbq example of README.md and of the manual pages
# of section 1 answers on the KB that "make quickstart" builds from
# source-docs/.  Examples are the command lines of README's code blocks
# and of the pages' literal displays ("$ ..."), whose pipeline runs kbq;
# each runs as written, with sh, in a folder holding output/ (that KB)
# and app.log (a log of the fictional product ending in one of its
# errors), with $B first in PATH.  Each must exit 0 and print an answer;
# one that follows a stream (tail -f) must answer within 10 s, then is
# stopped.
B=${B:-build}
. tests/tap.sh

if ! "$B/kbc" build source-docs -o "$tmp/output" --quiet 2>"$tmp/err"; then
	fail "kbc build source-docs: $(tail -1 "$tmp/err")"
	finish
	exit 1
fi
cat >"$tmp/app.log" <<'EOF2'
2026-12-01 10:11:58 harbor-agent[812]: INFO Starting registration with the vault
2026-12-01 10:12:01 harbor-agent[812]: INFO Reading the credentials file
2026-12-01 10:12:03 harbor-agent[812]: ERROR The vault credentials file is not valid. (ID: 41102)
EOF2

PATH=$(cd "$B" && pwd):$PATH python3 - "$tmp" README.md man/*.1 <<'PY'
import os, re, shlex, signal, subprocess, sys

tmp, files = sys.argv[1], sys.argv[2:]

def lines(path):
    """The command lines of the code blocks of path."""
    text = open(path, encoding="utf-8").read().split("\n")
    if path.endswith(".md"):
        fence = False
        for l in text:
            if l.startswith("```"):
                fence = not fence
            elif fence or l.startswith("    "):
                yield l.strip()
    else:
        lit = False
        for l in text:
            if l.startswith(".Bd -literal"):
                lit = True
            elif l.startswith(".Ed"):
                lit = False
            elif lit and l.startswith("$ "):
                yield l[2:].replace("\\e", "\\").replace("\\&", "")

def runs_kbq(cmd):
    try:
        words = shlex.split(cmd, comments=True)
    except ValueError:
        return False
    start = True
    for w in words:
        if start and w == "kbq":
            return True
        start = w in ("|", "&&", "||", ";")
    return False

n = bad = 0
for f in files:
    for cmd in lines(f):
        cmd = cmd.lstrip("$ ").strip()
        if not runs_kbq(cmd):
            continue
        n += 1
        if "| jq" in cmd and subprocess.call("command -v jq", shell=True,
                                             stdout=subprocess.DEVNULL) != 0:
            print("ok %d - %s: %s # SKIP no jq" % (n, f, cmd))
            continue
        follow = "tail -f" in cmd
        p = subprocess.Popen(cmd, shell=True, cwd=tmp, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        try:
            out, err = p.communicate(timeout=10)
            st = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGTERM)
            out, err = p.communicate()
            st = 0 if follow else "timeout"
        out = out.decode("utf-8", "replace")
        answered = out.strip() != "" and st == 0
        if follow:
            answered = answered and "   See " in out
        print("%sok %d - %s: %s" % ("" if answered else "not ", n, f, cmd))
        if not answered:
            bad += 1
            print("#   status %s, stdout %r, stderr %r" % (st, out[:200],
                  err.decode("utf-8", "replace")[:200]))
ok = n >= 12
print("%sok %d - %d kbq examples found in %s" % ("" if ok else "not ", n + 1, n, " ".join(files)))
print("1..%d" % (n + 1))
sys.exit(1 if bad or not ok else 0)
PY
