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
