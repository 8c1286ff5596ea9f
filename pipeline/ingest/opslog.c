/* opslog.c -- spill, merge, dedupe and store of operations logs (opslog.h). */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "ingest.h"
#include "opslog.h"

struct opart {
	const struct ops_kind *k;
	char client[40];
	int64_t day_ms;
	FILE *fp;                 /* spill, while open */
	uint64_t count;
};

struct moved {                 /* a row of this run whose key is stored in another partition */
	uint32_t index;
	long line;
};

struct opslog {
	char dir[4400];           /* the run's spill directory /ops */
	int made;
	struct opart *parts;
	size_t n, cap, last;
	int open;
	struct moved *moved;      /* sorted; quarantined by merge_partition */
	size_t nmoved, moved_cap;
};

void opslog_partition_rel(char *buf, size_t size, const char *kind, const char *client, int64_t day_ms)
{
	int y, m, d;

	days_to_civil(floor_div(day_ms, MS_PER_DAY), &y, &m, &d);
	snprintf(buf, size, "ops/%s/%s/%04d-%02d-%02d.tsv", kind, client, y, m, d);
}

static void spill_path(const struct opslog *o, size_t part, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%zu.tsv", o->dir, part);
}

static int close_all(struct opslog *o, struct ccsla_error *err)
{
	int bad = 0;

	for (size_t i = 0; i < o->n; i++)
		if (o->parts[i].fp) {
			bad |= fclose(o->parts[i].fp) != 0;
			o->parts[i].fp = NULL;
		}
	o->open = 0;
	return bad ? ccsla_error_set(err, o->dir, 0, NULL, "spill write failed: %s", strerror(errno)) : 0;
}

static long part_find(struct opslog *o, const struct ops_kind *k, const struct ops_row *r,
                      struct ccsla_error *err)
{
	if (o->n && o->parts[o->last].k == k && o->parts[o->last].day_ms == r->day_ms &&
	    strcmp(o->parts[o->last].client, r->client) == 0)
		return (long)o->last;
	for (size_t i = 0; i < o->n; i++)
		if (o->parts[i].k == k && o->parts[i].day_ms == r->day_ms && strcmp(o->parts[i].client, r->client) == 0)
			return (long)(o->last = i);
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		struct opart *p = realloc(o->parts, cap * sizeof *p);

		if (!p)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		o->parts = p;
		o->cap = cap;
	}
	memset(&o->parts[o->n], 0, sizeof o->parts[o->n]);
	o->parts[o->n].k = k;
	snprintf(o->parts[o->n].client, sizeof o->parts[o->n].client, "%s", r->client);
	o->parts[o->n].day_ms = r->day_ms;
	return (long)(o->last = o->n++);
}

int opslog_accept(struct ingest_run *run, size_t file, long line, const struct ops_kind *k,
                  const struct ops_row *r, struct ccsla_error *err)
{
	struct opslog **slot = ingest_opslog(run), *o = *slot;
	struct registry_entry *e = ingest_file_entry(run, file);
	struct opart *p;
	long part;

	if (!o) {
		if (!(o = calloc(1, sizeof *o)))
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		snprintf(o->dir, sizeof o->dir, "%s/ops", ingest_spill_dir(run));
		*slot = o;
	}
	if (!o->made) {
		if (mkdir_p(o->dir, err) != 0)
			return -1;
		o->made = 1;
	}
	if ((part = part_find(o, k, r, err)) < 0)
		return -1;
	p = &o->parts[part];
	if (!p->fp) {
		char path[4500];

		if (o->open >= OPSLOG_MAX_OPEN && close_all(o, err) != 0)
			return -1;
		spill_path(o, (size_t)part, path, sizeof path);
		if (!(p->fp = fopen(path, "a")))
			return ccsla_error_set(err, path, 0, NULL, "cannot create spill file: %s", strerror(errno));
		o->open++;
	}
	fprintf(p->fp, "%" PRIu32 "\t%ld", e->index, line);
	for (size_t c = 0; c < k->ncols; c++)
		fprintf(p->fp, "\t%s", r->field[c]);
	if (fputc('\n', p->fp) == EOF)
		return ccsla_error_set(err, o->dir, 0, NULL, "spill write failed: %s", strerror(errno));
	p->count++;
	e->rows_read++;
	e->accepted++;
	return 0;
}

/* ---- commit: one partition ---- */

struct orow {
	char *line;               /* owned; split in place at tabs */
	const char *f[2 + OPS_MAX_COLS]; /* src_file, src_line, the kind's columns */
	size_t seq;               /* stored rows first, then this run's in spill order */
	int from_run;
	int gone;                 /* a duplicate, a conflict, an overlap, or replaced by an update */
	int64_t start_ms, end_ms; /* overlap rule */
};

static const struct ops_kind *sort_kind;  /* qsort has no context argument */

static int key_cmp(const void *a, const void *b)
{
	const struct orow *x = a, *y = b;

	for (size_t i = 0; i < sort_kind->nkey; i++) {
		int c = strcmp(x->f[2 + sort_kind->key[i]], y->f[2 + sort_kind->key[i]]);

		if (c)
			return c;
	}
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int overlap_cmp(const void *a, const void *b)
{
	const struct orow *x = a, *y = b;
	int c = strcmp(x->f[2 + sort_kind->overlap_of], y->f[2 + sort_kind->overlap_of]);

	if (c)
		return c;
	if (x->start_ms != y->start_ms)
		return (x->start_ms > y->start_ms) - (x->start_ms < y->start_ms);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Reads the rows of one file (the stored partition or a spill) into rows. */
static int load_rows(const char *path, int header, int from_run, const struct ops_kind *k, struct orow **rows,
                     size_t *n, size_t *cap, struct ccsla_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t lcap = 0;
	ssize_t got;
	long line_no = 0;
	int ret = -1;

	if (!fp) {
		if (errno == ENOENT)
			return 0;
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	}
	while ((got = getline(&line, &lcap, fp)) > 0) {
		struct orow *r;
		size_t nf = 0;
		char *s;

		line_no++;
		if (header && line_no == 1)
			continue;
		if (line[got - 1] == '\n')
			line[got - 1] = '\0';
		if (*n == *cap) {
			size_t c2 = *cap ? *cap * 2 : 256;
			struct orow *p = realloc(*rows, c2 * sizeof *p);

			if (!p) {
				ccsla_error_set(err, path, 0, NULL, "out of memory");
				goto out;
			}
			*rows = p;
			*cap = c2;
		}
		r = &(*rows)[*n];
		memset(r, 0, sizeof *r);
		if (!(r->line = strdup(line))) {
			ccsla_error_set(err, path, 0, NULL, "out of memory");
			goto out;
		}
		(*n)++;
		for (s = r->line; nf < 2 + k->ncols; nf++) {
			char *tab = strchr(s, '\t');

			r->f[nf] = s;
			if (!tab)
				break;
			*tab = '\0';
			s = tab + 1;
		}
		if (nf + 1 != 2 + k->ncols) {
			ccsla_error_set(err, path, line_no, NULL, "damaged operations-log partition: %zu fields, "
			                "want %zu", nf + 1, 2 + k->ncols);
			goto out;
		}
		r->seq = *n;
		r->from_run = from_run;
	}
	if (ferror(fp)) {
		ccsla_error_set(err, path, 0, NULL, "read failed: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(line);
	fclose(fp);
	return ret;
}

/* The row as CSV, for the quarantine's raw_row column. */
static size_t row_csv(const struct ops_kind *k, const struct orow *r, char *buf, size_t size)
{
	size_t o = 0;

	for (size_t c = 0; c < k->ncols && o < size; c++) {
		const char *v = r->f[2 + c];
		int quote = strpbrk(v, ",\"") != NULL;

		o += (size_t)snprintf(buf + o, size - o, "%s%s", c ? "," : "", quote ? "\"" : "");
		for (; *v && o + 2 < size; v++) {
			if (quote && *v == '"')
				buf[o++] = '"';
			buf[o++] = *v;
		}
		if (quote && o + 1 < size)
			buf[o++] = '"';
		buf[o < size ? o : size - 1] = '\0';
	}
	return o < size ? o : size - 1;
}

/* Takes a row of this run out: duplicate (reason NULL) or quarantined. */
static int drop(struct ingest_run *run, const struct ops_kind *k, struct orow *r, const char *column,
                const char *reason, struct ccsla_error *err)
{
	char raw[2048];
	size_t len = row_csv(k, r, raw, sizeof raw);

	r->gone = 1;
	return ingest_unaccept(run, (uint32_t)strtoul(r->f[0], NULL, 10), strtol(r->f[1], NULL, 10), column,
	                       reason, raw, len, err);
}

static int is_moved(const struct opslog *o, const struct orow *r);

static int merge_partition(struct ingest_run *run, struct opslog *o, size_t part, struct ccsla_error *err)
{
	struct opart *p = &o->parts[part];
	const struct ops_kind *k = p->k;
	char rel[512], path[5000], spill[4500];
	struct orow *rows = NULL;
	size_t n = 0, cap = 0, kept_new = 0;
	struct atomic_file af;
	int ret = -1, existed;

	opslog_partition_rel(rel, sizeof rel, k->name, p->client, p->day_ms);
	snprintf(path, sizeof path, "%s/%s", ingest_state_dir(run), rel);
	existed = path_exists(path);
	if (load_rows(path, 1, 0, k, &rows, &n, &cap, err) != 0)
		goto out;
	spill_path(o, part, spill, sizeof spill);
	if (load_rows(spill, 0, 1, k, &rows, &n, &cap, err) != 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (rows[i].from_run && is_moved(o, &rows[i]) &&
		    drop(run, k, &rows[i], k->cols[k->day_col].name, OPS_R_CONFLICT, err) != 0)
			goto out;
	sort_kind = k;
	qsort(rows, n, sizeof *rows, key_cmp);
	/* The same key: each later row settles against the row kept so far
	 * (stored rows sort first, then this run's in the order read): a
	 * duplicate or a conflict goes (the kept row stays), an update replaces
	 * the kept row and stays counted as accepted (ops_settle). */
	for (size_t i = 0, first = 0; i < n; i++) {
		const char *column, *reason;
		int same_key = i > 0;

		for (size_t j = 0; j < k->nkey && same_key; j++)
			same_key = strcmp(rows[i].f[2 + k->key[j]], rows[first].f[2 + k->key[j]]) == 0;
		if (rows[i].gone)
			continue;
		if (!same_key || !rows[i].from_run || rows[first].gone) {
			first = i;
			continue;
		}
		switch (ops_settle(k, rows[first].f + 2, rows[i].f + 2, &column, &reason)) {
		case OPS_UPDATE:
			if (ingest_count_update(run, (uint32_t)strtoul(rows[i].f[0], NULL, 10), err) != 0)
				goto out;
			rows[first].gone = 1;  /* replaced: stored, or accepted earlier in this run */
			first = i;
			break;
		case OPS_DUPLICATE:
			if (drop(run, k, &rows[i], "", NULL, err) != 0)
				goto out;
			break;
		case OPS_CONFLICT:
			if (drop(run, k, &rows[i], column, reason, err) != 0)
				goto out;
			break;
		}
	}
	if (k->overlap_of >= 0) {
		const char *why;
		long last = -1;

		for (size_t i = 0; i < n; i++)
			if (rfc3339_parse(rows[i].f[2 + k->start_col], &rows[i].start_ms, &why) != 0 ||
			    rfc3339_parse(rows[i].f[2 + k->end_col], &rows[i].end_ms, &why) != 0) {
				ccsla_error_set(err, path, 0, NULL, "damaged operations-log partition: %s", why);
				goto out;
			}
		qsort(rows, n, sizeof *rows, overlap_cmp);
		for (size_t i = 0; i < n; i++) {
			struct orow *prev;

			if (rows[i].gone)
				continue;
			prev = last >= 0 ? &rows[last] : NULL;
			if (prev && strcmp(prev->f[2 + k->overlap_of], rows[i].f[2 + k->overlap_of]) == 0 &&
			    rows[i].start_ms < prev->end_ms) {
				/* the row of this run goes; of two, the one read later */
				struct orow *loser = !rows[i].from_run ? prev
				                   : !prev->from_run ? &rows[i]
				                   : prev->seq > rows[i].seq ? prev : &rows[i];

				if (loser->from_run) {
					if (drop(run, k, loser, k->cols[k->start_col].name, OPS_R_OVERLAP, err) != 0)
						goto out;
					if (loser == prev)
						last = (long)i;
					continue;
				}
			}
			last = (long)i;
		}
		qsort(rows, n, sizeof *rows, key_cmp);
	}
	for (size_t i = 0; i < n; i++)
		kept_new += rows[i].from_run && !rows[i].gone;
	if (!kept_new) { /* nothing new: the partition stays as it is */
		ret = 0;
		goto out;
	}
	{
		char dir[5000], *slash;

		snprintf(dir, sizeof dir, "%s", path);
		if ((slash = strrchr(dir, '/')))
			*slash = '\0';
		if (mkdir_p(dir, err) != 0)
			goto out;
	}
	snprintf(spill, sizeof spill, "%.4400s.new", path);
	if (atomic_open(&af, spill, err) != 0)
		goto out;
	fputs("src_file\tsrc_line", af.fp);
	for (size_t c = 0; c < k->ncols; c++)
		fprintf(af.fp, "\t%s", k->cols[c].name);
	fputc('\n', af.fp);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].gone)
			continue;
		fputs(rows[i].f[0], af.fp);
		for (size_t c = 1; c < 2 + k->ncols; c++)
			fprintf(af.fp, "\t%s", rows[i].f[c]);
		fputc('\n', af.fp);
	}
	if (atomic_commit(&af, err) != 0)
		goto out;
	if (ingest_extra_partition(run, rel, existed, err) != 0)
		goto out;
	ret = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(rows[i].line);
	free(rows);
	return ret;
}

/* ---- commit: keys that moved partition ----
 *
 * A partition is a UTC day of the kind's day column. Where that column is
 * not part of the key (outage: incident_id and client_id, by started_at;
 * quality: evaluation_id and client_id, by evaluated_at), a later row of a
 * stored key with another day would land in another partition and never
 * meet the stored row: two rows of one key. Before the partitions are
 * merged, the keys of this run's rows are looked up in every stored
 * partition of their client (these logs are small: tens to thousands of
 * rows a month) and among this run's rows; one whose key is kept under
 * another day is a conflict on the day column (the first stays). */

struct keyday {
	char *key;                /* the key's fields joined by tabs; owned */
	int64_t day_ms;
	uint32_t index;           /* this run's rows: lineage; stored rows 0 */
	long line;
	int stored;
};

static int keyday_cmp(const void *a, const void *b)
{
	const struct keyday *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	if (x->stored != y->stored)  /* stored first */
		return y->stored - x->stored;
	if (x->index != y->index)
		return (x->index > y->index) - (x->index < y->index);
	return (x->line > y->line) - (x->line < y->line);
}

static int moved_cmp(const void *a, const void *b)
{
	const struct moved *x = a, *y = b;

	if (x->index != y->index)
		return (x->index > y->index) - (x->index < y->index);
	return (x->line > y->line) - (x->line < y->line);
}

static int is_moved(const struct opslog *o, const struct orow *r)
{
	struct moved m = { (uint32_t)strtoul(r->f[0], NULL, 10), strtol(r->f[1], NULL, 10) };

	return o->nmoved && bsearch(&m, o->moved, o->nmoved, sizeof m, moved_cmp) != NULL;
}

static int key_holds_day(const struct ops_kind *k)
{
	for (size_t i = 0; i < k->nkey; i++)
		if (k->key[i] == k->day_col)
			return 1;
	return 0;
}

/* Adds the rows of one file (stored partition or spill) as keys. */
static int add_keys(const char *path, int stored, int64_t day_ms, const struct ops_kind *k, struct keyday **kd,
                    size_t *n, size_t *cap, struct ccsla_error *err)
{
	struct orow *rows = NULL;
	size_t nr = 0, rcap = 0;
	int ret = -1;

	if (load_rows(path, stored, !stored, k, &rows, &nr, &rcap, err) != 0)
		goto out;
	for (size_t i = 0; i < nr; i++) {
		char key[2048];
		size_t at = 0;

		for (size_t j = 0; j < k->nkey && at < sizeof key; j++)
			at += (size_t)snprintf(key + at, sizeof key - at, "%s%s", j ? "\t" : "", rows[i].f[2 + k->key[j]]);
		if (*n == *cap) {
			size_t c2 = *cap ? *cap * 2 : 256;
			struct keyday *p = realloc(*kd, c2 * sizeof *p);

			if (!p) {
				ccsla_error_set(err, path, 0, NULL, "out of memory");
				goto out;
			}
			*kd = p;
			*cap = c2;
		}
		if (!((*kd)[*n].key = strdup(key))) {
			ccsla_error_set(err, path, 0, NULL, "out of memory");
			goto out;
		}
		(*kd)[*n].day_ms = day_ms;
		(*kd)[*n].stored = stored;
		(*kd)[*n].index = stored ? 0 : (uint32_t)strtoul(rows[i].f[0], NULL, 10);
		(*kd)[*n].line = stored ? 0 : strtol(rows[i].f[1], NULL, 10);
		(*n)++;
	}
	ret = 0;
out:
	for (size_t i = 0; i < nr; i++)
		free(rows[i].line);
	free(rows);
	return ret;
}

/* "2026-10-05.tsv" -> the day's first instant; -1 when not a partition. */
static int partition_day_ms(const char *name, int64_t *day_ms)
{
	int y, m, d;
	char tail[8];

	if (strlen(name) != 14 || sscanf(name, "%4d-%2d-%2d%7s", &y, &m, &d, tail) != 4 || strcmp(tail, ".tsv"))
		return -1;
	*day_ms = civil_to_days(y, m, d) * MS_PER_DAY;
	return 0;
}

static int find_moved_client(struct ingest_run *run, struct opslog *o, const struct ops_kind *k, const char *client,
                             struct ccsla_error *err)
{
	struct keyday *kd = NULL;
	size_t n = 0, cap = 0;
	char dir[5000], path[5300];
	DIR *d;
	int ret = -1;

	snprintf(dir, sizeof dir, "%s/ops/%s/%s", ingest_state_dir(run), k->name, client);
	if ((d = opendir(dir))) {
		struct dirent *de;
		int bad = 0;

		while (!bad && (de = readdir(d))) {
			int64_t day_ms;

			if (partition_day_ms(de->d_name, &day_ms) != 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			bad = add_keys(path, 1, day_ms, k, &kd, &n, &cap, err) != 0;
		}
		closedir(d);
		if (bad)
			goto out;
	}
	for (size_t i = 0; i < o->n; i++)
		if (o->parts[i].k == k && strcmp(o->parts[i].client, client) == 0) {
			spill_path(o, i, path, sizeof path);
			if (add_keys(path, 0, o->parts[i].day_ms, k, &kd, &n, &cap, err) != 0)
				goto out;
		}
	qsort(kd, n, sizeof *kd, keyday_cmp);
	for (size_t i = 0, first = 0; i < n; i++) {
		if (i == 0 || strcmp(kd[i].key, kd[first].key)) {
			first = i;
			continue;
		}
		if (kd[i].stored || kd[i].day_ms == kd[first].day_ms)
			continue;
		if (o->nmoved == o->moved_cap) {
			size_t c2 = o->moved_cap ? o->moved_cap * 2 : 16;
			struct moved *p = realloc(o->moved, c2 * sizeof *p);

			if (!p) {
				ccsla_error_set(err, NULL, 0, NULL, "out of memory");
				goto out;
			}
			o->moved = p;
			o->moved_cap = c2;
		}
		o->moved[o->nmoved++] = (struct moved){ kd[i].index, kd[i].line };
	}
	ret = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(kd[i].key);
	free(kd);
	return ret;
}

static int find_moved(struct ingest_run *run, struct opslog *o, struct ccsla_error *err)
{
	for (size_t i = 0; i < o->n; i++) {
		int seen = 0;

		if (key_holds_day(o->parts[i].k))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = o->parts[j].k == o->parts[i].k && strcmp(o->parts[j].client, o->parts[i].client) == 0;
		if (!seen && find_moved_client(run, o, o->parts[i].k, o->parts[i].client, err) != 0)
			return -1;
	}
	if (o->nmoved)
		qsort(o->moved, o->nmoved, sizeof *o->moved, moved_cmp);
	return 0;
}

static int by_kind_client_day(const void *a, const void *b)
{
	const struct opart *x = a, *y = b;
	int c = strcmp(x->k->name, y->k->name);

	if (!c)
		c = strcmp(x->client, y->client);
	return c ? c : (x->day_ms > y->day_ms) - (x->day_ms < y->day_ms);
}

int opslog_commit(struct ingest_run *run, struct opslog *o, struct ccsla_error *err)
{
	size_t *order;
	struct opart *sorted;
	int ret = -1;

	if (!o || !o->n)
		return 0;
	if (close_all(o, err) != 0 || find_moved(run, o, err) != 0)
		return -1;
	/* spill files are named by partition number: sort a copy */
	order = malloc(o->n * sizeof *order);
	sorted = malloc(o->n * sizeof *sorted);
	if (!order || !sorted) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	memcpy(sorted, o->parts, o->n * sizeof *sorted);
	for (size_t i = 0; i < o->n; i++)
		sorted[i].count = i;
	qsort(sorted, o->n, sizeof *sorted, by_kind_client_day);
	for (size_t i = 0; i < o->n; i++)
		order[i] = (size_t)sorted[i].count;
	for (size_t i = 0; i < o->n; i++)
		if (merge_partition(run, o, order[i], err) != 0)
			goto out;
	ret = 0;
out:
	free(order);
	free(sorted);
	return ret;
}

void opslog_free(struct opslog *o)
{
	struct ccsla_error ignored;

	if (!o)
		return;
	close_all(o, &ignored);
	if (o->made)
		remove_tree(o->dir);
	free(o->parts);
	free(o->moved);
	free(o);
}
