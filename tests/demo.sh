#!/bin/sh
# tests/demo.sh BUILD -- the demo: October 2026 of the four example clients
# (ACME Berlin, BLUEJAY New York, KOALA Sydney, SUNRISE Kolkata), run the
# way operations run it. Each day's log (fixtures/logs/2026-10, made by
# build/tools/gen_logs --seed 7 --rows 4000 --per-day) lands the morning
# after, with the day's operations logs (fixtures/opslogs/demo-2026-10, made
# by the same gen_logs command with --ops: agent states, complaint cases as
# they moved on, outages, quality evaluations); `ccsla nightly` runs every
# day from 1 October to 2 November:
# month-to-date drafts every night, the signed finals once October has
# closed (2 days after its last local day). Signed with the TEST ONLY keys
# of fixtures/keys. Then `ccsla verify --recompute` checks one final report
# and recomputes its figures from its attachments.
build=${1:-build}
ccsla="$build/ccsla"
demo=demo-out
keys="--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --chain fixtures/keys/test-leaf-chain.pem --allow-insecure-key --pseudonym-key fixtures/keys/test-pseudonym.key"
rm -rf "$demo"
mkdir -p "$demo/landing"
# KOALA's hourly voice forecast for October, delivered in September
# (fixtures/opslogs/forecast-koala-2026-10.csv): relief and forecast accuracy
gzip -c fixtures/opslogs/forecast-koala-2026-10.csv >"$demo/landing/forecast-koala-2026-10.csv.gz"
# the operations logs of the month (fixtures/opslogs/demo-2026-10/README.md:
# what gen_logs wrote, less its forecast for KOALA, which has the one above):
# the month's forecasts of the other clients, published in September, land
# before the first night; the re-forecast of the 15th and the daily logs
# the morning after their day
ops=fixtures/opslogs/demo-2026-10
cp -p "$ops"/forecast-*-2026-10.csv.gz "$demo/landing/"
echo "== ccsla nightly, every day from 2026-10-01 to 2026-11-02 (logs: $demo/nightly.log)"
day=2026-10-01
while :; do
	prev=$(date -u -d "$day -1 day" +%F)
	[ -f "fixtures/logs/2026-10/$prev.csv.gz" ] && cp -p "fixtures/logs/2026-10/$prev.csv.gz" "$demo/landing/"
	for f in "$ops"/*-"$prev".csv.gz; do [ -f "$f" ] && cp -p "$f" "$demo/landing/"; done
	"$ccsla" nightly --landing "$demo/landing" --contracts contracts/examples --state "$demo/state" \
		--out "$demo/out" --date "$day" $keys 2>"$demo/run.log"
	rc=$?
	cat "$demo/run.log" >>"$demo/nightly.log"
	printf '%s  exit %d  ingested %d file(s)  drafts %d  finals %d  revisions %d\n' "$day" "$rc" \
		"$(grep -c 'event=ingest' "$demo/run.log")" "$(grep -c 'kind=draft' "$demo/run.log")" \
		"$(grep -c 'kind=final ' "$demo/run.log")" "$(grep -c 'kind=revision' "$demo/run.log")"
	[ "$rc" -le 1 ] || { cat "$demo/run.log"; exit 1; }
	[ "$day" = 2026-11-02 ] && break
	day=$(date -u -d "$day +1 day" +%F)
done
echo
echo "== the signed final reports of October (and their exports)"
find "$demo/out" -path '*/2026-10/final/*' -type f | sort
echo
echo "== the month-to-date drafts of November"
find -L "$demo/out" -path '*/2026-11/draft/report.pdf' | sort
echo
echo "== credits due for October (final/credits.csv, net line)"
for f in "$demo"/out/*/2026-10/final/credits.csv; do
	printf '%-8s %s\n' "$(basename "$(dirname "$(dirname "$(dirname "$f")")")")" \
		"$(awk -F, '$2 == "net" { print $14 " " $15 }' "$f")"
done
echo
echo "== ccsla verify: ACME's October report, against the TEST ONLY CA"
"$ccsla" verify --ca fixtures/keys/test-ca.pem --recompute "$demo/out/ACME/2026-10/final/report.pdf" |
	grep -v -e '^  match     metrics.csv \(channel\|experience\) '
