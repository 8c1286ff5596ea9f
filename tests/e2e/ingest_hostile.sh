# Hostile inputs to ingest (issue 21): a bomb of duplicate rows keeps memory
# bounded by what the partition keeps; a no-op re-ingest changes nothing in
# STATE; a huge file that is not gzip is refused before it is hashed.
. tests/e2e_lib.sh

peak="$BUILD/tools/peakrss"
H='contact_id,client_id,channel,direction,queue,customer_id,arrived_at,answered_at,ended_at,outcome,talk_s,hold_s,wrap_s,agent_id,transferred,resolved,csat,complaint'
GOOD='g1,ACME,voice,inbound,billing,cu1,2026-10-01T08:00:00Z,2026-10-01T08:00:12Z,2026-10-01T08:04:00Z,answered,228,0,30,a1,0,1,5,0'

# totals STATE KEY: the last run's total for KEY
totals() { sed -n "/\"total\"/,/}/s/.*\"$2\": \([0-9]*\).*/\1/p" "$1"/ingest/summary-*.json | tail -n 1; }

# bomb FILE N: the header, then one row N times (gzip -1: a few ms per 100k rows)
bomb() { { echo "$H"; yes "$GOOD" | head -n "$2"; } | gzip -1 -n >"$1"; }

# --- a bomb of identical rows: memory stays what one kept record needs ---
# The baseline is the same row 1,000 times, so the bound holds under ASan
# too; before the fix every duplicate was held until commit (about 470
# bytes each: 500,000 rows took 240 MB more than the baseline).
bomb "$OUT/small.csv.gz" 1000
bomb "$OUT/bomb.csv.gz" 500000
"$peak" "$OUT/small.rss" "$CCSLA" ingest --state "$OUT/b0" "$OUT/small.csv.gz" >/dev/null 2>&1
check_eq "small: exit 0" 0 $?
"$peak" "$OUT/bomb.rss" "$CCSLA" ingest --state "$OUT/b1" "$OUT/bomb.csv.gz" >"$OUT/b1.out" 2>&1
check_eq "bomb: exit 0 (duplicates are not errors)" 0 $?
check_eq "bomb: 500000 read, 1 accepted, 0 quarantined, 499999 duplicates" "500000 1 0 499999" \
	"$(totals "$OUT/b1" rows_read) $(totals "$OUT/b1" accepted) $(totals "$OUT/b1" quarantined) $(totals "$OUT/b1" duplicates)"
base_kib=$(cut -d' ' -f1 "$OUT/small.rss")
bomb_kib=$(cut -d' ' -f1 "$OUT/bomb.rss")
echo "# peak RSS: 1,000 rows $base_kib KiB, 500,000 identical rows $bomb_kib KiB"
check "bomb: peak RSS within 16 MiB of the 1,000-row file's ($bomb_kib vs $base_kib KiB)" \
	test "$bomb_kib" -le $((base_kib + 16384))
check_eq "bomb: the store holds the one record" 1 "$("$BUILD/tools/store_dump" "$OUT/b1" | grep -c ',g1,')"

# The same rows again in other bytes (another gzip level): all duplicates of
# the stored record, and no partition is rewritten.
{ echo "$H"; yes "$GOOD" | head -n 500000; } | gzip -9 -n >"$OUT/bomb9.csv.gz"
"$peak" "$OUT/bomb9.rss" "$CCSLA" ingest --state "$OUT/b1" "$OUT/bomb9.csv.gz" >/dev/null 2>&1
check_eq "bomb again: exit 0" 0 $?
check_eq "bomb again: 500000 duplicates, no partition written" "500000 0" \
	"$(totals "$OUT/b1" duplicates) $(sed -n 's/.*"partitions_written": \([0-9]*\).*/\1/p' "$OUT/b1/ingest/summary-000002.json")"
check "bomb again: peak RSS within 16 MiB of the baseline" test "$(cut -d' ' -f1 "$OUT/bomb9.rss")" -le $((base_kib + 16384))

# A bomb of conflicts: one contact_id, every row with other content (talk_s
# counts up). Each is quarantined once, settled against the kept row alone
# (before: each against every earlier row of its group, quadratic).
{ echo "$H"; awk -v good="$GOOD" 'BEGIN { split(good, v, ","); for (i = 1; i <= 50000; i++) { v[11] = i; s = v[1]; for (j = 2; j <= 18; j++) s = s "," v[j]; print s } }'; } |
	gzip -1 -n >"$OUT/conflicts.csv.gz"
"$peak" "$OUT/conflicts.rss" "$CCSLA" ingest --state "$OUT/b2" "$OUT/conflicts.csv.gz" >/dev/null 2>&1
check_eq "conflicts: exit 1 (rows quarantined)" 1 $?
check_eq "conflicts: 50000 read, 1 accepted, 49999 quarantined" "50000 1 49999" \
	"$(totals "$OUT/b2" rows_read) $(totals "$OUT/b2" accepted) $(totals "$OUT/b2" quarantined)"
check_eq "conflicts: each listed once, in the order read" "49999 conflicts.csv.gz,3,contact_id,conflicting duplicate conflicts.csv.gz,4" \
	"$(grep -c 'conflicting duplicate' "$OUT/b2/quarantine/run-000001.csv") $(sed -n 2p "$OUT/b2/quarantine/run-000001.csv" | cut -d, -f1-4) $(sed -n 3p "$OUT/b2/quarantine/run-000001.csv" | cut -d, -f1-2)"
check "conflicts: peak RSS within 16 MiB of the baseline" test "$(cut -d' ' -f1 "$OUT/conflicts.rss")" -le $((base_kib + 16384))

e2e_done
