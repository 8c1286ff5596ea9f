/* verify.h -- check a signed report: signature, coverage, signer, attachments.
 *
 * verify_pdf_file() runs every check it can and records each as a line in
 * plain words ("the signature covers the whole file"), so a client reads
 * what holds and what does not; all_ok is set only when every check holds:
 *   1. exactly one signature field with a value;
 *   2. /ByteRange starts at 0, skips exactly the /Contents hex string (both
 *      angle brackets) and runs to the last byte: nothing appended (a
 *      failure names the unsigned bytes; "appended" only after a %%EOF);
 *   3. the SHA-256 of the signed ranges equals the CMS messageDigest;
 *   4. the CMS signature over the signed attributes verifies with the
 *      signer certificate's key, and the padding after the DER blob is zero;
 *      the certificate is for signing documents (certuse.h, the rule
 *      ccsla sign applies);
 *   5. the signer is identified: the certificate chains to --ca (checked at
 *      the time of 4b), or its SHA-256 fingerprint equals --fingerprint.
 *      With neither, the identity is NOT established and the check fails;
 *   4b. the PAdES level: B-B (ETSI.CAdES.detached with signing-certificate-v2,
 *      no CMS signing time) or B-T (and a signature time-stamp token, valid
 *      over the signature value: tstoken.h); the signer's certificate is
 *      judged at the time-stamp's time, or now without one (an expired
 *      certificate without a time-stamp fails);
 *   6. credits.csv and metrics.csv are attached and their totals add up
 *      (verify_csv.c says exactly what is recomputed).
 * Memory: the file plus its decoded attachments. */
#ifndef CCSLA_VERIFY_H
#define CCSLA_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "verify_result.h"

struct verify_options {
	const char *ca_path;        /* PEM trust anchor(s), or NULL */
	const char *fingerprint;    /* published SHA-256 of the signer certificate
	                               (hex, colons and case ignored), or NULL */
	int skip_attachments;       /* check the signature only (not for reports) */
	const char *tsa_ca_path;    /* PEM trust anchor(s) for time-stamp authorities;
	                               NULL: ca_path serves */
};

/* Verifies path. Returns 0 when all checks hold, 1 when some check failed
 * (see r->lines), -1 when the file could not be read (err set). opt may be
 * NULL. */
int verify_pdf_file(const char *path, const struct verify_options *opt, struct verify_result *r,
                    struct ccsla_error *err);
/* The same over a buffer; name is used in messages. */
int verify_pdf_buffer(const unsigned char *buf, size_t len, const char *name,
                      const struct verify_options *opt, struct verify_result *r);

#endif
