# ccsla nightly: drafts, signed finals, idempotence, the lock, late data
# and revisions, month close in each contract's time zone, config files,
# unreadable and still-being-written landing files.
. tests/e2e_lib.sh

export SOURCE_DATE_EPOCH=1793577600 # 2026-11-02
keys="--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key"
land="$OUT/landing" state="$OUT/state" out="$OUT/out"
mkdir -p "$land"
nightly() { "$CCSLA" nightly --landing "$land" --contracts contracts/examples --state "$state" --out "$out" $keys "$@"; }
# every visible file under out/ except run manifests, with its checksum
snapshot() { (cd "$1" && find -L . -type f -not -path './runs/*' -not -path '*/.*' | sort | xargs sha256sum); }

# October's days 1..30 land; the run on 31 October makes month-to-date drafts
for f in fixtures/logs/2026-10/2026-10-[0-2]?.csv.gz fixtures/logs/2026-10/2026-10-30.csv.gz; do cp "$f" "$land/"; done
check_exit "nightly on 31 October" 0 nightly --date 2026-10-31 2>"$OUT/run1.log"
check "it logs one key=value line per ingested file" grep -Eq '^ccsla event=ingest file=2026-10-15.csv.gz rows=[0-9]+ accepted=[0-9]+ quarantined=0 duplicates=[0-9]+ damaged=no$' "$OUT/run1.log"
for c in ACME BLUEJAY KOALA SUNRISE; do
	check "$c: October draft is published" test -f "$out/$c/2026-10/draft/report.pdf"
	check "$c: no final before the month closes" test ! -e "$out/$c/2026-10/final"
done
pdftotext "$out/ACME/2026-10/draft/report.pdf" "$OUT/draft.txt" 2>/dev/null
check "the draft carries the DRAFT mark" grep -q DRAFT "$OUT/draft.txt"
check "a run manifest is written" test "$(ls "$out/runs" | wc -l)" -eq 1

# idempotence: nothing new, nothing written but a run manifest
before=$(snapshot "$out"; ls -l --time-style=+%s.%N "$out"/*/2026-10/draft/ "$state/nightly"/*/*)
check_exit "the same night again" 0 nightly --date 2026-10-31 2>"$OUT/run2.log"
after=$(snapshot "$out"; ls -l --time-style=+%s.%N "$out"/*/2026-10/draft/ "$state/nightly"/*/*)
check_eq "a second run writes nothing but its run manifest" "$before" "$after"
check "the second run ingests nothing" sh -c "! grep -q 'event=ingest' '$OUT/run2.log'"
check "and produces no report" sh -c "! grep -q 'event=report' '$OUT/run2.log'"
check "two run manifests now" test "$(ls "$out/runs" | wc -l)" -eq 2

# month close in the contract's zone: 2026-11-01 13:30 UTC is 2 November
# 00:30 in Sydney (AEDT, +11) but 1 November 09:30 in New York
cp fixtures/logs/2026-10/2026-10-31.csv.gz "$land/"
check_exit "nightly at 2026-11-01T13:30Z" 0 nightly --now 2026-11-01T13:30:00Z 2>"$OUT/run3.log"
check "KOALA (Sydney) October is final" test -f "$out/KOALA/2026-10/final/report.pdf"
check "BLUEJAY (New York) October is not final yet" test ! -e "$out/BLUEJAY/2026-10/final"
check "BLUEJAY keeps its October draft" test -f "$out/BLUEJAY/2026-10/draft/report.pdf"
check "KOALA's superseded draft is gone" test ! -e "$out/KOALA/2026-10/draft"
check "KOALA's October is in the ledger" test -s "$state/ledger/KOALA/2026-10.txt"
check_eq "with the final's issue instant, its signing time (report_on_time)" "issued	2026-11-02T00:00:00.000Z" \
	"$(grep '^issued' "$state/ledger/KOALA/2026-10.txt")"
check_exit "nightly on 2 November" 0 nightly --date 2026-11-02 2>"$OUT/run4.log"
for c in ACME BLUEJAY SUNRISE; do
	check "$c: October final on 2 November" test -f "$out/$c/2026-10/final/report.pdf"
done
check "KOALA's final is not issued twice" sh -c "! grep -q 'client=KOALA period=2026-10 kind=final' '$OUT/run4.log'"
f="$out/ACME/2026-10/final"
check "the final is signed and verifies against the test CA" "$CCSLA" verify --ca fixtures/keys/test-ca.pem "$f/report.pdf"
pdfsig "$f/report.pdf" >"$OUT/pdfsig.txt" 2>/dev/null
check "pdfsig: signature valid, whole document signed" sh -c "grep -q 'Signature is Valid' '$OUT/pdfsig.txt' && grep -q 'Total document signed' '$OUT/pdfsig.txt'"
for x in metrics.csv credits.csv manifest.json; do
	check "final/$x is published beside the report" test -s "$f/$x"
done
mkdir -p "$OUT/detach"
pdfdetach -saveall -o "$OUT/detach" "$f/report.pdf" 2>/dev/null
check "the attached credits.csv is the one beside the report" cmp -s "$f/credits.csv" "$OUT/detach/credits.csv"
check "ACME: November draft started" test -f "$out/ACME/2026-11/draft/report.pdf"

# late data for a closed month: revision 1, then nothing, then revision 2
cp -R "$f" "$OUT/final-copy"
gzip -n -c fixtures/logs/late/2026-10-20-late-1.csv >"$land/2026-10-20-late-1.csv.gz"
check_exit "a late file for October" 0 nightly --date 2026-11-05 2>"$OUT/run5.log"
r1="$out/ACME/2026-10/revision-1"
check "revision-1 is issued for ACME" test -f "$r1/report.pdf"
check "no revision for clients whose figures did not change" test ! -e "$out/BLUEJAY/2026-10/revision-1"
check "the final is untouched" diff -r "$OUT/final-copy" "$f"
pdftotext -layout "$r1/report.pdf" "$OUT/r1.txt" 2>/dev/null
check "the revision is marked REVISION 1" grep -q "REVISION 1" "$OUT/r1.txt"
check "it names the reason: the late file" grep -q "late data: 2026-10-20-late-1.csv.gz (20 records)" "$OUT/r1.txt"
old=$(awk -F, '$2 == "sla" && $3 == "SL-VOICE" && $4 == "month" { print $6 }' "$f/metrics.csv")
new=$(awk -F, '$2 == "sla" && $3 == "SL-VOICE" && $4 == "month" { print $6 }' "$r1/metrics.csv")
check "SL-VOICE changed ($old -> $new)" test "$old" != "$new"
check "it lists SL-VOICE old -> new" grep -Eq "SL-VOICE 2026-10 service_level_pct +$old +$new" "$OUT/r1.txt"
check "offered went up by the 20 late calls" grep -Eq "SL-VOICE 2026-10 offered +([0-9]+) +([0-9]+)" "$OUT/r1.txt"
check_eq "adjustments.csv has the finance columns" "period,revision,line,final_amount,revised_amount,adjustment,currency" \
	"$(head -n 1 "$r1/adjustments.csv")"
check "adjustments.csv carries the net line's delta from the final" \
	grep -Eq '^2026-10,1,net due,[0-9.]+,[0-9.]+,[-+]?[0-9.]+,EUR$' "$r1/adjustments.csv"
check "the revision verifies" "$CCSLA" verify --ca fixtures/keys/test-ca.pem "$r1/report.pdf"
gzip -n -c fixtures/logs/late/2026-10-20-late-1.csv >"$land/same-file-again.csv.gz"
check_exit "the same late file again, under another name" 0 nightly --date 2026-11-06 2>"$OUT/run6.log"
check "it issues nothing" test ! -e "$out/ACME/2026-10/revision-2"
check "and says the file was already ingested" grep -q '"status": "already ingested"' "$(ls -d "$out"/runs/* | tail -n 1)"
gzip -n -c fixtures/logs/late/2026-10-21-late-2.csv >"$land/2026-10-21-late-2.csv.gz"
check_exit "a second late file" 0 nightly --date 2026-11-07 2>"$OUT/run7.log"
r2="$out/ACME/2026-10/revision-2"
check "revision-2 is issued" test -f "$r2/report.pdf"
pdftotext -layout "$r2/report.pdf" "$OUT/r2.txt" 2>/dev/null
check "revision 2 corrects revision 1" grep -q "corrects report ACME-2026-10-R1-" "$OUT/r2.txt"
check "revision 1 is untouched" test -f "$r1/report.pdf"
# credit deltas add up: net revised - net final = adjustment
check "revision 2's adjustment lines are revised - final" awk -F, 'NR > 1 {
	split($4, a, "."); split($5, b, "."); split($6, d, ".")
	f = a[1] * 100 + (a[1] < 0 ? -a[2] : a[2]); r = b[1] * 100 + (b[1] < 0 ? -b[2] : b[2])
	x = d[1] * 100 + ((d[1] < 0 || substr($6, 1, 1) == "-") ? -d[2] : d[2])
	if (r - f != x) bad = 1 } END { exit bad }' "$r2/adjustments.csv"

# the lock: a second run while one holds it exits 4 at once
exec 9>"$state/lock"
flock -n 9
check_exit "a run while another holds the lock exits 4" 4 nightly --date 2026-11-07 2>"$OUT/locked.log"
check "and says so" grep -q "event=locked" "$OUT/locked.log"
exec 9>&-
check_exit "once the lock is free the run goes ahead" 0 nightly --date 2026-11-07 2>/dev/null

# a config file; flags win
cat >"$OUT/nightly.conf" <<EOF
# test configuration
landing = $land
contracts = contracts/examples
state = $state
out = $out
close-after-days = 2
EOF
check_exit "options from --config" 0 "$CCSLA" nightly --config "$OUT/nightly.conf" --date 2026-11-07 $keys
printf 'landing = x\nclose-afterdays = 3\n' >"$OUT/bad.conf"
check_exit "an unknown key in the config file is a usage error" 2 "$CCSLA" nightly --config "$OUT/bad.conf"
"$CCSLA" nightly --config "$OUT/bad.conf" 2>"$OUT/bad.txt"
check "it names file, line and the nearest key" grep -q "bad.conf:2.*close-afterdays.*close-after-days" "$OUT/bad.txt"
check_exit "--date and --now together are a usage error" 2 nightly --date 2026-11-07 --now 2026-11-07T00:00:00Z
check_exit "a bad --date is a usage error" 2 nightly --date 2026-11-31

# a damaged file is reported and left in place; the run goes on
printf 'not gzip at all' >"$land/2026-11-01-broken.csv.gz"
check_exit "a damaged landing file: exit 1, the rest is done" 1 nightly --date 2026-11-08 2>"$OUT/run8.log"
check "it is reported with what is wrong and where" \
	grep -q 'event=ingest file=2026-11-01-broken.csv.gz rows=0 accepted=0 quarantined=0 duplicates=0 damaged="not a gzip file at byte 0"' "$OUT/run8.log"
check "and left in place" test -f "$land/2026-11-01-broken.csv.gz"
rm -f "$land/2026-11-01-broken.csv.gz"

# a file still being written (modified within --settle-seconds) waits
gzip -n -c fixtures/logs/handwritten/edge.csv >"$land/2026-11-02-fresh.csv.gz"
check_exit "a fresh file with --settle-seconds 3600" 0 nightly --date 2026-11-08 --settle-seconds 3600 2>"$OUT/run9.log"
check "it is skipped until the next run" grep -q 'event=skip file=2026-11-02-fresh.csv.gz reason="still being written' "$OUT/run9.log"
check "and not ingested" sh -c "! grep -q 'event=ingest' '$OUT/run9.log'"
rm -f "$land/2026-11-02-fresh.csv.gz"

# without a key a due final is not issued (an unsigned final would be final forever)
mkdir -p "$OUT/s2"
cp fixtures/logs/2026-10/2026-10-31.csv.gz "$OUT/s2/"
check_exit "no key: a due final is reported, exit 1" 1 "$CCSLA" nightly --landing "$OUT/s2" --contracts contracts/examples \
	--state "$OUT/s2state" --out "$OUT/s2out" --date 2026-11-03 2>"$OUT/nokey.log"
check "it says no final was issued" grep -q "kind=final-due" "$OUT/nokey.log"
e2e_done
