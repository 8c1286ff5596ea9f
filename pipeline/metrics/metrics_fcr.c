/* metrics_fcr.c -- first-contact resolution by repeat contacts
 * (metrics.md fcr_pct, method repeat, window D days).
 *
 * An answered contact at t is resolved when the same customer of the same
 * client offers no further inbound contact within (t, t + D days]. The
 * store scan gives a client's contacts in arrived_at order, so the outcome
 * is known as soon as the customer's next inbound contact arrives, or the
 * stream passes t + D.
 * Answered contacts of one customer at the same instant are not repeats of
 * each other (the window starts after t). Only an inbound contact is a
 * repeat; an outbound one that the population counts (direction: both)
 * waits for its own outcome beside the earlier ones, so each pending
 * contact keeps its own arrived_at.
 *
 * Every pending contact is an entry of one ring in arrival order, linked to
 * the customer's previous one: the stream's advance resolves the entries at
 * the ring's head whose window has closed, a repeat walks the customer's
 * links back, and a customer whose last pending contact is decided leaves
 * the table. Customers are interned once while they have a pending contact:
 * a 64-byte node from a pool reused through a free list, found in an
 * open-addressing table of 8-byte (hash tag, node) slots, the hash compared
 * before the id; customers without a pending contact leave the table when
 * it is rebuilt half full, so the stream's advance touches none. No allocation per
 * contact: the ring, the pool and the table grow by doubling. (Before: a
 * node of 120 bytes with its own pending array, an expiry queue beside
 * them and a strcmp to delete, 45 % of a repeat-FCR metrics pass.)
 *
 * A contact's outcome depends on the stream of the customer's later
 * inbound contacts, the window and the watermark, never on which
 * population counts it. So a tracker can record the outcome of every
 * answered contact of its stream in order (struct fcr_share), and another
 * period over the same stream reads them there instead of tracking again:
 * a report's FCR SLA and its customer-experience figure were two trackers
 * over the same month, 17 % of a large draft. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

#define DAY_MS 86400000LL
#define KEY_INLINE 31                 /* customer ids up to this length live in the node */

/* One answered contact awaiting its outcome, in the ring of every pending
 * contact in arrival order (the stream's order): the head is the oldest, so
 * the contacts whose window has closed are found there, one after another,
 * and the ring's storage is reused without an allocation per contact. */
struct fcr_pending {
	struct metric_counts *targets[FCR_MAX_TARGETS];
	int64_t arrived_ms;
	uint64_t prev;                    /* the customer's previous pending contact: ring position + 1, 0: none */
	uint32_t ordinal;                 /* its place among the stream's answered contacts (fcr_share) */
	uint8_t n;                        /* targets */
	uint8_t decided;                  /* outcome given (a repeat came, or the customer was dropped) */
};

/* One customer with pending contacts: 64 bytes, so that a lookup touches
 * one cache line; its id is interned here once for as long as the customer
 * has a contact in the window, and compared only when the 64-bit hash
 * agrees. */
struct fcr_node {
	uint64_t hash;
	uint64_t last;                    /* ring position + 1 of the customer's latest contact in the ring */
	uint32_t next_free;               /* free list: index + 1, 0 ends it */
	char *long_key;                   /* ids longer than KEY_INLINE: CONTACT_ID_MAX + 1 bytes, kept on reuse */
	uint8_t key_len;
	char key[KEY_INLINE];
};

/* 8 bytes, so that the table of a large client's customers stays in cache:
 * the slot's home is the low bits of the node's hash, tag the high ones. */
struct fcr_slot {
	uint32_t tag;                     /* hash >> 32 */
	uint32_t node;                    /* index + 1; 0: empty */
};

struct fcr_tracker {
	int64_t window_ms;
	struct fcr_slot *slots;
	size_t slot_count;                /* power of two, at most half full */
	struct fcr_node *nodes;           /* the pool */
	size_t node_cap, node_used;       /* allocated, ever handed out */
	uint32_t free_head;               /* index + 1 */
	size_t node_count;                /* in the table, with pending contacts or not */
	struct fcr_pending *ring;         /* ring_cap entries (a power of two) */
	uint64_t ring_cap, ring_head, ring_tail; /* positions: entry p is ring[p & (cap - 1)] */
	struct fcr_share *record;         /* every answered contact's outcome goes here too, or NULL */
};

_Static_assert(sizeof(struct fcr_node) <= 64, "a customer's node fits a cache line");
_Static_assert(CONTACT_ID_MAX <= UINT8_MAX, "key_len holds a customer id's length");

static int fcr_share_room(struct fcr_share *s);

static uint64_t hash_key(const char *s, size_t *len)
{
	uint64_t h = 1469598103934665603ULL;
	const char *p = s;

	while (*p)
		h = (h ^ (unsigned char)*p++) * 1099511628211ULL;
	*len = (size_t)(p - s);
	return h;
}

static const char *node_key(const struct fcr_node *n)
{
	return n->key_len > KEY_INLINE ? n->long_key : n->key;
}

static struct fcr_pending *entry(const struct fcr_tracker *t, uint64_t pos)
{
	return &t->ring[pos & (t->ring_cap - 1)];
}

struct fcr_tracker *fcr_tracker_new(int32_t window_days)
{
	struct fcr_tracker *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->window_ms = (int64_t)window_days * DAY_MS;
	t->slot_count = 1024;
	if (!(t->slots = calloc(t->slot_count, sizeof *t->slots))) {
		free(t);
		return NULL;
	}
	return t;
}

static void outcome(struct fcr_tracker *t, const struct fcr_pending *pc, int resolved, int provisional)
{
	if (t->record)
		t->record->outcome[pc->ordinal] = (uint8_t)(FCR_SHARE_DECIDED | resolved | provisional << 1);
	for (int k = 0; k < pc->n; k++) {
		struct metric_counts *c = pc->targets[k];

		c->fcr_base++;
		c->fcr_resolved += resolved;
		c->fcr_provisional += provisional;
	}
}

/* An inbound contact of the customer at now: each pending contact that
 * arrived before it is decided (a repeat within its window: not resolved;
 * its window had closed, not yet swept: resolved). Those of the same
 * instant stay. The links go back in arrival order, and every contact
 * before a decided one is decided (by an earlier repeat, or swept). */
static void repeat_at(struct fcr_tracker *t, struct fcr_node *node, int64_t now)
{
	uint64_t p = node->last;

	while (p && p - 1 >= t->ring_head) {
		struct fcr_pending *e = entry(t, p - 1);

		if (e->decided)
			break;
		if (e->arrived_ms < now) {
			outcome(t, e, now > e->arrived_ms + t->window_ms, 0);
			e->decided = 1;
		}
		p = e->prev;
	}
}

/* The slot of customer (hash h, len bytes): its own, or the empty one to
 * put it in. */
static size_t slot_find(const struct fcr_tracker *t, uint64_t h, const char *customer, size_t len)
{
	size_t mask = t->slot_count - 1, i = (size_t)h & mask;

	for (; t->slots[i].node; i = (i + 1) & mask) {
		const struct fcr_node *n;

		if (t->slots[i].tag != (uint32_t)(h >> 32))
			continue;
		n = &t->nodes[t->slots[i].node - 1];
		if (n->key_len == len && memcmp(node_key(n), customer, len) == 0)
			break;
	}
	return i;
}

static void slot_put(struct fcr_slot *slots, size_t count, uint64_t h, struct fcr_slot s)
{
	size_t mask = count - 1, i = (size_t)h & mask;

	while (slots[i].node)
		i = (i + 1) & mask;
	slots[i] = s;
}

static void node_release(struct fcr_tracker *t, uint32_t node)
{
	t->nodes[node - 1].last = 0;
	t->nodes[node - 1].next_free = t->free_head;
	t->free_head = node;
}

/* No contact of the customer waits: the latest left the ring or is
 * decided (and then so is every earlier one). */
static int node_empty(const struct fcr_tracker *t, const struct fcr_node *n)
{
	return n->last == 0 || n->last - 1 < t->ring_head || entry(t, n->last - 1)->decided;
}

/* A node for customer (len bytes): index + 1, 0 when out of memory. The
 * pool is 64-byte aligned, one node a cache line. */
static uint32_t node_take(struct fcr_tracker *t, const char *customer, size_t len)
{
	struct fcr_node *n;
	uint32_t node;

	if (t->free_head) {
		node = t->free_head;
		t->free_head = t->nodes[node - 1].next_free;
	} else {
		if (t->node_used == t->node_cap) {
			size_t cap = t->node_cap ? t->node_cap * 2 : 1024;
			struct fcr_node *grown;

			if (cap > UINT32_MAX - 1 || !(grown = aligned_alloc(64, cap * sizeof *grown)))
				return 0;
			if (t->node_used)
				memcpy(grown, t->nodes, t->node_used * sizeof *grown);
			free(t->nodes);
			t->nodes = grown;
			t->node_cap = cap;
		}
		memset(&t->nodes[t->node_used], 0, sizeof t->nodes[0]);
		node = (uint32_t)++t->node_used;
	}
	n = &t->nodes[node - 1];
	if (len > KEY_INLINE) {
		if (!n->long_key && !(n->long_key = malloc(CONTACT_ID_MAX + 1))) {
			node_release(t, node);
			return 0;
		}
		memcpy(n->long_key, customer, len + 1);
	} else {
		memcpy(n->key, customer, len);
	}
	n->key_len = (uint8_t)len;
	n->last = 0;
	n->next_free = 0;
	return node;
}

/* The table is half full: customers without a pending contact leave it
 * (they stay in it until then, so that the stream's advance touches no
 * customer), and the table doubles when the rest would fill more than a
 * quarter of it. */
static int rebuild(struct fcr_tracker *t)
{
	size_t live = 0, count = t->slot_count;
	struct fcr_slot *fresh;

	for (size_t i = 0; i < t->slot_count; i++)
		if (t->slots[i].node && !node_empty(t, &t->nodes[t->slots[i].node - 1]))
			live++;
	if (4 * (live + 1) > count)
		count *= 2;
	if (!(fresh = calloc(count, sizeof *fresh)))
		return -1;
	for (size_t i = 0; i < t->slot_count; i++) {
		if (!t->slots[i].node)
			continue;
		if (node_empty(t, &t->nodes[t->slots[i].node - 1]))
			node_release(t, t->slots[i].node);
		else
			slot_put(fresh, count, t->nodes[t->slots[i].node - 1].hash, t->slots[i]);
	}
	free(t->slots);
	t->slots = fresh;
	t->slot_count = count;
	t->node_count = live;
	return 0;
}

/* Room for one more ring entry: the live positions keep their entries in a
 * ring twice the size. */
static int ring_room(struct fcr_tracker *t)
{
	uint64_t cap;
	struct fcr_pending *grown;

	if (t->ring_tail - t->ring_head < t->ring_cap)
		return 0;
	cap = t->ring_cap ? t->ring_cap * 2 : 4096;
	if (cap > SIZE_MAX / sizeof *grown || !(grown = malloc((size_t)cap * sizeof *grown)))
		return -1;
	for (uint64_t p = t->ring_head; p < t->ring_tail; p++)
		grown[p & (cap - 1)] = *entry(t, p);
	free(t->ring);
	t->ring = grown;
	t->ring_cap = cap;
	return 0;
}

/* Resolves every pending contact whose window closed before now_ms: they
 * are at the ring's head, and their customers are not touched. */
static void sweep(struct fcr_tracker *t, int64_t now_ms)
{
	while (t->ring_head < t->ring_tail) {
		struct fcr_pending *e = entry(t, t->ring_head);

		if (e->arrived_ms + t->window_ms >= now_ms)
			break;
		t->ring_head++;
		if (!e->decided)
			outcome(t, e, 1, 0);
	}
}

int fcr_tracker_add(struct fcr_tracker *t, const struct contact *ct,
                    struct metric_counts *const *targets, int target_count)
{
	struct fcr_node *node;
	struct fcr_pending *e;
	int64_t now = ct->arrived_at_ms;
	uint64_t h;
	size_t at, len;
	uint32_t index;
	int repeat;

	if (!outcome_is_offered(ct->outcome) || ct->customer_id[0] == '\0')
		return 0;
	/* Only an inbound contact is a repeat (metrics.md: "no further offered
	 * contact"): the centre's own outbound call or e-mail to the customer
	 * says nothing about the first one being unresolved. */
	repeat = ct->direction == DIR_INBOUND;
	if (!repeat && (ct->outcome != OUT_ANSWERED || (target_count <= 0 && !t->record)))
		return 0;
	sweep(t, now);
	h = hash_key(ct->customer_id, &len);
	at = slot_find(t, h, ct->customer_id, len);
	index = t->slots[at].node;
	node = index ? &t->nodes[index - 1] : NULL;
	if (repeat && node)
		repeat_at(t, node, now);
	if (ct->outcome != OUT_ANSWERED || (target_count <= 0 && !t->record))
		return 0;
	if (ring_room(t) < 0 || (t->record && fcr_share_room(t->record) < 0))
		return -1;
	if (!node) {
		if (2 * (t->node_count + 1) > t->slot_count) {
			if (rebuild(t) < 0)
				return -1;
			at = slot_find(t, h, ct->customer_id, len);
		}
		if (!(index = node_take(t, ct->customer_id, len)))
			return -1;
		t->slots[at] = (struct fcr_slot){ (uint32_t)(h >> 32), index };
		t->node_count++;
		node = &t->nodes[index - 1];
		node->hash = h;
	}
	e = entry(t, t->ring_tail);
	e->arrived_ms = now;
	e->prev = node->last;
	if (target_count < 0)
		target_count = 0;
	e->n = (uint8_t)(target_count > FCR_MAX_TARGETS ? FCR_MAX_TARGETS : target_count);
	e->decided = 0;
	e->ordinal = t->record ? (uint32_t)t->record->count++ : 0;
	memcpy(e->targets, targets, (size_t)e->n * sizeof *targets);
	node->last = ++t->ring_tail;
	return 0;
}

void fcr_tracker_finish(struct fcr_tracker *t, int64_t watermark_ms)
{
	/* The data has not reached the window's end: no repeat seen so far,
	 * but one may still come. */
	for (uint64_t p = t->ring_head; p < t->ring_tail; p++) {
		const struct fcr_pending *e = entry(t, p);

		if (!e->decided)
			outcome(t, e, 1, watermark_ms == TIME_NONE || watermark_ms < e->arrived_ms + t->window_ms);
	}
	t->ring_head = t->ring_tail = 0;
	for (size_t i = 0; i < t->slot_count; i++) {
		if (!t->slots[i].node)
			continue;
		node_release(t, t->slots[i].node);
		t->slots[i].node = 0;
	}
	t->node_count = 0;
}

void fcr_tracker_record(struct fcr_tracker *t, struct fcr_share *s)
{
	t->record = s;
}

/* Room for one more outcome: 0, or -1 when out of memory. */
static int fcr_share_room(struct fcr_share *s)
{
	uint8_t *grown;
	size_t cap;

	if (s->count < s->cap)
		return 0;
	cap = s->cap ? 2 * s->cap : 65536;
	if (cap > UINT32_MAX || !(grown = realloc(s->outcome, cap)))
		return -1;
	s->outcome = grown;
	s->cap = cap;
	return 0;
}

int fcr_share_outcome(const struct fcr_share *s, size_t ordinal, int *resolved, int *provisional)
{
	if (ordinal >= s->count || !(s->outcome[ordinal] & FCR_SHARE_DECIDED))
		return -1;
	*resolved = s->outcome[ordinal] & 1;
	*provisional = s->outcome[ordinal] >> 1 & 1;
	return 0;
}

void fcr_share_release(struct fcr_share *s)
{
	free(s->outcome);
	memset(s, 0, sizeof *s);
}

void fcr_tracker_free(struct fcr_tracker *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->node_used; i++)
		free(t->nodes[i].long_key);
	free(t->nodes);
	free(t->slots);
	free(t->ring);
	free(t);
}
