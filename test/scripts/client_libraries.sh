#!/usr/bin/env bash
# The BI and notebook path through real client libraries from Debian
# (python3-psycopg, python3-sqlalchemy): reflection of an imported schema,
# a per-action view read into Python, read_events streamed through
# server-side cursors (test/client_libraries.py).
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
mkdir -p "$work/trail" "$work/broken/a" "$work/broken/z"
python3 test/make_trail.py files "$work/trail" 40 1000          # 40,000 events
python3 test/make_trail.py files "$work/broken/a" 2 500
python3 test/make_trail.py bad "$work/bad"
cp "$work/bad/corrupt.json.gz" "$work/broken/z/corrupt.json.gz"
share_workdir
q "DROP SCHEMA IF EXISTS bi CASCADE; DROP SERVER IF EXISTS bi_trail CASCADE;
   CREATE SERVER bi_trail FOREIGN DATA WRAPPER iotatrail;
   CREATE SCHEMA bi;
   IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER bi_trail INTO bi OPTIONS (location '$work/trail')" >/dev/null
out=$(/usr/bin/python3 test/client_libraries.py bi "$work/trail" "$work/broken" 2>&1)
rc=$?
printf '%s\n' "$out"
expect "client libraries: every check passed" "$rc $(printf '%s' "$out" | grep -c '^  FAIL')" '^0 0$'
expect "  ... and they ran" "$(printf '%s' "$out" | grep -c '^  ok')" '^1[0-9]$'
q "DROP SCHEMA bi CASCADE; DROP SERVER bi_trail CASCADE" >/dev/null
finish
