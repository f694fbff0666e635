-- The BI recipe in one call (new in 0.2.0): sync a trail into a stored
-- table, then make the per-action views over that table, so dashboards
-- that sample every view read indexed rows instead of the whole trail
-- once per view.

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
