/* fingerprint.c -- fingerprint.txt beside a signed report (fingerprint.h). */
#include <stdio.h>
#include <string.h>

#include "core/fsutil.h"
#include "fingerprint.h"

int signer_write_fingerprint_beside(const struct signer *s, const char *pdf_path, struct ccsla_error *err)
{
	const char *slash = strrchr(pdf_path, '/');
	char path[4200], line[128];
	int n;

	if (slash)
		snprintf(path, sizeof path, "%.*s/fingerprint.txt", (int)(slash - pdf_path), pdf_path);
	else
		snprintf(path, sizeof path, "fingerprint.txt");
	n = snprintf(line, sizeof line, "%s\n", signer_fingerprint(s));
	return atomic_write(path, line, (size_t)n, err);
}
