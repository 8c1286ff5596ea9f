/* test_writers.c -- JSON and CSV writers escape what they must. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvw.h"
#include "core/jsonw.h"

static char *capture(FILE *fp)
{
	static char buf[4096];
	size_t n;

	rewind(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void json_nests_and_escapes_control_characters(void **state)
{
	FILE *fp = tmpfile();
	struct jsonw j;

	(void)state;
	jsonw_init(&j, fp);
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "name", "Zürich \"AG\"\n\x01");
	jsonw_key(&j, "rows");
	jsonw_array_begin(&j);
	jsonw_int(&j, -3);
	jsonw_null(&j);
	jsonw_array_end(&j);
	jsonw_key(&j, "empty");
	jsonw_object_begin(&j);
	jsonw_object_end(&j);
	jsonw_object_end(&j);
	assert_int_equal(jsonw_finish(&j), 0);
	assert_string_equal(capture(fp),
		"{\n  \"name\": \"Zürich \\\"AG\\\"\\n\\u0001\",\n"
		"  \"rows\": [\n    -3,\n    null\n  ],\n  \"empty\": {}\n}\n");
}

static void csv_quotes_separators_and_neutralises_formulas(void **state)
{
	FILE *fp = tmpfile();
	struct csvw w;

	(void)state;
	csvw_init(&w, fp);
	csvw_text(&w, "a,b");
	csvw_text(&w, "say \"hi\"");
	csvw_text(&w, "=HYPERLINK(\"x\")");
	csvw_text(&w, "@SUM(A1)");
	csvw_number(&w, "-12.50");
	csvw_text(&w, "");
	csvw_end_line(&w);
	assert_string_equal(capture(fp),
		"\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",'@SUM(A1),-12.50,\n");
}

/* A formula cell of any length keeps every byte (it went through a
 * 1,024-byte buffer once and lost its end); integer cells as written. */
static void csv_long_formula_text_and_integers(void **state)
{
	FILE *fp = tmpfile();
	struct csvw w;
	char text[3001], want[3100];
	const int64_t v[4] = { 0, -7, INT64_MIN, 1234567890123 };

	(void)state;
	memset(text, 'x', sizeof text - 1);
	text[0] = '=';
	text[sizeof text - 2] = ',';
	text[sizeof text - 1] = '\0';
	csvw_init(&w, fp);
	csvw_text(&w, text);
	csvw_integers(&w, v, 4, 4);
	csvw_integers(&w, v, 3, 1);
	csvw_end_line(&w);
	snprintf(want, sizeof want, "\"'%s\",0,-7,-9223372036854775808,1234567890123,0,,\n", text);
	assert_string_equal(capture(fp), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_nests_and_escapes_control_characters),
		cmocka_unit_test(csv_quotes_separators_and_neutralises_formulas),
		cmocka_unit_test(csv_long_formula_text_and_integers),
	};
	return cmocka_run_group_tests_name("writers", tests, NULL, NULL);
}
