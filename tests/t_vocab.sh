#!/bin/sh
# kbc reads its vocabulary at run time: --vocab FILE replaces the built-in
# words (so a language can be taught or taken away without a rebuild), and
# a malformed file is a usage error naming file and line.
B=${B:-build}
. tests/tap.sh
mkdir -p "$tmp/docs"
cp tests/data/vocab/fr-only.md "$tmp/docs/"
cat >"$tmp/docs/blorp.md" <<'MD'
# Quillstone relay

## Relay upkeep

| Blorp | Recommended action |
|---|---|
| The relay lost its upstream link. | Check the upstream cable and restart the relay. |
MD
entries() { # out-dir article: its error entries
	"$B/kbc" export "$1/kb.sqlite" | grep "\"article\": \"$2\"" |
	    grep -c '"kind": "error"'
}
"$B/kbc" build "$tmp/docs" -o "$tmp/out1" -q 2>"$tmp/e1"
t "built-in vocabulary: builds" $?
t "built-in vocabulary: the French table gives its two entries" \
    "$([ "$(entries "$tmp/out1" fr-only.md)" = 2 ]; echo $?)"
t "built-in vocabulary: an unknown header word gives nothing" \
    "$([ "$(entries "$tmp/out1" blorp.md)" = 0 ]; echo $?)"

# The same words less the French ones, plus "blorp" as a message header.
grep -v "	fr	" compiler/vocab.tsv >"$tmp/v.tsv"
printf 'message\txx\tblorp\n' >>"$tmp/v.tsv"
"$B/kbc" build "$tmp/docs" -o "$tmp/out2" -q --vocab "$tmp/v.tsv" 2>"$tmp/e2"
t "--vocab FILE: builds" $?
t "--vocab FILE: without French lines the French table gives nothing" \
    "$([ "$(entries "$tmp/out2" fr-only.md)" = 0 ]; echo $?)"
t "--vocab FILE: a header word taught in the file makes the table an error table" \
    "$([ "$(entries "$tmp/out2" blorp.md)" = 1 ]; echo $?)"
"$B/kbc" check "$tmp/docs" --vocab "$tmp/v.tsv" >/dev/null 2>&1
t "kbc check takes --vocab too" $?

bad() { # what file-text expected-message
	printf "$2" >"$tmp/bad.tsv"
	"$B/kbc" build "$tmp/docs" -o "$tmp/out3" -q --vocab "$tmp/bad.tsv" 2>"$tmp/e3"
	st=$?
	if [ $st -eq 2 ] && grep -q "$3" "$tmp/e3" && [ ! -e "$tmp/out3/kb.sqlite" ]; then
		pass "malformed vocabulary ($1): status 2, '$3', no KB"
	else
		fail "malformed vocabulary ($1): status $st"
		note <"$tmp/e3"
	fi
}
bad "two fields" '# roles\nerror\ten\terror\nmessage\ten\n' "bad.tsv:3: want three tab-separated fields"
bad "unknown role" 'errror\ten\terror\n' "bad.tsv:1: unknown role 'errror'"
bad "empty words" 'error\ten\t\n' "bad.tsv:1: empty words"
bad "only comments" '# nothing\n' "bad.tsv: no vocabulary lines"
"$B/kbc" build "$tmp/docs" -o "$tmp/out3" -q --vocab "$tmp/none.tsv" 2>"$tmp/e4"
st=$?
t "missing vocabulary file: status 2 and its name" \
    "$([ $st -eq 2 ] && grep -q "none.tsv" "$tmp/e4"; echo $?)"
# Locale folders are the vocabulary's locale lines: sv/ is one, db/ is
# not, and a file that names "db" makes it one.
mkdir -p "$tmp/loc/sv" "$tmp/loc/db"
printf '# Fel\n\nFelmeddelande: Valvet är låst.\n' >"$tmp/loc/sv/a.md"
printf '# Errors\n\nError message: The vault is locked.\n' >"$tmp/loc/db/a.md"
"$B/kbc" build "$tmp/loc" -o "$tmp/locout" -q 2>/dev/null
t "built-in locales: sv/ is a locale folder, db/ is not" \
    "$([ "$(sql "$tmp/locout/kb.sqlite" "SELECT path, locale, key FROM articles ORDER BY path" | tr '\n' ' ')" = \
    "db/a.md|en|db/a.md sv/a.md|sv|a.md " ]; echo $?)"
{ cat compiler/vocab.tsv; printf 'locale\t*\tdb\n'; } >"$tmp/loc.tsv"
"$B/kbc" build "$tmp/loc" -o "$tmp/locout" -q --vocab "$tmp/loc.tsv" 2>/dev/null
t "--vocab FILE: a locale line makes db/ a locale folder (and rebuilds)" \
    "$([ "$(sql "$tmp/locout/kb.sqlite" "SELECT locale, key FROM articles WHERE path = 'db/a.md'")" = "db|a.md" ]; echo $?)"

# A malformed file must not touch a good KB.
before=$(cksum <"$tmp/out1/kb.sqlite")
printf 'bogus\n' >"$tmp/bad.tsv"
"$B/kbc" build "$tmp/docs" -o "$tmp/out1" -q --vocab "$tmp/bad.tsv" 2>/dev/null
t "a malformed vocabulary leaves the previous KB as it was" \
    "$([ "$(cksum <"$tmp/out1/kb.sqlite")" = "$before" ]; echo $?)"
finish
