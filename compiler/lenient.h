/*
 * lenient.h: source repairs before parsing (what doc sites render but
 * strict GFM rejects).
 */
#ifndef KBC_LENIENT_H
#define KBC_LENIENT_H

#include <stddef.h>

/*
 * A repaired copy of src (len bytes), its length in *outlen, with the same
 * lines as src; caller frees.  NULL when src needs no repair.
 */
char	*lenient_repair(const char *src, size_t len, size_t *outlen);

#endif
