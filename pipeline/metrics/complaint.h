/* complaint.h -- the complaint-handling metrics from the stored complaint
 * log (spec/operations-logs.md "complaint"; clause 4.4):
 *
 *   complaint_ack_within_pct      = 100 x cases acknowledged by the deadline
 *                                   / cases received in the period, less
 *                                   those still pending
 *   complaint_resolved_within_pct = the same with resolved_at
 *   complaint_backlog             = cases received before the period's end
 *                                   and not resolved by then, with the age
 *                                   of the oldest in working days
 *
 * A case belongs to the period of its received_at. Its deadline is
 * "within N working days" or "within H service hours" of the contract's
 * calendar (core/deadline.h). Not yet acknowledged (resolved): late when
 * the deadline has passed at the data's watermark, else pending (counted
 * nowhere yet). An instant exactly at the deadline is in time.
 *
 *   struct complaint_log log;
 *   complaint_log_load(&log, state_dir, "ACME", to_ms, &err);
 *   for each case c received in [from, to): complaint_add(&t, c, cal, &ack, &res, watermark);
 *   for each case c:                         complaint_add_backlog(&t, c, cal, to_ms);
 *   complaint_value(&t, METRIC_COMPLAINT_ACK, &r);
 *   complaint_log_release(&log); */
#ifndef CCSLA_COMPLAINT_H
#define CCSLA_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/contact.h"
#include "core/error.h"
#include "metrics.h"

enum complaint_cause { CAUSED_CCC, CAUSED_CLIENT, CAUSED_UNKNOWN, CAUSED_COUNT };
#define CAUSED_ALL ((1u << CAUSED_COUNT) - 1)

struct complaint_case {           /* one stored case, as last updated */
	char case_id[CONTACT_ID_MAX + 1];
	char contact_id[CONTACT_ID_MAX + 1];    /* "" when the log has none */
	char category[CONTACT_ID_MAX + 1];
	int channel;                  /* -1 unknown */
	int64_t received_ms;
	int64_t ack_ms;               /* TIME_NONE: not acknowledged */
	int64_t resolved_ms;          /* TIME_NONE: not resolved */
	int caused_by;                /* enum complaint_cause; empty = unknown */
	int escalated;                /* 0 or 1 */
	uint32_t src_file, src_line;  /* lineage */
};

struct complaint_log {
	struct complaint_case *items; /* by received_at, then case_id; owned */
	size_t count, cap;
	int64_t first_day;            /* earliest UTC day of the client's log; INT64_MAX: none */
	int64_t latest_ms;            /* latest instant the log names */
};

/* Loads the client's cases received before to_ms (INT64_MAX: all). -1
 * (err) on a read error or a damaged row. */
int complaint_log_load(struct complaint_log *log, const char *state_dir, const char *client, int64_t to_ms,
                       struct ccsla_error *err);
void complaint_log_release(struct complaint_log *log);
/* True when the log has data for a period ending at to_ms (a partition
 * before then): without it the complaint SLAs are not measurable. */
int complaint_log_covers(const struct complaint_log *log, int64_t to_ms);

/* A deadline: working_days >= 0, or service_hours >= 0 (the other -1). */
struct complaint_deadline {
	int working_days;
	int64_t service_hours;
};
/* "2d" (working days) or "16h" (service hours), 0 to 999; -1 on junk. */
int complaint_deadline_parse(const char *text, struct complaint_deadline *d);
/* "2 working days", "16 service hours"; returns buf. */
const char *complaint_deadline_text(const struct complaint_deadline *d, char *buf, size_t size);
/* The last instant in time for a case received at received_ms. */
int64_t complaint_deadline_at(const struct calendar *cal, const struct complaint_deadline *d, int64_t received_ms);
int complaint_cause_parse(const char *name);   /* -1 when unknown */
/* 1 for METRIC_COMPLAINT_ACK and METRIC_COMPLAINT_RESOLVED (the SLA metrics). */
int metric_is_complaint(enum metric_id m);
const char *complaint_cause_name(int cause);

struct complaint_totals {
	int64_t received;             /* cases received in the period */
	int64_t ack_in_time, ack_late, ack_pending;
	int64_t resolved_in_time, resolved_late, resolved_pending;
	int64_t backlog;              /* open at the period's end */
	int64_t oldest_age_wd;        /* working days; -1 when no backlog */
	int64_t oldest_received_ms;   /* of the oldest open case; TIME_NONE when none */
	char oldest_case[CONTACT_ID_MAX + 1];
};

void complaint_totals_init(struct complaint_totals *t);
/* Counts a case received in the period against both deadlines (NULL: not
 * judged) at the watermark. */
void complaint_add(struct complaint_totals *t, const struct complaint_case *c, const struct calendar *cal,
                   const struct complaint_deadline *ack, const struct complaint_deadline *res, int64_t watermark_ms);
/* Counts a case in the backlog at end_ms when received before and not
 * resolved by then. */
void complaint_add_backlog(struct complaint_totals *t, const struct complaint_case *c, const struct calendar *cal,
                           int64_t end_ms);
/* METRIC_COMPLAINT_ACK, _RESOLVED, _BACKLOG: 0 with *r (den 0: n/a); -1
 * for another metric. */
int complaint_value(const struct complaint_totals *t, enum metric_id m, struct ratio *r);

#endif
