-- read_objects: the log files named, in the order given, with no walk; the
-- bundled sample trail, test/sample in the source directory
SET timezone = 'UTC';
\set VERBOSITY default
\set SHOW_CONTEXT always
\getenv abs_srcdir PG_ABS_SRCDIR
\set trail :abs_srcdir '/test/sample/AWSLogs/'
CREATE TEMP TABLE listed AS
SELECT object, ord FROM iotatrail.list_objects(:'trail') WITH ORDINALITY AS o(object, size, etag, modified, inode, changed, skip_reason, ord);

-- every listed file, given in the listing's order: the same rows as the walk
SELECT count(*) AS events,
       count(*) = (SELECT count(*) FROM iotatrail.read_events(:'trail', '*')) AS same_count
FROM iotatrail.read_objects(ARRAY(SELECT object FROM listed ORDER BY ord), '*');
SELECT count(*) AS differing FROM (
    (SELECT source_object, record_index, event_id FROM iotatrail.read_events(:'trail', '*')
     EXCEPT ALL
     SELECT source_object, record_index, event_id
     FROM iotatrail.read_objects(ARRAY(SELECT object FROM listed ORDER BY ord), '*'))
    UNION ALL
    (SELECT source_object, record_index, event_id
     FROM iotatrail.read_objects(ARRAY(SELECT object FROM listed ORDER BY ord), '*')
     EXCEPT ALL
     SELECT source_object, record_index, event_id FROM iotatrail.read_events(:'trail', '*'))) d;

-- the order given, not the path order; records in file order within each
SELECT regexp_replace(source_object, '^.*/', '') AS file, min(ordinality) AS first_row, count(*) AS events
FROM iotatrail.read_objects(ARRAY(SELECT object FROM listed ORDER BY ord DESC LIMIT 3), '*')
     WITH ORDINALITY AS r
GROUP BY 1 ORDER BY 2;
SELECT bool_and(record_index = rn - 1) AS in_file_order FROM (
    SELECT record_index, row_number() OVER (PARTITION BY source_object ORDER BY ordinality) AS rn
    FROM iotatrail.read_objects(ARRAY(SELECT object FROM listed ORDER BY ord DESC LIMIT 3), '*')
         WITH ORDINALITY AS r) s;

-- a file named twice is read twice
SELECT count(*) = 2 * (SELECT count(*) FROM iotatrail.read_events((SELECT object FROM listed WHERE ord = 1), '*'))
       AS twice
FROM iotatrail.read_objects(ARRAY(SELECT object FROM listed WHERE ord = 1 UNION ALL
                                  SELECT object FROM listed WHERE ord = 1), '*');

-- nothing to read; a NULL object; objects of two kinds; a folder; a file
-- that is not there, and the same under on_error 'skip'
SELECT count(*) AS none FROM iotatrail.read_objects('{}');
-- (the errors name objects: those not in the sample are given paths of their
-- own, the same on every machine, so the errors show as they are; \echo
-- :SQLSTATE shows the error code where it matters)
SELECT count(*) FROM iotatrail.read_objects(ARRAY[NULL]::text[]);
SELECT count(*) FROM iotatrail.read_objects(ARRAY['/var/log/trails/AWSLogs/x.json.gz', 's3://trail/AWSLogs/x.json.gz']);
SELECT count(*) FROM iotatrail.read_objects(ARRAY['/tmp/']);
\echo :SQLSTATE
SELECT count(*) FROM iotatrail.read_objects(ARRAY[(SELECT object FROM listed WHERE ord = 1), '/nonexistent/AWSLogs/gone.json.gz']);
\echo :SQLSTATE
-- (its WARNING names the first object, a path of this machine: left out
-- here, s3.sh checks it)
SET client_min_messages = error;
SELECT count(*) = (SELECT count(*) FROM iotatrail.read_events((SELECT object FROM listed WHERE ord = 1), '*')) +
                  (SELECT count(*) FROM iotatrail.read_events((SELECT object FROM listed WHERE ord = 2), '*'))
       AS rows_of_the_others
FROM iotatrail.read_objects(ARRAY[(SELECT object FROM listed WHERE ord = 1), '/nonexistent/AWSLogs/gone.json.gz',
                                  (SELECT object FROM listed WHERE ord = 2)], '*', 'skip');
RESET client_min_messages;
SELECT replace(object, :'abs_srcdir', '$SRCDIR') AS object, records, unread
FROM iotatrail.last_scan_skipped_objects();
SELECT * FROM iotatrail.last_scan_skipped();

-- a role without pg_read_server_files may not name server files
-- (nothing is read before the check: the docs' path stands for any)
CREATE ROLE read_objects_nobody;
SET ROLE read_objects_nobody;
SELECT count(*) FROM iotatrail.read_objects(ARRAY['/var/log/trails/AWSLogs/x.json.gz']);
\echo :SQLSTATE
RESET ROLE;
DROP ROLE read_objects_nobody;
