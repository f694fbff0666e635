# Paths and messages a new user trips over: relative locations are refused
# (they would be read relative to the data directory), an empty location
# says so, and the hints name what to do.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Path qw(make_path);
use IPC::Run;

my $work = PostgreSQL::Test::Utils::tempdir;
run_log([ '/usr/bin/python3', 'test/s3/load_trail.py', "$work/trail", '-', 'trail', '20' ])
  or die 'load_trail.py failed';
make_path("$work/empty", "$work/digests-only");
system('cp', '-r', "$work/trail/AWSLogs/111111111111/CloudTrail-Digest", "$work/digests-only/") == 0
  or die 'cp failed';

my $node = PostgreSQL::Test::Cluster->new('user_errors');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;

# what psql prints for ARGS (-c ..., unaligned, tuples only) in a session of
# its own: stderr folded into stdout in the order psql writes them (an error
# reads "ERROR:  ..."), the trailing newlines off
sub psql_out
{
	my (@args) = @_;
	my $out = '';
	IPC::Run::run([ 'psql', '-X', '-q', '-A', '-t', '-d', $node->connstr('postgres'), @args ],
		'<', \'', '>', \$out, '2>&1');
	$out =~ s/\n+\z//;
	return $out;
}
# SQL as superuser, timezone UTC
sub sql { return psql_out('-v', 'ON_ERROR_STOP=0', '-c', "SET timezone = 'UTC'", '-c', $_[0]); }

sql("CREATE EXTENSION iotatrail; CREATE SERVER ue_trail FOREIGN DATA WRAPPER iotatrail");

my $out;
for my $loc ('global/', 'global/pg_control', 'base', 'trail/AWSLogs', './x', '*.json.gz')
{
	$out = sql("SELECT count(*) FROM iotatrail.read_events('$loc')");
	like($out, qr/ERROR:  location "[^"]*" is not an absolute path.*HINT:  Give an absolute path/s,
		"read_events('$loc'): refused");
}
$out = sql("SELECT count(*) FROM iotatrail.list_objects('global/')");
like($out, qr/is not an absolute path/s, "list_objects('global/'): refused");
$out = sql("CREATE FOREIGN TABLE ue_rel (event_time timestamptz) SERVER ue_trail OPTIONS (location 'global/')");
like($out, qr/ERROR:  location "global\/" is not an absolute path/s,
	"CREATE FOREIGN TABLE with a relative location: refused");
sql("CREATE FOREIGN TABLE ue_abs (event_time timestamptz) SERVER ue_trail OPTIONS (location '$work/trail/AWSLogs/')");
$out = sql("ALTER FOREIGN TABLE ue_abs OPTIONS (SET location 'pg_wal/')");
like($out, qr/ERROR:  location "pg_wal\/" is not an absolute path/s,
	"ALTER FOREIGN TABLE to a relative location: refused");
$out = sql("SELECT iotatrail_internal.object_sha256('global/pg_control')");
like($out, qr/is not an absolute path/s, "object_sha256 of a relative path: refused");
is(sql("SELECT count(*) > 0 FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')"),
	't', "absolute paths still read");

$out = sql("SELECT count(*) FROM iotatrail.read_events('$work/empty/')");
like($out, qr/NOTICE:  no log files found at "\Q$work\E\/empty\/".*[^0-9]0$/s, "an empty folder: a NOTICE");
$out = sql("SELECT count(*) FROM iotatrail.read_events('$work/digests-only/')");
like($out, qr/NOTICE:  no log files found at/s, "digests only: a NOTICE");
sql("CREATE FOREIGN TABLE ue_empty (event_time timestamptz) SERVER ue_trail OPTIONS (location '$work/empty/')");
$out = sql("SELECT count(*) FROM ue_empty");
like($out, qr/NOTICE:  no log files found at/s, "  ... through the foreign table");
$out = sql(
	"SELECT count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*') WHERE event_time < '2000-01-01'");
unlike($out, qr/NOTICE/, "  ... none when log files were there");
$out = sql("SELECT count(*) FROM ue_abs WHERE event_time < '2000-01-01'");
unlike($out, qr/NOTICE/, "  ... none when pruning left every file out");

# endpoints: an origin only, so no other service on the host is reached
for my $ep ("http://127.0.0.1:9/latest/meta-data/iam/", "http://127.0.0.1:9?x=1",
	"http://user:secret\@127.0.0.1:9", "http://127.0.0.1:9#f", "ftp://127.0.0.1",
	"http://127.0.0.1:99999", "http://", "http://127.0.0.1:9/../x")
{
	$out = sql("CREATE SERVER ue_ep FOREIGN DATA WRAPPER iotatrail OPTIONS (sts_endpoint '$ep')");
	like($out, qr/ERROR:  invalid value for option "sts_endpoint".*DETAIL:  An endpoint is/s,
		"endpoint $ep: refused");
}
$out = sql("CREATE SERVER ue_ep FOREIGN DATA WRAPPER iotatrail OPTIONS (endpoint 'http://user:secret\@h')");
unlike($out, qr/secret/, "  ... without echoing what it was given");
for my $ep ("https://s3.example.com", "http://127.0.0.1:9000", "http://[::1]:9000/",
	"https://s3.eu-west-1.amazonaws.com/")
{
	$out = sql(
		"CREATE SERVER ue_ep FOREIGN DATA WRAPPER iotatrail OPTIONS (cloudtrail_endpoint '$ep'); DROP SERVER ue_ep");
	is($out eq '' ? 'accepted' : $out, 'accepted', "endpoint $ep: accepted");
}

# a symbolic link back up the tree, and a second path to a day folder:
# each directory is walked once
make_path("$work/loop");
system('cp', '-r', "$work/trail/AWSLogs", "$work/loop/") == 0 or die 'cp failed';
symlink('..', "$work/loop/AWSLogs/up") or die "symlink: $!";
my ($day) = split /\n/, `find '$work/loop/AWSLogs' -mindepth 6 -maxdepth 6 -type d`;
symlink($day, "$work/loop/again") or die "symlink: $!";
my $plain = sql("SELECT count(*) FROM iotatrail.read_events('$work/trail/AWSLogs/', '*')");
$out = sql("SELECT count(*) FROM iotatrail.read_events('$work/loop/', '*')");
like($out, qr/[^0-9]$plain$/s, "a symlink cycle: every record once");
like($out, qr/NOTICE:  skipped directory "\Q$work\E\/loop\/AWSLogs\/up": it was walked already/s,
	"  ... and a NOTICE names the link");
like($out, qr/NOTICE:  skipped directory "\Q$work\E\/loop\/again"/s, "  ... and the second path to a folder");
sql("CREATE FOREIGN TABLE ue_loop (event_id uuid) SERVER ue_trail OPTIONS (location '$work/loop/', event_source '*')");
$out = sql("SELECT count(*) FROM ue_loop");
like($out, qr/[^0-9]$plain$/s, "  ... through the foreign table too");

sql("CREATE ROLE ue_user");
$out = sql("SET ROLE ue_user; SELECT count(*) FROM iotatrail.read_events('s3://trail/AWSLogs/')");
like($out, qr/HINT:  Name an iotatrail server .*server => /s,
	"s3:// without server =>: the hint names the server argument");

sql("CREATE SCHEMA ue; IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER ue_trail INTO ue
       OPTIONS (location '$work/trail/AWSLogs/')");
$out = psql_out('-c', "BEGIN", '-c', "CALL iotatrail.sync('ue.events', 'ue.store')");
like($out, qr/HINT:  .*autocommit.*psycopg.*setAutoCommit\(true\)/s,
	"sync in a driver's transaction: the hint says autocommit");
sql("GRANT pg_read_server_files TO ue_user; GRANT USAGE, CREATE ON SCHEMA ue TO ue_user;
   GRANT SELECT ON ue.events TO ue_user; GRANT USAGE ON FOREIGN SERVER ue_trail TO ue_user");
$out = psql_out('-c', "SET ROLE ue_user", '-c', "CALL iotatrail.sync('ue.events', 'ue.store')");
like(
	$out,
	qr/ERROR:  permission denied for table iotatrail.sync_manifest.*HINT:  .*GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO ue_user.*GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq/s,
	"sync without the manifest grants: names them");
sql("GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO ue_user;
   GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO ue_user;
   GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq TO ue_user");
$out = psql_out('-c', "SET ROLE ue_user", '-c', "CALL iotatrail.sync('ue.events', 'ue.store')");
like($out, qr/synced 2[0-9] objects/s, "  ... which are enough");

# another loader with the same grants sees and changes none of it
sql("CREATE ROLE ue_other;
   GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO ue_other;
   GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO ue_other");
my $mine = psql_out('-c', "SET ROLE ue_user", '-c', "SELECT count(*) FROM iotatrail.sync_manifest");
like($mine, qr/^2[0-9]$/s, "the manifest: a loader sees its target's entries");
# each line of the output and its line break as a space
($out = psql_out(
		'-c', "SET ROLE ue_other",
		'-c', "SELECT count(*) FROM iotatrail.sync_manifest",
		'-c', "SELECT count(*) FROM iotatrail.sync_runs",
		'-c', "DELETE FROM iotatrail.sync_manifest",
		'-c', "UPDATE iotatrail.sync_runs SET state = 'failed'") . "\n") =~ tr/\n/ /;
is($out, '0 0 ', "  ... another loader none of them, and deletes or changes none");
is(sql("SELECT count(*) FROM iotatrail.sync_manifest WHERE target = 'ue.store'::regclass"),
	$mine, "  ... they are all still there");
my $oid = sql("SELECT 'ue.store'::regclass::oid");
$out = psql_out('-c', "SET ROLE ue_other",
	'-c', "INSERT INTO iotatrail.sync_manifest (target, object) VALUES ($oid, 'x')");
like($out, qr/ERROR:  new row violates row-level security policy/s,
	"  ... nor adds entries to a target it cannot write");

done_testing();
