# A trail sharded over 3 storage nodes and a coordinator whose events table
# is partitioned by account, one postgres_fdw partition per node, as the
# "Sharding" recipe (docs/sharding.md) builds it.  Compared with one database
# holding everything: counts per action, README questions, md5 of per-action
# views.  EXPLAIN shows the pruned partitions, Async Foreign Scan, the WHERE
# and the aggregates in the remote SQL.  A stopped node gives an error naming
# it at once; a hung one is ended by statement_timeout and named by probing
# each partition.  Then new log files, and a fourth node for a new account.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(time);

my $work = PostgreSQL::Test::Utils::tempdir;
# a postmaster stopped by SIGSTOP goes on before the clusters are shut down
my $stopped;
END { kill 'CONT', $stopped if $stopped; }

# stdout and stderr of SQL on a node's database "postgres", errors included
# (psql -f -: an error reads "psql:<stdin>:N: ERROR:  ...")
sub query
{
	my ($node, $sql) = @_;
	my ($out, $err) = ('', '');
	$node->psql(
		'postgres', "SET timezone = 'UTC';\n$sql",
		stdout => \$out,
		stderr => \$err,
		on_error_stop => 0);
	return join("\n", grep { $_ ne '' } $out, $err);
}

sub new_node
{
	my ($name) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
	# postgres_fdw reaches the storage nodes over TCP, as across machines
	$node->append_conf('postgresql.conf',
		"listen_addresses = '127.0.0.1'\nshared_buffers = 32MB\nmax_connections = 20\n");
	$node->start;
	return $node;
}

sub postmaster_pid
{
	my ($node) = @_;
	my ($pid) = split /\n/, slurp_file($node->data_dir . '/postmaster.pid');
	return $pid;
}

# an organization trail of 6 accounts; the 6th and every account's July are
# held back, to arrive later
my $made = `/usr/bin/python3 test/make_trail.py org '$work/org' 300 6`;
die "make_trail.py failed" if $? != 0;
chomp $made;
(my $accounts_list = $made) =~ s/^.*records, //;
my @accounts = split ' ', $accounts_list;
my $org = "$work/org/AWSLogs/o-exampleorg";
my $late = $accounts[5];
mkdir "$work/later";
rename "$org/$late", "$work/later/$late" or die "mv $late: $!";
for my $d (glob "$org/*/CloudTrail/*/2024/07")
{
	(my $rel = $d) =~ s/^\Q$org\E\///;
	system('mkdir', '-p', "$work/later/july/$rel") == 0 or die;
	system("mv '$d'/* '$work/later/july/$rel/'") == 0 or die;
}

note "one database with everything (the reference), and the coordinator";
my $coord = new_node('coordinator');
query($coord, "CREATE EXTENSION iotatrail; CREATE EXTENSION postgres_fdw");
query($coord,
	"CREATE SERVER trail FOREIGN DATA WRAPPER iotatrail;
	 CREATE SCHEMA trail; CREATE SCHEMA single;
	 CREATE FOREIGN TABLE trail.everything (event_time timestamptz) SERVER trail OPTIONS (location '$work/org/AWSLogs/')"
);
like(
	query($coord, "CALL iotatrail.sync('trail.everything', 'single.events')"),
	qr/synced [0-9]+ objects/,
	'the single database loads the trail');
query($coord, "SELECT iotatrail.create_views('single', 'single.events')");
my $total = query($coord, "SELECT count(*) FROM single.events");
my $nobj = query($coord,
	"SELECT count(*) FROM iotatrail.list_objects('$work/org/AWSLogs/')");
note "$nobj log files, $total events";

note "picking: accounts by bytes, largest first, dealt round the nodes";
# the recipe's query: the account of each log file from its key
my $assign = query(
	$coord,
	"SELECT string_agg(account || ' ' || node, ' ' ORDER BY node, account) FROM (
	     SELECT account, 'node' || ((row_number() OVER (ORDER BY sum(size) DESC, account) - 1) % 3 + 1) AS node
	       FROM (SELECT substring(object FROM '/AWSLogs/(?:o-[a-z0-9]+/)?([0-9]{12})/') AS account, size
	               FROM iotatrail.list_objects('$work/org/AWSLogs/')) o
	      GROUP BY account) a");
like($assign, qr/^([0-9]{12} node[1-3] ?){5}$/, '5 accounts over 3 nodes');
my %node_accounts;
my @pairs = split ' ', $assign;
while (my ($acct, $node) = splice(@pairs, 0, 2))
{
	push @{ $node_accounts{$node} }, $acct;
}

# a storage node: a foreign table per account (its prefix: nothing else is
# listed or read), a sync target per account, a view uniting them
my $node_sql = <<'SQL';
CREATE EXTENSION iotatrail;
CREATE SERVER trail FOREIGN DATA WRAPPER iotatrail;
CREATE SCHEMA trail;
CREATE SCHEMA audit;
CREATE PROCEDURE audit.sync_node()
LANGUAGE plpgsql
AS $$
DECLARE
    t record;
    added boolean := false;
BEGIN
    FOR t IN SELECT c.oid::regclass AS source, format('audit.%I', c.relname) AS target
               FROM pg_class c
              WHERE c.relnamespace = 'trail'::regnamespace AND c.relkind = 'f'
              ORDER BY c.relname
    LOOP
        added := added OR to_regclass(t.target) IS NULL;
        CALL iotatrail.sync(t.source, t.target);
    END LOOP;
    IF added THEN
        EXECUTE (SELECT 'CREATE OR REPLACE VIEW audit.events AS '
                        || string_agg(format('SELECT * FROM audit.%I', c.relname), ' UNION ALL ' ORDER BY c.relname)
                   FROM pg_class c
                  WHERE c.relnamespace = 'audit'::regnamespace AND c.relkind = 'p' AND NOT c.relispartition);
    END IF;
END
$$;
SQL
sub account_sql
{
	my ($acct) = @_;
	return "CREATE FOREIGN TABLE trail.a$acct (event_time timestamptz) SERVER trail OPTIONS (location '$org/$acct/');";
}

my %nodes;
for my $name (qw(node1 node2 node3))
{
	$nodes{$name} = new_node($name);
	query($nodes{$name},
		join("\n", $node_sql, map { account_sql($_) } @{ $node_accounts{$name} }));
	# what pg_cron runs on the node
	like(
		query($nodes{$name}, "CALL audit.sync_node()"),
		qr/synced [0-9]+ objects/,
		"$name (@{ $node_accounts{$name} }): CALL audit.sync_node() syncs its accounts");
}
my @loaded = sort map { split /\n/, query($nodes{$_}, "SELECT object FROM iotatrail.sync_manifest") }
  qw(node1 node2 node3);
my %seen;
my @twice = grep { $seen{$_}++ } @loaded;
is(scalar(@loaded) . ' ' . scalar(@twice), "$nobj 0",
	'the nodes loaded every log file once between them');
for my $name (qw(node1 node2 node3))
{
	my $pat = join '|', @{ $node_accounts{$name} };
	is( query(
			$nodes{$name},
			"SELECT count(*) FROM iotatrail.sync_manifest WHERE object !~ '/o-exampleorg/($pat)/'"),
		'0',
		"  ... $name only those under its accounts' prefixes");
}

note "the coordinator";
my $dbuser = query($coord, 'SELECT current_user');
# the server and user mapping of a node
sub coord_server
{
	my ($name) = @_;
	my $port = $nodes{$name}->port;
	return "CREATE SERVER $name FOREIGN DATA WRAPPER postgres_fdw
	          OPTIONS (host '127.0.0.1', port '$port', dbname 'postgres',
	                   async_capable 'true', fetch_size '10000', connect_timeout '2');
	        CREATE USER MAPPING FOR CURRENT_USER SERVER $name OPTIONS (user '$dbuser');";
}
# the partition of a node's accounts
sub coord_partition
{
	my ($name, @accts) = @_;
	my $in = join ', ', map { "'$_'" } @accts;
	return "CREATE FOREIGN TABLE audit.events_$name PARTITION OF audit.events
	          FOR VALUES IN ($in)
	          SERVER $name OPTIONS (schema_name 'audit', table_name 'events');";
}
my $sql = "CREATE SCHEMA audit;
     CREATE TABLE audit.events (LIKE iotatrail.event) PARTITION BY LIST (recipient_account_id);";
for my $name (qw(node1 node2 node3))
{
	$sql .= coord_server($name) . coord_partition($name, @{ $node_accounts{$name} });
}
is(query($coord, "$sql SELECT 'created'"), 'created',
	'servers, user mappings, partitioned events with a foreign partition per node');
query($coord, "ALTER DATABASE postgres SET enable_partitionwise_aggregate = on");
is(query($coord, "SELECT count(*) FROM iotatrail.create_views('audit', 'audit.events')"),
	'31', 'create_views over the partitioned table');

# compare NAME QUERY (with SCHEMA standing for audit or single): the answer
# on the coordinator and on the single database, the same and not empty
sub compare
{
	my ($name, $q) = @_;
	(my $qa = $q) =~ s/SCHEMA/audit/g;
	(my $qb = $q) =~ s/SCHEMA/single/g;
	my $sharded = query($coord, $qa);
	my $single = query($coord, $qb);
	my $lines = $single eq '' ? 0 : scalar(() = $single =~ /^/mg);
	my $verdict =
	  $sharded eq $single
	  ? 'same'
	  : 'differs: ' . substr($sharded, 0, 300) . ' / ' . substr($single, 0, 300);
	like("$lines $verdict", qr/^[1-9][0-9]* same$/, $name);
}

sub answers
{
	compare('counts per action: coordinator = single',
		"SELECT event_name, count(*) FROM SCHEMA.events GROUP BY 1 ORDER BY 1");
	compare('counts per account, region and month',
		"SELECT recipient_account_id, aws_region, date_trunc('month', event_time), count(*), count(DISTINCT event_id) FROM SCHEMA.events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
	);
	for my $v (qw(create_channel update_channel delete_datastore run_pipeline_activity resource_activity))
	{
		compare("md5 of ${v}'s rows in order",
			"SELECT count(*) || ' ' || md5(string_agg(v::text, E'\\n' ORDER BY v::text)) FROM SCHEMA.$v v");
	}
	compare('README: last change per resource',
		"SELECT DISTINCT ON (resource_arn) resource_arn, action, event_time, principal_arn FROM SCHEMA.resource_activity
		  WHERE verb IN ('create', 'update', 'delete') AND succeeded ORDER BY resource_arn, event_time DESC, event_id");
	compare('README: resources created but never described',
		"SELECT c.resource_arn FROM SCHEMA.resource_activity c WHERE c.verb = 'create' AND c.succeeded
		   AND NOT EXISTS (SELECT FROM SCHEMA.resource_activity d WHERE d.verb = 'read' AND d.resource_arn = c.resource_arn)
		 ORDER BY 1");
	compare('README: failed calls by principal',
		"SELECT principal_arn, error_code, count(*) FROM SCHEMA.resource_activity WHERE NOT succeeded GROUP BY 1, 2 ORDER BY 1, 2"
	);
	compare('README: activity from outside known address ranges',
		"SELECT source_ip, principal_arn, count(*) FROM SCHEMA.resource_activity
		  WHERE source_ip IS NOT NULL AND NOT source_ip << '10.0.0.0/8' GROUP BY 1, 2 ORDER BY 1, 2");
	compare('a week of one account and region',
		"SELECT event_id, event_name, event_time FROM SCHEMA.events
		  WHERE recipient_account_id = '$accounts[1]' AND aws_region = 'eu-west-1'
		    AND event_time >= '2024-05-01' AND event_time < '2024-05-08' ORDER BY 3, 1");
}
answers();
is(query($coord, "SELECT count(*) FROM audit.events"), $total,
	'  (the coordinator sees every event)');

note "plans";
my $a1 = $node_accounts{node1}[0];
my $a2 = $node_accounts{node2}[0];
my $plan = query(
	$coord,
	"EXPLAIN (VERBOSE, COSTS OFF) SELECT event_name, event_time FROM audit.events
	 WHERE recipient_account_id IN ('$a1', '$a2') AND aws_region = 'eu-west-1'
	   AND event_time >= '2024-05-01' AND event_time < '2024-06-01'");
note $plan;
my $count = sub { my ($text, $re) = @_; return scalar(() = $text =~ /$re/mg); };
is($count->($plan, qr/Async Foreign Scan on audit\.events_node/), 2,
	'accounts of two nodes: Append of two Async Foreign Scans');
is($count->($plan, qr/events_node3/), 0, '  ... the third node pruned');
my ($remote) = $plan =~ /^\s*(Remote SQL: .*)$/m;
is( $remote,
	"Remote SQL: SELECT event_time, event_name FROM audit.events WHERE ((recipient_account_id = ANY ('{$a1,$a2}'::text[]))) AND ((event_time >= '2024-05-01 00:00:00+00')) AND ((event_time < '2024-06-01 00:00:00+00')) AND ((aws_region = 'eu-west-1'))",
	'  ... the WHERE travels to the nodes');
$plan = query($coord,
	"EXPLAIN (VERBOSE, COSTS OFF) SELECT recipient_account_id, count(*) FROM audit.events WHERE recipient_account_id = '$a2' GROUP BY 1"
);
is( $count->($plan, qr/Foreign Scan/) . ' ' . $count->($plan, qr/Append|Async|events_node[13]/),
	'1 0', 'one account: one node, a plain Foreign Scan');
like(
	$plan,
	qr/Remote SQL: SELECT recipient_account_id.* FROM audit\.events WHERE \(\(recipient_account_id = '$a2'\)\)/,
	'  ... the account in its remote SQL');
$plan = query($coord,
	"EXPLAIN (VERBOSE, COSTS OFF) SELECT recipient_account_id, event_name, count(*) FROM audit.events GROUP BY 1, 2"
);
is($count->($plan, qr/Async Foreign Scan/), 3,
	'GROUP BY with the partition key: the aggregate runs on every node, asynchronously');
is( $count->(
		$plan,
		qr/Remote SQL: SELECT recipient_account_id, event_name, count\(\*\) FROM audit\.events GROUP BY 1, 2/),
	3,
	'  ... remote SQL with GROUP BY');
$plan = query(
	$coord,
	"EXPLAIN (VERBOSE, COSTS OFF) SELECT channel_name, retention_days FROM audit.update_channel
	 WHERE retention_days = 30 AND event_time >= '2024-06-01'");
($remote) = $plan =~ /^\s*(Remote SQL: .*)$/m;
is( $remote,
	"Remote SQL: SELECT request_parameters FROM audit.events WHERE ((event_time >= '2024-06-01 00:00:00+00')) AND ((event_source = 'iotanalytics.amazonaws.com')) AND ((event_name = 'UpdateChannel'))",
	'a per-action view: its action and the time travel to the nodes');
is($count->($plan, qr/Filter: \(iotatrail\.json_integer\(/), 3,
	'  ... a condition on a column it computes from jsonb is checked on the coordinator');
my $out = query($nodes{node1},
	"EXPLAIN (COSTS OFF) SELECT event_time FROM audit.events WHERE event_time >= '2024-06-01' AND event_time < '2024-07-01'"
);
like(
	$count->($out, qr/_y2024m06/) . ' ' . $count->($out, qr/_y2024m0[345]|_default/),
	qr/^[1-9] 0$/,
	'on a node, event_time prunes the monthly partitions of its stores');

note "a node down";
$nodes{node2}->stop;
my $t0 = time;
$out = query($coord, "SELECT count(*) FROM audit.events");
like($out, qr/ERROR:  could not connect to server "node2"/,
	'a stopped node: an error naming it');
cmp_ok(time - $t0, '<=', 5, '  ... at once');
my $others = "'$a1', '$node_accounts{node3}[0]'";
is( query($coord, "SELECT count(*) FROM audit.events WHERE recipient_account_id IN ($others)"),
	query($coord, "SELECT count(*) FROM single.events WHERE recipient_account_id IN ($others)"),
	'  ... a query pruned to the other nodes still answers');
$nodes{node2}->start;

# a node whose kernel still accepts connections but whose server does not
# answer: postgres_fdw 15 applies connect_timeout; from 16 on its wait for the
# connection does not, and the coordinator's statement_timeout ends it
my $hung =
  $coord->pg_version >= 16
  ? qr/ERROR:  canceling statement due to statement timeout$/
  : qr/ERROR:  could not connect to server "node3".*timeout expired/s;
$stopped = postmaster_pid($nodes{node3});
kill 'STOP', $stopped;
$t0 = time;
$out = query($coord, "SET statement_timeout = '4s'; SELECT count(*) FROM audit.events");
my $took = time - $t0;
like($out, $hung,
	'a hung node (postmaster stopped by SIGSTOP), statement_timeout 4s: an error');
ok($took >= 1 && $took <= 10, sprintf('  ... not a hang (%.1f s)', $took));
my @failing;
for my $name (qw(node1 node2 node3))
{
	my $r = query($coord, "SET statement_timeout = '3s'; SELECT count(*) FROM audit.events_$name");
	push @failing, "$name: $r" unless $r =~ /^[0-9]+$/;
}
is(scalar(@failing), 1, '  ... the probe of each partition names one node');
like($failing[0] // '', qr/^node3: .*$hung/s, '  ... node3');
kill 'CONT', $stopped;
$stopped = undef;
is(query($coord, "SELECT count(*) FROM audit.events"), $total,
	'both back: the whole answer again');

note "more log files, and a fourth node for a new account";
system("cp -r '$work/later/july/.' '$org/'") == 0 or die;
rename "$work/later/$late", "$org/$late" or die "mv $late: $!";
$nodes{node4} = new_node('node4');
query($nodes{node4}, join("\n", $node_sql, account_sql($late)));
for my $name (qw(node1 node2 node3 node4))
{
	like(
		query($nodes{$name}, "CALL audit.sync_node()"),
		qr/synced [1-9][0-9]* objects \([0-9]+ new, 0 changed\)/,
		"$name: the scheduled CALL loads only the new files");
}
is( query($coord, coord_server('node4') . coord_partition('node4', $late) . " SELECT 'attached'"),
	'attached', 'the coordinator attaches node4\'s partition');
query($coord, "CALL iotatrail.sync('trail.everything', 'single.events')");
$total = query($coord, "SELECT count(*) FROM single.events");
like(
	query($coord,
		"SELECT count(*) FROM single.events WHERE recipient_account_id = '$late' OR event_time >= '2024-07-01'"),
	qr/^[1-9][0-9]*$/,
	'  (the trail grew)');
answers();
is(query($coord, "SELECT count(*) FROM audit.events"), $total,
	'  (the coordinator sees every event)');

done_testing();
