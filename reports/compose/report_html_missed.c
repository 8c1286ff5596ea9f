/* report_html_missed.c -- report.html's "Every missed sub-period": the
 * PDF's list after the SLA pages (render_missed.c), one table per each:
 * SLA with misses, folded in a <details> so that a month of 2,976 missed
 * quarter-hours does not bury the sections after it. */
#include <stdio.h>

#include "numfmt.h"
#include "report_html_parts.h"
#include "report_text.h"

static const char *s(const char *p)
{
	return p ? p : "";
}

static void sla_list(struct htmlw *h, const struct report_sla *sl, size_t index)
{
	static const char *const titles[] = { "Start (local)", "End", "Value", "Counts" };
	static const unsigned char num[] = { 0, 0, 1, 0 };
	struct report_sla sub = *sl; /* the unit and target of each sub-period */
	char caption[200], line[768], t[2 * NUMFMT_MAX + 16], v[NUMFMT_MAX];
	int ends = sl->missed_all[0].end != NULL; /* days have none */

	sub.unit = sl->each_unit;
	sub.target = sl->each_target;
	sub.minimum = NULL;
	report_target_text(t, sizeof t, &sub);
	htmlw_printf(h, "<section aria-labelledby=\"missed-%zu\"><h3 id=\"missed-%zu\">", index + 1, index + 1);
	htmlw_text(h, sl->id);
	htmlw_printf(h, ": %s %lld missed ", sl->missed_total == 1 ? "the" : "all", (long long)sl->missed_total);
	htmlw_text(h, sl->missed_total == 1 ? sl->each_unit_one : sl->each_units);
	htmlw_raw(h, "</h3>\n");
	snprintf(line, sizeof line, "%s. Target %s in each; in time order, each with its %s and the counts "
	         "behind it.%s", s(sl->each_summary), t, s(sl->metric_label),
	         sl->allowed_misses >= 0 ? " The allowed misses are a number, not particular ones: no row is "
	                                   "marked as allowed." : "");
	htmlw_elem(h, "p", NULL, line);
	htmlw_printf(h, "<details><summary>Show %s %lld missed ", sl->missed_total == 1 ? "the" : "all",
	             (long long)sl->missed_total);
	htmlw_text(h, sl->missed_total == 1 ? sl->each_unit_one : sl->each_units);
	htmlw_raw(h, "</summary>\n");
	snprintf(caption, sizeof caption, "All missed %s of %s", s(sl->each_units), s(sl->id));
	html_table_begin(h, NULL, caption);
	if (ends) {
		html_head_row(h, titles, num, 4);
	} else {
		static const char *const day_titles[] = { "Day (local)", "Value", "Counts" };
		static const unsigned char day_num[] = { 0, 1, 0 };

		html_head_row(h, day_titles, day_num, 3);
	}
	htmlw_raw(h, "<tbody>");
	for (int64_t i = 0; i < sl->missed_total; i++) {
		const struct report_missed *r = &sl->missed_all[i];

		report_figure_text(v, sizeof v, &sub, r->value);
		htmlw_raw(h, "<tr><th scope=\"row\" class=\"d\">");
		htmlw_text(h, r->start);
		if (ends) {
			htmlw_raw(h, "</th><td>");
			htmlw_text(h, r->end);
			htmlw_raw(h, "</td><td class=\"num\">");
		} else {
			htmlw_raw(h, "</th><td class=\"num\">");
		}
		htmlw_text(h, v);
		htmlw_raw(h, "</td><td class=\"v\">"); /* the counts on one line too: the table scrolls */
		htmlw_text(h, r->basis);
		htmlw_raw(h, "</td></tr>\n");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	htmlw_raw(h, "</details></section>\n");
}

void html_missed_list(struct htmlw *h, const struct report_model *m)
{
	size_t i, any = 0;

	for (i = 0; i < m->n_slas; i++)
		any += m->slas[i].each_summary && m->slas[i].missed_total > 0 && m->slas[i].missed_all;
	if (!any)
		return;
	htmlw_raw(h, "<section aria-labelledby=\"missed\"><h2 id=\"missed\">Every missed sub-period</h2>\n");
	htmlw_elem(h, "p", NULL, "Every interval, day or week that missed its target, for each SLA held in each "
	           "sub-period (the scorecard's value is the share that met it). The same rows are in "
	           "metrics.csv and results.json.");
	for (i = 0; i < m->n_slas; i++) {
		const struct report_sla *sl = &m->slas[i];

		if (sl->each_summary && sl->missed_total > 0 && sl->missed_all)
			sla_list(h, sl, i);
	}
	htmlw_raw(h, "</section>\n");
}
