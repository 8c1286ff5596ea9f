/* metrics_query.c -- one pass over the store, counts per group.
 *
 * The store scan streams each client's contacts in arrived_at order, which
 * is what repeat FCR needs: the tracker follows one client at a time and is
 * finished (with that client's watermark) when the next client starts. For
 * repeat FCR the scan reads D days past the period; those contacts only
 * serve as look-ahead and count in no group. */
#include <dirent.h>
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

struct group_table {
	struct metrics_group **slots; /* open addressing, power-of-two size */
	size_t size, count;
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

/* The group of key, created when new; NULL when out of memory. */
static struct metrics_group *table_get(struct group_table *t, const struct metrics_group *key)
{
	size_t j;

	if ((t->count + 1) * 2 > t->size && table_grow(t) < 0)
		return NULL;
	j = key_hash(key) & (t->size - 1);
	while (t->slots[j]) {
		if (key_equal(t->slots[j], key))
			return t->slots[j];
		j = (j + 1) & (t->size - 1);
	}
	if (!(t->slots[j] = malloc(sizeof *t->slots[j])))
		return NULL;
	*t->slots[j] = *key;
	metric_counts_init(&t->slots[j]->counts);
	t->count++;
	return t->slots[j];
}

/* The group key of a contact for the asked dimensions. */
static void contact_key(const struct metrics_query *q, const struct contact *ct,
                        struct metrics_group *k)
{
	int32_t off = tz_offset_s(q->zone, ct->arrived_at_ms);
	int64_t local = ct->arrived_at_ms + (int64_t)off * 1000;
	int64_t days = floor_div(local, MS_PER_DAY);
	int64_t iv_ms = (int64_t)q->interval_min * 60000;
	int y, m, d;

	memset(k, 0, sizeof *k);
	for (int i = 0; i < q->by_count; i++)
		switch (q->by[i]) {
		case DIM_CLIENT:
			strcpy(k->client, ct->client_id);
			break;
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
		case DIM_CHANNEL:
			k->channel = ct->channel;
			break;
		case DIM_QUEUE:
			strcpy(k->queue, ct->queue);
			break;
		default:
			break;
		}
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
			c = strcmp(channel_name(a->channel), channel_name(b->channel));
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

int metrics_query_run(const struct metrics_query *q, struct metrics_result *res,
                      struct ccsla_error *err)
{
	struct group_table table = { 0 };
	struct store_scan scan;
	struct contact ct;
	struct metric_params params = q->params;
	struct fcr_tracker *fcr = NULL;
	char client[CONTACT_CLIENT_MAX + 1] = "";
	int64_t scan_to = q->to_ms;
	int rc, ret = -1, scan_open = 0;

	memset(res, 0, sizeof *res);
	if (metric_params_check(&params, err) < 0)
		return -1;
	if (params.fcr == FCR_REPEAT) {
		if (!(fcr = fcr_tracker_new(params.fcr_window_days)))
			goto oom;
		if (scan_to < INT64_MAX - (int64_t)params.fcr_window_days * MS_PER_DAY)
			scan_to += (int64_t)params.fcr_window_days * MS_PER_DAY;
	}
	{
		int64_t lo, hi, from = q->from_ms;

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
			 * watermark. */
			if (fcr)
				fcr_tracker_finish(fcr, params.watermark_ms);
			strcpy(client, ct.client_id);
			if (metrics_store_watermark(q->state_dir, client, &params.watermark_ms, err) < 0)
				goto done;
		}
		if (ct.arrived_at_ms >= q->from_ms && ct.arrived_at_ms < q->to_ms)
			sel = metrics_filter_select(&q->filter, &ct);
		if (sel != SELECT_OUT) {
			contact_key(q, &ct, &key);
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
		struct metrics_interval iv = { .start_ms = g->interval_ms,
		                               .offset_s = g->interval_offset_s };

		metrics_interval_label(&iv, zone, buf, size);
		break;
	}
	case DIM_CHANNEL:
		snprintf(buf, size, "%s", channel_name(g->channel));
		break;
	case DIM_QUEUE:
		snprintf(buf, size, "%s", g->queue);
		break;
	default:
		snprintf(buf, size, "?");
	}
}
