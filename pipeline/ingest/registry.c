/* registry.c -- the ingested-files registry (format in registry.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "registry.h"

#define REGISTRY_MAGIC "ccsla-registry"

static void path_of(char *buf, size_t size, const char *state_dir)
{
	snprintf(buf, size, "%s/ingest/registry.tsv", state_dir);
}

static void escape(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '%' || c == '\t' || c == '\r' || c == '\n' || c == '|' || c == '=')
			fprintf(fp, "%%%02X", c);
		else
			fputc(c, fp);
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Unescapes s[0..n) into dst (cap bytes); -1 when malformed or too long. */
static int unescape(const char *s, size_t n, char *dst, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (o + 1 >= cap)
			return -1;
		dst[o++] = c;
	}
	dst[o] = '\0';
	return 0;
}

void registry_free(struct registry *reg)
{
	free(reg->entries);
	memset(reg, 0, sizeof *reg);
}

void registry_count_reason(struct registry_entry *e, const char *reason, int64_t n)
{
	for (size_t i = 0; i < e->nreasons; i++)
		if (strcmp(e->reasons[i].reason, reason) == 0) {
			e->reasons[i].count += n;
			return;
		}
	if (e->nreasons == REGISTRY_MAX_REASONS) {
		/* the reasons are a fixed set far below the limit; keep counting */
		e->reasons[REGISTRY_MAX_REASONS - 1].count += n;
		return;
	}
	snprintf(e->reasons[e->nreasons].reason, sizeof e->reasons[0].reason, "%s", reason);
	e->reasons[e->nreasons].count = n;
	e->nreasons++;
}

int registry_append(struct registry *reg, const struct registry_entry *e, struct ccsla_error *err)
{
	if (reg->count == reg->cap) {
		size_t cap = reg->cap ? reg->cap * 2 : 16;
		struct registry_entry *n = realloc(reg->entries, cap * sizeof *n);
		if (!n)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		reg->entries = n;
		reg->cap = cap;
	}
	reg->entries[reg->count++] = *e;
	return 0;
}

const struct registry_entry *registry_find_sha(const struct registry *reg, const char *sha256)
{
	for (size_t i = 0; i < reg->count; i++)
		if (strcmp(reg->entries[i].sha256, sha256) == 0)
			return &reg->entries[i];
	return NULL;
}

const struct registry_entry *registry_get(const struct registry *reg, uint32_t index)
{
	return index >= 1 && index <= reg->count ? &reg->entries[index - 1] : NULL;
}

/* Splits line at tabs into at most max fields; returns the count. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static int parse_i64(const char *s, int64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || end == s || *end ? -1 : 0;
}

static int parse_reasons(struct registry_entry *e, const char *s)
{
	while (*s) {
		const char *bar = strchr(s, '|'), *eq;
		size_t n = bar ? (size_t)(bar - s) : strlen(s);
		char reason[96], num[32];
		int64_t count;

		eq = memchr(s, '=', n);
		if (!eq || (size_t)(s + n - eq - 1) >= sizeof num)
			return -1;
		if (unescape(s, (size_t)(eq - s), reason, sizeof reason) != 0)
			return -1;
		memcpy(num, eq + 1, (size_t)(s + n - eq - 1));
		num[s + n - eq - 1] = '\0';
		if (parse_i64(num, &count) != 0)
			return -1;
		registry_count_reason(e, reason, count);
		s += n + (bar ? 1 : 0);
	}
	return 0;
}

int registry_load(struct registry *reg, const char *state_dir, struct ccsla_error *err)
{
	char path[4200], *line = NULL, *f[16];
	size_t cap = 0;
	ssize_t got;
	long lineno = 0;
	int ret = -1;
	FILE *fp;
	struct registry_entry *e = NULL;

	memset(reg, 0, sizeof *reg);
	path_of(path, sizeof path, state_dir);
	if (!(fp = fopen(path, "rb"))) {
		if (errno == ENOENT)
			return 0;
		return ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
	}
	if (!(e = malloc(sizeof *e))) {
		ccsla_error_set(err, path, 0, NULL, "out of memory");
		goto out;
	}
	while ((got = getline(&line, &cap, fp)) > 0) {
		int64_t v[8];
		size_t n;

		lineno++;
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		n = split_tabs(line, f, 16);
		if (lineno == 1) {
			int64_t runs;
			if (n != 4 || strcmp(f[0], REGISTRY_MAGIC) != 0 || strcmp(f[1], "1") != 0 ||
			    strcmp(f[2], "runs") != 0 || parse_i64(f[3], &runs) != 0 || runs < 0) {
				ccsla_error_set(err, path, lineno, NULL, "not a version 1 ccsla registry");
				goto out;
			}
			reg->runs = (uint32_t)runs;
			continue;
		}
		memset(e, 0, sizeof *e);
		if (n != 13) {
			ccsla_error_set(err, path, lineno, NULL, "expected 13 fields, found %zu", n);
			goto out;
		}
		for (int k = 0; k < 8; k++) {
			static const int at[8] = { 0, 1, 3, 4, 5, 6, 7, 8 };
			if (parse_i64(f[at[k]], &v[k]) != 0 || v[k] < 0) {
				ccsla_error_set(err, path, lineno, NULL, "field %d is not a count", at[k] + 1);
				goto out;
			}
		}
		e->index = (uint32_t)v[0];
		e->run = (uint32_t)v[1];
		e->size_bytes = v[2];
		e->rows_read = v[3];
		e->accepted = v[4];
		e->quarantined = v[5];
		e->duplicates = v[6];
		e->updates = v[7];
		e->damaged = strcmp(f[9], "1") == 0;
		if (strlen(f[2]) != 64 || e->index != reg->count + 1 ||
		    parse_reasons(e, f[10]) != 0 ||
		    unescape(f[11], strlen(f[11]), e->damage, sizeof e->damage) != 0 ||
		    unescape(f[12], strlen(f[12]), e->name, sizeof e->name) != 0) {
			ccsla_error_set(err, path, lineno, NULL, "malformed registry entry");
			goto out;
		}
		memcpy(e->sha256, f[2], 65);
		if (registry_append(reg, e, err) != 0)
			goto out;
	}
	if (ferror(fp)) {
		ccsla_error_set(err, path, 0, NULL, "read failed: %s", strerror(errno));
		goto out;
	}
	if (lineno == 0) {
		ccsla_error_set(err, path, 0, NULL, "empty registry file");
		goto out;
	}
	ret = 0;
out:
	free(e);
	free(line);
	fclose(fp);
	if (ret != 0)
		registry_free(reg);
	return ret;
}

int registry_save(const struct registry *reg, const char *state_dir, struct ccsla_error *err)
{
	char path[4200];
	struct atomic_file af;

	path_of(path, sizeof path, state_dir);
	if (atomic_open(&af, path, err) != 0)
		return -1;
	fprintf(af.fp, "%s\t1\truns\t%" PRIu32 "\n", REGISTRY_MAGIC, reg->runs);
	for (size_t i = 0; i < reg->count; i++) {
		const struct registry_entry *e = &reg->entries[i];

		fprintf(af.fp, "%" PRIu32 "\t%" PRIu32 "\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64
		        "\t%" PRId64 "\t%" PRId64 "\t%d\t",
		        e->index, e->run, e->sha256, e->size_bytes, e->rows_read, e->accepted,
		        e->quarantined, e->duplicates, e->updates, e->damaged ? 1 : 0);
		for (size_t r = 0; r < e->nreasons; r++) {
			if (r)
				fputc('|', af.fp);
			escape(af.fp, e->reasons[r].reason);
			fprintf(af.fp, "=%" PRId64, e->reasons[r].count);
		}
		fputc('\t', af.fp);
		escape(af.fp, e->damage);
		fputc('\t', af.fp);
		escape(af.fp, e->name);
		fputc('\n', af.fp);
	}
	return atomic_commit(&af, err);
}
