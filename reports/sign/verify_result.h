/* verify_result.h -- what a verification found: one plain-words line per
 * check, and the signer's identity. Filled by verify.c (the signature) and
 * verify_csv.c (the attached figures); verify_note() adds a line. */
#ifndef CCSLA_VERIFY_RESULT_H
#define CCSLA_VERIFY_RESULT_H

#define VERIFY_MAX_LINES 48

struct verify_line {
	int ok;                     /* 1 holds, 0 does not */
	char text[320];             /* plain words, no trailing newline */
};

struct verify_result {
	int all_ok;                 /* every line holds */
	int n_signatures;
	char subject[256];          /* signer certificate subject, one line */
	char issuer[256];
	char fingerprint[96];       /* SHA-256 of the DER certificate, AA:BB:.. */
	char signing_time[32];      /* claimed: /M (or a CMS signingTime), RFC 3339 UTC, or "" */
	char level[96];             /* PAdES baseline level found: "B-B", "B-T", "none (why)", or "" */
	char timestamp_time[32];    /* the valid signature time-stamp's time, or "" */
	char tsa[256];              /* its TSA certificate's subject */
	int self_signed;
	char attachments[256];      /* names of the attached files, ", "-separated */
	struct verify_line lines[VERIFY_MAX_LINES];
	int n_lines;
};

/* Appends a line to r; a failed one clears all_ok. Control bytes of the
 * text (it may quote the file) are replaced by '?'. */
void verify_note(struct verify_result *r, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Replaces control bytes of s (text from the file) by '?' in place: no
 * escape sequence reaches the screen (one could repaint FAIL as ok). */
void verify_no_controls(char *s);

#endif
