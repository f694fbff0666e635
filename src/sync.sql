-- Incremental, exactly-once copies of a trail into a table: iotatrail.sync.
--
-- A manifest remembers every log file loaded into a target (size, ETag or
-- modification time, records); a sync lists the source location, loads
-- what is new or changed in batches of objects, and commits after each
-- batch together with the batch's manifest rows, so an interrupted sync
-- keeps exactly the batches it finished and the next one does the rest.

CREATE TABLE iotatrail.sync_manifest (
    target regclass NOT NULL,
    object text NOT NULL,
    size bigint,
    etag text,
    modified timestamptz,
    records_loaded bigint NOT NULL DEFAULT 0,
    records_skipped bigint NOT NULL DEFAULT 0,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    missing_since timestamptz,
    PRIMARY KEY (target, object)
);
SELECT pg_catalog.pg_extension_config_dump('iotatrail.sync_manifest', '');

COMMENT ON TABLE iotatrail.sync_manifest IS
'every log file iotatrail.sync loaded into a target table, as it was listed when loaded';
COMMENT ON COLUMN iotatrail.sync_manifest.target IS 'the table the object''s events were loaded into';
COMMENT ON COLUMN iotatrail.sync_manifest.object IS 'path or s3:// URL of the log file, as source_object names it';
COMMENT ON COLUMN iotatrail.sync_manifest.size IS 'size in bytes when listed; a different size reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.etag IS 'S3 ETag when listed (NULL for local files); a different ETag reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.modified IS 'modification time of a local file (NULL on S3); a different time reloads the object';
COMMENT ON COLUMN iotatrail.sync_manifest.records_loaded IS 'rows the object gave the target';
COMMENT ON COLUMN iotatrail.sync_manifest.records_skipped IS 'always 0 for now: records skipped under on_error ''skip'' are reported in the scan''s WARNING only';
COMMENT ON COLUMN iotatrail.sync_manifest.loaded_at IS 'when the batch that loaded the object committed (its transaction time)';
COMMENT ON COLUMN iotatrail.sync_manifest.missing_since IS 'first sync that no longer listed the object (its rows are kept); NULL while it is listed';

CREATE TABLE iotatrail.sync_runs (
    run_id bigserial PRIMARY KEY,
    pid int NOT NULL DEFAULT pg_backend_pid(),
    source regclass,
    target regclass,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    objects_total bigint NOT NULL DEFAULT 0,
    objects_done bigint NOT NULL DEFAULT 0,
    records_loaded bigint NOT NULL DEFAULT 0,
    bytes_total bigint NOT NULL DEFAULT 0,
    bytes_done bigint NOT NULL DEFAULT 0,
    error text
);

COMMENT ON TABLE iotatrail.sync_runs IS
'one row per iotatrail.sync call, updated with every committed batch; a run whose session died stays ''running'' until the next sync of its target marks it ''failed'' (iotatrail.sync_progress hides it)';
COMMENT ON COLUMN iotatrail.sync_runs.objects_total IS 'objects to load (new or changed) when the run started';
COMMENT ON COLUMN iotatrail.sync_runs.bytes_total IS 'their listed size';
COMMENT ON COLUMN iotatrail.sync_runs.error IS 'the error a failed run stopped with (NULL when its session was killed)';

CREATE VIEW iotatrail.sync_progress AS
SELECT r.run_id, r.pid, r.source, r.target, r.started_at,
       r.objects_done, r.objects_total, r.records_loaded, r.bytes_done, r.bytes_total,
       CASE WHEN r.objects_total = 0 THEN 100.0
            ELSE round(100.0 * r.objects_done / r.objects_total, 1) END AS percent_done,
       date_trunc('second', clock_timestamp() - r.started_at) AS elapsed
FROM iotatrail.sync_runs r
WHERE r.state = 'running'
  AND EXISTS (SELECT FROM pg_catalog.pg_stat_activity a
              WHERE a.pid = r.pid
                AND (a.backend_start IS NULL OR a.backend_start <= r.started_at));

COMMENT ON VIEW iotatrail.sync_progress IS
'syncs running now: runs in state ''running'' whose backend is alive, with the share of objects done';

-- The message of COMMIT where transaction control is not allowed, in the
-- server's language: sync compares its own attempt with it
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_atomic_message()
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    COMMIT;
    RETURN NULL;
EXCEPTION WHEN invalid_transaction_termination THEN
    RETURN SQLERRM;
END
$$;

CREATE OR REPLACE PROCEDURE iotatrail.sync(source regclass, target text, batch_objects int DEFAULT 50)
LANGUAGE plpgsql
AS $sync$
#variable_conflict use_column
DECLARE
    probe text;
    src record;
    opts jsonb;
    loc text;
    evsrc text;
    onerr text;
    maxrec text;
    srv text;
    tparts text[];
    tschema name;
    tname name;
    qualified text;
    tid regclass;
    created boolean := false;
    coldefs text;
    leftover text;
    cols text;
    allcols text;
    missing_cols text;
    partitioned boolean := false;
    defpart regclass;
    lock1 int := pg_catalog.hashtext('iotatrail.sync');
    lock2 int;
    holder text;
    rid bigint;
    n_listed bigint;
    n_total bigint;
    n_changed bigint;
    b_total bigint;
    n_missing bigint;
    n_new_missing bigint;
    missing_names text[];
    batch int := 0;
    done_n bigint := 0;
    nb bigint;
    bb bigint;
    nr bigint;
    rec_total bigint := 0;
    objs text[];
    obj text;
    skip record;
    skipped jsonb;
    unread text[];
    mon record;
    lo timestamptz;
    hi timestamptz;
    pname text;
    moved bigint;
    err_state text;
    err_msg text;
    err_detail text;
    err_hint text;
    t0 timestamptz := pg_catalog.clock_timestamp();
    nestloop text;
    -- the target is named in the caller's terms: resolved before the path
    -- is pinned
    target_oid regclass := pg_catalog.to_regclass(sync.target);
    caller_schema name := pg_catalog.current_schema();
BEGIN
    -- A procedure that commits cannot carry SET search_path: the path is
    -- pinned for each of its transactions instead (after every COMMIT), so
    -- no object of the caller's path is ever called
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

    -- It commits after every batch: refuse a context where COMMIT cannot work
    -- before doing anything
    BEGIN
        COMMIT;
    EXCEPTION WHEN invalid_transaction_termination THEN
        probe := SQLERRM;
    END;
    IF probe IS NOT DISTINCT FROM iotatrail_internal.sync_atomic_message() THEN
        RAISE EXCEPTION 'iotatrail.sync cannot run inside a transaction block'
            USING ERRCODE = 'active_sql_transaction',
                  DETAIL = 'It commits after every batch of objects, so that an interrupted sync keeps the batches it finished.',
                  HINT = 'CALL it on its own in autocommit mode: not after BEGIN, not from a function, not with other statements in the same query string. Drivers that open a transaction for you need autocommit on (psycopg: connection.autocommit = True; JDBC: setAutoCommit(true)).';
    END IF;

    IF sync.source IS NULL OR sync.target IS NULL OR btrim(sync.target) = '' THEN
        RAISE EXCEPTION 'iotatrail.sync needs a source foreign table and a target table name'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_objects IS NULL OR batch_objects < 1 THEN
        RAISE EXCEPTION 'batch_objects must be at least 1, not %', coalesce(batch_objects::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- The source: a foreign table of the iotatrail wrapper; its options say
    -- what to read
    SELECT c.relkind, ft.ftoptions, s.srvname, w.fdwname, w.fdwhandler
      INTO src
      FROM pg_catalog.pg_class c
      LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
      LEFT JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
      LEFT JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
     WHERE c.oid = sync.source;
    IF src.relkind IS DISTINCT FROM 'f' THEN
        RAISE EXCEPTION '"%" is not a foreign table', sync.source
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'The source of iotatrail.sync is a foreign table of the iotatrail wrapper, such as the events table IMPORT FOREIGN SCHEMA iotanalytics creates.';
    END IF;
    IF src.fdwhandler IS DISTINCT FROM 'iotatrail.fdw_handler'::regproc THEN
        RAISE EXCEPTION '"%" is not an iotatrail foreign table', sync.source
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = format('Its server "%s" uses the foreign-data wrapper "%s".', src.srvname, src.fdwname);
    END IF;
    IF NOT has_table_privilege(sync.source, 'SELECT') THEN
        RAISE EXCEPTION 'permission denied for foreign table %', sync.source
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- the bookkeeping tables: name the grants rather than fail on the first
    IF NOT (has_table_privilege('iotatrail.sync_manifest', 'SELECT, INSERT, UPDATE, DELETE')
            AND has_table_privilege('iotatrail.sync_runs', 'SELECT, INSERT, UPDATE')
            AND has_sequence_privilege('iotatrail.sync_runs_run_id_seq', 'USAGE')) THEN
        RAISE EXCEPTION 'permission denied for table iotatrail.sync_manifest'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'iotatrail.sync records the log files it loaded in iotatrail.sync_manifest and its runs in iotatrail.sync_runs.',
                  HINT = format('A superuser can grant them: GRANT SELECT, INSERT, UPDATE, DELETE ON iotatrail.sync_manifest TO %1$s; GRANT SELECT, INSERT, UPDATE ON iotatrail.sync_runs TO %1$s; GRANT USAGE ON SEQUENCE iotatrail.sync_runs_run_id_seq TO %1$s;',
                                quote_ident(current_user));
    END IF;
    SELECT jsonb_object_agg(o.option_name, o.option_value) INTO opts
      FROM pg_catalog.pg_options_to_table(src.ftoptions) AS o;
    loc := opts->>'location';
    -- iotanalytics.events and other tables reading iotatrail.location: the
    -- setting's value now (the error of the views when it is not set)
    IF opts ? 'location_setting' THEN
        loc := iotatrail_internal.configured_location();
    END IF;
    evsrc := opts->>'event_source';        -- NULL: read_events' default, as the table's
    onerr := opts->>'on_error';
    maxrec := opts->>'max_record_size';
    srv := src.srvname;
    IF loc IS NULL THEN
        RAISE EXCEPTION 'foreign table "%" has no location', sync.source
            USING ERRCODE = 'fdw_option_name_not_found';
    END IF;

    -- The target: an existing table, or one to create
    tid := target_oid;
    IF tid IS NOT NULL THEN
        SELECT n.nspname, c.relname INTO tschema, tname
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = tid;
    ELSE
        tparts := parse_ident(sync.target);
        IF cardinality(tparts) = 1 THEN
            tschema := caller_schema;
            tname := tparts[1];
            IF tschema IS NULL THEN
                RAISE EXCEPTION 'no schema has been selected to create "%" in', sync.target
                    USING ERRCODE = 'invalid_schema_name',
                          HINT = 'Give the target with its schema: schema.table.';
            END IF;
        ELSIF cardinality(tparts) = 2 THEN
            tschema := tparts[1];
            tname := tparts[2];
        ELSE
            RAISE EXCEPTION 'invalid target name "%"', sync.target
                USING ERRCODE = 'invalid_name',
                      HINT = 'Give a table name, optionally schema-qualified.';
        END IF;
    END IF;
    qualified := format('%I.%I', tschema, tname);

    -- One sync per target at a time: a session lock on its name, held across
    -- the batches' commits. A lock this session kept from a sync that died
    -- in a COMMIT is released first.
    lock2 := hashtext(qualified);
    FOR i IN 1..100 LOOP
        EXIT WHEN NOT EXISTS (
            SELECT FROM pg_catalog.pg_locks l
             WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.objsubid = 2
               AND l.classid = (lock1::bigint & 4294967295)::oid
               AND l.objid = (lock2::bigint & 4294967295)::oid);
        PERFORM pg_advisory_unlock(lock1, lock2);
    END LOOP;
    IF NOT pg_try_advisory_lock(lock1, lock2) THEN
        SELECT string_agg(l.pid::text, ', ') INTO holder
          FROM pg_catalog.pg_locks l
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
           AND l.classid = (lock1::bigint & 4294967295)::oid
           AND l.objid = (lock2::bigint & 4294967295)::oid;
        RAISE EXCEPTION 'another sync of % is running', qualified
            USING ERRCODE = 'lock_not_available',
                  DETAIL = format('Backend %s holds the lock of this target.', coalesce(holder, '?')),
                  HINT = 'Wait until it ends (iotatrail.sync_progress shows it) or stop it with pg_cancel_backend().';
    END IF;

    -- From here on an error releases the lock, and marks the run failed
    BEGIN
        -- the event columns, for a new target and for the staging table
        SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '
                          ORDER BY a.attnum)
          INTO coldefs
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = (SELECT t.typrelid FROM pg_catalog.pg_type t
                              WHERE t.oid = 'iotatrail.event'::regtype)
           AND a.attnum > 0 AND NOT a.attisdropped;
        IF tid IS NULL THEN
            EXECUTE format('CREATE TABLE %s (%s) PARTITION BY RANGE (event_time)', qualified, coldefs);
            tid := qualified::regclass;
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT',
                           tschema, left(tname, 55) || '_default', tid);
            -- what the per-action views over it ask: one action over a
            -- time range ((event_name, event_time) also serves event_name
            -- alone), a time range, and which events touched an ARN
            -- (resource_arns @> ARRAY[...])
            EXECUTE format('CREATE INDEX ON %s (event_time)', tid);
            EXECUTE format('CREATE INDEX ON %s (event_name, event_time)', tid);
            EXECUTE format('CREATE INDEX ON %s USING gin (resource_arns)', tid);
            EXECUTE format('CREATE UNIQUE INDEX ON %s (source_object, record_index, event_time) NULLS NOT DISTINCT', tid);
            EXECUTE format('COMMENT ON TABLE %s IS %L', tid,
                           format('events of %s stored by iotatrail.sync (manifest: iotatrail.sync_manifest)', sync.source));
            created := true;
        ELSIF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tid) NOT IN ('r', 'p') THEN
            RAISE EXCEPTION '"%" is not a table', qualified
                USING ERRCODE = 'wrong_object_type',
                      HINT = 'Give the name of a table with the columns of iotatrail.event, or of one to create.';
        END IF;

        -- the event columns the target has, by name
        SELECT string_agg(quote_ident(e.attname), ', ' ORDER BY e.attnum)
          INTO cols
          FROM pg_catalog.pg_attribute e
          JOIN pg_catalog.pg_attribute a
            ON a.attrelid = tid AND a.attname = e.attname AND a.attnum > 0 AND NOT a.attisdropped
         WHERE e.attrelid = (SELECT t.typrelid FROM pg_catalog.pg_type t
                              WHERE t.oid = 'iotatrail.event'::regtype)
           AND e.attnum > 0 AND NOT e.attisdropped;
        SELECT string_agg(need, ', ') INTO missing_cols
          FROM unnest(ARRAY['source_object', 'record_index']) AS need
         WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                            WHERE a.attrelid = tid AND a.attname = need AND a.attnum > 0
                              AND NOT a.attisdropped);
        IF missing_cols IS NOT NULL THEN
            RAISE EXCEPTION 'table % has no column %', qualified, missing_cols
                USING ERRCODE = 'undefined_column',
                      DETAIL = 'iotatrail.sync replaces the rows of a changed log file by its source_object, and tells records apart by record_index.';
        END IF;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO allcols
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = tid AND a.attnum > 0 AND NOT a.attisdropped;
        -- monthly partitions are made when the table is partitioned by range
        -- of event_time alone
        SELECT true, nullif(p.partdefid, 0)::regclass INTO partitioned, defpart
          FROM pg_catalog.pg_partitioned_table p
          JOIN pg_catalog.pg_attribute a
            ON a.attrelid = p.partrelid AND a.attname = 'event_time' AND a.attnum = p.partattrs[0]
         WHERE p.partrelid = tid AND p.partstrat = 'r' AND p.partnatts = 1;
        partitioned := coalesce(partitioned, false);

        -- manifests of tables that were dropped
        DELETE FROM iotatrail.sync_manifest m
         WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid = m.target);
        -- earlier runs of this target that never finished (their session
        -- died): with the lock held, none of them is still running
        UPDATE iotatrail.sync_runs r
           SET state = 'failed', finished_at = clock_timestamp()
         WHERE r.target = tid AND r.state = 'running';

        -- what is there, and what of it to load: new objects, and objects
        -- whose size, ETag, modification time or inode changed
        -- (left over when an earlier sync in this session failed)
        FOREACH leftover IN ARRAY ARRAY['iotatrail_sync_listed', 'iotatrail_sync_todo',
                                        'iotatrail_sync_stage', 'iotatrail_sync_moved'] LOOP
            IF to_regclass('pg_temp.' || leftover) IS NOT NULL THEN
                EXECUTE format('DROP TABLE pg_temp.%I', leftover);
            END IF;
        END LOOP;
        EXECUTE 'CREATE TEMP TABLE iotatrail_sync_listed AS
                 SELECT o.ord, o.object, o.size, o.etag, o.modified, o.inode, o.changed
                   FROM iotatrail.list_objects($1, $2)
                        WITH ORDINALITY AS o(object, size, etag, modified, inode, changed, ord)'
          USING loc, srv;
        -- comparing the listing with the manifest stays linear whatever the
        -- manifest's statistics say (stale, they made nested loops over
        -- thousands of objects): the listing's are fresh, and the joins
        -- hash or merge
        EXECUTE 'ANALYZE pg_temp.iotatrail_sync_listed';
        nestloop := pg_catalog.current_setting('enable_nestloop');
        PERFORM pg_catalog.set_config('enable_nestloop', 'off', true);
        EXECUTE 'CREATE TEMP TABLE iotatrail_sync_todo AS
                 SELECT row_number() OVER (ORDER BY l.ord) AS n, l.object, l.size, l.etag, l.modified,
                        l.inode, l.changed, m.object IS NOT NULL AS reload
                   FROM pg_temp.iotatrail_sync_listed l
                   LEFT JOIN iotatrail.sync_manifest m ON m.target = $1 AND m.object = l.object
                  WHERE m.object IS NULL
                     OR m.size IS DISTINCT FROM l.size
                     OR m.etag IS DISTINCT FROM l.etag
                     OR (m.modified IS DISTINCT FROM l.modified
                         -- 0.1.0 kept whole seconds: such an entry still matches
                         AND NOT (m.modified = pg_catalog.date_trunc(''second'', m.modified)
                                  AND m.modified = pg_catalog.date_trunc(''second'', l.modified)))
                     -- a file replaced by another (entries made before 0.2.0 have
                     -- no inode); not the ctime, which a chmod -R changes too
                     OR m.inode IS DISTINCT FROM l.inode AND m.inode IS NOT NULL'
          USING tid;
        -- and get them now, so a later rewrite that keeps size and mtime shows
        UPDATE iotatrail.sync_manifest m SET inode = l.inode, changed = l.changed
          FROM pg_temp.iotatrail_sync_listed l
         WHERE m.target = tid AND m.object = l.object AND m.inode IS NULL AND l.inode IS NOT NULL
           AND NOT EXISTS (SELECT FROM pg_temp.iotatrail_sync_todo t WHERE t.object = l.object);
        EXECUTE 'CREATE UNIQUE INDEX ON pg_temp.iotatrail_sync_todo (n)';
        EXECUTE format('CREATE TEMP TABLE iotatrail_sync_stage (%s)', coldefs);

        SELECT count(*) INTO n_listed FROM pg_temp.iotatrail_sync_listed;
        SELECT count(*), count(*) FILTER (WHERE t.reload), coalesce(sum(t.size), 0)
          INTO n_total, n_changed, b_total
          FROM pg_temp.iotatrail_sync_todo t;

        -- objects loaded before and listed no more: keep their rows, say so
        UPDATE iotatrail.sync_manifest m SET missing_since = NULL
         WHERE m.target = tid AND m.missing_since IS NOT NULL
           AND EXISTS (SELECT FROM pg_temp.iotatrail_sync_listed l WHERE l.object = m.object);
        UPDATE iotatrail.sync_manifest m SET missing_since = now()
         WHERE m.target = tid AND m.missing_since IS NULL
           AND NOT EXISTS (SELECT FROM pg_temp.iotatrail_sync_listed l WHERE l.object = m.object);
        GET DIAGNOSTICS n_new_missing = ROW_COUNT;
        PERFORM pg_catalog.set_config('enable_nestloop', nestloop, true);
        SELECT count(*), (array_agg(m.object ORDER BY m.object))[1:5]
          INTO n_missing, missing_names
          FROM iotatrail.sync_manifest m
         WHERE m.target = tid AND m.missing_since IS NOT NULL;
        IF n_missing > 0 THEN
            RAISE WARNING 'sync: % object(s) loaded into % are no longer listed at %: %', n_missing, qualified, loc,
                array_to_string(missing_names, ', ')
                || CASE WHEN n_missing > 5 THEN format(' and %s more', n_missing - 5) ELSE '' END
                USING DETAIL = format('%s of them missing since this sync. Their rows are kept; iotatrail.sync_manifest.missing_since says since when.', n_new_missing),
                      HINT = 'A log file that disappears from a trail was deleted or moved. Delete its rows and its manifest entry yourself if they should go.';
        END IF;

        INSERT INTO iotatrail.sync_runs (pid, source, target, objects_total, bytes_total)
        VALUES (pg_backend_pid(), sync.source, tid, n_total, b_total)
        RETURNING run_id INTO rid;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        PERFORM pg_advisory_unlock(lock1, lock2);
        RAISE;
    END;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    RAISE NOTICE 'sync: % objects to load into % (% new, % changed, % bytes) of % listed at %',
        n_total, qualified, n_total - n_changed, n_changed, b_total, n_listed, loc;

    LOOP
        SELECT array_agg(t.object ORDER BY t.n), count(*), coalesce(sum(t.size), 0)
          INTO objs, nb, bb
          FROM pg_temp.iotatrail_sync_todo t
         WHERE t.n > done_n AND t.n <= done_n + batch_objects;
        EXIT WHEN nb = 0;
        batch := batch + 1;

        -- Two transactions per batch.  First, read the batch's objects and
        -- make the partitions of their months: a new partition locks the
        -- table, so it is committed on its own, before the rows arrive.
        -- Then replace the rows of changed objects, add the batch's rows and
        -- record the objects in the manifest.
        FOR phase IN 1..2 LOOP
            BEGIN
                IF phase = 1 THEN
                    TRUNCATE pg_temp.iotatrail_sync_stage;
                    skipped := '{}';
                    unread := '{}';
                    FOREACH obj IN ARRAY objs LOOP
                        -- WHERE: an s3:// object is a prefix too
                        INSERT INTO pg_temp.iotatrail_sync_stage
                        SELECT * FROM iotatrail.read_events(obj, evsrc, onerr, maxrec, srv) AS e
                         WHERE e.source_object = obj;
                        -- under on_error 'skip': bad records are counted; a file not
                        -- read to its end is left out, to be tried again next time
                        skip := iotatrail.last_scan_skipped();
                        IF skip.files > 0 THEN
                            DELETE FROM pg_temp.iotatrail_sync_stage s WHERE s.source_object = obj;
                            unread := unread || obj;
                        ELSE
                            skipped := skipped || jsonb_build_object(obj, skip.records);
                        END IF;
                    END LOOP;
                    IF cardinality(unread) > 0 THEN
                        RAISE WARNING 'sync: % log files could not be read to the end and are left for the next sync: %',
                            cardinality(unread), array_to_string(unread[1:5], ', ');
                    END IF;
                    IF partitioned THEN
                        FOR mon IN
                            SELECT DISTINCT date_trunc('month', s.event_time, 'UTC') AS lo
                              FROM pg_temp.iotatrail_sync_stage s
                             WHERE isfinite(s.event_time)
                             ORDER BY 1
                        LOOP
                            lo := mon.lo;
                            hi := ((lo AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
                            pname := left(tname, 54) || to_char(lo AT TIME ZONE 'UTC', '"_y"YYYY"m"MM');
                            CONTINUE WHEN to_regclass(format('%I.%I', tschema, pname)) IS NOT NULL;
                            BEGIN
                                -- rows of that month in the default partition move over
                                moved := 0;
                                IF defpart IS NOT NULL THEN
                                    EXECUTE format('CREATE TEMP TABLE iotatrail_sync_moved (LIKE %s)', defpart);
                                    EXECUTE format('WITH d AS (DELETE FROM %s WHERE event_time >= $1 AND event_time < $2 RETURNING *)
                                                    INSERT INTO pg_temp.iotatrail_sync_moved SELECT * FROM d', defpart)
                                      USING lo, hi;
                                    GET DIAGNOSTICS moved = ROW_COUNT;
                                END IF;
                                EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                                               tschema, pname, tid,
                                               to_char(lo AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS+00'),
                                               to_char(hi AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS+00'));
                                IF defpart IS NOT NULL THEN
                                    IF moved > 0 THEN
                                        EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM pg_temp.iotatrail_sync_moved',
                                                       tid, allcols, allcols);
                                    END IF;
                                    DROP TABLE pg_temp.iotatrail_sync_moved;
                                END IF;
                            EXCEPTION WHEN invalid_object_definition THEN
                                -- the month overlaps a partition of the table's own:
                                -- its rows go there
                                NULL;
                            END;
                        END LOOP;
                    END IF;
                ELSE
                    -- every object of the batch replaces its rows, whatever the
                    -- manifest said: an entry deleted by hand (to reload a file)
                    -- must not double them
                    EXECUTE format('DELETE FROM %s WHERE source_object = ANY ($1) AND source_object <> ALL ($2)', tid)
                      USING objs, unread;
                    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM pg_temp.iotatrail_sync_stage', tid, cols, cols);
                    GET DIAGNOSTICS nr = ROW_COUNT;
                    INSERT INTO iotatrail.sync_manifest AS m
                           (target, object, size, etag, modified, inode, changed,
                            records_loaded, records_skipped, loaded_at, missing_since)
                    SELECT tid, t.object, t.size, t.etag, t.modified, t.inode, t.changed, coalesce(c.records, 0),
                           coalesce((skipped->>t.object)::bigint, 0), now(), NULL
                      FROM pg_temp.iotatrail_sync_todo t
                      LEFT JOIN (SELECT s.source_object, count(*) AS records
                                   FROM pg_temp.iotatrail_sync_stage s GROUP BY s.source_object) c
                        ON c.source_object = t.object
                     WHERE t.n > done_n AND t.n <= done_n + batch_objects
                       AND t.object <> ALL (unread)
                    ON CONFLICT (target, object) DO UPDATE
                       SET size = excluded.size, etag = excluded.etag, modified = excluded.modified,
                           inode = excluded.inode, changed = excluded.changed,
                           records_loaded = excluded.records_loaded, records_skipped = excluded.records_skipped,
                           loaded_at = excluded.loaded_at, missing_since = NULL;
                    UPDATE iotatrail.sync_runs r
                       SET objects_done = r.objects_done + nb, records_loaded = r.records_loaded + nr,
                           bytes_done = r.bytes_done + bb
                     WHERE r.run_id = rid;
                END IF;
            EXCEPTION WHEN OTHERS OR query_canceled THEN
                GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_msg = MESSAGE_TEXT,
                                        err_detail = PG_EXCEPTION_DETAIL, err_hint = PG_EXCEPTION_HINT;
                PERFORM pg_advisory_unlock(lock1, lock2);
                UPDATE iotatrail.sync_runs r
                   SET state = 'failed', finished_at = clock_timestamp(), error = err_msg
                 WHERE r.run_id = rid;
                COMMIT;
                PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
                RAISE EXCEPTION USING ERRCODE = err_state, MESSAGE = err_msg,
                      DETAIL = coalesce(nullif(err_detail, ''), format('iotatrail.sync stopped in batch %s; the %s batches before it are committed.', batch, batch - 1)),
                      HINT = coalesce(nullif(err_hint, ''), 'Run the sync again to continue from there.');
            END;
            COMMIT;
            PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
        END LOOP;
        done_n := done_n + nb;
        rec_total := rec_total + nr;
        RAISE NOTICE 'sync: batch %: % objects, % records, % bytes (% of % objects)',
            batch, nb, nr, bb, done_n, n_total;
    END LOOP;

    UPDATE iotatrail.sync_runs r SET state = 'done', finished_at = clock_timestamp()
     WHERE r.run_id = rid;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    PERFORM pg_advisory_unlock(lock1, lock2);
    DROP TABLE pg_temp.iotatrail_sync_listed, pg_temp.iotatrail_sync_todo, pg_temp.iotatrail_sync_stage;
    RAISE NOTICE 'sync: done: % objects (% new, % changed), % records, % bytes loaded into % in % batches, % s; % listed, % missing%',
        n_total, n_total - n_changed, n_changed, rec_total, b_total, qualified, batch,
        round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1), n_listed, n_missing,
        CASE WHEN created THEN format(' (created %s)', qualified) ELSE '' END;
END
$sync$;

COMMENT ON PROCEDURE iotatrail.sync(regclass, text, int) IS
'loads the log files at an iotatrail foreign table''s location that are new or changed since the last sync into a table (created, partitioned by month, when missing), batch_objects files per transaction; each file''s rows exactly once';
