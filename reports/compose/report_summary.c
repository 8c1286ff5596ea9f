/* report_summary.c -- page 1's "month in five lines" (spec/report.md
 * section 1) and the scorecard's history note, in words, from the month's
 * evaluation and the ledger's earlier months: the credit due, the verdict
 * counts, the change against the previous month, the data's completeness
 * and the risks ahead (an SLA one target miss from a default, what a
 * default next month would cost, earn-back still open).
 *
 * Amounts are computed like credits.c computes them (money_scale, one
 * rounding), so an outlook figure is the credit the next month would
 * carry under the same charges. */
#include <stdio.h>
#include <string.h>

#include "contracts/money.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "numfmt.h"
#include "report_build.h"

static const char *const MONTH_NAMES[] = { "January", "February", "March", "April", "May", "June", "July",
	                                   "August", "September", "October", "November", "December" };

static const char *amount(struct report_build *rb, int64_t minor)
{
	char buf[NUMFMT_MAX];

	numfmt_amount(minor, rb->rq.contract->currency, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

static int status_missed(enum sla_status st)
{
	return st == SLA_MISSED || st == SLA_BELOW_MINIMUM;
}

/* The change of one SLA against the month before, or NULL when either
 * month has no value. */
static const char *change_text(struct report_build *rb, const struct report_sla *ms, const struct sla_result *r,
                               const struct ledger_sla *prev, const char *prev_name)
{
	char now[NUMFMT_MAX], then[NUMFMT_MAX], delta[NUMFMT_MAX];
	double a, b;

	if (!prev || numfmt_parse(r->value, &a) < 0 || numfmt_parse(prev->value, &b) < 0)
		return NULL;
	numfmt_metric(r->value, r->unit, ms->written, ms->business_clock, now, sizeof now);
	numfmt_metric(prev->value, r->unit, ms->written, ms->business_clock, then, sizeof then);
	if (!strcmp(r->unit, "%"))
		numfmt_points(a - b, delta, sizeof delta);
	else if (!strcmp(r->unit, "s")) {
		char d[NUMFMT_MAX];

		numfmt_wait(a - b >= 0 ? a - b : b - a, d, sizeof d);
		snprintf(delta, sizeof delta, "%s%s", a - b >= 0 ? "+" : "-", d);
	} else
		snprintf(delta, sizeof delta, "%+.2f", a - b);
	return strpool_printf(&rb->pool, "%s %s (%s %s, %s; %s then)", r->sla->id, now, prev_name, then, delta,
	                      sla_status_name(prev->status));
}

int report_fill_summary(struct report_build *rb, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	const struct credit_terms *t = &c->credits;
	const struct credit_statement *st = &rb->ev.credits;
	struct report_model *m = &rb->model;
	struct report_summary *sum = &m->summary;
	struct ledger_month hist[EVAL_HISTORY];
	int present[EVAL_HISTORY];
	const char **risks;
	char buf[1024], prev_name[32], next_name[32];
	size_t i, k, len, n_risks = 0, days_with_data = 0, lines = 0, imported = 0, computed = 0;
	int ny = rb->rq.year + (rb->rq.month == 12), nm = rb->rq.month % 12 + 1;
	int pm = (rb->rq.month + 10) % 12 + 1;
	int earliest = -1;

	if (ledger_history(rb->rq.state_dir, c->client, rb->rq.year, rb->rq.month, hist, present, EVAL_HISTORY,
	                   err) < 0)
		return -1;
	snprintf(prev_name, sizeof prev_name, "%s", MONTH_NAMES[pm - 1]);
	snprintf(next_name, sizeof next_name, "%s %d", MONTH_NAMES[nm - 1], ny);

	/* credits due */
	if (st->earn_back_total_minor)
		sum->credits_due = strpool_printf(&rb->pool, "%s (credits %s less earn-back %s)",
		                                  amount(rb, st->net_total_minor), amount(rb, st->capped_total_minor),
		                                  amount(rb, st->earn_back_total_minor));
	else if (st->net_total_minor)
		sum->credits_due = strpool_printf(&rb->pool, "%s to the client", amount(rb, st->net_total_minor));
	else
		sum->credits_due = strpool_printf(&rb->pool, "none (%s)", amount(rb, 0));

	/* verdicts */
	for (i = 0; i < m->n_slas; i++) {
		if (m->slas[i].owed_by_client)  /* the scorecard's own block, not a service level */
			continue;
		switch (m->slas[i].verdict) {
		case REPORT_MET: sum->n_met++; break;
		case REPORT_MISSED: sum->n_missed++; break;
		case REPORT_DEFAULT: sum->n_default++; break;
		case REPORT_NOT_MEASURABLE: sum->n_not_measurable++; break;
		}
	}

	/* change against the previous month */
	len = 0;
	buf[0] = '\0';
	for (i = 0; i < m->n_slas && present[0]; i++) {
		const char *ch = change_text(rb, &m->slas[i], &rb->ev.results[i],
		                             ledger_find(&hist[0], rb->ev.results[i].sla->id), prev_name);

		if (ch && len < sizeof buf)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "; " : "", ch);
	}
	if (!present[0])
		sum->change = strpool_printf(&rb->pool, "none: %s is not in the ledger (see the scorecard's note)",
		                             prev_name);
	else if (!len)
		sum->change = strpool_printf(&rb->pool, "none: no SLA has a value in both months");
	else
		sum->change = strpool_printf(&rb->pool, "%s", buf);

	/* completeness: the days with any contact offered, the data's cut-off */
	for (k = 0; k < rb->day_count; k++) {
		int64_t offered = 0;

		for (i = 0; i < rb->channel_count; i++)
			offered += k < rb->channels[i].day_count ? rb->channels[i].days[k].counts.offered : 0;
		days_with_data += offered > 0;
	}
	{
		char q[NUMFMT_MAX], r[NUMFMT_MAX];

		numfmt_count(m->rows_quarantined, q, sizeof q);
		numfmt_count(m->rows_read, r, sizeof r);
		char upto[64];

		if (rb->watermark_ms == TIME_NONE)
			snprintf(upto, sizeof upto, "no data received for this client");
		else {
			struct local_time lt;

			tz_to_local(c->zone, rb->watermark_ms, &lt);
			snprintf(upto, sizeof upto, "data received up to %04d-%02d-%02d %02d:%02d local time", lt.year % 10000,
			         lt.month % 100, lt.day % 100, lt.hour % 100, lt.minute % 100);
		}
		sum->completeness = strpool_printf(&rb->pool,
		    "contacts on %zu of %zu days; %s; %s of %s input rows quarantined (section Data quality and "
		    "lineage)", days_with_data, rb->day_count, upto, q, r);
	}

	/* risks ahead */
	if (!(risks = strpool_alloc(&rb->pool, (2 * st->line_count + 2) * sizeof *risks)))
		goto oom;
	for (i = 0; i < rb->ev.result_count && t->model == CREDIT_AT_RISK; i++) {
		const struct sla_result *r = &rb->ev.results[i];
		const struct credit_line *l;
		int64_t f[3], cost = 0;
		int misses_next;

		if (!r->sla->critical || lines >= st->line_count)
			continue;
		l = &st->lines[lines++];
		/* next month's window: next month, this one and the 10 before */
		misses_next = l->target_misses_12m;
		if (present[10] && status_missed(ledger_find(&hist[10], r->sla->id)
		                                  ? ledger_find(&hist[10], r->sla->id)->status : SLA_MET))
			misses_next--;
		f[0] = t->at_risk_e6;
		f[1] = l->allocation_e6;
		f[2] = l->is_default ? t->repeat_multiplier_e6 : RATIO_ONE_E6;
		if (money_scale(t->monthly_charges_minor, f, 3, &cost) < 0)
			cost = 0;
		if (l->is_default && t->repeat_multiplier_e6 != RATIO_ONE_E6) {
			char mult[32];

			decimal_format(t->repeat_multiplier_e6, 6, 2, mult, sizeof mult);
			risks[n_risks++] = strpool_printf(&rb->pool, "%s is in default: a default in %s too would credit "
			                                  "%s (repeat multiplier %s)", r->sla->id, next_name,
			                                  amount(rb, cost), mult);
		} else if (!l->is_default && t->expected_defaults > 1 && misses_next + 1 >= t->expected_defaults)
			risks[n_risks++] = strpool_printf(&rb->pool, "%s is one target miss from a default: a miss in %s "
			                                  "would be its %d%s in 12 months and credit %s", r->sla->id,
			                                  next_name, misses_next + 1,
			                                  misses_next + 1 == 1 ? "st" : misses_next + 1 == 2 ? "nd"
			                                  : misses_next + 1 == 3 ? "rd" : "th", amount(rb, cost));
		/* earn-back still open: a default within the earn-back months
		 * whose months since were all met (this one included) */
		for (k = 0; t->earn_back_months > 0 && k < (size_t)t->earn_back_months; k++) {
			/* k = 0: this month's default; k >= 1: the default k months back */
			int64_t orig = 0, back = 0;
			int ok = 1, oy, om, left;
			size_t j;

			if (k == 0) {
				if (!l->is_default || l->final_minor <= 0)
					continue;
				orig = l->final_minor, oy = rb->rq.year, om = rb->rq.month;
			} else {
				const struct ledger_sla *o = present[k - 1] ? ledger_find(&hist[k - 1], r->sla->id) : NULL;

				if (!o || !o->is_default || o->final_minor <= 0 || r->status != SLA_MET)
					continue;
				for (j = 0; j + 1 < k; j++) {
					const struct ledger_sla *b = present[j] ? ledger_find(&hist[j], r->sla->id) : NULL;

					ok = ok && b && b->status == SLA_MET;
				}
				if (!ok)
					continue;
				orig = o->final_minor, oy = hist[k - 1].year, om = hist[k - 1].month;
			}
			f[0] = t->earn_back_share_e6;
			if (money_scale(orig, f, 1, &back) < 0)
				continue;
			left = t->earn_back_months - (int)k;
			risks[n_risks++] = strpool_printf(&rb->pool, "earn-back open: %s of %s's %s %d credit of %s "
			                                  "returns to the centre if %s meets its target in each of the "
			                                  "next %d month%s", amount(rb, back), r->sla->id,
			                                  MONTH_NAMES[om - 1], oy, amount(rb, orig), r->sla->id, left,
			                                  left == 1 ? "" : "s");
			if (n_risks >= 2 * st->line_count + 1)
				break;
		}
	}
	sum->risks = risks;
	sum->n_risks = n_risks;

	/* the scorecard's history note */
	for (k = 0; k < EVAL_HISTORY; k++)
		if (present[k]) {
			earliest = (int)k;
			if (hist[k].imported)
				imported++;
			else
				computed++;
		}
	if (earliest < 0)
		m->history_note = strpool_printf(&rb->pool, "No earlier month is in the ledger: the history starts with "
		                                 "this month. Earlier months' verdicts can be imported (ccsla ledger "
		                                 "import), so that the repeat multiplier, the expected defaults and the "
		                                 "trends count them.");
	else {
		char list[512];
		size_t l2 = 0;

		list[0] = '\0';
		for (k = EVAL_HISTORY; k-- > 0;)
			if (present[k] && hist[k].imported && l2 < sizeof list)
				l2 += (size_t)snprintf(list + l2, sizeof list - l2, "%s%04d-%02d", l2 ? ", " : "",
				                       hist[k].year, hist[k].month);
		m->history_note = strpool_printf(&rb->pool,
		    "The history starts with %04d-%02d (%zu of the 12 previous months are in the ledger: %zu computed "
		    "by ccsla%s%s%s).", hist[earliest].year, hist[earliest].month, imported + computed, computed,
		    imported ? ", imported from the account manager's records: " : ", none imported",
		    imported ? list : "", "");
	}
	for (k = 0; k < EVAL_HISTORY; k++)
		if (present[k])
			ledger_month_release(&hist[k]);
	return 0;
oom:
	for (k = 0; k < EVAL_HISTORY; k++)
		if (present[k])
			ledger_month_release(&hist[k]);
	return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
}
