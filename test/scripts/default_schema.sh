#!/usr/bin/env bash
# The extension's own schema iotanalytics reads the logs at the
# iotatrail.location setting through a foreign table of the built-in
# server iotatrail_location (0.1.0 had a view over read_events): its views
# get key pruning, the per-record checks and parallel scans, and must give
# what the read_events views gave over random WHEREs, serial and parallel.
# Reading server files stays as privileged as before: checked as the role
# running the query, not the owner of the views; an unset setting gives
# the same error; a SET after a plan was made is what the next scan reads.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 700 >/dev/null
/usr/bin/python3 test/s3/load_trail.py "$work/small" - trail 20 >/dev/null
share_workdir
loc="$work/trail/AWSLogs/"
# the reference: the views of 0.1.0, over read_events(configured_location())
q "DROP SCHEMA IF EXISTS old_ia CASCADE; CREATE SCHEMA old_ia;
   CREATE VIEW old_ia.events AS SELECT * FROM iotatrail.read_events(iotatrail_internal.configured_location());
   SELECT count(*) FROM iotatrail.create_views('old_ia', 'old_ia.events');
   GRANT USAGE ON SCHEMA old_ia TO PUBLIC; GRANT SELECT ON ALL TABLES IN SCHEMA old_ia TO PUBLIC" >/dev/null

# with the setting (q runs its own session: the setting comes with it)
qs() {
	PGOPTIONS="-c iotatrail.location=$loc ${2:-}" q "$1"
}
expect "iotanalytics.events is a foreign table of the built-in server" \
	"$(q "SELECT c.relkind::text || ' ' || s.srvname || ' ' || array_to_string(ft.ftoptions, ',')
	        FROM pg_class c JOIN pg_foreign_table ft ON ft.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = ft.ftserver
	       WHERE c.oid = 'iotanalytics.events'::regclass")" '^f iotatrail_location location_setting=iotatrail\.location$'
expect "  ... with every column of iotatrail.event, in order" \
	"$(q "SELECT (SELECT string_agg(attname || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
	               WHERE attrelid = 'iotanalytics.events'::regclass AND attnum > 0 AND NOT attisdropped)
	           = (SELECT string_agg(attname || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
	               WHERE attrelid = 'iotatrail.event'::regclass AND attnum > 0 AND NOT attisdropped)")" '^t$'
nviews=$(q "SELECT count(*) FROM pg_views WHERE schemaname = 'iotanalytics'")
expect "  ... and the views over it ($nviews)" "$nviews" '^3[0-9]$'

wheres=$(/usr/bin/python3 - <<'PY'
import random
rng = random.Random(31)
regions = ["us-east-1", "eu-west-1", "ap-south-1"]
for i in range(30):
    conds = []
    lo = "2024-05-%02d %02d:%02d:00+00" % (rng.randint(1, 19), rng.randint(0, 23), rng.randint(0, 59))
    if i % 3 != 2:
        conds.append("event_time >= '%s'" % lo)
    if i % 3 != 1:
        conds.append("event_time < '%s'::timestamptz + interval '%d minutes'" % (lo, rng.randint(5, 4000)))
    if rng.random() < 0.4:
        conds.append("aws_region IN ('%s', '%s')" % (rng.choice(regions), rng.choice(regions)))
    if rng.random() < 0.3:
        conds.append("recipient_account_id = '%s'" % rng.choice(["111111111111", "222222222222"]))
    r = rng.random()
    if r < 0.2:
        conds.append("error_code IS NULL")
    elif r < 0.4:
        conds.append("error_code IS NOT NULL")
    elif r < 0.5:
        conds.append("NOT succeeded")
    if rng.random() < 0.15:
        conds.append("event_time::date = '2024-05-%02d'" % rng.randint(1, 19))
    print(" AND ".join(conds) if conds else "true")
PY
)
# whole rows, as text, in a stable order
fp() {
	echo "SELECT count(*) || ' ' || md5(coalesce(string_agg(to_jsonb(v)::text, '|' ORDER BY to_jsonb(v)::text), '')) FROM $1 v"
}
# same_over_wheres runs q: the setting comes through PGOPTIONS
export PGOPTIONS="-c iotatrail.location=$loc"
for v in create_channel describe_channel delete_datastore run_pipeline_activity update_dataset resource_activity events; do
	same_over_wheres "iotanalytics.$v = the read_events view" "$wheres" "$(fp "old_ia.$v")" "$(fp "iotanalytics.$v")"
done
expect "  ... which answer rows" "$(q "SELECT count(*) FROM iotanalytics.create_channel")" '^[1-9][0-9]+$'
# parallel plans: participants claim whole files
par="-c iotatrail.location=$loc -c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0 -c max_parallel_workers_per_gather=2"
plan=$(PGOPTIONS="$par" q "EXPLAIN (COSTS OFF) SELECT count(*) FROM iotanalytics.events")
expect "a parallel plan over iotanalytics.events" "$plan" 'Gather.*Parallel Foreign Scan on events'
PGOPTIONS="$par" same_over_wheres "  ... parallel = the read_events view" "$(printf '%s\n' "$wheres" | head -10)" \
	"$(fp "old_ia.resource_activity")" "$(fp "iotanalytics.resource_activity")"

# EXPLAIN: a Foreign Scan with what is pushed down (the old views had a
# function scan, which prunes nothing)
cond="event_time >= '2024-05-03' AND event_time < '2024-05-04' AND aws_region = 'eu-west-1'"
plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM iotanalytics.describe_channel WHERE $cond")
echo "$plan" | sed -n '/Foreign Scan/,$p' | sed 's/^/       /'
expect "EXPLAIN iotanalytics.describe_channel: a Foreign Scan" "$plan" 'Foreign Scan on events e'
expect "  ... at the setting" "$plan" "Location: $loc \\(iotatrail\\.location\\)"
expect "  ... pushed down: the time, region and name" "$plan" 'Pushed Down: event_time, aws_region, event_name'
expect "  ... folders pruned, few files read" "$plan" 'Files Read: [0-9]{1,2}([^0-9]|$).*Folders Pruned: [1-9][0-9]*'
old_plan=$(q "EXPLAIN (COSTS OFF) SELECT count(*) FROM old_ia.describe_channel WHERE $cond")
expect "  ... the read_events view had none (the check can tell)" "$(printf '%s' "$old_plan" | grep -c 'Foreign Scan\|Pushed Down')" '^0$'
files_all=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM iotanalytics.describe_channel" | sed -n 's/.*Files Read: \([0-9]*\).*/\1/p')
files_day=$(printf '%s\n' "$plan" | sed -n 's/.*Files Read: \([0-9]*\).*/\1/p')
expect "  ... one day reads fewer files ($files_day) than all ($files_all)" "$(( ${files_day:-0} * 5 < ${files_all:-0} ))" '^1$'
unset PGOPTIONS

# the setting is read when each scan starts: a prepared plan follows a SET
out=$(psql -X -q -A -t -c "SET iotatrail.location = '$loc'" -c "PREPARE p AS SELECT count(*) FROM iotanalytics.events" \
	-c "EXECUTE p" -c "SET iotatrail.location = '$work/small/AWSLogs/'" -c "EXECUTE p" -c "RESET iotatrail.location" -c "EXECUTE p" 2>&1 | tr '\n' ' ')
want_big=$(qs "SELECT count(*) FROM iotatrail.read_events('$loc')")
want_small=$(qs "SELECT count(*) FROM iotatrail.read_events('$work/small/AWSLogs/')")
expect "a prepared query reads the location set before each EXECUTE ($want_big, $want_small, then unset)" "$out" \
	"^$want_big $want_small ERROR:  iotatrail.location is not set"

# unset: the error of the old views (without their PL/pgSQL CONTEXT)
err_old=$(q "SELECT count(*) FROM old_ia.create_channel" | grep -v '^CONTEXT')
err_new=$(q "SELECT count(*) FROM iotanalytics.create_channel" | grep -v '^CONTEXT')
expect "unset iotatrail.location: the same error as before" "$err_new" "^ERROR:  iotatrail.location is not set"
expect "  ... with the same detail and hint" "$( [ "$err_old" = "$err_new" ] && echo same || echo "$err_old <> $err_new")" '^same$'
expect "  ... EXPLAIN alone says so without failing" "$(q "EXPLAIN (COSTS OFF) SELECT * FROM iotanalytics.events")" 'Location: not set \(iotatrail\.location\)'

# privileges: checked as the role running the query, though the views'
# owner is a superuser
q "DROP ROLE IF EXISTS ds_plain; CREATE ROLE ds_plain LOGIN; DROP ROLE IF EXISTS ds_reader; CREATE ROLE ds_reader LOGIN IN ROLE pg_read_server_files" >/dev/null
as() {
	PGOPTIONS="-c iotatrail.location=$loc" psql -X -q -A -t -c "SET ROLE $1" -c "$2" 2>&1 | grep -v '^CONTEXT' | head -3 | tr '\n' ' '
}
for v in events create_channel resource_activity; do
	new=$(as ds_plain "SELECT count(*) FROM iotanalytics.$v")
	old=$(as ds_plain "SELECT count(*) FROM old_ia.$v")
	expect "a role without pg_read_server_files: iotanalytics.$v refused" "$new" '^ERROR:  permission denied'
	expect "  ... as the read_events view refused it" "$( [ "$old" = "$new" ] && echo same || echo "$old <> $new")" '^same$'
done
want=$(qs "SELECT count(*) FROM old_ia.create_channel")
expect "a member of pg_read_server_files reads it" "$(as ds_reader "SELECT count(*) FROM iotanalytics.create_channel")" "^$want $"
expect "  ... and EXPLAIN plans it for a role that may not read (no file sizes learnt)" \
	"$(PGOPTIONS="-c iotatrail.location=$loc" q "SET ROLE ds_plain; EXPLAIN (COSTS OFF) SELECT count(*) FROM iotanalytics.create_channel")" 'Foreign Scan on events'
# a view of the plain role's own, over the table: still checked as the
# role running the query
q "DROP SCHEMA IF EXISTS ds_own CASCADE; CREATE SCHEMA ds_own AUTHORIZATION ds_reader" >/dev/null
as ds_reader "CREATE VIEW ds_own.v AS SELECT event_id FROM iotanalytics.events; GRANT USAGE ON SCHEMA ds_own TO ds_plain; GRANT SELECT ON ds_own.v TO ds_plain" >/dev/null
expect "  ... also through another role's view" "$(as ds_plain "SELECT count(*) FROM ds_own.v")" '^ERROR:  permission denied'

# the option: one value, not beside a location
q "CREATE SERVER ds_srv FOREIGN DATA WRAPPER iotatrail" >/dev/null
expect "location_setting takes only iotatrail.location" \
	"$(q "CREATE FOREIGN TABLE ds_bad (event_id uuid) SERVER ds_srv OPTIONS (location_setting 'work_mem')")" \
	'ERROR:  invalid value for option "location_setting": "work_mem"'
expect "  ... and not with a location" \
	"$(q "CREATE FOREIGN TABLE ds_bad (event_id uuid) SERVER ds_srv OPTIONS (location_setting 'iotatrail.location', location '$loc')")" \
	'ERROR:  options "location" and "location_setting" cannot both be given'
expect "  ... a table of one's own may use it" \
	"$(q "CREATE FOREIGN TABLE ds_mine (event_id uuid) SERVER ds_srv OPTIONS (location_setting 'iotatrail.location', event_source '*'); SELECT 1")" '^1$'
expect "  ... and reads the setting" "$(qs "SELECT count(*) FROM ds_mine")" "^$(qs "SELECT count(*) FROM iotatrail.read_events('$loc', '*')")$"

# sync takes the setting's value from such a source
out=$(qs "CALL iotatrail.sync('iotanalytics.events', 'public.ds_store')")
expect "sync from iotanalytics.events loads the trail at the setting" "$out" "synced [0-9]+ objects .* $want_big records"
expect "  ... unset, it says so" "$(q "CALL iotatrail.sync('iotanalytics.events', 'public.ds_store')")" 'ERROR:  iotatrail.location is not set'

q "DROP SCHEMA old_ia, ds_own CASCADE; DROP SERVER ds_srv CASCADE; DROP TABLE public.ds_store; DROP ROLE ds_plain; DROP ROLE ds_reader" >/dev/null
finish
