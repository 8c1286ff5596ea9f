# Real data (../shared/realdata, read-only): the Technion adapter's counts
# per month equal those measured in the folder's SOURCE.md, which is parsed
# here, not copied.
. tests/e2e_lib.sh

json_int() { sed -n "s/^ *\"$2\": \(-\{0,1\}[0-9]*\),\{0,1\}\$/\1/p" "$1" | head -n 1; }

TECH=../shared/realdata/technion-anonymous-bank-1999
if [ ! -d "$TECH" ]; then
	not_ok "real data not found beside the repository (../shared/realdata)"
	e2e_done
fi

# Technion: one conversion per month. SOURCE.md's table row:
# | file | rows | AGENT | HANG | PHANTOM | HANG after queue | HANG in VRU | ...
grep '^| [0-9][0-9]_[A-Za-z]*\.txt\.gz |' "$TECH/SOURCE.md" |
	awk -F'|' '{ for (i = 2; i <= 11; i++) gsub(/ /, "", $i) } $3 ~ /^[0-9]+$/ { print $2, $3, $4, $6, $7, $8, $9, $11 }' >"$OUT/oracle.txt"
check_eq "SOURCE.md lists nine months" 9 "$(wc -l <"$OUT/oracle.txt" | tr -d ' ')"
total_read=0
total_contacts=0
while read -r file rows agent phantom hang_q hang_vru mean_q mean_ser; do
	m=${file%%.txt.gz}
	"$CCSLA" convert --from technion "$TECH/$file" --out "$OUT/$m.csv.gz" >"$OUT/$m.out" 2>"$OUT/$m.err"
	check_eq "$m converts without a rejected row" 0 $?
	s="$OUT/$m.summary.json"
	check_eq "$m: rows read = SOURCE.md rows" "$rows" "$(json_int "$s" read)"
	check_eq "$m: answered = AGENT rows" "$agent" "$(json_int "$s" answered)"
	check_eq "$m: abandoned = HANG after queue entry" "$hang_q" "$(json_int "$s" abandoned)"
	check_eq "$m: deflected = HANG in the VRU" "$hang_vru" "$(json_int "$s" deflected)"
	check_eq "$m: skipped = PHANTOM rows" "$phantom" "$(json_int "$s" skipped)"
	check "$m: read = contacts + skipped + rejected" grep -q '"reconciled": true' "$s"
	total_read=$((total_read + $(json_int "$s" read)))
	total_contacts=$((total_contacts + $(json_int "$s" contacts)))
done <"$OUT/oracle.txt"
want_total=$(grep '^| \*\*total' "$TECH/SOURCE.md" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
check_eq "nine months: rows read = SOURCE.md total" "$want_total" "$total_read"
check_eq "nine months: contacts = rows - PHANTOM" \
	"$((want_total - $(awk '{ s += $4 } END { print s }' "$OUT/oracle.txt")))" "$total_contacts"
check "contact ids are unique over all nine months" \
	sh -c "for f in '$OUT'/[0-9][0-9]_*.csv.gz; do gzip -dc \"\$f\" | tail -n +2 | cut -d, -f1; done | sort | uniq -d | (! grep -q .)"


# All nine months through ingest --format: every contact passes the
# canonical row rules (nothing quarantined) and the store holds them all.
"$CCSLA" ingest --state "$OUT/state" --format technion "$TECH"/*.txt.gz >"$OUT/ingest.out" 2>&1
check_eq "ingest --format technion of nine months exits 0" 0 $?
check_eq "nine months: every contact is accepted" "$total_contacts" \
	"$(awk '$1 == "total" { print $3 }' "$OUT/ingest.out")"
check_eq "nine months: nothing is quarantined" 0 "$(awk '$1 == "total" { print $4 }' "$OUT/ingest.out")"

# The figures of the converted records (build/tools/adapter_figures) agree
# with SOURCE.md's means: ASA is the mean q_time of AGENT rows, AHT the mean
# ser_time, and the share of answered calls talking under 10 s is SOURCE.md's.
"$BUILD/tools/adapter_figures" technion Asia/Jerusalem "$TECH"/*.txt.gz >"$OUT/figures.txt"
check_eq "adapter_figures reconciles" 0 $?
while read -r file rows agent phantom hang_q hang_vru mean_q mean_ser; do
	month="1999-${file%%_*}"
	got=$(awk -v m="$month" '$1 == m { printf "%.1f %.1f", $5, $8 }' "$OUT/figures.txt")
	check_eq "$month: ASA and AHT equal SOURCE.md's mean q_time and ser_time" "$mean_q $mean_ser" "$got"
done <"$OUT/oracle.txt"
short_pct=$(tr '\n' ' ' <"$TECH/SOURCE.md" | tr -s ' ' | sed -n 's/.* of [0-9,]* AGENT rows (\([0-9.]*\)%) have ser_time<10 s.*/\1/p')
check_eq "nine months: share of answered calls with talk under 10 s" "$short_pct" \
	"$(awk '$1 == "all" { print $9 }' "$OUT/figures.txt")"
e2e_done
