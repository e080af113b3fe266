#!/bin/sh
# t_kbq_cjk.sh: Chinese and Japanese, which are written without spaces,
# end to end on tests/data/cjk (a fictional note app, Inkstone, in
# English, Chinese and Japanese).  Every two adjacent characters are a
# word (kbq_norm.c), so a message cut short, a part of it, or its words
# said around it find the entry, as spaced languages do.  Japanese
# hiragana (particles and endings) are left out, so that two sentences
# sharing "...してください" are not one.  The full-width colon of
# "错误消息：" ends a label as ':' does.
B=${B:-build}
. tests/tap.sh
DOCS=tests/data/cjk

kb_or_bail "$DOCS"
IDX=$tmp/out/kb.idx

first() {	# first QUERY LANG: article and codes of the best result
	"$B/kbq" --index "$IDX" --lang "$2" --json -- "$1" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["article"], ",".join(r[0]["codes"]) if r else "none")' 2>/dev/null || echo none
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

zh="inkstone/zh/sync-errors.md IS-2107"
ja="inkstone/ja/sync-errors.md IS-2107"
is "Chinese: the whole message" "$(first '同步游标已过期。请从第一页重新开始。' zh)" "$zh"
is "Chinese: cut short" "$(first '同步游标已过期。请从第一' zh)" "$zh"
is "Chinese: its words said around it" "$(first '分页游标已过期，需要从第一页重新开始' zh)" "$zh"
is "Japanese: a part of the message" "$(first 'カーソルの有効期限が切れました' ja)" "$ja"
is "Japanese: another entry's words" "$(first '共有ノートブックを開けません' ja)" \
    "inkstone/ja/sync-errors.md IS-2230"
is "Japanese: a sentence sharing only endings and one word is not the entry" \
    "$("$B/kbq" --index "$IDX" --lang ja --json -- '最初からやり直してください' | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print("error" if r and r[0]["kind"] == "error" else "not an error")')" "not an error"
is "Chinese: the label's full-width colon is not in the message" \
    "$("$B/kbq" --index "$IDX" --lang zh --json -- IS-2230 | python3 -c 'import json, sys
print(json.load(sys.stdin)["results"][0]["messages"][0])')" "你没有打开共享笔记本的权限。"
finish
