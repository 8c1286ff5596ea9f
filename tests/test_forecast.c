/* test_forecast.c -- the forecast clauses (operations-logs.md "forecast",
 * contracts.md v2), every figure worked out by hand in the comments:
 * forecast_accuracy_pct = 100 (1 - sum |actual - forecast| / sum forecast),
 * n/a and negative; over forecast means above forecast x (1 + tolerance),
 * so an interval exactly at the tolerance is not over; relief removes the
 * over-forecast intervals from an SLA's population one by one (a 60-minute
 * forecast split in two, an interval without a forecast not relieved, an
 * agreed window keeping its own count); an obligation of the client with
 * credits or relief is a contract error at its line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contracts/contract.h"
#include "contracts/evaluate.h"
#include "core/store.h"
#include "core/timefmt.h"
#include "metrics/erlang.h"
#include "metrics/forecast_accuracy.h"
#include "metrics/staffing.h"

static char state[256];

static int setup(void **st)
{
	(void)st;
	snprintf(state, sizeof state, "/tmp/ccsla-test-forecast.XXXXXX");
	return mkdtemp(state) ? 0 : -1;
}

static int teardown(void **st)
{
	char cmd[300];

	(void)st;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- the formula ---- */

static const char *accuracy(const int64_t *actual, const int64_t *fc_x400, const int *has, size_t n,
                            int64_t until_ms, int64_t *counted)
{
	static char buf[32];
	int64_t start[8];
	struct forecast_series fs = { 0 };
	struct ratio r;

	for (size_t i = 0; i < n; i++)
		start[i] = (int64_t)i * 1800000;
	fs.n = n;
	fs.len_ms = 1800000;
	fs.start_ms = start;
	fs.actual = (int64_t *)actual;
	fs.forecast_x400 = (int64_t *)fc_x400;
	fs.has = (int *)has;
	forecast_accuracy_value(&fs, until_ms, &r, counted);
	return ratio_format(&r, 2, buf, sizeof buf);
}

static void accuracy_is_one_minus_the_absolute_errors_over_the_forecast(void **st)
{
	/* actual 10, 5, 0 against 8, 5, 2 (and a 4th interval without a
	 * forecast): errors 2 + 0 + 2 = 4 over 15: 100 (1 - 4/15) = 73.33 */
	int64_t a[] = { 10, 5, 0, 8 }, f[] = { 8 * 400, 5 * 400, 2 * 400, 0 }, n;
	int has[] = { 1, 1, 1, 0 };

	(void)st;
	assert_string_equal(accuracy(a, f, has, 4, INT64_MAX, &n), "73.33");
	assert_int_equal(n, 3);
	/* from the 3rd interval on (until = its start) only two count:
	 * errors 2 over 13: 84.62 */
	assert_string_equal(accuracy(a, f, has, 4, 2 * 1800000, &n), "84.62");
	assert_int_equal(n, 2);
}

static void accuracy_can_be_negative_and_is_na_without_forecast_volume(void **st)
{
	/* 30 against 10: 100 (1 - 20/10) = -100.00; forecasts of 0: n/a */
	int64_t a[] = { 30 }, f[] = { 10 * 400 }, z[] = { 0 }, n;
	int has[] = { 1 };
	/* quarters of hundredths: 0.0025 x 400 = 1; actual 0 against a
	 * forecast of 2.5 hundredths... 100 (1 - 1) = 0.00 */
	int64_t q[] = { 1 }, zero[] = { 0 };

	(void)st;
	assert_string_equal(accuracy(a, f, has, 1, INT64_MAX, &n), "-100.00");
	assert_string_equal(accuracy(a, z, has, 1, INT64_MAX, &n), "n/a");
	assert_string_equal(accuracy(zero, q, has, 1, INT64_MAX, &n), "0.00");
}

static void exactly_at_the_tolerance_is_not_over_forecast(void **st)
{
	(void)st;
	/* tolerance 10 %: 10 x 1.1 = 11 */
	assert_int_equal(forecast_over(11, 10 * 400, 1000), 0);
	assert_int_equal(forecast_over(12, 10 * 400, 1000), 1);
	/* 9.99 x 1.1 = 10.989 < 11 */
	assert_int_equal(forecast_over(11, 999 * 4, 1000), 1);
	/* tolerance 12.5 %: 8 x 1.125 = 9 (not over); 8.88 x 1.125 = 9.99 */
	assert_int_equal(forecast_over(9, 8 * 400, 1250), 0);
	assert_int_equal(forecast_over(10, 888 * 4, 1250), 1);
	/* tolerance 0: any contact above the forecast */
	assert_int_equal(forecast_over(1, 0, 0), 1);
	assert_int_equal(forecast_over(0, 0, 0), 0);
}

/* ---- relief, interval by interval ---- */

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* n voice calls from hh:mm UTC on 2026-10-06, one a minute, answered in
 * 10 s (within 20 s) or 60 s */
static void add_calls(struct store_writer *w, int hh, int mm, int n, int within, int *seq)
{
	struct ccsla_error err;
	struct contact c;

	for (int i = 0; i < n; i++) {
		contact_init(&c);
		snprintf(c.client_id, sizeof c.client_id, "REL");
		snprintf(c.contact_id, sizeof c.contact_id, "r%06d", (*seq)++);
		snprintf(c.queue, sizeof c.queue, "default");
		c.channel = CH_VOICE;
		c.direction = DIR_INBOUND;
		c.outcome = OUT_ANSWERED;
		c.arrived_at_ms = civil_to_days(2026, 10, 6) * MS_PER_DAY + ((hh * 60 + mm + i) * 60) * INT64_C(1000);
		c.answered_at_ms = c.arrived_at_ms + (within ? 10000 : 60000);
		c.ended_at_ms = c.answered_at_ms + 120000;
		c.talk_s = 120;
		assert_int_equal(store_writer_add(w, &c, &err), 0);
	}
}

static const char REL_CONTRACT[] =
	"ccsla: 1\n"
	"contract:\n"
	"  id: REL-2026\n"
	"  client: REL\n"
	"  client_name: \"Relief Ltd\"\n"
	"  ccc_name: \"Test CCC\"\n"
	"  effective: 2026-01-01\n"
	"  timezone: Europe/Berlin\n"
	"  currency: EUR\n"
	"  monthly_charges: \"1000.00\"\n"
	"  exclusions:\n"
	"    - from: 2026-10-06T12:30:00+02:00\n"
	"      to: 2026-10-06T13:00:00+02:00\n"
	"      reason: client-caused\n"
	"      approved_by: \"client\"\n"
	"  forecast: { lock_days: 0, tolerance_pct: 10 }\n"
	"  credits: { model: at-risk, at_risk_pct: 10 }\n"
	"slas:\n"
	"  - id: SL\n"
	"    metric: service_level\n"
	"    channels: [voice]\n"
	"    relief: [forecast]\n"
	"    target: \">= 80\"\n"
	"    kind: critical\n"
	"    allocation_pct: 100\n"
	"  - id: ACC\n"
	"    metric: forecast_accuracy\n"
	"    channels: [voice]\n"
	"    owed_by: client\n"
	"    target: \">= 85\"\n";

static void relief_removes_each_over_forecast_interval_and_lists_it(void **st)
{
	char path[512], dir[400];
	struct store_writer w;
	struct ccsla_error err;
	struct contract c;
	struct contract_diags d = { 0 };
	struct evaluation ev;
	const struct sla_result *sl, *acc;
	int seq = 0;

	(void)st;
	/* local 10:00 (08:00Z): 11 calls within, forecast 10: exactly at +10 %, kept
	 * local 10:30: 12 calls missed, forecast 10: over (excess 2.00), relieved
	 * local 11:00: 5 calls within, no forecast: kept
	 * local 12:00-13:00: one 60-minute forecast of 5, 2.50 per half-hour:
	 *   12:00: 3 calls missed: over (3 > 2.75, excess 0.50), relieved
	 *   12:30: 2 calls within: not over, but inside the agreed window */
	store_partition_path(path, sizeof path, state, "REL", civil_to_days(2026, 10, 6) * MS_PER_DAY);
	assert_int_equal(store_writer_open(&w, path, &err), 0);
	add_calls(&w, 8, 0, 11, 1, &seq);
	add_calls(&w, 8, 30, 12, 0, &seq);
	add_calls(&w, 9, 0, 5, 1, &seq);
	add_calls(&w, 10, 0, 3, 0, &seq);
	add_calls(&w, 10, 30, 2, 1, &seq);
	assert_int_equal(store_writer_commit(&w, &err), 0);
	snprintf(dir, sizeof dir, "%s/ops", state);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/ops/forecast", state);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/ops/forecast/REL", state);
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/2026-10-06.tsv", dir);
	write_file(path,
	           "src_file\tsrc_line\tclient_id\tchannel\tqueue\tinterval_start\tinterval_min\toffered\taht_s\tpublished_at\n"
	           "1\t2\tREL\tvoice\t\t2026-10-06T08:00:00.000Z\t30\t10\t\t2026-10-01T00:00:00.000Z\n"
	           "1\t3\tREL\tvoice\t\t2026-10-06T08:30:00.000Z\t30\t10.00\t\t2026-10-01T00:00:00.000Z\n"
	           "1\t4\tREL\tvoice\t\t2026-10-06T10:00:00.000Z\t60\t5\t\t2026-10-01T00:00:00.000Z\n"
	           "1\t5\tREL\temail\t\t2026-10-06T09:00:00.000Z\t30\t40\t\t2026-10-01T00:00:00.000Z\n");
	snprintf(path, sizeof path, "%s/rel.yaml", state);
	write_file(path, REL_CONTRACT);
	assert_int_equal(contract_load(&c, path, &d), 0);
	assert_int_equal(evaluate_client_month(&ev, &c, state, 2026, 10, &err), 0);
	sl = &ev.results[0];
	acc = &ev.results[1];

	assert_int_equal(sl->relief_count, 2);
	assert_string_equal(sl->relief[0].when, "2026-10-06T10:30+02:00");
	assert_int_equal(sl->relief[0].actual, 12);
	assert_string_equal(sl->relief[0].forecast, "10.00");
	assert_string_equal(sl->relief[0].excess, "2.00");
	assert_int_equal(sl->relief[0].removed, 12);
	assert_string_equal(sl->relief[1].when, "2026-10-06T12:00+02:00");
	assert_int_equal(sl->relief[1].actual, 3);
	assert_string_equal(sl->relief[1].forecast, "2.50");
	assert_string_equal(sl->relief[1].excess, "0.50");
	assert_int_equal(sl->relief[1].removed, 3);
	assert_int_equal(sl->relief_removed, 15);
	/* the agreed window keeps its own count: 12:30's 2 calls */
	assert_non_null(sl->excluded_by_window);
	assert_int_equal(sl->excluded_by_window[0], 2);
	assert_int_equal(sl->excluded, 17);
	/* left: 11 + 5 calls, all within: 100 %, where 16 of 33 would be 48.48 */
	assert_int_equal(sl->offered, 16);
	assert_string_equal(sl->value, "100.00");
	/* every day but 6 October has no forecast: nothing relieved there */
	assert_int_equal(sl->relief_no_forecast_count, 30);
	assert_string_equal(sl->relief_no_forecast[5], "2026-10-07");

	/* the client's accuracy: actual 11, 12, 3, 2 against 10, 10, 2.50,
	 * 2.50 (11:00 has no forecast; e-mail is another channel); errors
	 * 1 + 2 + 0.5 + 0.5 = 4 over 25: 100 (1 - 4/25) = 84.00, missed */
	assert_string_equal(acc->value, "84.00");
	assert_int_equal(acc->verdict, VERDICT_MISSED);
	assert_string_equal(acc->basis, "28 offered against 25.00 forecast, 4 intervals");
	assert_int_equal(acc->credit_minor, 0);
	/* one credit line: the centre's SLA, never the client's obligation */
	assert_int_equal(ev.credits.line_count, 1);
	evaluation_release(&ev);
	contract_release(&c);
	contract_diags_release(&d);
}

/* A forecast beyond FORECAST_OFFERED_MAX in one interval is refused with
 * a message, never summed past 64 bits. */
static void an_absurd_forecast_is_an_error_that_says_so(void **st)
{
	struct forecast_series_query q;
	struct forecast_series fs;
	struct metrics_filter f;
	struct ccsla_error err;
	struct tz *zone = NULL;
	char path[512], dir[400];

	(void)st;
	snprintf(dir, sizeof dir, "%s/ops", state);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/ops/forecast", state);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/ops/forecast/BIG", state);
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/2026-10-06.tsv", dir);
	write_file(path,
	           "src_file\tsrc_line\tclient_id\tchannel\tqueue\tinterval_start\tinterval_min\toffered\taht_s\tpublished_at\n"
	           "1\t2\tBIG\tvoice\t\t2026-10-06T08:00:00.000Z\t30\t100000000.01\t\t2026-10-01T00:00:00.000Z\n");
	assert_int_equal(tz_load(&zone, "UTC", &err), 0);
	metrics_filter_default(&f);
	q = (struct forecast_series_query){ state, "BIG", zone, 0, 30, civil_to_days(2026, 10, 6) * MS_PER_DAY,
	                                    civil_to_days(2026, 10, 7) * MS_PER_DAY, &f };
	assert_int_equal(forecast_series_load(&fs, &q, &err), -1);
	assert_non_null(strstr(err.msg, "more than the 100000000 ccsla takes"));
	tz_free(zone);
}

/* ---- owed_by: client in the contract ---- */

/* Loads the REL contract with its slas: replaced; returns the problems. */
static size_t load_with_slas(const char *slas, struct contract_diags *d, const char *head_edit)
{
	char path[512], text[4096];
	struct contract c;
	const char *cut = strstr(REL_CONTRACT, "slas:\n");
	size_t head = (size_t)(cut - REL_CONTRACT);

	snprintf(text, sizeof text, "%.*s%s", (int)head, REL_CONTRACT, slas);
	if (head_edit) {
		char *p = strstr(text, head_edit);

		assert_non_null(p);
		memset(p, ' ', strlen(head_edit)); /* blank the key out, keep the columns */
	}
	snprintf(path, sizeof path, "%s/sla.yaml", state);
	write_file(path, text);
	if (contract_load(&c, path, d) == 0) {
		contract_release(&c);
		return 0;
	}
	return d->count;
}

static void an_obligation_of_the_client_never_carries_credits_or_relief(void **st)
{
	struct contract_diags d = { 0 };

	(void)st;
	/* line 19 is "  - id: ACC" */
	assert_int_equal(load_with_slas("slas:\n"
	                                "  - id: ACC\n"
	                                "    metric: forecast_accuracy\n"
	                                "    owed_by: client\n"
	                                "    target: \">= 85\"\n"
	                                "    kind: critical\n"
	                                "    allocation_pct: 10\n", &d, NULL), 1);
	assert_int_equal(d.items[0].line, 23);
	assert_int_equal(d.items[0].column, 11);
	assert_non_null(strstr(d.items[0].msg, "owed_by: client is the client's obligation and never carries credits"));
	contract_diags_release(&d);

	assert_int_equal(load_with_slas("slas:\n"
	                                "  - id: SLC\n"
	                                "    metric: service_level\n"
	                                "    owed_by: client\n"
	                                "    relief: [forecast]\n"
	                                "    target: \">= 80\"\n", &d, NULL), 1);
	assert_int_equal(d.items[0].line, 22);
	assert_int_equal(d.items[0].column, 13);
	assert_non_null(strstr(d.items[0].msg, "relief applies to the contact centre's SLAs"));
	contract_diags_release(&d);

	/* without kind it loads, and is not critical */
	assert_int_equal(load_with_slas("slas:\n"
	                                "  - id: ACC\n"
	                                "    metric: forecast_accuracy\n"
	                                "    owed_by: client\n"
	                                "    target: \">= 85\"\n", &d, NULL), 0);
	contract_diags_release(&d);
}

static void relief_needs_the_contracts_tolerance(void **st)
{
	struct contract_diags d = { 0 };

	(void)st;
	assert_int_equal(load_with_slas("slas:\n"
	                                "  - id: SL\n"
	                                "    metric: service_level\n"
	                                "    relief: [forecast]\n"
	                                "    target: \">= 80\"\n"
	                                "    kind: key\n", &d, "tolerance_pct: 10"), 1);
	assert_int_equal(d.items[0].line, 21);
	assert_int_equal(d.items[0].column, 13);
	assert_non_null(strstr(d.items[0].msg, "needs the contract's forecast.tolerance_pct"));
	contract_diags_release(&d);
}

/* ---- staffing: under contract: and the shortfall (report section 6) ---- */

/* Loads REL_CONTRACT with `staffing` inserted before slas:; 0 when valid
 * (c then owns the contract), else the count of problems. */
static size_t load_with_staffing(const char *staffing, struct contract *c, struct contract_diags *d)
{
	char path[512], text[4096];
	const char *cut = strstr(REL_CONTRACT, "slas:\n");

	snprintf(text, sizeof text, "%.*s%s%s", (int)(cut - REL_CONTRACT), REL_CONTRACT, staffing, cut);
	snprintf(path, sizeof path, "%s/staffing.yaml", state);
	write_file(path, text);
	return contract_load(c, path, d) == 0 ? 0 : d->count;
}

static void staffing_in_the_contract_chooses_the_model_and_criterion(void **st)
{
	struct contract_diags d = { 0 };
	struct contract c;

	(void)st;
	/* absent: sl with each channel's SLA, erlang-c */
	assert_int_equal(load_with_staffing("", &c, &d), 0);
	assert_int_equal(c.staffing.set, 0);
	assert_int_equal(c.staffing.criterion, CRIT_SL);
	assert_int_equal(c.staffing.model, ERLANG_C);
	assert_true(c.staffing.target < 0);
	contract_release(&c);
	assert_int_equal(load_with_staffing("  staffing: { criterion: asa, model: erlang-a, target: 30 }\n", &c, &d), 0);
	assert_int_equal(c.staffing.criterion, CRIT_ASA);
	assert_int_equal(c.staffing.model, ERLANG_A);
	assert_true(c.staffing.target == 30);
	assert_string_equal(c.staffing.target_text, "30");
	contract_release(&c);
	/* pwait without a target, an unknown model, a probability of 2 */
	assert_int_equal(load_with_staffing("  staffing: { criterion: pwait }\n", &c, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "criterion pwait needs a 'target'"));
	contract_diags_release(&d);
	assert_int_equal(load_with_staffing("  staffing: { model: erlang-b }\n", &c, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "'model' must be erlang-c or erlang-a, not 'erlang-b'"));
	contract_diags_release(&d);
	assert_int_equal(load_with_staffing("  staffing: { criterion: pwait, target: 2 }\n", &c, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "a probability above 0 and below 1, not '2'"));
	contract_diags_release(&d);
	assert_int_equal(load_with_staffing("  staffing: { agents: 4 }\n", &c, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "staffing: unknown key 'agents'"));
	contract_diags_release(&d);
	/* the loader's key check: a near miss is named, a repeat is refused */
	assert_int_equal(load_with_staffing("  staffing: { modle: erlang-c }\n", &c, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "staffing: unknown key 'modle', did you mean 'model'?"));
	contract_diags_release(&d);
	assert_int_equal(load_with_staffing("  staffing: { model: erlang-c, model: erlang-a }\n", &c, &d), 1);
	assert_non_null(strstr(d.items[0].msg, "staffing: key 'model' is given twice"));
	contract_diags_release(&d);
}

static void the_shortfall_is_required_less_staffed_as_printed(void **st)
{
	struct staffing_row r;
	char buf[32];

	(void)st;
	memset(&r, 0, sizeof r);
	/* 42 required, 37.496 staffed: printed 37.50, so 4.50 short (not 4.504) */
	r.required = 42;
	r.staffed_agents = 37.496;
	assert_true(staffing_shortfall(&r) == 4.5);
	assert_int_equal(staffing_cell(&r, STAFF_SHORTFALL, 0, 1, buf, sizeof buf), 1);
	assert_string_equal(buf, "4.50");
	assert_int_equal(staffing_cell(&r, STAFF_STAFFED, 0, 1, buf, sizeof buf), 1);
	assert_string_equal(buf, "37.50");
	/* more staff than required: 0, never negative */
	r.staffed_agents = 43;
	assert_true(staffing_shortfall(&r) == 0);
	/* no agent-state log: n/a; no handle time (required -1): n/a and 0 */
	assert_int_equal(staffing_cell(&r, STAFF_SHORTFALL, 0, 0, buf, sizeof buf), 0);
	r.required = -1;
	assert_true(staffing_shortfall(&r) == 0);
	assert_int_equal(staffing_cell(&r, STAFF_SHORTFALL, 0, 1, buf, sizeof buf), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accuracy_is_one_minus_the_absolute_errors_over_the_forecast),
		cmocka_unit_test(accuracy_can_be_negative_and_is_na_without_forecast_volume),
		cmocka_unit_test(exactly_at_the_tolerance_is_not_over_forecast),
		cmocka_unit_test_setup_teardown(relief_removes_each_over_forecast_interval_and_lists_it, setup, teardown),
		cmocka_unit_test_setup_teardown(an_absurd_forecast_is_an_error_that_says_so, setup, teardown),
		cmocka_unit_test_setup_teardown(an_obligation_of_the_client_never_carries_credits_or_relief, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(relief_needs_the_contracts_tolerance, setup, teardown),
		cmocka_unit_test_setup_teardown(staffing_in_the_contract_chooses_the_model_and_criterion, setup, teardown),
		cmocka_unit_test(the_shortfall_is_required_less_staffed_as_printed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
