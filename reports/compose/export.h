/* export.h -- manifest.json, the machine-readable lineage attached to the
 * report: inputs with SHA-256 and row counts, the reconciliation, quarantine
 * reasons, contract file and hash, software version. */
#ifndef CCSLA_EXPORT_H
#define CCSLA_EXPORT_H

#include "core/error.h"
#include "report_model.h"

/* Writes the manifest of m to path atomically; same model -> same bytes. */
int export_manifest_json(const struct report_model *m, const char *path, struct ccsla_error *err);

#endif
