#!/usr/bin/env bash
# The extension's SQL never runs what a caller's search_path offers.  A
# role with CREATE on public (the default before PostgreSQL 15) plants
# overloads of every built-in the extension's functions call, and operators
# on the types they compare; a superuser with the default search_path then
# imports a trail, creates views, syncs, verifies digests and reads the
# views.  None of the planted code may run.  The same plants do take over
# 0.1.0 (the test can tell), and ALTER EXTENSION UPDATE from 0.1.0 gives
# the catalog of a fresh install.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 60 >/dev/null
share_workdir
extdir="$(pg_config --sharedir)/extension"
version=$(sed -n "s/^default_version = '\(.*\)'$/\1/p" iotatrail.control)
cp test/upgrade/iotatrail--0.1.0.sql "$extdir/"
trap 'rm -f "$extdir/iotatrail--0.1.0.sql"' EXIT

# psql in database $1, as superuser, with the default search_path
in_db() {
	psql -X -q -A -t -v ON_ERROR_STOP=0 -d "$1" -c "SET timezone = 'UTC'" -c "$2" 2>&1
}
for db in sp_new sp_old; do
	q "DROP DATABASE IF EXISTS $db" >/dev/null
	q "CREATE DATABASE $db" >/dev/null
done
in_db sp_new "CREATE EXTENSION iotatrail" >/dev/null
in_db sp_old "CREATE EXTENSION iotatrail VERSION '0.1.0'" >/dev/null
expect "0.1.0 installs" "$(in_db sp_old "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'")" '^0\.1\.0$'

# every function and procedure of the extension pins its search_path (or
# is C), except SQL functions PostgreSQL inlines (read_events: a SET clause
# would stop the inlining), whose bodies may then call only schema-qualified
# functions and use no operator
unpinned="SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_depend d
            ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e'
          JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'iotatrail'
          JOIN pg_catalog.pg_language l ON l.oid = p.prolang
         WHERE l.lanname <> 'c'
           AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
           AND NOT (p.prokind = 'p' AND p.prosrc LIKE '%pg_catalog.set_config(''search_path'', ''pg_catalog, pg_temp'', true)%')
           AND NOT (l.lanname = 'sql' AND p.proretset AND p.proconfig IS NULL AND p.provolatile <> 'v'
                    AND pg_catalog.replace(p.prosrc, '(e).*', '') !~ '[-+*/<>=~!@#%^&|\`?]'
                    AND NOT EXISTS (SELECT FROM pg_catalog.regexp_matches(p.prosrc, '([A-Za-z_][A-Za-z_0-9.]*)\\s*\\(', 'g') m
                                     WHERE m[1] !~ '[.]' AND pg_catalog.lower(m[1]) NOT IN ('select', 'from')))"
expect "0.2.0: no SQL function with the caller's search_path" "$(in_db sp_new "$unpinned")" '^0$'
expect "  ... 0.1.0 had them (the check can tell)" "$(in_db sp_old "$unpinned")" '^[1-9][0-9]*$'

# every function, procedure and view of the extension and its wrapper say
# what they are for; what only the extension's own code calls (the helpers
# below, the event trigger's function) is in iotatrail_internal, out of
# \df iotatrail.*, and says it is internal; nothing in iotatrail does
helpers="'configured_location', 'comment_event_columns', 'take_pending_import', 'import_foreign_schema_end',
         'object_content', 'object_sha256', 'object_signature', 'rsa_sha256_verify', 'list_public_keys_page',
         'digest_read', 'digest_check',
         'transaction_control_allowed', 'sync_check_arguments', 'sync_resolve_source', 'sync_resolve_target', 'sync_lock',
         'sync_prepare_target', 'sync_plan', 'sync_load_batch', 'sync_make_partitions', 'sync_store_batch'"
undocumented="SET search_path = pg_catalog;
SELECT (SELECT count(*) FROM pg_proc p
         WHERE p.pronamespace IN ('iotatrail'::regnamespace, to_regnamespace('iotatrail_internal'))
           AND (obj_description(p.oid, 'pg_proc') IS NULL
                OR (obj_description(p.oid, 'pg_proc') LIKE 'internal%')
                   IS DISTINCT FROM (p.pronamespace = to_regnamespace('iotatrail_internal'))))
     + (SELECT count(*) FROM pg_class c
         WHERE c.relnamespace = 'iotatrail'::regnamespace AND c.relkind = 'v'
           AND obj_description(c.oid, 'pg_class') IS NULL)
     + (SELECT count(*) FROM pg_foreign_data_wrapper w
         WHERE w.fdwname = 'iotatrail' AND obj_description(w.oid, 'pg_foreign_data_wrapper') IS NULL)"
public_helpers="SET search_path = pg_catalog;
SELECT count(*) FROM pg_proc p
 WHERE p.pronamespace = 'iotatrail'::regnamespace
   AND (p.proname IN ($helpers) OR p.prorettype = 'event_trigger'::regtype
        OR p.proname IN (SELECT i.proname FROM pg_proc i WHERE i.pronamespace = to_regnamespace('iotatrail_internal')))"
internal_helpers="SET search_path = pg_catalog;
SELECT count(DISTINCT p.proname) FROM pg_proc p
 WHERE p.pronamespace = to_regnamespace('iotatrail_internal') AND p.proname IN ($helpers)"
nhelpers=$(printf '%s' "$helpers" | tr -cd ',' | wc -c)
expect "0.2.0: every function, view and the wrapper have a comment, 'internal' for the internal ones" \
	"$(in_db sp_new "$undocumented")" '^0$'
expect "  ... 0.1.0 had some without (the check can tell)" "$(in_db sp_old "$undocumented")" '^[1-9][0-9]*$'
expect "  ... no helper in schema iotatrail" "$(in_db sp_new "$public_helpers")" '^0$'
expect "  ... 0.1.0 had them there (the check can tell)" "$(in_db sp_old "$public_helpers")" '^[1-9][0-9]*$'
expect "  ... the $((nhelpers + 1)) helpers are in iotatrail_internal" "$(in_db sp_new "$internal_helpers")" "^$((nhelpers + 1))\$"

# the hijacker and its plants, in both databases
q "DROP ROLE IF EXISTS hijacker; CREATE ROLE hijacker LOGIN NOSUPERUSER" >/dev/null
names="SELECT DISTINCT p.proname || '|' || p.pronargs || '|' || (p.provariadic <> 0) || '|' || p.proretset
         FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace
          AND p.pronargs <= 5
          AND p.proname IN (
              SELECT lower(m[1])
                FROM pg_catalog.pg_proc f
                JOIN pg_catalog.pg_depend d
                  ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = f.oid AND d.deptype = 'e'
                JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'iotatrail',
                LATERAL pg_catalog.regexp_matches(f.prosrc, '([A-Za-z_][A-Za-z_0-9]*)\s*\(', 'g') m
              UNION
              SELECT lower(m[1]) FROM iotatrail.action_view_columns c,
                LATERAL pg_catalog.regexp_matches(c.expression, '([A-Za-z_][A-Za-z_0-9]*)\s*\(', 'g') m)"
in_db sp_new "$names" | /usr/bin/python3 test/plant_overloads.py > "$work/plants.sql" 2> "$work/plants.count"
nnames=$(in_db sp_new "$names" | cut -d'|' -f1 | sort -u | wc -l)
for n in left format to_regclass substring string_agg jsonb_build_object quote_ident; do
	expect "the plants cover $n()" "$(cut -d'(' -f1 "$work/plants.sql" | grep -c "public.\"$n\"$")" '^[1-9][0-9]*$'
done
for db in sp_new sp_old; do
	in_db "$db" "GRANT CREATE ON SCHEMA public TO hijacker" >/dev/null
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "SET ROLE hijacker" \
		-c "CREATE TABLE public.hijack_log (what text); GRANT INSERT ON public.hijack_log TO PUBLIC" \
		-f "$work/plants.sql" >"$work/plant-$db.log" 2>&1
	log=$(cat "$work/plant-$db.log")
	expect "hijacker planted $(tail -c 40 "$work/plants.count" | tr -dc '0-9') overloads of $nnames names in $db" \
		"${log:-clean}" '^clean$'
done

# what a superuser does with the default search_path
ops="SET iotatrail.location = '$work/trail/AWSLogs/';
     CREATE SERVER sp_trail FOREIGN DATA WRAPPER iotatrail;
     CREATE SCHEMA sp_audit;
     IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER sp_trail INTO sp_audit
         OPTIONS (location '$work/trail/AWSLogs/');
     SELECT 'import', count(*) FROM pg_catalog.pg_views WHERE schemaname = 'sp_audit';
     CREATE SCHEMA sp_reports;
     SELECT 'create_views', count(*) FROM iotatrail.create_views('sp_reports', 'sp_audit.events');
     SELECT 'view', count(*) FROM sp_audit.create_channel;
     SELECT 'view', count(*) FROM sp_reports.resource_activity WHERE resource_name IS NOT NULL;
     SELECT 'default view', count(*) FROM iotanalytics.describe_channel;
     SELECT 'read_events', count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/');
     SELECT 'digests', count(*) FROM iotatrail.verify_digests('$work/trail/AWSLogs/', '[]');"
sync="CALL iotatrail.sync('sp_audit.events', 'sp_store')"
checks() {
	in_db "$1" "SET search_path = pg_catalog; SELECT (SELECT count(*) FROM public.hijack_log) || ' ' || (SELECT rolsuper FROM pg_roles WHERE rolname = 'hijacker')"
}
out_new=$(in_db sp_new "$ops"; in_db sp_new "$sync"; in_db sp_new "$sync")
expect "0.2.0: nothing planted ran" "$(printf '%s' "$out_new" | grep -c HIJACKED)" '^0$'
expect "  ... nothing logged, the hijacker is no superuser" "$(checks sp_new)" '^0 (f|false)$'
expect "  ... no errors" "$(printf '%s' "$out_new" | grep -c 'ERROR')" '^0$'
expect "  ... IMPORT FOREIGN SCHEMA made the views" "$out_new" 'import\|3[0-9]'
expect "  ... create_views made them" "$out_new" 'create_views\|3[0-9]'
expect "  ... the views answer" "$out_new" 'view\|[1-9][0-9]*'
expect "  ... verify_digests answers" "$out_new" 'digests\|[1-9][0-9]*'
expect "  ... sync loaded the trail, then nothing more" "$out_new" 'synced 6[0-9] objects.*synced 0 objects'
expect "  ... into the caller's schema" "$(in_db sp_new "SELECT pg_catalog.count(*) > 0 FROM public.sp_store")" '^t$'

out_old=$(in_db sp_old "$ops"; in_db sp_old "$sync")
expect "0.1.0: the planted code runs (what this test catches)" "$(printf '%s' "$out_old" | grep -c HIJACKED)" '^[1-9][0-9]*$'
in_db sp_old "SET search_path = pg_catalog; DELETE FROM public.hijack_log; ALTER ROLE hijacker NOSUPERUSER" >/dev/null

# the update: same catalog as a fresh install, and safe
# a target 0.1.0 synced (with a search_path the plants cannot reach) is
# kept through the update: its manifest has whole-second times, no inodes
keep() { PGOPTIONS='-c search_path=pg_catalog' in_db sp_old "$1"; }
keep "CREATE SERVER sp_keep FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA sp_keep;
      IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER sp_keep INTO sp_keep OPTIONS (location '$work/trail/AWSLogs/')" >/dev/null
out=$(keep "CALL iotatrail.sync('sp_keep.events', 'public.sp_kept')")
expect "  (0.1.0 synced a target)" "$out" 'sync: done: [1-9][0-9]* objects'
in_db sp_old "DROP SCHEMA IF EXISTS sp_audit, sp_reports CASCADE" >/dev/null
in_db sp_old "DROP SERVER IF EXISTS sp_trail CASCADE" >/dev/null
in_db sp_old "DROP TABLE IF EXISTS public.sp_store" >/dev/null
in_db sp_old "SET search_path = pg_catalog; ALTER EXTENSION iotatrail UPDATE" >/dev/null
expect "ALTER EXTENSION iotatrail UPDATE from 0.1.0" \
	"$(in_db sp_old "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'")" "^${version//./\\.}$"
catalog="SET search_path = pg_catalog;
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) || ' ' ||
       coalesce(CASE d.classid
           WHEN 'pg_proc'::regclass THEN (SELECT pg_get_functiondef(d.objid) || coalesce(array_to_string(p.proacl, ','), '')
                                            FROM pg_proc p WHERE p.oid = d.objid)
           WHEN 'pg_class'::regclass THEN (SELECT c.relkind::text || ' ' || c.relrowsecurity || ' ' || coalesce(pg_get_viewdef(c.oid), '') || ' ' ||
                                                  coalesce((SELECT string_agg(p.polname || ':' || pg_get_expr(p.polqual, p.polrelid), ',' ORDER BY p.polname)
                                                              FROM pg_policy p WHERE p.polrelid = c.oid), '') || ' ' ||
                                                  coalesce(array_to_string(c.relacl, ','), '') || ' ' ||
                                                  (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' ||
                                                                     coalesce(col_description(c.oid, a.attnum), ''), ',' ORDER BY a.attnum)
                                                     FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
                                             FROM pg_class c WHERE c.oid = d.objid)
           WHEN 'pg_event_trigger'::regclass THEN (SELECT t.evtevent || t.evtfoid::regprocedure::text || array_to_string(t.evttags, ',')
                                                     FROM pg_event_trigger t WHERE t.oid = d.objid)
       END, '') || ' ' || coalesce(obj_description(d.objid, d.classid::regclass::name), '')
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iotatrail'
WHERE d.deptype = 'e'
ORDER BY 1"
in_db sp_new "$catalog" > "$work/catalog-new"
in_db sp_old "$catalog" > "$work/catalog-updated"
d=$(diff "$work/catalog-new" "$work/catalog-updated" | head -20)
expect "  ... with every comment, and no helper in iotatrail" \
	"$(in_db sp_old "$undocumented") $(in_db sp_old "$public_helpers")" '^0 0$'
expect "  ... the catalog of a fresh install ($(wc -l < "$work/catalog-new") objects)" "${d:-same}" '^same$'
expect "  ... which lists the extension's objects" "$(wc -l < "$work/catalog-new")" '^[1-9][0-9]{2,}$'
out_upd=$(in_db sp_old "$ops"; in_db sp_old "$sync")
expect "  ... and after it nothing planted runs" "$(printf '%s' "$out_upd" | grep -c HIJACKED)" '^0$'
expect "  ... nothing logged, the hijacker is no superuser" "$(checks sp_old)" '^0 (f|false)$'
out=$(keep "CALL iotatrail.sync('sp_keep.events', 'public.sp_kept')")
expect "  ... a target synced by 0.1.0 has nothing to load after it" "$out" 'NOTICE:  0 objects to load into public.sp_kept \(0 new, 0 changed, 0 bytes\) of [1-9]'
expect "  ... and its manifest now has the inodes" \
	"$(in_db sp_old "SET search_path = pg_catalog; SELECT count(*) FILTER (WHERE inode IS NULL) || ' ' || count(*) FROM iotatrail.sync_manifest WHERE target = 'public.sp_kept'::regclass")" '^0 [1-9][0-9]*$'

for db in sp_new sp_old; do
	q "DROP DATABASE $db" >/dev/null
done
q "DROP ROLE hijacker" >/dev/null
finish
