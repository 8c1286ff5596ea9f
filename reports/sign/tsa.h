/* tsa.h -- ask an RFC 3161 time-stamp authority for a token.
 *
 * The request carries the SHA-256 of data, a random nonce and certReq
 * (so the token holds the TSA certificate); it is sent as an HTTP POST of
 * application/timestamp-query (RFC 3161 3.4) with libcurl. The reply must
 * be granted and its token must answer this request (imprint, nonce,
 * version); the TSA's signature and identity are judged by the verifier
 * (verify.c), not here: at signing time nothing says which TSA to trust.
 * Memory: the reply, at most TSA_MAX_REPLY bytes. */
#ifndef CCSLA_TSA_H
#define CCSLA_TSA_H

#include <stddef.h>

#include "core/error.h"

#define TSA_MAX_REPLY (256u << 10)
#define TSA_DEFAULT_TIMEOUT_S 30

/* On success *token (malloc'd, the caller frees it) holds the DER
 * TimeStampToken (a CMS ContentInfo). timeout_s <= 0 means
 * TSA_DEFAULT_TIMEOUT_S. Returns 0, -1 when the TSA cannot be reached or
 * times out, -2 when it answers with an HTTP error, a refusal or a token
 * that does not answer the request (err names the URL and the reason). */
int tsa_timestamp(const char *url, long timeout_s, const unsigned char *data, size_t len,
                  unsigned char **token, size_t *token_len, struct ccsla_error *err);
/* The same for a SHA-256 digest already made (a document time-stamp
 * hashes the two byte ranges). */
int tsa_timestamp_digest(const char *url, long timeout_s, const unsigned char md[32],
                         unsigned char **token, size_t *token_len, struct ccsla_error *err);

#endif
