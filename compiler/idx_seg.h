/*
 * idx_seg.h: kbc's side of a segmented index (kbq_format.h, "Segments"):
 * the segment files' names, the manifest written and renamed into place,
 * and the removal of the segments no manifest names any more.
 */
#ifndef KBC_IDX_SEG_H
#define KBC_IDX_SEG_H

#include <stddef.h>
#include <stdint.h>

#include "kbq_int.h"

/* Past this many entries in the deltas of a base of n entries, kbc
 * compacts: a lookup's cost over the deltas and the tombstones grows
 * with them, a full write's does not. */
#define IDX_SEG_BOUND(n)	((uint64_t)(n) / 8 > 4096 ? (uint64_t)(n) / 8 : 4096)

/* The manifest's name in the output folder. */
#define IDX_SEG_MANIFEST	"kb.idx.seg"

/* Describe the segment file dir/name (a base, or a delta) as a manifest
 * names it: size, header sum, generation, entries.  0, or -1 with err. */
int	idx_seg_stat(const char *dir, const char *name, int delta, struct kbx_seg *s,
	    char *err, size_t errsz);
/* Write m into dir's manifest: a new file, fsynced, renamed into place,
 * the folder fsynced.  0, or -1 with err. */
int	idx_seg_write(const char *dir, const struct kbx_manifest *m, char *err,
	    size_t errsz);
/* Remove the index files of dir that m does not name ("kb.idx" and
 * "kb.idx.*" but the manifest); m NULL: every segment and the manifest,
 * "kb.idx" kept. */
void	idx_seg_prune(const char *dir, const struct kbx_manifest *m);

#endif
