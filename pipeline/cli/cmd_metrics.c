/* cmd_metrics.c -- `ccsla metrics`: the metric catalogue of metrics.md for
 * any grouping, as CSV or JSON, from the record store.
 *
 * The figures come from the same engine as SLA evaluation and the reports
 * (metrics.h); this file only reads options and prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "core/timefmt.h"
#include "metrics/metrics_query.h"
#include "cli.h"

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
		else if (strcmp(o->clock, "service_hours") == 0 && o->service_hours)
			q->params.clock = CLOCK_SERVICE_HOURS;
		else
			return cli_usage_error(name, "--clock must be elapsed, or service_hours together "
			                       "with --service-hours");
	}
	if (metric_params_check(&q->params, &err) < 0)
		return cli_usage_error(name, "%s: %s", err.field, err.msg);
	if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "json"))
		return cli_usage_error(name, "--format must be csv or json");
	return 0;
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
                       const struct options *o)
{
	struct jsonw j;
	char buf[128];
	int na;

	jsonw_init(&j, fp);
	jsonw_object_begin(&j);
	jsonw_key(&j, "parameters");
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "client", q->client ? q->client : "all");
	jsonw_kv_string(&j, "timezone", tz_name(q->zone));
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

static int run(int argc, char **argv)
{
	struct options o;
	struct metrics_query q;
	struct metrics_result res = { 0 };
	struct tz *zone = NULL;
	struct calendar cal;
	struct ccsla_error err;
	struct atomic_file af;
	char msg[1024];
	FILE *fp = stdout;
	int ret, have_cal = 0, json;

	calendar_init(&cal, NULL);
	if ((ret = parse_options(argc, argv, &o)) != 0)
		return ret;
	have_cal = 1;
	if ((ret = build_query(argv[0], &o, &q, &zone, &cal)) != 0)
		goto done;
	json = o.format && strcmp(o.format, "json") == 0;
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
		write_json(fp, &q, &res, &o);
	else
		write_csv(fp, &q, &res);
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
	metrics_result_release(&res);
	if (have_cal)
		calendar_release(&cal);
	tz_free(zone);
	return ret;
}

const struct command cmd_metrics_def = {
	"metrics", run,
	"ccsla metrics --state DIR [--client ID] [--from DATE --to DATE] [--by COLS] [options]",
	"metrics of metrics.md per client, period, channel or queue",
	"Reads the record store and prints the counts and metrics of metrics.md, one row\n"
	"per group, sorted by the grouping columns. A contact belongs to the local\n"
	"interval, day, week and month of its arrived_at in --tz.\n"
	"\n"
	"  --state DIR            state directory holding store/ (required)\n"
	"  --client ID            one client (default: every client)\n"
	"  --from DATE, --to DATE first and last local day, YYYY-MM-DD (default: all)\n"
	"  --by COLS              grouping columns, in order: client, month, week, day,\n"
	"                         interval, channel, queue (default client,day,channel)\n"
	"  --interval 15|30|60    interval length in minutes (default 30)\n"
	"  --tz ZONE              IANA zone of days and intervals (default UTC)\n"
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
	"\n"
	"Intervals are labelled with their UTC offset (2026-10-25T02:00+01:00), so the\n"
	"repeated hour of a daylight-saving change is unambiguous. A metric whose\n"
	"denominator is 0 prints n/a.\n",
	NULL, /* never exits 1 */
	0,
};
