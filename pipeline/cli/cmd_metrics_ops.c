/* cmd_metrics_ops.c -- `ccsla metrics --kind outage|quality|complaint`: the metrics
 * of the operations logs (metrics/availability.h, metrics/quality.h) per
 * group, one row per client x local month/week/day x channel asked for.
 *
 * outage: availability over each group's service hours (the calendar of
 * --service-hours/--holidays, or each client's contract with --contracts),
 * every channel a row with --by channel (none left out), else the mean of
 * all channels; open outages run to the client's data watermark.
 * quality: evaluations placed by their contact's arrived_at when the store
 * holds it, else by evaluated_at; answered contacts of the same group (the
 * interaction-log query with the same --by) for quality_sample_pct.
 * complaint: cases by their received_at, judged against --ack-within and
 * --resolve-within (or the client's contract's complaint SLAs) at the
 * client's data watermark; the backlog at the end of each group's span;
 * with --by channel one row per channel the client's log names (empty:
 * cases of unknown channel). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvw.h"
#include "core/jsonw.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "metrics/availability.h"
#include "metrics/complaint.h"
#include "metrics/quality.h"
#include "cli.h"
#include "metrics_ops.h"

struct orow {
	struct metrics_group g;       /* the key: client, month, week, day, channel (counts unused) */
	struct availability a;        /* outage */
	struct quality_totals t;      /* quality */
	struct complaint_totals c;    /* complaint */
};

struct rows {
	struct orow *v;
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
	return key_cmp(&((const struct orow *)a)->g, &((const struct orow *)b)->g, sort_q);
}

static int has_dim(const struct metrics_query *q, enum group_dim d)
{
	for (int i = 0; i < q->by_count; i++)
		if (q->by[i] == d)
			return 1;
	return 0;
}

/* The key of instant t of client in zone: only the dimensions asked for. */
static void key_of(const struct metrics_query *q, const struct tz *zone, const char *client, int64_t t, int channel,
                   struct metrics_group *g)
{
	int64_t days = tz_local_days(zone, t);
	int y, m, d;

	memset(g, 0, sizeof *g);
	g->channel = -1;
	if (has_dim(q, DIM_CLIENT))
		snprintf(g->client, sizeof g->client, "%s", client);
	days_to_civil(days, &y, &m, &d);
	if (has_dim(q, DIM_MONTH))
		g->month = (int64_t)y * 12 + m - 1;
	if (has_dim(q, DIM_WEEK))
		g->week = days - days_weekday(days);
	if (has_dim(q, DIM_DAY))
		g->day = days;
	if (has_dim(q, DIM_CHANNEL))
		g->channel = channel;
}

static struct orow *row_add(struct rows *r, const struct metrics_group *g)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct orow *p = realloc(r->v, cap * sizeof *p);

		if (!p)
			return NULL;
		r->v = p;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof r->v[r->n]);
	r->v[r->n].g = *g;
	return &r->v[r->n++];
}

/* Rows are few (clients x days x channels): a linear search from the end
 * finds the row of the same key, which is nearly always the last. */
static struct orow *row_find(struct rows *r, const struct metrics_group *g, const struct metrics_query *q)
{
	for (size_t i = r->n; i-- > 0;)
		if (key_cmp(&r->v[i].g, g, q) == 0)
			return &r->v[i];
	return row_add(r, g);
}

int metrics_ops_check(const char *name, const char *kind, const struct metrics_query *q)
{
	for (int i = 0; i < q->by_count; i++)
		if ((q->by[i] == DIM_INTERVAL && strcmp(kind, "forecast")) || q->by[i] == DIM_QUEUE)
			return cli_usage_error(name, "--by %s does not apply to --kind %s (client, month, week, day,%s channel)",
			                       metrics_dim_name(q->by[i]), kind, strcmp(kind, "forecast") ? "" : " interval,");
	if (q->from_ms == INT64_MIN || q->to_ms == INT64_MAX)
		return cli_usage_error(name, "--kind %s needs --from and --to (the period measured)", kind);
	return 0;
}

/* One client's setting: its zone, calendar, range and contract. */
struct client_at {
	const char *client;
	const struct tz *zone;
	const struct calendar *cal;
	int64_t from_ms, to_ms;
	int64_t pass_score_cents;
};

static size_t clients_of(const struct ops_query *oq, size_t k, struct client_at *c)
{
	const struct metrics_query *q = oq->q;

	if (q->setups) {
		if (k >= q->setup_count)
			return 0;
		c->client = q->setups[k].client;
		c->zone = q->setups[k].zone;
		c->cal = q->setups[k].cal;
		c->from_ms = q->setups[k].from_ms;
		c->to_ms = q->setups[k].to_ms;
		c->pass_score_cents = oq->pass_score_cents >= 0 ? oq->pass_score_cents
		                                                : oq->contracts[k]->quality_pass_score_cents;
		return 1;
	}
	if (k >= (q->client ? 1 : oq->client_count))
		return 0;
	c->client = q->client ? q->client : oq->clients[k];
	c->zone = q->zone;
	c->cal = q->filter.cal;
	c->from_ms = q->from_ms;
	c->to_ms = q->to_ms;
	c->pass_score_cents = oq->pass_score_cents;
	return 1;
}

static int outage_rows(const char *name, const struct ops_query *oq, struct rows *rows)
{
	const struct metrics_query *q = oq->q;
	struct ccsla_error err;
	struct client_at c;
	char msg[1024];

	for (size_t k = 0; clients_of(oq, k, &c); k++) {
		struct outage_log log;
		int64_t wm = TIME_NONE, day0 = tz_local_days(c.zone, c.from_ms), day1 = tz_local_days(c.zone, c.to_ms - 1);

		if (outage_log_load(&log, q->state_dir, c.client, c.to_ms, &err) != 0 ||
		    metrics_store_watermark(q->state_dir, c.client, &wm, &err) < 0) {
			fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
			return EXIT_IO;
		}
		/* consecutive local days of one key make one span of the period */
		for (int64_t d = day0; d <= day1;) {
			struct metrics_group g, g2;
			int64_t s = tz_local_day_start(c.zone, d), e;

			key_of(q, c.zone, c.client, s, -1, &g);
			for (d++; d <= day1; d++) {
				key_of(q, c.zone, c.client, tz_local_day_start(c.zone, d), -1, &g2);
				if (key_cmp(&g, &g2, q))
					break;
			}
			e = tz_local_day_start(c.zone, d);
			if (s < c.from_ms)
				s = c.from_ms;
			if (e > c.to_ms)
				e = c.to_ms;
			for (int ch = has_dim(q, DIM_CHANNEL) ? 0 : -1; ch < (has_dim(q, DIM_CHANNEL) ? CH_COUNT : 0); ch++) {
				struct orow *r;

				g.channel = has_dim(q, DIM_CHANNEL) ? ch : -1;
				if (!(r = row_add(rows, &g)) ||
				    availability_measure(&log, c.cal, ch < 0 ? 0 : 1u << ch, oq->causes, s, e, wm, &r->a) < 0) {
					outage_log_release(&log);
					fprintf(stderr, "ccsla %s: out of memory\n", name);
					return EXIT_IO;
				}
			}
		}
		outage_log_release(&log);
	}
	return 0;
}

static int quality_rows(const char *name, const struct ops_query *oq, struct rows *rows)
{
	const struct metrics_query *q = oq->q;
	struct metrics_result res = { 0 };
	struct ccsla_error err;
	struct client_at c;
	char msg[1024];

	/* answered contacts of each group: the interaction query, same --by */
	if (metrics_query_run(q, &res, &err) < 0) {
		fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
		return EXIT_IO;
	}
	for (size_t i = 0; i < res.count; i++) {
		struct orow *r = row_add(rows, res.groups[i]);

		if (!r) {
			metrics_result_release(&res);
			fprintf(stderr, "ccsla %s: out of memory\n", name);
			return EXIT_IO;
		}
		r->t.answered = res.groups[i]->counts.answered;
		memset(&r->g.counts, 0, sizeof r->g.counts);  /* the key only: released below */
	}
	metrics_result_release(&res);
	for (size_t k = 0; clients_of(oq, k, &c); k++) {
		struct quality_log log;

		if (quality_log_load(&log, q->state_dir, c.client, c.from_ms, c.to_ms, &err) != 0) {
			fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
			return EXIT_IO;
		}
		for (size_t i = 0; i < log.count; i++) {
			struct metrics_group g;
			struct orow *r;

			key_of(q, c.zone, c.client, log.items[i].at_ms, log.items[i].channel, &g);
			if (!(r = row_find(rows, &g, q))) {
				quality_log_release(&log);
				fprintf(stderr, "ccsla %s: out of memory\n", name);
				return EXIT_IO;
			}
			quality_add(&r->t, &log.items[i], c.pass_score_cents);
		}
		quality_log_release(&log);
	}
	return 0;
}

/* The deadline of a complaint metric for client k: the option, else the
 * first SLA of that metric in the client's contract; NULL when neither
 * (said on standard error: the column is n/a). */
static const struct complaint_deadline *complaint_deadline_of(const char *name, const struct ops_query *oq, size_t k,
                                                              const char *client, enum metric_id m)
{
	const struct complaint_deadline *opt = m == METRIC_COMPLAINT_ACK ? &oq->ack : &oq->resolve;

	if (opt->working_days >= 0 || opt->service_hours >= 0)
		return opt;
	if (oq->contracts)
		for (size_t i = 0; i < oq->contracts[k]->sla_count; i++)
			if (oq->contracts[k]->slas[i].metric == m)
				return &oq->contracts[k]->slas[i].within;
	fprintf(stderr, "ccsla %s: %s: no %s SLA in its contract and no %s: %s is n/a\n", name, client,
	        m == METRIC_COMPLAINT_ACK ? "complaint_ack" : "complaint_resolved",
	        m == METRIC_COMPLAINT_ACK ? "--ack-within" : "--resolve-within", metric_name(m));
	return NULL;
}

static int complaint_rows(const char *name, const struct ops_query *oq, struct rows *rows)
{
	const struct metrics_query *q = oq->q;
	struct ccsla_error err;
	struct client_at c;
	char msg[1024];

	for (size_t k = 0; clients_of(oq, k, &c); k++) {
		struct complaint_log log;
		const struct complaint_deadline *ack, *res;
		int64_t wm = TIME_NONE, day0 = tz_local_days(c.zone, c.from_ms), day1 = tz_local_days(c.zone, c.to_ms - 1);
		unsigned seen = 0;  /* bit ch + 1: channels of the log (bit 0: unknown) */

		if (complaint_log_load(&log, q->state_dir, c.client, c.to_ms, &err) != 0 ||
		    metrics_store_watermark(q->state_dir, c.client, &wm, &err) < 0) {
			fprintf(stderr, "ccsla %s: %s\n", name, ccsla_error_format(&err, msg, sizeof msg));
			complaint_log_release(&log);
			return EXIT_IO;
		}
		if (wm == TIME_NONE)  /* no contacts: the log's latest instant */
			wm = log.latest_ms;
		ack = complaint_deadline_of(name, oq, k, c.client, METRIC_COMPLAINT_ACK);
		res = complaint_deadline_of(name, oq, k, c.client, METRIC_COMPLAINT_RESOLVED);
		for (size_t i = 0; i < log.count; i++)
			seen |= 1u << (log.items[i].channel + 1);
		if (!has_dim(q, DIM_CHANNEL) || !seen)
			seen = 1;
		/* consecutive local days of one key make one span of the period */
		for (int64_t d = day0; d <= day1;) {
			struct metrics_group g, g2;
			int64_t s = tz_local_day_start(c.zone, d), e;

			key_of(q, c.zone, c.client, s, -1, &g);
			for (d++; d <= day1; d++) {
				key_of(q, c.zone, c.client, tz_local_day_start(c.zone, d), -1, &g2);
				if (key_cmp(&g, &g2, q))
					break;
			}
			e = tz_local_day_start(c.zone, d);
			if (s < c.from_ms)
				s = c.from_ms;
			if (e > c.to_ms)
				e = c.to_ms;
			for (int ch = -1; ch < CH_COUNT; ch++) {
				struct orow *r;

				if (!(seen & 1u << (ch + 1)))
					continue;
				g.channel = has_dim(q, DIM_CHANNEL) ? ch : -1;
				if (!(r = row_add(rows, &g))) {
					complaint_log_release(&log);
					fprintf(stderr, "ccsla %s: out of memory\n", name);
					return EXIT_IO;
				}
				complaint_totals_init(&r->c);
				for (size_t i = 0; i < log.count; i++) {
					const struct complaint_case *x = &log.items[i];

					if (!(oq->caused_by & 1u << x->caused_by) || (has_dim(q, DIM_CHANNEL) && x->channel != ch))
						continue;
					if (x->received_ms >= s && x->received_ms < e)
						complaint_add(&r->c, x, c.cal, ack, res, wm);
					complaint_add_backlog(&r->c, x, c.cal, e);
				}
			}
		}
		complaint_log_release(&log);
	}
	return 0;
}

/* The value columns of a row, as printed ("n/a" when the denominator is 0). */
struct cell {
	const char *name;
	char text[48];
	int na, is_text;
};

static size_t cells_of(const char *kind, struct orow *r, struct cell *c)
{
	size_t n = 0;
	struct ratio v;

#define INT(nm, x) (c[n] = (struct cell){ nm, "", 0, 0 }, \
                    snprintf(c[n].text, sizeof c[n].text, "%lld", (long long)(x)), n++)
#define VAL(nm, m, ok) (c[n] = (struct cell){ nm, "", 0, 0 }, \
                        (ok) && !ratio_is_na(&v) ? (void)ratio_format(&v, metric_decimals(m), c[n].text, \
                                                                     sizeof c[n].text) \
                                                 : (void)(c[n].na = 1, snprintf(c[n].text, sizeof c[n].text, "n/a")), n++)
	if (strcmp(kind, "outage") == 0) {
		int64_t out_ms = r->a.outage_pct_ms / 100;

		INT("service_s", r->a.service_ms / 1000);
		c[n] = (struct cell){ "outage_s", "", 0, 0 };
		snprintf(c[n].text, sizeof c[n].text, "%lld.%03lld", (long long)(out_ms / 1000), (long long)(out_ms % 1000));
		n++;
		INT("outages", r->a.outages);
		availability_value(&r->a, &v);
		VAL("availability_pct", METRIC_AVAILABILITY, 1);
		return n;
	}
	if (strcmp(kind, "complaint") == 0) {
		INT("received", r->c.received);
		INT("ack_in_time", r->c.ack_in_time);
		INT("ack_late", r->c.ack_late);
		INT("ack_pending", r->c.ack_pending);
		INT("resolved_in_time", r->c.resolved_in_time);
		INT("resolved_late", r->c.resolved_late);
		INT("resolved_pending", r->c.resolved_pending);
		VAL("complaint_ack_within_pct", METRIC_COMPLAINT_ACK,
		    complaint_value(&r->c, METRIC_COMPLAINT_ACK, &v) == 0);
		VAL("complaint_resolved_within_pct", METRIC_COMPLAINT_RESOLVED,
		    complaint_value(&r->c, METRIC_COMPLAINT_RESOLVED, &v) == 0);
		INT("complaint_backlog", r->c.backlog);
		v = (struct ratio){ r->c.oldest_age_wd, r->c.oldest_age_wd < 0 ? 0 : 1 };
		VAL("oldest_age_working_days", METRIC_COMPLAINT_BACKLOG, 1);
		return n;
	}
	INT("evaluations", r->t.evaluations);
	INT("passed", r->t.passed);
	INT("failed", r->t.failed);
	INT("undecided", r->t.undecided);
	INT("critical_errors", r->t.critical);
	INT("answered", r->t.answered);
	VAL("quality_score_avg", METRIC_QUALITY_SCORE, quality_value(&r->t, METRIC_QUALITY_SCORE, &v) == 0);
	VAL("quality_pass_pct", METRIC_QUALITY_PASS, quality_value(&r->t, METRIC_QUALITY_PASS, &v) == 0);
	VAL("critical_error_pct", METRIC_CRITICAL_ERROR, quality_value(&r->t, METRIC_CRITICAL_ERROR, &v) == 0);
	VAL("quality_sample_pct", METRIC_QUALITY_SAMPLE, quality_value(&r->t, METRIC_QUALITY_SAMPLE, &v) == 0);
#undef INT
#undef VAL
	return n;
}

static void write_rows(FILE *fp, const char *kind, const struct ops_query *oq, struct rows *rows)
{
	const struct metrics_query *q = oq->q;
	struct cell cells[16];
	char buf[128];
	size_t n;

	if (!oq->json) {
		struct csvw w;

		csvw_init(&w, fp);
		for (int i = 0; i < q->by_count; i++)
			csvw_text(&w, metrics_dim_name(q->by[i]));
		n = rows->n ? cells_of(kind, &rows->v[0], cells) : cells_of(kind, &(struct orow){ 0 }, cells);
		for (size_t k = 0; k < n; k++)
			csvw_text(&w, cells[k].name);
		csvw_end_line(&w);
		for (size_t g = 0; g < rows->n; g++) {
			for (int i = 0; i < q->by_count; i++) {
				metrics_group_label(&rows->v[g].g, q->by[i], q->zone, buf, sizeof buf);
				csvw_text(&w, buf);
			}
			n = cells_of(kind, &rows->v[g], cells);
			for (size_t k = 0; k < n; k++)
				csvw_number(&w, cells[k].text);
			csvw_end_line(&w);
		}
		return;
	}
	{
		struct jsonw j;

		jsonw_init(&j, fp);
		jsonw_object_begin(&j);
		jsonw_key(&j, "parameters");
		jsonw_object_begin(&j);
		jsonw_kv_string(&j, "kind", kind);
		jsonw_kv_string(&j, "client", q->client ? q->client : "all");
		jsonw_kv_string(&j, "timezone", q->setups ? "each client's contract" : tz_name(q->zone));
		jsonw_key(&j, "by");
		jsonw_array_begin(&j);
		for (int i = 0; i < q->by_count; i++)
			jsonw_string(&j, metrics_dim_name(q->by[i]));
		jsonw_array_end(&j);
		if (strcmp(kind, "outage") == 0) {
			jsonw_key(&j, "causes");
			jsonw_array_begin(&j);
			for (int k = 0; k < CAUSE_COUNT; k++)
				if ((oq->causes ? oq->causes : OUTAGE_CAUSES_DEFAULT) & 1u << k)
					jsonw_string(&j, outage_cause_name(k));
			jsonw_array_end(&j);
		}
		if (strcmp(kind, "complaint") == 0) {
			char within[48];

			if (oq->ack.working_days >= 0 || oq->ack.service_hours >= 0)
				jsonw_kv_string(&j, "ack_within", complaint_deadline_text(&oq->ack, within, sizeof within));
			if (oq->resolve.working_days >= 0 || oq->resolve.service_hours >= 0)
				jsonw_kv_string(&j, "resolve_within",
				                complaint_deadline_text(&oq->resolve, within, sizeof within));
			jsonw_key(&j, "caused_by");
			jsonw_array_begin(&j);
			for (int k = 0; k < CAUSED_COUNT; k++)
				if (oq->caused_by & 1u << k)
					jsonw_string(&j, complaint_cause_name(k));
			jsonw_array_end(&j);
		}
		jsonw_object_end(&j);
		jsonw_key(&j, "groups");
		jsonw_array_begin(&j);
		for (size_t g = 0; g < rows->n; g++) {
			jsonw_object_begin(&j);
			for (int i = 0; i < q->by_count; i++) {
				metrics_group_label(&rows->v[g].g, q->by[i], q->zone, buf, sizeof buf);
				jsonw_kv_string(&j, metrics_dim_name(q->by[i]), buf);
			}
			n = cells_of(kind, &rows->v[g], cells);
			for (size_t k = 0; k < n; k++) {
				jsonw_key(&j, cells[k].name);
				if (cells[k].na)
					jsonw_null(&j);  /* n/a: no value, never 0 */
				else
					jsonw_raw(&j, cells[k].text);
			}
			jsonw_object_end(&j);
		}
		jsonw_array_end(&j);
		jsonw_object_end(&j);
		jsonw_finish(&j);
	}
}

int metrics_ops_run(const char *name, const char *kind, const struct ops_query *oq, FILE *fp)
{
	struct rows rows = { 0 };
	int ret = strcmp(kind, "outage") == 0      ? outage_rows(name, oq, &rows)
	          : strcmp(kind, "complaint") == 0 ? complaint_rows(name, oq, &rows)
	                                           : quality_rows(name, oq, &rows);

	if (ret == 0) {
		sort_q = oq->q;
		if (rows.n) /* rows.v is NULL when there are none */
			qsort(rows.v, rows.n, sizeof *rows.v, row_cmp);
		write_rows(fp, kind, oq, &rows);
	}
	free(rows.v);
	return ret;
}
