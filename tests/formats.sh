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
    [ "$sep" = , ] && want="time=time, lat=lat, lon=lon, accuracy=accuracy" || want="time=time, lat=lat, lon=lon, accuracy=accuracy; delimiter $(echo "$sep" | sed "s/^[;|]$/'&'/")"
    expect "separator $sep: part of the mapping" [ "$(sqlite3 trace.kjdb 'SELECT mapping FROM imports')" = "$want" ]
done

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
expect "--delimiter ';': the time column is 'time'" [ "$(sqlite3 air.kjdb 'SELECT mapping FROM imports')" = "time=time, note,when=ignore; delimiter ';'" ]
fresh air.case
printf 'time;note,when\n1935-12-18 12:00;a,1935-12-18 12:00\n' >amb.csv
"$KJ" import air.case landings amb.csv --delimiter , --map 'time;note=ignore' >out 2>err
expect "--delimiter , settles it the other way" [ "$(sqlite3 air.kjdb 'SELECT mapping FROM imports')" = "time;note=ignore, when=time" ]

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
    [ "$(sqlite3 trace.kjdb 'SELECT mapping FROM imports')" = "Timestamp=time, Latitude (deg)=lat, Longitude=lon, Accuracy_m=accuracy, Note=note; delimiter ';'" ]
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
    [ "$(sqlite3 trace.kjdb "SELECT mapping FROM imports WHERE file = 'dt.csv'")" = "date=time, time=clock, latitude=lat, long=lon, radius=accuracy" ]
expect "a date and a time column: read together" [ "$(sqlite3 trace.kjdb "SELECT time, t_lo FROM points WHERE radius_m = 5")" = "1935-12-20, 06:00|-1074016800" ]
printf 'time,lat,lon,accuracy_ft\n1935-12-20 06:00:00,55.756,37.617,3000\n' >ft.csv
"$KJ" import trace.case watch ft.csv >out 2>err
expect "an accuracy in feet: refused, never read as metres" grep -q "^ft.csv:1:14: error: column 'accuracy_ft' is an accuracy in 'ft': kjeller reads accuracies in metres only" err
"$KJ" import trace.case watch ft.csv --map accuracy_ft=ignore >out 2>err
expect "an accuracy in feet, mapped away: imported" grep -q "1 row imported" out
printf 'time,lat,latitude,lon\n1935-12-20 06:00:00,55.756,55.7,37.617\n' >two.csv
"$KJ" import trace.case watch two.csv >out 2>err
expect "two columns of one field by name: refused" grep -q "^two.csv:1:10: error: columns 'lat' and 'latitude' are both the lat" err
"$KJ" import trace.case watch two.csv --map latitude=lat >out 2>err
expect "--map wins over a column's name: imported" grep -q "1 row imported" out
expect "--map wins over a column's name: the mapped column read" [ "$(sqlite3 trace.kjdb "SELECT lat FROM points WHERE t_lo = -1074016800 AND lat = 55.7")" = 55.7 ]
expect "--map wins: the other column is ignored, and the mapping says so" \
    [ "$(sqlite3 trace.kjdb "SELECT mapping FROM imports WHERE file = 'two.csv'")" = "time=time, lat=ignore, latitude=lat, lon=lon" ]

echo "formats: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
