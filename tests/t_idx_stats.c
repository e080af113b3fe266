/*
 * t_idx_stats.c: the statistics kbc stores in kb.idx follow from what
 * adds up over parts of one KB, as kbq_format.h defines them, so that a
 * reader of several segments of one generation can compute the merged
 * ones exactly: each average length from the integer sum of the stored
 * lengths (LENS), and each entry's idf masses (ENTS) from its own words
 * taken in TERM order with the index's document frequencies.  Here they
 * are computed again from the postings, the way such a reader would, and
 * must equal the stored ones bit for bit, for the entries and for the
 * passages.
 *
 * With no argument: kbc ($B/kbc) builds each folder of tests/data that
 * holds articles, in full and then incrementally after an edit and a
 * deletion (the index then comes from the KB, not from the stream).
 * With arguments: the kb.idx files named (t_kbc_incremental_dev.sh
 * passes the dev root's).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbq.h"
#include "kbq_format.h"
#include "kbq_int.h"
#include "tap.h"

/* The view's average length x16 and its entries' masses as stored, and
 * as the postings give them; counts the entries whose masses differ. */
static void
check_view(const struct kbq *v, const char *path, const char *name,
    uint32_t avg16)
{
	const unsigned char *p, *end;
	double		*mass, idf;
	uint64_t	 sum = 0;
	uint32_t	 t, a, b, e, j, val, bad = 0, w;
	static const unsigned mw[4] = { KBX_E_MASSM, KBX_E_MASSS,
	    KBX_E_MASST, KBX_E_MASSC };
	static const uint32_t bit[4] = { KBX_F_MSG, KBX_F_SECT,
	    KBX_F_TITLE, KBX_F_CODE };

	for (e = 0; e < v->nentries; e++)
		sum += kbx_word(&v->lens, e, 1, 0);
	is_int(avg16, v->nentries ? (uint32_t)lrint((double)sum /
	    v->nentries) : 16, "average length");
	printf("#   (%s, %s)\n", path, name);
	if ((mass = calloc((size_t)v->nentries * 4 + 1, sizeof(*mass))) ==
	    NULL) {
		ok(0, "%s: out of memory", name);
		return;
	}
	for (t = 0; t < v->term.n; t++) {
		idf = KBX_IDF(v->nentries, kbx_word(&v->term, t, KBX_TERM_W,
		    KBX_T_DF));
		a = kbx_word(&v->term, t, KBX_TERM_W, KBX_T_POST);
		b = t + 1 < v->term.n ? kbx_word(&v->term, t + 1, KBX_TERM_W,
		    KBX_T_POST) : v->post.size;
		p = v->post.p + a;
		end = v->post.p + b;
		for (e = 0, j = 0; kbx_nextpost(&p, end, v->nentries, j, &e,
		    &val); j++)
			for (w = 0; w < 4; w++)
				if (val & bit[w])
					mass[(size_t)e * 4 + w] += idf;
	}
	for (e = 0; e < v->nentries; e++)
		for (w = 0; w < 4; w++)
			if (kbx_word(&v->ents, e, KBX_ENT_W, mw[w]) !=
			    (uint32_t)lrint(mass[(size_t)e * 4 + w] * 1024)) {
				bad++;
				break;
			}
	free(mass);
	ok(bad == 0, "%s: every idf mass as its words in TERM order give it "
	    "(%u of %u differ)", name, bad, v->nentries);
}

static void
check_index(const char *path)
{
	struct kbq	*db;
	int		 rc;

	rc = kbq_open(path, &db);
	if (!ok(rc == KBQ_OK, "%s opens", path)) {
		kbq_close(db);
		return;
	}
	check_view(db, path, "entries", kbx_get32(db->base + 48));
	check_view(db->psg, path, "passages", kbx_get32(db->base + 56));
	kbq_close(db);
}

/* Run a shell command; its status. */
static int
sh(const char *fmt, ...)
{
	char	 cmd[4096];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

int
main(int argc, char **argv)
{
	static const char *const dirs[] = { "codes", "paste", "quote",
	    "sections" };
	const char	*env = getenv("B");
	char		 tmp[] = "/tmp/t_idx_stats.XXXXXX", idx[4200], cwd[2048];
	char		 b[4200];
	size_t		 i;

	if (argc > 1) {
		for (int k = 1; k < argc; k++)
			check_index(argv[k]);
		return tap_done();
	}
	/* kbc runs in the articles' folder too: B made absolute. */
	if (env == NULL)
		env = "build";
	if (env[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		snprintf(b, sizeof(b), "%s", env);
	else
		snprintf(b, sizeof(b), "%s/%s", cwd, env);
	if (mkdtemp(tmp) == NULL) {
		ok(0, "mkdtemp");
		return tap_done();
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(idx, sizeof(idx), "%s/%s/o/kb.idx", tmp, dirs[i]);
		if (!ok(sh("cp -R tests/data/%s %s/%s && %s/kbc build %s/%s -o "
		    "%s/%s/o -q --full 2>/dev/null", dirs[i], tmp, dirs[i], b,
		    tmp, dirs[i], tmp, dirs[i]) == 0, "kbc builds tests/data/%s",
		    dirs[i]))
			continue;
		check_index(idx);
		/* An edit and a deletion: the index written from the KB. */
		if (!ok(sh("cd %s/%s && f=$(find . -name '*.md' | sort | head -1) && "
		    "g=$(find . -name '*.md' | sort | tail -1) && "
		    "printf '\\n## Errors\\n\\n| Error message | Recommended "
		    "action |\\n|---|---|\\n| The flux capacitor overheated. | "
		    "Let it cool. |\\n' >>\"$f\" && { [ \"$f\" = \"$g\" ] || "
		    "rm \"$g\"; } && %s/kbc build . -o o -q 2>/dev/null", tmp,
		    dirs[i], b) == 0,
		    "tests/data/%s: an incremental build", dirs[i]))
			continue;
		check_index(idx);
	}
	sh("rm -rf %s", tmp);
	return tap_done();
}
