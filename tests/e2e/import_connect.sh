# ccsla ingest --format amazon-connect, then ccsla metrics: the contact
# records of fixtures/connect/ (README there: written from AWS's contact
# record data model): a re-delivery replaces, the same one twice is a
# duplicate, transfers and callbacks, bad records and a cut gzip stream.
. tests/e2e_lib.sh

total_col() { awk -v n="$2" '$1 == "total" { print $n }' "$1"; }
st=$OUT/connect
rm -rf "$st" "$OUT/connect-bad"

"$CCSLA" ingest --state "$st" --format amazon-connect --client ACME fixtures/connect/contacts.json.gz >"$OUT/c1.out" 2>&1
check_eq "twelve deliveries without a bad one: exit 0" 0 $?
check "the importer's reconciliation" grep -q \
	"^amazon-connect: 12 records read = 10 used in 10 contacts + 2 skipped + 0 rejected (reconciled)" "$OUT/c1.out"
check "the earlier delivery of a contact is superseded" grep -q \
	"skipped 1: superseded by a later delivery (same ContactId, later LastUpdateTimestamp)" "$OUT/c1.out"
check_eq "nine contacts accepted" 9 "$(total_col "$OUT/c1.out" 3)"
check_eq "the same delivery twice: one duplicate" 1 "$(total_col "$OUT/c1.out" 5)"
check "ingest's reconciliation holds" grep -q "rows read = accepted + quarantined + duplicates: holds" "$OUT/c1.out"
check "the stored contact is the later delivery (70 s after-contact work)" sh -c "'$BUILD/tools/store_dump' '$st' | grep -q \
	',c0000001-0000-4000-8000-000000000001,ACME,voice,inbound,Support,,2026-10-05T08:00:20.000Z,2026-10-05T08:00:35.000Z,2026-10-05T08:05:00.000Z,answered,265,20,70,anna,0,'"

"$CCSLA" metrics --state "$st" --by client,queue,channel 2>/dev/null | cut -d, -f1-12 >"$OUT/c1.metrics"
# Support inbound: c1 answered after 15 s, c2 abandoned after 80 s, c3
# answered after 7 s (then transferred), c5 took a callback (ignored by
# default): SL 2 / 3 = 66.67 %, abandon rate 1 / 3.
check_eq "Support voice: 4 offered, 2 answered, 1 abandoned, 1 callback" \
	"ACME,Support,voice,4,2,1,0,1,0,2,66.67,33.33" "$(grep '^ACME,Support,voice,' "$OUT/c1.metrics")"
check_eq "Billing voice: the transfer leg, answered after 30 s" \
	"ACME,Billing,voice,1,1,0,0,0,0,0,0.00,0.00" "$(grep '^ACME,Billing,voice,' "$OUT/c1.metrics")"
check_eq "the flow-served call is deflected: not offered" \
	"ACME,default,voice,0,0,0,0,0,0,0,n/a,n/a" "$(grep '^ACME,default,voice,' "$OUT/c1.metrics")"
"$CCSLA" metrics --state "$st" --by client,channel --direction outbound 2>/dev/null | cut -d, -f1-4 >"$OUT/c1.out.metrics"
check_eq "outbound: the callback and the agent's call" "ACME,voice,2,2" "$(grep '^ACME,voice,' "$OUT/c1.out.metrics")"

"$CCSLA" ingest --state "$OUT/connect-bad" --format amazon-connect --client ACME \
	fixtures/connect/bad.json fixtures/connect/truncated.json.gz >"$OUT/c2.out" 2>&1
check_eq "bad records: exit 1" 1 $?
q=$OUT/connect-bad/quarantine/run-000001.csv
check "a missing ContactId" grep -q "^bad.json,1,ContactId,missing field," "$q"
check "a malformed time" grep -q "^bad.json,2,DisconnectTimestamp,malformed time,contact c0000012-0000-4000-8000-000000000012: '2026-10-05 09:01:30' is not an RFC 3339 instant" "$q"
check "an unknown channel" grep -q "^bad.json,3,Channel,unknown channel," "$q"
check "a line cut short" grep -q "^bad.json,4,,JSON syntax error," "$q"
check "a syntax error inside a line" grep -q "^bad.json,6,,JSON syntax error," "$q"
check "the cut gzip stream" grep -q "^truncated.json.gz,3,,truncated input,the gzip stream is cut off or damaged" "$q"
check_eq "the records around the errors are kept (2 + 2)" 4 "$(total_col "$OUT/c2.out" 3)"
check_eq "six quarantined" 6 "$(total_col "$OUT/c2.out" 4)"
check "ingest's reconciliation holds" grep -q "rows read = accepted + quarantined + duplicates: holds" "$OUT/c2.out"
e2e_done
