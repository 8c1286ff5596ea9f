/* test_profile.c -- import profiles (adapters/profile.h, profile.c): the
 * shipped generic and NICE CXone profiles on their test exports
 * (fixtures/profiles/), each record worked out by hand from the rows, and
 * mistakes in a profile reported as file:line:column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "adapter_testlib.h"
#include "adapters/profile.h"

#define DIR_ "fixtures/profiles/"

static struct capture cap;
static struct adapter_run run;

static void convert(const char *profile, const char *export, const char *client)
{
	const struct adapter *a = adapter_find("profile");
	char *files[1] = { (char *)export };
	struct ccsla_error err;

	memset(&cap, 0, sizeof cap);
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "rows");
	run.opts.client_id = client;
	run.opts.profile = profile;
	run.sink.emit = capture_emit;
	run.sink.reject = capture_reject;
	run.sink.ctx = &cap;
	assert_non_null(a);
	assert_int_equal(a->convert(&run, files, 1, &err), 0);
	assert_true(adapter_reconciles(&run.stats));
}

static const struct contact *find(const char *id)
{
	const struct contact *c = capture_find(&cap, id);

	if (!c)
		fail_msg("no contact %s", id);
	return c;
}

static void the_generic_profile_maps_columns_maps_and_local_times(void **state)
{
	const struct contact *c;

	(void)state;
	convert(DIR_ "generic.yaml", DIR_ "generic-export.csv", NULL);
	assert_int_equal(run.stats.read, 8);   /* the title line and the header are no rows */
	assert_int_equal(cap.n, 4);
	c = find("i-1");
	assert_string_equal(c->client_id, "ACME");              /* value: ACME */
	assert_int_equal(c->channel, CH_VOICE);                  /* Phone -> voice */
	assert_string_equal(c->queue, "Support");
	assert_string_equal(c->customer_id, "c-17");
	assert_string_equal(at(c->arrived_at_ms), "2026-10-07T07:00:00.000Z"); /* 09:00 CEST */
	assert_string_equal(at(c->answered_at_ms), "2026-10-07T07:00:12.000Z");
	assert_string_equal(at(c->ended_at_ms), "2026-10-07T07:05:12.000Z");   /* + Wait 12 + Handle 300 */
	assert_int_equal(c->talk_s, 300);
	assert_int_equal(c->hold_s, 20);                         /* 0:00:20 */
	assert_int_equal(c->transferred, 0);
	assert_int_equal(c->src_line, 3);
	c = find("i-3");
	assert_int_equal(c->channel, CH_CHAT);
	assert_int_equal(c->transferred, 1);                     /* yes -> 1 */
	assert_int_equal(c->hold_s, 60);
	c = find("i-2");
	assert_int_equal(c->outcome, OUT_ABANDONED);             /* HANGUP */
	assert_int_equal(c->answered_at_ms, TIME_NONE);
	assert_string_equal(at(c->ended_at_ms), "2026-10-07T07:05:45.000Z");
	assert_int_equal(find("i-4")->outcome, OUT_OVERFLOW);    /* REDIRECT and queue Overflow */
	assert_null(capture_find(&cap, "i-5"));                  /* skip: Media Internal */
	assert_string_equal(run.stats.skip[0].name, "skipped by the profile's skip rules");
}

static void rows_the_profile_cannot_map_are_rejected_with_the_source_column(void **state)
{
	(void)state;
	convert(DIR_ "generic.yaml", DIR_ "generic-export.csv", NULL);
	assert_int_equal(run.stats.rejected, 3);
	assert_string_equal(cap.reject_reason[0], "value not in the profile's map");
	assert_non_null(strstr(cap.rejects[0], "generic-export.csv:8: field 'Media': 'Fax' is not in the profile's map"));
	assert_string_equal(cap.reject_reason[1], "malformed time");
	assert_non_null(strstr(cap.rejects[1], "generic-export.csv:9: field 'Queued': '7.10.2026 9:30' is not a time"));
	assert_string_equal(cap.reject_reason[2], "malformed duration");
	assert_non_null(strstr(cap.rejects[2], "generic-export.csv:10: field 'Handle': 'abc' is not a duration"));
}

static void nice_cxone_computes_instants_from_start_and_durations(void **state)
{
	const struct contact *c;

	(void)state;
	convert(DIR_ "nice-cxone.yaml", DIR_ "nice-cxone-export.csv", "ACME");
	assert_int_equal(run.stats.read, 8);
	assert_int_equal(cap.n, 4);
	c = find("100001");
	assert_string_equal(c->queue, "Kundendienst K\xc3\xb6ln");   /* Windows-1252 0xF6 -> UTF-8 */
	assert_string_equal(c->agent_id, "4711");
	/* 10/07/2026 08:00:00 Berlin = 06:00:00Z; + PreQueue 15; + InQueue 20; + Agent_Time 300 */
	assert_string_equal(at(c->arrived_at_ms), "2026-10-07T06:00:15.000Z");
	assert_string_equal(at(c->answered_at_ms), "2026-10-07T06:00:35.000Z");
	assert_string_equal(at(c->ended_at_ms), "2026-10-07T06:05:35.000Z");
	assert_int_equal(c->outcome, OUT_ANSWERED);
	assert_int_equal(c->talk_s, 300);
	assert_int_equal(c->hold_s, 10);
	assert_int_equal(c->wrap_s, 30);
	c = find("100002");
	assert_int_equal(c->outcome, OUT_ABANDONED);             /* Abandon Y after 45 s in queue */
	assert_int_equal(c->answered_at_ms, TIME_NONE);
	assert_string_equal(at(c->ended_at_ms), "2026-10-07T06:10:55.000Z");
	assert_int_equal(c->talk_s, -1);
	assert_int_equal(find("100003")->outcome, OUT_DEFLECTED); /* abandoned before the queue */
	c = find("100004");
	assert_int_equal(c->outcome, OUT_OVERFLOW);
	assert_int_equal(c->channel, CH_CHAT);
}

static void nice_cxone_bad_rows(void **state)
{
	(void)state;
	convert(DIR_ "nice-cxone.yaml", DIR_ "nice-cxone-export.csv", "ACME");
	assert_int_equal(run.stats.rejected, 4);
	assert_string_equal(cap.reject_reason[0], "local time that does not exist (DST gap)");
	assert_non_null(strstr(cap.rejects[0], "nice-cxone-export.csv:6: field 'Start_Date'"));
	assert_string_equal(cap.reject_reason[1], "value not in the profile's map");
	assert_string_equal(cap.reject_reason[2], "malformed time");
	assert_non_null(strstr(cap.rejects[2], "'13/07/2026 08:50:00' is not a time (not a real date and time)"));
	assert_string_equal(cap.reject_reason[3], "missing required field");
	assert_non_null(strstr(cap.rejects[3], "nice-cxone-export.csv:9: field 'contact_id'"));
}

/* Loads a profile from text; returns the formatted error ("" when it loads). */
static const char *load_text(const char *text)
{
	static char msg[700];
	struct profile p;
	struct ccsla_error err;
	const char *path = temp_file(text);

	msg[0] = '\0';
	if (profile_load(&p, path, &err) != 0) {
		ccsla_error_format(&err, msg, sizeof msg);
		/* drop the temporary path: "path:L:C: ..." -> "L:C: ..." */
		memmove(msg, msg + strlen(path) + 1, strlen(msg + strlen(path) + 1) + 1);
	}
	profile_free(&p);
	return msg;
}

#define HEAD "ccsla_profile: 1\nname: t\n"
#define MIN_FIELDS "fields:\n  contact_id: A\n  channel: { value: voice }\n  arrived_at: { column: B, format: rfc3339 }\n"
#define ELSE "outcome:\n  - else: answered\n"

static void mistakes_in_a_profile_say_line_and_column(void **state)
{
	(void)state;
	assert_string_equal(load_text(HEAD MIN_FIELDS ELSE), "");
	assert_string_equal(load_text(HEAD MIN_FIELDS "  chanel: X\n" ELSE),
	                    "7:3: fields: 'chanel' is not a canonical column, did you mean 'channel'?");
	assert_string_equal(load_text(HEAD MIN_FIELDS "  talk_s: { column: C, unit: min }\n" ELSE),
	                    "7:30: talk_s: unit 'min' is not s, ms or hh:mm:ss");
	assert_string_equal(load_text(HEAD MIN_FIELDS "outcome:\n  - if: { column: R, equals: X }\n    then: answered\n"),
	                    "8:3: outcome: the last rule must be '- else: OUTCOME' so that every row has one");
	assert_string_equal(load_text(HEAD MIN_FIELDS "outcome:\n  - if: { column: R, equals: X }\n    then: won\n  - else: open\n"),
	                    "9:11: outcome: 'won' is not answered, abandoned, callback, deflected, overflow or open");
	assert_string_equal(load_text(HEAD "fields:\n  contact_id: A\n  channel: voice\n  arrived_at: { column: B, format: \"%d.%m.%Y\" }\n" ELSE),
	                    "6:36: fields.arrived_at: a local time format needs the profile's timezone");
	assert_string_equal(load_text(HEAD "timezone: UTC\nfields:\n  contact_id: A\n  channel: voice\n  arrived_at: { column: B, format: \"%d.%q\" }\n" ELSE),
	                    "7:36: fields.arrived_at: format '%d.%q': %q is not one of %Y %y %m %d %H %I %M %S %p %%");
	assert_string_equal(load_text(HEAD "fields:\n  contact_id: A\n  arrived_at: { column: B, format: rfc3339 }\n" ELSE),
	                    "4:3: fields: channel is required");
	assert_string_equal(load_text(HEAD MIN_FIELDS "  answered_at: { from: ended_at }\n" ELSE),
	                    "7:24: fields.answered_at: from 'ended_at': an instant starts from an earlier one (arrived_at, then answered_at)");
	assert_string_equal(load_text(HEAD "csv: { delimiter: \";;\" }\n" MIN_FIELDS ELSE),
	                    "3:19: csv.delimiter: ';;' is not one character (\"\\t\" for a tab)");
	assert_string_equal(load_text(HEAD "csv: { header: false }\n" MIN_FIELDS ELSE),
	                    "3:6: csv: header: false needs columns: [NAME, ...] (the names of the positions)");
	assert_string_equal(load_text("ccsla_profile: 2\n"), "1:16: ccsla_profile: this ccsla reads profile format 1, not 2");
	assert_string_equal(load_text(HEAD "csv: { encodng: utf-8 }\n" MIN_FIELDS ELSE),
	                    "3:8: csv: unknown key 'encodng', did you mean 'encoding'?");
}

static void a_column_the_file_lacks_stops_the_run(void **state)
{
	const struct adapter *a = adapter_find("profile");
	char *files[1];
	struct ccsla_error err;
	char msg[700];
	const char *prof = temp_file(HEAD MIN_FIELDS ELSE);

	(void)state;
	files[0] = (char *)temp_file("A,C\nx,2026-10-01T00:00:00Z\n");
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "rows");
	run.opts.client_id = "ACME";
	run.opts.profile = prof;
	assert_int_equal(a->convert(&run, files, 1, &err), -1);
	ccsla_error_format(&err, msg, sizeof msg);
	assert_non_null(strstr(msg, ":1: field 'B': the file has no column 'B', which the profile "));
	assert_non_null(strstr(msg, ":6:15 needs"));
}

/* With a sink that takes damaged files (ingest's), a file lacking a column
 * is reported whole and the next file is still read: as a canonical log
 * whose header lacks a required column (issue 20). */
static struct ccsla_error damage_seen[4];
static int n_damage_seen;

static void note_damage(void *ctx, const struct ccsla_error *where)
{
	(void)ctx;
	if (n_damage_seen < 4)
		damage_seen[n_damage_seen++] = *where;
}

static void a_file_lacking_a_column_is_damaged_and_the_next_is_read(void **state)
{
	char *files[3];
	struct ccsla_error err;
	const char *prof = temp_file(HEAD MIN_FIELDS "outcome:\n  - else: deflected\n");

	(void)state;
	n_damage_seen = 0;
	files[0] = (char *)temp_file("A,C\nx,2026-10-01T00:00:00Z\ny,2026-10-01T00:00:01Z\n");
	files[1] = (char *)temp_file("A,B\nz,2026-10-01T00:00:02Z\n");
	files[2] = (char *)temp_file("");
	memset(&run, 0, sizeof run);
	adapter_run_init(&run, "rows");
	run.opts.client_id = "ACME";
	run.opts.profile = prof;
	run.sink.emit = capture_emit;
	run.sink.reject = capture_reject;
	run.sink.damaged = note_damage;
	run.sink.ctx = &cap;
	memset(&cap, 0, sizeof cap);
	assert_int_equal(adapter_find("profile")->convert(&run, files, 3, &err), 0);
	assert_int_equal(n_damage_seen, 2);
	assert_string_equal(damage_seen[0].file, files[0]);
	assert_int_equal(damage_seen[0].line, 1);
	assert_string_equal(damage_seen[0].field, "B");
	assert_non_null(strstr(damage_seen[0].msg, "the file has no column 'B', which the profile "));
	assert_string_equal(damage_seen[1].file, files[2]);
	assert_non_null(strstr(damage_seen[1].msg, "the file has no header row"));
	assert_int_equal(cap.n, 1); /* the second file's row */
	assert_string_equal(cap.c[0].contact_id, "z");
	assert_int_equal(cap.c[0].src_file, 1);
	assert_int_equal(run.stats.read, 1); /* the damaged file's rows are not read */
	assert_true(adapter_reconciles(&run.stats));
}

static void headerless_tab_separated_epoch_times(void **state)
{
	const char *prof = temp_file("ccsla_profile: 1\nname: t\ncsv:\n  delimiter: \"\\t\"\n  header: false\n"
	                             "  columns: [id, media, t0, wait]\n"
	                             "fields:\n  contact_id: id\n  channel: { column: media, map: { V: voice } }\n"
	                             "  arrived_at: { column: t0, format: epoch_ms }\n"
	                             "  answered_at: { from: arrived_at, plus: wait, unit: ms }\n"
	                             "outcome:\n  - if: { column: wait, greater: 0, unit: ms }\n    then: answered\n"
	                             "  - else: abandoned\n");
	const char *data = temp_file("k1\tV\t1791360000000\t2500\nk2\tV\t1791360060000\t\n");

	(void)state;
	convert(prof, data, "ACME");
	assert_int_equal(cap.n, 1);
	assert_string_equal(at(cap.c[0].arrived_at_ms), "2026-10-07T08:00:00.000Z");
	assert_string_equal(at(cap.c[0].answered_at_ms), "2026-10-07T08:00:02.500Z");
	/* k2: abandoned without ended_at: the canonical rule rejects it */
	assert_int_equal(run.stats.rejected, 1);
	assert_string_equal(cap.reject_reason[0], "abandoned contact without ended_at");
	assert_int_equal(cap.c[0].src_line, 1);
}

/* Found by fuzz_profile: "9223372036854775807:00:00" overflowed h * 3600.
 * Durations beyond a canonical duration's 2^31 - 1 s are refused in every
 * unit, the largest one is kept. */
static void durations_beyond_the_canonical_range_are_refused(void **state)
{
	(void)state;
	assert_true(profile_duration("9223372036854775807:00:00", DU_HHMMSS) < 0);
	assert_true(profile_duration("596524:00:00", DU_HHMMSS) < 0);
	assert_true(profile_duration("596523:14:07", DU_HHMMSS) == 2147483647.0);
	assert_true(profile_duration("2147483648", DU_S) < 0);
	assert_true(profile_duration("1e300", DU_S) < 0);
	assert_true(profile_duration("2147483647", DU_S) == 2147483647.0);
	assert_true(profile_duration("2147483648000", DU_MS) < 0);
	assert_true(profile_duration("0:00:20", DU_HHMMSS) == 20.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_generic_profile_maps_columns_maps_and_local_times),
		cmocka_unit_test(rows_the_profile_cannot_map_are_rejected_with_the_source_column),
		cmocka_unit_test(nice_cxone_computes_instants_from_start_and_durations),
		cmocka_unit_test(nice_cxone_bad_rows),
		cmocka_unit_test(mistakes_in_a_profile_say_line_and_column),
		cmocka_unit_test(a_column_the_file_lacks_stops_the_run),
		cmocka_unit_test(a_file_lacking_a_column_is_damaged_and_the_next_is_read),
		cmocka_unit_test(headerless_tab_separated_epoch_times),
		cmocka_unit_test(durations_beyond_the_canonical_range_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, temp_cleanup);
}
