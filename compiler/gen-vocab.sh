#!/bin/sh
# gen-vocab.sh: turn vocab.tsv into a C table (the binary carries its
# vocabulary, so kbc needs no data files at run time).
# usage: gen-vocab.sh vocab.tsv > vocab_data.c
echo '/* Generated from vocab.tsv by gen-vocab.sh: do not edit. */'
echo '#include "vocab.h"'
echo 'const struct vocab_word vocab_words[] = {'
awk -F '\t' '
	/^#/ || NF < 3 { next }
	{
		w = $3; gsub(/\\/, "\\\\", w); gsub(/"/, "\\\"", w)
		printf "\t{ \"%s\", \"%s\", \"%s\" },\n", $1, $2, w
	}' "$1"
echo '	{ 0, 0, 0 }'
echo '};'
