/* nightly_internal.h -- what the parts of the nightly run share: nightly.c
 * (lock, ingest, run manifest) and nightly_month.c (one client's months). */
#ifndef CCSLA_NIGHTLY_INTERNAL_H
#define CCSLA_NIGHTLY_INTERNAL_H

#include "contracts/contract.h"
#include "core/jsonw.h"
#include "reports/sign/sign.h"
#include "nightly.h"

struct nightly_ctx {
	const struct nightly_options *opt;
	const struct contract_set *contracts;
	struct signer *signer;        /* NULL when no key is configured */
	uint32_t ingest_runs;         /* committed ingest runs after this run's ingest */
	struct jsonw *manifest;       /* the run manifest's "reports" array is open */
	int problems;                 /* something the operator must look at */
};

/* Drafts, finals and revisions of one client (any of its contract
 * versions); events to stderr, one object per report into the manifest. */
int nightly_client(struct nightly_ctx *x, const char *client, struct ccsla_error *err);

#endif
