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
    portable_expression text NOT NULL,
    PRIMARY KEY (view_name, column_position),
    UNIQUE (view_name, column_name)
);
COMMENT ON TABLE iotatrail.action_view_columns IS
'every column of every per-action view: its SQL expression over an events relation "e" and where in the API model it comes from';
COMMENT ON COLUMN iotatrail.action_view_columns.portable_expression IS
'the same column with built-in functions and operators only, for iotatrail.views_ddl';
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
        IF n NOT IN ('events', 'resource_activity', 'findings')
           AND NOT EXISTS (SELECT FROM iotatrail.action_views WHERE view_name = n) THEN
            RAISE WARNING 'iotatrail has no view named "%"', n
                USING HINT = 'The views are resource_activity, findings and the view_name values of iotanalytics.actions.';
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
        PERFORM iotatrail_internal.create_resource_activity_view(target_schema, source);
        RETURN NEXT format('%I.resource_activity', target_schema);
    END IF;
    RETURN QUERY SELECT * FROM iotatrail_internal.create_findings_view(target_schema, source, limit_to, except_names);
END
$$;

COMMENT ON FUNCTION iotatrail.create_views(name, regclass, text[], text[]) IS
'create in a schema the view of every IoT Analytics action, resource_activity and findings over a relation of iotatrail.event columns (a foreign table, or a table events are stored in); returns the views made';

-- resource_activity over source in target_schema, with its comments: one
-- row per IoT Analytics call, the resource it touched and how
CREATE OR REPLACE FUNCTION iotatrail_internal.create_resource_activity_view(
    target_schema name, source regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
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
    FOR c IN SELECT * FROM iotatrail_internal.resource_activity_comments() LOOP
        EXECUTE format('COMMENT ON COLUMN %I.resource_activity.%I IS %L',
                       target_schema, c.column_name, c.description);
    END LOOP;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.create_resource_activity_view(name, regclass) IS
'internal to iotatrail.create_views: makes the resource_activity view over a relation of iotatrail.event columns, with its comments';

-- The comments of resource_activity's columns
CREATE OR REPLACE FUNCTION iotatrail_internal.resource_activity_comments(
    OUT column_name text, OUT description text)
RETURNS SETOF record
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT * FROM (VALUES
    ('action', 'eventName'),
    ('verb', 'create, read, update, delete, list or run (iotanalytics.actions)'),
    ('resource_type', 'channel, dataset, datastore, pipeline, logging_options or dataset_content'),
    ('resource_name', 'the resource''s name from the request or response; NULL for list calls and logging options'),
    ('resource_arn', 'the ARN from the response, or arn:<partition>:iotanalytics:<region>:<account>:<type>/<name> built from the name (dataset content belongs to its dataset''s ARN)'),
    ('succeeded', 'true when the call succeeded (no errorCode in the record)')) AS d(column_name, description)
UNION ALL
SELECT e.column_name, e.description FROM iotatrail.event_columns() e
 WHERE e.column_name IN ('event_time', 'event_id', 'aws_region', 'recipient_account_id',
                         'identity_kind', 'principal_arn', 'source_ip', 'error_code')
$$;

COMMENT ON FUNCTION iotatrail_internal.resource_activity_comments() IS
'internal to create_views and views_ddl: the comment of each column of resource_activity';

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
