#!/usr/bin/env bash
# Every input shape as a file on disk, detected by content whatever its name:
# each yields the same records with the same typed values.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
python3 test/make_trail.py shapes "$work/shapes"
share_workdir

for f in trail.json trail-gzip.txt multimember console-history.json records-not-first.json \
	ndjson.log lookup-events.json.gz eventbridge.ndjson; do
	out=$(q "SELECT count(*), string_agg(event_name || '@' || event_time || '@' || host(source_ip) || '@' || event_id, ',' ORDER BY event_id)
	         FROM iotatrail.read_events('$work/shapes/$f')")
	expect "$f: 2 IoT Analytics events" "$out" '^2\|'
	all=$(q "SELECT count(*) FROM iotatrail.read_events('$work/shapes/$f', event_source => '*')")
	expect "$f: 4 records in all" "$all" '^4$'
	if [ "$f" = trail.json ]; then
		reference=$out
	else
		expect "$f: same values as trail.json" "$out" "^$(printf '%s' "$reference" | sed 's/[.[\*^$|()+?{}]/\\&/g')$"
	fi
done
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/shapes/single-record.json')")
expect "single record object" "$out" '^1$'
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/shapes', event_source => '*')")
expect "the directory: every file, every shape" "$out" '^33$'
finish
