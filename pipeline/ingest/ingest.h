/* ingest.h -- one ingest run: the single acceptance path of every source.
 *
 * A source (the canonical CSV reader in ingest_csv.c, or an adapter) does:
 *
 *   struct ingest_run *run;
 *   ingest_open(&run, state_dir, &opts, &err);
 *   rc = ingest_add_file(run, path, &fi, &err); // 1: already ingested, skip
 *   for each row:  ingest_accept(run, fi, line, &contact, &err)
 *              or  ingest_reject(run, fi, line, column, reason, raw, raw_len, &err)
 *   on damage:     ingest_damaged(run, fi, "what at byte N")
 *   ingest_commit(run, &err);   // dedupe, store partitions, quarantine,
 *   ingest_close(run);          //   summary, then the registry (last)
 *
 * Every row read is exactly one accept or one reject call, so per file
 * rows read = accepted + quarantined + duplicates holds by construction:
 * at commit an accepted row may turn out to be a duplicate (same
 * client_id, contact_id and content as a row already kept) or a conflict
 * (different content: quarantined as "conflicting duplicate", the first
 * stays); an `open` row followed by another outcome is an update (the
 * later row replaces it and stays counted as accepted).
 *
 * Memory: accepted rows are spilled to temporary files per (client, UTC
 * day) partition while reading, so reading takes a fixed amount plus one
 * small entry per partition; commit then loads one partition at a time
 * (its stored records plus this run's) while a helper thread writes the
 * previous one (partw.h), so the peak grows with the two largest
 * client-day partitions, never with the input.
 *
 * Crash safety: see ingest.c's top comment and README. */
#ifndef CCSLA_INGEST_H
#define CCSLA_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/contact.h"
#include "core/error.h"
#include "registry.h"

struct ingest_options {
	uint64_t max_expand;   /* decompressed bytes per file; 0: GZIN_DEFAULT_LIMIT */
	size_t max_row;        /* bytes per CSV row; 0: CSVIN_DEFAULT_MAX_ROW */
	int progress;          /* print a progress line on stderr for large files */
	const char *kind;      /* NULL: each file's kind from its header; else "interaction"
	                        * or an operations-log kind (opskind.h) every file must be */
};

/* One input file of the run: its registry entry (counts, reasons, damage)
 * and what the run learnt about it. */
struct ingest_file {
	struct registry_entry reg; /* index is 0 for a skipped file */
	char path[4096];
	int skipped;               /* already ingested: no-op */
	uint32_t skipped_as;       /* index of the earlier identical file */
	size_t nignored;           /* unknown header columns */
	char ignored[16][65];
	int refused;               /* empty or not gzip: damaged, not hashed, not
	                            * read, not registered (reg.sha256 "", index 0) */
};

struct ingest_run;

/* Opens a run on STATE (creating it), finishing any commit that a crash
 * interrupted first. The caller holds the state lock. Free with
 * ingest_close(). */
int ingest_open(struct ingest_run **run, const char *state_dir, const struct ingest_options *opts,
                struct ccsla_error *err);
/* Registers an input file: hashes it. Returns 0 with *file (the run's file
 * number, 0, 1, ...) to read it, 1 when a file with the same SHA-256 is
 * already ingested (nothing to read; it is listed as skipped), -1 on error.
 * A canonical log is gzip: its first bytes are looked at before it is
 * hashed, and an empty file or one that is not gzip is refused at once (0,
 * with the file damaged and refused set; reading it reads nothing), so a
 * huge file of anything else costs no time. */
int ingest_add_file(struct ingest_run *run, const char *path, size_t *file, struct ccsla_error *err);
/* ingest_add_file for an adapter's input, in its own format (plain text):
 * no gzip check. */
int ingest_add_plain_file(struct ingest_run *run, const char *path, size_t *file, struct ccsla_error *err);
/* A validated record from line `line` of file `file`; lineage is set here. */
int ingest_accept(struct ingest_run *run, size_t file, long line, const struct contact *c,
                  struct ccsla_error *err);
/* A rejected row: column ("" for the whole row), a fixed reason, the raw
 * row bytes (any bytes; they are escaped in the quarantine file). */
int ingest_reject(struct ingest_run *run, size_t file, long line, const char *column,
                  const char *reason, const char *raw, size_t raw_len, struct ccsla_error *err);
/* The file is damaged from here on (message says what and where); the rows
 * before stay. */
void ingest_damaged(struct ingest_run *run, size_t file, const char *what);
/* An unknown header column, named once in the summary. */
void ingest_ignored_column(struct ingest_run *run, size_t file, const char *name);

/* Dedupes and writes everything (see above); nothing when no file was
 * read (every file already ingested). */
int ingest_commit(struct ingest_run *run, struct ccsla_error *err);
/* Aborts an uncommitted run (removes its temporary files) and frees it. */
void ingest_close(struct ingest_run *run);

size_t ingest_file_count(const struct ingest_run *run);
const struct ingest_file *ingest_file_at(const struct ingest_run *run, size_t file);
const struct ingest_options *ingest_opts(const struct ingest_run *run);
/* The run's number (registry runs + 1) and, after commit, the paths of its
 * summary and quarantine file relative to STATE ("" when no row was
 * quarantined). When every file was already ingested, commit changes
 * nothing in STATE: the number is not used and both paths are "". */
uint32_t ingest_run_number(const struct ingest_run *run);
const char *ingest_summary_path(const struct ingest_run *run);
const char *ingest_quarantine_path(const struct ingest_run *run);

/* Reads a canonical log (spec/interaction-log.md) into the run
 * (ingest_csv.c). -1 only on I/O errors of the state; damage of the input
 * is recorded with ingest_damaged and returns 0. */
int ingest_read_canonical(struct ingest_run *run, size_t file, struct ccsla_error *err);

/* For operations logs (opslog.c, which keeps its rows in the run): the
 * run's state and spill directories, its operations-log rows, a file's
 * counts; a row of this run (registry index, line) taken back at commit as
 * a duplicate (reason NULL) or quarantined with reason; a partition
 * written as STATE/<rel>.new, put in place by the commit with the store's
 * (rel "ops/<kind>/<client>/<day>.tsv"). */
struct opslog;
const char *ingest_state_dir(const struct ingest_run *run);
const char *ingest_spill_dir(struct ingest_run *run);
struct opslog **ingest_opslog(struct ingest_run *run);
struct registry_entry *ingest_file_entry(struct ingest_run *run, size_t file);
int ingest_unaccept(struct ingest_run *run, uint32_t index, long line, const char *column, const char *reason,
                    const char *raw, size_t raw_len, struct ccsla_error *err);
int ingest_extra_partition(struct ingest_run *run, const char *rel, int existed, struct ccsla_error *err);
/* A row of this run (registry index) that replaced a kept one: counted as
 * an update (it stays accepted). */
int ingest_count_update(struct ingest_run *run, uint32_t index, struct ccsla_error *err);

/* Quarantine reasons added at commit, and for rows cut by damage. */
#define INGEST_R_CONFLICT "conflicting duplicate"
#define INGEST_R_CUT "row cut off by file damage"

#endif
