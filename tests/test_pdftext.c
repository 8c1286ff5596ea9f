/* test_pdftext.c -- the page text reader (reports/sign/pdftext.h) reads
 * back what render.c draws, decodes what a ToUnicode CMap says and nothing
 * else, and turns damage into errors that name the page and the object;
 * `verify --recompute`'s page check (recompute_pages.c) names a figure the
 * pages print differently from the recomputed report or the attached CSV. */
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
#include "reports/compose/render.h"
#include "reports/recompute/recompute_compare.h"
#include "reports/sign/pdfparse.h"
#include "reports/sign/pdftext.h"
#include "pdf_testlib.h"

static char stream_obj[8][4096];

/* "<< /Length N >> stream ... endstream" around text. */
static const char *stream(int slot, const char *text)
{
	snprintf(stream_obj[slot], sizeof stream_obj[slot], "<< /Length %zu >>\nstream\n%s\nendstream", strlen(text),
	         text);
	return stream_obj[slot];
}

/* A one-page PDF: content, a font /F1 with the CMap given (or none), and
 * an extra object 7 for tests that need one. */
static struct buf one_page(const char *content, const char *cmap)
{
	const char *bodies[6] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		stream(0, content),
		cmap ? "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>"
		     : "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		stream(1, cmap ? cmap : ""),
	};

	return classic_pdf(bodies, 6, "");
}

static const char CMAP2[] = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                            "2 beginbfrange <0020> <007E> <0020>\n<00E0> <00FF> <00E0> endbfrange\n"
                            "2 beginbfchar <0141> <2713> <2713> <2713> endbfchar\n"
                            "1 beginbfrange <0001> <0003> [<0066> <00660069> <D83DDE00>] endbfrange\n"
                            "1 beginbfchar <0007> <0007> endbfchar\n"
                            "endcmap CMapName currentdict /CMap defineresource pop end end\n";
static const char CMAP1[] = "begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
                            "1 beginbfrange <20> <7E> <0020> endbfrange endcmap\n";

/* Reads b's text; returns pdftext_read's result. */
static int read_text(struct buf *b, struct pdftext *t, struct ccsla_error *err)
{
	struct pdf_doc d;
	int rc;

	memset(err, 0, sizeof *err);
	if (pdf_open(&d, b->p, b->len, "t.pdf", err) < 0)
		return -2;
	rc = pdftext_read(&d, t, err);
	pdf_close(&d);
	return rc;
}

static void strings_of_every_show_operator_are_decoded_in_order(void **state)
{
	struct buf b = one_page("BT /F1 12 Tf 72 700 Td <00480069> Tj [<0020> -250 <00570065>] TJ\n"
	                        "14 TL T* <004C0069006E006500200032> Tj\n"
	                        "<0033> ' 1 2 <0034> \" ET\n"
	                        "BT /F1 10 Tf 2 0 0 2 300 500 Tm <0141 00E9 0001 0002 0003 004100> Tj ET\n"
	                        "BT /F1 8 Tf 10 10 Td <0007 0009> Tj ET",
	                        CMAP2);
	struct pdftext t;
	struct ccsla_error err;

	(void)state;
	assert_int_equal(read_text(&b, &t, &err), 0);
	assert_int_equal(t.pages, 1);
	assert_int_equal(t.n, 6);
	/* Tj and TJ before any repositioning are one run; kerning adds nothing */
	assert_string_equal(t.runs[0].text, "Hi We");
	assert_true(t.runs[0].x == 72 && t.runs[0].y == 700 && t.runs[0].size == 12);
	/* T* moves down by the leading TL */
	assert_string_equal(t.runs[1].text, "Line 2");
	assert_true(t.runs[1].x == 72 && t.runs[1].y == 686);
	/* ' and " move to the next line first */
	assert_string_equal(t.runs[2].text, "3");
	assert_true(t.runs[2].y == 672);
	assert_string_equal(t.runs[3].text, "4");
	assert_true(t.runs[3].y == 658);
	/* Tm sets the position and scales the size; bfchar, bfrange with an
	 * array (one to two units, a surrogate pair); a code cut short is U+FFFD */
	assert_string_equal(t.runs[4].text, "✓é" "f" "fi" "\xF0\x9F\x98\x80" "A\xEF\xBF\xBD");
	assert_true(t.runs[4].x == 300 && t.runs[4].y == 500 && t.runs[4].size == 20);
	/* a code mapped to a control character, and an unmapped code: U+FFFD */
	assert_string_equal(t.runs[5].text, "\xEF\xBF\xBD\xEF\xBF\xBD");
	pdftext_free(&t);
	free(b.p);
}

static void literal_strings_and_one_byte_codes(void **state)
{
	struct buf b = one_page("BT /F1 9 Tf 1 0 0 1 40 30 Tm (a\\(b\\) \\101\\102C (nested) x\\\ny) Tj ET\n"
	                        "BI /W 2 /H 2 /BPC 8 /CS /G ID \x01(\xff)\x02 EI\n"
	                        "BT /F1 9 Tf 40 20 Td (after the image) Tj ET",
	                        CMAP1);
	struct pdftext t;
	struct ccsla_error err;

	(void)state;
	assert_int_equal(read_text(&b, &t, &err), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.runs[0].text, "a(b) ABC (nested) xy");
	/* an inline image's bytes are skipped, not read as strings */
	assert_string_equal(t.runs[1].text, "after the image");
	pdftext_free(&t);
	free(b.p);
}

static void a_font_without_to_unicode_is_an_error_naming_page_and_object(void **state)
{
	struct buf b = one_page("BT /F1 12 Tf 72 700 Td (x) Tj ET", NULL);
	struct pdftext t;
	struct ccsla_error err;

	(void)state;
	assert_int_equal(read_text(&b, &t, &err), -1);
	assert_string_equal(err.msg, "page 1 (object 3): font /F1 (object 5) has no /ToUnicode CMap: its text cannot "
	                             "be read");
	assert_null(t.runs);
	free(b.p);
}

static void damaged_content_is_an_error_not_a_crash(void **state)
{
	static const char *const bad[] = {
		"BT /F1 12 Tf (never closed Tj ET",
		"BT /F1 12 Tf <00zz> Tj ET",
		"BT /F9 12 Tf <0041> Tj ET",
		"BT <0041> Tj ET",
		"BT /F1 12 Tf 0 0 Td ) Tj ET",
	};
	static const char *const why[] = {
		"page 1 (object 3): content stream: a string without its closing parenthesis",
		"page 1 (object 3): content stream: a hex string with a byte that is not a hex digit",
		"page 1 (object 3): font /F9 is not in the page's resources",
		"page 1 (object 3): text shown before any font was set (Tf)",
		"page 1 (object 3): content stream: a ')' outside a string",
	};
	const char *good = "q 1 0 0 1 0 0 cm BT /F1 12 Tf [<0041> 3 [<0042>] << /A [1 2] >>] TJ "
	                   "/P << /MCID 0 >> BDC 72 700 Td <0041 0042> Tj EMC ET Q";
	struct pdftext t;
	struct ccsla_error err;
	size_t i, cut;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf b = one_page(bad[i], CMAP2);

		assert_int_equal(read_text(&b, &t, &err), -1);
		assert_string_equal(err.msg, why[i]);
		free(b.p);
	}
	/* every prefix of a content stream either reads or is an error */
	for (cut = 0; cut <= strlen(good); cut++) {
		char part[512];
		struct buf b;
		int rc;

		snprintf(part, sizeof part, "%.*s", (int)cut, good);
		b = one_page(part, CMAP2);
		rc = read_text(&b, &t, &err);
		assert_true(rc == 0 || rc == -1);
		if (rc == 0)
			pdftext_free(&t);
		free(b.p);
	}
	{
		struct buf b = one_page(good, CMAP2);

		assert_int_equal(read_text(&b, &t, &err), 0);
		/* TJ joins the strings of its array (nested ones too); a
		 * dictionary operand (BDC) is skipped */
		assert_int_equal(t.n, 2);
		assert_string_equal(t.runs[0].text, "AB");
		assert_string_equal(t.runs[1].text, "AB");
		pdftext_free(&t);
		free(b.p);
	}
}

static void a_page_tree_that_loops_is_an_error_and_contents_may_be_an_array(void **state)
{
	const char *loop[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
	};
	const char *parts[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 8 0 R] /Count 2 /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Type /Page /Parent 2 0 R /Contents [4 0 R 7 0 R] >>",
		stream(0, "BT /F1 12 Tf 72 700 Td <0041"),
		"<< /Type /Font /Subtype /Type0 /ToUnicode 6 0 R >>",
		stream(1, CMAP2),
		stream(2, "0042> Tj ET"),
		"<< /Type /Page /Parent 2 0 R >>",
	};
	struct buf b = classic_pdf(loop, 2, "");
	struct pdftext t;
	struct ccsla_error err;

	(void)state;
	assert_int_equal(read_text(&b, &t, &err), -1);
	assert_non_null(strstr(err.msg, "object 2: page tree deeper than 32"));
	free(b.p);
	/* the parts of /Contents are one stream; resources inherited; a page
	 * without /Contents is blank */
	b = classic_pdf(parts, 8, "");
	assert_int_equal(read_text(&b, &t, &err), 0);
	assert_int_equal(t.pages, 2);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.runs[0].text, "AB");
	pdftext_free(&t);
	free(b.p);
}

/* ---- a rendered report ---- */

static struct report_sla slas[2];
static const struct report_credit_line credit[1] = {
	{ "SL-Łódź", "77.10", "default", "60.00", "1.00", ">= 80 (min >= 75)", "1200.00", "1200.00", "below minimum" },
};

static void fill(struct report_model *m)
{
	memset(slas, 0, sizeof slas);
	slas[0].id = "SL-Łódź";
	slas[0].title = "Voice service level, a title that wraps";
	slas[0].metric = "service_level";
	slas[0].metric_label = "service level";
	slas[0].basis = "160 answered within 20 seconds of 208 counted";
	slas[0].channels = "voice";
	slas[0].kind = "critical";
	slas[0].unit = "%";
	slas[0].target = ">= 80";
	slas[0].minimum = ">= 75";
	slas[0].value = "77.10";
	slas[0].verdict = REPORT_DEFAULT;
	slas[0].verdict_note = "below minimum";
	slas[1] = slas[0];
	slas[1].id = "AHT";
	slas[1].title = "Handling time";
	slas[1].unit = "s";
	slas[1].target = "<= 420";
	slas[1].minimum = NULL;
	slas[1].value = "378.175";
	slas[1].verdict = REPORT_MET;
	slas[1].kind = "key";
	memset(m, 0, sizeof *m);
	m->client_id = "PL";
	m->client_name = "Łódź Ubezpieczenia";
	m->ccc_name = "Northwind";
	m->contract_id = "C-1";
	m->contract_version = "1";
	m->period = "2026-10";
	m->period_label = "October 2026";
	m->timezone = "Europe/Warsaw";
	m->status = REPORT_FINAL;
	m->report_id = "PL-2026-10-F-0123456789";
	m->issue_date = "2026-11-03";
	m->slas = slas;
	m->n_slas = 2;
	m->currency = "EUR";
	m->credits = credit;
	m->n_credits = 1;
	m->credits_uncapped = "1200.00";
	m->credits_cap = "4800.00";
	m->credits_final = "1200.00";
	m->software_version = "ccsla test";
	m->summary.credits_due = "EUR 1,200.00 to the client";
	m->summary.n_default = 1;
	m->summary.change = "first month";
	m->summary.completeness = "31 of 31 days";
	m->history_note = "The ledger starts here.";
}

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_pdftext-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(dir);
	return 0;
}

static void write_text(const char *name, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void rendered(const struct report_model *m, char *path, size_t size)
{
	struct ccsla_error err;

	snprintf(path, size, "%s/report.pdf", dir);
	assert_int_equal(render_report(m, path, &err), 0);
}

static const char METRICS[] = "period,scope,item,date,metric,value,unit,verdict\n"
                              "2026-10,sla,SL-Łódź,month,service_level_pct,77.10,%,default\n"
                              "2026-10,sla,AHT,month,aht_s,378.175,s,met\n";
static const char CREDITS[] = "period,line,sla_id,uncapped_amount,cap,final_amount,currency\n"
                              "2026-10,sla,SL-Łódź,1200.00,,1200.00,EUR\n"
                              "2026-10,total,,1200.00,,1200.00,EUR\n"
                              "2026-10,cap,,,4800.00,,EUR\n"
                              "2026-10,net,,,,1200.00,EUR\n";

static void a_rendered_report_reads_back_its_scorecard(void **state)
{
	struct report_model m;
	struct pdftext t;
	struct pdf_doc d;
	struct ccsla_error err;
	char path[128], *buf;
	size_t len, i;
	int row = -1;

	(void)state;
	fill(&m);
	rendered(&m, path, sizeof path);
	assert_int_equal(read_file(path, &buf, &len, &err), 0);
	assert_int_equal(pdf_open(&d, (unsigned char *)buf, len, path, &err), 0);
	assert_int_equal(pdftext_read(&d, &t, &err), 0);
	assert_true(t.pages >= 2);
	for (i = 0; i + 6 < t.n && row < 0; i++)
		if (!strcmp(t.runs[i].text, "SLA") && !strcmp(t.runs[i + 1].text, "Title") &&
		    !strcmp(t.runs[i + 5].text, "Verdict"))
			row = (int)i + 6;
	assert_true(row > 0);
	/* the first row: id, the title's two lines, channels, target, measured, verdict */
	assert_string_equal(t.runs[row].text, "SL-Łódź");
	assert_true(t.runs[row + 2].y < t.runs[row + 1].y);  /* the title's wrapped line, below */
	assert_true(t.runs[row + 1].x == t.runs[row + 2].x);
	assert_string_equal(t.runs[row + 3].text, "voice");
	assert_string_equal(t.runs[row + 4].text, ">= 80 % (min >= 75 %)");
	assert_string_equal(t.runs[row + 5].text, "77.10 %");
	assert_string_equal(t.runs[row + 6].text, "✗✗ default");
	for (i = 1; i <= 6; i++)
		if (i != 2)
			assert_true(t.runs[row + i].y == t.runs[row].y);
	assert_string_equal(t.runs[row + 7].text, "AHT");
	assert_string_equal(t.runs[row + 11].text, "6:18");
	assert_string_equal(t.runs[row + 12].text, "✓ met");
	pdftext_free(&t);
	pdf_close(&d);
	free(buf);
}

struct lines {
	char text[64][320];
	int ok[64];
	int n;
};

static void collect(void *ctx, int ok, const char *text)
{
	struct lines *l = ctx;

	if (l->n < 64) {
		snprintf(l->text[l->n], sizeof l->text[l->n], "%s", text);
		l->ok[l->n++] = ok;
	}
}

static int has(const struct lines *l, int ok, const char *text)
{
	for (int i = 0; i < l->n; i++)
		if (l->ok[i] == ok && !strcmp(l->text[i], text))
			return 1;
	return 0;
}

static void the_pages_match_the_model_they_were_rendered_from(void **state)
{
	struct report_model m;
	struct recompute_summary sum = {0};
	struct lines l = {0};
	struct ccsla_error err;
	char path[128];

	(void)state;
	fill(&m);
	rendered(&m, path, sizeof path);
	write_text("metrics.csv", METRICS);
	write_text("credits.csv", CREDITS);
	assert_int_equal(recompute_check_pages(path, dir, &m, collect, &l, &sum, &err), 0);
	assert_int_equal(sum.mismatches, 0);
	assert_int_equal(sum.figures, 9);
	assert_true(has(&l, 1, "page 1 scorecard SL-Łódź measured: 77.10 %"));
	assert_true(has(&l, 1, "page 1 scorecard SL-Łódź verdict: ✗✗ default"));
	assert_true(has(&l, 1, "page 1 scorecard AHT measured: 6:18"));
	assert_true(has(&l, 1, "page 1 scorecard AHT verdict: ✓ met"));
	assert_true(has(&l, 1, "page 1 the month in brief: credits due: EUR 1,200.00 to the client"));
	for (int i = 0; i < l.n; i++)
		if (strstr(l.text[i], "credits statement Credit due"))
			assert_non_null(strstr(l.text[i], ": EUR 1,200.00"));
}

static void a_figure_the_pages_print_differently_is_named(void **state)
{
	struct report_model m, re;
	struct report_sla re_slas[2];
	struct recompute_summary sum = {0};
	struct lines l = {0};
	struct ccsla_error err;
	char path[128];

	(void)state;
	fill(&m);
	rendered(&m, path, sizeof path);
	write_text("metrics.csv", METRICS);
	write_text("credits.csv", CREDITS);
	/* the recomputation says otherwise than the pages */
	re = m;
	memcpy(re_slas, slas, sizeof re_slas);
	re_slas[0].value = "77.20";
	re_slas[1].verdict = REPORT_MISSED;
	re.slas = re_slas;
	re.credits_final = "1100.00";
	assert_int_equal(recompute_check_pages(path, dir, &re, collect, &l, &sum, &err), 1);
	assert_true(has(&l, 0, "page 1 scorecard SL-Łódź measured: 77.10 % -> 77.20 %"));
	assert_true(has(&l, 0, "page 1 scorecard AHT verdict: ✓ met -> ✗ missed"));
	assert_true(has(&l, 1, "page 1 scorecard AHT measured: 6:18"));
	assert_int_equal(sum.mismatches, 3);
	/* the attached metrics.csv says otherwise than the pages */
	memset(&l, 0, sizeof l);
	memset(&sum, 0, sizeof sum);
	write_text("metrics.csv", "period,scope,item,date,metric,value,unit,verdict\n"
	                          "2026-10,sla,SL-Łódź,month,service_level_pct,77.10,%,missed\n");
	assert_int_equal(recompute_check_pages(path, dir, &m, collect, &l, &sum, &err), 1);
	assert_true(has(&l, 0, "page 1 scorecard SL-Łódź verdict: ✗✗ default -> ✗✗ default (metrics.csv has ✗ missed)"));
	assert_true(has(&l, 0, "page 1 scorecard AHT measured: 6:18 -> 6:18 (metrics.csv has (no such row))"));
	/* an SLA the recomputation has and the pages do not */
	memset(&l, 0, sizeof l);
	memset(&sum, 0, sizeof sum);
	write_text("metrics.csv", METRICS);
	re = m;
	re_slas[0] = slas[0];
	re_slas[1] = slas[1];
	re_slas[1].id = "ASA";
	re.slas = re_slas;
	assert_int_equal(recompute_check_pages(path, dir, &re, collect, &l, &sum, &err), 1);
	assert_true(has(&l, 0, "scorecard ASA: not on the pages -> 6:18, ✓ met"));
	assert_true(has(&l, 0, "page 1 scorecard AHT: 6:18 -> not recomputed"));
}

/* The renderer wraps a cell at a space (dropping it) or, for a word that
 * does not fit, inside the word: both still read as the figure. */
static void a_cell_wrapped_inside_a_word_still_matches(void **state)
{
	static const char id[] = "AHT-INBOUND-VOICE-QUEUES-2026";
	struct report_model m;
	struct recompute_summary sum = {0};
	struct lines l = {0};
	struct ccsla_error err;
	char path[128], metrics[512];

	(void)state;
	fill(&m);
	slas[1].id = id;
	rendered(&m, path, sizeof path);
	{
		/* the id does not fit its column: its first line is a part of it */
		struct pdftext t;
		struct pdf_doc d;
		char *buf;
		size_t len, i, parts = 0;

		assert_int_equal(read_file(path, &buf, &len, &err), 0);
		assert_int_equal(pdf_open(&d, (unsigned char *)buf, len, path, &err), 0);
		assert_int_equal(pdftext_read(&d, &t, &err), 0);
		for (i = 0; i < t.n; i++)
			if (t.runs[i].page == 1 && !strncmp(t.runs[i].text, "AHT-", 4) && strlen(t.runs[i].text) < strlen(id) &&
			    !strchr(t.runs[i].text, ' '))
				parts++;
		assert_int_equal(parts, 1);
		pdftext_free(&t);
		pdf_close(&d);
		free(buf);
	}
	snprintf(metrics, sizeof metrics, "period,scope,item,date,metric,value,unit,verdict\n"
	         "2026-10,sla,SL-Łódź,month,service_level_pct,77.10,%%,default\n"
	         "2026-10,sla,%s,month,aht_s,378.175,s,met\n", id);
	write_text("metrics.csv", metrics);
	write_text("credits.csv", CREDITS);
	assert_int_equal(recompute_check_pages(path, dir, &m, collect, &l, &sum, &err), 0);
	assert_true(has(&l, 1, "page 1 scorecard AHT-INBOUND-VOICE-QUEUES-2026 measured: 6:18"));
	/* but a cell that says something else is named, as the page shows it */
	slas[1].id = "AHT-INBOUND-VOICE-QUEUES-2027";
	memset(&l, 0, sizeof l);
	assert_int_equal(recompute_check_pages(path, dir, &m, collect, &l, &sum, &err), 1);
	assert_true(has(&l, 0, "scorecard AHT-INBOUND-VOICE-QUEUES-2027: not on the pages -> 6:18, ✓ met"));
	for (int i = 0; i < l.n; i++)
		if (strstr(l.text[i], "-> not recomputed"))
			assert_non_null(strstr(l.text[i], "page 1 scorecard AHT-"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_of_every_show_operator_are_decoded_in_order),
		cmocka_unit_test(literal_strings_and_one_byte_codes),
		cmocka_unit_test(a_font_without_to_unicode_is_an_error_naming_page_and_object),
		cmocka_unit_test(damaged_content_is_an_error_not_a_crash),
		cmocka_unit_test(a_page_tree_that_loops_is_an_error_and_contents_may_be_an_array),
		cmocka_unit_test(a_rendered_report_reads_back_its_scorecard),
		cmocka_unit_test(the_pages_match_the_model_they_were_rendered_from),
		cmocka_unit_test(a_figure_the_pages_print_differently_is_named),
		cmocka_unit_test(a_cell_wrapped_inside_a_word_still_matches),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
