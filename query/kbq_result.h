/*
 * kbq_result.h: the inside of a kbq_result, shared by the ranking that
 * fills it (kbq_lookup.c) and the accessors (kbq_result.c).
 */
#ifndef KBQ_RESULT_H
#define KBQ_RESULT_H

#include <stdint.h>

struct kbq_hit {
	const struct kbq *view;		/* the entries, or the passages' view */
	uint32_t	 entry;		/* index into the view's ENTS */
	double		 score;
	int		 untranslated;	/* see kbq_result_untranslated() */
	int		 translated;	/* the translation of the entry found */
	/* An entry's: the passage of its own section that holds the pasted
	 * text better than its messages do (a log line in a fence under
	 * it), shown as its last message; NULL none. */
	const struct kbq *qview;
	uint32_t	 qentry;
};

/* A view's best description that passed only the bar of agreement
 * (kbq_params.h, agree_*): lk_text answers with it when the other
 * view's names the same section. */
struct kbq_told {
	uint32_t	 entry;		/* in the view */
	double		 lead, cover;
	unsigned	 words;		/* content words it matched */
	int		 set;
};

/* db's strings, articles and lists are every view's. */
struct kbq_result {
	const struct kbq *db;
	struct kbq_hit	*r;
	int		 n;
	struct kbq_told	 told;
};

#endif
