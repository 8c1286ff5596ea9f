/* nightly_internal.h -- what the parts of the nightly run share: nightly.c
 * (lock, ingest, run manifest) and nightly_month.c (one client's months). */
#ifndef CCSLA_NIGHTLY_INTERNAL_H
#define CCSLA_NIGHTLY_INTERNAL_H

#include "contracts/contract.h"
#include "core/jsonw.h"
#include "ingest/registry.h"
#include "reports/sign/sign.h"
#include "nightly.h"

struct nightly_held {
	char client[64];
	char why[512];
};

/* What the run did with one (client, month) it looked at, and why: the
 * "months" array of the run manifest (one "month" event each, too). */
struct nightly_month_note {
	char client[64];
	char period[8];
	char action[24];              /* rebuilt, skipped, final, final-due, revised, unchanged, revision-due, checked, failed */
	char why[1000];
};

struct nightly_ctx {
	const struct nightly_options *opt;
	const struct contract_set *contracts;
	struct signer *signer;        /* NULL when no key is configured or it cannot be used */
	char sign_hold[1400];         /* why finals and revisions due wait; "" when they can be signed */
	char warning[512];            /* the certificate expires soon; "" otherwise */
	struct registry reg;          /* the ingest registry after this run's ingest; owned */
	uint32_t ingest_runs;         /* committed ingest runs after this run's ingest */
	struct jsonw *manifest;       /* the run manifest's "reports" array is open */
	struct nightly_held *held;    /* clients whose contracts have problems: no report made; owned */
	size_t nheld;
	struct nightly_month_note *notes; /* one per month looked at; owned */
	size_t nnotes, notes_cap;
	int problems;                 /* something the operator must look at */
	int failed;                   /* some client's work could not be done */
};

/* Drafts, finals and revisions of one client (any of its contract
 * versions); events to stderr, one object per report into the manifest.
 * A month that fails is an event ("failed") and sets x->failed; the
 * client's other months go on. Returns the number of months that failed. */
int nightly_client(struct nightly_ctx *x, const char *client, struct ccsla_error *err);

#endif
