/* test_sign.c -- signing: keys, passphrases, determinism, the update's shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "core/fsutil.h"
#include "reports/sign/pdfparse.h"
#include "reports/sign/sign.h"
#include "reports/sign/verify.h"
#include "sign_fixture.h"

static const struct verify_options with_ca = { KEYS "test-ca.pem", NULL, 0, NULL };

static int load(const struct signer_config *cfg, struct signer **s, struct ccsla_error *err)
{
	*s = NULL;
	memset(err, 0, sizeof *err);
	return signer_load(s, cfg, err);
}

/* A copy of a key file with the given mode, in a fresh temporary directory. */
static void copy_with_mode(const char *from, char *to, size_t size, mode_t mode)
{
	char dir[] = "/tmp/ccsla-key-XXXXXX", *data;
	size_t len;
	struct ccsla_error err;
	const char *base = strrchr(from, '/') + 1;

	assert_non_null(mkdtemp(dir));
	snprintf(to, size, "%s/%s", dir, base);
	assert_int_equal(read_file(from, &data, &len, &err), 0);
	assert_int_equal(atomic_write(to, data, len, &err), 0);
	assert_int_equal(chmod(to, mode), 0);
	free(data);
}

static void remove_copy(const char *path)
{
	char dir[4096];

	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	unlink(path);
	rmdir(dir);
}

static void a_key_file_readable_by_others_is_refused(void **state)
{
	char key[4096];
	struct signer_config cfg = fixture_leaf_config;
	struct signer *s;
	struct ccsla_error err;

	(void)state;
	copy_with_mode(KEYS "test-leaf.key", key, sizeof key, 0644);
	cfg.key_path = key;
	cfg.allow_insecure_key = 0;
	assert_int_equal(load(&cfg, &s, &err), -1);
	assert_non_null(strstr(err.msg, "accessible by group or others (mode 0644)"));
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_int_equal(chmod(key, 0600), 0);
	assert_int_equal(load(&cfg, &s, &err), 0);
	signer_free(s);
	assert_int_equal(chmod(key, 0640), 0);
	cfg.allow_insecure_key = 1;
	assert_int_equal(load(&cfg, &s, &err), 0);
	signer_free(s);
	remove_copy(key);
}

static void an_encrypted_key_needs_its_passphrase(void **state)
{
	struct signer_config cfg = fixture_leaf_config;
	struct signer *s;
	struct ccsla_error err;

	(void)state;
	cfg.key_path = KEYS "test-leaf-enc.key";
	assert_int_equal(load(&cfg, &s, &err), -1);
	assert_non_null(strstr(err.msg, "--pass-env"));
	cfg.passphrase = "wrong horse";
	assert_int_equal(load(&cfg, &s, &err), -1);
	assert_non_null(strstr(err.msg, "wrong passphrase"));
	cfg.passphrase = "correct horse TEST ONLY";
	assert_int_equal(load(&cfg, &s, &err), 0);
	assert_string_equal(signer_name(s), "Northwind Contact Services TEST ONLY");
	assert_int_equal(strlen(signer_fingerprint(s)), 95);
	signer_free(s);
}

/* The test certificates are valid 2026-01-01T00:00:00Z .. 2046-12-31T00:00:00Z
 * (make-test-keys.sh): the nightly run warns and holds finals from these. */
static void the_certificate_validity_is_read_in_unix_seconds(void **state)
{
	struct signer_config cfg = fixture_leaf_config;
	struct signer *s;
	struct ccsla_error err;
	int64_t from = 0, until = 0;

	(void)state;
	assert_int_equal(load(&cfg, &s, &err), 0);
	assert_int_equal(signer_validity(s, &from, &until), 0);
	assert_int_equal(from, INT64_C(1767225600));
	assert_int_equal(until, INT64_C(2429827200));
	signer_free(s);
}

static void a_pkcs12_file_gives_key_certificate_and_chain(void **state)
{
	struct signer_config cfg = { NULL, KEYS "test-leaf.p12", NULL, NULL, "correct horse TEST ONLY", 1, NULL };
	struct signer *s;
	struct ccsla_error err;
	size_t in_len, out_len;
	unsigned char *in = fixture_pdf(&in_len, 2, fixture_credits, fixture_metrics), *out = NULL;
	struct verify_result r;

	(void)state;
	assert_int_equal(load(&cfg, &s, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, in, in_len, "in.pdf", &out, &out_len, &err), 0);
	assert_int_equal(verify_pdf_buffer(out, out_len, "out.pdf", &with_ca, &r), 0);
	signer_free(s);
	cfg.passphrase = NULL;
	assert_int_equal(load(&cfg, &s, &err), -1);
	assert_non_null(strstr(err.msg, "passphrase"));
	free(in);
	free(out);
}

static void a_certificate_of_another_key_is_refused(void **state)
{
	struct signer_config cfg = fixture_leaf_config;
	struct signer *s;
	struct ccsla_error err;

	(void)state;
	cfg.cert_path = KEYS "test-self.pem";
	assert_int_equal(load(&cfg, &s, &err), -2);   /* the certificate is the problem, not a file */
	assert_non_null(strstr(err.msg, "does not belong to the private key"));
	cfg.cert_path = NULL;
	assert_int_equal(load(&cfg, &s, &err), -1);
}

/* PAdES B-B (ETSI EN 319 142-1 5.2): /SubFilter /ETSI.CAdES.detached, the
 * ESS signing-certificate-v2 attribute naming the signer certificate, no
 * CMS signing time (the time is /M), and a signature valid over what is
 * left of the signed attributes. */
static void the_signature_is_pades_baseline_b(void **state)
{
	struct signer *s;
	struct ccsla_error err;
	size_t in_len, out_len, at, end;
	unsigned char *in = fixture_pdf(&in_len, 1, fixture_credits, fixture_metrics), *out, *der;
	const unsigned char *p;
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	STACK_OF(X509) *certs;
	X509 *leaf = NULL;
	ASN1_STRING *scv2;
	unsigned char leaf_md[32];
	size_t n;

	(void)state;
	assert_int_equal(load(&fixture_leaf_config, &s, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, in, in_len, "in.pdf", &out, &out_len, &err), 0);
	assert_true(fixture_find(out, out_len, "/SubFilter /ETSI.CAdES.detached", in_len) < out_len);
	assert_true(fixture_find(out, out_len, "/M (D:20261101000000Z)", in_len) < out_len);
	at = fixture_find(out, out_len, "/Contents <", in_len) + 11;
	end = fixture_find(out, out_len, ">", at);
	assert_true(end < out_len);
	der = malloc((end - at) / 2);
	for (n = 0; at + 2 * n + 1 < end; n++) {
		unsigned v;
		assert_int_equal(sscanf((const char *)out + at + 2 * n, "%2x", &v), 1);
		der[n] = (unsigned char)v;
	}
	p = der;
	assert_non_null(cms = d2i_CMS_ContentInfo(NULL, &p, (long)n));
	si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	assert_int_equal(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1), -1);
	assert_true(CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1) >= 0);
	assert_true(CMS_signed_get_attr_by_NID(si, NID_pkcs9_messageDigest, -1) >= 0);
	scv2 = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3,
	                                   V_ASN1_SEQUENCE);
	assert_non_null(scv2);
	/* SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, with
	 * SHA-256 as the default: the leaf's hash is in it. */
	certs = CMS_get1_certs(cms);
	for (int i = 0; i < sk_X509_num(certs); i++)
		if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
			leaf = sk_X509_value(certs, i);
	assert_non_null(leaf);
	X509_digest(leaf, EVP_sha256(), leaf_md, NULL);
	{
		const unsigned char *v = ASN1_STRING_get0_data(scv2);
		int len = ASN1_STRING_length(scv2), found = 0;
		for (int i = 0; i + 32 <= len; i++)
			found |= memcmp(v + i, leaf_md, 32) == 0;
		assert_true(found);
	}
	CMS_SignerInfo_set1_signer_cert(si, leaf);
	assert_int_equal(CMS_SignerInfo_verify(si), 1);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	free(der);
	signer_free(s);
	free(in);
	free(out);
}

static void signing_twice_with_an_rsa_key_and_the_same_time_gives_the_same_bytes(void **state)
{
	struct signer *s;
	struct ccsla_error err;
	struct sign_options later = fixture_options;
	size_t in_len, a_len, b_len, c_len;
	unsigned char *in = fixture_pdf(&in_len, 3, fixture_credits, fixture_metrics), *a, *b, *c;

	(void)state;
	assert_int_equal(load(&fixture_leaf_config, &s, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, in, in_len, "in.pdf", &a, &a_len, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, in, in_len, "in.pdf", &b, &b_len, &err), 0);
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	later.signing_time_s += 1;
	assert_int_equal(sign_pdf_buffer(s, &later, in, in_len, "in.pdf", &c, &c_len, &err), 0);
	assert_true(c_len != a_len || memcmp(a, c, a_len) != 0);
	/* The original bytes come first, unchanged: an incremental update. */
	assert_memory_equal(a, in, in_len);
	signer_free(s);
	free(in);
	free(a);
	free(b);
	free(c);
}

static void a_certificate_not_valid_at_the_signing_time_is_not_used(void **state)
{
	struct signer *s;
	struct ccsla_error err;
	struct sign_options opt = fixture_options;
	size_t in_len, out_len;
	unsigned char *in = fixture_pdf(&in_len, 1, NULL, NULL), *out = NULL;

	(void)state;
	assert_int_equal(load(&fixture_leaf_config, &s, &err), 0);
	opt.signing_time_s = 1735689600;   /* 2025-01-01, before the test certificates */
	assert_int_equal(sign_pdf_buffer(s, &opt, in, in_len, "in.pdf", &out, &out_len, &err), -1);
	assert_non_null(strstr(err.msg, "not yet valid at the signing time 2025-01-01T00:00:00Z"));
	opt.signing_time_s = 2524608000;   /* 2050-01-01, after them */
	assert_int_equal(sign_pdf_buffer(s, &opt, in, in_len, "in.pdf", &out, &out_len, &err), -1);
	assert_non_null(strstr(err.msg, "expired"));
	assert_null(out);
	signer_free(s);
	free(in);
}

static void a_signed_file_is_not_signed_again(void **state)
{
	struct signer *s;
	struct ccsla_error err;
	size_t in_len, a_len, b_len;
	unsigned char *in = fixture_pdf(&in_len, 1, fixture_credits, fixture_metrics), *a, *b = NULL;

	(void)state;
	assert_int_equal(load(&fixture_leaf_config, &s, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, in, in_len, "in.pdf", &a, &a_len, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, a, a_len, "a.pdf", &b, &b_len, &err), -1);
	assert_non_null(strstr(err.msg, "already signed"));
	assert_null(b);
	signer_free(s);
	free(in);
	free(a);
}

static void the_update_adds_a_locked_visible_widget_on_page_one_and_sigflags_3(void **state)
{
	struct signer *s;
	struct ccsla_error err;
	struct pdf_doc d;
	size_t in_len, out_len;
	unsigned char *in = fixture_pdf(&in_len, 3, fixture_credits, fixture_metrics), *out;
	uint32_t page_num, cat_num;
	struct pdf_obj *page, *cat, *annots, *w, *acro, *rect;

	(void)state;
	assert_int_equal(load(&fixture_leaf_config, &s, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, in, in_len, "in.pdf", &out, &out_len, &err), 0);
	assert_int_equal(pdf_open(&d, out, out_len, "out.pdf", &err), 0);
	assert_int_equal(pdf_catalog(&d, &cat_num, &cat, &err), 0);
	acro = pdf_dict_getr(&d, cat, "AcroForm", &err);
	assert_non_null(acro);
	assert_int_equal(pdf_dict_get(acro, "SigFlags")->u.integer, 3);
	assert_int_equal(pdf_first_page(&d, &page_num, &page, &err), 0);
	annots = pdf_dict_getr(&d, page, "Annots", &err);
	assert_int_equal(annots->type, PDF_ARRAY);
	assert_int_equal(annots->u.array.n, 1);
	w = pdf_resolve(&d, annots->u.array.items[0], &err);
	assert_true(pdf_is_name(pdf_dict_get(w, "FT"), "Sig"));
	assert_int_equal(pdf_dict_get(w, "F")->u.integer, 132);
	rect = pdf_dict_get(w, "Rect");
	assert_int_equal(rect->u.array.items[0]->u.integer, SIGN_BOX_X1);
	assert_int_equal(rect->u.array.items[3]->u.integer, SIGN_BOX_Y2);
	assert_int_equal(pdf_dict_get(w, "P")->u.ref.num, page_num);
	/* The box is drawn as glyph outlines (no font to embed: no Tf, no
	 * /Font resource), and says who, when and why in its field's
	 * alternate name, as text a reader can extract. */
	{
		struct pdf_obj *ap = pdf_dict_getr(&d, pdf_dict_getr(&d, w, "AP", &err), "N", &err);
		struct pdf_obj *res = pdf_dict_getr(&d, ap, "Resources", &err), *tu = pdf_dict_get(w, "TU");
		unsigned char *text;
		size_t text_len;
		const char *words = "Digitally signed by Northwind Contact Services TEST ONLY; "
		                    "Date: 2026-11-01 00:00:00 UTC; Reason: Monthly service report 2026-10; Location: Berlin";
		assert_non_null(res);
		assert_null(pdf_dict_get(res, "Font"));
		assert_int_equal(pdf_stream_decode(&d, ap, 1 << 20, &text, &text_len, &err), 0);
		assert_null(strstr((char *)text, "Tf"));
		assert_null(strstr((char *)text, "BT"));
		assert_non_null(strstr((char *)text, " c\n"));
		assert_non_null(strstr((char *)text, "f Q\n"));
		assert_true(text_len > 5000); /* some 80 glyphs' outlines */
		free(text);
		assert_non_null(tu);
		assert_int_equal(tu->type, PDF_STRING);
		assert_int_equal(tu->u.str.len, strlen(words));
		assert_memory_equal(tu->u.str.s, words, strlen(words));
	}
	/* The old revision is still there: /Prev points at its xref. */
	assert_true(pdf_dict_get(d.trailer, "Prev") != NULL);
	pdf_close(&d);
	signer_free(s);
	free(in);
	free(out);
}

/* The signature widget of page 1 (the only annotation there). */
static struct pdf_obj *widget_of(struct pdf_doc *d)
{
	struct ccsla_error err;
	uint32_t page_num;
	struct pdf_obj *page, *annots;

	if (pdf_first_page(d, &page_num, &page, &err) != 0 || !(annots = pdf_dict_getr(d, page, "Annots", &err)) ||
	    annots->type != PDF_ARRAY || annots->u.array.n < 1)
		return NULL;
	return pdf_resolve(d, annots->u.array.items[0], &err);
}

static struct pdf_obj *widget_tu(struct pdf_doc *d)
{
	struct pdf_obj *w = widget_of(d);

	return w ? pdf_dict_get(w, "TU") : NULL;
}

/* 1 when the two files' signature boxes draw different paths. */
static int ap_text_differs(struct pdf_doc *a, struct pdf_doc *b)
{
	struct ccsla_error err;
	struct pdf_obj *wa = widget_of(a), *wb = widget_of(b), *apa, *apb;
	unsigned char *ta = NULL, *tb = NULL;
	size_t na = 0, nb = 0;
	int differs;

	assert_non_null(wa);
	assert_non_null(wb);
	apa = pdf_dict_getr(a, pdf_dict_getr(a, wa, "AP", &err), "N", &err);
	apb = pdf_dict_getr(b, pdf_dict_getr(b, wb, "AP", &err), "N", &err);
	assert_int_equal(pdf_stream_decode(a, apa, 1 << 20, &ta, &na, &err), 0);
	assert_int_equal(pdf_stream_decode(b, apb, 1 << 20, &tb, &nb, &err), 0);
	differs = na != nb || memcmp(ta, tb, na) != 0;
	free(ta);
	free(tb);
	return differs;
}

static void non_ascii_reason_goes_to_the_dictionary_as_utf16_and_to_the_box_as_drawn(void **state)
{
	struct signer *s;
	struct ccsla_error err;
	struct sign_options opt = fixture_options;
	struct pdf_doc d;
	size_t in_len, out_len;
	unsigned char *in = fixture_pdf(&in_len, 1, fixture_credits, fixture_metrics), *out;
	struct pdf_obj *reason;
	size_t at;

	(void)state;
	opt.reason = "Bericht Zürich";
	assert_int_equal(load(&fixture_leaf_config, &s, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &opt, in, in_len, "in.pdf", &out, &out_len, &err), 0);
	at = fixture_find(out, out_len, "/Type /Sig", in_len);
	assert_true(at != (size_t)-1);
	assert_int_equal(pdf_open(&d, out, out_len, "out.pdf", &err), 0);
	{
		/* Find the signature dictionary by its number: the first new object. */
		struct pdf_obj *size = pdf_dict_get(d.trailer, "Size");
		struct pdf_obj *sig = NULL;
		for (uint32_t n = 1; n < (uint32_t)size->u.integer && !sig; n++) {
			struct pdf_obj *o = pdf_get(&d, n, NULL);
			if (o && pdf_is_name(pdf_dict_get(o, "Type"), "Sig"))
				sig = o;
		}
		assert_non_null(sig);
		reason = pdf_dict_get(sig, "Reason");
		assert_int_equal(reason->type, PDF_STRING);
		assert_memory_equal(reason->u.str.s, "\xFE\xFF\0B", 4);
		assert_memory_equal(reason->u.str.s + 2 + 2 * 9, "\0\xFC", 2);   /* U+00FC */
	}
	{
		/* the box draws the u-umlaut: its outlines differ from a plain u's */
		struct sign_options plain = opt;
		unsigned char *out2;
		size_t out2_len;
		struct pdf_doc d2;
		struct pdf_obj *tu;

		plain.reason = "Bericht Zurich";
		assert_int_equal(sign_pdf_buffer(s, &plain, in, in_len, "in.pdf", &out2, &out2_len, &err), 0);
		assert_int_equal(pdf_open(&d2, out2, out2_len, "out2.pdf", &err), 0);
		assert_true(ap_text_differs(&d, &d2));
		pdf_close(&d2);
		free(out2);
		tu = widget_tu(&d);
		assert_non_null(tu);
		assert_memory_equal(tu->u.str.s, "\xFE\xFF\0D", 4); /* UTF-16 too */
	}
	pdf_close(&d);
	signer_free(s);
	free(in);
	free(out);
}

static void source_date_epoch_sets_the_signing_time(void **state)
{
	int64_t t;
	struct ccsla_error err;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1793491200", 1);
	assert_int_equal(sign_time_from_env(&t, &err), 0);
	assert_int_equal(t, 1793491200);
	setenv("SOURCE_DATE_EPOCH", "17934912OO", 1);
	assert_int_equal(sign_time_from_env(&t, &err), -1);
	assert_string_equal(err.field, "SOURCE_DATE_EPOCH");
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(sign_time_from_env(&t, &err), 0);
	assert_true(t > 1700000000);
}

static void a_passphrase_comes_from_the_environment_or_a_private_file(void **state)
{
	char buf[128], path[4096];
	struct ccsla_error err;

	(void)state;
	setenv("CCSLA_TEST_PASS", "s3cret", 1);
	assert_int_equal(sign_read_passphrase("CCSLA_TEST_PASS", NULL, 0, buf, sizeof buf, &err), 0);
	assert_string_equal(buf, "s3cret");
	assert_int_equal(sign_read_passphrase("CCSLA_TEST_NO_SUCH_VAR", NULL, 0, buf, sizeof buf, &err), -1);
	copy_with_mode(KEYS "test-leaf-enc.pass", path, sizeof path, 0600);
	assert_int_equal(sign_read_passphrase(NULL, path, 0, buf, sizeof buf, &err), 0);
	assert_string_equal(buf, "correct horse TEST ONLY");
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(sign_read_passphrase(NULL, path, 0, buf, sizeof buf, &err), -1);
	assert_non_null(strstr(err.msg, "chmod 600"));
	remove_copy(path);
}

/* Issue 21 finding 8: one rule (certuse.h) for what may sign a report.
 * Each certificate is made on the fly for test-self.key. */
static void a_certificate_for_other_uses_is_refused_and_one_for_documents_is_taken(void **state)
{
	static const struct { const char *ku, *eku, *says; } cases[] = {
		/* refused: -2, with what the certificate allows */
		{ "critical, keyEncipherment", NULL, "its key usage (keyEncipherment) allows neither digitalSignature nor nonRepudiation" },
		{ "critical, keyAgreement, keyCertSign", NULL, "(keyAgreement, keyCertSign)" },
		{ NULL, "serverAuth", "its extended key usage (serverAuth) does not allow signing documents" },
		{ "critical, digitalSignature", "serverAuth, clientAuth", "(serverAuth, clientAuth)" },
		{ "critical, digitalSignature", "codeSigning", "(codeSigning)" },
		{ "critical, digitalSignature", "timeStamping", "(timeStamping)" },
		/* taken */
		{ NULL, NULL, NULL },
		{ "critical, digitalSignature", NULL, NULL },
		{ "critical, nonRepudiation", NULL, NULL },
		{ "critical, digitalSignature, keyEncipherment", "emailProtection", NULL },
		{ NULL, "serverAuth, emailProtection", NULL },
		{ "digitalSignature", "1.3.6.1.5.5.7.3.36", NULL },        /* documentSigning, RFC 9336 */
		{ "digitalSignature", "anyExtendedKeyUsage", NULL },
		{ "nonRepudiation", "1.2.840.113583.1.1.5", NULL },       /* Adobe Authentic Documents Trust */
		{ "digitalSignature", "codeSigning, 1.3.6.1.4.1.311.10.3.12", NULL }, /* Microsoft document signing */
	};
	char dir[] = "/tmp/ccsla-usage-XXXXXX", cert[64];
	struct signer_config cfg = { KEYS "test-self.key", NULL, NULL, NULL, NULL, 1, NULL };
	struct signer *s;
	struct ccsla_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cert, sizeof cert, "%s/cert.pem", dir);
	cfg.cert_path = cert;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc;
		fixture_usage_cert(cases[i].ku, cases[i].eku, cert);
		rc = load(&cfg, &s, &err);
		if (cases[i].says) {
			if (rc != -2 || !strstr(err.msg, cases[i].says))
				fail_msg("case %zu (%s / %s): rc %d, '%s'", i, cases[i].ku, cases[i].eku, rc, err.msg);
			assert_non_null(strstr(err.msg, "the certificate is not for signing documents: "));
			assert_string_equal(err.file, cert);
		} else {
			if (rc != 0)
				fail_msg("case %zu (%s / %s) was refused: %s", i, cases[i].ku, cases[i].eku, err.msg);
			signer_free(s);
		}
	}
	unlink(cert);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_key_file_readable_by_others_is_refused),
		cmocka_unit_test(an_encrypted_key_needs_its_passphrase),
		cmocka_unit_test(the_certificate_validity_is_read_in_unix_seconds),
		cmocka_unit_test(a_pkcs12_file_gives_key_certificate_and_chain),
		cmocka_unit_test(a_certificate_of_another_key_is_refused),
		cmocka_unit_test(a_certificate_for_other_uses_is_refused_and_one_for_documents_is_taken),
		cmocka_unit_test(the_signature_is_pades_baseline_b),
		cmocka_unit_test(signing_twice_with_an_rsa_key_and_the_same_time_gives_the_same_bytes),
		cmocka_unit_test(a_certificate_not_valid_at_the_signing_time_is_not_used),
		cmocka_unit_test(a_signed_file_is_not_signed_again),
		cmocka_unit_test(the_update_adds_a_locked_visible_widget_on_page_one_and_sigflags_3),
		cmocka_unit_test(non_ascii_reason_goes_to_the_dictionary_as_utf16_and_to_the_box_as_drawn),
		cmocka_unit_test(source_date_epoch_sets_the_signing_time),
		cmocka_unit_test(a_passphrase_comes_from_the_environment_or_a_private_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
