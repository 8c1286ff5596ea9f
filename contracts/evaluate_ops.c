/* evaluate_ops.c -- SLAs measured from the operations logs
 * (contracts.md v2: availability, quality_score, quality_pass,
 * critical_error): the value from metrics/availability.h or
 * metrics/quality.h over the contract's month, and what it rests on.
 * evaluate.c judges it like any other SLA (target, minimum, min_volume,
 * credits); a log without data for the month is not measurable, never
 * met (evaluate.h, evaluate_ops_measure). */
#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "metrics/availability.h"
#include "metrics/quality.h"
#include "evaluate.h"

static int measure_availability(struct sla_result *res, const struct contract *c, const char *state_dir,
                                int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ratio *r,
                                int64_t *volume, struct ccsla_error *err)
{
	const struct sla *s = res->sla;
	struct outage_log log;
	struct availability a;
	int ret = -1;

	if (outage_log_load(&log, state_dir, c->client, to_ms, err) != 0)
		return -1;
	if (!outage_log_covers(&log, to_ms)) {
		snprintf(res->reason, sizeof res->reason, "no outage log for the period");
		snprintf(res->basis, sizeof res->basis, "no outage log");
		ret = 1;
		goto out;
	}
	/* an open outage runs to the data's watermark (the latest contact
	 * ingested for the client; without contacts, the log's latest instant) */
	if (watermark_ms == TIME_NONE && metrics_store_watermark(state_dir, c->client, &watermark_ms, err) < 0)
		goto out;
	if (availability_measure(&log, &c->cal, s->filter.channels, s->causes, from_ms, to_ms, watermark_ms, &a) < 0) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	availability_value(&a, r);
	/* impact-weighted outage seconds, rounded half-up */
	snprintf(res->basis, sizeof res->basis, "%lld s out of %lld s, %lld outage%s",
	         (long long)((a.outage_pct_ms + 50000) / 100000), (long long)(a.service_ms / 1000),
	         (long long)a.outages, a.outages == 1 ? "" : "s");
	*volume = INT64_MAX;
	ret = 0;
out:
	outage_log_release(&log);
	return ret;
}

static int measure_quality(struct sla_result *res, const struct contract *c, const char *state_dir,
                           int64_t from_ms, int64_t to_ms, struct ratio *r, int64_t *volume,
                           struct ccsla_error *err)
{
	const struct sla *s = res->sla;
	struct quality_log log;
	struct quality_totals t;
	int ret = 1;

	memset(&t, 0, sizeof t);
	if (quality_log_load(&log, state_dir, c->client, from_ms, to_ms, err) != 0)
		return -1;
	if (log.first_day == INT64_MAX) {
		snprintf(res->reason, sizeof res->reason, "no quality log for the period");
		snprintf(res->basis, sizeof res->basis, "no quality log");
		goto out;
	}
	for (size_t i = 0; i < log.count; i++) {
		const struct quality_eval *e = &log.items[i];

		/* channels: the SLA's; an evaluation of unknown channel counts
		 * only in an SLA of every channel */
		if (s->filter.channels && (e->channel < 0 || !(s->filter.channels & 1u << e->channel)))
			continue;
		quality_add(&t, e, c->quality_pass_score_cents);
	}
	res->offered = t.evaluations;
	if (!t.evaluations) {
		snprintf(res->reason, sizeof res->reason, "no quality evaluation in the period");
		snprintf(res->basis, sizeof res->basis, "no evaluation");
		goto out;
	}
	if (s->metric == METRIC_QUALITY_PASS && t.undecided) {
		snprintf(res->reason, sizeof res->reason,
		         "%lld evaluations without 'passed' and no quality.pass_score in the contract",
		         (long long)t.undecided);
		snprintf(res->basis, sizeof res->basis, "%lld evaluations, %lld undecided", (long long)t.evaluations,
		         (long long)t.undecided);
		goto out;
	}
	quality_value(&t, s->metric, r);
	if (s->metric == METRIC_QUALITY_PASS)
		snprintf(res->basis, sizeof res->basis, "%lld of %lld passed", (long long)t.passed,
		         (long long)(t.passed + t.failed));
	else if (s->metric == METRIC_CRITICAL_ERROR)
		snprintf(res->basis, sizeof res->basis, "%lld of %lld with a critical error", (long long)t.critical,
		         (long long)t.evaluations);
	else
		snprintf(res->basis, sizeof res->basis, "%lld evaluations", (long long)t.evaluations);
	*volume = t.evaluations;
	ret = 0;
out:
	quality_log_release(&log);
	return ret;
}

int evaluate_ops_measure(struct sla_result *res, const struct contract *c, const char *state_dir, int64_t from_ms,
                         int64_t to_ms, int64_t watermark_ms, struct ratio *r, int64_t *volume,
                         struct ccsla_error *err)
{
	*r = (struct ratio){ 0, 0 };
	*volume = 0;
	if (res->sla->metric == METRIC_FORECAST_ACCURACY)  /* evaluate_forecast.c */
		return evaluate_forecast_measure(res, c, state_dir, from_ms, to_ms, watermark_ms, r, volume, err);
	if (res->sla->metric == METRIC_AVAILABILITY)
		return measure_availability(res, c, state_dir, from_ms, to_ms, watermark_ms, r, volume, err);
	return measure_quality(res, c, state_dir, from_ms, to_ms, r, volume, err);
}
