# The hour that comes twice: each: interval misses inside Europe/Berlin's
# repeated hour of 25 October 2026 (02:00-03:00 local, once at +02:00 and
# again at +01:00), from a hand-made log whose every half-hour is known:
#   00:00Z = 02:00+02:00  12 offered, none answered within 20 s  -> 0.00, missed
#   00:30Z = 02:30+02:00  3 of 12 within 20 s                    -> 25.00, missed
#   01:00Z = 02:00+01:00  6 of 12                                -> 50.00, missed
#   01:30Z = 02:30+01:00  12 of 12                               -> 100.00, met
#   10:00Z = 11:00+01:00  12 of 12                               -> 100.00, met
# SL-HH (fixtures/contracts/each/acme-each.yaml: >= 60 in each half-hour of
# at least 10 contacts) must list the three misses apart, the two 02:00s by
# their offsets, and 02:30+02:00 as ending at 02:00+01:00 (the clocks go
# back), in results.json, the PDF's list and report.html alike; the other
# half-hours of the month have no contact and do not count. SL-DAY's one
# missed day (25 October, 33 of 60) is said in the singular.
. tests/e2e_lib.sh
dir=$OUT/dst
rm -rf "$dir" && mkdir -p "$dir/contracts"
cp fixtures/contracts/each/acme-each.yaml "$dir/contracts/"

# hh UTC_HH:MM N_WITHIN N_LATE: voice contacts arriving 2 s apart from the
# half-hour's start, answered after 5 s (within 20 s) or 60 s (late)
hh() {
	awk -v t="$1" -v ok="$2" -v late="$3" '
	function at(sec) { return sprintf("2026-10-25T%s:%02d:%02d.000Z", substr(t, 1, 2), substr(t, 4, 2) + int(sec / 60), sec % 60) }
	BEGIN {
		for (i = 0; i < ok + late; i++) {
			a = i * 2; w = i < ok ? 5 : 60
			printf "D-%s%s-%02d,ACME,voice,inbound,billing,C-%s%s-%02d,%s,%s,%s,answered,60,0,0,A-1,0,,,0\n",
				substr(t, 1, 2), substr(t, 4, 2), i, substr(t, 1, 2), substr(t, 4, 2), i, at(a), at(a + w), at(a + w + 60)
		}
	}'
}
{
	echo "contact_id,client_id,channel,direction,queue,customer_id,arrived_at,answered_at,ended_at,outcome,talk_s,hold_s,wrap_s,agent_id,transferred,resolved,csat,complaint"
	hh 00:00 0 12
	hh 00:30 3 9
	hh 01:00 6 6
	hh 01:30 12 0
	hh 10:00 12 0
} | gzip -n >"$dir/in.csv.gz"
check_exit "the hand-made log ingests (60 rows)" 0 "$CCSLA" ingest --state "$dir/state" "$dir/in.csv.gz"
check_exit "evaluate October" 0 "$CCSLA" evaluate --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 \
	--out "$dir/out"
json=$dir/out/ACME/2026-10/results.json
rows() { # start|end|numerator|denominator of SL-HH's misses, from results.json
	awk '/"id": "/ { inside = index($0, "\"id\": \"SL-HH\"") > 0 }
		inside && /"start":/ { s = $0; sub(/.*"start": "/, "", s); sub(/".*/, "", s) }
		inside && /"end":/ { e = $0; sub(/.*"end": "/, "", e); sub(/".*/, "", e) }
		inside && /"numerator":/ { n = $0; gsub(/[^0-9]/, "", n) }
		inside && /"denominator":/ { d = $0; gsub(/[^0-9]/, "", d); print s "|" e "|" n "|" d }' "$json"
}
check_eq "results.json: the three misses, each half-hour apart, in time order" \
	"2026-10-25T02:00+02:00|2026-10-25T02:30+02:00|0|12 2026-10-25T02:30+02:00|2026-10-25T02:00+01:00|3|12 2026-10-25T02:00+01:00|2026-10-25T02:30+01:00|6|12" \
	"$(rows | tr '\n' ' ' | sed 's/ $//')"
check "5 half-hours counted, 2 met, 3 missed" sh -c \
	"tr -d ' \n' <'$json' | grep -q '\"id\":\"SL-HH\".*\"counted\":5,\"met\":2,\"missed\":3'"

SOURCE_DATE_EPOCH=1793836800 "$CCSLA" render --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 \
	--out "$dir/rout" >/dev/null 2>&1
check_eq "render October" 0 $?
pdftotext -layout "$dir/rout/ACME/2026-10/report.pdf" - | tr -s ' ' >"$dir/report.txt"
for r in "2026-10-25 02:00+02:00 02:30 0.00 %" "2026-10-25 02:30+02:00 02:00+01:00 25.00 %" \
	"2026-10-25 02:00+01:00 02:30 50.00 %"; do
	check "the PDF's list has the row '$r'" grep -qF "$r" "$dir/report.txt"
done
# SL-DAY (>= 58 in each day): 25 October, 33 of 60 within 20 s, is its one
# missed day, and the report says so in the singular
check "SL-DAY: the SLA page points to its one missed day" \
	grep -q "The 1 missed day, with its counts: page [0-9]* (Every missed sub-period)" "$dir/report.txt"
check "SL-DAY: the list's heading" grep -q "SL-DAY: the 1 missed day$" "$dir/report.txt"
check "SL-DAY: its row, 25 October at 55.00 % (33 of 60)" grep -q "2026-10-25 55.00 % 33 of 60 counted" "$dir/report.txt"
html=$dir/rout/ACME/2026-10/report.html
check "report.html: SL-DAY's heading in the singular" grep -q ">SL-DAY: the 1 missed day</h3>" "$html"
for r in '02:00+02:00</th><td>02:30</td><td class="num">0.00 %' \
	'02:30+02:00</th><td>02:00+01:00</td><td class="num">25.00 %' \
	'02:00+01:00</th><td>02:30</td><td class="num">50.00 %'; do
	check "report.html's list has the row '$r'" grep -qF "$r" "$html"
done
check_eq "report.html's half-hour list has no other row" 3 \
	"$(grep -o '<tr><th scope="row" class="d">[^<]*</th><td>[^<]*</td><td class="num">' "$html" | wc -l)"
# the heatmap has one cell per local half-hour: 25 October's repeated hour
# shows one of its two half-hours, and the report says which
fold="its cells show the busier of its two half-hours (the earlier when equally busy)"
check "the PDF says what the heatmap shows of the repeated hour" \
	sh -c "tr '\n' ' ' <'$dir/report.txt' | grep -qF '$fold'"
check "and report.html" grep -qF "$fold" "$html"
# the same data in a zone without a change that day: no hour twice, no sentence
sed 's|^  timezone: Europe/Berlin|  timezone: UTC|' fixtures/contracts/each/acme-each.yaml >"$dir/contracts/acme-each.yaml"
SOURCE_DATE_EPOCH=1793836800 "$CCSLA" render --state "$dir/state" --contracts "$dir/contracts" --period 2026-10 \
	--out "$dir/utc" >/dev/null 2>&1
check "in UTC the heatmap has no repeated hour to explain" \
	sh -c "test -s '$dir/utc/ACME/2026-10/report.html' && ! grep -qF '$fold' '$dir/utc/ACME/2026-10/report.html'"
e2e_done
