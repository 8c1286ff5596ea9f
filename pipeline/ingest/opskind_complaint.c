/* opskind_complaint.c -- the complaint log (spec/operations-logs.md
 * "complaint"; clause 4.4): one row per case, acknowledged_at and
 * resolved_at filled by later rows of the same case as it moves on (the
 * update rule, opskind.h); a later row that changes a filled field is a
 * conflict. Deadlines and metrics: metrics/complaint.h. */
#include <stddef.h>

#include "opskind.h"

enum { CO_CASE, CO_CLIENT, CO_CHANNEL, CO_CONTACT, CO_RECEIVED, CO_ACK, CO_RESOLVED, CO_CAUSED, CO_ESCALATED,
       CO_CATEGORY };

static const char *const complaint_causes[] = { "ccc", "client", "unknown", NULL };

static const struct ops_column complaint_cols[] = {
	{ "case_id", 1, OT_TEXT, NULL },
	{ "client_id", 1, OT_CLIENT, NULL },
	{ "channel", 0, OT_CHANNEL, NULL },         /* how the complaint came in */
	{ "contact_id", 0, OT_TEXT, NULL },         /* the interaction it came from */
	{ "received_at", 1, OT_INSTANT, NULL },
	{ "acknowledged_at", 0, OT_INSTANT, NULL }, /* empty: not yet */
	{ "resolved_at", 0, OT_INSTANT, NULL },     /* empty: not yet */
	{ "caused_by", 0, OT_ENUM, complaint_causes }, /* empty: unknown */
	{ "escalated", 0, OT_FLAG, NULL },          /* empty: 0 */
	{ "category", 0, OT_TEXT, NULL },
};
static const int complaint_key[] = { CO_CASE, CO_CLIENT };

static int complaint_check(const struct ops_kind *k, const struct ops_row *r, struct ops_reject *why)
{
	(void)k;
	if (r->field[CO_ACK][0] && r->ms[CO_ACK] < r->ms[CO_RECEIVED]) {
		why->column = "acknowledged_at";
		why->reason = OPS_R_ACK_BEFORE;
		return -1;
	}
	if (r->field[CO_RESOLVED][0] && r->ms[CO_RESOLVED] < r->ms[CO_RECEIVED]) {
		why->column = "resolved_at";
		why->reason = OPS_R_RESOLVED_BEFORE;
		return -1;
	}
	return 0;
}

/* Partitioned by the UTC day of received_at: a later row of the same case
 * has the same received_at (changing it is a conflict), so it meets the
 * earlier row in the same partition. Only the two instants are fillable
 * (the rule): caused_by, escalated and category have a meaning
 * when empty (unknown, 0, none), so filling them later would change the
 * case as first reported; such a row is a conflict. */
const struct ops_kind ops_kind_complaint = {
	"complaint", complaint_cols, sizeof complaint_cols / sizeof *complaint_cols,
	complaint_key, sizeof complaint_key / sizeof *complaint_key,
	CO_CLIENT, CO_RECEIVED, complaint_check, -1, -1, -1,
	1u << CO_ACK | 1u << CO_RESOLVED,
};
