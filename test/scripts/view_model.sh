#!/usr/bin/env bash
# The per-action views match the API model: every action has a view, every
# request/response member a column of the mapped type, every other column
# a documented nested value, every view and column a comment.  Then the
# checker must catch a view that lost a column and a column the model lacks.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"

# the checked-in generated SQL is what the generator makes from the model
regen=$(python3 tools/gen_views.py | diff -q - src/iotanalytics_views.sql 2>&1 && echo same)
expect "src/iotanalytics_views.sql is up to date (make views)" "$regen" '^same$'

out=$(python3 test/check_view_model.py 2>&1)
expect "views match the model" "$out" 'checked [0-9]+ columns of 29 views'
expect "no problems" "$(echo "$out" | tail -1)" '^0 problems$'

# a copy of the views with one broken on purpose: the checker must notice
# (a test of the test)
q "CREATE SCHEMA broken_views; SELECT count(*) FROM iotatrail.create_views('broken_views', 'iotanalytics.events')" >/dev/null
q "DROP VIEW broken_views.delete_channel;
   CREATE VIEW broken_views.delete_channel AS
    SELECT event_time, event_id, aws_region, recipient_account_id, identity_kind, principal_arn,
           user_name, session_issuer_arn, temporary_credentials, mfa_authenticated, source_ip,
           user_agent, error_code, error_message, error_code IS NULL AS succeeded,
           request_parameters ->> 'channelName' AS channel_nam,
           1 AS surplus
      FROM iotanalytics.events WHERE event_name = 'DeleteChannel';
   COMMENT ON VIEW broken_views.delete_channel IS 'broken';
   DROP VIEW broken_views.list_pipelines" >/dev/null
q "DROP VIEW broken_views.get_dataset_content;
   CREATE VIEW broken_views.get_dataset_content AS
    SELECT event_time, event_id, aws_region, recipient_account_id, identity_kind, principal_arn,
           user_name, session_issuer_arn, temporary_credentials, mfa_authenticated, source_ip,
           user_agent, error_code, error_message, error_code IS NULL AS succeeded,
           request_parameters ->> 'datasetName' AS dataset_name, request_parameters ->> 'versionId' AS version_id,
           response_elements -> 'entries' AS entries, response_elements ->> 'timestamp' AS timestamp,
           response_elements -> 'status' AS status
      FROM iotanalytics.events WHERE event_name = 'GetDatasetContent'" >/dev/null
broken=$(python3 test/check_view_model.py broken_views 2>&1)
q "DROP SCHEMA broken_views CASCADE" >/dev/null
expect "a missing view is caught" "$broken" 'no view broken_views.list_pipelines'
expect "a missing member column is caught" "$broken" 'delete_channel: member channelName has no column channel_name'
expect "a column the model lacks is caught" "$broken" 'delete_channel.surplus: neither a model member'
expect "a missing comment is caught" "$broken" 'delete_channel.surplus: no comment'
expect "a wrong type is caught" "$broken" 'get_dataset_content.timestamp: type text, the model says timestamp'
finish
