# an option that takes a value, given last without one: said so, not "unknown option"
report examples/moscow-1937/holtzman.case -o
