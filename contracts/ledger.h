/* ledger.h -- what each evaluated month left behind, per client, so that
 * later months know their history: earlier values (the report's scorecard
 * and trend, up to 12 months), target misses in the rolling 12 months
 * (expected defaults), the previous month's defaults (repeat multiplier)
 * and defaults that may be earned back.
 *
 * Layout: STATE/ledger/<client>/<YYYY-MM>.txt, one file per month, written
 * atomically. Evaluating a month again replaces its file (never appends).
 * Evaluating months out of order cannot corrupt the ledger (each file is
 * whole); a month's history-dependent figures use the files as they were
 * when it was evaluated, so after re-evaluating a month, evaluate the later
 * ones again (README "Contracts").
 *
 * File format (text, one record a line, fields separated by a tab):
 *   ccsla-ledger	1
 *   contract	<contract id>
 *   currency	<ISO code>
 *   source	imported	(only in a month `ccsla ledger import` wrote from the
 *   		account manager's CSV; a month ccsla evaluated has no such line)
 *   issued	<RFC 3339 UTC instant>	(when the month's final report was
 *   		issued: its signing time, recorded by `ccsla nightly` with the
 *   		final; kept when the month is recorded again; absent before)
 *   sla	<id>	<status>	<default 0|1>	<final credit, minor units>	<value as printed>
 *   earnback	<sla id>	<YYYY-MM of the original credit>	<amount, minor units>
 *   end */
#ifndef CCSLA_LEDGER_H
#define CCSLA_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "credits.h"

struct ledger_sla {
	char sla_id[CREDIT_ID_MAX + 1];
	enum sla_status status;
	int is_default;
	int64_t final_minor;
	char value[32];               /* as printed: "80.00", "n/a" */
};

struct ledger_month {
	int year, month;
	char contract_id[128];
	char currency[4];
	int imported;                 /* 1: from `ccsla ledger import`, not computed by ccsla */
	int has_issued;               /* 1: issued_ms holds the final's issue instant */
	int64_t issued_ms;            /* UTC ms (report_on_time, operations-logs.md) */
	struct ledger_sla *slas;      /* owned */
	size_t sla_count;
	struct earn_back_line *earn_backs; /* owned */
	size_t earn_back_count;
};

/* Reads one month: 0 read, 1 no file for that month, -1 damaged or
 * unreadable (err names file and line). The caller releases m. */
int ledger_read(const char *state_dir, const char *client, int year, int month,
                struct ledger_month *m, struct ccsla_error *err);
/* Writes (replaces) one month atomically. Without has_issued, the issue
 * instant the month's file already holds is kept (a revision, or the month
 * evaluated again, does not change when its final was issued). */
int ledger_write(const char *state_dir, const char *client, const struct ledger_month *m,
                 struct ccsla_error *err);
void ledger_month_release(struct ledger_month *m);
/* The SLA's record in m, or NULL. */
const struct ledger_sla *ledger_find(const struct ledger_month *m, const char *sla_id);

/* Previous months: hist[0] is the month before (year, month), hist[k] is
 * k+1 months back; present[k] says whether that month is in the ledger.
 * Reads up to n (<= 12) months. The caller releases each present month. */
int ledger_history(const char *state_dir, const char *client, int year, int month,
                   struct ledger_month *hist, int *present, int n, struct ccsla_error *err);

/* From the history (as filled by ledger_history with n = 12): the target
 * misses of sla_id in the previous 11 months, whether it was in default the
 * month before, and the earn-back candidate (months after a default, all on
 * target until this month; met_now says whether this month met). Returns 1
 * when *eb was filled. */
int ledger_prior_misses(const struct ledger_month *hist, const int *present, const char *sla_id);
int ledger_default_last_month(const struct ledger_month *hist, const int *present, const char *sla_id);
int ledger_earn_back(const struct ledger_month *hist, const int *present, int months,
                     const char *sla_id, int met_now, struct earn_back_input *eb);

#endif
