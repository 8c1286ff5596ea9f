/* crashpoint.h -- deliberate crashes for the crash-safety tests.
 *
 * Every durable step of ccsla (each atomic file commit, each rename of a
 * finished directory) calls crashpoint(). When the environment variable
 * CCSLA_CRASH_AT=k is set, the k-th call kills the process with SIGKILL,
 * exactly as a power cut or `kill -9` would at that point. With
 * CCSLA_CRASH_TRACE=FILE each call appends "n where" to FILE, so a test can
 * count the points of an uninterrupted run and then crash at each of them.
 * Without these variables a crashpoint costs one branch. */
#ifndef CCSLA_CRASHPOINT_H
#define CCSLA_CRASHPOINT_H

void crashpoint(const char *where);

#endif
