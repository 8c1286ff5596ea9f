/* calendar.h -- a contract's service hours, holidays and exclusion windows,
 * in its IANA zone. Shared by the metric engine (clock: service_hours,
 * service_hours_only) and the contract loader, which fills it from YAML.
 *
 * One module answers "is this instant inside service hours" and "how many
 * service-hour milliseconds lie between two instants", correct across
 * daylight-saving changes (a local day has 23, 24 or 25 hours).
 *
 * Implementation: pipeline/core/calendar.c. */
#ifndef CCSLA_CALENDAR_H
#define CCSLA_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "tz.h"

#define CAL_MAX_RANGES 4

struct hours_range {
	int16_t from_min;  /* minutes after local midnight, 0..1439 */
	int16_t to_min;    /* exclusive, from_min < to_min <= 1440 (24:00) */
};

struct exclusion {
	int64_t from_ms, to_ms;  /* [from, to) UTC */
	char reason[32];         /* force-majeure | client-caused | volume-over-forecast | other */
	char note[256];
	char approved_by[128];
};

struct calendar {
	const struct tz *zone;   /* not owned */
	int has_hours;           /* 0: open around the clock, every day */
	struct hours_range hours[7][CAL_MAX_RANGES]; /* [0] = Monday */
	int range_count[7];      /* 0: closed that weekday */
	int64_t *holidays;       /* local dates as days since 1970-01-01, sorted; closed all day; owned */
	size_t holiday_count;
	struct exclusion *exclusions; /* sorted by from_ms; owned */
	size_t exclusion_count;
};

/* An open-around-the-clock calendar in zone (no holidays, no exclusions). */
void calendar_init(struct calendar *cal, const struct tz *zone);
void calendar_release(struct calendar *cal);

/* Parses one weekday's hours: "08:00-20:00", "08:00-12:00,13:00-17:00",
 * "closed", "00:00-24:00". Fills ranges (sorted, not overlapping). */
int calendar_parse_hours(const char *text, struct hours_range ranges[CAL_MAX_RANGES],
                         int *count, struct ccsla_error *err);
/* Parses a weekday set: "mon", "mon-fri", "sat,sun", and ranges that wrap
 * past Sunday ("sun-thu", "fri-mon"); sets mask bit 0 for Monday. */
int calendar_parse_days(const char *text, unsigned *mask, struct ccsla_error *err);
/* Parses the command-line form "mon-fri: 08:00-20:00; sat: 09:00-14:00",
 * the lines of a contract's service_hours joined by ';' (weekdays not named
 * are closed), into cal's hours. "DAYS=HOURS" is an error with this hint. */
int calendar_parse_spec(struct calendar *cal, const char *spec, struct ccsla_error *err);
/* Adds a holiday (local date) or an exclusion window; both keep their order. */
int calendar_add_holiday(struct calendar *cal, int year, int month, int day);
int calendar_add_exclusion(struct calendar *cal, const struct exclusion *ex);

/* True when t_ms lies inside service hours (never on a holiday). */
int calendar_in_service(const struct calendar *cal, int64_t t_ms);
/* Milliseconds of service hours in [from_ms, to_ms); 0 when to <= from. */
int64_t calendar_service_ms(const struct calendar *cal, int64_t from_ms, int64_t to_ms);
/* Index of the exclusion window holding t_ms, or -1. */
long calendar_exclusion_at(const struct calendar *cal, int64_t t_ms);

#endif
