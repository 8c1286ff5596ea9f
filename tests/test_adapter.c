/* test_adapter.c -- the adapter registry, reconciliation counting, the
 * queue map and the canonical writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <zlib.h>

#include "ingest/canon_write.h"
#include "adapter_testlib.h"

static void every_registered_adapter_is_found_by_its_exact_name(void **state)
{
	(void)state;
	for (const struct adapter *const *a = adapters; *a; a++) {
		assert_ptr_equal(adapter_find((*a)->name), *a);
		assert_non_null((*a)->convert);
		assert_true(strlen((*a)->summary) > 0);
	}
	assert_non_null(adapter_find("asterisk"));
	assert_non_null(adapter_find("technion"));
	assert_null(adapter_find("aster"));
	assert_null(adapter_find(""));
}

static void bad_options_are_refused_before_any_work(void **state)
{
	const struct adapter *ast = adapter_find("asterisk"), *tech = adapter_find("technion");
	struct adapter_opts o = { 0 };
	struct ccsla_error err;

	(void)state;
	assert_int_equal(adapter_check_opts(ast, &o, &err), -1); /* queue_log names no client */
	assert_string_equal(err.field, "client");
	o.queue_map = "map.txt";
	assert_int_equal(adapter_check_opts(ast, &o, &err), 0);
	o.tz_name = "Europe/Berlin";                               /* epochs have no zone */
	assert_int_equal(adapter_check_opts(ast, &o, &err), -1);
	assert_string_equal(err.field, "tz");
	memset(&o, 0, sizeof o);
	assert_int_equal(adapter_check_opts(tech, &o, &err), 0);  /* ANONBANK, Asia/Jerusalem */
	o.tz_name = "Mars/Olympus";
	assert_int_equal(adapter_check_opts(tech, &o, &err), -1);
	o.tz_name = "Asia/Jerusalem";
	o.client_id = "ANON BANK";
	assert_int_equal(adapter_check_opts(tech, &o, &err), -1);
	assert_string_equal(err.field, "client");
}

static void skips_and_rejects_are_counted_by_reason_and_reconcile(void **state)
{
	struct capture cap;
	struct adapter_run run;
	struct contact c;

	(void)state;
	memset(&cap, 0, sizeof cap);
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "rows");
	run.sink.emit = capture_emit;
	run.sink.reject = capture_reject;
	run.sink.ctx = &cap;
	contact_init(&c);
	strcpy(c.contact_id, "c1");
	strcpy(c.client_id, "ACME");
	c.arrived_at_ms = 0;
	c.ended_at_ms = 1000;
	c.outcome = OUT_ABANDONED;
	run.stats.read = 7;
	assert_int_equal(adapter_emit(&run, &c, 3, "f.txt", NULL), 0);
	adapter_skip(&run, "phantom", 1);
	adapter_skip(&run, "phantom", 1);
	adapter_skip(&run, "member event", 0); /* nothing to count: no reason shown */
	assert_int_equal(adapter_reject(&run, "bad time", "f.txt", 12, "q_start", "'%s' is bad", "x"), -1);
	assert_int_equal(run.stats.used, 3);
	assert_int_equal(run.stats.produced, 1);
	assert_int_equal(run.stats.skipped, 2);
	assert_int_equal(run.stats.n_skip, 1);
	assert_int_equal(run.stats.skip[0].count, 2);
	assert_int_equal(run.stats.rejected, 1);
	assert_false(adapter_reconciles(&run.stats)); /* 7 != 3 + 2 + 1 */
	adapter_reject_n(&run, 1, "bad time", "f.txt", 13, NULL, "again");
	assert_true(adapter_reconciles(&run.stats));
	assert_int_equal(run.stats.reject[0].count, 2);
	assert_string_equal(cap.rejects[0], "f.txt:12: field 'q_start': 'x' is bad");
	assert_string_equal(cap.reject_reason[0], "bad time");
}

/* Issue 21 #5: adapter_emit lets through only what ingest would accept. */
static void a_contact_ingest_would_quarantine_is_rejected_not_emitted(void **state)
{
	struct capture cap;
	struct adapter_run run;
	struct contact c;

	(void)state;
	memset(&cap, 0, sizeof cap);
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "rows");
	run.sink.emit = capture_emit;
	run.sink.reject = capture_reject;
	run.sink.ctx = &cap;
	contact_init(&c);
	strcpy(c.contact_id, "c1");
	strcpy(c.client_id, "ACME");
	c.arrived_at_ms = RFC3339_MAX_MS - 500;
	c.ended_at_ms = RFC3339_MAX_MS + 1;  /* 10000-01-01 */
	c.outcome = OUT_ABANDONED;
	c.src_line = 9;
	run.stats.read = 2;
	assert_int_equal(adapter_emit(&run, &c, 2, "f.txt", NULL), 0);
	assert_int_equal(cap.n, 0);
	assert_int_equal(run.stats.produced, 0);
	assert_int_equal(run.stats.rejected, 2);
	assert_true(adapter_reconciles(&run.stats));
	assert_string_equal(cap.reject_reason[0], R_NOT_CANONICAL);
	assert_non_null(strstr(cap.rejects[0], "f.txt:9: field 'ended_at': contact 'c1' would not be a valid canonical row: invalid timestamp"));
	c.ended_at_ms = c.arrived_at_ms - 1;
	assert_int_equal(adapter_emit(&run, &c, 1, "f.txt", NULL), 0);
	assert_string_equal(cap.reject_reason[1], R_NOT_CANONICAL);
	c.ended_at_ms = RFC3339_MAX_MS;
	assert_int_equal(adapter_emit(&run, &c, 1, "f.txt", NULL), 0);
	assert_int_equal(cap.n, 1);
}

static void more_reasons_than_the_table_holds_still_sum_up(void **state)
{
	static char names[ADAPTER_MAX_REASONS + 5][16];
	struct adapter_run run;

	(void)state;
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "rows");
	for (int i = 0; i < ADAPTER_MAX_REASONS + 5; i++) {
		snprintf(names[i], sizeof names[i], "reason %d", i);
		adapter_skip(&run, names[i], 1);
	}
	int64_t sum = 0;
	for (int i = 0; i < run.stats.n_skip; i++)
		sum += run.stats.skip[i].count;
	assert_int_equal(sum, ADAPTER_MAX_REASONS + 5);
	assert_int_equal(run.stats.skipped, ADAPTER_MAX_REASONS + 5);
}

static void ids_are_one_to_64_printable_characters(void **state)
{
	char buf[CONTACT_ID_MAX + 1];
	char long_id[80];

	(void)state;
	memset(long_id, 'x', 65);
	long_id[65] = '\0';
	assert_true(adapter_valid_id("AA0101-35898"));
	assert_false(adapter_valid_id(""));
	assert_false(adapter_valid_id("tab\there"));
	assert_false(adapter_valid_id(long_id));
	long_id[64] = '\0';
	assert_true(adapter_valid_id(long_id));
	assert_int_equal(adapter_copy_id(buf, ""), 0);
	assert_string_equal(buf, "");
	assert_int_equal(adapter_copy_id(buf, "3.06E+08"), 0);
	assert_string_equal(buf, "3.06E+08");
	assert_true(adapter_valid_client("ACME_2-b"));
	assert_false(adapter_valid_client("AC ME"));
	assert_false(adapter_valid_client("ÄCME"));
}

static void whole_numbers_parse_strictly_and_within_range(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(adapter_parse_range("-207", -1000, 1000, &v), 0);
	assert_int_equal(v, -207);
	assert_int_equal(adapter_parse_range("0", 0, 0, &v), 0);
	assert_int_equal(adapter_parse_range("-0", 0, 0, &v), 0);
	assert_int_equal(adapter_parse_range("", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(adapter_parse_range("-", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(adapter_parse_range("12s", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(adapter_parse_range(" 12", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(adapter_parse_range("+12", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(adapter_parse_range("1-2", INT64_MIN, INT64_MAX, &v), -1);
	/* Too big: out of range, however many digits (no overflow, issue 21 #5). */
	assert_int_equal(adapter_parse_range("99999999999999999999", INT64_MIN, INT64_MAX, &v), -2);
	assert_int_equal(adapter_parse_range("-99999999999999999999999999", INT64_MIN, INT64_MAX, &v), -2);
	assert_int_equal(adapter_parse_range("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(adapter_parse_range("9223372036854775808", INT64_MIN, INT64_MAX, &v), -2);
	assert_int_equal(adapter_parse_range("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(adapter_parse_range("-9223372036854775809", INT64_MIN, INT64_MAX, &v), -2);
	assert_int_equal(adapter_parse_range("4294967297", 0, ADAPTER_MAX_SECONDS, &v), -2);
	assert_int_equal(adapter_parse_range("2147483647", 0, ADAPTER_MAX_SECONDS, &v), 0);
	assert_int_equal(adapter_parse_range("-1", 0, ADAPTER_MAX_SECONDS, &v), -2);
}

static void a_queue_map_error_names_file_line_and_field(void **state)
{
	struct queue_map *m = NULL;
	struct ccsla_error err;
	char buf[700];
	const char *path;

	(void)state;
	path = temp_file("sales ACME\n# comment\nsupport\n");
	assert_int_equal(queue_map_load(&m, path, &err), -1);
	assert_null(m);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.field, "client");
	path = temp_file("sales ACME\nsales BLUEJAY\n");
	assert_int_equal(queue_map_load(&m, path, &err), -1);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(ccsla_error_format(&err, buf, sizeof buf), "mapped twice"));
	path = temp_file("sales AC/ME\n");
	assert_int_equal(queue_map_load(&m, path, &err), -1);
	assert_string_equal(err.field, "client");
	path = temp_file("sales ACME\r\n\r\n  support\tBLUEJAY  \n");
	assert_int_equal(queue_map_load(&m, path, &err), 0);
	assert_string_equal(queue_map_client(m, "support", NULL), "BLUEJAY");
	assert_string_equal(queue_map_client(m, "sales", NULL), "ACME");
	assert_null(queue_map_client(m, "other", NULL));
	assert_string_equal(queue_map_client(m, "other", "DEFAULT"), "DEFAULT");
	queue_map_free(m);
}

static struct contact sample(void)
{
	struct contact c;

	contact_init(&c);
	strcpy(c.contact_id, "call,1 \"x\"");
	strcpy(c.client_id, "ACME");
	strcpy(c.queue, "sales");
	strcpy(c.customer_id, "=cmd");
	strcpy(c.agent_id, "SIP/102");
	c.channel = CH_VOICE;
	c.outcome = OUT_ANSWERED;
	c.arrived_at_ms = 1790841600000;
	c.answered_at_ms = 1790841615250;
	c.ended_at_ms = 1790841735250;
	c.talk_s = 120;
	c.transferred = 1;
	return c;
}

static char *gunzip_all(const char *path)
{
	static char text[4096];
	gzFile gz = gzopen(path, "rb");
	int n;

	assert_non_null(gz);
	n = gzread(gz, text, sizeof text - 1);
	assert_true(n >= 0);
	text[n] = '\0';
	gzclose(gz);
	return text;
}

static void the_canonical_file_is_gzip_with_header_first_and_reproducible(void **state)
{
	char path[] = "/tmp/ccsla-canon-XXXXXX";
	char out1[64], out2[64], hex1[65], hex2[65];
	struct canon_writer w;
	struct ccsla_error err;
	struct contact c = sample();
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	unlink(path);
	snprintf(out1, sizeof out1, "%s-1.csv.gz", path);
	snprintf(out2, sizeof out2, "%s-2.csv.gz", path);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(canon_write_open(&w, k ? out2 : out1, &err), 0);
		assert_int_equal(canon_write_contact(&w, &c, &err), 0);
		c.outcome = OUT_ABANDONED;
		c.answered_at_ms = TIME_NONE;
		c.talk_s = -1;
		assert_int_equal(canon_write_contact(&w, &c, &err), 0);
		assert_int_equal(canon_write_commit(&w, &err), 0);
		c = sample();
	}
	const char *text = gunzip_all(out1);
	assert_string_equal(text,
		"contact_id,client_id,channel,direction,queue,customer_id,arrived_at,answered_at,"
		"ended_at,outcome,talk_s,hold_s,wrap_s,agent_id,transferred,resolved,csat,complaint\n"
		"\"call,1 \"\"x\"\"\",ACME,voice,inbound,sales,=cmd,2026-10-01T08:00:00.000Z,"
		"2026-10-01T08:00:15.250Z,2026-10-01T08:02:15.250Z,answered,120,,,SIP/102,1,,,0\n"
		"\"call,1 \"\"x\"\"\",ACME,voice,inbound,sales,=cmd,2026-10-01T08:00:00.000Z,"
		",2026-10-01T08:02:15.250Z,abandoned,,,,SIP/102,1,,,0\n");
	assert_int_equal(sha256_file_hex(out1, hex1, &err), 0);
	assert_int_equal(sha256_file_hex(out2, hex2, &err), 0);
	assert_string_equal(hex1, hex2);
	unlink(out1);
	unlink(out2);
}

static void an_aborted_canonical_file_leaves_nothing_behind(void **state)
{
	struct canon_writer w;
	struct ccsla_error err;
	struct contact c = sample();
	const char *out = "/tmp/ccsla-canon-aborted.csv.gz";

	(void)state;
	unlink(out);
	assert_int_equal(canon_write_open(&w, out, &err), 0);
	assert_int_equal(canon_write_contact(&w, &c, &err), 0);
	canon_write_abort(&w);
	assert_int_equal(access(out, F_OK), -1);
}

static void the_line_reader_numbers_lines_and_cuts_long_ones(void **state)
{
	static char text[20000];
	struct line_reader r;
	struct ccsla_error err;
	char *line;
	int too_long;

	(void)state;
	strcpy(text, "one\r\n\ntwo\n");
	memset(text + 10, 'x', 9000);
	strcpy(text + 9010, "\nlast");
	const char *path = temp_file(text);
	assert_int_equal(line_reader_open(&r, path, &err), 0);
	assert_int_equal(line_reader_next(&r, &line, &too_long, &err), 1);
	assert_string_equal(line, "one");
	assert_int_equal(line_reader_next(&r, &line, &too_long, &err), 1);
	assert_string_equal(line, "");
	assert_int_equal(line_reader_next(&r, &line, &too_long, &err), 1);
	assert_string_equal(line, "two");
	assert_int_equal(line_reader_next(&r, &line, &too_long, &err), 1);
	assert_true(too_long);
	assert_int_equal(r.lineno, 4);
	assert_int_equal(line_reader_next(&r, &line, &too_long, &err), 1);
	assert_false(too_long);
	assert_string_equal(line, "last");
	assert_int_equal(r.lineno, 5);
	assert_int_equal(line_reader_next(&r, &line, &too_long, &err), 0);
	line_reader_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_registered_adapter_is_found_by_its_exact_name),
		cmocka_unit_test(bad_options_are_refused_before_any_work),
		cmocka_unit_test(skips_and_rejects_are_counted_by_reason_and_reconcile),
		cmocka_unit_test(a_contact_ingest_would_quarantine_is_rejected_not_emitted),
		cmocka_unit_test(more_reasons_than_the_table_holds_still_sum_up),
		cmocka_unit_test(ids_are_one_to_64_printable_characters),
		cmocka_unit_test(whole_numbers_parse_strictly_and_within_range),
		cmocka_unit_test(a_queue_map_error_names_file_line_and_field),
		cmocka_unit_test(the_canonical_file_is_gzip_with_header_first_and_reproducible),
		cmocka_unit_test(an_aborted_canonical_file_leaves_nothing_behind),
		cmocka_unit_test(the_line_reader_numbers_lines_and_cuts_long_ones),
	};

	return cmocka_run_group_tests(tests, NULL, temp_cleanup);
}
