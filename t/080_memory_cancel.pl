# Backend memory stays flat whatever the file count or file size (peak RSS
# of the backend, VmHWM, for 1 file, 500 files and one large file), and a
# cancel (statement_timeout) stops a long scan promptly.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use File::Path qw(make_path);
use IPC::Run;
use Time::HiRes qw(time);

my $work = PostgreSQL::Test::Utils::tempdir;
make_path("$work/one", "$work/many");
for my $args ([ 'files', "$work/one", 1, 200 ], [ 'files', "$work/many", 500, 200 ],
	[ 'big', "$work/big.json.gz", 450000 ])
{
	run_log([ '/usr/bin/python3', 'test/make_trail.py', @$args ]) or die 'make_trail.py failed';
}

my $node = PostgreSQL::Test::Cluster->new('memory');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION iotatrail');

# what psql prints for ARGS (unaligned, tuples only) in a session of its
# own, given STDIN: stderr folded into stdout in the order psql writes them
# (an error of -c reads "ERROR:  ..."), the trailing newlines off
sub psql_out
{
	my ($stdin, @args) = @_;
	my $out = '';
	IPC::Run::run([ 'psql', '-X', '-q', '-A', '-t', '-d', $node->connstr('postgres'), @args ],
		'<', \$stdin, '>', \$out, '2>&1');
	$out =~ s/\n+\z//;
	return $out;
}

# peak resident memory of a fresh backend after scanning a location
sub peak_kb
{
	my ($location) = @_;
	my $out = psql_out(<<SQL);
CREATE SERVER IF NOT EXISTS mem_srv FOREIGN DATA WRAPPER iotatrail;
DROP FOREIGN TABLE IF EXISTS mem_t;
CREATE FOREIGN TABLE mem_t (event_name text, event_time timestamptz, principal_arn text,
    source_ip inet, request_parameters jsonb, user_identity jsonb, record jsonb)
    SERVER mem_srv OPTIONS (location '$location', event_source '*');
SELECT count(*), sum(pg_column_size(record)) > 0 FROM mem_t WHERE event_name IS NOT NULL \\g /dev/null
SELECT substring(pg_read_file('/proc/self/status') from 'VmHWM:\\s+(\\d+)');
SQL
	return (split /\n/, $out)[-1] // '';
}
my $one = peak_kb("$work/one");
my $many = peak_kb("$work/many");
my $big = peak_kb("$work/big.json.gz");
my $uncompressed = `zcat '$work/big.json.gz' | wc -c`;
chomp $uncompressed;
note sprintf(
	'peak backend RSS (VmHWM): 1 file %s kB, 500 files %s kB, one file of %d MB uncompressed %s kB',
	$one, $many, $uncompressed / 1048576, $big);
like("$one $many $big", qr/^[0-9]+ [0-9]+ [0-9]+$/s, "peak memory measured");
if ("$one $many $big" =~ /^[0-9]+ [0-9]+ [0-9]+$/)
{
	is($many - $one < 8192 ? 1 : 0, 1, "500 files use at most 8 MB more than 1 file");
	# a whole gzip member is inflated in one call when it is under
	# iotatrail.inflate_whole_limit (libdeflate builds): that much more, at most
	my $whole_kb = psql_out(
		"LOAD 'iotatrail'; SELECT CASE WHEN current_setting('iotatrail.inflate_whole_limit', true) IS NULL THEN 0
		        ELSE pg_size_bytes(current_setting('iotatrail.inflate_whole_limit')) / 1024 END");
	$whole_kb = (split /\n/, $whole_kb)[-1] // 0;
	is($big - $one < 8192 + $whole_kb ? 1 : 0, 1,
		"a large file uses at most 8 MB more than 1 file, and the whole-member limit ($whole_kb kB)");
}

# count of the many-file scan through the function equals the table's
is( psql_out('', '-v', 'ON_ERROR_STOP=0', '-c', "SET timezone='UTC'",
		'-c', "SELECT count(*) FROM iotatrail.read_events('$work/many', event_source => '*')"),
	'100000',
	"500 files, 200 records each");

my $start = time;
my $out = psql_out('', '-c', "SET statement_timeout = '300ms'",
	'-c', "SELECT count(*) FROM iotatrail.read_events('$work/big.json.gz', event_source => '*')");
my $elapsed_ms = int((time - $start) * 1000);
note "statement_timeout 300ms: stopped after $elapsed_ms ms";
like($out, qr/canceling statement due to statement timeout/s, "statement_timeout cancels the scan");
is($elapsed_ms < 2000 ? 1 : 0, 1, "cancel is prompt (under 2 s)");

done_testing();
