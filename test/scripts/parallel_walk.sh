#!/usr/bin/env bash
# One listing per parallel scan of local files (issue 34): one participant
# walks, all take files from its queue in shared memory.  The rows are the
# rows of a serial scan (same multiset: each file read once) with nested
# folders, long paths (more than the shared queue holds at once), a symbolic
# link loop and a second link to a folder, with the leader taking part or
# not, and while files appear during the scan.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 - "$work/w" <<'PY'
import gzip, json, os, sys
top = sys.argv[1]
n = 0
def put(folder, k):
    global n
    os.makedirs(folder, exist_ok=True)
    recs = [{"eventVersion": "1.08", "eventTime": "2024-05-01T10:%02d:%02dZ" % (n % 60, r),
             "eventSource": "iotanalytics.amazonaws.com", "eventName": "E%d" % (n % 7),
             "eventID": "00000000-0000-4000-8%03x-%012x" % (r, n), "awsRegion": "eu-west-1"} for r in range(k)]
    p = os.path.join(folder, "f%05d.json.gz" % n)
    open(p, "wb").write(gzip.compress(json.dumps({"Records": recs}).encode(), 1, mtime=0))
    n += 1
# nested day folders with files at several depths
for d in range(1, 7):
    for h in range(3):
        for i in range(12):
            put(os.path.join(top, "a", "2024", "05", "%02d" % d, "h%d" % h), 1 + i % 3)
    put(os.path.join(top, "a", "2024", "05", "%02d" % d), 2)
# long folder names: about 700-byte paths, 1000 files, more than the
# shared queue (512 kB) holds at once
long = "x" * 200
for g in range(10):
    for i in range(100):
        put(os.path.join(top, "b", long + "1", long + "2", long + "%d" % g), 1)
# a loop (a/loop -> its parent folder) and a second path to a day folder
os.symlink("..", os.path.join(top, "a", "2024", "loop"))
os.symlink(os.path.join(top, "a", "2024", "05", "03"), os.path.join(top, "c"))
PY
share_workdir
nfiles=$(find "$work/w" -type f -name '*.json.gz' | wc -l)
q "DROP SERVER IF EXISTS pw_srv CASCADE; CREATE SERVER pw_srv FOREIGN DATA WRAPPER iotatrail;
   CREATE FOREIGN TABLE pw_events (source_object text, record_index int, event_id uuid, event_name text)
       SERVER pw_srv OPTIONS (location '$work/w', event_source '*')" >/dev/null
# q without the walk's NOTICEs (the symbolic links': checked on their own)
qw() {
	q "SET client_min_messages = warning; $1"
}
force="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;"
serial="SET max_parallel_workers_per_gather = 0;"
# count and digest of the ordered rows: the same multiset or not
fingerprint="SELECT count(*) || ' ' || md5(string_agg(source_object || ':' || record_index || ':' || event_id, ',' ORDER BY source_object, record_index, event_id)) FROM pw_events"

s=$(qw "$serial $fingerprint")
expect "serial scan: rows from every file" "$s" '^[1-9][0-9]* [0-9a-f]{32}'
for lead in on off; do
	plan=$(q "$force SET parallel_leader_participation = $lead; EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, BUFFERS OFF) SELECT count(*) FROM pw_events")
	expect "leader participation $lead: a parallel scan with workers" "$plan" 'Workers Launched: [12].*Parallel Foreign Scan on pw_events'
	expect "  ... that reads each of the $nfiles files once" "$plan" "Files Read: $nfiles[^0-9]"
	p=$(qw "$force SET parallel_leader_participation = $lead; $fingerprint")
	expect "  ... the rows of the serial scan" "$p" "^$s$"
	# the loop's NOTICE, once, from whoever walks (a worker, without the leader)
	out=$(psql -X -q -A -t -c "$force" -c "SET parallel_leader_participation = $lead" -c "SELECT count(*) FROM pw_events" 2>&1)
	expect "  ... the symbolic link loop noticed once" "$(printf '%s\n' "$out" | grep -c 'skipped directory ".*/a/2024/loop"')" '^1$'
done
# a parallel rescan: the nested loop's inner side runs three times
out=$(qw "$force SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_material = off;
	SELECT count(*) FROM generate_series(1, 3) g, LATERAL (SELECT count(*) AS n FROM pw_events WHERE g > 0) s GROUP BY n")
expect "rescans: the same count each time" "$out" '^3$'

# files appear while the scan runs: each file is read at most once, and every
# file that was there before is read.  Each is written outside the walked
# tree and renamed into it, so it appears whole, as a delivered log file does.
mkdir -p "$work/staging"
(
	for i in $(seq 1 60); do
		d="$work/w/a/2024/05/0$((1 + i % 6))/new"
		mkdir -p "$d" 2>/dev/null
		printf '{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","eventSource":"x","eventName":"New","eventID":"00000000-0000-4000-9000-%012d"}]}' "$i" |
			gzip > "$work/staging/n$i.json.gz" && chmod a+r "$work/staging/n$i.json.gz" && chmod a+rx "$d" &&
			mv "$work/staging/n$i.json.gz" "$d/n$i.json.gz"
		sleep 0.02
	done
) &
writer=$!
dups=0
for r in 1 2 3; do
	out=$(qw "$force SELECT count(*) - count(DISTINCT (source_object, record_index)), count(*) FILTER (WHERE event_name <> 'New') FROM pw_events")
	want_old=$(printf '%s' "$s" | cut -d' ' -f1)
	expect "files appearing mid-scan (run $r): no row twice, every earlier row" "$out" "^0\|$want_old$"
done
wait $writer
p=$(qw "$force $fingerprint")
s=$(qw "$serial $fingerprint")
expect "after the writer: parallel rows = serial rows" "$p" "^$s$"
q "DROP SERVER pw_srv CASCADE" >/dev/null
finish
