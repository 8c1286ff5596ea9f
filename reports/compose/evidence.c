/* evidence.c -- the report's attached evidence (evidence.h): the client's
 * contacts as a pseudonymised canonical log, the ledger history, the
 * contract bytes and the half-hour counts.
 *
 * contacts.csv.gz is evidence_contacts.c's. */
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
		   : i == 2 ? write_intervals(rb, p, err) : evidence_contacts_write(rb, p, err);
		if (rc < 0)
			return -1;
	}
	if (evidence_write_ops(rb, dir, err) < 0)
		return -1;
	return write_staffing(rb, dir, err);
}
