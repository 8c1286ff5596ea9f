/* availability.c -- availability_pct over service hours from the stored
 * outage log (availability.h; spec/operations-logs.md "outage").
 *
 * Per channel, the counted outages become events (+impact at the start,
 * -impact at the end, both clipped to the period and an open end to the
 * watermark); a sweep over the sorted events gives the impact going on in
 * each stretch between two events, capped at 100, and the stretch counts
 * its service-hours milliseconds (calendar_service_ms) times that impact.
 * Outages are few (tens a month): the sweep sorts per channel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "availability.h"
#include "opsread.h"

static const char *const cause_names[CAUSE_COUNT] = { "ccc", "client", "third-party", "force-majeure" };

const char *outage_cause_name(int cause)
{
	return cause >= 0 && cause < CAUSE_COUNT ? cause_names[cause] : "?";
}

int outage_cause_parse(const char *s)
{
	for (int i = 0; i < CAUSE_COUNT; i++)
		if (strcmp(s, cause_names[i]) == 0)
			return i;
	return -1;
}

enum { W_INCIDENT, W_CLIENT, W_CHANNELS, W_STARTED, W_ENDED, W_IMPACT, W_CAUSE, W_NOTE, W_COUNT };
static const char *const outage_want[W_COUNT] = {
	"incident_id", "client_id", "channels", "started_at", "ended_at", "impact_pct", "cause", "note",
};

struct load_ctx {
	struct outage_log *log;
	int64_t to_ms;
};

static int damaged(const struct opsread_row *r, int w, struct ccsla_error *err)
{
	return ccsla_error_set(err, r->path, r->line, outage_want[w], "damaged outage partition: '%s'",
	                       r->field[w]);
}

static int channels_mask(const char *s, unsigned *mask)
{
	char buf[CONTACT_ID_MAX + 1], *save = NULL;

	*mask = 0;
	if (strcmp(s, "all") == 0) {
		*mask = OUTAGE_ALL_CHANNELS;
		return 0;
	}
	snprintf(buf, sizeof buf, "%s", s);
	for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		int ch = channel_parse(tok);

		if (ch < 0)
			return -1;
		*mask |= 1u << ch;
	}
	return *mask ? 0 : -1;
}

static int load_row(void *ctx, const struct opsread_row *r, struct ccsla_error *err)
{
	struct load_ctx *x = ctx;
	struct outage_log *log = x->log;
	struct outage o;
	const char *why;

	memset(&o, 0, sizeof o);
	snprintf(o.incident_id, sizeof o.incident_id, "%s", r->field[W_INCIDENT]);
	snprintf(o.client, sizeof o.client, "%s", r->field[W_CLIENT]);
	snprintf(o.note, sizeof o.note, "%s", r->field[W_NOTE]);
	o.src_file = r->src_file;
	o.src_line = r->src_line;
	o.end_ms = TIME_NONE;
	if (channels_mask(r->field[W_CHANNELS], &o.channels) != 0)
		return damaged(r, W_CHANNELS, err);
	if (rfc3339_parse(r->field[W_STARTED], &o.start_ms, &why) != 0)
		return damaged(r, W_STARTED, err);
	if (r->field[W_ENDED][0] && rfc3339_parse(r->field[W_ENDED], &o.end_ms, &why) != 0)
		return damaged(r, W_ENDED, err);
	o.impact_pct = r->field[W_IMPACT][0] ? atoi(r->field[W_IMPACT]) : 100;
	if (o.impact_pct < 1 || o.impact_pct > 100)
		return damaged(r, W_IMPACT, err);
	if ((o.cause = outage_cause_parse(r->field[W_CAUSE])) < 0)
		return damaged(r, W_CAUSE, err);
	if (o.start_ms > log->latest_ms)
		log->latest_ms = o.start_ms;
	if (o.end_ms != TIME_NONE && o.end_ms > log->latest_ms)
		log->latest_ms = o.end_ms;
	if (o.start_ms >= x->to_ms)
		return 0;
	if (log->count == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 32;
		struct outage *p = realloc(log->items, cap * sizeof *p);

		if (!p)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		log->items = p;
		log->cap = cap;
	}
	log->items[log->count++] = o;
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct outage *x = a, *y = b;

	if (x->start_ms != y->start_ms)
		return (x->start_ms > y->start_ms) - (x->start_ms < y->start_ms);
	return strcmp(x->incident_id, y->incident_id);
}

int outage_log_load(struct outage_log *log, const char *state_dir, const char *client, int64_t to_ms,
                    struct ccsla_error *err)
{
	static const char *const folders[2] = { NULL, "@shared" };
	struct load_ctx x = { log, to_ms };

	memset(log, 0, sizeof *log);
	log->first_day = INT64_MAX;
	log->latest_ms = INT64_MIN;
	for (int f = 0; f < 2; f++) {
		int64_t first;
		int64_t to_day = to_ms == INT64_MAX ? INT64_MAX : floor_div(to_ms - 1, MS_PER_DAY);

		if (opsread_partitions(state_dir, "outage", folders[f] ? folders[f] : client, INT64_MIN, to_day,
		                       outage_want, W_COUNT, load_row, &x, &first, err) != 0) {
			outage_log_release(log);
			return -1;
		}
		if (first < log->first_day)
			log->first_day = first;
	}
	if (log->count)
		qsort(log->items, log->count, sizeof *log->items, by_start);
	return 0;
}

void outage_log_release(struct outage_log *log)
{
	free(log->items);
	log->items = NULL;
	log->count = log->cap = 0;
}

int outage_log_covers(const struct outage_log *log, int64_t to_ms)
{
	return log->first_day != INT64_MAX && log->first_day * MS_PER_DAY < to_ms;
}

struct event {
	int64_t at_ms;
	int delta_pct;
};

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	return (x->at_ms > y->at_ms) - (x->at_ms < y->at_ms);
}

int availability_measure(const struct outage_log *log, const struct calendar *cal, unsigned channels,
                         unsigned causes, int64_t from_ms, int64_t to_ms, int64_t watermark_ms,
                         struct availability *out)
{
	struct event *ev = NULL;
	char *counted = NULL;
	int64_t period_service_ms = calendar_service_ms(cal, from_ms, to_ms);
	int64_t open_end = watermark_ms != TIME_NONE ? watermark_ms : log->latest_ms;

	memset(out, 0, sizeof *out);
	if (!channels)
		channels = OUTAGE_ALL_CHANNELS;
	if (!causes)
		causes = OUTAGE_CAUSES_DEFAULT;
	if (log->count && (!(ev = malloc(2 * log->count * sizeof *ev)) || !(counted = calloc(log->count, 1)))) {
		free(ev);
		return -1;
	}
	for (int ch = 0; ch < CH_COUNT; ch++) {
		size_t n = 0;
		int level = 0;

		if (!(channels & 1u << ch))
			continue;
		out->channels++;
		out->service_ms += period_service_ms;
		for (size_t i = 0; i < log->count; i++) {
			const struct outage *o = &log->items[i];
			int64_t a = o->start_ms > from_ms ? o->start_ms : from_ms;
			int64_t b = o->end_ms != TIME_NONE ? o->end_ms : open_end;

			if (b > to_ms)
				b = to_ms;
			if (!(o->channels & 1u << ch) || !(causes & 1u << o->cause) || a >= b)
				continue;
			ev[n++] = (struct event){ a, o->impact_pct };
			ev[n++] = (struct event){ b, -o->impact_pct };
			if (calendar_service_ms(cal, a, b) > 0)
				counted[i] = 1;
		}
		if (n) /* ev is NULL when the log is empty */
			qsort(ev, n, sizeof *ev, by_time);
		for (size_t i = 0; i < n; i++) {
			level += ev[i].delta_pct;
			if (i + 1 < n && level > 0 && ev[i + 1].at_ms > ev[i].at_ms)
				out->outage_pct_ms += calendar_service_ms(cal, ev[i].at_ms, ev[i + 1].at_ms) *
				                      (level < 100 ? level : 100);
		}
	}
	for (size_t i = 0; i < log->count; i++)
		out->outages += counted ? counted[i] : 0;
	free(ev);
	free(counted);
	return 0;
}

void availability_value(const struct availability *a, struct ratio *r)
{
	/* 100 x (S x 100 - W) / (S x 100): a month of service hours in ms
	 * times 100 times 100 is about 3e13 per channel, far inside int64 */
	r->den = a->service_ms * 100;
	r->num = 100 * (a->service_ms * 100 - a->outage_pct_ms);
}
