/* adapter.c -- the adapter registry and what every adapter shares:
 * counting (reconciliation), validation of ids, the queue -> client map. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/tz.h"
#include "ingest/canon.h"
#include "adapter.h"
#include "profile.h"

/* The one table of sources. A new source is a new file in
 * pipeline/adapters/ and one row here. */
const struct adapter *const adapters[] = {
	&adapter_asterisk,
	&adapter_technion,
	&adapter_genesys_cloud,
	&adapter_amazon_connect,
	&adapter_profile,
	NULL,
};

const struct adapter *adapter_find(const char *name)
{
	for (const struct adapter *const *a = adapters; *a; a++)
		if (strcmp((*a)->name, name) == 0)
			return *a;
	return NULL;
}

int adapter_check_opts(const struct adapter *a, const struct adapter_opts *o, struct ccsla_error *err)
{
	struct tz *zone = NULL;

	if (o->client_id && !adapter_valid_client(o->client_id))
		return ccsla_error_set(err, NULL, 0, "client", "'%s' is not a client id ([A-Za-z0-9_-]{1,32})",
		                       o->client_id);
	if (a == &adapter_profile && !o->profile)
		return ccsla_error_set(err, NULL, 0, "profile", "the profile adapter needs --profile FILE");
	if (a == &adapter_profile) {
		/* A mistake in the profile is a mistake in the command: say it
		 * before any work, whole (file:line:column), since callers print
		 * only err->msg for a usage error. */
		struct profile p;
		int bad = profile_load(&p, o->profile, err) != 0;
		if (!bad && !p.f[COL_CLIENT_ID].set && !o->client_id && !o->queue_map) {
			ccsla_error_set(err, o->profile, 0, "client_id",
			                "the profile gives no client_id: give --client or --queue-map");
			bad = 1;
		}
		profile_free(&p);
		if (bad) {
			char whole[sizeof err->msg];
			ccsla_error_format(err, whole, sizeof whole);
			ccsla_error_set(err, NULL, 0, NULL, "%s", whole);
			return -1;
		}
	}
	if (!o->client_id && !o->queue_map && !a->default_client && !o->profile)
		return ccsla_error_set(err, NULL, 0, "client",
		                       "give --client or --queue-map: %s names no client", a->name);
	if (o->tz_name && !a->default_tz && !o->profile)
		return ccsla_error_set(err, NULL, 0, "tz", "%s times are not local times; --tz does not apply",
		                       a->name);
	if (o->tz_name) {
		if (tz_load(&zone, o->tz_name, err) != 0)
			return -1;
		tz_free(zone);
	}
	return 0;
}

void adapter_run_init(struct adapter_run *run, const char *unit)
{
	memset(&run->stats, 0, sizeof run->stats);
	run->stats.unit = unit;
}

/* Adds n under reason; the tables are small and reasons few, so a linear
 * search is fine. Reasons past the table's end share its last slot, whose
 * name then says so, so that the sums still hold. */
static void count_reason(struct adapter_reason *tab, int *n, const char *reason, int64_t k)
{
	for (int i = 0; i < *n; i++) {
		if (strcmp(tab[i].name, reason) == 0) {
			tab[i].count += k;
			return;
		}
	}
	if (*n < ADAPTER_MAX_REASONS) {
		tab[*n].name = reason;
		tab[*n].count = k;
		(*n)++;
		return;
	}
	tab[ADAPTER_MAX_REASONS - 1].name = "other reasons";
	tab[ADAPTER_MAX_REASONS - 1].count += k;
}

void adapter_skip(struct adapter_run *run, const char *reason, int64_t n)
{
	if (n <= 0)
		return;
	count_reason(run->stats.skip, &run->stats.n_skip, reason, n);
	run->stats.skipped += n;
}

static void vreject(struct adapter_run *run, int64_t n, const char *reason, const char *file,
                    long line, const char *field, const char *fmt, va_list ap)
{
	struct ccsla_error where;

	count_reason(run->stats.reject, &run->stats.n_reject, reason, n);
	run->stats.rejected += n;
	ccsla_error_set(&where, file, line, field, "%s", "");
	vsnprintf(where.msg, sizeof where.msg, fmt, ap);
	if (run->sink.reject)
		run->sink.reject(run->sink.ctx, reason, &where);
}

int adapter_reject(struct adapter_run *run, const char *reason, const char *file,
                   long line, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(run, 1, reason, file, line, field, fmt, ap);
	va_end(ap);
	return -1;
}

int adapter_reject_n(struct adapter_run *run, int64_t n, const char *reason,
                     const char *file, long line, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(run, n, reason, file, line, field, fmt, ap);
	va_end(ap);
	return -1;
}

int adapter_damaged(struct adapter_run *run, const struct ccsla_error *where, struct ccsla_error *err)
{
	if (run->sink.damaged) {
		run->sink.damaged(run->sink.ctx, where);
		return 0;
	}
	if (err != where)
		*err = *where;
	return -1;
}

int adapter_emit(struct adapter_run *run, const struct contact *c, int64_t n_records,
                 const char *file, struct ccsla_error *err)
{
	struct canon_reject why;

	/* What convert writes, ingest reads: a contact ingest would quarantine
	 * is rejected here, so that "reconciled" means the output is good. */
	if (canon_contact_check(c, &why) != 0) {
		adapter_reject_n(run, n_records, R_NOT_CANONICAL, file, (long)c->src_line,
		                 why.column[0] ? why.column : NULL,
		                 "contact '%s' would not be a valid canonical row: %s", c->contact_id,
		                 why.reason);
		return 0;
	}
	run->stats.used += n_records;
	run->stats.produced++;
	if (c->outcome < OUT_COUNT)
		run->stats.outcomes[c->outcome]++;
	return run->sink.emit ? run->sink.emit(run->sink.ctx, c, err) : 0;
}

int adapter_reconciles(const struct adapter_stats *s)
{
	return s->read == s->used + s->skipped + s->rejected;
}

static void print_reasons(FILE *fp, const char *what, const struct adapter_reason *r, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(fp, "  %s %lld: %s\n", what, (long long)r[i].count, r[i].name);
}

void adapter_print_stats(FILE *fp, const char *name, const struct adapter_stats *s)
{
	fprintf(fp, "%s: %lld %s read = %lld used in %lld contacts + %lld skipped + %lld rejected (%s)\n",
	        name, (long long)s->read, s->unit, (long long)s->used, (long long)s->produced,
	        (long long)s->skipped, (long long)s->rejected,
	        adapter_reconciles(s) ? "reconciled" : "DOES NOT RECONCILE");
	print_reasons(fp, "skipped", s->skip, s->n_skip);
	print_reasons(fp, "rejected", s->reject, s->n_reject);
	fprintf(fp, "contacts:");
	for (int o = 0; o < OUT_COUNT; o++)
		fprintf(fp, " %s %lld", outcome_name(o), (long long)s->outcomes[o]);
	fprintf(fp, "\n");
	if (s->incomplete || s->unfinished)
		fprintf(fp, "incomplete calls (no outcome, not written): %lld; answered calls still "
		        "talking at the end (written without their end): %lld\n",
		        (long long)s->incomplete, (long long)s->unfinished);
}

int adapter_valid_client(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > CONTACT_CLIENT_MAX)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

int adapter_valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > CONTACT_ID_MAX)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

int adapter_copy_id(char dst[CONTACT_ID_MAX + 1], const char *s)
{
	dst[0] = '\0';
	if (!s[0])
		return 0;
	if (!adapter_valid_id(s))
		return -1;
	strcpy(dst, s);
	return 0;
}

int adapter_parse_range(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	int neg = 0, big = 0;
	int64_t v = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p < '0' || *p > '9')
		return -1;
	/* Accumulate as a negative number (its range is the wider one) and
	 * stop growing once past any int64: no overflow, whatever the length. */
	for (; *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';
		if (v < (INT64_MIN + d) / 10)
			big = 1;
		else
			v = v * 10 - d;
	}
	if (*p)
		return -1;
	if (big || (!neg && v == INT64_MIN))
		return -2;
	if (!neg)
		v = -v;
	if (v < min || v > max)
		return -2;
	*out = v;
	return 0;
}

struct queue_map {
	size_t n, cap;
	struct {
		char queue[CONTACT_ID_MAX + 1];
		char client[CONTACT_CLIENT_MAX + 1];
		char name[CONTACT_ID_MAX + 1];   /* the queue's name, "" when not given */
	} *e;
};

void queue_map_free(struct queue_map *m)
{
	if (!m)
		return;
	free(m->e);
	free(m);
}

/* Splits off the next blank-separated word of *p; NULL when none. */
static char *next_word(char **p)
{
	char *s = *p, *w;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	if (!*s)
		return NULL;
	w = s;
	while (*s && *s != ' ' && *s != '\t' && *s != '\r')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

int queue_map_load(struct queue_map **out, const char *path, struct ccsla_error *err)
{
	struct queue_map *m = NULL;
	char *data = NULL, *line, *save = NULL;
	size_t size;
	long lineno = 0;
	int ret = -1;

	*out = NULL;
	if (read_file(path, &data, &size, err) != 0)
		goto fail;
	if (!(m = calloc(1, sizeof *m))) {
		ccsla_error_set(err, path, 0, NULL, "out of memory");
		goto fail;
	}
	/* strtok_r would merge empty lines and lose line numbers; walk by hand. */
	for (line = data; line; line = save) {
		char *nl = strchr(line, '\n'), *hash, *p, *queue, *client, *name;

		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		lineno++;
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		p = line;
		if (!(queue = next_word(&p)))
			continue;
		if (!(client = next_word(&p))) {
			ccsla_error_set(err, path, lineno, "client", "queue '%s' has no client; write 'QUEUE CLIENT'", queue);
			goto fail;
		}
		/* The rest of the line, if any, is the queue's name (it may
		 * have blanks: "JATest Queue"). */
		while (*p == ' ' || *p == '\t')
			p++;
		name = p;
		for (p = name + strlen(name); p > name && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\r'); )
			*--p = '\0';
		if (name[0] && !adapter_valid_id(name)) {
			ccsla_error_set(err, path, lineno, "name", "queue name '%s' is not 1-64 printable characters", name);
			goto fail;
		}
		if (!adapter_valid_id(queue)) {
			ccsla_error_set(err, path, lineno, "queue", "'%s' is not 1-64 printable characters", queue);
			goto fail;
		}
		if (!adapter_valid_client(client)) {
			ccsla_error_set(err, path, lineno, "client", "'%s' is not a client id ([A-Za-z0-9_-]{1,32})", client);
			goto fail;
		}
		if (queue_map_client(m, queue, NULL)) {
			ccsla_error_set(err, path, lineno, "queue", "queue '%s' is mapped twice", queue);
			goto fail;
		}
		if (m->n == m->cap) {
			size_t cap = m->cap ? 2 * m->cap : 16;
			void *e = realloc(m->e, cap * sizeof *m->e);
			if (!e) {
				ccsla_error_set(err, path, lineno, NULL, "out of memory");
				goto fail;
			}
			m->e = e;
			m->cap = cap;
		}
		strcpy(m->e[m->n].queue, queue);
		strcpy(m->e[m->n].client, client);
		strcpy(m->e[m->n].name, name);
		m->n++;
	}
	*out = m;
	m = NULL;
	ret = 0;
fail:
	queue_map_free(m);
	free(data);
	return ret;
}

const char *queue_map_client(const struct queue_map *m, const char *queue,
                             const char *fallback)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (strcmp(m->e[i].queue, queue) == 0)
			return m->e[i].client;
	return fallback;
}

const char *queue_map_name(const struct queue_map *m, const char *queue)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (strcmp(m->e[i].queue, queue) == 0)
			return m->e[i].name[0] ? m->e[i].name : NULL;
	return NULL;
}

int line_reader_open(struct line_reader *r, const char *path, struct ccsla_error *err)
{
	r->path = path;
	r->lineno = 0;
	/* gzopen reads plain files as they are, so one reader serves both. */
	if (!(r->gz = gzopen(path, "rb")))
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	gzbuffer(r->gz, 1 << 17);
	return 0;
}

int line_reader_next(struct line_reader *r, char **line, int *too_long, struct ccsla_error *err)
{
	size_t n;
	int zerr;

	*too_long = 0;
	if (!gzgets(r->gz, r->buf, sizeof r->buf)) {
		const char *msg = gzerror(r->gz, &zerr);
		if (zerr != Z_OK && zerr != Z_BUF_ERROR)
			return ccsla_error_set(err, r->path, r->lineno + 1, NULL, "read failed: %s", msg);
		if (!gzeof(r->gz))
			return ccsla_error_set(err, r->path, r->lineno + 1, NULL, "read failed: %s", msg);
		return 0;
	}
	r->lineno++;
	n = strlen(r->buf);
	if (n > 0 && r->buf[n - 1] != '\n' && !gzeof(r->gz)) {
		/* Longer than the buffer: keep the start, drop the rest. */
		char rest[1024];
		*too_long = 1;
		while (gzgets(r->gz, rest, sizeof rest) && !strchr(rest, '\n'))
			;
	}
	while (n > 0 && (r->buf[n - 1] == '\n' || r->buf[n - 1] == '\r'))
		r->buf[--n] = '\0';
	*line = r->buf;
	return 1;
}

void line_reader_close(struct line_reader *r)
{
	if (r->gz)
		gzclose(r->gz);
	r->gz = NULL;
}
