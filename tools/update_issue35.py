#!/usr/bin/env python3
"""Rewrite the issue 35 section at the end of iotatrail--0.2.0--0.3.0.sql
from src/detections.sql, create_views (src/views.sql) and
sync_and_create_views (src/sync_views.sql): the update makes what a fresh
install makes.  Run from the top of the tree after changing those."""
from update_script import write_section

views = open('src/views.sql').read()
create_views = views[views.index('CREATE OR REPLACE FUNCTION iotatrail.create_views('):
                     views.index('-- Column comments of iotatrail.event on a relation')].rstrip() + "\n"
sv = open('src/sync_views.sql').read()
sync_views = sv[sv.index('CREATE OR REPLACE PROCEDURE iotatrail.sync_and_create_views('):].rstrip() + "\n"
det = open('src/detections.sql').read()
det = det[det.index('CREATE TABLE iotatrail.detections'):]
marker = "\n-- Issue 35 (audit answers)."
section = marker + """  The detection catalog iotatrail.detections,
-- the running state of its stateful detections (detect_state.c), the
-- findings view create_views now makes with the others (and so IMPORT
-- FOREIGN SCHEMA and sync_and_create_views), iotatrail.audit_report, and
-- iotanalytics.findings as a fresh install makes it.  The objects below
-- are src/detections.sql's, and create_views and sync_and_create_views as
-- src/views.sql and src/sync_views.sql write them
-- (tools/update_issue35.py copies them here).

""" + det + "\n" + create_views + "\n" + sync_views + """
SELECT count(*) FROM iotatrail.create_views('iotanalytics', 'iotanalytics.events', '{findings}');
GRANT SELECT ON iotanalytics.findings TO PUBLIC;
"""
write_section(marker, section)
