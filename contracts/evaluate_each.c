/* evaluate_each.c -- per-period targets (evaluate_each.h): the SLA's
 * metric per interval, day or week of the month, the compliance over the
 * counted sub-periods, the month's verdict on it (compliance or
 * allowed_misses), and every missed sub-period for the results and the
 * report.
 *
 * Values come from metric_value() on the counts metrics_period gathers
 * (intervals of the SLA's interval_min, local days; a week is the merge of
 * its days) and are compared with metric_meets(), as a month SLA's are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "evaluate.h"
#include "evaluate_each.h"

const char *each_period_name(enum each_period p)
{
	switch (p) {
	case EACH_INTERVAL: return "interval";
	case EACH_DAY: return "day";
	case EACH_WEEK: return "week";
	case EACH_NONE: break;
	}
	return "";
}

const char *each_unit_name(enum each_period p, int interval_min, int plural)
{
	switch (p) {
	case EACH_INTERVAL:
		if (interval_min == 15)
			return plural ? "quarter-hours" : "quarter-hour";
		if (interval_min == 60)
			return plural ? "hours" : "hour";
		return plural ? "half-hours" : "half-hour";
	case EACH_DAY: return plural ? "days" : "day";
	case EACH_WEEK: return plural ? "weeks" : "week";
	case EACH_NONE: break;
	}
	return plural ? "months" : "month";
}

/* "2026-10-25T02:00+01:00": local wall time and offset of instant t. */
static void local_label(const struct tz *zone, int64_t t, char *buf, size_t size)
{
	struct local_time lt;
	int32_t off = tz_offset_s(zone, t), a = off < 0 ? -off : off;

	tz_to_local(zone, t, &lt);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d%c%02d:%02d", lt.year % 10000, lt.month % 100,
	         lt.day % 100, lt.hour % 100, lt.minute % 100, off < 0 ? '-' : '+', (int)(a / 3600 % 100),
	         (int)(a / 60 % 60));
}

/* 1402 -> "1,402" (the summary is read by people). */
static const char *grouped(int64_t v, char *buf, size_t size)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v)), i;
	size_t at = 0;

	if (v < 0 && at + 1 < size)
		buf[at++] = '-';
	for (i = 0; i < n && at + 2 < size; i++) {
		if (i && (n - i) % 3 == 0)
			buf[at++] = ',';
		buf[at++] = digits[i];
	}
	buf[at] = '\0';
	return buf;
}

static int needs_waits(enum metric_id m)
{
	return m == METRIC_P50_WAIT || m == METRIC_P90_WAIT || m == METRIC_P95_WAIT;
}

/* One sub-period's value and whether it counts and meets the target. */
static void judge_sub(struct each_result *er, struct each_sub *sub, struct metric_counts *counts,
                      const struct metric_params *params, const struct sla *s)
{
	struct eval_counts *ec = &er->sub_counts[sub - er->subs];
	int dec = metric_decimals(s->metric);
	int64_t min = s->min_volume > 0 ? s->min_volume : 1;
	struct ratio r;

	if (metric_value(counts, params, s->metric, &r) < 0)
		r = (struct ratio){ 0, 0 };
	ratio_format(&r, dec, sub->value, sizeof sub->value);
	eval_basis_text(counts, params, s->metric, sub->basis, sizeof sub->basis);
	sub->num = r.num;
	sub->den = r.den;
	sub->offered = counts->offered;
	eval_counts_from(ec, counts);
	if (!ratio_is_na(&r)) {
		ec->has_ratio = 1;
		ec->ratio_num = r.num;
		ec->ratio_den = r.den;
	}
	if (counts->offered == 0)
		er->empty++;
	else if (counts->offered < min)
		er->below_min_volume++;
	else if (ratio_is_na(&r))
		er->no_value++;
	else {
		sub->counted = 1;
		sub->met = metric_meets(&r, &s->target, dec, s->exact) == 1;
		er->counted++;
		er->met += sub->met;
	}
}

/* The sub-periods of the month, measured. */
static int build_subs(struct each_result *er, struct metrics_period *p, const struct sla *s,
                      const struct tz *zone)
{
	size_t i, n = 0;

	if (er->period == EACH_INTERVAL) {
		n = p->interval_count;
	} else if (er->period == EACH_DAY) {
		n = p->day_count;
	} else { /* ISO weeks, Monday first, clipped to the month */
		for (i = 0; i < p->day_count; i++)
			n += i == 0 || days_weekday(p->first_day + (int64_t)i) == 0;
	}
	if (n && (!(er->subs = calloc(n, sizeof *er->subs)) ||
	          !(er->sub_counts = calloc(n, sizeof *er->sub_counts))))
		return -1;
	er->sub_count = n;
	if (er->period == EACH_INTERVAL) {
		for (i = 0; i < n; i++) {
			struct each_sub *sub = &er->subs[i];

			sub->start_ms = p->intervals[i].start_ms;
			sub->end_ms = i + 1 < n ? p->intervals[i + 1].start_ms : p->to_ms;
			judge_sub(er, sub, &p->intervals[i].counts, &p->params, s);
		}
	} else if (er->period == EACH_DAY) {
		for (i = 0; i < n; i++) {
			struct each_sub *sub = &er->subs[i];

			sub->start_ms = tz_local_day_start(zone, p->first_day + (int64_t)i);
			sub->end_ms = tz_local_day_start(zone, p->first_day + (int64_t)i + 1);
			judge_sub(er, sub, &p->days[i], &p->params, s);
		}
	} else {
		size_t d = 0, w;

		for (w = 0; w < n; w++) {
			struct each_sub *sub = &er->subs[w];
			struct metric_counts week;
			size_t first = d;
			int rc = 0;

			metric_counts_init(&week);
			do
				rc |= metrics_merge(&week, &p->days[d++]);
			while (d < p->day_count && days_weekday(p->first_day + (int64_t)d) != 0);
			sub->start_ms = tz_local_day_start(zone, p->first_day + (int64_t)first);
			sub->end_ms = tz_local_day_start(zone, p->first_day + (int64_t)d);
			if (rc == 0)
				judge_sub(er, sub, &week, &p->params, s);
			metric_counts_release(&week);
			if (rc)
				return -1;
		}
	}
	for (i = 0; i < n; i++) {
		local_label(zone, er->subs[i].start_ms, er->subs[i].start, sizeof er->subs[i].start);
		local_label(zone, er->subs[i].end_ms, er->subs[i].end, sizeof er->subs[i].end);
	}
	er->missed = er->counted - er->met;
	return 0;
}

/* Most misses the compliance target still allows over `counted`
 * sub-periods (rounded or exact as the SLA compares): -1 when even none
 * would fail it (a target above 100). */
static int64_t misses_allowed(const struct sla *s, int64_t counted)
{
	int64_t k;

	for (k = counted; k >= 0; k--) {
		struct ratio r = { 100 * (counted - k), counted };

		if (metric_meets(&r, &s->each.compliance, 2, s->exact) == 1)
			return k;
	}
	return -1;
}

/* What the SLA asks of each sub-period, for people: "80/20", "asa_s <= 30 s". */
static void sub_target_words(const struct sla *s, char *buf, size_t size)
{
	char t[32];

	target_format(&s->target, t, sizeof t);
	if (s->metric == METRIC_SERVICE_LEVEL && s->target.op == CMP_GE)
		snprintf(buf, size, "%s/%d", t + strspn(t, "<>= "), (int)s->params.threshold_s);
	else
		snprintf(buf, size, "%s %s%s%s", metric_name(s->metric), t, metric_unit(s->metric)[0] ? " " : "",
		         metric_unit(s->metric));
}

int evaluate_each_measure(struct sla_result *res, const struct contract *c, const char *state_dir,
                          int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ccsla_error *err)
{
	const struct sla *s = res->sla;
	const struct sla_each *e = &s->each;
	struct metric_params params = s->params;
	struct metrics_filter filter = s->filter;
	struct metrics_period p;
	struct each_result *er;
	struct ratio comp;
	char a[24], b[24], m[24], words[64], allowed[24];
	const char *units;
	int64_t allow;

	if (!(er = calloc(1, sizeof *er)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	res->each = er;
	er->period = e->period;
	er->interval_min = e->period == EACH_INTERVAL ? e->interval_min : 0;
	er->allowed_misses = e->has_allowed_misses ? e->allowed_misses : -1;
	target_format(&s->target, er->sub_target, sizeof er->sub_target);
	if (e->has_compliance)
		target_format(&e->compliance, er->compliance, sizeof er->compliance);
	if (e->has_compliance_minimum)
		target_format(&e->compliance_minimum, er->compliance_minimum, sizeof er->compliance_minimum);
	params.keep_waits = needs_waits(s->metric);
	if (watermark_ms != TIME_NONE)
		params.watermark_ms = watermark_ms;
	params.cal = &c->cal;
	filter.cal = &c->cal;
	if (metrics_period_init(&p, c->zone, from_ms, to_ms, er->interval_min, &params, &filter, err) < 0)
		return -1;
	p.interval_waits = 1;
	p.day_cache = 1;
	metrics_period_share_fcr(&p, res->fcr_share);
	if (metrics_period_run(&p, state_dir, c->client, err) < 0) {
		metrics_period_release(&p);
		return -1;
	}
	if (build_subs(er, &p, s, c->zone) < 0) {
		metrics_period_release(&p);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	metrics_period_release(&p);

	/* the month: compliance over the counted sub-periods */
	comp = (struct ratio){ 100 * er->met, er->counted };
	snprintf(res->metric, sizeof res->metric, "%s_compliance_pct", each_period_name(e->period));
	snprintf(res->unit, sizeof res->unit, "%%");
	ratio_format(&comp, 2, res->value, sizeof res->value);
	units = each_unit_name(e->period, e->interval_min, 1);
	snprintf(res->basis, sizeof res->basis, "%lld of %lld %s met", (long long)er->met,
	         (long long)er->counted, units);
	res->reason[0] = '\0';
	res->minimum[0] = '\0';
	if (e->has_compliance) {
		snprintf(res->target, sizeof res->target, "%s", er->compliance);
		if (e->has_compliance_minimum)
			snprintf(res->minimum, sizeof res->minimum, "%s", er->compliance_minimum);
	} else {
		snprintf(res->target, sizeof res->target, "at most %lld missed", (long long)e->allowed_misses);
	}
	res->total.has_ratio = 1;
	res->total.ratio_num = comp.num;
	res->total.ratio_den = comp.den;
	res->credit_minor = 0;
	allow = e->has_allowed_misses ? e->allowed_misses : misses_allowed(s, er->counted);
	if (allow < 0)
		snprintf(allowed, sizeof allowed, "none");
	else
		grouped(allow, allowed, sizeof allowed);
	sub_target_words(s, words, sizeof words);
	if (!er->counted) {
		res->status = SLA_NOT_MEASURABLE;
		snprintf(res->reason, sizeof res->reason, "no %s counted (%lld empty, %lld below min_volume %lld, "
		         "%lld without a value)", each_unit_name(e->period, e->interval_min, 0),
		         (long long)er->empty, (long long)er->below_min_volume, (long long)s->min_volume,
		         (long long)er->no_value);
		snprintf(er->summary, sizeof er->summary, "%s: no %s counted", words, units);
		return 0;
	}
	grouped(er->met, a, sizeof a);
	grouped(er->counted, b, sizeof b);
	grouped(er->missed, m, sizeof m);
	snprintf(er->summary, sizeof er->summary, "%s met in %s of %s %s; %s missed, %s allowed", words, a, b,
	         units, m, allowed);
	if (e->has_allowed_misses) {
		res->status = er->missed <= e->allowed_misses ? SLA_MET : SLA_MISSED;
		if (res->status == SLA_MISSED)
			snprintf(res->reason, sizeof res->reason, "%lld %s missed, %lld allowed",
			         (long long)er->missed, units, (long long)e->allowed_misses);
		return 0;
	}
	if (metric_meets(&comp, &e->compliance, 2, s->exact) == 1)
		res->status = SLA_MET;
	else if (e->has_compliance_minimum && metric_meets(&comp, &e->compliance_minimum, 2, s->exact) != 1)
		res->status = SLA_BELOW_MINIMUM;
	else
		res->status = SLA_MISSED;
	if (res->status != SLA_MET)
		snprintf(res->reason, sizeof res->reason, "%lld %s missed, %s allowed", (long long)er->missed, units,
		         allowed);
	if (c->credits.model == CREDIT_LINEAR && res->status != SLA_MET) {
		/* points of compliance below the compliance target, x 10^6 */
		int64_t v, t = e->compliance.value, sc = 1;

		for (int i = e->compliance.scale; i < 6; i++)
			sc *= 10;
		if (ratio_round(&comp, 2, &v) == 0) {
			int64_t d = t * sc - v * 10000;
			res->credit_minor = d > 0 ? d : 0;
		}
	}
	return 0;
}

void evaluate_each_write_json(struct jsonw *j, const struct sla_result *res)
{
	const struct each_result *er = res->each;
	int pct;

	if (!er)
		return;
	pct = !strcmp(metric_unit(res->sla->metric), "%");
	jsonw_key(j, "each");
	jsonw_object_begin(j);
	jsonw_kv_string(j, "period", each_period_name(er->period));
	if (er->period == EACH_INTERVAL)
		jsonw_kv_int(j, "interval_min", er->interval_min);
	jsonw_kv_string(j, "metric", metric_name(res->sla->metric));
	jsonw_kv_string(j, "unit", metric_unit(res->sla->metric));
	jsonw_kv_string(j, "target", er->sub_target);
	if (er->allowed_misses >= 0) {
		jsonw_kv_int(j, "allowed_misses", er->allowed_misses);
	} else {
		jsonw_kv_string(j, "compliance", er->compliance);
		jsonw_kv_string(j, "compliance_minimum", er->compliance_minimum);
	}
	jsonw_kv_int(j, "sub_periods", (int64_t)er->sub_count);
	jsonw_kv_int(j, "counted", er->counted);
	jsonw_kv_int(j, "met", er->met);
	jsonw_kv_int(j, "missed", er->missed);
	jsonw_kv_int(j, "empty", er->empty);
	jsonw_kv_int(j, "below_min_volume", er->below_min_volume);
	jsonw_kv_int(j, "no_value", er->no_value);
	jsonw_kv_string(j, "summary", er->summary);
	jsonw_key(j, "missed_sub_periods");
	jsonw_array_begin(j);
	for (size_t i = 0; i < er->sub_count; i++) {
		const struct each_sub *sub = &er->subs[i];

		if (!sub->counted || sub->met)
			continue;
		jsonw_object_begin(j);
		jsonw_kv_string(j, "start", sub->start);
		jsonw_kv_string(j, "end", sub->end);
		jsonw_kv_string(j, "value", sub->value);
		/* a percentage's own counts (12 of 15); other metrics: the
		 * exact ratio value = numerator / denominator */
		jsonw_kv_int(j, "numerator", pct ? sub->num / 100 : sub->num);
		jsonw_kv_int(j, "denominator", sub->den);
		jsonw_kv_int(j, "offered", sub->offered);
		jsonw_kv_string(j, "basis", sub->basis);
		jsonw_object_end(j);
	}
	jsonw_array_end(j);
	jsonw_object_end(j);
}

void evaluate_each_release(struct sla_result *res)
{
	if (!res->each)
		return;
	free(res->each->subs);
	free(res->each->sub_counts);
	free(res->each);
	res->each = NULL;
}

void evaluate_each_print_summary(const struct sla *s, FILE *fp)
{
	const struct sla_each *e = &s->each;
	char t[32];

	if (e->period == EACH_NONE)
		return;
	fprintf(fp, "    each %s", each_period_name(e->period));
	if (e->period == EACH_INTERVAL)
		fprintf(fp, " of %d local minutes", e->interval_min);
	fprintf(fp, ": %s %s in each %s (min_volume per %s); month ", metric_name(s->metric),
	        target_format(&s->target, t, sizeof t), each_unit_name(e->period, e->interval_min, 0),
	        each_unit_name(e->period, e->interval_min, 0));
	if (e->has_allowed_misses) {
		fprintf(fp, "met when at most %lld counted %s miss\n", (long long)e->allowed_misses,
		        each_unit_name(e->period, e->interval_min, 1));
		return;
	}
	fprintf(fp, "compliance %s", target_format(&e->compliance, t, sizeof t));
	if (e->has_compliance_minimum)
		fprintf(fp, ", minimum %s", target_format(&e->compliance_minimum, t, sizeof t));
	fputc('\n', fp);
}

void evaluate_each_missed_rows(const struct sla_result *res, each_row_fn fn, void *ctx)
{
	const struct each_result *er = res->each;

	for (size_t i = 0; er && i < er->sub_count; i++)
		if (er->subs[i].counted && !er->subs[i].met)
			fn(ctx, res->sla->id, er->subs[i].start, metric_name(res->sla->metric), er->subs[i].value,
			   metric_unit(res->sla->metric), er->sub_target, &er->sub_counts[i]);
}
