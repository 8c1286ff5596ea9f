/* cmd_nightly.c -- placeholder until the 'nightly' stage lands; it says so and fails. */
#include <stdio.h>

#include "cli.h"
#include "error.h"

static int run(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "ccsla %s: not built yet\n", argv[0]);
	return EXIT_IO;
}

const struct command cmd_nightly_def = {
	"nightly", run, "ccsla nightly", "(not built yet)", "",
};
