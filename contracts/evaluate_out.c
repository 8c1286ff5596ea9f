/* evaluate_out.c -- results.json, results.csv and credits.csv of one
 * client's month (evaluate.h; columns: README "Contracts"). The renderer
 * calls the same writers, so attached files equal the files on disk. */
#include <stdio.h>
#include <string.h>

#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "core/timefmt.h"
#include "metrics/availability.h"
#include "evaluate.h"
#include "money.h"

static const char *pct_text(int64_t e6, char *buf, size_t size)
{
	decimal_format(e6, 4, 2, buf, size);
	return buf;
}

static const char *money_text(const struct evaluation *ev, int64_t minor, char *buf, size_t size)
{
	money_format(minor, ev->contract->minor_units, buf, size);
	return buf;
}

/* An SLA on an operations log: its own parameters, and what the value
 * rests on (the service seconds, the evaluations). */
static void ops_params_json(struct jsonw *j, const struct contract *c, const struct sla *s)
{
	char buf[32];

	jsonw_key(j, "parameters");
	jsonw_object_begin(j);
	if (s->metric == METRIC_AVAILABILITY) {
		jsonw_key(j, "causes");
		jsonw_array_begin(j);
		for (int k = 0; k < CAUSE_COUNT; k++)
			if (s->causes & 1u << k)
				jsonw_string(j, outage_cause_name(k));
		jsonw_array_end(j);
	} else if (s->metric == METRIC_REPORT_ON_TIME) {
		jsonw_kv_int(j, "due_working_days", c->due_working_days);
	} else if (metric_is_complaint(s->metric)) {
		if (s->within.working_days >= 0)
			jsonw_kv_int(j, "within_working_days", s->within.working_days);
		else
			jsonw_kv_int(j, "within_hours", s->within.service_hours);
		jsonw_key(j, "caused_by");
		jsonw_array_begin(j);
		for (int k = 0; k < CAUSED_COUNT; k++)
			if (s->caused_by & 1u << k)
				jsonw_string(j, complaint_cause_name(k));
		jsonw_array_end(j);
	} else if (c->quality_pass_score_cents >= 0) {
		snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(c->quality_pass_score_cents / 100),
		         (long long)(c->quality_pass_score_cents % 100));
		jsonw_kv_string(j, "pass_score", buf);
	}
	jsonw_kv_int(j, "min_volume", s->min_volume);
	jsonw_kv_string(j, "comparison", s->exact ? "exact" : "rounded");
	jsonw_object_end(j);
}

static void params_json(struct jsonw *j, const struct sla *s)
{
	jsonw_key(j, "parameters");
	jsonw_object_begin(j);
	jsonw_kv_int(j, "threshold_s", s->params.threshold_s);
	jsonw_kv_int(j, "short_abandon_s", s->params.short_abandon_s);
	jsonw_kv_string(j, "abandons", abandons_rule_name(s->params.abandons));
	jsonw_kv_string(j, "callbacks", count_rule_name(s->params.callbacks));
	jsonw_kv_string(j, "overflow", count_rule_name(s->params.overflow));
	jsonw_kv_string(j, "clock", s->params.clock == CLOCK_SERVICE_HOURS ? "service_hours" : "elapsed");
	if (s->metric == METRIC_FCR) {
		jsonw_kv_string(j, "method", s->params.fcr == FCR_REPEAT ? "repeat" : "recorded");
		if (s->params.fcr == FCR_REPEAT)
			jsonw_kv_int(j, "window_days", s->params.fcr_window_days);
	}
	jsonw_key(j, "service_hours_only");
	jsonw_bool(j, s->filter.service_hours_only);
	jsonw_kv_int(j, "min_volume", s->min_volume);
	jsonw_kv_string(j, "comparison", s->exact ? "exact" : "rounded");
	jsonw_object_end(j);
}

/* One SLA of results.json's "slas" or "client_obligations". */
static void sla_json(struct jsonw *j, const struct evaluation *ev, const struct sla_result *r)
{
	const struct contract *c = ev->contract;
	char buf[64];
	size_t d;
	int k;

	jsonw_object_begin(j);
	jsonw_kv_string(j, "id", r->sla->id);
	jsonw_kv_string(j, "title", r->sla->title);
	jsonw_kv_string(j, "kind", r->sla->critical ? "critical" : "key");
	jsonw_kv_string(j, "owed_by", r->sla->owed_by_client ? "client" : "ccc");
	jsonw_kv_string(j, "metric", r->metric);
	jsonw_kv_string(j, "value", r->value);
	jsonw_kv_string(j, "unit", r->unit);
	jsonw_kv_string(j, "target", r->target);
	jsonw_kv_string(j, "minimum", r->minimum);
	jsonw_kv_string(j, "verdict", sla_verdict_name(r->verdict));
	jsonw_kv_string(j, "status", sla_status_name(r->status));
	jsonw_kv_string(j, "reason", r->reason);
	jsonw_key(j, "counts");
	jsonw_object_begin(j);
	jsonw_kv_int(j, "offered", r->offered);
	jsonw_kv_int(j, "answered", r->answered);
	jsonw_kv_int(j, "abandoned", r->abandoned);
	jsonw_kv_int(j, "short_abandoned", r->short_abandoned);
	jsonw_kv_int(j, "excluded", r->excluded);
	jsonw_kv_int(j, "fcr_provisional", r->fcr_provisional);
	jsonw_object_end(j);
	if (metric_is_opslog(r->sla->metric)) {
		ops_params_json(j, c, r->sla);
		jsonw_kv_string(j, "basis", r->basis);
	} else {
		params_json(j, r->sla);
	}
	evaluate_each_write_json(j, r);    /* each: (evaluate_each.c) */
	evaluate_forecast_sla_json(j, r);  /* relief: [forecast] (evaluate_forecast.c) */
	jsonw_kv_string(j, "credit", money_text(ev, r->credit_minor, buf, sizeof buf));
	jsonw_key(j, "daily");
	jsonw_array_begin(j);
	for (d = 0; d < r->day_count; d++)
		jsonw_string(j, r->daily[d]);
	jsonw_array_end(j);
	jsonw_key(j, "history");
	jsonw_array_begin(j);
	for (k = 0; k < EVAL_HISTORY; k++) {
		jsonw_object_begin(j);
		snprintf(buf, sizeof buf, "%04d-%02d", ev->history_months[k][0] % 10000,
		         ev->history_months[k][1] % 100);
		jsonw_kv_string(j, "period", buf);
		if (r->history[k][0])
			jsonw_kv_string(j, "value", r->history[k]);
		else {
			jsonw_key(j, "value");
			jsonw_null(j);
		}
		jsonw_object_end(j);
	}
	jsonw_array_end(j);
	jsonw_object_end(j);
}

void evaluate_write_results_json(const struct evaluation *ev, FILE *fp)
{
	const struct contract *c = ev->contract;
	const struct credit_statement *st = &ev->credits;
	struct jsonw j;
	char buf[64];
	size_t i;

	jsonw_init(&j, fp);
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "client", c->client);
	jsonw_kv_string(&j, "period", ev->period);
	jsonw_kv_string(&j, "contract", c->id);
	jsonw_kv_string(&j, "timezone", c->timezone);
	jsonw_kv_string(&j, "currency", c->currency);
	jsonw_key(&j, "slas");
	jsonw_array_begin(&j);
	for (i = 0; i < ev->result_count; i++)
		if (!ev->results[i].sla->owed_by_client)
			sla_json(&j, ev, &ev->results[i]);
	jsonw_array_end(&j);
	/* the client's obligations (owed_by: client): their own block, never a credit */
	jsonw_key(&j, "client_obligations");
	jsonw_array_begin(&j);
	for (i = 0; i < ev->result_count; i++)
		if (ev->results[i].sla->owed_by_client)
			sla_json(&j, ev, &ev->results[i]);
	jsonw_array_end(&j);
	jsonw_key(&j, "exclusions");
	jsonw_array_begin(&j);
	for (i = 0; i < c->cal.exclusion_count; i++) {
		const struct exclusion *ex = &c->cal.exclusions[i];
		jsonw_object_begin(&j);
		rfc3339_format_utc(ex->from_ms, buf, sizeof buf);
		jsonw_kv_string(&j, "from", buf);
		rfc3339_format_utc(ex->to_ms, buf, sizeof buf);
		jsonw_kv_string(&j, "to", buf);
		jsonw_kv_string(&j, "reason", ex->reason);
		jsonw_kv_string(&j, "note", ex->note);
		jsonw_kv_string(&j, "approved_by", ex->approved_by);
		jsonw_kv_int(&j, "contacts_removed", ev->exclusion_removed ? ev->exclusion_removed[i] : 0);
		/* each SLA's own population: these add up to its counts.excluded */
		jsonw_key(&j, "contacts_removed_per_sla");
		jsonw_object_begin(&j);
		for (size_t k = 0; k < ev->result_count; k++) {
			const struct sla_result *r = &ev->results[k];

			jsonw_kv_int(&j, r->sla->id, r->excluded_by_window ? r->excluded_by_window[i] : 0);
		}
		jsonw_object_end(&j);
		jsonw_object_end(&j);
	}
	jsonw_array_end(&j);
	evaluate_forecast_relief_json(&j, ev);  /* every relieved interval (evaluate_forecast.c) */
	jsonw_key(&j, "credits");
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "model", c->credits.model == CREDIT_AT_RISK ? "at-risk" : "linear");
	jsonw_kv_string(&j, "cap", money_text(ev, st->cap_minor, buf, sizeof buf));
	jsonw_kv_string(&j, "uncapped_total", money_text(ev, st->uncapped_total_minor, buf, sizeof buf));
	jsonw_key(&j, "cap_applied");
	jsonw_bool(&j, st->cap_applied);
	jsonw_kv_string(&j, "capped_total", money_text(ev, st->capped_total_minor, buf, sizeof buf));
	jsonw_key(&j, "earn_backs");
	jsonw_array_begin(&j);
	for (i = 0; i < st->earn_back_count; i++) {
		const struct earn_back_line *b = &st->earn_backs[i];
		jsonw_object_begin(&j);
		jsonw_kv_string(&j, "sla_id", b->sla_id);
		snprintf(buf, sizeof buf, "%04d-%02d", b->orig_year % 10000, b->orig_month % 100);
		jsonw_kv_string(&j, "original_period", buf);
		jsonw_kv_string(&j, "original_credit", money_text(ev, b->orig_final_minor, buf, sizeof buf));
		jsonw_kv_string(&j, "amount", money_text(ev, b->amount_minor, buf, sizeof buf));
		jsonw_object_end(&j);
	}
	jsonw_array_end(&j);
	jsonw_kv_string(&j, "earn_back_total", money_text(ev, st->earn_back_total_minor, buf, sizeof buf));
	jsonw_kv_string(&j, "net_total", money_text(ev, st->net_total_minor, buf, sizeof buf));
	jsonw_object_end(&j);
	jsonw_object_end(&j);
	jsonw_finish(&j);
}

void evaluate_write_results_csv(const struct evaluation *ev, FILE *fp)
{
	static const char *const head[] = {
		"period", "client", "contract", "sla_id", "kind", "metric", "value", "unit", "target",
		"minimum", "verdict", "reason", "offered", "answered", "abandoned", "short_abandoned",
		"excluded", "min_volume", "threshold_s", "short_abandon_s", "abandons", "callbacks",
		"overflow", "clock", "comparison", "owed_by", NULL };
	struct csvw w;
	char buf[32];
	size_t n;
	int k, pass;

	csvw_init(&w, fp);
	for (k = 0; head[k]; k++)
		csvw_text(&w, head[k]);
	csvw_end_line(&w);
	/* the centre's SLAs, then the client's obligations (owed_by: client) */
	for (n = 0; n < 2 * ev->result_count; n++) {
		const struct sla_result *r = &ev->results[n % ev->result_count];
		const struct sla *s = r->sla;

		pass = n >= ev->result_count;
		if (s->owed_by_client != pass)
			continue;
		csvw_text(&w, ev->period);
		csvw_text(&w, ev->contract->client);
		csvw_text(&w, ev->contract->id);
		csvw_text(&w, s->id);
		csvw_text(&w, s->critical ? "critical" : "key");
		csvw_text(&w, r->metric);
		csvw_number(&w, r->value);
		csvw_text(&w, r->unit);
		csvw_text(&w, r->target);
		csvw_text(&w, r->minimum);
		csvw_text(&w, sla_verdict_name(r->verdict));
		csvw_text(&w, r->reason);
#define NUM(v) (snprintf(buf, sizeof buf, "%lld", (long long)(v)), csvw_number(&w, buf))
		NUM(r->offered);
		NUM(r->answered);
		NUM(r->abandoned);
		NUM(r->short_abandoned);
		NUM(r->excluded);
		NUM(s->min_volume);
		NUM(s->params.threshold_s);
		NUM(s->params.short_abandon_s);
#undef NUM
		csvw_text(&w, abandons_rule_name(s->params.abandons));
		csvw_text(&w, count_rule_name(s->params.callbacks));
		csvw_text(&w, count_rule_name(s->params.overflow));
		csvw_text(&w, s->params.clock == CLOCK_SERVICE_HOURS ? "service_hours" : "elapsed");
		csvw_text(&w, s->exact ? "exact" : "rounded");
		csvw_text(&w, s->owed_by_client ? "client" : "ccc");
		csvw_end_line(&w);
	}
}

/* One credits.csv line; empty strings for cells that do not apply. */
static void credit_row(struct csvw *w, const struct evaluation *ev, const char *line,
                       const char *sla_id, const char *value, const char *target,
                       const char *minimum, const char *verdict, const char *is_default,
                       const char *alloc, const char *uncapped, const char *mult,
                       const char *earn_back, const char *cap, const char *final,
                       const char *note)
{
	csvw_text(w, ev->period);
	csvw_text(w, line);
	csvw_text(w, sla_id);
	csvw_number(w, value);
	csvw_text(w, target);
	csvw_text(w, minimum);
	csvw_text(w, verdict);
	csvw_text(w, is_default);
	csvw_number(w, alloc);
	csvw_number(w, uncapped);
	csvw_number(w, mult);
	csvw_number(w, earn_back);
	csvw_number(w, cap);
	csvw_number(w, final);
	csvw_text(w, ev->contract->currency);
	csvw_text(w, note);
	csvw_end_line(w);
}

void evaluate_write_credits_csv(const struct evaluation *ev, FILE *fp)
{
	const struct credit_statement *st = &ev->credits;
	const int at_risk = ev->contract->credits.model == CREDIT_AT_RISK;
	char a[32], u[32], m[32], e[32], cap[32], f[32], note[CREDIT_NOTE_MAX + 64];
	static const char *const head[] = {
		"period", "line", "sla_id", "measured_value", "target", "minimum", "verdict",
		"default", "allocation_pct", "uncapped_amount", "multiplier", "earn_back", "cap",
		"final_amount", "currency", "note", NULL };
	struct csvw w;
	size_t i, k = 0;

	csvw_init(&w, fp);
	for (i = 0; head[i]; i++)
		csvw_text(&w, head[i]);
	csvw_end_line(&w);
	for (i = 0; i < ev->result_count; i++) {
		const struct sla_result *r = &ev->results[i];
		const struct credit_line *l;
		if (!r->sla->critical)
			continue;
		l = &st->lines[k++];
		if (at_risk)
			pct_text(l->allocation_e6, a, sizeof a);
		else
			a[0] = '\0';
		decimal_format(l->multiplier_e6, 6, 2, m, sizeof m);
		credit_row(&w, ev, "sla", l->sla_id, r->value, r->target, r->minimum,
		           sla_verdict_name(r->verdict), l->is_default ? "yes" : "no", a,
		           money_text(ev, l->uncapped_minor, u, sizeof u), m, "", "",
		           money_text(ev, l->final_minor, f, sizeof f), l->note);
	}
	for (i = 0; i < st->earn_back_count; i++) {
		const struct earn_back_line *b = &st->earn_backs[i];
		money_text(ev, b->orig_final_minor, u, sizeof u);
		snprintf(note, sizeof note, "earn-back of the %04d-%02d credit of %s", b->orig_year % 10000,
		         b->orig_month % 100, u);
		credit_row(&w, ev, "earn-back", b->sla_id, "", "", "", "", "", "", "", "",
		           money_text(ev, b->amount_minor, e, sizeof e), "", "", note);
	}
	money_text(ev, st->cap_minor, cap, sizeof cap);
	credit_row(&w, ev, "total", "", "", "", "", "", "", "",
	           money_text(ev, st->uncapped_total_minor, u, sizeof u), "", "", "",
	           money_text(ev, st->capped_total_minor, f, sizeof f), "credits before earn-back");
	credit_row(&w, ev, "cap", "", "", "", "", "", "", "", "", "", "", cap, "",
	           st->cap_applied ? "cap applied: the uncapped total exceeds it" : "cap not reached");
	credit_row(&w, ev, "net", "", "", "", "", "", "", "", "", "",
	           money_text(ev, st->earn_back_total_minor, e, sizeof e), "",
	           money_text(ev, st->net_total_minor, f, sizeof f),
	           "credits due to the client after earn-back (negative: due to the contact centre)");
}

int evaluate_write_outputs(const struct evaluation *ev, const char *out_dir, struct ccsla_error *err)
{
	static const char *const names[] = { "results.json", "results.csv", "credits.csv" };
	struct atomic_file af;
	char path[4096];
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s/%s/%s", out_dir, ev->contract->client, ev->period, names[i]);
		if (atomic_open(&af, path, err) < 0)
			return -1;
		if (i == 0)
			evaluate_write_results_json(ev, af.fp);
		else if (i == 1)
			evaluate_write_results_csv(ev, af.fp);
		else
			evaluate_write_credits_csv(ev, af.fp);
		if (atomic_commit(&af, err) < 0)
			return -1;
	}
	return 0;
}
