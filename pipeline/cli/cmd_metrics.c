/* cmd_metrics.c -- `ccsla metrics`: the metric catalogue of metrics.md for
 * any grouping, as CSV or JSON, from the record store.
 *
 * The figures come from the same engine as SLA evaluation and the reports
 * (metrics.h); this file only reads options and prints. Nothing succeeds
 * silently: no store is exit 3, a client the store does not hold exit 2,
 * and the zone used is said (--contracts: each client's own contract). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "contracts/contract.h"
#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "core/nearest.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "metrics/availability.h"
#include "metrics/metrics_query.h"
#include "cli.h"
#include "metrics_ops.h"

/* The columns after the grouping columns, exactly as the issue names them. */
enum column_kind { COL_COUNT, COL_METRIC };

static const struct column {
	const char *name;
	enum column_kind kind;
	int metric;                                   /* enum metric_id for COL_METRIC */
	size_t offset;                                /* into struct metric_counts for COL_COUNT */
} columns[] = {
	{ "offered", COL_COUNT, 0, offsetof(struct metric_counts, offered) },
	{ "answered", COL_COUNT, 0, offsetof(struct metric_counts, answered) },
	{ "abandoned", COL_COUNT, 0, offsetof(struct metric_counts, abandoned) },
	{ "short_abandoned", COL_COUNT, 0, offsetof(struct metric_counts, short_abandoned) },
	{ "callback", COL_COUNT, 0, offsetof(struct metric_counts, callback) },
	{ "overflow", COL_COUNT, 0, offsetof(struct metric_counts, overflow) },
	{ "answered_within", COL_COUNT, 0, offsetof(struct metric_counts, answered_within) },
	{ "service_level_pct", COL_METRIC, METRIC_SERVICE_LEVEL, 0 },
	{ "abandon_rate_pct", COL_METRIC, METRIC_ABANDON_RATE, 0 },
	{ "asa_s", COL_METRIC, METRIC_ASA, 0 },
	{ "avg_time_to_abandon_s", COL_METRIC, METRIC_AVG_TIME_TO_ABANDON, 0 },
	{ "max_wait_s", COL_METRIC, METRIC_MAX_WAIT, 0 },
	{ "p50_wait_s", COL_METRIC, METRIC_P50_WAIT, 0 },
	{ "p90_wait_s", COL_METRIC, METRIC_P90_WAIT, 0 },
	{ "p95_wait_s", COL_METRIC, METRIC_P95_WAIT, 0 },
	{ "aht_s", COL_METRIC, METRIC_AHT, 0 },
	{ "avg_talk_s", COL_METRIC, METRIC_AVG_TALK, 0 },
	{ "avg_hold_s", COL_METRIC, METRIC_AVG_HOLD, 0 },
	{ "avg_wrap_s", COL_METRIC, METRIC_AVG_WRAP, 0 },
	{ "transfer_rate_pct", COL_METRIC, METRIC_TRANSFER_RATE, 0 },
	{ "fcr_pct", COL_METRIC, METRIC_FCR, 0 },
	{ "csat_avg", COL_METRIC, METRIC_CSAT_AVG, 0 },
	{ "csat_top2_pct", COL_METRIC, METRIC_CSAT_TOP2, 0 },
	{ "csat_responses", COL_COUNT, 0, offsetof(struct metric_counts, csat_responses) },
	{ "complaints_per_1000", COL_METRIC, METRIC_COMPLAINTS_PER_1000, 0 },
};
#define COLUMN_COUNT (sizeof columns / sizeof *columns)

/* Counts only JSON carries, for reconciliation and SLA work. */
static const struct column extra_counts[] = {
	{ "abandoned_within", COL_COUNT, 0, offsetof(struct metric_counts, abandoned_within) },
	{ "open_late", COL_COUNT, 0, offsetof(struct metric_counts, open_late) },
	{ "open_pending", COL_COUNT, 0, offsetof(struct metric_counts, open_pending) },
	{ "deflected", COL_COUNT, 0, offsetof(struct metric_counts, deflected) },
	{ "excluded", COL_COUNT, 0, offsetof(struct metric_counts, excluded) },
	{ "fcr_provisional", COL_COUNT, 0, offsetof(struct metric_counts, fcr_provisional) },
};

struct options {
	const char *state, *client, *from, *to, *by, *tz, *service_hours, *holidays;
	const char *format, *output, *fcr, *clock, *direction;
	const char *threshold, *short_abandon, *abandons, *callbacks, *overflow, *interval;
	const char *contracts;
	const char *kind, *causes, *pass_score;   /* --kind outage|quality|complaint|forecast (metrics_ops.h) */
	const char *ack_within, *resolve_within, *caused_by; /* --kind complaint */
	const char *lock_days;                    /* --kind forecast */
};

/* --contracts: each client's contract in force, and the zone and calendar
 * the query takes from it. */
struct client_contracts {
	struct contract_set set;
	struct metrics_client_setup *setups;   /* [count], sorted by client; owned */
	struct calendar *cals;                 /* [count]: the contract's hours and holidays; not released
	                                          (they point into the contract's) */
	const struct contract **used;          /* [count]; owned array */
	size_t count;
};

static int parse_seconds(const char *text, int32_t *out)
{
	char *end;
	long v;

	if (!*text || *text == '-' || *text == '+')
		return -1;
	v = strtol(text, &end, 10);
	if (*end || v < 0 || v > 100000000)
		return -1;
	*out = (int32_t)v;
	return 0;
}

/* "--name VALUE" or "--name=VALUE"; 1 when argv[*i] was this option. */
static int take(int argc, char **argv, int *i, const char *name, const char **out, int *bad)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*out = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		*bad = 1;
		return 1;
	}
	*out = argv[++*i];
	return 1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct { const char *name; size_t off; } opts[] = {
#define OPT(n, f) { n, offsetof(struct options, f) }
		OPT("--state", state), OPT("--client", client), OPT("--from", from), OPT("--to", to),
		OPT("--by", by), OPT("--tz", tz), OPT("--service-hours", service_hours),
		OPT("--holidays", holidays), OPT("--format", format), OPT("--output", output),
		OPT("--fcr", fcr), OPT("--clock", clock), OPT("--direction", direction),
		OPT("--threshold", threshold), OPT("--short-abandon", short_abandon),
		OPT("--abandons", abandons), OPT("--callbacks", callbacks),
		OPT("--overflow", overflow), OPT("--interval", interval),
		OPT("--contracts", contracts), OPT("--kind", kind), OPT("--causes", causes),
		OPT("--pass-score", pass_score), OPT("--ack-within", ack_within),
		OPT("--resolve-within", resolve_within), OPT("--caused-by", caused_by),
		OPT("--lock-days", lock_days),
#undef OPT
	};

	memset(o, 0, sizeof *o);
	for (int i = 1; i < argc; i++) {
		int bad = 0, found = 0;

		for (size_t k = 0; k < sizeof opts / sizeof *opts && !found; k++)
			found = take(argc, argv, &i, opts[k].name,
			             (const char **)((char *)o + opts[k].off), &bad);
		if (bad)
			return cli_usage_error(argv[0], "option '%s' needs a value", argv[i]);
		if (!found)
			return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
	}
	return 0;
}

/* Fills the query from the options; a usage error is printed here. */
static int build_query(const char *name, const struct options *o, struct metrics_query *q,
                       struct tz **zone, struct calendar *cal)
{
	struct ccsla_error err;
	char buf[256];
	int v;

	memset(q, 0, sizeof *q);
	metric_params_default(&q->params);
	metrics_filter_default(&q->filter);
	q->state_dir = o->state;
	q->client = o->client;
	q->interval_min = 30;
	if (!o->state)
		return cli_usage_error(name, "--state DIR is required");
	if (o->contracts && (o->tz || o->service_hours || o->holidays))
		return cli_usage_error(name, "--contracts gives each client its contract's zone, service hours "
		                       "and holidays: not with --tz, --service-hours or --holidays");
	if (o->contracts && (!o->from || !o->to))
		return cli_usage_error(name, "--contracts needs --from and --to (the contract in force on "
		                       "those days applies)");
	if (tz_load(zone, o->tz ? o->tz : "UTC", &err) < 0)
		return cli_usage_error(name, "--tz: %s", err.msg);
	q->zone = *zone;
	calendar_init(cal, *zone);
	if (o->interval) {
		if (strcmp(o->interval, "15") && strcmp(o->interval, "30") && strcmp(o->interval, "60"))
			return cli_usage_error(name, "--interval must be 15, 30 or 60, not '%s'", o->interval);
		q->interval_min = atoi(o->interval);
	}
	/* Local dates in the zone; --to is the last day included. */
	q->from_ms = INT64_MIN;
	q->to_ms = INT64_MAX;
	if (o->from) {
		int y, m, d;

		if (date_parse(o->from, &y, &m, &d) < 0)
			return cli_usage_error(name, "--from '%s' is not a date YYYY-MM-DD", o->from);
		q->from_ms = tz_local_day_start(*zone, civil_to_days(y, m, d));
	}
	if (o->to) {
		int y, m, d;

		if (date_parse(o->to, &y, &m, &d) < 0)
			return cli_usage_error(name, "--to '%s' is not a date YYYY-MM-DD", o->to);
		q->to_ms = tz_local_day_start(*zone, civil_to_days(y, m, d) + 1);
	}
	if (q->to_ms <= q->from_ms)
		return cli_usage_error(name, "--to must not be before --from");
	snprintf(buf, sizeof buf, "%s", o->by ? o->by : "client,day,channel");
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if ((v = metrics_dim_parse(tok)) < 0)
			return cli_usage_error(name, "--by: unknown column '%s' (client, month, week, "
			                       "day, interval, channel, queue)", tok);
		for (int i = 0; i < q->by_count; i++)
			if (q->by[i] == (enum group_dim)v)
				return cli_usage_error(name, "--by: '%s' is named twice", tok);
		q->by[q->by_count++] = (enum group_dim)v;
	}
	if (o->threshold && parse_seconds(o->threshold, &q->params.threshold_s) < 0)
		return cli_usage_error(name, "--threshold '%s' is not whole seconds", o->threshold);
	if (o->short_abandon && parse_seconds(o->short_abandon, &q->params.short_abandon_s) < 0)
		return cli_usage_error(name, "--short-abandon '%s' is not whole seconds",
		                       o->short_abandon);
	if (o->abandons && (v = abandons_rule_parse(o->abandons)) < 0)
		return cli_usage_error(name, "--abandons must be against, ignore or favour");
	if (o->abandons)
		q->params.abandons = (enum abandons_rule)v;
	if (o->callbacks && (v = count_rule_parse(o->callbacks)) < 0)
		return cli_usage_error(name, "--callbacks must be ignore or against");
	if (o->callbacks)
		q->params.callbacks = (enum count_rule)v;
	if (o->overflow && (v = count_rule_parse(o->overflow)) < 0)
		return cli_usage_error(name, "--overflow must be against or ignore");
	if (o->overflow)
		q->params.overflow = (enum count_rule)v;
	if (o->direction) {
		/* one spelling per concept: a contract's direction: both */
		if (strcmp(o->direction, "both") == 0)
			q->filter.direction = -1;
		else if (strcmp(o->direction, "all") == 0)
			return cli_usage_error(name, "--direction: write both (as in a contract), not all");
		else if ((q->filter.direction = direction_parse(o->direction)) < 0)
			return cli_usage_error(name, "--direction must be inbound, outbound or both");
	}
	if (o->fcr) {
		char *end;
		long days;

		if (strcmp(o->fcr, "recorded") == 0) {
			q->params.fcr = FCR_RECORDED;
		} else if (strncmp(o->fcr, "repeat:", 7) == 0 &&
		           (days = strtol(o->fcr + 7, &end, 10)) >= 1 && days <= 366 &&
		           *end == '\0' && o->fcr[7] >= '0' && o->fcr[7] <= '9') {
			q->params.fcr = FCR_REPEAT;
			q->params.fcr_window_days = (int32_t)days;
		} else {
			return cli_usage_error(name, "--fcr must be recorded or repeat:DAYS (1 to 366)");
		}
	}
	if (o->contracts)
		q->filter.service_hours_only = !(o->clock && strcmp(o->clock, "service_hours") == 0);
	if (o->service_hours) {
		if (calendar_parse_spec(cal, o->service_hours, &err) < 0)
			return cli_usage_error(name, "--service-hours: %s", err.msg);
		/* Hours restrict the population, unless they drive the clock:
		 * then an e-mail arriving at night counts, its wait starting
		 * when service opens. */
		q->filter.service_hours_only = !(o->clock && strcmp(o->clock, "service_hours") == 0);
	}
	if (o->holidays) {
		snprintf(buf, sizeof buf, "%s", o->holidays);
		for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			int y, m, d;

			if (date_parse(tok, &y, &m, &d) < 0 || calendar_add_holiday(cal, y, m, d) < 0)
				return cli_usage_error(name, "--holidays: '%s' is not a date YYYY-MM-DD", tok);
		}
	}
	q->filter.cal = cal;
	q->params.cal = cal;
	if (o->clock) {
		if (strcmp(o->clock, "elapsed") == 0)
			q->params.clock = CLOCK_ELAPSED;
		else if (strcmp(o->clock, "service_hours") == 0 && (o->service_hours || o->contracts))
			q->params.clock = CLOCK_SERVICE_HOURS;
		else
			return cli_usage_error(name, "--clock must be elapsed, or service_hours together "
			                       "with --service-hours or --contracts");
	}
	if (metric_params_check(&q->params, &err) < 0)
		return cli_usage_error(name, "%s: %s", err.field, err.msg);
	if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "json"))
		return cli_usage_error(name, "--format must be csv or json");
	return 0;
}

/* The store must be there and hold --client: an empty answer for a
 * mistyped directory or client would read as "no contacts". Lists the
 * clients of the store into *clients (owned: store_free_list). */
static int check_store(const char *name, const struct options *o, char ***clients, size_t *count)
{
	struct ccsla_error err;
	struct stat st;
	char path[4200], msg[1024];
	const char **sorted = NULL;
	size_t len = 0, i;

	snprintf(path, sizeof path, "%s/store", o->state);
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ccsla %s: %s: no record store here (ccsla ingest --state %s makes it)\n",
		        name, path, o->state);
		return EXIT_IO;
	}
	if (store_list_clients(o->state, clients, count, &err) < 0) {
		fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
		return EXIT_IO;
	}
	if (!o->client)
		return 0;
	for (i = 0; i < *count; i++)
		if (!strcmp((*clients)[i], o->client))
			return 0;
	if (!*count)
		return cli_usage_error(name, "--client '%s': the store %s holds no client yet", o->client, path);
	if (!(sorted = malloc(*count * sizeof *sorted))) {
		fprintf(stderr, "ccsla %s: out of memory\n", name);
		return EXIT_IO;
	}
	for (i = 0; i < *count; i++)
		sorted[i] = (*clients)[i];
	nearest_sort(o->client, sorted, *count);
	msg[0] = '\0';
	for (i = 0; i < *count && i < 10; i++)
		len += (size_t)snprintf(msg + len, len < sizeof msg ? sizeof msg - len : 0, "%s%s",
		                        i ? ", " : "", sorted[i]);
	if (*count > 10 && len < sizeof msg)
		snprintf(msg + len, sizeof msg - len, " and %zu more", *count - 10);
	free(sorted);
	return cli_usage_error(name, "--client '%s': the store holds no such client; it holds %s",
	                       o->client, msg);
}

static void client_contracts_release(struct client_contracts *cc)
{
	free(cc->setups);
	free(cc->cals);
	free(cc->used);
	contract_set_release(&cc->set);
}

/* --contracts: the contract in force on --from of every client covered
 * (--client, or the store's clients), which must still be in force on --to. */
static int client_contracts_load(const char *name, const struct options *o, char **clients, size_t count,
                                 struct client_contracts *cc)
{
	struct contract_diags d = { NULL, 0, 0 };
	char buf[1024], missing[512];
	size_t n = o->client ? 1 : count, k, len = 0, n_missing = 0;
	int y, m, dd, ret = EXIT_DATA;
	int64_t from_day, to_day;

	date_parse(o->from, &y, &m, &dd);
	from_day = civil_to_days(y, m, dd);
	date_parse(o->to, &y, &m, &dd);
	to_day = civil_to_days(y, m, dd);
	if (contract_set_load_dir(&cc->set, o->contracts, &d) < 0) {
		for (k = 0; k < d.count; k++)
			fprintf(stderr, "%s\n", ccsla_error_format(&d.items[k], buf, sizeof buf));
		fprintf(stderr, "ccsla %s: contracts have problems (see ccsla contract check); nothing measured\n",
		        name);
		goto done;
	}
	if (!(cc->setups = calloc(n ? n : 1, sizeof *cc->setups)) || !(cc->cals = calloc(n ? n : 1, sizeof *cc->cals)) ||
	    !(cc->used = calloc(n ? n : 1, sizeof *cc->used))) {
		fprintf(stderr, "ccsla %s: out of memory\n", name);
		ret = EXIT_IO;
		goto done;
	}
	missing[0] = '\0';
	for (k = 0; k < n; k++) {
		const char *client = o->client ? o->client : clients[k];
		const struct contract *c = contract_set_find(&cc->set, client, from_day);

		if (!c) {
			if (o->client) {
				ret = cli_no_contract_in_force(name, &cc->set, o->contracts, client, o->from);
				goto done;
			}
			if (len < sizeof missing)
				len += (size_t)snprintf(missing + len, sizeof missing - len, "%s%s", n_missing ? ", " : "",
				                        client);
			n_missing++;
			continue;
		}
		if (c->until_day < to_day) {
			days_to_civil(c->until_day, &y, &m, &dd);
			ret = cli_usage_error(name, "%s: contract %s ends on %04d-%02d-%02d, before --to %s: ask the "
			                      "days of each contract version apart", client, c->id, y, m, dd, o->to);
			goto done;
		}
		cc->used[cc->count] = c;
		cc->cals[cc->count] = c->cal;           /* hours and holidays; exclusions are SLA business */
		cc->cals[cc->count].exclusions = NULL;
		cc->cals[cc->count].exclusion_count = 0;
		cc->setups[cc->count].client = c->client;
		cc->setups[cc->count].zone = c->zone;
		cc->setups[cc->count].cal = &cc->cals[cc->count];
		cc->setups[cc->count].from_ms = tz_local_day_start(c->zone, from_day);
		cc->setups[cc->count].to_ms = tz_local_day_start(c->zone, to_day + 1);
		cc->count++;
	}
	if (n_missing) {
		fprintf(stderr, "ccsla %s: no contract in %s is in force on %s for %s (client%s of the store): name "
		        "the clients with --client, or add their contracts\n", name, o->contracts, o->from, missing,
		        n_missing > 1 ? "s" : "");
		goto done;
	}
	ret = 0;
done:
	contract_diags_release(&d);
	return ret;
}

static void cell_value(const struct column *col, struct metric_counts *c,
                       const struct metric_params *p, char *buf, size_t size, int *na)
{
	struct ratio r;

	*na = 0;
	if (col->kind == COL_COUNT) {
		snprintf(buf, size, "%lld", (long long)*(const int64_t *)((const char *)c + col->offset));
		return;
	}
	if (metric_value(c, p, (enum metric_id)col->metric, &r) < 0 || ratio_is_na(&r)) {
		*na = 1;
		snprintf(buf, size, "n/a");
		return;
	}
	ratio_format(&r, metric_decimals((enum metric_id)col->metric), buf, size);
}

static void write_csv(FILE *fp, const struct metrics_query *q, struct metrics_result *res)
{
	struct csvw w;
	char buf[128];
	int na;

	csvw_init(&w, fp);
	for (int i = 0; i < q->by_count; i++)
		csvw_text(&w, metrics_dim_name(q->by[i]));
	for (size_t k = 0; k < COLUMN_COUNT; k++)
		csvw_text(&w, columns[k].name);
	csvw_end_line(&w);
	for (size_t g = 0; g < res->count; g++) {
		for (int i = 0; i < q->by_count; i++) {
			metrics_group_label(res->groups[g], q->by[i], q->zone, buf, sizeof buf);
			csvw_text(&w, buf);
		}
		for (size_t k = 0; k < COLUMN_COUNT; k++) {
			cell_value(&columns[k], &res->groups[g]->counts, &q->params, buf, sizeof buf, &na);
			csvw_number(&w, buf);
		}
		csvw_end_line(&w);
	}
}

static void write_json(FILE *fp, const struct metrics_query *q, struct metrics_result *res,
                       const struct options *o, const struct client_contracts *cc)
{
	struct jsonw j;
	char buf[128];
	int na;

	jsonw_init(&j, fp);
	jsonw_object_begin(&j);
	jsonw_key(&j, "parameters");
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "client", q->client ? q->client : "all");
	if (o->contracts) {
		jsonw_kv_string(&j, "timezone", "each client's contract");
		jsonw_key(&j, "contracts");
		jsonw_object_begin(&j);
		for (size_t i = 0; i < cc->count; i++) {
			jsonw_key(&j, cc->used[i]->client);
			jsonw_object_begin(&j);
			jsonw_kv_string(&j, "contract", cc->used[i]->id);
			jsonw_kv_string(&j, "file", cc->used[i]->path);
			jsonw_kv_string(&j, "timezone", cc->used[i]->timezone);
			jsonw_kv_string(&j, "service_hours", cc->used[i]->cal.has_hours ? "the contract's"
			                                                                 : "around the clock");
			jsonw_kv_int(&j, "holidays", (int64_t)cc->used[i]->cal.holiday_count);
			jsonw_object_end(&j);
		}
		jsonw_object_end(&j);
	} else {
		jsonw_kv_string(&j, "timezone", tz_name(q->zone));
	}
	if (o->from)
		jsonw_kv_string(&j, "from", o->from);
	if (o->to)
		jsonw_kv_string(&j, "to", o->to);
	jsonw_key(&j, "by");
	jsonw_array_begin(&j);
	for (int i = 0; i < q->by_count; i++)
		jsonw_string(&j, metrics_dim_name(q->by[i]));
	jsonw_array_end(&j);
	jsonw_kv_int(&j, "interval_min", q->interval_min);
	jsonw_kv_string(&j, "direction", q->filter.direction < 0 ? "both"
	                                 : direction_name(q->filter.direction));
	jsonw_kv_int(&j, "threshold_s", q->params.threshold_s);
	jsonw_kv_int(&j, "short_abandon_s", q->params.short_abandon_s);
	jsonw_kv_string(&j, "abandons", abandons_rule_name(q->params.abandons));
	jsonw_kv_string(&j, "callbacks", count_rule_name(q->params.callbacks));
	jsonw_kv_string(&j, "overflow", count_rule_name(q->params.overflow));
	jsonw_kv_string(&j, "clock", q->params.clock == CLOCK_SERVICE_HOURS ? "service_hours"
	                                                                     : "elapsed");
	if (o->service_hours)
		jsonw_kv_string(&j, "service_hours", o->service_hours);
	if (o->holidays)
		jsonw_kv_string(&j, "holidays", o->holidays);
	jsonw_kv_string(&j, "fcr", q->params.fcr == FCR_REPEAT ? "repeat" : "recorded");
	if (q->params.fcr == FCR_REPEAT)
		jsonw_kv_int(&j, "fcr_window_days", q->params.fcr_window_days);
	jsonw_kv_int(&j, "contacts_read", res->contacts_read);
	jsonw_object_end(&j);
	jsonw_key(&j, "groups");
	jsonw_array_begin(&j);
	for (size_t g = 0; g < res->count; g++) {
		jsonw_object_begin(&j);
		for (int i = 0; i < q->by_count; i++) {
			metrics_group_label(res->groups[g], q->by[i], q->zone, buf, sizeof buf);
			jsonw_kv_string(&j, metrics_dim_name(q->by[i]), buf);
		}
		for (size_t k = 0; k < COLUMN_COUNT; k++) {
			cell_value(&columns[k], &res->groups[g]->counts, &q->params, buf, sizeof buf, &na);
			jsonw_key(&j, columns[k].name);
			if (na)
				jsonw_null(&j); /* n/a: no value, never 0 */
			else
				jsonw_raw(&j, buf);
		}
		for (size_t k = 0; k < sizeof extra_counts / sizeof *extra_counts; k++) {
			cell_value(&extra_counts[k], &res->groups[g]->counts, &q->params, buf,
			           sizeof buf, &na);
			jsonw_key(&j, extra_counts[k].name);
			jsonw_raw(&j, buf);
		}
		jsonw_object_end(&j);
	}
	jsonw_array_end(&j);
	jsonw_object_end(&j);
	jsonw_finish(&j);
}

/* --kind, --causes, --pass-score: *ops 1 for an operations-log kind. */
static int ops_options(const char *name, const struct options *o, const struct metrics_query *q,
                       struct ops_query *oq, int *ops)
{
	int complaint = o->kind && strcmp(o->kind, "complaint") == 0;

	oq->pass_score_cents = -1;
	oq->ack = oq->resolve = (struct complaint_deadline){ -1, -1 };
	oq->caused_by = CAUSED_ALL;
	if (!complaint && (o->ack_within || o->resolve_within || o->caused_by))
		return cli_usage_error(name, "--ack-within, --resolve-within and --caused-by are for --kind complaint");
	oq->lock_days = -1;
	oq->interval_given = o->interval != NULL;
	if (!o->kind || strcmp(o->kind, "interaction") == 0) {
		if (o->causes || o->pass_score || o->lock_days)
			return cli_usage_error(name, "--causes is for --kind outage, --pass-score for --kind quality, "
			                       "--lock-days for --kind forecast");
		return 0;
	}
	if (strcmp(o->kind, "outage") && strcmp(o->kind, "quality") && strcmp(o->kind, "forecast") && !complaint)
		return cli_usage_error(name, "--kind must be interaction, outage, quality, complaint or forecast, not '%s'",
		                       o->kind);
	*ops = 1;
	if (complaint) {
		if (o->ack_within && complaint_deadline_parse(o->ack_within, &oq->ack) < 0)
			return cli_usage_error(name, "--ack-within wants working days or service hours, e.g. 2d or 16h, "
			                       "not '%s'", o->ack_within);
		if (o->resolve_within && complaint_deadline_parse(o->resolve_within, &oq->resolve) < 0)
			return cli_usage_error(name, "--resolve-within wants working days or service hours, e.g. 10d or "
			                       "80h, not '%s'", o->resolve_within);
		if (!o->contracts && (!o->ack_within || !o->resolve_within))
			return cli_usage_error(name, "--kind complaint needs --ack-within and --resolve-within (e.g. 2d "
			                       "and 10d), or --contracts whose complaint_ack and complaint_resolved SLAs "
			                       "give the deadlines");
		if (o->caused_by) {
			char buf[256];

			oq->caused_by = 0;
			snprintf(buf, sizeof buf, "%s", o->caused_by);
			for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				int c = complaint_cause_parse(tok);

				if (c < 0)
					return cli_usage_error(name, "--caused-by: unknown value '%s' (ccc, client, unknown)", tok);
				oq->caused_by |= 1u << c;
			}
		}
	}
	if (o->lock_days) {
		char *end;
		long v = strtol(o->lock_days, &end, 10);

		if (strcmp(o->kind, "forecast"))
			return cli_usage_error(name, "--lock-days is for --kind forecast");
		if (!*o->lock_days || *end || v < 0 || v > 366)
			return cli_usage_error(name, "--lock-days must be a whole number of days 0 to 366, not '%s'",
			                       o->lock_days);
		oq->lock_days = (int)v;
	}
	if (o->causes) {
		char buf[256];

		if (strcmp(o->kind, "outage"))
			return cli_usage_error(name, "--causes is for --kind outage");
		snprintf(buf, sizeof buf, "%s", o->causes);
		for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			int c = outage_cause_parse(tok);

			if (c < 0)
				return cli_usage_error(name, "--causes: unknown cause '%s' (ccc, client, third-party, "
				                       "force-majeure)", tok);
			oq->causes |= 1u << c;
		}
	}
	if (o->pass_score) {
		char *end;
		double v;

		if (strcmp(o->kind, "quality"))
			return cli_usage_error(name, "--pass-score is for --kind quality");
		v = strtod(o->pass_score, &end);
		/* at most 2 decimals: the score's own precision */
		if (!*o->pass_score || *end || v < 0 || v > 100 ||
		    strspn(o->pass_score, "0123456789.") != strlen(o->pass_score) ||
		    (strchr(o->pass_score, '.') && strlen(strchr(o->pass_score, '.')) > 3))
			return cli_usage_error(name, "--pass-score must be a score 0 to 100 with at most 2 decimals");
		oq->pass_score_cents = (int64_t)(v * 100 + 0.5);
	}
	return metrics_ops_check(name, o->kind, q);
}

static int run(int argc, char **argv)
{
	struct options o;
	struct metrics_query q;
	struct metrics_result res = { 0 };
	struct tz *zone = NULL;
	struct calendar cal;
	struct ccsla_error err;
	struct atomic_file af;
	struct client_contracts cc;
	char msg[1024], **clients = NULL;
	size_t client_count = 0;
	FILE *fp = stdout;
	int ret, have_cal = 0, json, ops = 0;
	struct ops_query oq;

	memset(&cc, 0, sizeof cc);
	memset(&oq, 0, sizeof oq);
	calendar_init(&cal, NULL);
	if ((ret = parse_options(argc, argv, &o)) != 0)
		return ret;
	have_cal = 1;
	if ((ret = build_query(argv[0], &o, &q, &zone, &cal)) != 0)
		goto done;
	if ((ret = ops_options(argv[0], &o, &q, &oq, &ops)) != 0)
		goto done;
	if ((ret = check_store(argv[0], &o, &clients, &client_count)) != 0)
		goto done;
	if (o.contracts) {
		if ((ret = client_contracts_load(argv[0], &o, clients, client_count, &cc)) != 0)
			goto done;
		q.setups = cc.setups;
		q.setup_count = cc.count;
	} else if (!o.tz) {
		fprintf(stderr, "ccsla metrics: days and intervals are UTC (no --tz or --contracts given)\n");
	}
	json = o.format && strcmp(o.format, "json") == 0;
	if (ops) {
		oq.q = &q;
		oq.clients = clients;
		oq.client_count = client_count;
		oq.contracts = o.contracts ? cc.used : NULL;
		oq.json = json;
		if (o.output) {
			if (atomic_open(&af, o.output, &err) < 0) {
				fprintf(stderr, "ccsla metrics: %s\n", ccsla_error_format(&err, msg, sizeof msg));
				ret = EXIT_IO;
				goto done;
			}
			fp = af.fp;
		}
		if ((ret = strcmp(o.kind, "forecast") ? metrics_ops_run(argv[0], o.kind, &oq, fp)
		                                      : metrics_forecast_run(argv[0], &oq, fp)) != 0) {
			if (o.output)
				atomic_abort(&af);
			goto done;
		}
		goto written;
	}
	if (metrics_query_run(&q, &res, &err) < 0) {
		fprintf(stderr, "ccsla metrics: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		ret = EXIT_IO;
		goto done;
	}
	if (o.output) {
		if (atomic_open(&af, o.output, &err) < 0) {
			fprintf(stderr, "ccsla metrics: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			ret = EXIT_IO;
			goto done;
		}
		fp = af.fp;
	}
	if (json)
		write_json(fp, &q, &res, &o, &cc);
	else
		write_csv(fp, &q, &res);
written:
	if (o.output) {
		if (atomic_commit(&af, &err) < 0) {
			fprintf(stderr, "ccsla metrics: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			ret = EXIT_IO;
			goto done;
		}
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ccsla metrics: cannot write the output\n");
		ret = EXIT_IO;
		goto done;
	}
	ret = EXIT_OK;
done:
	client_contracts_release(&cc);
	store_free_list(clients, client_count);
	metrics_result_release(&res);
	if (have_cal)
		calendar_release(&cal);
	tz_free(zone);
	return ret;
}

const struct command cmd_metrics_def = {
	"metrics", run,
	"ccsla metrics --state DIR [--client ID] [--from DATE --to DATE] [--by COLS] [--kind KIND] [options]",
	"the metric catalogue per client, period, channel or queue",
	"Reads the record store and prints the counts and metrics of the catalogue\n"
	"(pipeline/metrics/METRICS.md in the sources), one row per group, sorted by\n"
	"the grouping columns. A contact belongs to the local interval, day, week\n"
	"and month of its arrived_at in --tz (or its client's contract's zone with\n"
	"--contracts).\n"
	"\n"
	"  --state DIR            state directory holding store/ (required; exit 3\n"
	"                         when there is no store)\n"
	"  --client ID            one client (default: every client); one the store\n"
	"                         does not hold is exit 2, naming those it holds\n"
	"  --from DATE, --to DATE first and last local day, YYYY-MM-DD (default: all)\n"
	"  --by COLS              grouping columns, in order: client, month, week, day,\n"
	"                         interval, channel, queue (default client,day,channel)\n"
	"  --interval 15|30|60    interval length in minutes (default 30)\n"
	"  --tz ZONE              IANA zone of days and intervals (default UTC, said\n"
	"                         on standard error)\n"
	"  --contracts DIR|FILE   each client's zone, service hours and holidays are\n"
	"                         those of its contract in force on --from, as if\n"
	"                         given by --tz, --service-hours and --holidays (needs\n"
	"                         --from and --to; not with those three; exclusion\n"
	"                         windows are not applied: ccsla evaluate does)\n"
	"  --threshold S          service-level threshold in seconds (default 20)\n"
	"  --short-abandon S      abandons within S seconds are short (default 0: none)\n"
	"  --abandons RULE        against | ignore | favour (default against)\n"
	"  --callbacks RULE       ignore | against (default ignore)\n"
	"  --overflow RULE        against | ignore (default against)\n"
	"  --service-hours SPEC   a contract's service_hours lines joined by ';', e.g.\n"
	"                         'mon-fri: 08:00-20:00; sat: 09:00-14:00' (sun-thu wraps):\n"
	"                         only contacts\n"
	"                         arriving inside these local hours count (with\n"
	"                         --clock service_hours: every contact counts and\n"
	"                         only waits are measured in these hours)\n"
	"  --holidays DATES       comma-separated local dates closed all day\n"
	"  --clock CLOCK          elapsed | service_hours (waits count service time only)\n"
	"  --fcr METHOD           recorded | repeat:DAYS (default recorded)\n"
	"  --direction DIR        inbound | outbound | both (default inbound)\n"
	"  --format FMT           csv | json (default csv); n/a is null in JSON\n"
	"  --output FILE          write there atomically instead of standard output\n"
	"  --kind KIND            interaction (default), or an operations log:\n"
	"                         outage (service_s, outage_s, outages,\n"
	"                         availability_pct over service hours) or quality\n"
	"                         (evaluations, passed, failed, undecided,\n"
	"                         critical_errors, answered, quality_score_avg,\n"
	"                         quality_pass_pct, critical_error_pct,\n"
	"                         quality_sample_pct), complaint (received,\n"
	"                         ack_in_time, ack_late, ack_pending,\n"
	"                         resolved_in_time, resolved_late, resolved_pending,\n"
	"                         complaint_ack_within_pct,\n"
	"                         complaint_resolved_within_pct, complaint_backlog,\n"
	"                         oldest_age_working_days) or forecast (intervals,\n"
	"                         offered, forecast, abs_error,\n"
	"                         forecast_accuracy_pct of the intervals with a\n"
	"                         forecast); needs --from and --to; --by client,\n"
	"                         month, week, day, channel (forecast: interval too)\n"
	"  --causes LIST          outage: causes counted (ccc, client, third-party,\n"
	"                         force-majeure; default ccc,third-party)\n"
	"  --pass-score N         quality: a score >= N passes where passed is empty\n"
	"                         (default: the contract's quality.pass_score)\n"
	"  --ack-within D, --resolve-within D\n"
	"                         complaint: the deadlines, Nd (N working days: the\n"
	"                         end of the N-th open day after day 0) or Nh (N\n"
	"                         service hours); default: the contract's\n"
	"                         complaint_ack / complaint_resolved SLA\n"
	"  --caused-by LIST       complaint: the cases counted (ccc, client, unknown;\n"
	"                         default all)\n"
	"  --lock-days N          forecast: the forecast that counts was published N\n"
	"                         whole local days before the interval's day\n"
	"                         (default: the contract's forecast.lock_days, or 0:\n"
	"                         the latest published before the interval starts);\n"
	"                         without --interval, the contract's\n"
	"                         forecast.interval_min\n"
	"\n"
	"Every day, week, month and interval of the period (--from to --to, or the\n"
	"first to the last contact counted) is a row with offered 0 where no contact\n"
	"arrived, for each client, channel and queue that has contacts; a client\n"
	"covered (--client, --contracts, or the store's) with no contact at all has\n"
	"its rows with empty channel and queue. Intervals are labelled with their UTC\n"
	"offset (2026-10-25T02:00+01:00), so the repeated hour of a daylight-saving\n"
	"change is unambiguous. A metric whose denominator is 0 prints n/a.\n",
	"with --contracts: a contract has problems, or a client has no\n"
	"     contract in force on --from",
	0,
};
