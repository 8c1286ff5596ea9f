/* render_missed.c -- "Every missed sub-period" (render_missed.h): every
 * missed interval, day or week of each each: SLA in time order, a compact
 * table in column groups read downwards, flowing over pages; then the line
 * on each SLA page that names where its list starts. */
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "render_missed.h"
#include "report_text.h"

#define LIST_TITLE "Every missed sub-period"
#define FONT_PT 6.8f    /* the rows; DejaVu Sans digits are 0.64 em */
#define ROW_PT 9.4f     /* baseline to baseline */
#define HEAD_PT 12.0f   /* the header row of each group */
#define GAP_PT 7.0f     /* between the cells of a row */
#define GUTTER_PT 16.0f /* between column groups */
#define MAX_GROUPS 4

/* The cells of one row as printed. */
struct cells {
	char start[40], end[40], value[NUMFMT_MAX], basis[80];
};

/* Widths of the four columns, the group and how many groups fit. */
struct layout {
	float w[4], group;
	size_t groups;
};

static const char *const HEAD[4] = { "Start (local)", "End", "Value", "Counts" };

static const char *s(const char *p)
{
	return p ? p : "";
}

static void row_cells(const struct report_sla *sub, const struct report_missed *r, struct cells *c)
{
	snprintf(c->start, sizeof c->start, "%s", s(r->start));
	snprintf(c->end, sizeof c->end, "%s", s(r->end));
	report_figure_text(c->value, sizeof c->value, sub, r->value);
	snprintf(c->basis, sizeof c->basis, "%s", s(r->basis));
}

/* Column widths from the widest cell of each column, then as many groups
 * as fit the content width. */
static void measure(struct pdfw_doc *d, const struct report_sla *sl, const struct report_sla *sub,
                    struct layout *lo)
{
	struct cells c;
	size_t i, k;

	for (k = 0; k < 4; k++)
		lo->w[k] = pdfw_text_width(d, d->bold, FONT_PT, HEAD[k]);
	for (i = 0; i < (size_t)sl->missed_total; i++) {
		const char *cell[4];

		row_cells(sub, &sl->missed_all[i], &c);
		cell[0] = c.start, cell[1] = c.end, cell[2] = c.value, cell[3] = c.basis;
		for (k = 0; k < 4; k++) {
			float w = pdfw_text_width(d, d->regular, FONT_PT, cell[k]);

			if (w > lo->w[k])
				lo->w[k] = w;
		}
	}
	if (!sl->missed_all[0].end) /* days: no end column */
		lo->w[1] = -GAP_PT;
	lo->group = lo->w[0] + lo->w[1] + lo->w[2] + lo->w[3] + 3 * GAP_PT;
	lo->groups = (size_t)((PDF_CONTENT_W + GUTTER_PT) / (lo->group + GUTTER_PT));
	if (lo->groups < 1)
		lo->groups = 1;
	if (lo->groups > MAX_GROUPS)
		lo->groups = MAX_GROUPS;
	/* spread the groups over the width: wider gutters, same columns */
	lo->group = lo->groups > 1 ? (PDF_CONTENT_W - GUTTER_PT * (float)(lo->groups - 1)) / (float)lo->groups
	                           : lo->group;
}

/* Rows [from, from + n) on the current page at the cursor, down each group
 * in turn (ceil(n / groups) rows per group). */
static void chunk(struct pdfw_doc *d, const struct report_sla *sl, const struct report_sla *sub,
                  const struct layout *lo, size_t from, size_t n)
{
	size_t per = (n + lo->groups - 1) / lo->groups, g, i;
	float top = d->y, x0, x[4];
	struct cells c;

	for (g = 0; g * per < n; g++) {
		x0 = PDF_MARGIN + (float)g * (lo->group + GUTTER_PT);
		/* start and counts read from the left; end and value right-aligned
		 * at their columns' right edges, and the counts after them */
		x[0] = x0;
		x[1] = x0 + lo->w[0] + GAP_PT + lo->w[1];
		x[2] = x[1] + GAP_PT + lo->w[2];
		x[3] = x[2] + GAP_PT;
		pdfw_set_fill(d, 0.10f, 0.22f, 0.40f);
		pdfw_text(d, d->bold, FONT_PT, x[0], top - 8, PDF_LEFT, HEAD[0]);
		if (sl->missed_all[0].end)
			pdfw_text(d, d->bold, FONT_PT, x[1], top - 8, PDF_RIGHT, HEAD[1]);
		pdfw_text(d, d->bold, FONT_PT, x[2], top - 8, PDF_RIGHT, HEAD[2]);
		pdfw_text(d, d->bold, FONT_PT, x[3], top - 8, PDF_LEFT, HEAD[3]);
		pdfw_set_stroke(d, 0.10f, 0.22f, 0.40f);
		pdfw_line(d, x0, top - 10.5f, x0 + lo->group, top - 10.5f, 0.6f);
		for (i = 0; i < per && g * per + i < n; i++) {
			float y = top - HEAD_PT - (float)(i + 1) * ROW_PT + 2.4f;

			if (i % 2) { /* zebra: the eye keeps its row across a group */
				pdfw_set_fill(d, 0.945f, 0.95f, 0.96f);
				pdfw_rect(d, x0, y - 2.4f, lo->group, ROW_PT, 1, 0);
			}
			row_cells(sub, &sl->missed_all[from + g * per + i], &c);
			pdfw_set_fill(d, 0, 0, 0);
			pdfw_text(d, d->regular, FONT_PT, x[0], y, PDF_LEFT, c.start);
			if (c.end[0])
				pdfw_text(d, d->regular, FONT_PT, x[1], y, PDF_RIGHT, c.end);
			pdfw_text(d, d->regular, FONT_PT, x[2], y, PDF_RIGHT, c.value);
			pdfw_text(d, d->regular, FONT_PT, x[3], y, PDF_LEFT, c.basis);
		}
	}
	pdfw_set_stroke(d, 0, 0, 0);
	pdfw_set_fill(d, 0, 0, 0);
	d->y = top - HEAD_PT - (float)per * ROW_PT - 6;
}

/* One SLA's list: heading, what the rows are, the table. Returns its page. */
static size_t sla_list(struct pdfw_doc *d, const struct report_sla *sl)
{
	struct report_sla sub = *sl; /* the unit and target of each sub-period */
	char heading[256], line[768], t[2 * NUMFMT_MAX + 16];
	struct layout lo;
	size_t done = 0, page;

	sub.unit = sl->each_unit;
	sub.target = sl->each_target;
	sub.minimum = NULL;
	report_target_text(t, sizeof t, &sub);
	snprintf(heading, sizeof heading, "%s: %s %lld missed %s", s(sl->id), sl->missed_total == 1 ? "the" : "all",
	         (long long)sl->missed_total, s(sl->missed_total == 1 ? sl->each_unit_one : sl->each_units));
	pdfw_heading(d, 2, heading, 40 + HEAD_PT + 4 * ROW_PT);
	page = d->n_pages - 1;
	snprintf(line, sizeof line, "%s. Target %s in each; in time order, each with its %s and the counts "
	         "behind it.%s", s(sl->each_summary), t, s(sl->metric_label),
	         sl->allowed_misses >= 0 ? " The allowed misses are a number, not particular ones: no row is "
	                                   "marked as allowed." : "");
	pdfw_paragraph(d, d->regular, 8.5f, line);
	pdfw_skip(d, 2);
	measure(d, sl, &sub, &lo);
	while (done < (size_t)sl->missed_total) {
		size_t fit, left = (size_t)sl->missed_total - done, n;

		fit = d->y - d->bottom > HEAD_PT + 6 ? (size_t)((d->y - d->bottom - HEAD_PT - 6) / ROW_PT) : 0;
		if (fit < 3) { /* not even three rows: the next page */
			pdfw_new_page(d);
			continue;
		}
		n = fit * lo.groups < left ? fit * lo.groups : left;
		chunk(d, sl, &sub, &lo, done, n);
		done += n;
	}
	return page;
}

struct render_missed_ref render_missed_ref_here(struct pdfw_doc *d)
{
	struct render_missed_ref r = { 1, d->n_pages - 1, d->y - 9 };

	d->y -= 14;
	return r;
}

void render_missed_list(struct pdfw_doc *d, const struct report_model *m, const struct render_missed_ref *refs)
{
	size_t i, any = 0;
	char line[256];

	for (i = 0; i < m->n_slas; i++)
		any += m->slas[i].each_summary && m->slas[i].missed_total > 0 && m->slas[i].missed_all;
	if (!any)
		return;
	pdfw_heading(d, 1, LIST_TITLE, 80);
	pdfw_paragraph(d, d->regular, 8.5f, "Every interval, day or week that missed its target, for each SLA "
	               "held in each sub-period (the scorecard's value is the share that met it). The same rows "
	               "are in metrics.csv and results.json.");
	for (i = 0; i < m->n_slas; i++) {
		const struct report_sla *sl = &m->slas[i];
		size_t page, last;

		if (!sl->each_summary || sl->missed_total <= 0 || !sl->missed_all)
			continue;
		page = sla_list(d, sl);
		if (!refs || !refs[i].set)
			continue;
		/* the SLA page was laid out before this page number was known */
		last = d->n_pages - 1;
		if (sl->missed_total == 1)
			snprintf(line, sizeof line, "The 1 missed %s, with its counts: page %zu (%s).",
			         s(sl->each_unit_one), page + 1, LIST_TITLE);
		else
			snprintf(line, sizeof line, "All %lld missed %s, in time order with their counts: page %zu (%s).",
			         (long long)sl->missed_total, s(sl->each_units), page + 1, LIST_TITLE);
		pdfw_select_page(d, refs[i].page);
		pdfw_set_fill(d, 0.10f, 0.22f, 0.40f);
		pdfw_text(d, d->regular, 8, PDF_MARGIN, refs[i].y, PDF_LEFT, line);
		pdfw_set_fill(d, 0, 0, 0);
		pdfw_select_page(d, last);
	}
}
