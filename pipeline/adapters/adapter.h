/* adapter.h -- turning a real source format into canonical contacts.
 *
 * No contact centre exports our canonical CSV; an adapter reads what the
 * ACD writes (Asterisk queue_log, the Technion bank's call records, ...) and
 * hands canonical struct contact records to a sink: `ccsla convert` writes
 * them as a canonical .csv.gz, `ccsla ingest --format NAME` stores them.
 *
 * Every adapter keeps its own reconciliation, in its own unit of record
 * (a row, an event line):
 *
 *   records read = records used in contacts + skipped (by reason)
 *                                            + rejected (by reason)
 *
 * For a source with one record per contact (Technion) "used" equals the
 * contacts produced; for an event log (Asterisk) several events make one
 * contact. Every rejected record is also reported to the sink with its file,
 * line, field and reason; nothing is dropped without being counted.
 *
 * Adding a source is one new file pipeline/adapters/NAME.c defining
 * `const struct adapter adapter_NAME` and one row in adapter.c's table. */
#ifndef CCSLA_ADAPTER_H
#define CCSLA_ADAPTER_H

#include <stdint.h>
#include <stdio.h>
#include <zlib.h>

#include "core/contact.h"
#include "core/error.h"

#define ADAPTER_MAX_REASONS 24

struct adapter_opts {
	const char *client_id;  /* --client; NULL: the adapter's default */
	const char *tz_name;    /* --tz; NULL: the adapter's default */
	const char *queue_map;  /* --queue-map FILE (queue -> client); NULL: none */
	const char *profile;    /* --profile FILE (the "profile" adapter); NULL: none */
};

/* Where an adapter's output goes. emit returns 0, or -1 with err set to stop
 * the run (an output that cannot be written). reject may be NULL.
 * damaged, when set, takes a whole input file the adapter cannot read
 * (a profile's column the file lacks: where says file, line, field and
 * why); the adapter then goes on with the next file, as ingest does with
 * a damaged canonical log. When NULL (ccsla convert: one output for all
 * files) such a file stops the run. */
struct adapter_sink {
	int (*emit)(void *ctx, const struct contact *c, struct ccsla_error *err);
	void (*reject)(void *ctx, const char *reason, const struct ccsla_error *where);
	void (*damaged)(void *ctx, const struct ccsla_error *where);
	void *ctx;
};

struct adapter_reason {
	const char *name;  /* a static string, e.g. "phantom call" */
	int64_t count;
};

struct adapter_stats {
	const char *unit;                  /* "rows", "events" */
	int64_t read;                      /* records read (header lines are not records) */
	int64_t used;                      /* records that went into produced contacts */
	int64_t produced;                  /* contacts emitted */
	int64_t skipped;                   /* sum of skip[] */
	int64_t rejected;                  /* sum of reject[] */
	struct adapter_reason skip[ADAPTER_MAX_REASONS];
	struct adapter_reason reject[ADAPTER_MAX_REASONS];
	int n_skip, n_reject;
	int64_t outcomes[OUT_COUNT];       /* contacts produced, by outcome */
	int64_t incomplete;                /* calls with no final event at the end of the input */
	int64_t unfinished;                /* answered calls whose end lies after the input */
};

/* One run of an adapter: its options, its sink and its counts. */
struct adapter_run {
	struct adapter_opts opts;
	struct adapter_sink sink;
	struct adapter_stats stats;
};

struct adapter {
	const char *name;     /* --from / --format NAME */
	const char *summary;  /* one line for the help text */
	const char *default_client;  /* client_id without --client, or NULL */
	const char *default_tz;      /* zone without --tz, or NULL (no local times) */
	/* Converts all files as one input (so that an event log can join calls
	 * split across files), feeding run->sink. Bad records are counted and
	 * reported, never fatal; returns -1 only when the work could not be
	 * done (a file that cannot be read, a bad option, a failing sink). */
	int (*convert)(struct adapter_run *run, char *const *files, int n_files,
	               struct ccsla_error *err);
};

/* Checks options before any work, so that a command can call misuse a
 * usage error: a valid --client, a zone only for a source with local times
 * (and one that loads), and a client for every queue (--client or
 * --queue-map) when the source names none. */
int adapter_check_opts(const struct adapter *a, const struct adapter_opts *o, struct ccsla_error *err);

/* The registry: NULL-terminated, in the order help lists them. */
extern const struct adapter *const adapters[];
/* Exact name lookup; NULL when there is none. */
const struct adapter *adapter_find(const char *name);

void adapter_run_init(struct adapter_run *run, const char *unit);

/* Counting, for adapters. */
void adapter_skip(struct adapter_run *run, const char *reason, int64_t n);
/* Counts one rejected record under reason and reports it to the sink with
 * file, line, field and message; always returns -1. */
int adapter_reject(struct adapter_run *run, const char *reason, const char *file,
                   long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* The same for a group of n records (the events of one call) that are
 * rejected together, reported once at the given line. */
int adapter_reject_n(struct adapter_run *run, int64_t n, const char *reason,
                     const char *file, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* A whole input file the adapter cannot read (where: file, line, field,
 * message). 0 when the sink takes damaged files (the adapter skips the
 * rest of the file and goes on), else -1 with *err = *where (stop). */
int adapter_damaged(struct adapter_run *run, const struct ccsla_error *where, struct ccsla_error *err);
/* Emits c through the sink and counts n_records used, once c has passed
 * canon_contact_check (ingest's own rules); a contact that fails it is
 * not emitted: its n_records are rejected under R_NOT_CANONICAL with
 * file, c->src_line and the column. Returns the sink's result, or 0. */
#define R_NOT_CANONICAL "not a valid canonical record"
int adapter_emit(struct adapter_run *run, const struct contact *c, int64_t n_records,
                 const char *file, struct ccsla_error *err);

/* True when read = used + skipped + rejected. */
int adapter_reconciles(const struct adapter_stats *s);
/* Prints the reconciliation, the reasons and the outcomes, a line each. */
void adapter_print_stats(FILE *fp, const char *name, const struct adapter_stats *s);

/* The client_id rule of interaction-log.md: [A-Za-z0-9_-]{1,32}. */
int adapter_valid_client(const char *s);
/* 1..64 printable ASCII characters (contact_id, queue, agent_id, ...). */
int adapter_valid_id(const char *s);
/* Copies s into a CONTACT_ID_MAX + 1 buffer; -1 when it does not fit or is
 * not printable (dst is then ""). An empty s gives "" and 0. */
int adapter_copy_id(char dst[CONTACT_ID_MAX + 1], const char *s);

/* Parses a whole decimal integer (optional leading '-', digits only) in
 * [min, max]: 0 and *out; -1 when it is not such a number; -2 when it is
 * one outside the range (any length of digits, no overflow). Every number
 * an adapter reads goes through here before any arithmetic. */
int adapter_parse_range(const char *s, int64_t min, int64_t max, int64_t *out);
#define R_RANGE "number out of range"
/* A duration in seconds: what a canonical talk_s/hold_s/wrap_s holds. */
#define ADAPTER_MAX_SECONDS INT32_MAX

/* A queue -> client map (--queue-map FILE): one "QUEUE CLIENT [NAME]" a
 * line, separated by blanks; '#' starts a comment. NAME, the rest of the
 * line, is the queue's name where the source gives only an id (Genesys
 * queue ids). Free with queue_map_free(). */
struct queue_map;
int queue_map_load(struct queue_map **out, const char *path, struct ccsla_error *err);
void queue_map_free(struct queue_map *m);
/* The client of a queue: the map's entry, else fallback (may be NULL). */
const char *queue_map_client(const struct queue_map *m, const char *queue,
                             const char *fallback);

/* The name given to a queue (id) in the map, or NULL. */
const char *queue_map_name(const struct queue_map *m, const char *queue);

/* Reads an input file line by line, plain or gzip-compressed (several
 * members count), with CR/LF stripped and line numbers kept. */
struct line_reader {
	gzFile gz;
	const char *path;
	long lineno;        /* of the line last returned, 1-based */
	char buf[8192];
};
int line_reader_open(struct line_reader *r, const char *path, struct ccsla_error *err);
/* 1 and *line set: a line (a line too long for buf is returned cut, with
 * *too_long set, and the rest skipped); 0: end of file; -1: read error. */
int line_reader_next(struct line_reader *r, char **line, int *too_long, struct ccsla_error *err);
void line_reader_close(struct line_reader *r);

extern const struct adapter adapter_technion;
extern const struct adapter adapter_asterisk;
extern const struct adapter adapter_genesys_cloud;
extern const struct adapter adapter_amazon_connect;
extern const struct adapter adapter_profile;

#endif
