/* test_contract.c -- contract files: the examples load, every mistake of a
 * broken file is reported with file, line, column and a message that says
 * what would be right, versions of one client must not overlap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contracts/contract.h"
#include "contracts/money.h"
#include "core/timefmt.h"

#define BROKEN "fixtures/contracts/broken/many-errors.yaml"

static void assert_diag(const struct contract_diags *d, long line, long column, const char *text)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (d->items[i].line == line && d->items[i].column == column &&
		    strstr(d->items[i].msg, text)) {
			assert_string_equal(d->items[i].file, BROKEN);
			return;
		}
	fail_msg("no diagnostic %ld:%ld: %s", line, column, text);
}

/* ---- variants of the ACME example, written to temporary files ---- */

#define EXAMPLE "contracts/examples/acme-2026.yaml"

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "rb");
	static char buf[65536];
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

/* Writes the example with each (from, to) pair replaced once into
 * dir/name; returns the path (static, one per call until the next). */
static const char *variant(const char *dir, const char *name, const char *const *pairs)
{
	static char path[512];
	char text[65536], *at;
	FILE *fp;

	snprintf(text, sizeof text, "%s", read_all(EXAMPLE));
	for (; pairs && pairs[0]; pairs += 2) {
		char rest[65536];
		assert_non_null(at = strstr(text, pairs[0]));
		snprintf(rest, sizeof rest, "%s", at + strlen(pairs[0]));
		snprintf(at, sizeof text - (size_t)(at - text), "%s%s", pairs[1], rest);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "wb"));
	fputs(text, fp);
	fclose(fp);
	return path;
}

static char tmpdir[256];

static const char *fresh_dir(const char *tag)
{
	char cmd[600];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/ccsla-test-contract-%ld-%s", (long)getpid(), tag);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", tmpdir, tmpdir);
	assert_int_equal(system(cmd), 0);
	return tmpdir;
}

static const struct ccsla_error *find_diag(const struct contract_diags *d, const char *text)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (strstr(d->items[i].msg, text))
			return &d->items[i];
	return NULL;
}

/* Loads one variant: returns its diagnostics (count 0 when valid). */
static struct contract_diags load_variant(const char *tag, const char *const *pairs)
{
	struct contract c;
	struct contract_diags d = { 0 };

	if (contract_load(&c, variant(fresh_dir(tag), "c.yaml", pairs), &d) == 0)
		contract_release(&c);
	return d;
}

static void a_client_id_follows_the_logs_rule_so_no_path_escapes(void **state)
{
	static const char *const escape[] = { "client: ACME ", "client: \"../../../escaped\" ", NULL };
	static const char *const slash[] = { "client: ACME ", "client: \"ACME/.\" ", NULL };
	static const char *const ok[] = { "client: ACME ", "client: Acme_2-x ", NULL };
	struct contract_diags d;
	const struct ccsla_error *e;

	(void)state;
	d = load_variant("client", escape);
	assert_non_null(e = find_diag(&d, "'client': '../../../escaped' is not a client id"));
	assert_int_equal(e->line, 10);
	assert_int_equal(e->column, 11);
	contract_diags_release(&d);
	d = load_variant("client", slash);
	assert_non_null(find_diag(&d, "'client': 'ACME/.' is not a client id"));
	contract_diags_release(&d);
	d = load_variant("client", ok);
	assert_int_equal(d.count, 0);
	contract_diags_release(&d);
}

static void clients_differing_in_case_and_repeated_ids_are_errors_naming_both_files(void **state)
{
	static const char *const lower[] = { "client: ACME ", "client: acme ", "id: ACME-2026 ", "id: ACME-LOWER ", NULL };
	static const char *const later[] = { "effective: 2026-01-01", "effective: 2027-01-01",
		"until: 2026-12-31", "until: 2027-12-31", NULL };
	struct contract_set s;
	struct contract_diags d = { 0 };
	const struct ccsla_error *e;
	const char *dir = fresh_dir("collide");
	char a[600];

	(void)state;
	snprintf(a, sizeof a, "%s/a.yaml", dir);
	variant(dir, "a.yaml", NULL);
	variant(dir, "b.yaml", lower);
	assert_int_equal(contract_set_load_dir(&s, dir, &d), -1);
	assert_non_null(e = find_diag(&d, "client 'acme' differs from client 'ACME' of ACME-2026"));
	assert_non_null(strstr(e->msg, a));
	assert_non_null(strstr(e->file, "b.yaml"));
	contract_set_release(&s);
	contract_diags_release(&d);
	/* the same contract id in two files, even when the years differ */
	dir = fresh_dir("sameid");
	variant(dir, "a.yaml", NULL);
	variant(dir, "b.yaml", later);
	assert_int_equal(contract_set_load_dir(&s, dir, &d), -1);
	assert_int_equal(d.count, 1);
	assert_non_null(e = find_diag(&d, "contract id 'ACME-2026' is used by"));
	assert_non_null(strstr(e->file, "b.yaml"));
	assert_int_equal(e->line, 9);
	contract_set_release(&s);
	contract_diags_release(&d);
}

static void until_is_optional_and_the_next_version_ends_an_open_one(void **state)
{
	static const char *const open26[] = { "  until: 2026-12-31               # last day (inclusive)\n", "", NULL };
	static const char *const open27[] = { "id: ACME-2026 ", "id: ACME-2027 ", "effective: 2026-01-01",
		"effective: 2027-01-01", "  until: 2026-12-31               # last day (inclusive)\n", "", NULL };
	static const char *const same_day[] = { "id: ACME-2026 ", "id: ACME-2026-B ",
		"  until: 2026-12-31               # last day (inclusive)\n", "", NULL };
	struct contract_set s;
	struct contract_diags d = { 0 };
	const char *dir = fresh_dir("open");

	(void)state;
	variant(dir, "a.yaml", open26);
	variant(dir, "b.yaml", open27);
	assert_int_equal(contract_set_load_dir(&s, dir, &d), 0);
	assert_int_equal(d.count, 0);
	assert_string_equal(contract_set_find(&s, "ACME", civil_to_days(2026, 1, 1))->id, "ACME-2026");
	assert_string_equal(contract_set_find(&s, "ACME", civil_to_days(2026, 12, 31))->id, "ACME-2026");
	assert_string_equal(contract_set_find(&s, "ACME", civil_to_days(2027, 1, 1))->id, "ACME-2027");
	assert_string_equal(contract_set_find(&s, "ACME", civil_to_days(2040, 6, 1))->id, "ACME-2027");
	assert_null(contract_set_find(&s, "ACME", civil_to_days(2025, 12, 31)));
	/* checking again gives the same ends */
	assert_int_equal(contract_set_check(&s, &d), 0);
	assert_string_equal(contract_set_find(&s, "ACME", civil_to_days(2026, 12, 31))->id, "ACME-2026");
	contract_set_release(&s);
	/* two open-ended versions starting the same day overlap */
	dir = fresh_dir("open-same");
	variant(dir, "a.yaml", open26);
	variant(dir, "b.yaml", same_day);
	assert_int_equal(contract_set_load_dir(&s, dir, &d), -1);
	assert_non_null(find_diag(&d, "overlapping versions for client 'ACME'"));
	contract_set_release(&s);
	contract_diags_release(&d);
}

static void a_single_file_is_a_set_of_one(void **state)
{
	struct contract_set s;
	struct contract_diags d = { 0 };

	(void)state;
	assert_int_equal(contract_set_load_dir(&s, EXAMPLE, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.items[0].id, "ACME-2026");
	contract_set_release(&s);
	contract_diags_release(&d);
}

static void targets_outside_the_metrics_range_are_refused(void **state)
{
	static const char *const pct[] = { "target: \">= 80\"", "target: \">= 150\"", NULL };
	static const char *const pct_min[] = { "minimum: \">= 75\"", "minimum: \">= -5\"", NULL };
	static const char *const never[] = { "target: \"<= 5\"", "target: \"> 100\"", NULL };
	static const char *const ok[] = { "target: \"<= 5\"", "target: \"<= 100\"", NULL };
	static const char *const dur[] = { "metric: abandon_rate", "metric: asa",
		"    short_abandon_s: 5\n    target: \"<= 5\"", "    target: \"< 0\"", NULL };
	static const char *const csat[] = { "metric: abandon_rate", "metric: csat_avg",
		"    short_abandon_s: 5\n    target: \"<= 5\"", "    target: \">= 6\"", NULL };
	static const char *const csat_ok[] = { "metric: abandon_rate", "metric: csat_avg",
		"    short_abandon_s: 5\n    target: \"<= 5\"", "    target: \">= 4.2\"", NULL };
	struct contract_diags d;
	const struct ccsla_error *e;

	(void)state;
	d = load_variant("range", pct);
	assert_non_null(e = find_diag(&d, "'target': '>= 150' is outside what service_level can be (between 0 and 100 %)"));
	assert_int_equal(e->line, 50);
	contract_diags_release(&d);
	d = load_variant("range", pct_min);
	assert_non_null(find_diag(&d, "'minimum': '>= -5' is outside what service_level can be"));
	contract_diags_release(&d);
	d = load_variant("range", never);
	assert_non_null(find_diag(&d, "'target': '> 100' can never be met"));
	contract_diags_release(&d);
	d = load_variant("range", ok);
	assert_int_equal(d.count, 0);
	contract_diags_release(&d);
	d = load_variant("range", dur);
	assert_non_null(find_diag(&d, "'target': '< 0' can never be met: asa is 0 or more"));
	contract_diags_release(&d);
	d = load_variant("range", csat);
	assert_non_null(find_diag(&d, "'target': '>= 6' is outside what csat_avg can be (between 1 and 5)"));
	contract_diags_release(&d);
	d = load_variant("range", csat_ok);
	assert_int_equal(d.count, 0);
	contract_diags_release(&d);
	{
		static const char *const stricter[] = { "minimum: \">= 75\"", "minimum: \">= 85\"", NULL };
		static const char *const other_way[] = { "minimum: \">= 75\"", "minimum: \"<= 75\"", NULL };
		static const char *const finer[] = { "minimum: \">= 75\"", "minimum: \">= 79.99\"", NULL };
		d = load_variant("range", stricter);
		assert_non_null(e = find_diag(&d, "'minimum' '>= 85' is stricter than 'target' '>= 80'"));
		assert_int_equal(e->line, 51);
		contract_diags_release(&d);
		d = load_variant("range", other_way);
		assert_non_null(find_diag(&d, "'minimum' '<= 75' points the other way than 'target' '>= 80'"));
		contract_diags_release(&d);
		d = load_variant("range", finer);
		assert_int_equal(d.count, 0);
		contract_diags_release(&d);
	}
}

static void yaml_pitfalls_get_a_hint_in_words(void **state)
{
	static const char *const gt[] = { "target: \">= 80\"", "target: >= 80", NULL };
	static const char *const tab[] = { "\n    title: \"Voice service level 80/20\"", "\n\ttitle: \"Voice\"", NULL };
	static const char *const metric[] = { "metric: abandon_rate", "metric: abandon_rat", NULL };
	static const char *const yes[] = { "service_hours_only: true", "service_hours_only: yes", NULL };
	struct contract_diags d;
	const struct ccsla_error *e;

	(void)state;
	d = load_variant("hint", gt);
	assert_int_equal(d.count, 1);
	assert_non_null(e = find_diag(&d, "quote it: target: \">= 80\""));
	assert_int_equal(e->line, 50);
	contract_diags_release(&d);
	d = load_variant("hint", tab);
	assert_int_equal(d.count, 1);
	assert_non_null(e = find_diag(&d, "YAML does not allow tabs for indentation: line 41"));
	assert_int_equal(e->line, 41);
	contract_diags_release(&d);
	d = load_variant("hint", metric);
	assert_non_null(e = find_diag(&d, "unknown metric 'abandon_rat', did you mean 'abandon_rate'?"));
	assert_non_null(strstr(e->msg, "service_level, abandon_rate, asa, avg_time_to_abandon, max_wait"));
	assert_non_null(strstr(e->msg, "csat_top2, complaints_per_1000"));
	contract_diags_release(&d);
	{
		static const char *const far[] = { "    min_volume: 100 ", "    frobnicate: 100 ", NULL };
		d = load_variant("hint", far);
		assert_non_null(e = find_diag(&d, "sla: unknown key 'frobnicate' (the keys here: id, title, metric,"));
		assert_int_equal(e->line, 52);
		contract_diags_release(&d);
	}
	{
		static const char *const column[] = { "metric: abandon_rate", "metric: abandon_rate_pct", NULL };
		d = load_variant("hint", column);
		assert_int_equal(d.count, 1);
		assert_non_null(find_diag(&d, "metric 'abandon_rate_pct': write abandon_rate (the contract's name for it)"));
		contract_diags_release(&d);
	}
	d = load_variant("hint", yes);
	assert_non_null(find_diag(&d, "'service_hours_only': write true, not 'yes'"));
	contract_diags_release(&d);
}

static void a_wrapping_weekday_range_sets_sunday_to_thursday(void **state)
{
	static const char *const sun[] = { "    mon-fri: \"08:00-20:00\"\n    sat: \"09:00-14:00\"",
		"    sun-thu: \"08:00-20:00\"\n    fri: \"09:00-14:00\"", NULL };
	struct contract c;
	struct contract_diags d = { 0 };

	(void)state;
	assert_int_equal(contract_load(&c, variant(fresh_dir("wrap"), "c.yaml", sun), &d), 0);
	assert_int_equal(c.cal.range_count[6], 1); /* sun */
	assert_int_equal(c.cal.range_count[0], 1); /* mon */
	assert_int_equal(c.cal.range_count[3], 1); /* thu */
	assert_int_equal(c.cal.hours[4][0].to_min, 14 * 60); /* fri */
	assert_int_equal(c.cal.range_count[5], 0); /* sat closed */
	contract_release(&c);
	contract_diags_release(&d);
}

static void the_example_contracts_are_valid(void **state)
{
	struct contract_set s;
	struct contract_diags d = { 0 };

	(void)state;
	assert_int_equal(contract_set_load_dir(&s, "contracts/examples", &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(s.count, 4);
	assert_string_equal(s.items[0].client, "ACME");
	assert_int_equal(s.items[0].credits.monthly_charges_minor, 40000000);
	assert_int_equal(s.items[0].credits.at_risk_e6, 120000);
	assert_int_equal(s.items[0].credits.repeat_multiplier_e6, 1500000);
	assert_int_equal(s.items[0].sla_count, 9); /* 4 on interactions, AVAIL-VOICE, QA-SCORE, QA-CRIT, CMPL-ACK, CMPL-RES */
	assert_string_equal(s.items[0].slas[7].id, "CMPL-ACK");
	assert_string_equal(s.items[0].slas[8].id, "CMPL-RES");
	assert_int_equal(s.items[0].slas[0].params.short_abandon_s, 5);
	assert_true(s.items[0].slas[0].critical);
	assert_int_equal(s.items[0].cal.exclusion_count, 1);
	assert_int_equal(s.items[1].credits.model, CREDIT_LINEAR);
	contract_set_release(&s);
	contract_diags_release(&d);
}

static void every_error_of_a_broken_file_is_reported_with_line_and_column(void **state)
{
	struct contract c;
	struct contract_diags d = { 0 };

	(void)state;
	assert_int_equal(contract_load(&c, BROKEN, &d), -1);
	assert_int_equal(d.count, 11);
	assert_diag(&d, 7, 3, "unknown key 'efective', did you mean 'effective'?");
	assert_diag(&d, 10, 13, "unknown time zone 'Europe/Berlinn': expected an IANA name");
	assert_diag(&d, 12, 20, "'400000.5' is not an amount in EUR: expected exactly 2 decimals");
	assert_diag(&d, 14, 14, "malformed hours: '08:00-25:00'");
	assert_diag(&d, 15, 10, "malformed hours: '9-14'");
	assert_diag(&d, 24, 22, "short_abandon_s 30 is above threshold_s 20");
	assert_diag(&d, 25, 13, "'target': '80' is not a target: write an operator");
	assert_diag(&d, 26, 17, "'min_volume' must be a single value, not a list");
	assert_diag(&d, 30, 13, "unknown metric 'service_levle', did you mean 'service_level'?");
	assert_diag(&d, 33, 21, "allocations add up to 110.00 %, above pool_pct 100.00 %");
	assert_diag(&d, 36, 15, "parameter 'abandons' does not apply to metric 'fcr'");
	contract_diags_release(&d);
}

static void a_yaml_syntax_error_names_line_and_column(void **state)
{
	struct contract c;
	struct contract_diags d = { 0 };

	(void)state;
	assert_int_equal(contract_load(&c, "fixtures/contracts/broken/syntax.yaml", &d), -1);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].line, 4);
	assert_non_null(strstr(d.items[0].msg, "YAML syntax"));
	contract_diags_release(&d);
}

static void overlapping_versions_of_one_client_are_an_error(void **state)
{
	struct contract_set s;
	struct contract_diags d = { 0 };

	(void)state;
	assert_int_equal(contract_set_load_dir(&s, "fixtures/contracts/overlap", &d), -1);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].file, "fixtures/contracts/overlap/acme-b.yaml");
	assert_int_equal(d.items[0].line, 13);
	assert_int_equal(d.items[0].column, 14);
	assert_non_null(strstr(d.items[0].msg, "overlapping versions for client 'ACME'"));
	contract_set_release(&s);
	contract_diags_release(&d);
}

static void the_version_in_effect_on_the_first_day_applies(void **state)
{
	struct contract_set s;
	struct contract_diags d = { 0 };

	(void)state;
	assert_int_equal(contract_set_load_dir(&s, "fixtures/contracts/versions", &d), 0);
	assert_string_equal(contract_set_find(&s, "ACME", civil_to_days(2026, 3, 1))->id, "ACME-2026-H1");
	assert_string_equal(contract_set_find(&s, "ACME", civil_to_days(2026, 7, 1))->id, "ACME-2026-H2");
	assert_null(contract_set_find(&s, "ACME", civil_to_days(2027, 1, 1)));
	assert_null(contract_set_find(&s, "NOBODY", civil_to_days(2026, 7, 1)));
	contract_set_release(&s);
	contract_diags_release(&d);
}

static void each_client_is_visited_once_whatever_its_versions(void **state)
{
	struct contract_set s;
	struct contract_diags d = { 0 };
	const struct contract *c;
	size_t k, n = 0;

	(void)state;
	assert_int_equal(contract_set_load_dir(&s, "fixtures/contracts/versions", &d), 0);
	assert_int_equal(s.count, 2);
	for (k = 0; (c = contract_set_next_client(&s, &k));)
		n++, assert_string_equal(c->client, "ACME");
	assert_int_equal(n, 1);
	contract_set_release(&s);
	assert_int_equal(contract_set_load_dir(&s, "contracts/examples", &d), 0);
	for (k = 0, n = 0; (c = contract_set_next_client(&s, &k));)
		n++;
	assert_int_equal(n, 4);
	contract_set_release(&s);
	contract_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_example_contracts_are_valid),
		cmocka_unit_test(every_error_of_a_broken_file_is_reported_with_line_and_column),
		cmocka_unit_test(a_yaml_syntax_error_names_line_and_column),
		cmocka_unit_test(overlapping_versions_of_one_client_are_an_error),
		cmocka_unit_test(each_client_is_visited_once_whatever_its_versions),
		cmocka_unit_test(the_version_in_effect_on_the_first_day_applies),
		cmocka_unit_test(a_client_id_follows_the_logs_rule_so_no_path_escapes),
		cmocka_unit_test(clients_differing_in_case_and_repeated_ids_are_errors_naming_both_files),
		cmocka_unit_test(until_is_optional_and_the_next_version_ends_an_open_one),
		cmocka_unit_test(a_single_file_is_a_set_of_one),
		cmocka_unit_test(targets_outside_the_metrics_range_are_refused),
		cmocka_unit_test(yaml_pitfalls_get_a_hint_in_words),
		cmocka_unit_test(a_wrapping_weekday_range_sets_sunday_to_thursday),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[128];

	/* the variants' folders (fresh_dir) */
	snprintf(cmd, sizeof cmd, "rm -rf /tmp/ccsla-test-contract-%ld-*", (long)getpid());
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
