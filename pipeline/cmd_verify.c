/* cmd_verify.c -- placeholder until the 'verify' stage lands; it says so and fails. */
#include <stdio.h>

#include "cli.h"
#include "error.h"

static int run(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "ccsla %s: not built yet\n", argv[0]);
	return EXIT_IO;
}

const struct command cmd_verify_def = {
	"verify", run, "ccsla verify", "(not built yet)", "",
};
