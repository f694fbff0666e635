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
    error text,
    objects_skipped bigint NOT NULL DEFAULT 0
);

COMMENT ON TABLE iotatrail.sync_runs IS
'one row per iotatrail.sync call, updated with every committed batch; a run whose session died stays ''running'' until the next sync of its target marks it ''failed'' (iotatrail.sync_progress hides it)';
COMMENT ON COLUMN iotatrail.sync_runs.objects_total IS 'objects to load (new or changed) when the run started';
COMMENT ON COLUMN iotatrail.sync_runs.bytes_total IS 'their listed size';
COMMENT ON COLUMN iotatrail.sync_runs.error IS 'the error a failed run stopped with (NULL when its session was killed)';
COMMENT ON COLUMN iotatrail.sync_runs.objects_skipped IS 'entries of the location that could not be listed (on_error ''skip''): not loaded, listed again by the next run';

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

-- Whether the procedure calling this may COMMIT (SPI's own answer: the
-- CALL was not atomic and no exception block is open).  Called by sync
-- itself, not by one of its steps: a function's call is always atomic.
CREATE OR REPLACE FUNCTION iotatrail_internal.transaction_control_allowed()
RETURNS boolean
AS 'MODULE_PATHNAME', 'iotatrail_transaction_control_allowed'
LANGUAGE C VOLATILE;

-- The steps of iotatrail.sync.  They are functions, so each pins its
-- search_path; the procedure, which commits, only calls them and commits.

-- Refuses what sync cannot do before it does anything: run where COMMIT
-- cannot work (can_commit: what transaction_control_allowed said to sync),
-- or without a source, a target or a batch size
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_check_arguments(
    can_commit boolean, source regclass, target text, batch_objects int)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT can_commit THEN
        RAISE EXCEPTION 'iotatrail.sync cannot run inside a transaction block'
            USING ERRCODE = 'active_sql_transaction',
                  DETAIL = 'It commits after every batch of objects, so that an interrupted sync keeps the batches it finished.',
                  HINT = 'CALL it on its own in autocommit mode: not after BEGIN, not from a function, not with other statements in the same query string. Drivers that open a transaction for you need autocommit on (psycopg: connection.autocommit = True; JDBC: setAutoCommit(true)).';
    END IF;
    IF source IS NULL OR target IS NULL OR btrim(target) = '' THEN
        RAISE EXCEPTION 'iotatrail.sync needs a source foreign table and a target table name'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_objects IS NULL OR batch_objects < 1 THEN
        RAISE EXCEPTION 'batch_objects must be at least 1, not %', coalesce(batch_objects::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

-- The source: a foreign table of the iotatrail wrapper; its options say
-- what to read.  Also checks the grants sync needs on its bookkeeping.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_resolve_source(
    source regclass,
    OUT loc text, OUT evsrc text, OUT onerr text, OUT maxrec text, OUT srv text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    src record;
    opts jsonb;
BEGIN
    SELECT c.relkind, ft.ftoptions, s.srvname, w.fdwname, w.fdwhandler
      INTO src
      FROM pg_catalog.pg_class c
      LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
      LEFT JOIN pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver
      LEFT JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
     WHERE c.oid = source;
    IF src.relkind IS DISTINCT FROM 'f' THEN
        RAISE EXCEPTION '"%" is not a foreign table', source
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'The source of iotatrail.sync is a foreign table of the iotatrail wrapper, such as the events table IMPORT FOREIGN SCHEMA iotanalytics creates.';
    END IF;
    IF src.fdwhandler IS DISTINCT FROM 'iotatrail.fdw_handler'::regproc THEN
        RAISE EXCEPTION '"%" is not an iotatrail foreign table', source
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = format('Its server "%s" uses the foreign-data wrapper "%s".', src.srvname, src.fdwname);
    END IF;
    IF NOT has_table_privilege(source, 'SELECT') THEN
        RAISE EXCEPTION 'permission denied for foreign table %', source
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
        RAISE EXCEPTION 'foreign table "%" has no location', source
            USING ERRCODE = 'fdw_option_name_not_found';
    END IF;
END
$$;

-- The target: an existing table (target_oid, resolved by the caller in its
-- own terms), or the schema and name of one to create
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_resolve_target(
    target text, target_oid regclass, caller_schema name,
    OUT tid regclass, OUT tschema name, OUT tname name, OUT qualified text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tparts text[];
BEGIN
    tid := target_oid;
    IF tid IS NOT NULL THEN
        SELECT n.nspname, c.relname INTO tschema, tname
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = tid;
    ELSE
        tparts := parse_ident(target);
        IF cardinality(tparts) = 1 THEN
            tschema := caller_schema;
            tname := tparts[1];
            IF tschema IS NULL THEN
                RAISE EXCEPTION 'no schema has been selected to create "%" in', target
                    USING ERRCODE = 'invalid_schema_name',
                          HINT = 'Give the target with its schema: schema.table.';
            END IF;
        ELSIF cardinality(tparts) = 2 THEN
            tschema := tparts[1];
            tname := tparts[2];
        ELSE
            RAISE EXCEPTION 'invalid target name "%"', target
                USING ERRCODE = 'invalid_name',
                      HINT = 'Give a table name, optionally schema-qualified.';
        END IF;
    END IF;
    qualified := format('%I.%I', tschema, tname);
END
$$;

-- One sync per target at a time: a session lock on its name, held across
-- the batches' commits; returns the lock's second key.  A lock this session
-- kept from a sync that died in a COMMIT is released first.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_lock(lock1 int, qualified text)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lock2 int := hashtext(qualified);
    holder text;
BEGIN
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
    RETURN lock2;
END
$$;

-- The first code attached to a sync target's relations (rels: the table,
-- its partitions and indexes) that would run when rows are written:
-- triggers, rules, policies, and defaults or generated columns,
-- constraints (the columns' domains' too), index expressions and
-- predicates that depend on a function or operator not built in (an OID
-- past FirstNormalObjectId); NULLs when there is none
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_target_code(
    tid regclass, rels oid[], OUT what text, OUT owner text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT c.what, c.owner
  FROM (SELECT 1 AS o, format('trigger "%s" on %s, calling %s', t.tgname, t.tgrelid::regclass,
                              t.tgfoid::regprocedure) AS what,
               pg_catalog.pg_get_userbyid(p.proowner) AS owner
          FROM pg_catalog.pg_trigger t
          JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
         WHERE t.tgrelid = ANY (rels) AND NOT t.tgisinternal
        UNION ALL
        SELECT 2, format('rule "%s" on %s', r.rulename, r.ev_class::regclass),
               pg_catalog.pg_get_userbyid(c.relowner)
          FROM pg_catalog.pg_rewrite r
          JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
         WHERE r.ev_class = ANY (rels)
        UNION ALL
        SELECT 3, format('row-level security policy "%s" on %s', p.polname, p.polrelid::regclass),
               pg_catalog.pg_get_userbyid(c.relowner)
          FROM pg_catalog.pg_policy p
          JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
         WHERE p.polrelid = ANY (rels)
        UNION ALL
        SELECT 4, format('%s, calling %s', pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid),
                         pg_catalog.pg_describe_object(d.refclassid, d.refobjid, 0)),
               pg_catalog.pg_get_userbyid(coalesce(p.proowner, op.oprowner))
          FROM pg_catalog.pg_depend d
          LEFT JOIN pg_catalog.pg_proc p
            ON d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = d.refobjid
          LEFT JOIN pg_catalog.pg_operator op
            ON d.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND op.oid = d.refobjid
         WHERE d.refclassid IN ('pg_catalog.pg_proc'::pg_catalog.regclass, 'pg_catalog.pg_operator'::pg_catalog.regclass)
           AND d.refobjid >= 16384
           AND ((d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                 AND d.objid IN (SELECT a.oid FROM pg_catalog.pg_attrdef a WHERE a.adrelid = ANY (rels)))
                OR (d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                    AND d.objid IN (SELECT k.oid FROM pg_catalog.pg_constraint k
                                     WHERE k.conrelid = ANY (rels)
                                        OR k.contypid IN (SELECT a.atttypid FROM pg_catalog.pg_attribute a
                                                           WHERE a.attrelid = tid AND a.attnum > 0
                                                             AND NOT a.attisdropped)))
                OR (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = ANY (rels)))) c
 ORDER BY c.o, c.what
 LIMIT 1;
$$;

COMMENT ON FUNCTION iotatrail_internal.sync_target_code(regclass, oid[]) IS
'internal to iotatrail.sync: the first trigger, rule, policy, or default, constraint or index expression calling code not built in, on a target''s table, partitions and indexes, with its owner';

-- An existing target is written as the caller: its triggers, rules,
-- policies, defaults, constraints and index expressions run with the
-- caller's privileges.  A role that can create a table where the caller's
-- search_path finds it could plant one that escalates, so only a target
-- the caller owns (itself or through a role it is a member of), with no
-- code of anyone's attached, is adopted.  Membership is followed in
-- pg_auth_members, not asked of pg_has_role, which is always true for a
-- superuser: the role this guards.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_check_target_trusted(tid regclass, qualified text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad record;
    rels oid[];
    hint text := 'Name a table of your own, schema-qualified, or a new one for sync to create. A name without a schema is looked up in your search_path, where any role with CREATE on a schema of it can put a table.';
BEGIN
    -- the table, its partitions, and their indexes (pg_partition_tree
    -- has no rows for a table that is not partitioned)
    rels := ARRAY(SELECT tid::oid
                  UNION
                  SELECT t.relid FROM pg_catalog.pg_partition_tree(tid) t);
    rels := rels || ARRAY(SELECT i.indexrelid FROM pg_catalog.pg_index i WHERE i.indrelid = ANY (rels));

    WITH RECURSIVE mine(oid) AS (
        SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
        UNION
        SELECT m.roleid FROM pg_catalog.pg_auth_members m JOIN mine ON m.member = mine.oid)
    SELECT c.oid::regclass AS rel, c.relkind, pg_catalog.pg_get_userbyid(c.relowner) AS owner
      INTO bad
      FROM pg_catalog.pg_class c
     WHERE c.oid = ANY (rels) AND c.relowner NOT IN (SELECT mine.oid FROM mine)
     ORDER BY c.oid <> tid, c.relkind = 'i', c.relname
     LIMIT 1;
    IF FOUND AND bad.rel = tid THEN
        RAISE EXCEPTION 'sync target % is owned by role "%"', qualified, bad.owner
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('iotatrail.sync writes into an existing table as you (%s), so the triggers, rules and defaults of a table owned by another role would run with your privileges. It adopts only a table that you, or a role you are a member of, own, with its partitions and indexes.', current_user),
                  HINT = hint;
    ELSIF FOUND THEN
        RAISE EXCEPTION '% % of sync target % is owned by role "%"',
            CASE WHEN bad.relkind = 'i' THEN 'index' ELSE 'partition' END, bad.rel, qualified, bad.owner
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('iotatrail.sync writes into an existing table as you (%s), so the triggers, rules and defaults of a table owned by another role would run with your privileges. It adopts only a table that you, or a role you are a member of, own, with its partitions and indexes.', current_user),
                  HINT = hint;
    END IF;

    -- code that runs when rows are written: triggers, rules, policies, and
    -- defaults or generated columns, constraints (the columns' domains'
    -- too), index expressions and predicates that depend on a function or
    -- operator not built in (an OID past FirstNormalObjectId)
    SELECT * INTO bad FROM iotatrail_internal.sync_target_code(tid, rels);
    IF bad.what IS NOT NULL THEN
        RAISE EXCEPTION 'sync target % has %, owned by role "%"', qualified, bad.what, bad.owner
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'iotatrail.sync adopts no table that runs code when rows are written: no trigger, rule or row-level security policy, and no default, constraint or index expression calling a function or operator that is not built in.',
                  HINT = 'Drop it, or sync into another table and copy the rows from there.';
    END IF;
END
$$;

-- A new sync target: partitioned by month of event_time (with a default
-- partition), the stored shape's storage, and the indexes the views'
-- questions use: one action over a time range ((event_name, event_time)
-- also serves event_name alone), a time range, and which events touched
-- an ARN (resource_arns @> ARRAY[...])
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_create_target(
    source regclass, qualified text, tschema name, tname name, coldefs text)
RETURNS regclass
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tid regclass;
BEGIN
    EXECUTE format('CREATE TABLE %s (%s) PARTITION BY RANGE (event_time)', qualified, coldefs);
    tid := qualified::regclass;
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT',
                   tschema, left(tname, 55) || '_default', tid);
    PERFORM iotatrail_internal.stored_set_storage(tid);
    EXECUTE format('CREATE INDEX ON %s (event_time)', tid);
    EXECUTE format('CREATE INDEX ON %s (event_name, event_time)', tid);
    EXECUTE format('CREATE INDEX ON %s USING gin (resource_arns)', tid);
    EXECUTE format('CREATE UNIQUE INDEX ON %s (source_object, record_index, event_time) NULLS NOT DISTINCT', tid);
    EXECUTE format('COMMENT ON TABLE %s IS %L', tid,
                   format('events of %s stored by iotatrail.sync (manifest: iotatrail.sync_manifest)', source));
    RETURN tid;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.sync_create_target(regclass, text, name, name, text) IS
'internal to iotatrail.sync: creates a target, partitioned by month, with the stored shape''s storage and the indexes the views use';

-- The target table: created (partitioned by month, with the indexes the
-- views' questions use) when missing, else checked; what sync writes of it:
-- the event columns (coldefs, for a new target and the staging table), the
-- target's event columns (cols), all its columns (allcols), and whether
-- months get partitions (partitioned, with its default partition)
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_prepare_target(
    source regclass, target_oid regclass, tschema name, tname name,
    OUT tid regclass, OUT created boolean, OUT coldefs text, OUT cols text, OUT allcols text,
    OUT partitioned boolean, OUT defpart regclass, OUT sel text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    qualified text := format('%I.%I', tschema, tname);
    missing_cols text;
    rest boolean;
BEGIN
    tid := target_oid;
    created := false;
    -- the stored shape (since 0.3.0): record_rest in the place of record;
    -- a target made before keeps record
    rest := tid IS NULL
            OR EXISTS (SELECT FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = tid AND a.attname = 'record_rest' AND a.attnum > 0
                          AND NOT a.attisdropped AND a.atttypid = 'pg_catalog.jsonb'::pg_catalog.regtype);
    SELECT string_agg(CASE WHEN rest AND a.attname = 'record' THEN 'record_rest jsonb'
                           ELSE format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)) END,
                      ', ' ORDER BY a.attnum),
           string_agg(CASE WHEN rest AND a.attname = 'record' THEN iotatrail_internal.record_rest_select()
                           -- the jsonb columns compressed in the row
                           WHEN rest AND a.atttypid = 'pg_catalog.jsonb'::pg_catalog.regtype
                           THEN format('iotatrail_internal.stored_compress(%I)', a.attname)
                           ELSE quote_ident(a.attname) END,
                      ', ' ORDER BY a.attnum)
      INTO coldefs, sel
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = (SELECT t.typrelid FROM pg_catalog.pg_type t
                          WHERE t.oid = 'iotatrail.event'::regtype)
       AND a.attnum > 0 AND NOT a.attisdropped;
    IF tid IS NULL THEN
        tid := iotatrail_internal.sync_create_target(source, qualified, tschema, tname, coldefs);
        created := true;
    ELSIF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tid) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '"%" is not a table', qualified
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Give the name of a table with the columns of iotatrail.event, or of one to create.';
    ELSE
        PERFORM iotatrail_internal.sync_check_target_trusted(tid, qualified);
    END IF;

    -- the event columns the target has, by name (record_rest for record
    -- in the stored shape)
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY e.attnum)
      INTO cols
      FROM pg_catalog.pg_attribute e
      JOIN pg_catalog.pg_attribute a
        ON a.attrelid = tid AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname = CASE WHEN rest AND e.attname = 'record' THEN 'record_rest' ELSE e.attname END
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
END
$$;

-- The run's listing (pg_temp.iotatrail_sync_listed): how many objects it
-- lists, and how many entries it could not look at (on_error 'skip'), with
-- one WARNING naming the first of those
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_note_skipped(
    loc text, OUT n_listed bigint, OUT n_skipped bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    skip_reasons text[];
BEGIN
    SELECT count(*) FILTER (WHERE l.skip_reason IS NULL), count(*) FILTER (WHERE l.skip_reason IS NOT NULL)
      INTO n_listed, n_skipped
      FROM pg_temp.iotatrail_sync_listed l;
    IF n_skipped > 0 THEN
        SELECT array_agg(l.skip_reason ORDER BY l.ord) INTO skip_reasons
          FROM (SELECT * FROM pg_temp.iotatrail_sync_listed l WHERE l.skip_reason IS NOT NULL
                 ORDER BY l.ord LIMIT 5) l;
        RAISE WARNING 'skipped % % of % that could not be listed', n_skipped,
            CASE WHEN n_skipped = 1 THEN 'entry' ELSE 'entries' END, loc
            USING DETAIL = array_to_string(skip_reasons, '; ')
                           || CASE WHEN n_skipped > 5 THEN format('; and %s more.', n_skipped - 5) ELSE '.' END,
                  HINT = 'They are not loaded now; the next sync lists them again and loads those that have become readable.';
    END IF;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.sync_note_skipped(text) IS
'internal to iotatrail.sync: the objects the run''s listing names, and the entries it could not look at, warned of';

-- Objects loaded before and listed no more: their rows are kept, the
-- manifest says since when, and one WARNING names them.  Returns how many.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_note_missing(
    tid regclass, qualified text, loc text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n_missing bigint;
    n_new_missing bigint;
    missing_names text[];
BEGIN
    -- objects loaded before and listed no more: keep their rows, say so
    UPDATE iotatrail.sync_manifest m SET missing_since = NULL
     WHERE m.target = tid AND m.missing_since IS NOT NULL
       AND EXISTS (SELECT FROM pg_temp.iotatrail_sync_listed l WHERE l.object = m.object);
    UPDATE iotatrail.sync_manifest m SET missing_since = now()
     WHERE m.target = tid AND m.missing_since IS NULL
       AND NOT EXISTS (SELECT FROM pg_temp.iotatrail_sync_listed l WHERE l.object = m.object);
    GET DIAGNOSTICS n_new_missing = ROW_COUNT;
    SELECT count(*), (array_agg(m.object ORDER BY m.object))[1:5]
      INTO n_missing, missing_names
      FROM iotatrail.sync_manifest m
     WHERE m.target = tid AND m.missing_since IS NOT NULL;
    IF n_missing > 0 THEN
        RAISE WARNING '% object(s) loaded into % are no longer listed at %: %', n_missing, qualified, loc,
            array_to_string(missing_names, ', ')
            || CASE WHEN n_missing > 5 THEN format(' and %s more', n_missing - 5) ELSE '' END
            USING DETAIL = format('%s of them missing since this sync. Their rows are kept; iotatrail.sync_manifest.missing_since says since when.', n_new_missing),
                  HINT = 'A log file that disappears from a trail was deleted or moved. Delete its rows and its manifest entry yourself if they should go.';
    END IF;
    RETURN n_missing;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.sync_note_missing(regclass, text, text) IS
'internal to iotatrail.sync: marks the manifest entries of a target that its listing no longer names (missing_since), warns of them, and counts them';

-- What to load: lists the location into pg_temp.iotatrail_sync_listed and
-- puts what is new, or changed in size, ETag, modification time or inode,
-- into pg_temp.iotatrail_sync_todo, numbered in the listing's order; marks
-- the manifest's entries no longer listed, and warns of them
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_plan(
    tid regclass, qualified text, coldefs text, loc text, srv text, onerr text,
    OUT n_listed bigint, OUT n_total bigint, OUT n_changed bigint, OUT b_total bigint,
    OUT n_missing bigint, OUT n_skipped bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    leftover text;
    nestloop text;
BEGIN
    -- manifests of tables that were dropped
    DELETE FROM iotatrail.sync_manifest m
     WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid = m.target);
    -- earlier runs of this target that never finished (their session
    -- died): with the lock held, none of them is still running
    UPDATE iotatrail.sync_runs r
       SET state = 'failed', finished_at = clock_timestamp()
     WHERE r.target = tid AND r.state = 'running';

    -- (left over when an earlier sync in this session failed)
    FOREACH leftover IN ARRAY ARRAY['iotatrail_sync_listed', 'iotatrail_sync_todo',
                                    'iotatrail_sync_stage', 'iotatrail_sync_moved'] LOOP
        IF to_regclass('pg_temp.' || leftover) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', leftover);
        END IF;
    END LOOP;
    -- under on_error 'skip' an entry that cannot be looked at is listed
    -- with its reason: not loaded, not missing, and listed again next time
    EXECUTE 'CREATE TEMP TABLE iotatrail_sync_listed AS
             SELECT o.ord, o.object, o.size, o.etag, o.modified, o.inode, o.changed, o.skip_reason
               FROM iotatrail.list_objects($1, $2, false, coalesce($3, ''error''))
                    WITH ORDINALITY AS o(object, size, etag, modified, inode, changed, skip_reason, ord)'
      USING loc, srv, onerr;
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
              WHERE l.skip_reason IS NULL AND (m.object IS NULL
                 OR m.size IS DISTINCT FROM l.size
                 OR m.etag IS DISTINCT FROM l.etag
                 OR (m.modified IS DISTINCT FROM l.modified
                     -- 0.1.0 kept whole seconds: such an entry still matches
                     AND NOT (m.modified = pg_catalog.date_trunc(''second'', m.modified)
                              AND m.modified = pg_catalog.date_trunc(''second'', l.modified)))
                 -- a file replaced by another (entries made before 0.2.0 have
                 -- no inode); not the ctime, which a chmod -R changes too
                 OR m.inode IS DISTINCT FROM l.inode AND m.inode IS NOT NULL)'
      USING tid;
    -- and get them now, so a later rewrite that keeps size and mtime shows
    UPDATE iotatrail.sync_manifest m SET inode = l.inode, changed = l.changed
      FROM pg_temp.iotatrail_sync_listed l
     WHERE m.target = tid AND m.object = l.object AND m.inode IS NULL AND l.inode IS NOT NULL
       AND NOT EXISTS (SELECT FROM pg_temp.iotatrail_sync_todo t WHERE t.object = l.object);
    EXECUTE 'CREATE UNIQUE INDEX ON pg_temp.iotatrail_sync_todo (n)';
    EXECUTE format('CREATE TEMP TABLE iotatrail_sync_stage (%s)', coldefs);

    SELECT * INTO n_listed, n_skipped FROM iotatrail_internal.sync_note_skipped(loc);
    SELECT count(*), count(*) FILTER (WHERE t.reload), coalesce(sum(t.size), 0)
      INTO n_total, n_changed, b_total
      FROM pg_temp.iotatrail_sync_todo t;

    n_missing := iotatrail_internal.sync_note_missing(tid, qualified, loc);
    PERFORM pg_catalog.set_config('enable_nestloop', nestloop, true);
END
$$;

-- A batch's first step: reads its objects into pg_temp.iotatrail_sync_stage,
-- in one scan (S3 objects fetched several at a time, with no listing: the
-- run listed them once).  Under on_error 'skip' bad records are counted
-- (skipped: object -> count), and a file not read to its end is left out
-- (unread), to be tried again next time.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_load_batch(
    objs text[], evsrc text, onerr text, maxrec text, srv text, sel text,
    OUT skipped jsonb, OUT unread text[])
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    TRUNCATE pg_temp.iotatrail_sync_stage;
    -- sel: the event columns, with what record_rest keeps of record in the
    -- stored shape (sync_prepare_target)
    EXECUTE format('INSERT INTO pg_temp.iotatrail_sync_stage
                    SELECT %s FROM iotatrail.read_objects($1, $2, $3, $4, $5)', sel)
      USING objs, evsrc, onerr, maxrec, srv;
    SELECT coalesce(jsonb_object_agg(s.object, s.records) FILTER (WHERE NOT s.unread), '{}'),
           coalesce(array_agg(s.object ORDER BY s.n) FILTER (WHERE s.unread), '{}')
      INTO skipped, unread
      FROM iotatrail.last_scan_skipped_objects() WITH ORDINALITY AS s(object, records, unread, n);
    DELETE FROM pg_temp.iotatrail_sync_stage s WHERE s.source_object = ANY (unread);
    IF cardinality(unread) > 0 THEN
        RAISE WARNING '% log files could not be read to the end and are left for the next sync: %',
            cardinality(unread), array_to_string(unread[1:5], ', ');
    END IF;
END
$$;

-- Then the partitions of the staged rows' months (a new partition locks the
-- table, so sync commits them before the rows arrive); rows of such a
-- month in the default partition move over
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_make_partitions(
    tid regclass, tschema name, tname name, defpart regclass, allcols text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    mon record;
    lo timestamptz;
    hi timestamptz;
    pname text;
    moved bigint;
    there record;
    rest boolean := EXISTS (SELECT FROM pg_catalog.pg_attribute a
                             WHERE a.attrelid = tid AND a.attname = 'record_rest' AND a.attnum > 0
                               AND NOT a.attisdropped);
BEGIN
    FOR mon IN
        SELECT DISTINCT date_trunc('month', s.event_time, 'UTC') AS lo
          FROM pg_temp.iotatrail_sync_stage s
         WHERE isfinite(s.event_time)
         ORDER BY 1
    LOOP
        lo := mon.lo;
        hi := ((lo AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
        pname := left(tname, 54) || to_char(lo AT TIME ZONE 'UTC', '"_y"YYYY"m"MM');
        -- a month's partition made before; a table of that name that is
        -- none is in the way (planted there, its month's rows would go to
        -- the default partition)
        SELECT c.oid::regclass AS rel, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
               EXISTS (SELECT FROM pg_catalog.pg_inherits i
                        WHERE i.inhrelid = c.oid AND i.inhparent = tid) AS ours
          INTO there
          FROM pg_catalog.pg_class c
         WHERE c.relnamespace = tschema::regnamespace AND c.relname = pname;
        IF FOUND AND there.ours THEN
            CONTINUE;
        ELSIF FOUND THEN
            RAISE EXCEPTION 'relation % is in the place of a partition of sync target %', there.rel, tid
                USING ERRCODE = 'duplicate_table',
                      DETAIL = format('iotatrail.sync keeps the events of %s in partition %s, but %s, owned by role "%s", is no partition of %s.',
                                      to_char(lo AT TIME ZONE 'UTC', 'YYYY-MM'), there.rel, there.rel, there.owner, tid),
                      HINT = 'Drop or rename that relation, then run the sync again.';
        END IF;
        BEGIN
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
            -- the stored shape's rows are compressed in place
            IF rest THEN
                PERFORM iotatrail_internal.stored_set_storage(format('%I.%I', tschema, pname)::regclass);
            END IF;
            IF defpart IS NOT NULL THEN
                IF moved > 0 THEN
                    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM pg_temp.iotatrail_sync_moved',
                                   tid, allcols, allcols);
                END IF;
                DROP TABLE pg_temp.iotatrail_sync_moved;
            END IF;
        EXCEPTION WHEN invalid_object_definition THEN
            -- the month overlaps a partition of the table's own: its rows
            -- go there
            NULL;
        END;
    END LOOP;
END
$$;

-- A batch's second step: the rows of its objects (todo numbers first_n to
-- last_n) replace theirs in the target, the manifest records the objects,
-- the run its progress; returns the rows added
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_store_batch(
    tid regclass, cols text, objs text[], unread text[], skipped jsonb,
    first_n bigint, last_n bigint, rid bigint, nb bigint, bb bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    nr bigint;
BEGIN
    -- every object of the batch replaces its rows, whatever the manifest
    -- said: an entry deleted by hand (to reload a file) must not double them
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
     WHERE t.n >= first_n AND t.n <= last_n
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
    RETURN nr;
END
$$;

-- The batches of a sync run: batch_objects objects at a time, each in two
-- transactions (read the objects and make their months' partitions; then
-- store the rows and record the objects in the manifest).  A failure marks
-- the run failed, releases the lock and says how far the run got.
CREATE OR REPLACE PROCEDURE iotatrail_internal.sync_batches(
    tid regclass, tschema name, tname name, partitioned boolean,
    defpart regclass, allcols text, cols text, sel text,
    evsrc text, onerr text, maxrec text, srv text,
    rid bigint, lock1 int, lock2 int, batch_objects int, n_total bigint,
    INOUT batch int, INOUT rec_total bigint)
LANGUAGE plpgsql
AS $batches$
DECLARE
    done_n bigint := 0;
    objs text[];
    nb bigint;
    bb bigint;
    nr bigint;
    loaded record;
    err_state text;
    err_msg text;
    err_detail text;
    err_hint text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    LOOP
        SELECT array_agg(t.object ORDER BY t.n), count(*), coalesce(sum(t.size), 0)
          INTO objs, nb, bb
          FROM pg_temp.iotatrail_sync_todo t
         WHERE t.n > done_n AND t.n <= done_n + batch_objects;
        EXIT WHEN nb = 0;
        batch := batch + 1;

        -- Two transactions per batch: read the objects and make the
        -- partitions of their months (committed before the rows arrive);
        -- then store the rows and record the objects in the manifest
        FOR phase IN 1..2 LOOP
            BEGIN
                IF phase = 1 THEN
                    SELECT * INTO loaded
                      FROM iotatrail_internal.sync_load_batch(objs, evsrc, onerr, maxrec, srv,
                                                              sel);
                    IF partitioned THEN
                        PERFORM iotatrail_internal.sync_make_partitions(tid, tschema, tname,
                                                                        defpart, allcols);
                    END IF;
                ELSE
                    nr := iotatrail_internal.sync_store_batch(tid, cols, objs, loaded.unread, loaded.skipped,
                                                              done_n + 1, done_n + batch_objects, rid, nb, bb);
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
        RAISE NOTICE 'batch %: % objects, % records, % bytes (% of % objects)',
            batch, nb, nr, bb, done_n, n_total;
    END LOOP;

END
$batches$;

COMMENT ON PROCEDURE iotatrail_internal.sync_batches(regclass, name, name, boolean, regclass, text, text, text, text, text, text, text, bigint, int, int, int, bigint, int, bigint) IS
'internal to iotatrail.sync: its batches, each committed in two steps; a failure marks the run failed and releases the sync lock';

-- The procedure: its transactions.  A procedure that commits cannot carry
-- SET search_path: the path is pinned for each of its transactions instead
-- (after every COMMIT), so no object of the caller's path is ever called.
CREATE OR REPLACE PROCEDURE iotatrail.sync(source regclass, target text, batch_objects int DEFAULT 50)
LANGUAGE plpgsql
AS $sync$
DECLARE
    src record;
    tgt record;
    shape record;
    plan record;
    lock1 int := pg_catalog.hashtext('iotatrail.sync');
    lock2 int;
    rid bigint;
    batch int := 0;
    rec_total bigint := 0;
    t0 timestamptz := pg_catalog.clock_timestamp();
    -- the target is named in the caller's terms: resolved before the path
    -- is pinned
    target_oid regclass := pg_catalog.to_regclass(sync.target);
    caller_schema name := pg_catalog.current_schema();
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

    -- It commits after every batch: refuse a context where COMMIT cannot work
    -- before doing anything
    PERFORM iotatrail_internal.sync_check_arguments(iotatrail_internal.transaction_control_allowed(),
                                                    sync.source, sync.target, batch_objects);
    SELECT * INTO src FROM iotatrail_internal.sync_resolve_source(sync.source);
    SELECT * INTO tgt FROM iotatrail_internal.sync_resolve_target(sync.target, target_oid, caller_schema);
    lock2 := iotatrail_internal.sync_lock(lock1, tgt.qualified);

    -- From here on an error releases the lock, and marks the run failed
    BEGIN
        SELECT * INTO shape FROM iotatrail_internal.sync_prepare_target(sync.source, tgt.tid, tgt.tschema, tgt.tname);
        SELECT * INTO plan FROM iotatrail_internal.sync_plan(shape.tid, tgt.qualified, shape.coldefs, src.loc, src.srv, src.onerr);
        INSERT INTO iotatrail.sync_runs (pid, source, target, objects_total, bytes_total, objects_skipped)
        VALUES (pg_backend_pid(), sync.source, shape.tid, plan.n_total, plan.b_total, plan.n_skipped)
        RETURNING run_id INTO rid;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        PERFORM pg_advisory_unlock(lock1, lock2);
        RAISE;
    END;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    RAISE NOTICE '% objects to load into % (% new, % changed, % bytes) of % listed at %',
        plan.n_total, tgt.qualified, plan.n_total - plan.n_changed, plan.n_changed, plan.b_total,
        plan.n_listed, src.loc;

    CALL iotatrail_internal.sync_batches(shape.tid, tgt.tschema, tgt.tname, shape.partitioned,
                                         shape.defpart, shape.allcols, shape.cols, shape.sel,
                                         src.evsrc, src.onerr, src.maxrec, src.srv,
                                         rid, lock1, lock2, batch_objects, plan.n_total,
                                         batch, rec_total);
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

    UPDATE iotatrail.sync_runs r SET state = 'done', finished_at = clock_timestamp()
     WHERE r.run_id = rid;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    PERFORM pg_advisory_unlock(lock1, lock2);
    DROP TABLE pg_temp.iotatrail_sync_listed, pg_temp.iotatrail_sync_todo, pg_temp.iotatrail_sync_stage;
    RAISE NOTICE 'synced % objects (% new, % changed), % records, % bytes loaded into % in % batches, % s; % listed, % missing%',
        plan.n_total, plan.n_total - plan.n_changed, plan.n_changed, rec_total, plan.b_total, tgt.qualified, batch,
        round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1), plan.n_listed, plan.n_missing,
        CASE WHEN plan.n_skipped > 0 THEN format(', %s skipped (could not be listed)', plan.n_skipped) ELSE '' END
        || CASE WHEN shape.created THEN format(' (created %s)', tgt.qualified) ELSE '' END;
END
$sync$;

COMMENT ON PROCEDURE iotatrail.sync(regclass, text, int) IS
'loads the log files at an iotatrail foreign table''s location that are new or changed since the last sync into a table (created, partitioned by month, when missing), batch_objects files per transaction; each file''s rows exactly once';
