/* evidence.h -- the files a client recomputes the report from (spec
 * report.md "Attached evidence"), written beside the PDF and attached to it:
 *
 *   contract.yaml    the applied contract version, byte for byte
 *   contacts.csv.gz  the client's contacts that the report counts, as a
 *                    canonical log (ingest reads it back), customer_id and
 *                    agent_id as keyed pseudonyms, plus the columns
 *                    excluded, source_file and source_line
 *   ledger.csv       the earlier months the history-dependent figures used
 *   intervals.csv    per SLA and local half-hour, the counts of each
 *   outages.csv      the outage rows of the month (evidence_ops.c), when
 *                    there is an outage log
 *   quality.csv      the quality evaluations of the month, when there is
 *                    a quality log
 *   staffing.csv     section 6's intervals (report_staffing.c), when the
 *                    report shows Forecast and staffing
 *
 * Pseudonyms: HMAC-SHA-256 under the CCC's key (--pseudonym-key FILE) of
 * "customer" or "agent", the client id and the id, NUL-separated, in lower
 * hex (64 characters, the canonical limit): the same customer has the same
 * pseudonym in every report of the client (repeat contacts still match), a
 * different one at another client, and nobody without the key can test a
 * guess. Without a key the ids are left empty (README "Attached evidence"
 * says what that withholds). The key never enters any output. */
#ifndef CCSLA_EVIDENCE_H
#define CCSLA_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/contact.h"
#include "core/error.h"

#define EVIDENCE_KEY_MIN 16
#define EVIDENCE_KEY_MAX 1024

struct evidence_key {
	unsigned char bytes[EVIDENCE_KEY_MAX];
	size_t len;
};

/* Reads a key file: its bytes, without one final line end; at least
 * EVIDENCE_KEY_MIN bytes (README: 32 random bytes, e.g. openssl rand -hex
 * 32). err names the file and what is wrong. */
int evidence_key_load(const char *path, struct evidence_key *key, struct ccsla_error *err);

/* The pseudonym of id ("" stays "") of kind "customer" or "agent" at
 * client: 64 hex characters and a NUL into out. */
void evidence_pseudonym(const struct evidence_key *key, const char *kind, const char *client,
                        const char *id, char out[65]);

/* The same pseudonyms for many ids under one key: the key's inner and
 * outer SHA-256 states are made once (RFC 2104), so an id costs two
 * digest copies and two short hashes, not a whole HMAC set-up (which was a
 * quarter of a large draft's time). Owns its digest states. */
struct evidence_hmac {
	struct evp_md_ctx_st *inner, *outer, *work;
};

/* 0, or -1 when out of memory (h is then released). */
int evidence_hmac_init(struct evidence_hmac *h, const struct evidence_key *key);
/* evidence_pseudonym(key, kind, client, id, out), byte for byte; 0, or
 * -1 when the digest fails (out of memory). */
int evidence_hmac_pseudonym(struct evidence_hmac *h, const char *kind, const char *client, const char *id,
                             char out[65]);
void evidence_hmac_release(struct evidence_hmac *h);

/* The columns contacts.csv.gz carries after the canonical ones. */
#define EVIDENCE_EXTRA_HEADER ",excluded,source_file,source_line"

struct report_build;

/* Writes dir/contacts.csv.gz, dir/ledger.csv, dir/contract.yaml and
 * dir/intervals.csv for rb (after report_build_prepare), and fills the
 * per-file digests of the client's rows the manifest lists. */
int evidence_write(struct report_build *rb, const char *dir, struct ccsla_error *err);

/* contacts.csv.gz (evidence_contacts.c). _start begins writing
 * dir/contacts.csv.gz on a thread, for rb with its request and registry
 * set (report_build_prepare_into); without a thread (none could be
 * started) nothing is begun and 0 is returned. _write, from evidence_write,
 * waits for it and commits the file, or writes it there and then when
 * nothing was begun for that path. _cancel waits for it and removes the
 * temporary file (report_build_release). */
int evidence_contacts_start(struct report_build *rb, const char *dir, struct ccsla_error *err);
int evidence_contacts_write(struct report_build *rb, const char *path, struct ccsla_error *err);
void evidence_contacts_cancel(struct report_build *rb);
/* Writes dir/outages.csv and dir/quality.csv (evidence_ops.c) when the
 * client has an outage or quality log: the rows the month's availability
 * and quality SLAs read, canonical columns, agent_id pseudonymised. */
int evidence_write_ops(struct report_build *rb, const char *dir, struct ccsla_error *err);
/* The rows evidence_write_ops will attach, counted per input file into
 * rb->ops_rows, with the log's kind in rb->ops_log (before rendering: the
 * lineage lists the operations-log files and their reconciliation). */
int evidence_ops_lineage(struct report_build *rb, struct ccsla_error *err);

/* The contact ids of the month's quality evaluations placed by their
 * contact (metrics/quality.h), sorted; contacts.csv.gz carries each of
 * those contacts so that verify --recompute places the evaluation alike.
 * Empty when the client has no quality log. */
struct evidence_ids {
	char (*ids)[CONTACT_ID_MAX + 1]; /* owned: free(ids) */
	size_t count;
};
int evidence_quality_contacts(const struct report_build *rb, struct evidence_ids *out, struct ccsla_error *err);
int evidence_ids_has(const struct evidence_ids *s, const char *id);

#endif
