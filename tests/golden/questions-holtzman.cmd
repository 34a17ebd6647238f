questions examples/moscow-1937/holtzman.case
