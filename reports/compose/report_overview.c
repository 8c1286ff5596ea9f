/* report_overview.c -- the report's figures that are not SLAs: the
 * accessibility overview per channel and day, customer experience (CSAT,
 * FCR, complaints), and which input files the client's month came from.
 *
 * One pass over the client's store for the month feeds one metrics period
 * per channel and one for all channels; every value comes from
 * metric_value() and is printed with ratio_format(), like the SLAs. */
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "report_build.h"

/* The service-level parameters of a channel's overview: all those of the
 * first service-level SLA that covers the channel (threshold, short
 * abandons, abandons, callbacks, overflow and clock: the overview's service
 * level must not read differently from the SLA's for the same contacts),
 * else the defaults of metrics.md (threshold 20 s, elapsed clock). */
static void overview_params(const struct contract *c, int channel, struct metric_params *p)
{
	size_t i;

	metric_params_default(p);
	for (i = 0; i < c->sla_count; i++) {
		const struct sla *s = &c->slas[i];

		if (s->metric == METRIC_SERVICE_LEVEL &&
		    (!s->filter.channels || (s->filter.channels & (1u << channel)))) {
			p->threshold_s = s->params.threshold_s;
			p->short_abandon_s = s->params.short_abandon_s;
			p->abandons = s->params.abandons;
			p->callbacks = s->params.callbacks;
			p->overflow = s->params.overflow;
			p->clock = s->params.clock;
			return;
		}
	}
}

/* "30 s", "4 service hours", "24 hours", "90 min": a threshold as a reader
 * of the contract would write it. */
static void threshold_text(const struct metric_params *p, char *buf, size_t size)
{
	int32_t t = p->threshold_s;
	const char *svc = p->clock == CLOCK_SERVICE_HOURS ? "service " : "";

	if (t >= 3600 && t % 3600 == 0)
		snprintf(buf, size, "%d %shour%s", (int)(t / 3600), svc, t == 3600 ? "" : "s");
	else if (t >= 60 && t % 60 == 0)
		snprintf(buf, size, "%d %smin", (int)(t / 60), svc);
	else
		snprintf(buf, size, "%d %ss", (int)t, svc);
}

/* Customer experience uses the contract's FCR method when it has an FCR SLA. */
static void experience_params(const struct contract *c, struct metric_params *p)
{
	size_t i;

	metric_params_default(p);
	for (i = 0; i < c->sla_count; i++)
		if (c->slas[i].metric == METRIC_FCR) {
			p->fcr = c->slas[i].params.fcr;
			p->fcr_window_days = c->slas[i].params.fcr_window_days;
			return;
		}
}

static void value_text(struct metric_counts *mc, const struct metric_params *p, enum metric_id m,
                       char *buf, size_t size)
{
	struct ratio r;

	if (metric_value(mc, p, m, &r) < 0)
		snprintf(buf, size, "n/a");
	else
		ratio_format(&r, metric_decimals(m), buf, size);
}

static void overview_fill(struct overview_figures *f, struct metric_counts *mc, const struct metric_params *p)
{
	eval_counts_from(&f->counts, mc);
	value_text(mc, p, METRIC_SERVICE_LEVEL, f->service_level, sizeof f->service_level);
	value_text(mc, p, METRIC_ASA, f->asa_s, sizeof f->asa_s);
	value_text(mc, p, METRIC_P90_WAIT, f->p90_wait_s, sizeof f->p90_wait_s);
	value_text(mc, p, METRIC_AHT, f->aht_s, sizeof f->aht_s);
}

/* Each half-hour's service level as a heatmap step; the busier one where a
 * day has a half-hour twice (clocks going back). */
static void fill_heat(struct overview_channel *oc, struct metrics_period *p)
{
	int64_t busiest[METRICS_MAX_DAYS][REPORT_HEAT_SLOTS];
	size_t i;

	memset(oc->heat, -1, sizeof oc->heat);
	memset(busiest, 0, sizeof busiest);
	for (i = 0; i < p->interval_count; i++) {
		struct metrics_interval *iv = &p->intervals[i];
		int64_t local_s = iv->start_ms / 1000 + iv->offset_s;
		int64_t slot = ((local_s % 86400) + 86400) % 86400 / 1800;
		struct ratio r;
		int64_t sl_e2;
		int k;

		if (iv->day >= METRICS_MAX_DAYS || iv->counts.offered <= 0)
			continue;
		if (busiest[iv->day][slot] > 0)
			oc->heat_folded = 1; /* the report says which of the two it shows */
		if (iv->counts.offered <= busiest[iv->day][slot])
			continue;
		if (metric_value(&iv->counts, &p->params, METRIC_SERVICE_LEVEL, &r) < 0 ||
		    ratio_round(&r, 2, &sl_e2) < 0)
			continue;
		busiest[iv->day][slot] = iv->counts.offered;
		/* the rounded value, as a verdict compares it */
		for (k = REPORT_HEAT_STEPS - 1; k > 0 && sl_e2 < 100 * REPORT_HEAT_FLOOR_PCT(k); k--)
			;
		oc->heat[iv->day][slot] = (signed char)k;
	}
}

/* Bucket of v against ascending edges[OVERVIEW_BUCKETS - 1] (each the
 * inclusive upper end of its bucket). */
static int bucket(int64_t v, const int64_t *edges)
{
	int k;

	for (k = 0; k < OVERVIEW_BUCKETS - 1 && v > edges[k]; k++)
		;
	return k;
}

static const int64_t ABANDON_EDGES_S[OVERVIEW_BUCKETS - 1] = OVERVIEW_ABANDON_EDGES_S;
static const int64_t BACKLOG_EDGES_S[OVERVIEW_BUCKETS - 1] = OVERVIEW_BACKLOG_EDGES_S;

/* The profiles of one offered inbound contact of a channel: answered by
 * elapsed wait, abandoned by time to abandon, open by age at the cut-off. */
static void profile_add(struct overview_channel *oc, const struct contact *ct, int64_t watermark_ms)
{
	int64_t t = oc->threshold_s > 0 ? oc->threshold_s : 20;
	const int64_t wait_edges[OVERVIEW_BUCKETS - 1] = { t / 2, t, 2 * t, 4 * t };

	if (ct->outcome == OUT_ANSWERED && ct->answered_at_ms != TIME_NONE)
		oc->waits[bucket((ct->answered_at_ms - ct->arrived_at_ms) / 1000, wait_edges)]++;
	else if (ct->outcome == OUT_ABANDONED && ct->ended_at_ms != TIME_NONE)
		oc->abandons[bucket((ct->ended_at_ms - ct->arrived_at_ms) / 1000, ABANDON_EDGES_S)]++;
	else if (ct->outcome == OUT_OPEN && watermark_ms != TIME_NONE && watermark_ms >= ct->arrived_at_ms)
		oc->backlog[bucket((watermark_ms - ct->arrived_at_ms) / 1000, BACKLOG_EDGES_S)]++;
}

static int channel_named(const struct contract *c, int channel)
{
	size_t i;

	for (i = 0; i < c->sla_count; i++)
		if (c->slas[i].filter.channels & (1u << channel))
			return 1;
	return 0;
}

int report_measure_overview(struct report_build *rb, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	struct metrics_period per[CH_COUNT + 1]; /* [CH_COUNT]: experience, all channels */
	struct metric_params params[CH_COUNT + 1];
	struct metrics_filter filter[CH_COUNT + 1];
	struct store_scan scan;
	struct contact ct;
	struct overview_channel *prof = NULL; /* [CH_COUNT]: the profiles while scanning */
	int64_t from_ms, to_ms, scan_to;
	int inited = 0, rc, ret = -1, ch, ny = rb->rq.year, nm = rb->rq.month + 1;
	size_t d, n;

	if (nm > 12)
		nm = 1, ny++;
	from_ms = tz_local_day_start(c->zone, rb->first_day);
	to_ms = tz_local_day_start(c->zone, civil_to_days(ny, nm, 1));
	if (!(rb->file_rows = calloc(rb->reg.count + 1, sizeof *rb->file_rows)) ||
	    !(rb->channels = calloc(CH_COUNT, sizeof *rb->channels)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	if (!(prof = calloc(CH_COUNT, sizeof *prof)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	for (ch = 0; ch <= CH_COUNT; ch++) {
		if (ch < CH_COUNT)
			overview_params(c, ch, &params[ch]);
		if (ch < CH_COUNT)
			prof[ch].threshold_s = params[ch].threshold_s;
		else
			experience_params(c, &params[ch]);
		params[ch].cal = &c->cal;
		params[ch].watermark_ms = rb->watermark_ms;
		metrics_filter_default(&filter[ch]);
		filter[ch].cal = &c->cal;
		if (ch < CH_COUNT)
			filter[ch].channels = 1u << ch;
		/* half-hours (the heatmap) only for the channels an SLA names:
		 * clearing ~1,500 interval counts per period costs more than
		 * the rest of the overview; the others give days and the month */
		if (metrics_period_init(&per[ch], c->zone, from_ms, to_ms,
		                        ch < CH_COUNT && channel_named(c, ch) ? 30 : 0, &params[ch], &filter[ch], err) < 0)
			goto out;
		inited++;
		metrics_period_share_fcr(&per[ch], &rb->ev.fcr_share); /* the FCR SLA's outcomes */
	}
	scan_to = to_ms;
	if (params[CH_COUNT].fcr == FCR_REPEAT)
		scan_to += (int64_t)params[CH_COUNT].fcr_window_days * MS_PER_DAY; /* repeat look-ahead */
	if (store_scan_open(&scan, rb->rq.state_dir, c->client, from_ms, scan_to, err) < 0)
		goto out;
	while ((rc = store_scan_next(&scan, &ct, err)) == 1) {
		for (ch = 0; ch <= CH_COUNT; ch++)
			if (metrics_period_add(&per[ch], &ct) < 0) {
				rc = ccsla_error_set(err, NULL, 0, NULL, "out of memory");
				break;
			}
		if (rc < 0)
			break;
		if (ct.arrived_at_ms < to_ms && ct.src_file <= rb->reg.count)
			rb->file_rows[ct.src_file]++;
		if (ct.arrived_at_ms < to_ms && ct.channel < CH_COUNT && outcome_is_offered(ct.outcome) &&
		    metrics_filter_select(&filter[ct.channel], &ct) == SELECT_IN)
			profile_add(&prof[ct.channel], &ct, rb->watermark_ms);
	}
	store_scan_close(&scan);
	if (rc < 0)
		goto out;
	for (ch = 0; ch <= CH_COUNT; ch++) {
		metrics_period_finish(&per[ch]);
		if (per[ch].fcr_misread) {
			ccsla_error_set(err, NULL, 0, NULL, "the store of %s changed while it was read (repeat FCR): run again",
			                c->client);
			goto out;
		}
	}

	for (ch = 0; ch < CH_COUNT; ch++) {
		struct metrics_period *p = &per[ch];
		struct overview_channel *oc;
		char thr[48];

		if (!p->total.offered && !p->total.excluded && !channel_named(c, ch))
			continue;
		oc = &rb->channels[rb->channel_count++];
		oc->channel = ch;
		threshold_text(&params[ch], thr, sizeof thr);
		snprintf(oc->label, sizeof oc->label, "%s (service level: answered within %s%s)", channel_name(ch), thr,
		         params[ch].clock == CLOCK_SERVICE_HOURS ? "; waits in service hours" : "");
		n = p->day_count < METRICS_MAX_DAYS ? p->day_count : METRICS_MAX_DAYS;
		oc->day_count = n;
		for (d = 0; d < n; d++)
			overview_fill(&oc->days[d], &p->days[d], &p->params);
		overview_fill(&oc->month, &p->total, &p->params);
		oc->has_heat = p->interval_count > 0;
		oc->threshold_s = params[ch].threshold_s;
		memcpy(oc->waits, prof[ch].waits, sizeof oc->waits);
		memcpy(oc->abandons, prof[ch].abandons, sizeof oc->abandons);
		memcpy(oc->backlog, prof[ch].backlog, sizeof oc->backlog);
		value_text(&p->total, &p->params, METRIC_AVG_TALK, oc->talk_s, sizeof oc->talk_s);
		value_text(&p->total, &p->params, METRIC_AVG_HOLD, oc->hold_s, sizeof oc->hold_s);
		value_text(&p->total, &p->params, METRIC_AVG_WRAP, oc->wrap_s, sizeof oc->wrap_s);
		value_text(&p->total, &p->params, METRIC_TRANSFER_RATE, oc->transfer_pct, sizeof oc->transfer_pct);
		fill_heat(oc, p);
	}
	{
		struct metrics_period *p = &per[CH_COUNT];
		struct experience_figures *x = &rb->cx;

		eval_counts_from(&x->counts, &p->total);
		x->csat_responses = p->total.csat_responses;
		x->complaints = p->total.complaints;
		value_text(&p->total, &p->params, METRIC_CSAT_AVG, x->csat_avg, sizeof x->csat_avg);
		value_text(&p->total, &p->params, METRIC_CSAT_TOP2, x->csat_top2_pct, sizeof x->csat_top2_pct);
		value_text(&p->total, &p->params, METRIC_FCR, x->fcr_pct, sizeof x->fcr_pct);
		value_text(&p->total, &p->params, METRIC_COMPLAINTS_PER_1000, x->complaints_per_1000,
		           sizeof x->complaints_per_1000);
		if (p->params.fcr == FCR_REPEAT)
			snprintf(x->fcr_method, sizeof x->fcr_method, "repeat contact within %d days",
			         (int)p->params.fcr_window_days);
		else
			snprintf(x->fcr_method, sizeof x->fcr_method, "recorded by the agent");
	}
	ret = 0;
out:
	for (ch = 0; ch < inited; ch++)
		metrics_period_release(&per[ch]);
	free(prof);
	return ret;
}
