# each: interval and each: day SLAs (contracts.md v2) over a generated month
# of ACME (Europe/Berlin, October 2026 with its 25-hour day), checked against
# an independent awk computation over the stored rows (store_dump): per
# half-hour and per local day the voice service level 100 x Aw / (A + F +
# Ab) (abandons against, callbacks ignore, overflow against), half-hours
# below min_volume 10 not counted, rounded half-up to 2 decimals before the
# comparison; the compliance, the verdict, and every missed sub-period with
# its local start, numerator and denominator.
. tests/e2e_lib.sh
dir=$OUT/evaluate-each
rm -rf "$dir" && mkdir -p "$dir/contracts"
cp fixtures/contracts/each/acme-each.yaml "$dir/contracts/"
"$BUILD/tools/gen_logs" --seed 5 --rows 60000 -o "$dir/in.csv.gz" || exit 1
"$CCSLA" ingest --state "$dir/state" "$dir/in.csv.gz" >/dev/null 2>&1
"$BUILD/tools/store_dump" "$dir/state" >"$dir/rows.csv" || exit 1
check_exit "evaluate a month with each: SLAs" 0 \
	"$CCSLA" evaluate --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 --out "$dir/out" >"$dir/run.txt" 2>"$dir/run.err"
json=$dir/out/ACME/2026-10/results.json

# The independent side. Berlin in October 2026: +02:00 until
# 2026-10-25T01:00Z, +01:00 after; the month is [09-30T22:00Z, 10-31T23:00Z).
# Half-hours are UTC half-hours (Berlin's offsets are whole hours).
awk -F, -v out="$dir" '
function ms(t,   y, m, d, era, yoe, doy, doe) {
	y = substr(t, 1, 4) + 0; m = substr(t, 6, 2) + 0; d = substr(t, 9, 2) + 0
	if (m <= 2) y--
	era = int(y / 400); yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return ((era * 146097 + doe - 719468) * 86400 + substr(t, 12, 2) * 3600 + substr(t, 15, 2) * 60 + substr(t, 18, 2)) * 1000 + substr(t, 21, 3)
}
function civil(days,   z, era, doe, yoe, y, doy, mp, d, m) {
	z = days + 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}
function label(t,   off, l, s) {
	off = t < change ? 2 : 1; l = t + off * 3600000; s = int(l / 1000) % 86400
	return sprintf("%sT%02d:%02d+%02d:00", civil(int(l / 86400000)), int(s / 3600), int(s % 3600 / 60), off)
}
# rounded half-up to 2 decimals, x 100, >= 100 x target
function meets(num, den, tgt) { return int((2 * 10000 * num + den) / (2 * den)) >= tgt * 100 }
BEGIN { from = ms("2026-09-30T22:00:00.000Z"); to = ms("2026-10-31T23:00:00.000Z"); change = ms("2026-10-25T01:00:00.000Z") }
$3 == "ACME" && $4 == "voice" && $5 == "inbound" && $11 != "deflected" {
	t = ms($8)
	if (t < from || t >= to) next
	h = int(t / 1800000); d = int((t + (t < change ? 2 : 1) * 3600000) / 86400000)
	hs[h] = 1; ds[d] = 1; off[h]++
	if ($11 == "answered") { if (ms($9) - t <= 20000) { awh[h]++; awd[d]++ } den_h[h]++; den_d[d]++ }
	else if ($11 == "abandoned" || $11 == "overflow" || $11 == "open") { den_h[h]++; den_d[d]++ }
}
END {
	for (h in hs) if (off[h] >= 10 && den_h[h] > 0) {
		counted++
		if (meets(awh[h] + 0, den_h[h], 60)) met++
		else printf "%s %d %d\n", label(h * 1800000), awh[h], den_h[h] > out "/awk_missed_hh.txt"
	}
	for (d in ds) if (den_d[d] > 0) { dc++; if (meets(awd[d] + 0, den_d[d], 58)) dm++ }
	printf "%d %d %d\n", counted, met, counted - met > out "/awk_hh.txt"
	printf "%d %d %d\n", dc, dm, dc - dm > out "/awk_day.txt"
}' "$dir/rows.csv"
sort -o "$dir/awk_missed_hh.txt" "$dir/awk_missed_hh.txt"

# The same figures from results.json: the SLA's each block.
each_of() {
	awk -v id="$1" '
		/"id": "/ { inside = index($0, "\"id\": \"" id "\"") > 0 }
		inside && /"counted":/ { gsub(/[^0-9]/, ""); c = $0 }
		inside && /"met":/ { gsub(/[^0-9]/, ""); m = $0 }
		inside && /"missed":/ { gsub(/[^0-9]/, ""); x = $0 }
		END { print c, m, x }' "$json"
}
missed_of() {
	awk -v id="$1" '
		/"id": "/ { inside = index($0, "\"id\": \"" id "\"") > 0 }
		inside && /"start":/ { s = $0; sub(/.*"start": "/, "", s); sub(/".*/, "", s) }
		inside && /"numerator":/ { n = $0; gsub(/[^0-9]/, "", n) }
		inside && /"denominator":/ { d = $0; gsub(/[^0-9]/, "", d); print s, n, d }' "$json" | sort
}
read hc hm hx <"$dir/awk_hh.txt"
read dc dm dx <"$dir/awk_day.txt"
check "the month has half-hours that miss and half-hours that meet" test "$hm" -gt 0 -a "$hx" -gt 0
check_eq "SL-HH: counted, met and missed half-hours as awk counts them" "$hc $hm $hx" "$(each_of SL-HH)"
check_eq "SL-DAY: counted, met and missed days as awk counts them" "$dc $dm $dx" "$(each_of SL-DAY)"
missed_of SL-HH >"$dir/ccsla_missed_hh.txt"
check "every missed half-hour is listed with its local start, numerator and denominator" \
	diff "$dir/awk_missed_hh.txt" "$dir/ccsla_missed_hh.txt"
check "missed half-hours after the change of 25 October read +01:00" \
	grep -q '"start": "2026-10-2[5-9]T[0-9:]*+01:00"' "$json"
check_eq "the month has 1,490 half-hours (31 x 48 + 2)" 1490 \
	"$(awk '/"id": "SL-HH"/ { i = 1 } i && /"sub_periods":/ { gsub(/[^0-9]/, ""); print; exit }' "$json")"
# The month's value and verdict: compliance = 100 x met / counted, rounded
# half-up; >= 90 % (SL-HH); at most 3 missed days (SL-DAY).
want=$(awk -v m="$hm" -v c="$hc" 'BEGIN { printf "%.2f", int((2 * 10000 * m + c) / (2 * c)) / 100 }')
check "SL-HH's value in results.csv is the compliance $want" \
	grep -q "^2026-10,ACME,ACME-EACH,SL-HH,critical,interval_compliance_pct,$want,%,>= 90," "$dir/out/ACME/2026-10/results.csv"
verdict=met
[ "$(awk -v m="$hm" -v c="$hc" 'BEGIN { print (int((2 * 10000 * m + c) / (2 * c)) >= 9000) }')" = 1 ] || verdict=missed
check "SL-HH is $verdict" grep -q "^2026-10,ACME,ACME-EACH,SL-HH,.*,$verdict," "$dir/out/ACME/2026-10/results.csv"
check_eq "awk: the month misses 14 days (the contract allows 14)" 14 "$dx"
check "SL-DAY is met at the edge (14 days missed, 14 allowed)" \
	grep -q "^2026-10,ACME,ACME-EACH,SL-DAY,key,day_compliance_pct,.*,at most 14 missed,,met," "$dir/out/ACME/2026-10/results.csv"
check "contract check shows the each: clause" \
	sh -c "'$CCSLA' contract check '$dir/contracts/acme-each.yaml' | grep -q 'each interval of 30 local minutes: service_level_pct >= 60 in each half-hour'"
cp -r "$dir/out" "$dir/out1"
"$CCSLA" evaluate --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 --out "$dir/out" >/dev/null 2>&1
check "re-evaluation writes byte-identical outputs" diff -r "$dir/out1" "$dir/out"
"$CCSLA" contract check fixtures/contracts/broken/each-errors.yaml >/dev/null 2>"$dir/bad.err"
check_eq "a contract error in an each: clause exits 1" 1 $?
check "and names file:line:column" grep -q "^fixtures/contracts/broken/each-errors.yaml:25:19: 'interval_min' must be 15, 30 or 60" "$dir/bad.err"
# The report: the compliance in words and the worst missed half-hours on
# the SLA page; metrics.csv a row per missed half-hour; every figure
# recomputed from the attached evidence.
"$CCSLA" render --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 --out "$dir/rout" >/dev/null 2>&1
check_eq "render the month" 0 $?
pdf=$dir/rout/ACME/2026-10/report.pdf
pdftotext -layout "$pdf" "$dir/report.txt"
check "the SLA page says the compliance in words" \
	grep -q "60/20 met in $hm of $hc half-hours; $hx missed" "$dir/report.txt"
check "and lists the worst missed half-hours" grep -q "Worst missed half-hours (6 of $hx; target >= 60 % in each" "$dir/report.txt"
# Every missed half-hour in the list after the SLA pages (PDF) and in
# report.html: results.json's start, end (its time; with its offset only
# when that differs, the hour clocks go back), value and counts, row by row.
awk '/"id": "/ { inside = index($0, "\"id\": \"SL-HH\"") > 0 }
	inside && /"start":/ { s = $0; sub(/.*"start": "/, "", s); sub(/".*/, "", s) }
	inside && /"end":/ { e = $0; sub(/.*"end": "/, "", e); sub(/".*/, "", e) }
	inside && /"value":/ { v = $0; sub(/.*"value": "/, "", v); sub(/".*/, "", v) }
	inside && /"basis":/ { b = $0; sub(/.*"basis": "/, "", b); sub(/".*/, "", b)
		end = substr(e, 17) == substr(s, 17) ? substr(e, 12, 5) : substr(e, 12)
		printf "%s %s|%s|%s %%|%s\n", substr(s, 1, 10), substr(s, 12), end, v, b }' "$json" >"$dir/json_rows.txt"
check_eq "results.json lists every missed half-hour" "$hx" "$(wc -l <"$dir/json_rows.txt")"
check "the SLA page names the page of the full list" grep -q "All $hx missed half-hours, in time order with their counts: page [0-9]* (Every missed sub-period)" "$dir/report.txt"
check "the list has its heading" grep -q "SL-HH: all $hx missed half-hours" "$dir/report.txt"
tr -s ' ' <"$dir/report.txt" >"$dir/report_sq.txt"
n=0
while IFS='|' read -r st en va ba; do
	grep -qF "$st $en $va $ba" "$dir/report_sq.txt" && n=$((n + 1))
done <"$dir/json_rows.txt"
check_eq "every missed half-hour is a row of the PDF's list (start, end, value, counts)" "$hx" "$n"
check "the 25-hour day: 02:30+02:00 ends at 02:00+01:00, or no half-hour of that hour missed" \
	sh -c "! grep -q '^2026-10-25 02:30+02:00|' '$dir/json_rows.txt' || grep -qF '2026-10-25 02:30+02:00 02:00+01:00' '$dir/report_sq.txt'"
html=$dir/rout/ACME/2026-10/report.html
n=0
while IFS='|' read -r st en va ba; do
	grep -qF "<th scope=\"row\" class=\"d\">$st</th><td>$en</td><td class=\"num\">$va</td><td class=\"v\">$ba</td></tr>" "$html" && n=$((n + 1))
done <"$dir/json_rows.txt"
check_eq "and of report.html's" "$hx" "$n"
check_eq "report.html's half-hour list has no other row" "$hx" \
	"$(grep -o '<tr><th scope="row" class="d">[^<]*</th><td>[^<]*</td><td class="num">' "$html" | wc -l)"
worst=$(awk '{ printf "%d %s\n", int((2 * 10000 * $2 + $3) / (2 * $3)), $0 }' "$dir/awk_missed_hh.txt" | sort -n -s -k1,1 | head -n 1)
set -- $worst
check "the worst missed half-hour is awk's lowest ($2, $3 of $4)" grep -q "${2%%T*} ${2#*T}.* ($3 of $4 counted)" "$dir/report.txt"
check_eq "metrics.csv has a row per missed half-hour" "$hx" "$(grep -c '^2026-10,sla,SL-HH,.*,service_level_pct,.*,>= 60,missed,' "$dir/rout/ACME/2026-10/metrics.csv")"
check "the scorecard reads the allowed misses as written" grep -q "at most 14 missed" "$dir/report.txt"
"$CCSLA" verify --recompute "$pdf" >"$dir/recompute.out" 2>&1
check "verify --recompute recomputes every figure of the each: SLAs" grep -q "^RECOMPUTED: all [0-9]* figures match" "$dir/recompute.out"

# The README skeleton's each: SLAs, uncommented, are a valid contract.
mkdir -p "$dir/skel"
sed -n '/^<!-- getting-started: contract -->$/,/^```$/p' README.md | sed '1,2d;$d' |
	awk '/# Per-period targets/ { on = 1; next } on && /# An SLA on the outage log/ { on = 0 }
	     on { sub(/^  # - /, "  - "); sub(/^    # /, "    ") } { print }' >"$dir/skel/skeleton.yaml"
check "the skeleton's each: block is there to uncomment" grep -q '^    each: interval' "$dir/skel/skeleton.yaml"
"$CCSLA" contract check "$dir/skel" >"$dir/skel.out" 2>&1
check_eq "the README skeleton with its each: SLAs uncommented is valid" 0 $?
check "and contract check reads them" grep -q 'each day: service_level_pct >= 70 in each day' "$dir/skel.out"
e2e_done
