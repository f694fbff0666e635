#!/usr/bin/env bash
# Backend memory stays flat whatever the file count or file size (peak RSS
# of the backend, VmHWM, for 1 file, 500 files and one large file), and a
# cancel (statement_timeout) stops a long scan promptly.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
mkdir -p "$work/one" "$work/many"
python3 test/make_trail.py files "$work/one" 1 200
python3 test/make_trail.py files "$work/many" 500 200
python3 test/make_trail.py big "$work/big.json.gz" 450000
share_workdir

# peak resident memory of a fresh backend after scanning a location
peak_kb() {
	psql -X -q -A -t <<SQL 2>&1 | tail -n 1
CREATE SERVER IF NOT EXISTS mem_srv FOREIGN DATA WRAPPER iotatrail;
DROP FOREIGN TABLE IF EXISTS mem_t;
CREATE FOREIGN TABLE mem_t (event_name text, event_time timestamptz, principal_arn text,
    source_ip inet, request_parameters jsonb, user_identity jsonb, record jsonb)
    SERVER mem_srv OPTIONS (location '$1', event_source '*');
SELECT count(*), sum(pg_column_size(record)) > 0 FROM mem_t WHERE event_name IS NOT NULL \g /dev/null
SELECT substring(pg_read_file('/proc/self/status') from 'VmHWM:\s+(\d+)');
SQL
}
one=$(peak_kb "$work/one")
many=$(peak_kb "$work/many")
big=$(peak_kb "$work/big.json.gz")
uncompressed=$(zcat "$work/big.json.gz" | wc -c)
echo "  peak backend RSS (VmHWM): 1 file ${one} kB, 500 files ${many} kB, one file of $((uncompressed / 1048576)) MB uncompressed ${big} kB"
expect "peak memory measured" "$one $many $big" '^[0-9]+ [0-9]+ [0-9]+$'
if [[ "$one" =~ ^[0-9]+$ && "$many" =~ ^[0-9]+$ && "$big" =~ ^[0-9]+$ ]]; then
	expect "500 files use at most 8 MB more than 1 file" "$(( many - one < 8192 ))" '^1$'
	expect "a large file uses at most 8 MB more than 1 file" "$(( big - one < 8192 ))" '^1$'
fi

# count of the many-file scan through the function equals the table's
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/many', event_source => '*')")
expect "500 files, 200 records each" "$out" '^100000$'

start=$(date +%s%N)
out=$(psql -X -q -A -t -c "SET statement_timeout = '300ms'" \
	-c "SELECT count(*) FROM iotatrail.read_events('$work/big.json.gz', event_source => '*')" 2>&1)
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "  statement_timeout 300ms: stopped after ${elapsed_ms} ms"
expect "statement_timeout cancels the scan" "$out" 'canceling statement due to statement timeout'
expect "cancel is prompt (under 2 s)" "$(( elapsed_ms < 2000 ))" '^1$'
finish
