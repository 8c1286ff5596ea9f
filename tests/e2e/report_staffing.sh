# The report's section 6, "Forecast and staffing" (report.md v2), over the
# hand-made month of fixtures/opslogs/staf (UTC, voice only, every call
# answered after 10 s), against figures worked out by hand:
#
# Calls: Mon 5 Oct 10:xx 4 x 300 s, 11:xx 12 x 300 s; Tue 6 Oct 10:xx
# 4 x 300 s; Wed 7 Oct 09:xx 1 x 120 s. The draft (data up to 7 Oct)
# lists 1-7 October.
# Forecast (lock 1 day, 60 minutes): 5 Oct 10:00 5 (the version of 1 Oct;
# the 4 published on 5 Oct itself comes too late), 11:00 10; 6 Oct 10:00
# 2; 7 Oct 09:00 1.5.
#   5 Oct: |4 - 5| + |12 - 10| = 3 of 15: 100 (1 - 3/15) = 80.00 %
#   6 Oct: |4 - 2| = 2 of 2: 0.00 %;  7 Oct: 0.5 of 1.5: 66.67 %
#   month: 5.5 of 18.5: 100 x 13 / 18.5 = 70.27 % (= the FC-ACC SLA)
#   over forecast (> 1.2 x forecast): 6 Oct 10:00 only (4 > 2.4; 5 Oct
#   11:00 is 12 = 1.2 x 10, not over): 1 interval, 4 contacts off SL-VOICE.
# Required agents, Erlang C, 80 % within 20 s (SL-VOICE), A = n x AHT / 3600:
#   A = 1/3 (4 x 300 s): N = 1: C = A = 1/3, SL = 1 - C e^(-(2/3) 20/300) =
#     0.681 < 0.8; N = 2: B = 0.04, C = 2 x 0.04 / (2 - A x 0.96) = 0.0476,
#     SL = 1 - 0.0476 e^(-(5/3) 20/300) = 0.957: 2 agents
#   A = 1 (12 x 300 s): N = 2: B = 0.2, C = 1/3, SL = 0.688; N = 3:
#     B = 1/16, C = 0.0909, SL = 1 - 0.0909 e^(-2 x 20/300) = 0.920: 3
#   A = 1/30 (1 x 120 s): N = 1: SL = 1 - (1/30) e^(-(29/30) 20/120) = 0.97: 1
# Staffed (agent-state): 5 Oct 10:00 a1 available 30 min + handling 30 min
#   = 1.00 (busy 0.50); 11:00 a1 handling 45 + wrap 15 = 1.00 (busy 1.00) and
#   a2 available 30 min, not ready 30 = 0.50: 1.50 (busy 1.00); 6 Oct 10:00
#   a1 available 60 min = 1.00 (busy 0); 7 Oct 09:00 a1 handling 30 +
#   available 30 = 1.00 (busy 0.50).
#   shortfall: 5 Oct 1.00 + 1.50 = 2.50; 6 Oct 1.00; 7 Oct 0 (1 >= 1)
#   occupancy: 5 Oct 1.5 / 2.5 = 60.00 %; 6 Oct 0.00 %; 7 Oct 50.00 %;
#   month 2.0 / 4.5 = 44.44 %
# Worst days: 5 Oct (2.50), 6 Oct (1.00); 7 Oct has no shortfall.
# PLAIN, a client with neither log, has no section 6.
. tests/e2e_lib.sh

F=fixtures/opslogs/staf
mkdir -p "$OUT/in" "$OUT/contracts"
for f in interactions forecast agent-state; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
sed 's/STAF/PLAIN/g' "$F/interactions.csv" | gzip -c >"$OUT/in/plain.csv.gz"
cp "$F/contract.yaml" "$OUT/contracts/staf.yaml"
# PLAIN: the same contract without the forecast clauses
sed -e 's/STAF/PLAIN/g' -e '/^  forecast:/,/^    interval_min/d' -e '/relief:/d' -e '/^  - id: FC-ACC/,$d' \
	"$F/contract.yaml" >"$OUT/contracts/plain.yaml"
S="$OUT/state"
"$CCSLA" ingest --state "$S" "$OUT/in"/*.csv.gz >"$OUT/ingest.out" 2>&1
check_eq "ingest: exit 0" 0 $?
SOURCE_DATE_EPOCH=1793836800 "$CCSLA" render --state "$S" --contracts "$OUT/contracts" --period 2026-10 \
	--out "$OUT/render" >"$OUT/render.out" 2>&1
check_eq "render: exit 0" 0 $?
R="$OUT/render/STAF/2026-10"
pdftotext -layout "$R/report.pdf" - | sed -n '/^Forecast and staffing$/,/^Customer experience$/p' >"$OUT/s6.txt"
check "section 6 is there" test -s "$OUT/s6.txt"
check "section 6 comes after operations per channel" sh -c \
	"pdftotext -layout '$R/report.pdf' - | grep -E '^(Operations per channel|Forecast and staffing|Customer experience)$' |
	 tr '\n' '|' | grep -q '^Operations per channel|Forecast and staffing|Customer experience|$'"
check "both logs named" grep -q "^From the client's forecast log and the agent-state log.$" "$OUT/s6.txt"
check "the lock rule in words" grep -q "published at least 1 whole local day before it" "$OUT/s6.txt"
check "one over-forecast interval, relieving SL-VOICE (4 contacts)" sh -c \
	"tr '\n' ' ' <'$OUT/s6.txt' | grep -q 'more than 20 % (per channel): voice: 1. They relieved SL-VOICE (1 interval, 4 contacts removed)'"
check "the relieved intervals are pointed to, not repeated" grep -q 'listed under Exclusions and relief' "$OUT/s6.txt"
# Day           Forecast  Actual  Accuracy  Shortfall  Occupancy
row() { grep -Eq "^$1 +$2 +$3 +$4 +$5 +$6\$" "$OUT/s6.txt"; }
check "5 Oct: 15.00 forecast, 16 offered, 80.00 %, 2.50 short, 60.00 %" row 2026-10-05 15.00 16 '80.00 %' 2.50 '60.00 %'
check "6 Oct: 2.00, 4, 0.00 %, 1.00, 0.00 %" row 2026-10-06 2.00 4 '0.00 %' 1.00 '0.00 %'
check "7 Oct: 1.50, 1, 66.67 %, 0.00, 50.00 %" row 2026-10-07 1.50 1 '66.67 %' 0.00 '50.00 %'
check "1 Oct: no forecast, no contact, no staff" row 2026-10-01 n/a 0 n/a 0.00 n/a
check "the month: 18.50, 21, 70.27 %, 3.50, 44.44 %" row Month 18.50 21 '70.27 %' 3.50 '44.44 %'
check_eq "a draft lists the days begun (1-7 October)" 7 "$(grep -Ec '^2026-10-[0-9]{2} ' "$OUT/s6.txt")"
check "the month's accuracy is the FC-ACC SLA's" grep -q '^2026-10,sla,FC-ACC,month,forecast_accuracy_pct,70.27,' \
	"$R/metrics.csv"
check "occupancy of the month in words" grep -q '^Occupancy of the month: 44.44 % of staffed time' "$OUT/s6.txt"
check "worst day 1: 5 October" grep -q '^Channel: voice, 2026-10-05: required against staffed agents (worst day 1 of 2)$' "$OUT/s6.txt"
check "worst day 2: 6 October (7 October had no shortfall)" \
	grep -q '^Channel: voice, 2026-10-06: required against staffed agents (worst day 2 of 2)$' "$OUT/s6.txt"
check "the gap in words" grep -q 'the largest gap: 1.5 agents staffed, 3 required at 11:00 (1.5 short)' "$OUT/s6.txt"
# Interval  Offered  Handling time  Required  Staffed  Shortfall
sed -n '/2026-10-05: required against/,/2026-10-06: required against/p' "$OUT/s6.txt" >"$OUT/d5.txt"
check "5 Oct 10:00: 4 offered, 5:00, 2 required, 1.00 staffed, 1.00 short" \
	grep -Eq '^10:00 +4 +5:00 +2 +1.00 +1.00$' "$OUT/d5.txt"
check "5 Oct 11:00: 12 offered, 5:00, 3 required, 1.50 staffed, 1.50 short" \
	grep -Eq '^11:00 +12 +5:00 +3 +1.50 +1.50$' "$OUT/d5.txt"
# the same figures as ccsla staffing for the day
"$CCSLA" staffing --state "$S" --client STAF --from 2026-10-05 --to 2026-10-05 --tz UTC --channels voice \
	--interval 60 --threshold 20 --target 80 >"$OUT/st5.csv" 2>/dev/null
check_eq "ccsla staffing: exit 0" 0 $?
check_eq "ccsla staffing gives the page's 5 October rows (required, staffed, shortfall)" \
	"10:00 2 1.00 1.00|11:00 3 1.50 1.50|" \
	"$(awk -F, 'NR > 1 && $3 > 0 { print substr($2, 12, 5), $6, $11, $13 }' "$OUT/st5.csv" | tr '\n' '|')"
# staffing.csv: beside the PDF, inside it, in the manifest
check "staffing.csv beside the PDF" test -f "$R/staffing.csv"
check_eq "staffing.csv header" "date,interval_start,channel,offered,aht_ms,traffic_erlangs,required_agents,staffed_agents,occupancy_pct,shortfall" \
	"$(head -1 "$R/staffing.csv")"
check_eq "staffing.csv: 7 days x 24 hours" 168 "$(awk 'NR > 1' "$R/staffing.csv" | wc -l | tr -d ' ')"
awk -F, '$1 == "2026-10-05" { print $2, $4, $6, $7, $8, $9, $10 }' "$R/staffing.csv" >"$OUT/csv5.txt"
check_eq "staffing.csv has 24 rows of 5 Oct" 24 "$(wc -l <"$OUT/csv5.txt" | tr -d ' ')"
check_eq "staffing.csv rows of 5 Oct equal ccsla staffing's" \
	"$(awk -F, '$1 ~ /^STAF/ && $2 ~ /^2026-10-05/ { print $2, $3, $5, $6, $11, $12, $13 }' "$OUT/st5.csv")" \
	"$(cat "$OUT/csv5.txt")"
check "staffing.csv: 5 Oct 11:00 as computed by hand" \
	grep -q '^2026-10-05,2026-10-05T11:00+00:00,voice,12,300000,1.000,3,1.50,66.67,1.50$' "$R/staffing.csv"
check "the manifest lists staffing.csv" grep -q '"staffing.csv"' "$R/manifest.json"
check "the PDF carries staffing.csv" sh -c "pdfdetach -list '$R/report.pdf' | grep -q ' staffing.csv$'"
# HTML twin
check "report.html has the section" grep -q '<h2 id="staffing">Forecast and staffing</h2>' "$R/report.html"
check "report.html: the month row" grep -q '<tr class="total"><th scope="row">Month</th><td class="num">18.50</td><td class="num">21</td><td class="num">70.27 %</td><td class="num">3.50</td><td class="num">44.44 %</td></tr>' "$R/report.html"
check "report.html: 5 Oct 11:00" grep -q '<th scope="row">11:00</th><td class="num">12</td><td class="num">5:00</td><td class="num">3</td><td class="num">1.50</td><td class="num">1.50</td>' "$R/report.html"
# Method defines what section 6 shows (forecast accuracy, required agents)
pdftotext "$R/report.pdf" - | tr '\n' ' ' >"$OUT/all.txt"
check "Method: forecast accuracy defined" grep -q 'Forecast accuracy (7.3 workforce planning): 100 x (1 - sum of |actual - forecast|' "$OUT/all.txt"
check "Method: required agents defined" grep -q 'Required agents (7.3): per interval, the fewest agents' "$OUT/all.txt"
# a client with neither log: no section 6, no staffing.csv
P="$OUT/render/PLAIN/2026-10"
check "PLAIN: rendered" test -f "$P/report.pdf"
check "PLAIN: no section 6 in the PDF" sh -c "! pdftotext -layout '$P/report.pdf' - | grep -q '^Forecast and staffing$'"
check "PLAIN: none in the HTML" sh -c "! grep -q 'id=\"staffing\"' '$P/report.html'"
check "PLAIN: no staffing.csv" test ! -e "$P/staffing.csv"
check "PLAIN: Method without the staffing definitions" sh -c \
	"! pdftotext '$P/report.pdf' - | tr '\\n' ' ' | grep -q 'Required agents (7.3)'"
# only the forecast log: the section says the agent-state log is missing
S2="$OUT/state2"
"$CCSLA" ingest --state "$S2" "$OUT/in/interactions.csv.gz" "$OUT/in/forecast.csv.gz" >/dev/null 2>&1
SOURCE_DATE_EPOCH=1793836800 "$CCSLA" render --state "$S2" --contracts "$OUT/contracts/staf.yaml" --period 2026-10 \
	--out "$OUT/render2" >/dev/null 2>&1
check "forecast only: one line says the agent-state log is missing" sh -c \
	"pdftotext -layout '$OUT/render2/STAF/2026-10/report.pdf' - | grep -q '^From the client.s forecast log. There is no agent-state log for the month'"
e2e_done
