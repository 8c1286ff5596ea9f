/* verify_csv.c -- recompute the totals of a report's attached CSV files.
 *
 * A client who trusts the signature still wants the figures to add up.
 * Columns are found by header name, so added columns do not matter:
 *
 * credits.csv, as ccsla writes it (evaluate_out.c): `line` is sla,
 * earn-back, total (uncapped_amount = uncapped total, final_amount = capped
 * total), cap (`cap`) or net (`earn_back` = earn-back total, final_amount =
 * net). Other statements are read too: column `line` (or
 * `kind`, `type`) says what a row is: `sla` (one critical SLA), `earn_back`,
 * `uncapped_total`, `cap`, `capped_total` (or `total`), `earn_back_total`,
 * `net_total`. Amounts are decimal strings in `uncapped_amount` and
 * `final_amount` (or one `amount` column: a line's uncapped credit), or
 * integer minor units in `*_cents` columns; optional `currency`. Checked:
 * every amount is an exact decimal (never a float), one currency; SLA lines
 * (uncapped) add up to uncapped_total; capped_total = min(uncapped_total,
 * cap) (= uncapped_total without a cap line); SLA lines (final) add up to
 * capped_total; earn-back lines add up to earn_back_total; net_total =
 * capped_total - earn_back_total.
 *
 * metrics.csv: count columns `offered`, `answered`, `abandoned`, `callback`,
 * `overflow`, `open` (or `open_late` + `open_pending`), and optionally
 * `short_abandoned`, `answered_within`. Checked on every row: counts are
 * whole non-negative numbers (empty = not applicable, skipped), offered =
 * answered + abandoned + callback + overflow + open, short_abandoned <=
 * abandoned, answered_within <= answered. All money and counts are int64:
 * no floating point anywhere a figure is compared.
 *
 * report.html (when attached): the scorecard's SLA ids, values and verdicts
 * (data attributes) equal metrics.csv's SLA month rows, one for one. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "verify_csv.h"

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

/* The first column of names[] that the header has, or -1. */
static int first_column(const struct table *t, const char *const *names)
{
	for (; *names; names++)
		if (column(t, *names) >= 0)
			return column(t, *names);
	return -1;
}

enum credit_row { ROW_SLA, ROW_EARN_BACK, ROW_UNCAPPED, ROW_CAP, ROW_CAPPED, ROW_EB_TOTAL, ROW_NET, ROW_KINDS };

static const char *const credit_row_names[ROW_KINDS] = {
	"sla", "earn_back", "uncapped_total", "cap", "capped_total", "earn_back_total", "net_total",
};

/* One amount cell: "" is absent (0 returned, *present 0); a decimal string,
 * or integer minor units in an *_cents column, in thousandths. */
static int read_amount(const struct table *t, size_t row, int col, int cents, int64_t *v, int *dec,
                       int *present)
{
	const char *c = cell(t, row, col);
	int int_dec = 0;

	*present = 0;
	*v = 0;
	if (col < 0 || !c[0])
		return 0;
	*present = 1;
	if (!cents)
		return parse_amount_milli(c, v, dec);
	if (parse_amount_milli(c, v, &int_dec) != 0 || int_dec != 0)
		return -1;
	*v /= 100;
	if (*dec < 2)
		*dec = 2;
	return 0;
}

/* Checks want == got, noting the result in plain words. */
static int credits_equal(struct verify_result *r, int64_t got, int64_t want, int dec, const char *currency,
                         const char *what_ok, const char *what_bad)
{
	char g[40], w[40];

	milli_text(got, dec, g, sizeof g);
	milli_text(want, dec, w, sizeof w);
	if (got == want) {
		verify_note(r, 1, "credits.csv: %s %s%s%s", what_ok, g, currency[0] ? " " : "", currency);
		return 0;
	}
	verify_note(r, 0, "credits.csv: %s: %s, expected %s", what_bad, g, w);
	return -1;
}

int verify_credits_csv(const char *data, size_t len, struct verify_result *r)
{
	static const char *const kind_cols[] = { "line", "kind", "type", NULL };
	static const char *const final_cols[] = { "final_amount", "final", "amount", NULL };
	static const char *const final_cents_cols[] = { "final_cents", "amount_cents", NULL };
	static const char *const uncapped_cols[] = { "uncapped_amount", "uncapped", NULL };
	static const char *const uncapped_cents_cols[] = { "uncapped_cents", NULL };
	struct table t;
	int c_kind, c_final, c_unc, c_cur, final_cents = 0, unc_cents = 0, bad = 0, dec = 0, two_amounts;
	int c_eb, c_capcol, ccsla_form;
	int64_t sla_final = 0, sla_unc = 0, eb_sum = 0, total[ROW_KINDS] = {0};
	int count[ROW_KINDS] = {0};
	char currency[16] = "";

	if (table_read(&t, data, len) != 0) {
		verify_note(r, 0, "credits.csv is not valid CSV");
		table_free(&t);
		return -1;
	}
	c_kind = first_column(&t, kind_cols);
	if ((c_final = first_column(&t, final_cols)) < 0 && (c_final = first_column(&t, final_cents_cols)) >= 0)
		final_cents = 1;
	if ((c_unc = first_column(&t, uncapped_cols)) < 0 && (c_unc = first_column(&t, uncapped_cents_cols)) >= 0)
		unc_cents = 1;
	c_cur = column(&t, "currency");
	two_amounts = c_unc >= 0 && c_final >= 0;
	c_eb = column(&t, "earn_back");
	c_capcol = column(&t, "cap");
	ccsla_form = two_amounts && c_eb >= 0 && c_capcol >= 0 && !final_cents && !unc_cents;
	if (c_kind < 0 || (c_final < 0 && c_unc < 0)) {
		verify_note(r, 0, "credits.csv lacks a 'line' column or an amount column: its totals cannot be recomputed");
		table_free(&t);
		return -1;
	}
	for (size_t row = 1; row < t.nrows; row++) {
		const char *kind = cell(&t, row, c_kind), *cur;
		int64_t fin, unc;
		int has_fin, has_unc, k;

		if (t.ncols[row] == 1 && !cell(&t, row, 0)[0])
			continue;   /* a blank line */
		if (read_amount(&t, row, c_final, final_cents, &fin, &dec, &has_fin) != 0 ||
		    read_amount(&t, row, c_unc, unc_cents, &unc, &dec, &has_unc) != 0) {
			verify_note(r, 0, "credits.csv line %zu: an amount is not an exact decimal ('%s', '%s')", row + 1,
			            cell(&t, row, c_final), cell(&t, row, c_unc));
			bad = 1;
			continue;
		}
		if (c_cur >= 0 && (cur = cell(&t, row, c_cur))[0]) {
			if (!currency[0])
				snprintf(currency, sizeof currency, "%s", cur);
			else if (strcmp(currency, cur) != 0) {
				verify_note(r, 0, "credits.csv line %zu: currency '%s' differs from '%s'", row + 1, cur, currency);
				bad = 1;
			}
		}
		if (ccsla_form) {
			/* ccsla's own statement (evaluate_out.c): a total line carries the
			 * uncapped and the capped total, a net line the earn-back total
			 * and the net, an earn-back line its amount in `earn_back` */
			int64_t eb, cap;
			int has_eb, has_cap;
			if (read_amount(&t, row, c_eb, 0, &eb, &dec, &has_eb) != 0 ||
			    read_amount(&t, row, c_capcol, 0, &cap, &dec, &has_cap) != 0) {
				verify_note(r, 0, "credits.csv line %zu: an amount is not an exact decimal ('%s', '%s')", row + 1,
				            cell(&t, row, c_eb), cell(&t, row, c_capcol));
				bad = 1;
				continue;
			}
			if (!strcmp(kind, "total")) {
				count[ROW_UNCAPPED]++, count[ROW_CAPPED]++;
				total[ROW_UNCAPPED] = unc;
				total[ROW_CAPPED] = fin;
				continue;
			}
			if (!strcmp(kind, "net")) {
				count[ROW_EB_TOTAL]++, count[ROW_NET]++;
				total[ROW_EB_TOTAL] = eb;
				total[ROW_NET] = fin;
				continue;
			}
			if (!strcmp(kind, "cap")) {
				count[ROW_CAP]++;
				total[ROW_CAP] = cap;
				continue;
			}
			if (!strcmp(kind, "earn-back")) {
				count[ROW_EARN_BACK]++;
				eb_sum += eb;
				continue;
			}
		}
		for (k = 0; k < ROW_KINDS && strcasecmp(kind, credit_row_names[k]) != 0; k++)
			;
		if (k == ROW_KINDS && strcasecmp(kind, "total") == 0)
			k = ROW_CAPPED;   /* "total" is the capped total */
		if (k == ROW_KINDS) {
			verify_note(r, 0, "credits.csv line %zu: unknown line kind '%s'", row + 1, kind);
			bad = 1;
			continue;
		}
		count[k]++;
		if (k == ROW_SLA) {
			/* With one amount column, a line's amount is its uncapped credit. */
			sla_unc += two_amounts ? unc : (has_fin ? fin : unc);
			sla_final += fin;
		} else if (k == ROW_EARN_BACK) {
			eb_sum += has_fin ? fin : unc;
		} else {
			total[k] = has_fin ? fin : unc;
		}
	}
	table_free(&t);
	if (count[ROW_UNCAPPED] != 1 || count[ROW_CAPPED] != 1 || count[ROW_CAP] > 1 ||
	    count[ROW_EB_TOTAL] > 1 || count[ROW_NET] > 1) {
		verify_note(r, 0, "credits.csv needs one uncapped_total and one capped_total (or total) line, and at "
		            "most one cap, earn_back_total and net_total line");
		return -1;
	}
	bad |= credits_equal(r, sla_unc, total[ROW_UNCAPPED], dec, currency,
	                     "the SLA lines add up to the uncapped total",
	                     "the SLA lines do not add up to the uncapped total") != 0;
	{
		int64_t cap = total[ROW_CAP], unc = total[ROW_UNCAPPED];
		int64_t want = count[ROW_CAP] && cap < unc ? cap : unc;
		bad |= credits_equal(r, total[ROW_CAPPED], want, dec, currency,
		                     count[ROW_CAP] ? "the capped total is min(uncapped total, cap)"
		                                    : "the total is the uncapped total (no cap line)",
		                     "the capped total is not min(uncapped total, cap)") != 0;
	}
	if (two_amounts)
		bad |= credits_equal(r, sla_final, total[ROW_CAPPED], dec, currency,
		                     "the SLA lines' final amounts add up to the capped total",
		                     "the SLA lines' final amounts do not add up to the capped total") != 0;
	if (count[ROW_EB_TOTAL])
		bad |= credits_equal(r, eb_sum, total[ROW_EB_TOTAL], dec, currency,
		                     "the earn-back lines add up to the earn-back total",
		                     "the earn-back lines do not add up to the earn-back total") != 0;
	else if (count[ROW_EARN_BACK]) {
		verify_note(r, 0, "credits.csv has earn-back lines but no earn_back_total line");
		bad = 1;
	}
	if (count[ROW_NET])
		bad |= credits_equal(r, total[ROW_NET], total[ROW_CAPPED] - total[ROW_EB_TOTAL], dec, currency,
		                     "the net total is the capped total less earn-back",
		                     "the net total is not the capped total less earn-back") != 0;
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

/* needle in [p, end), or NULL (memmem is not POSIX) */
static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p && end - p >= (ptrdiff_t)n; p++)
		if (*p == *needle && !memcmp(p, needle, n))
			return p;
	return NULL;
}

/* The value of attribute name="..." at or after p in one tag (up to '>'),
 * unescaped (&amp; &lt; &gt; &quot; &#39;), into buf; 0, or -1 when absent. */
static int tag_attr(const char *p, const char *end, const char *name, char *buf, size_t size)
{
	char key[32];
	const char *tag_end = memchr(p, '>', (size_t)(end - p)), *a, *v;
	size_t n = 0;

	snprintf(key, sizeof key, " %s=\"", name);
	if (!tag_end)
		return -1;
	if (!(a = find(p, tag_end, key)))
		return -1;
	for (v = a + strlen(key); v < tag_end && *v != '"' && n + 1 < size; v++) {
		static const struct { const char *ent; char c; } ents[] = {
			{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
		};
		size_t k;

		for (k = 0; k < sizeof ents / sizeof ents[0]; k++)
			if (find(v, tag_end, ents[k].ent) == v)
				break;
		if (k < sizeof ents / sizeof ents[0]) {
			buf[n++] = ents[k].c;
			v += strlen(ents[k].ent) - 1;
		} else
			buf[n++] = *v;
	}
	buf[n] = '\0';
	return v < tag_end && *v == '"' ? 0 : -1;
}

int verify_report_html(const char *html, size_t hlen, const char *metrics, size_t mlen, struct verify_result *r)
{
	const char *p = html, *end = html + hlen;
	struct table t;
	int c_scope, c_item, c_date, c_value, c_verdict;
	size_t row = 1, shown = 0;
	char *seen;
	int bad = 0;

	if (table_read(&t, metrics, mlen) != 0) {
		verify_note(r, 0, "report.html cannot be compared: metrics.csv is not valid CSV");
		table_free(&t);
		return -1;
	}
	c_scope = column(&t, "scope");
	c_item = column(&t, "item");
	c_date = column(&t, "date");
	c_value = column(&t, "value");
	c_verdict = column(&t, "verdict");
	if (c_scope < 0 || c_item < 0 || c_date < 0 || c_value < 0 || c_verdict < 0) {
		verify_note(r, 0, "report.html cannot be compared: metrics.csv lacks scope, item, date, value or verdict");
		table_free(&t);
		return -1;
	}
	/* each scorecard row against metrics.csv's month row of its SLA (by id:
	 * the scorecard lists the client's obligations apart, so its order is
	 * not metrics.csv's), and every SLA month row shown once */
	if (!(seen = calloc(t.nrows ? t.nrows : 1, 1))) {
		verify_note(r, 0, "report.html cannot be compared: out of memory");
		table_free(&t);
		return -1;
	}
	while (!bad && (p = find(p, end, "<tr data-sla=\"")) != NULL) {
		char id[128], value[64], verdict[32];

		if (tag_attr(p, end, "data-sla", id, sizeof id) < 0 || tag_attr(p, end, "data-value", value, sizeof value) < 0 ||
		    tag_attr(p, end, "data-verdict", verdict, sizeof verdict) < 0) {
			p += 14; /* a credit line: data-sla without a verdict */
			continue;
		}
		p += 14;
		for (row = 1; row < t.nrows && !(strcmp(cell(&t, row, c_scope), "sla") == 0 &&
		                                 strcmp(cell(&t, row, c_date), "month") == 0 &&
		                                 strcmp(cell(&t, row, c_item), id) == 0); row++)
			;
		if (row >= t.nrows) {
			verify_note(r, 0, "report.html shows SLA %s that metrics.csv does not have", id);
			bad = 1;
		} else if (seen[row]) {
			verify_note(r, 0, "report.html shows SLA %s twice", id);
			bad = 1;
		} else if (strcmp(cell(&t, row, c_value), value) || strcmp(cell(&t, row, c_verdict), verdict)) {
			verify_note(r, 0, "report.html shows %s %s %s where metrics.csv has %s %s %s", id, value, verdict,
			            cell(&t, row, c_item), cell(&t, row, c_value), cell(&t, row, c_verdict));
			bad = 1;
		}
		if (row < t.nrows)
			seen[row] = 1;
		shown++;
	}
	for (row = 1; !bad && row < t.nrows; row++)
		if (!seen[row] && strcmp(cell(&t, row, c_scope), "sla") == 0 && strcmp(cell(&t, row, c_date), "month") == 0) {
			verify_note(r, 0, "report.html lacks SLA %s of metrics.csv", cell(&t, row, c_item));
			bad = 1;
		}
	free(seen);
	if (!bad)
		verify_note(r, 1, "report.html: the scorecard's %zu SLA values and verdicts are metrics.csv's", shown);
	table_free(&t);
	return bad ? -1 : 0;
}
