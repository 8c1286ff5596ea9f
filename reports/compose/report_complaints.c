/* report_complaints.c -- the complaint cases of the month (report.md v2
 * "customer experience, complaints"; ISO 18295-1 4.4): shown under
 * customer experience when the client has a complaint log for the month.
 * Received, acknowledged and resolved against the deadlines of the
 * contract's complaint_ack / complaint_resolved SLAs (the first of each),
 * split by who caused them, and the cases open at the month's end with the
 * oldest one's age in working days. The figures are metrics/complaint.h's,
 * as `ccsla metrics --kind complaint` gives them. */
#include <stdio.h>
#include <string.h>

#include "metrics/complaint.h"
#include "core/tz.h"
#include "core/timefmt.h"
#include "numfmt.h"
#include "report_build.h"

static const char *count(struct report_build *rb, int64_t n)
{
	char buf[NUMFMT_MAX];

	numfmt_count(n, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

static const struct sla *first_sla(const struct contract *c, enum metric_id m)
{
	for (size_t i = 0; i < c->sla_count; i++)
		if (c->slas[i].metric == m)
			return &c->slas[i];
	return NULL;
}

/* "12 in time, 3 late, 1 pending (not yet due)" */
static const char *split(struct report_build *rb, int64_t in_time, int64_t late, int64_t pending)
{
	return strpool_printf(&rb->pool, "%s in time, %s late, %s pending (not yet due at the data cut-off)",
	                      count(rb, in_time), count(rb, late), count(rb, pending));
}

int report_fill_complaints(struct report_build *rb, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	const struct sla *ack = first_sla(c, METRIC_COMPLAINT_ACK), *res = first_sla(c, METRIC_COMPLAINT_RESOLVED);
	struct complaint_log log;
	struct complaint_totals t;
	struct report_kv *kv;
	int64_t from_ms, to_ms, watermark_ms = rb->watermark_ms, by_cause[CAUSED_COUNT] = { 0 };
	int ny = rb->rq.year, nm = rb->rq.month + 1;
	size_t n = 0;
	char within[48];

	if (nm > 12)
		nm = 1, ny++;
	from_ms = tz_local_day_start(c->zone, rb->first_day);
	to_ms = tz_local_day_start(c->zone, civil_to_days(ny, nm, 1));
	if (complaint_log_load(&log, rb->rq.state_dir, c->client, to_ms, err) != 0)
		return -1;
	if (!complaint_log_covers(&log, to_ms)) {
		complaint_log_release(&log);
		return 0; /* no complaint log for the month: nothing shown */
	}
	if (watermark_ms == TIME_NONE)
		watermark_ms = log.latest_ms;
	complaint_totals_init(&t);
	for (size_t i = 0; i < log.count; i++) {
		const struct complaint_case *k = &log.items[i];

		complaint_add_backlog(&t, k, &c->cal, to_ms);
		if (k->received_ms < from_ms)
			continue;
		complaint_add(&t, k, &c->cal, ack ? &ack->within : NULL, res ? &res->within : NULL, watermark_ms);
		by_cause[k->caused_by >= 0 && k->caused_by < CAUSED_COUNT ? k->caused_by : CAUSED_UNKNOWN]++;
	}
	if (!(kv = strpool_alloc(&rb->pool, 6 * sizeof *kv))) {
		complaint_log_release(&log);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	kv[n].name = "Complaint cases received";
	kv[n++].value = count(rb, t.received);
	if (ack) {
		complaint_deadline_text(&ack->within, within, sizeof within);
		kv[n].name = strpool_printf(&rb->pool, "Acknowledged within %s", within);
		kv[n++].value = split(rb, t.ack_in_time, t.ack_late, t.ack_pending);
	}
	if (res) {
		complaint_deadline_text(&res->within, within, sizeof within);
		kv[n].name = strpool_printf(&rb->pool, "Resolved within %s", within);
		kv[n++].value = split(rb, t.resolved_in_time, t.resolved_late, t.resolved_pending);
	}
	kv[n].name = "Caused by";
	kv[n++].value = strpool_printf(&rb->pool, "the contact centre %s, the client %s, not known %s",
	                               count(rb, by_cause[CAUSED_CCC]), count(rb, by_cause[CAUSED_CLIENT]),
	                               count(rb, by_cause[CAUSED_UNKNOWN]));
	kv[n].name = "Open at the month's end";
	if (t.backlog > 0) {
		char when[32];

		rfc3339_format_utc(t.oldest_received_ms, when, sizeof when);
		kv[n++].value = strpool_printf(&rb->pool, "%s case%s; the oldest, %s (received %.10s), %s working day%s old",
		                               count(rb, t.backlog), t.backlog == 1 ? "" : "s", t.oldest_case, when,
		                               count(rb, t.oldest_age_wd), t.oldest_age_wd == 1 ? "" : "s");
	} else {
		kv[n++].value = "none";
	}
	/* the logged cases per 1000 answered, beside the interaction log's
	 * figure (the same denominator: answered inbound contacts, every channel) */
	{
		int64_t ans = rb->cx.counts.answered;
		char v[CAUSED_COUNT + 1][32];
		struct ratio r;

		r = (struct ratio){ 1000 * t.received, ans };
		ratio_format(&r, metric_decimals(METRIC_COMPLAINTS_PER_1000), v[CAUSED_COUNT], sizeof v[0]);
		for (int k = 0; k < CAUSED_COUNT; k++) {
			r = (struct ratio){ 1000 * by_cause[k], ans };
			ratio_format(&r, metric_decimals(METRIC_COMPLAINTS_PER_1000), v[k], sizeof v[0]);
		}
		rb->model.complaint_log_rate = strpool_printf(
			&rb->pool, "%s (%s cases): caused by the contact centre %s, by the client %s, not known %s",
			v[CAUSED_COUNT], count(rb, t.received), v[CAUSED_CCC], v[CAUSED_CLIENT], v[CAUSED_UNKNOWN]);
		rb->model.complaint_rate_note =
			"Complaints per 1000 answered comes from the interaction log (contacts the agent marked as a "
			"complaint); cases logged per 1000 answered counts the complaint log's cases received in the "
			"month over the same answered contacts. The two can differ: a case may come by letter, by e-mail outside the "
			"contact centre or from a contact of an earlier month, several contacts about one complaint "
			"make one case, and a contact marked as a complaint may never have become a case.";
	}
	rb->model.complaint_rows = kv;
	rb->model.n_complaint_rows = n;
	rb->model.complaint_note = strpool_printf(
		&rb->pool, "From the complaint log: a case belongs to the month it was received in; one not yet "
		"acknowledged or resolved is late once its deadline has passed at the data cut-off, else pending. "
		"%s",
		ack || res ? "The deadlines are those of the contract's complaint SLAs (their pages say how each is counted)."
		           : "The contract sets no complaint deadline, so none is judged.");
	complaint_log_release(&log);
	return 0;
}
