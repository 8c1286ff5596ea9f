/* csvtable.c -- a small CSV file in memory (csvtable.h). */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "csvtable.h"

struct loader {
	struct csv_table *t;
	char **cur;
	size_t curn, curcap;
	int oom;
};

static void on_cell(void *s, size_t len, void *data)
{
	struct loader *l = data;
	char *cell;

	if (l->oom)
		return;
	if (l->curn == l->curcap) {
		size_t cap = l->curcap ? l->curcap * 2 : 16;
		char **c = realloc(l->cur, cap * sizeof *c);
		if (!c) {
			l->oom = 1;
			return;
		}
		l->cur = c;
		l->curcap = cap;
	}
	if (!(cell = malloc(len + 1))) {
		l->oom = 1;
		return;
	}
	memcpy(cell, s, len);
	cell[len] = '\0';
	l->cur[l->curn++] = cell;
}

static void on_row(int c, void *data)
{
	struct loader *l = data;
	struct csv_table *t = l->t;

	(void)c;
	if (l->oom)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char ***r = realloc(t->rows, cap * sizeof *r);
		size_t *n = r ? realloc(t->ncols, cap * sizeof *n) : NULL;
		if (r)
			t->rows = r;
		if (!r || !n) {
			l->oom = 1;
			return;
		}
		t->ncols = n;
		t->cap = cap;
	}
	t->rows[t->nrows] = l->cur;
	t->ncols[t->nrows++] = l->curn;
	l->cur = NULL;
	l->curn = l->curcap = 0;
}

int csv_table_load(struct csv_table *t, const char *path, struct ccsla_error *err)
{
	struct csv_parser p;
	struct loader l = { t, NULL, 0, 0, 0 };
	char *data;
	size_t size, k;
	int ok;

	memset(t, 0, sizeof *t);
	if (read_file(path, &data, &size, err) < 0)
		return -1;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		free(data);
		return ccsla_error_set(err, path, 0, NULL, "out of memory");
	}
	ok = csv_parse(&p, data, size, on_cell, on_row, &l) == size && csv_fini(&p, on_cell, on_row, &l) == 0;
	csv_free(&p);
	free(data);
	for (k = 0; k < l.curn; k++)
		free(l.cur[k]);
	free(l.cur);
	if (!ok || l.oom) {
		csv_table_free(t);
		return ccsla_error_set(err, path, 0, NULL, l.oom ? "out of memory" : "not valid CSV");
	}
	return 0;
}

void csv_table_free(struct csv_table *t)
{
	size_t r, c;

	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols[r]; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->ncols);
	memset(t, 0, sizeof *t);
}

int csv_table_column(const struct csv_table *t, const char *name)
{
	size_t c;

	if (!t->nrows)
		return -1;
	for (c = 0; c < t->ncols[0]; c++)
		if (!strcmp(t->rows[0][c], name))
			return (int)c;
	return -1;
}

const char *csv_table_cell(const struct csv_table *t, size_t r, int c)
{
	if (r >= t->nrows || c < 0 || (size_t)c >= t->ncols[r])
		return "";
	return t->rows[r][c];
}
