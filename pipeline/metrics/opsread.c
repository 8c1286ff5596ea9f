/* opsread.c -- partitions of the operations-log store, row by row (opsread.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "opsread.h"

static int cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* "2026-10-05.tsv" -> days; -1 when the name is not a partition's. */
static int partition_day(const char *name, int64_t *day)
{
	char date[11];
	int y, m, d;

	if (strlen(name) != 14 || strcmp(name + 10, ".tsv") != 0)
		return -1;
	memcpy(date, name, 10);
	date[10] = '\0';
	if (date_parse(date, &y, &m, &d) != 0)
		return -1;
	*day = civil_to_days(y, m, d);
	return 0;
}

static int read_one(const char *path, const char *const *want, size_t nwant, opsread_fn fn, void *ctx,
                    struct ccsla_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	long line_no = 0;
	int col[OPSREAD_MAX_FIELDS], ret = -1;
	size_t ncols = 0;

	if (!fp)
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	while ((got = getline(&line, &cap, fp)) > 0) {
		char *f[OPSREAD_MAX_FIELDS + 8], *s = line;
		size_t nf = 0;

		line_no++;
		if (line[got - 1] == '\n')
			line[got - 1] = '\0';
		for (;;) {
			char *tab = strchr(s, '\t');

			if (nf == sizeof f / sizeof *f) {
				ccsla_error_set(err, path, line_no, NULL, "damaged operations-log partition: too many fields");
				goto out;
			}
			f[nf++] = s;
			if (!tab)
				break;
			*tab = '\0';
			s = tab + 1;
		}
		if (line_no == 1) {
			if (nf < 2 || strcmp(f[0], "src_file") || strcmp(f[1], "src_line")) {
				ccsla_error_set(err, path, 1, NULL, "damaged operations-log partition: no header");
				goto out;
			}
			ncols = nf;
			for (size_t w = 0; w < nwant; w++) {
				col[w] = -1;
				for (size_t i = 2; i < nf; i++)
					if (strcmp(f[i], want[w]) == 0)
						col[w] = (int)i;
			}
			continue;
		}
		if (nf != ncols) {
			ccsla_error_set(err, path, line_no, NULL, "damaged operations-log partition: %zu fields, want %zu",
			                nf, ncols);
			goto out;
		}
		{
			struct opsread_row r;

			r.path = path;
			r.line = line_no;
			r.src_file = (uint32_t)strtoul(f[0], NULL, 10);
			r.src_line = (uint32_t)strtoul(f[1], NULL, 10);
			r.want = want;
			for (size_t w = 0; w < nwant; w++)
				r.field[w] = col[w] >= 0 ? f[col[w]] : "";
			if (fn(ctx, &r, err) != 0)
				goto out;
		}
	}
	if (ferror(fp)) {
		ccsla_error_set(err, path, 0, NULL, "read failed: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(line);
	fclose(fp);
	return ret;
}

int opsread_partitions(const char *state_dir, const char *kind, const char *folder, int64_t from_day,
                       int64_t to_day, const char *const *want, size_t nwant, opsread_fn fn, void *ctx,
                       int64_t *first_day, struct ccsla_error *err)
{
	char dir[4300], path[4400];
	int64_t *days = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int ret = -1;

	*first_day = INT64_MAX;
	if (nwant > OPSREAD_MAX_FIELDS)
		return ccsla_error_set(err, NULL, 0, NULL, "too many operations-log columns asked for");
	snprintf(dir, sizeof dir, "%s/ops/%s/%s", state_dir, kind, folder);
	if (!(d = opendir(dir))) {
		if (errno == ENOENT)
			return 0;
		return ccsla_error_set(err, dir, 0, NULL, "cannot read: %s", strerror(errno));
	}
	while ((de = readdir(d))) {
		int64_t day;

		if (partition_day(de->d_name, &day) != 0)
			continue;
		if (day < *first_day)
			*first_day = day;
		if (day < from_day || day > to_day)
			continue;
		if (n == cap) {
			size_t c2 = cap ? cap * 2 : 64;
			int64_t *p = realloc(days, c2 * sizeof *p);

			if (!p) {
				ccsla_error_set(err, dir, 0, NULL, "out of memory");
				goto out;
			}
			days = p;
			cap = c2;
		}
		days[n++] = day;
	}
	if (n) /* days is NULL when the folder has none */
		qsort(days, n, sizeof *days, cmp_day);
	for (size_t i = 0; i < n; i++) {
		int y, m, dd;

		days_to_civil(days[i], &y, &m, &dd);
		snprintf(path, sizeof path, "%s/%04d-%02d-%02d.tsv", dir, y, m, dd);
		if (read_one(path, want, nwant, fn, ctx, err) != 0)
			goto out;
	}
	ret = 0;
out:
	closedir(d);
	free(days);
	return ret;
}
