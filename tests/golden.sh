#!/bin/sh
# The golden tests: tests/golden/NAME.case (or NAME.cmd) and NAME.expected
# are one test, the transcript of one run (stdout, stderr, exit status).
# A .case is checked with the arguments on its first line ("; args: ...");
# a .cmd holds the command line.  UPDATE=1 rewrites the .expected files.
# Ends with "golden: N passed, N failed".
BUILD=${BUILD:-build}
KJ=${KJ:-$BUILD/kjeller}
cd "$(dirname "$0")/.." || exit 2

# golden: the transcript of one run (stdout, stderr, exit status)
transcript() {
    out=$(mktemp) err=$(mktemp)
    # shellcheck disable=SC2086
    "$KJ" "$@" >"$out" 2>"$err"
    rc=$?
    echo "--- stdout"
    # the JSON report's zone data versions change with the installed ICU and
    # tzdata packages: compared as "(version)" when they look like one
    sed 's/^    "\(icu\|system\)": "[0-9]\{4\}[a-z]\{1,2\}"\(,\{0,1\}\)$/    "\1": "(version)"\2/' "$out"
    echo "--- stderr"
    cat "$err"
    echo "--- exit $rc"
    rm -f "$out" "$err"
}

golden_pass=0
golden_fail=0
for t in tests/golden/*.case tests/golden/*.cmd; do
    [ -e "$t" ] || continue
    exp="${t%.*}.expected"
    case "$t" in
    *.cmd) args=$(grep -v '^#' "$t") ;;
    *) args="check $(sed -n '1s/^; args: //p' "$t") $t" ;;
    esac
    # shellcheck disable=SC2086
    got=$(transcript $args)
    if [ "${UPDATE:-0}" = 1 ]; then
        printf '%s\n' "$got" >"$exp"
    fi
    if [ -f "$exp" ] && [ "$got" = "$(cat "$exp")" ]; then
        golden_pass=$((golden_pass + 1))
    else
        golden_fail=$((golden_fail + 1))
        echo "golden FAIL: $t"
        if [ -f "$exp" ]; then
            printf '%s\n' "$got" | diff -u "$exp" - | head -n 40 | sed 's/^/    /'
        else
            echo "    (no $exp; run UPDATE=1 sh tests/golden.sh to create it)"
        fi
    fi
done
echo "golden: $golden_pass passed, $golden_fail failed"
