/*
 * kbq_scratch.c: zeroed scratch arrays for one lookup, too large to be
 * touched page by page.
 *
 * A lookup's array indexed by entry (kbq_lookup.c) is as long as the
 * index's passages (6 MB at 14,400 articles) and the entries a query
 * reaches are spread over it, so most of its pages are touched: taken
 * one 4 KiB page at a time, that was over a thousand page faults a
 * lookup, a tenth of its time.  Where the system has transparent huge
 * pages on request (Linux's MADV_HUGEPAGE), such an array is mapped on
 * its own and asked for them: a few faults of 2 MiB instead.  Elsewhere,
 * and for small arrays, it is calloc()'s.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* mmap under -std=c11 */
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE		/* MADV_HUGEPAGE, MAP_ANONYMOUS */
#endif

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>

#include "kbq_scratch.h"

#define SC_HUGE	((size_t)2 << 20)	/* a huge page, and the least size */

/* Under AddressSanitizer, calloc()'s: it sees any access past the end. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SC_ASAN	1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SC_ASAN	1
#endif

#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS) && !defined(SC_ASAN)
/* The mapping's start and length ride in front of the array. */
struct sc_head {
	void		*map;
	size_t		 len;
};

void *
kbqi_scratch(size_t size)
{
	struct sc_head	*h;
	unsigned char	*map, *p;
	size_t		 len;

	if (size < SC_HUGE)
		return calloc(1, size);
	/* Room to put the array's start on a huge page, its head before. */
	len = size + 2 * SC_HUGE;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	p = (unsigned char *)(((uintptr_t)map + SC_HUGE + SC_HUGE - 1) &
	    ~(uintptr_t)(SC_HUGE - 1));
	(void)madvise(p, (size + SC_HUGE - 1) & ~(SC_HUGE - 1),
	    MADV_HUGEPAGE);
	h = (struct sc_head *)(void *)(p - sizeof(*h));
	h->map = map;
	h->len = len;
	return p;
}

void
kbqi_scratch_free(void *p, size_t size)
{
	struct sc_head	*h;

	if (p == NULL)
		return;
	if (size < SC_HUGE) {
		free(p);
		return;
	}
	h = (struct sc_head *)(void *)((unsigned char *)p - sizeof(*h));
	munmap(h->map, h->len);
}
#else
void *
kbqi_scratch(size_t size)
{
	return calloc(1, size);
}

void
kbqi_scratch_free(void *p, size_t size)
{
	(void)size;
	free(p);
}
#endif
