-- Portable views (issue 32): a script of CREATE VIEW statements for the 29
-- per-action views and resource_activity that uses built-in functions and
-- operators only, for a database where iotatrail is not installed (a
-- managed PostgreSQL that receives the stored events by logical
-- replication).  The column expressions are the catalog's
-- portable_expression, which tools/gen_views.py writes beside the C ones.

-- The portable reading of a JSON scalar as text (iotatrail.json_text)
CREATE FUNCTION iotatrail_internal.portable_json_text(x text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.format(
    $f$CASE WHEN pg_catalog.jsonb_typeof(%1$s) IN ('string', 'number', 'boolean') THEN NULLIF(%1$s #>> '{}', 'HIDDEN_DUE_TO_SECURITY_REASONS') END$f$,
    '(' || x || ')')
$$;

COMMENT ON FUNCTION iotatrail_internal.portable_json_text(text) IS
'internal: the SQL of iotatrail.json_text over the jsonb expression given, with built-in functions only (views_ddl)';

-- resource_activity over source, with the catalog's rows written in
CREATE FUNCTION iotatrail_internal.portable_resource_activity(target_schema name, source text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actions text;
    views text;
    ddl text;
    c record;
BEGIN
    SELECT string_agg(format('(%L::text, %L::text, %L::text)', action, verb, resource_type), E',\n        '
                      ORDER BY action)
      INTO actions FROM iotanalytics.actions;
    SELECT string_agg(format('(%L::text, %L::text, %L::text, %L::text, %L::text)', action, arn_resource_type,
                             name_member, arn_member, resource_member), E',\n        ' ORDER BY action)
      INTO views FROM iotatrail.action_views;
    ddl := format($view$
CREATE VIEW %1$I.resource_activity AS
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
                  THEN pg_catalog.format('arn:%%s:iotanalytics:%%s:%%s:%%s/%%s',
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
FROM %2$s e
LEFT JOIN (VALUES
        %3$s) AS a(action, verb, resource_type) ON a.action = e.event_name
LEFT JOIN (VALUES
        %4$s) AS av(action, arn_resource_type, name_member, arn_member, resource_member)
    ON av.action = e.event_name
CROSS JOIN LATERAL (
    SELECT coalesce(%5$s,
                    %6$s,
                    %7$s) AS logged_name,
           coalesce(%8$s,
                    %9$s,
                    %10$s) AS logged_arn
) r
WHERE e.event_source = 'iotanalytics.amazonaws.com';
COMMENT ON VIEW %1$I.resource_activity IS %11$L;
$view$, target_schema, source, actions, views,
        iotatrail_internal.portable_json_text('e.request_parameters -> av.name_member'),
        iotatrail_internal.portable_json_text('e.response_elements -> av.name_member'),
        iotatrail_internal.portable_json_text($q$e.response_elements -> av.resource_member -> 'name'$q$),
        iotatrail_internal.portable_json_text('e.response_elements -> av.arn_member'),
        iotatrail_internal.portable_json_text($q$e.response_elements -> av.resource_member -> 'arn'$q$),
        iotatrail_internal.portable_json_text($q$e.request_parameters -> 'resourceArn'$q$),
        'one row per IoT Analytics call: which resource it touched and how; join your inventory on resource_arn');
    FOR c IN SELECT * FROM iotatrail_internal.resource_activity_comments() LOOP
        ddl := ddl || format(E'COMMENT ON COLUMN %I.resource_activity.%I IS %L;\n',
                             target_schema, c.column_name, c.description);
    END LOOP;
    RETURN ddl;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.portable_resource_activity(name, text) IS
'internal: the CREATE VIEW and COMMENT statements of resource_activity for iotatrail.views_ddl';

CREATE FUNCTION iotatrail.views_ddl(target_schema name, source_table text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[];
    source text;
    ddl text;
    v record;
    c record;
    cols text;
BEGIN
    IF target_schema IS NULL OR source_table IS NULL THEN
        RAISE EXCEPTION 'target_schema and source_table must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    parts := parse_ident(source_table);
    IF cardinality(parts) <> 2 THEN
        RAISE EXCEPTION 'source table "%" must be written as schema.table', source_table
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The script runs with search_path set to pg_catalog, so it does not depend on the search_path of whoever runs it.',
                  HINT = 'Name the table the events are replicated into, with its schema: iotatrail.views_ddl(''trail'', ''audit.events_store'').';
    END IF;
    source := format('%I.%I', parts[1], parts[2]);

    ddl := format(E'-- The per-action views of iotatrail %s over %s, with built-in functions only:\n'
                  '-- for a database where iotatrail is not installed.  Made by iotatrail.views_ddl.\n'
                  'BEGIN;\n'
                  'SET LOCAL search_path = pg_catalog;\n'
                  'SET LOCAL standard_conforming_strings = on;\n'
                  'CREATE SCHEMA IF NOT EXISTS %I;\n',
                  (SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'), source, target_schema);
    FOR v IN SELECT av.*, a.description
               FROM iotatrail.action_views av JOIN iotanalytics.actions a USING (action)
              ORDER BY av.view_name LOOP
        SELECT string_agg(format('%s AS %I', portable_expression, column_name), E',\n    '
                          ORDER BY column_position)
          INTO cols
          FROM iotatrail.action_view_columns
         WHERE view_name = v.view_name;
        ddl := ddl || format(E'\nCREATE VIEW %I.%I AS\nSELECT %s\nFROM %s e\nWHERE e.event_source = %L AND e.event_name = %L;\n',
                             target_schema, v.view_name, cols, source, v.event_source, v.action);
        ddl := ddl || format(E'COMMENT ON VIEW %I.%I IS %L;\n', target_schema, v.view_name,
                             format('%s events: %s', v.action, v.description));
        FOR c IN SELECT avc.column_name, coalesce(avc.description, ec.description) AS description
                   FROM iotatrail.action_view_columns avc
                   LEFT JOIN iotatrail.event_columns() ec USING (column_name)
                  WHERE avc.view_name = v.view_name
                  ORDER BY avc.column_position LOOP
            ddl := ddl || format(E'COMMENT ON COLUMN %I.%I.%I IS %L;\n',
                                 target_schema, v.view_name, c.column_name, c.description);
        END LOOP;
    END LOOP;
    ddl := ddl || iotatrail_internal.portable_resource_activity(target_schema, source);
    RETURN ddl || E'COMMIT;\n';
END
$$;

COMMENT ON FUNCTION iotatrail.views_ddl(name, text) IS
'a script of CREATE VIEW statements for the 29 per-action views and resource_activity over a table of stored events, with built-in functions only: for a database without iotatrail (a managed PostgreSQL receiving the events by logical replication)';
