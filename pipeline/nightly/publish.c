/* publish.c -- directories published with one rename (publish.h). */
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
#include "publish.h"

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* fsyncs every regular file directly in dir, then dir itself. */
static int fsync_dir_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char child[4096];
	int rc = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		snprintf(child, sizeof child, "%s/%s", dir, de->d_name);
		if (lstat(child, &st) == 0 && S_ISREG(st.st_mode) && fsync_path(child, O_RDONLY) != 0)
			rc = -1;
	}
	closedir(d);
	if (fsync_path(dir, O_RDONLY | O_DIRECTORY) != 0)
		rc = -1;
	return rc;
}

int publish_begin(const char *parent, const char *name, char *tmp, size_t size,
                  struct ccsla_error *err)
{
	if (mkdir_p(parent, err) != 0)
		return -1;
	snprintf(tmp, size, "%s/.%s.tmp", parent, name);
	if (remove_tree(tmp) != 0)
		return ccsla_error_set(err, tmp, 0, NULL, "cannot remove stale temporary directory: %s", strerror(errno));
	if (mkdir(tmp, 0755) != 0)
		return ccsla_error_set(err, tmp, 0, NULL, "cannot create directory: %s", strerror(errno));
	return 0;
}

int publish_once(const char *tmp, const char *parent, const char *name, struct ccsla_error *err)
{
	char final[4096];

	snprintf(final, sizeof final, "%s/%s", parent, name);
	if (fsync_dir_tree(tmp) != 0)
		return ccsla_error_set(err, tmp, 0, NULL, "cannot flush to disk: %s", strerror(errno));
	crashpoint("before publish");
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE) != 0) {
		if (errno == EEXIST || errno == ENOTEMPTY)
			return ccsla_error_set(err, final, 0, NULL, "already published; a published directory is never replaced");
		return ccsla_error_set(err, final, 0, NULL, "cannot publish: %s", strerror(errno));
	}
	if (fsync_path(parent, O_RDONLY | O_DIRECTORY) != 0)
		return ccsla_error_set(err, parent, 0, NULL, "cannot flush to disk: %s", strerror(errno));
	crashpoint("after publish");
	return 0;
}

int publish_replace(const char *tmp, const char *parent, const char *name, struct ccsla_error *err)
{
	char link_path[4096], link_tmp[4096], target[512], old_target[512], old_path[4096], dir[4096];
	ssize_t n;
	int seq = 0;

	snprintf(link_path, sizeof link_path, "%s/%s", parent, name);
	old_target[0] = '\0';
	n = readlink(link_path, old_target, sizeof old_target - 1);
	if (n > 0) {
		old_target[n] = '\0';
		sscanf(old_target, ".%*[^-]-%d", &seq);
	}
	/* The new target gets the next number, so old and new never collide. */
	do {
		snprintf(target, sizeof target, ".%s-%d", name, ++seq);
		snprintf(dir, sizeof dir, "%s/%s", parent, target);
	} while (path_exists(dir));
	if (fsync_dir_tree(tmp) != 0)
		return ccsla_error_set(err, tmp, 0, NULL, "cannot flush to disk: %s", strerror(errno));
	if (rename(tmp, dir) != 0)
		return ccsla_error_set(err, dir, 0, NULL, "cannot rename: %s", strerror(errno));
	snprintf(link_tmp, sizeof link_tmp, "%s/.%s.link", parent, name);
	unlink(link_tmp);
	if (symlink(target, link_tmp) != 0)
		return ccsla_error_set(err, link_tmp, 0, NULL, "cannot create link: %s", strerror(errno));
	crashpoint("before link swap");
	if (rename(link_tmp, link_path) != 0)
		return ccsla_error_set(err, link_path, 0, NULL, "cannot replace link: %s", strerror(errno));
	fsync_path(parent, O_RDONLY | O_DIRECTORY);
	crashpoint("after link swap");
	if (old_target[0] && strcmp(old_target, target) != 0) {
		snprintf(old_path, sizeof old_path, "%s/%s", parent, old_target);
		remove_tree(old_path);
	}
	return 0;
}

int publish_cleanup(const char *parent, struct ccsla_error *err)
{
	DIR *d;
	struct dirent *de;
	char path[4096], links[8][512];
	size_t nlinks = 0;

	if (!(d = opendir(parent)))
		return errno == ENOENT ? 0 : ccsla_error_set(err, parent, 0, NULL, "cannot read: %s", strerror(errno));
	/* First the link targets in use, then everything hidden that is not one. */
	while ((de = readdir(d)) && nlinks < 8) {
		ssize_t n;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", parent, de->d_name);
		if ((n = readlink(path, links[nlinks], sizeof links[0] - 1)) > 0)
			links[nlinks++][n] = '\0';
	}
	rewinddir(d);
	while ((de = readdir(d))) {
		int used = 0;
		if (de->d_name[0] != '.' || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		for (size_t i = 0; i < nlinks; i++)
			used |= strcmp(links[i], de->d_name) == 0;
		if (used)
			continue;
		snprintf(path, sizeof path, "%s/%s", parent, de->d_name);
		remove_tree(path);
	}
	closedir(d);
	return 0;
}
