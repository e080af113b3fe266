/*
 * report.h: "kbc report": the KB as self-contained HTML pages for the
 * docs team: every article with its entries and diagnostics, totals, and
 * filters by text and by warning.
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
 * With opts->docs (the folder the KB was built from, as a path from the
 * current folder), each article, entry and diagnostic links to its source
 * file and line, by a path relative to the page.  When the KB has more
 * than opts->per_page articles (and out_html is a file), out_html is an
 * index page (totals, diagnostics, the list of articles) and the articles
 * go to pages STEM-1.html, STEM-2.html ... beside it, one or more per top
 * folder, so that no page grows with the KB; parts of a former, larger
 * report are removed.
 *
 * Return 0 on success; -1 with a message in err (errsz bytes) when the KB
 * cannot be read (missing, not SQLite, another schema version); -2 with a
 * message when the page cannot be written; -3 when opts->docs is not a
 * folder.
 */
struct report_opts {
	const char	*docs;		/* the docs folder: link the sources */
	size_t		 per_page;	/* articles a page; 0: one page */
};

#define REPORT_PER_PAGE	300

int	kb_report(const char *kbpath, const char *out_html,
	    const struct report_opts *opts, char *err, size_t errsz);

#endif
