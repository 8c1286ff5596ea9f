/* partw.c -- write merged partitions on a helper thread (partw.h).
 *
 * The writer fills each partition's temporary file (the data reaches the
 * device as it goes, see blockw.h) and keeps it open. partw_finish makes
 * them all durable with one syncfs, then renames each into place in the
 * order written. Why not an fsync per file: each costs a journal commit
 * and a device cache flush, a few ms on the benchmark machine, and a flush
 * stalls the writes in flight; one syncfs costs about one fsync. When
 * syncfs fails, each file is fsynced as usual. */
#define _GNU_SOURCE /* syncfs */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/store.h"
#include "partw.h"

struct partw {
	pthread_t writer;
	int threaded;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct partw_job job;       /* the job in hand */
	int busy;                   /* job holds work not yet written */
	size_t busy_bytes;          /* job.bytes while busy: the writer releases job outside the lock */
	int stop;
	int failed;                 /* a job failed: err says why */
	struct ccsla_error err;
	struct atomic_file *done;   /* files written, open, not yet renamed (in order) */
	size_t ndone, done_cap;
};

static void job_release(struct partw_job *job)
{
	if (job->arena)
		munmap(job->arena, job->arena_len);
	free(job->rec);
	memset(job, 0, sizeof *job);
}

/* Writes a job's file and adds it to w->done (only the writer, or the
 * caller when there is no thread, touches done before partw_finish). */
static int job_write(struct partw *w, const struct partw_job *job, struct ccsla_error *err)
{
	struct store_writer wr;

	if (w->ndone == w->done_cap) {
		size_t cap = w->done_cap ? w->done_cap * 2 : 16;
		struct atomic_file *d = realloc(w->done, cap * sizeof *d);
		if (!d)
			return ccsla_error_set(err, job->path, 0, NULL, "out of memory");
		w->done = d;
		w->done_cap = cap;
	}
	if (store_writer_open(&wr, job->path, err) != 0)
		return -1;
	for (size_t i = 0; i < job->count; i++) {
		const unsigned char *r = job->rec[i];
		if (store_writer_add_raw(&wr, r, 2 + ((size_t)r[0] | (size_t)r[1] << 8), err) != 0) {
			store_writer_abort(&wr);
			return -1;
		}
	}
	if (store_writer_end(&wr, err) != 0)
		return -1;
	w->done[w->ndone++] = wr.out;
	return 0;
}

static void *writer_main(void *arg)
{
	struct partw *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct ccsla_error err;
		int rc, skip;

		while (!w->busy && !w->stop)
			pthread_cond_wait(&w->changed, &w->lock);
		if (!w->busy)
			break; /* stop, nothing in hand */
		skip = w->failed || w->stop; /* a failed or abandoned run */
		pthread_mutex_unlock(&w->lock);
		rc = skip ? 0 : job_write(w, &w->job, &err);
		job_release(&w->job);
		pthread_mutex_lock(&w->lock);
		if (rc != 0 && !w->failed) {
			w->failed = 1;
			w->err = err;
		}
		w->busy = 0;
		w->busy_bytes = 0;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

void partw_make_room(struct partw *w, size_t need, size_t budget)
{
	if (!w->threaded)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->busy && w->busy_bytes + need > budget)
		pthread_cond_wait(&w->changed, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

int partw_start(struct partw **out)
{
	struct partw *w = calloc(1, sizeof *w);

	*out = NULL;
	if (!w)
		return -1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	w->threaded = pthread_create(&w->writer, NULL, writer_main, w) == 0;
	*out = w;
	return 0;
}

int partw_submit(struct partw *w, struct partw_job *job, struct ccsla_error *err)
{
	if (!w->threaded) {
		int rc = w->failed ? -1 : job_write(w, job, err);
		job_release(job);
		if (rc != 0 && !w->failed) {
			w->failed = 1;
			w->err = *err;
		}
		if (w->failed)
			*err = w->err;
		return w->failed ? -1 : 0;
	}
	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->changed, &w->lock);
	if (w->failed) {
		*err = w->err;
		pthread_mutex_unlock(&w->lock);
		job_release(job);
		return -1;
	}
	w->job = *job;
	memset(job, 0, sizeof *job);
	w->busy = 1;
	w->busy_bytes = w->job.bytes;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int partw_finish(struct partw *w, struct ccsla_error *err)
{
	int synced;

	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		while (w->busy)
			pthread_cond_wait(&w->changed, &w->lock);
		pthread_mutex_unlock(&w->lock);
	}
	if (w->failed) {
		*err = w->err;
		return -1;
	}
	/* the writer is idle: done is ours */
	synced = w->ndone > 0 && syncfs(fileno(w->done[0].fp)) == 0;
	for (size_t i = 0; i < w->ndone; i++) {
		int rc = synced ? atomic_commit_synced(&w->done[i], err) : atomic_commit(&w->done[i], err);
		if (rc != 0) {
			/* atomic_commit closed and removed this one; the rest go */
			for (size_t k = i + 1; k < w->ndone; k++)
				atomic_abort(&w->done[k]);
			w->ndone = 0;
			w->failed = 1;
			return -1;
		}
	}
	w->ndone = 0;
	return 0;
}

void partw_stop(struct partw *w)
{
	if (!w)
		return;
	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->writer, NULL);
	}
	job_release(&w->job);
	for (size_t i = 0; i < w->ndone; i++)
		atomic_abort(&w->done[i]);
	free(w->done);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->changed);
	free(w);
}
