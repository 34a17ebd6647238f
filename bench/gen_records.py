#!/usr/bin/env python3
"""Generates a records benchmark: AIRFIELDS landing logs as CSV exports
(ROWS rows in all, over ten years) and a case with CLAIMS flight claims
against them (bench/records.sh).

    python3 bench/gen_records.py DIR ROWS CLAIMS [SEED]

Writes DIR/records.case, DIR/registers.case (the same without the claims)
and DIR/log-K.csv (one per airfield, K = 0..9).  Each
row is a landing: date and time (to the minute), aircraft (civil or
military), registration, origin and a passenger's name.  Claims are flights
by 20,000 people, five each, arriving "about H" on a day of the ten years at
one of the airfields, assumed civil; about one in twelve falls in an hour the
log has no civil landing, which the check must report.
"""
import random
import sys

AIRFIELDS = 10


def main():
    out, rows, claims = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    days = 3650
    per = rows // AIRFIELDS
    for k in range(AIRFIELDS):
        with open(f"{out}/log-{k}.csv", "w") as f:
            f.write("date,clock,aircraft,registration,origin,subject\n")
            w = f.write
            for i in range(per):
                d = rnd.randrange(days)
                y, doy = 1930 + d // 365, d % 365
                m, dd = min(doy // 28 + 1, 12), doy % 28 + 1
                # landings by day only (6:00-21:59): the nights give the claims something to miss
                w("%04d-%02d-%02d,%02d:%02d,%s,LN-%05d,%s,passenger %d\n" % (
                    y, m, dd, 6 + rnd.randrange(16), rnd.randrange(60),
                    "civil" if rnd.random() < 0.5 else "military", rnd.randrange(100000),
                    rnd.choice(("Berlin", "Paris", "London", "Stockholm")), rnd.randrange(1000000)))
    header = ['source log "generated landing logs"\n', 'place origin 52.473 13.404 tz Europe/Berlin\n',
              'store rec "records.kjdb"\n']
    for k in range(AIRFIELDS):
        header.append('place field-%d %.3f %.3f tz Europe/Oslo\n' % (k, 59.0 + k * 0.1, 10.0 + k * 0.1))
        header.append('register log-%d at field-%d covers 1930-01-01..1939-12-31 records arrival by air\n'
                      '  where aircraft = civil store rec source log\n' % (k, k))
    with open(f"{out}/registers.case", "w") as f:  # the registers alone: what an import needs
        f.write("".join(header))
    with open(f"{out}/records.case", "w") as f:
        w = f.write
        w("".join(header))
        w('source trial "generated testimony"\n')
        people = max(1, claims // 5)
        n = 0
        for p in range(people):
            w('person p%d "P %d"\ntestimony t%d by p%d source trial\n' % (p, p, p, p))
            mine = []
            for j in range(5):
                if n == claims:
                    break
                d = rnd.randrange(days)
                y, doy = 1930 + d // 365, d % 365
                m, dd = min(doy // 28 + 1, 12), doy % 28 + 1
                # one in twelve at night, when no aircraft landed
                h = rnd.choice((1, 3)) if rnd.random() < 1 / 12 else 8 + rnd.randrange(12)
                w('  claim c%d: p%d travels origin -> field-%d by air arrives "%04d-%02d-%02d, about %d:00"\n' % (
                    n, p, rnd.randrange(AIRFIELDS), y, m, dd, h))
                mine.append(n)
                n += 1
            for c in mine:
                w('assume c%d aircraft = civil "generated"\n' % c)


main()
