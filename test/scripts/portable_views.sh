#!/usr/bin/env bash
# The portable views (iotatrail.views_ddl: built-in functions only) give the
# same rows as the views of iotatrail.create_views (iotatrail's C functions)
# over the same stored events, view by view: events of the 29 actions with
# hostile values in every member (test/make_hostile_actions.py) and the
# actions fixture of the view tests.  The portable script runs in a
# database where iotatrail is not installed, under a search_path that
# offers look-alike functions.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
target=portable_target

out=$(/usr/bin/python3 test/make_hostile_actions.py "$work/trail" 60 2>&1)
expect "hostile events written" "$out" '^1740 records of 29 actions$'
cp -r test/fixtures/actions/AWSLogs/111122223333 "$work/trail/AWSLogs/"
share_workdir

q "DROP SCHEMA IF EXISTS pv, pv_c CASCADE; DROP SERVER IF EXISTS pv_files CASCADE;
   CREATE SERVER pv_files FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA pv; CREATE SCHEMA pv_c;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER pv_files INTO pv
       OPTIONS (location '$work/trail/AWSLogs/');
   CREATE TABLE pv.store AS SELECT * FROM pv.events" >/dev/null
n=$(q "SELECT count(*) FROM pv.store")
expect "stored: the hostile events and the fixture" "$n" '^1[0-9]{3}$'
q "SELECT count(*) FROM iotatrail.create_views('pv_c', 'pv.store')" >/dev/null

# the script, and a database that has never seen iotatrail
q "SELECT iotatrail.views_ddl('pv_p', 'pv.store')" > "$work/portable.sql"
expect "views_ddl: 30 CREATE VIEW statements" "$(grep -c '^CREATE VIEW' "$work/portable.sql")" '^30$'
expect "  ... with no call of iotatrail's functions" "$(grep -v -e '^COMMENT' -e '^--' "$work/portable.sql" | grep -c 'iotatrail')" '^0$'
dropdb --if-exists "$target" >/dev/null 2>&1
createdb "$target"
psql -X -q -d "$target" -c "CREATE SCHEMA pv" >/dev/null
pg_dump -t pv.store --no-owner --no-privileges | psql -X -q -v ON_ERROR_STOP=1 -d "$target" >/dev/null 2>&1
in_target() {
	psql -X -q -A -t -v ON_ERROR_STOP=0 -d "$target" -c "SET timezone='UTC'" -c "$1" 2>&1
}
expect "the target database has no iotatrail" \
	"$(in_target "SELECT count(*) FROM pg_extension WHERE extname = 'iotatrail'") $(in_target "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'iotatrail%'")" '^0 0$'
expect "  ... and the same stored rows" "$(in_target "SELECT count(*) FROM pv.store")" "^$n$"

# look-alikes of what the script calls, first on the search_path: the
# script must not pick them up
in_target "CREATE SCHEMA lure;
   CREATE FUNCTION lure.jsonb_typeof(jsonb) RETURNS text LANGUAGE sql AS 'SELECT ''string''';
   CREATE FUNCTION lure.btrim(text, text) RETURNS text LANGUAGE sql AS 'SELECT ''1''';
   CREATE FUNCTION lure.regexp_match(text, text) RETURNS text[] LANGUAGE sql AS 'SELECT NULL::text[]';
   CREATE FUNCTION lure.eq(jsonb, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
   CREATE OPERATOR lure.= (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = lure.eq)" >/dev/null
out=$(PGOPTIONS="-c search_path=lure,public" psql -X -q -v ON_ERROR_STOP=1 -d "$target" -f "$work/portable.sql" 2>&1)
expect "the script runs where iotatrail is not installed" "${out:-clean}" '^clean$'

# every view: the same columns and types, the same number of rows and md5
views=$(q "SELECT string_agg(view_name, ' ' ORDER BY view_name) FROM iotatrail.action_views")" resource_activity"
shape="SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
         FROM pg_attribute WHERE attnum > 0 AND attrelid ="
mismatch=0
empty=0
nviews=0
for v in $views; do
	nviews=$((nviews + 1))
	rows="SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-') FROM"
	a=$(q "$rows pv_c.$v t")
	b=$(in_target "$rows pv_p.$v t")
	sa=$(q "$shape 'pv_c.$v'::regclass")
	sb=$(in_target "$shape 'pv_p.$v'::regclass")
	echo "       $v: $a | $b"
	[ "${a%% *}" = 0 ] && empty=$((empty + 1))
	if [ "$a" != "$b" ] || [ "$sa" != "$sb" ]; then
		mismatch=$((mismatch + 1))
		echo "       DIFFERS: $v"
		[ "$sa" != "$sb" ] && echo "         columns: $sa | $sb"
		# which columns: the md5 of each one
		for col in $(q "SELECT attname FROM pg_attribute WHERE attrelid = 'pv_c.$v'::regclass AND attnum > 0"); do
			cq="SELECT md5(string_agg(coalesce(t.$col::text, 'NULL'), E'\n' ORDER BY t.event_id::text, t.event_time)) FROM"
			[ "$(q "$cq pv_c.$v t")" = "$(in_target "$cq pv_p.$v t")" ] || echo "         column $col differs"
		done
	fi
done
expect "$nviews views compared row by row (count, md5)" "$nviews" '^30$'
# the hostile values reach the typed columns: how many cells of each type
# hold a value (the others are NULL on both sides)
typed=$(for v in $(q "SELECT view_name FROM iotatrail.action_views"); do
	q "SELECT string_agg(format('SELECT %L AS t, count(%I) AS n FROM pv_c.%I', format_type(atttypid, -1), attname, '$v'), ' UNION ALL ')
	     FROM pg_attribute WHERE attrelid = 'pv_c.$v'::regclass AND attnum > 15
	      AND format_type(atttypid, -1) IN ('timestamp with time zone', 'bigint', 'integer', 'boolean', 'text[]')" |
		grep . | sed 's/^/SELECT t, sum(n) FROM (/; s/$/) x GROUP BY t/' | psql -X -q -A -t -F '|' 2>&1
done | awk -F'|' '{n[$1] += $2} END {for (t in n) printf "%s=%d; ", t, n[t]}')
echo "       typed cells with a value: $typed"
expect "  ... the typed columns hold values of every type" "$typed" '^(.*(timestamp with time zone|bigint|integer|boolean|text\[\])=[1-9][0-9]+; ){5}$'
expect "  ... each holds rows" "$empty" '^0$'
expect "  ... the portable views give the same rows as the C ones" "$mismatch" '^0$'

cq="SELECT md5(string_agg(c.relname || '.' || coalesce(a.attname, '') || '=' || d.description, E'\n'
                         ORDER BY c.relname, d.objsubid))
      FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
     WHERE c.relnamespace ="
expect "  ... and the same comments on views and columns" \
	"$(q "$cq 'pv_c'::regnamespace AND c.relname <> 'findings'")" "^$(in_target "$cq 'pv_p'::regnamespace")$"

# a name that needs quoting, and a source that is not schema-qualified
out=$(q "SELECT iotatrail.views_ddl('Trail Views', 'Audit.\"Events Store\"')" | grep -m1 '^FROM')
expect "views_ddl quotes the names it is given" "$out" '^FROM audit\."Events Store" e$'
out=$(q "SELECT iotatrail.views_ddl('x', 'events_store')")
expect "  ... and wants the source table with its schema" "$out" 'source table "events_store" must be written as schema.table'

dropdb "$target"
q "DROP SCHEMA pv, pv_c CASCADE; DROP SERVER pv_files CASCADE" >/dev/null 2>&1
finish
