#!/usr/bin/env python3
"""Generates a records benchmark: AIRFIELDS landing logs as CSV exports
(ROWS rows in all, over ten years) and a case with CLAIMS flight claims
against them (bench/records.sh).

    python3 bench/gen_records.py DIR ROWS CLAIMS [SEED [TRACED]]

Writes DIR/records.case, DIR/registers.case (the same without the claims)
and DIR/log-K.csv (one per airfield, K = 0..9).  Each
row is a landing: date and time (to the minute), aircraft (civil or
military), registration, origin and a passenger's name.  Claims are flights
by 20,000 people, five each, arriving "about H" on a day of the ten years at
one of the airfields, assumed civil; about one in twelve falls in an hour the
log has no civil landing, which the check must report.

With TRACED > 0, TRACED more claims are made by couriers, 1,200 each
on days three apart, each courier followed by a GPS trace (gps-K, in
DIR/gps-K.csv, declared in both cases): a point at the origin at noon the
day before each claim and two at its airfield two and three hours after
it, so that a check reads a trace's points around every claim of its
courier.  Without it the files are what they were before it existed.
"""
import datetime
import random
import sys

AIRFIELDS = 10
PER_COURIER = 1200


def couriers(out, traced, seed):
    """The couriers' declarations (for both cases), their claims and
    their traces' files: (header lines, claim lines)."""
    rnd = random.Random(seed * 7919 + 17)
    header = ['source gps "generated GPS traces"\n']
    claims = []
    start = datetime.date(1930, 1, 2)
    for c in range((traced + PER_COURIER - 1) // PER_COURIER):
        n = min(PER_COURIER, traced - c * PER_COURIER)
        header.append('person courier-%d "Courier %d"\n' % (c, c))
        header.append('trace gps-%d of courier-%d store rec tz UTC source gps "a generated GPS trace"\n' % (c, c))
        claims.append('testimony tc%d by courier-%d source trial\n' % (c, c))
        assumed = []
        with open(f"{out}/gps-{c}.csv", "w") as f:
            f.write("time,lat,lon,accuracy\n")
            for j in range(n):
                day = start + datetime.timedelta(days=3 * j + c % 3)
                h, field = 8 + rnd.randrange(12), rnd.randrange(AIRFIELDS)
                claims.append('  claim k%d_%d: courier-%d travels origin -> field-%d by air arrives "%s, about %d:00"\n' % (
                    c, j, c, field, day.isoformat(), h))
                assumed.append('assume k%d_%d aircraft = civil "generated"\n' % (c, j))
                f.write("%s 12:00,52.473,13.404,100\n" % (day - datetime.timedelta(days=1)).isoformat())
                for late in (2, 3):
                    f.write("%s %02d:00,%.3f,%.3f,100\n" % (day.isoformat(), h + late, 59.0 + field * 0.1, 10.0 + field * 0.1))
        claims.extend(assumed)
    return header, claims


def main():
    out, rows, claims = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    traced = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    rnd = random.Random(seed)
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
    traced_header, traced_claims = couriers(out, traced, seed) if traced > 0 else ([], [])
    header += traced_header
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
        w("".join(traced_claims))


main()
