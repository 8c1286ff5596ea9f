# Signing: time per report in-process and bytes added (issue 6: < 10 ms).
# Input: a 12-page compressed report-shaped PDF with two attachments.
set -e
K=fixtures/keys
case $BUILD in /*) mkpdf=$BUILD/tools/mkpdf ;; *) mkpdf=$(pwd)/$BUILD/tools/mkpdf ;; esac
dir="$DATA/sign"
mkdir -p "$dir"
if [ ! -s "$dir/report.pdf" ]; then
	printf 'line,sla_id,amount,currency\nsla,SL-VOICE,100.00,EUR\nuncapped_total,,100.00,EUR\ntotal,,100.00,EUR\n' >"$dir/credits.csv"
	printf 'sla_id,offered,answered,abandoned,callback,overflow,open\nSL-VOICE,10,8,1,0,0,1\n' >"$dir/metrics.csv"
	(cd "$dir" && "$mkpdf" report.pdf 12 credits.csv metrics.csv)
fi
# A report with an embedded TrueType font weighs about 1 MB: the same
# pages with 1 MB of incompressible bytes attached.
if [ ! -s "$dir/report-1mb.pdf" ]; then
	head -c 1048576 /dev/urandom >"$dir/filler.bin"
	(cd "$dir" && "$mkpdf" report-1mb.pdf 12 credits.csv metrics.csv filler.bin)
fi
for f in report report-1mb; do
	echo "== sign ($(wc -c <"$dir/$f.pdf") byte report, RSA-2048, chain of 1)"
	"$BUILD/tools/signbench" "$dir/$f.pdf" 200 $K/test-leaf.key $K/test-leaf.pem $K/test-leaf-chain.pem
done
cp $K/test-leaf.key "$dir/key.pem" && chmod 600 "$dir/key.pem"
t0=$(date +%s%N)
for i in 1 2 3 4 5 6 7 8 9 10; do
	SOURCE_DATE_EPOCH=1793491200 "$CCSLA" sign --key "$dir/key.pem" --cert $K/test-leaf.pem \
		--chain $K/test-leaf-chain.pem "$dir/report.pdf" "$dir/signed.pdf" >/dev/null
done
t1=$(date +%s%N)
echo "sign: $(( (t1 - t0) / 10000000 )) ms per 'ccsla sign' process (key load, read, sign, fsync + rename; mean of 10)"
