#!/usr/bin/env bash
# iotatrail.sync: a trail copied into a partitioned table exactly once.
# First sync = the foreign table; a second sync loads nothing; a rewritten
# log file replaces its rows; a deleted one is reported and kept;
# create_views works over the stored table.  A sync killed or crashed
# between batches (3, 6) is t/020_sync_faults.pl, a TAP test: it shuts the
# server down.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
started=$SECONDS
fresh_workdir
trail=$work/trail/AWSLogs
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 40 >/dev/null
# one more file whose events fall in three other months, one without eventTime
/usr/bin/python3 - "$trail" <<'PY'
import gzip, json, os, sys, uuid
d = os.path.join(sys.argv[1], "111111111111/CloudTrail/us-east-1/2024/06/01")
os.makedirs(d, exist_ok=True)
recs = []
for i, t in enumerate(["2024-04-30T23:59:59Z", "2024-06-01T00:00:00Z", "2024-07-15T12:00:00Z", None]):
    r = {"eventVersion": "1.08", "eventSource": "iotanalytics.amazonaws.com", "eventName": "CreateChannel",
         "awsRegion": "us-east-1", "sourceIPAddress": "10.9.9.%d" % i, "userAgent": "aws-cli/2.15.30",
         "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/edge", "accountId": "111111111111"},
         "requestParameters": {"channelName": "edge_%d" % i}, "responseElements": None,
         "requestID": str(uuid.UUID(int=1000 + i)), "eventID": str(uuid.UUID(int=2000 + i)),
         "eventType": "AwsApiCall", "recipientAccountId": "111111111111"}
    if t:
        r["eventTime"] = t
    recs.append(r)
with open(os.path.join(d, "111111111111_CloudTrail_us-east-1_20240601T0005Z_edge.json.gz"), "wb") as fh:
    fh.write(gzip.compress(json.dumps({"Records": recs}).encode(), mtime=0))
PY
mkdir -p "$work/empty"
share_workdir

# q, but a failing statement does not end the script (set -e)
sq() { q "$1" || true; }

sq "CREATE SERVER sync_trail FOREIGN DATA WRAPPER iotatrail;
    CREATE SCHEMA sy;
    IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events, create_channel, resource_activity)
        FROM SERVER sync_trail INTO sy OPTIONS (location '$trail/');
    CREATE FOREIGN TABLE sy.nothing (event_time timestamptz) SERVER sync_trail
        OPTIONS (location '$work/empty/')" >/dev/null

n=$(sq "SELECT count(*) FROM sy.events")
nobj=$(sq "SELECT count(*) FROM iotatrail.list_objects('$trail/')")
echo "  trail: $nobj log files, $n IoT Analytics events"
# fingerprint of a table's rows
fp() { sq "SELECT count(*) || ' ' || coalesce(sum(hashtext(event_id::text || source_object || record_index)), 0) FROM $1"; }
# (count, duplicates, rows of the foreign table missing, rows not in it) of a table
agree() {
	sq "SELECT (SELECT count(*) FROM $1)
	       || ' ' || (SELECT count(*) FROM (SELECT FROM $1 GROUP BY event_id, source_object, record_index
	                                        HAVING count(*) > 1) d)
	       || ' ' || (SELECT count(*) FROM (SELECT source_object, record_index, event_id FROM sy.events
	                                        EXCEPT SELECT source_object, record_index, event_id FROM $1) a)
	       || ' ' || (SELECT count(*) FROM (SELECT source_object, record_index, event_id FROM $1
	                                        EXCEPT SELECT source_object, record_index, event_id FROM sy.events) b)"
}
manifest() {
	sq "SELECT count(*) || ' ' || coalesce(sum(records_loaded), 0)
	    FROM iotatrail.sync_manifest WHERE target = '$1'::regclass"
}

echo "-- refusals"
out=$(sq "CALL iotatrail.sync('sy.nothing_there', 'sy.store')")
expect "unknown source" "$out" 'relation "sy.nothing_there" does not exist'
sq "CREATE TABLE sy.plain (a int)" >/dev/null
out=$(sq "CALL iotatrail.sync('sy.plain', 'sy.store')")
expect "a source that is not a foreign table" "$out" 'ERROR:  "sy.plain" is not a foreign table.*HINT:  The source of iotatrail.sync is a foreign table'
out=$(sq "BEGIN; CALL iotatrail.sync('sy.events', 'sy.store'); COMMIT")
expect "inside a transaction block: an error with a hint" "$out" \
	'ERROR:  iotatrail.sync cannot run inside a transaction block.*HINT:  CALL it on its own'
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store'); SELECT 1")
expect "  ... in a query string of several statements (an implicit block)" "$out" \
	'ERROR:  iotatrail.sync cannot run inside a transaction block'
out=$(sq "CREATE FUNCTION sy.sync_from_function() RETURNS void LANGUAGE plpgsql
              AS \$\$ BEGIN CALL iotatrail.sync('sy.events', 'sy.store'); END \$\$;
          SELECT sy.sync_from_function()")
expect "  ... from a function" "$out" 'ERROR:  iotatrail.sync cannot run inside a transaction block'
# a CALL in an exception block runs in a subtransaction: COMMIT would fail
# after the listing, with the lock taken
out=$(sq "DO \$\$ BEGIN CALL iotatrail.sync('sy.events', 'sy.store');
          EXCEPTION WHEN division_by_zero THEN NULL; END \$\$")
expect "  ... inside an exception block" "$out" 'ERROR:  iotatrail.sync cannot run inside a transaction block'
out=$(sq "SELECT to_regclass('sy.store') IS NULL")
expect "  ... and nothing created" "$out" '^t$'
out=$(sq "DO \$\$ BEGIN CALL iotatrail.sync('sy.events', 'sy.from_do', 1000); END \$\$;")
expect "a DO block on its own may call it (not atomic)" "$out" "NOTICE:  synced $nobj objects"
sq "DELETE FROM iotatrail.sync_manifest WHERE target = 'sy.from_do'::regclass;
    DELETE FROM iotatrail.sync_runs WHERE target = 'sy.from_do'::regclass; DROP TABLE sy.from_do" >/dev/null

echo "-- 1. first sync"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store', 7)")
expect "a NOTICE per batch" "$out" "NOTICE:  batch 1: 7 objects, [0-9]+ records, [0-9]+ bytes \(7 of $nobj objects\)"
expect "  ... up to the last one" "$out" "NOTICE:  batch 6: [0-9] objects, [0-9]+ records, [0-9]+ bytes \($nobj of $nobj objects\)"
expect "a NOTICE summary" "$out" "NOTICE:  synced $nobj objects \($nobj new, 0 changed\), $n records"
expect "first sync loads count(*) of the foreign table (count dups missing extra)" "$(agree sy.store)" "^$n 0 0 0$"
expect "manifest: one row per object, records_loaded sum to the count" "$(manifest sy.store)" "^$nobj $n$"
out=$(sq "SELECT (SELECT string_agg(format('%s %s', attname, format_type(atttypid, atttypmod)), ',' ORDER BY attnum)
                  FROM pg_attribute WHERE attrelid = 'sy.store'::regclass AND attnum > 0 AND NOT attisdropped)
              = (SELECT string_agg(format('%s %s', CASE attname WHEN 'record' THEN 'record_rest' ELSE attname END,
                                          format_type(atttypid, atttypmod)), ',' ORDER BY attnum)
                  FROM pg_attribute WHERE attrelid = 'iotatrail.event'::regclass AND attnum > 0 AND NOT attisdropped)")
expect "the table has the columns of iotatrail.event, in order, record_rest for record (the stored shape)" "$out" '^t$'
out=$(sq "SELECT count(*) FILTER (WHERE iotatrail.stored_record(s) IS DISTINCT FROM e.record) || ' ' || count(*)
          FROM sy.store s JOIN iotatrail.read_events('$trail/') e USING (source_object, record_index)")
expect "  ... stored_record(row) = the record read_events reads, for every row" "$out" "^0 $n$"
out=$(sq "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sy.store'::regclass")
expect "monthly partitions made on demand, and a default one" "$out" \
	'^store_default,store_y2024m04,store_y2024m05,store_y2024m06,store_y2024m07$'
out=$(sq "SELECT string_agg(tableoid::regclass || ' ' || coalesce(event_time::text, '-'), ', ' ORDER BY record_index)
          FROM sy.store WHERE source_object LIKE '%_edge.json.gz'")
expect "  ... rows in the month of their UTC time, NULL times in default" "$out" \
	'^sy.store_y2024m04 2024-04-30 23:59:59\+00, sy.store_y2024m06 2024-06-01 00:00:00\+00, sy.store_y2024m07 2024-07-15 12:00:00\+00, sy.store_default -$'
out=$(sq "SELECT string_agg(regexp_replace(pg_get_indexdef(indexrelid), '^.* USING (btree |gin)', '\\1'), '; '
                            ORDER BY pg_get_indexdef(indexrelid) LIKE '%UNIQUE%', pg_get_indexdef(indexrelid))
          FROM pg_index WHERE indrelid = 'sy.store'::regclass")
expect "indexes on event_time, (event_name, event_time), GIN resource_arns, and unique (source_object, record_index, event_time)" "$out" \
	'^btree \(event_name, event_time\); btree \(event_time\); gin \(resource_arns\); btree \(source_object, record_index, event_time\) NULLS NOT DISTINCT$'
out=$(sq "SELECT indisunique FROM pg_index WHERE indrelid = 'sy.store'::regclass AND indnatts = 3")
expect "  ... the last one unique" "$out" '^t$'
out=$(sq "SELECT state, objects_total, objects_done, records_loaded, bytes_done = bytes_total, finished_at IS NOT NULL
          FROM iotatrail.sync_runs ORDER BY run_id DESC LIMIT 1")
expect "sync_runs: the run is done, with its totals" "$out" "^done\|$nobj\|$nobj\|$n\|t\|t$"

echo "-- forgetting a file reloads it, replacing its rows"
for table in sy.store sy.plain_target; do
	[ "$table" = sy.plain_target ] && {
		sq "CREATE TABLE sy.plain_target (LIKE iotatrail.event)" >/dev/null
		sq "CALL iotatrail.sync('sy.events', 'sy.plain_target')" >/dev/null
	}
	obj=$(sq "SELECT object FROM iotatrail.sync_manifest WHERE target = '$table'::regclass AND records_loaded > 0 ORDER BY object LIMIT 1")
	sq "DELETE FROM iotatrail.sync_manifest WHERE target = '$table'::regclass AND object = '$obj'" >/dev/null
	out=$(sq "CALL iotatrail.sync('sy.events', '$table')")
	expect "$table: the forgotten file is loaded again" "$out" 'synced 1 objects \(1 new, 0 changed\)'
	expect "  ... its old rows replaced, not doubled (count dups missing extra)" "$(agree $table)" "^$n 0 0 0$"
	out=$(sq "CALL iotatrail.sync('sy.events', '$table')")
	expect "  ... and the next sync is clean" "$out" 'synced 0 objects'
done
sq "DROP TABLE sy.plain_target" >/dev/null

echo "-- 2. second sync"
before=$(fp sy.store)
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "second sync loads nothing" "$out" "NOTICE:  synced 0 objects \(0 new, 0 changed\), 0 records, 0 bytes"
expect "  ... and no batch" "$(printf '%s' "$out" | grep -c 'NOTICE:  batch' || true)" '^0$'
expect "  ... the table is unchanged (count, checksum)" "$(fp sy.store)" "^$before$"
expect "  ... the manifest too" "$(manifest sy.store)" "^$nobj $n$"

echo "-- 7. create_views over the stored table"
sq "CREATE SCHEMA somesch" >/dev/null
out=$(sq "SELECT count(*) FROM iotatrail.create_views('somesch', 'sy.store')")
expect "create_views('somesch', sy.store) makes the views" "$out" '^31$'
vfp="count(*) || ' ' || md5(coalesce(string_agg(v::text, ',' ORDER BY v::text), ''))"
a=$(sq "SELECT $vfp FROM sy.create_channel v")
b=$(sq "SELECT $vfp FROM somesch.create_channel v")
expect "somesch.create_channel = sy.create_channel over the foreign table" "$b" "^[1-9][0-9]* [0-9a-f]{32}$"
expect "  ... same rows" "$([ "$a" = "$b" ] && echo same || echo "differs: $a / $b")" '^same$'
a=$(sq "SELECT $vfp FROM sy.resource_activity v")
b=$(sq "SELECT $vfp FROM somesch.resource_activity v")
expect "somesch.resource_activity = sy.resource_activity" "$([ "$a" = "$b" ] && echo same || echo "differs: $a / $b")" '^same$'

echo "-- 4. a log file rewritten with more records"
obj=$(sq "SELECT object FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass
          AND records_loaded > 0 AND object NOT LIKE '%_edge.json.gz' ORDER BY object LIMIT 1")
old=$(sq "SELECT count(*) FROM sy.store WHERE source_object = '$obj'")
total=$(sq "SELECT count(*) FROM sy.store")
/usr/bin/python3 - "$obj" <<'PY'
import gzip, json, sys, uuid
path = sys.argv[1]
recs = json.loads(gzip.decompress(open(path, "rb").read()))["Records"]
iot = [r for r in recs if r["eventSource"] == "iotanalytics.amazonaws.com"]
for k in range(2):
    r = dict(iot[0])
    r["eventID"] = str(uuid.UUID(int=3000 + k))
    r["requestID"] = str(uuid.UUID(int=4000 + k))
    recs.append(r)
with open(path, "wb") as fh:
    fh.write(gzip.compress(json.dumps({"Records": recs}).encode(), mtime=0))
PY
chmod a+r "$obj"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "the rewritten object is loaded again" "$out" "NOTICE:  synced 1 objects \(0 new, 1 changed\), $((old + 2)) records"
expect "  ... the table grows by exactly the 2 new records" "$(( $(sq "SELECT count(*) FROM sy.store") - total ))" '^2$'
expect "  ... its rows replaced, not added to" "$(sq "SELECT count(*) FROM sy.store WHERE source_object = '$obj'")" "^$((old + 2))$"
expect "  ... manifest: new size, new record count" \
	"$(sq "SELECT size, records_loaded FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass AND object = '$obj'")" \
	"^$(stat -c %s "$obj")\|$((old + 2))$"
expect "  ... every event once" "$(agree sy.store)" "^$((n + 2)) 0 0 0$"

echo "-- 4b. a log file rewritten within the same second, same size"
obj=$(sq "SELECT object FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass
          AND records_loaded > 0 AND object NOT LIKE '%_edge.json.gz' ORDER BY object DESC LIMIT 1")
# new eventIDs of the same length, stored uncompressed: the size stays
rewrite() {
	/usr/bin/python3 - "$obj" "$1" <<'PY'
import gzip, re, sys, uuid
path, base = sys.argv[1], int(sys.argv[2])
raw = gzip.decompress(open(path, "rb").read()).decode()
k = iter(range(1000))
raw = re.sub(r'"eventID": *"[0-9a-f-]{36}"', lambda m: '"eventID": "%s"' % uuid.UUID(int=base + next(k)), raw)
open(path, "wb").write(gzip.compress(raw.encode(), compresslevel=0, mtime=0))
PY
}
sec=$(date +%s)
rewrite 7000
touch -d "@$sec.100000000" "$obj"
sq "CALL iotatrail.sync('sy.events', 'sy.store')" >/dev/null
size=$(stat -c %s "$obj")
rewrite 8000
touch -d "@$sec.600000000" "$obj"
expect "  (the rewrite kept the size)" "$(stat -c %s "$obj")" "^$size$"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "a same-size rewrite within the second is loaded again" "$out" 'synced 1 objects \(0 new, 1 changed\)'
expect "  ... its rows are the new ones, the old ones gone" \
	"$(sq "SELECT count(*) FILTER (WHERE event_id::text LIKE '00000000-0000-0000-0000-000000001f%') || ' ' ||
	           count(*) FILTER (WHERE event_id::text LIKE '00000000-0000-0000-0000-000000001b%')
	       FROM sy.store WHERE source_object = '$obj'")" '^[1-9][0-9]* 0$'
expect "  ... manifest: the time to the microsecond" \
	"$(sq "SELECT (extract(microseconds FROM modified)::bigint % 1000000) FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass AND object = '$obj'")" '^600000$'
expect "  ... every event once" "$(agree sy.store)" "^$(sq "SELECT count(*) FROM sy.events") 0 0 0$"
n=$(sq "SELECT count(*) FROM sy.events")

echo "-- 4c. a file replaced by one of the same size and modification time (rsync -t)"
expect "the manifest keeps inode and status-change time" \
	"$(sq "SELECT inode = $(stat -c %i "$obj") AND changed IS NOT NULL FROM iotatrail.sync_manifest
	       WHERE target = 'sy.store'::regclass AND object = '$obj'")" '^t$'
# a chmod (a new ctime) alone reloads nothing
chmod a+r "$obj"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "a chmod of a loaded file reloads nothing" "$out" 'NOTICE:  0 objects to load'
# a new file renamed over the old one, times copied: a new inode
cp "$obj" "$work/replacement.json.gz"
( cd "$work" && /usr/bin/python3 - <<'PY'
import gzip, re, uuid
raw = gzip.decompress(open("replacement.json.gz", "rb").read()).decode()
k = iter(range(1000))
raw = re.sub(r'"eventID": *"[0-9a-f-]{36}"', lambda m: '"eventID": "%s"' % uuid.UUID(int=10000 + next(k)), raw)
open("replacement.json.gz", "wb").write(gzip.compress(raw.encode(), compresslevel=0, mtime=0))
PY
)
touch -r "$obj" "$work/replacement.json.gz"
chmod a+r "$work/replacement.json.gz"
mv "$work/replacement.json.gz" "$obj"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "a file replaced by rename with the old size and mtime is loaded again" "$out" 'synced 1 objects \(0 new, 1 changed\)'
expect "  ... every event once" "$(agree sy.store)" "^$(sq "SELECT count(*) FROM sy.events") 0 0 0$"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "  ... and then nothing" "$out" 'NOTICE:  0 objects to load'

echo "-- 5. a log file deleted"
del=$(sq "SELECT object FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass
          AND records_loaded > 0 ORDER BY object DESC LIMIT 1")
delrows=$(sq "SELECT count(*) FROM sy.store WHERE source_object = '$del'")
before=$(fp sy.store)
mv "$del" "$work/deleted.json.gz"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "a WARNING names the missing object" "$out" \
	"WARNING:  1 object\(s\) loaded into sy.store are no longer listed at $trail/: $del"
expect "  ... manifest: missing_since set" \
	"$(sq "SELECT missing_since IS NOT NULL FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass AND object = '$del'")" '^t$'
expect "  ... its rows kept ($delrows), the table unchanged" \
	"$(sq "SELECT count(*) FROM sy.store WHERE source_object = '$del'") $(fp sy.store)" "^$delrows $before$"
since=$(sq "SELECT missing_since FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass AND object = '$del'")
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
since2=$(sq "SELECT missing_since FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass AND object = '$del'")
expect "  ... warned again on the next sync, missing_since set once" \
	"$(printf '%s' "$out" | grep -c 'no longer listed' || true) $([ "$since" = "$since2" ] && echo same || echo "moved: $since / $since2")" \
	'^1 same$'
mv "$work/deleted.json.gz" "$del"
out=$(sq "CALL iotatrail.sync('sy.events', 'sy.store')")
expect "back in place (same size, time and inode): no warning, nothing loaded" \
	"$(printf '%s' "$out" | grep -c WARNING || true) $(printf '%s' "$out" | grep -o 'synced [0-9]* objects')" '^0 synced 0 objects$'
expect "  ... missing_since cleared" \
	"$(sq "SELECT count(*) FROM iotatrail.sync_manifest WHERE target = 'sy.store'::regclass AND missing_since IS NOT NULL")" '^0$'

# --- on_error 'skip': bad records counted, an unreadable file retried -------
mkdir -p "$work/skiptrail/d"
cp "$(find "$trail" -path '*/CloudTrail/*' -name '*.json.gz' | sort | head -1)" "$work/skiptrail/d/a.json.gz"
printf '{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"CreateChannel","eventID":"00000000-0000-0000-0000-000000000001"},{"eventVersion":"1.08","eventTime":"not a time","eventSource":"iotanalytics.amazonaws.com","eventName":"CreateChannel"}]}' | gzip -n > "$work/skiptrail/d/b.json.gz"
printf 'this is not gzip or json' > "$work/skiptrail/d/c.json.gz"
share_workdir
sq "CREATE FOREIGN TABLE sy.skipping (event_id uuid) SERVER sync_trail
       OPTIONS (location '$work/skiptrail/', event_source '*', on_error 'skip')" >/dev/null
out=$(sq "CALL iotatrail.sync('sy.skipping', 'sy.skipstore')")
expect "skip: the unreadable file is left for the next sync, with a warning" "$out" 'WARNING:  1 log files could not be read to the end and are left for the next sync: .*c\.json\.gz'
expect "  ... the manifest counts the bad record" \
	"$(sq "SELECT string_agg(regexp_replace(object, '^.*/', '') || ' ' || records_loaded || ' ' || records_skipped, ', ' ORDER BY object)
	       FROM iotatrail.sync_manifest WHERE target = 'sy.skipstore'::regclass")" '^a\.json\.gz [0-9]+ 0, b\.json\.gz 1 1$'
cp "$work/skiptrail/d/b.json.gz" "$work/skiptrail/d/c.json.gz"
out=$(sq "CALL iotatrail.sync('sy.skipping', 'sy.skipstore')")
expect "  ... once readable, the next sync loads it" \
	"$(sq "SELECT count(*) FROM sy.skipstore WHERE source_object LIKE '%c.json.gz'") $(sq "SELECT count(*) FROM iotatrail.sync_manifest WHERE target = 'sy.skipstore'::regclass")" '^1 3$'

q "DROP SCHEMA sy, somesch CASCADE; DROP SERVER sync_trail CASCADE;
   DELETE FROM iotatrail.sync_manifest; DELETE FROM iotatrail.sync_runs" >/dev/null 2>&1 || true
echo "  sync test took $((SECONDS - started)) s"
finish
