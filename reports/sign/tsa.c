/* tsa.c -- RFC 3161 time-stamp request over HTTP (tsa.h). */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>

#include "tsa.h"

struct reply {
	unsigned char *p;
	size_t len;
	int too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *u)
{
	struct reply *r = u;
	size_t add = size * n;
	unsigned char *np;

	if (add > TSA_MAX_REPLY - r->len) {
		r->too_big = 1;
		return 0;   /* libcurl stops with CURLE_WRITE_ERROR */
	}
	if (!(np = realloc(r->p, r->len + add + 1)))
		return 0;
	r->p = np;
	memcpy(r->p + r->len, data, add);
	r->len += add;
	return add;
}

/* A request for the SHA-256 digest md with a fresh 64-bit nonce. */
static TS_REQ *make_request(const unsigned char md[32])
{
	unsigned char nonce_bytes[8];
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *imp = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	ASN1_INTEGER *nonce = NULL;
	BIGNUM *bn = NULL;
	TS_REQ *ret = NULL;

	if (!req || !imp || !alg ||
	    !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) ||
	    !TS_MSG_IMPRINT_set_algo(imp, alg) || !TS_MSG_IMPRINT_set_msg(imp, (unsigned char *)md, 32) ||
	    !TS_REQ_set_version(req, 1) || !TS_REQ_set_msg_imprint(req, imp) ||
	    RAND_bytes(nonce_bytes, (int)sizeof nonce_bytes) != 1)
		goto out;
	nonce_bytes[0] &= 0x7f;   /* positive */
	if (!(bn = BN_bin2bn(nonce_bytes, (int)sizeof nonce_bytes, NULL)) || !(nonce = BN_to_ASN1_INTEGER(bn, NULL)) ||
	    !TS_REQ_set_nonce(req, nonce) || !TS_REQ_set_cert_req(req, 1))
		goto out;
	ret = req;
	req = NULL;
out:
	BN_free(bn);
	ASN1_INTEGER_free(nonce);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(imp);
	TS_REQ_free(req);
	return ret;
}

static int post(const char *url, long timeout_s, const unsigned char *body, size_t body_len,
                struct reply *r, struct ccsla_error *err)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hdr = NULL;
	char curl_err[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode rc;
	char *ctype = NULL;
	int ret = -1;

	if (!c)
		return ccsla_error_set(err, url, 0, "tsa", "cannot start an HTTP client");
	hdr = curl_slist_append(hdr, "Content-Type: application/timestamp-query");
	hdr = curl_slist_append(hdr, "Accept: application/timestamp-reply");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		ccsla_error_set(err, url, 0, "tsa", "the time-stamp authority did not answer within %ld s", timeout_s);
	} else if (r->too_big) {
		ccsla_error_set(err, url, 0, "tsa", "the time-stamp authority's reply is larger than %u bytes",
		                TSA_MAX_REPLY);
		ret = -2;
	} else if (rc != CURLE_OK) {
		ccsla_error_set(err, url, 0, "tsa", "cannot reach the time-stamp authority: %s",
		                curl_err[0] ? curl_err : curl_easy_strerror(rc));
	} else if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status), status != 200) {
		ccsla_error_set(err, url, 0, "tsa", "the time-stamp authority answered HTTP %ld, not 200", status);
		ret = -2;
	} else if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype), !ctype ||
	           strncmp(ctype, "application/timestamp-reply", 27) != 0) {
		ccsla_error_set(err, url, 0, "tsa", "the time-stamp authority answered with Content-Type '%s', not "
		                "application/timestamp-reply", ctype ? ctype : "(none)");
		ret = -2;
	} else {
		ret = 0;
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return ret;
}

int tsa_timestamp(const char *url, long timeout_s, const unsigned char *data, size_t len,
                  unsigned char **token, size_t *token_len, struct ccsla_error *err)
{
	unsigned char md[32];

	if (!EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL))
		return ccsla_error_set(err, url, 0, "tsa", "cannot hash the data to time-stamp");
	return tsa_timestamp_digest(url, timeout_s, md, token, token_len, err);
}

int tsa_timestamp_digest(const char *url, long timeout_s, const unsigned char md[32],
                         unsigned char **token, size_t *token_len, struct ccsla_error *err)
{
	TS_REQ *req = NULL;
	TS_RESP *resp = NULL;
	TS_VERIFY_CTX *vctx = NULL;
	unsigned char *req_der = NULL, *tok = NULL;
	const unsigned char *p;
	struct reply r = {0};
	int req_len, tok_len, ret = -2;

	*token = NULL;
	*token_len = 0;
	if (timeout_s <= 0)
		timeout_s = TSA_DEFAULT_TIMEOUT_S;
	if (!(req = make_request(md)) || (req_len = i2d_TS_REQ(req, &req_der)) <= 0) {
		ERR_clear_error();
		ret = ccsla_error_set(err, url, 0, "tsa", "cannot build the time-stamp request");
		goto out;
	}
	if ((ret = post(url, timeout_s, req_der, (size_t)req_len, &r, err)) != 0)
		goto out;
	ret = -2;
	p = r.p;
	if (!(resp = d2i_TS_RESP(NULL, &p, (long)r.len)) || p != r.p + r.len) {
		ccsla_error_set(err, url, 0, "tsa", "the time-stamp authority's reply is not an RFC 3161 "
		                "TimeStampResp");
		goto out;
	}
	{
		TS_STATUS_INFO *st = TS_RESP_get_status_info(resp);
		long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(st));
		if (status != 0 && status != 1) {
			ccsla_error_set(err, url, 0, "tsa", "the time-stamp authority refused the request (PKIStatus %ld)",
			                status);
			goto out;
		}
	}
	/* The token must be for this request: imprint, nonce, version. */
	if (!(vctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL)) || TS_RESP_verify_response(vctx, resp) != 1) {
		char why[256] = "";
		ERR_error_string_n(ERR_peek_last_error(), why, sizeof why);
		ccsla_error_set(err, url, 0, "tsa", "the time-stamp token does not answer the request: %s", why);
		goto out;
	}
	if ((tok_len = i2d_PKCS7(TS_RESP_get_token(resp), &tok)) <= 0 || !(*token = malloc((size_t)tok_len))) {
		ccsla_error_set(err, url, 0, "tsa", "out of memory");
		goto out;
	}
	memcpy(*token, tok, (size_t)tok_len);
	*token_len = (size_t)tok_len;
	ret = 0;
out:
	ERR_clear_error();
	OPENSSL_free(tok);
	OPENSSL_free(req_der);
	free(r.p);
	TS_VERIFY_CTX_free(vctx);
	TS_RESP_free(resp);
	TS_REQ_free(req);
	return ret;
}
