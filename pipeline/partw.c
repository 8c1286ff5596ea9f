/* partw.c -- write merged partitions on a helper thread (partw.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "partw.h"
#include "store.h"

struct partw {
	pthread_t thread;
	int threaded;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct partw_job job;       /* the job in hand */
	int busy;                   /* job holds work not yet written */
	int stop;
	int failed;                 /* a job failed: err says why */
	struct ccsla_error err;
};

static void job_release(struct partw_job *job)
{
	for (size_t i = 0; i < sizeof job->owned / sizeof job->owned[0]; i++)
		free(job->owned[i]);
	if (job->map)
		munmap(job->map, job->map_len);
	free(job->rec);
	memset(job, 0, sizeof *job);
}

static int job_write(const struct partw_job *job, struct ccsla_error *err)
{
	struct store_writer wr;

	if (store_writer_open(&wr, job->path, err) != 0)
		return -1;
	for (size_t i = 0; i < job->count; i++) {
		const unsigned char *r = job->rec[i];
		if (store_writer_add_raw(&wr, r, 2 + ((size_t)r[0] | (size_t)r[1] << 8), err) != 0) {
			store_writer_abort(&wr);
			return -1;
		}
	}
	return store_writer_commit(&wr, err);
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
		rc = skip ? 0 : job_write(&w->job, &err);
		job_release(&w->job);
		pthread_mutex_lock(&w->lock);
		if (rc != 0 && !w->failed) {
			w->failed = 1;
			w->err = err;
		}
		w->busy = 0;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int partw_start(struct partw **out)
{
	struct partw *w = calloc(1, sizeof *w);

	*out = NULL;
	if (!w)
		return -1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	w->threaded = pthread_create(&w->thread, NULL, writer_main, w) == 0;
	*out = w;
	return 0;
}

/* Waits until the job in hand is written. Returns with the lock held. */
static void wait_idle(struct partw *w)
{
	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->changed, &w->lock);
}

int partw_submit(struct partw *w, struct partw_job *job, struct ccsla_error *err)
{
	if (!w->threaded) {
		int rc = w->failed ? -1 : job_write(job, err);
		job_release(job);
		if (rc != 0 && !w->failed) {
			w->failed = 1;
			w->err = *err;
		}
		return rc;
	}
	wait_idle(w);
	if (w->failed) {
		*err = w->err;
		pthread_mutex_unlock(&w->lock);
		job_release(job);
		return -1;
	}
	w->job = *job;
	memset(job, 0, sizeof *job);
	w->busy = 1;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int partw_finish(struct partw *w, struct ccsla_error *err)
{
	int failed;

	if (!w->threaded) {
		if (w->failed)
			*err = w->err;
		return w->failed ? -1 : 0;
	}
	wait_idle(w);
	failed = w->failed;
	if (failed)
		*err = w->err;
	pthread_mutex_unlock(&w->lock);
	return failed ? -1 : 0;
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
		pthread_join(w->thread, NULL);
	}
	job_release(&w->job);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->changed);
	free(w);
}
