#!/bin/sh
# Resources on hostile input (issue 19 item 10, docs/limits.md "Work"):
# adversarial cases under 100 KB (tests/resources/gen.py), each must end
# with its expected status within a stated time and peak memory on the CI
# machine (2 vCPUs), or stop with exit 4 within the budget.  Under the
# sanitizers (a build-san binary) the bounds are 15x the time and 4x the
# memory.  Ends with "resources: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
here=$(dirname "$0")
dir=$(mktemp -d)
pass=0
fail=0
tx=1 mx=1
case "$KJ" in *san*) tx=15 mx=4 ;; esac
run() { # name, case kind, expected status, seconds, MB, [kjeller options]
    name=$1 kind=$2 want=$3 t=$(($4 * tx)) m=$(($5 * mx))
    shift 5
    python3 "$here/resources/gen.py" "$kind" "$dir/$kind.case"
    got=$(python3 "$here/resources/run.py" "$KJ" "$t" "$m" check "$@" "$dir/$kind.case")
    ok=$?
    rc=${got%% *}
    if [ $ok -eq 0 ] && [ "$rc" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "resources FAIL: $name: exit, seconds, MB = $got (want exit $want within $t s and $m MB)"
    fi
}
# 4,000 untimed claims of one person at 10 places: no pair constrains
# anything (each can be put before all else), consistent at once
run "4,000 untimed claims" untimed4000 0 2 100
run "4,000 untimed claims, --max-branches 1000" untimed4000 0 1 100 --max-branches 1000
# a chain of 2,000 "right after": 1.8 million pairs, past the person's
# budget of pairs: undecided within the budget
run "chain of 2,000" chain2000 4 5 400
run "chain of 2,000, --max-branches 1000" chain2000 4 2 100 --max-branches 1000
# a chain of 200 with its ends an hour apart: the search runs out first
run "chain of 200 that cannot fit" chainconflict200 4 5 200
# 1,000 claims in one month in no known order: past the person's pair
# budget (a quarter of --max-branches) the search may not say "consistent"
run "1,000 claims in a month" month1000 4 5 400
run "1,000 claims in a month, --max-branches 1000" month1000 4 1 100 --max-branches 1000
# places that are one of others, 8 deep and 3 wide (6,561 paths to 10
# places), 300 claims at the top: each place is walked once
run "one of, 3^8 paths" oneof300 0 10 300
# 6 deep and 2 wide (64 paths)
run "one of, 2^6 paths" oneof64x300 0 10 300
# a mode so slow that journeys would overflow 64-bit seconds
run "a journey past 20,000 years" hugespeed 1 1 100
rm -rf "$dir"
echo "resources: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
