/* forecast_accuracy.c -- forecast against actual per interval, the
 * accuracy and the over-forecast test (forecast_accuracy.h;
 * spec/operations-logs.md "forecast").
 *
 * The intervals of a local period step by their length in UTC from a
 * local midnight: a daylight-saving change moves the clock by an hour,
 * a multiple of every interval length, so each step starts on a local
 * multiple (a 23-hour day has 46 half-hours, a 25-hour day 50). */
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "forecast_accuracy.h"
#include "staffing_forecast.h"

__extension__ typedef __int128 i128;

void forecast_series_release(struct forecast_series *fs)
{
	free(fs->start_ms);
	free(fs->actual);
	free(fs->forecast_x400);
	free(fs->has);
	memset(fs, 0, sizeof *fs);
}

/* Offered contacts of the population per interval, exclusion windows or
 * not: the volume the client's forecast is held against. */
static int count_actual(struct forecast_series *fs, const struct forecast_series_query *q,
                        struct ccsla_error *err)
{
	struct metrics_filter f = *q->filter;
	struct store_scan sc;
	struct contact ct;
	int rc;

	if (store_scan_open(&sc, q->state_dir, q->client, fs->from_ms, fs->to_ms, err) < 0)
		return -1;
	while ((rc = store_scan_next(&sc, &ct, err)) == 1) {
		int64_t k;

		if (ct.arrived_at_ms < fs->from_ms || ct.arrived_at_ms >= fs->to_ms || !outcome_is_offered(ct.outcome) ||
		    metrics_filter_select(&f, &ct) == SELECT_OUT)
			continue;
		k = (ct.arrived_at_ms - fs->from_ms) / fs->len_ms;
		if ((size_t)k < fs->n)
			fs->actual[k]++;
	}
	store_scan_close(&sc);
	return rc < 0 ? -1 : 0;
}

int forecast_series_load(struct forecast_series *fs, const struct forecast_series_query *q,
                         struct ccsla_error *err)
{
	struct forecast_query fq = { q->state_dir, q->client, q->zone, q->lock_days,
	                             q->filter ? q->filter->channels : 0 };
	struct forecast_grid g = { 0 };
	double *offered = NULL, *aw = NULL, *ao = NULL;
	size_t i, m;
	int ret = -1;

	memset(fs, 0, sizeof *fs);
	fs->from_ms = q->from_ms;
	fs->to_ms = q->to_ms;
	fs->len_ms = (int64_t)q->interval_min * 60000;
	if (fs->len_ms <= 0 || q->to_ms <= q->from_ms)
		return ccsla_error_set(err, NULL, 0, "interval_min", "no intervals to compare with a forecast");
	fs->n = (size_t)((q->to_ms - q->from_ms + fs->len_ms - 1) / fs->len_ms);
	m = fs->n;
	if (!(fs->start_ms = calloc(m, sizeof *fs->start_ms)) || !(fs->actual = calloc(m, sizeof *fs->actual)) ||
	    !(fs->forecast_x400 = calloc(m, sizeof *fs->forecast_x400)) || !(fs->has = calloc(m, sizeof *fs->has)) ||
	    !(offered = calloc(m, sizeof *offered)) || !(aw = calloc(m, sizeof *aw)) || !(ao = calloc(m, sizeof *ao))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < m; i++)
		fs->start_ms[i] = q->from_ms + (int64_t)i * fs->len_ms;
	g.start_ms = fs->start_ms;
	g.n = m;
	g.len_ms = fs->len_ms;
	g.offered = offered;
	g.aht_weighted = aw;
	g.aht_offered = ao;
	g.has = fs->has;
	g.offered_x400 = fs->forecast_x400;
	if (staffing_forecast_load(&fq, &g, &fs->found, err) < 0 || count_actual(fs, q, err) < 0)
		goto out;
	ret = 0;
out:
	free(offered);
	free(aw);
	free(ao);
	if (ret < 0)
		forecast_series_release(fs);
	return ret;
}

void forecast_accuracy_value(const struct forecast_series *fs, int64_t until_ms, struct ratio *r,
                             int64_t *intervals)
{
	int64_t sum_fc = 0, sum_err = 0, n = 0;

	for (size_t i = 0; i < fs->n && fs->start_ms[i] < until_ms; i++) {
		int64_t a = fs->actual[i] * 400, f = fs->forecast_x400[i];

		if (!fs->has[i])
			continue;
		sum_fc += f;
		sum_err += a > f ? a - f : f - a;
		n++;
	}
	*intervals = n;
	/* 100 (1 - E / F) = 100 (F - E) / F, both x 400 */
	*r = sum_fc > 0 ? (struct ratio){ 100 * (sum_fc - sum_err), sum_fc } : (struct ratio){ 0, 0 };
}

int forecast_over(int64_t actual, int64_t forecast_x400, int64_t tolerance_bp)
{
	/* actual > forecast (1 + t / 10000): actual x 400 x 10000 > forecast_x400 (10000 + t) */
	return (i128)actual * 400 * 10000 > (i128)forecast_x400 * (10000 + tolerance_bp);
}

void forecast_x400_format(int64_t x400, char *buf, size_t size)
{
	struct ratio r = { x400, 400 };

	ratio_format(&r, 2, buf, size);
}
