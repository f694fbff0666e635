-- The stored shape of an event (new in 0.3.0, issue 31): a table that
-- iotatrail.sync fills keeps the typed and jsonb columns, and in place of
-- the whole record only record_rest, the top-level members of the record
-- that no column gives back exactly.  iotatrail.stored_record() rebuilds
-- the record, equal (jsonb =) to the one read_events gives.

-- What a stored table keeps of a record: record_rest(record, columns...)
-- gives the top-level members of the record that its columns do not give
-- back equal (src/stored_record.c writes each column back as CloudTrail
-- writes its member: eventTime as 2024-05-01T12:00:00Z, eventID in small
-- letters, sessionCredentialFromConsole as a string, tlsDetails from its
-- four columns, a jsonb column as it is; a member written otherwise --
-- another JSON type, fractions of seconds, capitals, a null -- stays in the
-- rest), and record_rebuild(rest, columns...) gives the record back.  When a
-- column gives a member the record has not, the rest is [record], the
-- record whole.
CREATE FUNCTION iotatrail_internal.record_rest(
    record jsonb,
    event_time timestamptz, event_version text, event_source text, event_name text,
    aws_region text, source_ip_address text, user_agent text, request_id text, event_id uuid,
    event_type text, event_category text, api_version text, read_only boolean,
    management_event boolean, recipient_account_id text, shared_event_id text,
    vpc_endpoint_id text, vpc_endpoint_account_id text, error_code text, error_message text,
    session_credential_from_console boolean, tls_version text, cipher_suite text,
    client_provided_host_header text, tls_key_exchange text, user_identity jsonb,
    request_parameters jsonb, response_elements jsonb, additional_event_data jsonb,
    resources jsonb, service_event_details jsonb, addendum jsonb, edge_device_details jsonb,
    insight_details jsonb, event_context jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_record_rest'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION iotatrail_internal.record_rebuild(
    rest jsonb,
    event_time timestamptz, event_version text, event_source text, event_name text,
    aws_region text, source_ip_address text, user_agent text, request_id text, event_id uuid,
    event_type text, event_category text, api_version text, read_only boolean,
    management_event boolean, recipient_account_id text, shared_event_id text,
    vpc_endpoint_id text, vpc_endpoint_account_id text, error_code text, error_message text,
    session_credential_from_console boolean, tls_version text, cipher_suite text,
    client_provided_host_header text, tls_key_exchange text, user_identity jsonb,
    request_parameters jsonb, response_elements jsonb, additional_event_data jsonb,
    resources jsonb, service_event_details jsonb, addendum jsonb, edge_device_details jsonb,
    insight_details jsonb, event_context jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_record_rebuild'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- A jsonb value compressed in place (lz4, else pglz): a stored row is far
-- below the 2 kB at which PostgreSQL compresses, so sync hands its jsonb
-- values over compressed
CREATE FUNCTION iotatrail_internal.stored_compress(value jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_stored_compress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- What sync stores in record_rest for a row of read_events' columns (the
-- column list of the select that loads a stored table, by name)
CREATE FUNCTION iotatrail_internal.record_rest_select()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN 'iotatrail_internal.stored_compress(iotatrail_internal.record_rest(record, '
       'event_time, event_version, event_source, event_name, aws_region, source_ip_address, '
       'user_agent, request_id, event_id, event_type, event_category, api_version, read_only, '
       'management_event, recipient_account_id, shared_event_id, vpc_endpoint_id, '
       'vpc_endpoint_account_id, error_code, error_message, session_credential_from_console, '
       'tls_version, cipher_suite, client_provided_host_header, tls_key_exchange, user_identity, '
       'request_parameters, response_elements, additional_event_data, resources, '
       'service_event_details, addendum, edge_device_details, insight_details, event_context))';

-- The record of a stored row given as jsonb (to_jsonb(row)): record itself
-- in a table of the shape before 0.3.0, else rebuilt from the columns and
-- record_rest
CREATE FUNCTION iotatrail_internal.stored_record_of(stored jsonb)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN CASE
    WHEN NOT stored OPERATOR(pg_catalog.?) 'record_rest' THEN stored OPERATOR(pg_catalog.->) 'record'
    ELSE iotatrail_internal.record_rebuild(
        NULLIF(stored OPERATOR(pg_catalog.->) 'record_rest', 'null'::jsonb),
        (stored OPERATOR(pg_catalog.->>) 'event_time')::timestamptz,
        stored OPERATOR(pg_catalog.->>) 'event_version', stored OPERATOR(pg_catalog.->>) 'event_source',
        stored OPERATOR(pg_catalog.->>) 'event_name', stored OPERATOR(pg_catalog.->>) 'aws_region',
        stored OPERATOR(pg_catalog.->>) 'source_ip_address', stored OPERATOR(pg_catalog.->>) 'user_agent',
        stored OPERATOR(pg_catalog.->>) 'request_id', (stored OPERATOR(pg_catalog.->>) 'event_id')::uuid,
        stored OPERATOR(pg_catalog.->>) 'event_type', stored OPERATOR(pg_catalog.->>) 'event_category',
        stored OPERATOR(pg_catalog.->>) 'api_version', (stored OPERATOR(pg_catalog.->>) 'read_only')::boolean,
        (stored OPERATOR(pg_catalog.->>) 'management_event')::boolean,
        stored OPERATOR(pg_catalog.->>) 'recipient_account_id', stored OPERATOR(pg_catalog.->>) 'shared_event_id',
        stored OPERATOR(pg_catalog.->>) 'vpc_endpoint_id', stored OPERATOR(pg_catalog.->>) 'vpc_endpoint_account_id',
        stored OPERATOR(pg_catalog.->>) 'error_code', stored OPERATOR(pg_catalog.->>) 'error_message',
        (stored OPERATOR(pg_catalog.->>) 'session_credential_from_console')::boolean,
        stored OPERATOR(pg_catalog.->>) 'tls_version', stored OPERATOR(pg_catalog.->>) 'cipher_suite',
        stored OPERATOR(pg_catalog.->>) 'client_provided_host_header', stored OPERATOR(pg_catalog.->>) 'tls_key_exchange',
        NULLIF(stored OPERATOR(pg_catalog.->) 'user_identity', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'request_parameters', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'response_elements', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'additional_event_data', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'resources', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'service_event_details', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'addendum', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'edge_device_details', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'insight_details', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'event_context', 'null'::jsonb))
END;

-- The record of a row of a table sync stores: SELECT
-- iotatrail.stored_record(s) FROM schema.table s
CREATE FUNCTION iotatrail.stored_record(stored anyelement)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT iotatrail_internal.stored_record_of(pg_catalog.to_jsonb($1))
$$;

-- The storage a stored table's jsonb columns get: lz4 where the server has
-- it (else pglz, the default), kept in the row (MAIN) and compressed there
-- once the row passes toast_tuple_target (set on each partition)
CREATE FUNCTION iotatrail_internal.stored_compression()
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_settings s
                          WHERE s.name = 'default_toast_compression' AND 'lz4' = ANY (s.enumvals))
            THEN 'lz4' ELSE 'pglz' END;

CREATE FUNCTION iotatrail_internal.stored_set_storage(tid regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
    part regclass;
BEGIN
    -- (SET COMPRESSION does not recurse to partitions: each gets it)
    FOR part IN SELECT tid UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(tid) t LOOP
        FOR c IN SELECT a.attname FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = part AND a.attnum > 0 AND NOT a.attisdropped
                    AND a.atttypid = 'pg_catalog.jsonb'::pg_catalog.regtype
                  ORDER BY a.attnum LOOP
            EXECUTE format('ALTER TABLE ONLY %s ALTER COLUMN %I SET COMPRESSION %s, ALTER COLUMN %I SET STORAGE MAIN',
                           part, c.attname, iotatrail_internal.stored_compression(), c.attname);
        END LOOP;
        IF (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = part) = 'r' THEN
            EXECUTE format('ALTER TABLE %s SET (toast_tuple_target = 128)', part);
        END IF;
    END LOOP;
END
$$;

-- A target synced before 0.3.0 (with record) into the stored shape, in
-- one statement: record becomes record_rest, in one rewrite of the table
-- (record_rest compressed in the row; the jsonb columns get lz4 and MAIN
-- storage for the rows written later: views read them, so they are not
-- rewritten); later syncs load it as a new target.  Holds the sync lock of the target, so no sync runs meanwhile.
CREATE PROCEDURE iotatrail.sync_convert_target(target regclass)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tschema name;
    tname name;
    qualified text;
    lock1 int := hashtext('iotatrail.sync');
    lock2 int;
    has_record boolean;
    has_rest boolean;
    args text;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'iotatrail.sync_convert_target needs a table'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT n.nspname, c.relname INTO tschema, tname
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = target AND c.relkind IN ('r', 'p');
    IF NOT FOUND THEN
        RAISE EXCEPTION '"%" is not a table', target
            USING ERRCODE = 'wrong_object_type';
    END IF;
    qualified := format('%I.%I', tschema, tname);
    SELECT bool_or(a.attname = 'record' AND a.atttypid = 'pg_catalog.jsonb'::pg_catalog.regtype),
           bool_or(a.attname = 'record_rest')
      INTO has_record, has_rest
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped;
    IF coalesce(has_rest, false) THEN
        RAISE NOTICE '% has the stored shape already', qualified;
        RETURN;
    END IF;
    IF NOT coalesce(has_record, false) THEN
        RAISE EXCEPTION 'table % has no column record', qualified
            USING ERRCODE = 'undefined_column',
                  DETAIL = 'iotatrail.sync_convert_target turns the record column of a table iotatrail.sync filled into record_rest.';
    END IF;
    lock2 := iotatrail_internal.sync_lock(lock1, qualified);
    BEGIN
        PERFORM iotatrail_internal.sync_check_target_trusted(target, qualified);
        -- the columns record_rest() takes after the record, as the table
        -- has them (NULL for one it lacks)
        SELECT string_agg(CASE WHEN a.attname IS NULL THEN format('NULL::%s', format_type(p.typ, NULL))
                               ELSE quote_ident(a.attname) END, ', ' ORDER BY p.n)
          INTO args
          FROM unnest((SELECT pr.proargnames FROM pg_catalog.pg_proc pr
                        WHERE pr.oid = 'iotatrail_internal.record_rest'::regproc),
                      (SELECT pr.proargtypes::oid[] FROM pg_catalog.pg_proc pr
                        WHERE pr.oid = 'iotatrail_internal.record_rest'::regproc))
               WITH ORDINALITY AS p(name, typ, n)
          LEFT JOIN pg_catalog.pg_attribute a
            ON a.attrelid = target AND a.attname = p.name AND a.attnum > 0 AND NOT a.attisdropped
           AND a.atttypid = p.typ
         WHERE p.n > 1;
        PERFORM iotatrail_internal.stored_set_storage(target);
        EXECUTE format('ALTER TABLE %s ALTER COLUMN record TYPE jsonb USING iotatrail_internal.stored_compress(iotatrail_internal.record_rest(record, %s))',
                       target, args);
        EXECUTE format('ALTER TABLE %s RENAME COLUMN record TO record_rest', target);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        PERFORM pg_advisory_unlock(lock1, lock2);
        RAISE;
    END;
    PERFORM pg_advisory_unlock(lock1, lock2);
    RAISE NOTICE 'converted % to the stored shape (record_rest)', qualified;
END
$$;

COMMENT ON PROCEDURE iotatrail.sync_convert_target(regclass) IS
'turns a table iotatrail.sync filled before 0.3.0 into the stored shape: record becomes record_rest, what no column gives back, in one rewrite; iotatrail.stored_record() gives the records back';
COMMENT ON FUNCTION iotatrail.stored_record(anyelement) IS
'the record of a row of a table iotatrail.sync fills, equal to read_events'' record: rebuilt from its columns and record_rest (record itself in a table of the shape before 0.3.0)';
COMMENT ON FUNCTION iotatrail_internal.record_rest(jsonb, timestamptz, text, text, text, text, text, text, text, uuid, text, text, text, boolean, boolean, text, text, text, text, text, text, boolean, text, text, text, text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb) IS
'internal to the stored shape: the members of a record that its columns do not give back equal ([record] when a column gives a member the record has not)';
COMMENT ON FUNCTION iotatrail_internal.record_rebuild(jsonb, timestamptz, text, text, text, text, text, text, text, uuid, text, text, text, boolean, boolean, text, text, text, text, text, text, boolean, text, text, text, text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb) IS
'internal to the stored shape: the record from its columns and record_rest';
COMMENT ON FUNCTION iotatrail_internal.stored_compress(jsonb) IS
'internal to iotatrail.sync: a jsonb value compressed in place (lz4 where the server has it, else pglz), for rows below the size at which PostgreSQL compresses';
COMMENT ON FUNCTION iotatrail_internal.record_rest_select() IS
'internal to iotatrail.sync: the expression that computes record_rest from read_events'' columns';
COMMENT ON FUNCTION iotatrail_internal.stored_record_of(jsonb) IS
'internal to iotatrail.stored_record: the record of a stored row given as jsonb';
COMMENT ON FUNCTION iotatrail_internal.stored_compression() IS
'internal to the stored shape: lz4 when the server has it, else pglz';
COMMENT ON FUNCTION iotatrail_internal.stored_set_storage(regclass) IS
'internal to the stored shape: compression and MAIN storage for the jsonb columns, toast_tuple_target 128 for the partitions';
