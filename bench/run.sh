#!/bin/sh
# kjeller benchmarks against z3 (and the whole pipeline end to end).
# Each line runs kjeller and the peer on the same input in one run and
# prints both times and the ratio (z3 / kjeller; > 1 means kjeller is faster).
#   sh bench/run.sh [stn|dtp|e2e|all]     (build first: make)
# Results and the machine they were measured on: bench/RESULTS.md.
set -e
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CFLAGS="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc"
LIBS="$BUILD/libkjeller.a $(pkg-config --libs proj icu-i18n icu-uc jansson sqlite3 nettle) -lcsv -lm -pthread"
what=${1:-all}
# shellcheck disable=SC2086
cc $CFLAGS bench/stn_bench.c $LIBS -o "$BUILD/stn_bench"
# shellcheck disable=SC2086
cc $CFLAGS bench/dtp_bench.c $LIBS -o "$BUILD/dtp_bench"

if [ "$what" = stn ] || [ "$what" = all ]; then
    echo "== plain difference networks (random consistent potentials), solver via the library"
    for n in 1000 3000 10000 100000 1000000; do "$BUILD/stn_bench" random $((n / 3)) $n 1; done
    echo "== timeline-shaped networks (a chain of events per person, cross-links)"
    for p in 5 50 500 1700; do "$BUILD/stn_bench" timeline $p 100 1; done
fi

if [ "$what" = dtp ] || [ "$what" = all ]; then
    echo "== random DTP (Stergiou & Koubarakis), r = 6, 20 seeds per n; each solver stopped after 60 s"
    for n in 30 50 80; do
        seed=1
        while [ $seed -le 20 ]; do
            timeout 150 "$BUILD/dtp_bench" $n 6 $seed 100000000 60 || echo "n=$n r=6 seed=$seed (no answer in 150 s)"
            seed=$((seed + 1))
        done
    done
fi

if [ "$what" = e2e ] || [ "$what" = all ]; then
    echo "== end to end: generated realistic cases (bench/gen_case.py), kjeller check vs z3 on the exported network"
    for n in 1000 10000 100000; do
        f=$(mktemp /tmp/kjbench.XXXXXX)
        python3 bench/gen_case.py $n 1 > "$f.case"
        t0=$(date +%s.%N)
        /usr/bin/time -f "%M" -o "$f.rss" "$BUILD/kjeller" check "$f.case" > /dev/null || true
        t1=$(date +%s.%N)
        "$BUILD/kjeller" export --smt2 "$f.case" > "$f.smt2"
        t2=$(date +%s.%N)
        z=$(timeout 60 z3 "$f.smt2" 2>&1 | head -n 1 || true)
        t3=$(date +%s.%N)
        awk -v n=$n -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v z="${z:-timeout}" -v rss="$(cat "$f.rss")" \
            'BEGIN { k = b - a; q = d - c; printf "statements=%d kjeller=%.3fs (peak RSS %d KB) z3=%s %.3fs ratio=%.1fx\n", n, k, rss, z, q, q / k }'
        rm -f "$f" "$f.case" "$f.smt2" "$f.rss"
    done
fi
