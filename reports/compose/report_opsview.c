/* report_opsview.c -- availability and quality under customer experience
 * (report.md v2 section 7, "quality scores, availability with each outage
 * listed"): shown when the client has an outage log reaching into the
 * month, or a quality log.
 *
 *   availability  per channel: the availability (metrics/availability.h)
 *                 counting the causes of the contract's first availability
 *                 SLA (default: the centre's and third parties'), and each
 *                 outage of the month that touches the channel: start and
 *                 end in local time, its service hours inside the month
 *                 (not weighted), impact, cause, note
 *   quality       evaluations of the month, sample (of answered inbound
 *                 contacts, the overview's), average score, pass share,
 *                 critical error share (metrics/quality.h), every channel
 *
 *   delivery      the previous month's final report: issued (the ledger's
 *                 issue instant, local time) against the end of the
 *                 report.due_working_days-th open day after that month
 *                 (operations-logs.md "Report delivery"); nothing when the
 *                 ledger has no previous month
 *
 * The SLA pages judge these figures; this block shows what they rest on. */
#include <stdio.h>
#include <string.h>

#include "contracts/ledger.h"
#include "core/deadline.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "metrics/availability.h"
#include "metrics/quality.h"
#include "numfmt.h"
#include "report_build.h"

static const char *count(struct report_build *rb, int64_t n)
{
	char buf[NUMFMT_MAX];

	numfmt_count(n, buf, sizeof buf);
	return strpool_printf(&rb->pool, "%s", buf);
}

static const char *local_text(struct report_build *rb, int64_t ms)
{
	struct local_time lt;

	tz_to_local(rb->rq.contract->zone, ms, &lt);
	return strpool_printf(&rb->pool, "%04d-%02d-%02d %02d:%02d", lt.year, lt.month, lt.day, lt.hour, lt.minute);
}

/* service hours to the minute: "2:00" */
static const char *hm(struct report_build *rb, int64_t ms)
{
	int64_t min = (ms + 30000) / 60000;

	return strpool_printf(&rb->pool, "%lld:%02lld", (long long)(min / 60), (long long)(min % 60));
}

static void month_bounds(const struct report_build *rb, int64_t *from_ms, int64_t *to_ms)
{
	const struct contract *c = rb->rq.contract;
	int ny = rb->rq.year, nm = rb->rq.month + 1;

	if (nm > 12)
		nm = 1, ny++;
	*from_ms = tz_local_day_start(c->zone, rb->first_day);
	*to_ms = tz_local_day_start(c->zone, civil_to_days(ny, nm, 1));
}

static const char *causes_text(unsigned causes)
{
	static const char *const words[CAUSE_COUNT] = { "the contact centre", "the client", "third parties",
	                                                "force majeure" };
	static char buf[128];
	size_t len = 0;
	int n = 0, total = 0;

	for (int k = 0; k < CAUSE_COUNT; k++)
		total += !!(causes & 1u << k);
	buf[0] = '\0';
	for (int k = 0; k < CAUSE_COUNT; k++)
		if (causes & 1u << k) {
			n++;
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", n == 1 ? "" : n == total ? " and " : ", ",
			                        words[k]);
		}
	return buf;
}

static int fill_availability(struct report_build *rb, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	struct report_model *m = &rb->model;
	struct outage_log log;
	unsigned chans = 0, causes = 0;
	int64_t from_ms, to_ms, wm;
	struct report_kv *kv;
	struct report_outage *out;
	size_t n_kv = 0, n_out = 0, i;
	int have_sla = 0, ret = -1;

	month_bounds(rb, &from_ms, &to_ms);
	if (outage_log_load(&log, rb->rq.state_dir, c->client, to_ms, err) != 0)
		return -1;
	if (!outage_log_covers(&log, to_ms)) {
		outage_log_release(&log);
		return 0;
	}
	wm = rb->watermark_ms != TIME_NONE ? rb->watermark_ms : log.latest_ms;
	for (i = 0; i < c->sla_count; i++)
		if (c->slas[i].metric == METRIC_AVAILABILITY) {
			if (!have_sla)
				causes = c->slas[i].causes;
			have_sla = 1;
			chans |= c->slas[i].filter.channels ? c->slas[i].filter.channels : 0;
		}
	if (!causes)
		causes = OUTAGE_CAUSES_DEFAULT;
	/* the SLAs' channels (none named: the overview's), and every channel an
	 * outage of the month names (one of every channel, "all", adds none) */
	if (!chans)
		for (i = 0; i < m->n_channels; i++) {
			int ch = channel_parse(m->channels[i].name);

			if (ch >= 0)
				chans |= 1u << ch;
		}
	for (i = 0; i < log.count; i++) {
		const struct outage *o = &log.items[i];

		if (o->channels != OUTAGE_ALL_CHANNELS && o->start_ms < to_ms &&
		    (o->end_ms == TIME_NONE || o->end_ms > from_ms))
			chans |= o->channels;
	}
	kv = strpool_alloc(&rb->pool, CH_COUNT * sizeof *kv);
	out = strpool_alloc(&rb->pool, (log.count * CH_COUNT + 1) * sizeof *out);
	if (!kv || !out) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto done;
	}
	for (int ch = 0; ch < CH_COUNT; ch++) {
		struct availability a;
		struct ratio r;
		char v[32];

		if (!(chans & 1u << ch))
			continue;
		if (availability_measure(&log, &c->cal, 1u << ch, causes, from_ms, to_ms, wm, &a) < 0) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto done;
		}
		availability_value(&a, &r);
		ratio_format(&r, metric_decimals(METRIC_AVAILABILITY), v, sizeof v);
		kv[n_kv].name = channel_name(ch);
		kv[n_kv++].value = ratio_is_na(&r) ? "n/a (no service hours in the month)"
			: strpool_printf(&rb->pool, "%s %% available: %s of %s service hours lost (impact-weighted), %s "
			                 "outage%s counted", v, hm(rb, a.outage_pct_ms / 100), hm(rb, a.service_ms),
			                 count(rb, a.outages), a.outages == 1 ? "" : "s");
		for (i = 0; i < log.count; i++) {
			const struct outage *o = &log.items[i];
			int64_t end = o->end_ms == TIME_NONE ? wm : o->end_ms;
			int64_t s = o->start_ms > from_ms ? o->start_ms : from_ms, e = end < to_ms ? end : to_ms;
			struct report_outage *ro = &out[n_out];

			if (!(o->channels & 1u << ch) || o->start_ms >= to_ms || (o->end_ms != TIME_NONE && o->end_ms <= from_ms))
				continue;
			ro->channel = channel_name(ch);
			ro->id = strpool_printf(&rb->pool, "%s", o->incident_id);
			ro->start = local_text(rb, o->start_ms);
			ro->end = o->end_ms == TIME_NONE ? "open" : local_text(rb, o->end_ms);
			ro->duration = hm(rb, e > s ? calendar_service_ms(&c->cal, s, e) : 0);
			ro->impact = strpool_printf(&rb->pool, "%d %%", o->impact_pct);
			ro->cause = strpool_printf(&rb->pool, "%s%s", outage_cause_name(o->cause),
			                           causes & 1u << o->cause ? "" : " (not counted)");
			ro->note = strpool_printf(&rb->pool, "%s%s", o->client[0] ? "" : "every client; ", o->note);
			if (!ro->id || !ro->start || !ro->duration || !ro->impact || !ro->cause || !ro->note) {
				ccsla_error_set(err, NULL, 0, NULL, "out of memory");
				goto done;
			}
			n_out++;
		}
	}
	m->availability_rows = kv;
	m->n_availability_rows = n_kv;
	m->outages = out;
	m->n_outages = n_out;
	m->availability_note = strpool_printf(
		&rb->pool, "From the outage log: per channel, 100 x (1 - outage seconds / service seconds) inside the "
		"contract's service hours, counting outages caused by %s%s; a partial outage counts with its impact, "
		"overlapping outages are merged, and an open one runs to the data cut-off (%s local time). Each outage of the "
		"month is listed under each channel it touched, with its start and end in local time (%s) and the "
		"service hours it took inside the month, before weighting by its impact; an outage of a cause not "
		"counted is listed as such.", causes_text(causes),
		have_sla ? " (the contract's availability SLA)" : " (the default: no availability SLA)",
		wm != INT64_MIN ? local_text(rb, wm) : "none", c->timezone);
	ret = 0;
done:
	outage_log_release(&log);
	return ret;
}

static const char *pct(struct report_build *rb, const struct quality_totals *t, enum metric_id id)
{
	struct ratio r;
	char v[32];

	if (quality_value(t, id, &r) < 0 || ratio_is_na(&r))
		return "n/a";
	ratio_format(&r, metric_decimals(id), v, sizeof v);
	return strpool_printf(&rb->pool, "%s", v);
}

static int fill_quality(struct report_build *rb, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	struct report_model *m = &rb->model;
	struct quality_log log;
	struct quality_totals t;
	struct report_kv *kv;
	int64_t from_ms, to_ms;
	size_t n = 0;

	memset(&t, 0, sizeof t);
	month_bounds(rb, &from_ms, &to_ms);
	if (quality_log_load(&log, rb->rq.state_dir, c->client, from_ms, to_ms, err) != 0)
		return -1;
	if (log.first_day == INT64_MAX) {
		quality_log_release(&log);
		return 0;
	}
	for (size_t i = 0; i < log.count; i++)
		quality_add(&t, &log.items[i], c->quality_pass_score_cents);
	quality_log_release(&log);
	t.answered = rb->cx.counts.answered;
	if (!(kv = strpool_alloc(&rb->pool, 4 * sizeof *kv)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	kv[n].name = "Evaluations (sample)";
	kv[n++].value = strpool_printf(&rb->pool, "%s of %s answered contacts, %s %%", count(rb, t.evaluations),
	                               count(rb, t.answered), pct(rb, &t, METRIC_QUALITY_SAMPLE));
	kv[n].name = "Average score";
	kv[n++].value = strpool_printf(&rb->pool, "%s points", pct(rb, &t, METRIC_QUALITY_SCORE));
	kv[n].name = "Passed";
	kv[n++].value = strpool_printf(&rb->pool, "%s of %s, %s %%%s", count(rb, t.passed),
	                               count(rb, t.passed + t.failed), pct(rb, &t, METRIC_QUALITY_PASS),
	                               t.undecided ? strpool_printf(&rb->pool, " (%s undecided)", count(rb, t.undecided))
	                                           : "");
	kv[n].name = "With a critical error";
	kv[n++].value = strpool_printf(&rb->pool, "%s of %s, %s %%", count(rb, t.critical), count(rb, t.evaluations),
	                               pct(rb, &t, METRIC_CRITICAL_ERROR));
	m->quality_rows = kv;
	m->n_quality_rows = n;
	m->quality_note = t.evaluations
		? "From the quality log: the evaluations of the month (placed by their contact's arrival when the "
		  "contact is known, else by the evaluation's date), every channel; the sample is their share of the "
		  "month's answered inbound contacts of every channel at any hour (the operations overview's). An "
		  "SLA that names channels counts only those."
		: "From the quality log: no evaluation of the month.";
	return 0;
}

static const char *const MONTHS[12] = { "January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December" };

/* "2 October" of the local day */
static const char *day_text(struct report_build *rb, int64_t local_day)
{
	int y, m, d;

	days_to_civil(local_day, &y, &m, &d);
	return strpool_printf(&rb->pool, "%d %s", d, MONTHS[m - 1]);
}

static const char *ordinal(int n)
{
	return n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

static int fill_delivery(struct report_build *rb, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	struct ledger_month lm;
	struct local_time lt;
	int y = rb->rq.year, m = rb->rq.month - 1, rc;
	const char *issued, *due = NULL;

	if (m == 0)
		m = 12, y--;
	if ((rc = ledger_read(rb->rq.state_dir, c->client, y, m, &lm, err)) < 0)
		return -1;
	if (rc == 1)
		return 0; /* no report of the previous month: nothing to say */
	if (!lm.has_issued) {
		rb->model.delivery = strpool_printf(&rb->pool, "The %s report: the ledger records no issue instant (%s), "
		                                    "so its delivery is not shown.", MONTHS[m - 1],
		                                    lm.imported ? "an imported month" : "no final issued through ccsla "
		                                    "nightly or recorded by ccsla sign --state");
		ledger_month_release(&lm);
		return rb->model.delivery ? 0 : ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	tz_to_local(c->zone, lm.issued_ms, &lt);
	issued = strpool_printf(&rb->pool, "%s %02d:%02d", day_text(rb, civil_to_days(lt.year, lt.month, lt.day)),
	                        lt.hour, lt.minute);
	if (c->due_working_days >= 0) {
		int64_t due_ms = deadline_after_period(&c->cal, rb->first_day, c->due_working_days);
		/* the deadline is local 24:00 of its day: the day before the instant's */
		int64_t due_day = tz_local_days(c->zone, due_ms - 1);

		due = c->due_working_days == 0
			? strpool_printf(&rb->pool, "due by the month's end (%s): %s", day_text(rb, due_day),
			                 lm.issued_ms <= due_ms ? "on time" : "late")
			: strpool_printf(&rb->pool, "due by the %d%s working day (%s): %s", c->due_working_days,
			                 ordinal(c->due_working_days), day_text(rb, due_day),
			                 lm.issued_ms <= due_ms ? "on time" : "late");
	}
	rb->model.delivery = due
		? strpool_printf(&rb->pool, "The %s report was issued on %s, %s.", MONTHS[m - 1], issued, due)
		: strpool_printf(&rb->pool, "The %s report was issued on %s; the contract sets no delivery deadline "
		                 "(report: due_working_days).", MONTHS[m - 1], issued);
	ledger_month_release(&lm);
	return rb->model.delivery ? 0 : ccsla_error_set(err, NULL, 0, NULL, "out of memory");
}

int report_fill_opsview(struct report_build *rb, struct ccsla_error *err)
{
	if (fill_availability(rb, err) < 0 || fill_quality(rb, err) < 0)
		return -1;
	return fill_delivery(rb, err);
}
