-- iotatrail install script: the event type, the functions and the FDW.
\echo Use "CREATE EXTENSION iotatrail" to load this file. \quit

-- The column catalogue lives in C (event_columns.c); the type is built from
-- it so the two cannot drift apart.
-- Functions check their own privileges (server files, user mappings)
GRANT USAGE ON SCHEMA iotatrail TO PUBLIC;

-- What only the extension's own code calls (the event trigger, the steps
-- of sync and verify_digests) lives apart, out of the user's
-- \df iotatrail.*; everyone may call it, as before, and it checks
-- privileges as the public functions do.  The update from 0.1.0 makes it
-- in update_drops.sql; comments.sql comments it.
CREATE SCHEMA iotatrail_internal;
GRANT USAGE ON SCHEMA iotatrail_internal TO PUBLIC;

CREATE FUNCTION iotatrail.event_columns(
    OUT column_position int, OUT column_name text, OUT column_type regtype, OUT description text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iotatrail_event_columns'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION iotatrail.event_columns() IS
'the columns of iotatrail.event, in order, with their meaning';

DO $$
BEGIN
    EXECUTE format('CREATE TYPE iotatrail.event AS (%s)',
        (SELECT string_agg(format('%I %s', column_name, column_type), ', ' ORDER BY column_position)
           FROM iotatrail.event_columns()));
END
$$;

DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT * FROM iotatrail.event_columns() LOOP
        EXECUTE format('COMMENT ON COLUMN iotatrail.event.%I IS %L', c.column_name, c.description);
    END LOOP;
END
$$;

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

CREATE FOREIGN DATA WRAPPER iotatrail
    HANDLER iotatrail.fdw_handler
    VALIDATOR iotatrail.fdw_validator;
-- The per-action views: the functions that type JSON members, the
-- catalog the views are generated from (filled by iotanalytics_views.sql,
-- which tools/gen_views.py writes from the API model), create_views(),
-- and the event trigger that gives IMPORT FOREIGN SCHEMA its views.

-- Typed reads of a jsonb member that return NULL instead of raising
CREATE FUNCTION iotatrail.json_text(jsonb) RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_json_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_bigint(jsonb) RETURNS bigint
AS 'MODULE_PATHNAME', 'iotatrail_json_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_integer(jsonb) RETURNS integer
AS 'MODULE_PATHNAME', 'iotatrail_json_integer' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_boolean(jsonb) RETURNS boolean
AS 'MODULE_PATHNAME', 'iotatrail_json_boolean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_timestamptz(jsonb) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'iotatrail_json_timestamptz' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_object(jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_json_object' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_array(jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_json_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_value(jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_json_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_first_key(jsonb) RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_json_first_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_path_text(jsonb, text[]) RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_json_path_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_collect_text(jsonb, text[]) RETURNS text[]
AS 'MODULE_PATHNAME', 'iotatrail_json_collect_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iotatrail.json_collect_first_key(jsonb) RETURNS text[]
AS 'MODULE_PATHNAME', 'iotatrail_json_collect_first_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION iotatrail.json_text(jsonb) IS
'a JSON scalar as text; NULL for objects, arrays, JSON null and HIDDEN_DUE_TO_SECURITY_REASONS';
COMMENT ON FUNCTION iotatrail.json_bigint(jsonb) IS
'a whole JSON number or string of digits as bigint, else NULL';
COMMENT ON FUNCTION iotatrail.json_integer(jsonb) IS
'a whole JSON number or string of digits as integer, else NULL';
COMMENT ON FUNCTION iotatrail.json_boolean(jsonb) IS
'a JSON boolean or "true"/"false" string as boolean, else NULL';
COMMENT ON FUNCTION iotatrail.json_timestamptz(jsonb) IS
'ISO 8601, epoch seconds or milliseconds (number or string) or "Feb 14, 2018 11:55:14 PM" (UTC) as timestamptz, else NULL';
COMMENT ON FUNCTION iotatrail.json_object(jsonb) IS 'the value if it is a JSON object, else NULL';
COMMENT ON FUNCTION iotatrail.json_array(jsonb) IS 'the value if it is a JSON array, else NULL';
COMMENT ON FUNCTION iotatrail.json_value(jsonb) IS 'the value unless it is JSON null or hidden';
COMMENT ON FUNCTION iotatrail.json_first_key(jsonb) IS
'the member set in a one-member object (a union such as a pipeline activity), else NULL';
COMMENT ON FUNCTION iotatrail.json_path_text(jsonb, text[]) IS
'the scalar at a path of member names, "*" standing for an object''s one member, as text';
COMMENT ON FUNCTION iotatrail.json_collect_text(jsonb, text[]) IS
'the scalar at a path inside each element of an array, as text[] without NULLs';
COMMENT ON FUNCTION iotatrail.json_collect_first_key(jsonb) IS
'the member set in each one-member object of an array, as text[]';

-- The catalog: filled by the generated iotanalytics_views.sql
CREATE SCHEMA iotanalytics;
COMMENT ON SCHEMA iotanalytics IS
'AWS IoT Analytics activity from CloudTrail: one view per API action over the logs at iotatrail.location';
GRANT USAGE ON SCHEMA iotanalytics TO PUBLIC;

CREATE TABLE iotanalytics.actions (
    action text PRIMARY KEY,
    view_name text NOT NULL UNIQUE,
    resource_type text NOT NULL,
    verb text NOT NULL CHECK (verb IN ('create', 'read', 'update', 'delete', 'list', 'run')),
    read_only boolean NOT NULL,
    http_method text NOT NULL,
    http_path text NOT NULL,
    description text NOT NULL
);
COMMENT ON TABLE iotanalytics.actions IS
'the IoT Analytics API actions CloudTrail logs: what each does to which kind of resource';
COMMENT ON COLUMN iotanalytics.actions.action IS 'eventName in CloudTrail';
COMMENT ON COLUMN iotanalytics.actions.view_name IS 'the view of this action''s events';
COMMENT ON COLUMN iotanalytics.actions.resource_type IS
'channel, dataset, datastore, pipeline, logging_options or dataset_content';
COMMENT ON COLUMN iotanalytics.actions.verb IS 'create, read, update, delete, list or run';
COMMENT ON COLUMN iotanalytics.actions.read_only IS 'true for calls that change nothing (HTTP GET)';
COMMENT ON COLUMN iotanalytics.actions.http_method IS 'HTTP method of the REST API';
COMMENT ON COLUMN iotanalytics.actions.http_path IS 'request path of the REST API; {members} travel in the URL';
COMMENT ON COLUMN iotanalytics.actions.description IS 'from the API model documentation';
GRANT SELECT ON iotanalytics.actions TO PUBLIC;

CREATE TABLE iotatrail.action_views (
    view_name text PRIMARY KEY,
    action text NOT NULL UNIQUE,
    event_source text NOT NULL,
    arn_resource_type text,
    name_member text,
    arn_member text,
    resource_member text
);
COMMENT ON TABLE iotatrail.action_views IS
'how iotatrail.create_views finds each action''s events and resource (for resource_activity)';
GRANT SELECT ON iotatrail.action_views TO PUBLIC;

CREATE TABLE iotatrail.action_view_columns (
    view_name text NOT NULL REFERENCES iotatrail.action_views,
    column_position int NOT NULL,
    column_name text NOT NULL,
    column_type text NOT NULL,
    expression text NOT NULL,
    origin text NOT NULL CHECK (origin IN ('event', 'request', 'response', 'request_response', 'nested')),
    model_path text,
    description text,
    PRIMARY KEY (view_name, column_position),
    UNIQUE (view_name, column_name)
);
COMMENT ON TABLE iotatrail.action_view_columns IS
'every column of every per-action view: its SQL expression over an events relation "e" and where in the API model it comes from';
GRANT SELECT ON iotatrail.action_view_columns TO PUBLIC;

-- The location the iotanalytics schema's views read
CREATE OR REPLACE FUNCTION iotatrail_internal.configured_location()
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    loc text := current_setting('iotatrail.location', true);
BEGIN
    IF coalesce(loc, '') = '' THEN
        RAISE EXCEPTION 'iotatrail.location is not set'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The views of schema iotanalytics read the CloudTrail logs at iotatrail.location.',
                  HINT = 'SET iotatrail.location = ''/path/to/AWSLogs/'', or IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER ... INTO a schema of your own.';
    END IF;
    RETURN loc;
END
$$;

CREATE OR REPLACE FUNCTION iotatrail.create_views(
    target_schema name,
    source regclass,
    limit_to text[] DEFAULT NULL,
    except_names text[] DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v record;
    c record;
    cols text;
    n text;
BEGIN
    SELECT string_agg(need, ', ' ORDER BY need) INTO n
      FROM (SELECT DISTINCT column_name AS need FROM iotatrail.action_view_columns WHERE origin = 'event'
            UNION SELECT unnest('{event_source,event_name,error_code}'::text[])) needed
     WHERE NOT EXISTS (SELECT FROM pg_attribute
                        WHERE attrelid = source AND attname = need AND attnum > 0 AND NOT attisdropped)
       AND need <> 'succeeded';
    IF n IS NOT NULL THEN
        RAISE EXCEPTION 'relation % lacks columns the views read: %', source, n
            USING ERRCODE = 'undefined_column',
                  HINT = 'Give it every column of iotatrail.event, as IMPORT FOREIGN SCHEMA does.';
    END IF;

    FOREACH n IN ARRAY coalesce(limit_to, '{}') || coalesce(except_names, '{}') LOOP
        IF n NOT IN ('events', 'resource_activity')
           AND NOT EXISTS (SELECT FROM iotatrail.action_views WHERE view_name = n) THEN
            RAISE WARNING 'iotatrail has no view named "%"', n
                USING HINT = 'The views are resource_activity and the view_name values of iotanalytics.actions.';
        END IF;
    END LOOP;

    FOR v IN SELECT av.*, a.description
               FROM iotatrail.action_views av JOIN iotanalytics.actions a USING (action)
              ORDER BY av.view_name LOOP
        CONTINUE WHEN limit_to IS NOT NULL AND NOT v.view_name = ANY (limit_to);
        CONTINUE WHEN except_names IS NOT NULL AND v.view_name = ANY (except_names);

        SELECT string_agg(format('%s AS %I', expression, column_name), E',\n    '
                          ORDER BY column_position)
          INTO cols
          FROM iotatrail.action_view_columns
         WHERE view_name = v.view_name;
        EXECUTE format(E'CREATE VIEW %I.%I AS\nSELECT %s\nFROM %s e\nWHERE e.event_source = %L AND e.event_name = %L',
                       target_schema, v.view_name, cols, source, v.event_source, v.action);
        EXECUTE format('COMMENT ON VIEW %I.%I IS %L', target_schema, v.view_name,
                       format('%s events: %s', v.action, v.description));
        FOR c IN SELECT avc.column_name, coalesce(avc.description, ec.description) AS description
                   FROM iotatrail.action_view_columns avc
                   LEFT JOIN iotatrail.event_columns() ec USING (column_name)
                  WHERE avc.view_name = v.view_name LOOP
            EXECUTE format('COMMENT ON COLUMN %I.%I.%I IS %L',
                           target_schema, v.view_name, c.column_name, c.description);
        END LOOP;
        RETURN NEXT format('%I.%I', target_schema, v.view_name);
    END LOOP;

    IF (limit_to IS NULL OR 'resource_activity' = ANY (limit_to))
       AND (except_names IS NULL OR NOT 'resource_activity' = ANY (except_names)) THEN
        EXECUTE format($view$
CREATE VIEW %I.resource_activity AS
SELECT e.event_time,
    e.event_id,
    e.event_name AS action,
    a.verb,
    coalesce(a.resource_type,
             substring(r.logged_arn FROM '^arn:[^:]*:iotanalytics:[^:]*:[^:]*:([a-z_]+)/')) AS resource_type,
    coalesce(r.logged_name,
             substring(r.logged_arn FROM '^arn:[^:]*:iotanalytics:[^:]*:[^:]*:[a-z_]+/(.+)$')) AS resource_name,
    coalesce(r.logged_arn,
             CASE WHEN r.logged_name IS NOT NULL AND av.arn_resource_type IS NOT NULL
                  THEN format('arn:%%s:iotanalytics:%%s:%%s:%%s/%%s',
                              CASE WHEN e.aws_region LIKE 'cn-%%' THEN 'aws-cn'
                                   WHEN e.aws_region LIKE 'us-gov-%%' THEN 'aws-us-gov'
                                   ELSE 'aws' END,
                              e.aws_region, e.recipient_account_id, av.arn_resource_type, r.logged_name)
             END) AS resource_arn,
    e.aws_region,
    e.recipient_account_id,
    e.identity_kind,
    e.principal_arn,
    e.source_ip,
    e.error_code IS NULL AS succeeded,
    e.error_code
FROM %s e
LEFT JOIN iotanalytics.actions a ON a.action = e.event_name
LEFT JOIN iotatrail.action_views av ON av.action = e.event_name
CROSS JOIN LATERAL (
    SELECT coalesce(iotatrail.json_text(e.request_parameters -> av.name_member),
                    iotatrail.json_text(e.response_elements -> av.name_member),
                    iotatrail.json_text(e.response_elements -> av.resource_member -> 'name')) AS logged_name,
           coalesce(iotatrail.json_text(e.response_elements -> av.arn_member),
                    iotatrail.json_text(e.response_elements -> av.resource_member -> 'arn'),
                    iotatrail.json_text(e.request_parameters -> 'resourceArn')) AS logged_arn
) r
WHERE e.event_source = 'iotanalytics.amazonaws.com'
$view$, target_schema, source);
        EXECUTE format('COMMENT ON VIEW %I.resource_activity IS %L', target_schema,
                       'one row per IoT Analytics call: which resource it touched and how; join your inventory on resource_arn');
        FOR c IN SELECT * FROM (VALUES
                ('action', 'eventName'),
                ('verb', 'create, read, update, delete, list or run (iotanalytics.actions)'),
                ('resource_type', 'channel, dataset, datastore, pipeline, logging_options or dataset_content'),
                ('resource_name', 'the resource''s name from the request or response; NULL for list calls and logging options'),
                ('resource_arn', 'the ARN from the response, or arn:<partition>:iotanalytics:<region>:<account>:<type>/<name> built from the name (dataset content belongs to its dataset''s ARN)'),
                ('succeeded', 'true when the call succeeded (no errorCode in the record)')) AS d(column_name, description)
            UNION ALL
            SELECT column_name, description FROM iotatrail.event_columns()
             WHERE column_name IN ('event_time', 'event_id', 'aws_region', 'recipient_account_id',
                                   'identity_kind', 'principal_arn', 'source_ip', 'error_code') LOOP
            EXECUTE format('COMMENT ON COLUMN %I.resource_activity.%I IS %L',
                           target_schema, c.column_name, c.description);
        END LOOP;
        RETURN NEXT format('%I.resource_activity', target_schema);
    END IF;
END
$$;

COMMENT ON FUNCTION iotatrail.create_views(name, regclass, text[], text[]) IS
'create in a schema the view of every IoT Analytics action and resource_activity over a relation of iotatrail.event columns (a foreign table, or a table events are stored in); returns the views made';

-- Column comments of iotatrail.event on a relation with those columns
CREATE OR REPLACE FUNCTION iotatrail_internal.comment_event_columns(rel regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT ec.column_name, ec.description
               FROM iotatrail.event_columns() ec
               JOIN pg_attribute a ON a.attrelid = rel AND a.attname = ec.column_name
                                  AND a.attnum > 0 AND NOT a.attisdropped LOOP
        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', rel, c.column_name, c.description);
    END LOOP;
END
$$;

-- IMPORT FOREIGN SCHEMA makes the foreign table; this makes the views
CREATE FUNCTION iotatrail_internal.take_pending_import(
    OUT local_schema text, OUT limit_to text[], OUT except_names text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iotatrail_take_pending_import'
LANGUAGE C VOLATILE;

CREATE OR REPLACE FUNCTION iotatrail_internal.import_foreign_schema_end()
RETURNS event_trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p record;
    src regclass;
BEGIN
    FOR p IN SELECT * FROM iotatrail_internal.take_pending_import() LOOP
        src := to_regclass(format('%I.events', p.local_schema));
        IF src IS NULL THEN
            RAISE EXCEPTION 'relation "%.events" does not exist', p.local_schema
                USING ERRCODE = 'undefined_table',
                      DETAIL = 'The views IMPORT FOREIGN SCHEMA creates read the foreign table "events".',
                      HINT = 'Include events in LIMIT TO, or create it before importing only views.';
        END IF;
        -- comment the foreign table when this IMPORT made it
        IF (p.limit_to IS NULL OR 'events' = ANY (p.limit_to))
           AND (p.except_names IS NULL OR NOT 'events' = ANY (p.except_names)) THEN
            EXECUTE format('COMMENT ON FOREIGN TABLE %s IS %L', src,
                           'CloudTrail events, one row per record (iotatrail); the views of this schema read it');
            PERFORM iotatrail_internal.comment_event_columns(src);
        END IF;
        IF p.limit_to IS NULL OR p.limit_to <> '{events}' THEN
            PERFORM iotatrail.create_views(p.local_schema, src, p.limit_to, p.except_names);
        END IF;
    END LOOP;
END
$$;

CREATE EVENT TRIGGER iotatrail_import_views ON ddl_command_end
    WHEN TAG IN ('IMPORT FOREIGN SCHEMA')
    EXECUTE FUNCTION iotatrail_internal.import_foreign_schema_end();
-- Generated by tools/gen_views.py from the AWS IoT Analytics API model
-- (iotanalytics-2017-11-27, botocore, Apache-2.0).  Do not edit; run `make views`.

INSERT INTO iotanalytics.actions (action, view_name, resource_type, verb, read_only, http_method, http_path, description) VALUES
('CancelPipelineReprocessing', 'cancel_pipeline_reprocessing', 'pipeline', 'update', false, 'DELETE', '/pipelines/{pipelineName}/reprocessing/{reprocessingId}', 'Cancels the reprocessing of data through the pipeline.'),
('CreateChannel', 'create_channel', 'channel', 'create', false, 'POST', '/channels', 'Used to create a channel. A channel collects data from an MQTT topic and archives the raw, unprocessed messages before publishing the data to a pipeline.'),
('CreateDataset', 'create_dataset', 'dataset', 'create', false, 'POST', '/datasets', 'Used to create a dataset. A dataset stores data retrieved from a data store by applying a queryAction (a SQL query) or a containerAction (executing a containerized application). This operation creates the skeleton of a dataset. The dataset can be populated manually by calling CreateDatasetContent or automatically according to a trigger you specify.'),
('CreateDatasetContent', 'create_dataset_content', 'dataset_content', 'create', false, 'POST', '/datasets/{datasetName}/content', 'Creates the content of a dataset by applying a queryAction (a SQL query) or a containerAction (executing a containerized application).'),
('CreateDatastore', 'create_datastore', 'datastore', 'create', false, 'POST', '/datastores', 'Creates a data store, which is a repository for messages.'),
('CreatePipeline', 'create_pipeline', 'pipeline', 'create', false, 'POST', '/pipelines', 'Creates a pipeline. A pipeline consumes messages from a channel and allows you to process the messages before storing them in a data store. You must specify both a channel and a datastore activity and, optionally, as many as 23 additional activities in the pipelineActivities array.'),
('DeleteChannel', 'delete_channel', 'channel', 'delete', false, 'DELETE', '/channels/{channelName}', 'Deletes the specified channel.'),
('DeleteDataset', 'delete_dataset', 'dataset', 'delete', false, 'DELETE', '/datasets/{datasetName}', 'Deletes the specified dataset. You do not have to delete the content of the dataset before you perform this operation.'),
('DeleteDatasetContent', 'delete_dataset_content', 'dataset_content', 'delete', false, 'DELETE', '/datasets/{datasetName}/content', 'Deletes the content of the specified dataset.'),
('DeleteDatastore', 'delete_datastore', 'datastore', 'delete', false, 'DELETE', '/datastores/{datastoreName}', 'Deletes the specified data store.'),
('DeletePipeline', 'delete_pipeline', 'pipeline', 'delete', false, 'DELETE', '/pipelines/{pipelineName}', 'Deletes the specified pipeline.'),
('DescribeChannel', 'describe_channel', 'channel', 'read', true, 'GET', '/channels/{channelName}', 'Retrieves information about a channel.'),
('DescribeDataset', 'describe_dataset', 'dataset', 'read', true, 'GET', '/datasets/{datasetName}', 'Retrieves information about a dataset.'),
('DescribeDatastore', 'describe_datastore', 'datastore', 'read', true, 'GET', '/datastores/{datastoreName}', 'Retrieves information about a data store.'),
('DescribeLoggingOptions', 'describe_logging_options', 'logging_options', 'read', true, 'GET', '/logging', 'Retrieves the current settings of the IoT Analytics logging options.'),
('DescribePipeline', 'describe_pipeline', 'pipeline', 'read', true, 'GET', '/pipelines/{pipelineName}', 'Retrieves information about a pipeline.'),
('GetDatasetContent', 'get_dataset_content', 'dataset_content', 'read', true, 'GET', '/datasets/{datasetName}/content', 'Retrieves the contents of a dataset as presigned URIs.'),
('ListChannels', 'list_channels', 'channel', 'list', true, 'GET', '/channels', 'Retrieves a list of channels.'),
('ListDatasets', 'list_datasets', 'dataset', 'list', true, 'GET', '/datasets', 'Retrieves information about datasets.'),
('ListDatastores', 'list_datastores', 'datastore', 'list', true, 'GET', '/datastores', 'Retrieves a list of data stores.'),
('ListPipelines', 'list_pipelines', 'pipeline', 'list', true, 'GET', '/pipelines', 'Retrieves a list of pipelines.'),
('PutLoggingOptions', 'put_logging_options', 'logging_options', 'update', false, 'PUT', '/logging', 'Sets or updates the IoT Analytics logging options. If you update the value of any loggingOptions field, it takes up to one minute for the change to take effect. Also, if you change the policy attached to the role you specified in the roleArn field (for example, to correct an invalid policy), it takes up to five minutes for that change to take effect.'),
('RunPipelineActivity', 'run_pipeline_activity', 'pipeline', 'run', false, 'POST', '/pipelineactivities/run', 'Simulates the results of running a pipeline activity on a message payload.'),
('SampleChannelData', 'sample_channel_data', 'channel', 'read', true, 'GET', '/channels/{channelName}/sample', 'Retrieves a sample of messages from the specified channel ingested during the specified timeframe. Up to 10 messages can be retrieved.'),
('StartPipelineReprocessing', 'start_pipeline_reprocessing', 'pipeline', 'run', false, 'POST', '/pipelines/{pipelineName}/reprocessing', 'Starts the reprocessing of raw message data through the pipeline.'),
('UpdateChannel', 'update_channel', 'channel', 'update', false, 'PUT', '/channels/{channelName}', 'Used to update the settings of a channel.'),
('UpdateDataset', 'update_dataset', 'dataset', 'update', false, 'PUT', '/datasets/{datasetName}', 'Updates the settings of a dataset.'),
('UpdateDatastore', 'update_datastore', 'datastore', 'update', false, 'PUT', '/datastores/{datastoreName}', 'Used to update the settings of a data store.'),
('UpdatePipeline', 'update_pipeline', 'pipeline', 'update', false, 'PUT', '/pipelines/{pipelineName}', 'Updates the settings of a pipeline. You must specify both a channel and a datastore activity and, optionally, as many as 23 additional activities in the pipelineActivities array.');

INSERT INTO iotatrail.action_views (view_name, action, event_source, arn_resource_type, name_member, arn_member, resource_member) VALUES
('cancel_pipeline_reprocessing', 'CancelPipelineReprocessing', 'iotanalytics.amazonaws.com', 'pipeline', 'pipelineName', NULL, NULL),
('create_channel', 'CreateChannel', 'iotanalytics.amazonaws.com', 'channel', 'channelName', 'channelArn', NULL),
('create_dataset', 'CreateDataset', 'iotanalytics.amazonaws.com', 'dataset', 'datasetName', 'datasetArn', NULL),
('create_dataset_content', 'CreateDatasetContent', 'iotanalytics.amazonaws.com', 'dataset', 'datasetName', NULL, NULL),
('create_datastore', 'CreateDatastore', 'iotanalytics.amazonaws.com', 'datastore', 'datastoreName', 'datastoreArn', NULL),
('create_pipeline', 'CreatePipeline', 'iotanalytics.amazonaws.com', 'pipeline', 'pipelineName', 'pipelineArn', NULL),
('delete_channel', 'DeleteChannel', 'iotanalytics.amazonaws.com', 'channel', 'channelName', NULL, NULL),
('delete_dataset', 'DeleteDataset', 'iotanalytics.amazonaws.com', 'dataset', 'datasetName', NULL, NULL),
('delete_dataset_content', 'DeleteDatasetContent', 'iotanalytics.amazonaws.com', 'dataset', 'datasetName', NULL, NULL),
('delete_datastore', 'DeleteDatastore', 'iotanalytics.amazonaws.com', 'datastore', 'datastoreName', NULL, NULL),
('delete_pipeline', 'DeletePipeline', 'iotanalytics.amazonaws.com', 'pipeline', 'pipelineName', NULL, NULL),
('describe_channel', 'DescribeChannel', 'iotanalytics.amazonaws.com', 'channel', 'channelName', NULL, 'channel'),
('describe_dataset', 'DescribeDataset', 'iotanalytics.amazonaws.com', 'dataset', 'datasetName', NULL, 'dataset'),
('describe_datastore', 'DescribeDatastore', 'iotanalytics.amazonaws.com', 'datastore', 'datastoreName', NULL, 'datastore'),
('describe_logging_options', 'DescribeLoggingOptions', 'iotanalytics.amazonaws.com', NULL, NULL, NULL, NULL),
('describe_pipeline', 'DescribePipeline', 'iotanalytics.amazonaws.com', 'pipeline', 'pipelineName', NULL, 'pipeline'),
('get_dataset_content', 'GetDatasetContent', 'iotanalytics.amazonaws.com', 'dataset', 'datasetName', NULL, NULL),
('list_channels', 'ListChannels', 'iotanalytics.amazonaws.com', 'channel', NULL, NULL, NULL),
('list_datasets', 'ListDatasets', 'iotanalytics.amazonaws.com', 'dataset', NULL, NULL, NULL),
('list_datastores', 'ListDatastores', 'iotanalytics.amazonaws.com', 'datastore', NULL, NULL, NULL),
('list_pipelines', 'ListPipelines', 'iotanalytics.amazonaws.com', 'pipeline', NULL, NULL, NULL),
('put_logging_options', 'PutLoggingOptions', 'iotanalytics.amazonaws.com', NULL, NULL, NULL, NULL),
('run_pipeline_activity', 'RunPipelineActivity', 'iotanalytics.amazonaws.com', 'pipeline', NULL, NULL, NULL),
('sample_channel_data', 'SampleChannelData', 'iotanalytics.amazonaws.com', 'channel', 'channelName', NULL, NULL),
('start_pipeline_reprocessing', 'StartPipelineReprocessing', 'iotanalytics.amazonaws.com', 'pipeline', 'pipelineName', NULL, NULL),
('update_channel', 'UpdateChannel', 'iotanalytics.amazonaws.com', 'channel', 'channelName', NULL, NULL),
('update_dataset', 'UpdateDataset', 'iotanalytics.amazonaws.com', 'dataset', 'datasetName', NULL, NULL),
('update_datastore', 'UpdateDatastore', 'iotanalytics.amazonaws.com', 'datastore', 'datastoreName', NULL, NULL),
('update_pipeline', 'UpdatePipeline', 'iotanalytics.amazonaws.com', 'pipeline', 'pipelineName', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('cancel_pipeline_reprocessing', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('cancel_pipeline_reprocessing', 16, 'pipeline_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''pipelineName'')', 'request', 'pipelineName', 'request (in the URL path) pipelineName: The name of pipeline for which data reprocessing is canceled.'),
('cancel_pipeline_reprocessing', 17, 'reprocessing_id', 'text', 'iotatrail.json_text(e.request_parameters -> ''reprocessingId'')', 'request', 'reprocessingId', 'request (in the URL path) reprocessingId: The ID of the reprocessing task (returned by StartPipelineReprocessing ).'),
('cancel_pipeline_reprocessing', 18, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('cancel_pipeline_reprocessing', 19, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('create_channel', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('create_channel', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('create_channel', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('create_channel', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('create_channel', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('create_channel', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('create_channel', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('create_channel', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('create_channel', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('create_channel', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('create_channel', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('create_channel', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('create_channel', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('create_channel', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('create_channel', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('create_channel', 16, 'channel_name', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''channelName''), iotatrail.json_text(e.response_elements -> ''channelName''))', 'request_response', 'channelName', 'request and response channelName: The name of the channel.'),
('create_channel', 17, 'channel_storage', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''channelStorage'')', 'request', 'channelStorage', 'request channelStorage: Where channel data is stored. You can choose one of serviceManagedS3 or customerManagedS3 storage. If not specified, the default is serviceManagedS3 . You can''t change this storage option after the channel is created.'),
('create_channel', 18, 'retention_period', 'jsonb', 'coalesce(iotatrail.json_object(e.request_parameters -> ''retentionPeriod''), iotatrail.json_object(e.response_elements -> ''retentionPeriod''))', 'request_response', 'retentionPeriod', 'request and response retentionPeriod: How long, in days, message data is kept for the channel. When customerManagedS3 storage is selected, this parameter is ignored.'),
('create_channel', 19, 'tags', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''tags'')', 'request', 'tags', 'request tags: Metadata which can be used to manage the channel.'),
('create_channel', 20, 'channel_arn', 'text', 'iotatrail.json_text(e.response_elements -> ''channelArn'')', 'response', 'channelArn', 'response channelArn: The ARN of the channel.'),
('create_channel', 21, 'channel_storage_kind', 'text', 'CASE iotatrail.json_first_key(iotatrail.json_object(e.request_parameters -> ''channelStorage'')) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' END', 'nested', 'channelStorage', 'channelStorage: which one is set: service_managed (serviceManagedS3), customer_managed (customerManagedS3)'),
('create_channel', 22, 'channel_storage_bucket', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''channelStorage'') #> ''{"customerManagedS3","bucket"}''::text[])', 'nested', 'channelStorage.customerManagedS3.bucket', 'channelStorage.customerManagedS3.bucket: The name of the S3 bucket in which channel data is stored.'),
('create_channel', 23, 'channel_storage_key_prefix', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''channelStorage'') #> ''{"customerManagedS3","keyPrefix"}''::text[])', 'nested', 'channelStorage.customerManagedS3.keyPrefix', 'channelStorage.customerManagedS3.keyPrefix: (Optional) The prefix used to create the keys of the channel data objects. Each object in an S3 bucket has a key that is its unique identifier in the bucket. Each object in a bucket has exactly one key. The prefix must end with a forward slash (/).'),
('create_channel', 24, 'channel_storage_role_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''channelStorage'') #> ''{"customerManagedS3","roleArn"}''::text[])', 'nested', 'channelStorage.customerManagedS3.roleArn', 'channelStorage.customerManagedS3.roleArn: The ARN of the role that grants IoT Analytics permission to interact with your Amazon S3 resources.'),
('create_channel', 25, 'retention_unlimited', 'boolean', 'coalesce(iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"unlimited"}''::text[]), iotatrail.json_boolean(iotatrail.json_object(e.response_elements -> ''retentionPeriod'') #> ''{"unlimited"}''::text[]))', 'nested', 'retentionPeriod.unlimited', 'retentionPeriod.unlimited: If true, message data is kept indefinitely.'),
('create_channel', 26, 'retention_days', 'integer', 'coalesce(iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[]), iotatrail.json_integer(iotatrail.json_object(e.response_elements -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[]))', 'nested', 'retentionPeriod.numberOfDays', 'retentionPeriod.numberOfDays: The number of days that message data is kept. The unlimited parameter must be false.'),
('create_channel', 27, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('create_channel', 28, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('create_dataset', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('create_dataset', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('create_dataset', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('create_dataset', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('create_dataset', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('create_dataset', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('create_dataset', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('create_dataset', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('create_dataset', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('create_dataset', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('create_dataset', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('create_dataset', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('create_dataset', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('create_dataset', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('create_dataset', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('create_dataset', 16, 'dataset_name', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''datasetName''), iotatrail.json_text(e.response_elements -> ''datasetName''))', 'request_response', 'datasetName', 'request and response datasetName: The name of the dataset.'),
('create_dataset', 17, 'actions', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''actions'')', 'request', 'actions', 'request actions: A list of actions that create the dataset contents.'),
('create_dataset', 18, 'triggers', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''triggers'')', 'request', 'triggers', 'request triggers: A list of triggers. A trigger causes dataset contents to be populated at a specified time interval or when another dataset''s contents are created. The list of triggers can be empty or contain up to five DataSetTrigger objects.'),
('create_dataset', 19, 'content_delivery_rules', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''contentDeliveryRules'')', 'request', 'contentDeliveryRules', 'request contentDeliveryRules: When dataset contents are created, they are delivered to destinations specified here.'),
('create_dataset', 20, 'retention_period', 'jsonb', 'coalesce(iotatrail.json_object(e.request_parameters -> ''retentionPeriod''), iotatrail.json_object(e.response_elements -> ''retentionPeriod''))', 'request_response', 'retentionPeriod', 'request and response retentionPeriod: Optional. How long, in days, versions of dataset contents are kept for the dataset. If not specified or set to null , versions of dataset contents are retained for at most 90 days. The number of versions of dataset contents retained is determined by the versioningConfiguration parameter. For more information, see Keeping Multiple Versions of IoT Analytics datasets in the IoT Analytics User Guide .'),
('create_dataset', 21, 'versioning_configuration', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''versioningConfiguration'')', 'request', 'versioningConfiguration', 'request versioningConfiguration: Optional. How many versions of dataset contents are kept. If not specified or set to null, only the latest version plus the latest succeeded version (if they are different) are kept for the time period specified by the retentionPeriod parameter. For more information, see Keeping Multiple Versions of IoT Analytics datasets in the IoT Analytics User Guide .'),
('create_dataset', 22, 'tags', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''tags'')', 'request', 'tags', 'request tags: Metadata which can be used to manage the dataset.'),
('create_dataset', 23, 'late_data_rules', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''lateDataRules'')', 'request', 'lateDataRules', 'request lateDataRules: A list of data rules that send notifications to CloudWatch, when data arrives late. To specify lateDataRules , the dataset must use a DeltaTimer filter.'),
('create_dataset', 24, 'dataset_arn', 'text', 'iotatrail.json_text(e.response_elements -> ''datasetArn'')', 'response', 'datasetArn', 'response datasetArn: The ARN of the dataset.'),
('create_dataset', 25, 'dataset_action_names', 'text[]', 'iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''actions''), ''{"actionName"}''::text[])', 'nested', 'actions.actionName', 'actions.actionName of each element: The name of the dataset action by which dataset contents are automatically created.'),
('create_dataset', 26, 'sql_query', 'text', '(iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''actions''), ''{"queryAction","sqlQuery"}''::text[]))[1]', 'nested', 'actions.queryAction.sqlQuery', 'actions.queryAction.sqlQuery of the first element that has one: A SQL query string.'),
('create_dataset', 27, 'container_image', 'text', '(iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''actions''), ''{"containerAction","image"}''::text[]))[1]', 'nested', 'actions.containerAction.image', 'actions.containerAction.image of the first element that has one: The ARN of the Docker container stored in your account. The Docker container contains an application and required support libraries and is used to generate dataset contents.'),
('create_dataset', 28, 'schedule_expression', 'text', '(iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''triggers''), ''{"schedule","expression"}''::text[]))[1]', 'nested', 'triggers.schedule.expression', 'triggers.schedule.expression of the first element that has one: The expression that defines when to trigger an update. For more information, see Schedule Expressions for Rules in the Amazon CloudWatch Events User Guide .'),
('create_dataset', 29, 'triggering_dataset_names', 'text[]', 'iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''triggers''), ''{"dataset","name"}''::text[])', 'nested', 'triggers.dataset.name', 'triggers.dataset.name of each element: The name of the dataset whose content generation triggers the new dataset content generation.'),
('create_dataset', 30, 'retention_unlimited', 'boolean', 'coalesce(iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"unlimited"}''::text[]), iotatrail.json_boolean(iotatrail.json_object(e.response_elements -> ''retentionPeriod'') #> ''{"unlimited"}''::text[]))', 'nested', 'retentionPeriod.unlimited', 'retentionPeriod.unlimited: If true, message data is kept indefinitely.'),
('create_dataset', 31, 'retention_days', 'integer', 'coalesce(iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[]), iotatrail.json_integer(iotatrail.json_object(e.response_elements -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[]))', 'nested', 'retentionPeriod.numberOfDays', 'retentionPeriod.numberOfDays: The number of days that message data is kept. The unlimited parameter must be false.'),
('create_dataset', 32, 'versioning_unlimited', 'boolean', 'iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''versioningConfiguration'') #> ''{"unlimited"}''::text[])', 'nested', 'versioningConfiguration.unlimited', 'versioningConfiguration.unlimited: If true, unlimited versions of dataset contents are kept.'),
('create_dataset', 33, 'versioning_max_versions', 'integer', 'iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''versioningConfiguration'') #> ''{"maxVersions"}''::text[])', 'nested', 'versioningConfiguration.maxVersions', 'versioningConfiguration.maxVersions: How many versions of dataset contents are kept. The unlimited parameter must be false .'),
('create_dataset', 34, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('create_dataset', 35, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('create_dataset_content', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('create_dataset_content', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('create_dataset_content', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('create_dataset_content', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('create_dataset_content', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('create_dataset_content', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('create_dataset_content', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('create_dataset_content', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('create_dataset_content', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('create_dataset_content', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('create_dataset_content', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('create_dataset_content', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('create_dataset_content', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('create_dataset_content', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('create_dataset_content', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('create_dataset_content', 16, 'dataset_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datasetName'')', 'request', 'datasetName', 'request (in the URL path) datasetName: The name of the dataset.'),
('create_dataset_content', 17, 'version_id', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''versionId''), iotatrail.json_text(e.response_elements -> ''versionId''))', 'request_response', 'versionId', 'request and response versionId: The version ID of the dataset content. To specify versionId for a dataset content, the dataset must use a DeltaTimer filter.'),
('create_dataset_content', 18, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('create_dataset_content', 19, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('create_datastore', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('create_datastore', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('create_datastore', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('create_datastore', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('create_datastore', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('create_datastore', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('create_datastore', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('create_datastore', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('create_datastore', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('create_datastore', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('create_datastore', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('create_datastore', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('create_datastore', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('create_datastore', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('create_datastore', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('create_datastore', 16, 'datastore_name', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''datastoreName''), iotatrail.json_text(e.response_elements -> ''datastoreName''))', 'request_response', 'datastoreName', 'request and response datastoreName: The name of the data store.'),
('create_datastore', 17, 'datastore_storage', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''datastoreStorage'')', 'request', 'datastoreStorage', 'request datastoreStorage: Where data in a data store is stored.. You can choose serviceManagedS3 storage, customerManagedS3 storage, or iotSiteWiseMultiLayerStorage storage. The default is serviceManagedS3 . You can''t change the choice of Amazon S3 storage after your data store is created.'),
('create_datastore', 18, 'retention_period', 'jsonb', 'coalesce(iotatrail.json_object(e.request_parameters -> ''retentionPeriod''), iotatrail.json_object(e.response_elements -> ''retentionPeriod''))', 'request_response', 'retentionPeriod', 'request and response retentionPeriod: How long, in days, message data is kept for the data store. When customerManagedS3 storage is selected, this parameter is ignored.'),
('create_datastore', 19, 'tags', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''tags'')', 'request', 'tags', 'request tags: Metadata which can be used to manage the data store.'),
('create_datastore', 20, 'file_format_configuration', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''fileFormatConfiguration'')', 'request', 'fileFormatConfiguration', 'request fileFormatConfiguration: Contains the configuration information of file formats. IoT Analytics data stores support JSON and Parquet . The default file format is JSON. You can specify only one format. You can''t change the file format after you create the data store.'),
('create_datastore', 21, 'datastore_partitions', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''datastorePartitions'')', 'request', 'datastorePartitions', 'request datastorePartitions: Contains information about the partition dimensions in a data store.'),
('create_datastore', 22, 'datastore_arn', 'text', 'iotatrail.json_text(e.response_elements -> ''datastoreArn'')', 'response', 'datastoreArn', 'response datastoreArn: The ARN of the data store.'),
('create_datastore', 23, 'datastore_storage_kind', 'text', 'CASE iotatrail.json_first_key(iotatrail.json_object(e.request_parameters -> ''datastoreStorage'')) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' WHEN ''iotSiteWiseMultiLayerStorage'' THEN ''iot_sitewise_multi_layer'' END', 'nested', 'datastoreStorage', 'datastoreStorage: which one is set: service_managed (serviceManagedS3), customer_managed (customerManagedS3), iot_sitewise_multi_layer (iotSiteWiseMultiLayerStorage)'),
('create_datastore', 24, 'datastore_storage_bucket', 'text', 'coalesce(iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''datastoreStorage'') #> ''{"customerManagedS3","bucket"}''::text[]), iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''datastoreStorage'') #> ''{"iotSiteWiseMultiLayerStorage","customerManagedS3Storage","bucket"}''::text[]))', 'nested', 'datastoreStorage.customerManagedS3.bucket | datastoreStorage.iotSiteWiseMultiLayerStorage.customerManagedS3Storage.bucket', 'datastoreStorage.customerManagedS3.bucket | datastoreStorage.iotSiteWiseMultiLayerStorage.customerManagedS3Storage.bucket: The name of the Amazon S3 bucket where your data is stored.'),
('create_datastore', 25, 'retention_unlimited', 'boolean', 'coalesce(iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"unlimited"}''::text[]), iotatrail.json_boolean(iotatrail.json_object(e.response_elements -> ''retentionPeriod'') #> ''{"unlimited"}''::text[]))', 'nested', 'retentionPeriod.unlimited', 'retentionPeriod.unlimited: If true, message data is kept indefinitely.'),
('create_datastore', 26, 'retention_days', 'integer', 'coalesce(iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[]), iotatrail.json_integer(iotatrail.json_object(e.response_elements -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[]))', 'nested', 'retentionPeriod.numberOfDays', 'retentionPeriod.numberOfDays: The number of days that message data is kept. The unlimited parameter must be false.'),
('create_datastore', 27, 'file_format', 'text', 'CASE iotatrail.json_first_key(iotatrail.json_object(e.request_parameters -> ''fileFormatConfiguration'')) WHEN ''jsonConfiguration'' THEN ''json'' WHEN ''parquetConfiguration'' THEN ''parquet'' END', 'nested', 'fileFormatConfiguration', 'fileFormatConfiguration: which one is set: json (jsonConfiguration), parquet (parquetConfiguration)'),
('create_datastore', 28, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('create_datastore', 29, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('create_pipeline', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('create_pipeline', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('create_pipeline', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('create_pipeline', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('create_pipeline', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('create_pipeline', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('create_pipeline', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('create_pipeline', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('create_pipeline', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('create_pipeline', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('create_pipeline', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('create_pipeline', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('create_pipeline', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('create_pipeline', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('create_pipeline', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('create_pipeline', 16, 'pipeline_name', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''pipelineName''), iotatrail.json_text(e.response_elements -> ''pipelineName''))', 'request_response', 'pipelineName', 'request and response pipelineName: The name of the pipeline.'),
('create_pipeline', 17, 'pipeline_activities', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''pipelineActivities'')', 'request', 'pipelineActivities', 'request pipelineActivities: A list of PipelineActivity objects. Activities perform transformations on your messages, such as removing, renaming or adding message attributes; filtering messages based on attribute values; invoking your Lambda unctions on messages for advanced processing; or performing mathematical transformations to normalize device data. The list can be 2-25 PipelineActivity objects and must contain both a channel and a datastore activity. Each entry in the list must contain only one activity. For example: pipelineActivities = [ { "channel": { ... } }, { "lambda": { ... } }, ... ]'),
('create_pipeline', 18, 'tags', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''tags'')', 'request', 'tags', 'request tags: Metadata which can be used to manage the pipeline.'),
('create_pipeline', 19, 'pipeline_arn', 'text', 'iotatrail.json_text(e.response_elements -> ''pipelineArn'')', 'response', 'pipelineArn', 'response pipelineArn: The ARN of the pipeline.'),
('create_pipeline', 20, 'pipeline_activity_names', 'text[]', 'iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''pipelineActivities''), ''{"*","name"}''::text[])', 'nested', 'pipelineActivities.*.name', 'pipelineActivities.*.name of each element: The name of the channel activity.'),
('create_pipeline', 21, 'pipeline_activity_types', 'text[]', 'iotatrail.json_collect_first_key(iotatrail.json_array(e.request_parameters -> ''pipelineActivities''))', 'nested', 'pipelineActivities', 'pipelineActivities: the kind of each element (its one member)'),
('create_pipeline', 22, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('create_pipeline', 23, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('delete_channel', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('delete_channel', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('delete_channel', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('delete_channel', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('delete_channel', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('delete_channel', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('delete_channel', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('delete_channel', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('delete_channel', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('delete_channel', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('delete_channel', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('delete_channel', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('delete_channel', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('delete_channel', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('delete_channel', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('delete_channel', 16, 'channel_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''channelName'')', 'request', 'channelName', 'request (in the URL path) channelName: The name of the channel to delete.'),
('delete_channel', 17, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('delete_channel', 18, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('delete_dataset', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('delete_dataset', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('delete_dataset', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('delete_dataset', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('delete_dataset', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('delete_dataset', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('delete_dataset', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('delete_dataset', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('delete_dataset', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('delete_dataset', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('delete_dataset', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('delete_dataset', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('delete_dataset', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('delete_dataset', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('delete_dataset', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('delete_dataset', 16, 'dataset_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datasetName'')', 'request', 'datasetName', 'request (in the URL path) datasetName: The name of the dataset to delete.'),
('delete_dataset', 17, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('delete_dataset', 18, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('delete_dataset_content', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('delete_dataset_content', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('delete_dataset_content', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('delete_dataset_content', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('delete_dataset_content', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('delete_dataset_content', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('delete_dataset_content', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('delete_dataset_content', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('delete_dataset_content', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('delete_dataset_content', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('delete_dataset_content', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('delete_dataset_content', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('delete_dataset_content', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('delete_dataset_content', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('delete_dataset_content', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('delete_dataset_content', 16, 'dataset_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datasetName'')', 'request', 'datasetName', 'request (in the URL path) datasetName: The name of the dataset whose content is deleted.'),
('delete_dataset_content', 17, 'version_id', 'text', 'iotatrail.json_text(e.request_parameters -> ''versionId'')', 'request', 'versionId', 'request (in the URL query) versionId: The version of the dataset whose content is deleted. You can also use the strings "$LATEST" or "$LATEST_SUCCEEDED" to delete the latest or latest successfully completed data set. If not specified, "$LATEST_SUCCEEDED" is the default.'),
('delete_dataset_content', 18, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('delete_dataset_content', 19, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('delete_datastore', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('delete_datastore', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('delete_datastore', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('delete_datastore', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('delete_datastore', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('delete_datastore', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('delete_datastore', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('delete_datastore', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('delete_datastore', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('delete_datastore', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('delete_datastore', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('delete_datastore', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('delete_datastore', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('delete_datastore', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('delete_datastore', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('delete_datastore', 16, 'datastore_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datastoreName'')', 'request', 'datastoreName', 'request (in the URL path) datastoreName: The name of the data store to delete.'),
('delete_datastore', 17, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('delete_datastore', 18, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('delete_pipeline', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('delete_pipeline', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('delete_pipeline', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('delete_pipeline', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('delete_pipeline', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('delete_pipeline', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('delete_pipeline', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('delete_pipeline', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('delete_pipeline', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('delete_pipeline', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('delete_pipeline', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('delete_pipeline', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('delete_pipeline', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('delete_pipeline', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('delete_pipeline', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('delete_pipeline', 16, 'pipeline_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''pipelineName'')', 'request', 'pipelineName', 'request (in the URL path) pipelineName: The name of the pipeline to delete.'),
('delete_pipeline', 17, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('delete_pipeline', 18, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('describe_channel', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('describe_channel', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('describe_channel', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('describe_channel', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('describe_channel', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('describe_channel', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('describe_channel', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('describe_channel', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('describe_channel', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('describe_channel', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('describe_channel', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('describe_channel', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('describe_channel', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('describe_channel', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('describe_channel', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('describe_channel', 16, 'channel_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''channelName'')', 'request', 'channelName', 'request (in the URL path) channelName: The name of the channel whose information is retrieved.'),
('describe_channel', 17, 'include_statistics', 'boolean', 'iotatrail.json_boolean(e.request_parameters -> ''includeStatistics'')', 'request', 'includeStatistics', 'request (in the URL query) includeStatistics: If true, additional statistical information about the channel is included in the response. This feature can''t be used with a channel whose S3 storage is customer-managed.'),
('describe_channel', 18, 'channel', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''channel'')', 'response', 'channel', 'response channel: An object that contains information about the channel.'),
('describe_channel', 19, 'statistics', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''statistics'')', 'response', 'statistics', 'response statistics: Statistics about the channel. Included if the includeStatistics parameter is set to true in the request.'),
('describe_channel', 20, 'channel_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''channel'') #> ''{"arn"}''::text[])', 'nested', 'channel.arn', 'channel.arn: The ARN of the channel.'),
('describe_channel', 21, 'channel_status', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''channel'') #> ''{"status"}''::text[])', 'nested', 'channel.status', 'channel.status: The status of the channel.'),
('describe_channel', 22, 'channel_creation_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''channel'') #> ''{"creationTime"}''::text[])', 'nested', 'channel.creationTime', 'channel.creationTime: When the channel was created.'),
('describe_channel', 23, 'channel_last_update_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''channel'') #> ''{"lastUpdateTime"}''::text[])', 'nested', 'channel.lastUpdateTime', 'channel.lastUpdateTime: When the channel was last updated.'),
('describe_channel', 24, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('describe_channel', 25, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('describe_dataset', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('describe_dataset', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('describe_dataset', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('describe_dataset', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('describe_dataset', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('describe_dataset', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('describe_dataset', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('describe_dataset', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('describe_dataset', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('describe_dataset', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('describe_dataset', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('describe_dataset', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('describe_dataset', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('describe_dataset', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('describe_dataset', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('describe_dataset', 16, 'dataset_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datasetName'')', 'request', 'datasetName', 'request (in the URL path) datasetName: The name of the dataset whose information is retrieved.'),
('describe_dataset', 17, 'dataset', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''dataset'')', 'response', 'dataset', 'response dataset: An object that contains information about the dataset.'),
('describe_dataset', 18, 'dataset_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''dataset'') #> ''{"arn"}''::text[])', 'nested', 'dataset.arn', 'dataset.arn: The ARN of the dataset.'),
('describe_dataset', 19, 'dataset_status', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''dataset'') #> ''{"status"}''::text[])', 'nested', 'dataset.status', 'dataset.status: The status of the dataset.'),
('describe_dataset', 20, 'dataset_creation_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''dataset'') #> ''{"creationTime"}''::text[])', 'nested', 'dataset.creationTime', 'dataset.creationTime: When the dataset was created.'),
('describe_dataset', 21, 'dataset_last_update_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''dataset'') #> ''{"lastUpdateTime"}''::text[])', 'nested', 'dataset.lastUpdateTime', 'dataset.lastUpdateTime: The last time the dataset was updated.'),
('describe_dataset', 22, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('describe_dataset', 23, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('describe_datastore', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('describe_datastore', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('describe_datastore', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('describe_datastore', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('describe_datastore', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('describe_datastore', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('describe_datastore', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('describe_datastore', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('describe_datastore', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('describe_datastore', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('describe_datastore', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('describe_datastore', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('describe_datastore', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('describe_datastore', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('describe_datastore', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('describe_datastore', 16, 'datastore_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datastoreName'')', 'request', 'datastoreName', 'request (in the URL path) datastoreName: The name of the data store'),
('describe_datastore', 17, 'include_statistics', 'boolean', 'iotatrail.json_boolean(e.request_parameters -> ''includeStatistics'')', 'request', 'includeStatistics', 'request (in the URL query) includeStatistics: If true, additional statistical information about the data store is included in the response. This feature can''t be used with a data store whose S3 storage is customer-managed.'),
('describe_datastore', 18, 'datastore', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''datastore'')', 'response', 'datastore', 'response datastore: Information about the data store.'),
('describe_datastore', 19, 'statistics', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''statistics'')', 'response', 'statistics', 'response statistics: Additional statistical information about the data store. Included if the includeStatistics parameter is set to true in the request.'),
('describe_datastore', 20, 'datastore_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''datastore'') #> ''{"arn"}''::text[])', 'nested', 'datastore.arn', 'datastore.arn: The ARN of the data store.'),
('describe_datastore', 21, 'datastore_status', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''datastore'') #> ''{"status"}''::text[])', 'nested', 'datastore.status', 'datastore.status: The status of a data store: CREATING The data store is being created. ACTIVE The data store has been created and can be used. DELETING The data store is being deleted.'),
('describe_datastore', 22, 'datastore_creation_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''datastore'') #> ''{"creationTime"}''::text[])', 'nested', 'datastore.creationTime', 'datastore.creationTime: When the data store was created.'),
('describe_datastore', 23, 'datastore_last_update_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''datastore'') #> ''{"lastUpdateTime"}''::text[])', 'nested', 'datastore.lastUpdateTime', 'datastore.lastUpdateTime: The last time the data store was updated.'),
('describe_datastore', 24, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('describe_datastore', 25, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('describe_logging_options', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('describe_logging_options', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('describe_logging_options', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('describe_logging_options', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('describe_logging_options', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('describe_logging_options', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('describe_logging_options', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('describe_logging_options', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('describe_logging_options', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('describe_logging_options', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('describe_logging_options', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('describe_logging_options', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('describe_logging_options', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('describe_logging_options', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('describe_logging_options', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('describe_logging_options', 16, 'logging_options', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''loggingOptions'')', 'response', 'loggingOptions', 'response loggingOptions: The current settings of the IoT Analytics logging options.'),
('describe_logging_options', 17, 'logging_role_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''loggingOptions'') #> ''{"roleArn"}''::text[])', 'nested', 'loggingOptions.roleArn', 'loggingOptions.roleArn: The ARN of the role that grants permission to IoT Analytics to perform logging.'),
('describe_logging_options', 18, 'logging_level', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''loggingOptions'') #> ''{"level"}''::text[])', 'nested', 'loggingOptions.level', 'loggingOptions.level: The logging level. Currently, only ERROR is supported.'),
('describe_logging_options', 19, 'logging_enabled', 'boolean', 'iotatrail.json_boolean(iotatrail.json_object(e.response_elements -> ''loggingOptions'') #> ''{"enabled"}''::text[])', 'nested', 'loggingOptions.enabled', 'loggingOptions.enabled: If true, logging is enabled for IoT Analytics.'),
('describe_logging_options', 20, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('describe_logging_options', 21, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('describe_pipeline', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('describe_pipeline', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('describe_pipeline', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('describe_pipeline', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('describe_pipeline', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('describe_pipeline', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('describe_pipeline', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('describe_pipeline', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('describe_pipeline', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('describe_pipeline', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('describe_pipeline', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('describe_pipeline', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('describe_pipeline', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('describe_pipeline', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('describe_pipeline', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('describe_pipeline', 16, 'pipeline_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''pipelineName'')', 'request', 'pipelineName', 'request (in the URL path) pipelineName: The name of the pipeline whose information is retrieved.'),
('describe_pipeline', 17, 'pipeline', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''pipeline'')', 'response', 'pipeline', 'response pipeline: A Pipeline object that contains information about the pipeline.'),
('describe_pipeline', 18, 'pipeline_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''pipeline'') #> ''{"arn"}''::text[])', 'nested', 'pipeline.arn', 'pipeline.arn: The ARN of the pipeline.'),
('describe_pipeline', 19, 'pipeline_creation_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''pipeline'') #> ''{"creationTime"}''::text[])', 'nested', 'pipeline.creationTime', 'pipeline.creationTime: When the pipeline was created.'),
('describe_pipeline', 20, 'pipeline_last_update_time', 'timestamptz', 'iotatrail.json_timestamptz(iotatrail.json_object(e.response_elements -> ''pipeline'') #> ''{"lastUpdateTime"}''::text[])', 'nested', 'pipeline.lastUpdateTime', 'pipeline.lastUpdateTime: The last time the pipeline was updated.'),
('describe_pipeline', 21, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('describe_pipeline', 22, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('get_dataset_content', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('get_dataset_content', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('get_dataset_content', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('get_dataset_content', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('get_dataset_content', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('get_dataset_content', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('get_dataset_content', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('get_dataset_content', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('get_dataset_content', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('get_dataset_content', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('get_dataset_content', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('get_dataset_content', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('get_dataset_content', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('get_dataset_content', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('get_dataset_content', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('get_dataset_content', 16, 'dataset_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datasetName'')', 'request', 'datasetName', 'request (in the URL path) datasetName: The name of the dataset whose contents are retrieved.'),
('get_dataset_content', 17, 'version_id', 'text', 'iotatrail.json_text(e.request_parameters -> ''versionId'')', 'request', 'versionId', 'request (in the URL query) versionId: The version of the dataset whose contents are retrieved. You can also use the strings "$LATEST" or "$LATEST_SUCCEEDED" to retrieve the contents of the latest or latest successfully completed dataset. If not specified, "$LATEST_SUCCEEDED" is the default.'),
('get_dataset_content', 18, 'entries', 'jsonb', 'iotatrail.json_array(e.response_elements -> ''entries'')', 'response', 'entries', 'response entries: A list of DatasetEntry objects.'),
('get_dataset_content', 19, 'timestamp', 'timestamptz', 'iotatrail.json_timestamptz(e.response_elements -> ''timestamp'')', 'response', 'timestamp', 'response timestamp: The time when the request was made.'),
('get_dataset_content', 20, 'status', 'jsonb', 'iotatrail.json_object(e.response_elements -> ''status'')', 'response', 'status', 'response status: The status of the dataset content.'),
('get_dataset_content', 21, 'content_state', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''status'') #> ''{"state"}''::text[])', 'nested', 'status.state', 'status.state: The state of the dataset contents. Can be one of READY, CREATING, SUCCEEDED, or FAILED.'),
('get_dataset_content', 22, 'content_state_reason', 'text', 'iotatrail.json_text(iotatrail.json_object(e.response_elements -> ''status'') #> ''{"reason"}''::text[])', 'nested', 'status.reason', 'status.reason: The reason the dataset contents are in this state.'),
('get_dataset_content', 23, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('get_dataset_content', 24, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('list_channels', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('list_channels', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('list_channels', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('list_channels', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('list_channels', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('list_channels', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('list_channels', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('list_channels', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('list_channels', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('list_channels', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('list_channels', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('list_channels', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('list_channels', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('list_channels', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('list_channels', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('list_channels', 16, 'next_token', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''nextToken''), iotatrail.json_text(e.response_elements -> ''nextToken''))', 'request_response', 'nextToken', 'request (in the URL query) and response nextToken: The token for the next set of results.'),
('list_channels', 17, 'max_results', 'bigint', 'iotatrail.json_bigint(e.request_parameters -> ''maxResults'')', 'request', 'maxResults', 'request (in the URL query) maxResults: The maximum number of results to return in this request. The default value is 100.'),
('list_channels', 18, 'channel_summaries', 'jsonb', 'iotatrail.json_array(e.response_elements -> ''channelSummaries'')', 'response', 'channelSummaries', 'response channelSummaries: A list of ChannelSummary objects.'),
('list_channels', 19, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('list_channels', 20, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('list_datasets', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('list_datasets', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('list_datasets', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('list_datasets', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('list_datasets', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('list_datasets', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('list_datasets', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('list_datasets', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('list_datasets', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('list_datasets', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('list_datasets', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('list_datasets', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('list_datasets', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('list_datasets', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('list_datasets', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('list_datasets', 16, 'next_token', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''nextToken''), iotatrail.json_text(e.response_elements -> ''nextToken''))', 'request_response', 'nextToken', 'request (in the URL query) and response nextToken: The token for the next set of results.'),
('list_datasets', 17, 'max_results', 'bigint', 'iotatrail.json_bigint(e.request_parameters -> ''maxResults'')', 'request', 'maxResults', 'request (in the URL query) maxResults: The maximum number of results to return in this request. The default value is 100.'),
('list_datasets', 18, 'dataset_summaries', 'jsonb', 'iotatrail.json_array(e.response_elements -> ''datasetSummaries'')', 'response', 'datasetSummaries', 'response datasetSummaries: A list of DatasetSummary objects.'),
('list_datasets', 19, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('list_datasets', 20, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('list_datastores', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('list_datastores', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('list_datastores', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('list_datastores', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('list_datastores', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('list_datastores', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('list_datastores', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('list_datastores', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('list_datastores', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('list_datastores', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('list_datastores', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('list_datastores', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('list_datastores', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('list_datastores', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('list_datastores', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('list_datastores', 16, 'next_token', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''nextToken''), iotatrail.json_text(e.response_elements -> ''nextToken''))', 'request_response', 'nextToken', 'request (in the URL query) and response nextToken: The token for the next set of results.'),
('list_datastores', 17, 'max_results', 'bigint', 'iotatrail.json_bigint(e.request_parameters -> ''maxResults'')', 'request', 'maxResults', 'request (in the URL query) maxResults: The maximum number of results to return in this request. The default value is 100.'),
('list_datastores', 18, 'datastore_summaries', 'jsonb', 'iotatrail.json_array(e.response_elements -> ''datastoreSummaries'')', 'response', 'datastoreSummaries', 'response datastoreSummaries: A list of DatastoreSummary objects.'),
('list_datastores', 19, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('list_datastores', 20, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('list_pipelines', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('list_pipelines', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('list_pipelines', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('list_pipelines', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('list_pipelines', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('list_pipelines', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('list_pipelines', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('list_pipelines', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('list_pipelines', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('list_pipelines', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('list_pipelines', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('list_pipelines', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('list_pipelines', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('list_pipelines', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('list_pipelines', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('list_pipelines', 16, 'next_token', 'text', 'coalesce(iotatrail.json_text(e.request_parameters -> ''nextToken''), iotatrail.json_text(e.response_elements -> ''nextToken''))', 'request_response', 'nextToken', 'request (in the URL query) and response nextToken: The token for the next set of results.'),
('list_pipelines', 17, 'max_results', 'bigint', 'iotatrail.json_bigint(e.request_parameters -> ''maxResults'')', 'request', 'maxResults', 'request (in the URL query) maxResults: The maximum number of results to return in this request. The default value is 100.'),
('list_pipelines', 18, 'pipeline_summaries', 'jsonb', 'iotatrail.json_array(e.response_elements -> ''pipelineSummaries'')', 'response', 'pipelineSummaries', 'response pipelineSummaries: A list of PipelineSummary objects.'),
('list_pipelines', 19, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('list_pipelines', 20, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('put_logging_options', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('put_logging_options', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('put_logging_options', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('put_logging_options', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('put_logging_options', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('put_logging_options', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('put_logging_options', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('put_logging_options', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('put_logging_options', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('put_logging_options', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('put_logging_options', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('put_logging_options', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('put_logging_options', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('put_logging_options', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('put_logging_options', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('put_logging_options', 16, 'logging_options', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''loggingOptions'')', 'request', 'loggingOptions', 'request loggingOptions: The new values of the IoT Analytics logging options.'),
('put_logging_options', 17, 'logging_role_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''loggingOptions'') #> ''{"roleArn"}''::text[])', 'nested', 'loggingOptions.roleArn', 'loggingOptions.roleArn: The ARN of the role that grants permission to IoT Analytics to perform logging.'),
('put_logging_options', 18, 'logging_level', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''loggingOptions'') #> ''{"level"}''::text[])', 'nested', 'loggingOptions.level', 'loggingOptions.level: The logging level. Currently, only ERROR is supported.'),
('put_logging_options', 19, 'logging_enabled', 'boolean', 'iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''loggingOptions'') #> ''{"enabled"}''::text[])', 'nested', 'loggingOptions.enabled', 'loggingOptions.enabled: If true, logging is enabled for IoT Analytics.'),
('put_logging_options', 20, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('put_logging_options', 21, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('run_pipeline_activity', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('run_pipeline_activity', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('run_pipeline_activity', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('run_pipeline_activity', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('run_pipeline_activity', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('run_pipeline_activity', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('run_pipeline_activity', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('run_pipeline_activity', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('run_pipeline_activity', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('run_pipeline_activity', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('run_pipeline_activity', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('run_pipeline_activity', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('run_pipeline_activity', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('run_pipeline_activity', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('run_pipeline_activity', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('run_pipeline_activity', 16, 'pipeline_activity', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''pipelineActivity'')', 'request', 'pipelineActivity', 'request pipelineActivity: The pipeline activity that is run. This must not be a channel activity or a data store activity because these activities are used in a pipeline only to load the original message and to store the (possibly) transformed message. If a Lambda activity is specified, only short-running Lambda functions (those with a timeout of less than 30 seconds or less) can be used.'),
('run_pipeline_activity', 17, 'payloads', 'jsonb', 'coalesce(iotatrail.json_array(e.request_parameters -> ''payloads''), iotatrail.json_array(e.response_elements -> ''payloads''))', 'request_response', 'payloads', 'request and response payloads: The sample message payloads on which the pipeline activity is run.'),
('run_pipeline_activity', 18, 'log_result', 'text', 'iotatrail.json_text(e.response_elements -> ''logResult'')', 'response', 'logResult', 'response logResult: In case the pipeline activity fails, the log message that is generated.'),
('run_pipeline_activity', 19, 'pipeline_activity_type', 'text', 'iotatrail.json_first_key(iotatrail.json_object(e.request_parameters -> ''pipelineActivity''))', 'nested', 'pipelineActivity', 'pipelineActivity: its kind (the one member set)'),
('run_pipeline_activity', 20, 'pipeline_activity_name', 'text', 'iotatrail.json_path_text(iotatrail.json_object(e.request_parameters -> ''pipelineActivity''), ''{"*","name"}''::text[])', 'nested', 'pipelineActivity.*.name', 'pipelineActivity.*.name: The name of the channel activity.'),
('run_pipeline_activity', 21, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('run_pipeline_activity', 22, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('sample_channel_data', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('sample_channel_data', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('sample_channel_data', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('sample_channel_data', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('sample_channel_data', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('sample_channel_data', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('sample_channel_data', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('sample_channel_data', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('sample_channel_data', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('sample_channel_data', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('sample_channel_data', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('sample_channel_data', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('sample_channel_data', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('sample_channel_data', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('sample_channel_data', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('sample_channel_data', 16, 'channel_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''channelName'')', 'request', 'channelName', 'request (in the URL path) channelName: The name of the channel whose message samples are retrieved.'),
('sample_channel_data', 17, 'max_messages', 'bigint', 'iotatrail.json_bigint(e.request_parameters -> ''maxMessages'')', 'request', 'maxMessages', 'request (in the URL query) maxMessages: The number of sample messages to be retrieved. The limit is 10. The default is also 10.'),
('sample_channel_data', 18, 'start_time', 'timestamptz', 'iotatrail.json_timestamptz(e.request_parameters -> ''startTime'')', 'request', 'startTime', 'request (in the URL query) startTime: The start of the time window from which sample messages are retrieved.'),
('sample_channel_data', 19, 'end_time', 'timestamptz', 'iotatrail.json_timestamptz(e.request_parameters -> ''endTime'')', 'request', 'endTime', 'request (in the URL query) endTime: The end of the time window from which sample messages are retrieved.'),
('sample_channel_data', 20, 'payloads', 'jsonb', 'iotatrail.json_array(e.response_elements -> ''payloads'')', 'response', 'payloads', 'response payloads: The list of message samples. Each sample message is returned as a base64-encoded string.'),
('sample_channel_data', 21, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('sample_channel_data', 22, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('start_pipeline_reprocessing', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('start_pipeline_reprocessing', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('start_pipeline_reprocessing', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('start_pipeline_reprocessing', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('start_pipeline_reprocessing', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('start_pipeline_reprocessing', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('start_pipeline_reprocessing', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('start_pipeline_reprocessing', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('start_pipeline_reprocessing', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('start_pipeline_reprocessing', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('start_pipeline_reprocessing', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('start_pipeline_reprocessing', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('start_pipeline_reprocessing', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('start_pipeline_reprocessing', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('start_pipeline_reprocessing', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('start_pipeline_reprocessing', 16, 'pipeline_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''pipelineName'')', 'request', 'pipelineName', 'request (in the URL path) pipelineName: The name of the pipeline on which to start reprocessing.'),
('start_pipeline_reprocessing', 17, 'start_time', 'timestamptz', 'iotatrail.json_timestamptz(e.request_parameters -> ''startTime'')', 'request', 'startTime', 'request startTime: The start time (inclusive) of raw message data that is reprocessed. If you specify a value for the startTime parameter, you must not use the channelMessages object.'),
('start_pipeline_reprocessing', 18, 'end_time', 'timestamptz', 'iotatrail.json_timestamptz(e.request_parameters -> ''endTime'')', 'request', 'endTime', 'request endTime: The end time (exclusive) of raw message data that is reprocessed. If you specify a value for the endTime parameter, you must not use the channelMessages object.'),
('start_pipeline_reprocessing', 19, 'channel_messages', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''channelMessages'')', 'request', 'channelMessages', 'request channelMessages: Specifies one or more sets of channel messages that you want to reprocess. If you use the channelMessages object, you must not specify a value for startTime and endTime .'),
('start_pipeline_reprocessing', 20, 'reprocessing_id', 'text', 'iotatrail.json_text(e.response_elements -> ''reprocessingId'')', 'response', 'reprocessingId', 'response reprocessingId: The ID of the pipeline reprocessing activity that was started.'),
('start_pipeline_reprocessing', 21, 'channel_message_s3_paths', 'text[]', 'iotatrail.json_collect_text(iotatrail.json_object(e.request_parameters -> ''channelMessages'') #> ''{"s3Paths"}''::text[], ''{}''::text[])', 'nested', 'channelMessages.s3Paths', 'channelMessages.s3Paths: Specifies one or more keys that identify the Amazon Simple Storage Service (Amazon S3) objects that save your channel messages. You must use the full path for the key. Example path: channel/mychannel/__dt=2020-02-29 00:00:00/1582940490000_1582940520000_123456789012_mychannel_0_2118.0.json.gz'),
('start_pipeline_reprocessing', 22, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('start_pipeline_reprocessing', 23, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('update_channel', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('update_channel', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('update_channel', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('update_channel', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('update_channel', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('update_channel', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('update_channel', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('update_channel', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('update_channel', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('update_channel', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('update_channel', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('update_channel', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('update_channel', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('update_channel', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('update_channel', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('update_channel', 16, 'channel_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''channelName'')', 'request', 'channelName', 'request (in the URL path) channelName: The name of the channel to be updated.'),
('update_channel', 17, 'channel_storage', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''channelStorage'')', 'request', 'channelStorage', 'request channelStorage: Where channel data is stored. You can choose one of serviceManagedS3 or customerManagedS3 storage. If not specified, the default is serviceManagedS3 . You can''t change this storage option after the channel is created.'),
('update_channel', 18, 'retention_period', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''retentionPeriod'')', 'request', 'retentionPeriod', 'request retentionPeriod: How long, in days, message data is kept for the channel. The retention period can''t be updated if the channel''s Amazon S3 storage is customer-managed.'),
('update_channel', 19, 'channel_storage_kind', 'text', 'CASE iotatrail.json_first_key(iotatrail.json_object(e.request_parameters -> ''channelStorage'')) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' END', 'nested', 'channelStorage', 'channelStorage: which one is set: service_managed (serviceManagedS3), customer_managed (customerManagedS3)'),
('update_channel', 20, 'channel_storage_bucket', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''channelStorage'') #> ''{"customerManagedS3","bucket"}''::text[])', 'nested', 'channelStorage.customerManagedS3.bucket', 'channelStorage.customerManagedS3.bucket: The name of the S3 bucket in which channel data is stored.'),
('update_channel', 21, 'channel_storage_key_prefix', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''channelStorage'') #> ''{"customerManagedS3","keyPrefix"}''::text[])', 'nested', 'channelStorage.customerManagedS3.keyPrefix', 'channelStorage.customerManagedS3.keyPrefix: (Optional) The prefix used to create the keys of the channel data objects. Each object in an S3 bucket has a key that is its unique identifier in the bucket. Each object in a bucket has exactly one key. The prefix must end with a forward slash (/).'),
('update_channel', 22, 'channel_storage_role_arn', 'text', 'iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''channelStorage'') #> ''{"customerManagedS3","roleArn"}''::text[])', 'nested', 'channelStorage.customerManagedS3.roleArn', 'channelStorage.customerManagedS3.roleArn: The ARN of the role that grants IoT Analytics permission to interact with your Amazon S3 resources.'),
('update_channel', 23, 'retention_unlimited', 'boolean', 'iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"unlimited"}''::text[])', 'nested', 'retentionPeriod.unlimited', 'retentionPeriod.unlimited: If true, message data is kept indefinitely.'),
('update_channel', 24, 'retention_days', 'integer', 'iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[])', 'nested', 'retentionPeriod.numberOfDays', 'retentionPeriod.numberOfDays: The number of days that message data is kept. The unlimited parameter must be false.'),
('update_channel', 25, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('update_channel', 26, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('update_dataset', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('update_dataset', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('update_dataset', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('update_dataset', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('update_dataset', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('update_dataset', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('update_dataset', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('update_dataset', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('update_dataset', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('update_dataset', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('update_dataset', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('update_dataset', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('update_dataset', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('update_dataset', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('update_dataset', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('update_dataset', 16, 'dataset_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datasetName'')', 'request', 'datasetName', 'request (in the URL path) datasetName: The name of the dataset to update.'),
('update_dataset', 17, 'actions', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''actions'')', 'request', 'actions', 'request actions: A list of DatasetAction objects.'),
('update_dataset', 18, 'triggers', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''triggers'')', 'request', 'triggers', 'request triggers: A list of DatasetTrigger objects. The list can be empty or can contain up to five DatasetTrigger objects.'),
('update_dataset', 19, 'content_delivery_rules', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''contentDeliveryRules'')', 'request', 'contentDeliveryRules', 'request contentDeliveryRules: When dataset contents are created, they are delivered to destinations specified here.'),
('update_dataset', 20, 'retention_period', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''retentionPeriod'')', 'request', 'retentionPeriod', 'request retentionPeriod: How long, in days, dataset contents are kept for the dataset.'),
('update_dataset', 21, 'versioning_configuration', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''versioningConfiguration'')', 'request', 'versioningConfiguration', 'request versioningConfiguration: Optional. How many versions of dataset contents are kept. If not specified or set to null, only the latest version plus the latest succeeded version (if they are different) are kept for the time period specified by the retentionPeriod parameter. For more information, see Keeping Multiple Versions of IoT Analytics datasets in the IoT Analytics User Guide .'),
('update_dataset', 22, 'late_data_rules', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''lateDataRules'')', 'request', 'lateDataRules', 'request lateDataRules: A list of data rules that send notifications to CloudWatch, when data arrives late. To specify lateDataRules , the dataset must use a DeltaTimer filter.'),
('update_dataset', 23, 'dataset_action_names', 'text[]', 'iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''actions''), ''{"actionName"}''::text[])', 'nested', 'actions.actionName', 'actions.actionName of each element: The name of the dataset action by which dataset contents are automatically created.'),
('update_dataset', 24, 'sql_query', 'text', '(iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''actions''), ''{"queryAction","sqlQuery"}''::text[]))[1]', 'nested', 'actions.queryAction.sqlQuery', 'actions.queryAction.sqlQuery of the first element that has one: A SQL query string.'),
('update_dataset', 25, 'container_image', 'text', '(iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''actions''), ''{"containerAction","image"}''::text[]))[1]', 'nested', 'actions.containerAction.image', 'actions.containerAction.image of the first element that has one: The ARN of the Docker container stored in your account. The Docker container contains an application and required support libraries and is used to generate dataset contents.'),
('update_dataset', 26, 'schedule_expression', 'text', '(iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''triggers''), ''{"schedule","expression"}''::text[]))[1]', 'nested', 'triggers.schedule.expression', 'triggers.schedule.expression of the first element that has one: The expression that defines when to trigger an update. For more information, see Schedule Expressions for Rules in the Amazon CloudWatch Events User Guide .'),
('update_dataset', 27, 'triggering_dataset_names', 'text[]', 'iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''triggers''), ''{"dataset","name"}''::text[])', 'nested', 'triggers.dataset.name', 'triggers.dataset.name of each element: The name of the dataset whose content generation triggers the new dataset content generation.'),
('update_dataset', 28, 'retention_unlimited', 'boolean', 'iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"unlimited"}''::text[])', 'nested', 'retentionPeriod.unlimited', 'retentionPeriod.unlimited: If true, message data is kept indefinitely.'),
('update_dataset', 29, 'retention_days', 'integer', 'iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[])', 'nested', 'retentionPeriod.numberOfDays', 'retentionPeriod.numberOfDays: The number of days that message data is kept. The unlimited parameter must be false.'),
('update_dataset', 30, 'versioning_unlimited', 'boolean', 'iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''versioningConfiguration'') #> ''{"unlimited"}''::text[])', 'nested', 'versioningConfiguration.unlimited', 'versioningConfiguration.unlimited: If true, unlimited versions of dataset contents are kept.'),
('update_dataset', 31, 'versioning_max_versions', 'integer', 'iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''versioningConfiguration'') #> ''{"maxVersions"}''::text[])', 'nested', 'versioningConfiguration.maxVersions', 'versioningConfiguration.maxVersions: How many versions of dataset contents are kept. The unlimited parameter must be false .'),
('update_dataset', 32, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('update_dataset', 33, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('update_datastore', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('update_datastore', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('update_datastore', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('update_datastore', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('update_datastore', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('update_datastore', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('update_datastore', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('update_datastore', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('update_datastore', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('update_datastore', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('update_datastore', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('update_datastore', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('update_datastore', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('update_datastore', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('update_datastore', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('update_datastore', 16, 'datastore_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''datastoreName'')', 'request', 'datastoreName', 'request (in the URL path) datastoreName: The name of the data store to be updated.'),
('update_datastore', 17, 'retention_period', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''retentionPeriod'')', 'request', 'retentionPeriod', 'request retentionPeriod: How long, in days, message data is kept for the data store. The retention period can''t be updated if the data store''s Amazon S3 storage is customer-managed.'),
('update_datastore', 18, 'datastore_storage', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''datastoreStorage'')', 'request', 'datastoreStorage', 'request datastoreStorage: Where data in a data store is stored.. You can choose serviceManagedS3 storage, customerManagedS3 storage, or iotSiteWiseMultiLayerStorage storage. The default is serviceManagedS3 . You can''t change the choice of Amazon S3 storage after your data store is created.'),
('update_datastore', 19, 'file_format_configuration', 'jsonb', 'iotatrail.json_object(e.request_parameters -> ''fileFormatConfiguration'')', 'request', 'fileFormatConfiguration', 'request fileFormatConfiguration: Contains the configuration information of file formats. IoT Analytics data stores support JSON and Parquet . The default file format is JSON. You can specify only one format. You can''t change the file format after you create the data store.'),
('update_datastore', 20, 'retention_unlimited', 'boolean', 'iotatrail.json_boolean(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"unlimited"}''::text[])', 'nested', 'retentionPeriod.unlimited', 'retentionPeriod.unlimited: If true, message data is kept indefinitely.'),
('update_datastore', 21, 'retention_days', 'integer', 'iotatrail.json_integer(iotatrail.json_object(e.request_parameters -> ''retentionPeriod'') #> ''{"numberOfDays"}''::text[])', 'nested', 'retentionPeriod.numberOfDays', 'retentionPeriod.numberOfDays: The number of days that message data is kept. The unlimited parameter must be false.'),
('update_datastore', 22, 'datastore_storage_kind', 'text', 'CASE iotatrail.json_first_key(iotatrail.json_object(e.request_parameters -> ''datastoreStorage'')) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' WHEN ''iotSiteWiseMultiLayerStorage'' THEN ''iot_sitewise_multi_layer'' END', 'nested', 'datastoreStorage', 'datastoreStorage: which one is set: service_managed (serviceManagedS3), customer_managed (customerManagedS3), iot_sitewise_multi_layer (iotSiteWiseMultiLayerStorage)'),
('update_datastore', 23, 'datastore_storage_bucket', 'text', 'coalesce(iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''datastoreStorage'') #> ''{"customerManagedS3","bucket"}''::text[]), iotatrail.json_text(iotatrail.json_object(e.request_parameters -> ''datastoreStorage'') #> ''{"iotSiteWiseMultiLayerStorage","customerManagedS3Storage","bucket"}''::text[]))', 'nested', 'datastoreStorage.customerManagedS3.bucket | datastoreStorage.iotSiteWiseMultiLayerStorage.customerManagedS3Storage.bucket', 'datastoreStorage.customerManagedS3.bucket | datastoreStorage.iotSiteWiseMultiLayerStorage.customerManagedS3Storage.bucket: The name of the Amazon S3 bucket where your data is stored.'),
('update_datastore', 24, 'file_format', 'text', 'CASE iotatrail.json_first_key(iotatrail.json_object(e.request_parameters -> ''fileFormatConfiguration'')) WHEN ''jsonConfiguration'' THEN ''json'' WHEN ''parquetConfiguration'' THEN ''parquet'' END', 'nested', 'fileFormatConfiguration', 'fileFormatConfiguration: which one is set: json (jsonConfiguration), parquet (parquetConfiguration)'),
('update_datastore', 25, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('update_datastore', 26, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);

INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES
('update_pipeline', 1, 'event_time', 'timestamptz', 'e.event_time', 'event', NULL, NULL),
('update_pipeline', 2, 'event_id', 'uuid', 'e.event_id', 'event', NULL, NULL),
('update_pipeline', 3, 'aws_region', 'text', 'e.aws_region', 'event', NULL, NULL),
('update_pipeline', 4, 'recipient_account_id', 'text', 'e.recipient_account_id', 'event', NULL, NULL),
('update_pipeline', 5, 'identity_kind', 'text', 'e.identity_kind', 'event', NULL, NULL),
('update_pipeline', 6, 'principal_arn', 'text', 'e.principal_arn', 'event', NULL, NULL),
('update_pipeline', 7, 'user_name', 'text', 'e.user_name', 'event', NULL, NULL),
('update_pipeline', 8, 'session_issuer_arn', 'text', 'e.session_issuer_arn', 'event', NULL, NULL),
('update_pipeline', 9, 'temporary_credentials', 'boolean', 'e.temporary_credentials', 'event', NULL, NULL),
('update_pipeline', 10, 'mfa_authenticated', 'boolean', 'e.mfa_authenticated', 'event', NULL, NULL),
('update_pipeline', 11, 'source_ip', 'inet', 'e.source_ip', 'event', NULL, NULL),
('update_pipeline', 12, 'user_agent', 'text', 'e.user_agent', 'event', NULL, NULL),
('update_pipeline', 13, 'error_code', 'text', 'e.error_code', 'event', NULL, NULL),
('update_pipeline', 14, 'error_message', 'text', 'e.error_message', 'event', NULL, NULL),
('update_pipeline', 15, 'succeeded', 'boolean', '(e.error_code IS NULL)', 'event', NULL, 'true when the call succeeded (no errorCode in the record)'),
('update_pipeline', 16, 'pipeline_name', 'text', 'iotatrail.json_text(e.request_parameters -> ''pipelineName'')', 'request', 'pipelineName', 'request (in the URL path) pipelineName: The name of the pipeline to update.'),
('update_pipeline', 17, 'pipeline_activities', 'jsonb', 'iotatrail.json_array(e.request_parameters -> ''pipelineActivities'')', 'request', 'pipelineActivities', 'request pipelineActivities: A list of PipelineActivity objects. Activities perform transformations on your messages, such as removing, renaming or adding message attributes; filtering messages based on attribute values; invoking your Lambda functions on messages for advanced processing; or performing mathematical transformations to normalize device data. The list can be 2-25 PipelineActivity objects and must contain both a channel and a datastore activity. Each entry in the list must contain only one activity. For example: pipelineActivities = [ { "channel": { ... } }, { "lambda": { ... } }, ... ]'),
('update_pipeline', 18, 'pipeline_activity_names', 'text[]', 'iotatrail.json_collect_text(iotatrail.json_array(e.request_parameters -> ''pipelineActivities''), ''{"*","name"}''::text[])', 'nested', 'pipelineActivities.*.name', 'pipelineActivities.*.name of each element: The name of the channel activity.'),
('update_pipeline', 19, 'pipeline_activity_types', 'text[]', 'iotatrail.json_collect_first_key(iotatrail.json_array(e.request_parameters -> ''pipelineActivities''))', 'nested', 'pipelineActivities', 'pipelineActivities: the kind of each element (its one member)'),
('update_pipeline', 20, 'request_parameters', 'jsonb', 'e.request_parameters', 'event', NULL, NULL),
('update_pipeline', 21, 'response_elements', 'jsonb', 'e.response_elements', 'event', NULL, NULL);
-- Schema iotanalytics: the views of every action over the logs at the
-- iotatrail.location setting, for ad hoc questions without a server of
-- your own.  Trails of their own get their own schema through IMPORT
-- FOREIGN SCHEMA.  Since 0.2.0 the events are a foreign table (0.1.0 had a
-- view over read_events), so the views get key pruning, the per-record
-- checks and parallel scans; a fresh install and the update from 0.1.0
-- both run this part, after update_drops.sql removed the old views.

-- The server of the foreign table; user mappings on it hold S3 keys for
-- an s3:// iotatrail.location
CREATE SERVER iotatrail_location FOREIGN DATA WRAPPER iotatrail;
COMMENT ON SERVER iotatrail_location IS
'the server of iotanalytics.events, which reads the logs at iotatrail.location; a user mapping on it gives S3 keys for an s3:// location';
GRANT USAGE ON FOREIGN SERVER iotatrail_location TO PUBLIC;

-- Every event column, in the type's order; the location is the setting's
-- value when a query is planned and again when its scan starts
DO $$
BEGIN
    EXECUTE pg_catalog.format(
        'CREATE FOREIGN TABLE iotanalytics.events (%s) SERVER iotatrail_location OPTIONS (location_setting %L)',
        (SELECT pg_catalog.string_agg(pg_catalog.format('%I %s', a.attname,
                                                        pg_catalog.format_type(a.atttypid, a.atttypmod)),
                                      ', ' ORDER BY a.attnum)
           FROM pg_catalog.pg_attribute a
          WHERE a.attrelid = 'iotatrail.event'::pg_catalog.regclass
            AND a.attnum > 0 AND NOT a.attisdropped),
        'iotatrail.location');
END
$$;
COMMENT ON FOREIGN TABLE iotanalytics.events IS
'IoT Analytics events of the CloudTrail logs at iotatrail.location';
SELECT iotatrail_internal.comment_event_columns('iotanalytics.events');

SELECT count(*) FROM iotatrail.create_views('iotanalytics', 'iotanalytics.events');

GRANT SELECT ON ALL TABLES IN SCHEMA iotanalytics TO PUBLIC;
-- CloudTrail log file integrity validation: iotatrail.verify_digests.
--
-- The functions it stands on are C (src/trail_verify.c); the walk over the
-- digest chains is here, where it reads as the AWS procedure does.  The C
-- steps are internal (comments.sql says what each does).

CREATE FUNCTION iotatrail_internal.object_content(object text, server text DEFAULT NULL)
RETURNS bytea
AS 'MODULE_PATHNAME', 'iotatrail_object_content'
LANGUAGE C VOLATILE;

CREATE FUNCTION iotatrail_internal.object_sha256(object text, server text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_object_sha256'
LANGUAGE C VOLATILE;

CREATE FUNCTION iotatrail_internal.object_signature(object text, server text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_object_signature'
LANGUAGE C VOLATILE;

CREATE FUNCTION iotatrail_internal.rsa_sha256_verify(public_key bytea, message text, signature_hex text)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_rsa_sha256_verify'
LANGUAGE C IMMUTABLE STRICT;

CREATE FUNCTION iotatrail_internal.list_public_keys_page(server text, request jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_list_public_keys_page'
LANGUAGE C VOLATILE;

-- ListPublicKeys through every page, in the shape verify_digests takes
CREATE OR REPLACE FUNCTION iotatrail.list_public_keys(
    server text DEFAULT NULL,
    start_time timestamptz DEFAULT NULL,
    end_time timestamptz DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    page jsonb;
    token text;
    keys jsonb := '[]';
BEGIN
    LOOP
        page := iotatrail_internal.list_public_keys_page(server, jsonb_strip_nulls(jsonb_build_object(
                    'StartTime', extract(epoch FROM start_time),
                    'EndTime', extract(epoch FROM end_time),
                    'NextToken', token)));
        keys := keys || coalesce(page->'PublicKeyList', '[]');
        token := page->>'NextToken';
        EXIT WHEN coalesce(token, '') = '';
    END LOOP;
    RETURN jsonb_build_object('PublicKeyList', keys);
END
$function$;

COMMENT ON FUNCTION iotatrail.list_public_keys(text, timestamptz, timestamptz) IS
'the public keys CloudTrail signed digests with between start_time and end_time (default: all), from ListPublicKeys in the server''s region or at its cloudtrail_endpoint, as {"PublicKeyList": [...]}: pass it to verify_digests';

-- The steps of verify_digests.  Its temporary tables: the public keys
-- (iotatrail_keys), every digest file at the location, read
-- (iotatrail_digests), and the log files digests list (iotatrail_listed)
CREATE OR REPLACE FUNCTION iotatrail_internal.digest_read(location text, public_keys jsonb, server text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    d record;
BEGIN
    -- left over when an earlier call in this session failed
    IF to_regclass('pg_temp.iotatrail_digests') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_keys, pg_temp.iotatrail_digests,
            pg_temp.iotatrail_listed;
    END IF;
    -- public keys: ListPublicKeys output, or an array of {Fingerprint, Value}
    CREATE TEMP TABLE iotatrail_keys AS
    SELECT lower(coalesce(k->>'Fingerprint', k->>'fingerprint')) AS fingerprint,
           CASE WHEN coalesce(k->>'Value', k->>'value') LIKE '-----BEGIN%'
                THEN convert_to(coalesce(k->>'Value', k->>'value'), 'UTF8')
                ELSE decode(coalesce(k->>'Value', k->>'value'), 'base64') END AS key
    FROM jsonb_array_elements(CASE jsonb_typeof(public_keys)
                                  WHEN 'array' THEN public_keys
                                  ELSE coalesce(public_keys->'PublicKeyList', '[]') END) AS k;

    CREATE TEMP TABLE iotatrail_digests (
        object text, sha256 text, doc jsonb, signature text, problem text);
    FOR d IN SELECT o.object FROM iotatrail.list_objects(location, server, true) AS o LOOP
        BEGIN
            INSERT INTO pg_temp.iotatrail_digests
            SELECT d.object, encode(sha256(c), 'hex'), convert_from(c, 'UTF8')::jsonb,
                   iotatrail_internal.object_signature(d.object, server), NULL
            FROM iotatrail_internal.object_content(d.object, server) AS c;
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO pg_temp.iotatrail_digests VALUES (d.object, NULL, NULL, NULL, SQLERRM);
        END;
    END LOOP;

    CREATE TEMP TABLE iotatrail_listed (object text PRIMARY KEY);
END
$function$;

-- One digest's status and what is wrong with it: readable, signed with a
-- key given, its signature valid, and the previous digest it names there
-- and as it recorded it
CREATE OR REPLACE FUNCTION iotatrail_internal.digest_check(
    doc jsonb, digest_sha256 text, signature text, chained_signature text, problem text,
    OUT status text, OUT detail text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    prev_key text := doc->>'previousDigestS3Object';
    prev record;
    pub bytea;
    sig text;
    verdict text;
BEGIN
    status := 'ok';
    detail := NULL;
    IF problem IS NOT NULL THEN
        status := 'unreadable';
        detail := problem;
    ELSE
        SELECT k.key INTO pub FROM pg_temp.iotatrail_keys k
        WHERE k.fingerprint = lower(doc->>'digestPublicKeyFingerprint');
        sig := coalesce(signature, chained_signature);
        IF pub IS NULL THEN
            status := 'no public key';
            detail := format('no public key has fingerprint %s', doc->>'digestPublicKeyFingerprint');
        ELSIF sig IS NULL THEN
            status := 'unsigned';
            detail := 'the digest has no signature: no S3 metadata or .signature file, and no later digest names it';
        ELSE
            verdict := iotatrail_internal.rsa_sha256_verify(pub,
                concat_ws(E'\n', doc->>'digestEndTime',
                          (doc->>'digestS3Bucket') || '/' || (doc->>'digestS3Object'),
                          digest_sha256,
                          coalesce(doc->>'previousDigestSignature', 'null')),
                sig);
            IF verdict <> 'ok' THEN
                status := 'invalid signature';
                detail := verdict;
            END IF;
        END IF;
        IF status = 'ok' AND prev_key IS NOT NULL THEN
            SELECT p.* INTO prev FROM pg_temp.iotatrail_digests p
            WHERE p.doc->>'digestS3Object' = prev_key;
            IF NOT FOUND THEN
                status := 'broken chain';
                detail := format('the previous digest %s is missing', prev_key);
            ELSIF prev.sha256 IS DISTINCT FROM doc->>'previousDigestHashValue' THEN
                status := 'broken chain';
                detail := format('the previous digest %s has SHA-256 %s, this digest recorded %s',
                                 prev_key, prev.sha256, doc->>'previousDigestHashValue');
            ELSIF prev.signature IS DISTINCT FROM doc->>'previousDigestSignature'
                  AND prev.signature IS NOT NULL THEN
                status := 'broken chain';
                detail := format('the previous digest %s is signed differently from what this digest recorded', prev_key);
            END IF;
        END IF;
    END IF;
END
$function$;

CREATE OR REPLACE FUNCTION iotatrail.verify_digests(
    location text,
    public_keys jsonb,
    server text DEFAULT NULL)
RETURNS TABLE (
    kind text,
    object text,
    status text,
    detail text,
    digest_object text,
    digest_status text,
    digest_start timestamptz,
    digest_end timestamptz,
    oldest_event_time timestamptz,
    newest_event_time timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    -- keys in digests are relative to the folder holding AWSLogs/
    base text := coalesce(substring(location from '^(.*?)AWSLogs/'),
                          rtrim(location, '/') || '/');
    d record;
    lf jsonb;
    hash text;
    why text;
BEGIN
    PERFORM iotatrail_internal.digest_read(location, public_keys, server);

    FOR d IN
        SELECT g.*,
               g.doc->>'digestS3Object' AS key,
               g.doc->>'previousDigestS3Object' AS prev_key,
               -- without its own signature, the next digest in the chain has it
               (SELECT n.doc->>'previousDigestSignature' FROM iotatrail_digests n
                WHERE n.doc->>'previousDigestS3Object' = g.doc->>'digestS3Object'
                LIMIT 1) AS chained_signature
        FROM iotatrail_digests g
        ORDER BY g.doc->>'awsAccountId', g.object
    LOOP
        SELECT * INTO status, detail
          FROM iotatrail_internal.digest_check(d.doc, d.sha256, d.signature, d.chained_signature, d.problem);

        kind := 'digest';
        object := d.object;
        digest_object := d.object;
        digest_status := status;
        digest_start := (d.doc->>'digestStartTime')::timestamptz;
        digest_end := (d.doc->>'digestEndTime')::timestamptz;
        oldest_event_time := (d.doc->>'oldestEventTime')::timestamptz;
        newest_event_time := (d.doc->>'newestEventTime')::timestamptz;
        RETURN NEXT;

        FOR lf IN SELECT * FROM jsonb_array_elements(coalesce(d.doc->'logFiles', '[]')) LOOP
            kind := 'log';
            object := base || (lf->>'s3Object');
            oldest_event_time := (lf->>'oldestEventTime')::timestamptz;
            newest_event_time := (lf->>'newestEventTime')::timestamptz;
            detail := NULL;
            BEGIN
                hash := iotatrail_internal.object_sha256(object, server);
                why := NULL;
            EXCEPTION WHEN OTHERS THEN
                hash := '';
                why := SQLERRM;
            END;
            IF hash IS NULL THEN
                status := 'missing log file';
            ELSIF hash <> lf->>'hashValue' THEN
                status := 'hash mismatch';
                detail := coalesce('the file cannot be read: ' || why,
                                   format('SHA-256 %s, the digest recorded %s', hash, lf->>'hashValue'));
            ELSE
                status := 'ok';
            END IF;
            INSERT INTO iotatrail_listed VALUES (object) ON CONFLICT DO NOTHING;
            RETURN NEXT;
        END LOOP;
    END LOOP;

    -- log files no digest vouches for
    FOR d IN
        SELECT o.object FROM iotatrail.list_objects(location, server) AS o
        WHERE NOT EXISTS (SELECT FROM iotatrail_listed l WHERE l.object = o.object)
    LOOP
        kind := 'log';
        object := d.object;
        status := 'not in any digest';
        detail := 'no digest lists this file; it may be newer than the newest digest, or its digest is missing';
        digest_object := NULL;
        digest_status := NULL;
        digest_start := NULL;
        digest_end := NULL;
        oldest_event_time := NULL;
        newest_event_time := NULL;
        RETURN NEXT;
    END LOOP;
    DROP TABLE iotatrail_keys, iotatrail_digests, iotatrail_listed;
END
$function$;

COMMENT ON FUNCTION iotatrail.verify_digests(text, jsonb, text) IS
'CloudTrail log file integrity validation: one row per digest (ok, invalid signature, broken chain, unsigned, no public key, unreadable) and per log file (ok, missing log file, hash mismatch, not in any digest); public_keys is the output of aws cloudtrail list-public-keys, or an array of {Fingerprint, Value} with Value base64 DER or PEM';
-- Incremental, exactly-once copies of a trail into a table: iotatrail.sync.
--
-- A manifest remembers every log file loaded into a target (size, ETag or
-- modification time, records); a sync lists the source location, loads
-- what is new or changed in batches of objects, and commits after each
-- batch together with the batch's manifest rows, so an interrupted sync
-- keeps exactly the batches it finished and the next one does the rest.

CREATE TABLE iotatrail.sync_manifest (
    target regclass NOT NULL,
    object text NOT NULL,
    size bigint,
    etag text,
    modified timestamptz,
    records_loaded bigint NOT NULL DEFAULT 0,
    records_skipped bigint NOT NULL DEFAULT 0,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    missing_since timestamptz,
    PRIMARY KEY (target, object)
);
SELECT pg_catalog.pg_extension_config_dump('iotatrail.sync_manifest', '');

COMMENT ON TABLE iotatrail.sync_manifest IS
'every log file iotatrail.sync loaded into a target table, as it was listed when loaded';
COMMENT ON COLUMN iotatrail.sync_manifest.target IS 'the table the object''s events were loaded into';
COMMENT ON COLUMN iotatrail.sync_manifest.object IS 'path or s3:// URL of the log file, as source_object names it';
COMMENT ON COLUMN iotatrail.sync_manifest.size IS 'size in bytes when listed; a different size reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.etag IS 'S3 ETag when listed (NULL for local files); a different ETag reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.modified IS 'modification time of a local file (NULL on S3); a different time reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.records_loaded IS 'rows the object gave the target';
COMMENT ON COLUMN iotatrail.sync_manifest.records_skipped IS 'always 0 for now: records skipped under on_error ''skip'' are reported in the scan''s WARNING only';
COMMENT ON COLUMN iotatrail.sync_manifest.loaded_at IS 'when the batch that loaded the object committed (its transaction time)';
COMMENT ON COLUMN iotatrail.sync_manifest.missing_since IS 'first sync that no longer listed the object (its rows are kept); NULL while it is listed';

CREATE TABLE iotatrail.sync_runs (
    run_id bigserial PRIMARY KEY,
    pid int NOT NULL DEFAULT pg_backend_pid(),
    source regclass,
    target regclass,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    objects_total bigint NOT NULL DEFAULT 0,
    objects_done bigint NOT NULL DEFAULT 0,
    records_loaded bigint NOT NULL DEFAULT 0,
    bytes_total bigint NOT NULL DEFAULT 0,
    bytes_done bigint NOT NULL DEFAULT 0,
    error text
);

COMMENT ON TABLE iotatrail.sync_runs IS
'one row per iotatrail.sync call, updated with every committed batch; a run whose session died stays ''running'' until the next sync of its target marks it ''failed'' (iotatrail.sync_progress hides it)';
COMMENT ON COLUMN iotatrail.sync_runs.objects_total IS 'objects to load (new or changed) when the run started';
COMMENT ON COLUMN iotatrail.sync_runs.bytes_total IS 'their listed size';
COMMENT ON COLUMN iotatrail.sync_runs.error IS 'the error a failed run stopped with (NULL when its session was killed)';

CREATE VIEW iotatrail.sync_progress AS
SELECT r.run_id, r.pid, r.source, r.target, r.started_at,
       r.objects_done, r.objects_total, r.records_loaded, r.bytes_done, r.bytes_total,
       CASE WHEN r.objects_total = 0 THEN 100.0
            ELSE round(100.0 * r.objects_done / r.objects_total, 1) END AS percent_done,
       date_trunc('second', clock_timestamp() - r.started_at) AS elapsed
FROM iotatrail.sync_runs r
WHERE r.state = 'running'
  AND EXISTS (SELECT FROM pg_catalog.pg_stat_activity a
              WHERE a.pid = r.pid
                AND (a.backend_start IS NULL OR a.backend_start <= r.started_at));

COMMENT ON VIEW iotatrail.sync_progress IS
'syncs running now: runs in state ''running'' whose backend is alive, with the share of objects done';

-- Whether the procedure calling this may COMMIT (SPI's own answer: the
-- CALL was not atomic and no exception block is open).  Called by sync
-- itself, not by one of its steps: a function's call is always atomic.
CREATE OR REPLACE FUNCTION iotatrail_internal.transaction_control_allowed()
RETURNS boolean
AS 'MODULE_PATHNAME', 'iotatrail_transaction_control_allowed'
LANGUAGE C VOLATILE;

-- The steps of iotatrail.sync.  They are functions, so each pins its
-- search_path; the procedure, which commits, only calls them and commits.

-- Refuses what sync cannot do before it does anything: run where COMMIT
-- cannot work (can_commit: what transaction_control_allowed said to sync),
-- or without a source, a target or a batch size
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_check_arguments(
    can_commit boolean, source regclass, target text, batch_objects int)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT can_commit THEN
        RAISE EXCEPTION 'iotatrail.sync cannot run inside a transaction block'
            USING ERRCODE = 'active_sql_transaction',
                  DETAIL = 'It commits after every batch of objects, so that an interrupted sync keeps the batches it finished.',
                  HINT = 'CALL it on its own in autocommit mode: not after BEGIN, not from a function, not with other statements in the same query string. Drivers that open a transaction for you need autocommit on (psycopg: connection.autocommit = True; JDBC: setAutoCommit(true)).';
    END IF;
    IF source IS NULL OR target IS NULL OR btrim(target) = '' THEN
        RAISE EXCEPTION 'iotatrail.sync needs a source foreign table and a target table name'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_objects IS NULL OR batch_objects < 1 THEN
        RAISE EXCEPTION 'batch_objects must be at least 1, not %', coalesce(batch_objects::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

-- The source: a foreign table of the iotatrail wrapper; its options say
-- what to read.  Also checks the grants sync needs on its bookkeeping.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_resolve_source(
    source regclass,
    OUT loc text, OUT evsrc text, OUT onerr text, OUT maxrec text, OUT srv text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    src record;
    opts jsonb;
BEGIN
    SELECT c.relkind, ft.ftoptions, s.srvname, w.fdwname, w.fdwhandler
      INTO src
      FROM pg_catalog.pg_class c
      LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
      LEFT JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
      LEFT JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
     WHERE c.oid = source;
    IF src.relkind IS DISTINCT FROM 'f' THEN
        RAISE EXCEPTION '"%" is not a foreign table', source
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'The source of iotatrail.sync is a foreign table of the iotatrail wrapper, such as the events table IMPORT FOREIGN SCHEMA iotanalytics creates.';
    END IF;
    IF src.fdwhandler IS DISTINCT FROM 'iotatrail.fdw_handler'::regproc THEN
        RAISE EXCEPTION '"%" is not an iotatrail foreign table', source
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = format('Its server "%s" uses the foreign-data wrapper "%s".', src.srvname, src.fdwname);
    END IF;
    IF NOT has_table_privilege(source, 'SELECT') THEN
        RAISE EXCEPTION 'permission denied for foreign table %', source
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- the bookkeeping tables: name the grants rather than fail on the first
    IF NOT (has_table_privilege('iotatrail.sync_manifest', 'SELECT, INSERT, UPDATE, DELETE')
            AND has_table_privilege('iotatrail.sync_runs', 'SELECT, INSERT, UPDATE')
            AND has_sequence_privilege('iotatrail.sync_runs_run_id_seq', 'USAGE')) THEN
        RAISE EXCEPTION 'permission denied for table iotatrail.sync_manifest'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'iotatrail.sync records the log files it loaded in iotatrail.sync_manifest and its runs in iotatrail.sync_runs.',
                  HINT = format('A superuser can grant them: GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO %1$s; GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO %1$s; GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq TO %1$s;',
                                quote_ident(current_user));
    END IF;
    SELECT jsonb_object_agg(o.option_name, o.option_value) INTO opts
      FROM pg_catalog.pg_options_to_table(src.ftoptions) AS o;
    loc := opts->>'location';
    -- iotanalytics.events and other tables reading iotatrail.location: the
    -- setting's value now (the error of the views when it is not set)
    IF opts ? 'location_setting' THEN
        loc := iotatrail_internal.configured_location();
    END IF;
    evsrc := opts->>'event_source';        -- NULL: read_events' default, as the table's
    onerr := opts->>'on_error';
    maxrec := opts->>'max_record_size';
    srv := src.srvname;
    IF loc IS NULL THEN
        RAISE EXCEPTION 'foreign table "%" has no location', source
            USING ERRCODE = 'fdw_option_name_not_found';
    END IF;
END
$$;

-- The target: an existing table (target_oid, resolved by the caller in its
-- own terms), or the schema and name of one to create
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_resolve_target(
    target text, target_oid regclass, caller_schema name,
    OUT tid regclass, OUT tschema name, OUT tname name, OUT qualified text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tparts text[];
BEGIN
    tid := target_oid;
    IF tid IS NOT NULL THEN
        SELECT n.nspname, c.relname INTO tschema, tname
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = tid;
    ELSE
        tparts := parse_ident(target);
        IF cardinality(tparts) = 1 THEN
            tschema := caller_schema;
            tname := tparts[1];
            IF tschema IS NULL THEN
                RAISE EXCEPTION 'no schema has been selected to create "%" in', target
                    USING ERRCODE = 'invalid_schema_name',
                          HINT = 'Give the target with its schema: schema.table.';
            END IF;
        ELSIF cardinality(tparts) = 2 THEN
            tschema := tparts[1];
            tname := tparts[2];
        ELSE
            RAISE EXCEPTION 'invalid target name "%"', target
                USING ERRCODE = 'invalid_name',
                      HINT = 'Give a table name, optionally schema-qualified.';
        END IF;
    END IF;
    qualified := format('%I.%I', tschema, tname);
END
$$;

-- One sync per target at a time: a session lock on its name, held across
-- the batches' commits; returns the lock's second key.  A lock this session
-- kept from a sync that died in a COMMIT is released first.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_lock(lock1 int, qualified text)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lock2 int := hashtext(qualified);
    holder text;
BEGIN
    FOR i IN 1..100 LOOP
        EXIT WHEN NOT EXISTS (
            SELECT FROM pg_catalog.pg_locks l
             WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.objsubid = 2
               AND l.classid = (lock1::bigint & 4294967295)::oid
               AND l.objid = (lock2::bigint & 4294967295)::oid);
        PERFORM pg_advisory_unlock(lock1, lock2);
    END LOOP;
    IF NOT pg_try_advisory_lock(lock1, lock2) THEN
        SELECT string_agg(l.pid::text, ', ') INTO holder
          FROM pg_catalog.pg_locks l
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
           AND l.classid = (lock1::bigint & 4294967295)::oid
           AND l.objid = (lock2::bigint & 4294967295)::oid;
        RAISE EXCEPTION 'another sync of % is running', qualified
            USING ERRCODE = 'lock_not_available',
                  DETAIL = format('Backend %s holds the lock of this target.', coalesce(holder, '?')),
                  HINT = 'Wait until it ends (iotatrail.sync_progress shows it) or stop it with pg_cancel_backend().';
    END IF;
    RETURN lock2;
END
$$;

-- The target table: created (partitioned by month, with the indexes the
-- views' questions use) when missing, else checked; what sync writes of it:
-- the event columns (coldefs, for a new target and the staging table), the
-- target's event columns (cols), all its columns (allcols), and whether
-- months get partitions (partitioned, with its default partition)
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_prepare_target(
    source regclass, target_oid regclass, tschema name, tname name,
    OUT tid regclass, OUT created boolean, OUT coldefs text, OUT cols text, OUT allcols text,
    OUT partitioned boolean, OUT defpart regclass)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    qualified text := format('%I.%I', tschema, tname);
    missing_cols text;
BEGIN
    tid := target_oid;
    created := false;
    SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '
                      ORDER BY a.attnum)
      INTO coldefs
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = (SELECT t.typrelid FROM pg_catalog.pg_type t
                          WHERE t.oid = 'iotatrail.event'::regtype)
       AND a.attnum > 0 AND NOT a.attisdropped;
    IF tid IS NULL THEN
        EXECUTE format('CREATE TABLE %s (%s) PARTITION BY RANGE (event_time)', qualified, coldefs);
        tid := qualified::regclass;
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT',
                       tschema, left(tname, 55) || '_default', tid);
        -- what the per-action views over it ask: one action over a
        -- time range ((event_name, event_time) also serves event_name
        -- alone), a time range, and which events touched an ARN
        -- (resource_arns @> ARRAY[...])
        EXECUTE format('CREATE INDEX ON %s (event_time)', tid);
        EXECUTE format('CREATE INDEX ON %s (event_name, event_time)', tid);
        EXECUTE format('CREATE INDEX ON %s USING gin (resource_arns)', tid);
        EXECUTE format('CREATE UNIQUE INDEX ON %s (source_object, record_index, event_time) NULLS NOT DISTINCT', tid);
        EXECUTE format('COMMENT ON TABLE %s IS %L', tid,
                       format('events of %s stored by iotatrail.sync (manifest: iotatrail.sync_manifest)', source));
        created := true;
    ELSIF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tid) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '"%" is not a table', qualified
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Give the name of a table with the columns of iotatrail.event, or of one to create.';
    END IF;

    -- the event columns the target has, by name
    SELECT string_agg(quote_ident(e.attname), ', ' ORDER BY e.attnum)
      INTO cols
      FROM pg_catalog.pg_attribute e
      JOIN pg_catalog.pg_attribute a
        ON a.attrelid = tid AND a.attname = e.attname AND a.attnum > 0 AND NOT a.attisdropped
     WHERE e.attrelid = (SELECT t.typrelid FROM pg_catalog.pg_type t
                          WHERE t.oid = 'iotatrail.event'::regtype)
       AND e.attnum > 0 AND NOT e.attisdropped;
    SELECT string_agg(need, ', ') INTO missing_cols
      FROM unnest(ARRAY['source_object', 'record_index']) AS need
     WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = tid AND a.attname = need AND a.attnum > 0
                          AND NOT a.attisdropped);
    IF missing_cols IS NOT NULL THEN
        RAISE EXCEPTION 'table % has no column %', qualified, missing_cols
            USING ERRCODE = 'undefined_column',
                  DETAIL = 'iotatrail.sync replaces the rows of a changed log file by its source_object, and tells records apart by record_index.';
    END IF;
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO allcols
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = tid AND a.attnum > 0 AND NOT a.attisdropped;
    -- monthly partitions are made when the table is partitioned by range
    -- of event_time alone
    SELECT true, nullif(p.partdefid, 0)::regclass INTO partitioned, defpart
      FROM pg_catalog.pg_partitioned_table p
      JOIN pg_catalog.pg_attribute a
        ON a.attrelid = p.partrelid AND a.attname = 'event_time' AND a.attnum = p.partattrs[0]
     WHERE p.partrelid = tid AND p.partstrat = 'r' AND p.partnatts = 1;
    partitioned := coalesce(partitioned, false);
END
$$;

-- What to load: lists the location into pg_temp.iotatrail_sync_listed and
-- puts what is new, or changed in size, ETag, modification time or inode,
-- into pg_temp.iotatrail_sync_todo, numbered in the listing's order; marks
-- the manifest's entries no longer listed, and warns of them
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_plan(
    tid regclass, qualified text, coldefs text, loc text, srv text,
    OUT n_listed bigint, OUT n_total bigint, OUT n_changed bigint, OUT b_total bigint,
    OUT n_missing bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    leftover text;
    nestloop text;
    n_new_missing bigint;
    missing_names text[];
BEGIN
    -- manifests of tables that were dropped
    DELETE FROM iotatrail.sync_manifest m
     WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid = m.target);
    -- earlier runs of this target that never finished (their session
    -- died): with the lock held, none of them is still running
    UPDATE iotatrail.sync_runs r
       SET state = 'failed', finished_at = clock_timestamp()
     WHERE r.target = tid AND r.state = 'running';

    -- (left over when an earlier sync in this session failed)
    FOREACH leftover IN ARRAY ARRAY['iotatrail_sync_listed', 'iotatrail_sync_todo',
                                    'iotatrail_sync_stage', 'iotatrail_sync_moved'] LOOP
        IF to_regclass('pg_temp.' || leftover) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', leftover);
        END IF;
    END LOOP;
    EXECUTE 'CREATE TEMP TABLE iotatrail_sync_listed AS
             SELECT o.ord, o.object, o.size, o.etag, o.modified, o.inode, o.changed
               FROM iotatrail.list_objects($1, $2)
                    WITH ORDINALITY AS o(object, size, etag, modified, inode, changed, ord)'
      USING loc, srv;
    -- comparing the listing with the manifest stays linear whatever the
    -- manifest's statistics say (stale, they made nested loops over
    -- thousands of objects): the listing's are fresh, and the joins
    -- hash or merge
    EXECUTE 'ANALYZE pg_temp.iotatrail_sync_listed';
    nestloop := pg_catalog.current_setting('enable_nestloop');
    PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
    EXECUTE 'CREATE TEMP TABLE iotatrail_sync_todo AS
             SELECT row_number() OVER (ORDER BY l.ord) AS n, l.object, l.size, l.etag, l.modified,
                    l.inode, l.changed, m.object IS NOT NULL AS reload
               FROM pg_temp.iotatrail_sync_listed l
               LEFT JOIN iotatrail.sync_manifest m ON m.target = $1 AND m.object = l.object
              WHERE m.object IS NULL
                 OR m.size IS DISTINCT FROM l.size
                 OR m.etag IS DISTINCT FROM l.etag
                 OR (m.modified IS DISTINCT FROM l.modified
                     -- 0.1.0 kept whole seconds: such an entry still matches
                     AND NOT (m.modified = pg_catalog.date_trunc(''second'', m.modified)
                              AND m.modified = pg_catalog.date_trunc(''second'', l.modified)))
                 -- a file replaced by another (entries made before 0.2.0 have
                 -- no inode); not the ctime, which a chmod -R changes too
                 OR m.inode IS DISTINCT FROM l.inode AND m.inode IS NOT NULL'
      USING tid;
    -- and get them now, so a later rewrite that keeps size and mtime shows
    UPDATE iotatrail.sync_manifest m SET inode = l.inode, changed = l.changed
      FROM pg_temp.iotatrail_sync_listed l
     WHERE m.target = tid AND m.object = l.object AND m.inode IS NULL AND l.inode IS NOT NULL
       AND NOT EXISTS (SELECT FROM pg_temp.iotatrail_sync_todo t WHERE t.object = l.object);
    EXECUTE 'CREATE UNIQUE INDEX ON pg_temp.iotatrail_sync_todo (n)';
    EXECUTE format('CREATE TEMP TABLE iotatrail_sync_stage (%s)', coldefs);

    SELECT count(*) INTO n_listed FROM pg_temp.iotatrail_sync_listed;
    SELECT count(*), count(*) FILTER (WHERE t.reload), coalesce(sum(t.size), 0)
      INTO n_total, n_changed, b_total
      FROM pg_temp.iotatrail_sync_todo t;

    -- objects loaded before and listed no more: keep their rows, say so
    UPDATE iotatrail.sync_manifest m SET missing_since = NULL
     WHERE m.target = tid AND m.missing_since IS NOT NULL
       AND EXISTS (SELECT FROM pg_temp.iotatrail_sync_listed l WHERE l.object = m.object);
    UPDATE iotatrail.sync_manifest m SET missing_since = now()
     WHERE m.target = tid AND m.missing_since IS NULL
       AND NOT EXISTS (SELECT FROM pg_temp.iotatrail_sync_listed l WHERE l.object = m.object);
    GET DIAGNOSTICS n_new_missing = ROW_COUNT;
    PERFORM pg_catalog.set_config('enable_nestloop', nestloop, true);
    SELECT count(*), (array_agg(m.object ORDER BY m.object))[1:5]
      INTO n_missing, missing_names
      FROM iotatrail.sync_manifest m
     WHERE m.target = tid AND m.missing_since IS NOT NULL;
    IF n_missing > 0 THEN
        RAISE WARNING '% object(s) loaded into % are no longer listed at %: %', n_missing, qualified, loc,
            array_to_string(missing_names, ', ')
            || CASE WHEN n_missing > 5 THEN format(' and %s more', n_missing - 5) ELSE '' END
            USING DETAIL = format('%s of them missing since this sync. Their rows are kept; iotatrail.sync_manifest.missing_since says since when.', n_new_missing),
                  HINT = 'A log file that disappears from a trail was deleted or moved. Delete its rows and its manifest entry yourself if they should go.';
    END IF;
END
$$;

-- A batch's first step: reads its objects into pg_temp.iotatrail_sync_stage,
-- in one scan (S3 objects fetched several at a time, with no listing: the
-- run listed them once).  Under on_error 'skip' bad records are counted
-- (skipped: object -> count), and a file not read to its end is left out
-- (unread), to be tried again next time.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_load_batch(
    objs text[], evsrc text, onerr text, maxrec text, srv text,
    OUT skipped jsonb, OUT unread text[])
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    TRUNCATE pg_temp.iotatrail_sync_stage;
    INSERT INTO pg_temp.iotatrail_sync_stage
    SELECT * FROM iotatrail.read_objects(objs, evsrc, onerr, maxrec, srv);
    SELECT coalesce(jsonb_object_agg(s.object, s.records) FILTER (WHERE NOT s.unread), '{}'),
           coalesce(array_agg(s.object ORDER BY s.n) FILTER (WHERE s.unread), '{}')
      INTO skipped, unread
      FROM iotatrail.last_scan_skipped_objects() WITH ORDINALITY AS s(object, records, unread, n);
    DELETE FROM pg_temp.iotatrail_sync_stage s WHERE s.source_object = ANY (unread);
    IF cardinality(unread) > 0 THEN
        RAISE WARNING '% log files could not be read to the end and are left for the next sync: %',
            cardinality(unread), array_to_string(unread[1:5], ', ');
    END IF;
END
$$;

-- Then the partitions of the staged rows' months (a new partition locks the
-- table, so sync commits them before the rows arrive); rows of such a
-- month in the default partition move over
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_make_partitions(
    tid regclass, tschema name, tname name, defpart regclass, allcols text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    mon record;
    lo timestamptz;
    hi timestamptz;
    pname text;
    moved bigint;
BEGIN
    FOR mon IN
        SELECT DISTINCT date_trunc('month', s.event_time, 'UTC') AS lo
          FROM pg_temp.iotatrail_sync_stage s
         WHERE isfinite(s.event_time)
         ORDER BY 1
    LOOP
        lo := mon.lo;
        hi := ((lo AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
        pname := left(tname, 54) || to_char(lo AT TIME ZONE 'UTC', '"_y"YYYY"m"MM');
        CONTINUE WHEN to_regclass(format('%I.%I', tschema, pname)) IS NOT NULL;
        BEGIN
            moved := 0;
            IF defpart IS NOT NULL THEN
                EXECUTE format('CREATE TEMP TABLE iotatrail_sync_moved (LIKE %s)', defpart);
                EXECUTE format('WITH d AS (DELETE FROM %s WHERE event_time >= $1 AND event_time < $2 RETURNING *)
                                INSERT INTO pg_temp.iotatrail_sync_moved SELECT * FROM d', defpart)
                  USING lo, hi;
                GET DIAGNOSTICS moved = ROW_COUNT;
            END IF;
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           tschema, pname, tid,
                           to_char(lo AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS+00'),
                           to_char(hi AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS+00'));
            IF defpart IS NOT NULL THEN
                IF moved > 0 THEN
                    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM pg_temp.iotatrail_sync_moved',
                                   tid, allcols, allcols);
                END IF;
                DROP TABLE pg_temp.iotatrail_sync_moved;
            END IF;
        EXCEPTION WHEN invalid_object_definition THEN
            -- the month overlaps a partition of the table's own: its rows
            -- go there
            NULL;
        END;
    END LOOP;
END
$$;

-- A batch's second step: the rows of its objects (todo numbers first_n to
-- last_n) replace theirs in the target, the manifest records the objects,
-- the run its progress; returns the rows added
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_store_batch(
    tid regclass, cols text, objs text[], unread text[], skipped jsonb,
    first_n bigint, last_n bigint, rid bigint, nb bigint, bb bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    nr bigint;
BEGIN
    -- every object of the batch replaces its rows, whatever the manifest
    -- said: an entry deleted by hand (to reload a file) must not double them
    EXECUTE format('DELETE FROM %s WHERE source_object = ANY ($1) AND source_object <> ALL ($2)', tid)
      USING objs, unread;
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM pg_temp.iotatrail_sync_stage', tid, cols, cols);
    GET DIAGNOSTICS nr = ROW_COUNT;
    INSERT INTO iotatrail.sync_manifest AS m
           (target, object, size, etag, modified, inode, changed,
            records_loaded, records_skipped, loaded_at, missing_since)
    SELECT tid, t.object, t.size, t.etag, t.modified, t.inode, t.changed, coalesce(c.records, 0),
           coalesce((skipped->>t.object)::bigint, 0), now(), NULL
      FROM pg_temp.iotatrail_sync_todo t
      LEFT JOIN (SELECT s.source_object, count(*) AS records
                   FROM pg_temp.iotatrail_sync_stage s GROUP BY s.source_object) c
        ON c.source_object = t.object
     WHERE t.n >= first_n AND t.n <= last_n
       AND t.object <> ALL (unread)
    ON CONFLICT (target, object) DO UPDATE
       SET size = excluded.size, etag = excluded.etag, modified = excluded.modified,
           inode = excluded.inode, changed = excluded.changed,
           records_loaded = excluded.records_loaded, records_skipped = excluded.records_skipped,
           loaded_at = excluded.loaded_at, missing_since = NULL;
    UPDATE iotatrail.sync_runs r
       SET objects_done = r.objects_done + nb, records_loaded = r.records_loaded + nr,
           bytes_done = r.bytes_done + bb
     WHERE r.run_id = rid;
    RETURN nr;
END
$$;

-- The procedure: its transactions.  A procedure that commits cannot carry
-- SET search_path: the path is pinned for each of its transactions instead
-- (after every COMMIT), so no object of the caller's path is ever called.
CREATE OR REPLACE PROCEDURE iotatrail.sync(source regclass, target text, batch_objects int DEFAULT 50)
LANGUAGE plpgsql
AS $sync$
DECLARE
    src record;
    tgt record;
    shape record;
    plan record;
    loaded record;
    lock1 int := pg_catalog.hashtext('iotatrail.sync');
    lock2 int;
    rid bigint;
    batch int := 0;
    done_n bigint := 0;
    objs text[];
    nb bigint;
    bb bigint;
    nr bigint;
    rec_total bigint := 0;
    err_state text;
    err_msg text;
    err_detail text;
    err_hint text;
    t0 timestamptz := pg_catalog.clock_timestamp();
    -- the target is named in the caller's terms: resolved before the path
    -- is pinned
    target_oid regclass := pg_catalog.to_regclass(sync.target);
    caller_schema name := pg_catalog.current_schema();
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

    -- It commits after every batch: refuse a context where COMMIT cannot work
    -- before doing anything
    PERFORM iotatrail_internal.sync_check_arguments(iotatrail_internal.transaction_control_allowed(),
                                                    sync.source, sync.target, batch_objects);
    SELECT * INTO src FROM iotatrail_internal.sync_resolve_source(sync.source);
    SELECT * INTO tgt FROM iotatrail_internal.sync_resolve_target(sync.target, target_oid, caller_schema);
    lock2 := iotatrail_internal.sync_lock(lock1, tgt.qualified);

    -- From here on an error releases the lock, and marks the run failed
    BEGIN
        SELECT * INTO shape FROM iotatrail_internal.sync_prepare_target(sync.source, tgt.tid, tgt.tschema, tgt.tname);
        SELECT * INTO plan FROM iotatrail_internal.sync_plan(shape.tid, tgt.qualified, shape.coldefs, src.loc, src.srv);
        INSERT INTO iotatrail.sync_runs (pid, source, target, objects_total, bytes_total)
        VALUES (pg_backend_pid(), sync.source, shape.tid, plan.n_total, plan.b_total)
        RETURNING run_id INTO rid;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        PERFORM pg_advisory_unlock(lock1, lock2);
        RAISE;
    END;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    RAISE NOTICE '% objects to load into % (% new, % changed, % bytes) of % listed at %',
        plan.n_total, tgt.qualified, plan.n_total - plan.n_changed, plan.n_changed, plan.b_total,
        plan.n_listed, src.loc;

    LOOP
        SELECT array_agg(t.object ORDER BY t.n), count(*), coalesce(sum(t.size), 0)
          INTO objs, nb, bb
          FROM pg_temp.iotatrail_sync_todo t
         WHERE t.n > done_n AND t.n <= done_n + batch_objects;
        EXIT WHEN nb = 0;
        batch := batch + 1;

        -- Two transactions per batch: read the objects and make the
        -- partitions of their months (committed before the rows arrive);
        -- then store the rows and record the objects in the manifest
        FOR phase IN 1..2 LOOP
            BEGIN
                IF phase = 1 THEN
                    SELECT * INTO loaded
                      FROM iotatrail_internal.sync_load_batch(objs, src.evsrc, src.onerr, src.maxrec, src.srv);
                    IF shape.partitioned THEN
                        PERFORM iotatrail_internal.sync_make_partitions(shape.tid, tgt.tschema, tgt.tname,
                                                                        shape.defpart, shape.allcols);
                    END IF;
                ELSE
                    nr := iotatrail_internal.sync_store_batch(shape.tid, shape.cols, objs, loaded.unread, loaded.skipped,
                                                              done_n + 1, done_n + batch_objects, rid, nb, bb);
                END IF;
            EXCEPTION WHEN OTHERS OR query_canceled THEN
                GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_msg = MESSAGE_TEXT,
                                        err_detail = PG_EXCEPTION_DETAIL, err_hint = PG_EXCEPTION_HINT;
                PERFORM pg_advisory_unlock(lock1, lock2);
                UPDATE iotatrail.sync_runs r
                   SET state = 'failed', finished_at = clock_timestamp(), error = err_msg
                 WHERE r.run_id = rid;
                COMMIT;
                PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
                RAISE EXCEPTION USING ERRCODE = err_state, MESSAGE = err_msg,
                      DETAIL = coalesce(nullif(err_detail, ''), format('iotatrail.sync stopped in batch %s; the %s batches before it are committed.', batch, batch - 1)),
                      HINT = coalesce(nullif(err_hint, ''), 'Run the sync again to continue from there.');
            END;
            COMMIT;
            PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
        END LOOP;
        done_n := done_n + nb;
        rec_total := rec_total + nr;
        RAISE NOTICE 'batch %: % objects, % records, % bytes (% of % objects)',
            batch, nb, nr, bb, done_n, plan.n_total;
    END LOOP;

    UPDATE iotatrail.sync_runs r SET state = 'done', finished_at = clock_timestamp()
     WHERE r.run_id = rid;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    PERFORM pg_advisory_unlock(lock1, lock2);
    DROP TABLE pg_temp.iotatrail_sync_listed, pg_temp.iotatrail_sync_todo, pg_temp.iotatrail_sync_stage;
    RAISE NOTICE 'synced % objects (% new, % changed), % records, % bytes loaded into % in % batches, % s; % listed, % missing%',
        plan.n_total, plan.n_total - plan.n_changed, plan.n_changed, rec_total, plan.b_total, tgt.qualified, batch,
        round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1), plan.n_listed, plan.n_missing,
        CASE WHEN shape.created THEN format(' (created %s)', tgt.qualified) ELSE '' END;
END
$sync$;

COMMENT ON PROCEDURE iotatrail.sync(regclass, text, int) IS
'loads the log files at an iotatrail foreign table''s location that are new or changed since the last sync into a table (created, partitioned by month, when missing), batch_objects files per transaction; each file''s rows exactly once';
-- Who sees which rows of sync's bookkeeping: the manifest and the runs of a
-- target belong to whoever may write that target, so loaders granted the
-- tables see and change only their own targets' entries.  (New in 0.2.0.)
ALTER TABLE iotatrail.sync_manifest ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_manifest_writable_targets ON iotatrail.sync_manifest
    USING (pg_catalog.has_table_privilege(target, 'INSERT'));

ALTER TABLE iotatrail.sync_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_runs_writable_targets ON iotatrail.sync_runs
    USING (pg_catalog.has_table_privilege(target, 'INSERT'));

-- Since 0.2.0 a local log file is known by its inode too, so a file replaced
-- by another of the same size and modification time (rsync -t, mv over it)
-- is loaded again; its status-change time is kept for the record.  A fresh
-- install and the update from 0.1.0 both run this part.

CREATE FUNCTION iotatrail.list_objects(
    location text,
    server text DEFAULT NULL,
    digests boolean DEFAULT false)
RETURNS TABLE (object text, size bigint, etag text, modified timestamptz, inode bigint, changed timestamptz)
AS 'MODULE_PATHNAME', 'iotatrail_list_objects'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION iotatrail.list_objects(text, text, boolean) IS
'the log files read_events would read at a location, in its order, without reading them: object as source_object names it, size in bytes, ETag (S3), or modification time, inode and status-change time (local); with digests, the CloudTrail digest files instead';

ALTER TABLE iotatrail.sync_manifest
    ADD COLUMN inode bigint,
    ADD COLUMN changed timestamptz;

COMMENT ON COLUMN iotatrail.sync_manifest.inode IS 'inode number of a local file (NULL on S3, and for entries made before 0.2.0); a different inode reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.changed IS 'status-change time (ctime) of a local file when loaded (NULL on S3, and for entries made before 0.2.0); for the record only: a chmod or chown changes it too, so it reloads nothing';
-- Objects new in 0.2.0 that are not functions: comments on the functions
-- that stream read_events (the functions themselves are in iotatrail.sql).
COMMENT ON FUNCTION iotatrail.read_events_rows(text, text, text, text, text) IS
'the scan under read_events, one event per call (a row is returned as soon as it is read); use read_events';
-- New in 0.2.0: iotatrail.event.resource_arns, the ARNs of resources as
-- text[].  A fresh install builds the type with it from event_columns();
-- an update adds it last (where event_columns() has it); iotanalytics.events,
-- made from the type, gets it there (iotanalytics_schema.sql).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute
                    WHERE attrelid = 'iotatrail.event'::pg_catalog.regclass
                      AND attname = 'resource_arns' AND NOT attisdropped) THEN
        ALTER TYPE iotatrail.event ADD ATTRIBUTE resource_arns text[];
        EXECUTE pg_catalog.format('COMMENT ON COLUMN iotatrail.event.resource_arns IS %L',
            (SELECT description FROM iotatrail.event_columns() WHERE column_name = 'resource_arns'));
    END IF;
END
$$;
-- The BI recipe in one call (new in 0.2.0): sync a trail into a stored
-- table, then make the per-action views over that table, so dashboards
-- that sample every view read indexed rows instead of the whole trail
-- once per view.  A fresh install and the update from 0.1.0 both run this
-- part.

CREATE OR REPLACE PROCEDURE iotatrail.sync_and_create_views(
    source regclass,
    target text,
    views_schema name DEFAULT NULL,
    batch_objects int DEFAULT 50)
LANGUAGE plpgsql
AS $sync_views$
DECLARE
    -- the target is named in the caller's terms: resolved before the path
    -- is pinned, and handed to sync schema-qualified
    target_oid regclass := pg_catalog.to_regclass(sync_and_create_views.target);
    caller_schema name := pg_catalog.current_schema();
    tparts text[];
    tschema name;
    tname name;
    qualified text;
    tid regclass;
    vschema name;
    missing text[];
    elsewhere text;
    n_there bigint;
    loaded bigint;
BEGIN
    -- sync commits: the path is pinned again after it, as it pins its own
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    qualified := sync_and_create_views.target;
    IF target_oid IS NOT NULL THEN
        SELECT n.nspname, c.relname INTO tschema, tname
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = target_oid;
        qualified := pg_catalog.format('%I.%I', tschema, tname);
    ELSIF qualified IS NOT NULL AND pg_catalog.btrim(qualified) <> '' THEN
        tparts := pg_catalog.parse_ident(qualified);
        IF pg_catalog.cardinality(tparts) = 1 AND caller_schema IS NOT NULL THEN
            tschema := caller_schema;
            tname := tparts[1];
            qualified := pg_catalog.format('%I.%I', tschema, tname);
        ELSIF pg_catalog.cardinality(tparts) = 2 THEN
            tschema := tparts[1];
            tname := tparts[2];
        END IF;
        -- anything else: sync says what is wrong with it
    END IF;
    -- a new target's schema is made too: the recipe is one call
    IF target_oid IS NULL AND tschema IS NOT NULL THEN
        EXECUTE pg_catalog.format('CREATE SCHEMA IF NOT EXISTS %I', tschema);
    END IF;

    CALL iotatrail.sync(source, qualified, batch_objects);
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

    tid := pg_catalog.to_regclass(qualified);
    vschema := coalesce(views_schema, tschema);
    EXECUTE pg_catalog.format('CREATE SCHEMA IF NOT EXISTS %I', vschema);

    -- the views not there yet are made; those there are kept, and named
    -- when they read another relation
    SELECT pg_catalog.array_agg(v.n ORDER BY v.n) INTO missing
      FROM (SELECT av.view_name AS n FROM iotatrail.action_views av
            UNION ALL SELECT 'resource_activity') v
     WHERE pg_catalog.to_regclass(pg_catalog.format('%I.%I', vschema, v.n)) IS NULL;
    SELECT count(*), pg_catalog.string_agg(c.relname, ', ' ORDER BY c.relname)
                     FILTER (WHERE NOT EXISTS (
                         SELECT FROM pg_catalog.pg_rewrite r
                           JOIN pg_catalog.pg_depend d
                             ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
                          WHERE r.ev_class = c.oid AND d.refobjid = tid))
      INTO n_there, elsewhere
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace = vschema::pg_catalog.regnamespace
       AND c.relname IN (SELECT av.view_name FROM iotatrail.action_views av
                         UNION ALL SELECT 'resource_activity');
    IF elsewhere IS NOT NULL THEN
        RAISE WARNING 'views of schema % read another relation than %: %',
            vschema, qualified, elsewhere
            USING HINT = 'They are kept. Drop them to have them made over the stored table, or name another views_schema.';
    END IF;
    IF pg_catalog.cardinality(missing) > 0 THEN
        PERFORM iotatrail.create_views(vschema, tid, missing);
    END IF;

    -- fresh statistics, so the planner takes the indexes for the views'
    -- narrow questions: after a run that loaded rows
    SELECT r.records_loaded INTO loaded
      FROM iotatrail.sync_runs r
     WHERE r.target = tid AND r.state = 'done'
     ORDER BY r.run_id DESC LIMIT 1;
    IF coalesce(loaded, 0) > 0 THEN
        EXECUTE pg_catalog.format('ANALYZE %s', tid);
    END IF;
    RAISE NOTICE '% views made in schema %, % there already%',
        coalesce(pg_catalog.cardinality(missing), 0), vschema, n_there,
        CASE WHEN coalesce(loaded, 0) > 0 THEN pg_catalog.format('; %s analyzed', qualified) ELSE '' END;
END
$sync_views$;

COMMENT ON PROCEDURE iotatrail.sync_and_create_views(regclass, text, name, int) IS
'iotatrail.sync of a foreign table into a stored table, then the per-action views and resource_activity over that table in views_schema (the table''s schema by default; views already there are kept), and ANALYZE after a run that loaded rows: the tables BI tools read';
-- Comments new or changed since 0.1.0 on the extension's functions,
-- procedures, wrapper and event trigger: the internal schema and its
-- functions (each says it is internal, and to what), and the public
-- objects 0.1.0 left without one.  A fresh install and the update from
-- 0.1.0 both run this part, last, so both say the same; search_path.sh
-- checks that every function of either schema has a comment.

COMMENT ON SCHEMA iotatrail_internal IS
'internal to iotatrail: the functions its event trigger, sync and verify_digests call; not for direct use';

COMMENT ON FOREIGN DATA WRAPPER iotatrail IS
'CloudTrail log files, local or on S3, as foreign tables of iotatrail.event columns; IMPORT FOREIGN SCHEMA makes the events table and the per-action views';
COMMENT ON FUNCTION iotatrail.fdw_handler() IS
'the handler of the iotatrail foreign-data wrapper, which PostgreSQL calls to plan and run its scans';
COMMENT ON FUNCTION iotatrail.fdw_validator(text[], oid) IS
'the validator of the options of the iotatrail foreign-data wrapper, its servers, user mappings and foreign tables';
COMMENT ON EVENT TRIGGER iotatrail_import_views IS
'makes the per-action views of an IMPORT FOREIGN SCHEMA from an iotatrail server';

COMMENT ON FUNCTION iotatrail_internal.configured_location() IS
'internal to iotatrail.sync: the iotatrail.location setting, or the error the iotanalytics views give when it is not set';
COMMENT ON FUNCTION iotatrail_internal.comment_event_columns(regclass) IS
'internal to the extension script and the import trigger: gives a relation''s columns the comments of the iotatrail.event columns of the same names';
COMMENT ON FUNCTION iotatrail_internal.take_pending_import() IS
'internal to the import trigger: the IMPORT FOREIGN SCHEMA statements of this transaction whose views are still to be made, each returned once';
COMMENT ON FUNCTION iotatrail_internal.import_foreign_schema_end() IS
'internal: the function of the event trigger iotatrail_import_views, which comments the events table an IMPORT FOREIGN SCHEMA made and creates its views';

COMMENT ON FUNCTION iotatrail_internal.object_content(text, text) IS
'internal to iotatrail.verify_digests: the bytes of one object (a path or an s3:// URL), inflated when gzip''d; NULL when it does not exist';
COMMENT ON FUNCTION iotatrail_internal.object_sha256(text, text) IS
'internal to iotatrail.verify_digests: hex SHA-256 of one object''s inflated bytes, as CloudTrail digests list log files; NULL when it does not exist';
COMMENT ON FUNCTION iotatrail_internal.object_signature(text, text) IS
'internal to iotatrail.verify_digests: a digest file''s hex signature, from its S3 metadata x-amz-meta-signature or, for a local copy, the sidecar file <digest>.signature; NULL when there is none';
COMMENT ON FUNCTION iotatrail_internal.rsa_sha256_verify(bytea, text, text) IS
'internal to iotatrail.verify_digests: checks a SHA256withRSA signature (hex) of message with an RSA public key (DER or PEM) and says ''ok'', ''invalid signature'', or what is wrong with the key or the signature';
COMMENT ON FUNCTION iotatrail_internal.list_public_keys_page(text, jsonb) IS
'internal to iotatrail.list_public_keys: one call of CloudTrail''s ListPublicKeys (request: StartTime, EndTime, NextToken), signed with the server''s credentials, and its answer as is';
COMMENT ON FUNCTION iotatrail_internal.digest_read(text, jsonb, text) IS
'internal to iotatrail.verify_digests: reads the public keys and every digest file at a location into temporary tables';
COMMENT ON FUNCTION iotatrail_internal.digest_check(jsonb, text, text, text, text) IS
'internal to iotatrail.verify_digests: one digest''s status (signature, key, chain) and what is wrong with it';

COMMENT ON FUNCTION iotatrail_internal.transaction_control_allowed() IS
'internal to iotatrail.sync: whether the procedure calling it may COMMIT';
COMMENT ON FUNCTION iotatrail_internal.sync_check_arguments(boolean, regclass, text, int) IS
'internal to iotatrail.sync: refuses a call where COMMIT cannot work, or without a source, a target or a batch size';
COMMENT ON FUNCTION iotatrail_internal.sync_resolve_source(regclass) IS
'internal to iotatrail.sync: checks the source foreign table and the grants on the bookkeeping tables, and returns what the source reads';
COMMENT ON FUNCTION iotatrail_internal.sync_resolve_target(text, regclass, name) IS
'internal to iotatrail.sync: the schema and name of the target table, existing or to create';
COMMENT ON FUNCTION iotatrail_internal.sync_lock(int, text) IS
'internal to iotatrail.sync: takes the session lock that keeps a second sync of the same target out';
COMMENT ON FUNCTION iotatrail_internal.sync_prepare_target(regclass, regclass, name, name) IS
'internal to iotatrail.sync: creates the target table when missing, checks it otherwise, and returns the columns sync writes';
COMMENT ON FUNCTION iotatrail_internal.sync_plan(regclass, text, text, text, text) IS
'internal to iotatrail.sync: lists the location, compares the listing with the manifest, and numbers the objects to load';
COMMENT ON FUNCTION iotatrail_internal.sync_load_batch(text[], text, text, text, text) IS
'internal to iotatrail.sync: reads a batch of objects into the staging table';
COMMENT ON FUNCTION iotatrail_internal.sync_make_partitions(regclass, name, name, regclass, text) IS
'internal to iotatrail.sync: creates the monthly partitions the staged rows need';
COMMENT ON FUNCTION iotatrail_internal.sync_store_batch(regclass, text, text[], text[], jsonb, bigint, bigint, bigint, bigint, bigint) IS
'internal to iotatrail.sync: replaces the rows of a batch''s objects in the target and records them in the manifest';

COMMENT ON FUNCTION iotatrail.read_objects_rows(text[], text, text, text, text) IS
'the scan behind read_objects, one row per call; use read_objects in FROM';
COMMENT ON FUNCTION iotatrail.read_objects(text[], text, text, text, text) IS
'events of the log files named, in that order: local paths or s3:// URLs of one bucket (through server, with your user mapping), with no walk and no listing; S3 objects are fetched several at a time';
COMMENT ON FUNCTION iotatrail.last_scan_skipped_objects() IS
'of the objects the last read_objects of this session read under on_error ''skip'', those it skipped bad records in or could not read to the end';
