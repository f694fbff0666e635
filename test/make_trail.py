#!/usr/bin/env python3
"""Write CloudTrail-shaped test files for the scripted tests and benchmarks.

  make_trail.py files DIR NFILES RECORDS_PER_FILE   -- a trail of gzip'd log files
  make_trail.py big FILE RECORDS                    -- one large gzip'd log file
  make_trail.py huge-record FILE MEGABYTES          -- one record holding a string of that size
  make_trail.py bad DIR                              -- truncated, corrupt, empty files
  make_trail.py shapes DIR                           -- the same 4 records in every input shape
  make_trail.py org DIR NFILES ACCOUNTS              -- an organization trail: ACCOUNTS accounts,
                                                        3 regions, NFILES files over four months

Deterministic (fixed seed, gzip mtime 0). About 1 KB per record.
"""
import gzip
import json
import os
import random
import sys
import uuid

rng = random.Random(7)
ACTIONS = ["CreateChannel", "DescribeChannel", "ListChannels", "RunPipelineActivity",
           "CreateDataset", "DeleteDatastore", "UpdatePipeline", "SampleChannelData"]


def record(i):
    iot = i % 5 == 0
    return {
        "eventVersion": "1.08",
        "userIdentity": {"type": "AssumedRole", "principalId": f"AROAEXAMPLE:session-{i % 97}",
                         "arn": f"arn:aws:sts::123456789012:assumed-role/role-{i % 7}/session-{i % 97}",
                         "accountId": "123456789012", "accessKeyId": "ASIAEXAMPLE%012d" % (i % 1000),
                         "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE",
                                                              "arn": f"arn:aws:iam::123456789012:role/role-{i % 7}",
                                                              "accountId": "123456789012", "userName": f"role-{i % 7}"},
                                            "attributes": {"creationDate": "2024-05-01T00:00:00Z", "mfaAuthenticated": "false"}}},
        "eventTime": "2024-05-%02dT%02d:%02d:%02dZ" % (1 + i % 28, i % 24, i % 60, (i * 7) % 60),
        "eventSource": "iotanalytics.amazonaws.com" if iot else "s3.amazonaws.com",
        "eventName": ACTIONS[i % len(ACTIONS)] if iot else "GetObject",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "10.%d.%d.%d" % (i % 256, (i >> 8) % 256, (i >> 16) % 256),
        "userAgent": "aws-sdk-java/2.25.10 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.10",
        "requestParameters": {"channelName": f"channel_{i % 50}", "bucketName": "raw", "key": f"k/{i}"},
        "responseElements": None,
        "requestID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "eventID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "readOnly": i % 2 == 0,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": "123456789012",
        "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": "iotanalytics.us-east-1.amazonaws.com"},
    }


def trail_bytes(start, n):
    return json.dumps({"Records": [record(start + k) for k in range(n)]}, separators=(",", ":")).encode()


def write_shapes(out):
    """Four records (two IoT Analytics) in each shape a reader must detect by
    content; names are deliberately misleading or bare."""
    os.makedirs(out, exist_ok=True)
    recs = [record(5), record(1), record(10), record(2)]   # 5 and 10 are IoT Analytics
    compact = lambda o: json.dumps(o, separators=(",", ":"))
    trail = compact({"Records": recs}).encode()
    shapes = {
        "trail.json": trail,
        "trail-gzip.txt": gzip.compress(trail, mtime=0),
        "multimember": gzip.compress(compact({"Records": recs[:2]}).encode(), mtime=0)
                       + gzip.compress(compact({"Records": recs[2:]}).encode(), mtime=0),
        "console-history.json": json.dumps({"Records": recs}, indent=2).encode(),
        "records-not-first.json": compact({"Foo": [1, {"Records": []}], "Records": recs, "Bar": {"x": "]"}}).encode(),
        "ndjson.log": ("\n".join(compact(r) for r in recs[:2]) + "\n\n" + "\n".join(compact(r) for r in recs[2:])).encode(),
        "lookup-events.json.gz": gzip.compress(json.dumps({"Events": [
            {"EventId": r["eventID"], "EventName": r["eventName"], "ReadOnly": "true",
             "EventTime": "2024-05-01T10:00:00+00:00", "EventSource": r["eventSource"],
             "CloudTrailEvent": compact(r)} for r in recs], "NextToken": "abc"}).encode(), mtime=0),
        "eventbridge.ndjson": "\n".join(compact({"version": "0", "id": r["eventID"],
            "detail-type": "AWS API Call via CloudTrail", "source": "aws.iotanalytics",
            "account": "123456789012", "time": r["eventTime"], "region": "us-east-1",
            "resources": [], "detail": r}) for r in recs).encode(),
    }
    for name, body in shapes.items():
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(body)
    # a single record, pretty printed, IoT Analytics
    with open(os.path.join(out, "single-record.json"), "wb") as fh:
        fh.write(json.dumps(recs[0], indent=4).encode())


ORG_ACTIONS = [("CreateChannel", "channel"), ("DescribeChannel", "channel"), ("UpdateChannel", "channel"),
               ("DeleteChannel", "channel"), ("CreateDataset", "dataset"), ("DescribeDataset", "dataset"),
               ("DeleteDatastore", "datastore"), ("RunPipelineActivity", None), ("ListChannels", None)]


def write_org(out, nfiles, naccounts):
    """AWSLogs/o-exampleorg/<account>/CloudTrail/<region>/YYYY/MM/DD/, as an
    organization trail delivers it: files from March to July 2024, each
    holding calls of the minutes before its delivery, IoT Analytics calls of
    several kinds (failed ones too, some from outside 10.0.0.0/8) and a few
    of another service."""
    import datetime
    r = random.Random(18)
    accounts = ["%012d" % (100000000001 + 111111111 * a) for a in range(naccounts)]
    regions = ["us-east-1", "eu-west-1", "ap-south-1"]
    start = datetime.datetime(2024, 3, 20, tzinfo=datetime.timezone.utc)
    n = 0
    for f in range(nfiles):
        account = accounts[f % naccounts]
        region = regions[(f // naccounts) % 3]
        delivered = start + datetime.timedelta(minutes=661 * f + r.randint(0, 20))
        recs = []
        for k in range(r.randint(3, 12)):
            i = n + k
            when = delivered - datetime.timedelta(seconds=r.randint(60, 1200))
            action, kind = ORG_ACTIONS[r.randrange(len(ORG_ACTIONS))]
            iot = r.random() < 0.8
            name = f"{kind or 'channel'}_{r.randrange(12)}"
            params = {f"{kind}Name": name} if kind else {"pipelineActivity": {"lambda": {"name": "l1"}}}
            if action == "UpdateChannel":
                params["retentionPeriod"] = {"numberOfDays": r.choice([7, 30])} if r.random() < 0.7 else {"unlimited": True}
            rec = {
                "eventVersion": "1.08",
                "userIdentity": {"type": "AssumedRole", "principalId": f"AROAORG{i % 5}:s{i % 9}",
                                 "arn": f"arn:aws:sts::{account}:assumed-role/ops-{i % 5}/s{i % 9}",
                                 "accountId": account, "accessKeyId": "ASIA%016d" % (i % 9)},
                "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "eventSource": "iotanalytics.amazonaws.com" if iot else "s3.amazonaws.com",
                "eventName": action if iot else "GetObject",
                "awsRegion": region,
                "sourceIPAddress": ("10.1.%d.%d" if r.random() < 0.8 else "198.51.100.%d%d") % (i % 250, k),
                "userAgent": "aws-cli/2.15.30",
                "requestParameters": params if iot else {"bucketName": "raw", "key": f"k/{i}"},
                "responseElements": ({f"{kind}Name": name, f"{kind}Arn": f"arn:aws:iotanalytics:{region}:{account}:{kind}/{name}"}
                                     if iot and kind and action.startswith("Create") else None),
                "requestID": str(uuid.UUID(int=r.getrandbits(128), version=4)),
                "eventID": str(uuid.UUID(int=r.getrandbits(128), version=4)),
                "eventType": "AwsApiCall",
                "recipientAccountId": account,
            }
            if r.random() < 0.12:
                rec["errorCode"] = "AccessDeniedException"
                rec["errorMessage"] = "User is not authorized to perform this action"
                rec["responseElements"] = None
            recs.append(rec)
        n += len(recs)
        folder = os.path.join(out, "AWSLogs", "o-exampleorg", account, "CloudTrail", region, delivered.strftime("%Y/%m/%d"))
        os.makedirs(folder, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_{uuid.UUID(int=f).hex[:16]}.json.gz"
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(gzip.compress(json.dumps({"Records": recs}).encode(), mtime=0))
    print(nfiles, "files,", n, "records,", " ".join(accounts))


def main():
    cmd = sys.argv[1]
    if cmd == "files":
        out, nfiles, per = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        for f in range(nfiles):
            d = os.path.join(out, "%02d" % (f % 28 + 1))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "f%04d.json.gz" % f), "wb") as fh:
                fh.write(gzip.compress(trail_bytes(f * per, per), compresslevel=6, mtime=0))
    elif cmd == "big":
        path, n = sys.argv[2], int(sys.argv[3])
        with gzip.GzipFile(path, "wb", compresslevel=6, mtime=0) as fh:
            fh.write(b'{"Records":[')
            for k in range(n):
                if k:
                    fh.write(b",")
                fh.write(json.dumps(record(k), separators=(",", ":")).encode())
            fh.write(b"]}")
    elif cmd == "huge-record":
        path, mb = sys.argv[2], int(sys.argv[3])
        r = record(0)
        r["requestParameters"] = {"blob": "x" * (mb * 1024 * 1024)}
        with open(path, "wb") as fh:
            fh.write(json.dumps({"Records": [record(5), r, record(10)]}).encode())
    elif cmd == "bad":
        out = sys.argv[2]
        os.makedirs(out, exist_ok=True)
        good = gzip.compress(trail_bytes(0, 20), mtime=0)
        with open(os.path.join(out, "truncated.json.gz"), "wb") as fh:
            fh.write(good[:len(good) * 2 // 3])
        corrupt = bytearray(good)
        corrupt[len(corrupt) // 2] ^= 0xFF
        with open(os.path.join(out, "corrupt.json.gz"), "wb") as fh:
            fh.write(bytes(corrupt))
        open(os.path.join(out, "empty.json"), "wb").close()
        with open(os.path.join(out, "multimember.json.gz"), "wb") as fh:
            fh.write(gzip.compress(trail_bytes(0, 10), mtime=0) + gzip.compress(trail_bytes(10, 10), mtime=0))
    elif cmd == "shapes":
        write_shapes(sys.argv[2])
    elif cmd == "org":
        write_org(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
