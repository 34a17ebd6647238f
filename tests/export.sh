#!/bin/sh
# `kjeller export --smt2` is deterministic (docs/reasoning.md §4): the same
# case gives byte-identical output whatever the piece size (KJELLER_PIECE:
# 1, 2, 3 and the default) and the number of threads (KJELLER_THREADS: 1
# and 2).  Exports the examples, every golden case that loads, and
# tests/export/pieces.case, which those piece sizes cut differently; z3
# gives the expected answer on the export.
# Ends with "export: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "export FAIL: $1"; }
expect() { # name, condition...
    name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}

# The pieces a check cuts the case into, at piece size $2 (KJELLER_TIMING).
pieces() {
    KJELLER_PIECE=$2 KJELLER_TIMING=1 "$KJ" check "$1" 2>&1 >/dev/null |
        sed -n 's/^network: .* statements, \([0-9]*\) pieces$/\1/p' | head -n 1
}

# the test case is cut, and differently by each piece size
p=tests/export/pieces.case
expect "pieces.case: one piece by default" [ "$(pieces $p 0)" = 1 ]
expect "pieces.case: 7 pieces of 1" [ "$(pieces $p 1)" = 7 ]
expect "pieces.case: 6 pieces of 2" [ "$(pieces $p 2)" = 6 ]
expect "pieces.case: 5 pieces of 3" [ "$(pieces $p 3)" = 5 ]

# every way of running gives the default's bytes
n_cases=0
for f in examples/*/*.case tests/export/*.case tests/golden/*.case; do
    # (stderr too: a warning is the same whatever the pieces and threads)
    KJELLER_THREADS=1 "$KJ" export --smt2 "$f" >"$dir/ref" 2>&1 || continue
    n_cases=$((n_cases + 1))
    differ=""
    for piece in "" 1 2 3; do
        for threads in 1 2; do
            KJELLER_PIECE=$piece KJELLER_THREADS=$threads "$KJ" export --smt2 "$f" >"$dir/got" 2>&1
            cmp -s "$dir/ref" "$dir/got" || differ="$differ piece=${piece:-default},threads=$threads"
        done
    done
    expect "$f: the same bytes whatever the pieces and threads (differ:$differ)" [ -z "$differ" ]
done
expect "cases exported (examples, pieces.case, goldens)" [ "$n_cases" -ge 50 ]

# the export of a case in pieces holds every constraint: z3 finds the
# contradictions, and the control case consistent
if command -v z3 >/dev/null; then
    KJELLER_PIECE=1 "$KJ" export --smt2 $p >"$dir/cut.smt2"
    expect "pieces.case: z3 finds it unsatisfiable" [ "$(z3 -smt2 "$dir/cut.smt2" | head -n 1)" = unsat ]
    "$KJ" export --smt2 examples/control/bleriot-1909.case >"$dir/control.smt2"
    expect "bleriot-1909: z3 finds it satisfiable" [ "$(z3 -smt2 "$dir/control.smt2" | head -n 1)" = sat ]
    echo "export: $pass passed, $fail failed"
else
    echo "export: the z3 checks skipped (no z3)"
    echo "export: $pass passed, $fail failed, 2 skipped"
fi
[ "$fail" -eq 0 ]
