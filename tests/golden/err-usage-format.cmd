check --format yaml examples/moscow-1937/pyatakov.case
