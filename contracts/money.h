/* money.h -- exact money: ISO 4217 minor units, decimal strings, integer
 * arithmetic with one half-up rounding per line item.
 *
 * Contract files hold amounts as decimal strings ("400000.00"); inside,
 * an amount is an int64 count of the currency's minor units (cents, yen,
 * fils). Percentages and multipliers are "ratios in millionths" (ratio_e6):
 * 12 % = 120000, 1.5 = 1500000, so a percentage with up to four decimals
 * and a multiplier with up to six are exact. Nothing here uses floating
 * point. */
#ifndef CCSLA_MONEY_H
#define CCSLA_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Largest amount accepted, in minor units (10^13: 100 billion EUR). It keeps
 * every product of money_scale inside 128 bits. */
#define MONEY_MAX_MINOR INT64_C(10000000000000)
/* Largest factor accepted by money_scale: a ratio of 10^6 (a linear
 * shortfall of many points is a factor too). */
#define RATIO_MAX_E6 INT64_C(1000000000000)
#define RATIO_ONE_E6 INT64_C(1000000)

/* Minor units of an ISO 4217 code ("EUR" 2, "JPY" 0, "KWD" 3), or -1 when
 * the code is not a known active currency. */
int currency_minor_units(const char *code);

/* Parses an amount written with exactly the currency's minor units:
 * "400000.00" for EUR, "5000000" for JPY, "1250.500" for KWD. Digits only,
 * an optional leading '-', no exponent, no thousands separators. On error
 * returns -1 and points *why at a reason. */
int money_parse(const char *text, int minor_units, int64_t *out_minor, const char **why);

/* Formats minor units as a decimal string with the currency's minor units:
 * 2880000 -> "28800.00" (EUR), -5 -> "-0.05". buf: at least 32 bytes. */
void money_format(int64_t minor, int minor_units, char *buf, size_t size);

/* Parses a plain decimal ("12", "1.5", "0.25", "-3.75") with at most
 * max_decimals decimals into value × 10^scale (scale >= max_decimals).
 * On error returns -1 and points *why at a reason. */
int decimal_parse(const char *text, int max_decimals, int scale, int64_t *out, const char **why);

/* Formats value / 10^scale with exactly `decimals` decimals, rounding
 * half-up (away from zero) when decimals < scale. */
void decimal_format(int64_t value, int scale, int decimals, char *buf, size_t size);

/* Rounds value / 10^from_scale to `to_scale` decimals, half away from
 * zero, and returns it scaled by 10^to_scale. to_scale <= from_scale. */
int64_t decimal_round(int64_t value, int from_scale, int to_scale);

/* amount_minor × f[0] × ... × f[n-1] (each a ratio_e6), rounded half-up
 * (away from zero) to the minor unit once, at the end. n <= 3; amounts up to
 * MONEY_MAX_MINOR and factors up to RATIO_MAX_E6 in magnitude. Returns -1
 * when an argument or the result is out of range (nothing is written then). */
int money_scale(int64_t amount_minor, const int64_t *factors_e6, int n, int64_t *out_minor);

#endif
