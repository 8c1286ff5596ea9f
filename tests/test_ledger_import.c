/* test_ledger_import.c -- the account manager's CSV of earlier months:
 * a valid file becomes imported ledger months that the history functions
 * count; every problem is named by line and field and nothing is written;
 * a month ccsla computed is never replaced. */
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
#include "contracts/ledger.h"
#include "contracts/ledger_import.h"

static char state[256], csv[300];
static struct contract_set set;

static int setup(void **st)
{
	struct contract_diags d = { NULL, 0, 0 };

	(void)st;
	snprintf(state, sizeof state, "/tmp/ccsla-test-ledger-import.XXXXXX");
	if (!mkdtemp(state))
		return -1;
	snprintf(csv, sizeof csv, "%s/earlier.csv", state);
	memset(&set, 0, sizeof set);
	if (contract_set_load_dir(&set, "contracts/examples/acme-2026.yaml", &d) < 0)
		return -1;
	contract_diags_release(&d);
	return 0;
}

static int teardown(void **st)
{
	char cmd[300];

	(void)st;
	contract_set_release(&set);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_csv(const char *text)
{
	FILE *fp = fopen(csv, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int month_exists(int y, int m)
{
	char path[512];

	snprintf(path, sizeof path, "%s/ledger/ACME/%04d-%02d.txt", state, y, m);
	return access(path, F_OK) == 0;
}

static void a_valid_file_becomes_imported_months(void **st)
{
	struct contract_diags d = { NULL, 0, 0 };
	struct ledger_import_result res;
	struct ledger_month hist[12];
	int present[12], k;
	struct ccsla_error err;
	const struct ledger_sla *s;

	(void)st;
	/* a spreadsheet's export: byte-order mark, CRLF, quoted fields, 2025
	 * months before the contract's first version (2026-01-01) */
	write_csv("\xEF\xBB\xBFperiod,sla_id,status,default,credit,value\r\n"
	          "2025-12,SL-VOICE,missed,0,0.00,78.10\r\n"
	          "\"2026-08\",\"SL-VOICE\",below-minimum,1,\"28800.00\",74.00\r\n"
	          "2026-08,EMAIL-8BH,met,0,0.00,91.20\r\n"
	          "2026-09,SL-VOICE,met,0,0.00,n/a\r\n");
	assert_int_equal(ledger_import_csv(csv, &set, "ACME", state, &res, &d), 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(res.months, 3);
	assert_int_equal(res.rows, 4);
	assert_string_equal(res.first, "2025-12");
	assert_string_equal(res.last, "2026-09");
	assert_int_equal(ledger_history(state, "ACME", 2026, 10, hist, present, 12, &err), 0);
	assert_true(present[0] && present[1] && present[9]);
	assert_false(present[2]);
	assert_true(hist[1].imported);
	assert_string_equal(hist[1].contract_id, "ACME-2026");
	assert_string_equal(hist[1].currency, "EUR");
	assert_non_null(s = ledger_find(&hist[1], "SL-VOICE"));
	assert_int_equal(s->status, SLA_BELOW_MINIMUM);
	assert_int_equal(s->is_default, 1);
	assert_int_equal(s->final_minor, 2880000);
	assert_string_equal(s->value, "74.00");
	assert_string_equal(ledger_find(&hist[0], "SL-VOICE")->value, "n/a");
	/* the history functions count them: two misses, earn-back candidate */
	assert_int_equal(ledger_prior_misses(hist, present, "SL-VOICE"), 2);
	for (k = 0; k < 12; k++)
		if (present[k])
			ledger_month_release(&hist[k]);
	contract_diags_release(&d);
}

static void every_problem_is_named_and_nothing_is_written(void **st)
{
	struct contract_diags d = { NULL, 0, 0 };
	struct ledger_import_result res;
	char buf[1024];

	(void)st;
	write_csv("period,sla_id,status,default,credit,value\n"
	          "2026-13,SL-VOICE,met,0,0.00,80.00\n"
	          "2026-05,SL-VIOCE,met,0,0.00,80.00\n"
	          "2026-05,SL-VOICE,failed,0,0.00,80.00\n"
	          "2026-05,SL-VOICE,met,1,0.00,80.00\n"
	          "2026-05,SL-VOICE,missed,0,100.00,78.00\n"
	          "2026-05,SL-VOICE,missed,1,100,78.00\n"
	          "2026-05,SL-VOICE,met,0,0.00,80 %\n"
	          "2026-05,SL-VOICE,met,0,0.00\n"
	          "2026-06,SL-VOICE,met,0,0.00,80.00\n"
	          "2026-06,SL-VOICE,met,0,0.00,81.00\n");
	assert_int_equal(ledger_import_csv(csv, &set, "ACME", state, &res, &d), -1);
	assert_int_equal(d.count, 9);
	assert_int_equal(d.items[0].line, 2);
	assert_string_equal(d.items[0].field, "period");
	assert_string_equal(d.items[1].field, "sla_id");
	assert_non_null(strstr(d.items[1].msg, "'SL-VIOCE' is not an SLA"));
	assert_string_equal(d.items[2].field, "status");
	assert_string_equal(d.items[3].field, "default");
	assert_string_equal(d.items[4].field, "credit");
	assert_int_equal(d.items[5].line, 7);
	assert_string_equal(d.items[5].field, "credit");
	assert_non_null(strstr(d.items[5].msg, "minor unit"));
	assert_string_equal(d.items[6].field, "value");
	assert_int_equal(d.items[7].line, 9);
	assert_int_equal(d.items[8].line, 11);
	assert_string_equal(d.items[8].field, "sla_id");
	ccsla_error_format(&d.items[0], buf, sizeof buf);
	assert_non_null(strstr(buf, "earlier.csv:2"));
	assert_non_null(strstr(buf, "field 'period'"));
	/* the valid row of 2026-06 was not written either */
	assert_false(month_exists(2026, 6));
	contract_diags_release(&d);

	write_csv("sla,period,status,default,credit,value\n2026-05,SL-VOICE,met,0,0.00,80.00\n");
	assert_int_equal(ledger_import_csv(csv, &set, "ACME", state, &res, &d), -1);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].line, 1);
	assert_string_equal(d.items[0].field, "header");
	contract_diags_release(&d);
}

static void a_computed_month_is_never_replaced(void **st)
{
	struct contract_diags d = { NULL, 0, 0 };
	struct ledger_import_result res;
	struct ledger_month lm, back;
	struct ledger_sla s;
	struct ccsla_error err;

	(void)st;
	memset(&lm, 0, sizeof lm);
	memset(&s, 0, sizeof s);
	snprintf(s.sla_id, sizeof s.sla_id, "SL-VOICE");
	snprintf(s.value, sizeof s.value, "82.00");
	lm.year = 2026;
	lm.month = 7;
	lm.slas = &s;
	lm.sla_count = 1;
	assert_int_equal(ledger_write(state, "ACME", &lm, &err), 0); /* as ccsla evaluate writes it */
	write_csv("period,sla_id,status,default,credit,value\n2026-07,SL-VOICE,missed,0,0.00,70.00\n");
	assert_int_equal(ledger_import_csv(csv, &set, "ACME", state, &res, &d), -1);
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].msg, "2026-07 was evaluated by ccsla"));
	assert_int_equal(ledger_read(state, "ACME", 2026, 7, &back, &err), 0);
	assert_string_equal(back.slas[0].value, "82.00");
	assert_false(back.imported);
	ledger_month_release(&back);
	contract_diags_release(&d);

	/* an imported month may be imported again */
	write_csv("period,sla_id,status,default,credit,value\n2026-04,SL-VOICE,met,0,0.00,80.00\n");
	assert_int_equal(ledger_import_csv(csv, &set, "ACME", state, &res, &d), 0);
	write_csv("period,sla_id,status,default,credit,value\n2026-04,SL-VOICE,met,0,0.00,80.50\n");
	assert_int_equal(ledger_import_csv(csv, &set, "ACME", state, &res, &d), 0);
	assert_int_equal(ledger_read(state, "ACME", 2026, 4, &back, &err), 0);
	assert_string_equal(back.slas[0].value, "80.50");
	assert_true(back.imported);
	ledger_month_release(&back);
	contract_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_valid_file_becomes_imported_months, setup, teardown),
		cmocka_unit_test_setup_teardown(every_problem_is_named_and_nothing_is_written, setup, teardown),
		cmocka_unit_test_setup_teardown(a_computed_month_is_never_replaced, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
