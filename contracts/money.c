/* money.c -- ISO 4217 minor units, money and decimal strings, exact
 * scaling with one half-up rounding (money.h).
 *
 * Why 128-bit intermediates: a credit line is charges × at-risk % ×
 * allocation % × multiplier, rounded once (contracts.md: "half-up rounding
 * to the minor unit once per line item"). Rounding after each factor would
 * drift; the exact product of four int64 figures needs more than 64 bits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

typedef __int128 i128; /* GCC and Clang on every 64-bit target we build on */

/* ISO 4217 (list one, active codes, 2024). Codes whose minor unit is not 2
 * carry their own figure; the rest have 2. Sorted for bsearch. */
struct currency { char code[4]; signed char minor; };
static const struct currency currencies[] = {
	{"AED",2},{"AFN",2},{"ALL",2},{"AMD",2},{"ANG",2},{"AOA",2},{"ARS",2},{"AUD",2},
	{"AWG",2},{"AZN",2},{"BAM",2},{"BBD",2},{"BDT",2},{"BGN",2},{"BHD",3},{"BIF",0},
	{"BMD",2},{"BND",2},{"BOB",2},{"BOV",2},{"BRL",2},{"BSD",2},{"BTN",2},{"BWP",2},
	{"BYN",2},{"BZD",2},{"CAD",2},{"CDF",2},{"CHE",2},{"CHF",2},{"CHW",2},{"CLF",4},
	{"CLP",0},{"CNY",2},{"COP",2},{"COU",2},{"CRC",2},{"CUP",2},{"CVE",2},{"CZK",2},
	{"DJF",0},{"DKK",2},{"DOP",2},{"DZD",2},{"EGP",2},{"ERN",2},{"ETB",2},{"EUR",2},
	{"FJD",2},{"FKP",2},{"GBP",2},{"GEL",2},{"GHS",2},{"GIP",2},{"GMD",2},{"GNF",0},
	{"GTQ",2},{"GYD",2},{"HKD",2},{"HNL",2},{"HTG",2},{"HUF",2},{"IDR",2},{"ILS",2},
	{"INR",2},{"IQD",3},{"IRR",2},{"ISK",0},{"JMD",2},{"JOD",3},{"JPY",0},{"KES",2},
	{"KGS",2},{"KHR",2},{"KMF",0},{"KPW",2},{"KRW",0},{"KWD",3},{"KYD",2},{"KZT",2},
	{"LAK",2},{"LBP",2},{"LKR",2},{"LRD",2},{"LSL",2},{"LYD",3},{"MAD",2},{"MDL",2},
	{"MGA",2},{"MKD",2},{"MMK",2},{"MNT",2},{"MOP",2},{"MRU",2},{"MUR",2},{"MVR",2},
	{"MWK",2},{"MXN",2},{"MXV",2},{"MYR",2},{"MZN",2},{"NAD",2},{"NGN",2},{"NIO",2},
	{"NOK",2},{"NPR",2},{"NZD",2},{"OMR",3},{"PAB",2},{"PEN",2},{"PGK",2},{"PHP",2},
	{"PKR",2},{"PLN",2},{"PYG",0},{"QAR",2},{"RON",2},{"RSD",2},{"RUB",2},{"RWF",0},
	{"SAR",2},{"SBD",2},{"SCR",2},{"SDG",2},{"SEK",2},{"SGD",2},{"SHP",2},{"SLE",2},
	{"SOS",2},{"SRD",2},{"SSP",2},{"STN",2},{"SVC",2},{"SYP",2},{"SZL",2},{"THB",2},
	{"TJS",2},{"TMT",2},{"TND",3},{"TOP",2},{"TRY",2},{"TTD",2},{"TWD",2},{"TZS",2},
	{"UAH",2},{"UGX",0},{"USD",2},{"USN",2},{"UYI",0},{"UYU",2},{"UYW",4},{"UZS",2},
	{"VED",2},{"VES",2},{"VND",0},{"VUV",0},{"WST",2},{"XAF",0},{"XCD",2},{"XOF",0},
	{"XPF",0},{"YER",2},{"ZAR",2},{"ZMW",2},{"ZWG",2},
};

static int cmp_code(const void *key, const void *elem)
{
	return strncmp(key, elem, 4);
}

int currency_minor_units(const char *code)
{
	const struct currency *hit;

	if (!code || strlen(code) != 3)
		return -1;
	hit = bsearch(code, currencies, sizeof currencies / sizeof currencies[0],
	              sizeof currencies[0], cmp_code);
	return hit ? hit->minor : -1;
}

static const int64_t pow10_table[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000, INT64_C(10000000000), INT64_C(100000000000),
	INT64_C(1000000000000),
};

/* Shared by money_parse and decimal_parse: sign, integer digits, optional
 * fraction. Fills the integer and fraction digit counts. */
static int scan_decimal(const char *text, int *neg, int64_t *int_part,
                        const char **frac, int *frac_digits, const char **why)
{
	const char *p = text;
	int int_digits = 0;

	*neg = 0;
	*int_part = 0;
	*frac = NULL;
	*frac_digits = 0;
	if (!text || !*text)
		return *why = "empty, expected a decimal number", -1;
	if (*p == '-') {
		*neg = 1;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, int_digits++) {
		if (*int_part > MONEY_MAX_MINOR)
			return *why = "number too large", -1;
		*int_part = *int_part * 10 + (*p - '0');
	}
	if (int_digits == 0)
		return *why = "expected a digit before any decimal point", -1;
	if (*p == '.') {
		*frac = ++p;
		for (; *p >= '0' && *p <= '9'; p++)
			++*frac_digits;
		if (*frac_digits == 0)
			return *why = "expected digits after the decimal point", -1;
	}
	if (*p == ',')
		return *why = "decimal comma or thousands separator, write digits with a '.' decimal point", -1;
	if (*p)
		return *why = "not a decimal number (digits with an optional '.' and decimals)", -1;
	return 0;
}

int money_parse(const char *text, int minor_units, int64_t *out_minor, const char **why)
{
	static char reason[96];
	int neg, frac_digits, i;
	int64_t ip, v;
	const char *frac;

	if (scan_decimal(text, &neg, &ip, &frac, &frac_digits, why) < 0)
		return -1;
	if (frac_digits != minor_units) {
		if (minor_units == 0)
			snprintf(reason, sizeof reason, "the currency has no minor unit: write whole units without a decimal point");
		else
			snprintf(reason, sizeof reason, "expected exactly %d decimal%s (the currency's minor unit)",
			         minor_units, minor_units == 1 ? "" : "s");
		*why = reason;
		return -1;
	}
	if (ip > MONEY_MAX_MINOR / pow10_table[minor_units])
		return *why = "amount too large", -1;
	v = ip * pow10_table[minor_units];
	for (i = 0; i < frac_digits; i++)
		v += (frac[i] - '0') * pow10_table[frac_digits - 1 - i];
	*out_minor = neg ? -v : v;
	return 0;
}

void decimal_format(int64_t value, int scale, int decimals, char *buf, size_t size)
{
	int64_t v, ip, fp;
	int neg;

	if (decimals > scale)
		decimals = scale;
	v = decimal_round(value, scale, decimals);
	neg = v < 0;
	/* INT64_MIN cannot occur: inputs are bounded far below it */
	if (neg)
		v = -v;
	ip = v / pow10_table[decimals];
	fp = v % pow10_table[decimals];
	if (decimals == 0)
		snprintf(buf, size, "%s%lld", neg ? "-" : "", (long long)ip);
	else
		snprintf(buf, size, "%s%lld.%0*lld", neg ? "-" : "", (long long)ip,
		         decimals, (long long)fp);
}

void money_format(int64_t minor, int minor_units, char *buf, size_t size)
{
	decimal_format(minor, minor_units, minor_units, buf, size);
}

int64_t decimal_round(int64_t value, int from_scale, int to_scale)
{
	int64_t d, q, r;

	if (to_scale >= from_scale)
		return value;
	d = pow10_table[from_scale - to_scale];
	q = value / d;
	r = value % d;
	/* half away from zero: |r| * 2 >= d */
	if (r >= 0 ? r * 2 >= d : -r * 2 >= d)
		q += value < 0 ? -1 : 1;
	return q;
}

int decimal_parse(const char *text, int max_decimals, int scale, int64_t *out, const char **why)
{
	static char reason[80];
	int neg, frac_digits, i;
	int64_t ip, v;
	const char *frac;

	if (scale < max_decimals || scale > 12)
		return *why = "internal: bad decimal scale", -1;
	if (scan_decimal(text, &neg, &ip, &frac, &frac_digits, why) < 0)
		return -1;
	if (frac_digits > max_decimals) {
		snprintf(reason, sizeof reason, "at most %d decimal%s allowed", max_decimals,
		         max_decimals == 1 ? "" : "s");
		*why = reason;
		return -1;
	}
	if (ip > INT64_MAX / pow10_table[scale] / 10)
		return *why = "number too large", -1;
	v = ip * pow10_table[scale];
	for (i = 0; i < frac_digits; i++)
		v += (frac[i] - '0') * pow10_table[scale - 1 - i];
	*out = neg ? -v : v;
	return 0;
}

int money_scale(int64_t amount_minor, const int64_t *factors_e6, int n, int64_t *out_minor)
{
	/* 10^36 < 2^127: every product kept below it cannot overflow */
	const i128 limit = (i128)1000000000000000000 * 1000000000000000000;
	i128 num = amount_minor, den = 1, q, r;
	int i;

	if (n < 0 || n > 3 || amount_minor > MONEY_MAX_MINOR || amount_minor < -MONEY_MAX_MINOR)
		return -1;
	for (i = 0; i < n; i++) {
		i128 f = factors_e6[i];
		if (f > RATIO_MAX_E6 || f < -RATIO_MAX_E6)
			return -1;
		num *= f;
		den *= RATIO_ONE_E6;
		if (num > limit || num < -limit)
			return -1;
	}
	q = num / den;
	r = num % den;
	if (r >= 0 ? r * 2 >= den : -r * 2 >= den)
		q += num < 0 ? -1 : 1;
	if (q > MONEY_MAX_MINOR || q < -MONEY_MAX_MINOR)
		return -1;
	*out_minor = (int64_t)q;
	return 0;
}
