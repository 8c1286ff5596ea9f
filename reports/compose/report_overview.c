/* report_overview.c -- the report's figures that are not SLAs: the
 * accessibility overview per channel and day, customer experience (CSAT,
 * FCR, complaints), and which input files the client's month came from.
 *
 * One pass over the client's store for the month feeds one metrics period
 * per channel and one for all channels; every value comes from
 * metric_value() and is printed with ratio_format(), like the SLAs. The
 * days kept in STATE/cache/figures (metrics_daycache.h, overview_days.h)
 * are not read again: the pass starts at the first day one of them lacks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "metrics/metrics_daycache.h"
#include "overview_days.h"
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

static int channel_named(const struct contract *c, int channel)
{
	size_t i;

	for (i = 0; i < c->sla_count; i++)
		if (c->slas[i].filter.channels & (1u << channel))
			return 1;
	return 0;
}

/* The signature of what the overview counts of a day besides its
 * periods: theirs (each channel's population and threshold). */
static int overview_signature(const struct metrics_period *per, const struct metric_params *params,
                              unsigned char sig[32])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int len = 0;
	char v[32];
	int ok;

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return -1;
	}
	snprintf(v, sizeof v, "ccsla overview days %d\n", OVERVIEW_DAYS_VERSION);
	EVP_DigestUpdate(md, v, strlen(v));
	for (int ch = 0; ch <= CH_COUNT; ch++) {
		EVP_DigestUpdate(md, per[ch].day_sig, 32);
		snprintf(v, sizeof v, "%d\n", (int)params[ch].threshold_s);
		EVP_DigestUpdate(md, v, strlen(v));
	}
	ok = EVP_DigestFinal_ex(md, sig, &len) && len == 32;
	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

/* The overview's per-day counts of one build: each local day's, taken
 * from the cache or counted while scanning. */
struct overview_scan {
	struct overview_day *days;    /* [n] */
	uint8_t *kept, *keyed;        /* [n] */
	unsigned char (*keys)[32];    /* [n] */
	int64_t (*bounds)[2];         /* [n]: each day's local bounds */
	unsigned char sig[32];
	size_t n;
	int cache;
};

static void overview_scan_release(struct overview_scan *os)
{
	for (size_t d = 0; os->days && d < os->n; d++)
		overview_day_release(&os->days[d]);
	free(os->days);
	free(os->kept);
	free(os->keyed);
	free(os->keys);
	free(os->bounds);
}

/* The keys of the days under os->sig, the partitions read now. */
static int overview_keys(const struct overview_scan *os, const struct report_build *rb, const struct metrics_period *all,
                         unsigned char (*keys)[32], uint8_t *keyed)
{
	struct daycache_parts pt;

	if (daycache_parts_read(&pt, rb->rq.state_dir, rb->rq.contract->client, all->from_ms, all->to_ms - 1) < 0)
		return -1;
	for (size_t d = 0; d < os->n; d++)
		keyed[d] = (uint8_t)metrics_daycache_range_key(os->sig, rb->rq.contract->client, &pt, os->bounds[d][0],
		                                               os->bounds[d][1], 0, keys[d]);
	daycache_parts_release(&pt);
	return 0;
}

/* Takes the days kept; lowers *scan_from to the first day it must count. */
static int overview_scan_begin(struct overview_scan *os, const struct report_build *rb, const struct metrics_period *per,
                               const struct metric_params *params, int64_t *scan_from)
{
	const struct metrics_period *all = &per[CH_COUNT];
	size_t d;

	os->n = all->day_count;
	if (!(os->days = calloc(os->n, sizeof *os->days)) || !(os->kept = calloc(os->n, 1)) ||
	    !(os->keyed = calloc(os->n, 1)) || !(os->keys = calloc(os->n, sizeof *os->keys)) ||
	    !(os->bounds = calloc(os->n, sizeof *os->bounds)))
		return -1;
	for (d = 0; d < os->n; d++)
		metrics_daycache_day_bounds(all, d, &os->bounds[d][0], &os->bounds[d][1]);
	os->cache = rb->watermark_ms != TIME_NONE;
	for (int ch = 0; ch <= CH_COUNT; ch++)
		os->cache &= per[ch].day_cache;
	if (os->cache && overview_signature(per, params, os->sig) < 0)
		os->cache = 0;
	if (os->cache) {
		if (overview_keys(os, rb, all, os->keys, os->keyed) < 0)
			return -1;
		overview_days_load(rb->rq.state_dir, rb->rq.contract->client, all->first_day, os->n, os->sig, os->keys,
		                   os->keyed, os->bounds, os->kept, os->days);
	}
	for (d = 0; d < os->n && os->kept[d]; d++)
		;
	if (d < os->n && os->bounds[d][0] < *scan_from)
		*scan_from = os->bounds[d][0];
	return 0;
}

/* Keeps the days taken and those counted (never one after the data: it
 * has none), the latter under the key of what was read. */
static void overview_scan_end(const struct overview_scan *os, const struct report_build *rb,
                              const struct metrics_period *all)
{
	unsigned char (*again)[32] = NULL;
	uint8_t *keyed = NULL, *keep = NULL;
	size_t added = 0;

	if (!os->cache || !(again = calloc(os->n, sizeof *again)) || !(keyed = calloc(os->n, 1)) ||
	    !(keep = calloc(os->n, 1)) || overview_keys(os, rb, all, again, keyed) < 0)
		goto out;
	for (size_t d = 0; d < os->n; d++) {
		int fresh = !os->kept[d] && os->keyed[d] && keyed[d] && os->bounds[d][0] <= rb->watermark_ms &&
		            memcmp(again[d], os->keys[d], 32) == 0;

		keep[d] = (uint8_t)(os->kept[d] || fresh);
		added += (size_t)fresh;
	}
	if (added)
		overview_days_save(rb->rq.state_dir, rb->rq.contract->client, all->first_day, os->n, os->sig, os->keys,
		                   os->bounds, keep, os->days);
out:
	free(again);
	free(keyed);
	free(keep);
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
	struct overview_scan os = { 0 };
	int64_t from_ms, to_ms, scan_to, scan_from = INT64_MAX;
	int inited = 0, rc = 0, ret = -1, ch, ny = rb->rq.year, nm = rb->rq.month + 1;
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
		int64_t from;

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
		per[ch].day_cache = 1; /* the month is the merge of its days (metrics_daycache.h) */
		metrics_period_share_fcr(&per[ch], &rb->ev.fcr_share); /* the FCR SLA's outcomes */
		if (metrics_period_cache_begin(&per[ch], rb->rq.state_dir, c->client, &from, err) < 0)
			goto out;
		if (from < scan_from)
			scan_from = from;
	}
	if (overview_scan_begin(&os, rb, per, params, &scan_from) < 0) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	scan_to = to_ms;
	if (params[CH_COUNT].fcr == FCR_REPEAT)
		scan_to += (int64_t)params[CH_COUNT].fcr_window_days * MS_PER_DAY; /* repeat look-ahead */
	if (scan_from < scan_to) {
		if (store_scan_open(&scan, rb->rq.state_dir, c->client, scan_from, scan_to, err) < 0)
			goto out;
		while ((rc = store_scan_next(&scan, &ct, err)) == 1) {
			struct overview_day *od;

			for (ch = 0; ch <= CH_COUNT; ch++)
				if (metrics_period_add(&per[ch], &ct) < 0) {
					rc = ccsla_error_set(err, NULL, 0, NULL, "out of memory");
					break;
				}
			if (rc < 0)
				break;
			if (ct.arrived_at_ms >= to_ms)
				continue;
			d = (size_t)(tz_local_days(c->zone, ct.arrived_at_ms) - per[CH_COUNT].first_day);
			if (d >= os.n || os.kept[d])
				continue;
			od = &os.days[d];
			if (overview_day_add_file(od, ct.src_file) < 0 ||
			    (ct.channel < CH_COUNT && outcome_is_offered(ct.outcome) &&
			     metrics_filter_select(&filter[ct.channel], &ct) == SELECT_IN &&
			     overview_day_add_profile(od, ct.channel, params[ct.channel].threshold_s, &ct) < 0)) {
				rc = ccsla_error_set(err, NULL, 0, NULL, "out of memory");
				break;
			}
		}
		store_scan_close(&scan);
		if (rc < 0)
			goto out;
	}
	for (ch = 0; ch <= CH_COUNT; ch++) {
		metrics_period_finish(&per[ch]);
		if (per[ch].fcr_misread) {
			ccsla_error_set(err, NULL, 0, NULL, "the store of %s changed while it was read (repeat FCR): run again",
			                c->client);
			goto out;
		}
	}
	for (ch = 0; ch <= CH_COUNT; ch++)
		metrics_period_cache_end(&per[ch], rb->rq.state_dir, c->client);
	overview_scan_end(&os, rb, &per[CH_COUNT]);
	for (d = 0; d < os.n; d++)
		overview_day_merge(&os.days[d], rb->file_rows, rb->reg.count, prof, rb->watermark_ms);

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
	overview_scan_release(&os);
	free(prof);
	return ret;
}
