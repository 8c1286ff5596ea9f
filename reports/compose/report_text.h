/* report_text.h -- the words and figure formats of report.pdf (render.c) as
 * its HTML twin (report_html*.c) prints them: status line, verdict words,
 * figures through numfmt exactly as render.c calls it, the method's
 * definitions and the notes of the exclusion and lineage tables.
 *
 * render.c keeps its own static copies for now (so that its history stays
 * h-report's); a change of wording there is made here too, and the e2e test
 * html_browser.sh checks that the figures of both read the same. */
#ifndef CCSLA_REPORT_TEXT_H
#define CCSLA_REPORT_TEXT_H

#include <stddef.h>

#include "render.h"
#include "report_model.h"

/* The word alone, as results.csv spells it: "met", "not measurable". */
const char *report_verdict_word(enum report_verdict v);

/* A final or revision rendered without a signer (ccsla render; ccsla sign
 * signs it later) must not read as signed. */
int report_unsigned_final(const struct report_model *m);
/* "FINAL", "DRAFT (month to date, not for invoicing)", "REVISION 2 of ...". */
const char *report_status_text(const struct report_model *m, char *buf, size_t size);

/* A figure of the SLA's metric as a person reads it ("58.46 %", "3:29 h",
 * numfmt_metric() with the SLA's unit and clock); a bound with its operator
 * (">= 80 %", "<= 0:30"); the target with its minimum; the measured value. */
void report_figure_text(char *buf, size_t size, const struct report_sla *sl, const char *value);
void report_bound_text(char *buf, size_t size, const struct report_sla *sl, const char *bound);
void report_target_text(char *buf, size_t size, const struct report_sla *sl);
void report_value_text(char *buf, size_t size, const struct report_sla *sl);
/* An evaluation note with internal names in words ("min_volume"). */
const char *report_note_words(const char *note, char *buf, size_t size);
/* 1 for a written channel (e-mail, messaging, letter, social): its waits
 * read in hours and minutes. */
int report_channel_written(const char *name);

/* The Method section: the opening paragraph, then every definition the
 * model uses (the overview's always), in order. */
extern const char REPORT_METHOD_INTRO[];
/* The next definition used by m (the metrics of its SLAs, the overview's
 * always), or NULL past the last; a definition with the contract's figures
 * (the quality pass score) is written into buf. */
#define REPORT_METHOD_TEXT_MAX 600
const char *report_method_text(const struct report_model *m, size_t *cursor, char *buf, size_t size);

extern const char REPORT_EXCLUSIONS_NOTE[];
extern const char REPORT_LINEAGE_NOTE[];
/* Under it when an operations log (outage, quality) is among the inputs. */
extern const char REPORT_LINEAGE_OPS_NOTE[];
/* 1 for an operations-log input; its name in the lineage table, with the
 * log on a line of its own: "outage.csv.gz\n(outage log)" (into buf). */
int report_input_is_ops(const struct report_input *in);
const char *report_input_label(const struct report_input *in, char *buf, size_t size);
/* The note over the table of this client's rows per input file in the
 * attached contacts.csv.gz (ids pseudonymised, or withheld without a key),
 * and the Verification section's "Contacts attached" line. */
extern const char REPORT_EVIDENCE_NOTE_PSEUDONYMS[];
extern const char REPORT_EVIDENCE_NOTE_WITHHELD[];
void report_contacts_text(const struct report_model *m, char *buf, size_t size);

#endif
