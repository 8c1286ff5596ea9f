/* verify.h -- check a signed report: signature, coverage, signer, attachments.
 *
 * verify_pdf_file() runs every check it can and records each as a line in
 * plain words ("the signature covers the whole file"), so a client reads
 * what holds and what does not; all_ok is set only when every check holds:
 *   1. exactly one signature field with a value;
 *   2. /ByteRange starts at 0, skips exactly the /Contents hex string (both
 *      angle brackets) and runs to the last byte: nothing appended;
 *   3. the SHA-256 of the signed ranges equals the CMS messageDigest;
 *   4. the CMS signature over the signed attributes verifies with the
 *      signer certificate's key, and the padding after the DER blob is zero;
 *   5. the signer is identified: the certificate chains to --ca (checked at
 *      the signing time), or its SHA-256 fingerprint equals --fingerprint.
 *      With neither, the identity is NOT established and the check fails;
 *   6. credits.csv and metrics.csv are attached and their totals add up
 *      (verify_csv.c says exactly what is recomputed).
 * Memory: the file plus its decoded attachments. */
#ifndef CCSLA_VERIFY_H
#define CCSLA_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define VERIFY_MAX_LINES 48

struct verify_options {
	const char *ca_path;        /* PEM trust anchor(s), or NULL */
	const char *fingerprint;    /* published SHA-256 of the signer certificate
	                               (hex, colons and case ignored), or NULL */
	int skip_attachments;       /* check the signature only (not for reports) */
};

struct verify_line {
	int ok;                     /* 1 holds, 0 does not */
	char text[320];             /* plain words, no trailing newline */
};

struct verify_result {
	int all_ok;                 /* every line holds */
	int n_signatures;
	char subject[256];          /* signer certificate subject, one line */
	char issuer[256];
	char fingerprint[96];       /* SHA-256 of the DER certificate, AA:BB:.. */
	char signing_time[32];      /* CMS signingTime, RFC 3339 UTC, or "" */
	int self_signed;
	char attachments[256];      /* names of the attached files, ", "-separated */
	struct verify_line lines[VERIFY_MAX_LINES];
	int n_lines;
};

/* Verifies path. Returns 0 when all checks hold, 1 when some check failed
 * (see r->lines), -1 when the file could not be read (err set). opt may be
 * NULL. */
int verify_pdf_file(const char *path, const struct verify_options *opt, struct verify_result *r,
                    struct ccsla_error *err);
/* The same over a buffer; name is used in messages. */
int verify_pdf_buffer(const unsigned char *buf, size_t len, const char *name,
                      const struct verify_options *opt, struct verify_result *r);

/* Cross-checks of the attached CSV files (verify_csv.c). Each appends lines
 * to r; 0 when everything holds. */
int verify_credits_csv(const char *data, size_t len, struct verify_result *r);
int verify_metrics_csv(const char *data, size_t len, struct verify_result *r);

/* Appends a line to r (verify.c; used by verify_csv.c). */
void verify_note(struct verify_result *r, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
