#!/usr/bin/env bash
# The detections (issue 35).  test/make_audit_trail.py plants a trail with
# at least one hit and one near miss of every detection of
# iotatrail.detections and writes which (detection, event) pairs must be
# found.  The findings view must give exactly those: over the foreign
# table of every service (IMPORT FOREIGN SCHEMA cloudtrail), over a stored
# table synced from it, and, over the IoT Analytics foreign table, exactly
# the IoT Analytics ones (the others are silent).  Over the foreign table
# a time bound reads the trail once: one Foreign Scan, pruned.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/make_audit_trail.py "$work/planted"
share_workdir
loc="$work/planted/AWSLogs/"
q "DROP SCHEMA IF EXISTS au, au_iot, au_st CASCADE; DROP SERVER IF EXISTS au_srv CASCADE;
   CREATE SERVER au_srv FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA au; CREATE SCHEMA au_iot;
   IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER au_srv INTO au OPTIONS (location '$loc');
   IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER au_srv INTO au_iot OPTIONS (location '$loc')" >/dev/null

expect "the catalog lists the 18 detections of the issue, each with a technique" \
	"$(q "SELECT count(*) FILTER (WHERE technique_ids[1] ~ '^T[0-9]{4}(\.[0-9]{3})?$' AND cardinality(technique_names) = cardinality(technique_ids)
	                               AND description <> '' AND check_next <> '')
	      FROM iotatrail.detections
	     WHERE id IN ('iotanalytics_resource_deleted', 'iotanalytics_logging_changed', 'iotanalytics_retention_shortened',
	                  'iotanalytics_storage_redirected', 'iotanalytics_pipeline_lambda', 'iotanalytics_data_read_new_principal',
	                  'iotanalytics_enumeration', 'access_denied_burst', 'cloudtrail_logging_impaired', 'root_activity',
	                  'console_login_without_mfa', 'console_login_failures', 'access_key_for_other_user', 'admin_policy_attached',
	                  'new_source_ip_for_principal', 'kms_key_deletion', 's3_bucket_made_public', 'security_group_open_to_world')")" '^18$'
expect "IMPORT FOREIGN SCHEMA made a findings view in each schema" \
	"$(q "SELECT count(*) FROM pg_views WHERE viewname = 'findings' AND schemaname IN ('au', 'au_iot')")" '^2$'

# the fixture plants a hit and a near miss of every detection
ids=$(q "SELECT string_agg(id, ' ' ORDER BY id) FROM iotatrail.detections")
missing_pos= missing_neg=
for id in $ids; do
	grep -q "^$id " "$work/planted/expected.txt" || missing_pos="$missing_pos $id"
	grep -q "^$id " "$work/planted/near_misses.txt" || missing_neg="$missing_neg $id"
done
expect "the planted trail has a hit of every detection" "${missing_pos:-none}" '^none$'
expect "  ... and a near miss of every detection ($(wc -l < "$work/planted/near_misses.txt") in all)" "${missing_neg:-none}" '^none$'

# exactly the planted findings
# what differs between two sorted lists, "none" when nothing
differs() {
	local d
	d=$(diff <(printf '%s\n' "$1") <(printf '%s\n' "$2") | grep '^[<>]' | tr '\n' ' ')
	echo "${d:-none}"
}
found() {
	q "SELECT detection_id || ' ' || event_id FROM $1 ORDER BY 1" | sort
}
want_all=$(cut -d' ' -f1,2 "$work/planted/expected.txt" | sort)
want_iot=$(grep ' iotanalytics\.amazonaws\.com$' "$work/planted/expected.txt" | cut -d' ' -f1,2 | sort)
got=$(found au.findings)
expect "over the foreign table of every service: the $(printf '%s\n' "$want_all" | wc -l) planted findings, no other" \
	"$(differs "$want_all" "$got")" '^none$'
got=$(found au_iot.findings)
expect "over the IoT Analytics foreign table: the $(printf '%s\n' "$want_iot" | wc -l) IoT Analytics ones (the others are silent)" \
	"$(differs "$want_iot" "$got")" '^none$'
expect "every finding names its severity, techniques and the values that fired it" \
	"$(q "SELECT count(*) FROM au.findings f JOIN iotatrail.detections d ON d.id = f.detection_id
	       WHERE f.severity = d.severity AND f.technique_ids = d.technique_ids AND f.detail <> ''
	         AND f.recipient_account_id = '111111111111' AND f.aws_region IS NOT NULL AND f.event_time IS NOT NULL") = $(q "SELECT count(*) FROM au.findings")" \
	'^([0-9]+) = \1$'
expect "  ... e.g. the lambda of the pipeline" \
	"$(q "SELECT detail FROM au.findings WHERE detection_id = 'iotanalytics_pipeline_lambda'")" '^CreatePipeline p_lambda runs lambda enrich$'
expect "  ... and the retention it replaced" \
	"$(q "SELECT string_agg(detail, ' | ' ORDER BY event_time) FROM au.findings WHERE detection_id = 'iotanalytics_retention_shortened'")" \
	'^UpdateChannel ch_ret retention 30 days, was unlimited \| UpdateDatastore ds_ret retention 10 days, was 90 days$'

# a time bound: one Foreign Scan, with the bound pushed into it, and pruned
bound="event_time >= '2024-06-19 00:00+00'"
plan=$(q "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT * FROM au.findings WHERE $bound")
printf '%s\n' "$plan" | grep -E 'Foreign Scan|Filter|Pushed|Files|Sort|Subquery' | sed 's/^/       /'
expect "a time bound: one Foreign Scan for every detection" "$(printf '%s\n' "$plan" | grep -c 'Foreign Scan')" '^1$'
expect "  ... the bound pushed into it" "$(printf '%s\n' "$plan" | tr '\n' ' ')" 'Foreign Scan on events e .*Pushed Down: event_time'
expect "  ... which prunes the files before it" "$(printf '%s\n' "$plan" | tr '\n' ' ')" '(Folders|Files) Pruned: [1-9]'
# (OFFSET 0 keeps the bound out of the view: the whole trail, then filtered)
got=$(q "SELECT detection_id || ' ' || event_id FROM au.findings WHERE $bound" | sort)
want=$(q "SELECT detection_id || ' ' || event_id FROM (SELECT * FROM au.findings OFFSET 0) f WHERE $bound" | sort)
expect "  ... and finds what the whole trail finds in the period ($(printf '%s\n' "$got" | grep -c .) findings)" \
	"$(differs "$want" "$got")" '^none$'
expect "  ... some" "$(printf '%s\n' "$got" | grep -c .)" '^[1-9][0-9]*$'

# over a stored table synced from the foreign table: the same findings
out=$(psql -X -q -A -t -c "CALL iotatrail.sync_and_create_views('au.events', 'au_st.events_store')" 2>&1 | tr '\n' ' ')
expect "sync_and_create_views makes findings over the stored table" \
	"$(q "SELECT count(*) FROM pg_views WHERE schemaname = 'au_st' AND viewname = 'findings'")" '^1$'
got=$(found au_st.findings)
expect "over the stored table: the same planted findings" \
	"$(differs "$want_all" "$got")" '^none$'
plan=$(q "SET enable_seqscan = off; EXPLAIN (COSTS OFF) SELECT * FROM au_st.findings WHERE $bound")
expect "  ... a time bound uses the table's event_time index, of the partitions in range" \
	"$(printf '%s\n' "$plan" | tr '\n' ' ')" 'Index (Only )?Scan using events_store_y2024m0[67]_event_time_idx'
expect "  ... and no partition before it" "$(printf '%s\n' "$plan" | grep -c 'y2024m05')" '^0$'

# a setting of the catalog changes what fires
q "UPDATE iotatrail.detections SET settings = jsonb_set(settings, '{min_errors}', '9') WHERE id = 'access_denied_burst'" >/dev/null
expect "a lower min_errors fires on the near miss of 9 errors too" \
	"$(q "SELECT count(*) FROM au.findings WHERE detection_id = 'access_denied_burst'")" '^2$'
q "UPDATE iotatrail.detections SET settings = jsonb_set(settings, '{min_errors}', '10') WHERE id = 'access_denied_burst'" >/dev/null

# create_views limited to findings, and a relation without the columns
q "CREATE SCHEMA au_one" >/dev/null
expect "create_views(limit_to => '{findings}') makes it alone" \
	"$(q "SELECT string_agg(v, ' ') FROM iotatrail.create_views('au_one', 'au.events', '{findings}') v")" '^au_one\.findings$'
q "CREATE TABLE au_one.narrow (event_time timestamptz, event_source text, event_name text, error_code text)" >/dev/null
expect "a relation without the columns findings reads: an error naming them" \
	"$(q "SELECT iotatrail.create_views('au_one', 'au_one.narrow', '{findings}')")" \
	'ERROR:  relation au_one\.narrow lacks columns'

q "DROP SCHEMA au, au_iot, au_st, au_one CASCADE; DROP SERVER au_srv CASCADE" >/dev/null
finish
