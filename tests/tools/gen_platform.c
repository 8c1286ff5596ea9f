/* gen_platform.c -- platform exports for the importer benchmark: N Genesys
 * Cloud conversations (one a line) or N Amazon Connect contact records
 * (Firehose JSON lines), gzip, deterministic for a seed.
 *
 *   gen_platform --format genesys-cloud|amazon-connect [--seed N] [--rows N] -o FILE.gz
 *
 * Contacts arrive every 2.5 s from 2026-10-01T00:00:00Z in queues q0..q7;
 * about 1 in 8 is abandoned after up to 120 s, the rest are answered after
 * up to 60 s and talk up to 10 minutes. Connect: every 10th contact is
 * delivered twice (the second with a later LastUpdateTimestamp). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/timefmt.h"

static uint64_t rng;
static uint32_t next(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng >> 33);
}

static const char *iso(int64_t ms, char *buf)
{
	rfc3339_format_utc(ms, buf, 32);
	return buf;
}

static void genesys(gzFile gz, long i, int64_t t0)
{
	char a[32], b[32], c[32], d[32], e[32];
	int q = (int)(next() % 8), abandon = next() % 8 == 0;
	int64_t arr = t0 + 100, wait = (int64_t)(next() % (abandon ? 120000 : 60000)) + 500;
	int64_t talk = (int64_t)(next() % 600000) + 5000, acw = (int64_t)(next() % 60000);
	int64_t ans = arr + wait, end = ans + talk;

	gzprintf(gz, "{\"conversationId\":\"bench-%08ld-0000-4000-8000-000000000000\",\"conversationStart\":\"%s\","
	         "\"conversationEnd\":\"%s\",\"originatingDirection\":\"inbound\",\"participants\":["
	         "{\"purpose\":\"customer\",\"sessions\":[{\"mediaType\":\"voice\",\"direction\":\"inbound\","
	         "\"segments\":[{\"segmentStart\":\"%s\",\"segmentEnd\":\"%s\",\"segmentType\":\"interact\"}]}]},",
	         i, iso(t0, a), iso(abandon ? ans : end + acw, b), iso(t0, c), iso(abandon ? ans : end, d));
	if (abandon) {
		gzprintf(gz, "{\"purpose\":\"acd\",\"sessions\":[{\"mediaType\":\"voice\",\"direction\":\"inbound\","
		         "\"segments\":[{\"segmentStart\":\"%s\",\"segmentEnd\":\"%s\",\"queueId\":\"q%d\","
		         "\"segmentType\":\"interact\",\"disconnectType\":\"peer\"}],\"metrics\":["
		         "{\"name\":\"nOffered\",\"value\":1,\"emitDate\":\"%s\"},{\"name\":\"tAbandon\",\"value\":%lld,"
		         "\"emitDate\":\"%s\"}]}]}]}\n",
		         iso(arr, a), iso(ans, b), q, iso(arr, c), (long long)wait, iso(ans, d));
		return;
	}
	gzprintf(gz, "{\"purpose\":\"acd\",\"sessions\":[{\"mediaType\":\"voice\",\"direction\":\"inbound\","
	         "\"segments\":[{\"segmentStart\":\"%s\",\"segmentEnd\":\"%s\",\"queueId\":\"q%d\","
	         "\"segmentType\":\"interact\",\"disconnectType\":\"transfer\"}],\"metrics\":["
	         "{\"name\":\"nOffered\",\"value\":1,\"emitDate\":\"%s\"}]}]},",
	         iso(arr, a), iso(ans, b), q, iso(arr, c));
	gzprintf(gz, "{\"purpose\":\"agent\",\"userId\":\"agent-%02d\",\"sessions\":[{\"mediaType\":\"voice\","
	         "\"direction\":\"inbound\",\"segments\":[{\"segmentStart\":\"%s\",\"segmentEnd\":\"%s\",\"queueId\":\"q%d\","
	         "\"segmentType\":\"interact\",\"disconnectType\":\"peer\"},",
	         (int)(next() % 40), iso(ans, a), iso(end, b), q);
	gzprintf(gz, "{\"segmentStart\":\"%s\",\"segmentEnd\":\"%s\",\"queueId\":\"q%d\",\"segmentType\":\"wrapup\"}],"
	         "\"metrics\":[{\"name\":\"tAnswered\",\"value\":%lld,\"emitDate\":\"%s\"},{\"name\":\"tTalk\","
	         "\"value\":%lld,\"emitDate\":\"%s\"},{\"name\":\"tAcw\",\"value\":%lld,\"emitDate\":\"%s\"}]}]}]}\n",
	         iso(end, a), iso(end + acw, b), q, (long long)wait, iso(ans, c), (long long)talk, iso(end, d),
	         (long long)acw, iso(end + acw, e));
}

static void connect_record(gzFile gz, long i, int64_t t0, int64_t upd_extra)
{
	char a[32], b[32], c[32], d[32], e[32];
	int q = (int)(next() % 8), abandon = next() % 8 == 0;
	int64_t enq = t0 + 8000, wait = (int64_t)(next() % (abandon ? 120 : 60)) + 1;
	int64_t talk = (int64_t)(next() % 600) + 5, acw = (int64_t)(next() % 60);
	int64_t ans = enq + wait * 1000, end = ans + talk * 1000;

	if (abandon) {
		gzprintf(gz, "{\"AWSAccountId\":\"123456789012\",\"AWSContactTraceRecordFormatVersion\":\"2017-03-10\","
		         "\"Agent\":null,\"Channel\":\"VOICE\",\"ContactId\":\"bench-%08ld\",\"DisconnectTimestamp\":\"%s\","
		         "\"InitiationMethod\":\"INBOUND\",\"InitiationTimestamp\":\"%s\",\"LastUpdateTimestamp\":\"%s\","
		         "\"NextContactId\":null,\"PreviousContactId\":null,\"Queue\":{\"Name\":\"q%d\",\"EnqueueTimestamp\":\"%s\","
		         "\"DequeueTimestamp\":\"%s\",\"Duration\":%lld}}\n",
		         i, iso(ans, a), iso(t0, b), iso(ans + 1000 + upd_extra, c), q, iso(enq, d), iso(ans, e),
		         (long long)wait);
		return;
	}
	gzprintf(gz, "{\"AWSAccountId\":\"123456789012\",\"AWSContactTraceRecordFormatVersion\":\"2017-03-10\","
	         "\"Agent\":{\"Username\":\"agent-%02d\",\"ConnectedToAgentTimestamp\":\"%s\",\"AgentInteractionDuration\":%lld,"
	         "\"CustomerHoldDuration\":0,\"AfterContactWorkDuration\":%lld},\"Channel\":\"VOICE\",",
	         (int)(next() % 40), iso(ans, a), (long long)talk, (long long)acw);
	gzprintf(gz, "\"ContactId\":\"bench-%08ld\",\"DisconnectTimestamp\":\"%s\",\"InitiationMethod\":\"INBOUND\","
	         "\"InitiationTimestamp\":\"%s\",\"LastUpdateTimestamp\":\"%s\",\"NextContactId\":null,"
	         "\"PreviousContactId\":null,\"Queue\":{\"Name\":\"q%d\",\"EnqueueTimestamp\":\"%s\",\"Duration\":%lld}}\n",
	         i, iso(end, b), iso(t0, c), iso(end + acw * 1000 + upd_extra, d), q, iso(enq, e), (long long)wait);
}

int main(int argc, char **argv)
{
	const char *format = NULL, *out = NULL;
	long rows = 1000, seed = 1;
	gzFile gz;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--format") == 0)
			format = argv[i + 1];
		else if (strcmp(argv[i], "--rows") == 0)
			rows = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = atol(argv[i + 1]);
		else if (strcmp(argv[i], "-o") == 0)
			out = argv[i + 1];
	}
	if (!format || !out || rows < 1 ||
	    (strcmp(format, "genesys-cloud") != 0 && strcmp(format, "amazon-connect") != 0)) {
		fprintf(stderr, "usage: gen_platform --format genesys-cloud|amazon-connect [--seed N] [--rows N] -o FILE.gz\n");
		return 2;
	}
	rng = (uint64_t)seed;
	if (!(gz = gzopen(out, "wb6"))) {
		perror(out);
		return 1;
	}
	gzbuffer(gz, 1 << 17);
	for (long i = 0; i < rows; i++) {
		int64_t t0 = 1790812800000LL + i * 2500; /* 2026-10-01T00:00:00Z */
		if (format[0] == 'g')
			genesys(gz, i, t0);
		else {
			uint64_t keep = rng;
			if (i % 10 == 9) { /* an earlier delivery first, then the final one */
				connect_record(gz, i, t0, -500);
				rng = keep;
			}
			connect_record(gz, i, t0, 0);
		}
	}
	if (gzclose(gz) != Z_OK) {
		fprintf(stderr, "%s: write failed\n", out);
		return 1;
	}
	return 0;
}
