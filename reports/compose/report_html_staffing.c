/* report_html_staffing.c -- section 6 of report.html, "Forecast and
 * staffing": the same texts and rows as the PDF's (render.c,
 * forecast_staffing), from the model report_staffing.c fills. */
#include <stdio.h>

#include "htmlw.h"
#include "numfmt.h"
#include "report_html_parts.h"

static void row(struct htmlw *h, const char *const *cells, size_t n, int bold)
{
	htmlw_raw(h, bold ? "<tr class=\"total\">" : "<tr>");
	htmlw_raw(h, "<th scope=\"row\">");
	htmlw_text(h, cells[0]);
	htmlw_raw(h, "</th>");
	for (size_t i = 1; i < n; i++)
		htmlw_elem(h, "td", "num", cells[i]);
	htmlw_raw(h, "</tr>");
}

/* A table of six columns under its own heading and note: up to <tbody>. */
static void table_open(struct htmlw *h, const char *title, const char *note, const char *const *titles)
{
	static const unsigned char num[] = { 0, 1, 1, 1, 1, 1 };

	htmlw_raw(h, "<h3>");
	htmlw_text(h, title);
	htmlw_raw(h, "</h3>\n");
	htmlw_elem(h, "p", "note", note);
	html_table_begin(h, NULL, title);
	html_head_row(h, titles, num, 6);
	htmlw_raw(h, "<tbody>");
}

static void table_close(struct htmlw *h)
{
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
}

void html_forecast_staffing(struct htmlw *h, const struct report_model *m)
{
	static const char *const dtitles[] = { "Day", "Forecast offered", "Actual offered", "Accuracy", "Shortfall",
	                                       "Occupancy" };
	static const char *const wtitles[] = { "Interval", "Offered", "Handling time", "Required", "Staffed",
	                                       "Shortfall" };

	if (!m->fc_shown)
		return;
	htmlw_raw(h, "<section aria-labelledby=\"staffing\"><h2 id=\"staffing\">Forecast and staffing</h2>\n");
	htmlw_raw(h, "<p class=\"note\"><strong>");
	htmlw_text(h, m->fc_logs);
	htmlw_raw(h, "</strong></p>\n");
	if (m->fc_version)
		htmlw_elem(h, "p", "note", m->fc_version);
	if (m->fc_over)
		htmlw_elem(h, "p", "note", m->fc_over);
	htmlw_elem(h, "p", "note", m->fc_staffing);
	if (m->fc_occupancy)
		htmlw_elem(h, "p", "note", m->fc_occupancy);
	for (size_t c = 0; c < m->n_fc_channels; c++) {
		const struct report_fc_channel *fc = &m->fc_channels[c];
		char title[160];

		snprintf(title, sizeof title, "Channel: %s, forecast against actual per day", fc->name);
		table_open(h, title, fc->words, dtitles);
		for (size_t i = 0; i < fc->n_days; i++) {
			const struct report_fc_day *dd = &fc->days[i];
			char acc[NUMFMT_MAX], occ[NUMFMT_MAX];
			const char *cells[6] = { dd->date, dd->forecast, dd->actual, acc, dd->shortfall, occ };

			numfmt_percent_text(dd->accuracy, acc, sizeof acc);
			numfmt_percent_text(dd->occupancy, occ, sizeof occ);
			row(h, cells, 6, i + 1 == fc->n_days);
		}
		table_close(h);
		if (!fc->n_worst && m->fc_occupancy)
			htmlw_elem(h, "p", "note", "No interval of the month was short of staff.");
		for (size_t w = 0; w < fc->n_worst; w++) {
			const struct report_staff_day *wd = &fc->worst[w];

			snprintf(title, sizeof title, "Channel: %s, %s: required against staffed agents (worst day %zu of %zu)",
			         fc->name, wd->date, w + 1, fc->n_worst);
			table_open(h, title, wd->summary, wtitles);
			for (size_t i = 0; i < wd->n_rows; i++) {
				const struct report_staff_row *r = &wd->rows[i];
				const char *cells[6] = { r->when, r->offered, r->aht, r->required, r->staffed, r->shortfall };

				row(h, cells, 6, 0);
			}
			table_close(h);
		}
	}
	htmlw_raw(h, "</section>\n");
}
