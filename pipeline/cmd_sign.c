/* cmd_sign.c -- placeholder until the 'sign' stage lands; it says so and fails. */
#include <stdio.h>

#include "cli.h"
#include "error.h"

static int run(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "ccsla %s: not built yet\n", argv[0]);
	return EXIT_IO;
}

const struct command cmd_sign_def = {
	"sign", run, "ccsla sign", "(not built yet)", "",
};
