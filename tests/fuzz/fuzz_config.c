/* fuzz_config.c -- the `key = value` configuration reader (pipeline/cli/
 * config.c) on any bytes: no crash; a loaded file has only known keys, each
 * at most once and with its line; a rejected one names the file. */
#include <limits.h>

#include "fuzz.h"

#include "cli/config.h"

static const char *const known[] = { "landing", "state", "contracts", "out", "tz", "max-row", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	struct config cfg;
	struct ccsla_error err;

	fuzz_temp_file(path, sizeof path, ".conf", data, size);
	memset(&err, 0, sizeof err);
	if (config_load(&cfg, path, known, &err) == 0) {
		for (size_t i = 0; i < cfg.count; i++) {
			int found = 0;
			for (int k = 0; known[k]; k++)
				found |= strcmp(cfg.entries[i].key, known[k]) == 0;
			fuzz_require(found, "unknown key '%s' loaded", cfg.entries[i].key);
			fuzz_require(cfg.entries[i].line >= 1, "entry without a line");
			fuzz_require(config_get(&cfg, cfg.entries[i].key) != NULL, "key not found again");
		}
		config_release(&cfg);
	} else {
		fuzz_require(strcmp(err.file, path) == 0 && err.msg[0], "error names '%s', not the file", err.file);
	}
	unlink(path);
	return 0;
}
