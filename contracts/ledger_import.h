/* ledger_import.h -- earlier months' verdicts for a client that starts
 * using ccsla mid-year, from a CSV the account manager fills, into
 * STATE/ledger (ledger.h), so that the repeat multiplier, the expected
 * defaults, earn-back, the scorecard's previous months and the trends
 * count them from the first month ccsla evaluates.
 *
 * The file (README "Ledger import"), UTF-8, comma-separated, one row per
 * SLA and month, this header first:
 *
 *   period,sla_id,status,default,credit,value
 *   2026-09,SL-VOICE,missed,0,0.00,78.20
 *
 *   period   YYYY-MM
 *   sla_id   an SLA id of the client's contract (the version in force that
 *            month, or the client's earliest version before it)
 *   status   met | missed | below-minimum | not-measurable
 *   default  0 | 1 (1 only with missed or below-minimum)
 *   credit   the credit paid that month for the SLA, in the currency's
 *            minor units ("28800.00" for EUR); not 0 only with default 1
 *   value    the measured value as the old report printed it, or n/a
 *
 * All or nothing: every problem is listed (file:line: field 'x': ...) and
 * nothing is written unless the whole file is valid. A month ccsla has
 * computed is never replaced (evaluating a month replaces an import of
 * it); importing a month again replaces the earlier import. Each month is
 * written atomically and marked "source imported". */
#ifndef CCSLA_LEDGER_IMPORT_H
#define CCSLA_LEDGER_IMPORT_H

#include <stddef.h>

#include "contract.h"

struct ledger_import_result {
	size_t months;                /* months written */
	size_t rows;                  /* data rows read */
	char first[8], last[8];       /* "2026-07" .. "2026-09" */
};

/* Imports path for client. Returns 0 when written; -1 when the file has
 * problems (each in d) or a write failed (in d too). */
int ledger_import_csv(const char *path, const struct contract_set *set, const char *client,
                      const char *state_dir, struct ledger_import_result *res,
                      struct contract_diags *d);

#endif
