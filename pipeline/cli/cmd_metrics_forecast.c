/* cmd_metrics_forecast.c -- `ccsla metrics --kind forecast`: the client's
 * forecast against the offered contacts, per group of --by (client, month,
 * week, day, interval, channel): intervals with a forecast, their offered
 * contacts and forecast, the absolute error and forecast_accuracy_pct
 * (metrics/forecast_accuracy.h, the same functions as the contract's
 * forecast_accuracy SLA). The forecast that counts is the latest published
 * --lock-days whole local days before the interval's day (default: each
 * contract's forecast.lock_days with --contracts, else 0), in intervals of
 * --interval minutes (default with --contracts: the contract's
 * forecast.interval_min, so the figures are its SLA's). Every interval
 * of the period belongs to a row; a row without a forecast reads n/a.
 * Intervals after the client's last local day with data (the store's
 * watermark) do not count, as in the SLA: no contact has arrived yet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvw.h"
#include "core/jsonw.h"
#include "core/timefmt.h"
#include "metrics/forecast_accuracy.h"
#include "cli.h"
#include "metrics_ops.h"

struct frow {
	struct metrics_group g;       /* the key (counts unused) */
	int64_t intervals;            /* with a forecast */
	int64_t offered;              /* of those intervals */
	int64_t forecast_x400, error_x400;
};

struct frows {
	struct frow *v;
	size_t n, cap;
};

static const struct metrics_query *sort_q;  /* qsort has no context argument */

static int key_cmp(const struct metrics_group *a, const struct metrics_group *b, const struct metrics_query *q)
{
	for (int i = 0; i < q->by_count; i++) {
		int c = 0;

		switch (q->by[i]) {
		case DIM_CLIENT: c = strcmp(a->client, b->client); break;
		case DIM_MONTH: c = (a->month > b->month) - (a->month < b->month); break;
		case DIM_WEEK: c = (a->week > b->week) - (a->week < b->week); break;
		case DIM_DAY: c = (a->day > b->day) - (a->day < b->day); break;
		case DIM_INTERVAL: c = (a->interval_ms > b->interval_ms) - (a->interval_ms < b->interval_ms); break;
		case DIM_CHANNEL:
			c = strcmp(a->channel < 0 ? "" : channel_name(a->channel),
			           b->channel < 0 ? "" : channel_name(b->channel));
			break;
		default: break;
		}
		if (c)
			return c;
	}
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	return key_cmp(&((const struct frow *)a)->g, &((const struct frow *)b)->g, sort_q);
}

static int has_dim(const struct metrics_query *q, enum group_dim d)
{
	for (int i = 0; i < q->by_count; i++)
		if (q->by[i] == d)
			return 1;
	return 0;
}

static void key_of(const struct metrics_query *q, const struct tz *zone, const char *client, int64_t t, int channel,
                   struct metrics_group *g)
{
	int64_t days = tz_local_days(zone, t);
	int y, m, d;

	memset(g, 0, sizeof *g);
	g->channel = has_dim(q, DIM_CHANNEL) ? channel : -1;
	if (has_dim(q, DIM_CLIENT))
		snprintf(g->client, sizeof g->client, "%s", client);
	days_to_civil(days, &y, &m, &d);
	if (has_dim(q, DIM_MONTH))
		g->month = (int64_t)y * 12 + m - 1;
	if (has_dim(q, DIM_WEEK))
		g->week = days - days_weekday(days);
	if (has_dim(q, DIM_DAY))
		g->day = days;
	if (has_dim(q, DIM_INTERVAL)) {
		g->interval_ms = t;
		g->interval_offset_s = tz_offset_s(zone, t);
	}
}

/* The row of key g: intervals come in time order, so it is nearly always
 * the last one. */
static struct frow *row_find(struct frows *r, const struct metrics_group *g, const struct metrics_query *q)
{
	for (size_t i = r->n; i-- > 0;)
		if (key_cmp(&r->v[i].g, g, q) == 0)
			return &r->v[i];
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct frow *p = realloc(r->v, cap * sizeof *p);

		if (!p)
			return NULL;
		r->v = p;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof r->v[r->n]);
	r->v[r->n].g = *g;
	return &r->v[r->n++];
}

/* One client: its zone and range, and the lock days that apply. */
static int client_rows(const char *name, const struct ops_query *oq, const char *client, const struct tz *zone,
                       const struct calendar *cal, int64_t from_ms, int64_t to_ms, int lock_days, int interval_min,
                       struct frows *rows)
{
	const struct metrics_query *q = oq->q;
	int by_channel = has_dim(q, DIM_CHANNEL);
	int64_t wm = TIME_NONE, until_ms;
	struct ccsla_error err;
	char msg[1024];

	/* as the SLA: days after the data's last local day have no actual yet */
	if (metrics_store_watermark(q->state_dir, client, &wm, &err) < 0) {
		fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
		return EXIT_IO;
	}
	until_ms = wm == TIME_NONE ? INT64_MIN : tz_local_day_start(zone, tz_local_days(zone, wm) + 1);
	for (int ch = by_channel ? 0 : -1; ch < (by_channel ? CH_COUNT : 0); ch++) {
		struct metrics_filter f = q->filter;
		struct forecast_series_query fq;
		struct forecast_series fs;

		if (ch >= 0 && q->filter.channels && !(q->filter.channels & 1u << ch))
			continue;
		if (ch >= 0)
			f.channels = 1u << ch;
		f.cal = cal;
		/* --contracts limits the interaction figures to service hours; the
		 * forecast is the client's for every hour, as its SLA counts it */
		if (q->setups)
			f.service_hours_only = 0;
		fq.state_dir = q->state_dir;
		fq.client = client;
		fq.zone = zone;
		fq.lock_days = lock_days;
		fq.interval_min = interval_min;
		fq.from_ms = from_ms;
		fq.to_ms = to_ms;
		fq.filter = &f;
		if (forecast_series_load(&fs, &fq, &err) < 0) {
			fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
			return EXIT_IO;
		}
		for (size_t i = 0; i < fs.n; i++) {
			struct metrics_group g;
			struct frow *r;
			int64_t a = fs.actual[i] * 400, fc = fs.forecast_x400[i];

			key_of(q, zone, client, fs.start_ms[i], ch, &g);
			if (!(r = row_find(rows, &g, q))) {
				forecast_series_release(&fs);
				fprintf(stderr, "ccsla %s: out of memory\n", name);
				return EXIT_IO;
			}
			if (!fs.has[i] || fs.start_ms[i] >= until_ms)
				continue;
			r->intervals++;
			r->offered += fs.actual[i];
			r->forecast_x400 += fc;
			r->error_x400 += a > fc ? a - fc : fc - a;
		}
		forecast_series_release(&fs);
	}
	return 0;
}

struct cell {
	const char *name;
	char text[48];
	int na;
};

static size_t cells_of(const struct frow *r, struct cell *c)
{
	struct ratio v = { 0, 0 };
	size_t n = 0;

	c[n] = (struct cell){ "intervals", "", 0 };
	snprintf(c[n++].text, sizeof c->text, "%lld", (long long)r->intervals);
	c[n] = (struct cell){ "offered", "", 0 };
	snprintf(c[n++].text, sizeof c->text, "%lld", (long long)r->offered);
	c[n] = (struct cell){ "forecast", "", 0 };
	forecast_x400_format(r->forecast_x400, c[n++].text, sizeof c->text);
	c[n] = (struct cell){ "abs_error", "", 0 };
	forecast_x400_format(r->error_x400, c[n++].text, sizeof c->text);
	/* forecast_accuracy_value's ratio: 100 (F - E) / F */
	if (r->forecast_x400 > 0)
		v = (struct ratio){ 100 * (r->forecast_x400 - r->error_x400), r->forecast_x400 };
	c[n] = (struct cell){ "forecast_accuracy_pct", "", ratio_is_na(&v) };
	ratio_format(&v, metric_decimals(METRIC_FORECAST_ACCURACY), c[n++].text, sizeof c->text);
	return n;
}

static void write_rows(FILE *fp, const struct ops_query *oq, const struct frows *rows, int lock_days)
{
	const struct metrics_query *q = oq->q;
	struct cell cells[8];
	char buf[128];
	size_t n;

	if (!oq->json) {
		struct csvw w;

		csvw_init(&w, fp);
		for (int i = 0; i < q->by_count; i++)
			csvw_text(&w, metrics_dim_name(q->by[i]));
		n = cells_of(&(struct frow){ 0 }, cells);
		for (size_t k = 0; k < n; k++)
			csvw_text(&w, cells[k].name);
		csvw_end_line(&w);
		for (size_t g = 0; g < rows->n; g++) {
			for (int i = 0; i < q->by_count; i++) {
				metrics_group_label(&rows->v[g].g, q->by[i], q->zone, buf, sizeof buf);
				csvw_text(&w, buf);
			}
			n = cells_of(&rows->v[g], cells);
			for (size_t k = 0; k < n; k++)
				csvw_number(&w, cells[k].text);
			csvw_end_line(&w);
		}
		return;
	}
	struct jsonw j;

	jsonw_init(&j, fp);
	jsonw_object_begin(&j);
	jsonw_key(&j, "parameters");
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "kind", "forecast");
	jsonw_kv_string(&j, "client", q->client ? q->client : "all");
	jsonw_kv_string(&j, "timezone", q->setups ? "each client's contract" : tz_name(q->zone));
	if (q->setups && !oq->interval_given)
		jsonw_kv_string(&j, "interval_min", "each client's contract");
	else
		jsonw_kv_int(&j, "interval_min", q->interval_min);
	if (lock_days >= 0)
		jsonw_kv_int(&j, "lock_days", lock_days);
	else
		jsonw_kv_string(&j, "lock_days", "each client's contract");
	jsonw_key(&j, "by");
	jsonw_array_begin(&j);
	for (int i = 0; i < q->by_count; i++)
		jsonw_string(&j, metrics_dim_name(q->by[i]));
	jsonw_array_end(&j);
	jsonw_object_end(&j);
	jsonw_key(&j, "groups");
	jsonw_array_begin(&j);
	for (size_t g = 0; g < rows->n; g++) {
		jsonw_object_begin(&j);
		for (int i = 0; i < q->by_count; i++) {
			metrics_group_label(&rows->v[g].g, q->by[i], q->zone, buf, sizeof buf);
			jsonw_kv_string(&j, metrics_dim_name(q->by[i]), buf);
		}
		n = cells_of(&rows->v[g], cells);
		for (size_t k = 0; k < n; k++) {
			jsonw_key(&j, cells[k].name);
			if (cells[k].na)
				jsonw_null(&j);
			else
				jsonw_raw(&j, cells[k].text);
		}
		jsonw_object_end(&j);
	}
	jsonw_array_end(&j);
	jsonw_object_end(&j);
	jsonw_finish(&j);
}

int metrics_forecast_run(const char *name, const struct ops_query *oq, FILE *fp)
{
	const struct metrics_query *q = oq->q;
	struct frows rows = { 0 };
	int ret = 0;

	if (q->setups) {
		for (size_t k = 0; k < q->setup_count && !ret; k++)
			ret = client_rows(name, oq, q->setups[k].client, q->setups[k].zone, q->setups[k].cal,
			                  q->setups[k].from_ms, q->setups[k].to_ms,
			                  oq->lock_days >= 0 ? oq->lock_days : oq->contracts[k]->forecast.lock_days,
			                  oq->interval_given ? q->interval_min : oq->contracts[k]->forecast.interval_min, &rows);
	} else {
		for (size_t k = 0; k < (q->client ? 1 : oq->client_count) && !ret; k++)
			ret = client_rows(name, oq, q->client ? q->client : oq->clients[k], q->zone, q->filter.cal,
			                  q->from_ms, q->to_ms, oq->lock_days >= 0 ? oq->lock_days : 0, q->interval_min, &rows);
	}
	if (ret == 0) {
		sort_q = q;
		if (rows.n)
			qsort(rows.v, rows.n, sizeof *rows.v, row_cmp);
		write_rows(fp, oq, &rows, q->setups ? oq->lock_days : (oq->lock_days >= 0 ? oq->lock_days : 0));
	}
	free(rows.v);
	return ret;
}
