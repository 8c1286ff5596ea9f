/* evidence.c -- the report's attached evidence (evidence.h): the client's
 * contacts as a pseudonymised canonical log, the ledger history, the
 * contract bytes and the half-hour counts.
 *
 * contacts.csv.gz is streamed: one store record at a time is pseudonymised
 * and deflated straight into the file (canon_write.h), and each line is
 * hashed into its input file's digest, so memory is one row plus one
 * SHA-256 state per input file of the registry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "contracts/ledger.h"
#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "ingest/canon_write.h"
#include "evidence.h"
#include "report_build.h"

int evidence_key_load(const char *path, struct evidence_key *key, struct ccsla_error *err)
{
	FILE *fp = fopen(path, "rb");
	size_t n;

	memset(key, 0, sizeof *key);
	if (!fp)
		return ccsla_error_set(err, path, 0, "--pseudonym-key", "cannot open the key file: %s", strerror(errno));
	n = fread(key->bytes, 1, sizeof key->bytes, fp);
	if (ferror(fp) || fgetc(fp) != EOF) {
		fclose(fp);
		return ccsla_error_set(err, path, 0, "--pseudonym-key", "not a key: longer than %d bytes, or unreadable",
		                       EVIDENCE_KEY_MAX);
	}
	fclose(fp);
	if (n && key->bytes[n - 1] == '\n')
		n--;
	if (n && key->bytes[n - 1] == '\r')
		n--;
	if (n < EVIDENCE_KEY_MIN) {
		memset(key, 0, sizeof *key);
		return ccsla_error_set(err, path, 0, "--pseudonym-key",
		                       "key too short (%zu bytes; at least %d, e.g. openssl rand -hex 32 >FILE)", n,
		                       EVIDENCE_KEY_MIN);
	}
	key->len = n;
	return 0;
}

/* kind NUL client NUL id: no two inputs share a message; n bytes */
static size_t pseudonym_message(unsigned char *msg, const char *kind, const char *client, const char *id)
{
	size_t n = 0, k;

	k = strlen(kind);
	memcpy(msg + n, kind, k), n += k, msg[n++] = 0;
	k = strlen(client);
	memcpy(msg + n, client, k), n += k, msg[n++] = 0;
	k = strlen(id);
	memcpy(msg + n, id, k), n += k;
	return n;
}

static void hex64(const unsigned char md[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

#define PSEUDONYM_MSG_MAX (16 + CONTACT_CLIENT_MAX + CONTACT_ID_MAX + 3)

void evidence_pseudonym(const struct evidence_key *key, const char *kind, const char *client,
                        const char *id, char out[65])
{
	unsigned char msg[PSEUDONYM_MSG_MAX], md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	size_t n;

	if (!id[0]) {
		out[0] = '\0';
		return;
	}
	n = pseudonym_message(msg, kind, client, id);
	HMAC(EVP_sha256(), key->bytes, (int)key->len, msg, n, md, &md_len);
	hex64(md, out);
}

int evidence_hmac_init(struct evidence_hmac *h, const struct evidence_key *key)
{
	unsigned char k[64] = { 0 }, pad[64];
	unsigned int klen = 0;
	int ok;

	h->inner = EVP_MD_CTX_new();
	h->outer = EVP_MD_CTX_new();
	h->work = EVP_MD_CTX_new();
	ok = h->inner && h->outer && h->work;
	/* RFC 2104: a key longer than the block is hashed first */
	if (ok && key->len > sizeof k)
		ok = EVP_Digest(key->bytes, key->len, k, &klen, EVP_sha256(), NULL);
	else if (ok)
		memcpy(k, key->bytes, key->len);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	ok = ok && EVP_DigestInit_ex(h->inner, EVP_sha256(), NULL) && EVP_DigestUpdate(h->inner, pad, sizeof pad);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	ok = ok && EVP_DigestInit_ex(h->outer, EVP_sha256(), NULL) && EVP_DigestUpdate(h->outer, pad, sizeof pad);
	OPENSSL_cleanse(k, sizeof k);
	OPENSSL_cleanse(pad, sizeof pad);
	if (!ok) {
		evidence_hmac_release(h);
		return -1;
	}
	return 0;
}

int evidence_hmac_pseudonym(struct evidence_hmac *h, const char *kind, const char *client, const char *id,
                            char out[65])
{
	unsigned char msg[PSEUDONYM_MSG_MAX], ih[32], md[32];
	size_t n;

	out[0] = '\0';
	if (!id[0])
		return 0;
	n = pseudonym_message(msg, kind, client, id);
	if (!EVP_MD_CTX_copy_ex(h->work, h->inner) || !EVP_DigestUpdate(h->work, msg, n) ||
	    !EVP_DigestFinal_ex(h->work, ih, NULL) || !EVP_MD_CTX_copy_ex(h->work, h->outer) ||
	    !EVP_DigestUpdate(h->work, ih, sizeof ih) || !EVP_DigestFinal_ex(h->work, md, NULL))
		return -1;
	hex64(md, out);
	return 0;
}

void evidence_hmac_release(struct evidence_hmac *h)
{
	EVP_MD_CTX_free(h->inner);
	EVP_MD_CTX_free(h->outer);
	EVP_MD_CTX_free(h->work);
	h->inner = h->outer = h->work = NULL;
}

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

static int write_contacts(struct report_build *rb, const char *path, struct ccsla_error *err)
{
	const struct contract *c = rb->rq.contract;
	const struct evidence_key *key = rb->rq.pseudonym_key;
	size_t nfiles = rb->reg.count + 1, i;
	EVP_MD_CTX **md = NULL;
	struct canon_writer w;
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
	    (key && evidence_hmac_init(&hm, key) < 0))
		goto oom;
	if (canon_write_open_extra(&w, path, EVIDENCE_EXTRA_HEADER, err) < 0)
		goto out;
	writer_open = 1;
	if (store_scan_open(&sc, rb->rq.state_dir, c->client, from_ms,
	                    to_ms + (int64_t)look_ahead_days(c) * MS_PER_DAY, err) < 0)
		goto out;
	scan_open = 1;
	while ((rc = store_scan_next(&sc, &ct, err)) == 1) {
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
		n += csv_cell(extra + n, sizeof extra - n - 24, file_name(rb, ct.src_file));
		snprintf(extra + n, sizeof extra - n, ",%lu", (unsigned long)ct.src_line);
		if (canon_write_contact_extra(&w, &ct, extra, &line, &len, err) < 0)
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
	writer_open = 0;
	if (canon_write_commit(&w, err) < 0)
		goto out;
	for (i = 0; i < nfiles; i++) {
		unsigned char d[EVP_MAX_MD_SIZE];
		unsigned int dl = 0, k;

		if (!md[i])
			continue;
		EVP_DigestFinal_ex(md[i], d, &dl);
		for (k = 0; k < dl && k < 32; k++)
			snprintf(rb->evidence_sha256[i] + 2 * k, 3, "%02x", d[k]);
	}
	ret = 0;
	goto out;
oom:
	ccsla_error_set(err, NULL, 0, NULL, "out of memory");
out:
	if (scan_open)
		store_scan_close(&sc);
	if (writer_open)
		canon_write_abort(&w);
	if (md)
		for (i = 0; i < nfiles; i++)
			EVP_MD_CTX_free(md[i]);
	free(md);
	free(agents);
	free(evaluated.ids);
	evidence_hmac_release(&hm);
	return ret;
}

/* ledger.csv: every earlier month of the ledger that the history-dependent
 * figures read (12 back), oldest first, one row per SLA and earn-back line:
 *   period,contract_id,currency,line,sla_id,status,default,final_minor,value,
 *   refers_to,amount_minor,issued_at
 * line `sla` (status, default 0/1, final credit in minor units, the value
 * as printed) or `earn_back` (refers_to = the original credit's month,
 * amount_minor). issued_at, on every row of its month: when the month's
 * final was issued (RFC 3339 UTC, what report_on_time reads), empty when
 * the ledger records no instant. A month the ledger lacks has no rows. */
static int write_ledger(struct report_build *rb, const char *path, struct ccsla_error *err)
{
	struct ledger_month hist[EVAL_HISTORY];
	int present[EVAL_HISTORY] = { 0 }, k;
	struct atomic_file af;
	struct csvw w;
	size_t i;
	char buf[64];
	static const char *const head[] = { "period", "contract_id", "currency", "line", "sla_id", "status", "default",
	                                    "final_minor", "value", "refers_to", "amount_minor", "issued_at", NULL };

	if (ledger_history(rb->rq.state_dir, rb->rq.contract->client, rb->rq.year, rb->rq.month, hist, present,
	                   EVAL_HISTORY, err) < 0)
		return -1;
	if (atomic_open(&af, path, err) < 0)
		goto fail;
	csvw_init(&w, af.fp);
	for (i = 0; head[i]; i++)
		csvw_text(&w, head[i]);
	csvw_end_line(&w);
	for (k = EVAL_HISTORY; k-- > 0;) {
		const struct ledger_month *m = &hist[k];
		char period[16], issued[40] = "";

		if (!present[k])
			continue;
		snprintf(period, sizeof period, "%04d-%02d", m->year % 10000, m->month % 100);
		if (m->has_issued)
			rfc3339_format_utc(m->issued_ms, issued, sizeof issued);
		for (i = 0; i < m->sla_count; i++) {
			const struct ledger_sla *l = &m->slas[i];

			csvw_text(&w, period);
			csvw_text(&w, m->contract_id);
			csvw_text(&w, m->currency);
			csvw_text(&w, "sla");
			csvw_text(&w, l->sla_id);
			csvw_text(&w, sla_status_name(l->status));
			csvw_number(&w, l->is_default ? "1" : "0");
			snprintf(buf, sizeof buf, "%lld", (long long)l->final_minor);
			csvw_number(&w, buf);
			csvw_number(&w, l->value);
			csvw_text(&w, "");
			csvw_text(&w, "");
			csvw_text(&w, issued);
			csvw_end_line(&w);
		}
		for (i = 0; i < m->earn_back_count; i++) {
			const struct earn_back_line *e = &m->earn_backs[i];
			char ref[16];

			snprintf(ref, sizeof ref, "%04d-%02d", e->orig_year % 10000, e->orig_month % 100);
			csvw_text(&w, period);
			csvw_text(&w, m->contract_id);
			csvw_text(&w, m->currency);
			csvw_text(&w, "earn_back");
			csvw_text(&w, e->sla_id);
			csvw_text(&w, "");
			csvw_text(&w, "");
			csvw_text(&w, "");
			csvw_text(&w, "");
			csvw_text(&w, ref);
			snprintf(buf, sizeof buf, "%lld", (long long)e->amount_minor);
			csvw_number(&w, buf);
			csvw_text(&w, issued);
			csvw_end_line(&w);
		}
	}
	for (k = 0; k < EVAL_HISTORY; k++)
		if (present[k])
			ledger_month_release(&hist[k]);
	return atomic_commit(&af, err);
fail:
	for (k = 0; k < EVAL_HISTORY; k++)
		if (present[k])
			ledger_month_release(&hist[k]);
	return -1;
}

static int copy_contract(const struct report_build *rb, const char *path, struct ccsla_error *err)
{
	char *data = NULL;
	size_t size;
	int rc;

	if (read_file(rb->rq.contract->path, &data, &size, err) < 0)
		return -1;
	rc = atomic_write(path, data, size, err);
	free(data);
	return rc;
}

static int write_intervals(const struct report_build *rb, const char *path, struct ccsla_error *err)
{
	struct atomic_file af;

	if (atomic_open(&af, path, err) < 0)
		return -1;
	report_write_intervals_csv(rb, af.fp);
	return atomic_commit(&af, err);
}

/* staffing.csv: section 6's intervals, when the report shows it */
static int write_staffing(struct report_build *rb, const char *dir, struct ccsla_error *err)
{
	struct atomic_file af;
	const char *p;

	if (!rb->model.fc_shown)
		return 0;
	if (!(p = report_build_attach(rb, dir, "staffing.csv")))
		return ccsla_error_set(err, dir, 0, NULL, "too many attachments");
	if (atomic_open(&af, p, err) < 0)
		return -1;
	report_write_staffing_csv(rb, af.fp);
	return atomic_commit(&af, err);
}

int evidence_write(struct report_build *rb, const char *dir, struct ccsla_error *err)
{
	static const char *const names[] = { "contract.yaml", "ledger.csv", "intervals.csv", "contacts.csv.gz" };
	int i;

	for (i = 0; i < 4; i++) {
		const char *p = report_build_attach(rb, dir, names[i]);
		int rc;

		if (!p)
			return ccsla_error_set(err, dir, 0, NULL, "too many attachments");
		rc = i == 0 ? copy_contract(rb, p, err) : i == 1 ? write_ledger(rb, p, err)
		   : i == 2 ? write_intervals(rb, p, err) : write_contacts(rb, p, err);
		if (rc < 0)
			return -1;
	}
	if (evidence_write_ops(rb, dir, err) < 0)
		return -1;
	return write_staffing(rb, dir, err);
}
