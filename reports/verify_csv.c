/* verify_csv.c -- recompute the totals of a report's attached CSV files.
 *
 * A client who trusts the signature still wants the figures to add up.
 * Columns are found by header name, so added columns do not matter:
 *
 * credits.csv: column `line` (or `kind`) says what a row is: `sla` or
 * `earn_back` (line items), `uncapped_total`, `cap`, `total`; column
 * `amount` is a decimal string in the currency (or `amount_cents`, integer
 * minor units); optional `currency`. Checked: every amount is an exact
 * decimal (never a float), one currency throughout, uncapped_total = the
 * sum of the line items, total = min(uncapped_total, cap) (= uncapped_total
 * without a cap line), one uncapped_total and one total line.
 *
 * metrics.csv: count columns `offered`, `answered`, `abandoned`, `callback`,
 * `overflow`, `open` (or `open_late` + `open_pending`), and optionally
 * `short_abandoned`, `answered_within`. Checked on every row: counts are
 * whole non-negative numbers (empty = not applicable, skipped), offered =
 * answered + abandoned + callback + overflow + open, short_abandoned <=
 * abandoned, answered_within <= answered. All money and counts are int64:
 * no floating point anywhere a figure is compared. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "verify.h"

#define MAX_COLS 128
#define MAX_CELL 256

struct table {
	char ***rows;      /* rows[r][c], NUL-terminated cells (cut at MAX_CELL) */
	int *ncols;
	size_t nrows, cap;
	char **cur;        /* the row being read */
	int curn;
	int oom;
};

static void cell_cb(void *s, size_t len, void *data)
{
	struct table *t = data;
	char *c;

	if (t->oom)
		return;
	if (!t->cur && !(t->cur = calloc(MAX_COLS, sizeof *t->cur))) {
		t->oom = 1;
		return;
	}
	if (t->curn == MAX_COLS)
		return;
	if (len >= MAX_CELL)
		len = MAX_CELL - 1;
	if (!(c = malloc(len + 1))) {
		t->oom = 1;
		return;
	}
	if (len)
		memcpy(c, s, len);
	c[len] = '\0';
	t->cur[t->curn++] = c;
}

static void row_cb(int term, void *data)
{
	struct table *t = data;

	(void)term;
	if (t->oom)
		return;
	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 32;
		char ***nr = realloc(t->rows, ncap * sizeof *nr);
		int *nn = realloc(t->ncols, ncap * sizeof *nn);
		if (nr)
			t->rows = nr;
		if (nn)
			t->ncols = nn;
		if (!nr || !nn) {
			t->oom = 1;
			return;
		}
		t->cap = ncap;
	}
	if (!t->cur && !(t->cur = calloc(MAX_COLS, sizeof *t->cur))) {
		t->oom = 1;
		return;
	}
	t->rows[t->nrows] = t->cur;
	t->ncols[t->nrows++] = t->curn;
	t->cur = NULL;
	t->curn = 0;
}

static void table_free(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols[r]; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	if (t->cur) {
		for (int c = 0; c < t->curn; c++)
			free(t->cur[c]);
		free(t->cur);
	}
	free(t->rows);
	free(t->ncols);
}

static int table_read(struct table *t, const char *data, size_t len)
{
	struct csv_parser p;
	int ok;

	memset(t, 0, sizeof *t);
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		return -1;
	/* A UTF-8 byte order mark is not part of the first column's name. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	ok = csv_parse(&p, data, len, cell_cb, row_cb, t) == len && csv_fini(&p, cell_cb, row_cb, t) == 0;
	csv_free(&p);
	return ok && !t->oom && t->nrows > 0 ? 0 : -1;
}

static int column(const struct table *t, const char *name)
{
	for (int c = 0; c < t->ncols[0]; c++)
		if (strcasecmp(t->rows[0][c], name) == 0)
			return c;
	return -1;
}

static const char *cell(const struct table *t, size_t r, int c)
{
	return c >= 0 && c < t->ncols[r] ? t->rows[r][c] : "";
}

/* "-1234.5" -> -123450 in thousandths: exact, three decimals at most
 * (ISO 4217 minor units are 0, 2 or 3). */
static int parse_amount_milli(const char *s, int64_t *v, int *max_decimals)
{
	int64_t x = 0;
	int neg = 0, decimals = -1, digits = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s; s++) {
		if (*s == '.' && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || x > INT64_MAX / 100 || decimals == 3)
			return -1;
		x = x * 10 + (*s - '0');
		digits++;
		if (decimals >= 0)
			decimals++;
	}
	if (!digits || decimals == 0)
		return -1;
	if (decimals > *max_decimals)
		*max_decimals = decimals;
	for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
		x *= 10;
	*v = neg ? -x : x;
	return 0;
}

static int parse_count(const char *s, int64_t *v)
{
	int64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > INT64_MAX / 10 - 1)
			return -1;
		x = x * 10 + (*s - '0');
	}
	*v = x;
	return 0;
}

/* Prints thousandths with the decimals the file used (sums of amounts with
 * d decimals have no more than d). */
static void milli_text(int64_t v, int decimals, char *buf, size_t size)
{
	int64_t a = v < 0 ? -v : v;
	char frac[8];

	snprintf(frac, sizeof frac, "%03lld", (long long)(a % 1000));
	frac[decimals > 0 ? decimals : 0] = '\0';
	snprintf(buf, size, "%s%lld%s%s", v < 0 ? "-" : "", (long long)(a / 1000), decimals > 0 ? "." : "", frac);
}

int verify_credits_csv(const char *data, size_t len, struct verify_result *r)
{
	struct table t;
	int c_line, c_amount, c_cents, c_cur, bad = 0;
	int64_t items = 0, uncapped = 0, cap = 0, total = 0;
	int n_uncapped = 0, n_cap = 0, n_total = 0, n_items = 0, dec = 0;
	char currency[16] = "", a[40], b[40];

	if (table_read(&t, data, len) != 0) {
		verify_note(r, 0, "credits.csv is not valid CSV");
		table_free(&t);
		return -1;
	}
	c_line = column(&t, "line") >= 0 ? column(&t, "line") : column(&t, "kind");
	c_amount = column(&t, "amount");
	c_cents = column(&t, "amount_cents");
	c_cur = column(&t, "currency");
	if (c_line < 0 || (c_amount < 0 && c_cents < 0)) {
		verify_note(r, 0, "credits.csv lacks a 'line' or an 'amount' column: its totals cannot be recomputed");
		table_free(&t);
		return -1;
	}
	for (size_t row = 1; row < t.nrows; row++) {
		const char *kind = cell(&t, row, c_line);
		int64_t v;
		if (t.ncols[row] == 1 && !cell(&t, row, 0)[0])
			continue;   /* a blank line */
		if (c_amount >= 0) {
			if (parse_amount_milli(cell(&t, row, c_amount), &v, &dec) != 0)
				goto bad_amount;
		} else {
			/* Integer minor units: cents are thousandths / 10. */
			int int_dec = 0;
			if (parse_amount_milli(cell(&t, row, c_cents), &v, &int_dec) != 0 || int_dec != 0)
				goto bad_amount;
			v /= 100;
			dec = 2;
		}
		if (c_cur >= 0) {
			const char *cur = cell(&t, row, c_cur);
			if (!currency[0])
				snprintf(currency, sizeof currency, "%s", cur);
			else if (strcmp(currency, cur) != 0 && cur[0]) {
				verify_note(r, 0, "credits.csv line %zu: currency '%s' differs from '%s'", row + 1, cur, currency);
				bad = 1;
			}
		}
		if (strcasecmp(kind, "sla") == 0 || strcasecmp(kind, "earn_back") == 0) {
			items += v;
			n_items++;
		} else if (strcasecmp(kind, "uncapped_total") == 0) {
			uncapped = v;
			n_uncapped++;
		} else if (strcasecmp(kind, "cap") == 0) {
			cap = v;
			n_cap++;
		} else if (strcasecmp(kind, "total") == 0) {
			total = v;
			n_total++;
		} else {
			verify_note(r, 0, "credits.csv line %zu: unknown line kind '%s'", row + 1, kind);
			bad = 1;
		}
		continue;
bad_amount:
		verify_note(r, 0, "credits.csv line %zu: amount '%s' is not an exact decimal", row + 1,
		            cell(&t, row, c_amount >= 0 ? c_amount : c_cents));
		bad = 1;
	}
	table_free(&t);
	if (n_uncapped != 1 || n_total != 1 || n_cap > 1) {
		verify_note(r, 0, "credits.csv has %d uncapped_total, %d cap and %d total lines; one each is expected",
		            n_uncapped, n_cap, n_total);
		return -1;
	}
	milli_text(items, dec, a, sizeof a);
	milli_text(uncapped, dec, b, sizeof b);
	if (items != uncapped) {
		verify_note(r, 0, "credits.csv: the %d line items add up to %s, not to the uncapped total %s",
		            n_items, a, b);
		bad = 1;
	} else {
		verify_note(r, 1, "credits.csv: the %d line items add up to the uncapped total %s %s", n_items, b, currency);
	}
	{
		int64_t want = n_cap && cap < uncapped ? cap : uncapped;
		milli_text(total, dec, a, sizeof a);
		milli_text(want, dec, b, sizeof b);
		if (total != want) {
			verify_note(r, 0, "credits.csv: the total %s should be %s (the uncapped total%s)", a, b,
			            n_cap ? ", capped" : "");
			bad = 1;
		} else {
			verify_note(r, 1, "credits.csv: the total %s %s is the uncapped total%s", a, currency,
			            n_cap ? " with the cap applied" : "");
		}
	}
	return bad ? -1 : 0;
}

int verify_metrics_csv(const char *data, size_t len, struct verify_result *r)
{
	static const char *const parts[] = { "answered", "abandoned", "callback", "overflow" };
	struct table t;
	int c_off, c_part[4], c_open, c_open_l, c_open_p, c_short, c_ab, c_ans, c_within;
	size_t checked = 0;
	int bad = 0;

	if (table_read(&t, data, len) != 0) {
		verify_note(r, 0, "metrics.csv is not valid CSV");
		table_free(&t);
		return -1;
	}
	c_off = column(&t, "offered");
	for (int i = 0; i < 4; i++)
		c_part[i] = column(&t, parts[i]);
	c_open = column(&t, "open");
	c_open_l = column(&t, "open_late");
	c_open_p = column(&t, "open_pending");
	c_short = column(&t, "short_abandoned");
	c_ab = c_part[1];
	c_ans = c_part[0];
	c_within = column(&t, "answered_within");
	if (c_off < 0 || c_part[0] < 0 || c_part[1] < 0 || c_part[2] < 0 || c_part[3] < 0 ||
	    (c_open < 0 && (c_open_l < 0 || c_open_p < 0))) {
		verify_note(r, 0, "metrics.csv lacks one of the count columns offered, answered, abandoned, "
		            "callback, overflow, open: its counts cannot be recomputed");
		table_free(&t);
		return -1;
	}
	for (size_t row = 1; row < t.nrows; row++) {
		int64_t off, sum = 0, x, y;
		if (t.ncols[row] == 1 && !cell(&t, row, 0)[0])
			continue;
		if (!cell(&t, row, c_off)[0])
			continue;   /* not applicable on this row (a rate-only metric) */
		if (parse_count(cell(&t, row, c_off), &off) != 0) {
			verify_note(r, 0, "metrics.csv line %zu: offered '%s' is not a whole number", row + 1,
			            cell(&t, row, c_off));
			bad = 1;
			continue;
		}
		for (int i = 0; i < 4; i++) {
			if (parse_count(cell(&t, row, c_part[i]), &x) != 0) {
				verify_note(r, 0, "metrics.csv line %zu: %s '%s' is not a whole number", row + 1, parts[i],
				            cell(&t, row, c_part[i]));
				bad = 1;
				goto next;
			}
			sum += x;
		}
		if (c_open >= 0) {
			if (parse_count(cell(&t, row, c_open), &x) != 0)
				goto bad_open;
			sum += x;
		} else {
			if (parse_count(cell(&t, row, c_open_l), &x) != 0 || parse_count(cell(&t, row, c_open_p), &y) != 0)
				goto bad_open;
			sum += x + y;
		}
		if (sum != off) {
			verify_note(r, 0, "metrics.csv line %zu: offered %lld is not answered + abandoned + callback + "
			            "overflow + open = %lld", row + 1, (long long)off, (long long)sum);
			bad = 1;
		}
		if (c_short >= 0 && parse_count(cell(&t, row, c_short), &x) == 0 &&
		    parse_count(cell(&t, row, c_ab), &y) == 0 && x > y) {
			verify_note(r, 0, "metrics.csv line %zu: short abandons %lld exceed abandons %lld", row + 1,
			            (long long)x, (long long)y);
			bad = 1;
		}
		if (c_within >= 0 && parse_count(cell(&t, row, c_within), &x) == 0 &&
		    parse_count(cell(&t, row, c_ans), &y) == 0 && x > y) {
			verify_note(r, 0, "metrics.csv line %zu: answered within threshold %lld exceeds answered %lld",
			            row + 1, (long long)x, (long long)y);
			bad = 1;
		}
		checked++;
		continue;
bad_open:
		verify_note(r, 0, "metrics.csv line %zu: the open count is not a whole number", row + 1);
		bad = 1;
next:;
	}
	table_free(&t);
	if (!bad)
		verify_note(r, 1, "metrics.csv: on all %zu rows with counts, offered = answered + abandoned + "
		            "callback + overflow + open", checked);
	return bad ? -1 : 0;
}
