/* metrics_ops.h -- `ccsla metrics --kind outage|quality|complaint|forecast` (cmd_metrics_ops.c,
 * cmd_metrics_forecast.c):
 * the operations-log metrics per group of the query's --by columns (client,
 * month, week, day, channel), as CSV or JSON like the interaction metrics. */
#ifndef CCSLA_METRICS_OPS_H
#define CCSLA_METRICS_OPS_H

#include <stdio.h>

#include "contracts/contract.h"
#include "metrics/metrics_query.h"

struct ops_query {
	const struct metrics_query *q;     /* state, client, range, zone, calendar, setups, --by */
	char **clients;                    /* the store's clients (no --client, no setups) */
	size_t client_count;
	const struct contract *const *contracts; /* [q->setup_count] with --contracts, else NULL */
	unsigned causes;                   /* outage: bits of enum outage_cause (0: default) */
	int64_t pass_score_cents;          /* quality: --pass-score x 100, -1 when not given */
	struct complaint_deadline ack, resolve; /* complaint: --ack-within, --resolve-within ({-1, -1}:
	                                    not given: the contract's SLA) */
	unsigned caused_by;                /* complaint: bits of enum complaint_cause counted */
	int lock_days;                     /* forecast: --lock-days, -1 when not given (each
	                                      contract's forecast.lock_days, or 0) */
	int interval_given;                /* forecast: --interval was given (else each
	                                      contract's forecast.interval_min with --contracts) */
	int json;
};

/* Checks the --by columns for kind ("outage", "quality" or "complaint"): 0, or the
 * usage error's exit code (printed). */
int metrics_ops_check(const char *name, const char *kind, const struct metrics_query *q);
/* Measures and writes; 0, or EXIT_IO with the message printed. */
int metrics_ops_run(const char *name, const char *kind, const struct ops_query *oq, FILE *fp);
/* --kind forecast (cmd_metrics_forecast.c): the same contract. */
int metrics_forecast_run(const char *name, const struct ops_query *oq, FILE *fp);

#endif
