/* test_genesys.c -- the Genesys Cloud importer (genesys.c) on the three
 * vendor samples of fixtures/realdata/genesys/ (every conversation) and on
 * the hand-written scenarios of fixtures/genesys/ (abandon, overflow to a
 * second queue, an e-mail still open, a hand-over between agents, a call
 * still in queue, bad rows). The expected records were worked out from the
 * JSON by the rules of genesys.c's top comment, with a separate script
 * (first ACD segment, first agent interact, tTalk/tHeld/tAcw or the 2016
 * segments), not by running the importer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "adapter_testlib.h"

#define REAL "fixtures/realdata/genesys/"
#define MINE "fixtures/genesys/"

static struct capture cap;
static struct adapter_run run;

static void convert(const char *path, const char *client, const char *map)
{
	char *files[1] = { (char *)path };

	assert_int_equal(capture_run(&cap, &run, "genesys-cloud", client, NULL, map, files, 1), 0);
	assert_true(adapter_reconciles(&run.stats));
	assert_string_equal(run.stats.unit, "conversations");
}

static const struct contact *find(const char *id)
{
	const struct contact *c = capture_find(&cap, id);

	if (!c)
		fail_msg("no contact %s", id);
	return c;
}

struct expect {
	const char *id;
	int channel, direction;
	const char *queue, *arrived, *answered, *ended;
	int talk, hold, wrap;
	const char *agent;
	int transferred;
};

/* Every ACD conversation of the two files that map (all answered). */
static const struct expect answered[] = {
	{ "1bc96a39-6725-40c4-9345-db72aa67b8c6", CH_CHAT, DIR_INBOUND, "a623d83c-96d7-4baa-af1f-d46ad6700d8b",
	  "2021-04-01T12:27:53.388Z", "2021-04-01T12:28:04.569Z", "2021-04-01T12:43:23.306Z", 375, 544, 0, "50fcd33c-f432-4726-abc9-979f3ca01555", 0 },
	{ "5773eca4-0874-4617-a6e8-85591aa94609", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-05T11:50:49.582Z", "2016-09-05T11:50:51.651Z", "2016-09-06T00:12:12.347Z", 44481, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "25c4a260-d72b-4c47-969d-b93fc21294ae", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T00:12:22.359Z", "2016-09-06T00:12:29.209Z", "2016-09-06T00:12:31.293Z", 2, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "d82de18e-21ff-41a3-8986-cf8cd1dd5a61", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T00:12:31.693Z", "2016-09-06T00:12:33.318Z", "2016-09-06T00:12:35.150Z", 2, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "b2c2a1f2-187c-4aca-a3c8-dca611679805", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T00:12:35.704Z", "2016-09-06T00:12:37.097Z", "2016-09-06T00:12:38.716Z", 2, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "275b360e-23d2-4e21-a981-788796ba98ba", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T00:12:39.151Z", "2016-09-06T00:12:40.590Z", "2016-09-06T00:12:42.046Z", 1, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "0b72885e-a925-42e8-89e0-26e50ae082b0", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T00:15:01.955Z", "2016-09-06T00:15:19.457Z", "2016-09-06T00:15:31.104Z", 12, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "585f63eb-e0be-47b6-a1d0-c65ba586bef2", CH_VOICE, DIR_INBOUND, "95c9d5f7-ad80-4572-857a-64d241cf4851",
	  "2016-09-06T07:06:19.524Z", "2016-09-06T07:06:33.227Z", "2016-09-06T07:06:49.299Z", 16, 0, 5, "8c88c7f8-b6ba-4761-b2e5-4ae4425a3991", 0 },
	{ "001ca953-b79b-43a1-b8a9-0d9d4c95b617", CH_VOICE, DIR_INBOUND, "95c9d5f7-ad80-4572-857a-64d241cf4851",
	  "2016-09-06T07:07:11.196Z", "2016-09-06T07:07:15.541Z", "2016-09-06T07:07:33.021Z", 17, 0, 39, "8c88c7f8-b6ba-4761-b2e5-4ae4425a3991", 0 },
	{ "30567ffd-518a-49ac-8f3c-b10efeb63f1d", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:30:01.978Z", "2016-09-06T11:30:05.686Z", "2016-09-06T11:30:11.021Z", 5, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "694cf718-e794-40df-8063-f6cf3d575e86", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:30:11.431Z", "2016-09-06T11:30:13.048Z", "2016-09-06T11:30:17.444Z", 4, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "7837d6ab-d6e1-47c9-b945-1b579a9d958a", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:30:17.938Z", "2016-09-06T11:30:19.601Z", "2016-09-06T11:30:21.856Z", 2, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "d5f92a2a-58b7-43c1-a1e4-750bd514b350", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:30:22.233Z", "2016-09-06T11:30:23.752Z", "2016-09-06T11:30:33.846Z", 10, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "5039115b-fd9f-4736-90d4-971216e57301", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:30:34.255Z", "2016-09-06T11:30:36.091Z", "2016-09-06T11:30:48.198Z", 12, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "9b97e59b-5f41-489a-b8f0-920a73618d03", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:51:59.569Z", "2016-09-06T11:52:03.760Z", "2016-09-06T11:52:31.350Z", 28, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "f68be6dd-87f6-4442-beac-b240a3572c91", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:52:31.904Z", "2016-09-06T11:52:34.701Z", "2016-09-06T11:52:35.916Z", 1, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "bc828c72-3b23-43f5-91d9-cfc8df163ac5", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:52:36.371Z", "2016-09-06T11:52:37.603Z", "2016-09-06T11:52:38.893Z", 1, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "cd91ca29-1324-4846-8587-575b4427072c", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:52:39.443Z", "2016-09-06T11:52:40.849Z", "2016-09-06T11:52:42.055Z", 1, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "6d152c55-de35-4401-af53-e8c8d11a6aea", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:52:42.399Z", "2016-09-06T11:52:48.413Z", "2016-09-06T11:52:51.965Z", 4, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "46e175b4-0f1c-4485-b390-9023c15595df", CH_VOICE, DIR_OUTBOUND, "db3ceec4-eb54-48f7-bf52-373b86dd4ebc",
	  "2016-09-06T11:52:55.590Z", "2016-09-06T11:52:57.263Z", "2016-09-06T11:53:03.801Z", 7, 0, 0, "cd707b2b-4dc8-4d88-9750-b1f412ef67e6", 0 },
	{ "09bfeb5e-7e4b-4572-a44a-cc05120efd5e", CH_VOICE, DIR_OUTBOUND, "37d4b548-49a5-4b52-a79e-0a985248ae32",
	  "2016-09-06T12:43:57.104Z", "2016-09-06T12:44:04.828Z", "2016-09-06T12:46:56.166Z", 2, 169, 0, "6e5a2c20-84fa-4ec6-9cb1-cd4a53fe235b", 0 },
	{ "74dae670-7400-4763-916a-160bb9f848fc", CH_VOICE, DIR_OUTBOUND, "37d4b548-49a5-4b52-a79e-0a985248ae32",
	  "2016-09-06T12:46:56.695Z", "2016-09-06T12:50:53.110Z", "2016-09-06T18:45:23.152Z", 21270, 0, 0, "6e5a2c20-84fa-4ec6-9cb1-cd4a53fe235b", 0 },
};

static void check(const struct expect *e)
{
	const struct contact *c = find(e->id);

	assert_string_equal(c->client_id, "ACME");
	assert_int_equal(c->channel, e->channel);
	assert_int_equal(c->direction, e->direction);
	assert_string_equal(c->queue, e->queue);
	assert_string_equal(c->customer_id, "");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_string_equal(at(c->arrived_at_ms), e->arrived);
	assert_string_equal(at(c->answered_at_ms), e->answered);
	assert_string_equal(at(c->ended_at_ms), e->ended);
	assert_int_equal(c->talk_s, e->talk);
	assert_int_equal(c->hold_s, e->hold);
	assert_int_equal(c->wrap_s, e->wrap);
	assert_string_equal(c->agent_id, e->agent);
	assert_int_equal(c->transferred, e->transferred);
}

static void blueprint_conversation1_is_one_answered_chat(void **state)
{
	(void)state;
	convert(REAL "blueprint-conversation1.json", "ACME", NULL);
	assert_int_equal(cap.n, 1);
	check(&answered[0]);
	/* talk 374561 ms -> 375 s, hold 544176 ms -> 544 s, no tAcw: 0 */
	assert_int_equal(cap.c[0].src_line, 1);
	assert_int_equal(run.stats.read, 1);
	assert_int_equal(run.stats.used, 1);
}

static void blueprint_conversation2_malformed_times_are_rejected_not_guessed(void **state)
{
	(void)state;
	convert(REAL "blueprint-conversation2.json", "ACME", NULL);
	assert_int_equal(cap.n, 0);
	assert_int_equal(run.stats.rejected, 1);
	assert_int_equal(cap.n_rejects, 1);
	assert_string_equal(cap.reject_reason[0], "malformed time");
	assert_non_null(strstr(cap.rejects[0], "blueprint-conversation2.json:1: field "
	                       "'participants[0].sessions[0].segments[0].segmentStart': conversation "
	                       "6acbee65-80be-4777-be03-8dacd07ee3f9: '2021-04-2T15:30:51.418Z' is not an RFC 3339 instant"));
}

static void the_2016_response_gives_21_contacts_and_skips_4_chats_without_acd(void **state)
{
	static const char *const no_acd[] = {
		"e578dec2-ad56-4a45-bd72-e0b6b6e0b21a", "b822feb6-1836-46ab-867e-e15ca64a6ce5",
		"e0f739ca-c3de-49b2-ac85-6d13915fbd4c", "a0a90eb3-3c6d-44f6-8d8c-4333f1c54ba0",
	};

	(void)state;
	convert(REAL "developer-tools-analytics-query-builder-2016.json", "ACME", NULL);
	assert_int_equal(run.stats.read, 25);
	assert_int_equal(cap.n, 21);
	assert_int_equal(run.stats.skipped, 4);
	assert_int_equal(run.stats.rejected, 0);
	assert_string_equal(run.stats.skip[0].name, "no ACD session (never offered to a queue)");
	for (size_t i = 1; i < sizeof answered / sizeof answered[0]; i++)
		check(&answered[i]);
	for (size_t i = 0; i < 4; i++)
		assert_null(capture_find(&cap, no_acd[i]));
	/* records are numbered by the line their object starts on */
	assert_int_equal(find("5773eca4-0874-4617-a6e8-85591aa94609")->src_line, 3);
}

static void an_unanswered_acd_session_that_ends_is_abandoned(void **state)
{
	const struct contact *c;

	(void)state;
	convert(MINE "conversations.jsonl", NULL, MINE "queues.map");
	c = find("g0000001-0000-4000-8000-000000000001");
	assert_int_equal(c->outcome, OUT_ABANDONED);
	assert_string_equal(c->queue, "Support"); /* the queue map's name */
	assert_string_equal(c->client_id, "ACME");
	assert_string_equal(at(c->arrived_at_ms), "2026-10-06T08:00:05.000Z"); /* the ACD segment, not the IVR */
	assert_string_equal(at(c->ended_at_ms), "2026-10-06T08:00:47.000Z");
	assert_int_equal(c->answered_at_ms, TIME_NONE);
	assert_int_equal(c->talk_s, -1);
	assert_int_equal(c->src_line, 1);
}

static void a_transfer_to_another_queue_is_overflow_then_a_second_contact(void **state)
{
	const struct contact *a, *b;

	(void)state;
	convert(MINE "conversations.jsonl", NULL, MINE "queues.map");
	a = find("g0000002-0000-4000-8000-000000000002");
	b = find("g0000002-0000-4000-8000-000000000002-2");
	assert_int_equal(a->outcome, OUT_OVERFLOW);
	assert_string_equal(a->queue, "Support");
	assert_string_equal(at(a->ended_at_ms), "2026-10-06T09:01:02.000Z");
	assert_int_equal(b->outcome, OUT_ANSWERED);
	assert_string_equal(b->queue, "Billing");
	assert_string_equal(at(b->arrived_at_ms), "2026-10-06T09:01:02.500Z");
	assert_string_equal(at(b->answered_at_ms), "2026-10-06T09:01:20.000Z");
	assert_string_equal(at(b->ended_at_ms), "2026-10-06T09:06:00.000Z"); /* before wrap-up */
	assert_int_equal(b->talk_s, 250);
	assert_int_equal(b->hold_s, 30);
	assert_int_equal(b->wrap_s, 10);
	assert_int_equal(b->transferred, 0);
	assert_int_equal(run.stats.used, 4);     /* conversations */
	assert_int_equal(run.stats.produced, 5); /* contacts */
}

static void a_waiting_email_is_open_and_a_waiting_call_is_not_written(void **state)
{
	const struct contact *c;

	(void)state;
	convert(MINE "conversations.jsonl", NULL, MINE "queues.map");
	c = find("g0000003-0000-4000-8000-000000000003");
	assert_int_equal(c->outcome, OUT_OPEN);
	assert_int_equal(c->channel, CH_EMAIL);
	assert_int_equal(c->ended_at_ms, TIME_NONE);
	assert_null(capture_find(&cap, "g0000005-0000-4000-8000-000000000005"));
	assert_int_equal(run.stats.skipped, 1);
	assert_string_equal(run.stats.skip[0].name, "conversation not ended yet (taken when it is returned ended)");
	convert(MINE "conversations.later.jsonl", NULL, MINE "queues.map");
	c = find("g0000003-0000-4000-8000-000000000003");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_string_equal(at(c->answered_at_ms), "2026-10-06T13:00:00.000Z");
	assert_int_equal(c->wrap_s, 300);
}

static void a_second_agent_makes_it_transferred(void **state)
{
	const struct contact *c;

	(void)state;
	convert(MINE "conversations.jsonl", NULL, MINE "queues.map");
	c = find("g0000004-0000-4000-8000-000000000004");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_int_equal(c->transferred, 1);
	assert_string_equal(c->agent_id, "aaaaaaaa-0000-4000-8000-00000000000a"); /* the first */
	assert_int_equal(c->talk_s, 710); /* 290.5 s + 419 s */
	assert_string_equal(at(c->ended_at_ms), "2026-10-06T11:12:00.000Z");
}

static void bad_rows_are_rejected_with_their_line_field_and_reason(void **state)
{
	(void)state;
	convert(MINE "bad.jsonl", "ACME", NULL);
	assert_int_equal(run.stats.read, 5);
	assert_int_equal(run.stats.rejected, 4);
	assert_int_equal(cap.n, 1); /* the good line after the syntax error */
	assert_string_equal(cap.c[0].contact_id, "g0000013");
	assert_int_equal(cap.c[0].src_line, 5);
	assert_string_equal(cap.reject_reason[0], "missing field");
	assert_non_null(strstr(cap.rejects[0], "bad.jsonl:1: field 'conversationId'"));
	assert_string_equal(cap.reject_reason[1], "malformed time");
	assert_non_null(strstr(cap.rejects[1], "bad.jsonl:2: field 'participants[2].sessions[0].segments[0].segmentStart'"));
	assert_string_equal(cap.reject_reason[2], "unknown media type");
	assert_non_null(strstr(cap.rejects[2], "bad.jsonl:3: field 'participants[2].sessions[0].mediaType': "
	                       "conversation g0000012: 'fax' is not voice"));
	assert_string_equal(cap.reject_reason[3], "JSON syntax error");
	assert_non_null(strstr(cap.rejects[3], "bad.jsonl:4: "));
}

static void a_queue_without_a_client_is_rejected(void **state)
{
	(void)state;
	convert(MINE "conversations.jsonl", NULL, NULL);
	assert_int_equal(cap.n, 0);
	assert_int_equal(run.stats.rejected, 5); /* the call still in queue too */
	assert_string_equal(cap.reject_reason[0], "queue without a client");
}

static void a_syntax_error_inside_the_wrapper_keeps_the_conversations_before_it(void **state)
{
	char text[4096];
	char *files[1];

	(void)state;
	/* two conversations, the second cut by a stray character */
	snprintf(text, sizeof text,
	         "{\"totalHits\": 2, \"conversations\": [\n"
	         "{\"conversationId\": \"w1\", \"conversationEnd\": \"2026-10-06T08:01:00Z\", \"participants\": ["
	         "{\"purpose\": \"acd\", \"sessions\": [{\"mediaType\": \"voice\", \"segments\": ["
	         "{\"segmentType\": \"interact\", \"queueId\": \"q\", \"segmentStart\": \"2026-10-06T08:00:00Z\","
	         " \"segmentEnd\": \"2026-10-06T08:00:30Z\"}]}]}]},\n"
	         "{\"conversationId\": \"w2\", @ }\n]}\n");
	files[0] = (char *)temp_file(text);
	assert_int_equal(capture_run(&cap, &run, "genesys-cloud", "ACME", NULL, NULL, files, 1), 0);
	assert_true(adapter_reconciles(&run.stats));
	assert_int_equal(cap.n, 1);
	assert_string_equal(cap.c[0].contact_id, "w1");
	assert_int_equal(cap.c[0].outcome, OUT_ABANDONED);
	assert_int_equal(cap.c[0].src_line, 2);
	assert_int_equal(run.stats.rejected, 1);
	assert_string_equal(cap.reject_reason[0], "JSON syntax error");
	assert_non_null(strstr(cap.rejects[0], ":3: "));
	assert_non_null(strstr(cap.rejects[0], "the rest of the file cannot be read"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blueprint_conversation1_is_one_answered_chat),
		cmocka_unit_test(blueprint_conversation2_malformed_times_are_rejected_not_guessed),
		cmocka_unit_test(the_2016_response_gives_21_contacts_and_skips_4_chats_without_acd),
		cmocka_unit_test(an_unanswered_acd_session_that_ends_is_abandoned),
		cmocka_unit_test(a_transfer_to_another_queue_is_overflow_then_a_second_contact),
		cmocka_unit_test(a_waiting_email_is_open_and_a_waiting_call_is_not_written),
		cmocka_unit_test(a_second_agent_makes_it_transferred),
		cmocka_unit_test(bad_rows_are_rejected_with_their_line_field_and_reason),
		cmocka_unit_test(a_queue_without_a_client_is_rejected),
		cmocka_unit_test(a_syntax_error_inside_the_wrapper_keeps_the_conversations_before_it),
	};

	return cmocka_run_group_tests(tests, NULL, temp_cleanup);
}
