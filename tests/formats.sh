#!/bin/sh
# Formats as exports come (docs/records.md, Formats): CSV with , ; tab or |
# (read from the header, or --delimiter), quoted fields, byte order marks,
# CRLF, decimal commas and the common header names; GPX tracks and GeoJSON
# points into a trace.  Each test works in a fresh directory.  Ends with
# "formats: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
case "$KJ" in /*) ;; *) KJ="$(pwd)/$KJ" ;; esac
SRC="$(pwd)/tests/records"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "formats FAIL: $1"; [ -f err ] && head -n 8 err; }
expect() { # name, condition...
    name=$1
    shift
    if "$@"; then ok; else bad "$name"; fi
}
fresh() { # a new directory with the given test files
    d=$(mktemp -d)
    for f in "$@"; do cp "$SRC/$f" "$d/"; done
    cd "$d" || exit 1
}
points() { sqlite3 "${2:-trace.kjdb}" "SELECT $1 FROM points ORDER BY line" 2>/dev/null | tr '\n' ' '; }
# trace.case: x says he was in Oslo at noon on 20 December 1935.  Seen in
# Moscow at 06:00 and at 08:50:11 he is a minute short of it (exit 1); at
# 08:48:11, or with the second point 20 km uncertain, he is not (exit 0).
check() { "$KJ" check trace.case >out 2>err; echo $?; }

# 1. the separator, read from the header: each of , ; tab | alone fits
for sep in , ';' tab '|'; do
    fresh trace.case
    s=$sep
    [ "$sep" = tab ] && s=$(printf '\t')
    printf 'time%slat%slon%saccuracy\n1935-12-20 06:00:00%s55.756%s37.617%s0\n1935-12-20 08:50:11%s55.756%s37.617%s0\n' \
        "$s" "$s" "$s" "$s" "$s" "$s" "$s" "$s" "$s" >w.csv
    "$KJ" import trace.case watch w.csv >out 2>err
    expect "separator $sep read from the header: imported" grep -q "w.csv: 2 rows imported into 'watch'" out
    expect "separator $sep read from the header: the points" [ "$(points lat,lon)" = "55.756|37.617 55.756|37.617 " ]
    expect "separator $sep read from the header: the check finds the conflict" [ "$(check)" = 1 ]
    [ "$sep" = , ] && want="time=time, lat=lat, lon=lon, accuracy=accuracy; zone UTC; radius 1000 m" || want="time=time, lat=lat, lon=lon, accuracy=accuracy; delimiter $(echo "$sep" | sed "s/^[;|]$/'&'/"); zone UTC; radius 1000 m"
    expect "separator $sep: part of the mapping" [ "$(sqlite3 trace.kjdb 'SELECT mapping FROM imports')" = "$want" ]
done

# blank and white-space lines are no rows: each row keeps its physical
# line, a bad row is cited at its own line, the rejects file gets no blank
fresh trace.case
printf 'time,lat,lon\n1935-12-20 06:00:00,55.756,37.617\n\n   \n1935-12-20 08:50:11,55.756,37.617\r\n\r\n\t\n1935-13-20 08:00:00,55.756,37.617\n' >blank.csv
"$KJ" import trace.case watch blank.csv --max-errors 1 >out 2>err
expect "blank lines: each row at its physical line" [ "$(points line)" = "2 5 " ]
expect "blank lines: a bad row after them at its own line" grep -q "^blank.csv:8:1: error: cannot read time \"1935-13-20 08:00:00\"" err
printf 'time,lat,lon\n1935-13-20 08:00:00,55.756,37.617\n' >want
expect "blank lines: the rejects file holds the header and the bad row only" cmp -s want blank.rejects.csv

# a row with a place and lat, lon: two positions, a bad row naming both
fresh trace.case
printf 'time,place,lat,lon\n1935-12-20 06:00:00,oslo,55.756,37.617\n1935-12-20 06:00:00,oslo,,\n' >both.csv
"$KJ" import trace.case watch both.csv --max-errors 1 >out 2>err
expect "place and lat, lon: a bad row naming both" \
    grep -q "^both.csv:2:21: error: row gives both place 'oslo' and lat, lon '55.756', '37.617': which is its position?" err
expect "place and lat, lon: the row with the place alone stored" [ "$(points line)" = "3 " ]
# an accuracy never narrows a place's radius: where in the place is unknown
printf 'time,place,accuracy\n1935-12-20 06:00:00,oslo,5\n1935-12-20 06:00:00,oslo,3000\n' >placeacc.csv
rm -f trace.kjdb
"$KJ" import trace.case watch placeacc.csv >out 2>err
expect "an accuracy with a place: the larger of the place's radius and the accuracy" [ "$(points radius_m)" = "1000.0 3000.0 " ]
# in a row written with decimal commas, '.' is a thousands separator: an
# accuracy "1.500" is 1.5 m or 1500 m, a bad row; "01,500" and "12.5"
# have one reading
printf 'time;lat;lon;accuracy\n1935-12-20 06:00:00;55,756;37,617;1.500\n1935-12-20 06:00:00;55,756;37,617;01,500\n1935-12-20 06:00:00;55,756;37,617;12.5\n1935-12-20 06:00:00;55.756;37.617;1.500\n' >de.csv
rm -f trace.kjdb
"$KJ" import trace.case watch de.csv --max-errors 1 >out 2>err
expect "decimal commas: an accuracy 1.500 has two readings" \
    grep -q "^de.csv:2:35: error: accuracy '1.500' has two readings in a row written with decimal commas: 1.5 m (a decimal point) or 1500 m (a thousands separator)" err
expect "decimal commas: 01,500 and 12.5 read; 1.500 beside decimal points read" [ "$(points line,radius_m)" = "3|1.5 4|12.5 5|1.5 " ]

# an accuracy's unit written elsewhere than its name: the file refused,
# never its number read as metres
for unit in accuracy_unit unit 'Radius Units'; do
    fresh trace.case
    printf 'time,lat,lon,accuracy,%s\n1935-12-20 06:00:00,55.756,37.617,5,km\n' "$unit" >au.csv
    "$KJ" import trace.case watch au.csv >out 2>err
    expect "a unit column '$unit' beside the accuracy: exit 2" [ $? -eq 2 ]
    expect "a unit column '$unit' beside the accuracy: named" \
        grep -q "^au.csv:1:23: error: column '$unit' gives the unit of the accuracy 'accuracy': kjeller reads accuracies in metres only" err
    expect "a unit column '$unit': nothing stored" [ ! -e trace.kjdb ]
done
printf 'time,lat,lon,accuracy,unit\n1935-12-20 06:00:00,55.756,37.617,5,km\n' >au.csv
"$KJ" import trace.case watch au.csv --map accuracy=ignore >out 2>err
expect "a unit column, the accuracy ignored: imported with the trace's radius" grep -q "au.csv: 1 row imported" out
for name in accuracy-ft accuracy.ft accuracy_in; do
    fresh trace.case
    printf 'time,lat,lon,%s\n1935-12-20 06:00:00,55.756,37.617,5\n' "$name" >h.csv
    "$KJ" import trace.case watch h.csv >out 2>err
    expect "an accuracy column '$name' the unit rules do not split: refused, never ignored" \
        grep -q "^h.csv:1:14: error: column '$name' looks like an accuracy in a unit: kjeller reads accuracies in metres only" err
done
printf '{"type": "FeatureCollection", "features": [\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"time": "1935-12-20T06:00:00Z", "accuracy": 5, "accuracy_unit": "km"}},\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"time": "1935-12-20T06:00:00Z", "units": "km"}}\n]}\n' >au.geojson
"$KJ" import trace.case watch au.geojson --max-errors 1 >out 2>err
expect "GeoJSON: a unit property beside the accuracy: a bad row" \
    grep -q "^au.geojson:2:1: error: feature 1: its property 'accuracy_unit' gives the unit of its accuracy 'accuracy'" err
expect "GeoJSON: a unit property without an accuracy: read" [ "$(points line)" = "3 " ]

# the zone and the radius the case declared are part of the mapping: a
# case corrected since replaces the import, never keeps its stale rows
fresh trace.case
printf 'time,lat,lon\n1935-12-20 06:00:00,55.756,37.617\n' >z.csv
"$KJ" import trace.case watch z.csv >out 2>err
expect "the mapping ends with the zone and the radius" [ "$(sqlite3 trace.kjdb 'SELECT mapping FROM imports')" = "time=time, lat=lat, lon=lon; zone UTC; radius 1000 m" ]
sed 's/^trace watch of x store rec tz UTC/trace watch of x store rec ± 5 km tz UTC/' trace.case >wide.case
"$KJ" import wide.case watch z.csv >out 2>err
expect "another radius declared: the import replaced" grep -q "^z.csv: replaces import #1 of the same file into 'watch', whose mapping was: time=time, lat=lat, lon=lon; zone UTC; radius 1000 m$" err
expect "another radius declared: the rows hold it" [ "$(points radius_m)" = "5000.0 " ]
sed 's/^trace watch of x store rec tz UTC/trace watch of x store rec ± 5 km tz Europe\/Moscow/' trace.case >zone.case
"$KJ" import zone.case watch z.csv >out 2>err
expect "another zone declared: the import replaced" grep -q "^z.csv: replaces import #2 .*radius 5000 m$" err
expect "another zone declared: the rows read in it" [ "$(points t_lo)" = "-1074027600 " ]

# a header wider than kjeller reads: refused, never cut short
fresh trace.case
awk 'BEGIN { printf "time,lat,lon"; for (i = 0; i < 4100; i++) printf ",c%d", i; printf "\n1935-12-20 06:00:00,55.756,37.617"; for (i = 0; i < 4100; i++) printf ",x"; printf "\n" }' >wide.csv
"$KJ" import trace.case watch wide.csv >out 2>err
expect "a header of 4103 columns: exit 2" [ $? -eq 2 ]
expect "a header of 4103 columns: refused" grep -q "^wide.csv:1:1: error: the header has more than 4096 columns: kjeller reads at most that many" err
# the store's journal is no rejects file; --max-errors once
printf 'time,lat,lon\n1935-13-20 06:00:00,55.756,37.617\n' >r.csv
"$KJ" import trace.case watch r.csv --rejects ./trace.kjdb-journal >out 2>err
expect "--rejects the store's journal: refused" grep -q "the rejects file './trace.kjdb-journal' would overwrite the store's journal" err
"$KJ" import trace.case watch r.csv --max-errors 1 --max-errors 5 >out 2>err
expect "--max-errors twice: a usage error" grep -q "^kjeller: --max-errors is given twice: give it once" err
# a track without points says so; a trace's offset warning names the trace's zone
printf '<gpx version="1.1"><trk><trkseg></trkseg></trk></gpx>\n' >empty.gpx
"$KJ" import trace.case watch empty.gpx >out 2>err
expect "an empty GPX: no track points, not a header" grep -q "^empty.gpx: warning: nothing imported: the file has no track points" err
printf 'time,lat,lon\n1935-12-20T06:00:00+05:00,55.756,37.617\n' >off.csv
"$KJ" import trace.case watch off.csv >out 2>err
expect "a trace's offset warning: the trace's zone" grep -q "hint: check the trace's zone and the row's offset" err

# quoted fields with the separator and a line break inside, a doubled
# quote, CRLF line ends and a byte order mark, with every separator
for sep in , ';' tab '|'; do
    fresh trace.case
    s=$sep
    [ "$sep" = tab ] && s=$(printf '\t')
    printf '\357\273\277time%slat%slon%snote\r\n"1935-12-20 06:00:00"%s55.756%s37.617%s"a%sb, ""c""\r\nd"\r\n1935-12-20 08:50:11%s 55.756 %s37.617%s\r\n' \
        "$s" "$s" "$s" "$s" "$s" "$s" "$s" "$s" "$s" "$s" >q.csv
    "$KJ" import trace.case watch q.csv >out 2>err
    expect "quoted, CRLF, BOM with $sep: imported" grep -q "q.csv: 2 rows imported" out
    expect "quoted, CRLF, BOM with $sep: the separator, the quote and the line break kept" \
        [ "$(sqlite3 trace.kjdb "SELECT note FROM points WHERE line = 2")" = "$(printf 'a%sb, "c"\r\nd' "$s")" ]
    expect "quoted, CRLF, BOM with $sep: the next row's line" [ "$(points line)" = "2 4 " ]
    expect "quoted, CRLF, BOM with $sep: no CR left in a value" [ "$(sqlite3 trace.kjdb "SELECT count(*) FROM points WHERE time LIKE '%'||char(13)||'%'")" = 0 ]
done

# a tab inside a field is kept when tab separates (not trimmed as a space)
fresh trace.case
printf 'time\tlat\tlon\tnote\n1935-12-20 06:00:00\t55.756\t37.617\t\n1935-12-20 08:50:11\t55.756\t37.617\tx\n' >t.csv
"$KJ" import trace.case watch t.csv >out 2>err
expect "tab-separated with an empty last field: imported" grep -q "2 rows imported" out

# two separators fit: an error naming both, with the hint; nothing stored
fresh air.case
printf 'time;note,when\n1935-12-18 12:00;a,1935-12-18 12:00\n' >amb.csv
"$KJ" import air.case landings amb.csv >out 2>err
expect "two separators fit: exit 2" [ $? -eq 2 ]
expect "two separators fit: named" grep -q "^amb.csv:1:1: error: the header can be split at ',' and ';': each gives the columns a register needs" err
expect "two separators fit: the hint" grep -q "hint: name the separator: --delimiter , (or ';')" err
expect "two separators fit: nothing stored" [ ! -e air.kjdb ]
"$KJ" import air.case landings amb.csv --delimiter ';' --map 'note,when=ignore' >out 2>err
expect "--delimiter ';' settles it" grep -q "amb.csv: 1 row imported" out
expect "--delimiter ';': the time column is 'time'" [ "$(sqlite3 air.kjdb 'SELECT mapping FROM imports')" = "time=time, note,when=ignore; delimiter ';'; zone Europe/Oslo" ]
fresh air.case
printf 'time;note,when\n1935-12-18 12:00;a,1935-12-18 12:00\n' >amb.csv
"$KJ" import air.case landings amb.csv --delimiter , --map 'time;note=ignore' >out 2>err
expect "--delimiter , settles it the other way" [ "$(sqlite3 air.kjdb 'SELECT mapping FROM imports')" = "time;note=ignore, when=time; zone Europe/Oslo" ]

# no separator fits: the error says which were tried and names --delimiter
fresh trace.case
printf 'when:lat:lon\n1935-12-20 06:00:00:55.7:37.6\n' >colon.csv
"$KJ" import trace.case watch colon.csv >out 2>err
expect "no separator fits: exit 2" [ $? -eq 2 ]
expect "no separator fits: the separators tried" grep -q "^colon.csv:1:1: error: the header has no position columns (split at any of ',' ';' tab '|')" err
expect "no separator fits: the hint names --delimiter" grep -q "hint: .*if the file has another separator, name it: --delimiter" err
printf 'aircraft;note\ncivil;x\n' >notime.csv
cp "$SRC/air.case" .
"$KJ" import air.case landings notime.csv >out 2>err
expect "a semicolon file without a time column: said with the separators tried" \
    grep -q "^notime.csv:1:1: error: the header has no time column (split at any of ',' ';' tab '|')" err
# --delimiter given: the header is split there, and only there
printf 'time;lat;lon\n1935-12-20 06:00:00;55.7;37.6\n' >semi.csv
"$KJ" import trace.case watch semi.csv --delimiter , >out 2>err
expect "--delimiter , on a semicolon file: no time column" grep -q "^semi.csv:1:1: error: the header has no time column$" err
"$KJ" import trace.case watch semi.csv --delimiter ':' >out 2>err
expect "--delimiter of another character: a usage error" [ $? -eq 2 ]
expect "--delimiter of another character: says which are" grep -q "kjeller: --delimiter is , ; tab or |, not ':'" err
"$KJ" import trace.case watch t.csv --delimiter "$(printf '\t')" >out 2>err
# (t.csv is in another directory: any error but the usage error will do)
expect "--delimiter accepts a literal tab" sh -c "! grep -q 'delimiter is' err"
# a row of another width after a sniffed header: a bad row that says so
fresh trace.case
printf 'time;lat;lon\n1935-12-20 06:00:00;55.7;37.6\n1935-12-20 07:00:00,55.7,37.6\n' >mixed.csv
"$KJ" import trace.case watch mixed.csv --max-errors 5 >out 2>err
expect "a row split otherwise than its header: a bad row" \
    grep -q "^mixed.csv:3:1: error: row has 1 field; the header has 3" err
expect "a row split otherwise than its header: the hint names the separator read" \
    grep -q "hint: quote fields that contain the separator ';': \"a; b\" (the separator was read from the header: name another with --delimiter)" err

# 2. decimal commas: in coordinates where they cannot be anything else
fresh trace.case watch-semicolon.csv
"$KJ" import trace.case watch watch-semicolon.csv >out 2>err
expect "a European export (BOM, CRLF, ';', decimal commas, units in the header): imported" \
    grep -q "watch-semicolon.csv: 2 rows imported" out
expect "decimal commas read as points" [ "$(points lat,lon)" = "55.756|37.617 55.756|37.617 " ]
expect "the header's names with units" \
    [ "$(sqlite3 trace.kjdb 'SELECT mapping FROM imports')" = "Timestamp=time, Latitude (deg)=lat, Longitude=lon, Accuracy_m=accuracy, Note=note; delimiter ';'; zone UTC; radius 1000 m" ]
expect "a European export: the check finds the conflict" [ "$(check)" = 1 ]
fresh trace.case
printf 'time,lat,lon,accuracy\n1935-12-20 06:00:00,"55,756","37,617","0,5"\n' >quoted.csv
"$KJ" import trace.case watch quoted.csv >out 2>err
expect "quoted decimal commas in a comma-separated file: read" [ "$(points lat,lon,radius_m)" = "55.756|37.617|0.5 " ]
printf 'time,lat,lon\n1935-12-20 06:00:00,55,756,37,617\n1935-12-20 06:00:00,55.7,37.6\n' >unquoted.csv
"$KJ" import trace.case watch unquoted.csv --max-errors 5 >out 2>err
expect "unquoted decimal commas in a comma-separated file: never guessed" grep -q "^unquoted.csv:2:.*error: row has 5 fields; the header has 3" err
fresh trace.case
printf 'time;lat;lon;accuracy\n1935-12-20 06:00:00;55,756;37,617;1,500\n1935-12-20 06:00:00;55,756;37,617;12,5\n' >acc.csv
"$KJ" import trace.case watch acc.csv --max-errors 5 >out 2>err
expect "an accuracy of 1,500: both readings named" \
    grep -q "^acc.csv:2:35: error: accuracy '1,500' has two readings: 1.5 m (a decimal comma) or 1500 m (a thousands separator)" err
expect "an accuracy of 12,5: read" [ "$(points radius_m)" = "12.5 " ]
printf 'time;lat;lon\n1935-12-20 06:00:00;95,5;37,6\n1935-12-20 06:00:00;1,2,3;37,6\n1935-12-20 06:00:00;55,7;37,6\n' >range.csv
"$KJ" import trace.case watch range.csv --max-errors 5 >out 2>err
expect "a decimal comma out of range: refused" grep -q "^range.csv:2:21: error: bad latitude '95,5'" err
expect "two commas: no number" grep -q "^range.csv:3:21: error: bad latitude '1,2,3'" err

# 3. header names: synonyms, letter case, spaces, units; --map wins
fresh trace.case
printf ' DateTime , LATITUDE_deg,lng,Horizontal_Accuracy (m)\n1935-12-20 06:00:00,55.756,37.617,20000\n' >names.csv
"$KJ" import trace.case watch names.csv >out 2>err
expect "header synonyms: imported" grep -q "1 row imported" out
expect "header synonyms: the accuracy is the radius" [ "$(points radius_m)" = "20000.0 " ]
printf 'date,time,latitude,long,radius\n1935-12-20,06:00,55.756,37.617,5\n' >dt.csv
"$KJ" import trace.case watch dt.csv >out 2>err
expect "a date and a time column: the time is the clock" \
    [ "$(sqlite3 trace.kjdb "SELECT mapping FROM imports WHERE file = 'dt.csv'")" = "date=time, time=clock, latitude=lat, long=lon, radius=accuracy; zone UTC; radius 1000 m" ]
expect "a date and a time column: read together" [ "$(sqlite3 trace.kjdb "SELECT time, t_lo FROM points WHERE radius_m = 5")" = "1935-12-20, 06:00|-1074016800" ]
printf 'time,lat,lon,accuracy_ft\n1935-12-20 06:00:00,55.756,37.617,3000\n' >ft.csv
"$KJ" import trace.case watch ft.csv >out 2>err
expect "an accuracy in feet: refused, never read as metres" grep -q "^ft.csv:1:14: error: column 'accuracy_ft' is an accuracy in 'ft': kjeller reads accuracies in metres only" err
"$KJ" import trace.case watch ft.csv --map accuracy_ft=ignore >out 2>err
expect "an accuracy in feet, mapped away: imported" grep -q "1 row imported" out
printf 'time,lat_rad,lon_rad\n1935-12-20 06:00:00,0.97313,0.65655\n' >rad.csv
"$KJ" import trace.case watch rad.csv --map lat_rad=lat --map lon_rad=lon >out 2>err
expect "coordinates in radians, mapped to lat: refused, never read as degrees" grep -q "^rad.csv:1:6: error: column 'lat_rad' is a latitude in 'rad': kjeller reads coordinates in decimal degrees only" err
expect "coordinates in radians: nothing stored" [ "$(sqlite3 trace.kjdb "SELECT count(*) FROM imports WHERE file = 'rad.csv'")" = "0" ]
printf 'time,Northing (m),lon\n1935-12-20 06:00:00,6181000,37.617\n' >utm.csv
"$KJ" import trace.case watch utm.csv --map "Northing (m)=lat" >out 2>err
expect "a northing in metres mapped to lat: refused" grep -q "^utm.csv:1:6: error: column 'Northing (m)' is a latitude in 'm'" err
printf 'time,lat,latitude,lon\n1935-12-20 06:00:00,55.756,55.7,37.617\n' >two.csv
"$KJ" import trace.case watch two.csv >out 2>err
expect "two columns of one field by name: refused" grep -q "^two.csv:1:10: error: columns 'lat' and 'latitude' are both the lat" err
"$KJ" import trace.case watch two.csv --map latitude=lat >out 2>err
expect "--map wins over a column's name: imported" grep -q "1 row imported" out
expect "--map wins over a column's name: the mapped column read" [ "$(sqlite3 trace.kjdb "SELECT lat FROM points WHERE t_lo = -1074016800 AND lat = 55.7")" = 55.7 ]
expect "--map wins: the other column is ignored, and the mapping says so" \
    [ "$(sqlite3 trace.kjdb "SELECT mapping FROM imports WHERE file = 'two.csv'")" = "time=time, lat=ignore, latitude=lat, lon=lon; zone UTC; radius 1000 m" ]

# 4. GPX: a track into a trace
fresh trace.case watch.gpx watch-spare.gpx
"$KJ" import trace.case watch watch.gpx >out 2>err
expect "GPX: imported" grep -q "^watch.gpx: 2 rows imported into 'watch' (import #1)$" out
expect "GPX: route points and waypoints skipped, with one warning" \
    grep -q "^watch.gpx:3:3: warning: 1 route point (rtept) and 1 waypoint (wpt) skipped: a planned route or a marked place is not where someone was" err
expect "GPX: one warning only" [ "$(grep -c warning err)" = 1 ]
expect "GPX: each point's line is its trkpt's" [ "$(points line)" = "10 15 " ]
expect "GPX: the points" [ "$(points "lat || ' ' || lon || ' ' || time")" = "55.756 37.617 1935-12-20T06:00:00Z 55.756 37.617 1935-12-20T08:50:11Z " ]
expect "GPX: hdop is never read as metres; the trace's radius is" [ "$(points radius_m)" = "1000.0 1000.0 " ]
expect "GPX: the file's SHA-256" [ "$(sqlite3 trace.kjdb 'SELECT sha256 FROM imports')" = "$(sha256sum watch.gpx | cut -c1-64)" ]
"$KJ" check trace.case >out 2>err
expect "GPX: the check finds the contradiction" [ $? -eq 1 ]
expect "GPX: the proof cites the track point" grep -q "fact 'watch:watch.gpx:15' (watch.gpx:15, sha256 [0-9a-f]\{12\}, source \[[0-9]*\] police)" out
"$KJ" import trace.case watch watch.gpx >out 2>err
expect "GPX again: already imported" grep -q "^watch.gpx: already imported into 'watch' (import #1" out
fresh trace.case watch-spare.gpx
"$KJ" import trace.case watch watch-spare.gpx >out 2>err
expect "GPX with a minute to spare: no contradiction" [ "$(check)" = 0 ]
# the trace's declared radius is every point's; another is another import
fresh trace.case watch.gpx
sed 's/^trace watch of x store rec /&± 20 km /' trace.case >wide.case
"$KJ" import wide.case watch watch.gpx >out 2>err
expect "GPX into a trace of ± 20 km: the radius" [ "$(points radius_m)" = "20000.0 20000.0 " ]
expect "GPX into a trace of ± 20 km: no contradiction" sh -c "'$KJ' check wide.case >/dev/null 2>&1"
"$KJ" import trace.case watch watch.gpx >out 2>err
expect "GPX: another declared radius replaces the import" grep -q "replaces import #1 of the same file into 'watch'" err
expect "GPX: ... with the radius of the trace now" [ "$(points radius_m)" = "1000.0 1000.0 " ]
# an accuracy in metres in a point's extensions: the larger of it and the trace's
fresh trace.case watch.gpx
sed 's|<time>1935-12-20T08:50:11Z</time>|&<extensions><acc:accuracy xmlns:acc="urn:x">20000</acc:accuracy></extensions>|' watch.gpx >wide.gpx
"$KJ" import trace.case watch wide.gpx >out 2>err
expect "GPX: an accuracy in the extensions, larger: the radius" [ "$(points radius_m)" = "1000.0 20000.0 " ]
expect "GPX: an accuracy in the extensions, larger: no contradiction" [ "$(check)" = 0 ]
fresh trace.case watch.gpx
sed 's|<time>1935-12-20T08:50:11Z</time>|&<extensions><accuracy>5</accuracy><hdop>90000</hdop></extensions>|' watch.gpx >narrow.gpx
"$KJ" import trace.case watch narrow.gpx >out 2>err
expect "GPX: an accuracy in the extensions, smaller: never narrows the trace's radius" [ "$(points radius_m)" = "1000.0 1000.0 " ]
expect "GPX: an accuracy in the extensions, smaller: the contradiction stays" [ "$(check)" = 1 ]
# points imported by their place: a case that moves the place afterwards
# (or widens it) refuses the import until it is imported again
fresh trace.case
printf 'time,place\n1935-12-20 06:00:00,moscow\n1935-12-20 08:50:11,moscow\n' >byplace.csv
"$KJ" import trace.case watch byplace.csv >out 2>err
expect "points by place: imported" grep -q "2 rows imported" out
expect "points by place: the conflict" [ "$(check)" = 1 ]
sed -i 's/^place moscow 55.756 37.617 /place moscow 59.0 11.0 /' trace.case
expect "points by place, the place moved: refused (exit 2)" [ "$(check)" = 2 ]
expect "... saying where the import put them and where the case now puts it" grep -q "error: trace 'watch': import #1 put its points at place 'moscow' as 55.756000, 37.617000 ± 1000 m, but the case now puts it at 59.000000, 11.000000 ± 1000 m" err
"$KJ" import trace.case watch byplace.csv >out 2>err
expect "points by place, imported again: replaces the import, saying why" grep -q "^byplace.csv: replaces import #1 of the same file into 'watch', whose mapping was: time=time, place=place; zone UTC; radius 1000 m (the same, but its points were at places the case has moved since)$" err
expect "points by place, imported again: read where the place now is" [ "$(check)" = 0 ]
sed -i 's/^place moscow 59.0 11.0 /place moscow 59.0 11.0 ± 5000 km /' trace.case
expect "points by place, the place widened: refused" [ "$(check)" = 2 ]
# an accuracy written right in the point (not GPX, but exported so): read
# as one in its extensions, never left unread
fresh trace.case watch.gpx
sed 's|<time>1935-12-20T08:50:11Z</time>|&<accuracy>20000</accuracy>|' watch.gpx >inpoint.gpx
"$KJ" import trace.case watch inpoint.gpx >out 2>err
expect "GPX: an accuracy right in the point, larger: the radius" [ "$(points radius_m)" = "1000.0 20000.0 " ]
expect "GPX: an accuracy right in the point, larger: no contradiction" [ "$(check)" = 0 ]
sed 's|<time>1935-12-20T08:50:11Z</time>|&<accuracy_ft>20</accuracy_ft>|' watch.gpx >inpointft.gpx
"$KJ" import trace.case watch inpointft.gpx >out 2>err
expect "GPX: an accuracy in feet right in the point: a bad row" grep -q "error: trkpt has an accuracy in another unit than metres" err
# bad points: rejected at file:line:col, into a rejects file that is GPX
fresh trace.case
printf '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">\n <trk><trkseg>\n  <trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00Z</time></trkpt>\n  <trkpt lat="55.7" lon="37.6"><ele>1</ele></trkpt>\n  <trkpt lat="95.7" lon="37.6"><time>1935-12-20T07:00:00Z</time></trkpt>\n  <trkpt lat="55.7" lon="37.6">\n   <time>1935-13-20T07:00:00Z</time></trkpt>\n  <trkpt lon="37.6"><time>1935-12-20T07:00:00Z</time></trkpt>\n </trkseg></trk>\n</gpx>\n' >bad.gpx
"$KJ" import trace.case watch bad.gpx --max-errors 10 >out 2>err
expect "GPX: a point without a time is a bad row" grep -q "^bad.gpx:5:3: error: trkpt has no <time>: a point without a time is no evidence of when" err
expect "GPX: ... with its line and a caret" grep -q '^    5 |   <trkpt lat="55.7" lon="37.6"><ele>1</ele></trkpt>$' err
expect "GPX: a latitude out of range" grep -q "^bad.gpx:6:3: error: bad latitude '95.7'" err
expect "GPX: a time that cannot be read, at its element" grep -q "^bad.gpx:8:4: error: cannot read time \"1935-13-20T07:00:00Z\": month '13' is not 01..12" err
expect "GPX: a point without lat" grep -q "^bad.gpx:9:3: error: trkpt has no lat attribute" err
expect "GPX: the good point stored" [ "$(points line)" = "4 " ]
printf '<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">\n<trk><trkseg>\n<trkpt lat="55.7" lon="37.6"><ele>1</ele></trkpt>\n<trkpt lat="95.7" lon="37.6"><time>1935-12-20T07:00:00Z</time></trkpt>\n<trkpt lat="55.7" lon="37.6">\n   <time>1935-13-20T07:00:00Z</time></trkpt>\n<trkpt lon="37.6"><time>1935-12-20T07:00:00Z</time></trkpt>\n</trkseg></trk></gpx>\n' >want
expect "GPX: the rejects file is GPX: the file's head, then the bad points as they were" cmp -s want bad.rejects.gpx
# values the file does not say are never read: a prefixed lat, an entity
# whose text the file does not give, a time or accuracy in parts, an
# accuracy with a unit attribute -- each point a bad row, the good stored
fresh trace.case
cat >odd.gpx <<'GPX'
<?xml version="1.0"?>
<!DOCTYPE gpx SYSTEM "gpx-with-signs.dtd" [ <!ENTITY tz SYSTEM "tz.txt"> <!ENTITY z "Z"> ]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:x="urn:x">
<trk><trkseg>
<trkpt lat="55.7" lon="37.6" x:lat="1.0"><time>1935-12-20T06:00:00Z</time></trkpt>
<trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00&tz;</time></trkpt>
<trkpt lat="&minus;55.7" lon="37.6"><time>1935-12-20T06:00:00Z</time></trkpt>
<trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00&undefined;</time></trkpt>
<trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00<b/>+05:00</time></trkpt>
<trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00Z</time><extensions><accuracy>5<b/>000</accuracy></extensions></trkpt>
<trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00Z</time><extensions><accuracy unit="km">5</accuracy></extensions></trkpt>
<trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00&z;</time></trkpt>
</trkseg></trk></gpx>
GPX
echo '+05:00' >tz.txt
"$KJ" import trace.case watch odd.gpx --max-errors 10 >out 2>err
expect "GPX: a prefixed lat beside lat: a bad row" grep -q "^odd.gpx:5:1: error: trkpt has an attribute 'x:lat' beside GPX's lat and lon" err
expect "GPX: an external entity in a time: a bad row" grep -q "^odd.gpx:6:1: error: trkpt has the entity &tz; whose text the file does not give" err
expect "GPX: an entity an unread DTD declares, in lat: a bad row" grep -q "^odd.gpx:7:1: error: trkpt has the entity &minus; whose text" err
expect "GPX: an undefined entity (with an unread DTD): a bad row" grep -q "^odd.gpx:8:1: error: trkpt has the entity &undefined; whose text" err
expect "GPX: an element inside a time: a bad row" grep -q "^odd.gpx:9:[0-9]*: error: trkpt has an element <b> inside its time or accuracy" err
expect "GPX: an element inside an accuracy: a bad row" grep -q "^odd.gpx:10:.*: error: trkpt has an element <b> inside its time or accuracy" err
expect "GPX: an accuracy with a unit attribute: a bad row" grep -q "^odd.gpx:11:.*: error: trkpt's accuracy has an attribute 'unit': kjeller reads accuracies in metres only" err
expect "GPX: an entity the file declares is read" [ "$(points line)" = "12 " ]
# a namespace declared on a point (xmlns:lat) is no position
fresh trace.case
printf '<gpx version="1.1"><trk><trkseg>\n<trkpt lat="55.7" lon="37.6" xmlns:lat="urn:x"><time>1935-12-20T06:00:00Z</time></trkpt>\n</trkseg></trk></gpx>\n' >ns.gpx
"$KJ" import trace.case watch ns.gpx >out 2>err
expect "GPX: a namespace named lat declared on a point: read" [ "$(points lat,lon)" = "55.7|37.6 " ]
# the mapping's radius is written in full, so every radius is told apart
sed 's/^trace watch of x store rec tz UTC/trace watch of x store rec ± 1234.567 km tz UTC/' trace.case >big.case
printf 'time,lat,lon\n1935-12-20 06:00:00,55.756,37.617\n' >z.csv
"$KJ" import big.case watch z.csv >out 2>err
expect "the mapping's radius in full" [ "$(sqlite3 trace.kjdb "SELECT mapping FROM imports WHERE file = 'z.csv'")" = "time=time, lat=lat, lon=lon; zone UTC; radius 1234567 m" ]
# a long line (a GPX on one line): the column is still right
awk 'BEGIN { printf "<gpx version=\"1.1\"><trk><trkseg>"; for (i = 0; i < 300; i++) printf "<trkpt lat=\"55.7\" lon=\"37.6\"><time>1935-12-20T06:%02d:00Z</time></trkpt>", i % 60; printf "<trkpt lat=\"55.7\" lon=\"37.6\"></trkpt></trkseg></trk></gpx>\n" }' >one.gpx
col=$(awk '{ print index($0, "<trkpt lat=\"55.7\" lon=\"37.6\"></trkpt>") }' one.gpx)
"$KJ" import trace.case watch one.gpx --max-errors 10 >out 2>err
expect "GPX on one line: the bad point's column" grep -q "^one.gpx:1:$col: error: trkpt has no <time>" err
# a block of the file (64 KiB) that ends inside a point's tag, on a long line
python3 -c "
head, good, bad = '<gpx version=\"1.1\"><trk><trkseg>', '<trkpt lat=\"55.7\" lon=\"37.6\"><time>1935-12-20T06:00:00Z</time></trkpt>', '<trkpt lat=\"55.7\" lon=\"37.6\"></trkpt>'
s = head + good * ((65536 - 20 - len(head)) // len(good))
s += ' ' * (65536 - 20 - len(s)) + bad + good * 10 + '</trkseg></trk></gpx>\n'
open('edge.gpx', 'w').write(s)"
"$KJ" import trace.case watch edge.gpx --max-errors 10 >out 2>err
expect "GPX: a block ending inside a tag: the point's column" grep -q "^edge.gpx:1:65517: error: trkpt has no <time>" err
printf '<gpx version="1.1">\n<trk><trkseg>\n<trkpt lat="55.7" lon="37.6"></trkpt>\n</trkseg></trk></gpx>\n' >want
expect "GPX: a block ending inside a tag: the point's bytes in the rejects file" cmp -s want edge.rejects.gpx
# a file that is not GPX: an error at file:line:col, exit 2, nothing stored
fresh trace.case
printf '<?xml version="1.0"?>\n<gpx version="1.1">\n <trk><trkseg>\n  <trkpt lat="55.7" lon="37.6"><time>1935-12-20T06:00:00Z</time></trkseg>\n</gpx>\n' >broken.gpx
"$KJ" import trace.case watch broken.gpx >out 2>err
expect "malformed XML: exit 2" [ $? -eq 2 ]
expect "malformed XML: file:line:col" grep -q "^broken.gpx:4:67: error: malformed XML: mismatched tag" err
expect "malformed XML: the caret" grep -q "^      |                                                                   \^$" err
expect "malformed XML: nothing stored" [ ! -e trace.kjdb ]
head -c 200 "$SRC/watch.gpx" >cut.gpx
"$KJ" import trace.case watch cut.gpx >out 2>err
expect "a GPX cut short: exit 2" [ $? -eq 2 ]
expect "a GPX cut short: said" grep -q "^cut.gpx:5:1: error: malformed XML: no element found" err
expect "a GPX cut short: the hint" grep -q "hint: the file ends inside the GPX document: is it complete?" err
printf '<?xml version="1.0"?>\n<kml><Placemark/></kml>\n' >place.gpx
"$KJ" import trace.case watch place.gpx >out 2>err
expect "an XML file that is not GPX: refused" grep -q "^place.gpx:2:1: error: the XML's root element is <kml>, not <gpx>" err
expect "an XML file that is not GPX: nothing stored" [ ! -e trace.kjdb ]
# entities that explode ("billion laughs"): refused by expat, quickly
{
    printf '<?xml version="1.0"?>\n<!DOCTYPE gpx [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
    prev=a
    for e in b c d e f g h i; do printf '<!ENTITY %s "%s">\n' $e "$(for k in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' $prev; done)"; prev=$e; done
    printf ']>\n<gpx version="1.1"><trk><trkseg><trkpt lat="55.7" lon="37.6"><time>&i;</time></trkpt></trkseg></trk></gpx>\n'
} >laughs.gpx
"$KJ" import trace.case watch laughs.gpx >out 2>err
expect "entities that explode: refused, exit 2" [ $? -eq 2 ]
expect "entities that explode: said" grep -q "^laughs.gpx:13:[0-9]*: error: malformed XML: limit on input amplification factor (from DTD and entities) breached" err
expect "entities that explode: nothing stored" [ ! -e trace.kjdb ]
# a track is not a register's evidence; --map is for a CSV's columns
fresh trace.case air.case watch.gpx
"$KJ" import air.case landings watch.gpx >out 2>err
expect "GPX into a register: exit 2" [ $? -eq 2 ]
expect "GPX into a register: said, with a hint" grep -q "^watch.gpx: error: a GPX file is where someone was: it goes into a trace, and 'landings' is a register" err
"$KJ" import trace.case watch watch.gpx --map time=time >out 2>err
expect "GPX with --map: refused" grep -q "error: --map and --delimiter are for a CSV's columns, and this is a GPX file" err

# 5. the format: from the content; a name that says otherwise is an error
fresh trace.case watch.gpx watch.geojson
cp watch.gpx track.csv
"$KJ" import trace.case watch track.csv >out 2>err
expect "a .csv holding GPX: exit 2" [ $? -eq 2 ]
expect "a .csv holding GPX: said, with the hint" grep -q "^track.csv: error: the file is named as CSV, but it holds GPX (it starts with '<')" err
expect "a .csv holding GPX: the hint names --input-format" grep -q "hint: rename it, or say which it is: --input-format gpx" err
"$KJ" import trace.case watch track.csv --input-format gpx >out 2>err
expect "--input-format gpx wins" grep -q "track.csv: 2 rows imported" out
cp watch.geojson points.gpx
"$KJ" import trace.case watch points.gpx >out 2>err
expect "a .gpx holding JSON: refused" grep -q "^points.gpx: error: the file is named as GPX, but it holds GeoJSON (it starts with '{')" err
fresh trace.case watch.gpx
cp watch.gpx track
"$KJ" import trace.case watch track >out 2>err
expect "no extension: the content decides" grep -q "track: 2 rows imported" out
"$KJ" import trace.case watch watch.gpx --input-format csv >out 2>err
expect "--input-format csv on a GPX file: read as CSV, and refused as one" grep -q "^watch.gpx:1:15: error: malformed quoting in the header" err
"$KJ" import trace.case watch watch.gpx --input-format kml >out 2>err
expect "--input-format of another format: a usage error" grep -q "kjeller: --input-format is csv, gpx or geojson, not 'kml'" err

# 6. GeoJSON: Point features, [lon, lat], a time and an accuracy in metres
fresh trace.case watch.geojson
"$KJ" import trace.case watch watch.geojson >out 2>err
expect "GeoJSON: imported" grep -q "^watch.geojson: 2 rows imported into 'watch' (import #1)$" out
expect "GeoJSON: [lon, lat], each feature's line" [ "$(points "line || ' ' || lat || ' ' || lon")" = "4 55.756 37.617 6 55.756 37.617 " ]
expect "GeoJSON: time and timestamp" [ "$(points time)" = "1935-12-20T06:00:00Z 1935-12-20T08:50:11Z " ]
expect "GeoJSON: the accuracy is the radius" [ "$(points radius_m)" = "0.0 0.0 " ]
expect "GeoJSON: the check finds the contradiction" [ "$(check)" = 1 ]
expect "GeoJSON: the proof cites the feature's line" grep -q "fact 'watch:watch.geojson:6' (watch.geojson:6, sha256 [0-9a-f]\{12\}, source \[[0-9]*\] police)" out
fresh trace.case watch.geojson
sed 's/"timestamp": "1935-12-20T08:50:11Z", "accuracy": 0/"timestamp": "1935-12-20T08:50:11Z", "accuracy": 20000/' watch.geojson >wide.geojson
"$KJ" import trace.case watch wide.geojson >out 2>err
expect "GeoJSON: an accuracy of 20 km is the point's radius" [ "$(points radius_m)" = "0.0 20000.0 " ]
expect "GeoJSON: ... and no contradiction" [ "$(check)" = 0 ]
fresh trace.case
printf '{"type": "FeatureCollection", "features": [\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": [150.5, 10.25]}, "properties": {"time": "1935-12-20T06:00:00Z"}},\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": [10.25, 150.5]}, "properties": {"time": "1935-12-20T06:00:00Z"}}\n]}\n' >order.geojson
"$KJ" import trace.case watch order.geojson --max-errors 5 >out 2>err
expect "GeoJSON: [lon, lat]: longitude first" [ "$(points "lat || ' ' || lon")" = "10.25 150.5 " ]
expect "GeoJSON: [lon, lat]: a latitude of 150 is out of range" grep -q "^order.geojson:3:1: error: bad latitude '150.5'" err
expect "GeoJSON: no accuracy: the trace's radius" [ "$(points radius_m)" = "1000.0 " ]
# JSON numbers with exponents: read where they are decimals, a huge one refused
fresh trace.case
printf '{"type": "FeatureCollection", "features": [\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1e-5, 55.7]}, "properties": {"time": "1935-12-20T06:00:00Z", "accuracy": 1e300}},\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1e-5, 55.7]}, "properties": {"time": "1935-12-20T06:00:00Z", "accuracy": 1.5e3}}\n]}\n' >num.geojson
"$KJ" import trace.case watch num.geojson --max-errors 5 >out 2>err
expect "GeoJSON: 1.5e3 and 1e-5 read" [ "$(points "lon || ' ' || radius_m")" = "1.0e-05 1500.0 " ]
expect "GeoJSON: an accuracy of 1e300 refused, not cut short" grep -q "^num.geojson:2:1: error: bad accuracy '1e+300'" err
# one Feature, a byte order mark, whole-number coordinates
fresh trace.case
printf '\357\273\277{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37, 55]}, "properties": {"DateTime": "1935-12-20T06:00:00Z", "Radius": 12.5}}\n' >one.json
"$KJ" import trace.case watch one.json >out 2>err
expect "GeoJSON: a single Feature with a byte order mark" [ "$(points "line || ' ' || lat || ' ' || lon || ' ' || radius_m")" = "1 55.0 37.0 12.5 " ]
# bad features: the feature's number, file:line:col, and a GeoJSON rejects file
fresh trace.case
printf '{"type": "FeatureCollection", "features": [\n  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"time": "1935-12-20T06:00:00Z"}},\n  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[37.6, 55.7], [10.7, 59.9]]}, "properties": {"time": "1935-12-20T06:00:00Z"}},\n  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"name": "no time"}},\n  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"time": 1710450000}},\n  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"time": "1935-12-20T06:00:00Z", "accuracy_ft": 30}}\n]}\n' >bad.geojson
"$KJ" import trace.case watch bad.geojson --max-errors 10 >out 2>err
expect "GeoJSON: another geometry is a bad row, by number and place" \
    grep -q "^bad.geojson:3:3: error: feature 2 is a LineString, not a Point: only points are read into a trace" err
expect "GeoJSON: a feature without a time" grep -q "^bad.geojson:4:3: error: feature 3 has no time in its properties" err
expect "GeoJSON: a number is not guessed to be a Unix time" grep -q "^bad.geojson:5:3: error: feature 4: its time 'time' is not a string" err
expect "GeoJSON: an accuracy in feet is refused" grep -q "^bad.geojson:6:3: error: feature 5: its accuracy 'accuracy_ft' is not in metres" err
expect "GeoJSON: the good feature stored" [ "$(points line)" = "2 " ]
{ printf '{"type": "FeatureCollection", "features": [\n'; sed -n '3p;4p;5p;6p' bad.geojson | sed 's/^  //; s/,$//' | sed '$!s/$/,/'; printf ']}\n'; } >want
expect "GeoJSON: the rejects file is a FeatureCollection of the bad features as they were" cmp -s want bad.rejects.geojson
expect "GeoJSON: the rejects file is JSON" python3 -c "import json,sys; json.load(open('bad.rejects.geojson'))"
# a "crs" other than CRS84: its coordinates are not [lon, lat] degrees
for crs in urn:ogc:def:crs:EPSG::4326 EPSG:3857; do
    fresh trace.case
    printf '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "%s"}},\n "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [55.7, 37.6]}, "properties": {"time": "1935-12-20T06:00:00Z"}}]}\n' "$crs" >crs.geojson
    "$KJ" import trace.case watch crs.geojson >out 2>err
    expect "GeoJSON crs $crs: exit 2" [ $? -eq 2 ]
    expect "GeoJSON crs $crs: refused at the file's start" grep -q "^crs.geojson:1:1: error: the GeoJSON has a \"crs\" other than CRS84 ('$crs')" err
    expect "GeoJSON crs $crs: nothing stored" [ ! -e trace.kjdb ]
done
printf '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},\n "features": [\n{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"time": "1935-12-20T06:00:00Z"}},\n{"type": "Feature", "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}, "geometry": {"type": "Point", "coordinates": [55.7, 37.6]}, "properties": {"time": "1935-12-20T06:00:00Z"}}]}\n' >crs.geojson
"$KJ" import trace.case watch crs.geojson --max-errors 1 >out 2>err
expect "GeoJSON crs CRS84: read; a feature's own crs: a bad row" grep -q "^crs.geojson:4:1: error: feature 2 has a \"crs\" other than CRS84 ('EPSG:4326')" err
expect "GeoJSON crs CRS84: the feature stored" [ "$(points lat,lon)" = "55.7|37.6 " ]
# a minified file: each feature's column
fresh trace.case
awk 'BEGIN { printf "{\"type\":\"FeatureCollection\",\"features\":["; for (i = 0; i < 100; i++) printf "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[37.6,55.7]},\"properties\":{\"time\":\"1935-12-20T06:%02d:00Z\"}},", i % 60; printf "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}]}\n" }' >min.geojson
col=$(awk '{ print index($0, "{\"type\":\"Feature\",\"geometry\":null") }' min.geojson)
"$KJ" import trace.case watch min.geojson --max-errors 10 >out 2>err
expect "GeoJSON on one line: the bad feature's column" grep -q "^min.geojson:1:$col: error: feature 101 has no geometry" err
expect "GeoJSON on one line: the others stored" [ "$(points "count(*)")" = "100 " ]
# a file that is not GeoJSON: file:line:col, exit 2, nothing stored
fresh trace.case
printf '{"type": "FeatureCollection", "features": [\n  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]} "properties": {}}\n]}\n' >broken.geojson
"$KJ" import trace.case watch broken.geojson >out 2>err
expect "malformed JSON: exit 2" [ $? -eq 2 ]
expect "malformed JSON: file:line:col" grep -q "^broken.geojson:2:[0-9]*: error: malformed JSON: '}' expected near '\"properties\"'" err
expect "malformed JSON: the line" grep -q '^    2 |   {"type": "Feature"' err
expect "malformed JSON: nothing stored" [ ! -e trace.kjdb ]
printf '{"type": "Feature", "type": "Feature", "geometry": null}\n' >dup.geojson
"$KJ" import trace.case watch dup.geojson >out 2>err
expect "a key twice: refused, never one of them chosen" grep -q "^dup.geojson:1:[0-9]*: error: malformed JSON: duplicate object key" err
printf '{"type": "FeatureCollection", "feat\\u0075res": [{"type": "Feature", "geometry": null}]}\n' >escaped.geojson
"$KJ" import trace.case watch escaped.geojson >out 2>err
expect "a features key written with escapes: refused, never cited at a wrong line" \
    grep -q "^escaped.geojson:1:1: error: cannot find where each of the 1 features begins in the text" err
printf '{"type": "Point", "coordinates": [37.6, 55.7]}\n' >bare.geojson
"$KJ" import trace.case watch bare.geojson >out 2>err
expect "a bare geometry: refused" grep -q "^bare.geojson:1:1: error: the GeoJSON is a 'Point', not a FeatureCollection or a Feature" err
expect "a bare geometry: nothing stored" [ ! -e trace.kjdb ]

echo "formats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
