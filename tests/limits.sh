#!/bin/sh
# Limits that protect the user (docs/limits.md): each input either works
# within the stated limit or gets a clear error with exit status 2.
# Ends with "limits: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
dir=$(mktemp -d)
pass=0
fail=0
check() { # name, expected exit status, file, [text expected on stderr]
    "$KJ" check "$3" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ "$rc" -eq "$2" ] && { [ -z "$4" ] || grep -q "$4" "$dir/err"; }; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "limits FAIL: $1 (exit $rc, expected $2)"
        head -n 5 "$dir/err"
    fi
}

# a very long line (1 MB citation) works
awk 'BEGIN { printf "source s \""; for (i = 0; i < 1000000; i++) printf "x"; print "\"" }' >"$dir/long.case"
check "1 MB line" 0 "$dir/long.case"

# include chains: 16 deep works, 17 deep is an error
i=0
while [ $i -le 17 ]; do
    printf 'include "d%d.case"\nsource s%d "x"\n' $((i + 1)) $i >"$dir/d$i.case"
    i=$((i + 1))
done
printf 'source end "x"\n' >"$dir/d18.case"
check "include 17 deep" 2 "$dir/d0.case" "include nested too deeply"
printf 'source end "x"\n' >"$dir/d16.case"
check "include 16 deep" 0 "$dir/d0.case"

# a file over 64 MiB is refused with a clear error, not read into memory
head -c 70000000 /dev/zero | tr '\0' ';' >"$dir/huge.case"
check "over 64 MiB" 2 "$dir/huge.case" "too large"

# many statements: 1e6 places (1e5 under sanitizers, which are ~10x slower)
n=1000000
case "$KJ" in *san*) n=100000 ;; esac
awk -v n=$n 'BEGIN { print "source s \"x\""; for (i = 0; i < n; i++) printf "place p%d %.4f %.4f tz Europe/Oslo\n", i, 50 + (i % 1000) / 100.0, 5 + (i % 997) / 100.0 }' >"$dir/many.case"
check "$n statements" 0 "$dir/many.case"

# many errors: the first 50 in file order are shown, then one line says how
# many more; a file of bad lines costs no memory for them (4,000,000 took
# 2.4 GB and 27 s before)
awk 'BEGIN { for (i = 0; i < 100000; i++) print "x" }' >"$dir/bad.case"
check "100,000 errors" 2 "$dir/bad.case" "^kjeller: error: too many errors: 99950 more not shown (the first 50 are)$"
if [ "$(grep -c ': error: ' "$dir/err")" -eq 51 ] && grep -q '^100000 errors; nothing checked$' "$dir/err" &&
    grep -q '^[^:]*bad.case:50:1: error' "$dir/err" && ! grep -q 'bad.case:51:1: error' "$dir/err"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "limits FAIL: 50 errors shown, then one line, then the count"
fi

# many unknown names, many unknown zones: each error's did-you-mean compares
# with every name (or zone), so only those that may be shown get one
# (40,000 unknown person names took 18 s, 20,000 unknown zones 8.5 s)
awk 'BEGIN { print "source s \"s\"\nperson x\nperson nobody\nplace a 60 10 tz UTC\ntestimony t by x source s"; for (i = 0; i < 40000; i++) printf "  claim c%d: nobody%d at a\n", i, i }' >"$dir/names.case"
start=$(date +%s)
check "40,000 unknown names" 2 "$dir/names.case" "did you mean"
[ $(($(date +%s) - start)) -le 5 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "limits FAIL: 40,000 unknown names took over 5 s"; }
awk 'BEGIN { print "source s \"s\""; for (i = 0; i < 20000; i++) printf "place p%d 60 10 tz Europe/Osloo%d\n", i, i }' >"$dir/zones.case"
start=$(date +%s)
check "20,000 unknown zones" 2 "$dir/zones.case" "did you mean 'Europe/Oslo'"
[ $(($(date +%s) - start)) -le 5 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "limits FAIL: 20,000 unknown zones took over 5 s"; }

# a device or a pipe is not read
check "not a regular file" 2 /dev/null "not a regular file"

rm -rf "$dir"
echo "limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
