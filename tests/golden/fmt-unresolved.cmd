# a file that parses but does not resolve is laid out: fmt reads no names
fmt tests/golden/err-unknown-name.case
