# ccsla nightly rebuilds what a night's data touched, and only that: a file
# with one client's rows rebuilds that client's draft alone; a file whose
# rows were all ingested before rebuilds nothing; an edited contract
# rebuilds its client's draft; a final recorded in the ledger rebuilds the
# next month's draft (its history shows the month). A draft kept from an
# earlier night is byte-identical to the one a full rebuild makes.
. tests/e2e_lib.sh

export SOURCE_DATE_EPOCH=1793577600 # 2026-11-02
land="$OUT/landing" state="$OUT/state" out="$OUT/out" contracts="$OUT/contracts"
mkdir -p "$land" "$contracts"
cp contracts/examples/*.yaml "$contracts/"
keys="--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key"
nightly() { "$CCSLA" nightly --landing "$land" --contracts "$contracts" --state "$state" --out "$out" $keys "$@"; }
# what a client's published draft is: its directory and every file's checksum and time
draft_state() { (cd "$out/$1/2026-10" && readlink draft && ls -l --time-style=+%s.%N draft/ && sha256sum draft/*); }

for d in 01 02 03 04 05 06 07 08 09 10; do cp "fixtures/logs/2026-10/2026-10-$d.csv.gz" "$land/"; done
check_exit "nightly on 11 October" 0 nightly --date 2026-10-11 2>"$OUT/run1.log"
for c in ACME BLUEJAY KOALA SUNRISE; do
	check "$c: October draft" test -f "$out/$c/2026-10/draft/report.pdf"
	eval "before_$c=\$(draft_state $c)"
done

# a file with ACME's rows of 11 October only
zcat fixtures/logs/2026-10/2026-10-11.csv.gz | awk -F, 'NR == 1 || $2 == "ACME"' | gzip -n >"$land/2026-10-11-acme.csv.gz"
check_exit "a file with one client's rows" 0 nightly --date 2026-10-12 2>"$OUT/run2.log"
check "it is ingested" grep -q 'event=ingest file=2026-10-11-acme.csv.gz' "$OUT/run2.log"
check "ACME's draft is rebuilt" grep -q 'event=report client=ACME period=2026-10 kind=draft' "$OUT/run2.log"
check_eq "and no other client's (one draft event)" 1 "$(grep -c 'event=report' "$OUT/run2.log")"
for c in BLUEJAY KOALA SUNRISE; do
	eval "was=\$before_$c"
	check_eq "$c: draft untouched (directory, files, times)" "$was" "$(draft_state $c)"
done
after_ACME=$(draft_state ACME)

# the same rows again under another name: all duplicates, nothing changes
zcat "$land/2026-10-11-acme.csv.gz" | gzip -n -1 >"$land/2026-10-11-acme-resent.csv.gz" # other bytes, same rows
check_exit "a re-sent file whose rows are all known" 0 nightly --date 2026-10-12 2>"$OUT/run3.log"
check "it is ingested (its rows are duplicates)" grep -Eq 'event=ingest file=2026-10-11-acme-resent.csv.gz .*accepted=0 ' "$OUT/run3.log"
check "no draft is rebuilt" sh -c "! grep -q 'event=report' '$OUT/run3.log'"
check_eq "ACME's draft untouched" "$after_ACME" "$(draft_state ACME)"

# an edited contract: its client's draft is rebuilt, no other
printf '# edited: a comment changes the file the report cites\n' >>"$contracts/acme-2026.yaml"
check_exit "after ACME's contract file changed" 0 nightly --date 2026-10-12 2>"$OUT/run4.log"
check "ACME's draft is rebuilt" grep -q 'event=report client=ACME period=2026-10 kind=draft' "$OUT/run4.log"
check_eq "and no other" 1 "$(grep -c 'event=report' "$OUT/run4.log")"

# a draft kept from night 1 equals what a full rebuild of the same data makes
# (same signer: the report names its fingerprint)
full="$OUT/full"
mkdir -p "$full/landing"
cp "$land"/*.csv.gz "$full/landing/"
check_exit "a full build of the same files in one night" 0 \
	"$CCSLA" nightly --landing "$full/landing" --contracts "$contracts" --state "$full/state" --out "$full/out" $keys \
	--date 2026-10-12 2>"$OUT/full.log"
for c in BLUEJAY KOALA SUNRISE; do
	for x in report.pdf metrics.csv credits.csv contacts.csv.gz; do
		check "$c: the kept draft's $x equals the full build's" cmp -s "$out/$c/2026-10/draft/$x" "$full/out/$c/2026-10/draft/$x"
	done
done
# ACME's draft was rebuilt on later nights from the figures its earlier
# nights kept (STATE/cache/figures): its figures equal the full build's.
# (Its lineage does not: in one night the re-sent file is ingested first,
# by name, so 11 October's rows come from it.)
for x in metrics.csv credits.csv; do
	check "ACME: the draft built on kept days: its $x equals the full build's" \
		cmp -s "$out/ACME/2026-10/draft/$x" "$full/out/ACME/2026-10/draft/$x"
done
check "ACME: the nights kept its settled days" sh -c "ls '$state/cache/figures/ACME/' | grep -q '^2026-10-0[1-9]\\..*\\.cfd$'"

# October closes: the final is recorded, and November's draft (no new data
# that night) is rebuilt so that its history shows October
zcat fixtures/logs/2026-10/2026-10-31.csv.gz | awk -F, 'NR == 1 || $2 == "KOALA"' | gzip -n >"$land/2026-10-31-koala.csv.gz"
check_exit "nightly on 1 November (Sydney is on 1 November)" 0 nightly --date 2026-11-01 2>"$OUT/run5.log"
check "KOALA: November draft" test -f "$out/KOALA/2026-11/draft/report.pdf"
check_exit "nightly on 3 November: finals" 0 nightly --date 2026-11-03 2>"$OUT/run6.log"
check "KOALA: October final" test -f "$out/KOALA/2026-10/final/report.pdf"
check "KOALA: November draft rebuilt the same night" grep -q 'event=report client=KOALA period=2026-11 kind=draft' "$OUT/run6.log"
pdftotext -layout "$out/KOALA/2026-11/draft/report.pdf" "$OUT/koala-nov.txt" 2>/dev/null
check "its 12-month trend shows October" grep -q "Oct'26" "$OUT/koala-nov.txt"
