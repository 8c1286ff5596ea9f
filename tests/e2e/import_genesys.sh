# ccsla ingest --format genesys-cloud, then ccsla metrics: the scenarios of
# fixtures/genesys/ (abandon, overflow to a second queue, an open e-mail
# replaced when the conversation comes back ended), bad rows quarantined
# with their line and field, and the vendor samples of fixtures/realdata/genesys/.
. tests/e2e_lib.sh

total_col() { awk -v n="$2" '$1 == "total" { print $n }' "$1"; }
map=fixtures/genesys/queues.map
st=$OUT/genesys

rm -rf "$st" "$OUT/genesys-real" "$OUT/x"
"$CCSLA" ingest --state "$st" --format genesys-cloud --queue-map $map fixtures/genesys/conversations.jsonl \
	>"$OUT/g1.out" 2>&1
check_eq "five conversations without a bad one: exit 0" 0 $?
check "the importer's reconciliation counts conversations" grep -q \
	"^genesys-cloud: 5 conversations read = 4 used in 5 contacts + 1 skipped + 0 rejected (reconciled)" "$OUT/g1.out"
check "the call still in queue is skipped, said why" grep -q \
	"skipped 1: conversation not ended yet (taken when it is returned ended)" "$OUT/g1.out"
check_eq "five contacts accepted" 5 "$(total_col "$OUT/g1.out" 3)"

"$CCSLA" metrics --state "$st" --by client,queue,channel 2>/dev/null | cut -d, -f1-10 >"$OUT/g1.metrics"
check_eq "Support voice: offered 2, abandoned 1, overflow 1 (routed to Billing)" \
	"ACME,Support,voice,2,0,1,0,0,1,0" "$(grep '^ACME,Support,voice,' "$OUT/g1.metrics")"
check_eq "Billing voice: the transferred call answered within 20 s (17.5 s)" \
	"ACME,Billing,voice,1,1,0,0,0,0,1" "$(grep '^ACME,Billing,voice,' "$OUT/g1.metrics")"
check_eq "Support email: the open e-mail is offered, not yet answered" \
	"ACME,Support,email,1,0,0,0,0,0,0" "$(grep '^ACME,Support,email,' "$OUT/g1.metrics")"

"$CCSLA" ingest --state "$st" --format genesys-cloud --queue-map $map fixtures/genesys/conversations.later.jsonl \
	>"$OUT/g2.out" 2>&1
check_eq "the e-mail returned ended: exit 0" 0 $?
check_eq "it replaces the open record (an update)" 1 "$(total_col "$OUT/g2.out" 6)"
check "the store holds it answered" sh -c "'$BUILD/tools/store_dump' '$st' | grep -q \
	',g0000003-0000-4000-8000-000000000003,ACME,email,inbound,Support,,2026-10-06T10:00:01.000Z,2026-10-06T13:00:00.000Z,2026-10-06T13:15:00.000Z,answered,900,0,300,'"

"$CCSLA" ingest --state "$st" --format genesys-cloud --client ACME fixtures/genesys/bad.jsonl >"$OUT/g3.out" 2>&1
check_eq "bad rows: exit 1" 1 $?
q=$(ls "$st"/quarantine/run-000003.csv)
check "a missing conversationId is quarantined with its line" grep -q "^bad.jsonl,1,conversationId,missing field," "$q"
check "a malformed time names the segment" \
	grep -q "^bad.jsonl,2,participants\[2\].sessions\[0\].segments\[0\].segmentStart,malformed time," "$q"
check "an unknown media type is quarantined" grep -q "^bad.jsonl,3,participants\[2\].sessions\[0\].mediaType,unknown media type," "$q"
check "a line cut short is a syntax error, the next line is kept" grep -q "^bad.jsonl,4,,JSON syntax error," "$q"
check_eq "one good conversation after the syntax error" 1 "$(total_col "$OUT/g3.out" 3)"
check "ingest's reconciliation holds" grep -q "rows read = accepted + quarantined + duplicates: holds" "$OUT/g3.out"

"$CCSLA" ingest --state "$OUT/genesys-real" --format genesys-cloud --client ACME fixtures/realdata/genesys/*.json \
	>"$OUT/g4.out" 2>&1
check_eq "the vendor samples: 22 contacts" 22 "$(total_col "$OUT/g4.out" 3)"
check "conversation2's unpadded day is quarantined, not guessed" grep -q \
	"^blueprint-conversation2.json,1,participants\[0\].sessions\[0\].segments\[0\].segmentStart,malformed time," \
	"$OUT"/genesys-real/quarantine/run-000001.csv
"$CCSLA" metrics --state "$OUT/genesys-real" --by client,channel 2>/dev/null | cut -d, -f1-5 >"$OUT/g4.in"
"$CCSLA" metrics --state "$OUT/genesys-real" --by client,channel --direction outbound 2>/dev/null | cut -d, -f1-5 >"$OUT/g4.out2"
check_eq "inbound: the 2 voice calls through the IVR, answered" "ACME,voice,2,2,0" "$(grep '^ACME,voice,' "$OUT/g4.in")"
check_eq "inbound: the blueprint chat, answered" "ACME,chat,1,1,0" "$(grep '^ACME,chat,' "$OUT/g4.in")"
check_eq "outbound: the 19 callback previews, answered" "ACME,voice,19,19,0" "$(grep '^ACME,voice,' "$OUT/g4.out2")"
check_exit "genesys-cloud without --client or --queue-map is a usage error" 2 \
	"$CCSLA" ingest --state "$OUT/x" --format genesys-cloud fixtures/genesys/bad.jsonl 2>/dev/null
e2e_done
