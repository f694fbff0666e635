#!/usr/bin/env bash
# What iotatrail stores about where rows came from stays valid text, and a
# synced target survives pg_dump and restore: a log file whose name is not
# valid in the database encoding is refused with its name escaped (or
# skipped and counted under on_error 'skip'), so no such text reaches
# source_object or the manifest; the dump of a synced database restores
# with every row and the manifest, and the next sync there loads nothing.
# Also: an error quotes a record's values only to the role the scan reads
# as, not to a role reading through another's view.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
trail=$work/trail/AWSLogs
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 12 >/dev/null
good=$(find "$trail" -path '*/CloudTrail/*' -name '*.json.gz' | sort | head -1)
bad="$(dirname "$good")/$(printf '111111111111_CloudTrail_us-east-1_20240501T0000Z_caf\xe9.json.gz')"
cp "$good" "$bad"
share_workdir

q "CREATE SERVER prov FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA pv;
   IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events) FROM SERVER prov INTO pv OPTIONS (location '$trail/')" >/dev/null

echo "-- a file name that is not UTF-8"
want='file name ".*_caf\\xE9\.json\.gz" is not valid in encoding "UTF8"'
# as an error: a fixed message, the name (escaped) in the detail, SQLSTATE 42602
refused='ERROR:  42602: unusable file name.DETAIL:  File name ".*_caf\\xE9\.json\.gz" is not valid in encoding "UTF8"\.'
qv() { psql -X -q -A -t -v VERBOSITY=verbose -c "$1" 2>&1; }
expect "read_events: refused, the name escaped" "$(qv "SELECT count(*) FROM iotatrail.read_events('$trail/')")" "$refused"
expect "the foreign table: refused" "$(qv "SELECT count(*) FROM pv.events")" "$refused"
expect "list_objects: refused" "$(qv "SELECT count(*) FROM iotatrail.list_objects('$trail/')")" "$refused"
out=$(qv "CALL iotatrail.sync('pv.events', 'public.pv_store')")
expect "sync: refused, nothing loaded" "$out" "$refused"
expect "  ... no table, no manifest entry" \
	"$(q "SELECT to_regclass('public.pv_store') IS NULL AND NOT EXISTS (SELECT FROM iotatrail.sync_manifest WHERE object LIKE '%caf%')")" '^t$'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$trail/', on_error => 'skip')")
expect "on_error 'skip': counted as a skipped file" "$out" "WARNING:  skipped 1 unreadable file while.*DETAIL:  The first problem was: $want"
skipped_rows=$(printf '%s' "$out" | tail -1)
expect "  ... and no invalid text anywhere" \
	"$(q "SELECT count(*) FROM iotatrail.read_events('$trail/', on_error => 'skip') WHERE source_object LIKE '%caf%'" | tail -1)" '^0$'
rm -f "$bad"
expect "  ... every other file's rows" "$(q "SELECT count(*) FROM iotatrail.read_events('$trail/')")" "^$skipped_rows$"

echo "-- a synced target through pg_dump and restore"
out=$(q "CALL iotatrail.sync('pv.events', 'public.pv_store')")
expect "synced" "$out" 'synced [1-9][0-9]* objects'
sum="SELECT count(*) || ' ' || sum(hashtext(event_id::text || source_object || record_index))
     || ' ' || (SELECT count(*) || ' ' || sum(records_loaded) FROM iotatrail.sync_manifest WHERE target = 'public.pv_store'::regclass)
     FROM public.pv_store"
before=$(q "$sum")
db=$(psql -X -A -t -c "SELECT current_database()")
q "DROP DATABASE IF EXISTS pv_restored" >/dev/null
q "CREATE DATABASE pv_restored" >/dev/null
pg_dump -Fc -f "$work/pv.dump" "$db" 2>"$work/dump.err"
expect "pg_dump succeeds" "$? $(head -c 300 "$work/dump.err")" '^0 $'
pg_restore --exit-on-error -d pv_restored "$work/pv.dump" 2>"$work/restore.err"
expect "pg_restore succeeds" "$? $(head -c 300 "$work/restore.err")" '^0 $'
after=$(PGDATABASE=pv_restored q "$sum")
expect "  ... every row and the manifest" "$after" "^$before$"
out=$(PGDATABASE=pv_restored q "CALL iotatrail.sync('pv.events', 'public.pv_store')")
expect "  ... and a sync there has nothing to load" "$out" 'NOTICE:  0 objects to load into public.pv_store \(0 new, 0 changed'
q "DROP DATABASE pv_restored" >/dev/null

echo "-- errors and another role's view"
bad_time=$work/secret/a.json.gz
mkdir -p "$work/secret"
printf '{"Records":[{"eventVersion":"1.08","eventTime":"TOPSECRET-2024","eventSource":"iotanalytics.amazonaws.com","eventName":"CreateChannel"}]}' | gzip -n > "$bad_time"
share_workdir
q "CREATE FOREIGN TABLE pv.secret (event_time timestamptz, event_name text) SERVER prov OPTIONS (location '$work/secret/');
   CREATE VIEW pv.names AS SELECT event_name FROM pv.secret WHERE event_time IS NOT NULL;
   DROP ROLE IF EXISTS pv_reader; CREATE ROLE pv_reader;
   GRANT USAGE ON SCHEMA pv TO pv_reader; GRANT SELECT ON pv.names TO pv_reader" >/dev/null
out=$(q "SET ROLE pv_reader; SELECT * FROM pv.names")
expect "through the view: the record's place, not its value" "$out" \
	'ERROR:  invalid CloudTrail record.*DETAIL:  Field "eventTime" is not an ISO 8601 timestamp.*CONTEXT:  log file "[^"]*", record 0, byte offset [0-9]+'
expect "  ... no value quoted" "$(printf '%s' "$out" | grep -c TOPSECRET)" '^0$'
out=$(q "SELECT * FROM pv.secret")
expect "the table's owner reading it: the value quoted" "$out" 'is not an ISO 8601 timestamp: "TOPSECRET-2024"'
q "DROP VIEW pv.names; DROP OWNED BY pv_reader; DROP ROLE pv_reader" >/dev/null

q "DROP SCHEMA pv CASCADE; DROP TABLE public.pv_store; DROP SERVER prov CASCADE" >/dev/null
finish
