/* metrics_fcr.c -- first-contact resolution by repeat contacts
 * (metrics.md fcr_pct, method repeat, window D days).
 *
 * An answered contact at t is resolved when the same customer of the same
 * client offers no further inbound contact within (t, t + D days]. The
 * store scan gives a client's contacts in arrived_at order, so the outcome
 * is known as soon as the customer's next inbound contact arrives, or the
 * stream passes t + D.
 * Hence one entry per customer with an answered contact in the last D days
 * of the stream: an expiry queue in arrival order drops, as the stream
 * moves on, every entry whose window has closed.
 * Answered contacts of one customer at the same instant are not repeats of
 * each other (the window starts after t). Only an inbound contact is a
 * repeat; an outbound one that the population counts (direction: both)
 * waits for its own outcome beside the earlier ones, so each pending
 * contact keeps its own arrived_at.
 *
 * Customers are found in an open-addressing table of (hash, node) slots,
 * the hash compared before the id, and nodes live in one pool reused
 * through a free list (with their pending arrays): a chained table with a
 * strcmp per step and a malloc per customer was 40 % of rendering a large
 * client's month. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

#define DAY_MS 86400000LL

struct fcr_pending {                  /* one answered contact awaiting its outcome */
	struct metric_counts *targets[FCR_MAX_TARGETS];
	int n;
	int64_t arrived_ms;
};

struct fcr_node {
	int64_t arrived_ms;               /* of the latest pending contact below */
	struct fcr_pending *pending;      /* in arrived_at order; kept when freed */
	size_t count, cap;
	uint64_t hash;                    /* of customer */
	uint32_t gen;                     /* bumped each time the node is reused */
	uint32_t next_free;               /* free list: index + 1, 0 ends it */
	char customer[CONTACT_ID_MAX + 1];
};

/* The expiry queue: one entry per pending contact, in arrived_at order (the
 * stream's order), so the entries whose window has closed are at its head. */
struct fcr_due {
	int64_t arrived_ms;
	uint32_t node, gen;
};

struct fcr_slot {
	uint64_t hash;
	uint32_t node;                    /* index + 1; 0: empty */
};

struct fcr_tracker {
	int64_t window_ms;
	struct fcr_slot *slots;
	size_t slot_count;                /* power of two, at most half full */
	struct fcr_node *nodes;           /* the pool */
	size_t node_cap, node_used;       /* allocated, ever handed out */
	uint32_t free_head;               /* index + 1 */
	size_t node_count;                /* in the table */
	struct fcr_due *due;              /* ring of due_cap entries */
	size_t due_cap, due_head, due_count;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
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

static void outcome(const struct fcr_pending *pc, int resolved, int provisional)
{
	for (int k = 0; k < pc->n; k++) {
		struct metric_counts *c = pc->targets[k];

		c->fcr_base++;
		c->fcr_resolved += resolved;
		c->fcr_provisional += provisional;
	}
}

/* Every pending contact of node gets its outcome. */
static void resolve(struct fcr_node *node, int resolved, int provisional)
{
	for (size_t i = 0; i < node->count; i++)
		outcome(&node->pending[i], resolved, provisional);
	node->count = 0;
}

/* An inbound contact of the customer at now: each pending contact that
 * arrived before it is decided (a repeat within its window: not resolved;
 * its window had closed, not yet swept: resolved). Those of the same
 * instant stay. */
static void repeat_at(struct fcr_node *node, int64_t now, int64_t window_ms)
{
	size_t i, kept = 0;

	for (i = 0; i < node->count; i++) {
		if (node->pending[i].arrived_ms < now)
			outcome(&node->pending[i], now > node->pending[i].arrived_ms + window_ms, 0);
		else
			node->pending[kept++] = node->pending[i];
	}
	node->count = kept;
}

/* The slot of customer (hash h): its own, or the empty one to put it in. */
static size_t slot_find(const struct fcr_tracker *t, uint64_t h, const char *customer)
{
	size_t mask = t->slot_count - 1, i = (size_t)h & mask;

	while (t->slots[i].node &&
	       (t->slots[i].hash != h || strcmp(t->nodes[t->slots[i].node - 1].customer, customer) != 0))
		i = (i + 1) & mask;
	return i;
}

static void slot_put(struct fcr_slot *slots, size_t count, struct fcr_slot s)
{
	size_t mask = count - 1, i = (size_t)s.hash & mask;

	while (slots[i].node)
		i = (i + 1) & mask;
	slots[i] = s;
}

/* Empties slot i, moving later slots of the probe run back (linear probing
 * keeps no tombstones). */
static void slot_delete(struct fcr_tracker *t, size_t i)
{
	size_t mask = t->slot_count - 1, j = i;

	for (;;) {
		size_t home;

		j = (j + 1) & mask;
		if (!t->slots[j].node)
			break;
		home = (size_t)t->slots[j].hash & mask;
		/* slot j may move to i unless its home lies cyclically in (i, j] */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i].node = 0;
}

static void node_release(struct fcr_tracker *t, uint32_t node)
{
	t->nodes[node - 1].count = 0;
	t->nodes[node - 1].gen++;
	t->nodes[node - 1].next_free = t->free_head;
	t->free_head = node;
}

/* A node for customer: index + 1, 0 when out of memory. */
static uint32_t node_take(struct fcr_tracker *t, const char *customer)
{
	uint32_t node;

	if (t->free_head) {
		node = t->free_head;
		t->free_head = t->nodes[node - 1].next_free;
	} else {
		if (t->node_used == t->node_cap) {
			size_t cap = t->node_cap ? t->node_cap * 2 : 1024;
			struct fcr_node *grown;

			if (cap > UINT32_MAX - 1 || !(grown = realloc(t->nodes, cap * sizeof *grown)))
				return 0;
			t->nodes = grown;
			t->node_cap = cap;
		}
		memset(&t->nodes[t->node_used], 0, sizeof t->nodes[0]);
		node = (uint32_t)++t->node_used;
	}
	t->nodes[node - 1].count = 0;
	t->nodes[node - 1].next_free = 0;
	strcpy(t->nodes[node - 1].customer, customer);
	return node;
}

/* Moves every slot into a fresh table of count slots. */
static int grow(struct fcr_tracker *t, size_t count)
{
	struct fcr_slot *fresh = calloc(count, sizeof *fresh);

	if (!fresh)
		return -1;
	for (size_t i = 0; i < t->slot_count; i++)
		if (t->slots[i].node)
			slot_put(fresh, count, t->slots[i]);
	free(t->slots);
	t->slots = fresh;
	t->slot_count = count;
	return 0;
}

static int due_push(struct fcr_tracker *t, struct fcr_due d)
{
	if (t->due_count == t->due_cap) {
		size_t cap = t->due_cap ? t->due_cap * 2 : 4096;
		struct fcr_due *grown = malloc(cap * sizeof *grown);

		if (!grown)
			return -1;
		for (size_t i = 0; i < t->due_count; i++)
			grown[i] = t->due[(t->due_head + i) % t->due_cap];
		free(t->due);
		t->due = grown;
		t->due_cap = cap;
		t->due_head = 0;
	}
	t->due[(t->due_head + t->due_count) % t->due_cap] = d;
	t->due_count++;
	return 0;
}

/* Resolves and drops every customer whose latest pending contact's window
 * closed before now_ms: a queue entry stands for its node only while the
 * node is the same (gen) and the entry is its latest contact. */
static void sweep(struct fcr_tracker *t, int64_t now_ms)
{
	while (t->due_count) {
		struct fcr_due d = t->due[t->due_head];
		struct fcr_node *node;

		if (d.arrived_ms + t->window_ms >= now_ms)
			break;
		t->due_head = (t->due_head + 1) % t->due_cap;
		t->due_count--;
		node = &t->nodes[d.node - 1];
		if (node->gen != d.gen || node->arrived_ms != d.arrived_ms || node->count == 0)
			continue; /* reused, a later contact, or decided already */
		resolve(node, 1, 0);
		slot_delete(t, slot_find(t, node->hash, node->customer));
		node_release(t, d.node);
		t->node_count--;
	}
}

int fcr_tracker_add(struct fcr_tracker *t, const struct contact *ct,
                    struct metric_counts *const *targets, int target_count)
{
	struct fcr_node *node;
	int64_t now = ct->arrived_at_ms;
	uint64_t h;
	size_t at;
	int repeat;

	if (!outcome_is_offered(ct->outcome) || ct->customer_id[0] == '\0')
		return 0;
	/* Only an inbound contact is a repeat (metrics.md: "no further offered
	 * contact"): the centre's own outbound call or e-mail to the customer
	 * says nothing about the first one being unresolved. */
	repeat = ct->direction == DIR_INBOUND;
	if (!repeat && (target_count <= 0 || ct->outcome != OUT_ANSWERED))
		return 0;
	sweep(t, now);
	h = hash_str(ct->customer_id);
	at = slot_find(t, h, ct->customer_id);
	node = t->slots[at].node ? &t->nodes[t->slots[at].node - 1] : NULL;
	if (repeat && node && node->count > 0)
		repeat_at(node, now, t->window_ms);
	if (target_count <= 0 || ct->outcome != OUT_ANSWERED) {
		if (node && node->count == 0) {
			node_release(t, t->slots[at].node);
			slot_delete(t, at);
			t->node_count--;
		}
		return 0;
	}
	if (!node) {
		uint32_t n;

		if (2 * (t->node_count + 1) > t->slot_count) {
			if (grow(t, 2 * t->slot_count) < 0)
				return -1;
			at = slot_find(t, h, ct->customer_id);
		}
		if (!(n = node_take(t, ct->customer_id)))
			return -1;
		t->slots[at] = (struct fcr_slot){ h, n };
		t->node_count++;
		node = &t->nodes[n - 1];
		node->hash = h;
	}
	if (node->count == node->cap) {
		size_t cap = node->cap ? node->cap * 2 : 1;
		struct fcr_pending *grown = realloc(node->pending, cap * sizeof *grown);

		if (!grown)
			return -1;
		node->pending = grown;
		node->cap = cap;
	}
	if (due_push(t, (struct fcr_due){ now, (uint32_t)(node - t->nodes) + 1, node->gen }) < 0)
		return -1;
	node->arrived_ms = now;
	node->pending[node->count].arrived_ms = now;
	node->pending[node->count].n = target_count > FCR_MAX_TARGETS ? FCR_MAX_TARGETS : target_count;
	memcpy(node->pending[node->count].targets, targets,
	       (size_t)node->pending[node->count].n * sizeof *targets);
	node->count++;
	return 0;
}

void fcr_tracker_finish(struct fcr_tracker *t, int64_t watermark_ms)
{
	for (size_t i = 0; i < t->slot_count; i++) {
		struct fcr_node *node;

		if (!t->slots[i].node)
			continue;
		node = &t->nodes[t->slots[i].node - 1];
		/* The data has not reached the window's end: no repeat seen
		 * so far, but one may still come. */
		for (size_t k = 0; k < node->count; k++)
			outcome(&node->pending[k], 1,
			        watermark_ms == TIME_NONE ||
			        watermark_ms < node->pending[k].arrived_ms + t->window_ms);
		node_release(t, t->slots[i].node);
		t->slots[i].node = 0;
	}
	t->node_count = 0;
	t->due_head = t->due_count = 0;
}

void fcr_tracker_free(struct fcr_tracker *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->node_used; i++)
		free(t->nodes[i].pending);
	free(t->nodes);
	free(t->slots);
	free(t->due);
	free(t);
}
