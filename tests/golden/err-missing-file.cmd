check tests/golden/no-such-file.case
