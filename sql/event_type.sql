-- The type iotatrail.event is written out in the install script; the C
-- column catalogue (event_columns.c) is what the scan fills.  They must
-- agree column for column: name, position, type and comment.
\set VERBOSITY default
\set SHOW_CONTEXT always

-- columns of one and not the other, or in another place or type: none
SELECT c.column_position, c.column_name, c.column_type,
       a.attnum, a.attname, a.atttypid::regtype AS atttype
FROM iotatrail.event_columns() c
FULL JOIN (SELECT * FROM pg_attribute
            WHERE attrelid = 'iotatrail.event'::regclass AND attnum > 0 AND NOT attisdropped) a
  ON a.attname = c.column_name
WHERE a.attnum IS DISTINCT FROM c.column_position
   OR a.atttypid IS DISTINCT FROM c.column_type::oid;

-- comments differing from the catalogue's descriptions: none
SELECT c.column_name, c.description, col_description('iotatrail.event'::regclass, c.column_position)
FROM iotatrail.event_columns() c
WHERE col_description('iotatrail.event'::regclass, c.column_position) IS DISTINCT FROM c.description;

-- and both have the columns at all
SELECT count(*) > 50 AS has_columns FROM iotatrail.event_columns();
