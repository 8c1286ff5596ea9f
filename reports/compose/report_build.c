/* report_build.c -- fills the report model of one client's month from the
 * evaluation, the overview measurements and the ingest registry, and
 * writes the report directory (report_build.h). Strings the model points
 * to live in rb (fixed fields) or in its string pool. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contracts/money.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/strpool.h"
#include "core/timefmt.h"
#include "metrics/availability.h"
#include "metrics/complaint.h"
#include "evidence.h"
#include "export.h"
#include "numfmt.h"
#include "render.h"
#include "report_html.h"
#include "report_build.h"

#ifndef CCSLA_VERSION
#define CCSLA_VERSION "unknown"
#endif

static const char *const MONTHS[] = { "January", "February", "March", "April", "May", "June", "July",
	                              "August", "September", "October", "November", "December" };

static enum report_verdict model_verdict(enum sla_verdict v)
{
	switch (v) {
	case VERDICT_MET: return REPORT_MET;
	case VERDICT_MISSED: return REPORT_MISSED;
	case VERDICT_DEFAULT: return REPORT_DEFAULT;
	case VERDICT_NOT_MEASURABLE: break;
	}
	return REPORT_NOT_MEASURABLE;
}

static const char *channels_text(struct report_build *rb, unsigned mask)
{
	char buf[256];
	size_t len = 0;
	int ch;

	if (!mask)
		return "all";
	buf[0] = '\0';
	for (ch = 0; ch < CH_COUNT; ch++)
		if (mask & (1u << ch))
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "", channel_name(ch));
	return strpool_printf(&rb->pool, "%s", buf);
}

/* Appends to buf (size, *len) without running past the end. */
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

static int same_hours(const struct calendar *cal, int a, int b)
{
	return cal->range_count[a] == cal->range_count[b] &&
	       !memcmp(cal->hours[a], cal->hours[b], (size_t)cal->range_count[a] * sizeof cal->hours[a][0]);
}

/* The contract's service hours as a client reads them: "Mon-Fri
 * 08:00-18:00; Sat 09:00-13:00; Sun closed; holidays: 2026-10-03" (the
 * month's holidays only), or "around the clock". */
static const char *service_hours_text(struct report_build *rb)
{
	static const char *const wd[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	const struct calendar *cal = &rb->rq.contract->cal;
	char buf[512];
	size_t len = 0, h, holidays = 0;
	int a, b, k;

	buf[0] = '\0';
	if (!cal->has_hours) {
		append(buf, sizeof buf, &len, "around the clock");
	} else {
		for (a = 0; a < 7; a = b + 1) {
			for (b = a; b + 1 < 7 && same_hours(cal, a, b + 1); b++)
				;
			append(buf, sizeof buf, &len, "%s%s%s%s ", len ? "; " : "", wd[a], b > a ? "-" : "",
			       b > a ? wd[b] : "");
			if (!cal->range_count[a])
				append(buf, sizeof buf, &len, "closed");
			for (k = 0; k < cal->range_count[a]; k++) {
				const struct hours_range *r = &cal->hours[a][k];

				append(buf, sizeof buf, &len, "%s%02d:%02d-%02d:%02d", k ? ", " : "", r->from_min / 60,
				       r->from_min % 60, r->to_min / 60, r->to_min % 60);
			}
		}
	}
	for (h = 0; h < cal->holiday_count; h++) {
		int64_t day = cal->holidays[h];

		if (day < rb->first_day || day >= rb->first_day + (int64_t)rb->day_count)
			continue;
		append(buf, sizeof buf, &len, "%s%s", holidays++ ? ", " : "; holidays (closed): ",
		       rb->dates[day - rb->first_day]);
	}
	append(buf, sizeof buf, &len, " (%s)", tz_name(rb->rq.contract->zone));
	return strpool_printf(&rb->pool, "%s", buf);
}

/* The queues an SLA names, comma-separated. */
static const char *queues_text(struct report_build *rb, const struct sla *s)
{
	char buf[512];
	size_t len = 0, i;

	buf[0] = '\0';
	for (i = 0; i < s->queue_count; i++)
		append(buf, sizeof buf, &len, "%s%s", i ? ", " : "", s->queues[i]);
	return strpool_printf(&rb->pool, "%s", buf);
}

/* "2026-10-14 10:00 +02:00": an instant in the contract's zone. */
static const char *local_text(struct report_build *rb, int64_t t_ms)
{
	struct local_time lt;
	int32_t off;

	tz_to_local(rb->rq.contract->zone, t_ms, &lt);
	off = lt.offset_s < 0 ? -lt.offset_s : lt.offset_s;
	return strpool_printf(&rb->pool, "%04d-%02d-%02d %02d:%02d %c%02d:%02d", lt.year, lt.month, lt.day, lt.hour, lt.minute,
	            lt.offset_s < 0 ? '-' : '+', (int)(off / 3600), (int)(off / 60 % 60));
}

#define KV(arr, n, k, ...) ((arr)[n].name = (k), (arr)[n].value = strpool_printf(&rb->pool, __VA_ARGS__), (n)++)

/* Channels whose contacts wait hours, not seconds: their durations read in
 * hours and minutes. */
#define WRITTEN_CHANNELS ((1u << CH_EMAIL) | (1u << CH_MESSAGING) | (1u << CH_SOCIAL) | (1u << CH_LETTER))

const char *metric_words(enum metric_id m)
{
	/* the operations-log metrics (metrics.h: not enum cases) */
	if (m == METRIC_FORECAST_ACCURACY)
		return "forecast accuracy";
	if (m == METRIC_AVAILABILITY)
		return "availability";
	if (m == METRIC_QUALITY_SCORE)
		return "average quality score";
	if (m == METRIC_QUALITY_PASS)
		return "share of evaluations passed";
	if (m == METRIC_CRITICAL_ERROR)
		return "share of evaluations with a critical error";
	if (m == METRIC_COMPLAINT_ACK)
		return "share of complaints acknowledged in time";
	if (m == METRIC_COMPLAINT_RESOLVED)
		return "share of complaints resolved in time";
	if (m == METRIC_REPORT_ON_TIME)
		return "delivery of the previous month's report";
	switch (m) {
	case METRIC_SERVICE_LEVEL: return "service level";
	case METRIC_ABANDON_RATE: return "abandon rate";
	case METRIC_ASA: return "average speed of answer";
	case METRIC_AVG_TIME_TO_ABANDON: return "average time to abandon";
	case METRIC_MAX_WAIT: return "longest wait";
	case METRIC_P50_WAIT: return "median wait";
	case METRIC_P90_WAIT: return "90th percentile wait";
	case METRIC_P95_WAIT: return "95th percentile wait";
	case METRIC_AHT: return "average handling time";
	case METRIC_AVG_TALK: return "average talk time";
	case METRIC_AVG_HOLD: return "average hold time";
	case METRIC_AVG_WRAP: return "average wrap-up time";
	case METRIC_TRANSFER_RATE: return "transfer rate";
	case METRIC_FCR: return "first contact resolution";
	case METRIC_CSAT_AVG: return "average satisfaction score";
	case METRIC_CSAT_TOP2: return "satisfied customers (score 4 or 5)";
	case METRIC_COMPLAINTS_PER_1000: return "complaints per 1,000 answered";
	case METRIC_COUNT: break;
	}
	return "value";
}

static const char *count_text(struct report_build *rb, int64_t n)
{
	char buf[NUMFMT_MAX];

	numfmt_count(n, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

/* The SLA's threshold in words: "20 seconds", "8 business hours". */
static void threshold_words(const struct sla *s, char *buf, size_t size)
{
	if (s->params.clock == CLOCK_SERVICE_HOURS && s->params.threshold_s >= 3600)
		numfmt_business_hours((double)s->params.threshold_s, buf, size);
	else if (s->params.clock == CLOCK_SERVICE_HOURS) {
		char w[NUMFMT_MAX];

		numfmt_seconds_words(s->params.threshold_s, w, sizeof w);
		snprintf(buf, size, "%s of service hours", w);
	} else
		numfmt_seconds_words(s->params.threshold_s, buf, size);
}

/* The month's numerator and denominator in words, from the evaluation's
 * "577 of 986 counted": "577 answered within 20 seconds of 986 counted". */
static const char *basis_words(struct report_build *rb, const struct sla_result *r, const char *thr)
{
	long long num, den, n_out;
	char a[NUMFMT_MAX], b[NUMFMT_MAX];

	if (sscanf(r->basis, "%lld of %lld", &num, &den) == 2 ||
	    sscanf(r->basis, "%lld abandoned of %lld", &num, &den) == 2) {
		numfmt_count(num, a, sizeof a);
		numfmt_count(den, b, sizeof b);
		switch (r->sla->metric) {
		case METRIC_SERVICE_LEVEL:
			return strpool_printf(&rb->pool, "%s answered within %s of %s counted", a, thr, b);
		case METRIC_ABANDON_RATE:
			return strpool_printf(&rb->pool, "%s abandoned of %s counted", a, b);
		case METRIC_FCR:
			return strpool_printf(&rb->pool, "%s resolved at first contact of %s answered", a, b);
		case METRIC_CSAT_TOP2:
			return strpool_printf(&rb->pool, "%s scores of 4 or 5 of %s responses", a, b);
		case METRIC_TRANSFER_RATE:
			return strpool_printf(&rb->pool, "%s transferred of %s answered", a, b);
		default:
			break;
		}
	}
	if (r->sla->metric == METRIC_AVAILABILITY &&
	    sscanf(r->basis, "%lld s out of %lld s, %lld outage", &num, &den, &n_out) == 3) {
		char wa[NUMFMT_MAX], wb[NUMFMT_MAX];

		/* the seconds stay beside the words: results.json's basis holds them */
		numfmt_seconds_words(num, wa, sizeof wa);
		numfmt_seconds_words(den, wb, sizeof wb);
		numfmt_count(num, a, sizeof a);
		numfmt_count(den, b, sizeof b);
		return strpool_printf(&rb->pool, "%s (%s s) of impact-weighted outage in %s (%s s) of service hours, "
		                      "%lld outage%s", wa, a, wb, b, n_out, n_out == 1 ? "" : "s");
	}
	return r->basis[0] ? r->basis : NULL;
}

/* "2026-10-06 10:30+02:00" (an interval), "2026-10-06" (a day), "week of
 * 2026-10-05" (a week): a sub-period's local start as a person reads it. */
static const char *sub_when(struct report_build *rb, const struct each_result *er, const struct each_sub *sub)
{
	const char *w;
	char *t;

	if (er->period == EACH_DAY)
		return strpool_printf(&rb->pool, "%.10s", sub->start);
	if (er->period == EACH_WEEK)
		return strpool_printf(&rb->pool, "week of %.10s", sub->start);
	w = strpool_printf(&rb->pool, "%s", sub->start);
	if (w && (t = strchr(w, 'T')))
		*t = ' ';
	return w;
}

/* A missed sub-period's local start and end for the full list: an
 * interval "2026-10-06 10:00+02:00" to "10:30" (the end's offset only when
 * it differs: the hour clocks change in), a day its date alone, a week its
 * first and last day. */
static int missed_row(struct report_build *rb, const struct each_result *er, const struct each_sub *sub,
                      struct report_missed *out)
{
	out->value = sub->value;
	out->basis = sub->basis;
	out->end = NULL;
	if (er->period == EACH_DAY) {
		out->start = strpool_printf(&rb->pool, "%.10s", sub->start);
		return out->start ? 0 : -1;
	}
	if (er->period == EACH_WEEK) {
		int y, mo, d;

		/* the week's last local day: the day before its end's local date */
		days_to_civil(civil_to_days(atoi(sub->end), atoi(sub->end + 5), atoi(sub->end + 8)) - 1, &y, &mo, &d);
		out->start = strpool_printf(&rb->pool, "%.10s", sub->start);
		out->end = strpool_printf(&rb->pool, "%04d-%02d-%02d", y, mo, d);
		return out->start && out->end ? 0 : -1;
	}
	out->start = strpool_printf(&rb->pool, "%.10s %s", sub->start, sub->start + 11);
	/* "...T10:30+02:00": the time from 11, the offset from 16 */
	if (strlen(sub->end) >= 22 && strlen(sub->start) >= 22 && !strcmp(sub->end + 16, sub->start + 16))
		out->end = strpool_printf(&rb->pool, "%.5s", sub->end + 11);
	else
		out->end = strpool_printf(&rb->pool, "%s", sub->end + (strlen(sub->end) > 11 ? 11 : 0));
	return out->start && out->end ? 0 : -1;
}

/* An each: SLA: the compliance in words and its worst missed sub-periods
 * (by the SLA's own metric, worst first, ties in time order). */
static int fill_each(struct report_build *rb, struct report_sla *out, const struct sla_result *r)
{
	const struct each_result *er = r->each;
	int higher = metric_higher_is_better(r->sla->metric);
	struct report_worst *missed;
	struct report_missed *all;
	size_t pick[REPORT_MISSED_MAX], n = 0, i, k;

	out->each_summary = er->summary;
	out->basis = er->summary;
	out->each_target = er->sub_target;
	out->each_unit = metric_unit(r->sla->metric);
	out->each_units = each_unit_name(er->period, er->interval_min, 1);
	out->each_unit_one = each_unit_name(er->period, er->interval_min, 0);
	out->missed_total = er->missed;
	/* selection of the worst REPORT_MISSED_MAX: a pass per place */
	while (n < REPORT_MISSED_MAX) {
		size_t best = (size_t)-1;

		for (i = 0; i < er->sub_count; i++) {
			const struct each_sub *x = &er->subs[i];
			int taken = 0;

			if (!x->counted || x->met)
				continue;
			for (k = 0; k < n; k++)
				taken |= pick[k] == i;
			if (taken)
				continue;
			if (best == (size_t)-1) {
				best = i;
			} else {
				struct ratio a = { x->num, x->den }, b = { er->subs[best].num, er->subs[best].den };
				int c = ratio_cmp(&a, &b);

				if (higher ? c < 0 : c > 0)
					best = i;
			}
		}
		if (best == (size_t)-1)
			break;
		pick[n++] = best;
	}
	if (!(missed = strpool_alloc(&rb->pool, (n + 1) * sizeof *missed)))
		return -1;
	for (k = 0; k < n; k++) {
		const struct each_sub *x = &er->subs[pick[k]];

		if (!(missed[k].when = sub_when(rb, er, x)))
			return -1;
		missed[k].value = x->value;
		missed[k].basis = x->basis;
		missed[k].offered = x->offered;
	}
	out->missed = missed;
	out->n_missed = n;
	/* and every one of them, in time order */
	out->allowed_misses = er->allowed_misses;
	if (!(out->missed_all = all = strpool_alloc(&rb->pool, ((size_t)er->missed + 1) * sizeof *all)))
		return -1;
	for (i = 0, k = 0; i < er->sub_count && k < (size_t)er->missed; i++)
		if (er->subs[i].counted && !er->subs[i].met && missed_row(rb, er, &er->subs[i], &all[k++]) < 0)
			return -1;
	return 0;
}

static int fill_sla(struct report_build *rb, struct report_sla *out, const struct sla_result *r)
{
	const struct sla *s = r->sla;
	struct report_kv *kv;
	struct report_day *days;
	struct report_month *hist;
	struct report_worst *worst;
	size_t n = 0, d, k;
	enum metric_id m;
	int sl, ab, waits;
	char thr[NUMFMT_MAX];

	out->id = s->id;
	out->title = s->title;
	out->metric = r->metric;
	out->channels = channels_text(rb, s->filter.channels);
	out->kind = s->owed_by_client ? "client-owed" : s->critical ? "critical" : "key";
	out->owed_by_client = s->owed_by_client;
	out->unit = r->unit;
	out->target = r->target;
	out->minimum = r->minimum[0] ? r->minimum : NULL;
	out->value = r->value;
	out->verdict = model_verdict(r->verdict);
	out->verdict_note = r->reason[0] ? r->reason : NULL;

	out->metric_label = metric_words(s->metric);
	out->written = s->filter.channels && !(s->filter.channels & ~WRITTEN_CHANNELS);
	m = s->metric;
	sl = m == METRIC_SERVICE_LEVEL;
	ab = m == METRIC_ABANDON_RATE;
	waits = sl || m == METRIC_ASA || m == METRIC_MAX_WAIT || m == METRIC_P50_WAIT ||
	        m == METRIC_P90_WAIT || m == METRIC_P95_WAIT;
	out->business_clock = waits && s->params.clock == CLOCK_SERVICE_HOURS;
	threshold_words(s, thr, sizeof thr);
	out->basis = basis_words(rb, r, thr);

	if (!(kv = strpool_alloc(&rb->pool, 16 * sizeof *kv)))
		return -1;
	/* only the parameters that the contract sets or that act on this
	 * metric (an ASA has no threshold; an abandon rate uses T only to age
	 * open contacts, so an unset T there shows only when some are open) */
	if (sl)
		KV(kv, n, "answered within", "%s", thr);
	else if (ab && (s->threshold_set || r->total.open > 0))
		KV(kv, n, "open contacts", "count as abandoned after %s", thr);
	if (sl || ab || m == METRIC_AVG_TIME_TO_ABANDON) {
		if (s->params.short_abandon_s) {
			char w[NUMFMT_MAX];

			numfmt_seconds_words(s->params.short_abandon_s, w, sizeof w);
			KV(kv, n, "short abandons", "abandons within %s ignored", w);
		} else
			KV(kv, n, "short abandons", "none: every abandon counts");
	}
	if (sl)
		KV(kv, n, "abandoned contacts", "%s", s->params.abandons == ABANDONS_IGNORE ? "left out of the count"
		   : s->params.abandons == ABANDONS_FAVOUR ? "within the threshold: count as answered in time"
		                                          : "count as not answered in time");
	if (sl || ab) {
		KV(kv, n, "callbacks", "%s", s->params.callbacks == COUNT_AGAINST ? "count as not answered in time"
		                                                               : "left out of the count");
		KV(kv, n, "overflow", "%s", s->params.overflow == COUNT_AGAINST
		   ? "counts as not answered in time" : "left out of the count");
	}
	if (waits)
		KV(kv, n, "waits measured", "%s", s->params.clock == CLOCK_SERVICE_HOURS
		   ? "inside service hours only" : "in elapsed time");
	/* all hours, the default, removes nothing: said only when the contract says it */
	if (s->filter.service_hours_only || s->service_hours_only_set)
		KV(kv, n, "contacts counted", "%s", s->filter.service_hours_only ? "arriving in service hours"
		                                                                 : "at any hour");
	if (((waits || ab) && s->params.clock == CLOCK_SERVICE_HOURS) || s->filter.service_hours_only)
		KV(kv, n, "service hours", "the contract's (see Method)");
	if (s->min_volume_set || s->min_volume > 0) {
		char v[NUMFMT_MAX];

		numfmt_count(s->min_volume, v, sizeof v);
		KV(kv, n, "minimum volume", "%s %s", v,
		   metric_is_complaint(m)          ? "cases"
		   : metric_is_opslog(m) && m != METRIC_FORECAST_ACCURACY ? "evaluations"
		                                                         : "offered");
	}
	KV(kv, n, "comparison", "%s", s->exact ? "exact" : "rounded to the printed decimals");
	if (s->queue_count) {
		const char *q = queues_text(rb, s);

		/* the table has one line per value; a long list is in Method */
		if (strlen(q) <= 40)
			KV(kv, n, "queues", "%s", q);
		else
			KV(kv, n, "queues", "%zu named (see Method)", s->queue_count);
	}
	if (m == METRIC_AVAILABILITY) {
		static const char *const who[CAUSE_COUNT] = {
			[CAUSE_CCC] = "the contact centre", [CAUSE_CLIENT] = "the client",
			[CAUSE_THIRD_PARTY] = "third parties", [CAUSE_FORCE_MAJEURE] = "force majeure",
		};
		char causes[128];
		size_t len = 0;

		causes[0] = '\0';
		for (k = 0; k < CAUSE_COUNT; k++)
			if (s->causes & 1u << k)
				append(causes, sizeof causes, &len, "%s%s", len ? ", " : "", who[k]);
		KV(kv, n, "outages counted", "caused by %s", len ? causes : "none");
	}
	if (metric_is_complaint(m)) {
		/* short: the parameters table has one line per value; Method has the rules */
		static const char *const who[CAUSED_COUNT] = { "centre", "client", "not known" };
		char within[48], causes[96];
		size_t len = 0;

		complaint_deadline_text(&s->within, within, sizeof within);
		KV(kv, n, "deadline", "%s (Method)", within);
		causes[0] = '\0';
		for (k = 0; k < CAUSED_COUNT; k++)
			if (s->caused_by & 1u << k)
				append(causes, sizeof causes, &len, "%s%s", len ? ", " : "", who[k]);
		KV(kv, n, "caused by", "%s", len ? causes : "none");
	}
	if (m == METRIC_QUALITY_PASS && rb->model.quality_pass_score) /* fill_cover() sets it */
		KV(kv, n, "pass score", "%s points (when the scheme left an evaluation undecided)",
		   rb->model.quality_pass_score);
	if (m == METRIC_FCR && s->params.fcr == FCR_REPEAT)
		KV(kv, n, "resolved when", "no repeat contact within %d days", (int)s->params.fcr_window_days);
	else if (m == METRIC_FCR)
		KV(kv, n, "resolved when", "the agent recorded it");
	out->params = kv;
	out->n_params = n;

	if (!(kv = strpool_alloc(&rb->pool, 12 * sizeof *kv)))
		return -1;
	n = 0;
	KV(kv, n, "offered", "%s", count_text(rb, r->total.offered));
	KV(kv, n, "answered", "%s", count_text(rb, r->total.answered));
	if (sl)
		KV(kv, n, "answered in time", "%s", count_text(rb, r->total.answered_within));
	KV(kv, n, "abandoned", "%s", count_text(rb, r->total.abandoned));
	if (sl || ab || m == METRIC_AVG_TIME_TO_ABANDON)
		KV(kv, n, "short abandons (ignored)", "%s", count_text(rb, r->total.short_abandoned));
	if (sl || ab) {
		KV(kv, n, "callbacks", "%s", count_text(rb, r->total.callback));
		KV(kv, n, "overflow", "%s", count_text(rb, r->total.overflow));
	}
	KV(kv, n, "still open at the data cut-off", "%s", count_text(rb, r->total.open));
	if (m == METRIC_CSAT_AVG || m == METRIC_CSAT_TOP2)
		KV(kv, n, "survey responses", "%s", count_text(rb, r->total.csat_responses));
	if (m == METRIC_FCR) {
		KV(kv, n, "answered (FCR base)", "%s", count_text(rb, r->total.fcr_base));
		KV(kv, n, "resolved", "%s", count_text(rb, r->total.fcr_resolved));
		if (s->params.fcr == FCR_REPEAT)
			/* their window reaches past the data: resolved until a repeat shows (Method) */
			KV(kv, n, "provisional (window still open)", "%s", count_text(rb, r->fcr_provisional));
	}
	KV(kv, n, "excluded (agreed windows)", "%s", count_text(rb, r->total.excluded));
	out->counts = kv;
	out->n_counts = n;
	if ((out->from_opslog = metric_is_opslog(m)))
		out->n_counts = 0; /* the contacts' counts are all zero there: not shown */

	if (!(days = strpool_alloc(&rb->pool, (r->day_count + 1) * sizeof *days)))
		return -1;
	for (d = 0; d < r->day_count && d < rb->day_count; d++) {
		days[d].date = rb->dates[d];
		days[d].value = r->daily[d];
		days[d].offered = r->daily_counts[d].offered;
	}
	out->days = days;
	out->n_days = d;

	/* ledger months, oldest first; months the ledger lacks are left out */
	if (!(hist = strpool_alloc(&rb->pool, EVAL_HISTORY * sizeof *hist)))
		return -1;
	n = 0;
	for (k = EVAL_HISTORY; k-- > 0;) {
		if (!r->history[k][0])
			continue;
		hist[n].period = strpool_printf(&rb->pool, "%04d-%02d", rb->ev.history_months[k][0] % 10000,
		                      rb->ev.history_months[k][1] % 100);
		hist[n++].value = r->history[k];
	}
	out->history = hist;
	out->n_history = n;

	if (!(worst = strpool_alloc(&rb->pool, (r->worst_count + 1) * sizeof *worst)))
		return -1;
	for (k = 0; k < r->worst_count; k++) {
		char *t;

		/* "2026-10-26 11:30+01:00": a half-hour reads as a local time */
		worst[k].when = strpool_printf(&rb->pool, "%s", r->worst[k].when);
		if (!worst[k].when)
			return -1;
		if ((t = strchr(worst[k].when, 'T')))
			*t = ' ';
		worst[k].value = r->worst[k].value;
		worst[k].basis = r->worst[k].basis;
		worst[k].offered = r->worst[k].offered;
	}
	out->worst = worst;
	out->n_worst = r->worst_count;
	out->n_worst_intervals = r->worst_interval_count;
	out->worst_min_volume = r->worst_min_volume;
	return r->each ? fill_each(rb, out, r) : 0;
}

/* "within 0:10", "0:10 to 0:20", "over 1:20": a bucket of edges in seconds. */
static const char *bucket_label(struct report_build *rb, const int64_t *edges, int k, int written)
{
	char a[NUMFMT_MAX], b[NUMFMT_MAX];

	if (k < OVERVIEW_BUCKETS - 1)
		numfmt_duration_text(strpool_printf(&rb->pool, "%lld", (long long)edges[k]), written, b, sizeof b);
	if (k > 0)
		numfmt_duration_text(strpool_printf(&rb->pool, "%lld", (long long)edges[k - 1]), written, a, sizeof a);
	if (k == 0)
		return strpool_printf(&rb->pool, "within %s", b);
	if (k == OVERVIEW_BUCKETS - 1)
		return strpool_printf(&rb->pool, "over %s", a);
	return strpool_printf(&rb->pool, "%s to %s", a, b);
}

static int profile_kv(struct report_build *rb, const int64_t *edges, const int64_t *counts, int written,
                      const struct report_kv **out, size_t *n)
{
	struct report_kv *kv = strpool_alloc(&rb->pool, OVERVIEW_BUCKETS * sizeof *kv);
	int k;

	if (!kv)
		return -1;
	for (k = 0; k < OVERVIEW_BUCKETS; k++) {
		kv[k].name = bucket_label(rb, edges, k, written);
		kv[k].value = count_text(rb, counts[k]);
		if (!kv[k].name || !kv[k].value)
			return -1;
	}
	*out = kv;
	*n = OVERVIEW_BUCKETS;
	return 0;
}

static int fill_profiles(struct report_build *rb, struct report_channel *out, const struct overview_channel *oc)
{
	static const int64_t abandon_edges[OVERVIEW_BUCKETS - 1] = OVERVIEW_ABANDON_EDGES_S;
	static const int64_t backlog_edges[OVERVIEW_BUCKETS - 1] = OVERVIEW_BACKLOG_EDGES_S;
	int64_t t = oc->threshold_s > 0 ? oc->threshold_s : 20;
	const int64_t wait_edges[OVERVIEW_BUCKETS - 1] = { t / 2, t, 2 * t, 4 * t };
	int64_t open = 0;
	int k;

	if (profile_kv(rb, wait_edges, oc->waits, out->written, &out->waits, &out->n_waits) < 0 ||
	    profile_kv(rb, abandon_edges, oc->abandons, 0, &out->abandons, &out->n_abandons) < 0)
		return -1;
	for (k = 0; k < OVERVIEW_BUCKETS; k++)
		open += oc->backlog[k];
	/* the backlog of written channels, and of any channel with contacts open */
	if ((out->written || open) &&
	    profile_kv(rb, backlog_edges, oc->backlog, 1, &out->backlog, &out->n_backlog) < 0)
		return -1;
	return 0;
}

static int fill_channels(struct report_build *rb)
{
	struct report_channel *chs;
	size_t i, d;

	if (!(chs = strpool_alloc(&rb->pool, (rb->channel_count + 1) * sizeof *chs)))
		return -1;
	for (i = 0; i < rb->channel_count; i++) {
		const struct overview_channel *oc = &rb->channels[i];
		struct report_channel_day *days = strpool_alloc(&rb->pool, (oc->day_count + 1) * sizeof *days);

		if (!days)
			return -1;
		for (d = 0; d <= oc->day_count; d++) {
			const struct overview_figures *f = d < oc->day_count ? &oc->days[d] : &oc->month;
			struct report_channel_day *cd = d < oc->day_count ? &days[d] : &chs[i].total;

			cd->date = d < oc->day_count ? rb->dates[d] : "month";
			cd->offered = f->counts.offered;
			cd->answered = f->counts.answered;
			cd->abandoned = f->counts.abandoned;
			cd->service_level = f->service_level;
			cd->asa_s = f->asa_s;
			cd->p90_wait_s = f->p90_wait_s;
			cd->aht_s = f->aht_s;
		}
		chs[i].name = oc->label;
		chs[i].days = days;
		chs[i].n_days = oc->day_count;
		chs[i].heat = oc->has_heat ? (const signed char (*)[REPORT_HEAT_SLOTS])oc->heat : NULL;
		chs[i].heat_folded = oc->has_heat && oc->heat_folded;
		chs[i].talk_s = oc->talk_s;
		chs[i].hold_s = oc->hold_s;
		chs[i].wrap_s = oc->wrap_s;
		chs[i].transfer_pct = oc->transfer_pct;
		chs[i].written = channel_is_written(oc->channel);
		if (fill_profiles(rb, &chs[i], oc) < 0)
			return -1;
	}
	rb->model.channels = chs;
	rb->model.n_channels = rb->channel_count;
	return 0;
}

/* The intervals relief: [forecast] left out (contracts/evaluate_forecast.c),
 * and in words which SLAs have relief and the days without a forecast. */
static int fill_reliefs(struct report_build *rb)
{
	struct report_relief *rl;
	size_t n = 0, k, i;
	char note[1024];
	size_t len = 0;

	for (k = 0; k < rb->ev.result_count; k++)
		n += rb->ev.results[k].relief_count;
	if (!(rl = strpool_alloc(&rb->pool, (n + 1) * sizeof *rl)))
		return -1;
	n = 0;
	note[0] = '\0';
	for (k = 0; k < rb->ev.result_count; k++) {
		const struct sla_result *r = &rb->ev.results[k];

		if (!r->sla->relief_forecast)
			continue;
		for (i = 0; i < r->relief_count; i++, n++) {
			rl[n].sla_id = r->sla->id;
			rl[n].start = strpool_printf(&rb->pool, "%s", r->relief[i].when);
			rl[n].actual = r->relief[i].actual;
			rl[n].forecast = strpool_printf(&rb->pool, "%s", r->relief[i].forecast);
			rl[n].excess = strpool_printf(&rb->pool, "%s", r->relief[i].excess);
			rl[n].removed = r->relief[i].removed;
		}
		if (len < sizeof note)
			len += (size_t)snprintf(note + len, sizeof note - len, "%s%s: %zu interval%s over the forecast by more "
			                        "than %s %%, %lld contacts left out", len ? "; " : "", r->sla->id,
			                        r->relief_count, r->relief_count == 1 ? "" : "s",
			                        strpool_printf(&rb->pool, "%lld.%02lld",
			                                       (long long)(rb->rq.contract->forecast.tolerance_bp / 100),
			                                       (long long)(rb->rq.contract->forecast.tolerance_bp % 100)),
			                        (long long)r->relief_removed);
		for (i = 0; i < r->relief_no_forecast_count && len < sizeof note; i++)
			len += (size_t)snprintf(note + len, sizeof note - len, "%s%s", i ? ", " : "; no forecast (nothing "
			                        "relieved) on ", r->relief_no_forecast[i]);
	}
	rb->model.reliefs = rl;
	rb->model.n_reliefs = n;
	rb->model.relief_note = note[0] ? strpool_printf(&rb->pool, "%s", note) : NULL;
	return 0;
}

static int fill_exclusions(struct report_build *rb)
{
	const struct calendar *cal = &rb->rq.contract->cal;
	struct report_exclusion *ex;
	int64_t from = tz_local_day_start(rb->rq.contract->zone, rb->first_day);
	int64_t to = tz_local_day_start(rb->rq.contract->zone, rb->first_day + (int64_t)rb->day_count);
	size_t i, n = 0;

	if (!(ex = strpool_alloc(&rb->pool, (cal->exclusion_count + 1) * sizeof *ex)))
		return -1;
	for (i = 0; i < cal->exclusion_count; i++) {
		const struct exclusion *e = &cal->exclusions[i];

		if (e->to_ms <= from || e->from_ms >= to)
			continue; /* another month's window */
		ex[n].from = local_text(rb, e->from_ms);
		ex[n].to = local_text(rb, e->to_ms);
		ex[n].reason = e->reason;
		ex[n].note = e->note;
		ex[n].approved_by = e->approved_by;
		ex[n].removed = rb->ev.exclusion_removed ? rb->ev.exclusion_removed[i] : 0;
		{
			int64_t *per = strpool_alloc(&rb->pool, (rb->ev.result_count + 1) * sizeof *per);
			size_t k;

			if (!per)
				return -1;
			for (k = 0; k < rb->ev.result_count; k++)
				per[k] = rb->ev.results[k].excluded_by_window ? rb->ev.results[k].excluded_by_window[i] : 0;
			ex[n].removed_per_sla = per;
		}
		n++;
	}
	rb->model.exclusions = ex;
	rb->model.n_exclusions = n;
	return fill_reliefs(rb);
}

static const char *money(struct report_build *rb, int64_t minor)
{
	char buf[64];

	money_format(minor, rb->rq.contract->minor_units, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

/* How the statement's figures come about, with the contract's numbers, so
 * that finance can recompute each line (contracts.md "Credits"). */
/* An amount for people: "EUR 400,000.00". */
static const char *money_words(struct report_build *rb, int64_t minor)
{
	char buf[NUMFMT_MAX];

	numfmt_amount(minor, rb->rq.contract->currency, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

static const char *credits_basis(struct report_build *rb, const struct credit_statement *st)
{
	const struct credit_terms *t = &rb->rq.contract->credits;
		char pct[32], per[32], rep[32], share[32];

	if (t->model == CREDIT_AT_RISK) {
		decimal_format(t->at_risk_e6, 4, 2, pct, sizeof pct);
		decimal_format(t->repeat_multiplier_e6, 6, 2, rep, sizeof rep);
		decimal_format(t->earn_back_share_e6, 4, 2, share, sizeof share);
		return strpool_printf(&rb->pool,
		    "At-risk model: %s %% of the monthly charges of %s is at risk, %s. A critical SLA in default "
		    "(below its minimum, or its target missed for the %d%s time in 12 months) credits its allocation of "
		    "that amount, times %s when the same SLA was in default the month before (multiplier); an SLA that is met, "
		    "missed without default or not measurable credits nothing. The month's credits are capped at the "
		    "at-risk amount; when the cap applies each line is reduced in proportion ('Before cap' shows the "
		    "uncapped line). %s",
		    pct, money_words(rb, t->monthly_charges_minor), money_words(rb, st->cap_minor), t->expected_defaults,
		    t->expected_defaults == 1 ? "st" : t->expected_defaults == 2 ? "nd" : t->expected_defaults == 3 ? "rd" : "th",
		    rep,
		    t->earn_back_months ? strpool_printf(&rb->pool, "Earn-back: %s %% of a default's credit comes back "
		                                         "after the target is met in each of the next %d months.",
		                                         share, t->earn_back_months)
		                        : "No earn-back.");
	}
	decimal_format(t->pct_per_point_e6, 4, 2, per, sizeof per);
	decimal_format(t->cap_e6, 4, 2, pct, sizeof pct);
	return strpool_printf(&rb->pool,
	    "Linear model: each critical SLA below its target credits %s %% of the monthly charges of %s per "
	    "point (percentage point or second) below the target, to the printed decimals; the month's credits "
	    "are capped at %s %% of the charges, %s; when the cap applies each line is reduced in proportion "
	    "('Before cap' shows the uncapped line).",
	    per, money_words(rb, t->monthly_charges_minor), pct, money_words(rb, st->cap_minor));
}

static int fill_credits(struct report_build *rb)
{
	const struct credit_statement *st = &rb->ev.credits;
	const int at_risk = rb->rq.contract->credits.model == CREDIT_AT_RISK;
	struct report_credit_line *lines;
	struct report_earn_back *eb;
	size_t i, k = 0;
	char buf[64];

	if (!(lines = strpool_alloc(&rb->pool, (st->line_count + 1) * sizeof *lines)) ||
	    !(eb = strpool_alloc(&rb->pool, (st->earn_back_count + 1) * sizeof *eb)))
		return -1;
	for (i = 0; i < rb->ev.result_count && k < st->line_count; i++) {
		const struct sla_result *r = &rb->ev.results[i];
		const struct credit_line *l;

		if (!r->sla->critical)
			continue;
		l = &st->lines[k];
		lines[k].sla_id = l->sla_id;
		lines[k].measured = r->value;
		lines[k].status = sla_verdict_name(r->verdict);
		if (at_risk) {
			decimal_format(l->allocation_e6, 4, 2, buf, sizeof buf);
			lines[k].allocation_pct = strpool_printf(&rb->pool, "%s", buf);
		} else
			lines[k].allocation_pct = "";
		decimal_format(l->multiplier_e6, 6, 2, buf, sizeof buf);
		lines[k].multiplier = strpool_printf(&rb->pool, "%s", buf);
		lines[k].target = r->minimum[0] ? strpool_printf(&rb->pool, "%s (min %s)", r->target, r->minimum)
		                                : r->target;
		lines[k].uncapped = money(rb, l->uncapped_minor);
		lines[k].amount = money(rb, l->final_minor);
		lines[k].note = l->note;
		k++;
	}
	for (i = 0; i < st->earn_back_count; i++) {
		eb[i].sla_id = st->earn_backs[i].sla_id;
		eb[i].refers_to = strpool_printf(&rb->pool, "%04d-%02d", st->earn_backs[i].orig_year % 10000,
		                       st->earn_backs[i].orig_month % 100);
		eb[i].amount = money(rb, st->earn_backs[i].amount_minor);
	}
	rb->model.currency = rb->rq.contract->currency;
	rb->model.credits = lines;
	rb->model.n_credits = k;
	rb->model.earn_backs = eb;
	rb->model.n_earn_backs = st->earn_back_count;
	rb->model.credits_uncapped = money(rb, st->uncapped_total_minor);
	rb->model.credits_cap = money(rb, st->cap_minor);
	rb->model.credits_final = money(rb, st->net_total_minor);
	rb->model.credits_basis = credits_basis(rb, st);
	return 0;
}

/* Whether the input file with this index holds this client's records of
 * the month: contacts the report counts, or operations-log rows attached. */
static int file_used(const struct report_build *rb, uint32_t index)
{
	return index <= rb->reg.count && (rb->file_rows[index] || (rb->ops_rows && rb->ops_rows[index]));
}

/* The whole-file reconciliation totals of the input files this client's
 * month came from (the lineage's last row; page 1's completeness). */
static void fill_lineage_totals(struct report_build *rb)
{
	for (size_t i = 0; i < rb->reg.count; i++) {
		const struct registry_entry *e = &rb->reg.entries[i];

		if (!file_used(rb, e->index))
			continue;
		rb->model.rows_read += e->rows_read;
		rb->model.rows_accepted += e->accepted;
		rb->model.rows_quarantined += e->quarantined;
		rb->model.rows_duplicates += e->duplicates;
	}
}

/* Lineage: the input files this client's month came from, their whole-file
 * reconciliation and quarantine reasons (registry.h). */
static int fill_lineage(struct report_build *rb)
{
	struct report_input *in;
	struct report_reason *reasons;
	size_t i, k, n = 0, nr = 0, max_r = 0;

	for (i = 0; i < rb->reg.count; i++)
		max_r += rb->reg.entries[i].nreasons;
	if (!(in = strpool_alloc(&rb->pool, (rb->reg.count + 1) * sizeof *in)) ||
	    !(reasons = strpool_alloc(&rb->pool, (max_r + 1) * sizeof *reasons)))
		return -1;
	for (i = 0; i < rb->reg.count; i++) {
		const struct registry_entry *e = &rb->reg.entries[i];

		if (!file_used(rb, e->index))
			continue;
		in[n].name = e->name;
		in[n].log = rb->ops_log && rb->ops_log[e->index] ? rb->ops_log[e->index] : "interactions";
		in[n].sha256 = e->sha256;
		in[n].rows = e->rows_read;
		in[n].accepted = e->accepted;
		in[n].quarantined = e->quarantined;
		in[n].duplicates = e->duplicates;
		in[n].client_rows = rb->file_rows[e->index] + (rb->ops_rows ? rb->ops_rows[e->index] : 0);
		in[n].evidence_rows = rb->evidence_rows ? rb->evidence_rows[e->index] : 0;
		in[n].evidence_sha256 = rb->evidence_sha256 ? rb->evidence_sha256[e->index] : "";
		n++;
		for (k = 0; k < e->nreasons; k++) {
			size_t j;

			for (j = 0; j < nr && strcmp(reasons[j].reason, e->reasons[k].reason); j++)
				;
			if (j == nr) {
				reasons[nr].reason = e->reasons[k].reason;
				nr++;
			}
			reasons[j].count += e->reasons[k].count;
		}
	}
	rb->model.inputs = in;
	rb->model.n_inputs = n;
	rb->model.reasons = reasons;
	rb->model.n_reasons = nr;
	return 0;
}

/* The overview counts every offered contact of a channel; an SLA may count
 * only those arriving in service hours, so its service level differs: the
 * page says so (report.md section 5). */
static void fill_overview_note(struct report_build *rb)
{
	char buf[512];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < rb->ev.result_count; i++) {
		const struct sla *s = rb->ev.results[i].sla;

		if (s->metric == METRIC_SERVICE_LEVEL && s->filter.service_hours_only)
			append(buf, sizeof buf, &len, "%s%s", len ? ", " : "", s->id);
	}
	if (len)
		rb->model.overview_note = strpool_printf(&rb->pool,
		    "The overview counts every offered contact of the channel, at any hour; %s count%s only those "
		    "arriving in service hours, so %s service level differs from the overview's.", buf,
		    strchr(buf, ',') ? "" : "s", strchr(buf, ',') ? "their" : "its");
}

/* A draft lists only the days that have begun (report.md "Words and
 * numbers"): the days up to the one holding the data's cut-off. */
static void trim_to_days_begun(struct report_build *rb)
{
	struct report_model *m = &rb->model;
	int64_t last;
	size_t begun, i;

	if (rb->rq.status != REPORT_DRAFT)
		return;
	last = rb->watermark_ms == TIME_NONE ? rb->first_day - 1
	                                     : tz_local_days(rb->rq.contract->zone, rb->watermark_ms);
	begun = last < rb->first_day ? 0 : (size_t)(last - rb->first_day + 1);
	if (begun >= rb->day_count)
		return;
	for (i = 0; i < m->n_slas; i++) {
		struct report_sla *sl = (struct report_sla *)&m->slas[i];

		if (sl->n_days > begun)
			sl->n_days = begun;
	}
	for (i = 0; i < m->n_channels; i++) {
		struct report_channel *ch = (struct report_channel *)&m->channels[i];

		if (ch->n_days > begun)
			ch->n_days = begun;
	}
}

static void fill_cover(struct report_build *rb)
{
	const struct contract *c = rb->rq.contract;
	struct report_model *m = &rb->model;
	int ey, em, ed, uy, um, ud, wy, wm, wd;

	days_to_civil(c->effective_day, &ey, &em, &ed);
	if (c->until_day == CONTRACT_OPEN_END) { /* no 'until' and no later version */
		snprintf(rb->version, sizeof rb->version, "in force from %04d-%02d-%02d, open-ended", ey, em, ed);
	} else {
		days_to_civil(c->until_day, &uy, &um, &ud);
		snprintf(rb->version, sizeof rb->version, "in force %04d-%02d-%02d to %04d-%02d-%02d", ey, em, ed,
		         uy, um, ud);
	}
	if (rb->rq.status == REPORT_DRAFT && rb->watermark_ms != TIME_NONE) {
		days_to_civil(tz_local_days(c->zone, rb->watermark_ms), &wy, &wm, &wd);
		snprintf(rb->period_label, sizeof rb->period_label,
		         "%s %d, month to date (data up to %04d-%02d-%02d)", MONTHS[rb->rq.month - 1], rb->rq.year, wy,
		         wm, wd);
	} else {
		snprintf(rb->period_label, sizeof rb->period_label, "%s %d (1 to %zu %s, local days)",
		         MONTHS[rb->rq.month - 1], rb->rq.year, rb->day_count, MONTHS[rb->rq.month - 1]);
	}
	if (rb->rq.issue_date)
		snprintf(rb->issue_date, sizeof rb->issue_date, "%.10s", rb->rq.issue_date);
	else if (rb->rq.created_epoch_s >= 0) {
		days_to_civil(tz_local_days(c->zone, rb->rq.created_epoch_s * 1000), &wy, &wm, &wd);
		snprintf(rb->issue_date, sizeof rb->issue_date, "%04d-%02d-%02d", wy, wm, wd);
	}
	if (rb->rq.created_epoch_s >= 0)
		rfc3339_format_utc(rb->rq.created_epoch_s * 1000, rb->generated_at, sizeof rb->generated_at);
	if (rb->watermark_ms != TIME_NONE)
		rfc3339_format_utc(rb->watermark_ms, rb->watermark, sizeof rb->watermark);
	else
		snprintf(rb->watermark, sizeof rb->watermark, "no data for this client");
	snprintf(rb->software, sizeof rb->software, "ccsla %s", CCSLA_VERSION);
	m->client_id = c->client;
	m->client_name = c->client_name[0] ? c->client_name : c->client;
	m->ccc_name = c->ccc_name;
	m->contract_id = c->id;
	m->contract_version = rb->version;
	m->period = rb->ev.period;
	m->period_label = rb->period_label;
	m->timezone = c->timezone;
	m->service_hours = service_hours_text(rb);
	if (c->quality_pass_score_cents >= 0) { /* 8500 -> "85", 7250 -> "72.5", 7255 -> "72.55" */
		long long ps = c->quality_pass_score_cents;

		m->quality_pass_score = ps % 10 ? strpool_printf(&rb->pool, "%lld.%02lld", ps / 100, ps % 100)
		                      : ps % 100 ? strpool_printf(&rb->pool, "%lld.%lld", ps / 100, ps % 100 / 10)
		                                 : strpool_printf(&rb->pool, "%lld", ps / 100);
	}
	m->status = rb->rq.status;
	m->revision = rb->rq.revision;
	m->revision_reason = rb->rq.revision_reason;
	m->supersedes = rb->rq.supersedes;
	m->report_id = rb->report_id;
	m->issue_date = rb->issue_date;
	m->created_epoch_s = rb->rq.created_epoch_s;
	m->watermark = rb->watermark;
	m->contract_file = rb->contract_file;
	m->contract_sha256 = rb->contract_sha256;
	m->software_version = rb->software;
	m->generated_at = rb->generated_at;
	m->signer_fingerprint = rb->rq.signer_fingerprint;
	m->csat_responses = rb->cx.csat_responses;
	m->csat_avg = rb->cx.csat_avg;
	m->csat_top2_pct = rb->cx.csat_top2_pct;
	m->fcr_pct = rb->cx.fcr_pct;
	m->fcr_method = rb->cx.fcr_method;
	m->complaints = rb->cx.complaints;
	m->complaints_per_1000 = rb->cx.complaints_per_1000;
}

int report_build_prepare(struct report_build *rb, const struct report_request *rq, struct ccsla_error *err)
{
	return report_build_prepare_into(rb, rq, NULL, err);
}

int report_build_prepare_into(struct report_build *rb, const struct report_request *rq, const char *dir,
                              struct ccsla_error *err)
{
	const struct contract *c = rq->contract;
	struct report_sla *slas;
	const char *base;
	size_t i;
	int y, m, d;

	memset(rb, 0, sizeof *rb);
	rb->rq = *rq;
	rb->first_day = civil_to_days(rq->year, rq->month, 1);
	rb->day_count = (size_t)days_in_month(rq->year, rq->month);
	for (i = 0; i < rb->day_count; i++) {
		days_to_civil(rb->first_day + (int64_t)i, &y, &m, &d);
		snprintf(rb->dates[i], sizeof rb->dates[i], "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	}
	if (registry_load(&rb->reg, rq->state_dir, err) < 0)
		return -1;
	if (dir && evidence_contacts_start(rb, dir, err) < 0)
		goto fail;
	if (rq->watermark_ms)
		rb->watermark_ms = *rq->watermark_ms;
	else if (metrics_store_watermark(rq->state_dir, c->client, &rb->watermark_ms, err) < 0)
		goto fail;
	if (evaluate_client_month_at(&rb->ev, c, rq->state_dir, rq->year, rq->month, rb->watermark_ms, err) < 0)
		goto fail;
	rb->have_ev = 1;
	if (report_measure_overview(rb, err) < 0)
		goto fail;
	if (sha256_file_hex(c->path, rb->contract_sha256, err) < 0)
		goto fail;
	base = strrchr(c->path, '/');
	snprintf(rb->contract_file, sizeof rb->contract_file, "%s", base ? base + 1 : c->path);
	fill_cover(rb);
	if (!(slas = strpool_alloc(&rb->pool, (rb->ev.result_count + 1) * sizeof *slas)))
		goto oom;
	for (i = 0; i < rb->ev.result_count; i++)
		if (fill_sla(rb, &slas[i], &rb->ev.results[i]) < 0)
			goto oom;
	rb->model.slas = slas;
	rb->model.n_slas = rb->ev.result_count;
	if (fill_channels(rb) < 0 || fill_exclusions(rb) < 0 || fill_credits(rb) < 0)
		goto oom;
	rb->model.pseudonyms = rq->pseudonym_key != NULL;
	if (evidence_ops_lineage(rb, err) < 0)
		goto fail;
	fill_lineage_totals(rb); /* page 1's completeness line reads them */
	fill_overview_note(rb);
	if (report_fill_summary(rb, err) < 0 || report_fill_complaints(rb, err) < 0 ||
	    report_fill_staffing(rb, err) < 0 || report_fill_opsview(rb, err) < 0)
		goto fail;
	trim_to_days_begun(rb);
	return 0;
oom:
	ccsla_error_set(err, NULL, 0, NULL, "out of memory");
fail:
	report_build_release(rb);
	return -1;
}

int report_build_exports(struct report_build *rb, const char *dir, struct ccsla_error *err)
{
	static const char *const names[] = { "metrics.csv", "credits.csv", "manifest.json", "report.html" };
	struct atomic_file af;
	char hex[65];
	char *data = NULL, *both = NULL;
	size_t size, total = 0;
	int i;

	for (i = 0; i < 4; i++) {
		snprintf(rb->attach_path[i], sizeof rb->attach_path[i], "%s/%s", dir, names[i]);
		rb->attachments[i] = rb->attach_path[i];
	}
	rb->model.attachments = rb->attachments;
	rb->model.n_attachments = 4;
	for (i = 0; i < 2; i++) {
		if (atomic_open(&af, rb->attach_path[i], err) < 0)
			return -1;
		if (i == 0)
			report_write_metrics_csv(rb, af.fp);
		else
			evaluate_write_credits_csv(&rb->ev, af.fp);
		if (atomic_commit(&af, err) < 0)
			return -1;
	}
	/* the id names this content: the same figures give the same id */
	for (i = 0; i < 2; i++) {
		char *grown;

		if (read_file(rb->attach_path[i], &data, &size, err) < 0) {
			free(both);
			return -1;
		}
		if (!(grown = realloc(both, total + size + 1))) {
			free(data);
			free(both);
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		}
		both = grown;
		memcpy(both + total, data, size);
		total += size;
		free(data);
	}
	sha256_hex(both, total, hex);
	free(both);
	/* the evidence, and the lineage that lists its per-file digests */
	if (evidence_write(rb, dir, err) < 0)
		return -1;
	rb->model.evidence_contacts = rb->evidence_contacts;
	if (fill_lineage(rb) < 0)
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	if (rb->rq.status == REPORT_REVISION)
		snprintf(rb->report_id, sizeof rb->report_id, "%s-%s-R%d-%.10s", rb->rq.contract->client, rb->ev.period,
		         rb->rq.revision, hex);
	else
		snprintf(rb->report_id, sizeof rb->report_id, "%s-%s-%c-%.10s", rb->rq.contract->client, rb->ev.period,
		         rb->rq.status == REPORT_DRAFT ? 'D' : 'F', hex);
	return 0;
}

int report_build_finish(struct report_build *rb, const char *dir, struct ccsla_error *err)
{
	char pdf[4096];

	/* the manifest and the HTML list every attachment, the PDF carries them */
	if (export_manifest_json(&rb->model, rb->attach_path[2], err) < 0 ||
	    render_report_html(&rb->model, rb->attach_path[3], err) < 0)
		return -1;
	snprintf(pdf, sizeof pdf, "%s/report.pdf", dir);
	return render_report(&rb->model, pdf, err);
}

const char *report_build_attach(struct report_build *rb, const char *dir, const char *name)
{
	size_t n = rb->model.n_attachments;

	if (n >= REPORT_ATTACH_MAX)
		return NULL;
	snprintf(rb->attach_path[n], sizeof rb->attach_path[n], "%s/%s", dir, name);
	rb->attachments[n] = rb->attach_path[n];
	rb->model.attachments = rb->attachments;
	rb->model.n_attachments = n + 1;
	return rb->attach_path[n];
}

void report_build_release(struct report_build *rb)
{
	evidence_contacts_cancel(rb); /* before the fields its thread fills */
	free(rb->evidence_rows);
	rb->evidence_rows = NULL;
	free(rb->evidence_sha256);
	rb->evidence_sha256 = NULL;
	strpool_free(&rb->pool);
	if (rb->have_ev)
		evaluation_release(&rb->ev);
	rb->have_ev = 0;
	registry_free(&rb->reg);
	free(rb->channels);
	rb->channels = NULL;
	free(rb->file_rows);
	rb->file_rows = NULL;
	free(rb->ops_rows);
	rb->ops_rows = NULL;
	free(rb->ops_log);
	rb->ops_log = NULL;
	free(rb->staff);
	rb->staff = NULL;
	rb->n_staff = 0;
}

int report_build_dir(const struct report_request *rq, const char *dir, char id[96], struct ccsla_error *err)
{
	struct report_build rb;
	int rc;

	if (report_build_prepare_into(&rb, rq, dir, err) < 0)
		return -1;
	rc = report_build_exports(&rb, dir, err);
	if (rc == 0)
		rc = report_build_finish(&rb, dir, err);
	if (rc == 0 && id)
		snprintf(id, 96, "%s", rb.report_id);
	report_build_release(&rb);
	return rc;
}
