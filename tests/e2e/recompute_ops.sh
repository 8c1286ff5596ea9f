# ccsla verify --recompute for a contract with availability and quality
# SLAs (fixtures/opslogs/avq, hand-computed in metrics_outage_quality.sh):
# the outage and quality rows of the month are attached (outages.csv,
# quality.csv, agent ids pseudonymised), every figure recomputes from the
# attachments; one outage row altered (re-attached with qpdf, re-signed
# with the test key) names AVAIL-VOICE as MISMATCH; a row that does not
# parse is named with attachment, line and column; a month without
# outages in a log that has them stays measurable.
. tests/e2e_lib.sh
K=fixtures/keys
F=fixtures/opslogs/avq
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
rm -rf "$OUT/in" "$OUT/state" "$OUT/out"
mkdir -p "$OUT/in"
for f in interactions outage quality; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
"$CCSLA" ingest --state "$S" "$OUT/in/interactions.csv.gz" "$OUT/in/outage.csv.gz" "$OUT/in/quality.csv.gz" \
	>"$OUT/ingest.out" 2>&1
check_eq "ingest: exit 0" 0 $?
cp $K/test-leaf.key "$OUT/leaf.key" && chmod 600 "$OUT/leaf.key"
printf '%s\n' 3f1c0a9b7e6d5c4b3a29180706f5e4d3c2b1a09f8e7d6c5b4a3928170605f4e3 >"$OUT/pseudonym.key"
chmod 600 "$OUT/pseudonym.key"
fp=$(openssl x509 -in $K/test-leaf.pem -noout -fingerprint -sha256 | sed 's/.*=//')

check_exit "render --final exits 0" 0 "$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-10 \
	--out "$OUT/out" --final --pseudonym-key "$OUT/pseudonym.key" >/dev/null
d="$OUT/out/AVQ/2026-10"
check "outages.csv is beside the report" test -s "$d/outages.csv"
check "quality.csv is beside the report" test -s "$d/quality.csv"
check_eq "outages.csv: the canonical outage columns" "incident_id,client_id,channels,started_at,ended_at,impact_pct,cause,note" \
	"$(head -n 1 "$d/outages.csv")"
check_eq "quality.csv: the canonical quality columns" \
	"evaluation_id,client_id,contact_id,agent_id,channel,evaluated_at,score,passed,critical_error" "$(head -n 1 "$d/quality.csv")"
# the month's outages, the every-client one (client_id empty) included
check_eq "outages.csv: the 7 outages of October" "INC-A INC-B INC-C INC-D INC-E INC-F INC-G" \
	"$(sed 1d "$d/outages.csv" | cut -d, -f1 | sort | tr '\n' ' ' | sed 's/ $//')"
check "the still-open outage stays open" grep -q '^INC-F,AVQ,voice,2026-10-30T17:00:00.000Z,,' "$d/outages.csv"
# EV-5 (contact of 30 Sep) is September's; EV-4 (evaluated in November, contact of 31 Oct) is October's
check_eq "quality.csv: October's evaluations only" "EV-1 EV-2 EV-3 EV-4" \
	"$(sed 1d "$d/quality.csv" | cut -d, -f1 | sort | tr '\n' ' ' | sed 's/ $//')"
check "agent ids are 64-hex pseudonyms" sh -c "sed 1d '$d/quality.csv' | cut -d, -f4 | grep -Evq '^[0-9a-f]{64}\$' && exit 1 || exit 0"
check "the agent id a1 is not shown" sh -c "! cut -d, -f4 '$d/quality.csv' | grep -qx a1"
# the pseudonym of contacts.csv.gz: HMAC-SHA-256 of "agent" NUL client NUL id (evidence.h), by openssl
a1=$(printf 'agent\0AVQ\0a1' | openssl dgst -sha256 -hmac "$(cat "$OUT/pseudonym.key")" | sed 's/.*= //')
check_eq "agent a1's pseudonym is HMAC-SHA-256 under the key (as in contacts.csv.gz)" "$a1" \
	"$(sed -n '/^EV-1,/p' "$d/quality.csv" | cut -d, -f4)"
check "the PDF says the outage and quality logs are attached for verify --recompute" sh -c \
	"pdftotext '$d/report.pdf' - | tr '\n' ' ' | grep -q 'from the attached contacts, contract, ledger and operations logs (outages, quality, forecast, complaints: those attached) alone'"
check "the PDF lists outages.csv and quality.csv among the attached files" sh -c \
	"pdftotext '$d/report.pdf' - | grep -q 'outages.csv, quality.csv'"
check "manifest.json lists outages.csv" grep -q '"outages.csv"' "$d/manifest.json"
check "manifest.json lists quality.csv" grep -q '"quality.csv"' "$d/manifest.json"

check_exit "sign exits 0" 0 "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem "$d/report.pdf" "$d/signed.pdf" >/dev/null
mkdir -p "$OUT/detach"
pdfdetach -saveall -o "$OUT/detach" "$d/signed.pdf" 2>/dev/null
for f in outages.csv quality.csv; do
	check "$f inside the PDF equals the one beside it" cmp -s "$d/$f" "$OUT/detach/$f"
done
"$CCSLA" verify --recompute --fingerprint "$fp" "$d/signed.pdf" >"$OUT/ok.txt" 2>&1
check_eq "verify --recompute exits 0" 0 $?
check "every figure recomputes" grep -q '^RECOMPUTED: all [0-9]* figures match' "$OUT/ok.txt"
check "no MISMATCH line" sh -c "! grep -q MISMATCH '$OUT/ok.txt'"
check "AVAIL-VOICE matches: 98.10 %, default" grep -q 'match     metrics.csv sla AVAIL-VOICE month availability_pct: 98.10 %, default' "$OUT/ok.txt"
check "QA-SCORE matches: 82.13, met" grep -q 'match     metrics.csv sla QA-SCORE month quality_score_avg: 82.13, met' "$OUT/ok.txt"
check "QA-PASS matches: 75.00 %, met" grep -q 'match     metrics.csv sla QA-PASS month quality_pass_pct: 75.00 %, met' "$OUT/ok.txt"
check "QA-CRIT matches: 25.00 %, missed" grep -q 'match     metrics.csv sla QA-CRIT month critical_error_pct: 25.00 %, missed' "$OUT/ok.txt"
check "the availability credit line matches" grep -q 'match     credits.csv sla AVAIL-VOICE: 5000.00 EUR' "$OUT/ok.txt"

# one outage altered: INC-A ends at 12:00, not 11:00 (3600 s more)
sed 's/^INC-A,AVQ,voice,2026-10-06T09:00:00.000Z,2026-10-06T11:00:00.000Z,/INC-A,AVQ,voice,2026-10-06T09:00:00.000Z,2026-10-06T12:00:00.000Z,/' \
	"$d/outages.csv" >"$OUT/outages.csv"
check_eq "the altered attachment differs in one row" 1 "$(diff "$d/outages.csv" "$OUT/outages.csv" | grep -c '^>')"
qpdf "$d/report.pdf" "$OUT/t-unsigned.pdf" --add-attachment "$OUT/outages.csv" --key=outages.csv --replace -- 2>/dev/null
check_exit "the tampered report signs with the test key" 0 "$CCSLA" sign --key "$OUT/leaf.key" --cert $K/test-leaf.pem \
	"$OUT/t-unsigned.pdf" "$OUT/t.pdf"
"$CCSLA" verify --recompute --fingerprint "$fp" "$OUT/t.pdf" >"$OUT/t.txt" 2>&1
check_eq "an altered outage: verify --recompute exits 1" 1 $?
check "its signature still verifies" grep -q '^VERIFIED' "$OUT/t.txt"
check "AVAIL-VOICE is named as MISMATCH (98.10 -> 97.62)" \
	grep -q 'MISMATCH  metrics.csv sla AVAIL-VOICE month availability_pct: value 98.10 -> 97.62' "$OUT/t.txt"
check "the quality SLAs still match" grep -q 'match     metrics.csv sla QA-SCORE month' "$OUT/t.txt"
check "the summary says figures differ" grep -q '^NOT RECOMPUTED: [0-9]* figures\? differs\? ' "$OUT/t.txt"
grep 'MISMATCH' "$OUT/t.txt" | head -3

# a row that does not parse: named with attachment, line and column, never skipped
sed 's/^EV-2,\(.*\),80.00,1,0$/EV-2,\1,eighty,1,0/' "$d/quality.csv" >"$OUT/quality.csv"
check_eq "the bad score is in the altered quality.csv" 1 "$(grep -c ',eighty,' "$OUT/quality.csv")"
qpdf "$d/report.pdf" "$OUT/b.pdf" --add-attachment "$OUT/quality.csv" --key=quality.csv --replace -- 2>/dev/null
"$CCSLA" verify --recompute --fingerprint 00 "$OUT/b.pdf" >"$OUT/b.txt" 2>&1
check_eq "a bad quality row: verify --recompute exits 1" 1 $?
check "the row is named: quality.csv line 3, column score" grep -q 'MISMATCH  quality.csv:3: score: ' "$OUT/b.txt"
check "the counts say one rejected" grep -q 'MISMATCH  quality.csv: 4 rows read, 1 rejected' "$OUT/b.txt"

# an evaluation of an outbound contact, which no figure counts (evaluated in
# November, placed in October by its contact): contacts.csv.gz carries that
# contact so that the recompute places it alike; QA-SCORE becomes
# (90 + 80 + 88.5 + 70 + 60) / 5 = 77.70
S2="$OUT/state2"
rm -rf "$S2" "$OUT/out2" && cp -r "$S" "$S2"
printf 'contact_id,client_id,channel,direction,arrived_at,answered_at,ended_at,outcome\nC-5,AVQ,voice,outbound,2026-10-10T09:00:00Z,2026-10-10T09:00:10Z,2026-10-10T09:05:00Z,answered\n' |
	gzip -n >"$OUT/in/outbound.csv.gz"
printf 'evaluation_id,client_id,contact_id,agent_id,channel,evaluated_at,score,passed,critical_error\nEV-6,AVQ,C-5,a3,,2026-11-03T12:00:00Z,60,,0\n' |
	gzip -n >"$OUT/in/quality2.csv.gz"
"$CCSLA" ingest --state "$S2" "$OUT/in/outbound.csv.gz" "$OUT/in/quality2.csv.gz" >/dev/null 2>&1
"$CCSLA" render --state "$S2" --contracts "$F/contract.yaml" --period 2026-10 --out "$OUT/out2" --final \
	--pseudonym-key "$OUT/pseudonym.key" >/dev/null 2>&1
d2="$OUT/out2/AVQ/2026-10"
check "the evaluated outbound contact C-5 is in contacts.csv.gz" sh -c "zcat '$d2/contacts.csv.gz' | grep -q '^C-5,AVQ,voice,outbound,'"
check "EV-6 is in quality.csv" grep -q '^EV-6,AVQ,C-5,' "$d2/quality.csv"
"$CCSLA" verify --recompute --fingerprint 00 "$d2/report.pdf" >"$OUT/out2.txt" 2>&1
check "it recomputes" grep -q '^RECOMPUTED: all' "$OUT/out2.txt"
check "  QA-SCORE 77.70, default, matches" \
	grep -q 'match     metrics.csv sla QA-SCORE month quality_score_avg: 77.70, default' "$OUT/out2.txt"

# September, before the outage log began: outages.csv has no row and
# AVAIL-VOICE stays "not measurable" when recomputed; EV-5 is September's
"$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-09 --out "$OUT/out" --final \
	--pseudonym-key "$OUT/pseudonym.key" >/dev/null 2>&1
check_eq "September: outages.csv has the header only" 1 "$(wc -l <"$OUT/out/AVQ/2026-09/outages.csv")"
check_eq "September: quality.csv holds EV-5" "EV-5" "$(sed 1d "$OUT/out/AVQ/2026-09/quality.csv" | cut -d, -f1)"
"$CCSLA" verify --recompute --fingerprint 00 "$OUT/out/AVQ/2026-09/report.pdf" >"$OUT/sep.txt" 2>&1
check "September recomputes" grep -q '^RECOMPUTED: all' "$OUT/sep.txt"
check "  AVAIL-VOICE: not measurable both times" \
	grep -q 'match     metrics.csv sla AVAIL-VOICE month availability_pct: n/a %, not measurable' "$OUT/sep.txt"
# November (a draft: not closed on 5 Nov): no evaluation of November; the
# latest earlier one is attached so that the log is there and QA-SCORE is
# "no evaluation", not "no quality log"; INC-F, open, is attached
"$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-11 --out "$OUT/out" \
	--pseudonym-key "$OUT/pseudonym.key" >/dev/null 2>&1
check_eq "November: outages.csv holds the open INC-F" "INC-F" "$(sed 1d "$OUT/out/AVQ/2026-11/outages.csv" | cut -d, -f1)"
check_eq "November: quality.csv holds one earlier evaluation" 2 "$(wc -l <"$OUT/out/AVQ/2026-11/quality.csv")"
"$CCSLA" verify --recompute --fingerprint 00 "$OUT/out/AVQ/2026-11/report.pdf" >"$OUT/nov.txt" 2>&1
check "November recomputes" grep -q '^RECOMPUTED: all' "$OUT/nov.txt"
e2e_done
