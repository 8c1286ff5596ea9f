/* render.h -- the monthly report PDF from a filled struct report_model. */
#ifndef CCSLA_RENDER_H
#define CCSLA_RENDER_H

#include "core/error.h"
#include "report_model.h"

/* Writes the report to pdf_path (atomically), attaching m->attachments by
 * their bare file names. Same model -> same bytes. 0 or -1 with err set. */
int render_report(const struct report_model *m, const char *pdf_path, struct ccsla_error *err);

/* "met", "missed", "default" or "not measurable", with a symbol before it so
 * that the verdict reads without colour: "✓ met". */
const char *render_verdict_label(enum report_verdict v);

#endif
