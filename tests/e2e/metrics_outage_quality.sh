# SLAs on the outage and quality logs (contracts.md v2) through ccsla
# ingest and ccsla evaluate, against values worked out by hand, and
# `ccsla metrics --kind outage|quality`.
#
# fixtures/opslogs/avq: UTC, mon-fri 08:00-18:00, holiday 2026-10-15.
# October: 22 weekdays - 1 holiday = 21 days x 10 h = 756000 service s.
# Voice outages counted (ccc, third-party):
#   INC-A 06 Oct 09:00-11:00 100 %                     7200 s
#   INC-E 06 Oct 10:00-10:30, inside INC-A: merged     0
#   INC-B 07 Oct 17:00 - 08 Oct 09:00, all, 50 %:  2 h x 50 % = 3600 s
#   INC-C client-caused: not counted; INC-D on the holiday: 0; INC-G chat
#   INC-F open since 30 Oct 17:00, the watermark (last contact) is
#         31 Oct 20:00: 17:00-18:00 Friday                      3600 s
#   availability = 100 x (1 - 14400 / 756000) = 98.0952 -> 98.10, target
#   99.5 missed: at-risk 10 % of 100000.00 x 50 % = 5000.00 EUR.
# Quality (October: by contact when known, else by evaluated_at):
#   EV-1 90, EV-2 80 (passed 1), EV-3 88.5 (critical), EV-4 70 (contact
#   C-2 of 31 Oct, evaluated in November); EV-5 is of contact C-9 of 30
#   Sep: September's. score (90 + 80 + 88.5 + 70) / 4 = 82.125 -> 82.13;
#   pass_score 85: EV-1, EV-2 (said), EV-3 pass = 75.00; critical 25.00.
# September: no outage log yet -> not measurable; one evaluation, below
# min_volume 3 -> not measurable.
. tests/e2e_lib.sh

F=fixtures/opslogs/avq
mkdir -p "$OUT/in"
for f in interactions outage quality; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
"$CCSLA" ingest --state "$S" "$OUT/in/interactions.csv.gz" "$OUT/in/outage.csv.gz" "$OUT/in/quality.csv.gz" \
	>"$OUT/ingest.out" 2>&1
check_eq "ingest: exit 0" 0 $?
"$CCSLA" contract check "$F/contract.yaml" >"$OUT/check.out" 2>&1
check_eq "the contract with availability and quality SLAs is valid" 0 $?
check "the summary names the causes counted" grep -q "outage causes counted: ccc third-party" "$OUT/check.out"

"$CCSLA" evaluate --state "$S" --contracts "$F/contract.yaml" --period 2026-10 --out "$OUT/out" >"$OUT/ev10.out" 2>&1
check_eq "evaluate October: exit 0" 0 $?
R="$OUT/out/AVQ/2026-10/results.csv"
v() { awk -F, -v id="$2" '$4 == id { print $7 " " $11 }' "$1"; }
check_eq "availability 98.10: a default (missed, first in 12 months)" "98.10 default" "$(v "$R" AVAIL-VOICE)"
check_eq "quality_score 82.13 met" "82.13 met" "$(v "$R" QA-SCORE)"
check_eq "quality_pass 75.00 met (pass_score 85 where passed is empty)" "75.00 met" "$(v "$R" QA-PASS)"
check_eq "critical_error 25.00 missed" "25.00 missed" "$(v "$R" QA-CRIT)"
check_eq "the availability credit: 5000.00 EUR" "5000.00" \
	"$(awk -F, '$3 == "AVAIL-VOICE" { print $14 }' "$OUT/out/AVQ/2026-10/credits.csv")"
check_eq "net credits 5000.00" "5000.00" "$(awk -F, '$2 == "net" { print $14 }' "$OUT/out/AVQ/2026-10/credits.csv")"
check "the basis: weighted outage seconds of service seconds" \
	grep -q '"basis": "14400 s out of 756000 s, 4 outages"' "$OUT/out/AVQ/2026-10/results.json"

"$CCSLA" evaluate --state "$S" --contracts "$F/contract.yaml" --period 2026-09 --out "$OUT/out" >"$OUT/ev09.out" 2>&1
check_eq "evaluate September: exit 0" 0 $?
R="$OUT/out/AVQ/2026-09/results.csv"
check_eq "no outage log for September: not measurable, never met" "n/a not measurable|no outage log for the period" \
	"$(awk -F, '$4 == "AVAIL-VOICE" { print $7 " " $11 "|" $12 }' "$R")"
check_eq "September's one evaluation (contact of 30 Sep): below min_volume" \
	"100.00 not measurable|below min_volume 3 (evaluations 1)" \
	"$(awk -F, '$4 == "QA-SCORE" { print $7 " " $11 "|" $12 }' "$R")"
check_eq "no credit for a not-measurable SLA" "0.00" "$(awk -F, '$2 == "net" { print $14 }' "$OUT/out/AVQ/2026-09/credits.csv")"

# a contract mistake names the key
sed 's/causes: \[ccc, third-party\]/causes: [ccc, weather]/' "$F/contract.yaml" >"$OUT/bad.yaml"
"$CCSLA" contract check "$OUT/bad.yaml" >"$OUT/bad.out" 2>&1
check_eq "an unknown cause: exit 1" 1 $?
check "it names the cause and the line" grep -q "bad.yaml:28:13:.*causes: unknown cause 'weather'" "$OUT/bad.out"
e2e_done
