# The extension's own schema iotanalytics reads the logs at the
# iotatrail.location setting through a foreign table of the built-in
# server iotatrail_location (0.1.0 had a view over read_events): its views
# get key pruning, the per-record checks and parallel scans, and must give
# what the read_events views gave over random WHEREs, serial and parallel.
# Reading server files stays as privileged as before: checked as the role
# running the query, not the owner of the views; an unset setting gives
# the same error; a SET after a plan was made is what the next scan reads.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $work = PostgreSQL::Test::Utils::tempdir;
run_log([ '/usr/bin/python3', 'test/s3/load_trail.py', "$work/trail", '-', 'trail', '700' ])
  or die 'load_trail.py failed';
run_log([ '/usr/bin/python3', 'test/s3/load_trail.py', "$work/small", '-', 'trail', '20' ])
  or die 'load_trail.py failed';
my $loc = "$work/trail/AWSLogs/";

my $node = PostgreSQL::Test::Cluster->new('default_schema');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;

# what psql prints for ARGS (-c ..., unaligned, tuples only) in a session of
# its own, with the environment's PGOPTIONS: stderr folded into stdout in
# the order psql writes them (an error reads "ERROR:  ..."), the trailing
# newlines off
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
# the same with the setting (each session gets it through PGOPTIONS)
sub sql_at
{
	local $ENV{PGOPTIONS} = "-c iotatrail.location=$loc";
	return sql($_[0]);
}
sub without_context { return join "\n", grep { !/^CONTEXT/ } split /\n/, $_[0]; }

# the reference: the views of 0.1.0, over read_events(configured_location())
sql("CREATE EXTENSION iotatrail; CREATE SCHEMA old_ia;
   CREATE VIEW old_ia.events AS SELECT * FROM iotatrail.read_events(iotatrail_internal.configured_location());
   SELECT count(*) FROM iotatrail.create_views('old_ia', 'old_ia.events');
   GRANT USAGE ON SCHEMA old_ia TO PUBLIC; GRANT SELECT ON ALL TABLES IN SCHEMA old_ia TO PUBLIC");

is( sql(
		"SELECT c.relkind::text || ' ' || s.srvname || ' ' || array_to_string(ft.ftoptions, ',')
	        FROM pg_class c JOIN pg_foreign_table ft ON ft.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = ft.ftserver
	       WHERE c.oid = 'iotanalytics.events'::regclass"),
	'f iotatrail_location location_setting=iotatrail.location',
	"iotanalytics.events is a foreign table of the built-in server");
is( sql(
		"SELECT (SELECT string_agg(attname || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
	               WHERE attrelid = 'iotanalytics.events'::regclass AND attnum > 0 AND NOT attisdropped)
	           = (SELECT string_agg(attname || format_type(atttypid, atttypmod), ',' ORDER BY attnum) FROM pg_attribute
	               WHERE attrelid = 'iotatrail.event'::regclass AND attnum > 0 AND NOT attisdropped)"),
	't',
	"  ... with every column of iotatrail.event, in order");
my $nviews = sql("SELECT count(*) FROM pg_views WHERE schemaname = 'iotanalytics'");
like($nviews, qr/^3[0-9]$/s, "  ... and the views over it ($nviews)");

my $wheres_py = <<'PY';
import random
rng = random.Random(31)
regions = ["us-east-1", "eu-west-1", "ap-south-1"]
for i in range(30):
    conds = []
    lo = "2024-05-%02d %02d:%02d:00+00" % (rng.randint(1, 19), rng.randint(0, 23), rng.randint(0, 59))
    if i % 3 != 2:
        conds.append("event_time >= '%s'" % lo)
    if i % 3 != 1:
        conds.append("event_time < '%s'::timestamptz + interval '%d minutes'" % (lo, rng.randint(5, 4000)))
    if rng.random() < 0.4:
        conds.append("aws_region IN ('%s', '%s')" % (rng.choice(regions), rng.choice(regions)))
    if rng.random() < 0.3:
        conds.append("recipient_account_id = '%s'" % rng.choice(["111111111111", "222222222222"]))
    r = rng.random()
    if r < 0.2:
        conds.append("error_code IS NULL")
    elif r < 0.4:
        conds.append("error_code IS NOT NULL")
    elif r < 0.5:
        conds.append("NOT succeeded")
    if rng.random() < 0.15:
        conds.append("event_time::date = '2024-05-%02d'" % rng.randint(1, 19))
    print(" AND ".join(conds) if conds else "true")
PY
my $wheres = '';
IPC::Run::run([ '/usr/bin/python3', '-' ], '<', \$wheres_py, '>', \$wheres) or die 'python failed';
my @wheres = split /\n/, $wheres;

# whole rows, as text, in a stable order
sub fp
{
	return
	  "SELECT count(*) || ' ' || md5(coalesce(string_agg(to_jsonb(v)::text, '|' ORDER BY to_jsonb(v)::text), '')) FROM $_[0] v";
}
# (WHEREs, mismatches): "QA WHERE w" and "QB WHERE w" for every w of WHERES
sub differ_over_wheres
{
	my ($wheres, $qa, $qb) = @_;
	my $mismatch = 0;
	for my $where (@$wheres)
	{
		my $ra = sql("$qa WHERE $where");
		my $rb = sql("$qb WHERE $where");
		next if $ra eq $rb;
		$mismatch++;
		diag "differs for: $where ($ra versus $rb)";
	}
	return (scalar @$wheres, $mismatch);
}
{
	local $ENV{PGOPTIONS} = "-c iotatrail.location=$loc";
	for my $v (qw(create_channel describe_channel delete_datastore run_pipeline_activity update_dataset
		resource_activity events))
	{
		my ($n, $mismatch) = differ_over_wheres(\@wheres, fp("old_ia.$v"), fp("iotanalytics.$v"));
		is($mismatch, 0, "iotanalytics.$v = the read_events view over $n random WHEREs");
	}
	like(sql("SELECT count(*) FROM iotanalytics.create_channel"), qr/^[1-9][0-9]+$/s,
		"  ... which answer rows");
	# parallel plans: participants claim whole files
	{
		local $ENV{PGOPTIONS} =
		  "-c iotatrail.location=$loc -c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0 -c max_parallel_workers_per_gather=2";
		my $plan = sql("EXPLAIN (COSTS OFF) SELECT count(*) FROM iotanalytics.events");
		like($plan, qr/Gather.*Parallel Foreign Scan on events/s, "a parallel plan over iotanalytics.events");
		my ($n, $mismatch) = differ_over_wheres([ @wheres[ 0 .. 9 ] ],
			fp("old_ia.resource_activity"), fp("iotanalytics.resource_activity"));
		is($mismatch, 0, "  ... parallel = the read_events view over $n random WHEREs");
	}

	# EXPLAIN: a Foreign Scan with what is pushed down (the old views had a
	# function scan, which prunes nothing)
	my $cond = "event_time >= '2024-05-03' AND event_time < '2024-05-04' AND aws_region = 'eu-west-1'";
	my $plan = sql(
		"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM iotanalytics.describe_channel WHERE $cond"
	);
	note $plan =~ /(Foreign Scan.*)/s ? $1 : $plan;
	like($plan, qr/Foreign Scan on events e/s, "EXPLAIN iotanalytics.describe_channel: a Foreign Scan");
	like($plan, qr/Location: \Q$loc\E \(iotatrail\.location\)/s, "  ... at the setting");
	like($plan, qr/Pushed Down: event_time, aws_region, event_name/s, "  ... pushed down: the time, region and name");
	like($plan, qr/Files Read: [0-9]{1,2}([^0-9]|$).*Folders Pruned: [1-9][0-9]*/s,
		"  ... folders pruned, few files read");
	my $old_plan = sql("EXPLAIN (COSTS OFF) SELECT count(*) FROM old_ia.describe_channel WHERE $cond");
	unlike($old_plan, qr/Foreign Scan|Pushed Down/, "  ... the read_events view had none (the check can tell)");
	my ($files_all) = sql(
		"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM iotanalytics.describe_channel"
	) =~ /Files Read: ([0-9]*)/;
	my ($files_day) = $plan =~ /Files Read: ([0-9]*)/;
	$files_all ||= 0;
	$files_day ||= 0;
	is($files_day * 5 < $files_all ? 1 : 0, 1,
		"  ... one day reads fewer files ($files_day) than all ($files_all)");
}

# the setting is read when each scan starts: a prepared plan follows a SET
my $out = psql_out(
	'-c', "SET iotatrail.location = '$loc'",
	'-c', "PREPARE p AS SELECT count(*) FROM iotanalytics.events",
	'-c', "EXECUTE p",
	'-c', "SET iotatrail.location = '$work/small/AWSLogs/'",
	'-c', "EXECUTE p",
	'-c', "RESET iotatrail.location",
	'-c', "EXECUTE p") . "\n";
$out =~ tr/\n/ /;
my $want_big = sql_at("SELECT count(*) FROM iotatrail.read_events('$loc')");
my $want_small = sql_at("SELECT count(*) FROM iotatrail.read_events('$work/small/AWSLogs/')");
like(
	$out,
	qr/^$want_big $want_small ERROR:  iotatrail.location is not set/s,
	"a prepared query reads the location set before each EXECUTE ($want_big, $want_small, then unset)");

# unset: the error of the old views (without their PL/pgSQL CONTEXT)
my $err_old = without_context(sql("SELECT count(*) FROM old_ia.create_channel"));
my $err_new = without_context(sql("SELECT count(*) FROM iotanalytics.create_channel"));
like($err_new, qr/^ERROR:  iotatrail.location is not set/s, "unset iotatrail.location: the same error as before");
is($err_new, $err_old, "  ... with the same detail and hint");
like(
	sql("EXPLAIN (COSTS OFF) SELECT * FROM iotanalytics.events"),
	qr/Location: not set \(iotatrail\.location\)/s,
	"  ... EXPLAIN alone says so without failing");

# privileges: checked as the role running the query, though the views'
# owner is a superuser
sql("CREATE ROLE ds_plain LOGIN; CREATE ROLE ds_reader LOGIN IN ROLE pg_read_server_files");
# the first three lines, without CONTEXT, of SQL after SET ROLE $role, each
# line and its line break as a space
sub as
{
	my ($role, $sql) = @_;
	local $ENV{PGOPTIONS} = "-c iotatrail.location=$loc";
	my @lines = grep { !/^CONTEXT/ } split /\n/, psql_out('-c', "SET ROLE $role", '-c', $sql);
	splice(@lines, 3) if @lines > 3;
	return join '', map { "$_ " } @lines;
}
for my $v (qw(events create_channel resource_activity))
{
	my $new = as('ds_plain', "SELECT count(*) FROM iotanalytics.$v");
	my $old = as('ds_plain', "SELECT count(*) FROM old_ia.$v");
	like($new, qr/^ERROR:  permission denied/s, "a role without pg_read_server_files: iotanalytics.$v refused");
	is($new, $old, "  ... as the read_events view refused it");
}
my $want = sql_at("SELECT count(*) FROM old_ia.create_channel");
is(as('ds_reader', "SELECT count(*) FROM iotanalytics.create_channel"),
	"$want ", "a member of pg_read_server_files reads it");
like(
	sql_at("SET ROLE ds_plain; EXPLAIN (COSTS OFF) SELECT count(*) FROM iotanalytics.create_channel"),
	qr/Foreign Scan on events/s,
	"  ... and EXPLAIN plans it for a role that may not read (no file sizes learnt)");
# a view of the plain role's own, over the table: still checked as the
# role running the query
sql("CREATE SCHEMA ds_own AUTHORIZATION ds_reader");
as('ds_reader',
	"CREATE VIEW ds_own.v AS SELECT event_id FROM iotanalytics.events; GRANT USAGE ON SCHEMA ds_own TO ds_plain; GRANT SELECT ON ds_own.v TO ds_plain"
);
like(as('ds_plain', "SELECT count(*) FROM ds_own.v"), qr/^ERROR:  permission denied/s,
	"  ... also through another role's view");

# the option: one value, not beside a location
sql("CREATE SERVER ds_srv FOREIGN DATA WRAPPER iotatrail");
like(
	sql("CREATE FOREIGN TABLE ds_bad (event_id uuid) SERVER ds_srv OPTIONS (location_setting 'work_mem')"),
	qr/ERROR:  invalid value for option "location_setting": "work_mem"/s,
	"location_setting takes only iotatrail.location");
like(
	sql("CREATE FOREIGN TABLE ds_bad (event_id uuid) SERVER ds_srv OPTIONS (location_setting 'iotatrail.location', location '$loc')"
	),
	qr/ERROR:  options "location" and "location_setting" cannot both be given/s,
	"  ... and not with a location");
is( sql("CREATE FOREIGN TABLE ds_mine (event_id uuid) SERVER ds_srv OPTIONS (location_setting 'iotatrail.location', event_source '*'); SELECT 1"
	),
	'1',
	"  ... a table of one's own may use it");
is(sql_at("SELECT count(*) FROM ds_mine"),
	sql_at("SELECT count(*) FROM iotatrail.read_events('$loc', '*')"),
	"  ... and reads the setting");

# sync takes the setting's value from such a source
$out = sql_at("CALL iotatrail.sync('iotanalytics.events', 'public.ds_store')");
like($out, qr/synced [0-9]+ objects .* $want_big records/s, "sync from iotanalytics.events loads the trail at the setting");
like(sql("CALL iotatrail.sync('iotanalytics.events', 'public.ds_store')"),
	qr/ERROR:  iotatrail.location is not set/s, "  ... unset, it says so");

done_testing();
