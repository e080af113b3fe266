/*
 * idx_spill.h: an append-only temporary file for the index writer's
 * records and postings (idx_write.c), read back with pread().  The file
 * is unlinked as soon as it is made, so that no exit path leaves it
 * behind; its pages are the kernel's page cache, not the build's memory.
 */
#ifndef KBC_IDX_SPILL_H
#define KBC_IDX_SPILL_H

#include <stddef.h>
#include <stdint.h>

struct spill {
	int		 fd;		/* -1: not made yet */
	int		 err;		/* the first errno, or 0 */
	uint64_t	 size;		/* bytes appended, the buffered ones too */
	unsigned char	*buf;
	size_t		 n;		/* buffered */
};

/* Make the file in folder dir.  0, or -1 with s->err set. */
int	spill_open(struct spill *s, const char *dir);
/* Append n bytes; errors are kept in s->err. */
void	spill_write(struct spill *s, const void *p, size_t n);
/* Read n bytes at off (appended before).  0, or -1 with s->err set. */
int	spill_read(struct spill *s, uint64_t off, void *p, size_t n);
/* Close and free (the file is already unlinked). */
void	spill_close(struct spill *s);

#endif
