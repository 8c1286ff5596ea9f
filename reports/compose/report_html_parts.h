/* report_html_parts.h -- the pieces of report.html: one function per
 * section of spec/report.md (report_html_sections.c, report_html_sla.c),
 * in the order report_html.c calls them, and the inline SVG charts
 * (report_html_chart.c). A new section is a new function here. */
#ifndef CCSLA_REPORT_HTML_PARTS_H
#define CCSLA_REPORT_HTML_PARTS_H

#include "reports/pdf/chart.h"
#include "htmlw.h"
#include "report_model.h"

void html_cover(struct htmlw *h, const struct report_model *m);
void html_summary(struct htmlw *h, const struct report_model *m);
void html_scorecard(struct htmlw *h, const struct report_model *m);
void html_revision(struct htmlw *h, const struct report_model *m);
void html_sla_details(struct htmlw *h, const struct report_model *m);
/* each: every missed sub-period of each SLA (report_html_missed.c) */
void html_missed_list(struct htmlw *h, const struct report_model *m);
void html_heatmap(struct htmlw *h, const struct report_model *m);
void html_accessibility(struct htmlw *h, const struct report_model *m);
void html_forecast_staffing(struct htmlw *h, const struct report_model *m);
void html_experience(struct htmlw *h, const struct report_model *m);
void html_exclusions(struct htmlw *h, const struct report_model *m);
void html_credits(struct htmlw *h, const struct report_model *m);
void html_lineage(struct htmlw *h, const struct report_model *m);
void html_method(struct htmlw *h, const struct report_model *m);
void html_verification(struct htmlw *h, const struct report_model *m);

/* A chart as <figure> with an inline <svg role="img"> whose <title> is the
 * chart's title and whose <desc> is desc (the text alternative in words);
 * the numbers themselves are in a table the caller writes after it. The
 * same struct chart the PDF draws (its box x/y is ignored, w/h scale). */
void html_chart(struct htmlw *h, const struct chart *c, const char *desc);

/* A table of name/value rows with row headers, captioned. */
void html_kv_table(struct htmlw *h, const char *caption, const struct report_kv *kv, size_t n);
/* The opening of a table in a container that scrolls sideways on a narrow
 * screen (its own scroll, never the page's): <div class="wide"...><table>
 * <caption>...</caption>. Close with html_table_end(). */
void html_table_begin(struct htmlw *h, const char *cls, const char *caption);
void html_table_end(struct htmlw *h);
/* <th scope="col"> cells for a header row; numeric columns (num[i] = 1)
 * are right-aligned. */
void html_head_row(struct htmlw *h, const char *const *titles, const unsigned char *num, size_t n);

/* "2026-09" -> "Sep'26" (the PDF's axis labels). */
const char *html_month_label(const char *period, char *buf, size_t size);
/* A figure back to a number for drawing; 0 for "n/a" or empty. */
int html_plot_value(const char *text, double *out);

#endif
