/* metrics.c -- counts of metrics.md and the one place each metric is
 * computed (metric_value), plus the population filter.
 *
 * A contact is turned into integer counts and millisecond sums once; every
 * metric is then a ratio of two of those integers. Percentiles are the one
 * exception that needs each wait: nearest rank over the exact list. */
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

void metric_params_default(struct metric_params *p)
{
	memset(p, 0, sizeof *p);
	p->threshold_s = 20;
	p->short_abandon_s = 0;
	p->abandons = ABANDONS_AGAINST;
	p->callbacks = COUNT_IGNORE;
	p->overflow = COUNT_AGAINST;
	p->clock = CLOCK_ELAPSED;
	p->fcr = FCR_RECORDED;
	p->fcr_window_days = 7;
	p->watermark_ms = TIME_NONE;
	p->keep_waits = 1;
}

int metric_params_check(const struct metric_params *p, struct ccsla_error *err)
{
	if (p->threshold_s < 0)
		return ccsla_error_set(err, NULL, 0, "threshold_s", "must be 0 or more seconds");
	if (p->short_abandon_s < 0)
		return ccsla_error_set(err, NULL, 0, "short_abandon_s", "must be 0 or more seconds");
	if (p->short_abandon_s > p->threshold_s)
		return ccsla_error_set(err, NULL, 0, "short_abandon_s",
		                       "%d s exceeds the threshold of %d s: short abandons must not "
		                       "exceed the threshold", (int)p->short_abandon_s,
		                       (int)p->threshold_s);
	if (p->fcr == FCR_REPEAT && (p->fcr_window_days < 1 || p->fcr_window_days > 366))
		return ccsla_error_set(err, NULL, 0, "window_days",
		                       "repeat-contact FCR needs a window of 1 to 366 days");
	if (p->clock == CLOCK_SERVICE_HOURS && !p->cal)
		return ccsla_error_set(err, NULL, 0, "clock",
		                       "the service_hours clock needs service hours");
	return 0;
}

static const char *const abandons_names[] = { "against", "ignore", "favour" };
static const char *const count_names[] = { "ignore", "against" };

const char *abandons_rule_name(enum abandons_rule r)
{
	return abandons_names[r];
}

int abandons_rule_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, abandons_names[i]) == 0)
			return i;
	return -1;
}

const char *count_rule_name(enum count_rule r)
{
	return count_names[r];
}

int count_rule_parse(const char *s)
{
	for (int i = 0; i < 2; i++)
		if (strcmp(s, count_names[i]) == 0)
			return i;
	return -1;
}

void metric_counts_init(struct metric_counts *c)
{
	memset(c, 0, sizeof *c);
	c->max_wait_ms = -1;
}

void metric_counts_release(struct metric_counts *c)
{
	free(c->waits.ms);
	c->waits.ms = NULL;
	c->waits.count = c->waits.cap = 0;
}

static int waits_push(struct wait_list *w, int64_t ms)
{
	if (w->count == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		int64_t *grown = realloc(w->ms, cap * sizeof *grown);

		if (!grown)
			return -1;
		w->ms = grown;
		w->cap = cap;
	}
	w->ms[w->count++] = ms;
	w->sorted = 0;
	return 0;
}

/* Time from arrived_at to `until` under the clock: elapsed, or only the
 * service-hour milliseconds ("replied within 8 business hours"). */
static int64_t clock_ms(const struct metric_params *p, int64_t arrived_ms, int64_t until_ms)
{
	if (p->clock == CLOCK_SERVICE_HOURS)
		return calendar_service_ms(p->cal, arrived_ms, until_ms);
	return until_ms - arrived_ms;
}

int64_t metrics_wait_ms(const struct metric_params *p, const struct contact *ct)
{
	if (ct->outcome != OUT_ANSWERED || ct->answered_at_ms == TIME_NONE)
		return -1;
	return clock_ms(p, ct->arrived_at_ms, ct->answered_at_ms);
}

int metrics_add(struct metric_counts *c, const struct metric_params *p, const struct contact *ct)
{
	int64_t t_ms = (int64_t)p->threshold_s * 1000;
	int64_t s_ms = (int64_t)p->short_abandon_s * 1000;
	int64_t w, a;

	if (!outcome_is_offered(ct->outcome)) {
		c->deflected++;
		return 0;
	}
	c->offered++;
	if (ct->complaint == 1)
		c->complaints++;
	if (ct->csat >= 1 && ct->csat <= 5) {
		c->csat_responses++;
		c->csat_sum += ct->csat;
		c->csat_top2 += ct->csat >= 4;
	}
	switch (ct->outcome) {
	case OUT_ANSWERED:
		w = metrics_wait_ms(p, ct);
		if (w < 0) /* ingest refuses this; never count it as fast */
			w = 0;
		c->answered++;
		c->answered_within += w <= t_ms;
		c->wait_sum_ms += w;
		if (w > c->max_wait_ms)
			c->max_wait_ms = w;
		if (p->keep_waits && waits_push(&c->waits, w) < 0)
			return -1;
		if (ct->talk_s >= 0 || ct->hold_s >= 0 || ct->wrap_s >= 0) {
			c->handled++;
			c->handle_sum_s += (ct->talk_s > 0 ? ct->talk_s : 0) +
			                   (ct->hold_s > 0 ? ct->hold_s : 0) +
			                   (ct->wrap_s > 0 ? ct->wrap_s : 0);
		}
		if (ct->talk_s >= 0) {
			c->talk_sum_s += ct->talk_s;
			c->talk_n++;
		}
		if (ct->hold_s >= 0) {
			c->hold_sum_s += ct->hold_s;
			c->hold_n++;
		}
		if (ct->wrap_s >= 0) {
			c->wrap_sum_s += ct->wrap_s;
			c->wrap_n++;
		}
		c->transferred += ct->transferred == 1;
		if (p->fcr == FCR_RECORDED && (ct->resolved == 0 || ct->resolved == 1)) {
			c->fcr_base++;
			c->fcr_resolved += ct->resolved == 1;
		}
		break;
	case OUT_ABANDONED:
		a = ct->ended_at_ms == TIME_NONE ? 0 : clock_ms(p, ct->arrived_at_ms, ct->ended_at_ms);
		c->abandoned++;
		c->abandoned_within += a <= t_ms;
		if (a > c->max_wait_ms)
			c->max_wait_ms = a;
		/* S = 0 means no abandon is short, even one of 0 ms. */
		if (s_ms > 0 && a <= s_ms)
			c->short_abandoned++;
		else
			c->abandon_sum_ms += a;
		break;
	case OUT_CALLBACK:
		c->callback++;
		break;
	case OUT_OVERFLOW:
		c->overflow++;
		break;
	case OUT_OPEN:
		/* Older than T at the watermark: a miss; else pending. */
		if (p->watermark_ms != TIME_NONE && p->watermark_ms > ct->arrived_at_ms &&
		    clock_ms(p, ct->arrived_at_ms, p->watermark_ms) > t_ms)
			c->open_late++;
		else
			c->open_pending++;
		break;
	default:
		break;
	}
	return 0;
}

int metrics_merge(struct metric_counts *dst, const struct metric_counts *src)
{
	dst->offered += src->offered;
	dst->answered += src->answered;
	dst->abandoned += src->abandoned;
	dst->short_abandoned += src->short_abandoned;
	dst->callback += src->callback;
	dst->overflow += src->overflow;
	dst->open_late += src->open_late;
	dst->open_pending += src->open_pending;
	dst->deflected += src->deflected;
	dst->excluded += src->excluded;
	dst->answered_within += src->answered_within;
	dst->abandoned_within += src->abandoned_within;
	dst->wait_sum_ms += src->wait_sum_ms;
	dst->abandon_sum_ms += src->abandon_sum_ms;
	if (src->max_wait_ms > dst->max_wait_ms)
		dst->max_wait_ms = src->max_wait_ms;
	dst->handled += src->handled;
	dst->handle_sum_s += src->handle_sum_s;
	dst->talk_sum_s += src->talk_sum_s;
	dst->talk_n += src->talk_n;
	dst->hold_sum_s += src->hold_sum_s;
	dst->hold_n += src->hold_n;
	dst->wrap_sum_s += src->wrap_sum_s;
	dst->wrap_n += src->wrap_n;
	dst->transferred += src->transferred;
	dst->fcr_resolved += src->fcr_resolved;
	dst->fcr_base += src->fcr_base;
	dst->fcr_provisional += src->fcr_provisional;
	dst->csat_sum += src->csat_sum;
	dst->csat_responses += src->csat_responses;
	dst->csat_top2 += src->csat_top2;
	dst->complaints += src->complaints;
	for (size_t i = 0; i < src->waits.count; i++)
		if (waits_push(&dst->waits, src->waits.ms[i]) < 0)
			return -1;
	return 0;
}

static const struct {
	const char *name;   /* CSV column */
	const char *shorts; /* contract form */
	const char *unit;
	int higher_better;
} metric_info[METRIC_ALL_COUNT] = {
	[METRIC_SERVICE_LEVEL] = { "service_level_pct", "service_level", "%", 1 },
	[METRIC_ABANDON_RATE] = { "abandon_rate_pct", "abandon_rate", "%", 0 },
	[METRIC_ASA] = { "asa_s", "asa", "s", 0 },
	[METRIC_AVG_TIME_TO_ABANDON] = { "avg_time_to_abandon_s", "avg_time_to_abandon", "s", 1 },
	[METRIC_MAX_WAIT] = { "max_wait_s", "max_wait", "s", 0 },
	[METRIC_P50_WAIT] = { "p50_wait_s", "p50_wait", "s", 0 },
	[METRIC_P90_WAIT] = { "p90_wait_s", "p90_wait", "s", 0 },
	[METRIC_P95_WAIT] = { "p95_wait_s", "p95_wait", "s", 0 },
	[METRIC_AHT] = { "aht_s", "aht", "s", 0 },
	[METRIC_AVG_TALK] = { "avg_talk_s", "avg_talk", "s", 0 },
	[METRIC_AVG_HOLD] = { "avg_hold_s", "avg_hold", "s", 0 },
	[METRIC_AVG_WRAP] = { "avg_wrap_s", "avg_wrap", "s", 0 },
	[METRIC_TRANSFER_RATE] = { "transfer_rate_pct", "transfer_rate", "%", 0 },
	[METRIC_FCR] = { "fcr_pct", "fcr", "%", 1 },
	[METRIC_CSAT_AVG] = { "csat_avg", "csat", "", 1 },
	[METRIC_CSAT_TOP2] = { "csat_top2_pct", "csat_top2", "%", 1 },
	[METRIC_COMPLAINTS_PER_1000] = { "complaints_per_1000", "complaints", "", 0 },
	[METRIC_COUNT] = { "", "", "", 0 },   /* no metric: the bound of the ones above */
	[METRIC_AVAILABILITY] = { "availability_pct", "availability", "%", 1 },
	[METRIC_QUALITY_SCORE] = { "quality_score_avg", "quality_score", "", 1 },
	[METRIC_QUALITY_PASS] = { "quality_pass_pct", "quality_pass", "%", 1 },
	[METRIC_CRITICAL_ERROR] = { "critical_error_pct", "critical_error", "%", 0 },
	[METRIC_QUALITY_SAMPLE] = { "quality_sample_pct", "quality_sample", "%", 1 },
	[METRIC_COMPLAINT_ACK] = { "complaint_ack_within_pct", "complaint_ack", "%", 1 },
	[METRIC_COMPLAINT_RESOLVED] = { "complaint_resolved_within_pct", "complaint_resolved", "%", 1 },
	[METRIC_COMPLAINT_BACKLOG] = { "complaint_backlog", "complaint_backlog", "", 0 },
	[METRIC_REPORT_ON_TIME] = { "report_on_time_pct", "report_on_time", "%", 1 },
	[METRIC_FORECAST_ACCURACY] = { "forecast_accuracy_pct", "forecast_accuracy", "%", 1 },
};

const char *metric_name(enum metric_id m)
{
	return metric_info[m].name;
}

int metric_is_opslog(enum metric_id m)
{
	return (int)m > METRIC_COUNT && (int)m < METRIC_ALL_COUNT;
}

int metric_parse(const char *name)
{
	for (int i = 0; i < METRIC_ALL_COUNT; i++)
		if (i != METRIC_COUNT &&
		    (strcmp(name, metric_info[i].name) == 0 || strcmp(name, metric_info[i].shorts) == 0))
			return i;
	return -1;
}

const char *metric_unit(enum metric_id m)
{
	return metric_info[m].unit;
}

int metric_decimals(enum metric_id m)
{
	if (m == METRIC_COMPLAINT_BACKLOG)  /* a count of cases */
		return 0;
	return strcmp(metric_info[m].unit, "s") == 0 ? 3 : 2;
}

int metric_higher_is_better(enum metric_id m)
{
	return metric_info[m].higher_better;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sorts v ascending: a byte-wise LSD radix sort (the sign bit flipped so
 * that negative values come first), passes where every value has the same
 * byte skipped, so waits of a few hours cost 3-4 passes over the list.
 * Sorting waits for exact percentiles was a fifth of a metrics pass with
 * qsort. Small lists, or no memory for the second buffer: qsort. */
static void sort_i64(int64_t *v, size_t n)
{
	size_t count[8][256] = { { 0 } };
	uint64_t *a = (uint64_t *)v, *b, *from, *to;

	if (n < 256 || !(b = malloc(n * sizeof *b))) {
		qsort(v, n, sizeof *v, cmp_i64);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t k = a[i] ^ UINT64_C(0x8000000000000000);
		for (int d = 0; d < 8; d++)
			count[d][(k >> (8 * d)) & 0xff]++;
	}
	from = a;
	to = b;
	for (int d = 0; d < 8; d++) {
		size_t at = 0, sum = 0;
		uint64_t *t;

		if (count[d][((from[0] ^ UINT64_C(0x8000000000000000)) >> (8 * d)) & 0xff] == n)
			continue; /* every value has this byte */
		for (int k = 0; k < 256; k++) {
			at = count[d][k];
			count[d][k] = sum;
			sum += at;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t k = from[i] ^ UINT64_C(0x8000000000000000);
			to[count[d][(k >> (8 * d)) & 0xff]++] = from[i];
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
	free(b);
}

/* Nearest rank: the value at 1-based position ceil(pct/100 x A). */
static void percentile(struct metric_counts *c, int pct, struct ratio *r)
{
	struct wait_list *w = &c->waits;
	size_t rank;

	if (w->count == 0) {
		*r = (struct ratio){ 0, 0 };
		return;
	}
	if (!w->sorted) {
		sort_i64(w->ms, w->count);
		w->sorted = 1;
	}
	rank = ((size_t)pct * w->count + 99) / 100;
	if (rank < 1)
		rank = 1;
	*r = (struct ratio){ w->ms[rank - 1], 1000 };
}

int metric_value(struct metric_counts *c, const struct metric_params *p, enum metric_id m,
                 struct ratio *r)
{
	/* base = A + Op_l (+ F) (+ Cb): metrics.md "Service level". */
	int64_t base = c->answered + c->open_late +
	               (p->overflow == COUNT_AGAINST ? c->overflow : 0) +
	               (p->callbacks == COUNT_AGAINST ? c->callback : 0);
	int64_t long_ab = c->abandoned - c->short_abandoned;

	switch (m) {
	case METRIC_SERVICE_LEVEL:
		if (p->abandons == ABANDONS_IGNORE)
			*r = (struct ratio){ 100 * c->answered_within, base };
		else if (p->abandons == ABANDONS_AGAINST)
			*r = (struct ratio){ 100 * c->answered_within, base + long_ab };
		else
			*r = (struct ratio){ 100 * (c->answered_within + c->abandoned_within -
			                            c->short_abandoned), base + long_ab };
		break;
	case METRIC_ABANDON_RATE:
		*r = (struct ratio){ 100 * long_ab, base + long_ab };
		break;
	case METRIC_ASA:
		*r = (struct ratio){ c->wait_sum_ms, 1000 * c->answered };
		break;
	case METRIC_AVG_TIME_TO_ABANDON:
		*r = (struct ratio){ c->abandon_sum_ms, 1000 * long_ab };
		break;
	case METRIC_MAX_WAIT:
		*r = (struct ratio){ c->max_wait_ms < 0 ? 0 : c->max_wait_ms, c->max_wait_ms < 0 ? 0 : 1000 };
		break;
	case METRIC_P50_WAIT:
	case METRIC_P90_WAIT:
	case METRIC_P95_WAIT:
		if (c->waits.count != (size_t)c->answered)
			return -1; /* waits were not kept */
		percentile(c, m == METRIC_P50_WAIT ? 50 : m == METRIC_P90_WAIT ? 90 : 95, r);
		break;
	case METRIC_AHT:
		*r = (struct ratio){ c->handle_sum_s, c->handled };
		break;
	case METRIC_AVG_TALK:
		*r = (struct ratio){ c->talk_sum_s, c->talk_n };
		break;
	case METRIC_AVG_HOLD:
		*r = (struct ratio){ c->hold_sum_s, c->hold_n };
		break;
	case METRIC_AVG_WRAP:
		*r = (struct ratio){ c->wrap_sum_s, c->wrap_n };
		break;
	case METRIC_TRANSFER_RATE:
		*r = (struct ratio){ 100 * c->transferred, c->answered };
		break;
	case METRIC_FCR:
		*r = (struct ratio){ 100 * c->fcr_resolved, c->fcr_base };
		break;
	case METRIC_CSAT_AVG:
		*r = (struct ratio){ c->csat_sum, c->csat_responses };
		break;
	case METRIC_CSAT_TOP2:
		*r = (struct ratio){ 100 * c->csat_top2, c->csat_responses };
		break;
	case METRIC_COMPLAINTS_PER_1000:
		*r = (struct ratio){ 1000 * c->complaints, c->answered };
		break;
	default:
		return -1;
	}
	if (r->den == 0)
		r->num = 0;
	return 0;
}

void metrics_filter_default(struct metrics_filter *f)
{
	memset(f, 0, sizeof *f);
	f->direction = DIR_INBOUND;
}

enum select_result metrics_filter_select(const struct metrics_filter *f, const struct contact *ct)
{
	if (f->direction >= 0 && ct->direction != f->direction)
		return SELECT_OUT;
	if (f->channels && !(f->channels & (1u << ct->channel)))
		return SELECT_OUT;
	if (f->queues) {
		size_t i;

		for (i = 0; i < f->queue_count; i++)
			if (strcmp(f->queues[i], ct->queue) == 0)
				break;
		if (i == f->queue_count)
			return SELECT_OUT;
	}
	if (f->service_hours_only && f->cal && !calendar_in_service(f->cal, ct->arrived_at_ms))
		return SELECT_OUT;
	/* Excluded only from a population the contact would have been in: a
	 * deflected contact is never offered, so a window does not remove it. */
	if (f->cal && outcome_is_offered(ct->outcome) &&
	    calendar_exclusion_at(f->cal, ct->arrived_at_ms) >= 0)
		return SELECT_EXCLUDED;
	return SELECT_IN;
}
