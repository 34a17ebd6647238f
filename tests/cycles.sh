#!/bin/sh
# No stage of src/ depends on a stage that depends on it, by an include or
# by a call (tests/tools/cycles.py, issue 18), but for the cycles listed in
# tests/tools/cycles.known, whose list may only shrink; and the check finds
# a cycle planted through an include and one through calls behind a common
# header, and a known cycle that is gone.
# Ends with "cycles: N passed, N failed".
TESTS=$(cd "$(dirname "$0")" && pwd)
CYCLES=$TESTS/tools/cycles.py
if ! command -v python3 >/dev/null; then
    echo "cycles: the check skipped (no python3)"
    echo "cycles: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0

# expect: name, wanted exit status, text wanted in the output (or ""),
# source dir[, known cycles]
expect() {
    python3 "$CYCLES" "$4" ${5:+"$5"} >"$dir/out" 2>&1
    rc=$?
    if [ "$rc" -eq "$2" ] && { [ -z "$3" ] || grep -q -- "$3" "$dir/out"; }; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "cycles FAIL: $1 (exit $rc, expected $2${3:+ and '$3'})"
        cat "$dir/out"
    fi
}

expect "src/ has no cycle but the known ones" 0 "" "$TESTS/../src" "$TESTS/tools/cycles.known"

mkdir "$dir/include" "$dir/calls"
printf '#include "b.h"\nint kj_a(void) { return 0; }\n' >"$dir/include/a.c"
printf '#include "a.h"\nint kj_b(void) { return 0; }\n' >"$dir/include/b.c"
expect "a cycle of includes is found" 1 "a.c -> b.c: includes b.h" "$dir/include"

# a and b call each other; c is named by a only in a comment and a string,
# and b has a static function of c's name: neither is a dependency
printf '#include "common.h"\nint kj_a(void)\n{\n    return kj_b(); /* not kj_c */\n}\nconst char *s = "kj_c";\n' >"$dir/calls/a.c"
printf '#include "common.h"\nstatic int kj_c(void) { return 1; }\nint kj_b(void)\n{\n    return kj_c() ? 0 : kj_a();\n}\n' >"$dir/calls/b.c"
printf '#include "common.h"\nint kj_c(void)\n{\n    return kj_b();\n}\n' >"$dir/calls/c.c"
expect "a cycle of calls is found" 1 "b.c -> a.c: calls kj_a" "$dir/calls"
if ! grep -q "^cycle among a, b: " "$dir/out"; then
    fail=$((fail + 1))
    echo "cycles FAIL: a comment, a string or a static function made a dependency"
    cat "$dir/out"
else
    pass=$((pass + 1))
fi

echo "a b  # planted" >"$dir/known"
expect "a known cycle passes" 0 "^known cycle among a, b: " "$dir/include" "$dir/known"
echo "a c  # planted" >"$dir/known"
expect "a known cycle that is gone fails" 1 "^no longer a cycle (take it off the known list): a, c" "$dir/include" "$dir/known"

echo "cycles: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
