#!/bin/sh
# tests/bench.sh BUILD -- run every tests/bench/*.sh in name order. Each
# prints its figures; inputs are generated once into bench-data/ (cached).
build=${1:-build}
mkdir -p bench-data
for b in tests/bench/*.sh; do
	[ -f "$b" ] || continue
	CCSLA="$build/ccsla" BUILD="$build" DATA=bench-data sh "$b" || exit 1
done
