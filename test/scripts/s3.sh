#!/usr/bin/env bash
# S3 against a real S3-compatible server: s3rver (npm) behind a proxy that
# verifies every SigV4 signature with botocore and injects faults on
# request.  A trail of 1100+ objects is read from S3 and from disk and must
# give the same rows: with pagination, virtual-hosted URLs, 503s, SlowDown
# and cut connections, and with credentials from every link of the chain
# that can be simulated here (user mapping, environment, shared files,
# container endpoint, instance metadata, STS AssumeRole, web identity).
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
top=$PWD
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	restore_server_env
}
trap cleanup EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() {
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "port $1 never opened"
	return 1
}

# the server process's environment, for the credential chain tests
envfile="${PG_CLUSTER_CONF_ROOT:-}/${PGVERSION:-15}/regress/environment"
[ -f "$envfile" ] && cp "$envfile" "$work/environment.orig"
set_server_env() {
	[ -f "$work/environment.orig" ] || return 1
	cp "$work/environment.orig" "$envfile"
	for kv in "$@"; do
		echo "${kv%%=*} = '${kv#*=}'" >> "$envfile"
	done
	pg_ctlcluster "${PGVERSION:-15}" regress restart >/dev/null 2>&1
}
restore_server_env() {
	if [ -f "$work/environment.orig" ] && ! cmp -s "$work/environment.orig" "$envfile"; then
		cp "$work/environment.orig" "$envfile"
		pg_ctlcluster "${PGVERSION:-15}" regress restart >/dev/null 2>&1
	fi
}

# --- the servers -----------------------------------------------------------
( cd test/s3 && [ -d node_modules/s3rver ] || npm ci --no-audit --no-fund >/dev/null 2>&1 )
s3port=$(free_port)
proxyport=$(free_port)
credport=$(free_port)
mkdir -p "$work/s3data"
NODE_OPTIONS=--openssl-legacy-provider test/s3/node_modules/.bin/s3rver -d "$work/s3data" \
	-a 127.0.0.1 -p "$s3port" --silent > "$work/s3rver.log" 2>&1 &
pids+=($!)
cat > "$work/creds.json" <<EOF
[{"name": "mapping", "access_key_id": "AKIDMAPPING0000001", "secret_access_key": "mapping/SECRET+key=1"},
 {"name": "session", "access_key_id": "ASIASESSION0000001", "secret_access_key": "session-secret", "session_token": "FwoGZXIvYXdzEXAMPLE//token=="},
 {"name": "expired", "access_key_id": "ASIAEXPIRED0000001", "secret_access_key": "expired-secret", "session_token": "old-token", "expired": true},
 {"name": "environment", "access_key_id": "AKIDENVIRONMENT001", "secret_access_key": "env-secret"},
 {"name": "files", "access_key_id": "AKIDFILES000000001", "secret_access_key": "files-secret"},
 {"name": "container", "access_key_id": "ASIACONTAINER00001", "secret_access_key": "container-secret", "session_token": "container-token"},
 {"name": "instance", "access_key_id": "ASIAINSTANCE000001", "secret_access_key": "instance-secret", "session_token": "instance-token"},
 {"name": "assumed", "access_key_id": "ASIAASSUMED0000001", "secret_access_key": "assumed-secret", "session_token": "assumed-token"}]
EOF
/usr/bin/python3 test/s3/sigv4_proxy.py --port "$proxyport" --upstream-port "$s3port" \
	--credentials "$work/creds.json" --bucket-region elsewhere=eu-west-1 > "$work/proxy.log" 2>&1 &
pids+=($!)
/usr/bin/python3 test/s3/credential_endpoints.py --port "$credport" --credentials "$work/creds.json" \
	--token container-auth-token --public-key-dir "$work/dkeys" \
	--s3-proxy "http://127.0.0.1:$proxyport" > "$work/creds.log" 2>&1 &
pids+=($!)
wait_port "$s3port" && wait_port "$proxyport" && wait_port "$credport" || exit 1
faults() {
	curl -s -X POST "http://127.0.0.1:$proxyport/__faults" -d "$1" >/dev/null
}
# listing requests and object GETs the proxy has seen: "LISTS GETS"
proxy_counts() {
	curl -s "http://127.0.0.1:$proxyport/__stats" |
		/usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["lists"], d["object_gets"])'
}

loaded=$(/usr/bin/python3 test/s3/load_trail.py "$work/trail" "http://127.0.0.1:$s3port" trail 1100 30000 2>&1)
expect "trail loaded into the bucket" "$loaded" '^1102 objects, 33300 records'
/usr/bin/python3 test/s3/load_trail.py "$work/elsewhere" "http://127.0.0.1:$s3port" elsewhere 2 >/dev/null 2>&1
share_workdir
# concurrency 4: the SigV4 proxy in front of s3rver stalls a transfer for 30 s under 64
# requests at once (bench/s3 measures the default of 64 against its own server)

q "CREATE SERVER s3 FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://127.0.0.1:$proxyport', concurrency '4');
   CREATE USER MAPPING FOR CURRENT_USER SERVER s3
       OPTIONS (access_key_id 'AKIDMAPPING0000001', secret_access_key 'mapping/SECRET+key=1');
   CREATE SCHEMA s3trail;
   IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER s3 INTO s3trail OPTIONS (location 's3://trail/AWSLogs/');
   CREATE SCHEMA disk;
   IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER s3 INTO disk OPTIONS (location '$work/trail/AWSLogs/')" >/dev/null

# --- listing, streaming, same rows -----------------------------------------
fingerprint="SELECT count(*) || ' ' || md5(string_agg(event_id::text || event_name || event_time, ',' ORDER BY event_id))"
start=$(date +%s.%N)
local_fp=$(q "$fingerprint FROM disk.events")
local_s=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
s3_fp=$(q "$fingerprint FROM s3trail.events")
s3_s=$(echo "$(date +%s.%N) - $start" | bc)
expect "disk: 33300 records" "$local_fp" '^33300 '
expect "S3: the same rows as disk" "$s3_fp" "^${local_fp}$"
echo "  time: disk ${local_s}s, S3 (local server, SigV4 proxy) ${s3_s}s for 1101 objects"

# one process (a parallel scan's counts are checked below)
serial="SET max_parallel_workers_per_gather = 0;"
plan=$(q "$serial EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM s3trail.events")
expect "EXPLAIN: every key listed across pages (1102 > 1000)" "$plan" 'S3 Objects Listed: 1102'
expect "EXPLAIN: the digest is not read" "$plan" 'Files Read: 1101'
# (a retry, if the local server stalled under 64 requests at once, is one more)
req=$(printf '%s' "$plan" | sed -n 's/^ *S3 Requests: //p')
ret=$(printf '%s' "$plan" | sed -n 's/^ *S3 Retries: //p')
expect "EXPLAIN: two list pages and one GET per object (and per retry)" "$((${req:-0} - ${ret:-0}))" '^1103$'

out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', '*', server => 's3')")
expect "read_events with a server and a prefix" "$out" '^549$'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', '*')")
expect "  ... the same count from disk" "$out" '^549$'

# keys with spaces, '=', '+' and non-ASCII: path and prefix encoding
/usr/bin/python3 - "$s3port" "$work/trail" <<'PY'
import glob, sys
import botocore.session
from botocore.config import Config
c = botocore.session.get_session().create_client("s3", endpoint_url="http://127.0.0.1:%s" % sys.argv[1],
    region_name="us-east-1", aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER",
    config=Config(s3={"addressing_style": "path"}))
f = sorted(glob.glob(sys.argv[2] + "/AWSLogs/222222222222/CloudTrail/eu-west-1/*/*/*/*.json.gz"))[0]
c.put_object(Bucket="trail", Key="odd/a b=c+d \u00fc~(1)/log file+1.json.gz", Body=open(f, "rb").read())
PY
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/odd/a b=c+d ü~(1)/', '*', server => 's3')")
expect "keys with spaces, =, +, unicode: listed and fetched" "$out" '^3$'

q "CREATE SERVER s3v FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://localhost:$proxyport', url_style 'virtual');
   CREATE USER MAPPING FOR CURRENT_USER SERVER s3v
       OPTIONS (access_key_id 'AKIDMAPPING0000001', secret_access_key 'mapping/SECRET+key=1')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', '*', server => 's3v')")
expect "virtual-hosted style (trail.localhost)" "$out" '^549$'

# --- key-layout pruning: the same rows as a full scan, over random WHEREs ---
ranges=$(/usr/bin/python3 - <<'PY'
import random
rng = random.Random(11)
regions = ["us-east-1", "eu-west-1", "ap-south-1", "sa-east-1"]
for i in range(20):
    day = rng.randint(1, 30)
    lo = "2024-05-%02d %02d:%02d:00+00" % (min(day, 30), rng.randint(0, 23), rng.randint(0, 59))
    conds = []
    kind = i % 5
    if kind in (0, 1, 4):
        conds.append("event_time >= '%s'" % lo)
    if kind in (0, 2, 4):
        conds.append("event_time < '%s'::timestamptz + interval '%d hours'" % (lo, rng.randint(1, 80)))
    if kind == 3:
        conds.append("event_time BETWEEN '%s' AND '%s'::timestamptz + interval '%d minutes'" % (lo, lo, rng.randint(10, 3000)))
    if rng.random() < 0.5:
        conds.append("aws_region IN ('%s', '%s')" % (rng.choice(regions), rng.choice(regions)))
    elif rng.random() < 0.3:
        conds.append("aws_region = '%s'" % rng.choice(regions))
    if rng.random() < 0.4:
        conds.append("recipient_account_id = '%s'" % rng.choice(["111111111111", "222222222222", "333333333333"]))
    print(" AND ".join(conds))
PY
)
same_over_wheres "pruned S3 scans = full disk scans" "$ranges" \
	"$fingerprint FROM disk.events" "$fingerprint FROM s3trail.events"
plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM s3trail.events
          WHERE event_time BETWEEN '2024-05-03' AND '2024-05-04' AND aws_region = 'eu-west-1'")
expect "EXPLAIN: the pruning and what it spared" "$plan" 'S3 Key Pruning: delivery days 2024-05-03 .. 2024-05-05, regions 1.*S3 Prefixes Pruned: [1-9][0-9]*.*S3 Objects Listed: [1-9][0-9]?([^0-9]|$)'
expect "  ... a small fraction of the objects read" "$plan" 'Files Read: [0-9]{1,2}([^0-9]|$)'
# a walk into many day folders lists them at once, ahead of the transfers
# (each listing answered after 50 ms here)
faults '{"delay_ms": 50}'
days="event_time >= '2024-05-05' AND event_time < '2024-05-20'"
out=$(q "$fingerprint FROM s3trail.events WHERE $days")
inflight=$(curl -s "http://127.0.0.1:$proxyport/__stats" |
	/usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["lists_in_flight_max"])')
faults '{}'
expect "15 days of day folders: listed $inflight at once (at least 4)" "$((inflight >= 4))" '^1$'
expect "  ... the same rows as on disk" "$out" "^$(q "$fingerprint FROM disk.events WHERE $days")\$"
# --- a parallel scan over S3: each participant lists, each key is fetched once
# by whoever claims it (leader out, so both workers must share the objects)
par="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
     SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;"
faults '{"delay_ms": 5}'
read -r l0 g0 <<<"$(proxy_counts)"
plan=$(q "$par EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM s3trail.events")
read -r l1 g1 <<<"$(proxy_counts)"
expect "parallel S3 scan: two workers" "$plan" 'Workers Launched: 2.*Parallel Foreign Scan on s3trail.events'
expect "  ... EXPLAIN counts every object once and the listing once" "$plan" 'Files Read: 1101.*S3 Objects Listed: 1102'
expect "  ... one GET per object ($((g1 - g0)) for 1101), a listing per worker ($((l1 - l0)) pages)" \
	"$((g1 - g0)) $((l1 - l0))" '^1101 4$'
shares=$(printf '%s\n' "$plan" | awk '/Parallel Foreign Scan/ { scan = 1 }
	scan && match($0, /Worker [0-9]: *actual rows=[0-9]+/) { split(substr($0, RSTART, RLENGTH), w, "="); printf "%s ", w[2] }')
expect "  ... both workers read objects ($shares)" \
	"$(echo "$shares" | awk '{ print ($1 > 0 && $2 > 0 && NF == 2) ? "ok" : "no" }')" '^ok$'
out=$(q "$par $fingerprint FROM s3trail.events")
expect "  ... the same rows as disk" "$out" "^${local_fp}$"
out=$(q "$par $fingerprint FROM s3trail.events WHERE $days")
expect "  ... pruned to 15 days, claimed in the walk's order: the same rows as disk" "$out" \
	"^$(q "$fingerprint FROM disk.events WHERE $days")\$"
out=$(q "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
         SET max_parallel_workers_per_gather = 2; $fingerprint FROM s3trail.events WHERE aws_region = 'eu-west-1'")
expect "  ... with the leader reading too, pruned to a region" "$out" \
	"^$(q "$fingerprint FROM disk.events WHERE aws_region = 'eu-west-1'")\$"
faults '{}'

plan=$(q "EXPLAIN (COSTS OFF) SELECT count(*) FROM s3trail.events WHERE event_time > now() - interval '7 days' AND recipient_account_id = '1'")
expect "plain EXPLAIN names the pushed-down columns" "$plan" 'Pushed Down: event_time, recipient_account_id'

# --- errors ----------------------------------------------------------------
q "CREATE SERVER wrong FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://127.0.0.1:$proxyport');
   CREATE USER MAPPING FOR CURRENT_USER SERVER wrong
       OPTIONS (access_key_id 'AKIDMAPPING0000001', secret_access_key 'not-the-secret')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', server => 'wrong')")
expect "wrong secret: SignatureDoesNotMatch, bucket, status" "$out" 'ERROR:  could not list S3 objects under "s3://trail/AWSLogs/".DETAIL:  HTTP status 403, S3 error code SignatureDoesNotMatch\.'
expect "  ... with the request id" "$out" 'Request id: PROXY[0-9]+'
expect "  ... and a hint about secret and clock" "$out" 'HINT:  Check the secret access key, and that the database server.s clock is right'
if printf '%s' "$out" | grep -q 'not-the-secret'; then leak=leaked; else leak=clean; fi
expect "  ... without the secret" "$leak" '^clean$'

q "ALTER USER MAPPING FOR CURRENT_USER SERVER wrong OPTIONS (SET access_key_id 'AKIDUNKNOWN0000001')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', server => 'wrong')")
expect "unknown key: InvalidAccessKeyId with where the key came from" "$out" 'HTTP status 403, S3 error code InvalidAccessKeyId\..*came from the user mapping'

out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://no-such-bucket/AWSLogs/', server => 's3')")
expect "NoSuchBucket" "$out" 'HTTP status 404, S3 error code NoSuchBucket\..*HINT:  Check the bucket name'
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://elsewhere/AWSLogs/', server => 's3')")
expect "bucket in another region: PermanentRedirect with the region to set" "$out" "HTTP status 301, S3 error code PermanentRedirect\\..*OPTIONS \\(region 'eu-west-1'\\)"
q "CREATE SERVER s3eu FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://127.0.0.1:$proxyport', region 'eu-west-1');
   CREATE USER MAPPING FOR CURRENT_USER SERVER s3eu
       OPTIONS (access_key_id 'AKIDMAPPING0000001', secret_access_key 'mapping/SECRET+key=1')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', server => 's3eu')")
expect "signed for the wrong region: the region to set" "$out" "AuthorizationHeaderMalformed.*OPTIONS \\(region 'us-east-1'\\)"

out=$(q "CREATE SERVER leaky FOREIGN DATA WRAPPER iotatrail OPTIONS (secret_access_key 'oops')")
expect "credentials refused as server options" "$out" 'option "secret_access_key" belongs in a user mapping'
out=$(q "CREATE FOREIGN TABLE leaky (event_name text) SERVER s3 OPTIONS (location 's3://trail/', session_token 'oops')")
expect "credentials refused as table options" "$out" 'option "session_token" belongs in a user mapping'

# --- session tokens --------------------------------------------------------
q "CREATE SERVER s3tok FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://127.0.0.1:$proxyport');
   CREATE USER MAPPING FOR CURRENT_USER SERVER s3tok OPTIONS (access_key_id 'ASIASESSION0000001',
       secret_access_key 'session-secret', session_token 'FwoGZXIvYXdzEXAMPLE//token==')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', '*', server => 's3tok')")
expect "temporary credentials with a session token" "$out" '^549$'
q "ALTER USER MAPPING FOR CURRENT_USER SERVER s3tok OPTIONS (SET session_token 'forged')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', server => 's3tok')")
expect "a wrong session token: InvalidToken" "$out" 'HTTP status 400, S3 error code InvalidToken\.'
q "ALTER USER MAPPING FOR CURRENT_USER SERVER s3tok OPTIONS (SET access_key_id 'ASIAEXPIRED0000001',
       SET secret_access_key 'expired-secret', SET session_token 'old-token')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', server => 's3tok')")
expect "an expired session: ExpiredToken with a hint" "$out" 'HTTP status 400, S3 error code ExpiredToken\..*HINT:  The session token from the user mapping is no longer valid'

# --- secrets stay hidden ---------------------------------------------------
q "CREATE ROLE s3_user LOGIN; GRANT USAGE ON FOREIGN SERVER s3 TO s3_user" >/dev/null
out=$(q "SET ROLE s3_user; SELECT coalesce(array_to_string(umoptions, ','), '(hidden)') FROM pg_user_mappings WHERE srvname = 's3'")
expect "another role cannot see the mapping's keys" "$out" '^\(hidden\)$'
out=$(q "SET ROLE s3_user; SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', server => 's3')")
expect "  ... nor use them, nor the server's own credentials" "$out" 'permission denied to use the database server.s own AWS credentials'
out=$(q "EXPLAIN (VERBOSE, ANALYZE, BUFFERS OFF) SELECT count(*) FROM s3trail.events")
expect "EXPLAIN VERBOSE runs" "$out" 'S3 Objects Listed'
logs=$(cat "${PG_CLUSTER_CONF_ROOT%/postgresql}"/log/*.log 2>/dev/null; cat /var/log/postgresql/*.log 2>/dev/null)
if printf '%s' "$logs$out" | grep -q 'mapping/SECRET+key=1\|session-secret\|not-the-secret'; then
	expect "no secret in EXPLAIN or the server log" "leaked" '^no$'
else
	expect "no secret in EXPLAIN or the server log" "clean" '^clean$'
fi

# --- faults: retries with backoff, cut transfers resumed with Range ---------
faults '{"error_every": 23, "cut_every": 29, "list_error_every": 2}'
out=$(q "$fingerprint FROM s3trail.events")
stats=$(curl -s "http://127.0.0.1:$proxyport/__stats")
expect "503/500, SlowDown and cut connections: the same rows" "$out" "^${local_fp}$"
expect "  ... errors and cuts were injected" "$stats" '"errors_injected": [1-9][0-9]*, "cuts_injected": [1-9]'
# nearly one request in two fails here: with 64 in flight an object can
# meet five failures in a row, so this part allows more attempts
faults '{"error_every": 4, "cut_every": 5}'
q "ALTER SERVER s3 OPTIONS (ADD max_attempts '12')" >/dev/null
q "CREATE FOREIGN TABLE s3trail.eu (event_id uuid) SERVER s3
       OPTIONS (location 's3://trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', event_source '*')" >/dev/null
plan=$(q "$serial EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(event_id) FROM s3trail.eu")
expect "  ... EXPLAIN counts the retries" "$plan" 'rows=549(\.00)? .*S3 Retries: [1-9]'
q "ALTER SERVER s3 OPTIONS (DROP max_attempts)" >/dev/null
faults '{"cut_every": 1, "cut_after": 100000}'
day="SELECT count(*) || ' ' || md5(string_agg(event_id::text, ',' ORDER BY event_id)) FROM iotatrail.read_events"
want=$(q "$day('$work/trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/03/', '*')")
out=$(q "$day('s3://trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/03/', '*', server => 's3')")
expect "every transfer cut after 100 kB: the 30000-record object resumed to the end" "$out" "^3002[0-9] [0-9a-f]+$"
expect "  ... the same rows as disk" "$out" "^${want}$"
faults '{"error_every": 1}'
q "ALTER SERVER s3 OPTIONS (ADD max_attempts '2')" >/dev/null
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/111111111111/', '*', server => 's3')")
expect "always failing: a clear error after max_attempts" "$out" 'ERROR:  could not read S3 object "s3://trail/AWSLogs/111111111111/.*DETAIL:  HTTP status 50[03], S3 error code (SlowDown|InternalError)\..*Gave up after 2 attempts'
out=$(q "$par SELECT count(*) FROM s3trail.events")
expect "  ... in a parallel worker: the same error, from the worker" "$out" 'could not read S3 object "s3://trail/AWSLogs/.*Gave up after 2 attempts.*parallel worker'
q "ALTER SERVER s3 OPTIONS (DROP max_attempts)" >/dev/null
faults '{"delay_ms": 3000}'
start=$(date +%s.%N)
out=$(q "SET statement_timeout = '500ms'; SELECT count(*) FROM s3trail.events")
took=$(echo "$(date +%s.%N) - $start" | bc)
expect "statement_timeout interrupts a slow S3" "$out" 'canceling statement due to statement timeout'
expect "  ... promptly (${took}s)" "$(echo "$took < 2.0" | bc)" '^1$'
faults '{}'

# --- sync from S3 through faults; a sync that fails midway, rerun ---------
q "CREATE FOREIGN TABLE s3trail.eu_all (event_id uuid) SERVER s3
       OPTIONS (location 's3://trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', event_source '*');
   CREATE SCHEMA s3store" >/dev/null
stored="SELECT count(*) || ' ' || md5(string_agg(event_id::text, ',' ORDER BY event_id))"
want=$(q "$stored FROM iotatrail.read_events('$work/trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', '*')")
faults '{"error_every": 9, "cut_every": 13}'
q "CALL iotatrail.sync('s3trail.eu_all', 's3store.eu')" >/dev/null
expect "sync from S3 under 5xx and cut transfers: every event once" "$(q "$stored FROM s3store.eu")" "^${want}$"
faults '{"error_every": 40}'
q "ALTER SERVER s3 OPTIONS (ADD max_attempts '1')" >/dev/null
out=$(q "CALL iotatrail.sync('s3trail.eu_all', 's3store.eu2', batch_objects => 5)")
expect "a sync that meets a fatal S3 error stops with it" "$out" 'ERROR:  could not read'
partial=$(q "SELECT count(*) FROM s3store.eu2")
faults '{}'
q "ALTER SERVER s3 OPTIONS (DROP max_attempts)" >/dev/null
q "CALL iotatrail.sync('s3trail.eu_all', 's3store.eu2', batch_objects => 5)" >/dev/null
expect "  ... and the rerun ends with every event once (after $partial)" "$(q "$stored FROM s3store.eu2")" "^${want}$"
expect "  ... the failed run had loaded part of it" "$(echo "$partial > 0 && $partial < ${want%% *}" | bc)" '^1$'
# an object rewritten in place (a new ETag): its rows are replaced
key=$(cd "$work/trail" && find AWSLogs/222222222222/CloudTrail/eu-west-1 -name '*.json.gz' | sort | sed -n 3p)
/usr/bin/python3 - "$work/trail/$key" <<'PY'
import gzip, json, sys
path = sys.argv[1]
doc = json.loads(gzip.decompress(open(path, "rb").read()))
doc["Records"][0]["eventID"] = "00000000-0000-4000-8000-00000000e7a9"
open(path, "wb").write(gzip.compress(json.dumps(doc).encode(), mtime=0))
PY
/usr/bin/python3 test/s3/s3_put.py "http://127.0.0.1:$s3port" trail put "$key" "$work/trail/$key" >/dev/null
want=$(q "$stored FROM iotatrail.read_events('$work/trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', '*')")
out=$(q "CALL iotatrail.sync('s3trail.eu_all', 's3store.eu2', batch_objects => 5)" 2>&1)
expect "an object with a new ETag is loaded again" "$out" 'NOTICE:  1 objects to load into s3store.eu2 \(0 new, 1 changed'
expect "  ... its rows replaced: every event once, the new one in" "$(q "$stored FROM s3store.eu2")" "^${want}$"
expect "  ... the manifest has the new ETag" "$(q "SELECT etag = (SELECT o.etag FROM iotatrail.list_objects('s3://trail/$key', 's3') o)
    FROM iotatrail.sync_manifest WHERE target = 's3store.eu2'::regclass AND object = 's3://trail/$key'")" '^t$'

# a sync lists its location once per run and reads each batch in one scan,
# a GET per object: no listing per object
eu="s3://trail/AWSLogs/222222222222/CloudTrail/eu-west-1/"
before=$(proxy_counts)
neu=$(q "SELECT count(*) FROM iotatrail.list_objects('$eu', 's3')")
after=$(proxy_counts)
pages=$((${after% *} - ${before% *}))
before=$(proxy_counts)
q "CALL iotatrail.sync('s3trail.eu_all', 's3store.eu3', batch_objects => 7)" >/dev/null
after=$(proxy_counts)
expect "a sync of $neu objects: one listing ($pages requests), a GET each" \
	"$((${after% *} - ${before% *})) $((${after#* } - ${before#* }))" "^$pages $neu\$"
expect "  ... every event once" "$(q "$stored FROM s3store.eu3")" "^${want}$"

# read_objects: the keys given, in that order, fetched at once
first3="SELECT object FROM iotatrail.list_objects('$eu', 's3') ORDER BY object LIMIT 3"
keys=$(q "SELECT string_agg(quote_literal(object), ', ' ORDER BY object DESC) FROM ($first3) o")
want3=$(q "SELECT (SELECT string_agg(object, ' ' ORDER BY object DESC) FROM ($first3) o) || ' ' || count(*)
           FROM iotatrail.read_events('$eu', '*', server => 's3') WHERE source_object IN ($first3)")
out=$(q "SELECT string_agg(source_object, ' ' ORDER BY first) || ' ' || sum(n)
         FROM (SELECT r.source_object, min(r.ordinality) AS first, count(*) AS n
               FROM iotatrail.read_objects(ARRAY[$keys], '*', server => 's3') WITH ORDINALITY r GROUP BY 1) s")
expect "read_objects over S3: the objects' rows, in the order given" "$out" "^$want3\$"
out=$(q "SELECT count(*) FROM iotatrail.read_objects(ARRAY[$keys, '${eu}gone.json.gz'], '*', 'skip', server => 's3');
         SELECT string_agg(regexp_replace(object, '^.*/', '') || ' ' || records || ' ' || unread, ', ')
         FROM iotatrail.last_scan_skipped_objects()" 2>&1)
expect "  ... a key that is not there: skipped" "$out" 'WARNING:  skipped 1 unreadable file while reading 4 objects \(the first "s3://trail/'
expect "  ... and named unread" "$out" '(^|[^a-z.])gone\.json\.gz 0 true'
out=$(q "SELECT count(*) FROM iotatrail.read_objects(ARRAY[$keys, 's3://elsewhere/AWSLogs/x.json.gz'], '*', server => 's3')")
expect "  ... an object of another bucket: an error" "$out" 'ERROR:  object "s3://elsewhere/AWSLogs/x.json.gz" is not in bucket "trail"'

# --- digests on S3: the signature is object metadata ----------------------
/usr/bin/python3 test/s3/load_trail.py "$work/dtrail" "http://127.0.0.1:$s3port" dtrail 30 >/dev/null 2>&1
/usr/bin/python3 test/gen_digests.py "$work/dtrail" dtrail "$work/dkeys" >/dev/null
put="/usr/bin/python3 test/s3/s3_put.py http://127.0.0.1:$s3port dtrail"
$put digests "$work/dtrail" >/dev/null
nd=$(find "$work/dtrail" -name '*.json.gz.signature' | wc -l)
nl=$(find "$work/dtrail" -path '*/CloudTrail/*' -name '*.json.gz' | wc -l)
dkeys="jsonb_build_array(jsonb_build_object('Fingerprint', '$(cat "$work/dkeys/fingerprint")', 'Value', '$(base64 -w0 "$work/dkeys/public.der")'))"
verify="FROM iotatrail.verify_digests('s3://dtrail/AWSLogs/', $dkeys, 's3')"
out=$(q "SELECT string_agg(kind || ' ' || status || ' ' || n, ', ' ORDER BY kind, status) FROM (SELECT kind, status, count(*) AS n $verify GROUP BY 1, 2) s")
expect "digests on S3: signatures from x-amz-meta-signature, every file verified" "$out" "^digest ok $nd, log ok $nl$"
# one object (digest validation reads them one by one) is fetched with a
# GET of its key, never by listing its prefix
one=$(cd "$work/dtrail" && find AWSLogs -path '*/CloudTrail/*' -name '*.json.gz' | sort | sed -n 2p)
before=$(proxy_counts)
out=$(q "SELECT iotatrail_internal.object_sha256('s3://dtrail/$one', 's3') = '$(zcat "$work/dtrail/$one" | sha256sum | cut -c1-64)'")
after=$(proxy_counts)
expect "one S3 object: its SHA-256" "$out" '^t$'
expect "  ... one GET and no listing ($before -> $after)" \
	"$((${after% *} - ${before% *})) $((${after#* } - ${before#* }))" '^0 1$'
out=$(q "SELECT iotatrail_internal.object_content('s3://dtrail/$one.gone', 's3') IS NULL")
expect "  ... a key that does not exist: NULL" "$out" '^t$'
out=$(q "SELECT iotatrail_internal.object_content('s3://dtrail/AWSLogs/', 's3')")
expect "  ... a location naming no object: an error" "$out" 'ERROR:  location "s3://dtrail/AWSLogs/" names no object'
# the keys from CloudTrail's ListPublicKeys (a SigV4-checking stand-in): two
# pages, a decoy key and the trail's
q "ALTER SERVER s3 OPTIONS (ADD cloudtrail_endpoint 'http://127.0.0.1:$credport');
   ALTER SERVER wrong OPTIONS (ADD cloudtrail_endpoint 'http://127.0.0.1:$credport')" >/dev/null
out=$(q "SELECT string_agg(k->>'Fingerprint', ' ') FROM jsonb_array_elements(iotatrail.list_public_keys('s3', '2024-05-01', '2024-05-02')->'PublicKeyList') k")
expect "ListPublicKeys: both pages, signed" "$out" "^f{32} $(cat "$work/dkeys/fingerprint")$"
expect "  ... with the time range asked for" "$(curl -s "http://127.0.0.1:$credport/__cloudtrail")" \
	'^\{"EndTime": 1714608000(\.0+)?, "NextToken": "page-2", "StartTime": 1714521600(\.0+)?\}$'
out=$(q "SELECT string_agg(kind || ' ' || status || ' ' || n, ', ' ORDER BY kind, status)
         FROM (SELECT kind, status, count(*) AS n
                 FROM iotatrail.verify_digests('s3://dtrail/AWSLogs/', iotatrail.list_public_keys('s3'), 's3') GROUP BY 1, 2) s")
expect "  ... and verify_digests takes them as they come" "$out" "^digest ok $nd, log ok $nl$"
out=$(q "SELECT iotatrail.list_public_keys('wrong')")
expect "  ... an unknown key: the service's code and message, and whose keys" "$out" \
	'ERROR:  could not list CloudTrail public keys.DETAIL:  HTTP status 403, error code UnrecognizedClientException\. The security token included in the request is invalid.*HINT:  Signed with credentials from the user mapping'

victim=$(cd "$work/dtrail" && find AWSLogs -path '*/CloudTrail/*' -name '*.json.gz' | sort | sed -n 4p)
zcat "$work/dtrail/$victim" | sed 's/"1.08"/"1.09"/' | gzip -n > "$work/tampered.json.gz"
$put put "$victim" "$work/tampered.json.gz"
# a digest that a later one chains to
dropped=$(cd "$work/dtrail" && find AWSLogs -name '*_CloudTrail-Digest_*.json.gz.signature' | sed 's/.signature$//' |
	/usr/bin/python3 -c '
import gzip, json, sys
named = set()
paths = sys.stdin.read().split()
for p in paths:
    prev = json.loads(gzip.open(p).read())["previousDigestS3Object"]
    if prev:
        named.add(prev)
print(sorted(named)[len(named) // 2])')
$put delete "$dropped"
out=$(q "SELECT string_agg(kind || ' ' || status, ', ' ORDER BY kind, status) $verify WHERE status NOT IN ('ok', 'not in any digest')")
expect "  ... a rewritten log object and a deleted digest are found" "$out" '^digest broken chain, log hash mismatch$'

# --- the credential chain --------------------------------------------------
q "CREATE SERVER chain FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://127.0.0.1:$proxyport')" >/dev/null
chain_read() {
	q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/222222222222/CloudTrail/eu-west-1/', '*', server => 'chain')"
}
set_server_env AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
expect "nothing to find: the links tried are listed" "$out" 'no AWS credentials found for S3 server chain.*DETAIL:  Tried the user mapping, the server environment'

set_server_env AWS_ACCESS_KEY_ID=AKIDENVIRONMENT001 AWS_SECRET_ACCESS_KEY=env-secret AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
expect "chain: the server's environment" "$out" '^549$'

printf '[default]\naws_access_key_id = AKIDMAPPING0000001\naws_secret_access_key = wrong\n\n[audit]\naws_access_key_id = AKIDFILES000000001\naws_secret_access_key = files-secret\n' > "$work/credentials"
chmod a+r "$work/credentials"
set_server_env AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_PROFILE=audit AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
expect "chain: shared credentials file, AWS_PROFILE" "$out" '^549$'
q "CREATE USER MAPPING FOR CURRENT_USER SERVER chain OPTIONS (profile 'nosuch')" >/dev/null
out=$(chain_read)
expect "  ... a profile option that is not there" "$out" 'AWS profile "nosuch" has no access key'
q "DROP USER MAPPING FOR CURRENT_USER SERVER chain" >/dev/null

set_server_env AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$credport/container-credentials" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN=container-auth-token AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
expect "chain: container credentials endpoint with its token" "$out" '^549$'
hits=$(curl -s "http://127.0.0.1:$credport/__hits")
expect "  ... fetched once for the whole scan" "$hits" '"/container-credentials": 1[,}]'

# credentials that expire within the refresh margin are fetched again
set_server_env AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$credport/container-credentials?lifetime=120" \
	AWS_CONTAINER_AUTHORIZATION_TOKEN=container-auth-token AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
hits=$(curl -s "http://127.0.0.1:$credport/__hits")
expect "expiring temporary credentials are refreshed during the scan" "$out $hits" '^549 .*"/container-credentials": ([3-9]|[1-9][0-9]+)[,}]'

set_server_env AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$credport"
out=$(chain_read)
expect "chain: instance metadata (IMDSv2)" "$out" '^549$'
restore_server_env

q "ALTER SERVER chain OPTIONS (ADD sts_endpoint 'http://127.0.0.1:$credport');
   CREATE USER MAPPING FOR CURRENT_USER SERVER chain OPTIONS (access_key_id 'AKIDMAPPING0000001',
       secret_access_key 'mapping/SECRET+key=1', role_arn 'arn:aws:iam::222222222222:role/trail-reader',
       external_id 'trail-audit-7')" >/dev/null
out=$(chain_read)
expect "STS AssumeRole with external_id, for another account's trail" "$out" '^549$'
q "ALTER USER MAPPING FOR CURRENT_USER SERVER chain OPTIONS (SET external_id 'wrong')" >/dev/null
out=$(chain_read)
expect "  ... refused: the role, STS's code and where the keys came from" "$out" 'ERROR:  could not assume role "arn:aws:iam::222222222222:role/trail-reader".DETAIL:  HTTP status 403, error code AccessDenied\..*user mapping'

# --- web identity (EKS IRSA): STS AssumeRoleWithWebIdentity -------------------
q "DROP USER MAPPING FOR CURRENT_USER SERVER chain" >/dev/null
pod_role=arn:aws:iam::222222222222:role/pod-reader
web_identity() {	# the STS stand-in's settings: tokens, role, session, lifetime, accept_for
	curl -s -X POST "http://127.0.0.1:$credport/__web_identity" \
		-d "{\"tokens\": [$1], \"role_arn\": \"$2\", \"session_name\": \"$3\", \"lifetime\": ${4:-3600}, \"accept_for\": ${5:-${4:-3600}}}" >/dev/null
}
web_stats() {	# calls, tokens sent, credentials issued
	curl -s "http://127.0.0.1:$credport/__web_identity"
}
printf 'eyJhbGciOiJSUzI1NiJ9.pod-token-1.sig\n' > "$work/token"
chmod a+r "$work/token"
web_identity '"eyJhbGciOiJSUzI1NiJ9.pod-token-1.sig"' "$pod_role" irsa-pod-1
# the environment's web identity comes before the shared files (the SDKs' order)
set_server_env AWS_WEB_IDENTITY_TOKEN_FILE="$work/token" AWS_ROLE_ARN="$pod_role" \
	AWS_ROLE_SESSION_NAME=irsa-pod-1 AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_PROFILE=audit \
	AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
expect "chain: web identity from the environment (IRSA)" "$out" '^549$'
expect "  ... one AssumeRoleWithWebIdentity for the whole scan" "$(web_stats)" '"calls": 1,.*"issued": \["ASIAWEBIDENTITY00001"\]'

# credentials that STS says expire in 302 s: refreshed 300 s early, i.e.
# after 2 s, with the token file read again; the proxy refuses each set 4 s
# after it was issued, so a scan of several seconds needs refreshes
web_identity '"eyJhbGciOiJSUzI1NiJ9.pod-token-1.sig", "eyJhbGciOiJSUzI1NiJ9.pod-token-2.sig"' "$pod_role" irsa-pod-1 302 4
q "ALTER SERVER chain OPTIONS (ADD concurrency '4')" >/dev/null
faults '{"delay_ms": 10}'
( sleep 3; printf 'eyJhbGciOiJSUzI1NiJ9.pod-token-2.sig\n' > "$work/token.new"; chmod a+r "$work/token.new"
  mv "$work/token.new" "$work/token" ) &
rotate=$!
start=$(date +%s.%N)
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', '*', server => 'chain')" 2>&1)
scan_s=$(echo "$(date +%s.%N) - $start" | bc)
faults '{}'
wait "$rotate"
stats=$(web_stats)
expect "web identity credentials expiring during a ${scan_s}s scan are refreshed" "$out" '^33300$'
expect "  ... more than once, not per request" "$(echo "$stats" | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["calls"])')" '^([3-9]|[1-9][0-9])$'
expect "  ... reading the rotated token file again" "$stats" 'pod-token-1.*pod-token-2.sig"\]'

# the proxy does refuse credentials kept past their end: STS says an hour,
# the proxy takes them for 2 s; no refresh, so the scan fails
web_identity '"eyJhbGciOiJSUzI1NiJ9.pod-token-2.sig"' "$pod_role" irsa-pod-1 3600 2
faults '{"delay_ms": 10}'
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/', '*', server => 'chain')" 2>&1)
faults '{}'
expect "  (control: credentials kept past their end are refused by the proxy)" "$out" 'ExpiredToken'

web_identity '"another-token"' "$pod_role" irsa-pod-1
out=$(chain_read 2>&1)
expect "a token STS refuses: the role and STS's code" "$out" \
	"ERROR:  could not assume role \"$pod_role\" with a web identity token.DETAIL:  HTTP status 400, error code InvalidIdentityToken\\."
expect "  ... and never the token" "$(printf '%s' "$out" | grep -c pod-token)" '^0$'
web_identity '"eyJhbGciOiJSUzI1NiJ9.pod-token-2.sig"' arn:aws:iam::222222222222:role/other irsa-pod-1
out=$(chain_read 2>&1)
expect "  ... a role whose trust policy does not allow it: AccessDenied" "$out" \
	"ERROR:  could not assume role \"$pod_role\" with a web identity token.DETAIL:  HTTP status 403, error code AccessDenied\\."
set_server_env AWS_WEB_IDENTITY_TOKEN_FILE="$work/no-such-token" AWS_ROLE_ARN="$pod_role" AWS_EC2_METADATA_DISABLED=true
out=$(chain_read 2>&1)
expect "  ... a token file that is not there" "$out" \
	"could not open web identity token file \"$work/no-such-token\" for role \"$pod_role\""

# a profile with web_identity_token_file and role_arn; one with role_arn and source_profile
cat > "$work/config" <<CONFIG
[profile irsa]
role_arn = $pod_role
web_identity_token_file = $work/token
role_session_name = from-profile

[profile chained]
role_arn = arn:aws:iam::222222222222:role/trail-reader
source_profile = audit
external_id = trail-audit-7

[profile chained-wrong]
role_arn = arn:aws:iam::222222222222:role/trail-reader
source_profile = audit

[profile on-ec2]
role_arn = arn:aws:iam::222222222222:role/trail-reader
credential_source = Ec2InstanceMetadata
CONFIG
chmod a+r "$work/config"
web_identity '"eyJhbGciOiJSUzI1NiJ9.pod-token-2.sig"' "$pod_role" from-profile
set_server_env AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/config" \
	AWS_PROFILE=irsa AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
expect "chain: a profile with web_identity_token_file and role_arn" "$out $(web_stats)" '^549 .*"calls": 1,'
set_server_env AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/config" \
	AWS_PROFILE=chained AWS_EC2_METADATA_DISABLED=true
out=$(chain_read)
expect "chain: a profile with role_arn and source_profile" "$out" '^549$'
q "CREATE USER MAPPING FOR CURRENT_USER SERVER chain OPTIONS (profile 'chained-wrong')" >/dev/null
out=$(chain_read 2>&1)
expect "  ... the role is assumed with the source profile's keys (no external_id: refused)" "$out" \
	'ERROR:  could not assume role "arn:aws:iam::222222222222:role/trail-reader".DETAIL:  HTTP status 403, error code AccessDenied\..*profile "audit"'
q "DROP USER MAPPING FOR CURRENT_USER SERVER chain" >/dev/null
# credential_source is not supported: the chain passes such a profile over
set_server_env AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/config" \
	AWS_PROFILE=on-ec2 AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$credport"
out=$(chain_read)
expect "a profile with credential_source: passed over, instance metadata answers" "$out" '^549$'
q "CREATE USER MAPPING FOR CURRENT_USER SERVER chain OPTIONS (profile 'on-ec2')" >/dev/null
out=$(chain_read 2>&1)
expect "  ... named by the profile option: an error" "$out" \
	'AWS profile "on-ec2" has role_arn but neither web_identity_token_file nor source_profile'
restore_server_env

# a bucket prefix named like the digest folder hides no log file: only the
# key's own name, or the trail's CloudTrail-Digest folder, makes a digest
# (last: the fault counts above do not see its requests)
want=$(/usr/bin/python3 - "$s3port" "$work/trail" <<'PY'
import glob, gzip, json, os, sys
import botocore.session
from botocore.config import Config
c = botocore.session.get_session().create_client("s3", endpoint_url="http://127.0.0.1:%s" % sys.argv[1],
    region_name="us-east-1", aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER",
    config=Config(s3={"addressing_style": "path"}))
n = 0
for f in sorted(glob.glob(sys.argv[2] + "/AWSLogs/222222222222/CloudTrail/eu-west-1/*/*/*/*.json.gz"))[:2]:
    key = "CloudTrail-Digest/" + os.path.relpath(f, sys.argv[2])
    c.put_object(Bucket="trail", Key=key, Body=open(f, "rb").read())
    n += len(json.load(gzip.open(f))["Records"])
print(n)
PY
)
out=$(q "SELECT count(*) FROM iotatrail.read_events('s3://trail/CloudTrail-Digest/', '*', server => 's3')")
expect "log files under a bucket prefix named CloudTrail-Digest: read" "$out" "^$want$"

q "DROP SCHEMA s3trail, disk, s3store CASCADE; DROP SERVER s3, s3v, wrong, s3eu, s3tok, chain CASCADE; DROP ROLE s3_user" >/dev/null 2>&1
finish
