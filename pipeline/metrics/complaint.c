/* complaint.c -- the complaint log's cases and the complaint-handling
 * metrics (complaint.h; spec/operations-logs.md "complaint"). The log is
 * small (tens to thousands of cases a month): the cases are held. The
 * deadline arithmetic is core/deadline.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deadline.h"
#include "core/timefmt.h"
#include "complaint.h"
#include "opsread.h"

#define DAY_MS 86400000LL

enum { W_CASE, W_CHANNEL, W_CONTACT, W_RECEIVED, W_ACK, W_RESOLVED, W_CAUSED, W_ESCALATED, W_CATEGORY, W_COUNT };
static const char *const complaint_want[W_COUNT] = {
	"case_id", "channel", "contact_id", "received_at", "acknowledged_at", "resolved_at", "caused_by", "escalated",
	"category",
};
static const char *const cause_names[CAUSED_COUNT] = { "ccc", "client", "unknown" };

struct load_ctx {
	struct complaint_log *log;
	int64_t to_ms;
};

int complaint_cause_parse(const char *name)
{
	for (int i = 0; i < CAUSED_COUNT; i++)
		if (strcmp(name, cause_names[i]) == 0)
			return i;
	return -1;
}

int metric_is_complaint(enum metric_id m)
{
	return m == METRIC_COMPLAINT_ACK || m == METRIC_COMPLAINT_RESOLVED;
}

const char *complaint_cause_name(int cause)
{
	return cause >= 0 && cause < CAUSED_COUNT ? cause_names[cause] : "?";
}

static int damaged(const struct opsread_row *r, int w, struct ccsla_error *err)
{
	return ccsla_error_set(err, r->path, r->line, complaint_want[w], "damaged complaint partition: '%s'",
	                       r->field[w]);
}

/* an optional instant: TIME_NONE when empty; -1 when not RFC 3339 */
static int instant(const char *s, int64_t *out)
{
	const char *why;

	*out = TIME_NONE;
	return !s[0] ? 0 : rfc3339_parse(s, out, &why) == 0 ? 0 : -1;
}

static int load_row(void *ctx, const struct opsread_row *r, struct ccsla_error *err)
{
	struct load_ctx *x = ctx;
	struct complaint_log *log = x->log;
	struct complaint_case c;

	memset(&c, 0, sizeof c);
	snprintf(c.case_id, sizeof c.case_id, "%s", r->field[W_CASE]);
	snprintf(c.contact_id, sizeof c.contact_id, "%s", r->field[W_CONTACT]);
	snprintf(c.category, sizeof c.category, "%s", r->field[W_CATEGORY]);
	c.src_file = r->src_file;
	c.src_line = r->src_line;
	c.channel = r->field[W_CHANNEL][0] ? channel_parse(r->field[W_CHANNEL]) : -1;
	if (r->field[W_CHANNEL][0] && c.channel < 0)
		return damaged(r, W_CHANNEL, err);
	if (!r->field[W_RECEIVED][0] || instant(r->field[W_RECEIVED], &c.received_ms) < 0)
		return damaged(r, W_RECEIVED, err);
	if (instant(r->field[W_ACK], &c.ack_ms) < 0)
		return damaged(r, W_ACK, err);
	if (instant(r->field[W_RESOLVED], &c.resolved_ms) < 0)
		return damaged(r, W_RESOLVED, err);
	c.caused_by = r->field[W_CAUSED][0] ? complaint_cause_parse(r->field[W_CAUSED]) : CAUSED_UNKNOWN;
	if (c.caused_by < 0)
		return damaged(r, W_CAUSED, err);
	c.escalated = strcmp(r->field[W_ESCALATED], "1") == 0;
	if (c.received_ms > log->latest_ms)
		log->latest_ms = c.received_ms;
	if (c.ack_ms > log->latest_ms)
		log->latest_ms = c.ack_ms;
	if (c.resolved_ms > log->latest_ms)
		log->latest_ms = c.resolved_ms;
	if (c.received_ms >= x->to_ms)
		return 0;
	if (log->count == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 64;
		struct complaint_case *p = realloc(log->items, cap * sizeof *p);

		if (!p)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		log->items = p;
		log->cap = cap;
	}
	log->items[log->count++] = c;
	return 0;
}

static int by_received(const void *a, const void *b)
{
	const struct complaint_case *x = a, *y = b;

	if (x->received_ms != y->received_ms)
		return (x->received_ms > y->received_ms) - (x->received_ms < y->received_ms);
	return strcmp(x->case_id, y->case_id);
}

int complaint_log_load(struct complaint_log *log, const char *state_dir, const char *client, int64_t to_ms,
                       struct ccsla_error *err)
{
	struct load_ctx x = { log, to_ms };
	int64_t to_day = to_ms == INT64_MAX ? INT64_MAX : floor_div(to_ms - 1, DAY_MS);

	memset(log, 0, sizeof *log);
	log->first_day = INT64_MAX;
	log->latest_ms = INT64_MIN;
	/* the backlog needs every case still open: all partitions up to the end */
	if (opsread_partitions(state_dir, "complaint", client, INT64_MIN, to_day, complaint_want, W_COUNT, load_row, &x,
	                       &log->first_day, err) != 0) {
		complaint_log_release(log);
		return -1;
	}
	if (log->count)
		qsort(log->items, log->count, sizeof *log->items, by_received);
	return 0;
}

void complaint_log_release(struct complaint_log *log)
{
	free(log->items);
	log->items = NULL;
	log->count = log->cap = 0;
}

int complaint_log_covers(const struct complaint_log *log, int64_t to_ms)
{
	return log->first_day != INT64_MAX && log->first_day * DAY_MS < to_ms;
}

int complaint_deadline_parse(const char *text, struct complaint_deadline *d)
{
	size_t n = strlen(text), digits = strspn(text, "0123456789");
	long v;

	if (n < 2 || n > 4 || digits != n - 1 || (text[n - 1] != 'd' && text[n - 1] != 'h'))
		return -1;
	v = strtol(text, NULL, 10);
	d->working_days = text[n - 1] == 'd' ? (int)v : -1;
	d->service_hours = text[n - 1] == 'h' ? v : -1;
	return 0;
}

const char *complaint_deadline_text(const struct complaint_deadline *d, char *buf, size_t size)
{
	if (d->working_days >= 0)
		snprintf(buf, size, "%d working day%s", d->working_days, d->working_days == 1 ? "" : "s");
	else
		snprintf(buf, size, "%lld service hour%s", (long long)d->service_hours, d->service_hours == 1 ? "" : "s");
	return buf;
}

int64_t complaint_deadline_at(const struct calendar *cal, const struct complaint_deadline *d, int64_t received_ms)
{
	if (d->working_days >= 0)
		return deadline_working_days(cal, received_ms, d->working_days);
	return deadline_service_ms(cal, received_ms, d->service_hours * 3600000);
}

void complaint_totals_init(struct complaint_totals *t)
{
	memset(t, 0, sizeof *t);
	t->oldest_age_wd = -1;
	t->oldest_received_ms = TIME_NONE;
}

/* in time, late, or pending (-1: not yet done, deadline not passed) */
static void judge(int64_t done_ms, int64_t deadline_ms, int64_t watermark_ms, int64_t *in_time, int64_t *late,
                  int64_t *pending)
{
	if (done_ms != TIME_NONE)
		++*(done_ms <= deadline_ms ? in_time : late);
	else if (deadline_ms != DEADLINE_NEVER && watermark_ms > deadline_ms)
		++*late;
	else
		++*pending;
}

void complaint_add(struct complaint_totals *t, const struct complaint_case *c, const struct calendar *cal,
                   const struct complaint_deadline *ack, const struct complaint_deadline *res, int64_t watermark_ms)
{
	t->received++;
	if (ack)
		judge(c->ack_ms, complaint_deadline_at(cal, ack, c->received_ms), watermark_ms, &t->ack_in_time,
		      &t->ack_late, &t->ack_pending);
	if (res)
		judge(c->resolved_ms, complaint_deadline_at(cal, res, c->received_ms), watermark_ms,
		      &t->resolved_in_time, &t->resolved_late, &t->resolved_pending);
}

void complaint_add_backlog(struct complaint_totals *t, const struct complaint_case *c, const struct calendar *cal,
                           int64_t end_ms)
{
	if (c->received_ms >= end_ms || (c->resolved_ms != TIME_NONE && c->resolved_ms < end_ms))
		return;
	t->backlog++;
	/* the oldest: the earliest received (ties: the smaller case_id, as loaded) */
	if (t->oldest_received_ms == TIME_NONE || c->received_ms < t->oldest_received_ms) {
		t->oldest_received_ms = c->received_ms;
		t->oldest_age_wd = deadline_age_working_days(cal, c->received_ms, end_ms);
		snprintf(t->oldest_case, sizeof t->oldest_case, "%s", c->case_id);
	}
}

int complaint_value(const struct complaint_totals *t, enum metric_id m, struct ratio *r)
{
	if (m == METRIC_COMPLAINT_ACK) {
		r->num = 100 * t->ack_in_time;
		r->den = t->ack_in_time + t->ack_late;
	} else if (m == METRIC_COMPLAINT_RESOLVED) {
		r->num = 100 * t->resolved_in_time;
		r->den = t->resolved_in_time + t->resolved_late;
	} else if (m == METRIC_COMPLAINT_BACKLOG) {
		r->num = t->backlog;
		r->den = 1;
	} else {
		return -1;
	}
	return 0;
}
