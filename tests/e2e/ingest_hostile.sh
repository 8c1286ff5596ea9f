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

# --- a no-op re-ingest: every file already ingested changes nothing ---
# STATE/lock is the lock (it holds the last holder's pid), not state.
snap() { (cd "$1" && find . -path ./lock -prune -o -print | sort | while read -r f; do
	if [ -f "$f" ]; then echo "$f $(stat -c '%s %Y.%y' "$f") $(sha256sum <"$f" | cut -c1-64)"; else echo "$f"; fi
done); }
snap "$OUT/b1" >"$OUT/b1.before"
sleep 1 # an mtime that changes shows
"$CCSLA" ingest --state "$OUT/b1" "$OUT/bomb.csv.gz" "$OUT/bomb9.csv.gz" >"$OUT/noop.out" 2>"$OUT/noop.err"
check_eq "no-op: exit 0" 0 $?
check_eq "no-op: says already ingested per file" 2 "$(grep -c 'already ingested as file' "$OUT/noop.err")"
check "no-op: says nothing changed" grep -q "^summary: none (every file was already ingested" "$OUT/noop.out"
snap "$OUT/b1" >"$OUT/b1.after"
check "no-op: nothing in STATE changed (files, sizes, mtimes, bytes; no summary-000003)" cmp "$OUT/b1.before" "$OUT/b1.after"
check_eq "no-op: the registry still counts 2 runs" 2 "$(head -n 1 "$OUT/b1/ingest/registry.tsv" | cut -f4)"

# --- a huge file that is not gzip: refused before it is hashed ---
# A 10 GB sparse file (no disk used): hashing it took 36 s before its first
# bytes were looked at. Now it is refused at once, the other file is read.
sparse="${TMPDIR:-/tmp}/ccsla-e2e-sparse.$$.csv.gz"
truncate -s 10G "$sparse"
"$peak" "$OUT/sparse.rss" "$CCSLA" ingest --state "$OUT/b3" "$sparse" "$OUT/small.csv.gz" >"$OUT/sparse.out" 2>"$OUT/sparse.err"
check_eq "sparse: exit 1 (a damaged file)" 1 $?
tr -d ' \n' <"$OUT/b3/ingest/summary-000001.json" >"$OUT/b3.summary"
ms=$(cut -d' ' -f2 "$OUT/sparse.rss")
echo "# 10 GB sparse file refused in $ms ms"
check "sparse: refused in under 2 s ($ms ms)" test "$ms" -lt 2000
check "sparse: the damage is named" grep -q "damaged: not a gzip file at byte 0" "$OUT/sparse.err"
check "sparse: damaged in the summary, not hashed, no index" \
	grep -q '"sha256":null,"size_bytes":10737418240,"status":"damaged","index":null,"damage":"notagzipfileatbyte0"' "$OUT/b3.summary"
check_eq "sparse: not in the registry, the other file is" "0 1" \
	"$(grep -c "$(basename "$sparse")" "$OUT/b3/ingest/registry.tsv") $(grep -c 'small.csv.gz$' "$OUT/b3/ingest/registry.tsv")"
check_eq "sparse: the other file's 1000 rows are read" 1000 "$(totals "$OUT/b3" rows_read)"
rm -f "$sparse"

# --- a bad row across the gzip reader's 256 KiB slot boundary ---
# The reader hands the CSV splitter one 256 KiB slot of inflated bytes at a
# time; a row with a stray quote that starts before the boundary had its raw
# row cut at the boundary in the quarantine (issue 21 #10).
BAD=$(echo "$GOOD" | sed 's/^g1,/b"1,/')
hlen=$((${#H} + 1)); glen=$((${#GOOD} + 1))
npad=$(((262144 - hlen) / glen))
start=$((hlen + npad * glen))
{ echo "$H"; yes "$GOOD" | head -n "$npad"; echo "$BAD"; echo "$GOOD" | sed 's/^g1,/g2,/'; } | gzip -n >"$OUT/slot.csv.gz"
"$CCSLA" ingest --state "$OUT/b4" "$OUT/slot.csv.gz" >/dev/null 2>&1
check_eq "slot: exit 1" 1 $?
check "slot: the bad row straddles the boundary ($start < 262144 < $((start + ${#BAD})))" \
	test "$start" -lt 262143 -a $((start + ${#BAD})) -gt 262144
check_eq "slot: quarantined whole, with its line and reason" \
	"slot.csv.gz,$((npad + 2)),,malformed quoting,\"$(echo "$BAD" | sed 's/"/""/g')\"" \
	"$(sed -n 2p "$OUT/b4/quarantine/run-000001.csv")"
check_eq "slot: the rows around it are read" "$((npad + 2)) 2 1" \
	"$(totals "$OUT/b4" rows_read) $(totals "$OUT/b4" accepted) $(totals "$OUT/b4" quarantined)"

e2e_done
