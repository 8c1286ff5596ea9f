/* numfmt.h -- figures as a person reads them, formatted once for every
 * human output (PDF, HTML, the human columns of the CSVs).
 *
 * spec/report.md "Words and numbers": durations as m:ss for waits and
 * handle times, h:mm or business hours for written channels; amounts with
 * thousands separators and their currency; a metric without a value reads
 * "n/a" without a unit. The exact machine values stay in the attached CSVs;
 * nothing here is used to compare with a target.
 *
 * Every function writes a NUL-terminated string into buf (size bytes,
 * NUMFMT_MAX is always enough) and truncates rather than overflows.
 * Durations are rounded half away from zero to the unit printed, once, so
 * 59.5 s reads "1:00" and never "0:60". */
#ifndef CCSLA_NUMFMT_H
#define CCSLA_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

#define NUMFMT_MAX 64

/* The text every figure without a value prints ("n/a", never "n/a %"). */
#define NUMFMT_NA "n/a"

/* Parses a machine figure ("12565.348", "-3", "81.25"). Returns 0 and sets
 * *out, or -1 for NULL, "", "n/a" or anything that is not a whole number
 * with optional decimals. */
int numfmt_parse(const char *text, double *out);

/* A count with thousands separators: 9120 -> "9,120", -1234567 -> "-1,234,567". */
void numfmt_count(int64_t n, char *buf, size_t size);

/* A wait or handle time: m:ss below one hour, h:mm:ss from one hour on.
 * 59.5 -> "1:00", 3599.4 -> "59:59", 3599.5 -> "1:00:00", 0 -> "0:00",
 * -5 -> "-0:05". */
void numfmt_wait(double seconds, char *buf, size_t size);

/* A long duration of a written channel, to the minute: h:mm and " h".
 * 12565.348 -> "3:29 h", 3599.5 -> "1:00 h", 45 -> "0:01 h". */
void numfmt_hours(double seconds, char *buf, size_t size);

/* Seconds on the service-hours clock, to the minute:
 * 28800 -> "8 business hours", 3600 -> "1 business hour",
 * 5400 -> "1:30 business hours", 0 -> "0 business hours". */
void numfmt_business_hours(double seconds, char *buf, size_t size);

/* A contract parameter in words: 20 -> "20 seconds", 1 -> "1 second",
 * 300 -> "5 minutes", 7200 -> "2 hours", 90 -> "1:30 (m:ss)". */
void numfmt_seconds_words(int64_t seconds, char *buf, size_t size);

/* A duration figure from its machine text, in the way that suits it
 * (written: a channel whose contacts wait hours, e-mail or messaging):
 * numfmt_wait, or numfmt_hours when written and at least one hour.
 * "n/a" and other non-figures print NUMFMT_NA. */
void numfmt_duration_text(const char *seconds, int written, char *buf, size_t size);

/* A percentage from its machine text, decimals kept as computed:
 * "58.46" -> "58.46 %", "100" -> "100 %", "n/a" -> "n/a". */
void numfmt_percent_text(const char *value, char *buf, size_t size);

/* A difference of percentages in points, always signed, 2 decimals:
 * 1.5 -> "+1.50 pts", -0.09 -> "-0.09 pts", 0 -> "0.00 pts". */
void numfmt_points(double delta, char *buf, size_t size);

/* An amount in minor units with its ISO 4217 code and the code's minor
 * unit: (288000000, "EUR") -> "EUR 2,880,000.00", (5000000, "JPY") ->
 * "JPY 5,000,000", (-1250500, "KWD") -> "KWD -1,250.500". Returns -1 (and
 * writes the bare minor units with the code) for an unknown code. */
int numfmt_amount(int64_t minor, const char *currency, char *buf, size_t size);

/* The same from a decimal string in the currency's minor units, as the
 * credit files hold it ("2500000.00"). Returns -1 and writes the text as
 * it came (or "n/a" for NULL/"") when it is not such an amount. */
int numfmt_amount_text(const char *decimal, const char *currency, char *buf, size_t size);

/* "n/a" with the reason in parentheses: "n/a (no contact offered)";
 * plain "n/a" for a NULL or empty reason. */
void numfmt_na(const char *reason, char *buf, size_t size);

/* A metric value from results.csv with its unit ("%" or "s") as a person
 * reads it: percentages via numfmt_percent_text, seconds via
 * numfmt_duration_text (written: see there; clock_business: the value runs
 * on the service-hours clock, so it reads in business hours when at least
 * one hour), anything else with the unit after it. */
void numfmt_metric(const char *value, const char *unit, int written,
                   int clock_business, char *buf, size_t size);

#endif
