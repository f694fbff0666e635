#!/usr/bin/env bash
# A trail sharded over 3 storage nodes (clusters of their own, on other
# ports) and a coordinator whose events table is partitioned by account, one
# postgres_fdw partition per node, as README's "Sharding" recipe builds it.
# Compared with one database holding everything (the main cluster): counts
# per action, README questions, md5 of per-action views; EXPLAIN shows the
# pruned partitions, Async Foreign Scan, the WHERE and the aggregates in the
# remote SQL; a stopped node gives an error naming it at once, a hung one is
# ended by statement_timeout and named by probing each partition; new log
# files and a fourth node for a new account.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
started=$SECONDS
fresh_workdir
NODES_DIR=$work/nodes
source "$(dirname "$0")/../nodes.sh"
cleanup() {
	nodes_stop_all
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS shard" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# an organization trail of 6 accounts; the 6th and every account's July are
# held back, to arrive later
/usr/bin/python3 test/make_trail.py org "$work/org" 300 6 > "$work/accounts"
read -r -a accounts <<< "$(sed 's/^.*records, //' "$work/accounts")"
org=$work/org/AWSLogs/o-exampleorg
late=${accounts[5]}
mkdir -p "$work/later"
mv "$org/$late" "$work/later/"
for d in "$org"/*/CloudTrail/*/2024/07; do
	mkdir -p "$work/later/july/${d#"$org"/}"
	mv "$d"/* "$work/later/july/${d#"$org"/}/"
done
share_workdir

# q and nq, but a failing statement does not end the script (set -e); cq on
# the coordinator's database
sq() { q "$1" || true; }
cq() { PGDATABASE=shard q "$1" || true; }
snq() { nq "$1" "$2" || true; }
same() { [ "$1" = "$2" ] && echo same || echo "differs: $(printf '%s' "$1" | head -c 300) / $(printf '%s' "$2" | head -c 300)"; }

sq "CREATE DATABASE shard" >/dev/null
cq "CREATE EXTENSION iotatrail; CREATE EXTENSION postgres_fdw" >/dev/null

echo "-- one database with everything (the reference)"
cq "CREATE SERVER trail FOREIGN DATA WRAPPER iotatrail;
    CREATE SCHEMA trail; CREATE SCHEMA single;
    CREATE FOREIGN TABLE trail.everything (event_time timestamptz) SERVER trail OPTIONS (location '$work/org/AWSLogs/')" >/dev/null
out=$(cq "CALL iotatrail.sync('trail.everything', 'single.events')")
expect "the single database loads the trail" "$out" 'synced [0-9]+ objects'
cq "SELECT iotatrail.create_views('single', 'single.events')" >/dev/null
total=$(cq "SELECT count(*) FROM single.events")
nobj=$(cq "SELECT count(*) FROM iotatrail.list_objects('$work/org/AWSLogs/')")
echo "  $nobj log files, $total events"

echo "-- picking: accounts by bytes, largest first, dealt round the nodes"
# the recipe's query: the account of each log file from its key
assign=$(cq "SELECT string_agg(account || ' ' || node, ' ' ORDER BY node, account) FROM (
                 SELECT account, 'node' || ((row_number() OVER (ORDER BY sum(size) DESC, account) - 1) % 3 + 1) AS node
                   FROM (SELECT substring(object FROM '/AWSLogs/(?:o-[a-z0-9]+/)?([0-9]{12})/') AS account, size
                           FROM iotatrail.list_objects('$work/org/AWSLogs/')) o
                  GROUP BY account) a")
expect "5 accounts over 3 nodes" "$assign" '^([0-9]{12} node[1-3] ?){5}$'
declare -A node_accounts
while read -r acct node; do
	node_accounts[$node]="${node_accounts[$node]:-} $acct"
done < <(printf '%s\n' $assign | paste -d' ' - -)

# a storage node: a foreign table per account (its prefix: nothing else is
# listed or read), a sync target per account, a view uniting them
node_sql() {
	cat <<SQL
CREATE EXTENSION iotatrail;
CREATE SERVER trail FOREIGN DATA WRAPPER iotatrail;
CREATE SCHEMA trail;
CREATE SCHEMA audit;
CREATE PROCEDURE audit.sync_node()
LANGUAGE plpgsql
AS \$\$
DECLARE
    t record;
    added boolean := false;
BEGIN
    FOR t IN SELECT c.oid::regclass AS source, format('audit.%I', c.relname) AS target
               FROM pg_class c
              WHERE c.relnamespace = 'trail'::regnamespace AND c.relkind = 'f'
              ORDER BY c.relname
    LOOP
        added := added OR to_regclass(t.target) IS NULL;
        CALL iotatrail.sync(t.source, t.target);
    END LOOP;
    IF added THEN
        EXECUTE (SELECT 'CREATE OR REPLACE VIEW audit.events AS '
                        || string_agg(format('SELECT * FROM audit.%I', c.relname), ' UNION ALL ' ORDER BY c.relname)
                   FROM pg_class c
                  WHERE c.relnamespace = 'audit'::regnamespace AND c.relkind = 'p' AND NOT c.relispartition);
    END IF;
END
\$\$;
SQL
}
account_sql() {
	echo "CREATE FOREIGN TABLE trail.a$1 (event_time timestamptz) SERVER trail OPTIONS (location '$org/$1/');"
}

for node in node1 node2 node3; do
	node_start "$node" shared_buffers=32MB max_connections=20
	sql=$(node_sql)
	for acct in ${node_accounts[$node]}; do sql="$sql $(account_sql "$acct")"; done
	snq "$node" "$sql" >/dev/null
	# what pg_cron runs on the node
	out=$(snq "$node" "CALL audit.sync_node()")
	expect "$node (${node_accounts[$node]# }): CALL audit.sync_node() syncs its accounts" "$out" 'synced [0-9]+ objects'
done
out=$(for node in node1 node2 node3; do
	snq "$node" "SELECT object FROM iotatrail.sync_manifest"
done | sort)
expect "the nodes loaded every log file once between them" "$(printf '%s\n' "$out" | wc -l) $(printf '%s\n' "$out" | uniq -d | wc -l)" "^$nobj 0$"
for node in node1 node2 node3; do
	pat=$(echo ${node_accounts[$node]} | tr ' ' '|')
	expect "  ... $node only those under its accounts' prefixes" \
		"$(snq "$node" "SELECT count(*) FROM iotatrail.sync_manifest WHERE object !~ '/o-exampleorg/($pat)/'")" '^0$'
done

echo "-- the coordinator"
coord_server() {	# NAME: the server and user mapping of a node
	echo "CREATE SERVER $1 FOREIGN DATA WRAPPER postgres_fdw
	          OPTIONS (host '127.0.0.1', port '${NODE_PORT[$1]}', dbname 'postgres',
	                   async_capable 'true', fetch_size '10000', connect_timeout '2');
	      CREATE USER MAPPING FOR CURRENT_USER SERVER $1 OPTIONS (user 'postgres');"
}
coord_partition() {	# NAME ACCOUNTS...
	local node=$1
	shift
	echo "CREATE FOREIGN TABLE audit.events_$node PARTITION OF audit.events
	          FOR VALUES IN ($(printf "'%s'," "$@" | sed 's/,$//'))
	          SERVER $node OPTIONS (schema_name 'audit', table_name 'events');"
}
sql="CREATE SCHEMA audit;
     CREATE TABLE audit.events (LIKE iotatrail.event) PARTITION BY LIST (recipient_account_id);"
for node in node1 node2 node3; do
	sql="$sql $(coord_server $node) $(coord_partition $node ${node_accounts[$node]})"
done
out=$(cq "$sql SELECT 'created'")
expect "servers, user mappings, partitioned events with a foreign partition per node" "$out" '^created$'
cq "ALTER DATABASE shard SET enable_partitionwise_aggregate = on" >/dev/null
expect "create_views over the partitioned table" "$(cq "SELECT count(*) FROM iotatrail.create_views('audit', 'audit.events')")" '^31$'

# compare QUERY (with SCHEMA standing for audit or single): the md5 of its
# answer on the coordinator and on the single database
compare() {
	local name=$1 sql=$2 a b
	a=$(cq "${sql//SCHEMA/audit}")
	b=$(cq "${sql//SCHEMA/single}")
	expect "$name" "$(printf '%s' "$b" | grep -c '') $(same "$a" "$b")" '^[1-9][0-9]* same$'
}
answers() {
	compare "counts per action: coordinator = single" \
		"SELECT event_name, count(*) FROM SCHEMA.events GROUP BY 1 ORDER BY 1"
	compare "counts per account, region and month" \
		"SELECT recipient_account_id, aws_region, date_trunc('month', event_time), count(*), count(DISTINCT event_id) FROM SCHEMA.events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
	local v
	for v in create_channel update_channel delete_datastore run_pipeline_activity resource_activity; do
		compare "md5 of $v's rows in order" \
			"SELECT count(*) || ' ' || md5(string_agg(v::text, E'\n' ORDER BY v::text)) FROM SCHEMA.$v v"
	done
	compare "README: last change per resource" \
		"SELECT DISTINCT ON (resource_arn) resource_arn, action, event_time, principal_arn FROM SCHEMA.resource_activity
		  WHERE verb IN ('create', 'update', 'delete') AND succeeded ORDER BY resource_arn, event_time DESC, event_id"
	compare "README: resources created but never described" \
		"SELECT c.resource_arn FROM SCHEMA.resource_activity c WHERE c.verb = 'create' AND c.succeeded
		   AND NOT EXISTS (SELECT FROM SCHEMA.resource_activity d WHERE d.verb = 'read' AND d.resource_arn = c.resource_arn)
		 ORDER BY 1"
	compare "README: failed calls by principal" \
		"SELECT principal_arn, error_code, count(*) FROM SCHEMA.resource_activity WHERE NOT succeeded GROUP BY 1, 2 ORDER BY 1, 2"
	compare "README: activity from outside known address ranges" \
		"SELECT source_ip, principal_arn, count(*) FROM SCHEMA.resource_activity
		  WHERE source_ip IS NOT NULL AND NOT source_ip << '10.0.0.0/8' GROUP BY 1, 2 ORDER BY 1, 2"
	compare "a week of one account and region" \
		"SELECT event_id, event_name, event_time FROM SCHEMA.events
		  WHERE recipient_account_id = '${accounts[1]}' AND aws_region = 'eu-west-1'
		    AND event_time >= '2024-05-01' AND event_time < '2024-05-08' ORDER BY 3, 1"
}
answers
expect "  (the coordinator sees every event)" "$(cq "SELECT count(*) FROM audit.events")" "^$total$"

echo "-- plans"
a1=$(echo ${node_accounts[node1]} | cut -d' ' -f1)
a2=$(echo ${node_accounts[node2]} | cut -d' ' -f1)
plan=$(cq "EXPLAIN (VERBOSE, COSTS OFF) SELECT event_name, event_time FROM audit.events
           WHERE recipient_account_id IN ('$a1', '$a2') AND aws_region = 'eu-west-1'
             AND event_time >= '2024-05-01' AND event_time < '2024-06-01'")
printf '%s\n' "$plan" | sed 's/^/       /'
expect "accounts of two nodes: Append of two Async Foreign Scans" "$(printf '%s' "$plan" | grep -c 'Async Foreign Scan on audit.events_node')" '^2$'
expect "  ... the third node pruned" "$(printf '%s' "$plan" | grep -c 'events_node3')" '^0$'
expect "  ... the WHERE travels to the nodes" "$(printf '%s' "$plan" | grep 'Remote SQL' | head -1)" \
	"Remote SQL: SELECT event_time, event_name FROM audit.events WHERE \(\(recipient_account_id = ANY \('\{$a1,$a2\}'::text\[\]\)\)\) AND \(\(event_time >= '2024-05-01 00:00:00\+00'\)\) AND \(\(event_time < '2024-06-01 00:00:00\+00'\)\) AND \(\(aws_region = 'eu-west-1'\)\)$"
plan=$(cq "EXPLAIN (VERBOSE, COSTS OFF) SELECT recipient_account_id, count(*) FROM audit.events WHERE recipient_account_id = '$a2' GROUP BY 1")
expect "one account: one node, a plain Foreign Scan" \
	"$(printf '%s' "$plan" | grep -c 'Foreign Scan') $(printf '%s' "$plan" | grep -Ec 'Append|Async|events_node[13]')" '^1 0$'
expect "  ... the account in its remote SQL" "$(printf '%s' "$plan" | grep 'Remote SQL')" \
	"Remote SQL: SELECT recipient_account_id.* FROM audit.events WHERE \(\(recipient_account_id = '$a2'\)\)"
plan=$(cq "EXPLAIN (VERBOSE, COSTS OFF) SELECT recipient_account_id, event_name, count(*) FROM audit.events GROUP BY 1, 2")
expect "GROUP BY with the partition key: the aggregate runs on every node, asynchronously" \
	"$(printf '%s' "$plan" | grep -c 'Async Foreign Scan')" '^3$'
expect "  ... remote SQL with GROUP BY" "$(printf '%s' "$plan" | grep -c 'Remote SQL: SELECT recipient_account_id, event_name, count(\*) FROM audit.events GROUP BY 1, 2')" '^3$'
plan=$(cq "EXPLAIN (VERBOSE, COSTS OFF) SELECT channel_name, retention_days FROM audit.update_channel
           WHERE retention_days = 30 AND event_time >= '2024-06-01'")
expect "a per-action view: its action and the time travel to the nodes" "$(printf '%s' "$plan" | grep 'Remote SQL' | head -1)" \
	"Remote SQL: SELECT request_parameters FROM audit.events WHERE \(\(event_time >= '2024-06-01 00:00:00\+00'\)\) AND \(\(event_source = 'iotanalytics.amazonaws.com'\)\) AND \(\(event_name = 'UpdateChannel'\)\)$"
expect "  ... a condition on a column it computes from jsonb is checked on the coordinator" \
	"$(printf '%s' "$plan" | grep -c 'Filter: (iotatrail.json_integer(')" '^3$'
out=$(snq node1 "EXPLAIN (COSTS OFF) SELECT event_time FROM audit.events WHERE event_time >= '2024-06-01' AND event_time < '2024-07-01'")
expect "on a node, event_time prunes the monthly partitions of its stores" \
	"$(printf '%s' "$out" | grep -c '_y2024m06') $(printf '%s' "$out" | grep -Ec '_y2024m0[345]|_default')" '^[1-9] 0$'

echo "-- a node down"
node_stop node2
t0=$SECONDS
out=$(cq "SELECT count(*) FROM audit.events")
expect "a stopped node: an error naming it" "$out" 'ERROR:  could not connect to server "node2"'
expect "  ... at once" "$((SECONDS - t0 <= 5))" '^1$'
out=$(cq "SELECT count(*) FROM audit.events WHERE recipient_account_id IN ('$a1', '${node_accounts[node3]# }')")
want=$(cq "SELECT count(*) FROM single.events WHERE recipient_account_id IN ('$a1', '${node_accounts[node3]# }')")
expect "  ... a query pruned to the other nodes still answers" "$out" "^$want$"
node_start node2 shared_buffers=32MB max_connections=20
# a node whose kernel still accepts connections but whose server does not
# answer: postgres_fdw 15 applies connect_timeout; from 16 on its wait for
# the connection does not, and the coordinator's statement_timeout ends it
major=$(cq "SELECT current_setting('server_version_num')::int / 10000")
if [ "$major" -ge 16 ]; then
	hung='canceling statement due to statement timeout$'
else
	hung='could not connect to server "node3".*timeout expired'
fi
kill -STOP "$(node_pid node3)"
t0=$SECONDS
out=$(PGOPTIONS="-c statement_timeout=4s" cq "SELECT count(*) FROM audit.events")
took=$((SECONDS - t0))
expect "a hung node (postmaster stopped by SIGSTOP), statement_timeout 4s: ${hung%\$}" "$out" \
	"^ERROR:  $hung"
expect "  ... not a hang ($took s)" "$((took >= 1 && took <= 10))" '^1$'
out=$(for node in node1 node2 node3; do
	r=$(PGOPTIONS="-c statement_timeout=3s" cq "SELECT count(*) FROM audit.events_$node")
	[[ "$r" =~ ^[0-9]+$ ]] || echo "$node: $r"
done)
expect "  ... the probe of each partition names it" "$out" "^node3: ERROR:  $hung"
kill -CONT "$(node_pid node3)"
expect "both back: the whole answer again" "$(cq "SELECT count(*) FROM audit.events")" "^$total$"

echo "-- more log files, and a fourth node for a new account"
cp -r "$work/later/july/." "$org/"
mv "$work/later/$late" "$org/"
share_workdir
node_start node4 shared_buffers=32MB max_connections=20
snq node4 "$(node_sql) $(account_sql "$late")" >/dev/null
for node in node1 node2 node3 node4; do
	out=$(snq "$node" "CALL audit.sync_node()")
	expect "$node: the scheduled CALL loads only the new files" "$out" 'synced [1-9][0-9]* objects \([0-9]+ new, 0 changed\)'
done
out=$(cq "$(coord_server node4) $(coord_partition node4 "$late") SELECT 'attached'")
expect "the coordinator attaches node4's partition" "$out" '^attached$'
cq "CALL iotatrail.sync('trail.everything', 'single.events')" >/dev/null
total=$(cq "SELECT count(*) FROM single.events")
expect "  (the trail grew)" "$(cq "SELECT count(*) FROM single.events WHERE recipient_account_id = '$late' OR event_time >= '2024-07-01'")" '^[1-9][0-9]*$'
answers
expect "  (the coordinator sees every event)" "$(cq "SELECT count(*) FROM audit.events")" "^$total$"

echo "  shard test took $((SECONDS - started)) s"
finish
