/* recompute_compare.h -- the attached CSV files against the recomputed ones,
 * cell by cell, said one figure a line (recompute.h). */
#ifndef CCSLA_RECOMPUTE_COMPARE_H
#define CCSLA_RECOMPUTE_COMPARE_H

#include "core/error.h"
#include "recompute.h"

/* Emits one line (ok or not) and counts it in sum. */
void recompute_say(recompute_emit emit, void *ctx, struct recompute_summary *sum, int ok, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Compares metrics.csv, intervals.csv and credits.csv of attached_dir with
 * those of recomputed_dir. 0 all match, 1 some differ, -1 error. */
int recompute_compare_dirs(const char *attached_dir, const char *recomputed_dir, recompute_emit emit, void *ctx,
                           struct recompute_summary *sum, struct ccsla_error *err);

/* Checks each input's evidence_rows and evidence_sha256 in dir/manifest.json
 * against the lines of dir/contacts.csv.gz (recompute_lineage.c); one line
 * when all match, one per input that does not. 0, 1 or -1 as above. */
int recompute_check_lineage(const char *dir, recompute_emit emit, void *ctx, struct recompute_summary *sum,
                            struct ccsla_error *err);

/* Ingests the gzipped attachment gz_path (said as name: "contacts.csv.gz")
 * into the scratch state as a canonical log of kind (NULL: contacts; else
 * "outage", "quality": another header is damage). 1 when the file is damaged,
 * has rejected rows or duplicates, or repeats another's bytes (said; with
 * name_rows the first rejected rows one by one, line, column and reason),
 * 0 when read whole, -1 on error. */
int recompute_ingest_attachment(const char *gz_path, const char *name, const char *kind, int name_rows,
                                const char *state, recompute_emit emit, void *ctx, struct recompute_summary *sum,
                                struct ccsla_error *err);

/* Ingests dir/outages.csv and dir/quality.csv, where attached, into the
 * scratch state (recompute_ops.c); a rejected row is a line naming the
 * attachment, line, column and reason. 0, 1 or -1 as above. */
int recompute_rebuild_ops(const char *dir, const char *state, recompute_emit emit, void *ctx,
                          struct recompute_summary *sum, struct ccsla_error *err);

/* Reads the page text of pdf_path (reports/sign/pdftext.h) and compares
 * what the pages print with the recomputed model m and with the attached
 * metrics.csv and credits.csv of attached_dir (recompute_pages.c): each
 * scorecard row's measured value and verdict, each line and total of the
 * credits statement, the month in brief's credits due; one line each,
 * "page says -> recomputed". A page whose text cannot be read is a
 * mismatch (said with the object). 0, 1 or -1 as above. */
struct report_model;
int recompute_check_pages(const char *pdf_path, const char *attached_dir, const struct report_model *m,
                          recompute_emit emit, void *ctx, struct recompute_summary *sum, struct ccsla_error *err);

#endif
