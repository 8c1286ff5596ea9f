/* tz.c -- IANA time zones from the system's TZif files (RFC 8536).
 *
 * A zone is its transition table (the 64-bit v2+ data block) plus the POSIX
 * TZ footer string, which rules every instant after the last transition
 * ("CET-1CEST,M3.5.0,M10.5.0/3"). zic's "slim" output stops the table at the
 * last rule change (1996 for Berlin), so the footer is not a corner case: it
 * decides every instant of 2026. Nothing reads the TZ environment variable,
 * so any number of zones can be loaded side by side. */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "timefmt.h"
#include "tz.h"

#define MS_PER_DAY 86400000LL

/* One end of a daylight-saving period in a POSIX TZ rule. */
struct posix_date {
	char kind;       /* 'J': Julian day 1..365 without Feb 29, 'D': 0..365, 'M': month.week.day */
	int a, b, c;     /* J/D: a = day; M: a = month, b = week 1..5, c = weekday 0 = Sunday */
	int32_t time_s;  /* local time of day of the change, may be negative or > 24 h */
};

struct posix_rule {
	int32_t std_off_s;     /* UTC offset of standard time (east positive) */
	int has_dst;
	int32_t dst_off_s;
	struct posix_date start, end;
};

struct tz {
	char name[128];
	char sha256[65];       /* of the TZif file: which rules were read */
	size_t count;          /* transitions */
	int64_t *at_s;         /* transition instants, UTC seconds, ascending */
	int32_t *off_after_s;  /* offset in force from at_s[i] on */
	int32_t first_off_s;   /* offset before the first transition */
	int has_rule;          /* footer present and understood */
	struct posix_rule rule;
	/* Index of the last transition a lookup found: lookups mostly come in
	 * time order, so the next one is usually in the same stretch. Only a
	 * guess, checked before use, hence safe to share between threads
	 * (relaxed atomic) and to write through a const zone. */
	_Atomic size_t hint;
};

/* Big-endian readers over the raw file bytes. */
static int64_t be64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return (int64_t)v;
}

static int32_t be32(const unsigned char *p)
{
	return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

/* ---- POSIX TZ strings (the footer) ---- */

/* Zone abbreviation: letters, or "<...>" quoted ("<+0530>"). */
static int posix_name(const char **p)
{
	const char *s = *p;

	if (*s == '<') {
		while (*s && *s != '>')
			s++;
		if (*s != '>')
			return -1;
		*p = s + 1;
		return 0;
	}
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		s++;
	if (s - *p < 3)
		return -1;
	*p = s;
	return 0;
}

static int posix_number(const char **p, int max, int *out)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < 4) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* [+-]hh[:mm[:ss]], hours up to 167 (RFC 8536 extension). */
static int posix_time(const char **p, int32_t *out_s)
{
	int sign = 1, h, m = 0, s = 0;

	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	if (posix_number(p, 167, &h) < 0)
		return -1;
	if (**p == ':') {
		(*p)++;
		if (posix_number(p, 59, &m) < 0)
			return -1;
		if (**p == ':') {
			(*p)++;
			if (posix_number(p, 59, &s) < 0)
				return -1;
		}
	}
	*out_s = sign * (h * 3600 + m * 60 + s);
	return 0;
}

static int posix_date(const char **p, struct posix_date *d)
{
	d->time_s = 7200; /* 02:00 unless stated */
	if (**p == 'J') {
		(*p)++;
		d->kind = 'J';
		if (posix_number(p, 365, &d->a) < 0 || d->a < 1)
			return -1;
	} else if (**p == 'M') {
		(*p)++;
		d->kind = 'M';
		if (posix_number(p, 12, &d->a) < 0 || d->a < 1 || *(*p)++ != '.' ||
		    posix_number(p, 5, &d->b) < 0 || d->b < 1 || *(*p)++ != '.' ||
		    posix_number(p, 6, &d->c) < 0)
			return -1;
	} else {
		d->kind = 'D';
		if (posix_number(p, 365, &d->a) < 0)
			return -1;
	}
	if (**p == '/') {
		(*p)++;
		if (posix_time(p, &d->time_s) < 0)
			return -1;
	}
	return 0;
}

static int posix_parse(const char *s, struct posix_rule *r)
{
	int32_t off;

	memset(r, 0, sizeof *r);
	if (posix_name(&s) < 0 || posix_time(&s, &off) < 0)
		return -1;
	r->std_off_s = -off; /* POSIX counts west positive */
	if (*s == '\0')
		return 0;
	if (posix_name(&s) < 0)
		return -1;
	r->has_dst = 1;
	r->dst_off_s = r->std_off_s + 3600;
	if (*s != ',' && *s != '\0') {
		if (posix_time(&s, &off) < 0)
			return -1;
		r->dst_off_s = -off;
	}
	if (*s == '\0') {
		/* No rule given: POSIX leaves it to the implementation; the
		 * US rule is what glibc assumes. */
		r->start = (struct posix_date){ 'M', 3, 2, 0, 7200 };
		r->end = (struct posix_date){ 'M', 11, 1, 0, 7200 };
		return 0;
	}
	if (*s++ != ',' || posix_date(&s, &r->start) < 0 || *s++ != ',' ||
	    posix_date(&s, &r->end) < 0 || *s != '\0')
		return -1;
	return 0;
}

/* Local seconds since the epoch (as if UTC) of a rule date in a year. */
static int64_t posix_date_local_s(const struct posix_date *d, int year)
{
	int64_t days;

	if (d->kind == 'J') {
		/* Day 1..365, February 29 never counted. */
		days = civil_to_days(year, 1, 1) + d->a - 1;
		if (d->a >= 60 && days_in_month(year, 2) == 29)
			days++;
	} else if (d->kind == 'D') {
		days = civil_to_days(year, 1, 1) + d->a;
	} else {
		/* Week b (5 = last) of month a, weekday c with 0 = Sunday. */
		int64_t first = civil_to_days(year, d->a, 1);
		int wday_sun = (days_weekday(first) + 1) % 7;
		int64_t day = first + (d->c - wday_sun + 7) % 7 + 7 * (d->b - 1);
		int64_t last = first + days_in_month(year, d->a) - 1;

		while (day > last)
			day -= 7;
		days = day;
	}
	return days * 86400 + d->time_s;
}

static int32_t posix_offset_s(const struct posix_rule *r, int64_t t_s)
{
	int year, month, day;
	int64_t start, end;

	if (!r->has_dst)
		return r->std_off_s;
	days_to_civil(floor_div(t_s + r->std_off_s, 86400), &year, &month, &day);
	/* The start is given in standard time, the end in daylight time. */
	start = posix_date_local_s(&r->start, year) - r->std_off_s;
	end = posix_date_local_s(&r->end, year) - r->dst_off_s;
	if (start < end) /* northern hemisphere: DST inside the year */
		return (t_s >= start && t_s < end) ? r->dst_off_s : r->std_off_s;
	/* southern hemisphere: DST across the new year */
	return (t_s >= end && t_s < start) ? r->std_off_s : r->dst_off_s;
}

/* ---- TZif ---- */

struct tzif_header {
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
	int version;
};

static int tzif_header(const unsigned char *p, size_t len, struct tzif_header *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->version = p[4] ? p[4] - '0' : 1;
	h->isutcnt = (uint32_t)be32(p + 20);
	h->isstdcnt = (uint32_t)be32(p + 24);
	h->leapcnt = (uint32_t)be32(p + 28);
	h->timecnt = (uint32_t)be32(p + 32);
	h->typecnt = (uint32_t)be32(p + 36);
	h->charcnt = (uint32_t)be32(p + 40);
	if (h->typecnt == 0 || h->typecnt > 256 || h->timecnt > 100000 ||
	    h->charcnt > 100000 || h->leapcnt > 10000)
		return -1;
	return 0;
}

static size_t tzif_block_size(const struct tzif_header *h, size_t tsize)
{
	return (size_t)h->timecnt * tsize + h->timecnt + h->typecnt * 6u + h->charcnt +
	       h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

/* Fills zone from the file's bytes; the reason for a rejection in *why. */
static int tzif_parse(struct tz *zone, const unsigned char *p, size_t len, const char **why)
{
	struct tzif_header h;
	size_t skip;
	const unsigned char *times, *idx, *types, *end;
	int32_t type_off[256];

	*why = "not a TZif file";
	if (tzif_header(p, len, &h) < 0)
		return -1;
	if (h.version < 2) {
		*why = "TZif version 1 file (64-bit data is needed)";
		return -1;
	}
	skip = 44 + tzif_block_size(&h, 4);
	if (skip > len || tzif_header(p + skip, len - skip, &h) < 0)
		return -1;
	p += skip;
	len -= skip;
	if (44 + tzif_block_size(&h, 8) > len) {
		*why = "truncated TZif file";
		return -1;
	}
	times = p + 44;
	idx = times + (size_t)h.timecnt * 8;
	types = idx + h.timecnt;
	for (uint32_t i = 0; i < h.typecnt; i++) {
		type_off[i] = be32(types + 6 * i);
		if (type_off[i] <= -86400 || type_off[i] >= 86400) {
			*why = "UTC offset out of range";
			return -1;
		}
	}
	zone->count = h.timecnt;
	zone->at_s = calloc(h.timecnt ? h.timecnt : 1, sizeof *zone->at_s);
	zone->off_after_s = calloc(h.timecnt ? h.timecnt : 1, sizeof *zone->off_after_s);
	if (!zone->at_s || !zone->off_after_s) {
		*why = "out of memory";
		return -1;
	}
	for (uint32_t i = 0; i < h.timecnt; i++) {
		zone->at_s[i] = be64(times + 8 * i);
		if (idx[i] >= h.typecnt || (i > 0 && zone->at_s[i] <= zone->at_s[i - 1])) {
			*why = "bad transition table";
			return -1;
		}
		zone->off_after_s[i] = type_off[idx[i]];
	}
	/* RFC 8536: local time type 0 applies before the first transition. */
	zone->first_off_s = type_off[0];
	/* Footer: "\n<POSIX TZ string>\n" after the v2 data block. */
	end = p + 44 + tzif_block_size(&h, 8);
	if ((size_t)(end - p) < len && *end == '\n') {
		const unsigned char *nl = memchr(end + 1, '\n', len - (size_t)(end + 1 - p));
		char footer[128];
		size_t n;

		if (nl && (n = (size_t)(nl - end - 1)) > 0 && n < sizeof footer) {
			memcpy(footer, end + 1, n);
			footer[n] = '\0';
			if (posix_parse(footer, &zone->rule) < 0) {
				*why = "TZ footer string not understood";
				return -1;
			}
			zone->has_rule = 1;
		}
	}
	return 0;
}

/* Zone names come from contracts and the command line: refuse anything that
 * could leave the tzdata directory. */
static int tz_name_ok(const char *name)
{
	if (!*name || *name == '/' || strlen(name) >= 128)
		return 0;
	for (const char *s = name; *s; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || strchr("/_-+", *s)))
			return 0;
		if (*s == '/' && (s[1] == '/' || s[1] == '\0'))
			return 0;
	}
	return strstr(name, "..") == NULL;
}

int tz_load(struct tz **out, const char *name, struct ccsla_error *err)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	unsigned char *data = NULL;
	size_t len = 0;
	const char *why = NULL;
	struct tz *zone = NULL;
	int ret = -1;

	*out = NULL;
	if (!tz_name_ok(name)) {
		ccsla_error_set(err, NULL, 0, "timezone",
		                "'%s' is not an IANA zone name (like Europe/Berlin)", name);
		goto done;
	}
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (read_file(path, (char **)&data, &len, NULL) < 0) {
		ccsla_error_set(err, NULL, 0, "timezone",
		                "unknown time zone '%s' (no file %s): use an IANA name like Europe/Berlin",
		                name, path);
		goto done;
	}
	if (!(zone = calloc(1, sizeof *zone))) {
		ccsla_error_set(err, path, 0, "timezone", "out of memory");
		goto done;
	}
	snprintf(zone->name, sizeof zone->name, "%s", name);
	sha256_hex(data, len, zone->sha256);
	if (tzif_parse(zone, data, len, &why) < 0) {
		ccsla_error_set(err, path, 0, "timezone", "cannot read zone '%s': %s", name, why);
		goto done;
	}
	*out = zone;
	zone = NULL;
	ret = 0;
done:
	tz_free(zone);
	free(data);
	return ret;
}

void tz_free(struct tz *zone)
{
	if (!zone)
		return;
	free(zone->at_s);
	free(zone->off_after_s);
	free(zone);
}

const char *tz_name(const struct tz *zone)
{
	return zone->name;
}

const char *tz_rules_sha256(const struct tz *zone)
{
	return zone->sha256;
}

int32_t tz_offset_s(const struct tz *zone, int64_t t_ms)
{
	int64_t t_s = floor_div(t_ms, 1000);
	size_t lo = 0, hi = zone->count;

	if (zone->count == 0)
		return zone->has_rule ? posix_offset_s(&zone->rule, t_s) : zone->first_off_s;
	if (t_s < zone->at_s[0])
		return zone->first_off_s;
	if (t_s >= zone->at_s[zone->count - 1] && zone->has_rule)
		return posix_offset_s(&zone->rule, t_s);
	lo = atomic_load_explicit(&((struct tz *)zone)->hint, memory_order_relaxed);
	if (lo + 1 < zone->count && zone->at_s[lo] <= t_s && t_s < zone->at_s[lo + 1])
		return zone->off_after_s[lo];
	/* Last transition at or before t_s. */
	lo = 0;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (zone->at_s[mid] <= t_s)
			lo = mid;
		else
			hi = mid;
	}
	atomic_store_explicit(&((struct tz *)zone)->hint, lo, memory_order_relaxed);
	return zone->off_after_s[lo];
}

void tz_to_local(const struct tz *zone, int64_t t_ms, struct local_time *out)
{
	int32_t off = tz_offset_s(zone, t_ms);
	int64_t local = t_ms + (int64_t)off * 1000;
	int64_t days = floor_div(local, MS_PER_DAY);
	int64_t in_day = local - days * MS_PER_DAY;

	days_to_civil(days, &out->year, &out->month, &out->day);
	out->hour = (int)(in_day / 3600000);
	out->minute = (int)(in_day / 60000 % 60);
	out->second = (int)(in_day / 1000 % 60);
	out->ms = (int)(in_day % 1000);
	out->wday = days_weekday(days);
	out->offset_s = off;
}

int64_t tz_local_days(const struct tz *zone, int64_t t_ms)
{
	return floor_div(t_ms + (int64_t)tz_offset_s(zone, t_ms) * 1000, MS_PER_DAY);
}

/* All instants whose local time is local_ms (local ms since the epoch as if
 * UTC): zero, one or two of them. The offsets in force within a day either
 * side are the only candidates (no zone changes twice within two days). */
static int local_candidates(const struct tz *zone, int64_t local_ms, int64_t found[2])
{
	int32_t offs[3];
	int n = 0;

	offs[0] = tz_offset_s(zone, local_ms - MS_PER_DAY);
	offs[1] = tz_offset_s(zone, local_ms);
	offs[2] = tz_offset_s(zone, local_ms + MS_PER_DAY);
	for (int i = 0; i < 3; i++) {
		int64_t t = local_ms - (int64_t)offs[i] * 1000;
		int dup = 0;

		for (int j = 0; j < n; j++)
			dup |= found[j] == t;
		if (!dup && tz_offset_s(zone, t) == offs[i] && n < 2)
			found[n++] = t;
	}
	if (n == 2 && found[0] > found[1]) {
		int64_t x = found[0];

		found[0] = found[1];
		found[1] = x;
	}
	return n;
}

int tz_from_local(const struct tz *zone, int year, int month, int day,
                  int hour, int minute, int second, int later, int64_t *out_ms)
{
	int64_t local = civil_to_days(year, month, day) * MS_PER_DAY +
	                ((int64_t)hour * 3600 + minute * 60 + second) * 1000;
	int64_t found[2];
	int n = local_candidates(zone, local, found);

	if (n == 0)
		return -1;
	*out_ms = (later && n == 2) ? found[1] : found[0];
	return 0;
}

int64_t tz_local_day_start(const struct tz *zone, int64_t local_days)
{
	int64_t found[2], lo, hi;

	if (local_candidates(zone, local_days * MS_PER_DAY, found) > 0)
		return found[0];
	/* Midnight was skipped (a spring-forward at 00:00): the day starts
	 * at the transition, the first instant whose local day is this one. */
	lo = local_days * MS_PER_DAY - 26 * 3600000LL;
	hi = local_days * MS_PER_DAY + 26 * 3600000LL;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (tz_local_days(zone, mid) >= local_days)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

int64_t tz_day_start(const struct tz *zone, int64_t t_ms)
{
	return tz_local_day_start(zone, tz_local_days(zone, t_ms));
}

/* First instant in (lo, hi] whose offset differs from the offset at lo,
 * or hi when there is none (checked at hi - 1 only: a zone never changes
 * and changes back within one local day). */
int64_t tz_next_offset_change(const struct tz *zone, int64_t lo, int64_t hi)
{
	int32_t off = tz_offset_s(zone, lo);

	if (tz_offset_s(zone, hi - 1) == off)
		return hi;
	hi = hi - 1;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (tz_offset_s(zone, mid) == off)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}
