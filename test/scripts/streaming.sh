#!/usr/bin/env bash
# read_events streams: a cursor's first row comes before the scan has read
# the location to its end, nothing is spilled to a temporary file, backend
# memory stays flat over the whole result, and errors and on_error 'skip'
# behave as they did when the rows were collected first.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
mkdir -p "$work/trail" "$work/broken/a" "$work/broken/z" "$work/skip/a" "$work/skip/z"
python3 test/make_trail.py files "$work/trail" 200 1000          # 200,000 events
python3 test/make_trail.py files "$work/broken/a" 2 500
python3 test/make_trail.py bad "$work/bad"
# the last file of a location is broken: only a scan that reaches it fails
cp "$work/bad/corrupt.json.gz" "$work/broken/z/corrupt.json.gz"
python3 test/make_trail.py files "$work/skip/a" 2 500
cp "$work/bad/corrupt.json.gz" "$work/skip/z/corrupt.json.gz"
share_workdir
loc="$work/trail"

# psql with timing, one session, every statement's output
session() {
	psql -X -q -A -t -v ON_ERROR_STOP=0 -c "SET timezone = 'UTC'" -f - 2>&1
}

# the first row while the rest is unread: the last file is broken, yet FETCH 1
# answers (a function that collects its rows first fails before the first)
out=$(session <<SQL
BEGIN;
DECLARE c CURSOR FOR SELECT event_name, record_index FROM iotatrail.read_events('$work/broken', event_source => '*');
FETCH 1 FROM c;
FETCH 999 FROM c \g /dev/null
SELECT 'after 1000 rows';
FETCH 10 FROM c;
ROLLBACK;
SQL
)
expect "FETCH 1 answers before the scan reaches a broken last file" "$out" '^[A-Za-z]+\|0'
expect "  ... 1000 rows of the good files come" "$out" 'after 1000 rows'
expect "  ... and the broken file fails the fetch that reaches it" "$out" 'ERROR:  invalid gzip data.*CONTEXT:  log file "[^"]*corrupt\.json\.gz"'

# the same through the foreign table's path: unchanged (reference)
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/broken', event_source => '*')")
expect "a whole scan of it fails as before" "$out" 'ERROR:  invalid gzip data.DETAIL.*CONTEXT:  log file "[^"]*corrupt\.json\.gz", record [0-9]+, byte offset [0-9]+'

# on_error 'skip': the rows, one WARNING at the end, last_scan_skipped
# (the corrupt file gives 5 records before its broken part)
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/skip', event_source => '*', on_error => 'skip');
         SELECT * FROM iotatrail.last_scan_skipped()")
expect "on_error 'skip' gives the rows and one WARNING" "$out" '^WARNING:  skipped 1 unreadable file while.*1005'
expect "  ... and last_scan_skipped says what" "$out" '1005.0\|1$'
# a scan stopped early (LIMIT) reports what it skipped so far: nothing here
out=$(q "SELECT count(*) FROM (SELECT * FROM iotatrail.read_events('$work/skip', event_source => '*', on_error => 'skip') LIMIT 10) s")
expect "a LIMIT stops the scan early, without a WARNING" "$out" '^10$'
# early end in the middle of a file, then a new scan in the same session
out=$(q "SELECT (SELECT count(*) FROM (SELECT 1 FROM iotatrail.read_events('$loc', event_source => '*') LIMIT 5) s),
                (SELECT count(*) FROM iotatrail.read_events('$work/skip/a', event_source => '*'))")
expect "a scan stopped early leaves the next one whole" "$out" '^5\|1000$'

# a cursor over 200,000 events: the time of FETCH 1 and of the whole scan,
# temporary files while it is open, memory after 1 row and after all
out=$(session <<SQL
\timing on
SELECT count(*) FROM iotatrail.read_events('$loc', event_source => '*');
\timing off
BEGIN;
DECLARE c CURSOR FOR SELECT * FROM iotatrail.read_events('$loc', event_source => '*');
\timing on
FETCH 1 FROM c \g /dev/null
\timing off
SELECT 'temp files: ' || count(*) || ' ' || coalesce(sum(size), 0) FROM pg_ls_tmpdir();
SELECT 'memory after 1 row: ' || sum(total_bytes) FROM pg_backend_memory_contexts;
FETCH 100000 FROM c \g /dev/null
SELECT 'memory after 100001 rows: ' || sum(total_bytes) FROM pg_backend_memory_contexts;
SELECT 'temp files later: ' || count(*) FROM pg_ls_tmpdir();
FETCH ALL FROM c \g /dev/null
SELECT 'memory at the end: ' || sum(total_bytes) FROM pg_backend_memory_contexts;
CLOSE c;
COMMIT;
SQL
)
times=($(printf '%s\n' "$out" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p'))
all_ms=${times[0]:-0}
first_ms=${times[1]:-0}
m1=$(printf '%s\n' "$out" | sed -nE 's/^memory after 1 row: ([0-9]+)$/\1/p')
m2=$(printf '%s\n' "$out" | sed -nE 's/^memory after 100001 rows: ([0-9]+)$/\1/p')
m3=$(printf '%s\n' "$out" | sed -nE 's/^memory at the end: ([0-9]+)$/\1/p')
echo "  200,000 events: whole scan ${all_ms} ms, FETCH 1 of a cursor ${first_ms} ms; backend memory ${m1} / ${m2} / ${m3} bytes after 1 / 100001 / all rows; $(printf '%s\n' "$out" | grep '^temp files: ') (count, bytes) after 1 row"
expect "the whole scan counted 200000 events" "$out" '(^|[^0-9])200000($|[^0-9])'
expect "FETCH 1 takes under a tenth of the whole scan" \
	"$(echo "$first_ms * 10 < $all_ms" | bc)" '^1$'
expect "no temporary file while the cursor is open" "$out" 'temp files: 0 0'
expect "  ... nor after 100001 rows" "$out" 'temp files later: 0'
if [[ "$m1" =~ ^[0-9]+$ && "$m2" =~ ^[0-9]+$ && "$m3" =~ ^[0-9]+$ ]]; then
	expect "memory after 100001 rows within 2 MB of after 1 row" "$(( m2 - m1 < 2097152 ))" '^1$'
	expect "  ... and at the end" "$(( m3 - m1 < 2097152 ))" '^1$'
else
	expect "memory measured" "$m1 $m2 $m3" '^[0-9]+ [0-9]+ [0-9]+$'
fi

# read_events is inlined: the plan streams (ProjectSet), no Function Scan
out=$(q "EXPLAIN (COSTS OFF) SELECT * FROM iotatrail.read_events('$loc')")
expect "read_events is inlined into the query" "$out" 'ProjectSet'
expect "  ... not a Function Scan, whose rows are collected first" "$(printf '%s' "$out" | grep -c 'Function Scan')" '^0$'
finish
