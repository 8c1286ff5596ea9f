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

#include <openssl/evp.h>

#include "core/store.h"
#include "core/timefmt.h"
#include "ingest/canon_write.h"
#include "evidence.h"
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

/* Writes every row into w's temp file (opened here) and fills rb's
 * per-file rows and digests: 0 with w open, to be committed, or -1 with w
 * gone. stop, when not NULL, is read between rows: set, the fill gives up
 * (the build failed; nobody reads its error). */
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

static int contacts_fill(struct report_build *rb, struct canon_writer *w, const char *path, const atomic_int *stop,
                         struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	const struct evidence_key *key = rb->rq.pseudonym_key;
	size_t nfiles = rb->reg.count + 1, i;
	EVP_MD_CTX **md = NULL;
	char **cells = NULL;              /* [nfiles]: each input file's source_file cell, made once */
	struct store_scan sc;
	struct contact ct;
	struct evidence_ids evaluated = { NULL, 0 };
	struct evidence_hmac hm = { NULL, NULL, NULL };
	struct agent_cache *agents = NULL;
	int64_t from_ms, to_ms;
	int ny = rb->rq.year, nm = rb->rq.month + 1, rc, ret = -1, writer_open = 0, scan_open = 0;

	if (nm > 12)
		nm = 1, ny++;
	from_ms = tz_local_day_start(c->zone, rb->first_day);
	to_ms = tz_local_day_start(c->zone, civil_to_days(ny, nm, 1));
	if (evidence_quality_contacts(rb, &evaluated, err) < 0)
		return -1;
	if (!(rb->evidence_rows = calloc(nfiles, sizeof *rb->evidence_rows)) ||
	    !(rb->evidence_sha256 = calloc(nfiles, sizeof *rb->evidence_sha256)) ||
	    !(md = calloc(nfiles, sizeof *md)) || !(agents = calloc(AGENT_CACHE, sizeof *agents)) ||
	    !(cells = calloc(nfiles, sizeof *cells)) ||
	    (key && evidence_hmac_init(&hm, key) < 0))
		goto oom;
	if (canon_write_open_extra(w, path, EVIDENCE_EXTRA_HEADER, err) < 0)
		goto out;
	writer_open = 1;
	if (store_scan_open(&sc, rb->rq.state_dir, c->client, from_ms,
	                    to_ms + (int64_t)look_ahead_days(c) * MS_PER_DAY, err) < 0)
		goto out;
	scan_open = 1;
	while ((rc = store_scan_next(&sc, &ct, err)) == 1) {
		if (stop && atomic_load_explicit(stop, memory_order_relaxed)) {
			ccsla_error_set(err, path, 0, NULL, "abandoned: the report's build failed");
			goto out;
		}
		char extra[600], id[65];
		const char *line;
		size_t n = 0, len;
		long win;
		uint32_t f = ct.src_file < nfiles ? ct.src_file : 0;

		/* and a contact of the month whose evaluation it places (quality.csv) */
		if (!counted(c, &ct, to_ms) && !(ct.arrived_at_ms < to_ms && evidence_ids_has(&evaluated, ct.contact_id)))
			continue;
		if (key) {
			if (evidence_hmac_pseudonym(&hm, "customer", c->client, ct.customer_id, id) < 0)
				goto oom;
			memcpy(ct.customer_id, id, sizeof id);
			if (agent_pseudonym(&hm, agents, c->client, ct.agent_id, id) < 0)
				goto oom;
			memcpy(ct.agent_id, id, sizeof id);
		} else {
			ct.customer_id[0] = ct.agent_id[0] = '\0';
		}
		/* the agreed window (1-based, contract order) an offered contact falls in */
		win = outcome_is_offered(ct.outcome) ? calendar_exclusion_at(&c->cal, ct.arrived_at_ms) : -1;
		extra[n++] = ',';
		if (win >= 0)
			n += (size_t)snprintf(extra + n, sizeof extra - n, "%ld", win + 1);
		extra[n++] = ',';
		if (ct.src_file >= nfiles) {
			n += csv_cell(extra + n, sizeof extra - n - 24, file_name(rb, ct.src_file));
		} else {
			if (!cells[f] && !(cells[f] = file_cell(rb, f)))
				goto oom;
			memcpy(extra + n, cells[f], strlen(cells[f]));
			n += strlen(cells[f]);
		}
		extra[n++] = ',';
		n += decimal(extra + n, ct.src_line);
		extra[n] = '\0';
		if (canon_write_contact_extra(w, &ct, extra, &line, &len, err) < 0)
			goto out;
		if (!md[f] && (!(md[f] = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(md[f], EVP_sha256(), NULL)))
			goto oom;
		EVP_DigestUpdate(md[f], line, len);
		rb->evidence_rows[f]++;
		rb->evidence_contacts++;
	}
	if (rc < 0)
		goto out;
	store_scan_close(&sc);
	scan_open = 0;
	for (i = 0; i < nfiles; i++) {
		unsigned char d[EVP_MAX_MD_SIZE];
		unsigned int dl = 0, k;

		if (!md[i])
			continue;
		EVP_DigestFinal_ex(md[i], d, &dl);
		for (k = 0; k < dl && k < 32; k++)
			snprintf(rb->evidence_sha256[i] + 2 * k, 3, "%02x", d[k]);
	}
	writer_open = 0; /* the caller commits it */
	ret = 0;
	goto out;
oom:
	ccsla_error_set(err, NULL, 0, NULL, "out of memory");
out:
	if (scan_open)
		store_scan_close(&sc);
	if (writer_open)
		canon_write_abort(w);
	if (md)
		for (i = 0; i < nfiles; i++)
			EVP_MD_CTX_free(md[i]);
	free(md);
	if (cells)
		for (i = 0; i < nfiles; i++)
			free(cells[i]);
	free(cells);
	free(agents);
	free(evaluated.ids);
	evidence_hmac_release(&hm);
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
