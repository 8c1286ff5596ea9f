/* sign_ledger.h -- `ccsla sign --state DIR`: the signing instant of a
 * final report recorded as its ledger month's issue instant, as ccsla
 * nightly records it (report_on_time, operations-logs.md "Report
 * delivery"; the next month's report shows the delivery).
 *
 *   struct sign_ledger sl;
 *   sign_ledger_check(&sl, "in.pdf", state, &err);   // before signing
 *   ... sign ...
 *   sign_ledger_record(&sl, signing_time_s, &err);    // after it
 *
 * The report's client, period and status come from its attached
 * manifest.json. Only a final is recorded (a revision or a draft is not
 * the month's delivery); the ledger must hold the month (ccsla evaluate or
 * ccsla nightly records it; ccsla render does not); an issue instant the month already has is kept (the
 * first signing is the delivery). */
#ifndef CCSLA_SIGN_LEDGER_H
#define CCSLA_SIGN_LEDGER_H

#include <stdint.h>

#include "core/error.h"

struct sign_ledger {
	const char *state;
	char client[64], period[16];
	int year, month;
	int has_issued;           /* the month already has an issue instant: kept */
	int64_t issued_ms;
};

/* 0 ready to record; -1 (err: why nothing can be recorded: not a ccsla
 * report, not a final, no such ledger month, a damaged ledger). */
int sign_ledger_check(struct sign_ledger *sl, const char *pdf_path, const char *state, struct ccsla_error *err);
/* Writes the month's issue instant (unless it has one): 0 written, 1
 * kept, -1 on error. */
int sign_ledger_record(struct sign_ledger *sl, int64_t signing_time_s, struct ccsla_error *err);

#endif
