#!/bin/sh
# tests/bench/40-render.sh -- render time per report and file size, for one
# client and for 50 clients, from the hand-filled models of
# tests/tools/render_sample (layout and PDF only; 45-render-cli.sh measures
# ccsla render from data). Target: >= 50 reports/s per core, < 300 KB per
# typical report.
R="$BUILD/tools/render_sample"
out="$DATA/render"
mkdir -p "$out/one"
"$BUILD/tools/peakrss" "$out/one.rss" "$R" acme "$out/one" 50 || exit 1
ms=$(cut -d' ' -f2 "$out/one.rss")
cpu=$(cut -d' ' -f3 "$out/one.rss")
echo "render: 1 client x 50 renders in one process: ${ms} ms, $(( ms * 1000 / 50 )) us/report, $(( 50000 / (ms > 0 ? ms : 1) )) reports/s; CPU ${cpu} ms, $(( 50000 / (cpu > 0 ? cpu : 1) )) reports/s per CPU-second; size $(wc -c <"$out/one/report.pdf") bytes"
t0=$(date +%s%N)
i=0
while [ $i -lt 50 ]; do
	mkdir -p "$out/c$i"
	"$R" acme "$out/c$i" || exit 1
	i=$((i + 1))
done
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
echo "render: 50 clients, one process each: ${ms} ms, $(( 50000 / (ms > 0 ? ms : 1) )) reports/s (1 core, process start included)"
mkdir -p "$out/many"
"$R" many "$out/many" || exit 1
echo "render: 24-SLA report $(pdfinfo "$out/many/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p') pages, $(wc -c <"$out/many/report.pdf") bytes"
