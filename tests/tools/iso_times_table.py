# The ISO_TABLE of tests/unit/test_timex.c: each ISO 8601 / RFC 3339 time with the
# UTC instants python3 gives it (datetime.fromisoformat, zoneinfo on the system tzdata),
# read independently of kjeller.  Run: python3 tests/tools/iso_times_table.py
from datetime import datetime, timezone, timedelta
from zoneinfo import ZoneInfo
def utc(s):  # fromisoformat with offset
    d = datetime.fromisoformat(s.replace('Z', '+00:00'))
    return int(d.timestamp())
def zoned(s, z, fold):
    d = datetime.fromisoformat(s).replace(tzinfo=ZoneInfo(z), fold=fold)
    return int(d.timestamp())
def zmin(s, z): return min(zoned(s, z, 0), zoned(s, z, 1))
def zmax(s, z): return max(zoned(s, z, 0), zoned(s, z, 1))
rows = [
 ("2024-03-14T21:00:00Z", "America/New_York", utc("2024-03-14T21:00:00Z"), utc("2024-03-14T21:00:01Z")),
 ("2024-03-14T21:00:00+01:00", "Europe/Oslo", utc("2024-03-14T21:00:00+01:00"), utc("2024-03-14T21:00:01+01:00")),
 ("2024-03-14T21:00:00+0100", "Europe/Oslo", utc("2024-03-14T21:00:00+01:00"), utc("2024-03-14T21:00:01+01:00")),
 ("2024-01-14T21:00:00-05:00", "America/New_York", utc("2024-01-14T21:00:00-05:00"), utc("2024-01-14T21:00:01-05:00")),
 ("2024-03-14T21:00:00.123Z", "Europe/Oslo", utc("2024-03-14T21:00:00Z"), utc("2024-03-14T21:00:01Z")),
 ("2024-03-14T21:00:59.999+01:00", "Europe/Oslo", utc("2024-03-14T21:00:59+01:00"), utc("2024-03-14T21:01:00+01:00")),
 ("2024-03-14 21:00Z", "Europe/Oslo", utc("2024-03-14T21:00Z"), utc("2024-03-14T21:01Z")),
 ("2024-03-14 21:00 UTC", "Asia/Tokyo", utc("2024-03-14T21:00Z"), utc("2024-03-14T21:01Z")),
 ("2024-03-14 21:00:00 GMT", "Asia/Tokyo", utc("2024-03-14T21:00Z"), utc("2024-03-14T21:00:01Z")),
 ("2024-03-14T21:00+01", "Europe/Oslo", utc("2024-03-14T21:00+01:00"), utc("2024-03-14T21:01+01:00")),
 ("2024-03-14T21:00:00+05:30", "Asia/Kolkata", utc("2024-03-14T21:00:00+05:30"), utc("2024-03-14T21:00:01+05:30")),
 ("2024-03-14T21:00:00-00:00", "America/New_York", utc("2024-03-14T21:00:00Z"), utc("2024-03-14T21:00:01Z")),
 ("2024-11-03T01:30:00-04:00", "America/New_York", utc("2024-11-03T01:30:00-04:00"), utc("2024-11-03T01:30:01-04:00")),
 ("2024-11-03T01:30:00-05:00", "America/New_York", utc("2024-11-03T01:30:00-05:00"), utc("2024-11-03T01:30:01-05:00")),
 ("2024-11-03 01:30:00", "America/New_York", zmin("2024-11-03T01:30:00", "America/New_York"), zmax("2024-11-03T01:30:01", "America/New_York")),
 ("2024-03-14T21:00Z..2024-03-14 23:00", "America/New_York", utc("2024-03-14T21:00Z"), zmax("2024-03-14T23:01", "America/New_York")),
 ("2024-03-14 20:00..2024-03-14T23:00:00+01:00", "Europe/Oslo", zmin("2024-03-14T20:00", "Europe/Oslo"), utc("2024-03-14T23:00:01+01:00")),
 ("2024-03-14T21:00-04:00..2024-03-14 23:30", "America/New_York", utc("2024-03-14T21:00-04:00"), zmax("2024-03-14T23:31", "America/New_York")),
 ("2024-03-14 23:00..2024-03-14T20:00:00-08:00", "America/New_York", zmin("2024-03-14T23:00", "America/New_York"), utc("2024-03-14T20:00:01-08:00")),
 ("2024-03-14 about 9 p.m. UTC", "Asia/Tokyo", utc("2024-03-14T20:00Z"), utc("2024-03-14T22:00Z")),
 ("2024-03-14T21:00:00Z..", "Europe/Oslo", utc("2024-03-14T21:00:00Z"), None),
]
# the offsets New York does not have then: a warning (the reading stands)
warns = {"2024-03-14 23:00..2024-03-14T20:00:00-08:00"}
for t, z, lo, hi in rows:
    h = "KJ_TIME_MAX" if hi is None else "INT64_C(%d)" % hi
    print('    {"%s", "%s", INT64_C(%d), %s, %d},' % (t, z, lo, h, t in warns))
