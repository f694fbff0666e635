#!/usr/bin/env bash
# Paths and messages a new user trips over: relative locations are refused
# (they would be read relative to the data directory), an empty location
# says so, and the hints name what to do.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 20 >/dev/null
mkdir -p "$work/empty" "$work/digests-only"
cp -r "$work/trail/AWSLogs/111111111111/CloudTrail-Digest" "$work/digests-only/"
share_workdir
q "DROP SERVER IF EXISTS ue_trail CASCADE; CREATE SERVER ue_trail FOREIGN DATA WRAPPER iotatrail" >/dev/null

for loc in global/ global/pg_control base trail/AWSLogs ./x '*.json.gz'; do
	out=$(q "SELECT count(*) FROM iotatrail.read_events('$loc')")
	expect "read_events('$loc'): refused" "$out" "ERROR:  location \"[^\"]*\" is not an absolute path.*HINT:  Give an absolute path"
done
out=$(q "SELECT count(*) FROM iotatrail.list_objects('global/')")
expect "list_objects('global/'): refused" "$out" 'is not an absolute path'
out=$(q "CREATE FOREIGN TABLE ue_rel (event_time timestamptz) SERVER ue_trail OPTIONS (location 'global/')")
expect "CREATE FOREIGN TABLE with a relative location: refused" "$out" 'ERROR:  location "global/" is not an absolute path'
q "CREATE FOREIGN TABLE ue_abs (event_time timestamptz) SERVER ue_trail OPTIONS (location '$work/trail/AWSLogs/')" >/dev/null
out=$(q "ALTER FOREIGN TABLE ue_abs OPTIONS (SET location 'pg_wal/')")
expect "ALTER FOREIGN TABLE to a relative location: refused" "$out" 'ERROR:  location "pg_wal/" is not an absolute path'
out=$(q "SELECT iotatrail_internal.object_sha256('global/pg_control')")
expect "object_sha256 of a relative path: refused" "$out" 'is not an absolute path'
expect "absolute paths still read" "$(q "SELECT count(*) > 0 FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')")" '^t$'

out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/empty/')")
expect "an empty folder: a NOTICE" "$out" "NOTICE:  no log files found at \"$work/empty/\".*[^0-9]0$"
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/digests-only/')")
expect "digests only: a NOTICE" "$out" 'NOTICE:  no log files found at'
q "CREATE FOREIGN TABLE ue_empty (event_time timestamptz) SERVER ue_trail OPTIONS (location '$work/empty/')" >/dev/null
out=$(q "SELECT count(*) FROM ue_empty")
expect "  ... through the foreign table" "$out" 'NOTICE:  no log files found at'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*') WHERE event_time < '2000-01-01'")
expect "  ... none when log files were there" "$(printf '%s' "$out" | grep -c NOTICE)" '^0$'
out=$(q "SELECT count(*) FROM ue_abs WHERE event_time < '2000-01-01'")
expect "  ... none when pruning left every file out" "$(printf '%s' "$out" | grep -c NOTICE)" '^0$'

# endpoints: an origin only, so no other service on the host is reached
for ep in "http://127.0.0.1:9/latest/meta-data/iam/" "http://127.0.0.1:9?x=1" "http://user:secret@127.0.0.1:9" \
	"http://127.0.0.1:9#f" "ftp://127.0.0.1" "http://127.0.0.1:99999" "http://" "http://127.0.0.1:9/../x"; do
	out=$(q "CREATE SERVER ue_ep FOREIGN DATA WRAPPER iotatrail OPTIONS (sts_endpoint '$ep')")
	expect "endpoint $ep: refused" "$out" 'ERROR:  invalid value for option "sts_endpoint".*DETAIL:  An endpoint is'
done
out=$(q "CREATE SERVER ue_ep FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://user:secret@h')")
expect "  ... without echoing what it was given" "$(printf '%s' "$out" | grep -c secret)" '^0$'
for ep in "https://s3.example.com" "http://127.0.0.1:9000" "http://[::1]:9000/" "https://s3.eu-west-1.amazonaws.com/"; do
	out=$(q "CREATE SERVER ue_ep FOREIGN DATA WRAPPER iotatrail OPTIONS (cloudtrail_endpoint '$ep'); DROP SERVER ue_ep")
	expect "endpoint $ep: accepted" "${out:-accepted}" '^accepted$'
done

# a symbolic link back up the tree, and a second path to a day folder:
# each directory is walked once
mkdir -p "$work/loop"
cp -r "$work/trail/AWSLogs" "$work/loop/"
ln -s .. "$work/loop/AWSLogs/up"
day=$(find "$work/loop/AWSLogs" -mindepth 6 -maxdepth 6 -type d | head -1)
ln -s "$day" "$work/loop/again"
chmod -R a+rX "$work/loop"
plain=$(q "SELECT count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')")
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/loop/', '*')")
expect "a symlink cycle: every record once" "$out" "[^0-9]$plain\$"
expect "  ... and a NOTICE names the link" "$out" "NOTICE:  skipped directory \"$work/loop/AWSLogs/up\": it was walked already"
expect "  ... and the second path to a folder" "$out" "NOTICE:  skipped directory \"$work/loop/again\""
q "CREATE FOREIGN TABLE ue_loop (event_id uuid) SERVER ue_trail OPTIONS (location '$work/loop/', event_source '*')" >/dev/null
out=$(q "SELECT count(*) FROM ue_loop")
expect "  ... through the foreign table too" "$out" "[^0-9]$plain\$"

q "DROP ROLE IF EXISTS ue_user; CREATE ROLE ue_user" >/dev/null
out=$(q "SET ROLE ue_user; SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/')")
expect "s3:// without server =>: the hint names the server argument" "$out" "HINT:  Name an iotatrail server .*server => "

q "CREATE SCHEMA ue; IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER ue_trail INTO ue
       OPTIONS (location '$work/trail/AWSLogs/')" >/dev/null
out=$(psql -X -q -A -t -c "BEGIN" -c "CALL iotatrail.sync('ue.events', 'ue.store')" 2>&1)
expect "sync in a driver's transaction: the hint says autocommit" "$out" 'HINT:  .*autocommit.*psycopg.*setAutoCommit\(true\)'
q "GRANT pg_read_server_files TO ue_user; GRANT USAGE, CREATE ON SCHEMA ue TO ue_user;
   GRANT SELECT ON ue.events TO ue_user; GRANT USAGE ON FOREIGN SERVER ue_trail TO ue_user" >/dev/null
out=$(psql -X -q -A -t -c "SET ROLE ue_user" -c "CALL iotatrail.sync('ue.events', 'ue.store')" 2>&1)
expect "sync without the manifest grants: names them" "$out" \
	'ERROR:  permission denied for table iotatrail.sync_manifest.*HINT:  .*GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO ue_user.*GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq'
q "GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO ue_user;
   GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO ue_user;
   GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq TO ue_user" >/dev/null
out=$(psql -X -q -A -t -c "SET ROLE ue_user" -c "CALL iotatrail.sync('ue.events', 'ue.store')" 2>&1)
expect "  ... which are enough" "$out" 'synced 2[0-9] objects'

# another loader with the same grants sees and changes none of it
q "DROP ROLE IF EXISTS ue_other; CREATE ROLE ue_other;
   GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO ue_other;
   GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO ue_other" >/dev/null
mine=$(psql -X -q -A -t -c "SET ROLE ue_user" -c "SELECT count(*) FROM iotatrail.sync_manifest" 2>&1)
expect "the manifest: a loader sees its target's entries" "$mine" '^2[0-9]$'
out=$(psql -X -q -A -t -c "SET ROLE ue_other" -c "SELECT count(*) FROM iotatrail.sync_manifest" \
	-c "SELECT count(*) FROM iotatrail.sync_runs" -c "DELETE FROM iotatrail.sync_manifest" \
	-c "UPDATE iotatrail.sync_runs SET state = 'failed'" 2>&1 | tr '\n' ' ')
expect "  ... another loader none of them, and deletes or changes none" "$out" '^0 0 $'
expect "  ... they are all still there" "$(q "SELECT count(*) FROM iotatrail.sync_manifest WHERE target = 'ue.store'::regclass")" "^$mine$"
oid=$(q "SELECT 'ue.store'::regclass::oid")
out=$(psql -X -q -A -t -c "SET ROLE ue_other" -c "INSERT INTO iotatrail.sync_manifest (target, object) VALUES ($oid, 'x')" 2>&1)
expect "  ... nor adds entries to a target it cannot write" "$out" 'ERROR:  new row violates row-level security policy'
q "REVOKE ALL ON iotatrail.sync_manifest, iotatrail.sync_runs FROM ue_other; DROP ROLE ue_other" >/dev/null

q "DROP SCHEMA ue CASCADE; DROP SERVER ue_trail CASCADE" >/dev/null
q "REVOKE ALL ON iotatrail.sync_manifest, iotatrail.sync_runs FROM ue_user;
   REVOKE ALL ON SEQUENCE iotatrail.sync_runs_run_id_seq FROM ue_user; DROP ROLE ue_user" >/dev/null
finish
