check examples/control/lindbergh-1927.case
