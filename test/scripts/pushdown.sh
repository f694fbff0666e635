#!/usr/bin/env bash
# WHERE conditions pushed into a local scan: folders of the trail layout
# that cannot hold a match are not walked, files delivered before a range
# starts are not opened, and records of other event names are not typed.
# Over random WHEREs the foreign table must return exactly what
# read_events (no pushdown) returns with the same WHERE.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 700 >/dev/null
share_workdir
q "CREATE SERVER local_trail FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA pd;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER local_trail INTO pd
       OPTIONS (location '$work/trail/AWSLogs/')" >/dev/null
fingerprint="SELECT count(*) || ' ' || md5(coalesce(string_agg(event_id::text || event_name, ',' ORDER BY event_id), ''))"

wheres=$(/usr/bin/python3 - <<'PY'
import random
rng = random.Random(23)
regions = ["us-east-1", "eu-west-1", "ap-south-1"]
names = ["CreateChannel", "DescribeChannel", "DeleteDatastore", "RunPipelineActivity", "GetObject", "Nope"]
for i in range(40):
    conds = []
    lo = "2024-05-%02d %02d:%02d:00+00" % (rng.randint(1, 19), rng.randint(0, 23), rng.randint(0, 59))
    if i % 3 != 2:
        conds.append("event_time >= '%s'" % lo)
    if i % 3 != 1:
        conds.append("event_time <= '%s'::timestamptz + interval '%d minutes'" % (lo, rng.randint(5, 4000)))
    r = rng.random()
    if r < 0.3:
        conds.append("event_name = '%s'" % rng.choice(names))
    elif r < 0.6:
        conds.append("event_name IN ('%s', '%s')" % (rng.choice(names), rng.choice(names)))
    if rng.random() < 0.4:
        conds.append("aws_region = ANY (ARRAY['%s', '%s'])" % (rng.choice(regions), rng.choice(regions)))
    if rng.random() < 0.3:
        conds.append("recipient_account_id = '%s'" % rng.choice(["111111111111", "222222222222"]))
    r = rng.random()
    if r < 0.2:
        conds.append("error_code IS NULL")
    elif r < 0.4:
        conds.append("error_code IS NOT NULL")
    elif r < 0.5:
        conds.append("error_code = 'AccessDenied'")
    r = rng.random()
    day = "'2024-05-%02d'" % rng.randint(1, 19)
    if r < 0.1:
        conds.append("event_time::date = %s" % day)
    elif r < 0.2:
        conds.append("date_trunc('day', event_time) %s %s::date" % (rng.choice(["<", ">=", "="]), day))
    elif r < 0.3:
        conds.append("event_time < %s::timestamp + interval '%d hours'" % (day, rng.randint(1, 50)))
    elif r < 0.35:
        conds.append("event_time IN ('%s', %s::timestamptz)" % (lo, day))
    if rng.random() < 0.2:
        # strict bounds on a record's exact time, and a contradiction
        conds.append("event_time > '%s'" % lo if rng.random() < 0.5 else "event_time < '%s'" % lo)
    print(" AND ".join(conds))
PY
)
same_over_wheres "pushed-down scans = plain scans" "$wheres" \
	"$fingerprint FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')" "$fingerprint FROM pd.events"

plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM pd.events
          WHERE event_time >= '2024-05-03 12:00' AND event_time < '2024-05-04' AND aws_region = 'eu-west-1'
            AND event_name IN ('CreateChannel', 'DeleteDatastore')")
expect "EXPLAIN names what is pushed down" "$plan" 'Pushed Down: event_time, aws_region, event_name'
expect "  ... the values it pruned with" "$plan" 'Pruning: delivery days 2024-05-03 .. 2024-05-04, regions 1, event names 2'
expect "  ... few files read" "$plan" 'Files Read: [0-9]{1,2}([^0-9]|$)'
expect "  ... many folders skipped, and files of the first day delivered before 12:00" "$plan" 'Folders Pruned: [1-9][0-9]+.*Files Pruned: [1-9][0-9]*'
# the forms BI tools write prune as the plain bounds do (UTC session)
for cond in "event_time >= '2024-05-03'::date AND event_time < '2024-05-04'::date" \
	"event_time >= '2024-05-03 00:00'::timestamp AND event_time < '2024-05-04'::timestamp" \
	"event_time::date = '2024-05-03'" "date(event_time) = date '2024-05-03'" \
	"date_trunc('day', event_time) = '2024-05-03'" "date_trunc('day', event_time) = '2024-05-03'::date" \
	"event_time IN ('2024-05-03 10:00+00', '2024-05-03 23:00+00')" \
	"event_time >= current_date - (current_date - date '2024-05-03') AND event_time < current_date - (current_date - date '2024-05-04')"; do
	plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM pd.events WHERE $cond")
	expect "pushed down: $cond" "$plan" 'Pushed Down: event_time.*Pruning: delivery days 2024-05-03 \.\. 2024-05-0[45].*Folders Pruned: [1-9]'
done
plan=$(q "SET timezone = 'Asia/Kolkata'; EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM pd.events WHERE event_time::date = '2024-05-03'")
expect "  ... a day of the session time zone (Kolkata: from 2024-05-02 18:30 UTC)" "$plan" 'Pruning: delivery days 2024-05-02 \.\. 2024-05-04'
# not pushed down: a bound not derived exactly (date_trunc by hour)
plan=$(q "EXPLAIN (COSTS OFF) SELECT count(*) FROM pd.events WHERE date_trunc('hour', event_time) = '2024-05-03 10:00+00'")
expect "  ... date_trunc('hour') is not pushed down" "$(printf '%s' "$plan" | grep -c 'Pushed Down')" '^0$'
# an upper bound alone skips later folders, no file within a folder
plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM pd.events
          WHERE event_time < '2024-05-02'")
expect "EXPLAIN: folders and files pruned apart" "$plan" 'Folders Pruned: [1-9][0-9]*.*Files Pruned: 0([^0-9]|$)'
ndirs=$(find "$work/trail/AWSLogs" -type d | wc -l)
nfolders=$(printf '%s\n' "$plan" | sed -nE 's/.*Folders Pruned: ([0-9]+).*/\1/p')
expect "  ... no more folders than the trail has ($ndirs)" "$(( ${nfolders:-0} <= ndirs ))" '^1$'
# every condition is checked on each record before it is typed, and
# rechecked by the executor, which then finds nothing to remove
removed() {
	local n
	n=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM pd.events WHERE $1" |
		sed -n 's/.*Rows Removed by Filter: \([0-9]*\).*/\1/p')
	echo "${n:-0}"	# text EXPLAIN leaves out a count of 0
}
plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM pd.events
          WHERE event_time > '2024-05-03 12:00' AND event_time <= '2024-05-09' AND aws_region IN ('eu-west-1', 'us-east-1')
            AND recipient_account_id = '111111111111' AND error_code IS NULL")
expect "record-level checks: EXPLAIN names error_code" "$plan" 'Pushed Down: event_time, aws_region, recipient_account_id, error_code'
expect "  ... and what it asks" "$plan" 'Pruning: [a-z0-9 ,.-]*error_code IS NULL'
expect "  ... the executor still rechecks" "$plan" 'Filter: '
expect "  ... but removes nothing" "$(removed "event_time > '2024-05-03 12:00' AND event_time <= '2024-05-09' AND aws_region IN ('eu-west-1', 'us-east-1') AND recipient_account_id = '111111111111' AND error_code IS NULL")" '^0$'
for cond in "error_code IS NOT NULL" "error_code = 'AccessDenied'" "event_name = 'CreateChannel'" \
	"event_time < '2024-05-02 03:04:05'" "event_time >= '2024-05-02 03:04:05'" "aws_region = 'ap-south-1'" \
	"recipient_account_id = '222222222222'"; do
	expect "  ... $cond: nothing left for the executor to remove" "$(removed "$cond")" '^0$'
done
# bounds that fall on a record's own time: strict ones leave it out in the
# scan, inclusive ones keep it
t=$(q "SELECT min(event_time) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*') WHERE event_time >= '2024-05-02 03:04:05'")
same_over_wheres "  ... bounds on a record's time" "event_time >= '$t'
event_time > '$t'
event_time <= '$t'
event_time < '$t'
event_time = '$t'" "$fingerprint FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')" "$fingerprint FROM pd.events"
for cond in "event_time > '$t'" "event_time < '$t'" "event_time = '$t'"; do
	expect "  ... $cond: nothing left for the executor to remove" "$(removed "$cond")" '^0$'
done
# the same conditions in a form that is not pushed down: the executor
# removes rows (so the checks above can tell)
expect "  ... unpushed error_code IS NULL: the executor removes rows" "$(removed "(error_code IS NULL) IS TRUE")" '^[1-9][0-9]*$'
expect "  ... unpushed region: the executor removes rows" "$(removed "aws_region || '' = 'ap-south-1'")" '^[1-9][0-9]*$'
out=$(q "SELECT count(*) FROM pd.events WHERE event_name = 'CreateChannel' AND event_name = 'GetObject'")
expect "contradictory names: nothing" "$out" '^0$'
q "DROP SCHEMA pd CASCADE; DROP SERVER local_trail" >/dev/null 2>&1
finish
