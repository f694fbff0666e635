-- The seed records through the views, and the questions the README shows.
\set VERBOSITY default
\set SHOW_CONTEXT always
SET timezone = 'UTC';
\getenv abs_srcdir PG_ABS_SRCDIR
\set trail :abs_srcdir '/test/sample/AWSLogs/'
SET datestyle = 'ISO';

-- the two records of the AWS IoT Analytics documentation
CREATE TABLE seed_events AS SELECT * FROM iotatrail.parse_events($doc$
{"Records": [
{"eventVersion": "1.05",
 "userIdentity": {"type": "AssumedRole", "principalId": "ABCDE12345FGHIJ67890B:AnalyticsChannelTestFunction",
   "arn": "arn:aws:sts::123456789012:assumed-role/AnalyticsRole/AnalyticsChannelTestFunction",
   "accountId": "123456789012", "accessKeyId": "ABCDE12345FGHIJ67890B",
   "sessionContext": {"attributes": {"mfaAuthenticated": "false", "creationDate": "2018-02-14T23:43:12Z"},
     "sessionIssuer": {"type": "Role", "principalId": "ABCDE12345FGHIJ67890B",
       "arn": "arn:aws:iam::123456789012:role/AnalyticsRole", "accountId": "123456789012", "userName": "AnalyticsRole"}}},
 "eventTime": "2018-02-14T23:55:14Z", "eventSource": "iotanalytics.amazonaws.com", "eventName": "CreateChannel",
 "awsRegion": "us-east-1", "sourceIPAddress": "198.162.1.0", "userAgent": "aws-internal/3 exec-env/AWS_Lambda_java8",
 "requestParameters": {"channelName": "channel_channeltest"},
 "responseElements": {"retentionPeriod": {"unlimited": true}, "channelName": "channel_channeltest",
   "channelArn": "arn:aws:iotanalytics:us-east-1:123456789012:channel/channel_channeltest"},
 "requestID": "7f871429-11e2-11e8-9eee-0781b5c0ac59", "eventID": "17885899-6977-41be-a6a0-74bb95a78294",
 "eventType": "AwsApiCall", "recipientAccountId": "123456789012"},
{"eventVersion": "1.05",
 "userIdentity": {"type": "AssumedRole", "principalId": "ABCDE12345FGHIJ67890B:AnalyticsDatasetTestFunction",
   "arn": "arn:aws:sts::123456789012:assumed-role/AnalyticsRole/AnalyticsDatasetTestFunction",
   "accountId": "123456789012", "accessKeyId": "ABCDE12345FGHIJ67890B",
   "sessionContext": {"attributes": {"mfaAuthenticated": "false", "creationDate": "2018-02-14T23:41:36Z"},
     "sessionIssuer": {"type": "Role", "principalId": "ABCDE12345FGHIJ67890B",
       "arn": "arn:aws:iam::123456789012:role/AnalyticsRole", "accountId": "123456789012", "userName": "AnalyticsRole"}}},
 "eventTime": "2018-02-14T23:41:36Z", "eventSource": "iotanalytics.amazonaws.com", "eventName": "CreateDataset",
 "awsRegion": "us-east-1", "sourceIPAddress": "198.162.1.0", "userAgent": "aws-internal/3 exec-env/AWS_Lambda_java8",
 "requestParameters": {"datasetName": "dataset_datasettest"},
 "responseElements": {"datasetArn": "arn:aws:iotanalytics:us-east-1:123456789012:dataset/dataset_datasettest",
   "datasetName": "dataset_datasettest"},
 "requestID": "46ee8dd9-11e2-11e8-979a-6198b668c3f0", "eventID": "5abe21f6-ee1a-48ef-afc5-c77211235303",
 "eventType": "AwsApiCall", "recipientAccountId": "123456789012"}
]}
$doc$);
CREATE SCHEMA seed;
SELECT * FROM iotatrail.create_views('seed', 'seed_events', limit_to => '{create_channel,create_dataset,resource_activity}');
\x on
SELECT channel_name, channel_arn, retention_unlimited, retention_days, identity_kind, principal_arn,
       session_issuer_arn, temporary_credentials, mfa_authenticated, source_ip, succeeded
  FROM seed.create_channel;
SELECT dataset_name, dataset_arn, retention_unlimited, event_time, event_id FROM seed.create_dataset;
\x off
SELECT channel_name = 'channel_channeltest'
   AND channel_arn = 'arn:aws:iotanalytics:us-east-1:123456789012:channel/channel_channeltest'
   AND retention_unlimited AS create_channel_exact
  FROM seed.create_channel;
SELECT dataset_name = 'dataset_datasettest'
   AND dataset_arn = 'arn:aws:iotanalytics:us-east-1:123456789012:dataset/dataset_datasettest' AS create_dataset_exact
  FROM seed.create_dataset;
SELECT action, verb, resource_type, resource_name, resource_arn FROM seed.resource_activity ORDER BY event_time;
SET client_min_messages = warning;
DROP SCHEMA seed CASCADE;
RESET client_min_messages;
DROP TABLE seed_events;

-- The README's questions, over the bundled sample trail
CREATE SERVER trails FOREIGN DATA WRAPPER iotatrail;
CREATE SCHEMA audit;
IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER trails INTO audit
    OPTIONS (location :'trail');

-- who changed the retention of a channel
SELECT event_time, aws_region, principal_arn, channel_name, retention_days, retention_unlimited
  FROM audit.update_channel
 WHERE channel_name = 'telemetry_01'
 ORDER BY event_time;

-- last change per resource
SELECT DISTINCT ON (resource_arn) resource_arn, action, event_time, principal_arn
  FROM audit.resource_activity
 WHERE verb IN ('create', 'update', 'delete') AND succeeded
 ORDER BY resource_arn, event_time DESC
 LIMIT 8;

-- resources created but never described
SELECT c.resource_type, count(*)
  FROM audit.resource_activity c
 WHERE c.verb = 'create' AND c.succeeded
   AND NOT EXISTS (SELECT FROM audit.resource_activity d
                    WHERE d.verb = 'read' AND d.resource_arn = c.resource_arn)
 GROUP BY 1 ORDER BY 1;

-- who deleted what
SELECT event_time, principal_arn, resource_type, resource_name
  FROM audit.resource_activity
 WHERE verb = 'delete' AND succeeded
 ORDER BY event_time;

-- failed calls by principal
SELECT principal_arn, error_code, count(*)
  FROM audit.resource_activity
 WHERE NOT succeeded
 GROUP BY 1, 2 ORDER BY 1, 2;

-- activity from outside the known address ranges
SELECT source_ip, principal_arn, count(*)
  FROM audit.resource_activity
 WHERE source_ip IS NOT NULL AND NOT source_ip << '10.0.0.0/8'
 GROUP BY 1, 2 ORDER BY 1, 2;

-- joined with an inventory by ARN
CREATE TABLE assets (resource_arn text PRIMARY KEY, owner text);
INSERT INTO assets VALUES
    ('arn:aws:iotanalytics:us-east-1:123456789012:channel/telemetry_01', 'plant-7'),
    ('arn:aws:iotanalytics:eu-west-1:123456789012:datastore/store_02', 'analytics');
SELECT owner, action, count(*)
  FROM audit.resource_activity JOIN assets USING (resource_arn)
 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT a.resource_arn
  FROM assets a
 WHERE NOT EXISTS (SELECT FROM audit.resource_activity r
                    WHERE r.resource_arn = a.resource_arn AND r.verb = 'read');

SET client_min_messages = warning;
DROP TABLE assets;
DROP SCHEMA audit CASCADE;
DROP SERVER trails;
