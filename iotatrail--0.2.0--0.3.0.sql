-- iotatrail 0.2.0 -> 0.3.0
\echo Use "ALTER EXTENSION iotatrail UPDATE" to load this file. \quit

-- Written by hand and reviewed like code: an update does exactly what this
-- file says.  test/scripts/upgrade.sh checks that 0.1.0 and 0.2.0, updated,
-- give the catalog of a fresh 0.3.0 install (pg_dump --binary-upgrade and
-- \dx+), and that their stored targets keep syncing.
