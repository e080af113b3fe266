#!/bin/sh
# t_kbc_build.sh: kbc build / check / export end to end on source-docs:
# outputs, export format, expected entries, determinism, diagnostics,
# --werror, check, incremental rebuilds.
B=${B:-build}
KBC=$B/kbc
case $KBC in /*) ;; *) KBC=$(pwd)/$KBC ;; esac
DOCS=source-docs
# The shared folder sits beside the repository (../shared); absent, the
# check-entries tests are skipped with a message.
EVAL=../shared/eval/check-entries
. tests/tap.sh

if [ ! -x "$KBC" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "not ok 1 - $KBC and python3 are needed"
	exit 1
fi

# Copy a docs tree, creating files in the order given by sort flags ($3),
# so readdir() order differs between copies.
copy_tree() { # from to sortflags
	mkdir -p "$2"
	(cd "$1" && find . -type d | sort $3) | while IFS= read -r d; do mkdir -p "$2/$d"; done
	(cd "$1" && find . -type f | sort $3) | while IFS= read -r f; do cp "$1/$f" "$2/$f"; done
}

# Export KB ($1) to file ($2); the status of kbc export.
export_to() { "$KBC" export "$1" >"$2" 2>"$2.err"; }

# ---------------------------------------------------------------- build
"$KBC" build "$DOCS" -o "$tmp/out" 2>"$tmp/build.err"
st=$?
if [ $st -eq 0 ]; then pass "kbc build $DOCS exits 0"; else fail "kbc build $DOCS exits 0 (got $st)"; note <"$tmp/build.err"; fi
if [ -s "$tmp/out/kb.sqlite" ] && [ -s "$tmp/out/kb.idx" ]; then
	pass "build writes kb.sqlite and kb.idx"
else
	fail "build writes kb.sqlite and kb.idx"; ls -la "$tmp/out" 2>&1 | note
fi
if ls -a "$tmp/out" | grep -q 'tmp'; then
	fail "no temporary files left in the output folder"; ls -a "$tmp/out" | note
else
	pass "no temporary files left in the output folder"
fi
# The schema version kbc writes is the one schema/kb.sql declares.
schema_v=$(sed -n 's/^PRAGMA user_version = \([0-9]*\);/\1/p' schema/kb.sql)
python3 - "$tmp/out/kb.sqlite" "$schema_v" >"$tmp/integ" 2>&1 <<'EOF'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
r = db.execute("PRAGMA integrity_check").fetchall()
v = db.execute("PRAGMA user_version").fetchone()[0]
fk = db.execute("PRAGMA foreign_key_check").fetchall()
arts = db.execute("SELECT count(*) FROM articles").fetchone()[0]
fts = db.execute("SELECT count(*) FROM fts").fetchone()[0]
ent = db.execute("SELECT count(*) FROM entries").fetchone()[0]
print(r, v, fk, arts, fts, ent)
sys.exit(0 if r == [("ok",)] and v == int(sys.argv[2]) and not fk and arts > 0 and fts == ent else 1)
EOF
if [ $? -eq 0 ]; then pass "kb.sqlite: integrity ok, user_version $schema_v, foreign keys hold, one fts row per entry"
else fail "kb.sqlite: integrity ok, user_version $schema_v, foreign keys hold, one fts row per entry"; note <"$tmp/integ"; fi
na=$(find "$DOCS" -name '*.md' | wc -l)
nk=$(sql "$tmp/out/kb.sqlite" 'SELECT count(*) FROM articles' 2>&1)
if [ "$na" = "$nk" ]; then pass "every article is in the KB ($na)"; else fail "every article is in the KB ($na files, $nk rows)"; fi

# --------------------------------------------------------------- export
export_to "$tmp/out/kb.sqlite" "$tmp/export.jsonl"
st=$?
if [ $st -eq 0 ] && [ -s "$tmp/export.jsonl" ]; then pass "kbc export exits 0 with output"
else fail "kbc export exits 0 with output (status $st)"; note <"$tmp/export.jsonl.err"; fi
python3 - "$tmp/export.jsonl" "$tmp/out/kb.sqlite" >"$tmp/fmt" 2>&1 <<'EOF'
import json, sqlite3, sys
keys = ["article", "key", "anchor", "locale", "title", "section", "kind", "line", "url",
        "messages", "codes", "fixes"]
bad = []
lines = open(sys.argv[1], "rb").read().split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()
kinds = set()
for i, raw in enumerate(lines, 1):
    try:
        o = json.loads(raw.decode("utf-8"))
    except Exception as e:
        bad.append(f"line {i}: not JSON: {e}"); continue
    if not isinstance(o, dict) or sorted(o) != sorted(keys):
        bad.append(f"line {i}: keys {sorted(o) if isinstance(o, dict) else type(o)}"); continue
    for k in keys[:7]:
        if not isinstance(o[k], str): bad.append(f"line {i}: {k} not a string")
    if not isinstance(o["line"], int) or o["line"] < 1: bad.append(f"line {i}: bad line")
    if o["url"] is not None and not isinstance(o["url"], str): bad.append(f"line {i}: url")
    if o["kind"] not in ("error", "guide"): bad.append(f"line {i}: kind {o['kind']}")
    kinds.add(o["kind"])
    for k in ("messages", "codes"):
        if not isinstance(o[k], list) or not all(isinstance(s, str) and s for s in o[k]):
            bad.append(f"line {i}: {k} not a list of non-empty strings")
    if o["kind"] == "error" and not (o["messages"] or o["codes"]):
        bad.append(f"line {i}: error entry without message or code")
    if not isinstance(o["fixes"], list): bad.append(f"line {i}: fixes not a list"); continue
    for f in o["fixes"]:
        if not isinstance(f, dict) or sorted(f) != ["actions", "causes"] or \
           not all(isinstance(s, str) for s in f["causes"] + f["actions"]):
            bad.append(f"line {i}: fix {f!r:.80}")
    if not o["article"] or not o["anchor"] or o["locale"] not in ("en", "sv", "de"):
        bad.append(f"line {i}: article/anchor/locale {o['article']!r} {o['anchor']!r} {o['locale']!r}")
ent = sqlite3.connect(sys.argv[2]).execute("SELECT count(*) FROM entries").fetchone()[0]
if ent != len(lines): bad.append(f"{len(lines)} lines but {ent} entries")
if kinds != {"error", "guide"}: bad.append(f"kinds seen: {kinds}")
for b in bad[:20]: print(b)
print(f"{len(lines)} lines, {len(bad)} problems")
sys.exit(1 if bad or not lines else 0)
EOF
if [ $? -eq 0 ]; then pass "export: each line is JSON with the documented keys and types ($(tail -1 "$tmp/fmt"))"
else fail "export: each line is JSON with the documented keys and types"; note <"$tmp/fmt"; fi

# A guide answers with steps: one without any is noise in lookups.
python3 - "$tmp/export.jsonl" >"$tmp/guides" 2>&1 <<'EOF'
import json, sys
bad = 0
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    if o["kind"] == "guide" and not any(f["actions"] for f in o["fixes"]):
        print(f"{o['article']}#{o['anchor']}"); bad += 1
sys.exit(bad > 0)
EOF
if [ $? -eq 0 ]; then pass "export: every guide entry has at least one step"
else fail "export: every guide entry has at least one step"; note <"$tmp/guides"; fi

# The locale folders: sv/x.md has key x.md and locale sv.
python3 - "$tmp/export.jsonl" >"$tmp/loc" 2>&1 <<'EOF'
import json, sys
bad = 0
for l in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(l)
    top, rest = o["article"].split("/", 1)
    if o["locale"] != top or o["key"] != rest:
        print(o["article"], o["locale"], o["key"]); bad += 1
sys.exit(bad > 0)
EOF
if [ $? -eq 0 ]; then pass "export: locale and key from the locale folder"; else fail "export: locale and key from the locale folder"; note <"$tmp/loc"; fi

# ---------------------------------------------------- expected entries
if [ -f "$EVAL" ] && [ -f tests/expected/source-docs-entries.jsonl ]; then
	python3 "$EVAL" "$tmp/export.jsonl" tests/expected/source-docs-entries.jsonl \
	    --negatives tests/expected/source-docs-negatives.txt >"$tmp/eval" 2>&1
	st=$?
	last=$(tail -1 "$tmp/eval")
	echo "# check-entries: $last"
	case $last in
	recall=1.000*) pass "check-entries: recall 1.000" ;;
	*) fail "check-entries: recall 1.000 (got: $last)"; grep '^missing' "$tmp/eval" | note ;;
	esac
	if [ $st -eq 0 ]; then pass "check-entries: codes, causes exact and no extra entries"
	else fail "check-entries: codes, causes exact and no extra entries"; grep -v '^missing' "$tmp/eval" | note; fi
else
	skip "check-entries: recall 1.000" "$EVAL absent"
	skip "check-entries: codes, causes exact and no extra entries" "$EVAL absent"
fi

# ---------------------------------------------------------- determinism
copy_tree "$DOCS" "$tmp/d1" ""
copy_tree "$DOCS" "$tmp/d2" "-r"
touch -d '2001-01-01' "$tmp/d2"/*/*/*.md 2>/dev/null
"$KBC" build "$tmp/d1" -o "$tmp/o1" 2>/dev/null
s1=$?
(cd "$tmp" && "$KBC" build d2 -o o2 2>/dev/null)
s2=$?
if [ $s1 -eq 0 ] && [ $s2 -eq 0 ] && cmp -s "$tmp/o1/kb.sqlite" "$tmp/o2/kb.sqlite"; then
	pass "determinism: two clean builds give byte-identical kb.sqlite"
else
	fail "determinism: two clean builds give byte-identical kb.sqlite"; cmp "$tmp/o1/kb.sqlite" "$tmp/o2/kb.sqlite" 2>&1 | note
fi
if [ $s1 -eq 0 ] && cmp -s "$tmp/o1/kb.idx" "$tmp/o2/kb.idx"; then
	pass "determinism: two clean builds give byte-identical kb.idx"
else
	fail "determinism: two clean builds give byte-identical kb.idx"; cmp "$tmp/o1/kb.idx" "$tmp/o2/kb.idx" 2>&1 | note
fi
if cmp -s "$tmp/o1/kb.sqlite" "$tmp/out/kb.sqlite"; then
	pass "determinism: same bytes whatever the docs folder is called"
else
	fail "determinism: same bytes whatever the docs folder is called"
fi
# A --full rebuild over an existing pair goes on counting generations (a
# pair of two builds never shares one): the same rows and the same index
# but for the generation (the index's header byte 60, and its header sum).
"$KBC" build "$tmp/d1" -o "$tmp/o1" --full 2>/dev/null
if python3 -c 'import sqlite3, sys
def rows(p):
    return [l for l in sqlite3.connect(p).iterdump() if "generation" not in l]
def idx(p):
    b = bytearray(open(p, "rb").read())
    b[24:32] = bytes(8); b[60:64] = bytes(4)
    return b
a, b = sys.argv[1:3]
ok = rows(a + "/kb.sqlite") == rows(b + "/kb.sqlite") and idx(a + "/kb.idx") == idx(b + "/kb.idx")
g = [sqlite3.connect(p + "/kb.sqlite").execute("SELECT n FROM generation").fetchone()[0] for p in (a, b)]
sys.exit(0 if ok and g == [2, 1] else 1)' "$tmp/o1" "$tmp/o2"; then
	pass "determinism: --full rebuild over an existing KB: the same rows and index, generation 2"
else
	fail "determinism: --full rebuild over an existing KB: the same rows and index, generation 2"
fi

# ---------------------------------------------------------- diagnostics
python3 - "$tmp/build.err" "$DOCS" >"$tmp/diag" 2>&1 <<'EOF'
import os, re, sys
rx = re.compile(r"^([^:\s][^:]*):([0-9]+):([0-9]+): (warning|error): (.+) \[-W([a-z0-9-]+)\]$")
bad, diags, summary = [], [], None
for l in open(sys.argv[1], encoding="utf-8").read().splitlines():
    if l.startswith("kbc: "):
        summary = l; continue
    m = rx.match(l)
    if not m:
        bad.append(f"not a diagnostic: {l}"); continue
    path, line, col = m.group(1), int(m.group(2)), int(m.group(3))
    # Paths as typed: DOCS_DIR/rel, relative to the current folder.
    full = path
    if not path.startswith(sys.argv[2].rstrip("/") + "/") or not os.path.isfile(full):
        bad.append(f"no such article: {path}"); continue
    nlines = open(full, "rb").read().count(b"\n") + 1
    if line < 1 or line > nlines or col < 1:
        bad.append(f"line {line} outside {path} ({nlines} lines)")
    diags.append((path, line, col))
if not diags: bad.append("no diagnostics at all")
m = re.search(r"([0-9]+) warnings", summary or "")
if not m or int(m.group(1)) != len(diags):
    bad.append(f"summary {summary!r} but {len(diags)} diagnostics")
for b in bad[:20]: print(b)
sys.exit(1 if bad else 0)
EOF
if [ $? -eq 0 ]; then pass "diagnostics: path:line:col: warning: text [-Wname], relative paths, lines in range, count in summary"
else fail "diagnostics: path:line:col: warning: text [-Wname]"; note <"$tmp/diag"; fi
python3 - "$tmp/build.err" >"$tmp/order" 2>&1 <<'EOF'
import re, sys
last, bad = {}, []
for l in open(sys.argv[1], encoding="utf-8").read().splitlines():
    m = re.match(r"^(.+?):([0-9]+):([0-9]+): ", l)
    if not m: continue
    p, pos = m.group(1), (int(m.group(2)), int(m.group(3)))
    if p in last and pos < last[p]:
        bad.append(f"{p}: {last[p][0]}:{last[p][1]} then {pos[0]}:{pos[1]}")
    last[p] = pos
for b in bad[:10]: print(b)
sys.exit(1 if bad else 0)
EOF
if [ $? -eq 0 ]; then pass "diagnostics: each article's in line order"
else fail "diagnostics: each article's in line order"; note <"$tmp/order"; fi
nd=$(grep -c ' \[-W' "$tmp/build.err")
nk=$(sql "$tmp/out/kb.sqlite" 'SELECT count(*) FROM diagnostics' 2>&1)
if [ "$nd" = "$nk" ]; then pass "diagnostics: the KB stores what was printed ($nd)"
else fail "diagnostics: the KB stores what was printed ($nd printed, $nk stored)"; fi
if grep -q 'sv/agent/troubleshoot-agent.md:[0-9]*:[0-9]*: warning: .*\[-Wmojibake\]' "$tmp/build.err"; then
	pass "diagnostics: mojibake in sv/agent/troubleshoot-agent.md reported"
else
	fail "diagnostics: mojibake in sv/agent/troubleshoot-agent.md reported"
fi
if grep -q 'en/agent/support-matrix.md' "$tmp/export.jsonl"; then
	fail "support matrix article gives no entries"
else
	pass "support matrix article gives no entries"
fi

# Unchanged rebuild: as make, the number of warnings, not the list;
# kbc check lists the same diagnostics the build printed.
"$KBC" build "$DOCS" -o "$tmp/out" 2>"$tmp/rebuild.err"
nd=$(grep -c ' \[-W' "$tmp/build.err")
if grep -q "up to date, $nd warnings" "$tmp/rebuild.err"; then pass "unchanged rebuild: up to date, the same number of warnings"
else fail "unchanged rebuild: up to date, the same number of warnings"; note <"$tmp/rebuild.err"; fi
"$KBC" check "$DOCS" 2>"$tmp/check2.err"
grep ' \[-W' "$tmp/build.err" | sort >"$tmp/a.d"
grep ' \[-W' "$tmp/check2.err" | sort >"$tmp/b.d"
if cmp -s "$tmp/a.d" "$tmp/b.d"; then pass "kbc check prints the diagnostics the build printed"
else fail "kbc check prints the diagnostics the build printed"; diff "$tmp/a.d" "$tmp/b.d" | head -5 | note; fi

# -------------------------------------------------------------- --werror
cp "$tmp/out/kb.sqlite" "$tmp/before.sqlite"
cp "$tmp/out/kb.idx" "$tmp/before.idx"
mkdir -p "$tmp/werr/en"
cp "$DOCS/en/agent/troubleshoot-agent.md" "$tmp/werr/en/x.md"
printf '# New\n\n## Broken\n\nSee [missing](#nowhere).\n' >"$tmp/werr/en/y.md"
"$KBC" build "$tmp/werr" -o "$tmp/out" --werror 2>"$tmp/werr.err"
st=$?
if [ $st -eq 1 ]; then pass "--werror with warnings: exit status 1"
else fail "--werror with warnings: exit status 1 (got $st)"; note <"$tmp/werr.err"; fi
if cmp -s "$tmp/out/kb.sqlite" "$tmp/before.sqlite" && cmp -s "$tmp/out/kb.idx" "$tmp/before.idx"; then
	pass "--werror: the previous KB and index are kept"
else
	fail "--werror: the previous KB and index are kept"
fi
if grep -q 'y.md:5:[0-9]*: warning: .*\[-Wbroken-link\]' "$tmp/werr.err"; then
	pass "--werror: the warnings are printed"
else
	fail "--werror: the warnings are printed"; note <"$tmp/werr.err"
fi
if ls -a "$tmp/out" | grep -q 'tmp'; then fail "--werror: no temporary files left"
else pass "--werror: no temporary files left"; fi
mkdir -p "$tmp/clean/en"
printf -- '---\ntitle: Clean\n---\n# Clean\n\n## Errors\n\n| Error code | Error message | Recommended action |\n|---|---|---|\n| 52 | The connection was reset. | Check the firewall. |\n' >"$tmp/clean/en/c.md"
"$KBC" build "$tmp/clean" -o "$tmp/cleanout" --werror 2>"$tmp/clean.err"
st=$?
if [ $st -eq 0 ] && [ -s "$tmp/cleanout/kb.sqlite" ]; then pass "--werror without warnings: exit 0 and a KB"
else fail "--werror without warnings: exit 0 and a KB (got $st)"; note <"$tmp/clean.err"; fi

# ----------------------------------------------------------------- check
mkdir -p "$tmp/chk"
copy_tree "$DOCS" "$tmp/chkdocs" ""
find "$tmp/chkdocs" | sort >"$tmp/chk.before"
(cd "$tmp/chk" && "$KBC" check "$tmp/chkdocs" >"$tmp/check.out" 2>"$tmp/check.err")
st=$?
if [ $st -eq 0 ]; then pass "kbc check exits 0 (warnings only)"; else fail "kbc check exits 0 (got $st)"; fi
grep ' \[-W' "$tmp/check.err" | sed "s|^$tmp/chkdocs/|$DOCS/|" | sort >"$tmp/c.d"
if [ -s "$tmp/c.d" ] && cmp -s "$tmp/a.d" "$tmp/c.d"; then pass "kbc check prints the diagnostics build prints"
else fail "kbc check prints the diagnostics build prints"; diff "$tmp/a.d" "$tmp/c.d" | head -5 | note; fi
find "$tmp/chkdocs" | sort >"$tmp/chk.after"
if cmp -s "$tmp/chk.before" "$tmp/chk.after" && [ -z "$(ls -A "$tmp/chk")" ]; then
	pass "kbc check writes nothing (docs folder and working directory unchanged)"
else
	fail "kbc check writes nothing"; ls -A "$tmp/chk" | note
fi
"$KBC" check "$tmp/chkdocs" --werror >/dev/null 2>&1
st=$?
if [ $st -eq 1 ]; then pass "kbc check --werror with warnings: exit 1"; else fail "kbc check --werror with warnings: exit 1 (got $st)"; fi

# ----------------------------------------------------------- incremental
copy_tree "$DOCS" "$tmp/inc" ""
"$KBC" build "$tmp/inc" -o "$tmp/incout" 2>/dev/null
# Modify one, delete one, add one.
cat >>"$tmp/inc/en/sync/troubleshoot-sync-service.md" <<'EOF'

## Sync group is frozen

| Error code | Error message | Recommended action |
|---|---|---|
| 77001 | The sync group is frozen by an administrator. | Ask the administrator to unfreeze the group. |
EOF
rm "$tmp/inc/en/vault/vault-error-codes.md"
mkdir -p "$tmp/inc/en/new"
cat >"$tmp/inc/en/new/added.md" <<'EOF'
# Added article

## Restore is throttled

**Error message:** Restore requests are throttled for this vault. (ID: 77002)

**Recommended action:** Wait ten minutes, then start the restore again.
EOF
"$KBC" build "$tmp/inc" -o "$tmp/incout" 2>"$tmp/inc.err"
st=$?
"$KBC" build "$tmp/inc" -o "$tmp/incclean" 2>"$tmp/incclean.err"
export_to "$tmp/incout/kb.sqlite" "$tmp/inc.jsonl"
export_to "$tmp/incclean/kb.sqlite" "$tmp/incclean.jsonl"
if [ $st -eq 0 ] && [ -s "$tmp/inc.jsonl" ] && cmp -s "$tmp/inc.jsonl" "$tmp/incclean.jsonl"; then
	pass "incremental: modify + delete + add, export equals a clean build's"
else
	fail "incremental: modify + delete + add, export equals a clean build's (status $st)"
	diff "$tmp/inc.jsonl" "$tmp/incclean.jsonl" | head -6 | cut -c1-200 | note
fi
if grep -q '"77001"' "$tmp/inc.jsonl" && grep -q '"77002"' "$tmp/inc.jsonl" &&
    ! grep -q 'vault-error-codes.md' "$tmp/inc.jsonl"; then
	pass "incremental: new entries in, the deleted article's out"
else
	fail "incremental: new entries in, the deleted article's out"
fi
if grep '^kbc: ' "$tmp/inc.err" | grep -Eq '(^|[^0-9])2 compiled'; then
	pass "incremental: only the changed and added articles are compiled"
else
	fail "incremental: only the changed and added articles are compiled"; grep '^kbc:' "$tmp/inc.err" | note
fi
# As make: the changed articles' diagnostics, and a count of the rest.
grep ' \[-W' "$tmp/inc.err" | sort >"$tmp/i.d"
grep ' \[-W' "$tmp/incclean.err" | sort >"$tmp/ic.d"
wi=$(sed -n 's/^kbc: .* \([0-9]*\) warnings, .*/\1/p' "$tmp/inc.err")
wc=$(sed -n 's/^kbc: .* \([0-9]*\) warnings, .*/\1/p' "$tmp/incclean.err")
if [ -n "$wi" ] && [ "$wi" = "$wc" ] && [ -z "$(comm -23 "$tmp/i.d" "$tmp/ic.d")" ] &&
    [ "$(wc -l <"$tmp/i.d")" -lt "$(wc -l <"$tmp/ic.d")" ] &&
    grep -q '^kbc: [0-9]* more warnings* in [0-9]* unchanged articles* (kbc check lists them)$' "$tmp/inc.err"
then pass "incremental: the changed articles' diagnostics, a summary of the rest, the clean build's count ($wi)"
else fail "incremental: the changed articles' diagnostics, a summary of the rest, the clean build's count"
	note <"$tmp/inc.err"; fi
python3 - "$tmp/incout/kb.sqlite" >"$tmp/incq" 2>&1 <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("PRAGMA integrity_check").fetchone()[0]
orphans = sum(db.execute(q).fetchone()[0] for q in (
    "SELECT count(*) FROM fts WHERE rowid NOT IN (SELECT id FROM entries)",
    "SELECT count(*) FROM messages WHERE entry_id NOT IN (SELECT id FROM entries)",
    "SELECT count(*) FROM entries WHERE article_id NOT IN (SELECT id FROM articles)",
    "SELECT count(*) FROM diagnostics WHERE article_id NOT IN (SELECT id FROM articles)"))
hits = db.execute("SELECT count(*) FROM fts WHERE fts MATCH 'unfreeze'").fetchone()[0]
gone = db.execute("SELECT count(*) FROM fts WHERE fts MATCH 'VaultUnauthorized'").fetchone()[0]
print(r, orphans, hits, gone)
sys.exit(0 if r == "ok" and orphans == 0 and hits == 1 else 1)
EOF
if [ $? -eq 0 ]; then pass "incremental: no orphan rows, full-text search sees the change"
else fail "incremental: no orphan rows, full-text search sees the change"; note <"$tmp/incq"; fi

finish
