/* zcount.c -- the floor for the ingest benchmark: decompress a gzip file
 * with zlib (all members) and count its lines, nothing else. Prints
 * "lines bytes". Any zlib-based reader pays at least this. */
#include <stdio.h>
#include <string.h>

#include <zlib.h>

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 18];
	unsigned long long lines = 0, bytes = 0;
	gzFile gz;
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: zcount FILE.gz\n");
		return 2;
	}
	if (!(gz = gzopen(argv[1], "rb"))) {
		fprintf(stderr, "zcount: cannot open %s\n", argv[1]);
		return 3;
	}
	gzbuffer(gz, 1 << 18);
	while ((n = gzread(gz, buf, sizeof buf)) > 0) {
		const unsigned char *p = buf, *end = buf + n;
		bytes += (unsigned long long)n;
		while ((p = memchr(p, '\n', (size_t)(end - p)))) {
			lines++;
			p++;
		}
	}
	if (n < 0) {
		int e;
		fprintf(stderr, "zcount: %s\n", gzerror(gz, &e));
		return 1;
	}
	gzclose(gz);
	printf("%llu %llu\n", lines, bytes);
	return 0;
}
