/*
 * kbq_result.h: the inside of a kbq_result, shared by the ranking that
 * fills it (kbq_lookup.c) and the accessors (kbq_result.c).
 */
#ifndef KBQ_RESULT_H
#define KBQ_RESULT_H

#include <stdint.h>

struct kbq_hit {
	uint32_t	 entry;		/* index into ENTS */
	double		 score;
	int		 untranslated;	/* see kbq_result_untranslated() */
};

struct kbq_result {
	const struct kbq *db;
	struct kbq_hit	*r;
	int		 n;
};

#endif
