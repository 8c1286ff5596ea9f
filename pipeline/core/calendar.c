/* calendar.c -- service hours, holidays and exclusion windows in a zone.
 *
 * Service hours are local wall-clock ranges per weekday. A local day can
 * have 23, 24 or 25 hours, and within the repeated hour of a fall-back day
 * the same local time occurs twice; both occurrences are inside service
 * hours when that local time is. calendar_service_ms therefore works on
 * stretches of constant UTC offset, where local time and UTC differ by a
 * constant and a local range maps to exactly one UTC range. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "timefmt.h"

#define MS_PER_DAY 86400000LL
#define MS_PER_MIN 60000LL

static const char *const weekday_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

void calendar_init(struct calendar *cal, const struct tz *zone)
{
	memset(cal, 0, sizeof *cal);
	cal->zone = zone;
}

void calendar_release(struct calendar *cal)
{
	free(cal->holidays);
	free(cal->exclusions);
	cal->holidays = NULL;
	cal->exclusions = NULL;
	cal->holiday_count = cal->exclusion_count = 0;
}

/* "HH:MM" with 24:00 allowed only as an end; returns minutes or -1. */
static int parse_clock(const char **p, int allow_24)
{
	const char *s = *p;
	int h, m;

	if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' &&
	      s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9'))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && (m != 0 || !allow_24)))
		return -1;
	*p = s + 5;
	return h * 60 + m;
}

int calendar_parse_hours(const char *text, struct hours_range ranges[CAL_MAX_RANGES],
                         int *count, struct ccsla_error *err)
{
	const char *p = text;
	int n = 0;

	*count = 0;
	if (strcmp(text, "closed") == 0)
		return 0;
	for (;;) {
		int from, to;

		if (n == CAL_MAX_RANGES)
			return ccsla_error_set(err, NULL, 0, "hours",
			                       "'%s' has more than %d ranges in one day",
			                       text, CAL_MAX_RANGES);
		if ((from = parse_clock(&p, 0)) < 0 || *p++ != '-' || (to = parse_clock(&p, 1)) < 0)
			return ccsla_error_set(err, NULL, 0, "hours",
			                       "'%s' is not service hours: write HH:MM-HH:MM "
			                       "(24:00 as an end), ranges separated by ',', or 'closed'",
			                       text);
		if (to <= from)
			return ccsla_error_set(err, NULL, 0, "hours",
			                       "'%s': a range must end after it starts", text);
		ranges[n].from_min = (int16_t)from;
		ranges[n].to_min = (int16_t)to;
		n++;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return ccsla_error_set(err, NULL, 0, "hours",
			                       "'%s': ranges must be separated by ','", text);
	}
	/* Sort (insertion, at most 4) and refuse overlaps: an overlap is a typo
	 * that would otherwise pass silently. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && ranges[j].from_min < ranges[j - 1].from_min; j--) {
			struct hours_range x = ranges[j];

			ranges[j] = ranges[j - 1];
			ranges[j - 1] = x;
		}
	for (int i = 1; i < n; i++)
		if (ranges[i].from_min < ranges[i - 1].to_min)
			return ccsla_error_set(err, NULL, 0, "hours", "'%s': ranges overlap", text);
	*count = n;
	return 0;
}

static int weekday_parse(const char *s, size_t len)
{
	for (int i = 0; i < 7; i++)
		if (len == 3 && strncmp(s, weekday_names[i], 3) == 0)
			return i;
	return -1;
}

int calendar_parse_days(const char *text, unsigned *mask, struct ccsla_error *err)
{
	const char *p = text;

	*mask = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		const char *dash = memchr(p, '-', len);
		int a, b;

		if (dash) {
			a = weekday_parse(p, (size_t)(dash - p));
			b = weekday_parse(dash + 1, len - (size_t)(dash - p) - 1);
		} else {
			a = b = weekday_parse(p, len);
		}
		if (a < 0 || b < 0)
			return ccsla_error_set(err, NULL, 0, "days",
			                       "'%s' is not a set of weekdays: write mon, mon-fri "
			                       "or sat,sun (mon tue wed thu fri sat sun)", text);
		/* A range may wrap past Sunday: many centres' week starts on
		 * Sunday (sun-thu), and fri-mon is fri, sat, sun, mon. */
		for (int d = a;; d = (d + 1) % 7) {
			*mask |= 1u << d;
			if (d == b)
				break;
		}
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

/* Blanks around a part of the command-line form. */
static char *trim_blanks(char *s)
{
	char *end;

	while (*s == ' ')
		s++;
	end = s + strlen(s);
	while (end > s && end[-1] == ' ')
		*--end = '\0';
	return s;
}

int calendar_parse_spec(struct calendar *cal, const char *spec, struct ccsla_error *err)
{
	char buf[512];
	char *part, *save = NULL;
	unsigned seen = 0;

	if (strlen(spec) >= sizeof buf)
		return ccsla_error_set(err, NULL, 0, "service-hours", "specification too long");
	snprintf(buf, sizeof buf, "%s", spec);
	memset(cal->hours, 0, sizeof cal->hours);
	memset(cal->range_count, 0, sizeof cal->range_count);
	for (part = strtok_r(buf, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		char *colon, *days;
		struct hours_range r[CAL_MAX_RANGES];
		unsigned mask;
		int n;

		part = trim_blanks(part);
		/* One spelling per concept: the contract's "DAYS: HOURS" line
		 * (contracts.md service_hours); the old "DAYS=HOURS" is refused
		 * with the form to write. */
		if (strchr(part, '='))
			return ccsla_error_set(err, NULL, 0, "service-hours",
			                       "'%s': write DAYS: HOURS as in a contract's service_hours, "
			                       "e.g. 'mon-fri: 08:00-20:00; sat: 09:00-14:00'", part);
		colon = strchr(part, ':');
		if (!colon)
			return ccsla_error_set(err, NULL, 0, "service-hours",
			                       "'%s' needs DAYS: HOURS, like 'mon-fri: 08:00-20:00'", part);
		*colon = '\0';
		days = trim_blanks(part);
		if (calendar_parse_days(days, &mask, err) < 0 ||
		    calendar_parse_hours(trim_blanks(colon + 1), r, &n, err) < 0)
			return -1;
		if (mask & seen)
			return ccsla_error_set(err, NULL, 0, "service-hours",
			                       "'%s': a weekday is given hours twice", spec);
		seen |= mask;
		for (int d = 0; d < 7; d++)
			if (mask & (1u << d)) {
				memcpy(cal->hours[d], r, sizeof r);
				cal->range_count[d] = n;
			}
	}
	if (!seen)
		return ccsla_error_set(err, NULL, 0, "service-hours",
		                       "empty specification: write e.g. 'mon-fri: 08:00-20:00'");
	cal->has_hours = 1;
	return 0;
}

int calendar_add_holiday(struct calendar *cal, int year, int month, int day)
{
	int64_t d, *grown;
	size_t i;

	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
		return -1;
	d = civil_to_days(year, month, day);
	for (i = 0; i < cal->holiday_count && cal->holidays[i] < d; i++)
		;
	if (i < cal->holiday_count && cal->holidays[i] == d)
		return 0;
	if (!(grown = realloc(cal->holidays, (cal->holiday_count + 1) * sizeof *grown)))
		return -1;
	cal->holidays = grown;
	memmove(grown + i + 1, grown + i, (cal->holiday_count - i) * sizeof *grown);
	grown[i] = d;
	cal->holiday_count++;
	return 0;
}

int calendar_add_exclusion(struct calendar *cal, const struct exclusion *ex)
{
	struct exclusion *grown;
	size_t i;

	if (ex->to_ms <= ex->from_ms)
		return -1;
	for (i = cal->exclusion_count; i > 0 && cal->exclusions[i - 1].from_ms > ex->from_ms; i--)
		;
	if (!(grown = realloc(cal->exclusions, (cal->exclusion_count + 1) * sizeof *grown)))
		return -1;
	cal->exclusions = grown;
	memmove(grown + i + 1, grown + i, (cal->exclusion_count - i) * sizeof *grown);
	grown[i] = *ex;
	cal->exclusion_count++;
	return 0;
}

static int is_holiday(const struct calendar *cal, int64_t local_days)
{
	size_t lo = 0, hi = cal->holiday_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->holidays[mid] < local_days)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal->holiday_count && cal->holidays[lo] == local_days;
}

int calendar_in_service(const struct calendar *cal, int64_t t_ms)
{
	int64_t local = t_ms + (int64_t)tz_offset_s(cal->zone, t_ms) * 1000;
	int64_t days = local / MS_PER_DAY - (local % MS_PER_DAY < 0);
	int64_t in_day = local - days * MS_PER_DAY;
	int wd;

	if (is_holiday(cal, days))
		return 0;
	if (!cal->has_hours)
		return 1;
	wd = days_weekday(days);
	for (int i = 0; i < cal->range_count[wd]; i++)
		if (in_day >= cal->hours[wd][i].from_min * MS_PER_MIN &&
		    in_day < cal->hours[wd][i].to_min * MS_PER_MIN)
			return 1;
	return 0;
}

/* Service ms of local day `days` within [from, to), the day's instants
 * being [day_from, day_to). */
static int64_t day_service_ms(const struct calendar *cal, int64_t days,
                              int64_t day_from, int64_t day_to, int64_t from, int64_t to)
{
	int64_t lo = day_from > from ? day_from : from;
	int64_t hi = day_to < to ? day_to : to;
	int64_t total = 0;
	int wd = days_weekday(days);

	if (lo >= hi || is_holiday(cal, days))
		return 0;
	if (!cal->has_hours)
		return hi - lo;
	while (lo < hi) {
		int64_t seg_end = tz_next_offset_change(cal->zone, lo, hi);
		int64_t off_ms = (int64_t)tz_offset_s(cal->zone, lo) * 1000;
		int64_t midnight = days * MS_PER_DAY;

		for (int i = 0; i < cal->range_count[wd]; i++) {
			int64_t a = midnight + cal->hours[wd][i].from_min * MS_PER_MIN - off_ms;
			int64_t b = midnight + cal->hours[wd][i].to_min * MS_PER_MIN - off_ms;

			if (a < lo)
				a = lo;
			if (b > seg_end)
				b = seg_end;
			if (b > a)
				total += b - a;
		}
		lo = seg_end;
	}
	return total;
}

int64_t calendar_service_ms(const struct calendar *cal, int64_t from_ms, int64_t to_ms)
{
	int64_t total = 0, days, day_from;

	if (to_ms <= from_ms)
		return 0;
	if (!cal->has_hours && cal->holiday_count == 0)
		return to_ms - from_ms;
	days = tz_local_days(cal->zone, from_ms);
	day_from = tz_local_day_start(cal->zone, days);
	while (day_from < to_ms) {
		int64_t day_to = tz_local_day_start(cal->zone, days + 1);

		total += day_service_ms(cal, days, day_from, day_to, from_ms, to_ms);
		days++;
		day_from = day_to;
	}
	return total;
}

long calendar_exclusion_at(const struct calendar *cal, int64_t t_ms)
{
	/* Windows are few (a handful per month) and may overlap: scan. */
	for (size_t i = 0; i < cal->exclusion_count && cal->exclusions[i].from_ms <= t_ms; i++)
		if (t_ms < cal->exclusions[i].to_ms)
			return (long)i;
	return -1;
}
