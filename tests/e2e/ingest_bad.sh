# Bad inputs, one case each: the exact quarantine reason (or damage) and the
# reconciliation rows read = accepted + quarantined + duplicates.
. tests/e2e_lib.sh

H='contact_id,client_id,channel,direction,queue,customer_id,arrived_at,answered_at,ended_at,outcome,talk_s,hold_s,wrap_s,agent_id,transferred,resolved,csat,complaint'
GOOD='g1,ACME,voice,inbound,billing,cu1,2026-10-01T08:00:00Z,2026-10-01T08:00:12Z,2026-10-01T08:04:00Z,answered,228,0,30,a1,0,1,5,0'
# row with fields overridden: row FIELD=VALUE ... (fields as in $H, from a good answered row)
row() {
	awk -v spec="$*" -v good="$GOOD" -v head="$H" 'BEGIN {
		n = split(head, names, ","); split(good, vals, ",")
		vals[1] = "b1"
		m = split(spec, kv, " ")
		for (i = 1; i <= m; i++) {
			eq = index(kv[i], "="); k = substr(kv[i], 1, eq - 1); v = substr(kv[i], eq + 1)
			gsub(/~/, " ", v); gsub(/@T/, "\t", v)
			for (j = 1; j <= n; j++) if (names[j] == k) vals[j] = v
		}
		s = vals[1]; for (j = 2; j <= n; j++) s = s "," vals[j]; print s
	}'
}

# totals KEY: the run's total for KEY from the last summary
totals() { sed -n "/\"total\"/,/}/s/.*\"$1\": \([0-9]*\).*/\1/p" "$state"/ingest/summary-*.json | tail -n 1; }

# quarantine_starts NAME WANT: line 2 of the quarantine file starts with WANT
quarantine_starts() {
	check_eq "$1: quarantine says why" "$2" "$(sed -n 2p "$state"/quarantine/run-000001.csv | cut -c1-${#2})"
}

# ingest_case NAME FILE [OPTIONS...]: fresh state, ingest, remember the exit code
ingest_case() {
	name=$1; file=$2; shift 2
	state="$OUT/$name.state"
	rm -rf "$state"
	"$CCSLA" ingest --state "$state" "$@" "$file" >"$OUT/$name.out" 2>"$OUT/$name.err"
	rc=$?
	read=$(totals rows_read); acc=$(totals accepted); quar=$(totals quarantined); dup=$(totals duplicates)
	check_eq "$name: reconciliation holds" "$read" "$((acc + quar + dup))"
}

# bad_row NAME EXPECTED_QUARANTINE_LINE_PREFIX ROW: header + good row + bad row
bad_row() {
	name=$1; want=$2; shift 2
	printf '%s\n%s\n%s\n' "$H" "$GOOD" "$*" | gzip >"$OUT/$name.csv.gz"
	ingest_case "$name" "$OUT/$name.csv.gz"
	check_eq "$name: exit 1 (data problems)" 1 "$rc"
	check_eq "$name: 2 read, 1 accepted, 1 quarantined" "2 1 1" "$read $acc $quar"
	quarantine_starts "$name" "$want"
}

F="$OUT/"
bad_row missing_contact_id "${F##*/}missing_contact_id.csv.gz,3,contact_id,missing required field," "$(row contact_id=)"
bad_row missing_client_id "missing_client_id.csv.gz,3,client_id,missing required field," "$(row client_id=)"
bad_row missing_arrived_at "missing_arrived_at.csv.gz,3,arrived_at,missing required field," "$(row arrived_at=)"
bad_row client_id_chars "client_id_chars.csv.gz,3,client_id,invalid characters," "$(row client_id=AC/ME)"
bad_row unknown_channel "unknown_channel.csv.gz,3,channel,unknown value," "$(row channel=fax)"
bad_row unknown_outcome "unknown_outcome.csv.gz,3,outcome,unknown value," "$(row outcome=hungup)"
bad_row unknown_direction "unknown_direction.csv.gz,3,direction,unknown value," "$(row direction=sideways)"
bad_row channel_case "channel_case.csv.gz,3,channel,unknown value," "$(row channel=Voice)"
bad_row time_garbage "time_garbage.csv.gz,3,arrived_at,invalid timestamp:" "$(row arrived_at=yesterday)"
bad_row time_24h "time_24h.csv.gz,3,arrived_at,invalid timestamp: hour out of range (24:00 is not an instant)," "$(row arrived_at=2026-10-01T24:00:00Z)"
bad_row feb_30 "feb_30.csv.gz,3,arrived_at,invalid timestamp: day out of range for month," "$(row arrived_at=2026-02-30T08:00:00Z)"
bad_row leap_second "leap_second.csv.gz,3,answered_at,invalid timestamp: second out of range (leap seconds are not accepted)," "$(row answered_at=2026-10-01T08:00:60Z)"
bad_row offset_range "offset_range.csv.gz,3,arrived_at,invalid timestamp: UTC offset out of range," "$(row arrived_at=2026-10-01T08:00:00+25:00)"
bad_row year_minus_1 "year_minus_1.csv.gz,3,arrived_at,invalid timestamp: instant outside years 0000-9999 in UTC," "$(row arrived_at=0000-01-01T00:00:00+01:00)"
bad_row year_10000 "year_10000.csv.gz,3,ended_at,invalid timestamp: instant outside years 0000-9999 in UTC," "$(row arrived_at=9999-12-31T22:00:00Z answered_at=9999-12-31T22:00:10Z ended_at=9999-12-31T23:30:00-01:00)"
check "year_10000: no partition outside 0000-9999" sh -c '! find "$1" -name "-*.ccs" -o -name "?????-*.ccs" | grep -q .' sh "$OUT"
bad_row answered_before "answered_before.csv.gz,3,answered_at,answered_at before arrived_at," "$(row answered_at=2026-10-01T07:59:59Z)"
bad_row ended_before "ended_before.csv.gz,3,ended_at,ended_at before arrived_at," "$(row answered_at= outcome=abandoned ended_at=2026-10-01T07:00:00Z)"
bad_row ended_before_answer "ended_before_answer.csv.gz,3,ended_at,ended_at before answered_at," "$(row ended_at=2026-10-01T08:00:05Z)"
bad_row negative_talk "negative_talk.csv.gz,3,talk_s,negative duration," "$(row talk_s=-5)"
bad_row fractional_wrap "fractional_wrap.csv.gz,3,wrap_s,not an integer," "$(row wrap_s=1.5)"
bad_row huge_hold "huge_hold.csv.gz,3,hold_s,value out of range," "$(row hold_s=99999999999)"
bad_row answered_no_time "answered_no_time.csv.gz,3,answered_at,answered contact without answered_at," "$(row answered_at=)"
bad_row abandoned_no_end "abandoned_no_end.csv.gz,3,ended_at,abandoned contact without ended_at," "$(row answered_at= ended_at= outcome=abandoned)"
bad_row abandoned_answered "abandoned_answered.csv.gz,3,answered_at,abandoned contact with answered_at," "$(row outcome=abandoned)"
bad_row open_voice "open_voice.csv.gz,3,outcome,open outcome on a live channel," "$(row answered_at= outcome=open)"
bad_row open_answered "open_answered.csv.gz,3,answered_at,open contact with answered_at," "$(row channel=email outcome=open)"
bad_row csat_7 "csat_7.csv.gz,3,csat,expected 1 to 5 or empty," "$(row csat=7)"
bad_row resolved_2 "resolved_2.csv.gz,3,resolved,\"expected 0, 1 or empty\"," "$(row resolved=2)"
bad_row transferred_yes "transferred_yes.csv.gz,3,transferred,expected 0 or 1," "$(row transferred=yes)"
bad_row too_many "too_many.csv.gz,3,,too many fields," "$(row),extra"
bad_row too_few "too_few.csv.gz,3,,too few fields," "b1,ACME,voice"
bad_row overlong_id "overlong_id.csv.gz,3,contact_id,field too long," "$(row contact_id=$(printf '%065d' 7))"
bad_row tab_in_id "tab_in_id.csv.gz,3,contact_id,invalid characters," "$(row contact_id=b@T1)"
bad_row bad_utf8 "bad_utf8.csv.gz,3,queue,invalid utf-8," "$(row queue=caf$(printf '\351'))"
bad_row overlong_utf8 "overlong_utf8.csv.gz,3,agent_id,invalid utf-8," "$(row agent_id=$(printf '\300\257'))"
bad_row bad_quoting "bad_quoting.csv.gz,3,,malformed quoting," "$(row queue='\"billing\"x')"
bad_row quote_in_field "quote_in_field.csv.gz,3,,malformed quoting," "$(row queue='bil\"ling')"

# NUL byte (the shell cannot hold one in a variable)
{ printf '%s\n%s\n' "$H" "$GOOD"; row agent_id=a@1 | tr '@' '\000'; } | gzip >"$OUT/nul_byte.csv.gz"
ingest_case nul_byte "$OUT/nul_byte.csv.gz"
check_eq "nul_byte: quarantine says why" "nul_byte.csv.gz,3,agent_id,nul byte,\"b1,ACME,voice,inbound,billing,cu1,2026-10-01T08:00:00Z,2026-10-01T08:00:12Z,2026-10-01T08:04:00Z,answered,228,0,30,a\\x001,0,1,5,0\"" \
	"$(sed -n 2p "$state"/quarantine/run-000001.csv)"

# unterminated quote at the end of the file
printf '%s\n%s\n%s' "$H" "$GOOD" 'b1,ACME,"voice' | gzip >"$OUT/unterminated.csv.gz"
ingest_case unterminated "$OUT/unterminated.csv.gz"
quarantine_starts unterminated "unterminated.csv.gz,3,,unterminated quoted field,"

# a row longer than --max-row
printf '%s\n%s\n%s\n%s\n' "$H" "$(row contact_id=long queue=$(printf '%0300d' 1))" "$GOOD" | gzip >"$OUT/row_too_long.csv.gz"
ingest_case row_too_long "$OUT/row_too_long.csv.gz" --max-row 256
check_eq "row_too_long: the row after it is read" "2 1 1" "$read $acc $quar"
quarantine_starts row_too_long "row_too_long.csv.gz,2,,row too long,"

# conflicting duplicate and exact duplicate
printf '%s\n%s\n%s\n%s\n' "$H" "$GOOD" "$GOOD" "$(echo "$GOOD" | sed 's/,228,/,229,/')" | gzip >"$OUT/dups.csv.gz"
ingest_case dups "$OUT/dups.csv.gz"
check_eq "dups: 3 read = 1 accepted + 1 quarantined + 1 duplicate" "3 1 1 1" "$read $acc $quar $dup"
quarantine_starts dups "dups.csv.gz,4,contact_id,conflicting duplicate,"

# open row, then its update: an update, not a conflict
OPEN=$(row contact_id=e1 channel=email answered_at= ended_at= outcome=open talk_s= hold_s= wrap_s=)
printf '%s\n%s\n%s\n' "$H" "$OPEN" "$(row contact_id=e1 channel=email answered_at=2026-10-01T12:00:00Z ended_at=)" | gzip >"$OUT/update.csv.gz"
ingest_case update "$OUT/update.csv.gz"
check_eq "update: both accepted, one update, exit 0" "2 2 0 1 0" "$read $acc $quar $(totals updates) $rc"

# --- damaged files ---
damaged_case() {
	dname=$1; dwant=$2; dread=$3
	check_eq "$dname: exit 1" 1 "$rc"
	check "$dname: flagged damaged in the summary" grep -q '"status": "damaged"' "$state"/ingest/summary-000001.json
	check "$dname: damage named ($dwant)" grep -qF "$dwant" "$OUT/$dname.err"
	check_eq "$dname: rows read before the damage" "$dread" "$read"
}
printf '%s\n%s\n' "$H" "$GOOD" >"$OUT/not_gzip.csv.gz"
ingest_case not_gzip "$OUT/not_gzip.csv.gz"; damaged_case not_gzip "not a gzip file at byte 0" 0
: >"$OUT/empty.csv.gz"
ingest_case empty "$OUT/empty.csv.gz"; damaged_case empty "empty file at byte 0" 0
printf '' | gzip >"$OUT/no_text.csv.gz"
ingest_case no_text "$OUT/no_text.csv.gz"; damaged_case no_text "no header row" 0

"$BUILD/tools/gen_logs" --rows 3000 --dup-rate 0 --update-rate 0 -o "$OUT/big.csv.gz"
size=$(wc -c <"$OUT/big.csv.gz")
head -c $((size / 2)) "$OUT/big.csv.gz" >"$OUT/truncated.csv.gz"
ingest_case truncated "$OUT/truncated.csv.gz"
check_eq "truncated: exit 1" 1 "$rc"
check "truncated: damage named" grep -q "truncated gzip member (the file ends) at byte" "$OUT/truncated.err"
check "truncated: most rows before the damage kept" test "$acc" -gt 1000
check "truncated: the cut row is quarantined as cut" grep -q ',row cut off by file damage,' "$state"/quarantine/run-000001.csv

printf '%s\n%s\n' "$H" "$GOOD" | gzip >"$OUT/m1.gz"
printf '%s\n' "$(row contact_id=m2)" | gzip >"$OUT/m2.gz"
# corrupt the deflate data of the second member (bytes after its 10-byte header)
m1=$(wc -c <"$OUT/m1.gz")
cp "$OUT/m2.gz" "$OUT/m2bad.gz"
printf '\377\377\377\377\377\377' | dd of="$OUT/m2bad.gz" bs=1 seek=12 conv=notrunc 2>/dev/null
cat "$OUT/m1.gz" "$OUT/m2bad.gz" >"$OUT/corrupt_member.csv.gz"
ingest_case corrupt_member "$OUT/corrupt_member.csv.gz"; damaged_case corrupt_member "in member 2 at byte" 1
cat "$OUT/m1.gz" "$OUT/m2.gz" >"$OUT/two_members.csv.gz"
ingest_case two_members "$OUT/two_members.csv.gz"
check_eq "two_members: rows of both members read, exit 0" "2 2 0" "$read $acc $rc"
{ cat "$OUT/m1.gz"; printf 'garbage after the member'; } >"$OUT/trailing.csv.gz"
ingest_case trailing "$OUT/trailing.csv.gz"; damaged_case trailing "bytes after the last gzip member are not gzip at byte $m1" 1

printf '%s\n%s\n' "$(echo "$H" | sed 's/,outcome//')" "$(echo "$GOOD" | sed 's/,answered,/,/')" | gzip >"$OUT/no_outcome.csv.gz"
ingest_case no_outcome "$OUT/no_outcome.csv.gz"; damaged_case no_outcome "header lacks the required column 'outcome' at line 1" 0
printf '%s,channel\n%s,voice\n' "$H" "$GOOD" | gzip >"$OUT/dup_header.csv.gz"
ingest_case dup_header "$OUT/dup_header.csv.gz"; damaged_case dup_header "header names column 'channel' twice" 0

# gzip bomb: a header, then members of zeros expanding to 2 GiB in all
printf '%s\n' "$H" | gzip >"$OUT/bomb.csv.gz"
head -c 67108864 /dev/zero | gzip -9 >"$OUT/zeros.gz"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32; do
	cat "$OUT/zeros.gz"
done >>"$OUT/bomb.csv.gz"
ingest_case bomb "$OUT/bomb.csv.gz" --max-expand 100M
# the zeros before the limit are one over-long row, quarantined
damaged_case bomb "expands beyond the limit of 104857600 bytes (--max-expand)" 1
check "bomb: the compressed file is small" test "$(wc -c <"$OUT/bomb.csv.gz")" -lt 4000000
rm -f "$OUT/bomb.csv.gz" "$OUT/zeros.gz"

e2e_done
