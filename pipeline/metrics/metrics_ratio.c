/* metrics_ratio.c -- printing exact ratios and comparing them with targets.
 *
 * Rounding is half-up (away from zero) to the printed decimals, done once
 * on the exact ratio. A comparison with a target multiplies both sides out
 * to integers (128-bit, so sums of milliseconds times 10^9 cannot overflow):
 * no floating point ever decides whether a target was met. */
#include <stdio.h>
#include <string.h>

#include "metrics.h"

__extension__ typedef __int128 i128;

static i128 pow10_i128(int n)
{
	i128 v = 1;

	while (n-- > 0)
		v *= 10;
	return v;
}

int ratio_is_na(const struct ratio *r)
{
	return r->den == 0;
}

/* num x 10^d / den rounded half away from zero; den != 0. */
static i128 round_scaled(const struct ratio *r, int decimals)
{
	i128 num = (i128)r->num * pow10_i128(decimals), den = r->den;
	int neg = (num < 0) != (den < 0);

	if (num < 0)
		num = -num;
	if (den < 0)
		den = -den;
	num = (2 * num + den) / (2 * den);
	return neg ? -num : num;
}

int ratio_round(const struct ratio *r, int decimals, int64_t *scaled)
{
	if (ratio_is_na(r))
		return -1;
	*scaled = (int64_t)round_scaled(r, decimals);
	return 0;
}

const char *ratio_format(const struct ratio *r, int decimals, char *buf, size_t size)
{
	i128 v, unit;
	unsigned long long whole, frac;

	if (ratio_is_na(r)) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	v = round_scaled(r, decimals);
	unit = pow10_i128(decimals);
	whole = (unsigned long long)((v < 0 ? -v : v) / unit);
	frac = (unsigned long long)((v < 0 ? -v : v) % unit);
	/* by hand, not snprintf: a month's interval evidence formats a
	 * quarter of a million of these per report */
	{
		char text[48], digits[24];
		size_t len = 0, k = 0;
		int i;

		if (v < 0)
			text[len++] = '-';
		do
			digits[k++] = (char)('0' + whole % 10);
		while ((whole /= 10) != 0);
		while (k)
			text[len++] = digits[--k];
		if (decimals > 0) {
			text[len++] = '.';
			for (i = decimals - 1; i >= 0; i--, frac /= 10)
				text[len + (size_t)i] = (char)('0' + frac % 10);
			len += (size_t)decimals;
		}
		if (size) {
			len = len < size - 1 ? len : size - 1;
			memcpy(buf, text, len);
			buf[len] = '\0';
		}
	}
	return buf;
}

int ratio_cmp(const struct ratio *a, const struct ratio *b)
{
	i128 x, y;

	if (ratio_is_na(a) || ratio_is_na(b))
		return !ratio_is_na(a) - !ratio_is_na(b);
	x = (i128)a->num * (b->den < 0 ? -b->den : b->den) * (a->den < 0 ? -1 : 1);
	y = (i128)b->num * (a->den < 0 ? -a->den : a->den) * (b->den < 0 ? -1 : 1);
	return (x > y) - (x < y);
}

static const char *const op_text[] = { ">=", "<=", ">", "<" };

int target_parse(const char *text, struct target *t, struct ccsla_error *err)
{
	const char *p = text;
	int neg = 0, digits = 0, scale = -1;
	int64_t v = 0;

	while (*p == ' ')
		p++;
	if (p[0] == '>' && p[1] == '=')
		t->op = CMP_GE, p += 2;
	else if (p[0] == '<' && p[1] == '=')
		t->op = CMP_LE, p += 2;
	else if (p[0] == '>')
		t->op = CMP_GT, p += 1;
	else if (p[0] == '<')
		t->op = CMP_LT, p += 1;
	else
		goto bad;
	while (*p == ' ')
		p++;
	if (*p == '-')
		neg = 1, p++;
	for (; *p; p++) {
		if (*p == '.' && scale < 0 && digits > 0) {
			scale = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			break;
		if (digits >= 15 || scale >= 9)
			goto bad;
		v = v * 10 + (*p - '0');
		digits++;
		if (scale >= 0)
			scale++;
	}
	while (*p == ' ')
		p++;
	if (*p || digits == 0 || scale == 0)
		goto bad;
	t->value = neg ? -v : v;
	t->scale = scale < 0 ? 0 : scale;
	return 0;
bad:
	return ccsla_error_set(err, NULL, 0, "target",
	                       "'%s' is not a target: write an operator (>=, <=, >, <) and a "
	                       "number, like \">= 80\" or \"<= 30.5\"", text);
}

const char *target_format(const struct target *t, char *buf, size_t size)
{
	struct ratio r = { t->value, (int64_t)pow10_i128(t->scale) };
	char num[48];

	snprintf(buf, size, "%s %s", op_text[t->op], ratio_format(&r, t->scale, num, sizeof num));
	return buf;
}

int metric_meets(const struct ratio *r, const struct target *t, int decimals, int exact)
{
	i128 lhs, rhs;
	int c;

	if (ratio_is_na(r))
		return -1;
	if (exact) {
		/* num/den op value/10^scale  <=>  num x 10^scale op value x den (den > 0) */
		i128 num = r->num, den = r->den;

		if (den < 0)
			num = -num, den = -den;
		lhs = num * pow10_i128(t->scale);
		rhs = (i128)t->value * den;
	} else {
		/* rounded/10^d op value/10^scale */
		lhs = round_scaled(r, decimals) * pow10_i128(t->scale);
		rhs = (i128)t->value * pow10_i128(decimals);
	}
	c = (lhs > rhs) - (lhs < rhs);
	switch (t->op) {
	case CMP_GE:
		return c >= 0;
	case CMP_LE:
		return c <= 0;
	case CMP_GT:
		return c > 0;
	case CMP_LT:
		return c < 0;
	}
	return -1;
}

int ratio_compare(const struct ratio *r, const char *target_text, int decimals, int exact)
{
	struct target t;

	if (target_parse(target_text, &t, NULL) < 0)
		return -1;
	return metric_meets(r, &t, decimals, exact);
}
