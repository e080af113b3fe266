/*
 * report.h: "kbc report": the KB as one self-contained HTML page for the
 * docs team: every article with its entries and diagnostics, totals, and
 * a filter box.
 */
#ifndef KBC_REPORT_H
#define KBC_REPORT_H

#include <stddef.h>

/*
 * Read the KB at kbpath (read-only) and write the page to out_html, or to
 * standard output when out_html is "-".  The page needs nothing else: CSS
 * and script are inline, nothing is fetched.  The same KB gives the same
 * bytes.  The file is written beside its target under a temporary name
 * and renamed into place, so a failure leaves any previous page intact.
 *
 * Return 0 on success; -1 with a message in err (errsz bytes) when the KB
 * cannot be read (missing, not SQLite, another schema version); -2 with a
 * message when the page cannot be written.
 */
int	kb_report(const char *kbpath, const char *out_html, char *err,
	    size_t errsz);

#endif
