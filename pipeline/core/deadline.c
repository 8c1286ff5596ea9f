/* deadline.c -- working-day and service-hour deadlines (deadline.h).
 *
 * Both walk the calendar's service intervals in time order: per open local
 * day, each hours range turned into a UTC interval on every stretch of
 * constant UTC offset (as calendar.c does), so a day of 23 or 25 hours and
 * the repeated hour of a fall-back night are counted once each. */
#include "deadline.h"
#include "timefmt.h"

#define DAY_MS 86400000LL
#define MIN_MS 60000LL
#define SEARCH_DAYS 3660   /* ten years: a calendar open on no day ends the search */

static int holiday(const struct calendar *cal, int64_t local_days)
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

int deadline_open_day(const struct calendar *cal, int64_t local_days)
{
	if (holiday(cal, local_days))
		return 0;
	return !cal->has_hours || cal->range_count[days_weekday(local_days)] > 0;
}

/* The first service interval [*a, *b) that ends after t, with *a >= t.
 * -1 when none within SEARCH_DAYS. */
static int next_interval(const struct calendar *cal, int64_t t, int64_t *a, int64_t *b)
{
	int64_t d = tz_local_days(cal->zone, t);

	for (int64_t end = d + SEARCH_DAYS; d < end; d++) {
		int64_t day_from, day_to, lo;
		int wd;

		if (!deadline_open_day(cal, d))
			continue;
		day_from = tz_local_day_start(cal->zone, d);
		day_to = tz_local_day_start(cal->zone, d + 1);
		if (day_to <= t)
			continue;
		if (!cal->has_hours) {
			*a = day_from > t ? day_from : t;
			*b = day_to;
			return 0;
		}
		wd = days_weekday(d);
		for (lo = day_from; lo < day_to;) {
			int64_t seg_end = tz_next_offset_change(cal->zone, lo, day_to);
			int64_t off_ms = (int64_t)tz_offset_s(cal->zone, lo) * 1000;

			for (int i = 0; i < cal->range_count[wd]; i++) {
				int64_t x = d * DAY_MS + cal->hours[wd][i].from_min * MIN_MS - off_ms;
				int64_t y = d * DAY_MS + cal->hours[wd][i].to_min * MIN_MS - off_ms;

				if (x < lo)
					x = lo;
				if (x < t)
					x = t;
				if (y > seg_end)
					y = seg_end;
				if (y > x) {
					*a = x;
					*b = y;
					return 0;
				}
			}
			lo = seg_end;
		}
	}
	return -1;
}

int64_t deadline_day0(const struct calendar *cal, int64_t received_ms)
{
	int64_t a, b;

	if (next_interval(cal, received_ms, &a, &b) < 0)
		return DEADLINE_NEVER;
	return tz_local_days(cal->zone, a);
}

int64_t deadline_working_days(const struct calendar *cal, int64_t received_ms, int n)
{
	int64_t d = deadline_day0(cal, received_ms);

	if (d == DEADLINE_NEVER)
		return DEADLINE_NEVER;
	for (int k = 0; k < n; k++) {
		int64_t end = d + SEARCH_DAYS;

		while (++d < end && !deadline_open_day(cal, d))
			;
		if (d == end)
			return DEADLINE_NEVER;
	}
	return tz_local_day_start(cal->zone, d + 1);
}

int64_t deadline_service_ms(const struct calendar *cal, int64_t received_ms, int64_t service_ms)
{
	int64_t t = received_ms, left = service_ms, a, b;

	/* the time runs out strictly inside an interval, or at its end; then
	 * the clock stands still until the next opening, which is still in time */
	for (;;) {
		if (next_interval(cal, t, &a, &b) < 0)
			return DEADLINE_NEVER;
		if (left < b - a)
			return a + left;
		left -= b - a;
		t = b;
	}
}

int64_t deadline_after_period(const struct calendar *cal, int64_t end_day, int n)
{
	int64_t d = end_day - 1, end = end_day + SEARCH_DAYS;

	for (int k = 0; k < n; k++) {
		while (++d < end && !deadline_open_day(cal, d))
			;
		if (d == end)
			return DEADLINE_NEVER;
	}
	return tz_local_day_start(cal->zone, d + 1);
}

int64_t deadline_age_working_days(const struct calendar *cal, int64_t received_ms, int64_t at_ms)
{
	int64_t d = deadline_day0(cal, received_ms), age = 0;

	if (d == DEADLINE_NEVER)
		return 0;
	for (d++; tz_local_day_start(cal->zone, d + 1) <= at_ms; d++)
		age += deadline_open_day(cal, d);
	return age;
}
