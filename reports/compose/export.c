/* export.c -- writes manifest.json from the report model (see export.h).
 * Keys, in order: format, client, period, contract{id,version,file,sha256},
 * report_id, status, software, data_watermark,
 * reconciliation{read,accepted,quarantined,duplicates},
 * quarantine_reasons[{reason,rows}], inputs[{name,sha256,rows,accepted,
 * quarantined,duplicates,client_rows,evidence_rows,evidence_sha256,log}],
 * evidence{contacts,pseudonyms}, attachments[names].
 *
 * An input's evidence_sha256 is the SHA-256 of the lines of contacts.csv.gz
 * (each with its LF) whose source_file is that input, in file order: the
 * client's own rows of it, checkable without seeing other clients' rows.
 * log: "interactions", or "outage", "quality", "forecast" or "complaint" for an operations log whose
 * rows are attached in outages.csv, quality.csv, forecast.csv or complaints.csv (client_rows counts them;
 * evidence_rows is 0). */
#include <string.h>

#include "core/fsutil.h"
#include "core/jsonw.h"
#include "export.h"

static const char *s(const char *p)
{
	return p ? p : "";
}

int export_manifest_json(const struct report_model *m, const char *path, struct ccsla_error *err)
{
	struct atomic_file af;
	struct jsonw j;
	size_t i;

	if (atomic_open(&af, path, err) < 0)
		return -1;
	jsonw_init(&j, af.fp);
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "format", "ccsla-manifest-1");
	jsonw_kv_string(&j, "client", s(m->client_id));
	jsonw_kv_string(&j, "period", s(m->period));
	jsonw_key(&j, "contract");
	jsonw_object_begin(&j);
	jsonw_kv_string(&j, "id", s(m->contract_id));
	jsonw_kv_string(&j, "version", s(m->contract_version));
	jsonw_kv_string(&j, "file", s(m->contract_file));
	jsonw_kv_string(&j, "sha256", s(m->contract_sha256));
	jsonw_object_end(&j);
	jsonw_kv_string(&j, "report_id", s(m->report_id));
	jsonw_kv_string(&j, "status", m->status == REPORT_DRAFT ? "draft" : m->status == REPORT_REVISION ? "revision" : "final");
	jsonw_kv_string(&j, "software", s(m->software_version));
	jsonw_kv_string(&j, "data_watermark", s(m->watermark));
	jsonw_key(&j, "reconciliation");
	jsonw_object_begin(&j);
	jsonw_kv_int(&j, "read", m->rows_read);
	jsonw_kv_int(&j, "accepted", m->rows_accepted);
	jsonw_kv_int(&j, "quarantined", m->rows_quarantined);
	jsonw_kv_int(&j, "duplicates", m->rows_duplicates);
	jsonw_object_end(&j);
	jsonw_key(&j, "quarantine_reasons");
	jsonw_array_begin(&j);
	for (i = 0; i < m->n_reasons; i++) {
		jsonw_object_begin(&j);
		jsonw_kv_string(&j, "reason", s(m->reasons[i].reason));
		jsonw_kv_int(&j, "rows", m->reasons[i].count);
		jsonw_object_end(&j);
	}
	jsonw_array_end(&j);
	jsonw_key(&j, "inputs");
	jsonw_array_begin(&j);
	for (i = 0; i < m->n_inputs; i++) {
		const struct report_input *in = &m->inputs[i];

		jsonw_object_begin(&j);
		jsonw_kv_string(&j, "name", s(in->name));
		jsonw_kv_string(&j, "sha256", s(in->sha256));
		jsonw_kv_int(&j, "rows", in->rows);
		jsonw_kv_int(&j, "accepted", in->accepted);
		jsonw_kv_int(&j, "quarantined", in->quarantined);
		jsonw_kv_int(&j, "duplicates", in->duplicates);
		jsonw_kv_int(&j, "client_rows", in->client_rows);
		jsonw_kv_int(&j, "evidence_rows", in->evidence_rows);
		jsonw_kv_string(&j, "evidence_sha256", s(in->evidence_sha256));
		jsonw_kv_string(&j, "log", in->log ? in->log : "interactions");
		jsonw_object_end(&j);
	}
	jsonw_array_end(&j);
	jsonw_key(&j, "evidence");
	jsonw_object_begin(&j);
	jsonw_kv_int(&j, "contacts", m->evidence_contacts);
	jsonw_kv_string(&j, "pseudonyms", m->pseudonyms ? "hmac-sha256" : "withheld");
	jsonw_object_end(&j);
	jsonw_key(&j, "attachments");
	jsonw_array_begin(&j);
	for (i = 0; i < m->n_attachments; i++) {
		const char *b = strrchr(m->attachments[i], '/');

		jsonw_string(&j, b ? b + 1 : m->attachments[i]);
	}
	jsonw_array_end(&j);
	jsonw_object_end(&j);
	if (jsonw_finish(&j) < 0) {
		atomic_abort(&af);
		return ccsla_error_set(err, path, 0, NULL, "cannot write: i/o error");
	}
	return atomic_commit(&af, err);
}
