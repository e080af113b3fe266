#!/bin/sh
# t_man.sh: the manual pages (man/*): mandoc -Tlint finds nothing in any,
# each has the sections it needs, and they agree with the code: every
# kbq.h function in libkbq(3), every diagnostic kbc emits and every exit
# status of build.h in kbc(1), every option of --help in the pages.
# Also --help and --version of kbc and kbq.
#
# mandoc -Tlint checks that each .Xr names an installed manual; which are
# installed depends on the machine, so "referenced manual not found" (and
# mandoc's note about an outdated mandoc.db) is not counted: instead, every
# .Xr to an errkb page must name a page in man/.
B=${B:-build}
. tests/tap.sh
PAGES="man/kbc.1 man/kbq.1 man/libkbq.3 man/kb.idx.5"


for p in $PAGES; do
	[ -f "$p" ]; t "$p exists" $?
done

if command -v mandoc >/dev/null 2>&1; then
	for p in $PAGES; do
		mandoc -Tlint "$p" >"$tmp/lint" 2>&1
		grep -v -e 'STYLE: referenced manual not found' -e 'outdated mandoc.db' \
		    "$tmp/lint" >"$tmp/lint2"
		[ ! -s "$tmp/lint2" ]; t "mandoc -Tlint $p reports nothing" $?
		sed 's/^/#   /' "$tmp/lint2"
		mandoc -Tutf8 "$p" >"$tmp/out" 2>/dev/null && [ -s "$tmp/out" ]
		t "mandoc renders $p" $?
	done
else
	for p in $PAGES; do
		skip "mandoc -Tlint $p reports nothing" "mandoc not installed (apt-get install mandoc)"
	done
fi

# Sections.
for p in man/kbc.1 man/kbq.1; do
	grep -q '^\.Sh EXIT STATUS' "$p" && grep -q '^\.Sh EXAMPLES' "$p"
	t "$p has EXIT STATUS and EXAMPLES" $?
done
grep -q '^\.Sh RETURN VALUES' man/libkbq.3 && grep -q '^\.Sh EXAMPLES' man/libkbq.3
t "man/libkbq.3 has RETURN VALUES and EXAMPLES" $?
grep -q '^\.Sh EXAMPLES' man/kb.idx.5
t "man/kb.idx.5 has EXAMPLES" $?

# Cross references among errkb's pages resolve.
bad=
for x in $(grep -h '^\.Xr' $PAGES | awk '{print $2 "." $3}' | sort -u); do
	case $x in
	kbc.1|kbq.1|libkbq.3|kb.idx.5) [ -f "man/$x" ] || bad="$bad $x" ;;
	esac
done
[ -z "$bad" ]; t "every .Xr to an errkb page names a page in man/${bad:+ (missing:$bad)}" $?

# libkbq(3) names every function of kbq.h, and nothing else.
sed -n 's/^[^#/ ].*[^a-z_]\(kbq_[a-z0-9_]*\)(.*/\1/p' query/kbq.h | sort >"$tmp/hdr"
sed -n 's/^\.Nm \(kbq_[a-z0-9_]*\).*/\1/p' man/libkbq.3 | sort >"$tmp/nm"
sed -n 's/^\.F[no] \(kbq_[a-z0-9_]*\).*/\1/p' man/libkbq.3 | sort -u >"$tmp/fn"
[ -s "$tmp/hdr" ] && cmp -s "$tmp/hdr" "$tmp/nm" && cmp -s "$tmp/hdr" "$tmp/fn"
t "libkbq(3) NAME and SYNOPSIS list exactly the functions of kbq.h" $?
diff "$tmp/hdr" "$tmp/nm" | sed 's/^/#   /'

# The constants libkbq(3) quotes, ".Dv NAME" then "(value)", are kbq.h's.
bad=
for c in $(awk '/^\.Dv KBQ_[A-Z]*$/ { name = $2; next }
	name != "" && /^\([0-9.]*\)/ { v = $0; sub(/\).*/, "", v); sub(/^\(/, "", v); print name "=" v }
	{ name = "" }' man/libkbq.3); do
	grep -q "^#define[[:space:]]*${c%%=*}[[:space:]][[:space:]]*${c#*=}\b" query/kbq.h || bad="$bad $c"
done
[ -z "$bad" ]; t "the values libkbq(3) quotes are kbq.h's${bad:+ (differ:$bad)}" $?

# kbc(1) documents every diagnostic kbc emits.
# (The name is the first string of each article_diag() call, which may span
# lines; a few are printed directly as "[-Wname]".)
{ cat compiler/*.c | tr '\n\t' '  ' | grep -o 'article_diag([^;]*;' |
      sed 's/^[^"]*"\([a-z0-9-]*\)".*/\1/'
  grep -ho '\[-W[a-z0-9-]*\]' compiler/*.c | sed 's/\[-W\(.*\)\]/\1/'; } |
    grep -x '[a-z0-9-]*' | sort -u >"$tmp/diags"
missing=
for d in $(cat "$tmp/diags"); do
	grep -q "^\.It Cm .*\b$d\b" man/kbc.1 || missing="$missing $d"
done
[ -s "$tmp/diags" ] && [ -z "$missing" ]
t "kbc(1) DIAGNOSTICS names every -W kbc emits${missing:+ (missing:$missing)}" $?

# kbc(1) documents every exit status of build.h.
st=$(sed -n 's/.*KBC_[A-Z]* = \([0-9]*\).*/\1/p' compiler/build.h | sort -n | tr '\n' ' ')
doc=$(sed -n '/^\.Sh EXIT STATUS/,/^\.Sh/s/^\.It \([0-9]*\)$/\1/p' man/kbc.1 | tr '\n' ' ')
[ -n "$st" ] && [ "$st" = "$doc" ]; t "kbc(1) EXIT STATUS lists $st" $?
doc=$(sed -n '/^\.Sh EXIT STATUS/,/^\.Sh/s/^\.It \([0-9]*\)$/\1/p' man/kbq.1 | tr '\n' ' ')
[ "$doc" = "0 1 2 " ]; t "kbq(1) EXIT STATUS lists 0 1 2" $?

# The tools' --help and --version, and the pages cover their options.
for t in kbc kbq; do
	if [ ! -x "$B/$t" ]; then
		skip "$t --help and --version" "$B/$t not built"
		continue
	fi
	"$B/$t" --help >"$tmp/help" 2>"$tmp/err"
	st=$?
	[ $st -eq 0 ] && [ -s "$tmp/help" ] && [ ! -s "$tmp/err" ]
	t "$t --help: status 0, usage on stdout" $?
	"$B/$t" --version >"$tmp/ver" 2>&1
	st=$?
	[ $st -eq 0 ] && grep -q "^$t [0-9][0-9.]*\$" "$tmp/ver"
	t "$t --version: status 0, '$t X.Y.Z'" $?
	missing=
	for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
		grep -q -- "^\.\(It\|Op\).*Fl -${o#--}\b" "man/$t.1" ||
		    grep -q -- "Fl -.*\b${o#--}\b" "man/$t.1" || missing="$missing $o"
	done
	[ -z "$missing" ]; t "$t(1) documents every option of --help${missing:+ (missing:$missing)}" $?
done
if [ -x "$B/kbc" ]; then
	missing=
	for c in $("$B/kbc" --help | sed -n 's/^ *\(usage: \)\{0,1\}kbc \([a-z][a-z]*\).*/\2/p'); do
		grep -q "^\.It Cm $c\b" man/kbc.1 || missing="$missing $c"
	done
	[ -z "$missing" ]; t "kbc(1) describes every command of --help${missing:+ (missing:$missing)}" $?
fi

finish
