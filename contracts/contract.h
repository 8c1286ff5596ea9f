/* contract.h -- a client contract (spec/contracts.md), loaded from YAML and
 * checked: every mistake becomes a diagnostic "file:line:column: message",
 * and all mistakes of a file are reported, not only the first.
 *
 * One struct contract is one version of one client's agreement; a client
 * may have several files with disjoint effective..until ranges
 * (contract_set_check finds overlaps, contract_set_find picks the one in
 * force on a period's first day). */
#ifndef CCSLA_CONTRACT_H
#define CCSLA_CONTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/calendar.h"
#include "core/error.h"
#include "core/tz.h"
#include "metrics/complaint.h"
#include "metrics/metrics.h"
#include "credits.h"
#include "evaluate_each.h"

#define CONTRACT_TEXT_MAX 128

/* Limits of one contract file (README "Contracts", "Limits"): a real
 * contract is a few KB, 4 levels deep, with a handful of SLAs; these bound
 * the time and memory a hostile or broken file can take (each is checked
 * before the tree is built or walked, so rejecting one takes milliseconds). */
#define CONTRACT_FILE_MAX  (1024L * 1024) /* bytes */
#define CONTRACT_DEPTH_MAX 16             /* nested lists and mappings */
#define CONTRACT_NODES_MAX 50000          /* keys, values, lists and mappings */
#define CONTRACT_SLAS_MAX  200            /* SLAs of one contract */
#define CONTRACT_LIST_MAX  1000           /* holidays, exclusions, queues, recipients, channels */
#define CONTRACT_DIAGS_MAX 100            /* problems reported per file; the rest are counted */
#define CONTRACT_OPEN_END  INT64_MAX      /* until_day of a contract without 'until' */

struct sla {
	char id[CREDIT_ID_MAX + 1];
	char title[CONTRACT_TEXT_MAX];
	enum metric_id metric;
	struct metric_params params;  /* cal NULL: point it at the contract's cal before use */
	struct metrics_filter filter; /* channels, queues, direction, service_hours_only; cal NULL as above */
	char **queues;                /* NULL = all; owned (filter.queues points here) */
	size_t queue_count;
	struct target target;
	int has_minimum;
	struct target minimum;
	int64_t min_volume;           /* offered contacts below which: not measurable (0: none) */
	int threshold_set;            /* the file names threshold_s (else the default of 20 s) */
	int min_volume_set;           /* the file names min_volume */
	int service_hours_only_set;   /* the file names service_hours_only */
	int exact;                    /* comparison: exact (1) or rounded (0, default) */
	int critical;                 /* kind: critical (credits) or key (reported only) */
	int64_t allocation_e6;        /* critical, at-risk model */
	struct sla_each each;         /* each: interval | day | week (evaluate_each.h);
	                                 period EACH_NONE for a month SLA */
	unsigned causes;              /* availability: bits of enum outage_cause counted
	                                 (default ccc and third-party) */
	struct complaint_deadline within; /* complaint_ack, complaint_resolved: within_working_days
	                                 or within_hours (the other -1) */
	unsigned caused_by;           /* complaint_*: bits of enum complaint_cause counted (default all) */
	int relief_forecast;          /* relief: [forecast]: over-forecast intervals leave the
	                                 population (contract_forecast.c) */
	int owed_by_client;           /* owed_by: client: the client's obligation, reported
	                                 apart, never critical */
	long line;                    /* where the SLA starts in the file */
};

/* contract: forecast: (contracts.md v2; operations-logs.md "forecast") */
struct contract_forecast {
	int set;                      /* the contract has a forecast: section */
	int lock_days;                /* the counting forecast was published this many whole
	                                 local days before the interval's day (default 0) */
	int64_t tolerance_bp;         /* tolerance_pct x 100: over forecast above
	                                 forecast x (1 + tolerance_pct / 100); -1 when not given */
	int interval_min;             /* 15, 30 or 60 (default 30) */
};

/* contract: staffing: (contracts.md v2 "Staffing view"): how the report's
 * forecast-and-staffing section computes required agents. Default: sl with
 * each channel's service-level SLA (else 80 % within 20 s), erlang-c. */
struct contract_staffing {
	int set;                      /* the contract has a staffing: section */
	int criterion;                /* enum staffing_criterion (metrics/erlang.h) */
	int model;                    /* enum erlang_model */
	double target;                /* asa: seconds; pwait: a probability; sl: percent;
	                                 < 0: not given (sl takes the channel's SLA) */
	char target_text[32];         /* as written, "" when not given */
};

struct contract {
	char path[1024];
	char id[CONTRACT_TEXT_MAX], client[CONTACT_CLIENT_MAX + 1];
	char client_name[CONTRACT_TEXT_MAX], ccc_name[CONTRACT_TEXT_MAX];
	int64_t effective_day, until_day; /* local dates, days since 1970-01-01, inclusive;
	                               * without 'until': CONTRACT_OPEN_END, or, in a set,
	                               * the day before the client's next version starts */
	int has_until;                /* 'until' was written */
	long effective_line, effective_column;
	long id_line, id_column;      /* where 'id' is written */
	char timezone[64];
	struct tz *zone;              /* owned */
	struct calendar cal;          /* hours, holidays, exclusions; owned */
	char currency[4];
	int minor_units;
	char monthly_charges[32];     /* as written */
	struct credit_terms credits;
	char **recipients;            /* owned */
	size_t recipient_count;
	int due_working_days;         /* report.due_working_days; -1 when not given */
	int64_t quality_pass_score_cents; /* quality.pass_score x 100; -1 when not set */
	struct contract_forecast forecast;
	struct contract_staffing staffing;
	struct sla *slas;             /* owned */
	size_t sla_count;
};

/* Every problem of one file. */
struct contract_diags {
	struct ccsla_error *items;    /* owned */
	size_t count, cap;
};
void contract_diags_release(struct contract_diags *d);
/* Appends one diagnostic at line:column (1-based) of path. Returns -1. */
int contract_diag(struct contract_diags *d, const char *path, long line, long column,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Loads and checks path. Returns 0 when valid; -1 when d holds at least one
 * problem (c is then released). On success the caller owns *c: free with
 * contract_release(). */
int contract_load(struct contract *c, const char *path, struct contract_diags *d);
void contract_release(struct contract *c);

/* A directory's (or a list's) contracts. */
struct contract_set {
	struct contract *items;       /* owned */
	size_t count;
};
/* Loads every *.yaml / *.yml of dir (name order), or, when dir is a file,
 * that one file (`--contracts` takes either). Problems go to d; valid files
 * are kept; contract_set_check runs at the end. Returns -1 when any file had
 * a problem or dir cannot be read. */
int contract_set_load_dir(struct contract_set *s, const char *dir, struct contract_diags *d);
/* Adds one file (a copy of a loaded contract is taken over: *c is zeroed). */
int contract_set_add(struct contract_set *s, struct contract *c);
/* Ends each open-ended version the day before the client's next version
 * starts, then reports, naming both files: overlapping versions of one
 * client; client ids that differ only in letter case (out/ACME and out/acme
 * are one folder on a case-insensitive file system); a contract id used
 * twice. Sorts, so linear in the files after n log n. Returns -1 on any. */
int contract_set_check(struct contract_set *s, struct contract_diags *d);
/* The version of client in force on local date day; NULL when none. */
const struct contract *contract_set_find(const struct contract_set *s, const char *client,
                                         int64_t day);
/* Each client once, in file order: for (k = 0; (c = contract_set_next_client(s, &k));)
 * gives the first file of every client (use contract_set_find for the
 * version in force on a date). */
const struct contract *contract_set_next_client(const struct contract_set *s, size_t *k);
void contract_set_release(struct contract_set *s);

/* Writes the readable summary of `ccsla contract check`. */
void contract_print_summary(const struct contract *c, FILE *fp);

#endif
