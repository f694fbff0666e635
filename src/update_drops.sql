-- What the update from 0.1.0 removes before the parts recreate it: objects
-- whose signature changed.

DROP FUNCTION iotatrail.list_objects(text, text, boolean);

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
