/* dss.h -- PAdES B-LT: the document security store (ETSI EN 319 142-1
 * 5.4.2), added as an incremental update after the signature, so that the
 * report can be validated offline after the CA and its services are gone.
 *
 * The update adds one stream per certificate and CRL, a /DSS dictionary
 * (/Certs, /CRLs, /VRI) and the catalog again with /DSS; nothing else.
 * The certificates are those the signature's CMS carries (signer and
 * chain), those of its time-stamp token (the TSA's), and extra ones; /VRI
 * has one entry per signature, keyed by the upper-case hex SHA-1 of its
 * /Contents bytes, naming all of them. Memory: the file plus the output. */
#ifndef CCSLA_DSS_H
#define CCSLA_DSS_H

#include <stddef.h>

#include <openssl/x509.h>

#include "core/error.h"

/* extra_certs / crls may be NULL. On success *out (malloc'd, the caller
 * frees it) holds in followed by the update; -1 with err set otherwise. */
int dss_append(const unsigned char *in, size_t in_len, const char *name, STACK_OF(X509) *extra_certs,
               STACK_OF(X509_CRL) *crls, unsigned char **out, size_t *out_len, struct ccsla_error *err);

/* Reads CRLs (PEM, one or more; or one DER) from path into *out (the
 * caller frees with sk_X509_CRL_pop_free). */
int dss_read_crls(const char *path, STACK_OF(X509_CRL) **out, struct ccsla_error *err);

#endif
