#!/bin/sh
# The command line on every example and golden case, and the unit tests that
# do not embed z3, under valgrind: no invalid access, no definite leak.
# Ends with "valgrind: N passed, N failed".
BUILD=${BUILD:-build}
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
pass=0
fail=0
run() {
    # shellcheck disable=SC2086
    $VG "$@" >/dev/null 2>"$BUILD/valgrind.err"
    if [ $? -eq 99 ]; then
        fail=$((fail + 1))
        echo "valgrind FAIL: $*"
        head -n 20 "$BUILD/valgrind.err"
    else
        pass=$((pass + 1))
    fi
}
# the cases side by side, KJ_TEST_JOBS at a time (default: the cores),
# each with its own error file
JOBS=${KJ_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
cases=$(mktemp)
ls examples/moscow-1937/*.case examples/control/*.case tests/golden/*.case >"$cases"
n_cases=$(wc -l <"$cases")
fails=$(VG="$VG" BUILD="$BUILD" xargs -P "$JOBS" -n 1 sh -c '
    err=$(mktemp)
    # shellcheck disable=SC2086
    $VG "$BUILD/kjeller" check --format json "$0" >/dev/null 2>"$err"
    if [ $? -eq 99 ]; then echo "valgrind FAIL: $BUILD/kjeller check --format json $0"; head -n 20 "$err"; fi
    rm -f "$err"' <"$cases")
rm -f "$cases"
n_fail=$(printf '%s\n' "$fails" | grep -c "^valgrind FAIL")
[ -n "$fails" ] && printf '%s\n' "$fails"
pass=$((pass + n_cases - n_fail))
fail=$((fail + n_fail))
run "$BUILD/kjeller" questions examples/moscow-1937/pyatakov.case
run "$BUILD/kjeller" export --smt2 examples/moscow-1937/holtzman.case
# import into a store and check against it
rec=$(mktemp -d)
cp tests/records/air.case tests/records/landings.csv tests/records/trace.case "$rec/"
printf 'time,lat,lon\n1935-12-20 08:50:11,55.756,37.617\n' >"$rec/t.csv"
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv"                     # refused: 2 bad rows
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv" --max-errors 2
run "$BUILD/kjeller" check "$rec/air.case"
run "$BUILD/kjeller" import "$rec/trace.case" watch "$rec/t.csv"
run "$BUILD/kjeller" check "$rec/trace.case"
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv"                     # already imported
run "$BUILD/kjeller" import "$rec/air.case" landings "$rec/landings.csv" --map aircraft=kind --max-errors 2 # replaces it
run "$BUILD/kjeller" report "$rec/air.case" -o "$rec/air.html"                              # a temporary file, renamed
rm -rf "$rec"
for f in examples/moscow-1937/*.case examples/control/*.case tests/html/escape.case; do
    run "$BUILD/kjeller" report "$f" -o -
done
for t in test_parse test_network test_timex test_geo test_import test_mem test_pool; do
    run "$BUILD/tests/$t"
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
