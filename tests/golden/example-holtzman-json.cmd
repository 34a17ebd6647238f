check --format json examples/moscow-1937/holtzman.case
