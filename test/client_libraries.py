#!/usr/bin/env python3
"""What Metabase, Superset, pandas and dbt do, through the client libraries
Debian ships (psycopg 3 and SQLAlchemy): reflect an imported schema (the
foreign table, the per-action views, their comments and types), read a
per-action view into Python, and stream read_events through server-side
cursors, whose first row must come before the scan has read the location.

  client_libraries.py SCHEMA TRAIL BROKEN

SCHEMA was imported (IMPORT FOREIGN SCHEMA iotanalytics) over TRAIL; BROKEN
is a location whose last file is corrupt.  Connection from PG* variables.
Prints "ok NAME" or "FAIL NAME: detail" per check; exits 1 on a failure.
"""
import datetime
import ipaddress
import sys
import time
import uuid

import psycopg
import sqlalchemy as sa

schema, trail, broken = sys.argv[1:4]
failures = 0


def check(name, cond, detail=""):
    global failures
    if cond:
        print("  ok   %s" % name)
    else:
        failures += 1
        print("  FAIL %s: %s" % (name, detail))


# SQLAlchemy 2 talks to psycopg 3; 1.4 (Debian 12) only to psycopg2
major = int(sa.__version__.split(".")[0])
engine = sa.create_engine("postgresql+psycopg://" if major >= 2 else "postgresql+psycopg2://")
pg = psycopg.connect("", autocommit=True)

# --- reflection, as BI tools list a schema
insp = sa.inspect(engine)
views = set(insp.get_view_names(schema=schema))
foreign = set(insp.get_foreign_table_names(schema=schema))
actions = {r[0] for r in pg.execute("SELECT view_name FROM iotanalytics.actions")}
check("reflect: the foreign table events", foreign == {"events"}, sorted(foreign))
check("reflect: a view per action, resource_activity and findings (%d)" % len(views),
      views == actions | {"resource_activity", "findings"}, sorted(views ^ (actions | {"resource_activity", "findings"})))
catalog = {(r[0], r[1]): r[2] for r in pg.execute(
    "SELECT c.relname, a.attname, col_description(c.oid, a.attnum) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
    "WHERE c.relnamespace = %s::regnamespace AND a.attnum > 0 AND NOT a.attisdropped", (schema,))}
missing, differ, ncols = [], [], 0
for v in sorted(views):
    for col in insp.get_columns(v, schema=schema):
        ncols += 1
        if not col.get("comment"):
            missing.append("%s.%s" % (v, col["name"]))
        elif col["comment"] != catalog.get((v, col["name"])):
            differ.append("%s.%s" % (v, col["name"]))
check("reflect: every view column has its comment (%d columns)" % ncols, not missing and ncols > 300, missing[:5])
check("  ... as the catalog has it", not differ, differ[:5])
comments = [v for v in views if not (insp.get_table_comment(v, schema=schema) or {}).get("text")]
check("reflect: every view has a comment", not comments, comments[:5])
md = sa.MetaData()
events = sa.Table("events", md, schema=schema, autoload_with=engine)
types = {c.name: c.type for c in events.columns}
check("reflect: events has every event column",
      len(types) == pg.execute("SELECT count(*) FROM iotatrail.event_columns()").fetchone()[0], len(types))
check("  ... typed: event_time timestamptz, event_id uuid, resource_arns text[], record jsonb",
      isinstance(types["event_time"], sa.TIMESTAMP) and types["event_time"].timezone and
      type(types["event_id"]).__name__ == "UUID" and isinstance(types["resource_arns"], sa.ARRAY) and
      type(types["record"]).__name__ == "JSONB", {k: repr(types[k]) for k in ("event_time", "event_id", "resource_arns", "record")})
md.reflect(bind=engine, schema=schema, views=True)
check("MetaData.reflect(views=True) reflects the views", all("%s.%s" % (schema, v) in md.tables for v in views),
      len(md.tables))

# --- a per-action view into Python, through SQLAlchemy
view = md.tables["%s.describe_channel" % schema]
with engine.connect() as conn:
    rows = conn.execute(sa.select(view).where(view.c.succeeded).order_by(view.c.event_time, view.c.event_id)).fetchall()
want = pg.execute("SELECT count(*), min(event_time), max(event_time) FROM %s.describe_channel WHERE succeeded" % schema).fetchone()
check("a per-action view read through SQLAlchemy (%d rows)" % len(rows),
      len(rows) == want[0] and len(rows) > 0 and rows[0].event_time == want[1] and rows[-1].event_time == want[2],
      (len(rows), want))
if rows:
    r = rows[0]
    # (SQLAlchemy 1.4 over psycopg2 gives uuid columns as str)
    check("  ... with Python types: datetime, UUID, str",
          isinstance(r.event_time, datetime.datetime) and r.event_time.tzinfo is not None and
          isinstance(r.event_id, (uuid.UUID, str)) and uuid.UUID(str(r.event_id)) and
          isinstance(r.channel_name, (str, type(None))), repr(r)[:300])

# --- read_events streamed through a server-side cursor (psycopg)
with psycopg.connect("") as conn:
    cur = conn.cursor(name="events_stream")
    cur.itersize = 500
    t0 = time.monotonic()
    cur.execute("SELECT * FROM iotatrail.read_events(%s, event_source => '*')", (trail,))
    first = cur.fetchone()
    t_first = time.monotonic() - t0
    n = 1 + sum(1 for _ in cur)
    t_all = time.monotonic() - t0
    cur.close()
total = pg.execute("SELECT count(*) FROM iotatrail.read_events(%s, event_source => '*')", (trail,)).fetchone()[0]
print("       server-side cursor over %d events: first row after %.3f s, all after %.3f s" % (n, t_first, t_all))
check("server-side cursor: every event", n == total and n > 0, (n, total))
check("  ... the first row long before the last (under a tenth of the time)", t_first * 10 < t_all, (t_first, t_all))
check("  ... typed: datetime, UUID, ip address, list, dict",
      isinstance(first[0], datetime.datetime) and
      any(isinstance(v, uuid.UUID) for v in first) and
      any(isinstance(v, (ipaddress.IPv4Address, ipaddress.IPv6Address, ipaddress.IPv4Interface, ipaddress.IPv6Interface)) for v in first) and
      any(isinstance(v, dict) for v in first), [type(v).__name__ for v in first][:20])

# the first rows come before the scan reaches a broken last file
with psycopg.connect("") as conn:
    cur = conn.cursor(name="broken_stream")
    cur.itersize = 10
    cur.execute("SELECT event_name FROM iotatrail.read_events(%s, event_source => '*')", (broken,))
    got, err = 0, None
    try:
        for _ in cur:
            got += 1
    except psycopg.Error as e:
        err = e
check("server-side cursor: rows before a broken last file is reached (%d)" % got, got >= 1000, got)
check("  ... then its error, data_corrupted", err is not None and err.sqlstate == "XX001", repr(err))

# SQLAlchemy's stream_results (a server-side cursor of its driver)
with engine.connect() as conn:
    res = conn.execution_options(stream_results=True).execute(
        sa.text("SELECT event_name FROM iotatrail.read_events(:loc, event_source => '*')"), {"loc": broken})
    got, err = 0, None
    try:
        for _ in res:
            got += 1
    except sa.exc.DBAPIError as e:
        err = e
# (it fetches in growing batches, 1, 5, 25 ... rows: the batch that reaches
# the broken file fails whole)
check("SQLAlchemy stream_results: rows before the broken file (%d)" % got, got > 0, got)
check("  ... then its error", err is not None and "invalid gzip data" in str(err), repr(err)[:200])
sys.exit(1 if failures else 0)
