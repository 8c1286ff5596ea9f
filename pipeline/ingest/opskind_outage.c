/* opskind_outage.c -- the outage log (spec/operations-logs.md "outage";
 * clause 8.5): one row per incident, ended_at (and note) filled by a later
 * row of the same incident as it closes (the update rule, opskind.h). */
#include <stddef.h>

#include "opskind.h"

enum { OU_INCIDENT, OU_CLIENT, OU_CHANNELS, OU_STARTED, OU_ENDED, OU_IMPACT, OU_CAUSE, OU_NOTE };

static const char *const outage_causes[] = { "ccc", "client", "third-party", "force-majeure", NULL };

static const struct ops_column outage_cols[] = {
	{ "incident_id", 1, OT_TEXT, NULL },
	{ "client_id", 0, OT_CLIENT, NULL },     /* empty: every client of the centre */
	{ "channels", 1, OT_CHANNELS, NULL },
	{ "started_at", 1, OT_INSTANT, NULL },
	{ "ended_at", 0, OT_INSTANT, NULL },     /* empty: still going on */
	{ "impact_pct", 0, OT_PERCENT, NULL },   /* empty: 100 */
	{ "cause", 1, OT_ENUM, outage_causes },
	{ "note", 0, OT_TEXT, NULL },
};
static const int outage_key[] = { OU_INCIDENT, OU_CLIENT };

static int outage_check(const struct ops_kind *k, const struct ops_row *r, struct ops_reject *why)
{
	(void)k;
	if (r->field[OU_ENDED][0] && r->ms[OU_ENDED] <= r->ms[OU_STARTED]) {
		why->column = "ended_at";
		why->reason = OPS_R_END;
		return -1;
	}
	return 0;
}

/* Partitioned by the UTC day of started_at: a closing row of the same
 * incident has the same started_at (changing it is a conflict), so it
 * meets the open row in the same partition. impact_pct is not fillable:
 * empty means 100, so filling it later would change the row. */
const struct ops_kind ops_kind_outage = {
	"outage", outage_cols, sizeof outage_cols / sizeof *outage_cols,
	outage_key, sizeof outage_key / sizeof *outage_key,
	OU_CLIENT, OU_STARTED, outage_check, -1, -1, -1,
	1u << OU_ENDED | 1u << OU_NOTE,
};
