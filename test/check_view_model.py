#!/usr/bin/env python3
"""Check the installed per-action views against the API model, independently
of tools/gen_views.py: read the 29 logged actions and their members from
tools/model/ACTIONS.md, resolve nested paths in the model JSON, and compare
with what the database catalog says about a schema of views (argument; default iotanalytics).

Fails (exit 1) when an action has no view, a view has no comment, a member
has no column or a column of the wrong type, a column is neither a leading
event column, a member, a nested value whose model path resolves, nor a raw
jsonb column, or a column has no comment.  Connection from PG* variables.
"""
import json
import os
import re
import subprocess
import sys

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
ACTIONS_MD = os.path.join(TOP, 'tools', 'model', 'ACTIONS.md')
MODEL = os.path.join(TOP, 'tools', 'model', 'iotanalytics-2017-11-27.json')

LEADING = ['event_time', 'event_id', 'aws_region', 'recipient_account_id', 'identity_kind',
           'principal_arn', 'user_name', 'session_issuer_arn', 'temporary_credentials',
           'mfa_authenticated', 'source_ip', 'user_agent', 'error_code', 'error_message',
           'succeeded']
RAW = {'request_parameters': 'jsonb', 'response_elements': 'jsonb'}
TYPES = {'string': 'text', 'integer': 'bigint', 'long': 'bigint', 'boolean': 'boolean',
         'timestamp': 'timestamp with time zone', 'structure': 'jsonb', 'list': 'jsonb',
         'map': 'jsonb', 'blob': 'jsonb'}

failures = []


def fail(msg):
    failures.append(msg)
    print('  FAIL ' + msg)


def psql(sql):
    out = subprocess.run(['psql', '-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split('\t') for line in out.splitlines() if line]


def snake(name):
    return re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', name).lower()


def parse_actions():
    """{action: {member: type}} from ACTIONS.md input/output lines."""
    actions = {}
    current = None
    for line in open(ACTIONS_MD):
        m = re.match(r'^## (\w+)', line)
        if m:
            current = actions.setdefault(m.group(1), {})
            continue
        m = re.match(r'^- (input|output): (.*)$', line.strip())
        if m and current is not None and not m.group(2).startswith('('):
            for item in m.group(2).split(', '):
                name, typ = item.split(':')
                current[name.rstrip('*')] = re.sub(r'\(.*\)', '', typ)
    return actions


def resolve(shapes, shape_name, path):
    """True when path (member names, '*' = any member) exists below shape."""
    shape = shapes[shape_name]
    if shape['type'] == 'list':
        shape = shapes[shape['member']['shape']]
    if not path:
        return True
    members = shape.get('members', {})
    if path[0] == '*':
        return any(resolve(shapes, m['shape'], path[1:]) for m in members.values())
    return path[0] in members and resolve(shapes, members[path[0]]['shape'], path[1:])


def main():
    schema = sys.argv[1] if len(sys.argv) > 1 else 'iotanalytics'
    actions = parse_actions()
    model = json.load(open(MODEL))
    shapes, ops = model['shapes'], model['operations']
    if len(actions) != 29:
        fail('ACTIONS.md lists %d actions, not 29' % len(actions))

    views = {r[0]: r[1] for r in psql(
        "SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
        "WHERE c.relnamespace = '%s'::regnamespace AND c.relkind = 'v' AND c.relname <> 'events'" % schema)}
    # resource_activity and findings are not actions: views of every call and of the detections
    expected_views = {snake(a) for a in actions} | {'resource_activity', 'findings'}
    for v in sorted(expected_views - set(views)):
        fail('no view %s.%s' % (schema, v))
    for v in sorted(set(views) - expected_views):
        fail('view %s.%s is not an action of the model' % (schema, v))
    catalog = {r[0]: r[1] for r in psql('SELECT action, view_name FROM iotanalytics.actions')}
    if catalog != {a: snake(a) for a in actions}:
        fail('iotanalytics.actions does not list exactly the 29 actions')

    checked = 0
    for action, members in sorted(actions.items()):
        view = snake(action)
        if view not in views:
            continue
        if not views[view]:
            fail('%s: no COMMENT ON VIEW' % view)
        cols = psql(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), coalesce(col_description(a.attrelid, a.attnum), '') "
            "FROM pg_attribute a WHERE a.attrelid = '%s.%s'::regclass AND a.attnum > 0 "
            "ORDER BY a.attnum" % (schema, view))
        names = [c[0] for c in cols]
        if names[:len(LEADING)] != LEADING:
            fail('%s: leading columns %s' % (view, names[:len(LEADING)]))
        by_name = {c[0]: (c[1], c[2]) for c in cols}
        member_cols = {snake(m): (m, t) for m, t in members.items()}
        for col, (member, typ) in member_cols.items():
            if col not in by_name:
                fail('%s: member %s has no column %s' % (view, member, col))
            elif by_name[col][0] != TYPES[typ]:
                fail('%s.%s: type %s, the model says %s (%s)' % (view, col, by_name[col][0], typ, TYPES[typ]))
        op = ops[action]
        top_shapes = {}
        for direction in ('input', 'output'):
            if direction in op:
                for m, ref in shapes[op[direction]['shape']].get('members', {}).items():
                    top_shapes[m] = ref['shape']
        for col, typ, comment in cols:
            checked += 1
            if not comment:
                fail('%s.%s: no comment' % (view, col))
            if col in LEADING or col in member_cols:
                continue
            if col in RAW:
                if typ != RAW[col]:
                    fail('%s.%s: type %s' % (view, col, typ))
                continue
            # a nested value: its comment starts with the model path(s)
            m = re.match(r'^([A-Za-z0-9*.| ]+?)(?: of [a-z ]+)?:', comment)
            paths = [p.strip().split('.') for p in m.group(1).split('|')] if m else []
            if not paths:
                fail('%s.%s: neither a model member nor a nested value with a model path' % (view, col))
            for p in paths:
                if p[0] not in top_shapes or not resolve(shapes, top_shapes[p[0]], p[1:]):
                    fail('%s.%s: model path %s does not exist in %s' % (view, col, '.'.join(p), action))
    print('  checked %d columns of %d views' % (checked, len(actions)))
    print('%d problems' % len(failures))
    if failures:
        sys.exit(1)


if __name__ == '__main__':
    main()
