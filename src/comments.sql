-- Comments new or changed since 0.1.0 on the extension's functions,
-- procedures, wrapper and event trigger: the internal schema and its
-- functions (each says it is internal, and to what), and the public
-- objects 0.1.0 left without one.  Run last; t/050_search_path.pl
-- checks that every function of either schema has a comment.

COMMENT ON SCHEMA iotatrail_internal IS
'internal to iotatrail: the functions its event trigger, sync and verify_digests call; not for direct use';

COMMENT ON FOREIGN DATA WRAPPER iotatrail IS
'CloudTrail log files, local or on S3, as foreign tables of iotatrail.event columns; IMPORT FOREIGN SCHEMA makes the events table and the per-action views';
COMMENT ON FUNCTION iotatrail.fdw_handler() IS
'the handler of the iotatrail foreign-data wrapper, which PostgreSQL calls to plan and run its scans';
COMMENT ON FUNCTION iotatrail.fdw_validator(text[], oid) IS
'the validator of the options of the iotatrail foreign-data wrapper, its servers, user mappings and foreign tables';
COMMENT ON EVENT TRIGGER iotatrail_import_views IS
'makes the per-action views of an IMPORT FOREIGN SCHEMA from an iotatrail server';

COMMENT ON FUNCTION iotatrail_internal.configured_location() IS
'internal to iotatrail.sync: the iotatrail.location setting, or the error the iotanalytics views give when it is not set';
COMMENT ON FUNCTION iotatrail_internal.comment_event_columns(regclass) IS
'internal to the extension script and the import trigger: gives a relation''s columns the comments of the iotatrail.event columns of the same names';
COMMENT ON FUNCTION iotatrail_internal.take_pending_import() IS
'internal to the import trigger: the IMPORT FOREIGN SCHEMA statements of this transaction whose views are still to be made, each returned once';
COMMENT ON FUNCTION iotatrail_internal.import_foreign_schema_end() IS
'internal: the function of the event trigger iotatrail_import_views, which comments the events table an IMPORT FOREIGN SCHEMA made and creates its views';

COMMENT ON FUNCTION iotatrail_internal.object_content(text, text) IS
'internal to iotatrail.verify_digests: the bytes of one object (a path or an s3:// URL), inflated when gzip''d; NULL when it does not exist';
COMMENT ON FUNCTION iotatrail_internal.object_sha256(text, text) IS
'internal to iotatrail.verify_digests: hex SHA-256 of one object''s inflated bytes, as CloudTrail digests list log files; NULL when it does not exist';
COMMENT ON FUNCTION iotatrail_internal.object_signature(text, text) IS
'internal to iotatrail.verify_digests: a digest file''s hex signature, from its S3 metadata x-amz-meta-signature or, for a local copy, the sidecar file <digest>.signature; NULL when there is none';
COMMENT ON FUNCTION iotatrail_internal.rsa_sha256_verify(bytea, text, text) IS
'internal to iotatrail.verify_digests: checks a SHA256withRSA signature (hex) of message with an RSA public key (DER or PEM) and says ''ok'', ''invalid signature'', or what is wrong with the key or the signature';
COMMENT ON FUNCTION iotatrail_internal.list_public_keys_page(text, jsonb) IS
'internal to iotatrail.list_public_keys: one call of CloudTrail''s ListPublicKeys (request: StartTime, EndTime, NextToken), signed with the server''s credentials, and its answer as is';
COMMENT ON FUNCTION iotatrail_internal.digest_read(text, jsonb, text) IS
'internal to iotatrail.verify_digests: reads the public keys and every digest file at a location into temporary tables';
COMMENT ON FUNCTION iotatrail_internal.digest_check(jsonb, text, text, text, text) IS
'internal to iotatrail.verify_digests: one digest''s status (signature, key, chain) and what is wrong with it';

COMMENT ON FUNCTION iotatrail_internal.transaction_control_allowed() IS
'internal to iotatrail.sync: whether the procedure calling it may COMMIT';
COMMENT ON FUNCTION iotatrail_internal.sync_check_arguments(boolean, regclass, text, int) IS
'internal to iotatrail.sync: refuses a call where COMMIT cannot work, or without a source, a target or a batch size';
COMMENT ON FUNCTION iotatrail_internal.sync_resolve_source(regclass) IS
'internal to iotatrail.sync: checks the source foreign table and the grants on the bookkeeping tables, and returns what the source reads';
COMMENT ON FUNCTION iotatrail_internal.sync_resolve_target(text, regclass, name) IS
'internal to iotatrail.sync: the schema and name of the target table, existing or to create';
COMMENT ON FUNCTION iotatrail_internal.sync_lock(int, text) IS
'internal to iotatrail.sync: takes the session lock that keeps a second sync of the same target out';
COMMENT ON FUNCTION iotatrail_internal.sync_prepare_target(regclass, regclass, name, name) IS
'internal to iotatrail.sync: creates the target table when missing, checks it otherwise, and returns the columns sync writes';
COMMENT ON FUNCTION iotatrail_internal.sync_check_target_trusted(regclass, text) IS
'internal to iotatrail.sync: refuses an existing target that the caller does not own, with its partitions and indexes, or that runs code when rows are written';
COMMENT ON FUNCTION iotatrail_internal.sync_plan(regclass, text, text, text, text, text) IS
'internal to iotatrail.sync: lists the location (skipping what cannot be listed under on_error ''skip''), compares the listing with the manifest, and numbers the objects to load';
COMMENT ON FUNCTION iotatrail_internal.sync_load_batch(text[], text, text, text, text, text) IS
'internal to iotatrail.sync: reads a batch of objects into the staging table, in the target''s shape';
COMMENT ON FUNCTION iotatrail_internal.sync_make_partitions(regclass, name, name, regclass, text) IS
'internal to iotatrail.sync: creates the monthly partitions the staged rows need';
COMMENT ON FUNCTION iotatrail_internal.sync_store_batch(regclass, text, text[], text[], jsonb, bigint, bigint, bigint, bigint, bigint) IS
'internal to iotatrail.sync: replaces the rows of a batch''s objects in the target and records them in the manifest';

COMMENT ON FUNCTION iotatrail.read_objects_rows(text[], text, text, text, text) IS
'the scan behind read_objects, one row per call; use read_objects in FROM';
COMMENT ON FUNCTION iotatrail.read_objects(text[], text, text, text, text) IS
'events of the log files named, in that order: local paths or s3:// URLs of one bucket (through server, with your user mapping), with no walk and no listing; S3 objects are fetched several at a time';
COMMENT ON FUNCTION iotatrail.last_scan_skipped_objects() IS
'of the objects the last read_objects of this session read under on_error ''skip'', those it skipped bad records in or could not read to the end';
