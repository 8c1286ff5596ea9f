/* verify_dss.c -- the B-LT update after a signature (verify_dss.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "pdfwrite.h"
#include "verify_dss.h"

#define MAX_DSS_ITEMS 256
#define MAX_DSS_ITEM (1u << 20)

/* Equal direct values, compared by their written form. */
static int same_value(const struct pdf_obj *a, const struct pdf_obj *b)
{
	struct sbuf x = {0}, y = {0};
	int eq = put_obj(&x, a, 0) == 0 && put_obj(&y, b, 0) == 0 && !x.oom && !y.oom && x.len == y.len &&
	         memcmp(x.p, y.p, x.len) == 0;

	free(x.p);
	free(y.p);
	return eq;
}

/* A number the update defines that the signed revision did not. */
static int only_new(const struct pdf_doc *old, const struct pdf_doc *d, uint32_t num)
{
	return num < d->nxref && d->xref[num].type != 0 && (num >= old->nxref || old->xref[num].type == 0);
}

/* 1 when o (an object of the old revision) refers to a number only the
 * update defines; *which gets it. */
static int refers_to_new(const struct pdf_obj *o, const struct pdf_doc *old, const struct pdf_doc *d, int depth,
                         uint32_t *which)
{
	if (!o || depth > 64)
		return 0;
	switch (o->type) {
	case PDF_REF:
		if (only_new(old, d, o->u.ref.num)) {
			*which = o->u.ref.num;
			return 1;
		}
		return 0;
	case PDF_ARRAY:
		for (size_t i = 0; i < o->u.array.n; i++)
			if (refers_to_new(o->u.array.items[i], old, d, depth + 1, which))
				return 1;
		return 0;
	case PDF_DICT:
		for (size_t i = 0; i < o->u.dict.n; i++)
			if (refers_to_new(o->u.dict.vals[i], old, d, depth + 1, which))
				return 1;
		return 0;
	case PDF_STREAM:
		return refers_to_new(o->u.stream.dict, old, d, depth + 1, which);
	default:
		return 0;
	}
}

/* A PAdES document time-stamp's widget: an invisible signature field
 * whose value is a /DocTimeStamp dictionary. */
static int is_doc_ts_widget(struct pdf_doc *d, struct pdf_obj *ref)
{
	struct ccsla_error err = {0};
	struct pdf_obj *w = pdf_resolve(d, ref, &err), *rect, *v;

	if (!w || w->type != PDF_DICT || !pdf_is_name(pdf_dict_get(w, "Subtype"), "Widget") ||
	    !pdf_is_name(pdf_dict_get(w, "FT"), "Sig") || pdf_dict_get(w, "AP"))
		return 0;
	rect = pdf_dict_getr(d, w, "Rect", &err);
	if (!rect || rect->type != PDF_ARRAY || rect->u.array.n != 4)
		return 0;
	for (int i = 0; i < 4; i++) {
		struct pdf_obj *x = rect->u.array.items[i];
		if (x->type != PDF_INT || x->u.integer != 0)
			return 0;
	}
	v = pdf_dict_getr(d, w, "V", &err);
	return v && v->type == PDF_DICT && pdf_is_name(pdf_dict_get(v, "Type"), "DocTimeStamp");
}

/* new_arr is old_arr followed only by document time-stamp widgets. */
static int extended_by_doc_ts(struct pdf_doc *d, const struct pdf_obj *old_arr, const struct pdf_obj *new_arr)
{
	if (!new_arr || new_arr->type != PDF_ARRAY || (old_arr && old_arr->type != PDF_ARRAY))
		return 0;
	if (old_arr && new_arr->u.array.n < old_arr->u.array.n)
		return 0;
	for (size_t i = 0; i < new_arr->u.array.n; i++) {
		if (old_arr && i < old_arr->u.array.n) {
			if (!same_value(old_arr->u.array.items[i], new_arr->u.array.items[i]))
				return 0;
		} else if (!is_doc_ts_widget(d, new_arr->u.array.items[i])) {
			return 0;
		}
	}
	return 1;
}

/* A changed object of the signed revision that a document time-stamp may
 * change: the AcroForm (its /Fields extended, /SigFlags), page 1 (its
 * /Annots extended) or page 1's /Annots array object. */
static int doc_ts_change(struct pdf_doc *old, struct pdf_doc *d, uint32_t n, struct pdf_obj *old_cat)
{
	struct ccsla_error err = {0};
	struct pdf_obj *a = pdf_get(old, n, &err), *b = pdf_get(d, n, &err), *acro = pdf_dict_get(old_cat, "AcroForm");
	struct pdf_obj *page = NULL, *annots;
	uint32_t page_num = 0;
	const char *key;

	if (!a || !b)
		return 0;
	pdf_first_page(old, &page_num, &page, &err);
	annots = page ? pdf_dict_get(page, "Annots") : NULL;
	if (a->type == PDF_ARRAY && annots && annots->type == PDF_REF && annots->u.ref.num == n)
		return extended_by_doc_ts(d, a, b);
	if (a->type != PDF_DICT || b->type != PDF_DICT)
		return 0;
	if (acro && acro->type == PDF_REF && acro->u.ref.num == n)
		key = "Fields";
	else if (n == page_num)
		key = "Annots";
	else
		return 0;
	for (size_t i = 0; i < b->u.dict.n; i++) {
		const char *k = b->u.dict.keys[i];
		struct pdf_obj *was = pdf_dict_get(a, k);
		if (strcmp(k, key) == 0 || (strcmp(key, "Fields") == 0 && strcmp(k, "SigFlags") == 0))
			continue;
		if (!was || !same_value(was, b->u.dict.vals[i]))
			return 0;
	}
	for (size_t i = 0; i < a->u.dict.n; i++)
		if (!pdf_dict_get(b, a->u.dict.keys[i]))
			return 0;
	{
		struct pdf_obj *oa = pdf_dict_getr(old, a, key, &err), *na = pdf_dict_getr(d, b, key, &err);
		return extended_by_doc_ts(d, oa, na);
	}
}

/* The DER bytes of the streams in array key of the DSS. */
static int read_items(struct pdf_doc *d, struct pdf_obj *dss, const char *key, int kind, struct dss_found *f,
                      char *why, size_t why_size)
{
	struct ccsla_error err = {0};
	struct pdf_obj *arr = pdf_dict_getr(d, dss, key, &err);

	if (!arr)
		return err.msg[0] ? (snprintf(why, why_size, "/DSS /%s cannot be read: %s", key, err.msg), -1) : 0;
	if (arr->type != PDF_ARRAY || arr->u.array.n > MAX_DSS_ITEMS) {
		snprintf(why, why_size, "/DSS /%s is not an array of at most %d streams", key, MAX_DSS_ITEMS);
		return -1;
	}
	for (size_t i = 0; i < arr->u.array.n; i++) {
		struct pdf_obj *s = pdf_resolve(d, arr->u.array.items[i], &err);
		unsigned char *der = NULL;
		const unsigned char *p;
		size_t len = 0;
		if (!s || s->type != PDF_STREAM || pdf_stream_decode(d, s, MAX_DSS_ITEM, &der, &len, &err) != 0) {
			snprintf(why, why_size, "/DSS /%s item %zu is not a readable stream", key, i + 1);
			free(der);
			return -1;
		}
		p = der;
		if (kind == 0) {
			X509 *x = d2i_X509(NULL, &p, (long)len);
			if (!x || !sk_X509_push(f->certs, x)) {
				X509_free(x);
				snprintf(why, why_size, "/DSS /Certs item %zu is not a DER certificate", i + 1);
				free(der);
				return -1;
			}
		} else if (kind == 1) {
			X509_CRL *c = d2i_X509_CRL(NULL, &p, (long)len);
			if (!c || !sk_X509_CRL_push(f->crls, c)) {
				X509_CRL_free(c);
				snprintf(why, why_size, "/DSS /CRLs item %zu is not a DER CRL", i + 1);
				free(der);
				return -1;
			}
		} else {
			f->n_ocsps++;
		}
		free(der);
	}
	return 0;
}

int verify_dss_update(struct pdf_doc *d, size_t signed_end, struct dss_found *f, char *why, size_t why_size)
{
	struct pdf_doc old;
	struct ccsla_error err = {0};
	struct pdf_obj *old_cat, *new_cat, *dss;
	uint32_t old_num, new_num, which = 0;
	int ret = -1;

	memset(f, 0, sizeof *f);
	if (pdf_open(&old, d->buf, signed_end, d->name, &err) != 0) {
		snprintf(why, why_size, "the signed revision cannot be read on its own: %s", err.msg);
		return -1;
	}
	if (pdf_catalog(&old, &old_num, &old_cat, &err) != 0 || pdf_catalog(d, &new_num, &new_cat, &err) != 0) {
		snprintf(why, why_size, "a catalog cannot be read: %s", err.msg);
		goto out;
	}
	if (old_num != new_num) {
		snprintf(why, why_size, "the later update replaces the catalog with another object");
		goto out;
	}
	if (pdf_dict_get(d->trailer, "Encrypt") ||
	    !same_value(pdf_dict_get(old.trailer, "Info") ? pdf_dict_get(old.trailer, "Info") : old_cat,
	                pdf_dict_get(d->trailer, "Info") ? pdf_dict_get(d->trailer, "Info") : old_cat)) {
		snprintf(why, why_size, "the later update changes the trailer (/Info or /Encrypt)");
		goto out;
	}
	for (uint32_t n = 1; n < old.nxref; n++) {
		const struct pdf_xref_entry *a = &old.xref[n];
		if (a->type == 0 || n == old_num)
			continue;
		if (n >= d->nxref || d->xref[n].type != a->type || d->xref[n].gen != a->gen || d->xref[n].where != a->where) {
			if (n < d->nxref && d->xref[n].type != 0 && doc_ts_change(&old, d, n, old_cat))
				continue;
			snprintf(why, why_size, "the later update changes object %u of the signed revision", n);
			goto out;
		}
	}
	/* The catalog: the same entries, plus /DSS. */
	for (size_t i = 0; i < new_cat->u.dict.n; i++) {
		const char *k = new_cat->u.dict.keys[i];
		struct pdf_obj *was = pdf_dict_get(old_cat, k);
		if (strcmp(k, "DSS") == 0)
			continue;
		if (!was || !same_value(was, new_cat->u.dict.vals[i])) {
			snprintf(why, why_size, "the later update %s the catalog's /%s", was ? "changes" : "adds", k);
			goto out;
		}
	}
	for (size_t i = 0; i < old_cat->u.dict.n; i++) {
		if (!pdf_dict_get(new_cat, old_cat->u.dict.keys[i])) {
			snprintf(why, why_size, "the later update removes the catalog's /%s", old_cat->u.dict.keys[i]);
			goto out;
		}
	}
	/* No old object may point at what only the update defines. */
	for (uint32_t n = 1; n < old.nxref; n++) {
		struct pdf_obj *o;
		if (old.xref[n].type == 0)
			continue;
		if (!(o = pdf_get(&old, n, &err))) {
			snprintf(why, why_size, "object %u of the signed revision cannot be read: %s", n, err.msg);
			goto out;
		}
		if (refers_to_new(o, &old, d, 0, &which)) {
			snprintf(why, why_size, "object %u of the signed revision refers to object %u, which only the "
			         "later update defines", n, which);
			goto out;
		}
	}
	if (refers_to_new(old.trailer, &old, d, 0, &which)) {
		snprintf(why, why_size, "the signed revision's trailer refers to object %u, which only the later "
		         "update defines", which);
		goto out;
	}
	dss = pdf_dict_getr(d, new_cat, "DSS", &err);
	if (!dss || dss->type != PDF_DICT) {
		snprintf(why, why_size, "the later update adds no /DSS dictionary (or a damaged one)");
		goto out;
	}
	if (!(f->certs = sk_X509_new_null()) || !(f->crls = sk_X509_CRL_new_null())) {
		snprintf(why, why_size, "out of memory");
		goto out;
	}
	if (read_items(d, dss, "Certs", 0, f, why, why_size) != 0 || read_items(d, dss, "CRLs", 1, f, why, why_size) != 0 ||
	    read_items(d, dss, "OCSPs", 2, f, why, why_size) != 0)
		goto out;
	ret = 0;
out:
	ERR_clear_error();
	pdf_close(&old);
	if (ret != 0)
		dss_found_free(f);
	return ret;
}

void dss_found_free(struct dss_found *f)
{
	sk_X509_pop_free(f->certs, X509_free);
	sk_X509_CRL_pop_free(f->crls, X509_CRL_free);
	f->certs = NULL;
	f->crls = NULL;
}

static X509 *find_issuer(X509 *x, STACK_OF(X509) *a, STACK_OF(X509) *b)
{
	STACK_OF(X509) *lists[2] = { a, b };

	for (int l = 0; l < 2; l++)
		for (int i = 0; lists[l] && i < sk_X509_num(lists[l]); i++) {
			X509 *c = sk_X509_value(lists[l], i);
			if (X509_NAME_cmp(X509_get_subject_name(c), X509_get_issuer_name(x)) == 0 &&
			    X509_verify(x, X509_get0_pubkey(c)) == 1)
				return c;
		}
	ERR_clear_error();
	return NULL;
}

void verify_dss_revocation(X509 *signer, STACK_OF(X509) *chain, const struct dss_found *f, time_t at,
                           struct verify_result *r)
{
	X509 *issuer = find_issuer(signer, chain, f->certs);
	int checked = 0;

	if (!f->crls || sk_X509_CRL_num(f->crls) == 0)
		return;
	for (int i = 0; i < sk_X509_CRL_num(f->crls); i++) {
		X509_CRL *c = sk_X509_CRL_value(f->crls, i);
		X509_REVOKED *rev = NULL;
		struct tm tm;
		char when[32] = "?", upd[32] = "?";

		if (X509_NAME_cmp(X509_CRL_get_issuer(c), X509_get_issuer_name(signer)) != 0)
			continue;
		if (!issuer || X509_CRL_verify(c, X509_get0_pubkey(issuer)) != 1) {
			verify_note(r, 0, "the stored CRL of the signer's issuer is not signed by that issuer");
			ERR_clear_error();
			return;
		}
		checked = 1;
		if (ASN1_TIME_to_tm(X509_CRL_get0_lastUpdate(c), &tm))
			strftime(upd, sizeof upd, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (X509_CRL_get0_by_cert(c, &rev, signer) == 1 && rev) {
			const ASN1_TIME *rt = X509_REVOKED_get0_revocationDate(rev);
			int before = X509_cmp_time(rt, &at) <= 0;
			if (ASN1_TIME_to_tm(rt, &tm))
				strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
			if (before)
				verify_note(r, 0, "the signer's certificate was revoked on %s, before the signature's time "
				            "(stored CRL of %s)", when, upd);
			else
				verify_note(r, 1, "the signer's certificate was revoked on %s, after the signature's time-stamp: "
				            "the signature stands (stored CRL of %s)", when, upd);
			ERR_clear_error();
			return;
		}
		verify_note(r, 1, "the signer's certificate is not revoked according to the stored CRL of %s "
		            "(the report validates offline)", upd);
		break;
	}
	if (!checked)
		verify_note(r, 0, "the document security store holds no CRL of the signer's issuer");
	ERR_clear_error();
}
