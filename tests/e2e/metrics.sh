#!/bin/sh
# tests/e2e/metrics.sh -- `ccsla metrics` on a hand-computed store: local
# days around midnight and month end, the repeated hour of Berlin's DST end
# labelled with its offset, parameters, formats and misuse.
. tests/e2e_lib.sh
state=$OUT/metrics-state
rm -rf "$state"
"$BUILD/tools/metrics_mkstore" "$state" < fixtures/metrics/dst-month-end.csv || exit 1

q() { "$CCSLA" metrics --state "$state" "$@"; }
row() { q "$@" | grep "^$ROW," ; }

hdr="client,day,channel,offered,answered,abandoned,short_abandoned,callback,overflow,answered_within,service_level_pct,abandon_rate_pct,asa_s,avg_time_to_abandon_s,max_wait_s,p50_wait_s,p90_wait_s,p95_wait_s,aht_s,avg_talk_s,avg_hold_s,avg_wrap_s,transfer_rate_pct,fcr_pct,csat_avg,csat_top2_pct,csat_responses,complaints_per_1000"
check_eq "the header names the grouping columns, counts and metrics" "$hdr" "$(q --tz Europe/Berlin | head -1)"

# Berlin days: a1 (23:59:59 local) stays on the 24th, a2 (00:00:00) is the 25th.
ROW=ACME,2026-10-24,voice
check_eq "the last second before local midnight is the day before" \
	"ACME,2026-10-24,voice,1,1,0,0,0,0,1,100.00,0.00,10.000,n/a,10.000,10.000,10.000,10.000,130.000,100.000,10.000,20.000,0.00,100.00,5.00,100.00,1,0.00" \
	"$(row --tz Europe/Berlin)"
# 25 Oct voice: a2 waits 20.000 s (within), a3 20.001 s (not), a4 abandons after 4 s.
# SL 1/3; ASA 40001/2 ms = 20.0005 -> 20.001; AHT only a2 (200 s); FCR a2 resolved=0 only.
ROW=ACME,2026-10-25,voice
check_eq "a wait of 20.000 s is within and 20.001 s is not" \
	"ACME,2026-10-25,voice,3,2,1,0,0,0,1,33.33,33.33,20.001,4.000,20.001,20.000,20.001,20.001,200.000,200.000,n/a,n/a,50.00,0.00,3.00,50.00,2,500.00" \
	"$(row --tz Europe/Berlin)"
check_eq "a 4 s abandon is short with --short-abandon 5 and leaves both rates" \
	"ACME,2026-10-25,voice,3,2,1,1,0,0,1,50.00,0.00,20.001,n/a,20.001,20.000,20.001,20.001,200.000,200.000,n/a,n/a,50.00,0.00,3.00,50.00,2,500.00" \
	"$(row --tz Europe/Berlin --short-abandon 5)"
check_eq "abandons ignore leaves the abandon out of service level" \
	"50.00" "$(row --tz Europe/Berlin --abandons ignore | cut -d, -f11)"
check_eq "abandons favour counts the abandon within 20 s as a success" \
	"66.67" "$(row --tz Europe/Berlin --abandons favour | cut -d, -f11)"
check_eq "threshold 21 puts both answers within" \
	"66.67" "$(row --tz Europe/Berlin --threshold 21 | cut -d, -f11)"
# In UTC a2 (22:00Z on the 24th) belongs to the 24th.
ROW=ACME,2026-10-24,voice
check_eq "in UTC the same contacts fall on other days" "2" "$(row | cut -d, -f4)"
ROW=ACME,2026-10-31,voice
check_eq "the last millisecond of October is October's" "1" "$(row --tz Europe/Berlin | cut -d, -f4)"
ROW=ACME,2026-11-01,voice
check_eq "the first instant of November is November's" "1" "$(row --tz Europe/Berlin | cut -d, -f4)"
ROW=ACME,2026-10
check_eq "by month: October holds a1..a5 and e1 (deflected and outbound are not offered)" "6" \
	"$(row --tz Europe/Berlin --by client,month | cut -d, -f3)"

# The repeated hour (12:00 CET holds d1: a group with nothing offered): 02:30 CEST and 02:30 CET are two intervals.
out=$(q --tz Europe/Berlin --client ACME --from 2026-10-25 --to 2026-10-25 --by interval,channel)
check_eq "intervals of the DST day are labelled with their offset" \
	"2026-10-25T00:00+02:00,voice,1 2026-10-25T02:30+02:00,voice,1 2026-10-25T02:30+01:00,voice,1 2026-10-25T11:00+01:00,email,1" \
	"$(echo "$out" | sed 1d | awk -F, '$3 > 0' | cut -d, -f1-3 | tr '\n' ' ' | sed 's/ $//')"
check_eq "the deflected-only interval is a group with nothing offered" "2026-10-25T12:00+01:00,voice,0,n/a" \
	"$(echo "$out" | grep '^2026-10-25T12:00+01:00,voice,' | cut -d, -f1-3,12)"
# Nothing left out (metrics.md v2): every interval of the period is a row.
check_eq "the 25-hour day has 50 intervals, each for both channels" 100 "$(echo "$out" | sed 1d | wc -l | tr -d ' ')"
check_eq "the repeated hour is listed twice, an empty interval with offered 0 and n/a" \
	"2026-10-25T02:00+02:00,voice,0,n/a 2026-10-25T02:00+01:00,voice,0,n/a" \
	"$(echo "$out" | grep -E '^2026-10-25T02:00\+0[12]:00,voice,' | cut -d, -f1-3,12 | tr '\n' ' ' | sed 's/ $//')"
out15=$(q --tz Europe/Berlin --client ACME --from 2026-10-25 --to 2026-10-25 --by interval --interval 15)
check_eq "15-minute intervals keep the offset too" "2026-10-25T02:30+01:00" \
	"$(echo "$out15" | sed 1d | awk -F, '$2 > 0' | sed -n 3p | cut -d, -f1)"
check_eq "and the 25-hour day has 100 of them" 100 "$(echo "$out15" | sed 1d | wc -l | tr -d ' ')"

# Days and weeks without contacts are rows with offered 0, so a gap shows.
ROW=ACME,2026-10-22
check_eq "a day of --from/--to without contacts is listed with offered 0" "ACME,2026-10-22,0,0,0,n/a,n/a" \
	"$(row --tz Europe/Berlin --by client,day --from 2026-10-20 --to 2026-10-27 | cut -d, -f1-5,11,13)"
check_eq "every day of the range is a row for each client (8 days, 2 clients)" 16 \
	"$(q --tz Europe/Berlin --by client,day --from 2026-10-20 --to 2026-10-27 | sed 1d | wc -l | tr -d ' ')"
ROW=ACME,2026-10-28
check_eq "without --from/--to a day between the first and last contact is listed too" "0" \
	"$(row --tz Europe/Berlin --by client,day | cut -d, -f3)"
check_eq "the weeks of October and November are rows (W40 to W49)" "2026-W40 2026-W49 10" \
	"$(q --tz Europe/Berlin --client ACME --by week --from 2026-10-01 --to 2026-11-30 | sed 1d | cut -d, -f1 | awk 'NR == 1 { f = $0 } { l = $0; n++ } END { print f, l, n }')"
check_eq "a client with no contact in the range has its days with offered 0 and no channel" \
	"BLUEJAY,2026-09-01,,0 BLUEJAY,2026-09-02,,0" \
	"$(q --client BLUEJAY --from 2026-09-01 --to 2026-09-02 | sed 1d | cut -d, -f1-4 | tr '\n' ' ' | sed 's/ $//')"
check_exit "a century of empty intervals is refused, not attempted" 3 q --from 1950-01-01 --to 2100-12-31 --by interval 2>"$OUT/century.err"
check "and says why" grep -q "the period makes more than 1000000 rows without contacts" "$OUT/century.err"
check_eq "and a row by client alone" "BLUEJAY,0" "$(q --client BLUEJAY --from 2026-09-01 --to 2026-09-02 --by client | sed 1d | cut -d, -f1,2)"

# Written channel with a service-hours clock: e1 arrives 11:00 CET Sunday,
# answered 13:00; with Sunday open 11:30-12:30 only that hour counts, and
# with the service-hours clock a contact arriving outside the hours counts.
ROW=2026-10-25,email
check_eq "the service-hours clock counts only open time" "3600.000" \
	"$(row --tz Europe/Berlin --by day,channel --service-hours 'sun: 11:30-12:30' --clock service_hours | cut -d, -f12)"
check_eq "the elapsed clock counts two hours" "7200.000" \
	"$(row --tz Europe/Berlin --by day,channel | cut -d, -f12)"
check_eq "service-hours-only leaves out contacts outside the hours" "" \
	"$(row --tz Europe/Berlin --by day,channel --service-hours 'sun: 12:00-24:00')"

# Repeat FCR: cu1 answered a1 and came back 3.5 h later (a4): not resolved;
# a2 (cu2) and a3 (cu3) have no further contact: resolved.
ROW=ACME
check_eq "repeat FCR: 4 of 6 answered with a customer were not followed up" "66.67" \
	"$(row --tz Europe/Berlin --by client --fcr repeat:7 | cut -d, -f22)"

check_eq "direction both counts the outbound contact" "8" \
	"$(q --client ACME --by client --direction both | sed -n 2p | cut -d, -f2)"
# one spelling per concept (issue 15): the contract's words, the other is a
# usage error that names the one to write
check_exit "--direction all is a usage error" 2 sh -c "'$CCSLA' metrics --state '$state' --direction all 2>'$OUT/dir.err'"
check "--direction all says to write both" grep -q "write both (as in a contract), not all" "$OUT/dir.err"
check_exit "--service-hours DAYS=HOURS is a usage error" 2 sh -c "'$CCSLA' metrics --state '$state' --service-hours 'mon-fri=08:00-20:00' 2>'$OUT/sh.err'"
check "--service-hours DAYS=HOURS says to write DAYS: HOURS" grep -q "write DAYS: HOURS as in a contract's service_hours" "$OUT/sh.err"
check_eq "--service-hours takes a range that wraps past Sunday" "3600.000" \
	"$(ROW=2026-10-25,email row --tz Europe/Berlin --by day,channel --service-hours 'sat-mon: 11:30-12:30; tue-fri: closed' --clock service_hours | cut -d, -f12)"
check_exit "--interval 60 is accepted" 0 sh -c "'$CCSLA' metrics --state '$state' --by interval --interval 60 --tz Europe/Berlin >'$OUT/iv60.csv'"
check "--interval 60 labels whole hours, the repeated one twice" sh -c "grep -q '^2026-10-25T02:00+02:00,' '$OUT/iv60.csv' && grep -q '^2026-10-25T02:00+01:00,' '$OUT/iv60.csv' && grep -q '^2026-10-24T23:00+02:00,' '$OUT/iv60.csv' && ! cut -d, -f1 '$OUT/iv60.csv' | grep -q ':30'"
check_exit "--interval 45 is a usage error" 2 sh -c "'$CCSLA' metrics --state '$state' --interval 45 2>/dev/null"
check_eq "--client keeps one client" "1" "$(q --client BLUEJAY --by client | sed 1d | wc -l | tr -d ' ')"
check "clients are sorted" sh -c "'$CCSLA' metrics --state '$state' --by client | cut -d, -f1 | sed 1d | tr '\n' ' ' | grep -qx 'ACME BLUEJAY '"

json=$(q --client BLUEJAY --by client --format json)
check "JSON has the parameters used" sh -c "echo '$json' | grep -q '\"abandons\": \"against\"'"
check "JSON gives n/a as null, never 0" sh -c "echo '$json' | grep -q '\"asa_s\": null'"
check "JSON counts the abandon" sh -c "echo '$json' | grep -q '\"abandoned\": 1'"
check "--output writes the file" sh -c "'$CCSLA' metrics --state '$state' --output '$OUT/m.csv' && head -1 '$OUT/m.csv' | grep -q '^client,day,channel,offered'"

check_exit "no --state is a usage error" 2 "$CCSLA" metrics --by client 2>/dev/null
check_exit "an unknown zone is a usage error" 2 q --tz Europe/Nowhere 2>/dev/null
check_exit "an unknown --by column is a usage error" 2 q --by client,hour 2>/dev/null
check_exit "short-abandon above the threshold is a usage error" 2 q --short-abandon 30 2>/dev/null
check_exit "a bad date is a usage error" 2 q --from 2026-02-30 2>/dev/null
check_exit "a bad fcr method is a usage error" 2 q --fcr repeat:0 2>/dev/null
# --contracts: each client's zone, service hours and holidays from its
# contract in force (ACME: Europe/Berlin, mon-fri 08-20, sat 09-14, three
# holidays; BLUEJAY: America/New_York around the clock), never UTC unsaid.
range="--from 2026-10-24 --to 2026-11-02"
check_eq "with --contracts ACME's rows are those of its contract's zone, hours and holidays" \
	"$(q --client ACME --tz Europe/Berlin --service-hours 'mon-fri: 08:00-20:00; sat: 09:00-14:00' \
		--holidays 2026-10-03,2026-12-25,2026-12-26 $range --by client,day,channel 2>/dev/null | sed 1d)" \
	"$(q --contracts contracts/examples $range --by client,day,channel 2>/dev/null | grep '^ACME,')"
check_eq "ACME's contacts all arrive outside its hours (Saturday night, Sunday): 10 days without channel, none offered" \
	"10 0" "$(q --contracts contracts/examples $range 2>/dev/null | grep '^ACME,[^,]*,,' | awk -F, '{ n++; o += $4 } END { print n, o }')"
check_eq "and BLUEJAY's those of New York, in the same run" \
	"$(q --client BLUEJAY --tz America/New_York $range --by client,day,channel 2>/dev/null | sed 1d)" \
	"$(q --contracts contracts/examples $range --by client,day,channel 2>/dev/null | grep '^BLUEJAY,')"
check_eq "BLUEJAY's chat at 12:00 UTC on 25 Oct is New York's 08:00" "BLUEJAY,2026-10-25T08:00-04:00,1" \
	"$(q --contracts contracts/examples $range --by client,interval 2>/dev/null | grep '^BLUEJAY,' | awk -F, '$3 > 0' | cut -d, -f1-3)"
check_eq "ACME's intervals carry Berlin's offsets" "2026-10-31T00:00+01:00" \
	"$(q --contracts contracts/examples --client ACME --from 2026-10-31 --to 2026-10-31 --by interval 2>/dev/null | sed -n 2p | cut -d, -f1)"
json=$(q --contracts contracts/examples $range --by client --format json 2>/dev/null)
check "JSON names each client's contract and zone" sh -c "echo '$json' | tr -d ' \n' | grep -q '\"BLUEJAY\":{\"contract\":\"BLUEJAY-2026\",\"file\":\"contracts/examples/bluejay-2026.yaml\",\"timezone\":\"America/New_York\"'"
check "without --tz or --contracts the zone used is said on standard error" sh -c \
	"'$CCSLA' metrics --state '$state' --by client 2>&1 >/dev/null | grep -qx 'ccsla metrics: days and intervals are UTC (no --tz or --contracts given)'"
check "with --tz nothing is said" sh -c "test -z \"\$('$CCSLA' metrics --state '$state' --tz UTC --by client 2>&1 >/dev/null)\""
mkdir -p "$OUT/acme-only" && cp contracts/examples/acme-2026.yaml "$OUT/acme-only/"
check_exit "a client of the store without a contract in force exits 1" 1 q --contracts "$OUT/acme-only" $range 2>"$OUT/nocontract.err"
check "and is named" grep -q "no contract in $OUT/acme-only is in force on 2026-10-24 for BLUEJAY (client of the store)" "$OUT/nocontract.err"
check_exit "a contract that ends inside the range is a usage error" 2 q --contracts contracts/examples --from 2026-12-30 --to 2027-01-02 2>/dev/null
check_exit "--contracts with --tz is a usage error" 2 q --contracts contracts/examples $range --tz UTC 2>/dev/null
check_exit "--contracts without --from/--to is a usage error" 2 q --contracts contracts/examples 2>/dev/null

# Nothing succeeds silently: no store, or a client the store does not hold.
rm -rf "$OUT/nostore"
check_exit "a state directory without a store exits 3" 3 "$CCSLA" metrics --state "$OUT/nostore"
check "and says there is no record store" sh -c "'$CCSLA' metrics --state '$OUT/nostore' 2>&1 | grep -q 'nostore/store: no record store here'"
mkdir -p "$OUT/emptystore/store"
check_exit "an empty store gives just the header" 0 sh -c "'$CCSLA' metrics --state '$OUT/emptystore' | wc -l | grep -qx 1"
check_exit "a client the store does not hold is a usage error" 2 q --client acme 2>/dev/null
mkdir -p "$OUT/zstore/store/ACME" "$OUT/zstore/store/BLUEJAY" "$OUT/zstore/store/ZEBRA" "$OUT/zstore/store/ZEBU"
check "it names the clients the store holds, nearest first" sh -c \
	"'$CCSLA' metrics --state '$OUT/zstore' --client zebra 2>&1 | grep -q \"client 'zebra': the store holds no such client; it holds ZEBRA, ZEBU, ACME, BLUEJAY\$\""
e2e_done
