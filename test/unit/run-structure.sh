#!/usr/bin/env bash
# Structure rules of src/ that review would otherwise have to catch:
#  - no function over 80 lines (C: from the '{' at column 0 to the '}' at
#    column 0; SQL: from CREATE FUNCTION/PROCEDURE to the end of its body)
#  - no C file over 900 lines (one responsibility a file; split at a seam
#    as s3_*.c, event_scan*.c and fdw_prune*.c are)
#  - the core (src/core) includes no PostgreSQL header
#  - a file with SQL functions includes pg_compat.h, whose PG_FUNCTION_INFO_V1
#    exports them on 15 as on 16+ (the module is built -fvisibility=hidden)
#  - the sources (source*.c, file_walker.c, s3_*.c) sit below the scan and the FDW: they
#    include neither iotatrail.h (the index of the layers above) nor a
#    header of event_scan or fdw_*, and source.h includes no postgres.h
set -euo pipefail
cd "$(dirname "$0")/../.."
limit=80
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

big=$(wc -l src/*.c src/core/*.c | awk '$2 != "total" && $1 > 900 { print $2 ": " $1 " lines" }')
if [ -n "$big" ]; then
	echo "C files over 900 lines: $big"
	bad=1
else
	echo "ok   no C file in src/ is over 900 lines"
fi

pg=$(grep -lE '#include +[<"](postgres|postgres_fe|c|fmgr|miscadmin|funcapi)\.h[">]|#include +[<"](utils|lib|nodes|access|catalog|executor|storage|common|foreign|commands|optimizer|parser|port|libpq|mb)/' src/core/*.[ch] || true)
if [ -n "$pg" ]; then
	echo "the core includes PostgreSQL headers: $pg"
	bad=1
else
	echo "ok   src/core includes no PostgreSQL header"
fi
hidden=$(for f in $(grep -l 'PG_FUNCTION_INFO_V1' src/*.c); do grep -q '#include "pg_compat.h"' "$f" || echo "$f"; done)
if [ -n "$hidden" ]; then
	echo "SQL functions that 15 would not export (include pg_compat.h): $hidden"
	bad=1
else
	echo "ok   every file with SQL functions includes pg_compat.h"
fi
up=$(grep -lE '#include "(iotatrail|event_scan_int)\.h"' src/source*.c src/file_walker.c src/s3_*.c src/s3*.h src/source.h || true)
if [ -n "$up" ] || grep -q '#include "postgres.h"' src/source.h; then
	echo "a source reaches up to the scan or the FDW: $up"
	bad=1
else
	echo "ok   the sources include nothing of the scan or the FDW above them"
fi
exit $bad
