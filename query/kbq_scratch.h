/*
 * kbq_scratch.h: zeroed scratch arrays for one lookup (kbq_scratch.c).
 * Not installed.
 */
#ifndef KBQ_SCRATCH_H
#define KBQ_SCRATCH_H

#include <stddef.h>

/* size bytes, zeroed; NULL when memory runs out.  Free with
 * kbqi_scratch_free() and the same size. */
void	*kbqi_scratch(size_t size);
void	 kbqi_scratch_free(void *p, size_t size);

#endif
