# tests/e2e_lib.sh -- assertions for end-to-end scripts (sourced).
# Environment from tests/run.sh: CCSLA (the binary), BUILD, OUT (scratch dir).
# Each check prints "ok - NAME" or "not ok - NAME"; the script goes on, and
# its exit status is 1 if any check failed.
#
# A check that cannot run here (its data is not shipped with the repository,
# e.g. the unlicensed Asterisk export: fixtures/realdata/README.md) is skipped, never
# failed: `skip NAME REASON` prints "ok - NAME # SKIP REASON" (the TAP form).
# tests/run.sh counts such lines as skipped, not passed, and prints the count
# in its closing line "N passed, N failed, N skipped".
e2e_failed=0

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; e2e_failed=1; }
skip() { echo "ok - $1 # SKIP $2"; }

# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (expected '$2', got '$3')"; fi
}

# check_exit NAME CODE COMMAND...: passes when COMMAND exits with CODE.
check_exit() {
	name=$1
	want=$2
	shift 2
	"$@"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name (exit $got, want $want)"; fi
}

e2e_done() { exit "$e2e_failed"; }
