/* report_html.h -- report.html, the HTML twin of report.pdf: the same model,
 * the same sections and figures, one self-contained file (inline CSS, charts
 * as inline SVG, no script, no network) that reads on a phone and with a
 * screen reader (spec/report.md "HTML twin"). */
#ifndef CCSLA_REPORT_HTML_H
#define CCSLA_REPORT_HTML_H

#include <stdio.h>

#include "core/error.h"
#include "report_model.h"

/* Writes the report to path atomically. Same model -> same bytes. */
int render_report_html(const struct report_model *m, const char *path, struct ccsla_error *err);
/* The same document to fp; -1 when a write failed. */
int report_html_write(const struct report_model *m, FILE *fp);

#endif
