/* store.h -- the record store: accepted contacts, one binary file per client
 * and UTC day of arrived_at, so that no stage after ingest parses CSV again.
 *
 * Layout: STATE/store/<client_id>/<YYYY-MM-DD>.ccs
 *
 * File format (version 1, all integers little-endian):
 *   header  "CCSLAST\n" (8 bytes), u32 version = 1, u32 flags = 0
 *   records each: u16 length of the rest, then
 *           u8 channel, direction, outcome, transferred, resolved+1, csat, complaint
 *           i64 arrived_at_ms, answered_at_ms, ended_at_ms
 *           i32 talk_s, hold_s, wrap_s; u32 src_file, src_line
 *           5 strings, each u8 length + bytes: client_id, contact_id,
 *           queue, customer_id, agent_id
 *   trailer "CCSLAEND" (8 bytes), u64 record count, u32 CRC-32 (zlib) of
 *           every byte before the trailer
 * A file is valid only when its trailer is present and both count and
 * CRC match: a torn or altered partition is an error, never a short read.
 * Records within a partition are sorted by (arrived_at_ms, contact_id). */
#ifndef CCSLA_STORE_H
#define CCSLA_STORE_H

#include <stdint.h>
#include <stdio.h>

#include "blockw.h"
#include "contact.h"
#include "error.h"
#include "fsutil.h"

#define STORE_VERSION 1
#define MS_PER_DAY INT64_C(86400000)

/* --- one record --- */

/* Bytes of an encoded record, its 2-byte length included. */
#define STORE_RECORD_MAX (2 + 7 + 24 + 12 + 8 + 5 * (1 + CONTACT_ID_MAX))
#define STORE_RECORD_MIN (7 + 24 + 12 + 8 + 5) /* body, without the length */
/* Offsets in an encoded record (length included). */
#define STORE_REC_ARRIVED 9   /* i64 arrived_at_ms */
#define STORE_REC_STRINGS 53  /* u8 length + client_id, then contact_id, ... */

/* Encodes c as a record (u16 length, then the body) into rec, which holds
 * STORE_RECORD_MAX bytes; returns the bytes written. Ingest's spill files
 * use the same encoding. */
size_t store_record_encode(const struct contact *c, unsigned char *rec);
/* Decodes a record body of n bytes (without its length); -1 if malformed. */
int store_record_decode(const unsigned char *body, size_t n, struct contact *c);

/* --- one partition file --- */

struct store_writer {
	struct atomic_file out;
	struct blockw bw;     /* 256 KiB blocks to out's descriptor, with their CRC */
	uint64_t count;
};

int store_writer_open(struct store_writer *w, const char *path, struct ccsla_error *err);
int store_writer_add(struct store_writer *w, const struct contact *c, struct ccsla_error *err);
/* Adds a record already encoded by store_record_encode (n bytes, length
 * included), so that merges need not decode and re-encode. */
int store_writer_add_raw(struct store_writer *w, const unsigned char *rec, size_t n,
                         struct ccsla_error *err);
/* Writes the trailer and renames into place. */
int store_writer_commit(struct store_writer *w, struct ccsla_error *err);
/* Writes the trailer only: w->out is then the caller's, to atomic_commit
 * (fsync, rename) or atomic_abort, maybe on another thread. */
int store_writer_end(struct store_writer *w, struct ccsla_error *err);
void store_writer_abort(struct store_writer *w);

/* A reader takes the file in 256 KiB reads (one system call per ~2,700
 * records, not two stdio calls per record) and runs the CRC over each
 * stretch of consumed bytes at once, when the buffer is refilled and at the
 * trailer, not per record: zlib's crc32 costs a call's overhead per
 * buffer, which per 95-byte record was a third of a metrics pass. */
#define STORE_READ_BUF (256 * 1024)

/* A partition file is mapped when it can be (most are): a metrics pass then
 * reads the page cache in place instead of copying it (the copy was 44 %
 * of perf's samples of a pass through read()). The pages already checked
 * are dropped every STORE_READ_BUF bytes, so memory stays one stretch,
 * whatever the file's size. Partitions are replaced by rename, never rewritten in place, so a
 * mapped file does not change under the reader. Otherwise (a file that
 * cannot be mapped) the reader takes STORE_READ_BUF reads. */
struct store_reader {
	int fd;
	char path[4096];
	unsigned char *buf;   /* the mapping (map_len bytes), or STORE_READ_BUF bytes of ours */
	size_t map_len;       /* 0: buf is a read buffer */
	size_t dropped;       /* bytes of the mapping given back (a page multiple) */
	size_t len;           /* bytes in buf */
	size_t pos;           /* next unread byte of buf */
	size_t crc_pos;       /* bytes of buf already in crc */
	int eof;              /* read() returned 0 */
	uint32_t crc;
	uint64_t count;
	long offset;          /* byte offset of the next record */
	int done;
};

int store_reader_open(struct store_reader *r, const char *path, struct ccsla_error *err);
/* 1: *c holds the next record; 0: end of file, count and CRC checked;
 * -1: damaged or unreadable file (err says where). */
int store_reader_next(struct store_reader *r, struct contact *c, struct ccsla_error *err);
void store_reader_close(struct store_reader *r);

/* The stamp of a partition, from its trailer alone (no record is read):
 * "<bytes> <records> <crc hex>" into buf; "absent" when there is no file,
 * "unreadable" when it cannot be opened or has no trailer. What a month
 * was built from is the stamps of its partitions (nightly). */
void store_partition_stamp(const char *path, char *buf, size_t size);
/* The stamp followed by the file's inode and modification time, for a
 * cache keyed by what it was made from: the CRC names the content, and a
 * partition rewritten with the same CRC (a rename always gives another
 * inode or time) costs a miss at worst. "absent" and "unreadable" as for
 * the stamp. */
void store_partition_identity(const char *path, char *buf, size_t size);

/* Path of a partition: STATE/store/<client>/<YYYY-MM-DD>.ccs for the UTC day
 * that holds day_ms. */
void store_partition_path(char *buf, size_t size, const char *state_dir,
                          const char *client_id, int64_t day_ms);

/* --- a scan over many partitions --- */

/* Clients that have a store directory, sorted; the caller frees with
 * store_free_list(). */
int store_list_clients(const char *state_dir, char ***clients, size_t *count,
                       struct ccsla_error *err);
void store_free_list(char **list, size_t count);

struct store_scan {
	char state_dir[4096];
	char **clients;       /* clients to visit, sorted */
	size_t client_count;
	size_t client_at;     /* index of the current client */
	int64_t from_ms, to_ms; /* arrived_at filter: [from_ms, to_ms) */
	int64_t day_ms;       /* UTC day being read */
	struct store_reader reader;
	int reader_open;
};

/* Visits every record with arrived_at in [from_ms, to_ms) of one client
 * (client_id) or of all clients (NULL): clients in name order, then in
 * (arrived_at_ms, contact_id) order within a client. Memory is one read
 * buffer (STORE_READ_BUF) plus the list of client names. */
int store_scan_open(struct store_scan *s, const char *state_dir, const char *client_id,
                    int64_t from_ms, int64_t to_ms, struct ccsla_error *err);
/* 1: a record; 0: end; -1: error (a damaged partition is an error). */
int store_scan_next(struct store_scan *s, struct contact *c, struct ccsla_error *err);
void store_scan_close(struct store_scan *s);

#endif
