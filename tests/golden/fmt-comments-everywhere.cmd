# issue 23.2: comments on every kind of line, claims and entries at column 1
fmt tests/fmt/comments-everywhere.case
