questions --format json examples/moscow-1937/pyatakov.case
