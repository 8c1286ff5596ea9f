/* opslog.h -- operations logs in the ingest run: accepted rows are spilled
 * per (kind, client, UTC day) partition while reading; at commit each
 * partition is merged with its stored rows, deduplicated on the kind's key
 * (same key and content: duplicate; other content: "conflicting
 * duplicate", the first stays; a kind with an update rule lets a later row
 * fill empty fields and replace the kept one, ops_settle in opskind.h),
 * (a key already kept under another day of a day column that is not in
 * the key: "conflicting duplicate" on that column, before any merge),
 * checked for overlaps where the kind has
 * that rule, and written as STATE/ops/<kind>/<client>/<YYYY-MM-DD>.tsv.new
 * for ingest_commit's crash-safe protocol to put in place.
 *
 * Store file (UTF-8 text, LF): line 1 "src_file\tsrc_line\t<columns of the
 * kind, tab-separated>", then one row per line sorted by the key: the
 * registry index and line of the row's file, then the canonical fields
 * (opskind.h; they never hold a tab or a line end). Rows without a client
 * (agent-state: shared) are in the client folder "@shared".
 *
 * Memory: reading keeps one open spill file per partition touched (at most
 * OPSLOG_MAX_OPEN at once); commit holds one partition's rows. */
#ifndef CCSLA_OPSLOG_H
#define CCSLA_OPSLOG_H

#include <stddef.h>

#include "core/error.h"
#include "opskind.h"

#define OPSLOG_MAX_OPEN 32

struct ingest_run;
struct opslog;

/* An accepted row of file `file` (its line) of kind k: spilled, counted as
 * read and accepted. */
int opslog_accept(struct ingest_run *run, size_t file, long line, const struct ops_kind *k,
                  const struct ops_row *r, struct ccsla_error *err);
/* Merges and writes every partition (called by ingest_commit). */
int opslog_commit(struct ingest_run *run, struct opslog *ops, struct ccsla_error *err);
/* Removes the spill and frees; NULL is fine. */
void opslog_free(struct opslog *ops);

/* Path of a store file relative to STATE: "ops/<kind>/<client>/<day>.tsv". */
void opslog_partition_rel(char *buf, size_t size, const char *kind, const char *client, int64_t day_ms);

#endif
