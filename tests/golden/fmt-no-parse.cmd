# a file that does not parse: the errors as check gives them, exit 2, no output
fmt tests/golden/err-statements.case
