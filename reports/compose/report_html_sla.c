/* report_html_sla.c -- "Service levels in detail" of report.html: per SLA
 * the verdict sentence, parameters and population, the daily chart against
 * target and minimum with its day table, the 12-month trend with its month
 * table, and the worst half-hours and days; as render.c's sla_detail(). */
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "report_html_parts.h"
#include "report_text.h"

#define MAX_POINTS 62

static const char *s(const char *p)
{
	return p ? p : "";
}

static size_t target_refs(const struct report_sla *sl, struct chart_ref refs[2], char names[2][64])
{
	size_t n = 0;
	double v;

	if (sl->target && html_plot_value(sl->target + strspn(sl->target, "<>= "), &v)) {
		snprintf(names[n], sizeof names[n], "target");
		refs[n].name = names[n];
		refs[n].y = v;
		refs[n++].dotted = 0;
	}
	if (sl->minimum && html_plot_value(sl->minimum + strspn(sl->minimum, "<>= "), &v)) {
		snprintf(names[n], sizeof names[n], "minimum");
		refs[n].name = names[n];
		refs[n].y = v;
		refs[n++].dotted = 1;
	}
	return n;
}

/* The text alternative of a value chart: how many points, the lowest and
 * highest with when, against the target; the figures as the model holds
 * them (the strings, not the parsed numbers). */
static void value_desc(char *buf, size_t size, const char *what, const char *const *when, const char *const *values,
                       size_t n, const struct report_sla *sl)
{
	size_t i, lo = n, hi = n, count = 0;
	double v, vlo = 0, vhi = 0;
	char flo[NUMFMT_MAX], fhi[NUMFMT_MAX], target[2 * NUMFMT_MAX + 16];

	for (i = 0; i < n; i++) {
		if (!html_plot_value(values[i], &v))
			continue;
		if (lo == n || v < vlo)
			lo = i, vlo = v;
		if (hi == n || v > vhi)
			hi = i, vhi = v;
		count++;
	}
	report_target_text(target, sizeof target, sl);
	if (!count) {
		snprintf(buf, size, "%s: no value in this period (n/a). Target %s.", what, target);
		return;
	}
	report_figure_text(flo, sizeof flo, sl, values[lo]);
	report_figure_text(fhi, sizeof fhi, sl, values[hi]);
	snprintf(buf, size, "%s, %zu of %zu with a value: lowest %s (%s), highest %s (%s); target %s. "
	         "Every value is in the table that follows.", what, count, n, flo, when[lo], fhi, when[hi], target);
}

static void daily(struct htmlw *h, const struct report_sla *sl, const struct chart_ref *refs, size_t n_refs)
{
	static const char *const titles[] = { "Day", "Value", "Offered" };
	static const unsigned char num[] = { 0, 1, 1 };
	double y[MAX_POINTS];
	unsigned char present[MAX_POINTS];
	const char *labels[MAX_POINTS], *when[MAX_POINTS], *vals[MAX_POINTS];
	char lb[MAX_POINTS][8], title[160], desc[640], caption[200];
	size_t n = sl->n_days < MAX_POINTS ? sl->n_days : MAX_POINTS, i;
	const char *unit = s(sl->unit);
	struct chart_series se = { "daily value", y, present, CHART_LINE, 0 };
	struct chart c;

	for (i = 0; i < n; i++) {
		const char *date = s(sl->days[i].date);

		present[i] = (unsigned char)html_plot_value(sl->days[i].value, &y[i]);
		snprintf(lb[i], sizeof lb[i], "%s", strlen(date) >= 10 ? date + 8 : date);
		labels[i] = lb[i];
		when[i] = date;
		vals[i] = s(sl->days[i].value);
	}
	memset(&c, 0, sizeof c);
	snprintf(title, sizeof title, "Daily %s%s%s%s, day of month", s(sl->metric_label), *unit ? " (" : "",
	         !strcmp(unit, "s") ? "seconds" : unit, *unit ? ")" : "");
	c.w = 515;
	c.h = 150;
	c.title = title;
	c.y_unit = !strcmp(unit, "%") ? "%" : "";
	c.x_labels = labels;
	c.n_x = n;
	c.series = &se;
	c.n_series = 1;
	c.refs = refs;
	c.n_refs = n_refs;
	if (!strcmp(unit, "%")) {
		c.y_floor = 0;
		c.y_ceil = 100;
	}
	value_desc(desc, sizeof desc, "Daily values", when, vals, n, sl);
	html_chart(h, &c, desc);
	snprintf(caption, sizeof caption, "%s per day", s(sl->id));
	htmlw_raw(h, "<details><summary>The daily values as a table</summary>");
	html_table_begin(h, NULL, caption);
	html_head_row(h, titles, num, 3);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i < sl->n_days; i++) {
		char v[NUMFMT_MAX], o[NUMFMT_MAX];

		report_figure_text(v, sizeof v, sl, sl->days[i].value);
		numfmt_count(sl->days[i].offered, o, sizeof o);
		htmlw_raw(h, "<tr><th scope=\"row\" class=\"d\">");
		htmlw_text(h, sl->days[i].date);
		htmlw_raw(h, "</th><td class=\"num\">");
		htmlw_text(h, v);
		htmlw_raw(h, "</td><td class=\"num\">");
		htmlw_text(h, o);
		htmlw_raw(h, "</td></tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	htmlw_raw(h, "</details>\n");
}

static void trend(struct htmlw *h, const struct report_model *m, const struct report_sla *sl,
                  const struct chart_ref *refs, size_t n_refs)
{
	static const char *const titles[] = { "Month", "Value" };
	static const unsigned char num[] = { 0, 1 };
	double hy[13];
	unsigned char hp[13];
	const char *hl[13], *when[13], *vals[13];
	char lbl[13][16], desc[640], caption[200];
	size_t hn = sl->n_history < 12 ? sl->n_history : 12, i;
	const struct report_month *first = sl->history + (sl->n_history - hn);
	const char *unit = s(sl->unit);
	struct chart_series se = { "monthly value", hy, hp, CHART_LINE, 0 };
	struct chart c;

	for (i = 0; i < hn; i++) {
		hp[i] = (unsigned char)html_plot_value(first[i].value, &hy[i]);
		hl[i] = html_month_label(s(first[i].period), lbl[i], sizeof lbl[i]);
		when[i] = s(first[i].period);
		vals[i] = s(first[i].value);
	}
	hp[hn] = (unsigned char)html_plot_value(sl->value, &hy[hn]);
	hl[hn] = html_month_label(s(m->period), lbl[hn], sizeof lbl[hn]);
	when[hn] = s(m->period);
	vals[hn] = s(sl->value);
	memset(&c, 0, sizeof c);
	c.w = 240;
	c.h = 120;
	c.title = "12-month trend (ledger)";
	c.y_unit = !strcmp(unit, "%") ? "%" : "";
	c.x_labels = hl;
	c.n_x = hn + 1;
	c.series = &se;
	c.n_series = 1;
	c.refs = refs;
	c.n_refs = n_refs;
	if (!strcmp(unit, "%")) {
		c.y_floor = 0;
		c.y_ceil = 100;
	}
	value_desc(desc, sizeof desc, hn ? "Monthly values from the ledger and this month"
	                                 : "This month only (the ledger holds no earlier month)",
	           when, vals, hn + 1, sl);
	html_chart(h, &c, desc);
	snprintf(caption, sizeof caption, "%s per month", s(sl->id));
	htmlw_raw(h, "<details><summary>The monthly values as a table</summary>");
	html_table_begin(h, NULL, caption);
	html_head_row(h, titles, num, 2);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i <= hn; i++) {
		char v[NUMFMT_MAX];

		report_figure_text(v, sizeof v, sl, vals[i]);
		htmlw_raw(h, "<tr><th scope=\"row\">");
		htmlw_text(h, when[i]);
		htmlw_raw(h, "</th><td class=\"num\">");
		htmlw_text(h, v);
		htmlw_raw(h, "</td></tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	htmlw_raw(h, "</details>\n");
}

/* ranked by the SLA's own metric, only sub-periods with its minimum volume
 * (report.md); the rule is in the caption */
static void worst(struct htmlw *h, const struct report_sla *sl)
{
	static const char *const titles[] = { "When", "Value", "Basis" };
	static const unsigned char num[] = { 0, 1, 0 };
	char caption[128], v[NUMFMT_MAX];
	size_t i, wn = sl->n_worst < 8 ? sl->n_worst : 8;

	snprintf(caption, sizeof caption, "Worst half-hours and days (%lld or more offered)",
	         (long long)sl->worst_min_volume);
	if (!sl->n_worst) {
		html_table_begin(h, NULL, caption);
		htmlw_printf(h, "<tbody><tr><th scope=\"row\">none ranked</th><td>no half-hour or day had %lld "
		             "offered</td></tr></tbody>", (long long)sl->worst_min_volume);
		html_table_end(h);
		return;
	}
	html_table_begin(h, NULL, caption);
	html_head_row(h, titles, num, 3);
	htmlw_raw(h, "<tbody>");
	if (!sl->n_worst_intervals) /* the days had the volume, no half-hour did */
		htmlw_printf(h, "<tr><th scope=\"row\">half-hours</th><td class=\"num\"></td><td>none had %lld "
		             "offered</td></tr>", (long long)sl->worst_min_volume);
	for (i = 0; i < wn; i++) {
		report_figure_text(v, sizeof v, sl, sl->worst[i].value);
		htmlw_raw(h, "<tr><th scope=\"row\" class=\"d\">");
		htmlw_text(h, sl->worst[i].when);
		htmlw_raw(h, "</th><td class=\"num\">");
		htmlw_text(h, v);
		htmlw_raw(h, "</td><td>");
		htmlw_text(h, sl->worst[i].basis);
		htmlw_raw(h, "</td></tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
}

/* each: the worst missed sub-periods and a link to all of them
 * (report_html_missed.c; metrics.csv has them too); sl is the SLA with the
 * unit and target of each sub-period, index its place in the model. */
static void each_missed(struct htmlw *h, const struct report_sla *sl, size_t index)
{
	static const char *const titles[] = { "When", "Value", "Basis" };
	static const unsigned char num[] = { 0, 1, 0 };
	char caption[200], v[NUMFMT_MAX], t[2 * NUMFMT_MAX + 16];

	if (!sl->n_missed)
		return;
	report_target_text(t, sizeof t, sl);
	snprintf(caption, sizeof caption, "Worst missed %s (%zu of %lld; target %s in each; all in metrics.csv)",
	         s(sl->each_units), sl->n_missed, (long long)sl->missed_total, t);
	html_table_begin(h, NULL, caption);
	html_head_row(h, titles, num, 3);
	htmlw_raw(h, "<tbody>");
	for (size_t i = 0; i < sl->n_missed; i++) {
		report_figure_text(v, sizeof v, sl, sl->missed[i].value);
		htmlw_raw(h, "<tr><th scope=\"row\" class=\"d\">");
		htmlw_text(h, sl->missed[i].when);
		htmlw_raw(h, "</th><td class=\"num\">");
		htmlw_text(h, v);
		htmlw_raw(h, "</td><td>");
		htmlw_text(h, sl->missed[i].basis);
		htmlw_raw(h, "</td></tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	if (sl->missed_all) {
		htmlw_printf(h, "<p class=\"note\">All %lld missed ", (long long)sl->missed_total);
		htmlw_text(h, sl->each_units);
		htmlw_printf(h, ", in time order with their counts: <a href=\"#missed-%zu\">Every missed "
		             "sub-period</a>.</p>\n", index + 1);
	}
}

static void sla_detail(struct htmlw *h, const struct report_model *m, const struct report_sla *sl, size_t index)
{
	char line[1024], target[2 * NUMFMT_MAX + 16], value[NUMFMT_MAX], names[2][64], caption[160], note[192];
	struct chart_ref refs[2];
	size_t n_refs = target_refs(sl, refs, names);

	htmlw_printf(h, "<section aria-labelledby=\"sla-%zu\"><h3 id=\"sla-%zu\">", index + 1, index + 1);
	htmlw_text(h, sl->id);
	htmlw_raw(h, ": ");
	htmlw_text(h, sl->title);
	htmlw_raw(h, "</h3>\n");
	report_target_text(target, sizeof target, sl);
	report_value_text(value, sizeof value, sl);
	snprintf(line, sizeof line, "Measured %s against a target of %s: %s%s%s. The %s of %s%s, a %s SLA%s%s.",
	         value, target, render_verdict_label(sl->verdict), sl->verdict_note ? " - " : "",
	         s(report_note_words(sl->verdict_note, note, sizeof note)), s(sl->metric_label), s(sl->channels),
	         !sl->from_opslog ? " contacts" : strcmp(s(sl->channels), "all") ? "" : " channels",
	         s(sl->kind), sl->basis ? ": " : "", s(sl->basis));
	htmlw_elem(h, "p", NULL, line);
	htmlw_raw(h, "<div class=\"pair\">");
	snprintf(caption, sizeof caption, "Parameters of %s", s(sl->id));
	html_kv_table(h, caption, sl->params, sl->n_params);
	snprintf(caption, sizeof caption, "Population of %s", s(sl->id));
	if (sl->n_counts)
		html_kv_table(h, caption, sl->counts, sl->n_counts);
	htmlw_raw(h, "</div>\n");
	if (sl->each_summary) {
		/* each: the days and the worst sub-periods carry the SLA's own
		 * metric against the target of each; the trend is the compliance */
		struct report_sla sub = *sl;
		struct chart_ref srefs[2];
		char snames[2][64];
		size_t n_srefs;

		sub.unit = sl->each_unit;
		sub.target = sl->each_target;
		sub.minimum = NULL;
		n_srefs = target_refs(&sub, srefs, snames);
		daily(h, &sub, srefs, n_srefs);
		trend(h, m, sl, refs, n_refs);
		worst(h, &sub);
		each_missed(h, &sub, index);
	} else {
		if (sl->from_opslog)
			htmlw_elem(h, "p", "note", "Measured over the whole month from the operations log (the basis "
			                           "above): it gives no daily values.");
		else
			daily(h, sl, refs, n_refs);
		trend(h, m, sl, refs, n_refs);
		if (!sl->from_opslog)
			worst(h, sl);
	}
	htmlw_raw(h, "</section>\n");
}

void html_sla_details(struct htmlw *h, const struct report_model *m)
{
	size_t i;

	if (!m->n_slas)
		return;
	htmlw_raw(h, "<section aria-labelledby=\"details\"><h2 id=\"details\">Service levels in detail</h2>\n");
	for (i = 0; i < m->n_slas; i++)
		sla_detail(h, m, &m->slas[i], i);
	htmlw_raw(h, "</section>\n");
}
