/* evidence_contacts.c -- contacts.csv.gz (evidence.h): the client's
 * contacts that the report counts, pseudonymised, each line hashed into its
 * input file's digest.
 *
 * The file is streamed: one store record at a time is pseudonymised and
 * deflated straight into the file (canon_write.h), so memory is one row
 * plus one SHA-256 state per input file of the registry.
 *
 * It reads the store, the contract and the registry, never a figure, so
 * report_build_prepare_into starts it on a thread while the SLAs and the
 * overview are measured: those passes and this file each took about half
 * of a large draft, one after the other, with the second core mostly idle.
 * The thread writes the temporary file only; the build's own thread
 * commits it (rename) in evidence_write, so the durable steps and their
 * order are those of a build without the thread, the bytes are the same,
 * and a build that fails first leaves no contacts.csv.gz behind. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <openssl/evp.h>

#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "core/tz.h"
#include "ingest/canon_write.h"
#include "evidence.h"
#include "evidence_cache.h"
#include "report_build.h"

/* A CSV cell: quoted when it holds a comma, quote or line end. */
static size_t csv_cell(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	if (!strpbrk(s, ",\"\r\n"))
		return (size_t)snprintf(buf, size, "%s", s);
	if (n + 1 < size)
		buf[n++] = '"';
	for (; *s && n + 3 < size; s++) {
		if (*s == '"')
			buf[n++] = '"';
		buf[n++] = *s;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return n;
}

/* The agents' pseudonyms of the month: a month has hundreds of agents and
 * millions of contacts, so each agent's HMAC is computed once (a 2.6 M
 * contact draft spent 12 % of its time on two HMACs a contact). Direct
 * mapped: a collision computes again, never gives another id's
 * pseudonym. Customers are not cached: most of a month's come once or
 * twice, days apart. */
#define AGENT_CACHE 512

struct agent_cache {
	char id[CONTACT_ID_MAX + 1];
	char pseudonym[65];
};

static int agent_pseudonym(struct evidence_hmac *h, struct agent_cache *cache, const char *client,
                           const char *id, char out[65])
{
	uint32_t hash = 2166136261u;
	struct agent_cache *e;

	for (const char *p = id; *p; p++)
		hash = (hash ^ (unsigned char)*p) * 16777619u;
	e = &cache[hash % AGENT_CACHE];
	if (id[0] && strcmp(e->id, id) == 0) {
		memcpy(out, e->pseudonym, 65);
		return 0;
	}
	if (evidence_hmac_pseudonym(h, "agent", client, id, out) < 0)
		return -1;
	if (id[0]) {
		memcpy(e->id, id, strlen(id) + 1);
		memcpy(e->pseudonym, out, 65);
	}
	return 0;
}

/* 1 when some figure of the report counts ct: the overview's population
 * (inbound, every channel), or any SLA's (which may name outbound). After
 * the month only the repeat-FCR look-ahead uses a contact: an offered
 * inbound one with a customer id. */
static int counted(const struct contract *c, const struct contact *ct, int64_t to_ms)
{
	struct metrics_filter f;
	size_t i;

	if (ct->arrived_at_ms >= to_ms)
		return ct->direction == DIR_INBOUND && outcome_is_offered(ct->outcome) && ct->customer_id[0];
	metrics_filter_default(&f);
	if (metrics_filter_select(&f, ct) != SELECT_OUT)
		return 1;
	for (i = 0; i < c->sla_count; i++) {
		f = c->slas[i].filter;
		f.cal = &c->cal;
		if (metrics_filter_select(&f, ct) != SELECT_OUT)
			return 1;
	}
	return 0;
}

/* How far after the month the repeat-FCR windows look, in days. */
static int32_t look_ahead_days(const struct contract *c)
{
	int32_t d = 0;
	size_t i;

	for (i = 0; i < c->sla_count; i++)
		if (c->slas[i].metric == METRIC_FCR && c->slas[i].params.fcr == FCR_REPEAT &&
		    c->slas[i].params.fcr_window_days > d)
			d = c->slas[i].params.fcr_window_days;
	return d;
}

static const char *file_name(const struct report_build *rb, uint32_t index)
{
	size_t i;

	if (index >= 1 && index <= rb->reg.count && rb->reg.entries[index - 1].index == index)
		return rb->reg.entries[index - 1].name;
	for (i = 0; i < rb->reg.count; i++)
		if (rb->reg.entries[i].index == index)
			return rb->reg.entries[i].name;
	return "";
}

/* The source_file cell of input file index: quoted when it must be
 * (registry names are at most 255 bytes); owned by the caller, NULL when
 * out of memory. Every row of a file has the same one. */
static char *file_cell(const struct report_build *rb, uint32_t index)
{
	char cell[2 * 256 + 4];

	csv_cell(cell, sizeof cell, file_name(rb, index));
	return strdup(cell);
}

/* v in decimal at p (no terminator): its length. */
static size_t decimal(char *p, uint64_t v)
{
	char digits[20];
	size_t n = 0, len;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	len = n;
	while (n)
		*p++ = digits[--n];
	return len;
}

/* One fill of contacts.csv.gz: what every day's rows need. */
struct fill {
	struct report_build *rb;
	const struct contract *c;
	const struct evidence_key *key;
	struct canon_writer *w;
	const char *path;
	const atomic_int *stop;
	size_t nfiles;
	EVP_MD_CTX **md;                  /* [nfiles]: each input file's digest of its rows */
	char **cells;                     /* [nfiles]: each input file's source_file cell, made once */
	struct evidence_ids evaluated;
	struct evidence_hmac hm;
	struct agent_cache *agents;
	struct libdeflate_decompressor *zd; /* inflates kept days, made at the first */
	unsigned char *inflated;          /* CANON_WRITE_BLOCK bytes for it */
	int64_t to_ms;
	char contract_sha256[65];
	int cache;                        /* days are kept (the contract could be hashed) */
};

static int oom(struct ccsla_error *err)
{
	return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
}

static int hash_line(struct fill *fl, uint32_t f, const void *line, size_t len)
{
	if (!fl->md[f] && (!(fl->md[f] = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(fl->md[f], EVP_sha256(), NULL)))
		return -1;
	EVP_DigestUpdate(fl->md[f], line, len);
	fl->rb->evidence_rows[f]++;
	fl->rb->evidence_contacts++;
	return 0;
}

/* Writes ct when some figure counts it or the quality log evaluated it;
 * day, when not NULL, records what the row adds to its day. */
static int put_contact(struct fill *fl, struct contact *ct, struct evidence_day *day, struct ccsla_error *err)
{
	const struct report_build *rb = fl->rb;
	char extra[600], id[65];
	const char *line;
	size_t n = 0, len;
	long win;
	uint32_t f = ct->src_file < fl->nfiles ? ct->src_file : 0;

	if (!counted(fl->c, ct, fl->to_ms)) {
		if (day && evidence_day_add_uncounted(day, ct->contact_id) < 0)
			return oom(err);
		/* a contact of the month whose evaluation it places (quality.csv) */
		if (!(ct->arrived_at_ms < fl->to_ms && evidence_ids_has(&fl->evaluated, ct->contact_id)))
			return 0;
	}
	if (fl->key) {
		if (evidence_hmac_pseudonym(&fl->hm, "customer", fl->c->client, ct->customer_id, id) < 0)
			return oom(err);
		memcpy(ct->customer_id, id, sizeof id);
		if (agent_pseudonym(&fl->hm, fl->agents, fl->c->client, ct->agent_id, id) < 0)
			return oom(err);
		memcpy(ct->agent_id, id, sizeof id);
	} else {
		ct->customer_id[0] = ct->agent_id[0] = '\0';
	}
	/* the agreed window (1-based, contract order) an offered contact falls in */
	win = outcome_is_offered(ct->outcome) ? calendar_exclusion_at(&fl->c->cal, ct->arrived_at_ms) : -1;
	extra[n++] = ',';
	if (win >= 0)
		n += (size_t)snprintf(extra + n, sizeof extra - n, "%ld", win + 1);
	extra[n++] = ',';
	if (ct->src_file >= fl->nfiles) {
		n += csv_cell(extra + n, sizeof extra - n - 24, file_name(rb, ct->src_file));
		if (day)
			day->uncacheable = 1;
	} else {
		if (!fl->cells[f] && !(fl->cells[f] = file_cell(rb, f)))
			return oom(err);
		memcpy(extra + n, fl->cells[f], strlen(fl->cells[f]));
		n += strlen(fl->cells[f]);
	}
	extra[n++] = ',';
	n += decimal(extra + n, ct->src_line);
	extra[n] = '\0';
	if (canon_write_contact_extra(fl->w, ct, extra, &line, &len, err) < 0)
		return -1;
	if (hash_line(fl, f, line, len) < 0 || (day && evidence_day_add_row(day, f) < 0))
		return oom(err);
	return 0;
}

/* Writes the contacts of [from_ms, to_ms), which lie in one UTC day. */
static int put_range(struct fill *fl, int64_t from_ms, int64_t to_ms, struct evidence_day *day,
                     struct ccsla_error *err)
{
	struct store_scan sc;
	struct contact ct;
	int rc;

	if (store_scan_open(&sc, fl->rb->rq.state_dir, fl->c->client, from_ms, to_ms, err) < 0)
		return -1;
	while ((rc = store_scan_next(&sc, &ct, err)) == 1) {
		if (fl->stop && atomic_load_explicit(fl->stop, memory_order_relaxed)) {
			rc = ccsla_error_set(err, fl->path, 0, NULL, "abandoned: the report's build failed");
			break;
		}
		if ((rc = put_contact(fl, &ct, day, err)) < 0)
			break;
	}
	store_scan_close(&sc);
	return rc < 0 ? -1 : 0;
}

/* The digest of the source_file names that day's runs give their rows. */
static int day_names(const struct fill *fl, const struct evidence_day *day, unsigned char out[32])
{
	EVP_MD_CTX *md = evidence_digest_begin();

	if (!md)
		return -1;
	for (size_t i = 0; i < day->run_count; i++) {
		char num[16];
		const char *name = file_name(fl->rb, day->runs[i][0]);

		snprintf(num, sizeof num, "%u", day->runs[i][0]);
		EVP_DigestUpdate(md, num, strlen(num) + 1);
		EVP_DigestUpdate(md, name, strlen(name) + 1);
	}
	return evidence_digest_end(md, out);
}

/* Appends a kept day: its members as they are, and each of its rows,
 * inflated again, into its input file's digest. */
static int put_kept(struct fill *fl, const struct evidence_day *day, int64_t day_ms, struct ccsla_error *err)
{
	const unsigned char *in = day->gz, *end = in ? in + day->gz_len : in; /* no member: no row */
	size_t run = 0, left = day->run_count ? day->runs[0][1] : 0;

	if (!fl->zd && (!(fl->zd = libdeflate_alloc_decompressor()) || !(fl->inflated = malloc(CANON_WRITE_BLOCK))))
		return oom(err);
	if (canon_write_members(fl->w, day->gz, day->gz_len, day->rows, err) < 0)
		return -1;
	while (in < end) {
		size_t used = 0, got = 0;
		const unsigned char *p, *q;

		if (libdeflate_gzip_decompress_ex(fl->zd, in, (size_t)(end - in), fl->inflated, CANON_WRITE_BLOCK, &used,
		                                  &got) != LIBDEFLATE_SUCCESS)
			goto damaged;
		in += used;
		for (p = fl->inflated; p < fl->inflated + got; p = q + 1) {
			if (!(q = memchr(p, '\n', (size_t)(fl->inflated + got - p))))
				goto damaged;
			while (!left && ++run < day->run_count)
				left = day->runs[run][1];
			if (!left || day->runs[run][0] >= fl->nfiles)
				goto damaged;
			if (hash_line(fl, day->runs[run][0], p, (size_t)(q - p) + 1) < 0)
				return oom(err);
			left--;
		}
	}
	if (left || run + 1 < day->run_count)
		goto damaged;
	return 0;
damaged:
	/* Its CRC matched, so this is a fault of ours, not of the disk. Its
	 * members are in the file already, so this build fails; the entry
	 * goes, so the next one writes the day afresh. */
	{
		char entry[4200];

		evidence_cache_entry_path(entry, sizeof entry, fl->rb->rq.state_dir, fl->c->client, day_ms);
		evidence_cache_drop(fl->rb->rq.state_dir, fl->c->client, day_ms);
		return ccsla_error_set(err, fl->path, 0, NULL,
		                       "the evidence cache's entry %s did not inflate to its rows; it was removed, "
		                       "render again",
		                       entry);
	}
}

/* Writes the UTC day at day_ms, wholly inside the month: from the cache
 * when an entry made of the same inputs is there, else from the store
 * (and kept for the next draft). */
static int put_day(struct fill *fl, int64_t day_ms, struct ccsla_error *err)
{
	struct evidence_day day = { 0 };
	struct ccsla_error ignored;
	unsigned char key[32];
	int64_t start, stop;
	int k = fl->cache ? evidence_cache_key(fl->rb->rq.state_dir, fl->c->client, day_ms, fl->contract_sha256,
	                                       tz_rules_sha256(fl->c->zone), fl->key, key)
	                  : -1;

	if (k == 0)
		return 0; /* no partition, no rows */
	if (k == 1 && evidence_cache_load(fl->rb->rq.state_dir, fl->c->client, day_ms, key, &day) == 1) {
		unsigned char names[32];

		if (day_names(fl, &day, names) == 0 && memcmp(names, day.names, 32) == 0 &&
		    evidence_day_evaluated_match(&day, &fl->evaluated)) {
			int rc = put_kept(fl, &day, day_ms, err);

			evidence_day_release(&day);
			return rc;
		}
		evidence_day_release(&day);
	}
	if (canon_write_break(fl->w, &start, err) < 0 ||
	    put_range(fl, day_ms, day_ms + MS_PER_DAY, k == 1 ? &day : NULL, err) < 0 ||
	    canon_write_break(fl->w, &stop, err) < 0) {
		evidence_day_release(&day);
		return -1;
	}
	/* kept even with no row: its uncounted ids say when an evaluation adds one */
	day.gz_len = (size_t)(stop - start);
	if (k == 1 && !day.uncacheable && (day.gz = malloc(day.gz_len + 1)) &&
	    canon_write_read_back(fl->w, start, day.gz, day.gz_len, &ignored) == 0) {
		memcpy(day.key, key, 32);
		if (day_names(fl, &day, day.names) == 0 && evidence_day_end(&day, &fl->evaluated) == 0)
			evidence_cache_save(fl->rb->rq.state_dir, fl->c->client, day_ms, &day);
	}
	evidence_day_release(&day);
	return 0;
}

/* Writes every row into w's temp file (opened here) and fills rb's
 * per-file rows and digests: 0 with w open, to be committed, or -1 with w
 * gone. The store is read a UTC day at a time: a day wholly inside the
 * month is its own gzip members, kept in the evidence cache
 * (evidence_cache.h); the month's partial first and last UTC days and the
 * repeat-FCR look-ahead after it are written afresh. stop, when not NULL,
 * is read between rows: set, the fill gives up (the build failed; nobody
 * reads its error). */
static int contacts_fill(struct report_build *rb, struct canon_writer *w, const char *path, const atomic_int *stop,
                         struct ccsla_error *err)
{
	struct fill fl = { .rb = rb, .c = rb->rq.contract, .key = rb->rq.pseudonym_key, .w = w, .path = path,
	                   .stop = stop, .nfiles = rb->reg.count + 1 };
	struct ccsla_error ignored;
	int64_t from_ms, end_ms, day_ms;
	int ny = rb->rq.year, nm = rb->rq.month + 1, ret = -1, writer_open = 0;
	size_t i;

	if (nm > 12)
		nm = 1, ny++;
	from_ms = tz_local_day_start(fl.c->zone, rb->first_day);
	fl.to_ms = tz_local_day_start(fl.c->zone, civil_to_days(ny, nm, 1));
	end_ms = fl.to_ms + (int64_t)look_ahead_days(fl.c) * MS_PER_DAY;
	fl.cache = sha256_file_hex(fl.c->path, fl.contract_sha256, &ignored) == 0;
	if (evidence_quality_contacts(rb, &fl.evaluated, err) < 0)
		return -1;
	if (!(rb->evidence_rows = calloc(fl.nfiles, sizeof *rb->evidence_rows)) ||
	    !(rb->evidence_sha256 = calloc(fl.nfiles, sizeof *rb->evidence_sha256)) ||
	    !(fl.md = calloc(fl.nfiles, sizeof *fl.md)) || !(fl.agents = calloc(AGENT_CACHE, sizeof *fl.agents)) ||
	    !(fl.cells = calloc(fl.nfiles, sizeof *fl.cells)) || (fl.key && evidence_hmac_init(&fl.hm, fl.key) < 0)) {
		oom(err);
		goto out;
	}
	if (canon_write_open_extra(w, path, EVIDENCE_EXTRA_HEADER, err) < 0)
		goto out;
	writer_open = 1;
	for (day_ms = from_ms - (from_ms % MS_PER_DAY + MS_PER_DAY) % MS_PER_DAY; day_ms < end_ms; day_ms += MS_PER_DAY) {
		int64_t lo = day_ms > from_ms ? day_ms : from_ms, next = day_ms + MS_PER_DAY;
		int64_t hi = next < end_ms ? next : end_ms;
		int whole = lo == day_ms && next <= fl.to_ms;

		if ((whole ? put_day(&fl, day_ms, err) : put_range(&fl, lo, hi, NULL, err)) < 0)
			goto out;
	}
	for (i = 0; i < fl.nfiles; i++) {
		unsigned char d[EVP_MAX_MD_SIZE];
		unsigned int dl = 0, k;

		if (!fl.md[i])
			continue;
		EVP_DigestFinal_ex(fl.md[i], d, &dl);
		for (k = 0; k < dl && k < 32; k++)
			snprintf(rb->evidence_sha256[i] + 2 * k, 3, "%02x", d[k]);
	}
	writer_open = 0; /* the caller commits it */
	ret = 0;
out:
	if (writer_open)
		canon_write_abort(w);
	if (fl.md)
		for (i = 0; i < fl.nfiles; i++)
			EVP_MD_CTX_free(fl.md[i]);
	free(fl.md);
	if (fl.cells)
		for (i = 0; i < fl.nfiles; i++)
			free(fl.cells[i]);
	free(fl.cells);
	free(fl.agents);
	free(fl.evaluated.ids);
	libdeflate_free_decompressor(fl.zd);
	free(fl.inflated);
	evidence_hmac_release(&fl.hm);
	return ret;
}

/* contacts.csv.gz written on a thread (evidence_contacts_start). */
struct evidence_contacts_job {
	struct report_build *rb;
	char path[4200];
	struct canon_writer w;            /* open, uncommitted, after a fill that succeeded */
	pthread_t thread;
	int rc;                           /* contacts_fill's, once joined */
	atomic_int stop;                  /* set by evidence_contacts_cancel: the build failed */
	struct ccsla_error err;
};

static void *contacts_main(void *arg)
{
	struct evidence_contacts_job *j = arg;

	j->rc = contacts_fill(j->rb, &j->w, j->path, &j->stop, &j->err);
	return NULL;
}

int evidence_contacts_start(struct report_build *rb, const char *dir, struct ccsla_error *err)
{
	struct evidence_contacts_job *j = calloc(1, sizeof *j);

	if (!j)
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	j->rb = rb;
	atomic_init(&j->stop, 0);
	snprintf(j->path, sizeof j->path, "%s/contacts.csv.gz", dir);
	if (pthread_create(&j->thread, NULL, contacts_main, j) != 0) {
		free(j); /* written later, by evidence_write, on the caller's thread */
		return 0;
	}
	rb->contacts_job = j;
	return 0;
}

/* Waits for the thread: 0 with j->w open, or -1 with err set. */
static int job_join(struct evidence_contacts_job *j, struct ccsla_error *err)
{
	pthread_join(j->thread, NULL);
	if (j->rc < 0) {
		*err = j->err;
		return -1;
	}
	return 0;
}

void evidence_contacts_cancel(struct report_build *rb)
{
	struct evidence_contacts_job *j = rb->contacts_job;
	struct ccsla_error ignored;

	if (!j)
		return;
	atomic_store(&j->stop, 1);
	if (job_join(j, &ignored) == 0)
		canon_write_abort(&j->w);
	free(j);
	rb->contacts_job = NULL;
	free(rb->evidence_rows); /* a fill again starts from nothing */
	rb->evidence_rows = NULL;
	free(rb->evidence_sha256);
	rb->evidence_sha256 = NULL;
	rb->evidence_contacts = 0;
}

int evidence_contacts_write(struct report_build *rb, const char *path, struct ccsla_error *err)
{
	struct evidence_contacts_job *j = rb->contacts_job;
	struct canon_writer w;
	int rc;

	if (j && strcmp(j->path, path) != 0)
		evidence_contacts_cancel(rb); /* started for another folder: written here instead */
	if ((j = rb->contacts_job)) {
		rb->contacts_job = NULL;
		rc = job_join(j, err);
		if (rc == 0)
			rc = canon_write_commit(&j->w, err);
		free(j);
		return rc;
	}
	if (contacts_fill(rb, &w, path, NULL, err) < 0)
		return -1;
	return canon_write_commit(&w, err);
}
