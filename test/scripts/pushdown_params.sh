#!/usr/bin/env bash
# Pushed-down conditions whose values are known only while the plan runs:
# InitPlans ((SELECT ...)), $n parameters of generic plans, nested-loop and
# LATERAL parameters that change on every rescan, NULL values, in serial and
# parallel plans.  Every answer must equal the answer with
# iotatrail.pushdown = off, and the server must never restart.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 300 >/dev/null
# records with no region, account, name or time, in a folder of the layout
/usr/bin/python3 - "$work/trail" <<'PY'
import gzip, json, os, sys
d = os.path.join(sys.argv[1], "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/03")
os.makedirs(d, exist_ok=True)
recs = []
for i, drop in enumerate(["awsRegion", "recipientAccountId", "eventName", "eventTime", "awsRegion"]):
    r = {"eventVersion": "1.08", "eventTime": "2024-05-03T01:0%d:00Z" % i,
         "eventSource": "iotanalytics.amazonaws.com", "eventName": "CreateChannel",
         "awsRegion": "us-east-1", "recipientAccountId": "111111111111",
         "eventID": "00000000-0000-4000-8000-00000000000%d" % i,
         "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/n"}}
    del r[drop]
    recs.append(r)
with open(os.path.join(d, "111111111111_CloudTrail_us-east-1_20240503T0110Z_nulls.json.gz"), "wb") as f:
    f.write(gzip.compress(json.dumps({"Records": recs}).encode(), mtime=0))
PY
share_workdir

q "DROP SCHEMA IF EXISTS pp CASCADE; DROP SERVER IF EXISTS pp_trail CASCADE;
   CREATE SERVER pp_trail FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA pp;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events, create_channel, describe_channel)
       FROM SERVER pp_trail INTO pp OPTIONS (location '$work/trail/AWSLogs/');
   CREATE TABLE pp.store AS SELECT * FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')
       WHERE event_time < '2024-05-04 06:00+00';
   CREATE TABLE pp.names (name text, region text);
   INSERT INTO pp.names VALUES ('CreateChannel', 'us-east-1'), ('GetObject', 'eu-west-1'),
       ('DeleteDatastore', NULL), (NULL, 'ap-south-1'), ('Nope', 'us-east-1');
   ANALYZE pp.store, pp.names" >/dev/null

# The reported shapes first, each against its literal form
lit=$(q "SELECT count(*) FROM pp.events WHERE event_time < '2024-05-04 06:00+00'")
sub=$(q "SELECT count(*) FROM pp.events WHERE event_time < (SELECT '2024-05-04 06:00+00'::timestamptz)")
expect "event_time < (SELECT ...) = the literal form" "$sub" "^$lit$"
expect "  ... which is not empty" "$lit" '^[1-9][0-9]*$'
sub=$(q "SELECT count(*) FROM pp.events WHERE event_time <= (SELECT max(event_time) FROM pp.store)")
lit=$(q "SELECT count(*) FROM pp.events WHERE event_time <= '$(q "SELECT max(event_time) FROM pp.store")'")
expect "event_time <= (SELECT max(event_time) FROM store) = its literal" "$sub" "^$lit$"
for col in aws_region event_name recipient_account_id; do
	val=$(q "SELECT $col FROM pp.store WHERE $col IS NOT NULL LIMIT 1")
	lit=$(q "SELECT count(*) FROM pp.events WHERE $col = '$val'")
	sub=$(q "SELECT count(*) FROM pp.events WHERE $col = (SELECT '$val')")
	expect "$col = (SELECT ...) = the literal form" "$sub" "^$lit$"
	sub=$(q "SELECT count(*) FROM pp.events WHERE $col = (SELECT NULL::text)")
	expect "  ... = (SELECT NULL): no rows" "$sub" '^0$'
done
lit=$(q "SELECT count(*) FROM pp.create_channel WHERE event_time < '2024-05-04 06:00+00'")
sub=$(q "SELECT count(*) FROM pp.create_channel WHERE event_time < (SELECT '2024-05-04 06:00+00'::timestamptz)")
expect "through a per-action view" "$sub" "^$lit$"
plan=$(q "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
          SET max_parallel_workers_per_gather = 2;
          EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF)
          SELECT count(*) FROM pp.events WHERE event_time < (SELECT '2024-05-04 06:00+00'::timestamptz)
             AND aws_region = (SELECT 'us-east-1')")
expect "parallel: an InitPlan over a parallel foreign scan" "$plan" 'InitPlan.*Workers Launched: [12].*Parallel Foreign Scan'
expect "  ... pruned with the InitPlans' values" "$plan" 'Pruning: delivery days - \.\. 2024-05-05, regions 1'
sub=$(q "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
         SET max_parallel_workers_per_gather = 2;
         SELECT count(*) FROM pp.events WHERE event_time < (SELECT '2024-05-04 06:00+00'::timestamptz)
            AND aws_region = (SELECT 'us-east-1')")
lit=$(q "SET iotatrail.pushdown = off; SELECT count(*) FROM pp.events
         WHERE event_time < '2024-05-04 06:00+00' AND aws_region = 'us-east-1'")
expect "  ... the rows of the serial scan without pushdown" "$sub" "^$lit$"
# a nested loop's parameter changes on every rescan
plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF)
          SELECT n.name, s.c FROM pp.names n, LATERAL (SELECT count(*) AS c FROM pp.events e
                                                      WHERE e.event_name = n.name) s")
expect "LATERAL: the foreign scan is rescanned per outer row" "$plan" 'Foreign Scan on events e \(actual rows=[0-9.]+ loops=5\)'
expect "  ... and prunes with each row's value" "$plan" 'Pushed Down: event_name.*Pruning: event names 1'
expect "  ... so the executor removes no row" "$(printf '%s' "$plan" | grep -c 'Rows Removed by Filter')" '^0$'
# pushdown off is the reference, and really off
files_read() {
	q "$1 EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF)
	   SELECT count(*) FROM pp.events WHERE event_name = 'CreateChannel' AND event_time < '2024-05-02'" |
		sed -n 's/.*Files Read: \([0-9]*\).*/\1/p'
}
off=$(files_read "SET iotatrail.pushdown = off;")
on=$(files_read "")
expect "iotatrail.pushdown = off: every file read" "$off" "^$(find "$work/trail" -path '*/CloudTrail/*' -name '*.json.gz' | wc -l)$"
expect "  ... on (the default): fewer ($on)" "$((on < off / 2))" '^1$'
plan=$(q "SET iotatrail.pushdown = off; EXPLAIN SELECT count(*) FROM pp.events WHERE event_name = 'CreateChannel'")
expect "  ... off: EXPLAIN names nothing pushed down" "$(printf '%s' "$plan" | grep -c 'Pushed Down')" '^0$'

# Random WHEREs: the same script with pushdown off (reference), on, and on
# in forced-parallel plans
q "SELECT event_time FROM pp.store ORDER BY event_id LIMIT 40" > "$work/times"
/usr/bin/python3 - "$work/times" > "$work/random.sql" <<'PY'
import random, sys
rng = random.Random(13)
times = [l.strip() for l in open(sys.argv[1]) if l.strip()]
regions = ["'us-east-1'", "'eu-west-1'", "'ap-south-1'", "'xx-none-1'"]
accounts = ["'111111111111'", "'222222222222'"]
names = ["'CreateChannel'", "'DescribeChannel'", "'DeleteDatastore'", "'RunPipelineActivity'", "'GetObject'", "'Nope'"]

def stamp():
    return "'2024-05-%02d %02d:%02d:00+00'" % (rng.randint(1, 9), rng.randint(0, 23), rng.choice([0, 7, 30, 59]))

def value(lit, typ):
    r = rng.random()
    if r < 0.45:
        return lit
    if r < 0.8:
        return "(SELECT %s::%s)" % (lit, typ)
    if r < 0.9:
        return "(SELECT NULL::%s)" % typ
    return "NULL::%s" % typ

def day():
    return "'2024-05-%02d'" % rng.randint(1, 9)

def local_stamp():
    return "'2024-05-%02d %02d:%02d:00'" % (rng.randint(1, 9), rng.randint(0, 23), rng.choice([0, 7, 30, 59]))

def time_atom():
    r = rng.random()
    op = rng.choice(["<", "<=", ">", ">=", "="])
    if r < 0.3:
        return "event_time %s %s" % (op, value(stamp(), "timestamptz"))
    if r < 0.37:
        return "event_time BETWEEN %s AND %s::timestamptz + interval '%d hours'" % (
            value(stamp(), "timestamptz"), stamp(), rng.randint(1, 60))
    if r < 0.42:
        return "event_time %s (SELECT max(event_time) FROM pp.store)" % op
    if r < 0.47:
        return "event_time %s (SELECT min(event_time) + interval '%d hours' FROM pp.store)" % (op, rng.randint(0, 90))
    if r < 0.5:
        return "event_time IS %sNULL" % rng.choice(["", "NOT "])
    # the forms BI tools write: date and timestamp bounds (in the session
    # time zone), current_date - N, event_time::date, date_trunc('day'), IN
    if r < 0.57:
        return "event_time %s %s" % (op, value(day(), "date"))
    if r < 0.64:
        return "event_time %s %s" % (op, value(local_stamp(), "timestamp"))
    if r < 0.71:
        return "%s %s %s" % (rng.choice(["event_time::date", "date(event_time)", "CAST(event_time AS date)"]), op, value(day(), "date"))
    if r < 0.78:
        return "date_trunc('%s', event_time) %s %s" % (rng.choice(["day", "DAY"]), op, rng.choice(
            [value(stamp(), "timestamptz"), value(day(), "date"), day() + "::timestamp", "date_trunc('day', %s::timestamptz)" % stamp()]))
    if r < 0.83:
        return "event_time %s current_date - (current_date - date %s)%s" % (
            rng.choice([">=", "<", ">"]), day(), rng.choice(["", " + %d" % rng.randint(0, 3)]))
    if r < 0.88:
        return "event_time::date BETWEEN %s AND %s::date + %d" % (day(), day(), rng.randint(0, 3))
    if r < 0.94:
        return "event_time IN (%s)" % ", ".join([stamp() for _ in range(rng.randint(1, 3))] +
                                                 ["'%s'" % t for t in rng.sample(times, 2)])
    return "event_time = ANY ((SELECT array_agg(event_time) FROM (SELECT event_time FROM pp.store ORDER BY event_id OFFSET %d LIMIT %d) s)::timestamptz[])" % (
        rng.randint(0, 600), rng.randint(0, 3))

def text_atom(col, vals):
    r = rng.random()
    if r < 0.5:
        return "%s = %s" % (col, value(rng.choice(vals), "text"))
    if r < 0.7:
        return "%s IN (%s)" % (col, ", ".join(rng.sample(vals, 2)))
    if r < 0.8:
        return "%s = ANY ((SELECT ARRAY[%s, NULL])::text[])" % (col, ", ".join(rng.sample(vals, 2)))
    if r < 0.9:
        return "%s = ANY (ARRAY[%s]::text[])" % (col, rng.choice(vals))
    return "%s IS %sNULL" % (col, rng.choice(["", "NOT "]))

def atom(view=False):
    r = rng.random()
    if view and 0.55 <= r < 0.75:
        r = 0.9
    if r < 0.35:
        return time_atom()
    if r < 0.55:
        return text_atom("aws_region", regions)
    if r < 0.75:
        return text_atom("event_name", names)
    if r < 0.85:
        return text_atom("recipient_account_id", accounts)
    return rng.choice(["error_code IS NULL", "error_code IS NOT NULL", "error_code = 'AccessDenied'",
                       "error_code = (SELECT 'AccessDenied')"])

def where(view=False):
    conds = [atom(view) for _ in range(rng.randint(1, 4))]
    r = rng.random()
    if r < 0.15:
        conds = ["(%s OR %s)" % (atom(view), atom(view))] + conds[1:]
    elif r < 0.25:
        conds = ["NOT (%s)" % atom(view)] + conds[1:]
    return " AND ".join(conds)

fp = "count(*) || ' ' || md5(coalesce(string_agg(event_id::text || coalesce(event_name, '-'), ',' ORDER BY event_id, record_index), ''))"
view_fp = "count(*) || ' ' || md5(coalesce(string_agg(event_id::text || principal_arn, ',' ORDER BY event_id, event_time), ''))"
n = 0
for i in range(240):
    n += 1
    if i % 8:
        print("SELECT '%d', %s FROM pp.events WHERE %s;" % (n, fp, where()))
    else:
        print("SELECT '%d', %s FROM %s WHERE %s;" % (n, view_fp, rng.choice(["pp.create_channel", "pp.describe_channel"]), where(True)))
# $n parameters of a generic plan
for i in range(30):
    n += 1
    print("PREPARE p%d(timestamptz, text, text) AS SELECT '%d', %s FROM pp.events"
          " WHERE event_time %s $1 AND aws_region = $2 AND event_name IN ($3, 'GetObject');"
          % (n, n, fp, rng.choice(["<", ">=", "<="])))
    print("EXECUTE p%d(%s, %s, %s);" % (n, rng.choice([stamp(), "NULL"]), rng.choice(regions + ["NULL"]), rng.choice(names)))
    print("EXECUTE p%d(%s, %s, %s);" % (n, stamp(), rng.choice(regions), rng.choice(names)))
# nested loops and LATERAL: the inner scan's values change per outer row
for i in range(30):
    n += 1
    cond = rng.choice(["e.event_name = o.name", "e.aws_region = o.region",
                       "e.event_name = o.name AND e.aws_region = o.region",
                       "e.event_time >= o.t AND e.event_time < o.t + interval '1 day'",
                       "e.event_time < o.t AND e.event_name = o.name"])
    extra = rng.choice(["", " AND " + text_atom("e.aws_region", regions), " AND " + text_atom("e.recipient_account_id", accounts),
                        " AND e.event_time %s %s" % (rng.choice(["<", ">="]), value(stamp(), "timestamptz"))])
    print("SELECT '%d', string_agg(coalesce(o.name, '-') || coalesce(o.region, '-') || ':' || s.c, ',' ORDER BY o.name, o.region, o.t) "
          "FROM (SELECT n.*, %s::timestamptz + (row_number() OVER (ORDER BY name, region)) * interval '9 hours' AS t FROM pp.names n) o, "
          "LATERAL (SELECT %s AS c FROM pp.events e WHERE %s%s) s;" % (n, stamp(), fp, cond, extra))
for i in range(20):
    n += 1
    print("SELECT '%d', string_agg(coalesce(o.name, '-') || ':' || (SELECT count(*) FROM pp.events e WHERE e.event_name = o.name AND %s), ',' ORDER BY o.name) FROM pp.names o;"
          % (n, "e.event_time %s %s" % (rng.choice(["<", "<=", ">", ">="]), value(stamp(), "timestamptz"))))
# the date forms in other session time zones (fixed offsets and daylight
# saving time: Kolkata +05:30, Lord Howe's half hour, Havana's midnight
# changes)
for tz in ["Asia/Kolkata", "America/Havana", "Australia/Lord_Howe", "Pacific/Kiritimati", "America/Los_Angeles"]:
    print("SET timezone = '%s';" % tz)
    for i in range(12):
        n += 1
        print("SELECT '%d', %s FROM pp.events WHERE %s;" % (n, fp, " AND ".join(time_atom() for _ in range(rng.randint(1, 2)))))
print("SET timezone = 'UTC';")
PY
nq=$(grep -c "^SELECT '\|^EXECUTE" "$work/random.sql")
serial="SET max_parallel_workers_per_gather = 0;"
parallel="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
          SET max_parallel_workers_per_gather = 2;"
started=$(q "SELECT pg_postmaster_start_time()")
run_random() {
	{
		echo "SET timezone = 'UTC'; SET plan_cache_mode = force_generic_plan; $1"
		cat "$work/random.sql"
	} | psql -X -q -A -t -v ON_ERROR_STOP=0 2>&1
}
run_random "SET iotatrail.pushdown = off; $serial" > "$work/off.out"
run_random "$serial" > "$work/on.out"
run_random "$parallel" > "$work/parallel.out"
expect "reference run: no errors" "$(grep -c -i 'error\|server closed' "$work/off.out")" '^0$'
expect "  ... an answer per query" "$(grep -c '^[0-9]*|' "$work/off.out")" "^$nq$"
expect "  ... not all empty" "$(grep -c '^[0-9]*|0 ' "$work/off.out")" "^([0-9]|[0-9][0-9]|1[0-9][0-9])$"
d=$(diff "$work/off.out" "$work/on.out" | head -20)
expect "pushdown on = pushdown off over $nq queries" "${d:-same}" '^same$'
d=$(diff "$work/off.out" "$work/parallel.out" | head -20)
expect "forced-parallel pushdown = pushdown off over $nq queries" "${d:-same}" '^same$'
plan=$( { echo "$parallel"; echo "EXPLAIN (COSTS OFF) $(grep -m1 "^SELECT '.*FROM pp.events WHERE" "$work/random.sql")"; } |
	psql -X -q -A -t 2>&1)
expect "  ... with parallel plans" "$plan" 'Parallel Foreign Scan'
expect "the server never restarted" "$(q "SELECT pg_postmaster_start_time() = '$started'")" '^t$'
[ -n "${KEEP:-}" ] || q "DROP SCHEMA pp CASCADE; DROP SERVER pp_trail CASCADE" >/dev/null 2>&1
finish
