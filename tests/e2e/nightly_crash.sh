# Crash safety of ccsla nightly: the run is killed with SIGKILL at every
# durable step (CCSLA_CRASH_AT=k, crashpoint.h) of two nights -- one that
# ingests the month's last file and issues four signed finals and November
# drafts, one that ingests a late file and issues a revision -- and after
# each kill: no partial file is visible in out/, the ledger holds no month
# whose final is not published, and the next run leaves out/ and the
# ledger byte-identical to an uninterrupted run.
. tests/e2e_lib.sh

export SOURCE_DATE_EPOCH=1793577600
keys="--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key"
run_in() { # DIR DATE: one nightly run over DIR/{landing,state,out}
	"$CCSLA" nightly --landing "$1/landing" --contracts contracts/examples --state "$1/state" --out "$1/out" \
		$keys --date "$2" 2>/dev/null
}
snapshot() { # every visible output and the ledger, with checksums
	(cd "$1" && find -L out state/ledger -type f -not -path 'out/runs/*' -not -path '*/.*' | sort | xargs sha256sum)
}
# a visible report directory is complete, and a final or revision is signed
complete() {
	for d in $(cd "$1" && find -L out -mindepth 3 -maxdepth 3 -type d -not -path '*/.*'); do
		for f in report.pdf metrics.csv credits.csv manifest.json; do
			[ -s "$1/$d/$f" ] || { echo "incomplete: $d lacks $f"; return 1; }
		done
		case "$d" in */draft) ;; *) grep -q ByteRange "$1/$d/report.pdf" || { echo "unsigned: $d"; return 1; } ;; esac
	done
	[ -z "$(cd "$1" && find out -name '*.tmp*' -not -path '*/.*')" ] || { echo "a temporary file is visible"; return 1; }
	# the ledger records a final only together with its publication
	for l in $(cd "$1" && find state/ledger -name '*.txt' 2>/dev/null); do
		c=${l#state/ledger/} m=${c#*/} c=${c%%/*}
		[ -d "$1/out/$c/${m%.txt}/final" ] || { echo "the ledger holds $c ${m%.txt}, whose final is not published"; return 1; }
	done
}

base="$OUT/base"
mkdir -p "$base/landing"
for f in fixtures/logs/2026-10/2026-10-[0-2]?.csv.gz fixtures/logs/2026-10/2026-10-30.csv.gz; do cp -p "$f" "$base/landing/"; done
check_exit "base: the night of 31 October" 0 run_in "$base" 2026-10-31

# CCSLA_CRASH_STRIDE=s kills at every s-th step only (make asan: 4)
stride=${CCSLA_CRASH_STRIDE:-1}
points_total=0
scenario() { # NAME DATE FILE-TO-ADD
	sc=$1 date=$2 add=$3
	ref="$OUT/$sc-ref"
	rm -rf "$ref" && cp -a "$base" "$ref" && cp -p "$add" "$ref/landing/"
	CCSLA_CRASH_TRACE="$OUT/$sc.trace" run_in "$ref" "$date"
	n=$(wc -l <"$OUT/$sc.trace")
	snapshot "$ref" >"$OUT/$sc-ref.sum"
	check "$sc: the uninterrupted run passes $n durable steps" test "$n" -ge 10
	bad=0 k=1
	while [ "$k" -le "$n" ]; do
		w="$OUT/$sc-w"
		rm -rf "$w" && cp -a "$base" "$w" && cp -p "$add" "$w/landing/"
		CCSLA_CRASH_AT=$k run_in "$w" "$date"
		rc=$?
		where=$(sed -n "${k}p" "$OUT/$sc.trace")
		if [ "$rc" -ne 137 ]; then
			echo "not ok - $sc: a kill at step $k ($where) did not happen (exit $rc)"; bad=$((bad + 1))
		elif ! msg=$(complete "$w"); then
			echo "not ok - $sc: after a kill at step $k ($where): $msg"; bad=$((bad + 1))
		elif ! run_in "$w" "$date" >/dev/null || ! snapshot "$w" | cmp -s - "$OUT/$sc-ref.sum"; then
			echo "not ok - $sc: after a kill at step $k ($where) the rerun differs from the uninterrupted run"
			snapshot "$w" | diff "$OUT/$sc-ref.sum" - | head -n 5
			bad=$((bad + 1))
		fi
		k=$((k + stride))
	done
	tried=$(( (n + stride - 1) / stride ))
	check_eq "$sc: killed at $tried of the $n steps, every rerun equals the uninterrupted run" 0 "$bad"
	points_total=$((points_total + tried))
	base="$ref" # the next night starts from this one's outcome
}
scenario finals 2026-11-02 fixtures/logs/2026-10/2026-10-31.csv.gz
gzip -n -c fixtures/logs/late/2026-10-20-late-1.csv >"$OUT/late-1.csv.gz"
touch -d 2026-11-01 "$OUT/late-1.csv.gz"
scenario revision 2026-11-05 "$OUT/late-1.csv.gz"
check "at least 50 crash points over both nights ($points_total)" test "$points_total" -ge 50
check "the revision night issued revision-1" test -f "$OUT/revision-ref/out/ACME/2026-10/revision-1/report.pdf"
e2e_done
