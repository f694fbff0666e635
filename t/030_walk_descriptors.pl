# The local walk keeps each folder level open and opens files relative to it
# (openat, fstatat).  A deep tree is read whole, also when the server has few
# descriptors to spare (max_files_per_process = 64, which needs a restart:
# levels past the budget are then listed by path); the descriptors are the
# scan's, and an error closes them all.
use strict;
use warnings FATAL => 'all';

use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Cwd qw(abs_path);
use File::Copy;
use File::Path qw(make_path);

my $work = PostgreSQL::Test::Utils::tempdir;
my $sample =
  "test/sample/AWSLogs/123456789012/CloudTrail/eu-west-1/2024/05/01/123456789012_CloudTrail_eu-west-1_20240501T1205Z_MvMX1rd5EmjiZ3QX.json.gz";
my $levels = 40;
my $d = "$work/deep";
for my $i (1 .. $levels)
{
	$d .= sprintf('/l%02d', $i);
	make_path($d);
	copy($sample, sprintf('%s/f%02d.json.gz', $d, $i)) or die "copy: $!";
}
my $deepest = $d;
my $broken = "$deepest/f$levels-broken.json.gz";

my $node = PostgreSQL::Test::Cluster->new('walk');
$node->init(extra => [ '--encoding=UTF8', '--locale=C' ]);
$node->start;

# stdout and stderr of SQL, errors included
sub query
{
	my ($sql) = @_;
	my ($out, $err) = ('', '');
	$node->psql(
		'postgres', $sql,
		stdout => \$out,
		stderr => \$err,
		on_error_stop => 0);
	return join("\n", grep { $_ ne '' } $out, $err);
}

my $abs_sample = abs_path($sample);
query("CREATE EXTENSION iotatrail");
my $per = query("SELECT count(*) FROM iotatrail.read_events('$abs_sample', event_source => '*')");
my $total = $per * $levels;
query(
	"CREATE SERVER walk_fds FOREIGN DATA WRAPPER iotatrail;
	 CREATE FOREIGN TABLE walk_deep (source_object text, event_name text)
	     SERVER walk_fds OPTIONS (location '$work/deep/', event_source '*')");

# open descriptors of the backend: before, with a cursor standing in the
# deepest folder, after closing it, and after an error there
sub descriptors
{
	my $move = $total - 1;
	return query(
		"SELECT 'before ' || count(*) FROM pg_ls_dir('/proc/self/fd');
		 BEGIN;
		 DECLARE c NO SCROLL CURSOR FOR SELECT source_object FROM walk_deep;
		 MOVE $move IN c;
		 SELECT 'during ' || count(*) FROM pg_ls_dir('/proc/self/fd');
		 CLOSE c;
		 COMMIT;
		 SELECT 'closed ' || count(*) FROM pg_ls_dir('/proc/self/fd');
		 \\! printf 'not gzip' > '$broken'
		 SELECT count(*) FROM walk_deep;
		 \\! rm -f '$broken'
		 SELECT 'error ' || count(*) FROM pg_ls_dir('/proc/self/fd');");
}
sub field
{
	my ($name, $out) = @_;
	return $out =~ /^\Q$name\E ([0-9]+)$/m ? $1 : "no '$name' line";
}

my ($before, $during);
sub checks
{
	my ($label) = @_;
	is(query("SELECT count(*), count(DISTINCT source_object) FROM walk_deep"),
		"$total|$levels", "$label: a file at each of $levels levels, every record");
	is( query("SELECT count(*) FROM iotatrail.read_events('$work/deep', event_source => '*')"),
		$total, "$label: read_events too");
	my $out = descriptors();
	$before = field('before', $out);
	$during = field('during', $out);
	like($out, qr/f$levels-broken\.json\.gz/, "$label: the error names the broken file");
	is(field('closed', $out), $before,
		"$label: closing the cursor closes the scan's descriptors");
	is(field('error', $out), $before, "$label: so does the error");
}

checks('default descriptors');
cmp_ok($during - $before, '>=', $levels,
	"a descriptor per level open in the deepest folder ($before before, $during during)");

note 'few descriptors: max_files_per_process 64 leaves the walk about 18';
query("ALTER SYSTEM SET max_files_per_process = 64");
$node->restart;
is(query("SHOW max_files_per_process"), '64', 'max_files_per_process is 64 now');
checks('64 descriptors');
cmp_ok($during - $before, '<', $levels / 2,
	"levels past the budget are listed by path ($before before, $during during)");
query("ALTER SYSTEM RESET max_files_per_process");
$node->restart;
is(query("SHOW max_files_per_process"), '1000', 'max_files_per_process is back');

done_testing();
