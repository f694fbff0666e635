#!/usr/bin/env bash
# The BI recipe: iotatrail.sync_and_create_views syncs a trail into a
# stored table and makes the per-action views over it in one call; a rerun
# loads nothing and keeps the views.  The views over the stored table give
# what the views over the foreign table give, and their narrow questions
# use the table's indexes: one action over one day ((event_name,
# event_time)), which events touched an ARN (GIN on resource_arns).  Also
# prints a BI tool's sample of every relation of each schema (LIMIT 10000
# from each) over the foreign table and over the stored table: timed, not
# asserted.  BI_EVENTS and BI_PER_FILE size the trail (bench/gen_corpus.py).
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
events=${BI_EVENTS:-30000}
per_file=${BI_PER_FILE:-12}
/usr/bin/python3 bench/gen_corpus.py "$work/corpus" "$events" "$per_file" >/dev/null
share_workdir
loc="$work/corpus/AWSLogs/"
q "DROP SCHEMA IF EXISTS bi_ft, bi, bi2 CASCADE; DROP SERVER IF EXISTS bi_srv CASCADE;
   CREATE SERVER bi_srv FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA bi_ft;
   IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER bi_srv INTO bi_ft OPTIONS (location '$loc')" >/dev/null

call() {
	psql -X -q -A -t -c "SET timezone = 'UTC'" -c "$1" 2>&1 | tr '\n' ' '
}
out=$(call "CALL iotatrail.sync_and_create_views('bi_ft.events', 'bi.events_store')")
nviews=$(q "SELECT count(*) + 2 FROM iotatrail.action_views")	# and resource_activity, findings
expect "one call syncs the trail into a new table" "$out" "synced [1-9][0-9]* objects .* loaded into bi\.events_store .*\(created bi\.events_store\)"
expect "  ... makes the $nviews views over it, and analyzes it" "$out" "NOTICE:  $nviews views made in schema bi, 0 there already; bi\.events_store analyzed"
expect "  ... no warnings or errors" "$(printf '%s' "$out" | grep -c 'WARNING\|ERROR')" '^0$'
expect "  ... views that read the stored table" \
	"$(q "SELECT count(DISTINCT v.oid) FROM pg_class v JOIN pg_rewrite r ON r.ev_class = v.oid
	        JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refobjid = 'bi.events_store'::regclass
	       WHERE v.relnamespace = 'bi'::regnamespace AND v.relkind = 'v'")" "^$nviews$"
expect "  ... which has statistics" "$(q "SELECT reltuples > 0 FROM pg_class WHERE oid = 'bi.events_store_y2024m05'::regclass")" '^t$'
out=$(call "CALL iotatrail.sync_and_create_views('bi_ft.events', 'bi.events_store')")
expect "a rerun loads nothing" "$out" 'synced 0 objects'
expect "  ... and keeps the views" "$out" "NOTICE:  0 views made in schema bi, $nviews there already"
expect "  ... without analyzing again" "$(printf '%s' "$out" | grep -c 'analyzed')" '^0$'
# views of another relation in the schema are kept and named
q "CREATE SCHEMA bi2; SELECT iotatrail.create_views('bi2', 'bi_ft.events', '{create_channel}')" >/dev/null
out=$(call "CALL iotatrail.sync_and_create_views('bi_ft.events', 'bi.events_store', 'bi2')")
expect "views of another relation: a WARNING naming them" "$out" 'WARNING:  views of schema bi2 read another relation than bi\.events_store: create_channel'
expect "  ... the others are made" "$out" "$((nviews - 1)) views made in schema bi2, 1 there already"
out=$(psql -X -q -A -t -c "BEGIN" -c "CALL iotatrail.sync_and_create_views('bi_ft.events', 'bi.events_store')" 2>&1)
expect "like sync, not inside a transaction block" "$out" 'cannot run inside a transaction block'

# the same answers as the views over the foreign table
fp() {
	echo "SELECT count(*) || ' ' || md5(coalesce(string_agg(to_jsonb(v)::text, '|' ORDER BY to_jsonb(v)::text), '')) FROM $1 v"
}
mismatch=0
rows=0
for v in $(q "SELECT view_name FROM iotatrail.action_views ORDER BY 1") resource_activity; do
	a=$(q "$(fp "bi_ft.$v")")
	b=$(q "$(fp "bi.$v")")
	[ "$a" = "$b" ] || { mismatch=$((mismatch + 1)); echo "       differs: $v ($a versus $b)"; }
	rows=$((rows + ${b%% *}))
done
expect "every view over the stored table = over the foreign table ($rows rows)" "$mismatch" '^0$'
expect "  ... which hold rows" "$(( rows > 0 ))" '^1$'

# one action, one day: an index scan on (event_name, event_time)
day="event_time >= '2024-05-20' AND event_time < '2024-05-21'"
plan=$(q "EXPLAIN (COSTS OFF) SELECT * FROM bi.create_channel WHERE $day")
printf '%s\n' "$plan" | sed 's/^/       /'
expect "one action over one day: an index scan on (event_name, event_time)" "$plan" \
	'(Index (Only )?Scan using|Bitmap Index Scan on) events_store_y2024m05_event_name_event_time_idx'
expect "  ... of one partition" "$(printf '%s' "$plan" | grep -o 'events_store_[a-z0-9]*' | sort -u | sed 's/_event_name.*//' | sort -u | wc -l)" '^1$'
same_over_wheres "  ... the same rows as over the foreign table" "$day
event_time >= '2024-05-03 10:00' AND event_time < '2024-05-03 13:00'
event_time::date = '2024-05-30' AND NOT succeeded" "$(fp "bi_ft.create_channel")" "$(fp "bi.create_channel")"
noidx=$(q "SET enable_indexscan = off; SET enable_bitmapscan = off; $(fp "bi.create_channel") WHERE $day")
expect "  ... and as without the index" "$noidx" "^$(q "$(fp "bi.create_channel") WHERE $day")$"
# which events touched an ARN: the GIN index (the trail has no resources:
# give some rows theirs)
q "UPDATE bi.events_store SET resource_arns = ARRAY['arn:aws:iotanalytics:' || aws_region || ':' || recipient_account_id || ':channel/' || (request_parameters->>'channelName')]
    WHERE event_name = 'CreateChannel'; ANALYZE bi.events_store" >/dev/null
arn="resource_arns @> ARRAY['arn:aws:iotanalytics:eu-west-1:111111111111:channel/channel_7']"
plan=$(q "EXPLAIN (COSTS OFF) SELECT count(*) FROM bi.events_store WHERE $arn")
expect "which events touched an ARN: the GIN index on resource_arns" "$plan" 'Bitmap Index Scan on events_store_y2024m0[56]_resource_arns_idx'
n=$(q "SELECT count(*) FROM bi.events_store WHERE $arn")
expect "  ... $n events, as without it" "$(q "SET enable_bitmapscan = off; SELECT count(*) FROM bi.events_store WHERE $arn")" "^$n$"
expect "  ... some" "$n" '^[1-9][0-9]*$'

# a BI tool's sample: LIMIT 10000 from every relation of the schema, the
# views apart from the tables (the stored table's partitions included)
sample_part() {
	local rels t0 t1
	rels=$(q "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	           WHERE n.nspname = '$1' AND c.relkind IN ($2) ORDER BY 1")
	printf '%s\n' "$rels" | sed 's/.*/SELECT * FROM & LIMIT 10000;/' > "$work/sample.sql"
	t0=$(date +%s%N)
	psql -X -q -o /dev/null -f "$work/sample.sql" 2>&1 | grep ERROR
	t1=$(date +%s%N)
	printf '%s in %d.%02d s' "$(printf '%s\n' "$rels" | wc -l)" $(( (t1 - t0) / 1000000000 )) $(( (t1 - t0) / 10000000 % 100 ))
}
sample() {
	echo "views $(sample_part "$1" "'v'"), tables $(sample_part "$1" "'r', 'f', 'p'")"
}
ft=$(sample bi_ft)
st=$(sample bi)
echo "       BI sample of every relation (LIMIT 10000 each), $events events in $(find "$loc" -name '*.json.gz' | wc -l) files:"
echo "         over the foreign table (bi_ft): $ft"
echo "         over the stored table (bi):     $st"
expect "the BI sample ran over both schemas" "$ft / $st" '^views [0-9]+ in [0-9.]+ s, tables [0-9]+ in [0-9.]+ s / views [0-9]+ in [0-9.]+ s, tables [0-9]+ in [0-9.]+ s$'

q "DROP SCHEMA bi_ft, bi, bi2 CASCADE; DROP SERVER bi_srv CASCADE" >/dev/null
finish
