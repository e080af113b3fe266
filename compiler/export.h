/*
 * export.h: "kbc export": every entry of a KB as JSON Lines.
 */
#ifndef KBC_EXPORT_H
#define KBC_EXPORT_H

#include <stdio.h>

/*
 * Write one JSON object per entry to out, ordered by article path, then
 * source line, then extraction order.  Returns 0, or -1 with a message in
 * err (the KB is missing, not SQLite, or of another schema).
 */
int	kb_export(const char *kbpath, FILE *out, char *err, size_t errsz);

/* Write s as a JSON string (quoted, escaped; invalid UTF-8 as U+FFFD). */
void	json_string(FILE *out, const char *s);

#endif
