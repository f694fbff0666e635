-- Who sees which rows of sync's bookkeeping: the manifest and the runs of a
-- target belong to whoever may write that target, so loaders granted the
-- tables see and change only their own targets' entries.  (New in 0.2.0.)
ALTER TABLE iotatrail.sync_manifest ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_manifest_writable_targets ON iotatrail.sync_manifest
    USING (pg_catalog.has_table_privilege(target, 'INSERT'));

ALTER TABLE iotatrail.sync_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_runs_writable_targets ON iotatrail.sync_runs
    USING (pg_catalog.has_table_privilege(target, 'INSERT'));

