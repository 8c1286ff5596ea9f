/* lock.h -- one run at a time per state directory.
 *
 * flock(2) on STATE/lock: the kernel drops the lock when the process dies,
 * so a crashed run never leaves a stale lock behind. */
#ifndef CCSLA_LOCK_H
#define CCSLA_LOCK_H

#include "core/error.h"

/* Takes the lock without waiting. Returns the lock's file descriptor (keep
 * it open for the run), -1 on error, -2 when another process holds it
 * (err names the holder's pid when known). STATE/lock must be a regular
 * file with one name, opened without following a link; STATE's store,
 * nightly, ledger, ingest and quarantine directories, and the per-client
 * directories in the first three, must not be links (-1 naming the path:
 * nothing is written through a planted link). */
int state_lock(const char *state_dir, struct ccsla_error *err);
void state_unlock(int fd);

#endif
