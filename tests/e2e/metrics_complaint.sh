# Complaint-handling SLAs (contracts.md v2: complaint_ack,
# complaint_resolved) over an ingested complaint log, through ccsla
# evaluate and `ccsla metrics --kind complaint`, against values worked out
# by hand (operations-logs.md "complaint"; core/deadline.h).
#
# fixtures/opslogs/cmpl: Europe/Berlin, mon-fri 08:00-18:00, holiday Thu
# 2026-10-22; CEST until Sun 25 Oct 03:00, CET after. The watermark is the
# last contact, Tue 2026-11-03 12:00Z. Day 0, deadlines (2 wd / 8 h / 10 wd):
#   K-01 Fri 23 17:59 CEST: day 0 Fri. 2 wd = end of Tue 27 = 23:00Z; acked
#        exactly then: in time. 8 h = 1 min Fri + 7:59 Mon = Mon 14:59Z: late.
#        10 wd = end of Fri 6 Nov; resolved 2 Nov: in time. ccc
#   K-02 Fri 23 18:01 CEST: day 0 Mon 26. 2 wd = end of Wed 28 (23:00Z);
#        acked Wed 15:00Z: in time (day 0 Friday would make it late).
#        8 h = Mon 15:00Z: late. Not resolved, 10 wd = end of Mon 9 Nov:
#        pending. client
#   K-03 Wed 21 10:00 CEST: 2 wd skips the holiday: Fri 23, Mon 26 = 26 Oct
#        23:00Z; acked Mon 16:00Z: in time. 8 h run out at Wed 18:00: the
#        next opening, Fri 23 06:00Z: late. 10 wd = end of Thu 5 Nov:
#        pending. caused_by empty = unknown
#   K-04 Mon 5 09:00 CEST, never acked nor resolved: all three late. ccc
#   K-05 Sat 10: day 0 Mon 12; acked Mon 07:00Z: in time for 2 wd and 8 h
#        (Mon 14:00Z); resolved Fri 23: 10 wd = end of Tue 27: in time. ccc
#   K-06 Tue 27 09:00Z, not acked: 2 wd = end of Thu 29 < watermark: late;
#        8 h: late; resolved Wed 28: in time. ccc
#   K-07 Fri 30 17:00 CET, nothing yet: 2 wd = end of Tue 3 Nov 23:00Z >
#        watermark: pending; 8 h = Mon 2 Nov 14:00Z: late; 10 wd pending. ccc
#   K-08, K-09: September; K-10: November.
# October, every cause: ack 2 wd 4 of 6 (1 pending) = 66.67 (target 90:
# missed, a default: 10 % x 100000.00 x 50 % = 5000.00 EUR); ack 8 h 1 of 7
# = 14.29; resolved 10 wd over ccc and unknown (K-02 left out): K-01, K-05,
# K-06 in time, K-04 late, K-03 and K-07 pending = 3 of 4 = 75.00 (target 75
# met). Backlog at the end of October (31 Oct 23:00Z): K-09 (resolved 2
# Nov), K-01, K-02, K-03, K-04, K-07 = 6; the oldest K-09, received Wed 30
# Sep: open days ended since: 1-2, 5-9, 12-16, 19-21, 23, 26-30 Oct = 21.
# September: K-08 and K-09 acked in 2 wd (100.00); K-09 acked Thu 1 Oct
# 10:00Z, 8 h ran out at 08:00Z: 1 of 2 = 50.00; K-09 resolved 2 Nov after
# its 10 wd (end of Wed 14 Oct): 50.00. August: before the log: not
# measurable.
. tests/e2e_lib.sh

F=fixtures/opslogs/cmpl
mkdir -p "$OUT/in"
for f in interactions complaint; do gzip -c "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
"$CCSLA" ingest --state "$S" "$OUT/in/interactions.csv.gz" "$OUT/in/complaint.csv.gz" >"$OUT/ingest.out" 2>&1
check_eq "ingest: exit 0" 0 $?
"$CCSLA" contract check "$F/contract.yaml" >"$OUT/check.out" 2>&1
check_eq "the contract with complaint SLAs is valid" 0 $?
check "the summary names the deadline and the scope" \
	grep -q "within 10 working days; caused_by ccc unknown" "$OUT/check.out"
check "a deadline in service hours" grep -q "within 8 service hours; caused_by ccc client unknown" "$OUT/check.out"

v() { awk -F, -v id="$2" '$4 == id { print $7 " " $11 }' "$1"; }
"$CCSLA" evaluate --state "$S" --contracts "$F/contract.yaml" --period 2026-10 --out "$OUT/out" >"$OUT/ev10.out" 2>&1
check_eq "evaluate October: exit 0" 0 $?
R="$OUT/out/CMPL/2026-10/results.csv"
check_eq "ack within 2 working days 66.67: a default" "66.67 default" "$(v "$R" ACK-2WD)"
check_eq "resolved within 10 working days (ccc, unknown) 75.00: met" "75.00 met" "$(v "$R" RES-10WD)"
check_eq "ack within 8 service hours 14.29: missed" "14.29 missed" "$(v "$R" ACK-8H)"
check_eq "the complaint credit: 5000.00 EUR" "5000.00" \
	"$(awk -F, '$3 == "ACK-2WD" { print $14 }' "$OUT/out/CMPL/2026-10/credits.csv")"
check_eq "net credits 5000.00" "5000.00" "$(awk -F, '$2 == "net" { print $14 }' "$OUT/out/CMPL/2026-10/credits.csv")"
J="$OUT/out/CMPL/2026-10/results.json"
check "the basis: in time of judged, the deadline, pending" \
	grep -q '"basis": "4 of 6 acknowledged within 2 working days, 1 pending"' "$J"
check "the resolved basis" grep -q '"basis": "3 of 4 resolved within 10 working days, 2 pending"' "$J"
tr -d ' \n' <"$J" >"$OUT/j.flat"
check "the parameters: the deadline and the causes counted" \
	grep -q '"within_working_days":10,"caused_by":\["ccc","unknown"\]' "$OUT/j.flat"

"$CCSLA" evaluate --state "$S" --contracts "$F/contract.yaml" --period 2026-09 --out "$OUT/out" >"$OUT/ev09.out" 2>&1
R="$OUT/out/CMPL/2026-09/results.csv"
check_eq "September: ack 2 wd 100.00 met" "100.00 met" "$(v "$R" ACK-2WD)"
check_eq "September: ack 8 h 50.00 met" "50.00 met" "$(v "$R" ACK-8H)"
check_eq "September: resolved 10 wd 50.00 (a default)" "50.00 default" "$(v "$R" RES-10WD)"
"$CCSLA" evaluate --state "$S" --contracts "$F/contract.yaml" --period 2026-08 --out "$OUT/out" >"$OUT/ev08.out" 2>&1
check_eq "August, before the log: not measurable, never met" "n/a not measurable|no complaint log for the period" \
	"$(awk -F, '$4 == "ACK-2WD" { print $7 " " $11 "|" $12 }' "$OUT/out/CMPL/2026-08/results.csv")"
check_eq "no credit for a not-measurable SLA" "0.00" "$(awk -F, '$2 == "net" { print $14 }' "$OUT/out/CMPL/2026-08/credits.csv")"

# min_volume counts the cases judged (6: the pending one is not)
sed 's/    within_working_days: 2/    within_working_days: 2\n    min_volume: 7/' "$F/contract.yaml" >"$OUT/mv.yaml"
"$CCSLA" evaluate --state "$S" --contracts "$OUT/mv.yaml" --period 2026-10 --out "$OUT/out-mv" >/dev/null 2>&1
check_eq "min_volume 7 over 6 judged cases: not measurable, said in cases" \
	"66.67 not measurable|below min_volume 7 (cases 6)" \
	"$(awk -F, '$4 == "ACK-2WD" { print $7 " " $11 "|" $12 }' "$OUT/out-mv/CMPL/2026-10/results.csv")"

# contract mistakes name the key
bad() { sed "$1" "$F/contract.yaml" >"$OUT/bad.yaml"; "$CCSLA" contract check "$OUT/bad.yaml" 2>&1; }
check "a complaint SLA without its deadline is refused" \
	sh -c 'echo "$0" | grep -q "metric complaint_ack needs its deadline: within_working_days: N or within_hours: H"' \
	"$(bad '/within_working_days: 2/d')"
check "both deadlines are refused" sh -c 'echo "$0" | grep -q "within_working_days and within_hours both given"' \
	"$(bad 's/    within_working_days: 2/    within_working_days: 2\n    within_hours: 16/')"
check "an unknown caused_by names the line" \
	sh -c 'echo "$0" | grep -q "bad.yaml:34:16: caused_by: unknown value .customer."' \
	"$(bad 's/caused_by: \[ccc, unknown\]/caused_by: [ccc, customer]/')"
check "within_hours on another metric is refused" \
	sh -c 'echo "$0" | grep -q "parameter .within_hours. applies to metrics complaint_ack and complaint_resolved only"' \
	"$(bad '/id: ACK-8H/,$ s/metric: complaint_ack/metric: aht/')"
check "complaint_backlog is a figure, not an SLA metric" \
	sh -c 'echo "$0" | grep -q "unknown metric .complaint_backlog."' "$(bad 's/metric: complaint_ack$/metric: complaint_backlog/')"

# ccsla metrics --kind complaint: the SLA's figures, the backlog, the oldest age
"$CCSLA" metrics --state "$S" --kind complaint --contracts "$F/contract.yaml" --from 2026-10-01 --to 2026-10-31 \
	--by client,month >"$OUT/m.csv" 2>"$OUT/m.err"
check_eq "metrics --kind complaint: exit 0" 0 $?
check_eq "the CSV header" \
	"client,month,received,ack_in_time,ack_late,ack_pending,resolved_in_time,resolved_late,resolved_pending,complaint_ack_within_pct,complaint_resolved_within_pct,complaint_backlog,oldest_age_working_days" \
	"$(head -n 1 "$OUT/m.csv")"
# deadlines of the contract's first complaint_ack / complaint_resolved SLA;
# every cause (K-02 pending too): resolved 3 in time, 1 late, 3 pending
check_eq "October: 7 received; 66.67, 75.00; backlog 6, the oldest 21 working days" \
	"CMPL,2026-10,7,4,2,1,3,1,3,66.67,75.00,6,21" "$(sed -n 2p "$OUT/m.csv")"
M="--tz Europe/Berlin --service-hours mon-fri:08:00-18:00 --holidays 2026-10-22 --from 2026-10-01 --to 2026-10-31"
# shellcheck disable=SC2086
"$CCSLA" metrics --state "$S" --kind complaint $M --ack-within 2d --resolve-within 10d --by month,channel \
	>"$OUT/m2.csv" 2>/dev/null
check_eq "by channel: chat K-03 (age 6: 23, 26-30 Oct)" "2026-10,chat,1,1,0,0,0,0,1,100.00,n/a,1,6" \
	"$(grep ',chat,' "$OUT/m2.csv")"
check_eq "by channel: email K-02 open (age 4: 27-30 Oct), K-06 resolved" "2026-10,email,2,1,1,0,1,0,1,50.00,100.00,1,4" \
	"$(grep ',email,' "$OUT/m2.csv")"
check_eq "by channel: voice with September's K-09 in the backlog" "2026-10,voice,4,2,1,1,2,1,1,66.67,66.67,4,21" \
	"$(grep ',voice,' "$OUT/m2.csv")"
# shellcheck disable=SC2086
"$CCSLA" metrics --state "$S" --kind complaint $M --ack-within 8h --resolve-within 10d --caused-by ccc,unknown \
	--by month --format json >"$OUT/m.json" 2>/dev/null
tr -d ' \n' <"$OUT/m.json" >"$OUT/m.flat"
check "JSON, 8 service hours, ccc and unknown: 1 of 6, backlog 5" \
	grep -q '"received":6,"ack_in_time":1,"ack_late":5,"ack_pending":0,"resolved_in_time":3,"resolved_late":1,"resolved_pending":2,"complaint_ack_within_pct":16.67,"complaint_resolved_within_pct":75.00,"complaint_backlog":5,"oldest_age_working_days":21' \
	"$OUT/m.flat"
check "JSON names the deadlines" grep -q '"ack_within":"8servicehours","resolve_within":"10workingdays"' "$OUT/m.flat"
# shellcheck disable=SC2086
"$CCSLA" metrics --state "$S" --kind complaint $M --ack-within 2d --resolve-within 10d --from 2026-08-01 \
	--to 2026-08-31 --by month >"$OUT/m3.csv" 2>/dev/null
check_eq "a month without cases: n/a, never 0 or 100; no backlog" "2026-08,0,0,0,0,0,0,0,n/a,n/a,0,n/a" \
	"$(sed -n 2p "$OUT/m3.csv")"

usage() { "$CCSLA" metrics --state "$S" "$@" 2>&1 >/dev/null | head -n 1; }
check_eq "--kind complaint without deadlines: the reason" \
	"ccsla metrics: --kind complaint needs --ack-within and --resolve-within (e.g. 2d and 10d), or --contracts whose complaint_ack and complaint_resolved SLAs give the deadlines" \
	"$(usage --kind complaint --from 2026-10-01 --to 2026-10-31)"
check_eq "--ack-within 2 (no unit): the reason" \
	"ccsla metrics: --ack-within wants working days or service hours, e.g. 2d or 16h, not '2'" \
	"$(usage --kind complaint --from 2026-10-01 --to 2026-10-31 --ack-within 2 --resolve-within 10d)"
check_eq "--caused-by customer: the reason" "ccsla metrics: --caused-by: unknown value 'customer' (ccc, client, unknown)" \
	"$(usage --kind complaint --from 2026-10-01 --to 2026-10-31 --ack-within 2d --resolve-within 10d --caused-by customer)"
check_eq "--ack-within with --kind outage: the reason" \
	"ccsla metrics: --ack-within, --resolve-within and --caused-by are for --kind complaint" \
	"$(usage --kind outage --from 2026-10-01 --to 2026-10-31 --ack-within 2d)"
# the report: the complaint cases under customer experience, PDF and HTML
SOURCE_DATE_EPOCH=1793836800 "$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-10 \
	--out "$OUT/render" >"$OUT/render.out" 2>&1
check_eq "render: exit 0" 0 $?
R="$OUT/render/CMPL/2026-10"
pdftotext -layout "$R/report.pdf" - | sed -n '/^Complaint cases$/,/^Open at the month/p' >"$OUT/cases.txt"
check "the report lists 7 cases received" grep -Eq '^Complaint cases received +7$' "$OUT/cases.txt"
check "acknowledged within 2 working days: 4 in time, 2 late, 1 pending" \
	grep -Eq '^Acknowledged within 2 working days +4 in time, 2 late, 1 pending' "$OUT/cases.txt"
check "resolved within 10 working days: 3 in time, 1 late, 3 pending" \
	grep -Eq '^Resolved within 10 working days +3 in time, 1 late, 3 pending' "$OUT/cases.txt"
check "caused by: the centre 5 (K-01, K-04..K-07), the client 1 (K-02), not known 1 (K-03)" \
	grep -Eq '^Caused by +the contact centre 5, the client 1, not known 1$' "$OUT/cases.txt"
check "open at the month's end: 6, the oldest K-09 at 21 working days" \
	grep -Eq "^Open at the month's end +6 cases; the oldest, K-09 \(received 2026-09-30\), 21 working days old$" "$OUT/cases.txt"
check "report.html has the same rows" sh -c "grep -q '<h3>Complaint cases</h3>' '$R/report.html' && grep -q '4 in time, 2 late, 1 pending' '$R/report.html'"
# the complaint rate: the interaction log's (no contact marked) beside the
# complaint log's cases of October per 1000 answered: 1 answered contact
# (C-1; C-2 is November's), 7 cases = 7000.00; by caused_by: the centre 5
# (K-01, K-04..K-07) = 5000.00, the client 1 (K-02) = 1000.00, not known 1
# (K-03) = 1000.00
pdftotext -layout "$R/report.pdf" - | sed -n '/^Customer experience$/,/^Complaint cases$/p' | tr -s ' ' >"$OUT/rate.txt"
check "the interaction log's rate stays: 0.00 (0 complaints)" grep -q '^Complaints per 1000 answered 0.00 (0 complaints)$' "$OUT/rate.txt"
check "the complaint log's rate beside it, by caused_by" sh -c "tr '\n' ' ' <'$OUT/rate.txt' | tr -s ' ' | grep -q 'Cases logged per 1000 answered 7000.00 (7 cases): caused by the contact centre 5000.00, by the client 1000.00, not known 1000.00'"
check "a sentence says why the two differ" sh -c "tr '\n' ' ' <'$OUT/rate.txt' | grep -q 'The two can differ: a case may come by letter'"
check "report.html: the same rate" grep -q '7000.00 (7 cases): caused by the contact centre 5000.00, by the client 1000.00, not known 1000.00' "$R/report.html"
# Method: the complaint metrics and the deadline rules (core/deadline.c), PDF and HTML
pdftotext "$R/report.pdf" - | tr '\n\f' '  ' | tr -s ' ' >"$OUT/pdf.txt"
sed -e 's/<[^>]*>/ /g' -e "s/&#39;/'/g" "$R/report.html" | tr '\n' ' ' | tr -s ' ' >"$OUT/html.txt"
for kind in pdf html; do
	check "$kind Method: complaints acknowledged in time" \
		grep -q "Complaints acknowledged in time (4.4 complaints handling): 100 x cases acknowledged by their deadline / cases received in the period that are judged" "$OUT/$kind.txt"
	check "$kind Method: resolved in time" grep -q "Complaints resolved in time (4.4): 100 x cases resolved by their deadline" "$OUT/$kind.txt"
	check "$kind Method: day 0, the next open day outside service hours" \
		grep -q "A case received during the service hours of an open day starts on that day, its day 0; one received at any other time (after closing, at night, on a closed weekday or a holiday) starts on the next open day." "$OUT/$kind.txt"
	check "$kind Method: N working days end at local midnight, holidays and closed weekdays skipped" \
		grep -q "'Within N working days' ends at local midnight at the end of the N-th open day after day 0 (N = 0: the end of day 0), whatever the day's length on a daylight-saving change; holidays and closed weekdays are skipped." "$OUT/$kind.txt"
	check "$kind Method: service-hour deadlines" \
		grep -q "'Within H service hours' counts H hours of service time from receipt, on the service-hours clock; when they run out at a closing the clock stands still, so the next opening is still in time. An instant exactly at the deadline is in time." "$OUT/$kind.txt"
	check "$kind Method: RES-10WD's deadline and causes" \
		grep -q "RES-10WD parameters: comparison: rounded to the printed decimals; deadline: 10 working days (Method); caused by: centre, not known" "$OUT/$kind.txt"
	check "$kind Method: ACK-8H's deadline in service hours" grep -q "ACK-8H parameters: comparison: rounded to the printed decimals; deadline: 8 service hours (Method)" "$OUT/$kind.txt"
done
check "no report_on_time SLA: no definition of it" sh -c "! grep -q 'Report delivered on time' '$OUT/pdf.txt'"
e2e_done
