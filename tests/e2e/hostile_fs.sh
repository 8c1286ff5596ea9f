# hostile_fs.sh -- issue 21, findings 1 and 2: links planted in OUT/ and
# STATE/ (a draft link to a directory elsewhere or to the store, a client
# directory, out/runs, STATE/lock, a client's store directory) make the nightly run stop with a message
# naming the path; no byte outside STATE/ and OUT/ changes, the store keeps
# its bytes, and once the link is gone the next run works.
. tests/e2e_lib.sh

export SOURCE_DATE_EPOCH=1793577600 # 2026-11-02
T=$OUT/tree
land=$T/landing state=$T/state out=$T/out victim=$T/victim
rm -rf "$T" "$OUT/koala-away" "$OUT/runs-away" "$OUT/acme-store-away"
mkdir -p "$land" "$victim/sub"
nightly() {
	"$CCSLA" nightly --landing "$land" --contracts contracts/examples --state "$state" --out "$out" \
		--key fixtures/keys/test-leaf.key --cert fixtures/keys/test-leaf.pem --allow-insecure-key \
		--date 2026-10-03 "$@"
}
# every byte outside state/ and out/ (landing files and the victim)
outside() { (cd "$T" && find . \( -path ./state -o -path ./out \) -prune -o -type f -print | sort | xargs sha256sum); }
tree_of() { (cd "$1" && find . -type f | sort | xargs sha256sum); }
# forget that ACME's October draft is up to date, so the next run rebuilds it
redo_acme() { rm -f "$state/nightly/ACME/2026-10"; }

cp fixtures/logs/2026-10/2026-10-0[12].csv.gz "$land/"
printf 'the victim\n' >"$victim/a.txt"
printf 'more\n' >"$victim/sub/b.txt"
printf 'a hidden file\n' >"$victim/.report.tmp.1"
check_exit "a first nightly run" 0 nightly 2>"$OUT/first.log"
check "ACME's October draft is a link to a hidden directory" test -L "$out/ACME/2026-10/draft"
before=$(outside)
store_before=$(tree_of "$state/store")
check "the scratch tree has a victim and a store" test -n "$before" -a -n "$store_before"

# 1. draft -> ../../../victim: the rebuild used to remove_tree the victim
rm "$out/ACME/2026-10/draft"
ln -s ../../../victim "$out/ACME/2026-10/draft"
redo_acme
check_exit "a draft link that leaves the tree stops the run (exit 3)" 3 nightly 2>"$OUT/draft-out.log"
check "the message names the link" grep -q "out/ACME/2026-10/draft: links to '../../../victim', not to a hidden .draft-<n>" "$OUT/draft-out.log"
check "the victim still exists" test -f "$victim/a.txt" -a -f "$victim/sub/b.txt"
check_eq "no byte outside STATE/ and OUT/ changed" "$before" "$(outside)"
check "the planted link is left as it was" test "$(readlink "$out/ACME/2026-10/draft")" = ../../../victim

# 2. draft -> the store: the store used to be wiped
rm "$out/ACME/2026-10/draft"
ln -s ../../../state/store "$out/ACME/2026-10/draft"
redo_acme
check_exit "a draft link to the store stops the run" 3 nightly 2>"$OUT/draft-store.log"
check "the message names the link" grep -q "out/ACME/2026-10/draft: links to '../../../state/store'" "$OUT/draft-store.log"
check_eq "the store keeps every byte" "$store_before" "$(tree_of "$state/store")"
check_eq "nothing outside changed" "$before" "$(outside)"

# 3. draft is a real directory (not what ccsla makes there)
rm "$out/ACME/2026-10/draft"
mkdir "$out/ACME/2026-10/draft"
printf 'mine\n' >"$out/ACME/2026-10/draft/notes.txt"
redo_acme
check_exit "a draft that is a directory stops the run" 3 nightly 2>"$OUT/draft-dir.log"
check "the message says what it is" grep -q "out/ACME/2026-10/draft: is a directory, not the link" "$OUT/draft-dir.log"
check "the directory's file is kept" test "$(cat "$out/ACME/2026-10/draft/notes.txt")" = mine
rm -r "$out/ACME/2026-10/draft"

# 4. a client directory that is a link out of the tree
mv "$out/KOALA" "$OUT/koala-away"
ln -s ../victim "$out/KOALA"
check_exit "a client directory that is a link stops the run" 3 nightly 2>"$OUT/client.log"
check "the message names it" grep -q "out/KOALA: is a symbolic link, not a directory ccsla made" "$OUT/client.log"
check "nothing was made in the victim" test ! -e "$victim/2026-10"
check_eq "nothing outside changed" "$before" "$(outside)"
rm "$out/KOALA"
mv "$OUT/koala-away" "$out/KOALA"

# 5. out/runs as a link: its hidden *.tmp.* files used to be deleted
mv "$out/runs" "$OUT/runs-away"
ln -s ../victim "$out/runs"
check_exit "out/runs as a link stops the run" 3 nightly 2>"$OUT/runs.log"
check "the message names it" grep -q "out/runs: is a symbolic link" "$OUT/runs.log"
check "the victim's hidden file is kept" test -f "$victim/.report.tmp.1"
check_eq "nothing outside changed" "$before" "$(outside)"
rm "$out/runs"
mv "$OUT/runs-away" "$out/runs"

# 6. STATE/lock as a link to a file elsewhere: it used to be truncated and
# overwritten with the pid
rm "$state/lock"
ln -s ../victim/a.txt "$state/lock"
check_exit "STATE/lock as a link stops the run" 3 nightly 2>"$OUT/lock.log"
check "the message names it" grep -q "state/lock: is a symbolic link, not ccsla's lock file" "$OUT/lock.log"
check "the file it points to keeps its bytes" test "$(cat "$victim/a.txt")" = "the victim"
rm "$state/lock"
ln "$victim/a.txt" "$state/lock"
check_exit "STATE/lock as a second name of a file stops the run" 3 nightly 2>"$OUT/lock-hard.log"
check "the message says so" grep -q "state/lock: has 2 names (hard links)" "$OUT/lock-hard.log"
check_eq "nothing outside changed" "$before" "$(outside)"
rm "$state/lock"

# 7. a client's store directory as a link: its debris (*.tmp.*, *.new) used
# to be removed, and new partitions written, in the directory it points to
mv "$state/store/ACME" "$OUT/acme-store-away"
ln -s ../../victim "$state/store/ACME"
check_exit "a store directory that is a link stops the run" 3 nightly 2>"$OUT/store-link.log"
check "the message names it" grep -q "state/store/ACME: is a symbolic link, not a directory ccsla made" "$OUT/store-link.log"
check_eq "nothing outside changed" "$before" "$(outside)"
rm "$state/store/ACME"
mv "$OUT/acme-store-away" "$state/store/ACME"

# The same tree without the planted links works, and the store is intact.
redo_acme
check_exit "with the links gone the run works" 0 nightly 2>"$OUT/last.log"
check "ACME's draft is rebuilt" grep -q "client=ACME period=2026-10 kind=draft" "$OUT/last.log"
check "ACME's draft is a link to a hidden directory again" test -L "$out/ACME/2026-10/draft" -a -f "$out/ACME/2026-10/draft/report.pdf"
check_eq "the store keeps every byte" "$store_before" "$(tree_of "$state/store")"
check_eq "nothing outside changed" "$before" "$(outside)"
e2e_done
