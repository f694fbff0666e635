#!/usr/bin/env python3
"""Write a trail of IoT Analytics events with hostile values, for the
comparison of the two kinds of per-action views (iotatrail.create_views,
which calls iotatrail's C functions, and iotatrail.views_ddl, built-in
functions only): test/scripts/portable_views.sh.

    make_hostile_actions.py OUTDIR [EVENTS_PER_ACTION] [SEED] [DAY]

For every one of the 29 logged actions, EVENTS_PER_ACTION records whose
requestParameters and responseElements follow the action's shapes in the
API model (tools/model/), with every scalar drawn from a pool of awkward
values (timestamps in every spelling value_parse.c accepts and many it
must refuse, numbers as strings, out-of-range numbers, hidden values) and,
now and then, a value of the wrong JSON type in any place.  Deterministic.
"""
import gzip
import json
import os
import random
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools'))
import gen_views  # noqa: E402

HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS'

# the values of sql/json_typed.sql, as JSON
FROM_JSON_TYPED = ["abc", HIDDEN, None, 42, "42", " 7 ", -3, 1.5, "1.5", 9223372036854775807,
                   9223372036854775808, 2147483648, 1e3, True, "FALSE", "yes", {"a": 1}, [1],
                   "2018-02-14T23:55:14Z", "2018-02-14T23:55:14.123+01:00", 1518652514,
                   1518652514123, "1518652514", 1518652514.5, "Feb 14, 2018 11:55:14 PM",
                   "Feb 30, 2018 11:55:14 PM", "20180214T235514Z", -1, ""]

NUMBERS = ["0", "-0", "+5", "007", "\t42", "\n-3", "42 ", " 42", "4 2", "1e3", "0x1A", "1_000",
           "\u0663", "\uff14\uff12", "9223372036854775807", "9223372036854775808",
           "-9223372036854775808", "-9223372036854775809", "2147483647", "2147483648",
           "-2147483648", "-2147483649", "12345678901234567890123456789012", " " * 20 + "1",
           0, 7, -2147483649, 2147483647, -9223372036854775808, 1.0, 1e20, 1e-7,
           123456789012345678, 99999999999999999999]

BOOLEANS = [True, False, "true", "TRUE", "False", "fAlSe", "t", "f", "yes", "true ", "1", 1, 0]

TIMESTAMPS = [
    "2018-02-14T23:55:14Z", "2018-02-14t23:55:14,5", "2018-02-14 23:55:14",
    "2018-02-14T23:55:14.1234567-05:30", "2018-02-14T23:55:14+0530", "2018-02-14T23:55:14+05",
    "2018-02-14T23:55:14+05:", "2018-02-14T23:55:14+053", "2018-02-14T23:55:14z",
    "2018-02-14T24:00:00Z", "2018-02-14T24:00:01Z", "2018-02-14T24:00:00.0000001Z",
    "2018-02-14T24:00:00.000001Z", "2016-12-31T23:59:60Z", "2016-12-31T23:59:61Z",
    "2018-02-29T00:00:00Z", "2016-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
    "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T24:00:00-23:59",
    "2018-13-01T00:00:00Z", "2018-00-01T00:00:00Z", "2018-04-31T00:00:00Z", "2018-04-00T00:00:00Z",
    "2018-02-14T23:60:00Z", "2018-02-14T25:00:00Z", "2018-02-14T23:55:14+24:00",
    "2018-02-14T23:55:14+23:59", "2018-02-14T23:55:14+05:60", "20180214T235514Z",
    "20180214T235514.5+0100", "20180214t235514", "2018-0214T23:55:14Z", "201802-14T23:55:14Z",
    "20180214 235514", " 2018-02-14T23:55:14Z\t", "\t 2018-02-14T23:55:14Z", "\n2018-02-14T23:55:14Z",
    "2018-02-14T23:55:14Zjunk", "2018-02-14T23:55", "2018-02-14", "2018-02-14T23:55:14.",
    "2018-02-14T23:55:14.5Z ", "\uff12\uff10\uff11\uff18-02-14T23:55:14Z",
    "1518652514", "1518652514123", "1518652514123456", "15186525141234567", "151865251412345678",
    "-1518652514", "+1518652514", "1518652514.", "1518652514.999999999999", "1518652514123.5",
    "1518652514123456.7", "-1.5", ".5", "99999999999", "100000000000", "99999999999999",
    "100000000000000", "0", "-0.0000000005", "- 5", "15186525 14",
    1518652514, 1518652514123, 1518652514123456, 15186525141234567, 151865251412345678,
    -1518652514, 1518652514.25, -0.5, 0, 1e10, 1e20, 99999999999999999,
    "Feb 14, 2018 11:55:14 PM", "Feb 14, 2018 11:55:14 AM", "February 14, 2018 11:55:14 pm",
    "feb 14,2018 23:55:14", "Feb 14, 2018 12:00:00 AM", "Feb 14, 2018 12:00:00 PM",
    "Feb 14, 2018 0:00:00 PM", "Feb 14, 2018 13:00:00 PM", "Feb 29, 2016 1:02:03 AM",
    "Feb 29, 2018 1:02:03 AM", "Feb 14, 2018 11:55:14\u202fPM", "Feb 14, 2018 11:55:14  PM",
    "Feb 14, 2018 11:55:14 P", "Feb 14, 2018 11:55:14 PMx", "Feb 14, 2018 24:00:00",
    "Feb 14, 2018 23:59:60", "Feb 14, 2018 23:60:00", "Xyz 14, 2018 11:55:14 PM",
    "Febr 4, 2018 1:55:14 PM", "Feb 144, 2018 11:55:14 PM", "Feb 14, 0000 11:55:14 PM",
    "Jan 1, 0001 00:00:00", "Dec 31, 9999 23:59:59", "MAY 5, 2020 5:05:05 pm", "Sept 9, 2020 9:09:09",
    "Feb14, 2018 11:55:14 PM", "Feb 14 2018 11:55:14 PM", "Fe 14, 2018 11:55:14 PM",
    "Feb 14, 2018 111:55:14", "Feb 14, 2018 11:5:14", "Apr 31, 2018 10:00:00", "  Feb 14, 2018 11:55:14 PM ",
]

STRINGS = ["abc", "", " ", HIDDEN, "hidden_due_to_security_reasons", "caf\u00e9", "a\"b'c\\d",
           "line\nbreak", "arn:aws:iotanalytics:us-east-1:111122223333:channel/c1",
           "arn:aws:iotanalytics:cn-north-1:111122223333:dataset/d1", "x" * 300, "\u0000".replace("\u0000", "nul")]

OTHERS = [None, {}, [], {"a": 1}, [1, "x"], {"lambda": {"name": "f"}}, [{"channel": {"name": "c"}}],
          {"customerManagedS3": {"bucket": 5}}, [None], [[]], {"": 1}]

POOL = FROM_JSON_TYPED + NUMBERS + BOOLEANS + TIMESTAMPS + STRINGS + OTHERS
BY_TYPE = {'timestamp': TIMESTAMPS + FROM_JSON_TYPED, 'integer': NUMBERS + FROM_JSON_TYPED,
           'long': NUMBERS + FROM_JSON_TYPED, 'boolean': BOOLEANS + FROM_JSON_TYPED,
           'string': STRINGS + NUMBERS[:6] + TIMESTAMPS[:5] + BOOLEANS[:4]}

rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 32)


def value(model, shape_name, depth=0):
    """A value for the shape, now and then of the wrong type"""
    if rng.random() < 0.12 or depth > 6:
        return rng.choice(POOL)
    shape = model.shapes[shape_name]
    t = shape['type']
    if t == 'structure':
        members = shape.get('members', {})
        out = {}
        for name, m in members.items():
            if rng.random() < 0.8:
                out[name] = value(model, m['shape'], depth + 1)
        if members and rng.random() < 0.1:
            out[rng.choice(['zz', 'a', 'lambda', 'Z'])] = rng.choice(POOL)
        return out
    if t == 'list':
        return [value(model, shape['member']['shape'], depth + 1) for _ in range(rng.randint(0, 3))]
    if t == 'map':
        return {'k%d' % i: value(model, shape['value']['shape'], depth + 1) for i in range(rng.randint(0, 2))}
    return rng.choice(BY_TYPE.get(t, POOL))


def side(model, op, direction):
    ref = model.ops[op].get(direction)
    r = rng.random()
    if ref is None or r < 0.05:
        return None
    if r < 0.08:
        return rng.choice(POOL)
    return value(model, ref['shape'])


def record(model, op, i):
    region = rng.choice(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1'])
    rec = {
        "eventVersion": "1.08",
        "userIdentity": {"type": "AssumedRole", "principalId": "AROAEXAMPLE:s%d" % (i % 13),
                         "arn": "arn:aws:sts::111122223333:assumed-role/r%d/s" % (i % 5),
                         "accountId": "111122223333"},
        "eventTime": "2024-06-%02dT%02d:%02d:%02dZ" % (1 + i % 28, i % 24, i % 60, (i * 7) % 60),
        "eventSource": "iotanalytics.amazonaws.com",
        "eventName": op,
        "awsRegion": region,
        "sourceIPAddress": rng.choice(["203.0.113.%d" % (i % 256), "iotanalytics.amazonaws.com", "::1"]),
        "userAgent": "hostile/1.0",
        "requestParameters": side(model, op, 'input'),
        "responseElements": side(model, op, 'output'),
        "requestID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "eventID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "eventType": "AwsApiCall",
        "recipientAccountId": "111122223333",
    }
    if rng.random() < 0.15:
        rec["errorCode"] = "AccessDenied"
        rec["errorMessage"] = "no"
    return rec


def main():
    out = sys.argv[1]
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    model = gen_views.Model(gen_views.DEFAULT_MODEL)
    ops = sorted(op for op in model.ops if op not in gen_views.NOT_LOGGED)
    recs = [record(model, op, i) for op in ops for i in range(per)]
    day = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    d = os.path.join(out, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2024', '06', '%02d' % day)
    os.makedirs(d, exist_ok=True)
    for f in range(0, len(recs), 200):
        name = '111122223333_CloudTrail_us-east-1_202406%02dT%04dZ_hostile%d.json.gz' % (day, f // 200, f // 200)
        with open(os.path.join(d, name), 'wb') as fh:
            fh.write(gzip.compress(json.dumps({"Records": recs[f:f + 200]}).encode(), mtime=0))
    print('%d records of %d actions' % (len(recs), len(ops)))


if __name__ == '__main__':
    main()
