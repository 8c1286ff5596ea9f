/* contract_forecast.h -- the contract loader's part for `forecast:` under
 * contract:, and `relief:` and `owed_by:` of an SLA (contracts.md v2;
 * contract_forecast.c). Called by contract.c on the YAML tree it has
 * built; problems go to d as "file:line:column: message" like every other. */
#ifndef CCSLA_CONTRACT_FORECAST_H
#define CCSLA_CONTRACT_FORECAST_H

#include <stdio.h>
#include <yaml.h>

#include "contract.h"

/* The keys of forecast: and staffing:, NULL-ended; contract.c checks a
 * mapping's keys (unknown, misspelt, repeated) before the loaders read it. */
extern const char *const contract_forecast_keys[];
extern const char *const contract_staffing_keys[];

/* forecast: { lock_days, tolerance_pct, interval_min } (node NULL: absent). */
void contract_forecast_load(struct contract *c, yaml_document_t *doc, yaml_node_t *node,
                            const char *path, struct contract_diags *d);
/* staffing: { criterion: sl | asa | pwait, model: erlang-c | erlang-a,
 * target } (node NULL: absent; contracts.md v2 "Staffing view"). asa and
 * pwait need a target (seconds; a probability above 0 and below 1); sl
 * without one takes each channel's service-level SLA. */
void contract_staffing_load(struct contract *c, yaml_document_t *doc, yaml_node_t *node,
                            const char *path, struct contract_diags *d);
/* Reads owed_by and relief of SLA node n; call before 'kind' (an
 * obligation of the client needs none: contract_forecast_kind_required). */
void contract_forecast_sla(struct sla *s, yaml_document_t *doc, yaml_node_t *n, const char *path,
                           struct contract_diags *d);
/* After the whole SLA is loaded: an obligation of the client that carries
 * credits or relief; relief without the contract's tolerance, or on a
 * metric not measured from contacts. */
void contract_forecast_check_sla(const struct contract *c, const struct sla *s, yaml_document_t *doc,
                                 yaml_node_t *n, const char *path, struct contract_diags *d);
/* The `ccsla contract check` summary: the contract's forecast: line, and
 * an SLA's owed_by / relief line (nothing when neither is set). */
void contract_forecast_print(const struct contract *c, FILE *fp);
void contract_staffing_print(const struct contract *c, FILE *fp);
void contract_forecast_print_sla(const struct contract *c, const struct sla *s, FILE *fp);

#endif
