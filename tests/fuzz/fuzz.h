/* fuzz.h -- what every fuzz target shares (header only; each target is its
 * own program, tests/fuzz/README.md).
 *
 * A target is one file tests/fuzz/fuzz_NAME.c defining
 *     int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
 * and, when it needs one-time setup, LLVMFuzzerInitialize. It checks a
 * property with fuzz_require(), which aborts (libFuzzer and the sanitizers
 * report an abort as a crash and keep the input). `make fuzz` links it with
 * libFuzzer (clang); `make test` links it with replay.c (gcc) to replay
 * tests/fuzz/corpus/NAME/ and tests/fuzz/known/NAME/. */
#ifndef CCSLA_FUZZ_H
#define CCSLA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define fuzz_require(cond, ...)                                                       \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: property broken: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                 \
			fputc('\n', stderr);                                          \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* A growing byte buffer, for recording what a parser produced. */
struct fuzz_buf {
	char *p;
	size_t len, cap;
};

static inline void fuzz_buf_add(struct fuzz_buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(b->p = realloc(b->p, cap)))
			abort();
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void fuzz_buf_str(struct fuzz_buf *b, const char *s)
{
	fuzz_buf_add(b, s, strlen(s));
}

static inline void fuzz_buf_free(struct fuzz_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* A small deterministic generator (xorshift64*), seeded from the input, for
 * choices such as chunk sizes that must replay exactly. */
static inline uint64_t fuzz_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Writes data to a fresh file under the temporary directory (for parsers
 * that take a path); returns its path in path (PATH_MAX). The caller
 * unlinks it. */
static inline void fuzz_temp_file(char *path, size_t size, const char *suffix,
                                  const void *data, size_t n)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/ccsla-fuzz-XXXXXX%s", dir && dir[0] ? dir : "/tmp", suffix);
	if ((fd = mkstemps(path, (int)strlen(suffix))) < 0)
		abort();
	if (n && write(fd, data, n) != (ssize_t)n)
		abort();
	if (close(fd) != 0)
		abort();
}

#endif
