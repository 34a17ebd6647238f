# issue 23.2: a BOM, CRLF line ends, tabs, a string with escapes and a ;
fmt tests/fmt/bom-crlf-tabs.case
