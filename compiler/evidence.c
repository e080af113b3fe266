/*
 * evidence.c: the evidence vector (evidence.h).
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "util.h"

struct evidence *
evidence_add(struct evidence_v *ev, enum ev_kind kind, cmark_node *node)
{
	struct evidence *e;

	VEC_PUSH(ev->v, ev->n, ev->cap);
	e = &ev->v[ev->n - 1];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->node = node;
	e->cols.msg = e->cols.desc = -1;
	e->sub = -1;
	return e;
}

void
ev_row_free(struct ev_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		cell_free(&r->cells[i]);
	free(r->cells);
}

void
evidence_free(struct evidence_v *ev)
{
	for (size_t i = 0; i < ev->n; i++) {
		for (size_t k = 0; k < ev->v[i].nrows; k++)
			ev_row_free(&ev->v[i].rows[k]);
		free(ev->v[i].rows);
		free(ev->v[i].text);
		free(ev->v[i].quote);
		entry_clear(&ev->v[i].codes);
		cell_free(&ev->v[i].cell);
		strv_free(&ev->v[i].quotes);
		strv_free(&ev->v[i].items);
	}
	free(ev->v);
	memset(ev, 0, sizeof(*ev));
}
