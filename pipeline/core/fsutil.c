/* fsutil.c -- atomic outputs, mkdir -p, rm -r, SHA-256 of files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "crashpoint.h"
#include "fsutil.h"

int mkdir_p(const char *path, struct ccsla_error *err)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof buf)
		return ccsla_error_set(err, path, 0, NULL, "bad directory name");
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return ccsla_error_set(err, buf, 0, NULL, "cannot create directory: %s", strerror(errno));
		*p = '/';
	}
	if (mkdir(buf, 0777) != 0 && errno != EEXIST)
		return ccsla_error_set(err, buf, 0, NULL, "cannot create directory: %s", strerror(errno));
	return 0;
}

static int make_parent(const char *path, struct ccsla_error *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return 0;
	if ((size_t)(slash - path) >= sizeof dir)
		return ccsla_error_set(err, path, 0, NULL, "path too long");
	memcpy(dir, path, slash - path);
	dir[slash - path] = '\0';
	return mkdir_p(dir, err);
}

int atomic_open(struct atomic_file *af, const char *path, struct ccsla_error *err)
{
	int fd;

	memset(af, 0, sizeof *af);
	if (strlen(path) + 32 >= sizeof af->path)
		return ccsla_error_set(err, path, 0, NULL, "path too long");
	if (make_parent(path, err) != 0)
		return -1;
	snprintf(af->path, sizeof af->path, "%s", path);
	{
		/* a hidden name beside the target: a reader listing the directory
		 * never sees half a file, even after a crash */
		const char *base = strrchr(path, '/');
		int dir_len = base ? (int)(base - path) + 1 : 0;

		snprintf(af->tmp_path, sizeof af->tmp_path, "%.*s.%s.tmp.XXXXXX", dir_len, path, base ? base + 1 : path);
	}
	if ((fd = mkstemp(af->tmp_path)) < 0) {
		af->tmp_path[0] = '\0';
		return ccsla_error_set(err, path, 0, NULL, "cannot create temporary file: %s", strerror(errno));
	}
	/* mkstemp makes 0600; outputs are ordinary files. */
	fchmod(fd, 0644);
	if (!(af->fp = fdopen(fd, "wb"))) {
		close(fd);
		atomic_abort(af);
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	}
	return 0;
}

static int commit(struct atomic_file *af, int do_fsync, struct ccsla_error *err)
{
	int bad = 0;

	if (!af->fp)
		return ccsla_error_set(err, af->path, 0, NULL, "file was not open");
	bad |= fflush(af->fp) != 0;
	bad |= ferror(af->fp) != 0;
	if (do_fsync)
		bad |= fsync(fileno(af->fp)) != 0;
	bad |= fclose(af->fp) != 0;
	af->fp = NULL;
	if (bad) {
		ccsla_error_set(err, af->path, 0, NULL, "write failed: %s", strerror(errno));
		atomic_abort(af);
		return -1;
	}
	crashpoint("before rename");
	if (rename(af->tmp_path, af->path) != 0) {
		ccsla_error_set(err, af->path, 0, NULL, "cannot rename into place: %s", strerror(errno));
		atomic_abort(af);
		return -1;
	}
	af->tmp_path[0] = '\0';
	crashpoint("after rename");
	return 0;
}

int atomic_commit(struct atomic_file *af, struct ccsla_error *err)
{
	return commit(af, 1, err);
}

int atomic_commit_synced(struct atomic_file *af, struct ccsla_error *err)
{
	return commit(af, 0, err);
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp) {
		fclose(af->fp);
		af->fp = NULL;
	}
	if (af->tmp_path[0]) {
		unlink(af->tmp_path);
		af->tmp_path[0] = '\0';
	}
}

int atomic_write(const char *path, const void *data, size_t size, struct ccsla_error *err)
{
	struct atomic_file af;

	if (atomic_open(&af, path, err) != 0)
		return -1;
	if (size && fwrite(data, 1, size, af.fp) != size) {
		atomic_abort(&af);
		return ccsla_error_set(err, path, 0, NULL, "write failed: %s", strerror(errno));
	}
	return atomic_commit(&af, err);
}

static void to_hex(const unsigned char *md, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

void sha256_hex(const void *data, size_t size, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	EVP_Digest(data, size, md, &n, EVP_sha256(), NULL);
	to_hex(md, n, hex);
}

int sha256_file_hex(const char *path, char hex[65], struct ccsla_error *err)
{
	unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	size_t got;
	int ret = -1;
	FILE *fp = NULL;
	EVP_MD_CTX *ctx = NULL;

	if (!(fp = fopen(path, "rb"))) {
		ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (!(ctx = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		ccsla_error_set(err, path, 0, NULL, "cannot start SHA-256");
		goto out;
	}
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
		EVP_DigestUpdate(ctx, buf, got);
	if (ferror(fp)) {
		ccsla_error_set(err, path, 0, NULL, "read failed: %s", strerror(errno));
		goto out;
	}
	EVP_DigestFinal_ex(ctx, md, &n);
	to_hex(md, n, hex);
	ret = 0;
out:
	EVP_MD_CTX_free(ctx);
	if (fp)
		fclose(fp);
	return ret;
}

int read_file(const char *path, char **data, size_t *size, struct ccsla_error *err)
{
	FILE *fp;
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	*data = NULL;
	*size = 0;
	if (!(fp = fopen(path, "rb")))
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	for (;;) {
		if (cap - len < 65536) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nbuf = realloc(buf, ncap + 1);
			if (!nbuf) {
				free(buf);
				fclose(fp);
				return ccsla_error_set(err, path, 0, NULL, "out of memory");
			}
			buf = nbuf;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		fclose(fp);
		return ccsla_error_set(err, path, 0, NULL, "read failed: %s", strerror(errno));
	}
	fclose(fp);
	buf[len] = '\0';
	*data = buf;
	*size = len;
	return 0;
}

int path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char child[4096];

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if (!(d = opendir(path)))
		return -1;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof child, "%s/%s", path, de->d_name);
		remove_tree(child);
	}
	closedir(d);
	return rmdir(path);
}
