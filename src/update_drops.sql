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
