/* sign_fixture.h -- shared by the signing tests (header only: each test is
 * its own program): a report-like PDF made with libharu in memory, the
 * TEST ONLY keys, and small buffer helpers. */
#ifndef CCSLA_SIGN_FIXTURE_H
#define CCSLA_SIGN_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "reports/sign/sign.h"

#define KEYS "fixtures/keys/"
/* 2026-11-01T00:00:00Z: inside the test certificates' validity. */
#define FIXTURE_TIME_S 1793491200

static const char fixture_credits[] __attribute__((unused)) =
	"line,sla_id,measured,target,default,allocation_pct,uncapped_amount,final_amount,currency\n"
	"sla,SL-VOICE,74.10,>= 80,yes,60,28800.00,24000.00,EUR\n"
	"sla,EMAIL-8BH,88.00,>= 90,yes,40,19200.00,16000.00,EUR\n"
	"earn_back,SL-VOICE,,,,,,1500.50,EUR\n"
	"uncapped_total,,,,,,48000.00,,EUR\n"
	"cap,,,,,,,40000.00,EUR\n"
	"capped_total,,,,,,,40000.00,EUR\n"
	"earn_back_total,,,,,,,1500.50,EUR\n"
	"net_total,,,,,,,38499.50,EUR\n";
static const char fixture_metrics[] __attribute__((unused)) =
	"sla_id,channel,offered,answered,abandoned,short_abandoned,callback,overflow,open,answered_within,value\n"
	"SL-VOICE,voice,1000,900,80,12,10,5,5,700,74.10\n"
	"EMAIL-8BH,email,250,240,0,0,0,0,10,220,88.00\n"
	"FCR,,,,,,,,,,71.20\n";

static inline void fixture_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	(void)data;
	fprintf(stderr, "libharu error 0x%04lx (%lu)\n", (unsigned long)code, (unsigned long)detail);
	abort();
}

static inline void fixture_write(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0)
		abort();
}

/* Compressed pages of Helvetica text, "test report page i of n" on top and
 * `lines` lines of table-like text below. */
static inline void fixture_draw_pages(HPDF_Doc pdf, int pages, int lines)
{
	HPDF_Font font;

	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	font = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
	for (int i = 1; i <= pages; i++) {
		HPDF_Page page = HPDF_AddPage(pdf);
		char line[128];
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 12);
		snprintf(line, sizeof line, "test report page %d of %d", i, pages);
		HPDF_Page_TextOut(page, 50, 780, line);
		for (int k = 0; k < lines; k++) {
			snprintf(line, sizeof line, "line %d: SL-VOICE 80.00 %% met, offered 1234, answered 1200", k);
			HPDF_Page_TextOut(page, 50, (HPDF_REAL)(750 - 16 * k), line);
		}
		HPDF_Page_EndText(page);
	}
}

/* A compressed PDF of `pages` pages with credits.csv and metrics.csv
 * attached (when not NULL). The caller frees the result. */
static inline unsigned char *fixture_pdf(size_t *len, int pages, const char *credits, const char *metrics)
{
	char dir[] = "/tmp/ccsla-fixture-XXXXXX", cwd[PATH_MAX];
	HPDF_Doc pdf = HPDF_New(fixture_hpdf_error, NULL);
	unsigned char *buf;
	HPDF_UINT32 n;

	if (!pdf || !mkdtemp(dir) || !getcwd(cwd, sizeof cwd))
		abort();
	fixture_draw_pages(pdf, pages, 0);
	/* libharu names an attachment by the path it was given: attach from
	 * inside the directory so the names are the bare file names. */
	if (chdir(dir) != 0)
		abort();
	if (credits) {
		fixture_write("credits.csv", credits);
		HPDF_AttachFile(pdf, "credits.csv");
	}
	if (metrics) {
		fixture_write("metrics.csv", metrics);
		HPDF_AttachFile(pdf, "metrics.csv");
	}
	if (HPDF_SaveToStream(pdf) != HPDF_OK)
		abort();
	unlink("credits.csv");
	unlink("metrics.csv");
	if (chdir(cwd) != 0 || rmdir(dir) != 0)
		abort();
	n = HPDF_GetStreamSize(pdf);
	if (!(buf = malloc(n + 1)))
		abort();
	HPDF_ResetStream(pdf);
	if (HPDF_ReadFromStream(pdf, buf, &n) != HPDF_OK && n == 0)
		abort();
	HPDF_Free(pdf);
	*len = n;
	return buf;
}

/* The TEST ONLY leaf, its chain, mode check off (git does not keep modes). */
static const struct signer_config fixture_leaf_config __attribute__((unused)) = {
	KEYS "test-leaf.key", NULL, KEYS "test-leaf.pem", KEYS "test-leaf-chain.pem", NULL, 1, NULL,
};

static const struct sign_options fixture_options __attribute__((unused)) = {
	.reason = "Monthly service report 2026-10", .location = "Berlin", .signing_time_s = FIXTURE_TIME_S,
};

/* Position of needle in hay, or (size_t)-1. */
static inline size_t fixture_find(const unsigned char *hay, size_t len, const char *needle, size_t from)
{
	size_t n = strlen(needle);

	for (size_t i = from; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return i;
	return (size_t)-1;
}

/* A self-signed TEST ONLY certificate for KEYS "test-self.key", valid
 * 2026-01-01 to 2048-01-01, with keyUsage ku and extendedKeyUsage eku in
 * openssl.cnf syntax ("critical, keyEncipherment", "serverAuth"; NULL:
 * no such extension), written to path as PEM. For the key-usage rule
 * (reports/sign/certuse.h). */
static inline void fixture_usage_cert(const char *ku, const char *eku, const char *path)
{
	FILE *fp = fopen(KEYS "test-self.key", "rb");
	EVP_PKEY *key = fp ? PEM_read_PrivateKey(fp, NULL, NULL, NULL) : NULL;
	X509 *x = X509_new();
	X509_NAME *nm;
	X509V3_CTX ctx;
	const char *conf[2] = { ku, eku };
	int nids[2] = { NID_key_usage, NID_ext_key_usage };

	if (fp)
		fclose(fp);
	if (!key || !x || !X509_set_version(x, 2) || !ASN1_INTEGER_set(X509_get_serialNumber(x), 21) ||
	    !ASN1_TIME_set(X509_getm_notBefore(x), 1767225600) || !ASN1_TIME_set(X509_getm_notAfter(x), 2461449600))
		abort();
	nm = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_ASC, (const unsigned char *)"ccsla TEST ONLY", -1, -1, 0);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC, (const unsigned char *)"key usage test TEST ONLY", -1, -1, 0);
	if (!X509_set_issuer_name(x, nm) || !X509_set_pubkey(x, key))
		abort();
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	for (int i = 0; i < 2; i++) {
		X509_EXTENSION *e;
		if (!conf[i])
			continue;
		if (!(e = X509V3_EXT_conf_nid(NULL, &ctx, nids[i], conf[i])) || !X509_add_ext(x, e, -1))
			abort();
		X509_EXTENSION_free(e);
	}
	if (!X509_sign(x, key, EVP_sha256()) || !(fp = fopen(path, "wb")) || !PEM_write_X509(fp, x) || fclose(fp) != 0)
		abort();
	X509_free(x);
	EVP_PKEY_free(key);
}

#endif
