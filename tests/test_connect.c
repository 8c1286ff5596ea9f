/* test_connect.c -- the Amazon Connect importer (connect.c) on the contact
 * records of fixtures/connect/ (written from AWS's contact-record data
 * model, fixtures/connect/README.md): at-least-once delivery, transfers,
 * callbacks, never-queued contacts, objects back to back on one line, bad
 * records and a gzip stream cut off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "adapter_testlib.h"

#define DIR_ "fixtures/connect/"
#define C(n) "c00000" #n "-0000-4000-8000-0000000000" #n

static struct capture cap;
static struct adapter_run run;

static void convert(const char *path)
{
	char *files[1] = { (char *)path };

	assert_int_equal(capture_run(&cap, &run, "amazon-connect", "ACME", NULL, NULL, files, 1), 0);
	assert_true(adapter_reconciles(&run.stats));
}

static const struct contact *find(const char *id)
{
	const struct contact *c = capture_find(&cap, id);

	if (!c)
		fail_msg("no contact %s", id);
	return c;
}

static void a_later_delivery_replaces_the_earlier_one(void **state)
{
	const struct contact *c;

	(void)state;
	convert(DIR_ "contacts.json.gz");
	c = find(C(01));
	assert_int_equal(c->wrap_s, 70); /* the second delivery, after ACW ended */
	assert_int_equal(c->src_line, 10);
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_string_equal(c->queue, "Support");
	assert_string_equal(c->agent_id, "anna");
	assert_string_equal(at(c->arrived_at_ms), "2026-10-05T08:00:20.000Z"); /* EnqueueTimestamp */
	assert_string_equal(at(c->answered_at_ms), "2026-10-05T08:00:35.000Z");
	assert_string_equal(at(c->ended_at_ms), "2026-10-05T08:05:00.000Z");
	assert_int_equal(c->talk_s, 265);
	assert_int_equal(c->hold_s, 20);
	assert_string_equal(run.stats.skip[0].name,
	                    "superseded by a later delivery (same ContactId, later LastUpdateTimestamp)");
	assert_int_equal(run.stats.skip[0].count, 1);
}

static void the_same_delivery_twice_is_passed_on_for_the_ingest_to_count_a_duplicate(void **state)
{
	int n = 0, k[2] = { 0, 0 };

	(void)state;
	convert(DIR_ "contacts.json.gz");
	for (int i = 0; i < cap.n; i++)
		if (strcmp(cap.c[i].contact_id, C(02)) == 0 && n < 2)
			k[n++] = i;
	assert_int_equal(n, 2);
	assert_int_equal(cap.c[k[0]].src_line, 2);
	assert_int_equal(cap.c[k[1]].src_line, 11);
	assert_int_equal(contact_same_content(&cap.c[k[0]], &cap.c[k[1]]), 1);
	assert_int_equal(find(C(02))->outcome, OUT_ABANDONED);
	assert_string_equal(at(find(C(02))->ended_at_ms), "2026-10-05T09:01:30.000Z");
}

static void a_transfer_makes_one_contact_per_queue_visit(void **state)
{
	const struct contact *a, *b;

	(void)state;
	convert(DIR_ "contacts.json.gz");
	a = find(C(03));
	b = find(C(04));
	assert_int_equal(a->outcome, OUT_ANSWERED);
	assert_int_equal(a->transferred, 1);
	assert_string_equal(a->queue, "Support");
	assert_int_equal(b->outcome, OUT_ANSWERED);
	assert_int_equal(b->transferred, 0);
	assert_string_equal(b->queue, "Billing");
	assert_int_equal(b->direction, DIR_INBOUND);
	assert_string_equal(at(b->arrived_at_ms), "2026-10-05T10:03:01.000Z");
	assert_string_equal(b->agent_id, "ben");
}

static void a_queued_contact_continued_by_a_callback_is_a_callback(void **state)
{
	const struct contact *a, *b;

	(void)state;
	convert(DIR_ "contacts.json.gz");
	a = find(C(05));
	b = find(C(06));
	assert_int_equal(a->outcome, OUT_CALLBACK);
	assert_int_equal(a->answered_at_ms, TIME_NONE);
	assert_int_equal(b->outcome, OUT_ANSWERED);
	assert_int_equal(b->direction, DIR_OUTBOUND);
	assert_string_equal(at(b->answered_at_ms), "2026-10-05T11:15:00.000Z");
}

static void never_queued_inbound_is_deflected_and_a_task_is_skipped(void **state)
{
	const struct contact *c;

	(void)state;
	convert(DIR_ "contacts.json.gz");
	c = find(C(07));
	assert_int_equal(c->outcome, OUT_DEFLECTED);
	assert_string_equal(c->queue, "default");
	assert_string_equal(at(c->arrived_at_ms), "2026-10-05T12:00:00.000Z");
	assert_null(capture_find(&cap, C(10)));
	assert_string_equal(run.stats.skip[1].name, "TASK contact (back-office work, not a customer contact)");
	assert_int_equal(run.stats.read, 12);
	assert_int_equal(cap.n, 10);
}

static void two_objects_on_one_line_are_two_records(void **state)
{
	const struct contact *chat, *out;

	(void)state;
	convert(DIR_ "contacts.json.gz");
	chat = find(C(08));
	out = find(C(09));
	assert_int_equal(chat->src_line, 8);
	assert_int_equal(out->src_line, 8);
	assert_int_equal(chat->channel, CH_CHAT);
	assert_int_equal(out->direction, DIR_OUTBOUND);
	assert_string_equal(out->queue, "Outbound");
	assert_int_equal(out->outcome, OUT_ANSWERED);
}

static void bad_records_are_rejected_and_the_records_around_them_kept(void **state)
{
	(void)state;
	convert(DIR_ "bad.json");
	assert_int_equal(run.stats.read, 7);
	assert_int_equal(run.stats.rejected, 5);
	assert_int_equal(cap.n, 2);
	assert_string_equal(cap.c[0].contact_id, C(15));
	assert_int_equal(cap.c[0].src_line, 5);
	assert_string_equal(cap.c[1].contact_id, C(17));
	assert_string_equal(cap.reject_reason[0], "missing field");
	assert_non_null(strstr(cap.rejects[0], "bad.json:1: field 'ContactId'"));
	assert_string_equal(cap.reject_reason[1], "malformed time");
	assert_non_null(strstr(cap.rejects[1], "bad.json:2: field 'DisconnectTimestamp': contact " C(12)
	                       ": '2026-10-05 09:01:30' is not an RFC 3339 instant"));
	assert_string_equal(cap.reject_reason[2], "unknown channel");
	assert_non_null(strstr(cap.rejects[2], "bad.json:3: field 'Channel'"));
	assert_string_equal(cap.reject_reason[3], "JSON syntax error");
	assert_non_null(strstr(cap.rejects[3], "bad.json:4: "));
	assert_string_equal(cap.reject_reason[4], "JSON syntax error");
	assert_non_null(strstr(cap.rejects[4], "bad.json:6: "));
}

static void a_cut_gzip_stream_keeps_the_records_before_the_cut(void **state)
{
	(void)state;
	convert(DIR_ "truncated.json.gz");
	assert_int_equal(cap.n, 2);
	assert_string_equal(cap.c[0].contact_id, C(07));
	assert_string_equal(cap.c[1].contact_id, C(08));
	assert_int_equal(run.stats.rejected, 1);
	assert_string_equal(cap.reject_reason[0], "truncated input");
	assert_non_null(strstr(cap.rejects[0], "truncated.json.gz:3: the gzip stream is cut off or damaged"));
}

static void a_file_ending_inside_a_record_is_truncated_input(void **state)
{
	char *files[1];

	(void)state;
	files[0] = (char *)temp_file("{\"ContactId\": \"x1\", \"Channel\": \"VO");
	assert_int_equal(capture_run(&cap, &run, "amazon-connect", "ACME", NULL, NULL, files, 1), 0);
	assert_true(adapter_reconciles(&run.stats));
	assert_int_equal(run.stats.read, 1);
	assert_string_equal(cap.reject_reason[0], "truncated input");
	assert_non_null(strstr(cap.rejects[0], ":1: the file ends inside a JSON value"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_later_delivery_replaces_the_earlier_one),
		cmocka_unit_test(the_same_delivery_twice_is_passed_on_for_the_ingest_to_count_a_duplicate),
		cmocka_unit_test(a_transfer_makes_one_contact_per_queue_visit),
		cmocka_unit_test(a_queued_contact_continued_by_a_callback_is_a_callback),
		cmocka_unit_test(never_queued_inbound_is_deflected_and_a_task_is_skipped),
		cmocka_unit_test(two_objects_on_one_line_are_two_records),
		cmocka_unit_test(bad_records_are_rejected_and_the_records_around_them_kept),
		cmocka_unit_test(a_cut_gzip_stream_keeps_the_records_before_the_cut),
		cmocka_unit_test(a_file_ending_inside_a_record_is_truncated_input),
	};

	return cmocka_run_group_tests(tests, NULL, temp_cleanup);
}
