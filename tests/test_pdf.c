/* test_pdf.c -- the layout layer: wrapping, page breaks under a repeated
 * table header, "page n of N", attachments by bare name and in name order,
 * reproducible bytes; headings that wrap and lines that never cross a margin;
 * and the chart's 1-2-5 ticks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "reports/pdf/chart.h"
#include "reports/pdf/pdf.h"
#include "reports/sign/pdfparse.h"

static const struct pdfw_setup SETUP = {
	"Test", "Northwind", "subject", "k", "Zürich Versicherung", "2026-10", "RPT-1",
	NULL, 1790000000, 0,
};

static void ticks_are_1_2_5_steps_covering_the_range(void **state)
{
	double lo = 71.3, hi = 96.2, step;

	(void)state;
	step = chart_nice_step(&lo, &hi, 5);
	assert_true(step == 5.0);
	assert_true(lo == 70.0 && hi == 100.0);
	lo = 0;
	hi = 1234;
	assert_true(chart_nice_step(&lo, &hi, 5) == 500.0 && hi == 1500.0);
	lo = hi = 7; /* a flat series still gets an axis */
	assert_true(chart_nice_step(&lo, &hi, 5) > 0 && lo < 7 && hi > 7);
}

static void a_long_text_wraps_at_spaces_within_the_width(void **state)
{
	struct pdfw_doc d;
	struct ccsla_error err;
	size_t starts[16], lens[16], n, i;
	const char *text = "Łódź Ελλάδα the quick brown fox jumps over the lazy dog again and again";

	(void)state;
	assert_int_equal(pdfw_open(&d, &SETUP, &err), 0);
	n = pdfw_wrap(&d, d.regular, 10, text, 100, starts, lens, 16);
	assert_true(n > 2);
	for (i = 0; i < n; i++) {
		char line[128];

		memcpy(line, text + starts[i], lens[i]);
		line[lens[i]] = '\0';
		assert_true(pdfw_text_width(&d, d.regular, 10, line) <= 100.0f);
		assert_true(line[0] != ' ');
	}
	/* a word wider than the width is cut between characters, not lost */
	n = pdfw_wrap(&d, d.regular, 10, "0123456789abcdef0123456789abcdef0123456789", 40, starts, lens, 16);
	assert_true(n > 3);
	assert_int_equal(starts[n - 1] + lens[n - 1], 42);
	pdfw_close(&d);
}

/* An SLA id too wide for its column breaks after a '-', never inside a
 * word; a word without one is still cut where it stops fitting. */
static void a_word_without_spaces_breaks_after_its_last_hyphen(void **state)
{
	struct pdfw_doc d;
	struct ccsla_error err;
	size_t starts[16], lens[16], n;
	float w;

	(void)state;
	assert_int_equal(pdfw_open(&d, &SETUP, &err), 0);
	/* "AVAIL-VOICE" fits only up to "AVAIL-VOIC" */
	w = pdfw_text_width(&d, d.bold, 8, "AVAIL-VOIC") + 0.5f;
	assert_true(w < pdfw_text_width(&d, d.bold, 8, "AVAIL-VOICE"));
	n = pdfw_wrap(&d, d.bold, 8, "AVAIL-VOICE", w, starts, lens, 16);
	assert_int_equal(n, 2);
	assert_int_equal(lens[0], 6); /* "AVAIL-" */
	assert_int_equal(starts[1], 6);
	assert_int_equal(lens[1], 5); /* "VOICE" */
	/* the last '-' that fits: "SL-VOICE-" "EU" */
	w = pdfw_text_width(&d, d.bold, 8, "SL-VOICE-E") + 0.5f;
	n = pdfw_wrap(&d, d.bold, 8, "SL-VOICE-EU", w, starts, lens, 16);
	assert_int_equal(n, 2);
	assert_int_equal(lens[0], 9);
	/* a space still wins over a '-': "an" "AVAIL-VOICE" */
	w = pdfw_text_width(&d, d.bold, 8, "an AVAIL-VOI") + 0.5f;
	n = pdfw_wrap(&d, d.bold, 8, "an AVAIL-VOICE", w, starts, lens, 16);
	assert_int_equal(lens[0], 2);
	/* a leading '-' is no break: "-40000000" is cut where it stops fitting */
	w = pdfw_text_width(&d, d.bold, 8, "-4000") + 0.5f;
	n = pdfw_wrap(&d, d.bold, 8, "-40000000", w, starts, lens, 16);
	assert_int_equal(lens[0], 5);
	pdfw_close(&d);
}

static int render_table(const char *path, int rows)
{
	static const struct pdfw_column cols[] = {
		{ "Day", 80, PDF_LEFT }, { "Offered", 80, PDF_RIGHT }, { "Verdict", 100, PDF_LEFT },
	};
	struct pdfw_doc d;
	struct pdfw_table t;
	struct ccsla_error err;
	int i, ret;

	if (pdfw_open(&d, &SETUP, &err) < 0)
		return -1;
	pdfw_heading(&d, 1, "Days", 40);
	pdfw_table_begin(&d, &t, cols, 3, 8);
	for (i = 0; i < rows; i++) {
		char day[16], n[16];
		const char *cells[3] = { day, n, i % 3 ? "✓ met" : "✗ missed" };
		enum pdfw_tone tones[3] = { 0, 0, i % 3 ? PDF_TONE_GOOD : PDF_TONE_WARN };

		snprintf(day, sizeof day, "day %d", i + 1);
		snprintf(n, sizeof n, "%d", i * 7);
		pdfw_table_row(&d, &t, cells, tones);
	}
	pdfw_table_end(&d, &t);
	ret = pdfw_save(&d, path, &err);
	pdfw_close(&d);
	return ret < 0 ? -1 : (int)d.n_pages;
}

static void a_long_table_breaks_pages_and_two_renders_are_identical(void **state)
{
	char a[] = "/tmp/ccsla-test-pdf-a-XXXXXX", b[] = "/tmp/ccsla-test-pdf-b-XXXXXX";
	char *da = NULL, *db = NULL;
	size_t na, nb;
	struct ccsla_error err;
	int pages;

	(void)state;
	close(mkstemp(a));
	close(mkstemp(b));
	pages = render_table(a, 200);
	assert_true(pages >= 3);
	assert_int_equal(render_table(b, 200), pages);
	assert_int_equal(read_file(a, &da, &na, &err), 0);
	assert_int_equal(read_file(b, &db, &nb, &err), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	assert_true(memcmp(da, "%PDF-", 5) == 0);
	assert_int_equal(render_table(a, 3), 1);
	free(da);
	free(db);
	unlink(a);
	unlink(b);
}

static void flowing_content_stays_above_the_reserved_area_of_page_1(void **state)
{
	static const struct pdfw_column cols[] = { { "Row", 200, PDF_LEFT }, { "Value", 100, PDF_RIGHT } };
	struct pdfw_setup st = SETUP;
	struct pdfw_doc d;
	struct pdfw_table t;
	struct ccsla_error err;
	float lowest = 1e9f;
	const char *cells[2] = { "a row", "1" };

	(void)state;
	st.first_page_bottom = 118;
	assert_int_equal(pdfw_open(&d, &st, &err), 0);
	pdfw_table_begin(&d, &t, cols, 2, 8);
	while (d.n_pages == 1) {
		if (d.y < lowest)
			lowest = d.y;
		pdfw_table_row(&d, &t, cells, NULL);
	}
	assert_true(lowest >= 118.0f);
	/* page 2 goes down to the normal bottom margin */
	while (d.n_pages == 2) {
		if (d.y < lowest)
			lowest = d.y;
		pdfw_table_row(&d, &t, cells, NULL);
	}
	assert_true(lowest < 100.0f);
	pdfw_close(&d);
}

/* The font sizes set on page 1 (the numbers before each "Tf"). */
static size_t page1_font_sizes(const char *path, float *sizes, size_t max)
{
	struct ccsla_error err;
	struct pdf_doc pd;
	struct pdf_obj *page, *contents;
	uint32_t num;
	char *pdf = NULL, *p;
	unsigned char *text;
	size_t n, len, count = 0;

	assert_int_equal(read_file(path, &pdf, &n, &err), 0);
	assert_int_equal(pdf_open(&pd, (unsigned char *)pdf, n, "t.pdf", &err), 0);
	assert_int_equal(pdf_first_page(&pd, &num, &page, &err), 0);
	assert_non_null(contents = pdf_dict_getr(&pd, page, "Contents", &err));
	assert_int_equal(pdf_stream_decode(&pd, contents, 1 << 20, &text, &len, &err), 0);
	for (p = (char *)text; (p = strstr(p, " Tf")) && count < max; p += 3) {
		char *q = p;

		while (q > (char *)text && q[-1] != ' ')
			q--;
		sizes[count++] = strtof(q, NULL);
	}
	free(text);
	pdf_close(&pd);
	free(pdf);
	return count;
}

static void a_long_heading_wraps_and_no_line_runs_past_the_margin(void **state)
{
	char path[] = "/tmp/ccsla-test-margin-XXXXXX";
	struct pdfw_doc d;
	struct ccsla_error err;
	float y0, short_h, long_h, sizes[32];
	size_t n, i, smaller = 0;

	(void)state;
	close(mkstemp(path));
	assert_int_equal(pdfw_open(&d, &SETUP, &err), 0);
	y0 = d.y;
	pdfw_heading(&d, 1, "Channel: voice", 0);
	short_h = y0 - d.y;
	y0 = d.y;
	/* KOALA's heading that ran to x = 600 pt on a 595 pt page */
	pdfw_heading(&d, 1, "Channel: messaging (service level: answered within 4 service hours; waits in "
	                    "service hours)", 0);
	long_h = y0 - d.y;
	assert_true(long_h > short_h + 14 && long_h < short_h + 20 + 14); /* one more line */
	/* a single line at 10 pt from x = 500 has 53 pt to the margin: set smaller */
	pdfw_text(&d, d.regular, 10, 500, 400, PDF_LEFT, "a line too long for the room left");
	assert_int_equal(pdfw_save(&d, path, &err), 0);
	pdfw_close(&d);
	n = page1_font_sizes(path, sizes, 32);
	for (i = 0; i < n; i++) {
		assert_true(sizes[i] != 10.0f);
		smaller += sizes[i] > 1 && sizes[i] < 8;
	}
	assert_true(smaller == 1);
	unlink(path);
}

/* Five attachments (metrics, credits, manifest, report.html and a
 * revision's adjustments.csv) in name order: pdfdetach lists all five; a file out of
 * name order is refused rather than written into an unsorted name tree
 * (libharu's HPDF_NameTree_Add lost the fourth file's name). */
static void five_attachments_in_name_order_are_all_listed(void **state)
{
	static const char *const names[] = { "adjustments.csv", "credits.csv", "manifest.json", "metrics.csv",
	                                     "report.html" };
	char dir[] = "/tmp/ccsla-test-pdf-att-XXXXXX", path[256], cmd[512], listing[512] = "";
	struct pdfw_doc d;
	struct ccsla_error err;
	size_t i, len = 0;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		assert_int_equal(atomic_write(path, names[i], strlen(names[i]), &err), 0);
	}
	assert_int_equal(pdfw_open(&d, &SETUP, &err), 0);
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		assert_int_equal(pdfw_attach(&d, path, &err), 0);
	}
	snprintf(path, sizeof path, "%s/credits.csv", dir);
	assert_int_equal(pdfw_attach(&d, path, &err), -1);
	snprintf(path, sizeof path, "%s/out.pdf", dir);
	assert_int_equal(pdfw_save(&d, path, &err), 0);
	pdfw_close(&d);
	snprintf(cmd, sizeof cmd, "pdfdetach -list '%s' 2>&1", path);
	assert_non_null(fp = popen(cmd, "r"));
	while (len < sizeof listing - 1 && fgets(listing + len, (int)(sizeof listing - len), fp))
		len = strlen(listing);
	pclose(fp);
	assert_string_equal(listing, "5 embedded files\n1: adjustments.csv\n2: credits.csv\n3: manifest.json\n"
	                             "4: metrics.csv\n5: report.html\n");
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/out.pdf", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ticks_are_1_2_5_steps_covering_the_range),
		cmocka_unit_test(a_long_text_wraps_at_spaces_within_the_width),
		cmocka_unit_test(a_word_without_spaces_breaks_after_its_last_hyphen),
		cmocka_unit_test(a_long_table_breaks_pages_and_two_renders_are_identical),
		cmocka_unit_test(flowing_content_stays_above_the_reserved_area_of_page_1),
		cmocka_unit_test(a_long_heading_wraps_and_no_line_runs_past_the_margin),
		cmocka_unit_test(five_attachments_in_name_order_are_all_listed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
