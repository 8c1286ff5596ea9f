/* test_contract.c -- contract files: the examples load, every mistake of a
 * broken file is reported with file, line, column and a message that says
 * what would be right, versions of one client must not overlap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

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
	assert_int_equal(s.items[0].sla_count, 4);
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
	assert_diag(&d, 36, 15, "parameter 'abandons' does not apply to metric 'fcr_pct'");
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
