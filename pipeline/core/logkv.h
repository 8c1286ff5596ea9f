/* logkv.h -- one line per event, key=value, on stderr.
 *
 *   logkv("ingest", "file", name, "rows", "1200", NULL);
 *   -> "ccsla event=ingest file=2026-10-01.csv.gz rows=1200"
 *
 * Values with blanks, quotes or '=' are double-quoted with backslash
 * escapes, so every line splits the same way (grep, awk, journald). No
 * time stamp is written: journald and cron add their own, and logs of two
 * identical runs stay identical. */
#ifndef CCSLA_LOGKV_H
#define CCSLA_LOGKV_H

#include <stdio.h>

/* Pairs of key, value, ending with NULL. */
void logkv(const char *event, ...);
/* Writes one value to fp with the quoting rule above. */
void logkv_value(FILE *fp, const char *value);

/* A progress bar on stderr when it is a terminal (done of total, label);
 * nothing otherwise. progress_end clears the line. */
void progress_show(const char *label, long done, long total);
void progress_end(void);

#endif
