#!/usr/bin/env bash
# What an S3-compatible store sends cannot redirect, loop or corrupt a scan:
# bucket names are validated before they reach a URL; a listing that
# repeats its continuation token, makes no progress, is an <Error> in a
# 200 or is not a listing at all is an error naming the bucket; keys with
# ".." and ETags with CR LF are refused; a resumed GET answered with
# another version (a store ignoring Range and If-Match) is an error, never
# a mix of two versions.  A scan waiting for a slow store or out a retry's
# backoff waits on the latch: pg_stat_activity shows the wait event and a
# cancel ends it at once.  The store is test/s3/hostile_s3.py.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 test/s3/hostile_s3.py "$port" 2>"$work/store.log" &
store=$!
trap 'kill $store 2>/dev/null' EXIT
for _ in $(seq 50); do
	curl -s "http://127.0.0.1:$port/__requests" >/dev/null && break
	sleep 0.1
done
q "DROP SERVER IF EXISTS hostile CASCADE;
   CREATE SERVER hostile FOREIGN DATA WRAPPER iotatrail
       OPTIONS (endpoint 'http://127.0.0.1:$port', url_style 'path', max_attempts '3');
   CREATE USER MAPPING FOR CURRENT_USER SERVER hostile
       OPTIONS (access_key_id 'AKIDHOSTILE', secret_access_key 'hostile-secret')" >/dev/null
# a loop must not outlive this (the check fails then, it does not hang)
read_from() {
	q "SET statement_timeout = '20s'; SELECT count(*) FROM iotatrail.read_events('s3://$1/AWSLogs/', server => 'hostile')"
}
requests() { curl -s "http://127.0.0.1:$port/__requests"; }

for b in 'localhost:50215?' '2130706433:80#' 'UPPER-case' 'ab' 'a..b' '-lead' 'under_score' \
	"$(printf 'x%.0s' $(seq 64))" 'bucket@evil.example'; do
	before=$(requests)
	out=$(q "SELECT count(*) FROM iotatrail.list_objects('s3://$b/AWSLogs/', 'hostile')")
	expect "bucket '$b': refused" "$out" 'ERROR:  invalid bucket name in location.*DETAIL:  S3 bucket names are 3 to 63'
	expect "  ... before any request (only this check's own)" "$(($(requests) - before))" '^1$'
done

out=$(read_from same-token)
expect "the same continuation token again: an error naming the bucket" "$out" \
	'ERROR:  invalid listing of S3 objects under "s3://same-token/AWSLogs/".DETAIL:  The listing repeats itself'
out=$(read_from cycle-token)
expect "a cycle of tokens: an error" "$out" 'ERROR:  invalid listing of S3 objects under "s3://cycle-token/AWSLogs/".DETAIL:  The listing repeats itself.*2 pages before'
out=$(read_from empty-token)
expect "an empty token: an error" "$out" 'ERROR:  invalid listing of S3 objects under "s3://empty-token/AWSLogs/".DETAIL:  The listing makes no progress.*empty continuation token'
out=$(read_from empty-page)
expect "truncated pages listing nothing: an error" "$out" 'ERROR:  invalid listing of S3 objects under "s3://empty-page/AWSLogs/".DETAIL:  The listing makes no progress.*a page listing nothing'
out=$(read_from error-200)
expect "an <Error> in a 200: an error with its code and message" "$out" \
	'ERROR:  could not list S3 objects under "s3://error-200/AWSLogs/".DETAIL:  HTTP status 200 with an error document, S3 error code InternalError\. The store answered: We encountered'
expect "  ... the message cut short" "$(printf '%s' "$out" | grep 'DETAIL' | wc -c)" '^[1-4][0-9]{2}$'
out=$(read_from malformed)
expect "not a listing: an error, not zero objects" "$out" 'ERROR:  invalid listing of S3 objects under "s3://malformed/AWSLogs/".DETAIL:  .*not a ListBucketResult'
out=$(read_from crlf-etag)
expect "an ETag with CR LF: refused" "$out" 'ERROR:  invalid listing of S3 objects under "s3://crlf-etag/AWSLogs/".DETAIL:  The ETag of ".*control characters'
out=$(read_from dot-key)
expect "a key with a .. segment: refused" "$out" 'ERROR:  invalid listing of S3 objects under "s3://dot-key/[^"]*".DETAIL:  The key "AWSLogs/../other-bucket/x.json.gz" has a'
out=$(read_from no-prefix)
expect "a store ignoring prefix=: a key outside it is refused, named with the prefix" "$out" \
	'ERROR:  invalid listing of S3 objects under "s3://no-prefix/AWSLogs/".DETAIL:  The key "Elsewhere/AWSLogs/[^"]*" is outside the prefix "AWSLogs/".*HINT:  The store ignores the prefix'
out=$(q "SELECT count(*) FROM iotatrail.list_objects('s3://no-prefix/AWSLogs/', 'hostile')")
expect "  ... by list_objects too (what sync lists with)" "$out" 'ERROR:  invalid listing of S3 objects under "s3://no-prefix/AWSLogs/".DETAIL:  The key "Elsewhere/.*is outside the prefix'
for b in size-abc size-empty size-overlong; do
	out=$(q "SELECT count(*) FROM iotatrail.list_objects('s3://$b/AWSLogs/', 'hostile')")
	expect "a listing with a bad <Size> ($b): a listing error, not 0 or a saturated number" "$out" \
		"ERROR:  invalid listing of S3 objects under \"s3://$b/AWSLogs/\".DETAIL:  The size \"[^\"]*\" of .* is not a byte count"
done

out=$(read_from latin1-key)
expect "a key that is not UTF-8: refused, shown escaped" "$out" \
	'ERROR:  invalid listing of S3 objects under "s3://latin1-key/AWSLogs/".DETAIL:  The key ".*_caf\\xE9\.json\.gz" is not valid in encoding "UTF8"'
out=$(read_from latin1-etag)
expect "an ETag that is not ASCII: refused" "$out" 'ERROR:  invalid listing of S3 objects under "s3://latin1-etag/AWSLogs/".DETAIL:  The ETag of .*not ASCII'
# 300,000 keys in one page: refused before it costs the backend its size
before=$(requests)
out=$(psql -X -q -A -t -c "SELECT count(*) FROM iotatrail.read_events('s3://huge-page/AWSLogs/', server => 'hostile')" \
	-c "SELECT 'peak ' || substring(pg_read_file('/proc/self/status') from 'VmHWM:\s+(\d+)')" 2>&1)
expect "a 300,000-key page: an error, not retried" "$out" \
	'ERROR:  answer too large.DETAIL:  The answer is larger than 8 MB.*CONTEXT:  request to http://127.0.0.1:[0-9]+/huge-page/'
expect "  ... asked once (and this check's own request)" "$(($(requests) - before))" '^2$'
peak=$(printf '%s' "$out" | sed -n 's/^peak //p')
echo "  peak backend RSS after the 300,000-key page: ${peak} kB"
expect "  ... the backend stays under 64 MB" "$([ "${peak:-0}" -gt 0 ] && [ "$peak" -lt 65536 ] && echo yes)" '^yes$'

out=$(read_from no-range)
expect "a resumed GET answered with another version: an error" "$out" \
	'ERROR:  could not resume reading s3://no-range/AWSLogs/.*another version of the object'
out=$(read_from bad-206)
expect "a 206 from another byte: an error" "$out" 'ERROR:  could not resume reading s3://bad-206/.*does not start at the byte reached'
out=$(read_from no-range-same)
expect "a whole answer of the same version: its rows, once" "$out" '^200$'
out=$(q "SELECT count(DISTINCT request_parameters->>'channelName') FILTER (WHERE request_parameters->>'channelName' LIKE 'v1_%')
         || ' ' || count(*) FROM iotatrail.read_events('s3://no-range-same/AWSLogs/', server => 'hostile')")
expect "  ... every one of the first version" "$out" '^200 200$'

# --- waiting: on the latch, with a wait event, and cancelled at once -------
# a scan waiting for a slow answer or out a retry's backoff shows
# wait_event_type Extension (and on 17+ its own wait_event), and
# pg_cancel_backend ends it within a second
q "CREATE SERVER patient FOREIGN DATA WRAPPER iotatrail
       OPTIONS (endpoint 'http://127.0.0.1:$port', url_style 'path', max_attempts '100');
   CREATE USER MAPPING FOR CURRENT_USER SERVER patient
       OPTIONS (access_key_id 'AKIDHOSTILE', secret_access_key 'hostile-secret')" >/dev/null
named=$(q "SELECT current_setting('server_version_num')::int >= 170000")
waits_then_cancel() {	# bucket, the wait_event wanted (17+), what it waits for
	local bucket=$1 want=$2 what=$3 pid="" bg start took
	seen=""
	q "SET statement_timeout = '90s';
	   SELECT count(*) FROM iotatrail.read_events('s3://$bucket/AWSLogs/', server => 'patient')" \
		> "$work/wait-$bucket.out" &
	bg=$!
	for _ in $(seq 100); do
		pid=$(q "SELECT pid FROM pg_stat_activity WHERE query LIKE '%s3://$bucket/%'
		           AND state = 'active' AND pid <> pg_backend_pid()")
		[ -n "$pid" ] && break
		sleep 0.1
	done
	sleep 1.5
	# five looks, 0.2 s apart: each must see the scan waiting
	for _ in 1 2 3 4 5; do
		seen+="$(q "SELECT coalesce(wait_event_type, '-') || '/' || coalesce(wait_event, '-')
		            FROM pg_stat_activity WHERE pid = ${pid:-0}") "
		sleep 0.2
	done
	if [ "$named" = t ]; then
		expect "$what: pg_stat_activity shows Extension/$want ($seen)" "$seen" "^(Extension/$want ){5}\$"
	else
		expect "$what: pg_stat_activity shows wait_event_type Extension ($seen)" "$seen" '^(Extension/Extension ){5}$'
	fi
	start=$(date +%s.%N)
	q "SELECT pg_cancel_backend(${pid:-0})" >/dev/null
	wait "$bg"
	took=$(echo "$(date +%s.%N) - $start" | bc)
	expect "  ... pg_cancel_backend ends it at once (${took}s)" "$(echo "$took < 1.0" | bc)" '^1$'
	expect "  ... as a cancel" "$(cat "$work/wait-$bucket.out")" 'canceling statement due to user request'
}
waits_then_cancel slow-list IotatrailS3Request "waiting for a listing"
waits_then_cancel slow-get IotatrailS3Request "waiting for an object"
# 100 attempts of an always busy GET: backoffs of up to 5 s each
waits_then_cancel busy 'IotatrailS3(Backoff|Request)' "retrying a busy object"
if [ "$named" = t ]; then
	expect "  ... seen out a backoff" "$seen" 'IotatrailS3Backoff'
fi
q "DROP SERVER patient CASCADE" >/dev/null

q "DROP SERVER hostile CASCADE" >/dev/null
finish
