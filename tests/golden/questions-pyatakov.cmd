questions examples/moscow-1937/pyatakov.case
