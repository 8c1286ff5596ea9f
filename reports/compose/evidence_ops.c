/* evidence_ops.c -- outages.csv, forecast.csv and quality.csv (evidence.h):
 * the outage, forecast and quality operations-log rows the month's
 * availability, forecast (forecast_accuracy, relief) and quality SLAs
 * read, as canonical logs (spec/operations-logs.md columns, the stored
 * canonical text; ingest reads them back in verify --recompute).
 *
 *   forecast.csv every version of the client's forecast intervals starting
 *                from the UTC day before the month to the day after it
 *
 *   outages.csv  the client's and every client's (client_id empty) outages
 *                that start before the month ends and have not ended
 *                before it starts (open ones included)
 *   quality.csv  the client's evaluations placed in the month (by their
 *                contact's arrived_at, else evaluated_at: metrics/quality.h)
 *   complaints.csv the client's cases (as last updated) received in the
 *                month, and those received before it still open at its
 *                end (the backlog); when the client has no contact (no
 *                watermark), also the case holding the log's latest
 *                instant, the watermark the complaint SLAs then judge at
 *
 * A log that exists but has no row for the month keeps its latest earlier
 * row, so that the recomputed SLA is measured (100 %, no evaluation) and
 * not "no log for the period". agent_id: the keyed pseudonym of
 * contacts.csv.gz (empty without a key). Written only when the client has
 * such a log at all. evidence_ops_lineage() makes the same choice of rows
 * without writing, to count them per input file for the lineage (the
 * report's pages are rendered before the evidence is written). An
 * evaluation placed by its contact recomputes only
 * if the contact is in contacts.csv.gz: evidence_quality_contacts gives
 * write_contacts those contacts (an outbound one no figure counts, say). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "ingest/opskind.h"
#include "metrics/opsread.h"
#include "metrics/quality.h"
#include "evidence.h"
#include "report_build.h"

struct rows {
	struct report_build *rb;
	int counting;                     /* evidence_ops_lineage: rows counted per input file, none written */
	const struct ops_kind *k;
	const char *const *want;
	int64_t from_ms, to_ms;
	struct csvw w;
	int agent_col;                    /* quality: agent_id, else -1 */
	const struct evidence_key *key;
	const char *client;
	const struct tz *zone;            /* forecast: the contract's */
	const char **placed_ids;          /* quality: the ids of the month's evaluations, sorted */
	size_t nplaced;
	int64_t written;
	/* the latest row before the month (outage: by end; quality: by evaluated_at) */
	int64_t last_ms;
	uint32_t last_src;
	char last[OPSREAD_MAX_FIELDS][OPS_FIELD_MAX + 32];
	/* complaint, without a contact watermark: the case with the log's
	 * latest instant (metrics/complaint.c latest_ms), unless written */
	int want_latest, latest_written;
	int64_t latest_ms;
	uint32_t latest_src;
	char latest[OPSREAD_MAX_FIELDS][OPS_FIELD_MAX + 32];
};

static int cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* two NUL-terminated texts (a contact id and an element of evidence_ids) */
static int cmp_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void emit(struct rows *x, const char *const *field, uint32_t src_file)
{
	char id[65];

	x->written++;
	if (x->counting) {
		if (src_file >= 1 && src_file <= x->rb->reg.count) {
			x->rb->ops_rows[src_file]++;
			x->rb->ops_log[src_file] = x->k->name;
		}
		return;
	}
	for (size_t i = 0; i < x->k->ncols; i++) {
		const char *v = field[i];

		if ((int)i == x->agent_col) {
			if (x->key)
				evidence_pseudonym(x->key, "agent", x->client, v, id);
			else
				id[0] = '\0';
			v = id;
		}
		csvw_number(&x->w, v);
	}
	csvw_end_line(&x->w);
}

static void keep_last(struct rows *x, const struct opsread_row *r, int64_t at_ms)
{
	if (at_ms < x->last_ms)
		return;
	x->last_ms = at_ms;
	x->last_src = r->src_file;
	for (size_t i = 0; i < x->k->ncols; i++)
		snprintf(x->last[i], sizeof x->last[i], "%s", r->field[i]);
}

static int bad(const struct opsread_row *r, const char *col, const char *value, struct ccsla_error *err)
{
	return ccsla_error_set(err, r->path, r->line, col, "damaged operations-log partition: '%s'", value);
}

static int outage_row(void *ctx, const struct opsread_row *r, struct ccsla_error *err)
{
	struct rows *x = ctx;
	int64_t start, end = TIME_NONE;
	int cs = ops_kind_col(x->k, "started_at"), ce = ops_kind_col(x->k, "ended_at");
	const char *why;

	if (rfc3339_parse(r->field[cs], &start, &why) != 0)
		return bad(r, "started_at", r->field[cs], err);
	if (r->field[ce][0] && rfc3339_parse(r->field[ce], &end, &why) != 0)
		return bad(r, "ended_at", r->field[ce], err);
	if (start >= x->to_ms)
		return 0;
	if (end == TIME_NONE || end > x->from_ms)
		emit(x, r->field, r->src_file);
	else
		keep_last(x, r, end);
	return 0;
}

static int quality_row(void *ctx, const struct opsread_row *r, struct ccsla_error *err)
{
	struct rows *x = ctx;
	int ce = ops_kind_col(x->k, "evaluation_id"), cv = ops_kind_col(x->k, "evaluated_at");
	int64_t at;
	const char *why;

	if (rfc3339_parse(r->field[cv], &at, &why) != 0)
		return bad(r, "evaluated_at", r->field[cv], err);
	/* quality_log_load reads partitions from the month's first UTC day on:
	 * an earlier one holds no evaluation of the month */
	if (floor_div(at, MS_PER_DAY) >= floor_div(x->from_ms, MS_PER_DAY) && x->nplaced) {
		const char *id = r->field[ce];

		if (bsearch(&id, x->placed_ids, x->nplaced, sizeof *x->placed_ids, cmp_id)) {
			emit(x, r->field, r->src_file);
			return 0;
		}
	}
	if (at < x->from_ms)
		keep_last(x, r, at);
	return 0;
}

/* complaints.csv: a case received in the month, or before it and not
 * resolved by its end (complaint_add_backlog); an earlier resolved one is
 * kept as the latest earlier row. */
static int complaint_row(void *ctx, const struct opsread_row *r, struct ccsla_error *err)
{
	struct rows *x = ctx;
	static const char *const inst[3] = { "received_at", "acknowledged_at", "resolved_at" };
	int64_t at[3], max = INT64_MIN;
	int take;
	const char *why;

	for (int i = 0; i < 3; i++) {
		const char *v = r->field[ops_kind_col(x->k, inst[i])];

		at[i] = TIME_NONE;
		if ((i == 0 || v[0]) && rfc3339_parse(v, &at[i], &why) != 0)
			return bad(r, inst[i], v, err);
		if (at[i] != TIME_NONE && at[i] > max)
			max = at[i];
	}
	take = at[0] < x->to_ms && (at[0] >= x->from_ms || at[2] == TIME_NONE || at[2] >= x->to_ms);
	if (x->want_latest && max > x->latest_ms) {
		x->latest_ms = max;
		x->latest_written = take;
		x->latest_src = r->src_file;
		for (size_t i = 0; i < x->k->ncols; i++)
			snprintf(x->latest[i], sizeof x->latest[i], "%s", r->field[i]);
	}
	if (take)
		emit(x, r->field, r->src_file);
	else if (at[0] < x->from_ms)
		keep_last(x, r, at[0]);
	return 0;
}

/* forecast.csv: every version of the intervals that start from the UTC
 * day before the month to the day after it, the partitions
 * metrics/staffing_forecast.c reads for the month (the lock rule chooses
 * among the versions again when the report is recomputed). */
static int forecast_row(void *ctx, const struct opsread_row *r, struct ccsla_error *err)
{
	struct rows *x = ctx;
	int cs = ops_kind_col(x->k, "interval_start");
	const char *field[OPSREAD_MAX_FIELDS], *why;
	char local[48];
	struct local_time lt;
	int64_t start, day;
	int32_t off;

	if (rfc3339_parse(r->field[cs], &start, &why) != 0)
		return bad(r, "interval_start", r->field[cs], err);
	day = floor_div(start, MS_PER_DAY);
	if (day < floor_div(x->from_ms, MS_PER_DAY) - 1 || day > floor_div(x->to_ms - 1, MS_PER_DAY) + 1)
		return 0;
	/* the interval's start in the contract's local time: ingest checks that
	 * it starts on a multiple of its length in the offset written, and a
	 * 60-minute interval of Kolkata (+05:30) starts at :30 in UTC */
	tz_to_local(x->zone, start, &lt);
	off = lt.offset_s < 0 ? -lt.offset_s : lt.offset_s;
	snprintf(local, sizeof local, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", lt.year, lt.month, lt.day,
	         lt.hour, lt.minute, lt.second, lt.ms, lt.offset_s < 0 ? '-' : '+', (int)(off / 3600),
	         (int)(off / 60 % 60));
	for (size_t i = 0; i < x->k->ncols; i++)
		field[i] = (int)i == cs ? local : r->field[i];
	emit(x, field, r->src_file);
	return 0;
}

/* One kind into dir/name when the client (or, for outages, every client)
 * has a log of it; dir NULL: the rows counted per input file instead. */
static int write_kind(struct report_build *rb, const char *dir, const struct ops_kind *k, const char *name,
                      int64_t from_ms, int64_t to_ms, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	static const char *const folders[2] = { NULL, "@shared" };
	const char *want[OPSREAD_MAX_FIELDS];
	struct quality_log placed;
	struct atomic_file af;
	struct rows *x;
	int64_t first = INT64_MAX, f1;
	const char *p;
	int quality = k == &ops_kind_quality, complaint = k == &ops_kind_complaint;
	int nf = k == &ops_kind_outage ? 2 : 1, ret = -1;
	opsread_fn row_fn = quality ? quality_row : k == &ops_kind_forecast ? forecast_row
	                  : complaint ? complaint_row : outage_row;
	/* complaint: the partitions complaint_log_load reads for the month (up
	 * to the UTC day of its last instant), so the latest instant is the same */
	int64_t last_day = complaint ? floor_div(to_ms - 1, MS_PER_DAY) : INT64_MAX;

	memset(&placed, 0, sizeof placed);
	if (k->ncols > OPSREAD_MAX_FIELDS)
		return ccsla_error_set(err, NULL, 0, NULL, "%s: too many columns", name);
	for (size_t i = 0; i < k->ncols; i++)
		want[i] = k->cols[i].name;
	/* is there a log at all? (an empty range reads nothing) */
	for (int f = 0; f < nf; f++) {
		if (opsread_partitions(rb->rq.state_dir, k->name, folders[f] ? folders[f] : c->client, 1, 0, want,
		                       k->ncols, outage_row, NULL, &f1, err) != 0)
			return -1;
		if (f1 < first)
			first = f1;
	}
	if (first == INT64_MAX)
		return 0;
	if (quality && quality_log_load(&placed, rb->rq.state_dir, c->client, from_ms, to_ms, err) != 0)
		return -1;
	if (!(x = calloc(1, sizeof *x))) {
		quality_log_release(&placed);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	x->rb = rb;
	x->counting = !dir;
	x->k = k;
	x->want = want;
	x->from_ms = from_ms;
	x->to_ms = to_ms;
	x->agent_col = quality ? ops_kind_col(k, "agent_id") : -1;
	x->key = rb->rq.pseudonym_key;
	x->client = c->client;
	x->zone = c->zone;
	if (placed.count && !(x->placed_ids = malloc(placed.count * sizeof *x->placed_ids))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < placed.count; i++)
		x->placed_ids[i] = placed.items[i].evaluation_id;
	x->nplaced = placed.count;
	if (x->nplaced)
		qsort(x->placed_ids, x->nplaced, sizeof *x->placed_ids, cmp_id);
	x->last_ms = INT64_MIN;
	x->want_latest = complaint && rb->watermark_ms == TIME_NONE;
	x->latest_ms = INT64_MIN;
	if (dir) {
		if (!(p = report_build_attach(rb, dir, name))) {
			ccsla_error_set(err, dir, 0, NULL, "too many attachments");
			goto out;
		}
		if (atomic_open(&af, p, err) < 0)
			goto out;
		csvw_init(&x->w, af.fp);
		for (size_t i = 0; i < k->ncols; i++)
			csvw_number(&x->w, want[i]);
		csvw_end_line(&x->w);
	}
	for (int f = 0; f < nf; f++)
		if (opsread_partitions(rb->rq.state_dir, k->name, folders[f] ? folders[f] : c->client, INT64_MIN,
		                       last_day, want, k->ncols, row_fn, x, &f1, err) != 0) {
			if (dir)
				atomic_abort(&af);
			goto out;
		}
	if (!x->written && x->last_ms != INT64_MIN) {
		const char *fields[OPSREAD_MAX_FIELDS];

		for (size_t i = 0; i < k->ncols; i++)
			fields[i] = x->last[i];
		emit(x, fields, x->last_src);
		/* the same case twice would be a duplicate */
		if (x->want_latest && !strcmp(x->latest[0], x->last[0]))
			x->latest_written = 1;
	}
	if (x->want_latest && x->latest_ms != INT64_MIN && !x->latest_written) {
		const char *fields[OPSREAD_MAX_FIELDS];

		for (size_t i = 0; i < k->ncols; i++)
			fields[i] = x->latest[i];
		emit(x, fields, x->latest_src);
	}
	ret = dir ? atomic_commit(&af, err) : 0;
out:
	quality_log_release(&placed);
	free(x->placed_ids);
	free(x);
	return ret;
}

/* The month's bounds, as write_contacts (evidence.c) takes them. */
static void month_bounds(const struct report_build *rb, int64_t *from_ms, int64_t *to_ms)
{
	const struct contract *c = rb->rq.contract;
	int ny = rb->rq.year, nm = rb->rq.month + 1;

	if (nm > 12)
		nm = 1, ny++;
	*from_ms = tz_local_day_start(c->zone, rb->first_day);
	*to_ms = tz_local_day_start(c->zone, civil_to_days(ny, nm, 1));
}

int evidence_quality_contacts(const struct report_build *rb, struct evidence_ids *out, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	struct quality_log log;
	char path[4200];
	int64_t from_ms, to_ms;

	memset(out, 0, sizeof *out);
	snprintf(path, sizeof path, "%s/ops/quality/%s", rb->rq.state_dir, c->client);
	if (!path_exists(path))
		return 0;
	month_bounds(rb, &from_ms, &to_ms);
	if (quality_log_load(&log, rb->rq.state_dir, c->client, from_ms, to_ms, err) != 0)
		return -1;
	if (log.count && !(out->ids = calloc(log.count, sizeof *out->ids))) {
		quality_log_release(&log);
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	}
	for (size_t i = 0; i < log.count; i++)
		if (log.items[i].contact_found)
			memcpy(out->ids[out->count++], log.items[i].contact_id, sizeof out->ids[0]);
	quality_log_release(&log);
	if (out->count)
		qsort(out->ids, out->count, sizeof *out->ids, cmp_text);
	return 0;
}

int evidence_ids_has(const struct evidence_ids *s, const char *id)
{
	return s->count && bsearch(id, s->ids, s->count, sizeof *s->ids, cmp_text);
}

int evidence_ops_lineage(struct report_build *rb, struct ccsla_error *err)
{
	int64_t from_ms, to_ms;

	if (!(rb->ops_rows = calloc(rb->reg.count + 1, sizeof *rb->ops_rows)) ||
	    !(rb->ops_log = calloc(rb->reg.count + 1, sizeof *rb->ops_log)))
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	month_bounds(rb, &from_ms, &to_ms);
	if (write_kind(rb, NULL, &ops_kind_outage, "outages.csv", from_ms, to_ms, err) < 0 ||
	    write_kind(rb, NULL, &ops_kind_forecast, "forecast.csv", from_ms, to_ms, err) < 0 ||
	    write_kind(rb, NULL, &ops_kind_complaint, "complaints.csv", from_ms, to_ms, err) < 0)
		return -1;
	return write_kind(rb, NULL, &ops_kind_quality, "quality.csv", from_ms, to_ms, err);
}

int evidence_write_ops(struct report_build *rb, const char *dir, struct ccsla_error *err)
{
	int64_t from_ms, to_ms;

	month_bounds(rb, &from_ms, &to_ms);
	if (write_kind(rb, dir, &ops_kind_outage, "outages.csv", from_ms, to_ms, err) < 0 ||
	    write_kind(rb, dir, &ops_kind_forecast, "forecast.csv", from_ms, to_ms, err) < 0 ||
	    write_kind(rb, dir, &ops_kind_complaint, "complaints.csv", from_ms, to_ms, err) < 0)
		return -1;
	return write_kind(rb, dir, &ops_kind_quality, "quality.csv", from_ms, to_ms, err);
}
