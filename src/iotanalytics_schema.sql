-- Schema iotanalytics: the views of every action over the logs at the
-- iotatrail.location setting, for ad hoc questions without a server of
-- your own.  Trails of their own get their own schema through IMPORT
-- FOREIGN SCHEMA.  Since 0.2.0 the events are a foreign table (0.1.0 had a
-- view over read_events), so the views get key pruning, the per-record
-- checks and parallel scans.

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
