#!/usr/bin/env bash
# The update chain.  Every released version (0.1.0, 0.2.0: their install
# scripts are kept in test/upgrade/), installed and then updated with ALTER
# EXTENSION iotatrail UPDATE through the checked-in update scripts, must be
# the fresh install of the current version object for object:
# pg_dump --schema-only --binary-upgrade (which, unlike a plain dump, writes
# every member of the extension) and \dx+ must be identical.  A target
# synced under 0.1.0 must keep syncing exactly once after the update.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 30 >/dev/null
share_workdir
extdir="$(pg_config --sharedir)/extension"
version=$(sed -n "s/^default_version = '\(.*\)'$/\1/p" iotatrail.control)
old_versions="0.1.0 0.2.0"
for v in $old_versions; do
	cp "test/upgrade/iotatrail--$v.sql" "$extdir/"
done
trap 'for v in $old_versions; do rm -f "$extdir/iotatrail--$v.sql"; done' EXIT

in_db() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "SET timezone = 'UTC'" -c "$2" 2>&1
}
# the schema as pg_upgrade would carry it, less what differs between any
# two databases: OIDs (binary_upgrade_set_next_*, WHERE oid = ..., the
# config tables' OIDs in binary_upgrade_create_empty_extension),
# transaction ids, the server's banner and pg_dump's \restrict key
schema_dump() {
	pg_dump --schema-only --binary-upgrade --no-owner -d "$1" |
		grep -vE '^-- Dumped (from|by)|binary_upgrade_set_next_|^\\(un)?restrict |^$' |
		sed -E -e "s/(binary_upgrade_create_empty_extension\('iotatrail', 'iotatrail', false, '[^']*'), '\{[0-9,]*\}'/\1, '{OIDS}'/" \
			-e "s/relfrozenxid = '[0-9]+', relminmxid = '[0-9]+'/relfrozenxid = 'XID', relminmxid = 'XID'/" \
			-e "s/oid = '[0-9]+'/oid = 'OID'/g"
}
describe() {
	psql -X -d "$1" -c '\dx+ iotatrail'
}
# the extension's configuration tables by name (the dump has their OIDs)
config_tables() {
	in_db "$1" "SELECT extconfig::regclass[]::text || ' ' || extcondition::text FROM pg_extension WHERE extname = 'iotatrail'"
}

for db in up_fresh up_010 up_020; do
	q "DROP DATABASE IF EXISTS $db" >/dev/null
	q "CREATE DATABASE $db" >/dev/null
done
in_db up_fresh "CREATE EXTENSION iotatrail" >/dev/null
expect "a fresh install is $version" \
	"$(in_db up_fresh "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'")" "^${version//./\\.}$"
schema_dump up_fresh > "$work/fresh.sql"
describe up_fresh > "$work/fresh.dx"
expect "  ... its dump has every member (CREATE TYPE iotatrail.event, sync, a view)" \
	"$(grep -cE 'CREATE TYPE iotatrail\.event AS|CREATE PROCEDURE iotatrail\.sync\(|CREATE VIEW iotanalytics\.' "$work/fresh.sql")" '^[1-9][0-9]*$'

for v in $old_versions; do
	db=up_${v//./}
	in_db "$db" "CREATE EXTENSION iotatrail VERSION '$v'" >/dev/null
	expect "$v installs" "$(in_db "$db" "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'")" "^${v//./\\.}$"
	out=$(in_db "$db" "ALTER EXTENSION iotatrail UPDATE" 2>&1)
	expect "  ... ALTER EXTENSION iotatrail UPDATE from $v" \
		"$(in_db "$db" "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'") $out" "^${version//./\\.} $"
	schema_dump "$db" > "$work/updated-$v.sql"
	d=$(diff "$work/fresh.sql" "$work/updated-$v.sql" | head -30)
	expect "  ... pg_dump --schema-only --binary-upgrade as a fresh install ($(wc -l < "$work/fresh.sql") lines)" "${d:-same}" '^same$'
	describe "$db" > "$work/updated-$v.dx"
	d=$(diff "$work/fresh.dx" "$work/updated-$v.dx" | head -30)
	expect "  ... \\dx+ iotatrail as a fresh install ($(wc -l < "$work/fresh.dx") lines)" "${d:-same}" '^same$'
	expect "  ... the same configuration tables" "$(config_tables "$db")" "^$(config_tables up_fresh | sed 's/[][{}()|.*+?^$\\]/\\&/g')$"
done

# data synced under 0.1.0 syncs on after the update: only what is new is
# loaded, and every event is there once
q "DROP DATABASE IF EXISTS up_data" >/dev/null
q "CREATE DATABASE up_data" >/dev/null
mkdir -p "$work/grow"
cp -r "$work/trail/AWSLogs" "$work/grow/"
later=$(find "$work/grow/AWSLogs" -name '*.json.gz' | sort | tail -n 8 | head -n 5)
last=$(find "$work/grow/AWSLogs" -name '*.json.gz' | sort | tail -n 3)
mkdir -p "$work/held"
for f in $later $last; do mv "$f" "$work/held/"; done
share_workdir
in_db up_data "CREATE EXTENSION iotatrail VERSION '0.1.0';
   CREATE SERVER up_trail FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA audit;
   IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER up_trail INTO audit OPTIONS (location '$work/grow/AWSLogs/')" >/dev/null
out=$(in_db up_data "CALL iotatrail.sync('audit.events', 'public.store')")
expect "0.1.0 syncs a trail" "$out" 'sync: done: [1-9][0-9]* objects'
before=$(in_db up_data "SELECT count(*) FROM public.store")
in_db up_data "ALTER EXTENSION iotatrail UPDATE" >/dev/null
for f in $later; do mv "$work/held/$(basename "$f")" "$f"; done
share_workdir
out=$(in_db up_data "CALL iotatrail.sync('audit.events', 'public.store')")
expect "  ... after the update the next sync loads only the 5 new files" "$out" 'NOTICE:  5 objects to load into public\.store \(5 new, 0 changed'
expect "  ... every event once: the table matches the trail" \
	"$(in_db up_data "SELECT (SELECT count(*) FROM public.store) = (SELECT count(*) FROM audit.events) AND
	                         (SELECT count(*) FROM public.store) > $before AND
	                         NOT EXISTS (SELECT FROM public.store GROUP BY source_object, record_index HAVING count(*) > 1)")" '^t$'

# and converted to the stored shape (issue 31) in one statement: the records
# come back equal, and the next sync loads only what is new, once
same_records() {
	in_db up_data "SELECT count(*) FILTER (WHERE iotatrail.stored_record(s) IS DISTINCT FROM e.record) || ' ' ||
	                      count(*) || ' ' || (SELECT count(*) FROM audit.events)
	               FROM public.store s
	               JOIN iotatrail.read_events('$work/grow/AWSLogs/', '*') e USING (source_object, record_index)"
}
expect "  ... stored_record gives the records of the 0.1.0 table (mismatches compared trail)" "$(same_records)" '^0 ([0-9]+) \1$'
old_size=$(in_db up_data "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('public.store')")
out=$(in_db up_data "CALL iotatrail.sync_convert_target('public.store')")
expect "sync_convert_target converts the 0.1.0 table" "$out" 'NOTICE:  converted public.store to the stored shape'
new_size=$(in_db up_data "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('public.store')")
expect "  ... smaller ($old_size -> $new_size bytes)" "$(( new_size < old_size ))" '^1$'
expect "  ... every record given back equal" "$(same_records)" '^0 ([0-9]+) \1$'
for f in $last; do mv "$work/held/$(basename "$f")" "$f"; done
share_workdir
out=$(in_db up_data "CALL iotatrail.sync('audit.events', 'public.store')")
expect "  ... the next sync loads only the 3 new files" "$out" 'NOTICE:  3 objects to load into public\.store \(3 new, 0 changed'
expect "  ... every event once, every record equal (mismatches compared trail)" "$(same_records)" '^0 ([0-9]+) \1$'
expect "  ... no duplicate" \
	"$(in_db up_data "SELECT count(*) FROM (SELECT FROM public.store GROUP BY source_object, record_index HAVING count(*) > 1) d")" '^0$'
out=$(in_db up_data "CALL iotatrail.sync('audit.events', 'public.store')")
expect "  ... and a sync after it loads nothing" "$out" 'NOTICE:  synced 0 objects'

for db in up_fresh up_010 up_020 up_data; do
	q "DROP DATABASE $db" >/dev/null
done
finish
