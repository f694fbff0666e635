-- iotatrail install script: the event type, the functions and the FDW.
\echo Use "CREATE EXTENSION iotatrail" to load this file. \quit

-- Functions check their own privileges (server files, user mappings)
GRANT USAGE ON SCHEMA iotatrail TO PUBLIC;

-- What only the extension's own code calls (the event trigger, the steps
-- of sync and verify_digests) lives apart, out of the user's
-- \df iotatrail.*; everyone may call it, as before, and it checks
-- privileges as the public functions do; comments.sql comments it.
CREATE SCHEMA iotatrail_internal;
GRANT USAGE ON SCHEMA iotatrail_internal TO PUBLIC;

CREATE FUNCTION iotatrail.event_columns(
    OUT column_position int, OUT column_name text, OUT column_type regtype, OUT description text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iotatrail_event_columns'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION iotatrail.event_columns() IS
'the columns of iotatrail.event, in order, with their meaning';

-- The event type, written out.  Its columns are the C column catalogue's
-- (event_columns.c, listed by iotatrail.event_columns()); the regression
-- test event_type compares the two, so they cannot drift apart.
CREATE TYPE iotatrail.event AS (
    event_time                      timestamp with time zone,
    event_version                   text,
    event_source                    text,
    event_name                      text,
    aws_region                      text,
    source_ip_address               text,
    source_ip                       inet,
    user_agent                      text,
    request_id                      text,
    event_id                        uuid,
    event_type                      text,
    event_category                  text,
    api_version                     text,
    read_only                       boolean,
    management_event                boolean,
    recipient_account_id            text,
    shared_event_id                 text,
    vpc_endpoint_id                 text,
    vpc_endpoint_account_id         text,
    error_code                      text,
    error_message                   text,
    session_credential_from_console boolean,
    tls_version                     text,
    cipher_suite                    text,
    client_provided_host_header     text,
    tls_key_exchange                text,
    identity_type                   text,
    identity_kind                   text,
    principal_id                    text,
    principal_arn                   text,
    account_id                      text,
    access_key_id                   text,
    user_name                       text,
    invoked_by                      text,
    session_name                    text,
    temporary_credentials           boolean,
    mfa_authenticated               boolean,
    session_created_at              timestamp with time zone,
    session_issuer_type             text,
    session_issuer_principal_id     text,
    session_issuer_arn              text,
    session_issuer_user_name        text,
    session_issuer_account_id       text,
    source_identity                 text,
    identity_provider               text,
    user_identity                   jsonb,
    request_parameters              jsonb,
    response_elements               jsonb,
    additional_event_data           jsonb,
    resources                       jsonb,
    service_event_details           jsonb,
    addendum                        jsonb,
    edge_device_details             jsonb,
    insight_details                 jsonb,
    event_context                   jsonb,
    record                          jsonb,
    source_object                   text,
    record_index                    integer,
    record_offset                   bigint,
    resource_arns                   text[]
);

COMMENT ON COLUMN iotatrail.event.event_time IS 'eventTime: when the request completed (UTC)';
COMMENT ON COLUMN iotatrail.event.event_version IS 'eventVersion: record format version';
COMMENT ON COLUMN iotatrail.event.event_source IS 'eventSource: the service called';
COMMENT ON COLUMN iotatrail.event.event_name IS 'eventName: the API action';
COMMENT ON COLUMN iotatrail.event.aws_region IS 'awsRegion';
COMMENT ON COLUMN iotatrail.event.source_ip_address IS 'sourceIPAddress as written: an address or a service name';
COMMENT ON COLUMN iotatrail.event.source_ip IS 'sourceIPAddress as inet; NULL when it is a service name';
COMMENT ON COLUMN iotatrail.event.user_agent IS 'userAgent';
COMMENT ON COLUMN iotatrail.event.request_id IS 'requestID';
COMMENT ON COLUMN iotatrail.event.event_id IS 'eventID: CloudTrail''s unique id of the record';
COMMENT ON COLUMN iotatrail.event.event_type IS 'eventType: AwsApiCall, AwsServiceEvent, ...';
COMMENT ON COLUMN iotatrail.event.event_category IS 'eventCategory: Management, Data, Insight, NetworkActivity';
COMMENT ON COLUMN iotatrail.event.api_version IS 'apiVersion';
COMMENT ON COLUMN iotatrail.event.read_only IS 'readOnly';
COMMENT ON COLUMN iotatrail.event.management_event IS 'managementEvent';
COMMENT ON COLUMN iotatrail.event.recipient_account_id IS 'recipientAccountId: the account that received the record';
COMMENT ON COLUMN iotatrail.event.shared_event_id IS 'sharedEventID';
COMMENT ON COLUMN iotatrail.event.vpc_endpoint_id IS 'vpcEndpointId';
COMMENT ON COLUMN iotatrail.event.vpc_endpoint_account_id IS 'vpcEndpointAccountId';
COMMENT ON COLUMN iotatrail.event.error_code IS 'errorCode: NULL when the call succeeded';
COMMENT ON COLUMN iotatrail.event.error_message IS 'errorMessage';
COMMENT ON COLUMN iotatrail.event.session_credential_from_console IS 'sessionCredentialFromConsole';
COMMENT ON COLUMN iotatrail.event.tls_version IS 'tlsDetails.tlsVersion';
COMMENT ON COLUMN iotatrail.event.cipher_suite IS 'tlsDetails.cipherSuite';
COMMENT ON COLUMN iotatrail.event.client_provided_host_header IS 'tlsDetails.clientProvidedHostHeader';
COMMENT ON COLUMN iotatrail.event.tls_key_exchange IS 'tlsDetails.keyExchange';
COMMENT ON COLUMN iotatrail.event.identity_type IS 'userIdentity.type as written';
COMMENT ON COLUMN iotatrail.event.identity_kind IS 'who called: root, iam_user, assumed_role, federated_user, aws_service, aws_account, identity_center_user, saml_user, web_identity_user, directory, unknown';
COMMENT ON COLUMN iotatrail.event.principal_id IS 'userIdentity.principalId';
COMMENT ON COLUMN iotatrail.event.principal_arn IS 'userIdentity.arn';
COMMENT ON COLUMN iotatrail.event.account_id IS 'userIdentity.accountId: the account that owns the principal';
COMMENT ON COLUMN iotatrail.event.access_key_id IS 'userIdentity.accessKeyId';
COMMENT ON COLUMN iotatrail.event.user_name IS 'userIdentity.userName';
COMMENT ON COLUMN iotatrail.event.invoked_by IS 'userIdentity.invokedBy: the AWS service that made the call';
COMMENT ON COLUMN iotatrail.event.session_name IS 'role session name (principalId after '':'') for assumed roles';
COMMENT ON COLUMN iotatrail.event.temporary_credentials IS 'true when the call used temporary credentials (session context or an ASIA key)';
COMMENT ON COLUMN iotatrail.event.mfa_authenticated IS 'sessionContext.attributes.mfaAuthenticated';
COMMENT ON COLUMN iotatrail.event.session_created_at IS 'sessionContext.attributes.creationDate';
COMMENT ON COLUMN iotatrail.event.session_issuer_type IS 'sessionContext.sessionIssuer.type';
COMMENT ON COLUMN iotatrail.event.session_issuer_principal_id IS 'sessionContext.sessionIssuer.principalId';
COMMENT ON COLUMN iotatrail.event.session_issuer_arn IS 'sessionContext.sessionIssuer.arn: the role or user that issued the session';
COMMENT ON COLUMN iotatrail.event.session_issuer_user_name IS 'sessionContext.sessionIssuer.userName';
COMMENT ON COLUMN iotatrail.event.session_issuer_account_id IS 'sessionContext.sessionIssuer.accountId';
COMMENT ON COLUMN iotatrail.event.source_identity IS 'sessionContext.sourceIdentity';
COMMENT ON COLUMN iotatrail.event.identity_provider IS 'userIdentity.identityProvider, or webIdFederationData.federatedProvider';
COMMENT ON COLUMN iotatrail.event.user_identity IS 'userIdentity';
COMMENT ON COLUMN iotatrail.event.request_parameters IS 'requestParameters';
COMMENT ON COLUMN iotatrail.event.response_elements IS 'responseElements';
COMMENT ON COLUMN iotatrail.event.additional_event_data IS 'additionalEventData';
COMMENT ON COLUMN iotatrail.event.resources IS 'resources';
COMMENT ON COLUMN iotatrail.event.service_event_details IS 'serviceEventDetails';
COMMENT ON COLUMN iotatrail.event.addendum IS 'addendum';
COMMENT ON COLUMN iotatrail.event.edge_device_details IS 'edgeDeviceDetails';
COMMENT ON COLUMN iotatrail.event.insight_details IS 'insightDetails';
COMMENT ON COLUMN iotatrail.event.event_context IS 'eventContext';
COMMENT ON COLUMN iotatrail.event.record IS 'the whole record';
COMMENT ON COLUMN iotatrail.event.source_object IS 'path or URL of the log file';
COMMENT ON COLUMN iotatrail.event.record_index IS '0-based position of the record in its log file';
COMMENT ON COLUMN iotatrail.event.record_offset IS 'uncompressed byte offset of the record in its log file';
COMMENT ON COLUMN iotatrail.event.resource_arns IS 'resources[].ARN as text[]: {} when no element names one; NULL when resources is absent, null or not an array';

COMMENT ON TYPE iotatrail.event IS
'one CloudTrail record as a typed event; foreign tables of the iotatrail wrapper take any subset of these columns, matched by name';

-- The scan, one row per call: in a target list (or inlined from read_events)
-- each row is returned as soon as it is read
CREATE OR REPLACE FUNCTION iotatrail.read_events_rows(
    location text,
    event_source text DEFAULT 'iotanalytics.amazonaws.com',
    on_error text DEFAULT 'error',
    max_record_size text DEFAULT '64MB',
    server text DEFAULT NULL)
RETURNS SETOF iotatrail.event
AS 'MODULE_PATHNAME', 'iotatrail_read_events'
LANGUAGE C VOLATILE PARALLEL SAFE;

-- A SQL function PostgreSQL inlines into the calling query (so it is STABLE
-- and has no SET clause, which would stop the inlining): its rows stream,
-- where a C function's rows in FROM are collected in a tuplestore before
-- the first one comes.  The body names only schema-qualified objects and
-- its own parameters, so the caller's search_path cannot change what it
-- runs.  Arguments with volatile functions or sub-selects are not inlined
-- (PostgreSQL's rule); the rows then come as from a C function.
CREATE OR REPLACE FUNCTION iotatrail.read_events(
    location text,
    event_source text DEFAULT 'iotanalytics.amazonaws.com',
    on_error text DEFAULT 'error',
    max_record_size text DEFAULT '64MB',
    server text DEFAULT NULL)
RETURNS SETOF iotatrail.event
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT (e).* FROM (SELECT iotatrail.read_events_rows($1, $2, $3, $4, $5) AS e) AS s
$$;

COMMENT ON FUNCTION iotatrail.read_events(text, text, text, text, text) IS
'events of the CloudTrail log files at a location: a file, a directory (recursive), a glob, or s3://bucket/prefix (through server, with your user mapping); event_source ''*'' keeps every service';

-- The objects named, in that order, with no walk and no listing: the scan
-- sync loads a batch with.  Rows as from read_events_rows; read_objects
-- below inlines it the same way.
CREATE OR REPLACE FUNCTION iotatrail.read_objects_rows(
    objects text[],
    event_source text DEFAULT 'iotanalytics.amazonaws.com',
    on_error text DEFAULT 'error',
    max_record_size text DEFAULT '64MB',
    server text DEFAULT NULL)
RETURNS SETOF iotatrail.event
AS 'MODULE_PATHNAME', 'iotatrail_read_objects'
LANGUAGE C VOLATILE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION iotatrail.read_objects(
    objects text[],
    event_source text DEFAULT 'iotanalytics.amazonaws.com',
    on_error text DEFAULT 'error',
    max_record_size text DEFAULT '64MB',
    server text DEFAULT NULL)
RETURNS SETOF iotatrail.event
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT (e).* FROM (SELECT iotatrail.read_objects_rows($1, $2, $3, $4, $5) AS e) AS s
$$;

CREATE OR REPLACE FUNCTION iotatrail.last_scan_skipped_objects(
    OUT object text, OUT records bigint, OUT unread boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iotatrail_last_scan_skipped_objects'
LANGUAGE C VOLATILE;

CREATE FUNCTION iotatrail.last_scan_skipped(OUT records bigint, OUT files bigint)
AS 'MODULE_PATHNAME', 'iotatrail_last_scan_skipped'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION iotatrail.last_scan_skipped() IS
'what the last read_events of this session skipped under on_error ''skip'': bad records, and files it could not read to the end';

CREATE FUNCTION iotatrail.parse_events(
    document text,
    event_source text DEFAULT 'iotanalytics.amazonaws.com',
    on_error text DEFAULT 'error',
    max_record_size text DEFAULT '64MB')
RETURNS SETOF iotatrail.event
AS 'MODULE_PATHNAME', 'iotatrail_parse_events_text'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION iotatrail.parse_events(
    document bytea,
    event_source text DEFAULT 'iotanalytics.amazonaws.com',
    on_error text DEFAULT 'error',
    max_record_size text DEFAULT '64MB')
RETURNS SETOF iotatrail.event
AS 'MODULE_PATHNAME', 'iotatrail_parse_events_bytea'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION iotatrail.parse_events(text, text, text, text) IS
'events of a CloudTrail document held in the database (log file, NDJSON, lookup-events output, EventBridge envelope)';
COMMENT ON FUNCTION iotatrail.parse_events(bytea, text, text, text) IS
'events of a CloudTrail document held as bytes, plain or gzip''d';

CREATE FUNCTION iotatrail.fdw_handler()
RETURNS fdw_handler
AS 'MODULE_PATHNAME', 'iotatrail_fdw_handler'
LANGUAGE C STRICT;

CREATE FUNCTION iotatrail.fdw_validator(text[], oid)
RETURNS void
AS 'MODULE_PATHNAME', 'iotatrail_fdw_validator'
LANGUAGE C STRICT;

CREATE FUNCTION iotatrail.fdw_options(
    OUT option text, OUT valid_in text[], OUT type text,
    OUT default_value text, OUT secret boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iotatrail_fdw_options'
LANGUAGE C STABLE STRICT;

COMMENT ON FUNCTION iotatrail.fdw_options() IS
'every option of the iotatrail foreign-data wrapper, from the table the validator reads: where it may be given (server, user mapping, foreign table, function argument), its type, its default, and whether it is a credential (valid only in a user mapping, never shown)';

CREATE FOREIGN DATA WRAPPER iotatrail
    HANDLER iotatrail.fdw_handler
    VALIDATOR iotatrail.fdw_validator;
