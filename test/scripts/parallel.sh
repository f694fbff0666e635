#!/usr/bin/env bash
# A parallel foreign scan gives exactly the rows of a plain one: workers
# claim whole files, none read twice or missed.  ANALYZE samples files and
# gets the row count close; the planner then uses it.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 400 >/dev/null
share_workdir
nfiles=$(find "$work/trail" -path '*/CloudTrail/*' -name '*.json.gz' | wc -l)
q "CREATE SERVER par_trail FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA par;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER par_trail INTO par
       OPTIONS (location '$work/trail/AWSLogs/')" >/dev/null
force="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;"
serial="SET max_parallel_workers_per_gather = 0;"
fingerprint="SELECT count(*) || ' ' || md5(string_agg(source_object || record_index || event_id, ',' ORDER BY source_object, record_index)) FROM par.events"

plan=$(q "$force EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, BUFFERS OFF) SELECT count(*) FROM par.events")
expect "forced: a parallel foreign scan with workers" "$plan" 'Workers Launched: [12].*Parallel Foreign Scan on events'
expect "  ... EXPLAIN counts every file once, workers' included" "$plan" "Files Read: $nfiles"
a=$(q "$force $fingerprint")
b=$(q "$serial $fingerprint")
c=$(q "SELECT count(*) || ' ' || md5(string_agg(source_object || record_index || event_id, ',' ORDER BY source_object, record_index)) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')")
expect "parallel rows = serial rows" "$a" "^$b$"
expect "  ... = read_events rows" "$a" "^$c$"
agg="SELECT string_agg(event_name || ':' || n, ',' ORDER BY event_name) FROM
     (SELECT event_name, count(*) AS n FROM par.events WHERE event_time >= '2024-05-03' GROUP BY 1) s"
a=$(q "$force $agg")
b=$(q "$serial $agg")
expect "parallel aggregate with pruning = serial" "$a" "^$b$"

# the planner's estimate before and after ANALYZE
truth=$(q "$serial SELECT count(*) FROM par.events")
q "ANALYZE par.events" >/dev/null
est=$(q "SELECT reltuples::bigint FROM pg_class WHERE oid = 'par.events'::regclass")
ratio=$(echo "scale=2; $est / $truth" | bc)
expect "ANALYZE: reltuples within 25% of the true count ($est for $truth)" \
	"$(echo "$ratio >= 0.75 && $ratio <= 1.25" | bc)" '^1$'
out=$(q "SELECT count(*) FROM pg_stats WHERE schemaname = 'par' AND tablename = 'events' AND attname IN ('event_name', 'aws_region', 'event_time')")
expect "  ... and column statistics" "$out" '^3$'
plan=$(q "EXPLAIN SELECT * FROM par.events")
rows=$(printf '%s' "$plan" | grep -o 'rows=[0-9]*' | head -1 | cut -d= -f2)
expect "  ... which the planner uses ($rows rows)" "$rows" "^$est$"
# fewer sample rows than files: the files are a reservoir sample of the walk
out=$(q "SET default_statistics_target = 1; ANALYZE VERBOSE par.events")
read_files=$(printf '%s' "$out" | sed -n 's/.*": read \([0-9]*\) of \([0-9]*\) log files.*/\1 \2/p')
expect "ANALYZE, 300 sample rows: at most 300 of the $nfiles files read, all counted ($read_files)" \
	"$(echo "$read_files" | awk -v n="$nfiles" '$1 > 0 && $1 <= 300 && $2 == n { print "ok" }')" '^ok$'
est=$(q "SELECT reltuples::bigint FROM pg_class WHERE oid = 'par.events'::regclass")
ratio=$(echo "scale=2; $est / $truth" | bc)
expect "  ... reltuples still within 25% of the true count ($est for $truth)" \
	"$(echo "$ratio >= 0.75 && $ratio <= 1.25" | bc)" '^1$'
out=$(q "SELECT count(*) FROM pg_stats WHERE schemaname = 'par' AND tablename = 'events' AND attname IN ('event_name', 'aws_region', 'event_time')")
expect "  ... and column statistics" "$out" '^3$'

# an inheritance parent: ANALYZE asks every child for its sampler before
# sampling any; each child samples its own files
q "CREATE TABLE par.parent (recipient_account_id text, event_name text);
   CREATE FOREIGN TABLE par.acct1 () INHERITS (par.parent) SERVER par_trail
       OPTIONS (location '$work/trail/AWSLogs/111111111111/');
   CREATE FOREIGN TABLE par.acct2 () INHERITS (par.parent) SERVER par_trail
       OPTIONS (location '$work/trail/AWSLogs/222222222222/');
   ANALYZE par.parent" >/dev/null
out=$(q "SELECT array_to_string(most_common_vals::text::text[], ',') FROM pg_stats
         WHERE schemaname = 'par' AND tablename = 'parent' AND attname = 'recipient_account_id' AND inherited")
expect "ANALYZE of an inheritance parent: both children's accounts in its statistics" "$out" '^(111111111111,222222222222|222222222222,111111111111)$'
q "DROP SCHEMA par CASCADE; DROP SERVER par_trail" >/dev/null 2>&1
finish
