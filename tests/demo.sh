#!/bin/sh
# tests/demo.sh BUILD -- interim demo (until the nightly stage replaces it):
# ingest the bundled month of example logs (fixtures/logs/2026-10, made by
# build/tools/gen_logs --seed 7 --rows 4000 --per-day) and a hand-written
# file with edge cases and two bad rows into demo-out/state, then print the
# reconciliation and where the outputs are.
build=${1:-build}
out=demo-out
rm -rf "$out/state"
mkdir -p "$out"
gzip -n -c fixtures/logs/handwritten/edge.csv >"$out/edge.csv.gz"
echo "== ccsla ingest: the demo month 2026-10 (ACME, BLUEJAY, KOALA, SUNRISE) and edge cases"
"$build/ccsla" ingest --state "$out/state" fixtures/logs/2026-10 "$out/edge.csv.gz"
rc=$?
echo "(exit $rc: 1 means rows were quarantined, as the edge-case file intends)"
echo
echo "== quarantined rows ($out/state/quarantine/)"
cat "$out"/state/quarantine/*.csv
echo
echo "== record store partitions per client"
for c in "$out"/state/store/*; do
	printf '%-10s %3d days\n' "$(basename "$c")" "$(ls "$c" | wc -l)"
done
echo
echo "== ingest again: every file is already registered, nothing changes"
"$build/ccsla" ingest --state "$out/state" fixtures/logs/2026-10 "$out/edge.csv.gz" 2>&1 | tail -n 3
[ "$rc" -le 1 ]
