# --check lists the files that would change (stdout), exit 1
fmt --check tests/fmt/comments-everywhere.case examples/moscow-1937/pyatakov.case
