# issue 20.1: --date-order takes dmy or mdy
import tests/golden/err-iso-offsets.case reg none.csv --date-order ymd
