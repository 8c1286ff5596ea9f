/* metrics_fcr.c -- first-contact resolution by repeat contacts
 * (metrics.md fcr_pct, method repeat, window D days).
 *
 * An answered contact at t is resolved when the same customer of the same
 * client offers no further inbound contact within (t, t + D days]. The
 * store scan gives a client's contacts in arrived_at order, so the outcome
 * is known as soon as the customer's next inbound contact arrives, or the
 * stream passes t + D.
 * Hence one entry per customer with an answered contact in the last D days
 * of the stream: a day's sweep drops every entry whose window has closed.
 * Answered contacts of one customer at the same instant are not repeats of
 * each other (the window starts after t). Only an inbound contact is a
 * repeat; an outbound one that the population counts (direction: both)
 * waits for its own outcome beside the earlier ones, so each pending
 * contact keeps its own arrived_at. */
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
	struct fcr_node *next;            /* hash chain */
	int64_t arrived_ms;               /* of the latest pending contact below */
	struct fcr_pending *pending;      /* in arrived_at order */
	size_t count, cap;
	char customer[CONTACT_ID_MAX + 1];
};

struct fcr_tracker {
	int64_t window_ms;
	struct fcr_node **buckets;
	size_t bucket_count;              /* power of two */
	size_t node_count;
	int64_t next_sweep_ms;            /* TIME_NONE before the first contact */
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
	t->bucket_count = 1024;
	t->next_sweep_ms = TIME_NONE;
	if (!(t->buckets = calloc(t->bucket_count, sizeof *t->buckets))) {
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

static void node_free(struct fcr_node *node)
{
	free(node->pending);
	free(node);
}

/* Resolves and drops every entry whose window closed before now_ms. */
static void sweep(struct fcr_tracker *t, int64_t now_ms)
{
	for (size_t b = 0; b < t->bucket_count; b++) {
		struct fcr_node **pp = &t->buckets[b];

		while (*pp) {
			struct fcr_node *node = *pp;

			if (node->arrived_ms + t->window_ms < now_ms) {
				resolve(node, 1, 0);
				*pp = node->next;
				node_free(node);
				t->node_count--;
			} else {
				pp = &node->next;
			}
		}
	}
}

static int grow(struct fcr_tracker *t)
{
	size_t n = t->bucket_count * 2;
	struct fcr_node **nb = calloc(n, sizeof *nb);

	if (!nb)
		return -1;
	for (size_t b = 0; b < t->bucket_count; b++)
		while (t->buckets[b]) {
			struct fcr_node *node = t->buckets[b];
			size_t i = hash_str(node->customer) & (n - 1);

			t->buckets[b] = node->next;
			node->next = nb[i];
			nb[i] = node;
		}
	free(t->buckets);
	t->buckets = nb;
	t->bucket_count = n;
	return 0;
}

int fcr_tracker_add(struct fcr_tracker *t, const struct contact *ct,
                    struct metric_counts *const *targets, int target_count)
{
	struct fcr_node **pp, *node;
	int64_t now = ct->arrived_at_ms;
	int repeat;

	if (!outcome_is_offered(ct->outcome) || ct->customer_id[0] == '\0')
		return 0;
	/* Only an inbound contact is a repeat (metrics.md: "no further offered
	 * contact"): the centre's own outbound call or e-mail to the customer
	 * says nothing about the first one being unresolved. */
	repeat = ct->direction == DIR_INBOUND;
	if (!repeat && (target_count <= 0 || ct->outcome != OUT_ANSWERED))
		return 0;
	if (t->next_sweep_ms == TIME_NONE)
		t->next_sweep_ms = now + DAY_MS;
	if (now >= t->next_sweep_ms) {
		sweep(t, now);
		t->next_sweep_ms = now + DAY_MS;
	}
	pp = &t->buckets[hash_str(ct->customer_id) & (t->bucket_count - 1)];
	while (*pp && strcmp((*pp)->customer, ct->customer_id) != 0)
		pp = &(*pp)->next;
	node = *pp;
	if (repeat && node && node->count > 0)
		repeat_at(node, now, t->window_ms);
	if (target_count <= 0 || ct->outcome != OUT_ANSWERED) {
		if (node && node->count == 0) {
			*pp = node->next;
			node_free(node);
			t->node_count--;
		}
		return 0;
	}
	if (!node) {
		if (t->node_count >= 2 * t->bucket_count && grow(t) < 0)
			return -1;
		if (!(node = calloc(1, sizeof *node)))
			return -1;
		strcpy(node->customer, ct->customer_id);
		pp = &t->buckets[hash_str(ct->customer_id) & (t->bucket_count - 1)];
		node->next = *pp;
		*pp = node;
		t->node_count++;
	}
	if (node->count == node->cap) {
		size_t cap = node->cap ? node->cap * 2 : 1;
		struct fcr_pending *grown = realloc(node->pending, cap * sizeof *grown);

		if (!grown)
			return -1;
		node->pending = grown;
		node->cap = cap;
	}
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
	for (size_t b = 0; b < t->bucket_count; b++)
		while (t->buckets[b]) {
			struct fcr_node *node = t->buckets[b];

			/* The data has not reached the window's end: no repeat seen
			 * so far, but one may still come. */
			for (size_t i = 0; i < node->count; i++)
				outcome(&node->pending[i], 1,
				        watermark_ms == TIME_NONE ||
				        watermark_ms < node->pending[i].arrived_ms + t->window_ms);
			node->count = 0;
			t->buckets[b] = node->next;
			node_free(node);
		}
	t->node_count = 0;
	t->next_sweep_ms = TIME_NONE;
}

void fcr_tracker_free(struct fcr_tracker *t)
{
	if (!t)
		return;
	for (size_t b = 0; b < t->bucket_count; b++)
		while (t->buckets[b]) {
			struct fcr_node *node = t->buckets[b];

			t->buckets[b] = node->next;
			node_free(node);
		}
	free(t->buckets);
	free(t);
}
