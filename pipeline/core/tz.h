/* tz.h -- IANA time zones read from the system's tzdata (TZif files under
 * /usr/share/zoneinfo, or $TZDIR), never from hand-written offset tables.
 *
 * Inside ccsla every instant is UTC milliseconds; a zone turns instants into
 * local civil times (for days, weeks, months, intervals and service hours)
 * and back. Several zones can be loaded at once (no use of the TZ variable).
 *
 * Implementation: pipeline/core/tz.c. */
#ifndef CCSLA_TZ_H
#define CCSLA_TZ_H

#include <stdint.h>

#include "error.h"

struct tz; /* opaque; one loaded zone */

struct local_time {
	int year, month, day;        /* month 1..12, day 1..31 */
	int hour, minute, second, ms;
	int wday;                    /* 0 = Monday .. 6 = Sunday (ISO) */
	int32_t offset_s;            /* UTC offset in force, e.g. 7200 for +02:00 */
};

/* Loads "Europe/Berlin", "UTC", ...; an unknown name is an error that says so. */
int tz_load(struct tz **out, const char *name, struct ccsla_error *err);
void tz_free(struct tz *zone);
const char *tz_name(const struct tz *zone);
/* The SHA-256 (hex) of the TZif file the zone was read from: it changes
 * when a tzdata update changes the zone's rules. */
const char *tz_rules_sha256(const struct tz *zone);

/* UTC offset in seconds in force at the instant t_ms. */
int32_t tz_offset_s(const struct tz *zone, int64_t t_ms);
/* Local civil time of an instant. */
void tz_to_local(const struct tz *zone, int64_t t_ms, struct local_time *out);
/* The instant of a local civil time. When the local time occurs twice (the
 * hour repeated when DST ends) later = 0 takes the earlier instant, 1 the
 * later. Returns -1 when the local time does not exist (skipped by DST). */
int tz_from_local(const struct tz *zone, int year, int month, int day,
                  int hour, int minute, int second, int later, int64_t *out_ms);
/* First instant of the local day that holds t_ms (local midnight, or the
 * first existing instant of that day). */
int64_t tz_day_start(const struct tz *zone, int64_t t_ms);
/* Local date of an instant as days since 1970-01-01 (timefmt.h's numbering). */
int64_t tz_local_days(const struct tz *zone, int64_t t_ms);
/* First instant of a local date given as days since 1970-01-01; with
 * tz_local_day_start(z, d + 1) it bounds a local day of 23, 24 or 25 hours. */
int64_t tz_local_day_start(const struct tz *zone, int64_t local_days);

/* Dates without a zone (civil_to_days, ...) are in timefmt.h. */

/* First instant in (lo, hi] whose UTC offset differs from the offset at lo,
 * or hi when there is none. Assumes the offset changes at most once in
 * (lo, hi], which holds for spans up to a local day. */
int64_t tz_next_offset_change(const struct tz *zone, int64_t lo, int64_t hi);

#endif
