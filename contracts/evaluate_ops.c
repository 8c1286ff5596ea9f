/* evaluate_ops.c -- SLAs measured from the operations logs
 * (contracts.md v2: availability, quality_score, quality_pass,
 * critical_error, complaint_ack, complaint_resolved): the value from
 * metrics/availability.h, metrics/quality.h or metrics/complaint.h over
 * the contract's month, and what it rests on.
 * evaluate.c judges it like any other SLA (target, minimum, min_volume,
 * credits); a log without data for the month is not measurable, never
 * met (evaluate.h, evaluate_ops_measure). */
#include <stdio.h>
#include <string.h>

#include "core/deadline.h"
#include "core/timefmt.h"
#include "metrics/availability.h"
#include "metrics/complaint.h"
#include "metrics/quality.h"
#include "evaluate.h"
#include "ledger.h"

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

/* complaint_ack, complaint_resolved: the cases received in the month
 * (of the SLA's channels and caused_by), each against the SLA's deadline
 * on the contract's calendar at the data's watermark. */
static int measure_complaint(struct sla_result *res, const struct contract *c, const char *state_dir,
                             int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ratio *r,
                             int64_t *volume, struct ccsla_error *err)
{
	const struct sla *s = res->sla;
	int ack = s->metric == METRIC_COMPLAINT_ACK;
	struct complaint_log log;
	struct complaint_totals t;
	int64_t in_time, late, pending;
	char within[48];
	int ret = 1;

	complaint_totals_init(&t);
	if (complaint_log_load(&log, state_dir, c->client, to_ms, err) != 0)
		return -1;
	if (!complaint_log_covers(&log, to_ms)) {
		snprintf(res->reason, sizeof res->reason, "no complaint log for the period");
		snprintf(res->basis, sizeof res->basis, "no complaint log");
		goto out;
	}
	/* as availability: the latest contact ingested, else the log's latest instant */
	if (watermark_ms == TIME_NONE && metrics_store_watermark(state_dir, c->client, &watermark_ms, err) < 0) {
		ret = -1;
		goto out;
	}
	if (watermark_ms == TIME_NONE)
		watermark_ms = log.latest_ms;
	for (size_t i = 0; i < log.count; i++) {
		const struct complaint_case *k = &log.items[i];

		if (k->received_ms < from_ms || !(s->caused_by & 1u << k->caused_by))
			continue;
		/* a case of unknown channel counts only in an SLA of every channel */
		if (s->filter.channels && (k->channel < 0 || !(s->filter.channels & 1u << k->channel)))
			continue;
		complaint_add(&t, k, &c->cal, ack ? &s->within : NULL, ack ? NULL : &s->within, watermark_ms);
	}
	in_time = ack ? t.ack_in_time : t.resolved_in_time;
	late = ack ? t.ack_late : t.resolved_late;
	pending = ack ? t.ack_pending : t.resolved_pending;
	res->offered = t.received;
	complaint_deadline_text(&s->within, within, sizeof within);
	snprintf(res->basis, sizeof res->basis, "%lld of %lld %s within %s, %lld pending",
	         (long long)in_time, (long long)(in_time + late), ack ? "acknowledged" : "resolved", within,
	         (long long)pending);
	if (!t.received) {
		snprintf(res->reason, sizeof res->reason, "no complaint case received in the period");
		goto out;
	}
	complaint_value(&t, s->metric, r);
	*volume = in_time + late;
	ret = 0;
out:
	complaint_log_release(&log);
	return ret;
}

/* report_on_time (operations-logs.md "Report delivery"): the previous
 * month's final report, by the ledger's issue instant, against the end of
 * the report.due_working_days-th open day after that month: 100 on time,
 * 0 late. The month being evaluated has no final yet; its report shows
 * the previous one's delivery. */
static int measure_report_on_time(struct sla_result *res, const struct contract *c, const char *state_dir,
                                  int64_t from_ms, struct ratio *r, int64_t *volume, struct ccsla_error *err)
{
	struct ledger_month lm;
	int64_t day = tz_local_days(c->zone, from_ms), due_ms;
	int y, m, d, rc, on_time;
	char issued[40], due[40], prev[8];

	days_to_civil(day, &y, &m, &d);
	if (--m == 0) {
		m = 12;
		y--;
	}
	snprintf(prev, sizeof prev, "%04d-%02d", y, m);
	if ((rc = ledger_read(state_dir, c->client, y, m, &lm, err)) < 0)
		return -1;
	if (rc == 1 || !lm.has_issued) {
		snprintf(res->reason, sizeof res->reason, rc == 1 ? "no report of %s in the ledger"
		         : lm.imported ? "%s is an imported ledger month: no issue instant"
		                       : "no issue instant of a final report of %s in the ledger", prev);
		snprintf(res->basis, sizeof res->basis, "%s: no final issued", prev);
		if (rc == 0)
			ledger_month_release(&lm);
		return 1;
	}
	due_ms = deadline_after_period(&c->cal, day, c->due_working_days);
	on_time = lm.issued_ms <= due_ms;
	rfc3339_format_utc(lm.issued_ms, issued, sizeof issued);
	rfc3339_format_utc(due_ms, due, sizeof due);
	/* minutes are enough to read: "2026-10-02T00:00Z" */
	snprintf(res->basis, sizeof res->basis, "%s issued %.16sZ, due by %.16sZ", prev, issued, due);
	ledger_month_release(&lm);
	*r = (struct ratio){ on_time ? 100 : 0, 1 };
	res->offered = 1;
	*volume = 1;
	return 0;
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
	if (res->sla->metric == METRIC_REPORT_ON_TIME)
		return measure_report_on_time(res, c, state_dir, from_ms, r, volume, err);
	if (metric_is_complaint(res->sla->metric))
		return measure_complaint(res, c, state_dir, from_ms, to_ms, watermark_ms, r, volume, err);
	return measure_quality(res, c, state_dir, from_ms, to_ms, r, volume, err);
}
