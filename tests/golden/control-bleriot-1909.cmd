check examples/control/bleriot-1909.case
