-- iotatrail demo: the bundled sample trail as SQL.
\pset footer off
SET timezone = 'UTC';
CREATE EXTENSION iotatrail;

\echo '== one-off: IoT Analytics calls, straight from the log files'
SELECT event_time, event_name, identity_kind, principal_arn, source_ip
FROM iotatrail.read_events(:'trail')
ORDER BY event_time
LIMIT 10;

\echo '== as a table: IMPORT FOREIGN SCHEMA creates audit.events with every column'
CREATE SERVER trails FOREIGN DATA WRAPPER iotatrail;
CREATE SCHEMA audit;
IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER trails INTO audit
    OPTIONS (location :'trail');

\echo '== calls per action'
SELECT event_name, count(*) AS calls, count(error_code) AS failed
FROM audit.events
GROUP BY 1 ORDER BY 2 DESC, 1;

\echo '== the views: one per IoT Analytics action, typed columns (audit.update_channel)'
SELECT event_time, aws_region, user_name, channel_name, retention_days, retention_unlimited, succeeded
FROM audit.update_channel
ORDER BY event_time
LIMIT 6;

\echo '== who deleted what (resource_activity: one row per call, with the resource ARN)'
SELECT event_time, principal_arn, resource_type, resource_name, succeeded
FROM audit.resource_activity
WHERE verb = 'delete'
ORDER BY event_time;

\echo '== last change per resource'
SELECT DISTINCT ON (resource_arn) resource_arn, action, event_time
FROM audit.resource_activity
WHERE verb IN ('create', 'update', 'delete') AND succeeded
ORDER BY resource_arn, event_time DESC
LIMIT 8;

\echo '== roles that ran RunPipelineActivity, which activity, and from where'
SELECT session_issuer_arn, pipeline_activity_type, source_ip, count(*)
FROM audit.run_pipeline_activity
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

\echo '== failed calls by principal'
SELECT principal_arn, error_code, count(*)
FROM audit.resource_activity
WHERE NOT succeeded
GROUP BY 1, 2 ORDER BY 3 DESC;

\echo '== calls from outside 10.0.0.0/8'
SELECT identity_kind, source_ip, count(*)
FROM audit.events
WHERE NOT source_ip << '10.0.0.0/8'
GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2;

\echo '== the whole trail, every service'
SELECT event_source, count(*)
FROM iotatrail.read_events(:'trail', event_source => '*')
GROUP BY 1 ORDER BY 2 DESC;

\echo '== no server needed: SET iotatrail.location and query schema iotanalytics'
SELECT set_config('iotatrail.location', :'trail', false) IS NOT NULL AS location_set;
SELECT channel_name, count(*) AS describes, count(DISTINCT principal_arn) AS callers
FROM iotanalytics.describe_channel
GROUP BY 1 ORDER BY 1;

\echo '== findings: the detections of iotatrail.detections, mapped to MITRE ATT&CK, over every service (IMPORT FOREIGN SCHEMA cloudtrail)'
CREATE SCHEMA trail;
IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER trails INTO trail
    OPTIONS (location :'trail');
SELECT detection_id, severity, technique_ids, count(*) AS findings, min(event_time) AS first, max(event_time) AS last
FROM trail.findings
GROUP BY 1, 2, 3 ORDER BY array_position('{high,medium,low}', severity), 1;
SELECT event_time, detection_id, principal, source_ip, detail
FROM trail.findings
WHERE severity = 'high'
ORDER BY event_time
LIMIT 10;

\echo '== the audit report: one self-contained HTML page (psql -Atc "SELECT iotatrail.audit_report(''trail'')" > report.html)'
\set QUIET on
\pset format unaligned
\pset tuples_only on
\o :report
SELECT iotatrail.audit_report('trail');
\o
\pset format aligned
\pset tuples_only off
\set QUIET off
