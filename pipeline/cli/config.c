/* config.c -- `key = value` files (config.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nearest.h"
#include "config.h"

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int config_load(struct config *cfg, const char *path, const char *const *known,
                struct ccsla_error *err)
{
	FILE *fp;
	char buf[8192];
	long line = 0;
	size_t cap = 0;

	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->path, sizeof cfg->path, "%s", path);
	if (!(fp = fopen(path, "r")))
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	while (fgets(buf, sizeof buf, fp)) {
		char *s, *eq, *key, *value;
		const char *const *k;

		line++;
		s = trim(buf);
		if (!*s || *s == '#')
			continue;
		if (!(eq = strchr(s, '='))) {
			ccsla_error_set(err, path, line, NULL, "expected 'key = value'");
			goto fail;
		}
		*eq = '\0';
		key = trim(s);
		value = trim(eq + 1);
		for (k = known; *k && strcmp(*k, key) != 0; k++)
			;
		if (!*k) {
			const char *near = nearest_word(key, known);
			char list[400];
			size_t at = 0;
			/* nothing near: name the keys there are */
			for (k = known; *k && at < sizeof list; k++)
				at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", k == known ? "" : ", ", *k);
			if (near)
				ccsla_error_set(err, path, line, key, "unknown key (did you mean '%s'?)", near);
			else
				ccsla_error_set(err, path, line, key, "unknown key (the keys: %s)", list);
			goto fail;
		}
		if (strlen(value) >= sizeof cfg->entries->value) {
			ccsla_error_set(err, path, line, key, "value too long");
			goto fail;
		}
		if (cfg->count == cap) {
			struct config_entry *ne = realloc(cfg->entries, (cap = cap ? 2 * cap : 16) * sizeof *ne);
			if (!ne) {
				ccsla_error_set(err, path, line, NULL, "out of memory");
				goto fail;
			}
			cfg->entries = ne;
		}
		snprintf(cfg->entries[cfg->count].key, sizeof cfg->entries->key, "%s", key);
		snprintf(cfg->entries[cfg->count].value, sizeof cfg->entries->value, "%s", value);
		cfg->entries[cfg->count].line = line;
		cfg->count++;
	}
	fclose(fp);
	return 0;
fail:
	fclose(fp);
	config_release(cfg);
	return -1;
}

const char *config_get(const struct config *cfg, const char *key)
{
	/* The last occurrence wins, as in most configuration formats. */
	for (size_t i = cfg->count; i-- > 0;)
		if (strcmp(cfg->entries[i].key, key) == 0)
			return cfg->entries[i].value;
	return NULL;
}

void config_release(struct config *cfg)
{
	free(cfg->entries);
	cfg->entries = NULL;
	cfg->count = 0;
}
