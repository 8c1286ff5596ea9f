/* connect.c -- Amazon Connect contact records (CTRs) to canonical contacts
 * (--format amazon-connect).
 *
 * Input: contact records as Kinesis Firehose delivers them to S3: gzip,
 * one JSON object a line, or several objects back to back on one line
 * with no separator (jsonrec.h reads both). Field documentation: Amazon
 * Connect Administrator Guide, "Contact records data model"
 * (https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html),
 * AWSContactTraceRecordFormatVersion 2017-03-10.
 *
 * Delivery is at least once, and a record is delivered again when it
 * changes (after-contact work ends, attributes are updated). So the input
 * is read twice: the first pass notes, per ContactId, the latest
 * LastUpdateTimestamp (and which contacts a CALLBACK contact continues);
 * the second maps only deliveries of that latest version. An older
 * delivery is skipped ("superseded"); the latest delivered twice is
 * emitted twice and the ingest counts the second a duplicate (or a
 * conflict when its content differs). The table costs about 100 bytes a
 * distinct ContactId (README, "Amazon Connect"): memory grows with the
 * contacts of the input, not with its bytes or deliveries.
 *
 * One record is one contact leg: a transfer or a callback makes a new
 * ContactId with PreviousContactId pointing back, so each queue visit is
 * its own contact. Mapping:
 *
 *   contact_id  ContactId; queue: Queue.Name ("default" when there is none)
 *   client_id   the queue map's client of Queue.Name, else --client
 *   channel     Channel VOICE, CHAT, EMAIL (TASK is back-office work: skipped)
 *   direction   InitiationMethod OUTBOUND, CALLBACK, EXTERNAL_OUTBOUND,
 *               AGENT_REPLY: outbound; INBOUND, API, WEBRTC_API, TRANSFER,
 *               QUEUE_TRANSFER: inbound
 *   arrived_at  Queue.EnqueueTimestamp; not queued: InitiationTimestamp
 *   answered_at Agent.ConnectedToAgentTimestamp; agent_id Agent.Username
 *   ended_at    DisconnectTimestamp (a record without it is skipped: the
 *               contact is not over and comes again)
 *   talk/hold/wrap_s  Agent.AgentInteractionDuration, CustomerHoldDuration,
 *               AfterContactWorkDuration (seconds)
 *   outcome     answered: an agent connected; queued, unanswered: callback
 *               when a CALLBACK contact continues it, overflow when it has
 *               a NextContactId (transferred on from the queue), else
 *               abandoned; inbound never queued: deflected (served or
 *               dropped by the flow); outbound never queued: answered when
 *               an agent connected, else abandoned; a TRANSFER leg that
 *               never queued (to an outside number) is skipped
 *   transferred an answered contact with a NextContactId
 * DISCONNECT and MONITOR contacts (flows, supervisors) are skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "adapter.h"
#include "jsonrec.h"

#define R_NOT_OBJECT "not a contact record object"
#define R_MISSING    "missing field"
#define R_TIME       "malformed time"
#define R_CHANNEL    "unknown channel"
#define R_METHOD     "unknown InitiationMethod"
#define R_VALUE      "bad value"
#define R_ORDER      "times out of order"
#define R_NO_CLIENT  "queue without a client"
#define S_OLDER      "superseded by a later delivery (same ContactId, later LastUpdateTimestamp)"
#define S_TASK       "TASK contact (back-office work, not a customer contact)"
#define S_SYSTEM     "DISCONNECT or MONITOR contact (a flow or a supervisor, not a customer contact)"
#define S_OPEN       "contact not ended yet (no DisconnectTimestamp)"
#define S_TRANSFER   "transfer leg that never queued (to an outside number or a flow)"

/* ContactId -> what the first pass learnt. Open addressing; the ids live
 * in blocks of a bump pool, freed together. */
struct seen {
	const char *id;        /* NULL: empty slot */
	uint64_t hash;
	int64_t latest_ms;     /* latest LastUpdateTimestamp delivered */
	int continued_by_callback;
};

struct idpool {
	char **blocks;
	size_t n_blocks, used, size;
};

struct connect {
	struct adapter_run *run;
	struct queue_map *map;
	const char *path;
	uint32_t file_idx;
	int pass;              /* 1: learn the table; 2: map */
	struct seen *tab;
	size_t cap, n;
	struct idpool pool;
	int oom;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char *pool_dup(struct idpool *p, const char *s)
{
	size_t n = strlen(s) + 1;
	char *dst;

	if (!p->n_blocks || p->size - p->used < n) {
		char **b = realloc(p->blocks, (p->n_blocks + 1) * sizeof *b);
		if (!b)
			return NULL;
		p->blocks = b;
		p->size = n > (1u << 20) ? n : (1u << 20);
		if (!(b[p->n_blocks] = malloc(p->size)))
			return NULL;
		p->n_blocks++;
		p->used = 0;
	}
	dst = p->blocks[p->n_blocks - 1] + p->used;
	memcpy(dst, s, n);
	p->used += n;
	return dst;
}

static void pool_free(struct idpool *p)
{
	for (size_t i = 0; i < p->n_blocks; i++)
		free(p->blocks[i]);
	free(p->blocks);
	memset(p, 0, sizeof *p);
}

/* The slot of id: its entry, or the empty slot where it would go. */
static struct seen *slot(struct seen *tab, size_t cap, const char *id, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	while (tab[i].id && (tab[i].hash != h || strcmp(tab[i].id, id) != 0))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static struct seen *lookup(const struct connect *k, const char *id)
{
	struct seen *s;

	if (!k->cap)
		return NULL;
	s = slot(k->tab, k->cap, id, hash_str(id));
	return s->id ? s : NULL;
}

/* The entry of id, created when new; NULL when out of memory. */
static struct seen *insert(struct connect *k, const char *id)
{
	uint64_t h = hash_str(id);
	struct seen *s;

	if (2 * (k->n + 1) > k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 1024;
		struct seen *tab = calloc(cap, sizeof *tab);
		if (!tab)
			return NULL;
		for (size_t i = 0; i < k->cap; i++)
			if (k->tab[i].id)
				*slot(tab, cap, k->tab[i].id, k->tab[i].hash) = k->tab[i];
		free(k->tab);
		k->tab = tab;
		k->cap = cap;
	}
	s = slot(k->tab, k->cap, id, h);
	if (!s->id) {
		if (!(s->id = pool_dup(&k->pool, id)))
			return NULL;
		s->hash = h;
		s->latest_ms = INT64_MIN;
		k->n++;
	}
	return s;
}

/* A string member by dotted path, or NULL (absent, null or not a string). */
static const char *str_at(const struct jv *rec, const char *path)
{
	const struct jv *v = jv_path(rec, path);

	return v && v->type == JV_STRING ? v->str : NULL;
}

/* An instant by dotted path: 1 present, 0 absent or null, -1 malformed
 * (*why, *text set). */
static int time_at(const struct jv *rec, const char *path, int64_t *ms, const char **why,
                   const char **text)
{
	const struct jv *v = jv_path(rec, path);

	*ms = TIME_NONE;
	*text = "?";
	*why = "not a string";
	if (!v || v->type == JV_NULL)
		return 0;
	if (v->type != JV_STRING)
		return -1;
	*text = v->str;
	return rfc3339_parse(v->str, ms, why) == 0 ? 1 : -1;
}

/* A duration in whole seconds by dotted path: 1, 0 absent, -1 bad. */
static int secs_at(const struct jv *rec, const char *path, int32_t *out)
{
	const struct jv *v = jv_path(rec, path);
	int64_t x;

	*out = -1;
	if (!v || v->type == JV_NULL)
		return 0;
	if (jv_int(v, &x) != 0 || x < 0 || x > INT32_MAX)
		return -1;
	*out = (int32_t)x;
	return 1;
}

static int learn(struct connect *k, const struct jv *rec)
{
	const char *id = str_at(rec, "ContactId"), *method = str_at(rec, "InitiationMethod"),
	           *prev = str_at(rec, "PreviousContactId"), *why, *text;
	int64_t upd;
	struct seen *s;

	if (!id || time_at(rec, "LastUpdateTimestamp", &upd, &why, &text) != 1)
		return 0; /* the second pass rejects it */
	if (!(s = insert(k, id)))
		return -1;
	if (upd > s->latest_ms)
		s->latest_ms = upd;
	if (method && prev && strcmp(method, "CALLBACK") == 0) {
		if (!(s = insert(k, prev)))
			return -1;
		s->continued_by_callback = 1;
	}
	return 0;
}

/* Rejects with a malformed-time message; always 0 (the record is counted). */
static int bad_time(struct connect *k, long line, const char *field, const char *id, const char *text,
                    const char *why)
{
	adapter_reject(k->run, R_TIME, k->path, line, field, "contact %.40s: '%.60s' is not an RFC 3339 instant (%s)",
	               id, text, why);
	return 0;
}

static int map_record(struct connect *k, const struct jv *rec, long line, struct ccsla_error *err)
{
	static const char *const time_fields[] = {
		"InitiationTimestamp", "DisconnectTimestamp", "Queue.EnqueueTimestamp",
		"Agent.ConnectedToAgentTimestamp",
	};
	struct adapter_run *run = k->run;
	const char *id = str_at(rec, "ContactId"), *channel, *method, *queue, *client, *why, *text;
	int64_t t[4], upd;
	struct seen *s;
	struct contact c;
	int ch, outbound, queued, tr;

	if (!id)
		return adapter_reject(run, R_MISSING, k->path, line, "ContactId", "a contact record without ContactId"), 0;
	tr = time_at(rec, "LastUpdateTimestamp", &upd, &why, &text);
	if (tr == 0)
		return adapter_reject(run, R_MISSING, k->path, line, "LastUpdateTimestamp",
		                      "contact %.40s: no LastUpdateTimestamp", id), 0;
	if (tr < 0)
		return bad_time(k, line, "LastUpdateTimestamp", id, text, why);
	s = lookup(k, id);
	if (s && upd < s->latest_ms) {
		adapter_skip(run, S_OLDER, 1);
		return 0;
	}
	for (int i = 0; i < 4; i++)
		if (time_at(rec, time_fields[i], &t[i], &why, &text) < 0)
			return bad_time(k, line, time_fields[i], id, text, why);
	if (!(channel = str_at(rec, "Channel")))
		return adapter_reject(run, R_MISSING, k->path, line, "Channel", "contact %.40s: no Channel", id), 0;
	if (!(method = str_at(rec, "InitiationMethod")))
		return adapter_reject(run, R_MISSING, k->path, line, "InitiationMethod",
		                      "contact %.40s: no InitiationMethod", id), 0;
	if (strcmp(channel, "VOICE") == 0)
		ch = CH_VOICE;
	else if (strcmp(channel, "CHAT") == 0)
		ch = CH_CHAT;
	else if (strcmp(channel, "EMAIL") == 0)
		ch = CH_EMAIL;
	else if (strcmp(channel, "TASK") == 0) {
		adapter_skip(run, S_TASK, 1);
		return 0;
	} else
		return adapter_reject(run, R_CHANNEL, k->path, line, "Channel",
		                      "contact %.40s: '%.40s' is not VOICE, CHAT, EMAIL or TASK", id, channel), 0;
	if (!strcmp(method, "OUTBOUND") || !strcmp(method, "CALLBACK") || !strcmp(method, "EXTERNAL_OUTBOUND") ||
	    !strcmp(method, "AGENT_REPLY"))
		outbound = 1;
	else if (!strcmp(method, "INBOUND") || !strcmp(method, "API") || !strcmp(method, "WEBRTC_API") ||
	         !strcmp(method, "TRANSFER") || !strcmp(method, "QUEUE_TRANSFER"))
		outbound = 0;
	else if (!strcmp(method, "DISCONNECT") || !strcmp(method, "MONITOR")) {
		adapter_skip(run, S_SYSTEM, 1);
		return 0;
	} else
		return adapter_reject(run, R_METHOD, k->path, line, "InitiationMethod",
		                      "contact %.40s: '%.40s' is not a known InitiationMethod", id, method), 0;
	if (t[0] == TIME_NONE)
		return adapter_reject(run, R_MISSING, k->path, line, "InitiationTimestamp",
		                      "contact %.40s: no InitiationTimestamp", id), 0;
	if (t[1] == TIME_NONE) {
		adapter_skip(run, S_OPEN, 1);
		return 0;
	}

	contact_init(&c);
	if (adapter_copy_id(c.contact_id, id) != 0)
		return adapter_reject(run, R_VALUE, k->path, line, "ContactId",
		                      "'%.64s' is not 1-64 printable characters", id), 0;
	queued = t[2] != TIME_NONE;
	queue = str_at(rec, "Queue.Name"); /* outbound calls name their outbound queue, never enqueued */
	if (queued && !queue)
		return adapter_reject(run, R_MISSING, k->path, line, "Queue.Name",
		                      "contact %.40s: queued without Queue.Name", id), 0;
	if (adapter_copy_id(c.queue, queue ? queue : "default") != 0)
		return adapter_reject(run, R_VALUE, k->path, line, "Queue.Name",
		                      "contact %.40s: queue name is not 1-64 printable characters", id), 0;
	if (!(client = queue_map_client(k->map, c.queue, run->opts.client_id)))
		return adapter_reject(run, R_NO_CLIENT, k->path, line, "Queue.Name",
		                      "contact %.40s: queue '%s' has no client in the queue map (and no --client)",
		                      id, c.queue), 0;
	strcpy(c.client_id, client);
	c.channel = (uint8_t)ch;
	c.direction = outbound ? DIR_OUTBOUND : DIR_INBOUND;
	c.arrived_at_ms = queued ? t[2] : t[0];
	c.ended_at_ms = t[1];
	if (t[3] != TIME_NONE) {
		const char *agent = str_at(rec, "Agent.Username");
		c.outcome = OUT_ANSWERED;
		c.answered_at_ms = t[3];
		if (agent && adapter_copy_id(c.agent_id, agent) != 0)
			return adapter_reject(run, R_VALUE, k->path, line, "Agent.Username",
			                      "contact %.40s: agent name is not 1-64 printable characters", id), 0;
		if (secs_at(rec, "Agent.AgentInteractionDuration", &c.talk_s) < 0 ||
		    secs_at(rec, "Agent.CustomerHoldDuration", &c.hold_s) < 0 ||
		    secs_at(rec, "Agent.AfterContactWorkDuration", &c.wrap_s) < 0)
			return adapter_reject(run, R_VALUE, k->path, line, "Agent",
			                      "contact %.40s: a duration is not a whole number of seconds >= 0", id), 0;
		c.transferred = str_at(rec, "NextContactId") != NULL;
	} else if (queued) {
		if (s && s->continued_by_callback)
			c.outcome = OUT_CALLBACK;
		else if (str_at(rec, "NextContactId"))
			c.outcome = OUT_OVERFLOW;
		else
			c.outcome = OUT_ABANDONED;
	} else if (outbound) {
		c.outcome = OUT_ABANDONED;
	} else if (!strcmp(method, "TRANSFER") || !strcmp(method, "QUEUE_TRANSFER")) {
		adapter_skip(run, S_TRANSFER, 1);
		return 0;
	} else {
		c.outcome = OUT_DEFLECTED;
	}
	if (c.ended_at_ms < c.arrived_at_ms ||
	    (c.answered_at_ms != TIME_NONE &&
	     (c.answered_at_ms < c.arrived_at_ms || c.ended_at_ms < c.answered_at_ms)))
		return adapter_reject(run, R_ORDER, k->path, line, queued ? "Queue.EnqueueTimestamp" : "InitiationTimestamp",
		                      "contact %.40s: answered or disconnected before it arrived", id), 0;
	c.src_file = k->file_idx;
	c.src_line = (uint32_t)line;
	return adapter_emit(run, &c, 1, k->path, err);
}

static int on_record(void *ctx, const struct jv *rec, long line, struct ccsla_error *err)
{
	struct connect *k = ctx;

	if (k->pass == 1) {
		if (rec->type == JV_OBJECT && learn(k, rec) != 0)
			return ccsla_error_set(err, k->path, line, NULL, "out of memory");
		return 0;
	}
	k->run->stats.read++;
	if (rec->type != JV_OBJECT) {
		adapter_reject(k->run, R_NOT_OBJECT, k->path, line, NULL, "a JSON value that is not an object");
		return 0;
	}
	return map_record(k, rec, line, err);
}

static void on_error(void *ctx, const char *reason, long line, const char *msg)
{
	struct connect *k = ctx;

	if (k->pass == 1)
		return;
	k->run->stats.read++;
	adapter_reject(k->run, reason, k->path, line, NULL, "%s", msg);
}

static int convert(struct adapter_run *run, char *const *files, int n_files, struct ccsla_error *err)
{
	struct connect k = { .run = run };
	struct jsonrec_handler h = { on_record, on_error, &k };
	int ret = -1;

	run->stats.unit = "records";
	if (run->opts.queue_map && queue_map_load(&k.map, run->opts.queue_map, err) != 0)
		goto out;
	for (k.pass = 1; k.pass <= 2; k.pass++) {
		for (int i = 0; i < n_files; i++) {
			k.path = files[i];
			k.file_idx = (uint32_t)i;
			if (jsonrec_read(files[i], NULL, &h, err) != 0)
				goto out;
		}
	}
	ret = 0;
out:
	free(k.tab);
	pool_free(&k.pool);
	queue_map_free(k.map);
	return ret;
}

const struct adapter adapter_amazon_connect = {
	"amazon-connect",
	"Amazon Connect contact records (JSON lines, gzip, as Kinesis Firehose delivers them)",
	NULL,
	NULL,
	convert,
};
