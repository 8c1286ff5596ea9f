# Issue 21 #5: numbers from outside are range-checked in the adapters. An
# out-of-range one is a rejected record naming its field, `convert` still
# reconciles, and what it writes ingests without a quarantined row (the
# adapter runs every contact through ingest's own row check first).
. tests/e2e_lib.sh

T=$(printf 'vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver')
# tech_row CALL Q_TIME SER_TIME: an answered row with these durations
tech_row() {
	printf 'AA0101\t%s\t0\t0\tPS\t990901\t11:45:33\t11:45:39\t6\t11:45:39\t11:46:58\t%s\tAGENT\t11:46:57\t11:51:00\t%s\tDORIT\n' "$1" "$2" "$3"
}
{
	echo "$T"
	tech_row 1 79 243
	tech_row 2 79 4294967297
	tech_row 3 99999999999999999999 243
	tech_row 4 79 -1
} >"$OUT/tech.txt"
"$CCSLA" convert --from technion "$OUT/tech.txt" --out "$OUT/tech.csv.gz" >"$OUT/tech.out" 2>"$OUT/tech.err"
check "technion: 4 rows = 1 used + 3 rejected, reconciled" \
	grep -q "^technion: 4 rows read = 1 used in 1 contacts + 0 skipped + 3 rejected (reconciled)" "$OUT/tech.out"
check "technion: talk_s 4294967297 is out of range, not 1" \
	grep -q "tech.txt:3: field 'ser_time': '4294967297' is outside 0..2147483647 seconds" "$OUT/tech.err"
check "technion: a huge q_time is out of range" grep -q "tech.txt:4: field 'q_time'" "$OUT/tech.err"
"$CCSLA" ingest --state "$OUT/tech.state" "$OUT/tech.csv.gz" >"$OUT/tech.ingest" 2>&1
check_eq "technion: the converted file ingests cleanly" 0 $?

cat >"$OUT/queue_log" <<'LOG'
99999999999999999999|c0|q|NONE|ENTERQUEUE||555
1790841600|c1|q|NONE|ENTERQUEUE||555
1790841610|c1|q|SIP/1|CONNECT|50000000000|x|1
1790841620|c1|q|SIP/1|COMPLETECALLER|10|20|1
1790841630|c2|q|NONE|ENTERQUEUE||556
1790841640|c2|q|SIP/1|CONNECT|10|x|1
1790841650|c2|q|SIP/1|COMPLETECALLER|10|99999999999999999999999|1
1790841660|c2|q|SIP/1|COMPLETEAGENT|10|30|1
253402300700|c3|q|NONE|ENTERQUEUE||557
253402300799|c3|q|NONE|ABANDON|1|1|100
LOG
"$CCSLA" convert --from asterisk --client ACME "$OUT/queue_log" --out "$OUT/ast.csv.gz" >"$OUT/ast.out" 2>"$OUT/ast.err"
check "asterisk: 10 events = 5 used + 5 rejected, reconciled" \
	grep -q "^asterisk: 10 events read = 5 used in 2 contacts + 0 skipped + 5 rejected (reconciled)" "$OUT/ast.out"
check "asterisk: a huge epoch is out of range" grep -q "queue_log:1: field 'epoch'" "$OUT/ast.err"
check "asterisk: a huge holdtime is out of range" grep -q "queue_log:3: field 'data1'" "$OUT/ast.err"
check "asterisk: a huge calltime is out of range" grep -q "queue_log:7: field 'data2'" "$OUT/ast.err"
check "asterisk: a call ending after 9999 is not written" \
	grep -q "queue_log:9: field 'ended_at': contact 'c3@q' would not be a valid canonical row" "$OUT/ast.err"
"$CCSLA" ingest --state "$OUT/ast.state" "$OUT/ast.csv.gz" >"$OUT/ast.ingest" 2>&1
check_eq "asterisk: the converted file ingests cleanly" 0 $?
check "asterisk: no talk_s wrapped negative" sh -c '! gzip -dc "$1" | grep -q ",-"' sh "$OUT/ast.csv.gz"

e2e_done
