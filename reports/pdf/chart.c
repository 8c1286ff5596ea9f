/* chart.c -- line and stacked-bar charts with axes, ticks and a legend. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"

#define AXIS_FONT 6.5f

double chart_nice_step(double *lo, double *hi, int want)
{
	double span, raw, mag, norm, step;

	if (!(*hi > *lo)) {
		double pad = fabs(*lo) > 0 ? fabs(*lo) * 0.1 : 1.0;

		*lo -= pad;
		*hi += pad;
	}
	span = *hi - *lo;
	raw = span / (want > 0 ? want : 5);
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
	*lo = floor(*lo / step + 1e-9) * step;
	*hi = ceil(*hi / step - 1e-9) * step;
	return step;
}

static void format_tick(char *buf, size_t size, double v, double step, const char *unit)
{
	int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;

	if (fabs(v) < step * 1e-6)
		v = 0;
	snprintf(buf, size, "%.*f%s", decimals, v, unit ? unit : "");
}

static int has(const struct chart_series *s, size_t i)
{
	return (!s->present || s->present[i]) && isfinite(s->y[i]);
}

int chart_has_data(const struct chart *c)
{
	size_t i, s;

	for (s = 0; s < c->n_series; s++)
		for (i = 0; i < c->n_x; i++)
			if (has(&c->series[s], i))
				return 1;
	return 0;
}

double chart_y_range(const struct chart *c, double *lo_out, double *hi_out)
{
	double lo = INFINITY, hi = -INFINITY, step, v;
	size_t i, s;
	int any = 0;

	/* range over stacked bars, lines and reference lines */
	for (i = 0; i < c->n_x; i++) {
		double stack = 0;

		for (s = 0; s < c->n_series; s++) {
			const struct chart_series *se = &c->series[s];

			if (!has(se, i))
				continue;
			any = 1;
			if (se->kind == CHART_BARS) {
				stack += se->y[i];
				v = stack;
			} else {
				v = se->y[i];
			}
			if (v < lo) lo = v;
			if (v > hi) hi = v;
			if (se->kind == CHART_BARS && 0 < lo) lo = 0;
		}
	}
	for (i = 0; i < c->n_refs; i++) {
		if (c->refs[i].y < lo) lo = c->refs[i].y;
		if (c->refs[i].y > hi) hi = c->refs[i].y;
	}
	if (!any && c->y_floor < c->y_ceil) {
		lo = c->y_floor;
		hi = c->y_ceil;
	} else if (!isfinite(lo)) {
		lo = 0;
		hi = 1;
	}
	step = chart_nice_step(&lo, &hi, 5);
	/* a reference line on the bottom axis would be hidden by it */
	for (i = 0; i < c->n_refs; i++)
		if (c->refs[i].y <= lo + step * 1e-6 && lo > 0)
			lo -= step;
	if (c->y_floor < c->y_ceil) {
		if (lo < c->y_floor) lo = c->y_floor;
		if (hi > c->y_ceil) hi = c->y_ceil;
	}
	*lo_out = lo;
	*hi_out = hi;
	return step;
}

void chart_draw(struct pdfw_doc *d, const struct chart *c)
{
	double lo, hi, step, v;
	float left = c->x + 34, right = c->x + c->w - 4, top = c->y + c->h - 16, bottom = c->y + 26;
	float pw = right - left, ph = top - bottom, slot, lx;
	size_t i, s, every;
	int any = chart_has_data(c);

	step = chart_y_range(c, &lo, &hi);
	if (c->title) {
		pdfw_set_fill(d, 0.15f, 0.15f, 0.15f);
		pdfw_text(d, d->bold, 8, c->x, c->y + c->h - 9, PDF_LEFT, c->title);
	}
	/* grid and y ticks */
	for (v = lo; v <= hi + step * 1e-6; v += step) {
		float yy = bottom + (float)((v - lo) / (hi - lo)) * ph;
		char t[32];

		pdfw_set_stroke(d, 0.86f, 0.86f, 0.86f);
		pdfw_line(d, left, yy, right, yy, 0.4f);
		format_tick(t, sizeof t, v, step, c->y_unit);
		pdfw_set_fill(d, 0.3f, 0.3f, 0.3f);
		pdfw_text(d, d->regular, AXIS_FONT, left - 3, yy - 2.2f, PDF_RIGHT, t);
	}
	pdfw_set_stroke(d, 0.3f, 0.3f, 0.3f);
	pdfw_line(d, left, bottom, right, bottom, 0.6f);
	pdfw_line(d, left, bottom, left, top, 0.6f);
	slot = c->n_x ? pw / (float)c->n_x : pw;
	/* x labels: thinned so that they do not touch */
	every = 1;
	if (c->n_x) {
		float widest = 0;

		for (i = 0; i < c->n_x; i++) {
			float w = pdfw_text_width(d, d->regular, AXIS_FONT, c->x_labels[i]);
			if (w > widest) widest = w;
		}
		while (every < c->n_x && slot * (float)every < widest + 4)
			every++;
	}
	for (i = 0; i < c->n_x; i += every) {
		float xx = left + slot * ((float)i + 0.5f);

		pdfw_set_fill(d, 0.3f, 0.3f, 0.3f);
		pdfw_text(d, d->regular, AXIS_FONT, xx, bottom - 9, PDF_CENTER, c->x_labels[i]);
		pdfw_line(d, xx, bottom, xx, bottom - 2.5f, 0.5f);
	}
	/* bars (stacked), then lines over them */
	for (i = 0; i < c->n_x; i++) {
		double base = 0;

		for (s = 0; s < c->n_series; s++) {
			const struct chart_series *se = &c->series[s];
			float y0, y1;

			if (se->kind != CHART_BARS || !has(se, i))
				continue;
			y0 = bottom + (float)((base - lo) / (hi - lo)) * ph;
			base += se->y[i];
			y1 = bottom + (float)((base - lo) / (hi - lo)) * ph;
			if (se->shade)
				pdfw_set_fill(d, 0.78f, 0.82f, 0.88f);
			else
				pdfw_set_fill(d, 0.22f, 0.35f, 0.55f);
			if (y1 > y0)
				pdfw_rect(d, left + slot * (float)i + slot * 0.15f, y0, slot * 0.7f, y1 - y0, 1, 0);
		}
	}
	for (i = 0; i < c->n_refs; i++) {
		const struct chart_ref *r = &c->refs[i];
		float yy = bottom + (float)((r->y - lo) / (hi - lo)) * ph;
		if (r->y < lo || r->y > hi)
			continue;
		pdfw_set_dash(d, r->dotted ? 1 : 5, r->dotted ? 2 : 3);
		pdfw_set_stroke(d, r->dotted ? 0.45f : 0.70f, r->dotted ? 0.10f : 0.15f, 0.10f);
		pdfw_line(d, left, yy, right, yy, r->dotted ? 1.0f : 1.1f);
		pdfw_set_dash(d, 0, 0);
	}
	for (s = 0; s < c->n_series; s++) {
		const struct chart_series *se = &c->series[s];
		int pen = 0;

		if (se->kind != CHART_LINE)
			continue;
		pdfw_set_stroke(d, 0.10f, 0.22f, 0.40f);
		pdfw_set_line_width(d, 1.2f);
		for (i = 0; i < c->n_x; i++) {
			float xx = left + slot * ((float)i + 0.5f);
			float yy;

			if (!has(se, i)) {
				if (pen)
					pdfw_stroke(d);
				pen = 0;
				continue;
			}
			yy = bottom + (float)((se->y[i] - lo) / (hi - lo)) * ph;
			if (pen)
				pdfw_line_to(d, xx, yy);
			else
				pdfw_move_to(d, xx, yy);
			pen = 1;
		}
		if (pen)
			pdfw_stroke(d);
		pdfw_set_fill(d, 0.10f, 0.22f, 0.40f);
		for (i = 0; i < c->n_x; i++) {
			if (!has(se, i))
				continue;
			pdfw_dot(d, left + slot * ((float)i + 0.5f), bottom + (float)((se->y[i] - lo) / (hi - lo)) * ph,
			         1.6f);
		}
	}
	if (!any) {
		const char *msg = "no data in this period (n/a)";
		float mw = pdfw_text_width(d, d->regular, 8, msg);

		pdfw_set_fill(d, 1, 1, 1);
		pdfw_rect(d, left + pw / 2 - mw / 2 - 6, bottom + ph * 0.25f - 5, mw + 12, 16, 1, 0);
		pdfw_set_fill(d, 0.4f, 0.4f, 0.4f);
		pdfw_text(d, d->regular, 8, left + pw / 2, bottom + ph * 0.25f, PDF_CENTER, msg);
	}
	/* legend along the bottom edge */
	lx = left;
	for (s = 0; s < c->n_series + c->n_refs; s++) {
		const char *name = s < c->n_series ? c->series[s].name : c->refs[s - c->n_series].name;
		float ly = c->y + 4;

		if (!name)
			continue;
		if (s < c->n_series && c->series[s].kind == CHART_BARS) {
			if (c->series[s].shade)
				pdfw_set_fill(d, 0.78f, 0.82f, 0.88f);
			else
				pdfw_set_fill(d, 0.22f, 0.35f, 0.55f);
			pdfw_rect(d, lx, ly, 8, 6, 1, 0);
		} else if (s < c->n_series) {
			pdfw_set_stroke(d, 0.10f, 0.22f, 0.40f);
			pdfw_line(d, lx, ly + 3, lx + 14, ly + 3, 1.2f);
			pdfw_set_fill(d, 0.10f, 0.22f, 0.40f);
			pdfw_dot(d, lx + 7, ly + 3, 1.6f);
		} else {
			const struct chart_ref *r = &c->refs[s - c->n_series];

			pdfw_set_dash(d, r->dotted ? 1 : 5, r->dotted ? 2 : 3);
			pdfw_set_stroke(d, r->dotted ? 0.45f : 0.70f, r->dotted ? 0.10f : 0.15f, 0.10f);
			pdfw_line(d, lx, ly + 3, lx + 14, ly + 3, 1.1f);
			pdfw_set_dash(d, 0, 0);
		}
		pdfw_set_fill(d, 0.2f, 0.2f, 0.2f);
		pdfw_text(d, d->regular, AXIS_FONT, lx + 17, ly + 1, PDF_LEFT, name);
		lx += 17 + pdfw_text_width(d, d->regular, AXIS_FONT, name) + 12;
	}
	pdfw_set_fill(d, 0, 0, 0);
	pdfw_set_stroke(d, 0, 0, 0);
}
