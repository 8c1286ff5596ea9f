/* staffing_forecast.c -- the forecast that counts for each interval, from
 * the forecast log's partitions STATE/ops/forecast/<client>/<day>.tsv
 * (UTC day of interval_start; README "Operations logs").
 *
 * Version rule (operations-logs.md "forecast"): for each (channel, queue,
 * interval_start) the latest version published before the interval starts
 * (lock_days 0), or, with lock_days L >= 1, the latest published before
 * the local day L days before the interval's local day begins (so at least
 * L whole local days lie between). A forecast interval of another length
 * than the grid's is spread over the grid intervals it covers in
 * proportion to the overlap (split evenly, or summed). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/contact.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "staffing_forecast.h"

struct cand {
	char key[160];            /* channel \t queue \t interval_start */
	int64_t start_ms, len_ms, published_ms;
	double offered, aht_s;    /* aht_s < 0: none */
	int64_t offered_c;        /* offered in hundredths, exact */
};

/* The log's offered (ingest checked: a decimal >= 0 with at most 2
 * decimals) in hundredths; -1 when the partition holds something else. */
static int64_t hundredths(const char *s)
{
	int64_t v = 0;
	int dec = -1;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || dec >= 2 || v > INT64_MAX / 1000)
			return -1;
		v = v * 10 + (*s - '0');
		if (dec >= 0)
			dec++;
	}
	for (; dec < 2; dec = dec < 0 ? 1 : dec + 1)
		v *= 10;
	return v;
}

struct cols { int channel, queue, start, min, offered, aht, published, n; };

static int find_cols(char *header, struct cols *c)
{
	int i = 0;

	c->channel = c->queue = c->start = c->min = c->offered = c->aht = c->published = -1;
	for (char *save = NULL, *tok = strtok_r(header, "\t\n", &save); tok; tok = strtok_r(NULL, "\t\n", &save), i++) {
		if (!strcmp(tok, "channel")) c->channel = i;
		else if (!strcmp(tok, "queue")) c->queue = i;
		else if (!strcmp(tok, "interval_start")) c->start = i;
		else if (!strcmp(tok, "interval_min")) c->min = i;
		else if (!strcmp(tok, "offered")) c->offered = i;
		else if (!strcmp(tok, "aht_s")) c->aht = i;
		else if (!strcmp(tok, "published_at")) c->published = i;
	}
	c->n = i;
	return c->channel >= 0 && c->queue >= 0 && c->start >= 0 && c->min >= 0 && c->offered >= 0 &&
	       c->aht >= 0 && c->published >= 0 ? 0 : -1;
}

/* The instant before which a version must be published to count. */
static int64_t deadline(const struct tz *zone, int lock_days, int64_t start_ms)
{
	if (lock_days <= 0)
		return start_ms;
	return tz_local_day_start(zone, tz_local_days(zone, start_ms) - lock_days);
}

/* Keeps the counting version of each key: one candidate per key, replaced
 * by a later eligible one. Linear probing on a small table. */
struct table { struct cand *c; size_t n, cap; };

static long find_key(const struct table *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->c[i].key, key))
			return (long)i;
	return -1;
}

static int read_partition(const char *path, const struct forecast_query *fq, struct table *t,
                          struct ccsla_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *f[32];
	size_t cap = 0;
	ssize_t got;
	long no = 0;
	struct cols c = { -1, -1, -1, -1, -1, -1, -1, 0 };
	int ret = -1;

	if (!fp)
		return errno == ENOENT ? 0 : ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	while ((got = getline(&line, &cap, fp)) > 0) {
		struct cand k;
		const char *why;
		int nf = 0, ch;
		long i;

		if (++no == 1) {
			if (find_cols(line, &c) != 0) {
				ccsla_error_set(err, path, 1, NULL, "not a forecast partition");
				goto out;
			}
			continue;
		}
		if (line[got - 1] == '\n')
			line[got - 1] = '\0';
		for (char *p = line; nf < 32; nf++) {
			char *tab = strchr(p, '\t');

			f[nf] = p;
			if (!tab) {
				nf++;
				break;
			}
			*tab = '\0';
			p = tab + 1;
		}
		if (nf != c.n || rfc3339_parse(f[c.start], &k.start_ms, &why) ||
		    rfc3339_parse(f[c.published], &k.published_ms, &why) || (ch = channel_parse(f[c.channel])) < 0) {
			ccsla_error_set(err, path, no, NULL, "damaged forecast partition row");
			goto out;
		}
		if (fq->channels && !(fq->channels >> ch & 1u))
			continue;
		if (k.published_ms >= deadline(fq->zone, fq->lock_days, k.start_ms))
			continue;  /* too late to count for this interval */
		k.len_ms = (int64_t)atoi(f[c.min]) * 60000;
		k.offered = strtod(f[c.offered], NULL);
		if ((k.offered_c = hundredths(f[c.offered])) < 0) {
			ccsla_error_set(err, path, no, "offered", "damaged forecast partition row");
			goto out;
		}
		/* exact sums in quarters of hundredths stay within 64 bits over a
		 * month of 15-minute intervals (forecast_accuracy.c) */
		if (k.offered_c > FORECAST_OFFERED_MAX * 100) {
			ccsla_error_set(err, path, no, "offered", "forecast of %s contacts in one interval: more than the "
			                "%lld ccsla takes", f[c.offered], (long long)FORECAST_OFFERED_MAX);
			goto out;
		}
		k.aht_s = f[c.aht][0] ? strtod(f[c.aht], NULL) : -1;
		snprintf(k.key, sizeof k.key, "%s\t%s\t%s", f[c.channel], f[c.queue], f[c.start]);
		if ((i = find_key(t, k.key)) >= 0) {
			if (k.published_ms > t->c[i].published_ms)
				t->c[i] = k;
			continue;
		}
		if (t->n == t->cap) {
			size_t nc = t->cap ? t->cap * 2 : 256;
			struct cand *p = realloc(t->c, nc * sizeof *p);

			if (!p) {
				ccsla_error_set(err, NULL, 0, NULL, "out of memory");
				goto out;
			}
			t->c = p;
			t->cap = nc;
		}
		t->c[t->n++] = k;
	}
	ret = 0;
out:
	free(line);
	fclose(fp);
	return ret;
}

int staffing_forecast_load(const struct forecast_query *fq, struct forecast_grid *g, int *found,
                           struct ccsla_error *err)
{
	struct table t = { NULL, 0, 0 };
	char dir[4300];
	int ret = -1;

	*found = 0;
	if (!g->n)
		return 0;
	snprintf(dir, sizeof dir, "%s/ops/forecast/%s", fq->state_dir, fq->client);
	{
		/* forecast intervals of up to an hour that start the UTC day before */
		int64_t d0 = floor_div(g->start_ms[0], MS_PER_DAY) - 1;
		int64_t d1 = floor_div(g->start_ms[g->n - 1] + g->len_ms - 1, MS_PER_DAY);

		for (int64_t d = d0; d <= d1; d++) {
			char path[4400];
			int y, m, dd;

			days_to_civil(d, &y, &m, &dd);
			snprintf(path, sizeof path, "%s/%04d-%02d-%02d.tsv", dir, y, m, dd);
			if (read_partition(path, fq, &t, err) != 0)
				goto out;
		}
	}
	*found = t.n > 0;
	for (size_t k = 0; k < t.n; k++) {
		const struct cand *c = &t.c[k];
		size_t lo = 0, hi = g->n;

		while (lo < hi) { /* first grid interval ending after the forecast's start */
			size_t mid = lo + (hi - lo) / 2;

			if (g->start_ms[mid] + g->len_ms <= c->start_ms)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < g->n && g->start_ms[i] < c->start_ms + c->len_ms; i++) {
			int64_t a = c->start_ms > g->start_ms[i] ? c->start_ms : g->start_ms[i];
			int64_t b = c->start_ms + c->len_ms < g->start_ms[i] + g->len_ms ? c->start_ms + c->len_ms
			                                                                  : g->start_ms[i] + g->len_ms;
			double share;

			if (b <= a)
				continue;
			share = c->offered * (double)(b - a) / (double)c->len_ms;
			g->offered[i] += share;
			g->has[i] = 1;
			if (g->offered_x400)  /* exact: the overlap is a whole number of quarters of len */
				g->offered_x400[i] += (int64_t)((__int128)c->offered_c * 4 * (b - a) / c->len_ms);
			if (c->aht_s >= 0) {
				g->aht_weighted[i] += share * c->aht_s;
				g->aht_offered[i] += share;
			}
		}
	}
	ret = 0;
out:
	free(t.c);
	return ret;
}
