# The update chain.  Every released version (0.1.0, 0.2.0: their install
# scripts are kept in test/upgrade/), installed and then updated with ALTER
# EXTENSION iotatrail UPDATE through the checked-in update scripts, must be
# the fresh install of the current version object for object:
# pg_dump --schema-only --binary-upgrade (which, unlike a plain dump, writes
# every member of the extension) and \dx+ must be identical.  A target
# synced under 0.1.0 must keep syncing exactly once after the update.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Basename qw(basename);
use File::Path qw(make_path);
use IPC::Run;

my $work = PostgreSQL::Test::Utils::tempdir;
run_log([ '/usr/bin/python3', 'test/s3/load_trail.py', "$work/trail", '-', 'trail', '30' ])
  or die 'load_trail.py failed';
my ($version) = slurp_file('iotatrail.control') =~ /^default_version = '(.*)'$/m;
my @old_versions = ('0.1.0', '0.2.0');

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;

# the released versions' install scripts are kept in test/upgrade/; the
# server finds them only in its extension directory, where test/run-tap
# puts them for the run
my $extdir = $node->config_data('--sharedir') . '/extension';
for my $v (@old_versions)
{
	-e "$extdir/iotatrail--$v.sql"
	  or die "$extdir/iotatrail--$v.sql is missing: install test/upgrade/iotatrail--$v.sql there (test/run-tap does)";
}

# what a command prints, stderr folded into stdout in the order it writes
# them, the trailing newlines off
sub run_out
{
	my (@cmd) = @_;
	my $out = '';
	IPC::Run::run(\@cmd, '<', \'', '>', \$out, '2>&1');
	$out =~ s/\n+\z//;
	return $out;
}
# SQL in database $db (timezone UTC, stopping at the first error):
# unaligned, tuples only, as psql -c prints it (an error reads "ERROR:  ...")
sub in_db
{
	my ($db, $sql) = @_;
	return run_out('psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr($db),
		'-c', "SET timezone = 'UTC'", '-c', $sql);
}
sub extversion
{
	return in_db($_[0], "SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'");
}
# the schema as pg_upgrade would carry it, less what differs between any
# two databases: OIDs (binary_upgrade_set_next_*, WHERE oid = ..., the
# config tables' OIDs in binary_upgrade_create_empty_extension),
# transaction ids, the server's banner and pg_dump's \restrict key
sub schema_dump
{
	my ($db) = @_;
	my $dump = '';
	IPC::Run::run([ 'pg_dump', '--schema-only', '--binary-upgrade', '--no-owner', '-d', $node->connstr($db) ],
		'>', \$dump)
	  or die "pg_dump $db failed";
	my @lines = grep { !/^-- Dumped (from|by)|binary_upgrade_set_next_|^\\(un)?restrict |^$/ } split /\n/, $dump;
	for (@lines)
	{
		s/(binary_upgrade_create_empty_extension\('iotatrail', 'iotatrail', false, '[^']*'), '\{[0-9,]*\}'/$1, '{OIDS}'/;
		s/relfrozenxid = '[0-9]+', relminmxid = '[0-9]+'/relfrozenxid = 'XID', relminmxid = 'XID'/;
		s/oid = '[0-9]+'/oid = 'OID'/g;
	}
	return join '', map { "$_\n" } @lines;
}
sub describe
{
	my $out = '';
	IPC::Run::run([ 'psql', '-X', '-d', $node->connstr($_[0]), '-c', '\dx+ iotatrail' ], '<', \'', '>', \$out)
	  or die "\\dx+ in $_[0] failed";
	return $out;
}
# the extension's configuration tables by name (the dump has their OIDs)
sub config_tables
{
	return in_db($_[0],
		"SELECT extconfig::regclass[]::text || ' ' || extcondition::text FROM pg_extension WHERE extname = 'iotatrail'");
}
# the first 30 lines of diff A B of two texts, '' when they are the same
sub difference
{
	my ($name, $a_text, $b_text) = @_;
	append_to_file("$work/$name.a", $a_text);
	append_to_file("$work/$name.b", $b_text);
	return scalar `diff '$work/$name.a' '$work/$name.b' | head -30`;
}
sub line_count { return scalar(() = $_[0] =~ /\n/g); }

for my $db (qw(up_fresh up_010 up_020))
{
	in_db('postgres', "CREATE DATABASE $db");
}
in_db('up_fresh', "CREATE EXTENSION iotatrail");
is(extversion('up_fresh'), $version, "a fresh install is $version");
my $fresh = schema_dump('up_fresh');
my $fresh_dx = describe('up_fresh');
like(
	scalar(grep { /CREATE TYPE iotatrail\.event AS|CREATE PROCEDURE iotatrail\.sync\(|CREATE VIEW iotanalytics\./ }
		  split /\n/, $fresh),
	qr/^[1-9][0-9]*$/,
	"  ... its dump has every member (CREATE TYPE iotatrail.event, sync, a view)");

for my $v (@old_versions)
{
	(my $db = "up_$v") =~ s/\.//g;
	in_db($db, "CREATE EXTENSION iotatrail VERSION '$v'");
	is(extversion($db), $v, "$v installs");
	my $out = in_db($db, "ALTER EXTENSION iotatrail UPDATE");
	is(extversion($db) . " $out", "$version ", "  ... ALTER EXTENSION iotatrail UPDATE from $v");
	my $d = difference("dump-$v", $fresh, schema_dump($db));
	is($d eq '' ? 'same' : $d, 'same',
		"  ... pg_dump --schema-only --binary-upgrade as a fresh install (" . line_count($fresh) . " lines)");
	$d = difference("dx-$v", $fresh_dx, describe($db));
	is($d eq '' ? 'same' : $d, 'same', "  ... \\dx+ iotatrail as a fresh install (" . line_count($fresh_dx) . " lines)");
	is(config_tables($db), config_tables('up_fresh'), "  ... the same configuration tables");
}

# data synced under 0.1.0 syncs on after the update: only what is new is
# loaded, and every event is there once
in_db('postgres', "CREATE DATABASE up_data");
make_path("$work/grow", "$work/held");
system('cp', '-r', "$work/trail/AWSLogs", "$work/grow/") == 0 or die 'cp failed';
my @files = sort split /\n/, `find '$work/grow/AWSLogs' -name '*.json.gz'`;
my @later = @files[-8 .. -4];    # synced after the update
my @last = @files[-3 .. -1];     # synced after the conversion
for my $f (@later, @last)
{
	rename $f, "$work/held/" . basename($f) or die "mv $f: $!";
}
in_db('up_data', "CREATE EXTENSION iotatrail VERSION '0.1.0';
   CREATE SERVER up_trail FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA audit;
   IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER up_trail INTO audit OPTIONS (location '$work/grow/AWSLogs/')");
my $out = in_db('up_data', "CALL iotatrail.sync('audit.events', 'public.store')");
like($out, qr/sync: done: [1-9][0-9]* objects/s, "0.1.0 syncs a trail");
my $before = in_db('up_data', "SELECT count(*) FROM public.store");
in_db('up_data', "ALTER EXTENSION iotatrail UPDATE");
for my $f (@later)
{
	rename "$work/held/" . basename($f), $f or die "mv $f: $!";
}
$out = in_db('up_data', "CALL iotatrail.sync('audit.events', 'public.store')");
like($out, qr/NOTICE:  5 objects to load into public\.store \(5 new, 0 changed/s,
	"  ... after the update the next sync loads only the 5 new files");
is( in_db(
		'up_data',
		"SELECT (SELECT count(*) FROM public.store) = (SELECT count(*) FROM audit.events) AND
	                         (SELECT count(*) FROM public.store) > $before AND
	                         NOT EXISTS (SELECT FROM public.store GROUP BY source_object, record_index HAVING count(*) > 1)"
	),
	't',
	"  ... every event once: the table matches the trail");

# and converted to the stored shape (issue 31) in one statement: the records
# come back equal, and the next sync loads only what is new, once
sub same_records
{
	return in_db('up_data',
		"SELECT count(*) FILTER (WHERE iotatrail.stored_record(s) IS DISTINCT FROM e.record) || ' ' ||
		        count(*) || ' ' || (SELECT count(*) FROM audit.events)
		   FROM public.store s
		   JOIN iotatrail.read_events('$work/grow/AWSLogs/', '*') e USING (source_object, record_index)");
}
sub store_size
{
	return in_db('up_data', "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('public.store')");
}
like(same_records(), qr/^0 ([0-9]+) \1$/,
	"  ... stored_record gives the records of the 0.1.0 table (mismatches compared trail)");
my $old_size = store_size();
$out = in_db('up_data', "CALL iotatrail.sync_convert_target('public.store')");
like($out, qr/NOTICE:  converted public\.store to the stored shape/s, "sync_convert_target converts the 0.1.0 table");
my $new_size = store_size();
ok($new_size < $old_size, "  ... smaller ($old_size -> $new_size bytes)");
like(same_records(), qr/^0 ([0-9]+) \1$/, "  ... every record given back equal");
for my $f (@last)
{
	rename "$work/held/" . basename($f), $f or die "mv $f: $!";
}
$out = in_db('up_data', "CALL iotatrail.sync('audit.events', 'public.store')");
like($out, qr/NOTICE:  3 objects to load into public\.store \(3 new, 0 changed/s,
	"  ... the next sync loads only the 3 new files");
like(same_records(), qr/^0 ([0-9]+) \1$/,
	"  ... every event once, every record equal (mismatches compared trail)");
is( in_db(
		'up_data',
		"SELECT count(*) FROM (SELECT FROM public.store GROUP BY source_object, record_index HAVING count(*) > 1) d"
	),
	'0',
	"  ... no duplicate");
$out = in_db('up_data', "CALL iotatrail.sync('audit.events', 'public.store')");
like($out, qr/NOTICE:  synced 0 objects/s, "  ... and a sync after it loads nothing");

done_testing();
