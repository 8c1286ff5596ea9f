/* landing.c -- listing the landing directory, archiving what was
 * ingested (landing.h). */
#define _GNU_SOURCE /* renameat2, RENAME_NOREPLACE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crashpoint.h"
#include "core/fsutil.h"
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

/* Copies src to a hidden temporary file in dest's folder, fsynced; the
 * caller links it into place. */
static int copy_synced(const char *src, const char *tmp, struct ccsla_error *err)
{
	char buf[65536];
	int in = -1, out = -1, ret = -1;
	ssize_t n;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		ccsla_error_set(err, src, 0, NULL, "cannot read: %s", strerror(errno));
		goto out;
	}
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
		ccsla_error_set(err, tmp, 0, NULL, "cannot create: %s", strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		ssize_t off = 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ccsla_error_set(err, src, 0, NULL, "cannot read: %s", strerror(errno));
			goto out;
		}
		while (off < n) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				ccsla_error_set(err, tmp, 0, NULL, "cannot write: %s", strerror(errno));
				goto out;
			}
			off += w;
		}
	}
	if (fsync(out) != 0) {
		ccsla_error_set(err, tmp, 0, NULL, "cannot flush to disk: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && ret == 0)
		ret = ccsla_error_set(err, tmp, 0, NULL, "cannot write: %s", strerror(errno));
	if (ret != 0)
		unlink(tmp);
	return ret;
}

/* 1 when a and b have the same content. */
static int same_content(const char *a, const char *b)
{
	char ha[65], hb[65];
	struct ccsla_error err;

	return sha256_file_hex(a, ha, &err) == 0 && sha256_file_hex(b, hb, &err) == 0 && !strcmp(ha, hb);
}

int landing_archive(const struct landing_file *f, const char *dir, const char *day, char *dest,
                    size_t size, struct ccsla_error *err)
{
	char folder[4200], tmp[4400];
	int n, fd, copied = 0;

	snprintf(folder, sizeof folder, "%.4000s/%.15s", dir, day);
	if (mkdir_p(folder, err) != 0)
		return -1;
	snprintf(tmp, sizeof tmp, "%s/.%s.tmp", folder, f->name);
	for (n = 1; n < 1000; n++) {
		int rc;
		if (n == 1)
			snprintf(dest, size, "%s/%s", folder, f->name);
		else
			snprintf(dest, size, "%s/%s.%d", folder, f->name, n);
		if (!copied) {
			rc = renameat2(AT_FDCWD, f->path, AT_FDCWD, dest, RENAME_NOREPLACE);
			if (rc != 0 && errno == EXDEV) { /* another file system: copy, then link */
				if (copy_synced(f->path, tmp, err) != 0)
					return -1;
				copied = 1;
			}
		}
		if (copied) {
			rc = link(tmp, dest);
			if (rc == 0)
				unlink(tmp);
		}
		if (rc == 0)
			break;
		if (errno != EEXIST) {
			ccsla_error_set(err, dest, 0, NULL, "cannot archive %s: %s", f->path, strerror(errno));
			if (copied)
				unlink(tmp);
			return -1;
		}
		/* archived before (a run stopped between archiving and its end) */
		if (same_content(copied ? tmp : f->path, dest)) {
			if (copied)
				unlink(tmp);
			copied = 1; /* the source goes below */
			break;
		}
	}
	if (n == 1000)
		return ccsla_error_set(err, folder, 0, NULL, "cannot archive %s: 999 files of that name", f->name);
	if ((fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	crashpoint("archived");
	if (copied && unlink(f->path) != 0 && errno != ENOENT)
		return ccsla_error_set(err, f->path, 0, NULL, "archived as %s but cannot remove: %s", dest, strerror(errno));
	return 0;
}
