/* evaluate_each.h -- per-period targets (contracts.md v2 "each:"): an SLA
 * whose target applies to every interval, day or week of the month.
 *
 * The SLA's metric is measured per sub-period of the month (local time of
 * the contract's zone: 15, 30 or 60-minute intervals cut at local
 * multiples and at every UTC-offset change, local days of 23, 24 or 25
 * hours, ISO weeks Monday to Sunday clipped to the month). A sub-period
 * counts when it has at least min_volume offered contacts (and at least
 * one) and a value; the month's measured value is the compliance,
 * 100 x sub-periods meeting the target / sub-periods counted, and its
 * verdict compares the compliance with `compliance` (and
 * `compliance_minimum`, a default below it) or, with `allowed_misses: N`,
 * is met when at most N counted sub-periods miss. Every missed sub-period
 * is kept with its local start, value, numerator and denominator
 * (results.json "each", the report's SLA page).
 *
 *   // in load_sla (contract.c): s->each filled, checked
 *   // in evaluate.c, after the month's figures:
 *   if (s->each.period != EACH_NONE)
 *       evaluate_each_measure(res, c, state_dir, from_ms, to_ms, watermark_ms, &err);
 *   evaluate_each_write_json(&j, res);   // results.json
 *   evaluate_each_release(res);          // evaluation_release
 */
#ifndef CCSLA_EVALUATE_EACH_H
#define CCSLA_EVALUATE_EACH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "metrics/metrics.h"

enum each_period { EACH_NONE, EACH_INTERVAL, EACH_DAY, EACH_WEEK };
/* "interval", "day", "week" ("" for EACH_NONE). */
const char *each_period_name(enum each_period p);

/* The each: clause of one SLA, as the contract file gives it. */
struct sla_each {
	enum each_period period;      /* EACH_NONE: a month SLA */
	int interval_min;             /* EACH_INTERVAL: 15, 30 (default) or 60 local minutes */
	int has_compliance;           /* compliance: ">= 90" (percent of counted sub-periods) */
	struct target compliance;
	int has_compliance_minimum;   /* compliance_minimum: below it, a default */
	struct target compliance_minimum;
	int has_allowed_misses;       /* allowed_misses: N (instead of compliance) */
	int64_t allowed_misses;
	int named_interval_compliance; /* metric: interval_compliance (service level each
	                                  interval; target = the compliance) */
};

/* One sub-period of the month. */
struct each_sub {
	int64_t start_ms, end_ms;     /* [start, end) */
	char start[32];               /* local start: "2026-10-25T02:00+01:00" */
	char end[32];                 /* local end, same form */
	char value[32];               /* as printed, "n/a" */
	int64_t num, den;             /* the exact value: num / den (den 0: n/a) */
	int64_t offered;
	char basis[64];               /* "12 of 15 counted" (eval_basis_text) */
	int counted;                  /* at least min_volume (and 1) offered, and a value */
	int met;                      /* counted and meeting the target */
};

/* The month of an each: SLA. */
struct each_result {
	enum each_period period;
	int interval_min;
	size_t sub_count;             /* sub-periods of the month (1,488 half-hours in October
	                                 in Berlin: 31 x 48 + 2 for the 25-hour day) */
	struct each_sub *subs;        /* [sub_count] in time order; owned */
	struct eval_counts *sub_counts; /* [sub_count]: each one's population (evaluate.h),
	                                 for metrics.csv's rows of missed sub-periods; owned */
	int64_t counted, met, missed; /* missed = counted - met */
	int64_t empty;                /* no offered contact */
	int64_t below_min_volume;     /* offered, but fewer than min_volume */
	int64_t no_value;             /* offered and enough, but n/a (nothing answered, ...) */
	char sub_target[32];          /* the SLA's target for each sub-period: ">= 80" */
	char compliance[32];          /* "" or ">= 90" */
	char compliance_minimum[32];  /* "" or ">= 85" */
	int64_t allowed_misses;       /* -1 when the verdict is on compliance */
	char summary[160];            /* "80/20 met in 1,402 of 1,488 half-hours; ..." */
};

struct sla_result;
struct eval_counts;
struct contract;
struct jsonw;

/* metrics.csv (the report's evidence): one row per missed sub-period of
 * each each: SLA (scope sla, date its local start, the SLA's own metric,
 * target of each sub-period, verdict missed). The callback writes one row. */
typedef void (*each_row_fn)(void *ctx, const char *sla_id, const char *start, const char *metric,
                            const char *value, const char *unit, const char *target,
                            const struct eval_counts *counts);
void evaluate_each_missed_rows(const struct sla_result *res, each_row_fn fn, void *ctx);

/* Measures res's SLA per sub-period over [from_ms, to_ms) (the contract's
 * month) and replaces the month's value, basis, status and reason with the
 * compliance and its verdict (res->each owned). The month's own figures
 * (counts, daily, intervals) stay as measure() set them. Returns -1 (err)
 * on a read error or out of memory. */
int evaluate_each_measure(struct sla_result *res, const struct contract *c, const char *state_dir,
                          int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ccsla_error *err);
/* The "each" member of an SLA in results.json: clause, counts, every
 * missed sub-period. Nothing when res has none. */
void evaluate_each_write_json(struct jsonw *j, const struct sla_result *res);
void evaluate_each_release(struct sla_result *res);

/* `ccsla contract check`'s line for an each: SLA (nothing for a month SLA). */
struct sla;
void evaluate_each_print_summary(const struct sla *s, FILE *fp);

/* The unit of a sub-period for people: "half-hour", "quarter-hour",
 * "hour", "day", "week"; plural with an "s". */
const char *each_unit_name(enum each_period p, int interval_min, int plural);

#endif
