# tests/devroot.sh: the dev root, for the tests that build it (sourced
# after tests/tap.sh; S names ../shared).  Assembled as tools/eval
# assembles it: corpus/{en,sv,de}, seed/ and every vendor folder of
# corpus2/ side by side, copied.

# have_devroot: is ../shared there, with its queries and python3?
have_devroot() {
	[ -f "$S/eval/queries-dev.jsonl" ] && [ -d "$S/corpus" ] &&
	    command -v python3 >/dev/null 2>&1
}
# devroot DIR: assemble the dev root in DIR.
devroot() {
	mkdir -p "$1"
	for _l in en sv de; do
		[ -d "$S/corpus/$_l" ] && cp -r "$S/corpus/$_l" "$1/"
	done
	[ -d "$S/seed" ] && cp -r "$S/seed" "$1/"
	if [ -d "$S/corpus2" ]; then
		for _d in "$S"/corpus2/*/; do
			_n=$(basename "$_d")
			[ "$_n" = licenses ] || cp -r "$_d" "$1/$_n"
		done
	fi
}
# devqueries FILE: every development query, one a line.
devqueries() {
	python3 -c 'import json, sys
for l in open(sys.argv[1]):
    print(json.loads(l)["query"].replace("\n", " "))' "$S/eval/queries-dev.jsonl" >"$1"
}
# edit_every LIST N HEADING ERROR ACTION: append to every N-th file of
# LIST a section HEADING with a table of one error and its action
# (document frequencies and lengths change).
# delete_every LIST N R: delete those whose line number is R modulo N.
edit_every() {
	awk -v n="$2" 'NR % n == 0' "$1" | while IFS= read -r _f; do
		printf '\n## %s\n\n| Error | Recommended action |\n|---|---|\n| %s | %s |\n' \
		    "$3" "$4" "$5" >>"$_f"
	done
}
delete_every() {
	awk -v n="$2" -v r="$3" 'NR % n == r' "$1" | while IFS= read -r _f; do
		rm -f "$_f"
	done
}
