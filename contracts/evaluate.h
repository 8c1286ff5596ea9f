/* evaluate.h -- every SLA of one client for one month: population counts,
 * value (from the metric engine, never recomputed here), verdict, credits,
 * history from the ledger. `ccsla evaluate` and the report renderer both
 * call evaluate_client_month and print these strings, so a figure is the
 * same wherever it appears; the CSV and JSON writers are shared too (the
 * report attaches credits.csv byte-identical to the file beside it).
 *
 *   struct evaluation ev;
 *   evaluate_client_month(&ev, contract, state_dir, 2026, 10, &err);
 *   evaluate_write_credits_csv(&ev, fp);
 *   evaluation_release(&ev);
 */
#ifndef CCSLA_EVALUATE_H
#define CCSLA_EVALUATE_H

#include <stdio.h>

#include "contract.h"
#include "credits.h"
#include "ledger.h"

enum sla_verdict { VERDICT_MET, VERDICT_MISSED, VERDICT_DEFAULT, VERDICT_NOT_MEASURABLE };
const char *sla_verdict_name(enum sla_verdict v); /* "met", "missed", "default", "not measurable" */

#define EVAL_HISTORY 12
#define EVAL_WORST 6

/* The population behind a value (metrics.md "Counts"); open = late + pending,
 * so offered = answered + abandoned + callback + overflow + open. */
struct eval_counts {
	int64_t offered, answered, abandoned, short_abandoned, callback, overflow, open;
	int64_t excluded, answered_within;
	int64_t csat_responses;            /* CSAT's population */
	int64_t fcr_base, fcr_resolved;    /* FCR's population and numerator */
	int64_t abandoned_within;          /* abandoned within the threshold (short ones included):
	                                      the favour rule's numerator part */
	int64_t open_late, open_pending;   /* open = late + pending at the watermark */
	int64_t csat_top2;                 /* responses of 4 or 5 */
	int64_t fcr_provisional;           /* repeat FCR: window still open at the watermark */
	int has_ratio;                     /* ratio_num / ratio_den below are set: */
	int64_t ratio_num, ratio_den;      /* the SLA's value exactly (metric_value; den 0: n/a),
	                                      before rounding: service level 100 * numerator
	                                      over the denominator */
};
void eval_counts_from(struct eval_counts *out, const struct metric_counts *c);

struct eval_worst {               /* a worst interval or day of an SLA */
	char when[48];                /* "2026-10-14T10:00+02:00" (interval) or "2026-10-14" (day) */
	char value[32];
	char basis[64];               /* the SLA's own numerator and denominator:
	                                 "4 of 11 counted", "1 of 8 responses", "12 answered" */
	int64_t offered;
};

/* "4 of 11 counted", "1 of 8 responses", "944 answered": what the value of
 * metric m over c rests on, from the same ratio metric_value() gives. */
void eval_basis_text(struct metric_counts *c, const struct metric_params *p, enum metric_id m,
                     char *buf, size_t size);

struct eval_interval {            /* one local interval of an SLA's month */
	char when[32];                /* "2026-10-14T10:00+02:00" */
	char value[32];               /* as printed, or "n/a" */
	struct eval_counts counts;
};

struct eval_relief {              /* one over-forecast interval an SLA leaves out (relief: [forecast]) */
	char when[32];                /* "2026-10-14T10:00+02:00", local start */
	int64_t start_ms, end_ms;
	int64_t actual;               /* offered contacts that arrived (the SLA's channels and
	                                 direction, every queue and hour) */
	int64_t forecast_x400;        /* the counting forecast x 400 */
	char forecast[24], excess[24]; /* "40.00", actual - forecast "7.00" */
	int64_t removed;              /* contacts it removed from the SLA's population (in
	                                 the SLA's excluded; a contact inside an agreed window
	                                 too counts for the window that starts first) */
};

struct sla_result {
	const struct sla *sla;        /* in the contract; not owned */
	struct fcr_share *fcr_share;  /* while it is measured: the evaluation's, for repeat FCR */
	char metric[32];              /* "service_level_pct" */
	char unit[4];                 /* "%", "s", "" */
	char value[32];               /* as printed: "80.00", "n/a" */
	char basis[64];               /* what the month's value rests on (eval_basis_text):
	                                 "577 of 986 counted" */
	char target[32], minimum[32]; /* ">= 80", "" when none */
	enum sla_status status;
	enum sla_verdict verdict;
	char reason[CREDIT_NOTE_MAX]; /* "below min_volume 100 (offered 42)", credit note, ... */
	int64_t offered, answered, abandoned, short_abandoned, excluded;
	int64_t fcr_provisional;      /* repeat FCR still open at the watermark */
	size_t day_count;             /* local days of the month */
	char (*daily)[32];            /* [day_count] daily values as printed; owned */
	struct eval_counts total;     /* the month's population */
	struct eval_counts *daily_counts; /* [day_count]; owned */
	struct eval_interval *intervals; /* [interval_count] 30-minute intervals in time
	                                 order (intervals.csv); owned */
	size_t interval_count;
	struct eval_worst worst[EVAL_WORST]; /* up to 3 worst intervals, then 3 worst days, among
	                                 those with at least worst_min_volume offered */
	size_t worst_count;
	size_t worst_interval_count;  /* how many of them, first, are half-hours */
	int64_t worst_min_volume;     /* the SLA's min_volume, or 10 when it has none */
	int64_t *excluded_by_window;  /* [contract->cal.exclusion_count]: total.excluded by
	                                 window; owned, NULL when the contract has none */
	struct eval_relief *relief;   /* [relief_count] relieved intervals in time order; owned */
	size_t relief_count;
	int64_t relief_removed;       /* sum of their removed */
	char (*relief_no_forecast)[12]; /* [relief_no_forecast_count] local days "2026-10-05" with
	                                 no forecast: nothing relieved there; owned */
	size_t relief_no_forecast_count;
	int64_t relief_unforecast_intervals; /* intervals of the month without a forecast */
	char history[EVAL_HISTORY][32]; /* [0] = month before .. [11]; "" when not in the ledger */
	int64_t credit_minor;         /* final credit of this SLA (0 for key SLAs) */
	struct each_result *each;     /* each: SLAs: the sub-periods (evaluate_each.h); owned,
	                                 NULL for a month SLA. value, basis, target, minimum,
	                                 status are then the month's compliance and verdict */
};

struct evaluation {
	const struct contract *contract; /* not owned */
	int year, month;
	char period[8];               /* "2026-10" */
	struct sla_result *results;   /* [result_count], contract order; owned */
	size_t result_count;
	struct credit_statement credits; /* critical SLAs in contract order */
	int history_months[EVAL_HISTORY][2]; /* year, month of history[k] */
	int has_issued;               /* the final's issue instant, for the ledger */
	int64_t issued_ms;            /*   (set by who issues it: ccsla nightly) */
	struct fcr_share fcr_share;   /* the repeat-FCR outcomes of the month's stream, recorded by its
	                                 first repeat-FCR measure and read by the others and by the
	                                 report's overview (metrics.h); owned */
	int64_t *exclusion_removed;   /* [contract->cal.exclusion_count]: the overview's
	                                 population each window removed: offered inbound
	                                 contacts of every channel arriving inside it (the
	                                 first window holding arrived_at), as an SLA counts
	                                 its excluded; owned */
};

/* Evaluates contract (the version in force on the month's first day) for
 * year-month from the record store in state_dir and the ledger's earlier
 * months. Does not write anything. On success the caller releases ev. */
int evaluate_client_month(struct evaluation *ev, const struct contract *c, const char *state_dir,
                          int year, int month, struct ccsla_error *err);
/* The same at a given data watermark (latest arrived_at of the client's
 * data) instead of the store's: `ccsla verify --recompute` evaluates the
 * attached contacts at the watermark the report was made at. TIME_NONE:
 * the store's, as evaluate_client_month. */
int evaluate_client_month_at(struct evaluation *ev, const struct contract *c, const char *state_dir,
                             int year, int month, int64_t watermark_ms, struct ccsla_error *err);
void evaluation_release(struct evaluation *ev);

/* An SLA on an operations log (availability, quality_score, quality_pass,
 * critical_error; evaluate_ops.c): 0 with its exact value *r and the
 * volume min_volume applies to (INT64_MAX: none), res's counts and basis
 * filled; 1 when the log has no data for the period (res->reason says
 * why: not measurable, never met); -1 (err) on a read error. */
int evaluate_ops_measure(struct sla_result *res, const struct contract *c, const char *state_dir, int64_t from_ms,
                         int64_t to_ms, int64_t watermark_ms, struct ratio *r, int64_t *volume,
                         struct ccsla_error *err);

/* evaluate_forecast.c: forecast_accuracy (0 / 1 / -1 as evaluate_ops_measure),
 * and an SLA with relief: [forecast], measured by `measure` over the
 * contract's calendar with each over-forecast interval added as a window
 * of reason volume-over-forecast; res->relief lists them. */
typedef int (*evaluate_measure_fn)(struct sla_result *res, const struct contract *c, const char *state_dir,
                                   int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ccsla_error *err);
int evaluate_forecast_measure(struct sla_result *res, const struct contract *c, const char *state_dir,
                              int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ratio *r,
                              int64_t *volume, struct ccsla_error *err);
int evaluate_forecast_relieved(struct sla_result *res, const struct contract *c, const char *state_dir,
                               int64_t from_ms, int64_t to_ms, int64_t watermark_ms, evaluate_measure_fn measure,
                               struct ccsla_error *err);
void evaluate_forecast_release(struct sla_result *res);
/* results.json: an SLA's "relief" object (nothing without relief), and
 * the top-level "relief" list of every relieved interval (jsonw.h). */
struct jsonw;
void evaluate_forecast_sla_json(struct jsonw *j, const struct sla_result *r);
void evaluate_forecast_relief_json(struct jsonw *j, const struct evaluation *ev);

/* Records the month in STATE/ledger (replacing an earlier evaluation). */
int evaluate_record_ledger(const struct evaluation *ev, const char *state_dir, struct ccsla_error *err);

/* The files of OUT/<client>/<YYYY-MM>/ (README "Contracts" lists columns). */
void evaluate_write_results_json(const struct evaluation *ev, FILE *fp);
void evaluate_write_results_csv(const struct evaluation *ev, FILE *fp);
void evaluate_write_credits_csv(const struct evaluation *ev, FILE *fp);
/* Writes the three files atomically under out_dir/<client>/<YYYY-MM>/. */
int evaluate_write_outputs(const struct evaluation *ev, const char *out_dir, struct ccsla_error *err);

#endif
