/* recompute.h -- `ccsla verify --recompute`: every figure of a report
 * recomputed from its own attachments, by the same engine that made it.
 *
 * From the PDF's contract.yaml, contacts.csv.gz and ledger.csv alone (and
 * the period, status and data watermark of manifest.json), recompute_report
 * builds a scratch state: contacts.csv.gz goes through the one ingest path
 * into a record store (a row it rejects is a failure), ledger.csv becomes
 * the ledger's month files. Then the report is built as `ccsla render`
 * builds it (report_build_prepare: metric engine, contract evaluation,
 * credits) and its metrics.csv, intervals.csv and credits.csv are compared
 * cell by cell with the attached ones. No figure is computed here: a
 * second engine could agree with a wrong first one.
 *
 * Each figure is one line through emit: the month's value and verdict of
 * every SLA, each overview and experience figure, each credit line and
 * total; daily and half-hour rows are summed up in one line per file
 * unless some differ (each of those is named). */
#ifndef CCSLA_RECOMPUTE_H
#define CCSLA_RECOMPUTE_H

#include "core/error.h"

/* ok 1: "match"; ok 0: "MISMATCH attached -> recomputed" (or a figure
 * that cannot be recomputed). */
typedef void (*recompute_emit)(void *ctx, int ok, const char *text);

struct recompute_summary {
	long figures;     /* lines emitted as match (rows summed up count each) */
	long mismatches;  /* lines emitted as mismatch */
};

/* Recomputes the report in pdf_path. Scratch files go under a temporary
 * folder in $TMPDIR (or /tmp), removed afterwards. Returns 0 when every
 * figure matches, 1 when some does not (or an attachment is missing or
 * unusable: said through emit), -1 when the work could not be done (err). */
int recompute_report(const char *pdf_path, recompute_emit emit, void *ctx, struct recompute_summary *sum,
                     struct ccsla_error *err);

/* The value of a top-level string key of manifest.json ("key": "value" at
 * two spaces' indent, as export.c writes it): 0, or -1 when absent or
 * longer than size - 1. Shared by verify --recompute and ccsla sign --state. */
int manifest_string(const char *json, const char *key, char *out, size_t size);

#endif
