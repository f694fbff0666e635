-- iotatrail 0.2.0 -> 0.3.0
\echo Use "ALTER EXTENSION iotatrail UPDATE" to load this file. \quit

-- Written by hand and reviewed like code: an update does exactly what this
-- file says.  test/scripts/upgrade.sh checks that 0.1.0 and 0.2.0, updated,
-- give the catalog of a fresh 0.3.0 install (pg_dump --binary-upgrade and
-- \dx+), and that their stored targets keep syncing.

-- Issue 28 (trust).  sync adopts an existing target only if the caller
-- owns it, its partitions and its indexes, and nothing of anyone's runs
-- when rows are written; a relation squatting on a monthly partition's
-- name is an error.  Its listing honours on_error: list_objects gains
-- on_error and a skip_reason column, sync_runs counts what was skipped.
-- sync_and_create_views creates a schema only when it is missing.

DROP FUNCTION iotatrail.list_objects(text, text, boolean);
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

-- added without a default, then filled, so that the catalog is a fresh
-- install's (ADD COLUMN ... DEFAULT would keep a "missing value" instead)
ALTER TABLE iotatrail.sync_runs ADD COLUMN objects_skipped bigint;
UPDATE iotatrail.sync_runs SET objects_skipped = 0;
ALTER TABLE iotatrail.sync_runs ALTER COLUMN objects_skipped SET DEFAULT 0,
                                ALTER COLUMN objects_skipped SET NOT NULL;
COMMENT ON COLUMN iotatrail.sync_runs.objects_skipped IS 'entries of the location that could not be listed (on_error ''skip''): not loaded, listed again by the next run';

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
    SELECT c.what, c.owner INTO bad
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
    IF FOUND THEN
        RAISE EXCEPTION 'sync target % has %, owned by role "%"', qualified, bad.what, bad.owner
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'iotatrail.sync adopts no table that runs code when rows are written: no trigger, rule or row-level security policy, and no default, constraint or index expression calling a function or operator that is not built in.',
                  HINT = 'Drop it, or sync into another table and copy the rows from there.';
    END IF;
END
$$;
COMMENT ON FUNCTION iotatrail_internal.sync_check_target_trusted(regclass, text) IS
'internal to iotatrail.sync: refuses an existing target that the caller does not own, with its partitions and indexes, or that runs code when rows are written';

CREATE OR REPLACE FUNCTION iotatrail_internal.sync_prepare_target(
    source regclass, target_oid regclass, tschema name, tname name,
    OUT tid regclass, OUT created boolean, OUT coldefs text, OUT cols text, OUT allcols text,
    OUT partitioned boolean, OUT defpart regclass)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    qualified text := format('%I.%I', tschema, tname);
    missing_cols text;
BEGIN
    tid := target_oid;
    created := false;
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
                       format('events of %s stored by iotatrail.sync (manifest: iotatrail.sync_manifest)', source));
        created := true;
    ELSIF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tid) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '"%" is not a table', qualified
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Give the name of a table with the columns of iotatrail.event, or of one to create.';
    ELSE
        PERFORM iotatrail_internal.sync_check_target_trusted(tid, qualified);
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
END
$$;

DROP FUNCTION iotatrail_internal.sync_plan(regclass, text, text, text, text);
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
    n_new_missing bigint;
    missing_names text[];
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

    SELECT count(*) FILTER (WHERE l.skip_reason IS NULL), count(*) FILTER (WHERE l.skip_reason IS NOT NULL)
      INTO n_listed, n_skipped
      FROM pg_temp.iotatrail_sync_listed l;
    IF n_skipped > 0 THEN
        SELECT array_agg(l.skip_reason ORDER BY l.ord) INTO missing_names
          FROM (SELECT * FROM pg_temp.iotatrail_sync_listed l WHERE l.skip_reason IS NOT NULL
                 ORDER BY l.ord LIMIT 5) l;
        RAISE WARNING 'skipped % % of % that could not be listed', n_skipped,
            CASE WHEN n_skipped = 1 THEN 'entry' ELSE 'entries' END, loc
            USING DETAIL = array_to_string(missing_names, '; ')
                           || CASE WHEN n_skipped > 5 THEN format('; and %s more.', n_skipped - 5) ELSE '.' END,
                  HINT = 'They are not loaded now; the next sync lists them again and loads those that have become readable.';
    END IF;
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
        RAISE WARNING '% object(s) loaded into % are no longer listed at %: %', n_missing, qualified, loc,
            array_to_string(missing_names, ', ')
            || CASE WHEN n_missing > 5 THEN format(' and %s more', n_missing - 5) ELSE '' END
            USING DETAIL = format('%s of them missing since this sync. Their rows are kept; iotatrail.sync_manifest.missing_since says since when.', n_new_missing),
                  HINT = 'A log file that disappears from a trail was deleted or moved. Delete its rows and its manifest entry yourself if they should go.';
    END IF;
END
$$;
COMMENT ON FUNCTION iotatrail_internal.sync_plan(regclass, text, text, text, text, text) IS
'internal to iotatrail.sync: lists the location (skipping what cannot be listed under on_error ''skip''), compares the listing with the manifest, and numbers the objects to load';

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

CREATE OR REPLACE PROCEDURE iotatrail.sync(source regclass, target text, batch_objects int DEFAULT 50)
LANGUAGE plpgsql
AS $sync$
DECLARE
    src record;
    tgt record;
    shape record;
    plan record;
    loaded record;
    lock1 int := pg_catalog.hashtext('iotatrail.sync');
    lock2 int;
    rid bigint;
    batch int := 0;
    done_n bigint := 0;
    objs text[];
    nb bigint;
    bb bigint;
    nr bigint;
    rec_total bigint := 0;
    err_state text;
    err_msg text;
    err_detail text;
    err_hint text;
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
                      FROM iotatrail_internal.sync_load_batch(objs, src.evsrc, src.onerr, src.maxrec, src.srv);
                    IF shape.partitioned THEN
                        PERFORM iotatrail_internal.sync_make_partitions(shape.tid, tgt.tschema, tgt.tname,
                                                                        shape.defpart, shape.allcols);
                    END IF;
                ELSE
                    nr := iotatrail_internal.sync_store_batch(shape.tid, shape.cols, objs, loaded.unread, loaded.skipped,
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
            batch, nb, nr, bb, done_n, plan.n_total;
    END LOOP;

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

CREATE OR REPLACE PROCEDURE iotatrail.sync_and_create_views(
    source regclass,
    target text,
    views_schema name DEFAULT NULL,
    batch_objects int DEFAULT 50)
LANGUAGE plpgsql
AS $sync_views$
DECLARE
    -- the target is named in the caller's terms: resolved before the path
    -- is pinned, and handed to sync schema-qualified
    target_oid regclass := pg_catalog.to_regclass(sync_and_create_views.target);
    caller_schema name := pg_catalog.current_schema();
    tparts text[];
    tschema name;
    tname name;
    qualified text;
    tid regclass;
    vschema name;
    missing text[];
    elsewhere text;
    n_there bigint;
    loaded bigint;
BEGIN
    -- sync commits: the path is pinned again after it, as it pins its own
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    qualified := sync_and_create_views.target;
    IF target_oid IS NOT NULL THEN
        SELECT n.nspname, c.relname INTO tschema, tname
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = target_oid;
        qualified := pg_catalog.format('%I.%I', tschema, tname);
    ELSIF qualified IS NOT NULL AND pg_catalog.btrim(qualified) <> '' THEN
        tparts := pg_catalog.parse_ident(qualified);
        IF pg_catalog.cardinality(tparts) = 1 AND caller_schema IS NOT NULL THEN
            tschema := caller_schema;
            tname := tparts[1];
            qualified := pg_catalog.format('%I.%I', tschema, tname);
        ELSIF pg_catalog.cardinality(tparts) = 2 THEN
            tschema := tparts[1];
            tname := tparts[2];
        END IF;
        -- anything else: sync says what is wrong with it
    END IF;
    -- a new target's schema is made too: the recipe is one call.  Only
    -- when missing: CREATE SCHEMA IF NOT EXISTS asks for CREATE on the
    -- database even when the schema is there
    IF target_oid IS NULL AND tschema IS NOT NULL AND pg_catalog.to_regnamespace(tschema) IS NULL THEN
        EXECUTE pg_catalog.format('CREATE SCHEMA %I', tschema);
    END IF;

    CALL iotatrail.sync(source, qualified, batch_objects);
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

    tid := pg_catalog.to_regclass(qualified);
    vschema := coalesce(views_schema, tschema);
    IF pg_catalog.to_regnamespace(vschema) IS NULL THEN
        EXECUTE pg_catalog.format('CREATE SCHEMA %I', vschema);
    END IF;

    -- the views not there yet are made; those there are kept, and named
    -- when they read another relation
    SELECT pg_catalog.array_agg(v.n ORDER BY v.n) INTO missing
      FROM (SELECT av.view_name AS n FROM iotatrail.action_views av
            UNION ALL SELECT 'resource_activity') v
     WHERE pg_catalog.to_regclass(pg_catalog.format('%I.%I', vschema, v.n)) IS NULL;
    SELECT count(*), pg_catalog.string_agg(c.relname, ', ' ORDER BY c.relname)
                     FILTER (WHERE NOT EXISTS (
                         SELECT FROM pg_catalog.pg_rewrite r
                           JOIN pg_catalog.pg_depend d
                             ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
                          WHERE r.ev_class = c.oid AND d.refobjid = tid))
      INTO n_there, elsewhere
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace = vschema::pg_catalog.regnamespace
       AND c.relname IN (SELECT av.view_name FROM iotatrail.action_views av
                         UNION ALL SELECT 'resource_activity');
    IF elsewhere IS NOT NULL THEN
        RAISE WARNING 'views of schema % read another relation than %: %',
            vschema, qualified, elsewhere
            USING HINT = 'They are kept. Drop them to have them made over the stored table, or name another views_schema.';
    END IF;
    IF pg_catalog.cardinality(missing) > 0 THEN
        PERFORM iotatrail.create_views(vschema, tid, missing);
    END IF;

    -- fresh statistics, so the planner takes the indexes for the views'
    -- narrow questions: after a run that loaded rows
    SELECT r.records_loaded INTO loaded
      FROM iotatrail.sync_runs r
     WHERE r.target = tid AND r.state = 'done'
     ORDER BY r.run_id DESC LIMIT 1;
    IF coalesce(loaded, 0) > 0 THEN
        EXECUTE pg_catalog.format('ANALYZE %s', tid);
    END IF;
    RAISE NOTICE '% views made in schema %, % there already%',
        coalesce(pg_catalog.cardinality(missing), 0), vschema, n_there,
        CASE WHEN coalesce(loaded, 0) > 0 THEN pg_catalog.format('; %s analyzed', qualified) ELSE '' END;
END
$sync_views$;
