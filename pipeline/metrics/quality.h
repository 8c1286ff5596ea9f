/* quality.h -- the quality metrics from the stored quality log
 * (spec/operations-logs.md "quality"; clause 4.3):
 *
 *   quality_score_avg  = mean score (points, 0-100)
 *   quality_pass_pct   = 100 x passed / evaluations decided
 *   critical_error_pct = 100 x critical errors / evaluations
 *   quality_sample_pct = 100 x evaluations / answered contacts
 *
 * An evaluation belongs to the period of its contact's arrived_at when the
 * store holds the contact (contact_id given and found among the client's
 * contacts of the period or the QUALITY_LOOKBACK_DAYS before it), else to
 * that of its evaluated_at; its channel is the contact's, else the log's.
 * `passed` empty: score >= the contract's quality.pass_score; without one
 * the evaluation is undecided and counts in no pass rate (an SLA on
 * quality_pass is then not measurable: nothing is guessed).
 *
 *   struct quality_log log;
 *   quality_log_load(&log, state_dir, "ACME", from_ms, to_ms, &err);
 *   for each log.items[i] with from <= at_ms < to: quality_add(&t, &log.items[i], pass_cents);
 *   quality_value(&t, METRIC_QUALITY_SCORE, &r);
 *   quality_log_release(&log);
 */
#ifndef CCSLA_QUALITY_H
#define CCSLA_QUALITY_H

#include <stddef.h>
#include <stdint.h>

#include "core/contact.h"
#include "core/error.h"
#include "metrics.h"

#define QUALITY_LOOKBACK_DAYS 62  /* how far before the period a contact is looked up */

struct quality_eval {             /* one stored evaluation */
	char evaluation_id[CONTACT_ID_MAX + 1];
	char contact_id[CONTACT_ID_MAX + 1];   /* "" when the log has none */
	char agent_id[CONTACT_ID_MAX + 1];
	int channel;                  /* the contact's, else the log's; -1 unknown */
	int64_t evaluated_at_ms;
	int64_t at_ms;                /* decides the period: the contact's arrived_at when found,
	                                 else evaluated_at */
	int contact_found;
	int64_t score_cents;          /* score x 100 */
	int passed;                   /* 0 or 1; -1 empty */
	int critical;                 /* 0 or 1 */
	uint32_t src_file, src_line;  /* lineage */
};

struct quality_log {
	struct quality_eval *items;   /* owned */
	size_t count, cap;
	int64_t first_day;            /* earliest UTC day of the client's log; INT64_MAX: none */
};

/* Loads the client's evaluations that may belong to [from_ms, to_ms)
 * (INT64_MIN / INT64_MAX: open) and places each (at_ms, channel) from the
 * record store's contacts. -1 (err) on a read error or a damaged row. */
int quality_log_load(struct quality_log *log, const char *state_dir, const char *client, int64_t from_ms,
                     int64_t to_ms, struct ccsla_error *err);
void quality_log_release(struct quality_log *log);

struct quality_totals {
	int64_t evaluations;
	int64_t score_sum_cents;
	int64_t passed, failed;       /* decided: from `passed`, or score against pass_score */
	int64_t undecided;            /* `passed` empty and no pass_score */
	int64_t critical;
	int64_t answered;             /* answered contacts, for quality_sample_pct (the caller's) */
};

/* Adds one evaluation; pass_score_cents < 0: the contract sets none. */
void quality_add(struct quality_totals *t, const struct quality_eval *e, int64_t pass_score_cents);
/* METRIC_QUALITY_SCORE, _PASS, _CRITICAL_ERROR, _SAMPLE: 0 with *r (den 0:
 * n/a); -1 for another metric. */
int quality_value(const struct quality_totals *t, enum metric_id m, struct ratio *r);

#endif
