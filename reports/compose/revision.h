/* revision.h -- what a revision of a final report says: every figure that
 * differs from the latest issued report (final or previous revision), and
 * each credit line's adjustment from the final, in minor units.
 *
 * Works on the exports of report directories (metrics.csv, credits.csv),
 * so it compares exactly what the client received. */
#ifndef CCSLA_REVISION_H
#define CCSLA_REVISION_H

#include <stddef.h>

#include "core/error.h"
#include "core/strpool.h"
#include "report_model.h"

struct revision_diff {
	int differs;                  /* 1: metrics.csv or credits.csv is not byte-identical */
	struct report_change *changes;        /* owned */
	size_t n_changes;
	struct report_adjustment *adjustments; /* owned */
	size_t n_adjustments;
	struct strpool pool;          /* every string above; owned */
};

/* Compares new_dir with prev_dir (figures) and final_dir (credits). */
int revision_compare(struct revision_diff *d, const char *final_dir, const char *prev_dir,
                     const char *new_dir, int minor_units, struct ccsla_error *err);
/* adjustments.csv: period,revision,line,final_amount,revised_amount,adjustment,currency */
int revision_write_adjustments(const struct revision_diff *d, const char *path, const char *period,
                               int revision, const char *currency, struct ccsla_error *err);
void revision_diff_free(struct revision_diff *d);

#endif
