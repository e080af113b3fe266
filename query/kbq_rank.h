/*
 * kbq_rank.h: what the files of a lookup share (kbq_lookup.c runs it;
 * kbq_words.c reads the query, kbq_score.c scores entries,
 * kbq_translate.c finds translations).  Internal to libkbq: every name
 * here is kbqi_ or KQ_, and nothing here is public.
 */
#ifndef KBQ_RANK_H
#define KBQ_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "kbq_int.h"
#include "kbq_norm.h"

#define KQ_WORDS	256	/* distinct query words considered */
#define KQ_CODES	64	/* distinct code candidates considered */
#define KQ_SEQ		1024	/* words kept in text order */
#define KQ_EXP		6	/* index words one query word may stand for */
#define KQ_PAIRS	512	/* word pairs read from one entry: a message
				   of 4,000 bytes (kbc's cut) holds about as
				   many words; more only cost a crafted index
				   whose every entry claims every string */
#define KQ_IDENTS	64	/* identifiers compared between translations */
#define KQ_CODE_WORDS	3	/* at most this many words: a code-only query */
#define KQ_FOREIGN	8	/* identifiers of a form the KB lacks, kept */
#define KQ_CLASHSCAN	4096	/* bytes of a passage read for them (kbc cuts
				   a message at 4,000) */

/* One distinct word of the query and the index words it stands for. */
struct qword {
	char		 tok[KBQN_MAXTOK];
	size_t		 len;
	double		 idf;		/* its weight in the query's mass */
	uint32_t	 term[KQ_EXP];	/* index words it matches */
	double		 f[KQ_EXP];	/* and how much each counts */
	int		 nterm;
	int		 known;		/* found as it is */
	int		 cut;		/* the last word, cut short */
	int		 generic;	/* only in generic phrases: left out */
	uint64_t	 hash;
};

struct query {
	struct qword	 w[KQ_WORDS];
	int		 nw;
	char		 code[KQ_CODES][KBQN_MAXTOK];
	int		 shaped[KQ_CODES];	/* written like a code */
	int		 value[KQ_CODES];	/* only ever in a quoted value */
	int		 ncode;
	int		 seqw[KQ_SEQ];	/* word indexes in text order */
	int		 nseq;
	int		 alien;		/* identifiers the index lacks */
	int		 lines;		/* line breaks before the last text */
	int		 labelled;	/* led by a label: "fatal: ...",
					   "Error response from daemon: ..." */
	/* Identifiers with a form (kbqn_form) that the index lacks, as
	 * code candidates are normalized, with their forms. */
	char		 foreign[KQ_FOREIGN][KBQN_MAXTOK];
	unsigned	 fform[KQ_FOREIGN];
	int		 nforeign;
};

/*
 * What the query's words and codes found in one entry: what the walk and
 * its attempts to close read of every accumulator (56 bytes), and apart
 * from it (struct accm, in an array of its own, kbq_lookup.c) the masses
 * matched in each field, which only the exact scoring of a candidate
 * reads and most entries a common word reaches never get (it is in
 * their causes and actions): a pass over hundreds of thousands of
 * accumulators reads 56 bytes of each, not 96, and only those with a
 * mass have one written.
 */
struct acc {
	uint32_t	 e;		/* the entry */
	uint32_t	 wslot;		/* what that word found in it, in the
					   lookup's list (kbq_lookup.c) */
	int		 wseen;		/* query word index + 1 */
	uint16_t	 nc;		/* content words matched */
	uint16_t	 hasm;		/* its struct accm is set */
	double		 ma;		/* matched query mass, fields alike */
	double		 bm25;
	double		 mq;		/* matched query mass */
	double		 code;		/* best code hit specificity */
	uint64_t	 seeded;	/* words whose rarer index words reach
					   it (bit: the word's place in the
					   walk, modulo 64; kbq_lookup.c) */
};

/* An accumulator's matched message/code/heading/title mass. */
struct accm {
	double		 mm, mc, ms, mt;
};

/* A skip pair of the query: two known words with one unknown word
 * between them (kbqi_qpairs). */
struct skip {
	uint64_t	 h;		/* the pair */
	const char	*mid;		/* the word between, in struct query */
	size_t		 len;
};

/* Word pairs: the query's, sorted and unique, and what one entry's text
 * matched of them. */
struct pairs {
	uint64_t	 q[KQ_SEQ];
	unsigned char	 seen[KQ_SEQ];
	int		 nq, hit, np;
	struct skip	 skip[KQ_SEQ];
	unsigned char	 sseen[KQ_SEQ];
	int		 nskip, shit;
	uint64_t	 prev, prev2;	/* the text's last two words */
	char		 mid[KBQN_MAXTOK];	/* and the last one's text */
	size_t		 midlen;
	int		 have;		/* of them read so far (0 to 2) */
};

/* Scratch for kbqi_translate(): the identifiers of two entries. */
struct idents {
	uint64_t	 h[KQ_IDENTS];
	int		 n;
};

/* kbq_words.c */
uint64_t	 kbqi_hash(const char *);
void		 kbqi_parse(struct query *, const char *, size_t);
void		 kbqi_resolve(const struct kbq *, struct query *);
int		 kbqi_find(const struct kbq *, const struct kbx_sect *,
		    unsigned, const char *, uint32_t *);
int		 kbqi_termok(const struct kbq *, uint32_t);
double		 kbqi_idf(const struct kbq *, uint32_t);
/* Optimal string alignment distance of two words shorter than
 * KBQN_MAXTOK, or max + 1 when it exceeds max. */
int		 kbqi_dist(const char *, size_t, const char *, size_t, int);
double		 kbqi_tfmax(const struct kbq *, uint32_t);
uint32_t	 kbqi_skips(const struct kbq *, uint32_t,
		    const unsigned char **);

/* kbq_score.c */
double		 kbqi_codespec(const struct query *, int);
double		 kbqi_confmax(const struct kbq *, const struct query *,
		    double, double, double);
unsigned	 kbqi_kin(const struct kbq *, const struct query *, uint32_t,
		    unsigned *);
double		 kbqi_conf(const struct kbq *, const struct query *,
		    const struct acc *, const struct accm *, uint32_t,
		    double, double, int);
void		 kbqi_qpairs(const struct query *, struct pairs *);
double		 kbqi_phrase(const struct kbq *, uint32_t, struct pairs *,
		    int *);

/* What a query's words find in a whole section of the passages' view. */
struct secstat {
	uint32_t	 first;		/* the section's first passage */
	double		 bm25;		/* BM25 of the section as one text */
	double		 mass;		/* query idf mass found in it */
	int		 nc;		/* content words found in it */
	int		 clash;		/* a passage names a sibling (kbqi_kin) */
};

/* kbq_section.c */
uint32_t	 kbqi_section_first(const struct kbq *, uint32_t);
void		 kbqi_section(const struct kbq *, const struct query *,
		    uint32_t, struct secstat *);
/* kbq_translate.c */
int		 kbqi_samelang(const char *, const char *);
void		 kbqi_foldlang(const char *, char *, size_t);
int		 kbqi_has_translation(const struct kbq *, uint32_t,
		    const char *);
uint32_t	 kbqi_translate(const struct kbq *, uint32_t, const char *,
		    struct idents [2]);

#endif
