/* cmd_render.c -- placeholder until the 'render' stage lands; it says so and fails. */
#include <stdio.h>

#include "cli.h"
#include "error.h"

static int run(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "ccsla %s: not built yet\n", argv[0]);
	return EXIT_IO;
}

const struct command cmd_render_def = {
	"render", run, "ccsla render", "(not built yet)", "",
};
