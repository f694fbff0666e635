-- IMPORT FOREIGN SCHEMA makes the foreign table "events" and every view
-- on top of it; several trails live side by side in their own schemas;
-- LIMIT TO / EXCEPT pick views; create_views() does the same over a table
-- the events are stored in.
\set VERBOSITY default
\set SHOW_CONTEXT always
SET timezone = 'UTC';
\getenv abs_srcdir PG_ABS_SRCDIR
\set actions :abs_srcdir '/test/fixtures/actions/AWSLogs/'
\set trail :abs_srcdir '/test/sample/AWSLogs/'
SET datestyle = 'ISO';
CREATE SERVER trails FOREIGN DATA WRAPPER iotatrail;
CREATE SCHEMA fixture_trail;
CREATE SCHEMA sample_trail;

IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER trails INTO fixture_trail
    OPTIONS (location :'actions');
IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER trails INTO sample_trail
    OPTIONS (location :'trail');

-- the foreign table and 30 views in each schema, all commented
SELECT c.relnamespace::regnamespace AS schema, c.relkind, count(*),
       count(obj_description(c.oid, 'pg_class')) AS commented
  FROM pg_class c
 WHERE c.relnamespace IN ('fixture_trail'::regnamespace, 'sample_trail'::regnamespace)
 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS columns, count(col_description(a.attrelid, a.attnum)) AS commented
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'fixture_trail'::regnamespace AND c.relkind = 'v' AND a.attnum > 0;
SELECT replace(ftoptions::text, :'abs_srcdir', '$SRCDIR') AS ftoptions FROM pg_foreign_table
 WHERE ftrelid IN ('fixture_trail.events'::regclass, 'sample_trail.events'::regclass)
 ORDER BY ftrelid;

-- each schema's views read its own trail
SELECT 'fixture' AS trail, count(*) FROM fixture_trail.create_channel
UNION ALL
SELECT 'sample', count(*) FROM sample_trail.create_channel;
SELECT recipient_account_id, count(*) FROM fixture_trail.resource_activity GROUP BY 1
UNION ALL
SELECT recipient_account_id, count(*) FROM sample_trail.resource_activity GROUP BY 1;
-- the cloudtrail schema holds every service, the views only IoT Analytics
SELECT count(*) FILTER (WHERE event_source <> 'iotanalytics.amazonaws.com') > 0 AS other_services,
       count(*) FILTER (WHERE event_source = 'iotanalytics.amazonaws.com') AS iot_events
  FROM sample_trail.events;
SELECT count(*) AS iot_activity FROM sample_trail.resource_activity;

-- LIMIT TO and EXCEPT name views (and events)
CREATE SCHEMA only_deletes;
IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events, delete_channel, delete_dataset, resource_activity)
    FROM SERVER trails INTO only_deletes OPTIONS (location :'actions');
SELECT relname, relkind FROM pg_class WHERE relnamespace = 'only_deletes'::regnamespace ORDER BY 1;
SELECT channel_name, principal_arn, succeeded FROM only_deletes.delete_channel ORDER BY event_time;

CREATE SCHEMA no_lists;
IMPORT FOREIGN SCHEMA iotanalytics EXCEPT (list_channels, list_datasets, list_datastores, list_pipelines, no_such_view)
    FROM SERVER trails INTO no_lists OPTIONS (location :'actions');
SELECT count(*) AS objects, count(*) FILTER (WHERE relname LIKE 'list%') AS lists
  FROM pg_class WHERE relnamespace = 'no_lists'::regnamespace;

CREATE SCHEMA just_table;
IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events)
    FROM SERVER trails INTO just_table OPTIONS (location :'actions');
SELECT relname FROM pg_class WHERE relnamespace = 'just_table'::regnamespace;

-- views without their table: a clear error, nothing created
CREATE SCHEMA views_only;
IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (delete_channel)
    FROM SERVER trails INTO views_only OPTIONS (location :'actions');
SELECT count(*) FROM pg_class WHERE relnamespace = 'views_only'::regnamespace;
-- ... unless it exists: the views build on the table already there
IMPORT FOREIGN SCHEMA iotanalytics LIMIT TO (events)
    FROM SERVER trails INTO views_only OPTIONS (location :'actions');
IMPORT FOREIGN SCHEMA iotanalytics EXCEPT (events)
    FROM SERVER trails INTO views_only OPTIONS (location :'trail');
SELECT count(*) FROM pg_class WHERE relnamespace = 'views_only'::regnamespace;
SELECT DISTINCT recipient_account_id FROM views_only.resource_activity;
-- a table without the columns the views read: told which
CREATE SCHEMA thin;
CREATE FOREIGN TABLE thin.events (event_time timestamptz, event_source text, event_name text)
    SERVER trails OPTIONS (location :'actions');
IMPORT FOREIGN SCHEMA iotanalytics EXCEPT (events)
    FROM SERVER trails INTO thin OPTIONS (location :'actions');

-- a failed IMPORT leaves nothing behind for the next one
BEGIN;
SAVEPOINT s;
IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER trails INTO fixture_trail
    OPTIONS (location :'actions');
ROLLBACK TO s;
SELECT count(*) FROM iotatrail_internal.take_pending_import();
COMMIT;

-- other remote schemas and options are refused
IMPORT FOREIGN SCHEMA s3 FROM SERVER trails INTO views_only OPTIONS (location '/tmp');
IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER trails INTO views_only;

-- create_views over a table the events were copied into
CREATE TABLE stored_events AS
    SELECT * FROM iotatrail.read_events(:'actions', '*');
CREATE SCHEMA stored;
SELECT count(*) FROM iotatrail.create_views('stored', 'stored_events');
SELECT (SELECT count(*) FROM stored.resource_activity) AS stored,
       (SELECT count(*) FROM fixture_trail.resource_activity) AS foreign_table;
SELECT count(*) FROM (
    SELECT * FROM stored.create_dataset EXCEPT SELECT * FROM fixture_trail.create_dataset) d;

SET client_min_messages = warning;
DROP SCHEMA fixture_trail, sample_trail, only_deletes, no_lists, just_table, views_only, thin, stored CASCADE;
DROP TABLE stored_events;
DROP SERVER trails;
