-- Since 0.2.0 a local log file is known by its inode too, so a file replaced
-- by another of the same size and modification time (rsync -t, mv over it)
-- is loaded again; its status-change time is kept for the record.

-- Since 0.3.0 it takes on_error as the tables do: with 'skip', an entry
-- of a local location that cannot be looked at (a dangling link, an
-- unreadable folder, a name not valid in the database encoding) is a row
-- with only object and skip_reason, instead of an error.
CREATE FUNCTION iotatrail.list_objects(
    location text,
    server text DEFAULT NULL,
    digests boolean DEFAULT false,
    on_error text DEFAULT 'error')
RETURNS TABLE (object text, size bigint, etag text, modified timestamptz, inode bigint, changed timestamptz,
               skip_reason text)
AS 'MODULE_PATHNAME', 'iotatrail_list_objects'
LANGUAGE C VOLATILE;

COMMENT ON FUNCTION iotatrail.list_objects(text, text, boolean, text) IS
'the log files read_events would read at a location, in its order, without reading them: object as source_object names it, size in bytes, ETag (S3), or modification time, inode and status-change time (local); with digests, the CloudTrail digest files instead; with on_error ''skip'', entries that cannot be looked at are rows with only object and skip_reason';

ALTER TABLE iotatrail.sync_manifest
    ADD COLUMN inode bigint,
    ADD COLUMN changed timestamptz;

COMMENT ON COLUMN iotatrail.sync_manifest.inode IS 'inode number of a local file (NULL on S3, and for entries made before 0.2.0); a different inode reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.changed IS 'status-change time (ctime) of a local file when loaded (NULL on S3, and for entries made before 0.2.0); for the record only: a chmod or chown changes it too, so it reloads nothing';
