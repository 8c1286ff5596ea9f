/* render_missed.h -- "Every missed sub-period": the report's list of every
 * missed interval, day or week of each each: SLA (report.md section 3,
 * contracts.md v2 "The report lists every sub-period that missed"), after
 * the SLA pages, and the line on each SLA's page that names its page.
 *
 *   struct render_missed_ref refs[n_slas];      // filled by the SLA pages
 *   ... sla_detail(): refs[i] = render_missed_ref_here(d);  // a line kept free
 *   render_missed_list(d, m, refs);             // the list, then the lines
 *
 * The list is a compact table in as many column groups as fit the page
 * (2 for half-hours, 3 for days), read down each group, that flows over
 * as many pages as it needs: about 146 half-hour rows a page, so a month
 * of 2,976 missed quarter-hours takes some 20 pages. */
#ifndef CCSLA_RENDER_MISSED_H
#define CCSLA_RENDER_MISSED_H

#include <stddef.h>

#include "reports/pdf/pdf.h"
#include "report_model.h"

/* Where an SLA page keeps the line that names the list's page. */
struct render_missed_ref {
	int set;       /* 0: the SLA has no missed sub-period (or no list) */
	size_t page;   /* 0-based page */
	float y;       /* baseline */
};

/* Keeps one line at the cursor for the pointer and moves past it. */
struct render_missed_ref render_missed_ref_here(struct pdfw_doc *d);

/* Draws the list for every each: SLA of m with misses (nothing when none
 * has), then fills each refs[i] (one per m->slas[i]) with "All 26 missed
 * hours, in time order with their counts: page 14 (Every missed
 * sub-period)". The cursor ends below the list, on the last page. */
void render_missed_list(struct pdfw_doc *d, const struct report_model *m, const struct render_missed_ref *refs);

#endif
