#!/usr/bin/env bash
# bench/run in its small mode, so the benchmark cannot rot: every tool runs
# every query, and they agree on the answers.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
out=$(bash bench/run --events 20000 2>&1)
echo "$out" | sed -n '/^tool /,$p' | sed 's/^/       /'
expect "the table has every tool and query" "$(echo "$out" | grep -cE '^(duckdb|postgres-jsonb|iotatrail-srf|iotatrail-fdw) +Q(1|2|2t|3) ')" '^16$'
expect "  ... and the core's own stages" "$(echo "$out" | grep -cE '^iotatrail-core +(inflate|scan) +[0-9]')" '^2$'
q1=$(echo "$out" | awk '$2 == "Q1" { r = ""; for (i = 7; i <= NF; i++) r = r $i; gsub(/[^A-Za-z0-9]/, "", r); print r }' | sort -u)
expect "Q1: all tools give the same first group" "$(echo "$q1" | wc -l)" '^1$'
q2=$(echo "$out" | awk '$2 == "Q2" { r = ""; for (i = 7; i <= NF; i++) r = r $i; gsub(/[^0-9]/, "", r); print r }' | sort -u)
expect "Q2: all tools materialize every event" "$(echo "$q2" | wc -l) $q2" '^1 2000020000$'
q3=$(echo "$out" | awk '$2 == "Q3" { r = ""; for (i = 7; i <= NF; i++) r = r $i; gsub(/[^0-9]/, "", r); print r }' | sort -u)
expect "Q3: all tools count the same events" "$(echo "$q3" | wc -l) $q3" '^1 [1-9][0-9]*$'
finish
