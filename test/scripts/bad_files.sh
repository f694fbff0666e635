#!/usr/bin/env bash
# Bad input on disk: truncated and corrupt gzip, an empty file, an
# unreadable file in a directory, multi-member gzip, a 50 MB record, and
# on_error 'skip' counting what it skipped.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
python3 test/make_trail.py bad "$work/bad"
mkdir -p "$work/mixed"
python3 test/make_trail.py files "$work/mixed" 2 50
python3 test/make_trail.py huge-record "$work/huge.json" 50
share_workdir
# a file the server cannot read (root-owned, mode 000)
cp "$work/mixed/01/f0000.json.gz" "$work/mixed/01/f0000b.json.gz"
chmod 000 "$work/mixed/01/f0000b.json.gz"

out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/bad/truncated.json.gz')")
expect "truncated gzip names file and offset" "$out" 'ERROR:  invalid gzip data.DETAIL:  Unexpected end of gzip.*CONTEXT:  log file "/tmp/iotatrail_scripted/bad/truncated.json.gz", record [0-9]+, byte offset [0-9]+'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/bad/corrupt.json.gz')")
expect "corrupt gzip is reported as corrupt" "$out" 'ERROR:  invalid gzip data.DETAIL:  Corrupt gzip data.*CONTEXT:  log file "/tmp/iotatrail_scripted/bad/corrupt.json.gz", record [0-9]+, byte offset [0-9]+'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/bad/empty.json')")
expect "empty file" "$out" 'ERROR:  empty log file.*CONTEXT:  log file "/tmp/iotatrail_scripted/bad/empty.json", record 0, byte offset 0'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/bad/multimember.json.gz', event_source => '*')")
expect "multi-member gzip reads every member" "$out" '^20$'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/bad/truncated.json.gz', event_source => '*', on_error => 'skip')")
expect "truncated gzip with skip keeps the records before the cut" "$out" 'WARNING:  skipped 1 unreadable file while.*[^0-9]10$'

out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/mixed', event_source => '*')")
expect "unreadable file is an error naming it" "$out" 'ERROR:  could not open file "/tmp/iotatrail_scripted/mixed/01/f0000b.json.gz" for reading: Permission denied'
# a folder the server may not open: the file access error's own SQLSTATE
mkdir -p "$work/closed/inner" && chmod 000 "$work/closed/inner"
out=$(psql -X -q -A -t -v VERBOSITY=verbose -c "SELECT count(*) FROM iotatrail.read_events('$work/closed')" 2>&1)
expect "an unreadable folder: 42501 and the folder named" "$out" 'ERROR:  42501: could not open directory "/tmp/iotatrail_scripted/closed/inner": Permission denied'
out=$(psql -X -q -A -t -v VERBOSITY=verbose -c "SELECT count(*) FROM iotatrail.list_objects('$work/closed/')" 2>&1)
expect "  ... the same from list_objects" "$out" 'ERROR:  42501: could not open directory'
chmod 755 "$work/closed/inner"
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/mixed', event_source => '*', on_error => 'skip')")
expect "unreadable file is skipped and counted" "$out" 'WARNING:  skipped 1 unreadable file while.*[^0-9]100$'

out=$(q "SELECT event_name, length(request_parameters->>'blob') FROM iotatrail.read_events('$work/huge.json', event_source => '*') ORDER BY record_index")
expect "50 MB record is read whole" "$out" '52428800'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/huge.json', event_source => '*', max_record_size => '16MB')")
expect "record over max_record_size names index and offset" "$out" 'ERROR:  invalid CloudTrail record.*DETAIL:  The record is larger than the limit of 16777216 bytes\..*CONTEXT:  log file "/tmp/iotatrail_scripted/huge.json", record 1, byte offset [1-9][0-9]*'
expect "  ... and its hint names the option" "$out" "HINT:  Raise the option max_record_size, or use the option on_error 'skip'"
out=$(q "SELECT count(*) FROM iotatrail.parse_events('{\"Records\":[],\"' || repeat('k', 300000) || '\":1}', max_record_size => '1kB')")
expect "an object key over max_record_size gives the limit" "$out" 'ERROR:  invalid CloudTrail JSON document.*DETAIL:  Object key is longer than the limit of 1024 bytes\..*CONTEXT:  record 0, byte offset [0-9]+'
expect "  ... and its hint names the option" "$out" "HINT:  Raise the option max_record_size, or use the option on_error 'skip' to skip what cannot be read"
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/huge.json', event_source => '*', max_record_size => '16MB', on_error => 'skip')")
expect "oversized record skipped, neighbours kept" "$out" 'skipped 1 bad record while.*[^0-9]2$'

# a bad record in a multi-record file: the CONTEXT line says file, record, offset
/usr/bin/python3 - "$work/multi.json" <<'PY'
import json, sys
recs = [{"eventVersion": "1.08", "eventTime": "2024-01-01T00:00:0%dZ" % i,
         "eventSource": "s3.amazonaws.com", "eventName": "GetObject"} for i in range(4)]
recs[2]["eventTime"] = "nope"
head = '{"Records":['
body = ",".join(json.dumps(r) for r in recs)
open(sys.argv[1], "w").write(head + body + "]}")
PY
chmod a+r "$work/multi.json"
# the byte offset of record 2: where its '{' is
off=$(/usr/bin/python3 -c "import sys; d=open(sys.argv[1]).read(); print(d.rindex('{', 0, d.index('nope')))" "$work/multi.json")
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/multi.json', event_source => '*')")
expect "bad record in a multi-record file: fixed message, explanation in DETAIL" "$out" \
	'ERROR:  invalid CloudTrail record[[:space:]]DETAIL:  Field "eventTime" is not an ISO 8601 timestamp: "nope"\.'
expect "  ... CONTEXT names file, record index and byte offset" "$out" \
	"CONTEXT:  log file \"$work/multi.json\", record 2, byte offset $off([^0-9]|$)"
out=$(psql -X -q -A -t -v VERBOSITY=verbose -c "SELECT count(*) FROM iotatrail.read_events('$work/multi.json', on_error => 'sometimes')" 2>&1)
expect "bad option value: errcode 22023 (invalid_parameter_value)" "$out" '^ERROR:  22023: '

# EXPLAIN ANALYZE counts skipped records and skipped files apart
explain_skip() {	# LOCATION EXTRA_OPTIONS
	q "CREATE SERVER IF NOT EXISTS bad_srv FOREIGN DATA WRAPPER iotatrail;
	   DROP FOREIGN TABLE IF EXISTS bad_t;
	   CREATE FOREIGN TABLE bad_t (event_name text) SERVER bad_srv
	       OPTIONS (location '$1', event_source '*', on_error 'skip'$2);
	   EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(event_name) FROM bad_t" | tr '\n' ' '
}
plan=$(explain_skip "$work/mixed" "")
expect "EXPLAIN: an unreadable file is a skipped file, not a record" "$plan" 'Records Skipped: 0 +Files Skipped: 1 '
plan=$(explain_skip "$work/huge.json" ", max_record_size '16MB'")
expect "EXPLAIN: an oversized record is a skipped record" "$plan" 'Records Read: 3 +Records Skipped: 1 +Files Skipped: 0 '

chmod 644 "$work/mixed/01/f0000b.json.gz"
finish
