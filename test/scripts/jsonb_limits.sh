#!/usr/bin/env bash
# Numbers jsonb cannot hold (numeric overflows on them) make their record
# bad: counted under on_error 'skip', an error naming the record otherwise,
# never a failed query, nor a sync that fails on every run.  The boundary
# is numeric_in's own: compared literal by literal.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
doc() {
	printf '{"Records":[{"eventTime":"2024-05-01T00:00:00Z","eventSource":"x","eventName":"A","requestParameters":{"n":%s}},{"eventTime":"2024-05-01T00:00:01Z","eventSource":"x","eventName":"B"}]}' "$1"
}
lits=$(/usr/bin/python3 - <<'PY'
import random
rng = random.Random(7)
out = ["1e999999", "-1e999999", "1E-999999", "0." + "1" * 100000, "0." + "0" * 16383 + "1",
       "1e131071", "1e131072", "-9.99e131071", "1e-16383", "1e-16384", "0e-16383", "0e-16384",
       "0.0", "12.5e3", "1" * 1000 + "e130000", "1" * 1000 + "e129000", "1.5E+131070", "123.456e-16380"]
for _ in range(40):
    mant = "%d.%s" % (rng.randint(0, 999), "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 30))))
    e = rng.choice([rng.randint(-17000, -16000), rng.randint(130000, 132000), rng.randint(-20, 20)])
    out.append("%se%d" % (mant, e))
print("\n".join(out))
PY
)
mismatch=0
n=0
while IFS= read -r lit; do
	n=$((n + 1))
	kept=$(psql -X -q -A -t -c "SELECT count(*) FROM iotatrail.parse_events('$(doc "$lit")', '*', 'skip') WHERE event_name = 'A'" 2>/dev/null)
	fits=$(psql -X -q -A -t -c "SELECT count(*) FROM (SELECT '$lit'::numeric) s" 2>/dev/null)
	if [ "$kept" != "${fits:-0}" ]; then
		mismatch=$((mismatch + 1))
		echo "       differs for ${lit:0:40}: kept $kept, numeric_in ${fits:-error}"
	fi
done <<< "$lits"
expect "a record is kept exactly when numeric_in takes its number ($n literals)" "$mismatch" '^0$'
out=$(q "SELECT count(*) FROM iotatrail.parse_events('$(doc 1e999999)', '*', 'skip')")
expect "skip: the bad record counted, the other kept" "$out" 'WARNING:  skipped 1 bad record while.*a number beyond the range of numeric.*[^0-9]1$'
out=$(q "SELECT count(*) FROM iotatrail.parse_events('$(doc 1e999999)', '*')")
expect "error: names the record and the value" "$out" 'ERROR:  invalid CloudTrail record.*DETAIL:  The record holds a number beyond the range of numeric.*CONTEXT:  record 0, byte offset [0-9]+'
expect "  ... not numeric's own overflow" "$(printf '%s' "$out" | grep -c 'overflows numeric')" '^0$'

# sync_loads NAME LOADED SKIPPED: a sync of jl.events loads the LOADED good
# records of its one file, the manifest counts SKIPPED, the next sync nothing
sync_loads() {
	local out
	out=$(q "CALL iotatrail.sync('jl.events', 'jl.store')")
	expect "$1" "$out" "synced 1 objects .* $2 records"
	expect "  ... the manifest counts the skipped" \
		"$(q "SELECT records_loaded || ' ' || records_skipped FROM iotatrail.sync_manifest WHERE target = 'jl.store'::regclass")" "^$2 $3\$"
	out=$(q "CALL iotatrail.sync('jl.events', 'jl.store')")
	expect "  ... and the next sync has nothing to do" "$out" 'synced 0 objects'
}

# the same through a foreign table and sync: the bad records are skipped
# and counted, and the next sync has nothing left to retry
mkdir -p "$work/trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01"
/usr/bin/python3 - "$work/trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01" <<'PY'
import gzip, sys
recs = []
for i, n in enumerate(["1", "1e999999", "2.5", "0." + "7" * 20000, "-1E-999999", "3"]):
    recs.append('{"eventTime":"2024-05-01T00:0%d:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"CreateChannel",'
                '"awsRegion":"us-east-1","recipientAccountId":"111111111111","requestParameters":{"n":%s}}' % (i, n))
data = ('{"Records":[' + ",".join(recs) + ']}').encode()
open(sys.argv[1] + "/111111111111_CloudTrail_us-east-1_20240501T0010Z_n.json.gz", "wb").write(gzip.compress(data, mtime=0))
PY
share_workdir
q "DROP SERVER IF EXISTS jl CASCADE; CREATE SERVER jl FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA jl; IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events) FROM SERVER jl INTO jl
       OPTIONS (location '$work/trail/AWSLogs/', on_error 'skip')" >/dev/null
out=$(q "SELECT count(request_parameters) FROM jl.events")
expect "foreign table: 3 bad records skipped, 3 kept" "$out" 'WARNING:  skipped 3 bad records while.*[^0-9]3$'
out=$(q "SELECT count(*) FROM jl.events")
expect "  ... all 6 when no column holds the values" "$out" '^6$'
sync_loads "sync: loads the good records" 3 3
q "DROP SCHEMA jl CASCADE" >/dev/null

# a string of 256 MB (jsonb's limit, 2^28 - 1 bytes, plus one): its record
# is bad where a jsonb column would hold it, through parse_events, the
# foreign table and sync alike (the records around it are kept)
big=$work/bigtrail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/02
mkdir -p "$big"
/usr/bin/python3 - "$big/111111111111_CloudTrail_us-east-1_20240502T0010Z_s.json.gz" <<'PY'
import gzip, sys
rec = ('{"eventTime":"2024-05-02T00:0%d:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"CreateChannel",'
       '"awsRegion":"us-east-1","recipientAccountId":"111111111111","requestParameters":{"s":"')
with gzip.open(sys.argv[1], "wb", compresslevel=1) as f:
    f.write(b'{"Records":[')
    for i, n in enumerate([10, (1 << 28), 10]):
        f.write((("," if i else "") + rec % i).encode())
        chunk = b"x" * (1 << 20)
        left = n
        while left > 0:
            f.write(chunk[:min(left, len(chunk))])
            left -= len(chunk)
        f.write(b'"}}')
    f.write(b"]}")
PY
share_workdir
one="$big/111111111111_CloudTrail_us-east-1_20240502T0010Z_s.json.gz"
out=$(q "SELECT count(request_parameters) FROM iotatrail.parse_events(pg_read_binary_file('$one'), '*', 'skip', '300MB')")
expect "a 256 MB string, parse_events: its record skipped and counted, 2 kept" "$out" \
	'WARNING:  skipped 1 bad record while.*a string of 256 MB or more.*[^0-9]2$'
out=$(q "SELECT count(*) FROM iotatrail.parse_events(pg_read_binary_file('$one'), '*', 'error', '300MB') WHERE request_parameters IS NOT NULL")
expect "  ... without skip: an error naming the record, not jsonb's own" "$out" \
	'ERROR:  invalid CloudTrail record.*DETAIL:  The record holds a string of 256 MB or more.*CONTEXT:  record 1, byte offset [0-9]+'
q "CREATE SCHEMA jl; IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events) FROM SERVER jl INTO jl
       OPTIONS (location '$work/bigtrail/AWSLogs/', on_error 'skip', max_record_size '300MB')" >/dev/null
out=$(q "SELECT count(request_parameters) FROM jl.events")
expect "  ... the foreign table: skipped and counted" "$out" 'WARNING:  skipped 1 bad record while.*[^0-9]2$'
sync_loads "  ... sync: loads the 2 others" 2 1
q "DROP SCHEMA jl CASCADE; DROP SERVER jl CASCADE" >/dev/null
rm -rf "$work/bigtrail"
finish
