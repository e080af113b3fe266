/*
 * embed.h: turn a kb.idx into C source, for programs that carry their
 * knowledge base inside the binary (kbc embed; examples/embed/).
 */
#ifndef KBC_EMBED_H
#define KBC_EMBED_H

#include <stddef.h>

/*
 * Read the index at idx_path, verify it with libkbq (header and full
 * checksum), and write out_c_path: a C file defining
 *
 *	const unsigned char SYMBOL[];		the index bytes
 *	const size_t SYMBOL_size;		their number
 *
 * for kbq_open_mem(SYMBOL, SYMBOL_size, &db).  symbol must be a C
 * identifier; NULL means "errkb_index".  The output is the same for the
 * same index.  The file is written beside and renamed into place.  Return
 * 0 on success; -1 with a message in err (errsz bytes) when the index
 * cannot be read or is damaged; -2 when the C file cannot be written.
 */
int	embed_write(const char *idx_path, const char *out_c_path,
	    const char *symbol, char *err, size_t errsz);

#endif
