/* store.c -- reading and writing record-store partitions (format in store.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crc32fast.h"

#include "store.h"

static const char store_magic[8] = { 'C', 'C', 'S', 'L', 'A', 'S', 'T', '\n' };
static const char store_end[8] = { 'C', 'C', 'S', 'L', 'A', 'E', 'N', 'D' };

/* --- little-endian encoding --- */

static unsigned char *put_u8(unsigned char *p, unsigned v) { *p++ = (unsigned char)v; return p; }

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		*p++ = (unsigned char)(v >> (8 * i));
	return p;
}

static unsigned char *put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		*p++ = (unsigned char)(v >> (8 * i));
	return p;
}

static unsigned char *put_str(unsigned char *p, const char *s)
{
	size_t n = strlen(s);

	*p++ = (unsigned char)n;
	memcpy(p, s, n);
	return p + n;
}

/* Loads of little-endian integers: one unaligned load on a little-endian
 * host (the byte loops compiled to a shift and an or per byte, a fifth of
 * decoding a record). */
static uint32_t get_u32(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return v;
#else
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

static uint64_t get_u64(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
#else
	return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
#endif
}

/* --- writer --- */

static int writer_put(struct store_writer *w, const void *buf, size_t n, struct ccsla_error *err)
{
	if (blockw_put(&w->bw, buf, n) != 0)
		return ccsla_error_set(err, w->out.path, 0, NULL, "write failed: %s", strerror(w->bw.error));
	return 0;
}

/* Writes go straight to the descriptor in 256 KiB blocks (blockw.h): the
 * FILE of the atomic file is only flushed (empty), fsynced and closed. */
int store_writer_open(struct store_writer *w, const char *path, struct ccsla_error *err)
{
	unsigned char head[16], *p = head;

	memset(w, 0, sizeof *w);
	if (atomic_open(&w->out, path, err) != 0)
		return -1;
	if (blockw_init(&w->bw, fileno(w->out.fp)) != 0) {
		atomic_abort(&w->out);
		return ccsla_error_set(err, path, 0, NULL, "out of memory");
	}
	memcpy(p, store_magic, 8);
	p = put_u32(p + 8, STORE_VERSION);
	p = put_u32(p, 0);
	if (writer_put(w, head, sizeof head, err) != 0) {
		store_writer_abort(w);
		return -1;
	}
	return 0;
}

size_t store_record_encode(const struct contact *c, unsigned char *rec)
{
	unsigned char *p = rec + 2;
	size_t n;

	p = put_u8(p, c->channel);
	p = put_u8(p, c->direction);
	p = put_u8(p, c->outcome);
	p = put_u8(p, (unsigned)c->transferred);
	p = put_u8(p, (unsigned)(c->resolved + 1));
	p = put_u8(p, (unsigned)c->csat);
	p = put_u8(p, (unsigned)c->complaint);
	p = put_u64(p, (uint64_t)c->arrived_at_ms);
	p = put_u64(p, (uint64_t)c->answered_at_ms);
	p = put_u64(p, (uint64_t)c->ended_at_ms);
	p = put_u32(p, (uint32_t)c->talk_s);
	p = put_u32(p, (uint32_t)c->hold_s);
	p = put_u32(p, (uint32_t)c->wrap_s);
	p = put_u32(p, c->src_file);
	p = put_u32(p, c->src_line);
	p = put_str(p, c->client_id);
	p = put_str(p, c->contact_id);
	p = put_str(p, c->queue);
	p = put_str(p, c->customer_id);
	p = put_str(p, c->agent_id);
	n = (size_t)(p - rec);
	rec[0] = (unsigned char)((n - 2) & 0xff);
	rec[1] = (unsigned char)((n - 2) >> 8);
	return n;
}

int store_writer_add(struct store_writer *w, const struct contact *c, struct ccsla_error *err)
{
	unsigned char rec[STORE_RECORD_MAX];
	size_t n = store_record_encode(c, rec);

	if (writer_put(w, rec, n, err) != 0)
		return -1;
	w->count++;
	return 0;
}

int store_writer_add_raw(struct store_writer *w, const unsigned char *rec, size_t n,
                         struct ccsla_error *err)
{
	if (writer_put(w, rec, n, err) != 0)
		return -1;
	w->count++;
	return 0;
}

int store_writer_end(struct store_writer *w, struct ccsla_error *err)
{
	unsigned char tail[20], *p = tail;

	memcpy(p, store_end, 8);
	p = put_u64(p + 8, w->count);
	put_u32(p, blockw_crc(&w->bw)); /* of every byte before the trailer */
	if (writer_put(w, tail, sizeof tail, err) != 0 || blockw_flush(&w->bw) != 0) {
		ccsla_error_set(err, w->out.path, 0, NULL, "write failed: %s", strerror(w->bw.error));
		store_writer_abort(w);
		return -1;
	}
	blockw_free(&w->bw);
	return 0;
}

int store_writer_commit(struct store_writer *w, struct ccsla_error *err)
{
	if (store_writer_end(w, err) != 0)
		return -1;
	return atomic_commit(&w->out, err);
}

void store_writer_abort(struct store_writer *w)
{
	blockw_free(&w->bw);
	atomic_abort(&w->out);
}

/* --- reader --- */

/* Makes at least need bytes readable at r->buf + r->pos (fewer only at the
 * end of the file); -1 on a read error. The consumed bytes leave the buffer
 * after their CRC is taken. */
static int reader_fill(struct store_reader *r, size_t need, struct ccsla_error *err)
{
	if (r->map_len)
		return 0; /* the whole file is at hand */
	while (r->len - r->pos < need && !r->eof) {
		ssize_t got;

		if (r->len == STORE_READ_BUF || r->pos == r->len) {
			r->crc = crc32_fast(r->crc, r->buf + r->crc_pos, (r->pos - r->crc_pos));
			memmove(r->buf, r->buf + r->pos, r->len - r->pos);
			r->len -= r->pos;
			r->pos = r->crc_pos = 0;
		}
		got = read(r->fd, r->buf + r->len, STORE_READ_BUF - r->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ccsla_error_set(err, r->path, 0, NULL, "cannot read: %s", strerror(errno));
		if (got == 0)
			r->eof = 1;
		r->len += (size_t)got;
	}
	return 0;
}

/* Maps r->fd whole; 0 when mapped, -1 to read it instead. */
static int reader_map(struct store_reader *r)
{
	struct stat st;
	void *m;

	if (fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 16 + 20 ||
	    (uint64_t)st.st_size > (uint64_t)SIZE_MAX / 2)
		return -1;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, r->fd, 0);
	if (m == MAP_FAILED)
		return -1;
	(void)madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	r->buf = m;
	r->map_len = r->len = (size_t)st.st_size;
	r->eof = 1;
	return 0;
}

/* Mapped: takes the CRC of the bytes read since the last time, and gives
 * back the whole pages among them. */
static void reader_release(struct store_reader *r)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), upto; /* once per 256 KiB; readers run on threads */

	r->crc = crc32_fast(r->crc, r->buf + r->crc_pos, r->pos - r->crc_pos);
	r->crc_pos = r->pos;
	upto = r->pos / page * page;
	if (upto > r->dropped) {
		(void)madvise(r->buf + r->dropped, upto - r->dropped, MADV_DONTNEED);
		r->dropped = upto;
	}
}

int store_reader_open(struct store_reader *r, const char *path, struct ccsla_error *err)
{
	const unsigned char *head;

	memset(r, 0, sizeof *r);
	r->fd = -1;
	snprintf(r->path, sizeof r->path, "%s", path);
	if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		ccsla_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
		store_reader_close(r);
		return -1;
	}
	if (reader_map(r) != 0 && !(r->buf = malloc(STORE_READ_BUF))) {
		store_reader_close(r);
		return ccsla_error_set(err, path, 0, NULL, "out of memory");
	}
	if (reader_fill(r, 16, err) < 0) {
		store_reader_close(r);
		return -1;
	}
	head = r->buf;
	if (r->len < 16 || memcmp(head, store_magic, 8) != 0) {
		store_reader_close(r);
		return ccsla_error_set(err, path, 0, NULL, "not a ccsla store file");
	}
	if (get_u32(head + 8) != STORE_VERSION) {
		store_reader_close(r);
		return ccsla_error_set(err, path, 0, NULL, "store format version %u is not supported (this is %d)",
		                       (unsigned)get_u32(head + 8), STORE_VERSION);
	}
	r->crc = 0;
	r->pos = 16;
	r->offset = 16;
	return 0;
}

/* Copies n (at most 64) bytes with fixed-size, overlapping moves, never
 * outside [src, src + n) and [dst, dst + n]: a memcpy of a bounded but
 * variable length compiles to "rep movsq", whose start-up cost per string
 * was half of decoding a record. */
static void copy_short(char *dst, const unsigned char *src, size_t n)
{
	if (n >= 16) {
		size_t i;

		for (i = 0; i + 16 <= n; i += 16)
			memcpy(dst + i, src + i, 16);
		memcpy(dst + n - 16, src + n - 16, 16);
	} else if (n >= 8) {
		memcpy(dst, src, 8);
		memcpy(dst + n - 8, src + n - 8, 8);
	} else if (n >= 4) {
		memcpy(dst, src, 4);
		memcpy(dst + n - 4, src + n - 4, 4);
	} else if (n) {
		dst[0] = (char)src[0];
		dst[n / 2] = (char)src[n / 2];
		dst[n - 1] = (char)src[n - 1];
	}
	dst[n] = '\0';
}

static int get_str(const unsigned char **p, const unsigned char *end, char *dst, size_t cap)
{
	size_t n;

	if (*p >= end)
		return -1;
	n = **p;
	(*p)++;
	if (n >= cap || (size_t)(end - *p) < n)
		return -1;
	if (cap <= 65)
		copy_short(dst, *p, n);
	else {
		memcpy(dst, *p, n);
		dst[n] = '\0';
	}
	*p += n;
	return 0;
}

int store_record_decode(const unsigned char *rec, size_t n, struct contact *c)
{
	const unsigned char *p = rec, *end = rec + n;

	if (n < STORE_RECORD_MIN)
		return -1;
	c->channel = p[0];
	c->direction = p[1];
	c->outcome = p[2];
	c->transferred = (int8_t)p[3];
	c->resolved = (int8_t)(p[4] - 1);
	c->csat = (int8_t)p[5];
	c->complaint = (int8_t)p[6];
	p += 7;
	c->arrived_at_ms = (int64_t)get_u64(p);
	c->answered_at_ms = (int64_t)get_u64(p + 8);
	c->ended_at_ms = (int64_t)get_u64(p + 16);
	p += 24;
	c->talk_s = (int32_t)get_u32(p);
	c->hold_s = (int32_t)get_u32(p + 4);
	c->wrap_s = (int32_t)get_u32(p + 8);
	c->src_file = get_u32(p + 12);
	c->src_line = get_u32(p + 16);
	p += 20;
	if (get_str(&p, end, c->client_id, sizeof c->client_id) != 0 ||
	    get_str(&p, end, c->contact_id, sizeof c->contact_id) != 0 ||
	    get_str(&p, end, c->queue, sizeof c->queue) != 0 ||
	    get_str(&p, end, c->customer_id, sizeof c->customer_id) != 0 ||
	    get_str(&p, end, c->agent_id, sizeof c->agent_id) != 0 ||
	    c->channel >= CH_COUNT || c->direction >= DIR_COUNT || c->outcome >= OUT_COUNT)
		return -1;
	return 0;
}

int store_reader_next(struct store_reader *r, struct contact *c, struct ccsla_error *err)
{
	const unsigned char *p;
	size_t n;
	long at = r->offset;

	if (r->done)
		return 0;
	if (reader_fill(r, 2, err) < 0)
		return -1;
	if (r->len - r->pos < 2)
		return ccsla_error_set(err, r->path, 0, NULL, "truncated at byte %ld (no trailer)", at);
	p = r->buf + r->pos;
	if (p[0] == store_end[0] && p[1] == store_end[1]) {
		/* maybe the trailer: "CC" can't start a record, whose length < 0x4343 */
		r->crc = crc32_fast(r->crc, r->buf + r->crc_pos, (r->pos - r->crc_pos));
		r->crc_pos = r->pos;
		if (reader_fill(r, 20 + 1, err) < 0)
			return -1;
		p = r->buf + r->pos;
		if (r->len - r->pos < 20 || memcmp(p + 2, store_end + 2, 6) != 0)
			return ccsla_error_set(err, r->path, 0, NULL, "damaged trailer at byte %ld", at);
		if (get_u64(p + 8) != r->count)
			return ccsla_error_set(err, r->path, 0, NULL, "record count %llu does not match trailer %llu",
			                       (unsigned long long)r->count, (unsigned long long)get_u64(p + 8));
		if (get_u32(p + 16) != r->crc)
			return ccsla_error_set(err, r->path, 0, NULL, "checksum mismatch over bytes 0-%ld (before the trailer): the file is damaged", at - 1);
		if (r->len - r->pos > 20)
			return ccsla_error_set(err, r->path, 0, NULL, "bytes after the trailer");
		r->done = 1;
		return 0;
	}
	n = (size_t)p[0] | (size_t)p[1] << 8;
	if (n < STORE_RECORD_MIN || reader_fill(r, 2 + n, err) < 0 || r->len - r->pos < 2 + n)
		return ccsla_error_set(err, r->path, 0, NULL, "damaged record at byte %ld", at);
	if (store_record_decode(r->buf + r->pos + 2, n, c) != 0)
		return ccsla_error_set(err, r->path, 0, NULL, "damaged record at byte %ld", at);
	r->pos += 2 + n;
	r->offset += 2 + (long)n;
	r->count++;
	if (r->map_len && r->pos - r->crc_pos >= STORE_READ_BUF)
		reader_release(r);
	return 1;
}

void store_reader_close(struct store_reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	if (r->map_len)
		munmap(r->buf, r->map_len);
	else
		free(r->buf);
	r->buf = NULL;
	r->map_len = 0;
}

static void stamp(const char *path, char *buf, size_t size, int identity)
{
	unsigned char tail[20];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(buf, size, "%s", errno == ENOENT ? "absent" : "unreadable");
		return;
	}
	if (fstat(fd, &st) < 0 || st.st_size < 16 + 20 ||
	    pread(fd, tail, sizeof tail, st.st_size - 20) != (ssize_t)sizeof tail ||
	    memcmp(tail, store_end, 8) != 0)
		snprintf(buf, size, "unreadable");
	else if (!identity)
		snprintf(buf, size, "%lld %llu %08x", (long long)st.st_size, (unsigned long long)get_u64(tail + 8),
		         (unsigned)get_u32(tail + 16));
	else
		snprintf(buf, size, "%lld %llu %08x %llu %lld.%09ld", (long long)st.st_size,
		         (unsigned long long)get_u64(tail + 8), (unsigned)get_u32(tail + 16), (unsigned long long)st.st_ino,
		         (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	close(fd);
}

void store_partition_stamp(const char *path, char *buf, size_t size)
{
	stamp(path, buf, size, 0);
}

void store_partition_identity(const char *path, char *buf, size_t size)
{
	stamp(path, buf, size, 1);
}

void store_partition_path(char *buf, size_t size, const char *state_dir,
                          const char *client_id, int64_t day_ms)
{
	time_t t = (time_t)((day_ms >= 0 ? day_ms : day_ms - (MS_PER_DAY - 1)) / MS_PER_DAY * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, "%s/store/%s/%04d-%02d-%02d.ccs", state_dir, client_id,
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* --- scans --- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void store_free_list(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

int store_list_clients(const char *state_dir, char ***clients, size_t *count,
                       struct ccsla_error *err)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	char **list = NULL;
	size_t n = 0, cap = 0;

	*clients = NULL;
	*count = 0;
	snprintf(path, sizeof path, "%s/store", state_dir);
	if (!(d = opendir(path))) {
		if (errno == ENOENT)
			return 0; /* nothing ingested yet */
		return ccsla_error_set(err, path, 0, NULL, "cannot read directory: %s", strerror(errno));
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nl = realloc(list, (cap = cap ? cap * 2 : 16) * sizeof *nl);
			if (!nl)
				goto oom;
			list = nl;
		}
		if (!(list[n] = strdup(de->d_name)))
			goto oom;
		n++;
	}
	closedir(d);
	if (n)
		qsort(list, n, sizeof *list, cmp_str);
	*clients = list;
	*count = n;
	return 0;
oom:
	closedir(d);
	store_free_list(list, n);
	return ccsla_error_set(err, path, 0, NULL, "out of memory");
}

int store_scan_open(struct store_scan *s, const char *state_dir, const char *client_id,
                    int64_t from_ms, int64_t to_ms, struct ccsla_error *err)
{
	memset(s, 0, sizeof *s);
	snprintf(s->state_dir, sizeof s->state_dir, "%s", state_dir);
	s->from_ms = from_ms;
	s->to_ms = to_ms;
	if (client_id) {
		if (!(s->clients = malloc(sizeof *s->clients)) || !(s->clients[0] = strdup(client_id))) {
			free(s->clients);
			s->clients = NULL;
			return ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		}
		s->client_count = 1;
	} else if (store_list_clients(state_dir, &s->clients, &s->client_count, err) != 0) {
		return -1;
	}
	s->day_ms = from_ms - ((from_ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
	return 0;
}

/* Opens the next existing partition; 1 when one is open, 0 at the end. */
static int scan_advance(struct store_scan *s, struct ccsla_error *err)
{
	char path[8192]; /* state_dir (4096) + client + date */
	struct stat st;
	int64_t first_day = s->from_ms - ((s->from_ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;

	while (s->client_at < s->client_count) {
		while (s->day_ms < s->to_ms) {
			store_partition_path(path, sizeof path, s->state_dir, s->clients[s->client_at], s->day_ms);
			s->day_ms += MS_PER_DAY;
			if (stat(path, &st) != 0)
				continue; /* no contacts that day */
			if (store_reader_open(&s->reader, path, err) != 0)
				return -1;
			s->reader_open = 1;
			return 1;
		}
		s->client_at++;
		s->day_ms = first_day;
	}
	return 0;
}

int store_scan_next(struct store_scan *s, struct contact *c, struct ccsla_error *err)
{
	int rc;

	for (;;) {
		if (!s->reader_open) {
			rc = scan_advance(s, err);
			if (rc <= 0)
				return rc;
		}
		rc = store_reader_next(&s->reader, c, err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			store_reader_close(&s->reader);
			s->reader_open = 0;
			continue;
		}
		if (c->arrived_at_ms >= s->from_ms && c->arrived_at_ms < s->to_ms)
			return 1;
	}
}

void store_scan_close(struct store_scan *s)
{
	if (s->reader_open)
		store_reader_close(&s->reader);
	store_free_list(s->clients, s->client_count);
	memset(s, 0, sizeof *s);
}
