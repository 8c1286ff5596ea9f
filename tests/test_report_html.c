/* test_report_html.c -- report.html, the HTML twin (report_html.h): every
 * string from data and contracts escaped (a client name and a note with
 * <script>, & and quotes), the document's accessibility structure (lang,
 * captions, header cells, named charts), the stable data attributes the
 * e2e test reads, the same words as the PDF, and reproducible bytes. */
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
#include "reports/compose/htmlw.h"
#include "reports/compose/report_html.h"
#include "reports/compose/report_text.h"

static const char HOSTILE[] = "Evil <script>alert(\"x\")</script> & 'Co'";

static struct report_day days[3] = {
	{ "2026-10-01", "81.20", 120 }, { "2026-10-02", "n/a", 0 }, { "2026-10-03", "77.05", 98 },
};
static const struct report_month hist[2] = { { "2026-08", "79.10" }, { "2026-09", "82.00" } };
static const struct report_kv params[2] = { { "threshold", "20 s" }, { "abandons", "against <all>" } };
static const struct report_kv counts[2] = { { "offered", "218" }, { "answered", "200" } };
static const struct report_worst worst[1] = { { "2026-10-03 10:00-10:30", "40.00", "4 of 10 counted", 10 } };
static struct report_sla slas[2];
static const struct report_channel_day chdays[3] = {
	{ "2026-10-01", 120, 110, 10, "81.20", "14.000", "40.000", "280.000" },
	{ "2026-10-02", 0, 0, 0, "n/a", "n/a", "n/a", "n/a" },
	{ "2026-10-03", 98, 90, 8, "77.05", "19.000", "55.000", "300.000" },
};
static struct report_channel channels[1];
static const struct report_exclusion excl[1] = {
	{ "2026-10-14 10:00 +02:00", "2026-10-14 14:00 +02:00", "client-caused", "CRM <b>down</b> & \"out\"",
	  "J. O'Doe", 20, NULL },
};
static const struct report_credit_line credit[1] = {
	{ "SL-\"Q\"", "77.10", "default", "60.00", "1.00", ">= 80 (min >= 75)", "1200.00", "1200.00", "below minimum" },
};
static const char *const risks[1] = { "SL-Q: one more target miss & it defaults" };
static const char *attachments[2] = { "/tmp/x/metrics.csv", "/tmp/x/report.html" };

static void fill(struct report_model *m)
{
	memset(slas, 0, sizeof slas);
	slas[0].id = "SL-\"Q\"";
	slas[0].title = HOSTILE;
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
	slas[0].params = params;
	slas[0].n_params = 2;
	slas[0].counts = counts;
	slas[0].n_counts = 2;
	slas[0].days = days;
	slas[0].n_days = 3;
	slas[0].history = hist;
	slas[0].n_history = 2;
	slas[0].worst = worst;
	slas[0].n_worst = 1;
	slas[0].n_worst_intervals = 1;
	slas[0].worst_min_volume = 10;
	slas[1] = slas[0];
	slas[1].id = "EMPTY";
	slas[1].title = "No contacts";
	slas[1].value = "n/a";
	slas[1].verdict = REPORT_NOT_MEASURABLE;
	slas[1].n_days = 0;
	slas[1].n_history = 0;
	slas[1].n_worst = 0;
	channels[0].name = "voice";
	channels[0].days = chdays;
	channels[0].n_days = 3;
	channels[0].total = chdays[0];
	channels[0].total.date = "month";
	memset(m, 0, sizeof *m);
	m->client_id = "EVIL";
	m->client_name = HOSTILE;
	m->ccc_name = "Northwind & Sons";
	m->contract_id = "C-1";
	m->contract_version = "1";
	m->period = "2026-10";
	m->period_label = "October 2026";
	m->timezone = "Europe/Berlin";
	m->status = REPORT_FINAL;
	m->report_id = "EVIL-2026-10-F-0123456789";
	m->issue_date = "2026-11-03";
	m->slas = slas;
	m->n_slas = 2;
	m->channels = channels;
	m->n_channels = 1;
	m->exclusions = excl;
	m->n_exclusions = 1;
	m->currency = "EUR";
	m->credits = credit;
	m->n_credits = 1;
	m->credits_uncapped = "1200.00";
	m->credits_cap = "4800.00";
	m->credits_final = "1200.00";
	m->software_version = "ccsla test";
	m->attachments = attachments;
	m->n_attachments = 2;
	m->summary.credits_due = "EUR 1,200.00 due to the client";
	m->summary.n_default = 1;
	m->summary.n_not_measurable = 1;
	m->summary.change = "first month";
	m->summary.completeness = "31 of 31 days";
	m->summary.risks = risks;
	m->summary.n_risks = 1;
	m->history_note = "The ledger starts in 2026-08.";
}

/* The document as a NUL-terminated string; the caller frees it. */
static char *render(const struct report_model *m)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	assert_non_null(fp);
	assert_int_equal(report_html_write(m, fp), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void data_strings_are_escaped(void **state)
{
	struct report_model m;
	char *html;

	(void)state;
	fill(&m);
	html = render(&m);
	/* the only script-like text is escaped; no element from data */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"));
	assert_non_null(strstr(html, "CRM &lt;b&gt;down&lt;/b&gt; &amp; &quot;out&quot;"));
	assert_non_null(strstr(html, "J. O&#39;Doe"));
	assert_non_null(strstr(html, "Northwind &amp; Sons"));
	/* an attribute value cannot be closed by data */
	assert_non_null(strstr(html, "<tr data-sla=\"SL-&quot;Q&quot;\" data-value=\"77.10\" data-verdict=\"default\">"));
	assert_null(strstr(html, "SL-\"Q\""));
	free(html);
}

static void control_characters_do_not_reach_the_page(void **state)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	struct htmlw h;

	(void)state;
	assert_non_null(fp);
	htmlw_init(&h, fp);
	htmlw_text(&h, "a\x01" "b\tc\nd");
	htmlw_text(&h, NULL);
	assert_int_equal(htmlw_finish(&h), 0);
	fclose(fp);
	assert_string_equal(buf, "a\xef\xbf\xbd" "b\tc\nd");
	free(buf);
}

static void the_document_is_structured_for_every_reader(void **state)
{
	struct report_model m;
	char *html;

	(void)state;
	fill(&m);
	html = render(&m);
	assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
	assert_non_null(strstr(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
	/* self-contained: no script, no stylesheet or image to fetch */
	assert_null(strstr(html, " src="));
	assert_null(strstr(html, "<link"));
	assert_int_equal(count(html, "http"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
	/* one h1, sections under it */
	assert_int_equal(count(html, "<h1"), 1);
	assert_true(strstr(html, "<h1") < strstr(html, "<h2 id=\"scorecard\">"));
	/* every table captioned and scrolling in its own region */
	assert_true(count(html, "<table") > 5);
	assert_int_equal(count(html, "<table"), count(html, "<caption"));
	assert_int_equal(count(html, "<table"), count(html, "<div class=\"wide\" role=\"region\" tabindex=\"0\""));
	/* every chart named and described: role=img, a title and a desc */
	assert_true(count(html, "role=\"img\"") >= 5);
	assert_int_equal(count(html, "role=\"img\""), count(html, "<title id=\"chart-title-"));
	assert_int_equal(count(html, "role=\"img\""), count(html, "<desc id=\"chart-desc-"));
	/* the verdict by symbol and word, not colour alone */
	assert_non_null(strstr(html, "class=\"v v-default\" data-label=\"Verdict\">✗✗ default</td>"));
	assert_non_null(strstr(html, "data-verdict=\"not measurable\""));
	/* the description names the figures as the model holds them */
	assert_non_null(strstr(html, "lowest 77.05 % (2026-10-03), highest 81.20 % (2026-10-01)"));
	assert_non_null(strstr(html, "<tr class=\"total\" data-credit-due=\"1200.00\">"));
	free(html);
}

static void the_words_are_the_pdfs(void **state)
{
	struct report_model m;
	char *html, status[512];

	(void)state;
	fill(&m);
	html = render(&m);
	/* a final without signer says it is not signed, as the PDF */
	report_status_text(&m, status, sizeof status);
	assert_string_equal(status, "FINAL; not signed when rendered: valid only with the contact centre's signature "
	                            "(bottom right)");
	assert_non_null(strstr(html, "<dd>FINAL; not signed when rendered: valid only with the contact centre&#39;s "
	                             "signature (bottom right)</dd>"));
	assert_non_null(strstr(html, "Measured 77.10 % against a target of &gt;= 80 % (min &gt;= 75 %): ✗✗ default - "
	                             "below minimum. The service level of voice contacts, a critical SLA: 160 answered "
	                             "within 20 seconds of 208 counted."));
	/* counts and amounts as numfmt writes them for the PDF */
	assert_non_null(strstr(html, "<td class=\"num\">EUR 1,200.00</td></tr>"));
	assert_non_null(strstr(html, "<h2 id=\"brief\">The month in brief</h2>"));
	assert_non_null(strstr(html, "<dd>EUR 1,200.00 due to the client</dd>"));
	assert_non_null(strstr(html, "<li>SL-Q: one more target miss &amp; it defaults</li>"));
	/* the Method's parameters as render.c's method() writes them */
	assert_non_null(strstr(html, " parameters: threshold: 20 s; abandons: against &lt;all&gt;</p>"));
	/* attachments by bare name */
	assert_non_null(strstr(html, "<dd>metrics.csv, report.html</dd>"));
	free(html);
	m.status = REPORT_DRAFT;
	html = render(&m);
	assert_non_null(strstr(html, "<p class=\"banner\">DRAFT"));
	assert_non_null(strstr(html, "<title>Monthly service report Evil &lt;script&gt;"));
	free(html);
}

/* The attached evidence as the PDF shows it: the digest of this client's
 * rows per input file, the recompute sentence and the contacts attached. */
static void the_evidence_reads_as_in_the_pdf(void **state)
{
	static const char *const evidence[3] = { "/tmp/x/contacts.csv.gz", "/tmp/x/metrics.csv", "/tmp/x/report.html" };
	static const char digest[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
	struct report_input in = { "2026-10-01.csv.gz", digest, 10, 9, 1, 0, 7, 7, digest, NULL };
	struct report_model m;
	char *html;

	(void)state;
	fill(&m);
	m.inputs = &in;
	m.n_inputs = 1;
	m.attachments = evidence;
	m.n_attachments = 3;
	m.evidence_contacts = 7;
	html = render(&m);
	assert_non_null(strstr(html, "<p>This client&#39;s own rows of each input file, as attached in contacts.csv.gz "
	                             "(customer and agent ids withheld): the SHA-256 of those lines"));
	assert_non_null(strstr(html, "\">This client&#39;s rows of each input file in contacts.csv.gz</caption>"));
	assert_int_equal(count(html, digest), 2); /* the file's and its rows' */
	assert_non_null(strstr(html, "ccsla verify --recompute report.pdf recomputes every figure"));
	assert_non_null(strstr(html, "<dd>contacts.csv.gz, metrics.csv, report.html</dd>"));
	assert_non_null(strstr(html, "<dt>Contacts attached</dt><dd>7 in contacts.csv.gz; customer and agent ids "
	                             "withheld (no key: repeat-contact FCR cannot be recomputed)</dd>"));
	free(html);
	m.pseudonyms = 1;
	html = render(&m);
	assert_non_null(strstr(html, "(customer and agent ids pseudonymised): the SHA-256 of those lines"));
	assert_non_null(strstr(html, "ids as keyed pseudonyms (HMAC-SHA-256"));
	free(html);
	/* no contacts attached (a test model, or a report without evidence): no such lines */
	in.evidence_rows = 0;
	m.attachments = attachments;
	m.n_attachments = 2;
	html = render(&m);
	assert_null(strstr(html, "Contacts attached"));
	assert_null(strstr(html, "in contacts.csv.gz</caption>"));
	free(html);
}

static void two_renders_are_identical_and_atomic(void **state)
{
	struct report_model m;
	struct ccsla_error err;
	char dir[] = "/tmp/test_report_html.XXXXXX", path[256], *a = NULL, *b = NULL;
	size_t na, nb;

	(void)state;
	fill(&m);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/report.html", dir);
	assert_int_equal(render_report_html(&m, path, &err), 0);
	assert_int_equal(read_file(path, &a, &na, &err), 0);
	assert_int_equal(render_report_html(&m, path, &err), 0);
	assert_int_equal(read_file(path, &b, &nb, &err), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	free(a);
	free(b);
	/* a directory that cannot be written: an error, no file */
	assert_int_equal(render_report_html(&m, "/proc/ccsla-no/report.html", &err), -1);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(data_strings_are_escaped),
		cmocka_unit_test(control_characters_do_not_reach_the_page),
		cmocka_unit_test(the_document_is_structured_for_every_reader),
		cmocka_unit_test(the_words_are_the_pdfs),
		cmocka_unit_test(the_evidence_reads_as_in_the_pdf),
		cmocka_unit_test(two_renders_are_identical_and_atomic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
