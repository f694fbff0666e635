# Helpers for the scripted tests; sourced. PG* variables point at the cluster.
work=/tmp/iotatrail_scripted
failures=0

# psql with no rc file, unaligned, tuples only; stderr folded into stdout
q() {
	psql -X -q -A -t -v ON_ERROR_STOP=0 -c "SET timezone='UTC'" -c "$1" 2>&1
}

# expect NAME ACTUAL PATTERN: ACTUAL must match the extended regex PATTERN
expect() {
	if printf '%s' "$2" | grep -Ezq -- "$3"; then
		echo "  ok   $1"
	else
		echo "  FAIL $1"
		echo "       got:  $(printf '%s' "$2" | head -c 600)"
		echo "       want: /$3/"
		failures=$((failures + 1))
	fi
}

fresh_workdir() {
	rm -rf "$work"
	mkdir -p "$work"
}

# the server reads files as the postgres OS user
share_workdir() {
	chmod -R a+rX "$work"
}

finish() {
	[ "$failures" -eq 0 ]
}

psql -X -q -c "CREATE EXTENSION IF NOT EXISTS iotatrail" >/dev/null
