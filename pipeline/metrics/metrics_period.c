/* metrics_period.c -- one population over one local period (an SLA's
 * month): the total, each local day and each local interval, for the
 * figure, the charts and interval compliance.
 *
 * Intervals are cut at local multiples of 15, 30 or 60 minutes and at every
 * UTC-offset change, so a 25-hour day has 100 quarter hours (the repeated
 * hour twice, told apart by the offset in the label) and a 23-hour day 92.
 * Memory: fixed per period (days x intervals x counts), plus the waits of
 * answered contacts when percentiles are kept, plus the repeat-FCR window. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "metrics.h"
#include "metrics_daycache.h"

/* Builds the intervals of [from, to): cut at local multiples of
 * interval_ms and at every UTC-offset change. Walks one stretch of constant
 * offset at a time, so the zone is consulted per offset change, not per
 * interval (a month has ~1,500 intervals and one or two changes). */
static int build_intervals(struct metrics_period *p, int64_t interval_ms)
{
	/* Each offset change can split one interval in two. */
	size_t cap = (size_t)((p->to_ms - p->from_ms) / interval_ms) + 2 * p->day_count + 8;
	int64_t t = p->from_ms;

	if (!(p->intervals = malloc(cap * sizeof *p->intervals)))
		return -1;
	while (t < p->to_ms) {
		int64_t stretch_end = tz_next_offset_change(p->zone, t, p->to_ms);
		int32_t off = tz_offset_s(p->zone, t);
		int64_t off_ms = (int64_t)off * 1000;

		while (t < stretch_end) {
			int64_t local = t + off_ms;
			int64_t start = local - ((local % interval_ms) + interval_ms) % interval_ms;
			int64_t end = start + interval_ms - off_ms;
			struct metrics_interval *iv;

			if (end > stretch_end)
				end = stretch_end;
			if (p->interval_count == cap) {
				size_t ncap = cap * 2;
				struct metrics_interval *grown = realloc(p->intervals, ncap * sizeof *grown);

				if (!grown)
					return -1;
				p->intervals = grown;
				cap = ncap;
			}
			iv = &p->intervals[p->interval_count++]; /* every field set below */
			iv->start_ms = t;
			iv->offset_s = off;
			iv->day = (size_t)(floor_div(local, MS_PER_DAY) - p->first_day);
			metric_counts_init(&iv->counts);
			t = end;
		}
	}
	return 0;
}

int metrics_period_init(struct metrics_period *p, const struct tz *zone, int64_t from_ms,
                        int64_t to_ms, int interval_min, const struct metric_params *params,
                        const struct metrics_filter *filter, struct ccsla_error *err)
{
	int64_t last_day;

	memset(p, 0, sizeof *p);
	if (metric_params_check(params, err) < 0)
		return -1;
	if (interval_min != 0 && interval_min != 15 && interval_min != 30 && interval_min != 60)
		return ccsla_error_set(err, NULL, 0, "interval", "must be 15, 30 or 60 minutes, not %d",
		                       interval_min);
	if (to_ms <= from_ms)
		return ccsla_error_set(err, NULL, 0, "period", "the period is empty");
	p->zone = zone;
	p->from_ms = from_ms;
	p->to_ms = to_ms;
	p->interval_min = interval_min;
	p->params = *params;
	p->filter = *filter;
	p->first_day = tz_local_days(zone, from_ms);
	last_day = tz_local_days(zone, to_ms - 1);
	if (last_day - p->first_day + 1 > METRICS_MAX_DAYS)
		return ccsla_error_set(err, NULL, 0, "period", "more than %d days",
		                       METRICS_MAX_DAYS);
	p->day_count = (size_t)(last_day - p->first_day + 1);
	metric_counts_init(&p->total);
	if (!(p->days = calloc(p->day_count, sizeof *p->days)))
		goto oom;
	for (size_t d = 0; d < p->day_count; d++)
		metric_counts_init(&p->days[d]);
	if (interval_min && build_intervals(p, (int64_t)interval_min * 60000) < 0)
		goto oom;
	if (params->fcr == FCR_REPEAT && !(p->fcr = fcr_tracker_new(params->fcr_window_days)))
		goto oom;
	if (filter->cal && filter->cal->exclusion_count) {
		p->window_count = filter->cal->exclusion_count;
		if (!(p->window_excluded = calloc(p->window_count, sizeof *p->window_excluded)))
			goto oom;
	}
	p->seen_to_ms = from_ms;
	return 0;
oom:
	metrics_period_release(p);
	return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
}

/* The interval holding t: the store gives contacts in arrival order, so
 * it is the last contact's or one a few steps after it; a binary search
 * otherwise (a contact before the last one, or a gap of hours). */
static size_t interval_index(struct metrics_period *p, int64_t t)
{
	size_t lo = p->interval_hint, hi = p->interval_count;

	if (lo < hi && p->intervals[lo].start_ms <= t) {
		for (int step = 0; step < 4; step++, lo++)
			if (lo + 1 == hi || p->intervals[lo + 1].start_ms > t)
				return p->interval_hint = lo;
	} else {
		lo = 0;
	}
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->intervals[mid].start_ms <= t)
			lo = mid;
		else
			hi = mid;
	}
	return p->interval_hint = lo;
}

static void read_shared_outcome(struct metrics_period *p, struct metric_counts *const *targets, int n);

int metrics_period_add(struct metrics_period *p, const struct contact *ct)
{
	struct metric_params iv_params = p->params;
	struct metric_counts *targets[3];
	int n = 0;
	enum select_result sel = SELECT_OUT;

	if (ct->arrived_at_ms >= p->from_ms && ct->arrived_at_ms < p->to_ms)
		sel = metrics_filter_select(&p->filter, ct);
	if (ct->arrived_at_ms > p->seen_to_ms)
		p->seen_to_ms = ct->arrived_at_ms;
	if (sel != SELECT_OUT) {
		struct metrics_interval *iv = NULL;
		struct metric_counts *day;
		size_t d;

		if (p->interval_count) {
			iv = &p->intervals[interval_index(p, ct->arrived_at_ms)];
			d = iv->day;
		} else {
			d = (size_t)(tz_local_days(p->zone, ct->arrived_at_ms) - p->first_day);
		}
		day = &p->days[d];
		if (p->day_kept && p->day_kept[d]) {
			sel = SELECT_OUT; /* counted already, from the cache: only look-ahead */
		} else if (sel == SELECT_EXCLUDED) {
			long w = calendar_exclusion_at(p->filter.cal, ct->arrived_at_ms);

			if (w >= 0 && (size_t)w < p->window_count) {
				p->window_excluded[w]++;
				if (p->day_window_excluded)
					p->day_window_excluded[d * p->window_count + (size_t)w]++;
			}
			p->total.excluded++;
			day->excluded++;
			if (iv)
				iv->counts.excluded++;
		} else {
			if (!p->interval_waits)
				iv_params.keep_waits = 0; /* percentiles per interval: only when asked */
			if (metrics_add(&p->total, &p->params, ct) < 0 ||
			    metrics_add(day, &p->params, ct) < 0 ||
			    (iv && metrics_add(&iv->counts, &iv_params, ct) < 0))
				return -1;
			targets[n++] = &p->total;
			targets[n++] = day;
			if (iv)
				targets[n++] = &iv->counts;
		}
	}
	if (p->fcr)
		return fcr_tracker_add(p->fcr, ct, targets, ct->outcome == OUT_ANSWERED ? n : 0);
	if (p->fcr_share && ct->outcome == OUT_ANSWERED && ct->customer_id[0])
		read_shared_outcome(p, targets, n);
	return 0;
}

/* The recorded outcome of the next answered contact, counted as the
 * tracker would have counted it. */
static void read_shared_outcome(struct metrics_period *p, struct metric_counts *const *targets, int n)
{
	int resolved, provisional;

	if (fcr_share_outcome(p->fcr_share, p->fcr_cursor++, &resolved, &provisional) < 0) {
		p->fcr_misread = 1;
		return;
	}
	for (int k = 0; k < n; k++) {
		targets[k]->fcr_base++;
		targets[k]->fcr_resolved += resolved;
		targets[k]->fcr_provisional += provisional;
	}
}

void metrics_period_share_fcr(struct metrics_period *p, struct fcr_share *s)
{
	int32_t window = p->params.fcr_window_days;

	if (!p->fcr || !s || p->params.watermark_ms == TIME_NONE)
		return;
	if (s->state == FCR_SHARE_FILLED && s->from_ms == p->from_ms && s->to_ms == p->to_ms &&
	    s->window_days == window && s->watermark_ms == p->params.watermark_ms) {
		fcr_tracker_free(p->fcr);
		p->fcr = NULL;
		p->fcr_share = s;
	} else if (s->state == FCR_SHARE_EMPTY) {
		s->state = FCR_SHARE_RECORDING;
		s->from_ms = p->from_ms;
		s->to_ms = p->to_ms;
		s->window_days = window;
		s->watermark_ms = p->params.watermark_ms;
		fcr_tracker_record(p->fcr, s);
		p->fcr_share = s;
	}
}

void metrics_period_finish(struct metrics_period *p)
{
	if (p->fcr) {
		fcr_tracker_finish(p->fcr, p->params.watermark_ms);
		if (p->fcr_share) /* recorded: every outcome is known now */
			p->fcr_share->state = FCR_SHARE_FILLED;
	} else if (p->fcr_share && p->fcr_cursor != p->fcr_share->count) {
		p->fcr_misread = 1;
	}
}

/* Reads [from_ms, to_ms) of the client's store into p and finishes. */
static int scan(struct metrics_period *p, const char *state_dir, const char *client, int64_t from_ms, int64_t to_ms,
                struct ccsla_error *err)
{
	struct store_scan sc;
	struct contact ct;
	int rc, ret = -1;

	if (from_ms < to_ms) {
		if (store_scan_open(&sc, state_dir, client, from_ms, to_ms, err) < 0)
			return -1;
		while ((rc = store_scan_next(&sc, &ct, err)) == 1)
			if (metrics_period_add(p, &ct) < 0) {
				ccsla_error_set(err, NULL, 0, NULL, "out of memory");
				goto done;
			}
		if (rc < 0)
			goto done;
	}
	metrics_period_finish(p);
	if (p->fcr_misread) {
		ccsla_error_set(err, NULL, 0, NULL, "the store of %s changed while it was read (repeat FCR): run again", client);
		goto done;
	}
	ret = 0;
done:
	if (from_ms < to_ms)
		store_scan_close(&sc);
	return ret;
}

/* A period that takes days from the cache reads only part of its stream,
 * so it neither records repeat-FCR outcomes for others nor reads theirs:
 * it tracks its own. 0, or -1 when out of memory. */
static int unshare_fcr(struct metrics_period *p)
{
	if (!p->fcr_share)
		return 0;
	if (p->fcr) { /* it was to record: nothing is recorded yet */
		fcr_tracker_record(p->fcr, NULL);
		p->fcr_share->state = FCR_SHARE_EMPTY;
		p->fcr_share->count = 0;
	} else if (!(p->fcr = fcr_tracker_new(p->params.fcr_window_days))) {
		return -1;
	}
	p->fcr_share = NULL;
	return 0;
}

int metrics_period_cache_begin(struct metrics_period *p, const char *state_dir, const char *client,
                               int64_t *scan_from, struct ccsla_error *err)
{
	size_t d;
	int kept;

	*scan_from = p->from_ms;
	if (!p->day_cache || p->params.watermark_ms == TIME_NONE || metrics_daycache_signature(p, p->day_sig) < 0) {
		p->day_cache = 0;
		return 0;
	}
	if (!(p->day_kept = calloc(p->day_count, 1)) || !(p->day_keyed = calloc(p->day_count, 1)) ||
	    !(p->day_keys = calloc(p->day_count, sizeof *p->day_keys)) ||
	    (p->window_count && !(p->day_window_excluded = calloc(p->day_count * p->window_count, sizeof(int64_t)))) ||
	    metrics_daycache_keys(p, state_dir, client, p->day_keys, p->day_keyed) < 0 ||
	    (kept = metrics_daycache_load(p, state_dir, client)) < 0 || (kept && unshare_fcr(p) < 0))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	for (d = 0; d < p->day_count && p->day_kept[d]; d++)
		;
	if (d == p->day_count) {
		*scan_from = INT64_MAX; /* nothing to read */
	} else {
		*scan_from = tz_local_day_start(p->zone, p->first_day + (int64_t)d);
		if (*scan_from < p->from_ms)
			*scan_from = p->from_ms;
	}
	return 0;
}

void metrics_period_cache_end(struct metrics_period *p, const char *state_dir, const char *client)
{
	unsigned char (*again)[32];
	uint8_t *keyed, *keep;
	size_t d, added = 0;

	if (!p->day_cache)
		return;
	again = calloc(p->day_count, sizeof *again);
	keyed = calloc(p->day_count, 1);
	keep = calloc(p->day_count, 1);
	/* Keeps the days taken from the file and the settled days measured,
	 * the latter under the key of what was read: a partition that changed
	 * during the scan (an ingest beside this run) gives another key, and
	 * that day is not kept. Out of memory: nothing is kept. */
	if (again && keyed && keep && metrics_daycache_keys(p, state_dir, client, again, keyed) == 0) {
		for (d = 0; d < p->day_count; d++) {
			int fresh = !p->day_kept[d] && p->day_keyed[d] && metrics_daycache_settled(p, d) && keyed[d] &&
			            memcmp(again[d], p->day_keys[d], 32) == 0;

			keep[d] = (uint8_t)(p->day_kept[d] || fresh);
			added += (size_t)fresh;
		}
		if (added) /* else the file holds these days already */
			metrics_daycache_save(p, state_dir, client, keep);
	}
	free(again);
	free(keyed);
	free(keep);
}

int metrics_period_run(struct metrics_period *p, const char *state_dir, const char *client,
                       struct ccsla_error *err)
{
	int64_t to = p->to_ms, from;

	if (p->params.watermark_ms == TIME_NONE &&
	    metrics_store_watermark(state_dir, client, &p->params.watermark_ms, err) < 0)
		return -1;
	if (p->fcr || p->fcr_share) /* the look-ahead, read or recorded alike */
		to += (int64_t)p->params.fcr_window_days * MS_PER_DAY;
	if (metrics_period_cache_begin(p, state_dir, client, &from, err) < 0 ||
	    scan(p, state_dir, client, from < to ? from : to, to, err) < 0)
		return -1;
	metrics_period_cache_end(p, state_dir, client);
	return 0;
}

void metrics_period_release(struct metrics_period *p)
{
	metric_counts_release(&p->total);
	for (size_t d = 0; p->days && d < p->day_count; d++)
		metric_counts_release(&p->days[d]);
	free(p->days);
	for (size_t i = 0; p->intervals && i < p->interval_count; i++)
		metric_counts_release(&p->intervals[i].counts);
	free(p->intervals);
	fcr_tracker_free(p->fcr);
	free(p->window_excluded);
	free(p->day_window_excluded);
	free(p->day_kept);
	free(p->day_keyed);
	free(p->day_keys);
	p->window_excluded = NULL;
	p->day_window_excluded = NULL;
	p->day_kept = NULL;
	p->day_keyed = NULL;
	p->day_keys = NULL;
	p->window_count = 0;
	p->days = NULL;
	p->intervals = NULL;
	p->fcr = NULL;
}

static void put_2digits(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void metrics_interval_label(const struct metrics_interval *iv, const struct tz *zone,
                            char *buf, size_t size)
{
	struct local_time lt;
	int32_t off = iv->offset_s < 0 ? -iv->offset_s : iv->offset_s;

	tz_to_local(zone, iv->start_ms, &lt);
	if (size >= sizeof "2026-10-25T02:00+01:00" && lt.year >= 0 && lt.year <= 9999 && off < 100 * 3600) {
		/* by hand: snprintf took 3,500 instructions a label, and a
		 * report labels every half-hour of every SLA's month */
		put_2digits(buf, lt.year / 100);
		put_2digits(buf + 2, lt.year % 100);
		buf[4] = '-';
		put_2digits(buf + 5, lt.month);
		buf[7] = '-';
		put_2digits(buf + 8, lt.day);
		buf[10] = 'T';
		put_2digits(buf + 11, lt.hour);
		buf[13] = ':';
		put_2digits(buf + 14, lt.minute);
		buf[16] = iv->offset_s < 0 ? '-' : '+';
		put_2digits(buf + 17, (int)(off / 3600));
		buf[19] = ':';
		put_2digits(buf + 20, (int)(off / 60 % 60));
		buf[22] = '\0';
		return;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d%c%02d:%02d", lt.year, lt.month, lt.day,
	         lt.hour, lt.minute, iv->offset_s < 0 ? '-' : '+', (int)(off / 3600),
	         (int)(off / 60 % 60));
}

int metrics_interval_compliance(struct metrics_period *p, enum metric_id m,
                                const struct target *t, int decimals, int exact,
                                int64_t min_volume, struct ratio *r)
{
	int64_t met = 0, measured = 0;

	for (size_t i = 0; i < p->interval_count; i++) {
		struct ratio v;

		if (p->intervals[i].counts.offered < min_volume || p->intervals[i].counts.offered == 0)
			continue;
		if (metric_value(&p->intervals[i].counts, &p->params, m, &v) < 0)
			return -1;
		if (ratio_is_na(&v))
			continue;
		measured++;
		met += metric_meets(&v, t, decimals, exact) == 1;
	}
	*r = (struct ratio){ measured ? 100 * met : 0, measured };
	return 0;
}

struct ranked {
	size_t index;
	struct ratio value;
};

static int worse_first(const void *a, const void *b, void *higher_better)
{
	const struct ranked *x = a, *y = b;
	int c = ratio_cmp(&x->value, &y->value);

	if (!*(int *)higher_better)
		c = -c;
	if (c == 0)
		c = (x->index > y->index) - (x->index < y->index);
	return c;
}

/* qsort_r is not in C17 or POSIX 2008: an insertion sort keeps it portable,
 * and at most 62 days or 6200 intervals are ranked. */
static void rank_sort(struct ranked *v, size_t n, int higher_better)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && worse_first(&v[j], &v[j - 1], &higher_better) < 0; j--) {
			struct ranked x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
}

static size_t worst(struct metric_counts *(*at)(struct metrics_period *, size_t), size_t count,
                    struct metrics_period *p, enum metric_id m, int64_t min_volume, size_t n,
                    size_t *out)
{
	struct ranked *v = calloc(count ? count : 1, sizeof *v);
	size_t k = 0;

	if (!v)
		return 0;
	for (size_t i = 0; i < count; i++) {
		struct ratio r;

		if (at(p, i)->offered < min_volume)
			continue;
		if (metric_value(at(p, i), &p->params, m, &r) == 0 && !ratio_is_na(&r))
			v[k++] = (struct ranked){ i, r };
	}
	rank_sort(v, k, metric_higher_is_better(m));
	if (n > k)
		n = k;
	for (size_t i = 0; i < n; i++)
		out[i] = v[i].index;
	free(v);
	return n;
}

static struct metric_counts *day_at(struct metrics_period *p, size_t i)
{
	return &p->days[i];
}

static struct metric_counts *interval_at(struct metrics_period *p, size_t i)
{
	return &p->intervals[i].counts;
}

size_t metrics_worst_days(struct metrics_period *p, enum metric_id m, int64_t min_volume,
                          size_t n, size_t *out)
{
	return worst(day_at, p->day_count, p, m, min_volume, n, out);
}

size_t metrics_worst_intervals(struct metrics_period *p, enum metric_id m, int64_t min_volume,
                               size_t n, size_t *out)
{
	return worst(interval_at, p->interval_count, p, m, min_volume, n, out);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int metrics_store_watermark(const char *state_dir, const char *client, int64_t *out_ms,
                            struct ccsla_error *err)
{
	char dir[4096], path[4608];
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t count = 0, cap = 0;
	int ret = -1;

	*out_ms = TIME_NONE;
	snprintf(dir, sizeof dir, "%s/store/%s", state_dir, client);
	if (!(d = opendir(dir)))
		return 0; /* no data for the client */
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len != 14 || strcmp(e->d_name + 10, ".ccs") != 0)
			continue;
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **grown = realloc(names, ncap * sizeof *grown);

			if (!grown)
				goto oom;
			names = grown;
			cap = ncap;
		}
		if (!(names[count] = strdup(e->d_name)))
			goto oom;
		count++;
	}
	qsort(names, count, sizeof *names, name_cmp);
	/* The newest partition that holds a record has the latest arrived_at. */
	for (size_t i = count; i-- > 0 && *out_ms == TIME_NONE;) {
		struct store_reader r;
		struct contact ct;
		int rc;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (store_reader_open(&r, path, err) < 0)
			goto done;
		while ((rc = store_reader_next(&r, &ct, err)) == 1)
			if (*out_ms == TIME_NONE || ct.arrived_at_ms > *out_ms)
				*out_ms = ct.arrived_at_ms;
		store_reader_close(&r);
		if (rc < 0)
			goto done;
	}
	ret = 0;
	goto done;
oom:
	ccsla_error_set(err, dir, 0, NULL, "out of memory");
done:
	closedir(d);
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return ret;
}
