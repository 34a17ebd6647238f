# --check: every file already in the layout, exit 0 and silent
fmt --check examples/moscow-1937/pyatakov.case examples/moscow-1937/holtzman.case examples/control/bleriot-1909.case
