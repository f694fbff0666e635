# iotatrail.sync killed mid-way: a sync terminated (pg_terminate_backend)
# and one crashed (immediate shutdown of the server) between batches are
# finished by the next run without a missing or duplicate row; sync_progress
# shows live runs only; a second sync of the same target is refused while one
# runs.  The rest of sync's behaviour is test/scripts/sync.sh.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $work = PostgreSQL::Test::Utils::tempdir;
my $trail = "$work/trail/AWSLogs";
system('/usr/bin/python3', 'test/s3/load_trail.py', "$work/trail", '-', 'trail', '40') == 0
  or die 'load_trail.py failed';
mkdir "$work/empty";

my $node = PostgreSQL::Test::Cluster->new('sync');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;

# stdout and stderr of SQL, errors included (psql -f -: an error reads
# "psql:<stdin>:N: ERROR:  ...")
sub query
{
	my ($sql) = @_;
	my ($out, $err) = ('', '');
	$node->psql(
		'postgres', "SET timezone = 'UTC';\n$sql",
		stdout => \$out,
		stderr => \$err,
		on_error_stop => 0);
	return join("\n", grep { $_ ne '' } $out, $err);
}

query(
	"CREATE EXTENSION iotatrail;
	 CREATE SERVER sync_trail FOREIGN DATA WRAPPER iotatrail;
	 CREATE SCHEMA sy;
	 IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events)
	     FROM SERVER sync_trail INTO sy OPTIONS (location '$trail/');
	 CREATE FOREIGN TABLE sy.nothing (event_time timestamptz) SERVER sync_trail
	     OPTIONS (location '$work/empty/')");
my $n = query("SELECT count(*) FROM sy.events");
my $nobj = query("SELECT count(*) FROM iotatrail.list_objects('$trail/')");
note "trail: $nobj log files, $n IoT Analytics events";
# the reference: the trail loaded in one go
like(query("CALL iotatrail.sync('sy.events', 'sy.store')"),
	qr/synced $nobj objects/, 'the reference: one sync loads every object');

# fingerprint of a table's rows
sub fp
{
	my ($table) = @_;
	return query(
		"SELECT count(*) || ' ' || coalesce(sum(hashtext(event_id::text || source_object || record_index)), 0) FROM $table"
	);
}
# (count, duplicates, rows of the foreign table missing, rows not in it) of a table
sub agree
{
	my ($table) = @_;
	return query(
		"SELECT (SELECT count(*) FROM $table)
		    || ' ' || (SELECT count(*) FROM (SELECT FROM $table GROUP BY event_id, source_object, record_index
		                                     HAVING count(*) > 1) d)
		    || ' ' || (SELECT count(*) FROM (SELECT source_object, record_index, event_id FROM sy.events
		                                     EXCEPT SELECT source_object, record_index, event_id FROM $table) a)
		    || ' ' || (SELECT count(*) FROM (SELECT source_object, record_index, event_id FROM $table
		                                     EXCEPT SELECT source_object, record_index, event_id FROM sy.events) b)");
}
sub manifest
{
	my ($table) = @_;
	return query(
		"SELECT count(*) || ' ' || coalesce(sum(records_loaded), 0)
		   FROM iotatrail.sync_manifest WHERE target = '$table'::regclass");
}
# (rows = manifest records, objects in the manifest, duplicates) of sy.k
sub consistent
{
	return query(
		"SELECT ((SELECT count(*) FROM sy.k) = (SELECT coalesce(sum(records_loaded), 0) FROM iotatrail.sync_manifest
		                                       WHERE target = 'sy.k'::regclass))
		    || ' ' || (SELECT count(*) FROM iotatrail.sync_manifest WHERE target = 'sy.k'::regclass)
		    || ' ' || (SELECT count(*) FROM (SELECT FROM sy.k GROUP BY event_id, source_object, record_index
		                                     HAVING count(*) > 1) d)");
}

# sy.k: made by a sync of an empty location.  Each batch is slowed down (sync
# adopts no target with a trigger of its own, so the sleep is on the
# bookkeeping each batch updates, sync_runs): a sync of one object per batch
# can be caught mid-way
like(
	query("CALL iotatrail.sync('sy.nothing', 'sy.k')"),
	qr/synced 0 objects .*\(created sy\.k\)/,
	'a sync of an empty location creates the table');
query(
	"CREATE FUNCTION sy.slow() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END\$\$;
	 CREATE TRIGGER slow AFTER UPDATE ON iotatrail.sync_runs FOR EACH STATEMENT EXECUTE FUNCTION sy.slow()");

# CALL sync(sy.events, sy.k, 1) in the background: its harness and output
sub start_bg
{
	my $out = '';
	my $h = IPC::Run::start(
		[
			'psql', '-X', '-q', '-d', $node->connstr('postgres'),
			'-c', "CALL iotatrail.sync('sy.events', 'sy.k', 1)"
		],
		'>', \$out, '2>', \$out);
	return ($h, \$out);
}
# the pid of the run of sy.k after run id AFTER once it has N batches
sub wait_batches
{
	my ($after, $batches) = @_;
	my $pid = '';
	$node->poll_query_until(
		'postgres',
		"SELECT count(*) > 0 FROM iotatrail.sync_runs WHERE target = 'sy.k'::regclass
		    AND run_id > $after AND state = 'running' AND objects_done >= $batches")
	  and $pid = query(
		"SELECT pid FROM iotatrail.sync_runs WHERE target = 'sy.k'::regclass
		    AND run_id > $after AND state = 'running'");
	return $pid;
}

note 'a: pg_terminate_backend after 2 batches';
my $run0 = query("SELECT max(run_id) FROM iotatrail.sync_runs");
my ($bg, $bg_out) = start_bg();
my $pid = wait_batches($run0, 2);
like($pid, qr/^[0-9]+$/,
	'background sync (1 object per batch) has committed 2 batches');
$pid = 0 unless $pid =~ /^[0-9]+$/;
is( query(
		"SELECT target, objects_done >= 2, objects_total, percent_done > 0 AND percent_done < 100
		   FROM iotatrail.sync_progress WHERE pid = $pid"),
	"sy.k|t|$nobj|t",
	'sync_progress shows the running sync to another session');
like(
	query("CALL iotatrail.sync('sy.events', 'sy.k')"),
	qr/ERROR:  another sync of sy\.k is running.*DETAIL:  Backend $pid holds the lock/s,
	'a second sync of the same target meanwhile is refused');
my $run_a = query("SELECT run_id FROM iotatrail.sync_runs WHERE pid = $pid AND run_id > $run0");
query("SELECT pg_terminate_backend($pid)");
$bg->finish;
like($$bg_out, qr/terminating connection due to administrator command/,
	'the background sync was terminated');
is(query("SELECT count(*) FROM iotatrail.sync_progress"), '0',
	'sync_progress no longer shows it');
is(query("SELECT state FROM iotatrail.sync_runs WHERE run_id = $run_a"),
	'running', '  ... though its sync_runs row still says running');
my $state = consistent();
like($state, qr/^true ([2-9]|[1-9][0-9]) 0$/,
	'after the kill: rows = manifest records, 2+ objects but not all, no duplicate');
cmp_ok((split / /, $state)[1] // 0, '<', $nobj, '  ... fewer objects than listed');

note 'b: immediate shutdown (a crash) of the server after 2 more batches';
($bg, $bg_out) = start_bg();
$pid = wait_batches($run_a, 2);
like($pid, qr/^[0-9]+$/, 'a second background sync has committed 2 batches');
$pid = 0 unless $pid =~ /^[0-9]+$/;
is(query("SELECT state FROM iotatrail.sync_runs WHERE run_id = $run_a"),
	'failed', '  ... and marked the killed run failed');
is( query(
		"SELECT objects_total = $nobj - (SELECT count(*) FROM iotatrail.sync_manifest
		                                  WHERE target = 'sy.k'::regclass AND loaded_at < r.started_at)
		   FROM iotatrail.sync_runs r WHERE pid = $pid AND run_id > $run_a"),
	't',
	'  ... it loads only the objects not loaded yet');
my $run_b = query("SELECT run_id FROM iotatrail.sync_runs WHERE pid = $pid AND run_id > $run_a");
$node->stop('immediate');
$bg->finish;
$node->start;
like(
	$$bg_out,
	qr/terminating connection|server closed the connection|connection to server was lost/,
	'the background sync died with the server');
is(query("SELECT count(*) FROM iotatrail.sync_progress"), '0',
	'sync_progress shows nothing after the crash');
$state = consistent();
like($state, qr/^true ([4-9]|[1-9][0-9]) 0$/,
	'after the crash: rows = manifest records, 4+ objects, no duplicate');
cmp_ok((split / /, $state)[1] // 0, '<', $nobj, '  ... fewer objects than listed');

note 'c: the rerun finishes';
query("DROP TRIGGER slow ON iotatrail.sync_runs");
like(
	query("CALL iotatrail.sync('sy.events', 'sy.k')"),
	qr/NOTICE:  synced [0-9]+ objects \([0-9]+ new, 0 changed\)/,
	'rerun completes');
is(agree('sy.k'), "$n 0 0 0",
	'after kill, crash and rerun: every event once (count dups missing extra)');
is(manifest('sy.k'), "$nobj $n", '  ... manifest complete');
is(fp('sy.k'), fp('sy.store'), '  ... same rows as the table loaded in one go');
is( query(
		"SELECT string_agg(state, ',' ORDER BY run_id) FROM iotatrail.sync_runs WHERE run_id >= $run_b"),
	'failed,done',
	'  ... the crashed run marked failed, the rerun done');

done_testing();
