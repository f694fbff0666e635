-- Issue 35: audit answers out of the box.  The detection catalog, the
-- findings view create_views makes over an events relation, and
-- audit_report, one self-contained HTML page per schema.

CREATE TABLE iotatrail.detections (
    id text PRIMARY KEY,
    title text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    technique_ids text[] NOT NULL,
    technique_names text[] NOT NULL,
    event_sources text[] NOT NULL,
    description text NOT NULL,
    check_next text NOT NULL,
    settings jsonb NOT NULL DEFAULT '{}',
    CHECK (cardinality(technique_ids) = cardinality(technique_names) AND cardinality(technique_ids) > 0)
);
COMMENT ON TABLE iotatrail.detections IS
'the detections of the findings views: severity, MITRE ATT&CK Enterprise techniques, what each means and what to check next, and the settings it uses';
COMMENT ON COLUMN iotatrail.detections.id IS 'the detection_id of its findings';
COMMENT ON COLUMN iotatrail.detections.title IS 'what it fires on, in a line';
COMMENT ON COLUMN iotatrail.detections.severity IS 'low, medium or high';
COMMENT ON COLUMN iotatrail.detections.technique_ids IS 'MITRE ATT&CK Enterprise technique ids (cloud matrix), e.g. T1562.008';
COMMENT ON COLUMN iotatrail.detections.technique_names IS 'the names of technique_ids, in the same order';
COMMENT ON COLUMN iotatrail.detections.event_sources IS 'the eventSource values it reads: silent over a relation that holds none of them (the iotatrail default event_source is IoT Analytics only)';
COMMENT ON COLUMN iotatrail.detections.description IS 'what a finding means';
COMMENT ON COLUMN iotatrail.detections.check_next IS 'what to check next';
COMMENT ON COLUMN iotatrail.detections.settings IS 'the thresholds and look-backs the findings views read, with their defaults';
GRANT SELECT ON iotatrail.detections TO PUBLIC;

INSERT INTO iotatrail.detections VALUES
('iotanalytics_resource_deleted', 'An IoT Analytics channel, datastore, dataset, pipeline or dataset content was deleted', 'high',
 '{T1485}', '{"Data Destruction"}', '{iotanalytics.amazonaws.com}',
 'A successful DeleteChannel, DeleteDatastore, DeleteDataset, DeletePipeline or DeleteDatasetContent: the data it held is gone and IoT Analytics, past its end of support, cannot recreate it.',
 'Was the deletion planned (change ticket, decommissioning)? Who else did the principal act on in the same session (resource_activity)? Is there a copy (customer-managed S3, exports)?', '{}'),
('iotanalytics_logging_changed', 'IoT Analytics logging was disabled or its level lowered', 'high',
 '{T1562.008}', '{"Impair Defenses: Disable or Modify Cloud Logs"}', '{iotanalytics.amazonaws.com}',
 'A successful PutLoggingOptions with enabled false, or with a level logging less than the previous PutLoggingOptions of the account and region in the trail (DEBUG > INFO > WARN > ERROR).',
 'Who changed it and was logging turned back on? What did the same principal do while logging was off?', '{}'),
('iotanalytics_retention_shortened', 'The retention of a channel or datastore was shortened', 'medium',
 '{T1485}', '{"Data Destruction"}', '{iotanalytics.amazonaws.com}',
 'A successful UpdateChannel or UpdateDatastore whose retentionPeriod keeps data fewer days than the resource''s previous retention in the trail (its last successful create or update), or replaces unlimited retention with a number of days. Silent for a resource whose earlier retention is not in the trail read.',
 'IoT Analytics deletes data older than the new retention within a day: is it still needed? Was the change reverted?', '{}'),
('iotanalytics_storage_redirected', 'A channel or datastore writes to customer-managed S3', 'medium',
 '{T1537}', '{"Transfer Data to Cloud Account"}', '{iotanalytics.amazonaws.com}',
 'A successful CreateChannel, UpdateChannel, CreateDatastore or UpdateDatastore with customerManagedS3 storage (also under iotSiteWiseMultiLayerStorage): the data goes to a bucket of the request''s choosing.',
 'Whose account owns the bucket and the role? Is the bucket in your inventory and its policy private?', '{}'),
('iotanalytics_pipeline_lambda', 'A pipeline runs a Lambda function', 'medium',
 '{T1648}', '{"Serverless Execution"}', '{iotanalytics.amazonaws.com}',
 'A successful CreatePipeline or UpdatePipeline whose activities include a lambda activity: every message passes through code outside IoT Analytics.',
 'Which function (lambdaName) is it, who owns it, and what does it do with the messages (network egress, writes)?', '{}'),
('iotanalytics_data_read_new_principal', 'A principal read IoT Analytics data for the first time in the look-back', 'medium',
 '{T1530}', '{"Data from Cloud Storage"}', '{iotanalytics.amazonaws.com}',
 'A successful SampleChannelData or GetDatasetContent by a principal with no successful such call in the look-back before it, among the events read (a time bound on the view starts the look-back at the bound).',
 'Is the principal an expected consumer of the data? Where did it call from, and what did it read next?', '{"lookback": "30 days"}'),
('iotanalytics_enumeration', 'One principal listed and described many IoT Analytics resources quickly', 'low',
 '{T1580}', '{"Cloud Infrastructure Discovery"}', '{iotanalytics.amazonaws.com}',
 'One principal calling at least min_actions distinct IoT Analytics List* or Describe* actions within the window (successful or not); one finding per burst, on the call that reaches the threshold.',
 'Is it a known inventory tool or console session? Did deletions, exports or permission changes follow?', '{"min_actions": 5, "within": "10 minutes"}'),
('access_denied_burst', 'Many access-denied errors for one principal', 'medium',
 '{T1580,T1078.004}', '{"Cloud Infrastructure Discovery","Valid Accounts: Cloud Accounts"}', '{*}',
 'One principal receiving at least min_errors AccessDenied, AccessDeniedException, UnauthorizedOperation or similar errors within the window; one finding per burst.',
 'Are the credentials stolen and being probed for permissions? Which actions were denied, and which succeeded from the same source IP?', '{"min_errors": 10, "within": "1 hour"}'),
('cloudtrail_logging_impaired', 'CloudTrail logging was stopped, deleted or narrowed', 'high',
 '{T1562.008}', '{"Impair Defenses: Disable or Modify Cloud Logs"}', '{cloudtrail.amazonaws.com}',
 'A successful StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors or DeleteEventDataStore: events after it may be missing from this very trail.',
 'Look for the gap that follows in the trail''s coverage, and for what the principal did just before.', '{}'),
('root_activity', 'The root user made a call', 'high',
 '{T1078.004}', '{"Valid Accounts: Cloud Accounts"}', '{*}',
 'Any call by the account''s root user, whose use AWS advises against except for a few account tasks.',
 'Was it one of the tasks only root can do? Was MFA used, and from which IP?', '{}'),
('console_login_without_mfa', 'A console login without MFA', 'medium',
 '{T1078.004}', '{"Valid Accounts: Cloud Accounts"}', '{signin.amazonaws.com}',
 'A successful ConsoleLogin whose additionalEventData says MFAUsed No.',
 'Does the user have MFA enforced? Is the source IP usual for the user?', '{}'),
('console_login_failures', 'Repeated failed console logins for one user', 'medium',
 '{T1110}', '{"Brute Force"}', '{signin.amazonaws.com}',
 'At least min_failures failed ConsoleLogin for one user name within the window; one finding per burst.',
 'From how many source IPs? Did a successful login follow?', '{"min_failures": 5, "within": "1 hour"}'),
('access_key_for_other_user', 'An access key was created for another user', 'high',
 '{T1098.001}', '{"Account Manipulation: Additional Cloud Credentials"}', '{iam.amazonaws.com}',
 'A successful IAM CreateAccessKey whose userName is not the calling IAM user''s own.',
 'Is the caller an administrator doing key rotation? Was the new key used, and from where?', '{}'),
('admin_policy_attached', 'Administrator access was granted', 'high',
 '{T1098.003}', '{"Account Manipulation: Additional Cloud Roles"}', '{iam.amazonaws.com}',
 'A successful AttachUserPolicy, AttachRolePolicy or AttachGroupPolicy of AdministratorAccess, or a PutUserPolicy, PutRolePolicy or PutGroupPolicy whose document allows "Action": "*" on "Resource": "*".',
 'Who received it and did they use it? Was it removed again?', '{}'),
('new_source_ip_for_principal', 'A principal called from a new IP address', 'low',
 '{T1078.004}', '{"Valid Accounts: Cloud Accounts"}', '{*}',
 'A call from a source IP the principal did not use in the look-back, by a principal that did call in the look-back from elsewhere (a principal''s first call is not "new"), among the events read.',
 'Is the IP one of your networks, a VPN or a cloud provider? Did the principal''s behaviour change from it?', '{"lookback": "30 days"}'),
('kms_key_deletion', 'A KMS key was scheduled for deletion or disabled', 'high',
 '{T1485}', '{"Data Destruction"}', '{kms.amazonaws.com}',
 'A successful ScheduleKeyDeletion or DisableKey: data encrypted under the key becomes unreadable.',
 'What does the key encrypt? Cancel the deletion within its waiting period if it was not intended.', '{}'),
('s3_bucket_made_public', 'An S3 bucket was opened to everyone', 'high',
 '{T1530}', '{"Data from Cloud Storage"}', '{s3.amazonaws.com}',
 'A successful PutBucketPolicy allowing Principal "*", a PutBucketAcl granting AllUsers or AuthenticatedUsers, or a DeletePublicAccessBlock.',
 'What does the bucket hold? Was it read from unknown IPs after the change?', '{}'),
('security_group_open_to_world', 'A security group was opened to the internet', 'medium',
 '{T1562.007}', '{"Impair Defenses: Disable or Modify Cloud Firewall"}', '{ec2.amazonaws.com}',
 'A successful AuthorizeSecurityGroupIngress from 0.0.0.0/0 or ::/0.',
 'Which ports, on which instances? Was the rule revoked?', '{}');

-- Running state of the findings views (detect_state.c): each call site
-- sees its query's rows in event-time order
CREATE FUNCTION iotatrail_internal.seen_within(key text, at timestamptz, span interval)
RETURNS boolean
AS 'MODULE_PATHNAME', 'iotatrail_seen_within'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
CREATE FUNCTION iotatrail_internal.recent_distinct(key text, value text, at timestamptz, span interval)
RETURNS integer
AS 'MODULE_PATHNAME', 'iotatrail_recent_distinct'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
CREATE FUNCTION iotatrail_internal.previous_value(key text, value text)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_previous_value'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION iotatrail_internal.seen_within(text, timestamptz, interval) IS
'internal to the findings views: whether this call site saw key in [at - span, at] on an earlier row of the query; records at';
COMMENT ON FUNCTION iotatrail_internal.recent_distinct(text, text, timestamptz, interval) IS
'internal to the findings views: records value for key at time at; the number of distinct values of key in (at - span, at] when value is new there, else 0';
COMMENT ON FUNCTION iotatrail_internal.previous_value(text, text) IS
'internal to the findings views: the value this call site recorded last for key on an earlier row of the query (NULL the first time); records value';

-- The columns of the findings query that test one event alone (level s):
-- those of IoT Analytics, then those of the account (IAM, sign-in,
-- CloudTrail, KMS, S3, EC2) and the keys of the bursts
CREATE FUNCTION iotatrail_internal.findings_iot_tests()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $f$
SELECT $t$
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('DeleteChannel', 'DeleteDatastore', 'DeleteDataset', 'DeletePipeline', 'DeleteDatasetContent')
                 THEN format('%s %s', e.event_name,
                             coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName',
                                      e.request_parameters ->> 'datasetName', e.request_parameters ->> 'pipelineName', '?'))
            END AS d_resource_deleted,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name = 'PutLoggingOptions'
                  AND iotatrail.json_boolean(e.request_parameters #> '{loggingOptions,enabled}') IS FALSE
                 THEN format('PutLoggingOptions enabled=false level=%s', coalesce(e.request_parameters #>> '{loggingOptions,level}', '?'))
            END AS d_logging_disabled,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name = 'PutLoggingOptions'
                  AND iotatrail.json_boolean(e.request_parameters #> '{loggingOptions,enabled}') IS NOT FALSE
                 THEN e.aws_region || ' ' || e.recipient_account_id
            END AS logging_key,
            upper(e.request_parameters #>> '{loggingOptions,level}') AS logging_level,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('CreateChannel', 'UpdateChannel', 'CreateDatastore', 'UpdateDatastore')
                 THEN format('%s %s %s %s', e.aws_region, e.recipient_account_id,
                             CASE WHEN e.event_name LIKE '%Channel' THEN 'channel' ELSE 'datastore' END,
                             coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName'))
            END AS retention_key,
            CASE WHEN iotatrail.json_boolean(e.request_parameters #> '{retentionPeriod,unlimited}') THEN 'unlimited'
                 ELSE iotatrail.json_integer(e.request_parameters #> '{retentionPeriod,numberOfDays}')::text
            END AS retention_value,
            e.event_name IN ('UpdateChannel', 'UpdateDatastore') AS retention_update,
            coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName') AS resource_name,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('CreateChannel', 'UpdateChannel', 'CreateDatastore', 'UpdateDatastore')
                  AND coalesce(e.request_parameters #> '{channelStorage,customerManagedS3}',
                               e.request_parameters #> '{datastoreStorage,customerManagedS3}',
                               e.request_parameters #> '{datastoreStorage,iotSiteWiseMultiLayerStorage,customerManagedS3Storage}') IS NOT NULL
                 THEN format('%s %s to bucket %s', e.event_name,
                             coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName', '?'),
                             coalesce(e.request_parameters #>> '{channelStorage,customerManagedS3,bucket}',
                                      e.request_parameters #>> '{datastoreStorage,customerManagedS3,bucket}',
                                      e.request_parameters #>> '{datastoreStorage,iotSiteWiseMultiLayerStorage,customerManagedS3Storage,bucket}', '?'))
            END AS d_storage_redirected,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('CreatePipeline', 'UpdatePipeline')
                  AND jsonb_path_exists(e.request_parameters, '$.pipelineActivities[*].lambda')
                 THEN format('%s %s runs lambda %s', e.event_name, coalesce(e.request_parameters ->> 'pipelineName', '?'),
                             coalesce(jsonb_path_query_first(e.request_parameters, '$.pipelineActivities[*].lambda.lambdaName') #>> '{}', '?'))
            END AS d_pipeline_lambda,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('SampleChannelData', 'GetDatasetContent')
                 THEN coalesce(e.principal_arn, e.user_name)
            END AS read_key,
            coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datasetName') AS read_name,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com'
                  AND (e.event_name LIKE 'List%' OR e.event_name LIKE 'Describe%')
                 THEN coalesce(e.principal_arn, e.user_name)
            END AS enumeration_key
$t$::text
$f$;
COMMENT ON FUNCTION iotatrail_internal.findings_iot_tests() IS
'internal to the findings query: its IoT Analytics tests of one event, as SQL select-list items over an events relation "e"';

CREATE FUNCTION iotatrail_internal.findings_account_tests()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $f$
SELECT $t$
            CASE WHEN e.error_code IN ('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation',
                                       'Client.UnauthorizedOperation', 'UnauthorizedAccess', 'UnauthorizedException')
                 THEN coalesce(e.principal_arn, e.user_name)
            END AS denied_key,
            e.error_code,
            CASE WHEN e.event_source = 'cloudtrail.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors',
                                       'PutInsightSelectors', 'DeleteEventDataStore')
                 THEN format('%s %s', e.event_name,
                             coalesce(e.request_parameters ->> 'name', e.request_parameters ->> 'trailName',
                                      e.request_parameters ->> 'eventDataStore', '?'))
            END AS d_cloudtrail_impaired,
            CASE WHEN e.identity_kind = 'root'
                 THEN format('%s %s', e.event_source, e.event_name)
            END AS d_root_activity,
            CASE WHEN e.event_source = 'signin.amazonaws.com' AND e.event_name = 'ConsoleLogin'
                  AND e.response_elements ->> 'ConsoleLogin' = 'Success'
                  AND e.additional_event_data ->> 'MFAUsed' = 'No'
                 THEN format('ConsoleLogin %s without MFA', coalesce(e.user_name, e.principal_arn, e.identity_kind, '?'))
            END AS d_login_without_mfa,
            CASE WHEN e.event_source = 'signin.amazonaws.com' AND e.event_name = 'ConsoleLogin'
                  AND (e.response_elements ->> 'ConsoleLogin' = 'Failure' OR e.error_code IS NOT NULL)
                 THEN coalesce(e.user_name, e.principal_arn, 'unknown user')
            END AS login_failed_key,
            CASE WHEN e.event_source = 'iam.amazonaws.com' AND e.error_code IS NULL AND e.event_name = 'CreateAccessKey'
                  AND e.request_parameters ->> 'userName' IS NOT NULL
                  AND (e.identity_kind IS DISTINCT FROM 'iam_user'
                       OR e.user_name IS DISTINCT FROM e.request_parameters ->> 'userName')
                 THEN format('CreateAccessKey for user %s by %s', e.request_parameters ->> 'userName',
                             coalesce(e.user_name, e.principal_arn, '?'))
            END AS d_access_key_other_user,
            CASE WHEN e.event_source = 'iam.amazonaws.com' AND e.error_code IS NULL
                  AND ((e.event_name IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
                        AND e.request_parameters ->> 'policyArn' LIKE 'arn:%:iam::aws:policy/AdministratorAccess')
                       OR (e.event_name IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
                           AND jsonb_path_exists(iotatrail_internal.jsonb_or_null(e.request_parameters ->> 'policyDocument'),
                               '$.Statement[*] ? (@.Effect == "Allow" && @.Action == "*" && @.Resource == "*")')))
                 THEN format('%s %s to %s', e.event_name,
                             coalesce(e.request_parameters ->> 'policyArn', e.request_parameters ->> 'policyName', '?'),
                             coalesce(e.request_parameters ->> 'userName', e.request_parameters ->> 'roleName',
                                      e.request_parameters ->> 'groupName', '?'))
            END AS d_admin_policy,
            CASE WHEN e.event_source = 'kms.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('ScheduleKeyDeletion', 'DisableKey')
                 THEN format('%s %s', e.event_name, coalesce(e.request_parameters ->> 'keyId', '?'))
            END AS d_kms_key,
            CASE WHEN e.event_source = 's3.amazonaws.com' AND e.error_code IS NULL
                  AND (e.event_name = 'DeletePublicAccessBlock'
                       OR (e.event_name = 'PutBucketPolicy'
                           AND jsonb_path_exists(coalesce(iotatrail.json_object(e.request_parameters -> 'bucketPolicy'),
                                                          iotatrail_internal.jsonb_or_null(e.request_parameters ->> 'bucketPolicy')),
                               '$.Statement[*] ? (@.Effect == "Allow" && (@.Principal == "*" || @.Principal.AWS == "*"))'))
                       OR (e.event_name = 'PutBucketAcl'
                           AND (jsonb_path_exists(e.request_parameters,
                                    '$.**.URI ? (@ like_regex "acs\\.amazonaws\\.com/groups/global/(AllUsers|AuthenticatedUsers)$")')
                                OR jsonb_path_exists(e.request_parameters,
                                    '$.** ? (@.type() == "string" && @ like_regex "uri=.*acs\\.amazonaws\\.com/groups/global/(AllUsers|AuthenticatedUsers)")'))))
                 THEN format('%s on bucket %s', e.event_name, coalesce(e.request_parameters ->> 'bucketName', '?'))
            END AS d_bucket_public,
            CASE WHEN e.event_source = 'ec2.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name = 'AuthorizeSecurityGroupIngress'
                  AND jsonb_path_exists(e.request_parameters,
                          '$.** ? (@.cidrIp == "0.0.0.0/0" || @.cidrIpv6 == "::/0")')
                 THEN format('AuthorizeSecurityGroupIngress %s from the internet',
                             coalesce(e.request_parameters ->> 'groupId', e.request_parameters ->> 'groupName', '?'))
            END AS d_security_group_open
$t$::text
$f$;
COMMENT ON FUNCTION iotatrail_internal.findings_account_tests() IS
'internal to the findings query: its tests of one event for the account (access denied, CloudTrail, root, sign-in, IAM, KMS, S3, EC2), as SQL select-list items over an events relation "e"';

-- The running state the findings view reads: each event of the source in
-- time order, its tests alone (@IOT_TESTS@, @ACCOUNT_TESTS@) and what the
-- stateful functions (detect_state.c) remember of the events before it.
-- A subquery of its own: ORDER BY keeps PostgreSQL from pulling it up, so
-- its functions run once per event, in order.
CREATE FUNCTION iotatrail_internal.findings_running_state(source regclass)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $frs$
SELECT replace(replace(replace($q$
    SELECT s.*,
        iotatrail_internal.previous_value(s.retention_key, s.retention_value) AS retention_before,
        iotatrail_internal.previous_value(s.logging_key, s.logging_level) AS logging_before,
        iotatrail_internal.seen_within(s.read_key, s.event_time,
            (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_data_read_new_principal')::interval) AS read_seen,
        iotatrail_internal.recent_distinct(s.enumeration_key, s.event_name, s.event_time,
            (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_enumeration')::interval) AS enumeration_actions,
        iotatrail_internal.recent_distinct(s.denied_key, s.row_key, s.event_time,
            (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'access_denied_burst')::interval) AS denied_calls,
        iotatrail_internal.recent_distinct(s.login_failed_key, s.row_key, s.event_time,
            (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'console_login_failures')::interval) AS login_failures,
        iotatrail_internal.seen_within(CASE WHEN s.source_ip IS NOT NULL THEN s.principal END, s.event_time,
            (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'new_source_ip_for_principal')::interval) AS principal_seen,
        iotatrail_internal.seen_within(s.principal || ' ' || host(s.source_ip), s.event_time,
            (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'new_source_ip_for_principal')::interval) AS principal_ip_seen
    FROM (
        SELECT e.event_time, e.event_id, e.event_name, e.recipient_account_id, e.aws_region,
            coalesce(e.principal_arn, e.user_name) AS principal,
            e.source_ip,
            coalesce(e.event_id::text, e.event_time::text || ' ' || e.event_name) AS row_key,
            -- the events tested alone: each detail, or NULL
            @IOT_TESTS@,
            @ACCOUNT_TESTS@
        FROM @SOURCE@ e
        ORDER BY e.event_time, e.event_id
    ) s
    -- ORDER BY keeps this level a subquery of its own (PostgreSQL does not
    -- pull it up into the view): its functions run once per event, in
    -- order, and a WHERE on event_time still passes through to s
    ORDER BY s.event_time, s.event_id
$q$, '@SOURCE@', source::text),
        '@IOT_TESTS@', iotatrail_internal.findings_iot_tests()),
        '@ACCOUNT_TESTS@', iotatrail_internal.findings_account_tests())
$frs$;
COMMENT ON FUNCTION iotatrail_internal.findings_running_state(regclass) IS
'internal to findings_query: the events of a relation in time order, with their single-event tests and the running state of the stateful detections';

-- The verdicts: for each detection, its detail from an event and the
-- running state, or NULL
CREATE FUNCTION iotatrail_internal.findings_verdicts()
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fv$
SELECT $q$
    ('iotanalytics_resource_deleted', w.d_resource_deleted),
    ('iotanalytics_logging_changed', coalesce(w.d_logging_disabled,
        CASE WHEN array_position('{ERROR,WARN,INFO,DEBUG}'::text[], w.logging_level)
                  < array_position('{ERROR,WARN,INFO,DEBUG}'::text[], w.logging_before)
             THEN format('PutLoggingOptions level %s, was %s', w.logging_level, w.logging_before) END)),
    ('iotanalytics_retention_shortened',
        CASE WHEN w.retention_update AND w.retention_value <> 'unlimited'
                  AND (w.retention_before = 'unlimited' OR w.retention_before::int > w.retention_value::int)
             THEN format('%s %s retention %s days, was %s', w.event_name, w.resource_name, w.retention_value,
                         CASE WHEN w.retention_before = 'unlimited' THEN 'unlimited' ELSE w.retention_before || ' days' END) END),
    ('iotanalytics_storage_redirected', w.d_storage_redirected),
    ('iotanalytics_pipeline_lambda', w.d_pipeline_lambda),
    ('iotanalytics_data_read_new_principal',
        CASE WHEN NOT w.read_seen THEN format('%s %s, first read by the principal in %s', w.event_name, w.read_name,
                  (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_data_read_new_principal')) END),
    ('iotanalytics_enumeration',
        CASE WHEN w.enumeration_actions = (SELECT dd.settings ->> 'min_actions' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_enumeration')::int
             THEN format('%s distinct List/Describe actions within %s, the last %s', w.enumeration_actions,
                         (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_enumeration'), w.event_name) END),
    ('access_denied_burst',
        CASE WHEN w.denied_calls = (SELECT dd.settings ->> 'min_errors' FROM iotatrail.detections dd WHERE dd.id = 'access_denied_burst')::int
             THEN format('%s access-denied errors within %s, the last %s on %s', w.denied_calls,
                         (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'access_denied_burst'), w.error_code, w.event_name) END),
    ('cloudtrail_logging_impaired', w.d_cloudtrail_impaired),
    ('root_activity', w.d_root_activity),
    ('console_login_without_mfa', w.d_login_without_mfa),
    ('console_login_failures',
        CASE WHEN w.login_failures = (SELECT dd.settings ->> 'min_failures' FROM iotatrail.detections dd WHERE dd.id = 'console_login_failures')::int
             THEN format('%s failed console logins for %s within %s', w.login_failures, w.login_failed_key,
                         (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'console_login_failures')) END),
    ('access_key_for_other_user', w.d_access_key_other_user),
    ('admin_policy_attached', w.d_admin_policy),
    ('new_source_ip_for_principal',
        CASE WHEN w.principal_seen AND NOT w.principal_ip_seen
             THEN format('%s from %s, not used by the principal in %s', w.event_name, host(w.source_ip),
                         (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'new_source_ip_for_principal')) END),
    ('kms_key_deletion', w.d_kms_key),
    ('s3_bucket_made_public', w.d_bucket_public),
    ('security_group_open_to_world', w.d_security_group_open)
$q$
$fv$;
COMMENT ON FUNCTION iotatrail_internal.findings_verdicts() IS
'internal to findings_query: a VALUES row (detection_id, detail) for each detection, read from the running state w';

-- The findings query over a relation of iotatrail.event columns: one read,
-- sorted by event time.  Level s reads and tests each event alone (a WHERE
-- on event_time given to the view is pushed into it, and so into the
-- foreign scan); level w adds the running state; each non-NULL detail is
-- a finding.
CREATE FUNCTION iotatrail_internal.findings_query(source regclass)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fq$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(need, ', ' ORDER BY need) INTO missing
      FROM unnest('{event_time,event_id,event_source,event_name,aws_region,recipient_account_id,principal_arn,identity_kind,user_name,source_ip,error_code,request_parameters,response_elements,additional_event_data}'::text[]) need
     WHERE NOT EXISTS (SELECT FROM pg_attribute
                        WHERE attrelid = source AND attname = need AND attnum > 0 AND NOT attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'relation % lacks columns the findings view reads: %', source, missing
            USING ERRCODE = 'undefined_column',
                  HINT = 'Give it every column of iotatrail.event, as IMPORT FOREIGN SCHEMA does.';
    END IF;
    RETURN format($q$
SELECT w.event_time,
    w.event_id,
    w.recipient_account_id,
    w.aws_region,
    w.principal,
    w.source_ip,
    v.detection_id,
    d.severity,
    d.technique_ids,
    v.detail
FROM (
%s) w
CROSS JOIN LATERAL (VALUES
%s) v(detection_id, detail)
JOIN iotatrail.detections d ON d.id = v.detection_id
WHERE v.detail IS NOT NULL
$q$, iotatrail_internal.findings_running_state(source),
        iotatrail_internal.findings_verdicts());
END
$fq$;
COMMENT ON FUNCTION iotatrail_internal.findings_query(regclass) IS
'internal to create_views and audit_report: the query of the findings view over a relation of iotatrail.event columns';

-- jsonb of a JSON text, NULL when it is not JSON (a policy document
-- CloudTrail logs as a string may be URL-encoded or cut)
CREATE FUNCTION iotatrail_internal.jsonb_or_null(document text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN document::jsonb;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION iotatrail_internal.jsonb_or_null(text) IS
'internal to the findings views: a JSON text as jsonb, NULL when it is not JSON (a policy document may be URL-encoded)';

-- The findings view of a schema over a relation (create_views calls it)
CREATE FUNCTION iotatrail_internal.create_findings_view(
    target_schema name, source regclass, limit_to text[] DEFAULT NULL, except_names text[] DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    IF NOT coalesce('findings' = ANY (limit_to), true) OR coalesce('findings' = ANY (except_names), false) THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE VIEW %I.findings AS %s', target_schema, iotatrail_internal.findings_query(source));
    EXECUTE format('COMMENT ON VIEW %I.findings IS %L', target_schema,
                   'one row per hit of a detection of iotatrail.detections; reads its relation once: a WHERE on event_time bounds the scan and the look-backs');
    FOR c IN SELECT * FROM (VALUES
            ('event_time', 'eventTime of the event that fired'),
            ('event_id', 'eventID of the event that fired'),
            ('recipient_account_id', 'recipientAccountId: the account that received the record'),
            ('aws_region', 'awsRegion'),
            ('principal', 'userIdentity.arn, else userIdentity.userName'),
            ('source_ip', 'sourceIPAddress as inet; NULL when it is a service name'),
            ('detection_id', 'the id of the detection in iotatrail.detections'),
            ('severity', 'low, medium or high'),
            ('technique_ids', 'MITRE ATT&CK technique ids (iotatrail.detections has their names)'),
            ('detail', 'the values that made it fire, in a line')) AS d(column_name, description) LOOP
        EXECUTE format('COMMENT ON COLUMN %I.findings.%I IS %L', target_schema, c.column_name, c.description);
    END LOOP;
    RETURN NEXT format('%I.findings', target_schema);
END
$$;
COMMENT ON FUNCTION iotatrail_internal.create_findings_view(name, regclass, text[], text[]) IS
'internal to create_views: makes and comments the findings view of a schema over a relation, unless limit_to leaves it out or except_names names it';

-- Text from the trail, safe in HTML text and attribute values
CREATE FUNCTION iotatrail_internal.html(value text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           coalesce($1, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION iotatrail_internal.html(text) IS
'internal to iotatrail.audit_report: text with & < > " and '' written as HTML character references (NULL as empty)';

-- One self-contained HTML page: the relation under the schema's findings
-- view is read once (into a temporary table) for the period, and every
-- section is computed from that copy
-- The sections of audit_report: each reads the temporary tables audit_report
-- fills, and returns its HTML

CREATE FUNCTION iotatrail_internal.report_head(report_schema name, src regclass)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
BEGIN
    RETURN format($h$<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>CloudTrail audit report: %1$s</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222; margin: 0; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%%; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f3f3f3; white-space: nowrap; } td.n, td.t { text-align: right; white-space: nowrap; } td.t { text-align: left; }
td.v { overflow-wrap: anywhere; }
.high { color: #fff; background: #c62828; } .medium { background: #ffb300; } .low { background: #cfe3f7; }
.sev { padding: 1px 6px; border-radius: 3px; font-weight: 600; white-space: nowrap; }
svg { max-width: 100%%; height: auto; display: block; } svg text { font-size: 11px; font-family: inherit; }
.legend span { display: inline-block; margin-right: 12px; font-size: 0.85em; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.note { color: #555; font-size: 0.9em; }
@media print { main { max-width: none; padding: 0; } body { font-size: 10pt; } section { break-inside: avoid-page; } h2 { break-after: avoid; } }
</style></head><body><main>
<h1>CloudTrail audit report</h1>
<p class="note">Schema <b>%1$s</b>, events from %2$s. Made by iotatrail %3$s on %4$s UTC. No script, no network: this file is all there is.</p>
$h$, iotatrail_internal.html(report_schema), iotatrail_internal.html(src::text),
        (SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'),
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'));
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_head(name, regclass) IS
'internal to iotatrail.audit_report: the head of the page (title, styles) and what it reads';

CREATE FUNCTION iotatrail_internal.report_coverage(period_from timestamptz, period_to timestamptz, first_at timestamptz, last_at timestamptz, n_events bigint, day0 timestamptz, n_days int)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
BEGIN
    -- period, accounts, regions, gaps
    SELECT format($h$<section id="coverage"><h2>Period and coverage</h2><table>
<tr><th>Period asked</th><td>%s to %s</td></tr>
<tr><th>Events read</th><td data-events="%s">%s, from %s to %s</td></tr>
<tr><th>Accounts</th><td>%s</td></tr>
<tr><th>Regions</th><td>%s</td></tr>
<tr><th>Event sources</th><td>%s</td></tr>
<tr><th>Days without events</th><td>%s</td></tr>
</table><p class="note">Days without events may be quiet days or missing log files: iotatrail.verify_digests checks the trail against CloudTrail's digests.</p></section>
$h$,
        coalesce(to_char(period_from AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), 'the start'),
        coalesce(to_char(period_to AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), 'the end'),
        n_events, n_events,
        coalesce(to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '-'),
        coalesce(to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '-'),
        coalesce((SELECT string_agg(iotatrail_internal.html(a) || ' (' || n || ')', ', ' ORDER BY a)
                    FROM (SELECT recipient_account_id a, count(*) n FROM pg_temp.iotatrail_report_events GROUP BY 1) x), '-'),
        coalesce((SELECT string_agg(iotatrail_internal.html(a) || ' (' || n || ')', ', ' ORDER BY a)
                    FROM (SELECT aws_region a, count(*) n FROM pg_temp.iotatrail_report_events GROUP BY 1) x), '-'),
        coalesce((SELECT string_agg(iotatrail_internal.html(a) || ' (' || n || ')', ', ' ORDER BY n DESC, a)
                    FROM (SELECT event_source a, count(*) n FROM pg_temp.iotatrail_report_events GROUP BY 1) x), '-'),
        coalesce((SELECT string_agg(to_char(d, 'YYYY-MM-DD'), ', ' ORDER BY d)
                    FROM (SELECT (day0 AT TIME ZONE 'UTC')::date + i AS d FROM generate_series(0, n_days - 1) i
                           WHERE first_at IS NOT NULL
                          EXCEPT SELECT DISTINCT (event_time AT TIME ZONE 'UTC')::date FROM pg_temp.iotatrail_report_events) x), 'none'))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_coverage(timestamptz, timestamptz, timestamptz, timestamptz, bigint, timestamptz, int) IS
'internal to iotatrail.audit_report: the period, accounts, regions, event sources and days without events';

CREATE FUNCTION iotatrail_internal.report_actions(day0 timestamptz, n_days int)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
    palette constant text[] := '{#1f77b4,#ff7f0e,#2ca02c,#d62728,#9467bd,#8c564b,#e377c2,#7f7f7f,#bcbd22,#17becf}';
BEGIN
    -- events per day by IoT Analytics action: stacked bars, the nine
    -- busiest actions and the rest
    WITH ranked AS (
        SELECT event_name, row_number() OVER (ORDER BY count(*) DESC, event_name) AS rk
          FROM pg_temp.iotatrail_report_events WHERE event_source = 'iotanalytics.amazonaws.com' GROUP BY 1),
    per AS (
        SELECT ((e.event_time AT TIME ZONE 'UTC')::date - (day0 AT TIME ZONE 'UTC')::date) AS i,
               least(r.rk, 10) AS k,
               CASE WHEN r.rk < 10 THEN r.event_name ELSE 'other actions' END AS label,
               count(*) AS n
          FROM pg_temp.iotatrail_report_events e JOIN ranked r USING (event_name)
         WHERE e.event_source = 'iotanalytics.amazonaws.com'
         GROUP BY 1, 2, 3),
    stacked AS (
        SELECT *, sum(n) OVER (PARTITION BY i ORDER BY k) AS top FROM per)
    SELECT format($h$<section id="actions"><h2>IoT Analytics events per day, by action</h2>
%s
<div class="legend">%s</div></section>
$h$,
        iotatrail_internal.svg_day_bars('chart-actions', 'IoT Analytics events per day by action', 300, 250, day0, n_days,
            (SELECT jsonb_agg(jsonb_build_object('i', i, 'top', top, 'n', n, 'fill', palette[k],
                                                 'title', format('%s %s: %s',
                                                                 to_char((day0 AT TIME ZONE 'UTC') + i * interval '24 hours', 'YYYY-MM-DD'),
                                                                 label, n))
                              ORDER BY i, k)
               FROM stacked)),
        coalesce((SELECT string_agg(format('<span><i style="background:%s"></i>%s</span>', palette[k],
                                           iotatrail_internal.html(label)), ' ' ORDER BY k)
                    FROM (SELECT DISTINCT k, label FROM per) l), '<span>no IoT Analytics events</span>'))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_actions(timestamptz, int) IS
'internal to iotatrail.audit_report: the chart of IoT Analytics events per day by action';

CREATE FUNCTION iotatrail_internal.report_failures(day0 timestamptz, n_days int)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
BEGIN
    -- failed calls per day, every service the relation holds
    SELECT format($h$<section id="failures"><h2>Failed calls per day</h2>
%s
<table><tr><th>Error code</th><th>Calls</th><th>Principals</th></tr>%s</table></section>
$h$,
        iotatrail_internal.svg_day_bars('chart-failures', 'failed calls per day', 220, 180, day0, n_days,
            (SELECT jsonb_agg(jsonb_build_object('i', i, 'top', n, 'n', n, 'fill', '#c62828',
                                                 'title', format('%s: %s failed',
                                                                 to_char((day0 AT TIME ZONE 'UTC') + i * interval '24 hours', 'YYYY-MM-DD'), n))
                              ORDER BY i)
               FROM (SELECT ((event_time AT TIME ZONE 'UTC')::date - (day0 AT TIME ZONE 'UTC')::date) AS i, count(*) AS n
                       FROM pg_temp.iotatrail_report_events WHERE error_code IS NOT NULL GROUP BY 1) x)),
        coalesce((SELECT string_agg(format('<tr><td>%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                           iotatrail_internal.html(error_code), n, p), '' ORDER BY n DESC, error_code)
                    FROM (SELECT error_code, count(*) n, count(DISTINCT principal_arn) p FROM pg_temp.iotatrail_report_events
                           WHERE error_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15) x),
                 '<tr><td colspan="3">no failed calls</td></tr>'))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_failures(timestamptz, int) IS
'internal to iotatrail.audit_report: the chart of failed calls per day and their error codes';

CREATE FUNCTION iotatrail_internal.report_lifecycle(first_at timestamptz, last_at timestamptz)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
    n_resources int;
    lifecycle_cap constant int := 150;
BEGIN
    -- the lifecycle of each IoT Analytics resource: its successful
    -- creates, updates and deletes on the period's time axis
    CREATE TEMPORARY TABLE iotatrail_report_changes ON COMMIT DROP AS
    SELECT a.resource_type, e.aws_region, e.recipient_account_id,
           coalesce(e.request_parameters ->> av.name_member, e.response_elements ->> av.name_member) AS resource_name,
           a.verb, e.event_time
      FROM pg_temp.iotatrail_report_events e
      JOIN iotanalytics.actions a ON a.action = e.event_name
      JOIN iotatrail.action_views av ON av.action = e.event_name
     WHERE e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
       AND a.verb IN ('create', 'update', 'delete') AND a.resource_type IN ('channel', 'datastore', 'dataset', 'pipeline')
       AND coalesce(e.request_parameters ->> av.name_member, e.response_elements ->> av.name_member) IS NOT NULL;
    SELECT count(*) INTO n_resources
      FROM (SELECT DISTINCT resource_type, aws_region, recipient_account_id, resource_name FROM pg_temp.iotatrail_report_changes) x;
    WITH res AS (
        SELECT resource_type, aws_region, recipient_account_id, resource_name,
               min(event_time) AS since, max(event_time) FILTER (WHERE verb = 'delete') AS deleted,
               row_number() OVER (ORDER BY min(event_time), resource_type, resource_name, aws_region, recipient_account_id) - 1 AS row_no
          FROM pg_temp.iotatrail_report_changes
         GROUP BY 1, 2, 3, 4),
    span AS (SELECT coalesce(first_at, now()) AS t0,
                    greatest(extract(epoch FROM coalesce(last_at, now()) - coalesce(first_at, now())), 1) AS secs)
    SELECT format($h$<section id="lifecycle"><h2>Lifecycle of IoT Analytics resources</h2>
<p class="note">%1$s resources changed in the period%2$s. <span style="color:#2ca02c">&#9679; created</span> <span style="color:#1f77b4">&#9670; updated</span> <span style="color:#c62828">&#10006; deleted</span></p>
<svg id="chart-lifecycle" class="chart" xmlns="http://www.w3.org/2000/svg" width="1160" height="%3$s" viewBox="0 0 1160 %3$s" role="img" aria-label="resource lifecycle" data-resources="%1$s">
<text x="330" y="14">%4$s</text><text x="1150" y="14" text-anchor="end">%5$s</text>
%6$s</svg></section>
$h$, n_resources,
        CASE WHEN n_resources > lifecycle_cap THEN format(' (the first %s shown)', lifecycle_cap) ELSE '' END,
        40 + 18 * least(greatest(n_resources, 1), lifecycle_cap),
        coalesce(to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ''),
        coalesce(to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ''),
        coalesce((SELECT string_agg(format(
                    '<g class="resource" data-type="%s"><title>%s %s (%s, %s)</title><text x="4" y="%s">%s</text><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#999" stroke-width="2"/>%s</g>',
                    iotatrail_internal.html(r.resource_type),
                    iotatrail_internal.html(r.resource_type), iotatrail_internal.html(r.resource_name),
                    iotatrail_internal.html(r.aws_region), iotatrail_internal.html(r.recipient_account_id),
                    34 + 18 * r.row_no,
                    iotatrail_internal.html(left(r.resource_type || ' ' || r.resource_name, 40) || ' (' || r.aws_region || ')'),
                    round(330 + 820 * extract(epoch FROM r.since - s.t0) / s.secs, 1), 30 + 18 * r.row_no,
                    round(330 + 820 * extract(epoch FROM coalesce(r.deleted, last_at, r.since) - s.t0) / s.secs, 1), 30 + 18 * r.row_no,
                    (SELECT string_agg(CASE c.verb
                              WHEN 'create' THEN format('<circle cx="%s" cy="%s" r="5" fill="#2ca02c"/>', x, y)
                              WHEN 'update' THEN format('<path d="M%s %s l5 5 l-5 5 l-5 -5 z" fill="#1f77b4"/>', x, y - 5)
                              ELSE format('<path d="M%s %s l8 8 m0 -8 l-8 8" stroke="#c62828" stroke-width="2.5"/>', x - 4, y - 4)
                            END, '' ORDER BY c.x, array_position('{create,update,delete}'::text[], c.verb))
                       -- one marker of a kind per pixel: a resource updated
                       -- thousands of times stays a small page
                       FROM (SELECT DISTINCT c.verb,
                                    round(330 + 820 * extract(epoch FROM c.event_time - s.t0) / s.secs) AS x,
                                    30 + 18 * r.row_no AS y
                               FROM pg_temp.iotatrail_report_changes c
                              WHERE (c.resource_type, c.aws_region, c.recipient_account_id, c.resource_name)
                                    = (r.resource_type, r.aws_region, r.recipient_account_id, r.resource_name)) c)),
                    E'\n' ORDER BY r.row_no)
                    FROM res r, span s WHERE r.row_no < lifecycle_cap), '<text x="4" y="34">no resource was created, updated or deleted</text>'))
      INTO part;
    DROP TABLE pg_temp.iotatrail_report_changes;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_lifecycle(timestamptz, timestamptz) IS
'internal to iotatrail.audit_report: the lifecycle chart of the IoT Analytics resources';

CREATE FUNCTION iotatrail_internal.report_people()
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
BEGIN
    -- who and from where
    SELECT format($h$<section id="principals"><h2>Top principals</h2>
<table><tr><th>Principal</th><th>Kind</th><th>Calls</th><th>Failed</th><th>First</th><th>Last</th></tr>%s</table>
<h2>Top source IPs</h2>
<table><tr><th>Source IP or service</th><th>Calls</th><th>Failed</th><th>Principals</th></tr>%s</table>
<h2>Top user agents</h2>
<table><tr><th>User agent</th><th>Calls</th></tr>%s</table></section>
$h$,
        coalesce((SELECT string_agg(format('<tr class="principal"><td class="v">%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td><td>%s</td><td>%s</td></tr>',
                                           iotatrail_internal.html(p), iotatrail_internal.html(k), n, f,
                                           to_char(t0 AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
                                           to_char(t1 AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')), '' ORDER BY n DESC, p)
                    FROM (SELECT coalesce(principal_arn, user_name, '(none)') p, string_agg(DISTINCT identity_kind, ', ') k,
                                 count(*) n, count(error_code) f, min(event_time) t0, max(event_time) t1
                            FROM pg_temp.iotatrail_report_events GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 20) x), ''),
        coalesce((SELECT string_agg(format('<tr class="source-ip"><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                           iotatrail_internal.html(ip), n, f, p), '' ORDER BY n DESC, ip)
                    FROM (SELECT coalesce(source_ip_address, '(none)') ip, count(*) n, count(error_code) f,
                                 count(DISTINCT coalesce(principal_arn, user_name)) p
                            FROM pg_temp.iotatrail_report_events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20) x), ''),
        coalesce((SELECT string_agg(format('<tr class="user-agent"><td class="v">%s</td><td class="n">%s</td></tr>',
                                           iotatrail_internal.html(ua), n), '' ORDER BY n DESC, ua)
                    FROM (SELECT coalesce(user_agent, '(none)') ua, count(*) n
                            FROM pg_temp.iotatrail_report_events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10) x), ''))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_people() IS
'internal to iotatrail.audit_report: the top principals, source IPs and user agents';

CREATE FUNCTION iotatrail_internal.report_findings()
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
    n_findings bigint := (SELECT count(*) FROM pg_temp.iotatrail_report_findings);
    list_cap constant int := 500;
BEGIN
    -- findings by severity, with their techniques, then each finding
    SELECT format($h$<section id="findings" data-findings="%s"><h2>Findings by severity</h2>
<table id="findings-summary"><tr><th>Severity</th><th>Detection</th><th>MITRE ATT&amp;CK techniques</th><th>Findings</th><th>Check next</th></tr>%s</table>
<h2>Findings</h2>%s
<table id="findings-list"><tr><th>Time (UTC)</th><th>Severity</th><th>Detection</th><th>Principal</th><th>Source IP</th><th>Account, region</th><th>Detail</th></tr>%s</table></section>
$h$, n_findings,
        coalesce((SELECT string_agg(format('<tr class="detection" data-detection="%s" data-count="%s"><td><span class="sev %s">%s</span></td><td><b>%s</b><br>%s</td><td>%s</td><td class="n">%s</td><td>%s</td></tr>',
                                           d.id, x.n, d.severity, d.severity, d.id, iotatrail_internal.html(d.title),
                                           (SELECT string_agg(iotatrail_internal.html(t || ' ' || nm), '<br>' ORDER BY o)
                                              FROM unnest(d.technique_ids, d.technique_names) WITH ORDINALITY u(t, nm, o)),
                                           x.n, iotatrail_internal.html(d.check_next)),
                                    '' ORDER BY array_position('{high,medium,low}'::text[], d.severity), x.n DESC, d.id)
                    FROM (SELECT detection_id, count(*) n FROM pg_temp.iotatrail_report_findings GROUP BY 1) x
                    JOIN iotatrail.detections d ON d.id = x.detection_id),
                 '<tr><td colspan="5">no findings</td></tr>'),
        CASE WHEN n_findings > list_cap THEN format('<p class="note">The first %s of %s findings, most severe first; the findings view has them all.</p>', list_cap, n_findings) ELSE '' END,
        coalesce((SELECT string_agg(format('<tr class="finding" data-detection="%s"><td class="t">%s</td><td><span class="sev %s">%s</span></td><td>%s</td><td class="v">%s</td><td>%s</td><td>%s %s</td><td class="v">%s</td></tr>',
                                           f.detection_id, to_char(f.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
                                           f.severity, f.severity, f.detection_id, iotatrail_internal.html(f.principal),
                                           iotatrail_internal.html(host(f.source_ip)), iotatrail_internal.html(f.recipient_account_id),
                                           iotatrail_internal.html(f.aws_region), iotatrail_internal.html(f.detail)),
                                    '' ORDER BY f.o)
                    FROM (SELECT *, row_number() OVER (ORDER BY array_position('{high,medium,low}'::text[], severity), event_time, detection_id) o
                            FROM pg_temp.iotatrail_report_findings) f WHERE f.o <= list_cap), ''))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_findings() IS
'internal to iotatrail.audit_report: the findings by severity with their techniques, and the findings';

-- The events relation a schema's findings view reads, for audit_report
CREATE FUNCTION iotatrail_internal.report_source(schema name)
RETURNS regclass
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $rs$
DECLARE
    fv regclass := to_regclass(format('%I.findings', report_source.schema));
    src regclass;
    n_src int;
BEGIN
    IF fv IS NULL THEN
        RAISE EXCEPTION 'schema "%" has no findings view', report_source.schema
            USING ERRCODE = 'undefined_table',
                  HINT = 'IMPORT FOREIGN SCHEMA and iotatrail.create_views make it.';
    END IF;
    SELECT count(DISTINCT d.refobjid), min(d.refobjid::regclass::text)::regclass INTO n_src, src
      FROM pg_rewrite r
      JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                      AND d.refclassid = 'pg_class'::regclass
     WHERE r.ev_class = fv AND d.refobjid NOT IN (fv, 'iotatrail.detections'::regclass);
    IF n_src <> 1 THEN
        RAISE EXCEPTION 'view %.findings does not read one events relation', report_source.schema
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Drop it and make it again with iotatrail.create_views.';
    END IF;
    RETURN src;
END
$rs$;
COMMENT ON FUNCTION iotatrail_internal.report_source(name) IS
'internal to iotatrail.audit_report: the one events relation the findings view of a schema reads';

CREATE FUNCTION iotatrail.audit_report(
    schema name,
    "from" timestamptz DEFAULT NULL,
    "to" timestamptz DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $report$
DECLARE
    src regclass := iotatrail_internal.report_source(audit_report.schema);
    bounds text := '';
    first_at timestamptz;
    last_at timestamptz;
    n_events bigint;
    n_days int;
    day0 timestamptz;
    html text;
BEGIN
    IF audit_report."from" > audit_report."to" THEN
        RAISE EXCEPTION 'the report period ends before it starts'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- the one read: the bounds are literals, so a foreign scan is pruned
    IF audit_report."from" IS NOT NULL THEN
        bounds := format(' AND event_time >= %L::timestamptz', audit_report."from");
    END IF;
    IF audit_report."to" IS NOT NULL THEN
        bounds := bounds || format(' AND event_time < %L::timestamptz', audit_report."to");
    END IF;
    -- left by a call that failed earlier in this transaction's savepoints
    IF to_regclass('pg_temp.iotatrail_report_events') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_report_events;
    END IF;
    IF to_regclass('pg_temp.iotatrail_report_findings') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_report_findings;
    END IF;
    IF to_regclass('pg_temp.iotatrail_report_changes') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_report_changes;
    END IF;
    EXECUTE format('CREATE TEMPORARY TABLE iotatrail_report_events AS
        SELECT event_time, event_id, event_source, event_name, aws_region, recipient_account_id, principal_arn,
               identity_kind, user_name, source_ip, source_ip_address, user_agent, error_code,
               request_parameters, response_elements, additional_event_data
          FROM %s WHERE event_time IS NOT NULL%s', src, bounds);
    EXECUTE 'CREATE TEMPORARY TABLE iotatrail_report_findings AS '
            || iotatrail_internal.findings_query('pg_temp.iotatrail_report_events'::regclass);

    SELECT min(event_time), max(event_time), count(*) INTO first_at, last_at, n_events
      FROM pg_temp.iotatrail_report_events;
    day0 := date_trunc('day', coalesce(first_at, now()), 'UTC');
    n_days := greatest(1, (coalesce(last_at, now()) AT TIME ZONE 'UTC')::date - (day0 AT TIME ZONE 'UTC')::date + 1);

    html := iotatrail_internal.report_head(audit_report.schema, src)
        || iotatrail_internal.report_coverage(audit_report."from", audit_report."to", first_at, last_at, n_events, day0, n_days)
        || iotatrail_internal.report_actions(day0, n_days)
        || iotatrail_internal.report_failures(day0, n_days)
        || iotatrail_internal.report_lifecycle(first_at, last_at)
        || iotatrail_internal.report_people()
        || iotatrail_internal.report_findings()
        || E'</main></body></html>\n';

    DROP TABLE pg_temp.iotatrail_report_events, pg_temp.iotatrail_report_findings;
    RETURN html;
END
$report$;

COMMENT ON FUNCTION iotatrail.audit_report(name, timestamptz, timestamptz) IS
'one self-contained HTML page (no script, no network) on the events under a schema''s findings view, from "from" (inclusive) to "to" (exclusive): period, accounts, regions, days without events, charts of IoT Analytics events and failed calls per day and of each resource''s lifecycle, top principals, source IPs and user agents, and the findings with their MITRE ATT&CK techniques';

-- Day labels under a chart: about ten, evenly spaced
CREATE FUNCTION iotatrail_internal.day_ticks(day0 timestamptz, n_days int, left_m int, plot_w int, y int)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.string_agg(pg_catalog.format('<text x="%s" y="%s" text-anchor="middle">%s</text>',
                                               pg_catalog.round($3 + (i + 0.5) * $4::numeric / $2, 1), $5,
                                               pg_catalog.to_char($1 AT TIME ZONE 'UTC' + i * interval '24 hours', 'YYYY-MM-DD')), '')
  FROM pg_catalog.generate_series(0, $2 - 1, greatest(1, pg_catalog.ceil($2 / 10.0)::int)) i
$$;
COMMENT ON FUNCTION iotatrail_internal.day_ticks(timestamptz, int, int, int, int) IS
'internal to iotatrail.audit_report: the date labels of a chart''s day axis';

-- A bar chart over the report's days: axes, the scale's top, one bar per
-- element of bars ({i: day, top: where the bar ends, n: its height, both
-- in events; fill; title}, stacked bars end at their running total), and
-- the day labels.  The plot is 1040 px wide, from y = 20 down to the axis
-- at y = base.
CREATE FUNCTION iotatrail_internal.svg_day_bars(chart_id text, aria text, height int, base int,
                                                day0 timestamptz, n_days int, bars jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.format($h$<svg id="%1$s" class="chart" xmlns="http://www.w3.org/2000/svg" width="1160" height="%2$s" viewBox="0 0 1160 %2$s" role="img" aria-label="%3$s">
<line x1="70" y1="%4$s" x2="1110" y2="%4$s" stroke="#444"/><line x1="70" y1="20" x2="70" y2="%4$s" stroke="#444"/>
<text x="66" y="24" text-anchor="end">%5$s</text><text x="66" y="%4$s" text-anchor="end">0</text>
%6$s%7$s</svg>$h$,
    chart_id, height, iotatrail_internal.html(aria), base, s.ymax,
    coalesce((SELECT pg_catalog.string_agg(
                  pg_catalog.format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>',
                                    pg_catalog.round(70 + (b->>'i')::int * s.bar_w + s.bar_w * 0.1, 2),
                                    pg_catalog.round(base - (base - 20)::numeric * (b->>'top')::bigint / s.ymax, 2),
                                    pg_catalog.round(greatest(s.bar_w * 0.8, 0.5), 2),
                                    pg_catalog.round((base - 20)::numeric * (b->>'n')::bigint / s.ymax, 2),
                                    b->>'fill', iotatrail_internal.html(b->>'title')), E'\n' ORDER BY o)
                FROM pg_catalog.jsonb_array_elements(bars) WITH ORDINALITY AS e(b, o)), ''),
    iotatrail_internal.day_ticks(day0, n_days, 70, 1040, base + 16))
  FROM (SELECT 1040::numeric / n_days AS bar_w,
               coalesce((SELECT pg_catalog.max((b->>'top')::bigint) FROM pg_catalog.jsonb_array_elements(bars) b), 0) AS ymax) s
$$;
COMMENT ON FUNCTION iotatrail_internal.svg_day_bars(text, text, int, int, timestamptz, int, jsonb) IS
'internal to iotatrail.audit_report: a bar chart of events per day, as inline SVG';
