# --write replaces regular files only: a device is refused, exit 2
fmt --write /dev/null
