#!/bin/sh
# t_kbc_usage.sh: kbc's command line says what is wrong; the option forms
# people type work; export and report take the output folder; warnings
# can be silenced per article and non-article Markdown kept out;
# diagnostics name paths as typed with columns in characters; kbc, kbq and
# libkbq.pc print one version.
B=${B:-build}
KBC=$B/kbc
case $KBC in /*) ;; *) KBC=$(pwd)/$KBC ;; esac
. tests/tap.sh

mkdir -p "$tmp/d/en"
hdr='| Error message | Recommended action |\n|---|---|\n'
printf "# Widget\n\n## Errors\n\n$hdr| The widget stalled. | Restart the widget. |\n" >"$tmp/d/en/a.md"

# usage_err WHAT WANT CMD...: status 2 and WANT in the message.
usage_err() {
	what=$1 want=$2
	shift 2
	"$@" >/dev/null 2>"$tmp/e"
	st=$?
	[ $st -eq 2 ] && grep -qF -- "$want" "$tmp/e"
	t "$what: status 2 (got $st), says '$want'" $?
}
usage_err "build without -o" "kbc build: missing -o OUT" "$KBC" build "$tmp/d"
usage_err "build without DOCS_DIR" "kbc build: missing DOCS_DIR" "$KBC" build -o "$tmp/o"
usage_err "unknown option" "kbc build: unknown option --frobnicate" "$KBC" build "$tmp/d" -o "$tmp/o" --frobnicate
usage_err "-Wno- with an unknown name" "no warning is named 'no-such-thing'" "$KBC" build "$tmp/d" -o "$tmp/o" -Wno-no-such-thing
usage_err "--jobs 0" "--jobs 0" "$KBC" build "$tmp/d" -o "$tmp/o" --jobs 0
usage_err "an unknown command" "unknown command 'bild'" "$KBC" bild "$tmp/d"
usage_err "export without a KB" "kbc export: missing" "$KBC" export
usage_err "report without -o" "kbc report: missing -o" "$KBC" report "$tmp/o"

for h in "build --help" "check -h" "export -h" "export --help" "report --help" "embed -h"; do
	# shellcheck disable=SC2086
	"$KBC" $h >"$tmp/out" 2>"$tmp/e"
	st=$?
	[ $st -eq 0 ] && grep -q '^usage: kbc build' "$tmp/out" && [ ! -s "$tmp/e" ]
	t "kbc $h: the usage on stdout, status 0 (got $st)" $?
done

for j in "--jobs=2" "-j2" "-j 2" "--jobs 2"; do
	# shellcheck disable=SC2086
	"$KBC" build "$tmp/d" -o "$tmp/o" --full -q $j 2>"$tmp/e"
	t "kbc build $j" $?
done

"$KBC" export "$tmp/o" >"$tmp/x1" && "$KBC" export "$tmp/o/kb.sqlite" >"$tmp/x2" &&
    cmp -s "$tmp/x1" "$tmp/x2" && [ -s "$tmp/x1" ]
t "kbc export OUT: the KB inside the output folder" $?
"$KBC" export "$tmp/o/" >"$tmp/x3" && cmp -s "$tmp/x1" "$tmp/x3"
t "kbc export OUT/: the same" $?
"$KBC" report "$tmp/o" -o "$tmp/r.html" && grep -q 'The widget stalled' "$tmp/r.html"
t "kbc report OUT: the KB inside the output folder" $?

# ------------------------------------------------ silencing and excluding
mkdir -p "$tmp/w/en" "$tmp/w/drafts" "$tmp/w/en/notes"
printf "# Quiet\n\n<!-- kbc-disable missing-action row-cells -->\n\n## Errors\n\n$hdr| The quiet thing failed. |\n" >"$tmp/w/en/quiet.md"
printf -- "---\ntitle: Calm\nkbc-disable: missing-action, row-cells\n---\n# Calm\n\n## Errors\n\n$hdr| The calm thing failed. |\n" >"$tmp/w/en/calm.md"
printf "# Loud\n\n## Errors\n\n$hdr| The loud thing failed. |\n" >"$tmp/w/en/loud.md"
printf "# Draft\n\n## Errors\n\n$hdr| The draft failed. |\n" >"$tmp/w/drafts/d.md"
printf "# Note\n\n## Errors\n\n$hdr| The note failed. |\n" >"$tmp/w/en/notes/n.md"
printf "# Readme\n\n## Errors\n\n$hdr| The readme failed. |\n" >"$tmp/w/en/README.md"
"$KBC" check "$tmp/w" 2>"$tmp/e"
grep -q 'loud.md:.*\[-Wmissing-action\]' "$tmp/e" && ! grep -q 'quiet.md' "$tmp/e" &&
    ! grep -q 'calm.md' "$tmp/e"
t "kbc-disable (a comment, a front matter key) silences one article only" $?
"$KBC" build "$tmp/w" -o "$tmp/wo" -q 2>/dev/null
"$KBC" export "$tmp/wo" | grep -q 'The quiet thing failed' &&
    [ "$(sql "$tmp/wo/kb.sqlite" "SELECT count(*) FROM diagnostics d JOIN articles a ON a.id = d.article_id WHERE a.path LIKE '%quiet%'")" = 0 ]
t "kbc-disable: the entry is kept, the diagnostic is not" $?
"$KBC" build "$tmp/w" -o "$tmp/wo" --exclude 'drafts' --exclude 'README.md' -q 2>/dev/null
[ "$(sql "$tmp/wo/kb.sqlite" "SELECT group_concat(path, ' ') FROM (SELECT path FROM articles ORDER BY path)")" = \
    "en/calm.md en/loud.md en/notes/n.md en/quiet.md" ]
t "--exclude GLOB (repeatable): a folder and a name at any depth left out" $?
printf '# not articles\n\ndrafts\n/en/notes\n*.txt\n' >"$tmp/w/.kbcignore"
"$KBC" build "$tmp/w" -o "$tmp/wo" -q 2>/dev/null
[ "$(sql "$tmp/wo/kb.sqlite" "SELECT group_concat(path, ' ') FROM (SELECT path FROM articles ORDER BY path)")" = \
    "en/README.md en/calm.md en/loud.md en/quiet.md" ]
t ".kbcignore: globs a line, # comments, /anchored" $?

# ------------------------------------------------------------ diagnostics
mkdir -p "$tmp/p/docs/en"
printf '# Åtgärd\n\nSee [the ä](#nowhere) and [ö](#gone).\n' >"$tmp/p/docs/en/x.md"
(cd "$tmp/p" && "$KBC" check docs 2>"$tmp/e")
grep -q '^docs/en/x.md:3:5: warning: .*#nowhere' "$tmp/e"
t "paths as typed (docs/en/x.md), column in characters" $?
grep -q '^docs/en/x.md:3:27: warning: .*#gone' "$tmp/e"
t "a column after non-ASCII text counts characters, not bytes" $?
(cd "$tmp/p/docs" && "$KBC" check . 2>"$tmp/e")
grep -q '^en/x.md:3:5: ' "$tmp/e"
t "kbc check . prints en/x.md" $?

# ---------------------------------------------------------------- versions
v=$(cat VERSION)
kv=$("$KBC" --version)
qv=$("$B/kbq" --version)
hv=$(sed -n 's/.*define KBQ_VERSION[^"]*"\([0-9.]*\)".*/\1/p' query/kbq.h)
[ "$kv" = "kbc $v" ] && [ "$qv" = "kbq $v" ] && [ "$hv" = "$v" ]
t "one version: VERSION $v, $kv, $qv, kbq.h $hv" $?
make -s B="$B" "$B/libkbq.pc" >/dev/null 2>&1
grep -q "^Version: $v\$" "$B/libkbq.pc"
t "libkbq.pc: Version: $v" $?

# ----------------------------------------------------------------- locale
mkdir -p "$tmp/l/pip" "$tmp/l/sv"
printf "# Pip\n\n## Errors\n\n$hdr| The pip failed. | Rerun pip. |\n" >"$tmp/l/pip/x.md"
printf "# Top\n\n## Errors\n\n$hdr| The top failed. | Rerun top. |\n" >"$tmp/l/top.md"
printf "# Sv\n\n## Errors\n\n$hdr| Det gick fel. | Gör om. |\n" >"$tmp/l/sv/y.md"
"$KBC" build "$tmp/l" -o "$tmp/lo" -q 2>/dev/null
[ "$(sql "$tmp/lo/kb.sqlite" "SELECT group_concat(path || '=' || locale || ':' || key, ' ') FROM (SELECT * FROM articles ORDER BY path)")" = \
    "pip/x.md=en:pip/x.md sv/y.md=sv:y.md top.md=en:top.md" ]
t "no locale: the --locale default en; pip/ is no locale folder, sv/ is" $?
"$KBC" build "$tmp/l" -o "$tmp/lo" --locale de -q 2>/dev/null
[ "$(sql "$tmp/lo/kb.sqlite" "SELECT locale FROM articles WHERE path = 'top.md'")" = de ]
t "--locale de: the default for articles that name none" $?

# ------------------------------------------------------------- article URLs
mkdir -p "$tmp/u/en"
printf "# Widget\n\n## Errors\n\n$hdr| The widget stalled. | Restart it. |\n" >"$tmp/u/en/a.md"
printf -- "---\ncanonical_url: https://example.org/own/page\n---\n# Own\n\n## Errors\n\n$hdr| The own page failed. | Reload it. |\n" >"$tmp/u/en/b.md"
"$KBC" build "$tmp/u" -o "$tmp/uo" -q 2>/dev/null
"$KBC" export "$tmp/uo" | grep -q '"article": "en/a.md".*"url": null'
t "no --base-url: export url null" $?
"$KBC" build "$tmp/u" -o "$tmp/uo" --base-url https://docs.example.com/ 2>"$tmp/e"
grep -q '(2 compiled' "$tmp/e"
t "--base-url changes the build key: articles compiled again" $?
"$KBC" export "$tmp/uo" >"$tmp/ux"
grep -q '"article": "en/a.md".*"url": "https://docs.example.com/en/a"' "$tmp/ux" &&
    grep -q '"article": "en/b.md".*"url": "https://example.org/own/page"' "$tmp/ux"
t "--base-url: base/path without .md; a front matter canonical_url wins" $?
[ "$(sql "$tmp/uo/kb.sqlite" "SELECT url FROM articles WHERE path = 'en/a.md'")" = https://docs.example.com/en/a ]
t "--base-url: stored in articles.url" $?
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA user_version = 2"); db.commit()' "$tmp/uo/kb.sqlite"
"$KBC" build "$tmp/u" -o "$tmp/uo" --base-url https://docs.example.com 2>"$tmp/e"
st=$?
[ $st -eq 0 ] && grep -q 'older' "$tmp/e" &&
    [ "$(sql "$tmp/uo/kb.sqlite" 'PRAGMA user_version')" = "$(sed -n 's/^PRAGMA user_version = \([0-9]*\);/\1/p' schema/kb.sql)" ]
t "a KB of schema version 2: rebuilt (status $st)" $?

# ------------------------------------------------------------------ paths
# No test or script names the shared folder by an absolute path: it is
# ../shared beside the repository, skipped with a message when absent.
! grep -rln "/work""/shared" tests bench tools Makefile 2>/dev/null | grep -q .
t "no absolute path to the shared folder in tests, bench, tools, Makefile" $?

finish
