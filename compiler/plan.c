/*
 * plan.c: what a build has to do.  An article is kept when the previous
 * KB holds its bytes: known without reading it when the stat cache saw
 * the same size, times and inode, else by hashing what was read.  The
 * build key (kbc version, vocabulary, options) decides whether the
 * previous KB can be built on at all.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "vocab.h"

/* A 128-bit digest of the bytes (two FNV-1a-style lanes with a final
 * mix): enough to tell an edited article from an unchanged one. */
void
plan_digest(const char *p, size_t n, char out[33])
{
	uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL ^ n;

	for (size_t i = 0; i < n; i++) {
		h1 = (h1 ^ (unsigned char)p[i]) * 0x100000001b3ULL;
		h2 = (h2 ^ (unsigned char)p[i]) * 0x9E3779B97F4A7C15ULL;
		h2 ^= h2 >> 29;
	}
	h1 ^= h1 >> 33;
	h1 *= 0xff51afd7ed558ccdULL;
	h1 ^= h1 >> 33;
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

/* Add the string s and its terminating NUL to the digest input b. */
static void
key_add(struct buf *b, const char *s)
{
	buf_add(b, s ? s : "", strlen(s ? s : "") + 1);
}

/*
 * The vocabulary in force, as bytes for the build key: every word with
 * its role and language.  A runtime vocabulary (replacing vocab_words[])
 * must be hashed here too.
 */
static void
key_vocab(struct buf *b)
{
	for (const struct vocab_word *w = vocab_in_use(); w->role; w++) {
		key_add(b, w->role);
		key_add(b, w->lang);
		key_add(b, w->words);
	}
}

void
plan_key(const struct build_opts *o, char out[33])
{
	struct buf b = {0};

	key_add(&b, "kbc " KBC_VERSION);
	key_add(&b, "src " KBC_SRCSUM);	/* Makefile: the sources' digest */
	key_vocab(&b);
	/* The options that change what is extracted. */
	key_add(&b, "locale");
	key_add(&b, o->locale);
	key_add(&b, "base-url");
	key_add(&b, o->base_url);
	plan_digest(b.s, b.len, out);
	buf_free(&b);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Index of path in the previous KB's sorted list, or -1. */
static long
find_old(const struct plan *p, const char *path)
{
	char **hit;

	if (!p->incremental || p->paths.n == 0)
		return -1;
	hit = bsearch(&path, p->paths.v, p->paths.n, sizeof(char *), cmp_str);
	return hit ? hit - p->paths.v : -1;
}

int
plan_had(const struct plan *p, const char *path)
{
	return find_old(p, path) >= 0;
}

int
plan_same_bytes(const struct plan *p, const char *path, const char *hash)
{
	long k = find_old(p, path);

	return k >= 0 && strcmp(hash, p->hashes.v[k]) == 0;
}

int
plan_same_stamp(const struct plan *p, const struct file *f, char hash[33])
{
	const struct stat_entry *c;

	if (!p->incremental || p->cache == NULL ||
	    (c = statcache_find(p->cache, f->path)) == NULL ||
	    !stamp_equal(&c->st, &f->st) || !plan_same_bytes(p, f->path, c->hash))
		return 0;
	snprintf(hash, 33, "%s", c->hash);
	return 1;
}

void
plan_vanished(const struct plan *p, const struct filelist *fl, struct strv *gone)
{
	if (!p->incremental)
		return;
	for (size_t i = 0; i < p->paths.n; i++)
		if (!scan_listed(fl, p->paths.v[i]) && !scan_unread(fl, p->paths.v[i]))
			strv_add(gone, p->paths.v[i]);
}

int
plan_pair_current(const struct statcache *cache, const char *kbpath, const char *idxpath)
{
	long long kb[2], idx[2];

	return cache->v != NULL && statcache_stamp(kbpath, kb) == 0 &&
	    statcache_stamp(idxpath, idx) == 0 && kb[0] == cache->kb[0] &&
	    kb[1] == cache->kb[1] && idx[0] == cache->kb[2] && idx[1] == cache->kb[3];
}

int
plan_kb_clean(const struct statcache *cache, const char *kbpath, const char *idxpath)
{
	long long id[2];

	return plan_pair_current(cache, kbpath, idxpath) && cache->kbid[0] > 0 &&
	    statcache_kbid(kbpath, id) == 0 && id[0] == cache->kbid[0] &&
	    id[1] == cache->kbid[1];
}

int
plan_up_to_date(const struct build_opts *o, const struct filelist *fl,
    const struct statcache *cache, const char *key, const char *kbpath,
    const char *idxpath)
{
	if (o->full || cache->n != fl->n || strcmp(cache->key, key) != 0 ||
	    !plan_pair_current(cache, kbpath, idxpath))
		return 0;
	for (size_t i = 0; i < fl->n; i++)
		if (strcmp(fl->v[i].path, cache->v[i].path) ||
		    !stamp_equal(&fl->v[i].st, &cache->v[i].st))
			return 0;
	return 1;
}

void
plan_free(struct plan *p)
{
	strv_free(&p->paths);
	strv_free(&p->hashes);
	p->incremental = 0;
}
