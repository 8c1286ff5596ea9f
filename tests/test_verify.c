/* test_verify.c -- verify accepts a good report and rejects every tampering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "reports/sign/sign.h"
#include "reports/sign/verify.h"
#include "reports/sign/verify_csv.h"
#include "sign_fixture.h"

static const struct verify_options with_ca = { KEYS "test-ca.pem", NULL, 0, NULL };

struct signed_report {
	unsigned char *pdf;
	size_t len;
	size_t gap_from, gap_to;   /* the /Contents hex string, brackets included */
};

static struct signed_report good;

static unsigned char *sign_with(const struct signer_config *cfg, const struct sign_options *opt,
                                const unsigned char *in, size_t in_len, size_t *out_len)
{
	struct ccsla_error err = {0};
	struct signer *s = NULL;
	unsigned char *out = NULL;

	if (signer_load(&s, cfg, &err) != 0)
		fail_msg("signer_load: %s", err.msg);
	if (sign_pdf_buffer(s, opt, in, in_len, "fixture.pdf", &out, out_len, &err) != 0)
		fail_msg("sign_pdf_buffer: %s", err.msg);
	signer_free(s);
	return out;
}

/* A one-page fixture report (with credits.csv when credits is not NULL)
 * signed by cfg; the caller frees it. */
static unsigned char *signed_report(const struct signer_config *cfg, const char *credits, size_t *len)
{
	size_t in_len;
	unsigned char *in = fixture_pdf(&in_len, 1, credits, fixture_metrics);
	unsigned char *pdf = sign_with(cfg, &fixture_options, in, in_len, len);

	free(in);
	return pdf;
}

static int setup(void **state)
{
	size_t in_len;
	unsigned char *in = fixture_pdf(&in_len, 3, fixture_credits, fixture_metrics);
	size_t at;

	(void)state;
	good.pdf = sign_with(&fixture_leaf_config, &fixture_options, in, in_len, &good.len);
	free(in);
	at = fixture_find(good.pdf, good.len, "/Contents <", 0);
	good.gap_from = at + 10;
	good.gap_to = fixture_find(good.pdf, good.len, ">", good.gap_from) + 1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(good.pdf);
	return 0;
}

static int has_line(const struct verify_result *r, int ok, const char *words)
{
	for (int i = 0; i < r->n_lines; i++)
		if (r->lines[i].ok == ok && strstr(r->lines[i].text, words))
			return 1;
	return 0;
}

static int verify_copy(const unsigned char *pdf, size_t len, const struct verify_options *opt,
                       struct verify_result *r)
{
	unsigned char *copy = malloc(len + 1);
	int rc;

	memcpy(copy, pdf, len);
	rc = verify_pdf_buffer(copy, len, "copy.pdf", opt, r);
	free(copy);
	return rc;
}

static void a_signed_report_verifies_against_its_ca(void **state)
{
	struct verify_result r;

	(void)state;
	assert_int_equal(verify_pdf_buffer(good.pdf, good.len, "good.pdf", &with_ca, &r), 0);
	assert_true(r.all_ok);
	assert_int_equal(r.n_signatures, 1);
	assert_true(has_line(&r, 1, "covers the whole file"));
	assert_true(has_line(&r, 1, "chains to the given CA"));
	assert_true(has_line(&r, 1, "the SLA lines add up to the uncapped total 48000.00 EUR"));
	assert_true(has_line(&r, 1, "the net total is the capped total less earn-back 38499.50 EUR"));
	assert_string_equal(r.signing_time, "2026-11-01T00:00:00Z");
	assert_non_null(strstr(r.subject, "CN=Northwind Contact Services TEST ONLY"));
	assert_int_equal(strlen(r.fingerprint), 95);
	assert_string_equal(r.attachments, "credits.csv, metrics.csv");
}

static void every_byte_flipped_at_200_positions_in_the_signed_ranges_is_rejected(void **state)
{
	size_t signed_len = good.len - (good.gap_to - good.gap_from);
	unsigned char *copy = malloc(good.len);
	struct verify_result r;

	(void)state;
	for (int k = 0; k < 200; k++) {
		/* Spread evenly over both ranges, first and last byte included. */
		size_t i = (size_t)k * (signed_len - 1) / 199;
		size_t pos = i < good.gap_from ? i : i + (good.gap_to - good.gap_from);
		memcpy(copy, good.pdf, good.len);
		copy[pos] ^= 0x01;
		if (verify_pdf_buffer(copy, good.len, "flipped.pdf", &with_ca, &r) == 0 || r.all_ok)
			fail_msg("a flipped byte at offset %zu was accepted", pos);
	}
	free(copy);
}

/* Random damage of every kind (bytes set to PDF syntax or noise, cuts,
 * overlapping moves), fixed seed: damage to the signed bytes is never
 * accepted, and nothing crashes (the suite runs again under ASan+UBSan). */
static void random_damage_to_the_signed_bytes_is_never_accepted(void **state)
{
	unsigned char *copy = malloc(good.len);
	uint32_t seed = 20261101;
	struct verify_result r;

	(void)state;
	for (int it = 0; it < 400; it++) {
		size_t len = good.len;
		int edits = 1;
		memcpy(copy, good.pdf, good.len);
		for (int e = 0; e < edits + (it % 4); e++) {
			size_t pos;
			seed = seed * 1103515245u + 12345u;
			pos = (seed >> 8) % len;
			switch ((seed >> 4) % 4) {
			case 0: copy[pos] = (unsigned char)(seed >> 16); break;
			case 1: copy[pos] = (unsigned char)"0123456789 <>[]()/R\n"[(seed >> 16) % 20]; break;
			case 2: len = pos + 1; break;
			default: memmove(copy + pos, copy + pos / 2, (len - pos) / 2); break;
			}
		}
		/* Only damage to the signed bytes must fail. Inside the unsigned gap
		 * a change can be harmless to the signature: CMS does not sign its
		 * own certificate set, so a damaged copy of the CA certificate
		 * verifies as long as --ca supplies the real one (so does pdfsig). */
		if (len == good.len && memcmp(copy, good.pdf, good.gap_from) == 0 &&
		    memcmp(copy + good.gap_to, good.pdf + good.gap_to, len - good.gap_to) == 0)
			continue;
		if (verify_pdf_buffer(copy, len, "damaged.pdf", &with_ca, &r) == 0)
			fail_msg("damage round %d was accepted", it);
	}
	free(copy);
}

static void bytes_appended_after_signing_are_rejected(void **state)
{
	unsigned char *longer = malloc(good.len + 16);
	struct verify_result r;

	(void)state;
	memcpy(longer, good.pdf, good.len);
	memcpy(longer + good.len, "% appended\n", 11);
	assert_int_equal(verify_pdf_buffer(longer, good.len + 11, "longer.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "11 bytes were appended after signing"));
	free(longer);
}

static void a_truncated_file_is_rejected(void **state)
{
	struct verify_result r;

	(void)state;
	assert_int_equal(verify_copy(good.pdf, good.len - 1, &with_ca, &r), 1);
	assert_int_equal(verify_copy(good.pdf, good.len - 40, &with_ca, &r), 1);
	assert_int_equal(verify_copy(good.pdf, good.len / 2, &with_ca, &r), 1);
	assert_int_equal(verify_copy(good.pdf, 5, &with_ca, &r), 1);
	assert_false(r.all_ok);
}

static void a_second_signature_is_rejected(void **state)
{
	struct sign_options twice = fixture_options;
	unsigned char *two;
	size_t two_len;
	struct verify_result r;

	(void)state;
	twice.allow_second_signature = 1;
	two = sign_with(&fixture_leaf_config, &twice, good.pdf, good.len, &two_len);
	assert_int_equal(verify_pdf_buffer(two, two_len, "two.pdf", &with_ca, &r), 1);
	assert_int_equal(r.n_signatures, 2);
	assert_true(has_line(&r, 0, "carries 2 signatures"));
	free(two);
}

static char *cert_der_hex(const char *path)
{
	FILE *fp = fopen(path, "rb");
	X509 *x = fp ? PEM_read_X509(fp, NULL, NULL, NULL) : NULL;
	unsigned char *der = NULL;
	int n = x ? i2d_X509(x, &der) : -1;
	char *hex = n > 0 ? malloc(2 * (size_t)n + 1) : NULL;

	assert_non_null(hex);
	for (int i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", der[i]);
	OPENSSL_free(der);
	X509_free(x);
	fclose(fp);
	return hex;
}

static void a_swapped_certificate_is_rejected(void **state)
{
	char *leaf = cert_der_hex(KEYS "test-leaf.pem"), *twin = cert_der_hex(KEYS "test-twin.pem");
	unsigned char *copy = malloc(good.len);
	size_t at;
	struct verify_result r;

	(void)state;
	/* Same issuer, serial and length: only the key differs, so the CMS still
	 * parses and names the certificate, and only the signature check can tell. */
	assert_int_equal(strlen(leaf), strlen(twin));
	memcpy(copy, good.pdf, good.len);
	at = fixture_find(copy, good.len, leaf, good.gap_from);
	assert_true(at != (size_t)-1 && at < good.gap_to);
	memcpy(copy + at, twin, strlen(twin));
	assert_int_equal(verify_pdf_buffer(copy, good.len, "swapped.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "NOT valid"));
	assert_true(has_line(&r, 1, "covers the whole file"));
	free(copy);
	free(leaf);
	free(twin);
}

/* Verifies the good report with the last bytes of its unsigned gap (just
 * before '>') replaced by tail; returns whether a FAIL line says words. */
static int gap_tail_rejected(const char *tail, const char *words)
{
	unsigned char *copy = malloc(good.len);
	struct verify_result r;
	int rc;

	memcpy(copy, good.pdf, good.len);
	memcpy(copy + good.gap_to - 1 - strlen(tail), tail, strlen(tail));
	rc = verify_pdf_buffer(copy, good.len, "gap.pdf", &with_ca, &r);
	free(copy);
	return rc == 1 && has_line(&r, 0, words);
}

static void nonzero_padding_after_the_signature_value_is_rejected(void **state)
{
	(void)state;
	assert_true(gap_tail_rejected("7", "not zero padding"));
}

static void whitespace_in_the_unsigned_gap_is_rejected(void **state)
{
	(void)state;
	assert_true(gap_tail_rejected("\n ", "bytes other than the hex digits"));
}

static void a_signer_that_does_not_chain_to_the_given_ca_is_rejected(void **state)
{
	struct signer_config other = { KEYS "test-other-leaf.key", NULL, KEYS "test-other-leaf.pem",
	                               KEYS "test-other-ca.pem", NULL, 1, NULL };
	size_t len;
	unsigned char *pdf = signed_report(&other, fixture_credits, &len);
	struct verify_result r;

	(void)state;
	assert_int_equal(verify_pdf_buffer(pdf, len, "other.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 1, "CMS signature is valid"));
	assert_true(has_line(&r, 0, "does not chain to the given CA"));
	free(pdf);
}

static void a_self_signed_report_is_identified_only_by_its_fingerprint(void **state)
{
	struct signer_config self = { KEYS "test-self.key", NULL, KEYS "test-self.pem", NULL, NULL, 1, NULL };
	size_t len;
	unsigned char *pdf = signed_report(&self, fixture_credits, &len);
	struct verify_result r;
	struct verify_options pin = { NULL, NULL, 0, NULL };
	char fp[96];

	(void)state;
	assert_int_equal(verify_pdf_buffer(pdf, len, "self.pdf", NULL, &r), 1);
	assert_true(r.self_signed);
	assert_true(has_line(&r, 0, "identity is not established: the certificate is self-signed"));
	snprintf(fp, sizeof fp, "%s", r.fingerprint);
	pin.fingerprint = fp;
	assert_int_equal(verify_pdf_buffer(pdf, len, "self.pdf", &pin, &r), 0);
	fp[0] = fp[0] == 'A' ? 'B' : 'A';
	assert_int_equal(verify_pdf_buffer(pdf, len, "self.pdf", &pin, &r), 1);
	assert_true(has_line(&r, 0, "differs from the published one"));
	free(pdf);
}

static void an_unsigned_file_is_rejected(void **state)
{
	size_t len;
	unsigned char *pdf = fixture_pdf(&len, 1, fixture_credits, fixture_metrics);
	struct verify_result r;

	(void)state;
	assert_int_equal(verify_pdf_buffer(pdf, len, "plain.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "carries 0 signatures"));
	free(pdf);
}

static void a_report_without_its_csv_attachments_is_rejected(void **state)
{
	size_t len;
	unsigned char *pdf = signed_report(&fixture_leaf_config, NULL, &len);
	struct verify_result r;

	(void)state;
	assert_int_equal(verify_pdf_buffer(pdf, len, "nocredits.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "credits.csv is not attached"));
	free(pdf);
}

static int credits_ok(const char *csv, struct verify_result *r)
{
	memset(r, 0, sizeof *r);
	r->all_ok = 1;
	return verify_credits_csv(csv, strlen(csv), r);
}

static void credits_sla_lines_must_add_up_to_the_uncapped_total(void **state)
{
	struct verify_result r;

	(void)state;
	assert_int_equal(credits_ok(fixture_credits, &r), 0);
	assert_int_equal(credits_ok("line,amount\nsla,10.00\nsla,5.01\nuncapped_total,15.00\ntotal,15.00\n", &r), -1);
	assert_true(has_line(&r, 0, "the SLA lines do not add up to the uncapped total: 15.01, expected 15.00"));
}

static void credits_capped_total_is_the_uncapped_total_capped(void **state)
{
	struct verify_result r;

	(void)state;
	assert_int_equal(credits_ok("line,amount\nsla,60.00\nuncapped_total,60.00\ncap,48.00\ntotal,48.00\n", &r), 0);
	assert_int_equal(credits_ok("line,amount\nsla,60.00\nuncapped_total,60.00\ncap,48.00\ntotal,60.00\n", &r), -1);
	assert_true(has_line(&r, 0, "not min(uncapped total, cap): 60.00, expected 48.00"));
	assert_int_equal(credits_ok("line,amount_cents\nsla,4800\nuncapped_total,4800\ncapped_total,4800\n", &r), 0);
}

static void credits_final_amounts_earn_back_and_net_must_agree(void **state)
{
	static const char final_off[] =
		"line,uncapped_amount,final_amount\nsla,60.00,40.00\nsla,40.00,30.00\n"
		"uncapped_total,100.00,\ncap,,80.00\ncapped_total,,80.00\n";
	static const char net_off[] =
		"line,uncapped_amount,final_amount\nsla,60.00,60.00\nearn_back,,5.00\nuncapped_total,60.00,\n"
		"capped_total,,60.00\nearn_back_total,,5.00\nnet_total,,56.00\n";
	static const char eb_off[] =
		"line,uncapped_amount,final_amount\nsla,60.00,60.00\nearn_back,,5.00\nearn_back,,1.00\n"
		"uncapped_total,60.00,\ncapped_total,,60.00\nearn_back_total,,5.00\n";
	struct verify_result r;

	(void)state;
	assert_int_equal(credits_ok(final_off, &r), -1);
	assert_true(has_line(&r, 0, "final amounts do not add up to the capped total: 70.00, expected 80.00"));
	assert_int_equal(credits_ok(net_off, &r), -1);
	assert_true(has_line(&r, 0, "the net total is not the capped total less earn-back: 56.00, expected 55.00"));
	assert_int_equal(credits_ok(eb_off, &r), -1);
	assert_true(has_line(&r, 0, "earn-back lines do not add up to the earn-back total: 6.00, expected 5.00"));
}

/* The statement ccsla evaluate writes: total carries uncapped and capped,
 * net carries earn-back total and net, earn-back lines use `earn_back`. */
static void credits_in_ccsla_form_are_recomputed(void **state)
{
	static const char head[] = "period,line,sla_id,measured_value,target,minimum,verdict,default,allocation_pct,"
	                           "uncapped_amount,multiplier,earn_back,cap,final_amount,currency,note\n";
	static const char good[] =
		"2026-10,sla,SL-VOICE,58.44,>= 80,>= 75,default,yes,60.00,28800.00,1.00,,,28800.00,EUR,below minimum\n"
		"2026-10,sla,EMAIL,86.99,>= 90,,missed,no,40.00,30000.00,1.00,,,19200.00,EUR,\n"
		"2026-10,earn-back,SL-VOICE,,,,,,,,,1000.00,,,EUR,x\n"
		"2026-10,total,,,,,,,,58800.00,,,,48000.00,EUR,\n"
		"2026-10,cap,,,,,,,,,,,48000.00,,EUR,cap applied\n"
		"2026-10,net,,,,,,,,,,1000.00,,47000.00,EUR,\n";
	char buf[2048];
	struct verify_result r;

	(void)state;
	snprintf(buf, sizeof buf, "%s%s", head, good);
	assert_int_equal(credits_ok(buf, &r), 0);
	assert_true(has_line(&r, 1, "the net total is the capped total less earn-back 47000.00 EUR"));
	snprintf(buf, sizeof buf, "%s%.*s46000.00,EUR,\n", head, (int)(sizeof good - 1 - strlen("47000.00,EUR,\n")), good);
	assert_int_equal(credits_ok(buf, &r), -1);
	assert_true(has_line(&r, 0, "the net total is not the capped total less earn-back: 46000.00, expected 47000.00"));
}

static void credits_amounts_must_be_exact_decimals_in_one_currency(void **state)
{
	struct verify_result r;

	(void)state;
	assert_int_equal(credits_ok("line,amount\nsla,4.8e1\nuncapped_total,48\ntotal,48\n", &r), -1);
	assert_true(has_line(&r, 0, "an amount is not an exact decimal ('4.8e1'"));
	assert_int_equal(credits_ok("line,amount\nsla,\"\x1b[32mok\"\nuncapped_total,1\ntotal,1\n", &r), -1);
	assert_true(has_line(&r, 0, "('?[32mok'"));   /* no escape reaches a terminal */
	assert_int_equal(credits_ok("line,amount,currency\nsla,1.00,EUR\nuncapped_total,1.00,USD\ntotal,1.00,EUR\n", &r), -1);
	assert_true(has_line(&r, 0, "currency 'USD' differs from 'EUR'"));
	assert_int_equal(credits_ok("line,amount\nsla,1.00\ntotal,1.00\n", &r), -1);
	assert_true(has_line(&r, 0, "needs one uncapped_total"));
	assert_int_equal(credits_ok("no,columns\n1,2\n", &r), -1);
}

static void metrics_offered_must_equal_the_sum_of_outcomes(void **state)
{
	static const char bad[] =
		"sla_id,offered,answered,abandoned,callback,overflow,open\nSL,100,90,5,3,1,0\n";
	static const char split_open[] =
		"sla_id,offered,answered,abandoned,callback,overflow,open_late,open_pending\nSL,100,90,5,3,1,0,1\n";
	static const char short_gt[] =
		"offered,answered,abandoned,short_abandoned,callback,overflow,open\n10,5,5,6,0,0,0\n";
	struct verify_result r = { .all_ok = 1 };

	(void)state;
	assert_int_equal(verify_metrics_csv(fixture_metrics, strlen(fixture_metrics), &r), 0);
	assert_true(has_line(&r, 1, "on all 2 rows with counts"));
	assert_int_equal(verify_metrics_csv(bad, strlen(bad), &r), -1);
	assert_true(has_line(&r, 0, "offered 100 is not answered + abandoned + callback + overflow + open = 99"));
	assert_int_equal(verify_metrics_csv(split_open, strlen(split_open), &r), 0);
	assert_int_equal(verify_metrics_csv(short_gt, strlen(short_gt), &r), -1);
	assert_true(has_line(&r, 0, "short abandons 6 exceed abandons 5"));
}

/* The attached report.html's scorecard (data attributes, escaped as
 * report_html writes them) against metrics.csv's SLA month rows. */
static void report_html_shows_the_verdicts_of_metrics_csv(void **state)
{
	static const char metrics[] =
		"period,scope,item,date,metric,value,unit,target,verdict,offered\n"
		"2026-10,sla,\"SL-\"\"Q\"\"\",month,service_level_pct,58.46,%,>= 80,default,10\n"
		"2026-10,sla,\"SL-\"\"Q\"\"\",2026-10-01,service_level_pct,51.28,%,,,5\n"
		"2026-10,sla,FCR,month,fcr_pct,n/a,%,>= 70,not measurable,0\n"
		"2026-10,channel,voice,month,asa_s,17.2,s,,,10\n";
	static const char good[] =
		"<tr data-sla=\"SL-&quot;Q&quot;\" data-value=\"58.46\" data-verdict=\"default\"><th>x</th></tr>"
		"<tr data-sla=\"FCR\" data-value=\"n/a\" data-verdict=\"not measurable\"><th>y</th></tr>"
		"<tr data-sla=\"SL-&quot;Q&quot;\" data-amount=\"1.00\"><th>credit line</th></tr>";
	static const char changed[] =
		"<tr data-sla=\"SL-&quot;Q&quot;\" data-value=\"80.46\" data-verdict=\"met\"><th>x</th></tr>"
		"<tr data-sla=\"FCR\" data-value=\"n/a\" data-verdict=\"not measurable\"><th>y</th></tr>";
	static const char short_[] =
		"<tr data-sla=\"SL-&quot;Q&quot;\" data-value=\"58.46\" data-verdict=\"default\"><th>x</th></tr>";
	static const char swapped[] =
		"<tr data-sla=\"FCR\" data-value=\"n/a\" data-verdict=\"not measurable\"><th>y</th></tr>"
		"<tr data-sla=\"SL-&quot;Q&quot;\" data-value=\"58.46\" data-verdict=\"default\"><th>x</th></tr>";
	static const char twice[] =
		"<tr data-sla=\"FCR\" data-value=\"n/a\" data-verdict=\"not measurable\"><th>y</th></tr>"
		"<tr data-sla=\"FCR\" data-value=\"n/a\" data-verdict=\"not measurable\"><th>y</th></tr>"
		"<tr data-sla=\"SL-&quot;Q&quot;\" data-value=\"58.46\" data-verdict=\"default\"><th>x</th></tr>";
	struct verify_result r = { .all_ok = 1 };

	(void)state;
	assert_int_equal(verify_report_html(good, strlen(good), metrics, strlen(metrics), &r), 0);
	assert_true(has_line(&r, 1, "report.html: the scorecard's 2 SLA values and verdicts are metrics.csv's"));
	assert_int_equal(verify_report_html(changed, strlen(changed), metrics, strlen(metrics), &r), -1);
	assert_true(has_line(&r, 0, "report.html shows SL-\"Q\" 80.46 met where metrics.csv has SL-\"Q\" 58.46 default"));
	assert_int_equal(verify_report_html(short_, strlen(short_), metrics, strlen(metrics), &r), -1);
	assert_true(has_line(&r, 0, "report.html lacks SLA FCR of metrics.csv"));
	/* the scorecard's order is its own (the client's obligations apart):
	 * rows are matched by id, and an SLA shown twice is refused */
	assert_int_equal(verify_report_html(swapped, strlen(swapped), metrics, strlen(metrics), &r), 0);
	assert_int_equal(verify_report_html(twice, strlen(twice), metrics, strlen(metrics), &r), -1);
	assert_true(has_line(&r, 0, "report.html shows SLA FCR twice"));
}

static int fail_lines(const struct verify_result *r)
{
	int n = 0;

	for (int i = 0; i < r->n_lines; i++)
		n += !r->lines[i].ok;
	return n;
}

/* The good report's bytes with another CMS in its gap, made with OpenSSL
 * directly (ccsla sign would refuse some of these certificates) by a
 * certificate for test-self.key with keyUsage ku and extendedKeyUsage eku.
 * fp gets the certificate's SHA-256 fingerprint. The caller frees. */
static unsigned char *resigned_by(const char *ku, const char *eku, char fp[96])
{
	char dir[] = "/tmp/ccsla-usage-XXXXXX", cert[64];
	FILE *f;
	X509 *x;
	EVP_PKEY *key;
	BIO *in = BIO_new(BIO_s_mem());
	CMS_ContentInfo *cms;
	unsigned char *der = NULL, *copy = malloc(good.len), md[EVP_MAX_MD_SIZE];
	unsigned md_len = 0;
	int n;

	assert_non_null(mkdtemp(dir));
	snprintf(cert, sizeof cert, "%s/cert.pem", dir);
	fixture_usage_cert(ku, eku, cert);
	assert_non_null(f = fopen(cert, "rb"));
	assert_non_null(x = PEM_read_X509(f, NULL, NULL, NULL));
	fclose(f);
	assert_non_null(f = fopen(KEYS "test-self.key", "rb"));
	assert_non_null(key = PEM_read_PrivateKey(f, NULL, NULL, NULL));
	fclose(f);
	BIO_write(in, good.pdf, (int)good.gap_from);
	BIO_write(in, good.pdf + good.gap_to, (int)(good.len - good.gap_to));
	assert_non_null(cms = CMS_sign(x, key, NULL, in, CMS_DETACHED | CMS_BINARY));
	n = i2d_CMS_ContentInfo(cms, &der);
	assert_true(n > 0 && 2 * (size_t)n <= good.gap_to - good.gap_from - 2);
	memcpy(copy, good.pdf, good.len);
	memset(copy + good.gap_from + 1, '0', good.gap_to - good.gap_from - 2);
	for (int i = 0; i < n; i++) {
		static const char hex[] = "0123456789abcdef";
		copy[good.gap_from + 1 + 2 * i] = (unsigned char)hex[der[i] >> 4];
		copy[good.gap_from + 2 + 2 * i] = (unsigned char)hex[der[i] & 15];
	}
	X509_digest(x, EVP_sha256(), md, &md_len);
	for (unsigned i = 0, o = 0; i < md_len; i++)
		o += (unsigned)sprintf(fp + o, "%s%02X", i ? ":" : "", md[i]);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	EVP_PKEY_free(key);
	X509_free(x);
	unlink(cert);
	rmdir(dir);
	return copy;
}

/* Issue 21 finding 8: verify applies sign's rule (certuse.h), so a report
 * signed with a certificate for other uses does not verify, even when the
 * signer is the one published. */
static void a_report_signed_with_a_certificate_for_other_uses_is_rejected(void **state)
{
	static const struct { const char *ku, *eku, *says; } cases[] = {
		{ "critical, digitalSignature", "emailProtection", NULL },
		{ "critical, nonRepudiation", "1.2.840.113583.1.1.5", NULL },
		{ "critical, keyEncipherment", NULL, "its key usage (keyEncipherment) allows neither digitalSignature nor nonRepudiation" },
		{ NULL, "serverAuth", "its extended key usage (serverAuth) does not allow signing documents" },
		{ "critical, digitalSignature", "codeSigning", "its extended key usage (codeSigning)" },
	};
	char fp[96];
	struct verify_result r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char *pdf = resigned_by(cases[i].ku, cases[i].eku, fp);
		struct verify_options by_fp = { NULL, fp, 0, NULL };
		int rc = verify_pdf_buffer(pdf, good.len, "resigned.pdf", &by_fp, &r);

		/* everything else holds: the signature, the digest, the identity */
		assert_true(has_line(&r, 1, "the CMS signature is valid"));
		assert_true(has_line(&r, 1, "the document digest (SHA256) matches"));
		assert_true(has_line(&r, 1, "has the published fingerprint"));
		if (cases[i].says) {
			if (rc != 1 || !has_line(&r, 0, cases[i].says))
				fail_msg("case %zu (%s / %s) verified", i, cases[i].ku, cases[i].eku);
			assert_true(has_line(&r, 0, "the signer's certificate is not for signing documents: "));
			assert_int_equal(fail_lines(&r), 1);
		} else {
			if (rc != 0)
				fail_msg("case %zu (%s / %s) did not verify", i, cases[i].ku, cases[i].eku);
			assert_true(has_line(&r, 1, "the signer's certificate is for signing documents (key usage "));
		}
		free(pdf);
	}
	/* the fixture leaf says what it allows */
	assert_int_equal(verify_pdf_buffer(good.pdf, good.len, "good.pdf", &with_ca, &r), 0);
	assert_true(has_line(&r, 1, "is for signing documents (key usage digitalSignature, nonRepudiation; "
	                            "extended key usage emailProtection)"));
}

/* The good report with its /ByteRange rewritten in place (same width). */
static unsigned char *with_byte_range(long long a, long long b, long long c, long long d)
{
	unsigned char *copy = malloc(good.len);
	size_t at = fixture_find(good.pdf, good.len, "/ByteRange [", 0) + 11;
	size_t end = fixture_find(good.pdf, good.len, "]", at);
	char br[64];
	int n = snprintf(br, sizeof br, "[%lld %lld %lld %lld", a, b, c, d);

	assert_true(at > 11 && (size_t)n <= end - at);
	memcpy(copy, good.pdf, good.len);
	memset(copy + at, ' ', end - at);
	memcpy(copy + at, br, (size_t)n);
	return copy;
}

/* Issue 21 finding 11: a /ByteRange that does not cover the file is
 * described as what it is; "appended" only for bytes after a signed
 * revision's %%EOF. */
static void a_partial_byte_range_says_which_bytes_are_not_covered(void **state)
{
	long long cs = (long long)good.gap_from, ce = (long long)good.gap_to, len = (long long)good.len;
	char want[160];
	struct verify_result r;
	unsigned char *pdf;

	(void)state;
	/* stops 100 bytes after the gap, inside the signed revision */
	pdf = with_byte_range(0, cs, ce, 100);
	assert_int_equal(verify_pdf_buffer(pdf, good.len, "short.pdf", &with_ca, &r), 1);
	snprintf(want, sizeof want, "leave bytes %lld..%lld (%lld) unsigned", ce + 100, len - 1, len - ce - 100);
	assert_true(has_line(&r, 0, want));
	assert_true(has_line(&r, 0, "inside the signed revision"));
	assert_false(has_line(&r, 0, "bytes were appended"));
	free(pdf);

	/* skips 50 bytes before /Contents as well */
	pdf = with_byte_range(0, cs - 50, ce, len - ce);
	assert_int_equal(verify_pdf_buffer(pdf, good.len, "wide.pdf", &with_ca, &r), 1);
	snprintf(want, sizeof want, "leave bytes %lld..%lld (50) unsigned", cs - 50, cs - 1);
	assert_true(has_line(&r, 0, want));
	assert_true(has_line(&r, 0, "they skip more than the signature value"));
	assert_false(has_line(&r, 0, "bytes were appended"));
	free(pdf);

	/* does not start at 0 */
	pdf = with_byte_range(10, cs - 10, ce, len - ce);
	assert_int_equal(verify_pdf_buffer(pdf, good.len, "late.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "leave bytes 0..9 (10) unsigned"));
	assert_true(has_line(&r, 0, "they do not start at byte 0"));
	free(pdf);

	/* covers part of the signature value */
	pdf = with_byte_range(0, cs + 2, ce, len - ce);
	assert_int_equal(verify_pdf_buffer(pdf, good.len, "into.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "take in bytes of the signature value itself"));
	free(pdf);

	/* runs past the end */
	pdf = with_byte_range(0, cs, ce, len - ce + 1);
	assert_int_equal(verify_pdf_buffer(pdf, good.len, "long.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "shorter than its signed ranges (truncated)"));
	free(pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_signed_report_verifies_against_its_ca),
		cmocka_unit_test(every_byte_flipped_at_200_positions_in_the_signed_ranges_is_rejected),
		cmocka_unit_test(random_damage_to_the_signed_bytes_is_never_accepted),
		cmocka_unit_test(bytes_appended_after_signing_are_rejected),
		cmocka_unit_test(a_partial_byte_range_says_which_bytes_are_not_covered),
		cmocka_unit_test(a_report_signed_with_a_certificate_for_other_uses_is_rejected),
		cmocka_unit_test(a_truncated_file_is_rejected),
		cmocka_unit_test(a_second_signature_is_rejected),
		cmocka_unit_test(a_swapped_certificate_is_rejected),
		cmocka_unit_test(nonzero_padding_after_the_signature_value_is_rejected),
		cmocka_unit_test(whitespace_in_the_unsigned_gap_is_rejected),
		cmocka_unit_test(a_signer_that_does_not_chain_to_the_given_ca_is_rejected),
		cmocka_unit_test(a_self_signed_report_is_identified_only_by_its_fingerprint),
		cmocka_unit_test(an_unsigned_file_is_rejected),
		cmocka_unit_test(a_report_without_its_csv_attachments_is_rejected),
		cmocka_unit_test(credits_sla_lines_must_add_up_to_the_uncapped_total),
		cmocka_unit_test(credits_capped_total_is_the_uncapped_total_capped),
		cmocka_unit_test(credits_final_amounts_earn_back_and_net_must_agree),
		cmocka_unit_test(credits_in_ccsla_form_are_recomputed),
		cmocka_unit_test(credits_amounts_must_be_exact_decimals_in_one_currency),
		cmocka_unit_test(metrics_offered_must_equal_the_sum_of_outcomes),
		cmocka_unit_test(report_html_shows_the_verdicts_of_metrics_csv),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
