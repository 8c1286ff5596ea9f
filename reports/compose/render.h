/* render.h -- the monthly report PDF from a filled struct report_model. */
#ifndef CCSLA_RENDER_H
#define CCSLA_RENDER_H

#include <stddef.h>

#include "core/error.h"
#include "report_model.h"

/* Writes the report to pdf_path (atomically), attaching m->attachments by
 * their bare file names. Same model -> same bytes. 0 or -1 with err set. */
int render_report(const struct report_model *m, const char *pdf_path, struct ccsla_error *err);

/* "met", "missed", "default" or "not measurable", with a symbol before it so
 * that the verdict reads without colour: "✓ met". */
const char *render_verdict_label(enum report_verdict v);

/* What the pages print, for `verify --recompute` to compare with the page
 * text (recompute_pages.c): a figure of sl's metric as the scorecard and
 * the credits statement show it ("58.46 %", "3:29 h"), and an amount of
 * the model with its currency ("EUR 28,800.00"). */
void render_figure_text(char *buf, size_t size, const struct report_sla *sl, const char *value);
void render_money_text(char *buf, size_t size, const struct report_model *m, const char *decimal);

#endif
