#!/usr/bin/env python3
"""Generate src/iotanalytics_views.sql from the AWS IoT Analytics API model.

    python3 tools/gen_views.py [MODEL_JSON] > src/iotanalytics_views.sql

The model (botocore's service-2.json, Apache-2.0) is checked in under
tools/model/, and so is this script's output, so a build needs neither the
network nor the model.  Run `make views` after editing this file.

The output fills three catalog tables that iotatrail.create_views() turns
into one view per action:

  iotanalytics.actions             action -> view, resource type, verb
  iotatrail.action_views           how resource_activity finds the resource
  iotatrail.action_view_columns    every column: name, type, expression,
                                   where in the model it comes from, comment

Column rules (issue 4): the same leading event columns in every view, then
one column per top-level member of the request and response shapes
(string -> text, integer/long -> bigint, boolean, timestamp -> timestamptz,
structure/list/map/blob -> jsonb), then nested scalars worth a column of
their own (EXTRAS), then the raw request_parameters and response_elements.
Expressions use the iotatrail.json_* functions, which return NULL rather
than raise on a value of the wrong shape.
"""

import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MODEL = os.path.join(HERE, 'model', 'iotanalytics-2017-11-27.json')

EVENT_SOURCE = 'iotanalytics.amazonaws.com'

# Operations of the model that CloudTrail does not log as IoT Analytics
# management events (BatchPutMessage is data plane; the tagging calls and
# ListDatasetContents are absent from CloudTrail's list for the service).
NOT_LOGGED = {'BatchPutMessage', 'ListDatasetContents', 'ListTagsForResource',
              'TagResource', 'UntagResource'}

# The leading columns of every view: (name, type, expression, comment);
# comment None means "the comment of the same iotatrail.event column".
LEADING = [
    ('event_time', 'timestamptz', 'e.event_time', None),
    ('event_id', 'uuid', 'e.event_id', None),
    ('aws_region', 'text', 'e.aws_region', None),
    ('recipient_account_id', 'text', 'e.recipient_account_id', None),
    ('identity_kind', 'text', 'e.identity_kind', None),
    ('principal_arn', 'text', 'e.principal_arn', None),
    ('user_name', 'text', 'e.user_name', None),
    ('session_issuer_arn', 'text', 'e.session_issuer_arn', None),
    ('temporary_credentials', 'boolean', 'e.temporary_credentials', None),
    ('mfa_authenticated', 'boolean', 'e.mfa_authenticated', None),
    ('source_ip', 'inet', 'e.source_ip', None),
    ('user_agent', 'text', 'e.user_agent', None),
    ('error_code', 'text', 'e.error_code', None),
    ('error_message', 'text', 'e.error_message', None),
    ('succeeded', 'boolean', '(e.error_code IS NULL)',
     'true when the call succeeded (no errorCode in the record)'),
]

TRAILING = [
    ('request_parameters', 'jsonb', 'e.request_parameters', None),
    ('response_elements', 'jsonb', 'e.response_elements', None),
]

# Model type -> (SQL type, conversion function)
MEMBER_TYPES = {
    'string': ('text', 'iotatrail.json_text'),
    'integer': ('bigint', 'iotatrail.json_bigint'),
    'long': ('bigint', 'iotatrail.json_bigint'),
    'boolean': ('boolean', 'iotatrail.json_boolean'),
    'timestamp': ('timestamptz', 'iotatrail.json_timestamptz'),
    'structure': ('jsonb', 'iotatrail.json_object'),
    'map': ('jsonb', 'iotatrail.json_object'),
    'list': ('jsonb', 'iotatrail.json_array'),
    'blob': ('jsonb', 'iotatrail.json_value'),
}

SCALAR_CONVERT = {
    'text': 'iotatrail.json_text',
    'bigint': 'iotatrail.json_bigint',
    'integer': 'iotatrail.json_integer',
    'boolean': 'iotatrail.json_boolean',
    'timestamptz': 'iotatrail.json_timestamptz',
}

STORAGE_KINDS = {'serviceManagedS3': 'service_managed',
                 'customerManagedS3': 'customer_managed'}


def scalar(*paths):
    """A scalar at one of paths (first non-NULL wins); '*' = the union's member."""
    return ('scalar', paths)


def kind(labels):
    """Which member of a union-like structure is set, as a label."""
    return ('kind', labels)


def collect(path):
    """text[] of the scalar at path in each element of a list."""
    return ('collect', path)


def first(path):
    """The scalar at path in the first element of a list that has it."""
    return ('first', path)


def collect_kinds():
    """text[] of the member set in each union element of a list."""
    return ('collect_kinds', None)


def first_key():
    """The member set in a union-like structure."""
    return ('first_key', None)


RESOURCE_EXTRAS = [
    ('arn', 'text', scalar(['arn'])),
    ('status', 'text', scalar(['status'])),
    ('creation_time', 'timestamptz', scalar(['creationTime'])),
    ('last_update_time', 'timestamptz', scalar(['lastUpdateTime'])),
]

# Nested values with a column of their own, by top-level member name.
EXTRAS = {
    'retentionPeriod': [
        ('retention_unlimited', 'boolean', scalar(['unlimited'])),
        ('retention_days', 'integer', scalar(['numberOfDays'])),
    ],
    'channelStorage': [
        ('channel_storage_kind', 'text', kind(STORAGE_KINDS)),
        ('channel_storage_bucket', 'text', scalar(['customerManagedS3', 'bucket'])),
        ('channel_storage_key_prefix', 'text', scalar(['customerManagedS3', 'keyPrefix'])),
        ('channel_storage_role_arn', 'text', scalar(['customerManagedS3', 'roleArn'])),
    ],
    'datastoreStorage': [
        ('datastore_storage_kind', 'text',
         kind(dict(STORAGE_KINDS, iotSiteWiseMultiLayerStorage='iot_sitewise_multi_layer'))),
        ('datastore_storage_bucket', 'text',
         scalar(['customerManagedS3', 'bucket'],
                ['iotSiteWiseMultiLayerStorage', 'customerManagedS3Storage', 'bucket'])),
    ],
    'fileFormatConfiguration': [
        ('file_format', 'text', kind({'jsonConfiguration': 'json',
                                      'parquetConfiguration': 'parquet'})),
    ],
    'pipelineActivities': [
        ('pipeline_activity_names', 'text[]', collect(['*', 'name'])),
        ('pipeline_activity_types', 'text[]', collect_kinds()),
    ],
    'pipelineActivity': [
        ('pipeline_activity_type', 'text', first_key()),
        ('pipeline_activity_name', 'text', scalar(['*', 'name'])),
    ],
    'actions': [
        ('dataset_action_names', 'text[]', collect(['actionName'])),
        ('sql_query', 'text', first(['queryAction', 'sqlQuery'])),
        ('container_image', 'text', first(['containerAction', 'image'])),
    ],
    'triggers': [
        ('schedule_expression', 'text', first(['schedule', 'expression'])),
        ('triggering_dataset_names', 'text[]', collect(['dataset', 'name'])),
    ],
    'versioningConfiguration': [
        ('versioning_unlimited', 'boolean', scalar(['unlimited'])),
        ('versioning_max_versions', 'integer', scalar(['maxVersions'])),
    ],
    'loggingOptions': [
        ('logging_role_arn', 'text', scalar(['roleArn'])),
        ('logging_level', 'text', scalar(['level'])),
        ('logging_enabled', 'boolean', scalar(['enabled'])),
    ],
    'status': [
        ('content_state', 'text', scalar(['state'])),
        ('content_state_reason', 'text', scalar(['reason'])),
    ],
    'channelMessages': [
        ('channel_message_s3_paths', 'text[]', ('collect_path', ['s3Paths'])),
    ],
    'channel': [('channel_' + n, t, s) for n, t, s in RESOURCE_EXTRAS],
    'dataset': [('dataset_' + n, t, s) for n, t, s in RESOURCE_EXTRAS],
    'datastore': [('datastore_' + n, t, s) for n, t, s in RESOURCE_EXTRAS],
    'pipeline': [('pipeline_' + n, t, s) for n, t, s in RESOURCE_EXTRAS
                 if n != 'status'],
}

# What each action does to which resource; the type comes from the name.
RESOURCE_TYPES = [
    # longest first: DatasetContent before Dataset
    ('PipelineReprocessing', 'pipeline'), ('PipelineActivity', 'pipeline'),
    ('DatasetContent', 'dataset_content'), ('LoggingOptions', 'logging_options'),
    ('ChannelData', 'channel'), ('Channel', 'channel'), ('Dataset', 'dataset'),
    ('Datastore', 'datastore'), ('Pipeline', 'pipeline'),
]
VERBS = [('Create', 'create'), ('Describe', 'read'), ('Get', 'read'),
         ('Sample', 'read'), ('List', 'list'), ('Update', 'update'),
         ('Put', 'update'), ('Delete', 'delete'), ('Run', 'run'),
         ('Start', 'run'), ('Cancel', 'update')]


def snake(name):
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', name)
    s = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', s)
    return s.lower()


def doc_text(doc):
    """Model documentation (HTML) as one plain sentence or more."""
    if not doc:
        return ''
    s = re.sub(r'<[^>]+>', ' ', doc)
    s = html.unescape(s)
    s = re.sub(r'\s+', ' ', s).strip()
    return s


def lit(s):
    if s is None:
        return 'NULL'
    return "'" + s.replace("'", "''") + "'"


def text_array(items):
    return lit('{' + ','.join('"%s"' % i.replace('"', '\\"') for i in items) + '}')


class Model:
    def __init__(self, path):
        with open(path) as f:
            self.m = json.load(f)
        self.shapes = self.m['shapes']
        self.ops = self.m['operations']

    def members(self, op, direction):
        ref = self.ops[op].get(direction)
        if ref is None:
            return {}
        return self.shapes[ref['shape']].get('members', {})

    def type_of(self, member):
        return self.shapes[member['shape']]['type']

    def resolve(self, member, path):
        """The model member at path below member (a list steps into its
        element), or None.  '*' accepts any member that has the rest."""
        shape = self.shapes[member['shape']]
        if shape['type'] == 'list':
            shape = self.shapes[shape['member']['shape']]
        if not path:
            return member
        head, rest = path[0], path[1:]
        members = shape.get('members', {})
        if head == '*':
            for m in members.values():
                found = self.resolve(m, rest)
                if found is not None:
                    return found
            return None
        if head not in members:
            return None
        return self.resolve(members[head], rest)


def base_expr(name, in_req, in_resp, fn):
    parts = []
    if in_req:
        parts.append('%s(e.request_parameters -> %s)' % (fn, lit(name)))
    if in_resp:
        parts.append('%s(e.response_elements -> %s)' % (fn, lit(name)))
    return parts[0] if len(parts) == 1 else 'coalesce(%s)' % ', '.join(parts)


def path_lit(path):
    return text_array(path) + '::text[]'


def extra_column(model, member_name, member, base, spec):
    """(type, expression, model path, comment) of one EXTRAS column."""
    col, sqltype, (what, arg) = spec
    qualifier = ''
    if what == 'scalar':
        exprs = []
        docs = []
        for path in arg:
            leaf = model.resolve(member, path)
            if leaf is None:
                sys.exit('%s.%s is not in the model' % (member_name, '.'.join(path)))
            if '*' in path:
                e = 'iotatrail.json_path_text(%s, %s)' % (base, path_lit(path))
                if sqltype != 'text':
                    sys.exit('%s: paths through unions are text only' % col)
            else:
                e = '%s(%s #> %s)' % (SCALAR_CONVERT[sqltype], base, path_lit(path))
            exprs.append(e)
            docs.append(doc_text(leaf.get('documentation')))
        expr = exprs[0] if len(exprs) == 1 else 'coalesce(%s)' % ', '.join(exprs)
        mpath = ' | '.join(member_name + '.' + '.'.join(p) for p in arg)
        comment = docs[0]
    elif what == 'kind':
        for k in arg:
            if model.resolve(member, [k]) is None:
                sys.exit('%s.%s is not in the model' % (member_name, k))
        expr = 'CASE iotatrail.json_first_key(%s) %s END' % (
            base, ' '.join('WHEN %s THEN %s' % (lit(k), lit(v)) for k, v in arg.items()))
        mpath = member_name
        comment = 'which one is set: ' + ', '.join(
            '%s (%s)' % (v, k) for k, v in arg.items())
    elif what in ('collect', 'first', 'collect_path'):
        leaf = model.resolve(member, arg)
        if leaf is None:
            sys.exit('%s.%s is not in the model' % (member_name, '.'.join(arg)))
        if what == 'collect_path':
            # a list inside a structure: its string elements
            expr = 'iotatrail.json_collect_text(%s #> %s, %s)' % (
                base, path_lit(arg), path_lit([]))
        else:
            expr = 'iotatrail.json_collect_text(%s, %s)' % (base, path_lit(arg))
            if what == 'first':
                expr = '(%s)[1]' % expr
        mpath = member_name + '.' + '.'.join(arg)
        comment = doc_text(leaf.get('documentation'))
        qualifier = {'collect': ' of each element',
                     'first': ' of the first element that has one'}.get(what, '')
    elif what in ('collect_kinds', 'first_key'):
        fn = ('iotatrail.json_collect_first_key' if what == 'collect_kinds'
              else 'iotatrail.json_first_key')
        expr = '%s(%s)' % (fn, base)
        mpath = member_name
        comment = ('the kind of each element (its one member)' if what == 'collect_kinds'
                   else 'its kind (the one member set)')
    else:
        raise ValueError(what)
    return sqltype, expr, mpath, '%s%s: %s' % (mpath, qualifier, comment)


def action_columns(model, op):
    req = model.members(op, 'input')
    resp = model.members(op, 'output')
    cols = []
    for name, typ, expr, comment in LEADING:
        cols.append((name, typ, expr, 'event', None, comment))

    names = list(req) + [n for n in resp if n not in req]
    extras = []
    for name in names:
        in_req, in_resp = name in req, name in resp
        member = req.get(name) or resp.get(name)
        mtype = model.type_of(member)
        if mtype not in MEMBER_TYPES:
            sys.exit('%s.%s: model type %s has no mapping' % (op, name, mtype))
        sqltype, fn = MEMBER_TYPES[mtype]
        origin = ('request_response' if in_req and in_resp
                  else 'request' if in_req else 'response')
        where = []
        if in_req:
            loc = req[name].get('location')
            where.append('request' + (' (in the URL %s)' % ('path' if loc == 'uri' else 'query')
                                      if loc else ''))
        if in_resp:
            where.append('response')
        comment = '%s %s: %s' % (' and '.join(where), name,
                                 doc_text(member.get('documentation')))
        cols.append((snake(name), sqltype, base_expr(name, in_req, in_resp, fn),
                     origin, name, comment.strip()))
        if name in EXTRAS:
            # each side on its own: a request may set what its response omits
            container_fn = ('iotatrail.json_array' if mtype == 'list'
                            else 'iotatrail.json_object')
            sides = [base_expr(name, side == 'req', side == 'resp', container_fn)
                     for side, present in (('req', in_req), ('resp', in_resp)) if present]
            for spec in EXTRAS[name]:
                parts = [extra_column(model, name, member, base, spec) for base in sides]
                t, e, p, c = parts[0]
                if len(parts) > 1:
                    e = 'coalesce(%s)' % ', '.join(part[1] for part in parts)
                extras.append((spec[0], t, e, 'nested', p, c))
    cols.extend(extras)
    for name, typ, expr, comment in TRAILING:
        cols.append((name, typ, expr, 'event', None, comment))

    seen = set()
    for c in cols:
        if c[0] in seen:
            sys.exit('%s: column %s twice' % (op, c[0]))
        seen.add(c[0])
    return cols


def resource_info(model, op):
    rtype = next(t for k, t in RESOURCE_TYPES if k in op)
    verb = next(v for k, v in VERBS if op.startswith(k))
    req = model.members(op, 'input')
    resp = model.members(op, 'output')
    arn_type = {'dataset_content': 'dataset', 'logging_options': None}.get(rtype, rtype)
    name_member = arn_type + 'Name' if arn_type else None
    if name_member not in req and name_member not in resp:
        name_member = None
    arn_member = arn_type + 'Arn' if arn_type and (arn_type + 'Arn') in resp else None
    resource_member = arn_type if arn_type and arn_type in resp else None
    return rtype, verb, arn_type, name_member, arn_member, resource_member


def main():
    model = Model(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL)
    actions = sorted(op for op in model.ops if op not in NOT_LOGGED)
    if len(actions) != 29:
        sys.exit('expected 29 logged actions, the model gives %d' % len(actions))

    out = []
    w = out.append
    w('-- Generated by tools/gen_views.py from the AWS IoT Analytics API model')
    w('-- (%s, botocore, Apache-2.0).  Do not edit; run `make views`.' %
      model.m['metadata']['uid'])
    w('')
    w("INSERT INTO iotanalytics.actions (action, view_name, resource_type, verb, read_only, http_method, http_path, description) VALUES")
    rows = []
    for op in actions:
        http = model.ops[op]['http']
        rtype, verb = resource_info(model, op)[:2]
        rows.append('(%s, %s, %s, %s, %s, %s, %s, %s)' % (
            lit(op), lit(snake(op)), lit(rtype), lit(verb),
            'true' if http['method'] == 'GET' else 'false',
            lit(http['method']), lit(http['requestUri']),
            lit(doc_text(model.ops[op].get('documentation')))))
    w(',\n'.join(rows) + ';')
    w('')
    w("INSERT INTO iotatrail.action_views (view_name, action, event_source, arn_resource_type, name_member, arn_member, resource_member) VALUES")
    rows = []
    for op in actions:
        _, _, arn_type, name_member, arn_member, resource_member = resource_info(model, op)
        rows.append('(%s, %s, %s, %s, %s, %s, %s)' % (
            lit(snake(op)), lit(op), lit(EVENT_SOURCE), lit(arn_type),
            lit(name_member), lit(arn_member), lit(resource_member)))
    w(',\n'.join(rows) + ';')
    w('')
    for op in actions:
        w("INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description) VALUES")
        rows = []
        for i, (name, typ, expr, origin, mpath, comment) in enumerate(action_columns(model, op), 1):
            rows.append('(%s, %d, %s, %s, %s, %s, %s, %s)' % (
                lit(snake(op)), i, lit(name), lit(typ), lit(expr), lit(origin),
                lit(mpath), lit(comment)))
        w(',\n'.join(rows) + ';')
        w('')
    sys.stdout.write('\n'.join(out))


if __name__ == '__main__':
    main()
