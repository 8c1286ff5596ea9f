// tests/bench/duckdb-job.mjs -- issue 22's anchor for ingest + metrics:
// DuckDB's whole CSV -> metrics job over the same gzip CSV, the way a
// team without ccsla would do it: read the file, keep the last row of each
// (client_id, contact_id) (exact duplicates and open-row updates, as ccsla
// ingest does), and compute per client, UTC day and channel (inbound) the
// counts and the main metrics of `ccsla metrics` (service level 20 s with
// abandons against, abandon rate, ASA, nearest-rank p50/p90/p95 waits, max
// wait, AHT, transfer rate, recorded FCR, CSAT). It is a cost anchor, not
// a second implementation: its figures are not compared with ccsla's.
// usage: node duckdb-job.mjs DIR_WITH_NODE_MODULES FILE.csv.gz OUT.csv
// (npm install @duckdb/node-api in DIR; tests/bench/60-scale.sh runs it)
import { createRequire } from 'node:module';
import path from 'node:path';

const [dir, input, output] = process.argv.slice(2);
if (!output) {
	console.error('usage: node duckdb-job.mjs DIR FILE.csv.gz OUT.csv');
	process.exit(2);
}
const require = createRequire(path.resolve(dir) + '/');
const { DuckDBInstance } = require('@duckdb/node-api');
const q = (s) => "'" + s.replaceAll("'", "''") + "'";

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run(`
COPY (
  WITH raw AS (
    SELECT *, row_number() OVER () AS seq
    FROM read_csv(${q(input)}, header = true, all_varchar = true)
  ), last AS (
    SELECT * FROM raw
    QUALIFY row_number() OVER (PARTITION BY client_id, contact_id ORDER BY seq DESC) = 1
  ), c AS (
    SELECT client_id, channel, outcome,
      CAST(arrived_at AS TIMESTAMPTZ) AS arr,
      epoch_ms(CAST(answered_at AS TIMESTAMPTZ)) - epoch_ms(CAST(arrived_at AS TIMESTAMPTZ)) AS w_ms,
      epoch_ms(CAST(ended_at AS TIMESTAMPTZ)) - epoch_ms(CAST(arrived_at AS TIMESTAMPTZ)) AS e_ms,
      CAST(talk_s AS INTEGER) AS talk, CAST(hold_s AS INTEGER) AS hold, CAST(wrap_s AS INTEGER) AS wrap,
      transferred = '1' AS tr, resolved, CAST(csat AS INTEGER) AS csat
    FROM last
    WHERE direction = 'inbound' AND outcome IN ('answered', 'abandoned', 'callback', 'overflow', 'open')
  )
  SELECT client_id, CAST(timezone('UTC', arr) AS DATE) AS day, channel,
    count(*) AS offered,
    count(*) FILTER (outcome = 'answered') AS answered,
    count(*) FILTER (outcome = 'abandoned') AS abandoned,
    100.0 * count(*) FILTER (outcome = 'answered' AND w_ms <= 20000) / count(*) AS service_level_pct,
    100.0 * count(*) FILTER (outcome = 'abandoned') / count(*) AS abandon_rate_pct,
    avg(w_ms) FILTER (outcome = 'answered') / 1000 AS asa_s,
    quantile_disc(w_ms, [0.5, 0.9, 0.95]) FILTER (outcome = 'answered') AS p50_p90_p95_ms,
    max(CASE WHEN outcome = 'answered' THEN w_ms WHEN outcome = 'abandoned' THEN e_ms END) AS max_wait_ms,
    avg(coalesce(talk, 0) + coalesce(hold, 0) + coalesce(wrap, 0))
      FILTER (outcome = 'answered' AND (talk IS NOT NULL OR hold IS NOT NULL OR wrap IS NOT NULL)) AS aht_s,
    100.0 * count(*) FILTER (outcome = 'answered' AND tr) / nullif(count(*) FILTER (outcome = 'answered'), 0) AS transfer_rate_pct,
    100.0 * count(*) FILTER (outcome = 'answered' AND resolved = '1')
      / nullif(count(*) FILTER (outcome = 'answered' AND resolved IN ('0', '1')), 0) AS fcr_pct,
    avg(csat) FILTER (csat IS NOT NULL) AS csat_avg
  FROM c GROUP BY ALL ORDER BY ALL
) TO ${q(output)} (HEADER)`);
conn.closeSync?.();
