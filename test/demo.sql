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

\echo '== who deleted what'
SELECT event_time, event_name, user_name, principal_arn,
       coalesce(request_parameters->>'datasetName', request_parameters->>'channelName',
                request_parameters->>'datastoreName', request_parameters->>'pipelineName') AS resource,
       error_code
FROM audit.events
WHERE event_name LIKE 'Delete%'
ORDER BY event_time;

\echo '== roles that ran RunPipelineActivity, and from where'
SELECT session_issuer_arn, source_ip, count(*)
FROM audit.events
WHERE event_name = 'RunPipelineActivity'
GROUP BY 1, 2 ORDER BY 1, 2;

\echo '== calls from outside 10.0.0.0/8'
SELECT identity_kind, source_ip, count(*)
FROM audit.events
WHERE NOT source_ip << '10.0.0.0/8'
GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2;

\echo '== the whole trail, every service'
SELECT event_source, count(*)
FROM iotatrail.read_events(:'trail', event_source => '*')
GROUP BY 1 ORDER BY 2 DESC;
