#!/usr/bin/env bash
# The local walk keeps each folder level open and opens files relative to it
# (openat, fstatat).  A deep tree is read whole, also when the server has
# few descriptors to spare (levels past the budget are then listed by path);
# the descriptors are the scan's and an error closes them all.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
sample=$PWD/test/sample/AWSLogs/123456789012/CloudTrail/eu-west-1/2024/05/01/123456789012_CloudTrail_eu-west-1_20240501T1205Z_MvMX1rd5EmjiZ3QX.json.gz
levels=40
d=$work/deep
for i in $(seq -w 1 $levels); do
	d=$d/l$i
	mkdir -p "$d"
	cp "$sample" "$d/f$i.json.gz"
done
deepest=$d
share_workdir
per=$(q "SELECT count(*) FROM iotatrail.read_events('$sample', event_source => '*')")
total=$((per * levels))
q "CREATE SERVER walk_fds FOREIGN DATA WRAPPER iotatrail;
   CREATE FOREIGN TABLE walk_deep (source_object text, event_name text)
       SERVER walk_fds OPTIONS (location '$work/deep/', event_source '*')" >/dev/null

# open descriptors: before, with a cursor standing in the deepest folder,
# after closing it, and after an error there
descriptors() {
	psql -X -q -A -t -v ON_ERROR_STOP=0 2>&1 <<SQL
SELECT 'before ' || count(*) FROM pg_ls_dir('/proc/self/fd');
BEGIN;
DECLARE c NO SCROLL CURSOR FOR SELECT source_object FROM walk_deep;
MOVE $((total - 1)) IN c;
SELECT 'during ' || count(*) FROM pg_ls_dir('/proc/self/fd');
CLOSE c;
COMMIT;
SELECT 'closed ' || count(*) FROM pg_ls_dir('/proc/self/fd');
\! printf 'not gzip' > '$deepest/f$levels-broken.json.gz'
SELECT count(*) FROM walk_deep;
\! rm -f '$deepest/f$levels-broken.json.gz'
SELECT 'error ' || count(*) FROM pg_ls_dir('/proc/self/fd');
SQL
}
field() { printf '%s\n' "$2" | sed -n "s/^$1 //p"; }

# sets before and during
checks() {
	local label=$1 out
	out=$(q "SELECT count(*), count(DISTINCT source_object) FROM walk_deep")
	expect "$label: a file at each of $levels levels, every record" "$out" "^$total\|$levels$"
	out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/deep', event_source => '*')")
	expect "$label: read_events too" "$out" "^$total$"
	out=$(descriptors)
	before=$(field before "$out")
	during=$(field during "$out")
	expect "$label: the error names the broken file" "$out" "f$levels-broken\.json\.gz"
	expect "$label: closing the cursor closes the scan's descriptors" "$(field closed "$out")" "^$before$"
	expect "$label: so does the error" "$(field error "$out")" "^$before$"
}

checks "default descriptors"
expect "a descriptor per level open in the deepest folder ($before before, $during during)" \
	"$(( during - before >= levels ))" '^1$'

# few descriptors: max_files_per_process 64 leaves the walk about 18
q "ALTER SYSTEM SET max_files_per_process = 64" >/dev/null
if pg_ctlcluster "${PGVERSION:-15}" regress restart >/dev/null 2>&1; then
	for i in $(seq 100); do psql -X -q -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
	expect "max_files_per_process is 64 now" "$(q "SHOW max_files_per_process")" '^64$'
	checks "64 descriptors"
	expect "levels past the budget are listed by path ($before before, $during during)" \
		"$(( during - before < levels / 2 ))" '^1$'
	q "ALTER SYSTEM RESET max_files_per_process" >/dev/null
	pg_ctlcluster "${PGVERSION:-15}" regress restart >/dev/null 2>&1
	for i in $(seq 100); do psql -X -q -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
else
	expect "the cluster restarts with max_files_per_process = 64" "no" '^yes$'
	q "ALTER SYSTEM RESET max_files_per_process" >/dev/null
fi
expect "max_files_per_process is back" "$(q "SHOW max_files_per_process")" '^1000$'
q "DROP SERVER walk_fds CASCADE" >/dev/null 2>&1
finish
