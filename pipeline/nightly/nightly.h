/* nightly.h -- the scheduled run: ingest what landed, then for every client
 * with a contract in force: the month-to-date DRAFT, the signed FINAL of a
 * month that has closed, and a REVISION when late data changed a figure of
 * a final report.
 *
 * Idempotent: a run with nothing new writes nothing but its run manifest.
 * Crash-safe: every report directory is published with one rename
 * (publish.h), ingest's commit is recoverable (ingest.h), and what each
 * client-month last reflected is recorded after its outputs
 * (STATE/nightly/<client>/<YYYY-MM>), so the run after a kill -9 redoes
 * exactly the unfinished work and writes the same bytes. Locked: one run
 * per state directory (lock.h). */
#ifndef CCSLA_NIGHTLY_H
#define CCSLA_NIGHTLY_H

#include <stdint.h>

#include "core/error.h"
#include "reports/compose/evidence.h"

struct nightly_options {
	const char *landing_dir, *contracts_dir, *state_dir, *out_dir;
	/* signing of finals and revisions: key_path + cert_path, or p12_path */
	const char *key_path, *p12_path, *cert_path, *chain_path;
	const char *passphrase;      /* from --pass-env / --pass-file, never argv */
	int allow_insecure_key;
	int close_after_days;        /* a month closes N local days after its last day (default 2) */
	int settle_s;                /* landing files modified more recently wait (default 0) */
	const char *pkcs11_module;   /* with key_path a "pkcs11:" URI: the module, or NULL */
	const char *tsa_url;         /* RFC 3161 TSA for signatures (PAdES B-T), or NULL (B-B) */
	int add_dss, add_doc_ts;     /* B-LT: a /DSS update; B-LTA: and a document time-stamp */
	const char *crl_path;        /* CRLs for the /DSS, or NULL */
	const char *archive_dir;     /* ingested files move to DIR/<run's UTC date>/; NULL: they stay */
	int64_t now_ms;              /* the run's instant: --now, --date (12:00 UTC), else the clock */
	int64_t created_s;           /* creation and signing time of reports: SOURCE_DATE_EPOCH, else now */
	const struct evidence_key *pseudonym_key; /* ids in contacts.csv.gz; NULL: withheld */
};

/* Runs the job; returns an enum ccsla_exit code: 0 done, 1 done with data
 * problems (unreadable or damaged input, quarantined rows, contract
 * problems, a final or revision due that waits for a usable key), 3 some
 * work was not done (an I/O error of the state, or a client's month that
 * failed; the other clients are done), 4 another run holds the lock. */
int nightly_run(const struct nightly_options *opt);

#endif
