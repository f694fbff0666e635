-- read_events and the foreign table over local log files: the bundled sample
-- trail, test/sample in the source directory (pg_regress names it).
SET timezone = 'UTC';
\set VERBOSITY default
\set SHOW_CONTEXT always
\getenv abs_srcdir PG_ABS_SRCDIR
\set trail :abs_srcdir '/test/sample/AWSLogs/'
\set day1 :trail '123456789012/CloudTrail/us-east-1/2024/05/01/'

-- EXPLAIN's lines with the source directory as $SRCDIR (and PostgreSQL 18's
-- rows=N.00 as rows=N), so the expected output holds wherever the tree is;
-- as file_fdw's explain_filter, it changes only the lines of a plan
CREATE FUNCTION pg_temp.explain(sql text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    ln text;
BEGIN
    FOR ln IN EXECUTE sql LOOP
        -- the inflater depends on the build (libdeflate or not)
        RETURN NEXT regexp_replace(regexp_replace(replace(ln, current_setting('iotatrail_regress.srcdir'), '$SRCDIR'),
                                   'rows=([0-9]+)\.00', 'rows=\1', 'g'),
                                   'Gzip Inflater: .*', 'Gzip Inflater: (as built)');
    END LOOP;
END
$$;
SELECT set_config('iotatrail_regress.srcdir', :'abs_srcdir', false) IS NOT NULL AS srcdir_set;

-- a directory is walked recursively in sorted path order; digests are skipped
SELECT count(*) AS iot_events, count(DISTINCT source_object) AS files
FROM iotatrail.read_events(:'trail');
SELECT count(*) AS all_events FROM iotatrail.read_events(:'trail', event_source => '*');
SELECT count(*) FILTER (WHERE source_object LIKE '%Digest%') AS digest_rows
FROM iotatrail.read_events(:'trail', event_source => '*');

-- files come in sorted path order, records in file order
SELECT bool_and(ok) AS sorted FROM (
    SELECT (source_object, record_index) >= lag((source_object, record_index)) OVER () AS ok
    FROM iotatrail.read_events(:'trail', event_source => '*')) s
WHERE ok IS NOT NULL;

-- a glob; a single file
SELECT count(*) FROM iotatrail.read_events(:'trail' || '123456789012/CloudTrail/*/2024/05/03/*.json.gz');
SELECT regexp_replace(source_object, '.*/', '') AS file, count(*)
FROM iotatrail.read_events(:'day1', event_source => '*')
GROUP BY 1 ORDER BY 1;

-- a location that does not exist; a glob that matches nothing (paths of
-- their own, the same on every machine, so the errors show as they are)
SELECT count(*) FROM iotatrail.read_events('/nonexistent/iotatrail/nope');
\echo :SQLSTATE
SELECT count(*) FROM iotatrail.read_events('/*.nope');
\echo :SQLSTATE

-- the foreign table: any subset of the event columns, matched by name
CREATE SERVER trails FOREIGN DATA WRAPPER iotatrail;
CREATE FOREIGN TABLE deletes (event_name text, event_time timestamptz, user_name text, error_code text)
    SERVER trails OPTIONS (location :'trail');
SELECT * FROM deletes WHERE event_name LIKE 'Delete%' ORDER BY event_time LIMIT 4;

-- a column that is not an event column, or of another type
CREATE FOREIGN TABLE wrong_name (event_nam text) SERVER trails OPTIONS (location :'trail');
SELECT * FROM wrong_name;
CREATE FOREIGN TABLE wrong_type (event_time text) SERVER trails OPTIONS (location :'trail');
SELECT * FROM wrong_type;
DROP FOREIGN TABLE wrong_name, wrong_type;

-- options are checked when the table is created
CREATE FOREIGN TABLE bad (event_name text) SERVER trails OPTIONS (locaton '/tmp');
CREATE FOREIGN TABLE bad (event_name text) SERVER trails OPTIONS (location '/tmp', on_error 'maybe');
CREATE FOREIGN TABLE bad (event_name text) SERVER trails OPTIONS (location '/tmp', max_record_size '0');
CREATE SERVER bad_server FOREIGN DATA WRAPPER iotatrail OPTIONS (location '/tmp');

-- IMPORT FOREIGN SCHEMA: the full column set in one step
CREATE SCHEMA audit;
IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER trails INTO audit OPTIONS (location :'trail');
SELECT count(*) AS columns FROM information_schema.columns
WHERE table_schema = 'audit' AND table_name = 'events';
SELECT (SELECT count(*) FROM audit.events) = (SELECT count(*) FROM iotatrail.read_events(:'trail')) AS same_as_function;
SELECT event_name, count(*) FROM audit.events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;
CREATE SCHEMA everything;
IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER trails INTO everything OPTIONS (location :'trail');
SELECT count(*) FROM everything.events;
CREATE SCHEMA nothing;
-- EXCEPT (events) leaves the views without their table: an error, nothing made
IMPORT FOREIGN SCHEMA iotanalytics EXCEPT (events) FROM SERVER trails INTO nothing OPTIONS (location :'trail');
SELECT count(*) FROM pg_class WHERE relnamespace = 'nothing'::regnamespace;
IMPORT FOREIGN SCHEMA s3 FROM SERVER trails INTO nothing OPTIONS (location :'trail');
IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER trails INTO nothing;

-- EXPLAIN shows location and filter; ANALYZE adds what was read
SELECT pg_temp.explain('EXPLAIN (COSTS OFF) SELECT * FROM deletes');
SELECT pg_temp.explain('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) SELECT count(*) FROM deletes');
-- EXPLAIN VERBOSE lists the columns the scan builds (the query's, its
-- filter's), not every column of the table; the answers stay those of a scan
-- of every column
SELECT pg_temp.explain('EXPLAIN (VERBOSE, COSTS OFF) SELECT event_name, count(*) FROM audit.events WHERE aws_region = ''us-east-1'' GROUP BY 1');
SELECT pg_temp.explain('EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM audit.events');
SELECT pg_temp.explain('EXPLAIN (VERBOSE, COSTS OFF) SELECT e.event_name FROM audit.events e JOIN audit.events f USING (event_id) WHERE f.error_code IS NOT NULL');
SELECT (SELECT array_agg(x ORDER BY x) FROM (SELECT e.event_name || e.event_id AS x FROM audit.events e JOIN audit.events f USING (event_id) WHERE f.error_code IS NOT NULL) s)
     = (SELECT array_agg(x ORDER BY x) FROM (SELECT e.event_name || e.event_id AS x FROM (SELECT * FROM audit.events OFFSET 0) e JOIN (SELECT * FROM audit.events OFFSET 0) f USING (event_id) WHERE f.error_code IS NOT NULL) s) AS same_rows;

-- joins and rescans give the same rows as two scans
SELECT count(*) FROM deletes d1 JOIN audit.events e USING (event_time, event_name);

-- privileges: reading server files needs pg_read_server_files
CREATE ROLE trail_reader;
GRANT USAGE ON SCHEMA iotatrail TO trail_reader;
GRANT USAGE, CREATE ON SCHEMA audit TO trail_reader;
GRANT SELECT ON audit.events TO trail_reader;
GRANT USAGE ON FOREIGN SERVER trails TO trail_reader;
-- (the refusals name a location; that of the docs, /var/log/trails/AWSLogs/,
-- is the same on every machine, and nothing is read before the check)
CREATE FOREIGN TABLE audit.elsewhere (event_name text) SERVER trails OPTIONS (location '/var/log/trails/AWSLogs/');
GRANT SELECT ON audit.elsewhere TO trail_reader;
SET ROLE trail_reader;
SELECT count(*) FROM iotatrail.read_events('/var/log/trails/AWSLogs/');
\echo :SQLSTATE
SELECT count(*) FROM audit.elsewhere;
\echo :SQLSTATE
CREATE FOREIGN TABLE audit.mine (event_name text) SERVER trails OPTIONS (location '/var/log/trails/AWSLogs/');
\echo :SQLSTATE
RESET ROLE;
GRANT pg_read_server_files TO trail_reader;
SET ROLE trail_reader;
SELECT count(*) FROM iotatrail.read_events(:'trail');
SELECT count(*) FROM audit.events;
RESET ROLE;
SET client_min_messages = warning;
DROP SCHEMA audit, everything, nothing CASCADE;
RESET client_min_messages;
DROP SERVER trails CASCADE;
REVOKE ALL ON SCHEMA iotatrail FROM trail_reader;
DROP ROLE trail_reader;

-- only the columns a query reads are built: a whole-row reference still
-- gets every column, and results do not depend on the projection
CREATE SERVER proj FOREIGN DATA WRAPPER iotatrail;
CREATE SCHEMA p;
IMPORT FOREIGN SCHEMA cloudtrail LIMIT TO (events) FROM SERVER proj INTO p OPTIONS (location :'trail');
SELECT count(*), count(event_id), count(record) FROM p.events;
SELECT count((e).record) AS whole_row_records, count((e).event_name) AS whole_row_names FROM p.events e;
SELECT (SELECT md5(string_agg(t::text, '' ORDER BY event_id)) FROM p.events t)
     = (SELECT md5(string_agg(t::text, '' ORDER BY event_id)) FROM iotatrail.read_events(:'trail', event_source => '*') t)
    AS same_as_function;

-- a cursor fetched in a savepoint that is rolled back reads on: the files a
-- scan opens are the scan's, not the savepoint's (fd.c would close those)
BEGIN;
DECLARE c NO SCROLL CURSOR FOR SELECT source_object, record_index FROM p.events;
MOVE 1 IN c;
SAVEPOINT s;
-- past the first file: the second is opened inside the savepoint
MOVE 40 IN c;
ROLLBACK TO s;
SELECT count(*) > 0 AS opens_files FROM pg_class;
MOVE ALL IN c;
\set moved :ROW_COUNT
COMMIT;
SELECT count(*) - 41 AS rows_left, :moved AS moved FROM p.events;
DROP SCHEMA p CASCADE;
DROP SERVER proj;
