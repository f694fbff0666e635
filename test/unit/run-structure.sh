#!/usr/bin/env bash
# Structure rules of src/ that review would otherwise have to catch:
#  - no function over 120 lines (C: from the '{' at column 0 to the '}' at
#    column 0; SQL: from CREATE FUNCTION/PROCEDURE to the end of its body)
#  - the core (src/core) includes no PostgreSQL header
set -euo pipefail
cd "$(dirname "$0")/../.."
limit=120
bad=0

long=$(for f in $(git ls-files 'src/*.c' 'src/**/*.c' 2>/dev/null || ls src/*.c src/core/*.c); do
	awk -v f="$f" -v limit=$limit '
		/^[A-Za-z_][A-Za-z0-9_]*\(/ { fname = $0; sub(/\(.*/, "", fname) }
		/^\{/ && fname != "" { start = NR; name = fname }
		/^\}/ && start { if (NR - start > limit) printf "%s: %s: %d lines\n", f, name, NR - start; start = 0 }
' "$f"
done
for f in src/*.sql; do
	awk -v f="$f" -v limit=$limit '
		/^CREATE (OR REPLACE )?(FUNCTION|PROCEDURE)/ { start = NR; name = $0 }
		start && (/^\$[A-Za-z_]*\$;$/ || /^LANGUAGE .*;$/) {
			if (NR - start > limit) printf "%s: %s: %d lines\n", f, name, NR - start; start = 0 }' "$f"
done)
if [ -n "$long" ]; then
	echo "functions over $limit lines:"
	echo "$long"
	bad=1
else
	echo "ok   no function in src/ is over $limit lines"
fi

pg=$(grep -lE '#include +[<"](postgres|postgres_fe|c|fmgr|miscadmin|funcapi)\.h[">]|#include +[<"](utils|lib|nodes|access|catalog|executor|storage|common|foreign|commands|optimizer|parser|port|libpq|mb)/' src/core/*.[ch] || true)
if [ -n "$pg" ]; then
	echo "the core includes PostgreSQL headers: $pg"
	bad=1
else
	echo "ok   src/core includes no PostgreSQL header"
fi
exit $bad
