#!/bin/sh
# t_report.sh: kbc report, end to end.  The page for source-docs/ is
# written, deterministic, self-contained (nothing fetched: no external
# script, style, font or image), and escapes whatever the KB holds; bad
# arguments, KBs and output folders get the documented statuses and never
# damage an existing page.  Then the page is rendered in headless Chromium:
# the rendered DOM holds every entry of the KB with its messages, codes,
# causes and actions; the filter, given as report.html#q=..., shows exactly
# the matching entries (words ANDed, case and diacritics ignored) and hides
# articles left empty; typing into the box filters too.  A screenshot of a
# filtered page is kept in $B/tests/report.png for people to look at.
B=${B:-build}
KBC=$B/kbc
. tests/tap.sh


if ! "$KBC" build source-docs -o "$tmp/kb" --quiet 2>"$tmp/err"; then
	echo "not ok 1 - kbc build source-docs: $(tail -1 "$tmp/err")"
	exit 1
fi
KB=$tmp/kb/kb.sqlite
"$KBC" export "$KB" >"$tmp/entries.jsonl"

# The checks on pages, in Python: check.py MODE PAGE [ARG].
cat >"$tmp/check.py" <<'PY'
import html, html.parser, json, re, sqlite3, sys, unicodedata

mode, page = sys.argv[1], sys.argv[2]
arg = sys.argv[3] if len(sys.argv) > 3 else ""
raw = open(page, "rb").read()
text = raw.decode("utf-8")          # fails on invalid UTF-8

VOID = {"meta", "input", "br", "img", "hr", "link", "wbr", "source"}

class Page(html.parser.HTMLParser):
    """The articles and entries of a page, with the texts the filter searches
    (elements of class "s"), and the counter."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.arts, self.entries, self.diags = [], [], [], []
        self.shown, self.shown_text, self.body = None, "", {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "body":
            self.body = a
        if tag == "section" and "art" in cls:
            self.arts.append({"id": a["id"], "hidden": "hidden" in a, "head": [], "entries": [],
                              "diags": []})
        if tag == "article" and "entry" in cls:
            e = {"id": a["id"], "hidden": "hidden" in a, "s": [], "art": self.arts[-1],
                 "w": (a.get("data-w") or "").split()}
            self.entries.append(e)
            self.arts[-1]["entries"].append(e)
        if tag == "li" and "diag" in cls:
            d = {"hidden": "hidden" in a, "s": [], "w": a.get("data-w"), "n": len(self.diags)}
            self.diags.append(d)
            self.arts[-1]["diags"].append(d)
        if "s" in cls:
            if self.in_class("entry"):
                self.entries[-1]["s"].append("")
            elif self.in_class("diag"):
                self.diags[-1]["s"].append("")
            elif self.in_class("ah"):
                self.arts[-1]["head"].append("")
        if tag == "span" and a.get("id") == "shown":
            self.shown = a
        if tag not in VOID:
            self.stack.append((tag, cls, a.get("id")))
    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
    def in_class(self, c):
        return any(c in cls for _, cls, _ in self.stack)
    def handle_data(self, d):
        if any(i == "shown" for _, _, i in self.stack):
            self.shown_text += d
        if not self.in_class("s"):
            return
        if self.in_class("entry"):
            self.entries[-1]["s"][-1] += d
        elif self.in_class("diag"):
            self.diags[-1]["s"][-1] += d
        elif self.in_class("ah"):
            self.arts[-1]["head"][-1] += d

def parse(t):
    p = Page()
    p.feed(t)
    return p

def norm(s):
    s = unicodedata.normalize("NFD", s)
    s = re.sub("[\u0300-\u036f]", "", s).lower()
    return re.sub(r"\s+", " ", s)

def matches(p, q, warn="", diags=False):
    """The entries (or diagnostics) the filter q and the warning box warn
    keep: every word in the text, and the warning among theirs."""
    words = [w for w in norm(q).split(" ") if w]
    hit = set()
    for a in p.arts:
        head = "".join(" " + h for h in a["head"])
        for e in (a["diags"] if diags else a["entries"]):
            t = norm(head + "".join(" " + s for s in e["s"]))
            ws = [e["w"]] if diags else e["w"]
            if all(w in t for w in words) and (not warn or warn in ws):
                hit.add(e["n"] if diags else e["id"])
    return hit

def fail(msg):
    print("#   " + msg)
    sys.exit(1)

if mode == "totals":
    # The header's totals agree with the KB.
    db = sqlite3.connect(arg)
    na, ne, nd = (db.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                  for t in ("articles", "entries", "diagnostics"))
    m = re.search(r'id="totals" data-articles="(\d+)" data-entries="(\d+)" data-diagnostics="(\d+)">'
                  r'(\d+) articles, (\d+) entries', text)
    if not m or tuple(map(int, m.groups())) != (na, ne, nd, na, ne) or ne == 0:
        fail("totals %s, KB %d %d %d" % (m and m.groups(), na, ne, nd))
elif mode == "static":
    # Self-contained: nothing is loaded from anywhere.
    if not text.startswith("<!DOCTYPE html>"):
        fail("no doctype")
    low = text.lower()
    for bad in ("<link", "<iframe", "<img", "<object", "<embed", "@import", "url(", " src=",
                "http://", "https://", "//fonts", "fetch(", "xmlhttprequest"):
        if bad in low:
            fail("page refers to something outside: %r" % bad)
    if low.count("<script") != 1 or low.count("<style") != 1:
        fail("expected one inline <script> and one <style>")
    import os
    rel = os.environ.get("ALLOW_REL")
    for href in re.findall(r'href="([^"]*)"', text):
        if href.startswith("#"):
            continue
        if not rel or ":" in href.split("#")[0] or href.startswith("/"):
            fail("link out of the page: " + href)
elif mode == "entries":
    # Every entry of the KB, with its messages, codes, causes and actions.
    p = parse(text)
    rows = [json.loads(l) for l in open(arg, encoding="utf-8")]
    if len(p.entries) != len(rows) or not rows:
        fail("%d entries on the page, %d in the KB" % (len(p.entries), len(rows)))
    page_text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    page_text = re.sub(r"\s+", " ", page_text)
    for r in rows:
        fields = r["messages"] + r["codes"] + [r["title"], r["article"]]
        for f in r["fixes"]:
            fields += f["causes"] + f["actions"]
        for f in fields:
            if re.sub(r"\s+", " ", f).strip() not in page_text:
                fail("missing from the page: %r (%s line %d)" % (f, r["article"], r["line"]))
    db = sqlite3.connect(sys.argv[4])
    ndiag = db.execute("SELECT count(*) FROM diagnostics").fetchone()[0]
    nloc = len(re.findall(r'<code class="loc s">', text))
    if nloc != ndiag or ndiag == 0:
        fail("%d diagnostics on the page, %d in the KB" % (nloc, ndiag))
    for path, line, col, name in db.execute(
            "SELECT a.path, d.line, d.col, d.name FROM diagnostics d JOIN articles a ON a.id = d.article_id"):
        if "%s:%d:%d</code>" % (html.escape(path), line, col) not in text or "[-W%s]" % name not in text:
            fail("diagnostic %s:%d [-W%s] missing" % (path, line, name))
elif mode == "filtered":
    # The page was rendered with the filter arg (and the warning box set
    # to $WARN): exactly the matching entries and diagnostics are
    # visible, the counter says so, articles left empty are hidden.
    import os
    warn = os.environ.get("WARN", "")
    p = parse(text)
    want = matches(p, arg, warn)
    seen = {e["id"] for e in p.entries if not e["hidden"]}
    if seen != want:
        fail("filter %r: %d visible, %d expected (extra %s, missing %s)" % (
            arg, len(seen), len(want), sorted(seen - want)[:5], sorted(want - seen)[:5]))
    dwant = matches(p, arg, warn, True)
    dseen = {d["n"] for d in p.diags if not d["hidden"]}
    if dseen != dwant:
        fail("filter %r: %d diagnostics visible, %d expected" % (arg, len(dseen), len(dwant)))
    on = arg.strip() or warn
    say = ("%d of %d entries match" % (len(want), len(p.entries)) if on
           else "%d entries" % len(p.entries))
    if p.shown is None or int(p.shown.get("data-shown", -1)) != len(want) or p.shown_text != say:
        fail("counter says %r (%s), want %r" % (p.shown_text, p.shown, say))
    for a in p.arts:
        vis = any(not e["hidden"] for e in a["entries"] + a["diags"])
        if a["hidden"] == vis and on:
            fail("article %s hidden=%s with %s visible entries" % (a["id"], a["hidden"], vis))
    print("#   filter %r -W%s: %d of %d entries, %d of %d diagnostics" % (
        arg, warn, len(want), len(p.entries), len(dwant), len(p.diags)))
    if len(sys.argv) > 4:
        lo, hi = sys.argv[4].split(":")
        if not int(lo) <= len(want) <= int(hi):
            fail("%d matches, expected %s..%s" % (len(want), lo, hi))
elif mode == "expect":
    # Independently of the page: the entries of the export that hold arg.
    rows = [json.loads(l) for l in open(sys.argv[4], encoding="utf-8")]
    k = 0
    for r in rows:
        fields = r["messages"] + r["codes"] + [r["title"], r["article"], r["section"]]
        for f in r["fixes"]:
            fields += f["causes"] + f["actions"]
        k += any(norm(arg) in norm(f) for f in fields)
    p = parse(text)
    seen = sum(1 for e in p.entries if not e["hidden"])
    if seen != k or k == 0:
        fail("filter %r: %d visible, the export has %d" % (arg, seen, k))
elif mode == "typed":
    p = parse(text)
    want = matches(p, arg)
    seen = {e["id"] for e in p.entries if not e["hidden"]}
    if seen != want or not want or len(want) == len(p.entries):
        fail("typed %r: %d visible, %d expected" % (arg, len(seen), len(want)))
    if p.body.get("data-hash") != "#q=" + arg:
        fail("address after typing: %r" % p.body.get("data-hash"))
elif mode == "sources":
    # --docs: the article, each entry and each diagnostic link to the
    # source file (relative to the page) and line, and the files exist.
    import os, urllib.parse
    db = sqlite3.connect(arg)
    base = os.path.dirname(page)
    links = re.findall(r'<a class="src" href="([^"]*)">([^<]*)</a>', text)
    files = {}
    for href, label in links:
        path, _, frag = urllib.parse.unquote(html.unescape(href)).partition("#")
        if not os.path.isfile(os.path.join(base, path)):
            fail("source link to a missing file: " + href)
        files.setdefault(path, set()).add(frag)
    arts = db.execute("SELECT path FROM articles").fetchall()
    if len(files) != len(arts):
        fail("%d articles link to sources, the KB has %d" % (len(files), len(arts)))
    for path, line in db.execute("SELECT a.path, e.line FROM entries e JOIN articles a ON a.id = e.article_id"
                                 " UNION SELECT a.path, d.line FROM diagnostics d JOIN articles a ON a.id = d.article_id"):
        if not any(p.endswith("/" + path) and "L%d" % line in f for p, f in files.items()):
            fail("no source link to %s line %d" % (path, line))
elif mode == "parts":
    # The index page of a report in parts: no article on it, the list of
    # every article linking into the part that holds it; each part holds
    # at most arg articles, and together they hold every entry once.
    import os
    per = int(arg)
    db = sqlite3.connect(sys.argv[4])
    p = parse(text)
    if p.arts or p.entries:
        fail("articles on the index page")
    base = os.path.dirname(page)
    links = re.findall(r'<li class="ti" data-w="[^"]*"><a class="pl" href="([^"#]*)#(a\d+)"', text)
    if len(links) != db.execute("SELECT count(*) FROM articles").fetchone()[0]:
        fail("%d articles listed" % len(links))
    parts = sorted(set(f for f, _ in links))
    seen, ents = set(), 0
    for f in parts:
        t = open(os.path.join(base, f), encoding="utf-8").read()
        q = parse(t)
        if not 0 < len(q.arts) <= per:
            fail("%s holds %d articles" % (f, len(q.arts)))
        ids = {a["id"] for a in q.arts}
        if ids & seen:
            fail("an article on two pages")
        seen |= ids
        ents += len(q.entries)
        for x, a in links:
            if x == f and a not in ids:
                fail("%s listed in %s, not there" % (a, f))
    if ents != db.execute("SELECT count(*) FROM entries").fetchone()[0]:
        fail("%d entries over the parts" % ents)
    print("#   %d parts, %d articles, %d entries, index page %d bytes" % (
        len(parts), len(seen), ents, len(raw)))
else:
    fail("unknown mode " + mode)
PY
check() { python3 "$tmp/check.py" "$@"; }

"$KBC" report "$KB" -o "$tmp/report.html" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] && [ -s "$tmp/report.html" ] && [ ! -s "$tmp/err" ]
t "kbc report: status 0, a page, nothing on stderr" $?
ls -a "$tmp" | grep -q 'tmp$'
t "no temporary file left beside the page" $(( ! $? ))
"$KBC" report "$KB" -o "$tmp/again.html" && cmp -s "$tmp/report.html" "$tmp/again.html"
t "deterministic: the same KB gives the same bytes" $?
"$KBC" report "$KB" -o - >"$tmp/stdout.html" && cmp -s "$tmp/report.html" "$tmp/stdout.html"
t "-o - writes the page to standard output" $?
check static "$tmp/report.html"
t "self-contained: one inline style and script, nothing fetched, no link out" $?
check entries "$tmp/report.html" "$tmp/entries.jsonl" "$KB"
t "every entry, message, code, cause, action and diagnostic is on the page" $?
check totals "$tmp/report.html" "$KB"
t "totals: articles, entries and diagnostics as in the KB" $?

# Escaping: a KB whose text is hostile.
cp "$KB" "$tmp/evil.sqlite"
python3 - "$tmp/evil.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE messages SET text = ? WHERE id = (SELECT min(id) FROM messages)",
           ("<script>alert('x')</script> & \"q\" \x01\x1b[31m",))
db.execute("UPDATE articles SET title = '</h2><img src=x onerror=alert(1)>' WHERE id = 1")
db.execute("UPDATE codes SET written = CAST(X'41FF42C3' AS TEXT) WHERE id = (SELECT min(id) FROM codes)")
db.commit()
PY
"$KBC" report "$tmp/evil.sqlite" -o "$tmp/evil.html" 2>"$tmp/err"
t "report of a KB with hostile text: status 0" $?
python3 - "$tmp/evil.html" <<'PY'
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; [31m" in t, "message not escaped"
assert "&lt;/h2&gt;&lt;img src=x onerror=alert(1)&gt;" in t, "title not escaped"
assert "<img" not in t and t.lower().count("<script") == 1, "markup got through"
assert "A\ufffdB\ufffd" in t, "invalid UTF-8 not replaced"
assert "\x01" not in t and "\x1b" not in t, "control characters kept"
PY
t "text is escaped, invalid UTF-8 becomes U+FFFD, control characters dropped" $?

# Where the page goes: a symbolic link stays a link (its target is
# replaced), a FIFO stays a FIFO (written in place, never renamed over).
echo old >"$tmp/real.html"
ln -s real.html "$tmp/link.html"
"$KBC" report "$KB" -o "$tmp/link.html" && [ -L "$tmp/link.html" ] &&
    cmp -s "$tmp/real.html" "$tmp/report.html"
t "-o a symbolic link: the link stays, its target gets the page" $?
if mkfifo "$tmp/fifo" 2>/dev/null; then
	cat "$tmp/fifo" >"$tmp/from-fifo" &
	reader=$!
	"$KBC" report "$KB" -o "$tmp/fifo"
	st=$?
	wait $reader
	[ $st -eq 0 ] && [ -p "$tmp/fifo" ] && cmp -s "$tmp/from-fifo" "$tmp/report.html"
	t "-o a FIFO: written in place, still a FIFO" $?
else
	skip "-o a FIFO" "mkfifo failed"
fi

# Diagnostics keep their source line (diagnostics.source): the page shows
# each one under its diagnostic, escaped.
cp "$KB" "$tmp/src.sqlite"
nsrc=$(python3 - "$tmp/src.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE diagnostics SET source = '| Limit | <Value> |' WHERE id = 1")
db.commit()
print(db.execute("SELECT count(*) FROM diagnostics WHERE source != ''").fetchone()[0])
PY
)
"$KBC" report "$tmp/src.sqlite" -o "$tmp/src.html" &&
    [ "$nsrc" -gt 1 ] && [ "$(grep -c '<pre>' "$tmp/src.html")" -eq "$nsrc" ] &&
    grep -q '<pre>| Limit | &lt;Value&gt; |</pre>' "$tmp/src.html"
t "diagnostics.source, when the KB has it, is shown (escaped) under its diagnostic" $?

# Links to the sources: --docs names the docs folder; each article,
# entry and diagnostic links to its file and line, relative to the page.
mkdir -p "$tmp/site/r"
"$KBC" report "$KB" -o "$tmp/site/r/report.html" --docs source-docs 2>"$tmp/err" &&
    check sources "$tmp/site/r/report.html" "$KB"
t "--docs: article, entry and diagnostic link to their source file and line" $?
ALLOW_REL=1 check static "$tmp/site/r/report.html"
t "--docs: the links are relative, nothing else leaves the page" $?
"$KBC" report "$KB" -o "$tmp/x.html" --docs "$tmp/no-such-docs" 2>"$tmp/err"
st=$?
[ $st -eq 2 ] && grep -q 'no-such-docs' "$tmp/err" && [ ! -e "$tmp/x.html" ]
t "--docs that is no folder: status 2, no page" $?

# A report in parts: an index page and pages of at most N articles, one
# or more per top folder, so that no page grows with the KB.
mkdir -p "$tmp/parts"
"$KBC" report "$KB" -o "$tmp/parts/report.html" --per-page 4 --docs source-docs 2>"$tmp/err" &&
    check parts "$tmp/parts/report.html" 4 "$KB"
t "--per-page 4: an index page, parts of at most 4 articles holding every entry once" $?
ok=0
for f in "$tmp"/parts/report*.html; do
	ALLOW_REL=1 check static "$f" || ok=1
done
t "every part is self-contained" $ok
ls "$tmp/parts" >"$tmp/parts.1"
"$KBC" report "$KB" -o "$tmp/parts/report.html" --per-page 4 --docs source-docs &&
    ls "$tmp/parts" | cmp -s - "$tmp/parts.1"
t "the same parts again, nothing left over" $?
np=$(ls "$tmp/parts" | grep -c 'report-[0-9]*\.html$')
"$KBC" report "$KB" -o "$tmp/parts/report.html" &&
    [ "$(ls "$tmp/parts")" = report.html ] && [ "$np" -ge 4 ]
t "one page again: the $np former parts are removed" $?

# Many articles: 700 small ones (a page each of a fictional product)
# give, by default, parts of at most 300 articles.
mkdir -p "$tmp/many/en/a" "$tmp/many/en/b" "$tmp/many/sv/a"
i=0
while [ $i -lt 700 ]; do
	case $i in 3??) d=en/b ;; 6??) d=sv/a ;; *) d=en/a ;; esac
	printf '# Gate %d\n\n## Gate %d refused\n\n**Error message**: The harbour gate %d refused the beacon.\n\n**Recommended action**: Rotate the key of gate %d.\n' \
	    $i $i $i $i >"$tmp/many/$d/gate-$i.md"
	i=$((i + 1))
done
if "$KBC" build "$tmp/many" -o "$tmp/many-kb" --quiet 2>"$tmp/err"; then
	"$KBC" report "$tmp/many-kb/kb.sqlite" -o "$tmp/many-kb/report.html" &&
	    check parts "$tmp/many-kb/report.html" 300 "$tmp/many-kb/kb.sqlite"
	t "700 articles: parts of at most 300 by default" $?
	big=$(wc -c <"$tmp/many-kb/report.html")
	t "700 articles: the index page stays small ($big bytes)" $(( big > 400000 ))
else
	fail "kbc build of 700 articles: $(tail -1 "$tmp/err")"
fi

# Errors.
echo "old page" >"$tmp/keep.html"
"$KBC" report "$tmp/none.sqlite" -o "$tmp/keep.html" 2>"$tmp/err"
st=$?
[ $st -eq 5 ] && grep -q 'none.sqlite' "$tmp/err" && [ ! -e "$tmp/none.sqlite" ]
t "missing KB: status 5, named, not created" $?
[ "$(cat "$tmp/keep.html")" = "old page" ]
t "missing KB: the existing page is kept" $?
echo "not a database" >"$tmp/text.sqlite"
"$KBC" report "$tmp/text.sqlite" -o "$tmp/keep.html" 2>/dev/null
st=$?
[ $st -eq 5 ] && [ "$(cat "$tmp/keep.html")" = "old page" ]
t "not a KB: status 5, the existing page is kept" $?
"$KBC" report "$KB" -o "$tmp/no/such/dir/r.html" 2>"$tmp/err"
st=$?
[ $st -eq 4 ] && grep -q 'no/such/dir/r.html' "$tmp/err"
t "unwritable output: status 4, the page named" $?
mkdir "$tmp/adir"
"$KBC" report "$KB" -o "$tmp/adir" 2>/dev/null
st=$?
[ $st -eq 4 ] && [ -d "$tmp/adir" ]
t "output is a folder: status 4, the folder untouched" $?
"$KBC" report "$KB" >/dev/null 2>&1
[ $? -eq 2 ]; t "no -o: status 2" $?
"$KBC" report "$KB" "$KB" -o "$tmp/x.html" >/dev/null 2>&1
[ $? -eq 2 ]; t "two KBs: status 2" $?
ls -a "$tmp" | grep -q 'tmp$'
t "no temporary file left after failures" $(( ! $? ))

# In a browser.
chrome=
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then chrome=$c; break; fi
done
render() {	# URL OUT [extra chromium options]: the DOM after scripts ran
	url=$1 out=$2
	shift 2
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
	    --disable-dev-shm-usage --disable-background-networking \
	    --disable-component-update --disable-sync --no-first-run \
	    --disable-extensions --user-data-dir="$tmp/profile" "$@" \
	    --dump-dom "$url" >"$out" 2>"$tmp/chrome.err"
}
if [ -z "$chrome" ]; then
	for what in "rendered page holds every entry" "filter #q=41102" \
	    "filter by two words" "filter ignores diacritics" "filter matching nothing" \
	    "typing filters" "screenshot"; do
		skip "$what" "no chromium (apt-get install chromium)"
	done
else
	page=file://$(cd "$tmp" && pwd)/report.html
	render "$page" "$tmp/dom.html" && check entries "$tmp/dom.html" "$tmp/entries.jsonl" "$KB" &&
	    check filtered "$tmp/dom.html" ""
	t "rendered page holds every entry, none hidden, the counter says so" $?
	render "$page#q=41102" "$tmp/dom.html" && check filtered "$tmp/dom.html" "41102" 1:20 &&
	    check expect "$tmp/dom.html" "41102" "$tmp/entries.jsonl"
	t "filter #q=41102: exactly the entries with that code" $?
	render "$page#q=PROXY%20vault" "$tmp/dom.html" && check filtered "$tmp/dom.html" "PROXY vault" 1:115
	t "filter by two words: both must occur, case ignored" $?
	render "$page#q=aterstallning" "$tmp/dom.html" && check filtered "$tmp/dom.html" "aterstallning" 1:115 &&
	    grep -q 'återställning' "$tmp/dom.html"
	t "filter ignores diacritics (aterstallning finds återställning)" $?
	render "$page#q=no-such-thing-xyzzy" "$tmp/dom.html" && check filtered "$tmp/dom.html" "no-such-thing-xyzzy" 0:0 &&
	    ! grep -q '<section class="art box" id="a[0-9]*">' "$tmp/dom.html"
	t "filter matching nothing hides every article" $?
	render "$page#w=missing-action" "$tmp/dom.html" &&
	    WARN=missing-action check filtered "$tmp/dom.html" "" &&
	    [ "$(grep -c '<li class="diag[^"]*" data-w="missing-action"' "$tmp/dom.html")" -eq \
	      "$(sql "$KB" "SELECT count(*) FROM diagnostics WHERE name = 'missing-action'")" ]
	t "filter by warning (#w=missing-action): its diagnostics and their entries" $?
	render "$page#q=vault&w=missing-action" "$tmp/dom.html" &&
	    WARN=missing-action check filtered "$tmp/dom.html" "vault"
	t "filter by words and warning: diagnostics and entries together" $?
	render "$page#q=missing-action" "$tmp/dom.html" && check filtered "$tmp/dom.html" "missing-action"
	t "words find diagnostics too (their text and -W name)" $?
	mkdir -p "$tmp/parts2"
	"$KBC" report "$KB" -o "$tmp/parts2/report.html" --per-page 4 &&
	render "file://$(cd "$tmp/parts2" && pwd)/report-3.html#q=vault" "$tmp/dom.html" &&
	    check filtered "$tmp/dom.html" "vault"
	t "a part page filters as the whole page does" $?
	# Type into the box: the page's own input handler filters and sets the address.
	sed 's|</body>|<script>var q = document.getElementById("q"); q.value = "0x8004E"; q.dispatchEvent(new Event("input")); document.body.setAttribute("data-hash", location.hash);</script></body>|' \
	    "$tmp/report.html" >"$tmp/typed.html"
	render "file://$(cd "$tmp" && pwd)/typed.html" "$tmp/dom.html" && check typed "$tmp/dom.html" "0x8004E"
	t "typing filters the entries and updates the address" $?
	mkdir -p "$B/tests"
	rm -f "$B/tests/report.png"
	(cd "$tmp" && timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
	    --disable-dev-shm-usage --disable-background-networking \
	    --disable-component-update --disable-sync --no-first-run \
	    --hide-scrollbars --user-data-dir="$tmp/profile" --window-size=1280,1400 \
	    --screenshot="$tmp/report.png" "$page#q=41102" >/dev/null 2>&1)
	[ -s "$tmp/report.png" ] && [ "$(head -c 8 "$tmp/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	    cp "$tmp/report.png" "$B/tests/report.png"
	t "screenshot of report.html#q=41102 in $B/tests/report.png" $?
fi

finish
