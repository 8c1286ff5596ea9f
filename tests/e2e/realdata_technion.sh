# Real data: the Technion adapter's counts per month equal those measured in
# the data's SOURCE.md, which is parsed here, not copied. The repository
# ships three months with their terms (fixtures/realdata/technion-anonymous-
# bank-1999/, SOURCE.md): they are always tested. The nine-month folder of
# ../shared/realdata (read-only, beside the repository on the team's
# machines) adds the six other months and the totals; without it those
# checks are skipped (tests/e2e_lib.sh `skip`), never failed.
. tests/e2e_lib.sh

json_int() { sed -n "s/^ *\"$2\": \(-\{0,1\}[0-9]*\),\{0,1\}\$/\1/p" "$1" | head -n 1; }

TECH=fixtures/realdata/technion-anonymous-bank-1999
FULL=../shared/realdata/technion-anonymous-bank-1999

# oracle DIR: SOURCE.md's table row of each month whose file is in DIR:
# | file | rows | AGENT | HANG | PHANTOM | HANG after queue | HANG in VRU | mean q_time | share | mean ser_time | ...
# printed as "file rows agent phantom hang_q hang_vru mean_q mean_ser".
oracle() {
	grep '^| [0-9][0-9]_[A-Za-z]*\.txt\.gz |' "$TECH/SOURCE.md" |
		awk -F'|' '{ for (i = 2; i <= 11; i++) gsub(/ /, "", $i) } $3 ~ /^[0-9]+$/ { print $2, $3, $4, $6, $7, $8, $9, $11 }' |
		while read -r file rest; do
			if [ -f "$1/$file" ]; then echo "$file $rest"; fi
		done
}

# months DIR TAG: converts each month of DIR on its own and checks its counts
# against SOURCE.md; then all of them through ingest --format, and their
# ASA and AHT from build/tools/adapter_figures. Sets total_read and
# total_contacts; outputs go to $OUT/TAG/.
months() {
	dir=$1
	tag=$2
	o="$OUT/$tag"
	mkdir -p "$o"
	oracle "$dir" >"$o/oracle.txt"
	total_read=0
	total_contacts=0
	while read -r file rows agent phantom hang_q hang_vru mean_q mean_ser; do
		m=${file%%.txt.gz}
		"$CCSLA" convert --from technion "$dir/$file" --out "$o/$m.csv.gz" >"$o/$m.out" 2>"$o/$m.err"
		check_eq "$tag $m converts without a rejected row" 0 $?
		s="$o/$m.summary.json"
		# AGENT rows with server NO_SERVER ("no service was provided"),
		# counted here from the raw file: queued ones are abandoned, the
		# others deflected (README "Adapters' fidelity").
		set -- $(gzip -dc "$dir/$file" | awk '$13 == "AGENT" && $17 == "NO_SERVER" { if ($10 == "0:00:00") v++; else q++ }
			END { print q + 0, v + 0 }')
		ns_q=$1
		ns_v=$2
		check_eq "$tag $m: rows read = SOURCE.md rows" "$rows" "$(json_int "$s" read)"
		check_eq "$tag $m: answered = AGENT rows with a server" "$((agent - ns_q - ns_v))" "$(json_int "$s" answered)"
		check_eq "$tag $m: abandoned = HANG after queue entry + queued AGENT NO_SERVER" "$((hang_q + ns_q))" \
			"$(json_int "$s" abandoned)"
		check_eq "$tag $m: deflected = HANG in the VRU + AGENT NO_SERVER never queued" "$((hang_vru + ns_v))" \
			"$(json_int "$s" deflected)"
		check_eq "$tag $m: no customer id in scientific notation is left" 0 \
			"$(gzip -dc "$o/$m.csv.gz" | cut -d, -f6 | grep -c 'E+')"
		check_eq "$tag $m: skipped = PHANTOM rows" "$phantom" "$(json_int "$s" skipped)"
		check "$tag $m: read = contacts + skipped + rejected" grep -q '"reconciled": true' "$s"
		total_read=$((total_read + $(json_int "$s" read)))
		total_contacts=$((total_contacts + $(json_int "$s" contacts)))
	done <"$o/oracle.txt"
	check "$tag: contact ids are unique over the months" \
		sh -c "for f in '$o'/[0-9][0-9]_*.csv.gz; do gzip -dc \"\$f\" | tail -n +2 | cut -d, -f1; done | sort | uniq -d | (! grep -q .)"

	# Through ingest --format: every contact passes the canonical row rules
	# (nothing quarantined) and the store holds them all.
	"$CCSLA" ingest --state "$o/state" --format technion "$dir"/*.txt.gz >"$o/ingest.out" 2>&1
	check_eq "$tag: ingest --format technion exits 0" 0 $?
	check_eq "$tag: every contact is accepted" "$total_contacts" \
		"$(awk '$1 == "total" { print $3 }' "$o/ingest.out")"
	check_eq "$tag: nothing is quarantined" 0 "$(awk '$1 == "total" { print $4 }' "$o/ingest.out")"

	# The figures of the converted records agree with the raw file: ASA is
	# the mean q_time of AGENT rows with a server, AHT their mean ser_time
	# (SOURCE.md's means include the NO_SERVER rows).
	"$BUILD/tools/adapter_figures" technion Asia/Jerusalem "$dir"/*.txt.gz >"$o/figures.txt"
	check_eq "$tag: adapter_figures reconciles" 0 $?
	while read -r file rows agent phantom hang_q hang_vru mean_q mean_ser; do
		month="1999-${file%%_*}"
		want=$(gzip -dc "$dir/$file" | awk '$13 == "AGENT" && $17 != "NO_SERVER" { n++; q += $12; s += $16 }
			END { printf "%.1f %.1f", q / n, s / n }')
		got=$(awk -v m="$month" '$1 == m { printf "%.1f %.1f", $5, $8 }' "$o/figures.txt")
		check_eq "$tag $month: ASA and AHT equal the mean q_time and ser_time of served AGENT rows" "$want" "$got"
	done <"$o/oracle.txt"
}

# The shipped months: the files SOURCE.md names, byte for byte (the git blob
# id of each decompressed file is the one SOURCE.md records).
check_eq "the repository ships three months of the data" 3 "$(oracle "$TECH" | wc -l | tr -d ' ')"
check "the terms of use are shipped with the data" grep -q 'The data is free for use' "$TECH/SOURCE.md"
if command -v git >/dev/null 2>&1; then
	for f in "$TECH"/*.txt.gz; do
		b=$(basename "$f")
		want=$(grep "^| $b |" "$TECH/SOURCE.md" | awk -F'|' '{ gsub(/ /, "", $6) } $6 ~ /^[0-9a-f]+$/ && length($6) == 40 { print $6 }')
		check_eq "$b is the source's file (git blob id)" "$want" "$(gzip -dc "$f" | git hash-object --stdin)"
	done
else
	skip "the shipped months are the source's files (git blob id)" "git is not installed"
fi
months "$TECH" shipped

# 3 September 1999: daylight-saving time ended in Israel, 01:00-02:00 local
# happened twice (IDT, UTC+3, then IST, UTC+2). A call arriving in that hour
# takes the earlier instant (README "Technion"): 22:xx UTC, never 23:xx.
want=$(gzip -dc "$TECH/09_September.txt.gz" | awk '$6 == "990903" && $13 != "PHANTOM" {
	t = ($10 != "0:00:00") ? $10 : $8; if (t ~ /^1:/) n++ } END { print n + 0 }')
got=$(gzip -dc "$OUT/shipped/09_September.csv.gz" | cut -d, -f7 | grep -c '^1999-09-02T22:')
check_eq "3 September 1999: the $want calls of the repeated hour take the earlier instant (UTC+3)" "$want" "$got"
check_eq "3 September 1999: no call lands in the later pass of the hour" 0 \
	"$(gzip -dc "$OUT/shipped/09_September.csv.gz" | cut -d, -f7 | grep -c '^1999-09-02T23:')"
check "3 September 1999 has calls in the repeated hour" test "$want" -gt 0

if [ ! -d "$FULL" ]; then
	why="the nine-month data ../shared/realdata/technion-anonymous-bank-1999 is not beside the repository"
	skip "the six months not shipped: counts, ASA and AHT against SOURCE.md" "$why"
	skip "nine months: rows read = SOURCE.md total" "$why"
	skip "nine months: contacts = rows - PHANTOM" "$why"
	skip "nine months: ingest --format technion, nothing quarantined" "$why"
	skip "nine months: share of answered calls with talk under 10 s" "$why"
	e2e_done
fi

# All nine months (the folder on the team's machines).
months "$FULL" nine
check_eq "SOURCE.md lists nine months and all are there" 9 "$(wc -l <"$OUT/nine/oracle.txt" | tr -d ' ')"
want_total=$(grep '^| \*\*total' "$TECH/SOURCE.md" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
check_eq "nine months: rows read = SOURCE.md total" "$want_total" "$total_read"
check_eq "nine months: contacts = rows - PHANTOM" \
	"$((want_total - $(awk '{ s += $4 } END { print s }' "$OUT/nine/oracle.txt")))" "$total_contacts"
short_pct=$(tr '\n' ' ' <"$TECH/SOURCE.md" | tr -s ' ' | sed -n 's/.* excluding NO_SERVER, [0-9,]* of [0-9,]* (\([0-9.]*\)%).*/\1/p')
check_eq "nine months: share of answered calls with talk under 10 s (SOURCE.md, NO_SERVER excluded)" "$short_pct" \
	"$(awk '$1 == "all" { print $9 }' "$OUT/nine/figures.txt")"
e2e_done
