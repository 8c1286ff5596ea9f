/* contact.c -- name tables and comparisons for struct contact. */
#include <string.h>

#include "contact.h"

static const char *const channel_names[CH_COUNT] = {
	"voice", "chat", "email", "messaging", "social", "letter", "video",
};
static const char *const direction_names[DIR_COUNT] = { "inbound", "outbound" };
static const char *const outcome_names[OUT_COUNT] = {
	"answered", "abandoned", "callback", "deflected", "overflow", "open",
};

void contact_init(struct contact *c)
{
	memset(c, 0, sizeof *c);
	strcpy(c->queue, "default");
	c->resolved = -1;
	c->answered_at_ms = TIME_NONE;
	c->ended_at_ms = TIME_NONE;
	c->talk_s = c->hold_s = c->wrap_s = -1;
}

static int lookup(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *channel_name(int ch)
{
	return ch >= 0 && ch < CH_COUNT ? channel_names[ch] : "?";
}

const char *direction_name(int dir)
{
	return dir >= 0 && dir < DIR_COUNT ? direction_names[dir] : "?";
}

const char *outcome_name(int out)
{
	return out >= 0 && out < OUT_COUNT ? outcome_names[out] : "?";
}

int channel_parse(const char *s) { return lookup(channel_names, CH_COUNT, s); }
int direction_parse(const char *s) { return lookup(direction_names, DIR_COUNT, s); }
int outcome_parse(const char *s) { return lookup(outcome_names, OUT_COUNT, s); }

int outcome_is_offered(int out)
{
	return out != OUT_DEFLECTED;
}

int channel_is_written(int ch)
{
	return ch == CH_EMAIL || ch == CH_LETTER || ch == CH_MESSAGING || ch == CH_SOCIAL;
}

int client_id_valid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return 0;
	return n >= 1 && n <= CONTACT_CLIENT_MAX;
}

int contact_same_content(const struct contact *a, const struct contact *b)
{
	return strcmp(a->client_id, b->client_id) == 0 &&
	       strcmp(a->contact_id, b->contact_id) == 0 &&
	       strcmp(a->queue, b->queue) == 0 &&
	       strcmp(a->customer_id, b->customer_id) == 0 &&
	       strcmp(a->agent_id, b->agent_id) == 0 &&
	       a->channel == b->channel && a->direction == b->direction &&
	       a->outcome == b->outcome && a->transferred == b->transferred &&
	       a->resolved == b->resolved && a->csat == b->csat &&
	       a->complaint == b->complaint &&
	       a->arrived_at_ms == b->arrived_at_ms &&
	       a->answered_at_ms == b->answered_at_ms &&
	       a->ended_at_ms == b->ended_at_ms &&
	       a->talk_s == b->talk_s && a->hold_s == b->hold_s &&
	       a->wrap_s == b->wrap_s;
}
