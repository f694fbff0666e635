# Helpers for the scripted tests; sourced. PG* variables point at the cluster.
work=/tmp/iotatrail_scripted
failures=0

# psql with no rc file, unaligned, tuples only; stderr folded into stdout
q() {
	psql -X -q -A -t -v ON_ERROR_STOP=0 -c "SET timezone='UTC'" -c "$1" 2>&1
}

# expect NAME ACTUAL PATTERN: ACTUAL must match the extended regex PATTERN
# (one line: grep would take each line of a pattern as an alternative)
expect() {
	if [[ "$3" == *$'\n'* ]]; then
		echo "  FAIL $1"
		echo "       the pattern has a line break; compare one-line values"
		failures=$((failures + 1))
	elif printf '%s' "$2" | grep -Ezq -- "$3"; then
		echo "  ok   $1"
	else
		echo "  FAIL $1"
		echo "       got:  $(printf '%s' "$2" | head -c 600)"
		echo "       want: /$3/"
		failures=$((failures + 1))
	fi
}

# same_over_wheres NAME WHERES QUERY_A QUERY_B: for every line of WHERES,
# "QUERY_A WHERE line" and "QUERY_B WHERE line" must give the same answer
same_over_wheres() {
	local name=$1 wheres=$2 qa=$3 qb=$4 where a b mismatch=0 n=0
	while IFS= read -r where; do
		a=$(q "$qa WHERE $where")
		b=$(q "$qb WHERE $where")
		n=$((n + 1))
		if [ "$a" != "$b" ]; then
			mismatch=$((mismatch + 1))
			echo "       differs for: $where ($a versus $b)"
		fi
	done <<< "$wheres"
	expect "$name over $n random WHEREs" "$mismatch" '^0$'
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
