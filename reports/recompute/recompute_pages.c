/* recompute_pages.c -- the figures printed on a report's pages against the
 * recomputed report and the attached metrics.csv and credits.csv
 * (recompute_compare.h).
 *
 * The page text comes from reports/sign/pdftext.c (the strings drawn, in
 * drawing order, with their positions). Tables are found by their header
 * row, exactly as render.c draws it, on every page where it starts or
 * continues; a row starts with a run in the first column below the last
 * row, each cell's first line sits on the row's baseline and its wrapped
 * lines below it. The table ends at a run of another size, another page, or
 * left of the first column. No figure is formatted here: the expected text
 * is render.c's own (render_figure_text, render_money_text,
 * render_verdict_label) over the recomputed model; the attached CSV values
 * go through the same formatters, so "page says" and "recomputed" read
 * alike and any difference is one worth naming. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "reports/compose/csvtable.h"
#include "reports/compose/numfmt.h"
#include "reports/compose/render.h"
#include "reports/sign/pdfparse.h"
#include "reports/sign/pdftext.h"
#include "recompute_compare.h"

#define MAX_CELLS 12
#define MAX_ROWS 1000            /* rows of one table kept: 3 MiB at most */
#define CELL_TEXT 256
#define JOIN '\x01'              /* where a cell's lines meet (no run holds a control byte) */

struct cell {
	char text[CELL_TEXT];    /* its lines joined by JOIN (cut at CELL_TEXT) */
};

struct row {
	uint32_t page;
	struct cell cells[MAX_CELLS];
	int n;
	int used;                /* matched with an expected row */
};

static const char *const SCORECARD[] = { "SLA", "Title", "Channels", "Target", "Measured", "Verdict" };
static const char *const CREDITS[] = { "SLA", "Target", "Measured", "Status", "Alloc. %", "Multiplier",
	                               "Before cap", "Credit" };

static int same(float a, float b, float eps)
{
	return fabsf(a - b) < eps;
}

static void cell_append(struct cell *c, const char *text)
{
	size_t len = strlen(c->text);

	snprintf(c->text + len, sizeof c->text - len, "%s%s", len ? "\x01" : "", text);
}

/* Whether a cell reads as want: where the renderer wrapped a line it
 * dropped the spaces there (pdfw_wrap), or broke inside a word that did
 * not fit; so at each JOIN, want's spaces are skipped, if any. */
static int cell_is(const char *cell, const char *want)
{
	while (*cell && *want) {
		if (*cell == JOIN) {
			while (*want == ' ')
				want++;
			cell++;
		} else if (*cell++ != *want++) {
			return 0;
		}
	}
	return !*cell && !*want;
}

/* The cell as a line of text: its lines joined by one space. */
static const char *cell_shown(const char *cell, char *buf, size_t size)
{
	size_t i;

	for (i = 0; cell[i] && i + 1 < size; i++)
		buf[i] = cell[i] == JOIN ? ' ' : cell[i];
	buf[i] = '\0';
	return buf;
}

/* Whether runs [i, i + n) are the header titles on one baseline. */
static int is_header(const struct pdftext *t, size_t i, const char *const *titles, size_t n)
{
	size_t k;

	if (i + n > t->n)
		return 0;
	for (k = 0; k < n; k++) {
		const struct pdftext_run *r = &t->runs[i + k];

		if (strcmp(r->text, titles[k]) || r->page != t->runs[i].page || !same(r->y, t->runs[i].y, 0.01f) ||
		    !same(r->size, t->runs[i].size, 0.01f))
			return 0;
	}
	return 1;
}

/* Every row of every segment of the table with this header (each page it
 * is on repeats the header). Returns the number of rows, -1 out of memory. */
static long table_rows(const struct pdftext *t, const char *const *titles, size_t ncols, struct row **out)
{
	struct row *rows = NULL;
	size_t n = 0, cap = 0, i = 0;

	*out = NULL;
	while (i < t->n) {
		const struct pdftext_run *h = &t->runs[i];
		struct row *row = NULL;
		float row_y = 0;

		if (!is_header(t, i, titles, ncols)) {
			i++;
			continue;
		}
		for (i += ncols; i < t->n; i++) {
			const struct pdftext_run *r = &t->runs[i];
			int first_col = same(r->x, h->x, 0.5f);

			if (r->page != h->page || !same(r->size, h->size, 0.01f) || r->x < h->x - 0.5f || r->y > h->y + 0.01f)
				break;
			if (!row || (first_col && r->y < row_y - 0.01f && row->n > 1)) {
				if (!first_col || n == MAX_ROWS)
					break;
				if (n == cap) {
					struct row *nr = realloc(rows, (cap = cap ? cap * 2 : 16) * sizeof *nr);

					if (!nr) {
						free(rows);
						return -1;
					}
					rows = nr;
				}
				row = &rows[n++];
				memset(row, 0, sizeof *row);
				row->page = r->page;
				row_y = r->y;
				cell_append(&row->cells[row->n++], r->text);
			} else if (same(r->y, row_y, 0.01f)) {
				if (row->n < MAX_CELLS)
					cell_append(&row->cells[row->n++], r->text);
			} else if (r->y < row_y) {
				cell_append(&row->cells[row->n - 1], r->text);
			} else {
				break;
			}
		}
	}
	*out = rows;
	return (long)n;
}

/* "met" for "✓ met": a label's words after its symbol. */
static const char *label_words(const char *label)
{
	const char *sp = strchr(label, ' ');

	return sp ? sp + 1 : label;
}

/* The attached metrics.csv's month row of SLA id as the page would print
 * it (formatted as the recomputed SLA sl is): value and verdict label. */
static int attached_sla(const struct csv_table *mc, const struct report_sla *sl, char *value, size_t vsize,
                        const char **verdict)
{
	int cs = csv_table_column(mc, "scope"), ci = csv_table_column(mc, "item"), cd = csv_table_column(mc, "date"),
	    cv = csv_table_column(mc, "value"), cu = csv_table_column(mc, "unit"), cr = csv_table_column(mc, "verdict");
	size_t r;
	int v;

	if (cs < 0 || ci < 0 || cd < 0 || cv < 0 || cu < 0 || cr < 0)
		return -1;
	for (r = 1; r < mc->nrows; r++)
		if (!strcmp(csv_table_cell(mc, r, cs), "sla") && !strcmp(csv_table_cell(mc, r, cd), "month") &&
		    !strcmp(csv_table_cell(mc, r, ci), sl->id)) {
			struct report_sla as = *sl;

			as.unit = csv_table_cell(mc, r, cu);
			render_figure_text(value, vsize, &as, csv_table_cell(mc, r, cv));
			*verdict = csv_table_cell(mc, r, cr);
			for (v = REPORT_MET; v <= REPORT_NOT_MEASURABLE; v++)
				if (!strcmp(*verdict, label_words(render_verdict_label((enum report_verdict)v))))
					*verdict = render_verdict_label((enum report_verdict)v);
			return 0;
		}
	return -1;
}

/* One figure: the page's text against the recomputed one, and against the
 * attached file's when there is one. */
static void figure(recompute_emit emit, void *ctx, struct recompute_summary *sum, const char *what, const char *cell,
                   const char *recomputed, const char *file, const char *attached)
{
	char page[CELL_TEXT];
	int ok = cell_is(cell, recomputed) && (!attached || cell_is(cell, attached));

	cell_shown(cell, page, sizeof page);
	if (ok)
		recompute_say(emit, ctx, sum, 1, "%s: %s", what, page);
	else if (attached && !cell_is(cell, attached))
		recompute_say(emit, ctx, sum, 0, "%s: %s -> %s (%s has %s)", what, page, recomputed, file, attached);
	else
		recompute_say(emit, ctx, sum, 0, "%s: %s -> %s", what, page, recomputed);
}

static void scorecard(const struct pdftext *t, const struct report_model *m, const struct csv_table *mc,
                      recompute_emit emit, void *ctx, struct recompute_summary *sum, int *nomem)
{
	struct row *rows;
	long n = table_rows(t, SCORECARD, 6, &rows), r;
	size_t i;

	if (n < 0) {
		*nomem = 1;
		return;
	}
	if (n == 0 && m->n_slas)
		recompute_say(emit, ctx, sum, 0, "the pages show no scorecard (no row under SLA, Title, Channels, Target, "
		              "Measured, Verdict) -> %zu SLAs", m->n_slas);
	for (i = 0; i < m->n_slas && n > 0; i++) {
		const struct report_sla *sl = &m->slas[i];
		char value[NUMFMT_MAX], att_value[NUMFMT_MAX], what[200];
		const char *att_verdict = NULL;
		int have_att;

		for (r = 0; r < n && (rows[r].used || !cell_is(rows[r].cells[0].text, sl->id)); r++)
			;
		render_figure_text(value, sizeof value, sl, sl->value);
		if (r == n) {
			recompute_say(emit, ctx, sum, 0, "scorecard %s: not on the pages -> %s, %s", sl->id, value,
			              render_verdict_label(sl->verdict));
			continue;
		}
		rows[r].used = 1;
		have_att = mc && attached_sla(mc, sl, att_value, sizeof att_value, &att_verdict) == 0;
		if (rows[r].n < 3) {
			recompute_say(emit, ctx, sum, 0, "page %u scorecard %s: a row of %d cells (no measured value and "
			              "verdict) -> %s, %s", rows[r].page, sl->id, rows[r].n, value,
			              render_verdict_label(sl->verdict));
			continue;
		}
		snprintf(what, sizeof what, "page %u scorecard %s measured", rows[r].page, sl->id);
		figure(emit, ctx, sum, what, rows[r].cells[rows[r].n - 2].text, value, "metrics.csv",
		       have_att ? att_value : "(no such row)");
		snprintf(what, sizeof what, "page %u scorecard %s verdict", rows[r].page, sl->id);
		figure(emit, ctx, sum, what, rows[r].cells[rows[r].n - 1].text, render_verdict_label(sl->verdict),
		       "metrics.csv", have_att ? att_verdict : "(no such row)");
	}
	for (r = 0; r < n; r++)
		if (!rows[r].used) {
			char id[CELL_TEXT], v[CELL_TEXT];

			recompute_say(emit, ctx, sum, 0, "page %u scorecard %s: %s -> not recomputed", rows[r].page,
			              cell_shown(rows[r].cells[0].text, id, sizeof id),
			              cell_shown(rows[r].n > 1 ? rows[r].cells[rows[r].n - 2].text : "", v, sizeof v));
		}
	if (n == MAX_ROWS)
		recompute_say(emit, ctx, sum, 0, "the scorecard has %d rows or more: the rest is not compared", MAX_ROWS);
	free(rows);
}

/* The attached credits.csv's amount in column col of the row line (and
 * sla_id), formatted as the pages print it; NULL when there is none. */
static const char *attached_amount(const struct csv_table *cc, const char *line, const char *sla, const char *col,
                                   char *buf, size_t size)
{
	int cl = csv_table_column(cc, "line"), cs = csv_table_column(cc, "sla_id"), ca = csv_table_column(cc, col),
	    cu = csv_table_column(cc, "currency");
	size_t r;

	if (cl < 0 || cs < 0 || ca < 0 || cu < 0)
		return NULL;
	for (r = 1; r < cc->nrows; r++)
		if (!strcmp(csv_table_cell(cc, r, cl), line) && (!sla || !strcmp(csv_table_cell(cc, r, cs), sla))) {
			numfmt_amount_text(csv_table_cell(cc, r, ca), csv_table_cell(cc, r, cu), buf, size);
			return buf;
		}
	return NULL;
}

/* A row kind of the credits statement: an SLA's credit line, an earn-back,
 * or one of the three totals. */
enum credit_kind { CREDIT_SLA, CREDIT_EARN_BACK, CREDIT_TOTAL, CREDIT_CAP, CREDIT_DUE };

static enum credit_kind row_kind(const struct row *rw)
{
	int k;

	if (cell_is(rw->cells[0].text, "Total"))
		return CREDIT_TOTAL;
	if (cell_is(rw->cells[0].text, "Cap"))
		return CREDIT_CAP;
	if (cell_is(rw->cells[0].text, "Credit due"))
		return CREDIT_DUE;
	for (k = 1; k < rw->n; k++)
		if (!strncmp(rw->cells[k].text, "earn-back of ", 13))
			return CREDIT_EARN_BACK;
	return CREDIT_SLA;
}

static void credits(const struct pdftext *t, const struct report_model *m, const struct csv_table *cc,
                    recompute_emit emit, void *ctx, struct recompute_summary *sum, int *nomem)
{
	struct row *rows;
	long n = table_rows(t, CREDITS, 8, &rows), r;
	size_t i, n_expected = m->n_credits + m->n_earn_backs + 3;

	if (n < 0) {
		*nomem = 1;
		return;
	}
	if (!m->n_credits && !m->n_earn_backs)
		n_expected = 0; /* "no credits due", no table */
	if (n == 0 && n_expected)
		recompute_say(emit, ctx, sum, 0, "the pages show no credits statement (no row under SLA, Target, ..., "
		              "Credit) -> %zu lines", n_expected);
	for (i = 0; i < n_expected && n > 0; i++) {
		enum credit_kind kind;
		const char *id = "", *decimal, *line = NULL, *col = NULL, *label;
		char want[NUMFMT_MAX], att[NUMFMT_MAX], what[200];
		const char *att_text = NULL;

		if (i < m->n_credits) {
			kind = CREDIT_SLA;
			id = m->credits[i].sla_id;
			decimal = m->credits[i].amount;
			line = "sla";
			col = "final_amount";
		} else if (i < m->n_credits + m->n_earn_backs) {
			kind = CREDIT_EARN_BACK;
			id = m->earn_backs[i - m->n_credits].sla_id;
			decimal = m->earn_backs[i - m->n_credits].amount;
		} else {
			kind = (enum credit_kind)(CREDIT_TOTAL + (int)(i - m->n_credits - m->n_earn_backs));
			decimal = kind == CREDIT_TOTAL ? m->credits_uncapped : kind == CREDIT_CAP ? m->credits_cap
			                                                                            : m->credits_final;
			line = kind == CREDIT_TOTAL ? "total" : kind == CREDIT_CAP ? "cap" : "net";
			col = kind == CREDIT_TOTAL ? "uncapped_amount" : kind == CREDIT_CAP ? "cap" : "final_amount";
		}
		label = kind == CREDIT_TOTAL ? "Total" : kind == CREDIT_CAP ? "Cap" : kind == CREDIT_DUE ? "Credit due" : id;
		render_money_text(want, sizeof want, m, decimal);
		for (r = 0; r < n && (rows[r].used || row_kind(&rows[r]) != kind || !cell_is(rows[r].cells[0].text, label));
		     r++)
			;
		if (r == n) {
			recompute_say(emit, ctx, sum, 0, "credits statement %s%s: not on the pages -> %s", label,
			              kind == CREDIT_EARN_BACK ? " earn-back" : "", want);
			continue;
		}
		rows[r].used = 1;
		if (line && cc)
			att_text = attached_amount(cc, line, kind == CREDIT_SLA ? id : NULL, col, att, sizeof att);
		snprintf(what, sizeof what, "page %u credits statement %s%s", rows[r].page, label,
		         kind == CREDIT_EARN_BACK ? " earn-back" : "");
		figure(emit, ctx, sum, what, rows[r].n > 1 ? rows[r].cells[rows[r].n - 1].text : "(no amount)", want,
		       "credits.csv", line ? (att_text ? att_text : "(no such row)") : NULL);
	}
	for (r = 0; r < n; r++)
		if (!rows[r].used) {
			char id[CELL_TEXT], v[CELL_TEXT];

			recompute_say(emit, ctx, sum, 0, "page %u credits statement %s: %s -> not recomputed", rows[r].page,
			              cell_shown(rows[r].cells[0].text, id, sizeof id),
			              cell_shown(rows[r].n > 1 ? rows[r].cells[rows[r].n - 1].text : "", v, sizeof v));
		}
	if (n == MAX_ROWS)
		recompute_say(emit, ctx, sum, 0, "the credits statement has %d rows or more: the rest is not compared",
		              MAX_ROWS);
	free(rows);
}

/* Page 1's "Credits due" line of the month in brief: its value and the
 * lines it wraps to (same x, below). */
static void credits_due(const struct pdftext *t, const struct report_model *m, recompute_emit emit, void *ctx,
                        struct recompute_summary *sum)
{
	struct cell c;
	const char *want = m->summary.credits_due ? m->summary.credits_due : "";
	size_t i, k;

	for (i = 0; i + 1 < t->n; i++)
		if (!strcmp(t->runs[i].text, "Credits due") && t->runs[i + 1].page == t->runs[i].page &&
		    same(t->runs[i + 1].y, t->runs[i].y, 0.01f))
			break;
	if (i + 1 >= t->n) {
		recompute_say(emit, ctx, sum, 0, "the month in brief: no 'Credits due' line on the pages -> %s", want);
		return;
	}
	memset(&c, 0, sizeof c);
	cell_append(&c, t->runs[i + 1].text);
	for (k = i + 2; k < t->n && t->runs[k].page == t->runs[i].page && same(t->runs[k].x, t->runs[i + 1].x, 0.5f) &&
	                t->runs[k].y < t->runs[k - 1].y;
	     k++)
		cell_append(&c, t->runs[k].text);
	{
		char what[64];

		snprintf(what, sizeof what, "page %u the month in brief: credits due", t->runs[i].page);
		figure(emit, ctx, sum, what, c.text, want, NULL, NULL);
	}
}

int recompute_check_pages(const char *pdf_path, const char *attached_dir, const struct report_model *m,
                          recompute_emit emit, void *ctx, struct recompute_summary *sum, struct ccsla_error *err)
{
	struct pdf_doc d;
	struct pdftext t;
	struct csv_table mc, cc;
	char *buf = NULL, path[4200];
	size_t len;
	long before = sum->mismatches;
	int have_mc = 0, have_cc = 0, nomem = 0, ret = -1;

	if (read_file(pdf_path, &buf, &len, err) < 0)
		return -1;
	if (pdf_open(&d, (const unsigned char *)buf, len, pdf_path, err) < 0) {
		free(buf);
		return -1;
	}
	if (pdftext_read(&d, &t, err) < 0) {
		char msg[1024];

		/* a page that cannot be read is a figure that cannot be checked, not an I/O failure */
		recompute_say(emit, ctx, sum, 0, "the page text cannot be read: %s", ccsla_error_format(err, msg, sizeof msg));
		pdf_close(&d);
		free(buf);
		return 1;
	}
	snprintf(path, sizeof path, "%s/metrics.csv", attached_dir);
	have_mc = csv_table_load(&mc, path, err) == 0;
	snprintf(path, sizeof path, "%s/credits.csv", attached_dir);
	have_cc = csv_table_load(&cc, path, err) == 0;
	if (!have_mc || !have_cc)
		goto out;
	scorecard(&t, m, &mc, emit, ctx, sum, &nomem);
	if (!nomem)
		credits(&t, m, &cc, emit, ctx, sum, &nomem);
	if (!nomem)
		credits_due(&t, m, emit, ctx, sum);
	if (nomem)
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	else
		ret = sum->mismatches > before;
out:
	if (have_mc)
		csv_table_free(&mc);
	if (have_cc)
		csv_table_free(&cc);
	pdftext_free(&t);
	pdf_close(&d);
	free(buf);
	return ret;
}
