# The extension's SQL never runs what a caller's search_path offers.  A
# role with CREATE on public (the default before PostgreSQL 15) plants
# overloads of every built-in the extension's functions call, and operators
# on the types they compare; a superuser with the default search_path then
# imports a trail, creates views, syncs, verifies digests and reads the
# views.  None of the planted code may run.  The same plants do take over
# 0.1.0 (the test can tell), and ALTER EXTENSION UPDATE from 0.1.0 gives
# the catalog of a fresh install.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $work = PostgreSQL::Test::Utils::tempdir;
run_log([ '/usr/bin/python3', 'test/s3/load_trail.py', "$work/trail", '-', 'trail', '60' ])
  or die 'load_trail.py failed';
my ($version) = slurp_file('iotatrail.control') =~ /^default_version = '(.*)'$/m;

my $node = PostgreSQL::Test::Cluster->new('search_path');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;

# 0.1.0's install script is kept in test/upgrade/; the server finds it only
# in its extension directory, where test/run-tap puts it for the run
my $extdir = $node->config_data('--sharedir') . '/extension';
-e "$extdir/iotatrail--0.1.0.sql"
  or die "$extdir/iotatrail--0.1.0.sql is missing: install test/upgrade/iotatrail--0.1.0.sql there (test/run-tap does)";

# what psql prints for ARGS in database $db: stderr folded into stdout in
# the order psql writes them (an error of -c reads "ERROR:  ..."), the
# trailing newlines off
sub psql_out
{
	my ($db, @args) = @_;
	my $out = '';
	IPC::Run::run([ 'psql', '-X', '-q', '-d', $node->connstr($db), @args ], '<', \'', '>', \$out, '2>&1');
	$out =~ s/\n+\z//;
	return $out;
}
# SQL in a session of its own in database $db (timezone UTC), as superuser
# with the default search_path: unaligned, tuples only
sub in_db
{
	my ($db, $sql) = @_;
	return psql_out($db, '-A', '-t', '-v', 'ON_ERROR_STOP=0', '-c', "SET timezone = 'UTC'", '-c', $sql);
}
sub count_lines { my ($re, $text) = @_; return scalar grep { /$re/ } split /\n/, $text; }

for my $db (qw(sp_new sp_old))
{
	in_db('postgres', "CREATE DATABASE $db");
}
in_db('sp_new', "CREATE EXTENSION iotatrail");
in_db('sp_old', "CREATE EXTENSION iotatrail VERSION '0.1.0'");
is(in_db('sp_old', "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'"),
	'0.1.0', "0.1.0 installs");

# every function and procedure of the extension pins its search_path (or
# is C), except SQL functions PostgreSQL inlines (read_events: a SET clause
# would stop the inlining), whose bodies may then call only schema-qualified
# functions and use no operator
my $unpinned = <<'SQL';
SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_depend d
            ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e'
          JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'iotatrail'
          JOIN pg_catalog.pg_language l ON l.oid = p.prolang
         WHERE l.lanname <> 'c'
           AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
           AND NOT (p.prokind = 'p' AND p.prosrc LIKE '%pg_catalog.set_config(''search_path'', ''pg_catalog, pg_temp'', true)%')
           AND NOT (l.lanname = 'sql' AND p.proretset AND p.proconfig IS NULL AND p.provolatile <> 'v'
                    AND pg_catalog.replace(p.prosrc, '(e).*', '') !~ '[-+*/<>=~!@#%^&|`?]'
                    AND NOT EXISTS (SELECT FROM pg_catalog.regexp_matches(p.prosrc, '([A-Za-z_][A-Za-z_0-9.]*)\s*\(', 'g') m
                                     WHERE m[1] !~ '[.]' AND pg_catalog.lower(m[1]) NOT IN ('select', 'from')))
SQL
is(in_db('sp_new', $unpinned), '0', "0.2.0: no SQL function with the caller's search_path");
like(in_db('sp_old', $unpinned), qr/^[1-9][0-9]*$/s, "  ... 0.1.0 had them (the check can tell)");

# every function, procedure and view of the extension and its wrapper say
# what they are for; what only the extension's own code calls (the helpers
# below, the event trigger's function) is in iotatrail_internal, out of
# \df iotatrail.*, and says it is internal; nothing in iotatrail does
my $helpers =
  "'configured_location', 'comment_event_columns', 'take_pending_import', 'import_foreign_schema_end',
         'object_content', 'object_sha256', 'object_signature', 'rsa_sha256_verify', 'list_public_keys_page',
         'digest_read', 'digest_check',
         'transaction_control_allowed', 'sync_check_arguments', 'sync_resolve_source', 'sync_resolve_target', 'sync_lock',
         'sync_prepare_target', 'sync_plan', 'sync_load_batch', 'sync_make_partitions', 'sync_store_batch'";
my $undocumented = "SET search_path = pg_catalog;
SELECT (SELECT count(*) FROM pg_proc p
         WHERE p.pronamespace IN ('iotatrail'::regnamespace, to_regnamespace('iotatrail_internal'))
           AND (obj_description(p.oid, 'pg_proc') IS NULL
                OR (obj_description(p.oid, 'pg_proc') LIKE 'internal%')
                   IS DISTINCT FROM (p.pronamespace = to_regnamespace('iotatrail_internal'))))
     + (SELECT count(*) FROM pg_class c
         WHERE c.relnamespace = 'iotatrail'::regnamespace AND c.relkind = 'v'
           AND obj_description(c.oid, 'pg_class') IS NULL)
     + (SELECT count(*) FROM pg_foreign_data_wrapper w
         WHERE w.fdwname = 'iotatrail' AND obj_description(w.oid, 'pg_foreign_data_wrapper') IS NULL)";
my $public_helpers = "SET search_path = pg_catalog;
SELECT count(*) FROM pg_proc p
 WHERE p.pronamespace = 'iotatrail'::regnamespace
   AND (p.proname IN ($helpers) OR p.prorettype = 'event_trigger'::regtype
        OR p.proname IN (SELECT i.proname FROM pg_proc i WHERE i.pronamespace = to_regnamespace('iotatrail_internal')))";
my $internal_helpers = "SET search_path = pg_catalog;
SELECT count(DISTINCT p.proname) FROM pg_proc p
 WHERE p.pronamespace = to_regnamespace('iotatrail_internal') AND p.proname IN ($helpers)";
my $nhelpers = () = $helpers =~ /,/g;
is(in_db('sp_new', $undocumented), '0',
	"0.2.0: every function, view and the wrapper have a comment, 'internal' for the internal ones");
like(in_db('sp_old', $undocumented), qr/^[1-9][0-9]*$/s, "  ... 0.1.0 had some without (the check can tell)");
is(in_db('sp_new', $public_helpers), '0', "  ... no helper in schema iotatrail");
like(in_db('sp_old', $public_helpers), qr/^[1-9][0-9]*$/s, "  ... 0.1.0 had them there (the check can tell)");
is(in_db('sp_new', $internal_helpers), $nhelpers + 1,
	"  ... the " . ($nhelpers + 1) . " helpers are in iotatrail_internal");

# the hijacker and its plants, in both databases
in_db('postgres', "CREATE ROLE hijacker LOGIN NOSUPERUSER");
my $names = <<'SQL';
SELECT DISTINCT p.proname || '|' || p.pronargs || '|' || (p.provariadic <> 0) || '|' || p.proretset
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
                LATERAL pg_catalog.regexp_matches(c.expression, '([A-Za-z_][A-Za-z_0-9]*)\s*\(', 'g') m)
SQL
my $name_list = in_db('sp_new', $names) . "\n";
IPC::Run::run([ '/usr/bin/python3', 'test/plant_overloads.py' ],
	'<', \$name_list, '>', "$work/plants.sql", '2>', "$work/plants.count")
  or die 'plant_overloads.py failed';
my %distinct = map { (split /\|/)[0] => 1 } split /\n/, $name_list;
my $nnames = keys %distinct;
my @plant_heads = map { (split /\(/, $_, 2)[0] } split /\n/, slurp_file("$work/plants.sql");
for my $n (qw(left format to_regclass substring string_agg jsonb_build_object quote_ident))
{
	like(scalar(grep { /public."$n"$/ } @plant_heads), qr/^[1-9][0-9]*$/, "the plants cover $n()");
}
(my $nplants = substr(slurp_file("$work/plants.count"), -40)) =~ tr/0-9//cd;
for my $db (qw(sp_new sp_old))
{
	in_db($db, "GRANT CREATE ON SCHEMA public TO hijacker");
	my $log = psql_out($db, '-v', 'ON_ERROR_STOP=1', '-c', "SET ROLE hijacker",
		'-c', "CREATE TABLE public.hijack_log (what text); GRANT INSERT ON public.hijack_log TO PUBLIC",
		'-f', "$work/plants.sql");
	is($log eq '' ? 'clean' : $log, 'clean', "hijacker planted $nplants overloads of $nnames names in $db");
}

# what a superuser does with the default search_path
my $ops = "SET iotatrail.location = '$work/trail/AWSLogs/';
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
     SELECT 'digests', count(*) FROM iotatrail.verify_digests('$work/trail/AWSLogs/', '[]');";
my $sync = "CALL iotatrail.sync('sp_audit.events', 'sp_store')";
sub checks
{
	my ($db) = @_;
	return in_db($db,
		"SET search_path = pg_catalog; SELECT (SELECT count(*) FROM public.hijack_log) || ' ' || (SELECT rolsuper FROM pg_roles WHERE rolname = 'hijacker')"
	);
}
my $out_new = join "\n", in_db('sp_new', $ops), in_db('sp_new', $sync), in_db('sp_new', $sync);
unlike($out_new, qr/HIJACKED/, "0.2.0: nothing planted ran");
like(checks('sp_new'), qr/^0 (f|false)$/s, "  ... nothing logged, the hijacker is no superuser");
unlike($out_new, qr/ERROR/, "  ... no errors");
like($out_new, qr/import\|3[0-9]/s, "  ... IMPORT FOREIGN SCHEMA made the views");
like($out_new, qr/create_views\|3[0-9]/s, "  ... create_views made them");
like($out_new, qr/view\|[1-9][0-9]*/s, "  ... the views answer");
like($out_new, qr/digests\|[1-9][0-9]*/s, "  ... verify_digests answers");
like($out_new, qr/synced 6[0-9] objects.*synced 0 objects/s, "  ... sync loaded the trail, then nothing more");
is(in_db('sp_new', "SELECT pg_catalog.count(*) > 0 FROM public.sp_store"), 't', "  ... into the caller's schema");

my $out_old = join "\n", in_db('sp_old', $ops), in_db('sp_old', $sync);
like($out_old, qr/HIJACKED/, "0.1.0: the planted code runs (what this test catches)");
in_db('sp_old', "SET search_path = pg_catalog; DELETE FROM public.hijack_log; ALTER ROLE hijacker NOSUPERUSER");

# the update: same catalog as a fresh install, and safe
# a target 0.1.0 synced (with a search_path the plants cannot reach) is
# kept through the update: its manifest has whole-second times, no inodes
sub keep
{
	my ($sql) = @_;
	local $ENV{PGOPTIONS} = '-c search_path=pg_catalog';
	return in_db('sp_old', $sql);
}
keep("CREATE SERVER sp_keep FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA sp_keep;
      IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER sp_keep INTO sp_keep OPTIONS (location '$work/trail/AWSLogs/')");
my $out = keep("CALL iotatrail.sync('sp_keep.events', 'public.sp_kept')");
like($out, qr/sync: done: [1-9][0-9]* objects/s, "  (0.1.0 synced a target)");
in_db('sp_old', "DROP SCHEMA IF EXISTS sp_audit, sp_reports CASCADE");
in_db('sp_old', "DROP SERVER IF EXISTS sp_trail CASCADE");
in_db('sp_old', "DROP TABLE IF EXISTS public.sp_store");
in_db('sp_old', "SET search_path = pg_catalog; ALTER EXTENSION iotatrail UPDATE");
is(in_db('sp_old', "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'"),
	$version, "ALTER EXTENSION iotatrail UPDATE from 0.1.0");
my $catalog = <<'SQL';
SET search_path = pg_catalog;
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
ORDER BY 1
SQL
append_to_file("$work/catalog-new", in_db('sp_new', $catalog) . "\n");
append_to_file("$work/catalog-updated", in_db('sp_old', $catalog) . "\n");
my $d = `diff '$work/catalog-new' '$work/catalog-updated' | head -20`;
my $nobjects = () = slurp_file("$work/catalog-new") =~ /\n/g;
is(in_db('sp_old', $undocumented) . ' ' . in_db('sp_old', $public_helpers),
	'0 0', "  ... with every comment, and no helper in iotatrail");
is($d eq '' ? 'same' : $d, 'same', "  ... the catalog of a fresh install ($nobjects objects)");
like($nobjects, qr/^[1-9][0-9]{2,}$/, "  ... which lists the extension's objects");
my $out_upd = join "\n", in_db('sp_old', $ops), in_db('sp_old', $sync);
unlike($out_upd, qr/HIJACKED/, "  ... and after it nothing planted runs");
like(checks('sp_old'), qr/^0 (f|false)$/s, "  ... nothing logged, the hijacker is no superuser");
$out = keep("CALL iotatrail.sync('sp_keep.events', 'public.sp_kept')");
like(
	$out,
	qr/NOTICE:  0 objects to load into public.sp_kept \(0 new, 0 changed, 0 bytes\) of [1-9]/s,
	"  ... a target synced by 0.1.0 has nothing to load after it");
like(
	in_db('sp_old',
		"SET search_path = pg_catalog; SELECT count(*) FILTER (WHERE inode IS NULL) || ' ' || count(*) FROM iotatrail.sync_manifest WHERE target = 'public.sp_kept'::regclass"
	),
	qr/^0 [1-9][0-9]*$/s,
	"  ... and its manifest now has the inodes");

done_testing();
