/* report_html_sections.c -- the sections of report.html other than the SLA
 * pages (report_html_sla.c), one function each, in the order of
 * spec/report.md and of render.c, with the PDF's words (report_text.h) and
 * the model's figures as they are: nothing is recomputed or reformatted.
 *
 * Stable attributes for machines and tests: the scorecard's rows carry
 * data-sla, data-value and data-verdict (the words of results.csv), the
 * credit lines data-sla and data-amount, the credit due data-credit-due. */
#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "numfmt.h"
#include "report_html_parts.h"
#include "report_text.h"

static const char *s(const char *p)
{
	return p ? p : "";
}

static const char *verdict_class(enum report_verdict v)
{
	return v == REPORT_MET ? "v v-met" : v == REPORT_MISSED ? "v v-missed" : v == REPORT_DEFAULT ? "v v-default"
	                                                                                             : "v v-nm";
}

/* <tr><th scope="row">name</th><td>value</td></tr> of a facts list */
static void fact(struct htmlw *h, const char *name, const char *value, const char *dd_cls)
{
	htmlw_elem(h, "dt", NULL, name);
	htmlw_elem(h, "dd", dd_cls, value);
}

static void cell(struct htmlw *h, const char *cls, const char *text)
{
	htmlw_elem(h, "td", cls, text);
}

/* a cell that names its column, for the narrow-screen card layout */
static void labelled_cell(struct htmlw *h, const char *cls, const char *label, const char *text)
{
	htmlw_printf(h, "<td%s%s%s data-label=\"%s\">", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
	             label);
	htmlw_text(h, text);
	htmlw_raw(h, "</td>");
}

/* a count as the PDF prints it: "9,120" */
static void num_cell(struct htmlw *h, int64_t v)
{
	char buf[NUMFMT_MAX];

	numfmt_count(v, buf, sizeof buf);
	htmlw_elem(h, "td", "num", buf);
}

/* an amount of the model with its currency and separators: "EUR 28,800.00" */
static void money(char *buf, size_t size, const struct report_model *m, const char *decimal)
{
	numfmt_amount_text(decimal, m->currency, buf, size);
}

static void row_head(struct htmlw *h, const char *text)
{
	htmlw_raw(h, "<th scope=\"row\">");
	htmlw_text(h, text);
	htmlw_raw(h, "</th>");
}

/* A row head that is a date or an instant: never wrapped, so that on a
 * phone "2026-10-17 13:00+02:00" stays one line (the table scrolls). */
static void date_head(struct htmlw *h, const char *text)
{
	htmlw_raw(h, "<th scope=\"row\" class=\"d\">");
	htmlw_text(h, text);
	htmlw_raw(h, "</th>");
}

/* A row head that is an SLA id: never wrapped (a narrow screen scrolls
 * the table, .wide), as the PDF's scorecard keeps it on one line. */
static void id_head(struct htmlw *h, const char *id)
{
	htmlw_raw(h, "<th scope=\"row\" class=\"id\">");
	htmlw_text(h, id);
	htmlw_raw(h, "</th>");
}

void html_cover(struct htmlw *h, const struct report_model *m)
{
	char contract[256], period[256], status[512];

	htmlw_raw(h, "<h1><span class=\"kicker\">Monthly service report</span>");
	htmlw_text(h, m->client_name);
	htmlw_raw(h, "</h1>\n");
	if (m->status == REPORT_DRAFT)
		htmlw_raw(h, "<p class=\"banner\">DRAFT: month to date, not for invoicing; the figures may still change.</p>\n");
	else if (m->status == REPORT_REVISION) {
		htmlw_printf(h, "<p class=\"banner\">REVISION %d: ", m->revision);
		htmlw_text(h, m->revision_reason);
		htmlw_raw(h, "</p>\n");
	}
	snprintf(contract, sizeof contract, "%s, version %s", s(m->contract_id), s(m->contract_version));
	snprintf(period, sizeof period, "%s, time zone %s", m->period_label ? m->period_label : s(m->period),
	         s(m->timezone));
	htmlw_raw(h, "<dl class=\"facts\">");
	fact(h, "Client", m->client_id, NULL);
	fact(h, "Service by", m->ccc_name, NULL);
	fact(h, "Contract", contract, NULL);
	fact(h, "Period", period, NULL);
	fact(h, "Status", report_status_text(m, status, sizeof status), NULL);
	fact(h, "Report id", m->report_id, "hash");
	fact(h, "Issued", m->issue_date, NULL);
	htmlw_raw(h, "</dl>\n");
}

void html_summary(struct htmlw *h, const struct report_model *m)
{
	const struct report_summary *sm = &m->summary;
	char verdicts[512];
	size_t i;

	htmlw_raw(h, "<section aria-labelledby=\"brief\"><h2 id=\"brief\">The month in brief</h2>\n<dl class=\"facts\">");
	{
		static const char *const words[4] = { "met", "missed", "in default", "not measurable" };
		const size_t counts[4] = { sm->n_met, sm->n_missed, sm->n_default, sm->n_not_measurable };
		size_t v, vl = 0, j;

		/* what went wrong, by name: the SLAs of every verdict but "met" (as the PDF) */
		for (v = 0; v < 4; v++) {
			vl += (size_t)snprintf(verdicts + vl, sizeof verdicts - vl, "%s%zu %s", v ? ", " : "", counts[v],
			                       words[v]);
			for (j = 0, i = 0; v && i < m->n_slas && vl < sizeof verdicts; i++)
				if ((size_t)m->slas[i].verdict == v && !m->slas[i].owed_by_client)
					vl += (size_t)snprintf(verdicts + vl, sizeof verdicts - vl, "%s%s", j++ ? ", " : " (",
					                       s(m->slas[i].id));
			if (v && counts[v] && vl < sizeof verdicts)
				vl += (size_t)snprintf(verdicts + vl, sizeof verdicts - vl, ")");
			if (vl >= sizeof verdicts)
				vl = sizeof verdicts - 1;
		}
		/* the centre's service levels; the client's obligations are apart */
		snprintf(verdicts + vl, sizeof verdicts - vl, " of %zu", sm->n_met + sm->n_missed + sm->n_default +
		         sm->n_not_measurable);
	}
	fact(h, "Credits due", sm->credits_due, NULL);
	fact(h, "Service levels", verdicts, NULL);
	fact(h, "Change on last month", sm->change, NULL);
	fact(h, "Data", sm->completeness, NULL);
	htmlw_elem(h, "dt", NULL, "Risks ahead");
	if (!sm->n_risks)
		htmlw_elem(h, "dd", NULL, "none: no critical SLA is one target miss from a default and no earn-back is open");
	else {
		htmlw_raw(h, "<dd><ul class=\"risks\">");
		for (i = 0; i < sm->n_risks; i++)
			htmlw_elem(h, "li", NULL, sm->risks[i]);
		htmlw_raw(h, "</ul></dd>");
	}
	htmlw_raw(h, "</dl>\n</section>\n");
}

void html_scorecard(struct htmlw *h, const struct report_model *m)
{
	static const char *const titles[] = { "SLA", "Title", "Channels", "Target", "Measured", "Verdict" };
	static const unsigned char num[] = { 0, 0, 0, 1, 1, 0 };
	size_t i, k, max_hist = 0;
	const struct report_sla *ref = NULL;

	htmlw_raw(h, "<section aria-labelledby=\"scorecard\"><h2 id=\"scorecard\">Scorecard</h2>\n");
	if (!m->n_slas) {
		htmlw_raw(h, "<p>The contract defines no service levels for this period.</p></section>\n");
		return;
	}
	/* the centre's SLAs, then the client's obligations (owed_by: client) */
	for (int owed = 0; owed < 2; owed++) {
		size_t shown = 0;

		for (i = 0; i < m->n_slas; i++)
			shown += m->slas[i].owed_by_client == owed;
		if (!shown)
			continue;
		if (owed) {
			htmlw_raw(h, "<h3>The client's obligations</h3>\n");
			htmlw_elem(h, "p", "note", "What the contract asks of the client (owed_by: client): shown here, never a "
			                           "service credit.");
		}
		html_table_begin(h, "scorecard", owed ? "The client's obligations: target, measured value and verdict"
		                                      : "Each service level of the contract: target, measured value and verdict");
		html_head_row(h, titles, num, 6);
		htmlw_raw(h, "<tbody>");
		for (i = 0; i < m->n_slas; i++) {
			const struct report_sla *sl = &m->slas[i];
			char target[2 * NUMFMT_MAX + 16], value[NUMFMT_MAX];

			if (sl->owed_by_client != owed)
				continue;
			report_target_text(target, sizeof target, sl);
			report_value_text(value, sizeof value, sl);
			htmlw_raw(h, "<tr data-sla=\"");
			htmlw_text(h, sl->id);
			htmlw_raw(h, "\" data-value=\"");
			htmlw_text(h, sl->value ? sl->value : "n/a");
			htmlw_printf(h, "\" data-verdict=\"%s\">", report_verdict_word(sl->verdict));
			id_head(h, sl->id);
			labelled_cell(h, NULL, "Title", sl->title);
			labelled_cell(h, NULL, "Channels", sl->channels);
			labelled_cell(h, "num", "Target", target);
			labelled_cell(h, "num", "Measured", value);
			labelled_cell(h, verdict_class(sl->verdict), "Verdict", render_verdict_label(sl->verdict));
			htmlw_raw(h, "</tr>");
			if (sl->n_history > max_hist)
				max_hist = sl->n_history;
		}
		htmlw_raw(h, "</tbody>");
		html_table_end(h);
	}
	if (!max_hist) {
		htmlw_raw(h, "<h3>Previous months</h3>\n");
		htmlw_elem(h, "p", "note", m->history_note);
		htmlw_raw(h, "</section>\n");
		return;
	}
	/* previous months, oldest left, from the ledger */
	if (max_hist > 12)
		max_hist = 12;
	for (i = 0; i < m->n_slas; i++)
		if (m->slas[i].n_history == max_hist)
			ref = &m->slas[i];
	html_table_begin(h, NULL, "Previous months (from the ledger)");
	htmlw_raw(h, "<thead><tr><th scope=\"col\">SLA</th>");
	for (k = 0; k < max_hist; k++) {
		htmlw_raw(h, "<th scope=\"col\" class=\"num\">");
		htmlw_text(h, ref->history[ref->n_history - max_hist + k].period);
		htmlw_raw(h, "</th>");
	}
	htmlw_raw(h, "</tr></thead><tbody>");
	for (i = 0; i < m->n_slas; i++) {
		const struct report_sla *sl = &m->slas[i];
		size_t n = sl->n_history < max_hist ? sl->n_history : max_hist;
		size_t off = max_hist - n; /* a shorter history aligns right (recent months) */

		htmlw_raw(h, "<tr>");
		id_head(h, sl->id);
		for (k = 0; k < max_hist; k++) {
			char v[NUMFMT_MAX] = "";

			if (k >= off)
				report_figure_text(v, sizeof v, sl, sl->history[sl->n_history - n + k - off].value);
			cell(h, "num", v);
		}
		htmlw_raw(h, "</tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	htmlw_elem(h, "p", "note", m->history_note);
	htmlw_raw(h, "</section>\n");
}

void html_revision(struct htmlw *h, const struct report_model *m)
{
	static const char *const ct[] = { "Figure", "Final / previous", "Revised" };
	static const char *const at[] = { "Credit line", "Final", "Revised", "Adjustment" };
	static const unsigned char cn[] = { 0, 1, 1 }, an[] = { 0, 1, 1, 1 };
	char line[512], a[96];
	size_t i;

	htmlw_printf(h, "<section aria-labelledby=\"revision\"><h2 id=\"revision\">Revision %d: what changed</h2>\n",
	             m->revision);
	snprintf(line, sizeof line, "This revision corrects report %s. Reason: %s. The final report and earlier "
	         "revisions stay valid as issued; the figures below replace theirs.", s(m->supersedes),
	         s(m->revision_reason));
	htmlw_elem(h, "p", NULL, line);
	htmlw_raw(h, "<h3>Changed figures</h3>\n");
	if (!m->n_changes)
		htmlw_raw(h, "<p>No figure changed.</p>\n");
	else {
		html_table_begin(h, NULL, "Figures that differ from the report this revision corrects");
		html_head_row(h, ct, cn, 3);
		htmlw_raw(h, "<tbody>");
		for (i = 0; i < m->n_changes; i++) {
			htmlw_raw(h, "<tr>");
			row_head(h, m->changes[i].figure);
			cell(h, "num", m->changes[i].old_value);
			cell(h, "num", m->changes[i].new_value);
			htmlw_raw(h, "</tr>");
		}
		htmlw_raw(h, "</tbody>");
		html_table_end(h);
	}
	htmlw_raw(h, "<h3>Credit adjustments (revised - final)</h3>\n");
	if (!m->n_adjustments) {
		htmlw_raw(h, "<p>The credits are unchanged.</p></section>\n");
		return;
	}
	html_table_begin(h, NULL, "Credit adjustments against the final report");
	html_head_row(h, at, an, 4);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i < m->n_adjustments; i++) {
		const struct report_adjustment *r = &m->adjustments[i];

		htmlw_raw(h, "<tr>");
		row_head(h, r->line);
		money(a, sizeof a, m, r->final_amount);
		cell(h, "num", a);
		money(a, sizeof a, m, r->revised_amount);
		cell(h, "num", a);
		money(a, sizeof a, m, r->delta);
		cell(h, "num", a);
		htmlw_raw(h, "</tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	htmlw_raw(h, "</section>\n");
}

/* Under a channel's table, as the PDF: the month's handling split and
 * transfer rate, answered contacts by wait, abandoned by time to abandon,
 * and the open contacts by age (report.md section 5). */
static void channel_profiles(struct htmlw *h, const struct report_channel *ch)
{
	char v[4][NUMFMT_MAX], caption[200];
	struct report_kv hk[4];

	if (!ch->waits && !ch->abandons)
		return;
	numfmt_duration_text(ch->talk_s, 0, v[0], sizeof v[0]);
	numfmt_duration_text(ch->hold_s, 0, v[1], sizeof v[1]);
	numfmt_duration_text(ch->wrap_s, 0, v[2], sizeof v[2]);
	numfmt_percent_text(ch->transfer_pct, v[3], sizeof v[3]);
	hk[0].name = "talk (average)";    hk[0].value = v[0];
	hk[1].name = "hold (average)";    hk[1].value = v[1];
	hk[2].name = "wrap-up (average)"; hk[2].value = v[2];
	hk[3].name = "transferred";       hk[3].value = v[3];
	htmlw_raw(h, "<div class=\"pair\">");
	snprintf(caption, sizeof caption, "Handling, month (m:ss), %s", s(ch->name));
	html_kv_table(h, caption, hk, 4);
	snprintf(caption, sizeof caption, "Answered, by elapsed wait, %s", s(ch->name));
	html_kv_table(h, caption, ch->waits, ch->n_waits);
	snprintf(caption, sizeof caption, "Abandoned, by time to abandon, %s", s(ch->name));
	html_kv_table(h, caption, ch->abandons, ch->n_abandons);
	if (ch->backlog) {
		snprintf(caption, sizeof caption, "Open at the data cut-off, by age, %s", s(ch->name));
		html_kv_table(h, caption, ch->backlog, ch->n_backlog);
	}
	htmlw_raw(h, "</div>\n");
}

/* One channel of the overview: its volume chart, described in words, and
 * the daily table that holds the chart's numbers. */
static void channel_block(struct htmlw *h, const struct report_channel *ch)
{
	static const char *const titles[] = { "Day", "Offered", "Answered", "Abandoned", "Service level",
	                                      "Avg answer", "90 % within", "Handling" };
	static const unsigned char num[] = { 0, 1, 1, 1, 1, 1, 1, 1 };
	double ans[62], ab[62];
	const char *labels[62];
	char lb[62][8], desc[512], caption[160];
	size_t n = ch->n_days < 62 ? ch->n_days : 62, i, busiest = 0;
	int written = report_channel_written(ch->name);
	char on[3][NUMFMT_MAX];
	double vmax = 0;
	struct chart c;
	struct chart_series se[2] = {
		{ "answered", ans, NULL, CHART_BARS, 0 },
		{ "not answered (abandoned, open, other)", ab, NULL, CHART_BARS, 1 },
	};

	htmlw_raw(h, "<h3>Channel: ");
	htmlw_text(h, ch->name);
	htmlw_raw(h, "</h3>\n");
	for (i = 0; i < n; i++) {
		const char *date = s(ch->days[i].date);

		ans[i] = (double)ch->days[i].answered;
		ab[i] = (double)(ch->days[i].offered - ch->days[i].answered);
		snprintf(lb[i], sizeof lb[i], "%s", strlen(date) >= 10 ? date + 8 : date);
		labels[i] = lb[i];
		if (ch->days[i].offered > ch->days[busiest].offered)
			busiest = i;
		if (ans[i] + ab[i] > vmax)
			vmax = ans[i] + ab[i];
	}
	memset(&c, 0, sizeof c);
	c.w = 515;
	c.h = 130;
	c.title = "Daily volume (contacts offered), day of month";
	c.y_unit = "";
	c.x_labels = labels;
	c.n_x = n;
	c.series = se;
	c.n_series = 2;
	if (vmax <= 0) { /* no contact yet: an axis from 0, not around 0 (as the PDF) */
		c.y_floor = 0;
		c.y_ceil = 10;
	}
	numfmt_count(ch->total.offered, on[0], sizeof on[0]);
	numfmt_count(ch->total.answered, on[1], sizeof on[1]);
	if (n) {
		numfmt_count(ch->days[busiest].offered, on[2], sizeof on[2]);
		snprintf(desc, sizeof desc, "Stacked bars per day: answered below, not answered above. %s offered in "
		         "the month, %s answered; the busiest day %s with %s offered. Every day's figures are in "
		         "the table below.", on[0], on[1], s(ch->days[busiest].date), on[2]);
	}
	else
		snprintf(desc, sizeof desc, "No days in this period.");
	html_chart(h, &c, desc);
	snprintf(caption, sizeof caption, "Daily figures, %s", s(ch->name));
	html_table_begin(h, NULL, caption);
	html_head_row(h, titles, num, 8);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i <= ch->n_days; i++) {
		const struct report_channel_day *cd = i < ch->n_days ? &ch->days[i] : &ch->total;
		char v[NUMFMT_MAX];

		htmlw_raw(h, i < ch->n_days ? "<tr>" : "<tr class=\"total\">");
		date_head(h, i < ch->n_days ? cd->date : "Month");
		num_cell(h, cd->offered);
		num_cell(h, cd->answered);
		num_cell(h, cd->abandoned);
		numfmt_percent_text(cd->service_level, v, sizeof v);
		cell(h, "num", v);
		numfmt_duration_text(cd->asa_s, written, v, sizeof v);
		cell(h, "num", v);
		numfmt_duration_text(cd->p90_wait_s, written, v, sizeof v);
		cell(h, "num", v);
		numfmt_duration_text(cd->aht_s, 0, v, sizeof v);
		cell(h, "num", v);
		htmlw_raw(h, "</tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	channel_profiles(h, ch);
}

/* "2026-10-01" -> "01 Thu": a heatmap row label, as the PDF's. */
static const char *day_label(const char *date, char *buf, size_t size)
{
	static const char *const wd[7] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" }; /* 1970-01-01: Thu */
	int y, mo, dd;
	int64_t days;

	if (sscanf(s(date), "%d-%d-%d", &y, &mo, &dd) != 3)
		return s(date);
	days = civil_to_days(y, mo, dd);
	snprintf(buf, size, "%02d %s", dd % 100, wd[((days % 7) + 7) % 7]);
	return buf;
}

static const char *const HEAT_WORDS[REPORT_HEAT_STEPS] = { "below 60 %", "60 to 70 %", "70 to 80 %",
	                                                     "80 to 90 %", "90 % or more" };

/* Section 4 as a table: a row per local day, a column per half-hour with
 * some contact in the month; a cell's grey is its step and its text (shown
 * to screen readers, and as a tooltip) the step's words, so the map reads
 * without colour and without sight. */
void html_heatmap(struct htmlw *h, const struct report_model *m)
{
	size_t c, i;
	int shown = 0, folded = 0, k;

	for (c = 0; c < m->n_channels; c++) {
		shown |= m->channels[c].heat != NULL && m->channels[c].n_days > 0;
		folded |= m->channels[c].heat_folded;
	}
	if (!shown)
		return;
	htmlw_raw(h, "<section aria-labelledby=\"heatmap\"><h2 id=\"heatmap\">Service level by half-hour</h2>\n");
	htmlw_raw(h, "<p class=\"note\">Each cell is one half-hour of one local day: the service level of the contacts "
	             "of the channel offered in it (at any hour, with the parameters of the channel's service-level "
	             "SLA), in five steps of grey, darker where fewer were answered in time. Blank: no contact "
	             "offered.</p>\n");
	if (folded)
		htmlw_elem(h, "p", "note", REPORT_HEAT_FOLDED_TEXT);
	htmlw_raw(h, "<p class=\"heat-legend\">Legend (service level per half-hour):");
	for (k = 0; k < REPORT_HEAT_STEPS; k++)
		htmlw_printf(h, " <span class=\"key\"><span class=\"swatch h%d\"></span>%s</span>", k, HEAT_WORDS[k]);
	htmlw_raw(h, " <span class=\"key\"><span class=\"swatch\"></span>blank: none offered</span></p>\n");
	for (c = 0; c < m->n_channels; c++) {
		const struct report_channel *ch = &m->channels[c];
		int lo = REPORT_HEAT_SLOTS, hi = -1;
		char caption[160], lb[16];

		if (!ch->heat || !ch->n_days)
			continue;
		for (i = 0; i < ch->n_days; i++)
			for (k = 0; k < REPORT_HEAT_SLOTS; k++)
				if (ch->heat[i][k] >= 0) {
					lo = k < lo ? k : lo;
					hi = k > hi ? k : hi;
				}
		htmlw_raw(h, "<h3>Channel: ");
		htmlw_text(h, ch->name);
		htmlw_raw(h, "</h3>\n");
		if (hi < 0) {
			htmlw_raw(h, "<p>No contact was offered in this period.</p>\n");
			continue;
		}
		lo -= lo % 2; /* start at a full hour */
		snprintf(caption, sizeof caption, "Service level by local day and half-hour, %s", s(ch->name));
		html_table_begin(h, "heat", caption);
		htmlw_raw(h, "<thead><tr><th scope=\"col\">Day</th>");
		/* the full hours in view, every half-hour to a screen reader */
		for (k = lo; k <= hi; k++)
			if (k % 2)
				htmlw_printf(h, "<th scope=\"col\"><span class=\"sr\">%02d:30</span></th>", k / 2);
			else
				htmlw_printf(h, "<th scope=\"col\"><span class=\"sr\">%02d:00</span>"
				             "<span aria-hidden=\"true\">%02d</span></th>", k / 2, k / 2);
		htmlw_raw(h, "</tr></thead><tbody>");
		for (i = 0; i < ch->n_days; i++) {
			htmlw_raw(h, "<tr>");
			row_head(h, day_label(ch->days[i].date, lb, sizeof lb));
			for (k = lo; k <= hi; k++) {
				int step = ch->heat[i][k];

				if (step < 0 || step >= REPORT_HEAT_STEPS)
					htmlw_raw(h, "<td></td>");
				else
					htmlw_printf(h, "<td class=\"h%d\"><span class=\"sr\">%s</span></td>", step,
					             HEAT_WORDS[step]);
			}
			htmlw_raw(h, "</tr>");
		}
		htmlw_raw(h, "</tbody>");
		html_table_end(h);
	}
	htmlw_raw(h, "</section>\n");
}

void html_accessibility(struct htmlw *h, const struct report_model *m)
{
	size_t c;

	htmlw_raw(h, "<section aria-labelledby=\"operations\"><h2 id=\"operations\">Operations per channel</h2>\n");
	htmlw_raw(h, "<p class=\"note\">Per channel and day: contacts offered, answered and abandoned, the service "
	             "level, the average wait of answered contacts (average speed of answer), the wait that 90 % of "
	             "answered contacts stayed within, and the average handling time (talk, hold and wrap-up). Waits "
	             "and times read m:ss (h:mm:ss from an hour).</p>\n");
	if (m->overview_note) {
		htmlw_raw(h, "<p class=\"note\"><strong>");
		htmlw_text(h, m->overview_note);
		htmlw_raw(h, "</strong></p>\n");
	}
	if (!m->n_channels)
		htmlw_raw(h, "<p>No contacts were offered in this period (all values n/a).</p>\n");
	for (c = 0; c < m->n_channels; c++)
		channel_block(h, &m->channels[c]);
	htmlw_raw(h, "</section>\n");
}

/* availability with each outage, quality, report delivery: as the PDF */
static void html_availability_quality(struct htmlw *h, const struct report_model *m)
{
	static const char *const titles[] = { "Channel", "Incident", "Start", "End", "Service hours", "Impact",
	                                      "Cause", "Note" };
	static const unsigned char num[] = { 0, 0, 0, 0, 1, 1, 0, 0 };

	if (m->n_availability_rows) {
		htmlw_raw(h, "<h3>Availability</h3>\n");
		htmlw_elem(h, "p", "note", m->availability_note);
		html_kv_table(h, "Availability per channel", m->availability_rows, m->n_availability_rows);
		if (m->n_outages) {
			html_table_begin(h, NULL, "The outages of the month, per channel");
			html_head_row(h, titles, num, 8);
			htmlw_raw(h, "<tbody>");
			for (size_t i = 0; i < m->n_outages; i++) {
				const struct report_outage *o = &m->outages[i];

				htmlw_raw(h, "<tr>");
				row_head(h, o->channel);
				cell(h, NULL, o->id);
				cell(h, NULL, o->start);
				cell(h, NULL, o->end);
				cell(h, "num", o->duration);
				cell(h, "num", o->impact);
				cell(h, NULL, o->cause);
				cell(h, NULL, o->note);
				htmlw_raw(h, "</tr>");
			}
			htmlw_raw(h, "</tbody>");
			html_table_end(h);
		} else {
			htmlw_elem(h, "p", NULL, "No outage in the month.");
		}
	}
	if (m->n_quality_rows) {
		htmlw_raw(h, "<h3>Quality</h3>\n");
		htmlw_elem(h, "p", "note", m->quality_note);
		html_kv_table(h, "Quality evaluations of the month", m->quality_rows, m->n_quality_rows);
	}
	if (m->delivery) {
		htmlw_raw(h, "<h3>Report delivery</h3>\n");
		htmlw_elem(h, "p", NULL, m->delivery);
	}
}

void html_experience(struct htmlw *h, const struct report_model *m)
{
	char resp[NUMFMT_MAX], n[NUMFMT_MAX], comp[96], fcr[128], pct[NUMFMT_MAX], top2[NUMFMT_MAX];
	struct report_kv kv[6];

	htmlw_raw(h, "<section aria-labelledby=\"experience\"><h2 id=\"experience\">Customer experience</h2>\n");
	numfmt_count(m->csat_responses, resp, sizeof resp);
	numfmt_count(m->complaints, n, sizeof n);
	snprintf(comp, sizeof comp, "%s (%s complaint%s)", m->complaints_per_1000 && *m->complaints_per_1000
	         ? m->complaints_per_1000 : "n/a", n, m->complaints == 1 ? "" : "s");
	numfmt_percent_text(m->fcr_pct, pct, sizeof pct);
	numfmt_percent_text(m->csat_top2_pct, top2, sizeof top2);
	snprintf(fcr, sizeof fcr, "%s (method: %s)", pct, s(m->fcr_method));
	kv[0].name = "CSAT responses";               kv[0].value = resp;
	kv[1].name = "CSAT average";                 kv[1].value = m->csat_avg ? m->csat_avg : "n/a";
	kv[2].name = "CSAT scores of 4 or 5";        kv[2].value = top2;
	kv[3].name = "First contact resolution";     kv[3].value = fcr;
	kv[4].name = "Complaints per 1000 answered"; kv[4].value = comp;
	kv[5].name = "Cases logged per 1000 answered"; kv[5].value = m->complaint_log_rate;
	html_kv_table(h, "Customer experience of the month", kv, m->complaint_log_rate ? 6 : 5);
	if (m->complaint_log_rate)
		htmlw_elem(h, "p", "note", m->complaint_rate_note);
	if (m->n_complaint_rows) {
		htmlw_raw(h, "<h3>Complaint cases</h3>\n");
		htmlw_elem(h, "p", "note", m->complaint_note);
		html_kv_table(h, "The complaint log's cases of the month", m->complaint_rows, m->n_complaint_rows);
	}
	html_availability_quality(h, m);
	htmlw_raw(h, "</section>\n");
}

/* relief: [forecast], as the PDF */
static void html_reliefs(struct htmlw *h, const struct report_model *m)
{
	static const char *const titles[] = { "SLA", "Interval", "Actual", "Forecast", "Excess", "Removed" };
	static const unsigned char num[] = { 0, 0, 1, 1, 1, 1 };

	if (!m->relief_note)
		return;
	htmlw_raw(h, "<h3>Relief: volume over the client's forecast</h3>\n");
	htmlw_elem(h, "p", "note", m->relief_note);
	if (!m->n_reliefs)
		return;
	html_table_begin(h, NULL, "Intervals over the forecast, left out of the SLA");
	html_head_row(h, titles, num, 6);
	htmlw_raw(h, "<tbody>");
	for (size_t i = 0; i < m->n_reliefs; i++) {
		const struct report_relief *r = &m->reliefs[i];

		htmlw_raw(h, "<tr>");
		row_head(h, r->sla_id);
		cell(h, NULL, r->start);
		num_cell(h, r->actual);
		cell(h, "num", r->forecast);
		cell(h, "num", r->excess);
		num_cell(h, r->removed);
		htmlw_raw(h, "</tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
}

void html_exclusions(struct htmlw *h, const struct report_model *m)
{
	static const char *const titles[] = { "From", "To", "Reason", "Note", "Approved by", "Removed" };
	static const char *const per[] = { "Window", "Population", "Removed" };
	static const unsigned char num[] = { 0, 0, 0, 0, 0, 1 }, pnum[] = { 0, 0, 1 };
	size_t i, k;

	htmlw_raw(h, "<section aria-labelledby=\"exclusions\"><h2 id=\"exclusions\">Exclusions</h2>\n");
	if (!m->n_exclusions) {
		htmlw_raw(h, "<p>No exclusion windows applied in this period.</p>\n");
		html_reliefs(h, m);
		htmlw_raw(h, "</section>\n");
		return;
	}
	htmlw_elem(h, "p", "note", REPORT_EXCLUSIONS_NOTE);
	html_table_begin(h, NULL, "Agreed exclusion windows of the period");
	html_head_row(h, titles, num, 6);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i < m->n_exclusions; i++) {
		const struct report_exclusion *e = &m->exclusions[i];

		htmlw_raw(h, "<tr>");
		date_head(h, e->from);
		cell(h, NULL, e->to);
		cell(h, NULL, e->reason);
		cell(h, NULL, e->note);
		cell(h, NULL, e->approved_by);
		num_cell(h, e->removed);
		htmlw_raw(h, "</tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	html_table_begin(h, NULL, "Contacts removed per population");
	html_head_row(h, per, pnum, 3);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i < m->n_exclusions; i++) {
		const struct report_exclusion *e = &m->exclusions[i];
		char when[96], pop[192];

		snprintf(when, sizeof when, "from %s", s(e->from));
		htmlw_raw(h, "<tr>");
		date_head(h, when);
		cell(h, NULL, "all offered inbound contacts (overview)");
		num_cell(h, e->removed);
		htmlw_raw(h, "</tr>");
		for (k = 0; k < m->n_slas && e->removed_per_sla; k++) {
			snprintf(pop, sizeof pop, "%s (%s)", s(m->slas[k].id), s(m->slas[k].channels));
			htmlw_raw(h, "<tr>");
			date_head(h, when);
			cell(h, NULL, pop);
			num_cell(h, e->removed_per_sla[k]);
			htmlw_raw(h, "</tr>");
		}
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	html_reliefs(h, m);
	htmlw_raw(h, "</section>\n");
}

void html_credits(struct htmlw *h, const struct report_model *m)
{
	static const char *const titles[] = { "SLA", "Target", "Measured", "Status", "Allocation %", "Multiplier",
	                                      "Before cap", "Credit" };
	static const unsigned char num[] = { 0, 0, 1, 0, 1, 1, 1, 1 };
	static const char *const lab[3] = { "Total", "Cap", "Credit due" };
	char amt[96], status[160];
	size_t i;

	htmlw_raw(h, "<section aria-labelledby=\"credits\"><h2 id=\"credits\">Service credits statement</h2>\n");
	if (!m->n_credits && !m->n_earn_backs) {
		htmlw_raw(h, "<p>No critical SLA carries credits under this contract: no credits due.</p></section>\n");
		return;
	}
	if (m->credits_basis)
		htmlw_elem(h, "p", "note", m->credits_basis);
	html_table_begin(h, NULL, "Service credits of the month per critical SLA");
	html_head_row(h, titles, num, 8);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i < m->n_credits; i++) {
		const struct report_credit_line *c = &m->credits[i];
		int note = c->note && c->note[0];
		char meas[NUMFMT_MAX], tgt[2 * NUMFMT_MAX + 16], pre[96];
		size_t k;

		snprintf(status, sizeof status, "%s%s%s%s", s(c->status), note ? " (" : "", note ? c->note : "",
		         note ? ")" : "");
		money(pre, sizeof pre, m, c->uncapped);
		money(amt, sizeof amt, m, c->amount);
		/* the measured value and target as the SLA's pages print them */
		snprintf(meas, sizeof meas, "%s", s(c->measured));
		snprintf(tgt, sizeof tgt, "%s", s(c->target));
		for (k = 0; k < m->n_slas; k++)
			if (!strcmp(s(m->slas[k].id), s(c->sla_id))) {
				report_figure_text(meas, sizeof meas, &m->slas[k], c->measured);
				report_target_text(tgt, sizeof tgt, &m->slas[k]);
			}
		htmlw_raw(h, "<tr data-sla=\"");
		htmlw_text(h, c->sla_id);
		htmlw_raw(h, "\" data-amount=\"");
		htmlw_text(h, c->amount);
		htmlw_raw(h, "\">");
		id_head(h, c->sla_id);
		cell(h, NULL, tgt);
		cell(h, "num", meas);
		cell(h, NULL, status);
		cell(h, "num", c->allocation_pct);
		cell(h, "num", c->multiplier);
		cell(h, "num", pre);
		cell(h, "num", amt);
		htmlw_raw(h, "</tr>");
	}
	for (i = 0; i < m->n_earn_backs; i++) {
		const struct report_earn_back *e = &m->earn_backs[i];

		snprintf(status, sizeof status, "earn-back of %s", s(e->refers_to));
		money(amt, sizeof amt, m, e->amount);
		htmlw_raw(h, "<tr>");
		id_head(h, e->sla_id);
		htmlw_raw(h, "<td></td><td></td>");
		cell(h, NULL, status);
		htmlw_raw(h, "<td></td><td></td><td></td>");
		cell(h, "num", amt);
		htmlw_raw(h, "</tr>");
	}
	/* the uncapped total under 'Before cap', the cap and what is due under
	 * 'Credit', as the PDF */
	for (i = 0; i < 3; i++) {
		const char *val = i == 0 ? m->credits_uncapped : i == 1 ? m->credits_cap : m->credits_final;

		money(amt, sizeof amt, m, val);
		if (i == 2) {
			htmlw_raw(h, "<tr class=\"total\" data-credit-due=\"");
			htmlw_text(h, val);
			htmlw_raw(h, "\">");
		} else
			htmlw_raw(h, i == 0 ? "<tr class=\"total\">" : "<tr>");
		row_head(h, lab[i]);
		htmlw_raw(h, "<td></td><td></td><td></td><td></td><td></td>");
		cell(h, "num", i == 0 ? amt : "");
		cell(h, "num", i == 0 ? "" : amt);
		htmlw_raw(h, "</tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
	/* the outlook: what the next month may cost or bring back */
	htmlw_raw(h, "<h3>Outlook</h3>\n");
	if (!m->summary.n_risks)
		htmlw_raw(h, "<p>No critical SLA is one target miss from a default and no earn-back is open.</p>\n");
	for (i = 0; i < m->summary.n_risks; i++)
		htmlw_elem(h, "p", NULL, m->summary.risks[i]);
	htmlw_raw(h, "</section>\n");
}

/* Per input file, the digest of this client's rows of it in the attached
 * contacts.csv.gz: the PDF's table under the input files (render.c). */
static void evidence_digests(struct htmlw *h, const struct report_model *m)
{
	static const char *const titles[] = { "Input file", "SHA-256 of this client's rows in contacts.csv.gz",
	                                      "Rows attached" };
	static const unsigned char num[] = { 0, 0, 1 };
	size_t i, any = 0;

	for (i = 0; i < m->n_inputs; i++)
		any += m->inputs[i].evidence_rows > 0;
	if (!any)
		return;
	htmlw_elem(h, "p", NULL, m->pseudonyms ? REPORT_EVIDENCE_NOTE_PSEUDONYMS : REPORT_EVIDENCE_NOTE_WITHHELD);
	html_table_begin(h, NULL, "This client's rows of each input file in contacts.csv.gz");
	html_head_row(h, titles, num, 3);
	htmlw_raw(h, "<tbody>");
	for (i = 0; i < m->n_inputs; i++) {
		const struct report_input *in = &m->inputs[i];

		if (report_input_is_ops(in) && !in->evidence_rows)
			continue; /* its rows are in outages.csv or quality.csv */
		htmlw_raw(h, "<tr>");
		row_head(h, in->name);
		cell(h, "hash", in->evidence_sha256 && in->evidence_sha256[0] ? in->evidence_sha256 : "none");
		num_cell(h, in->evidence_rows);
		htmlw_raw(h, "</tr>");
	}
	htmlw_raw(h, "</tbody>");
	html_table_end(h);
}

void html_lineage(struct htmlw *h, const struct report_model *m)
{
	static const char *const titles[] = { "Input file", "SHA-256", "Client", "Rows", "Accepted", "Quarantined",
	                                      "Duplicates" };
	static const char *const rt[] = { "Quarantine reason", "Rows" };
	static const unsigned char num[] = { 0, 0, 1, 1, 1, 1, 1 }, rn[] = { 0, 1 };
	char rec[256], contract[512], nr[4][NUMFMT_MAX];
	size_t i;

	htmlw_raw(h, "<section aria-labelledby=\"lineage\"><h2 id=\"lineage\">Data quality and lineage</h2>\n");
	numfmt_count(m->rows_read, nr[0], sizeof nr[0]);
	numfmt_count(m->rows_accepted, nr[1], sizeof nr[1]);
	numfmt_count(m->rows_quarantined, nr[2], sizeof nr[2]);
	numfmt_count(m->rows_duplicates, nr[3], sizeof nr[3]);
	snprintf(rec, sizeof rec, "whole files: read %s = accepted %s + quarantined %s + duplicates %s%s",
	         nr[0], nr[1], nr[2], nr[3],
	         m->rows_read == m->rows_accepted + m->rows_quarantined + m->rows_duplicates ? " (reconciled)"
	                                                                                      : " (DOES NOT RECONCILE)");
	snprintf(contract, sizeof contract, "%s, SHA-256 %s", s(m->contract_file), s(m->contract_sha256));
	htmlw_raw(h, "<dl class=\"facts\">");
	fact(h, "Reconciliation", rec, NULL);
	fact(h, "Data received up to", m->watermark, NULL);
	fact(h, "Contract file", contract, "hash");
	fact(h, "Software", m->software_version, NULL);
	fact(h, "Generated", m->generated_at, NULL);
	htmlw_raw(h, "</dl>\n");
	if (m->n_inputs) {
		int ops = 0;

		for (i = 0; i < m->n_inputs; i++)
			ops |= report_input_is_ops(&m->inputs[i]);
		htmlw_elem(h, "p", "note", REPORT_LINEAGE_NOTE);
		if (ops)
			htmlw_elem(h, "p", "note", REPORT_LINEAGE_OPS_NOTE);
		html_table_begin(h, NULL, "Input files of the period");
		html_head_row(h, titles, num, 7);
		htmlw_raw(h, "<tbody>");
		for (i = 0; i < m->n_inputs; i++) {
			const struct report_input *in = &m->inputs[i];
			char label[300];

			htmlw_raw(h, "<tr>");
			row_head(h, report_input_label(in, label, sizeof label));
			cell(h, "hash", in->sha256);
			num_cell(h, in->client_rows);
			num_cell(h, in->rows);
			num_cell(h, in->accepted);
			num_cell(h, in->quarantined);
			num_cell(h, in->duplicates);
			htmlw_raw(h, "</tr>");
		}
		htmlw_raw(h, "</tbody>");
		html_table_end(h);
		evidence_digests(h, m);
	} else {
		htmlw_raw(h, "<p>No input files contributed to this period.</p>\n");
	}
	if (m->n_reasons) {
		html_table_begin(h, NULL, "Quarantined rows by reason");
		html_head_row(h, rt, rn, 2);
		htmlw_raw(h, "<tbody>");
		for (i = 0; i < m->n_reasons; i++) {
			htmlw_raw(h, "<tr>");
			row_head(h, m->reasons[i].reason);
			num_cell(h, m->reasons[i].count);
			htmlw_raw(h, "</tr>");
		}
		htmlw_raw(h, "</tbody>");
		html_table_end(h);
	}
	htmlw_raw(h, "</section>\n");
}

void html_method(struct htmlw *h, const struct report_model *m)
{
	const char *text;
	char def[REPORT_METHOD_TEXT_MAX];
	size_t i, p, k;

	htmlw_raw(h, "<section aria-labelledby=\"method\"><h2 id=\"method\">Method</h2>\n");
	htmlw_elem(h, "p", NULL, REPORT_METHOD_INTRO);
	if (m->service_hours) {
		htmlw_raw(h, "<p>Service hours: ");
		htmlw_text(h, m->service_hours);
		htmlw_raw(h, ".</p>\n");
	}
	for (k = 0; (text = report_method_text(m, &k, def, sizeof def)) != NULL;)
		htmlw_elem(h, "p", NULL, text);
	for (i = 0; i < m->n_slas; i++) {
		htmlw_raw(h, "<p>");
		htmlw_text(h, m->slas[i].id);
		htmlw_raw(h, " parameters:");
		for (p = 0; p < m->slas[i].n_params; p++) {
			if (!strcmp(s(m->slas[i].params[p].name), "service hours"))
				continue; /* the paragraph above gives them */
			htmlw_raw(h, p ? "; " : " "); /* as render.c's method(): "name: value; ..." */
			htmlw_text(h, m->slas[i].params[p].name);
			htmlw_raw(h, ": ");
			htmlw_text(h, m->slas[i].params[p].value);
		}
		htmlw_raw(h, "</p>\n");
	}
	htmlw_raw(h, "</section>\n");
}

void html_verification(struct htmlw *h, const struct report_model *m)
{
	size_t i;
	int any_contacts = 0, any_ops = 0;

	htmlw_raw(h, "<section aria-labelledby=\"verification\"><h2 id=\"verification\">Verification</h2>\n");
	if (m->status == REPORT_DRAFT)
		htmlw_raw(h, "<p>This draft is a month-to-date preview and is not signed; its figures may still change. "
		             "The final report, issued when the month has closed, is signed by the contact centre and "
		             "says how to check its signature.</p>\n");
	else if (report_unsigned_final(m))
		htmlw_raw(h, "<p>This report was not signed when it was rendered; it is valid only once the contact "
		             "centre has signed it (ccsla sign), its signature then showing on page 1 of report.pdf. "
		             "Check the signature with any PDF reader that supports signatures, with pdfsig report.pdf, "
		             "or with ccsla verify --fingerprint FP report.pdf, where FP is the certificate fingerprint "
		             "the contact centre published.</p>\n");
	else
		htmlw_raw(h, "<p>report.pdf is signed by the contact centre. Check the signature with any PDF reader that "
		             "supports signatures, with pdfsig report.pdf, or with ccsla verify --fingerprint FP "
		             "report.pdf, where FP is the certificate fingerprint the contact centre published (it must "
		             "equal the one below; ccsla verify --ca CA.pem checks against the contact centre's CA "
		             "instead).</p>\n");
	for (i = 0; i < m->n_attachments; i++) {
		const char *b = strrchr(m->attachments[i], '/');

		any_ops += !strcmp(b ? b + 1 : m->attachments[i], "outages.csv") ||
		           !strcmp(b ? b + 1 : m->attachments[i], "quality.csv") ||
		           !strcmp(b ? b + 1 : m->attachments[i], "forecast.csv") ||
		           !strcmp(b ? b + 1 : m->attachments[i], "complaints.csv");
	}
	htmlw_raw(h, "<p>This page is the HTML twin of report.pdf, written from the same figures. It is not signed "
	             "itself: the copy attached inside the signed PDF is covered by the PDF's signature (extract it "
	             "with pdfdetach -saveall report.pdf and compare). The attached files carry the same figures "
	             "as these pages; ccsla verify --recompute report.pdf recomputes every figure from the ");
	htmlw_raw(h, any_ops ? "attached contacts, contract, ledger and operations logs (outages, quality, forecast, "
	                       "complaints: those attached) alone.</p>\n"
	                     : "attached contacts, contract and ledger alone.</p>\n");
	htmlw_raw(h, "<dl class=\"facts\">");
	htmlw_elem(h, "dt", NULL, "Signer certificate SHA-256");
	htmlw_elem(h, "dd", "hash", m->status == REPORT_DRAFT ? "none: drafts are not signed"
	                            : m->signer_fingerprint ? m->signer_fingerprint
	                                                    : "shown in the signature panel of the signed report");
	htmlw_elem(h, "dt", NULL, "Attached to report.pdf");
	htmlw_raw(h, "<dd>");
	if (!m->n_attachments)
		htmlw_raw(h, "none");
	for (i = 0; i < m->n_attachments; i++) {
		const char *b = strrchr(m->attachments[i], '/');

		htmlw_raw(h, i ? ", " : "");
		htmlw_text(h, b ? b + 1 : m->attachments[i]);
		any_contacts += !strcmp(b ? b + 1 : m->attachments[i], "contacts.csv.gz");
	}
	htmlw_raw(h, "</dd>");
	if (any_contacts) {
		char contacts[256];

		report_contacts_text(m, contacts, sizeof contacts);
		htmlw_elem(h, "dt", NULL, "Contacts attached");
		htmlw_elem(h, "dd", NULL, contacts);
	}
	htmlw_raw(h, "</dl>\n</section>\n");
}
