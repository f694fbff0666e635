-- iotatrail 0.2.0 -> 0.3.0
\echo Use "ALTER EXTENSION iotatrail UPDATE" to load this file. \quit

-- Written by hand and reviewed like code: an update does exactly what this
-- file says.  t/090_upgrade.pl checks that 0.1.0 and 0.2.0, updated,
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
    skip_reasons text[];
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
        SELECT array_agg(l.skip_reason ORDER BY l.ord) INTO skip_reasons
          FROM (SELECT * FROM pg_temp.iotatrail_sync_listed l WHERE l.skip_reason IS NOT NULL
                 ORDER BY l.ord LIMIT 5) l;
        RAISE WARNING 'skipped % % of % that could not be listed', n_skipped,
            CASE WHEN n_skipped = 1 THEN 'entry' ELSE 'entries' END, loc
            USING DETAIL = array_to_string(skip_reasons, '; ')
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

-- sync_and_create_views (which now creates a schema only when it is
-- missing) is replaced in the issue 35 section below, with that issue's
-- change too.

-- Issue 32 (managed databases).  Every per-action view column gets its portable
-- expression (built-in functions only, written by tools/gen_views.py beside
-- the C one), and iotatrail.views_ddl writes views of them for a database
-- where iotatrail is not installed.  tools/update_issue32.py writes this
-- section from the generator and src/views_ddl.sql.

ALTER TABLE iotatrail.action_view_columns ADD COLUMN portable_expression text;
UPDATE iotatrail.action_view_columns c SET portable_expression = p.expression
  FROM (VALUES
('cancel_pipeline_reprocessing', 1, 'e.event_time'),
('cancel_pipeline_reprocessing', 2, 'e.event_id'),
('cancel_pipeline_reprocessing', 3, 'e.aws_region'),
('cancel_pipeline_reprocessing', 4, 'e.recipient_account_id'),
('cancel_pipeline_reprocessing', 5, 'e.identity_kind'),
('cancel_pipeline_reprocessing', 6, 'e.principal_arn'),
('cancel_pipeline_reprocessing', 7, 'e.user_name'),
('cancel_pipeline_reprocessing', 8, 'e.session_issuer_arn'),
('cancel_pipeline_reprocessing', 9, 'e.temporary_credentials'),
('cancel_pipeline_reprocessing', 10, 'e.mfa_authenticated'),
('cancel_pipeline_reprocessing', 11, 'e.source_ip'),
('cancel_pipeline_reprocessing', 12, 'e.user_agent'),
('cancel_pipeline_reprocessing', 13, 'e.error_code'),
('cancel_pipeline_reprocessing', 14, 'e.error_message'),
('cancel_pipeline_reprocessing', 15, '(e.error_code IS NULL)'),
('cancel_pipeline_reprocessing', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''pipelineName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('cancel_pipeline_reprocessing', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''reprocessingId'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''reprocessingId'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('cancel_pipeline_reprocessing', 18, 'e.request_parameters'),
('cancel_pipeline_reprocessing', 19, 'e.response_elements'),
('create_channel', 1, 'e.event_time'),
('create_channel', 2, 'e.event_id'),
('create_channel', 3, 'e.aws_region'),
('create_channel', 4, 'e.recipient_account_id'),
('create_channel', 5, 'e.identity_kind'),
('create_channel', 6, 'e.principal_arn'),
('create_channel', 7, 'e.user_name'),
('create_channel', 8, 'e.session_issuer_arn'),
('create_channel', 9, 'e.temporary_credentials'),
('create_channel', 10, 'e.mfa_authenticated'),
('create_channel', 11, 'e.source_ip'),
('create_channel', 12, 'e.user_agent'),
('create_channel', 13, 'e.error_code'),
('create_channel', 14, 'e.error_message'),
('create_channel', 15, '(e.error_code IS NULL)'),
('create_channel', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''channelName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channelName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''channelName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('create_channel', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END'),
('create_channel', 18, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END)'),
('create_channel', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''tags'')) = ''array'' THEN (e.request_parameters -> ''tags'') END'),
('create_channel', 20, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channelArn'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''channelArn'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_channel', 21, 'CASE (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' END'),
('create_channel', 22, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_channel', 23, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","keyPrefix"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","keyPrefix"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_channel', 24, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","roleArn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","roleArn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_channel', 25, 'coalesce(CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END, CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END)'),
('create_channel', 26, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END, CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END)'),
('create_channel', 27, 'e.request_parameters'),
('create_channel', 28, 'e.response_elements'),
('create_dataset', 1, 'e.event_time'),
('create_dataset', 2, 'e.event_id'),
('create_dataset', 3, 'e.aws_region'),
('create_dataset', 4, 'e.recipient_account_id'),
('create_dataset', 5, 'e.identity_kind'),
('create_dataset', 6, 'e.principal_arn'),
('create_dataset', 7, 'e.user_name'),
('create_dataset', 8, 'e.session_issuer_arn'),
('create_dataset', 9, 'e.temporary_credentials'),
('create_dataset', 10, 'e.mfa_authenticated'),
('create_dataset', 11, 'e.source_ip'),
('create_dataset', 12, 'e.user_agent'),
('create_dataset', 13, 'e.error_code'),
('create_dataset', 14, 'e.error_message'),
('create_dataset', 15, '(e.error_code IS NULL)'),
('create_dataset', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('create_dataset', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END'),
('create_dataset', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END'),
('create_dataset', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''contentDeliveryRules'')) = ''array'' THEN (e.request_parameters -> ''contentDeliveryRules'') END'),
('create_dataset', 20, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END)'),
('create_dataset', 21, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END'),
('create_dataset', 22, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''tags'')) = ''array'' THEN (e.request_parameters -> ''tags'') END'),
('create_dataset', 23, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''lateDataRules'')) = ''array'' THEN (e.request_parameters -> ''lateDataRules'') END'),
('create_dataset', 24, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datasetArn'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''datasetArn'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_dataset', 25, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof((a.el -> ''actionName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((a.el -> ''actionName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('create_dataset', 26, '(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''queryAction'') -> ''sqlQuery'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''queryAction'') -> ''sqlQuery'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END)[1]'),
('create_dataset', 27, '(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''containerAction'') -> ''image'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''containerAction'') -> ''image'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END)[1]'),
('create_dataset', 28, '(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''schedule'') -> ''expression'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''schedule'') -> ''expression'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END)[1]'),
('create_dataset', 29, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''dataset'') -> ''name'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''dataset'') -> ''name'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('create_dataset', 30, 'coalesce(CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END, CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END)'),
('create_dataset', 31, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END, CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END)'),
('create_dataset', 32, 'CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('create_dataset', 33, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END'),
('create_dataset', 34, 'e.request_parameters'),
('create_dataset', 35, 'e.response_elements'),
('create_dataset_content', 1, 'e.event_time'),
('create_dataset_content', 2, 'e.event_id'),
('create_dataset_content', 3, 'e.aws_region'),
('create_dataset_content', 4, 'e.recipient_account_id'),
('create_dataset_content', 5, 'e.identity_kind'),
('create_dataset_content', 6, 'e.principal_arn'),
('create_dataset_content', 7, 'e.user_name'),
('create_dataset_content', 8, 'e.session_issuer_arn'),
('create_dataset_content', 9, 'e.temporary_credentials'),
('create_dataset_content', 10, 'e.mfa_authenticated'),
('create_dataset_content', 11, 'e.source_ip'),
('create_dataset_content', 12, 'e.user_agent'),
('create_dataset_content', 13, 'e.error_code'),
('create_dataset_content', 14, 'e.error_message'),
('create_dataset_content', 15, '(e.error_code IS NULL)'),
('create_dataset_content', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_dataset_content', 17, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versionId'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''versionId'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''versionId'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''versionId'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('create_dataset_content', 18, 'e.request_parameters'),
('create_dataset_content', 19, 'e.response_elements'),
('create_datastore', 1, 'e.event_time'),
('create_datastore', 2, 'e.event_id'),
('create_datastore', 3, 'e.aws_region'),
('create_datastore', 4, 'e.recipient_account_id'),
('create_datastore', 5, 'e.identity_kind'),
('create_datastore', 6, 'e.principal_arn'),
('create_datastore', 7, 'e.user_name'),
('create_datastore', 8, 'e.session_issuer_arn'),
('create_datastore', 9, 'e.temporary_credentials'),
('create_datastore', 10, 'e.mfa_authenticated'),
('create_datastore', 11, 'e.source_ip'),
('create_datastore', 12, 'e.user_agent'),
('create_datastore', 13, 'e.error_code'),
('create_datastore', 14, 'e.error_message'),
('create_datastore', 15, '(e.error_code IS NULL)'),
('create_datastore', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datastoreName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastoreName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''datastoreName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('create_datastore', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END'),
('create_datastore', 18, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END)'),
('create_datastore', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''tags'')) = ''array'' THEN (e.request_parameters -> ''tags'') END'),
('create_datastore', 20, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''fileFormatConfiguration'')) = ''object'' THEN (e.request_parameters -> ''fileFormatConfiguration'') END'),
('create_datastore', 21, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastorePartitions'')) = ''object'' THEN (e.request_parameters -> ''datastorePartitions'') END'),
('create_datastore', 22, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastoreArn'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''datastoreArn'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_datastore', 23, 'CASE (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' WHEN ''iotSiteWiseMultiLayerStorage'' THEN ''iot_sitewise_multi_layer'' END'),
('create_datastore', 24, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"iotSiteWiseMultiLayerStorage","customerManagedS3Storage","bucket"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"iotSiteWiseMultiLayerStorage","customerManagedS3Storage","bucket"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('create_datastore', 25, 'coalesce(CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END, CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END)'),
('create_datastore', 26, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END, CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''retentionPeriod'')) = ''object'' THEN (e.response_elements -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END)'),
('create_datastore', 27, 'CASE (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''fileFormatConfiguration'')) = ''object'' THEN (e.request_parameters -> ''fileFormatConfiguration'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''fileFormatConfiguration'')) = ''object'' THEN (e.request_parameters -> ''fileFormatConfiguration'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) WHEN ''jsonConfiguration'' THEN ''json'' WHEN ''parquetConfiguration'' THEN ''parquet'' END'),
('create_datastore', 28, 'e.request_parameters'),
('create_datastore', 29, 'e.response_elements'),
('create_pipeline', 1, 'e.event_time'),
('create_pipeline', 2, 'e.event_id'),
('create_pipeline', 3, 'e.aws_region'),
('create_pipeline', 4, 'e.recipient_account_id'),
('create_pipeline', 5, 'e.identity_kind'),
('create_pipeline', 6, 'e.principal_arn'),
('create_pipeline', 7, 'e.user_name'),
('create_pipeline', 8, 'e.session_issuer_arn'),
('create_pipeline', 9, 'e.temporary_credentials'),
('create_pipeline', 10, 'e.mfa_authenticated'),
('create_pipeline', 11, 'e.source_ip'),
('create_pipeline', 12, 'e.user_agent'),
('create_pipeline', 13, 'e.error_code'),
('create_pipeline', 14, 'e.error_message'),
('create_pipeline', 15, '(e.error_code IS NULL)'),
('create_pipeline', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''pipelineName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipelineName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''pipelineName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('create_pipeline', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END'),
('create_pipeline', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''tags'')) = ''array'' THEN (e.request_parameters -> ''tags'') END'),
('create_pipeline', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipelineArn'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''pipelineArn'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('create_pipeline', 20, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(a.el) = ''object'' THEN a.el ELSE ''{}''::jsonb END) AS k(k) LIMIT 1)) -> ''name'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(a.el) = ''object'' THEN a.el ELSE ''{}''::jsonb END) AS k(k) LIMIT 1)) -> ''name'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('create_pipeline', 21, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(a.el) = ''object'' THEN a.el ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('create_pipeline', 22, 'e.request_parameters'),
('create_pipeline', 23, 'e.response_elements'),
('delete_channel', 1, 'e.event_time'),
('delete_channel', 2, 'e.event_id'),
('delete_channel', 3, 'e.aws_region'),
('delete_channel', 4, 'e.recipient_account_id'),
('delete_channel', 5, 'e.identity_kind'),
('delete_channel', 6, 'e.principal_arn'),
('delete_channel', 7, 'e.user_name'),
('delete_channel', 8, 'e.session_issuer_arn'),
('delete_channel', 9, 'e.temporary_credentials'),
('delete_channel', 10, 'e.mfa_authenticated'),
('delete_channel', 11, 'e.source_ip'),
('delete_channel', 12, 'e.user_agent'),
('delete_channel', 13, 'e.error_code'),
('delete_channel', 14, 'e.error_message'),
('delete_channel', 15, '(e.error_code IS NULL)'),
('delete_channel', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''channelName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('delete_channel', 17, 'e.request_parameters'),
('delete_channel', 18, 'e.response_elements'),
('delete_dataset', 1, 'e.event_time'),
('delete_dataset', 2, 'e.event_id'),
('delete_dataset', 3, 'e.aws_region'),
('delete_dataset', 4, 'e.recipient_account_id'),
('delete_dataset', 5, 'e.identity_kind'),
('delete_dataset', 6, 'e.principal_arn'),
('delete_dataset', 7, 'e.user_name'),
('delete_dataset', 8, 'e.session_issuer_arn'),
('delete_dataset', 9, 'e.temporary_credentials'),
('delete_dataset', 10, 'e.mfa_authenticated'),
('delete_dataset', 11, 'e.source_ip'),
('delete_dataset', 12, 'e.user_agent'),
('delete_dataset', 13, 'e.error_code'),
('delete_dataset', 14, 'e.error_message'),
('delete_dataset', 15, '(e.error_code IS NULL)'),
('delete_dataset', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('delete_dataset', 17, 'e.request_parameters'),
('delete_dataset', 18, 'e.response_elements'),
('delete_dataset_content', 1, 'e.event_time'),
('delete_dataset_content', 2, 'e.event_id'),
('delete_dataset_content', 3, 'e.aws_region'),
('delete_dataset_content', 4, 'e.recipient_account_id'),
('delete_dataset_content', 5, 'e.identity_kind'),
('delete_dataset_content', 6, 'e.principal_arn'),
('delete_dataset_content', 7, 'e.user_name'),
('delete_dataset_content', 8, 'e.session_issuer_arn'),
('delete_dataset_content', 9, 'e.temporary_credentials'),
('delete_dataset_content', 10, 'e.mfa_authenticated'),
('delete_dataset_content', 11, 'e.source_ip'),
('delete_dataset_content', 12, 'e.user_agent'),
('delete_dataset_content', 13, 'e.error_code'),
('delete_dataset_content', 14, 'e.error_message'),
('delete_dataset_content', 15, '(e.error_code IS NULL)'),
('delete_dataset_content', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('delete_dataset_content', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versionId'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''versionId'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('delete_dataset_content', 18, 'e.request_parameters'),
('delete_dataset_content', 19, 'e.response_elements'),
('delete_datastore', 1, 'e.event_time'),
('delete_datastore', 2, 'e.event_id'),
('delete_datastore', 3, 'e.aws_region'),
('delete_datastore', 4, 'e.recipient_account_id'),
('delete_datastore', 5, 'e.identity_kind'),
('delete_datastore', 6, 'e.principal_arn'),
('delete_datastore', 7, 'e.user_name'),
('delete_datastore', 8, 'e.session_issuer_arn'),
('delete_datastore', 9, 'e.temporary_credentials'),
('delete_datastore', 10, 'e.mfa_authenticated'),
('delete_datastore', 11, 'e.source_ip'),
('delete_datastore', 12, 'e.user_agent'),
('delete_datastore', 13, 'e.error_code'),
('delete_datastore', 14, 'e.error_message'),
('delete_datastore', 15, '(e.error_code IS NULL)'),
('delete_datastore', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datastoreName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('delete_datastore', 17, 'e.request_parameters'),
('delete_datastore', 18, 'e.response_elements'),
('delete_pipeline', 1, 'e.event_time'),
('delete_pipeline', 2, 'e.event_id'),
('delete_pipeline', 3, 'e.aws_region'),
('delete_pipeline', 4, 'e.recipient_account_id'),
('delete_pipeline', 5, 'e.identity_kind'),
('delete_pipeline', 6, 'e.principal_arn'),
('delete_pipeline', 7, 'e.user_name'),
('delete_pipeline', 8, 'e.session_issuer_arn'),
('delete_pipeline', 9, 'e.temporary_credentials'),
('delete_pipeline', 10, 'e.mfa_authenticated'),
('delete_pipeline', 11, 'e.source_ip'),
('delete_pipeline', 12, 'e.user_agent'),
('delete_pipeline', 13, 'e.error_code'),
('delete_pipeline', 14, 'e.error_message'),
('delete_pipeline', 15, '(e.error_code IS NULL)'),
('delete_pipeline', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''pipelineName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('delete_pipeline', 17, 'e.request_parameters'),
('delete_pipeline', 18, 'e.response_elements'),
('describe_channel', 1, 'e.event_time'),
('describe_channel', 2, 'e.event_id'),
('describe_channel', 3, 'e.aws_region'),
('describe_channel', 4, 'e.recipient_account_id'),
('describe_channel', 5, 'e.identity_kind'),
('describe_channel', 6, 'e.principal_arn'),
('describe_channel', 7, 'e.user_name'),
('describe_channel', 8, 'e.session_issuer_arn'),
('describe_channel', 9, 'e.temporary_credentials'),
('describe_channel', 10, 'e.mfa_authenticated'),
('describe_channel', 11, 'e.source_ip'),
('describe_channel', 12, 'e.user_agent'),
('describe_channel', 13, 'e.error_code'),
('describe_channel', 14, 'e.error_message'),
('describe_channel', 15, '(e.error_code IS NULL)'),
('describe_channel', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''channelName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_channel', 17, 'CASE pg_catalog.jsonb_typeof((e.request_parameters -> ''includeStatistics'')) WHEN ''boolean'' THEN (e.request_parameters -> ''includeStatistics'') #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN (e.request_parameters -> ''includeStatistics'') #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN (e.request_parameters -> ''includeStatistics'') #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('describe_channel', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END'),
('describe_channel', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''statistics'')) = ''object'' THEN (e.response_elements -> ''statistics'') END'),
('describe_channel', 20, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"arn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"arn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_channel', 21, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"status"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"status"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_channel', 22, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"creationTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"creationTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_channel', 23, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"lastUpdateTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channel'')) = ''object'' THEN (e.response_elements -> ''channel'') END) #> ''{"lastUpdateTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_channel', 24, 'e.request_parameters'),
('describe_channel', 25, 'e.response_elements'),
('describe_dataset', 1, 'e.event_time'),
('describe_dataset', 2, 'e.event_id'),
('describe_dataset', 3, 'e.aws_region'),
('describe_dataset', 4, 'e.recipient_account_id'),
('describe_dataset', 5, 'e.identity_kind'),
('describe_dataset', 6, 'e.principal_arn'),
('describe_dataset', 7, 'e.user_name'),
('describe_dataset', 8, 'e.session_issuer_arn'),
('describe_dataset', 9, 'e.temporary_credentials'),
('describe_dataset', 10, 'e.mfa_authenticated'),
('describe_dataset', 11, 'e.source_ip'),
('describe_dataset', 12, 'e.user_agent'),
('describe_dataset', 13, 'e.error_code'),
('describe_dataset', 14, 'e.error_message'),
('describe_dataset', 15, '(e.error_code IS NULL)'),
('describe_dataset', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_dataset', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END'),
('describe_dataset', 18, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"arn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"arn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_dataset', 19, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"status"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"status"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_dataset', 20, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"creationTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"creationTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_dataset', 21, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"lastUpdateTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''dataset'')) = ''object'' THEN (e.response_elements -> ''dataset'') END) #> ''{"lastUpdateTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_dataset', 22, 'e.request_parameters'),
('describe_dataset', 23, 'e.response_elements'),
('describe_datastore', 1, 'e.event_time'),
('describe_datastore', 2, 'e.event_id'),
('describe_datastore', 3, 'e.aws_region'),
('describe_datastore', 4, 'e.recipient_account_id'),
('describe_datastore', 5, 'e.identity_kind'),
('describe_datastore', 6, 'e.principal_arn'),
('describe_datastore', 7, 'e.user_name'),
('describe_datastore', 8, 'e.session_issuer_arn'),
('describe_datastore', 9, 'e.temporary_credentials'),
('describe_datastore', 10, 'e.mfa_authenticated'),
('describe_datastore', 11, 'e.source_ip'),
('describe_datastore', 12, 'e.user_agent'),
('describe_datastore', 13, 'e.error_code'),
('describe_datastore', 14, 'e.error_message'),
('describe_datastore', 15, '(e.error_code IS NULL)'),
('describe_datastore', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datastoreName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_datastore', 17, 'CASE pg_catalog.jsonb_typeof((e.request_parameters -> ''includeStatistics'')) WHEN ''boolean'' THEN (e.request_parameters -> ''includeStatistics'') #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN (e.request_parameters -> ''includeStatistics'') #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN (e.request_parameters -> ''includeStatistics'') #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('describe_datastore', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END'),
('describe_datastore', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''statistics'')) = ''object'' THEN (e.response_elements -> ''statistics'') END'),
('describe_datastore', 20, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"arn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"arn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_datastore', 21, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"status"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"status"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_datastore', 22, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"creationTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"creationTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_datastore', 23, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"lastUpdateTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastore'')) = ''object'' THEN (e.response_elements -> ''datastore'') END) #> ''{"lastUpdateTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_datastore', 24, 'e.request_parameters'),
('describe_datastore', 25, 'e.response_elements'),
('describe_logging_options', 1, 'e.event_time'),
('describe_logging_options', 2, 'e.event_id'),
('describe_logging_options', 3, 'e.aws_region'),
('describe_logging_options', 4, 'e.recipient_account_id'),
('describe_logging_options', 5, 'e.identity_kind'),
('describe_logging_options', 6, 'e.principal_arn'),
('describe_logging_options', 7, 'e.user_name'),
('describe_logging_options', 8, 'e.session_issuer_arn'),
('describe_logging_options', 9, 'e.temporary_credentials'),
('describe_logging_options', 10, 'e.mfa_authenticated'),
('describe_logging_options', 11, 'e.source_ip'),
('describe_logging_options', 12, 'e.user_agent'),
('describe_logging_options', 13, 'e.error_code'),
('describe_logging_options', 14, 'e.error_message'),
('describe_logging_options', 15, '(e.error_code IS NULL)'),
('describe_logging_options', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END'),
('describe_logging_options', 17, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"roleArn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"roleArn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_logging_options', 18, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"level"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"level"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_logging_options', 19, 'CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"enabled"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"enabled"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"enabled"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''loggingOptions'')) = ''object'' THEN (e.response_elements -> ''loggingOptions'') END) #> ''{"enabled"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('describe_logging_options', 20, 'e.request_parameters'),
('describe_logging_options', 21, 'e.response_elements'),
('describe_pipeline', 1, 'e.event_time'),
('describe_pipeline', 2, 'e.event_id'),
('describe_pipeline', 3, 'e.aws_region'),
('describe_pipeline', 4, 'e.recipient_account_id'),
('describe_pipeline', 5, 'e.identity_kind'),
('describe_pipeline', 6, 'e.principal_arn'),
('describe_pipeline', 7, 'e.user_name'),
('describe_pipeline', 8, 'e.session_issuer_arn'),
('describe_pipeline', 9, 'e.temporary_credentials'),
('describe_pipeline', 10, 'e.mfa_authenticated'),
('describe_pipeline', 11, 'e.source_ip'),
('describe_pipeline', 12, 'e.user_agent'),
('describe_pipeline', 13, 'e.error_code'),
('describe_pipeline', 14, 'e.error_message'),
('describe_pipeline', 15, '(e.error_code IS NULL)'),
('describe_pipeline', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''pipelineName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_pipeline', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipeline'')) = ''object'' THEN (e.response_elements -> ''pipeline'') END'),
('describe_pipeline', 18, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipeline'')) = ''object'' THEN (e.response_elements -> ''pipeline'') END) #> ''{"arn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipeline'')) = ''object'' THEN (e.response_elements -> ''pipeline'') END) #> ''{"arn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('describe_pipeline', 19, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipeline'')) = ''object'' THEN (e.response_elements -> ''pipeline'') END) #> ''{"creationTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipeline'')) = ''object'' THEN (e.response_elements -> ''pipeline'') END) #> ''{"creationTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_pipeline', 20, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipeline'')) = ''object'' THEN (e.response_elements -> ''pipeline'') END) #> ''{"lastUpdateTime"}''::text[]) #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipeline'')) = ''object'' THEN (e.response_elements -> ''pipeline'') END) #> ''{"lastUpdateTime"}''::text[])) IN (''string'', ''number'')) AS t) AS s)'),
('describe_pipeline', 21, 'e.request_parameters'),
('describe_pipeline', 22, 'e.response_elements'),
('get_dataset_content', 1, 'e.event_time'),
('get_dataset_content', 2, 'e.event_id'),
('get_dataset_content', 3, 'e.aws_region'),
('get_dataset_content', 4, 'e.recipient_account_id'),
('get_dataset_content', 5, 'e.identity_kind'),
('get_dataset_content', 6, 'e.principal_arn'),
('get_dataset_content', 7, 'e.user_name'),
('get_dataset_content', 8, 'e.session_issuer_arn'),
('get_dataset_content', 9, 'e.temporary_credentials'),
('get_dataset_content', 10, 'e.mfa_authenticated'),
('get_dataset_content', 11, 'e.source_ip'),
('get_dataset_content', 12, 'e.user_agent'),
('get_dataset_content', 13, 'e.error_code'),
('get_dataset_content', 14, 'e.error_message'),
('get_dataset_content', 15, '(e.error_code IS NULL)'),
('get_dataset_content', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('get_dataset_content', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versionId'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''versionId'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('get_dataset_content', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''entries'')) = ''array'' THEN (e.response_elements -> ''entries'') END'),
('get_dataset_content', 19, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim((e.response_elements -> ''timestamp'') #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof((e.response_elements -> ''timestamp'')) IN (''string'', ''number'')) AS t) AS s)'),
('get_dataset_content', 20, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''status'')) = ''object'' THEN (e.response_elements -> ''status'') END'),
('get_dataset_content', 21, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''status'')) = ''object'' THEN (e.response_elements -> ''status'') END) #> ''{"state"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''status'')) = ''object'' THEN (e.response_elements -> ''status'') END) #> ''{"state"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('get_dataset_content', 22, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''status'')) = ''object'' THEN (e.response_elements -> ''status'') END) #> ''{"reason"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''status'')) = ''object'' THEN (e.response_elements -> ''status'') END) #> ''{"reason"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('get_dataset_content', 23, 'e.request_parameters'),
('get_dataset_content', 24, 'e.response_elements'),
('list_channels', 1, 'e.event_time'),
('list_channels', 2, 'e.event_id'),
('list_channels', 3, 'e.aws_region'),
('list_channels', 4, 'e.recipient_account_id'),
('list_channels', 5, 'e.identity_kind'),
('list_channels', 6, 'e.principal_arn'),
('list_channels', 7, 'e.user_name'),
('list_channels', 8, 'e.session_issuer_arn'),
('list_channels', 9, 'e.temporary_credentials'),
('list_channels', 10, 'e.mfa_authenticated'),
('list_channels', 11, 'e.source_ip'),
('list_channels', 12, 'e.user_agent'),
('list_channels', 13, 'e.error_code'),
('list_channels', 14, 'e.error_message'),
('list_channels', 15, '(e.error_code IS NULL)'),
('list_channels', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('list_channels', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''maxResults'')) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric BETWEEN -9223372036854775808 AND 9223372036854775807 THEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric::bigint END END END'),
('list_channels', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''channelSummaries'')) = ''array'' THEN (e.response_elements -> ''channelSummaries'') END'),
('list_channels', 19, 'e.request_parameters'),
('list_channels', 20, 'e.response_elements'),
('list_datasets', 1, 'e.event_time'),
('list_datasets', 2, 'e.event_id'),
('list_datasets', 3, 'e.aws_region'),
('list_datasets', 4, 'e.recipient_account_id'),
('list_datasets', 5, 'e.identity_kind'),
('list_datasets', 6, 'e.principal_arn'),
('list_datasets', 7, 'e.user_name'),
('list_datasets', 8, 'e.session_issuer_arn'),
('list_datasets', 9, 'e.temporary_credentials'),
('list_datasets', 10, 'e.mfa_authenticated'),
('list_datasets', 11, 'e.source_ip'),
('list_datasets', 12, 'e.user_agent'),
('list_datasets', 13, 'e.error_code'),
('list_datasets', 14, 'e.error_message'),
('list_datasets', 15, '(e.error_code IS NULL)'),
('list_datasets', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('list_datasets', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''maxResults'')) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric BETWEEN -9223372036854775808 AND 9223372036854775807 THEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric::bigint END END END'),
('list_datasets', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datasetSummaries'')) = ''array'' THEN (e.response_elements -> ''datasetSummaries'') END'),
('list_datasets', 19, 'e.request_parameters'),
('list_datasets', 20, 'e.response_elements'),
('list_datastores', 1, 'e.event_time'),
('list_datastores', 2, 'e.event_id'),
('list_datastores', 3, 'e.aws_region'),
('list_datastores', 4, 'e.recipient_account_id'),
('list_datastores', 5, 'e.identity_kind'),
('list_datastores', 6, 'e.principal_arn'),
('list_datastores', 7, 'e.user_name'),
('list_datastores', 8, 'e.session_issuer_arn'),
('list_datastores', 9, 'e.temporary_credentials'),
('list_datastores', 10, 'e.mfa_authenticated'),
('list_datastores', 11, 'e.source_ip'),
('list_datastores', 12, 'e.user_agent'),
('list_datastores', 13, 'e.error_code'),
('list_datastores', 14, 'e.error_message'),
('list_datastores', 15, '(e.error_code IS NULL)'),
('list_datastores', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('list_datastores', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''maxResults'')) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric BETWEEN -9223372036854775808 AND 9223372036854775807 THEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric::bigint END END END'),
('list_datastores', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''datastoreSummaries'')) = ''array'' THEN (e.response_elements -> ''datastoreSummaries'') END'),
('list_datastores', 19, 'e.request_parameters'),
('list_datastores', 20, 'e.response_elements'),
('list_pipelines', 1, 'e.event_time'),
('list_pipelines', 2, 'e.event_id'),
('list_pipelines', 3, 'e.aws_region'),
('list_pipelines', 4, 'e.recipient_account_id'),
('list_pipelines', 5, 'e.identity_kind'),
('list_pipelines', 6, 'e.principal_arn'),
('list_pipelines', 7, 'e.user_name'),
('list_pipelines', 8, 'e.session_issuer_arn'),
('list_pipelines', 9, 'e.temporary_credentials'),
('list_pipelines', 10, 'e.mfa_authenticated'),
('list_pipelines', 11, 'e.source_ip'),
('list_pipelines', 12, 'e.user_agent'),
('list_pipelines', 13, 'e.error_code'),
('list_pipelines', 14, 'e.error_message'),
('list_pipelines', 15, '(e.error_code IS NULL)'),
('list_pipelines', 16, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''nextToken'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''nextToken'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('list_pipelines', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''maxResults'')) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric BETWEEN -9223372036854775808 AND 9223372036854775807 THEN pg_catalog.btrim((e.request_parameters -> ''maxResults'') #>> ''{}'', '' '')::numeric::bigint END END END'),
('list_pipelines', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''pipelineSummaries'')) = ''array'' THEN (e.response_elements -> ''pipelineSummaries'') END'),
('list_pipelines', 19, 'e.request_parameters'),
('list_pipelines', 20, 'e.response_elements'),
('put_logging_options', 1, 'e.event_time'),
('put_logging_options', 2, 'e.event_id'),
('put_logging_options', 3, 'e.aws_region'),
('put_logging_options', 4, 'e.recipient_account_id'),
('put_logging_options', 5, 'e.identity_kind'),
('put_logging_options', 6, 'e.principal_arn'),
('put_logging_options', 7, 'e.user_name'),
('put_logging_options', 8, 'e.session_issuer_arn'),
('put_logging_options', 9, 'e.temporary_credentials'),
('put_logging_options', 10, 'e.mfa_authenticated'),
('put_logging_options', 11, 'e.source_ip'),
('put_logging_options', 12, 'e.user_agent'),
('put_logging_options', 13, 'e.error_code'),
('put_logging_options', 14, 'e.error_message'),
('put_logging_options', 15, '(e.error_code IS NULL)'),
('put_logging_options', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END'),
('put_logging_options', 17, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"roleArn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"roleArn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('put_logging_options', 18, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"level"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"level"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('put_logging_options', 19, 'CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"enabled"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"enabled"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"enabled"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''loggingOptions'')) = ''object'' THEN (e.request_parameters -> ''loggingOptions'') END) #> ''{"enabled"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('put_logging_options', 20, 'e.request_parameters'),
('put_logging_options', 21, 'e.response_elements'),
('run_pipeline_activity', 1, 'e.event_time'),
('run_pipeline_activity', 2, 'e.event_id'),
('run_pipeline_activity', 3, 'e.aws_region'),
('run_pipeline_activity', 4, 'e.recipient_account_id'),
('run_pipeline_activity', 5, 'e.identity_kind'),
('run_pipeline_activity', 6, 'e.principal_arn'),
('run_pipeline_activity', 7, 'e.user_name'),
('run_pipeline_activity', 8, 'e.session_issuer_arn'),
('run_pipeline_activity', 9, 'e.temporary_credentials'),
('run_pipeline_activity', 10, 'e.mfa_authenticated'),
('run_pipeline_activity', 11, 'e.source_ip'),
('run_pipeline_activity', 12, 'e.user_agent'),
('run_pipeline_activity', 13, 'e.error_code'),
('run_pipeline_activity', 14, 'e.error_message'),
('run_pipeline_activity', 15, '(e.error_code IS NULL)'),
('run_pipeline_activity', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END'),
('run_pipeline_activity', 17, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''payloads'')) = ''array'' THEN (e.request_parameters -> ''payloads'') END, CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''payloads'')) = ''array'' THEN (e.response_elements -> ''payloads'') END)'),
('run_pipeline_activity', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''logResult'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''logResult'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('run_pipeline_activity', 19, '(SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1)'),
('run_pipeline_activity', 20, 'CASE WHEN pg_catalog.jsonb_typeof((((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END) -> (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1)) -> ''name'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END) -> (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivity'')) = ''object'' THEN (e.request_parameters -> ''pipelineActivity'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1)) -> ''name'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('run_pipeline_activity', 21, 'e.request_parameters'),
('run_pipeline_activity', 22, 'e.response_elements'),
('sample_channel_data', 1, 'e.event_time'),
('sample_channel_data', 2, 'e.event_id'),
('sample_channel_data', 3, 'e.aws_region'),
('sample_channel_data', 4, 'e.recipient_account_id'),
('sample_channel_data', 5, 'e.identity_kind'),
('sample_channel_data', 6, 'e.principal_arn'),
('sample_channel_data', 7, 'e.user_name'),
('sample_channel_data', 8, 'e.session_issuer_arn'),
('sample_channel_data', 9, 'e.temporary_credentials'),
('sample_channel_data', 10, 'e.mfa_authenticated'),
('sample_channel_data', 11, 'e.source_ip'),
('sample_channel_data', 12, 'e.user_agent'),
('sample_channel_data', 13, 'e.error_code'),
('sample_channel_data', 14, 'e.error_message'),
('sample_channel_data', 15, '(e.error_code IS NULL)'),
('sample_channel_data', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''channelName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('sample_channel_data', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''maxMessages'')) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim((e.request_parameters -> ''maxMessages'') #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim((e.request_parameters -> ''maxMessages'') #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim((e.request_parameters -> ''maxMessages'') #>> ''{}'', '' '')::numeric BETWEEN -9223372036854775808 AND 9223372036854775807 THEN pg_catalog.btrim((e.request_parameters -> ''maxMessages'') #>> ''{}'', '' '')::numeric::bigint END END END'),
('sample_channel_data', 18, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim((e.request_parameters -> ''startTime'') #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof((e.request_parameters -> ''startTime'')) IN (''string'', ''number'')) AS t) AS s)'),
('sample_channel_data', 19, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim((e.request_parameters -> ''endTime'') #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof((e.request_parameters -> ''endTime'')) IN (''string'', ''number'')) AS t) AS s)'),
('sample_channel_data', 20, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''payloads'')) = ''array'' THEN (e.response_elements -> ''payloads'') END'),
('sample_channel_data', 21, 'e.request_parameters'),
('sample_channel_data', 22, 'e.response_elements'),
('start_pipeline_reprocessing', 1, 'e.event_time'),
('start_pipeline_reprocessing', 2, 'e.event_id'),
('start_pipeline_reprocessing', 3, 'e.aws_region'),
('start_pipeline_reprocessing', 4, 'e.recipient_account_id'),
('start_pipeline_reprocessing', 5, 'e.identity_kind'),
('start_pipeline_reprocessing', 6, 'e.principal_arn'),
('start_pipeline_reprocessing', 7, 'e.user_name'),
('start_pipeline_reprocessing', 8, 'e.session_issuer_arn'),
('start_pipeline_reprocessing', 9, 'e.temporary_credentials'),
('start_pipeline_reprocessing', 10, 'e.mfa_authenticated'),
('start_pipeline_reprocessing', 11, 'e.source_ip'),
('start_pipeline_reprocessing', 12, 'e.user_agent'),
('start_pipeline_reprocessing', 13, 'e.error_code'),
('start_pipeline_reprocessing', 14, 'e.error_message'),
('start_pipeline_reprocessing', 15, '(e.error_code IS NULL)'),
('start_pipeline_reprocessing', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''pipelineName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('start_pipeline_reprocessing', 17, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim((e.request_parameters -> ''startTime'') #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof((e.request_parameters -> ''startTime'')) IN (''string'', ''number'')) AS t) AS s)'),
('start_pipeline_reprocessing', 18, '(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN s.iso[1]::int >= 1 AND s.iso[2]::int BETWEEN 1 AND 12 AND s.iso[3]::int BETWEEN 1 AND CASE WHEN s.iso[2]::int = 2 THEN CASE WHEN (s.iso[1]::int % 4 = 0 AND s.iso[1]::int % 100 <> 0) OR s.iso[1]::int % 400 = 0 THEN 29 ELSE 28 END WHEN s.iso[2]::int IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND s.iso[4]::int <= 24 AND s.iso[5]::int <= 59 AND s.iso[6]::int <= 60 AND (s.iso[4]::int < 24 OR (s.iso[5]::int = 0 AND s.iso[6]::int = 0 AND pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint = 0)) AND coalesce(s.iso[9]::int, 0) <= 23 AND coalesce(s.iso[10]::int, 0) <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.iso[1]::int, s.iso[2]::int, s.iso[3]::int, 0, 0, 0) + ((s.iso[4]::int * 3600 + s.iso[5]::int * 60 + s.iso[6]::int - CASE s.iso[8] WHEN ''-'' THEN -1 WHEN ''+'' THEN 1 ELSE 0 END * (coalesce(s.iso[9]::int, 0) * 3600 + coalesce(s.iso[10]::int, 0) * 60))::bigint * 1000000 + pg_catalog.rpad(coalesce(s.iso[7], ''''), 6, ''0'')::bigint) * interval ''1 microsecond'') END WHEN s.ep IS NOT NULL THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) / 86400000000)::int) + ((CASE s.ep[1] WHEN ''-'' THEN -(s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) ELSE (s.ep[2]::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END + pg_catalog.rpad(coalesce(s.ep[3], ''''), 9, ''0'')::bigint * CASE WHEN s.ep[2]::bigint < 100000000000 THEN 1000000 WHEN s.ep[2]::bigint < 100000000000000 THEN 1000 ELSE 1 END / 1000000000) END) % 86400000000) * interval ''1 microsecond'') WHEN s.jv IS NOT NULL THEN CASE WHEN (s.jv[7] IS NULL OR s.jv[4]::int BETWEEN 1 AND 12) AND s.jv[3]::int >= 1 AND (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 BETWEEN 1 AND 12 AND s.jv[2]::int BETWEEN 1 AND CASE WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 = 2 THEN CASE WHEN (s.jv[3]::int % 4 = 0 AND s.jv[3]::int % 100 <> 0) OR s.jv[3]::int % 400 = 0 THEN 29 ELSE 28 END WHEN (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3 IN (4, 6, 9, 11) THEN 30 ELSE 31 END AND (CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END) <= 23 AND s.jv[5]::int <= 59 AND s.jv[6]::int <= 59 THEN pg_catalog.timezone(''UTC'', pg_catalog.make_timestamp(s.jv[3]::int, (pg_catalog.strpos(''janfebmaraprmayjunjulaugsepoctnovdec'', pg_catalog.lower(s.jv[1])) + 2) / 3, s.jv[2]::int, CASE WHEN s.jv[7] IS NULL THEN s.jv[4]::int ELSE s.jv[4]::int % 12 + CASE WHEN s.jv[7] IN (''p'', ''P'') THEN 12 ELSE 0 END END, s.jv[5]::int, s.jv[6]::int)) END END FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, ''^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$''), pg_catalog.regexp_match(t.t, ''^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'')) AS iso, pg_catalog.regexp_match(t.t, ''^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'') AS ep, pg_catalog.regexp_match(t.t, ''^([Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:(?: |\u202f)([AaPp])[Mm])?$'') AS jv FROM (SELECT pg_catalog.btrim((e.request_parameters -> ''endTime'') #>> ''{}'', E'' \t'') AS t WHERE pg_catalog.jsonb_typeof((e.request_parameters -> ''endTime'')) IN (''string'', ''number'')) AS t) AS s)'),
('start_pipeline_reprocessing', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelMessages'')) = ''object'' THEN (e.request_parameters -> ''channelMessages'') END'),
('start_pipeline_reprocessing', 20, 'CASE WHEN pg_catalog.jsonb_typeof((e.response_elements -> ''reprocessingId'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.response_elements -> ''reprocessingId'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('start_pipeline_reprocessing', 21, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelMessages'')) = ''object'' THEN (e.request_parameters -> ''channelMessages'') END) #> ''{"s3Paths"}''::text[])) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(a.el) IN (''string'', ''number'', ''boolean'') THEN NULLIF(a.el #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelMessages'')) = ''object'' THEN (e.request_parameters -> ''channelMessages'') END) #> ''{"s3Paths"}''::text[])) = ''array'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelMessages'')) = ''object'' THEN (e.request_parameters -> ''channelMessages'') END) #> ''{"s3Paths"}''::text[]) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('start_pipeline_reprocessing', 22, 'e.request_parameters'),
('start_pipeline_reprocessing', 23, 'e.response_elements'),
('update_channel', 1, 'e.event_time'),
('update_channel', 2, 'e.event_id'),
('update_channel', 3, 'e.aws_region'),
('update_channel', 4, 'e.recipient_account_id'),
('update_channel', 5, 'e.identity_kind'),
('update_channel', 6, 'e.principal_arn'),
('update_channel', 7, 'e.user_name'),
('update_channel', 8, 'e.session_issuer_arn'),
('update_channel', 9, 'e.temporary_credentials'),
('update_channel', 10, 'e.mfa_authenticated'),
('update_channel', 11, 'e.source_ip'),
('update_channel', 12, 'e.user_agent'),
('update_channel', 13, 'e.error_code'),
('update_channel', 14, 'e.error_message'),
('update_channel', 15, '(e.error_code IS NULL)'),
('update_channel', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''channelName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('update_channel', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END'),
('update_channel', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END'),
('update_channel', 19, 'CASE (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' END'),
('update_channel', 20, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('update_channel', 21, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","keyPrefix"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","keyPrefix"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('update_channel', 22, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","roleArn"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''channelStorage'')) = ''object'' THEN (e.request_parameters -> ''channelStorage'') END) #> ''{"customerManagedS3","roleArn"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('update_channel', 23, 'CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('update_channel', 24, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END'),
('update_channel', 25, 'e.request_parameters'),
('update_channel', 26, 'e.response_elements'),
('update_dataset', 1, 'e.event_time'),
('update_dataset', 2, 'e.event_id'),
('update_dataset', 3, 'e.aws_region'),
('update_dataset', 4, 'e.recipient_account_id'),
('update_dataset', 5, 'e.identity_kind'),
('update_dataset', 6, 'e.principal_arn'),
('update_dataset', 7, 'e.user_name'),
('update_dataset', 8, 'e.session_issuer_arn'),
('update_dataset', 9, 'e.temporary_credentials'),
('update_dataset', 10, 'e.mfa_authenticated'),
('update_dataset', 11, 'e.source_ip'),
('update_dataset', 12, 'e.user_agent'),
('update_dataset', 13, 'e.error_code'),
('update_dataset', 14, 'e.error_message'),
('update_dataset', 15, '(e.error_code IS NULL)'),
('update_dataset', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datasetName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datasetName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('update_dataset', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END'),
('update_dataset', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END'),
('update_dataset', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''contentDeliveryRules'')) = ''array'' THEN (e.request_parameters -> ''contentDeliveryRules'') END'),
('update_dataset', 20, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END'),
('update_dataset', 21, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END'),
('update_dataset', 22, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''lateDataRules'')) = ''array'' THEN (e.request_parameters -> ''lateDataRules'') END'),
('update_dataset', 23, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof((a.el -> ''actionName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((a.el -> ''actionName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('update_dataset', 24, '(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''queryAction'') -> ''sqlQuery'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''queryAction'') -> ''sqlQuery'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END)[1]'),
('update_dataset', 25, '(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''containerAction'') -> ''image'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''containerAction'') -> ''image'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''actions'')) = ''array'' THEN (e.request_parameters -> ''actions'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END)[1]'),
('update_dataset', 26, '(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''schedule'') -> ''expression'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''schedule'') -> ''expression'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END)[1]'),
('update_dataset', 27, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> ''dataset'') -> ''name'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> ''dataset'') -> ''name'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''triggers'')) = ''array'' THEN (e.request_parameters -> ''triggers'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('update_dataset', 28, 'CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('update_dataset', 29, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END'),
('update_dataset', 30, 'CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('update_dataset', 31, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''versioningConfiguration'')) = ''object'' THEN (e.request_parameters -> ''versioningConfiguration'') END) #> ''{"maxVersions"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END'),
('update_dataset', 32, 'e.request_parameters'),
('update_dataset', 33, 'e.response_elements'),
('update_datastore', 1, 'e.event_time'),
('update_datastore', 2, 'e.event_id'),
('update_datastore', 3, 'e.aws_region'),
('update_datastore', 4, 'e.recipient_account_id'),
('update_datastore', 5, 'e.identity_kind'),
('update_datastore', 6, 'e.principal_arn'),
('update_datastore', 7, 'e.user_name'),
('update_datastore', 8, 'e.session_issuer_arn'),
('update_datastore', 9, 'e.temporary_credentials'),
('update_datastore', 10, 'e.mfa_authenticated'),
('update_datastore', 11, 'e.source_ip'),
('update_datastore', 12, 'e.user_agent'),
('update_datastore', 13, 'e.error_code'),
('update_datastore', 14, 'e.error_message'),
('update_datastore', 15, '(e.error_code IS NULL)'),
('update_datastore', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''datastoreName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('update_datastore', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END'),
('update_datastore', 18, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END'),
('update_datastore', 19, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''fileFormatConfiguration'')) = ''object'' THEN (e.request_parameters -> ''fileFormatConfiguration'') END'),
('update_datastore', 20, 'CASE pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[])) WHEN ''boolean'' THEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' = ''true'' WHEN ''string'' THEN CASE WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Tt][Rr][Uu][Ee]$'' THEN true WHEN ((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"unlimited"}''::text[]) #>> ''{}'' ~ ''^[Ff][Aa][Ll][Ss][Ee]$'' THEN false END END'),
('update_datastore', 21, 'CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[])) IN (''number'', ''string'') THEN CASE WHEN pg_catalog.octet_length(pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')) < 32 AND pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '') ~ ''^[ \t\n\v\f\r]*[+-]?[0-9]+$'' THEN CASE WHEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric BETWEEN -2147483648 AND 2147483647 THEN pg_catalog.btrim(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''retentionPeriod'')) = ''object'' THEN (e.request_parameters -> ''retentionPeriod'') END) #> ''{"numberOfDays"}''::text[]) #>> ''{}'', '' '')::numeric::integer END END END'),
('update_datastore', 22, 'CASE (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) WHEN ''serviceManagedS3'' THEN ''service_managed'' WHEN ''customerManagedS3'' THEN ''customer_managed'' WHEN ''iotSiteWiseMultiLayerStorage'' THEN ''iot_sitewise_multi_layer'' END'),
('update_datastore', 23, 'coalesce(CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"customerManagedS3","bucket"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END, CASE WHEN pg_catalog.jsonb_typeof(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"iotSiteWiseMultiLayerStorage","customerManagedS3Storage","bucket"}''::text[])) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''datastoreStorage'')) = ''object'' THEN (e.request_parameters -> ''datastoreStorage'') END) #> ''{"iotSiteWiseMultiLayerStorage","customerManagedS3Storage","bucket"}''::text[]) #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END)'),
('update_datastore', 24, 'CASE (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''fileFormatConfiguration'')) = ''object'' THEN (e.request_parameters -> ''fileFormatConfiguration'') END)) = ''object'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''fileFormatConfiguration'')) = ''object'' THEN (e.request_parameters -> ''fileFormatConfiguration'') END) ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) WHEN ''jsonConfiguration'' THEN ''json'' WHEN ''parquetConfiguration'' THEN ''parquet'' END'),
('update_datastore', 25, 'e.request_parameters'),
('update_datastore', 26, 'e.response_elements'),
('update_pipeline', 1, 'e.event_time'),
('update_pipeline', 2, 'e.event_id'),
('update_pipeline', 3, 'e.aws_region'),
('update_pipeline', 4, 'e.recipient_account_id'),
('update_pipeline', 5, 'e.identity_kind'),
('update_pipeline', 6, 'e.principal_arn'),
('update_pipeline', 7, 'e.user_name'),
('update_pipeline', 8, 'e.session_issuer_arn'),
('update_pipeline', 9, 'e.temporary_credentials'),
('update_pipeline', 10, 'e.mfa_authenticated'),
('update_pipeline', 11, 'e.source_ip'),
('update_pipeline', 12, 'e.user_agent'),
('update_pipeline', 13, 'e.error_code'),
('update_pipeline', 14, 'e.error_message'),
('update_pipeline', 15, '(e.error_code IS NULL)'),
('update_pipeline', 16, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineName'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF((e.request_parameters -> ''pipelineName'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END'),
('update_pipeline', 17, 'CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END'),
('update_pipeline', 18, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT CASE WHEN pg_catalog.jsonb_typeof(((a.el -> (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(a.el) = ''object'' THEN a.el ELSE ''{}''::jsonb END) AS k(k) LIMIT 1)) -> ''name'')) IN (''string'', ''number'', ''boolean'') THEN NULLIF(((a.el -> (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(a.el) = ''object'' THEN a.el ELSE ''{}''::jsonb END) AS k(k) LIMIT 1)) -> ''name'') #>> ''{}'', ''HIDDEN_DUE_TO_SECURITY_REASONS'') END AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('update_pipeline', 19, 'CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN ARRAY(SELECT c.v FROM (SELECT (SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN pg_catalog.jsonb_typeof(a.el) = ''object'' THEN a.el ELSE ''{}''::jsonb END) AS k(k) LIMIT 1) AS v, a.n FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof((CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END)) = ''array'' THEN (CASE WHEN pg_catalog.jsonb_typeof((e.request_parameters -> ''pipelineActivities'')) = ''array'' THEN (e.request_parameters -> ''pipelineActivities'') END) ELSE ''[]''::jsonb END) WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END'),
('update_pipeline', 20, 'e.request_parameters'),
('update_pipeline', 21, 'e.response_elements')) AS p(view_name, column_position, expression)
 WHERE c.view_name = p.view_name AND c.column_position = p.column_position;
ALTER TABLE iotatrail.action_view_columns ALTER COLUMN portable_expression SET NOT NULL;
COMMENT ON COLUMN iotatrail.action_view_columns.portable_expression IS
'the same column with built-in functions and operators only, for iotatrail.views_ddl';

-- Portable views (issue 32): a script of CREATE VIEW statements for the 29
-- per-action views and resource_activity that uses built-in functions and
-- operators only, for a database where iotatrail is not installed (a
-- managed PostgreSQL that receives the stored events by logical
-- replication).  The column expressions are the catalog's
-- portable_expression, which tools/gen_views.py writes beside the C ones.

-- The portable reading of a JSON scalar as text (iotatrail.json_text)
CREATE FUNCTION iotatrail_internal.portable_json_text(x text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.format(
    $f$CASE WHEN pg_catalog.jsonb_typeof(%1$s) IN ('string', 'number', 'boolean') THEN NULLIF(%1$s #>> '{}', 'HIDDEN_DUE_TO_SECURITY_REASONS') END$f$,
    '(' || x || ')')
$$;

COMMENT ON FUNCTION iotatrail_internal.portable_json_text(text) IS
'internal: the SQL of iotatrail.json_text over the jsonb expression given, with built-in functions only (views_ddl)';

-- resource_activity over source, with the catalog's rows written in
CREATE FUNCTION iotatrail_internal.portable_resource_activity(target_schema name, source text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actions text;
    views text;
    ddl text;
    c record;
BEGIN
    SELECT string_agg(format('(%L::text, %L::text, %L::text)', action, verb, resource_type), E',\n        '
                      ORDER BY action)
      INTO actions FROM iotanalytics.actions;
    SELECT string_agg(format('(%L::text, %L::text, %L::text, %L::text, %L::text)', action, arn_resource_type,
                             name_member, arn_member, resource_member), E',\n        ' ORDER BY action)
      INTO views FROM iotatrail.action_views;
    ddl := format($view$
CREATE VIEW %1$I.resource_activity AS
SELECT e.event_time,
    e.event_id,
    e.event_name AS action,
    a.verb,
    coalesce(a.resource_type,
             substring(r.logged_arn FROM '^arn:[^:]*:iotanalytics:[^:]*:[^:]*:([a-z_]+)/')) AS resource_type,
    coalesce(r.logged_name,
             substring(r.logged_arn FROM '^arn:[^:]*:iotanalytics:[^:]*:[^:]*:[a-z_]+/(.+)$')) AS resource_name,
    coalesce(r.logged_arn,
             CASE WHEN r.logged_name IS NOT NULL AND av.arn_resource_type IS NOT NULL
                  THEN pg_catalog.format('arn:%%s:iotanalytics:%%s:%%s:%%s/%%s',
                              CASE WHEN e.aws_region LIKE 'cn-%%' THEN 'aws-cn'
                                   WHEN e.aws_region LIKE 'us-gov-%%' THEN 'aws-us-gov'
                                   ELSE 'aws' END,
                              e.aws_region, e.recipient_account_id, av.arn_resource_type, r.logged_name)
             END) AS resource_arn,
    e.aws_region,
    e.recipient_account_id,
    e.identity_kind,
    e.principal_arn,
    e.source_ip,
    e.error_code IS NULL AS succeeded,
    e.error_code
FROM %2$s e
LEFT JOIN (VALUES
        %3$s) AS a(action, verb, resource_type) ON a.action = e.event_name
LEFT JOIN (VALUES
        %4$s) AS av(action, arn_resource_type, name_member, arn_member, resource_member)
    ON av.action = e.event_name
CROSS JOIN LATERAL (
    SELECT coalesce(%5$s,
                    %6$s,
                    %7$s) AS logged_name,
           coalesce(%8$s,
                    %9$s,
                    %10$s) AS logged_arn
) r
WHERE e.event_source = 'iotanalytics.amazonaws.com';
COMMENT ON VIEW %1$I.resource_activity IS %11$L;
$view$, target_schema, source, actions, views,
        iotatrail_internal.portable_json_text('e.request_parameters -> av.name_member'),
        iotatrail_internal.portable_json_text('e.response_elements -> av.name_member'),
        iotatrail_internal.portable_json_text($q$e.response_elements -> av.resource_member -> 'name'$q$),
        iotatrail_internal.portable_json_text('e.response_elements -> av.arn_member'),
        iotatrail_internal.portable_json_text($q$e.response_elements -> av.resource_member -> 'arn'$q$),
        iotatrail_internal.portable_json_text($q$e.request_parameters -> 'resourceArn'$q$),
        'one row per IoT Analytics call: which resource it touched and how; join your inventory on resource_arn');
    FOR c IN SELECT * FROM iotatrail_internal.resource_activity_comments() LOOP
        ddl := ddl || format(E'COMMENT ON COLUMN %I.resource_activity.%I IS %L;\n',
                             target_schema, c.column_name, c.description);
    END LOOP;
    RETURN ddl;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.portable_resource_activity(name, text) IS
'internal: the CREATE VIEW and COMMENT statements of resource_activity for iotatrail.views_ddl';

CREATE FUNCTION iotatrail.views_ddl(target_schema name, source_table text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[];
    source text;
    ddl text;
    v record;
    c record;
    cols text;
BEGIN
    IF target_schema IS NULL OR source_table IS NULL THEN
        RAISE EXCEPTION 'target_schema and source_table must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    parts := parse_ident(source_table);
    IF cardinality(parts) <> 2 THEN
        RAISE EXCEPTION 'source table "%" must be written as schema.table', source_table
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The script runs with search_path set to pg_catalog, so it does not depend on the search_path of whoever runs it.',
                  HINT = 'Name the table the events are replicated into, with its schema: iotatrail.views_ddl(''trail'', ''audit.events_store'').';
    END IF;
    source := format('%I.%I', parts[1], parts[2]);

    ddl := format(E'-- The per-action views of iotatrail %s over %s, with built-in functions only:\n'
                  '-- for a database where iotatrail is not installed.  Made by iotatrail.views_ddl.\n'
                  'BEGIN;\n'
                  'SET LOCAL search_path = pg_catalog;\n'
                  'SET LOCAL standard_conforming_strings = on;\n'
                  'CREATE SCHEMA IF NOT EXISTS %I;\n',
                  (SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'), source, target_schema);
    FOR v IN SELECT av.*, a.description
               FROM iotatrail.action_views av JOIN iotanalytics.actions a USING (action)
              ORDER BY av.view_name LOOP
        SELECT string_agg(format('%s AS %I', portable_expression, column_name), E',\n    '
                          ORDER BY column_position)
          INTO cols
          FROM iotatrail.action_view_columns
         WHERE view_name = v.view_name;
        ddl := ddl || format(E'\nCREATE VIEW %I.%I AS\nSELECT %s\nFROM %s e\nWHERE e.event_source = %L AND e.event_name = %L;\n',
                             target_schema, v.view_name, cols, source, v.event_source, v.action);
        ddl := ddl || format(E'COMMENT ON VIEW %I.%I IS %L;\n', target_schema, v.view_name,
                             format('%s events: %s', v.action, v.description));
        FOR c IN SELECT avc.column_name, coalesce(avc.description, ec.description) AS description
                   FROM iotatrail.action_view_columns avc
                   LEFT JOIN iotatrail.event_columns() ec USING (column_name)
                  WHERE avc.view_name = v.view_name
                  ORDER BY avc.column_position LOOP
            ddl := ddl || format(E'COMMENT ON COLUMN %I.%I.%I IS %L;\n',
                                 target_schema, v.view_name, c.column_name, c.description);
        END LOOP;
    END LOOP;
    ddl := ddl || iotatrail_internal.portable_resource_activity(target_schema, source);
    RETURN ddl || E'COMMIT;\n';
END
$$;

COMMENT ON FUNCTION iotatrail.views_ddl(name, text) IS
'a script of CREATE VIEW statements for the 29 per-action views and resource_activity over a table of stored events, with built-in functions only: for a database without iotatrail (a managed PostgreSQL receiving the events by logical replication)';

-- Issue 35 (audit answers).  The detection catalog iotatrail.detections,
-- the running state of its stateful detections (detect_state.c), the
-- findings view create_views now makes with the others (and so IMPORT
-- FOREIGN SCHEMA and sync_and_create_views), iotatrail.audit_report, and
-- iotanalytics.findings as a fresh install makes it.  The objects below
-- are src/detections.sql's, and create_views and sync_and_create_views as
-- src/views.sql and src/sync_views.sql write them
-- (tools/update_issue35.py copies them here).

CREATE TABLE iotatrail.detections (
    id text PRIMARY KEY,
    title text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    technique_ids text[] NOT NULL,
    technique_names text[] NOT NULL,
    event_sources text[] NOT NULL,
    description text NOT NULL,
    check_next text NOT NULL,
    settings jsonb NOT NULL DEFAULT '{}',
    CHECK (cardinality(technique_ids) = cardinality(technique_names) AND cardinality(technique_ids) > 0)
);
COMMENT ON TABLE iotatrail.detections IS
'the detections of the findings views: severity, MITRE ATT&CK Enterprise techniques, what each means and what to check next, and the settings it uses';
COMMENT ON COLUMN iotatrail.detections.id IS 'the detection_id of its findings';
COMMENT ON COLUMN iotatrail.detections.title IS 'what it fires on, in a line';
COMMENT ON COLUMN iotatrail.detections.severity IS 'low, medium or high';
COMMENT ON COLUMN iotatrail.detections.technique_ids IS 'MITRE ATT&CK Enterprise technique ids (cloud matrix), e.g. T1562.008';
COMMENT ON COLUMN iotatrail.detections.technique_names IS 'the names of technique_ids, in the same order';
COMMENT ON COLUMN iotatrail.detections.event_sources IS 'the eventSource values it reads: silent over a relation that holds none of them (the iotatrail default event_source is IoT Analytics only)';
COMMENT ON COLUMN iotatrail.detections.description IS 'what a finding means';
COMMENT ON COLUMN iotatrail.detections.check_next IS 'what to check next';
COMMENT ON COLUMN iotatrail.detections.settings IS 'the thresholds and look-backs the findings views read, with their defaults';
GRANT SELECT ON iotatrail.detections TO PUBLIC;

INSERT INTO iotatrail.detections VALUES
('iotanalytics_resource_deleted', 'An IoT Analytics channel, datastore, dataset, pipeline or dataset content was deleted', 'high',
 '{T1485}', '{"Data Destruction"}', '{iotanalytics.amazonaws.com}',
 'A successful DeleteChannel, DeleteDatastore, DeleteDataset, DeletePipeline or DeleteDatasetContent: the data it held is gone and IoT Analytics, past its end of support, cannot recreate it.',
 'Was the deletion planned (change ticket, decommissioning)? Who else did the principal act on in the same session (resource_activity)? Is there a copy (customer-managed S3, exports)?', '{}'),
('iotanalytics_logging_changed', 'IoT Analytics logging was disabled or its level lowered', 'high',
 '{T1562.008}', '{"Impair Defenses: Disable or Modify Cloud Logs"}', '{iotanalytics.amazonaws.com}',
 'A successful PutLoggingOptions with enabled false, or with a level logging less than the previous PutLoggingOptions of the account and region in the trail (DEBUG > INFO > WARN > ERROR).',
 'Who changed it and was logging turned back on? What did the same principal do while logging was off?', '{}'),
('iotanalytics_retention_shortened', 'The retention of a channel or datastore was shortened', 'medium',
 '{T1485}', '{"Data Destruction"}', '{iotanalytics.amazonaws.com}',
 'A successful UpdateChannel or UpdateDatastore whose retentionPeriod keeps data fewer days than the resource''s previous retention in the trail (its last successful create or update), or replaces unlimited retention with a number of days. Silent for a resource whose earlier retention is not in the trail read.',
 'IoT Analytics deletes data older than the new retention within a day: is it still needed? Was the change reverted?', '{}'),
('iotanalytics_storage_redirected', 'A channel or datastore writes to customer-managed S3', 'medium',
 '{T1537}', '{"Transfer Data to Cloud Account"}', '{iotanalytics.amazonaws.com}',
 'A successful CreateChannel, UpdateChannel, CreateDatastore or UpdateDatastore with customerManagedS3 storage (also under iotSiteWiseMultiLayerStorage): the data goes to a bucket of the request''s choosing.',
 'Whose account owns the bucket and the role? Is the bucket in your inventory and its policy private?', '{}'),
('iotanalytics_pipeline_lambda', 'A pipeline runs a Lambda function', 'medium',
 '{T1648}', '{"Serverless Execution"}', '{iotanalytics.amazonaws.com}',
 'A successful CreatePipeline or UpdatePipeline whose activities include a lambda activity: every message passes through code outside IoT Analytics.',
 'Which function (lambdaName) is it, who owns it, and what does it do with the messages (network egress, writes)?', '{}'),
('iotanalytics_data_read_new_principal', 'A principal read IoT Analytics data for the first time in the look-back', 'medium',
 '{T1530}', '{"Data from Cloud Storage"}', '{iotanalytics.amazonaws.com}',
 'A successful SampleChannelData or GetDatasetContent by a principal with no successful such call in the look-back before it, among the events read (a time bound on the view starts the look-back at the bound).',
 'Is the principal an expected consumer of the data? Where did it call from, and what did it read next?', '{"lookback": "30 days"}'),
('iotanalytics_enumeration', 'One principal listed and described many IoT Analytics resources quickly', 'low',
 '{T1580}', '{"Cloud Infrastructure Discovery"}', '{iotanalytics.amazonaws.com}',
 'One principal calling at least min_actions distinct IoT Analytics List* or Describe* actions within the window (successful or not); one finding per burst, on the call that reaches the threshold.',
 'Is it a known inventory tool or console session? Did deletions, exports or permission changes follow?', '{"min_actions": 5, "within": "10 minutes"}'),
('access_denied_burst', 'Many access-denied errors for one principal', 'medium',
 '{T1580,T1078.004}', '{"Cloud Infrastructure Discovery","Valid Accounts: Cloud Accounts"}', '{*}',
 'One principal receiving at least min_errors AccessDenied, AccessDeniedException, UnauthorizedOperation or similar errors within the window; one finding per burst.',
 'Are the credentials stolen and being probed for permissions? Which actions were denied, and which succeeded from the same source IP?', '{"min_errors": 10, "within": "1 hour"}'),
('cloudtrail_logging_impaired', 'CloudTrail logging was stopped, deleted or narrowed', 'high',
 '{T1562.008}', '{"Impair Defenses: Disable or Modify Cloud Logs"}', '{cloudtrail.amazonaws.com}',
 'A successful StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors or DeleteEventDataStore: events after it may be missing from this very trail.',
 'Look for the gap that follows in the trail''s coverage, and for what the principal did just before.', '{}'),
('root_activity', 'The root user made a call', 'high',
 '{T1078.004}', '{"Valid Accounts: Cloud Accounts"}', '{*}',
 'Any call by the account''s root user, whose use AWS advises against except for a few account tasks.',
 'Was it one of the tasks only root can do? Was MFA used, and from which IP?', '{}'),
('console_login_without_mfa', 'A console login without MFA', 'medium',
 '{T1078.004}', '{"Valid Accounts: Cloud Accounts"}', '{signin.amazonaws.com}',
 'A successful ConsoleLogin whose additionalEventData says MFAUsed No.',
 'Does the user have MFA enforced? Is the source IP usual for the user?', '{}'),
('console_login_failures', 'Repeated failed console logins for one user', 'medium',
 '{T1110}', '{"Brute Force"}', '{signin.amazonaws.com}',
 'At least min_failures failed ConsoleLogin for one user name within the window; one finding per burst.',
 'From how many source IPs? Did a successful login follow?', '{"min_failures": 5, "within": "1 hour"}'),
('access_key_for_other_user', 'An access key was created for another user', 'high',
 '{T1098.001}', '{"Account Manipulation: Additional Cloud Credentials"}', '{iam.amazonaws.com}',
 'A successful IAM CreateAccessKey whose userName is not the calling IAM user''s own.',
 'Is the caller an administrator doing key rotation? Was the new key used, and from where?', '{}'),
('admin_policy_attached', 'Administrator access was granted', 'high',
 '{T1098.003}', '{"Account Manipulation: Additional Cloud Roles"}', '{iam.amazonaws.com}',
 'A successful AttachUserPolicy, AttachRolePolicy or AttachGroupPolicy of AdministratorAccess, or a PutUserPolicy, PutRolePolicy or PutGroupPolicy whose document allows "Action": "*" on "Resource": "*".',
 'Who received it and did they use it? Was it removed again?', '{}'),
('new_source_ip_for_principal', 'A principal called from a new IP address', 'low',
 '{T1078.004}', '{"Valid Accounts: Cloud Accounts"}', '{*}',
 'A call from a source IP the principal did not use in the look-back, by a principal that did call in the look-back from elsewhere (a principal''s first call is not "new"), among the events read.',
 'Is the IP one of your networks, a VPN or a cloud provider? Did the principal''s behaviour change from it?', '{"lookback": "30 days"}'),
('kms_key_deletion', 'A KMS key was scheduled for deletion or disabled', 'high',
 '{T1485}', '{"Data Destruction"}', '{kms.amazonaws.com}',
 'A successful ScheduleKeyDeletion or DisableKey: data encrypted under the key becomes unreadable.',
 'What does the key encrypt? Cancel the deletion within its waiting period if it was not intended.', '{}'),
('s3_bucket_made_public', 'An S3 bucket was opened to everyone', 'high',
 '{T1530}', '{"Data from Cloud Storage"}', '{s3.amazonaws.com}',
 'A successful PutBucketPolicy allowing Principal "*", a PutBucketAcl granting AllUsers or AuthenticatedUsers, or a DeletePublicAccessBlock.',
 'What does the bucket hold? Was it read from unknown IPs after the change?', '{}'),
('security_group_open_to_world', 'A security group was opened to the internet', 'medium',
 '{T1562.007}', '{"Impair Defenses: Disable or Modify Cloud Firewall"}', '{ec2.amazonaws.com}',
 'A successful AuthorizeSecurityGroupIngress from 0.0.0.0/0 or ::/0.',
 'Which ports, on which instances? Was the rule revoked?', '{}');

-- Running state of the findings views (detect_state.c): each call site
-- sees its query's rows in event-time order
CREATE FUNCTION iotatrail_internal.seen_within(key text, at timestamptz, span interval)
RETURNS boolean
AS 'MODULE_PATHNAME', 'iotatrail_seen_within'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
CREATE FUNCTION iotatrail_internal.recent_distinct(key text, value text, at timestamptz, span interval)
RETURNS integer
AS 'MODULE_PATHNAME', 'iotatrail_recent_distinct'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
CREATE FUNCTION iotatrail_internal.previous_value(key text, value text)
RETURNS text
AS 'MODULE_PATHNAME', 'iotatrail_previous_value'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION iotatrail_internal.seen_within(text, timestamptz, interval) IS
'internal to the findings views: whether this call site saw key in [at - span, at] on an earlier row of the query; records at';
COMMENT ON FUNCTION iotatrail_internal.recent_distinct(text, text, timestamptz, interval) IS
'internal to the findings views: records value for key at time at; the number of distinct values of key in (at - span, at] when value is new there, else 0';
COMMENT ON FUNCTION iotatrail_internal.previous_value(text, text) IS
'internal to the findings views: the value this call site recorded last for key on an earlier row of the query (NULL the first time); records value';

-- The columns of the findings query that test one event alone (level s):
-- those of IoT Analytics, then those of the account (IAM, sign-in,
-- CloudTrail, KMS, S3, EC2) and the keys of the bursts
CREATE FUNCTION iotatrail_internal.findings_iot_tests()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $f$
SELECT $t$
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('DeleteChannel', 'DeleteDatastore', 'DeleteDataset', 'DeletePipeline', 'DeleteDatasetContent')
                 THEN format('%s %s', e.event_name,
                             coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName',
                                      e.request_parameters ->> 'datasetName', e.request_parameters ->> 'pipelineName', '?'))
            END AS d_resource_deleted,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name = 'PutLoggingOptions'
                  AND iotatrail.json_boolean(e.request_parameters #> '{loggingOptions,enabled}') IS FALSE
                 THEN format('PutLoggingOptions enabled=false level=%s', coalesce(e.request_parameters #>> '{loggingOptions,level}', '?'))
            END AS d_logging_disabled,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name = 'PutLoggingOptions'
                  AND iotatrail.json_boolean(e.request_parameters #> '{loggingOptions,enabled}') IS NOT FALSE
                 THEN e.aws_region || ' ' || e.recipient_account_id
            END AS logging_key,
            upper(e.request_parameters #>> '{loggingOptions,level}') AS logging_level,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('CreateChannel', 'UpdateChannel', 'CreateDatastore', 'UpdateDatastore')
                 THEN format('%s %s %s %s', e.aws_region, e.recipient_account_id,
                             CASE WHEN e.event_name LIKE '%Channel' THEN 'channel' ELSE 'datastore' END,
                             coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName'))
            END AS retention_key,
            CASE WHEN iotatrail.json_boolean(e.request_parameters #> '{retentionPeriod,unlimited}') THEN 'unlimited'
                 ELSE iotatrail.json_integer(e.request_parameters #> '{retentionPeriod,numberOfDays}')::text
            END AS retention_value,
            e.event_name IN ('UpdateChannel', 'UpdateDatastore') AS retention_update,
            coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName') AS resource_name,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('CreateChannel', 'UpdateChannel', 'CreateDatastore', 'UpdateDatastore')
                  AND coalesce(e.request_parameters #> '{channelStorage,customerManagedS3}',
                               e.request_parameters #> '{datastoreStorage,customerManagedS3}',
                               e.request_parameters #> '{datastoreStorage,iotSiteWiseMultiLayerStorage,customerManagedS3Storage}') IS NOT NULL
                 THEN format('%s %s to bucket %s', e.event_name,
                             coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datastoreName', '?'),
                             coalesce(e.request_parameters #>> '{channelStorage,customerManagedS3,bucket}',
                                      e.request_parameters #>> '{datastoreStorage,customerManagedS3,bucket}',
                                      e.request_parameters #>> '{datastoreStorage,iotSiteWiseMultiLayerStorage,customerManagedS3Storage,bucket}', '?'))
            END AS d_storage_redirected,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('CreatePipeline', 'UpdatePipeline')
                  AND jsonb_path_exists(e.request_parameters, '$.pipelineActivities[*].lambda')
                 THEN format('%s %s runs lambda %s', e.event_name, coalesce(e.request_parameters ->> 'pipelineName', '?'),
                             coalesce(jsonb_path_query_first(e.request_parameters, '$.pipelineActivities[*].lambda.lambdaName') #>> '{}', '?'))
            END AS d_pipeline_lambda,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('SampleChannelData', 'GetDatasetContent')
                 THEN coalesce(e.principal_arn, e.user_name)
            END AS read_key,
            coalesce(e.request_parameters ->> 'channelName', e.request_parameters ->> 'datasetName') AS read_name,
            CASE WHEN e.event_source = 'iotanalytics.amazonaws.com'
                  AND (e.event_name LIKE 'List%' OR e.event_name LIKE 'Describe%')
                 THEN coalesce(e.principal_arn, e.user_name)
            END AS enumeration_key
$t$::text
$f$;
COMMENT ON FUNCTION iotatrail_internal.findings_iot_tests() IS
'internal to the findings query: its IoT Analytics tests of one event, as SQL select-list items over an events relation "e"';

CREATE FUNCTION iotatrail_internal.findings_account_tests()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $f$
SELECT $t$
            CASE WHEN e.error_code IN ('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation',
                                       'Client.UnauthorizedOperation', 'UnauthorizedAccess', 'UnauthorizedException')
                 THEN coalesce(e.principal_arn, e.user_name)
            END AS denied_key,
            e.error_code,
            CASE WHEN e.event_source = 'cloudtrail.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors',
                                       'PutInsightSelectors', 'DeleteEventDataStore')
                 THEN format('%s %s', e.event_name,
                             coalesce(e.request_parameters ->> 'name', e.request_parameters ->> 'trailName',
                                      e.request_parameters ->> 'eventDataStore', '?'))
            END AS d_cloudtrail_impaired,
            CASE WHEN e.identity_kind = 'root'
                 THEN format('%s %s', e.event_source, e.event_name)
            END AS d_root_activity,
            CASE WHEN e.event_source = 'signin.amazonaws.com' AND e.event_name = 'ConsoleLogin'
                  AND e.response_elements ->> 'ConsoleLogin' = 'Success'
                  AND e.additional_event_data ->> 'MFAUsed' = 'No'
                 THEN format('ConsoleLogin %s without MFA', coalesce(e.user_name, e.principal_arn, e.identity_kind, '?'))
            END AS d_login_without_mfa,
            CASE WHEN e.event_source = 'signin.amazonaws.com' AND e.event_name = 'ConsoleLogin'
                  AND (e.response_elements ->> 'ConsoleLogin' = 'Failure' OR e.error_code IS NOT NULL)
                 THEN coalesce(e.user_name, e.principal_arn, 'unknown user')
            END AS login_failed_key,
            CASE WHEN e.event_source = 'iam.amazonaws.com' AND e.error_code IS NULL AND e.event_name = 'CreateAccessKey'
                  AND e.request_parameters ->> 'userName' IS NOT NULL
                  AND (e.identity_kind IS DISTINCT FROM 'iam_user'
                       OR e.user_name IS DISTINCT FROM e.request_parameters ->> 'userName')
                 THEN format('CreateAccessKey for user %s by %s', e.request_parameters ->> 'userName',
                             coalesce(e.user_name, e.principal_arn, '?'))
            END AS d_access_key_other_user,
            CASE WHEN e.event_source = 'iam.amazonaws.com' AND e.error_code IS NULL
                  AND ((e.event_name IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
                        AND e.request_parameters ->> 'policyArn' LIKE 'arn:%:iam::aws:policy/AdministratorAccess')
                       OR (e.event_name IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
                           AND jsonb_path_exists(iotatrail_internal.jsonb_or_null(e.request_parameters ->> 'policyDocument'),
                               '$.Statement[*] ? (@.Effect == "Allow" && @.Action == "*" && @.Resource == "*")')))
                 THEN format('%s %s to %s', e.event_name,
                             coalesce(e.request_parameters ->> 'policyArn', e.request_parameters ->> 'policyName', '?'),
                             coalesce(e.request_parameters ->> 'userName', e.request_parameters ->> 'roleName',
                                      e.request_parameters ->> 'groupName', '?'))
            END AS d_admin_policy,
            CASE WHEN e.event_source = 'kms.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name IN ('ScheduleKeyDeletion', 'DisableKey')
                 THEN format('%s %s', e.event_name, coalesce(e.request_parameters ->> 'keyId', '?'))
            END AS d_kms_key,
            CASE WHEN e.event_source = 's3.amazonaws.com' AND e.error_code IS NULL
                  AND (e.event_name = 'DeletePublicAccessBlock'
                       OR (e.event_name = 'PutBucketPolicy'
                           AND jsonb_path_exists(coalesce(iotatrail.json_object(e.request_parameters -> 'bucketPolicy'),
                                                          iotatrail_internal.jsonb_or_null(e.request_parameters ->> 'bucketPolicy')),
                               '$.Statement[*] ? (@.Effect == "Allow" && (@.Principal == "*" || @.Principal.AWS == "*"))'))
                       OR (e.event_name = 'PutBucketAcl'
                           AND (jsonb_path_exists(e.request_parameters,
                                    '$.**.URI ? (@ like_regex "acs\\.amazonaws\\.com/groups/global/(AllUsers|AuthenticatedUsers)$")')
                                OR jsonb_path_exists(e.request_parameters,
                                    '$.** ? (@.type() == "string" && @ like_regex "uri=.*acs\\.amazonaws\\.com/groups/global/(AllUsers|AuthenticatedUsers)")'))))
                 THEN format('%s on bucket %s', e.event_name, coalesce(e.request_parameters ->> 'bucketName', '?'))
            END AS d_bucket_public,
            CASE WHEN e.event_source = 'ec2.amazonaws.com' AND e.error_code IS NULL
                  AND e.event_name = 'AuthorizeSecurityGroupIngress'
                  AND jsonb_path_exists(e.request_parameters,
                          '$.** ? (@.cidrIp == "0.0.0.0/0" || @.cidrIpv6 == "::/0")')
                 THEN format('AuthorizeSecurityGroupIngress %s from the internet',
                             coalesce(e.request_parameters ->> 'groupId', e.request_parameters ->> 'groupName', '?'))
            END AS d_security_group_open
$t$::text
$f$;
COMMENT ON FUNCTION iotatrail_internal.findings_account_tests() IS
'internal to the findings query: its tests of one event for the account (access denied, CloudTrail, root, sign-in, IAM, KMS, S3, EC2), as SQL select-list items over an events relation "e"';

-- The running state the findings view reads: each event of the source in
-- time order, its tests alone (@IOT_TESTS@, @ACCOUNT_TESTS@) and what the
-- stateful functions (detect_state.c) remember of the events before it.
-- A subquery of its own: ORDER BY keeps PostgreSQL from pulling it up, so
-- its functions run once per event, in order.
CREATE FUNCTION iotatrail_internal.findings_running_state(source regclass)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $frs$
SELECT replace(replace(replace($q$
    SELECT s.*,
        iotatrail_internal.previous_value(s.retention_key, s.retention_value) AS retention_before,
        iotatrail_internal.previous_value(s.logging_key, s.logging_level) AS logging_before,
        iotatrail_internal.seen_within(s.read_key, s.event_time,
            (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_data_read_new_principal')::interval) AS read_seen,
        iotatrail_internal.recent_distinct(s.enumeration_key, s.event_name, s.event_time,
            (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_enumeration')::interval) AS enumeration_actions,
        iotatrail_internal.recent_distinct(s.denied_key, s.row_key, s.event_time,
            (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'access_denied_burst')::interval) AS denied_calls,
        iotatrail_internal.recent_distinct(s.login_failed_key, s.row_key, s.event_time,
            (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'console_login_failures')::interval) AS login_failures,
        iotatrail_internal.seen_within(CASE WHEN s.source_ip IS NOT NULL THEN s.principal END, s.event_time,
            (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'new_source_ip_for_principal')::interval) AS principal_seen,
        iotatrail_internal.seen_within(s.principal || ' ' || host(s.source_ip), s.event_time,
            (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'new_source_ip_for_principal')::interval) AS principal_ip_seen
    FROM (
        SELECT e.event_time, e.event_id, e.event_name, e.recipient_account_id, e.aws_region,
            coalesce(e.principal_arn, e.user_name) AS principal,
            e.source_ip,
            coalesce(e.event_id::text, e.event_time::text || ' ' || e.event_name) AS row_key,
            -- the events tested alone: each detail, or NULL
            @IOT_TESTS@,
            @ACCOUNT_TESTS@
        FROM @SOURCE@ e
        ORDER BY e.event_time, e.event_id
    ) s
    -- ORDER BY keeps this level a subquery of its own (PostgreSQL does not
    -- pull it up into the view): its functions run once per event, in
    -- order, and a WHERE on event_time still passes through to s
    ORDER BY s.event_time, s.event_id
$q$, '@SOURCE@', source::text),
        '@IOT_TESTS@', iotatrail_internal.findings_iot_tests()),
        '@ACCOUNT_TESTS@', iotatrail_internal.findings_account_tests())
$frs$;
COMMENT ON FUNCTION iotatrail_internal.findings_running_state(regclass) IS
'internal to findings_query: the events of a relation in time order, with their single-event tests and the running state of the stateful detections';

-- The verdicts: for each detection, its detail from an event and the
-- running state, or NULL
CREATE FUNCTION iotatrail_internal.findings_verdicts()
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fv$
SELECT $q$
    ('iotanalytics_resource_deleted', w.d_resource_deleted),
    ('iotanalytics_logging_changed', coalesce(w.d_logging_disabled,
        CASE WHEN array_position('{ERROR,WARN,INFO,DEBUG}'::text[], w.logging_level)
                  < array_position('{ERROR,WARN,INFO,DEBUG}'::text[], w.logging_before)
             THEN format('PutLoggingOptions level %s, was %s', w.logging_level, w.logging_before) END)),
    ('iotanalytics_retention_shortened',
        CASE WHEN w.retention_update AND w.retention_value <> 'unlimited'
                  AND (w.retention_before = 'unlimited' OR w.retention_before::int > w.retention_value::int)
             THEN format('%s %s retention %s days, was %s', w.event_name, w.resource_name, w.retention_value,
                         CASE WHEN w.retention_before = 'unlimited' THEN 'unlimited' ELSE w.retention_before || ' days' END) END),
    ('iotanalytics_storage_redirected', w.d_storage_redirected),
    ('iotanalytics_pipeline_lambda', w.d_pipeline_lambda),
    ('iotanalytics_data_read_new_principal',
        CASE WHEN NOT w.read_seen THEN format('%s %s, first read by the principal in %s', w.event_name, w.read_name,
                  (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_data_read_new_principal')) END),
    ('iotanalytics_enumeration',
        CASE WHEN w.enumeration_actions = (SELECT dd.settings ->> 'min_actions' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_enumeration')::int
             THEN format('%s distinct List/Describe actions within %s, the last %s', w.enumeration_actions,
                         (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'iotanalytics_enumeration'), w.event_name) END),
    ('access_denied_burst',
        CASE WHEN w.denied_calls = (SELECT dd.settings ->> 'min_errors' FROM iotatrail.detections dd WHERE dd.id = 'access_denied_burst')::int
             THEN format('%s access-denied errors within %s, the last %s on %s', w.denied_calls,
                         (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'access_denied_burst'), w.error_code, w.event_name) END),
    ('cloudtrail_logging_impaired', w.d_cloudtrail_impaired),
    ('root_activity', w.d_root_activity),
    ('console_login_without_mfa', w.d_login_without_mfa),
    ('console_login_failures',
        CASE WHEN w.login_failures = (SELECT dd.settings ->> 'min_failures' FROM iotatrail.detections dd WHERE dd.id = 'console_login_failures')::int
             THEN format('%s failed console logins for %s within %s', w.login_failures, w.login_failed_key,
                         (SELECT dd.settings ->> 'within' FROM iotatrail.detections dd WHERE dd.id = 'console_login_failures')) END),
    ('access_key_for_other_user', w.d_access_key_other_user),
    ('admin_policy_attached', w.d_admin_policy),
    ('new_source_ip_for_principal',
        CASE WHEN w.principal_seen AND NOT w.principal_ip_seen
             THEN format('%s from %s, not used by the principal in %s', w.event_name, host(w.source_ip),
                         (SELECT dd.settings ->> 'lookback' FROM iotatrail.detections dd WHERE dd.id = 'new_source_ip_for_principal')) END),
    ('kms_key_deletion', w.d_kms_key),
    ('s3_bucket_made_public', w.d_bucket_public),
    ('security_group_open_to_world', w.d_security_group_open)
$q$
$fv$;
COMMENT ON FUNCTION iotatrail_internal.findings_verdicts() IS
'internal to findings_query: a VALUES row (detection_id, detail) for each detection, read from the running state w';

-- The findings query over a relation of iotatrail.event columns: one read,
-- sorted by event time.  Level s reads and tests each event alone (a WHERE
-- on event_time given to the view is pushed into it, and so into the
-- foreign scan); level w adds the running state; each non-NULL detail is
-- a finding.
CREATE FUNCTION iotatrail_internal.findings_query(source regclass)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fq$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(need, ', ' ORDER BY need) INTO missing
      FROM unnest('{event_time,event_id,event_source,event_name,aws_region,recipient_account_id,principal_arn,identity_kind,user_name,source_ip,error_code,request_parameters,response_elements,additional_event_data}'::text[]) need
     WHERE NOT EXISTS (SELECT FROM pg_attribute
                        WHERE attrelid = source AND attname = need AND attnum > 0 AND NOT attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'relation % lacks columns the findings view reads: %', source, missing
            USING ERRCODE = 'undefined_column',
                  HINT = 'Give it every column of iotatrail.event, as IMPORT FOREIGN SCHEMA does.';
    END IF;
    RETURN format($q$
SELECT w.event_time,
    w.event_id,
    w.recipient_account_id,
    w.aws_region,
    w.principal,
    w.source_ip,
    v.detection_id,
    d.severity,
    d.technique_ids,
    v.detail
FROM (
%s) w
CROSS JOIN LATERAL (VALUES
%s) v(detection_id, detail)
JOIN iotatrail.detections d ON d.id = v.detection_id
WHERE v.detail IS NOT NULL
$q$, iotatrail_internal.findings_running_state(source),
        iotatrail_internal.findings_verdicts());
END
$fq$;
COMMENT ON FUNCTION iotatrail_internal.findings_query(regclass) IS
'internal to create_views and audit_report: the query of the findings view over a relation of iotatrail.event columns';

-- jsonb of a JSON text, NULL when it is not JSON (a policy document
-- CloudTrail logs as a string may be URL-encoded or cut)
CREATE FUNCTION iotatrail_internal.jsonb_or_null(document text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN document::jsonb;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION iotatrail_internal.jsonb_or_null(text) IS
'internal to the findings views: a JSON text as jsonb, NULL when it is not JSON (a policy document may be URL-encoded)';

-- The findings view of a schema over a relation (create_views calls it)
CREATE FUNCTION iotatrail_internal.create_findings_view(
    target_schema name, source regclass, limit_to text[] DEFAULT NULL, except_names text[] DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    IF NOT coalesce('findings' = ANY (limit_to), true) OR coalesce('findings' = ANY (except_names), false) THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE VIEW %I.findings AS %s', target_schema, iotatrail_internal.findings_query(source));
    EXECUTE format('COMMENT ON VIEW %I.findings IS %L', target_schema,
                   'one row per hit of a detection of iotatrail.detections; reads its relation once: a WHERE on event_time bounds the scan and the look-backs');
    FOR c IN SELECT * FROM (VALUES
            ('event_time', 'eventTime of the event that fired'),
            ('event_id', 'eventID of the event that fired'),
            ('recipient_account_id', 'recipientAccountId: the account that received the record'),
            ('aws_region', 'awsRegion'),
            ('principal', 'userIdentity.arn, else userIdentity.userName'),
            ('source_ip', 'sourceIPAddress as inet; NULL when it is a service name'),
            ('detection_id', 'the id of the detection in iotatrail.detections'),
            ('severity', 'low, medium or high'),
            ('technique_ids', 'MITRE ATT&CK technique ids (iotatrail.detections has their names)'),
            ('detail', 'the values that made it fire, in a line')) AS d(column_name, description) LOOP
        EXECUTE format('COMMENT ON COLUMN %I.findings.%I IS %L', target_schema, c.column_name, c.description);
    END LOOP;
    RETURN NEXT format('%I.findings', target_schema);
END
$$;
COMMENT ON FUNCTION iotatrail_internal.create_findings_view(name, regclass, text[], text[]) IS
'internal to create_views: makes and comments the findings view of a schema over a relation, unless limit_to leaves it out or except_names names it';

-- Text from the trail, safe in HTML text and attribute values
CREATE FUNCTION iotatrail_internal.html(value text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           coalesce($1, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION iotatrail_internal.html(text) IS
'internal to iotatrail.audit_report: text with & < > " and '' written as HTML character references (NULL as empty)';

-- One self-contained HTML page: the relation under the schema's findings
-- view is read once (into a temporary table) for the period, and every
-- section is computed from that copy
-- The sections of audit_report: each reads the temporary tables audit_report
-- fills, and returns its HTML

CREATE FUNCTION iotatrail_internal.report_head(report_schema name, src regclass)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
BEGIN
    RETURN format($h$<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>CloudTrail audit report: %1$s</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222; margin: 0; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%%; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f3f3f3; white-space: nowrap; } td.n, td.t { text-align: right; white-space: nowrap; } td.t { text-align: left; }
td.v { overflow-wrap: anywhere; }
.high { color: #fff; background: #c62828; } .medium { background: #ffb300; } .low { background: #cfe3f7; }
.sev { padding: 1px 6px; border-radius: 3px; font-weight: 600; white-space: nowrap; }
svg { max-width: 100%%; height: auto; display: block; } svg text { font-size: 11px; font-family: inherit; }
.legend span { display: inline-block; margin-right: 12px; font-size: 0.85em; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.note { color: #555; font-size: 0.9em; }
@media print { main { max-width: none; padding: 0; } body { font-size: 10pt; } section { break-inside: avoid-page; } h2 { break-after: avoid; } }
</style></head><body><main>
<h1>CloudTrail audit report</h1>
<p class="note">Schema <b>%1$s</b>, events from %2$s. Made by iotatrail %3$s on %4$s UTC. No script, no network: this file is all there is.</p>
$h$, iotatrail_internal.html(report_schema), iotatrail_internal.html(src::text),
        (SELECT extversion FROM pg_extension WHERE extname = 'iotatrail'),
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'));
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_head(name, regclass) IS
'internal to iotatrail.audit_report: the head of the page (title, styles) and what it reads';

CREATE FUNCTION iotatrail_internal.report_coverage(period_from timestamptz, period_to timestamptz, first_at timestamptz, last_at timestamptz, n_events bigint, day0 timestamptz, n_days int)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
BEGIN
    -- period, accounts, regions, gaps
    SELECT format($h$<section id="coverage"><h2>Period and coverage</h2><table>
<tr><th>Period asked</th><td>%s to %s</td></tr>
<tr><th>Events read</th><td data-events="%s">%s, from %s to %s</td></tr>
<tr><th>Accounts</th><td>%s</td></tr>
<tr><th>Regions</th><td>%s</td></tr>
<tr><th>Event sources</th><td>%s</td></tr>
<tr><th>Days without events</th><td>%s</td></tr>
</table><p class="note">Days without events may be quiet days or missing log files: iotatrail.verify_digests checks the trail against CloudTrail's digests.</p></section>
$h$,
        coalesce(to_char(period_from AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), 'the start'),
        coalesce(to_char(period_to AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), 'the end'),
        n_events, n_events,
        coalesce(to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '-'),
        coalesce(to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '-'),
        coalesce((SELECT string_agg(iotatrail_internal.html(a) || ' (' || n || ')', ', ' ORDER BY a)
                    FROM (SELECT recipient_account_id a, count(*) n FROM pg_temp.iotatrail_report_events GROUP BY 1) x), '-'),
        coalesce((SELECT string_agg(iotatrail_internal.html(a) || ' (' || n || ')', ', ' ORDER BY a)
                    FROM (SELECT aws_region a, count(*) n FROM pg_temp.iotatrail_report_events GROUP BY 1) x), '-'),
        coalesce((SELECT string_agg(iotatrail_internal.html(a) || ' (' || n || ')', ', ' ORDER BY n DESC, a)
                    FROM (SELECT event_source a, count(*) n FROM pg_temp.iotatrail_report_events GROUP BY 1) x), '-'),
        coalesce((SELECT string_agg(to_char(d, 'YYYY-MM-DD'), ', ' ORDER BY d)
                    FROM (SELECT (day0 AT TIME ZONE 'UTC')::date + i AS d FROM generate_series(0, n_days - 1) i
                           WHERE first_at IS NOT NULL
                          EXCEPT SELECT DISTINCT (event_time AT TIME ZONE 'UTC')::date FROM pg_temp.iotatrail_report_events) x), 'none'))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_coverage(timestamptz, timestamptz, timestamptz, timestamptz, bigint, timestamptz, int) IS
'internal to iotatrail.audit_report: the period, accounts, regions, event sources and days without events';

CREATE FUNCTION iotatrail_internal.report_actions(day0 timestamptz, n_days int)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
    palette constant text[] := '{#1f77b4,#ff7f0e,#2ca02c,#d62728,#9467bd,#8c564b,#e377c2,#7f7f7f,#bcbd22,#17becf}';
BEGIN
    -- events per day by IoT Analytics action: stacked bars, the nine
    -- busiest actions and the rest
    WITH ranked AS (
        SELECT event_name, row_number() OVER (ORDER BY count(*) DESC, event_name) AS rk
          FROM pg_temp.iotatrail_report_events WHERE event_source = 'iotanalytics.amazonaws.com' GROUP BY 1),
    per AS (
        SELECT ((e.event_time AT TIME ZONE 'UTC')::date - (day0 AT TIME ZONE 'UTC')::date) AS i,
               least(r.rk, 10) AS k,
               CASE WHEN r.rk < 10 THEN r.event_name ELSE 'other actions' END AS label,
               count(*) AS n
          FROM pg_temp.iotatrail_report_events e JOIN ranked r USING (event_name)
         WHERE e.event_source = 'iotanalytics.amazonaws.com'
         GROUP BY 1, 2, 3),
    stacked AS (
        SELECT *, sum(n) OVER (PARTITION BY i ORDER BY k) AS top FROM per)
    SELECT format($h$<section id="actions"><h2>IoT Analytics events per day, by action</h2>
%s
<div class="legend">%s</div></section>
$h$,
        iotatrail_internal.svg_day_bars('chart-actions', 'IoT Analytics events per day by action', 300, 250, day0, n_days,
            (SELECT jsonb_agg(jsonb_build_object('i', i, 'top', top, 'n', n, 'fill', palette[k],
                                                 'title', format('%s %s: %s',
                                                                 to_char((day0 AT TIME ZONE 'UTC') + i * interval '24 hours', 'YYYY-MM-DD'),
                                                                 label, n))
                              ORDER BY i, k)
               FROM stacked)),
        coalesce((SELECT string_agg(format('<span><i style="background:%s"></i>%s</span>', palette[k],
                                           iotatrail_internal.html(label)), ' ' ORDER BY k)
                    FROM (SELECT DISTINCT k, label FROM per) l), '<span>no IoT Analytics events</span>'))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_actions(timestamptz, int) IS
'internal to iotatrail.audit_report: the chart of IoT Analytics events per day by action';

CREATE FUNCTION iotatrail_internal.report_failures(day0 timestamptz, n_days int)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
BEGIN
    -- failed calls per day, every service the relation holds
    SELECT format($h$<section id="failures"><h2>Failed calls per day</h2>
%s
<table><tr><th>Error code</th><th>Calls</th><th>Principals</th></tr>%s</table></section>
$h$,
        iotatrail_internal.svg_day_bars('chart-failures', 'failed calls per day', 220, 180, day0, n_days,
            (SELECT jsonb_agg(jsonb_build_object('i', i, 'top', n, 'n', n, 'fill', '#c62828',
                                                 'title', format('%s: %s failed',
                                                                 to_char((day0 AT TIME ZONE 'UTC') + i * interval '24 hours', 'YYYY-MM-DD'), n))
                              ORDER BY i)
               FROM (SELECT ((event_time AT TIME ZONE 'UTC')::date - (day0 AT TIME ZONE 'UTC')::date) AS i, count(*) AS n
                       FROM pg_temp.iotatrail_report_events WHERE error_code IS NOT NULL GROUP BY 1) x)),
        coalesce((SELECT string_agg(format('<tr><td>%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                           iotatrail_internal.html(error_code), n, p), '' ORDER BY n DESC, error_code)
                    FROM (SELECT error_code, count(*) n, count(DISTINCT principal_arn) p FROM pg_temp.iotatrail_report_events
                           WHERE error_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15) x),
                 '<tr><td colspan="3">no failed calls</td></tr>'))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_failures(timestamptz, int) IS
'internal to iotatrail.audit_report: the chart of failed calls per day and their error codes';

CREATE FUNCTION iotatrail_internal.report_lifecycle(first_at timestamptz, last_at timestamptz)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
    n_resources int;
    lifecycle_cap constant int := 150;
BEGIN
    -- the lifecycle of each IoT Analytics resource: its successful
    -- creates, updates and deletes on the period's time axis
    CREATE TEMPORARY TABLE iotatrail_report_changes ON COMMIT DROP AS
    SELECT a.resource_type, e.aws_region, e.recipient_account_id,
           coalesce(e.request_parameters ->> av.name_member, e.response_elements ->> av.name_member) AS resource_name,
           a.verb, e.event_time
      FROM pg_temp.iotatrail_report_events e
      JOIN iotanalytics.actions a ON a.action = e.event_name
      JOIN iotatrail.action_views av ON av.action = e.event_name
     WHERE e.event_source = 'iotanalytics.amazonaws.com' AND e.error_code IS NULL
       AND a.verb IN ('create', 'update', 'delete') AND a.resource_type IN ('channel', 'datastore', 'dataset', 'pipeline')
       AND coalesce(e.request_parameters ->> av.name_member, e.response_elements ->> av.name_member) IS NOT NULL;
    SELECT count(*) INTO n_resources
      FROM (SELECT DISTINCT resource_type, aws_region, recipient_account_id, resource_name FROM pg_temp.iotatrail_report_changes) x;
    WITH res AS (
        SELECT resource_type, aws_region, recipient_account_id, resource_name,
               min(event_time) AS since, max(event_time) FILTER (WHERE verb = 'delete') AS deleted,
               row_number() OVER (ORDER BY min(event_time), resource_type, resource_name, aws_region, recipient_account_id) - 1 AS row_no
          FROM pg_temp.iotatrail_report_changes
         GROUP BY 1, 2, 3, 4),
    span AS (SELECT coalesce(first_at, now()) AS t0,
                    greatest(extract(epoch FROM coalesce(last_at, now()) - coalesce(first_at, now())), 1) AS secs)
    SELECT format($h$<section id="lifecycle"><h2>Lifecycle of IoT Analytics resources</h2>
<p class="note">%1$s resources changed in the period%2$s. <span style="color:#2ca02c">&#9679; created</span> <span style="color:#1f77b4">&#9670; updated</span> <span style="color:#c62828">&#10006; deleted</span></p>
<svg id="chart-lifecycle" class="chart" xmlns="http://www.w3.org/2000/svg" width="1160" height="%3$s" viewBox="0 0 1160 %3$s" role="img" aria-label="resource lifecycle" data-resources="%1$s">
<text x="330" y="14">%4$s</text><text x="1150" y="14" text-anchor="end">%5$s</text>
%6$s</svg></section>
$h$, n_resources,
        CASE WHEN n_resources > lifecycle_cap THEN format(' (the first %s shown)', lifecycle_cap) ELSE '' END,
        40 + 18 * least(greatest(n_resources, 1), lifecycle_cap),
        coalesce(to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ''),
        coalesce(to_char(last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ''),
        coalesce((SELECT string_agg(format(
                    '<g class="resource" data-type="%s"><title>%s %s (%s, %s)</title><text x="4" y="%s">%s</text><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#999" stroke-width="2"/>%s</g>',
                    iotatrail_internal.html(r.resource_type),
                    iotatrail_internal.html(r.resource_type), iotatrail_internal.html(r.resource_name),
                    iotatrail_internal.html(r.aws_region), iotatrail_internal.html(r.recipient_account_id),
                    34 + 18 * r.row_no,
                    iotatrail_internal.html(left(r.resource_type || ' ' || r.resource_name, 40) || ' (' || r.aws_region || ')'),
                    round(330 + 820 * extract(epoch FROM r.since - s.t0) / s.secs, 1), 30 + 18 * r.row_no,
                    round(330 + 820 * extract(epoch FROM coalesce(r.deleted, last_at, r.since) - s.t0) / s.secs, 1), 30 + 18 * r.row_no,
                    (SELECT string_agg(CASE c.verb
                              WHEN 'create' THEN format('<circle cx="%s" cy="%s" r="5" fill="#2ca02c"/>', x, y)
                              WHEN 'update' THEN format('<path d="M%s %s l5 5 l-5 5 l-5 -5 z" fill="#1f77b4"/>', x, y - 5)
                              ELSE format('<path d="M%s %s l8 8 m0 -8 l-8 8" stroke="#c62828" stroke-width="2.5"/>', x - 4, y - 4)
                            END, '' ORDER BY c.x, array_position('{create,update,delete}'::text[], c.verb))
                       -- one marker of a kind per pixel: a resource updated
                       -- thousands of times stays a small page
                       FROM (SELECT DISTINCT c.verb,
                                    round(330 + 820 * extract(epoch FROM c.event_time - s.t0) / s.secs) AS x,
                                    30 + 18 * r.row_no AS y
                               FROM pg_temp.iotatrail_report_changes c
                              WHERE (c.resource_type, c.aws_region, c.recipient_account_id, c.resource_name)
                                    = (r.resource_type, r.aws_region, r.recipient_account_id, r.resource_name)) c)),
                    E'\n' ORDER BY r.row_no)
                    FROM res r, span s WHERE r.row_no < lifecycle_cap), '<text x="4" y="34">no resource was created, updated or deleted</text>'))
      INTO part;
    DROP TABLE pg_temp.iotatrail_report_changes;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_lifecycle(timestamptz, timestamptz) IS
'internal to iotatrail.audit_report: the lifecycle chart of the IoT Analytics resources';

CREATE FUNCTION iotatrail_internal.report_people()
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
BEGIN
    -- who and from where
    SELECT format($h$<section id="principals"><h2>Top principals</h2>
<table><tr><th>Principal</th><th>Kind</th><th>Calls</th><th>Failed</th><th>First</th><th>Last</th></tr>%s</table>
<h2>Top source IPs</h2>
<table><tr><th>Source IP or service</th><th>Calls</th><th>Failed</th><th>Principals</th></tr>%s</table>
<h2>Top user agents</h2>
<table><tr><th>User agent</th><th>Calls</th></tr>%s</table></section>
$h$,
        coalesce((SELECT string_agg(format('<tr class="principal"><td class="v">%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td><td>%s</td><td>%s</td></tr>',
                                           iotatrail_internal.html(p), iotatrail_internal.html(k), n, f,
                                           to_char(t0 AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
                                           to_char(t1 AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')), '' ORDER BY n DESC, p)
                    FROM (SELECT coalesce(principal_arn, user_name, '(none)') p, string_agg(DISTINCT identity_kind, ', ') k,
                                 count(*) n, count(error_code) f, min(event_time) t0, max(event_time) t1
                            FROM pg_temp.iotatrail_report_events GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 20) x), ''),
        coalesce((SELECT string_agg(format('<tr class="source-ip"><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                           iotatrail_internal.html(ip), n, f, p), '' ORDER BY n DESC, ip)
                    FROM (SELECT coalesce(source_ip_address, '(none)') ip, count(*) n, count(error_code) f,
                                 count(DISTINCT coalesce(principal_arn, user_name)) p
                            FROM pg_temp.iotatrail_report_events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20) x), ''),
        coalesce((SELECT string_agg(format('<tr class="user-agent"><td class="v">%s</td><td class="n">%s</td></tr>',
                                           iotatrail_internal.html(ua), n), '' ORDER BY n DESC, ua)
                    FROM (SELECT coalesce(user_agent, '(none)') ua, count(*) n
                            FROM pg_temp.iotatrail_report_events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10) x), ''))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_people() IS
'internal to iotatrail.audit_report: the top principals, source IPs and user agents';

CREATE FUNCTION iotatrail_internal.report_findings()
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $section$
DECLARE
    part text;
    n_findings bigint := (SELECT count(*) FROM pg_temp.iotatrail_report_findings);
    list_cap constant int := 500;
BEGIN
    -- findings by severity, with their techniques, then each finding
    SELECT format($h$<section id="findings" data-findings="%s"><h2>Findings by severity</h2>
<table id="findings-summary"><tr><th>Severity</th><th>Detection</th><th>MITRE ATT&amp;CK techniques</th><th>Findings</th><th>Check next</th></tr>%s</table>
<h2>Findings</h2>%s
<table id="findings-list"><tr><th>Time (UTC)</th><th>Severity</th><th>Detection</th><th>Principal</th><th>Source IP</th><th>Account, region</th><th>Detail</th></tr>%s</table></section>
$h$, n_findings,
        coalesce((SELECT string_agg(format('<tr class="detection" data-detection="%s" data-count="%s"><td><span class="sev %s">%s</span></td><td><b>%s</b><br>%s</td><td>%s</td><td class="n">%s</td><td>%s</td></tr>',
                                           d.id, x.n, d.severity, d.severity, d.id, iotatrail_internal.html(d.title),
                                           (SELECT string_agg(iotatrail_internal.html(t || ' ' || nm), '<br>' ORDER BY o)
                                              FROM unnest(d.technique_ids, d.technique_names) WITH ORDINALITY u(t, nm, o)),
                                           x.n, iotatrail_internal.html(d.check_next)),
                                    '' ORDER BY array_position('{high,medium,low}'::text[], d.severity), x.n DESC, d.id)
                    FROM (SELECT detection_id, count(*) n FROM pg_temp.iotatrail_report_findings GROUP BY 1) x
                    JOIN iotatrail.detections d ON d.id = x.detection_id),
                 '<tr><td colspan="5">no findings</td></tr>'),
        CASE WHEN n_findings > list_cap THEN format('<p class="note">The first %s of %s findings, most severe first; the findings view has them all.</p>', list_cap, n_findings) ELSE '' END,
        coalesce((SELECT string_agg(format('<tr class="finding" data-detection="%s"><td class="t">%s</td><td><span class="sev %s">%s</span></td><td>%s</td><td class="v">%s</td><td>%s</td><td>%s %s</td><td class="v">%s</td></tr>',
                                           f.detection_id, to_char(f.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
                                           f.severity, f.severity, f.detection_id, iotatrail_internal.html(f.principal),
                                           iotatrail_internal.html(host(f.source_ip)), iotatrail_internal.html(f.recipient_account_id),
                                           iotatrail_internal.html(f.aws_region), iotatrail_internal.html(f.detail)),
                                    '' ORDER BY f.o)
                    FROM (SELECT *, row_number() OVER (ORDER BY array_position('{high,medium,low}'::text[], severity), event_time, detection_id) o
                            FROM pg_temp.iotatrail_report_findings) f WHERE f.o <= list_cap), ''))
      INTO part;
    RETURN part;
END
$section$;
COMMENT ON FUNCTION iotatrail_internal.report_findings() IS
'internal to iotatrail.audit_report: the findings by severity with their techniques, and the findings';

-- The events relation a schema's findings view reads, for audit_report
CREATE FUNCTION iotatrail_internal.report_source(schema name)
RETURNS regclass
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $rs$
DECLARE
    fv regclass := to_regclass(format('%I.findings', report_source.schema));
    src regclass;
    n_src int;
BEGIN
    IF fv IS NULL THEN
        RAISE EXCEPTION 'schema "%" has no findings view', report_source.schema
            USING ERRCODE = 'undefined_table',
                  HINT = 'IMPORT FOREIGN SCHEMA and iotatrail.create_views make it.';
    END IF;
    SELECT count(DISTINCT d.refobjid), min(d.refobjid::regclass::text)::regclass INTO n_src, src
      FROM pg_rewrite r
      JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                      AND d.refclassid = 'pg_class'::regclass
     WHERE r.ev_class = fv AND d.refobjid NOT IN (fv, 'iotatrail.detections'::regclass);
    IF n_src <> 1 THEN
        RAISE EXCEPTION 'view %.findings does not read one events relation', report_source.schema
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Drop it and make it again with iotatrail.create_views.';
    END IF;
    RETURN src;
END
$rs$;
COMMENT ON FUNCTION iotatrail_internal.report_source(name) IS
'internal to iotatrail.audit_report: the one events relation the findings view of a schema reads';

CREATE FUNCTION iotatrail.audit_report(
    schema name,
    "from" timestamptz DEFAULT NULL,
    "to" timestamptz DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $report$
DECLARE
    src regclass := iotatrail_internal.report_source(audit_report.schema);
    bounds text := '';
    first_at timestamptz;
    last_at timestamptz;
    n_events bigint;
    n_days int;
    day0 timestamptz;
    html text;
BEGIN
    IF audit_report."from" > audit_report."to" THEN
        RAISE EXCEPTION 'the report period ends before it starts'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- the one read: the bounds are literals, so a foreign scan is pruned
    IF audit_report."from" IS NOT NULL THEN
        bounds := format(' AND event_time >= %L::timestamptz', audit_report."from");
    END IF;
    IF audit_report."to" IS NOT NULL THEN
        bounds := bounds || format(' AND event_time < %L::timestamptz', audit_report."to");
    END IF;
    -- left by a call that failed earlier in this transaction's savepoints
    IF to_regclass('pg_temp.iotatrail_report_events') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_report_events;
    END IF;
    IF to_regclass('pg_temp.iotatrail_report_findings') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_report_findings;
    END IF;
    IF to_regclass('pg_temp.iotatrail_report_changes') IS NOT NULL THEN
        DROP TABLE pg_temp.iotatrail_report_changes;
    END IF;
    EXECUTE format('CREATE TEMPORARY TABLE iotatrail_report_events AS
        SELECT event_time, event_id, event_source, event_name, aws_region, recipient_account_id, principal_arn,
               identity_kind, user_name, source_ip, source_ip_address, user_agent, error_code,
               request_parameters, response_elements, additional_event_data
          FROM %s WHERE event_time IS NOT NULL%s', src, bounds);
    EXECUTE 'CREATE TEMPORARY TABLE iotatrail_report_findings AS '
            || iotatrail_internal.findings_query('pg_temp.iotatrail_report_events'::regclass);

    SELECT min(event_time), max(event_time), count(*) INTO first_at, last_at, n_events
      FROM pg_temp.iotatrail_report_events;
    day0 := date_trunc('day', coalesce(first_at, now()), 'UTC');
    n_days := greatest(1, (coalesce(last_at, now()) AT TIME ZONE 'UTC')::date - (day0 AT TIME ZONE 'UTC')::date + 1);

    html := iotatrail_internal.report_head(audit_report.schema, src)
        || iotatrail_internal.report_coverage(audit_report."from", audit_report."to", first_at, last_at, n_events, day0, n_days)
        || iotatrail_internal.report_actions(day0, n_days)
        || iotatrail_internal.report_failures(day0, n_days)
        || iotatrail_internal.report_lifecycle(first_at, last_at)
        || iotatrail_internal.report_people()
        || iotatrail_internal.report_findings()
        || E'</main></body></html>\n';

    DROP TABLE pg_temp.iotatrail_report_events, pg_temp.iotatrail_report_findings;
    RETURN html;
END
$report$;

COMMENT ON FUNCTION iotatrail.audit_report(name, timestamptz, timestamptz) IS
'one self-contained HTML page (no script, no network) on the events under a schema''s findings view, from "from" (inclusive) to "to" (exclusive): period, accounts, regions, days without events, charts of IoT Analytics events and failed calls per day and of each resource''s lifecycle, top principals, source IPs and user agents, and the findings with their MITRE ATT&CK techniques';

-- Day labels under a chart: about ten, evenly spaced
CREATE FUNCTION iotatrail_internal.day_ticks(day0 timestamptz, n_days int, left_m int, plot_w int, y int)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.string_agg(pg_catalog.format('<text x="%s" y="%s" text-anchor="middle">%s</text>',
                                               pg_catalog.round($3 + (i + 0.5) * $4::numeric / $2, 1), $5,
                                               pg_catalog.to_char($1 AT TIME ZONE 'UTC' + i * interval '24 hours', 'YYYY-MM-DD')), '')
  FROM pg_catalog.generate_series(0, $2 - 1, greatest(1, pg_catalog.ceil($2 / 10.0)::int)) i
$$;
COMMENT ON FUNCTION iotatrail_internal.day_ticks(timestamptz, int, int, int, int) IS
'internal to iotatrail.audit_report: the date labels of a chart''s day axis';

-- A bar chart over the report's days: axes, the scale's top, one bar per
-- element of bars ({i: day, top: where the bar ends, n: its height, both
-- in events; fill; title}, stacked bars end at their running total), and
-- the day labels.  The plot is 1040 px wide, from y = 20 down to the axis
-- at y = base.
CREATE FUNCTION iotatrail_internal.svg_day_bars(chart_id text, aria text, height int, base int,
                                                day0 timestamptz, n_days int, bars jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.format($h$<svg id="%1$s" class="chart" xmlns="http://www.w3.org/2000/svg" width="1160" height="%2$s" viewBox="0 0 1160 %2$s" role="img" aria-label="%3$s">
<line x1="70" y1="%4$s" x2="1110" y2="%4$s" stroke="#444"/><line x1="70" y1="20" x2="70" y2="%4$s" stroke="#444"/>
<text x="66" y="24" text-anchor="end">%5$s</text><text x="66" y="%4$s" text-anchor="end">0</text>
%6$s%7$s</svg>$h$,
    chart_id, height, iotatrail_internal.html(aria), base, s.ymax,
    coalesce((SELECT pg_catalog.string_agg(
                  pg_catalog.format('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>',
                                    pg_catalog.round(70 + (b->>'i')::int * s.bar_w + s.bar_w * 0.1, 2),
                                    pg_catalog.round(base - (base - 20)::numeric * (b->>'top')::bigint / s.ymax, 2),
                                    pg_catalog.round(greatest(s.bar_w * 0.8, 0.5), 2),
                                    pg_catalog.round((base - 20)::numeric * (b->>'n')::bigint / s.ymax, 2),
                                    b->>'fill', iotatrail_internal.html(b->>'title')), E'\n' ORDER BY o)
                FROM pg_catalog.jsonb_array_elements(bars) WITH ORDINALITY AS e(b, o)), ''),
    iotatrail_internal.day_ticks(day0, n_days, 70, 1040, base + 16))
  FROM (SELECT 1040::numeric / n_days AS bar_w,
               coalesce((SELECT pg_catalog.max((b->>'top')::bigint) FROM pg_catalog.jsonb_array_elements(bars) b), 0) AS ymax) s
$$;
COMMENT ON FUNCTION iotatrail_internal.svg_day_bars(text, text, int, int, timestamptz, int, jsonb) IS
'internal to iotatrail.audit_report: a bar chart of events per day, as inline SVG';

CREATE OR REPLACE FUNCTION iotatrail.create_views(
    target_schema name,
    source regclass,
    limit_to text[] DEFAULT NULL,
    except_names text[] DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v record;
    c record;
    cols text;
    n text;
BEGIN
    SELECT string_agg(need, ', ' ORDER BY need) INTO n
      FROM (SELECT DISTINCT column_name AS need FROM iotatrail.action_view_columns WHERE origin = 'event'
            UNION SELECT unnest('{event_source,event_name,error_code}'::text[])) needed
     WHERE NOT EXISTS (SELECT FROM pg_attribute
                        WHERE attrelid = source AND attname = need AND attnum > 0 AND NOT attisdropped)
       AND need <> 'succeeded';
    IF n IS NOT NULL THEN
        RAISE EXCEPTION 'relation % lacks columns the views read: %', source, n
            USING ERRCODE = 'undefined_column',
                  HINT = 'Give it every column of iotatrail.event, as IMPORT FOREIGN SCHEMA does.';
    END IF;

    FOREACH n IN ARRAY coalesce(limit_to, '{}') || coalesce(except_names, '{}') LOOP
        IF n NOT IN ('events', 'resource_activity', 'findings')
           AND NOT EXISTS (SELECT FROM iotatrail.action_views WHERE view_name = n) THEN
            RAISE WARNING 'iotatrail has no view named "%"', n
                USING HINT = 'The views are resource_activity, findings and the view_name values of iotanalytics.actions.';
        END IF;
    END LOOP;

    FOR v IN SELECT av.*, a.description
               FROM iotatrail.action_views av JOIN iotanalytics.actions a USING (action)
              ORDER BY av.view_name LOOP
        CONTINUE WHEN limit_to IS NOT NULL AND NOT v.view_name = ANY (limit_to);
        CONTINUE WHEN except_names IS NOT NULL AND v.view_name = ANY (except_names);

        SELECT string_agg(format('%s AS %I', expression, column_name), E',\n    '
                          ORDER BY column_position)
          INTO cols
          FROM iotatrail.action_view_columns
         WHERE view_name = v.view_name;
        EXECUTE format(E'CREATE VIEW %I.%I AS\nSELECT %s\nFROM %s e\nWHERE e.event_source = %L AND e.event_name = %L',
                       target_schema, v.view_name, cols, source, v.event_source, v.action);
        EXECUTE format('COMMENT ON VIEW %I.%I IS %L', target_schema, v.view_name,
                       format('%s events: %s', v.action, v.description));
        FOR c IN SELECT avc.column_name, coalesce(avc.description, ec.description) AS description
                   FROM iotatrail.action_view_columns avc
                   LEFT JOIN iotatrail.event_columns() ec USING (column_name)
                  WHERE avc.view_name = v.view_name LOOP
            EXECUTE format('COMMENT ON COLUMN %I.%I.%I IS %L',
                           target_schema, v.view_name, c.column_name, c.description);
        END LOOP;
        RETURN NEXT format('%I.%I', target_schema, v.view_name);
    END LOOP;

    IF (limit_to IS NULL OR 'resource_activity' = ANY (limit_to))
       AND (except_names IS NULL OR NOT 'resource_activity' = ANY (except_names)) THEN
        PERFORM iotatrail_internal.create_resource_activity_view(target_schema, source);
        RETURN NEXT format('%I.resource_activity', target_schema);
    END IF;
    RETURN QUERY SELECT * FROM iotatrail_internal.create_findings_view(target_schema, source, limit_to, except_names);
END
$$;

COMMENT ON FUNCTION iotatrail.create_views(name, regclass, text[], text[]) IS
'create in a schema the view of every IoT Analytics action, resource_activity and findings over a relation of iotatrail.event columns (a foreign table, or a table events are stored in); returns the views made';

-- resource_activity over source in target_schema, with its comments: one
-- row per IoT Analytics call, the resource it touched and how
CREATE OR REPLACE FUNCTION iotatrail_internal.create_resource_activity_view(
    target_schema name, source regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    EXECUTE format($view$
CREATE VIEW %I.resource_activity AS
SELECT e.event_time,
    e.event_id,
    e.event_name AS action,
    a.verb,
    coalesce(a.resource_type,
             substring(r.logged_arn FROM '^arn:[^:]*:iotanalytics:[^:]*:[^:]*:([a-z_]+)/')) AS resource_type,
    coalesce(r.logged_name,
             substring(r.logged_arn FROM '^arn:[^:]*:iotanalytics:[^:]*:[^:]*:[a-z_]+/(.+)$')) AS resource_name,
    coalesce(r.logged_arn,
             CASE WHEN r.logged_name IS NOT NULL AND av.arn_resource_type IS NOT NULL
                  THEN format('arn:%%s:iotanalytics:%%s:%%s:%%s/%%s',
                              CASE WHEN e.aws_region LIKE 'cn-%%' THEN 'aws-cn'
                                   WHEN e.aws_region LIKE 'us-gov-%%' THEN 'aws-us-gov'
                                   ELSE 'aws' END,
                              e.aws_region, e.recipient_account_id, av.arn_resource_type, r.logged_name)
             END) AS resource_arn,
    e.aws_region,
    e.recipient_account_id,
    e.identity_kind,
    e.principal_arn,
    e.source_ip,
    e.error_code IS NULL AS succeeded,
    e.error_code
FROM %s e
LEFT JOIN iotanalytics.actions a ON a.action = e.event_name
LEFT JOIN iotatrail.action_views av ON av.action = e.event_name
CROSS JOIN LATERAL (
    SELECT coalesce(iotatrail.json_text(e.request_parameters -> av.name_member),
                    iotatrail.json_text(e.response_elements -> av.name_member),
                    iotatrail.json_text(e.response_elements -> av.resource_member -> 'name')) AS logged_name,
           coalesce(iotatrail.json_text(e.response_elements -> av.arn_member),
                    iotatrail.json_text(e.response_elements -> av.resource_member -> 'arn'),
                    iotatrail.json_text(e.request_parameters -> 'resourceArn')) AS logged_arn
) r
WHERE e.event_source = 'iotanalytics.amazonaws.com'
$view$, target_schema, source);
    EXECUTE format('COMMENT ON VIEW %I.resource_activity IS %L', target_schema,
                   'one row per IoT Analytics call: which resource it touched and how; join your inventory on resource_arn');
    FOR c IN SELECT * FROM iotatrail_internal.resource_activity_comments() LOOP
        EXECUTE format('COMMENT ON COLUMN %I.resource_activity.%I IS %L',
                       target_schema, c.column_name, c.description);
    END LOOP;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.create_resource_activity_view(name, regclass) IS
'internal to iotatrail.create_views: makes the resource_activity view over a relation of iotatrail.event columns, with its comments';

-- The comments of resource_activity's columns
CREATE OR REPLACE FUNCTION iotatrail_internal.resource_activity_comments(
    OUT column_name text, OUT description text)
RETURNS SETOF record
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT * FROM (VALUES
    ('action', 'eventName'),
    ('verb', 'create, read, update, delete, list or run (iotanalytics.actions)'),
    ('resource_type', 'channel, dataset, datastore, pipeline, logging_options or dataset_content'),
    ('resource_name', 'the resource''s name from the request or response; NULL for list calls and logging options'),
    ('resource_arn', 'the ARN from the response, or arn:<partition>:iotanalytics:<region>:<account>:<type>/<name> built from the name (dataset content belongs to its dataset''s ARN)'),
    ('succeeded', 'true when the call succeeded (no errorCode in the record)')) AS d(column_name, description)
UNION ALL
SELECT e.column_name, e.description FROM iotatrail.event_columns() e
 WHERE e.column_name IN ('event_time', 'event_id', 'aws_region', 'recipient_account_id',
                         'identity_kind', 'principal_arn', 'source_ip', 'error_code')
$$;

COMMENT ON FUNCTION iotatrail_internal.resource_activity_comments() IS
'internal to create_views and views_ddl: the comment of each column of resource_activity';

CREATE OR REPLACE PROCEDURE iotatrail.sync_and_create_views(
    source regclass,
    target text,
    views_schema name DEFAULT NULL,
    batch_objects int DEFAULT 50)
LANGUAGE plpgsql
AS $sync_views$
DECLARE
    -- named in the caller's terms: resolved before the path is pinned
    target_oid regclass := pg_catalog.to_regclass(sync_and_create_views.target);
    caller_schema name := pg_catalog.current_schema();
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
    SELECT * INTO qualified, tschema, tname
      FROM iotatrail_internal.sync_views_target(sync_and_create_views.target, target_oid, caller_schema);
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
            UNION ALL SELECT 'resource_activity' UNION ALL SELECT 'findings') v
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
                         UNION ALL SELECT 'resource_activity' UNION ALL SELECT 'findings');
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

COMMENT ON PROCEDURE iotatrail.sync_and_create_views(regclass, text, name, int) IS
'iotatrail.sync of a foreign table into a stored table, then the per-action views, resource_activity and findings over that table in views_schema (the table''s schema by default; views already there are kept), and ANALYZE after a run that loaded rows: the tables BI tools read';

-- sync_and_create_views' target, schema-qualified, with its schema and
-- name: an existing table by its OID, a name without a schema in the
-- caller's current schema.  Anything else goes to sync as given, which
-- says what is wrong with it.
CREATE OR REPLACE FUNCTION iotatrail_internal.sync_views_target(
    target text, target_oid regclass, caller_schema name,
    OUT qualified text, OUT tschema name, OUT tname name)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tparts text[];
BEGIN
    qualified := sync_views_target.target;
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
    END IF;
END
$$;

COMMENT ON FUNCTION iotatrail_internal.sync_views_target(text, regclass, name) IS
'internal to iotatrail.sync_and_create_views: its target as sync is given it, schema-qualified, with schema and name';

SELECT count(*) FROM iotatrail.create_views('iotanalytics', 'iotanalytics.events', '{findings}');
GRANT SELECT ON iotanalytics.findings TO PUBLIC;

-- Issue 30 (architecture, step two).  The options of the wrapper come
-- from one table in the C code; iotatrail.fdw_options() shows it.
CREATE FUNCTION iotatrail.fdw_options(
    OUT option text, OUT valid_in text[], OUT type text,
    OUT default_value text, OUT secret boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iotatrail_fdw_options'
LANGUAGE C STABLE STRICT;

COMMENT ON FUNCTION iotatrail.fdw_options() IS
'every option of the iotatrail foreign-data wrapper, from the table the validator reads: where it may be given (server, user mapping, foreign table, function argument), its type, its default, and whether it is a credential (valid only in a user mapping, never shown)';

-- Issue 31 (the stored trail).  A target iotatrail.sync creates keeps
-- record_rest, only what no column gives back, in the place of record;
-- iotatrail.stored_record() rebuilds the record; its jsonb values are
-- compressed in the row.  A target made before keeps record and is synced
-- as before until iotatrail.sync_convert_target converts it.  The steps
-- whose arguments or results changed are dropped and made again.
DROP FUNCTION iotatrail_internal.sync_prepare_target(regclass, regclass, name, name);
DROP FUNCTION iotatrail_internal.sync_load_batch(text[], text, text, text, text);

-- The stored shape of an event (new in 0.3.0, issue 31): a table that
-- iotatrail.sync fills keeps the typed and jsonb columns, and in place of
-- the whole record only record_rest, the top-level members of the record
-- that no column gives back exactly.  iotatrail.stored_record() rebuilds
-- the record, equal (jsonb =) to the one read_events gives.

-- What a stored table keeps of a record: record_rest(record, columns...)
-- gives the top-level members of the record that its columns do not give
-- back equal (src/stored_record.c writes each column back as CloudTrail
-- writes its member: eventTime as 2024-05-01T12:00:00Z, eventID in small
-- letters, sessionCredentialFromConsole as a string, tlsDetails from its
-- four columns, a jsonb column as it is; a member written otherwise --
-- another JSON type, fractions of seconds, capitals, a null -- stays in the
-- rest), and record_rebuild(rest, columns...) gives the record back.  When a
-- column gives a member the record has not, the rest is [record], the
-- record whole.
CREATE FUNCTION iotatrail_internal.record_rest(
    record jsonb,
    event_time timestamptz, event_version text, event_source text, event_name text,
    aws_region text, source_ip_address text, user_agent text, request_id text, event_id uuid,
    event_type text, event_category text, api_version text, read_only boolean,
    management_event boolean, recipient_account_id text, shared_event_id text,
    vpc_endpoint_id text, vpc_endpoint_account_id text, error_code text, error_message text,
    session_credential_from_console boolean, tls_version text, cipher_suite text,
    client_provided_host_header text, tls_key_exchange text, user_identity jsonb,
    request_parameters jsonb, response_elements jsonb, additional_event_data jsonb,
    resources jsonb, service_event_details jsonb, addendum jsonb, edge_device_details jsonb,
    insight_details jsonb, event_context jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_record_rest'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION iotatrail_internal.record_rebuild(
    rest jsonb,
    event_time timestamptz, event_version text, event_source text, event_name text,
    aws_region text, source_ip_address text, user_agent text, request_id text, event_id uuid,
    event_type text, event_category text, api_version text, read_only boolean,
    management_event boolean, recipient_account_id text, shared_event_id text,
    vpc_endpoint_id text, vpc_endpoint_account_id text, error_code text, error_message text,
    session_credential_from_console boolean, tls_version text, cipher_suite text,
    client_provided_host_header text, tls_key_exchange text, user_identity jsonb,
    request_parameters jsonb, response_elements jsonb, additional_event_data jsonb,
    resources jsonb, service_event_details jsonb, addendum jsonb, edge_device_details jsonb,
    insight_details jsonb, event_context jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_record_rebuild'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- A jsonb value compressed in place (lz4, else pglz): a stored row is far
-- below the 2 kB at which PostgreSQL compresses, so sync hands its jsonb
-- values over compressed
CREATE FUNCTION iotatrail_internal.stored_compress(value jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'iotatrail_stored_compress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- What sync stores in record_rest for a row of read_events' columns (the
-- column list of the select that loads a stored table, by name)
CREATE FUNCTION iotatrail_internal.record_rest_select()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN 'iotatrail_internal.stored_compress(iotatrail_internal.record_rest(record, '
       'event_time, event_version, event_source, event_name, aws_region, source_ip_address, '
       'user_agent, request_id, event_id, event_type, event_category, api_version, read_only, '
       'management_event, recipient_account_id, shared_event_id, vpc_endpoint_id, '
       'vpc_endpoint_account_id, error_code, error_message, session_credential_from_console, '
       'tls_version, cipher_suite, client_provided_host_header, tls_key_exchange, user_identity, '
       'request_parameters, response_elements, additional_event_data, resources, '
       'service_event_details, addendum, edge_device_details, insight_details, event_context))';

-- The record of a stored row given as jsonb (to_jsonb(row)): record itself
-- in a table of the shape before 0.3.0, else rebuilt from the columns and
-- record_rest
CREATE FUNCTION iotatrail_internal.stored_record_of(stored jsonb)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN CASE
    WHEN NOT stored OPERATOR(pg_catalog.?) 'record_rest' THEN stored OPERATOR(pg_catalog.->) 'record'
    ELSE iotatrail_internal.record_rebuild(
        NULLIF(stored OPERATOR(pg_catalog.->) 'record_rest', 'null'::jsonb),
        (stored OPERATOR(pg_catalog.->>) 'event_time')::timestamptz,
        stored OPERATOR(pg_catalog.->>) 'event_version', stored OPERATOR(pg_catalog.->>) 'event_source',
        stored OPERATOR(pg_catalog.->>) 'event_name', stored OPERATOR(pg_catalog.->>) 'aws_region',
        stored OPERATOR(pg_catalog.->>) 'source_ip_address', stored OPERATOR(pg_catalog.->>) 'user_agent',
        stored OPERATOR(pg_catalog.->>) 'request_id', (stored OPERATOR(pg_catalog.->>) 'event_id')::uuid,
        stored OPERATOR(pg_catalog.->>) 'event_type', stored OPERATOR(pg_catalog.->>) 'event_category',
        stored OPERATOR(pg_catalog.->>) 'api_version', (stored OPERATOR(pg_catalog.->>) 'read_only')::boolean,
        (stored OPERATOR(pg_catalog.->>) 'management_event')::boolean,
        stored OPERATOR(pg_catalog.->>) 'recipient_account_id', stored OPERATOR(pg_catalog.->>) 'shared_event_id',
        stored OPERATOR(pg_catalog.->>) 'vpc_endpoint_id', stored OPERATOR(pg_catalog.->>) 'vpc_endpoint_account_id',
        stored OPERATOR(pg_catalog.->>) 'error_code', stored OPERATOR(pg_catalog.->>) 'error_message',
        (stored OPERATOR(pg_catalog.->>) 'session_credential_from_console')::boolean,
        stored OPERATOR(pg_catalog.->>) 'tls_version', stored OPERATOR(pg_catalog.->>) 'cipher_suite',
        stored OPERATOR(pg_catalog.->>) 'client_provided_host_header', stored OPERATOR(pg_catalog.->>) 'tls_key_exchange',
        NULLIF(stored OPERATOR(pg_catalog.->) 'user_identity', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'request_parameters', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'response_elements', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'additional_event_data', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'resources', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'service_event_details', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'addendum', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'edge_device_details', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'insight_details', 'null'::jsonb),
        NULLIF(stored OPERATOR(pg_catalog.->) 'event_context', 'null'::jsonb))
END;

-- The record of a row of a table sync stores: SELECT
-- iotatrail.stored_record(s) FROM schema.table s
CREATE FUNCTION iotatrail.stored_record(stored anyelement)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT iotatrail_internal.stored_record_of(pg_catalog.to_jsonb($1))
$$;

-- The storage a stored table's jsonb columns get: lz4 where the server has
-- it (else pglz, the default), kept in the row (MAIN) and compressed there
-- once the row passes toast_tuple_target (set on each partition)
CREATE FUNCTION iotatrail_internal.stored_compression()
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_settings s
                          WHERE s.name = 'default_toast_compression' AND 'lz4' = ANY (s.enumvals))
            THEN 'lz4' ELSE 'pglz' END;

CREATE FUNCTION iotatrail_internal.stored_set_storage(tid regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
    part regclass;
BEGIN
    -- (SET COMPRESSION does not recurse to partitions: each gets it)
    FOR part IN SELECT tid UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(tid) t LOOP
        FOR c IN SELECT a.attname FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = part AND a.attnum > 0 AND NOT a.attisdropped
                    AND a.atttypid = 'pg_catalog.jsonb'::pg_catalog.regtype
                  ORDER BY a.attnum LOOP
            EXECUTE format('ALTER TABLE ONLY %s ALTER COLUMN %I SET COMPRESSION %s, ALTER COLUMN %I SET STORAGE MAIN',
                           part, c.attname, iotatrail_internal.stored_compression(), c.attname);
        END LOOP;
        IF (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = part) = 'r' THEN
            EXECUTE format('ALTER TABLE %s SET (toast_tuple_target = 128)', part);
        END IF;
    END LOOP;
END
$$;

-- A target synced before 0.3.0 (with record) into the stored shape, in
-- one statement: record becomes record_rest, in one rewrite of the table
-- (record_rest compressed in the row; the jsonb columns get lz4 and MAIN
-- storage for the rows written later: views read them, so they are not
-- rewritten); later syncs load it as a new target.  Holds the sync lock of the target, so no sync runs meanwhile.
CREATE PROCEDURE iotatrail.sync_convert_target(target regclass)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tschema name;
    tname name;
    qualified text;
    lock1 int := hashtext('iotatrail.sync');
    lock2 int;
    has_record boolean;
    has_rest boolean;
    args text;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'iotatrail.sync_convert_target needs a table'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT n.nspname, c.relname INTO tschema, tname
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = target AND c.relkind IN ('r', 'p');
    IF NOT FOUND THEN
        RAISE EXCEPTION '"%" is not a table', target
            USING ERRCODE = 'wrong_object_type';
    END IF;
    qualified := format('%I.%I', tschema, tname);
    SELECT bool_or(a.attname = 'record' AND a.atttypid = 'pg_catalog.jsonb'::pg_catalog.regtype),
           bool_or(a.attname = 'record_rest')
      INTO has_record, has_rest
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped;
    IF coalesce(has_rest, false) THEN
        RAISE NOTICE '% has the stored shape already', qualified;
        RETURN;
    END IF;
    IF NOT coalesce(has_record, false) THEN
        RAISE EXCEPTION 'table % has no column record', qualified
            USING ERRCODE = 'undefined_column',
                  DETAIL = 'iotatrail.sync_convert_target turns the record column of a table iotatrail.sync filled into record_rest.';
    END IF;
    lock2 := iotatrail_internal.sync_lock(lock1, qualified);
    BEGIN
        PERFORM iotatrail_internal.sync_check_target_trusted(target, qualified);
        -- the columns record_rest() takes after the record, as the table
        -- has them (NULL for one it lacks)
        SELECT string_agg(CASE WHEN a.attname IS NULL THEN format('NULL::%s', format_type(p.typ, NULL))
                               ELSE quote_ident(a.attname) END, ', ' ORDER BY p.n)
          INTO args
          FROM unnest((SELECT pr.proargnames FROM pg_catalog.pg_proc pr
                        WHERE pr.oid = 'iotatrail_internal.record_rest'::regproc),
                      (SELECT pr.proargtypes::oid[] FROM pg_catalog.pg_proc pr
                        WHERE pr.oid = 'iotatrail_internal.record_rest'::regproc))
               WITH ORDINALITY AS p(name, typ, n)
          LEFT JOIN pg_catalog.pg_attribute a
            ON a.attrelid = target AND a.attname = p.name AND a.attnum > 0 AND NOT a.attisdropped
           AND a.atttypid = p.typ
         WHERE p.n > 1;
        PERFORM iotatrail_internal.stored_set_storage(target);
        EXECUTE format('ALTER TABLE %s ALTER COLUMN record TYPE jsonb USING iotatrail_internal.stored_compress(iotatrail_internal.record_rest(record, %s))',
                       target, args);
        EXECUTE format('ALTER TABLE %s RENAME COLUMN record TO record_rest', target);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        PERFORM pg_advisory_unlock(lock1, lock2);
        RAISE;
    END;
    PERFORM pg_advisory_unlock(lock1, lock2);
    RAISE NOTICE 'converted % to the stored shape (record_rest)', qualified;
END
$$;

COMMENT ON PROCEDURE iotatrail.sync_convert_target(regclass) IS
'turns a table iotatrail.sync filled before 0.3.0 into the stored shape: record becomes record_rest, what no column gives back, in one rewrite; iotatrail.stored_record() gives the records back';
COMMENT ON FUNCTION iotatrail.stored_record(anyelement) IS
'the record of a row of a table iotatrail.sync fills, equal to read_events'' record: rebuilt from its columns and record_rest (record itself in a table of the shape before 0.3.0)';
COMMENT ON FUNCTION iotatrail_internal.record_rest(jsonb, timestamptz, text, text, text, text, text, text, text, uuid, text, text, text, boolean, boolean, text, text, text, text, text, text, boolean, text, text, text, text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb) IS
'internal to the stored shape: the members of a record that its columns do not give back equal ([record] when a column gives a member the record has not)';
COMMENT ON FUNCTION iotatrail_internal.record_rebuild(jsonb, timestamptz, text, text, text, text, text, text, text, uuid, text, text, text, boolean, boolean, text, text, text, text, text, text, boolean, text, text, text, text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb) IS
'internal to the stored shape: the record from its columns and record_rest';
COMMENT ON FUNCTION iotatrail_internal.stored_compress(jsonb) IS
'internal to iotatrail.sync: a jsonb value compressed in place (lz4 where the server has it, else pglz), for rows below the size at which PostgreSQL compresses';
COMMENT ON FUNCTION iotatrail_internal.record_rest_select() IS
'internal to iotatrail.sync: the expression that computes record_rest from read_events'' columns';
COMMENT ON FUNCTION iotatrail_internal.stored_record_of(jsonb) IS
'internal to iotatrail.stored_record: the record of a stored row given as jsonb';
COMMENT ON FUNCTION iotatrail_internal.stored_compression() IS
'internal to the stored shape: lz4 when the server has it, else pglz';
COMMENT ON FUNCTION iotatrail_internal.stored_set_storage(regclass) IS
'internal to the stored shape: compression and MAIN storage for the jsonb columns, toast_tuple_target 128 for the partitions';

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
        EXECUTE format('CREATE TABLE %s (%s) PARTITION BY RANGE (event_time)', qualified, coldefs);
        tid := qualified::regclass;
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT',
                       tschema, left(tname, 55) || '_default', tid);
        PERFORM iotatrail_internal.stored_set_storage(tid);
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

COMMENT ON FUNCTION iotatrail_internal.sync_prepare_target(regclass, regclass, name, name) IS
'internal to iotatrail.sync: creates the target table when missing, checks it otherwise, and returns the columns sync writes';

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

COMMENT ON FUNCTION iotatrail_internal.sync_load_batch(text[], text, text, text, text, text) IS
'internal to iotatrail.sync: reads a batch of objects into the staging table, in the target''s shape';

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
                      FROM iotatrail_internal.sync_load_batch(objs, src.evsrc, src.onerr, src.maxrec, src.srv,
                                                              shape.sel);
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

-- Issue 30 (architecture, step two), function bodies.  These functions and procedures are
-- split at their seams (each body at most 80 lines); the objects below are
-- src/digests.sql's and src/sync.sql's (tools/update_issue30.py copies
-- them here).

CREATE OR REPLACE FUNCTION iotatrail_internal.digest_log_check(
    object text, hash_value text, server text,
    OUT status text, OUT detail text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    hash text;
    why text;
BEGIN
    BEGIN
        hash := iotatrail_internal.object_sha256(object, server);
    EXCEPTION WHEN OTHERS THEN
        hash := '';
        why := SQLERRM;
    END;
    IF hash IS NULL THEN
        status := 'missing log file';
    ELSIF hash <> hash_value THEN
        status := 'hash mismatch';
        detail := coalesce('the file cannot be read: ' || why,
                           format('SHA-256 %s, the digest recorded %s', hash, hash_value));
    ELSE
        status := 'ok';
    END IF;
END
$function$;

COMMENT ON FUNCTION iotatrail_internal.digest_log_check(text, text, text) IS
'internal to iotatrail.verify_digests: a log file''s status (ok, missing log file, hash mismatch) against the hash its digest recorded';

CREATE OR REPLACE FUNCTION iotatrail.verify_digests(
    location text,
    public_keys jsonb,
    server text DEFAULT NULL)
RETURNS TABLE (
    kind text,
    object text,
    status text,
    detail text,
    digest_object text,
    digest_status text,
    digest_start timestamptz,
    digest_end timestamptz,
    oldest_event_time timestamptz,
    newest_event_time timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    -- keys in digests are relative to the folder holding AWSLogs/
    base text := coalesce(substring(location from '^(.*?)AWSLogs/'),
                          rtrim(location, '/') || '/');
    d record;
    lf jsonb;
BEGIN
    PERFORM iotatrail_internal.digest_read(location, public_keys, server);

    FOR d IN
        SELECT g.*,
               g.doc->>'digestS3Object' AS key,
               g.doc->>'previousDigestS3Object' AS prev_key,
               -- without its own signature, the next digest in the chain has it
               (SELECT n.doc->>'previousDigestSignature' FROM iotatrail_digests n
                WHERE n.doc->>'previousDigestS3Object' = g.doc->>'digestS3Object'
                LIMIT 1) AS chained_signature
        FROM iotatrail_digests g
        ORDER BY g.doc->>'awsAccountId', g.object
    LOOP
        SELECT * INTO status, detail
          FROM iotatrail_internal.digest_check(d.doc, d.sha256, d.signature, d.chained_signature, d.problem);

        kind := 'digest';
        object := d.object;
        digest_object := d.object;
        digest_status := status;
        digest_start := (d.doc->>'digestStartTime')::timestamptz;
        digest_end := (d.doc->>'digestEndTime')::timestamptz;
        oldest_event_time := (d.doc->>'oldestEventTime')::timestamptz;
        newest_event_time := (d.doc->>'newestEventTime')::timestamptz;
        RETURN NEXT;

        FOR lf IN SELECT * FROM jsonb_array_elements(coalesce(d.doc->'logFiles', '[]')) LOOP
            kind := 'log';
            object := base || (lf->>'s3Object');
            oldest_event_time := (lf->>'oldestEventTime')::timestamptz;
            newest_event_time := (lf->>'newestEventTime')::timestamptz;
            SELECT * INTO status, detail
              FROM iotatrail_internal.digest_log_check(object, lf->>'hashValue', server);
            INSERT INTO iotatrail_listed VALUES (object) ON CONFLICT DO NOTHING;
            RETURN NEXT;
        END LOOP;
    END LOOP;

    -- log files no digest vouches for
    RETURN QUERY
        SELECT 'log', o.object, 'not in any digest',
               'no digest lists this file; it may be newer than the newest digest, or its digest is missing',
               NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz
          FROM iotatrail.list_objects(location, server) AS o
         WHERE NOT EXISTS (SELECT FROM iotatrail_listed l WHERE l.object = o.object);
    DROP TABLE iotatrail_keys, iotatrail_digests, iotatrail_listed;
END
$function$;

COMMENT ON FUNCTION iotatrail.verify_digests(text, jsonb, text) IS
'CloudTrail log file integrity validation: one row per digest (ok, invalid signature, broken chain, unsigned, no public key, unreadable) and per log file (ok, missing log file, hash mismatch, not in any digest); public_keys is the output of aws cloudtrail list-public-keys, or an array of {Fingerprint, Value} with Value base64 DER or PEM';

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
