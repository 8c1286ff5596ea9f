/* test_pdfparse.c -- the PDF reader finds what it must and survives what it must not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <zlib.h>

#include "reports/sign/pdfparse.h"
#include "reports/sign/sign.h"
#include "reports/sign/verify.h"
#include "pdf_testlib.h"
#include "sign_fixture.h"

static void a_libharu_report_gives_its_catalog_first_page_and_attachments(void **state)
{
	size_t len, data_len, text_len;
	unsigned char *pdf = fixture_pdf(&len, 3, fixture_credits, fixture_metrics), *data, *text;
	struct pdf_doc d;
	struct ccsla_error err;
	uint32_t num;
	struct pdf_obj *page, *contents;

	(void)state;
	assert_int_equal(pdf_open(&d, pdf, len, "haru.pdf", &err), 0);
	assert_int_equal(pdf_first_page(&d, &num, &page, &err), 0);
	contents = pdf_dict_getr(&d, page, "Contents", &err);
	assert_int_equal(contents->type, PDF_STREAM);
	/* Compressed: the text is not readable in the raw stream. */
	assert_true(pdf_dict_get(contents, "Filter") != NULL);
	assert_true(fixture_find(contents->u.stream.data, contents->u.stream.len, "test report", 0) == (size_t)-1);
	assert_int_equal(pdf_stream_decode(&d, contents, 1 << 20, &text, &text_len, &err), 0);
	assert_non_null(strstr((char *)text, "(test report page 1 of 3)"));
	free(text);
	assert_int_equal(pdf_embedded_file(&d, "credits.csv", 1 << 20, &data, &data_len, &err), 0);
	assert_int_equal(data_len, strlen(fixture_credits));
	assert_memory_equal(data, fixture_credits, data_len);
	free(data);
	assert_int_equal(pdf_embedded_file(&d, "metrics.csv", 1 << 20, &data, &data_len, &err), 0);
	assert_memory_equal(data, fixture_metrics, data_len);
	free(data);
	assert_int_equal(pdf_embedded_file(&d, "manifest.json", 1 << 20, &data, &data_len, &err), 1);
	pdf_close(&d);
	free(pdf);
}

/* PDF 1.5 shape: catalog and page tree inside an object stream, an xref
 * stream compressed with the PNG Up predictor. */
static struct buf xref_stream_pdf(void)
{
	static const char objs[] = "<< /Type /Catalog /Pages 3 0 R >> << /Type /Pages /Kids [4 0 R] /Count 1 >>";
	struct buf b = {0};
	char head[32];
	size_t off1, off4, off5, hlen;
	unsigned char rows[6][4], raw[6 * 5], z[256];
	uLongf zlen = sizeof z;

	putf(&b, "%%PDF-1.5\n");
	off1 = b.len;
	hlen = (size_t)snprintf(head, sizeof head, "2 0 3 34 ");
	putf(&b, "1 0 obj\n<< /Type /ObjStm /N 2 /First %zu /Length %zu >>\nstream\n%s%s\nendstream\nendobj\n",
	     hlen, hlen + strlen(objs), head, objs);
	off4 = b.len;
	putf(&b, "4 0 obj\n<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>\nendobj\n");
	off5 = b.len;
	{
		unsigned char e[6][4] = {
			{ 0, 0, 0, 255 },
			{ 1, (unsigned char)(off1 >> 8), (unsigned char)off1, 0 },
			{ 2, 0, 1, 0 },
			{ 2, 0, 1, 1 },
			{ 1, (unsigned char)(off4 >> 8), (unsigned char)off4, 0 },
			{ 1, (unsigned char)(off5 >> 8), (unsigned char)off5, 0 },
		};
		memcpy(rows, e, sizeof rows);
	}
	for (int r = 0; r < 6; r++) {
		raw[r * 5] = 2;   /* Up */
		for (int c = 0; c < 4; c++)
			raw[r * 5 + 1 + c] = (unsigned char)(rows[r][c] - (r ? rows[r - 1][c] : 0));
	}
	assert_int_equal(compress(z, &zlen, raw, sizeof raw), Z_OK);
	putf(&b, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 2 1] /Root 2 0 R /Filter /FlateDecode "
	         "/DecodeParms << /Predictor 12 /Columns 4 >> /Length %lu >>\nstream\n", (unsigned long)zlen);
	put(&b, z, zlen);
	putf(&b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", off5);
	return b;
}

static void xref_streams_and_object_streams_are_read(void **state)
{
	struct buf b = xref_stream_pdf();
	struct pdf_doc d;
	struct ccsla_error err;
	uint32_t num;
	struct pdf_obj *o;

	(void)state;
	assert_int_equal(pdf_open(&d, b.p, b.len, "xs.pdf", &err), 0);
	assert_true(d.newest_is_stream);
	assert_int_equal(pdf_catalog(&d, &num, &o, &err), 0);
	assert_int_equal(num, 2);
	assert_int_equal(pdf_first_page(&d, &num, &o, &err), 0);
	assert_int_equal(num, 4);
	pdf_close(&d);
	free(b.p);
}

static void a_file_with_xref_streams_is_signed_with_an_xref_stream(void **state)
{
	struct buf b = xref_stream_pdf();
	struct signer *s = NULL;
	struct ccsla_error err;
	unsigned char *out;
	size_t out_len;
	struct verify_options opt = { KEYS "test-ca.pem", NULL, 1, NULL };
	struct verify_result r;

	(void)state;
	assert_int_equal(signer_load(&s, &fixture_leaf_config, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, b.p, b.len, "xs.pdf", &out, &out_len, &err), 0);
	assert_true(fixture_find(out, out_len, "/Type /XRef /W [1 4 2]", b.len) != (size_t)-1);
	assert_int_equal(verify_pdf_buffer(out, out_len, "xs-signed.pdf", &opt, &r), 0);
	signer_free(s);
	free(out);
	free(b.p);
}

static void existing_annotations_on_page_one_are_kept(void **state)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots 4 0 R >>",
		"[5 0 R]",
		"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] >>",
	};
	struct buf b = classic_pdf(objs, 5, "");
	struct signer *s = NULL;
	struct ccsla_error err;
	unsigned char *out;
	size_t out_len;
	struct pdf_doc d;
	struct pdf_obj *annots;

	(void)state;
	assert_int_equal(signer_load(&s, &fixture_leaf_config, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, b.p, b.len, "annots.pdf", &out, &out_len, &err), 0);
	assert_int_equal(pdf_open(&d, out, out_len, "annots-signed.pdf", &err), 0);
	annots = pdf_get(&d, 4, &err);
	assert_int_equal(annots->type, PDF_ARRAY);
	assert_int_equal(annots->u.array.n, 2);
	assert_int_equal(annots->u.array.items[0]->u.ref.num, 5);
	pdf_close(&d);
	signer_free(s);
	free(out);
	free(b.p);
}

static void replace_same_length(struct buf *b, const char *from, const char *to)
{
	size_t at = fixture_find(b->p, b->len, from, 0);

	assert_true(at != (size_t)-1);
	assert_int_equal(strlen(from), strlen(to));
	memcpy(b->p + at, to, strlen(to));
}

static void rewritten_objects_keep_their_generation_numbers(void **state)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	};
	struct buf b = classic_pdf(objs, 3, "");
	struct signer *s = NULL;
	struct ccsla_error err;
	unsigned char *out;
	size_t out_len, xref;
	struct verify_options opt = { KEYS "test-ca.pem", NULL, 1, NULL };
	struct verify_result r;

	(void)state;
	/* Catalog 1 and page 3 at generation 2 (same byte lengths, offsets hold). */
	replace_same_length(&b, "1 0 obj", "1 2 obj");
	replace_same_length(&b, "3 0 obj", "3 2 obj");
	replace_same_length(&b, "[3 0 R]", "[3 2 R]");
	replace_same_length(&b, "/Root 1 0 R", "/Root 1 2 R");
	xref = fixture_find(b.p, b.len, "xref\n", 0);
	b.p[xref + 9 + 20 * 1 + 15] = '2';   /* entry of object 1: "nnnnnnnnnn 00002 n" */
	b.p[xref + 9 + 20 * 3 + 15] = '2';
	assert_int_equal(signer_load(&s, &fixture_leaf_config, &err), 0);
	assert_int_equal(sign_pdf_buffer(s, &fixture_options, b.p, b.len, "gen.pdf", &out, &out_len, &err), 0);
	assert_true(fixture_find(out, out_len, "\n1 2 obj", b.len) != (size_t)-1);
	assert_true(fixture_find(out, out_len, "\n3 2 obj", b.len) != (size_t)-1);
	assert_true(fixture_find(out, out_len, "/P 3 2 R", b.len) != (size_t)-1);
	assert_true(fixture_find(out, out_len, "/Root 1 2 R", b.len) != (size_t)-1);
	assert_int_equal(verify_pdf_buffer(out, out_len, "gen-signed.pdf", &opt, &r), 0);
	signer_free(s);
	free(out);
	free(b.p);
}

static void strings_names_and_numbers_are_decoded(void **state)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R /S (a\\(b\\)c\\101\\\nd) /H <48656C6C6F7> /N /A#20B "
		"/R -1.50 /I -42 /T true /Z null >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R >>",
	};
	struct buf b = classic_pdf(objs, 3, "");
	struct pdf_doc d;
	struct ccsla_error err;
	uint32_t num;
	struct pdf_obj *cat, *o;

	(void)state;
	assert_int_equal(pdf_open(&d, b.p, b.len, "lex.pdf", &err), 0);
	assert_int_equal(pdf_catalog(&d, &num, &cat, &err), 0);
	o = pdf_dict_get(cat, "S");
	assert_string_equal(o->u.str.s, "a(b)cAd");
	o = pdf_dict_get(cat, "H");
	assert_int_equal(o->u.str.len, 6);
	assert_memory_equal(o->u.str.s, "Hello\x70", 6);
	assert_string_equal(pdf_dict_get(cat, "N")->u.str.s, "A B");
	assert_int_equal(pdf_dict_get(cat, "R")->type, PDF_REAL);
	assert_string_equal(pdf_dict_get(cat, "R")->u.str.s, "-1.50");
	assert_int_equal(pdf_dict_get(cat, "I")->u.integer, -42);
	assert_int_equal(pdf_dict_get(cat, "T")->u.boolean, 1);
	assert_int_equal(pdf_dict_get(cat, "Z")->type, PDF_NULL);
	pdf_close(&d);
	free(b.p);
}

static void a_page_tree_that_loops_is_an_error_not_a_hang(void **state)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
	};
	struct buf b = classic_pdf(objs, 2, "");
	struct pdf_doc d;
	struct ccsla_error err;
	uint32_t num;
	struct pdf_obj *page;

	(void)state;
	assert_int_equal(pdf_open(&d, b.p, b.len, "loop.pdf", &err), 0);
	assert_int_equal(pdf_first_page(&d, &num, &page, &err), -1);
	assert_non_null(strstr(err.msg, "a loop?"));
	pdf_close(&d);
	free(b.p);
}

static void form_fields_that_refer_to_themselves_are_walked_in_bounded_time(void **state)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 4 0 R] >> >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R >>",
		"<< /FT /Sig /V << /Type /Sig >> /Kids [4 0 R 4 0 R] >>",
	};
	struct buf b = classic_pdf(objs, 4, "");
	struct pdf_doc d;
	struct ccsla_error err;
	struct pdf_obj *sigs[2];
	size_t n_fields;
	int n;

	(void)state;
	assert_int_equal(pdf_open(&d, b.p, b.len, "fields.pdf", &err), 0);
	n = pdf_signatures(&d, sigs, 2, &n_fields);
	assert_true(n > 1);                 /* more than one: a signer refuses it, verify rejects it */
	assert_true(n_fields <= 10000);
	pdf_close(&d);
	free(b.p);
}

static void a_name_tree_that_repeats_itself_is_an_error_not_a_hang(void **state)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Kids [3 0 R 3 0 R] >>",
	};
	struct buf b = classic_pdf(objs, 3, "");
	struct pdf_doc d;
	struct ccsla_error err;
	unsigned char *data;
	size_t len;

	(void)state;
	assert_int_equal(pdf_open(&d, b.p, b.len, "names.pdf", &err), 0);
	assert_int_equal(pdf_embedded_file(&d, "credits.csv", 100, &data, &len, &err), -1);
	assert_non_null(strstr(err.msg, "a loop?"));
	pdf_close(&d);
	free(b.p);
}

static void a_prev_chain_that_loops_is_an_error(void **state)
{
	static const char *const objs[] = { "<< /Type /Catalog >>" };
	struct buf b = classic_pdf(objs, 1, "");
	struct pdf_doc d;
	struct ccsla_error err;
	size_t xref = fixture_find(b.p, b.len, "xref\n", 0);
	char extra[64];

	(void)state;
	free(b.p);
	snprintf(extra, sizeof extra, "/Prev %zu", xref);
	b = classic_pdf(objs, 1, extra);
	assert_int_equal(pdf_open(&d, b.p, b.len, "prev.pdf", &err), -1);
	assert_non_null(strstr(err.msg, "/Prev chain loops"));
	free(b.p);
}

static void damaged_files_give_errors_with_the_byte_offset(void **state)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		"<< /Length 4 0 R >>\nstream\nBT ET\nendstream",
	};
	struct buf b = classic_pdf(objs, 4, "");
	struct pdf_doc d;
	struct ccsla_error err;
	struct pdf_obj *o;
	unsigned char *data;
	size_t n;
	char deep[400];

	(void)state;
	/* A stream whose /Length refers to itself falls back to 'endstream'. */
	assert_int_equal(pdf_open(&d, b.p, b.len, "self.pdf", &err), 0);
	o = pdf_get(&d, 4, &err);
	assert_non_null(o);
	assert_int_equal(pdf_stream_decode(&d, o, 100, &data, &n, &err), 0);
	assert_int_equal(n, 5);
	free(data);
	assert_null(pdf_get(&d, 9, &err));
	assert_non_null(strstr(err.msg, "object 9 is not in the file"));
	pdf_close(&d);

	assert_int_equal(pdf_open(&d, b.p, b.len - 30, "cut.pdf", &err), -1);
	assert_non_null(strstr(err.msg, "startxref"));
	assert_int_equal(pdf_open(&d, (const unsigned char *)"hello world", 11, "txt", &err), -1);
	assert_non_null(strstr(err.msg, "not a PDF"));
	free(b.p);

	memset(deep, '[', 200);
	memset(deep + 200, ']', 200);
	deep[399] = '\0';
	{
		const char *const nested[] = { deep };
		b = classic_pdf(nested, 1, "");
		assert_int_equal(pdf_open(&d, b.p, b.len, "deep.pdf", &err), 0);
		assert_null(pdf_get(&d, 1, &err));
		assert_non_null(strstr(err.msg, "nested too deeply"));
		pdf_close(&d);
		free(b.p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_libharu_report_gives_its_catalog_first_page_and_attachments),
		cmocka_unit_test(xref_streams_and_object_streams_are_read),
		cmocka_unit_test(a_file_with_xref_streams_is_signed_with_an_xref_stream),
		cmocka_unit_test(existing_annotations_on_page_one_are_kept),
		cmocka_unit_test(rewritten_objects_keep_their_generation_numbers),
		cmocka_unit_test(strings_names_and_numbers_are_decoded),
		cmocka_unit_test(a_page_tree_that_loops_is_an_error_not_a_hang),
		cmocka_unit_test(form_fields_that_refer_to_themselves_are_walked_in_bounded_time),
		cmocka_unit_test(a_name_tree_that_repeats_itself_is_an_error_not_a_hang),
		cmocka_unit_test(a_prev_chain_that_loops_is_an_error),
		cmocka_unit_test(damaged_files_give_errors_with_the_byte_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
