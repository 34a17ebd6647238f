#!/bin/sh
# Imports the exports of examples/modern/reeve.case into its store
# (reeve.kjdb, next to the case), as a user would; then
#   kjeller check reeve.case
# Usage: sh import.sh [KJELLER]   (from any directory; writes next to this file)
set -e
KJ=${1:-kjeller}
cd "$(dirname "$0")"
# the police's ANPR log: the camera's name as each row's note
"$KJ" import reeve.case anpr anpr.csv --map camera=note
# the network's cell-site records: a header of its own ("Radius (m)" is
# read as the accuracy in metres by itself)
"$KJ" import reeve.case cells phone-ee.csv --map "Start Time (UTC)=time" --map "Cell ID=note"
# the handset's own history: ';'-separated, decimal commas, CRLF, UK dates
"$KJ" import reeve.case handset phone-handset.csv --date-order dmy
# the telematics box's GPX track
"$KJ" import reeve.case telematics-track telematics.gpx
# the hotel's guest register (room and name are attributes of each stay)
"$KJ" import reeve.case guests hotel.csv
