#!/usr/bin/env bash
# Issue 35: the time of the findings view and of audit_report over the
# benchmark corpus (bench/gen_corpus.py, 1M events by default: 20% IoT
# Analytics, every identity kind, 35 days), over the foreign table of every
# service, the IoT Analytics foreign table and the stored table
# sync_and_create_views makes.  Run in a cluster with iotatrail installed
# (pg_virtualenv bash bench/audit_timing.sh); prints one line per step.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${AUDIT_EVENTS:-1000000}
dir=${AUDIT_CORPUS:-/var/tmp/iotatrail_audit_corpus_$events}
[ -d "$dir/AWSLogs" ] || /usr/bin/python3 bench/gen_corpus.py "$dir" "$events" >/dev/null
chmod -R a+rX "$dir"
# JIT off, as the README advises for scans of large trails
export PGOPTIONS="-c jit=off"
step() {
	local label=$1 sql=$2 out=${3:-/dev/null} t0 t1
	t0=$(date +%s%N)
	psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$sql" > "$out"
	t1=$(date +%s%N)
	printf '%-64s %7.2f s  %s\n' "$label" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" \
		"$( [ "$out" = /dev/null ] || { [ "$(wc -l < "$out")" -le 1 ] && head -c 80 "$out" || echo "$(wc -c < "$out") bytes"; } )"
}
psql -X -q -c "CREATE EXTENSION IF NOT EXISTS iotatrail" -c "DROP SCHEMA IF EXISTS bft, bft_iot, bst CASCADE" \
	-c "DROP SERVER IF EXISTS bench_srv CASCADE" -c "CREATE SERVER bench_srv FOREIGN DATA WRAPPER iotatrail" \
	-c "CREATE SCHEMA bft" -c "CREATE SCHEMA bft_iot" \
	-c "IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER bench_srv INTO bft OPTIONS (location '$dir/AWSLogs/')" \
	-c "IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER bench_srv INTO bft_iot OPTIONS (location '$dir/AWSLogs/')" >/dev/null
echo "corpus: $dir, $(find "$dir" -name '*.json.gz' | wc -l) files, $(du -sh "$dir" | cut -f1)"
w=/tmp/audit_timing.$$
step "events, every service (foreign)" "SELECT count(*) FROM bft.events" "$w.n"
# the last quarter of the corpus's time span (1M events span about a day)
last=$(psql -X -A -t -c "SELECT max(event_time) - (max(event_time) - min(event_time)) / 4 FROM bft.events")
step "findings, every service (foreign)" "SELECT count(*) FROM bft.findings" "$w.n"
step "findings, IoT Analytics table (foreign)" "SELECT count(*) FROM bft_iot.findings" "$w.n"
step "findings of the last quarter (foreign)" "SELECT count(*) FROM bft.findings WHERE event_time >= '$last'" "$w.n"
step "audit_report, every service (foreign)" "SELECT iotatrail.audit_report('bft')" "$w.html"
step "audit_report, IoT Analytics table (foreign)" "SELECT iotatrail.audit_report('bft_iot')" "$w.html"
step "audit_report of the last quarter (foreign)" "SELECT iotatrail.audit_report('bft', '$last')" "$w.html"
step "sync_and_create_views into a stored table" "CALL iotatrail.sync_and_create_views('bft.events', 'bst.events_store')"
step "findings, every service (stored)" "SELECT count(*) FROM bst.findings" "$w.n"
step "findings of the last quarter (stored)" "SELECT count(*) FROM bst.findings WHERE event_time >= '$last'" "$w.n"
step "audit_report, every service (stored)" "SELECT iotatrail.audit_report('bst')" "$w.html"
step "audit_report of the last quarter (stored)" "SELECT iotatrail.audit_report('bst', '$last')" "$w.html"
psql -X -q -c "SELECT detection_id, count(*) FROM bst.findings GROUP BY 1 ORDER BY 1"
rm -f "$w".*
