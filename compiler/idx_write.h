/*
 * idx_write.h: write the lookup index (kb.idx) from a finished KB.
 */
#ifndef KBC_IDX_WRITE_H
#define KBC_IDX_WRITE_H

#include <stddef.h>
#include <sqlite3.h>

/*
 * Read the KB in db (schema/kb.sql) and write the index to path, replacing
 * it, then reopen the file with libkbq and verify its full checksum.  The
 * same KB always gives the same bytes.  Return 0 on success.  Return -1
 * and put a message in err (errsz bytes, may be 0) on failure; a partial
 * file may be left at path.
 */
int	idx_write(sqlite3 *db, const char *path, char *err, size_t errsz);

#endif
