/* registry.h -- every input file ingested into a state directory, with its
 * SHA-256 and its reconciliation: the lineage that reports print.
 *
 * File: STATE/ingest/registry.tsv, rewritten atomically as the last step of
 * each ingest run (its commit point). Format, UTF-8 text:
 *   line 1: "ccsla-registry\t1\truns\t<N>"  (N = ingest runs committed)
 *   then one line per file, tab-separated:
 *     index run sha256 size_bytes rows_read accepted quarantined duplicates
 *     updates damaged(0|1) reasons damage name
 *   reasons = "reason=count" items joined by "|"; reasons, damage and name
 *   escape '%', tab, CR, LF, '|' and '=' as %XX.
 * index is the file's number (1, 2, ...): the src_file of its records. */
#ifndef CCSLA_REGISTRY_H
#define CCSLA_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define REGISTRY_MAX_REASONS 48

struct registry_reason {
	char reason[96];
	int64_t count;
};

struct registry_entry {
	uint32_t index;            /* 1-based; records' src_file */
	uint32_t run;              /* ingest run that read it */
	char sha256[65];
	int64_t size_bytes;
	int64_t rows_read, accepted, quarantined, duplicates, updates;
	int damaged;
	char damage[256];          /* what and where, "" when not damaged */
	char name[256];            /* file name as given (no directory) */
	size_t nreasons;
	struct registry_reason reasons[REGISTRY_MAX_REASONS]; /* quarantine reasons by count */
};

struct registry {
	uint32_t runs;             /* committed ingest runs */
	struct registry_entry *entries; /* in index order; owned */
	size_t count, cap;
};

/* Loads STATE/ingest/registry.tsv; a missing file is an empty registry.
 * Free with registry_free(). */
int registry_load(struct registry *reg, const char *state_dir, struct ccsla_error *err);
void registry_free(struct registry *reg);
/* The entry with this SHA-256, or NULL. */
const struct registry_entry *registry_find_sha(const struct registry *reg, const char *sha256);
/* The entry with this index, or NULL. */
const struct registry_entry *registry_get(const struct registry *reg, uint32_t index);
/* Appends a copy of e (its index must be count + 1). */
int registry_append(struct registry *reg, const struct registry_entry *e, struct ccsla_error *err);
/* Writes the registry atomically. */
int registry_save(const struct registry *reg, const char *state_dir, struct ccsla_error *err);
/* Adds n to the count of a reason (a new reason is added at the end). */
void registry_count_reason(struct registry_entry *e, const char *reason, int64_t n);

#endif
