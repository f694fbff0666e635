#!/usr/bin/env bash
# The stored shape (issue 31): a table iotatrail.sync fills keeps no field
# twice -- record_rest holds only what no column gives back -- and
# iotatrail.stored_record() gives every record back equal (jsonb =) to the
# record read_events reads, over every fixture and hostile-value trail the
# tests use; a target of the shape before 0.3.0 is converted in one
# statement and synced on exactly once.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
sq() { q "$1" || true; }

# the trails: fixtures, the sample, the generated shapes, bad files, an
# organization trail, the audit trail, a load trail, and hostile values
mkdir -p "$work/t"
cp -r test/fixtures/actions "$work/t/fixtures"
cp -r test/sample "$work/t/sample"
python3 test/make_trail.py shapes "$work/t/shapes" >/dev/null
python3 test/make_trail.py bad "$work/t/bad" >/dev/null
python3 test/make_trail.py org "$work/t/org" 40 3 >/dev/null
/usr/bin/python3 test/make_audit_trail.py "$work/t/audit" >/dev/null
/usr/bin/python3 test/s3/load_trail.py "$work/t/load" - trail 20 >/dev/null
/usr/bin/python3 - "$work/t/hostile" <<'PY'
import gzip, os, sys
d = os.path.join(sys.argv[1], "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01")
os.makedirs(d, exist_ok=True)
base = ('"eventVersion":"1.08","eventTime":"2024-05-01T00:00:%02dZ","eventSource":"iotanalytics.amazonaws.com",'
        '"eventName":"CreateChannel","awsRegion":"us-east-1","eventID":"00000000-0000-0000-0000-0000000000%02d"')
odd = [
    # every member a column rebuilds, as CloudTrail writes it
    '"sourceIPAddress":"10.0.0.1","userAgent":"ua","requestID":"r","eventType":"AwsApiCall","eventCategory":"Management",'
    '"apiVersion":"2017","readOnly":true,"managementEvent":false,"recipientAccountId":"111111111111","sharedEventID":"s",'
    '"vpcEndpointId":"vpce-1","vpcEndpointAccountId":"2","errorCode":"E","errorMessage":"m","sessionCredentialFromConsole":"true",'
    '"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"c","clientProvidedHostHeader":"h","keyExchange":"k"},'
    '"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"},"requestParameters":{"a":null,"b":[1,null]},'
    '"responseElements":{"x":{}},"additionalEventData":"s","resources":[{"ARN":"arn:x"}],"serviceEventDetails":{"k":1},'
    '"addendum":{"reason":"r"},"edgeDeviceDetails":{"e":1},"insightDetails":{"i":[]},"eventContext":{"c":"d"}',
    # null members, empty objects, unknown members of every JSON type
    '"responseElements":null,"requestParameters":null,"userIdentity":null,"tlsDetails":{},"resources":"",'
    '"unknownString":"u","unknownNumber":1.50,"unknownBig":123456789012345678901234567890,"unknownNull":null,'
    '"unknownArray":[1,"a",{"b":null}],"unknownObject":{"z":{"y":[]}},"unknownBool":false,"":"empty key"',
    # members a column holds otherwise: fractions of seconds, a capital eventID, a boolean
    # where CloudTrail writes a string, tlsDetails with a null and an extra member
    '"sessionCredentialFromConsole":false,"tlsDetails":{"tlsVersion":null,"cipherSuite":"c","extra":1},'
    '"sourceIPAddress":"iotanalytics.amazonaws.com","readOnly":null,"errorCode":""',
    # escapes, unicode, duplicate keys (jsonb keeps the last), numbers of every form
    '"userAgent":"a\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00","requestParameters":{"b":1,"a":2,"b":3},'
    '"responseElements":[1,-0,0.5,2.50,-3e2,1E+40,0.000000000000000000001],"awsRegion":"eu-west-1",'
    '"errorMessage":"line\\nbreak\\ttab","recipientAccountId":"x","recipientAccountId":"y"',
    # scalars where objects are usual
    '"serviceEventDetails":"a string","additionalEventData":-12.5e-3,"addendum":true,"eventContext":[],'
    '"insightDetails":"x","edgeDeviceDetails":null,"userIdentity":{"type":"Root","sessionContext":{"attributes":{"mfaAuthenticated":"true"}}}',
]
recs = []
for i, o in enumerate(odd):
    recs.append("{" + (base % (i, i)) + "," + o + "}")
# fractions of seconds in eventTime, an eventID in capitals
recs.append('{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:09.123Z","eventSource":"iotanalytics.amazonaws.com",'
            '"eventName":"CreateChannel","eventID":"ABCDEF00-0000-0000-0000-000000000001"}')
recs.append('{"eventTime":"2024-05-01T00:00:10Z","eventSource":"iotanalytics.amazonaws.com"}')
with open(os.path.join(d, "111111111111_CloudTrail_us-east-1_20240501T0000Z_hostile.json.gz"), "wb") as fh:
    fh.write(gzip.compress(('{"Records":[' + ",".join(recs) + "]}").encode(), mtime=0))
PY
share_workdir

sq "CREATE SERVER st_trail FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA st" >/dev/null

# lossless DIR NAME: sync DIR into st.NAME, then every record read_events
# reads equals stored_record of its row; prints "mismatches compared stored read"
lossless() {
	sq "CREATE FOREIGN TABLE st.src_$2 (event_time timestamptz) SERVER st_trail
	    OPTIONS (location '$1/', event_source '*', on_error 'skip')" >/dev/null
	sq "CALL iotatrail.sync('st.src_$2', 'st.$2')" >/dev/null 2>&1
	# (a file not read to its end under on_error 'skip' is not stored: the
	# rows stored are compared)
	sq "SELECT count(*) FILTER (WHERE s.r IS DISTINCT FROM e.record)
	           || ' ' || count(e.record) || ' ' || count(*)
	    FROM (SELECT t.source_object, t.record_index, iotatrail.stored_record(t) AS r FROM st.$2 t) s
	    LEFT JOIN iotatrail.read_events('$1/', '*', 'skip') e
	      ON s.source_object = e.source_object AND s.record_index = e.record_index" 2>/dev/null | tail -1
	sq "SELECT 'first mismatch: ' || e.record::text || ' rebuilt: ' || s.r::text
	    FROM (SELECT t.source_object, t.record_index, iotatrail.stored_record(t) AS r FROM st.$2 t) s
	    JOIN iotatrail.read_events('$1/', '*', 'skip') e
	      ON s.source_object = e.source_object AND s.record_index = e.record_index
	    WHERE s.r IS DISTINCT FROM e.record LIMIT 1" 2>/dev/null | tail -1 | head -c 1500 >&2
}

echo "-- the stored shape"
sq "CREATE FOREIGN TABLE st.src_shape (event_time timestamptz) SERVER st_trail
    OPTIONS (location '$work/t/hostile/', event_source '*', on_error 'skip')" >/dev/null
sq "CALL iotatrail.sync('st.src_shape', 'st.shape')" >/dev/null 2>&1
out=$(sq "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute
          WHERE attrelid = 'st.shape'::regclass AND attnum > 0 AND attname IN ('record', 'record_rest', 'request_parameters')")
expect "a new target has record_rest, no record" "$out" '^request_parameters,record_rest$'
out=$(sq "SELECT count(*) FILTER (WHERE record_rest = '{}') || ' ' ||
                 count(*) FILTER (WHERE record_rest ?| '{eventName,userAgent,eventSource,resources,userIdentity}'
                                     AND NOT record_rest @> '{\"userIdentity\": null}') || ' ' ||
                 count(*) FILTER (WHERE record_rest ?& '{unknownObject,unknownBig,unknownNull,\"\"}') || ' ' ||
                 count(*) FILTER (WHERE jsonb_typeof(record_rest) <> 'object')
          FROM st.shape")
expect "no field twice: 2 full records leave {}; no column's member kept; unknown members kept; no fallback" "$out" '^2 0 1 0$'
out=$(sq "SELECT string_agg(k, ',' ORDER BY k) FROM st.shape, jsonb_object_keys(record_rest) k WHERE record_index IN (2, 5)
          GROUP BY record_index ORDER BY record_index")
expect "  ... a member a column holds otherwise stays (a boolean for a string, a null, fractions of seconds, capitals)" \
	"$(echo $out)" '^readOnly,sessionCredentialFromConsole,tlsDetails eventID,eventTime$'
out=$(sq "SELECT string_agg(DISTINCT a.attcompression::text || a.attstorage::text, ',')
          FROM pg_attribute a WHERE a.attrelid IN (SELECT relid FROM pg_partition_tree('st.shape') WHERE isleaf)
            AND a.atttypid = 'jsonb'::regtype AND a.attnum > 0")
comp=$(sq "SELECT iotatrail_internal.stored_compression()")
expect "jsonb columns: $comp compression, kept in the row" "$out" "^${comp:0:1}m$"
out=$(sq "SELECT bool_and(reloptions @> '{toast_tuple_target=128}') FROM pg_class
          WHERE oid IN (SELECT relid FROM pg_partition_tree('st.shape') WHERE isleaf)")
expect "  ... every partition compresses rows over 128 bytes" "$out" '^t$'

echo "-- stored_record = record, every record of every trail"
for t in fixtures sample shapes bad org audit load hostile; do
	out=$(lossless "$work/t/$t" "$t")
	expect "$t: stored_record = record for every stored row (mismatches compared stored)" "$out" '^0 ([1-9][0-9]*) \1$'
done

echo "-- a target synced before 0.3.0 (with record), converted"
sq "CREATE FOREIGN TABLE st.src_old (event_time timestamptz) SERVER st_trail
    OPTIONS (location '$work/t/load/', event_source '*')" >/dev/null
# the old shape: the event columns, record included
sq "CREATE TABLE st.old (LIKE iotatrail.event) PARTITION BY RANGE (event_time);
    CREATE TABLE st.old_default PARTITION OF st.old DEFAULT;
    CREATE UNIQUE INDEX ON st.old (source_object, record_index, event_time) NULLS NOT DISTINCT" >/dev/null
out=$(sq "CALL iotatrail.sync('st.src_old', 'st.old', 5)")
n=$(sq "SELECT count(*) FROM iotatrail.read_events('$work/t/load/', '*')")
expect "an old-shape target is synced as before (record stored)" \
	"$(sq "SELECT count(*) || ' ' || count(record) FROM st.old")" "^$n $n$"
expect "  ... stored_record gives its record" \
	"$(sq "SELECT count(*) FILTER (WHERE iotatrail.stored_record(o) IS DISTINCT FROM o.record) FROM st.old o")" '^0$'
# half of the files are new after the conversion
obj=$(sq "SELECT object FROM iotatrail.sync_manifest WHERE target = 'st.old'::regclass ORDER BY object DESC LIMIT 1")
sq "DELETE FROM st.old WHERE source_object = '$obj';
    DELETE FROM iotatrail.sync_manifest WHERE target = 'st.old'::regclass AND object = '$obj'" >/dev/null
size_of() { sq "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('$1')"; }
before=$(size_of st.old)
out=$(sq "CALL iotatrail.sync_convert_target('st.old')")
expect "sync_convert_target converts in one statement" "$out" 'NOTICE:  converted st.old to the stored shape'
expect "  ... record is now record_rest" \
	"$(sq "SELECT string_agg(attname, ',') FROM pg_attribute WHERE attrelid = 'st.old'::regclass AND attname IN ('record', 'record_rest') AND NOT attisdropped")" '^record_rest$'
after=$(size_of st.old)
expect "  ... and smaller ($before -> $after bytes)" "$(( after < before ))" '^1$'
out=$(sq "CALL iotatrail.sync_convert_target('st.old')")
expect "  ... twice: nothing to do" "$out" 'has the stored shape already'
out=$(sq "CALL iotatrail.sync('st.src_old', 'st.old', 5)")
expect "a later sync loads only the missing file" "$out" 'NOTICE:  synced 1 objects \(1 new, 0 changed\)'
out=$(sq "SELECT count(*) || ' ' || count(DISTINCT (source_object, record_index)) FROM st.old")
expect "  ... exactly once: every record, no duplicate" "$out" "^$n $n$"
out=$(sq "SELECT count(*) FILTER (WHERE s.r IS DISTINCT FROM e.record) || ' ' || count(s.r)
          FROM iotatrail.read_events('$work/t/load/', '*') e
          JOIN (SELECT source_object, record_index, iotatrail.stored_record(t) r FROM st.old t) s USING (source_object, record_index)")
expect "  ... and every record of the converted table and the new rows given back equal" "$out" "^0 $n$"
out=$(sq "CALL iotatrail.sync('st.src_old', 'st.old', 5)")
expect "  ... a sync after that loads nothing" "$out" 'NOTICE:  synced 0 objects'
out=$(sq "CREATE TABLE st.notrail (a int); CALL iotatrail.sync_convert_target('st.notrail')")
expect "a table without record is refused" "$out" 'ERROR:  table st.notrail has no column record'
finish
