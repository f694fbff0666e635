\echo Use "ALTER EXTENSION iotatrail UPDATE" to load this file. \quit
-- What the update from 0.1.0 removes before the parts recreate it: objects
-- whose signature changed, and what moved.

DROP FUNCTION iotatrail.list_objects(text, text, boolean);
-- sync asks SPI whether it may commit instead of comparing COMMIT's error
DROP FUNCTION iotatrail.sync_atomic_message();

-- The functions only the extension's own code calls move to the internal
-- schema (as iotatrail.sql makes it); moved, not dropped, so the event
-- trigger keeps its function.  The parts then replace those in SQL, and
-- comments.sql gives them their comments.
CREATE SCHEMA iotatrail_internal;
GRANT USAGE ON SCHEMA iotatrail_internal TO PUBLIC;
ALTER FUNCTION iotatrail.configured_location() SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.comment_event_columns(regclass) SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.take_pending_import() SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.import_foreign_schema_end() SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.object_content(text, text) SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.object_sha256(text, text) SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.object_signature(text, text) SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.rsa_sha256_verify(bytea, text, text) SET SCHEMA iotatrail_internal;
ALTER FUNCTION iotatrail.list_public_keys_page(text, jsonb) SET SCHEMA iotatrail_internal;

-- 0.1.0's iotanalytics.events was a view over read_events: it and the
-- extension's views over it give way to the foreign table of
-- iotanalytics_schema.sql.  No CASCADE: a view of the user's own over them
-- stops the update with PostgreSQL's error rather than going with them.
DO $$
DECLARE
    v regclass;
BEGIN
    FOR v IN SELECT c.oid::pg_catalog.regclass
               FROM pg_catalog.pg_class c
               JOIN pg_catalog.pg_depend d
                 ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                AND d.deptype = 'e'
               JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'iotatrail'
              WHERE c.relnamespace = 'iotanalytics'::pg_catalog.regnamespace AND c.relkind = 'v'
                AND c.relname <> 'events'
              ORDER BY c.relname LOOP
        EXECUTE pg_catalog.format('DROP VIEW %s', v);
    END LOOP;
END
$$;
DROP VIEW iotanalytics.events;
CREATE OR REPLACE FUNCTION iotatrail.read_events_rows(
    location text,
    event_source text DEFAULT 'iotanalytics.amazonaws.com',
    on_error text DEFAULT 'error',
    max_record_size text DEFAULT '64MB',
    server text DEFAULT NULL)
RETURNS SETOF iotatrail.event
AS 'MODULE_PATHNAME', 'iotatrail_read_events'
LANGUAGE C VOLATILE PARALLEL SAFE;

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

CREATE OR REPLACE FUNCTION iotatrail_internal.transaction_control_allowed()
RETURNS boolean
AS 'MODULE_PATHNAME', 'iotatrail_transaction_control_allowed'
LANGUAGE C VOLATILE;

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
