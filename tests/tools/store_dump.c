/* store_dump.c -- print the record store of a state directory as canonical
 * CSV rows with their lineage, for tests: "src_file:src_line,<row>".
 * Usage: store_dump STATE [CLIENT]. Exit 1 when a partition is damaged. */
#include <stdio.h>

#include "core/store.h"
#include "ingest/canon.h"

int main(int argc, char **argv)
{
	struct store_scan s;
	struct ccsla_error err;
	struct contact c;
	char row[2048], msg[1024];
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: store_dump STATE [CLIENT]\n");
		return 2;
	}
	if (store_scan_open(&s, argv[1], argc == 3 ? argv[2] : NULL, /* 2025-01-01 .. 2028-01-01: the scan visits each day */
	                    INT64_C(1735689600000), INT64_C(1830297600000), &err) != 0) {
		fprintf(stderr, "store_dump: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		return 1;
	}
	while ((rc = store_scan_next(&s, &c, &err)) > 0) {
		canon_format_row(row, sizeof row, &c);
		printf("%u:%u,%s\n", (unsigned)c.src_file, (unsigned)c.src_line, row);
	}
	store_scan_close(&s);
	if (rc < 0) {
		fprintf(stderr, "store_dump: %s\n", ccsla_error_format(&err, msg, sizeof msg));
		return 1;
	}
	return 0;
}
