/*
 * export.c: the KB's entries as JSON Lines, in the stable format other
 * tools read:
 *   {"article", "key", "anchor", "locale", "title", "section", "kind",
 *    "line", "url" (or null), "messages": [...], "codes": [...],
 *    "fixes": [{"causes": [...], "actions": [...]}]}
 * A fix whose actions have sub-items also has "action_items": a list of
 * them per action, in the order of "actions".
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "kb_write.h"
#include "text.h"

void
json_string(FILE *out, const char *s)
{
	size_t len;

	putc('"', out);
	for (; s && *s; s += len) {
		unsigned char c = (unsigned char)*s;

		len = 1;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else if (c < 0x80)
			putc(c, out);
		else {
			unsigned cp = utf8_decode(s, &len);

			if (len == 1 && cp >= 0x80)
				fputs("\\ufffd", out);
			else
				fwrite(s, 1, len, out);
		}
	}
	putc('"', out);
}

static void
json_list(FILE *out, sqlite3_stmt *st, sqlite3_int64 id)
{
	int first = 1;

	sqlite3_bind_int64(st, 1, id);
	putc('[', out);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!first)
			fputs(", ", out);
		json_string(out, (const char *)sqlite3_column_text(st, 0));
		first = 0;
	}
	putc(']', out);
	sqlite3_reset(st);
}

/*
 * The sub-items of fix fid's actions, a list per action in the order of
 * "actions", when any action has some (st: count, actions, items).
 */
static void
action_items(FILE *out, sqlite3_stmt **st, sqlite3_int64 fid)
{
	int n, first = 1;

	sqlite3_bind_int64(st[0], 1, fid);
	n = sqlite3_step(st[0]) == SQLITE_ROW ? sqlite3_column_int(st[0], 0) : 0;
	sqlite3_reset(st[0]);
	if (n == 0)
		return;
	fputs(", \"action_items\": [", out);
	sqlite3_bind_int64(st[1], 1, fid);
	while (sqlite3_step(st[1]) == SQLITE_ROW) {
		fputs(first ? "" : ", ", out);
		json_list(out, st[2], sqlite3_column_int64(st[1], 0));
		first = 0;
	}
	sqlite3_reset(st[1]);
	putc(']', out);
}

int
kb_export(const char *kbpath, FILE *out, char *err, size_t errsz)
{
	static const char *const sql[] = {
		"SELECT a.path, a.key, e.anchor, a.locale, a.title, COALESCE(s.text, ''),"
		" e.kind, e.line, e.id, a.url FROM entries e JOIN articles a ON a.id = e.article_id"
		" LEFT JOIN sections s ON s.id = e.section_id ORDER BY a.path, e.line, e.id",
		"SELECT text FROM messages WHERE entry_id = ? ORDER BY seq",
		"SELECT written FROM codes WHERE entry_id = ? ORDER BY seq",
		"SELECT id FROM fixes WHERE entry_id = ? ORDER BY seq",
		"SELECT text FROM causes WHERE fix_id = ? ORDER BY seq",
		"SELECT text FROM actions WHERE fix_id = ? ORDER BY seq",
		("SELECT count(*) FROM action_items i JOIN actions a"
		 " ON a.id = i.action_id WHERE a.fix_id = ?"),
		"SELECT id FROM actions WHERE fix_id = ? ORDER BY seq",
		"SELECT text FROM action_items WHERE action_id = ? ORDER BY seq",
	};
	sqlite3_stmt *st[9] = {0};
	sqlite3 *db = NULL;
	int rc = -1;

	/* A KB to export may come from anywhere: checked first (kb_open). */
	if (kb_open(kbpath, 0, &db, err, errsz) != KB_OPEN_OK)
		return -1;
	for (int i = 0; i < 9; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL) != SQLITE_OK)
			goto fail;
	while (sqlite3_step(st[0]) == SQLITE_ROW) {
		static const char *const keys[] = { "article", "key", "anchor", "locale",
		    "title", "section", "kind" };
		sqlite3_int64 id = sqlite3_column_int64(st[0], 8);
		int first = 1;

		putc('{', out);
		for (int i = 0; i < 7; i++) {
			fprintf(out, "%s\"%s\": ", i ? ", " : "", keys[i]);
			json_string(out, (const char *)sqlite3_column_text(st[0], i));
		}
		fprintf(out, ", \"line\": %d, \"url\": ", sqlite3_column_int(st[0], 7));
		if (sqlite3_column_type(st[0], 9) == SQLITE_NULL)
			fputs("null", out);
		else
			json_string(out, (const char *)sqlite3_column_text(st[0], 9));
		fputs(", \"messages\": ", out);
		json_list(out, st[1], id);
		fputs(", \"codes\": ", out);
		json_list(out, st[2], id);
		fputs(", \"fixes\": [", out);
		sqlite3_bind_int64(st[3], 1, id);
		while (sqlite3_step(st[3]) == SQLITE_ROW) {
			sqlite3_int64 fid = sqlite3_column_int64(st[3], 0);

			fputs(first ? "{\"causes\": " : ", {\"causes\": ", out);
			json_list(out, st[4], fid);
			fputs(", \"actions\": ", out);
			json_list(out, st[5], fid);
			action_items(out, st + 6, fid);
			putc('}', out);
			first = 0;
		}
		sqlite3_reset(st[3]);
		fputs("]}\n", out);
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, errsz, "%s: %s", kbpath, db ? sqlite3_errmsg(db) : "cannot open");
out:
	for (int i = 0; i < 9; i++)
		sqlite3_finalize(st[i]);
	sqlite3_close(db);
	return rc;
}
