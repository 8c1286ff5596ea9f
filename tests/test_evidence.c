/* test_evidence.c -- the pseudonym key file and the pseudonyms of the
 * attached contacts (reports/compose/evidence.h), and the extra columns of
 * the canonical writer they are written with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest/canon_write.h"
#include "reports/compose/evidence.h"

static char tmpdir[] = "/tmp/test_evidence_XXXXXX";

static void write_text(const char *path, const char *text, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	fclose(fp);
}

static void key_without_its_line_end(void **state)
{
	struct evidence_key k;
	struct ccsla_error err = {0};
	char path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/key", tmpdir);
	write_text(path, "0123456789abcdef0123456789abcdef\n", 33);
	assert_int_equal(evidence_key_load(path, &k, &err), 0);
	assert_int_equal(k.len, 32);
	assert_memory_equal(k.bytes, "0123456789abcdef0123456789abcdef", 32);
	write_text(path, "0123456789abcdef\r\n", 18);
	assert_int_equal(evidence_key_load(path, &k, &err), 0);
	assert_int_equal(k.len, 16);
}

static void short_or_missing_key_is_refused(void **state)
{
	struct evidence_key k;
	struct ccsla_error err = {0};
	char path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/short", tmpdir);
	write_text(path, "0123456789abcde\n", 16); /* 15 bytes */
	assert_int_equal(evidence_key_load(path, &k, &err), -1);
	assert_non_null(strstr(err.msg, "too short (15 bytes"));
	assert_string_equal(err.field, "--pseudonym-key");
	snprintf(path, sizeof path, "%s/absent", tmpdir);
	assert_int_equal(evidence_key_load(path, &k, &err), -1);
	assert_non_null(strstr(err.msg, "cannot open"));
}

/* Expected values from openssl dgst -sha256 -hmac KEY over
 * "customer\0ACME\0C-0001" and "agent\0ACME\0C-0001". */
static void pseudonym_is_hmac_sha256_of_kind_client_and_id(void **state)
{
	struct evidence_key k;
	char out[65], other[65];

	(void)state;
	memset(&k, 0, sizeof k);
	memcpy(k.bytes, "0123456789abcdef0123456789abcdef", 32);
	k.len = 32;
	evidence_pseudonym(&k, "customer", "ACME", "C-0001", out);
	assert_string_equal(out, "d5ba2e59a7ebc563d2da54c205aa75a996c3cd1fd2c1e6fb553e5a267f4b7789");
	evidence_pseudonym(&k, "agent", "ACME", "C-0001", out);
	assert_string_equal(out, "ddfc801c0b1e9623ea5aa4efdebdc7c2dd102c5e78509c78799505a07c837b7d");
	/* another client, another pseudonym; an empty id stays empty */
	evidence_pseudonym(&k, "customer", "BLUEJAY", "C-0001", other);
	assert_string_not_equal(other, "d5ba2e59a7ebc563d2da54c205aa75a996c3cd1fd2c1e6fb553e5a267f4b7789");
	evidence_pseudonym(&k, "customer", "ACME", "", out);
	assert_string_equal(out, "");
}

static void canonical_writer_adds_extra_columns(void **state)
{
	struct canon_writer w;
	struct ccsla_error err = {0};
	struct contact c;
	const char *line;
	size_t len;
	char path[256], buf[4096];
	gzFile gz;
	int n;

	(void)state;
	snprintf(path, sizeof path, "%s/c.csv.gz", tmpdir);
	contact_init(&c);
	strcpy(c.client_id, "ACME");
	strcpy(c.contact_id, "X1");
	strcpy(c.queue, "default");
	c.arrived_at_ms = 0;
	c.outcome = OUT_DEFLECTED;
	assert_int_equal(canon_write_open_extra(&w, path, EVIDENCE_EXTRA_HEADER, &err), 0);
	assert_int_equal(canon_write_contact_extra(&w, &c, ",1,\"a,b.csv.gz\",7", &line, &len, &err), 0);
	assert_true(len > 0 && line[len - 1] == '\n');
	assert_non_null(strstr(line, ",1,\"a,b.csv.gz\",7\n"));
	assert_int_equal(canon_write_commit(&w, &err), 0);
	gz = gzopen(path, "rb");
	assert_non_null(gz);
	n = gzread(gz, buf, sizeof buf - 1);
	gzclose(gz);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, ",excluded,source_file,source_line\n"));
	assert_non_null(strstr(buf, "X1,ACME,"));
}

/* More rows than one block: several gzip members, read back as one stream
 * by zlib (gzread) and byte for byte what was written, rows unsplit. */
static void canonical_writer_spans_gzip_members(void **state)
{
	struct canon_writer w;
	struct ccsla_error err = {0};
	struct contact c;
	const char *line;
	size_t len, written = 0, got = 0;
	char path[256], *buf, *want;
	unsigned char raw[4];
	FILE *fp;
	gzFile gz;
	int i, n, members = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/m.csv.gz", tmpdir);
	assert_non_null(want = malloc(4 * CANON_WRITE_BLOCK));
	assert_non_null(buf = malloc(4 * CANON_WRITE_BLOCK));
	contact_init(&c);
	strcpy(c.client_id, "ACME");
	strcpy(c.queue, "default");
	c.outcome = OUT_DEFLECTED;
	assert_int_equal(canon_write_open_extra(&w, path, EVIDENCE_EXTRA_HEADER, &err), 0);
	for (i = 0; written < 2 * CANON_WRITE_BLOCK + 1000; i++) {
		snprintf(c.contact_id, sizeof c.contact_id, "X%d", i);
		c.arrived_at_ms = (int64_t)i * 1000;
		assert_int_equal(canon_write_contact_extra(&w, &c, ",,a.csv.gz,7", &line, &len, &err), 0);
		memcpy(want + written, line, len);
		written += len;
	}
	assert_int_equal(canon_write_commit(&w, &err), 0);
	/* members: count the gzip magic at each member start by inflating */
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fread(raw, 1, 2, fp), 2);
	fclose(fp);
	assert_int_equal(raw[0], 0x1f);
	assert_int_equal(raw[1], 0x8b);
	{
		z_stream zs = {0};
		unsigned char in[65536], out[65536];
		size_t k;
		int rc = Z_OK;

		assert_non_null(fp = fopen(path, "rb"));
		assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
		while ((k = fread(in, 1, sizeof in, fp)) > 0) {
			zs.next_in = in;
			zs.avail_in = (uInt)k;
			while (zs.avail_in) {
				zs.next_out = out;
				zs.avail_out = sizeof out;
				rc = inflate(&zs, Z_NO_FLUSH);
				assert_true(rc == Z_OK || rc == Z_STREAM_END);
				if (rc == Z_STREAM_END) {
					members++;
					assert_int_equal(inflateReset(&zs), Z_OK);
				}
			}
		}
		inflateEnd(&zs);
		fclose(fp);
		assert_int_equal(rc, Z_STREAM_END);
	}
	assert_int_equal(members, 3); /* 2 blocks and 1000 bytes, header first */
	gz = gzopen(path, "rb");
	assert_non_null(gz);
	while ((n = gzread(gz, buf + got, (unsigned)(4 * CANON_WRITE_BLOCK - got))) > 0)
		got += (size_t)n;
	gzclose(gz);
	line = strchr(buf, '\n');
	assert_non_null(line);
	line++;
	assert_int_equal(got - (size_t)(line - buf), written);
	assert_memory_equal(line, want, written);
	free(buf);
	free(want);
}

/* The prepared states give HMAC()'s pseudonyms, for a short key, a key of
 * exactly one SHA-256 block and one longer than a block (hashed first). */
static void prepared_hmac_equals_one_shot(void **state)
{
	static const size_t lens[] = { 16, 32, 64, 65, 200 };
	static const char *const ids[] = { "C-0001", "", "x", "0123456789012345678901234567890123456789012345678901234567890123" };
	struct evidence_key k;
	struct evidence_hmac h;
	char a[65], b[65];

	(void)state;
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		memset(&k, 0, sizeof k);
		for (size_t j = 0; j < lens[i]; j++)
			k.bytes[j] = (unsigned char)(j * 7 + i);
		k.len = lens[i];
		assert_int_equal(evidence_hmac_init(&h, &k), 0);
		for (size_t j = 0; j < sizeof ids / sizeof ids[0]; j++) {
			evidence_pseudonym(&k, j % 2 ? "agent" : "customer", "ACME", ids[j], a);
			assert_int_equal(evidence_hmac_pseudonym(&h, j % 2 ? "agent" : "customer", "ACME", ids[j], b), 0);
			assert_string_equal(a, b);
			assert_int_equal(strlen(b), ids[j][0] ? 64 : 0);
		}
		evidence_hmac_release(&h);
	}
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_without_its_line_end),
		cmocka_unit_test(short_or_missing_key_is_refused),
		cmocka_unit_test(pseudonym_is_hmac_sha256_of_kind_client_and_id),
		cmocka_unit_test(canonical_writer_adds_extra_columns),
		cmocka_unit_test(canonical_writer_spans_gzip_members),
		cmocka_unit_test(prepared_hmac_equals_one_shot),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
