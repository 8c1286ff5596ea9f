/* quality.c -- the quality log's evaluations placed in their period, and
 * the four quality metrics (quality.h; spec/operations-logs.md "quality").
 *
 * Evaluations are a sample (a few per agent a month), contacts are many:
 * the evaluations are held, their contact_ids hashed, and the store's
 * contacts streamed once past the hash, never held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "opsread.h"
#include "quality.h"

enum { W_EVALUATION, W_CONTACT, W_AGENT, W_CHANNEL, W_EVALUATED, W_SCORE, W_PASSED, W_CRITICAL, W_COUNT };
static const char *const quality_want[W_COUNT] = {
	"evaluation_id", "contact_id", "agent_id", "channel", "evaluated_at", "score", "passed", "critical_error",
};

struct load_ctx {
	struct quality_log *log;
	int64_t from_ms, to_ms;
};

static int damaged(const struct opsread_row *r, int w, struct ccsla_error *err)
{
	return ccsla_error_set(err, r->path, r->line, quality_want[w], "damaged quality partition: '%s'",
	                       r->field[w]);
}

/* "87.50" -> 8750; -1 when not the canonical form of a score */
static int64_t score_cents(const char *s)
{
	const char *dot = strchr(s, '.');
	char *end;
	long whole;

	if (!dot || strlen(dot) != 3 || dot == s)
		return -1;
	whole = strtol(s, &end, 10);
	if (end != dot || whole < 0 || whole > 100 || dot[1] < '0' || dot[1] > '9' || dot[2] < '0' || dot[2] > '9')
		return -1;
	return (int64_t)whole * 100 + (dot[1] - '0') * 10 + (dot[2] - '0');
}

static int load_row(void *ctx, const struct opsread_row *r, struct ccsla_error *err)
{
	struct load_ctx *x = ctx;
	struct quality_log *log = x->log;
	struct quality_eval e;
	const char *why;

	memset(&e, 0, sizeof e);
	snprintf(e.evaluation_id, sizeof e.evaluation_id, "%s", r->field[W_EVALUATION]);
	snprintf(e.contact_id, sizeof e.contact_id, "%s", r->field[W_CONTACT]);
	snprintf(e.agent_id, sizeof e.agent_id, "%s", r->field[W_AGENT]);
	e.src_file = r->src_file;
	e.src_line = r->src_line;
	e.channel = r->field[W_CHANNEL][0] ? channel_parse(r->field[W_CHANNEL]) : -1;
	if (r->field[W_CHANNEL][0] && e.channel < 0)
		return damaged(r, W_CHANNEL, err);
	if (rfc3339_parse(r->field[W_EVALUATED], &e.evaluated_at_ms, &why) != 0)
		return damaged(r, W_EVALUATED, err);
	if ((e.score_cents = score_cents(r->field[W_SCORE])) < 0 || e.score_cents > 10000)
		return damaged(r, W_SCORE, err);
	e.passed = !r->field[W_PASSED][0] ? -1 : strcmp(r->field[W_PASSED], "1") == 0;
	e.critical = strcmp(r->field[W_CRITICAL], "1") == 0;
	e.at_ms = e.evaluated_at_ms;
	/* an evaluation without a contact (or of one not in the store) is placed
	 * by evaluated_at; with one, it may come after the period */
	if (!e.contact_id[0] && (e.evaluated_at_ms < x->from_ms || e.evaluated_at_ms >= x->to_ms))
		return 0;
	if (log->count == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 64;
		struct quality_eval *p = realloc(log->items, cap * sizeof *p);

		if (!p)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		log->items = p;
		log->cap = cap;
	}
	log->items[log->count++] = e;
	return 0;
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

/* Finds each evaluation's contact among the client's stored contacts:
 * a hash of the evaluations' contact_ids (chained: one contact may be
 * evaluated twice), the store streamed once past it. */
static int place_by_contact(struct quality_log *log, const char *state_dir, const char *client, int64_t from_ms,
                            int64_t to_ms, struct ccsla_error *err)
{
	size_t nslot = 16, *slot = NULL, *next = NULL;
	struct store_scan sc;
	struct contact ct;
	int64_t a = from_ms == INT64_MIN ? INT64_MIN : from_ms - (int64_t)QUALITY_LOOKBACK_DAYS * MS_PER_DAY;
	int rc, ret = -1;
	char path[4200];

	while (nslot < 2 * log->count)
		nslot *= 2;
	if (!(slot = calloc(nslot, sizeof *slot)) || !(next = calloc(log->count ? log->count : 1, sizeof *next))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < log->count; i++) {
		size_t h;

		if (!log->items[i].contact_id[0])
			continue;
		h = (size_t)(hash_text(log->items[i].contact_id) & (nslot - 1));
		next[i] = slot[h];
		slot[h] = i + 1;
	}
	snprintf(path, sizeof path, "%s/store/%s", state_dir, client);
	if (!path_exists(path)) {
		ret = 0;
		goto out;
	}
	if (store_scan_open(&sc, state_dir, client, a, to_ms, err) < 0)
		goto out;
	while ((rc = store_scan_next(&sc, &ct, err)) == 1)
		for (size_t k = slot[hash_text(ct.contact_id) & (nslot - 1)]; k; k = next[k - 1]) {
			struct quality_eval *e = &log->items[k - 1];

			if (strcmp(e->contact_id, ct.contact_id) == 0) {
				e->contact_found = 1;
				e->at_ms = ct.arrived_at_ms;
				e->channel = ct.channel;
			}
		}
	store_scan_close(&sc);
	if (rc < 0)
		goto out;
	ret = 0;
out:
	free(slot);
	free(next);
	return ret;
}

int quality_log_load(struct quality_log *log, const char *state_dir, const char *client, int64_t from_ms,
                     int64_t to_ms, struct ccsla_error *err)
{
	struct load_ctx x = { log, from_ms, to_ms };
	int64_t from_day = from_ms == INT64_MIN ? INT64_MIN : floor_div(from_ms, MS_PER_DAY);
	size_t kept = 0;

	memset(log, 0, sizeof *log);
	/* evaluated_at >= the contact's arrived_at: nothing of the period is
	 * evaluated before it starts; after it ends, by contact, it may be */
	if (opsread_partitions(state_dir, "quality", client, from_day, INT64_MAX, quality_want, W_COUNT, load_row, &x,
	                       &log->first_day, err) != 0 ||
	    place_by_contact(log, state_dir, client, from_ms, to_ms, err) != 0) {
		quality_log_release(log);
		return -1;
	}
	for (size_t i = 0; i < log->count; i++)
		if (log->items[i].at_ms >= from_ms && log->items[i].at_ms < to_ms)
			log->items[kept++] = log->items[i];
	log->count = kept;
	return 0;
}

void quality_log_release(struct quality_log *log)
{
	free(log->items);
	log->items = NULL;
	log->count = log->cap = 0;
}

void quality_add(struct quality_totals *t, const struct quality_eval *e, int64_t pass_score_cents)
{
	t->evaluations++;
	t->score_sum_cents += e->score_cents;
	t->critical += e->critical;
	if (e->passed >= 0)
		e->passed ? t->passed++ : t->failed++;
	else if (pass_score_cents >= 0)
		e->score_cents >= pass_score_cents ? t->passed++ : t->failed++;
	else
		t->undecided++;
}

int quality_value(const struct quality_totals *t, enum metric_id m, struct ratio *r)
{
	if (m == METRIC_QUALITY_SCORE) {
		r->num = t->score_sum_cents;
		r->den = 100 * t->evaluations;
	} else if (m == METRIC_QUALITY_PASS) {
		r->num = 100 * t->passed;
		r->den = t->passed + t->failed;
	} else if (m == METRIC_CRITICAL_ERROR) {
		r->num = 100 * t->critical;
		r->den = t->evaluations;
	} else if (m == METRIC_QUALITY_SAMPLE) {
		r->num = 100 * t->evaluations;
		r->den = t->answered;
	} else {
		return -1;
	}
	return 0;
}
