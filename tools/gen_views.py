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
than raise on a value of the wrong shape.  Each column also gets a portable
expression (portable_expression), the same reading written with built-in
functions and operators only (CASE, jsonb_typeof, regular expressions
before every cast), for iotatrail.views_ddl: views for a database where
iotatrail is not installed.  Both come from the same column rules below, so
they cannot drift; test/scripts/portable_views.sh checks that both give the
same rows.
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
    'string': ('text', 'json_text'),
    'integer': ('bigint', 'json_bigint'),
    'long': ('bigint', 'json_bigint'),
    'boolean': ('boolean', 'json_boolean'),
    'timestamp': ('timestamptz', 'json_timestamptz'),
    'structure': ('jsonb', 'json_object'),
    'map': ('jsonb', 'json_object'),
    'list': ('jsonb', 'json_array'),
    'blob': ('jsonb', 'json_value'),
}

SCALAR_CONVERT = {
    'text': 'json_text',
    'bigint': 'json_bigint',
    'integer': 'json_integer',
    'boolean': 'json_boolean',
    'timestamptz': 'json_timestamptz',
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


def base_expr(d, name, in_req, in_resp, fn):
    parts = []
    if in_req:
        parts.append(d.call(fn, 'e.request_parameters -> %s' % lit(name)))
    if in_resp:
        parts.append(d.call(fn, 'e.response_elements -> %s' % lit(name)))
    return parts[0] if len(parts) == 1 else 'coalesce(%s)' % ', '.join(parts)


def path_lit(path):
    return text_array(path) + '::text[]'


class CDialect:
    """Expressions calling iotatrail's C functions (create_views)."""

    def call(self, fn, arg, path=None):
        if path is None:
            return 'iotatrail.%s(%s)' % (fn, arg)
        return 'iotatrail.%s(%s, %s)' % (fn, arg, path_lit(path))

    def group(self, expr):
        return expr


HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS'

# ISO 8601 extended and basic (value_parse.c parse_iso8601): year, month,
# day, hour, minute, second, fraction, zone sign, zone hours, zone minutes
ISO_TIME = r'(?:[.,]([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2})?)?$'
ISO_EXTENDED = r'^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})' + ISO_TIME
ISO_BASIC = r'^([0-9]{4})([0-9]{2})([0-9]{2})[Tt ]([0-9]{2})([0-9]{2})([0-9]{2})' + ISO_TIME
# digits as a Unix epoch (parse_epoch): sign, whole part, fraction
EPOCH = r'^([+-]?)([0-9]{1,17})(?:\.([0-9]*))?$'
# "Feb 14, 2018 11:55:14 PM" (parse_java_date): month, day, year, hour,
# minute, second, a or p
MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec'
JAVA_DATE = (r'^(' + '|'.join(''.join('[%s%s]' % (c.upper(), c) for c in MONTHS[i:i + 3])
                              for i in range(0, 36, 3)) +
             r')[A-Za-z]* ([0-9]{1,2}), ?([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})'
             r'(?:(?: |\u202f)([AaPp])[Mm])?$')


def days_in_month(y, m):
    return ('CASE WHEN %(m)s = 2 THEN CASE WHEN (%(y)s %% 4 = 0 AND %(y)s %% 100 <> 0) OR %(y)s %% 400 = 0 '
            'THEN 29 ELSE 28 END WHEN %(m)s IN (4, 6, 9, 11) THEN 30 ELSE 31 END' % {'y': y, 'm': m})


def valid_date(y, m, d):
    return '%s >= 1 AND %s BETWEEN 1 AND 12 AND %s BETWEEN 1 AND %s' % (y, m, d, days_in_month(y, m))


def utc(ts):
    return 'pg_catalog.timezone(\'UTC\', %s)' % ts


def micros(n):
    """An interval of n microseconds (n a bigint below 2^53: exact)"""
    return '(%s) * interval \'1 microsecond\'' % n


class PortableDialect:
    """The same readings with built-in functions and operators only
    (iotatrail.views_ddl): NULL, never an error, for a value of the wrong
    shape; a cast only after a regular expression has vouched for it."""

    def group(self, expr):
        return '(%s)' % expr

    def call(self, fn, arg, path=None):
        x = '(%s)' % arg
        f = getattr(self, fn)
        return f(x) if path is None else f(x, path)

    @staticmethod
    def typeof(x):
        return 'pg_catalog.jsonb_typeof(%s)' % x

    def json_text(self, x):
        return ("CASE WHEN %s IN ('string', 'number', 'boolean') THEN NULLIF(%s #>> '{}', '%s') END"
                % (self.typeof(x), x, HIDDEN))

    def json_int(self, x, lo, hi, sqltype):
        s = "pg_catalog.btrim(%s #>> '{}', ' ')" % x
        return ("CASE WHEN %s IN ('number', 'string') THEN "
                "CASE WHEN pg_catalog.octet_length(%s) < 32 AND %s ~ '^[ \\t\\n\\v\\f\\r]*[+-]?[0-9]+$' THEN "
                "CASE WHEN %s::numeric BETWEEN %d AND %d THEN %s::numeric::%s END END END"
                % (self.typeof(x), s, s, s, lo, hi, s, sqltype))

    def json_bigint(self, x):
        return self.json_int(x, -2**63, 2**63 - 1, 'bigint')

    def json_integer(self, x):
        return self.json_int(x, -2**31, 2**31 - 1, 'integer')

    def json_boolean(self, x):
        t = "%s #>> '{}'" % x
        return ("CASE %s WHEN 'boolean' THEN %s = 'true' WHEN 'string' THEN "
                "CASE WHEN %s ~ '^[Tt][Rr][Uu][Ee]$' THEN true WHEN %s ~ '^[Ff][Aa][Ll][Ss][Ee]$' THEN false END END"
                % (self.typeof(x), t, t, t))

    def json_object(self, x):
        return "CASE WHEN %s = 'object' THEN %s END" % (self.typeof(x), x)

    def json_array(self, x):
        return "CASE WHEN %s = 'array' THEN %s END" % (self.typeof(x), x)

    def json_value(self, x):
        return ("CASE WHEN %s = 'null' OR (%s = 'string' AND %s #>> '{}' = '%s') THEN NULL ELSE %s END"
                % (self.typeof(x), self.typeof(x), x, HIDDEN, x))

    def json_first_key(self, x):
        # jsonb_object_keys gives the keys in jsonb's order: the first is
        # the C function's first member
        return ("(SELECT k.k FROM pg_catalog.jsonb_object_keys(CASE WHEN %s = 'object' THEN %s "
                "ELSE '{}'::jsonb END) AS k(k) LIMIT 1)" % (self.typeof(x), x))

    def follow(self, x, path):
        """The value at path below x ('*': an object's first member), or NULL"""
        for step in path:
            key = self.json_first_key(x) if step == '*' else lit(step)
            x = '(%s -> %s)' % (x, key)
        return x

    def json_path_text(self, x, path):
        return self.json_text(self.follow(x, path))

    def collect(self, x, pick):
        return ("CASE WHEN %s = 'array' THEN ARRAY(SELECT c.v FROM (SELECT %s AS v, a.n "
                "FROM pg_catalog.jsonb_array_elements(CASE WHEN %s = 'array' THEN %s ELSE '[]'::jsonb END) "
                "WITH ORDINALITY AS a(el, n)) AS c WHERE c.v IS NOT NULL ORDER BY c.n) END"
                % (self.typeof(x), pick('a.el'), self.typeof(x), x))

    def json_collect_text(self, x, path):
        return self.collect(x, lambda el: self.json_text(self.follow(el, path)))

    def json_collect_first_key(self, x):
        return self.collect(x, self.json_first_key)

    def json_timestamptz(self, x):
        """One scalar subquery: the text is matched once against each form"""
        iso = {'y': 's.iso[1]::int', 'mo': 's.iso[2]::int', 'd': 's.iso[3]::int',
               'h': 's.iso[4]::int', 'mi': 's.iso[5]::int', 'se': 's.iso[6]::int',
               'frac': "pg_catalog.rpad(coalesce(s.iso[7], ''), 6, '0')::bigint",
               'oh': 'coalesce(s.iso[9]::int, 0)', 'om': 'coalesce(s.iso[10]::int, 0)'}
        iso['offset'] = ("CASE s.iso[8] WHEN '-' THEN -1 WHEN '+' THEN 1 ELSE 0 END * (%(oh)s * 3600 + %(om)s * 60)"
                         % iso)
        iso_valid = ' AND '.join([
            valid_date(iso['y'], iso['mo'], iso['d']),
            '%(h)s <= 24 AND %(mi)s <= 59 AND %(se)s <= 60' % iso,
            '(%(h)s < 24 OR (%(mi)s = 0 AND %(se)s = 0 AND %(frac)s = 0))' % iso,
            '%(oh)s <= 23 AND %(om)s <= 59' % iso])
        iso_ts = utc('pg_catalog.make_timestamp(%s, %s, %s, 0, 0, 0) + %s' % (
            iso['y'], iso['mo'], iso['d'],
            micros('(%(h)s * 3600 + %(mi)s * 60 + %(se)s - %(offset)s)::bigint * 1000000 + %(frac)s' % iso)))
        whole = 's.ep[2]::bigint'
        unit = ('CASE WHEN %s < 100000000000 THEN 1000000 WHEN %s < 100000000000000 THEN 1000 ELSE 1 END'
                % (whole, whole))
        mag = ("(%s * %s + pg_catalog.rpad(coalesce(s.ep[3], ''), 9, '0')::bigint * %s / 1000000000)"
               % (whole, unit, unit))
        usec = "(CASE s.ep[1] WHEN '-' THEN -%s ELSE %s END)" % (mag, mag)
        ep_ts = utc('pg_catalog.make_timestamp(1970, 1, 1, 0, 0, 0) + pg_catalog.make_interval(days => (%s / 86400000000)::int) + %s'
                    % (usec, micros('%s %% 86400000000' % usec)))
        jv = {'y': 's.jv[3]::int', 'd': 's.jv[2]::int', 'h': 's.jv[4]::int', 'mi': 's.jv[5]::int',
              'se': 's.jv[6]::int',
              'mo': "(pg_catalog.strpos('%s', pg_catalog.lower(s.jv[1])) + 2) / 3" % MONTHS}
        jv['h24'] = ("CASE WHEN s.jv[7] IS NULL THEN %(h)s ELSE %(h)s %% 12 + "
                     "CASE WHEN s.jv[7] IN ('p', 'P') THEN 12 ELSE 0 END END" % jv)
        jv_valid = ' AND '.join([
            '(s.jv[7] IS NULL OR %(h)s BETWEEN 1 AND 12)' % jv,
            valid_date(jv['y'], jv['mo'], jv['d']),
            '(%(h24)s) <= 23 AND %(mi)s <= 59 AND %(se)s <= 59' % jv])
        jv_ts = utc('pg_catalog.make_timestamp(%(y)s, %(mo)s, %(d)s, %(h24)s, %(mi)s, %(se)s)' % jv)
        return ("(SELECT CASE WHEN s.iso IS NOT NULL THEN CASE WHEN %s THEN %s END "
                "WHEN s.ep IS NOT NULL THEN %s "
                "WHEN s.jv IS NOT NULL THEN CASE WHEN %s THEN %s END END "
                "FROM (SELECT coalesce(pg_catalog.regexp_match(t.t, %s), pg_catalog.regexp_match(t.t, %s)) AS iso, "
                "pg_catalog.regexp_match(t.t, %s) AS ep, pg_catalog.regexp_match(t.t, %s) AS jv "
                "FROM (SELECT pg_catalog.btrim(%s #>> '{}', E' \\t') AS t WHERE %s IN ('string', 'number')) AS t) AS s)"
                % (iso_valid, iso_ts, ep_ts, jv_valid, jv_ts,
                   lit(ISO_EXTENDED), lit(ISO_BASIC), lit(EPOCH), lit(JAVA_DATE), x, self.typeof(x)))


C_DIALECT = CDialect()
PORTABLE_DIALECT = PortableDialect()


def extra_column(d, model, member_name, member, base, spec):
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
                e = d.call('json_path_text', base, path)
                if sqltype != 'text':
                    sys.exit('%s: paths through unions are text only' % col)
            else:
                e = d.call(SCALAR_CONVERT[sqltype], '%s #> %s' % (d.group(base), path_lit(path)))
            exprs.append(e)
            docs.append(doc_text(leaf.get('documentation')))
        expr = exprs[0] if len(exprs) == 1 else 'coalesce(%s)' % ', '.join(exprs)
        mpath = ' | '.join(member_name + '.' + '.'.join(p) for p in arg)
        comment = docs[0]
    elif what == 'kind':
        for k in arg:
            if model.resolve(member, [k]) is None:
                sys.exit('%s.%s is not in the model' % (member_name, k))
        expr = 'CASE %s %s END' % (
            d.call('json_first_key', base), ' '.join('WHEN %s THEN %s' % (lit(k), lit(v)) for k, v in arg.items()))
        mpath = member_name
        comment = 'which one is set: ' + ', '.join(
            '%s (%s)' % (v, k) for k, v in arg.items())
    elif what in ('collect', 'first', 'collect_path'):
        leaf = model.resolve(member, arg)
        if leaf is None:
            sys.exit('%s.%s is not in the model' % (member_name, '.'.join(arg)))
        if what == 'collect_path':
            # a list inside a structure: its string elements
            expr = d.call('json_collect_text', '%s #> %s' % (d.group(base), path_lit(arg)), [])
        else:
            expr = d.call('json_collect_text', base, arg)
            if what == 'first':
                expr = '(%s)[1]' % expr
        mpath = member_name + '.' + '.'.join(arg)
        comment = doc_text(leaf.get('documentation'))
        qualifier = {'collect': ' of each element',
                     'first': ' of the first element that has one'}.get(what, '')
    elif what in ('collect_kinds', 'first_key'):
        fn = ('json_collect_first_key' if what == 'collect_kinds'
              else 'json_first_key')
        expr = d.call(fn, base)
        mpath = member_name
        comment = ('the kind of each element (its one member)' if what == 'collect_kinds'
                   else 'its kind (the one member set)')
    else:
        raise ValueError(what)
    return sqltype, expr, mpath, '%s%s: %s' % (mpath, qualifier, comment)


def action_columns(model, op, d=None):
    """The columns of op's view: (name, type, expression, origin, model
    path, comment), the expressions written in dialect d (default: C)."""
    d = d or C_DIALECT
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
        cols.append((snake(name), sqltype, base_expr(d, name, in_req, in_resp, fn),
                     origin, name, comment.strip()))
        if name in EXTRAS:
            # each side on its own: a request may set what its response omits
            container_fn = 'json_array' if mtype == 'list' else 'json_object'
            sides = [base_expr(d, name, side == 'req', side == 'resp', container_fn)
                     for side, present in (('req', in_req), ('resp', in_resp)) if present]
            for spec in EXTRAS[name]:
                parts = [extra_column(d, model, name, member, base, spec) for base in sides]
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
        w("INSERT INTO iotatrail.action_view_columns (view_name, column_position, column_name, column_type, expression, origin, model_path, description, portable_expression) VALUES")
        rows = []
        portable = action_columns(model, op, PORTABLE_DIALECT)
        for i, (name, typ, expr, origin, mpath, comment) in enumerate(action_columns(model, op), 1):
            rows.append('(%s, %d, %s, %s, %s, %s, %s, %s, %s)' % (
                lit(snake(op)), i, lit(name), lit(typ), lit(expr), lit(origin),
                lit(mpath), lit(comment), lit(portable[i - 1][2])))
        w(',\n'.join(rows) + ';')
        w('')
    sys.stdout.write('\n'.join(out))


if __name__ == '__main__':
    main()
