#!/bin/sh
# tests/bench/15-import.sh -- ingest speed and memory of the platform
# importers (--format genesys-cloud, amazon-connect, --profile) next to the
# canonical CSV's, on generated files of the same number of contacts (default 1
# million; BENCH_IMPORT_ROWS). Env: CCSLA, BUILD, DATA (cache dir).
set -e
rows=${BENCH_IMPORT_ROWS:-1000000}
gen() { # gen NAME FILE: generate once into the cache
	[ -f "$2" ] && return 0
	echo "bench: generating $rows $1 records into $2 (once)"
	if [ "$1" = canonical ]; then
		"$BUILD/tools/gen_logs" --seed 1 --rows "$rows" --level 6 -o "$2.part"
	elif [ "$1" = profile ]; then
		# a flat export for tests/bench/import-profile.yaml: local times of
		# October 2026, one contact every 2 s, 1 in 8 hung up
		awk -v n="$rows" 'BEGIN { print "id,media,queue,agent,start,wait,talk,result"; srand(1)
			for (i = 0; i < n; i++) { t = i * 2; ab = (i % 8 == 0)
				printf "b%07d,Phone,q%d,%s,2026-10-%02d %02d:%02d:%02d,%d,%d,%s\n", i, i % 8, ab ? "" : "agent" (i % 40),
					7 + int(t / 86400), int(t % 86400 / 3600), int(t % 3600 / 60), t % 60,
					int(rand() * 60), ab ? 0 : int(rand() * 600) + 5, ab ? "H" : "A" } }' | gzip -6 >"$2.part"
	else
		"$BUILD/tools/gen_platform" --format "$1" --seed 1 --rows "$rows" -o "$2.part"
	fi
	mv "$2.part" "$2"
}
wall() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }
cpu() { awk '/User time|System time/ { s += $NF } END { print s }' "$1"; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
tmp=$(mktemp)
trap 'rm -rf "$tmp" "$tmp.state"' EXIT

printf "import bench: %d contacts per file (load average %s)\n" "$rows" "$(cut -d' ' -f1 /proc/loadavg)"
printf "%-16s %10s %8s %8s %12s %10s\n" "format" "gzip MB" "wall s" "cpu s" "contacts/s" "peak RSS"
for fmt in canonical genesys-cloud amazon-connect profile; do
	input="$DATA/import-$fmt-$rows.gz"
	gen "$fmt" "$input"
	rm -rf "$tmp.state"
	if [ "$fmt" = canonical ]; then
		/usr/bin/time -v "$CCSLA" ingest --state "$tmp.state" "$input" >/dev/null 2>"$tmp" || true
	elif [ "$fmt" = profile ]; then
		/usr/bin/time -v "$CCSLA" ingest --state "$tmp.state" --profile tests/bench/import-profile.yaml "$input" >/dev/null 2>"$tmp" || true
	else
		/usr/bin/time -v "$CCSLA" ingest --state "$tmp.state" --format "$fmt" --client ACME "$input" >/dev/null 2>"$tmp" || true
	fi
	awk -v f="$fmt" -v mb="$(stat -c %s "$input")" -v w="$(wall "$tmp")" -v c="$(cpu "$tmp")" -v r="$(rss "$tmp")" -v n="$rows" \
		'BEGIN { printf "%-16s %10.1f %8.2f %8.2f %12.0f %6.1f MiB\n", f, mb / 1e6, w, c, n / w, r / 1024 }'
done
