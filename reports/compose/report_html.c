/* report_html.c -- report.html: the document around the sections (head
 * with the inline style sheet, page header and footer), the table helpers
 * the sections share, and the atomic write (report_html.h).
 *
 * Layout for every width: one column of at most 60rem; a table wider than
 * the screen scrolls inside its own container (.wide, a focusable region),
 * never the page; long hashes break anywhere; charts scale with the column.
 * Colours pass WCAG AA on white and never carry a verdict alone (a symbol
 * and a word do). */
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "report_html.h"
#include "report_html_parts.h"
#include "report_text.h"

static const char STYLE[] =
	"*{box-sizing:border-box}"
	"html{-webkit-text-size-adjust:100%}"
	"body{margin:0;font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;"
	"color:#1a1a1a;background:#fff}"
	".page{max-width:60rem;margin:0 auto;padding:0 1rem}"
	"header.page{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.2rem 1rem;padding-top:.6rem;"
	"padding-bottom:.4rem;border-bottom:2px solid #1a3866;color:#404040;font-size:.85rem}"
	"footer.page{margin-top:2rem;padding-top:.5rem;padding-bottom:1.5rem;border-top:1px solid #c8d0dc;"
	"color:#404040;font-size:.85rem}"
	"h1{color:#1a3866;font-size:1.6rem;line-height:1.2;margin:.8rem 0 .6rem}"
	"h1 .kicker{display:block;color:#404040;font-size:.95rem;font-weight:normal}"
	"h2{color:#1a3866;font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #c8d0dc}"
	"h3{font-size:1.05rem;margin:1.5rem 0 .4rem}"
	"h4{font-size:.95rem;margin:1rem 0 .3rem}"
	"p{margin:.4rem 0 .6rem}"
	"p.note{font-size:.85rem}"
	".banner{margin:.8rem 0;padding:.4rem .6rem;border:2px solid #8a4b00;background:#fff4e5;color:#5c3200;"
	"font-weight:bold}"
	"dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem 1rem;margin:.4rem 0 1rem}"
	"dl.facts dt{color:#404040}"
	"dl.facts dd{margin:0;overflow-wrap:anywhere}"
	"@media (max-width:30rem){dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dd{margin-bottom:.3rem}}"
	".wide{position:relative;max-width:100%;overflow-x:auto;margin:.4rem 0 1rem}"
	".wide:focus{outline:2px solid #1a3866;outline-offset:2px}"
	"table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}"
	"table.kv{width:100%;max-width:32rem}"
	"caption{text-align:left;font-weight:bold;color:#1a3866;padding:.2rem 0}"
	"th,td{padding:.25rem .5rem;border-bottom:1px solid #dde2ea;text-align:left;vertical-align:top}"
	"thead th{border-bottom:2px solid #1a3866;white-space:nowrap}"
	"tbody th{font-weight:normal;color:#303030}"
	"th.id,th.d{white-space:nowrap}"
	"tr.total th,tr.total td{font-weight:bold;border-top:2px solid #1a3866}"
	".num{text-align:right;white-space:nowrap}"
	/* a key-value table's value may be a sentence ("25.33 (37 cases): caused
	 * by ..."): kept on one line it pushed every value of the table out of
	 * a phone's view, to the far end of its scroll box */
	"table.kv td.num{white-space:normal}"
	".v{white-space:nowrap}"
	".v-met{color:#1b5e20}.v-missed{color:#8a4b00}.v-default{color:#b00020;font-weight:bold}.v-nm{color:#505050}"
	"td.hash{min-width:17rem}"
	".hash{font-family:\"DejaVu Sans Mono\",Menlo,monospace;font-size:.8rem;overflow-wrap:anywhere;"
	"word-break:break-all}"
	".pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 1.5rem}"
	"figure.chart{margin:.6rem 0;max-width:46rem}"
	"figure.chart>svg{display:block;width:100%;height:auto}"
	"figcaption{font-size:.85rem;color:#404040}figcaption .title{font-weight:bold;color:#303030;margin-right:.6rem}"
	".key{display:inline-block;margin-right:.8rem;white-space:nowrap}.key svg{width:20px;height:10px;margin-right:.25rem;vertical-align:middle}"
	"svg text{font:14px system-ui,\"DejaVu Sans\",sans-serif;fill:#303030}"
	/* the drawing shrinks with the screen: its labels grow to stay legible */
	"@media (max-width:40rem){svg text{font-size:21px}}"
	".tick{text-anchor:end}.xlabels text{text-anchor:middle}.nodata{text-anchor:middle}"
	".grid line{stroke:#dedede;stroke-width:1}.grid .axis{stroke:#505050}"
	".line-1{fill:none;stroke:#1a3866;stroke-width:2}"
	".line-2{fill:none;stroke:#1a3866;stroke-width:2;stroke-dasharray:6 3}"
	".dot-1,.dot-2{fill:#1a3866}"
	".ref-target{stroke:#b00020;stroke-width:1.5;stroke-dasharray:8 4}"
	".ref-min{stroke:#8a4b00;stroke-width:1.5;stroke-dasharray:2 3}"
	".bar-dark{fill:#1a3866}.bar-light{fill:#a9bad3;stroke:#1a3866;stroke-width:.5}"
	"ul.risks{margin:0;padding-left:1.1rem}"
	/* the heatmap: the PDF's five greys, dark for a low service level */
	"table.heat{font-size:.7rem}table.heat th,table.heat td{padding:0;border:1px solid #fff}"
	"table.heat thead th{padding:0;font-weight:normal;text-align:left;border-bottom:1px solid #1a3866}"
	"table.heat tbody th{padding:0 .4rem 0 0;white-space:nowrap}"
	"table.heat td{min-width:1rem;width:1rem;height:1.05rem}"
	".h0{background:#2e2e2e}.h1{background:#616161}.h2{background:#8f8f8f}.h3{background:#bababa}"
	".h4{background:#dedede}"
	".swatch{display:inline-block;width:.9rem;height:.7rem;margin-right:.25rem;border:1px solid #808080;"
	"vertical-align:middle}"
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
	"details{margin:.2rem 0 1rem}summary{cursor:pointer;color:#1a3866}"
	/* a phone reads the scorecard as one card per SLA: the verdict stays in
	 * view instead of behind a sideways scroll */
	"@media (max-width:40rem){table.scorecard,table.scorecard tbody,table.scorecard tr,table.scorecard th,"
	"table.scorecard td{display:block}"
	"table.scorecard caption{display:block}"
	"table.scorecard thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
	"table.scorecard tr{padding:.4rem 0;border-bottom:1px solid #c8d0dc}"
	"table.scorecard th,table.scorecard td{border:0;padding:.05rem 0;text-align:left}"
	"table.scorecard tbody th{font-weight:bold}"
	"table.scorecard td[data-label]::before{content:attr(data-label) \": \";color:#404040}}"
	"@media print{.wide{overflow:visible}details>*{display:block}}";

int html_plot_value(const char *text, double *out)
{
	char *end;

	if (!text || !*text)
		return 0;
	*out = strtod(text, &end);
	return end != text;
}

const char *html_month_label(const char *period, char *buf, size_t size)
{
	static const char *const names[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int mo;

	if (strlen(period) != 7 || period[4] != '-' || (mo = atoi(period + 5)) < 1 || mo > 12)
		return period;
	snprintf(buf, size, "%s'%.2s", names[mo - 1], period + 2);
	return buf;
}

void html_table_begin(struct htmlw *h, const char *cls, const char *caption)
{
	char id[32];

	/* the region is named by the caption, so that a screen reader says
	 * what scrolls; tabindex lets a keyboard scroll it */
	htmlw_id(h, "tbl", id, sizeof id);
	htmlw_printf(h, "<div class=\"wide\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s\"><table%s%s%s>"
	             "<caption id=\"%s\">", id, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "", id);
	htmlw_text(h, caption);
	htmlw_raw(h, "</caption>");
}

void html_table_end(struct htmlw *h)
{
	htmlw_raw(h, "</table></div>\n");
}

void html_head_row(struct htmlw *h, const char *const *titles, const unsigned char *num, size_t n)
{
	size_t i;

	htmlw_raw(h, "<thead><tr>");
	for (i = 0; i < n; i++) {
		htmlw_raw(h, num && num[i] ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		htmlw_text(h, titles[i]);
		htmlw_raw(h, "</th>");
	}
	htmlw_raw(h, "</tr></thead>");
}

void html_kv_table(struct htmlw *h, const char *caption, const struct report_kv *kv, size_t n)
{
	size_t i;

	html_table_begin(h, "kv", caption);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i < n; i++) {
		htmlw_raw(h, "<tr><th scope=\"row\">");
		htmlw_text(h, kv[i].name);
		htmlw_raw(h, "</th><td class=\"num\">");
		htmlw_text(h, kv[i].value);
		htmlw_raw(h, "</td></tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
}

int report_html_write(const struct report_model *m, FILE *fp)
{
	struct htmlw h;

	htmlw_init(&h, fp);
	htmlw_raw(&h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	htmlw_raw(&h, "Monthly service report ");
	htmlw_text(&h, m->client_name);
	htmlw_raw(&h, ", ");
	htmlw_text(&h, m->period);
	if (m->status == REPORT_DRAFT)
		htmlw_raw(&h, " (DRAFT)");
	else if (m->status == REPORT_REVISION)
		htmlw_printf(&h, " (REVISION %d)", m->revision);
	htmlw_raw(&h, "</title>\n<meta name=\"generator\" content=\"");
	htmlw_text(&h, m->software_version);
	htmlw_raw(&h, "\">\n<style>");
	htmlw_raw(&h, STYLE);
	htmlw_raw(&h, "</style>\n</head>\n<body>\n<header class=\"page\"><span>");
	htmlw_text(&h, m->client_name);
	htmlw_raw(&h, "</span><span>");
	htmlw_text(&h, m->contract_id);
	htmlw_raw(&h, " · ");
	htmlw_text(&h, m->period);
	htmlw_raw(&h, " (");
	htmlw_text(&h, m->timezone);
	htmlw_raw(&h, ")");
	if (m->status == REPORT_DRAFT)
		htmlw_raw(&h, " · DRAFT");
	else if (m->status == REPORT_REVISION)
		htmlw_printf(&h, " · REVISION %d", m->revision);
	htmlw_raw(&h, "</span></header>\n<main class=\"page\">\n");
	html_cover(&h, m);
	html_summary(&h, m);
	html_scorecard(&h, m);
	if (m->status == REPORT_REVISION)
		html_revision(&h, m);
	html_sla_details(&h, m);
	html_missed_list(&h, m);
	html_heatmap(&h, m);
	html_accessibility(&h, m);
	html_forecast_staffing(&h, m);
	html_experience(&h, m);
	html_exclusions(&h, m);
	html_credits(&h, m);
	html_lineage(&h, m);
	html_method(&h, m);
	html_verification(&h, m);
	htmlw_raw(&h, "</main>\n<footer class=\"page\">Report ");
	htmlw_text(&h, m->report_id);
	htmlw_raw(&h, ". The HTML twin of report.pdf: the same figures; the signed PDF is the authoritative copy.");
	htmlw_raw(&h, "</footer>\n</body>\n</html>\n");
	return htmlw_finish(&h);
}

int render_report_html(const struct report_model *m, const char *path, struct ccsla_error *err)
{
	struct atomic_file af;

	if (atomic_open(&af, path, err) < 0)
		return -1;
	if (report_html_write(m, af.fp) < 0) {
		atomic_abort(&af);
		return ccsla_error_set(err, path, 0, NULL, "cannot write: i/o error");
	}
	return atomic_commit(&af, err);
}
