/* sign.c -- append a signature to a PDF as an incremental update (12.8).
 *
 * Steps: parse the file (catalog, first page, existing AcroForm, never
 * assuming object numbers); append new objects and rewritten catalog/page/
 * AcroForm under their old numbers; write the xref section and trailer
 * (/Prev = old startxref); then fill /ByteRange, hash everything but the
 * /Contents hex string (angle brackets included, 12.8.1), build the CMS and
 * write it, hex, into the placeholder. The placeholder's width never
 * changes, so no offset moves after the xref is written. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <zlib.h>

#include "core/fsutil.h"
#include "reports/pdf/outline.h"
#include "certuse.h"
#include "dss.h"
#include "p11key.h"
#include "pdfparse.h"
#include "pdfwrite.h"
#include "sign.h"
#include "tsa.h"

struct signer {
	EVP_PKEY *key;
	void *engine;            /* the pkcs11 engine holding key, or NULL (p11key.h) */
	X509 *cert;
	STACK_OF(X509) *chain;   /* may be empty, never NULL */
	char name[256];          /* subject CN */
	char fingerprint[96];    /* SHA-256 of the DER certificate, AA:BB:.. */
};

/* ---- the visible box (12.5.5 appearance stream, text as outlines) ---- */

/* The box's text is drawn as DejaVu Sans glyph outlines (reports/pdf/
 * outline.h), so the appearance stream references no font: a font named
 * there without being embedded (base-14 Helvetica, as before) is drawn by
 * each viewer with whatever it substitutes, and archival checks refuse
 * it. Any UTF-8 the signer's name holds draws as it is. */
struct box_fonts {
	const struct outline_font *regular, *bold;
};

/* A coordinate with two decimals, trailing zeros dropped. */
static void put_coord(struct sbuf *b, float v)
{
	char t[32];
	int n = snprintf(t, sizeof t, "%.2f", (double)v);

	while (n > 0 && t[n - 1] == '0')
		n--;
	if (n > 0 && t[n - 1] == '.')
		n--;
	if (n == 2 && t[0] == '-' && t[1] == '0')
		t[0] = '0', n = 1; /* "-0" */
	sb_put(b, t, (size_t)n);
	SB_LIT(b, " ");
}

static void box_move(void *b, float x, float y)
{
	put_coord(b, x);
	put_coord(b, y);
	SB_LIT((struct sbuf *)b, "m\n");
}

static void box_line(void *b, float x, float y)
{
	put_coord(b, x);
	put_coord(b, y);
	SB_LIT((struct sbuf *)b, "l\n");
}

static void box_curve(void *b, float x1, float y1, float x2, float y2, float x3, float y3)
{
	put_coord(b, x1);
	put_coord(b, y1);
	put_coord(b, x2);
	put_coord(b, y2);
	put_coord(b, x3);
	put_coord(b, y3);
	SB_LIT((struct sbuf *)b, "c\n");
}

static void box_close(void *b)
{
	SB_LIT((struct sbuf *)b, "h\n");
}

/* Length of the UTF-8 sequence that starts with byte c. */
static size_t utf8_seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* The size for text to fit width_pt: size_pt, or smaller down to min_pt
 * (put_box_line cuts what still does not fit). */
static float fit_size(const struct outline_font *f, const char *text, float size_pt, float min_pt,
                      float width_pt)
{
	float w = outline_text_width(f, size_pt, text);

	if (w <= width_pt)
		return size_pt;
	return size_pt * width_pt / w > min_pt ? size_pt * width_pt / w : min_pt;
}

/* One line of the box with its baseline at (x, y), cut with "..." to fit
 * width_pt (whole characters only). */
static void put_box_line(struct sbuf *b, const struct outline_font *f, const char *text, float size_pt,
                         float x, float y, float width_pt)
{
	struct outline_sink sink = { box_move, box_line, box_curve, box_close, b };
	char line[256];
	size_t n = 0, cut = 0;

	snprintf(line, sizeof line, "%s", text);
	if (outline_text_width(f, size_pt, line) > width_pt) {
		float dots = outline_text_width(f, size_pt, "...");

		/* the longest prefix of whole characters that fits with the dots */
		while (line[n]) {
			size_t step = utf8_seq_len((unsigned char)line[n]);
			char keep;

			if (n + step > strlen(line))
				break;
			keep = line[n + step];
			line[n + step] = '\0';
			if (outline_text_width(f, size_pt, line) + dots > width_pt) {
				line[n + step] = keep;
				break;
			}
			line[n + step] = keep;
			n += step;
			cut = n;
		}
		snprintf(line + cut, sizeof line - cut, "...");
	}
	outline_text(f, size_pt, x, y, line, &sink);
}

static void format_utc(int64_t t_s, char *buf, size_t size, const char *fmt)
{
	time_t t = (time_t)t_s;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, fmt, &tm);
}

static void build_appearance(struct sbuf *ap, const struct box_fonts *fonts, const struct signer *s,
                             const struct sign_options *opt, int w, int h)
{
	char when[64], line[512];
	float y = (float)h - 13, text_w = (float)w - 12;

	format_utc(opt->signing_time_s, when, sizeof when, "%Y-%m-%d %H:%M:%S UTC");
	/* A light frame and a faint fill, readable in black and white. */
	sb_printf(ap, "q 0.96 g 0 0 %d %d re f Q\nq 0.25 G 0.8 w 0.4 0.4 %.1f %.1f re S Q\n",
	          w, h, w - 0.8, h - 0.8);
	SB_LIT(ap, "q 0 g\n");
	put_box_line(ap, fonts->regular, "Digitally signed by", 7, 6, y, text_w);
	put_box_line(ap, fonts->bold, s->name, fit_size(fonts->bold, s->name, 9, 7, text_w), 6, y -= 11,
	             text_w);
	snprintf(line, sizeof line, "Date: %s", when);
	put_box_line(ap, fonts->regular, line, fit_size(fonts->regular, line, 8, 6.5f, text_w), 6, y -= 11,
	             text_w);
	if (opt->reason && opt->reason[0]) {
		snprintf(line, sizeof line, "Reason: %s", opt->reason);
		put_box_line(ap, fonts->regular, line, fit_size(fonts->regular, line, 8, 6.5f, text_w), 6,
		             y -= 11, text_w);
	}
	if (opt->location && opt->location[0]) {
		snprintf(line, sizeof line, "Location: %s", opt->location);
		put_box_line(ap, fonts->regular, line, fit_size(fonts->regular, line, 8, 6.5f, text_w), 6,
		             y -= 11, text_w);
	}
	SB_LIT(ap, "f Q\n");
}

/* The box's lines as one sentence: "Digitally signed by NAME; Date: ...". */
static void box_words(const struct signer *s, const struct sign_options *opt, char *words, size_t size)
{
	char when[64];
	size_t n;

	format_utc(opt->signing_time_s, when, sizeof when, "%Y-%m-%d %H:%M:%S UTC");
	snprintf(words, size, "Digitally signed by %s; Date: %s", s->name, when);
	n = strlen(words);
	if (opt->reason && opt->reason[0])
		n += (size_t)snprintf(words + n, size - n, "; Reason: %s", opt->reason);
	if (n < size && opt->location && opt->location[0])
		snprintf(words + n, size - n, "; Location: %s", opt->location);
}

/* The appearance stream compressed (7.4.4), as libharu's pages are: the
 * outlines are some 30 KB as text. zlib's output depends only on its input
 * and level, so signing stays reproducible. */
static int deflate_stream(const struct sbuf *in, struct sbuf *out)
{
	uLongf n = compressBound((uLong)in->len);
	unsigned char *p = malloc(n);

	if (!p || !in->p || compress2(p, &n, in->p, (uLong)in->len, 9) != Z_OK) {
		free(p);
		return -1;
	}
	free(out->p);
	out->p = p;
	out->len = out->cap = n;
	out->oom = 0;
	return 0;
}

/* ---- keys ---- */

static int check_key_mode(const char *path, int allow_insecure, struct ccsla_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	if ((st.st_mode & 077) && !allow_insecure)
		return ccsla_error_set(err, path, 0, NULL,
		                       "secret file is accessible by group or others (mode %04o): "
		                       "chmod 600 it (--allow-insecure-key accepts it, for test keys only)",
		                       (unsigned)(st.st_mode & 07777));
	return 0;
}

static int pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t n;

	(void)rwflag;
	if (!pass)
		return 0;
	n = strlen(pass);
	if (n > (size_t)size)
		n = (size_t)size;
	memcpy(buf, pass, n);
	return (int)n;
}

static void openssl_reason(char *buf, size_t size)
{
	unsigned long e = ERR_peek_last_error();

	if (e)
		ERR_error_string_n(e, buf, size);
	else
		snprintf(buf, size, "unknown error");
	ERR_clear_error();
}

static int read_certs(const char *path, STACK_OF(X509) *into, struct ccsla_error *err)
{
	BIO *bio = BIO_new_file(path, "rb");
	X509 *x;
	int n = 0;

	if (!bio)
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		if (!sk_X509_push(into, x)) {
			X509_free(x);
			BIO_free(bio);
			return ccsla_error_set(err, path, 0, NULL, "out of memory");
		}
		n++;
	}
	ERR_clear_error();   /* the end of the file reads as an error */
	BIO_free(bio);
	if (n == 0)
		return ccsla_error_set(err, path, 0, NULL, "no PEM certificate found");
	return 0;
}

static void subject_cn(X509 *cert, char *buf, size_t size)
{
	X509_NAME *nm = X509_get_subject_name(cert);
	int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
	unsigned char *utf8 = NULL;

	buf[0] = '\0';
	if (i >= 0) {
		ASN1_STRING *d = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, i));
		int n = ASN1_STRING_to_UTF8(&utf8, d);
		if (n >= 0) {
			snprintf(buf, size, "%.*s", n, utf8);
			OPENSSL_free(utf8);
			return;
		}
	}
	X509_NAME_oneline(nm, buf, (int)size);
}

int signer_load(struct signer **out, const struct signer_config *cfg, struct ccsla_error *err)
{
	struct signer *s = calloc(1, sizeof *s);
	BIO *bio = NULL;
	PKCS12 *p12 = NULL;
	STACK_OF(X509) *extra = NULL, *certs = NULL;
	char why[400];
	int ret = -1;

	*out = NULL;
	if (!s || !(s->chain = sk_X509_new_null())) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	if (!!cfg->key_path == !!cfg->p12_path) {
		ccsla_error_set(err, NULL, 0, NULL, "give exactly one of a PEM key and a PKCS#12 file");
		goto out;
	}
	if (p11key_is_uri(cfg->key_path)) {
		/* The key stays in the token; the certificate comes from a file. */
		if (!cfg->cert_path) {
			ccsla_error_set(err, cfg->key_path, 0, NULL, "a key in a PKCS#11 token needs its certificate (--cert)");
			goto out;
		}
		if (p11key_load(cfg->key_path, cfg->pkcs11_module, cfg->passphrase, &s->key, &s->engine, err) != 0)
			goto out;
	} else if (cfg->key_path) {
		if (!cfg->cert_path) {
			ccsla_error_set(err, cfg->key_path, 0, NULL, "a PEM key needs its certificate (--cert)");
			goto out;
		}
		if (check_key_mode(cfg->key_path, cfg->allow_insecure_key, err) != 0)
			goto out;
		if (!(bio = BIO_new_file(cfg->key_path, "rb"))) {
			ccsla_error_set(err, cfg->key_path, 0, NULL, "cannot open: %s", strerror(errno));
			goto out;
		}
		s->key = PEM_read_bio_PrivateKey(bio, NULL, pass_cb, (void *)cfg->passphrase);
		if (!s->key) {
			openssl_reason(why, sizeof why);
			ccsla_error_set(err, cfg->key_path, 0, NULL, "%s",
			                cfg->passphrase ? "cannot read the private key: wrong passphrase, or not a PEM key"
			                                : "cannot read the private key: not a PEM key, or encrypted "
			                                  "(give --pass-env VAR or --pass-file FILE)");
			goto out;
		}
	} else {
		if (check_key_mode(cfg->p12_path, cfg->allow_insecure_key, err) != 0)
			goto out;
		if (!(bio = BIO_new_file(cfg->p12_path, "rb"))) {
			ccsla_error_set(err, cfg->p12_path, 0, NULL, "cannot open: %s", strerror(errno));
			goto out;
		}
		if (!(p12 = d2i_PKCS12_bio(bio, NULL))) {
			ERR_clear_error();
			ccsla_error_set(err, cfg->p12_path, 0, NULL, "not a PKCS#12 file");
			goto out;
		}
		if (!PKCS12_parse(p12, cfg->passphrase ? cfg->passphrase : "", &s->key, &s->cert, &extra)) {
			ERR_clear_error();
			ccsla_error_set(err, cfg->p12_path, 0, NULL,
			                "cannot open the PKCS#12 file: wrong or missing passphrase (--pass-env, --pass-file)");
			goto out;
		}
		if (!s->key) {
			ccsla_error_set(err, cfg->p12_path, 0, NULL, "the PKCS#12 file holds no private key");
			goto out;
		}
		for (int i = 0; extra && i < sk_X509_num(extra); i++) {
			X509 *x = sk_X509_value(extra, i);
			if (!X509_up_ref(x) || !sk_X509_push(s->chain, x)) {
				ccsla_error_set(err, cfg->p12_path, 0, NULL, "out of memory");
				goto out;
			}
		}
	}
	if (cfg->cert_path) {
		if (!(certs = sk_X509_new_null())) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto out;
		}
		if (read_certs(cfg->cert_path, certs, err) != 0)
			goto out;
		X509_free(s->cert);
		s->cert = sk_X509_shift(certs);
	}
	if (!s->cert) {
		ccsla_error_set(err, cfg->p12_path, 0, NULL, "the PKCS#12 file holds no certificate: give --cert");
		goto out;
	}
	if (cfg->chain_path && read_certs(cfg->chain_path, s->chain, err) != 0)
		goto out;
	/* From here on the files were read: what is wrong is the certificate. */
	if (!X509_check_private_key(s->cert, s->key)) {
		ERR_clear_error();
		ccsla_error_set(err, cfg->cert_path ? cfg->cert_path : cfg->p12_path, 0, NULL,
		                "the certificate does not belong to the private key");
		ret = -2;
		goto out;
	}
	/* A certificate restricted to other uses would be rejected by readers,
	 * and by ccsla verify: the same rule (certuse.h). */
	if (certuse_check(s->cert, why, sizeof why) != 0) {
		ccsla_error_set(err, cfg->cert_path ? cfg->cert_path : cfg->p12_path, 0, NULL,
		                "the certificate is not for signing documents: %s", why);
		ret = -2;
		goto out;
	}
	subject_cn(s->cert, s->name, sizeof s->name);
	{
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned n = 0;
		size_t o = 0;
		X509_digest(s->cert, EVP_sha256(), md, &n);
		for (unsigned i = 0; i < n && o + 4 <= sizeof s->fingerprint; i++)
			o += (size_t)snprintf(s->fingerprint + o, sizeof s->fingerprint - o, "%s%02X", i ? ":" : "", md[i]);
	}
	*out = s;
	s = NULL;
	ret = 0;
out:
	sk_X509_pop_free(extra, X509_free);
	sk_X509_pop_free(certs, X509_free);
	PKCS12_free(p12);
	BIO_free(bio);
	signer_free(s);
	return ret;
}

void signer_free(struct signer *s)
{
	if (!s)
		return;
	EVP_PKEY_free(s->key);
	p11key_release(s->engine);   /* after the key that refers to it */
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	free(s);
}

const char *signer_name(const struct signer *s)
{
	return s->name;
}

const char *signer_fingerprint(const struct signer *s)
{
	return s->fingerprint;
}

/* Seconds since 1970 of an ASN1_TIME, by its distance from the epoch (no
 * time_t or struct tm limits, no local time zone). */
static int asn1_time_seconds(const ASN1_TIME *t, int64_t *out)
{
	ASN1_TIME *epoch = ASN1_TIME_set(NULL, 0);
	int days = 0, secs = 0, ok;

	ok = epoch && ASN1_TIME_diff(&days, &secs, epoch, t);
	ASN1_TIME_free(epoch);
	if (!ok)
		return -1;
	*out = (int64_t)days * 86400 + secs;
	return 0;
}

int signer_validity(const struct signer *s, int64_t *not_before_s, int64_t *not_after_s)
{
	if (asn1_time_seconds(X509_get0_notBefore(s->cert), not_before_s) != 0 ||
	    asn1_time_seconds(X509_get0_notAfter(s->cert), not_after_s) != 0)
		return -1;
	return 0;
}

/* ---- the CMS (RFC 5652), detached over the two byte ranges ---- */

static int cmp_der(const void *a, const void *b)
{
	const ASN1_STRING *x = *(ASN1_STRING *const *)a, *y = *(ASN1_STRING *const *)b;
	int lx = ASN1_STRING_length(x), ly = ASN1_STRING_length(y);
	int c = memcmp(ASN1_STRING_get0_data(x), ASN1_STRING_get0_data(y), (size_t)(lx < ly ? lx : ly));

	return c ? c : lx - ly;
}

/* PAdES (ETSI EN 319 142-1 5.2.1) forbids the CMS signing-time attribute,
 * and OpenSSL 3.0's CMS_SignerInfo_sign() always adds one. So: drop it and
 * sign the remaining signed attributes again, DER-encoded as the SET OF
 * (RFC 5652 5.4: universal SET tag, elements in DER order) that a verifier
 * hashes. */
static int resign_without_signing_time(CMS_SignerInfo *si, EVP_PKEY *key)
{
	int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	int n, ret = -1;
	ASN1_STRING **parts = NULL;
	unsigned char *set = NULL, *sig = NULL;
	size_t body = 0, set_len = 0, sig_len = 0, o = 0;
	EVP_MD_CTX *mctx = NULL;

	if (idx >= 0)
		X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, idx));
	n = CMS_signed_get_attr_count(si);
	if (n <= 0 || !(parts = calloc((size_t)n, sizeof *parts)))
		goto out;
	for (int i = 0; i < n; i++) {
		unsigned char *der = NULL;
		int len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &der);
		if (len <= 0 || !(parts[i] = ASN1_STRING_new())) {
			OPENSSL_free(der);
			goto out;
		}
		ASN1_STRING_set0(parts[i], der, len);
		body += (size_t)len;
	}
	qsort(parts, (size_t)n, sizeof *parts, cmp_der);
	if (body > 0xFFFFFF || !(set = malloc(body + 5)))
		goto out;
	set[o++] = 0x31;
	if (body < 0x80) {
		set[o++] = (unsigned char)body;
	} else if (body < 0x100) {
		set[o++] = 0x81;
		set[o++] = (unsigned char)body;
	} else if (body < 0x10000) {
		set[o++] = 0x82;
		set[o++] = (unsigned char)(body >> 8);
		set[o++] = (unsigned char)body;
	} else {
		set[o++] = 0x83;
		set[o++] = (unsigned char)(body >> 16);
		set[o++] = (unsigned char)(body >> 8);
		set[o++] = (unsigned char)body;
	}
	for (int i = 0; i < n; i++) {
		memcpy(set + o, ASN1_STRING_get0_data(parts[i]), (size_t)ASN1_STRING_length(parts[i]));
		o += (size_t)ASN1_STRING_length(parts[i]);
	}
	set_len = o;
	if (!(mctx = EVP_MD_CTX_new()) || EVP_DigestSignInit(mctx, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(mctx, NULL, &sig_len, set, set_len) != 1 || !(sig = OPENSSL_malloc(sig_len)) ||
	    EVP_DigestSign(mctx, sig, &sig_len, set, set_len) != 1 || sig_len > INT32_MAX)
		goto out;
	ASN1_STRING_set0(CMS_SignerInfo_get0_signature(si), sig, (int)sig_len);
	sig = NULL;
	ret = 0;
out:
	for (int i = 0; parts && i < n; i++)
		ASN1_STRING_free(parts[i]);
	free(parts);
	free(set);
	OPENSSL_free(sig);
	EVP_MD_CTX_free(mctx);
	return ret;
}

/* Builds the CMS (PAdES B-B: CAdES signing-certificate-v2, no signing
 * time); with opt->tsa_url, B-T: a time-stamp token over the signature
 * value as the unsigned signature-time-stamp attribute (tsa.h). */
static int build_cms(const struct signer *s, const struct sign_options *opt, const unsigned char *r1, size_t n1,
                     const unsigned char *r2, size_t n2, unsigned char **der, int *der_len,
                     struct ccsla_error *err)
{
	const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	BIO *data = NULL;
	char why[256];
	int ret = -1;

	*der = NULL;
	if (!(cms = CMS_sign(NULL, NULL, NULL, NULL, flags)) ||
	    !(si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags)))
		goto ossl;
	for (int i = 0; i < sk_X509_num(s->chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(s->chain, i)))
			goto ossl;
	if (!(data = CMS_dataInit(cms, NULL)))
		goto ossl;
	if ((n1 && BIO_write(data, r1, (int)n1) != (int)n1) || (n2 && BIO_write(data, r2, (int)n2) != (int)n2))
		goto ossl;
	if (!CMS_dataFinal(cms, data))
		goto ossl;
	if (resign_without_signing_time(si, s->key) != 0)
		goto ossl;
	if (opt->tsa_url) {
		const ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(si);
		unsigned char *token = NULL;
		size_t token_len = 0;
		if (tsa_timestamp(opt->tsa_url, opt->tsa_timeout_s, ASN1_STRING_get0_data(value),
		                  (size_t)ASN1_STRING_length(value), &token, &token_len, err) != 0) {
			ret = -3;
			goto out;
		}
		if (!CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token,
		                                   (int)token_len)) {
			free(token);
			goto ossl;
		}
		free(token);
	}
	if ((*der_len = i2d_CMS_ContentInfo(cms, der)) <= 0)
		goto ossl;
	ret = 0;
	goto out;
ossl:
	openssl_reason(why, sizeof why);
	ccsla_error_set(err, NULL, 0, NULL, "cannot build the CMS signature: %s", why);
out:
	BIO_free_all(data);
	CMS_ContentInfo_free(cms);
	return ret;
}

/* s == NULL: a document time-stamp (PAdES B-LTA, ETSI EN 319 142-1 5.4.3)
 * instead of a signature: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161,
 * an invisible field, and /Contents the TSA's token over the ranges. */
static int sign_once(const struct signer *s, const struct sign_options *opt, struct pdf_doc *d,
                     size_t contents_bytes, unsigned char **out, size_t *out_len, size_t *needed,
                     struct ccsla_error *err)
{
	const int doc_ts = s == NULL;
	static const char *const skip_acroform[] = { "Fields", "SigFlags", NULL };
	static const char *const skip_catalog[] = { "AcroForm", NULL };
	static const char *const skip_page[] = { "Annots", NULL };
	struct sbuf b = {0}, ap = {0}, text = {0};
	struct box_fonts fonts;
	struct new_obj objs[8];
	int nobj = 0, ret = -1;
	uint32_t cat_num, page_num, size, n_sig, n_widget, n_ap, n_acro, n_annots = 0, n_xref = 0;
	struct pdf_obj *cat, *page, *size_o, *acro_ref, *acro = NULL, *fields = NULL, *annots_ref, *annots;
	size_t n_fields = 0, br_at, contents_at, contents_end, total;
	int box[4], w, h, der_len = 0;
	unsigned char *der = NULL;
	char when[32], field_name[32], words[1024];

	*needed = 0;
	if (pdf_catalog(d, &cat_num, &cat, err) != 0 || pdf_first_page(d, &page_num, &page, err) != 0)
		goto out;
	size_o = pdf_dict_get(d->trailer, "Size");
	if (!size_o || size_o->type != PDF_INT || size_o->u.integer < 1 || size_o->u.integer > (1 << 23) - 8) {
		ccsla_error_set(err, d->name, 0, NULL, "trailer /Size is missing or out of range");
		goto out;
	}
	size = (uint32_t)size_o->u.integer;
	if (size < d->nxref)
		size = d->nxref;
	acro_ref = pdf_dict_get(cat, "AcroForm");
	if (acro_ref && !(acro = pdf_resolve(d, acro_ref, err)))
		goto out;
	if (acro && acro->type != PDF_DICT) {
		ccsla_error_set(err, d->name, 0, NULL, "catalog /AcroForm is not a dictionary");
		goto out;
	}
	if (acro && (fields = pdf_dict_getr(d, acro, "Fields", err)) && fields->type != PDF_ARRAY) {
		ccsla_error_set(err, d->name, 0, NULL, "/AcroForm /Fields is not an array");
		goto out;
	}
	if (pdf_signatures(d, NULL, 0, &n_fields) > 0 && !opt->allow_second_signature && !doc_ts) {
		ccsla_error_set(err, d->name, 0, NULL, "the file is already signed: a report carries exactly one signature");
		goto out;
	}
	annots_ref = pdf_dict_get(page, "Annots");
	annots = annots_ref ? pdf_resolve(d, annots_ref, err) : NULL;
	if (annots_ref && (!annots || annots->type != PDF_ARRAY)) {
		ccsla_error_set(err, d->name, 0, NULL, "page 1 /Annots is not an array");
		goto out;
	}

	n_sig = size;
	n_widget = size + 1;
	n_ap = doc_ts ? 0 : size + 2;
	size += doc_ts ? 2 : 3;
	n_acro = acro_ref && acro_ref->type == PDF_REF ? acro_ref->u.ref.num : size++;
	if (annots_ref && annots_ref->type == PDF_REF)
		n_annots = annots_ref->u.ref.num;
	if (d->newest_is_stream)
		n_xref = size++;
	/* Each rewritten object once: a hostile file could point /AcroForm or
	 * /Annots at the catalog or the page. */
	if (n_acro == cat_num || n_acro == page_num || n_annots == cat_num || n_annots == page_num ||
	    (n_annots && n_annots == n_acro)) {
		ccsla_error_set(err, d->name, 0, NULL, "/AcroForm or page 1 /Annots shares an object with the "
		                "catalog or the page");
		goto out;
	}

	for (int i = 0; i < 4; i++)
		box[i] = opt->box_pt[i];
	if (!box[0] && !box[1] && !box[2] && !box[3]) {
		box[0] = SIGN_BOX_X1; box[1] = SIGN_BOX_Y1; box[2] = SIGN_BOX_X2; box[3] = SIGN_BOX_Y2;
	}
	w = box[2] - box[0];
	h = box[3] - box[1];
	if (!doc_ts && (w < 40 || h < 20)) {
		ccsla_error_set(err, NULL, 0, NULL, "signature box %dx%d pt is too small", w, h);
		goto out;
	}

	sb_put(&b, d->buf, d->len);
	if (d->len && d->buf[d->len - 1] != '\n' && d->buf[d->len - 1] != '\r')
		SB_LIT(&b, "\n");

	/* The signature dictionary: /ByteRange is patched in place later, so
	 * its placeholder has room for three 10-digit numbers. */
	format_utc(opt->signing_time_s, when, sizeof when, "D:%Y%m%d%H%M%SZ");
	begin_obj(&b, d, objs, &nobj, n_sig);
	if (doc_ts)
		SB_LIT(&b, "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161\n/ByteRange ");
	else
		SB_LIT(&b, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n/ByteRange ");
	br_at = b.len;
	sb_printf(&b, "[0 %-10s %-10s %-10s]", "0", "0", "0");
	SB_LIT(&b, "\n/Contents ");
	contents_at = b.len;
	SB_LIT(&b, "<");
	for (size_t i = 0; i < contents_bytes; i++)
		SB_LIT(&b, "00");
	SB_LIT(&b, ">");
	contents_end = b.len;
	if (doc_ts) {
		SB_LIT(&b, " >>\nendobj\n");
		goto widget;
	}
	sb_printf(&b, "\n/M (%s) /Name ", when);
	put_text(&b, s->name);
	if (opt->reason && opt->reason[0]) {
		SB_LIT(&b, " /Reason ");
		put_text(&b, opt->reason);
	}
	if (opt->location && opt->location[0]) {
		SB_LIT(&b, " /Location ");
		put_text(&b, opt->location);
	}
	sb_printf(&b, " /Prop_Build << /App << /Name /ccsla /REx (%s) >> >> >>\nendobj\n",
#ifdef CCSLA_VERSION
	          CCSLA_VERSION
#else
	          "0"
#endif
	);

widget:
	/* The field and its widget in one dictionary (12.5.6.19, 12.7.4.5):
	 * flags Print (4) + Locked (128). A document time-stamp's is invisible. */
	snprintf(field_name, sizeof field_name, "%s%zu", doc_ts ? "DocTimeStamp" : "Signature", n_fields + 1);
	begin_obj(&b, d, objs, &nobj, n_widget);
	if (doc_ts) {
		sb_printf(&b, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /V %u 0 R /F 132 "
		              "/Rect [0 0 0 0] /P %u %u R >>\nendobj\n",
		          field_name, n_sig, page_num, gen_of(d, page_num));
		goto acroform;
	}
	sb_printf(&b, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /V %u 0 R /F 132 "
	              "/Rect [%d %d %d %d] /P %u %u R /AP << /N %u 0 R >> /TU ",
	          field_name, n_sig, box[0], box[1], box[2], box[3], page_num, gen_of(d, page_num), n_ap);
	/* the box's words for readers that do not see it (the box is drawn as
	 * outlines): the field's alternate name (12.7.4.1) */
	box_words(s, opt, words, sizeof words);
	put_text(&b, words);
	SB_LIT(&b, " >>\nendobj\n");

	if (!(fonts.regular = outline_font_shared("DejaVuSans.ttf", err)) ||
	    !(fonts.bold = outline_font_shared("DejaVuSans-Bold.ttf", err)))
		goto out;
	build_appearance(&text, &fonts, s, opt, w, h);
	if (text.oom || deflate_stream(&text, &ap) != 0) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	begin_obj(&b, d, objs, &nobj, n_ap);
	sb_printf(&b, "<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << >> "
	              "/Filter /FlateDecode /Length %zu >>\nstream\n", w, h, ap.len);
	sb_put(&b, ap.p, ap.len);
	SB_LIT(&b, "\nendstream\nendobj\n");

acroform:
	begin_obj(&b, d, objs, &nobj, n_acro);
	SB_LIT(&b, "<< /Fields [");
	for (size_t i = 0; fields && i < fields->u.array.n; i++) {
		put_obj(&b, fields->u.array.items[i], 0);
		SB_LIT(&b, " ");
	}
	sb_printf(&b, "%u 0 R] /SigFlags 3", n_widget);
	if (put_dict_entries_except(&b, acro, skip_acroform) != 0)
		goto toodeep;
	SB_LIT(&b, " >>\nendobj\n");

	begin_obj(&b, d, objs, &nobj, cat_num);
	SB_LIT(&b, "<<");
	if (put_dict_entries_except(&b, cat, skip_catalog) != 0)
		goto toodeep;
	sb_printf(&b, " /AcroForm %u %u R >>\nendobj\n", n_acro, gen_of(d, n_acro));

	if (n_annots) {
		begin_obj(&b, d, objs, &nobj, n_annots);
	} else {
		begin_obj(&b, d, objs, &nobj, page_num);
		SB_LIT(&b, "<<");
		if (put_dict_entries_except(&b, page, skip_page) != 0)
			goto toodeep;
		SB_LIT(&b, " /Annots ");
	}
	SB_LIT(&b, "[");
	for (size_t i = 0; annots && i < annots->u.array.n; i++) {
		put_obj(&b, annots->u.array.items[i], 0);
		SB_LIT(&b, " ");
	}
	sb_printf(&b, "%u 0 R]%s\nendobj\n", n_widget, n_annots ? "" : " >>");

	if (n_xref)
		objs[nobj++] = (struct new_obj){ n_xref, 0, 0 };
	put_xref(&b, d, objs, nobj, size, cat_num, n_xref != 0, n_xref);
	if (b.oom) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	total = b.len;
	if (total > UINT32_MAX) {
		ccsla_error_set(err, d->name, 0, NULL, "file larger than 4 GB");
		goto out;
	}

	/* Fill /ByteRange: everything but the /Contents string, to the end. */
	{
		char br[48];
		int n = snprintf(br, sizeof br, "[0 %zu %zu %zu]", contents_at, contents_end,
		                 total - contents_end);
		size_t width = 3 + 3 * 11;   /* "[0 " + three 10-wide numbers with separators */
		memset(b.p + br_at, ' ', width);
		memcpy(b.p + br_at, br, (size_t)n - 1);
		b.p[br_at + width - 1] = ']';
	}
	if (doc_ts) {
		unsigned char md[32], *tok = NULL;
		size_t tok_len = 0;
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		if (!c || !EVP_DigestInit_ex(c, EVP_sha256(), NULL) || !EVP_DigestUpdate(c, b.p, contents_at) ||
		    !EVP_DigestUpdate(c, b.p + contents_end, total - contents_end) || !EVP_DigestFinal_ex(c, md, NULL)) {
			EVP_MD_CTX_free(c);
			ccsla_error_set(err, NULL, 0, NULL, "cannot hash the document");
			goto out;
		}
		EVP_MD_CTX_free(c);
		if (tsa_timestamp_digest(opt->tsa_url, opt->tsa_timeout_s, md, &tok, &tok_len, err) != 0) {
			ret = -3;
			goto out;
		}
		der = OPENSSL_memdup(tok, tok_len);   /* freed with OPENSSL_free below, like a CMS */
		free(tok);
		if (!der || tok_len > INT32_MAX) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto out;
		}
		der_len = (int)tok_len;
	} else if ((ret = build_cms(s, opt, b.p, contents_at, b.p + contents_end, total - contents_end,
	                            &der, &der_len, err)) != 0) {
		ret = ret == -3 ? -3 : -1;
		goto out;
	}
	ret = -1;
	if ((size_t)der_len > contents_bytes) {
		*needed = (size_t)der_len;
		ret = 1;
		goto out;
	}
	for (int i = 0; i < der_len; i++) {
		static const char hex[] = "0123456789abcdef";
		b.p[contents_at + 1 + 2 * i] = (unsigned char)hex[der[i] >> 4];
		b.p[contents_at + 2 + 2 * i] = (unsigned char)hex[der[i] & 15];
	}
	*out = b.p;
	*out_len = total;
	b.p = NULL;
	ret = 0;
	goto out;
toodeep:
	ccsla_error_set(err, d->name, 0, NULL, "catalog or page 1 nests objects too deeply to copy");
out:
	OPENSSL_free(der);
	free(ap.p);
	free(text.p);
	free(b.p);
	return ret;
}

/* A signature the verifier would reject is not made: the certificate must
 * be valid at the signing time (a wrong clock or SOURCE_DATE_EPOCH shows
 * here, not at the client). */
static int check_cert_at(const struct signer *s, int64_t t_s, struct ccsla_error *err)
{
	time_t t = (time_t)t_s;
	char when[32];

	format_utc(t_s, when, sizeof when, "%Y-%m-%dT%H:%M:%SZ");
	if (X509_cmp_time(X509_get0_notBefore(s->cert), &t) > 0)
		return ccsla_error_set(err, NULL, 0, NULL, "the signer's certificate is not yet valid at the "
		                       "signing time %s (check the clock or SOURCE_DATE_EPOCH)", when);
	if (X509_cmp_time(X509_get0_notAfter(s->cert), &t) < 0)
		return ccsla_error_set(err, NULL, 0, NULL, "the signer's certificate expired before the "
		                       "signing time %s: renew it", when);
	return 0;
}

int sign_pdf_buffer(const struct signer *s, const struct sign_options *opt,
                    const unsigned char *in, size_t in_len, const char *name,
                    unsigned char **out, size_t *out_len, struct ccsla_error *err)
{
	struct pdf_doc d;
	size_t bytes = SIGN_CONTENTS_BYTES + (opt->tsa_url ? SIGN_TOKEN_BYTES : 0), needed = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (check_cert_at(s, opt->signing_time_s, err) != 0)
		return -1;
	if (pdf_open(&d, in, in_len, name, err) != 0)
		return -1;
	rc = sign_once(s, opt, &d, bytes, out, out_len, &needed, err);
	if (rc == 1) {
		/* A bigger chain than 8 KB holds: once more with room to spare. */
		bytes = needed + 1024;
		rc = sign_once(s, opt, &d, bytes, out, out_len, &needed, err);
		if (rc == 1)
			rc = ccsla_error_set(err, name, 0, NULL, "the signature does not fit its placeholder");
	}
	pdf_close(&d);
	if (rc == 0 && opt->add_dss) {
		STACK_OF(X509_CRL) *crls = NULL;
		unsigned char *lt = NULL;
		size_t lt_len = 0;
		if ((opt->crl_path && dss_read_crls(opt->crl_path, &crls, err) != 0) ||
		    dss_append(*out, *out_len, name, s->chain, crls, &lt, &lt_len, err) != 0) {
			free(*out);
			*out = NULL;
			*out_len = 0;
			rc = -1;
		} else {
			free(*out);
			*out = lt;
			*out_len = lt_len;
		}
		sk_X509_CRL_pop_free(crls, X509_CRL_free);
	}
	if (rc == 0 && opt->add_doc_ts) {
		unsigned char *lta = NULL;
		size_t lta_len = 0;
		rc = sign_add_doc_timestamp(opt, *out, *out_len, name, &lta, &lta_len, err);
		free(*out);
		*out = rc == 0 ? lta : NULL;
		*out_len = rc == 0 ? lta_len : 0;
	}
	return rc;
}

int sign_add_doc_timestamp(const struct sign_options *opt, const unsigned char *in, size_t in_len,
                           const char *name, unsigned char **out, size_t *out_len, struct ccsla_error *err)
{
	struct pdf_doc d;
	size_t bytes = SIGN_DOC_TS_BYTES, needed = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (!opt->tsa_url)
		return ccsla_error_set(err, name, 0, NULL, "a document time-stamp needs a time-stamp authority (--tsa)");
	if (pdf_open(&d, in, in_len, name, err) != 0)
		return -1;
	rc = sign_once(NULL, opt, &d, bytes, out, out_len, &needed, err);
	if (rc == 1) {
		bytes = needed + 1024;
		rc = sign_once(NULL, opt, &d, bytes, out, out_len, &needed, err);
		if (rc == 1)
			rc = ccsla_error_set(err, name, 0, NULL, "the time-stamp token does not fit its placeholder");
	}
	pdf_close(&d);
	return rc;
}

int sign_pdf_file(const char *in_path, const char *out_path, const struct signer *s,
                  const struct sign_options *opt, struct ccsla_error *err)
{
	char *in = NULL;
	unsigned char *out = NULL;
	size_t in_len = 0, out_len = 0;
	int ret = -1;

	if (read_file(in_path, &in, &in_len, err) != 0)
		return -1;
	if ((ret = sign_pdf_buffer(s, opt, (unsigned char *)in, in_len, in_path, &out, &out_len, err)) != 0) {
		ret = ret == -3 ? -3 : -2;
		goto out;
	}
	ret = atomic_write(out_path, out, out_len, err);
out:
	free(in);
	free(out);
	return ret;
}

int sign_time_from_env(int64_t *t_s, struct ccsla_error *err)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	int64_t v = 0;

	if (!e || !*e) {
		*t_s = (int64_t)time(NULL);
		return 0;
	}
	for (const char *p = e; *p; p++) {
		if (*p < '0' || *p > '9' || v > 253402300799 / 10)
			return ccsla_error_set(err, NULL, 0, "SOURCE_DATE_EPOCH",
			                       "'%s' is not a number of seconds since 1970", e);
		v = v * 10 + (*p - '0');
	}
	if (v > 253402300799)
		return ccsla_error_set(err, NULL, 0, "SOURCE_DATE_EPOCH", "'%s' is after the year 9999", e);
	*t_s = v;
	return 0;
}

int sign_read_passphrase(const char *env_name, const char *file, int allow_insecure,
                         char *buf, size_t size, struct ccsla_error *err)
{
	size_t n;

	buf[0] = '\0';
	if (env_name) {
		const char *v = getenv(env_name);
		if (!v)
			return ccsla_error_set(err, NULL, 0, NULL, "environment variable '%s' is not set", env_name);
		if (strlen(v) >= size)
			return ccsla_error_set(err, NULL, 0, NULL, "passphrase in '%s' is too long", env_name);
		memcpy(buf, v, strlen(v) + 1);
		return 0;
	}
	{
		FILE *fp;
		if (check_key_mode(file, allow_insecure, err) != 0)
			return -1;
		if (!(fp = fopen(file, "rb")))
			return ccsla_error_set(err, file, 0, NULL, "cannot open: %s", strerror(errno));
		if (!fgets(buf, (int)size, fp))
			buf[0] = '\0';
		fclose(fp);
	}
	n = strlen(buf);
	if (n == size - 1 && buf[n - 1] != '\n') {
		OPENSSL_cleanse(buf, size);
		return ccsla_error_set(err, file, 1, NULL, "passphrase is too long");
	}
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}
