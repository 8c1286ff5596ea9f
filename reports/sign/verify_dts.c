/* verify_dts.c -- document time-stamps (verify_dts.h). */
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "tstoken.h"
#include "verify_dts.h"

int verify_is_doc_ts(const struct pdf_obj *sig)
{
	return pdf_is_name(pdf_dict_get(sig, "Type"), "DocTimeStamp") ||
	       pdf_is_name(pdf_dict_get(sig, "SubFilter"), "ETSI.RFC3161");
}

static int ends_revision_at(const unsigned char *buf, size_t end)
{
	size_t e = end;

	if (e && buf[e - 1] == '\n')
		e--;
	if (e && buf[e - 1] == '\r')
		e--;
	return e >= 5 && memcmp(buf + e - 5, "%%EOF", 5) == 0;
}

/* One time-stamp; 1 when it holds, *end gets the end of its ranges. */
static int check_one(struct pdf_doc *d, struct pdf_obj *ts, X509_STORE *trust, int idx, size_t *end,
                     struct verify_result *r)
{
	struct pdf_obj *br = pdf_dict_getr(d, ts, "ByteRange", NULL), *c = pdf_dict_get(ts, "Contents");
	int64_t v[4];
	const unsigned char *p, *der;
	long len = 0;
	int tag, cls;
	struct tstoken_info info;
	char why[400];

	if (!br || br->type != PDF_ARRAY || br->u.array.n != 4 || !c || c->type != PDF_STRING || c->end == 0) {
		verify_note(r, 0, "document time-stamp %d has no /ByteRange of four numbers or no /Contents", idx);
		return 0;
	}
	for (int i = 0; i < 4; i++) {
		struct pdf_obj *x = br->u.array.items[i];
		if (x->type != PDF_INT || x->u.integer < 0 || (uint64_t)x->u.integer > d->len) {
			verify_note(r, 0, "document time-stamp %d has a /ByteRange outside the file", idx);
			return 0;
		}
		v[i] = x->u.integer;
	}
	*end = (size_t)(v[2] + v[3]);
	if (v[0] != 0 || (size_t)v[1] != c->start || (size_t)v[2] != c->end || *end > d->len ||
	    !ends_revision_at(d->buf, *end)) {
		verify_note(r, 0, "document time-stamp %d's /ByteRange does not run from byte 0 to the end of a revision "
		            "skipping exactly its /Contents", idx);
		return 0;
	}
	for (size_t i = c->start + 1; i + 1 < c->end; i++) {
		unsigned char h = d->buf[i];
		if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
			verify_note(r, 0, "document time-stamp %d's unsigned gap holds bytes other than hex digits", idx);
			return 0;
		}
	}
	/* The token, then zero padding only. */
	der = p = (const unsigned char *)c->u.str.s;
	if (ASN1_get_object(&p, &len, &tag, &cls, (long)c->u.str.len) & 0x80 ||
	    (size_t)(p - der) + (size_t)len > c->u.str.len) {
		ERR_clear_error();
		verify_note(r, 0, "document time-stamp %d's /Contents is not a DER token", idx);
		return 0;
	}
	for (size_t i = (size_t)(p - der) + (size_t)len; i < c->u.str.len; i++) {
		if (der[i]) {
			verify_note(r, 0, "document time-stamp %d: the bytes after the token are not zero padding", idx);
			return 0;
		}
	}
	if (tstoken_check2(der, (size_t)(p - der) + (size_t)len, d->buf, (size_t)v[1], d->buf + v[2], (size_t)v[3],
	                   trust, &info, why, sizeof why) != 0) {
		verify_note(r, 0, "document time-stamp %d does not hold: %s", idx, why);
		return 0;
	}
	if (!info.trusted) {
		verify_note(r, 0, "document time-stamp %d (%s by %s) is valid but its TSA is not established: give "
		            "--tsa-ca", idx, info.gen_time, info.tsa_name);
		return 0;
	}
	verify_note(r, 1, "document time-stamp %d is a valid RFC 3161 token over bytes 0..%zu (all but its own value), "
	            "made at %s by %s, which chains to the given CA", idx, *end - 1, info.gen_time, info.tsa_name);
	return 1;
}

int verify_doc_timestamps(struct pdf_doc *d, struct pdf_obj *const *dts, int n, const char *trust_path,
                          struct verify_result *r)
{
	X509_STORE *trust = NULL;
	size_t newest = 0;
	int ok = 1;

	if (trust_path && (!(trust = X509_STORE_new()) || !X509_STORE_load_file(trust, trust_path))) {
		verify_note(r, 0, "cannot read the CA certificate file '%s' for the time-stamp authority", trust_path);
		X509_STORE_free(trust);
		ERR_clear_error();
		return 0;
	}
	for (int i = 0; i < n; i++) {
		size_t end = 0;
		ok &= check_one(d, dts[i], trust, i + 1, &end, r);
		if (end > newest)
			newest = end;
	}
	if (ok && newest != d->len) {
		verify_note(r, 0, "%zu bytes after the newest document time-stamp are not covered by it", d->len - newest);
		ok = 0;
	}
	X509_STORE_free(trust);
	ERR_clear_error();
	return ok;
}
