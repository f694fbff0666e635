#!/usr/bin/env python3
"""Write the issue 30 section at the end of iotatrail--0.2.0--0.3.0.sql:
the functions and procedures whose bodies issue 30 split, as src/*.sql
write them (each CREATE through its COMMENT), after every other section
so they replace what the earlier sections made.  Run from the top of the
tree after changing one of them."""
import re

from update_script import write_section

OBJECTS = [
    ('src/digests.sql', 'iotatrail_internal.digest_log_check'),
    ('src/digests.sql', 'iotatrail.verify_digests'),
    ('src/sync.sql', 'iotatrail_internal.sync_target_code'),
    ('src/sync.sql', 'iotatrail_internal.sync_check_target_trusted'),
    ('src/sync.sql', 'iotatrail_internal.sync_create_target'),
    ('src/sync.sql', 'iotatrail_internal.sync_prepare_target'),
    ('src/sync.sql', 'iotatrail_internal.sync_note_skipped'),
    ('src/sync.sql', 'iotatrail_internal.sync_note_missing'),
    ('src/sync.sql', 'iotatrail_internal.sync_plan'),
    ('src/sync.sql', 'iotatrail_internal.sync_batches'),
    ('src/sync.sql', 'iotatrail.sync'),
]
MARKER = "\n-- Issue 30 (architecture, step two), function bodies."


def extract(path, name):
    text = open(path).read()
    m = re.search(r'^CREATE (OR REPLACE )?(FUNCTION|PROCEDURE) ' + re.escape(name) + r'\(',
                  text, re.M)
    if m is None:
        raise SystemExit('%s: no %s' % (path, name))
    c = text.index('\nCOMMENT ON ', m.start())
    end = text.index(';\n', c) + 2
    # a comment string may hold ';\n' only at its end: it is one literal
    return text[m.start():end]


section = MARKER + """  These functions and procedures are
-- split at their seams (each body at most 80 lines); the objects below are
-- src/digests.sql's and src/sync.sql's (tools/update_issue30.py copies
-- them here).

""" + "\n".join(extract(p, n) for p, n in OBJECTS)
write_section(MARKER, section)
