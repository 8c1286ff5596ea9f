/* revision.c -- the differences a revision reports (revision.h). */
#include <stdlib.h>
#include <string.h>

#include "contracts/money.h"
#include "core/csvw.h"
#include "core/fsutil.h"
#include "csvtable.h"
#include "revision.h"

static int files_equal(const char *a, const char *b, int *equal, struct ccsla_error *err)
{
	char *da, *db;
	size_t na, nb;

	if (read_file(a, &da, &na, err) < 0)
		return -1;
	if (read_file(b, &db, &nb, err) < 0) {
		free(da);
		return -1;
	}
	*equal = na == nb && !memcmp(da, db, na);
	free(da);
	free(db);
	return 0;
}

static int add_change(struct revision_diff *d, size_t *cap, const char *figure, const char *old_v,
                      const char *new_v)
{
	if (d->n_changes == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		struct report_change *n = realloc(d->changes, c * sizeof *n);
		if (!n)
			return -1;
		d->changes = n;
		*cap = c;
	}
	d->changes[d->n_changes].figure = figure;
	d->changes[d->n_changes].old_value = old_v;
	d->changes[d->n_changes].new_value = new_v;
	d->n_changes++;
	return figure ? 0 : -1;
}

/* The row of t whose key cells equal row r of u (hint: the same index). */
static long find_row(const struct csv_table *t, const struct csv_table *u, size_t r, const int *key, int nkey,
                     size_t hint)
{
	size_t i, k;

	for (i = 0; i + 1 < t->nrows; i++) {
		size_t row = 1 + (hint - 1 + i) % (t->nrows - 1);
		for (k = 0; k < (size_t)nkey; k++)
			if (strcmp(csv_table_cell(t, row, key[k]), csv_table_cell(u, r, key[k])))
				break;
		if (k == (size_t)nkey)
			return (long)row;
	}
	return -1;
}

static const char *const COUNTS[] = { "offered", "answered", "abandoned", "short_abandoned", "callback",
	                              "overflow", "open", "excluded", "answered_within", NULL };

/* metrics.csv rows are keyed by scope, item, date and metric; a row's counts
 * are compared once per scope, item and date (on its first metric row). */
static int compare_metrics(struct revision_diff *d, const struct csv_table *o, const struct csv_table *n,
                           const char *period)
{
	int key[4] = { csv_table_column(n, "scope"), csv_table_column(n, "item"), csv_table_column(n, "date"),
	               csv_table_column(n, "metric") };
	int value = csv_table_column(n, "value"), c;
	size_t r, cap = 0, k;

	for (r = 1; r < n->nrows; r++) {
		long orow = find_row(o, n, r, key, 4, r);
		const char *date = csv_table_cell(n, r, key[2]);
		const char *when = strcmp(date, "month") ? date : period;
		int first_of_group = r == 1 || strcmp(csv_table_cell(n, r - 1, key[1]), csv_table_cell(n, r, key[1])) ||
		                     strcmp(csv_table_cell(n, r - 1, key[2]), date);
		const char *nv = csv_table_cell(n, r, value), *ov = orow < 0 ? "(none)" : csv_table_cell(o, (size_t)orow, value);

		const char *scope = strcmp(csv_table_cell(n, r, key[0]), "sla") ? csv_table_cell(n, r, key[0]) : "";
		const char *sp = *scope ? " " : "";

		if (strcmp(nv, ov) &&
		    add_change(d, &cap, strpool_printf(&d->pool, "%s%s%s %s %s", scope, sp, csv_table_cell(n, r, key[1]), when,
		                             csv_table_cell(n, r, key[3])),
		               strpool_printf(&d->pool, "%s", ov), strpool_printf(&d->pool, "%s", nv)) < 0)
			return -1;
		if (!first_of_group)
			continue;
		for (k = 0; COUNTS[k]; k++) {
			c = csv_table_column(n, COUNTS[k]);
			nv = csv_table_cell(n, r, c);
			ov = orow < 0 ? "(none)" : csv_table_cell(o, (size_t)orow, csv_table_column(o, COUNTS[k]));
			if (strcmp(nv, ov) &&
			    add_change(d, &cap, strpool_printf(&d->pool, "%s%s%s %s %s", scope, sp, csv_table_cell(n, r, key[1]), when, COUNTS[k]),
			               strpool_printf(&d->pool, "%s", ov), strpool_printf(&d->pool, "%s", nv)) < 0)
				return -1;
		}
	}
	/* rows the new file no longer has */
	for (r = 1; r < o->nrows; r++)
		if (find_row(n, o, r, key, 4, r) < 0 &&
		    add_change(d, &cap, strpool_printf(&d->pool, "%s %s %s", csv_table_cell(o, r, key[1]), csv_table_cell(o, r, key[2]),
		                             csv_table_cell(o, r, key[3])),
		               strpool_printf(&d->pool, "%s", csv_table_cell(o, r, value)), "(none)") < 0)
			return -1;
	return 0;
}

/* The amount a credits.csv line carries: final_amount, or earn_back for an
 * earn-back line. */
static const char *line_amount(const struct csv_table *t, size_t r)
{
	const char *kind = csv_table_cell(t, r, csv_table_column(t, "line"));

	return csv_table_cell(t, r, csv_table_column(t, strcmp(kind, "earn-back") ? "final_amount" : "earn_back"));
}

static int compare_credits(struct revision_diff *d, const struct csv_table *f, const struct csv_table *n,
                           int minor_units, struct ccsla_error *err)
{
	int key[2] = { csv_table_column(n, "line"), csv_table_column(n, "sla_id") };
	size_t r;

	if (!(d->adjustments = calloc(n->nrows + f->nrows + 1, sizeof *d->adjustments)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	for (r = 1; r < n->nrows; r++) {
		const char *kind = csv_table_cell(n, r, key[0]);
		long frow;
		int64_t a = 0, b = 0;
		const char *why = NULL;
		char buf[64];
		struct report_adjustment *adj;

		if (!strcmp(kind, "cap"))
			continue;
		frow = find_row(f, n, r, key, 2, r);
		if (frow >= 0 && money_parse(line_amount(f, (size_t)frow), minor_units, &a, &why) < 0)
			return ccsla_error_set(err, "credits.csv", (long)frow + 1, "final_amount", "%s", why);
		if (money_parse(line_amount(n, r), minor_units, &b, &why) < 0)
			return ccsla_error_set(err, "credits.csv", (long)r + 1, "final_amount", "%s", why);
		adj = &d->adjustments[d->n_adjustments++];
		money_format(b - a, minor_units, buf, sizeof buf);
		adj->line = !strcmp(kind, "sla") ? strpool_printf(&d->pool, "%s", csv_table_cell(n, r, key[1]))
		          : !strcmp(kind, "earn-back") ? strpool_printf(&d->pool, "earn-back %s", csv_table_cell(n, r, key[1]))
		          : !strcmp(kind, "total") ? "total after cap" : !strcmp(kind, "net") ? "net due" : strpool_printf(&d->pool, "%s", kind);
		adj->final_amount = frow >= 0 ? strpool_printf(&d->pool, "%s", line_amount(f, (size_t)frow)) : "0";
		adj->revised_amount = strpool_printf(&d->pool, "%s", line_amount(n, r));
		adj->delta = strpool_printf(&d->pool, "%s%s", b - a > 0 ? "+" : "", buf);
		if (!adj->line || !adj->final_amount || !adj->revised_amount || !adj->delta)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	return 0;
}

int revision_compare(struct revision_diff *d, const char *final_dir, const char *prev_dir, const char *new_dir,
                     int minor_units, struct ccsla_error *err)
{
	struct csv_table om = { 0 }, nm = { 0 }, fc = { 0 }, nc = { 0 };
	char a[4096], b[4096];
	int eq_m, eq_c, ret = -1;
	const char *period;

	memset(d, 0, sizeof *d);
	snprintf(a, sizeof a, "%s/metrics.csv", prev_dir);
	snprintf(b, sizeof b, "%s/metrics.csv", new_dir);
	if (files_equal(a, b, &eq_m, err) < 0 || csv_table_load(&om, a, err) < 0 || csv_table_load(&nm, b, err) < 0)
		goto out;
	snprintf(a, sizeof a, "%s/credits.csv", prev_dir);
	snprintf(b, sizeof b, "%s/credits.csv", new_dir);
	if (files_equal(a, b, &eq_c, err) < 0)
		goto out;
	d->differs = !eq_m || !eq_c;
	if (!d->differs) {
		ret = 0;
		goto out;
	}
	snprintf(a, sizeof a, "%s/credits.csv", final_dir);
	if (csv_table_load(&fc, a, err) < 0 || csv_table_load(&nc, b, err) < 0)
		goto out;
	period = csv_table_cell(&nm, 1, csv_table_column(&nm, "period"));
	if (compare_metrics(d, &om, &nm, period) < 0) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	if (compare_credits(d, &fc, &nc, minor_units, err) < 0)
		goto out;
	ret = 0;
out:
	csv_table_free(&om);
	csv_table_free(&nm);
	csv_table_free(&fc);
	csv_table_free(&nc);
	if (ret < 0)
		revision_diff_free(d);
	return ret;
}

int revision_write_adjustments(const struct revision_diff *d, const char *path, const char *period, int revision,
                               const char *currency, struct ccsla_error *err)
{
	static const char *const head[] = { "period", "revision", "line", "final_amount", "revised_amount",
		                            "adjustment", "currency", NULL };
	struct atomic_file af;
	struct csvw w;
	char rev[16];
	size_t i;

	if (atomic_open(&af, path, err) < 0)
		return -1;
	csvw_init(&w, af.fp);
	for (i = 0; head[i]; i++)
		csvw_text(&w, head[i]);
	csvw_end_line(&w);
	snprintf(rev, sizeof rev, "%d", revision);
	for (i = 0; i < d->n_adjustments; i++) {
		const struct report_adjustment *a = &d->adjustments[i];

		csvw_text(&w, period);
		csvw_number(&w, rev);
		csvw_text(&w, a->line);
		csvw_number(&w, a->final_amount);
		csvw_number(&w, a->revised_amount);
		csvw_number(&w, a->delta);
		csvw_text(&w, currency);
		csvw_end_line(&w);
	}
	return atomic_commit(&af, err);
}

void revision_diff_free(struct revision_diff *d)
{
	strpool_free(&d->pool);
	free(d->changes);
	free(d->adjustments);
	memset(d, 0, sizeof *d);
}
