/* metrics.h -- the metric engine (spec/metrics.md): counts, exact ratios,
 * rounding, target comparison, and a period aggregator for SLA evaluation.
 *
 * Every figure of ccsla comes from here: `ccsla metrics`, SLA evaluation
 * and the report call the same functions, and each metric is computed in
 * exactly one place (metric_value). Nothing here uses floating point: counts
 * and sums are 64-bit integers (milliseconds), a metric is a ratio of two
 * integers until it is printed, printing rounds half-up, and a comparison
 * with a target is done in integers.
 *
 * Typical use (one SLA, one month):
 *
 *   struct metrics_period p;
 *   metrics_period_init(&p, zone, from_ms, to_ms, 30, &params, &filter);
 *   metrics_period_run(&p, state_dir, "ACME", &err);   // or _add per contact
 *   metric_value(&p.total, &params, METRIC_SERVICE_LEVEL, &r);
 *   metric_meets(&r, &target, 2, 0)                     // 1 met, 0 missed
 *   ratio_format(&r, 2, buf, sizeof buf)                // "80.00" or "n/a"
 *   metrics_period_release(&p);
 *
 * Implementation: metrics.c (counts, values), metrics_ratio.c (rounding,
 * targets), metrics_fcr.c (repeat-contact FCR), metrics_period.c. */
#ifndef CCSLA_METRICS_H
#define CCSLA_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/contact.h"
#include "core/error.h"
#include "core/tz.h"

/* ---- parameters (metrics.md "Service level"; a contract pins them per SLA) ---- */

enum abandons_rule { ABANDONS_AGAINST, ABANDONS_IGNORE, ABANDONS_FAVOUR };
enum count_rule { COUNT_IGNORE, COUNT_AGAINST };    /* callbacks, overflow */
enum wait_clock { CLOCK_ELAPSED, CLOCK_SERVICE_HOURS };
enum fcr_method { FCR_RECORDED, FCR_REPEAT };

struct metric_params {
	int32_t threshold_s;          /* T: within means wait <= T * 1000 ms (default 20) */
	int32_t short_abandon_s;      /* S: abandons with a <= S * 1000 are short; 0 = none; S <= T */
	enum abandons_rule abandons;  /* default against */
	enum count_rule callbacks;    /* default ignore */
	enum count_rule overflow;     /* default against */
	enum wait_clock clock;        /* default elapsed */
	const struct calendar *cal;   /* service hours for CLOCK_SERVICE_HOURS; not owned */
	enum fcr_method fcr;          /* default recorded */
	int32_t fcr_window_days;      /* D for FCR_REPEAT */
	int64_t watermark_ms;         /* latest arrived_at ingested for the client; decides
	                                 open_late / open_pending and FCR provisional.
	                                 TIME_NONE: every open contact is pending */
	int keep_waits;               /* 1: keep each answered wait (percentiles) */
};

/* Fills the defaults of metrics.md (T 20, S 0, abandons against, callbacks
 * ignore, overflow against, elapsed clock, FCR recorded, keep_waits 1). */
void metric_params_default(struct metric_params *p);
/* Checks S <= T, T >= 0, D >= 1 for repeat, a calendar for the service-hours
 * clock; the message names the parameter. */
int metric_params_check(const struct metric_params *p, struct ccsla_error *err);
const char *abandons_rule_name(enum abandons_rule r);   /* "against" ... */
int abandons_rule_parse(const char *s);                 /* -1 when unknown */
const char *count_rule_name(enum count_rule r);         /* "ignore" | "against" */
int count_rule_parse(const char *s);

/* ---- counts (metrics.md "Counts"); accumulated per group ---- */

struct wait_list {                /* answered waits, ms; grows with answered contacts */
	int64_t *ms;
	size_t count, cap;
	int sorted;
};

struct metric_counts {
	int64_t offered;              /* O: answered, abandoned, callback, overflow, open */
	int64_t answered;             /* A */
	int64_t abandoned;            /* Ab */
	int64_t short_abandoned;      /* Ab_s */
	int64_t callback;             /* Cb */
	int64_t overflow;             /* F */
	int64_t open_late;            /* Op_l: open and older than T at the watermark */
	int64_t open_pending;         /* Op_p: open, still inside T */
	int64_t deflected;            /* never offered; counted for completeness */
	int64_t excluded;             /* inside an exclusion window: count nowhere else */
	int64_t answered_within;      /* Aw: answered with w <= T */
	int64_t abandoned_within;     /* Ab_w: abandoned with a <= T (short ones included) */
	int64_t wait_sum_ms;          /* sum of w over answered */
	int64_t abandon_sum_ms;       /* sum of a over abandons that are not short */
	int64_t max_wait_ms;          /* largest w or a among offered; -1 when none */
	int64_t handled;              /* answered with talk, hold or wrap present */
	int64_t handle_sum_s;         /* sum of talk + hold + wrap (absent parts 0) over handled */
	int64_t talk_sum_s, talk_n;   /* over answered contacts where the field is present */
	int64_t hold_sum_s, hold_n;
	int64_t wrap_sum_s, wrap_n;
	int64_t transferred;          /* answered and transferred */
	int64_t fcr_resolved;         /* FCR numerator (recorded or repeat) */
	int64_t fcr_base;             /* FCR denominator */
	int64_t fcr_provisional;      /* repeat: contacts whose window is beyond the watermark */
	int64_t csat_sum, csat_responses, csat_top2; /* offered contacts with a csat answer */
	int64_t complaints;           /* offered contacts with complaint = 1 (per 1000 answered) */
	struct wait_list waits;       /* only with params.keep_waits; owned */
};

void metric_counts_init(struct metric_counts *c);
/* Frees the wait list; c can be initialised again. */
void metric_counts_release(struct metric_counts *c);

/* Adds one contact that is in the population (the caller has applied the
 * filter: metrics_filter_select). Recorded FCR is counted here; repeat FCR
 * is resolved later by struct fcr_tracker. Returns -1 only when out of
 * memory (wait list). */
int metrics_add(struct metric_counts *c, const struct metric_params *p, const struct contact *ct);
/* Adds src's counts into dst (and its waits when both keep them). */
int metrics_merge(struct metric_counts *dst, const struct metric_counts *src);
/* Wait of an answered contact, ms, under p's clock; -1 when not answered. */
int64_t metrics_wait_ms(const struct metric_params *p, const struct contact *ct);

/* ---- metrics and exact ratios ---- */

enum metric_id {
	METRIC_SERVICE_LEVEL,         /* service_level_pct */
	METRIC_ABANDON_RATE,          /* abandon_rate_pct */
	METRIC_ASA,                   /* asa_s */
	METRIC_AVG_TIME_TO_ABANDON,   /* avg_time_to_abandon_s */
	METRIC_MAX_WAIT,              /* max_wait_s */
	METRIC_P50_WAIT, METRIC_P90_WAIT, METRIC_P95_WAIT,
	METRIC_AHT, METRIC_AVG_TALK, METRIC_AVG_HOLD, METRIC_AVG_WRAP,
	METRIC_TRANSFER_RATE,         /* transfer_rate_pct */
	METRIC_FCR,                   /* fcr_pct (recorded or repeat, per params) */
	METRIC_CSAT_AVG, METRIC_CSAT_TOP2,
	METRIC_COMPLAINTS_PER_1000,
	METRIC_COUNT                  /* the metrics of struct metric_counts above */
};

/* Metrics of the operations logs (availability.h, quality.h): not computed
 * from struct metric_counts (metric_value returns -1), not columns of the
 * interaction-log `ccsla metrics`. They are values of enum metric_id past
 * METRIC_COUNT, not enumerators, so that switches over the interaction
 * metrics stay complete; metric_name, _unit, _decimals,
 * _higher_is_better and metric_parse know them. */
#define METRIC_AVAILABILITY   ((enum metric_id)(METRIC_COUNT + 1))  /* availability_pct */
#define METRIC_QUALITY_SCORE  ((enum metric_id)(METRIC_COUNT + 2))  /* quality_score_avg */
#define METRIC_QUALITY_PASS   ((enum metric_id)(METRIC_COUNT + 3))  /* quality_pass_pct */
#define METRIC_CRITICAL_ERROR ((enum metric_id)(METRIC_COUNT + 4))  /* critical_error_pct */
#define METRIC_QUALITY_SAMPLE ((enum metric_id)(METRIC_COUNT + 5))  /* quality_sample_pct */
#define METRIC_COMPLAINT_ACK  ((enum metric_id)(METRIC_COUNT + 6))  /* complaint_ack_within_pct */
#define METRIC_COMPLAINT_RESOLVED ((enum metric_id)(METRIC_COUNT + 7)) /* complaint_resolved_within_pct */
#define METRIC_COMPLAINT_BACKLOG ((enum metric_id)(METRIC_COUNT + 8)) /* complaint_backlog (cases) */
#define METRIC_REPORT_ON_TIME ((enum metric_id)(METRIC_COUNT + 9)) /* report_on_time_pct (ledger) */
#define METRIC_FORECAST_ACCURACY ((enum metric_id)(METRIC_COUNT + 10)) /* forecast_accuracy_pct
                                                                         (forecast_accuracy.h) */
#define METRIC_ALL_COUNT      (METRIC_COUNT + 11)
/* 1 for the metrics of an operations log (availability, quality, complaint,
 * forecast). */
int metric_is_opslog(enum metric_id m);

/* "service_level_pct", "asa_s", ... (the CSV column names of metrics.md). */
const char *metric_name(enum metric_id m);
/* Accepts the column name or the contract's short form without the unit
 * ("service_level", "asa", "fcr", "aht", "complaints_per_1000"); -1 if unknown. */
int metric_parse(const char *name);
/* Printed decimals of metrics.md: 2 for percentages, 3 for seconds, 2 else. */
int metric_decimals(enum metric_id m);
/* "%", "s" or "" */
const char *metric_unit(enum metric_id m);

/* A value kept exact: num / den. den == 0 means no value ("n/a"). */
struct ratio {
	int64_t num;
	int64_t den;
};

/* The one place each metric is computed. Returns 0 (value in *r, which may
 * be n/a: den 0), or -1 when the metric cannot be computed from these
 * counts (a percentile without kept waits). Percentiles sort the waits on
 * first use, hence the non-const counts. */
int metric_value(struct metric_counts *c, const struct metric_params *p, enum metric_id m,
                 struct ratio *r);
int ratio_is_na(const struct ratio *r);
/* Value x 10^decimals rounded half-up (away from zero): 80.005 -> 8001 at 2.
 * Returns -1 for n/a. */
int ratio_round(const struct ratio *r, int decimals, int64_t *scaled);
/* Orders two values exactly: <0, 0, >0 (n/a sorts before any value). */
int ratio_cmp(const struct ratio *a, const struct ratio *b);
/* "80.00", "-1.50", or "n/a"; returns buf. decimals 0..9. */
const char *ratio_format(const struct ratio *r, int decimals, char *buf, size_t size);

/* ---- targets: ">= 80", "<= 30", "> 4.5", "< 2" ---- */

enum cmp_op { CMP_GE, CMP_LE, CMP_GT, CMP_LT };

struct target {
	enum cmp_op op;
	int64_t value;                /* the number x 10^scale, e.g. 80.5 -> 805 */
	int scale;                    /* digits after the point in the text, 0..9 */
};

/* Parses "OP NUMBER" (spaces optional, NUMBER with at most 9 decimals, may
 * be negative); err names the problem and the accepted form. */
int target_parse(const char *text, struct target *t, struct ccsla_error *err);
/* Writes ">= 80" back (as given); returns buf. */
const char *target_format(const struct target *t, char *buf, size_t size);
/* 1 met, 0 missed, -1 n/a. exact = 0: the value rounded half-up to
 * `decimals` is compared (metrics.md: never "80.00 % missed" for >= 80);
 * exact = 1: the unrounded ratio. Integer arithmetic throughout. */
int metric_meets(const struct ratio *r, const struct target *t, int decimals, int exact);
/* Convenience: target as text; -1 also when the text does not parse. */
int ratio_compare(const struct ratio *r, const char *target_text, int decimals, int exact);

/* ---- population (metrics.md "Population") ---- */

struct metrics_filter {
	int direction;                /* enum direction, or -1 for both */
	unsigned channels;            /* bit (1u << enum channel); 0 = all */
	const char *const *queues;    /* NULL = all, else the names (not owned) */
	size_t queue_count;
	int service_hours_only;       /* arrived_at inside cal's service hours */
	const struct calendar *cal;   /* service hours and exclusions; may be NULL; not owned */
};

enum select_result {
	SELECT_OUT,                   /* not in the population */
	SELECT_IN,                    /* counts */
	SELECT_EXCLUDED,              /* in the population, offered, but inside an exclusion
	                                 window (a deflected contact there is SELECT_IN: it
	                                 is counted as deflected, never as excluded) */
};

void metrics_filter_default(struct metrics_filter *f); /* inbound, everything */
enum select_result metrics_filter_select(const struct metrics_filter *f, const struct contact *ct);

/* ---- repeat-contact FCR (metrics.md fcr_pct, method repeat) ----
 *
 * Fed every offered contact of one client in arrived_at order (not only the
 * population: a repeat on another channel still is a repeat). An answered
 * contact that counts registers the counts it belongs to; its FCR outcome
 * lands there once a later contact of the same customer arrives (within
 * (t, t + D days]: not resolved) or the stream passes t + D (resolved).
 * Memory: one entry per customer with an answered contact in the last D
 * days of the stream. */

#define FCR_MAX_TARGETS 4

struct fcr_tracker;

/* window_days >= 1. Returns NULL when out of memory. */
struct fcr_tracker *fcr_tracker_new(int32_t window_days);
/* Every contact of the client, in arrived_at order: an offered inbound one
 * is a repeat of the customer's pending contacts (an outbound one never).
 * Then, when it is an answered contact with a customer_id that counts,
 * registers `targets` (up to FCR_MAX_TARGETS counts, kept by pointer: they
 * must stay in place until fcr_tracker_finish). -1 when out of memory. */
int fcr_tracker_add(struct fcr_tracker *t, const struct contact *ct,
                    struct metric_counts *const *targets, int target_count);
/* End of the client's stream: windows ending at or before watermark_ms are
 * resolved; later ones count as resolved and fcr_provisional. The tracker
 * is empty afterwards and can take another client. */
void fcr_tracker_finish(struct fcr_tracker *t, int64_t watermark_ms);
void fcr_tracker_free(struct fcr_tracker *t);

/* The outcomes of one stream's answered contacts with a customer id (every
 * one, whatever population counts it), in stream order, recorded by one
 * tracker for other periods over the same stream: the same client, period,
 * window and watermark (metrics_period_share_fcr). A contact's outcome
 * does not depend on the population. Owns outcome. */
#define FCR_SHARE_DECIDED 4

struct fcr_share {
	int state;                    /* FCR_SHARE_EMPTY, _RECORDING, _FILLED */
	int64_t from_ms, to_ms, watermark_ms; /* the stream: the period, then the window's look-ahead */
	int32_t window_days;
	uint8_t *outcome;             /* [count]: FCR_SHARE_DECIDED | resolved | provisional << 1 */
	size_t count, cap;
};

enum { FCR_SHARE_EMPTY, FCR_SHARE_RECORDING, FCR_SHARE_FILLED };

/* Records every answered contact's outcome into s (which starts empty)
 * from now on. */
void fcr_tracker_record(struct fcr_tracker *t, struct fcr_share *s);
/* The outcome of the stream's ordinal-th answered contact with a customer
 * id: 0, or -1 when there is none (another stream). */
int fcr_share_outcome(const struct fcr_share *s, size_t ordinal, int *resolved, int *provisional);
void fcr_share_release(struct fcr_share *s);

/* ---- one period for one population: what an SLA evaluation needs ---- */

#define METRICS_MAX_DAYS 62

struct metrics_period {
	const struct tz *zone;        /* not owned */
	int64_t from_ms, to_ms;       /* [from, to): local period bounds as instants */
	int interval_min;             /* 15, 30 or 60; 0: days and total only */
	struct metric_params params;
	struct metrics_filter filter;
	struct metric_counts total;   /* the period */
	size_t day_count;             /* local days in the period */
	int64_t first_day;            /* local date of day 0, days since 1970-01-01 */
	struct metric_counts *days;   /* [day_count]; waits kept when params.keep_waits */
	size_t interval_count;        /* intervals of all days (23/25-hour days differ) */
	size_t interval_hint;         /* the interval of the last contact: the next is there or soon after */
	struct metrics_interval *intervals; /* in time order */
	struct fcr_tracker *fcr;      /* FCR_REPEAT only, unless the outcomes are read from fcr_share */
	struct fcr_share *fcr_share;  /* metrics_period_share_fcr's, not owned: recorded into by fcr,
	                                 or (fcr NULL) read from; NULL: none */
	size_t fcr_cursor;            /* reading: the answered contacts with a customer id seen so far */
	int fcr_misread;              /* reading: the stream was not the recorded one (metrics_period_finish) */
	int64_t seen_to_ms;           /* contacts read up to here (repeat FCR look-ahead) */
	size_t window_count;          /* filter.cal's exclusion windows (0 without a calendar) */
	int interval_waits;           /* set before adding: intervals keep waits too (when
	                                 params.keep_waits), for percentiles per interval */
	int64_t *window_excluded;     /* [window_count]: total.excluded by window (the first
	                                 window holding arrived_at); owned, NULL when none */
	int day_cache;                /* set before run: keep and reuse settled days in
	                                 STATE/cache/figures (metrics_daycache.h) */
	int64_t *day_window_excluded; /* [day_count][window_count] with day_cache; owned */
	uint8_t *day_kept;            /* [day_count] with day_cache: 1 when the day came from
	                                 the cache (its contacts are then only look-ahead); owned */
	uint8_t *day_keyed;           /* [day_count]: day_keys[d] is set; owned */
	unsigned char (*day_keys)[32]; /* [day_count]: each day's key (metrics_daycache_key); owned */
	unsigned char day_sig[32];    /* the population's signature */
};

struct metrics_interval {
	int64_t start_ms;             /* first instant */
	int32_t offset_s;             /* UTC offset at start: label 2026-10-25T02:00+01:00 */
	size_t day;                   /* index into days */
	struct metric_counts counts;  /* no waits kept */
};

/* Local period [from_ms, to_ms) (use tz_local_day_start to get month
 * bounds), at most METRICS_MAX_DAYS local days. interval_min 0 keeps no
 * intervals (interval_count 0): a month of 30-minute intervals is ~1,500
 * counts to clear, wasted where only days and the total are read. Copies
 * params and filter (their pointers must outlive p). On success the caller
 * releases p. */
int metrics_period_init(struct metrics_period *p, const struct tz *zone, int64_t from_ms,
                        int64_t to_ms, int interval_min, const struct metric_params *params,
                        const struct metrics_filter *filter, struct ccsla_error *err);
/* One contact of the client, in arrived_at order, any arrived_at: contacts
 * outside [from, to) are used only as repeat-FCR look-ahead. */
int metrics_period_add(struct metrics_period *p, const struct contact *ct);
/* Repeat FCR shared with other periods over the same stream (struct
 * fcr_share), after init and before the first add: when s holds the
 * outcomes of this period's stream (client, bounds, window, watermark:
 * the caller gives the same client) p reads them instead of tracking;
 * when s is empty p records its own into it; else, or without a known
 * watermark, p tracks alone. s must outlive p's adds and finish. */
void metrics_period_share_fcr(struct metrics_period *p, struct fcr_share *s);
/* Resolves repeat FCR and sorts waits; call once after the last add.
 * p->fcr_misread is then 1 when p read shared outcomes of another stream
 * (the store changed between the passes): its FCR counts are wrong. */
void metrics_period_finish(struct metrics_period *p);
/* Reads the client's store for [from, to + D days), sets the watermark from
 * the store when params.watermark_ms is TIME_NONE, adds and finishes. With
 * p->day_cache, the days kept in STATE/cache/figures for this population
 * and these partitions are taken from there, the store is read from the
 * first day that is not, and the settled days measured are kept: the
 * figures are the same to the bit (metrics_daycache.h). */
int metrics_period_run(struct metrics_period *p, const char *state_dir, const char *client,
                       struct ccsla_error *err);
void metrics_period_release(struct metrics_period *p);
/* metrics_period_run in parts, for a caller that feeds several periods
 * from one scan (the report's overview): after the watermark is set,
 * _begin takes p's kept days from the cache (when p->day_cache) and sets
 * *scan_from, where the store must be read from for p (INT64_MAX: p needs
 * nothing); then every contact from there on goes to metrics_period_add,
 * then metrics_period_finish, then _end keeps the settled days measured. */
int metrics_period_cache_begin(struct metrics_period *p, const char *state_dir, const char *client,
                               int64_t *scan_from, struct ccsla_error *err);
void metrics_period_cache_end(struct metrics_period *p, const char *state_dir, const char *client);

/* Label of an interval: "2026-10-25T02:00+01:00" (local start and offset). */
void metrics_interval_label(const struct metrics_interval *iv, const struct tz *zone,
                            char *buf, size_t size);

/* interval_compliance_pct: intervals whose metric meets target, over the
 * intervals with at least min_volume offered (metrics.md). */
int metrics_interval_compliance(struct metrics_period *p, enum metric_id m,
                                const struct target *t, int decimals, int exact,
                                int64_t min_volume, struct ratio *r);

/* Worst `n` days or intervals by metric m (ascending value for metrics
 * where higher is better: service level, FCR, CSAT; descending else),
 * among those with at least min_volume offered contacts (report.md: one
 * abandoned call makes a 0 % half-hour that says nothing); n/a ones never
 * listed. Writes indices into out, returns how many. */
size_t metrics_worst_days(struct metrics_period *p, enum metric_id m, int64_t min_volume,
                          size_t n, size_t *out);
size_t metrics_worst_intervals(struct metrics_period *p, enum metric_id m, int64_t min_volume,
                               size_t n, size_t *out);
/* 1 when a higher value of m is better. */
int metric_higher_is_better(enum metric_id m);

/* The latest arrived_at in the client's store (the data's watermark);
 * TIME_NONE when the client has no data. */
int metrics_store_watermark(const char *state_dir, const char *client, int64_t *out_ms,
                            struct ccsla_error *err);

#endif
