#!/usr/bin/env python3
"""tz_cross -- kjeller's readings of local times against both databases.

For every zone of the system's tzdata (python3's zoneinfo, which reads the
TZif files with code of its own) and many local times per zone -- around
its transitions, in the gaps and overlaps, at fixed dates from 1850 to 2100
-- checks that kjeller's earliest and latest readings (build/tests/tzread)
are exactly the union of the system database's readings (zoneinfo, both
folds) and ICU's (asked of ICU directly by tzread): every reading of either
lies within kjeller's, and kjeller's ends are readings of one of them.  The
cached (one-day fast path) and uncached readings must agree.

Usage: tz_cross.py TZREAD.  Ends with "tzcross: N passed, N failed", one
test per zone (a zone passes when every local time read in it does).
"""
import datetime as dt
import os
import struct
import subprocess
import sys
import zoneinfo

ZONEINFO = "/usr/share/zoneinfo"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
NAIVE_EPOCH = dt.datetime(1970, 1, 1)
PER_ZONE_TRANSITIONS = 14
FIXED = [(y, m) for y in (1850, 1890, 1910, 1925, 1935, 1942, 1950, 1960, 1968, 1975, 1990, 2005, 2016,
                          2022, 2023, 2024, 2025, 2040, 2077, 2100) for m in (1, 7)]


def transitions(zone):
    """The UTC instants of the zone's transitions (TZif v2+ data block only;
    this picks probe times, the readings come from zoneinfo)."""
    try:
        with open(os.path.join(ZONEINFO, zone), "rb") as f:
            b = f.read()
    except OSError:
        return []
    if b[:4] != b"TZif":
        return []
    def counts(off):
        return struct.unpack(">6l", b[off + 20:off + 44])
    isut, isstd, leap, time, typ, char = counts(0)
    if b[4] < ord("2"):
        return list(struct.unpack(">%dl" % time, b[44:44 + 4 * time]))
    v1 = 44 + time * 5 + typ * 6 + char + leap * 8 + isstd + isut
    isut, isstd, leap, time, typ, char = counts(v1)
    return list(struct.unpack(">%dq" % time, b[v1 + 44:v1 + 44 + 8 * time]))


def footer_transitions(tz, year):
    """Transitions in a year past the table (the footer's rules), found by
    scanning the offset day by day and bisecting to the second."""
    out = []
    t = int((dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc) - EPOCH).total_seconds())
    off = lambda s: (EPOCH + dt.timedelta(seconds=s)).astimezone(tz).utcoffset()
    prev = off(t)
    for _ in range(366):
        nxt = t + 86400
        o = off(nxt)
        if o != prev:
            lo, hi = t, nxt
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if off(mid) == prev:
                    lo = mid
                else:
                    hi = mid
            out.append(hi)
        prev, t = o, nxt
    return out


def utc_offset_at(tz, s):
    return int((EPOCH + dt.timedelta(seconds=s)).astimezone(tz).utcoffset().total_seconds())


def probes(zone, tz):
    """Local times (naive seconds) to read in the zone."""
    local = set()
    ts = [t for t in transitions(zone) if -3786825600 <= t <= 4102444800]  # 1850 .. 2100
    if len(ts) > PER_ZONE_TRANSITIONS:
        step = len(ts) / PER_ZONE_TRANSITIONS
        ts = [ts[int(i * step)] for i in range(PER_ZONE_TRANSITIONS)]
    ts += footer_transitions(tz, 2077)
    for t in ts:
        ob, oa = utc_offset_at(tz, t - 1), utc_offset_at(tz, t)
        lo, hi = min(ob, oa), max(ob, oa)
        for s in (t + ob - 3600, t + ob - 1, t + ob, t + oa - 1, t + oa, t + lo + (hi - lo) // 2, t + oa + 3600):
            local.add(s)
    for y, m in FIXED:
        for d, h in ((1, 0), (15, 12), (28, 23)):
            local.add(int((dt.datetime(y, m, d, h, 30, 7) - NAIVE_EPOCH).total_seconds()))
    return sorted(local)


def system_readings(tz, s):
    n = NAIVE_EPOCH + dt.timedelta(seconds=s)
    return {int((n.replace(tzinfo=tz, fold=f) - EPOCH).total_seconds()) for f in (0, 1)}


def main():
    tzread = sys.argv[1]
    zones = sorted(z for z in zoneinfo.available_timezones() if z not in ("localtime", "posixrules"))
    work = []
    for z in zones:
        tz = zoneinfo.ZoneInfo(z)
        for s in probes(z, tz):
            n = NAIVE_EPOCH + dt.timedelta(seconds=s)
            if 1 <= n.year <= 9999:
                work.append((z, n, system_readings(tz, s)))
    text = "".join("%s %d %d %d %d %d %d\n" % (z, n.year, n.month, n.day, n.hour, n.minute, n.second)
                   for z, n, _ in work)
    out = subprocess.run([tzread], input=text, capture_output=True, text=True, check=True).stdout.splitlines()
    if len(out) != len(work):
        print("tzcross: tzread answered %d lines for %d" % (len(out), len(work)))
        print("tzcross: 0 passed, 1 failed")
        return 1
    bad_times = 0
    bad_zones = set()
    differ = set()
    for (z, n, sysr), line in zip(work, out):
        rc, f, l, uf, ul, known, i0, i1 = (int(x) for x in line.split())
        readings = set(sysr) | ({i0, i1} if known else set())
        why = None
        if rc != 0:
            why = "no reading (rc %d)" % rc
        elif (f, l) != (uf, ul):
            why = "cached %d..%d, uncached %d..%d" % (f, l, uf, ul)
        elif f != min(readings) or l != max(readings):
            why = "kjeller %d..%d, system %s, ICU %s" % (f, l, sorted(sysr), [i0, i1] if known else "-")
        if known and (min(sysr) != i0 or max(sysr) != i1):
            differ.add(z)
        if why:
            bad_times += 1
            bad_zones.add(z)
            if bad_times <= 20:
                print("tzcross: %s %s: %s" % (z, n.isoformat(), why))
    print("tzcross: %d zones, %d local times, %d read wrongly; ICU and the system differ somewhere in %d zones"
          % (len(zones), len(work), bad_times, len(differ)))
    print("tzcross: %d passed, %d failed" % (len(zones) - len(bad_zones), len(bad_zones)))
    return 0 if not bad_zones else 1


if __name__ == "__main__":
    sys.exit(main())
