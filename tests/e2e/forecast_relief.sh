# The forecast clauses of contracts.md v2 over a small generated month
# (client FCX, October 2026, Europe/Berlin): forecast_accuracy as an SLA
# owed by the client, relief: [forecast] on a service level, checked
# against figures computed here in awk from the generated rows (never
# from ccsla's output), and the contract errors of owed_by and relief.
#
# The month: 5-9 October, 08:00-12:00 local, voice contacts in 30-minute
# intervals (k = 0..39), plus one e-mail a day. The client's forecast
# covers 5-8 October (9 October has none: nothing relieved there, and the
# day is listed); an interval's forecast is exact, 1.5 under, 1.25 over,
# or exactly at the 10 % tolerance (11 against 10: not over); k = 7 is
# 11 against 9.99 (over); 8 October 11:00-12:00 is one 60-minute forecast
# of 20.50 (10.25 per half-hour). A later version of 5 October's forecast
# (published 4 days before; lock_days 7) and an e-mail forecast must not
# count; a forecast of 20 October, after the data's last day, neither.
. tests/e2e_lib.sh

S="$OUT/state"
mkdir -p "$OUT/contracts" "$OUT/in"

awk 'BEGIN {
	OFS = ","
	print "contact_id,client_id,channel,direction,queue,customer_id,arrived_at,answered_at,ended_at,outcome,talk_s,hold_s,wrap_s,agent_id,transferred,resolved,csat,complaint" >"'"$OUT"'/in/contacts.csv"
	print "client_id,channel,queue,interval_start,interval_min,offered,aht_s,published_at" >"'"$OUT"'/in/forecast.csv"
	print "k actual forecast100 within" >"'"$OUT"'/expect.txt"
	for (d = 5; d <= 9; d++) {
		for (i = 0; i < 8; i++) {
			k = (d - 5) * 8 + i
			n = 6 + (k * 7) % 9
			if (k % 4 == 3) n = 11
			utc = 6 * 3600 + i * 1800        # 08:00 local is 06:00Z (CEST)
			for (j = 0; j < n; j++) {
				t = utc + int(j * 1800 / n)
				w = (j * 17 + k * 3) % 45
				id = sprintf("F%02d%02d%02d", d, i, j)
				arr = stamp(d, t)
				if (j % 7 == 3)
					print id, "FCX", "voice", "inbound", "q", "C" j, arr, "", stamp(d, t + w), "abandoned", "", "", "", "", 0, "", "", 0 >"'"$OUT"'/in/contacts.csv"
				else
					print id, "FCX", "voice", "inbound", "q", "C" j, arr, stamp(d, t + w), stamp(d, t + w + 180), "answered", 170, 0, 10, "A1", 0, 1, "", 0 >"'"$OUT"'/in/contacts.csv"
				# wait within 20 s and not abandoned: the service level numerator
				within[k] += (j % 7 != 3 && w <= 20)
			}
			actual[k] = n
			if (d == 9) continue
			m = k % 4
			f = m == 0 ? n * 100 : m == 1 ? n * 100 - 150 : m == 2 ? n * 100 + 125 : 1000
			if (k == 7) f = 999
			if (k == 30 || k == 31) f = 1025
			fc[k] = f
			if (k != 30 && k != 31)
				print "FCX", "voice", "", local(d, i), 30, sprintf("%d.%02d", f / 100, f % 100), 180, "2026-09-20T12:00:00Z" >"'"$OUT"'/in/forecast.csv"
			if (d == 5)    # published 1 October: inside the 7 lock days, never counts
				print "FCX", "voice", "", local(d, i), 30, 1000, 180, "2026-10-01T12:00:00Z" >"'"$OUT"'/in/forecast.csv"
		}
		print "E" d, "FCX", "email", "inbound", "q", "CE", stamp(d, 7 * 3600), stamp(d, 7 * 3600 + 600), stamp(d, 7 * 3600 + 900), "answered", 200, 0, 10, "A1", 0, 1, "", 0 >"'"$OUT"'/in/contacts.csv"
	}
	print "FCX", "voice", "", "2026-10-08T11:00:00+02:00", 60, "20.50", 180, "2026-09-20T12:00:00Z" >"'"$OUT"'/in/forecast.csv"
	print "FCX", "email", "", "2026-10-05T08:00:00+02:00", 30, 50, 600, "2026-09-20T12:00:00Z" >"'"$OUT"'/in/forecast.csv"
	print "FCX", "voice", "", "2026-10-20T08:00:00+02:00", 30, 5, 180, "2026-09-20T12:00:00Z" >"'"$OUT"'/in/forecast.csv"
	for (k = 0; k < 40; k++)
		print k " " actual[k] " " (k in fc ? fc[k] : "none") " " within[k] >"'"$OUT"'/expect.txt"
}
function stamp(d, s) { return sprintf("2026-10-%02dT%02d:%02d:%02dZ", d, int(s / 3600), int(s % 3600 / 60), s % 60) }
function local(d, i) { return sprintf("2026-10-%02dT%02d:%02d:00+02:00", d, 8 + int(i / 2), (i % 2) * 30) }'

cat >"$OUT/contracts/fcx.yaml" <<'EOF'
ccsla: 1
contract:
  id: FCX-2026
  client: FCX
  client_name: "Forecast Test AG"
  ccc_name: "Northwind Contact Services"
  effective: 2026-01-01
  timezone: Europe/Berlin
  currency: EUR
  monthly_charges: "10000.00"
  forecast: { lock_days: 7, tolerance_pct: 10, interval_min: 30 }
  credits: { model: at-risk, at_risk_pct: 10 }
slas:
  - id: SL-RELIEVED
    metric: service_level
    channels: [voice]
    relief: [forecast]
    target: ">= 80"
    kind: critical
    allocation_pct: 50
  - id: SL-PLAIN
    metric: service_level
    channels: [voice]
    target: ">= 80"
    kind: key
  - id: SL-DAILY-RELIEVED
    metric: service_level
    channels: [voice]
    relief: [forecast]
    each: day
    target: ">= 90"
    allowed_misses: 4
    kind: key
  - id: FORECAST-ACC
    metric: forecast_accuracy
    channels: [voice]
    owed_by: client
    target: ">= 85"
EOF

gzip -c "$OUT/in/contacts.csv" >"$OUT/in/contacts.csv.gz"
gzip -c "$OUT/in/forecast.csv" >"$OUT/in/forecast.csv.gz"
"$CCSLA" ingest --state "$S" "$OUT/in/contacts.csv.gz" "$OUT/in/forecast.csv.gz" >"$OUT/ingest.out" 2>&1
check_eq "the generated contacts and forecast are ingested" 0 $?
check_exit "the contract is valid" 0 "$CCSLA" contract check "$OUT/contracts/fcx.yaml" >"$OUT/check.out" 2>&1
check "contract check says the obligation is the client's" grep -q "sla FORECAST-ACC (owed by client)" "$OUT/check.out"
check "contract check shows the forecast terms" grep -q "forecast: lock 7 days, 30-minute intervals, over forecast above +10.00 %" "$OUT/check.out"

"$CCSLA" evaluate --state "$S" --contracts "$OUT/contracts" --period 2026-10 --out "$OUT/out" >"$OUT/eval.out" 2>&1
check_eq "evaluate exits 0" 0 $?
J="$OUT/out/FCX/2026-10/results.json"
C="$OUT/out/FCX/2026-10/results.csv"

# ---- independent figures (awk over expect.txt, integers throughout) ----
# accuracy = 100 (F - E) / F over the intervals with a forecast, F and E
# in hundredths; printed with 2 decimals, half-up
want_acc=$(awk 'NR > 1 && $3 != "none" { a = $2 * 100; f = $3; F += f; E += (a > f ? a - f : f - a) }
	END { v = 10000 * (F - E); q = int((2 * v + F) / (2 * F)); printf "%d.%02d", q / 100, q % 100 }' "$OUT/expect.txt")
# over forecast: actual > forecast x 1.10  <=>  actual x 100 x 100 > forecast100 x 110
awk 'NR > 1 && $3 != "none" && $2 * 10000 > $3 * 110 { print $1 }' "$OUT/expect.txt" >"$OUT/over.txt"
want_over=$(wc -l <"$OUT/over.txt" | tr -d ' ')
want_removed=$(awk 'NR > 1 && $3 != "none" && $2 * 10000 > $3 * 110 { s += $2 } END { print s + 0 }' "$OUT/expect.txt")
sl() { # $1: 1 = leave the over-forecast intervals out
	awk -v relief="$1" 'NR > 1 { if (relief && $3 != "none" && $2 * 10000 > $3 * 110) next; o += $2; w += $4 }
		END { q = int((20000 * w + o) / (2 * o)); printf "%d.%02d", q / 100, q % 100 }' "$OUT/expect.txt"
}
want_sl_relieved=$(sl 1)
want_sl_plain=$(sl 0)

jget() { # the value of "key" within the object of SLA id $1 in results.json
	awk -v id="$1" -v key="$2" '$0 ~ "\"id\": \"" id "\"" { on = 1 }
		on && $0 ~ "^ *\"" key "\": " { sub("^ *\"" key "\": \"?", ""); sub("\"?,?$", ""); print; exit }' "$J"
}
check_eq "forecast accuracy = 100 (1 - sum |actual - forecast| / sum forecast), awk: $want_acc" "$want_acc" \
	"$(jget FORECAST-ACC value)"
check_eq "it rests on 5-8 October's 32 intervals (not 9 nor 20 October, not e-mail, not the late version)" \
	"$(awk 'NR > 1 && $3 != "none" { s += $2 } END { print s }' "$OUT/expect.txt") offered against $(awk 'NR > 1 && $3 != "none" { s += $3 } END { printf "%d.%02d", s / 100, s % 100 }' "$OUT/expect.txt") forecast, 32 intervals" \
	"$(jget FORECAST-ACC basis)"
check "the relieved intervals include k = 7 (11 against 9.99) and no interval exactly at the tolerance" \
	sh -c "grep -qx 7 '$OUT/over.txt' && ! grep -qx 11 '$OUT/over.txt'"
check_eq "relieved intervals: $want_over, as awk finds" "$want_over" \
	"$(awk '/^  "relief": \{/ { top = 1 } top && /"sla_id": "SL-RELIEVED"/ { n++ } END { print n + 0 }' "$J")"
check_eq "SL-RELIEVED's excluded = the contacts of the relieved intervals ($want_removed)" "$want_removed" \
	"$(jget SL-RELIEVED excluded)"
check_eq "SL-RELIEVED's relief removed them, counted like a window" "$want_removed" \
	"$(awk '/"id": "SL-RELIEVED"/ { on = 1 } on && /"relief": \{/ { r = 1 } r && /"contacts_removed": / { gsub(/[^0-9]/, ""); print; exit }' "$J")"
check_eq "SL-RELIEVED = service level without the over-forecast intervals, awk: $want_sl_relieved" \
	"$want_sl_relieved" "$(jget SL-RELIEVED value)"
check_eq "SL-PLAIN keeps every interval, awk: $want_sl_plain" "$want_sl_plain" "$(jget SL-PLAIN value)"
check_eq "SL-PLAIN excludes nothing" 0 "$(jget SL-PLAIN excluded)"
# each: day under relief: every day's population leaves its over-forecast
# intervals out too (day d holds k = 8 (d - 5) .. 8 (d - 5) + 7)
awk 'NR > 1 { d = 5 + int($1 / 8); if ($3 != "none" && $2 * 10000 > $3 * 110) { rel[d]++; next } o[d] += $2; w[d] += $4 }
	END { for (d = 5; d <= 9; d++) { q = int((20000 * w[d] + o[d]) / (2 * o[d])); if (q < 9000) printf "2026-10-%02d %d %d\n", d, o[d], rel[d] + 0 } }' \
	"$OUT/expect.txt" >"$OUT/daily-missed.txt"
awk '/"id": "SL-DAILY-RELIEVED"/ { on = 1 } on && /"missed_sub_periods"/ { m = 1 } m && /"start": / { gsub(/.*"start": "|".*/, ""); s = substr($0, 1, 10) }
	m && /"denominator": / { gsub(/[^0-9]/, ""); print s, $0 } m && /^ *\]/ { exit }' "$J" >"$OUT/daily-missed-got.txt"
check "each: day under relief: some missed day has a relieved interval (so the check below can fail)" \
	awk '$3 > 0 { f = 1 } END { exit !f }' "$OUT/daily-missed.txt"
check_eq "each: day under relief: the missed days and their populations without the relieved intervals, awk" \
	"$(awk '{ print $1, $2 }' "$OUT/daily-missed.txt")" "$(cat "$OUT/daily-missed-got.txt")"
# k = 7: 5 October 11:30-12:00 local, 11 against 9.99: excess 1.01
check "the 5 October 11:30 interval is listed with actual 11, forecast 9.99, excess 1.01" \
	sh -c "tr -d '\n ' <'$J' | grep -q '\"start\":\"2026-10-05T11:30+02:00\",\"actual\":11,\"forecast\":\"9.99\",\"excess\":\"1.01\",\"contacts_removed\":11'"
check "9 October had no forecast: not relieved, and said" \
	sh -c "tr -d '\n ' <'$J' | grep -q '\"days_without_forecast\":\[\"2026-10-01\",\"2026-10-02\",\"2026-10-03\",\"2026-10-04\",\"2026-10-09\"'"
# the client's obligation: its own block, no credit line
check "FORECAST-ACC is in client_obligations, not in slas" \
	sh -c "tr -d '\n ' <'$J' | sed 's/\"client_obligations\".*//' | grep -vq 'FORECAST-ACC' && tr -d '\n ' <'$J' | sed 's/.*\"client_obligations\"//' | grep -q '\"id\":\"FORECAST-ACC\"'"
check_eq "results.csv: the client's obligation comes last, owed_by client" "FORECAST-ACC,client" \
	"$(awk -F, 'END { print $4 "," $NF }' "$C")"
check "credits.csv has the centre's SLA and no line for the client's obligation" sh -c "grep -q '^2026-10,sla,SL-RELIEVED,' '$OUT/out/FCX/2026-10/credits.csv' && ! grep -q FORECAST-ACC '$OUT/out/FCX/2026-10/credits.csv'"
check "ccsla evaluate says the client's obligations apart" grep -q "the client's obligations: 1 met, 0 missed, 0 not measurable\|the client's obligations: 0 met, 1 missed, 0 not measurable" "$OUT/eval.out"

# ---- ccsla metrics --kind forecast: the same figures ----
"$CCSLA" metrics --state "$S" --contracts "$OUT/contracts" --kind forecast --from 2026-10-01 --to 2026-10-31 \
	--by month,channel >"$OUT/mf.csv" 2>"$OUT/mf.err"
check_eq "metrics --kind forecast exits 0" 0 $?
check_eq "metrics --kind forecast --contracts (lock 7): voice = the SLA's $want_acc" "$want_acc" \
	"$(awk -F, '$2 == "voice" { print $NF }' "$OUT/mf.csv")"
"$CCSLA" metrics --state "$S" --client FCX --tz Europe/Berlin --kind forecast --from 2026-10-05 --to 2026-10-05 \
	--by interval,channel --lock-days 7 >"$OUT/mi.csv" 2>/dev/null
check_eq "--by interval: 5 October 11:30 has 11 offered against 9.99" "1,11,9.99,1.01" \
	"$(awk -F, '$1 == "2026-10-05T11:30+02:00" && $2 == "voice" { print $3 "," $4 "," $5 "," $6 }' "$OUT/mi.csv")"
"$CCSLA" metrics --state "$S" --client FCX --tz Europe/Berlin --kind forecast --from 2026-10-05 --to 2026-10-05 \
	--by day,channel --lock-days 0 >"$OUT/m0.csv" 2>/dev/null
check_eq "--lock-days 0: the version of 1 October counts (8 x 1000 forecast)" "8000.00" \
	"$(awk -F, '$2 == "voice" { print $5 }' "$OUT/m0.csv")"
check_exit "--lock-days is for --kind forecast: exit 2" 2 "$CCSLA" metrics --state "$S" --lock-days 3 \
	--from 2026-10-01 --to 2026-10-31 2>/dev/null

# ---- the report: forecast.csv attached, every figure recomputed from it ----
"$CCSLA" render --state "$S" --contracts "$OUT/contracts" --period 2026-10 --out "$OUT/render" >"$OUT/render.out" 2>&1
check_eq "render exits 0" 0 $?
R="$OUT/render/FCX/2026-10"
check_eq "forecast.csv attaches every version of the month's forecast rows (all 41)" \
	"$(awk 'NR > 1' "$OUT/in/forecast.csv" | wc -l | tr -d ' ')" "$(awk 'NR > 1' "$R/forecast.csv" | wc -l | tr -d ' ')"
"$CCSLA" verify --recompute "$R/report.pdf" >"$OUT/verify.out" 2>&1
check "verify --recompute: the relieved SLA and the forecast accuracy recompute from the attachments" \
	grep -q "^RECOMPUTED: all [0-9]* figures match" "$OUT/verify.out"
check "the scorecard lists the client's obligation under its own heading" \
	sh -c "pdftotext '$R/report.pdf' - | sed -n '/^The client.s obligations\$/,\$p' | grep -q '^FORECAST-'"
check "report.html: the client's obligations in their own table" \
	sh -c "sed -n '/<h3>The client.s obligations<\/h3>/,\$p' '$R/report.html' | grep -q 'data-sla=\"FORECAST-ACC\"'"
check "the month in brief counts the centre's 3 service levels, not the client's obligation" \
	sh -c "pdftotext -layout '$R/report.pdf' - | tr '\n' ' ' | grep -q 'Service levels .*0 not *measurable of 3 '"
check_eq "the exclusions page lists each relieved interval ($want_over)" "$want_over" \
	"$(pdftotext -layout "$R/report.pdf" - | grep -c '^SL-RELIEVED  *2026-10-')"
check "the relieved 5 October 11:30 reads 11 against 9.99, excess 1.01, 11 removed" \
	sh -c "pdftotext -layout '$R/report.pdf' - | grep -Eq '^SL-RELIEVED +2026-10-05T11:30\+02:00 +11 +9\.99 +1\.01 +11\$'"
check "report.html lists them too" \
	test "$(grep -o '<th scope="row">SL-RELIEVED</th><td>2026-10-' "$R/report.html" | wc -l)" -eq "$want_over"
check "the report says the forecast accuracy is a client-owed SLA" \
	sh -c "pdftotext '$R/report.pdf' - | tr '\n' ' ' | grep -q 'The forecast accuracy of voice, a client-owed SLA'"

# ---- no forecast for the period: not measurable, never met ----
"$CCSLA" evaluate --state "$S" --contracts "$OUT/contracts" --period 2026-11 --out "$OUT/out" >/dev/null 2>&1
check_eq "November has no forecast: FORECAST-ACC not measurable" "not measurable" \
	"$(J="$OUT/out/FCX/2026-11/results.json" && awk '/"id": "FORECAST-ACC"/ { on = 1 } on && /"verdict"/ { sub(/.*"verdict": "/, ""); sub(/".*/, ""); print; exit }' "$J")"

# ---- contract errors: file:line:column ----
bad() { # $1 name, $2 the SLAs that replace the contract's (line 14 on), $3 expected message, $4 sed on the head
	sed -e '/^slas:/,$d' -e "${4:-p;d}" "$OUT/contracts/fcx.yaml" >"$OUT/bad.yaml"
	[ -n "$4" ] || sed '/^slas:/,$d' "$OUT/contracts/fcx.yaml" >"$OUT/bad.yaml"
	printf 'slas:\n%s\n' "$2" >>"$OUT/bad.yaml"
	"$CCSLA" contract check "$OUT/bad.yaml" >"$OUT/bad.out" 2>&1
	rc=$?
	check_eq "$1: exit 1" 1 "$rc"
	check "$1: says '$3'" grep -qF "$3" "$OUT/bad.out"
}
bad "owed_by client with credits" '  - id: ACC
    metric: forecast_accuracy
    owed_by: client
    target: ">= 85"
    kind: critical
    allocation_pct: 10' "bad.yaml:18:11: sla 'ACC': owed_by: client is the client's obligation and never carries credits"
bad "owed_by client with relief" '  - id: ACC
    metric: service_level
    owed_by: client
    relief: [forecast]
    target: ">= 85"' "bad.yaml:17:13: sla 'ACC': relief applies to the contact centre's SLAs"
bad "relief without tolerance_pct" '  - id: SL
    metric: service_level
    relief: [forecast]
    target: ">= 80"
    kind: key' "bad.yaml:16:13: sla 'SL': relief: [forecast] needs the contract's forecast.tolerance_pct" \
	's/tolerance_pct: 10, //'
bad "relief on an operations-log metric" '  - id: ACC
    metric: forecast_accuracy
    relief: [forecast]
    target: ">= 80"
    kind: key' "bad.yaml:16:13: sla 'ACC': relief: [forecast] removes contacts of over-forecast intervals: it applies to SLAs measured from contacts, not to an operations-log metric"
bad "an unknown relief" '  - id: SL
    metric: service_level
    relief: [outage]
    target: ">= 80"
    kind: key' "bad.yaml:16:14: 'relief': unknown relief 'outage', expected forecast"
bad "an unknown owed_by" '  - id: SL
    metric: service_level
    owed_by: clients
    target: ">= 80"
    kind: key' "bad.yaml:16:14: 'owed_by': unknown value 'clients'"
bad "a forecast interval_min of 45" '  - id: SL
    metric: service_level
    target: ">= 80"
    kind: key' "bad.yaml:11:62: forecast: 'interval_min' must be 15, 30 or 60, not 45" 's/interval_min: 30/interval_min: 45/'
bad "kind is still required of the centre's SLAs" '  - id: SL
    metric: service_level
    target: ">= 80"' "bad.yaml:14:5: missing key 'kind'"
e2e_done
