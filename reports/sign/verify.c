/* verify.c -- check a signed report (the checks are listed in verify.h).
 *
 * Design: every check runs even after an earlier one failed (a client
 * wants to see all that is wrong), each adds one plain-words line, and
 * nothing is trusted from the file that was not itself checked: the byte
 * ranges are compared with the actual place of /Contents, the digest is
 * recomputed, the signer certificate is matched to the SignerInfo before
 * its key is used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "core/fsutil.h"
#include "certuse.h"
#include "pdfparse.h"
#include "tstoken.h"
#include "verify_dss.h"
#include "verify_dts.h"
#include "verify.h"
#include "verify_csv.h"

#define MAX_ATTACHMENT (64u << 20)
#define VERIFY_MAX_SIGS 16

static void hex_colon(const unsigned char *md, unsigned n, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < n && o + 4 <= size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%02X", i ? ":" : "", md[i]);
}

/* Lower-case hex digits only, for comparing fingerprints written any way. */
static void hex_only(const char *s, char *out, size_t size)
{
	size_t o = 0;

	for (; *s && o + 1 < size; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
			out[o++] = c;
	}
	out[o] = '\0';
}

static void name_line(X509_NAME *nm, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n;

	buf[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, nm, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	n = BIO_read(b, buf, (int)size - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(b);
}

static int only_hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') || (p[i] >= 'A' && p[i] <= 'F')))
			return 0;
	return n % 2 == 0;
}

static void check_attachments(struct pdf_doc *d, struct verify_result *r)
{
	static const char *const names[] = { "credits.csv", "metrics.csv" };
	unsigned char *metrics = NULL, *html = NULL;
	size_t metrics_len = 0, html_len = 0;
	struct ccsla_error err = {0};
	int rc;

	for (int i = 0; i < 2; i++) {
		unsigned char *data = NULL;
		size_t len = 0;

		rc = pdf_embedded_file(d, names[i], MAX_ATTACHMENT, &data, &len, &err);
		if (rc == 1) {
			verify_note(r, 0, "%s is not attached to the report", names[i]);
		} else if (rc != 0) {
			verify_note(r, 0, "%s cannot be extracted: %s", names[i], err.msg);
		} else if (i == 0) {
			verify_credits_csv((const char *)data, len, r);
		} else {
			verify_metrics_csv((const char *)data, len, r);
			metrics = data;
			metrics_len = len;
			continue;
		}
		free(data);
	}
	/* the HTML twin, in reports that carry one, shows metrics.csv's verdicts */
	rc = pdf_embedded_file(d, "report.html", MAX_ATTACHMENT, &html, &html_len, &err);
	if (rc == 0 && metrics)
		verify_report_html((const char *)html, html_len, (const char *)metrics, metrics_len, r);
	else if (rc != 0 && rc != 1)
		verify_note(r, 0, "report.html cannot be extracted: %s", err.msg);
	free(html);
	free(metrics);
}

/* 1 when buf[0..end) ends with "%%EOF" and at most one end-of-line: the
 * end of a revision, where an incremental update may begin. */
static int ends_revision(const unsigned char *buf, uint64_t end)
{
	uint64_t e = end;

	if (e && buf[e - 1] == '\n')
		e--;
	if (e && buf[e - 1] == '\r')
		e--;
	return e >= 5 && memcmp(buf + e - 5, "%%EOF", 5) == 0;
}

/* A PDF date (7.9.4) "D:YYYYMMDDHHmmSS" with "Z", "+HH'mm'" or
 * "-HH'mm'" (or nothing: taken as UTC) to Unix seconds. */
static int pdf_date(const struct pdf_obj *o, time_t *out)
{
	char s[40];
	int f[6] = { 0, 1, 1, 0, 0, 0 }, widths[6] = { 4, 2, 2, 2, 2, 2 };
	const char *p;
	struct tm tm = {0};
	long off = 0;

	if (!o || o->type != PDF_STRING || o->u.str.len < 6 || o->u.str.len >= sizeof s)
		return -1;
	memcpy(s, o->u.str.s, o->u.str.len);
	s[o->u.str.len] = '\0';
	p = strncmp(s, "D:", 2) == 0 ? s + 2 : s;
	for (int i = 0; i < 6 && *p >= '0' && *p <= '9'; i++) {
		int v = 0;
		for (int k = 0; k < widths[i]; k++, p++) {
			if (*p < '0' || *p > '9')
				return -1;
			v = v * 10 + (*p - '0');
		}
		f[i] = v;
	}
	if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, hh = 0, mm = 0;
		if (sscanf(p + 1, "%2d'%2d", &hh, &mm) < 1)
			return -1;
		off = sign * (hh * 3600L + mm * 60L);
	} else if (*p && *p != 'Z') {
		return -1;
	}
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
		return -1;
	tm.tm_year = f[0] - 1900;
	tm.tm_mon = f[1] - 1;
	tm.tm_mday = f[2];
	tm.tm_hour = f[3];
	tm.tm_min = f[4];
	tm.tm_sec = f[5];
	*out = timegm(&tm) - off;
	return 0;
}

/* Check 2: the signed ranges [v0, v0+v1) and [v2, v2+v3) cover every byte
 * of the file except the /Contents string (cs..ce-1, both brackets), and
 * the gap holds only hex digits. A failure says which bytes are not
 * covered, and "appended" only when the ranges stop at the end of a
 * revision (%%EOF) and the rest of the file follows it. */
static void check_coverage(struct pdf_doc *d, const int64_t v[4], const struct pdf_obj *contents,
                           struct verify_result *r, struct dss_found *dss, int *have_dss)
{
	const unsigned char *buf = d->buf;
	uint64_t s1 = (uint64_t)v[0], e1 = s1 + (uint64_t)v[1], s2 = (uint64_t)v[2], e2 = s2 + (uint64_t)v[3];
	uint64_t cs = contents->start, ce = contents->end, len = d->len;
	uint64_t gap[4][2] = { { 0, s1 }, { e1, cs }, { ce, s2 }, { e2, len } };
	char text[300];
	size_t o = 0;
	int n_gaps = 0;

	if (e1 > len || e2 > len) {
		verify_note(r, 0, "the file is shorter than its signed ranges (truncated): they run to byte %llu, the "
		            "file has %llu bytes", (unsigned long long)(e2 > e1 ? e2 : e1), (unsigned long long)len);
		return;
	}
	if (buf[cs] != '<' || buf[ce - 1] != '>') {
		verify_note(r, 0, "the signature value (/Contents, bytes %llu..%llu) is not a hex string",
		            (unsigned long long)cs, (unsigned long long)(ce - 1));
		return;
	}
	if (e1 > cs || s2 < ce) {
		verify_note(r, 0, "the signed ranges [%llu %llu) [%llu %llu) take in bytes of the signature value itself "
		            "(/Contents, bytes %llu..%llu): no signature can cover its own value",
		            (unsigned long long)s1, (unsigned long long)e1, (unsigned long long)s2,
		            (unsigned long long)e2, (unsigned long long)cs, (unsigned long long)(ce - 1));
		return;
	}
	for (int i = 0; i < 4; i++)
		if (gap[i][1] > gap[i][0])
			n_gaps++;
	if (n_gaps == 0) {
		if (!only_hex(buf + cs + 1, ce - cs - 2))
			/* Whitespace would leave the DER unchanged: the only unsigned bytes
			 * must be exactly the hex digits of the signature value. */
			verify_note(r, 0, "the unsigned gap holds bytes other than the hex digits of the signature value");
		else
			verify_note(r, 1, "the signature covers the whole file (%zu bytes; only the signature value "
			            "itself, bytes %lld..%lld, is outside)", d->len, (long long)v[1], (long long)v[2]);
		return;
	}
	if (n_gaps == 1 && e2 < len && ends_revision(buf, e2)) {
		char why[300];
		/* PAdES B-LT: a later update may add validation data, and only that. */
		if (!only_hex(buf + cs + 1, ce - cs - 2)) {
			verify_note(r, 0, "the unsigned gap holds bytes other than the hex digits of the signature value");
			return;
		}
		if (verify_dss_update(d, (size_t)e2, dss, why, sizeof why) == 0) {
			*have_dss = 1;
			verify_note(r, 1, "the signature covers its whole revision (bytes 0..%llu but the signature value); "
			            "the %llu bytes after it only add validation data (a document security store with %d "
			            "certificates, %d CRLs, %d OCSP responses) and document time-stamps, and change nothing "
			            "signed", (unsigned long long)(e2 - 1),
			            (unsigned long long)(len - e2), sk_X509_num(dss->certs), sk_X509_CRL_num(dss->crls),
			            dss->n_ocsps);
			return;
		}
		verify_note(r, 0, "%llu bytes were appended after signing (after the signed revision's %%%%EOF at byte "
		            "%llu): the signature does not cover the whole file, and they are not only validation "
		            "data (%s)", (unsigned long long)(len - e2), (unsigned long long)e2, why);
		return;
	}
	for (int i = 0; i < 4; i++) {
		if (gap[i][1] <= gap[i][0] || o >= sizeof text)
			continue;
		o += (size_t)snprintf(text + o, sizeof text - o, "%sbytes %llu..%llu (%llu)", o ? ", " : "",
		                      (unsigned long long)gap[i][0], (unsigned long long)(gap[i][1] - 1),
		                      (unsigned long long)(gap[i][1] - gap[i][0]));
	}
	verify_note(r, 0, "the signed ranges [%llu %llu) [%llu %llu) leave %s unsigned besides the signature "
	            "value (bytes %llu..%llu)%s%s%s", (unsigned long long)s1, (unsigned long long)e1,
	            (unsigned long long)s2, (unsigned long long)e2, text, (unsigned long long)cs,
	            (unsigned long long)(ce - 1), s1 > 0 ? "; they do not start at byte 0" : "",
	            e1 < cs || ce < s2 ? "; they skip more than the signature value" : "",
	            e2 < len ? "; they stop before the end of the file, inside the signed revision (not after its "
	                       "%%EOF): the /ByteRange is short, nothing was appended" : "");
}

static void utc_text(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static X509_STORE *load_store(const char *path)
{
	X509_STORE *st = path ? X509_STORE_new() : NULL;

	if (st && !X509_STORE_load_file(st, path)) {
		X509_STORE_free(st);
		st = NULL;
	}
	ERR_clear_error();
	return st;
}

/* The PAdES baseline level (ETSI EN 319 142-1 6.3): B-B is a CAdES
 * signature with signing-certificate-v2 and no CMS signing time; B-T adds
 * a valid signature time-stamp, whose time then judges the certificate. */
static void check_level_and_timestamp(CMS_SignerInfo *si, int is_cades, const struct verify_options *opt,
                                      struct verify_result *r, int *have_ts, int *ts_trusted, time_t *judged_at)
{
	int scv2 = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0;
	int st = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0;
	int ts_idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);

	/* Not being baseline does not make a signature invalid: it is said
	 * beside the level, not as a failed check. */
	if (!is_cades) {
		snprintf(r->level, sizeof r->level, "none (adbe.pkcs7.detached, not PAdES)");
	} else if (!scv2 || st) {
		snprintf(r->level, sizeof r->level, "none (not PAdES baseline: %s)",
		         !scv2 ? "no ESS signing-certificate-v2 attribute" : "a CMS signing-time attribute");
	} else {
		snprintf(r->level, sizeof r->level, "B-B");
	}
	if (ts_idx < 0)
		return;
	{
		X509_ATTRIBUTE *at = CMS_unsigned_get_attr(si, ts_idx);
		ASN1_TYPE *t = X509_ATTRIBUTE_count(at) == 1 ? X509_ATTRIBUTE_get0_type(at, 0) : NULL;
		const ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(si);
		const char *anchor = opt && opt->tsa_ca_path ? opt->tsa_ca_path : opt ? opt->ca_path : NULL;
		X509_STORE *store = load_store(anchor);
		struct tstoken_info info;
		char why[400];

		*have_ts = -1;   /* present; 1 once it holds */
		if (!t || t->type != V_ASN1_SEQUENCE) {
			verify_note(r, 0, "the signature time-stamp attribute does not hold one token");
		} else if (anchor && !store) {
			verify_note(r, 0, "cannot read the CA certificate file '%s' for the time-stamp authority", anchor);
		} else if (tstoken_check(ASN1_STRING_get0_data(t->value.sequence),
		                         (size_t)ASN1_STRING_length(t->value.sequence), ASN1_STRING_get0_data(value),
		                         (size_t)ASN1_STRING_length(value), store, &info, why, sizeof why) != 0) {
			verify_note(r, 0, "the signature time-stamp does not hold: %s", why);
		} else {
			*have_ts = 1;
			*ts_trusted = info.trusted;
			*judged_at = (time_t)info.gen_time_s;
			snprintf(r->timestamp_time, sizeof r->timestamp_time, "%s", info.gen_time);
			snprintf(r->tsa, sizeof r->tsa, "%s", info.tsa_name);
			if (strcmp(r->level, "B-B") == 0)
				snprintf(r->level, sizeof r->level, "B-T");
			verify_note(r, 1, "the signature time-stamp is a valid RFC 3161 token over the signature value, "
			            "made at %s by %s%s", info.gen_time, info.tsa_name,
			            info.trusted ? ", which chains to the given CA"
			                         : " (not checked against a CA: give --tsa-ca)");
		}
		X509_STORE_free(store);
	}
}

/* The signer's certificate at the time that counts: the time-stamp's, or
 * now when there is none (the /M time is the signer's own claim). */
/* have_ts: 1 a valid time-stamp, 0 none, -1 one that does not hold. */
static void check_validity_at(X509 *signer, int have_ts, int ts_trusted, time_t at, time_t now,
                              struct verify_result *r)
{
	int64_t nb = 0, na = 0;
	char when[32], from[32], to[32];
	const ASN1_TIME *not_before = X509_get0_notBefore(signer), *not_after = X509_get0_notAfter(signer);
	int valid_at = X509_cmp_time(not_before, &at) <= 0 && X509_cmp_time(not_after, &at) >= 0;
	int expired_now = X509_cmp_time(not_after, &now) < 0;
	struct tm tm;

	ERR_clear_error();
	if (ASN1_TIME_to_tm(not_before, &tm))
		nb = (int64_t)timegm(&tm);
	if (ASN1_TIME_to_tm(not_after, &tm))
		na = (int64_t)timegm(&tm);
	utc_text(at, when, sizeof when);
	utc_text((time_t)nb, from, sizeof from);
	utc_text((time_t)na, to, sizeof to);
	if (have_ts < 0 && expired_now)
		verify_note(r, 0, "the signer's certificate expired on %s and the signature's time-stamp does not hold "
		            "(above): nothing proves it was made while the certificate was valid", to);
	else if (have_ts < 0)
		verify_note(r, valid_at, "the signer's certificate is %s now; the signature's time-stamp does not hold",
		            valid_at ? "valid" : "not valid");
	else if (have_ts && !valid_at)
		verify_note(r, 0, "the signer's certificate was not valid at the time-stamp's time %s (valid %s to %s)",
		            when, from, to);
	else if (have_ts && expired_now && !ts_trusted)
		verify_note(r, 0, "the signer's certificate has expired (on %s) and the time-stamp that would show it "
		            "was valid at %s comes from a TSA whose identity is not established: give --tsa-ca", to, when);
	else if (have_ts && expired_now)
		verify_note(r, 1, "the signer's certificate was valid at the time-stamp's time %s; it has expired since "
		            "(on %s), which does not matter: the time-stamp proves the signature is older", when, to);
	else if (have_ts)
		verify_note(r, 1, "the signer's certificate was valid at the time-stamp's time %s (valid %s to %s)",
		            when, from, to);
	else if (expired_now)
		verify_note(r, 0, "the signer's certificate expired on %s and the signature has no time-stamp: nothing "
		            "proves it was made while the certificate was valid (sign with --tsa)", to);
	else if (!valid_at)
		verify_note(r, 0, "the signer's certificate is not valid yet (valid from %s)", from);
	else
		verify_note(r, 1, "the signer's certificate is valid now (until %s); the signature has no time-stamp, "
		            "so after that it cannot be judged (sign with --tsa for B-T)", to);
}

/* Checks 2-5 on one signature dictionary. */
static void check_signature(struct pdf_doc *d, struct pdf_obj *sig, const struct verify_options *opt,
                            struct verify_result *r)
{
	const unsigned char *buf = d->buf;
	struct pdf_obj *br = pdf_dict_getr(d, sig, "ByteRange", NULL);
	struct pdf_obj *contents = pdf_dict_get(sig, "Contents");
	int64_t v[4];
	CMS_ContentInfo *cms = NULL;
	STACK_OF(X509) *certs = NULL;
	STACK_OF(CMS_SignerInfo) *sis;
	CMS_SignerInfo *si;
	X509 *signer = NULL;
	X509_STORE *store = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509_ALGOR *digalg = NULL;
	ASN1_OCTET_STRING *signed_md;
	const EVP_MD *md;
	unsigned char calc[EVP_MAX_MD_SIZE], fp[EVP_MAX_MD_SIZE];
	unsigned calc_len = 0, fp_len = 0;
	const unsigned char *p;
	time_t signed_at = 0;

	int is_cades = 0, have_ts = 0, ts_trusted = 0, have_dss = 0;
	struct dss_found dss = {0};
	time_t now = time(NULL), judged_at = now;

	{
		struct pdf_obj *sf = pdf_dict_getr(d, sig, "SubFilter", NULL);
		is_cades = pdf_is_name(sf, "ETSI.CAdES.detached");
		if (!pdf_is_name(sf, "adbe.pkcs7.detached") && !is_cades) {
			verify_note(r, 0, "the signature's /SubFilter is '%s', not a detached CMS (adbe.pkcs7.detached "
			            "or ETSI.CAdES.detached)", sf && sf->type == PDF_NAME ? sf->u.str.s : "missing");
			return;
		}
	}
	/* 2. Coverage. */
	if (!br || br->type != PDF_ARRAY || br->u.array.n != 4) {
		verify_note(r, 0, "the signature has no /ByteRange of four numbers");
		return;
	}
	for (int i = 0; i < 4; i++) {
		struct pdf_obj *x = br->u.array.items[i];
		if (x->type != PDF_INT || x->u.integer < 0 || (uint64_t)x->u.integer > d->len) {
			verify_note(r, 0, "the signature's /ByteRange holds a value outside the file");
			return;
		}
		v[i] = x->u.integer;
	}
	if (!contents || contents->type != PDF_STRING || (contents->start == 0 && contents->end == 0)) {
		verify_note(r, 0, "the signature has no /Contents string in the file itself");
		return;
	}
	check_coverage(d, v, contents, r, &dss, &have_dss);

	/* The CMS blob, then zero padding up to the end of the placeholder. */
	p = (const unsigned char *)contents->u.str.s;
	if (!(cms = d2i_CMS_ContentInfo(NULL, &p, (long)contents->u.str.len))) {
		verify_note(r, 0, "the signature value is not a CMS structure");
		goto out;
	}
	for (const unsigned char *q = p; q < (const unsigned char *)contents->u.str.s + contents->u.str.len; q++) {
		if (*q) {
			verify_note(r, 0, "the bytes after the signature value are not zero padding");
			break;
		}
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed || !CMS_is_detached(cms)) {
		verify_note(r, 0, "the signature is not a detached CMS SignedData");
		goto out;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1) {
		verify_note(r, 0, "the CMS holds %d signers, not one", sk_CMS_SignerInfo_num(sis));
		goto out;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);

	/* 3. Digest. */
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &digalg, NULL);
	md = digalg ? EVP_get_digestbyobj(digalg->algorithm) : NULL;
	signed_md = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (!md || (EVP_MD_get_type(md) != NID_sha256 && EVP_MD_get_type(md) != NID_sha384 &&
	            EVP_MD_get_type(md) != NID_sha512)) {
		verify_note(r, 0, "the signature uses digest '%s'; SHA-256 or stronger is required",
		            md ? EVP_MD_get0_name(md) : "unknown");
	} else if (!signed_md) {
		verify_note(r, 0, "the signature carries no message digest attribute");
	} else {
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		size_t a0 = (size_t)v[0], b0 = (size_t)v[2];
		size_t a1 = (uint64_t)v[0] + (uint64_t)v[1] <= d->len ? (size_t)(v[0] + v[1]) : d->len;
		size_t b1 = (uint64_t)v[2] + (uint64_t)v[3] <= d->len ? (size_t)(v[2] + v[3]) : d->len;
		if (c && EVP_DigestInit_ex(c, md, NULL) && EVP_DigestUpdate(c, buf + a0, a0 <= a1 ? a1 - a0 : 0) &&
		    EVP_DigestUpdate(c, buf + b0, b0 <= b1 ? b1 - b0 : 0) && EVP_DigestFinal_ex(c, calc, &calc_len) &&
		    (int)calc_len == ASN1_STRING_length(signed_md) &&
		    memcmp(calc, ASN1_STRING_get0_data(signed_md), calc_len) == 0)
			verify_note(r, 1, "the document digest (%s) matches the signed digest", EVP_MD_get0_name(md));
		else
			verify_note(r, 0, "the document digest does not match the signed digest: the file was "
			            "changed after signing");
		EVP_MD_CTX_free(c);
	}

	/* 4. The signature itself, with the certificate the SignerInfo names. */
	certs = CMS_get1_certs(cms);
	for (int i = 0; certs && i < sk_X509_num(certs); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			signer = sk_X509_value(certs, i);
	if (!signer) {
		verify_note(r, 0, "the signer's certificate is not in the signature");
		goto out;
	}
	CMS_SignerInfo_set1_signer_cert(si, signer);
	if (CMS_SignerInfo_verify(si) == 1)
		verify_note(r, 1, "the CMS signature is valid for the signer's certificate");
	else
		verify_note(r, 0, "the CMS signature is NOT valid for the certificate it names "
		            "(a changed signature or a swapped certificate)");
	ERR_clear_error();
	{
		/* The rule ccsla sign applies (certuse.h): a certificate for other
		 * uses does not vouch for a document, whoever issued it. */
		char why[400], usage[400];
		if (certuse_check(signer, why, sizeof why) == 0) {
			certuse_describe(signer, usage, sizeof usage);
			verify_note(r, 1, "the signer's certificate is for signing documents (%s)", usage);
		} else {
			verify_note(r, 0, "the signer's certificate is not for signing documents: %s", why);
		}
	}

	name_line(X509_get_subject_name(signer), r->subject, sizeof r->subject);
	name_line(X509_get_issuer_name(signer), r->issuer, sizeof r->issuer);
	X509_digest(signer, EVP_sha256(), fp, &fp_len);
	hex_colon(fp, fp_len, r->fingerprint, sizeof r->fingerprint);
	/* Self-signed by name and signature: X509_check_issued() would also
	 * demand keyCertSign, which a signing-only certificate lacks. */
	r->self_signed = X509_NAME_cmp(X509_get_subject_name(signer), X509_get_issuer_name(signer)) == 0 &&
	                 X509_verify(signer, X509_get0_pubkey(signer)) == 1;
	ERR_clear_error();
	{
		int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
		X509_ATTRIBUTE *at = idx >= 0 ? CMS_signed_get_attr(si, idx) : NULL;
		ASN1_TYPE *t = at ? X509_ATTRIBUTE_get0_type(at, 0) : NULL;
		struct tm tm;
		if (t && (t->type == V_ASN1_UTCTIME || t->type == V_ASN1_GENERALIZEDTIME) &&
		    ASN1_TIME_to_tm((ASN1_TIME *)t->value.asn1_string, &tm)) {
			signed_at = timegm(&tm);
			strftime(r->signing_time, sizeof r->signing_time, "%Y-%m-%dT%H:%M:%SZ", &tm);
		} else if (pdf_date(pdf_dict_getr(d, sig, "M", NULL), &signed_at) == 0) {
			/* PAdES: the claimed time is the signature dictionary's /M
			 * (inside the signed bytes); only a time-stamp proves it. */
			gmtime_r(&signed_at, &tm);
			strftime(r->signing_time, sizeof r->signing_time, "%Y-%m-%dT%H:%M:%SZ", &tm);
		}
	}

	check_level_and_timestamp(si, is_cades, opt, r, &have_ts, &ts_trusted, &judged_at);
	check_validity_at(signer, have_ts, ts_trusted, judged_at, now, r);
	if (have_dss) {
		verify_dss_revocation(signer, certs, &dss, judged_at, r);
		if (strcmp(r->level, "B-T") == 0 && sk_X509_num(dss.certs) > 0)
			snprintf(r->level, sizeof r->level, "B-LT");
	}

	/* 5. Identity. */
	if (opt && opt->ca_path) {
		if (!(store = X509_STORE_new()) || !X509_STORE_load_file(store, opt->ca_path)) {
			verify_note(r, 0, "cannot read the CA certificate file '%s'", opt->ca_path);
			ERR_clear_error();
		} else if ((ctx = X509_STORE_CTX_new()) && X509_STORE_CTX_init(ctx, store, signer, certs)) {
			/* At the time-stamp's time when there is one (a report stays
			 * verifiable after the certificate expires), else now: the
			 * claimed /M alone proves nothing. */
			X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), judged_at);
			if (X509_verify_cert(ctx) == 1) {
				verify_note(r, 1, "the signer's certificate chains to the given CA (%s)", opt->ca_path);
			} else {
				verify_note(r, 0, "the signer's certificate does not chain to the given CA: %s",
				            X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
			}
			ERR_clear_error();
		}
	}
	if (opt && opt->fingerprint) {
		char want[160], got[160];
		hex_only(opt->fingerprint, want, sizeof want);
		hex_only(r->fingerprint, got, sizeof got);
		if (strcmp(want, got) == 0) {
			verify_note(r, 1, "the signer's certificate has the published fingerprint");
		} else {
			verify_note(r, 0, "the signer's certificate fingerprint differs from the published one");
		}
	}
	if (!opt || (!opt->ca_path && !opt->fingerprint)) {
		verify_note(r, 0, "the signer's identity is not established: the certificate is %s; give --ca CA.pem "
		            "or --fingerprint with the SHA-256 the CCC published",
		            r->self_signed ? "self-signed" : "issued by an unknown issuer");
	}
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	dss_found_free(&dss);
}

int verify_pdf_buffer(const unsigned char *buf, size_t len, const char *name,
                      const struct verify_options *opt, struct verify_result *r)
{
	struct pdf_doc d;
	struct ccsla_error err = {0};
	struct pdf_obj *cat, *all[VERIFY_MAX_SIGS], *sigs[VERIFY_MAX_SIGS], *dts[VERIFY_MAX_SIGS];
	size_t n_fields;
	uint32_t cat_num;
	int n = 0, n_sig = 0, n_dts = 0;

	memset(r, 0, sizeof *r);
	r->all_ok = 1;
	if (pdf_open(&d, buf, len, name, &err) != 0) {
		verify_note(r, 0, "the file's PDF structure cannot be read (%s): damaged or truncated", err.msg);
		return 1;
	}
	if (pdf_catalog(&d, &cat_num, &cat, &err) != 0) {
		verify_note(r, 0, "the file has no readable catalog: %s", err.msg);
		goto out;
	}
	n = pdf_signatures(&d, all, VERIFY_MAX_SIGS, &n_fields);
	if (n > VERIFY_MAX_SIGS)
		n = VERIFY_MAX_SIGS;
	/* One signature, then (PAdES B-LTA) document time-stamps. */
	for (int i = 0; i < n; i++) {
		if (verify_is_doc_ts(all[i]))
			dts[n_dts++] = all[i];
		else
			sigs[n_sig++] = all[i];
	}
	r->n_signatures = n_sig;
	if (n_sig == 1 && n_dts == 0)
		verify_note(r, 1, "the file carries exactly one signature");
	else if (n_sig == 1)
		verify_note(r, 1, "the file carries exactly one signature and %d document time-stamp%s", n_dts,
		            n_dts > 1 ? "s" : "");
	else
		verify_note(r, 0, "the file carries %d signatures; a report carries exactly one", n_sig);
	if (n_sig >= 1)
		check_signature(&d, sigs[0], opt, r);
	if (n_dts > 0 &&
	    verify_doc_timestamps(&d, dts, n_dts, opt && opt->tsa_ca_path ? opt->tsa_ca_path : opt ? opt->ca_path : NULL,
	                          r) == 1 &&
	    strcmp(r->level, "B-LT") == 0)
		snprintf(r->level, sizeof r->level, "B-LTA");
	pdf_embedded_names(&d, r->attachments, sizeof r->attachments, NULL);
	verify_no_controls(r->attachments);
	if (!opt || !opt->skip_attachments)
		check_attachments(&d, r);
out:
	pdf_close(&d);
	return r->all_ok ? 0 : 1;
}

int verify_pdf_file(const char *path, const struct verify_options *opt, struct verify_result *r,
                    struct ccsla_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(r, 0, sizeof *r);
	if (read_file(path, &buf, &len, err) != 0)
		return -1;
	rc = verify_pdf_buffer((unsigned char *)buf, len, path, opt, r);
	free(buf);
	return rc;
}
