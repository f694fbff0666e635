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
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(getcwd);
use File::Basename qw(dirname);
use File::Copy;
use File::Path qw(make_path);
use IPC::Run;

my $work = PostgreSQL::Test::Utils::tempdir;
run_log([ '/usr/bin/python3', 'test/s3/load_trail.py', "$work/trail", '-', 'trail', '12' ])
  or die 'load_trail.py failed';

my $node = PostgreSQL::Test::Cluster->new('trust');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;

# what psql -c SQL prints in a session of its own (timezone UTC): unaligned,
# tuples only, stderr folded into stdout in the order psql writes them (an
# error reads "ERROR:  ..."), the trailing newlines off; as the bootstrap
# superuser, or logged in as role $opt{user} (trust authentication on the
# cluster's socket, so session_user is that role)
sub sql
{
	my ($sql, %opt) = @_;
	my @cmd = ('psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=0', '-d', $node->connstr('postgres'));
	push @cmd, '-U', $opt{user} if $opt{user};
	push @cmd, '-c', "SET timezone = 'UTC'", '-c', $sql;
	my $out = '';
	IPC::Run::run(\@cmd, '<', \'', '>', \$out, '2>&1');
	$out =~ s/\n+\z//;
	return $out;
}
sub as_role { my ($role, $sql) = @_; return sql($sql, user => $role); }
sub is_super { return sql("SELECT rolsuper FROM pg_roles WHERE rolname = '$_[0]'"); }
sub last_line { return (split /\n/, $_[0])[-1] // ''; }

sql("CREATE EXTENSION iotatrail;
   CREATE ROLE tr_m LOGIN;
   CREATE ROLE tr_mallory LOGIN;
   CREATE ROLE tr_loader LOGIN;
   CREATE ROLE tr_reader LOGIN IN ROLE pg_read_server_files;
   CREATE ROLE tr_group NOLOGIN;
   GRANT CREATE ON SCHEMA public TO PUBLIC;
   CREATE SERVER IF NOT EXISTS tr_local FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA tr_audit;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER tr_local INTO tr_audit
       OPTIONS (location '$work/trail/AWSLogs/')");
my $events = sql("SELECT count(*) FROM tr_audit.events");
like($events, qr/^[1-9][0-9]*$/s, "(the trail has events)");
is(as_role('tr_mallory', 'SELECT session_user || \' \' || current_user'),
	'tr_mallory tr_mallory', '(a step as a role is a session logged in as it)');

note "1. planted targets";
as_role('tr_m', "CREATE TABLE public.events_store (LIKE iotatrail.event);
  CREATE FUNCTION public.own() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN EXECUTE 'ALTER ROLE tr_m SUPERUSER'; END IF;
    RETURN NEW; END \$\$;
  CREATE TRIGGER t BEFORE INSERT ON public.events_store FOR EACH ROW EXECUTE FUNCTION public.own();
  GRANT INSERT, SELECT, DELETE ON public.events_store TO PUBLIC");
is(is_super('tr_m'), 'f', "tr_m planted public.events_store and is no superuser");
my $out = sql("CALL iotatrail.sync('tr_audit.events', 'events_store')");
like(
	$out,
	qr/ERROR:  sync target public\.events_store is owned by role "tr_m".*HINT:  Name a table of your own, schema-qualified/s,
	"a superuser's sync into the planted table (unqualified): refused, naming it and its owner");
is(is_super('tr_m'), 'f', "  ... tr_m is still no superuser");
is(sql("SELECT count(*) FROM public.events_store"), '0', "  ... and nothing was written into it");
$out = sql("CALL iotatrail.sync_and_create_views('tr_audit.events', 'events_store')");
like($out, qr/ERROR:  sync target public\.events_store is owned by role "tr_m"/s,
	"sync_and_create_views into it: refused too");
is(is_super('tr_m'), 'f', "  ... tr_m is still no superuser");

# a target of the caller's own: code attached to it is refused as well
sql("CREATE TABLE public.tr_own (LIKE iotatrail.event);
   CREATE TRIGGER t BEFORE INSERT ON public.tr_own FOR EACH ROW EXECUTE FUNCTION public.own()");
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_own')");
like(
	$out,
	qr/ERROR:  sync target public\.tr_own has trigger "t" on public\.tr_own, calling public\.own\(\), owned by role "tr_m"/s,
	"a target of one's own with a trigger: refused, naming trigger and function owner");
sql("DROP TRIGGER t ON public.tr_own;
   CREATE FUNCTION public.tr_stamp() RETURNS text LANGUAGE sql AS 'SELECT current_user::text';
   ALTER TABLE public.tr_own ADD COLUMN who text DEFAULT public.tr_stamp()");
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_own')");
like(
	$out,
	qr/ERROR:  sync target public\.tr_own has default value for column who of table public\.tr_own, calling function public\.tr_stamp\(\), owned by role/s,
	"  ... with a default calling a function not built in: refused");
sql("ALTER TABLE public.tr_own ALTER COLUMN who SET DEFAULT current_user;
   CREATE RULE r AS ON INSERT TO public.tr_own DO ALSO NOTIFY tr");
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_own')");
like($out, qr/ERROR:  sync target public\.tr_own has rule "r" on public\.tr_own, owned by role/s,
	"  ... with a rule: refused");
sql("DROP RULE r ON public.tr_own; CREATE POLICY p ON public.tr_own USING (true)");
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_own')");
like(
	$out,
	qr/ERROR:  sync target public\.tr_own has row-level security policy "p" on public\.tr_own, owned by role/s,
	"  ... with a policy: refused");
sql("DROP POLICY p ON public.tr_own");
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_own')");
like($out, qr/synced [0-9]+ objects.*, $events records/s,
	"  ... and without them (a built-in default) it syncs");

# a table owned through a group role the loader is a member of is adopted
sql("GRANT tr_group TO tr_loader; GRANT pg_read_server_files TO tr_loader;
   GRANT USAGE ON FOREIGN SERVER tr_local TO tr_loader;
   GRANT USAGE ON SCHEMA tr_audit TO tr_loader; GRANT SELECT ON tr_audit.events TO tr_loader;
   GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO tr_loader;
   GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO tr_loader;
   GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq TO tr_loader;
   CREATE TABLE public.tr_grouped (LIKE iotatrail.event); ALTER TABLE public.tr_grouped OWNER TO tr_group");
$out = as_role('tr_loader', "CALL iotatrail.sync('tr_audit.events', 'public.tr_grouped')");
like($out, qr/synced [0-9]+ objects.*, $events records/s,
	"a table owned by a group the loader is a member of: adopted");
# ... but a superuser is not 'a member' of every role: tr_group's table is not the superuser's
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_grouped')");
like($out, qr/ERROR:  sync target public\.tr_grouped is owned by role "tr_group"/s,
	"  ... which a superuser (member of no group) may not adopt");

# a relation planted on a month's partition name
my $month = sql(
	"SELECT to_char(min(event_time) AT TIME ZONE 'UTC', '\"_y\"YYYY\"m\"MM') FROM tr_audit.events");
as_role('tr_m', "CREATE TABLE public.tr_parts${month} (LIKE iotatrail.event)");
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_parts')");
like(
	$out,
	qr/ERROR:  relation public\.tr_parts${month} is in the place of a partition of sync target public\.tr_parts.*owned by role "tr_m"/s,
	"a table planted as a monthly partition (tr_parts${month}): an error, not rows in the default partition"
);
is(sql("SELECT count(*) FROM public.tr_parts_default"), '0',
	"  ... the default partition got none of that month");
sql("DROP TABLE public.tr_parts${month}");
$out = sql("CALL iotatrail.sync('tr_audit.events', 'public.tr_parts')");
like($out, qr/synced [0-9]+ objects.*, $events records/s,
	"  ... dropped, the sync goes on and the month gets its partition");
is( sql(
		"SELECT pg_get_userbyid(relowner) = current_user FROM pg_class WHERE oid = 'public.tr_parts${month}'::regclass"
	),
	't',
	"  ... owned by the caller");

note "2. iotatrail.location inside a SECURITY DEFINER function";
make_path("$work/private");
append_to_file("$work/private/private.json",
	'{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"CreateChannel","awsRegion":"us-east-1","requestParameters":{"secret":"TOP-SECRET-VALUE"}}]}'
);
sql("CREATE FUNCTION public.tr_report_rows() RETURNS SETOF text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog
     AS \$\$ SELECT request_parameters::text FROM iotanalytics.events LIMIT 5 \$\$;
   GRANT EXECUTE ON FUNCTION public.tr_report_rows() TO tr_mallory, tr_reader");
$out = as_role('tr_mallory',
	"SET iotatrail.location = '$work/private/private.json'; SELECT * FROM public.tr_report_rows()");
like(
	$out,
	qr/ERROR:  permission denied to read the location set in iotatrail.location.*DETAIL:  The setting is the choice of session user "tr_mallory"/s,
	"mallory (no pg_read_server_files) points the definer's function at a file: refused");
unlike($out, qr/TOP-SECRET/, "  ... the file's content not shown, in rows or in messages");
$out = as_role('tr_mallory',
	"SET iotatrail.location = '$work/private/'; SELECT * FROM public.tr_report_rows()");
like($out, qr/ERROR:  permission denied to read the location set in iotatrail.location/s,
	"  ... a folder the same");
$out = as_role('tr_mallory',
	"SET iotatrail.location = '$work/private/private.json'; SELECT count(*) FROM iotanalytics.create_channel");
like($out, qr/ERROR:  permission denied to read log files/s,
	"  ... the extension's views (a superuser's) refuse her as before");
$out = as_role('tr_reader',
	"SET iotatrail.location = '$work/private/private.json'; SELECT * FROM public.tr_report_rows()");
like($out, qr/TOP-SECRET-VALUE/s,
	"a pg_read_server_files member calling the same function reads the file");
$out = sql("SET iotatrail.location = '$work/private/private.json'; SELECT * FROM public.tr_report_rows()");
like($out, qr/TOP-SECRET-VALUE/s, "  ... and so does the definer itself");
$out = as_role('tr_mallory',
	"SET iotatrail.location = '$work/private/private.json'; EXPLAIN SELECT * FROM public.tr_report_rows()");
unlike($out, qr/TOP-SECRET/, "  ... planning alone reveals nothing to mallory either");

note "3. entries that cannot be listed";
my $bad = "$work/bad/AWSLogs";
make_path($bad);
system('cp', '-r', "$work/trail/AWSLogs/.", "$bad/") == 0 or die 'cp failed';
# the log files under a directory, in order
sub logs
{
	my ($dir) = @_;
	return sort split /\n/, `find '$dir' -path '*/CloudTrail/*' -name '*.json.gz'`;
}
my $first_bad = (logs($bad))[0];
my $day = dirname($first_bad);
symlink("$day/no-such-file.json.gz", "$day/dangling.json.gz") or die "symlink: $!";
copy($first_bad, "$day/caf\xe9.json.gz") or die "copy: $!";
make_path("$bad/lost+found");
copy($first_bad, "$bad/lost+found/x.json.gz") or die "copy: $!";
# a path longer than PATH_MAX: built one folder at a time
{
	my $top = getcwd();
	my $long = 'd' x 240;
	chdir $bad or die "chdir: $!";
	for (1 .. 18)
	{
		mkdir $long or die "mkdir: $!";
		chdir $long or die "chdir: $!";
	}
	my ($log) = sort grep { m{/[0-9][^/]*\.json\.gz$} } glob("$day/*");
	copy($log, 'deep.json.gz') or die "copy: $!";
	chdir $top or die "chdir: $!";
}
chmod 0000, "$bad/lost+found";
my $readable =
  last_line(sql("SELECT count(*) FROM iotatrail.read_events('$bad/', '*', on_error => 'skip')"));
$out = sql("SELECT count(*) FROM iotatrail.read_events('$bad/', '*', on_error => 'skip')");
like($out, qr/WARNING:  skipped 4 unreadable files/s, "read_events skips the four and counts them");
$out = sql("SELECT count(*) FROM iotatrail.list_objects('$bad/')");
like(
	$out,
	qr/ERROR:  .*"\Q$bad\E\/.*HINT:  Use the option on_error 'skip' to skip entries that cannot be read and count them/s,
	"list_objects under 'error': names the entry and how to skip it");
$out = sql(
	"SELECT count(*) FILTER (WHERE skip_reason IS NOT NULL) || ' ' ||
                count(*) FILTER (WHERE skip_reason IS NOT NULL AND size IS NULL AND modified IS NULL AND inode IS NULL) || ' ' ||
                string_agg(skip_reason, ' | ' ORDER BY object)
           FROM iotatrail.list_objects('$bad/', on_error => 'skip')");
like($out, qr/^4 4 /s,
	"list_objects under 'skip': the four as rows with only object and skip_reason");
like($out, qr/could not stat file "[^"]*\/dangling\.json\.gz": No such file/s, "  ... a dangling link");
like($out, qr/could not open directory "[^"]*\/lost\+found": Permission denied/s,
	"  ... an unreadable folder");
like($out, qr/file name "[^"]*\/caf\\xE9\.json\.gz" is not valid in encoding "UTF8"/s,
	"  ... a name not valid UTF-8 (escaped)");
like($out, qr/path "[^"]*\/ddddd[d]*\.\.\." is longer than 4095 bytes/s, "  ... a path longer than PATH_MAX");
sql("CREATE SCHEMA tr_src;
   IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER tr_local INTO tr_src
       OPTIONS (location '$bad/', on_error 'skip', event_source '*')");
$out = sql("CALL iotatrail.sync('tr_src.events', 'public.tr_bad')");
like(
	$out,
	qr/WARNING:  skipped 4 entries of .* that could not be listed.*synced [0-9]+ objects.*, 4 skipped \(could not be listed\)/s,
	"sync under on_error 'skip': goes through, and warns of the four");
is(sql("SELECT count(*) FROM public.tr_bad"), $readable, "  ... every readable record loaded");
is( sql(
		"SELECT objects_skipped FROM iotatrail.sync_runs WHERE target = 'public.tr_bad'::regclass ORDER BY run_id DESC LIMIT 1"
	),
	'4',
	"  ... sync_runs counts them");
chmod 0755, "$bad/lost+found";
$out = sql("CALL iotatrail.sync('tr_src.events', 'public.tr_bad')");
like(
	$out,
	qr/NOTICE:  1 objects to load into public\.tr_bad \(1 new, 0 changed.*3 skipped \(could not be listed\)/s,
	"  ... the folder made readable, the next sync lists and loads it");
is( sql(
		"SELECT objects_skipped FROM iotatrail.sync_runs WHERE target = 'public.tr_bad'::regclass ORDER BY run_id DESC LIMIT 1"
	),
	'3',
	"  ... sync_runs: 3 now");
sql("ALTER FOREIGN TABLE tr_src.events OPTIONS (SET on_error 'error')");
$out = sql("CALL iotatrail.sync('tr_src.events', 'public.tr_bad')");
like(
	$out,
	qr/ERROR:  (could not stat file "\Q$bad\E\/|could not open directory "\Q$bad\E\/|unusable file name.DETAIL:  (File name|Path) "\Q$bad\E\/).*HINT:  Use the option on_error 'skip'/s,
	"sync under on_error 'error': fails naming the entry and how to skip it");

note "4. sync_and_create_views with the documented grants";
sql("CREATE SCHEMA tr_bi AUTHORIZATION tr_loader");
is(sql("SELECT has_database_privilege('tr_loader', current_database(), 'CREATE')"),
	'f', "(tr_loader has no CREATE on the database)");
$out = as_role('tr_loader', "CALL iotatrail.sync_and_create_views('tr_audit.events', 'tr_bi.events_store')");
like(
	$out,
	qr/NOTICE:  31 views made in schema tr_bi, 0 there already; tr_bi\.events_store analyzed/s,
	"tr_loader runs the BI recipe");
like(as_role('tr_loader', "SELECT count(*) FROM tr_bi.create_channel"),
	qr/^[0-9]+$/s, "  ... and the views answer");
$out = as_role('tr_loader', "CALL iotatrail.sync_and_create_views('tr_audit.events', 'tr_bi.events_store')");
like($out, qr/NOTICE:  0 views made in schema tr_bi, 31 there already/s,
	"  ... again: nothing to load, views kept");

note "5. a file reached through symbolic links";
my $links = "$work/links/AWSLogs";
make_path($links, "$work/outside");
system('cp', '-r', "$work/trail/AWSLogs/.", "$links/") == 0 or die 'cp failed';
my $first = (logs($links))[0];
symlink($first, dirname($first) . '/zz-link-to-first.json.gz') or die "symlink: $!";
copy($first, "$work/outside/shared.json.gz") or die "copy: $!";
symlink("$work/outside/shared.json.gz", dirname($first) . '/zz-outside-1.json.gz') or die "symlink: $!";
symlink("$work/outside/shared.json.gz", dirname($first) . '/zz-outside-2.json.gz') or die "symlink: $!";
my $in_first = sql("SELECT count(*) FROM iotatrail.read_events('$first', '*')");
my $plain = sql("SELECT count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')");
$out = sql("SELECT count(*) FROM iotatrail.read_events('$links/', '*')");
like(
	$out,
	qr/NOTICE:  skipped file ".*zz-link-to-first\.json\.gz": it links to ".*", which is read at its own path/s,
	"a link to a file under the location: skipped with a NOTICE");
like(
	$out,
	qr/NOTICE:  skipped file ".*zz-outside-2\.json\.gz": it was read already through another link/s,
	"  ... two links to one file outside: read once, with a NOTICE");
is(last_line($out), $plain + $in_first,
	"  ... so every file once: the trail plus the outside file");
$out = sql("SELECT count(*) FROM iotatrail.list_objects('$links/')");
is( last_line($out),
	sql("SELECT count(*) FROM iotatrail.list_objects('$work/trail/AWSLogs/')") + 1,
	"  ... list_objects (what sync loads) the same");

# the path longer than PATH_MAX (rm walks it relative to each folder)
system('rm', '-rf', $bad) == 0 or die "rm -rf $bad failed";

done_testing();
