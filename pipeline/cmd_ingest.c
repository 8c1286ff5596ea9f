/* cmd_ingest.c -- placeholder until the 'ingest' stage lands; it says so and fails. */
#include <stdio.h>

#include "cli.h"
#include "error.h"

static int run(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "ccsla %s: not built yet\n", argv[0]);
	return EXIT_IO;
}

const struct command cmd_ingest_def = {
	"ingest", run, "ccsla ingest", "(not built yet)", "",
};
