/* cmd_staffing.c -- `ccsla staffing`: required agents per local interval
 * (Erlang C or Erlang A) from the record store, as CSV or JSON.
 *
 * The figures come from pipeline/metrics/staffing.h; this file reads
 * options and prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "core/calendar.h"
#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "metrics/staffing.h"
#include "cli.h"

struct options {
	const char *state, *client, *from, *to, *tz, *interval, *channels, *criterion, *target;
	const char *threshold, *model, *aht, *arrivals, *weekdays, *format, *output, *lock_days;
	int profile, from_forecast;
};

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
		OPT("--tz", tz), OPT("--interval", interval), OPT("--channels", channels),
		OPT("--criterion", criterion), OPT("--target", target), OPT("--threshold", threshold),
		OPT("--model", model), OPT("--aht", aht), OPT("--arrivals", arrivals),
		OPT("--weekdays", weekdays), OPT("--format", format), OPT("--output", output),
		OPT("--lock-days", lock_days),
#undef OPT
	};

	memset(o, 0, sizeof *o);
	for (int i = 1; i < argc; i++) {
		int bad = 0, found = 0;

		if (strcmp(argv[i], "--profile") == 0) {
			o->profile = 1;
			continue;
		}
		if (strcmp(argv[i], "--from-forecast") == 0) {
			o->from_forecast = 1;
			continue;
		}
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

/* A decimal number >= 0 ("0.5", "80", "240"); -1 when not one. */
static int parse_decimal(const char *text, double *out)
{
	char *end;
	double v;

	if (!*text || !((*text >= '0' && *text <= '9') || *text == '.'))
		return -1;
	v = strtod(text, &end);
	if (*end || !isfinite(v) || v < 0)
		return -1;
	*out = v;
	return 0;
}

static int day_of(const char *name, const char *opt, const char *text, int64_t *day)
{
	int y, m, d;

	if (date_parse(text, &y, &m, &d) < 0)
		return cli_usage_error(name, "%s '%s' is not a date YYYY-MM-DD", opt, text);
	*day = civil_to_days(y, m, d);
	return 0;
}

static int build(const char *name, const struct options *o, struct metrics_query *q,
                 struct staffing_params *sp, struct tz **zone)
{
	struct ccsla_error err;
	int64_t from_day, to_day;
	int v;

	memset(q, 0, sizeof *q);
	memset(sp, 0, sizeof *sp);
	metric_params_default(&q->params);
	q->params.keep_waits = 0; /* no percentiles here: memory per interval only */
	metrics_filter_default(&q->filter);
	if (!o->state || !o->client || !o->from || !o->to)
		return cli_usage_error(name, "--state, --client, --from and --to are required");
	if (day_of(name, "--from", o->from, &from_day) || day_of(name, "--to", o->to, &to_day))
		return EXIT_USAGE;
	if (to_day < from_day)
		return cli_usage_error(name, "--to must not be before --from");
	if (tz_load(zone, o->tz ? o->tz : "UTC", &err) < 0)
		return cli_usage_error(name, "--tz: %s", err.msg);
	q->state_dir = o->state;
	q->client = o->client;
	q->zone = *zone;
	q->from_ms = tz_local_day_start(*zone, from_day);
	q->to_ms = tz_local_day_start(*zone, to_day + 1);
	q->interval_min = 30;
	if (o->interval) {
		if (strcmp(o->interval, "15") && strcmp(o->interval, "30") && strcmp(o->interval, "60"))
			return cli_usage_error(name, "--interval must be 15, 30 or 60, not '%s'", o->interval);
		q->interval_min = atoi(o->interval);
	}
	q->by[0] = DIM_INTERVAL;
	q->by_count = 1;
	if (o->channels) {
		char buf[256];

		snprintf(buf, sizeof buf, "%s", o->channels);
		for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if ((v = channel_parse(tok)) < 0)
				return cli_usage_error(name, "--channels: unknown channel '%s' (voice, chat, email, "
				                       "messaging, social, letter, video)", tok);
			q->filter.channels |= 1u << v;
		}
	}
	sp->model = ERLANG_C;
	if (o->model && (v = erlang_model_parse(o->model)) < 0)
		return cli_usage_error(name, "--model must be erlang-c or erlang-a, not '%s'", o->model);
	if (o->model)
		sp->model = (enum erlang_model)v;
	sp->criterion = CRIT_SL;
	if (o->criterion && (v = staffing_criterion_parse(o->criterion)) < 0)
		return cli_usage_error(name, "--criterion must be sl, asa or pwait, not '%s'", o->criterion);
	if (o->criterion)
		sp->criterion = (enum staffing_criterion)v;
	if (!o->target && sp->criterion != CRIT_SL)
		return cli_usage_error(name, "--criterion %s needs --target (%s)", o->criterion,
		                       sp->criterion == CRIT_ASA ? "seconds" : "a probability, e.g. 0.2");
	sp->target = 80;
	if (o->target && parse_decimal(o->target, &sp->target) < 0)
		return cli_usage_error(name, "--target '%s' is not a number >= 0", o->target);
	if (sp->criterion == CRIT_SL) {
		if (sp->target <= 0 || sp->target >= 100)
			return cli_usage_error(name, "--target of sl is a percentage above 0 and below 100, "
			                       "not '%s'", o->target);
		sp->target /= 100.0;
	} else if (sp->criterion == CRIT_PWAIT && (sp->target <= 0 || sp->target >= 1)) {
		return cli_usage_error(name, "--target of pwait is a probability above 0 and below 1, not '%s'",
		                       o->target);
	} else if (sp->criterion == CRIT_ASA && sp->target <= 0) {
		return cli_usage_error(name, "--target of asa is seconds above 0, not '%s'", o->target);
	}
	sp->threshold_s = 20;
	if (o->threshold && parse_decimal(o->threshold, &sp->threshold_s) < 0)
		return cli_usage_error(name, "--threshold '%s' is not seconds >= 0", o->threshold);
	if (o->aht && (parse_decimal(o->aht, &sp->aht_fixed_s) < 0 || sp->aht_fixed_s <= 0))
		return cli_usage_error(name, "--aht '%s' is not seconds above 0", o->aht);
	if (o->arrivals) {
		if (strcmp(o->arrivals, "all") == 0)
			sp->arrivals_all = 1;
		else if (strcmp(o->arrivals, "offered") != 0)
			return cli_usage_error(name, "--arrivals must be offered or all, not '%s'", o->arrivals);
	}
	if (o->weekdays && calendar_parse_days(o->weekdays, &sp->weekdays, &err) < 0)
		return cli_usage_error(name, "--weekdays: %s", err.msg);
	sp->profile = o->profile;
	sp->from_forecast = o->from_forecast;
	if (o->lock_days) {
		char *end;
		long v = strtol(o->lock_days, &end, 10);

		if (!o->from_forecast)
			return cli_usage_error(name, "--lock-days is a rule of --from-forecast");
		if (*end || o->lock_days[0] < '0' || o->lock_days[0] > '9' || v > 366)
			return cli_usage_error(name, "--lock-days wants 0 to 366 days, not '%s'", o->lock_days);
		sp->lock_days = (int)v;
	}
	if (o->from_forecast && o->profile)
		return cli_usage_error(name, "--from-forecast plans interval by interval: not with --profile");
	if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "json"))
		return cli_usage_error(name, "--format must be csv or json");
	return 0;
}

static int check_store(const char *name, const struct options *o)
{
	struct ccsla_error err;
	struct stat st;
	char path[4200], msg[1024], **clients = NULL;
	size_t count = 0, i;
	int found = 0;

	snprintf(path, sizeof path, "%s/store", o->state);
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ccsla %s: %s: no record store here (ccsla ingest --state %s makes it)\n",
		        name, path, o->state);
		return EXIT_IO;
	}
	if (store_list_clients(o->state, &clients, &count, &err) < 0) {
		fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
		return EXIT_IO;
	}
	for (i = 0; i < count; i++)
		found |= strcmp(clients[i], o->client) == 0;
	store_free_list(clients, count);
	if (!found)
		return cli_usage_error(name, "--client '%s': the store %s holds no such client "
		                       "(ccsla metrics --state %s lists them)", o->client, path, o->state);
	return 0;
}

/* The row's label: the interval with its offset, or the profile's HH:MM. */
static void row_label(const struct staffing_row *r, int profile, char *buf, size_t size)
{
	struct metrics_group g;

	if (profile) {
		snprintf(buf, size, "%02d:%02d", (int)(r->minute_of_day / 60), (int)(r->minute_of_day % 60));
		return;
	}
	memset(&g, 0, sizeof g);
	g.interval_ms = r->interval_ms;
	g.interval_offset_s = r->offset_s;
	metrics_group_label(&g, DIM_INTERVAL, NULL, buf, size);
}

static void write_csv(FILE *fp, const char *client, const struct staffing_result *res, int profile,
                      int from_forecast)
{
	struct csvw w;
	char buf[64];

	csvw_init(&w, fp);
	csvw_text(&w, "client");
	csvw_text(&w, profile ? "time_of_day" : "interval");
	if (profile)
		csvw_text(&w, "days");
	for (int k = 0; k < STAFF_COUNT; k++) {
		csvw_text(&w, staffing_col_names[k]);
		if (k == STAFF_OFFERED && from_forecast)
			csvw_text(&w, "actual_offered");
	}
	csvw_end_line(&w);
	for (size_t i = 0; i < res->count; i++) {
		csvw_text(&w, client);
		row_label(&res->rows[i], profile, buf, sizeof buf);
		csvw_text(&w, buf);
		if (profile) {
			snprintf(buf, sizeof buf, "%lld", (long long)res->rows[i].days);
			csvw_number(&w, buf);
		}
		for (int k = 0; k < STAFF_COUNT; k++) {
			if (!staffing_cell(&res->rows[i], k, profile, res->have_agents, buf, sizeof buf))
				snprintf(buf, sizeof buf, "n/a");
			csvw_number(&w, buf);
			if (k == STAFF_OFFERED && from_forecast) {
				snprintf(buf, sizeof buf, "%.0f", res->rows[i].actual_offered);
				csvw_number(&w, buf);
			}
		}
		csvw_end_line(&w);
	}
}

static void kv_double(struct jsonw *j, const char *key, const char *fmt, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, fmt, v);
	jsonw_key(j, key);
	jsonw_raw(j, buf);
}

static void write_json(FILE *fp, const struct options *o, const struct metrics_query *q,
                       const struct staffing_params *sp, const struct staffing_result *res)
{
	struct jsonw j;
	char buf[64];

	jsonw_init(&j, fp);
	jsonw_object_begin(&j);
	jsonw_key(&j, "parameters");
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "client", o->client);
	jsonw_kv_string(&j, "timezone", tz_name(q->zone));
	jsonw_kv_string(&j, "from", o->from);
	jsonw_kv_string(&j, "to", o->to);
	jsonw_kv_int(&j, "interval_min", q->interval_min);
	jsonw_kv_string(&j, "channels", o->channels ? o->channels : "all");
	jsonw_kv_string(&j, "weekdays", o->weekdays ? o->weekdays : "all");
	jsonw_kv_int(&j, "days", res->days);
	jsonw_kv_string(&j, "arrivals", sp->arrivals_all ? "all" : "offered");
	jsonw_kv_string(&j, "model", erlang_model_name(sp->model));
	jsonw_kv_string(&j, "criterion", staffing_criterion_name(sp->criterion));
	kv_double(&j, "target", "%.10g", sp->criterion == CRIT_SL ? 100.0 * sp->target : sp->target);
	kv_double(&j, "threshold_s", "%.10g", sp->threshold_s);
	if (sp->aht_fixed_s > 0)
		kv_double(&j, "aht_s", "%.10g", sp->aht_fixed_s);
	else
		jsonw_kv_string(&j, "aht_s", "measured per interval");
	if (res->period_aht_s < 0) {
		jsonw_key(&j, "period_aht_s");
		jsonw_null(&j);
	} else {
		kv_double(&j, "period_aht_s", "%.3f", res->period_aht_s);
	}
	if (sp->model == ERLANG_A) {
		jsonw_kv_int(&j, "theta_abandons", res->theta_abandons);
		kv_double(&j, "theta_queue_s", "%.3f", res->theta_queue_s);
		kv_double(&j, "theta_per_s", "%.9g", res->theta_per_s);
	}
	if (sp->from_forecast) {
		jsonw_kv_int(&j, "lock_days", sp->lock_days);
		jsonw_kv_int(&j, "forecast_intervals", res->forecast_intervals);
		if (isnan(res->forecast_accuracy_pct)) {
			jsonw_key(&j, "forecast_accuracy_pct");
			jsonw_null(&j);
		} else {
			kv_double(&j, "forecast_accuracy_pct", "%.2f", res->forecast_accuracy_pct);
		}
	}
	jsonw_kv_string(&j, "agent_state", res->have_agents ? "the client's and the shared agents"
	                                                    : "none in the state");
	jsonw_kv_int(&j, "contacts_read", res->contacts_read);
	jsonw_object_end(&j);
	jsonw_key(&j, "intervals");
	jsonw_array_begin(&j);
	for (size_t i = 0; i < res->count; i++) {
		const struct staffing_row *r = &res->rows[i];

		jsonw_object_begin(&j);
		row_label(r, sp->profile, buf, sizeof buf);
		jsonw_kv_string(&j, sp->profile ? "time_of_day" : "interval", buf);
		if (sp->profile)
			jsonw_kv_int(&j, "days", r->days);
		for (int k = 0; k < STAFF_COUNT; k++) {
			jsonw_key(&j, staffing_col_names[k]);
			if (staffing_cell(r, k, sp->profile, res->have_agents, buf, sizeof buf))
				jsonw_raw(&j, buf);
			else
				jsonw_null(&j);
			if (k == STAFF_OFFERED && sp->from_forecast) {
				snprintf(buf, sizeof buf, "%.0f", r->actual_offered);
				jsonw_key(&j, "actual_offered");
				jsonw_raw(&j, buf);
			}
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
	struct staffing_params sp;
	struct staffing_result res = { 0 };
	struct tz *zone = NULL;
	struct ccsla_error err;
	struct atomic_file af;
	char msg[1024];
	FILE *fp = stdout;
	int ret;

	if ((ret = parse_options(argc, argv, &o)) != 0)
		return ret;
	if ((ret = build(argv[0], &o, &q, &sp, &zone)) != 0)
		goto done;
	if ((ret = check_store(argv[0], &o)) != 0)
		goto done;
	if (!o.tz)
		fprintf(stderr, "ccsla staffing: days and intervals are UTC (no --tz given)\n");
	if (staffing_run(&q, &sp, &res, &err) < 0) {
		fprintf(stderr, "ccsla staffing: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		ret = EXIT_DATA;
		goto done;
	}
	for (size_t i = 0; i < res.count; i++)
		if (res.rows[i].required < 0 && !res.rows[i].no_forecast) {
			fprintf(stderr, "ccsla staffing: no handle time in the data (no answered contact with "
			        "talk, hold or wrap): give --aht SECONDS\n");
			ret = EXIT_DATA;
			goto done;
		}
	if (o.output) {
		if (atomic_open(&af, o.output, &err) < 0) {
			fprintf(stderr, "ccsla staffing: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			ret = EXIT_IO;
			goto done;
		}
		fp = af.fp;
	}
	if (o.format && strcmp(o.format, "json") == 0)
		write_json(fp, &o, &q, &sp, &res);
	else
		write_csv(fp, o.client, &res, sp.profile, sp.from_forecast);
	if (o.output) {
		if (atomic_commit(&af, &err) < 0) {
			fprintf(stderr, "ccsla staffing: %s\n", ccsla_error_format(&err, msg, sizeof msg));
			ret = EXIT_IO;
			goto done;
		}
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ccsla staffing: cannot write the output\n");
		ret = EXIT_IO;
		goto done;
	}
	ret = EXIT_OK;
done:
	staffing_result_release(&res);
	tz_free(zone);
	return ret;
}

const struct command cmd_staffing_def = {
	"staffing", run,
	"ccsla staffing --state DIR --client ID --from DATE --to DATE [options]",
	"required agents per interval (Erlang C or Erlang A)",
	"Reads the record store and prints, per local interval of the period, the\n"
	"contacts offered, their handle time, the traffic in Erlangs (offered x AHT /\n"
	"interval), the agents required by the model and criterion, and the model's\n"
	"service level, ASA, probability of waiting and abandon share with that\n"
	"staff. When the state holds an agent-state log (ingested like any log),\n"
	"staffed_agents (available + handling + wrap time / interval), occupancy_pct\n"
	"(handling + wrap / staffed) and shortfall (required - staffed, when positive)\n"
	"count the client's agents and the shared ones; else they are n/a.\n"
	"Formulas: README \"Staffing\" and pipeline/metrics/erlang.h.\n"
	"\n"
	"  --state DIR            state directory holding store/ (required)\n"
	"  --client ID            the client (required)\n"
	"  --from DATE, --to DATE first and last local day, YYYY-MM-DD (required)\n"
	"  --tz ZONE              IANA zone of days and intervals (default UTC)\n"
	"  --interval 15|30|60    interval length in minutes (default 30)\n"
	"  --channels LIST        comma-separated channels (default all)\n"
	"  --model MODEL          erlang-c | erlang-a (default erlang-c); erlang-a takes\n"
	"                         the patience from the data: abandons / time in queue\n"
	"  --criterion CRIT       sl | asa | pwait (default sl)\n"
	"  --target X             sl: percent answered within --threshold (default 80);\n"
	"                         asa: seconds; pwait: probability of waiting (0.2)\n"
	"  --threshold S          service-level threshold in seconds (default 20)\n"
	"  --aht S                plan with this handle time instead of each interval's\n"
	"                         measured AHT (an interval without one takes the period's)\n"
	"  --arrivals WHICH       offered | all: all counts contacts deflected by the\n"
	"                         IVR/VRU as arrivals too (default offered)\n"
	"  --weekdays DAYS        only these local weekdays: mon, mon-fri, sat,sun, sun-thu\n"
	"  --profile              one row per local time of day: the mean of the kept days\n"
	"                         of the period (days with no contact count as 0)\n"
	"  --from-forecast        plan with the forecast log's offered (and aht_s where\n"
	"                         given) instead of the actual contacts; the CSV gains\n"
	"                         actual_offered, JSON forecast_accuracy_pct\n"
	"  --lock-days N          the forecast that counts for an interval is the latest\n"
	"                         published before the local day N days before it (0,\n"
	"                         default: published before the interval starts)\n"
	"  --format FMT           csv | json (default csv); n/a is null in JSON\n"
	"  --output FILE          write there atomically instead of standard output\n"
	"\n"
	"An interval without contacts needs 0 agents. With erlang-c the staff is more\n"
	"than the traffic; with erlang-a and no abandon in the data, Erlang A is\n"
	"Erlang C.\n",
	"the target cannot be met, or no handle time is known (give --aht)",
	0,
};
