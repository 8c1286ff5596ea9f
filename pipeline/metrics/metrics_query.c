/* metrics_query.c -- one pass over the store, counts per group.
 *
 * The store scan streams each client's contacts in arrived_at order, which
 * is what repeat FCR needs: the tracker follows one client at a time and is
 * finished (with that client's watermark) when the next client starts. For
 * repeat FCR the scan reads D days past the period; those contacts only
 * serve as look-ahead and count in no group. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "metrics_query.h"

static const char *const dim_names[DIM_COUNT] = {
	"client", "month", "week", "day", "interval", "channel", "queue",
};

const char *metrics_dim_name(enum group_dim d)
{
	return dim_names[d];
}

int metrics_dim_parse(const char *name)
{
	for (int i = 0; i < DIM_COUNT; i++)
		if (strcmp(name, dim_names[i]) == 0)
			return i;
	return -1;
}

#define GROUP_RECENT 8

struct group_table {
	struct metrics_group **slots; /* open addressing, power-of-two size */
	size_t size, count;
	struct metrics_group *recent[GROUP_RECENT]; /* by channel: the last found */
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h;
}

static uint64_t hash_text(uint64_t h, const char *s)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return mix(h, 0);
}

static uint64_t key_hash(const struct metrics_group *k)
{
	uint64_t h = hash_text(1469598103934665603ULL, k->client);

	h = mix(h, (uint64_t)k->month);
	h = mix(h, (uint64_t)k->week);
	h = mix(h, (uint64_t)k->day);
	h = mix(h, (uint64_t)k->interval_ms);
	h = mix(h, (uint64_t)k->channel);
	return hash_text(h, k->queue);
}

static int key_equal(const struct metrics_group *a, const struct metrics_group *b)
{
	return a->month == b->month && a->week == b->week && a->day == b->day &&
	       a->interval_ms == b->interval_ms && a->channel == b->channel &&
	       strcmp(a->client, b->client) == 0 && strcmp(a->queue, b->queue) == 0;
}

static int table_grow(struct group_table *t)
{
	size_t size = t->size ? t->size * 2 : 1024;
	struct metrics_group **slots = calloc(size, sizeof *slots);

	if (!slots)
		return -1;
	for (size_t i = 0; i < t->size; i++)
		if (t->slots[i]) {
			size_t j = key_hash(t->slots[i]) & (size - 1);

			while (slots[j])
				j = (j + 1) & (size - 1);
			slots[j] = t->slots[i];
		}
	free(t->slots);
	t->slots = slots;
	t->size = size;
	return 0;
}

/* The group of key, created when new; NULL when out of memory. The
 * groups found last, one per channel, are tried first: consecutive
 * contacts mostly share their client, day and interval, and a hash of
 * the key per contact was a fifth of a metrics pass. */
static struct metrics_group *table_get(struct group_table *t, const struct metrics_group *key)
{
	struct metrics_group **recent = &t->recent[(unsigned)key->channel % GROUP_RECENT];
	size_t j;

	if (*recent && key_equal(*recent, key))
		return *recent;

	if ((t->count + 1) * 2 > t->size && table_grow(t) < 0)
		return NULL;
	j = key_hash(key) & (t->size - 1);
	while (t->slots[j]) {
		if (key_equal(t->slots[j], key))
			return *recent = t->slots[j];
		j = (j + 1) & (t->size - 1);
	}
	if (!(t->slots[j] = malloc(sizeof *t->slots[j])))
		return NULL;
	memcpy(t->slots[j], key, offsetof(struct metrics_group, counts));
	metric_counts_init(&t->slots[j]->counts);
	t->count++;
	return *recent = t->slots[j];
}

/* The local month, week, day and interval of instant t in zone, for the
 * asked dimensions. */
static void time_key(const struct metrics_query *q, const struct tz *zone, int64_t t,
                     struct metrics_group *k)
{
	int32_t off = tz_offset_s(zone, t);
	int64_t local = t + (int64_t)off * 1000;
	int64_t days = floor_div(local, MS_PER_DAY);
	int64_t iv_ms = (int64_t)q->interval_min * 60000;
	int y, m, d;

	for (int i = 0; i < q->by_count; i++)
		switch (q->by[i]) {
		case DIM_MONTH:
			days_to_civil(days, &y, &m, &d);
			k->month = (int64_t)y * 12 + m - 1;
			break;
		case DIM_WEEK:
			k->week = days - days_weekday(days);
			break;
		case DIM_DAY:
			k->day = days;
			break;
		case DIM_INTERVAL:
			/* A local interval; the offset tells the two 02:00s apart. */
			k->interval_ms = floor_div(local, iv_ms) * iv_ms - (int64_t)off * 1000;
			k->interval_offset_s = off;
			break;
		default:
			break;
		}
}

/* The group key of a contact for the asked dimensions. */
static void contact_key(const struct metrics_query *q, const struct tz *zone, const struct contact *ct,
                        struct metrics_group *k)
{
	/* the key only: the counts (a few hundred bytes) are the group's */
	memset(k, 0, offsetof(struct metrics_group, counts));
	for (int i = 0; i < q->by_count; i++)
		switch (q->by[i]) {
		case DIM_CLIENT:
			strcpy(k->client, ct->client_id);
			break;
		case DIM_CHANNEL:
			k->channel = ct->channel;
			break;
		case DIM_QUEUE:
			strcpy(k->queue, ct->queue);
			break;
		default:
			break;
		}
	time_key(q, zone, ct->arrived_at_ms, k);
}

static int asks(const struct metrics_query *q, enum group_dim d)
{
	for (int i = 0; i < q->by_count; i++)
		if (q->by[i] == d)
			return 1;
	return 0;
}

/* The setup of client; NULL when the query has none for it. */
static const struct metrics_client_setup *setup_of(const struct metrics_query *q, const char *client)
{
	for (size_t i = 0; i < q->setup_count; i++)
		if (!strcmp(q->setups[i].client, client))
			return &q->setups[i];
	return NULL;
}

/* The UTC days the store holds for client (or all clients): [*from, *to).
 * An open query range is clamped to them, because the scan visits every
 * day of its range. Both TIME_NONE when there is no data. */
static int store_day_range(const char *state_dir, const char *client, int64_t *from,
                           int64_t *to, struct ccsla_error *err)
{
	char **clients = NULL, dir[4200];
	size_t count = 0;

	*from = *to = TIME_NONE;
	if (store_list_clients(state_dir, &clients, &count, err) < 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		DIR *d;
		struct dirent *e;

		if (client && strcmp(client, clients[i]) != 0)
			continue;
		snprintf(dir, sizeof dir, "%s/store/%s", state_dir, clients[i]);
		if (!(d = opendir(dir)))
			continue;
		while ((e = readdir(d))) {
			int y, m, dd;
			char date[11];
			int64_t day;

			if (strlen(e->d_name) != 14 || strcmp(e->d_name + 10, ".ccs") != 0)
				continue;
			memcpy(date, e->d_name, 10);
			date[10] = '\0';
			if (date_parse(date, &y, &m, &dd) < 0)
				continue;
			day = civil_to_days(y, m, dd) * MS_PER_DAY;
			if (*from == TIME_NONE || day < *from)
				*from = day;
			if (*to == TIME_NONE || day + MS_PER_DAY > *to)
				*to = day + MS_PER_DAY;
		}
		closedir(d);
	}
	store_free_list(clients, count);
	return 0;
}

/* A client without contacts has no channel: its cell is empty. */
static const char *channel_label(int ch)
{
	return ch < 0 ? "" : channel_name(ch);
}

static const struct metrics_query *sort_query; /* qsort has no context argument */

static int group_cmp(const void *pa, const void *pb)
{
	const struct metrics_group *a = *(struct metrics_group *const *)pa;
	const struct metrics_group *b = *(struct metrics_group *const *)pb;

	for (int i = 0; i < sort_query->by_count; i++) {
		int c = 0;

		switch (sort_query->by[i]) {
		case DIM_CLIENT:
			c = strcmp(a->client, b->client);
			break;
		case DIM_MONTH:
			c = (a->month > b->month) - (a->month < b->month);
			break;
		case DIM_WEEK:
			c = (a->week > b->week) - (a->week < b->week);
			break;
		case DIM_DAY:
			c = (a->day > b->day) - (a->day < b->day);
			break;
		case DIM_INTERVAL:
			c = (a->interval_ms > b->interval_ms) - (a->interval_ms < b->interval_ms);
			break;
		case DIM_CHANNEL:
			c = strcmp(channel_label(a->channel), channel_label(b->channel));
			break;
		case DIM_QUEUE:
			c = strcmp(a->queue, b->queue);
			break;
		default:
			break;
		}
		if (c)
			return c;
	}
	return 0;
}

/* The finest time column asked (interval, day, week, month), or -1. */
static int finest_time_dim(const struct metrics_query *q)
{
	static const enum group_dim order[] = { DIM_INTERVAL, DIM_DAY, DIM_WEEK, DIM_MONTH };

	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		if (asks(q, order[i]))
			return (int)order[i];
	return -1;
}

/* Rows without contacts at most (about 450 bytes each): a longer period
 * at this grain is told, not attempted. */
#define FILL_MAX_GROUPS 1000000

/* At most how many groups of the finest time column [from, to) holds. */
static int64_t fill_estimate(const struct metrics_query *q, int64_t from, int64_t to)
{
	int finest = finest_time_dim(q);
	int64_t span = to - from;

	if (finest < 0 || span <= 0)
		return 1;
	switch (finest) {
	case DIM_INTERVAL: return span / ((int64_t)q->interval_min * 60000) + 4; /* a 25-hour day */
	case DIM_DAY:      return span / MS_PER_DAY + 2;
	case DIM_WEEK:     return span / (7 * MS_PER_DAY) + 2;
	default:           return span / (28 * MS_PER_DAY) + 2;
	}
}

/* Every local day (or interval) of [from, to) in zone is a group of the
 * series: created with offered 0 where no contact made it. */
static int fill_series(struct group_table *t, const struct metrics_query *q, const struct metrics_group *series,
                       const struct tz *zone, int64_t from, int64_t to, int64_t *made, struct ccsla_error *err)
{
	int finest = finest_time_dim(q);
	int64_t iv_ms = (int64_t)q->interval_min * 60000;
	struct metrics_group k;

	if (made) {
		/* the first pass only counts */
		if ((*made += fill_estimate(q, from, to)) > FILL_MAX_GROUPS)
			return ccsla_error_set(err, NULL, 0, "--from", "the period makes more than %d rows without "
			                       "contacts: ask a shorter period or a coarser --by", FILL_MAX_GROUPS);
		return 0;
	}
	if (finest < 0 || from >= to) {
		if (finest < 0 && !table_get(t, series))
			goto oom;
		return 0;
	}
	for (int64_t day = tz_local_days(zone, from);; day++) {
		int64_t start = tz_local_day_start(zone, day), end = tz_local_day_start(zone, day + 1);

		if (start >= to)
			break;
		if (start < from)
			start = from;
		for (int64_t at = start; at < end && at < to; at += finest == DIM_INTERVAL ? iv_ms : end - start) {
			k = *series;
			time_key(q, zone, at, &k);
			if (!table_get(t, &k))
				goto oom;
		}
	}
	return 0;
oom:
	return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
}

/* The local range of a series in zone: the query's, or around the
 * contacts counted when it is open. */
static void fill_range(const struct tz *zone, int64_t from, int64_t to, int64_t seen_lo, int64_t seen_hi,
                       int64_t *lo, int64_t *hi)
{
	*lo = from != INT64_MIN ? from : seen_lo == TIME_NONE ? 0 : tz_local_day_start(zone, tz_local_days(zone, seen_lo));
	*hi = to != INT64_MAX ? to : seen_hi == TIME_NONE ? 0 : tz_local_day_start(zone, tz_local_days(zone, seen_hi) + 1);
}

/* The groups that have no contact (metrics_query_run's comment). */
static int fill_groups(struct group_table *t, const struct metrics_query *q, int64_t seen_lo, int64_t seen_hi,
                       struct ccsla_error *err)
{
	struct group_table series = { 0 };
	struct metrics_group k;
	char **clients = NULL;
	size_t client_count = 0, n_covered, i, j;
	int64_t made = 0;
	int ret = -1, by_client = asks(q, DIM_CLIENT);

	/* each combination of client, channel and queue that has contacts */
	for (i = 0; i < t->size; i++)
		if (t->slots[i]) {
			memset(&k, 0, sizeof k);
			strcpy(k.client, t->slots[i]->client);
			k.channel = t->slots[i]->channel;
			strcpy(k.queue, t->slots[i]->queue);
			if (!table_get(&series, &k))
				goto oom;
		}
	/* the clients covered that have none: one row (per period) each,
	 * without channel or queue */
	if (by_client && !q->setups && !q->client &&
	    store_list_clients(q->state_dir, &clients, &client_count, err) < 0)
		goto done;
	n_covered = !by_client ? 0 : q->setups ? q->setup_count : q->client ? 1 : client_count;
	for (i = 0; i < n_covered; i++) {
		const char *name = q->setups ? q->setups[i].client : q->client ? q->client : clients[i];
		int has = 0;

		for (j = 0; j < series.size && !has; j++)
			has = series.slots[j] && !strcmp(series.slots[j]->client, name);
		if (has)
			continue;
		memset(&k, 0, sizeof k);
		k.channel = asks(q, DIM_CHANNEL) ? -1 : 0;
		snprintf(k.client, sizeof k.client, "%s", name);
		if (!table_get(&series, &k))
			goto oom;
	}
	if (!by_client && !series.count && finest_time_dim(q) >= 0) {
		memset(&k, 0, sizeof k);
		k.channel = asks(q, DIM_CHANNEL) ? -1 : 0;
		if (!table_get(&series, &k))
			goto oom;
	}
	/* twice: count the rows, then make them */
	for (int pass = 0; pass < 2; pass++)
		for (i = 0; i < series.size; i++) {
			const struct metrics_group *g = series.slots[i];
			int64_t lo, hi, *count = pass ? NULL : &made;

			if (!g)
				continue;
			if (!q->setups) {
				fill_range(q->zone, q->from_ms, q->to_ms, seen_lo, seen_hi, &lo, &hi);
				if (fill_series(t, q, g, q->zone, lo, hi, count, err) < 0)
					goto done;
				continue;
			}
			for (j = 0; j < q->setup_count; j++) {
				const struct metrics_client_setup *su = &q->setups[j];

				if (by_client && strcmp(su->client, g->client))
					continue;
				fill_range(su->zone, su->from_ms, su->to_ms, seen_lo, seen_hi, &lo, &hi);
				if (fill_series(t, q, g, su->zone, lo, hi, count, err) < 0)
					goto done;
			}
		}
	ret = 0;
	goto done;
oom:
	ccsla_error_set(err, NULL, 0, NULL, "out of memory");
done:
	store_free_list(clients, client_count);
	for (i = 0; i < series.size; i++)
		if (series.slots[i]) {
			metric_counts_release(&series.slots[i]->counts);
			free(series.slots[i]);
		}
	free(series.slots);
	return ret;
}

int metrics_query_run(const struct metrics_query *q, struct metrics_result *res,
                      struct ccsla_error *err)
{
	struct group_table table = { 0 };
	struct store_scan scan;
	struct contact ct;
	struct metric_params params = q->params;
	struct metrics_filter filter = q->filter;
	const struct tz *zone = q->zone;
	const struct metrics_client_setup *su = NULL;
	struct fcr_tracker *fcr = NULL;
	char client[CONTACT_CLIENT_MAX + 1] = "";
	int64_t q_from = q->from_ms, q_to = q->to_ms, from_ms = q->from_ms, to_ms = q->to_ms, scan_to;
	int64_t seen_lo = TIME_NONE, seen_hi = TIME_NONE;
	int rc, ret = -1, scan_open = 0;

	memset(res, 0, sizeof *res);
	if (metric_params_check(&params, err) < 0)
		return -1;
	if (q->setups) {
		/* the scan covers every client's own range */
		q_from = INT64_MAX;
		q_to = INT64_MIN;
		for (size_t i = 0; i < q->setup_count; i++) {
			if (q->setups[i].from_ms < q_from)
				q_from = q->setups[i].from_ms;
			if (q->setups[i].to_ms > q_to)
				q_to = q->setups[i].to_ms;
		}
	}
	scan_to = q_to;
	if (params.fcr == FCR_REPEAT) {
		if (!(fcr = fcr_tracker_new(params.fcr_window_days)))
			goto oom;
		if (scan_to < INT64_MAX - (int64_t)params.fcr_window_days * MS_PER_DAY)
			scan_to += (int64_t)params.fcr_window_days * MS_PER_DAY;
	}
	{
		int64_t lo, hi, from = q_from;

		if (store_day_range(q->state_dir, q->client, &lo, &hi, err) < 0)
			goto done;
		if (lo == TIME_NONE)
			lo = hi = 0; /* no data: an empty scan */
		if (from < lo)
			from = lo;
		if (scan_to > hi)
			scan_to = hi;
		if (scan_to < from)
			scan_to = from;
		if (store_scan_open(&scan, q->state_dir, q->client, from, scan_to, err) < 0)
			goto done;
	}
	scan_open = 1;
	while ((rc = store_scan_next(&scan, &ct, err)) == 1) {
		struct metrics_group key, *g = NULL;
		struct metric_counts *target[1];
		enum select_result sel = SELECT_OUT;

		res->contacts_read++;
		if (strcmp(ct.client_id, client) != 0) {
			/* A new client: the previous one's FCR windows end with
			 * its data; the new one's open contacts age against its own
			 * watermark, in its own zone and calendar when it has them. */
			if (fcr)
				fcr_tracker_finish(fcr, params.watermark_ms);
			strcpy(client, ct.client_id);
			if (metrics_store_watermark(q->state_dir, client, &params.watermark_ms, err) < 0)
				goto done;
			if (q->setups && (su = setup_of(q, client))) {
				zone = su->zone;
				filter.cal = params.cal = su->cal;
				from_ms = su->from_ms;
				to_ms = su->to_ms;
			}
		}
		if (q->setups && !su)
			continue; /* a client the query does not cover */
		if (ct.arrived_at_ms >= from_ms && ct.arrived_at_ms < to_ms)
			sel = metrics_filter_select(&filter, &ct);
		if (sel != SELECT_OUT) {
			if (seen_lo == TIME_NONE || ct.arrived_at_ms < seen_lo)
				seen_lo = ct.arrived_at_ms;
			if (seen_hi == TIME_NONE || ct.arrived_at_ms > seen_hi)
				seen_hi = ct.arrived_at_ms;
			contact_key(q, zone, &ct, &key);
			if (!(g = table_get(&table, &key)))
				goto oom;
			if (sel == SELECT_EXCLUDED)
				g->counts.excluded++;
			else if (metrics_add(&g->counts, &params, &ct) < 0)
				goto oom;
		}
		if (fcr) {
			int n = sel == SELECT_IN && ct.outcome == OUT_ANSWERED;

			target[0] = n ? &g->counts : NULL;
			if (fcr_tracker_add(fcr, &ct, target, n) < 0)
				goto oom;
		}
	}
	if (rc < 0)
		goto done;
	if (fcr)
		fcr_tracker_finish(fcr, params.watermark_ms);
	/* the periods and clients without contacts, once every FCR outcome
	 * has landed */
	if (fill_groups(&table, q, seen_lo, seen_hi, err) < 0)
		goto done;
	/* Compact the table into the sorted result. */
	if (!(res->groups = malloc((table.count ? table.count : 1) * sizeof *res->groups)))
		goto oom;
	for (size_t i = 0; i < table.size; i++)
		if (table.slots[i]) {
			res->groups[res->count++] = table.slots[i];
			table.slots[i] = NULL;
		}
	sort_query = q;
	qsort(res->groups, res->count, sizeof *res->groups, group_cmp);
	ret = 0;
	goto done;
oom:
	ccsla_error_set(err, NULL, 0, NULL, "out of memory");
done:
	if (scan_open)
		store_scan_close(&scan);
	fcr_tracker_free(fcr);
	for (size_t i = 0; i < table.size; i++)
		if (table.slots[i]) {
			metric_counts_release(&table.slots[i]->counts);
			free(table.slots[i]);
		}
	free(table.slots);
	if (ret < 0)
		metrics_result_release(res);
	return ret;
}

void metrics_result_release(struct metrics_result *res)
{
	for (size_t i = 0; i < res->count; i++) {
		metric_counts_release(&res->groups[i]->counts);
		free(res->groups[i]);
	}
	free(res->groups);
	res->groups = NULL;
	res->count = 0;
}

void metrics_group_label(const struct metrics_group *g, enum group_dim d, const struct tz *zone,
                         char *buf, size_t size)
{
	int y, m, dd;

	switch (d) {
	case DIM_CLIENT:
		snprintf(buf, size, "%s", g->client);
		break;
	case DIM_MONTH:
		snprintf(buf, size, "%04d-%02d", (int)(g->month / 12), (int)(g->month % 12) + 1);
		break;
	case DIM_WEEK: {
		/* ISO 8601 week: the year of its Thursday. */
		int64_t thursday = g->week + 3;
		int64_t jan1;

		days_to_civil(thursday, &y, &m, &dd);
		jan1 = civil_to_days(y, 1, 1);
		snprintf(buf, size, "%04d-W%02d", y, (int)((thursday - jan1) / 7 + 1));
		break;
	}
	case DIM_DAY:
		days_to_civil(g->day, &y, &m, &dd);
		snprintf(buf, size, "%04d-%02d-%02d", y, m, dd);
		break;
	case DIM_INTERVAL: {
		/* local time from the group's own offset: clients of other zones
		 * (ccsla metrics --contracts) share one result */
		int64_t local = g->interval_ms + (int64_t)g->interval_offset_s * 1000;
		int64_t ms = local - floor_div(local, MS_PER_DAY) * MS_PER_DAY;
		int32_t off = g->interval_offset_s < 0 ? -g->interval_offset_s : g->interval_offset_s;

		(void)zone;
		days_to_civil(floor_div(local, MS_PER_DAY), &y, &m, &dd);
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d%c%02d:%02d", y, m, dd, (int)(ms / 3600000),
		         (int)(ms / 60000 % 60), g->interval_offset_s < 0 ? '-' : '+', (int)(off / 3600),
		         (int)(off / 60 % 60));
		break;
	}
	case DIM_CHANNEL:
		snprintf(buf, size, "%s", channel_label(g->channel));
		break;
	case DIM_QUEUE:
		snprintf(buf, size, "%s", g->queue);
		break;
	default:
		snprintf(buf, size, "?");
	}
}
