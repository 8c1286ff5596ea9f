/* forecast_accuracy.h -- the client's forecast against the contacts that
 * arrived, interval by interval (spec/operations-logs.md "forecast"):
 * forecast_accuracy_pct and the over-forecast test of `relief: [forecast]`.
 *
 * Exact: the forecast is kept x 400 (hundredths of a contact, in quarters,
 * so that a 60-minute forecast spread over 15-minute intervals loses
 * nothing) and every figure is a ratio of integers.
 *
 *   struct forecast_series fs;
 *   forecast_series_load(&fs, &q, &err);
 *   forecast_accuracy_value(&fs, fs.to_ms, &r, &intervals);
 *   forecast_over(fs.actual[i], fs.forecast_x400[i], tolerance_bp)
 *   forecast_series_release(&fs);
 *
 * Implementation: forecast_accuracy.c; the version of the forecast that
 * counts (lock days): staffing_forecast.c. */
#ifndef CCSLA_FORECAST_ACCURACY_H
#define CCSLA_FORECAST_ACCURACY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/tz.h"
#include "metrics.h"

struct forecast_series_query {
	const char *state_dir, *client;
	const struct tz *zone;        /* local days of the lock rule and the labels */
	int lock_days;                /* forecast.lock_days (0: published before the interval) */
	int interval_min;             /* 15, 30 or 60 */
	int64_t from_ms, to_ms;       /* [from, to): local midnights */
	const struct metrics_filter *filter; /* the population of `actual`: its channels also
	                                 choose the forecast's (0: every channel); a contact
	                                 counts when offered and selected, inside an
	                                 exclusion window or not (the volume that arrived) */
};

struct forecast_series {
	int64_t from_ms, to_ms, len_ms;
	size_t n;                     /* intervals of [from, to) */
	int64_t *start_ms;            /* [n] UTC starts, ascending; owned */
	int64_t *actual;              /* [n] offered contacts that arrived; owned */
	int64_t *forecast_x400;       /* [n] the counting forecast x 400; owned */
	int *has;                     /* [n] 1 when a forecast covers the interval; owned */
	int found;                    /* any forecast counts for the period */
};

/* Reads the forecast log and the contacts of [from, to). On success the
 * caller releases fs. -1 (err) on a read error or out of memory. */
int forecast_series_load(struct forecast_series *fs, const struct forecast_series_query *q,
                         struct ccsla_error *err);
void forecast_series_release(struct forecast_series *fs);

/* forecast_accuracy_pct = 100 x (1 - sum |actual - forecast| / sum forecast)
 * over the intervals with a forecast that start before until_ms (the data's
 * days: a draft does not count days to come as zero contacts). n/a (den 0)
 * when the forecasts sum to 0. *intervals: how many were counted. */
void forecast_accuracy_value(const struct forecast_series *fs, int64_t until_ms, struct ratio *r,
                             int64_t *intervals);

/* 1 when actual exceeds forecast x (1 + tolerance / 100): the interval is
 * "over forecast" (tolerance_bp: the contract's tolerance_pct x 100;
 * exactly at the tolerance is not over). */
int forecast_over(int64_t actual, int64_t forecast_x400, int64_t tolerance_bp);

/* "12.50" from a forecast x 400 (rounded half-up to hundredths). */
void forecast_x400_format(int64_t x400, char *buf, size_t size);

#endif
