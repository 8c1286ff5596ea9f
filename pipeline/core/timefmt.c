/* timefmt.c -- civil dates and RFC 3339 instants (timefmt.h). */
#include <stdio.h>
#include <string.h>

#include "timefmt.h"

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian
 * date, no tables, no floating point. */
int64_t civil_to_days(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void days_to_civil(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

int days_in_month(int year, int month)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12)
		return 0;
	return len[month - 1] + (month == 2 && leap);
}

int days_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	int64_t w = (days + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* Reads exactly n digits; -1 when they are not all digits. */
static int digits(const char **p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	return v;
}

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

int rfc3339_parse(const char *text, int64_t *out_ms, const char **why)
{
	const char *p = text;
	int y, mo, d, h, mi, s, ms = 0, off_min = 0;
	int64_t v;

	if ((y = digits(&p, 4)) < 0 || *p++ != '-' || (mo = digits(&p, 2)) < 0 ||
	    *p++ != '-' || (d = digits(&p, 2)) < 0)
		return fail(why, "not an RFC 3339 date (want YYYY-MM-DDTHH:MM:SSZ)");
	if (mo < 1 || mo > 12)
		return fail(why, "month out of range");
	if (d < 1 || d > days_in_month(y, mo))
		return fail(why, "day out of range for month");
	if (*p != 'T' && *p != 't')
		return fail(why, "no 'T' between date and time");
	p++;
	if ((h = digits(&p, 2)) < 0 || *p++ != ':' || (mi = digits(&p, 2)) < 0 ||
	    *p++ != ':' || (s = digits(&p, 2)) < 0)
		return fail(why, "not an RFC 3339 time (want HH:MM:SS)");
	if (h > 23)
		return fail(why, "hour out of range (24:00 is not an instant)");
	if (mi > 59)
		return fail(why, "minute out of range");
	if (s > 59)
		return fail(why, "second out of range (leap seconds are not accepted)");
	if (*p == '.') {
		int n = 0;
		p++;
		while (*p >= '0' && *p <= '9') {
			if (n < 3)
				ms = ms * 10 + (*p - '0');
			n++;
			p++;
		}
		if (n == 0)
			return fail(why, "empty fraction of a second");
		for (int i = n; i < 3; i++)
			ms *= 10;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;
		if ((oh = digits(&p, 2)) < 0 || *p++ != ':' || (om = digits(&p, 2)) < 0)
			return fail(why, "bad UTC offset (want +HH:MM)");
		if (oh > 23 || om > 59)
			return fail(why, "UTC offset out of range");
		off_min = sign * (oh * 60 + om);
	} else {
		return fail(why, "no time zone (want Z or +HH:MM)");
	}
	if (*p)
		return fail(why, "unexpected text after the instant");
	v = ((civil_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) -
	     (int64_t)off_min * 60) * 1000 + ms;
	if (v < RFC3339_MIN_MS || v > RFC3339_MAX_MS)
		return fail(why, "instant outside years 0000-9999 in UTC");
	*out_ms = v;
	return 0;
}

/* width decimal digits of v (0 <= v < 10^width) at p */
static void put_digits(char *p, int v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

void rfc3339_format_utc(int64_t ms, char *buf, size_t size)
{
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t rest = ms - days * 86400000;
	int y, mo, d;

	days_to_civil(days, &y, &mo, &d);
	if (y < 0 || y > 9999) { /* not a 4-digit year: snprintf says it as it is */
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d, (int)(rest / 3600000),
		         (int)(rest / 60000 % 60), (int)(rest / 1000 % 60), (int)(rest % 1000));
		return;
	}
	/* by hand, not snprintf: the contacts evidence formats two per contact */
	{
		char t[] = "0000-00-00T00:00:00.000Z";
		size_t n = size && size - 1 < sizeof t - 1 ? size - 1 : sizeof t - 1;

		put_digits(t, y, 4);
		put_digits(t + 5, mo, 2);
		put_digits(t + 8, d, 2);
		put_digits(t + 11, (int)(rest / 3600000), 2);
		put_digits(t + 14, (int)(rest / 60000 % 60), 2);
		put_digits(t + 17, (int)(rest / 1000 % 60), 2);
		put_digits(t + 20, (int)(rest % 1000), 3);
		if (size) {
			memcpy(buf, t, n);
			buf[n] = '\0';
		}
	}
}

int date_parse(const char *text, int *year, int *month, int *day)
{
	const char *p = text;
	int y, m, d;

	if ((y = digits(&p, 4)) < 0 || *p++ != '-' || (m = digits(&p, 2)) < 0 ||
	    *p++ != '-' || (d = digits(&p, 2)) < 0 || *p)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*year = y;
	*month = m;
	*day = d;
	return 0;
}

int month_parse(const char *text, int *year, int *month)
{
	const char *p = text;
	int y, m;

	if ((y = digits(&p, 4)) < 0 || *p++ != '-' || (m = digits(&p, 2)) < 0 || *p)
		return -1;
	if (m < 1 || m > 12)
		return -1;
	*year = y;
	*month = m;
	return 0;
}
