/* profile.h -- an import profile: how a flat CSV export (NICE CXone, Five9,
 * Cisco UCCX, ...) maps onto canonical contacts (`--profile FILE`).
 *
 * A profile is a small YAML file (README, "Import profiles"; examples in
 * fixtures/profiles/). profile_load checks all of it and says
 * "file:line:column: what is wrong" for the first mistake, as contracts do;
 * profile.c's adapter then maps each row of the export. */
#ifndef CCSLA_PROFILE_H
#define CCSLA_PROFILE_H

#include <stddef.h>

#include "core/error.h"
#include "ingest/canon.h"

#define PROFILE_MAX_MAP    64  /* value-map entries of one field */
#define PROFILE_MAX_PLUS    4  /* durations added to an instant */
#define PROFILE_MAX_RULES  16  /* outcome rules */
#define PROFILE_MAX_CONDS   4  /* conditions of one rule (all must hold) */
#define PROFILE_MAX_COLS  128  /* columns: (header: false) */

enum time_format { TF_NONE, TF_RFC3339, TF_EPOCH_S, TF_EPOCH_MS, TF_LOCAL };
enum dur_unit { DU_S, DU_MS, DU_HHMMSS };

/* Where one canonical field comes from. */
struct pfield {
	int set;                     /* the profile names this field */
	long line, col;              /* where, in the profile */
	const char *column;          /* a source column, or NULL */
	const char *constant;        /* a constant value, or NULL */
	/* value map, applied to the column's text ("Y" -> "1") */
	size_t n_map;
	const char *map_from[PROFILE_MAX_MAP], *map_to[PROFILE_MAX_MAP];
	const char *map_default;     /* for values not in the map; NULL: a bad row */
	/* instants */
	enum time_format tf;
	const char *strf;            /* TF_LOCAL: %Y %m %d %H %M %S %I %p %y and literals */
	const char *date_column, *time_column; /* separate date and time, joined by a blank */
	int from_field;              /* COL_ARRIVED_AT...: start from that instant; -1 none */
	size_t n_plus;
	const char *plus[PROFILE_MAX_PLUS];    /* duration columns added */
	/* durations (and the plus columns of an instant) */
	enum dur_unit unit;
};

enum cond_op { OP_EQUALS, OP_IN, OP_GREATER, OP_EMPTY, OP_NOT_EMPTY };

struct pcond {
	const char *column;
	enum cond_op op;
	const char *value;           /* OP_EQUALS */
	size_t n_in;
	const char *in[PROFILE_MAX_MAP];
	double number;               /* OP_GREATER: the cell read as a duration in the field's unit */
	enum dur_unit unit;
};

struct prule {
	struct pcond cond[PROFILE_MAX_CONDS];
	int n_cond;                  /* 0: the else rule */
	int outcome;                 /* enum outcome */
};

struct profile {
	const char *path;
	const char *name;
	char delimiter;
	int windows1252;             /* 1: cells are Windows-1252, converted to UTF-8 */
	int header;                  /* 1: the first row (after skip_rows) names the columns */
	long skip_rows;              /* lines before the header (or the data) */
	const char *columns[PROFILE_MAX_COLS]; /* header: false -- names of the positions */
	size_t n_columns;
	const char *timezone;        /* zone of local times, or NULL */
	struct pfield f[COL_COUNT];  /* by canonical column (canon.h) */
	struct prule rule[PROFILE_MAX_RULES]; /* outcome rules, first match wins */
	int n_rules;
	struct pcond skip[PROFILE_MAX_CONDS];  /* rows to skip: any condition holds */
	int n_skip;
	void *doc;                   /* the YAML document the strings point into */
};

/* Loads and checks path; 0, or -1 with err ("file:line:column: ..."). Free
 * with profile_free (also after a failure). */
int profile_load(struct profile *p, const char *path, struct ccsla_error *err);
void profile_free(struct profile *p);

/* A cell read as a duration in unit: seconds (may have a fraction for ms);
 * -1 when it is not one. Empty: -1. */
double profile_duration(const char *s, enum dur_unit unit);

#endif
