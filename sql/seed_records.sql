-- The two IoT Analytics records from the AWS IoT Analytics documentation
-- (CreateChannel, CreateDataset) must come out exactly right, column by column.
\set VERBOSITY default
\set SHOW_CONTEXT always
SET timezone = 'UTC';
\x on
CREATE TEMP TABLE seed_doc AS SELECT $doc$
{"Records": [
{
    "eventVersion": "1.05",
    "userIdentity": {
        "type": "AssumedRole",
        "principalId": "ABCDE12345FGHIJ67890B:AnalyticsChannelTestFunction",
        "arn": "arn:aws:sts::123456789012:assumed-role/AnalyticsRole/AnalyticsChannelTestFunction",
        "accountId": "123456789012",
        "accessKeyId": "ABCDE12345FGHIJ67890B",
        "sessionContext": {
            "attributes": {
                "mfaAuthenticated": "false",
                "creationDate": "2018-02-14T23:43:12Z"
            },
            "sessionIssuer": {
                "type": "Role",
                "principalId": "ABCDE12345FGHIJ67890B",
                "arn": "arn:aws:iam::123456789012:role/AnalyticsRole",
                "accountId": "123456789012",
                "userName": "AnalyticsRole"
            }
        }
    },
    "eventTime": "2018-02-14T23:55:14Z",
    "eventSource": "iotanalytics.amazonaws.com",
    "eventName": "CreateChannel",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "198.162.1.0",
    "userAgent": "aws-internal/3 exec-env/AWS_Lambda_java8",
    "requestParameters": {
        "channelName": "channel_channeltest"
    },
    "responseElements": {
        "retentionPeriod": {
            "unlimited": true
        },
        "channelName": "channel_channeltest",
        "channelArn": "arn:aws:iotanalytics:us-east-1:123456789012:channel/channel_channeltest"
    },
    "requestID": "7f871429-11e2-11e8-9eee-0781b5c0ac59",
    "eventID": "17885899-6977-41be-a6a0-74bb95a78294",
    "eventType": "AwsApiCall",
    "recipientAccountId": "123456789012"
},
{
    "eventVersion": "1.05",
    "userIdentity": {
        "type": "AssumedRole",
        "principalId": "ABCDE12345FGHIJ67890B:AnalyticsDatasetTestFunction",
        "arn": "arn:aws:sts::123456789012:assumed-role/AnalyticsRole/AnalyticsDatasetTestFunction",
        "accountId": "123456789012",
        "accessKeyId": "ABCDE12345FGHIJ67890B",
        "sessionContext": {
            "attributes": {
                "mfaAuthenticated": "false",
                "creationDate": "2018-02-14T23:41:36Z"
            },
            "sessionIssuer": {
                "type": "Role",
                "principalId": "ABCDE12345FGHIJ67890B",
                "arn": "arn:aws:iam::123456789012:role/AnalyticsRole",
                "accountId": "123456789012",
                "userName": "AnalyticsRole"
            }
        }
    },
    "eventTime": "2018-02-14T23:53:39Z",
    "eventSource": "iotanalytics.amazonaws.com",
    "eventName": "CreateDataset",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "198.162.1.0",
    "userAgent": "aws-internal/3 exec-env/AWS_Lambda_java8",
    "requestParameters": {
        "datasetName": "dataset_datasettest"
    },
    "responseElements": {
        "datasetArn": "arn:aws:iotanalytics:us-east-1:123456789012:dataset/dataset_datasettest",
        "datasetName": "dataset_datasettest"
    },
    "requestID": "46ee8dd9-11e2-11e8-979a-6198b668c3f0",
    "eventID": "5abe21f6-ee1a-48ef-afc5-c77211235303",
    "eventType": "AwsApiCall",
    "recipientAccountId": "123456789012"
}
]}
$doc$ AS doc;

-- every column, both records
SELECT e.* FROM seed_doc, iotatrail.parse_events(doc) e ORDER BY record_index;
\x off

-- the same through the bytea entry point gives the same rows
SELECT count(*) AS same_rows FROM (
    SELECT e.* FROM seed_doc, iotatrail.parse_events(doc) e
    INTERSECT
    SELECT e.* FROM seed_doc, iotatrail.parse_events(convert_to(doc, 'UTF8')) e) s;

-- typed values, checked as values rather than text
SELECT event_time = '2018-02-14 23:55:14+00' AS time_ok,
       event_id = '17885899-6977-41be-a6a0-74bb95a78294'::uuid AS id_ok,
       source_ip = '198.162.1.0'::inet AS ip_ok,
       response_elements->'retentionPeriod'->>'unlimited' = 'true' AS retention_ok,
       response_elements->>'channelArn' AS channel_arn
FROM seed_doc, iotatrail.parse_events(doc)
WHERE event_name = 'CreateChannel';
