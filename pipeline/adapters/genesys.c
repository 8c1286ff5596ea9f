/* genesys.c -- Genesys Cloud analytics conversation-detail records to
 * canonical contacts (--format genesys-cloud).
 *
 * Input: what POST /api/v2/analytics/conversations/details/query returns,
 * {"conversations": [...]}, or one conversation object per line; plain or
 * gzip (jsonrec.h reads one conversation at a time). Field documentation:
 * developer.genesys.cloud, "Conversation detail data model"; samples in
 * fixtures/realdata/genesys/ (SOURCE.md).
 *
 * A conversation has participants (customer, ivr, acd, agent, user, ...),
 * each with sessions (one media type each) made of segments (alert,
 * interact, hold, wrapup, ...). The unit of record is the conversation;
 * it gives one canonical contact per ACD session (a participant whose
 * purpose is "acd": one visit of a queue):
 *
 *   contact_id  conversationId; the 2nd, 3rd ACD session "<id>-2", "<id>-3"
 *   queue       the session's queueId, or its name from the queue map
 *   client_id   the queue map's client of the queueId, else --client
 *   channel     mediaType voice, chat, email, message (messaging), video;
 *               callback is voice and outbound (the agent calls back)
 *   direction   callback: outbound; else the session's direction, else
 *               originatingDirection, else inbound
 *   arrived_at  the ACD session's first segmentStart
 *   answered_at the first interact segmentStart of an agent session of the
 *               same media and queue that starts between this ACD session
 *               and the next (else the agent's tAnswered emitDate)
 *   agent_id    that agent's userId
 *   outcome     answered: such an agent session exists; unanswered and a
 *               later ACD session follows: overflow (transferred to
 *               another queue); unanswered, ended by disconnectType
 *               "transfer" (routed away): overflow; else abandoned
 *   ended_at    answered: the agents' last non-wrapup segmentEnd;
 *               unanswered: the ACD session's last segmentEnd
 *   talk/hold/wrap_s  the handling agents' tTalk, tHeld, tAcw (ms, rounded
 *               to seconds; a metric not emitted is 0); sessions of the 2016
 *               schema have no metrics: interact, hold and wrapup segments
 *   transferred a second agent handled it, or it went on to another queue
 *               after an answer
 *
 * A conversation is over when it has conversationEnd or every segment has
 * a segmentEnd (the 2016 schema has no conversationEnd). One that is not
 * over gives an `open` contact for a written channel still waiting in its
 * queue, and nothing else: a live call is taken when Genesys returns the
 * conversation again, ended (an `open` contact is then replaced by the
 * ingest, interaction-log.md "Duplicates").
 *
 * Any malformed instant (2021-04-2T15:30:51.418Z) rejects the whole
 * conversation: nothing is guessed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "ingest/canon.h"
#include "adapter.h"
#include "jsonrec.h"

#define R_NOT_OBJECT "not a conversation object"
#define R_MISSING    "missing field"
#define R_TIME       "malformed time"
#define R_MEDIA      "unknown media type"
#define R_VALUE      "bad value"
#define R_ORDER      "times out of order"
#define R_MANY       "too many sessions"
#define R_NO_CLIENT  "queue without a client"
#define S_NO_ACD     "no ACD session (never offered to a queue)"
#define S_NOT_ENDED  "conversation not ended yet (taken when it is returned ended)"

#define MAX_ACD   32
#define MAX_AGENT 64

struct acd_session {
	int64_t start_ms, end_ms;     /* end TIME_NONE when a segment is open */
	const char *queue_id;
	const char *media;
	const char *direction;
	const char *last_disconnect;  /* disconnectType of the last segment */
	int abandon_metric;           /* tAbandon emitted */
	int channel, outbound;
};

struct agent_session {
	const char *user_id;
	const char *media;
	const char *queue_id;         /* of its first segment with one */
	int64_t start_ms;             /* first segmentStart */
	int64_t interact_ms;          /* first interact segmentStart, or TIME_NONE */
	int64_t answered_ms;          /* tAnswered emitDate, or TIME_NONE */
	int64_t end_ms;               /* last non-wrapup segmentEnd, or TIME_NONE */
	int has_metrics;
	int64_t talk_ms, hold_ms, wrap_ms;         /* from metrics */
	int64_t seg_talk_ms, seg_hold_ms, seg_wrap_ms; /* from segments */
};

struct conv {
	const char *id;
	const char *orig_direction;
	int ended;
	struct acd_session acd[MAX_ACD];
	int n_acd;
	struct agent_session ag[MAX_AGENT];
	int n_ag;
	/* where the conversation is bad */
	const char *bad_reason;
	char bad_field[64];
	char bad_msg[200];
};

struct genesys {
	struct adapter_run *run;
	struct queue_map *map;
	const char *path;
	uint32_t file_idx;
	struct ccsla_error *err;
};

/* Where in a conversation a value is; -1: not that deep. The path text is
 * made only for a bad value (formatting every path cost a tenth of the
 * time). */
struct loc {
	int part, sess, seg, metric;
};
#define LOC_TOP ((struct loc){ -1, -1, -1, -1 })

static void loc_format(char *out, size_t size, struct loc l, const char *key)
{
	int n = 0;

	out[0] = '\0';
	if (l.part >= 0)
		n += snprintf(out + n, size - (size_t)n, "participants[%d].sessions[%d]", l.part, l.sess);
	if (l.seg >= 0 && n < (int)size)
		n += snprintf(out + n, size - (size_t)n, ".segments[%d]", l.seg);
	if (l.metric >= 0 && n < (int)size)
		n += snprintf(out + n, size - (size_t)n, ".metrics[%d]", l.metric);
	if (key && n < (int)size)
		snprintf(out + n, size - (size_t)n, "%s%s", n ? "." : "", key);
}

static int bad(struct conv *cv, const char *reason, struct loc l, const char *key, const char *fmt,
               const char *arg)
{
	cv->bad_reason = reason;
	loc_format(cv->bad_field, sizeof cv->bad_field, l, key);
	snprintf(cv->bad_msg, sizeof cv->bad_msg, fmt, arg);
	return -1;
}

/* An instant member: 1 and *ms when present, 0 when absent (or null), -1
 * (cv->bad_*) when it is not an RFC 3339 instant. */
static int get_time(struct conv *cv, const struct jv *obj, const char *key, struct loc where,
                    int64_t *ms)
{
	const struct jv *v = jv_get(obj, key);
	const char *why = "not a string";

	*ms = TIME_NONE;
	if (!v || v->type == JV_NULL)
		return 0;
	if (v->type != JV_STRING || rfc3339_parse(v->str, ms, &why) != 0) {
		char msg[160];
		snprintf(msg, sizeof msg, "'%.60s' is not an RFC 3339 instant (%s)",
		         v->type == JV_STRING ? v->str : "?", why);
		return bad(cv, R_TIME, where, key, "%s", msg);
	}
	return 1;
}

static int media_channel(const char *m, int *outbound)
{
	*outbound = 0;
	if (strcmp(m, "voice") == 0)
		return CH_VOICE;
	if (strcmp(m, "callback") == 0) {
		*outbound = 1;
		return CH_VOICE;
	}
	if (strcmp(m, "chat") == 0)
		return CH_CHAT;
	if (strcmp(m, "email") == 0)
		return CH_EMAIL;
	if (strcmp(m, "message") == 0)
		return CH_MESSAGING;
	if (strcmp(m, "video") == 0)
		return CH_VIDEO;
	return -1;
}

/* Sums the metrics of an agent session and checks their emitDates. */
static int read_metrics(struct conv *cv, const struct jv *sess, struct loc where, struct agent_session *a)
{
	const struct jv *metrics = jv_get(sess, "metrics");
	int k = 0;

	if (!metrics || metrics->type != JV_ARRAY)
		return 0;
	a->has_metrics = 1;
	for (const struct jv *m = metrics->child; m; m = m->next, k++) {
		const char *name = jv_str(m, "name");
		int64_t value, emit;

		where.metric = k;
		if (get_time(cv, m, "emitDate", where, &emit) < 0)
			return -1;
		if (!name)
			continue;
		if (strcmp(name, "tTalk") && strcmp(name, "tHeld") && strcmp(name, "tAcw") &&
		    strcmp(name, "tAnswered"))
			continue;
		if (jv_int(jv_get(m, "value"), &value) != 0 || value < 0) {
			return bad(cv, R_VALUE, where, "value", "metric '%s' is not a whole number of milliseconds >= 0", name);
		}
		if (strcmp(name, "tTalk") == 0)
			a->talk_ms += value;
		else if (strcmp(name, "tHeld") == 0)
			a->hold_ms += value;
		else if (strcmp(name, "tAcw") == 0)
			a->wrap_ms += value;
		else if (a->answered_ms == TIME_NONE)
			a->answered_ms = emit;
	}
	return 0;
}

/* Checks the emitDates of an ACD session's metrics; notes tAbandon. */
static int read_acd_metrics(struct conv *cv, const struct jv *sess, struct loc where, struct acd_session *s)
{
	const struct jv *metrics = jv_get(sess, "metrics");
	int k = 0;

	if (!metrics || metrics->type != JV_ARRAY)
		return 0;
	for (const struct jv *m = metrics->child; m; m = m->next, k++) {
		const char *name = jv_str(m, "name");
		int64_t emit;

		where.metric = k;
		if (get_time(cv, m, "emitDate", where, &emit) < 0)
			return -1;
		if (name && strcmp(name, "tAbandon") == 0)
			s->abandon_metric = 1;
	}
	return 0;
}

/* Walks one session's segments: their span, and per type what an agent
 * session needs. Also decides whether every segment has ended. */
static int read_segments(struct conv *cv, const struct jv *sess, struct loc where,
                         struct acd_session *acd, struct agent_session *ag, int *all_ended)
{
	const struct jv *segs = jv_get(sess, "segments");
	int k = 0;

	if (!segs || segs->type != JV_ARRAY || !segs->child)
		return bad(cv, R_MISSING, where, "segments", "%s", "a session without segments");
	for (const struct jv *g = segs->child; g; g = g->next, k++) {
		const char *type = jv_str(g, "segmentType"), *queue = jv_str(g, "queueId");
		int64_t start, end;
		int has_start;

		where.seg = k;
		if ((has_start = get_time(cv, g, "segmentStart", where, &start)) < 0 ||
		    get_time(cv, g, "segmentEnd", where, &end) < 0)
			return -1;
		if (!has_start)
			return bad(cv, R_MISSING, where, "segmentStart", "%s", "a segment without segmentStart");
		if (!type)
			return bad(cv, R_MISSING, where, "segmentType", "%s", "a segment without segmentType");
		if (end != TIME_NONE && end < start)
			return bad(cv, R_ORDER, where, "segmentEnd", "%s", "segmentEnd before segmentStart");
		if (end == TIME_NONE)
			*all_ended = 0;
		if (acd) {
			if (k == 0 || start < acd->start_ms)
				acd->start_ms = start;
			if (k == 0 || (acd->end_ms != TIME_NONE && (end == TIME_NONE || end > acd->end_ms)))
				acd->end_ms = end;
			if (!acd->queue_id && queue)
				acd->queue_id = queue;
			acd->last_disconnect = jv_str(g, "disconnectType");
		}
		if (ag) {
			int wrap = strcmp(type, "wrapup") == 0;
			if (k == 0 || start < ag->start_ms)
				ag->start_ms = start;
			if (!ag->queue_id && queue)
				ag->queue_id = queue;
			if (strcmp(type, "interact") == 0 &&
			    (ag->interact_ms == TIME_NONE || start < ag->interact_ms))
				ag->interact_ms = start;
			if (!wrap && strcmp(type, "alert") != 0 && end != TIME_NONE && end > ag->end_ms)
				ag->end_ms = end;
			if (end != TIME_NONE) {
				if (strcmp(type, "interact") == 0)
					ag->seg_talk_ms += end - start;
				else if (strcmp(type, "hold") == 0)
					ag->seg_hold_ms += end - start;
				else if (wrap)
					ag->seg_wrap_ms += end - start;
			}
		}
	}
	return 0;
}

/* Collects a conversation's ACD and agent sessions; -1 with cv->bad_*. */
static int collect(struct conv *cv, const struct jv *rec)
{
	const struct jv *parts = jv_get(rec, "participants");
	int64_t t;
	int all_ended = 1, has_end, p = 0;

	memset(cv, 0, sizeof *cv);
	if (!(cv->id = jv_str(rec, "conversationId")))
		return bad(cv, R_MISSING, LOC_TOP, "conversationId", "%s", "a conversation without conversationId");
	if (get_time(cv, rec, "conversationStart", LOC_TOP, &t) < 0 ||
	    (has_end = get_time(cv, rec, "conversationEnd", LOC_TOP, &t)) < 0)
		return -1;
	cv->orig_direction = jv_str(rec, "originatingDirection");
	if (!parts || parts->type != JV_ARRAY)
		return bad(cv, R_MISSING, LOC_TOP, "participants", "%s", "a conversation without participants");
	for (const struct jv *pt = parts->child; pt; pt = pt->next, p++) {
		const char *purpose = jv_str(pt, "purpose");
		const struct jv *sessions = jv_get(pt, "sessions");
		int is_acd = purpose && strcmp(purpose, "acd") == 0;
		int is_agent = purpose && strcmp(purpose, "agent") == 0;
		int s = 0;

		if (!sessions || sessions->type != JV_ARRAY)
			continue;
		for (const struct jv *ss = sessions->child; ss; ss = ss->next, s++) {
			const char *media = jv_str(ss, "mediaType");
			struct acd_session *acd = NULL;
			struct agent_session *ag = NULL;

			struct loc w = { p, s, -1, -1 };

			if (is_acd) {
				if (cv->n_acd == MAX_ACD)
					return bad(cv, R_MANY, w, NULL, "more than %s ACD sessions", "32");
				acd = &cv->acd[cv->n_acd++];
				acd->end_ms = TIME_NONE;
			} else if (is_agent) {
				if (cv->n_ag == MAX_AGENT)
					return bad(cv, R_MANY, w, NULL, "more than %s agent sessions", "64");
				ag = &cv->ag[cv->n_ag++];
				ag->user_id = jv_str(pt, "userId");
				ag->interact_ms = ag->answered_ms = TIME_NONE;
				ag->end_ms = TIME_NONE;
			}
			if ((acd || ag) && !media)
				return bad(cv, R_MISSING, w, "mediaType", "%s", "a session without mediaType");
			if (acd) {
				acd->media = media;
				acd->direction = jv_str(ss, "direction");
				if ((acd->channel = media_channel(media, &acd->outbound)) < 0)
					return bad(cv, R_MEDIA, w, "mediaType",
					           "'%.40s' is not voice, callback, chat, email, message or video", media);
				if (read_acd_metrics(cv, ss, w, acd) != 0)
					return -1;
			}
			if (ag) {
				ag->media = media;
				if (read_metrics(cv, ss, w, ag) != 0)
					return -1;
			}
			if (read_segments(cv, ss, w, acd, ag, &all_ended) != 0)
				return -1;
			if (acd && !acd->queue_id)
				return bad(cv, R_MISSING, w, "segments", "%s", "an ACD session without queueId");
		}
	}
	cv->ended = has_end || all_ended;
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct acd_session *x = a, *y = b;

	return (x->start_ms > y->start_ms) - (x->start_ms < y->start_ms);
}

static int32_t ms_to_s(int64_t ms)
{
	int64_t s = (ms + 500) / 1000;

	return s > INT32_MAX ? INT32_MAX : (int32_t)s;
}

/* Fills c from ACD session i of cv; returns 0, 1 when nothing is to be
 * written (not ended), -1 with cv->bad_*. */
static int map_session(struct genesys *g, const struct conv *cv, int i, struct contact *c, char *why_field)
{
	const struct acd_session *s = &cv->acd[i];
	int64_t next_start = i + 1 < cv->n_acd ? cv->acd[i + 1].start_ms : INT64_MAX;
	int64_t talk = 0, hold = 0, wrap = 0, end = TIME_NONE;
	int handlers = 0, first = -1;
	const char *client, *name;

	contact_init(c);
	if (i == 0)
		snprintf(c->contact_id, sizeof c->contact_id, "%s", cv->id);
	else
		snprintf(c->contact_id, sizeof c->contact_id, "%s-%d", cv->id, i + 1);
	if (!adapter_valid_id(c->contact_id) || strlen(cv->id) > CONTACT_ID_MAX - 3) {
		strcpy(why_field, "conversationId");
		return -1;
	}
	name = queue_map_name(g->map, s->queue_id);
	if (adapter_copy_id(c->queue, name ? name : s->queue_id) != 0) {
		strcpy(why_field, "queueId");
		return -1;
	}
	client = queue_map_client(g->map, s->queue_id, g->run->opts.client_id);
	if (!client) {
		strcpy(why_field, "!client");
		return -1;
	}
	strcpy(c->client_id, client);
	c->channel = (uint8_t)s->channel;
	if (s->outbound)
		c->direction = DIR_OUTBOUND;
	else if (s->direction && strcmp(s->direction, "outbound") == 0)
		c->direction = DIR_OUTBOUND;
	else if (!s->direction && cv->orig_direction && strcmp(cv->orig_direction, "outbound") == 0)
		c->direction = DIR_OUTBOUND;
	else
		c->direction = DIR_INBOUND;
	c->arrived_at_ms = s->start_ms;

	for (int k = 0; k < cv->n_ag; k++) {
		const struct agent_session *a = &cv->ag[k];
		int64_t at = a->interact_ms != TIME_NONE ? a->interact_ms : a->answered_ms;

		if (strcmp(a->media, s->media) != 0 || (a->queue_id && strcmp(a->queue_id, s->queue_id) != 0))
			continue;
		if (a->start_ms < s->start_ms || a->start_ms >= next_start || at == TIME_NONE)
			continue;
		handlers++;
		if (first < 0 || at < c->answered_at_ms) {
			first = k;
			c->answered_at_ms = at;
		}
		talk += a->has_metrics ? a->talk_ms : a->seg_talk_ms;
		hold += a->has_metrics ? a->hold_ms : a->seg_hold_ms;
		wrap += a->has_metrics ? a->wrap_ms : a->seg_wrap_ms;
		if (a->end_ms != TIME_NONE && (end == TIME_NONE || a->end_ms > end))
			end = a->end_ms;
	}
	if (!cv->ended) {
		/* Only a written contact still waiting is written now. */
		if (first < 0 && s->end_ms == TIME_NONE && channel_is_written(c->channel)) {
			c->outcome = OUT_OPEN;
			return 0;
		}
		return 1;
	}
	if (first >= 0) {
		c->outcome = OUT_ANSWERED;
		if (adapter_copy_id(c->agent_id, cv->ag[first].user_id ? cv->ag[first].user_id : "") != 0) {
			strcpy(why_field, "userId");
			return -1;
		}
		c->ended_at_ms = end;
		c->talk_s = ms_to_s(talk);
		c->hold_s = ms_to_s(hold);
		c->wrap_s = ms_to_s(wrap);
		c->transferred = handlers > 1 || i + 1 < cv->n_acd;
	} else {
		int routed_away = i + 1 < cv->n_acd ||
		                  (!s->abandon_metric && s->last_disconnect &&
		                   strcmp(s->last_disconnect, "transfer") == 0);
		c->outcome = routed_away ? OUT_OVERFLOW : OUT_ABANDONED;
		c->ended_at_ms = s->end_ms;
	}
	return 0;
}

static int on_conversation(void *ctx, const struct jv *rec, long line, struct ccsla_error *err)
{
	struct genesys *g = ctx;
	struct adapter_run *run = g->run;
	struct contact c[MAX_ACD];
	struct conv *cv;
	int n = 0, rc = 0;

	run->stats.read++;
	if (rec->type != JV_OBJECT) {
		adapter_reject(run, R_NOT_OBJECT, g->path, line, NULL, "a JSON value that is not an object");
		return 0;
	}
	if (!(cv = malloc(sizeof *cv)))
		return ccsla_error_set(err, g->path, line, NULL, "out of memory");
	if (collect(cv, rec) != 0) {
		adapter_reject(run, cv->bad_reason, g->path, line, cv->bad_field, "conversation %.40s: %s",
		               cv->id ? cv->id : "?", cv->bad_msg);
		goto done;
	}
	if (cv->n_acd == 0) {
		adapter_skip(run, S_NO_ACD, 1);
		goto done;
	}
	qsort(cv->acd, (size_t)cv->n_acd, sizeof cv->acd[0], by_start);
	for (int i = 0; i < cv->n_acd; i++) {
		char why_field[32] = "";
		int m = map_session(g, cv, i, &c[n], why_field);

		if (m < 0) {
			if (strcmp(why_field, "!client") == 0)
				adapter_reject(run, R_NO_CLIENT, g->path, line, "queueId",
				               "conversation %.40s: queue '%.64s' has no client in the queue map (and no --client)",
				               cv->id, cv->acd[i].queue_id);
			else
				adapter_reject(run, R_VALUE, g->path, line, why_field,
				               "conversation %.40s: %s is not 1-64 printable characters (with room for '-N')",
				               cv->id, why_field);
			goto done;
		}
		if (m == 0) {
			const struct contact *x = &c[n];
			if ((x->answered_at_ms != TIME_NONE && x->answered_at_ms < x->arrived_at_ms) ||
			    (x->ended_at_ms != TIME_NONE && x->ended_at_ms < x->arrived_at_ms) ||
			    (x->ended_at_ms != TIME_NONE && x->answered_at_ms != TIME_NONE &&
			     x->ended_at_ms < x->answered_at_ms)) {
				adapter_reject(run, R_ORDER, g->path, line, "segmentStart",
				               "conversation %.40s: ACD session %d: answered or ended before it arrived",
				               cv->id, i + 1);
				goto done;
			}
			c[n].src_file = g->file_idx;
			c[n].src_line = (uint32_t)line;
			n++;
		}
	}
	if (n == 0) {
		adapter_skip(run, S_NOT_ENDED, 1);
		goto done;
	}
	/* The conversation is the record: used once, by its first contact, or
	 * rejected once, before any of its contacts is emitted, when one of
	 * them would not be a valid canonical row (adapter_emit checks each
	 * too, but could then only count the first). */
	for (int i = 0; i < n; i++) {
		struct canon_reject why;

		if (canon_contact_check(&c[i], &why) != 0) {
			adapter_reject(run, R_NOT_CANONICAL, g->path, (long)c[i].src_line,
			               why.column[0] ? why.column : NULL,
			               "conversation %.40s: ACD session %d would not be a valid canonical row: %s",
			               cv->id, i + 1, why.reason);
			goto done;
		}
	}
	for (int i = 0; i < n && rc == 0; i++)
		rc = adapter_emit(run, &c[i], i == 0 ? 1 : 0, g->path, err);
done:
	free(cv);
	return rc;
}

static void on_error(void *ctx, const char *reason, long line, const char *msg)
{
	struct genesys *g = ctx;

	g->run->stats.read++;
	adapter_reject(g->run, reason, g->path, line, NULL, "%s", msg);
}

static int convert(struct adapter_run *run, char *const *files, int n_files, struct ccsla_error *err)
{
	struct genesys g = { .run = run, .err = err };
	struct jsonrec_handler h = { on_conversation, on_error, &g };
	int ret = -1;

	run->stats.unit = "conversations";
	if (run->opts.queue_map && queue_map_load(&g.map, run->opts.queue_map, err) != 0)
		goto out;
	for (int i = 0; i < n_files; i++) {
		g.path = files[i];
		g.file_idx = (uint32_t)i;
		if (jsonrec_read(files[i], "conversations", &h, err) != 0)
			goto out;
	}
	ret = 0;
out:
	queue_map_free(g.map);
	return ret;
}

const struct adapter adapter_genesys_cloud = {
	"genesys-cloud",
	"Genesys Cloud analytics conversation details (JSON, {\"conversations\": [...]} or one a line)",
	NULL,
	NULL,
	convert,
};
