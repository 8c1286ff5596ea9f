/* tstoken.h -- check an RFC 3161 time-stamp token (a CMS SignedData whose
 * content is a TSTInfo) against the bytes it stamps.
 *
 * Checked: the token's signature with the TSA certificate it carries; the
 * certificate is for time-stamping only (extendedKeyUsage critical,
 * timeStamping: RFC 3161 2.3); the message imprint is the hash (the
 * algorithm the token names, SHA-256 or stronger) of the stamped bytes;
 * and, with a trust store, that the TSA certificate chains to it at the
 * token's own time. Used for the signature time-stamp (B-T) of verify.c. */
#ifndef CCSLA_TSTOKEN_H
#define CCSLA_TSTOKEN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509_vfy.h>

struct tstoken_info {
	int64_t gen_time_s;         /* the TSA's time, Unix seconds */
	char gen_time[32];          /* the same, RFC 3339 UTC */
	char tsa_name[256];         /* the TSA certificate's subject, one line */
	int trusted;                /* 1: chains to the trust store given */
};

/* Returns 0 when the token is valid for data (info filled; info->trusted
 * says whether the TSA's identity was established: trust may be NULL),
 * -1 otherwise with the reason in why. */
int tstoken_check(const unsigned char *der, size_t der_len, const unsigned char *data, size_t data_len,
                  X509_STORE *trust, struct tstoken_info *info, char *why, size_t why_size);
/* The same over the bytes d1[0..n1) then d2[0..n2) (a document time-stamp's
 * two ranges). der may be followed by padding (checked by the caller). */
int tstoken_check2(const unsigned char *der, size_t der_len, const unsigned char *d1, size_t n1,
                   const unsigned char *d2, size_t n2, X509_STORE *trust, struct tstoken_info *info,
                   char *why, size_t why_size);

#endif
