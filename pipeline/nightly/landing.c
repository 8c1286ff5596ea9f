/* landing.c -- listing the landing directory (landing.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "landing.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct landing_file *)a)->name, ((const struct landing_file *)b)->name);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

int landing_list(struct landing_list *out, const char *dir, const char *suffix,
                 struct ccsla_error *err)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	size_t cap = 0;

	out->files = NULL;
	out->count = 0;
	if (!(d = opendir(dir)))
		return ccsla_error_set(err, dir, 0, NULL, "cannot read landing directory: %s", strerror(errno));
	while ((de = readdir(d))) {
		struct landing_file *f;

		if (de->d_name[0] == '.' || !ends_with(de->d_name, suffix) ||
		    strlen(de->d_name) >= sizeof f->name)
			continue;
		if (out->count == cap) {
			struct landing_file *nf = realloc(out->files, (cap = cap ? 2 * cap : 64) * sizeof *nf);
			if (!nf) {
				closedir(d);
				landing_free(out);
				return ccsla_error_set(err, dir, 0, NULL, "out of memory");
			}
			out->files = nf;
		}
		f = &out->files[out->count];
		snprintf(f->name, sizeof f->name, "%s", de->d_name);
		snprintf(f->path, sizeof f->path, "%.3800s/%s", dir, de->d_name);
		if (stat(f->path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		f->size = st.st_size;
		f->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
		out->count++;
	}
	closedir(d);
	if (out->count)
		qsort(out->files, out->count, sizeof *out->files, by_name);
	return 0;
}

void landing_free(struct landing_list *list)
{
	free(list->files);
	list->files = NULL;
	list->count = 0;
}

int landing_is_stable(const struct landing_file *f, time_t now, int settle_s)
{
	struct stat st;
	int64_t mtime_ns;

	if (stat(f->path, &st) != 0)
		return -1;
	mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	if (st.st_size != f->size || mtime_ns != f->mtime_ns)
		return 0;
	if (settle_s > 0 && (int64_t)now - st.st_mtim.tv_sec < settle_s)
		return 0;
	return 1;
}
