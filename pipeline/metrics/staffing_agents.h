/* staffing_agents.h -- staffed and busy agent time per interval from the
 * agent-state log (staffing_agents.c). */
#ifndef CCSLA_STAFFING_AGENTS_H
#define CCSLA_STAFFING_AGENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct staffing_grid {
	const int64_t *start_ms;  /* interval starts, ascending; not owned */
	size_t n;
	int64_t len_ms;
	int64_t *staffed_ms;      /* [n], added to: available + handling + wrap */
	int64_t *busy_ms;         /* [n], added to: handling + wrap */
};

/* Adds the states of client's agents and of the shared agents. *found: 1
 * when the state holds an agent-state log for either. -1 (err) when a
 * partition cannot be read. */
int staffing_agents_load(const char *state_dir, const char *client, const struct staffing_grid *g,
                         int *found, struct ccsla_error *err);

#endif
