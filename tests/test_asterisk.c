/* test_asterisk.c -- Asterisk queue_log events become the right contacts
 * (fixtures/asterisk/queue_log covers every event of issue 8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "adapter_testlib.h"

static char fixture[] = "fixtures/asterisk/queue_log";

static struct capture cap;
static struct adapter_run run;

static void convert_fixture(void)
{
	char *files[] = { fixture };

	assert_int_equal(capture_run(&cap, &run, "asterisk", "ACME", NULL, NULL, files, 1), 0);
}

static const struct contact *get(const char *id)
{
	const struct contact *c = capture_find(&cap, id);

	if (!c)
		fail_msg("no contact %s", id);
	return c;
}

static void connect_then_completecaller_is_answered_with_wait_and_talk_from_data(void **state)
{
	const struct contact *c;

	(void)state;
	convert_fixture();
	c = get("1790841600.1@sales");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_string_equal(at(c->arrived_at_ms), "2026-10-01T08:00:00.000Z");
	assert_string_equal(at(c->answered_at_ms), "2026-10-01T08:00:15.000Z"); /* holdtime 15 */
	assert_int_equal(c->talk_s, 120);
	assert_string_equal(at(c->ended_at_ms), "2026-10-01T08:02:15.000Z");
	assert_string_equal(c->agent_id, "SIP/102"); /* CONNECT's agent, not the one that did not answer */
	assert_string_equal(c->customer_id, "5550001");
	assert_string_equal(c->client_id, "ACME");
	assert_string_equal(c->queue, "sales");
	assert_int_equal(c->channel, CH_VOICE);
	assert_int_equal(c->direction, DIR_INBOUND);
	assert_int_equal(c->transferred, 0);
	assert_int_equal(c->src_line, 4); /* the ENTERQUEUE line */
}

static void completeagent_ends_an_answered_call_too(void **state)
{
	const struct contact *c;

	(void)state;
	convert_fixture();
	c = get("1790841620.2@sales");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_int_equal(c->talk_s, 60);
	assert_string_equal(at(c->answered_at_ms), "2026-10-01T08:00:25.000Z");
}

static void abandon_is_abandoned_at_its_waittime(void **state)
{
	const struct contact *c;

	(void)state;
	convert_fixture();
	c = get("1790841630.5@sales");
	assert_int_equal(c->outcome, OUT_ABANDONED);
	assert_string_equal(at(c->ended_at_ms), "2026-10-01T08:01:12.000Z"); /* waittime 42 */
	assert_string_equal(at(c->answered_at_ms), "");
	assert_string_equal(c->agent_id, "");
}

static void exitwithtimeout_exitwithkey_and_exitempty_are_overflow(void **state)
{
	(void)state;
	convert_fixture();
	assert_int_equal(get("1790841640.6@support")->outcome, OUT_OVERFLOW);
	assert_string_equal(at(get("1790841640.6@support")->ended_at_ms), "2026-10-01T08:05:40.000Z");
	assert_int_equal(get("1790841650.7@support")->outcome, OUT_OVERFLOW);
	/* EXITWITHKEY(key|position|origposition|waittime): the wait is data4 */
	assert_string_equal(at(get("1790841650.7@support")->ended_at_ms), "2026-10-01T08:00:58.000Z");
	assert_int_equal(get("1790841660.8@support")->outcome, OUT_OVERFLOW);
}

static void every_transfer_event_gives_an_answered_transferred_contact(void **state)
{
	const struct contact *c;

	(void)state;
	convert_fixture();
	c = get("1790841700.10@sales"); /* TRANSFER */
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_int_equal(c->transferred, 1);
	assert_int_equal(c->talk_s, 90);
	c = get("1790841720.12@sales"); /* BLINDTRANSFER */
	assert_int_equal(c->transferred, 1);
	assert_int_equal(c->talk_s, 30);
	c = get("1790841730.14@sales"); /* ATTENDEDTRANSFER BRIDGE */
	assert_int_equal(c->transferred, 1);
	assert_int_equal(c->talk_s, 60);
	c = get("1790841750.16@sales"); /* ATTENDEDTRANSFER LINK: one more data field */
	assert_int_equal(c->transferred, 1);
	assert_int_equal(c->talk_s, 30);
	assert_string_equal(at(c->answered_at_ms), "2026-10-01T08:02:31.000Z");
}

static void lines_out_of_order_within_a_second_are_joined(void **state)
{
	const struct contact *c;

	(void)state;
	convert_fixture();
	c = get("1790841900.20@sales"); /* CONNECT written before ENTERQUEUE */
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_int_equal(c->talk_s, 60);
	c = get("1790842000.22@sales"); /* ABANDON written before ENTERQUEUE */
	assert_int_equal(c->outcome, OUT_ABANDONED);
	assert_string_equal(c->customer_id, "5550012");
}

static void a_call_entering_another_queue_is_a_second_contact(void **state)
{
	const struct contact *a, *b;

	(void)state;
	convert_fixture();
	a = get("1790842100.23@sales");
	b = get("1790842100.23@support");
	assert_int_equal(a->outcome, OUT_OVERFLOW);
	assert_int_equal(b->outcome, OUT_ANSWERED);
	assert_string_equal(at(b->arrived_at_ms), "2026-10-01T08:08:50.000Z");
	assert_string_equal(b->agent_id, "SIP/107");
}

static void a_call_without_outcome_at_the_end_is_incomplete_not_abandoned(void **state)
{
	(void)state;
	convert_fixture();
	assert_null(capture_find(&cap, "1790842500.40@sales"));
	assert_int_equal(run.stats.incomplete, 1);
	assert_int_equal(run.stats.outcomes[OUT_ABANDONED], 2);
}

static void an_answered_call_still_talking_at_the_end_has_no_end(void **state)
{
	const struct contact *c;

	(void)state;
	convert_fixture();
	c = get("1790842510.41@sales");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_string_equal(at(c->ended_at_ms), "");
	assert_int_equal(c->talk_s, -1);
	assert_int_equal(run.stats.unfinished, 1);
}

static void member_events_are_skipped_and_bad_lines_rejected_with_their_line(void **state)
{
	(void)state;
	convert_fixture();
	assert_int_equal(run.stats.read, 53);
	assert_int_equal(run.stats.produced, 15);
	assert_int_equal(run.stats.skipped, 12);
	assert_int_equal(run.stats.rejected, 2);
	assert_true(adapter_reconciles(&run.stats));
	assert_int_equal(cap.n_rejects, 2);
	assert_string_equal(cap.rejects[0],
		"fixtures/asterisk/queue_log:48: field 'event': unknown queue_log event 'FOOBAR'");
	assert_string_equal(cap.rejects[1],
		"fixtures/asterisk/queue_log:49: field 'epoch': 'yesterday' is not a Unix time in seconds");
	/* a COMPLETECALLER whose call entered before the input began */
	assert_null(capture_find(&cap, "1790841500.9@sales"));
}

static void a_call_split_across_files_is_joined_whatever_the_file_order(void **state)
{
	char d1[] = "fixtures/asterisk/queue_log.day1", d2[] = "fixtures/asterisk/queue_log.day2";
	char *files[] = { d2, d1 };
	const struct contact *c;

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", "ACME", NULL, NULL, files, 2), 0);
	assert_int_equal(cap.n, 1);
	c = get("1790899190.50@sales");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_int_equal(c->talk_s, 62);
	assert_string_equal(at(c->ended_at_ms), "2026-10-02T00:01:00.000Z");
	assert_int_equal(c->src_file, 1); /* index in the files as given */
	assert_int_equal(run.stats.incomplete, 0);
}

static void the_queue_map_gives_each_queue_its_client(void **state)
{
	const char *map = temp_file("# queue client\nsales ACME\n\nsupport   BLUEJAY  # second\n");
	char *files[] = { fixture };

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", NULL, NULL, map, files, 1), 0);
	assert_string_equal(get("1790841600.1@sales")->client_id, "ACME");
	assert_string_equal(get("1790841650.7@support")->client_id, "BLUEJAY");
}

static void a_queue_without_client_rejects_its_call_events(void **state)
{
	const char *map = temp_file("sales ACME\n");
	char *files[] = { fixture };

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", NULL, NULL, map, files, 1), 0);
	assert_null(capture_find(&cap, "1790841650.7@support"));
	assert_true(run.stats.rejected > 2);
	assert_true(adapter_reconciles(&run.stats));
}

static void the_table_export_dialect_reads_hold_and_talk_columns(void **state)
{
	const char *table = temp_file(
		"uid,date_time,callid,queue_name,type,event,param1,param2,param3,entpos,expos,htime,ttime,time\n"
		"1,1790841600,NONE,NONE,NONE,QUEUESTART,,,,0,0,0,0,\"2026-10-01 03:00:00\"\n"
		"2,1790841600,1790841600.1,IT,NONE,ENTERQUEUE,EXT0001,,,1,0,0,0,\"2026-10-01 03:00:00\"\n"
		"3,1790841610,1790841600.1,IT,Agent/1141,RINGNOANSWER,EXT0001,,,1,1,10000,0,\"x\"\n"
		"4,1790841630,1790841600.1,IT,Agent/1127,CONNECT,,1790841620.2,6,0,0,30,0,\"x\"\n"
		"5,1790841700,1790841600.1,IT,Agent/1127,COMPLETECALLER,EXT0001,,,1,0,30,70,\"x\"\n"
		"6,1790841701,1790841701.3,NONE,Agent/1127,OUTDIAL,881142,,,0,0,0,0,\"x\"\n"
		"7,1790841800,1790841800.4,IT,NONE,ENTERQUEUE,EXT0002,,,1,0,0,0,\"x\"\n"
		"8,1790841850,1790841800.4,IT,NONE,ABANDON,EXT0002,,,1,1,50,0,\"x\"\n");
	char *files[] = { (char *)table };
	const struct contact *c;

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", "HELPDESK", NULL, NULL, files, 1), 0);
	assert_int_equal(cap.n, 2);
	c = get("1790841600.1@IT");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_string_equal(at(c->answered_at_ms), "2026-10-01T08:00:30.000Z");
	assert_int_equal(c->talk_s, 70);
	assert_string_equal(c->customer_id, "EXT0001");
	assert_string_equal(c->agent_id, "Agent/1127");
	assert_string_equal(at(get("1790841800.4@IT")->ended_at_ms), "2026-10-01T08:04:10.000Z");
	assert_int_equal(run.stats.read, 8); /* the header is not a record */
	assert_int_equal(run.stats.skipped, 2);
	assert_true(adapter_reconciles(&run.stats));
}

static void a_non_numeric_wait_is_rejected_with_its_field(void **state)
{
	const char *log = temp_file("1790841600|c1|q|NONE|ENTERQUEUE||555\n"
	                            "1790841610|c1|q|SIP/1|CONNECT|soon|x|1\n"
	                            "1790841620|c1|q|SIP/1|COMPLETEAGENT|10|10|1\n");
	char *files[] = { (char *)log };

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", "ACME", NULL, NULL, files, 1), 0);
	assert_int_equal(run.stats.rejected, 1);
	assert_string_equal(cap.rejects[0] + strlen(log),
		":2: field 'data1': CONNECT wait 'soon' is not a whole number of seconds 0..2147483647");
	/* the call is still answered: COMPLETEAGENT repeats the holdtime */
	assert_int_equal(get("c1@q")->outcome, OUT_ANSWERED);
	assert_string_equal(at(get("c1@q")->answered_at_ms), "2026-10-01T08:00:10.000Z");
}

/* Issue 21 #5: a huge epoch, holdtime or calltime is a rejected event
 * naming its field (no overflow at t * 1000); a call whose instants would
 * leave what RFC 3339 writes is rejected as a whole, not written. */
static void numbers_out_of_range_are_rejected_and_output_stays_canonical(void **state)
{
	const char *log = temp_file("99999999999999999999|c0|q|NONE|ENTERQUEUE||555\n"
	                            "1790841600|c1|q|NONE|ENTERQUEUE||555\n"
	                            "1790841610|c1|q|SIP/1|CONNECT|9223372036854775807|x|1\n"
	                            "1790841620|c1|q|SIP/1|COMPLETECALLER|10|50000000000|1\n"
	                            "1790841620|c1|q|SIP/1|COMPLETEAGENT|10|20|1\n"
	                            "1790841630|c2|q|NONE|ENTERQUEUE||556\n"
	                            "1790841640|c2|q|SIP/1|CONNECT|10|x|1\n"
	                            "1790841650|c2|q|SIP/1|COMPLETECALLER|10|4294967297|1\n"
	                            "253402300799|c3|q|NONE|ENTERQUEUE||557\n"
	                            "253402300799|c3|q|NONE|ABANDON|1|1|2147483647\n");
	char *files[] = { (char *)log };
	const struct contact *c;

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", "ACME", NULL, NULL, files, 1), 0);
	assert_true(adapter_reconciles(&run.stats));
	assert_int_equal(run.stats.read, 10);
	assert_non_null(strstr(cap.rejects[0], ":1: field 'epoch': '99999999999999999999' is a Unix time outside"));
	assert_string_equal(cap.reject_reason[0], R_RANGE);
	assert_non_null(strstr(cap.rejects[1], ":3: field 'data1': CONNECT wait '9223372036854775807'"));
	assert_non_null(strstr(cap.rejects[2], ":4: field 'data2': COMPLETECALLER talk time '50000000000'"));
	assert_non_null(strstr(cap.rejects[3], ":8: field 'data2': COMPLETECALLER talk time '4294967297'"));
	/* c3 would end after 9999-12-31: both its events are rejected together. */
	assert_non_null(strstr(cap.rejects[4], ":9: field 'ended_at': contact 'c3@q' would not be a valid canonical row: invalid timestamp"));
	assert_string_equal(cap.reject_reason[4], R_NOT_CANONICAL);
	assert_int_equal(run.stats.rejected, 6);
	/* c1 and c2 lost their bad lines only; no talk_s wrapped negative. */
	c = get("c1@q");
	assert_string_equal(at(c->answered_at_ms), "2026-10-01T08:00:10.000Z");
	assert_int_equal(c->talk_s, 20);
	assert_int_equal(get("c2@q")->talk_s, -1); /* still talking: its end was rejected */
	assert_int_equal(cap.n, 2);
}

static void a_call_silent_for_a_day_is_closed_before_the_end(void **state)
{
	const char *log = temp_file("1790841600|c1|q|NONE|ENTERQUEUE||555\n"
	                            "1790841610|c1|q|SIP/1|CONNECT|10|x|1\n"
	                            "1790841620|c2|q|NONE|ENTERQUEUE||556\n"
	                            "1790935200|c3|q|NONE|ENTERQUEUE||557\n"
	                            "1790935210|c3|q|NONE|ABANDON|1|1|10\n");
	char *files[] = { (char *)log };

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", "ACME", NULL, NULL, files, 1), 0);
	/* c1 (still talking) and c2 (no outcome) are closed when the log
	 * reaches a day later, before c3 is written */
	assert_int_equal(cap.n, 2);
	assert_string_equal(cap.c[0].contact_id, "c1@q");
	assert_string_equal(at(cap.c[0].ended_at_ms), "");
	assert_string_equal(cap.c[1].contact_id, "c3@q");
	assert_int_equal(run.stats.incomplete, 1);
	assert_int_equal(run.stats.unfinished, 1);
	assert_true(adapter_reconciles(&run.stats));
}

static void without_client_or_queue_map_the_run_refuses_to_start(void **state)
{
	char *files[] = { fixture };

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "asterisk", NULL, NULL, NULL, files, 1), -1);
	assert_int_equal(cap.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(connect_then_completecaller_is_answered_with_wait_and_talk_from_data),
		cmocka_unit_test(completeagent_ends_an_answered_call_too),
		cmocka_unit_test(abandon_is_abandoned_at_its_waittime),
		cmocka_unit_test(exitwithtimeout_exitwithkey_and_exitempty_are_overflow),
		cmocka_unit_test(every_transfer_event_gives_an_answered_transferred_contact),
		cmocka_unit_test(lines_out_of_order_within_a_second_are_joined),
		cmocka_unit_test(a_call_entering_another_queue_is_a_second_contact),
		cmocka_unit_test(a_call_without_outcome_at_the_end_is_incomplete_not_abandoned),
		cmocka_unit_test(an_answered_call_still_talking_at_the_end_has_no_end),
		cmocka_unit_test(member_events_are_skipped_and_bad_lines_rejected_with_their_line),
		cmocka_unit_test(a_call_split_across_files_is_joined_whatever_the_file_order),
		cmocka_unit_test(the_queue_map_gives_each_queue_its_client),
		cmocka_unit_test(a_queue_without_client_rejects_its_call_events),
		cmocka_unit_test(the_table_export_dialect_reads_hold_and_talk_columns),
		cmocka_unit_test(a_non_numeric_wait_is_rejected_with_its_field),
		cmocka_unit_test(numbers_out_of_range_are_rejected_and_output_stays_canonical),
		cmocka_unit_test(a_call_silent_for_a_day_is_closed_before_the_end),
		cmocka_unit_test(without_client_or_queue_map_the_run_refuses_to_start),
	};

	return cmocka_run_group_tests(tests, NULL, temp_cleanup);
}
