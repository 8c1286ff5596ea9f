/* evidence_cache.h -- the gzip members of contacts.csv.gz kept per client
 * and UTC day of the store, so that a draft deflates only the days whose
 * data changed (issue 22).
 *
 * Every draft embeds its month's contacts so far (spec/report.md), so each
 * night's drafts re-read, pseudonymised, formatted and deflated the whole
 * month: on the last night of the benchmark month that was about 40 % of
 * the night's CPU. contacts.csv.gz is written as gzip members, and a UTC
 * day that lies wholly inside the month starts and ends its own members
 * (canon_write_break), whether or not it is kept here: so the bytes of the
 * file are the same with the cache, without it, or with it half gone.
 *
 * Layout: STATE/cache/evidence/<client>/<YYYY-MM-DD>.cev, one entry a day:
 *   "CCSLAEVC", u32 version = 1, then three SHA-256 values:
 *     key        what made the members: the partition (its stamp, inode,
 *                mtime and size), the contract file's SHA-256, the
 *                SHA-256 of the TZif file of its zone (a tzdata update
 *                can move service hours and agreed windows), the
 *                pseudonym key's fingerprint, the client, the columns and
 *                the compressor (evidence_cache_key);
 *     names      the source_file names of the input files the rows came from;
 *     evaluated  the contacts of the quality log that are rows of that day
 *                no figure counts (those rows are in the file because they
 *                were evaluated: a new evaluation of one changes the day);
 *   i64 rows, u32 runs, u32 uncounted, u64 gzip bytes,
 *   runs of (u32 input file, u32 rows) in file order, the sorted u64 hashes
 *   of the day's uncounted contact ids, the gzip members, and a CRC-32 of
 *   every byte before it. Integers are little-endian.
 * An entry is used only when all three values match what the draft would
 * write; otherwise the day is written afresh and the entry replaced. A
 * damaged entry is a miss, never an error. The per-input-file SHA-256 of
 * the rows (Data lineage) is computed again from the inflated members, so
 * it is never taken on trust. Removing STATE/cache is always safe. */
#ifndef CCSLA_EVIDENCE_CACHE_H
#define CCSLA_EVIDENCE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "core/error.h"
#include "evidence.h"

#define EVIDENCE_CACHE_VERSION 1

/* What one UTC day put into contacts.csv.gz. */
struct evidence_day {
	unsigned char key[32], names[32], evaluated[32];
	int64_t rows;
	uint32_t (*runs)[2];        /* [run_count]: input file, rows; owned */
	size_t run_count, run_cap;
	uint64_t *uncounted;        /* [uncounted_count], sorted once ended; owned */
	size_t uncounted_count, uncounted_cap;
	unsigned char *gz;          /* [gz_len]: the members; owned */
	size_t gz_len;
	int uncacheable;            /* a row named an input file the registry lacks */
};

/* The key of day_ms's partition of client for a contract file with SHA-256
 * contract_sha256, whose zone was read from a TZif file with SHA-256
 * zone_sha256, and the pseudonym key (NULL: ids withheld): 1 with key
 * set, 0 when the partition is absent (the day has no rows), -1 when it
 * cannot be read (the caller's scan then says why). */
int evidence_cache_key(const char *state_dir, const char *client, int64_t day_ms, const char *contract_sha256,
                       const char *zone_sha256, const struct evidence_key *pseudonym_key, unsigned char key[32]);

/* A SHA-256 begun (NULL when out of memory), and ended into out: 0, or -1
 * (a digest that failed is never kept nor compared). _end frees md. */
EVP_MD_CTX *evidence_digest_begin(void);
int evidence_digest_end(EVP_MD_CTX *md, unsigned char out[32]);

/* The hash of a contact id in the uncounted list. */
uint64_t evidence_cache_id_hash(const char *id);

/* Recording a day being written: one row of input file f; one contact id
 * no figure counts. 0, or -1 when out of memory. */
int evidence_day_add_row(struct evidence_day *d, uint32_t f);
int evidence_day_add_uncounted(struct evidence_day *d, const char *contact_id);
/* Sorts the uncounted list and sets d->evaluated from the evaluated ids
 * (sorted) whose hash it holds: 0, or -1 when the digest fails (the day
 * is then not kept). */
int evidence_day_end(struct evidence_day *d, const struct evidence_ids *evaluated);
/* The same digest for an entry loaded: 1 when it matches d->evaluated. */
int evidence_day_evaluated_match(const struct evidence_day *d, const struct evidence_ids *evaluated);
void evidence_day_release(struct evidence_day *d);

/* Loads the entry of (client, day_ms) into d when its key is key: 1, or 0
 * when there is none, it is damaged or its key differs (d then empty). */
int evidence_cache_load(const char *state_dir, const char *client, int64_t day_ms, const unsigned char key[32],
                        struct evidence_day *d);
/* Writes d (with d->gz) as the entry of (client, day_ms), atomically. A
 * cache that cannot be written costs time only: 0 or -1, never an error
 * of the report. */
int evidence_cache_save(const char *state_dir, const char *client, int64_t day_ms, const struct evidence_day *d);

/* The file of the entry of (client, day_ms). */
void evidence_cache_entry_path(char *buf, size_t size, const char *state_dir, const char *client, int64_t day_ms);

/* Removes the entry of (client, day_ms), if any. */
void evidence_cache_drop(const char *state_dir, const char *client, int64_t day_ms);

/* Removes the entries of UTC days before before_day (days since the
 * epoch) and any temporary file a crash left of them: ccsla nightly keeps
 * the month and the one before it (a month's final is built in the first
 * nights of the next). The number of files removed, or -1 when the cache
 * cannot be read. */
long evidence_cache_prune(const char *state_dir, int64_t before_day);

#endif
