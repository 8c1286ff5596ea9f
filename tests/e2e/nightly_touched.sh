# ccsla nightly rebuilds exactly the (client, month) pairs whose store
# partitions a night's files changed, says so for every month it looks at
# (an event=month line and the run manifest's "months"), and leaves the
# other months' outputs in place (same inode, same time, same bytes):
#   (a) a file with one client's rows rebuilds that client's draft alone;
#   (b) late data for a closed month of one client checks (and revises)
#       that month alone;
#   (c) what the incremental nights made is byte-identical to a full
#       rebuild from scratch of the same files (SOURCE_DATE_EPOCH fixed).
. tests/e2e_lib.sh

export SOURCE_DATE_EPOCH=1793577600 # 2026-11-02
land="$OUT/landing" state="$OUT/state" out="$OUT/out" contracts="$OUT/contracts"
mkdir -p "$land" "$contracts"
cp contracts/examples/*.yaml "$contracts/"
keys="--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key"
nightly() { "$CCSLA" nightly --landing "$land" --contracts "$contracts" --state "$state" --out "$out" $keys "$@"; }
# a published report's files: inode, time and checksum of each (readlink: the draft's directory)
files_state() { (cd "$out/$1/$2" && readlink -f "$3" && stat -L -c '%i %Y.%y %n' "$3"/* && sha256sum "$3"/*); }
# the "months" array of the latest run manifest
months_of_run() { sed -n '/"months"/,$p' "$(ls -t "$out"/runs/*.json | head -n 1)"; }
others="BLUEJAY KOALA SUNRISE"

for d in 01 02 03 04 05 06 07 08 09 10; do cp "fixtures/logs/2026-10/2026-10-$d.csv.gz" "$land/"; done
check_exit "night 1 (11 October)" 0 nightly --date 2026-10-11 2>"$OUT/night1.log"
check_eq "night 1: each client's October is built (4 rebuilt lines)" 4 \
	"$(grep -c 'event=month client=[A-Z]* period=2026-10 action=rebuilt why="first build of the month"' "$OUT/night1.log")"
for c in ACME $others; do eval "before_$c=\$(files_state $c 2026-10 draft)"; done

# --- (a) night 2 brings a file with ACME's rows of 11 October only ---
zcat fixtures/logs/2026-10/2026-10-11.csv.gz | awk -F, 'NR == 1 || $2 == "ACME"' | gzip -n >"$land/2026-10-11-acme.csv.gz"
sleep 1 # a rewritten file would show another time
check_exit "night 2 (12 October): one client's file" 0 nightly --date 2026-10-12 2>"$OUT/night2.log"
check "ACME's October: rebuilt, naming the new partition" \
	grep -q 'event=month client=ACME period=2026-10 action=rebuilt why="store partitions 2026-10-11 (new)' "$OUT/night2.log"
check "ACME's draft event says why" grep -q 'event=report client=ACME period=2026-10 kind=draft .*detail="store partitions 2026-10-11' "$OUT/night2.log"
check_eq "one draft is rebuilt" 1 "$(grep -c 'event=report .*kind=draft' "$OUT/night2.log")"
for c in $others; do
	check "$c's October: skipped, no data touched it" \
		grep -q "event=month client=$c period=2026-10 action=skipped why=\"no data touched it" "$OUT/night2.log"
	eval "was=\$before_$c"
	check_eq "$c's draft not rewritten (inode, time, bytes)" "$was" "$(files_state $c 2026-10 draft)"
done
check "ACME's draft is rewritten" test "$before_ACME" != "$(files_state ACME 2026-10 draft)"
months_of_run >"$OUT/night2-months.json"
m="$OUT/night2-months.json"
check_eq "the run manifest has a months entry for every client's October and September (8)" 8 \
	"$(grep -c '"period": "2026-\(09\|10\)"' "$m")"
check_eq "the manifest says three months were skipped as untouched" 3 \
	"$(grep -A2 '"period": "2026-10"' "$m" | grep -c '"action": "skipped"')"
check_eq "and one rebuilt" 1 "$(grep -A2 '"period": "2026-10"' "$m" | grep -c '"action": "rebuilt"')"

# (c, first part) the drafts of night 2 equal a full rebuild of the same files
full="$OUT/full1"
mkdir -p "$full/landing"
cp "$land"/*.csv.gz "$full/landing/"
check_exit "full rebuild of the files of nights 1-2 in one night" 0 "$CCSLA" nightly --landing "$full/landing" \
	--contracts "$contracts" --state "$full/state" --out "$full/out" $keys --date 2026-10-12 2>/dev/null
for c in ACME $others; do
	check "$c: incremental October draft = full rebuild (diff -r)" \
		diff -r "$out/$c/2026-10/draft/" "$full/out/$c/2026-10/draft/"
done

# --- (b) October closes; then late data for ACME's October ---
for d in 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31; do
	cp "fixtures/logs/2026-10/2026-10-$d.csv.gz" "$land/"
done
check_exit "night 3 (3 November): October's finals" 0 nightly --date 2026-11-03 2>"$OUT/night3.log"
for c in ACME $others; do
	check "$c: October final" test -f "$out/$c/2026-10/final/report.pdf"
	eval "final_$c=\$(files_state $c 2026-10 final)"
	eval "nov_$c=\$(files_state $c 2026-11 draft)"
done
check_exit "night 4 (4 November): no new file" 0 nightly --date 2026-11-04 2>"$OUT/night4.log"
check_eq "night 4: every month is skipped (8 lines)" 8 \
	"$(grep -c 'event=month client=[A-Z]* period=2026-1[01] action=skipped' "$OUT/night4.log")"
check_eq "night 4: no report event" 0 "$(grep -c 'event=report' "$OUT/night4.log")"

# ten more answered ACME contacts of 20 October, under new ids: the figures change
{ zcat fixtures/logs/2026-10/2026-10-20.csv.gz | head -n 1
  zcat fixtures/logs/2026-10/2026-10-20.csv.gz | awk -F, '$2 == "ACME" && $10 == "answered"' | head -n 10 | sed 's/^/LATE-/'
} | gzip -n >"$land/acme-late-2026-10-20.csv.gz"
sleep 1
check_exit "night 5 (5 November): late ACME data for October" 0 nightly --date 2026-11-05 2>"$OUT/night5.log"
check "ACME's October: revised, naming the changed partition" \
	grep -q 'event=month client=ACME period=2026-10 action=revised why="late data for a month with a final: store partitions 2026-10-20 (changed)"' "$OUT/night5.log"
check "ACME: revision-1 published" test -f "$out/ACME/2026-10/revision-1/report.pdf"
check "ACME's November draft: rebuilt for the ledger's revised October" \
	grep -q 'event=month client=ACME period=2026-11 action=rebuilt why="the ledger.s 2026-10' "$OUT/night5.log"
for c in $others; do
	check "$c's October: skipped (final issued, untouched)" \
		grep -q "event=month client=$c period=2026-10 action=skipped why=\"final issued; no data touched it" "$OUT/night5.log"
	eval "was=\$final_$c"
	check_eq "$c's final not rewritten" "$was" "$(files_state $c 2026-10 final)"
	check "$c: no revision" test ! -e "$out/$c/2026-10/revision-1"
	eval "was=\$nov_$c"
	check_eq "$c's November draft not rewritten" "$was" "$(files_state $c 2026-11 draft)"
done
check_eq "night 5: two report events (ACME's revision and its November draft)" 2 "$(grep -c 'event=report' "$OUT/night5.log")"

# (c) a full rebuild from scratch of the same files, on the same nights as
# the finals and the late file (the incremental run had two more nights)
full="$OUT/full2"
mkdir -p "$full/landing"
for f in "$land"/*.csv.gz; do case $f in *acme-late*) ;; *) cp "$f" "$full/landing/" ;; esac; done
fnightly() { "$CCSLA" nightly --landing "$full/landing" --contracts "$contracts" --state "$full/state" --out "$full/out" $keys "$@"; }
check_exit "full rebuild: every October file at once, 3 November" 0 fnightly --date 2026-11-03 2>/dev/null
cp "$land/acme-late-2026-10-20.csv.gz" "$full/landing/"
check_exit "full rebuild: the late file, 5 November" 0 fnightly --date 2026-11-05 2>/dev/null
check "the outputs equal the full rebuild's (diff -r, run manifests aside)" \
	diff -r -x runs "$out" "$full/out"
check "the ledgers equal the full rebuild's (diff -r)" diff -r "$state/ledger" "$full/state/ledger"

e2e_done
