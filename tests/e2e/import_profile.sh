# ccsla ingest --profile FILE, then ccsla metrics: the shipped NICE CXone
# and generic profiles on their test exports (fixtures/profiles/), rows the
# profile cannot map quarantined with the source column, and a mistake in a
# profile refused as a usage error with its line and column.
. tests/e2e_lib.sh

total_col() { awk -v n="$2" '$1 == "total" { print $n }' "$1"; }
st=$OUT/profile
rm -rf "$st" "$OUT/profile-generic"

"$CCSLA" ingest --state "$st" --profile fixtures/profiles/nice-cxone.yaml --client ACME \
	fixtures/profiles/nice-cxone-export.csv >"$OUT/p1.out" 2>&1
check_eq "four rows the profile cannot map: exit 1" 1 $?
check "the profile's reconciliation" grep -q \
	"^profile: 8 rows read = 4 used in 4 contacts + 0 skipped + 4 rejected (reconciled)" "$OUT/p1.out"
check_eq "four contacts accepted" 4 "$(total_col "$OUT/p1.out" 3)"
q=$st/quarantine/run-000001.csv
check "the DST-gap start is quarantined with its column" \
	grep -q "^nice-cxone-export.csv,6,Start_Date,local time that does not exist (DST gap)," "$q"
check "an unmapped media type" grep -q "^nice-cxone-export.csv,7,Media_Name,value not in the profile's map," "$q"
check "a day-month swap is a malformed time" grep -q "^nice-cxone-export.csv,8,Start_Date,malformed time," "$q"
check "an empty Contact_ID breaks the canonical rule" grep -q "^nice-cxone-export.csv,9,contact_id,missing required field," "$q"
check "ingest's reconciliation holds" grep -q "rows read = accepted + quarantined + duplicates: holds" "$OUT/p1.out"
"$CCSLA" metrics --state "$st" --by client,queue,channel 2>/dev/null | cut -d, -f1-12 >"$OUT/p1.metrics"
# Köln voice: 100001 answered after 20 s in queue (within 20 s), 100002
# abandoned after 45 s, 100003 abandoned before the queue (deflected).
check_eq "the Windows-1252 skill name arrives as UTF-8, with its figures" \
	"ACME,Kundendienst Köln,voice,2,1,1,0,0,0,1,50.00,50.00" "$(grep '^ACME,Kundendienst K' "$OUT/p1.metrics")"
check_eq "Vertrieb chat: left the skill without an agent (overflow)" \
	"ACME,Vertrieb,chat,1,0,0,0,0,1,0,0.00,0.00" "$(grep '^ACME,Vertrieb,chat,' "$OUT/p1.metrics")"

"$CCSLA" ingest --state "$OUT/profile-generic" --profile fixtures/profiles/generic.yaml \
	fixtures/profiles/generic-export.csv >"$OUT/p2.out" 2>&1
check_eq "the generic profile: 4 contacts" 4 "$(total_col "$OUT/p2.out" 3)"
check "its skip rule is counted" grep -q "skipped 1: skipped by the profile's skip rules" "$OUT/p2.out"

printf 'ccsla_profile: 1\nname: x\nfields:\n  contact_id: A\n  chanel: { value: voice }\n' >"$OUT/bad.yaml"
"$CCSLA" ingest --state "$OUT/x" --profile "$OUT/bad.yaml" fixtures/profiles/generic-export.csv >"$OUT/p3.out" 2>&1
check_eq "a mistake in the profile is a usage error" 2 $?
check "it names line and column, and the key meant" grep -qF \
	"bad.yaml:5:3: fields: 'chanel' is not a canonical column, did you mean 'channel'?" "$OUT/p3.out"
check_exit "--profile with --format asterisk is a usage error" 2 \
	"$CCSLA" ingest --state "$OUT/x" --profile fixtures/profiles/generic.yaml --format asterisk fixtures/profiles/generic-export.csv 2>/dev/null
"$CCSLA" convert --profile fixtures/profiles/nice-cxone.yaml fixtures/profiles/nice-cxone-export.csv --out "$OUT/n.csv.gz" >"$OUT/p4.out" 2>&1
check_eq "convert: a profile without client_id needs --client" 2 $?
# Two exports, one lacking a column the profile needs (Hold): that file is
# damaged (exit 1, rows read 0, the column and the profile line named),
# the other is ingested, as ingest treats a canonical log whose header
# lacks a required column; convert, one output for all files, stops.
cut -d';' -f1-10,12- fixtures/profiles/generic-export.csv >"$OUT/no-hold.csv"
st3=$OUT/profile-two
rm -rf "$st3"
"$CCSLA" ingest --state "$st3" --profile fixtures/profiles/generic.yaml \
	"$OUT/no-hold.csv" fixtures/profiles/generic-export.csv >"$OUT/p5.out" 2>"$OUT/p5.err"
check_eq "two exports, one lacking a column: exit 1 (data problem), not 3" 1 $?
check "the file lacking it is named with the column and the profile's line" grep -qF \
	"no-hold.csv: damaged: the file has no column 'Hold', which the profile fixtures/profiles/generic.yaml:29:11 needs at line 2" "$OUT/p5.err"
check_eq "it is DAMAGED with no row read" "0 DAMAGED" \
	"$(awk '$1 == "no-hold.csv" { print $2, $7 }' "$OUT/p5.out")"
check_eq "the other export's 4 contacts are accepted" "4" \
	"$(awk '$1 == "generic-export.csv" { print $3 }' "$OUT/p5.out")"
check "the summary says damaged, with the reason" grep -q '"damage": "the file has no column .Hold.' \
	"$st3"/ingest/summary-000001.json
check "the registry flags it" sh -c "grep -F 'no-hold.csv' '$st3/ingest/registry.tsv' | grep -q 'no column'"
"$CCSLA" metrics --state "$st3" --by client,queue 2>/dev/null | cut -d, -f1-4 >"$OUT/p5.metrics"
check_eq "ccsla metrics counts the good export: Support offered 2" "ACME,Support,2" \
	"$(grep '^ACME,Support,' "$OUT/p5.metrics" | cut -d, -f1-3)"
"$CCSLA" convert --profile fixtures/profiles/generic.yaml "$OUT/no-hold.csv" fixtures/profiles/generic-export.csv \
	--out "$OUT/two.csv.gz" >/dev/null 2>"$OUT/p6.err"
check_eq "convert with a file lacking a column stops (exit 3)" 3 $?
check "convert writes nothing then" test ! -e "$OUT/two.csv.gz"
# Cisco UCCX: ContactQueueDetail legs joined with ContactCallDetail
# (fixtures/profiles/cisco-uccx.yaml cites the schema). Dispositions 1
# abandoned, 2 handled, 3-5 overflow; an aborted leg (contactDisposition 4)
# skipped; an unknown disposition and a malformed time quarantined.
st4=$OUT/profile-uccx
rm -rf "$st4"
"$CCSLA" ingest --state "$st4" --profile fixtures/profiles/cisco-uccx.yaml --client ACME \
	fixtures/profiles/cisco-uccx-export.csv >"$OUT/p7.out" 2>&1
check_eq "uccx: two rows quarantined, exit 1" 1 $?
check "uccx: the profile's reconciliation" grep -q \
	"^profile: 10 rows read = 7 used in 7 contacts + 1 skipped + 2 rejected (reconciled)" "$OUT/p7.out"
check "uccx: the aborted leg is skipped by the rule" grep -q "skipped 1: skipped by the profile's skip rules" "$OUT/p7.out"
check "uccx: outcomes" grep -q "^contacts: answered 3 abandoned 1 callback 0 deflected 0 overflow 3 open 0" "$OUT/p7.out"
q=$st4/quarantine/run-000001.csv
check "uccx: a disposition the schema does not list is quarantined with its column" \
	grep -q "^cisco-uccx-export.csv,10,disposition,value not in the profile's map," "$q"
check "uccx: a local date is a malformed time" grep -q "^cisco-uccx-export.csv,11,startDateTime,malformed time," "$q"
"$CCSLA" metrics --state "$st4" --by client,queue 2>/dev/null | cut -d, -f1-12 >"$OUT/p7.metrics"
# Support: 7001 answered after 12 s, 7002 after 45 s, 7003 abandoned, the
# second leg of 7006 answered after 5 s: SL20 2 of 4, ASA (12+45+5)/3.
check_eq "uccx metrics: Support" "ACME,Support,4,3,1,0,0,0,2,50.00,25.00,20.667" \
	"$(grep '^ACME,Support,' "$OUT/p7.metrics")"
check_eq "uccx metrics: Billing, dequeued / by script / by another CSQ are overflow" \
	"ACME,Billing,3,0,0,0,0,3,0,0.00,0.00,n/a" "$(grep '^ACME,Billing,' "$OUT/p7.metrics")"
e2e_done
