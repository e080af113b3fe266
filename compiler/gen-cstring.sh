#!/bin/sh
# gen-cstring.sh: a text file as a C string constant (the schema is
# compiled into kbc, so the binary and schema/kb.sql cannot drift apart).
# usage: gen-cstring.sh FILE NAME > out.c
echo "/* Generated from $1 by gen-cstring.sh: do not edit. */"
echo "const char $2[] ="
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/	"/' -e 's/$/\\n"/' "$1"
echo '	;'
