/* test_revision.c -- what a revision reports: changed figures (old -> new)
 * against the latest issued report, credit adjustments against the final. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/fsutil.h"
#include "reports/compose/revision.h"

static const char MHEAD[] = "period,scope,item,date,metric,value,unit,target,verdict,offered,answered,abandoned,"
                            "short_abandoned,callback,overflow,open,excluded,answered_within\n";
static const char CHEAD[] = "period,line,sla_id,measured_value,target,minimum,verdict,default,allocation_pct,"
                            "uncapped_amount,multiplier,earn_back,cap,final_amount,currency,note\n";

static char root[64];

static void put(const char *dir, const char *name, const char *head, const char *body)
{
	char path[256], text[4096];
	struct ccsla_error err;

	snprintf(path, sizeof path, "%s/%s/%s", root, dir, name);
	snprintf(text, sizeof text, "%s%s", head, body);
	assert_int_equal(atomic_write(path, text, strlen(text), &err), 0);
}

static void report_dir(const char *dir, const char *sl, const char *offered, const char *credit)
{
	char m[1024], c[1024];

	snprintf(m, sizeof m,
	         "2026-10,sla,SL-VOICE,month,service_level_pct,%s,%%,>= 80,met,%s,90,5,0,0,0,0,0,80\n"
	         "2026-10,channel,voice,2026-10-01,asa_s,12.500,s,,,%s,90,5,0,0,0,0,0,80\n", sl, offered, offered);
	snprintf(c, sizeof c,
	         "2026-10,sla,SL-VOICE,%s,>= 80,,missed,no,60.00,%s,1.00,,,%s,EUR,\n"
	         "2026-10,total,,,,,,,,%s,,,,%s,EUR,\n"
	         "2026-10,cap,,,,,,,,,,,480.00,,EUR,\n"
	         "2026-10,net,,,,,,,,,,0.00,,%s,EUR,\n", sl, credit, credit, credit, credit, credit);
	put(dir, "metrics.csv", MHEAD, m);
	put(dir, "credits.csv", CHEAD, c);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/ccsla-test-revision-%ld", (long)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(root);
	return 0;
}

static const struct report_change *find_change(const struct revision_diff *d, const char *figure)
{
	size_t i;

	for (i = 0; i < d->n_changes; i++)
		if (!strcmp(d->changes[i].figure, figure))
			return &d->changes[i];
	return NULL;
}

static void identical_exports_are_no_revision(void **state)
{
	struct revision_diff d;
	struct ccsla_error err;
	char f[128], n[128];

	(void)state;
	report_dir("final", "79.00", "100", "100.00");
	report_dir("new", "79.00", "100", "100.00");
	snprintf(f, sizeof f, "%s/final", root);
	snprintf(n, sizeof n, "%s/new", root);
	assert_int_equal(revision_compare(&d, f, f, n, 2, &err), 0);
	assert_int_equal(d.differs, 0);
	assert_int_equal(d.n_changes, 0);
	revision_diff_free(&d);
}

static void every_changed_figure_is_listed_old_to_new(void **state)
{
	struct revision_diff d;
	struct ccsla_error err;
	const struct report_change *ch;
	char f[128], n[128];

	(void)state;
	report_dir("final", "79.00", "100", "100.00");
	report_dir("new", "81.00", "110", "0.00");
	snprintf(f, sizeof f, "%s/final", root);
	snprintf(n, sizeof n, "%s/new", root);
	assert_int_equal(revision_compare(&d, f, f, n, 2, &err), 0);
	assert_int_equal(d.differs, 1);
	assert_non_null(ch = find_change(&d, "SL-VOICE 2026-10 service_level_pct"));
	assert_string_equal(ch->old_value, "79.00");
	assert_string_equal(ch->new_value, "81.00");
	assert_non_null(ch = find_change(&d, "SL-VOICE 2026-10 offered"));
	assert_string_equal(ch->old_value, "100");
	assert_string_equal(ch->new_value, "110");
	assert_non_null(find_change(&d, "channel voice 2026-10-01 offered"));
	assert_null(find_change(&d, "channel voice 2026-10-01 asa_s")); /* unchanged */
	revision_diff_free(&d);
}

static void credit_adjustments_are_revised_minus_final_in_minor_units(void **state)
{
	struct revision_diff d;
	struct ccsla_error err;
	char f[128], p[128], n[128], path[160], *text;
	size_t size, i;

	(void)state;
	report_dir("final", "79.00", "100", "100.00");
	report_dir("rev1", "79.50", "105", "50.10");
	report_dir("new", "78.00", "120", "200.05");
	snprintf(f, sizeof f, "%s/final", root);
	snprintf(p, sizeof p, "%s/rev1", root);
	snprintf(n, sizeof n, "%s/new", root);
	assert_int_equal(revision_compare(&d, f, p, n, 2, &err), 0);
	/* figures against the latest issued (revision 1) */
	assert_string_equal(find_change(&d, "SL-VOICE 2026-10 service_level_pct")->old_value, "79.50");
	/* credits against the final: SL-VOICE, total after cap, net due */
	assert_int_equal(d.n_adjustments, 3);
	for (i = 0; i < d.n_adjustments; i++) {
		assert_string_equal(d.adjustments[i].final_amount, "100.00");
		assert_string_equal(d.adjustments[i].revised_amount, "200.05");
		assert_string_equal(d.adjustments[i].delta, "+100.05");
	}
	assert_string_equal(d.adjustments[2].line, "net due");
	snprintf(path, sizeof path, "%s/adjustments.csv", root);
	assert_int_equal(revision_write_adjustments(&d, path, "2026-10", 2, "EUR", &err), 0);
	assert_int_equal(read_file(path, &text, &size, &err), 0);
	assert_non_null(strstr(text, "period,revision,line,final_amount,revised_amount,adjustment,currency\n"));
	assert_non_null(strstr(text, "2026-10,2,net due,100.00,200.05,+100.05,EUR\n"));
	free(text);
	revision_diff_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identical_exports_are_no_revision),
		cmocka_unit_test(every_changed_figure_is_listed_old_to_new),
		cmocka_unit_test(credit_adjustments_are_revised_minus_final_in_minor_units),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
