# The command table: help, version, usage errors and their exit codes.
. tests/e2e_lib.sh

"$CCSLA" --help >"$OUT/help.txt"; check_eq "ccsla --help exits 0" 0 $?
check "ccsla --help lists the exit codes" grep -q "^Exit codes:" "$OUT/help.txt"
"$CCSLA" --version >"$OUT/version.txt"; check_eq "ccsla --version exits 0" 0 $?
check_eq "--version prints the VERSION file" "ccsla $(cat VERSION)" "$(cat "$OUT/version.txt")"
check_exit "no command is a usage error" 2 "$CCSLA" 2>/dev/null
check_exit "an unknown command is a usage error" 2 "$CCSLA" frobnicate 2>/dev/null
check_exit "a prefix of a command is not guessed" 2 "$CCSLA" ing 2>/dev/null
for cmd in $(sed -n 's/^  \([a-z]*\)  .*/\1/p' "$OUT/help.txt"); do
	"$CCSLA" help "$cmd" >"$OUT/help-$cmd.txt"
	"$CCSLA" "$cmd" --help >"$OUT/dash-$cmd.txt"
	check "help $cmd and $cmd --help print the same text" cmp -s "$OUT/help-$cmd.txt" "$OUT/dash-$cmd.txt"
	check "help $cmd starts with its usage line" grep -q "^usage: ccsla $cmd" "$OUT/help-$cmd.txt"
	# Its own exit codes: 4 only where the command takes the state lock
	# (grep state_lock pipeline/), 1 wherever it can find data problems.
	codes=$(awk '/^Exit codes:/ { on = 1; next } on && /^  [0-9]  / { printf "%s", $1 }' "$OUT/help-$cmd.txt")
	case $cmd in
	ingest|evaluate|ledger|render|nightly) want=01234 ;;
	*) want=0123 ;;
	esac
	check_eq "help $cmd lists the exit codes it can return" "$want" "$codes"
done
e2e_done
