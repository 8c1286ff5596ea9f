/* staffing_forecast.h -- forecast offered contacts and handle time per
 * interval from the forecast log (staffing_forecast.c). */
#ifndef CCSLA_STAFFING_FORECAST_H
#define CCSLA_STAFFING_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/tz.h"

/* The most contacts a forecast interval may hold (staffing_forecast_load
 * says so for a larger one). */
#define FORECAST_OFFERED_MAX INT64_C(100000000)

struct forecast_query {
	const char *state_dir, *client;
	const struct tz *zone;        /* local days of the lock rule */
	int lock_days;                /* 0: published before the interval starts */
	unsigned channels;            /* bit per enum channel; 0 = all */
};

struct forecast_grid {
	const int64_t *start_ms;      /* interval starts, ascending; not owned */
	size_t n;
	int64_t len_ms;
	double *offered;              /* [n], added to */
	double *aht_weighted;         /* [n]: sum of offered x aht_s where aht_s is given */
	double *aht_offered;          /* [n]: the offered those cover */
	int *has;                     /* [n]: 1 when a forecast covers the interval */
	int64_t *offered_x400;        /* [n] or NULL: offered x 400, added to, exact (hundredths
	                                 of a contact, in quarters: a 60-minute forecast spread
	                                 over 15-minute intervals); forecast_accuracy.c */
};

/* The grid's other fields must be set (offered_x400 may be NULL).
 * *found: 1 when any forecast counts for the grid. -1 (err) when a
 * partition cannot be read. */
int staffing_forecast_load(const struct forecast_query *fq, struct forecast_grid *g, int *found,
                           struct ccsla_error *err);

#endif
