#!/usr/bin/env bash
# Trust, round three (issue 28), each step run as the role it describes,
# logged in as that role (session_user), not SET ROLE from a superuser:
#  1. a sync target planted by another role (a trigger that makes its
#     owner superuser) is refused, naming the object and its owner; so are
#     a target of one's own with a trigger, a rule, a policy or a default
#     calling a function of someone's, and a relation squatting on a
#     monthly partition's name; a table owned through a group role is fine;
#  2. a SECURITY DEFINER function reading iotanalytics.events cannot be
#     pointed at a file of the caller's choosing through iotatrail.location;
#  3. entries that cannot be listed (a dangling link, a name not valid
#     UTF-8, an unreadable folder, a path longer than PATH_MAX) are skipped
#     and counted by sync under on_error 'skip', listed again next time,
#     and name themselves and the way to skip them under 'error';
#  4. sync_and_create_views runs with the documented grants alone (no
#     CREATE on the database);
#  5. a log file reached through symbolic links is read once.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 12 >/dev/null
share_workdir
db=$(psql -X -A -t -c "SELECT current_database()")

# psql logged in as role $1 (its own session, session_user = $1)
as_role() {
	PGPASSWORD=trust-test psql -X -q -A -t -U "$1" -d "$db" -c "SET timezone = 'UTC'" -c "$2" 2>&1
}
is_super() { q "SELECT rolsuper FROM pg_roles WHERE rolname = '$1'"; }
q "DROP SCHEMA IF EXISTS tr_audit, tr_bi, tr_src CASCADE" >/dev/null
for r in tr_m tr_mallory tr_loader tr_reader tr_group; do
	q "DROP OWNED BY $r; DROP ROLE IF EXISTS $r" >/dev/null 2>&1
done
q "CREATE ROLE tr_m LOGIN PASSWORD 'trust-test';
   CREATE ROLE tr_mallory LOGIN PASSWORD 'trust-test';
   CREATE ROLE tr_loader LOGIN PASSWORD 'trust-test';
   CREATE ROLE tr_reader LOGIN PASSWORD 'trust-test' IN ROLE pg_read_server_files;
   CREATE ROLE tr_group NOLOGIN;
   GRANT CREATE ON SCHEMA public TO PUBLIC;
   CREATE SERVER IF NOT EXISTS tr_local FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA tr_audit;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER tr_local INTO tr_audit
       OPTIONS (location '$work/trail/AWSLogs/')" >/dev/null
events=$(q "SELECT count(*) FROM tr_audit.events")
expect "(the trail has events)" "$events" '^[1-9][0-9]*$'

echo "# 1. planted targets"
as_role tr_m "CREATE TABLE public.events_store (LIKE iotatrail.event);
  CREATE FUNCTION public.own() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN EXECUTE 'ALTER ROLE tr_m SUPERUSER'; END IF;
    RETURN NEW; END \$\$;
  CREATE TRIGGER t BEFORE INSERT ON public.events_store FOR EACH ROW EXECUTE FUNCTION public.own();
  GRANT INSERT, SELECT, DELETE ON public.events_store TO PUBLIC" >/dev/null
expect "tr_m planted public.events_store and is no superuser" "$(is_super tr_m)" '^f$'
out=$(q "CALL iotatrail.sync('tr_audit.events', 'events_store')")
expect "a superuser's sync into the planted table (unqualified): refused, naming it and its owner" "$out" \
	'ERROR:  sync target public\.events_store is owned by role "tr_m".*HINT:  Name a table of your own, schema-qualified'
expect "  ... tr_m is still no superuser" "$(is_super tr_m)" '^f$'
expect "  ... and nothing was written into it" "$(q "SELECT count(*) FROM public.events_store")" '^0$'
out=$(q "CALL iotatrail.sync_and_create_views('tr_audit.events', 'events_store')")
expect "sync_and_create_views into it: refused too" "$out" 'ERROR:  sync target public\.events_store is owned by role "tr_m"'
expect "  ... tr_m is still no superuser" "$(is_super tr_m)" '^f$'

# a target of the caller's own: code attached to it is refused as well
q "CREATE TABLE public.tr_own (LIKE iotatrail.event);
   CREATE TRIGGER t BEFORE INSERT ON public.tr_own FOR EACH ROW EXECUTE FUNCTION public.own()" >/dev/null
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_own')")
expect "a target of one's own with a trigger: refused, naming trigger and function owner" "$out" \
	'ERROR:  sync target public\.tr_own has trigger "t" on public\.tr_own, calling public\.own\(\), owned by role "tr_m"'
q "DROP TRIGGER t ON public.tr_own;
   CREATE FUNCTION public.tr_stamp() RETURNS text LANGUAGE sql AS 'SELECT current_user::text';
   ALTER TABLE public.tr_own ADD COLUMN who text DEFAULT public.tr_stamp()" >/dev/null
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_own')")
expect "  ... with a default calling a function not built in: refused" "$out" \
	'ERROR:  sync target public\.tr_own has default value for column who of table public\.tr_own, calling function public\.tr_stamp\(\), owned by role'
q "ALTER TABLE public.tr_own ALTER COLUMN who SET DEFAULT current_user;
   CREATE RULE r AS ON INSERT TO public.tr_own DO ALSO NOTIFY tr" >/dev/null
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_own')")
expect "  ... with a rule: refused" "$out" 'ERROR:  sync target public\.tr_own has rule "r" on public\.tr_own, owned by role'
q "DROP RULE r ON public.tr_own; CREATE POLICY p ON public.tr_own USING (true)" >/dev/null
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_own')")
expect "  ... with a policy: refused" "$out" 'ERROR:  sync target public\.tr_own has row-level security policy "p" on public\.tr_own, owned by role'
q "DROP POLICY p ON public.tr_own" >/dev/null
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_own')")
expect "  ... and without them (a built-in default) it syncs" "$out" "synced [0-9]+ objects.*, $events records"

# a table owned through a group role the loader is a member of is adopted
q "GRANT tr_group TO tr_loader; GRANT pg_read_server_files TO tr_loader;
   GRANT USAGE ON FOREIGN SERVER tr_local TO tr_loader;
   GRANT USAGE ON SCHEMA tr_audit TO tr_loader; GRANT SELECT ON tr_audit.events TO tr_loader;
   GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO tr_loader;
   GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO tr_loader;
   GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq TO tr_loader;
   CREATE TABLE public.tr_grouped (LIKE iotatrail.event); ALTER TABLE public.tr_grouped OWNER TO tr_group" >/dev/null
out=$(as_role tr_loader "CALL iotatrail.sync('tr_audit.events', 'public.tr_grouped')")
expect "a table owned by a group the loader is a member of: adopted" "$out" "synced [0-9]+ objects.*, $events records"
# ... but a superuser is not 'a member' of every role: tr_group's table is not the superuser's
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_grouped')")
expect "  ... which a superuser (member of no group) may not adopt" "$out" 'ERROR:  sync target public\.tr_grouped is owned by role "tr_group"'

# a relation planted on a month's partition name
month=$(q "SELECT to_char(min(event_time) AT TIME ZONE 'UTC', '\"_y\"YYYY\"m\"MM') FROM tr_audit.events")
as_role tr_m "CREATE TABLE public.tr_parts${month} (LIKE iotatrail.event)" >/dev/null
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_parts')")
expect "a table planted as a monthly partition (tr_parts${month}): an error, not rows in the default partition" "$out" \
	"ERROR:  relation public\\.tr_parts${month} is in the place of a partition of sync target public\\.tr_parts.*owned by role \"tr_m\""
expect "  ... the default partition got none of that month" "$(q "SELECT count(*) FROM public.tr_parts_default")" '^0$'
q "DROP TABLE public.tr_parts${month}" >/dev/null
out=$(q "CALL iotatrail.sync('tr_audit.events', 'public.tr_parts')")
expect "  ... dropped, the sync goes on and the month gets its partition" "$out" "synced [0-9]+ objects.*, $events records"
expect "  ... owned by the caller" "$(q "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class WHERE oid = 'public.tr_parts${month}'::regclass")" '^t$'

echo "# 2. iotatrail.location inside a SECURITY DEFINER function"
mkdir -p "$work/private"
printf '{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"CreateChannel","awsRegion":"us-east-1","requestParameters":{"secret":"TOP-SECRET-VALUE"}}]}' > "$work/private/private.json"
share_workdir
q "CREATE FUNCTION public.tr_report_rows() RETURNS SETOF text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog
     AS \$\$ SELECT request_parameters::text FROM iotanalytics.events LIMIT 5 \$\$;
   GRANT EXECUTE ON FUNCTION public.tr_report_rows() TO tr_mallory, tr_reader" >/dev/null
out=$(as_role tr_mallory "SET iotatrail.location = '$work/private/private.json'; SELECT * FROM public.tr_report_rows()")
expect "mallory (no pg_read_server_files) points the definer's function at a file: refused" "$out" \
	'ERROR:  permission denied to read the location set in iotatrail.location.*DETAIL:  The setting is the choice of session user "tr_mallory"'
expect "  ... the file's content not shown, in rows or in messages" "$(printf '%s' "$out" | grep -c TOP-SECRET)" '^0$'
out=$(as_role tr_mallory "SET iotatrail.location = '$work/private/'; SELECT * FROM public.tr_report_rows()")
expect "  ... a folder the same" "$out" 'ERROR:  permission denied to read the location set in iotatrail.location'
out=$(as_role tr_mallory "SET iotatrail.location = '$work/private/private.json'; SELECT count(*) FROM iotanalytics.create_channel")
expect "  ... the extension's views (a superuser's) refuse her as before" "$out" 'ERROR:  permission denied to read log files'
out=$(as_role tr_reader "SET iotatrail.location = '$work/private/private.json'; SELECT * FROM public.tr_report_rows()")
expect "a pg_read_server_files member calling the same function reads the file" "$out" 'TOP-SECRET-VALUE'
out=$(q "SET iotatrail.location = '$work/private/private.json'; SELECT * FROM public.tr_report_rows()")
expect "  ... and so does the definer itself" "$out" 'TOP-SECRET-VALUE'
out=$(as_role tr_mallory "SET iotatrail.location = '$work/private/private.json'; EXPLAIN SELECT * FROM public.tr_report_rows()")
expect "  ... planning alone reveals nothing to mallory either" "$(printf '%s' "$out" | grep -c TOP-SECRET)" '^0$'

echo "# 3. entries that cannot be listed"
bad=$work/bad/AWSLogs
mkdir -p "$bad"
cp -r "$work/trail/AWSLogs/." "$bad/"
logs() { find "$1" -path '*/CloudTrail/*' -name '*.json.gz' | sort; }
day=$(dirname "$(logs "$bad" | head -n 1)")
ln -s "$day/no-such-file.json.gz" "$day/dangling.json.gz"
cp "$(logs "$bad" | head -n 1)" "$day/$(printf 'caf\xe9').json.gz"
mkdir -p "$bad/lost+found"
cp "$(logs "$bad" | head -n 1)" "$bad/lost+found/x.json.gz"
# a path longer than PATH_MAX: built one folder at a time
(
	cd "$bad" || exit 1
	long=$(printf 'd%.0s' $(seq 240))
	for _ in $(seq 18); do mkdir "$long" && cd "$long" || exit 1; done
	cp "$day/$(ls "$day" | grep -m1 '^[0-9].*\.json\.gz$')" deep.json.gz
)
share_workdir
chmod 000 "$bad/lost+found"
readable=$(q "SELECT count(*) FROM iotatrail.read_events('$bad/', '*', on_error => 'skip')" | tail -n 1)
out=$(q "SELECT count(*) FROM iotatrail.read_events('$bad/', '*', on_error => 'skip')")
expect "read_events skips the four and counts them" "$out" 'WARNING:  skipped 4 unreadable files'
out=$(q "SELECT count(*) FROM iotatrail.list_objects('$bad/')")
expect "list_objects under 'error': names the entry and how to skip it" "$out" \
	"ERROR:  .*\"$bad/.*HINT:  Use the option on_error 'skip' to skip entries that cannot be read and count them"
out=$(q "SELECT count(*) FILTER (WHERE skip_reason IS NOT NULL) || ' ' ||
                count(*) FILTER (WHERE skip_reason IS NOT NULL AND size IS NULL AND modified IS NULL AND inode IS NULL) || ' ' ||
                string_agg(skip_reason, ' | ' ORDER BY object)
           FROM iotatrail.list_objects('$bad/', on_error => 'skip')")
expect "list_objects under 'skip': the four as rows with only object and skip_reason" "$out" '^4 4 '
expect "  ... a dangling link" "$out" 'could not stat file "[^"]*/dangling\.json\.gz": No such file'
expect "  ... an unreadable folder" "$out" 'could not open directory "[^"]*/lost\+found": Permission denied'
expect "  ... a name not valid UTF-8 (escaped)" "$out" 'file name "[^"]*/caf\\xE9\.json\.gz" is not valid in encoding "UTF8"'
expect "  ... a path longer than PATH_MAX" "$out" 'path "[^"]*/ddddd[d]*\.\.\." is longer than 4095 bytes'
q "CREATE SCHEMA tr_src;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER tr_local INTO tr_src
       OPTIONS (location '$bad/', on_error 'skip', event_source '*')" >/dev/null
out=$(q "CALL iotatrail.sync('tr_src.events', 'public.tr_bad')")
expect "sync under on_error 'skip': goes through, and warns of the four" "$out" \
	'WARNING:  skipped 4 entries of .* that could not be listed.*synced [0-9]+ objects.*, 4 skipped \(could not be listed\)'
expect "  ... every readable record loaded" "$(q "SELECT count(*) FROM public.tr_bad")" "^$readable$"
expect "  ... sync_runs counts them" "$(q "SELECT objects_skipped FROM iotatrail.sync_runs WHERE target = 'public.tr_bad'::regclass ORDER BY run_id DESC LIMIT 1")" '^4$'
chmod 755 "$bad/lost+found"
out=$(q "CALL iotatrail.sync('tr_src.events', 'public.tr_bad')")
expect "  ... the folder made readable, the next sync lists and loads it" "$out" \
	'NOTICE:  1 objects to load into public\.tr_bad \(1 new, 0 changed.*3 skipped \(could not be listed\)'
expect "  ... sync_runs: 3 now" "$(q "SELECT objects_skipped FROM iotatrail.sync_runs WHERE target = 'public.tr_bad'::regclass ORDER BY run_id DESC LIMIT 1")" '^3$'
q "ALTER FOREIGN TABLE tr_src.events OPTIONS (SET on_error 'error')" >/dev/null
out=$(q "CALL iotatrail.sync('tr_src.events', 'public.tr_bad')")
expect "sync under on_error 'error': fails naming the entry and how to skip it" "$out" \
	"ERROR:  (could not stat file \"$bad/|could not open directory \"$bad/|unusable file name.DETAIL:  (File name|Path) \"$bad/).*HINT:  Use the option on_error 'skip'"

echo "# 4. sync_and_create_views with the documented grants"
q "CREATE SCHEMA tr_bi AUTHORIZATION tr_loader" >/dev/null
expect "(tr_loader has no CREATE on the database)" "$(q "SELECT has_database_privilege('tr_loader', current_database(), 'CREATE')")" '^f$'
out=$(as_role tr_loader "CALL iotatrail.sync_and_create_views('tr_audit.events', 'tr_bi.events_store')")
expect "tr_loader runs the BI recipe" "$out" 'NOTICE:  31 views made in schema tr_bi, 0 there already; tr_bi\.events_store analyzed'
expect "  ... and the views answer" "$(as_role tr_loader "SELECT count(*) FROM tr_bi.create_channel")" '^[0-9]+$'
out=$(as_role tr_loader "CALL iotatrail.sync_and_create_views('tr_audit.events', 'tr_bi.events_store')")
expect "  ... again: nothing to load, views kept" "$out" 'NOTICE:  0 views made in schema tr_bi, 31 there already'

echo "# 5. a file reached through symbolic links"
links=$work/links/AWSLogs
mkdir -p "$links" "$work/outside"
cp -r "$work/trail/AWSLogs/." "$links/"
first=$(logs "$links" | head -n 1)
ln -s "$first" "$(dirname "$first")/zz-link-to-first.json.gz"
cp "$first" "$work/outside/shared.json.gz"
ln -s "$work/outside/shared.json.gz" "$(dirname "$first")/zz-outside-1.json.gz"
ln -s "$work/outside/shared.json.gz" "$(dirname "$first")/zz-outside-2.json.gz"
share_workdir
in_first=$(q "SELECT count(*) FROM iotatrail.read_events('$first', '*')")
plain=$(q "SELECT count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')")
out=$(q "SELECT count(*) FROM iotatrail.read_events('$links/', '*')")
expect "a link to a file under the location: skipped with a NOTICE" "$out" \
	'NOTICE:  skipped file ".*zz-link-to-first\.json\.gz": it links to ".*", which is read at its own path'
expect "  ... two links to one file outside: read once, with a NOTICE" "$out" \
	'NOTICE:  skipped file ".*zz-outside-2\.json\.gz": it was read already through another link'
expect "  ... so every file once: the trail plus the outside file" "$(printf '%s' "$out" | tail -n 1)" "^$((plain + in_first))$"
out=$(q "SELECT count(*) FROM iotatrail.list_objects('$links/')")
expect "  ... list_objects (what sync loads) the same" "$(printf '%s' "$out" | tail -n 1)" "^$(($(q "SELECT count(*) FROM iotatrail.list_objects('$work/trail/AWSLogs/')") + 1))$"

q "DROP SCHEMA tr_audit, tr_bi, tr_src CASCADE; DROP FUNCTION public.tr_report_rows();
   DROP TABLE IF EXISTS public.events_store, public.tr_own, public.tr_grouped, public.tr_parts, public.tr_bad CASCADE;
   DROP FUNCTION public.own(), public.tr_stamp(); DROP SERVER tr_local CASCADE;
   REVOKE CREATE ON SCHEMA public FROM PUBLIC" >/dev/null 2>&1
chmod -R u+rwX "$work" 2>/dev/null
finish
