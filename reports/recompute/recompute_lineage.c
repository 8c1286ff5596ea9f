/* recompute_lineage.c -- manifest.json's per-input digests of the client's
 * rows, checked against the attached contacts.csv.gz (recompute_compare.h).
 *
 * An input's evidence_sha256 is the SHA-256 of the lines of contacts.csv.gz
 * (each with its LF, in file order) whose source_file is that input
 * (export.c). The lines are hashed as read, one SHA-256 state per input
 * file, so memory is one line plus the list of inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "recompute_compare.h"

struct input_digest {
	char name[256];
	EVP_MD_CTX *md;
	long long rows;
	char hex[65];
};

struct digests {
	struct input_digest *v;
	size_t n, cap;
};

static struct input_digest *find(struct digests *d, const char *name, int add)
{
	size_t i;

	for (i = d->n; i-- > 0;)
		if (!strcmp(d->v[i].name, name))
			return &d->v[i];
	if (!add)
		return NULL;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct input_digest *v = realloc(d->v, cap * sizeof *v);

		if (!v)
			return NULL;
		d->v = v;
		d->cap = cap;
	}
	memset(&d->v[d->n], 0, sizeof d->v[0]);
	snprintf(d->v[d->n].name, sizeof d->v[0].name, "%s", name);
	if (!(d->v[d->n].md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(d->v[d->n].md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(d->v[d->n].md);
		return NULL;
	}
	return &d->v[d->n++];
}

/* The source_file cell of a contacts.csv.gz line (the last but one, maybe
 * quoted), unquoted into out. -1 when the line does not end that way. */
static int source_file(const char *line, size_t len, char *out, size_t size)
{
	size_t end = len, i, n = 0;

	while (end && (line[end - 1] == '\n' || line[end - 1] == '\r'))
		end--;
	while (end && line[end - 1] != ',') /* source_line */
		end--;
	if (!end)
		return -1;
	end--; /* the comma before source_line */
	if (end && line[end - 1] == '"') {
		/* a quoted cell: back to its opening quote, past doubled quotes */
		for (i = end - 1; i > 0; i--) {
			if (line[i - 1] != '"')
				continue;
			if (i >= 2 && line[i - 2] == '"') {
				i--;
				continue;
			}
			break;
		}
		if (!i)
			return -1;
		for (size_t k = i; k < end - 1 && n + 1 < size; k++) {
			if (line[k] == '"')
				k++;
			out[n++] = line[k];
		}
	} else {
		for (i = end; i > 0 && line[i - 1] != ','; i--)
			;
		for (size_t k = i; k < end && n + 1 < size; k++)
			out[n++] = line[k];
	}
	out[n] = '\0';
	return 0;
}

/* The value of "key": in json from p on, as text (a string's quotes
 * removed, \" and \\ undone), up to the end of the current object. */
static int json_value(const char *p, const char *key, char *out, size_t size)
{
	char pat[64];
	const char *q, *end = strchr(p, '}');
	size_t n = 0;

	snprintf(pat, sizeof pat, "\"%s\": ", key);
	if (!(q = strstr(p, pat)) || (end && q > end))
		return -1;
	q += strlen(pat);
	if (*q == '"') {
		for (q++; *q && *q != '"' && n + 1 < size; q++) {
			if (*q == '\\' && q[1])
				q++;
			out[n++] = *q;
		}
	} else {
		while (*q && *q != ',' && *q != '\n' && n + 1 < size)
			out[n++] = *q++;
	}
	out[n] = '\0';
	return 0;
}

int recompute_check_lineage(const char *dir, recompute_emit emit, void *ctx, struct recompute_summary *sum,
                            struct ccsla_error *err)
{
	struct digests d = { NULL, 0, 0 };
	char path[4200], line[4096], name[256], want[80], rows_text[32];
	char *json = NULL, *p;
	long inputs = 0, bad = 0;
	size_t i, size;
	gzFile gz;
	int ret = -1, first = 1;
	FILE *fp;

	snprintf(path, sizeof path, "%s/contacts.csv.gz", dir);
	if (!(gz = gzopen(path, "rb")))
		return ccsla_error_set(err, path, 0, NULL, "cannot open");
	while (gzgets(gz, line, sizeof line)) {
		struct input_digest *in;
		size_t len = strlen(line);

		if (first) { /* the header */
			first = 0;
			continue;
		}
		if (source_file(line, len, name, sizeof name) < 0) {
			recompute_say(emit, ctx, sum, 0, "contacts.csv.gz: a line without source_file and source_line");
			ret = 1;
			goto out;
		}
		if (!(in = find(&d, name, 1))) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			goto out;
		}
		EVP_DigestUpdate(in->md, line, len);
		in->rows++;
	}
	for (i = 0; i < d.n; i++) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int n = 0, k;

		EVP_DigestFinal_ex(d.v[i].md, md, &n);
		for (k = 0; k < n && k < 32; k++)
			snprintf(d.v[i].hex + 2 * k, 3, "%02x", md[k]);
	}
	snprintf(path, sizeof path, "%s/manifest.json", dir);
	if (!(fp = fopen(path, "rb"))) {
		ccsla_error_set(err, path, 0, NULL, "cannot open");
		goto out;
	}
	fseek(fp, 0, SEEK_END);
	size = (size_t)ftell(fp);
	rewind(fp);
	if (!(json = calloc(size + 1, 1)) || fread(json, 1, size, fp) != size) {
		fclose(fp);
		ccsla_error_set(err, path, 0, NULL, "cannot read");
		goto out;
	}
	fclose(fp);
	ret = 0;
	p = strstr(json, "\"inputs\": [");
	while (p && (p = strstr(p, "\n      \"name\": \""))) {
		struct input_digest *in;
		long long rows;

		p++;
		if (json_value(p, "name", name, sizeof name) < 0 || json_value(p, "evidence_rows", rows_text, sizeof rows_text) < 0 ||
		    json_value(p, "evidence_sha256", want, sizeof want) < 0)
			break;
		rows = atoll(rows_text);
		in = find(&d, name, 0);
		inputs++;
		if (!in && rows == 0)
			continue;
		if (!in || in->rows != rows || strcmp(in->hex, want)) {
			recompute_say(emit, ctx, sum, 0, "manifest.json input %s: %lld rows, sha256 %.16s... -> %lld rows, sha256 %.16s...",
			              name, rows, want, in ? in->rows : 0, in ? in->hex : "(none)");
			bad++;
		}
		if (in)
			in->rows = -1; /* checked */
	}
	for (i = 0; i < d.n; i++)
		if (d.v[i].rows >= 0) {
			recompute_say(emit, ctx, sum, 0, "contacts.csv.gz: %lld rows from %s, an input manifest.json does not list",
			              d.v[i].rows, d.v[i].name);
			bad++;
		}
	if (!bad)
		recompute_say(emit, ctx, sum, 1, "manifest.json: the client's rows of each of its %ld inputs have the digest it lists",
		              inputs);
	ret = bad ? 1 : 0;
out:
	gzclose(gz);
	free(json);
	for (i = 0; i < d.n; i++)
		EVP_MD_CTX_free(d.v[i].md);
	free(d.v);
	return ret;
}
