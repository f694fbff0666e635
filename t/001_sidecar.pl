# The sidecar recipe (docs/managed-databases.md): iotatrail runs in a
# PostgreSQL of its own (the "sidecar") and syncs the trail into a stored
# table; a second cluster, the "managed" one, where CREATE EXTENSION
# iotatrail is never run, receives the rows by logical replication and has
# the portable views (iotatrail.views_ddl) over them, and reads the
# sidecar's own views through postgres_fdw.  After each sync (the first,
# one with new files, one with a rewritten file, one killed half-way and
# its rerun) both sides must hold the same rows, and every view the same
# rows on both sides (count and md5).  Then the replication lag after a
# sync of IOTATRAIL_LAG_EVENTS events (default 20000) is measured.
#
# Run by test/run-server-tests as a non-root user: make prove_installcheck.
use strict;
use warnings;
use IPC::Run ();
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time sleep);

my $top = $ENV{IOTATRAIL_TOP} // '.';
my $trail = PostgreSQL::Test::Utils::tempdir();
my $gen = PostgreSQL::Test::Utils::tempdir();

# python3 SCRIPT ARGS...: a generator of test/ or bench/
sub generate
{
	my @cmd = ('/usr/bin/python3', @_);
	system(@cmd) == 0 or die "@cmd failed";
}

# copy the AWSLogs of a generated trail into the sidecar's trail, an
# account folder renamed when asked (generators reuse account numbers)
sub deliver
{
	my ($from, %rename) = @_;
	opendir(my $dh, "$from/AWSLogs") or die "$from/AWSLogs: $!";
	for my $account (grep { !/^\./ } readdir $dh)
	{
		my $to = $rename{$account} // $account;
		system('cp', '-r', "$from/AWSLogs/$account/.", "$trail/AWSLogs/$to/") == 0
		  or die "cp $account failed";
	}
	closedir $dh;
}

my $side = PostgreSQL::Test::Cluster->new('sidecar');
$side->init(allows_streaming => 'logical');
$side->append_conf('postgresql.conf', "max_wal_senders = 4\nmax_replication_slots = 4\n");
$side->start;
my $managed = PostgreSQL::Test::Cluster->new('managed');
$managed->init;
$managed->start;

# --- the sidecar: a trail, the stored table, the views, the publication ----
mkdir "$trail/AWSLogs";
generate("$top/bench/gen_corpus.py", "$gen/c1", 3000, 300);
deliver("$gen/c1");
generate("$top/test/make_hostile_actions.py", "$gen/h1", 8, 1, 1);
deliver("$gen/h1");

# new monthly partitions sync makes later get REPLICA IDENTITY FULL, so the
# deletes of a rewritten file's rows can be replicated
$side->safe_psql('postgres', qq{
CREATE EXTENSION iotatrail;
CREATE SERVER trails FOREIGN DATA WRAPPER iotatrail;
CREATE SCHEMA audit;
IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER trails INTO audit
    OPTIONS (location '$trail/AWSLogs/');
CREATE SCHEMA bi;
CREATE FUNCTION public.replica_identity_full() RETURNS event_trigger
LANGUAGE plpgsql AS \$\$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT objid FROM pg_event_trigger_ddl_commands()
              WHERE command_tag = 'CREATE TABLE' AND schema_name = 'bi' LOOP
        IF (SELECT relkind IN ('r', 'p') FROM pg_class WHERE oid = r.objid) THEN
            EXECUTE format('ALTER TABLE %s REPLICA IDENTITY FULL', r.objid::regclass);
        END IF;
    END LOOP;
END
\$\$;
CREATE EVENT TRIGGER replica_identity_full ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.replica_identity_full();
});
my $out = $side->safe_psql('postgres', "CALL iotatrail.sync('audit.events', 'bi.events_store')");
$side->safe_psql('postgres', qq{
SELECT count(*) FROM iotatrail.create_views('bi', 'bi.events_store');
CREATE PUBLICATION trail FOR TABLE bi.events_store WITH (publish_via_partition_root = true);
});
my $n1 = $side->safe_psql('postgres', 'SELECT count(*) FROM bi.events_store');
ok($n1 > 3000, "sidecar: first sync stored $n1 events");
is($side->safe_psql('postgres', qq{
	SELECT count(*) FROM pg_partition_tree('bi.events_store') t JOIN pg_class c ON c.oid = t.relid
	 WHERE c.relreplident <> 'f'}), '0',
   'the stored table and every partition have REPLICA IDENTITY FULL');

# --- the managed side: the table, the subscription, the portable views ------
my $columns = $side->safe_psql('postgres', qq{
	SELECT string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum)
	  FROM pg_attribute WHERE attrelid = 'bi.events_store'::regclass AND attnum > 0 AND NOT attisdropped});
my $ddl = $side->safe_psql('postgres', "SELECT iotatrail.views_ddl('trail', 'bi.events_store')");
my $side_conn = 'host=' . $side->host . ' port=' . $side->port . ' dbname=postgres';
$managed->safe_psql('postgres', qq{
CREATE SCHEMA bi;
CREATE TABLE bi.events_store ($columns);
CREATE SUBSCRIPTION trail CONNECTION '$side_conn' PUBLICATION trail;
});
$managed->psql('postgres', $ddl, on_error_stop => 1) == 0 or BAIL_OUT('the portable views script failed');
is($managed->safe_psql('postgres',
	"SELECT count(*) FROM pg_extension WHERE extname = 'iotatrail'"), '0',
   'the managed side has no iotatrail');

# postgres_fdw from the managed side to the sidecar's views
my ($host, $port) = ($side->host, $side->port);
$managed->safe_psql('postgres', qq{
CREATE EXTENSION postgres_fdw;
CREATE SERVER sidecar FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$host', port '$port', dbname 'postgres', fetch_size '10000');
CREATE USER MAPPING FOR CURRENT_USER SERVER sidecar;
CREATE SCHEMA fdw;
IMPORT FOREIGN SCHEMA bi EXCEPT (events_store, findings) FROM SERVER sidecar INTO fdw;
});

my @views = split /\n/, $side->safe_psql('postgres',
	"SELECT view_name FROM iotatrail.action_views ORDER BY 1");
push @views, 'resource_activity';
is(scalar @views, 30, '29 per-action views and resource_activity');

# the managed side has what the sidecar committed
sub wait_caught_up
{
	$managed->poll_query_until('postgres',
		"SELECT count(*) = 0 FROM pg_subscription_rel WHERE srsubstate NOT IN ('r', 's')")
	  or die 'the initial copy never finished';
	$side->wait_for_catchup('trail');
}

my $rows = "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-')";

# compare NAME: the stored rows and every view on both sides
sub compare
{
	my ($name) = @_;
	my $here = $side->safe_psql('postgres', "SET timezone = 'UTC'; $rows FROM bi.events_store t");
	my $there = $managed->safe_psql('postgres', "SET timezone = 'UTC'; $rows FROM bi.events_store t");
	is($there, $here, "$name: the stored rows are the same ($here)");
	my $dups = $managed->safe_psql('postgres', qq{
		SELECT count(*) FROM (SELECT FROM bi.events_store
		 GROUP BY source_object, record_index HAVING count(*) > 1) d});
	is($dups, '0', "$name: no row twice on the managed side");
	my ($same_repl, $same_fdw, $listing) = (0, 0, '');
	for my $v (@views)
	{
		my $s = $side->safe_psql('postgres', "SET timezone = 'UTC'; $rows FROM bi.$v t");
		my $m = $managed->safe_psql('postgres', "SET timezone = 'UTC'; $rows FROM trail.$v t");
		my $f = $managed->safe_psql('postgres', "SET timezone = 'UTC'; $rows FROM fdw.$v t");
		$same_repl++ if $s eq $m;
		$same_fdw++ if $s eq $f;
		$listing .= "  $v: $s" . ($s eq $m ? '' : " / replicated $m") . ($s eq $f ? '' : " / fdw $f") . "\n";
	}
	note "$name, view: rows md5 (sidecar = managed portable view = managed foreign table)\n$listing";
	is($same_repl, scalar @views, "$name: every portable view on the managed side = the sidecar's view");
	is($same_fdw, scalar @views, "$name: every view through postgres_fdw = the sidecar's view");
	return $here;
}

wait_caught_up();
compare('after the first sync');

# --- new files --------------------------------------------------------------
generate("$top/test/make_hostile_actions.py", "$gen/h2", 8, 2, 2);
deliver("$gen/h2");
generate("$top/bench/gen_corpus.py", "$gen/c2", 2000, 200);
deliver("$gen/c2", '111111111111' => '333333333333', '222222222222' => '444444444444');
$out = $side->safe_psql('postgres', "CALL iotatrail.sync('audit.events', 'bi.events_store')");
$side->wait_for_catchup('trail');
compare('after a sync of new files');

# --- a rewritten file: its old rows are deleted, its new ones loaded --------
generate("$top/test/make_hostile_actions.py", "$gen/h3", 3, 3, 1);
system('cp', "$gen/h3/AWSLogs/111122223333/CloudTrail/us-east-1/2024/06/01/111122223333_CloudTrail_us-east-1_20240601T0000Z_hostile0.json.gz",
	"$trail/AWSLogs/111122223333/CloudTrail/us-east-1/2024/06/01/") == 0 or die 'cp failed';
my ($rc, $stdout, $stderr) = $side->psql('postgres', "CALL iotatrail.sync('audit.events', 'bi.events_store')");
like($stderr, qr/1 changed/, 'a rewritten file is synced again');
$side->wait_for_catchup('trail');
my ($n_before) = split / /, compare('after a sync of a rewritten file');

# --- a sync killed half-way, then its rerun --------------------------------
generate("$top/test/make_hostile_actions.py", "$gen/h4", 20, 4, 4);
deliver("$gen/h4");
$side->safe_psql('postgres', qq{
CREATE FUNCTION public.slow() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END\$\$;
CREATE TRIGGER slow AFTER UPDATE ON iotatrail.sync_runs FOR EACH STATEMENT EXECUTE FUNCTION public.slow();
});
my $run0 = $side->safe_psql('postgres', 'SELECT max(run_id) FROM iotatrail.sync_runs');
my ($bg_out, $bg_err) = ('', '');
my $bg = IPC::Run::start(
	[ 'psql', '-X', '-d', $side->connstr('postgres'), '-c',
	  "CALL iotatrail.sync('audit.events', 'bi.events_store', 1)" ],
	'>', \$bg_out, '2>', \$bg_err);
$side->poll_query_until('postgres', qq{
	SELECT count(*) > 0 FROM iotatrail.sync_runs
	 WHERE run_id > $run0 AND state = 'running' AND objects_done >= 2})
  or die 'the background sync never got going';
$side->safe_psql('postgres', qq{
	SELECT pg_terminate_backend(pid) FROM iotatrail.sync_runs WHERE run_id > $run0 AND state = 'running'});
$bg->finish;
like($bg_err, qr/terminating connection/, 'the sync was killed half-way');
$side->wait_for_catchup('trail');
my ($n_killed) = split / /, compare('after a killed sync');
$side->safe_psql('postgres', 'DROP TRIGGER slow ON iotatrail.sync_runs');
$side->safe_psql('postgres', "CALL iotatrail.sync('audit.events', 'bi.events_store')");
$side->wait_for_catchup('trail');
my ($n_rerun) = split / /, compare('after the rerun');
ok($n_before < $n_killed && $n_killed < $n_rerun,
   "the killed sync had loaded some of the new files, not all ($n_before < $n_killed < $n_rerun rows)");

# --- replication lag after a large sync --------------------------------------
my $lag_events = $ENV{IOTATRAIL_LAG_EVENTS} // 20000;
generate("$top/bench/gen_corpus.py", "$gen/big", $lag_events, 2000);
deliver("$gen/big", '111111111111' => '555555555555', '222222222222' => '666666666666');
my $before = $side->safe_psql('postgres', 'SELECT count(*) FROM bi.events_store');
my $t0 = time;
$side->safe_psql('postgres', "CALL iotatrail.sync('audit.events', 'bi.events_store')");
my $t_sync = time - $t0;
my $lsn = $side->safe_psql('postgres', 'SELECT pg_current_wal_lsn()');
my $t1 = time;
$side->poll_query_until('postgres', qq{
	SELECT coalesce(bool_and(replay_lsn >= '$lsn'), false) FROM pg_stat_replication
	 WHERE application_name = 'trail'}, 't')
  or die 'the managed side never caught up';
my $lag = time - $t1;
my $after = $side->safe_psql('postgres', 'SELECT count(*) FROM bi.events_store');
is($managed->safe_psql('postgres', 'SELECT count(*) FROM bi.events_store'), $after,
   'after the large sync the managed side has every row');
diag(sprintf('replication lag: a sync of %d events took %.1f s on the sidecar; the managed side had applied it %.1f s after the sync returned',
		$after - $before, $t_sync, $lag));
compare('after the large sync');

done_testing();
