/* dss.c -- the document security store update (dss.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "dss.h"
#include "pdfparse.h"
#include "pdfwrite.h"

#define DSS_MAX_SIGS 8

/* Adds x to certs unless an equal certificate is there already. */
static int add_cert(STACK_OF(X509) *certs, X509 *x)
{
	for (int i = 0; i < sk_X509_num(certs); i++)
		if (X509_cmp(sk_X509_value(certs, i), x) == 0)
			return 0;
	if (!X509_up_ref(x))
		return -1;
	if (!sk_X509_push(certs, x)) {
		X509_free(x);
		return -1;
	}
	return 0;
}

static int add_cms_certs(STACK_OF(X509) *certs, CMS_ContentInfo *cms)
{
	STACK_OF(X509) *in = CMS_get1_certs(cms);
	int rc = 0;

	for (int i = 0; in && i < sk_X509_num(in) && rc == 0; i++)
		rc = add_cert(certs, sk_X509_value(in, i));
	sk_X509_pop_free(in, X509_free);
	return rc;
}

/* The certificates of one signature value: its CMS, and the time-stamp
 * tokens among its signers' unsigned attributes (or itself, for a
 * document time-stamp: then the CMS is the token). */
static int collect_certs(STACK_OF(X509) *certs, const struct pdf_obj *contents)
{
	const unsigned char *p = (const unsigned char *)contents->u.str.s;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)contents->u.str.len);
	STACK_OF(CMS_SignerInfo) *sis;
	int rc = 0;

	if (!cms) {
		ERR_clear_error();
		return 0;   /* not ours to judge here: verify says what is wrong */
	}
	rc = add_cms_certs(certs, cms);
	sis = CMS_get0_SignerInfos(cms);
	for (int i = 0; rc == 0 && i < sk_CMS_SignerInfo_num(sis); i++) {
		CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, i);
		int idx = -1;
		while ((idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, idx)) >= 0) {
			X509_ATTRIBUTE *at = CMS_unsigned_get_attr(si, idx);
			ASN1_TYPE *t = X509_ATTRIBUTE_count(at) == 1 ? X509_ATTRIBUTE_get0_type(at, 0) : NULL;
			if (t && t->type == V_ASN1_SEQUENCE) {
				const unsigned char *q = ASN1_STRING_get0_data(t->value.sequence);
				CMS_ContentInfo *tok = d2i_CMS_ContentInfo(NULL, &q, ASN1_STRING_length(t->value.sequence));
				if (tok)
					rc = add_cms_certs(certs, tok);
				CMS_ContentInfo_free(tok);
			}
		}
	}
	ERR_clear_error();
	CMS_ContentInfo_free(cms);
	return rc;
}

/* Removes from certs those the previous store already holds. */
static void drop_stored(struct pdf_doc *d, struct pdf_obj *old_dss, STACK_OF(X509) *certs)
{
	struct pdf_obj *arr = old_dss ? pdf_dict_getr(d, old_dss, "Certs", NULL) : NULL;

	for (size_t i = 0; arr && arr->type == PDF_ARRAY && i < arr->u.array.n; i++) {
		struct pdf_obj *st = pdf_resolve(d, arr->u.array.items[i], NULL);
		unsigned char *der = NULL;
		const unsigned char *p;
		size_t len = 0;
		X509 *x;
		if (!st || st->type != PDF_STREAM || pdf_stream_decode(d, st, 1u << 20, &der, &len, NULL) != 0) {
			free(der);
			continue;
		}
		p = der;
		if ((x = d2i_X509(NULL, &p, (long)len))) {
			for (int k = sk_X509_num(certs) - 1; k >= 0; k--)
				if (X509_cmp(sk_X509_value(certs, k), x) == 0)
					X509_free(sk_X509_delete(certs, k));
			X509_free(x);
		}
		free(der);
	}
	ERR_clear_error();
}

static void put_stream(struct sbuf *b, const unsigned char *der, int len)
{
	sb_printf(b, "<< /Length %d >>\nstream\n", len);
	sb_put(b, der, (size_t)len);
	SB_LIT(b, "\nendstream\nendobj\n");
}

/* [old items of the previous store's key, then first..first+n-1]. */
static void put_refs_after(struct sbuf *b, struct pdf_doc *d, struct pdf_obj *old_dss, const char *key,
                           uint32_t first, int n)
{
	struct pdf_obj *old = old_dss ? pdf_dict_getr(d, old_dss, key, NULL) : NULL;
	int any = 0;

	SB_LIT(b, "[");
	for (size_t i = 0; old && old->type == PDF_ARRAY && i < old->u.array.n; i++) {
		if (old->u.array.items[i]->type != PDF_REF)
			continue;
		sb_printf(b, "%s", any++ ? " " : "");
		put_obj(b, old->u.array.items[i], 0);
	}
	for (int i = 0; i < n; i++)
		sb_printf(b, "%s%u 0 R", any++ ? " " : "", first + (uint32_t)i);
	SB_LIT(b, "]");
}

static void put_refs(struct sbuf *b, uint32_t first, int n)
{
	put_refs_after(b, NULL, NULL, NULL, first, n);
}

int dss_append(const unsigned char *in, size_t in_len, const char *name, STACK_OF(X509) *extra_certs,
               STACK_OF(X509_CRL) *crls, unsigned char **out, size_t *out_len, struct ccsla_error *err)
{
	static const char *const skip_catalog[] = { "DSS", NULL };
	struct pdf_doc d;
	struct pdf_obj *cat, *sigs[DSS_MAX_SIGS], *size_o, *old_dss;
	STACK_OF(X509) *certs = sk_X509_new_null();
	struct new_obj *objs = NULL;
	struct sbuf b = {0};
	uint32_t cat_num, size, first_cert, first_crl, n_vri, n_dss, n_xref = 0;
	size_t n_fields;
	int n_sigs, n_certs, n_crls = crls ? sk_X509_CRL_num(crls) : 0, nobj = 0, ret = -1;

	*out = NULL;
	*out_len = 0;
	if (!certs)
		return ccsla_error_set(err, name, 0, NULL, "out of memory");
	if (pdf_open(&d, in, in_len, name, err) != 0) {
		sk_X509_free(certs);
		return -1;
	}
	if (pdf_catalog(&d, &cat_num, &cat, err) != 0)
		goto out;
	old_dss = pdf_dict_getr(&d, cat, "DSS", NULL);
	if (old_dss && old_dss->type != PDF_DICT)
		old_dss = NULL;
	n_sigs = pdf_signatures(&d, sigs, DSS_MAX_SIGS, &n_fields);
	if (n_sigs < 1) {
		ccsla_error_set(err, name, 0, NULL, "the file carries no signature to add validation data for");
		goto out;
	}
	if (n_sigs > DSS_MAX_SIGS)
		n_sigs = DSS_MAX_SIGS;
	for (int i = 0; i < n_sigs; i++) {
		struct pdf_obj *c = pdf_dict_get(sigs[i], "Contents");
		if (!c || c->type != PDF_STRING) {
			ccsla_error_set(err, name, 0, NULL, "signature %d has no /Contents string", i + 1);
			goto out;
		}
		if (collect_certs(certs, c) != 0)
			goto oom;
	}
	for (int i = 0; extra_certs && i < sk_X509_num(extra_certs); i++)
		if (add_cert(certs, sk_X509_value(extra_certs, i)) != 0)
			goto oom;
	drop_stored(&d, old_dss, certs);
	n_certs = sk_X509_num(certs);
	size_o = pdf_dict_get(d.trailer, "Size");
	if (!size_o || size_o->type != PDF_INT || size_o->u.integer < 1 || size_o->u.integer > (1 << 23) - 64 - n_certs - n_crls) {
		ccsla_error_set(err, name, 0, NULL, "trailer /Size is missing or out of range");
		goto out;
	}
	size = (uint32_t)size_o->u.integer;
	if (size < d.nxref)
		size = d.nxref;
	first_cert = size;
	first_crl = first_cert + (uint32_t)n_certs;
	n_vri = first_crl + (uint32_t)n_crls;
	n_dss = n_vri + 1;
	size = n_dss + 1;
	if (d.newest_is_stream)
		n_xref = size++;
	if (!(objs = calloc((size_t)(n_certs + n_crls + 4), sizeof *objs)))
		goto oom;

	sb_put(&b, in, in_len);
	if (in_len && in[in_len - 1] != '\n' && in[in_len - 1] != '\r')
		SB_LIT(&b, "\n");
	for (int i = 0; i < n_certs; i++) {
		unsigned char *der = NULL;
		int len = i2d_X509(sk_X509_value(certs, i), &der);
		if (len <= 0)
			goto oom;
		begin_obj(&b, &d, objs, &nobj, first_cert + (uint32_t)i);
		put_stream(&b, der, len);
		OPENSSL_free(der);
	}
	for (int i = 0; i < n_crls; i++) {
		unsigned char *der = NULL;
		int len = i2d_X509_CRL(sk_X509_CRL_value(crls, i), &der);
		if (len <= 0)
			goto oom;
		begin_obj(&b, &d, objs, &nobj, first_crl + (uint32_t)i);
		put_stream(&b, der, len);
		OPENSSL_free(der);
	}
	/* /VRI: per signature, the SHA-1 of its /Contents bytes (5.4.2.2). */
	begin_obj(&b, &d, objs, &nobj, n_vri);
	SB_LIT(&b, "<<");
	for (int i = 0; i < n_sigs; i++) {
		struct pdf_obj *c = pdf_dict_get(sigs[i], "Contents");
		unsigned char md[20];
		char key[41];
		EVP_Digest(c->u.str.s, c->u.str.len, md, NULL, EVP_sha1(), NULL);
		for (int k = 0; k < 20; k++)
			snprintf(key + 2 * k, 3, "%02X", md[k]);
		sb_printf(&b, " /%s << /Cert ", key);
		put_refs(&b, first_cert, n_certs);
		if (n_crls) {
			SB_LIT(&b, " /CRL ");
			put_refs(&b, first_crl, n_crls);
		}
		SB_LIT(&b, " >>");
	}
	SB_LIT(&b, " >>\nendobj\n");
	/* A store there already (an archive renewal): its items stay. */
	begin_obj(&b, &d, objs, &nobj, n_dss);
	SB_LIT(&b, "<< /Certs ");
	put_refs_after(&b, &d, old_dss, "Certs", first_cert, n_certs);
	if (n_crls || (old_dss && pdf_dict_get(old_dss, "CRLs"))) {
		SB_LIT(&b, " /CRLs ");
		put_refs_after(&b, &d, old_dss, "CRLs", first_crl, n_crls);
	}
	if (old_dss && pdf_dict_get(old_dss, "OCSPs")) {
		SB_LIT(&b, " /OCSPs ");
		put_refs_after(&b, &d, old_dss, "OCSPs", 0, 0);
	}
	sb_printf(&b, " /VRI %u 0 R >>\nendobj\n", n_vri);
	begin_obj(&b, &d, objs, &nobj, cat_num);
	SB_LIT(&b, "<<");
	if (put_dict_entries_except(&b, cat, skip_catalog) != 0) {
		ccsla_error_set(err, name, 0, NULL, "the catalog nests objects too deeply to copy");
		goto out;
	}
	sb_printf(&b, " /DSS %u 0 R >>\nendobj\n", n_dss);
	if (n_xref)
		objs[nobj++] = (struct new_obj){ n_xref, 0, 0 };
	put_xref(&b, &d, objs, nobj, size, cat_num, n_xref != 0, n_xref);
	if (b.oom)
		goto oom;
	*out = b.p;
	*out_len = b.len;
	b.p = NULL;
	ret = 0;
	goto out;
oom:
	ccsla_error_set(err, name, 0, NULL, "out of memory");
out:
	free(b.p);
	free(objs);
	sk_X509_pop_free(certs, X509_free);
	pdf_close(&d);
	return ret;
}

int dss_read_crls(const char *path, STACK_OF(X509_CRL) **out, struct ccsla_error *err)
{
	BIO *bio = BIO_new_file(path, "rb");
	X509_CRL *c;

	*out = NULL;
	if (!bio)
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	if (!(*out = sk_X509_CRL_new_null())) {
		BIO_free(bio);
		return ccsla_error_set(err, path, 0, NULL, "out of memory");
	}
	while ((c = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL)))
		if (!sk_X509_CRL_push(*out, c))
			X509_CRL_free(c);
	ERR_clear_error();
	if (sk_X509_CRL_num(*out) == 0) {
		/* one DER CRL */
		BIO_reset(bio);
		if ((c = d2i_X509_CRL_bio(bio, NULL)) && !sk_X509_CRL_push(*out, c))
			X509_CRL_free(c);
		ERR_clear_error();
	}
	BIO_free(bio);
	if (sk_X509_CRL_num(*out) == 0) {
		sk_X509_CRL_free(*out);
		*out = NULL;
		return ccsla_error_set(err, path, 0, NULL, "no CRL found (PEM or DER)");
	}
	return 0;
}
