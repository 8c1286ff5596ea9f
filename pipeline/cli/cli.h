/* cli.h -- the ccsla command table and what every command shares.
 *
 * A command is a row (struct command cmd_NAME_def) and a function in
 * pipeline/cli/cmd_NAME.c; the function gets argv[0] = the command's name. It returns an enum ccsla_exit code.
 * `ccsla help NAME`, `ccsla NAME --help` and `ccsla NAME -h` print the same
 * text: the table row's usage line and its help. */
#ifndef CCSLA_CLI_H
#define CCSLA_CLI_H

#include <stdio.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;    /* one line */
	const char *summary;  /* a few words for the list */
	const char *help;     /* options and outputs, printed under the usage */
	const char *exit_data; /* what exit status 1 means for it; NULL: never 1 */
	int takes_lock;       /* 1: exits 4 when another run holds the state lock */
};

/* NULL-terminated; each command's row is defined in its own cmd_NAME.c. */
extern const struct command *const ccsla_commands[];

/* Looks a command up by exact name (no prefix guessing); NULL when none. */
const struct command *cli_find(const char *name);
/* Prints the usage and help of a command to fp, and the exit codes it can
 * return with what 1 means for it. */
void cli_print_help(FILE *fp, const struct command *cmd);
/* Prints "ccsla NAME: msg" and the usage line to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* True when argv holds -h or --help before a "--". */
int cli_wants_help(int argc, char **argv);

struct contract_set;
/* Says on stderr why no contract of set (loaded from dir) is in force on
 * date (YYYY-MM-DD) for client (NULL: for any client), naming the
 * versions' ranges, or the clients nearest to an unknown one. Returns
 * EXIT_DATA (in_force.c). */
int cli_no_contract_in_force(const char *name, const struct contract_set *set, const char *dir,
                             const char *client, const char *date);

extern const struct command cmd_ingest_def;
extern const struct command cmd_convert_def;
extern const struct command cmd_metrics_def;
extern const struct command cmd_staffing_def;
extern const struct command cmd_contract_def;
extern const struct command cmd_evaluate_def;
extern const struct command cmd_ledger_def;
extern const struct command cmd_render_def;
extern const struct command cmd_sign_def;
extern const struct command cmd_verify_def;
extern const struct command cmd_resign_def;
extern const struct command cmd_nightly_def;

#endif
