# The caches (reports/compose/evidence_cache.h, the days of contacts.csv.gz;
# pipeline/metrics/metrics_daycache.h, the settled days' figures of each
# SLA): a draft written from what an earlier draft kept is byte-identical,
# every file, to one written with no cache at all; and so after late data,
# an edited contract, another pseudonym key, a damaged entry, and a new
# quality evaluation of a contact no figure counts.
. tests/e2e_lib.sh

export SOURCE_DATE_EPOCH=1793836800 # 2026-11-05
S="$OUT/state" C="$OUT/contracts"
rm -rf "$OUT"/*
mkdir -p "$C" "$OUT/in"
cp contracts/examples/*.yaml "$C/"
"$CCSLA" ingest --state "$S" fixtures/logs/2026-10/*.csv.gz >/dev/null 2>&1 ||
	not_ok "ingest of the example month"

# render NAME [ARGS...]: ACME's October draft into $OUT/NAME (the pseudonym key unless ARGS name one)
render() {
	dir=$1
	shift
	[ $# -gt 0 ] || set -- --pseudonym-key fixtures/keys/test-pseudonym.key
	"$CCSLA" render --state "$S" --contracts "$C" --period 2026-10 --client ACME --out "$OUT/$dir" "$@" \
		>/dev/null 2>"$OUT/$dir.err"
}
# same A B: every file of the two drafts is the same, byte for byte
same() {
	a="$OUT/$1/ACME/2026-10" b="$OUT/$2/ACME/2026-10"
	[ -s "$a/contacts.csv.gz" ] || return 1
	(cd "$a" && ls) >"$OUT/ls-a"
	(cd "$b" && ls) >"$OUT/ls-b"
	cmp -s "$OUT/ls-a" "$OUT/ls-b" || return 1
	for f in $(cat "$OUT/ls-a"); do cmp -s "$a/$f" "$b/$f" || { echo "  $f differs" >&2; return 1; }; done
}
# fresh NAME [ARGS...]: the draft with no cache (the cache of before is put back after)
fresh() {
	mv "$S/cache" "$OUT/cache.kept" 2>/dev/null
	render "$@"
	rc=$?
	rm -rf "$S/cache"
	mv "$OUT/cache.kept" "$S/cache" 2>/dev/null
	return $rc
}
entries() { find "$S/cache/evidence/$1" -name '*.cev' 2>/dev/null | wc -l | tr -d ' '; }

check "a draft with no cache" render cold
# Europe/Berlin: October runs from 30 September 22:00 to 31 October 23:00 UTC
check_eq "it keeps each UTC day wholly inside the month (1 to 30 October)" 30 "$(entries ACME)"
figs() { find "$S/cache/figures/$1" -name '*.cfd' 2>/dev/null | wc -l | tr -d ' '; }
check "and the settled days' figures: a file per SLA population and the overview's" test "$(figs ACME)" -ge 5
check "a draft again, from the cache" render warm
check "it is byte-identical to the first" same cold warm
check "a draft with the cache removed" fresh nocache
check "it is byte-identical too" same cold nocache
check "the evidence reads as one gzip stream" sh -c "zcat '$OUT/warm/ACME/2026-10/contacts.csv.gz' >/dev/null"
check_eq "with every row of the first" "$(zcat "$OUT/cold/ACME/2026-10/contacts.csv.gz" | wc -l)" \
	"$(zcat "$OUT/warm/ACME/2026-10/contacts.csv.gz" | wc -l)"

# damaged entries: one cut short, one with a byte changed, one emptied
e1=$(find "$S/cache/evidence/ACME" -name '2026-10-03.cev') e2=$(find "$S/cache/evidence/ACME" -name '2026-10-04.cev')
e3=$(find "$S/cache/evidence/ACME" -name '2026-10-05.cev')
head -c 5000 "$e1" >"$OUT/cut" && cat "$OUT/cut" >"$e1"
printf 'X' | dd of="$e2" bs=1 seek=3000 conv=notrunc 2>/dev/null
: >"$e3"
check "damaged entries: the draft is written" render damaged
check "byte-identical (a damaged entry is a miss)" same cold damaged
check "and the entries are written again" render damaged2
check "byte-identical from them" same cold damaged2

# an entry whose CRC matches but whose members do not inflate to its runs
# (one row more in its first run than its members hold): the draft fails,
# says so, writes no report, and removes the entry; the next is whole
e4=$(find "$S/cache/evidence/ACME" -name '2026-10-06.cev')
python3 - "$e4" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
b = bytearray(open(path, 'rb').read())
rows, runs = struct.unpack_from('<qI', b, 108)
assert runs >= 1
struct.pack_into('<q', b, 108, rows + 1)
first = 132 + 4  # the rows of the first run
struct.pack_into('<I', b, first, struct.unpack_from('<I', b, first)[0] + 1)
struct.pack_into('<I', b, len(b) - 4, zlib.crc32(bytes(b[:-4])) & 0xffffffff)
open(path, 'wb').write(bytes(b))
PY
fails() { if "$@"; then return 1; fi; }
check "a kept day that does not inflate to its rows: the draft fails" fails render kept_bad
check "it says which cache and what to do" grep -q "evidence cache's entry $e4 did not inflate to its rows; it was removed, render again" "$OUT/kept_bad.err"
check "it writes no report" test ! -e "$OUT/kept_bad/ACME/2026-10/report.pdf"
check "the entry is gone" test ! -e "$e4"
check "the next draft is written" render kept_bad2
check "byte-identical" same cold kept_bad2
check "the day is kept again" test -s "$e4"

# late data: a contact of ACME on 5 October arrives after the first drafts
{
	echo "contact_id,client_id,channel,arrived_at,answered_at,ended_at,outcome,queue,customer_id,agent_id"
	echo "LATE-1,ACME,voice,2026-10-05T13:00:00Z,2026-10-05T13:00:07Z,2026-10-05T13:04:00Z,answered,sales,cust-late,agent-late"
} | gzip -n >"$OUT/in/late.csv.gz"
"$CCSLA" ingest --state "$S" "$OUT/in/late.csv.gz" >/dev/null 2>&1 || not_ok "ingest of the late file"
check "after late data, from the cache" render late
check "the late contact is in the evidence" sh -c "zcat '$OUT/late/ACME/2026-10/contacts.csv.gz' | grep -q '^LATE-1,'"
check "after late data, with no cache" fresh late_nocache
check "byte-identical" same late late_nocache

# an edited contract (a comment only: the file's SHA-256 is in every entry's key)
for f in "$C"/*.yaml; do grep -q 'client: ACME' "$f" && echo "# edited" >>"$f"; done
check "after a contract edit, from the cache" render edited
check "after a contract edit, with no cache" fresh edited_nocache
check "byte-identical" same edited edited_nocache

# another pseudonym key, and none
printf '%s' 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef >"$OUT/other.key"
check "another pseudonym key, from the cache" render other --pseudonym-key "$OUT/other.key"
check "another pseudonym key, with no cache" fresh other_nocache --pseudonym-key "$OUT/other.key"
check "byte-identical" same other other_nocache
check "and not the first key's evidence" sh -c "! cmp -s '$OUT/other/ACME/2026-10/contacts.csv.gz' '$OUT/edited/ACME/2026-10/contacts.csv.gz'"
check "the first key again, from the cache" render first_again
check "byte-identical to the first key's draft" same edited first_again

# a quality evaluation of a contact no figure counts (outbound) puts its row
# in the evidence: the day it is on must not be taken from the cache
Q="$OUT/q"
mkdir -p "$Q/in"
{
	echo "contact_id,client_id,channel,direction,arrived_at,answered_at,ended_at,outcome"
	echo "C-1,AVQ,voice,inbound,2026-10-05T09:00:00Z,2026-10-05T09:00:10Z,2026-10-05T09:05:00Z,answered"
	echo "C-OUT,AVQ,voice,outbound,2026-10-12T10:00:00Z,2026-10-12T10:00:05Z,2026-10-12T10:03:00Z,answered"
} | gzip -n >"$Q/in/interactions.csv.gz"
{
	echo "evaluation_id,client_id,contact_id,agent_id,channel,evaluated_at,score,passed,critical_error"
	echo "EV-9,AVQ,C-OUT,a1,voice,2026-10-13T12:00:00Z,90,1,0"
} | gzip -n >"$Q/in/quality.csv.gz"
qrender() {
	"$CCSLA" render --state "$Q/state" --contracts fixtures/opslogs/avq/contract.yaml --period 2026-10 \
		--out "$Q/$1" >/dev/null 2>"$Q/$1.err"
}
"$CCSLA" ingest --state "$Q/state" "$Q/in/interactions.csv.gz" >/dev/null 2>&1 || not_ok "ingest of AVQ's contacts"
check "AVQ: a draft before the evaluation" qrender before
check "the outbound contact is not in its evidence" \
	sh -c "! zcat '$Q/before/AVQ/2026-10/contacts.csv.gz' | grep -q '^C-OUT,'"
check "its day is kept" test -s "$Q/state/cache/evidence/AVQ/2026-10-12.cev"
"$CCSLA" ingest --state "$Q/state" "$Q/in/quality.csv.gz" >/dev/null 2>&1 || not_ok "ingest of the evaluation"
check "AVQ: a draft after the evaluation, with the cache" qrender after
check "the evaluated contact is in its evidence" \
	sh -c "zcat '$Q/after/AVQ/2026-10/contacts.csv.gz' | grep -q '^C-OUT,'"
rm -rf "$Q/state/cache"
check "AVQ: the same with no cache" qrender after_nocache
check "byte-identical" cmp -s "$Q/after/AVQ/2026-10/contacts.csv.gz" "$Q/after_nocache/AVQ/2026-10/contacts.csv.gz"
check "and its report too" cmp -s "$Q/after/AVQ/2026-10/report.pdf" "$Q/after_nocache/AVQ/2026-10/report.pdf"

# a state the draft cannot keep entries in still gives the draft (the cache costs time only)
rm -rf "$S/cache"
: >"$S/cache" # a file where the folder would be
check "a cache that cannot be written: the draft is written" render unwritable
check "byte-identical" same edited unwritable
rm -f "$S/cache"

# ccsla nightly keeps this month's days and the month before's: in December, October's go
check "a draft keeps October's days again" render before_prune
mkdir -p "$OUT/land"
"$CCSLA" nightly --landing "$OUT/land" --contracts "$C" --state "$S" --out "$OUT/nout" --date 2026-12-05 \
	>/dev/null 2>"$OUT/nightly.log"
check_eq "nightly in December: no October day is left" 0 "$(entries ACME)"
check_eq "nor any October day's figures" 0 "$(find "$S/cache/figures/ACME" -name '2026-10-*' 2>/dev/null | wc -l | tr -d ' ')"
check "and it says how many it removed" grep -Eq 'event=cache removed=[0-9]+' "$OUT/nightly.log"
e2e_done
