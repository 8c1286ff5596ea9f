/* partw.h -- a helper thread that writes the merged partitions of an
 * ingest commit, so that merging the next partition (reading, deduping,
 * sorting: CPU) overlaps writing this one (mostly waiting for the device).
 * One partition is queued at a time: memory is at most two partitions, the
 * one being written and the one being merged.
 *
 * A job owns its memory; the writer frees it when the partition is written
 * (or when the run stops early). The written files stay temporary until
 * partw_finish makes them durable together and renames them, in the order
 * the jobs were queued, on the caller's thread: the durable steps
 * (crashpoints) come in the same sequence as without the thread. */
#ifndef CCSLA_PARTW_H
#define CCSLA_PARTW_H

#include <stddef.h>

#include "core/error.h"

struct partw_job {
	char path[8500];            /* the partition's STATE/store/C/D.ccs.new */
	const unsigned char **rec;  /* records in store order, each with its u16 length */
	size_t count;
	void *arena;                /* the mmap'd block the records live in, or NULL */
	size_t arena_len;           /* its length */
	size_t bytes;               /* the records' bytes: what the job holds in memory */
};

struct partw;

/* Starts the writer; when no thread can be started, jobs are written
 * inline by partw_submit. -1 when out of memory. */
int partw_start(struct partw **w);
/* Queues a job (taking its memory, even on failure) after the previous one
 * is written; -1 (err set) when the previous job failed. */
int partw_submit(struct partw *w, struct partw_job *job, struct ccsla_error *err);
/* Before a merge that will hold about `need` bytes: waits for the job in
 * hand to be written when the two together would pass `budget`, so that
 * two large partitions are not in memory at once (a 20 M-row month's
 * largest partitions are 17 MB each); smaller ones still overlap. */
void partw_make_room(struct partw *w, size_t need, size_t budget);
/* Waits until every queued job is written, makes the files durable (one
 * syncfs; an fsync each when that fails) and renames each into place;
 * -1 (err set) when one failed. */
int partw_finish(struct partw *w, struct ccsla_error *err);
/* Stops the thread (after the job in hand) and frees everything. */
void partw_stop(struct partw *w);

#endif
