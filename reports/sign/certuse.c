/* certuse.c -- the signing-certificate rule of sign and verify (certuse.h). */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "certuse.h"

/* Purposes that allow signing a document (certuse.h says why these). */
static const struct { const char *oid, *name; } doc_purposes[] = {
	{ "1.3.6.1.5.5.7.3.4", "emailProtection" },
	{ "1.3.6.1.5.5.7.3.36", "documentSigning" },
	{ "2.5.29.37.0", "anyExtendedKeyUsage" },
	{ "1.2.840.113583.1.1.5", "Adobe Authentic Documents Trust" },
	{ "1.3.6.1.4.1.311.10.3.12", "Microsoft document signing" },
};

static const struct { int bit; const char *name; } ku_bits[] = {
	{ 0, "digitalSignature" }, { 1, "nonRepudiation" }, { 2, "keyEncipherment" },
	{ 3, "dataEncipherment" }, { 4, "keyAgreement" }, { 5, "keyCertSign" },
	{ 6, "cRLSign" }, { 7, "encipherOnly" }, { 8, "decipherOnly" },
};

static void add(char *buf, size_t size, size_t *o, const char *sep, const char *word)
{
	if (*o < size)
		*o += (size_t)snprintf(buf + *o, size - *o, "%s%s", *o ? sep : "", word);
}

/* The purpose's name: ours, OpenSSL's short name, or the dotted OID. */
static const char *purpose_name(const ASN1_OBJECT *obj, char *buf, size_t size)
{
	int nid;

	OBJ_obj2txt(buf, (int)size, obj, 1);
	for (size_t i = 0; i < sizeof doc_purposes / sizeof doc_purposes[0]; i++)
		if (strcmp(buf, doc_purposes[i].oid) == 0)
			return doc_purposes[i].name;
	if ((nid = OBJ_obj2nid(obj)) != NID_undef && OBJ_nid2sn(nid))
		return OBJ_nid2sn(nid);
	return buf;
}

static int is_doc_purpose(const ASN1_OBJECT *obj)
{
	char oid[96];

	OBJ_obj2txt(oid, sizeof oid, obj, 1);
	for (size_t i = 0; i < sizeof doc_purposes / sizeof doc_purposes[0]; i++)
		if (strcmp(oid, doc_purposes[i].oid) == 0)
			return 1;
	return 0;
}

/* Reads both extensions. 0 with *ku / *eku NULL when absent; -1 with why
 * when one cannot be decoded or appears twice. */
static int read_usage(X509 *cert, ASN1_BIT_STRING **ku, EXTENDED_KEY_USAGE **eku, char *why, size_t size)
{
	int crit = -1;

	*ku = X509_get_ext_d2i(cert, NID_key_usage, &crit, NULL);
	if (!*ku && crit != -1) {
		snprintf(why, size, "its key usage extension %s", crit == -2 ? "appears twice" : "cannot be decoded");
		ERR_clear_error();
		return -1;
	}
	crit = -1;
	*eku = X509_get_ext_d2i(cert, NID_ext_key_usage, &crit, NULL);
	if (!*eku && crit != -1) {
		snprintf(why, size, "its extended key usage extension %s",
		         crit == -2 ? "appears twice" : "cannot be decoded");
		ASN1_BIT_STRING_free(*ku);
		*ku = NULL;
		ERR_clear_error();
		return -1;
	}
	return 0;
}

static void list_ku(const ASN1_BIT_STRING *ku, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof ku_bits / sizeof ku_bits[0]; i++)
		if (ASN1_BIT_STRING_get_bit(ku, ku_bits[i].bit))
			add(buf, size, &o, ", ", ku_bits[i].name);
	if (!o)
		snprintf(buf, size, "none");
}

static void list_eku(const EXTENDED_KEY_USAGE *eku, char *buf, size_t size)
{
	size_t o = 0;
	char tmp[96];

	buf[0] = '\0';
	for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++)
		add(buf, size, &o, ", ", purpose_name(sk_ASN1_OBJECT_value(eku, i), tmp, sizeof tmp));
	if (!o)
		snprintf(buf, size, "none");
}

int certuse_check(X509 *cert, char *why, size_t why_size)
{
	ASN1_BIT_STRING *ku = NULL;
	EXTENDED_KEY_USAGE *eku = NULL;
	char list[256];
	int ok = 1;

	why[0] = '\0';
	if (read_usage(cert, &ku, &eku, why, why_size) != 0)
		return -1;
	if (ku && !ASN1_BIT_STRING_get_bit(ku, 0) && !ASN1_BIT_STRING_get_bit(ku, 1)) {
		list_ku(ku, list, sizeof list);
		snprintf(why, why_size, "its key usage (%s) allows neither digitalSignature nor nonRepudiation", list);
		ok = 0;
	}
	if (ok && eku) {
		int doc = 0;
		for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++)
			doc |= is_doc_purpose(sk_ASN1_OBJECT_value(eku, i));
		if (!doc) {
			list_eku(eku, list, sizeof list);
			snprintf(why, why_size, "its extended key usage (%s) does not allow signing documents; it needs "
			         "emailProtection, documentSigning, anyExtendedKeyUsage or the Adobe or Microsoft "
			         "document-signing purpose", list);
			ok = 0;
		}
	}
	ASN1_BIT_STRING_free(ku);
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
	return ok ? 0 : -1;
}

void certuse_describe(X509 *cert, char *buf, size_t size)
{
	ASN1_BIT_STRING *ku = NULL;
	EXTENDED_KEY_USAGE *eku = NULL;
	char a[256], b[256];

	if (read_usage(cert, &ku, &eku, buf, size) != 0)
		return;
	if (ku)
		list_ku(ku, a, sizeof a);
	if (eku)
		list_eku(eku, b, sizeof b);
	snprintf(buf, size, "key usage %s; extended key usage %s", ku ? a : "not restricted",
	         eku ? b : "not restricted");
	ASN1_BIT_STRING_free(ku);
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
}
