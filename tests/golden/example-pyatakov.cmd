check examples/moscow-1937/pyatakov.case
