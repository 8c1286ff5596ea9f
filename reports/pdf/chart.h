/* chart.h -- line and bar charts drawn with libharu paths: a series of
 * daily (or monthly) values against target lines, and volume bars. Axes with
 * 1-2-5 ticks, category labels thinned to fit, and a legend. Styles differ by
 * dash and marker as well as colour, so a chart reads in black and white.
 * Values are for drawing only: nothing here compares a figure with a target. */
#ifndef CCSLA_CHART_H
#define CCSLA_CHART_H

#include <stddef.h>

#include "pdf.h"

enum chart_kind { CHART_LINE, CHART_BARS };

struct chart_series {
	const char *name;               /* legend */
	const double *y;                /* n values */
	const unsigned char *present;   /* n flags; 0 is a gap (n/a); NULL: all present */
	enum chart_kind kind;
	int shade;                      /* 0 dark, 1 light (stacked bars: light on top of dark) */
};

struct chart_ref {                  /* a horizontal reference line */
	const char *name;               /* "target 80" */
	double y;
	int dotted;                     /* 0 dashed (target), 1 dotted (minimum) */
};

struct chart {
	float x, y, w, h;               /* box on the page, axes and legend inside */
	const char *title;
	const char *y_unit;             /* appended to tick labels: "%", "s" or "" */
	const char *const *x_labels;    /* n_x category labels */
	size_t n_x;
	const struct chart_series *series;
	size_t n_series;                /* bars are stacked in order */
	const struct chart_ref *refs;
	size_t n_refs;
	double y_floor, y_ceil;         /* y_floor < y_ceil: clamp the axis (0..100 for %) */
};

/* Chooses a "nice" step (1, 2 or 5 times a power of ten) that cuts
 * [lo, hi] into about `want` intervals, and widens lo/hi to multiples. */
double chart_nice_step(double *lo, double *hi, int want);

/* The y axis the chart is drawn with: [*lo, *hi] over the stacked bars,
 * lines and reference lines, widened to ticks; returns the tick step. The
 * PDF and the HTML twin (report_html_chart.c) share it. */
double chart_y_range(const struct chart *c, double *lo, double *hi);
/* 1 when some series has a value to draw. */
int chart_has_data(const struct chart *c);

/* Draws the chart at its box on the current page. */
void chart_draw(struct pdfw_doc *d, const struct chart *c);

#endif
