/* ingest.c -- the ingest run: spill, dedupe, store, quarantine, summary,
 * registry (ingest.h).
 *
 * Commit is a small two-phase protocol, so that a crash at any point
 * leaves a state from which the next run gives the same result as an
 * uninterrupted one:
 *   1. each touched partition is merged into STATE/store/C/D.ccs.new;
 *      the quarantine file and the summary are written (run-numbered, so a
 *      retry simply rewrites them);
 *   2. each existing partition is hard-linked to D.ccs.old and the list of
 *      partitions is written to STATE/ingest/commit.tsv (the intent);
 *   3. every D.ccs.new is renamed over D.ccs;
 *   4. the registry is written: this is the commit point;
 *   5. the .old links and commit.tsv are removed.
 * ingest_open finds a leftover commit.tsv: if the registry already counts
 * its run, the run committed and the rest of 3 and 5 is finished (roll
 * forward); otherwise the partitions are restored from the .old links (roll
 * back) and the input files, not being in the registry, are read again. */
#define _GNU_SOURCE /* mremap */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crashpoint.h"
#include "core/csvw.h"
#include "core/fsutil.h"
#include "core/jsonw.h"
#include "core/store.h"
#include "core/utf8.h"
#include "canon.h"
#include "gzin.h"
#include "ingest.h"
#include "opslog.h"
#include "partw.h"

#define MAX_OPEN_SPILLS 128
/* A spill's write buffer: one write per 64 KiB, not per record (stdio's
 * setvbuf without a buffer of ours kept its 4 KiB default). */
#define SPILL_BUF (64 * 1024)

struct partition {
	char client[CONTACT_CLIENT_MAX + 1];
	int64_t day;            /* UTC days since 1970-01-01 */
	int fd;                 /* spill file, while buf is set */
	unsigned char *buf;     /* its write buffer (SPILL_BUF), when open */
	size_t used;            /* bytes in buf */
	uint64_t count;         /* records spilled */
	int existed;            /* the store file existed before this run */
	int changed;            /* a .new file was written */
};

struct ingest_run {
	char state_dir[4096];
	struct ingest_options opts;
	struct registry reg;
	uint32_t run_no;
	struct ingest_file *files;
	size_t nfiles, files_cap;
	uint32_t first_index;   /* registry index of the run's first new file */
	size_t *file_of_index;  /* run file of each new index (index - first_index) */
	size_t nindexed;
	char spill_dir[4200];
	int spill_made;
	struct partition *parts;
	size_t nparts, parts_cap;
	size_t *hash;           /* open addressing: part number + 1, 0 empty */
	size_t hash_cap;
	size_t last_part;       /* consecutive rows mostly share a partition */
	int open_spills;
	struct atomic_file quar;
	int quar_open;
	char quar_rel[64];
	char summary_rel[64];
	int committed;
	struct opslog *ops;     /* operations-log rows of the run (opslog.h); NULL: none */
	struct extra_part { char rel[300]; int existed; } *extras; /* their .new partitions */
	size_t nextras, extras_cap;
};

/* --- small helpers --- */

static int quarantine_row(struct ingest_run *run, const char *file_name, long line, const char *column,
                          const char *reason, const char *raw, size_t raw_len, struct ccsla_error *err);

static int64_t day_of(int64_t ms)
{
	return ms >= 0 ? ms / MS_PER_DAY : -((-ms + MS_PER_DAY - 1) / MS_PER_DAY);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/* Spill directories of earlier runs that died: we hold the lock, so no
 * live run owns them. */
static void remove_stale_spills(const char *state_dir)
{
	char dir[4200], path[8400];
	DIR *d;
	struct dirent *de;

	snprintf(dir, sizeof dir, "%s/ingest", state_dir);
	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "spill.", 6) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		remove_tree(path);
	}
	closedir(d);
}

/* Temporary files of a run that died before its commit list was written
 * (partial "*.tmp.*" files, "*.new" partitions not yet in place): nothing
 * refers to them, and we hold the lock. */
static void remove_debris_in(const char *dir, int new_too)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[8400];

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (strstr(de->d_name, ".tmp.") || (new_too && n > 4 && strcmp(de->d_name + n - 4, ".new") == 0)) {
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			unlink(path);
		}
	}
	closedir(d);
}

static void remove_debris(const char *state_dir)
{
	char dir[4200], sub[8400];
	DIR *d;
	struct dirent *de;

	snprintf(dir, sizeof dir, "%s/quarantine", state_dir);
	remove_debris_in(dir, 0);
	snprintf(dir, sizeof dir, "%s/ingest", state_dir);
	remove_debris_in(dir, 0);
	snprintf(dir, sizeof dir, "%s/store", state_dir);
	if ((d = opendir(dir))) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
			remove_debris_in(sub, 1);
		}
		closedir(d);
	}
	/* STATE/ops/<kind>/<client>/ */
	snprintf(dir, sizeof dir, "%s/ops", state_dir);
	if ((d = opendir(dir))) {
		while ((de = readdir(d))) {
			DIR *k;
			struct dirent *ce;
			char client[8800];

			if (de->d_name[0] == '.')
				continue;
			snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
			if (!(k = opendir(sub)))
				continue;
			while ((ce = readdir(k))) {
				if (ce->d_name[0] == '.')
					continue;
				snprintf(client, sizeof client, "%s/%s", sub, ce->d_name);
				remove_debris_in(client, 1);
			}
			closedir(k);
		}
		closedir(d);
	}
}

/* --- recovery of an interrupted commit --- */

/* 1 when rel is a path commit() writes into the list: a store partition
 * "store/<client>/<name>.ccs" with no "." or ".." component, so recovery
 * renames and removes nothing outside STATE/store. */
static int is_ops_partition_rel(const char *rel)
{
	const char *p = rel + 4, *s1, *s2;
	size_t n = strlen(rel);

	if (strncmp(rel, "ops/", 4) != 0 || n < 20 || strcmp(rel + n - 4, ".tsv") != 0 || strchr(rel, '\\'))
		return 0;
	if (!(s1 = strchr(p, '/')) || s1 == p || !(s2 = strchr(s1 + 1, '/')) || s2 == s1 + 1 ||
	    strchr(s2 + 1, '/'))
		return 0;
	return p[0] != '.' && s1[1] != '.' && s2[1] != '.';
}

static int is_partition_rel(const char *rel)
{
	const char *p = rel + 6, *slash;
	size_t n = strlen(rel);

	if (is_ops_partition_rel(rel))
		return 1;

	if (strncmp(rel, "store/", 6) != 0 || n < 11 || strcmp(rel + n - 4, ".ccs") != 0 || strchr(rel, '\\'))
		return 0;
	if (!(slash = strchr(p, '/')) || slash == p || strchr(slash + 1, '/'))
		return 0;
	return p[0] != '.' && slash[1] != '.';
}

static int recover(struct ingest_run *run, struct ccsla_error *err)
{
	char manifest[4200], *line = NULL, path[8400], side[8500];
	size_t cap = 0;
	ssize_t got;
	FILE *fp;
	long run_no = -1;
	int forward = 0, ret = -1;

	snprintf(manifest, sizeof manifest, "%s/ingest/commit.tsv", run->state_dir);
	if (!(fp = fopen(manifest, "rb"))) {
		if (errno == ENOENT)
			return 0;
		return ccsla_error_set(err, manifest, 0, NULL, "cannot open: %s", strerror(errno));
	}
	/* First every line is checked: a list that is not what commit() wrote
	 * (a path outside the store) changes nothing. */
	for (long line_no = 1; (got = getline(&line, &cap, fp)) > 0; line_no++) {
		char *tab = strchr(line, '\t');
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if (line_no > 1 && tab && !is_partition_rel(tab + 1)) {
			ccsla_error_set(err, manifest, line_no, NULL, "names '%.80s', not a store partition: not a "
			                "commit list ccsla wrote; nothing was renamed or removed", tab + 1);
			goto out;
		}
	}
	rewind(fp);
	while ((got = getline(&line, &cap, fp)) > 0) {
		char *tab;
		int existed;

		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if (run_no < 0) {
			if (sscanf(line, "run\t%ld", &run_no) != 1) {
				ccsla_error_set(err, manifest, 1, NULL, "not an ingest commit list");
				goto out;
			}
			forward = (uint32_t)run_no <= run->reg.runs;
			continue;
		}
		if (!(tab = strchr(line, '\t')) || (line[0] != '0' && line[0] != '1')) {
			ccsla_error_set(err, manifest, 0, NULL, "malformed line '%.80s'", line);
			goto out;
		}
		existed = line[0] == '1';
		snprintf(path, sizeof path, "%s/%s", run->state_dir, tab + 1);
		if (forward) {
			snprintf(side, sizeof side, "%s.new", path);
			if (rename(side, path) != 0 && errno != ENOENT) {
				ccsla_error_set(err, side, 0, NULL, "cannot rename into place: %s", strerror(errno));
				goto out;
			}
			snprintf(side, sizeof side, "%s.old", path);
			unlink(side);
		} else {
			snprintf(side, sizeof side, "%s.old", path);
			if (existed) {
				if (rename(side, path) != 0 && errno != ENOENT) {
					ccsla_error_set(err, side, 0, NULL, "cannot restore: %s", strerror(errno));
					goto out;
				}
			} else if (unlink(path) != 0 && errno != ENOENT) {
				ccsla_error_set(err, path, 0, NULL, "cannot remove: %s", strerror(errno));
				goto out;
			}
			snprintf(side, sizeof side, "%s.new", path);
			unlink(side);
		}
	}
	fclose(fp);
	fp = NULL;
	crashpoint("ingest recovery done");
	if (unlink(manifest) != 0) {
		ccsla_error_set(err, manifest, 0, NULL, "cannot remove: %s", strerror(errno));
		goto out;
	}
	fprintf(stderr, "ccsla ingest: finished an interrupted run %ld (%s)\n", run_no,
	        forward ? "it had committed" : "rolled back; its files are read again");
	ret = 0;
out:
	if (fp)
		fclose(fp);
	free(line);
	return ret;
}

/* --- open, files --- */

int ingest_open(struct ingest_run **out, const char *state_dir, const struct ingest_options *opts,
                struct ccsla_error *err)
{
	struct ingest_run *run = calloc(1, sizeof *run);
	char dir[4200];

	*out = NULL;
	if (!run)
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	snprintf(run->state_dir, sizeof run->state_dir, "%s", state_dir);
	if (opts)
		run->opts = *opts;
	snprintf(dir, sizeof dir, "%s/ingest", state_dir);
	if (mkdir_p(dir, err) != 0 || registry_load(&run->reg, state_dir, err) != 0 ||
	    recover(run, err) != 0) {
		registry_free(&run->reg);
		free(run);
		return -1;
	}
	remove_stale_spills(state_dir);
	remove_debris(state_dir);
	run->run_no = run->reg.runs + 1;
	run->first_index = (uint32_t)run->reg.count + 1;
	/* A quarantine file with this run's number is left from a run that
	 * died before its commit point; this run writes its own or none. */
	snprintf(dir, sizeof dir, "%s/quarantine/run-%06" PRIu32 ".csv", state_dir, run->run_no);
	unlink(dir);
	snprintf(run->spill_dir, sizeof run->spill_dir, "%s/ingest/spill.%ld", state_dir, (long)getpid());
	*out = run;
	return 0;
}

static int add_file(struct ingest_run *run, const char *path, int gzip, size_t *file, struct ccsla_error *err)
{
	struct ingest_file *f;
	const struct registry_entry *prev;
	struct stat st;

	if (run->nfiles == run->files_cap) {
		size_t cap = run->files_cap ? run->files_cap * 2 : 8;
		struct ingest_file *n = realloc(run->files, cap * sizeof *n);
		size_t *m;

		if (!n)
			return ccsla_error_set(err, path, 0, NULL, "out of memory");
		run->files = n;
		if (!(m = realloc(run->file_of_index, cap * sizeof *m)))
			return ccsla_error_set(err, path, 0, NULL, "out of memory");
		run->file_of_index = m;
		run->files_cap = cap;
	}
	f = &run->files[run->nfiles];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", path);
	snprintf(f->reg.name, sizeof f->reg.name, "%s", base_name(path));
	if (stat(path, &st) != 0)
		return ccsla_error_set(err, path, 0, NULL, "cannot read: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ccsla_error_set(err, path, 0, NULL, "not a regular file");
	f->reg.size_bytes = (int64_t)st.st_size;
	if (gzip) {
		int rc = gzin_sniff(path, err);
		if (rc < 0)
			return -1;
		if (rc == 1) { /* refused: not hashed, no index, not registered */
			f->refused = 1;
			f->reg.damaged = 1;
			snprintf(f->reg.damage, sizeof f->reg.damage, "%s", err->msg);
			ccsla_error_clear(err);
			*file = run->nfiles++;
			return 0;
		}
	}
	if (sha256_file_hex(path, f->reg.sha256, err) != 0)
		return -1;
	*file = run->nfiles++;
	if ((prev = registry_find_sha(&run->reg, f->reg.sha256))) {
		f->skipped = 1;
		f->skipped_as = prev->index;
		return 1;
	}
	for (size_t i = 0; i + 1 < run->nfiles; i++)
		if (!run->files[i].skipped && strcmp(run->files[i].reg.sha256, f->reg.sha256) == 0) {
			f->skipped = 1;
			f->skipped_as = run->files[i].reg.index;
			return 1;
		}
	f->reg.index = run->first_index + (uint32_t)run->nindexed;
	f->reg.run = run->run_no;
	run->file_of_index[run->nindexed++] = *file;
	return 0;
}

int ingest_add_file(struct ingest_run *run, const char *path, size_t *file, struct ccsla_error *err)
{
	return add_file(run, path, 1, file, err);
}

int ingest_add_plain_file(struct ingest_run *run, const char *path, size_t *file, struct ccsla_error *err)
{
	return add_file(run, path, 0, file, err);
}

size_t ingest_file_count(const struct ingest_run *run) { return run->nfiles; }
const struct ingest_file *ingest_file_at(const struct ingest_run *run, size_t file) { return &run->files[file]; }
const struct ingest_options *ingest_opts(const struct ingest_run *run) { return &run->opts; }
uint32_t ingest_run_number(const struct ingest_run *run) { return run->run_no; }
const char *ingest_summary_path(const struct ingest_run *run) { return run->summary_rel; }
const char *ingest_quarantine_path(const struct ingest_run *run) { return run->quar_rel; }

void ingest_damaged(struct ingest_run *run, size_t file, const char *what)
{
	struct ingest_file *f = &run->files[file];

	if (f->reg.damaged)
		return; /* the first damage is the one that stopped the reading */
	f->reg.damaged = 1;
	snprintf(f->reg.damage, sizeof f->reg.damage, "%s", what);
}

void ingest_ignored_column(struct ingest_run *run, size_t file, const char *name)
{
	struct ingest_file *f = &run->files[file];

	if (f->nignored < sizeof f->ignored / sizeof f->ignored[0])
		snprintf(f->ignored[f->nignored++], sizeof f->ignored[0], "%.64s", name);
}

/* --- partitions and spill files --- */

/* --- for operations logs (opslog.c) --- */

const char *ingest_state_dir(const struct ingest_run *run) { return run->state_dir; }
struct opslog **ingest_opslog(struct ingest_run *run) { return &run->ops; }
struct registry_entry *ingest_file_entry(struct ingest_run *run, size_t file) { return &run->files[file].reg; }

const char *ingest_spill_dir(struct ingest_run *run)
{
	return run->spill_dir;
}

int ingest_unaccept(struct ingest_run *run, uint32_t index, long line, const char *column, const char *reason,
                    const char *raw, size_t raw_len, struct ccsla_error *err)
{
	struct ingest_file *f;

	if (index < run->first_index || index - run->first_index >= run->nindexed)
		return ccsla_error_set(err, NULL, 0, NULL, "spill names file %" PRIu32 ", not of this run", index);
	f = &run->files[run->file_of_index[index - run->first_index]];
	f->reg.accepted--;
	if (!reason) {
		f->reg.duplicates++;
		return 0;
	}
	f->reg.quarantined++;
	registry_count_reason(&f->reg, reason, 1);
	return quarantine_row(run, f->reg.name, line, column, reason, raw, raw_len, err);
}

int ingest_count_update(struct ingest_run *run, uint32_t index, struct ccsla_error *err)
{
	if (index < run->first_index || index - run->first_index >= run->nindexed)
		return ccsla_error_set(err, NULL, 0, NULL, "spill names file %" PRIu32 ", not of this run", index);
	run->files[run->file_of_index[index - run->first_index]].reg.updates++;
	return 0;
}

int ingest_extra_partition(struct ingest_run *run, const char *rel, int existed, struct ccsla_error *err)
{
	if (strlen(rel) >= sizeof run->extras[0].rel || !is_ops_partition_rel(rel))
		return ccsla_error_set(err, NULL, 0, NULL, "'%s' is not an operations-log partition", rel);
	if (run->nextras == run->extras_cap) {
		size_t cap = run->extras_cap ? run->extras_cap * 2 : 16;
		struct extra_part *p = realloc(run->extras, cap * sizeof *p);

		if (!p)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		run->extras = p;
		run->extras_cap = cap;
	}
	snprintf(run->extras[run->nextras].rel, sizeof run->extras[0].rel, "%s", rel);
	run->extras[run->nextras++].existed = existed;
	return 0;
}

static uint64_t part_hash(const char *client, int64_t day)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)day;

	for (; *client; client++)
		h = (h ^ (unsigned char)*client) * 1099511628211u;
	return h * 0x9E3779B97F4A7C15u;
}

static int hash_grow(struct ingest_run *run)
{
	size_t cap = run->hash_cap ? run->hash_cap * 2 : 64;
	size_t *h = calloc(cap, sizeof *h);

	if (!h)
		return -1;
	for (size_t i = 0; i < run->nparts; i++) {
		size_t at = (size_t)(part_hash(run->parts[i].client, run->parts[i].day) & (cap - 1));
		while (h[at])
			at = (at + 1) & (cap - 1);
		h[at] = i + 1;
	}
	free(run->hash);
	run->hash = h;
	run->hash_cap = cap;
	return 0;
}

static void spill_path(const struct ingest_run *run, size_t part, char *buf, size_t size)
{
	snprintf(buf, size, "%s/p%zu.spill", run->spill_dir, part);
}

/* The partition of (client, day), created when new; -1 on error. */
static long part_find(struct ingest_run *run, const char *client, int64_t day, struct ccsla_error *err)
{
	struct partition *p;
	size_t at;

	if (run->nparts && run->parts[run->last_part].day == day &&
	    strcmp(run->parts[run->last_part].client, client) == 0)
		return (long)run->last_part;
	if ((run->nparts + 1) * 2 > run->hash_cap && hash_grow(run) != 0)
		return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
	at = (size_t)(part_hash(client, day) & (run->hash_cap - 1));
	while (run->hash[at]) {
		p = &run->parts[run->hash[at] - 1];
		if (p->day == day && strcmp(p->client, client) == 0)
			return (long)(run->last_part = run->hash[at] - 1);
		at = (at + 1) & (run->hash_cap - 1);
	}
	if (run->nparts == run->parts_cap) {
		size_t cap = run->parts_cap ? run->parts_cap * 2 : 64;
		struct partition *n = realloc(run->parts, cap * sizeof *n);
		if (!n)
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		run->parts = n;
		run->parts_cap = cap;
	}
	p = &run->parts[run->nparts];
	memset(p, 0, sizeof *p);
	snprintf(p->client, sizeof p->client, "%s", client);
	p->day = day;
	run->hash[at] = run->nparts + 1;
	run->last_part = run->nparts;
	return (long)run->nparts++;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t got = write(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Writes a spill's buffer out, closes its file and frees the buffer. */
static int spill_close(struct ingest_run *run, struct partition *p, struct ccsla_error *err)
{
	int bad = write_all(p->fd, p->buf, p->used) != 0;

	bad |= close(p->fd) != 0;
	free(p->buf);
	p->buf = NULL;
	p->used = 0;
	run->open_spills--;
	if (bad)
		return ccsla_error_set(err, run->spill_dir, 0, NULL, "spill write failed: %s", strerror(errno));
	return 0;
}

static int close_spills(struct ingest_run *run, struct ccsla_error *err)
{
	int ret = 0;

	for (size_t i = 0; i < run->nparts; i++)
		if (run->parts[i].buf && spill_close(run, &run->parts[i], err) != 0)
			ret = -1;
	return ret;
}

int ingest_accept(struct ingest_run *run, size_t file, long line, const struct contact *c,
                  struct ccsla_error *err)
{
	struct ingest_file *f = &run->files[file];
	struct contact copy = *c;
	struct partition *p;
	long part;

	if ((part = part_find(run, c->client_id, day_of(c->arrived_at_ms), err)) < 0)
		return -1;
	p = &run->parts[part];
	if (!p->buf) {
		char path[8400];
		if (!run->spill_made) {
			if (mkdir_p(run->spill_dir, err) != 0)
				return -1;
			run->spill_made = 1;
		}
		/* Spill files are many (one per client-day); keep a bounded number
		 * open and reopen in append mode when needed. */
		if (run->open_spills >= MAX_OPEN_SPILLS && close_spills(run, err) != 0)
			return -1;
		spill_path(run, (size_t)part, path, sizeof path);
		/* O_NOFOLLOW: a link planted in the spill directory is not written through */
		if ((p->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0)
			return ccsla_error_set(err, path, 0, NULL, "cannot create spill file: %s", strerror(errno));
		if (!(p->buf = malloc(SPILL_BUF))) {
			close(p->fd);
			return ccsla_error_set(err, path, 0, NULL, "out of memory");
		}
		p->used = 0;
		run->open_spills++;
	}
	if (p->used + STORE_RECORD_MAX > SPILL_BUF) {
		if (write_all(p->fd, p->buf, p->used) != 0)
			return ccsla_error_set(err, run->spill_dir, 0, NULL, "spill write failed: %s", strerror(errno));
		p->used = 0;
	}
	copy.src_file = f->reg.index;
	copy.src_line = (uint32_t)line;
	p->used += store_record_encode(&copy, p->buf + p->used);
	p->count++;
	f->reg.rows_read++;
	f->reg.accepted++;
	return 0;
}

/* --- quarantine --- */

/* Writes raw bytes as one CSV cell, with NUL bytes and bytes that are not
 * UTF-8 shown as \xHH so the quarantine file itself is valid text. */
static void write_raw_cell(FILE *fp, const char *raw, size_t n)
{
	char small[8192]; /* most rows: no allocation per quarantined row */
	size_t o = 0;
	char *buf = n * 4 + 1 <= sizeof small ? small : malloc(n * 4 + 1);

	if (!buf) {
		csv_write_cell(fp, "(row not shown: out of memory)");
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t ok = utf8_check((const unsigned char *)raw + i, n - i);
		const char *nul = memchr(raw + i, '\0', ok);
		if (nul)
			ok = (size_t)(nul - (raw + i));
		memcpy(buf + o, raw + i, ok);
		o += ok;
		i += ok;
		if (i < n) {
			o += (size_t)sprintf(buf + o, "\\x%02X", (unsigned char)raw[i]);
			i++;
		}
	}
	buf[o] = '\0';
	csv_write_cell(fp, buf);
	if (buf != small)
		free(buf);
}

static int quarantine_row(struct ingest_run *run, const char *file_name, long line, const char *column,
                          const char *reason, const char *raw, size_t raw_len, struct ccsla_error *err)
{
	if (!run->quar_open) {
		char path[4300];
		snprintf(run->quar_rel, sizeof run->quar_rel, "quarantine/run-%06" PRIu32 ".csv", run->run_no);
		snprintf(path, sizeof path, "%s/%s", run->state_dir, run->quar_rel);
		if (atomic_open(&run->quar, path, err) != 0)
			return -1;
		run->quar_open = 1;
		fputs("source_file,line,column,reason,raw_row\n", run->quar.fp);
	}
	csv_write_cell(run->quar.fp, file_name);
	fprintf(run->quar.fp, ",%ld,", line);
	csv_write_cell(run->quar.fp, column);
	fputc(',', run->quar.fp);
	csv_write_cell(run->quar.fp, reason);
	fputc(',', run->quar.fp);
	write_raw_cell(run->quar.fp, raw, raw_len);
	fputc('\n', run->quar.fp);
	if (ferror(run->quar.fp))
		return ccsla_error_set(err, run->quar.path, 0, NULL, "write failed: %s", strerror(errno));
	return 0;
}

int ingest_reject(struct ingest_run *run, size_t file, long line, const char *column,
                  const char *reason, const char *raw, size_t raw_len, struct ccsla_error *err)
{
	struct ingest_file *f = &run->files[file];

	f->reg.rows_read++;
	f->reg.quarantined++;
	registry_count_reason(&f->reg, reason, 1);
	return quarantine_row(run, f->reg.name, line, column, reason, raw, raw_len, err);
}

/* --- commit: one partition --- */

/* A record of the partition being merged: its encoded bytes stay in the
 * merge's arena; only records that share a contact_id are ever decoded. */
struct ment {
	int64_t arrived_ms;
	uint32_t off;             /* encoded record in the arena, length included
	                           * (merge_reserve keeps the arena below 4 GiB) */
	uint32_t prev;            /* the open version it replaced, or NO_ENT */
	uint16_t len;             /* bytes of the record */
	uint8_t cid_off;          /* contact_id bytes at rec + cid_off */
	uint8_t cid_len;
	uint8_t from_run;         /* 1: read in this run */
	uint8_t fate;             /* FATE_* */
};
/* 24 bytes: the index of the largest partition of a 20 M-row month (228,000
 * records) is a sixth of ingest's memory */
_Static_assert(sizeof(struct ment) <= 24, "a merge entry stays small");

#define NO_ENT UINT32_MAX
enum { FATE_KEEP, FATE_SUPERSEDED };

/* The spill is read this much at a time, into the arena's free end. */
#define SPILL_CHUNK (256 * 1024)
/* The bytes of partitions in memory at once, being merged and being
 * written, before the merge waits for the writer (partw_make_room): the
 * ingest's 64 MiB holds this, the records' index (40 bytes a record) and
 * the spill buffers. */
#define MERGE_BUDGET ((size_t)24 << 20)

/* One partition's merge. The arena holds only the records that stay or
 * that an update replaced (stored ones first, then this run's in spill
 * order): a duplicate or a conflict is settled as soon as it is read, and
 * its bytes are overwritten by the next record that stays. So memory
 * grows with the records the partition keeps, never with the rows read
 * (a file of one row repeated a million times keeps one record). */
struct merge {
	unsigned char *arena;
	size_t used, cap;         /* bytes of kept records; bytes allocated */
	struct ment *ents;        /* the records in the arena, in order */
	size_t n, ents_cap;
	uint32_t *slot;           /* contact_id -> entry + 1 holding it now; 0 empty */
	size_t hcap;              /* a power of two, at least twice n */
};

static int cid_cmp(const struct ment *x, const struct ment *y, const unsigned char *arena)
{
	size_t n = x->cid_len < y->cid_len ? x->cid_len : y->cid_len;
	int c = memcmp(arena + x->off + x->cid_off, arena + y->off + y->cid_off, n);

	return c ? c : (int)x->cid_len - (int)y->cid_len;
}

/* The store's order: (arrived_at, contact_id); contact_id is compared as
 * bytes, as strcmp does. */
static int by_arrival(const void *a, const void *b, void *arena)
{
	const struct ment *x = a, *y = b;

	if (x->arrived_ms != y->arrived_ms)
		return x->arrived_ms < y->arrived_ms ? -1 : 1;
	return cid_cmp(x, y, arena);
}

static struct ingest_file *file_of(struct ingest_run *run, const struct contact *c)
{
	return &run->files[run->file_of_index[c->src_file - run->first_index]];
}

/* Fills e from the encoded record at rec, of which avail bytes are there:
 * 1 when they hold it whole, 0 when it needs more, -1 when malformed. */
static int ment_parse(struct ment *e, const unsigned char *rec, size_t avail, int from_run)
{
	size_t body, cl, il;
	uint64_t v = 0;

	if (avail < 2)
		return 0;
	body = (size_t)rec[0] | (size_t)rec[1] << 8;
	if (body < STORE_RECORD_MIN || body + 2 > STORE_RECORD_MAX)
		return -1;
	if (body + 2 > avail)
		return 0;
	cl = rec[STORE_REC_STRINGS];
	if (STORE_REC_STRINGS + 2 + cl > body + 2)
		return -1;
	il = rec[STORE_REC_STRINGS + 1 + cl];
	if (STORE_REC_STRINGS + 2 + cl + il > body + 2)
		return -1;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | rec[STORE_REC_ARRIVED + i];
	e->off = 0;
	e->arrived_ms = (int64_t)v;
	e->prev = NO_ENT;
	e->len = (uint16_t)(body + 2);
	e->cid_off = (uint8_t)(STORE_REC_STRINGS + 2 + cl);
	e->cid_len = (uint8_t)il;
	e->from_run = (uint8_t)from_run;
	e->fate = FATE_KEEP;
	return 1;
}

static uint64_t cid_hash(const unsigned char *cid, size_t len)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ cid[i]) * 1099511628211u;
	return h * 0x9E3779B97F4A7C15u;
}

/* The slot of contact_id cid: the entry holding it, or the empty slot
 * where it goes. */
static size_t merge_slot(const struct merge *m, const unsigned char *cid, size_t len)
{
	size_t at = (size_t)(cid_hash(cid, len) & (m->hcap - 1));

	while (m->slot[at]) {
		const struct ment *e = &m->ents[m->slot[at] - 1];
		if (e->cid_len == len && memcmp(m->arena + e->off + e->cid_off, cid, len) == 0)
			break;
		at = (at + 1) & (m->hcap - 1);
	}
	return at;
}

/* Makes room in the hash table for one more entry (at least twice as many
 * slots as entries); -1 when out of memory. */
static int merge_hash_room(struct merge *m)
{
	size_t cap = m->hcap ? m->hcap : 1024;
	uint32_t *s;

	if ((m->n + 1) * 2 <= m->hcap)
		return 0;
	while ((m->n + 1) * 2 > cap)
		cap *= 2;
	if (!(s = calloc(cap, sizeof *s)))
		return -1;
	free(m->slot);
	m->slot = s;
	m->hcap = cap;
	for (size_t i = 0; i < m->n; i++) {
		const struct ment *e = &m->ents[i];
		size_t at;
		if (e->fate != FATE_KEEP)
			continue;
		at = merge_slot(m, m->arena + e->off + e->cid_off, e->cid_len);
		if (!m->slot[at])
			m->slot[at] = (uint32_t)i + 1;
	}
	return 0;
}

/* The arena holds at least need bytes; -1 when out of memory. It is
 * mapped, not malloc'd: glibc raises its mmap threshold each time a large
 * block is freed, after which the arenas of the next partitions came from
 * the heap and stayed there (peak 26 MB instead of 16 MB for a 1-million-row
 * file). Untouched pages of the mapping cost nothing. */
static int merge_reserve(struct merge *m, size_t need)
{
	size_t cap = m->cap ? m->cap : 1024 * 1024;
	void *a;

	if (need <= m->cap)
		return 0;
	if (need > UINT32_MAX)
		return -1; /* struct ment's offsets are 32-bit */
	while (cap < need)
		cap *= 2;
	if (m->arena)
		a = mremap(m->arena, m->cap, cap, MREMAP_MAYMOVE);
	else
		a = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		return -1;
	m->arena = a;
	m->cap = cap;
	return 0;
}

/* Appends e (its bytes already at m->arena + e->off) as an entry and, when
 * its slot is empty, makes it the holder of its contact_id; -1 when out of
 * memory. */
static int merge_push(struct merge *m, const struct ment *e, size_t at)
{
	if (m->n == m->ents_cap) {
		size_t cap = m->ents_cap ? m->ents_cap * 2 : 4096;
		struct ment *n = cap < NO_ENT ? realloc(m->ents, cap * sizeof *n) : NULL;
		if (!n)
			return -1;
		m->ents = n;
		m->ents_cap = cap;
	}
	m->ents[m->n++] = *e;
	if (!m->slot[at])
		m->slot[at] = (uint32_t)m->n;
	return 0;
}

static void merge_free(struct merge *m)
{
	if (m->arena)
		munmap(m->arena, m->cap);
	free(m->ents);
	free(m->slot);
	memset(m, 0, sizeof *m);
}

/* Settles e, a record of this run (bytes at m->arena + e->off) whose
 * contact_id entry `held` holds (spec, "Duplicates"): 1 it stays, as an
 * update that replaces `held`; 0 it goes, counted as a duplicate or
 * quarantined as a conflict (the first stays); -1 on error. */
static int settle(struct ingest_run *run, struct merge *m, const struct ment *e, uint32_t held,
                  const char *what, struct ccsla_error *err)
{
	struct contact c, v;
	struct ingest_file *f;
	int held_open = 0;
	char raw[2048];
	size_t len;

	if (store_record_decode(m->arena + e->off + 2, e->len - 2u, &c) != 0)
		return ccsla_error_set(err, what, 0, NULL, "spill file damaged");
	f = file_of(run, &c);
	/* Same content as any version kept so far, the replaced open row
	 * included: a duplicate. */
	for (uint32_t k = held; k != NO_ENT; k = m->ents[k].prev) {
		const struct ment *x = &m->ents[k];
		if (store_record_decode(m->arena + x->off + 2, x->len - 2u, &v) != 0)
			return ccsla_error_set(err, what, 0, NULL, "spill file damaged");
		if (k == held)
			held_open = v.outcome == OUT_OPEN;
		if (contact_same_content(&v, &c)) {
			f->reg.accepted--;
			f->reg.duplicates++;
			return 0;
		}
	}
	if (held_open && c.outcome != OUT_OPEN) {
		f->reg.updates++;
		return 1;
	}
	len = canon_format_row(raw, sizeof raw, &c);
	f->reg.accepted--;
	f->reg.quarantined++;
	registry_count_reason(&f->reg, INGEST_R_CONFLICT, 1);
	if (quarantine_row(run, f->reg.name, (long)c.src_line, "contact_id", INGEST_R_CONFLICT, raw,
	                   len < sizeof raw ? len : sizeof raw - 1, err) != 0)
		return -1;
	return 0;
}

/* Reads this run's spill of a partition into the merge, a chunk at a time
 * into the arena's free end, settling each record as it comes; only the
 * records that stay are kept (moved down over the ones that went). */
static int merge_spill(struct ingest_run *run, struct merge *m, int fd, const char *spill,
                       struct ccsla_error *err)
{
	size_t rd = m->used, end = m->used; /* unsettled bytes: arena[rd, end) */

	for (;;) {
		ssize_t got;

		if (rd > m->used) { /* the start of a record the last read cut */
			memmove(m->arena + m->used, m->arena + rd, end - rd);
			end = m->used + (end - rd);
			rd = m->used;
		}
		if (merge_reserve(m, end + SPILL_CHUNK) != 0)
			return ccsla_error_set(err, spill, 0, NULL, "out of memory");
		got = read(fd, m->arena + end, SPILL_CHUNK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ccsla_error_set(err, spill, 0, NULL, "cannot read spill file: %s", strerror(errno));
		if (got == 0)
			break;
		end += (size_t)got;
		while (rd < end) {
			struct ment e;
			size_t at;
			int rc = ment_parse(&e, m->arena + rd, end - rd, 1), stay = 1;

			if (rc == 0)
				break;
			if (rc < 0)
				return ccsla_error_set(err, spill, 0, NULL, "spill file damaged");
			if (merge_hash_room(m) != 0)
				return ccsla_error_set(err, spill, 0, NULL, "out of memory");
			e.off = (uint32_t)rd;
			at = merge_slot(m, m->arena + rd + e.cid_off, e.cid_len);
			if (m->slot[at]) {
				uint32_t held = m->slot[at] - 1;
				if ((stay = settle(run, m, &e, held, spill, err)) < 0)
					return -1;
				if (stay) {
					e.prev = held;
					m->ents[held].fate = FATE_SUPERSEDED;
					m->slot[at] = 0; /* e holds it now */
				}
			}
			rd += e.len;
			if (!stay)
				continue;
			if (e.off != m->used)
				memmove(m->arena + m->used, m->arena + e.off, e.len);
			e.off = (uint32_t)m->used;
			m->used += e.len;
			if (merge_push(m, &e, at) != 0)
				return ccsla_error_set(err, spill, 0, NULL, "out of memory");
		}
	}
	if (rd != end)
		return ccsla_error_set(err, spill, 0, NULL, "spill file damaged");
	return 0;
}

/* Loads a partition's stored records into the merge; -1 when the store
 * file cannot be read (a damaged store is never overwritten). */
static int merge_stored(struct merge *m, const char *store_path, struct ccsla_error *err)
{
	struct store_reader rd;
	struct contact c;
	int rc;

	if (store_reader_open(&rd, store_path, err) != 0)
		return -1;
	while ((rc = store_reader_next(&rd, &c, err)) > 0) {
		struct ment e;
		size_t len, at;
		/* A stored record re-encodes to the bytes it had in its file. */
		if (merge_reserve(m, m->used + STORE_RECORD_MAX) != 0 || merge_hash_room(m) != 0) {
			rc = ccsla_error_set(err, store_path, 0, NULL, "out of memory");
			break;
		}
		len = store_record_encode(&c, m->arena + m->used);
		if (ment_parse(&e, m->arena + m->used, len, 0) != 1) {
			rc = ccsla_error_set(err, store_path, 0, NULL, "record does not re-encode");
			break;
		}
		e.off = (uint32_t)m->used;
		at = merge_slot(m, m->arena + e.off + e.cid_off, e.cid_len);
		m->used += len;
		if (merge_push(m, &e, at) != 0) {
			rc = ccsla_error_set(err, store_path, 0, NULL, "out of memory");
			break;
		}
	}
	store_reader_close(&rd);
	return rc < 0 ? -1 : 0;
}

/* Sorts the kept entries into store order. They come nearly in that order
 * already (a log is written as time goes by; updates and late rows are the
 * exceptions), so the in-order run stays where it is, only the others are
 * sorted, and the two are merged. (arrived_at, contact_id) is unique among
 * kept entries, so this is the order a full sort gives. */
static int sort_by_arrival(struct ment *m, size_t n, unsigned char *arena)
{
	struct ment *late = NULL;
	size_t a = 0, b = 0, late_cap = 0;

	if (n < 2)
		return 0;
	/* late grows with the late entries, which are few: one of n entries
	 * was 7 MB for the largest partition of a 20 M-row month */
	for (size_t i = 0; i < n; i++) {
		if (a == 0 || by_arrival(&m[i], &m[a - 1], arena) >= 0) {
			m[a++] = m[i];
			continue;
		}
		if (b == late_cap) {
			size_t cap = late_cap ? late_cap * 2 : 1024;
			struct ment *grown = realloc(late, cap * sizeof *grown);
			if (!grown) {
				free(late);
				return -1;
			}
			late = grown;
			late_cap = cap;
		}
		late[b++] = m[i];
	}
	if (b > 0) {
		size_t i = a, j = b, k = n; /* merge from the back: counts, not indexes */
		qsort_r(late, b, sizeof *late, by_arrival, arena);
		while (j > 0) {
			if (i > 0 && by_arrival(&m[i - 1], &late[j - 1], arena) > 0)
				m[--k] = m[--i];
			else
				m[--k] = late[--j];
		}
	}
	free(late);
	return 0;
}


/* Merges one partition's stored records and this run's spill into a job
 * for the writer (when the partition changes). */
static int merge_partition(struct ingest_run *run, size_t part, struct partw *pw, struct ccsla_error *err)
{
	struct partition *p = &run->parts[part];
	char store_path[8400], spill[8400];
	struct partw_job job;
	struct merge m;
	struct stat st, sst;
	size_t kept = 0, guess;
	int ret = -1, changed = 0, fd = -1;

	memset(&job, 0, sizeof job);
	memset(&m, 0, sizeof m);
	store_partition_path(store_path, sizeof store_path, run->state_dir, p->client, p->day * MS_PER_DAY);
	spill_path(run, part, spill, sizeof spill);
	p->existed = stat(store_path, &st) == 0;
	if ((fd = open(spill, O_RDONLY)) < 0 || fstat(fd, &sst) != 0) {
		ccsla_error_set(err, spill, 0, NULL, "cannot read spill file: %s", strerror(errno));
		goto out;
	}
	unlink(spill);
	/* Room for what the partition will likely keep, taken from the file
	 * sizes but capped: a spill of duplicates keeps next to nothing. */
	guess = (p->existed ? (size_t)st.st_size : 0) + ((size_t)sst.st_size < 64u << 20 ? (size_t)sst.st_size : 64u << 20);
	partw_make_room(pw, guess, MERGE_BUDGET);
	if (merge_reserve(&m, guess + SPILL_CHUNK) != 0) {
		ccsla_error_set(err, store_path, 0, NULL, "out of memory");
		goto out;
	}
	if (p->existed && merge_stored(&m, store_path, err) != 0)
		goto out;
	if (merge_spill(run, &m, fd, spill, err) != 0)
		goto out;
	close(fd);
	fd = -1;
	free(m.slot); /* every record is settled: no more lookups */
	m.slot = NULL;
	m.hcap = 0;
	for (size_t i = 0; i < m.n; i++) {
		struct ment *e = &m.ents[i];
		/* the store changes when a new record stays or an old one goes */
		if ((e->fate == FATE_KEEP) == e->from_run)
			changed = 1;
		if (e->fate == FATE_KEEP)
			m.ents[kept++] = *e;
	}
	if (!changed) {
		ret = 0;
		goto out;
	}
	if (sort_by_arrival(m.ents, kept, m.arena) != 0 || !(job.rec = malloc((kept ? kept : 1) * sizeof *job.rec))) {
		ccsla_error_set(err, store_path, 0, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < kept; i++)
		job.rec[i] = m.arena + m.ents[i].off;
	job.count = kept;
	job.bytes = m.used;
	snprintf(job.path, sizeof job.path, "%s.new", store_path);
	job.arena = m.arena; /* the job needs the records only, not their index */
	job.arena_len = m.cap;
	m.arena = NULL;
	merge_free(&m);
	p->changed = 1;
	/* the writer owns the job from here, even when it fails */
	return partw_submit(pw, &job, err);
out:
	if (fd >= 0)
		close(fd);
	free(job.rec);
	merge_free(&m);
	return ret;
}

/* --- commit: summary --- */

static void summary_counts(struct jsonw *j, const struct registry_entry *e)
{
	jsonw_kv_int(j, "rows_read", e->rows_read);
	jsonw_kv_int(j, "accepted", e->accepted);
	jsonw_kv_int(j, "quarantined", e->quarantined);
	jsonw_kv_int(j, "duplicates", e->duplicates);
	jsonw_kv_int(j, "updates", e->updates);
}

static int write_summary(struct ingest_run *run, size_t partitions_written, struct ccsla_error *err)
{
	char path[4300];
	struct atomic_file af;
	struct jsonw j;
	struct registry_entry total;

	memset(&total, 0, sizeof total);
	snprintf(run->summary_rel, sizeof run->summary_rel, "ingest/summary-%06" PRIu32 ".json", run->run_no);
	snprintf(path, sizeof path, "%s/%s", run->state_dir, run->summary_rel);
	if (atomic_open(&af, path, err) != 0)
		return -1;
	jsonw_init(&j, af.fp);
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "format", "ccsla-ingest-summary/1");
	jsonw_kv_int(&j, "run", run->run_no);
	jsonw_key(&j, "files");
	jsonw_array_begin(&j);
	for (size_t i = 0; i < run->nfiles; i++) {
		const struct ingest_file *f = &run->files[i];
		const struct registry_entry *e = &f->reg;

		jsonw_object_begin(&j);
		jsonw_kv_string(&j, "name", e->name);
		jsonw_key(&j, "sha256");
		if (f->refused) /* not hashed */
			jsonw_null(&j);
		else
			jsonw_string(&j, e->sha256);
		jsonw_kv_int(&j, "size_bytes", e->size_bytes);
		if (f->skipped) {
			jsonw_kv_string(&j, "status", "already ingested");
			jsonw_kv_int(&j, "index", f->skipped_as);
			jsonw_object_end(&j);
			continue;
		}
		jsonw_kv_string(&j, "status", e->damaged ? "damaged" : "ingested");
		jsonw_key(&j, "index");
		if (f->refused) /* not registered */
			jsonw_null(&j);
		else
			jsonw_int(&j, e->index);
		jsonw_key(&j, "damage");
		if (e->damaged)
			jsonw_string(&j, e->damage);
		else
			jsonw_null(&j);
		summary_counts(&j, e);
		jsonw_key(&j, "quarantine_reasons");
		jsonw_object_begin(&j);
		for (size_t r = 0; r < e->nreasons; r++)
			jsonw_kv_int(&j, e->reasons[r].reason, e->reasons[r].count);
		jsonw_object_end(&j);
		jsonw_key(&j, "ignored_columns");
		jsonw_array_begin(&j);
		for (size_t c = 0; c < f->nignored; c++)
			jsonw_string(&j, f->ignored[c]);
		jsonw_array_end(&j);
		jsonw_object_end(&j);
		total.rows_read += e->rows_read;
		total.accepted += e->accepted;
		total.quarantined += e->quarantined;
		total.duplicates += e->duplicates;
		total.updates += e->updates;
		total.damaged += e->damaged;
	}
	jsonw_array_end(&j);
	jsonw_key(&j, "total");
	jsonw_object_begin(&j);
	jsonw_kv_int(&j, "files", (int64_t)run->nfiles);
	jsonw_kv_int(&j, "files_damaged", total.damaged);
	summary_counts(&j, &total);
	jsonw_object_end(&j);
	jsonw_kv_int(&j, "partitions_written", (int64_t)partitions_written);
	jsonw_key(&j, "quarantine_file");
	if (run->quar_rel[0])
		jsonw_string(&j, run->quar_rel);
	else
		jsonw_null(&j);
	jsonw_object_end(&j);
	if (jsonw_finish(&j) != 0) {
		atomic_abort(&af);
		return ccsla_error_set(err, path, 0, NULL, "write failed: %s", strerror(errno));
	}
	return atomic_commit(&af, err);
}

/* --- commit --- */

static int by_client_day(const void *a, const void *b)
{
	const struct partition *x = a, *y = b;
	int c = strcmp(x->client, y->client);

	return c ? c : (x->day > y->day) - (x->day < y->day);
}

static void partition_rel(const struct ingest_run *run, const struct partition *p, char *buf, size_t size)
{
	char full[8400];
	size_t skip = strlen(run->state_dir) + 1;

	store_partition_path(full, sizeof full, run->state_dir, p->client, p->day * MS_PER_DAY);
	snprintf(buf, size, "%s", full + skip);
}

int ingest_commit(struct ingest_run *run, struct ccsla_error *err)
{
	char manifest[4200], path[8400], side[8500], rel[4400];
	struct atomic_file af;
	struct partw *pw = NULL;
	size_t written = 0;
	int rc, work = 0;

	if (close_spills(run, err) != 0)
		return -1;
	/* Every file was already ingested: a no-op. Nothing in STATE changes
	 * (no summary, no run number used, the registry untouched). */
	for (size_t i = 0; i < run->nfiles && !work; i++)
		work = !run->files[i].skipped;
	if (!work) {
		run->committed = 1;
		return 0;
	}
	/* Spill files are named by partition number: sort a copy of the
	 * order, not the partitions, so names stay valid. */
	{
		size_t *order = malloc((run->nparts ? run->nparts : 1) * sizeof *order);
		struct partition *sorted = malloc((run->nparts ? run->nparts : 1) * sizeof *sorted);
		if (!order || !sorted) {
			free(order);
			free(sorted);
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		}
		if (run->nparts)
			memcpy(sorted, run->parts, run->nparts * sizeof *sorted);
		for (size_t i = 0; i < run->nparts; i++)
			sorted[i].count = i; /* remember the number */
		qsort(sorted, run->nparts, sizeof *sorted, by_client_day);
		for (size_t i = 0; i < run->nparts; i++)
			order[i] = (size_t)sorted[i].count;
		free(sorted);
		if (partw_start(&pw) != 0) {
			free(order);
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		}
		for (size_t i = 0; i < run->nparts; i++)
			if (merge_partition(run, order[i], pw, err) != 0) {
				free(order);
				partw_stop(pw);
				return -1;
			}
		free(order);
		rc = partw_finish(pw, err);
		partw_stop(pw);
		if (rc != 0)
			return -1;
	}
	if (opslog_commit(run, run->ops, err) != 0)
		return -1;
	if (run->quar_open) {
		run->quar_open = 0;
		if (atomic_commit(&run->quar, err) != 0)
			return -1;
	}
	for (size_t i = 0; i < run->nparts; i++)
		written += run->parts[i].changed;
	written += run->nextras;
	if (write_summary(run, written, err) != 0)
		return -1;
	/* The intent: which partitions change, and links to their old state. */
	snprintf(manifest, sizeof manifest, "%s/ingest/commit.tsv", run->state_dir);
	if (atomic_open(&af, manifest, err) != 0)
		return -1;
	fprintf(af.fp, "run\t%" PRIu32 "\n", run->run_no);
	for (size_t i = 0; i < run->nparts; i++) {
		struct partition *p = &run->parts[i];
		if (!p->changed)
			continue;
		partition_rel(run, p, rel, sizeof rel);
		fprintf(af.fp, "%d\t%s\n", p->existed, rel);
		if (p->existed) {
			snprintf(path, sizeof path, "%s/%s", run->state_dir, rel);
			snprintf(side, sizeof side, "%s.old", path);
			unlink(side);
			if (link(path, side) != 0) {
				atomic_abort(&af);
				return ccsla_error_set(err, side, 0, NULL, "cannot link: %s", strerror(errno));
			}
		}
	}
	for (size_t i = 0; i < run->nextras; i++) {
		struct extra_part *x = &run->extras[i];

		fprintf(af.fp, "%d\t%s\n", x->existed, x->rel);
		if (x->existed) {
			snprintf(path, sizeof path, "%s/%s", run->state_dir, x->rel);
			snprintf(side, sizeof side, "%s.old", path);
			unlink(side);
			if (link(path, side) != 0) {
				atomic_abort(&af);
				return ccsla_error_set(err, side, 0, NULL, "cannot link: %s", strerror(errno));
			}
		}
	}
	if (atomic_commit(&af, err) != 0)
		return -1;
	for (size_t i = 0; i < run->nparts; i++) {
		struct partition *p = &run->parts[i];
		if (!p->changed)
			continue;
		partition_rel(run, p, rel, sizeof rel);
		snprintf(path, sizeof path, "%s/%s", run->state_dir, rel);
		snprintf(side, sizeof side, "%s.new", path);
		if (rename(side, path) != 0)
			return ccsla_error_set(err, path, 0, NULL, "cannot rename into place: %s", strerror(errno));
		crashpoint("ingest partition in place");
	}
	for (size_t i = 0; i < run->nextras; i++) {
		snprintf(path, sizeof path, "%s/%s", run->state_dir, run->extras[i].rel);
		snprintf(side, sizeof side, "%s.new", path);
		if (rename(side, path) != 0)
			return ccsla_error_set(err, path, 0, NULL, "cannot rename into place: %s", strerror(errno));
		crashpoint("ingest partition in place");
	}
	/* The commit point. */
	for (size_t i = 0; i < run->nfiles; i++)
		if (!run->files[i].skipped && !run->files[i].refused &&
		    registry_append(&run->reg, &run->files[i].reg, err) != 0)
			return -1;
	run->reg.runs = run->run_no;
	if (registry_save(&run->reg, run->state_dir, err) != 0)
		return -1;
	run->committed = 1;
	for (size_t i = 0; i < run->nparts; i++) {
		struct partition *p = &run->parts[i];
		if (!p->changed || !p->existed)
			continue;
		partition_rel(run, p, rel, sizeof rel);
		snprintf(side, sizeof side, "%s/%s.old", run->state_dir, rel);
		unlink(side);
	}
	for (size_t i = 0; i < run->nextras; i++)
		if (run->extras[i].existed) {
			snprintf(side, sizeof side, "%s/%s.old", run->state_dir, run->extras[i].rel);
			unlink(side);
		}
	crashpoint("ingest before intent removed");
	if (unlink(manifest) != 0)
		return ccsla_error_set(err, manifest, 0, NULL, "cannot remove: %s", strerror(errno));
	remove_tree(run->spill_dir);
	return 0;
}

void ingest_close(struct ingest_run *run)
{
	struct ccsla_error ignored;

	if (!run)
		return;
	close_spills(run, &ignored); /* the spill directory goes anyway */
	if (run->quar_open)
		atomic_abort(&run->quar);
	if (run->spill_made)
		remove_tree(run->spill_dir);
	opslog_free(run->ops);
	rmdir(run->spill_dir); /* when only operations-log rows were spilled */
	free(run->extras);
	registry_free(&run->reg);
	free(run->files);
	free(run->file_of_index);
	free(run->parts);
	free(run->hash);
	free(run);
}
