/* sign.h -- sign a PDF: an incremental update with a CMS signature.
 *
 * The update adds (PDF 32000-1 12.7, 12.8): a signature dictionary
 * (/SubFilter /ETSI.CAdES.detached, /ByteRange, /Contents placeholder), a
 * signature field that is also a visible widget on page 1 (signer, time in
 * UTC, reason), an AcroForm with /SigFlags 3, the updated catalog and page,
 * its own xref section (table or stream, like the file's) and trailer.
 * The CMS is PAdES baseline B-B (ETSI EN 319 142-1): detached, binary,
 * SHA-256, with the signer certificate and chain, the ESS
 * signing-certificate-v2 attribute and no CMS signing time (the time is
 * the signature dictionary's /M), so with an RSA key (PKCS#1 v1.5) and the
 * same time the output is byte-identical between runs. With a TSA URL it is
 * B-T: an RFC 3161 token over the signature value is added as the unsigned
 * signature-time-stamp attribute (tsa.h); the token's time makes such
 * output differ between runs.
 *
 * Typical use, once per batch:
 *     struct signer *s = NULL;
 *     if (signer_load(&s, &cfg, &err) == 0) {
 *         sign_pdf_file(in, out, s, &opt, &err);   // many times
 *         signer_free(s);
 *     }
 * Memory: the input file plus the output (about 20 KB more). */
#ifndef CCSLA_SIGN_H
#define CCSLA_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Where the signature box goes on page 1 when the caller does not say
 * (points, PDF user space: x1 y1 x2 y2). The renderer keeps it empty. */
#ifndef SIGN_BOX_X1
#define SIGN_BOX_X1 355
#define SIGN_BOX_Y1 40
#define SIGN_BOX_X2 555
#define SIGN_BOX_Y2 110
#endif

/* Bytes reserved for the DER CMS blob (hex doubles it in the file). 8 KB
 * holds an RSA-4096 signature with a chain of three; a larger blob makes
 * the signer retry with the size it needs. */
#define SIGN_CONTENTS_BYTES 8192
/* More room with a time-stamp token: it carries the TSA's certificates. */
#define SIGN_TOKEN_BYTES 8192
/* A document time-stamp's placeholder: the token alone. */
#define SIGN_DOC_TS_BYTES 12288

struct signer_config {
	const char *key_path;       /* PEM private key, or a "pkcs11:" URI (p11key.h);
	                               or NULL with p12_path */
	const char *p12_path;       /* PKCS#12 with key, certificate, maybe chain */
	const char *cert_path;      /* PEM signer certificate; required with key_path,
	                               overrides the PKCS#12's when given */
	const char *chain_path;     /* PEM intermediate/CA certificates, or NULL */
	const char *passphrase;     /* for an encrypted key or the PKCS#12; NULL when none */
	int allow_insecure_key;     /* accept a key file readable by group/others (test keys) */
	const char *pkcs11_module;  /* with key_path a "pkcs11:" URI (RFC 7512): the
	                               PKCS#11 module, or NULL for the engine's default;
	                               the passphrase is then the token's PIN */
};

struct sign_options {
	const char *reason;         /* "/Reason" and shown in the box; NULL: none */
	const char *location;       /* "/Location"; NULL: none */
	int64_t signing_time_s;     /* Unix seconds: /M and the box */
	int box_pt[4];              /* x1 y1 x2 y2 on page 1; all 0: SIGN_BOX_* */
	int allow_second_signature; /* tests only: sign a file that is already signed */
	const char *tsa_url;        /* RFC 3161 time-stamp authority (B-T), or NULL (B-B) */
	long tsa_timeout_s;         /* <= 0: TSA_DEFAULT_TIMEOUT_S */
	int add_dss;                /* B-LT: then a /DSS update with the certificates of
	                               the signature and its token, and the CRLs (dss.h) */
	const char *crl_path;       /* with add_dss: CRLs (PEM or DER) to store, or NULL */
	int add_doc_ts;             /* B-LTA: then a document time-stamp over it all */
};

struct signer;

/* Loads key and certificates, checks the key file's mode, that the key
 * matches the certificate and that the certificate is for signing
 * documents (certuse.h). Returns 0 (the caller owns *out: signer_free()),
 * -1 when a file cannot be read or the key cannot be opened, -2 when the
 * certificate cannot sign (not the key's, or restricted to other uses). */
int signer_load(struct signer **out, const struct signer_config *cfg, struct ccsla_error *err);
void signer_free(struct signer *s);
/* The signer certificate's subject CN (or the whole subject when it has no CN). */
const char *signer_name(const struct signer *s);
/* The signer certificate's SHA-256 fingerprint, "AA:BB:..." (95 chars): what
 * the report's Verification section prints and the CCC publishes. */
const char *signer_fingerprint(const struct signer *s);
/* The signer certificate's validity, notBefore and notAfter in Unix
 * seconds; -1 when the certificate's times cannot be read. A signature is
 * made only at a time inside it (sign_pdf_buffer refuses others). */
int signer_validity(const struct signer *s, int64_t *not_before_s, int64_t *not_after_s);

/* Signs in[0..in_len) (name is for messages). On success *out is malloc'd
 * (the caller frees it) and holds the input followed by the update.
 * Returns 0, -1, or -3 when the time-stamp authority failed (err says
 * how: unreachable, timed out, HTTP error, refusal, bad token). */
int sign_pdf_buffer(const struct signer *s, const struct sign_options *opt,
                    const unsigned char *in, size_t in_len, const char *name,
                    unsigned char **out, size_t *out_len, struct ccsla_error *err);
/* Appends a document time-stamp (PAdES B-LTA: /Type /DocTimeStamp,
 * /SubFilter /ETSI.RFC3161, an invisible field) from opt->tsa_url over
 * all of in, as an incremental update: in stays a prefix of *out. Returns
 * 0, -1, or -3 when the TSA failed. */
int sign_add_doc_timestamp(const struct sign_options *opt, const unsigned char *in, size_t in_len,
                           const char *name, unsigned char **out, size_t *out_len, struct ccsla_error *err);

/* Reads in_path, signs, writes out_path atomically (it may equal in_path).
 * Returns 0, -1 when a file could not be read or written, -2 when the
 * input cannot be signed (not a PDF, damaged, encrypted, already signed),
 * -3 when the time-stamp authority failed (nothing is written). */
int sign_pdf_file(const char *in_path, const char *out_path, const struct signer *s,
                  const struct sign_options *opt, struct ccsla_error *err);

/* The signing time to use: SOURCE_DATE_EPOCH when set (reproducible
 * builds), else now. -1 with err set when SOURCE_DATE_EPOCH is not a number. */
int sign_time_from_env(int64_t *t_s, struct ccsla_error *err);

/* A passphrase from the environment variable env_name or the first line of
 * file (one of them non-NULL); never from the command line. The file must
 * not be readable by group or others unless allow_insecure. */
int sign_read_passphrase(const char *env_name, const char *file, int allow_insecure,
                         char *buf, size_t size, struct ccsla_error *err);

#endif
