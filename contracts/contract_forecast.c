/* contract_forecast.c -- the loader's part for the forecast clauses of
 * contracts.md v2 (contract_forecast.h):
 *
 *   contract:
 *     forecast: { lock_days: 7, tolerance_pct: 10, interval_min: 30 }
 *   slas:
 *     - relief: [forecast]     # over-forecast intervals leave this SLA's population
 *     - owed_by: client        # the client's obligation: shown apart, never a credit
 *
 * An obligation of the client is evaluated like any SLA but never carries
 * credits (ISO 18295-2): `kind: critical`, an allocation or relief on it is
 * a contract error, and it needs no `kind`. Relief needs the contract's
 * tolerance_pct (the spec gives no default: what counts as "over forecast"
 * is agreed) and applies to SLAs measured from contacts. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "contract_forecast.h"
#include "metrics/erlang.h"
#include "money.h"

#define INTERVAL_MIN_DEFAULT 30

static const char *text_of(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = text_of(yaml_document_get_node(doc, p->key));

		if (k && !strcmp(k, key))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static void diag(struct contract_diags *d, const char *path, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void diag(struct contract_diags *d, const char *path, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[sizeof d->items->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	contract_diag(d, path, (long)n->start_mark.line + 1, (long)n->start_mark.column + 1, "%s", msg);
}

/* A whole number in [lo, hi] at key; 1 when set. */
static int get_whole(yaml_document_t *doc, yaml_node_t *map, const char *key, long lo, long hi, long *out,
                     const char *path, struct contract_diags *d)
{
	yaml_node_t *n = get(doc, map, key);
	const char *s = text_of(n);
	char *end;
	long v;

	if (!n)
		return 0;
	if (!s || !*s) {
		diag(d, path, n, "forecast: '%s' must be a whole number", key);
		return 0;
	}
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi) {
		diag(d, path, n, "forecast: '%s' must be a whole number between %ld and %ld, not '%s'", key, lo, hi, s);
		return 0;
	}
	*out = v;
	return 1;
}

const char *const contract_forecast_keys[] = { "lock_days", "tolerance_pct", "interval_min", NULL };
const char *const contract_staffing_keys[] = { "criterion", "model", "target", NULL };

void contract_forecast_load(struct contract *c, yaml_document_t *doc, yaml_node_t *node, const char *path,
                            struct contract_diags *d)
{
	struct contract_forecast *f = &c->forecast;
	yaml_node_t *n;
	const char *s, *why;
	long v;

	f->set = 0;
	f->lock_days = 0;
	f->tolerance_bp = -1;
	f->interval_min = INTERVAL_MIN_DEFAULT;
	if (!node)
		return;
	if (node->type != YAML_MAPPING_NODE) {
		diag(d, path, node, "'forecast' must be a mapping (lock_days, tolerance_pct, interval_min)");
		return;
	}
	f->set = 1;
	if (get_whole(doc, node, "lock_days", 0, 366, &v, path, d))
		f->lock_days = (int)v;
	if (get_whole(doc, node, "interval_min", 15, 60, &v, path, d)) {
		if (v != 15 && v != 30 && v != 60)
			diag(d, path, get(doc, node, "interval_min"), "forecast: 'interval_min' must be 15, 30 or 60, not %ld", v);
		else
			f->interval_min = (int)v;
	}
	if ((n = get(doc, node, "tolerance_pct"))) {
		int64_t bp;

		if (!(s = text_of(n)) || decimal_parse(s, 2, 2, &bp, &why) < 0)
			diag(d, path, n, "forecast: 'tolerance_pct': '%s' is not a percentage: %s", s ? s : "?",
			     s ? why : "a single value is expected");
		else if (bp < 0 || bp > 100000)
			diag(d, path, n, "forecast: 'tolerance_pct' must be between 0 and 1000, not %s", s);
		else
			f->tolerance_bp = bp;
	}
}

void contract_staffing_load(struct contract *c, yaml_document_t *doc, yaml_node_t *node, const char *path,
                            struct contract_diags *d)
{
	struct contract_staffing *st = &c->staffing;
	yaml_node_t *n;
	const char *s;
	int v;

	memset(st, 0, sizeof *st);
	st->criterion = CRIT_SL;
	st->model = ERLANG_C;
	st->target = -1;
	if (!node)
		return;
	if (node->type != YAML_MAPPING_NODE) {
		diag(d, path, node, "'staffing' must be a mapping (criterion, model, target)");
		return;
	}
	st->set = 1;
	if ((n = get(doc, node, "criterion"))) {
		if (!(s = text_of(n)) || (v = staffing_criterion_parse(s)) < 0)
			diag(d, path, n, "staffing: 'criterion' must be sl, asa or pwait, not '%s'", s ? s : "?");
		else
			st->criterion = v;
	}
	if ((n = get(doc, node, "model"))) {
		if (!(s = text_of(n)) || (v = erlang_model_parse(s)) < 0)
			diag(d, path, n, "staffing: 'model' must be erlang-c or erlang-a, not '%s'", s ? s : "?");
		else
			st->model = v;
	}
	if ((n = get(doc, node, "target"))) {
		char *end = NULL;
		double t = (s = text_of(n)) && *s && *s != '-' ? strtod(s, &end) : -1;

		if (!end || *end || !(t > 0) || (st->criterion == CRIT_SL && t >= 100) ||
		    (st->criterion == CRIT_PWAIT && t >= 1))
			diag(d, path, n, "staffing: 'target' of %s must be %s, not '%s'",
			     staffing_criterion_name((enum staffing_criterion)st->criterion),
			     st->criterion == CRIT_SL ? "a percentage above 0 and below 100"
			     : st->criterion == CRIT_ASA ? "seconds above 0" : "a probability above 0 and below 1",
			     s ? s : "?");
		else {
			st->target = t;
			snprintf(st->target_text, sizeof st->target_text, "%s", s);
		}
	} else if (st->criterion != CRIT_SL) {
		diag(d, path, node, "staffing: criterion %s needs a 'target' (%s)",
		     staffing_criterion_name((enum staffing_criterion)st->criterion),
		     st->criterion == CRIT_ASA ? "seconds" : "a probability, e.g. 0.2");
	}
}

void contract_forecast_sla(struct sla *s, yaml_document_t *doc, yaml_node_t *n, const char *path,
                           struct contract_diags *d)
{
	yaml_node_t *o = get(doc, n, "owed_by"), *r = get(doc, n, "relief");
	const char *t;

	s->owed_by_client = 0;
	s->relief_forecast = 0;
	if (o) {
		if (!(t = text_of(o)))
			diag(d, path, o, "'owed_by' must be a single value: client (the client's obligation) or ccc "
			     "(the default)");
		else if (strcmp(t, "client") && strcmp(t, "ccc"))
			diag(d, path, o, "'owed_by': unknown value '%s', expected client (the client's obligation) or ccc "
			     "(the default)", t);
		else
			s->owed_by_client = !strcmp(t, "client");
	}
	if (r) {
		yaml_node_t *one = r;

		if (r->type == YAML_SEQUENCE_NODE) {
			size_t k = (size_t)(r->data.sequence.items.top - r->data.sequence.items.start);

			if (k != 1) {
				diag(d, path, r, "'relief' lists %zu items: the one relief is [forecast]", k);
				return;
			}
			one = yaml_document_get_node(doc, *r->data.sequence.items.start);
		}
		if (!(t = text_of(one)) || strcmp(t, "forecast"))
			diag(d, path, one, "'relief': unknown relief '%s', expected forecast", t ? t : "?");
		else
			s->relief_forecast = 1;
	}
}

void contract_forecast_check_sla(const struct contract *c, const struct sla *s, yaml_document_t *doc,
                                 yaml_node_t *n, const char *path, struct contract_diags *d)
{
	yaml_node_t *r = get(doc, n, "relief"), *k;

	if (s->owed_by_client) {
		if (s->critical && (k = get(doc, n, "kind")))
			diag(d, path, k, "sla '%s': owed_by: client is the client's obligation and never carries "
			     "credits: not kind critical (write kind: key, or leave kind out)", s->id);
		if (r)
			diag(d, path, r, "sla '%s': relief applies to the contact centre's SLAs, not to an obligation "
			     "of the client (owed_by: client)", s->id);
		return;
	}
	if (!s->relief_forecast || !r)
		return;
	if (metric_is_opslog(s->metric))
		diag(d, path, r, "sla '%s': relief: [forecast] removes contacts of over-forecast intervals: it "
		     "applies to SLAs measured from contacts, not to an operations-log metric", s->id);
	else if (c->forecast.tolerance_bp < 0)
		diag(d, path, r, "sla '%s': relief: [forecast] needs the contract's forecast.tolerance_pct (how far "
		     "over the forecast an interval must be)", s->id);
}

void contract_forecast_print(const struct contract *c, FILE *fp)
{
	const struct contract_forecast *f = &c->forecast;
	char tol[32];

	if (!f->set)
		return;
	if (f->tolerance_bp >= 0)
		decimal_format(f->tolerance_bp, 2, 2, tol, sizeof tol);
	fprintf(fp, "  forecast: lock %d days, %d-minute intervals, %s%s%s\n", f->lock_days, f->interval_min,
	        f->tolerance_bp >= 0 ? "over forecast above +" : "no tolerance_pct (no relief)",
	        f->tolerance_bp >= 0 ? tol : "", f->tolerance_bp >= 0 ? " %" : "");
}

void contract_staffing_print(const struct contract *c, FILE *fp)
{
	const struct contract_staffing *st = &c->staffing;

	if (!st->set)
		return;
	fprintf(fp, "  staffing: %s, criterion %s%s%s\n", erlang_model_name((enum erlang_model)st->model),
	        staffing_criterion_name((enum staffing_criterion)st->criterion), st->target_text[0] ? " target " : "",
	        st->target_text[0] ? st->target_text : " (each channel's service-level SLA)");
}

void contract_forecast_print_sla(const struct contract *c, const struct sla *s, FILE *fp)
{
	if (s->owed_by_client)
		fprintf(fp, "    owed by the client: reported apart, never a credit\n");
	if (s->relief_forecast)
		fprintf(fp, "    relief: forecast (over-forecast %d-minute intervals leave the population)\n",
		        c->forecast.interval_min);
	if (s->metric == METRIC_FORECAST_ACCURACY)
		fprintf(fp, "    forecast of lock %d days against the offered contacts, %d-minute intervals\n",
		        c->forecast.lock_days, c->forecast.interval_min);
}
