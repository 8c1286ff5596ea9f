/* test_store.c -- the record store keeps every field, checks itself, and
 * scans by client and time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/store.h"

static char state_dir[] = "/tmp/ccsla-test-store-XXXXXX";

static struct contact sample(const char *client, const char *id, int64_t arrived_ms)
{
	struct contact c;

	contact_init(&c);
	snprintf(c.client_id, sizeof c.client_id, "%s", client);
	snprintf(c.contact_id, sizeof c.contact_id, "%s", id);
	strcpy(c.queue, "billing");
	strcpy(c.customer_id, "cust-7");
	strcpy(c.agent_id, "Zoë");
	c.channel = CH_EMAIL;
	c.outcome = OUT_ANSWERED;
	c.resolved = 1;
	c.csat = 4;
	c.complaint = 1;
	c.transferred = 1;
	c.arrived_at_ms = arrived_ms;
	c.answered_at_ms = arrived_ms + 20001;
	c.talk_s = 0;
	c.hold_s = 12;
	c.src_file = 3;
	c.src_line = 1873;
	return c;
}

static void write_partition(const char *client, int64_t day_ms, int n)
{
	char path[4096];
	struct store_writer w;
	struct ccsla_error err;

	store_partition_path(path, sizeof path, state_dir, client, day_ms);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	for (int i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "c%d", i);
		struct contact c = sample(client, id, day_ms + i * 1000);
		assert_int_equal(store_writer_add(&w, &c, &err), 0);
	}
	assert_int_equal(store_writer_commit(&w, &err), 0);
}

static void every_field_survives_a_round_trip(void **state)
{
	char path[4096];
	struct store_writer w;
	struct store_reader r;
	struct ccsla_error err;
	struct contact in = sample("ACME", "x-1", INT64_C(1790000000000)), out;

	(void)state;
	store_partition_path(path, sizeof path, state_dir, "RT", in.arrived_at_ms);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	assert_int_equal(store_writer_add(&w, &in, &err), 0);
	assert_int_equal(store_writer_commit(&w, &err), 0);
	assert_int_equal(store_reader_open(&r, path, &err), 0);
	memset(&out, 0x55, sizeof out);
	assert_int_equal(store_reader_next(&r, &out, &err), 1);
	assert_true(contact_same_content(&in, &out));
	assert_int_equal(out.src_file, 3);
	assert_int_equal(out.src_line, 1873);
	assert_int_equal(out.ended_at_ms, TIME_NONE);
	assert_int_equal(out.wrap_s, -1);
	assert_int_equal(store_reader_next(&r, &out, &err), 0);
	store_reader_close(&r);
}

/* Strings are copied by fixed-size overlapping moves (store.c copy_short):
 * every length from 0 to the field's maximum, in every field, with each
 * byte distinct so that a move to the wrong place shows. */
static void every_string_length_survives_a_round_trip(void **state)
{
	char path[4096];
	struct store_writer w;
	struct store_reader r;
	struct ccsla_error err;
	struct contact in, out;

	(void)state;
	store_partition_path(path, sizeof path, state_dir, "LEN", 0);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	for (int n = 0; n <= CONTACT_ID_MAX; n++) {
		in = sample("LEN", "x", 1000);
		for (int i = 0; i < n; i++) {
			in.contact_id[i] = (char)('!' + i);
			in.queue[i] = (char)('A' + (i * 7) % 60);
			in.customer_id[i] = (char)('0' + (i * 11) % 70);
			in.agent_id[i] = (char)('~' - i);
			if (i < CONTACT_CLIENT_MAX)
				in.client_id[i] = (char)('a' + i % 26);
		}
		in.contact_id[n] = in.queue[n] = in.customer_id[n] = in.agent_id[n] = '\0';
		in.client_id[n < CONTACT_CLIENT_MAX ? n : CONTACT_CLIENT_MAX] = '\0';
		in.src_line = (uint32_t)n;
		assert_int_equal(store_writer_add(&w, &in, &err), 0);
	}
	assert_int_equal(store_writer_commit(&w, &err), 0);
	assert_int_equal(store_reader_open(&r, path, &err), 0);
	for (int n = 0; n <= CONTACT_ID_MAX; n++) {
		memset(&out, 0x55, sizeof out);
		assert_int_equal(store_reader_next(&r, &out, &err), 1);
		assert_int_equal(out.src_line, n);
		assert_int_equal(strlen(out.contact_id), n);
		assert_int_equal(strlen(out.client_id), n < CONTACT_CLIENT_MAX ? n : CONTACT_CLIENT_MAX);
		for (int i = 0; i < n; i++) {
			assert_int_equal(out.contact_id[i], (char)('!' + i));
			assert_int_equal(out.queue[i], (char)('A' + (i * 7) % 60));
			assert_int_equal(out.customer_id[i], (char)('0' + (i * 11) % 70));
			assert_int_equal(out.agent_id[i], (char)('~' - i));
			if (i < CONTACT_CLIENT_MAX)
				assert_int_equal(out.client_id[i], (char)('a' + i % 26));
		}
		assert_int_equal(strlen(out.queue), n);
		assert_int_equal(strlen(out.customer_id), n);
		assert_int_equal(strlen(out.agent_id), n);
	}
	assert_int_equal(store_reader_next(&r, &out, &err), 0);
	store_reader_close(&r);
}

static void a_flipped_byte_is_reported_as_damage(void **state)
{
	char path[4096], msg[1024];
	struct store_reader r;
	struct ccsla_error err;
	struct contact c;
	FILE *fp;
	int rc;

	(void)state;
	write_partition("DMG", 0, 3);
	store_partition_path(path, sizeof path, state_dir, "DMG", 0);
	assert_non_null(fp = fopen(path, "r+b"));
	fseek(fp, 40, SEEK_SET);
	int ch = fgetc(fp);
	fseek(fp, 40, SEEK_SET);
	fputc(ch ^ 0x01, fp);
	fclose(fp);
	assert_int_equal(store_reader_open(&r, path, &err), 0);
	while ((rc = store_reader_next(&r, &c, &err)) == 1)
		;
	assert_int_equal(rc, -1);
	ccsla_error_format(&err, msg, sizeof msg);
	assert_non_null(strstr(msg, "DMG"));
	/* the file and the bytes the CRC covers: 16 of header, 3 records */
	assert_non_null(strstr(msg, "checksum mismatch over bytes 0-"));
	store_reader_close(&r);
}

static void a_truncated_partition_is_an_error_not_a_short_read(void **state)
{
	char path[4096];
	struct store_reader r;
	struct ccsla_error err;
	struct contact c;
	int rc, n = 0;

	(void)state;
	write_partition("TRN", 0, 5);
	store_partition_path(path, sizeof path, state_dir, "TRN", 0);
	assert_int_equal(truncate(path, 16 + 3 * 70), 0);
	assert_int_equal(store_reader_open(&r, path, &err), 0);
	while ((rc = store_reader_next(&r, &c, &err)) == 1)
		n++;
	assert_int_equal(rc, -1);
	assert_true(n < 5);
	store_reader_close(&r);
}

/* Reads a partition to its end; returns the records read, *rc the last code. */
static int read_all(const char *path, int *rc, char *msg, size_t msg_size)
{
	struct store_reader r;
	struct ccsla_error err;
	struct contact c;
	int n = 0;

	assert_int_equal(store_reader_open(&r, path, &err), 0);
	while ((*rc = store_reader_next(&r, &c, &err)) == 1) {
		char id[32];
		snprintf(id, sizeof id, "c%d", n);
		assert_string_equal(c.contact_id, id);
		n++;
	}
	if (*rc < 0)
		ccsla_error_format(&err, msg, msg_size);
	store_reader_close(&r);
	return n;
}

static void flip_byte(const char *path, long at)
{
	FILE *fp;
	int ch;

	assert_non_null(fp = fopen(path, "r+b"));
	fseek(fp, at, SEEK_SET);
	ch = fgetc(fp);
	fseek(fp, at, SEEK_SET);
	fputc(ch ^ 0x20, fp);
	fclose(fp);
}

/* The reader takes STORE_READ_BUF bytes at a time: records straddle its
 * refills, and the CRC covers each refill's bytes exactly once. */
static void a_partition_larger_than_the_read_buffer_reads_whole_and_checks_every_byte(void **state)
{
	char path[4096], msg[1024] = "";
	struct stat st;
	int rc, n, big = 12000; /* about 1 MB: four refills */

	(void)state;
	write_partition("BIG", 0, big);
	store_partition_path(path, sizeof path, state_dir, "BIG", 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 3 * STORE_READ_BUF);
	n = read_all(path, &rc, msg, sizeof msg);
	assert_int_equal(rc, 0);
	assert_int_equal(n, big);
	/* a flipped byte in the third buffer's stretch (inside a record's
	 * strings, so the record still decodes): the CRC finds it at the end */
	flip_byte(path, 2 * STORE_READ_BUF + 1000);
	n = read_all(path, &rc, msg, sizeof msg);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(msg, "BIG"));
	{
		char range[64]; /* every byte before the 20-byte trailer */

		snprintf(range, sizeof range, "checksum mismatch over bytes 0-%ld ", (long)st.st_size - 21);
		assert_non_null(strstr(msg, range));
	}
	flip_byte(path, 2 * STORE_READ_BUF + 1000); /* back */
	n = read_all(path, &rc, msg, sizeof msg);
	assert_int_equal(rc, 0);
	/* bytes after the trailer */
	{
		FILE *fp = fopen(path, "ab");
		assert_non_null(fp);
		fputc('x', fp);
		fclose(fp);
	}
	n = read_all(path, &rc, msg, sizeof msg);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(msg, "after the trailer"));
	/* cut inside the trailer */
	assert_int_equal(truncate(path, st.st_size - 5), 0);
	n = read_all(path, &rc, msg, sizeof msg);
	assert_int_equal(rc, -1);
	assert_int_equal(n, big);
	assert_non_null(strstr(msg, "trailer"));
}

/* Reads path through a FIFO (which cannot be mapped, so the reader takes
 * its read() path), a child process writing the file's bytes into it. */
static int read_through_fifo(const char *path, int *rc, char *msg, size_t msg_size)
{
	char fifo[4200];
	pid_t child;
	int n, status;

	snprintf(fifo, sizeof fifo, "%s.fifo", path);
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	if ((child = fork()) == 0) {
		FILE *in = fopen(path, "rb"), *out = fopen(fifo, "wb");
		char buf[8192];
		size_t got;

		if (!in || !out)
			_exit(1);
		while ((got = fread(buf, 1, sizeof buf, in)) > 0)
			if (fwrite(buf, 1, got, out) != got)
				break;
		fclose(out);
		_exit(0);
	}
	assert_true(child > 0);
	n = read_all(fifo, rc, msg, msg_size);
	waitpid(child, &status, 0);
	unlink(fifo);
	return n;
}

/* A file that cannot be mapped (here a FIFO) is read in STORE_READ_BUF
 * reads, with the same records and the same CRC check as a mapped one. */
static void a_partition_that_cannot_be_mapped_is_read_the_same(void **state)
{
	char path[4096], msg[1024] = "";
	int rc, n, big = 12000;

	(void)state;
	write_partition("PIPE", 0, big);
	store_partition_path(path, sizeof path, state_dir, "PIPE", 0);
	n = read_through_fifo(path, &rc, msg, sizeof msg);
	assert_int_equal(rc, 0);
	assert_int_equal(n, big);
	flip_byte(path, 2 * STORE_READ_BUF + 1000);
	n = read_through_fifo(path, &rc, msg, sizeof msg);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(msg, "checksum mismatch"));
}

static void a_scan_filters_by_client_and_half_open_window(void **state)
{
	struct store_scan s;
	struct ccsla_error err;
	struct contact c;
	int64_t day = INT64_C(20000) * MS_PER_DAY;
	int n = 0;

	(void)state;
	write_partition("SCAN-A", day, 10);           /* day + 0..9 s */
	write_partition("SCAN-A", day + MS_PER_DAY, 10);
	write_partition("SCAN-B", day, 4);
	/* from day+5 s to next day+2 s: 5 + 2 records of SCAN-A */
	assert_int_equal(store_scan_open(&s, state_dir, "SCAN-A", day + 5000, day + MS_PER_DAY + 2000, &err), 0);
	while (store_scan_next(&s, &c, &err) == 1) {
		assert_string_equal(c.client_id, "SCAN-A");
		n++;
	}
	store_scan_close(&s);
	assert_int_equal(n, 7);
}

static void a_scan_of_all_clients_visits_them_in_name_order(void **state)
{
	struct store_scan s;
	struct ccsla_error err;
	struct contact c;
	int64_t day = INT64_C(20000) * MS_PER_DAY;
	char last[64] = "";
	int n = 0;

	(void)state;
	assert_int_equal(store_scan_open(&s, state_dir, NULL, day, day + MS_PER_DAY, &err), 0);
	while (store_scan_next(&s, &c, &err) == 1) {
		assert_true(strcmp(last, c.client_id) <= 0);
		snprintf(last, sizeof last, "%s", c.client_id);
		n++;
	}
	store_scan_close(&s);
	assert_int_equal(n, 14);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_survives_a_round_trip),
		cmocka_unit_test(every_string_length_survives_a_round_trip),
		cmocka_unit_test(a_flipped_byte_is_reported_as_damage),
		cmocka_unit_test(a_truncated_partition_is_an_error_not_a_short_read),
		cmocka_unit_test(a_partition_larger_than_the_read_buffer_reads_whole_and_checks_every_byte),
		cmocka_unit_test(a_partition_that_cannot_be_mapped_is_read_the_same),
		cmocka_unit_test(a_scan_filters_by_client_and_half_open_window),
		cmocka_unit_test(a_scan_of_all_clients_visits_them_in_name_order),
	};
	int rc;

	if (!mkdtemp(state_dir))
		return 1;
	rc = cmocka_run_group_tests_name("store", tests, NULL, NULL);
	{
		char cmd[256];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", state_dir);
		if (system(cmd) != 0)
			return 1;
	}
	return rc;
}
