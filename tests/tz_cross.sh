#!/bin/sh
# Every local time read under both zone databases: kjeller's readings
# against python3's zoneinfo (the system's tzdata) and ICU's own, for every
# system zone (tests/tz_cross.py).  Ends with "tzcross: N passed, N failed".
KJ=${KJ:-build/kjeller}
TZREAD=$(dirname "$KJ")/tests/tzread
if ! command -v python3 >/dev/null || ! python3 -c 'import zoneinfo' 2>/dev/null; then
    echo "tzcross: the cross-check skipped (no python3 with zoneinfo)"
    echo "tzcross: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
if [ ! -x "$TZREAD" ]; then
    echo "tzcross: $TZREAD is missing (make unit builds it)"
    echo "tzcross: 0 passed, 1 failed"
    exit 1
fi
python3 "$(dirname "$0")/tz_cross.py" "$TZREAD"
