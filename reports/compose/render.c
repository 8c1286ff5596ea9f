/* render.c -- lays out the 10 sections of spec/report.md from a report
 * model: cover and scorecard on page 1 (with the signature area kept free),
 * then one block per SLA with its charts, the accessibility overview,
 * customer experience, exclusions, credits, lineage, method, verification.
 * Figures are printed as the model gives them; nothing is recomputed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "reports/pdf/chart.h"
#include "reports/pdf/pdf.h"
#include "numfmt.h"
#include "render.h"
#include "render_missed.h"
#include "report_text.h"

#define MAX_POINTS 62
#define OVERVIEW_ROWS 5 /* rows of the profile tables under a channel */

const char *render_verdict_label(enum report_verdict v)
{
	switch (v) {
	case REPORT_MET: return "✓ met";
	case REPORT_MISSED: return "✗ missed";
	case REPORT_DEFAULT: return "✗✗ default";
	case REPORT_NOT_MEASURABLE: break;
	}
	return "○ not measurable";
}

static enum pdfw_tone verdict_tone(enum report_verdict v)
{
	return v == REPORT_MET ? PDF_TONE_GOOD : v == REPORT_MISSED ? PDF_TONE_WARN
	     : v == REPORT_DEFAULT ? PDF_TONE_BAD : PDF_TONE_MUTED;
}

static const char *s(const char *p)
{
	return p ? p : "";
}

/* A formatted figure back to a number for drawing; "n/a" is a gap. */
static int plot_value(const char *text, double *out)
{
	char *end;

	if (!text || !*text)
		return 0;
	*out = strtod(text, &end);
	return end != text;
}

static void i64(char *buf, size_t size, int64_t v)
{
	numfmt_count(v, buf, size);
}

/* An amount of the model (minor units as a decimal string) with its
 * currency and thousands separators. */
void render_money_text(char *buf, size_t size, const struct report_model *m, const char *decimal)
{
	numfmt_amount_text(decimal, m->currency, buf, size);
}

/* Internal names that a note from the evaluation may carry, in words. */
static const char *note_words(const char *note, char *buf, size_t size)
{
	const char *p;

	if (!note)
		return NULL;
	if ((p = strstr(note, "min_volume"))) {
		snprintf(buf, size, "%.*sminimum volume%s", (int)(p - note), note, p + strlen("min_volume"));
		return buf;
	}
	return note;
}

static void kv_block(struct pdfw_doc *d, const char *const (*rows)[2], size_t n, float label_w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t st[8], ln[8], k, lines;
		const char *v = s(rows[i][1]);

		lines = pdfw_wrap(d, d->regular, 9, v, PDF_CONTENT_W - label_w, st, ln, 8);
		pdfw_need(d, 12.5f * (float)lines);
		d->y -= 12.5f;
		pdfw_set_fill(d, 0.35f, 0.35f, 0.35f);
		pdfw_text(d, d->regular, 9, PDF_MARGIN, d->y, PDF_LEFT, rows[i][0]);
		pdfw_set_fill(d, 0, 0, 0);
		for (k = 0; k < lines; k++) {
			char line[512];
			size_t l = ln[k] < sizeof line - 1 ? ln[k] : sizeof line - 1;

			memcpy(line, v + st[k], l);
			line[l] = '\0';
			if (k)
				d->y -= 12.5f;
			pdfw_text(d, d->regular, 9, PDF_MARGIN + label_w, d->y, PDF_LEFT, line);
		}
	}
	d->y -= 6;
}

/* A final or revision rendered without a signer (ccsla render; ccsla sign
 * signs it later) must not read as signed: the words stay true once it is. */
static int unsigned_final(const struct report_model *m)
{
	return m->status != REPORT_DRAFT && !m->signer_fingerprint;
}

static const char *status_text(const struct report_model *m, char *buf, size_t size)
{
	const char *note = unsigned_final(m) ? "; not signed when rendered: valid only with the contact centre's "
	                                       "signature (bottom right)" : "";

	if (m->status == REPORT_DRAFT)
		return "DRAFT (month to date, not for invoicing)";
	if (m->status == REPORT_REVISION) {
		snprintf(buf, size, "REVISION %d of the final report: %s%s", m->revision, s(m->revision_reason), note);
		return buf;
	}
	snprintf(buf, size, "FINAL%s", note);
	return buf;
}

static void cover(struct pdfw_doc *d, const struct report_model *m)
{
	char contract[256], period[256], status[512];
	const char *rows[7][2];

	d->y -= 6;
	pdfw_set_fill(d, 0.35f, 0.35f, 0.35f);
	pdfw_text(d, d->regular, 10, PDF_MARGIN, d->y - 10, PDF_LEFT, "Monthly service report");
	pdfw_set_fill(d, 0.10f, 0.22f, 0.40f);
	pdfw_text(d, d->bold, 20, PDF_MARGIN, d->y - 34, PDF_LEFT, s(m->client_name));
	pdfw_set_fill(d, 0, 0, 0);
	d->y -= 46;
	snprintf(contract, sizeof contract, "%s, version %s", s(m->contract_id), s(m->contract_version));
	snprintf(period, sizeof period, "%s, time zone %s", m->period_label ? m->period_label : s(m->period),
	         s(m->timezone));
	rows[0][0] = "Client";        rows[0][1] = m->client_id;
	rows[1][0] = "Service by";    rows[1][1] = m->ccc_name;
	rows[2][0] = "Contract";      rows[2][1] = contract;
	rows[3][0] = "Period";        rows[3][1] = period;
	rows[4][0] = "Status";        rows[4][1] = status_text(m, status, sizeof status);
	rows[5][0] = "Report id";     rows[5][1] = m->report_id;
	rows[6][0] = "Issued";        rows[6][1] = m->issue_date;
	kv_block(d, (const char *const (*)[2])rows, 7, 90);
}

/* Page 1: the month in five lines (report.md section 1). */
static void summary(struct pdfw_doc *d, const struct report_model *m)
{
	const struct report_summary *sm = &m->summary;
	char verdicts[512], risks[2048], prev[64];
	const char *rows[5][2];
	size_t i, len = 0;

	pdfw_heading(d, 1, "The month in brief", 80);
	{
		static const char *const words[4] = { "met", "missed", "in default", "not measurable" };
		const size_t counts[4] = { sm->n_met, sm->n_missed, sm->n_default, sm->n_not_measurable };
		size_t v, vl = 0, j;

		/* what went wrong, by name: the SLAs of every verdict but "met" */
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
	risks[0] = '\0';
	for (i = 0; i < sm->n_risks && len < sizeof risks; i++)
		len += (size_t)snprintf(risks + len, sizeof risks - len, "%s%s", i ? "\n" : "", s(sm->risks[i]));
	snprintf(prev, sizeof prev, "Change on last month");
	rows[0][0] = "Credits due";   rows[0][1] = sm->credits_due;
	rows[1][0] = "Service levels"; rows[1][1] = verdicts;
	rows[2][0] = prev;            rows[2][1] = sm->change;
	rows[3][0] = "Data";          rows[3][1] = sm->completeness;
	rows[4][0] = "Risks ahead";   rows[4][1] = sm->n_risks ? risks
	        : "none: no critical SLA is one target miss from a default and no earn-back is open";
	kv_block(d, (const char *const (*)[2])rows, 5, 110);
}

/* A figure of the SLA's metric as a person reads it ("58.46 %", "3:29 h"). */
void render_figure_text(char *buf, size_t size, const struct report_sla *sl, const char *value)
{
	numfmt_metric(value, sl->unit, sl->written, sl->business_clock, buf, size);
}

/* ">= 80" -> ">= 80 %", "<= 30" (seconds) -> "<= 0:30". */
static void bound_text(char *buf, size_t size, const struct report_sla *sl, const char *bound)
{
	size_t op = strspn(s(bound), "<>= ");
	char v[NUMFMT_MAX];

	if (!op && sl->each_summary) { /* each: "at most 14 missed" (allowed_misses) reads as written */
		snprintf(buf, size, "%s", s(bound));
		return;
	}
	render_figure_text(v, sizeof v, sl, s(bound) + op);
	snprintf(buf, size, "%.*s%s", (int)op, s(bound), v);
}

static void target_text(char *buf, size_t size, const struct report_sla *sl)
{
	char t[NUMFMT_MAX + 8], mn[NUMFMT_MAX + 8];

	bound_text(t, sizeof t, sl, sl->target);
	if (sl->minimum && *sl->minimum) {
		bound_text(mn, sizeof mn, sl, sl->minimum);
		snprintf(buf, size, "%s (min %s)", t, mn);
	} else
		snprintf(buf, size, "%s", t);
}

static void value_text(char *buf, size_t size, const struct report_sla *sl)
{
	render_figure_text(buf, size, sl, sl->value);
}

static void scorecard(struct pdfw_doc *d, const struct report_model *m)
{
	struct pdfw_column cols[] = {
		{ "SLA", 62, PDF_LEFT }, { "Title", 118, PDF_LEFT }, { "Channels", 50, PDF_LEFT },
		{ "Target", 130, PDF_RIGHT }, { "Measured", 60, PDF_RIGHT }, { "Verdict", 91.2f, PDF_LEFT },
	};
	struct pdfw_table t;
	size_t i, k, max_hist = 0;

	pdfw_heading(d, 1, "Scorecard", 40);
	if (!m->n_slas) {
		pdfw_paragraph(d, d->regular, 9, "The contract defines no service levels for this period.");
		return;
	}
	/* an SLA id never breaks inside a word: the column widens to the
	 * longest id (bold, 8 pt, cell padding 2 x 3 pt) by up to 50 points of
	 * the target's; a longer one breaks after a '-' (pdfw_wrap) */
	for (i = 0; i < m->n_slas; i++) {
		float need = pdfw_text_width(d, d->bold, 8, s(m->slas[i].id)) + 7;

		if (need > cols[0].width)
			cols[0].width = need < 112 ? need : 112;
	}
	cols[3].width -= cols[0].width - 62;
	/* the centre's SLAs, then the client's obligations (owed_by: client)
	 * in a table of their own under the same header, which verify
	 * --recompute reads as the scorecard's too */
	for (int owed = 0; owed < 2; owed++) {
		size_t shown = 0;

		for (i = 0; i < m->n_slas; i++)
			shown += m->slas[i].owed_by_client == owed;
		if (!shown)
			continue;
		if (owed) {
			pdfw_heading(d, 2, "The client's obligations", 40);
			pdfw_paragraph(d, d->regular, 8.5f, "What the contract asks of the client (owed_by: client): "
			               "shown here, never a service credit.");
		}
		pdfw_table_begin(d, &t, cols, 6, 8);
		for (i = 0; i < m->n_slas; i++) {
			const struct report_sla *sl = &m->slas[i];
			char target[96], value[64];
			const char *cells[6] = { sl->id, sl->title, sl->channels, target, value,
			                         render_verdict_label(sl->verdict) };
			enum pdfw_tone tones[6] = { PDF_TONE_BOLD, 0, 0, 0, PDF_TONE_BOLD, verdict_tone(sl->verdict) };

			if (sl->owed_by_client != owed)
				continue;
			target_text(target, sizeof target, sl);
			value_text(value, sizeof value, sl);
			if (sl->verdict == REPORT_NOT_MEASURABLE)
				tones[4] = PDF_TONE_MUTED;
			pdfw_table_row(d, &t, cells, tones);
			if (sl->n_history > max_hist)
				max_hist = sl->n_history;
		}
		pdfw_table_end(d, &t);
	}
	if (!max_hist) {
		pdfw_heading(d, 2, "Previous months", 30);
		pdfw_paragraph(d, d->regular, 8.5f, s(m->history_note));
		return;
	}
	/* previous months, oldest left, from the ledger */
	{
		struct pdfw_column hc[13];
		const char *cells[13];
		char hv[12][NUMFMT_MAX];
		const struct report_sla *ref = NULL;

		if (max_hist > 12)
			max_hist = 12;
		for (i = 0; i < m->n_slas; i++)
			if (m->slas[i].n_history == max_hist)
				ref = &m->slas[i];
		hc[0].title = "Previous months";
		hc[0].width = 511.2f - 37.0f * (float)max_hist;
		hc[0].align = PDF_LEFT;
		for (k = 0; k < max_hist; k++) {
			hc[k + 1].title = ref->history[k].period;
			hc[k + 1].width = 37.0f;
			hc[k + 1].align = PDF_RIGHT;
		}
		d->y -= 4;
		pdfw_table_begin(d, &t, hc, max_hist + 1, 6.5f);
		for (i = 0; i < m->n_slas; i++) {
			const struct report_sla *sl = &m->slas[i];

			cells[0] = sl->id;
			for (k = 0; k < max_hist; k++) {
				/* align a shorter history to the right (most recent months) */
				size_t off = max_hist - sl->n_history;
				if (k >= off)
					render_figure_text(hv[k], sizeof hv[k], sl, sl->history[k - off].value);
				else
					hv[k][0] = '\0';
				cells[k + 1] = hv[k];
			}
			pdfw_table_row(d, &t, cells, NULL);
		}
		pdfw_table_end(d, &t);
		pdfw_paragraph(d, d->regular, 8, s(m->history_note));
	}
}

/* A revision names what it corrects: every figure that changed and the
 * credit deltas finance books against the final report. */
static void revision(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cc[] = {
		{ "Figure", 271.2f, PDF_LEFT }, { "Final / previous", 120, PDF_RIGHT }, { "Revised", 120, PDF_RIGHT },
	};
	static const struct pdfw_column ac[] = {
		{ "Credit line", 151.2f, PDF_LEFT }, { "Final", 120, PDF_RIGHT },
		{ "Revised", 120, PDF_RIGHT }, { "Adjustment", 120, PDF_RIGHT },
	};
	struct pdfw_table t;
	char line[512], a[3][96];
	size_t i;

	pdfw_new_page(d);
	snprintf(line, sizeof line, "Revision %d: what changed", m->revision);
	pdfw_heading(d, 1, line, 80);
	snprintf(line, sizeof line, "This revision corrects report %s. Reason: %s. The final report and earlier "
	         "revisions stay valid as issued; the figures below replace theirs.", s(m->supersedes),
	         s(m->revision_reason));
	pdfw_paragraph(d, d->regular, 9, line);
	pdfw_heading(d, 2, "Changed figures", 40);
	if (!m->n_changes)
		pdfw_paragraph(d, d->regular, 9, "No figure changed.");
	else {
		pdfw_table_begin(d, &t, cc, 3, 7.5f);
		for (i = 0; i < m->n_changes; i++) {
			const char *cells[3] = { m->changes[i].figure, m->changes[i].old_value, m->changes[i].new_value };

			pdfw_table_row(d, &t, cells, NULL);
		}
		pdfw_table_end(d, &t);
	}
	pdfw_heading(d, 2, "Credit adjustments (revised - final)", 40);
	if (!m->n_adjustments) {
		pdfw_paragraph(d, d->regular, 9, "The credits are unchanged.");
		return;
	}
	pdfw_table_begin(d, &t, ac, 4, 8);
	for (i = 0; i < m->n_adjustments; i++) {
		const struct report_adjustment *r = &m->adjustments[i];
		const char *cells[4] = { r->line, a[0], a[1], a[2] };

		render_money_text(a[0], sizeof a[0], m, r->final_amount);
		render_money_text(a[1], sizeof a[1], m, r->revised_amount);
		render_money_text(a[2], sizeof a[2], m, r->delta);
		pdfw_table_row(d, &t, cells, NULL);
	}
	pdfw_table_end(d, &t);
}

static void table_kv(struct pdfw_doc *d, const char *title, const struct report_kv *kv, size_t n,
                     float x, float w, float top)
{
	float y = top;
	size_t i;

	pdfw_set_fill(d, 0.10f, 0.22f, 0.40f);
	pdfw_text(d, d->bold, 8.5f, x, y - 9, PDF_LEFT, title);
	y -= 14;
	pdfw_set_stroke(d, 0.7f, 0.7f, 0.7f);
	for (i = 0; i < n; i++) {
		pdfw_set_fill(d, 0.3f, 0.3f, 0.3f);
		pdfw_text(d, d->regular, 8, x, y - 9, PDF_LEFT, kv[i].name);
		pdfw_set_fill(d, 0, 0, 0);
		pdfw_text(d, d->regular, 8, x + w, y - 9, PDF_RIGHT, kv[i].value);
		pdfw_line(d, x, y - 12, x + w, y - 12, 0.3f);
		y -= 12.5f;
	}
	pdfw_set_stroke(d, 0, 0, 0);
	pdfw_set_fill(d, 0, 0, 0);
}

/* "2026-09" -> "Sep'26": a month axis label that cannot be read as a day. */
static const char *month_label(const char *period, char *buf, size_t size)
{
	static const char *const names[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int mo;

	if (strlen(period) != 7 || period[4] != '-' || (mo = atoi(period + 5)) < 1 || mo > 12)
		return period;
	snprintf(buf, size, "%s'%.2s", names[mo - 1], period + 2);
	return buf;
}

/* each: the compliance in words and the worst missed sub-periods, and a
 * line kept for the page of the full list (render_missed.c; all of them
 * are in results.json and metrics.csv too). */
static void each_missed(struct pdfw_doc *d, const struct report_sla *sl, struct render_missed_ref *ref)
{
	struct kvbuf { char v[112]; } vb[REPORT_MISSED_MAX];
	struct report_kv kv[REPORT_MISSED_MAX];
	char title[160], t[NUMFMT_MAX + 8], v[NUMFMT_MAX];
	size_t i, op = strspn(s(sl->each_target), "<>= ");

	numfmt_metric(s(sl->each_target) + op, s(sl->each_unit), sl->written, sl->business_clock, v, sizeof v);
	snprintf(t, sizeof t, "%.*s%s", (int)op, s(sl->each_target), v);
	/* the compliance in words is the page's first paragraph (basis) */
	if (!sl->n_missed)
		return;
	pdfw_need(d, 44 + 12.5f * (float)sl->n_missed);
	for (i = 0; i < sl->n_missed; i++) {
		numfmt_metric(sl->missed[i].value, s(sl->each_unit), sl->written, sl->business_clock, v, sizeof v);
		snprintf(vb[i].v, sizeof vb[i].v, "%s (%s)", v, s(sl->missed[i].basis));
		kv[i].name = sl->missed[i].when;
		kv[i].value = vb[i].v;
	}
	snprintf(title, sizeof title, "Worst missed %s (%zu of %lld; target %s in each; all in metrics.csv)",
	         s(sl->each_units), sl->n_missed, (long long)sl->missed_total, t);
	table_kv(d, title, kv, sl->n_missed, PDF_MARGIN, PDF_CONTENT_W / 2, d->y);
	d->y -= 16 + 12.5f * (float)sl->n_missed;
	if (sl->missed_all)
		*ref = render_missed_ref_here(d);
}

static void sla_detail(struct pdfw_doc *d, const struct report_model *m, const struct report_sla *sl,
                       struct render_missed_ref *ref)
{
	char heading[256], line[768], target[160], value[64], note[192];
	double y[MAX_POINTS], tv;
	unsigned char present[MAX_POINTS];
	const char *labels[MAX_POINTS];
	char label_buf[MAX_POINTS][8];
	struct chart_ref refs[2], trefs[2];
	size_t n_refs = 0, n_trefs = 0, i, n, rows;
	float block_top;
	const char *unit = s(sl->unit);
	/* each: the days carry the SLA's own metric, judged by the target of
	 * each sub-period; the month's value (the trend) is the compliance */
	const char *day_unit = sl->each_summary ? s(sl->each_unit) : unit;
	struct report_sla sub = *sl; /* each: the SLA with the unit of each sub-period */

	sub.unit = sl->each_unit;

	(void)m;
	rows = sl->n_params > sl->n_counts ? sl->n_params : sl->n_counts;
	snprintf(heading, sizeof heading, "%s: %s", s(sl->id), s(sl->title));
	pdfw_heading(d, 2, heading, 60 + 12.5f * (float)rows + 170);
	target_text(target, sizeof target, sl);
	value_text(value, sizeof value, sl);
	snprintf(line, sizeof line, "Measured %s against a target of %s: %s%s%s. The %s of %s%s, a %s SLA%s%s.",
	         value, target, render_verdict_label(sl->verdict), sl->verdict_note ? " - " : "",
	         s(note_words(sl->verdict_note, note, sizeof note)), s(sl->metric_label), s(sl->channels),
	         !sl->from_opslog ? " contacts" : strcmp(s(sl->channels), "all") ? "" : " channels",
	         s(sl->kind), sl->basis ? ": " : "", s(sl->basis));
	pdfw_paragraph(d, d->regular, 9, line);
	block_top = d->y;
	table_kv(d, "Parameters", sl->params, sl->n_params, PDF_MARGIN, 240, block_top);
	if (sl->n_counts)
		table_kv(d, "Population", sl->counts, sl->n_counts, PDF_MARGIN + 271.2f, 240, block_top);
	d->y = block_top - 16 - 12.5f * (float)rows - 6;

	/* daily values against the target line */
	if (sl->target && plot_value(sl->target + strspn(sl->target, "<>= "), &tv)) {
		trefs[n_trefs].name = "target";
		trefs[n_trefs].y = tv;
		trefs[n_trefs++].dotted = 0;
	}
	if (sl->minimum && plot_value(sl->minimum + strspn(sl->minimum, "<>= "), &tv)) {
		trefs[n_trefs].name = "minimum";
		trefs[n_trefs].y = tv;
		trefs[n_trefs++].dotted = 1;
	}
	if (!sl->each_summary) {
		memcpy(refs, trefs, sizeof refs);
		n_refs = n_trefs;
	} else if (plot_value(s(sl->each_target) + strspn(s(sl->each_target), "<>= "), &tv)) {
		refs[n_refs].name = "target of each";
		refs[n_refs].y = tv;
		refs[n_refs++].dotted = 0;
	}
	n = sl->n_days < MAX_POINTS ? sl->n_days : MAX_POINTS;
	for (i = 0; i < n; i++) {
		const char *date = s(sl->days[i].date);

		present[i] = (unsigned char)plot_value(sl->days[i].value, &y[i]);
		snprintf(label_buf[i], sizeof label_buf[i], "%s", strlen(date) >= 10 ? date + 8 : date);
		labels[i] = label_buf[i];
	}
	if (sl->from_opslog) {
		pdfw_paragraph(d, d->regular, 8.5f, "Measured over the whole month from the operations log "
		               "(the basis above): it gives no daily values.");
	} else {
		struct chart_series se = { "daily value", y, present, CHART_LINE, 0 };
		struct chart c;
		char title[128];

		memset(&c, 0, sizeof c);
		snprintf(title, sizeof title, "Daily %s%s%s%s, day of month", s(sl->metric_label), *day_unit ? " (" : "",
		         !strcmp(day_unit, "s") ? "seconds" : day_unit, *day_unit ? ")" : "");
		pdfw_need(d, 160);
		c.x = PDF_MARGIN;
		c.w = PDF_CONTENT_W;
		c.h = 150;
		c.y = d->y - c.h;
		c.title = title;
		c.y_unit = !strcmp(day_unit, "%") ? "%" : "";
		c.x_labels = labels;
		c.n_x = n;
		c.series = &se;
		c.n_series = 1;
		c.refs = refs;
		c.n_refs = n_refs;
		if (!strcmp(day_unit, "%")) {
			c.y_floor = 0;
			c.y_ceil = 100;
		}
		chart_draw(d, &c);
		d->y = c.y - 8;
	}
	/* 12-month trend and worst days side by side; always, so that "none
	 * qualified" is said too */
	{
		double hy[13];
		unsigned char hp[13];
		const char *hl[13];
		char lbl[13][16], wtitle[96];
		size_t hn = sl->n_history < 12 ? sl->n_history : 12;
		float top;

		pdfw_need(d, 130);
		top = d->y;
		for (i = 0; i < hn; i++) {
			hp[i] = (unsigned char)plot_value(sl->history[i].value, &hy[i]);
			hl[i] = month_label(s(sl->history[i].period), lbl[i], sizeof lbl[i]);
		}
		hp[hn] = (unsigned char)plot_value(sl->value, &hy[hn]);
		hl[hn] = month_label(s(m->period), lbl[hn], sizeof lbl[hn]);
		{
			struct chart_series se = { "monthly value", hy, hp, CHART_LINE, 0 };
			struct chart c;

			memset(&c, 0, sizeof c);
			c.x = PDF_MARGIN;
			c.w = 240;
			c.h = 120;
			c.y = top - c.h;
			c.title = "12-month trend (ledger)";
			c.y_unit = !strcmp(unit, "%") ? "%" : "";
			c.x_labels = hl;
			c.n_x = hn + 1;
			c.series = &se;
			c.n_series = 1;
			c.refs = trefs;
			c.n_refs = n_trefs;
			if (!strcmp(unit, "%")) {
				c.y_floor = 0;
				c.y_ceil = 100;
			}
			chart_draw(d, &c);
		}
		/* ranked by the SLA's own metric, only sub-periods with its
		 * minimum volume (report.md); the rule is in the title */
		snprintf(wtitle, sizeof wtitle, "Worst half-hours and days (%lld or more offered)",
		         (long long)sl->worst_min_volume);
		if (sl->from_opslog) {
			/* nothing to rank by offered contacts: the daily chart shows the days */
		} else if (sl->n_worst) {
			struct kvbuf { char v[112]; } vb[9];
			struct report_kv kv[9];
			size_t wn = sl->n_worst < 8 ? sl->n_worst : 8, k = 0;

			if (!sl->n_worst_intervals) { /* the days had the volume, no half-hour did */
				snprintf(vb[k].v, sizeof vb[k].v, "none had %lld offered", (long long)sl->worst_min_volume);
				kv[k].name = "half-hours";
				kv[k].value = vb[k].v;
				k++;
			}
			for (i = 0; i < wn; i++, k++) {
				char wv[NUMFMT_MAX];

				render_figure_text(wv, sizeof wv, sl->each_summary ? &sub : sl, sl->worst[i].value);
				snprintf(vb[k].v, sizeof vb[k].v, "%s (%s)", wv, s(sl->worst[i].basis));
				kv[k].name = sl->worst[i].when;
				kv[k].value = vb[k].v;
			}
			table_kv(d, wtitle, kv, k, PDF_MARGIN + 262, PDF_CONTENT_W - 262, top);
		} else {
			char none[160];
			struct report_kv kv[1];

			snprintf(none, sizeof none, "none ranked: no half-hour or day had %lld offered",
			         (long long)sl->worst_min_volume);
			kv[0].name = "";
			kv[0].value = none;
			table_kv(d, wtitle, kv, 1, PDF_MARGIN + 262, PDF_CONTENT_W - 262, top);
		}
		d->y = top - 128;
	}
	if (sl->each_summary)
		each_missed(d, sl, ref);
}

/* "2026-10-01" -> "01 Thu": a heatmap row label. */
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

/* Grey of heatmap step k: dark for a low service level, light for a high
 * one, so that the map reads in black and white too. */
static float heat_grey(int k)
{
	static const float g[REPORT_HEAT_STEPS] = { 0.18f, 0.38f, 0.56f, 0.73f, 0.87f };

	return g[k < 0 ? 0 : k >= REPORT_HEAT_STEPS ? REPORT_HEAT_STEPS - 1 : k];
}

static void heat_legend(struct pdfw_doc *d)
{
	static const char *const words[REPORT_HEAT_STEPS] = { "below 60 %", "60 to 70 %", "70 to 80 %", "80 to 90 %",
	                                                     "90 % or more" };
	float x = PDF_MARGIN, y;
	int k;

	pdfw_need(d, 14);
	d->y -= 11;
	y = d->y;
	pdfw_set_fill(d, 0.2f, 0.2f, 0.2f);
	pdfw_text(d, d->regular, 7, x, y, PDF_LEFT, "Legend (service level per half-hour):");
	x += pdfw_text_width(d, d->regular, 7, "Legend (service level per half-hour):") + 8;
	for (k = 0; k < REPORT_HEAT_STEPS; k++) {
		pdfw_set_fill(d, heat_grey(k), heat_grey(k), heat_grey(k));
		pdfw_set_stroke(d, 0.5f, 0.5f, 0.5f);
		pdfw_rect(d, x, y - 1, 9, 7, 1, 1);
		pdfw_set_fill(d, 0.2f, 0.2f, 0.2f);
		pdfw_text(d, d->regular, 7, x + 12, y, PDF_LEFT, words[k]);
		x += 12 + pdfw_text_width(d, d->regular, 7, words[k]) + 10;
	}
	pdfw_set_fill(d, 1, 1, 1);
	pdfw_rect(d, x, y - 1, 9, 7, 1, 1);
	pdfw_set_fill(d, 0.2f, 0.2f, 0.2f);
	pdfw_text(d, d->regular, 7, x + 12, y, PDF_LEFT, "blank: none offered");
	pdfw_set_fill(d, 0, 0, 0);
	pdfw_set_stroke(d, 0, 0, 0);
	d->y -= 6;
}

/* Section 4: per channel, local day x half-hour, only the half-hours in
 * which some contact was offered during the month. */
static void heatmap(struct pdfw_doc *d, const struct report_model *m)
{
	const float label_w = 40, cell_h = 8.5f;
	size_t c, i;
	int shown = 0, folded = 0;

	for (c = 0; c < m->n_channels; c++) {
		shown |= m->channels[c].heat != NULL && m->channels[c].n_days > 0;
		folded |= m->channels[c].heat_folded;
	}
	if (!shown)
		return;
	pdfw_heading(d, 1, "Service level by half-hour", 200);
	pdfw_paragraph(d, d->regular, 8.5f,
	               "Each cell is one half-hour of one local day: the service level of the contacts of the channel "
	               "offered in it (at any hour, with the parameters of the channel's service-level SLA), in five "
	               "steps of grey, darker where fewer were answered in time. Blank: no contact offered.");
	if (folded)
		pdfw_paragraph(d, d->regular, 8.5f, REPORT_HEAT_FOLDED_TEXT);
	for (c = 0; c < m->n_channels; c++) {
		const struct report_channel *ch = &m->channels[c];
		int lo = REPORT_HEAT_SLOTS, hi = -1, k;
		float cw, top;
		char title[160], lb[16];

		if (!ch->heat || !ch->n_days)
			continue;
		for (i = 0; i < ch->n_days; i++)
			for (k = 0; k < REPORT_HEAT_SLOTS; k++)
				if (ch->heat[i][k] >= 0) {
					lo = k < lo ? k : lo;
					hi = k > hi ? k : hi;
				}
		snprintf(title, sizeof title, "Channel: %s", s(ch->name));
		if (hi < 0) {
			pdfw_heading(d, 2, title, 40);
			pdfw_paragraph(d, d->regular, 8.5f, "No contact was offered in this period.");
			continue;
		}
		lo -= lo % 2; /* start at a full hour */
		cw = (PDF_CONTENT_W - label_w) / (float)(hi - lo + 1);
		if (cw > 16)
			cw = 16;
		pdfw_heading(d, 2, title, 24 + cell_h * (float)ch->n_days + 24);
		top = d->y - 10;
		pdfw_set_fill(d, 0.3f, 0.3f, 0.3f);
		for (k = lo; k <= hi; k += cw * 2 >= 24 ? 2 : 4) {
			snprintf(lb, sizeof lb, "%02d:00", k / 2);
			pdfw_text(d, d->regular, 6, PDF_MARGIN + label_w + cw * (float)(k - lo), top + 2, PDF_LEFT, lb);
		}
		pdfw_set_stroke(d, 0.75f, 0.75f, 0.75f);
		for (i = 0; i < ch->n_days; i++) {
			float y = top - cell_h * (float)(i + 1);

			pdfw_set_fill(d, 0.3f, 0.3f, 0.3f);
			pdfw_text(d, d->regular, 6, PDF_MARGIN, y + 2, PDF_LEFT,
			          day_label(ch->days[i].date, lb, sizeof lb));
			for (k = lo; k <= hi; k++) {
				int step = ch->heat[i][k];
				float g = step < 0 ? 1.0f : heat_grey(step);

				pdfw_set_fill(d, g, g, g);
				pdfw_rect(d, PDF_MARGIN + label_w + cw * (float)(k - lo), y, cw, cell_h, 1, 1);
			}
		}
		pdfw_set_fill(d, 0, 0, 0);
		pdfw_set_stroke(d, 0, 0, 0);
		d->y = top - cell_h * (float)ch->n_days - 2;
		heat_legend(d);
	}
}

/* Under a channel's table: the month's handling split and transfer rate,
 * answered contacts by wait, abandoned by time to abandon, and the open
 * contacts by age (report.md section 5). */
static void channel_profiles(struct pdfw_doc *d, const struct report_channel *ch)
{
	char v[4][NUMFMT_MAX];
	struct report_kv hk[4];
	const float gap = 12, w = (PDF_CONTENT_W - 3 * gap) / 4; /* four columns inside the margins */
	float top, x = PDF_MARGIN;

	if (!ch->waits && !ch->abandons)
		return;
	numfmt_duration_text(ch->talk_s, 0, v[0], sizeof v[0]);
	numfmt_duration_text(ch->hold_s, 0, v[1], sizeof v[1]);
	numfmt_duration_text(ch->wrap_s, 0, v[2], sizeof v[2]);
	numfmt_percent_text(ch->transfer_pct, v[3], sizeof v[3]);
	hk[0].name = "talk (average)";       hk[0].value = v[0];
	hk[1].name = "hold (average)";       hk[1].value = v[1];
	hk[2].name = "wrap-up (average)";    hk[2].value = v[2];
	hk[3].name = "transferred";          hk[3].value = v[3];
	pdfw_need(d, 16 + 12.5f * OVERVIEW_ROWS + 8);
	top = d->y - 4;
	table_kv(d, "Handling (m:ss)", hk, 4, x, w, top);
	x += w + gap;
	table_kv(d, "Answered, by wait", ch->waits, ch->n_waits, x, w, top);
	x += w + gap;
	table_kv(d, "Abandoned, by time", ch->abandons, ch->n_abandons, x, w, top);
	x += w + gap;
	if (ch->backlog)
		table_kv(d, "Open at cut-off, by age", ch->backlog, ch->n_backlog, x, w, top);
	d->y = top - 16 - 12.5f * OVERVIEW_ROWS - 6;
}

static void accessibility(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cols[] = {
		{ "Day", 70, PDF_LEFT }, { "Offered", 58, PDF_RIGHT }, { "Answered", 58, PDF_RIGHT },
		{ "Abandoned", 62, PDF_RIGHT }, { "Service level", 70, PDF_RIGHT },
		{ "Avg answer", 60, PDF_RIGHT }, { "90 % within", 66.2f, PDF_RIGHT }, { "Handling", 67, PDF_RIGHT },
	};
	size_t c, i;

	pdfw_new_page(d);
	pdfw_heading(d, 1, "Operations per channel", 200);
	pdfw_paragraph(d, d->regular, 8.5f,
	               "Per channel and day: contacts offered, answered and abandoned, the service level, the average "
	               "wait of answered contacts (average speed of answer), the wait that 90 % of answered contacts "
	               "stayed within, and the average handling time (talk, hold and wrap-up). Waits and times read "
	               "m:ss (h:mm:ss from an hour).");
	if (m->overview_note)
		pdfw_paragraph(d, d->bold, 8.5f, m->overview_note);
	if (!m->n_channels)
		pdfw_paragraph(d, d->regular, 9, "No contacts were offered in this period (all values n/a).");
	for (c = 0; c < m->n_channels; c++) {
		const struct report_channel *ch = &m->channels[c];
		double ans[MAX_POINTS], ab[MAX_POINTS];
		const char *labels[MAX_POINTS];
		char lb[MAX_POINTS][8], title[128];
		size_t n = ch->n_days < MAX_POINTS ? ch->n_days : MAX_POINTS;
		struct pdfw_table t;
		double vmax = 0;

		snprintf(title, sizeof title, "Channel: %s", s(ch->name));
		pdfw_heading(d, 2, title, 150);
		for (i = 0; i < n; i++) {
			const char *date = s(ch->days[i].date);

			ans[i] = (double)ch->days[i].answered;
			ab[i] = (double)(ch->days[i].offered - ch->days[i].answered);
			if (ans[i] + ab[i] > vmax)
				vmax = ans[i] + ab[i];
			snprintf(lb[i], sizeof lb[i], "%s", strlen(date) >= 10 ? date + 8 : date);
			labels[i] = lb[i];
		}
		{
			struct chart_series se[2] = {
				{ "answered", ans, NULL, CHART_BARS, 0 },
				{ "not answered (abandoned, open, other)", ab, NULL, CHART_BARS, 1 },
			};
			struct chart ch_c;

			memset(&ch_c, 0, sizeof ch_c);
			pdfw_need(d, 140);
			ch_c.x = PDF_MARGIN;
			ch_c.w = PDF_CONTENT_W;
			ch_c.h = 130;
			ch_c.y = d->y - ch_c.h;
			ch_c.title = "Daily volume (contacts offered), day of month";
			ch_c.y_unit = "";
			ch_c.x_labels = labels;
			ch_c.n_x = n;
			ch_c.series = se;
			ch_c.n_series = 2;
			if (vmax <= 0) { /* no contact yet: an axis from 0, not around 0 */
				ch_c.y_floor = 0;
				ch_c.y_ceil = 10;
			}
			chart_draw(d, &ch_c);
			d->y = ch_c.y - 8;
		}
		pdfw_table_begin(d, &t, cols, 8, 7.5f);
		for (i = 0; i <= ch->n_days; i++) {
			const struct report_channel_day *cd = i < ch->n_days ? &ch->days[i] : &ch->total;
			char o[24], a[24], b[24], sl[NUMFMT_MAX], asa[NUMFMT_MAX], p90[NUMFMT_MAX], aht[NUMFMT_MAX];
			const char *cells[8] = { i < ch->n_days ? cd->date : "Month", o, a, b, sl, asa, p90, aht };
			int written = !strncmp(s(ch->name), "email", 5) || !strncmp(s(ch->name), "messaging", 9) ||
			              !strncmp(s(ch->name), "letter", 6) || !strncmp(s(ch->name), "social", 6);

			numfmt_percent_text(cd->service_level, sl, sizeof sl);
			numfmt_duration_text(cd->asa_s, written, asa, sizeof asa);
			numfmt_duration_text(cd->p90_wait_s, written, p90, sizeof p90);
			numfmt_duration_text(cd->aht_s, 0, aht, sizeof aht);
			enum pdfw_tone tones[8] = { 0 };

			if (i == ch->n_days)
				memset(tones, 0, sizeof tones), tones[0] = tones[1] = tones[2] = tones[3] =
					tones[4] = tones[5] = tones[6] = tones[7] = PDF_TONE_BOLD;
			i64(o, sizeof o, cd->offered);
			i64(a, sizeof a, cd->answered);
			i64(b, sizeof b, cd->abandoned);
			pdfw_table_row(d, &t, cells, tones);
		}
		pdfw_table_end(d, &t);
		channel_profiles(d, ch);
	}
}

/* 6. forecast and staffing (report_staffing.c): the forecast against the
 * contacts per day, and required against staffed agents on the worst days */
static void forecast_staffing(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column dcols[] = {
		{ "Day", 90, PDF_LEFT }, { "Forecast offered", 85, PDF_RIGHT }, { "Actual offered", 80, PDF_RIGHT },
		{ "Accuracy", 80, PDF_RIGHT }, { "Shortfall", 90, PDF_RIGHT }, { "Occupancy", 86.2f, PDF_RIGHT },
	};
	static const struct pdfw_column wcols[] = {
		{ "Interval", 80, PDF_LEFT }, { "Offered", 80, PDF_RIGHT }, { "Handling time", 80, PDF_RIGHT },
		{ "Required", 90, PDF_RIGHT }, { "Staffed", 90, PDF_RIGHT }, { "Shortfall", 91.2f, PDF_RIGHT },
	};

	if (!m->fc_shown)
		return;
	pdfw_heading(d, 1, "Forecast and staffing", 120);
	pdfw_paragraph(d, d->bold, 8.5f, s(m->fc_logs));
	if (m->fc_version)
		pdfw_paragraph(d, d->regular, 8.5f, m->fc_version);
	if (m->fc_over)
		pdfw_paragraph(d, d->regular, 8.5f, m->fc_over);
	pdfw_paragraph(d, d->regular, 8.5f, s(m->fc_staffing));
	if (m->fc_occupancy)
		pdfw_paragraph(d, d->regular, 8.5f, m->fc_occupancy);
	for (size_t c = 0; c < m->n_fc_channels; c++) {
		const struct report_fc_channel *fc = &m->fc_channels[c];
		struct pdfw_table t;
		char title[160];

		snprintf(title, sizeof title, "Channel: %s, forecast against actual per day", s(fc->name));
		pdfw_heading(d, 2, title, 80);
		pdfw_paragraph(d, d->regular, 8.5f, s(fc->words));
		pdfw_table_begin(d, &t, dcols, 6, 7.5f);
		for (size_t i = 0; i < fc->n_days; i++) {
			const struct report_fc_day *dd = &fc->days[i];
			char acc[NUMFMT_MAX], occ[NUMFMT_MAX];
			const char *cells[6] = { dd->date, dd->forecast, dd->actual, acc, dd->shortfall, occ };
			enum pdfw_tone tones[6] = { 0 };

			numfmt_percent_text(dd->accuracy, acc, sizeof acc);
			numfmt_percent_text(dd->occupancy, occ, sizeof occ);
			if (i + 1 == fc->n_days)
				for (int k = 0; k < 6; k++)
					tones[k] = PDF_TONE_BOLD;
			pdfw_table_row(d, &t, cells, tones);
		}
		pdfw_table_end(d, &t);
		if (!fc->n_worst && m->fc_occupancy)
			pdfw_paragraph(d, d->regular, 8.5f, "No interval of the month was short of staff.");
		for (size_t w = 0; w < fc->n_worst; w++) {
			const struct report_staff_day *wd = &fc->worst[w];

			snprintf(title, sizeof title, "Channel: %s, %s: required against staffed agents (worst day %zu of %zu)",
			         s(fc->name), s(wd->date), w + 1, fc->n_worst);
			pdfw_heading(d, 2, title, 80);
			pdfw_paragraph(d, d->regular, 8.5f, s(wd->summary));
			pdfw_table_begin(d, &t, wcols, 6, 7.5f);
			for (size_t i = 0; i < wd->n_rows; i++) {
				const struct report_staff_row *r = &wd->rows[i];
				const char *cells[6] = { r->when, r->offered, r->aht, r->required, r->staffed, r->shortfall };

				pdfw_table_row(d, &t, cells, NULL);
			}
			pdfw_table_end(d, &t);
		}
	}
}

/* kv rows into a two-column block (at most 8 shown) */
static void kv_rows(struct pdfw_doc *d, const struct report_kv *kv, size_t n, float label_w)
{
	const char *rows[8][2];

	n = n < 8 ? n : 8;
	for (size_t i = 0; i < n; i++) {
		rows[i][0] = kv[i].name;
		rows[i][1] = kv[i].value;
	}
	kv_block(d, (const char *const (*)[2])rows, n, label_w);
}

/* section 7: availability per channel with each outage, quality with its
 * sample, the previous month's report delivery (report_opsview.c) */
static void availability_quality(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cols[] = {
		{ "Channel", 48, PDF_LEFT }, { "Incident", 48, PDF_LEFT }, { "Start", 78, PDF_LEFT },
		{ "End", 78, PDF_LEFT }, { "Hours", 40, PDF_RIGHT }, { "Impact", 40, PDF_RIGHT },
		{ "Cause", 80, PDF_LEFT }, { "Note", 99.2f, PDF_LEFT },
	};
	struct pdfw_table t;

	if (m->n_availability_rows) {
		pdfw_heading(d, 2, "Availability", 80);
		pdfw_paragraph(d, d->regular, 8.5f, s(m->availability_note));
		kv_rows(d, m->availability_rows, m->n_availability_rows, 90);
		if (m->n_outages) {
			pdfw_table_begin(d, &t, cols, 8, 7.5f);
			for (size_t i = 0; i < m->n_outages; i++) {
				const struct report_outage *o = &m->outages[i];
				const char *cells[8] = { o->channel, o->id, o->start, o->end, o->duration, o->impact, o->cause,
				                         o->note };

				pdfw_table_row(d, &t, cells, NULL);
			}
			pdfw_table_end(d, &t);
		} else {
			pdfw_paragraph(d, d->regular, 8.5f, "No outage in the month.");
		}
	}
	if (m->n_quality_rows) {
		pdfw_heading(d, 2, "Quality", 80);
		pdfw_paragraph(d, d->regular, 8.5f, s(m->quality_note));
		kv_rows(d, m->quality_rows, m->n_quality_rows, 170);
	}
	if (m->delivery) {
		pdfw_heading(d, 2, "Report delivery", 60);
		pdfw_paragraph(d, d->regular, 8.5f, m->delivery);
	}
}

static void experience(struct pdfw_doc *d, const struct report_model *m)
{
	char resp[32], comp[96], fcr[128], pct[NUMFMT_MAX], top2[NUMFMT_MAX];
	const char *rows[6][2];

	pdfw_heading(d, 1, "Customer experience", 80);
	i64(resp, sizeof resp, m->csat_responses);
	{
		char n[NUMFMT_MAX];

		i64(n, sizeof n, m->complaints);
		snprintf(comp, sizeof comp, "%s (%s complaint%s)", m->complaints_per_1000 && *m->complaints_per_1000
		         ? m->complaints_per_1000 : "n/a", n, m->complaints == 1 ? "" : "s");
	}
	numfmt_percent_text(m->fcr_pct, pct, sizeof pct);
	numfmt_percent_text(m->csat_top2_pct, top2, sizeof top2);
	snprintf(fcr, sizeof fcr, "%s (method: %s)", pct, s(m->fcr_method));
	rows[0][0] = "CSAT responses";   rows[0][1] = resp;
	rows[1][0] = "CSAT average";     rows[1][1] = m->csat_avg ? m->csat_avg : "n/a";
	rows[2][0] = "CSAT scores of 4 or 5"; rows[2][1] = top2;
	rows[3][0] = "First contact resolution"; rows[3][1] = fcr;
	rows[4][0] = "Complaints per 1000 answered"; rows[4][1] = comp;
	rows[5][0] = "Cases logged per 1000 answered"; rows[5][1] = m->complaint_log_rate;
	kv_block(d, (const char *const (*)[2])rows, m->complaint_log_rate ? 6 : 5, 170);
	if (m->complaint_log_rate)
		pdfw_paragraph(d, d->regular, 8.5f, s(m->complaint_rate_note));
	if (m->n_complaint_rows) {
		const char *crows[8][2];
		size_t n = m->n_complaint_rows < 8 ? m->n_complaint_rows : 8;

		pdfw_heading(d, 2, "Complaint cases", 80);
		pdfw_paragraph(d, d->regular, 8.5f, s(m->complaint_note));
		for (size_t i = 0; i < n; i++) {
			crows[i][0] = m->complaint_rows[i].name;
			crows[i][1] = m->complaint_rows[i].value;
		}
		kv_block(d, (const char *const (*)[2])crows, n, 200);
	}
	availability_quality(d, m);
}

/* relief: [forecast]: every interval an SLA left out, with its actual,
 * forecast and excess (report.md section 8) */
static void reliefs(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cols[] = {
		{ "SLA", 70, PDF_LEFT }, { "Interval", 120, PDF_LEFT }, { "Actual", 70, PDF_RIGHT },
		{ "Forecast", 80, PDF_RIGHT }, { "Excess", 80, PDF_RIGHT }, { "Removed", 91.2f, PDF_RIGHT },
	};
	struct pdfw_table t;

	if (!m->relief_note)
		return;
	pdfw_heading(d, 2, "Relief: volume over the client's forecast", 60);
	pdfw_paragraph(d, d->regular, 8.5f, m->relief_note);
	if (!m->n_reliefs)
		return;
	pdfw_table_begin(d, &t, cols, 6, 7.5f);
	for (size_t i = 0; i < m->n_reliefs; i++) {
		const struct report_relief *r = &m->reliefs[i];
		char a[24], n[24];
		const char *cells[6] = { r->sla_id, r->start, a, r->forecast, r->excess, n };

		i64(a, sizeof a, r->actual);
		i64(n, sizeof n, r->removed);
		pdfw_table_row(d, &t, cells, NULL);
	}
	pdfw_table_end(d, &t);
}

static void exclusions(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cols[] = {
		{ "From", 88, PDF_LEFT }, { "To", 88, PDF_LEFT }, { "Reason", 70, PDF_LEFT },
		{ "Note", 120, PDF_LEFT }, { "Approved by", 85, PDF_LEFT }, { "Removed", 60.2f, PDF_RIGHT },
	};
	static const struct pdfw_column per_cols[] = {
		{ "Window", 176, PDF_LEFT }, { "Population", 275, PDF_LEFT }, { "Removed", 60.2f, PDF_RIGHT },
	};
	struct pdfw_table t;
	size_t i, k;

	pdfw_heading(d, 1, "Exclusions", 60);
	if (!m->n_exclusions) {
		pdfw_paragraph(d, d->regular, 9, "No exclusion windows applied in this period.");
		reliefs(d, m);
		return;
	}
	pdfw_paragraph(d, d->regular, 8.5f, REPORT_EXCLUSIONS_NOTE);
	pdfw_table_begin(d, &t, cols, 6, 7.5f);
	for (i = 0; i < m->n_exclusions; i++) {
		const struct report_exclusion *e = &m->exclusions[i];
		char n[24];
		const char *cells[6] = { e->from, e->to, e->reason, e->note, e->approved_by, n };

		i64(n, sizeof n, e->removed);
		pdfw_table_row(d, &t, cells, NULL);
	}
	pdfw_table_end(d, &t);
	pdfw_table_begin(d, &t, per_cols, 3, 7.5f);
	for (i = 0; i < m->n_exclusions; i++) {
		const struct report_exclusion *e = &m->exclusions[i];
		char when[96], n[24], pop[192];
		const char *cells[3] = { when, pop, n };

		snprintf(when, sizeof when, "from %s", s(e->from));
		snprintf(pop, sizeof pop, "all offered inbound contacts (overview)");
		i64(n, sizeof n, e->removed);
		pdfw_table_row(d, &t, cells, NULL);
		for (k = 0; k < m->n_slas && e->removed_per_sla; k++) {
			const struct report_sla *sl = &m->slas[k];

			when[0] = '\0';
			snprintf(pop, sizeof pop, "%s (%s)", s(sl->id), s(sl->channels));
			i64(n, sizeof n, e->removed_per_sla[k]);
			pdfw_table_row(d, &t, cells, NULL);
		}
	}
	pdfw_table_end(d, &t);
	reliefs(d, m);
}

static void credits(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cols[] = {
		{ "SLA", 56, PDF_LEFT }, { "Target", 74, PDF_LEFT }, { "Measured", 54, PDF_RIGHT },
		{ "Status", 80, PDF_LEFT }, { "Alloc. %", 40, PDF_RIGHT }, { "Multiplier", 50, PDF_RIGHT },
		{ "Before cap", 78, PDF_RIGHT }, { "Credit", 79.2f, PDF_RIGHT },
	};
	struct pdfw_table t;
	char amt[96], pre[96];
	size_t i, k;

	pdfw_heading(d, 1, "Service credits statement", 80);
	if (!m->n_credits && !m->n_earn_backs) {
		pdfw_paragraph(d, d->regular, 9, "No critical SLA carries credits under this contract: no credits due.");
		return;
	}
	if (m->credits_basis)
		pdfw_paragraph(d, d->regular, 8.5f, m->credits_basis);
	pdfw_table_begin(d, &t, cols, 8, 7.5f);
	for (i = 0; i < m->n_credits; i++) {
		const struct report_credit_line *c = &m->credits[i];
		char status[160], meas[NUMFMT_MAX], tgt[2 * NUMFMT_MAX + 16];
		const char *cells[8] = { c->sla_id, tgt, meas, status, c->allocation_pct, c->multiplier,
		                         pre, amt };

		snprintf(meas, sizeof meas, "%s", s(c->measured));
		snprintf(tgt, sizeof tgt, "%s", s(c->target));

		snprintf(status, sizeof status, "%s%s%s%s", s(c->status), c->note && c->note[0] ? " (" : "",
		         c->note && c->note[0] ? c->note : "", c->note && c->note[0] ? ")" : "");
		render_money_text(pre, sizeof pre, m, c->uncapped);
		render_money_text(amt, sizeof amt, m, c->amount);
		for (k = 0; k < m->n_slas; k++)
			if (!strcmp(s(m->slas[k].id), s(c->sla_id))) {
				render_figure_text(meas, sizeof meas, &m->slas[k], c->measured);
				bound_text(tgt, sizeof tgt, &m->slas[k], m->slas[k].target);
				if (m->slas[k].minimum && *m->slas[k].minimum) {
					char mn[NUMFMT_MAX + 8];

					bound_text(mn, sizeof mn, &m->slas[k], m->slas[k].minimum);
					snprintf(tgt + strlen(tgt), sizeof tgt - strlen(tgt), " (min %s)", mn);
				}
			}
		pdfw_table_row(d, &t, cells, NULL);
	}
	for (i = 0; i < m->n_earn_backs; i++) {
		const struct report_earn_back *e = &m->earn_backs[i];
		char what[128];
		const char *cells[8] = { e->sla_id, "", "", what, "", "", "", amt };

		snprintf(what, sizeof what, "earn-back of %s", s(e->refers_to));
		render_money_text(amt, sizeof amt, m, e->amount);
		pdfw_table_row(d, &t, cells, NULL);
	}
	{
		/* the uncapped total under the lines' 'Before cap', the cap and
		 * what is due under 'Credit' */
		const char *lab[3] = { "Total", "Cap", "Credit due" };
		const char *val[3] = { m->credits_uncapped, m->credits_cap, m->credits_final };

		for (i = 0; i < 3; i++) {
			const char *cells[8] = { lab[i], "", "", "", "", "", i == 0 ? pre : "", i == 0 ? "" : amt };
			enum pdfw_tone tones[8] = { PDF_TONE_BOLD, 0, 0, 0, 0, 0, 0, PDF_TONE_BOLD };

			render_money_text(pre, sizeof pre, m, val[i]);
			render_money_text(amt, sizeof amt, m, val[i]);
			pdfw_table_row(d, &t, cells, i == 2 ? tones : NULL);
		}
	}
	pdfw_table_end(d, &t);
	/* the outlook: what the next month may cost or bring back */
	pdfw_heading(d, 2, "Outlook", 30);
	if (!m->summary.n_risks)
		pdfw_paragraph(d, d->regular, 8.5f, "No critical SLA is one target miss from a default and no earn-back "
		               "is open.");
	for (i = 0; i < m->summary.n_risks; i++)
		pdfw_paragraph(d, d->regular, 8.5f, s(m->summary.risks[i]));
}

/* Per input file, the digest of this client's rows of it in the attached
 * contacts.csv.gz (export.c says how it is made): lineage a client can
 * check without seeing another client's rows. */
static void evidence_digests(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cols[] = {
		{ "Input file", 68, PDF_LEFT }, { "SHA-256 of this client's rows in contacts.csv.gz", 248, PDF_LEFT },
		{ "Rows attached", 60, PDF_RIGHT },
	};
	struct pdfw_table t;
	size_t i, any = 0;

	for (i = 0; i < m->n_inputs; i++)
		any += m->inputs[i].evidence_rows > 0;
	if (!any)
		return;
	/* the operations logs' rows are in outages.csv and quality.csv, not here */
	pdfw_paragraph(d, d->regular, 8.5f, m->pseudonyms
	              ? "This client's own rows of each input file, as attached in contacts.csv.gz (customer and agent "
	                "ids pseudonymised): the SHA-256 of those lines, which ccsla verify --recompute checks."
	              : "This client's own rows of each input file, as attached in contacts.csv.gz (customer and agent "
	                "ids withheld): the SHA-256 of those lines, which ccsla verify --recompute checks.");
	pdfw_table_begin(d, &t, cols, 3, 6.0f);
	for (i = 0; i < m->n_inputs; i++) {
		const struct report_input *in = &m->inputs[i];
		char r[24];
		const char *cells[3] = { in->name, in->evidence_sha256 && in->evidence_sha256[0] ? in->evidence_sha256 : "none", r };

		if (report_input_is_ops(in) && !in->evidence_rows)
			continue;
		i64(r, sizeof r, in->evidence_rows);
		pdfw_table_row(d, &t, cells, NULL);
	}
	pdfw_table_end(d, &t);
}

static void lineage(struct pdfw_doc *d, const struct report_model *m)
{
	static const struct pdfw_column cols[] = {
		/* the hash on one line, so that it can be searched and compared */
		{ "Input file", 68, PDF_LEFT }, { "SHA-256", 248, PDF_LEFT }, { "Client", 31, PDF_RIGHT },
		{ "Rows", 30.2f, PDF_RIGHT }, { "Accepted", 39, PDF_RIGHT }, { "Quarantined", 49, PDF_RIGHT },
		{ "Duplicates", 46, PDF_RIGHT },
	};
	struct pdfw_table t;
	char rec[256];
	const char *rows[5][2];
	char contract[512];
	size_t i;

	pdfw_heading(d, 1, "Data quality and lineage", 80);
	char nr[4][NUMFMT_MAX];

	i64(nr[0], sizeof nr[0], m->rows_read);
	i64(nr[1], sizeof nr[1], m->rows_accepted);
	i64(nr[2], sizeof nr[2], m->rows_quarantined);
	i64(nr[3], sizeof nr[3], m->rows_duplicates);
	snprintf(rec, sizeof rec, "whole files: read %s = accepted %s + quarantined %s + duplicates %s%s",
	         nr[0], nr[1], nr[2], nr[3],
	         m->rows_read == m->rows_accepted + m->rows_quarantined + m->rows_duplicates ? " (reconciled)"
	                                                                                      : " (DOES NOT RECONCILE)");
	snprintf(contract, sizeof contract, "%s, SHA-256 %s", s(m->contract_file), s(m->contract_sha256));
	rows[0][0] = "Reconciliation";   rows[0][1] = rec;
	rows[1][0] = "Data received up to"; rows[1][1] = m->watermark;
	rows[2][0] = "Contract file";    rows[2][1] = contract;
	rows[3][0] = "Software";         rows[3][1] = m->software_version;
	rows[4][0] = "Generated";        rows[4][1] = m->generated_at;
	kv_block(d, (const char *const (*)[2])rows, 5, 100);
	if (m->n_inputs) {
		int ops = 0;

		for (i = 0; i < m->n_inputs; i++)
			ops |= report_input_is_ops(&m->inputs[i]);
		pdfw_paragraph(d, d->regular, 8.5f, REPORT_LINEAGE_NOTE);
		if (ops)
			pdfw_paragraph(d, d->regular, 8.5f, REPORT_LINEAGE_OPS_NOTE);
		pdfw_table_begin(d, &t, cols, 7, 6.0f);
		for (i = 0; i < m->n_inputs; i++) {
			const struct report_input *in = &m->inputs[i];
			char c[24], r[24], a[24], q[24], u[24], label[300];
			const char *cells[7] = { report_input_label(in, label, sizeof label), in->sha256, c, r, a, q, u };

			i64(c, sizeof c, in->client_rows);
			i64(r, sizeof r, in->rows);
			i64(a, sizeof a, in->accepted);
			i64(q, sizeof q, in->quarantined);
			i64(u, sizeof u, in->duplicates);
			pdfw_table_row(d, &t, cells, NULL);
		}
		pdfw_table_end(d, &t);
		evidence_digests(d, m);
	} else {
		pdfw_paragraph(d, d->regular, 9, "No input files contributed to this period.");
	}
	if (m->n_reasons) {
		static const struct pdfw_column rc[] = { { "Quarantine reason", 431.2f, PDF_LEFT }, { "Rows", 80, PDF_RIGHT } };

		pdfw_table_begin(d, &t, rc, 2, 7.5f);
		for (i = 0; i < m->n_reasons; i++) {
			char n[24];
			const char *cells[2] = { m->reasons[i].reason, n };

			i64(n, sizeof n, m->reasons[i].count);
			pdfw_table_row(d, &t, cells, NULL);
		}
		pdfw_table_end(d, &t);
	}
}

static void method(struct pdfw_doc *d, const struct report_model *m)
{
	size_t i, k;
	const char *text;
	char def[REPORT_METHOD_TEXT_MAX];

	pdfw_heading(d, 1, "Method", 80);
	pdfw_paragraph(d, d->regular, 8.5f, REPORT_METHOD_INTRO);
	if (m->service_hours) {
		char line[600];

		snprintf(line, sizeof line, "Service hours: %s.", m->service_hours);
		pdfw_paragraph(d, d->regular, 8.5f, line);
	}
	for (k = 0; (text = report_method_text(m, &k, def, sizeof def));)
		pdfw_paragraph(d, d->regular, 8.5f, text);
	for (i = 0; i < m->n_slas; i++) {
		char line[1024];
		size_t p, len;

		len = (size_t)snprintf(line, sizeof line, "%s parameters:", s(m->slas[i].id));
		for (p = 0; p < m->slas[i].n_params && len < sizeof line; p++) {
			if (!strcmp(s(m->slas[i].params[p].name), "service hours"))
				continue; /* the paragraph above gives them */
			len += (size_t)snprintf(line + len, sizeof line - len, "%s %s: %s", p ? ";" : "",
			                        s(m->slas[i].params[p].name), s(m->slas[i].params[p].value));
		}
		pdfw_paragraph(d, d->regular, 8.5f, line);
	}
}

static const char *bare(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static void verification(struct pdfw_doc *d, const struct report_model *m)
{
	char files[1024], fp[256], contacts[256];
	size_t i, len = 0;
	const char *rows[3][2];

	pdfw_heading(d, 1, "Verification", 80);
	if (m->status == REPORT_DRAFT)
		pdfw_paragraph(d, d->regular, 8.5f,
		              "This draft is a month-to-date preview and is not signed; its figures may still change. "
		              "The final report, issued when the month has closed, is signed by the contact centre and "
		              "says how to check its signature.");
	else if (unsigned_final(m))
		pdfw_paragraph(d, d->regular, 8.5f,
		              "This report was not signed when it was rendered; it is valid only once the contact centre "
		              "has signed it (ccsla sign), its signature then showing on page 1. Check the signature with "
		              "any PDF reader that supports signatures, with pdfsig report.pdf, or with ccsla verify "
		              "--fingerprint FP report.pdf, where FP is the certificate fingerprint the contact centre "
		              "published.");
	else
		pdfw_paragraph(d, d->regular, 8.5f,
		              "This report is signed by the contact centre. Check the signature with any PDF reader that "
		              "supports signatures, with pdfsig report.pdf, or with ccsla verify --fingerprint FP "
		              "report.pdf, where FP is the certificate fingerprint the contact centre published (it must "
		              "equal the one below; ccsla verify --ca CA.pem checks against the contact centre's CA "
		              "instead).");
	for (i = 0; i < m->n_attachments && strcmp(bare(m->attachments[i]), "outages.csv") &&
	            strcmp(bare(m->attachments[i]), "quality.csv") && strcmp(bare(m->attachments[i]), "forecast.csv") &&
	            strcmp(bare(m->attachments[i]), "complaints.csv");
	     i++)
		;
	pdfw_paragraph(d, d->regular, 8.5f, i < m->n_attachments
	              ? "The attached files carry the same figures as these pages (pdfdetach -saveall report.pdf "
	                "extracts them); ccsla verify --recompute report.pdf recomputes every figure from the attached "
	                "contacts, contract, ledger and operations logs (outages, quality, forecast, complaints: those "
	                "attached) alone."
	              : "The attached files carry the same figures as these pages (pdfdetach -saveall report.pdf "
	                "extracts them); ccsla verify --recompute report.pdf recomputes every figure from the attached "
	                "contacts, contract and ledger alone.");
	files[0] = '\0';
	for (i = 0; i < m->n_attachments && len < sizeof files; i++) {
		const char *b = strrchr(m->attachments[i], '/');

		len += (size_t)snprintf(files + len, sizeof files - len, "%s%s", i ? ", " : "",
		                        b ? b + 1 : m->attachments[i]);
	}
	if (m->status == REPORT_DRAFT)
		snprintf(fp, sizeof fp, "none: drafts are not signed");
	else if (m->signer_fingerprint && strlen(m->signer_fingerprint) == 95)
		/* two lines of 16 bytes, broken after a colon, never inside a byte */
		snprintf(fp, sizeof fp, "%.48s\n%s", m->signer_fingerprint, m->signer_fingerprint + 48);
	else
		snprintf(fp, sizeof fp, "%s", m->signer_fingerprint ? m->signer_fingerprint
		                                                    : "shown in the signature panel of the signed report");
	rows[0][0] = "Signer certificate SHA-256"; rows[0][1] = fp;
	rows[1][0] = "Attached files";             rows[1][1] = m->n_attachments ? files : "none";
	rows[2][0] = "Contacts attached";          rows[2][1] = contacts;
	for (i = 0; i < m->n_attachments && strcmp(bare(m->attachments[i]), "contacts.csv.gz"); i++)
		;
	snprintf(contacts, sizeof contacts, "%lld in contacts.csv.gz; customer and agent ids %s", (long long)m->evidence_contacts,
	         m->pseudonyms ? "as keyed pseudonyms (HMAC-SHA-256 under the contact centre's key)"
	                       : "withheld (no key: repeat-contact FCR cannot be recomputed)");
	kv_block(d, (const char *const (*)[2])rows, i < m->n_attachments ? 3 : 2, 150);
}

/* Attaches the files in the order of their bare names: a name tree is
 * sorted, and libharu 2.3's HPDF_NameTree_Add crashes inserting a name
 * before the second of three or more (it only appends safely). */
static int attach_sorted(struct pdfw_doc *d, const struct report_model *m, struct ccsla_error *err)
{
	unsigned char done[64] = { 0 };
	size_t k, i, n = m->n_attachments < 64 ? m->n_attachments : 64;

	for (k = 0; k < n; k++) {
		size_t best = n;

		for (i = 0; i < n; i++)
			if (!done[i] && (best == n || strcmp(bare(m->attachments[i]), bare(m->attachments[best])) < 0))
				best = i;
		done[best] = 1;
		/* a .gz is compressed already and may be large: copied as it is */
		if (strlen(m->attachments[best]) > 3 && !strcmp(m->attachments[best] + strlen(m->attachments[best]) - 3, ".gz")
		        ? pdfw_attach_streamed(d, m->attachments[best], err) < 0
		        : pdfw_attach(d, m->attachments[best], err) < 0)
			return -1;
	}
	return 0;
}

int render_report(const struct report_model *m, const char *pdf_path, struct ccsla_error *err)
{
	struct pdfw_doc d;
	struct pdfw_setup st;
	char header_right[256], footer[256], subject[256], keywords[512], title[512], wm[64];
	size_t i;
	int ret = -1;

	memset(&st, 0, sizeof st);
	snprintf(title, sizeof title, "Monthly service report %s, %s", s(m->client_name), s(m->period));
	snprintf(subject, sizeof subject, "Service levels, %s, contract %s", s(m->period), s(m->contract_id));
	snprintf(keywords, sizeof keywords, "client=%s; period=%s; contract=%s", s(m->client_id), s(m->period),
	         s(m->contract_id));
	snprintf(header_right, sizeof header_right, "%s  %s (%s)%s", s(m->contract_id), s(m->period), s(m->timezone),
	         m->status == REPORT_DRAFT ? "  DRAFT" : "");
	snprintf(footer, sizeof footer, "Report %s", s(m->report_id));
	if (m->status == REPORT_DRAFT)
		snprintf(wm, sizeof wm, "DRAFT");
	else if (m->status == REPORT_REVISION)
		snprintf(wm, sizeof wm, "REVISION %d", m->revision);
	st.title = title;
	st.author = m->ccc_name;
	st.subject = subject;
	st.keywords = keywords;
	st.header_left = m->client_name;
	st.header_right = header_right;
	st.footer_left = footer;
	st.watermark = m->status == REPORT_FINAL ? NULL : wm;
	st.created_epoch_s = m->created_epoch_s;
	st.first_page_bottom = REPORT_SIGNATURE_Y_PT + REPORT_SIGNATURE_H_PT + 8;
	if (pdfw_open(&d, &st, err) < 0)
		return -1;
	if (attach_sorted(&d, m, err) < 0)
		goto done;
	cover(&d, m);
	summary(&d, m);
	/* the note beside the signature area, which stays empty for the signer */
	pdfw_set_fill(&d, 0.4f, 0.4f, 0.4f);
	pdfw_text(&d, d.regular, 7.5f, PDF_MARGIN, REPORT_SIGNATURE_Y_PT + 30, PDF_LEFT,
	          m->status == REPORT_DRAFT ? "Drafts are not signed; the final report carries"
	          : unsigned_final(m)       ? "Not signed when rendered: valid only with the contact"
	                                    : "The contact centre's signature appears at the right;");
	pdfw_text(&d, d.regular, 7.5f, PDF_MARGIN, REPORT_SIGNATURE_Y_PT + 20, PDF_LEFT,
	          m->status == REPORT_DRAFT ? "the contact centre's signature."
	          : unsigned_final(m)       ? "centre's signature at the right (see Verification)."
	                                    : "section Verification says how to check it.");
	pdfw_set_fill(&d, 0, 0, 0);
	scorecard(&d, m);
	if (m->status == REPORT_REVISION)
		revision(&d, m);
	if (m->n_slas) {
		struct render_missed_ref *refs = calloc(m->n_slas, sizeof *refs);

		if (!refs) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto done;
		}
		pdfw_new_page(&d);
		pdfw_heading(&d, 1, "Service levels in detail", 120);
		for (i = 0; i < m->n_slas; i++)
			sla_detail(&d, m, &m->slas[i], &refs[i]);
		/* each: every missed sub-period, after the SLA pages */
		render_missed_list(&d, m, refs);
		free(refs);
	}
	heatmap(&d, m);
	accessibility(&d, m);
	forecast_staffing(&d, m);
	experience(&d, m);
	exclusions(&d, m);
	credits(&d, m);
	lineage(&d, m);
	method(&d, m);
	verification(&d, m);
	ret = pdfw_save(&d, pdf_path, err);
done:
	pdfw_close(&d);
	return ret;
}
