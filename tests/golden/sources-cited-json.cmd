# issue 25.3: the JSON names the sources the findings cite ("sources"), and each statement the number of the source it cites ("cites")
check --format json tests/golden/sources-cited.case
