/* config.h -- a small `key = value` configuration file for scheduled runs.
 *
 *   # /etc/ccsla/nightly.conf
 *   landing = /srv/ccsla/landing
 *   state   = /var/lib/ccsla
 *
 * Keys are the long option names of the command without "--"; a value runs
 * to the end of the line (surrounding blanks removed; no quoting needed).
 * '#' starts a comment at the beginning of a line. Options given on the
 * command line win over the file. */
#ifndef CCSLA_CONFIG_H
#define CCSLA_CONFIG_H

#include <stddef.h>

#include "core/error.h"

struct config_entry {
	char key[64];
	char value[4096];
	long line;
};

struct config {
	struct config_entry *entries; /* owned */
	size_t count;
	char path[4096];
};

/* Reads the file; every key must be in `known` (NULL-terminated), or the
 * error names the file, line and key, with the nearest known key. */
int config_load(struct config *cfg, const char *path, const char *const *known,
                struct ccsla_error *err);
/* The value of key, or NULL. */
const char *config_get(const struct config *cfg, const char *key);
void config_release(struct config *cfg);

#endif
