/* adapter_ingest.h -- `ccsla ingest --format NAME`: an adapter's contacts
 * go straight into an ingest run (pipeline/ingest/ingest.h), with no canonical
 * file in between. Each contact is one ingest_accept, each rejected record
 * one ingest_reject (quarantined with its file, line and reason); records
 * the adapter skips (PHANTOM rows, member events) are counted in the
 * adapter's own reconciliation, which is printed. */
#ifndef CCSLA_ADAPTER_INGEST_H
#define CCSLA_ADAPTER_INGEST_H

#include <stddef.h>
#include <stdio.h>

#include "ingest/ingest.h"
#include "adapter.h"

/* Converts paths[0..n) (already added to run as files file_no[i]) with
 * the adapter, into run. Prints the adapter's reconciliation to out.
 * -1 when the adapter could not do its work or the run failed. */
int adapter_ingest(struct ingest_run *run, const struct adapter *a, const struct adapter_opts *opts,
                   char *const *paths, const size_t *file_no, int n, FILE *out, struct ccsla_error *err);

#endif
