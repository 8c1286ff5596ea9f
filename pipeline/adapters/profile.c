/* profile.c -- a flat CSV export mapped by an import profile (--profile
 * FILE; the profile format is profile.h and README "Import profiles").
 *
 * Each file: skip_rows lines, then the header (or the profile's column
 * names), then one contact a row. A row is split by libcsv with the
 * profile's delimiter, one physical line at a time (so each row keeps its
 * first line number); Windows-1252 cells are turned into UTF-8 first. The
 * profile's fields become the canonical row's text (instants as RFC 3339
 * UTC, durations as whole seconds) and canon_row_parse checks it by the
 * rules every canonical row obeys, so a profile cannot let through what a
 * canonical log could not. A row the profile cannot map is rejected with
 * the source column and the reason. A column the profile needs and the
 * file lacks makes the file damaged (adapter_damaged: ingest flags it and
 * reads the other files; convert stops), naming the column and the
 * profile's line that needs it. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <csv.h>

#include "core/timefmt.h"
#include "core/tz.h"
#include "adapter.h"
#include "profile.h"

#define R_VALUE    "value not in the profile's map"
#define R_TIME     "malformed time"
#define R_DURATION "malformed duration"
#define R_NOLOCAL  "local time that does not exist (DST gap)"
#define R_ENCODING "invalid windows-1252 byte"
#define R_SPLIT    "malformed CSV row"
#define R_LONG     "line too long"
#define S_SKIP     "skipped by the profile's skip rules"

#define MAX_CELLS 256
#define CELL_BYTES (64u << 10)

struct flat {
	struct adapter_run *run;
	struct profile p;
	struct tz *zone;
	struct queue_map *map;
	struct canon_header canon;
	/* the current file */
	const char *path;
	uint32_t file_idx;
	int have_header;
	int idx[COL_COUNT][2 + PROFILE_MAX_PLUS]; /* column positions: [0] column/date, [1] time, [2..] plus */
	int cond_idx[PROFILE_MAX_RULES][PROFILE_MAX_CONDS];
	int skip_idx[PROFILE_MAX_CONDS];
	/* the row being split */
	char *cell[MAX_CELLS];
	size_t n_cells;
	int too_many, bad_bytes;
	long row_line;
	char *pool;                  /* cell text, CELL_BYTES */
	size_t pool_used;
	int pool_full;
	int failed;                  /* the sink failed (or a damaged file stops the run): err set */
	int file_damaged;            /* the current file cannot be read: go on with the next */
	struct ccsla_error *err;
};

/* Windows-1252 0x80..0x9F (0: undefined); 0xA0..0xFF are Latin-1. */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Copies cell s[0..n) into the pool (as UTF-8); NULL when full or a byte is undefined. */
static char *keep_cell(struct flat *t, const unsigned char *s, size_t n)
{
	char *out = t->pool + t->pool_used, *o = out;
	size_t room = CELL_BYTES - t->pool_used;

	if (room < 3 * n + 1) {
		t->pool_full = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (!t->p.windows1252 || c < 0x80) {
			*o++ = (char)c;
			continue;
		}
		if (c < 0xA0 && !(c = cp1252[c - 0x80])) {
			t->bad_bytes = 1;
			c = '?';
			*o++ = (char)c;
			continue;
		}
		if (c < 0x800) {
			*o++ = (char)(0xC0 | (c >> 6));
			*o++ = (char)(0x80 | (c & 0x3F));
		} else {
			*o++ = (char)(0xE0 | (c >> 12));
			*o++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*o++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*o++ = '\0';
	t->pool_used += (size_t)(o - out);
	return out;
}

static void on_cell(void *data, size_t n, void *ctx)
{
	struct flat *t = ctx;
	char *c;

	if (t->n_cells == MAX_CELLS) {
		t->too_many = 1;
		return;
	}
	if (!(c = keep_cell(t, data, n)))
		return;
	t->cell[t->n_cells++] = c;
}

static const char *cell_at(const struct flat *t, int i)
{
	return i >= 0 && (size_t)i < t->n_cells ? t->cell[i] : "";
}

/* The position of a named column; -1 when the file lacks it. */
static int find_col(const char *name, char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

/* The current file cannot be read at all: damaged when the sink takes
 * it (file_damaged, the run goes on), else the run stops (failed). -1. */
static int file_unusable(struct flat *t, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int file_unusable(struct flat *t, const char *field, const char *fmt, ...)
{
	struct ccsla_error where;
	va_list ap;

	ccsla_error_clear(&where);
	snprintf(where.file, sizeof where.file, "%s", t->path);
	where.line = t->row_line;
	if (field)
		snprintf(where.field, sizeof where.field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(where.msg, sizeof where.msg, fmt, ap);
	va_end(ap);
	if (adapter_damaged(t->run, &where, t->err) == 0)
		t->file_damaged = 1;
	else
		t->failed = 1;
	return -1;
}

static int need(struct flat *t, const char *name, char *const *names, size_t n, long pl, long pc, int *out)
{
	if (!name) {
		*out = -1;
		return 0;
	}
	if ((*out = find_col(name, names, n)) >= 0)
		return 0;
	return file_unusable(t, name, "the file has no column '%s', which the profile %s:%ld:%ld needs", name,
	                     t->p.path, pl, pc);
}

/* Finds every column the profile names among names[0..n). */
static int resolve(struct flat *t, char *const *names, size_t n)
{
	const struct profile *p = &t->p;

	for (int c = 0; c < COL_COUNT; c++) {
		const struct pfield *f = &p->f[c];
		for (int k = 0; k < 2 + PROFILE_MAX_PLUS; k++)
			t->idx[c][k] = -1;
		if (!f->set)
			continue;
		if (need(t, f->column ? f->column : f->date_column, names, n, f->line, f->col, &t->idx[c][0]) != 0 ||
		    need(t, f->time_column, names, n, f->line, f->col, &t->idx[c][1]) != 0)
			return -1;
		for (size_t k = 0; k < f->n_plus; k++)
			if (need(t, f->plus[k], names, n, f->line, f->col, &t->idx[c][2 + k]) != 0)
				return -1;
	}
	for (int r = 0; r < p->n_rules; r++)
		for (int k = 0; k < p->rule[r].n_cond; k++)
			if (need(t, p->rule[r].cond[k].column, names, n, 0, 0, &t->cond_idx[r][k]) != 0)
				return -1;
	for (int k = 0; k < p->n_skip; k++)
		if (need(t, p->skip[k].column, names, n, 0, 0, &t->skip_idx[k]) != 0)
			return -1;
	return 0;
}

static int cond_holds(const struct pcond *c, const char *v)
{
	double d;

	switch (c->op) {
	case OP_EQUALS:
		return strcmp(v, c->value) == 0;
	case OP_IN:
		for (size_t i = 0; i < c->n_in; i++)
			if (strcmp(v, c->in[i]) == 0)
				return 1;
		return 0;
	case OP_GREATER:
		d = profile_duration(v, c->unit);
		return d >= 0 && d > c->number;
	case OP_EMPTY:
		return !v[0];
	case OP_NOT_EMPTY:
		return v[0] != 0;
	}
	return 0;
}

/* Reads 1-2 digits (exactly n when n > 0) into *out. */
static const char *digits(const char *s, int n, int *out)
{
	int k = 0, v = 0;

	while (s[k] >= '0' && s[k] <= '9' && (n ? k < n : k < 2)) {
		v = v * 10 + (s[k] - '0');
		k++;
	}
	if (k == 0 || (n && k != n))
		return NULL;
	*out = v;
	return s + k;
}

/* A local time by the profile's pattern; 0, -1 malformed (*why), -2 DST gap. */
static int parse_local(const struct flat *t, const char *pat, const char *s, int64_t *ms, const char **why)
{
	int y = -1, mo = -1, d = -1, h = 0, mi = 0, sec = 0, frac = 0, pm = -1, h12 = 0;

	*why = "does not match the profile's format";
	for (const char *p = pat; *p; p++) {
		if (*p == ' ') {
			if (*s != ' ')
				return -1;
			while (*s == ' ')
				s++;
			continue;
		}
		if (*p != '%') {
			if (*s++ != *p)
				return -1;
			continue;
		}
		switch (*++p) {
		case 'Y': s = digits(s, 4, &y); break;
		case 'y': s = digits(s, 2, &y); if (s) y += 2000; break;
		case 'm': s = digits(s, 0, &mo); break;
		case 'd': s = digits(s, 0, &d); break;
		case 'H': s = digits(s, 0, &h); break;
		case 'I': s = digits(s, 0, &h); h12 = 1; break;
		case 'M': s = digits(s, 0, &mi); break;
		case 'S':
			s = digits(s, 0, &sec);
			if (s && *s == '.' && p[1] != '.') {
				int k = 0;
				for (s++; *s >= '0' && *s <= '9'; s++, k++)
					if (k < 3)
						frac = frac * 10 + (*s - '0');
				for (; k < 3; k++)
					frac *= 10;
			}
			break;
		case 'p':
			if ((s[0] == 'A' || s[0] == 'a') && (s[1] == 'M' || s[1] == 'm'))
				pm = 0;
			else if ((s[0] == 'P' || s[0] == 'p') && (s[1] == 'M' || s[1] == 'm'))
				pm = 1;
			else
				return -1;
			s += 2;
			break;
		case '%': if (*s++ != '%') return -1; break;
		}
		if (!s)
			return -1;
	}
	if (*s)
		return -1;
	if (h12) {
		if (pm < 0 || h < 1 || h > 12)
			return *why = "12-hour time without AM/PM or out of range", -1;
		h = h % 12 + (pm ? 12 : 0);
	}
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
		return *why = "not a real date and time", -1;
	if (tz_from_local(t->zone, y, mo, d, h, mi, sec, 0, ms) != 0)
		return -2;
	*ms += frac;
	return 0;
}

/* Rejects the row; returns 0 (the row is counted). */
static int reject(struct flat *t, const char *reason, const char *column, const char *fmt, const char *a,
                  const char *b)
{
	adapter_reject(t->run, reason, t->path, t->row_line, column, fmt, a, b);
	return 0;
}

/* The value of a text field after the map; NULL (and a rejection) when
 * the map has no entry and no default. */
static const char *text_of(struct flat *t, int c, int *rejected)
{
	const struct pfield *f = &t->p.f[c];
	const char *v = f->constant ? f->constant : cell_at(t, t->idx[c][0]);

	*rejected = 0;
	if (f->n_map == 0)
		return v;
	for (size_t i = 0; i < f->n_map; i++)
		if (strcmp(v, f->map_from[i]) == 0)
			return f->map_to[i];
	if (f->map_default)
		return f->map_default;
	*rejected = 1;
	reject(t, R_VALUE, f->column, "'%s' is not in the profile's map (column '%s')", v, f->column ? f->column : "");
	return NULL;
}

/* An instant field: 1 and *ms, 0 absent, -1 rejected. */
static int instant_of(struct flat *t, int c, const int64_t *done, int64_t *ms)
{
	const struct pfield *f = &t->p.f[c];
	const char *col = f->column ? f->column : f->date_column, *why = "";
	char joined[256];
	const char *v;
	int rc;

	*ms = TIME_NONE;
	if (f->from_field >= 0) {
		if (done[f->from_field] == TIME_NONE)
			return 0;
		*ms = done[f->from_field];
	} else {
		if (f->constant)
			v = f->constant;
		else if (f->date_column) {
			const char *dv = cell_at(t, t->idx[c][0]), *tv = cell_at(t, t->idx[c][1]);
			if (!dv[0] && !tv[0])
				return 0;
			snprintf(joined, sizeof joined, "%s %s", dv, tv);
			v = joined;
		} else
			v = cell_at(t, t->idx[c][0]);
		if (!v[0])
			return 0;
		switch (f->tf) {
		case TF_RFC3339:
		case TF_NONE:
			rc = rfc3339_parse(v, ms, &why);
			break;
		case TF_EPOCH_S:
		case TF_EPOCH_MS: {
			char *end;
			double x = strtod(v, &end);
			rc = (*end || x != x || fabs(x) > 1e15) ? (why = "not a number", -1) : 0;
			if (rc == 0)
				*ms = (int64_t)llround(f->tf == TF_EPOCH_S ? x * 1000.0 : x);
			break;
		}
		default:
			rc = parse_local(t, f->strf, v, ms, &why);
		}
		if (rc == -2)
			return reject(t, R_NOLOCAL, col, "local time '%s' does not exist in %s", v, tz_name(t->zone)), -1;
		if (rc != 0)
			return reject(t, R_TIME, col, "'%s' is not a time (%s)", v, why), -1;
	}
	for (size_t k = 0; k < f->n_plus; k++) {
		const char *pv = cell_at(t, t->idx[c][2 + k]);
		double d = pv[0] ? profile_duration(pv, f->unit) : 0; /* empty: none of it */
		if (d < 0)
			return reject(t, R_DURATION, f->plus[k], "'%s' is not a duration (%s, at most 2147483647 s)", pv,
			              f->unit == DU_MS ? "ms" : f->unit == DU_S ? "seconds" : "hh:mm:ss"), -1;
		*ms += (int64_t)llround(d * 1000.0);
	}
	return 1;
}

static int map_row(struct flat *t)
{
	const struct profile *p = &t->p;
	struct adapter_run *run = t->run;
	char buf[COL_COUNT][80], *text[COL_COUNT];
	size_t len[COL_COUNT];
	int64_t when[COL_COUNT];
	int outcome = -1, rejected;
	struct contact c;
	struct canon_reject why;
	const char *client;

	run->stats.read++;
	if (t->pool_full || t->too_many)
		return reject(t, R_LONG, NULL, "%s%s", t->too_many ? "more than 256 cells" : "cells longer than 64 KiB", "");
	if (t->bad_bytes)
		return reject(t, R_ENCODING, NULL, "%s%s", "a byte that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)", "");
	for (int k = 0; k < p->n_skip; k++)
		if (cond_holds(&p->skip[k], cell_at(t, t->skip_idx[k]))) {
			adapter_skip(run, S_SKIP, 1);
			return 0;
		}
	for (int r = 0; r < p->n_rules && outcome < 0; r++) {
		int all = 1;
		for (int k = 0; k < p->rule[r].n_cond && all; k++)
			all = cond_holds(&p->rule[r].cond[k], cell_at(t, t->cond_idx[r][k]));
		if (all)
			outcome = p->rule[r].outcome;
	}
	for (int col = 0; col < COL_COUNT; col++) {
		text[col] = buf[col];
		buf[col][0] = '\0';
		when[col] = TIME_NONE;
	}
	for (int col = 0; col < COL_COUNT; col++) {
		const struct pfield *f = &p->f[col];
		if (!f->set || col == COL_OUTCOME)
			continue;
		if (col == COL_ARRIVED_AT || col == COL_ANSWERED_AT || col == COL_ENDED_AT) {
			int rc = instant_of(t, col, when, &when[col]);
			if (rc < 0)
				return 0;
			if (rc > 0)
				rfc3339_format_utc(when[col], buf[col], sizeof buf[col]);
		} else if (col == COL_TALK_S || col == COL_HOLD_S || col == COL_WRAP_S) {
			const char *v = f->constant ? f->constant : cell_at(t, t->idx[col][0]);
			double d;
			if (!v[0])
				continue;
			if ((d = profile_duration(v, f->unit)) < 0)
				return reject(t, R_DURATION, f->column, "'%s' is not a duration (%s, at most 2147483647 s)", v,
				              f->unit == DU_MS ? "ms" : f->unit == DU_S ? "seconds" : "hh:mm:ss");
			snprintf(buf[col], sizeof buf[col], "%.0f", floor(d + 0.5));
		} else {
			const char *v = text_of(t, col, &rejected);
			if (rejected)
				return 0;
			text[col] = (char *)v; /* checked for length and characters by canon_row_parse */
		}
	}
	snprintf(buf[COL_OUTCOME], sizeof buf[COL_OUTCOME], "%s", outcome_name(outcome));
	text[COL_OUTCOME] = buf[COL_OUTCOME];
	if (outcome != OUT_ANSWERED) {
		/* "Answered at" of a start-plus-durations profile exists for every
		 * row; it means nothing unless the contact was answered. */
		text[COL_ANSWERED_AT] = buf[COL_ANSWERED_AT];
		buf[COL_ANSWERED_AT][0] = '\0';
		for (int col = COL_TALK_S; col <= COL_WRAP_S; col++)
			buf[col][0] = '\0';
	}
	if (run->opts.client_id)
		text[COL_CLIENT_ID] = (char *)run->opts.client_id;
	for (int col = 0; col < COL_COUNT; col++)
		len[col] = strlen(text[col]);
	if (canon_row_parse(&t->canon, (const char *const *)text, len, COL_COUNT, 0, &c, &why) != 0) {
		const struct pfield *f = &p->f[0];
		for (int col = 0; col < COL_COUNT; col++)
			if (strcmp(canon_column_names[col], why.column) == 0)
				f = &p->f[col];
		adapter_reject(run, why.reason, t->path, t->row_line, why.column,
		               "canonical %s from %s: %s", why.column[0] ? why.column : "row",
		               f->column ? f->column : f->constant ? "a constant" : "the profile", why.reason);
		return 0;
	}
	if ((client = queue_map_client(t->map, c.queue, NULL)))
		strcpy(c.client_id, client);
	c.src_file = t->file_idx;
	c.src_line = (uint32_t)t->row_line;
	return adapter_emit(run, &c, 1, t->path, t->err);
}

static void on_row_end(int ch, void *ctx)
{
	struct flat *t = ctx;

	(void)ch;
	if (t->failed || t->file_damaged)
		goto reset;
	if (!t->have_header) {
		t->have_header = 1;
		/* a UTF-8 byte order mark before the first name */
		if (t->n_cells && (unsigned char)t->cell[0][0] == 0xEF && (unsigned char)t->cell[0][1] == 0xBB &&
		    (unsigned char)t->cell[0][2] == 0xBF)
			t->cell[0] += 3;
		resolve(t, t->cell, t->n_cells);
		goto reset;
	}
	if (t->n_cells == 1 && !t->cell[0][0])
		goto reset; /* a blank line */
	if (map_row(t) != 0)
		t->failed = 1;
reset:
	t->n_cells = 0;
	t->pool_used = 0;
	t->pool_full = t->too_many = t->bad_bytes = 0;
}

static int read_file(struct flat *t, const char *path, uint32_t idx)
{
	struct line_reader r = { 0 };
	struct csv_parser cp;
	char *line;
	int too_long, rc, ret = -1, in_row = 0;

	t->path = path;
	t->file_idx = idx;
	t->file_damaged = 0;
	t->row_line = 0;
	t->have_header = !t->p.header;
	if (!t->p.header && resolve(t, (char *const *)t->p.columns, t->p.n_columns) != 0)
		return t->file_damaged ? 0 : -1;
	if (csv_init(&cp, CSV_APPEND_NULL) != 0)
		return ccsla_error_set(t->err, path, 0, NULL, "out of memory");
	csv_set_delim(&cp, (unsigned char)t->p.delimiter);
	if (line_reader_open(&r, path, t->err) != 0)
		goto out;
	while ((rc = line_reader_next(&r, &line, &too_long, t->err)) == 1) {
		size_t n = strlen(line);
		if (r.lineno <= t->p.skip_rows)
			continue;
		if (!in_row)
			t->row_line = r.lineno;
		if (too_long) {
			t->run->stats.read++;
			adapter_reject(t->run, R_LONG, path, r.lineno, NULL, "line longer than %zu bytes", sizeof r.buf - 1);
			csv_free(&cp);
			csv_init(&cp, CSV_APPEND_NULL);
			csv_set_delim(&cp, (unsigned char)t->p.delimiter);
			t->n_cells = t->pool_used = 0;
			in_row = 0;
			continue;
		}
		line[n] = '\n'; /* the reader stripped it; libcsv needs the row end */
		if (csv_parse(&cp, line, n + 1, on_cell, on_row_end, t) != n + 1) {
			t->run->stats.read++;
			adapter_reject(t->run, R_SPLIT, path, t->row_line, NULL, "%s", csv_strerror(csv_error(&cp)));
			csv_free(&cp);
			csv_init(&cp, CSV_APPEND_NULL);
			csv_set_delim(&cp, (unsigned char)t->p.delimiter);
			t->n_cells = t->pool_used = 0;
		}
		line[n] = '\0';
		/* a quoted cell open across the line end keeps the row going */
		in_row = t->n_cells > 0 || cp.pstate != 0;
		if (t->failed)
			goto out;
		if (t->file_damaged)
			break; /* the rest of the file cannot be mapped */
	}
	if (rc < 0)
		goto out;
	if (!t->file_damaged)
		csv_fini(&cp, on_cell, on_row_end, t);
	if (t->failed)
		goto out;
	if (!t->have_header && !t->file_damaged &&
	    file_unusable(t, NULL, "the file has no header row (the profile says header: true)") != 0 && t->failed)
		goto out;
	ret = 0;
out:
	csv_free(&cp);
	line_reader_close(&r);
	return ret;
}

static int convert(struct adapter_run *run, char *const *files, int n_files, struct ccsla_error *err)
{
	struct flat *t = calloc(1, sizeof *t);
	const char *zone;
	int ret = -1;

	if (!t || !(t->pool = malloc(CELL_BYTES))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	t->run = run;
	t->err = err;
	run->stats.unit = "rows";
	canon_header_all(&t->canon);
	if (!run->opts.profile) {
		ccsla_error_set(err, NULL, 0, "profile", "the profile adapter needs --profile FILE");
		goto out;
	}
	if (profile_load(&t->p, run->opts.profile, err) != 0)
		goto out;
	if (!t->p.f[COL_CLIENT_ID].set && !run->opts.client_id) {
		ccsla_error_set(err, run->opts.profile, 0, "client_id",
		                "the profile gives no client_id: give --client (or fields.client_id)");
		goto out;
	}
	zone = run->opts.tz_name ? run->opts.tz_name : t->p.timezone;
	if (tz_load(&t->zone, zone ? zone : "UTC", err) != 0)
		goto out;
	if (run->opts.queue_map && queue_map_load(&t->map, run->opts.queue_map, err) != 0)
		goto out;
	for (int i = 0; i < n_files; i++)
		if (read_file(t, files[i], (uint32_t)i) != 0)
			goto out;
	ret = 0;
out:
	if (t) {
		if (t->zone)
			tz_free(t->zone);
		queue_map_free(t->map);
		profile_free(&t->p);
		free(t->pool);
		free(t);
	}
	return ret;
}

const struct adapter adapter_profile = {
	"profile",
	"a flat CSV export mapped by an import profile (--profile FILE: fixtures/profiles/)",
	NULL,
	NULL,
	convert,
};
