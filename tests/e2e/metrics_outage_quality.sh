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
sed 's/    causes: \[ccc, third-party\]/    causes: [ccc, third-party]\n    min_volume: 10\n    threshold_s: 30/' \
	"$F/contract.yaml" >"$OUT/bad2.yaml"
"$CCSLA" contract check "$OUT/bad2.yaml" >"$OUT/bad2.out" 2>&1
check_eq "contact parameters on an availability SLA: exit 1" 1 $?
check "threshold_s does not apply (never silently ignored)" \
	grep -q "bad2.yaml:30:18: parameter 'threshold_s' does not apply to metric 'availability'" "$OUT/bad2.out"
check "min_volume does not apply to availability" \
	grep -q "bad2.yaml:29:17: parameter 'min_volume' does not apply to metric 'availability'" "$OUT/bad2.out"
sed 's/    metric: quality_pass/    metric: quality_pass\n    causes: [ccc]/' "$F/contract.yaml" >"$OUT/bad3.yaml"
"$CCSLA" contract check "$OUT/bad3.yaml" >"$OUT/bad3.out" 2>&1
check "causes on a quality SLA is refused" \
	grep -q "bad3.yaml:41:13: parameter 'causes' applies to metric availability only, not to 'quality_pass'" "$OUT/bad3.out"

# ccsla metrics --kind outage: the same figure as the SLA, per channel
"$CCSLA" metrics --state "$S" --kind outage --contracts "$F/contract.yaml" --from 2026-10-01 --to 2026-10-31 \
	--by client,month,channel >"$OUT/m_out.csv" 2>"$OUT/m_out.err"
check_eq "metrics --kind outage: exit 0" 0 $?
check_eq "the CSV header" "client,month,channel,service_s,outage_s,outages,availability_pct" "$(head -n 1 "$OUT/m_out.csv")"
check_eq "voice: 14400 of 756000 s, 98.10 (as the SLA)" "AVQ,2026-10,voice,756000,14400.000,4,98.10" \
	"$(grep ',voice,' "$OUT/m_out.csv")"
# chat: INC-G 9 h + INC-B 1 h (50 % of 2 h) = 36000 s -> 100 x (1 - 36000/756000) = 95.24
check_eq "chat: its own outage and the shared one" "AVQ,2026-10,chat,756000,36000.000,2,95.24" \
	"$(grep ',chat,' "$OUT/m_out.csv")"
check_eq "every channel has its row" 8 "$(wc -l <"$OUT/m_out.csv" | tr -d ' ')"
"$CCSLA" metrics --state "$S" --kind outage --contracts "$F/contract.yaml" --from 2026-10-01 --to 2026-10-31 \
	--by channel --causes ccc,third-party,client >"$OUT/m_out2.csv" 2>&1
# + INC-C 3 h client-caused: 25200 s -> 96.67
check_eq "--causes adds the client-caused outage" "voice,756000,25200.000,5,96.67" "$(grep '^voice,' "$OUT/m_out2.csv")"
"$CCSLA" metrics --state "$S" --kind outage --contracts "$F/contract.yaml" --from 2026-10-06 --to 2026-10-06 \
	--by day,channel --format json >"$OUT/m_out.json" 2>&1
tr -d '\n' <"$OUT/m_out.json" >"$OUT/m_out.json.flat"
check "JSON: 06 Oct voice 7200 s of 36000 -> 80.00" \
	grep -q '"day": "2026-10-06", *"channel": "voice", *"service_s": 36000, *"outage_s": 7200.000, *"outages": 2, *"availability_pct": 80.00' \
	"$OUT/m_out.json.flat"

# ccsla metrics --kind quality: the SLA's figures; answered of the same group
"$CCSLA" metrics --state "$S" --kind quality --contracts "$F/contract.yaml" --from 2026-10-01 --to 2026-10-31 \
	--by client,month >"$OUT/m_q.csv" 2>&1
check_eq "metrics --kind quality: 4 evaluations, 82.13, 75.00, 25.00" \
	"AVQ,2026-10,4,3,1,0,1,2,82.13,75.00,25.00,200.00" "$(sed -n 2p "$OUT/m_q.csv")"
"$CCSLA" metrics --state "$S" --kind quality --from 2026-10-01 --to 2026-10-31 --by month >"$OUT/m_q2.csv" 2>/dev/null
check_eq "without a pass_score, empty passed is undecided (3 of 4)" "2026-10,4,1,0,3,1,3,82.13,100.00,25.00,133.33" \
	"$(sed -n 2p "$OUT/m_q2.csv")"
"$CCSLA" metrics --state "$S" --kind quality --from 2026-10-01 --to 2026-10-31 --by month --pass-score 80 \
	>"$OUT/m_q3.csv" 2>/dev/null
check_eq "--pass-score 80: 90, 80, 88.5 pass, 70 fails" "2026-10,4,3,1,0,1,3,82.13,75.00,25.00,133.33" \
	"$(sed -n 2p "$OUT/m_q3.csv")"
# misuse: exit 2 and the reason (the old command refused --kind as unknown)
usage() { "$CCSLA" metrics --state "$S" "$@" 2>&1 >/dev/null | head -n 1; }
check_eq "--by interval with --kind outage: the reason" \
	"ccsla metrics: --by interval does not apply to --kind outage (client, month, week, day, channel)" \
	"$(usage --kind outage --from 2026-10-01 --to 2026-10-31 --by interval)"
check_exit "--by interval with --kind outage: usage (2)" 2 sh -c '"$0" "$@" 2>/dev/null' "$CCSLA" metrics --state "$S" --kind outage \
	--from 2026-10-01 --to 2026-10-31 --by interval
check_eq "--kind outage without --from/--to: the reason" \
	"ccsla metrics: --kind outage needs --from and --to (the period measured)" "$(usage --kind outage)"
check_eq "--causes weather: the reason" \
	"ccsla metrics: --causes: unknown cause 'weather' (ccc, client, third-party, force-majeure)" \
	"$(usage --kind outage --from 2026-10-01 --to 2026-10-31 --causes weather)"
check_eq "--pass-score with --kind outage: the reason" "ccsla metrics: --pass-score is for --kind quality" \
	"$(usage --kind outage --from 2026-10-01 --to 2026-10-31 --pass-score 80)"
check_eq "--kind nonsense: the reason" "ccsla metrics: --kind must be interaction, outage, quality, complaint or forecast, not 'nonsense'" \
	"$(usage --kind nonsense)"
e2e_done
