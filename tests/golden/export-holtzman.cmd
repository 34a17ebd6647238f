export --smt2 examples/moscow-1937/holtzman.case
