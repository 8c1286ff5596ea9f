/* recompute_compare.c -- attached against recomputed CSV files
 * (recompute_compare.h).
 *
 * Rows are matched by their key columns (metrics.csv and intervals.csv:
 * scope, item, date, metric; credits.csv: line, sla_id), then every column
 * of the recomputed file is compared as text with the attached column of
 * the same name: the files hold figures as printed, so equal text is an
 * equal figure, and any other text is a difference worth naming. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compose/csvtable.h"
#include "reports/sign/verify_result.h"
#include "recompute_compare.h"

/* Mismatched rows named per file before the rest are only counted. */
#define MAX_NAMED 40

void recompute_say(recompute_emit emit, void *ctx, struct recompute_summary *sum, int ok, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	verify_no_controls(buf); /* cells of the attachments reach a terminal */
	if (ok)
		sum->figures++;
	else
		sum->mismatches++;
	emit(ctx, ok, buf);
}

struct keyed {
	const struct csv_table *t;
	int key[4];
	int nkey;
};

static int keyed_init(struct keyed *k, const struct csv_table *t, const char *const *names, int n,
                      const char *file, struct ccsla_error *err)
{
	int i;

	k->t = t;
	k->nkey = n;
	for (i = 0; i < n; i++)
		if ((k->key[i] = csv_table_column(t, names[i])) < 0)
			return ccsla_error_set(err, file, 1, names[i], "column missing");
	return 0;
}

static int same_key(const struct keyed *a, size_t ra, const struct keyed *b, size_t rb)
{
	int i;

	for (i = 0; i < a->nkey; i++)
		if (strcmp(csv_table_cell(a->t, ra, a->key[i]), csv_table_cell(b->t, rb, b->key[i])))
			return 0;
	return 1;
}

/* "sla SL-VOICE 2026-10-01 service_level_pct" */
static void key_text(const struct keyed *k, size_t r, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < k->nkey && len < size; i++) {
		const char *c = csv_table_cell(k->t, r, k->key[i]);

		if (*c)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "", c);
	}
}

/* The differing cells of a row pair: "value 58.46 -> 58.52, answered 851
 * -> 850"; returns how many. */
static int diff_row(const struct csv_table *att, size_t ra, const struct csv_table *re, size_t rr, char *buf,
                    size_t size)
{
	size_t len = 0, c;
	int n = 0;

	buf[0] = '\0';
	for (c = 0; c < re->ncols[0]; c++) {
		const char *name = re->rows[0][c];
		int ac = csv_table_column(att, name);
		const char *old = ac < 0 ? "(no such column)" : csv_table_cell(att, ra, ac);
		const char *now = csv_table_cell(re, rr, (int)c);

		if (!strcmp(old, now))
			continue;
		n++;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s %s -> %s", len ? ", " : "", name,
			                        *old ? old : "(empty)", *now ? now : "(empty)");
	}
	return n;
}

/* What a row of a file says, for a matching line. */
typedef void (*row_label)(const struct csv_table *t, size_t r, char *buf, size_t size);

static void metrics_label(const struct csv_table *t, size_t r, char *buf, size_t size)
{
	const char *verdict = csv_table_cell(t, r, csv_table_column(t, "verdict"));
	const char *unit = csv_table_cell(t, r, csv_table_column(t, "unit"));

	snprintf(buf, size, "%s%s%s%s%s", csv_table_cell(t, r, csv_table_column(t, "value")), *unit ? " " : "", unit,
	         *verdict ? ", " : "", verdict);
}

static void credits_label(const struct csv_table *t, size_t r, char *buf, size_t size)
{
	const char *amount = csv_table_cell(t, r, csv_table_column(t, "final_amount"));

	if (!*amount) /* the cap line */
		amount = csv_table_cell(t, r, csv_table_column(t, "cap"));
	snprintf(buf, size, "%s %s", amount, csv_table_cell(t, r, csv_table_column(t, "currency")));
}

/* Compares one file. each_row: a line for every row (credits), else only
 * rows whose `date` is "month" get a line and the others one summary. */
static int compare_file(const char *att_dir, const char *re_dir, const char *name, const char *const *keys,
                        int nkeys, int each_row, row_label label, recompute_emit emit, void *ctx,
                        struct recompute_summary *sum, struct ccsla_error *err)
{
	struct csv_table att, re;
	struct keyed ka, kr;
	char path[4200], key[256], diff[1400], what[160];
	size_t r, ra, quiet = 0, named = 0, unnamed = 0, used_rows;
	int date_col, ret = -1;
	unsigned char *used = NULL;

	snprintf(path, sizeof path, "%s/%s", att_dir, name);
	if (csv_table_load(&att, path, err) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s", re_dir, name);
	if (csv_table_load(&re, path, err) < 0) {
		csv_table_free(&att);
		return -1;
	}
	if (att.nrows == 0 || re.nrows == 0) {
		ccsla_error_set(err, name, 0, NULL, "empty file");
		goto out;
	}
	if (keyed_init(&ka, &att, keys, nkeys, name, err) < 0 || keyed_init(&kr, &re, keys, nkeys, name, err) < 0)
		goto out;
	used_rows = att.nrows;
	if (!(used = calloc(used_rows, 1))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	date_col = csv_table_column(&re, "date");
	for (r = 1; r < re.nrows; r++) {
		int summed = !each_row && date_col >= 0 && strcmp(csv_table_cell(&re, r, date_col), "month") != 0;

		key_text(&kr, r, key, sizeof key);
		/* the files are written in the same order: look at the same row first */
		ra = r < att.nrows && !used[r] && same_key(&ka, r, &kr, r) ? r : 0;
		if (!ra)
			for (ra = 1; ra < att.nrows && (used[ra] || !same_key(&ka, ra, &kr, r)); ra++)
				;
		if (ra >= att.nrows) {
			if (named++ < MAX_NAMED)
				recompute_say(emit, ctx, sum, 0, "%s %s: not attached -> recomputed", name, key);
			else
				unnamed++, sum->mismatches++;
			continue;
		}
		used[ra] = 1;
		if (diff_row(&att, ra, &re, r, diff, sizeof diff)) {
			if (named++ < MAX_NAMED)
				recompute_say(emit, ctx, sum, 0, "%s %s: %s", name, key, diff);
			else
				unnamed++, sum->mismatches++;
		} else if (summed) {
			quiet++;
		} else {
			label(&re, r, what, sizeof what);
			recompute_say(emit, ctx, sum, 1, "%s %s: %s", name, key, what);
		}
	}
	for (ra = 1; ra < att.nrows; ra++)
		if (!used[ra]) {
			key_text(&ka, ra, key, sizeof key);
			if (named++ < MAX_NAMED)
				recompute_say(emit, ctx, sum, 0, "%s %s: attached -> not recomputed", name, key);
			else
				unnamed++, sum->mismatches++;
		}
	if (unnamed)
		emit(ctx, 0, "... and more mismatched rows (counted, not named)");
	if (quiet) {
		recompute_say(emit, ctx, sum, 1, "%s: %zu %s rows", name, quiet,
		              strcmp(name, "intervals.csv") ? "daily" : "half-hour");
		sum->figures += (long)quiet - 1;
	}
	ret = named ? 1 : 0;
out:
	free(used);
	csv_table_free(&att);
	csv_table_free(&re);
	return ret;
}

int recompute_compare_dirs(const char *attached_dir, const char *recomputed_dir, recompute_emit emit, void *ctx,
                           struct recompute_summary *sum, struct ccsla_error *err)
{
	static const char *const metric_keys[] = { "scope", "item", "date", "metric" };
	static const char *const credit_keys[] = { "line", "sla_id" };
	int a, b, c;

	if ((a = compare_file(attached_dir, recomputed_dir, "metrics.csv", metric_keys, 4, 0, metrics_label, emit, ctx,
	                      sum, err)) < 0 ||
	    (b = compare_file(attached_dir, recomputed_dir, "intervals.csv", metric_keys, 4, 0, metrics_label, emit,
	                      ctx, sum, err)) < 0 ||
	    (c = compare_file(attached_dir, recomputed_dir, "credits.csv", credit_keys, 2, 1, credits_label, emit, ctx,
	                      sum, err)) < 0)
		return -1;
	return a || b || c;
}
