# issue 25.6: check --brief, a line per conflict (file:line:col: kind: summary (margin)) and nothing else
check --brief examples/moscow-1937/pyatakov.case
