/* verify_dss.h -- a signature followed by a PAdES B-LT update: check that
 * the bytes after the signed revision only add the document security
 * store and change nothing that was signed, then use the store's CRLs.
 *
 * "Change nothing" is checked on the objects, not trusted from the file:
 * every object of the signed revision keeps its xref entry except the
 * catalog; the new catalog has the old one's entries, equal, plus /DSS;
 * the trailer keeps /Root and /Info and gains no /Encrypt; and no object
 * of the signed revision refers to a number that only the update defines
 * (a dangling reference the update would fill in). */
#ifndef CCSLA_VERIFY_DSS_H
#define CCSLA_VERIFY_DSS_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "pdfparse.h"
#include "verify_result.h"

struct dss_found {
	STACK_OF(X509) *certs;      /* the store's certificates (owned) */
	STACK_OF(X509_CRL) *crls;   /* its CRLs (owned) */
	int n_ocsps;
};

/* 0 when d->buf[signed_end..) is only such an update (f filled; the caller
 * calls dss_found_free), -1 with the reason in why otherwise. */
int verify_dss_update(struct pdf_doc *d, size_t signed_end, struct dss_found *f, char *why, size_t why_size);
void dss_found_free(struct dss_found *f);

/* With the store's CRLs: is signer revoked, and if so, before at (fails)
 * or after it (holds, said)? One line; nothing when there are no CRLs for
 * the signer's issuer. chain: certificates to find the issuer in. */
void verify_dss_revocation(X509 *signer, STACK_OF(X509) *chain, const struct dss_found *f, time_t at,
                           struct verify_result *r);

#endif
