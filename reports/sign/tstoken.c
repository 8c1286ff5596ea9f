/* tstoken.c -- check an RFC 3161 time-stamp token (tstoken.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "tstoken.h"

static int fail(char *why, size_t size, const char *msg)
{
	snprintf(why, size, "%s", msg);
	ERR_clear_error();
	return -1;
}

static void subject_line(X509 *x, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n;

	buf[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	n = BIO_read(b, buf, (int)size - 1);
	buf[n > 0 ? n : 0] = '\0';
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 32 || *p == 127)
			*p = '?';
	BIO_free(b);
}

int tstoken_check(const unsigned char *der, size_t der_len, const unsigned char *data, size_t data_len,
                  X509_STORE *trust, struct tstoken_info *info, char *why, size_t why_size)
{
	return tstoken_check2(der, der_len, data, data_len, NULL, 0, trust, info, why, why_size);
}

int tstoken_check2(const unsigned char *der, size_t der_len, const unsigned char *d1, size_t n1,
                   const unsigned char *d2, size_t n2, X509_STORE *trust, struct tstoken_info *info,
                   char *why, size_t why_size)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	BIO *content = NULL;
	TS_TST_INFO *tst = NULL;
	STACK_OF(X509) *signers = NULL, *certs = NULL;
	X509 *tsa;
	X509_STORE_CTX *ctx = NULL;
	const EVP_MD *md;
	unsigned char calc[EVP_MAX_MD_SIZE];
	unsigned calc_len = 0;
	struct tm tm;
	int ret = -1;

	memset(info, 0, sizeof *info);
	if (der_len > 1u << 20 || !(cms = d2i_CMS_ContentInfo(NULL, &p, (long)der_len))) {
		ret = fail(why, why_size, "the time-stamp token is not a CMS structure");
		goto out;
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_id_smime_ct_TSTInfo) {
		ret = fail(why, why_size, "the time-stamp token is not a SignedData with a TSTInfo");
		goto out;
	}
	if (sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms)) != 1) {
		ret = fail(why, why_size, "the time-stamp token does not have exactly one signer");
		goto out;
	}
	/* The signature over the TSTInfo, with the certificate the token
	 * carries; whose certificate that is, is the trust check below. */
	if (!(content = BIO_new(BIO_s_mem())) ||
	    CMS_verify(cms, NULL, NULL, NULL, content, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		ret = fail(why, why_size, "the time-stamp token's signature is NOT valid (or the token does not "
		           "carry the TSA certificate)");
		goto out;
	}
	signers = CMS_get0_signers(cms);
	tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
	if (!tsa) {
		ret = fail(why, why_size, "the time-stamp token does not carry its TSA certificate");
		goto out;
	}
	subject_line(tsa, info->tsa_name, sizeof info->tsa_name);
	{
		int idx = X509_get_ext_by_NID(tsa, NID_ext_key_usage, -1);
		if (idx < 0 || !X509_EXTENSION_get_critical(X509_get_ext(tsa, idx)) ||
		    !(X509_get_extended_key_usage(tsa) & XKU_TIMESTAMP)) {
			ret = fail(why, why_size, "the time-stamp token's certificate is not a TSA certificate "
			           "(RFC 3161: extendedKeyUsage critical, timeStamping)");
			goto out;
		}
	}
	if (!(tst = d2i_TS_TST_INFO_bio(content, NULL))) {
		ret = fail(why, why_size, "the time-stamp token's content is not a TSTInfo");
		goto out;
	}
	{
		TS_MSG_IMPRINT *imp = TS_TST_INFO_get_msg_imprint(tst);
		X509_ALGOR *alg = TS_MSG_IMPRINT_get_algo(imp);
		ASN1_OCTET_STRING *want = TS_MSG_IMPRINT_get_msg(imp);
		md = EVP_get_digestbyobj(alg->algorithm);
		if (!md || (EVP_MD_get_type(md) != NID_sha256 && EVP_MD_get_type(md) != NID_sha384 &&
		            EVP_MD_get_type(md) != NID_sha512)) {
			ret = fail(why, why_size, "the time-stamp token hashes with a digest weaker than SHA-256");
			goto out;
		}
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		int ok = c && EVP_DigestInit_ex(c, md, NULL) && EVP_DigestUpdate(c, d1, n1) &&
		         (!n2 || EVP_DigestUpdate(c, d2, n2)) && EVP_DigestFinal_ex(c, calc, &calc_len);
		EVP_MD_CTX_free(c);
		if (!ok ||
		    (int)calc_len != ASN1_STRING_length(want) ||
		    memcmp(calc, ASN1_STRING_get0_data(want), calc_len) != 0) {
			ret = fail(why, why_size, "the time-stamp token is NOT over these bytes (its message imprint "
			           "differs)");
			goto out;
		}
	}
	if (!ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst), &tm)) {
		ret = fail(why, why_size, "the time-stamp token's time cannot be read");
		goto out;
	}
	info->gen_time_s = (int64_t)timegm(&tm);
	strftime(info->gen_time, sizeof info->gen_time, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (trust) {
		certs = CMS_get1_certs(cms);
		if (!(ctx = X509_STORE_CTX_new()) || !X509_STORE_CTX_init(ctx, trust, tsa, certs)) {
			ret = fail(why, why_size, "out of memory");
			goto out;
		}
		X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_TIMESTAMP_SIGN);
		X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), (time_t)info->gen_time_s);
		if (X509_verify_cert(ctx) == 1) {
			info->trusted = 1;
		} else {
			snprintf(why, why_size, "the TSA certificate (%s) does not chain to the given CA: %s",
			         info->tsa_name, X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
			goto out;
		}
	}
	ret = 0;
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	sk_X509_pop_free(certs, X509_free);
	sk_X509_free(signers);
	TS_TST_INFO_free(tst);
	BIO_free(content);
	CMS_ContentInfo_free(cms);
	return ret;
}
