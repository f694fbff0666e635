-- parse_events: every input shape, detected by content, from documents held
-- in the database; typing of scalar fields; bad input.
\set VERBOSITY default
\set SHOW_CONTEXT always
SET timezone = 'UTC';

-- a single record object
SELECT event_name, event_time, source_ip, read_only, record_index
FROM iotatrail.parse_events('{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"ListChannels","sourceIPAddress":"2001:db8::1","readOnly":true}');

-- a trail file: {"Records":[...]}, other services filtered out by default
SELECT event_name, record_index, record_offset
FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"},{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:01Z","eventSource":"iotanalytics.amazonaws.com","eventName":"DeleteChannel"}]}');

-- event_source '*' keeps every record; a list keeps the services named
SELECT count(*) FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"},{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:01Z","eventSource":"iotanalytics.amazonaws.com","eventName":"DeleteChannel"}]}', event_source => '*');
SELECT event_source FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"},{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:01Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers"}]}', event_source => 'iam.amazonaws.com, sts.amazonaws.com');

-- NDJSON: one record per line, blank lines allowed
SELECT event_name, record_index FROM iotatrail.parse_events(
E'{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"A"}\n\n{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"B"}');

-- lookup-events output: the record is a JSON string in CloudTrailEvent
SELECT event_name, user_name FROM iotatrail.parse_events(
'{"Events":[{"EventId":"x","ReadOnly":"false","CloudTrailEvent":"{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventSource\":\"iotanalytics.amazonaws.com\",\"eventName\":\"CreateDatastore\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"Jos\\u00e9\"}}"}],"NextToken":"abc"}');

-- EventBridge envelope: the record is in detail
SELECT event_name, aws_region FROM iotatrail.parse_events(
'{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.iotanalytics","detail":{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"UpdateChannel","awsRegion":"eu-west-1"}}');

-- bytea input, gzip'd, detected by its magic bytes (gzip of a one-record trail file)
SELECT event_name FROM iotatrail.parse_events(decode(
'H4sIAAAAAAACA6tWCkpNzi9KKVayiq5WSi1LzSsJSy0qzszPU7JSMtQzUNKBCIZk5qYCRYwMjEx0DUx1DQxDDA2sDEAoCqYkOL+0KBmkKDO/JDEvMaeyJDO5WC8xN7EqPy+xvFgvOT8XptQvEWyaW1F+rntVZoFSbWwtANBkdiaJAAAA', 'base64'));

-- timestamps: fractions, offsets, basic notation in sessionContext
SELECT event_time, session_created_at FROM iotatrail.parse_events(
'{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00.123+02:00","eventSource":"iotanalytics.amazonaws.com","userIdentity":{"type":"Root","sessionContext":{"attributes":{"creationDate":"20131102T010628Z"}}}}');

-- a missing field is NULL; JSON null is NULL
SELECT event_name IS NULL AS no_name, request_parameters IS NULL AS no_params, identity_kind
FROM iotatrail.parse_events('{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","requestParameters":null}');

-- \u0000 and unpaired surrogates become U+FFFD in text and jsonb
SELECT user_agent, request_parameters->>'name' AS name, encode(convert_to(user_agent, 'UTF8'), 'hex') AS ua_hex
FROM iotatrail.parse_events('{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","userAgent":"a\u0000b","requestParameters":{"name":"x\ud800y\u0000"}}');

-- bad input, one per statement
-- eventTime that is not a timestamp
SELECT count(*) FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.0","eventTime":"yesterday","eventSource":"iotanalytics.amazonaws.com"}]}');
-- a field of the wrong JSON type
SELECT count(*) FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":42}]}');
-- invalid JSON
SELECT count(*) FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.0","eventTime":}]}');
-- truncated JSON
SELECT count(*) FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.0"');
-- JSON that is not CloudTrail
SELECT count(*) FROM iotatrail.parse_events('{"name":"x","version":"1.0.0"}');
-- a top-level array of numbers
SELECT count(*) FROM iotatrail.parse_events('[1,2]');
-- empty input and whitespace only
SELECT count(*) FROM iotatrail.parse_events('');
SELECT count(*) FROM iotatrail.parse_events(E'  \n ');
-- data after the document
SELECT count(*) FROM iotatrail.parse_events('{"Records":[]} xyz');
-- Records that is not an array
SELECT count(*) FROM iotatrail.parse_events('{"Records":{}}');
-- truncated gzip
SELECT count(*) FROM iotatrail.parse_events(decode('1f8b0800000000000003abcdef', 'hex'));
-- invalid UTF-8 bytes (0xC3 0x28) become U+FFFD
SELECT user_agent FROM iotatrail.parse_events(decode(
'7b226576656e7456657273696f6e223a22312e30222c226576656e7454696d65223a22323032342d30352d30315431303a30303a30305a222c226576656e74536f75726365223a22696f74616e616c79746963732e616d617a6f6e6177732e636f6d222c22757365724167656e74223a2261c32862227d', 'hex'));
-- a record over max_record_size
SELECT count(*) FROM iotatrail.parse_events('{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","userAgent":"' || repeat('x', 3000) || '"}', max_record_size => '1kB');

-- on_error 'skip': good records survive, bad ones are counted in one WARNING
SELECT event_name FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"A"},{"eventVersion":"1.0","eventTime":"nope","eventSource":"iotanalytics.amazonaws.com"},{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"C"}]}', on_error => 'skip');
-- a syntax error abandons the rest of the input, counted
SELECT event_name FROM iotatrail.parse_events('{"Records":[{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"A"},{"eventVersion":"1.0","eventTime":}]}', on_error => 'skip');

-- bad option values
SELECT count(*) FROM iotatrail.parse_events('{}', on_error => 'ignore');
SELECT count(*) FROM iotatrail.parse_events('{}', max_record_size => 'huge');
SELECT count(*) FROM iotatrail.parse_events('{}', event_source => '');

-- resource_arns: the ARNs of resources as text[], whatever a producer wrote
-- there (an array of objects, "", null, absent, odd elements)
CREATE TEMP TABLE arn_docs AS
SELECT ord, format('{"Records":[{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"E%s"%s}]}',
                   ord, CASE WHEN r IS NULL THEN '' ELSE ',"resources":' || r END) AS doc
FROM (VALUES (1, '[{"ARN":"arn:aws:iotanalytics:us-east-1:123456789012:channel/a","accountId":"123456789012","type":"AWS::IoTAnalytics::Channel"}]'),
             (2, '""'),
             (3, 'null'),
             (4, NULL),
             (5, '[]'),
             (6, '[{"type":"x"},"arn:not-an-object",{"ARN":5},{"ARN":"arn:b","ARN":"arn:c"},{"accountId":"1","ARN":"arn:aws:iotanalytics:us-east-1:123456789012:channel/a"}]'),
             (7, '{"ARN":"arn:an-object-not-an-array"}')) v(ord, r);
SELECT d.ord, jsonb_typeof(e.resources) AS resources_type, e.resource_arns
FROM arn_docs d, iotatrail.parse_events(d.doc) e ORDER BY d.ord;
-- "which events touched this ARN" needs no guard ...
SELECT d.ord FROM arn_docs d, iotatrail.parse_events(d.doc) e
WHERE 'arn:aws:iotanalytics:us-east-1:123456789012:channel/a' = ANY (e.resource_arns) ORDER BY 1;
-- ... where jsonb_array_elements(resources) fails on "" unless guarded
SELECT count(*) FROM arn_docs d, iotatrail.parse_events(d.doc) e, jsonb_array_elements(e.resources) r;
SELECT d.ord, r->>'ARN' AS arn FROM arn_docs d, iotatrail.parse_events(d.doc) e,
       jsonb_array_elements(iotatrail.json_array(e.resources)) r
WHERE r->>'ARN' IS NOT NULL ORDER BY 1, 2;
