/* evaluate_forecast.c -- the forecast clauses of an evaluation
 * (evaluate.h; contracts.md v2, operations-logs.md "forecast"):
 *
 * - metric forecast_accuracy: 100 (1 - sum |actual - forecast| / sum
 *   forecast) over the month's intervals with a forecast, up to the end of
 *   the data's last local day (a draft does not hold days to come against
 *   the forecast); no forecast for the month: not measurable, never met.
 * - relief: [forecast]: an interval whose offered contacts exceed the
 *   forecast by more than the contract's tolerance_pct leaves the SLA's
 *   population. Each such interval becomes an exclusion window of reason
 *   volume-over-forecast in a copy of the contract's calendar, so the
 *   metric engine removes its contacts exactly as it removes an agreed
 *   window's (counted in the SLA's excluded) and nothing here recounts
 *   them. An interval without a forecast is not relieved (the spec says
 *   nothing for it); the days without one are listed.
 *
 * The over-forecast test reads the SLA's channels and direction, every
 * queue and every hour: the forecast is the client's for the channel, and
 * an interval's volume does not shrink because the SLA counts fewer hours. */
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "core/timefmt.h"
#include "metrics/forecast_accuracy.h"
#include "evaluate.h"
#include "money.h"

static void interval_label(const struct contract *c, int64_t start_ms, char *buf, size_t size)
{
	struct metrics_interval iv;

	memset(&iv, 0, sizeof iv);
	iv.start_ms = start_ms;
	iv.offset_s = tz_offset_s(c->zone, start_ms);
	metrics_interval_label(&iv, c->zone, buf, size);
}

static int load_series(struct forecast_series *fs, const struct contract *c, const struct sla *s,
                       const char *state_dir, int64_t from_ms, int64_t to_ms, int all_queues_and_hours,
                       struct ccsla_error *err)
{
	struct metrics_filter f = s->filter;
	struct forecast_series_query q;

	f.cal = &c->cal;
	if (all_queues_and_hours) {
		f.queues = NULL;
		f.queue_count = 0;
		f.service_hours_only = 0;
	}
	q.state_dir = state_dir;
	q.client = c->client;
	q.zone = c->zone;
	q.lock_days = c->forecast.lock_days;
	q.interval_min = c->forecast.interval_min;
	q.from_ms = from_ms;
	q.to_ms = to_ms;
	q.filter = &f;
	return forecast_series_load(fs, &q, err);
}

int evaluate_forecast_measure(struct sla_result *res, const struct contract *c, const char *state_dir,
                              int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ratio *r,
                              int64_t *volume, struct ccsla_error *err)
{
	struct forecast_series fs;
	int64_t n = 0, actual = 0, forecast = 0, until_ms;
	char fc[32];
	int ret = 1;

	*r = (struct ratio){ 0, 0 };
	*volume = 0;
	if (load_series(&fs, c, res->sla, state_dir, from_ms, to_ms, 0, err) < 0)
		return -1;
	if (!fs.found) {
		snprintf(res->reason, sizeof res->reason, "no forecast counts for the period (lock_days %d)",
		         c->forecast.lock_days);
		snprintf(res->basis, sizeof res->basis, "no forecast");
		goto out;
	}
	if (watermark_ms == TIME_NONE && metrics_store_watermark(state_dir, c->client, &watermark_ms, err) < 0) {
		ret = -1;
		goto out;
	}
	if (watermark_ms == TIME_NONE) {
		snprintf(res->reason, sizeof res->reason, "no contacts ingested: nothing to hold the forecast against");
		snprintf(res->basis, sizeof res->basis, "no contacts");
		goto out;
	}
	until_ms = tz_local_day_start(c->zone, tz_local_days(c->zone, watermark_ms) + 1);
	forecast_accuracy_value(&fs, until_ms, r, &n);
	for (size_t i = 0; i < fs.n && fs.start_ms[i] < until_ms; i++)
		if (fs.has[i]) {
			actual += fs.actual[i];
			forecast += fs.forecast_x400[i];
		}
	if (!n) {
		snprintf(res->reason, sizeof res->reason, "no forecast for the days with data");
		snprintf(res->basis, sizeof res->basis, "no forecast");
		goto out;
	}
	forecast_x400_format(forecast, fc, sizeof fc);
	snprintf(res->basis, sizeof res->basis, "%lld offered against %s forecast, %lld intervals", (long long)actual,
	         fc, (long long)n);
	res->offered = actual;
	*volume = actual;
	ret = 0;
out:
	forecast_series_release(&fs);
	return ret;
}

/* The days of the month on which no interval has a forecast. */
static int list_unforecast_days(struct sla_result *res, const struct contract *c, const struct forecast_series *fs,
                                struct ccsla_error *err)
{
	int64_t d0 = tz_local_days(c->zone, fs->from_ms), d1 = tz_local_days(c->zone, fs->to_ms - 1);
	size_t nd = (size_t)(d1 - d0 + 1), i;
	char *has_day = calloc(nd, 1);

	if (!has_day || !(res->relief_no_forecast = calloc(nd, sizeof *res->relief_no_forecast))) {
		free(has_day);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	for (i = 0; i < fs->n; i++) {
		if (fs->has[i])
			has_day[tz_local_days(c->zone, fs->start_ms[i]) - d0] = 1;
		else
			res->relief_unforecast_intervals++;
	}
	for (i = 0; i < nd; i++)
		if (!has_day[i]) {
			int y, m, d;

			days_to_civil(d0 + (int64_t)i, &y, &m, &d);
			snprintf(res->relief_no_forecast[res->relief_no_forecast_count++], sizeof *res->relief_no_forecast,
			         "%04d-%02d-%02d", y % 10000, m, d);
		}
	free(has_day);
	return 0;
}

int evaluate_forecast_relieved(struct sla_result *res, const struct contract *c, const char *state_dir,
                               int64_t from_ms, int64_t to_ms, int64_t watermark_ms, evaluate_measure_fn measure,
                               struct ccsla_error *err)
{
	const struct calendar *cal = &c->cal;
	struct forecast_series fs;
	struct contract cc;
	struct exclusion *merged = NULL;
	long *src = NULL;                /* [window] >= 0: the contract's window; < 0: relief -(k + 1) */
	size_t nrel = 0, nw, a = 0, b = 0, w, i;
	int ret = -1;

	if (load_series(&fs, c, res->sla, state_dir, from_ms, to_ms, 1, err) < 0)
		return -1;
	for (i = 0; i < fs.n; i++)
		nrel += fs.has[i] && forecast_over(fs.actual[i], fs.forecast_x400[i], c->forecast.tolerance_bp);
	if (list_unforecast_days(res, c, &fs, err) < 0)
		goto out;
	if (nrel && !(res->relief = calloc(nrel, sizeof *res->relief)))
		goto oom;
	for (i = 0; i < fs.n; i++) {
		struct eval_relief *e;

		if (!fs.has[i] || !forecast_over(fs.actual[i], fs.forecast_x400[i], c->forecast.tolerance_bp))
			continue;
		e = &res->relief[res->relief_count++];
		interval_label(c, fs.start_ms[i], e->when, sizeof e->when);
		e->start_ms = fs.start_ms[i];
		e->end_ms = fs.start_ms[i] + fs.len_ms;
		e->actual = fs.actual[i];
		e->forecast_x400 = fs.forecast_x400[i];
		forecast_x400_format(e->forecast_x400, e->forecast, sizeof e->forecast);
		forecast_x400_format(e->actual * 400 - e->forecast_x400, e->excess, sizeof e->excess);
	}
	/* the agreed windows and the relieved intervals in from_ms order (an
	 * agreed window first at a tie), as calendar_exclusion_at expects */
	nw = cal->exclusion_count + nrel;
	if (nw && (!(merged = calloc(nw, sizeof *merged)) || !(src = calloc(nw, sizeof *src))))
		goto oom;
	for (w = 0; w < nw; w++) {
		if (b == nrel || (a < cal->exclusion_count && cal->exclusions[a].from_ms <= res->relief[b].start_ms)) {
			merged[w] = cal->exclusions[a];
			src[w] = (long)a++;
			continue;
		}
		merged[w].from_ms = res->relief[b].start_ms;
		merged[w].to_ms = res->relief[b].end_ms;
		snprintf(merged[w].reason, sizeof merged[w].reason, "volume-over-forecast");
		src[w] = -(long)++b;
	}
	cc = *c;                         /* shares everything; only the windows differ */
	cc.cal.exclusions = merged;
	cc.cal.exclusion_count = nw;
	if (measure(res, &cc, state_dir, from_ms, to_ms, watermark_ms, err) < 0)
		goto out;
	if (nw && res->excluded_by_window) {
		int64_t *byw = res->excluded_by_window;

		res->excluded_by_window = NULL;
		if (cal->exclusion_count && !(res->excluded_by_window = calloc(cal->exclusion_count, sizeof *byw))) {
			free(byw);
			goto oom;
		}
		for (w = 0; w < nw; w++) {
			if (src[w] >= 0) {
				res->excluded_by_window[src[w]] = byw[w];
			} else {
				res->relief[-src[w] - 1].removed = byw[w];
				res->relief_removed += byw[w];
			}
		}
		free(byw);
	}
	ret = 0;
	goto out;
oom:
	ccsla_error_set(err, NULL, 0, NULL, "out of memory");
out:
	free(merged);
	free(src);
	forecast_series_release(&fs);
	return ret;
}

void evaluate_forecast_release(struct sla_result *res)
{
	free(res->relief);
	free(res->relief_no_forecast);
	res->relief = NULL;
	res->relief_no_forecast = NULL;
	res->relief_count = res->relief_no_forecast_count = 0;
}

void evaluate_forecast_sla_json(struct jsonw *j, const struct sla_result *r)
{
	if (!r->sla->relief_forecast)
		return;
	jsonw_key(j, "relief");
	jsonw_object_begin(j);
	jsonw_kv_string(j, "kind", "forecast");
	jsonw_kv_int(j, "contacts_removed", r->relief_removed);
	jsonw_key(j, "intervals");
	jsonw_array_begin(j);
	for (size_t i = 0; i < r->relief_count; i++) {
		const struct eval_relief *e = &r->relief[i];

		jsonw_object_begin(j);
		jsonw_kv_string(j, "start", e->when);
		jsonw_kv_int(j, "actual", e->actual);
		jsonw_kv_string(j, "forecast", e->forecast);
		jsonw_kv_string(j, "excess", e->excess);
		jsonw_kv_int(j, "contacts_removed", e->removed);
		jsonw_object_end(j);
	}
	jsonw_array_end(j);
	jsonw_kv_int(j, "intervals_without_forecast", r->relief_unforecast_intervals);
	jsonw_key(j, "days_without_forecast");
	jsonw_array_begin(j);
	for (size_t i = 0; i < r->relief_no_forecast_count; i++)
		jsonw_string(j, r->relief_no_forecast[i]);
	jsonw_array_end(j);
	jsonw_object_end(j);
}

void evaluate_forecast_relief_json(struct jsonw *j, const struct evaluation *ev)
{
	const struct contract_forecast *f = &ev->contract->forecast;
	char buf[48];

	jsonw_key(j, "relief");
	jsonw_object_begin(j);
	if (f->tolerance_bp >= 0) {
		decimal_format(f->tolerance_bp, 2, 2, buf, sizeof buf);
		jsonw_kv_string(j, "tolerance_pct", buf);
	}
	jsonw_kv_int(j, "lock_days", f->lock_days);
	jsonw_kv_int(j, "interval_min", f->interval_min);
	jsonw_key(j, "intervals");
	jsonw_array_begin(j);
	for (size_t k = 0; k < ev->result_count; k++) {
		const struct sla_result *r = &ev->results[k];

		for (size_t i = 0; i < r->relief_count; i++) {
			const struct eval_relief *e = &r->relief[i];

			jsonw_object_begin(j);
			jsonw_kv_string(j, "sla_id", r->sla->id);
			rfc3339_format_utc(e->start_ms, buf, sizeof buf);
			jsonw_kv_string(j, "from", buf);
			rfc3339_format_utc(e->end_ms, buf, sizeof buf);
			jsonw_kv_string(j, "to", buf);
			jsonw_kv_string(j, "reason", "volume-over-forecast");
			jsonw_kv_int(j, "actual", e->actual);
			jsonw_kv_string(j, "forecast", e->forecast);
			jsonw_kv_string(j, "excess", e->excess);
			jsonw_kv_int(j, "contacts_removed", e->removed);
			jsonw_object_end(j);
		}
	}
	jsonw_array_end(j);
	jsonw_object_end(j);
}
