#!/usr/bin/env python3
"""Traces of every shape, and claims against them (tests/pg.sh):

    python3 tests/trace_shapes.py DIR SEED

writes DIR/shapes.case (store rec "shapes.kjdb") and DIR/t-1.csv,
DIR/t-2.csv: two people's traces made of bursts (points seconds apart,
some at the same second), sparse stretches (hours apart) and gaps of
days, each point in Oslo or Moscow; and claims of both people before,
inside and after them, at minutes and over whole days.  Which points a
check reads around each claim depends on all of that: its proofs and
its SMT-LIB export show them.  Points in bursts carry a note (a column
with commas and quotes), the others an empty one: the conflicts' first
lines show it."""
import datetime
import random
import sys

PLACES = {"oslo": (59.913, 10.752), "moscow": (55.756, 37.617)}


def trace(rnd, f):
    t = datetime.datetime(1935, 12, 1, 0, 0, 0) + datetime.timedelta(seconds=rnd.randrange(86400))
    end = datetime.datetime(1936, 1, 31)
    where = "oslo"
    f.write("time,lat,lon,accuracy,note\n")
    n = 0  # (the notes are numbered, not drawn: the shapes stay the seed's)
    while t < end:
        shape = rnd.random()
        if shape < 0.2:
            where = rnd.choice(list(PLACES))
        if shape < 0.45:  # a burst
            for _ in range(rnd.randrange(5, 120)):
                lat, lon = PLACES[where]
                n += 1  # a note with a comma and quotes, as CSV quotes it
                f.write("%s,%.4f,%.4f,%d,\"cell %d, \"\"%s\"\"\"\n"
                        % (t.strftime("%Y-%m-%d %H:%M:%S"), lat, lon, rnd.choice((5, 20, 100)), n, where))
                t += datetime.timedelta(seconds=rnd.choice((0, 0, 1, 2, 5, 30)))
        elif shape < 0.85:  # sparse
            for _ in range(rnd.randrange(1, 10)):
                lat, lon = PLACES[where]
                f.write("%s,%.4f,%.4f,100,\n" % (t.strftime("%Y-%m-%d %H:%M:%S"), lat, lon))
                t += datetime.timedelta(hours=rnd.randrange(1, 7), seconds=rnd.randrange(3600))
        else:  # a gap
            t += datetime.timedelta(days=rnd.randrange(1, 10), seconds=rnd.randrange(86400))


def main():
    out, seed = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(seed)
    lines = [
        '; traces of every shape (tests/trace_shapes.py %d)\n' % seed,
        'source police "generated traces"\n',
        'source s "generated statements"\n',
        'place oslo 59.913 10.752 ± 1 km tz Europe/Oslo\n',
        'place moscow 55.756 37.617 ± 1 km tz Europe/Moscow\n',
        'store rec "shapes.kjdb"\n',
    ]
    for p in (1, 2):
        lines.append('person p%d "P%d"\n' % (p, p))
        lines.append('trace t-%d of p%d store rec tz UTC source police "trace %d"\n' % (p, p, p))
        with open("%s/t-%d.csv" % (out, p), "w") as f:
            trace(rnd, f)
    for p in (1, 2):
        lines.append('testimony s%d by p%d source s\n' % (p, p))
        for k in range(150):
            day = datetime.date(1935, 11, 20) + datetime.timedelta(days=rnd.randrange(85))
            place = rnd.choice(list(PLACES))
            if rnd.random() < 0.3:
                when = day.isoformat()
            else:
                when = "%s %02d:%02d" % (day.isoformat(), rnd.randrange(24), rnd.randrange(60))
            lines.append('  claim c%d_%d: p%d at %s in "%s"\n' % (p, k, p, place, when))
    with open("%s/shapes.case" % out, "w") as f:
        f.write("".join(lines))


main()
