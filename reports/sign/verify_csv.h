/* verify_csv.h -- cross-checks of a report's attached CSV files: each
 * appends its lines to r (verify_csv.c says what is recomputed); 0 when
 * everything holds. */
#ifndef CCSLA_VERIFY_CSV_H
#define CCSLA_VERIFY_CSV_H

#include <stddef.h>

#include "verify_result.h"

int verify_credits_csv(const char *data, size_t len, struct verify_result *r);
int verify_metrics_csv(const char *data, size_t len, struct verify_result *r);
/* The attached report.html's scorecard (its rows' data-sla, data-value and
 * data-verdict, in order) against metrics.csv's SLA month rows. */
int verify_report_html(const char *html, size_t hlen, const char *metrics, size_t mlen, struct verify_result *r);

#endif
