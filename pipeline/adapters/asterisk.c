/* asterisk.c -- Asterisk app_queue queue_log to canonical contacts.
 *
 * Two dialects, told apart by each file's first line:
 *   raw    the file app_queue writes: epoch|callid|queue|agent|event|data1|...
 *   table  a database export with the header
 *          uid,date_time,callid,queue_name,type,event,param1,param2,param3,
 *          entpos,expos,htime,ttime,time (hold time in htime, talk in ttime).
 *
 * One contact per (callid, queue) that entered a queue (ENTERQUEUE):
 * CONNECT -> answered (wait from its holdtime), COMPLETECALLER/COMPLETEAGENT
 * end it (talk from calltime), TRANSFER/BLINDTRANSFER/ATTENDEDTRANSFER end
 * it as transferred, ABANDON -> abandoned, EXITWITHTIMEOUT/EXITWITHKEY/
 * EXITEMPTY -> overflow. Event data fields follow Asterisk's queue_log
 * reference (docs.asterisk.org, Operation/Logging/Queue-Logs).
 *
 * Events are folded into a per-call state as they come, in any order; a
 * call is written out once its final event is seen and the log's clock has
 * moved past that second, because lines written in the same second can
 * appear in any order. Files are read in the order of their first
 * timestamp, so a call split across files is joined. At the end of the
 * input, a call with no outcome is "incomplete" (reported, not a contact),
 * and an answered call still talking is written without its end.
 *
 * Memory grows with the calls open at once (in queue or talking; a call
 * silent for a day is closed), not with the length of the log. The unit of
 * reconciliation is the event line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "adapter.h"

enum kind {
	K_ENTER,     /* ENTERQUEUE */
	K_CONNECT,   /* CONNECT */
	K_COMPLETE,  /* COMPLETECALLER, COMPLETEAGENT */
	K_TRANSFER,  /* TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER */
	K_ABANDON,   /* ABANDON */
	K_EXIT,      /* EXITWITHTIMEOUT, EXITWITHKEY, EXITEMPTY */
	K_CALLINFO,  /* belongs to a call, changes no figure (RINGNOANSWER, ...) */
	K_MEMBER,    /* queue members, agents and the queue itself */
	K_NOTQUEUED, /* a caller that never entered (JOINEMPTY, JOINUNAVAIL) */
};

static const struct {
	const char *name;
	enum kind kind;
} events[] = {
	{ "ENTERQUEUE", K_ENTER },
	{ "CONNECT", K_CONNECT },
	{ "COMPLETECALLER", K_COMPLETE },
	{ "COMPLETEAGENT", K_COMPLETE },
	{ "TRANSFER", K_TRANSFER },
	{ "BLINDTRANSFER", K_TRANSFER },
	{ "ATTENDEDTRANSFER", K_TRANSFER },
	{ "ABANDON", K_ABANDON },
	{ "EXITWITHTIMEOUT", K_EXIT },
	{ "EXITWITHKEY", K_EXIT },
	{ "EXITEMPTY", K_EXIT },
	{ "RINGNOANSWER", K_CALLINFO },
	{ "RINGCANCELED", K_CALLINFO },
	{ "AGENTDUMP", K_CALLINFO },
	{ "SYSCOMPAT", K_CALLINFO },
	{ "DID", K_CALLINFO },
	{ "INFO", K_CALLINFO },
	{ "ADDMEMBER", K_MEMBER },
	{ "REMOVEMEMBER", K_MEMBER },
	{ "PAUSE", K_MEMBER },
	{ "UNPAUSE", K_MEMBER },
	{ "PAUSEALL", K_MEMBER },
	{ "UNPAUSEALL", K_MEMBER },
	{ "PENALTY", K_MEMBER },
	{ "AGENTLOGIN", K_MEMBER },
	{ "AGENTLOGOFF", K_MEMBER },
	{ "AGENTCALLBACKLOGIN", K_MEMBER },
	{ "AGENTCALLBACKLOGOFF", K_MEMBER },
	{ "CONFIGRELOAD", K_MEMBER },
	{ "QUEUESTART", K_MEMBER },
	{ "JOINEMPTY", K_NOTQUEUED },
	{ "JOINUNAVAIL", K_NOTQUEUED },
};

/* Reasons, as counted and printed. */
#define R_MEMBER     "member, agent or queue event"
#define R_OUTBOUND   "agent outbound-dial event (OUT*, not a queue call)"
#define R_NOTQUEUED  "caller never entered the queue (JOINEMPTY/JOINUNAVAIL)"
#define R_NOENTER    "call events without ENTERQUEUE in the input"
#define R_INCOMPLETE "incomplete call: no outcome by the end of the input"
#define R_FIELDS     "too few fields"
#define R_TIME       "bad timestamp"
#define R_EVENT      "unknown event"
#define R_NUMBER     "bad number in event data"
#define R_LONG       "line too long"
#define R_ID         "bad callid or queue name"
#define R_CLIENT     "queue without a client"
#define R_CONTACT_ID "contact_id longer than 64 characters"

enum dialect { D_RAW, D_TABLE };

/* One event line, normalised from either dialect. Strings point into the
 * line buffer and live until the next line is read. */
struct event {
	int64_t t_s;
	const char *callid, *queue, *agent, *name, *caller;
	enum kind kind;
	int64_t wait_s; /* time in queue before this event, -1 when not given */
	int64_t talk_s; /* talk time, -1 when not given */
};

struct call {
	struct call *next;        /* hash chain */
	size_t idx;               /* position in conv.calls */
	char callid[CONTACT_ID_MAX + 1];
	char queue[CONTACT_ID_MAX + 1];
	char agent[CONTACT_ID_MAX + 1];
	char caller[CONTACT_ID_MAX + 1];
	int seq;                  /* 1, or 2.. when the call re-entered this queue */
	int64_t enter_s;          /* -1 until ENTERQUEUE is seen */
	int connected;
	int64_t connect_s;
	int64_t connect_wait_s;
	enum kind final;          /* K_ENTER while no final event */
	int64_t final_s;
	int64_t final_wait_s, final_talk_s;
	int transferred;
	int64_t last_s;           /* the latest event of the call */
	int64_t events;           /* event lines counted to this call */
	uint32_t src_file;        /* where ENTERQUEUE (else the first event) was */
	long src_line;
};

struct conv {
	struct adapter_run *run;
	struct queue_map *map;
	char *const *files;
	struct call **buckets;
	size_t n_buckets;
	struct call **calls;      /* every open call, for the flush scan */
	size_t n_calls, cap_calls;
	int64_t n_final;          /* open calls that have their final event */
	int64_t clock_s;          /* the latest timestamp seen */
	int64_t stale_scan_s;     /* clock of the last scan for stale calls */
};

static uint64_t hash_key(const char *callid, const char *queue)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (const char *p = callid; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (const char *p = queue; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

static struct call *call_find(struct conv *v, const char *callid, const char *queue)
{
	struct call *c = v->buckets[hash_key(callid, queue) % v->n_buckets];

	for (; c; c = c->next)
		if (strcmp(c->callid, callid) == 0 && strcmp(c->queue, queue) == 0)
			return c;
	return NULL;
}

static struct call *call_new(struct conv *v, const struct event *e, uint32_t file, long line,
                             struct ccsla_error *err)
{
	struct call *c;
	size_t b = hash_key(e->callid, e->queue) % v->n_buckets;

	if (v->n_calls == v->cap_calls) {
		size_t cap = v->cap_calls ? 2 * v->cap_calls : 256;
		struct call **p = realloc(v->calls, cap * sizeof *p);
		if (!p) {
			ccsla_error_set(err, NULL, 0, NULL, "out of memory");
			return NULL;
		}
		v->calls = p;
		v->cap_calls = cap;
	}
	if (!(c = calloc(1, sizeof *c))) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		return NULL;
	}
	strcpy(c->callid, e->callid);
	strcpy(c->queue, e->queue);
	c->seq = 1;
	c->enter_s = -1;
	c->final = K_ENTER;
	c->src_file = file;
	c->src_line = line;
	c->next = v->buckets[b];
	v->buckets[b] = c;
	c->idx = v->n_calls;
	v->calls[v->n_calls++] = c;
	return c;
}

static void call_remove(struct conv *v, struct call *c)
{
	struct call **pp = &v->buckets[hash_key(c->callid, c->queue) % v->n_buckets];

	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	v->calls[c->idx] = v->calls[--v->n_calls];
	v->calls[c->idx]->idx = c->idx;
	if (c->final != K_ENTER)
		v->n_final--;
	free(c);
}

/* Writes the call's contact (or counts why there is none) and forgets it.
 * Called when the call is over: its final event is past, it re-entered the
 * queue, or the input has ended (then a call with no outcome is
 * incomplete). */
static int call_finish(struct conv *v, struct call *c, struct ccsla_error *err)
{
	struct adapter_run *run = v->run;
	const char *file = v->files[c->src_file];
	const char *client;
	struct contact k;
	int n, ret = 0;

	if (c->enter_s < 0) {
		adapter_skip(run, R_NOENTER, c->events);
		goto done;
	}
	if (!c->connected && c->final == K_ENTER) {
		run->stats.incomplete++;
		adapter_skip(run, R_INCOMPLETE, c->events);
		goto done;
	}
	if (!(client = queue_map_client(v->map, c->queue, run->opts.client_id))) {
		adapter_reject_n(run, c->events, R_CLIENT, file, c->src_line, "queue",
		                 "queue '%s' has no client: give --client or map it in --queue-map", c->queue);
		goto done;
	}
	contact_init(&k);
	n = c->seq == 1 ? snprintf(k.contact_id, sizeof k.contact_id, "%s@%s", c->callid, c->queue)
	                : snprintf(k.contact_id, sizeof k.contact_id, "%s@%s#%d", c->callid, c->queue, c->seq);
	if (n < 0 || (size_t)n >= sizeof k.contact_id) {
		adapter_reject_n(run, c->events, R_CONTACT_ID, file, c->src_line, "callid",
		                 "callid '%s' and queue '%s' make a contact_id longer than 64 characters",
		                 c->callid, c->queue);
		goto done;
	}
	strcpy(k.client_id, client);
	strcpy(k.queue, c->queue);
	strcpy(k.customer_id, c->caller);
	strcpy(k.agent_id, c->agent);
	k.channel = CH_VOICE;
	k.direction = DIR_INBOUND;
	k.arrived_at_ms = c->enter_s * 1000;
	k.transferred = c->transferred;
	k.src_file = c->src_file;
	k.src_line = (uint32_t)c->src_line;
	if (c->connected || c->final == K_COMPLETE || c->final == K_TRANSFER) {
		/* The wait is CONNECT's holdtime; without a CONNECT line the
		 * completion repeats it; without either, the clock difference. */
		int64_t wait_s = c->connected ? c->connect_wait_s : c->final_wait_s;
		if (wait_s < 0)
			wait_s = (c->connected ? c->connect_s : c->final_s) - c->enter_s;
		if (wait_s < 0)
			wait_s = 0;
		k.outcome = OUT_ANSWERED;
		k.answered_at_ms = k.arrived_at_ms + wait_s * 1000;
		if (c->final == K_COMPLETE || c->final == K_TRANSFER) {
			int64_t talk_s = c->final_talk_s;
			if (talk_s < 0)
				talk_s = c->final_s - c->enter_s - wait_s;
			if (talk_s < 0)
				talk_s = 0;
			/* A clock difference can exceed what talk_s holds (the
			 * given ones are range-checked when read). */
			if (talk_s > ADAPTER_MAX_SECONDS) {
				adapter_reject_n(run, c->events, R_RANGE, file, c->src_line, "talk_s",
				                 "call '%s' talks %lld s, more than %d", c->callid,
				                 (long long)talk_s, ADAPTER_MAX_SECONDS);
				goto done;
			}
			k.talk_s = (int32_t)talk_s;
			k.ended_at_ms = k.answered_at_ms + talk_s * 1000;
		} else {
			run->stats.unfinished++; /* still talking when the log ends */
		}
	} else {
		int64_t wait_s = c->final_wait_s >= 0 ? c->final_wait_s : c->final_s - c->enter_s;
		if (wait_s < 0)
			wait_s = 0;
		k.outcome = c->final == K_ABANDON ? OUT_ABANDONED : OUT_OVERFLOW;
		k.ended_at_ms = k.arrived_at_ms + wait_s * 1000;
		k.agent_id[0] = '\0';
	}
	ret = adapter_emit(run, &k, c->events, file, err);
done:
	call_remove(v, c);
	return ret;
}

/* A call with no event for this long is over, whatever its last event
 * said: no caller waits or talks for a day. This bounds memory by the calls
 * of the last day even when a log loses final events. */
#define STALE_S 86400

/* Writes out every call whose final event lies in a second before now, and
 * (once an hour of log time) every call silent for STALE_S. */
static int flush_before(struct conv *v, int64_t now_s, struct ccsla_error *err)
{
	int stale_scan = now_s - v->stale_scan_s >= 3600;
	size_t i = 0;

	if (stale_scan)
		v->stale_scan_s = now_s;
	while ((v->n_final > 0 || stale_scan) && i < v->n_calls) {
		struct call *c = v->calls[i];
		if ((c->final != K_ENTER && c->last_s < now_s) || now_s - c->last_s > STALE_S) {
			if (call_finish(v, c, err) != 0)
				return -1;
			continue; /* call_remove moved another call into slot i */
		}
		i++;
	}
	return 0;
}

static void copy_or_empty(char dst[CONTACT_ID_MAX + 1], const char *s)
{
	/* "NONE" is Asterisk's word for no agent; a caller id that is not a
	 * valid id (too long, control characters) is left empty. */
	if (strcmp(s, "NONE") == 0 || adapter_copy_id(dst, s) != 0)
		dst[0] = '\0';
}

static int apply(struct conv *v, const struct event *e, uint32_t file, long line,
                 struct ccsla_error *err)
{
	struct call *c = call_find(v, e->callid, e->queue);

	if (e->kind == K_ENTER && c && c->enter_s >= 0) {
		/* The same call enters the same queue again: the earlier stay is
		 * over (finished now, or incomplete); the new one counts apart. */
		int seq = c->seq + 1;
		if (call_finish(v, c, err) != 0)
			return -1;
		if (!(c = call_new(v, e, file, line, err)))
			return -1;
		c->seq = seq;
	} else if (!c && !(c = call_new(v, e, file, line, err))) {
		return -1;
	}
	c->events++;
	if (e->t_s > c->last_s)
		c->last_s = e->t_s;
	switch (e->kind) {
	case K_ENTER:
		c->enter_s = e->t_s;
		c->src_file = file;
		c->src_line = line;
		copy_or_empty(c->caller, e->caller ? e->caller : "");
		break;
	case K_CONNECT:
		if (!c->connected) {
			c->connected = 1;
			c->connect_s = e->t_s;
			c->connect_wait_s = e->wait_s;
			copy_or_empty(c->agent, e->agent);
		}
		break;
	case K_TRANSFER:
		c->transferred = 1;
		/* fall through */
	case K_COMPLETE:
	case K_ABANDON:
	case K_EXIT:
		if (c->final == K_ENTER) {
			c->final = e->kind;
			c->final_s = e->t_s;
			c->final_wait_s = e->wait_s;
			c->final_talk_s = e->talk_s;
			v->n_final++;
			if (!c->agent[0] && (e->kind == K_COMPLETE || e->kind == K_TRANSFER))
				copy_or_empty(c->agent, e->agent);
		}
		break;
	default:
		break;
	}
	return 0;
}

/* ---- reading the two dialects ---- */

/* Splits s at sep into at most max fields; returns the number found. */
static int split(char *s, char sep, char **f, int max)
{
	int n = 0;

	f[n++] = s;
	for (; *s; s++) {
		if (*s == sep) {
			*s = '\0';
			if (n == max)
				return max + 1;
			f[n++] = s + 1;
		}
	}
	return n;
}

/* Splits one CSV line (RFC 4180 quoting, no embedded line ends) in place.
 * Returns the number of fields, or -1 for an unterminated quote. */
static int split_csv(char *s, char **f, int max)
{
	int n = 0;
	char *w = s;

	for (;;) {
		if (n == max)
			return max + 1;
		f[n++] = w;
		if (*s == '"') {
			s++;
			for (;;) {
				if (!*s)
					return -1;
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*w++ = *s++;
				}
			}
		} else {
			while (*s && *s != ',')
				*w++ = *s++;
		}
		if (*s == ',') {
			*w++ = '\0';
			s++;
			continue;
		}
		if (*s)
			return -1; /* text after a closing quote */
		*w = '\0';
		return n;
	}
}

static const char *const table_cols[] = {
	"date_time", "callid", "queue_name", "type", "event",
	"param1", "param2", "param3", "htime", "ttime",
};
enum { T_TIME, T_CALLID, T_QUEUE, T_AGENT, T_EVENT, T_P1, T_P2, T_P3, T_HTIME, T_TTIME, T_NCOLS };

struct reader {
	struct line_reader lr;
	enum dialect dialect;
	int col[T_NCOLS];   /* table: column index of each needed column */
	int n_cols;         /* table: columns in the header */
	char *pending;      /* raw: the first line, already read to sniff the dialect */
	int pending_too_long;
};

static int reader_open(struct reader *r, const char *path, struct ccsla_error *err)
{
	char *line, *f[64];
	int too_long, rc, n;

	memset(r, 0, sizeof *r);
	if (line_reader_open(&r->lr, path, err) != 0)
		return -1;
	rc = line_reader_next(&r->lr, &line, &too_long, err);
	if (rc < 0)
		return -1;
	if (rc == 0 || strncmp(line, "uid,", 4) != 0 || too_long) {
		r->dialect = D_RAW;
		r->pending = rc == 1 ? line : NULL;
		r->pending_too_long = too_long;
		return 0;
	}
	r->dialect = D_TABLE;
	n = split_csv(line, f, 64);
	if (n < 0 || n > 64)
		return ccsla_error_set(err, path, 1, NULL, "bad table header");
	r->n_cols = n;
	for (int k = 0; k < T_NCOLS; k++) {
		r->col[k] = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(f[i], table_cols[k]) == 0)
				r->col[k] = i;
		if (r->col[k] < 0)
			return ccsla_error_set(err, path, 1, table_cols[k],
			                       "the table header has no column '%s'", table_cols[k]);
	}
	return 0;
}

static enum kind kind_of(const char *name, int *known)
{
	*known = 1;
	for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
		if (strcmp(events[i].name, name) == 0)
			return events[i].kind;
	*known = 0;
	return K_CALLINFO;
}

/* Parses a data field holding seconds: "" gives -1 (not given); anything
 * but a whole number 0..ADAPTER_MAX_SECONDS is an error: -1 not a number,
 * -2 out of range (adapter_parse_range). */
static int seconds_field(const char *s, int64_t *out)
{
	if (!s || !s[0]) {
		*out = -1;
		return 0;
	}
	return adapter_parse_range(s, 0, ADAPTER_MAX_SECONDS, out);
}

/* An epoch in seconds whose instant RFC 3339 can write (timefmt.h), so
 * that t * 1000 and every sum of it with a duration stay inside int64. */
#define MAX_EPOCH_S (RFC3339_MAX_MS / 1000)

/* Reads the next event. 1: *e is an event to apply; 2: the line was
 * counted already (skipped or rejected); 0: end of file; -1: I/O error. */
static int reader_next(struct conv *v, struct reader *r, struct event *e, struct ccsla_error *err)
{
	struct adapter_run *run = v->run;
	const char *path = r->lr.path;
	char *line, *f[64];
	const char *wait = NULL, *talk = NULL, *wait_name = "", *talk_name = "";
	int too_long = 0, rc, n, known;
	int64_t t;
	int trc;

	if (r->pending) {
		line = r->pending;
		too_long = r->pending_too_long;
		r->pending = NULL;
	} else if ((rc = line_reader_next(&r->lr, &line, &too_long, err)) != 1) {
		return rc;
	}
	if (!line[0] && !too_long)
		return 2; /* a blank line is no record */
	run->stats.read++;
	long ln = r->lr.lineno;
	if (too_long) {
		adapter_reject(run, R_LONG, path, ln, NULL, "line longer than %zu bytes", sizeof r->lr.buf - 1);
		return 2;
	}
	memset(e, 0, sizeof *e);
	e->wait_s = e->talk_s = -1;
	if (r->dialect == D_RAW) {
		n = split(line, '|', f, 63);
		if (n < 5 || n > 63) {
			adapter_reject(run, R_FIELDS, path, ln, NULL,
			               "expected epoch|callid|queue|agent|event|data..., found %d fields", n);
			return 2;
		}
		if ((trc = adapter_parse_range(f[0], 0, MAX_EPOCH_S, &t)) != 0) {
			adapter_reject(run, trc == -2 ? R_RANGE : R_TIME, path, ln, "epoch",
			               trc == -2 ? "'%s' is a Unix time outside years 1970-9999"
			                         : "'%s' is not a Unix time in seconds", f[0]);
			return 2;
		}
		e->callid = f[1];
		e->queue = f[2];
		e->agent = f[3];
		e->name = f[4];
		e->kind = kind_of(e->name, &known);
		/* data1 is f[5]; missing trailing fields read as "". */
#define D(i) (5 + (i) - 1 < n ? f[5 + (i) - 1] : "")
		switch (e->kind) {
		case K_ENTER:
			e->caller = D(2);
			break;
		case K_CONNECT:
			wait = D(1), wait_name = "data1";
			break;
		case K_COMPLETE:
			wait = D(1), wait_name = "data1", talk = D(2), talk_name = "data2";
			break;
		case K_ABANDON:
			wait = D(3), wait_name = "data3";
			break;
		case K_EXIT:
			if (strcmp(e->name, "EXITWITHKEY") == 0)
				wait = D(4), wait_name = "data4";
			else
				wait = D(3), wait_name = "data3";
			break;
		case K_TRANSFER:
			/* ATTENDEDTRANSFER(method|method-data|holdtime|calltime|origposition),
			 * where method LINK has two data fields. */
			if (strcmp(e->name, "ATTENDEDTRANSFER") == 0 && strcmp(D(1), "LINK") == 0)
				wait = D(4), wait_name = "data4", talk = D(5), talk_name = "data5";
			else
				wait = D(3), wait_name = "data3", talk = D(4), talk_name = "data4";
			break;
		default:
			break;
		}
#undef D
	} else {
		n = split_csv(line, f, 64);
		if (n != r->n_cols) {
			if (n < 0)
				adapter_reject(run, R_FIELDS, path, ln, NULL, "unterminated or misplaced quote");
			else
				adapter_reject(run, R_FIELDS, path, ln, NULL, "expected %d columns as in the header, found %d",
				               r->n_cols, n);
			return 2;
		}
		if ((trc = adapter_parse_range(f[r->col[T_TIME]], 0, MAX_EPOCH_S, &t)) != 0) {
			adapter_reject(run, trc == -2 ? R_RANGE : R_TIME, path, ln, "date_time",
			               trc == -2 ? "'%s' is a Unix time outside years 1970-9999"
			                         : "'%s' is not a Unix time in seconds", f[r->col[T_TIME]]);
			return 2;
		}
		e->callid = f[r->col[T_CALLID]];
		e->queue = f[r->col[T_QUEUE]];
		e->agent = f[r->col[T_AGENT]];
		e->name = f[r->col[T_EVENT]];
		e->kind = kind_of(e->name, &known);
		if (e->kind == K_ENTER)
			e->caller = f[r->col[T_P1]];
		if (e->kind == K_CONNECT || e->kind == K_COMPLETE || e->kind == K_TRANSFER ||
		    e->kind == K_ABANDON || e->kind == K_EXIT)
			wait = f[r->col[T_HTIME]], wait_name = "htime";
		if (e->kind == K_COMPLETE || e->kind == K_TRANSFER)
			talk = f[r->col[T_TTIME]], talk_name = "ttime";
	}
	e->t_s = t;
	if (!known) {
		/* OUT* rows are agents' own outbound calls in some exports, not
		 * stock Asterisk: skipped by name, everything else is unknown. */
		if (strncmp(e->name, "OUT", 3) == 0) {
			adapter_skip(run, R_OUTBOUND, 1);
			return 2;
		}
		adapter_reject(run, R_EVENT, path, ln, "event", "unknown queue_log event '%s'", e->name);
		return 2;
	}
	if (e->kind == K_MEMBER) {
		adapter_skip(run, R_MEMBER, 1);
		return 2;
	}
	if (e->kind == K_NOTQUEUED) {
		adapter_skip(run, R_NOTQUEUED, 1);
		return 2;
	}
	if (!adapter_valid_id(e->callid) || !adapter_valid_id(e->queue) ||
	    strcmp(e->callid, "NONE") == 0 || strcmp(e->queue, "NONE") == 0) {
		adapter_reject(run, R_ID, path, ln, "callid",
		               "a %s event needs a callid and a queue, found '%s' and '%s'",
		               e->name, e->callid, e->queue);
		return 2;
	}
	if ((rc = seconds_field(wait, &e->wait_s)) != 0) {
		adapter_reject(run, rc == -2 ? R_RANGE : R_NUMBER, path, ln, wait_name,
		               "%s wait '%s' is not a whole number of seconds 0..%d", e->name, wait,
		               ADAPTER_MAX_SECONDS);
		return 2;
	}
	if ((rc = seconds_field(talk, &e->talk_s)) != 0) {
		adapter_reject(run, rc == -2 ? R_RANGE : R_NUMBER, path, ln, talk_name,
		               "%s talk time '%s' is not a whole number of seconds 0..%d", e->name, talk,
		               ADAPTER_MAX_SECONDS);
		return 2;
	}
	return 1;
}

/* The first timestamp of a file (for ordering files), or INT64_MAX. */
static int64_t first_time(const char *path)
{
	struct adapter_run quiet;
	struct conv v = { .run = &quiet };
	struct reader r;
	struct event e;
	struct ccsla_error err;
	int64_t t = INT64_MAX;
	int rc;

	memset(&quiet, 0, sizeof quiet);
	if (reader_open(&r, path, &err) == 0)
		while ((rc = reader_next(&v, &r, &e, &err)) > 0)
			if (rc == 1) {
				t = e.t_s;
				break;
			}
	line_reader_close(&r.lr);
	return t;
}

static int convert(struct adapter_run *run, char *const *files, int n_files, struct ccsla_error *err)
{
	struct conv v = { .run = run, .files = files, .n_buckets = 4096 };
	struct reader r = { 0 };
	int64_t *first = NULL;
	int *order = NULL, ret = -1, rc;
	struct event e;

	run->stats.unit = "events";
	if (run->opts.client_id && !adapter_valid_client(run->opts.client_id)) {
		ccsla_error_set(err, NULL, 0, "client", "'%s' is not a client id ([A-Za-z0-9_-]{1,32})",
		                run->opts.client_id);
		goto out;
	}
	if (run->opts.tz_name) {
		ccsla_error_set(err, NULL, 0, "tz", "queue_log times are Unix times; --tz does not apply");
		goto out;
	}
	if (run->opts.queue_map && queue_map_load(&v.map, run->opts.queue_map, err) != 0)
		goto out;
	if (!run->opts.client_id && !v.map) {
		ccsla_error_set(err, NULL, 0, "client", "give --client or --queue-map: queue_log names no client");
		goto out;
	}
	v.buckets = calloc(v.n_buckets, sizeof *v.buckets);
	first = calloc(n_files ? n_files : 1, sizeof *first);
	order = calloc(n_files ? n_files : 1, sizeof *order);
	if (!v.buckets || !first || !order) {
		ccsla_error_set(err, NULL, 0, NULL, "out of memory");
		goto out;
	}
	/* Files in the order of their first event (a stable insertion sort:
	 * a handful of files), so that a call split across files is joined. */
	for (int i = 0; i < n_files; i++) {
		int j = i;
		first[i] = first_time(files[i]);
		while (j > 0 && first[order[j - 1]] > first[i]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	v.clock_s = INT64_MIN;
	v.stale_scan_s = INT64_MIN / 2;
	for (int k = 0; k < n_files; k++) {
		int fi = order[k];
		if (reader_open(&r, files[fi], err) != 0)
			goto out;
		while ((rc = reader_next(&v, &r, &e, err)) > 0) {
			if (rc != 1)
				continue;
			if (e.t_s > v.clock_s) {
				if (flush_before(&v, e.t_s, err) != 0)
					goto out;
				v.clock_s = e.t_s;
			}
			if (apply(&v, &e, (uint32_t)fi, r.lr.lineno, err) != 0)
				goto out;
		}
		if (rc < 0)
			goto out;
		line_reader_close(&r.lr);
	}
	/* End of the input: everything still open is written or counted. */
	while (v.n_calls > 0)
		if (call_finish(&v, v.calls[v.n_calls - 1], err) != 0)
			goto out;
	ret = 0;
out:
	line_reader_close(&r.lr);
	while (v.n_calls > 0) {
		v.calls[v.n_calls - 1]->final = K_ENTER; /* keep n_final consistent */
		call_remove(&v, v.calls[v.n_calls - 1]);
	}
	free(v.calls);
	free(v.buckets);
	free(first);
	free(order);
	queue_map_free(v.map);
	return ret;
}

const struct adapter adapter_asterisk = {
	"asterisk",
	"Asterisk app_queue queue_log: the raw pipe file, or a database table export",
	NULL,
	NULL,
	convert,
};
