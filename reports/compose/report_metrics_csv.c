/* report_metrics_csv.c -- metrics.csv, the figures of the report's pages
 * with the population behind each, for a client to recompute:
 *
 *   period,scope,item,date,metric,value,unit,target,verdict,offered,answered,
 *   abandoned,short_abandoned,callback,overflow,open,excluded,answered_within,
 *   abandoned_within,open_late,open_pending,csat_responses,csat_top2,
 *   fcr_base,fcr_resolved,fcr_provisional,value_numerator,value_denominator
 *
 * value_numerator / value_denominator: the SLA's value exactly, before it
 * is rounded (metrics.md; a service level is 100 x answered-within-and-
 * favoured over its base), empty for rows that are not an SLA's.
 *
 * scope `sla` (item = SLA id): date `month` (with target and verdict), then
 * one row per local day; scope `channel` (item = channel): the overview's
 * service_level_pct, asa_s, p90_wait_s and aht_s for the month and each day;
 * scope `experience` (item = `inbound`): csat_responses, csat_avg,
 * csat_top2_pct, fcr_pct, complaints, complaints_per_1000, month only.
 * In every row offered = answered + abandoned + callback + overflow + open
 * (`ccsla verify` checks it). A row's key is (scope, item, date, metric):
 * revisions compare files by it. */
#include <stdio.h>

#include "core/csvw.h"
#include "report_build.h"

static void row(struct csvw *w, const char *period, const char *scope, const char *item, const char *date,
                const char *metric, const char *value, const char *unit, const char *target,
                const char *verdict, const struct eval_counts *c)
{
	const int64_t n[19] = { c->offered, c->answered, c->abandoned, c->short_abandoned, c->callback,
	                        c->overflow, c->open, c->excluded, c->answered_within, c->abandoned_within,
	                        c->open_late, c->open_pending, c->csat_responses, c->csat_top2, c->fcr_base,
	                        c->fcr_resolved, c->fcr_provisional, c->ratio_num, c->ratio_den };

	csvw_text(w, period);
	csvw_text(w, scope);
	csvw_text(w, item);
	csvw_text(w, date);
	csvw_text(w, metric);
	csvw_number(w, value);
	csvw_text(w, unit);
	csvw_text(w, target);
	csvw_text(w, verdict);
	csvw_integers(w, n, 19, c->has_ratio ? 19 : 17);
	csvw_end_line(w);
}

static const char *const COUNT_HEAD[] = {
	"offered", "answered", "abandoned", "short_abandoned", "callback", "overflow", "open", "excluded",
	"answered_within", "abandoned_within", "open_late", "open_pending", "csat_responses", "csat_top2",
	"fcr_base", "fcr_resolved", "fcr_provisional", "value_numerator", "value_denominator", NULL };

static void header(struct csvw *w, const char *const *lead)
{
	size_t i;

	for (i = 0; lead[i]; i++)
		csvw_text(w, lead[i]);
	for (i = 0; COUNT_HEAD[i]; i++)
		csvw_text(w, COUNT_HEAD[i]);
	csvw_end_line(w);
}

struct missed_ctx {
	struct csvw *w;
	const char *period;
};

/* One missed sub-period of an each: SLA (evaluate_each_missed_rows). */
static void missed_row(void *ctx, const char *sla_id, const char *start, const char *metric, const char *value,
                       const char *unit, const char *target, const struct eval_counts *counts)
{
	struct missed_ctx *mc = ctx;

	row(mc->w, mc->period, "sla", sla_id, start, metric, value, unit, target, "missed", counts);
}

/* intervals.csv: scope sla, item the SLA id, date the interval's local
 * start with its offset ("2026-10-25T02:00+01:00"), the SLA's metric over
 * that half-hour and its counts; the same columns as metrics.csv. */
void report_write_intervals_csv(const struct report_build *rb, FILE *fp)
{
	static const char *const head[] = { "period", "scope", "item", "date", "metric", "value", "unit", "target",
	                                    "verdict", NULL };
	struct csvw w;
	size_t i, k;

	csvw_init(&w, fp);
	header(&w, head);
	for (i = 0; i < rb->ev.result_count; i++) {
		const struct sla_result *r = &rb->ev.results[i];

		/* an each: SLA's value is its compliance; its half-hours carry its metric */
		const char *metric = r->each ? metric_name(r->sla->metric) : r->metric;
		const char *unit = r->each ? metric_unit(r->sla->metric) : r->unit;

		for (k = 0; k < r->interval_count; k++)
			row(&w, rb->ev.period, "sla", r->sla->id, r->intervals[k].when, metric, r->intervals[k].value,
			    unit, "", "", &r->intervals[k].counts);
	}
}

static void overview_rows(struct csvw *w, const char *period, const char *ch, const char *date,
                          const struct overview_figures *f)
{
	row(w, period, "channel", ch, date, "service_level_pct", f->service_level, "%", "", "", &f->counts);
	row(w, period, "channel", ch, date, "asa_s", f->asa_s, "s", "", "", &f->counts);
	row(w, period, "channel", ch, date, "p90_wait_s", f->p90_wait_s, "s", "", "", &f->counts);
	row(w, period, "channel", ch, date, "aht_s", f->aht_s, "s", "", "", &f->counts);
}

void report_write_metrics_csv(const struct report_build *rb, FILE *fp)
{
	static const char *const head[] = {
		"period", "scope", "item", "date", "metric", "value", "unit", "target", "verdict", NULL };
	const char *period = rb->ev.period;
	const struct experience_figures *x = &rb->cx;
	struct csvw w;
	char buf[32];
	size_t i, d;

	csvw_init(&w, fp);
	header(&w, head);
	for (i = 0; i < rb->ev.result_count; i++) {
		const struct sla_result *r = &rb->ev.results[i];

		row(&w, period, "sla", r->sla->id, "month", r->metric, r->value, r->unit, r->target,
		    sla_verdict_name(r->verdict), &r->total);
		for (d = 0; d < r->day_count && d < rb->day_count; d++)
			row(&w, period, "sla", r->sla->id, rb->dates[d], r->each ? metric_name(r->sla->metric) : r->metric,
			    r->daily[d], r->each ? metric_unit(r->sla->metric) : r->unit, "", "", &r->daily_counts[d]);
		/* each: every missed sub-period, with its target and verdict */
		struct missed_ctx mc = { &w, period };
		evaluate_each_missed_rows(r, missed_row, &mc);
	}
	for (i = 0; i < rb->channel_count; i++) {
		const struct overview_channel *oc = &rb->channels[i];
		const char *ch = channel_name(oc->channel);

		overview_rows(&w, period, ch, "month", &oc->month);
		for (d = 0; d < oc->day_count && d < rb->day_count; d++)
			overview_rows(&w, period, ch, rb->dates[d], &oc->days[d]);
	}
	snprintf(buf, sizeof buf, "%lld", (long long)x->csat_responses);
	row(&w, period, "experience", "inbound", "month", "csat_responses", buf, "", "", "", &x->counts);
	row(&w, period, "experience", "inbound", "month", "csat_avg", x->csat_avg, "", "", "", &x->counts);
	row(&w, period, "experience", "inbound", "month", "csat_top2_pct", x->csat_top2_pct, "%", "", "", &x->counts);
	row(&w, period, "experience", "inbound", "month", "fcr_pct", x->fcr_pct, "%", "", "", &x->counts);
	snprintf(buf, sizeof buf, "%lld", (long long)x->complaints);
	row(&w, period, "experience", "inbound", "month", "complaints", buf, "", "", "", &x->counts);
	row(&w, period, "experience", "inbound", "month", "complaints_per_1000", x->complaints_per_1000, "", "", "",
	    &x->counts);
}
