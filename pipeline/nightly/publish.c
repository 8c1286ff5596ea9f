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

/* Kinds of file, for messages. */
static const char *kind_of(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISREG(m) ? "a regular file" : S_ISLNK(m) ? "a symbolic link" : "a special file";
}

/* 1 when s is ".NAME-<digits>" (a target publish_replace made for NAME),
 * with the number in *seq. */
static int is_target_name(const char *s, const char *name, size_t name_len, int *seq)
{
	size_t digits;

	if (s[0] != '.' || strncmp(s + 1, name, name_len) != 0 || s[1 + name_len] != '-')
		return 0;
	s += 2 + name_len;
	digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 9 || s[digits] != '\0')
		return 0;
	*seq = atoi(s);
	return 1;
}

/* Reads the link parent/NAME when it is one publish_replace made: a
 * symbolic link to a hidden sibling ".NAME-<n>" that is a real directory
 * (or is gone). Anything else was not made by ccsla and is neither
 * followed, replaced nor removed. 0 with target "" when parent/NAME does
 * not exist; -1 with err naming the path. */
static int own_link(const char *parent, const char *name, char *target, size_t size, int *seq,
                    struct ccsla_error *err)
{
	char path[4096], dir[4096];
	struct stat st;
	ssize_t n;

	target[0] = '\0';
	*seq = 0;
	snprintf(path, sizeof path, "%s/%s", parent, name);
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : ccsla_error_set(err, path, 0, NULL, "cannot read: %s", strerror(errno));
	if (!S_ISLNK(st.st_mode))
		return ccsla_error_set(err, path, 0, NULL, "is %s, not the link to a hidden .%s-<n> directory that "
		                       "ccsla makes: it is left alone and nothing is published; move it away",
		                       kind_of(st.st_mode), name);
	if ((n = readlink(path, target, size - 1)) < 0)
		return ccsla_error_set(err, path, 0, NULL, "cannot read link: %s", strerror(errno));
	target[n] = '\0';
	if (!is_target_name(target, name, strlen(name), seq)) {
		ccsla_error_set(err, path, 0, NULL, "links to '%.200s', not to a hidden .%s-<n> directory beside it: "
		                "not made by ccsla, so neither it nor its target is touched; move it away", target, name);
		target[0] = '\0';
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/%s", parent, target);
	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0; /* a dangling link: nothing behind it to remove */
		return ccsla_error_set(err, dir, 0, NULL, "cannot read: %s", strerror(errno));
	}
	if (!S_ISDIR(st.st_mode)) {
		ccsla_error_set(err, dir, 0, NULL, "is %s, not a directory ccsla made (the target of %s): "
		                "neither is touched; move them away", kind_of(st.st_mode), path);
		target[0] = '\0';
		return -1;
	}
	return 0;
}

int publish_replace(const char *tmp, const char *parent, const char *name, struct ccsla_error *err)
{
	char link_path[4096], link_tmp[4096], target[512], old_target[512], old_path[4096], dir[4096];
	int seq = 0;

	snprintf(link_path, sizeof link_path, "%s/%s", parent, name);
	if (own_link(parent, name, old_target, sizeof old_target, &seq, err) != 0) {
		remove_tree(tmp); /* ours, never published */
		return -1;
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
	/* old_target passed own_link: a hidden sibling directory, never a path
	 * that leaves parent */
	if (old_target[0] && strcmp(old_target, target) != 0) {
		snprintf(old_path, sizeof old_path, "%s/%s", parent, old_target);
		remove_tree(old_path);
	}
	return 0;
}

/* 1 when hidden is a name publish_begin or publish_replace makes for some
 * NAME: ".NAME.tmp", ".NAME.link" or ".NAME-<n>". */
static int is_own_hidden(const char *hidden)
{
	size_t n = strlen(hidden);
	const char *dash = strrchr(hidden, '-');
	int seq;

	if (n < 2 || hidden[0] != '.' || strchr(hidden, '/'))
		return 0;
	if ((n > 5 && strcmp(hidden + n - 4, ".tmp") == 0) || (n > 6 && strcmp(hidden + n - 5, ".link") == 0))
		return 1;
	return dash && dash > hidden + 1 && is_target_name(hidden, hidden + 1, (size_t)(dash - hidden - 1), &seq);
}

int publish_cleanup(const char *parent, struct ccsla_error *err)
{
	DIR *d;
	struct dirent *de;
	char path[4096], links[8][512];
	size_t nlinks = 0;
	int ret = -1;

	if (!(d = opendir(parent)))
		return errno == ENOENT ? 0 : ccsla_error_set(err, parent, 0, NULL, "cannot read: %s", strerror(errno));
	/* First the link targets in use (every visible link must be one ccsla
	 * made), then ccsla's own hidden leftovers that are not one of them. */
	while ((de = readdir(d))) {
		struct stat st;
		int seq;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", parent, de->d_name);
		if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
			continue;
		if (nlinks == sizeof links / sizeof links[0]) {
			ccsla_error_set(err, parent, 0, NULL, "holds more than %zu links: not made by ccsla", nlinks);
			goto out;
		}
		if (own_link(parent, de->d_name, links[nlinks], sizeof links[0], &seq, err) != 0)
			goto out;
		nlinks++;
	}
	rewinddir(d);
	while ((de = readdir(d))) {
		int used = 0;
		if (!is_own_hidden(de->d_name))
			continue;
		for (size_t i = 0; i < nlinks; i++)
			used |= strcmp(links[i], de->d_name) == 0;
		if (used)
			continue;
		snprintf(path, sizeof path, "%s/%s", parent, de->d_name);
		remove_tree(path);
	}
	ret = 0;
out:
	closedir(d);
	return ret;
}

int publish_mkdirs(const char *root, const char *dir, struct ccsla_error *err)
{
	char path[4096];
	size_t root_len = strlen(root), n = strlen(dir);

	while (root_len > 1 && root[root_len - 1] == '/')
		root_len--;
	if (n >= sizeof path || strncmp(dir, root, root_len) != 0 || (dir[root_len] != '/' && dir[root_len] != '\0'))
		return ccsla_error_set(err, dir, 0, NULL, "is not under '%s'", root);
	memcpy(path, dir, n + 1);
	path[root_len] = '\0';
	if (mkdir_p(path, err) != 0)   /* the root is the operator's: it may be a link */
		return -1;
	for (size_t i = root_len; i < n;) {
		struct stat st;
		size_t j;
		while (i < n && dir[i] == '/')
			i++;
		if (i == n)
			break;
		for (j = i; j < n && dir[j] != '/'; j++)
			;
		memcpy(path, dir, j);
		path[j] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return ccsla_error_set(err, path, 0, NULL, "cannot create directory: %s", strerror(errno));
		if (lstat(path, &st) != 0)
			return ccsla_error_set(err, path, 0, NULL, "cannot read: %s", strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return ccsla_error_set(err, path, 0, NULL, "is %s, not a directory ccsla made: nothing is "
			                       "written or removed through it; move it away", kind_of(st.st_mode));
		i = j;
	}
	return 0;
}
