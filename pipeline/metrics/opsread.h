/* opsread.h -- the operations-log store as the metrics read it:
 * STATE/ops/<kind>/<folder>/<YYYY-MM-DD>.tsv (written by ingest/opslog.c;
 * line 1 names the columns, "src_file", "src_line", then the kind's), the
 * partitions of a range of UTC days in day order, each row's fields found
 * by column name (a later version of a kind may add columns). */
#ifndef CCSLA_OPSREAD_H
#define CCSLA_OPSREAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define OPSREAD_MAX_FIELDS 24

struct opsread_row {
	const char *path;             /* the partition */
	long line;                    /* its line */
	uint32_t src_file;            /* lineage: the registry index and line of the input row */
	uint32_t src_line;
	const char *const *want;      /* the column names asked for */
	const char *field[OPSREAD_MAX_FIELDS]; /* [i]: the value of want[i], "" when absent */
};

typedef int (*opsread_fn)(void *ctx, const struct opsread_row *r, struct ccsla_error *err);

/* Calls fn for every row of the partitions of days [from_day, to_day]
 * (days since 1970-01-01, UTC; INT64_MIN / INT64_MAX: open) of
 * STATE/ops/<kind>/<folder>, in day then line order. *first_day: the
 * earliest partition the folder holds at all (INT64_MAX when none or no
 * folder). -1 (err) on a read error, a damaged line, or fn's -1. */
int opsread_partitions(const char *state_dir, const char *kind, const char *folder, int64_t from_day,
                       int64_t to_day, const char *const *want, size_t nwant, opsread_fn fn, void *ctx,
                       int64_t *first_day, struct ccsla_error *err);

#endif
