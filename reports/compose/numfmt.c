/* numfmt.c -- figures as a person reads them (numfmt.h).
 *
 * Rounding happens once, from the machine value to the unit printed
 * (second or minute), half away from zero (llround), so the carry goes into
 * the next unit: 59.5 s is "1:00", 3599.5 s is "1:00:00". Amounts never go
 * through floating point: they are minor units formatted by money_format
 * and then grouped. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contracts/money.h"
#include "numfmt.h"

int numfmt_parse(const char *text, double *out)
{
	const char *p = text;
	int digits = 0;

	if (!text || !*text)
		return -1;
	if (*p == '-' || *p == '+')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++, digits++;
	}
	if (*p || !digits)
		return -1;
	*out = strtod(text, NULL);
	return 0;
}

/* Copies a decimal string ("-1234567.89") with ',' between groups of three
 * digits of its whole part. */
static void group_decimal(const char *plain, char *buf, size_t size)
{
	char tmp[NUMFMT_MAX];
	size_t o = 0, whole = 0;
	const char *p = plain;

	if (*p == '-')
		tmp[o++] = *p++;
	while (isdigit((unsigned char)p[whole]))
		whole++;
	for (size_t i = 0; i < whole && o + 2 < sizeof tmp; i++) {
		if (i > 0 && (whole - i) % 3 == 0)
			tmp[o++] = ',';
		tmp[o++] = p[i];
	}
	tmp[o] = '\0';
	snprintf(buf, size, "%s%s", tmp, p + whole);
}

void numfmt_count(int64_t n, char *buf, size_t size)
{
	char plain[32];

	snprintf(plain, sizeof plain, "%lld", (long long)n);
	group_decimal(plain, buf, size);
}

void numfmt_wait(double seconds, char *buf, size_t size)
{
	long long s = llround(seconds);
	const char *sign = s < 0 ? "-" : "";

	if (s < 0)
		s = -s;
	if (s >= 3600)
		snprintf(buf, size, "%s%lld:%02lld:%02lld", sign, s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%s%lld:%02lld", sign, s / 60, s % 60);
}

void numfmt_hours(double seconds, char *buf, size_t size)
{
	long long m = llround(seconds / 60.0);
	const char *sign = m < 0 ? "-" : "";

	if (m < 0)
		m = -m;
	snprintf(buf, size, "%s%lld:%02lld h", sign, m / 60, m % 60);
}

void numfmt_business_hours(double seconds, char *buf, size_t size)
{
	long long m = llround(seconds / 60.0);
	const char *sign = m < 0 ? "-" : "";

	if (m < 0)
		m = -m;
	if (m % 60)
		snprintf(buf, size, "%s%lld:%02lld business hours", sign, m / 60, m % 60);
	else
		snprintf(buf, size, "%s%lld business hour%s", sign, m / 60, m == 60 ? "" : "s");
}

void numfmt_seconds_words(int64_t seconds, char *buf, size_t size)
{
	long long s = (long long)seconds;

	if (s != 0 && s % 3600 == 0)
		snprintf(buf, size, "%lld hour%s", s / 3600, s == 3600 || s == -3600 ? "" : "s");
	else if (s != 0 && s % 60 == 0 && (s >= 120 || s <= -120))
		snprintf(buf, size, "%lld minutes", s / 60);
	else if (s >= -90 && s <= 90) /* "60 seconds" reads better than "1 minute" next to "20 seconds" */
		snprintf(buf, size, "%lld second%s", s, s == 1 || s == -1 ? "" : "s");
	else {
		char mss[NUMFMT_MAX];
		numfmt_wait((double)s, mss, sizeof mss);
		snprintf(buf, size, "%s (m:ss)", mss);
	}
}

void numfmt_duration_text(const char *seconds, int written, char *buf, size_t size)
{
	double v;

	if (numfmt_parse(seconds, &v) != 0)
		snprintf(buf, size, "%s", NUMFMT_NA);
	else if (written && fabs(v) >= 3600.0)
		numfmt_hours(v, buf, size);
	else
		numfmt_wait(v, buf, size);
}

void numfmt_percent_text(const char *value, char *buf, size_t size)
{
	double v;

	if (numfmt_parse(value, &v) != 0)
		snprintf(buf, size, "%s", NUMFMT_NA);
	else
		snprintf(buf, size, "%s %%", value[0] == '+' ? value + 1 : value);
}

void numfmt_points(double delta, char *buf, size_t size)
{
	double r = round(delta * 100.0) / 100.0;

	if (r == 0.0)
		snprintf(buf, size, "0.00 pts");
	else
		snprintf(buf, size, "%+.2f pts", r);
}

int numfmt_amount(int64_t minor, const char *currency, char *buf, size_t size)
{
	char plain[32], grouped[NUMFMT_MAX];
	int units = currency_minor_units(currency);

	if (units < 0) {
		snprintf(buf, size, "%lld minor units %s", (long long)minor, currency ? currency : "");
		return -1;
	}
	money_format(minor, units, plain, sizeof plain);
	group_decimal(plain, grouped, sizeof grouped);
	snprintf(buf, size, "%s %s", currency, grouped);
	return 0;
}

int numfmt_amount_text(const char *decimal, const char *currency, char *buf, size_t size)
{
	int64_t minor = 0;
	const char *why = NULL;
	int units = currency_minor_units(currency);

	if (!decimal || !*decimal) {
		snprintf(buf, size, "%s", NUMFMT_NA);
		return -1;
	}
	if (units < 0 || money_parse(decimal, units, &minor, &why) != 0) {
		snprintf(buf, size, "%s", decimal);
		return -1;
	}
	return numfmt_amount(minor, currency, buf, size);
}

void numfmt_na(const char *reason, char *buf, size_t size)
{
	if (reason && *reason)
		snprintf(buf, size, "%s (%s)", NUMFMT_NA, reason);
	else
		snprintf(buf, size, "%s", NUMFMT_NA);
}

void numfmt_metric(const char *value, const char *unit, int written,
                   int clock_business, char *buf, size_t size)
{
	double v;

	if (numfmt_parse(value, &v) != 0)
		snprintf(buf, size, "%s", NUMFMT_NA);
	else if (unit && strcmp(unit, "%") == 0)
		numfmt_percent_text(value, buf, size);
	else if (unit && strcmp(unit, "s") == 0) {
		if (clock_business && fabs(v) >= 3600.0)
			numfmt_business_hours(v, buf, size);
		else
			numfmt_duration_text(value, written, buf, size);
	} else if (unit && *unit)
		snprintf(buf, size, "%s %s", value, unit);
	else
		snprintf(buf, size, "%s", value);
}
