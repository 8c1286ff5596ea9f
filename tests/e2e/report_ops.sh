# The report of a contract with availability and quality SLAs
# (fixtures/opslogs/avq; figures worked out in metrics_outage_quality.sh),
# as the client reads it, PDF and HTML alike:
# - Method defines availability (service-hour seconds, merged overlaps,
#   impact weighting, open outages to the watermark), the quality score
#   average, the pass share with the contract's pass score (or that it sets
#   none) and the critical error share, only for the metrics the SLAs use;
# - the lineage lists the outage and quality log files beside the
#   interaction log, with the same columns, in the whole-file
#   reconciliation, and manifest.json names their log;
# - the scorecard never breaks an SLA id inside a word: "AVAIL-VOICE"
#   whole, a longer id only after a '-';
# - customer experience lists availability per channel with each outage
#   and the quality figures with their sample (below, by hand).
. tests/e2e_lib.sh
F=fixtures/opslogs/avq
export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
rm -rf "$OUT/in" "$OUT/state" "$OUT/out" "$OUT/v"
mkdir -p "$OUT/in" "$OUT/v"
for f in interactions outage quality; do gzip -nc "$F/$f.csv" >"$OUT/in/$f.csv.gz"; done
S="$OUT/state"
check_exit "ingest exits 0" 0 "$CCSLA" ingest --state "$S" "$OUT/in/interactions.csv.gz" "$OUT/in/outage.csv.gz" \
	"$OUT/in/quality.csv.gz" >/dev/null
check_exit "render --final exits 0" 0 "$CCSLA" render --state "$S" --contracts "$F/contract.yaml" --period 2026-10 \
	--out "$OUT/out" --final >/dev/null 2>&1
d="$OUT/out/AVQ/2026-10"
# the PDF as text, each page break's footer and header out
unpage() { sed -e 's/  */ /g' -e 's/ Report AVQ-2026-10-[A-Za-z0-9-]* page [0-9]* of [0-9]* AVQ Insurance AVQ-2026 2026-10 (UTC)//g'; }
pdftotext "$d/report.pdf" - | tr '\n\f' '  ' | unpage >"$OUT/pdf.txt"
# the HTML as text: tags out, entities of the apostrophe undone
sed -e 's/<[^>]*>/ /g' -e "s/&#39;/'/g" "$d/report.html" | tr '\n' ' ' | sed 's/  */ /g' >"$OUT/html.txt"
method() { sed -n 's/.* Method \(.*\) Verification .*/\1/p' "$1"; }
method "$OUT/pdf.txt" >"$OUT/pdf-method.txt"
method "$OUT/html.txt" >"$OUT/html-method.txt"
for kind in pdf html; do
	m="$OUT/$kind-method.txt"
	check "$kind: the Method section is found" test -s "$m"
	check "$kind Method: availability over service-hour seconds" \
		grep -q "Availability (8.5 continuity of service), per channel: 100 x (1 - outage seconds / service seconds). Service seconds are the seconds of the period inside the contract's service hours" "$m"
	check "$kind Method: availability counts the SLA's causes, weighted by impact" \
		grep -q "of a cause the SLA counts (its parameters below name them; by default the contact centre's own and third parties'), each weighted by the outage's impact" "$m"
	check "$kind Method: overlapping outages merged" \
		grep -q "overlapping outages are merged, so that no second counts twice or at more than 100 %" "$m"
	check "$kind Method: an open outage runs to the watermark" \
		grep -q "An outage without an end runs to the data's cut-off" "$m"
	check "$kind Method: the quality score average" \
		grep -q "Average quality score (4.3 quality monitoring): the mean score (0 to 100 points) of the period's quality evaluations" "$m"
	check "$kind Method: the pass share with the contract's pass score, 85" \
		grep -q "Quality pass share (4.3): 100 x evaluations passed / evaluations. An evaluation passes as the quality scheme decided it; one the scheme left undecided passes with a score of at least the contract's pass score, 85 points." "$m"
	check "$kind Method: the critical error share" \
		grep -q "Critical error share (4.3): 100 x evaluations with a critical error / evaluations of the period." "$m"
	check "$kind Method: no sample share (no SLA measures it)" sh -c "! grep -q 'Quality sample share' '$m'"
	check "$kind Method: AVAIL-VOICE counts outages of the contact centre and third parties" \
		grep -q "AVAIL-VOICE parameters: comparison: rounded to the printed decimals; outages counted: caused by the contact centre, third parties" "$m"
	check "$kind Method: QA-PASS names its pass score" grep -q "QA-PASS parameters: comparison: rounded to the printed decimals; pass score: 85 points" "$m"
done
check_eq "PDF and HTML Method read the same" "$(cat "$OUT/pdf-method.txt")" "$(cat "$OUT/html-method.txt" | sed 's/ $//')"

# lineage: the operations logs beside the interaction log
sha() { sha256sum "$1" | cut -d' ' -f1; }
so=$(sha "$OUT/in/outage.csv.gz")
sq=$(sha "$OUT/in/quality.csv.gz")
si=$(sha "$OUT/in/interactions.csv.gz")
pdftotext -layout "$d/report.pdf" - | sed -n '/^Data quality and lineage/,/^Method/p' >"$OUT/lineage.txt"
check "PDF lineage: interactions.csv.gz, 3 of the client, 4 read, 4 accepted" \
	grep -Eq "^interactions.csv.gz +$si +3 +4 +4 +0 +0\$" "$OUT/lineage.txt"
check "PDF lineage: outage.csv.gz, its 7 outages attached, 7 read, 7 accepted" \
	grep -Eq "^outage.csv.gz +$so +7 +7 +7 +0 +0\$" "$OUT/lineage.txt"
check "PDF lineage: quality.csv.gz, 4 evaluations of October attached of 5 read" \
	grep -Eq "^quality.csv.gz +$sq +4 +5 +5 +0 +0\$" "$OUT/lineage.txt"
check "PDF lineage: each operations log is named" sh -c "grep -q '^(outage log)' '$OUT/lineage.txt' && grep -q '^(quality log)' '$OUT/lineage.txt'"
check "PDF: the whole-file reconciliation counts the three files (16 rows)" \
	grep -q "whole files: read 16 = accepted 16 + quarantined 0 + duplicates 0 (reconciled)" "$OUT/pdf.txt"
check "PDF page 1: 0 of 16 input rows quarantined" grep -q "0 of 16 input rows quarantined" "$OUT/pdf.txt"
check "PDF: the digest table of contacts.csv.gz lists no operations log" sh -c \
	"sed -n '/^Input file  *SHA-256 of this client/,\$p' '$OUT/lineage.txt' | grep -Eq '^(outage|quality).csv.gz' && exit 1 || exit 0"
check "HTML lineage: the outage log's row" grep -q "<tr><th scope=\"row\">outage.csv.gz
(outage log)</th><td class=\"hash\">$so</td><td class=\"num\">7</td><td class=\"num\">7</td><td class=\"num\">7</td>" "$d/report.html"
check "HTML lineage: the quality log's row" grep -q "(quality log)</th><td class=\"hash\">$sq</td><td class=\"num\">4</td><td class=\"num\">5</td>" "$d/report.html"
check "HTML: the whole-file reconciliation counts 16" grep -q "whole files: read 16 = accepted 16" "$OUT/html.txt"
check_eq "manifest.json: the inputs' logs" "interactions outage quality" \
	"$(sed -n 's/^ *"log": "\(.*\)"$/\1/p' "$d/manifest.json" | tr '\n' ' ' | sed 's/ $//')"
check_eq "manifest.json: the reconciliation reads 16" 16 "$(sed -n 's/^ *"read": \([0-9]*\),$/\1/p' "$d/manifest.json")"
"$CCSLA" verify --recompute --fingerprint 00 "$d/report.pdf" >"$OUT/verify.txt" 2>&1
check "verify --recompute: every figure recomputes" grep -q '^RECOMPUTED: all' "$OUT/verify.txt"
check "verify --recompute: the manifest's 3 inputs check out" \
	grep -q "manifest.json: the client's rows of each of its 3 inputs have the digest it lists" "$OUT/verify.txt"

# the scorecard: AVAIL-VOICE whole on its line of page 1
pdftotext -layout -f 1 -l 1 "$d/report.pdf" - | sed -n '/^Scorecard/,/^Previous months/p' >"$OUT/scorecard.txt"
check "scorecard: AVAIL-VOICE whole, the title beside it" grep -Eq '^AVAIL-VOICE +Telephony available' "$OUT/scorecard.txt"
check "scorecard: no line holds a piece of an id" sh -c "! grep -Eq '^(AVAIL-VOIC|E) ' '$OUT/scorecard.txt'"

check "HTML scorecard: the id's cell never wraps" sh -c \
	"grep -Eq 'th\\.id(,th\\.d)?\\{white-space:nowrap\\}' '$d/report.html' && grep -q '<th scope=\"row\" class=\"id\">AVAIL-VOICE</th>' '$d/report.html'"

# a contract without a pass score, and a long SLA id; no quality score SLA
sed -e '/quality: { pass_score: 85 }/d' -e 's/id: AVAIL-VOICE/id: AVAIL-VOICE-CHAT-EMAIL-EU/' \
	-e '/id: QA-SCORE/,/allocation_pct: 30/d' "$F/contract.yaml" >"$OUT/v/contract.yaml"
check_exit "render of the variant exits 0" 0 "$CCSLA" render --state "$S" --contracts "$OUT/v/contract.yaml" \
	--period 2026-10 --out "$OUT/v/out" --final >/dev/null 2>&1
v="$OUT/v/out/AVQ/2026-10"
pdftotext "$v/report.pdf" - | tr '\n\f' '  ' | unpage | sed -n 's/.* Method \(.*\) Verification .*/\1/p' >"$OUT/v-method.txt"
check "no pass score: the Method says so" grep -q "Quality pass share (4.3): 100 x evaluations passed / evaluations decided, as the quality scheme decided them. The contract sets no pass score, so an evaluation the scheme left undecided counts in neither." "$OUT/v-method.txt"
check "no quality score SLA: no definition of it" sh -c "! grep -q 'Average quality score' '$OUT/v-method.txt'"
check "no pass score: QA-PASS names none" sh -c "! grep -q 'pass score: ' '$OUT/v-method.txt'"
pdftotext -layout -f 1 -l 1 "$v/report.pdf" - | sed -n '/^Scorecard/,/^Previous months/p' >"$OUT/v-scorecard.txt"
check "a long id breaks after a '-' only: AVAIL-VOICE-CHAT- / EMAIL-EU" sh -c \
	"grep -Eq '^AVAIL-VOICE-CHAT- +Telephony' '$OUT/v-scorecard.txt' && grep -Eq '^EMAIL-EU +of service hours' '$OUT/v-scorecard.txt'"
# an operations-log SLA's page counts no contacts: no contact population, no
# daily chart, no worst half-hours by offered contacts (they were all zero)
pdftotext -layout "$d/report.pdf" - | sed -n '/^AVAIL-VOICE: /,/^QA-SCORE: /p' >"$OUT/avail-page.txt"
check "AVAIL-VOICE's page: no contact population table" sh -c "test -s '$OUT/avail-page.txt' && ! grep -q 'Population' '$OUT/avail-page.txt'"
check "AVAIL-VOICE's page: no worst half-hours ranked by offered contacts" sh -c "! grep -q 'Worst half-hours' '$OUT/avail-page.txt'"
check "AVAIL-VOICE's page says it has no daily values" grep -q "it gives no daily values" "$OUT/avail-page.txt"
check "AVAIL-VOICE's sentence names the metric in words" sh -c "tr '\n' ' ' <'$OUT/avail-page.txt' | grep -q 'The availability of voice, a critical SLA'"
check "AVAIL-VOICE's basis in words, with the seconds of results.json" sh -c "tr '\n' ' ' <'$OUT/avail-page.txt' | tr -s ' ' | grep -q '4 hours (14,400 s) of impact-weighted outage in 210 hours (756,000 s) of service hours, 4 outages'"
check "QA-SCORE's minimum volume counts evaluations" sh -c "pdftotext -layout '$d/report.pdf' - | grep -Eq 'minimum volume +3 evaluations'"
check "report.html: no population table for AVAIL-VOICE" sh -c "! grep -q 'Population of AVAIL-VOICE' '$d/report.html'"
# Customer experience: availability and quality (report_opsview.c). By hand
# (UTC, mon-fri 08:00-18:00, holiday Thu 15 Oct): 21 open days x 10 h = 210
# service hours per channel. Counted causes ccc and third-party (the SLA's).
# voice: INC-A 09-11 and INC-E 10-10:30 merged 2:00; INC-B (every client,
# all channels, 50 %) Wed 7 17-18 and Thu 8 08-09 = 2:00 x 0.5 = 1:00;
# INC-C client: listed, not counted (3:00); INC-D on the holiday: 0:00;
# INC-F open from Fri 30 17:00 to the watermark (Sat 31 20:00): 1:00; lost
# 4:00 of 210:00 = 98.10 %. chat (named by INC-G): INC-B 1:00 + INC-G 9:00
# = 10:00, 95.24 %. Quality: EV-1..EV-4 (EV-5 is September's by its
# contact C-9): (90 + 80 + 88.5 + 70) / 4 = 82.13; passed EV-1 (90 >= 85),
# EV-2 (passed 1), EV-3 (88.5) = 3 of 4, 75.00 %; critical EV-3 = 25.00 %;
# answered contacts of October C-1, C-3, C-2 = 3: 4 of 3 = 133.33 % (EV-1 to
# EV-3 name no contact).
pdftotext -layout "$d/report.pdf" - | sed -n '/^Availability$/,/^Exclusions$/p' >"$OUT/avq.txt"
check "section 7 has an Availability block" test -s "$OUT/avq.txt"
check "voice 98.10 %, 4:00 of 210:00 service hours, 4 outages counted" \
	grep -Eq '^voice +98.10 % available: 4:00 of 210:00 service hours lost \(impact-weighted\), 4 outages counted$' "$OUT/avq.txt"
check "chat 95.24 %, 10:00 of 210:00, 2 outages counted" \
	grep -Eq '^chat +95.24 % available: 10:00 of 210:00 service hours lost \(impact-weighted\), 2 outages counted$' "$OUT/avq.txt"
row() { grep -E "^$1 +$2 " "$OUT/avq.txt" | tr -s ' '; }
check_eq "INC-A: local start and end, 2:00 service hours, 100 %, ccc, note" \
	"voice INC-A 2026-10-06 09:00 2026-10-06 11:00 2:00 100 % ccc PBX" "$(row voice INC-A)"
check_eq "INC-B, every client, half capacity, under voice" \
	"voice INC-B 2026-10-07 17:00 2026-10-08 09:00 2:00 50 % third-party every client; carrier" "$(row voice INC-B)"
check_eq "INC-C: the client's, listed as not counted" \
	"voice INC-C 2026-10-12 09:00 2026-10-12 12:00 3:00 100 % client (not counted) client CRM" "$(row voice INC-C)"
check_eq "INC-D on the holiday: no service hours" \
	"voice INC-D 2026-10-15 10:00 2026-10-15 12:00 0:00 100 % ccc on the holiday" "$(row voice INC-D)"
check_eq "INC-F still open: to the watermark, 1:00" "voice INC-F 2026-10-30 17:00 open 1:00 100 % ccc still open" \
	"$(row voice INC-F)"
check_eq "chat lists INC-B and INC-G" "INC-B INC-G" "$(grep -E '^chat +INC-' "$OUT/avq.txt" | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')"
check_eq "voice lists six outages" 6 "$(grep -cE '^voice +INC-' "$OUT/avq.txt")"
check "the note names the causes counted and the open outage's end" sh -c "tr '\n' ' ' <'$OUT/avq.txt' | grep -q 'counting outages caused by the contact centre and third parties (the contract.s availability SLA).*the data cut-off (2026-10-31 20:00 local time)'"
check "quality: evaluations and sample 4 of 3 answered, 133.33 %" \
	grep -Eq '^Evaluations \(sample\) +4 of 3 answered contacts, 133.33 %$' "$OUT/avq.txt"
check "quality: average score 82.13 points" grep -Eq '^Average score +82.13 points$' "$OUT/avq.txt"
check "quality: passed 3 of 4, 75.00 %" grep -Eq '^Passed +3 of 4, 75.00 %$' "$OUT/avq.txt"
check "quality: critical error 1 of 4, 25.00 %" grep -Eq '^With a critical error +1 of 4, 25.00 %$' "$OUT/avq.txt"
check "report.html: the availability rows" grep -q '98.10 % available: 4:00 of 210:00 service hours lost' "$d/report.html"
check "report.html: the outage table with INC-F open" \
	grep -q '<th scope="row">voice</th><td>INC-F</td><td>2026-10-30 17:00</td><td>open</td><td class="num">1:00</td>' "$d/report.html"
check "report.html: quality sample" grep -q '4 of 3 answered contacts, 133.33 %' "$d/report.html"
e2e_done
