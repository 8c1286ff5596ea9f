/* deadline.h -- complaint-handling deadlines on a contract's calendar
 * (spec/operations-logs.md "complaint"; contracts.md v2 calendar):
 *
 *   open day     a local day with service hours that is not a holiday
 *                (without service_hours: every day that is not a holiday);
 *   day 0        the local day of the first service instant at or after
 *                received_at: a case received during service hours of an
 *                open day starts that day, one received at another time
 *                (after closing, at night, on a closed weekday or a
 *                holiday) on the next open day;
 *   within N working days  until the end (local 24:00) of the N-th open day
 *                after day 0 (N = 0: the end of day 0);
 *   within H hours         H hours of the service-hours clock of
 *                metrics.md: w = calendar_service_ms(received, t) <= H h.
 *
 * Every deadline is the last instant still in time (an instant exactly at
 * it is in time). Local days of 23 and 25 hours are handled through tz.h.
 *
 * Implementation: pipeline/core/deadline.c. */
#ifndef CCSLA_DEADLINE_H
#define CCSLA_DEADLINE_H

#include <stdint.h>

#include "calendar.h"

#define DEADLINE_NEVER INT64_MAX   /* a calendar without an open day in ten years */

/* 1 when the local date (days since 1970-01-01) is an open day. */
int deadline_open_day(const struct calendar *cal, int64_t local_days);
/* Day 0 of a case received at received_ms, as local days; DEADLINE_NEVER
 * when no open day follows. */
int64_t deadline_day0(const struct calendar *cal, int64_t received_ms);
/* The UTC instant of local 24:00 of the n-th open day after day 0 (n >= 0). */
int64_t deadline_working_days(const struct calendar *cal, int64_t received_ms, int n);
/* The last instant t with calendar_service_ms(cal, received_ms, t) <=
 * service_ms: inside service hours the instant the time runs out; when it
 * runs out at a closing, the next opening (the clock stands still between). */
int64_t deadline_service_ms(const struct calendar *cal, int64_t received_ms, int64_t service_ms);
/* Report delivery (operations-logs.md "Report delivery"): the UTC instant
 * of local 24:00 of the n-th open day after a period that ends at local
 * day end_day (its first day after, as local days: the 1st of the next
 * month); n = 0: the period's end itself. */
int64_t deadline_after_period(const struct calendar *cal, int64_t end_day, int n);
/* A case's age at at_ms in working days: the open days after day 0 that
 * have ended by at_ms (0 before that). A case of age > N is past its
 * N-working-day deadline. */
int64_t deadline_age_working_days(const struct calendar *cal, int64_t received_ms, int64_t at_ms);

#endif
