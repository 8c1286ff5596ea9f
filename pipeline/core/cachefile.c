/* cachefile.c -- the files of STATE/cache (cachefile.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>

#include "cachefile.h"
#include "fsutil.h"
#include "timefmt.h"

void cachefile_path(char *buf, size_t size, const char *state_dir, const char *kind, const char *client,
                    int64_t days, const char *suffix)
{
	int y, m, d;

	days_to_civil(days, &y, &m, &d);
	snprintf(buf, size, "%s/cache/%s/%s/%04d-%02d-%02d%s", state_dir, kind, client, y % 10000, m % 100, d % 100,
	         suffix);
}

int cachefile_dirs_ok(const char *state_dir, const char *kind, const char *client)
{
	char path[4200];
	struct stat st;

	for (int i = 0; i < 3; i++) {
		if (i == 0)
			snprintf(path, sizeof path, "%s/cache", state_dir);
		else if (i == 1)
			snprintf(path, sizeof path, "%s/cache/%s", state_dir, kind);
		else if (client)
			snprintf(path, sizeof path, "%s/cache/%s/%s", state_dir, kind, client);
		else
			break;
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			return 0;
	}
	return 1;
}

int cachefile_read(const char *path, char **data, size_t *size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	size_t got = 0;
	char *buf = NULL;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || !(buf = malloc((size_t)st.st_size)))
		goto fail;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		got += (size_t)n;
	}
	close(fd);
	*data = buf;
	*size = got;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

int cachefile_write(const char *path, const void *data, size_t size)
{
	struct atomic_file af;
	struct ccsla_error ignored;
	int bad;

	if (atomic_open(&af, path, &ignored) != 0)
		return -1;
	bad = fwrite(data, 1, size, af.fp) != size;
	bad |= fclose(af.fp) != 0;
	af.fp = NULL;
	if (!bad && rename(af.tmp_path, af.path) == 0)
		return 0;
	atomic_abort(&af);
	return -1;
}

void cache_out_bytes(struct cache_out *o, const void *src, size_t n)
{
	if (o->failed)
		return;
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		unsigned char *grown;

		while (cap < o->len + n)
			cap *= 2;
		if (!(grown = realloc(o->data, cap))) {
			o->failed = 1;
			return;
		}
		o->data = grown;
		o->cap = cap;
	}
	memcpy(o->data + o->len, src, n);
	o->len += n;
}

void cache_out_u32(struct cache_out *o, uint32_t v)
{
	unsigned char b[4];

	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	cache_out_bytes(o, b, 4);
}

void cache_out_u64(struct cache_out *o, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	cache_out_bytes(o, b, 8);
}

int cache_out_write(struct cache_out *o, const char *path)
{
	int rc = -1;

	if (!o->failed)
		cache_out_u32(o, (uint32_t)crc32(0L, o->data, (uInt)o->len));
	if (!o->failed && o->len <= UINT32_MAX)
		rc = cachefile_write(path, o->data, o->len);
	free(o->data);
	memset(o, 0, sizeof *o);
	return rc;
}

uint32_t cache_in_u32(struct cache_in *in)
{
	uint32_t v = 0;

	if (in->failed || in->end - in->p < 4) {
		in->failed = 1;
		return 0;
	}
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)in->p[i] << (8 * i);
	in->p += 4;
	return v;
}

uint64_t cache_in_u64(struct cache_in *in)
{
	uint64_t lo = cache_in_u32(in), hi = cache_in_u32(in);

	return lo | hi << 32;
}

int cache_in_open(const char *path, const char *magic, uint32_t version, const unsigned char key[32], char **data,
                  struct cache_in *in)
{
	size_t size = 0;
	const unsigned char *p;
	struct cache_in tail;

	*data = NULL;
	if (cachefile_read(path, data, &size) != 0)
		return 0;
	p = (const unsigned char *)*data;
	tail = (struct cache_in){ p + size - 4, p + size, 0 };
	if (size < 8 + 4 + 32 + 4 || memcmp(p, magic, 8) != 0 || memcmp(p + 12, key, 32) != 0 ||
	    cache_in_u32(&tail) != (uint32_t)crc32(0L, p, (uInt)(size - 4)))
		goto miss;
	*in = (struct cache_in){ p + 8, p + size - 4, 0 };
	if (cache_in_u32(in) != version)
		goto miss;
	in->p += 32;
	return 1;
miss:
	free(*data);
	*data = NULL;
	return 0;
}

/* The day a cache file's name starts with, "YYYY-MM-DD" then '.', or its
 * temporary's ".YYYY-MM-DD.*": 1 with *days set, else 0. */
static int name_day(const char *name, int64_t *days)
{
	int y, m, d, n = 0;

	if (name[0] == '.')
		name++;
	if (sscanf(name, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || name[n] != '.')
		return 0;
	*days = civil_to_days(y, m, d);
	return 1;
}

long cachefile_prune(const char *state_dir, const char *kind, int64_t before_day)
{
	char dir[4200], path[4600];
	DIR *top, *sub;
	struct dirent *c, *e;
	struct stat st;
	long removed = 0;
	int64_t days;

	snprintf(dir, sizeof dir, "%s/cache/%s", state_dir, kind);
	if (!cachefile_dirs_ok(state_dir, kind, NULL))
		return -1;
	if (!(top = opendir(dir)))
		return path_exists(dir) ? -1 : 0;
	while ((c = readdir(top))) {
		if (c->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, c->d_name);
		/* a client's folder, never a link out of the state */
		if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !(sub = opendir(path)))
			continue;
		while ((e = readdir(sub))) {
			char file[4900];

			if (!name_day(e->d_name, &days) || days >= before_day)
				continue;
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			if (unlink(file) == 0)
				removed++;
		}
		closedir(sub);
		rmdir(path); /* a client with no file left: fails quietly otherwise */
	}
	closedir(top);
	return removed;
}
