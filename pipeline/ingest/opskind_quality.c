/* opskind_quality.c -- the quality log (spec/operations-logs.md "quality";
 * clause 4.3): one row per evaluation of a handled contact. No update rule:
 * a later row of the same evaluation is a duplicate or a conflict. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "opskind.h"

enum { QU_EVALUATION, QU_CLIENT, QU_CONTACT, QU_AGENT, QU_CHANNEL, QU_EVALUATED, QU_SCORE, QU_PASSED,
       QU_CRITICAL };

static const struct ops_column quality_cols[] = {
	{ "evaluation_id", 1, OT_TEXT, NULL },
	{ "client_id", 1, OT_CLIENT, NULL },
	{ "contact_id", 0, OT_TEXT, NULL },
	{ "agent_id", 0, OT_TEXT, NULL },
	{ "channel", 0, OT_CHANNEL, NULL },
	{ "evaluated_at", 1, OT_INSTANT, NULL },
	{ "score", 1, OT_DECIMAL2, NULL },       /* 0-100, written with 2 decimals */
	{ "passed", 0, OT_FLAG, NULL },         /* empty: score >= the contract's pass_score */
	{ "critical_error", 0, OT_FLAG, NULL }, /* empty: 0 */
};
static const int quality_key[] = { QU_EVALUATION, QU_CLIENT };

static int quality_check(const struct ops_kind *k, const struct ops_row *r, struct ops_reject *why)
{
	size_t n = strlen(r->field[QU_SCORE]);

	(void)k;
	/* canonical "ddd.dd": above 100 is longer than "100.00" or after it */
	if (n > 6 || (n == 6 && strcmp(r->field[QU_SCORE], "100.00") > 0)) {
		why->column = "score";
		why->reason = OPS_R_SCORE;
		return -1;
	}
	return 0;
}

const struct ops_kind ops_kind_quality = {
	"quality", quality_cols, sizeof quality_cols / sizeof *quality_cols,
	quality_key, sizeof quality_key / sizeof *quality_key,
	QU_CLIENT, QU_EVALUATED, quality_check, -1, -1, -1, 0,
};
