#!/bin/sh
# Imports the exports of examples/modern/reeve.case into its store
# (reeve.kjdb, next to the case), as a user would; then
#   kjeller check reeve.case
# Usage: sh import.sh [KJELLER]   (from any directory; writes next to this file)
set -e
KJ=${1:-kjeller}
cd "$(dirname "$0")"
"$KJ" import reeve.case anpr anpr.csv --map camera=note --quiet
"$KJ" import reeve.case cells phone-ee.csv --map "Start Time (UTC)=time" --map "Cell ID=note" \
    --map "Radius (m)=accuracy" --quiet
"$KJ" import reeve.case handset phone-handset.csv --date-order dmy --quiet
"$KJ" import reeve.case telematics-track telematics.gpx --quiet
"$KJ" import reeve.case guests hotel.csv --quiet
