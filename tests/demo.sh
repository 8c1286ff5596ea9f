#!/bin/sh
# tests/demo.sh BUILD -- demo (until the nightly stage replaces it):
# ingest the bundled month of example logs (fixtures/logs/2026-10, made by
# build/tools/gen_logs --seed 7 --rows 4000 --per-day) and a hand-written
# file with edge cases and two bad rows into demo-out/state, then print the
# reconciliation; then query metrics, check the example contracts, and
# evaluate every SLA of October with its service credits.
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
echo
echo "== ccsla metrics: ACME service level per channel, whole month, Berlin time"
"$build/ccsla" metrics --state "$out/state" --client ACME --by client,month,channel \
	--tz Europe/Berlin --from 2026-10-01 --to 2026-10-31 | cut -d, -f1-12
echo
echo "== ccsla contract check: the example contracts"
"$build/ccsla" contract check contracts/examples >/dev/null && echo "all example contracts are valid"
echo
echo "== ccsla evaluate: every SLA of every client for 2026-10, and the credits"
rm -rf "$out/out"
"$build/ccsla" evaluate --state "$out/state" --contracts contracts/examples --period 2026-10 --out "$out/out"
erc=$?
for f in "$out"/out/*/2026-10/credits.csv; do
	echo "-- $f"
	cut -d, -f2-3,7,12-15 "$f"
done
[ "$rc" -le 1 ] && [ "$erc" -le 1 ]
