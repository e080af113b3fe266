/*
 * t_query.c: libkbq end to end, in process: build an index from the
 * sample KB (tests/data/query-kb.sql) with idx_write(), then look up
 * every form of query people paste, check language mapping, result
 * fields, determinism, concurrent lookups, and that damaged indexes are
 * refused or survived without a crash.
 *
 *   t_query                    run the tests (from the top directory)
 *   t_query --write-index P    only write the sample index to P
 *                              (used by tests/t_kbq.sh)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "embed.h"
#include "idx_write.h"
#include "kbq.h"
#include "kbq_format.h"
#include "kbq_norm.h"
#include "tap.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*s;
	long	 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	s = malloc((size_t)n + 1);
	if (s == NULL || fread(s, 1, (size_t)n, fp) != (size_t)n) {
		free(s);
		fclose(fp);
		return NULL;
	}
	s[n] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return s;
}

/* Build the sample KB (or an empty one) in memory and write its index. */
static int
write_kb(const char *path, int empty)
{
	sqlite3	*db;
	char	*schema, *data, err[256];
	int	 rc = -1;

	schema = slurp("schema/kb.sql", NULL);
	data = empty ? strdup("") : slurp("tests/data/query-kb.sql", NULL);
	if (schema == NULL || data == NULL) {
		fprintf(stderr, "t_query: run from the top directory\n");
		free(schema);
		free(data);
		return -1;
	}
	if (sqlite3_open(":memory:", &db) == SQLITE_OK &&
	    sqlite3_exec(db, schema, NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_exec(db, data, NULL, NULL, NULL) == SQLITE_OK) {
		rc = idx_write(db, path, err, sizeof(err));
		if (rc != 0)
			fprintf(stderr, "idx_write: %s\n", err);
	} else
		fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	free(schema);
	free(data);
	return rc;
}

static int
write_index(const char *path)
{
	return write_kb(path, 0);
}

static kbq *db;

/* Look q up; return the top result's "article#anchor" ("" for none). */
static const char *
top(const char *q, const char *lang)
{
	static char	 buf[512];
	kbq_result	*r;

	buf[0] = '\0';
	if (kbq_lookup(db, q, strlen(q), lang, 5, &r) != KBQ_OK)
		return "(error)";
	if (kbq_result_count(r) > 0)
		snprintf(buf, sizeof(buf), "%s#%s", kbq_result_article(r, 0),
		    kbq_result_anchor(r, 0));
	kbq_result_free(r);
	return buf;
}

#define EN	"en/widgets/sync-troubleshoot.md#"
#define SV	"sv/widgets/sync-troubleshoot.md#"
#define DE	"de/widgets/sync-troubleshoot.md#"

static void
test_forms(void)
{
	is_str(top("The license file is invalid or has expired.", "en"),
	    EN "invalid-license-file", "exact message");
	is_str(top("THE   LICENSE file is INVALID or has   expired", "en"),
	    EN "invalid-license-file", "case and spacing");
	is_str(top("The sync gateway did not\n    respond within the\n"
	    "\tconfigured timeout period.", "en"), EN "gateway-timeout",
	    "wrapped over lines");
	is_str(top("2026-01-02T10:11:12Z host-7 syncd[4242]: ERROR: Unable to "
	    "read the change bitmap of the volume.\n   at Sync.Engine.Read("
	    "Stream s) in C:\\src\\engine.cs:line 88\n   at Sync.Main()",
	    "en"), EN "sync-bitmap-error", "log line with prefix and stack "
	    "trace");
	is_str(top("The sync gateway 'gw-7f3a2c' did not respond within the "
	    "configured timeout period (request 3f2504e0-4f89-11d3-9a0c-"
	    "0305e82c3301, 1200 ms)", "en"), EN "gateway-timeout",
	    "changed names, GUIDs and numbers");
	is_str(top("The sync gateway did not respond within the conf", "en"),
	    EN "gateway-timeout", "truncated in a word");
	is_str(top("The encryption pasphrase stored on this computer is not "
	    "correcctly configuured", "en"), EN "encryption-passphrase",
	    "typos");
	is_str(top("34513", "en"), EN "invalid-license-file", "code 34513");
	is_str(top("ID: 34513", "en"), EN "invalid-license-file",
	    "code ID: 34513");
	is_str(top("(ID: 34506)", "en"), EN "encryption-passphrase",
	    "code (ID: 34506)");
	is_str(top("0x1fc07", "en"), EN "sync-bitmap-error", "code 0x1fc07");
	is_str(top("[0x1FC07]", "en"), EN "sync-bitmap-error",
	    "code [0x1FC07]");
	is_str(top("SyncBitmapError", "en"), EN "sync-bitmap-error",
	    "code SyncBitmapError");
	is_str(top("syncbitmaperror", "en"), EN "sync-bitmap-error",
	    "code in lower case");
	is_str(top("error code gateway_timeout_error", "en"),
	    EN "gateway-timeout", "code with words around it");
	is_str(top("Sync failed because the cache volume ran out of space",
	    "en"), EN "cache-volume-full", "symptom finds the guide");
	is_str(top("A paper jam was detected in tray 3.", "en"),
	    "en/printing/spooler.md#paper-jam", "placeholder in the KB");
}

static void
test_negative(void)
{
	static const char *const neg[] = {
		("psql: error: connection to server at \"localhost\", port "
		    "5432 failed: Connection refused"),
		"Segmentation fault (core dumped)",
		"ModuleNotFoundError: No module named 'pandas'",
		"",
		"   \t\n  ",
		"\x01\x02\x1b[31m\x07",
		"u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdoc",
		"qwv zxkj plmo vbnrt",
		"\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5",
		"\xff\xfe\xc3\x28 invalid utf-8 \xe2\x82",
	};
	size_t	 i;

	for (i = 0; i < sizeof(neg) / sizeof(neg[0]); i++)
		is_str(top(neg[i], "en"), "", "no match for unrelated text");
}

static void
test_lang(void)
{
	is_str(top("The license file is invalid or has expired.", "sv"),
	    SV "invalid-license-file", "--lang sv maps to the translation");
	is_str(top("The license file is invalid or has expired.", "de"),
	    DE "invalid-license-file", "--lang de maps to the translation");
	is_str(top("The license file is invalid or has expired.", "fr"),
	    EN "invalid-license-file", "no translation: original kept");
	is_str(top("Unable to read the change bitmap of the volume.", "sv"),
	    SV "bitmappfel-vid-synkronisering",
	    "translated anchor: found by shared codes");
	is_str(top("The encryption passphrase stored on this computer is not "
	    "correctly configured", "sv"), EN "encryption-passphrase",
	    "no Swedish entry: original kept");
	is_str(top("Licensfilen är ogiltig eller har gått ut", "sv"),
	    SV "invalid-license-file", "Swedish query");
	is_str(top("LICENSFILEN AR OGILTIG", "sv"),
	    SV "invalid-license-file", "Swedish without diacritics");
	is_str(top("Die Lizenzdatei ist UNGÜLTIG oder abgelaufen", "de"),
	    DE "invalid-license-file", "German, upper-case umlaut");
	is_str(top("34513", "sv"), SV "invalid-license-file",
	    "code prefers the asked language");
	is_str(top("GATEWAY_TIMEOUT_ERROR", "de"), EN "gateway-timeout",
	    "code without a de translation");
}

static void
test_fields(void)
{
	kbq_result	*r;
	const char	*q = "The sync gateway did not respond within the "
			    "configured timeout period.";

	ok(kbq_lookup(db, q, strlen(q), NULL, 5, &r) == KBQ_OK, "lookup");
	ok(kbq_result_count(r) >= 1, "a result");
	ok(kbq_result_score(r, 0) >= kbq_default_threshold() &&
	    kbq_result_score(r, 0) <= 1.0, "score in [threshold, 1]");
	is_str(kbq_result_key(r, 0), "widgets/sync-troubleshoot.md", "key");
	is_str(kbq_result_locale(r, 0), "en", "locale");
	is_str(kbq_result_title(r, 0), "Troubleshoot widget sync", "title");
	is_str(kbq_result_section(r, 0), "Gateway timeout", "section");
	is_str(kbq_result_kind(r, 0), "error", "kind");
	is_int(kbq_result_nmessages(r, 0), 1, "one message");
	is_str(kbq_result_message(r, 0, 0), "The sync gateway did not "
	    "respond within the configured timeout period.", "message");
	is_int(kbq_result_ncodes(r, 0), 1, "one code");
	is_str(kbq_result_code(r, 0, 0), "GATEWAY_TIMEOUT_ERROR",
	    "code as written");
	is_int(kbq_result_nfixes(r, 0), 2, "two fixes");
	is_int(kbq_fix_ncauses(r, 0, 0), 1, "fix 1 has a cause");
	is_str(kbq_fix_cause(r, 0, 0, 0), "A firewall blocks outbound port "
	    "443.", "cause");
	is_str(kbq_fix_action(r, 0, 1, 0), "Scale out the gateway.",
	    "action of fix 2");
	is_str(kbq_result_message(r, 0, 7), "", "message out of range");
	is_str(kbq_fix_action(r, 0, 9, 0), "", "fix out of range");
	is_int(kbq_action_nitems(r, 0, 1, 0), 0, "an action without sub-items");
	is_str(kbq_action_item(r, 0, 9, 0, 0), "", "sub-item of a fix out of range");
	is_str(kbq_action_item(r, 0, 1, -1, 0), "", "sub-item of a negative action");
	is_str(kbq_result_article(r, 99), "", "result out of range");
	is_int(kbq_result_nfixes(r, -1), 0, "negative index");
	kbq_result_free(r);

	q = "cache volume out of space";
	ok(kbq_lookup(db, q, strlen(q), NULL, 5, &r) == KBQ_OK &&
	    kbq_result_count(r) > 0, "guide lookup");
	is_str(kbq_result_kind(r, 0), "guide", "kind guide");
	kbq_result_free(r);

	q = "license";
	ok(kbq_lookup(db, q, strlen(q), NULL, 1, &r) == KBQ_OK &&
	    kbq_result_count(r) <= 1, "limit 1 is kept");
	kbq_result_free(r);
	kbq_result_free(NULL);
	kbq_close(NULL);
	ok(kbq_lookup(db, NULL, 0, NULL, 0, &r) == KBQ_OK &&
	    kbq_result_count(r) == 0, "empty query is no match");
	kbq_result_free(r);
	ok(kbq_lookup(NULL, "x", 1, NULL, 0, &r) == KBQ_ERROR && r == NULL,
	    "NULL handle refused");
}

/* kbq_lookup_opts(): the threshold, the limit, the language, the size. */
static void
test_opts(void)
{
	struct kbq_options opt;
	kbq_result	*r;
	const char	*q = "sync gateway did not respond";
	double		 s;

	kbq_options_init(&opt);
	is_int((int)opt.size, (int)sizeof(opt), "options_init sets the size");
	is_int(opt.limit, KBQ_DEFLIMIT, "options_init: the default limit");
	ok(kbq_lookup_opts(db, q, strlen(q), &opt, &r) == KBQ_OK &&
	    kbq_result_count(r) > 0, "default options answer");
	s = kbq_result_count(r) > 0 ? kbq_result_score(r, 0) : 0;
	ok(s >= kbq_default_threshold(), "a default result reaches the "
	    "default threshold");
	kbq_result_free(r);
	opt.threshold = s + 0.01 < 1 ? s + 0.01 : 1;
	ok(kbq_lookup_opts(db, q, strlen(q), &opt, &r) == KBQ_OK &&
	    (kbq_result_count(r) == 0 || kbq_result_score(r, 0) >=
	    opt.threshold), "a higher threshold keeps only what reaches it");
	kbq_result_free(r);
	opt.threshold = 0.01;
	q = "license";
	ok(kbq_lookup_opts(db, q, strlen(q), &opt, &r) == KBQ_OK &&
	    kbq_result_count(r) > 0, "a low threshold answers a vague query");
	kbq_result_free(r);
	opt.limit = 1;
	ok(kbq_lookup_opts(db, q, strlen(q), &opt, &r) == KBQ_OK &&
	    kbq_result_count(r) == 1, "the limit is kept");
	kbq_result_free(r);
	opt.size = sizeof(opt) - 1;
	ok(kbq_lookup_opts(db, q, strlen(q), &opt, &r) == KBQ_ERROR &&
	    r == NULL, "options of an unknown size are refused");
	ok(kbq_lookup_opts(db, q, strlen(q), NULL, &r) == KBQ_ERROR &&
	    r == NULL, "no options are refused");
}

/* The normalizer folds and masks the same way on both sides. */
struct toks {
	char	 s[512];
};

static int
tok_cb(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct toks	*t = arg;

	(void)len;
	(void)seq;
	if (strlen(t->s) + strlen(tok) + 4 < sizeof(t->s)) {
		strcat(t->s, kind & KBQN_CODE ? "#" : "");
		strcat(t->s, tok);
		strcat(t->s, " ");
	}
	return 0;
}

static const char *
words(const char *s, int codes)
{
	static struct toks	 t;
	struct toks		 all;
	char			*p, *tok;

	all.s[0] = '\0';
	kbqn_scan(s, strlen(s), tok_cb, &all);
	t.s[0] = '\0';
	for (tok = strtok_r(all.s, " ", &p); tok; tok = strtok_r(NULL, " ", &p)) {
		if ((tok[0] == '#') != codes)
			continue;
		strcat(t.s, tok + (tok[0] == '#'));
		strcat(t.s, " ");
	}
	return t.s;
}

static void
test_norm(void)
{
	char	 c[32];

	is_str(words("Åtgärd: ÄÖÜ straße Œuvre naïve", 0),
	    "atgard aou strasse oeuvre naive ", "diacritics fold to ASCII");
	is_str(words("UserErrorSQLPODoesNotExist", 0),
	    "user error sqlpo does not exist ", "camelCase split");
	is_str(words("CONNECTIVITY_DNS_ERROR", 0), "connectivity dns error ",
	    "underscores split");
	is_str(words("at 10:29:37 pid 46963 id 7f3a2c x2k4q AZFD0004", 0),
	    "at pid id azfd0004 ", "numbers and generated names masked");
	is_str(words("see /var/log/x.log C:\\dir\\f.txt https://a.example/b "
	    "a@b.example 3f2504e0-4f89-11d3-9a0c-0305e82c3301 {tray} "
	    "'pandas' \"gw-1\" ok", 0), "see ok ",
	    "paths, URLs, mail, GUIDs, placeholders, quoted names masked");
	is_str(words("[0x1FC07] (ID: 34513) ORA-12154", 1),
	    "0x1fc07 id 34513 ora 12154 ora-12154 ", "code candidates");
	is_str(words("\xf0\x9f\x94\xa5ok\xe2\x9c\xa8go\xff", 0), "ok go ",
	    "emoji and bad bytes separate");
	/* 游标已过期，请重试 (U+FF0C separates); Latin inside stays a word. */
	is_str(words("\xe6\xb8\xb8\xe6\xa0\x87\xe5\xb7\xb2\xe8\xbf\x87"
	    "\xe6\x9c\x9f\xef\xbc\x8c\xe8\xaf\xb7\xe9\x87\x8d\xe8\xaf\x95"
	    "Tabulo\xe7\x9a\x84", 0),
	    "\xe6\xb8\xb8\xe6\xa0\x87 \xe6\xa0\x87\xe5\xb7\xb2 "
	    "\xe5\xb7\xb2\xe8\xbf\x87 \xe8\xbf\x87\xe6\x9c\x9f "
	    "\xe8\xaf\xb7\xe9\x87\x8d \xe9\x87\x8d\xe8\xaf\x95 tabulo ",
	    "Han: every two adjacent characters");
	/* ファイルを開く権限がありません: hiragana left out, a kanji alone
	 * between them kept. */
	is_str(words("\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4\xe3\x83\xab"
	    "\xe3\x82\x92\xe9\x96\x8b\xe3\x81\x8f\xe6\xa8\xa9\xe9\x99\x90"
	    "\xe3\x81\x8c\xe3\x81\x82\xe3\x82\x8a\xe3\x81\xbe\xe3\x81\x9b"
	    "\xe3\x82\x93", 0),
	    "\xe3\x83\x95\xe3\x82\xa1 \xe3\x82\xa1\xe3\x82\xa4 "
	    "\xe3\x82\xa4\xe3\x83\xab \xe9\x96\x8b "
	    "\xe6\xa8\xa9\xe9\x99\x90 ",
	    "Japanese: kanji and katakana in pairs, hiragana out");
	is_int((long long)kbqn_code(" 0X1FC07 ", c, sizeof(c)), 7,
	    "kbqn_code length");
	is_str(c, "0x1fc07", "kbqn_code folds");
	is_int((long long)kbqn_code("not a code", c, sizeof(c)), 0,
	    "kbqn_code refuses spaces");
}

/*
 * The forms of identifiers (kbqn_form): equal within a family of codes,
 * different across, none for words, numbers and the short or loose.
 * Each row: two identifiers and whether they share a form (1), have
 * different forms (0), or the first has none (-1).
 */
static void
test_idforms(void)
{
	static const struct { const char *a, *b; int same; } t[] = {
		{ "0x80070643", "0x8024D1F2", 1 },
		{ "0x8F", "0x80070643", -1 },		/* too few digits to name one */
		{ "0x80070643", "0x000000000000D1", 0 },	/* another width */
		{ "ERR_PNPM_OUTDATED_LOCKFILE", "ERR_KNIT_LOCKFILE_OUT_OF_DATE", 1 },
		{ "ERR_KNIT", "ERR_KNIT_NO_MATCH", -1 },	/* two parts */
		{ "max_slot_retention", "replica_slot_lost", -1 },	/* settings */
		{ "AADSTS700016", "NVID700027", 1 },
		{ "30174-45", "30015-6", 1 },
		{ "HMA-INST-027", "ORA-12154", 1 },
		{ "ORA-12154", "AADSTS700016", 0 },
		/* Class names, by their last part. */
		{ "ProvisionedThroughputExceededException",
		    "NotPartitionOwnerException", 1 },
		{ "LedgerEntryNotFound", "PathNotFound", 1 },
		{ "ProvisionedThroughputExceededException",
		    "AzureBackupPlugin", 0 },		/* a program's name */
		{ "UserErrorSQLPODoesNotExist", "SalBitmapError", 0 },
		{ "IOException", "NotPartitionOwnerException", -1 },	/* one part */
		{ "Retry2Exception", "NotPartitionOwnerException", -1 },
		{ "2026", "404", -1 },
	};
	size_t		 i;
	unsigned	 fa, fb;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		fa = kbqn_form(t[i].a, strlen(t[i].a));
		fb = kbqn_form(t[i].b, strlen(t[i].b));
		if (t[i].same < 0)
			ok(fa == 0, "kbqn_form: %s has no form", t[i].a);
		else
			ok(fa != 0 && (fa == fb) == t[i].same,
			    "kbqn_form: %s and %s %s", t[i].a, t[i].b,
			    t[i].same ? "share a form" : "differ");
	}
}

struct worker {
	int	 fails;
};

static void *
work(void *arg)
{
	static const char *const q[][2] = {
		{ "34513", EN "invalid-license-file" },
		{ "Unable to read the change bitmap", EN "sync-bitmap-error" },
		{ "gateway did not respond", EN "gateway-timeout" },
		{ "Segmentation fault", "" },
	};
	struct worker	*w = arg;
	kbq_result	*r;
	char		 got[512];
	int		 i, k;

	for (i = 0; i < 200; i++) {
		k = i % 4;
		if (kbq_lookup(db, q[k][0], strlen(q[k][0]), "en", 3, &r) !=
		    KBQ_OK) {
			w->fails++;
			continue;
		}
		got[0] = '\0';
		if (kbq_result_count(r) > 0)
			snprintf(got, sizeof(got), "%s#%s",
			    kbq_result_article(r, 0), kbq_result_anchor(r, 0));
		if (strcmp(got, q[k][1]) != 0)
			w->fails++;
		kbq_result_free(r);
	}
	return NULL;
}

static void
test_threads(void)
{
	pthread_t	 t[8];
	struct worker	 w[8];
	int		 i, fails = 0, started = 0;

	memset(w, 0, sizeof(w));
	for (i = 0; i < 8; i++)
		if (pthread_create(&t[i], NULL, work, &w[i]) == 0)
			started++;
	for (i = 0; i < started; i++) {
		pthread_join(t[i], NULL);
		fails += w[i].fails;
	}
	is_int(started, 8, "8 threads started");
	is_int(fails, 0, "1600 concurrent lookups on one handle all right");
}

/* Damage: every truncation refused; every flipped byte either refused at
 * open or caught by kbq_check(), and lookups on it never crash. */
static void
test_damage(const unsigned char *data, size_t size)
{
	unsigned char	*copy;
	kbq		*d;
	kbq_result	*r;
	size_t		 i, badtrunc = 0, missed = 0, opened = 0;
	int		 rc;

	copy = malloc(size);
	for (i = 0; i < size; i++) {
		rc = kbq_open_mem(data, i, &d);
		if (rc == KBQ_OK || *kbq_errmsg(d) == '\0')
			badtrunc++;
		kbq_close(d);
	}
	is_int((long long)badtrunc, 0, "every truncation refused with a message");

	for (i = 0; i < size; i++) {
		memcpy(copy, data, size);
		copy[i] ^= (unsigned char)(1u << (i % 8));
		rc = kbq_open_mem(copy, size, &d);
		if (rc == KBQ_OK) {
			opened++;
			if (kbq_check(d) == KBQ_OK)
				missed++;
			/* Damaged content must still be safe to read. */
			if (kbq_lookup(d, "license file invalid 34513", 26,
			    "sv", 5, &r) == KBQ_OK) {
				if (kbq_result_count(r) > 0) {
					(void)kbq_result_message(r, 0, 0);
					(void)kbq_fix_action(r, 0, 0, 0);
					(void)kbq_action_item(r, 0, 0, 0, 0);
				}
				kbq_result_free(r);
			}
		} else if (*kbq_errmsg(d) == '\0')
			missed++;
		kbq_close(d);
	}
	is_int((long long)missed, 0, "every flipped byte detected");
	ok(opened > 0, "flips in the content open and survive lookups (%zu)",
	    opened);
	free(copy);
}

/* Rewrite the header checksum of an index in memory after editing it. */
static void
resum(unsigned char *p)
{
	size_t	 hend = KBX_HDRSIZE + (size_t)kbx_get32(p + 12) * KBX_SECTSIZE;

	memset(p + 24, 0, 8);
	kbx_put64(p + 24, kbx_fnv(KBX_FNV_INIT, p, hend));
}

/* A section table that lies, with a valid header checksum, is refused:
 * the reader checks bounds, not just sums. */
static void
test_lies(const unsigned char *data, size_t size)
{
	unsigned char	*c = malloc(size);
	unsigned	 i, bad = 0;
	kbq		*d;
	static const uint32_t vals[] = { 0, 8, 0x7fffffff, 0xffffffff };
	unsigned	 f, v;

	for (i = 0; i < kbx_get32(data + 12); i++)
		for (f = 1; f < 4; f++)
			for (v = 0; v < 4; v++) {
				unsigned char *r;

				memcpy(c, data, size);
				r = c + KBX_HDRSIZE + i * KBX_SECTSIZE + f * 4;
				if (kbx_get32(r) == vals[v])
					continue;
				kbx_put32(r, vals[v]);
				resum(c);
				if (kbq_open_mem(c, size, &d) == KBQ_OK) {
					kbq_result *res;

					/* Only harmless lies may open; then a
					 * lookup must still be safe. */
					if (kbq_lookup(d, "license 34513", 13,
					    "sv", 5, &res) == KBQ_OK)
						kbq_result_free(res);
					if (f != 3 || vals[v] != 0)
						bad++;
				}
				kbq_close(d);
			}
	is_int(bad, 0, "lying section tables refused");
	memcpy(c, data, size);
	kbx_put32(c + 40, 1000000);	/* nentries */
	resum(c);
	is_int(kbq_open_mem(c, size, &d), KBQ_CORRUPT, "lying entry count");
	kbq_close(d);
	free(c);
}

static void
test_files(const char *path, const char *path2)
{
	kbq		*d;
	char		*a, *b, err[256], cpath[300];
	size_t		 la, lb;
	FILE		*fp;

	ok(write_index(path2) == 0, "second build");
	a = slurp(path, &la);
	b = slurp(path2, &lb);
	ok(a && b && la == lb && memcmp(a, b, la) == 0,
	    "same KB gives the same bytes");
	free(b);

	is_int(kbq_open("/nonexistent/kb.idx", &d), KBQ_IOERR, "missing file");
	ok(strstr(kbq_errmsg(d), "/nonexistent/kb.idx") != NULL,
	    "message names the file");
	kbq_close(d);
	is_int(kbq_open_mem("ERRKBIDY", 8, &d), KBQ_FORMAT, "bad magic");
	kbq_close(d);
	if (a != NULL) {
		char *v = malloc(la);

		memcpy(v, a, la);
		v[8] = 9;	/* format version 9 */
		is_int(kbq_open_mem(v, la, &d), KBQ_FORMAT, "newer version");
		ok(strstr(kbq_errmsg(d), "version") != NULL, "says version");
		kbq_close(d);
		/* The one before, without LENS: rebuilt, not misread. */
		v[8] = KBX_VERSION - 1;
		is_int(kbq_open_mem(v, la, &d), KBQ_FORMAT, "older version");
		kbq_close(d);
		/* An unaligned copy works as well. */
		memcpy(v, a, la);
		free(v);
		v = malloc(la + 1);
		memcpy(v + 1, a, la);
		ok(kbq_open_mem(v + 1, la, &d) == KBQ_OK &&
		    kbq_check(d) == KBQ_OK, "unaligned buffer");
		kbq_close(d);
		free(v);
	}

	/* An empty KB gives a valid index that matches nothing. */
	ok(write_kb(path2, 1) == 0, "empty KB indexed");
	ok(kbq_open(path2, &d) == KBQ_OK && kbq_check(d) == KBQ_OK &&
	    kbq_entry_count(d) == 0, "empty index opens");
	{
		kbq_result *r = NULL;

		ok(kbq_lookup(d, "license 34513", 13, "sv", 5, &r) == KBQ_OK &&
		    kbq_result_count(r) == 0, "empty index: no match");
		kbq_result_free(r);
	}
	kbq_close(d);
	ok(write_index(path2) == 0, "rebuilt");

	snprintf(cpath, sizeof(cpath), "%s.c", path);
	ok(embed_write(path, cpath, "my_index", err, sizeof(err)) == 0,
	    "embed_write");
	b = slurp(cpath, NULL);
	ok(b && strstr(b, "const unsigned char my_index[]") &&
	    strstr(b, "const size_t my_index_size ="), "embed output");
	free(b);
	ok(embed_write(path, cpath, "9bad", err, sizeof(err)) == -1 &&
	    *err != '\0', "embed refuses a bad symbol");
	if ((fp = fopen(path2, "r+b")) != NULL) {
		fseek(fp, 100, SEEK_SET);
		fputc(0x5a ^ a[100], fp);
		fclose(fp);
	}
	ok(embed_write(path2, cpath, NULL, err, sizeof(err)) == -1,
	    "embed refuses a damaged index");
	unlink(cpath);
	free(a);
}

static void
test_big(void)
{
	size_t		 n = 1 << 20, i;
	char		*q = malloc(n);
	kbq_result	*r;
	clock_t		 t0;
	int		 rc;

	for (i = 0; i < n; i++)
		q[i] = "ab cdefg hij 0x12 sync\n"[i % 23] + (char)(i % 7 == 0);
	t0 = clock();
	rc = kbq_lookup(db, q, n, "en", 5, &r);
	ok(rc == KBQ_OK, "1 MB query answered");
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0,
	    "1 MB query in bounded time");
	kbq_result_free(r);
	free(q);
}

/* The results of a lookup as one string: every hit, score to the bit. */
static void
reuse_sig(kbq *d, const char *q, char *out, size_t n)
{
	kbq_result	*r;
	size_t		 l = 0;
	int		 i;

	out[0] = '\0';
	if (kbq_lookup(d, q, strlen(q), "en", 5, &r) != KBQ_OK) {
		snprintf(out, n, "failed");
		return;
	}
	for (i = 0; i < kbq_result_count(r) && l < n; i++)
		l += (size_t)snprintf(out + l, n - l, "%s#%s=%.17g;",
		    kbq_result_article(r, i), kbq_result_anchor(r, i),
		    kbq_result_score(r, i));
	kbq_result_free(r);
}

/* A handle keeps a lookup's arrays for the next (kbq_lookup.c): every
 * lookup on one handle, whatever came before it, answers as the first
 * lookup on a fresh handle does. */
static void
test_reuse(const char *path)
{
	static const char *const q[] = {
		"Unable to read the change bitmap",
		"34513",
		("gateway did not respond in time, the upstream server timed "
		    "out while reading the change bitmap of license file 34513"),
		"Segmentation fault",
		"gateway did not respond",
		"",
		"invalid license file",
	};
	char		 a[1024], b[1024];
	kbq		*f;
	size_t		 i, differ = 0, n = sizeof(q) / sizeof(q[0]);
	int		 round;

	for (round = 0; round < 3; round++)
		for (i = 0; i < n; i++) {
			reuse_sig(db, q[i], a, sizeof(a));
			if (kbq_open(path, &f) != KBQ_OK) {
				differ++;
				kbq_close(f);
				continue;
			}
			reuse_sig(f, q[i], b, sizeof(b));
			kbq_close(f);
			if (strcmp(a, b) != 0)
				differ++;
		}
	is_int((long long)differ, 0,
	    "lookups on one handle answer as on fresh handles");
}

int
main(int argc, char *argv[])
{
	char		 path[128], path2[128];
	unsigned char	*data;
	size_t		 size;

	if (argc == 3 && strcmp(argv[1], "--write-index") == 0)
		return write_index(argv[2]) == 0 ? 0 : 1;

	snprintf(path, sizeof(path), "/tmp/t_query-%ld.idx", (long)getpid());
	snprintf(path2, sizeof(path2), "/tmp/t_query-%ld-2.idx",
	    (long)getpid());
	if (!ok(write_index(path) == 0, "idx_write"))
		return tap_done();
	ok(kbq_open(path, &db) == KBQ_OK, "kbq_open");
	ok(kbq_check(db) == KBQ_OK, "kbq_check");
	is_int(kbq_entry_count(db), 11, "11 entries");
	is_int(kbq_article_count(db), 4, "4 articles");
	is_str(kbq_libversion(), KBQ_VERSION, "run-time version");
	is_int(kbq_libversion_number(), KBQ_VERSION_NUMBER, "version number");
	ok(strcmp(kbq_errstr(KBQ_CORRUPT), "damaged index") == 0, "errstr");

	test_norm();
	test_idforms();
	test_forms();
	test_negative();
	test_lang();
	test_fields();
	test_opts();
	test_threads();
	test_reuse(path);
	test_big();
	data = (unsigned char *)slurp(path, &size);
	if (data != NULL) {
		test_damage(data, size);
		test_lies(data, size);
	}
	free(data);
	test_files(path, path2);
	kbq_close(db);
	unlink(path);
	unlink(path2);
	return tap_done();
}
