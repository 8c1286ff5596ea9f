/* test_technion.c -- the Technion "Anonymous Bank" mapping of issue 8, rule
 * by rule, on hand-made rows (local times of Asia/Jerusalem, 1999: UTC+2,
 * DST UTC+3 from Fri 2 April 02:00 to Fri 3 September 02:00). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "adapter_testlib.h"

#define HEADER "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\t" \
               "q_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"

static struct capture cap;
static struct adapter_run run;

/* Converts HEADER + rows with the default client and zone. */
static void convert_rows(const char *rows, const char *client)
{
	static char text[8192];
	char *files[1];

	snprintf(text, sizeof text, "%s%s", HEADER, rows);
	files[0] = (char *)temp_file(text);
	assert_int_equal(capture_run(&cap, &run, "technion", client, NULL, NULL, files, 1), 0);
	assert_true(adapter_reconciles(&run.stats));
}

static const struct contact *only(void)
{
	assert_int_equal(cap.n, 1);
	return &cap.c[0];
}

static void an_agent_row_is_answered_after_q_time_and_talks_ser_time(void **state)
{
	const struct contact *c;

	(void)state;
	convert_rows("AA0101\t44749\t27644400\t2\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n", NULL);
	c = only();
	assert_string_equal(c->contact_id, "AA0101-44749");
	assert_string_equal(c->client_id, "ANONBANK");
	assert_string_equal(c->queue, "PS-2"); /* type and priority */
	assert_string_equal(c->customer_id, "27644400");
	assert_string_equal(c->agent_id, "DORIT");
	assert_int_equal(c->channel, CH_VOICE);
	assert_int_equal(c->direction, DIR_INBOUND);
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_string_equal(at(c->arrived_at_ms), "1999-09-01T08:45:39.000Z"); /* q_start, IDT */
	assert_string_equal(at(c->answered_at_ms), "1999-09-01T08:46:58.000Z"); /* + q_time 79 */
	assert_string_equal(at(c->ended_at_ms), "1999-09-01T08:51:01.000Z");    /* + ser_time 243 */
	assert_int_equal(c->talk_s, 243);
	assert_int_equal(c->src_line, 2);
	assert_int_equal(run.stats.read, 1); /* the header is not a record */
}

static void an_agent_row_that_never_queued_arrives_at_vru_exit(void **state)
{
	const struct contact *c;

	(void)state;
	convert_rows("AA0101\t44970\t0\t0\tNW\t990905\t15:31:33\t15:31:47\t14\t0:00:00\t0:00:00\t0"
	             "\tAGENT\t15:31:45\t15:34:16\t151\tSTEREN\n", "BANK2");
	c = only();
	assert_string_equal(c->client_id, "BANK2");
	assert_string_equal(c->customer_id, ""); /* 0: unidentified */
	assert_string_equal(at(c->arrived_at_ms), "1999-09-05T13:31:47.000Z"); /* IST again */
	assert_string_equal(at(c->answered_at_ms), "1999-09-05T13:31:47.000Z");
	assert_int_equal(c->talk_s, 151);
}

static void a_hang_after_queueing_is_abandoned_at_the_end_of_q_time(void **state)
{
	const struct contact *c;

	(void)state;
	convert_rows("AA0101\t44975\t55920755\t2\tPS\t990105\t16:07:46\t16:07:51\t5\t16:07:51\t16:08:01\t10"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n", NULL);
	c = only();
	assert_int_equal(c->outcome, OUT_ABANDONED);
	assert_string_equal(at(c->arrived_at_ms), "1999-01-05T14:07:51.000Z"); /* IST, UTC+2 */
	assert_string_equal(at(c->ended_at_ms), "1999-01-05T14:08:01.000Z");
	assert_string_equal(at(c->answered_at_ms), "");
	assert_int_equal(c->talk_s, -1);
	assert_string_equal(c->agent_id, ""); /* NO_SERVER */
}

static void a_hang_in_the_vru_is_deflected(void **state)
{
	const struct contact *c;

	(void)state;
	convert_rows("AA0101\t33117\t0\t0\tPS\t990101\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n", NULL);
	c = only();
	assert_int_equal(c->outcome, OUT_DEFLECTED);
	assert_string_equal(at(c->arrived_at_ms), "1998-12-31T22:34:23.000Z");
}

static void a_phantom_row_is_skipped_and_counted(void **state)
{
	(void)state;
	convert_rows("AA0101\t33180\t69100527\t2\tPS\t990103\t10:19:09\t10:19:15\t6\t10:19:15\t10:19:31\t16"
	             "\tPHANTOM\t10:19:30\t10:20:13\t43\tNO_SERVER\n", NULL);
	assert_int_equal(cap.n, 0);
	assert_int_equal(run.stats.read, 1);
	assert_int_equal(run.stats.skipped, 1);
	assert_int_equal(run.stats.n_skip, 1);
	assert_non_null(strstr(run.stats.skip[0].name, "PHANTOM"));
}

static void a_queue_start_after_midnight_is_on_the_next_day(void **state)
{
	(void)state;
	convert_rows("AA0102\t1\t0\t0\tPS\t990115\t23:59:50\t23:59:56\t6\t0:00:02\t0:00:32\t30"
	             "\tAGENT\t0:00:32\t0:02:32\t120\tAVI\n", NULL);
	assert_string_equal(at(only()->arrived_at_ms), "1999-01-15T22:00:02.000Z");
	assert_string_equal(at(only()->ended_at_ms), "1999-01-15T22:02:32.000Z");
}

static void a_vru_exit_after_midnight_is_on_the_next_day(void **state)
{
	(void)state;
	convert_rows("AA0102\t2\t0\t0\tPS\t990131\t23:59:58\t0:00:05\t7\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n", NULL);
	/* 1 February 00:00:05 local, also across a month end */
	assert_string_equal(at(only()->arrived_at_ms), "1999-01-31T22:00:05.000Z");
}

static void a_negative_vru_time_keeps_the_call_on_its_day(void **state)
{
	(void)state;
	/* vru_exit 37 s before vru_entry (vru_time -37): the VRU's clock, not a
	 * day later */
	convert_rows("AA0101\t33757\t33044546\t1\tPS\t990113\t15:46:01\t15:45:24\t-37\t15:45:24\t15:46:41\t77"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n", NULL);
	assert_int_equal(only()->outcome, OUT_ABANDONED);
	assert_string_equal(at(only()->arrived_at_ms), "1999-01-13T13:45:24.000Z");
	assert_string_equal(at(only()->ended_at_ms), "1999-01-13T13:46:41.000Z");
}

static void a_local_time_in_the_dst_gap_is_rejected_with_its_line(void **state)
{
	(void)state;
	convert_rows("AA0101\t3\t0\t0\tPS\t990402\t1:59:50\t1:59:58\t8\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0101\t4\t0\t0\tPS\t990402\t2:10:00\t2:10:10\t10\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0101\t5\t0\t0\tPS\t990402\t3:00:00\t3:00:10\t10\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n", NULL);
	assert_int_equal(cap.n, 2);
	assert_string_equal(at(capture_find(&cap, "AA0101-3")->arrived_at_ms), "1999-04-01T23:59:58.000Z");
	assert_string_equal(at(capture_find(&cap, "AA0101-5")->arrived_at_ms), "1999-04-02T00:00:10.000Z");
	assert_int_equal(run.stats.rejected, 1);
	assert_non_null(strstr(cap.rejects[0], ":3: field 'vru_exit': local time 2:10:10 on 1999-04-02 "
	                                       "does not exist in Asia/Jerusalem"));
}

static void an_ambiguous_local_time_takes_the_earlier_instant(void **state)
{
	(void)state;
	/* 3 September 1999: 01:00-01:59 happens twice; the first is IDT (+3) */
	convert_rows("AA0103\t35976\t0\t0\tPS\t990903\t1:07:50\t1:08:01\t11\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n", NULL);
	assert_string_equal(at(only()->arrived_at_ms), "1999-09-02T22:08:01.000Z");
}

static void spaces_tabs_and_a_leading_space_all_separate_fields(void **state)
{
	(void)state;
	convert_rows("AA0108\t3364\t0\t0       TT\t990717\t2:17:57\t2:18:09\t12\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0102\t33340\t0\t0\t TT\t990324\t15:09:49\t15:09:54\t5\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0101  44973\t\t3.06E+08 1\tAA\t990905\t15:53:05\t15:53:11\t6\t15:53:11\t15:56:39\t208"
	             "\tAGENT\t15:56:38\t15:56:47\t9\tMORIAH \n", NULL);
	assert_int_equal(cap.n, 3);
	assert_string_equal(capture_find(&cap, "AA0108-3364")->queue, "TT-0");
	assert_string_equal(capture_find(&cap, "AA0102-33340")->queue, "TT-0");
	const struct contact *c = capture_find(&cap, "AA0101-44973");
	assert_non_null(c);
	assert_string_equal(c->queue, "AA-1");              /* the undocumented type is kept */
	assert_string_equal(c->customer_id, "");             /* 3.06E+08: mangled, blanked */
	assert_string_equal(c->agent_id, "MORIAH");
	assert_int_equal(c->talk_s, 9);
}

static void bad_rows_are_rejected_with_line_and_field(void **state)
{
	(void)state;
	convert_rows("AA0101\t1\t0\t0\tPS\t990101\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0\tHANG\n"
	             "AA0101\t2\t0\t0\tPS\t990101\t24:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0101\t3\t0\t0\tPS\t990101\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0"
	             "\tBUSY\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0101\t4\t0\t0\tPS\t990230\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0101\t5\t0\t0\tPS\t990101\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t-4"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "AA0101\tx6\t0\t0\tPS\t990101\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0"
	             "\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n"
	             "\n", NULL);
	assert_int_equal(cap.n, 0);
	assert_int_equal(run.stats.read, 6); /* the blank line is no record */
	assert_int_equal(run.stats.rejected, 6);
	assert_non_null(strstr(cap.rejects[0], ":2: expected 17 fields separated by blanks, found 13"));
	assert_non_null(strstr(cap.rejects[1], ":3: field 'vru_entry': '24:34:12' is not a time of day"));
	assert_non_null(strstr(cap.rejects[2], ":4: field 'outcome': 'BUSY' is not AGENT, HANG or PHANTOM"));
	assert_non_null(strstr(cap.rejects[3], ":5: field 'date': '990230' is not a date YYMMDD"));
	assert_non_null(strstr(cap.rejects[4], ":6: field 'q_time': '-4'"));
	assert_non_null(strstr(cap.rejects[5], ":7: field 'call_id'"));
}

/* Issue 21 #5: durations are range-checked before any arithmetic and stored
 * without truncation; an out-of-range one is a rejected row naming its
 * field, and the run still reconciles (convert_rows checks). */
static void durations_out_of_range_are_rejected_not_wrapped(void **state)
{
	(void)state;
	convert_rows("AA0101\t1\t0\t0\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t4294967297\tDORIT\n"
	             "AA0101\t2\t0\t0\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t99999999999999999999999\tDORIT\n"
	             "AA0101\t3\t0\t0\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58"
	             "\t9223372036854775807\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t4\t0\t0\tPS\t990901\t11:45:33\t11:45:39\t-99999999999999999999\t11:45:39"
	             "\t11:46:58\t79\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t5\t0\t0\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t2147483647\tDORIT\n", NULL);
	assert_int_equal(run.stats.read, 5);
	assert_int_equal(run.stats.rejected, 4);
	assert_non_null(strstr(cap.rejects[0], ":2: field 'ser_time': '4294967297' is outside 0..2147483647 seconds"));
	assert_non_null(strstr(cap.rejects[1], ":3: field 'ser_time': '99999999999999999999999' is outside"));
	assert_non_null(strstr(cap.rejects[2], ":4: field 'q_time': '9223372036854775807' is outside"));
	assert_non_null(strstr(cap.rejects[3], ":5: field 'vru_time': '-99999999999999999999' is outside"));
	assert_string_equal(cap.reject_reason[0], R_RANGE);
	/* The longest talk a canonical row holds is kept exactly. */
	assert_int_equal(only()->talk_s, 2147483647);
	assert_string_equal(at(only()->ended_at_ms), "2067-09-19T12:01:05.000Z");
}

/* Field 17: "NO_SERVER, if no service was provided". An AGENT row without a
 * server is no answered call: it left the queue unserved (abandoned) or
 * never queued (deflected, as a hang-up in the VRU). */
static void an_agent_row_with_no_server_that_queued_is_abandoned(void **state)
{
	const struct contact *c;

	(void)state;
	convert_rows("AA0101\t44800\t25219700\t2\tPS\t990105\t15:14:46\t15:14:51\t5\t15:14:51\t15:15:10\t19"
	             "\tAGENT\t15:15:09\t15:15:11\t2\tNO_SERVER\n", NULL);
	c = only();
	assert_int_equal(c->outcome, OUT_ABANDONED);
	assert_string_equal(at(c->arrived_at_ms), "1999-01-05T13:14:51.000Z");
	assert_string_equal(at(c->ended_at_ms), "1999-01-05T13:15:10.000Z"); /* + q_time */
	assert_string_equal(at(c->answered_at_ms), "");
	assert_int_equal(c->talk_s, -1);
	assert_string_equal(c->agent_id, "");
	assert_int_equal(run.stats.outcomes[OUT_ANSWERED], 0);
}

static void an_agent_row_with_no_server_that_never_queued_is_deflected(void **state)
{
	const struct contact *c;

	(void)state;
	/* the documentation's own sample, AA0101 44776 */
	convert_rows("AA0101\t44776\t0\t0\tPS\t990901\t17:52:59\t17:53:09\t10\t0:00:00\t0:00:00\t0"
	             "\tAGENT\t17:53:08\t17:53:09\t1\tNO_SERVER\n", NULL);
	c = only();
	assert_int_equal(c->outcome, OUT_DEFLECTED);
	assert_string_equal(at(c->arrived_at_ms), "1999-09-01T14:53:09.000Z");
	assert_string_equal(at(c->ended_at_ms), "1999-09-01T14:53:09.000Z");
	assert_string_equal(at(c->answered_at_ms), "");
	assert_int_equal(c->talk_s, -1);
}

/* A spreadsheet wrote some customer ids in scientific notation; the digits
 * are gone and different customers share the value (3.26702E+11: 20 calls
 * in nine months), so repeat-contact figures would merge them. */
static void a_customer_id_in_scientific_notation_is_blanked(void **state)
{
	(void)state;
	convert_rows("AA0101\t1\t3.26702E+11\t2\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t2\t3.06E+08\t1\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t3\t6E+11\t1\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t4\t326702000000\t2\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t5\t12E\t2\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n", NULL);
	assert_int_equal(cap.n, 5);
	assert_string_equal(capture_find(&cap, "AA0101-1")->customer_id, "");
	assert_string_equal(capture_find(&cap, "AA0101-2")->customer_id, "");
	assert_string_equal(capture_find(&cap, "AA0101-3")->customer_id, "");
	assert_string_equal(capture_find(&cap, "AA0101-4")->customer_id, "326702000000"); /* digits: kept */
	assert_string_equal(capture_find(&cap, "AA0101-5")->customer_id, "12E"); /* not a number: as written */
}

/* Field 4: 0 and 1 regular (0 treated as 1), 2 priority. The queue keeps it
 * as a suffix so that a query can split by priority; a value the
 * documentation does not know rejects the row. */
static void the_priority_is_a_queue_suffix_and_a_bad_one_is_rejected(void **state)
{
	(void)state;
	convert_rows("AA0101\t1\t0\t0\tNE\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t2\t5\t1\tNE\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t3\t5\t3\tNE\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t4\t5\t12\tNE\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	             "AA0101\t5\t5\tx\tNE\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	             "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n", NULL);
	assert_int_equal(cap.n, 2);
	assert_string_equal(capture_find(&cap, "AA0101-1")->queue, "NE-0");
	assert_string_equal(capture_find(&cap, "AA0101-2")->queue, "NE-1");
	assert_int_equal(run.stats.rejected, 3);
	assert_string_equal(cap.reject_reason[0], "bad priority");
	assert_non_null(strstr(cap.rejects[0], ":4: field 'priority': '3' is not a priority 0, 1 or 2"));
	assert_non_null(strstr(cap.rejects[1], ":5: field 'priority': '12'"));
	assert_non_null(strstr(cap.rejects[2], ":6: field 'priority': 'x'"));
}

/* A queue map names a client for a type (every priority) or for one
 * type-priority queue; the exact queue wins. */
static void the_queue_map_takes_a_type_or_a_type_and_priority(void **state)
{
	static char rows[4096];
	char *files[1];
	const char *map = temp_file("PS VIP\nPS-2 GOLD\n");

	(void)state;
	snprintf(rows, sizeof rows, "%s%s", HEADER,
	         "AA0101\t1\t0\t1\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	         "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	         "AA0101\t2\t0\t2\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	         "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n"
	         "AA0101\t3\t0\t2\tNE\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t79"
	         "\tAGENT\t11:46:57\t11:51:00\t243\tDORIT\n");
	files[0] = (char *)temp_file(rows);
	assert_int_equal(capture_run(&cap, &run, "technion", NULL, NULL, map, files, 1), 0);
	assert_int_equal(cap.n, 3);
	assert_string_equal(capture_find(&cap, "AA0101-1")->client_id, "VIP");
	assert_string_equal(capture_find(&cap, "AA0101-2")->client_id, "GOLD");
	assert_string_equal(capture_find(&cap, "AA0101-3")->client_id, "ANONBANK");
}

static void an_unknown_zone_stops_the_run(void **state)
{
	char *files[] = { (char *)temp_file(HEADER) };

	(void)state;
	assert_int_equal(capture_run(&cap, &run, "technion", NULL, "Mars/Olympus", NULL, files, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_agent_row_is_answered_after_q_time_and_talks_ser_time),
		cmocka_unit_test(an_agent_row_that_never_queued_arrives_at_vru_exit),
		cmocka_unit_test(a_hang_after_queueing_is_abandoned_at_the_end_of_q_time),
		cmocka_unit_test(a_hang_in_the_vru_is_deflected),
		cmocka_unit_test(a_phantom_row_is_skipped_and_counted),
		cmocka_unit_test(a_queue_start_after_midnight_is_on_the_next_day),
		cmocka_unit_test(a_vru_exit_after_midnight_is_on_the_next_day),
		cmocka_unit_test(a_negative_vru_time_keeps_the_call_on_its_day),
		cmocka_unit_test(a_local_time_in_the_dst_gap_is_rejected_with_its_line),
		cmocka_unit_test(an_ambiguous_local_time_takes_the_earlier_instant),
		cmocka_unit_test(spaces_tabs_and_a_leading_space_all_separate_fields),
		cmocka_unit_test(bad_rows_are_rejected_with_line_and_field),
		cmocka_unit_test(durations_out_of_range_are_rejected_not_wrapped),
		cmocka_unit_test(an_agent_row_with_no_server_that_queued_is_abandoned),
		cmocka_unit_test(an_agent_row_with_no_server_that_never_queued_is_deflected),
		cmocka_unit_test(a_customer_id_in_scientific_notation_is_blanked),
		cmocka_unit_test(the_priority_is_a_queue_suffix_and_a_bad_one_is_rejected),
		cmocka_unit_test(the_queue_map_takes_a_type_or_a_type_and_priority),
		cmocka_unit_test(an_unknown_zone_stops_the_run),
	};

	return cmocka_run_group_tests(tests, NULL, temp_cleanup);
}
