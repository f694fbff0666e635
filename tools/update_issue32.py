#!/usr/bin/env python3
"""Rewrite the issue 32 section at the end of iotatrail--0.2.0--0.3.0.sql:
the portable expression of every per-action view column (from
tools/gen_views.py, as src/iotanalytics_views.sql has them) and
src/views_ddl.sql.  Run from the top of the tree after changing either."""
import os
import sys

sys.path.insert(0, 'tools')
import gen_views  # noqa: E402
from update_script import write_section  # noqa: E402

model = gen_views.Model(gen_views.DEFAULT_MODEL)
rows = []
for op in sorted(op for op in model.ops if op not in gen_views.NOT_LOGGED):
    for i, col in enumerate(gen_views.action_columns(model, op, gen_views.PORTABLE_DIALECT), 1):
        rows.append('(%s, %d, %s)' % (gen_views.lit(gen_views.snake(op)), i, gen_views.lit(col[2])))
views_ddl = open('src/views_ddl.sql').read()
marker = "\n-- Issue 32 (managed databases)."
section = marker + """  Every per-action view column gets its portable
-- expression (built-in functions only, written by tools/gen_views.py beside
-- the C one), and iotatrail.views_ddl writes views of them for a database
-- where iotatrail is not installed.  tools/update_issue32.py writes this
-- section from the generator and src/views_ddl.sql.

ALTER TABLE iotatrail.action_view_columns ADD COLUMN portable_expression text;
UPDATE iotatrail.action_view_columns c SET portable_expression = p.expression
  FROM (VALUES
""" + ',\n'.join(rows) + """) AS p(view_name, column_position, expression)
 WHERE c.view_name = p.view_name AND c.column_position = p.column_position;
ALTER TABLE iotatrail.action_view_columns ALTER COLUMN portable_expression SET NOT NULL;
COMMENT ON COLUMN iotatrail.action_view_columns.portable_expression IS
'the same column with built-in functions and operators only, for iotatrail.views_ddl';

""" + views_ddl
# a new one goes before issue 35's section
write_section(marker, section, before="\n-- Issue 35 (audit answers).")
