/* contract.c -- load a contract YAML file (libyaml document API) into
 * struct contract and check every value (contract.h; format:
 * spec/contracts.md, README "Contracts").
 *
 * Design: the whole document is parsed first (libyaml keeps line and column
 * of every node), then walked once; each check appends a diagnostic and the
 * walk goes on, so an account manager sees every mistake of a file in one
 * run. Only a YAML syntax error stops the walk (there is no tree then).
 *
 * Before the tree is built, the file is read whole (at most
 * CONTRACT_FILE_MAX bytes) and a first pass over libyaml's events bounds its
 * nesting depth and node count and refuses aliases (contract.h): a deep file
 * costs libyaml's scanner time in proportion to the depth on every token,
 * and the document API keeps every node. Checks for repeats are linear (a
 * slot per known key, SLA ids sorted), and past CONTRACT_DIAGS_MAX problems
 * are only counted. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/nearest.h"
#include "core/timefmt.h"
#include "metrics/availability.h"
#include "contract.h"
#include "contract_forecast.h"
#include "money.h"

/* ---- diagnostics ---- */

void contract_diags_release(struct contract_diags *d)
{
	free(d->items);
	d->items = NULL;
	d->count = d->cap = 0;
}

int contract_diag(struct contract_diags *d, const char *path, long line, long column,
                  const char *fmt, ...)
{
	struct ccsla_error *e;
	va_list ap;

	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct ccsla_error *p = realloc(d->items, cap * sizeof *p);
		if (!p)
			return -1;
		d->items = p;
		d->cap = cap;
	}
	e = &d->items[d->count++];
	ccsla_error_clear(e);
	snprintf(e->file, sizeof e->file, "%s", path);
	e->line = line;
	e->column = column;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- walking the YAML tree ---- */

struct ctx {
	const char *path;
	yaml_document_t *doc;
	struct contract_diags *d;
	size_t errors_before;         /* d->count when this file started */
	size_t suppressed;            /* problems beyond CONTRACT_DIAGS_MAX, counted only */
};

static long line_of(const yaml_node_t *n) { return (long)n->start_mark.line + 1; }
static long col_of(const yaml_node_t *n) { return (long)n->start_mark.column + 1; }

/* One problem of this file. Past CONTRACT_DIAGS_MAX they are only counted:
 * a file of a million wrong keys must not take a million messages of memory. */
static int diag_at(struct ctx *x, long line, long column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int diag_at(struct ctx *x, long line, long column, const char *fmt, ...)
{
	char msg[sizeof x->d->items->msg];
	va_list ap;

	if (x->d->count - x->errors_before >= CONTRACT_DIAGS_MAX) {
		x->suppressed++;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return contract_diag(x->d, x->path, line, column, "%s", msg);
}

#define DIAG(x, node, ...) diag_at((x), line_of(node), col_of(node), __VA_ARGS__)

/* True once the file's problems are only counted: work spent on the words
 * of a message (a suggestion) is then wasted. */
static int diag_full(const struct ctx *x)
{
	return x->d->count - x->errors_before >= CONTRACT_DIAGS_MAX;
}

static const char *kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a single value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

static const char *scalar_text(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Reports unknown and repeated keys of a mapping. Linear: a repeat is found
 * through the known key's slot, not by comparing with every earlier key. */
static void check_keys(struct ctx *x, yaml_node_t *map, const char *what,
                       const char *const *known)
{
	long first_line[64] = { 0 };
	yaml_node_pair_t *p;

	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(x->doc, p->key);
		const char *key = scalar_text(k), *sugg;
		size_t i;

		if (!key) {
			DIAG(x, k, "%s: a key must be a plain name, not %s", what, kind_name(k));
			continue;
		}
		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		if (!known[i]) {
			if (diag_full(x)) {
				x->suppressed++;
				continue;
			}
			sugg = nearest_word(key, known);
			if (sugg) {
				DIAG(x, k, "%s: unknown key '%s', did you mean '%s'?", what, key, sugg);
			} else {
				/* nothing near: name the keys that are known here */
				char list[400];
				size_t at = 0, j;
				for (j = 0; known[j] && at < sizeof list; j++)
					at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", j ? ", " : "", known[j]);
				DIAG(x, k, "%s: unknown key '%s' (the keys here: %s)", what, key, list);
			}
			continue;
		}
		assert(i < sizeof first_line / sizeof *first_line);
		if (first_line[i])
			DIAG(x, k, "%s: key '%s' is given twice (first at line %ld)", what, key, first_line[i]);
		else
			first_line[i] = line_of(k);
	}
}

static yaml_node_t *get(struct ctx *x, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar_text(yaml_document_get_node(x->doc, p->key));
		if (k && !strcmp(k, key))
			return yaml_document_get_node(x->doc, p->value);
	}
	return NULL;
}

/* A key whose value must be a single value. Missing and required: a
 * diagnostic at `map`. */
static const char *get_text(struct ctx *x, yaml_node_t *map, const char *key, int required,
                            yaml_node_t **where)
{
	yaml_node_t *n = get(x, map, key);

	if (where)
		*where = n;
	if (!n) {
		if (required && map)
			DIAG(x, map, "missing key '%s'", key);
		return NULL;
	}
	if (n->type != YAML_SCALAR_NODE) {
		DIAG(x, n, "'%s' must be a single value, not %s", key, kind_name(n));
		return NULL;
	}
	if (required && !*(const char *)n->data.scalar.value) {
		DIAG(x, n, "'%s' is empty", key);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static void copy_text(struct ctx *x, yaml_node_t *map, const char *key, int required,
                      char *dst, size_t size)
{
	yaml_node_t *n;
	const char *s = get_text(x, map, key, required, &n);

	if (!s)
		return;
	if (strlen(s) >= size) {
		DIAG(x, n, "'%s' is too long (at most %zu characters)", key, size - 1);
		return;
	}
	snprintf(dst, size, "%s", s);
}

/* Whole number in [lo, hi]; returns 1 when set. */
static int get_int(struct ctx *x, yaml_node_t *map, const char *key, int required,
                   long lo, long hi, long *out)
{
	yaml_node_t *n;
	const char *s = get_text(x, map, key, required, &n);
	char *end;
	long v;

	if (!s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno) {
		DIAG(x, n, "'%s' must be a whole number, not '%s'", key, s);
		return 0;
	}
	if (v < lo || v > hi) {
		DIAG(x, n, "'%s' must be between %ld and %ld, not %ld", key, lo, hi, v);
		return 0;
	}
	*out = v;
	return 1;
}

/* A percentage or multiplier with up to 4 (6) decimals, as ratio_e6. */
static int get_ratio(struct ctx *x, yaml_node_t *map, const char *key, int required,
                     int is_pct, int64_t lo_e6, int64_t hi_e6, int64_t *out_e6)
{
	yaml_node_t *n;
	const char *s = get_text(x, map, key, required, &n), *why;
	int64_t v;

	if (!s)
		return 0;
	/* a percentage p is p/100 as a ratio: p × 10^4 = ratio × 10^6 */
	if (decimal_parse(s, is_pct ? 4 : 6, is_pct ? 4 : 6, &v, &why) < 0) {
		DIAG(x, n, "'%s': '%s' is not a %s: %s", key, s, is_pct ? "percentage" : "number", why);
		return 0;
	}
	if (v < lo_e6 || v > hi_e6) {
		char lo[32], hi[32];
		decimal_format(lo_e6, is_pct ? 4 : 6, 0, lo, sizeof lo);
		decimal_format(hi_e6, is_pct ? 4 : 6, 0, hi, sizeof hi);
		DIAG(x, n, "'%s' must be between %s and %s, not %s", key, lo, hi, s);
		return 0;
	}
	*out_e6 = v;
	return 1;
}

static int get_bool(struct ctx *x, yaml_node_t *map, const char *key, int *out)
{
	yaml_node_t *n;
	const char *s = get_text(x, map, key, 0, &n);

	if (!s)
		return 0;
	if (!strcmp(s, "true"))
		*out = 1;
	else if (!strcmp(s, "false"))
		*out = 0;
	else if (!strcmp(s, "yes") || !strcmp(s, "no")) {
		/* one spelling per concept (contracts.md writes true/false) */
		DIAG(x, n, "'%s': write %s, not '%s'", key, s[0] == 'y' ? "true" : "false", s);
		return 0;
	} else {
		DIAG(x, n, "'%s' must be true or false, not '%s'", key, s);
		return 0;
	}
	return 1;
}

/* One of a list of words; returns its index or -1. */
static int get_word(struct ctx *x, yaml_node_t *map, const char *key, int required,
                    const char *const *words, const char *list)
{
	yaml_node_t *n;
	const char *s = get_text(x, map, key, required, &n);
	int i;

	if (!s)
		return -1;
	for (i = 0; words[i]; i++)
		if (!strcmp(words[i], s))
			return i;
	DIAG(x, n, "'%s': unknown value '%s', expected %s", key, s, list);
	return -1;
}

static int get_date(struct ctx *x, yaml_node_t *map, const char *key, int required,
                    int64_t *day, yaml_node_t **where)
{
	const char *s = get_text(x, map, key, required, where);
	int y, m, dd;

	if (!s)
		return 0;
	if (date_parse(s, &y, &m, &dd) < 0) {
		DIAG(x, *where, "'%s': '%s' is not a date, expected YYYY-MM-DD", key, s);
		return 0;
	}
	*day = civil_to_days(y, m, dd);
	return 1;
}

static char *dup_text(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/* A list of single values (or one value for a one-element list). */
static int get_list(struct ctx *x, yaml_node_t *map, const char *key, char ***out,
                    size_t *count, yaml_node_t **where)
{
	yaml_node_t *n = get(x, map, key);
	yaml_node_item_t *it;
	size_t k = 0, cap;

	*where = n;
	*out = NULL;
	*count = 0;
	if (!n)
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (!(*out = malloc(sizeof **out)) || !((*out)[0] = dup_text(scalar_text(n))))
			return -1;
		*count = 1;
		return 1;
	}
	if (n->type != YAML_SEQUENCE_NODE) {
		DIAG(x, n, "'%s' must be a list, not %s", key, kind_name(n));
		return 0;
	}
	cap = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (cap > CONTRACT_LIST_MAX) {
		DIAG(x, n, "'%s' has %zu items, more than the %d a contract may list", key, cap,
		     CONTRACT_LIST_MAX);
		return 0;
	}
	if (cap && !(*out = calloc(cap, sizeof **out)))
		return -1;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(x->doc, *it);
		if (e->type != YAML_SCALAR_NODE) {
			DIAG(x, e, "'%s': each item must be a single value, not %s", key, kind_name(e));
			continue;
		}
		if (!((*out)[k++] = dup_text(scalar_text(e))))
			return -1;
	}
	*count = k;
	return 1;
}

static void free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- the sections ---- */

static const char *const top_keys[] = { "ccsla", "contract", "slas", NULL };
static const char *const contract_keys[] = {
	"id", "client", "client_name", "ccc_name", "effective", "until", "timezone",
	"currency", "monthly_charges", "service_hours", "holidays", "exclusions",
	"credits", "report", "quality", "forecast", "staffing", NULL };
static const char *const quality_keys[] = { "pass_score", NULL };
static const char *const credit_keys[] = {
	"model", "at_risk_pct", "pool_pct", "expected_defaults", "repeat_multiplier",
	"earn_back", "pct_per_point", "cap_pct", NULL };
static const char *const earn_back_keys[] = { "months", "share_pct", NULL };
static const char *const report_keys[] = { "recipients", "due_working_days", NULL };
static const char *const exclusion_keys[] = { "from", "to", "reason", "note", "approved_by", NULL };
static const char *const sla_keys[] = {
	"id", "title", "metric", "channels", "queues", "direction", "period",
	"service_hours_only", "threshold_s", "short_abandon_s", "abandons", "callbacks",
	"overflow", "clock", "method", "window_days", "target", "minimum", "min_volume",
	"kind", "allocation_pct", "comparison", "causes", "within_working_days", "within_hours", "caused_by",
	"each", "interval_min", "compliance", "compliance_minimum", "allowed_misses", "interval_target",
	"relief", "owed_by", NULL };

static void load_hours(struct ctx *x, struct contract *c, yaml_node_t *hours)
{
	yaml_node_pair_t *p;
	unsigned seen = 0;

	if (!hours)
		return;
	if (hours->type != YAML_MAPPING_NODE) {
		DIAG(x, hours, "'service_hours' must map weekdays to hours, e.g. mon-fri: \"08:00-20:00\"");
		return;
	}
	c->cal.has_hours = 1;
	for (p = hours->data.mapping.pairs.start; p < hours->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(x->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(x->doc, p->value);
		struct hours_range r[CAL_MAX_RANGES];
		struct ccsla_error e;
		unsigned mask = 0;
		int n = 0, wd;

		if (!scalar_text(k) || calendar_parse_days(scalar_text(k), &mask, &e) < 0) {
			DIAG(x, k, "service_hours: '%s' is not a weekday set, expected e.g. mon, mon-fri, sat,sun",
			     scalar_text(k) ? scalar_text(k) : "");
			continue;
		}
		if (!scalar_text(v)) {
			DIAG(x, v, "service_hours: hours must be text like \"08:00-20:00\" or \"closed\"");
			continue;
		}
		if (calendar_parse_hours(scalar_text(v), r, &n, &e) < 0) {
			DIAG(x, v, "service_hours: malformed hours: %s", e.msg);
			continue;
		}
		if (mask & seen)
			DIAG(x, k, "service_hours: '%s' names a weekday that an earlier line already set",
			     scalar_text(k));
		seen |= mask;
		for (wd = 0; wd < 7; wd++) {
			if (!(mask & (1u << wd)))
				continue;
			memcpy(c->cal.hours[wd], r, sizeof r);
			c->cal.range_count[wd] = n;
		}
	}
}

static void load_holidays(struct ctx *x, struct contract *c, yaml_node_t *map)
{
	char **days = NULL;
	size_t n = 0, i;
	yaml_node_t *where;
	int y, m, d;

	if (get_list(x, map, "holidays", &days, &n, &where) <= 0)
		return;
	for (i = 0; i < n; i++) {
		if (date_parse(days[i], &y, &m, &d) < 0)
			DIAG(x, where, "holidays: '%s' is not a date, expected YYYY-MM-DD", days[i]);
		else
			calendar_add_holiday(&c->cal, y, m, d);
	}
	free_list(days, n);
}

static void load_exclusions(struct ctx *x, struct contract *c, yaml_node_t *list)
{
	static const char *const reasons[] = {
		"force-majeure", "client-caused", "volume-over-forecast", "other", NULL };
	yaml_node_item_t *it;

	if (!list)
		return;
	if (list->type != YAML_SEQUENCE_NODE) {
		DIAG(x, list, "'exclusions' must be a list of windows (from, to, reason, note, approved_by)");
		return;
	}
	for (it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(x->doc, *it), *fn, *tn;
		struct exclusion ex;
		const char *from, *to, *why;
		int r, ok = 1;

		if (e->type != YAML_MAPPING_NODE) {
			DIAG(x, e, "an exclusion must be a mapping with from, to, reason, note, approved_by");
			continue;
		}
		memset(&ex, 0, sizeof ex);
		check_keys(x, e, "exclusion", exclusion_keys);
		from = get_text(x, e, "from", 1, &fn);
		to = get_text(x, e, "to", 1, &tn);
		if (from && rfc3339_parse(from, &ex.from_ms, &why) < 0)
			ok = DIAG(x, fn, "exclusion 'from': '%s' is not an RFC 3339 instant (%s), e.g. 2026-10-14T10:00:00+02:00", from, why);
		if (to && rfc3339_parse(to, &ex.to_ms, &why) < 0)
			ok = DIAG(x, tn, "exclusion 'to': '%s' is not an RFC 3339 instant (%s), e.g. 2026-10-14T14:00:00+02:00", to, why);
		if (from && to && ok == 1 && ex.to_ms <= ex.from_ms)
			ok = DIAG(x, tn, "exclusion 'to' must be after 'from'");
		r = get_word(x, e, "reason", 1, reasons,
		             "force-majeure, client-caused, volume-over-forecast or other");
		if (r >= 0)
			snprintf(ex.reason, sizeof ex.reason, "%s", reasons[r]);
		copy_text(x, e, "note", 0, ex.note, sizeof ex.note);
		copy_text(x, e, "approved_by", 1, ex.approved_by, sizeof ex.approved_by);
		if (from && to && ok == 1 && r >= 0)
			calendar_add_exclusion(&c->cal, &ex);
	}
}

static void load_credits(struct ctx *x, struct contract *c, yaml_node_t *cr)
{
	static const char *const models[] = { "at-risk", "linear", NULL };
	struct credit_terms *t = &c->credits;
	yaml_node_t *eb, *n;
	long v;
	int m;

	t->monthly_charges_minor = 0;
	t->minor_units = c->minor_units;
	t->pool_e6 = 100 * 10000;
	t->expected_defaults = 1;
	t->repeat_multiplier_e6 = RATIO_ONE_E6;
	if (!cr) {
		DIAG(x, x->doc->nodes.start, "missing 'credits' in 'contract' (model: at-risk or linear)");
		return;
	}
	if (cr->type != YAML_MAPPING_NODE) {
		DIAG(x, cr, "'credits' must be a mapping, not %s", kind_name(cr));
		return;
	}
	check_keys(x, cr, "credits", credit_keys);
	m = get_word(x, cr, "model", 1, models, "at-risk or linear");
	t->model = m == 1 ? CREDIT_LINEAR : CREDIT_AT_RISK;
	if (m == 1) {
		static const char *const at_risk_only[] = {
			"at_risk_pct", "pool_pct", "expected_defaults", "repeat_multiplier", "earn_back", NULL };
		const char *const *k;
		for (k = at_risk_only; *k; k++)
			if ((n = get(x, cr, *k)))
				DIAG(x, n, "credits: '%s' belongs to the at-risk model, not to linear", *k);
		get_ratio(x, cr, "pct_per_point", 1, 1, 1, 100 * 10000, &t->pct_per_point_e6);
		get_ratio(x, cr, "cap_pct", 1, 1, 1, 100 * 10000, &t->cap_e6);
		return;
	}
	if ((n = get(x, cr, "pct_per_point")))
		DIAG(x, n, "credits: 'pct_per_point' belongs to the linear model, not to at-risk");
	if ((n = get(x, cr, "cap_pct")))
		DIAG(x, n, "credits: 'cap_pct' belongs to the linear model; the at-risk cap is at_risk_pct");
	get_ratio(x, cr, "at_risk_pct", 1, 1, 1, 100 * 10000, &t->at_risk_e6);
	get_ratio(x, cr, "pool_pct", 0, 1, 1, 1000 * 10000, &t->pool_e6);
	if (get_int(x, cr, "expected_defaults", 0, 1, 12, &v))
		t->expected_defaults = (int)v;
	get_ratio(x, cr, "repeat_multiplier", 0, 0, RATIO_ONE_E6, 10 * RATIO_ONE_E6,
	          &t->repeat_multiplier_e6);
	if ((eb = get(x, cr, "earn_back"))) {
		if (eb->type != YAML_MAPPING_NODE) {
			DIAG(x, eb, "'earn_back' must be a mapping { months: N, share_pct: P }");
			return;
		}
		check_keys(x, eb, "earn_back", earn_back_keys);
		if (get_int(x, eb, "months", 1, 1, 12, &v))
			t->earn_back_months = (int)v;
		get_ratio(x, eb, "share_pct", 1, 1, 1, 100 * 10000, &t->earn_back_share_e6);
	}
}

static unsigned parse_channels(struct ctx *x, yaml_node_t *sla)
{
	char **list = NULL;
	size_t n = 0, i;
	unsigned mask = 0;
	yaml_node_t *where;
	int ch;

	if (get_list(x, sla, "channels", &list, &n, &where) <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!strcmp(list[i], "all"))
			continue;
		if ((ch = channel_parse(list[i])) < 0)
			DIAG(x, where, "channels: unknown channel '%s', expected voice, chat, email, messaging, social, letter or video",
			     list[i]);
		else
			mask |= 1u << ch;
	}
	free_list(list, n);
	return mask;
}

static int metric_is_one_of(enum metric_id m, const enum metric_id *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == m)
			return 1;
	return 0;
}

/* The contract's metric names, in enum metric_id order (README "Keys"),
 * then those of the operations logs (METRIC_AVAILABILITY ..., metrics.h:
 * values past METRIC_COUNT); NULL-terminated for the suggestion list. */
static const char *const metric_names[] = {
	"service_level", "abandon_rate", "asa", "avg_time_to_abandon", "max_wait",
	"p50_wait", "p90_wait", "p95_wait", "aht", "avg_talk", "avg_hold", "avg_wrap",
	"transfer_rate", "fcr", "csat_avg", "csat_top2", "complaints_per_1000",
	"availability", "quality_score", "quality_pass", "critical_error", "complaint_ack",
	"complaint_resolved", "report_on_time", "forecast_accuracy", NULL };

/* The metrics of metric_names[METRIC_COUNT ...], in that order (not every
 * operations-log figure is an SLA: quality_sample is not). */
static const enum metric_id ops_metric_ids[] = {
	METRIC_AVAILABILITY, METRIC_QUALITY_SCORE, METRIC_QUALITY_PASS, METRIC_CRITICAL_ERROR,
	METRIC_COMPLAINT_ACK, METRIC_COMPLAINT_RESOLVED, METRIC_REPORT_ON_TIME, METRIC_FORECAST_ACCURACY };

/* The contract's name of metric m; "?" for one that is no SLA
 * (quality_sample, complaint_backlog: figures of `ccsla metrics`). */
static const char *contract_metric_name(enum metric_id m)
{
	if ((int)m < METRIC_COUNT)
		return metric_names[m];
	for (size_t i = 0; i < sizeof ops_metric_ids / sizeof *ops_metric_ids; i++)
		if (ops_metric_ids[i] == m)
			return metric_names[METRIC_COUNT + i];
	return "?";
}

/* The metric of a contract name; -1 when none. */
static int contract_metric_of(const char *name)
{
	for (int i = 0; metric_names[i]; i++)
		if (strcmp(metric_names[i], name) == 0)
			return i < METRIC_COUNT ? i : (int)ops_metric_ids[i - METRIC_COUNT];
	return -1;
}

/* complaint_ack, complaint_resolved: the deadline (exactly one of
 * within_working_days, within_hours) and the caused_by scope
 * (operations-logs.md "complaint"; default every cause). */
static void load_complaint(struct ctx *x, struct sla *s, yaml_node_t *sla)
{
	static const char *const keys[] = { "within_working_days", "within_hours", "caused_by" };
	yaml_node_t *wd = get(x, sla, "within_working_days"), *wh = get(x, sla, "within_hours"), *where;
	char **list = NULL;
	size_t n = 0;
	long v;
	int cause;

	s->within = (struct complaint_deadline){ -1, -1 };
	s->caused_by = CAUSED_ALL;
	if (!metric_is_complaint(s->metric)) {
		for (int k = 0; k < 3; k++)
			if ((where = get(x, sla, keys[k])))
				DIAG(x, where, "parameter '%s' applies to metrics complaint_ack and complaint_resolved only, "
				     "not to '%s'", keys[k], contract_metric_name(s->metric));
		return;
	}
	if (wd && wh)
		DIAG(x, wh, "sla '%s': within_working_days and within_hours both given: write one deadline", s->id);
	else if (!wd && !wh)
		DIAG(x, sla, "sla '%s': metric %s needs its deadline: within_working_days: N or within_hours: H "
		     "(service hours)", s->id, contract_metric_name(s->metric));
	if (wd && get_int(x, sla, "within_working_days", 0, 0, 365, &v))
		s->within.working_days = (int)v;
	else if (wh && get_int(x, sla, "within_hours", 0, 1, 8760, &v))
		s->within.service_hours = v;
	if (get_list(x, sla, "caused_by", &list, &n, &where) <= 0)
		return;
	s->caused_by = 0;
	for (size_t i = 0; i < n; i++) {
		if ((cause = complaint_cause_parse(list[i])) < 0)
			DIAG(x, where, "caused_by: unknown value '%s', expected ccc, client or unknown", list[i]);
		else
			s->caused_by |= 1u << cause;
	}
	free_list(list, n);
}

/* availability: the outage causes that count against the centre
 * (operations-logs.md; default ccc and third-party). */
static void load_causes(struct ctx *x, struct sla *s, yaml_node_t *sla)
{
	char **list = NULL;
	size_t n = 0, i;
	yaml_node_t *where;
	int cause;

	s->causes = OUTAGE_CAUSES_DEFAULT;
	if (get_list(x, sla, "causes", &list, &n, &where) <= 0)
		return;
	if (s->metric != METRIC_AVAILABILITY) {
		DIAG(x, where, "parameter 'causes' applies to metric availability only, not to '%s'",
		     contract_metric_name(s->metric));
		free_list(list, n);
		return;
	}
	s->causes = 0;
	for (i = 0; i < n; i++) {
		if ((cause = outage_cause_parse(list[i])) < 0)
			DIAG(x, where, "causes: unknown cause '%s', expected ccc, client, third-party or force-majeure",
			     list[i]);
		else
			s->causes |= 1u << cause;
	}
	free_list(list, n);
}

/* The values a metric can take (metrics.md): percentages 0..100, durations
 * and rates per 1000 from 0 up, the CSAT mean within the survey's 1..5
 * scale (interaction-log.md). has_hi 0: no upper bound. */
static void metric_range(enum metric_id m, int64_t *lo, int64_t *hi, int *has_hi)
{
	*lo = 0;
	*hi = 100;
	*has_hi = 1;
	if (metric_is_opslog(m))  /* percentages, and a score of 0-100 points */
		return;
	switch (m) {
	case METRIC_SERVICE_LEVEL: case METRIC_ABANDON_RATE: case METRIC_TRANSFER_RATE:
	case METRIC_FCR: case METRIC_CSAT_TOP2:
		break;
	case METRIC_CSAT_AVG:
		*lo = 1;
		*hi = 5;
		break;
	default: /* durations in seconds, complaints per 1000 */
		*has_hi = 0;
		break;
	}
}

/* A target or minimum outside what the metric can measure is a typo
 * (">= 150" on a percentage), and one that can never be met ("> 100",
 * "< 0") would be a default every month. Returns 0 when plausible. */
static int check_target_range(struct ctx *x, yaml_node_t *where, const char *key,
                              const char *text, enum metric_id m, const struct target *t)
{
	int64_t lo, hi, scale = 1, lo_s, hi_s;
	int has_hi, i;
	char range[48];

	metric_range(m, &lo, &hi, &has_hi);
	for (i = 0; i < t->scale; i++)
		scale *= 10;
	lo_s = lo * scale;
	hi_s = hi * scale;
	if (has_hi)
		snprintf(range, sizeof range, "between %lld and %lld", (long long)lo, (long long)hi);
	else
		snprintf(range, sizeof range, "%lld or more", (long long)lo);
	if (t->value < lo_s || (has_hi && t->value > hi_s))
		return DIAG(x, where, "'%s': '%s' is outside what %s can be (%s%s%s)", key, text,
		            contract_metric_name(m), range, metric_unit(m)[0] ? " " : "", metric_unit(m));
	if ((t->op == CMP_GT && has_hi && t->value == hi_s) || (t->op == CMP_LT && t->value == lo_s))
		return DIAG(x, where, "'%s': '%s' can never be met: %s is %s", key, text, contract_metric_name(m), range);
	return 0;
}

/* The minimum is the floor below the target (contracts.md: below it, a
 * default at once): same direction, and not stricter than the target. */
static void check_minimum_side(struct ctx *x, yaml_node_t *where, const struct target *t,
                               const struct target *m)
{
	int t_up = t->op == CMP_GE || t->op == CMP_GT, m_up = m->op == CMP_GE || m->op == CMP_GT;
	int64_t tv = t->value, mv = m->value;
	char tb[48], mb[48];
	int i;

	for (i = t->scale; i < m->scale; i++) /* same scale: 10^9 × 10^15 still fits */
		tv *= 10;
	for (i = m->scale; i < t->scale; i++)
		mv *= 10;
	target_format(t, tb, sizeof tb);
	target_format(m, mb, sizeof mb);
	if (t_up != m_up)
		DIAG(x, where, "'minimum' '%s' points the other way than 'target' '%s': write both with %s",
		     mb, tb, t_up ? ">= or >" : "<= or <");
	else if (t_up ? mv > tv : mv < tv)
		DIAG(x, where, "'minimum' '%s' is stricter than 'target' '%s': the minimum is the floor below the target",
		     mb, tb);
}

/* ---- each: interval | day | week (contracts.md v2; evaluate_each.h) ---- */

/* A compliance bound: ">= 90" or "> 90", a percentage of sub-periods. */
static int parse_compliance(struct ctx *x, yaml_node_t *n, const char *key, struct target *t)
{
	yaml_node_t *where;
	const char *text = get_text(x, n, key, 0, &where);
	struct ccsla_error e;
	int64_t scale = 1;

	if (!text)
		return 0;
	if (target_parse(text, t, &e) < 0)
		return DIAG(x, where, "'%s': %s", key, e.msg), 0;
	for (int i = 0; i < t->scale; i++)
		scale *= 10;
	if (t->op != CMP_GE && t->op != CMP_GT)
		return DIAG(x, where, "'%s': '%s' must be >= or > (the share of sub-periods meeting the target)",
		            key, text), 0;
	if (t->value < 0 || t->value > 100 * scale || (t->op == CMP_GT && t->value == 100 * scale))
		return DIAG(x, where, "'%s': '%s' is outside what a compliance can be (between 0 and 100 %%)", key,
		            text), 0;
	return 1;
}

/* Reports a key that applies to each: SLAs only. */
static void each_only(struct ctx *x, yaml_node_t *n, const char *key, const char *why)
{
	yaml_node_t *k = get(x, n, key);

	if (k)
		DIAG(x, k, "'%s' applies to SLAs with each: interval, day or week only%s", key, why);
}

static void load_each(struct ctx *x, struct contract *c, struct sla *s, yaml_node_t *n)
{
	static const char *const eaches[] = { "interval", "day", "week", "month", NULL };
	struct sla_each *e = &s->each;
	yaml_node_t *en = get(x, n, "each"), *k;
	struct ccsla_error err;
	const char *text;
	long v;
	int w;

	if (e->named_interval_compliance) {
		/* target is the month's compliance; interval_target each interval's */
		if (en && (text = scalar_text(en)) && strcmp(text, "interval"))
			DIAG(x, en, "metric interval_compliance is measured each interval, not each %s", text);
		for (w = 0; w < 3; w++) {
			static const char *const not_here[] = { "compliance", "compliance_minimum", "allowed_misses" };
			if ((k = get(x, n, not_here[w])))
				DIAG(x, k, "'%s' does not apply to metric interval_compliance: its target is the compliance "
				     "(and its minimum the compliance minimum)", not_here[w]);
		}
		e->period = EACH_INTERVAL;
		e->compliance = s->target;
		e->has_compliance = 1;
		if (s->has_minimum) {
			e->compliance_minimum = s->minimum;
			e->has_compliance_minimum = 1;
			s->has_minimum = 0;
		}
		if (!get(x, n, "interval_target"))
			DIAG(x, n, "sla '%s': metric interval_compliance needs 'interval_target' (the service level "
			     "each interval must reach, e.g. \">= 80\"); its 'target' is the month's compliance", s->id);
		else if ((text = get_text(x, n, "interval_target", 1, &k))) {
			if (target_parse(text, &s->target, &err) < 0)
				DIAG(x, k, "'interval_target': %s", err.msg);
			else
				check_target_range(x, k, "interval_target", text, METRIC_SERVICE_LEVEL, &s->target);
		}
	} else {
		if ((k = get(x, n, "interval_target")))
			DIAG(x, k, "'interval_target' applies to metric interval_compliance only (elsewhere 'target' "
			     "is the target of each sub-period)");
		if ((w = get_word(x, n, "each", 0, eaches, "interval, day or week")) == 3) {
			DIAG(x, en, "each: month is a month SLA: leave 'each' out");
			w = -1;
		}
		e->period = w < 0 ? EACH_NONE : (enum each_period)(w + 1);
	}
	if (e->period == EACH_NONE) {
		each_only(x, n, "interval_min", "");
		each_only(x, n, "compliance", " (a month SLA has one value: its target)");
		each_only(x, n, "compliance_minimum", " (a month SLA has one value: its minimum)");
		each_only(x, n, "allowed_misses", " (a month SLA has one value, nothing to miss in it)");
		return;
	}
	if (metric_is_opslog(s->metric)) {
		DIAG(x, en ? en : n, "each: applies to the interaction metrics (pipeline/metrics/METRICS.md), not to "
		     "'%s', which is measured per month from its operations log", contract_metric_name(s->metric));
		return;
	}
	e->interval_min = e->period == EACH_INTERVAL ? 30 : 0;
	if (get_int(x, n, "interval_min", 0, 1, 1440, &v)) {
		k = get(x, n, "interval_min");
		if (e->period != EACH_INTERVAL)
			DIAG(x, k, "'interval_min' applies to each: interval only, not to each: %s",
			     each_period_name(e->period));
		else if (v != 15 && v != 30 && v != 60)
			DIAG(x, k, "'interval_min' must be 15, 30 or 60 (local minutes), not %ld", v);
		else
			e->interval_min = (int)v;
	}
	if ((k = get(x, n, "minimum")) && !e->named_interval_compliance)
		DIAG(x, k, "'minimum' applies to a month SLA's value; with each: the month's value is the "
		     "compliance: write compliance_minimum (a default below it)");
	s->has_minimum = 0;
	if (e->named_interval_compliance)
		return;
	e->has_compliance = parse_compliance(x, n, "compliance", &e->compliance);
	e->has_compliance_minimum = parse_compliance(x, n, "compliance_minimum", &e->compliance_minimum);
	if (get_int(x, n, "allowed_misses", 0, 0, 100000, &v)) {
		e->has_allowed_misses = 1;
		e->allowed_misses = v;
	}
	if (e->has_allowed_misses && (get(x, n, "compliance") || get(x, n, "compliance_minimum")))
		DIAG(x, get(x, n, "allowed_misses"), "give either 'compliance' or 'allowed_misses', not both: "
		     "the month's verdict is one or the other");
	else if (!get(x, n, "compliance") && !get(x, n, "allowed_misses"))
		DIAG(x, en, "each: %s needs 'compliance' (the share of counted %s meeting the target, e.g. \">= 90\") "
		     "or 'allowed_misses' (how many counted %s may miss)", each_period_name(e->period),
		     each_unit_name(e->period, e->interval_min, 1), each_unit_name(e->period, e->interval_min, 1));
	if ((k = get(x, n, "compliance_minimum")) && !get(x, n, "compliance") && !e->has_allowed_misses)
		DIAG(x, k, "'compliance_minimum' needs 'compliance' (the floor below it)");
	if (e->has_compliance && e->has_compliance_minimum) {
		int64_t tv = e->compliance.value, mv = e->compliance_minimum.value;

		for (w = e->compliance.scale; w < e->compliance_minimum.scale; w++)
			tv *= 10;
		for (w = e->compliance_minimum.scale; w < e->compliance.scale; w++)
			mv *= 10;
		if (mv > tv)
			DIAG(x, get(x, n, "compliance_minimum"), "'compliance_minimum' is stricter than 'compliance': "
			     "the minimum is the floor below it");
	}
	if (e->has_allowed_misses && s->critical && c->credits.model == CREDIT_LINEAR)
		DIAG(x, get(x, n, "allowed_misses"), "'allowed_misses' gives no points below a target for the linear "
		     "credit model: write compliance: \">= N\" instead");
}

static void load_sla(struct ctx *x, struct contract *c, struct sla *s, yaml_node_t *n)
{
	static const char *const kinds[] = { "critical", "key", NULL };
	static const char *const periods[] = { "month", "interval", "day", "week", NULL };
	static const char *const clocks[] = { "elapsed", "service_hours", NULL };
	static const char *const methods[] = { "recorded", "repeat", NULL };
	static const char *const comparisons[] = { "rounded", "exact", NULL };
	static const char *const directions[] = { "inbound", "outbound", "both", NULL };
	/* parameters of metrics.md, by the metrics they apply to */
	static const enum metric_id uses_abandons[] = {
		METRIC_SERVICE_LEVEL, METRIC_ABANDON_RATE, METRIC_AVG_TIME_TO_ABANDON };
	yaml_node_t *mn, *tn, *sn, *qn, *an, *wn;
	const char *text;
	struct ccsla_error e;
	long v;
	int k, mid = -1;

	s->line = line_of(n);
	metric_params_default(&s->params);
	metrics_filter_default(&s->filter);
	s->metric = METRIC_SERVICE_LEVEL;
	check_keys(x, n, "sla", sla_keys);
	copy_text(x, n, "id", 1, s->id, sizeof s->id);
	copy_text(x, n, "title", 0, s->title, sizeof s->title);
	if ((text = get_text(x, n, "metric", 1, &mn)) && !strcmp(text, "interval_compliance")) {
		/* metrics.md interval_compliance_pct: service level each interval */
		mid = METRIC_SERVICE_LEVEL;
		s->metric = METRIC_SERVICE_LEVEL;
		s->each.named_interval_compliance = 1;
	} else if (text) {
		if ((mid = contract_metric_of(text)) < 0 && (mid = metric_parse(text)) >= 0 &&
		    strcmp(contract_metric_name((enum metric_id)mid), "?") == 0)
			mid = -1; /* a figure of `ccsla metrics --kind quality|complaint`, not an SLA */
		if (mid >= 0 && strcmp(text, contract_metric_name((enum metric_id)mid))) {
			/* one spelling per concept: the contract's name (contracts.md),
			 * not the CSV column or a shorter alias */
			DIAG(x, mn, "metric '%s': write %s (the contract's name for it)", text,
			     contract_metric_name((enum metric_id)mid));
			s->metric = (enum metric_id)mid;
		} else if (mid < 0) {
			static const char *const also[] = { "interval_compliance", NULL }; /* load_each */
			const char *const *names = metric_names;
			const char *sugg = nearest_word(text, names);
			char list[440];
			size_t at = 0, i;
			if (!sugg)
				sugg = nearest_word(text, also);
			for (i = 0; names[i]; i++)
				at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", names[i]);
			snprintf(list + at, sizeof list - at, ", %s", also[0]);
			if (sugg)
				DIAG(x, mn, "unknown metric '%s', did you mean '%s'? (pipeline/metrics/METRICS.md: %s)", text, sugg, list);
			else
				DIAG(x, mn, "unknown metric '%s' (pipeline/metrics/METRICS.md: %s)", text, list);
		} else {
			s->metric = (enum metric_id)mid;
		}
	}
	s->filter.channels = parse_channels(x, n);
	load_causes(x, s, n);
	load_complaint(x, s, n);
	if (get_list(x, n, "queues", &s->queues, &s->queue_count, &qn) > 0) {
		if (s->queue_count == 1 && !strcmp(s->queues[0], "all")) {
			free_list(s->queues, s->queue_count);
			s->queues = NULL;
			s->queue_count = 0;
		}
	}
	s->filter.queues = (const char *const *)s->queues;
	s->filter.queue_count = s->queue_count;
	if ((k = get_word(x, n, "direction", 0, directions, "inbound, outbound or both")) >= 0)
		s->filter.direction = k == 2 ? -1 : k;
	if ((k = get_word(x, n, "period", 0, periods, "month, interval, day or week")) > 0) {
		yaml_node_t *pn = get(x, n, "period");
		/* the month is the unit of evaluation and credits; per-day or
		 * per-interval SLAs are not evaluated yet (README) */
		DIAG(x, pn, "period '%s' is not supported: SLAs are evaluated per month (write period: month, "
		     "and each: %s for a target in each %s of the month)", periods[k], periods[k], periods[k]);
	}
	s->service_hours_only_set = get_bool(x, n, "service_hours_only", &s->filter.service_hours_only);
	/* cal pointers are set where the SLA is measured: the struct contract
	 * is copied into sets, so a pointer into it would go stale */
	s->filter.cal = NULL;
	s->params.cal = NULL;
	if (get_int(x, n, "threshold_s", 0, 0, 30L * 86400, &v)) {
		s->params.threshold_s = (int32_t)v;
		s->threshold_set = 1;
	}
	if (get_int(x, n, "short_abandon_s", 0, 0, 30L * 86400, &v)) {
		sn = get(x, n, "short_abandon_s");
		s->params.short_abandon_s = (int32_t)v;
		if (s->params.short_abandon_s > s->params.threshold_s)
			DIAG(x, sn, "short_abandon_s %ld is above threshold_s %ld: a short abandon must not be longer than the threshold",
			     v, (long)s->params.threshold_s);
	}
	if ((text = get_text(x, n, "abandons", 0, &an))) {
		if ((k = abandons_rule_parse(text)) < 0)
			DIAG(x, an, "'abandons': unknown value '%s', expected against, ignore or favour", text);
		else
			s->params.abandons = (enum abandons_rule)k;
	}
	if ((text = get_text(x, n, "callbacks", 0, &an))) {
		if ((k = count_rule_parse(text)) < 0)
			DIAG(x, an, "'callbacks': unknown value '%s', expected against or ignore", text);
		else
			s->params.callbacks = (enum count_rule)k;
	}
	if ((text = get_text(x, n, "overflow", 0, &an))) {
		if ((k = count_rule_parse(text)) < 0)
			DIAG(x, an, "'overflow': unknown value '%s', expected against or ignore", text);
		else
			s->params.overflow = (enum count_rule)k;
	}
	if (!metric_is_one_of(s->metric, uses_abandons, 3))
		for (k = 0; k < 2; k++) {
			const char *p = k ? "short_abandon_s" : "abandons";
			if ((an = get(x, n, p)))
				DIAG(x, an, "parameter '%s' does not apply to metric '%s' (pipeline/metrics/METRICS.md)", p, contract_metric_name(s->metric));
		}
	if (metric_is_opslog(s->metric)) {
		/* measured from an operations log, not from contacts: the
		 * contact population's parameters would silently do nothing */
		static const char *const contact_only[] = {
			"queues", "direction", "service_hours_only", "threshold_s", "callbacks", "overflow", "clock", NULL };

		for (k = 0; contact_only[k]; k++)
			if ((an = get(x, n, contact_only[k])))
				DIAG(x, an, "parameter '%s' does not apply to metric '%s' (measured from an operations log)",
				     contact_only[k], contract_metric_name(s->metric));
		if (s->metric == METRIC_REPORT_ON_TIME) {
			/* one report a month, of every channel: nothing to scope or count */
			if ((an = get(x, n, "channels")) || (an = get(x, n, "min_volume")))
				DIAG(x, an, "parameters 'channels' and 'min_volume' do not apply to metric 'report_on_time' "
				     "(the month's one report)");
			if (c->due_working_days < 0)
				DIAG(x, n, "sla '%s': metric report_on_time needs report: { due_working_days: N } under "
				     "contract:", s->id);
		}
		if (s->metric == METRIC_AVAILABILITY && (an = get(x, n, "min_volume")))
			DIAG(x, an, "parameter 'min_volume' does not apply to metric 'availability' (it counts seconds, "
			     "not contacts)");
	}
	if ((k = get_word(x, n, "clock", 0, clocks, "elapsed or service_hours")) >= 0)
		s->params.clock = k ? CLOCK_SERVICE_HOURS : CLOCK_ELAPSED;
	if ((k = get_word(x, n, "method", 0, methods, "recorded or repeat")) >= 0)
		s->params.fcr = k ? FCR_REPEAT : FCR_RECORDED;
	if (get_int(x, n, "window_days", 0, 1, 90, &v))
		s->params.fcr_window_days = (int32_t)v;
	if (s->metric != METRIC_FCR) {
		if ((wn = get(x, n, "method")))
			DIAG(x, wn, "parameter 'method' applies to metric fcr only, not to '%s'", contract_metric_name(s->metric));
		if ((wn = get(x, n, "window_days")))
			DIAG(x, wn, "parameter 'window_days' applies to metric fcr only, not to '%s'", contract_metric_name(s->metric));
	} else if (s->params.fcr == FCR_REPEAT && !get(x, n, "window_days")) {
		DIAG(x, n, "sla '%s': method repeat needs window_days (the D of pipeline/metrics/METRICS.md)", s->id);
	}
	if ((text = get_text(x, n, "target", 1, &tn))) {
		if (target_parse(text, &s->target, &e) < 0)
			DIAG(x, tn, "'target': %s", e.msg);
		else if (mid >= 0)
			check_target_range(x, tn, "target", text, s->metric, &s->target);
	}
	if ((text = get_text(x, n, "minimum", 0, &tn))) {
		if (target_parse(text, &s->minimum, &e) < 0)
			DIAG(x, tn, "'minimum': %s", e.msg);
		else if (mid < 0 || check_target_range(x, tn, "minimum", text, s->metric, &s->minimum) == 0)
			s->has_minimum = 1;
	}
	if (s->has_minimum && (text = get_text(x, n, "target", 1, NULL)) && !target_parse(text, &s->target, &e))
		check_minimum_side(x, get(x, n, "minimum"), &s->target, &s->minimum);
	if (get_int(x, n, "min_volume", 0, 0, 100000000, &v)) {
		s->min_volume = v;
		s->min_volume_set = 1;
	}
	if ((k = get_word(x, n, "comparison", 0, comparisons, "rounded or exact")) >= 0)
		s->exact = k;
	contract_forecast_sla(s, x->doc, n, x->path, x->d);
	/* an obligation of the client (owed_by: client) is never critical: no kind needed */
	k = get_word(x, n, "kind", !s->owed_by_client, kinds, "critical (credits) or key (reported only)");
	s->critical = k == 0;
	if (s->critical && c->credits.model == CREDIT_AT_RISK)
		get_ratio(x, n, "allocation_pct", 1, 1, 0, 100 * 10000, &s->allocation_e6);
	else if ((an = get(x, n, "allocation_pct")))
		DIAG(x, an, "'allocation_pct' applies to critical SLAs under the at-risk model only");
	load_each(x, c, s, n);
	contract_forecast_check_sla(c, s, x->doc, n, x->path, x->d);
}

/* SLA ids in order, for the duplicate check (sort, then neighbours). */
static int cmp_sla_id(const void *a, const void *b)
{
	const struct sla *x = *(const struct sla *const *)a, *y = *(const struct sla *const *)b;
	int r = strcmp(x->id, y->id);

	return r ? r : (x->line > y->line) - (x->line < y->line);
}

static void load_slas(struct ctx *x, struct contract *c, yaml_node_t *list)
{
	yaml_node_item_t *it;
	int64_t pool_used = 0;
	const struct sla **by_id = NULL;
	yaml_node_t **nodes = NULL;   /* of each loaded SLA, for the column */
	size_t n, i;

	if (!list) {
		DIAG(x, x->doc->nodes.start, "missing 'slas': a contract needs at least one SLA");
		return;
	}
	if (list->type != YAML_SEQUENCE_NODE) {
		DIAG(x, list, "'slas' must be a list of SLAs, not %s", kind_name(list));
		return;
	}
	n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
	if (!n) {
		DIAG(x, list, "'slas' is empty: a contract needs at least one SLA");
		return;
	}
	if (n > CONTRACT_SLAS_MAX) {
		DIAG(x, list, "'slas' has %zu SLAs, more than the %d a contract may have", n, CONTRACT_SLAS_MAX);
		return;
	}
	if (!(c->slas = calloc(n, sizeof *c->slas)) || !(nodes = calloc(n, sizeof *nodes)))
		return;
	for (it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(x->doc, *it);
		struct sla *s = &c->slas[c->sla_count];
		yaml_node_t *an;

		if (e->type != YAML_MAPPING_NODE) {
			DIAG(x, e, "an SLA must be a mapping (id, metric, target, kind, ...)");
			continue;
		}
		nodes[c->sla_count++] = e;
		load_sla(x, c, s, e);
		pool_used += s->allocation_e6;
		if (c->credits.model == CREDIT_AT_RISK && s->critical && pool_used > c->credits.pool_e6 &&
		    (an = get(x, e, "allocation_pct"))) {
			char used[32], pool[32];
			decimal_format(pool_used, 4, 2, used, sizeof used);
			decimal_format(c->credits.pool_e6, 4, 2, pool, sizeof pool);
			DIAG(x, an, "allocations add up to %s %%, above pool_pct %s %%", used, pool);
		}
	}
	if (c->sla_count && (by_id = malloc(c->sla_count * sizeof *by_id))) {
		for (i = 0; i < c->sla_count; i++)
			by_id[i] = &c->slas[i];
		qsort(by_id, c->sla_count, sizeof *by_id, cmp_sla_id);
		for (i = 1; i < c->sla_count; i++)
			if (by_id[i]->id[0] && !strcmp(by_id[i]->id, by_id[i - 1]->id))
				DIAG(x, nodes[by_id[i] - c->slas], "sla id '%s' is used twice (first at line %ld)",
				     by_id[i]->id, by_id[i - 1]->line);
		free(by_id);
	}
	free(nodes);
	for (i = 0; i < c->sla_count; i++)
		if (c->slas[i].params.clock == CLOCK_SERVICE_HOURS && !c->cal.has_hours)
			diag_at(x, c->slas[i].line, 0,
			        "sla '%s': clock service_hours needs the contract's service_hours", c->slas[i].id);
}

static void load_contract(struct ctx *x, struct contract *c, yaml_node_t *k)
{
	yaml_node_t *n, *eff, *until;
	const char *text;
	struct ccsla_error e;
	long v;
	char **rcpt;
	size_t nr;

	check_keys(x, k, "contract", contract_keys);
	copy_text(x, k, "id", 1, c->id, sizeof c->id);
	if ((n = get(x, k, "id"))) {
		c->id_line = line_of(n);
		c->id_column = col_of(n);
	}
	if ((text = get_text(x, k, "client", 1, &n))) {
		/* the logs' rule (interaction-log.md): the id names out/<client>/
		 * and STATE/ledger/<client>/, so '/', '.' and the rest never pass */
		if (!client_id_valid(text))
			DIAG(x, n, "'client': '%s' is not a client id: 1 to %d letters, digits, '_' or '-' as the logs' client_id",
			     text, CONTACT_CLIENT_MAX);
		else
			snprintf(c->client, sizeof c->client, "%s", text);
	}
	copy_text(x, k, "client_name", 1, c->client_name, sizeof c->client_name);
	copy_text(x, k, "ccc_name", 1, c->ccc_name, sizeof c->ccc_name);
	if (get_date(x, k, "effective", 1, &c->effective_day, &eff)) {
		c->effective_line = line_of(eff);
		c->effective_column = col_of(eff);
	}
	/* until is optional (contracts.md v2): open-ended until the client's
	 * next version starts (contract_set_check ends it the day before) */
	c->until_day = CONTRACT_OPEN_END;
	if (get_date(x, k, "until", 0, &c->until_day, &until)) {
		c->has_until = 1;
		if (eff && c->until_day < c->effective_day)
			DIAG(x, until, "'until' is before 'effective'");
	}
	if ((text = get_text(x, k, "timezone", 1, &n))) {
		snprintf(c->timezone, sizeof c->timezone, "%s", text);
		if (tz_load(&c->zone, text, &e) < 0)
			DIAG(x, n, "unknown time zone '%s': expected an IANA name such as Europe/Berlin", text);
	}
	calendar_init(&c->cal, c->zone);
	if ((text = get_text(x, k, "currency", 1, &n))) {
		if ((c->minor_units = currency_minor_units(text)) < 0)
			DIAG(x, n, "unknown currency '%s': expected an ISO 4217 code such as EUR, USD, JPY", text);
		else
			snprintf(c->currency, sizeof c->currency, "%s", text);
	}
	load_credits(x, c, get(x, k, "credits"));
	if ((text = get_text(x, k, "monthly_charges", 1, &n)) && c->minor_units >= 0 && c->currency[0]) {
		const char *why;
		if (money_parse(text, c->minor_units, &c->credits.monthly_charges_minor, &why) < 0)
			DIAG(x, n, "'monthly_charges': '%s' is not an amount in %s: %s", text, c->currency, why);
		else if (c->credits.monthly_charges_minor < 0)
			DIAG(x, n, "'monthly_charges' must not be negative");
		snprintf(c->monthly_charges, sizeof c->monthly_charges, "%s", text);
	}
	c->credits.minor_units = c->minor_units;
	load_hours(x, c, get(x, k, "service_hours"));
	load_holidays(x, c, k);
	load_exclusions(x, c, get(x, k, "exclusions"));
	c->quality_pass_score_cents = -1;
	if ((n = get(x, k, "forecast")) && n->type == YAML_MAPPING_NODE)
		check_keys(x, n, "forecast", contract_forecast_keys);
	contract_forecast_load(c, x->doc, n, x->path, x->d);
	if ((n = get(x, k, "staffing")) && n->type == YAML_MAPPING_NODE)
		check_keys(x, n, "staffing", contract_staffing_keys);
	contract_staffing_load(c, x->doc, n, x->path, x->d);
	if ((n = get(x, k, "quality"))) {
		const char *ps, *why;
		yaml_node_t *pn;
		int64_t v6;

		if (n->type != YAML_MAPPING_NODE) {
			DIAG(x, n, "'quality' must be a mapping (pass_score)");
		} else {
			check_keys(x, n, "quality", quality_keys);
			if ((ps = get_text(x, n, "pass_score", 1, &pn))) {
				if (decimal_parse(ps, 2, 2, &v6, &why) < 0)
					DIAG(x, pn, "'pass_score': '%s' is not a score: %s", ps, why);
				else if (v6 < 0 || v6 > 10000)
					DIAG(x, pn, "'pass_score' must be between 0 and 100, not %s", ps);
				else
					c->quality_pass_score_cents = v6;
			}
		}
	}
	c->due_working_days = -1;   /* not given: a report_on_time SLA is refused */
	if ((n = get(x, k, "report"))) {
		if (n->type != YAML_MAPPING_NODE) {
			DIAG(x, n, "'report' must be a mapping (recipients, due_working_days)");
		} else {
			yaml_node_t *w;
			check_keys(x, n, "report", report_keys);
			if (get_list(x, n, "recipients", &rcpt, &nr, &w) > 0) {
				c->recipients = rcpt;
				c->recipient_count = nr;
			}
			if (get_int(x, n, "due_working_days", 0, 0, 31, &v))
				c->due_working_days = (int)v;
		}
	}
}

/* Line `line` (0-based) of buf: its start and length. */
static const char *line_text(const unsigned char *buf, size_t len, size_t line, size_t *n)
{
	const char *p = (const char *)buf, *end = p + len, *nl;

	for (; line && p < end; line--) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			return NULL;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*n = (size_t)((nl ? nl : end) - p);
	return p;
}

/* libyaml's own words for the two commonest slips are obscure; say what to
 * write instead. Returns 1 when a hint was given. */
static int yaml_hint(struct contract_diags *d, const char *path, const unsigned char *buf,
                     size_t len, const yaml_mark_t *m)
{
	size_t n, i, k;
	const char *t = line_text(buf, len, m->line, &n), *gt;

	if (!t)
		return 0;
	for (i = 0; i < n && (t[i] == ' ' || t[i] == '\t'); i++)
		if (t[i] == '\t') {
			contract_diag(d, path, (long)m->line + 1, (long)i + 1,
			              "YAML does not allow tabs for indentation: line %ld (indent with spaces)",
			              (long)m->line + 1);
			return 1;
		}
	/* key: >= 80  -- '>' starts a folded block scalar in YAML */
	for (k = i; k < n && (isalnum((unsigned char)t[k]) || t[k] == '_'); k++)
		;
	if (k > i && k + 1 < n && t[k] == ':' && t[k + 1] == ' ') {
		gt = t + k + 1;
		while (gt < t + n && *gt == ' ')
			gt++;
		/* only a comparison: '>=', '> 80', '>80' (a real folded block,
		 * '>' alone or '>-', is left to libyaml's words) */
		if (gt + 1 < t + n && *gt == '>' &&
		    (gt[1] == '=' || isdigit((unsigned char)gt[1]) ||
		     (gt[1] == ' ' && gt + 2 < t + n && isdigit((unsigned char)gt[2])))) {
			size_t vn = (size_t)(t + n - gt);
			const char *hash = memchr(gt, '#', vn);
			if (hash)
				vn = (size_t)(hash - gt);
			while (vn && (gt[vn - 1] == ' ' || gt[vn - 1] == '\r'))
				vn--;
			contract_diag(d, path, (long)m->line + 1, (long)(gt - t) + 1,
			              "%.*s: a value starting with '>' must be quoted in YAML: quote it: %.*s: \"%.*s\"",
			              (int)(k - i), t + i, (int)(k - i), t + i, (int)vn, gt);
			return 1;
		}
	}
	return 0;
}

static void yaml_problem(struct contract_diags *d, const char *path, yaml_parser_t *yp,
                         const unsigned char *buf, size_t len)
{
	const yaml_mark_t *m = yp->problem ? &yp->problem_mark : &yp->context_mark;

	if (yaml_hint(d, path, buf, len, m) ||
	    (yp->context && yaml_hint(d, path, buf, len, &yp->context_mark)))
		return;
	contract_diag(d, path, (long)m->line + 1, (long)m->column + 1, "YAML syntax: %s%s%s",
	              yp->problem ? yp->problem : "error", yp->context ? " " : "",
	              yp->context ? yp->context : "");
}

/* The whole file, at most CONTRACT_FILE_MAX bytes; the caller frees *buf. */
static int read_limited(const char *path, unsigned char **buf, size_t *len,
                        struct contract_diags *d)
{
	FILE *fp;
	size_t cap = 16384, n = 0, got;
	unsigned char *b = NULL, *nb;
	int ret = -1;

	*buf = NULL;
	*len = 0;
	if (!(fp = fopen(path, "rb")))
		return contract_diag(d, path, 0, 0, "cannot open: %s", strerror(errno));
	for (;;) {
		if (n == cap || !b) {
			cap = b ? cap * 2 : cap;
			if (!(nb = realloc(b, cap + 1))) {
				contract_diag(d, path, 0, 0, "out of memory");
				goto out;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, fp);
		n += got;
		if (n > (size_t)CONTRACT_FILE_MAX) {
			contract_diag(d, path, 0, 0,
			              "the file is larger than %ld bytes, the limit of a contract (a real one is a few KB)",
			              CONTRACT_FILE_MAX);
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		contract_diag(d, path, 0, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	ret = 0;
out:
	free(b);
	fclose(fp);
	return ret;
}

/* A first pass over the events, before any tree is built: nesting depth,
 * node count, aliases and documents. libyaml's scanner spends time in
 * proportion to the depth on every token and the document API keeps every
 * node, so a deep or huge file must stop here. Returns -1 with a diagnostic. */
static int check_shape(const char *path, const unsigned char *buf, size_t len,
                       struct contract_diags *d)
{
	yaml_parser_t yp;
	yaml_event_t ev;
	long depth = 0, nodes = 0, docs = 0;
	int ret = -1, done = 0;

	if (!yaml_parser_initialize(&yp))
		return contract_diag(d, path, 0, 0, "out of memory");
	yaml_parser_set_input_string(&yp, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			yaml_problem(d, path, &yp, buf, len);
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				contract_diag(d, path, (long)ev.start_mark.line + 1, (long)ev.start_mark.column + 1,
				              "a second YAML document ('---'): a contract file holds one contract");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			contract_diag(d, path, (long)ev.start_mark.line + 1, (long)ev.start_mark.column + 1,
			              "YAML aliases ('*%s') are not allowed in a contract: write the value out",
			              (const char *)ev.data.alias.anchor);
			yaml_event_delete(&ev);
			goto out;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > CONTRACT_DEPTH_MAX) {
				contract_diag(d, path, (long)ev.start_mark.line + 1, (long)ev.start_mark.column + 1,
				              "lists and mappings nested more than %d deep (a contract needs 4)",
				              CONTRACT_DEPTH_MAX);
				yaml_event_delete(&ev);
				goto out;
			}
			/* fall through */
		case YAML_SCALAR_EVENT:
			if (++nodes > CONTRACT_NODES_MAX) {
				contract_diag(d, path, (long)ev.start_mark.line + 1, (long)ev.start_mark.column + 1,
				              "more than %d keys, values, lists and mappings, the limit of a contract",
				              CONTRACT_NODES_MAX);
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	ret = 0;
out:
	yaml_parser_delete(&yp);
	return ret;
}

int contract_load(struct contract *c, const char *path, struct contract_diags *d)
{
	yaml_parser_t yp;
	yaml_document_t doc;
	yaml_node_t *root, *n;
	unsigned char *buf = NULL;
	size_t len = 0;
	int have_parser = 0, have_doc = 0;
	struct ctx x;
	const char *ver;
	size_t before = d->count;

	memset(c, 0, sizeof *c);
	memset(&x, 0, sizeof x);
	c->minor_units = -1;
	c->until_day = CONTRACT_OPEN_END;
	snprintf(c->path, sizeof c->path, "%s", path);
	if (read_limited(path, &buf, &len, d) < 0 || check_shape(path, buf, len, d) < 0)
		goto out;
	if (!yaml_parser_initialize(&yp))
		goto out;
	have_parser = 1;
	yaml_parser_set_input_string(&yp, buf, len);
	if (!yaml_parser_load(&yp, &doc)) {
		yaml_problem(d, path, &yp, buf, len);
		goto out;
	}
	have_doc = 1;
	x.path = path;
	x.doc = &doc;
	x.d = d;
	x.errors_before = before;
	if (!(root = yaml_document_get_root_node(&doc))) {
		contract_diag(d, path, 1, 1, "the file is empty: expected ccsla: 1, contract: and slas:");
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		DIAG(&x, root, "the top level must be a mapping with ccsla, contract and slas");
		goto out;
	}
	check_keys(&x, root, "top level", top_keys);
	if ((ver = get_text(&x, root, "ccsla", 1, &n)) && strcmp(ver, "1"))
		DIAG(&x, n, "format version '%s' is not supported: this ccsla reads version 1", ver);
	n = get(&x, root, "contract");
	if (!n)
		DIAG(&x, root, "missing key 'contract'");
	else if (n->type != YAML_MAPPING_NODE)
		DIAG(&x, n, "'contract' must be a mapping, not %s", kind_name(n));
	else
		load_contract(&x, c, n);
	load_slas(&x, c, get(&x, root, "slas"));
	if (x.suppressed)
		contract_diag(d, path, 0, 0, "%zu more problems not shown (the first %d are)", x.suppressed,
		              CONTRACT_DIAGS_MAX);
out:
	if (have_doc)
		yaml_document_delete(&doc);
	if (have_parser)
		yaml_parser_delete(&yp);
	free(buf);
	if (d->count > before) {
		contract_release(c);
		return -1;
	}
	return 0;
}

void contract_release(struct contract *c)
{
	size_t i;

	for (i = 0; i < c->sla_count; i++)
		free_list(c->slas[i].queues, c->slas[i].queue_count);
	free(c->slas);
	free_list(c->recipients, c->recipient_count);
	calendar_release(&c->cal);
	if (c->zone)
		tz_free(c->zone);
	c->slas = NULL;
	c->sla_count = 0;
	c->recipients = NULL;
	c->recipient_count = 0;
	c->zone = NULL;
}
