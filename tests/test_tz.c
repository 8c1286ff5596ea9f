/* test_tz.c -- zones from tzdata: DST days have 23 or 25 hours, the
 * repeated hour is told apart, the POSIX footer rules instants after the
 * last transition, and every offset agrees with the C library's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fsutil.h"
#include "core/timefmt.h"
#include "core/tz.h"

#define H_MS 3600000LL

static struct tz *load(const char *name)
{
	struct tz *z = NULL;
	struct ccsla_error err;

	assert_int_equal(tz_load(&z, name, &err), 0);
	assert_non_null(z);
	return z;
}

static int64_t utc(const char *text)
{
	int64_t ms;
	const char *why;

	assert_int_equal(rfc3339_parse(text, &ms, &why), 0);
	return ms;
}

static int64_t day_hours(struct tz *z, int y, int m, int d)
{
	int64_t days = civil_to_days(y, m, d);

	return (tz_local_day_start(z, days + 1) - tz_local_day_start(z, days)) / H_MS;
}

static void berlin_days_of_the_dst_changes_have_23_and_25_hours(void **state)
{
	struct tz *z = load("Europe/Berlin");
	int64_t t;

	(void)state;
	assert_int_equal(day_hours(z, 2026, 3, 28), 24);
	assert_int_equal(day_hours(z, 2026, 3, 29), 23);
	assert_int_equal(day_hours(z, 2026, 10, 25), 25);
	assert_int_equal(tz_offset_s(z, utc("2026-03-29T00:59:59.999Z")), 3600);
	assert_int_equal(tz_offset_s(z, utc("2026-03-29T01:00:00Z")), 7200);
	assert_int_equal(tz_offset_s(z, utc("2026-10-25T00:59:59.999Z")), 7200);
	assert_int_equal(tz_offset_s(z, utc("2026-10-25T01:00:00Z")), 3600);
	/* 02:30 does not exist on 29 March, occurs twice on 25 October. */
	assert_int_equal(tz_from_local(z, 2026, 3, 29, 2, 30, 0, 0, &t), -1);
	assert_int_equal(tz_from_local(z, 2026, 10, 25, 2, 30, 0, 0, &t), 0);
	assert_int_equal(t, utc("2026-10-25T00:30:00Z"));
	assert_int_equal(tz_from_local(z, 2026, 10, 25, 2, 30, 0, 1, &t), 0);
	assert_int_equal(t, utc("2026-10-25T01:30:00Z"));
	assert_int_equal(tz_day_start(z, utc("2026-10-25T12:00:00Z")), utc("2026-10-24T22:00:00Z"));
	tz_free(z);
}

static void sydney_dst_ends_in_april_and_starts_in_october(void **state)
{
	struct tz *z = load("Australia/Sydney");
	struct local_time lt;
	int64_t t;

	(void)state;
	assert_int_equal(day_hours(z, 2026, 4, 5), 25);
	assert_int_equal(day_hours(z, 2026, 10, 4), 23);
	assert_int_equal(day_hours(z, 2026, 10, 5), 24);
	assert_int_equal(tz_offset_s(z, utc("2026-01-15T00:00:00Z")), 11 * 3600);
	assert_int_equal(tz_offset_s(z, utc("2026-07-15T00:00:00Z")), 10 * 3600);
	/* 2026-10-04 02:00 AEST becomes 03:00 AEDT, at 16:00 UTC on the 3rd. */
	tz_to_local(z, utc("2026-10-03T15:59:59Z"), &lt);
	assert_int_equal(lt.hour, 1);
	assert_int_equal(lt.offset_s, 36000);
	tz_to_local(z, utc("2026-10-03T16:00:00Z"), &lt);
	assert_int_equal(lt.day, 4);
	assert_int_equal(lt.hour, 3);
	assert_int_equal(lt.offset_s, 39600);
	assert_int_equal(lt.wday, 6); /* Sunday */
	assert_int_equal(tz_from_local(z, 2026, 4, 5, 2, 15, 0, 0, &t), 0);
	assert_int_equal(t, utc("2026-04-04T15:15:00Z"));
	assert_int_equal(tz_from_local(z, 2026, 4, 5, 2, 15, 0, 1, &t), 0);
	assert_int_equal(t, utc("2026-04-04T16:15:00Z"));
	tz_free(z);
}

static void new_york_changes_on_its_own_dates(void **state)
{
	struct tz *z = load("America/New_York");

	(void)state;
	assert_int_equal(day_hours(z, 2026, 3, 8), 23);
	assert_int_equal(day_hours(z, 2026, 10, 25), 24);
	assert_int_equal(day_hours(z, 2026, 11, 1), 25);
	assert_int_equal(tz_offset_s(z, utc("2026-10-31T12:00:00Z")), -4 * 3600);
	assert_int_equal(tz_offset_s(z, utc("2026-11-01T05:59:59Z")), -4 * 3600);
	assert_int_equal(tz_offset_s(z, utc("2026-11-01T06:00:00Z")), -5 * 3600);
	tz_free(z);
}

static void kolkata_has_a_half_hour_offset_and_no_dst(void **state)
{
	struct tz *z = load("Asia/Kolkata");
	struct local_time lt;

	(void)state;
	for (int m = 1; m <= 12; m++)
		assert_int_equal(day_hours(z, 2026, m, 10), 24);
	tz_to_local(z, utc("2026-10-31T18:29:59.999Z"), &lt);
	assert_int_equal(lt.day, 31);
	assert_int_equal(lt.hour, 23);
	assert_int_equal(lt.minute, 59);
	assert_int_equal(lt.ms, 999);
	tz_to_local(z, utc("2026-10-31T18:30:00Z"), &lt);
	assert_int_equal(lt.month, 11);
	assert_int_equal(lt.day, 1);
	assert_int_equal(lt.hour, 0);
	assert_int_equal(lt.offset_s, 19800);
	tz_free(z);
}

static void a_skipped_midnight_starts_the_day_at_the_transition(void **state)
{
	/* Cuba springs forward at 00:00: 2026-03-08 begins at 01:00 CDT. */
	struct tz *z = load("America/Havana");

	(void)state;
	assert_int_equal(tz_local_day_start(z, civil_to_days(2026, 3, 8)), utc("2026-03-08T05:00:00Z"));
	assert_int_equal(day_hours(z, 2026, 3, 8), 23);
	tz_free(z);
}

static void instants_before_1970_and_far_after_the_table_work(void **state)
{
	struct tz *z = load("Europe/Berlin");

	(void)state;
	assert_int_equal(tz_offset_s(z, utc("1960-07-01T00:00:00Z")), 3600);
	assert_int_equal(tz_offset_s(z, utc("2099-07-01T00:00:00Z")), 7200);
	assert_int_equal(tz_offset_s(z, utc("2099-12-01T00:00:00Z")), 3600);
	tz_free(z);
}

/* Every hour of 2025-2027 against glibc's reading of the same files. */
static void offsets_agree_with_the_c_library_for_three_years(void **state)
{
	static const char *const zones[] = {
		"Europe/Berlin", "Australia/Sydney", "America/New_York", "Asia/Kolkata",
		"UTC", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Sao_Paulo",
		"Pacific/Chatham", "Africa/Casablanca",
	};
	int64_t from = utc("2025-01-01T00:00:00Z") / 1000, to = utc("2028-01-01T00:00:00Z") / 1000;

	(void)state;
	for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
		struct tz *z = load(zones[i]);

		setenv("TZ", zones[i], 1);
		tzset();
		for (int64_t s = from; s < to; s += 1800) {
			time_t tt = (time_t)s;
			struct tm tm;

			localtime_r(&tt, &tm);
			if (tz_offset_s(z, s * 1000) != tm.tm_gmtoff)
				fail_msg("%s at %lld: %d, libc %ld", zones[i], (long long)s,
				         tz_offset_s(z, s * 1000), (long)tm.tm_gmtoff);
		}
		tz_free(z);
	}
	unsetenv("TZ");
}

static void unknown_or_unsafe_zone_names_are_refused(void **state)
{
	struct tz *z = NULL;
	struct ccsla_error err;

	(void)state;
	assert_int_equal(tz_load(&z, "Europe/Berlinn", &err), -1);
	assert_null(z);
	assert_non_null(strstr(err.msg, "unknown time zone 'Europe/Berlinn'"));
	assert_int_equal(tz_load(&z, "../../etc/passwd", &err), -1);
	assert_non_null(strstr(err.msg, "not an IANA zone name"));
	assert_int_equal(tz_load(&z, "/etc/localtime", &err), -1);
	assert_int_equal(tz_load(&z, "Europe", &err), -1); /* a directory */
	assert_int_equal(tz_load(&z, "", &err), -1);
	z = load("UTC");
	assert_string_equal(tz_name(z), "UTC");
	assert_int_equal(tz_offset_s(z, 0), 0);
	tz_free(z);
}

/* The rules digest is the SHA-256 of the zone's TZif file: a tzdata
 * update that changes the file changes it (the evidence cache's key). */
static void the_rules_digest_is_the_tzif_files_sha256(void **state)
{
	struct tz *berlin = load("Europe/Berlin"), *again = load("Europe/Berlin"), *utc_zone = load("UTC");
	const char *dir = getenv("TZDIR");
	char path[512], hex[65];
	struct ccsla_error err;

	(void)state;
	snprintf(path, sizeof path, "%s/Europe/Berlin", dir && *dir ? dir : "/usr/share/zoneinfo");
	assert_int_equal(sha256_file_hex(path, hex, &err), 0);
	assert_string_equal(tz_rules_sha256(berlin), hex);
	assert_string_equal(tz_rules_sha256(again), hex);
	assert_string_not_equal(tz_rules_sha256(utc_zone), hex);
	tz_free(berlin);
	tz_free(again);
	tz_free(utc_zone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(berlin_days_of_the_dst_changes_have_23_and_25_hours),
		cmocka_unit_test(sydney_dst_ends_in_april_and_starts_in_october),
		cmocka_unit_test(new_york_changes_on_its_own_dates),
		cmocka_unit_test(kolkata_has_a_half_hour_offset_and_no_dst),
		cmocka_unit_test(a_skipped_midnight_starts_the_day_at_the_transition),
		cmocka_unit_test(instants_before_1970_and_far_after_the_table_work),
		cmocka_unit_test(offsets_agree_with_the_c_library_for_three_years),
		cmocka_unit_test(unknown_or_unsafe_zone_names_are_refused),
		cmocka_unit_test(the_rules_digest_is_the_tzif_files_sha256),
	};
	return cmocka_run_group_tests_name("tz", tests, NULL, NULL);
}
