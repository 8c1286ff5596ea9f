/* evaluate.c -- one client's month: each SLA through the metric engine,
 * its verdict, the credit statement, the ledger record (evaluate.h).
 *
 * Values come from metric_value() and are compared with metric_meets()
 * (integer arithmetic, rounded to the printed decimals unless the SLA says
 * comparison: exact); nothing here recomputes a metric. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "evaluate.h"
#include "money.h"

const char *sla_verdict_name(enum sla_verdict v)
{
	switch (v) {
	case VERDICT_MET: return "met";
	case VERDICT_MISSED: return "missed";
	case VERDICT_DEFAULT: return "default";
	case VERDICT_NOT_MEASURABLE: return "not measurable";
	}
	return "?";
}

static int64_t pow10i(int n)
{
	int64_t v = 1;

	while (n-- > 0)
		v *= 10;
	return v;
}

/* Points between the printed value and the target, × 10^6, when the value
 * is on the wrong side (0 otherwise): the linear model's "points below". */
static int64_t shortfall_e6(const struct ratio *r, int decimals, const struct target *t)
{
	int64_t v, v_e6, t_e6, d;

	if (ratio_round(r, decimals, &v) < 0)
		return 0;
	v_e6 = decimals <= 6 ? v * pow10i(6 - decimals) : v / pow10i(decimals - 6);
	t_e6 = t->scale <= 6 ? t->value * pow10i(6 - t->scale) : t->value / pow10i(t->scale - 6);
	d = (t->op == CMP_GE || t->op == CMP_GT) ? t_e6 - v_e6 : v_e6 - t_e6;
	return d > 0 ? d : 0;
}

void eval_counts_from(struct eval_counts *out, const struct metric_counts *c)
{
	out->offered = c->offered;
	out->answered = c->answered;
	out->abandoned = c->abandoned;
	out->short_abandoned = c->short_abandoned;
	out->callback = c->callback;
	out->overflow = c->overflow;
	out->open = c->open_late + c->open_pending;
	out->excluded = c->excluded;
	out->answered_within = c->answered_within;
	out->csat_responses = c->csat_responses;
	out->fcr_base = c->fcr_base;
	out->fcr_resolved = c->fcr_resolved;
	out->abandoned_within = c->abandoned_within;
	out->open_late = c->open_late;
	out->open_pending = c->open_pending;
	out->csat_top2 = c->csat_top2;
	out->fcr_provisional = c->fcr_provisional;
}

/* Without an SLA minimum volume, sub-periods with fewer offered contacts
 * than this are not ranked: one abandoned call makes a 0 % half-hour that
 * says nothing (report.md). */
#define WORST_DEFAULT_MIN_VOLUME 10

void eval_basis_text(struct metric_counts *c, const struct metric_params *p, enum metric_id m,
                     char *buf, size_t size)
{
	struct ratio r;
	long long num, den;

	if (metric_value(c, p, m, &r) < 0 || ratio_is_na(&r)) {
		snprintf(buf, size, "nothing to measure");
		return;
	}
	num = (long long)r.num;
	den = (long long)r.den;
	switch (m) {
	case METRIC_SERVICE_LEVEL:
		snprintf(buf, size, "%lld of %lld counted", num / 100, den);
		break;
	case METRIC_ABANDON_RATE:
		snprintf(buf, size, "%lld abandoned of %lld counted", num / 100, den);
		break;
	case METRIC_TRANSFER_RATE:
		snprintf(buf, size, "%lld of %lld answered", num / 100, den);
		break;
	case METRIC_FCR:
		snprintf(buf, size, "%lld of %lld resolved", num / 100, den);
		break;
	case METRIC_CSAT_TOP2:
		snprintf(buf, size, "%lld of %lld responses", num / 100, den);
		break;
	case METRIC_CSAT_AVG:
		snprintf(buf, size, "%lld responses", den);
		break;
	case METRIC_COMPLAINTS_PER_1000:
		snprintf(buf, size, "%lld complaints, %lld answered", num / 1000, den);
		break;
	case METRIC_ASA:
		snprintf(buf, size, "%lld answered", den / 1000);
		break;
	case METRIC_AVG_TIME_TO_ABANDON:
		snprintf(buf, size, "%lld abandoned", den / 1000);
		break;
	case METRIC_MAX_WAIT:
		snprintf(buf, size, "%lld offered", (long long)c->offered);
		break;
	case METRIC_P50_WAIT:
	case METRIC_P90_WAIT:
	case METRIC_P95_WAIT:
		snprintf(buf, size, "%lld answered", (long long)c->answered);
		break;
	case METRIC_AHT:
	case METRIC_AVG_TALK:
	case METRIC_AVG_HOLD:
	case METRIC_AVG_WRAP:
		snprintf(buf, size, "%lld answered", den);
		break;
	default:
		snprintf(buf, size, "%lld offered", (long long)c->offered);
		break;
	}
}

static void worst_entry(struct sla_result *res, struct metric_counts *c, const struct metric_params *p,
                        enum metric_id m, int dec)
{
	struct eval_worst *w = &res->worst[res->worst_count++];
	struct ratio r;

	if (metric_value(c, p, m, &r) < 0)
		r = (struct ratio){ 0, 0 };
	ratio_format(&r, dec, w->value, sizeof w->value);
	eval_basis_text(c, p, m, w->basis, sizeof w->basis);
	w->offered = c->offered;
}

/* The report's "worst intervals and days": three of each by the SLA's own
 * metric, among those with at least the SLA's minimum volume; n/a never
 * listed. */
static void find_worst(struct sla_result *res, struct metrics_period *p, enum metric_id m, int dec)
{
	size_t idx[3], n, i;
	int64_t min = res->sla->min_volume > 0 ? res->sla->min_volume : WORST_DEFAULT_MIN_VOLUME;

	res->worst_min_volume = min;
	n = metrics_worst_intervals(p, m, min, 3, idx);
	for (i = 0; i < n; i++) {
		struct metrics_interval *iv = &p->intervals[idx[i]];

		metrics_interval_label(iv, p->zone, res->worst[res->worst_count].when,
		                       sizeof res->worst[res->worst_count].when);
		worst_entry(res, &iv->counts, &p->params, m, dec);
	}
	res->worst_interval_count = n;
	n = metrics_worst_days(p, m, min, 3, idx);
	for (i = 0; i < n; i++) {
		int y, mo, d;

		days_to_civil(p->first_day + (int64_t)idx[i], &y, &mo, &d);
		snprintf(res->worst[res->worst_count].when, sizeof res->worst[res->worst_count].when,
		         "%04d-%02d-%02d", y, mo, d);
		worst_entry(res, &p->days[idx[i]], &p->params, m, dec);
	}
}

static void set_ratio(struct eval_counts *c, const struct ratio *r)
{
	c->has_ratio = 1;
	c->ratio_num = r->num;
	c->ratio_den = r->den;
}

static int needs_waits(enum metric_id m)
{
	return m == METRIC_P50_WAIT || m == METRIC_P90_WAIT || m == METRIC_P95_WAIT;
}

/* The value as printed and the status of an SLA measured r over a
 * population of `volume` (offered contacts, evaluations; INT64_MAX where
 * min_volume does not apply): n/a or below min_volume is not measurable. */
static void judge(struct sla_result *res, const struct contract *c, const struct ratio *r, int64_t volume,
                  const char *noun)
{
	const struct sla *s = res->sla;
	int dec = metric_decimals(s->metric);

	ratio_format(r, dec, res->value, sizeof res->value);
	if (ratio_is_na(r)) {
		res->status = SLA_NOT_MEASURABLE;
		snprintf(res->reason, sizeof res->reason, "no value: nothing to measure");
	} else if (volume < s->min_volume) {
		res->status = SLA_NOT_MEASURABLE;
		snprintf(res->reason, sizeof res->reason, "below min_volume %lld (%s %lld)",
		         (long long)s->min_volume, noun, (long long)volume);
	} else {
		if (metric_meets(r, &s->target, dec, s->exact))
			res->status = SLA_MET;
		else if (s->has_minimum && !metric_meets(r, &s->minimum, dec, s->exact))
			res->status = SLA_BELOW_MINIMUM;
		else
			res->status = SLA_MISSED;
		if (c->credits.model == CREDIT_LINEAR)
			res->credit_minor = shortfall_e6(r, dec, &s->target); /* points, for the caller */
	}
}

/* An SLA on an operations log (evaluate_ops.c measures it). */
static int measure_opslog(struct sla_result *res, const struct contract *c, const char *state_dir,
                          int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ccsla_error *err)
{
	struct ratio r;
	int64_t volume;
	int rc = evaluate_ops_measure(res, c, state_dir, from_ms, to_ms, watermark_ms, &r, &volume, err);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		set_ratio(&res->total, &r);
		judge(res, c, &r, volume,
		      metric_is_complaint(res->sla->metric)              ? "cases"
		      : res->sla->metric == METRIC_FORECAST_ACCURACY ? "offered"
		                                                       : "evaluations");
	} else {  /* the log has no data for the period: never met */
		res->status = SLA_NOT_MEASURABLE;
		snprintf(res->value, sizeof res->value, "n/a");
	}
	return 0;
}

/* Runs the engine for one SLA and fills counts, value, status, daily values. */
static int measure(struct sla_result *res, const struct contract *c, const char *state_dir,
                   int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ccsla_error *err)
{
	const struct sla *s = res->sla;
	struct metrics_period p;
	struct metric_params params = s->params;
	struct metrics_filter filter = s->filter;
	struct ratio r;
	int dec = metric_decimals(s->metric);
	size_t d;

	params.keep_waits = needs_waits(s->metric);
	if (watermark_ms != TIME_NONE)
		params.watermark_ms = watermark_ms;
	/* the contract may have moved since it was loaded (a set is an array) */
	params.cal = &c->cal;
	filter.cal = &c->cal;
	if (metrics_period_init(&p, c->zone, from_ms, to_ms, 30, &params, &filter, err) < 0)
		return -1;
	p.day_cache = 1; /* the month is the merge of its days (metrics_daycache.h) */
	metrics_period_share_fcr(&p, res->fcr_share);
	if (metrics_period_run(&p, state_dir, c->client, err) < 0) {
		metrics_period_release(&p);
		return -1;
	}
	if (metric_value(&p.total, &p.params, s->metric, &r) < 0) {
		metrics_period_release(&p);
		return ccsla_error_set(err, c->path, s->line, s->id, "metric '%s' cannot be computed",
		                       metric_name(s->metric));
	}
	res->offered = p.total.offered;
	res->answered = p.total.answered;
	res->abandoned = p.total.abandoned;
	res->short_abandoned = p.total.short_abandoned;
	res->excluded = p.total.excluded;
	res->fcr_provisional = p.total.fcr_provisional;
	eval_counts_from(&res->total, &p.total);
	set_ratio(&res->total, &r);
	eval_basis_text(&p.total, &p.params, s->metric, res->basis, sizeof res->basis);
	judge(res, c, &r, res->offered, "offered");
	res->day_count = p.day_count;
	if (p.day_count && (!(res->daily = calloc(p.day_count, sizeof *res->daily)) ||
	                    !(res->daily_counts = calloc(p.day_count, sizeof *res->daily_counts)))) {
		metrics_period_release(&p);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	for (d = 0; d < p.day_count; d++) {
		struct ratio dr;
		int ok = metric_value(&p.days[d], &p.params, s->metric, &dr) == 0;

		if (!ok)
			snprintf(res->daily[d], sizeof res->daily[d], "n/a");
		else
			ratio_format(&dr, dec, res->daily[d], sizeof res->daily[d]);
		eval_counts_from(&res->daily_counts[d], &p.days[d]);
		if (ok)
			set_ratio(&res->daily_counts[d], &dr);
	}
	if (p.interval_count && !(res->intervals = calloc(p.interval_count, sizeof *res->intervals))) {
		metrics_period_release(&p);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	res->interval_count = p.interval_count;
	for (d = 0; d < p.interval_count; d++) {
		struct eval_interval *iv = &res->intervals[d];
		struct ratio ir;

		metrics_interval_label(&p.intervals[d], c->zone, iv->when, sizeof iv->when);
		int ok = metric_value(&p.intervals[d].counts, &p.params, s->metric, &ir) == 0;

		if (!ok)
			snprintf(iv->value, sizeof iv->value, "n/a"); /* percentiles: no waits kept per interval */
		else
			ratio_format(&ir, dec, iv->value, sizeof iv->value);
		eval_counts_from(&iv->counts, &p.intervals[d].counts);
		if (ok)
			set_ratio(&iv->counts, &ir);
	}
	find_worst(res, &p, s->metric, dec);
	if (p.window_count) {
		if (!(res->excluded_by_window = calloc(p.window_count, sizeof *res->excluded_by_window))) {
			metrics_period_release(&p);
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		}
		memcpy(res->excluded_by_window, p.window_excluded,
		       p.window_count * sizeof *res->excluded_by_window);
	}
	metrics_period_release(&p);
	return 0;
}

/* The month's population, then for an each: SLA its sub-periods, both over
 * the same contract: under relief: [forecast] it is the copy whose
 * calendar holds the relieved intervals as windows (evaluate_forecast.c),
 * so both leave the same contacts out. */
static int measure_month_and_each(struct sla_result *res, const struct contract *c, const char *state_dir,
                                  int64_t from_ms, int64_t to_ms, int64_t watermark_ms, struct ccsla_error *err)
{
	if (measure(res, c, state_dir, from_ms, to_ms, watermark_ms, err) < 0)
		return -1;
	if (res->sla->each.period == EACH_NONE)
		return 0;
	return evaluate_each_measure(res, c, state_dir, from_ms, to_ms, watermark_ms, err);
}

/* Contacts each exclusion window removed from the overview's population
 * (contracts.md: the report lists each window with that number): offered
 * inbound contacts of every channel, decided by metrics_filter_select()
 * like every SLA's excluded count, so a deflected call or an outbound
 * e-mail inside the window is not counted. Only windows that touch the
 * month; a contact inside two overlapping windows counts for the first. */
static int count_excluded(struct evaluation *ev, const char *state_dir, int64_t from_ms,
                          int64_t to_ms, struct ccsla_error *err)
{
	const struct calendar *cal = &ev->contract->cal;
	struct metrics_filter f;
	size_t i;

	if (!cal->exclusion_count)
		return 0;
	if (!(ev->exclusion_removed = calloc(cal->exclusion_count, sizeof *ev->exclusion_removed)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	metrics_filter_default(&f);
	f.cal = cal;
	for (i = 0; i < cal->exclusion_count; i++) {
		const struct exclusion *ex = &cal->exclusions[i];
		int64_t a = ex->from_ms > from_ms ? ex->from_ms : from_ms;
		int64_t b = ex->to_ms < to_ms ? ex->to_ms : to_ms;
		struct store_scan sc;
		struct contact ct;
		int rc;

		if (a >= b)
			continue;
		if (store_scan_open(&sc, state_dir, ev->contract->client, a, b, err) < 0)
			return -1;
		while ((rc = store_scan_next(&sc, &ct, err)) == 1)
			if (metrics_filter_select(&f, &ct) == SELECT_EXCLUDED &&
			    calendar_exclusion_at(cal, ct.arrived_at_ms) == (long)i)
				ev->exclusion_removed[i]++;
		store_scan_close(&sc);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int evaluate_client_month(struct evaluation *ev, const struct contract *c, const char *state_dir,
                          int year, int month, struct ccsla_error *err)
{
	return evaluate_client_month_at(ev, c, state_dir, year, month, TIME_NONE, err);
}

int evaluate_client_month_at(struct evaluation *ev, const struct contract *c, const char *state_dir,
                             int year, int month, int64_t watermark_ms, struct ccsla_error *err)
{
	struct ledger_month hist[EVAL_HISTORY];
	int present[EVAL_HISTORY] = { 0 }, have_hist = 0, ny = year, nm = month + 1, k;
	struct credit_input *in = NULL;
	struct earn_back_input *eb = NULL;
	size_t i, n_in = 0, n_eb = 0;
	int64_t from_ms, to_ms;
	int ret = -1;

	memset(ev, 0, sizeof *ev);
	ev->contract = c;
	ev->year = year;
	ev->month = month;
	snprintf(ev->period, sizeof ev->period, "%04d-%02d", year % 10000, month % 100);
	if (nm > 12) {
		nm = 1;
		ny++;
	}
	from_ms = tz_local_day_start(c->zone, civil_to_days(year, month, 1));
	to_ms = tz_local_day_start(c->zone, civil_to_days(ny, nm, 1));
	if (ledger_history(state_dir, c->client, year, month, hist, present, EVAL_HISTORY, err) < 0)
		goto out;
	have_hist = 1;
	for (k = 0; k < EVAL_HISTORY; k++) {
		ev->history_months[k][0] = hist[k].year;
		ev->history_months[k][1] = hist[k].month;
	}
	if (!(ev->results = calloc(c->sla_count, sizeof *ev->results)) ||
	    !(in = calloc(c->sla_count + 1, sizeof *in)) || !(eb = calloc(c->sla_count + 1, sizeof *eb))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	ev->result_count = c->sla_count;
	for (i = 0; i < c->sla_count; i++) {
		struct sla_result *res = &ev->results[i];
		const struct sla *s = &c->slas[i];

		res->sla = s;
		snprintf(res->metric, sizeof res->metric, "%s", metric_name(s->metric));
		snprintf(res->unit, sizeof res->unit, "%s", metric_unit(s->metric));
		target_format(&s->target, res->target, sizeof res->target);
		if (s->has_minimum)
			target_format(&s->minimum, res->minimum, sizeof res->minimum);
		res->fcr_share = &ev->fcr_share;
		if ((metric_is_opslog(s->metric) ? measure_opslog(res, c, state_dir, from_ms, to_ms, watermark_ms, err)
		     : s->relief_forecast ? evaluate_forecast_relieved(res, c, state_dir, from_ms, to_ms, watermark_ms,
		                                                       measure_month_and_each, err) /* evaluate_forecast.c */
		     : measure_month_and_each(res, c, state_dir, from_ms, to_ms, watermark_ms, err)) < 0)
			goto out;
		res->fcr_share = NULL;
		for (k = 0; k < EVAL_HISTORY; k++) {
			const struct ledger_sla *h = present[k] ? ledger_find(&hist[k], s->id) : NULL;
			snprintf(res->history[k], sizeof res->history[k], "%s", h ? h->value : "");
		}
		res->verdict = res->status == SLA_MET ? VERDICT_MET :
		               res->status == SLA_NOT_MEASURABLE ? VERDICT_NOT_MEASURABLE : VERDICT_MISSED;
		if (res->status == SLA_BELOW_MINIMUM && !res->reason[0])
			snprintf(res->reason, sizeof res->reason, "below minimum %s", res->minimum);
		if (!s->critical) {
			res->credit_minor = 0;
			continue;
		}
		snprintf(in[n_in].sla_id, sizeof in[n_in].sla_id, "%s", s->id);
		in[n_in].allocation_e6 = s->allocation_e6;
		in[n_in].status = res->status;
		in[n_in].shortfall_e6 = res->credit_minor;
		res->credit_minor = 0;
		in[n_in].prior_target_misses = ledger_prior_misses(hist, present, s->id);
		in[n_in].default_last_month = ledger_default_last_month(hist, present, s->id);
		n_in++;
		if (c->credits.model == CREDIT_AT_RISK &&
		    ledger_earn_back(hist, present, c->credits.earn_back_months, s->id,
		                     res->status == SLA_MET, &eb[n_eb]))
			n_eb++;
	}
	if (count_excluded(ev, state_dir, from_ms, to_ms, err) < 0)
		goto out;
	if (credits_compute(&c->credits, in, n_in, eb, n_eb, &ev->credits) < 0) {
		ccsla_error_set(err, c->path, 0, "credits", "credit amounts out of range");
		goto out;
	}
	/* carry each line's outcome back to its SLA result */
	for (i = 0, k = 0; i < c->sla_count; i++) {
		struct sla_result *res = &ev->results[i];
		const struct credit_line *l;
		if (!c->slas[i].critical)
			continue;
		l = &ev->credits.lines[k++];
		res->credit_minor = l->final_minor;
		if (l->is_default)
			res->verdict = VERDICT_DEFAULT;
		if (l->note[0] && res->status != SLA_NOT_MEASURABLE)
			snprintf(res->reason, sizeof res->reason, "%s", l->note);
	}
	ret = 0;
out:
	if (have_hist)
		for (k = 0; k < EVAL_HISTORY; k++)
			if (present[k])
				ledger_month_release(&hist[k]);
	free(in);
	free(eb);
	if (ret < 0)
		evaluation_release(ev);
	return ret;
}

void evaluation_release(struct evaluation *ev)
{
	size_t i;

	for (i = 0; i < ev->result_count; i++) {
		evaluate_each_release(&ev->results[i]);
		free(ev->results[i].daily), free(ev->results[i].daily_counts),
			free(ev->results[i].excluded_by_window), free(ev->results[i].intervals);
		evaluate_forecast_release(&ev->results[i]);
	}
	free(ev->results);
	free(ev->exclusion_removed);
	ev->exclusion_removed = NULL;
	fcr_share_release(&ev->fcr_share);
	ev->results = NULL;
	ev->result_count = 0;
	credit_statement_release(&ev->credits);
}

int evaluate_record_ledger(const struct evaluation *ev, const char *state_dir, struct ccsla_error *err)
{
	struct ledger_month m;
	size_t i;
	int rc;

	memset(&m, 0, sizeof m);
	m.year = ev->year;
	m.month = ev->month;
	snprintf(m.contract_id, sizeof m.contract_id, "%s", ev->contract->id);
	snprintf(m.currency, sizeof m.currency, "%s", ev->contract->currency);
	m.has_issued = ev->has_issued;   /* else ledger_write keeps the recorded one */
	m.issued_ms = ev->issued_ms;
	if (ev->result_count && !(m.slas = calloc(ev->result_count, sizeof *m.slas)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	m.sla_count = ev->result_count;
	for (i = 0; i < ev->result_count; i++) {
		const struct sla_result *r = &ev->results[i];
		snprintf(m.slas[i].sla_id, sizeof m.slas[i].sla_id, "%s", r->sla->id);
		m.slas[i].status = r->status;
		m.slas[i].is_default = r->verdict == VERDICT_DEFAULT;
		m.slas[i].final_minor = r->credit_minor;
		snprintf(m.slas[i].value, sizeof m.slas[i].value, "%s", r->value);
	}
	m.earn_backs = ev->credits.earn_backs;
	m.earn_back_count = ev->credits.earn_back_count;
	rc = ledger_write(state_dir, ev->contract->client, &m, err);
	free(m.slas);
	return rc;
}
