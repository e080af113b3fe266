#!/bin/sh
# t_install.sh: make install and make uninstall, into a temporary DESTDIR.
# A fresh build (plain flags, whatever the test suite runs under) is
# installed with PREFIX=/opt/errkb; the files land under DESTDIR/PREFIX and
# nowhere else; libkbq.so has its soname and exports exactly kbq.h; a small
# program is built against the installed library with
# "pkg-config --cflags --libs libkbq", linked with the shared and the
# static library, and run on an index of source-docs/ made by the installed
# kbc; the installed kbq knows its PREFIX, the completions load.  Then
# make uninstall leaves nothing behind (but an index put there by hand).
B=${B:-build}
. tests/tap.sh
PREFIX=/opt/errkb
DEST=$tmp/dest
ROOT=$DEST$PREFIX
top=$(pwd)

# make, with none of the flags of the make that runs the tests (make asan
# passes OPT and LDFLAGS down): the installed library is a plain build.
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u OPT -u CFLAGS -u LDFLAGS \
	    make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" \
	    B="$tmp/build" "$@" >>"$tmp/make.log" 2>&1
}

mk PREFIX=$PREFIX DESTDIR="$DEST" install
st=$?
t "make install PREFIX=$PREFIX DESTDIR=..." $st
[ $st -eq 0 ] || sed 's/^/#   /' "$tmp/make.log" | tail -20

# The library's file version is KBQ_VERSION in kbq.h.
sover=$(sed -n 's/.*define KBQ_VERSION[^"]*"\([0-9.]*\)".*/\1/p' query/kbq.h)
files="bin/kbc bin/kbq lib/libkbq.a lib/libkbq.so.$sover include/kbq.h
lib/pkgconfig/libkbq.pc share/man/man1/kbc.1 share/man/man1/kbq.1
share/man/man3/libkbq.3 share/man/man5/kb.idx.5 share/errkb/kb.sql
share/errkb/vocab.tsv share/bash-completion/completions/kbc share/bash-completion/completions/kbq"
missing=
for f in $files; do [ -f "$ROOT/$f" ] || missing="$missing $f"; done
[ -z "$missing" ]; t "installed: programs, libraries, header, .pc, pages, schema, completions${missing:+ (missing:$missing)}" $?
[ -x "$ROOT/bin/kbc" ] && [ -x "$ROOT/bin/kbq" ] && [ "$(readlink "$ROOT/lib/libkbq.so.1")" = libkbq.so.$sover ] &&
    [ "$(readlink "$ROOT/lib/libkbq.so")" = libkbq.so.1 ]
t "programs executable; libkbq.so -> libkbq.so.1 -> libkbq.so.$sover" $?
out=$(cd "$DEST" && find . ! -type d | grep -v "^\.$PREFIX/")
[ -z "$out" ]; t "nothing installed outside DESTDIR/PREFIX" $?
cmp -s query/kbq.h "$ROOT/include/kbq.h" && cmp -s schema/kb.sql "$ROOT/share/errkb/kb.sql"
t "kbq.h and kb.sql installed as they are" $?
objdump -p "$ROOT/lib/libkbq.so.$sover" 2>/dev/null | grep -q 'SONAME *libkbq\.so\.1$'
t "soname libkbq.so.1" $?
sed -n 's/^[^#/ ].*[^a-z_]\(kbq_[a-z0-9_]*\)(.*/\1/p' query/kbq.h | sort >"$tmp/api"
nm -D --defined-only "$ROOT/lib/libkbq.so.$sover" | awk '$2 == "T" || $2 == "D" || $2 == "R" || $2 == "B" {print $3}' |
    sed 's/@.*//' | sort >"$tmp/exports"
[ -s "$tmp/api" ] && cmp -s "$tmp/api" "$tmp/exports"
t "libkbq.so exports exactly the functions of kbq.h" $?
diff "$tmp/api" "$tmp/exports" | sed 's/^/#   /' | head -10

# pkg-config, with the installed tree under DESTDIR.
export PKG_CONFIG_PATH="$ROOT/lib/pkgconfig" PKG_CONFIG_LIBDIR="$ROOT/lib/pkgconfig"
if command -v pkg-config >/dev/null 2>&1; then
	v=$(pkg-config --modversion libkbq 2>&1)
	want=$(sed -n 's/.*define KBQ_VERSION[^"]*"\([0-9.]*\)".*/\1/p' query/kbq.h)
	[ "$v" = "$want" ]; t "pkg-config --modversion libkbq: $v" $?
	# (pkgconf ends its output with a space.)
	flags=$(PKG_CONFIG_SYSROOT_DIR=$DEST pkg-config --cflags --libs libkbq | sed 's/ *$//')
	[ "$flags" = "-I$ROOT/include -L$ROOT/lib -lkbq" ]
	t "pkg-config --cflags --libs (sysroot DESTDIR): $flags" $?
	rflags=$(pkg-config --define-prefix --cflags --libs libkbq | sed 's/ *$//')
	[ "$rflags" = "$flags" ]; t "pkg-config --define-prefix gives the same" $?
	pkg-config --static --libs libkbq | grep -q -- '-lm'
	t "pkg-config --static --libs adds -lm" $?
else
	flags="-I$ROOT/include -L$ROOT/lib -lkbq"
	for w in modversion "--cflags --libs" --define-prefix --static; do
		skip "pkg-config $w" "no pkg-config (apt-get install pkg-config)"
	done
fi

cat >"$tmp/lookup.c" <<'C'
/* Built against the installed libkbq: open an index, look text up. */
#include <stdio.h>
#include <string.h>
#include <kbq.h>

int
main(int argc, char *argv[])
{
	kbq		*db;
	kbq_result	*res;
	int		 rc;

	if (argc != 3)
		return 2;
	printf("header %s library %s\n", KBQ_VERSION, kbq_libversion());
	if ((rc = kbq_open(argv[1], &db)) != KBQ_OK) {
		printf("open: %s: %s\n", kbq_errstr(rc), kbq_errmsg(db));
		kbq_close(db);
		return 2;
	}
	printf("%d entries, %d articles\n", kbq_entry_count(db), kbq_article_count(db));
	if (kbq_lookup(db, argv[2], strlen(argv[2]), NULL, 1, &res) != KBQ_OK) {
		kbq_close(db);
		return 2;
	}
	if (kbq_result_count(res) > 0)
		printf("%s#%s [%s]\n", kbq_result_article(res, 0),
		    kbq_result_anchor(res, 0), kbq_result_code(res, 0, 0));
	rc = kbq_result_count(res) > 0 ? 0 : 1;
	kbq_result_free(res);
	kbq_close(db);
	return rc;
}
C
CC=${CC:-cc}
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror -o "$tmp/lookup" "$tmp/lookup.c" $flags 2>"$tmp/cc.err"
t "a program builds against the installed shared libkbq" $?
sed 's/^/#   /' "$tmp/cc.err"
objdump -p "$tmp/lookup" 2>/dev/null | grep -q 'NEEDED *libkbq\.so\.1$'
t "the program needs libkbq.so.1" $?

"$ROOT/bin/kbc" build source-docs -o "$tmp/out" --quiet 2>/dev/null
t "the installed kbc builds source-docs/" $?
q='The vault credentials file is not valid. (ID: 41102)'
LD_LIBRARY_PATH=$ROOT/lib "$tmp/lookup" "$tmp/out/kb.idx" "$q" >"$tmp/run" 2>&1
st=$?
[ $st -eq 0 ] && grep -q '^header 1\.[0-9.]* library 1\.' "$tmp/run" &&
    grep -q '^[0-9][0-9]* entries, 13 articles$' "$tmp/run" &&
    grep -q '^en/agent/troubleshoot-agent\.md#vault-credentials-arent-valid \[41102\]$' "$tmp/run"
t "the program, run with LD_LIBRARY_PATH, finds the entry" $?
sed 's/^/#   /' "$tmp/run"
LD_LIBRARY_PATH=$ROOT/lib ldd "$tmp/lookup" 2>/dev/null | grep -q "libkbq\.so\.1 => $ROOT/lib/libkbq\.so\.1"
t "and it ran with the installed libkbq.so.1" $?

# shellcheck disable=SC2086
$CC -std=c11 -o "$tmp/lookup-static" "$tmp/lookup.c" -I"$ROOT/include" "$ROOT/lib/libkbq.a" -lm 2>"$tmp/cc.err" &&
    "$tmp/lookup-static" "$tmp/out/kb.idx" "$q" >"$tmp/run2" 2>&1 && cmp -s "$tmp/run" "$tmp/run2" &&
    ! objdump -p "$tmp/lookup-static" | grep -q 'NEEDED *libkbq'
t "linked with the static libkbq.a: the same answer" $?

"$ROOT/bin/kbq" --index "$tmp/out/kb.idx" 41102 >/dev/null 2>&1
t "the installed kbq answers" $?
"$ROOT/bin/kbq" --help | grep -q "$PREFIX/share/errkb/kb.idx"
t "the installed kbq's default index is under PREFIX" $?
r=$(bash -c ". '$ROOT/share/bash-completion/completions/kbc'; COMP_WORDS=(kbc re); COMP_CWORD=1; _kbc; echo \"\${COMPREPLY[*]}\"" 2>&1)
r2=$(bash -c ". '$ROOT/share/bash-completion/completions/kbq'; COMP_WORDS=(kbq --ind); COMP_CWORD=1; _kbq; echo \"\${COMPREPLY[*]}\"" 2>&1)
[ "$r" = report ] && [ "$r2" = --index ]
t "bash completions load and complete (kbc re -> $r, kbq --ind -> $r2)" $?

mk PREFIX=$PREFIX DESTDIR="$DEST" install
t "make install again over an installed tree" $?
mk PREFIX=$PREFIX DESTDIR="$DEST" uninstall
t "make uninstall" $?
left=$(cd "$DEST" && find . ! -type d)
[ -z "$left" ]; t "nothing left behind${left:+: $left}" $?
[ ! -d "$ROOT/share/errkb" ]; t "the share/errkb folder is gone" $?

mk PREFIX=$PREFIX DESTDIR="$DEST" install && cp "$tmp/out/kb.idx" "$ROOT/share/errkb/" &&
    mk PREFIX=$PREFIX DESTDIR="$DEST" uninstall
left=$(cd "$DEST" && find . ! -type d)
[ "$left" = ".$PREFIX/share/errkb/kb.idx" ]
t "an index put in share/errkb by hand survives uninstall" $?

mk DESTDIR="$tmp/dest2" install && [ -x "$tmp/dest2/usr/local/bin/kbq" ] &&
    [ -f "$tmp/dest2/usr/local/lib/pkgconfig/libkbq.pc" ] &&
    grep -q '^prefix=/usr/local$' "$tmp/dest2/usr/local/lib/pkgconfig/libkbq.pc" &&
    "$tmp/dest2/usr/local/bin/kbq" --help | grep -q '/usr/local/share/errkb/kb.idx'
t "PREFIX defaults to /usr/local" $?
mk DESTDIR="$tmp/dest2" uninstall
left=$(cd "$tmp/dest2" && find . ! -type d)
[ -z "$left" ]; t "make uninstall with the default PREFIX leaves nothing" $?

# The installed kbc reads the installed vocabulary: without its French
# lines, a French table is no error table; --vocab still overrides it.
P3=$tmp/p3
mkdir -p "$tmp/frdocs"
cp tests/data/vocab/fr-only.md "$tmp/frdocs/"
if mk PREFIX="$P3" install; then
	errs() { "$P3/bin/kbc" export "$1/kb.sqlite" | grep -c '"kind": "error"'; }
	"$P3/bin/kbc" build "$tmp/frdocs" -o "$tmp/fr1" -q 2>/dev/null
	n1=$(errs "$tmp/fr1")
	grep -v "	fr	" "$P3/share/errkb/vocab.tsv" >"$tmp/v" && cp "$tmp/v" "$P3/share/errkb/vocab.tsv"
	"$P3/bin/kbc" build "$tmp/frdocs" -o "$tmp/fr2" -q 2>/dev/null
	n2=$(errs "$tmp/fr2")
	"$P3/bin/kbc" build "$tmp/frdocs" -o "$tmp/fr3" -q --vocab compiler/vocab.tsv 2>/dev/null
	n3=$(errs "$tmp/fr3")
	[ "$n1" = 2 ] && [ "$n2" = 0 ] && [ "$n3" = 2 ]
	t "the installed kbc reads PREFIX/share/errkb/vocab.tsv ($n1, $n2, $n3 entries)" $?
else
	fail "make install PREFIX=$P3"
fi

finish
