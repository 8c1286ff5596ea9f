/* evidence_cache.c -- contacts.csv.gz's members kept per UTC day
 * (evidence_cache.h). */
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/cachefile.h"
#include "core/fsutil.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "ingest/canon.h"
#include "ingest/canon_write.h"
#include "evidence_cache.h"

#define MAGIC "CCSLAEVC"

void evidence_cache_entry_path(char *buf, size_t size, const char *state_dir, const char *client, int64_t day_ms)
{
	cachefile_path(buf, size, state_dir, "evidence", client, day_ms / MS_PER_DAY, ".cev");
}

EVP_MD_CTX *evidence_digest_begin(void)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md && !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		md = NULL;
	}
	return md;
}

int evidence_digest_end(EVP_MD_CTX *md, unsigned char out[32])
{
	unsigned int len = 0;
	int ok = EVP_DigestFinal_ex(md, out, &len) && len == 32;

	EVP_MD_CTX_free(md);
	return ok ? 0 : -1;
}

static void sha_text(EVP_MD_CTX *md, const char *label, const char *text)
{
	EVP_DigestUpdate(md, label, strlen(label));
	EVP_DigestUpdate(md, "=", 1);
	EVP_DigestUpdate(md, text, strlen(text));
	EVP_DigestUpdate(md, "\n", 1);
}

int evidence_cache_key(const char *state_dir, const char *client, int64_t day_ms, const char *contract_sha256,
                       const char *zone_sha256, const struct evidence_key *pseudonym_key, unsigned char key[32])
{
	char path[4200], stamp[160], fp[65] = "withheld", v[32];
	EVP_MD_CTX *md;

	store_partition_path(path, sizeof path, state_dir, client, day_ms);
	store_partition_identity(path, stamp, sizeof stamp);
	if (strcmp(stamp, "absent") == 0)
		return 0;
	if (strcmp(stamp, "unreadable") == 0)
		return -1;
	if (pseudonym_key) {
		unsigned char d[32];
		unsigned int dl = 0;

		/* a fingerprint, never the key: the cache may be read by anyone who reads the state */
		EVP_Digest(pseudonym_key->bytes, pseudonym_key->len, d, &dl, EVP_sha256(), NULL);
		for (unsigned int k = 0; k < 32 && k < dl; k++)
			snprintf(fp + 2 * k, 3, "%02x", d[k]);
	}
	if (!(md = evidence_digest_begin()))
		return -1;
	snprintf(v, sizeof v, "%d %d %d", EVIDENCE_CACHE_VERSION, CANON_WRITE_LEVEL, CANON_WRITE_BLOCK);
	sha_text(md, "ccsla evidence cache", v);
	sha_text(md, "libdeflate", LIBDEFLATE_VERSION_STRING);
	sha_text(md, "header", canon_header_line());
	sha_text(md, "extra", EVIDENCE_EXTRA_HEADER);
	sha_text(md, "client", client);
	sha_text(md, "partition", stamp);
	sha_text(md, "contract", contract_sha256);
	sha_text(md, "zone", zone_sha256);
	sha_text(md, "pseudonyms", fp);
	return evidence_digest_end(md, key) == 0 ? 1 : -1;
}

uint64_t evidence_cache_id_hash(const char *id)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * UINT64_C(1099511628211);
	return h;
}

int evidence_day_add_row(struct evidence_day *d, uint32_t f)
{
	if (d->run_count && d->runs[d->run_count - 1][0] == f) {
		d->runs[d->run_count - 1][1]++;
	} else {
		if (d->run_count == d->run_cap) {
			size_t cap = d->run_cap ? 2 * d->run_cap : 16;
			void *p = realloc(d->runs, cap * sizeof *d->runs);

			if (!p)
				return -1;
			d->runs = p;
			d->run_cap = cap;
		}
		d->runs[d->run_count][0] = f;
		d->runs[d->run_count++][1] = 1;
	}
	d->rows++;
	return 0;
}

int evidence_day_add_uncounted(struct evidence_day *d, const char *contact_id)
{
	if (d->uncounted_count == d->uncounted_cap) {
		size_t cap = d->uncounted_cap ? 2 * d->uncounted_cap : 64;
		void *p = realloc(d->uncounted, cap * sizeof *d->uncounted);

		if (!p)
			return -1;
		d->uncounted = p;
		d->uncounted_cap = cap;
	}
	d->uncounted[d->uncounted_count++] = evidence_cache_id_hash(contact_id);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The SHA-256 of the evaluated ids whose hash is in d's uncounted list:
 * exactly the evaluations that put an uncounted row of the day in the
 * file change it (a hash shared by another id only costs a miss). */
static int evaluated_digest(const struct evidence_day *d, const struct evidence_ids *evaluated, unsigned char out[32])
{
	EVP_MD_CTX *md = evidence_digest_begin();

	if (!md)
		return -1;
	for (size_t i = 0; evaluated && i < evaluated->count; i++) {
		uint64_t h = evidence_cache_id_hash(evaluated->ids[i]);

		if (d->uncounted_count && bsearch(&h, d->uncounted, d->uncounted_count, sizeof h, cmp_u64))
			EVP_DigestUpdate(md, evaluated->ids[i], strlen(evaluated->ids[i]) + 1);
	}
	return evidence_digest_end(md, out);
}

int evidence_day_end(struct evidence_day *d, const struct evidence_ids *evaluated)
{
	size_t i, n = 0;

	if (d->uncounted_count)
		qsort(d->uncounted, d->uncounted_count, sizeof *d->uncounted, cmp_u64);
	for (i = 0; i < d->uncounted_count; i++)
		if (!n || d->uncounted[n - 1] != d->uncounted[i])
			d->uncounted[n++] = d->uncounted[i];
	d->uncounted_count = n;
	return evaluated_digest(d, evaluated, d->evaluated);
}

int evidence_day_evaluated_match(const struct evidence_day *d, const struct evidence_ids *evaluated)
{
	unsigned char now[32];

	return evaluated_digest(d, evaluated, now) == 0 && memcmp(now, d->evaluated, 32) == 0;
}

void evidence_day_release(struct evidence_day *d)
{
	free(d->runs);
	free(d->uncounted);
	free(d->gz);
	memset(d, 0, sizeof *d);
}

int evidence_cache_load(const char *state_dir, const char *client, int64_t day_ms, const unsigned char key[32],
                        struct evidence_day *d)
{
	char path[4200], *data = NULL;
	struct cache_in r;
	size_t runs, unc, gz, i;
	int64_t rows, sum = 0;

	memset(d, 0, sizeof *d);
	evidence_cache_entry_path(path, sizeof path, state_dir, client, day_ms);
	if (!cachefile_dirs_ok(state_dir, "evidence", client) ||
	    !cache_in_open(path, MAGIC, EVIDENCE_CACHE_VERSION, key, &data, &r))
		return 0;
	memcpy(d->key, key, 32);
	if (r.end - r.p < 2 * 32)
		goto miss;
	memcpy(d->names, r.p, 32);
	memcpy(d->evaluated, r.p + 32, 32);
	r.p += 2 * 32;
	rows = (int64_t)cache_in_u64(&r);
	runs = cache_in_u32(&r);
	unc = cache_in_u32(&r);
	gz = (size_t)cache_in_u64(&r);
	/* the rest is exactly the runs, the hashes and the members */
	if (r.failed || rows < 0 || runs > (size_t)(r.end - r.p) / 8 || unc > (size_t)(r.end - r.p) / 8 ||
	    gz > (size_t)(r.end - r.p) || runs * 8 + unc * 8 + gz != (size_t)(r.end - r.p))
		goto miss;
	d->rows = rows;
	if ((runs && !(d->runs = malloc(runs * sizeof *d->runs))) ||
	    (unc && !(d->uncounted = malloc(unc * sizeof *d->uncounted))) || (gz && !(d->gz = malloc(gz))))
		goto miss;
	for (i = 0; i < runs; i++) {
		d->runs[i][0] = cache_in_u32(&r);
		d->runs[i][1] = cache_in_u32(&r);
		sum += d->runs[i][1];
	}
	for (i = 0; i < unc; i++)
		d->uncounted[i] = cache_in_u64(&r);
	if (gz)
		memcpy(d->gz, r.p, gz);
	d->run_count = d->run_cap = runs;
	d->uncounted_count = d->uncounted_cap = unc;
	d->gz_len = gz;
	if (sum != rows)
		goto miss;
	free(data);
	return 1;
miss:
	free(data);
	evidence_day_release(d);
	return 0;
}

int evidence_cache_save(const char *state_dir, const char *client, int64_t day_ms, const struct evidence_day *d)
{
	struct cache_out o = { 0 };
	char path[4200];

	if (d->uncacheable || d->run_count > UINT32_MAX || d->uncounted_count > UINT32_MAX ||
	    !cachefile_dirs_ok(state_dir, "evidence", client))
		return -1;
	cache_out_bytes(&o, MAGIC, 8);
	cache_out_u32(&o, EVIDENCE_CACHE_VERSION);
	cache_out_bytes(&o, d->key, 32);
	cache_out_bytes(&o, d->names, 32);
	cache_out_bytes(&o, d->evaluated, 32);
	cache_out_u64(&o, (uint64_t)d->rows);
	cache_out_u32(&o, (uint32_t)d->run_count);
	cache_out_u32(&o, (uint32_t)d->uncounted_count);
	cache_out_u64(&o, d->gz_len);
	for (size_t i = 0; i < d->run_count; i++) {
		cache_out_u32(&o, d->runs[i][0]);
		cache_out_u32(&o, d->runs[i][1]);
	}
	for (size_t i = 0; i < d->uncounted_count; i++)
		cache_out_u64(&o, d->uncounted[i]);
	if (d->gz_len)
		cache_out_bytes(&o, d->gz, d->gz_len);
	evidence_cache_entry_path(path, sizeof path, state_dir, client, day_ms);
	return cache_out_write(&o, path); /* core/cachefile.h: not synced, not a crash point */
}

void evidence_cache_drop(const char *state_dir, const char *client, int64_t day_ms)
{
	char path[4200];

	evidence_cache_entry_path(path, sizeof path, state_dir, client, day_ms);
	unlink(path);
}

long evidence_cache_prune(const char *state_dir, int64_t before_day)
{
	return cachefile_prune(state_dir, "evidence", before_day);
}
