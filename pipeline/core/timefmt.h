/* timefmt.h -- dates and RFC 3339 instants, without time zones.
 *
 * Instants are UTC milliseconds since 1970-01-01T00:00:00Z. Dates are
 * proleptic Gregorian. Zones (local days, DST) are tz.h's job. */
#ifndef CCSLA_TIMEFMT_H
#define CCSLA_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* a / b rounded towards minus infinity (b != 0): the day or interval of an
 * instant before 1970 is the one that contains it, not the next. */
static inline int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of a valid date; the caller checks validity. */
int64_t civil_to_days(int year, int month, int day);
void days_to_civil(int64_t days, int *year, int *month, int *day);
int days_in_month(int year, int month);
/* ISO weekday of a day number: 0 = Monday .. 6 = Sunday. */
int days_weekday(int64_t days);

/* The instants RFC 3339 can write: 0000-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z. An instant outside (reachable through the
 * offset, 0000-01-01T00:00:00+01:00) is not a valid timestamp. */
#define RFC3339_MIN_MS INT64_C(-62167219200000)
#define RFC3339_MAX_MS INT64_C(253402300799999)

/* Parses an RFC 3339 instant: "2026-10-01T08:00:03Z", with an optional
 * fraction (1 to 9 digits; kept to the millisecond, extra digits must be
 * given but are truncated) and "Z" or "+HH:MM"/"-HH:MM". 't' and 'z' are
 * accepted as RFC 3339 allows. Rejects 24:00:00, leap seconds, February 30
 * and anything else that is not a real instant, and an instant whose UTC
 * value lies outside years 0000-9999 (RFC3339_MIN_MS..MAX_MS). On error returns -1 and
 * points *why at a short reason ("day out of range for month", ...). */
int rfc3339_parse(const char *text, int64_t *out_ms, const char **why);

/* Formats an instant as "2026-10-01T08:00:03.250Z" (milliseconds always
 * written) into buf (at least 25 bytes). */
void rfc3339_format_utc(int64_t ms, char *buf, size_t size);

/* Parses "YYYY-MM-DD" (a real date); -1 on error. */
int date_parse(const char *text, int *year, int *month, int *day);
/* Parses "YYYY-MM"; -1 on error. */
int month_parse(const char *text, int *year, int *month);

#endif
