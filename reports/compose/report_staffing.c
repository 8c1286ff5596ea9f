/* report_staffing.c -- section 6 of the report, "Forecast and staffing"
 * (report.md v2; ISO 18295-1 7.3), shown when the client has a forecast or
 * an agent-state log for the month:
 *
 * - per channel the forecast covers, forecast against actual offered per
 *   local day with the day's accuracy, and the month's forecast accuracy:
 *   metrics/forecast_accuracy.h with the contract's lock days and interval,
 *   the population of the channel's forecast_accuracy SLA when there is
 *   one (so the figure is the SLA's and `ccsla metrics --kind forecast`'s);
 * - the over-forecast intervals and the SLAs whose relief removed them
 *   (the intervals themselves are listed under Exclusions and relief);
 * - required against staffed agents per interval for the 3 days with the
 *   largest shortfall, and occupancy per day and for the month. Each day is
 *   one staffing_run (metrics/staffing.h) over that day alone with the
 *   parameters `ccsla staffing` takes, so the figures are those of
 *   `ccsla staffing --from D --to D` (the period's AHT of an interval
 *   without one is the day's). Criterion and model: the contract's
 *   staffing:, else sl with the channel's service-level SLA (else 80 %
 *   within 20 s), erlang-c.
 *
 * The staffing rows of every day are kept in rb->staff (staffing.csv,
 * evidence.c). A draft counts only the days that have begun. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "metrics/forecast_accuracy.h"
#include "metrics/staffing.h"
#include "numfmt.h"
#include "report_build.h"

#define WORST_DAYS 3

static const char *count(struct report_build *rb, int64_t n)
{
	char buf[NUMFMT_MAX];

	numfmt_count(n, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

/* A forecast x 400 as "1,234.50" (half-up to hundredths, as forecast.csv's figures). */
static const char *x400_text(struct report_build *rb, int64_t x400)
{
	int64_t cents = (x400 + 2) / 4;
	char whole[NUMFMT_MAX];

	numfmt_count(cents / 100, whole, sizeof whole);
	return strpool_printf(&rb->pool, "%s.%02d", whole, (int)(cents % 100));
}

/* "37.5" from 37.50, "42" from 42.00: agents in words */
static void agents_words(double v, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "%.2f", floor(v * 100.0 + 0.5) / 100.0);
	if ((p = strchr(buf, '.'))) {
		char *e = buf + strlen(buf) - 1;

		while (e > p && *e == '0')
			*e-- = '\0';
		if (e == p)
			*e = '\0';
	}
}

/* 100 (F - E) / F over x400 sums as "94.57", "n/a" when F = 0 */
static const char *accuracy_text(struct report_build *rb, int64_t sum_fc, int64_t sum_err)
{
	struct ratio r = sum_fc > 0 ? (struct ratio){ 100 * (sum_fc - sum_err), sum_fc } : (struct ratio){ 0, 0 };
	char buf[32];

	ratio_format(&r, 2, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

static const struct sla *channel_sla(const struct contract *c, enum metric_id m, int ch, int exactly)
{
	for (size_t i = 0; i < c->sla_count; i++) {
		const struct sla *s = &c->slas[i];

		if (s->metric != m)
			continue;
		if (exactly ? s->filter.channels == 1u << ch : !s->filter.channels || (s->filter.channels >> ch & 1u))
			return s;
	}
	return NULL;
}

/* The parameters of `ccsla staffing` for channel ch (see the file's head). */
static void staffing_setup(const struct contract *c, int ch, struct staffing_params *sp, char *words, size_t size)
{
	const struct sla *sl = channel_sla(c, METRIC_SERVICE_LEVEL, ch, 0);
	const struct contract_staffing *st = &c->staffing;
	char tgt[32] = "80";

	memset(sp, 0, sizeof *sp);
	sp->model = (enum erlang_model)st->model;
	sp->criterion = (enum staffing_criterion)st->criterion;
	sp->threshold_s = sl ? sl->params.threshold_s : 20;
	if (sp->criterion == CRIT_SL) {
		double pct = 80;

		if (st->target > 0) {
			pct = st->target;
			snprintf(tgt, sizeof tgt, "%s", st->target_text);
		} else if (sl) {
			pct = (double)sl->target.value / pow(10, sl->target.scale);
			snprintf(tgt, sizeof tgt, "%.*f", sl->target.scale, pct);
		}
		sp->target = pct / 100.0;
		snprintf(words, size, "%s %% answered within %g seconds (%s)", tgt, sp->threshold_s,
		         st->target > 0 ? "the contract's staffing: target" : sl ? sl->id : "no service-level SLA: the default");
	} else if (sp->criterion == CRIT_ASA) {
		sp->target = st->target;
		snprintf(words, size, "an average speed of answer of at most %s seconds", st->target_text);
	} else {
		sp->target = st->target;
		snprintf(words, size, "a probability of waiting of at most %s", st->target_text);
	}
}

/* tolerance_pct as the contract says it: 5000 -> "50", 1250 -> "12.5" */
static const char *tolerance_text(int64_t bp, char *buf, size_t size)
{
	if (bp % 100 == 0)
		snprintf(buf, size, "%lld", (long long)(bp / 100));
	else if (bp % 10 == 0)
		snprintf(buf, size, "%lld.%lld", (long long)(bp / 100), (long long)(bp % 100 / 10));
	else
		snprintf(buf, size, "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
	return buf;
}

/* "10:00" of a local instant (ms of local time) */
static void hhmm(int64_t local_ms, char *buf, size_t size)
{
	int64_t in_day = local_ms - floor_div(local_ms, MS_PER_DAY) * MS_PER_DAY;

	snprintf(buf, size, "%02d:%02d", (int)(in_day / 3600000), (int)(in_day / 60000 % 60));
}

struct day_tot {
	double shortfall, staffed, busy;
	int64_t offered;
};

/* One staffing_run per local day of channel ch; rows appended to rb->staff. */
static int staff_channel(struct report_build *rb, int ch, int interval_min, size_t days,
                         const struct staffing_params *sp, struct day_tot *tot, int *agents,
                         struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;

	for (size_t d = 0; d < days; d++) {
		struct metrics_query q;
		struct staffing_result res;
		struct report_staff_rec *grown;

		memset(&q, 0, sizeof q);
		metric_params_default(&q.params);
		q.params.keep_waits = 0; /* as ccsla staffing */
		metrics_filter_default(&q.filter);
		q.filter.channels = 1u << ch;
		q.state_dir = rb->rq.state_dir;
		q.client = c->client;
		q.zone = c->zone;
		q.from_ms = tz_local_day_start(c->zone, rb->first_day + (int64_t)d);
		q.to_ms = tz_local_day_start(c->zone, rb->first_day + (int64_t)d + 1);
		q.interval_min = interval_min;
		q.by[0] = DIM_INTERVAL;
		q.by_count = 1;
		if (staffing_run(&q, sp, &res, err) < 0)
			return -1;
		*agents |= res.have_agents;
		if (res.count && !(grown = realloc(rb->staff, (rb->n_staff + res.count) * sizeof *grown))) {
			staffing_result_release(&res);
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		} else if (res.count) {
			rb->staff = grown;
		}
		memset(&tot[d], 0, sizeof tot[d]);
		for (size_t i = 0; i < res.count; i++) {
			struct report_staff_rec *r = &rb->staff[rb->n_staff++];

			r->channel = ch;
			r->day = (int64_t)d;
			r->row = res.rows[i];
			tot[d].shortfall += staffing_shortfall(&r->row);
			tot[d].staffed += r->row.staffed_agents;
			tot[d].busy += r->row.busy_agents;
			tot[d].offered += (int64_t)r->row.offered;
		}
		staffing_result_release(&res);
	}
	return 0;
}

static const char *occupancy_text(struct report_build *rb, double busy, double staffed)
{
	return staffed > 0 ? strpool_printf(&rb->pool, "%.2f", 100.0 * busy / staffed) : "n/a";
}

/* The worst days of channel ch: the intervals with staff or required agents. */
static int fill_worst(struct report_build *rb, struct report_fc_channel *fc, int ch, size_t days,
                      const struct day_tot *tot)
{
	struct report_staff_day *wd = strpool_alloc(&rb->pool, WORST_DAYS * sizeof *wd);
	size_t pick[WORST_DAYS], n = 0;

	if (!wd)
		return -1;
	for (size_t d = 0; d < days; d++) {
		size_t k;

		if (tot[d].shortfall <= 0)
			continue;
		/* insertion into the top WORST_DAYS, largest first, earlier day on a tie */
		for (k = n; k > 0 && tot[pick[k - 1]].shortfall < tot[d].shortfall; k--)
			if (k < WORST_DAYS)
				pick[k] = pick[k - 1];
		if (k < WORST_DAYS) {
			pick[k] = d;
			if (n < WORST_DAYS)
				n++;
		}
	}
	for (size_t w = 0; w < n; w++) {
		struct report_staff_row *rows;
		size_t nr = 0, cap = 0;
		const struct staffing_row *most = NULL;
		char st[32], sh[32], at[8];

		for (size_t i = 0; i < rb->n_staff; i++)
			cap += rb->staff[i].channel == ch && (size_t)rb->staff[i].day == pick[w];
		if (!(rows = strpool_alloc(&rb->pool, (cap ? cap : 1) * sizeof *rows)))
			return -1;
		for (size_t i = 0; i < rb->n_staff; i++) {
			const struct staffing_row *r = &rb->staff[i].row;
			int64_t local = r->interval_ms + (int64_t)r->offset_s * 1000;
			char buf[NUMFMT_MAX], aht[NUMFMT_MAX];

			if (rb->staff[i].channel != ch || (size_t)rb->staff[i].day != pick[w])
				continue;
			if (r->required <= 0 && r->staffed_agents <= 0)
				continue;
			hhmm(local, at, sizeof at);
			rows[nr].when = strpool_printf(&rb->pool, "%s", at);
			rows[nr].offered = count(rb, (int64_t)r->offered);
			if (r->aht_s >= 0)
				numfmt_wait(r->aht_s, aht, sizeof aht);
			rows[nr].aht = r->aht_s >= 0 ? strpool_printf(&rb->pool, "%s", aht) : "n/a";
			rows[nr].required = r->required >= 0 ? count(rb, r->required) : "n/a";
			staffing_cell(r, STAFF_STAFFED, 0, 1, buf, sizeof buf);
			rows[nr].staffed = strpool_printf(&rb->pool, "%s", buf);
			staffing_cell(r, STAFF_SHORTFALL, 0, 1, buf, sizeof buf);
			rows[nr].shortfall = strpool_printf(&rb->pool, "%s", buf);
			if (!most || staffing_shortfall(r) > staffing_shortfall(most))
				most = r;
			nr++;
		}
		wd[w].date = rb->dates[pick[w]];
		wd[w].rows = rows;
		wd[w].n_rows = nr;
		if (most) {
			int64_t local = most->interval_ms + (int64_t)most->offset_s * 1000;

			hhmm(local, at, sizeof at);
			agents_words(most->staffed_agents, st, sizeof st);
			agents_words(staffing_shortfall(most), sh, sizeof sh);
			wd[w].summary = strpool_printf(&rb->pool, "%.2f agent-intervals short over the day; the largest gap: "
			                               "%s agent%s staffed, %lld required at %s (%s short)",
			                               tot[pick[w]].shortfall, st, strcmp(st, "1") ? "s" : "",
			                               (long long)most->required, at, sh);
		}
	}
	fc->worst = wd;
	fc->n_worst = n;
	return 0;
}

/* The month's forecast series of channel ch. */
static int forecast_channel(struct report_build *rb, int ch, struct forecast_series *fs, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	const struct sla *acc = channel_sla(c, METRIC_FORECAST_ACCURACY, ch, 1);
	struct metrics_filter f;
	struct forecast_series_query q;

	if (acc) {
		f = acc->filter; /* the SLA's population: the same figure */
	} else {
		metrics_filter_default(&f);
		f.channels = 1u << ch;
	}
	f.cal = &c->cal;
	q.state_dir = rb->rq.state_dir;
	q.client = c->client;
	q.zone = c->zone;
	q.lock_days = c->forecast.lock_days;
	q.interval_min = c->forecast.set ? c->forecast.interval_min : 30;
	q.from_ms = tz_local_day_start(c->zone, rb->first_day);
	q.to_ms = tz_local_day_start(c->zone, rb->first_day + (int64_t)rb->day_count);
	q.filter = &f;
	return forecast_series_load(fs, &q, err);
}

int report_fill_staffing(struct report_build *rb, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	struct report_model *m = &rb->model;
	struct forecast_series fs[CH_COUNT];
	int have_fc[CH_COUNT] = { 0 }, staff_ch[CH_COUNT] = { 0 }, any_fc = 0, agents = 0, agents_dir, ret = -1;
	int interval_min = c->forecast.set ? c->forecast.interval_min : 30;
	int64_t last, until_ms;
	size_t days, nch = 0;
	struct day_tot *tot = NULL;
	struct report_fc_channel *fcc;
	char path[4300], how[CH_COUNT][200], over[1024] = "";
	double m_busy = 0, m_staffed = 0;

	memset(fs, 0, sizeof fs);
	/* the days that have begun (a draft's); a final's whole month */
	last = rb->watermark_ms == TIME_NONE ? rb->first_day - 1 : tz_local_days(c->zone, rb->watermark_ms);
	days = rb->rq.status != REPORT_DRAFT ? rb->day_count
	     : last < rb->first_day ? 0 : (size_t)(last - rb->first_day + 1) < rb->day_count
	     ? (size_t)(last - rb->first_day + 1) : rb->day_count;
	until_ms = rb->watermark_ms == TIME_NONE ? INT64_MIN
	         : tz_local_day_start(c->zone, tz_local_days(c->zone, rb->watermark_ms) + 1);
	snprintf(path, sizeof path, "%s/ops/agent-state/%s", rb->rq.state_dir, c->client);
	agents_dir = path_exists(path);
	snprintf(path, sizeof path, "%s/ops/agent-state/@shared", rb->rq.state_dir);
	agents_dir |= path_exists(path);
	snprintf(path, sizeof path, "%s/ops/forecast/%s", rb->rq.state_dir, c->client);
	if (!path_exists(path) && !agents_dir)
		return 0; /* neither log: no section 6 */
	/* the channels the forecast covers, among those with contacts */
	if (path_exists(path))
		for (size_t i = 0; i < rb->channel_count; i++) {
			int ch = rb->channels[i].channel;
			struct ratio r;
			int64_t n;

			if (forecast_channel(rb, ch, &fs[ch], err) < 0)
				goto out;
			forecast_accuracy_value(&fs[ch], until_ms, &r, &n);
			have_fc[ch] = fs[ch].found && n > 0;
			any_fc |= have_fc[ch];
			staff_ch[ch] = have_fc[ch];
		}
	/* no forecast: staff the channels a service-level SLA names */
	if (!any_fc)
		for (size_t i = 0; i < rb->channel_count; i++)
			staff_ch[rb->channels[i].channel] = channel_sla(c, METRIC_SERVICE_LEVEL, rb->channels[i].channel, 0) != NULL;
	for (int ch = 0; ch < CH_COUNT; ch++)
		nch += staff_ch[ch];
	if (!nch)
		goto none;
	if (!(tot = calloc((days ? days : 1) * CH_COUNT, sizeof *tot)) ||
	    !(fcc = strpool_alloc(&rb->pool, nch * sizeof *fcc))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	nch = 0;
	for (int ch = 0; ch < CH_COUNT; ch++) {
		struct staffing_params sp;

		if (!staff_ch[ch])
			continue;
		staffing_setup(c, ch, &sp, how[ch], sizeof how[ch]);
		if (staff_channel(rb, ch, interval_min, days, &sp, tot + (size_t)ch * (days ? days : 1), &agents, err) < 0)
			goto out;
	}
	/* "covering the month": some staffed time in the month's intervals */
	if (agents) {
		agents = 0;
		for (size_t i = 0; i < rb->n_staff; i++)
			agents |= rb->staff[i].row.staffed_agents > 0;
	}
	rb->staff_agents = agents;
	if (!any_fc && !agents)
		goto none;
	for (int ch = 0; ch < CH_COUNT; ch++) {
		struct report_fc_channel *fc = &fcc[nch];
		struct report_fc_day *dd;
		const struct day_tot *t = tot + (size_t)ch * (days ? days : 1);
		int64_t msum_fc = 0, msum_err = 0, mact = 0, mact_fc = 0, overs = 0, mwith_fc = 0;
		double sf = 0, busy = 0, staffed = 0;

		if (!staff_ch[ch])
			continue;
		nch++;
		fc->name = channel_name(ch);
		if (!(dd = strpool_alloc(&rb->pool, (days + 1) * sizeof *dd)))
			goto oom;
		for (size_t d = 0; d <= days; d++) {
			int64_t from = tz_local_day_start(c->zone, rb->first_day + (int64_t)d);
			int64_t to = tz_local_day_start(c->zone, rb->first_day + (int64_t)d + 1);
			int64_t sum_fc = 0, sum_err = 0, act = 0, with_fc = 0;

			if (d == days) { /* the month */
				dd[d].date = "Month";
				dd[d].forecast = have_fc[ch] ? x400_text(rb, msum_fc) : "n/a";
				dd[d].actual = count(rb, mact);
				dd[d].accuracy = have_fc[ch] ? accuracy_text(rb, msum_fc, msum_err) : "n/a";
				dd[d].shortfall = agents ? strpool_printf(&rb->pool, "%.2f", sf) : "n/a";
				dd[d].occupancy = agents ? occupancy_text(rb, busy, staffed) : "n/a";
				break;
			}
			dd[d].date = rb->dates[d];
			if (have_fc[ch]) {
				for (size_t i = 0; i < fs[ch].n; i++) {
					int64_t a = fs[ch].actual[i] * 400, f = fs[ch].forecast_x400[i];

					if (fs[ch].start_ms[i] < from || fs[ch].start_ms[i] >= to || fs[ch].start_ms[i] >= until_ms)
						continue;
					act += fs[ch].actual[i];
					if (!fs[ch].has[i])
						continue;
					with_fc++;
					mact_fc += fs[ch].actual[i];
					sum_fc += f;
					sum_err += a > f ? a - f : f - a;
					overs += c->forecast.tolerance_bp >= 0 &&
					         forecast_over(fs[ch].actual[i], f, c->forecast.tolerance_bp);
				}
			} else {
				act = t[d].offered;
			}
			msum_fc += sum_fc;
			msum_err += sum_err;
			mwith_fc += with_fc;
			mact += act;
			sf += t[d].shortfall;
			busy += t[d].busy;
			staffed += t[d].staffed;
			dd[d].forecast = with_fc ? x400_text(rb, sum_fc) : "n/a";
			dd[d].actual = count(rb, act);
			dd[d].accuracy = with_fc ? accuracy_text(rb, sum_fc, sum_err) : "n/a";
			dd[d].shortfall = agents ? strpool_printf(&rb->pool, "%.2f", t[d].shortfall) : "n/a";
			dd[d].occupancy = agents ? occupancy_text(rb, t[d].busy, t[d].staffed) : "n/a";
		}
		m_busy += busy;
		m_staffed += staffed;
		fc->days = dd;
		fc->n_days = days + 1;
		fc->accuracy = dd[days].accuracy;
		if (have_fc[ch]) {
			char tol[128] = "", pct[32];

			if (c->forecast.tolerance_bp >= 0) {
				tolerance_text(c->forecast.tolerance_bp, pct, sizeof pct);
				snprintf(tol, sizeof tol, "; %lld interval%s over the forecast by more than %s %%",
				         (long long)overs, overs == 1 ? "" : "s", pct);
			}
			fc->words = strpool_printf(&rb->pool, "Forecast accuracy of the month %s%s: 100 x (1 - the absolute "
			                           "differences / the forecast) over the %s interval%s with a forecast, %s "
			                           "offered against %s forecast%s. Required agents for %s.", dd[days].accuracy,
			                           strcmp(dd[days].accuracy, "n/a") ? " %" : "", count(rb, mwith_fc),
			                           mwith_fc == 1 ? "" : "s", count(rb, mact_fc), dd[days].forecast, tol, how[ch]);
			if (c->forecast.tolerance_bp >= 0) {
				size_t len = strlen(over);

				snprintf(over + len, sizeof over - len, "%s%s: %lld", len ? ", " : "", channel_name(ch),
				         (long long)overs);
			}
		} else {
			fc->words = strpool_printf(&rb->pool, "No forecast for this channel. Required agents for %s.", how[ch]);
		}
		if (agents && fill_worst(rb, fc, ch, days, t) < 0)
			goto oom;
	}
	m->fc_channels = fcc;
	m->n_fc_channels = nch;
	m->fc_shown = 1;
	m->fc_logs = any_fc && agents ? "From the client's forecast log and the agent-state log."
	           : any_fc ? "From the client's forecast log. There is no agent-state log for the month: staffed "
	                      "agents, shortfall and occupancy read n/a."
	                    : "From the agent-state log. The client delivered no forecast for the month: forecast and "
	                      "accuracy read n/a.";
	if (any_fc) {
		m->fc_version = c->forecast.lock_days > 0
			? strpool_printf(&rb->pool, "The forecast that counts for a day is the latest version the client "
			                 "published at least %d whole local day%s before it (the contract's lock rule); later "
			                 "versions are ignored. Intervals of %d minutes.", c->forecast.lock_days,
			                 c->forecast.lock_days == 1 ? "" : "s", interval_min)
			: strpool_printf(&rb->pool, "The forecast that counts for an interval is the latest version the client "
			                 "published before the interval starts (no lock days in the contract). Intervals of "
			                 "%d minutes.", interval_min);
		/* the over-forecast intervals and the SLAs whose relief removed them */
		{
			char sl[1024] = "", pct[32];
			size_t len = 0;

			for (size_t k = 0; k < rb->ev.result_count && len < sizeof sl; k++) {
				const struct sla_result *r = &rb->ev.results[k];

				if (!r->sla->relief_forecast)
					continue;
				len += (size_t)snprintf(sl + len, sizeof sl - len, "%s%s (%zu interval%s, %s contacts removed)",
				                        len ? ", " : "", r->sla->id, r->relief_count,
				                        r->relief_count == 1 ? "" : "s", count(rb, r->relief_removed));
			}
			if (c->forecast.tolerance_bp < 0)
				m->fc_over = "The contract sets no tolerance over the forecast: no interval is over forecast "
				             "and no SLA is relieved.";
			else
				m->fc_over = strpool_printf(&rb->pool, "Intervals over the forecast by more than %s %% "
				                            "(per channel): %s. %s%s%s", tolerance_text(c->forecast.tolerance_bp, pct,
				                            sizeof pct), over,
				                            sl[0] ? "They relieved " : "No SLA has relief: [forecast]",
				                            sl, sl[0] ? "; each interval is listed under Exclusions and relief, "
				                            "\"Relief: volume over the client's forecast\"." : ".");
		}
	}
	m->fc_staffing = strpool_printf(&rb->pool, "Required agents: the fewest agents with which %s reaches the "
	                                "target named per channel, from each interval's offered contacts and handle "
	                                "time (%s); staffed agents: "
	                                "time available, handling or in wrap-up / interval length, of the client's "
	                                "agents and the shared ones (the agent-state log names no channel). Shortfall: "
	                                "required - staffed, when positive, in agents; a day's Shortfall adds up its "
	                                "intervals' (1.00 is one agent short for one interval). The same figures as "
	                                "ccsla staffing for the "
	                                "day; every interval in staffing.csv.",
	                                c->staffing.model == ERLANG_C ? "Erlang C" : "Erlang A (patience from the day's abandons)",
	                                "an interval without answered contacts takes the day's handle time");
	m->fc_occupancy = agents ? strpool_printf(&rb->pool, "Occupancy of the month: %s %% of staffed time handling or "
	                                          "in wrap-up.", occupancy_text(rb, m_busy, m_staffed))
	                         : NULL;
	ret = 0;
	goto out;
oom:
	ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	goto out;
none:
	ret = 0;
	free(rb->staff);
	rb->staff = NULL;
	rb->n_staff = 0;
out:
	free(tot);
	for (int ch = 0; ch < CH_COUNT; ch++)
		forecast_series_release(&fs[ch]);
	return ret;
}

void report_write_staffing_csv(const struct report_build *rb, FILE *fp)
{
	static const char *const head[] = { "date", "interval_start", "channel", "offered", "aht_ms",
		"traffic_erlangs", "required_agents", "staffed_agents", "occupancy_pct", "shortfall" };
	static const int cols[] = { STAFF_TRAFFIC, STAFF_REQUIRED, STAFF_STAFFED, STAFF_OCCUPANCY, STAFF_SHORTFALL };
	struct csvw w;

	csvw_init(&w, fp);
	for (size_t k = 0; k < sizeof head / sizeof *head; k++)
		csvw_text(&w, head[k]);
	csvw_end_line(&w);
	for (size_t i = 0; i < rb->n_staff; i++) {
		const struct staffing_row *r = &rb->staff[i].row;
		struct metrics_group g;
		char buf[64];

		csvw_text(&w, rb->dates[rb->staff[i].day]);
		memset(&g, 0, sizeof g);
		g.interval_ms = r->interval_ms;
		g.interval_offset_s = r->offset_s;
		metrics_group_label(&g, DIM_INTERVAL, NULL, buf, sizeof buf);
		csvw_text(&w, buf);
		csvw_text(&w, channel_name(rb->staff[i].channel));
		staffing_cell(r, STAFF_OFFERED, 0, rb->staff_agents, buf, sizeof buf);
		csvw_number(&w, buf);
		if (r->aht_s >= 0)
			snprintf(buf, sizeof buf, "%lld", (long long)llround(r->aht_s * 1000.0));
		else
			snprintf(buf, sizeof buf, "n/a");
		csvw_number(&w, buf);
		for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
			if (!staffing_cell(r, cols[k], 0, rb->staff_agents, buf, sizeof buf))
				snprintf(buf, sizeof buf, "n/a");
			csvw_number(&w, buf);
		}
		csvw_end_line(&w);
	}
}
