/* partw.c -- write merged partitions on helper threads (partw.h).
 *
 * Two helpers: the writer fills each partition's file (the data reaches
 * the device as it goes, see blockw.h), then queues it for the syncer,
 * which fsyncs and renames the files in the order they were queued. An
 * fsync costs a journal commit and a device cache flush, a few ms each
 * on the benchmark machine: done by the writer itself, it left the device
 * without new data that long for every partition. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fsutil.h"
#include "partw.h"
#include "store.h"

struct partw {
	pthread_t writer, syncer;
	int have_writer, have_syncer;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct partw_job job;       /* the job in hand */
	int busy;                   /* job holds work not yet written */
	struct atomic_file *q;      /* written files waiting for fsync + rename */
	size_t qhead, qtail, qcap;  /* q[qhead..qtail) waits */
	int syncing;                /* the syncer has taken one and works on it */
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

/* Under the lock. */
static void set_failed(struct partw *w, const struct ccsla_error *err)
{
	if (!w->failed) {
		w->failed = 1;
		w->err = *err;
	}
}

/* Writes a job's file and leaves it in *out, to be committed. */
static int job_write(const struct partw_job *job, struct atomic_file *out, struct ccsla_error *err)
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
	if (store_writer_end(&wr, err) != 0)
		return -1;
	*out = wr.out;
	return 0;
}

/* Under the lock: queues a written file for the syncer. */
static int enqueue(struct partw *w, const struct atomic_file *af, struct ccsla_error *err)
{
	if (w->qtail == w->qcap) {
		size_t cap = w->qcap ? w->qcap * 2 : 16;
		struct atomic_file *q = realloc(w->q, cap * sizeof *q);
		if (!q)
			return ccsla_error_set(err, af->path, 0, NULL, "out of memory");
		w->q = q;
		w->qcap = cap;
	}
	w->q[w->qtail++] = *af;
	pthread_cond_broadcast(&w->changed);
	return 0;
}

static void *writer_main(void *arg)
{
	struct partw *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct ccsla_error err;
		struct atomic_file af;
		int rc, skip;

		while (!w->busy && !w->stop)
			pthread_cond_wait(&w->changed, &w->lock);
		if (!w->busy)
			break; /* stop, nothing in hand */
		skip = w->failed || w->stop; /* a failed or abandoned run */
		pthread_mutex_unlock(&w->lock);
		rc = skip ? 0 : job_write(&w->job, &af, &err);
		job_release(&w->job);
		pthread_mutex_lock(&w->lock);
		if (!skip && rc == 0 && enqueue(w, &af, &err) != 0) {
			atomic_abort(&af);
			rc = -1;
		}
		if (rc != 0)
			set_failed(w, &err);
		w->busy = 0;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static void *syncer_main(void *arg)
{
	struct partw *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct ccsla_error err;
		struct atomic_file af;
		int rc;

		while (w->qhead == w->qtail && !w->stop)
			pthread_cond_wait(&w->changed, &w->lock);
		if (w->qhead == w->qtail)
			break;
		af = w->q[w->qhead++];
		if (w->failed || w->stop) {
			atomic_abort(&af);
			continue;
		}
		w->syncing = 1;
		pthread_mutex_unlock(&w->lock);
		rc = atomic_commit(&af, &err); /* closes af in every case */
		pthread_mutex_lock(&w->lock);
		if (rc != 0)
			set_failed(w, &err);
		w->syncing = 0;
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
	/* both or neither: without them every job is done inline */
	w->have_writer = pthread_create(&w->writer, NULL, writer_main, w) == 0;
	if (w->have_writer)
		w->have_syncer = pthread_create(&w->syncer, NULL, syncer_main, w) == 0;
	if (w->have_writer && !w->have_syncer) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->writer, NULL);
		w->have_writer = 0;
		w->stop = 0;
	}
	*out = w;
	return 0;
}

int partw_submit(struct partw *w, struct partw_job *job, struct ccsla_error *err)
{
	if (!w->have_writer) {
		struct atomic_file af;
		int rc = w->failed ? -1 : job_write(job, &af, err);
		job_release(job);
		if (rc == 0)
			rc = atomic_commit(&af, err);
		if (rc != 0)
			set_failed(w, err);
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
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int partw_finish(struct partw *w, struct ccsla_error *err)
{
	int failed;

	pthread_mutex_lock(&w->lock);
	while (w->busy || w->qhead != w->qtail || w->syncing)
		pthread_cond_wait(&w->changed, &w->lock);
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
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	if (w->have_writer)
		pthread_join(w->writer, NULL);
	if (w->have_syncer)
		pthread_join(w->syncer, NULL);
	job_release(&w->job);
	for (size_t i = w->qhead; i < w->qtail; i++)
		atomic_abort(&w->q[i]);
	free(w->q);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->changed);
	free(w);
}
