/* fuzz_profile.c -- an import profile and a flat export, both from the
 * input (the profile, a form feed, the export; no form feed: the shipped
 * generic profile over the whole input). A profile the loader refuses is
 * an error naming the profile; one it takes maps every row of the export
 * to a canonical contact that re-parses, or to a quarantined row with its
 * reason, and the reconciliation holds (fuzz_adapter.h). */
#include "fuzz_adapter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char profile[PATH_MAX], export[PATH_MAX];
	char *files[1] = { export };
	struct adapter_opts opts = { .client_id = "ACME" };
	const struct adapter *a = adapter_find("profile");
	const uint8_t *ff = memchr(data, '\f', size);
	struct ccsla_error err;

	fuzz_require(a != NULL, "no profile adapter");
	if (ff) {
		fuzz_temp_file(profile, sizeof profile, ".yaml", data, (size_t)(ff - data));
		fuzz_temp_file(export, sizeof export, ".csv", ff + 1, size - (size_t)(ff - data) - 1);
		opts.profile = profile;
	} else {
		fuzz_temp_file(export, sizeof export, ".csv", data, size);
		opts.profile = "fixtures/profiles/generic.yaml";
	}
	memset(&err, 0, sizeof err);
	if (adapter_check_opts(a, &opts, &err) != 0)
		fuzz_require(err.msg[0] && (!err.file[0] || strcmp(err.file, opts.profile) == 0),
		             "a refused profile without its name: '%s' %s", err.file, err.msg);
	else
		fuzz_adapter_run("profile", &opts, files, 1);
	if (ff)
		unlink(profile);
	unlink(export);
	return 0;
}
