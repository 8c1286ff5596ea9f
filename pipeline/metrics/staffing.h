/* staffing.h -- required agents per local interval from the record store
 * (spec/operations-logs.md "Required agents"): the offered contacts and
 * handle time of each interval, the traffic they make, and the Erlang C
 * or Erlang A staff that meets a criterion.
 *
 *   struct staffing_result r;
 *   staffing_run(&query, &params, &r, &err);  // query.by = { interval }
 *   ... r.rows[i] ...
 *   staffing_result_release(&r);
 *
 * The counts come from metrics_query_run (one pass over the store, memory
 * per interval, not per contact); the model is erlang.h; staffed agents
 * and occupancy come from the agent-state log when the state holds one
 * (staffing_agents.h: the client's agents and the shared ones). */
#ifndef CCSLA_STAFFING_H
#define CCSLA_STAFFING_H

#include <stdint.h>

#include "erlang.h"
#include "metrics_query.h"

struct staffing_params {
	enum erlang_model model;
	enum staffing_criterion criterion;
	double target;              /* sl: a share (0.8); asa: seconds; pwait: probability */
	double threshold_s;         /* T of the sl criterion */
	double aht_fixed_s;         /* > 0: this handle time for every interval (a plan's) */
	int arrivals_all;           /* 1: deflected contacts (IVR/VRU) count as arrivals too */
	unsigned weekdays;          /* local weekdays kept, bit 0 Monday; 0 = all */
	int profile;                /* 1: one row per local time of day, averaged over the days */
	int from_forecast;          /* 1: offered (and AHT where given) from the forecast log */
	int lock_days;              /* its version rule (staffing_forecast.h) */
};

struct staffing_row {
	int64_t interval_ms;        /* first instant (not profile) */
	int32_t offset_s;           /* its UTC offset */
	int32_t minute_of_day;      /* profile: local start, minutes after midnight */
	int64_t days;               /* profile: days averaged (every kept day of the period) */
	double offered;             /* contacts (profile: per day) */
	double aht_s;               /* < 0: no handle time known */
	int aht_from_period;        /* the interval had none: the period's AHT */
	double traffic_erlangs;
	int64_t required;           /* -1 when it cannot be said (no handle time) */
	struct erlang_result at_required; /* the model's figures with that staff */
	int is_forecast;            /* offered is the forecast's */
	int no_forecast;            /* from_forecast and no forecast covers the interval */
	double actual_offered;      /* from_forecast: the interval's actual arrivals */
	double staffed_agents;      /* agent-state log: staffed time / interval (profile: per day) */
	double busy_agents;         /* handling + wrap time / interval */
};

struct staffing_result {
	struct staffing_row *rows;  /* owned */
	size_t count;
	int64_t contacts_read;
	int64_t days;               /* local days of the period kept by the weekday filter */
	double period_aht_s;        /* < 0: none */
	double theta_per_s;         /* Erlang A: abandons / time in queue, 0 if no abandon */
	int64_t theta_abandons;
	double theta_queue_s;
	int have_agents;            /* the state holds an agent-state log for the client */
	/* from_forecast: 100 (1 - sum |actual - forecast| / sum forecast) over
	 * the intervals with a forecast; NAN when the forecasts sum to 0 */
	double forecast_accuracy_pct;
	int64_t forecast_intervals;
};

/* q must group by interval only (its client set, one zone, from/to
 * bounded). Returns -1 (err) on store errors, an unreachable target or an
 * Erlang A series too long. */
int staffing_run(const struct metrics_query *q, const struct staffing_params *sp,
                 struct staffing_result *res, struct ccsla_error *err);
void staffing_result_release(struct staffing_result *res);

/* The columns of `ccsla staffing` (and of the report's staffing.csv): one
 * row's figures as printed, so that every output that shows them agrees. */
enum staffing_col {
	STAFF_OFFERED, STAFF_AHT, STAFF_TRAFFIC, STAFF_REQUIRED, STAFF_SL, STAFF_ASA, STAFF_PWAIT, STAFF_ABANDON,
	STAFF_STAFFED, STAFF_OCCUPANCY, STAFF_SHORTFALL, STAFF_COUNT
};
extern const char *const staffing_col_names[STAFF_COUNT];
/* One cell as text into buf; 0 when it is n/a. profile: a --profile row;
 * agents: the state has an agent-state log. shortfall = required - staffed
 * (as printed, 2 decimals) when positive, else 0. */
int staffing_cell(const struct staffing_row *r, int col, int profile, int agents, char *buf, size_t size);
/* The shortfall of a row as staffing_cell prints it; 0 when n/a. */
double staffing_shortfall(const struct staffing_row *r);

#endif
