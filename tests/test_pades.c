/* test_pades.c -- the B-LT update: a document security store after the
 * signature verifies; any other change after it does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reports/sign/dss.h"
#include "reports/sign/pdfparse.h"
#include "reports/sign/pdfwrite.h"
#include "reports/sign/sign.h"
#include "reports/sign/verify.h"
#include "sign_fixture.h"

static const struct verify_options with_ca = { .ca_path = KEYS "test-ca.pem" };

static int has_line(const struct verify_result *r, int ok, const char *words)
{
	for (int i = 0; i < r->n_lines; i++)
		if (r->lines[i].ok == ok && strstr(r->lines[i].text, words))
			return 1;
	return 0;
}

/* A fixture report, signed (B-B), then with a DSS update. */
static unsigned char *signed_with_dss(size_t *len, size_t *signed_len)
{
	struct signer *s;
	struct ccsla_error err = {0};
	size_t in_len, out_len;
	unsigned char *in = fixture_pdf(&in_len, 2, fixture_credits, fixture_metrics), *out, *lt;

	assert_int_equal(signer_load(&s, &fixture_leaf_config, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, in, in_len, "in.pdf", &out, &out_len, &err), 0);
	assert_int_equal(dss_append(out, out_len, "signed.pdf", NULL, NULL, &lt, len, &err), 0);
	assert_true(*len > out_len);
	assert_memory_equal(lt, out, out_len);   /* an incremental update: the signed bytes are a prefix */
	*signed_len = out_len;
	signer_free(s);
	free(in);
	free(out);
	return lt;
}

static void a_dss_update_after_the_signature_verifies(void **state)
{
	size_t len, signed_len;
	unsigned char *pdf = signed_with_dss(&len, &signed_len);
	struct verify_result r;

	(void)state;
	assert_int_equal(verify_pdf_buffer(pdf, len, "lt.pdf", &with_ca, &r), 0);
	assert_true(has_line(&r, 1, "only add validation data (a document security store with 2 certificates, 0 CRLs"));
	assert_true(r.all_ok);
	free(pdf);
}

/* Appends an update that writes page 1 again with extra entries. */
static unsigned char *with_page_changed(const unsigned char *pdf, size_t len, const char *extra, size_t *out_len)
{
	static const char *const none[] = { NULL };
	struct pdf_doc d;
	struct ccsla_error err = {0};
	struct pdf_obj *page, *cat, *size;
	uint32_t page_num, cat_num;
	struct sbuf b = {0};
	struct new_obj objs[1];
	int n = 0;

	assert_int_equal(pdf_open(&d, pdf, len, "lt.pdf", &err), 0);
	assert_int_equal(pdf_first_page(&d, &page_num, &page, &err), 0);
	assert_int_equal(pdf_catalog(&d, &cat_num, &cat, &err), 0);
	size = pdf_dict_get(d.trailer, "Size");
	sb_put(&b, pdf, len);
	begin_obj(&b, &d, objs, &n, page_num);
	SB_LIT(&b, "<<");
	assert_int_equal(put_dict_entries_except(&b, page, none), 0);
	sb_printf(&b, " %s >>\nendobj\n", extra);
	put_xref(&b, &d, objs, n, (uint32_t)size->u.integer, cat_num, 0, 0);
	assert_false(b.oom);
	pdf_close(&d);
	*out_len = b.len;
	return b.p;
}

static void an_update_that_changes_a_page_after_the_signature_fails(void **state)
{
	size_t len, signed_len, changed_len;
	unsigned char *pdf = signed_with_dss(&len, &signed_len), *changed;
	struct verify_result r;

	(void)state;
	changed = with_page_changed(pdf, len, "/Rotate 90", &changed_len);
	assert_int_equal(verify_pdf_buffer(changed, changed_len, "changed.pdf", &with_ca, &r), 1);
	assert_true(has_line(&r, 0, "bytes were appended after signing"));
	assert_true(has_line(&r, 0, "not only validation data (the later update changes object"));
	free(changed);
	free(pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_dss_update_after_the_signature_verifies),
		cmocka_unit_test(an_update_that_changes_a_page_after_the_signature_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
