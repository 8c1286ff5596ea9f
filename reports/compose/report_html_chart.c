/* report_html_chart.c -- the charts of report.html as inline SVG: the same
 * struct chart the PDF draws (chart.h), on the same y axis
 * (chart_y_range), with the same line styles (dashes and markers as well
 * as colour, so that they read in grey). Each is an <svg role="img"> named
 * by its <title> and described in words by its <desc>; the numbers are in
 * the table that follows it (the caller's). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_html_parts.h"

/* The drawing's own units; the CSS scales it to the column's width. */
#define SVG_W 600.0
#define SVG_H 210.0
#define PLOT_L 58.0
#define PLOT_R 590.0
#define PLOT_T 12.0
#define PLOT_B 176.0

static int has(const struct chart_series *s, size_t i)
{
	return (!s->present || s->present[i]) && isfinite(s->y[i]);
}

static void format_tick(char *buf, size_t size, double v, double step, const char *unit)
{
	int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;

	if (fabs(v) < step * 1e-6)
		v = 0;
	snprintf(buf, size, "%.*f%s", decimals, v, unit ? unit : "");
}

static double ypos(double v, double lo, double hi)
{
	return PLOT_B - (v - lo) / (hi - lo) * (PLOT_B - PLOT_T);
}

/* a legend entry: a swatch drawn like the line or bar, then the name, in
 * HTML so that it wraps and scales with the text */
static void legend_item(struct htmlw *h, const char *name, const char *swatch_cls, int box)
{
	htmlw_raw(h, "<span class=\"key\"><svg aria-hidden=\"true\" viewBox=\"0 0 20 10\" width=\"20\" height=\"10\">");
	if (box)
		htmlw_printf(h, "<rect class=\"%s\" x=\"4\" y=\"0\" width=\"12\" height=\"10\"/>", swatch_cls);
	else
		htmlw_printf(h, "<line class=\"%s\" x1=\"0\" y1=\"5\" x2=\"20\" y2=\"5\"/>", swatch_cls);
	htmlw_raw(h, "</svg>");
	htmlw_text(h, name);
	htmlw_raw(h, "</span>");
}

void html_chart(struct htmlw *h, const struct chart *c, const char *desc)
{
	char tid[32], did[32], t[32];
	double lo, hi, step, v, slot;
	size_t i, s, every = 1;

	step = chart_y_range(c, &lo, &hi);
	htmlw_id(h, "chart-title", tid, sizeof tid);
	htmlw_id(h, "chart-desc", did, sizeof did);
	htmlw_raw(h, "<figure class=\"chart\"><figcaption><span class=\"title\">");
	htmlw_text(h, c->title);
	htmlw_raw(h, "</span> ");
	for (s = 0; s < c->n_series; s++)
		legend_item(h, c->series[s].name,
		            c->series[s].kind == CHART_BARS ? (c->series[s].shade ? "bar-light" : "bar-dark")
		                                            : (s ? "line-2" : "line-1"),
		            c->series[s].kind == CHART_BARS);
	for (i = 0; i < c->n_refs; i++)
		legend_item(h, c->refs[i].name, c->refs[i].dotted ? "ref-min" : "ref-target", 0);
	htmlw_raw(h, "</figcaption>");
	htmlw_printf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"%s %s\" "
	             "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\"><title id=\"%s\">", tid, did, SVG_W,
	             SVG_H, SVG_W, SVG_H, tid);
	htmlw_text(h, c->title);
	htmlw_printf(h, "</title><desc id=\"%s\">", did);
	htmlw_text(h, desc);
	htmlw_raw(h, "</desc>");
	/* grid and y ticks */
	htmlw_raw(h, "<g class=\"grid\">");
	for (v = lo; v <= hi + step * 1e-6; v += step) {
		double y = ypos(v, lo, hi);

		format_tick(t, sizeof t, v, step, c->y_unit);
		htmlw_printf(h, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", PLOT_L, y, PLOT_R, y);
		htmlw_printf(h, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>", PLOT_L - 4, y + 4, t);
	}
	htmlw_printf(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", PLOT_L, PLOT_B,
	             PLOT_R, PLOT_B);
	htmlw_printf(h, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", PLOT_L, PLOT_T,
	             PLOT_L, PLOT_B);
	htmlw_raw(h, "</g>");
	slot = c->n_x ? (PLOT_R - PLOT_L) / (double)c->n_x : PLOT_R - PLOT_L;
	/* x labels, thinned to about 16 so that they do not touch */
	if (c->n_x > 16)
		every = (c->n_x + 15) / 16;
	htmlw_raw(h, "<g class=\"xlabels\">");
	for (i = 0; i < c->n_x; i += every) {
		htmlw_printf(h, "<text x=\"%.1f\" y=\"%.1f\">", PLOT_L + slot * ((double)i + 0.5), PLOT_B + 22);
		htmlw_text(h, c->x_labels ? c->x_labels[i] : "");
		htmlw_raw(h, "</text>");
	}
	htmlw_raw(h, "</g>");
	/* stacked bars, dark below light */
	for (i = 0; i < c->n_x; i++) {
		double base = 0;

		for (s = 0; s < c->n_series; s++) {
			const struct chart_series *se = &c->series[s];
			double y0, y1;

			if (se->kind != CHART_BARS || !has(se, i) || se->y[i] <= 0)
				continue;
			y0 = ypos(base < lo ? lo : base, lo, hi);
			y1 = ypos(base + se->y[i] > hi ? hi : base + se->y[i], lo, hi);
			htmlw_printf(h, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
			             se->shade ? "bar-light" : "bar-dark", PLOT_L + slot * ((double)i + 0.15), y1,
			             slot * 0.7, y0 - y1);
			base += se->y[i];
		}
	}
	/* reference lines */
	for (i = 0; i < c->n_refs; i++) {
		double y = ypos(c->refs[i].y, lo, hi);

		if (c->refs[i].y < lo || c->refs[i].y > hi)
			continue;
		htmlw_printf(h, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		             c->refs[i].dotted ? "ref-min" : "ref-target", PLOT_L, y, PLOT_R, y);
	}
	/* lines, broken at gaps (n/a), with a marker on every value */
	for (s = 0; s < c->n_series; s++) {
		const struct chart_series *se = &c->series[s];
		int pen = 0;

		if (se->kind != CHART_LINE)
			continue;
		htmlw_printf(h, "<path class=\"%s\" d=\"", s ? "line-2" : "line-1");
		for (i = 0; i < c->n_x; i++) {
			if (!has(se, i)) {
				pen = 0;
				continue;
			}
			htmlw_printf(h, "%c%.1f %.1f", pen ? 'L' : 'M', PLOT_L + slot * ((double)i + 0.5),
			             ypos(se->y[i], lo, hi));
			pen = 1;
		}
		htmlw_raw(h, "\"/>");
		for (i = 0; i < c->n_x; i++)
			if (has(se, i))
				htmlw_printf(h, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>",
				             s ? "dot-2" : "dot-1", PLOT_L + slot * ((double)i + 0.5), ypos(se->y[i], lo, hi));
	}
	if (!chart_has_data(c))
		htmlw_printf(h, "<text class=\"nodata\" x=\"%.1f\" y=\"%.1f\">no data in this period (n/a)</text>",
		             (PLOT_L + PLOT_R) / 2, (PLOT_T + PLOT_B) / 2);
	htmlw_raw(h, "</svg></figure>\n");
}
