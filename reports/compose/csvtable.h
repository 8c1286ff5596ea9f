/* csvtable.h -- a whole small CSV file in memory (RFC 4180, via libcsv):
 * the exports of one report (metrics.csv, credits.csv) that a revision
 * compares. Not for input logs, which are streamed. */
#ifndef CCSLA_CSVTABLE_H
#define CCSLA_CSVTABLE_H

#include <stddef.h>

#include "core/error.h"

struct csv_table {
	char ***rows;       /* rows[r][c]; row 0 is the header; owned */
	size_t *ncols;      /* cells in each row */
	size_t nrows, cap;
};

/* Reads path. The caller frees with csv_table_free(). */
int csv_table_load(struct csv_table *t, const char *path, struct ccsla_error *err);
void csv_table_free(struct csv_table *t);
/* The column named name in the header, or -1. */
int csv_table_column(const struct csv_table *t, const char *name);
/* Cell r, c, or "" when the row is shorter. */
const char *csv_table_cell(const struct csv_table *t, size_t r, int c);

#endif
