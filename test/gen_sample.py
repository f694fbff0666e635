#!/usr/bin/env python3
"""Generate the sample trail bundled for the README demo (test/sample/).

Deterministic: a fixed seed, gzip with mtime 0, so a rerun rewrites the same
bytes. Layout as a trail delivers it:
AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<stamp>_<unique>.json.gz
"""
import gzip
import json
import os
import random
import shutil
import uuid

ACCOUNT = "123456789012"
REGIONS = ["us-east-1", "eu-west-1"]
DAYS = ["2024-05-01", "2024-05-02", "2024-05-03"]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample")

rng = random.Random(20240501)


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def iam_user(name):
    return {"type": "IAMUser", "principalId": "AIDA" + name.upper()[:8].ljust(17, "X"),
            "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "accountId": ACCOUNT,
            "accessKeyId": "AKIA" + name.upper()[:6].ljust(16, "Q"), "userName": name}


def role(name, session, created):
    return {"type": "AssumedRole", "principalId": f"AROAEXAMPLEROLEID{name[:3].upper()}:{session}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}", "accountId": ACCOUNT,
            "accessKeyId": "ASIA" + session.upper()[:6].ljust(16, "Z"),
            "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": f"AROAEXAMPLEROLEID{name[:3].upper()}",
                                                 "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
                                                 "accountId": ACCOUNT, "userName": name},
                               "attributes": {"creationDate": created, "mfaAuthenticated": "false"}}}


ROOT = {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root",
        "accountId": ACCOUNT, "accessKeyId": "ASIAROOTCONSOLE00001",
        "sessionContext": {"attributes": {"creationDate": "2024-05-02T08:00:00Z", "mfaAuthenticated": "true"}}}
SERVICE = {"type": "AWSService", "invokedBy": "iotanalytics.amazonaws.com"}

PEOPLE = {
    "alice": ("alice", "203.0.113.10"),
    "bob": ("bob", "198.51.100.7"),
    "intern": ("intern-carol", "203.0.113.99"),
}


def actor(kind, day):
    if kind in PEOPLE:
        name, ip = PEOPLE[kind]
        return iam_user(name), ip, "aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64"
    if kind == "ci":
        return role("pipeline-ci", "build-" + day[-2:], day + "T06:00:00Z"), f"10.0.{rng.randint(0, 3)}.{rng.randint(2, 250)}", "Boto3/1.34.90 Python/3.12.2"
    if kind == "etl":
        return role("etl-runner", "etl-session", day + "T05:30:00Z"), "192.0.2.44", "aws-sdk-java/2.25.10"
    if kind == "root":
        return ROOT, "198.51.100.200", "console.amazonaws.com"
    return SERVICE, "iotanalytics.amazonaws.com", "iotanalytics.amazonaws.com"


def iot_story(day, region):
    """(eventName, actor, requestParameters, responseElements, errorCode)"""
    arn = f"arn:aws:iotanalytics:{region}:{ACCOUNT}"
    d = day[-2:]
    ch, ds, st, pl = f"telemetry_{d}", f"daily_report_{d}", f"store_{d}", f"pipe_{d}"
    steps = [
        ("CreateChannel", "alice", {"channelName": ch, "retentionPeriod": {"unlimited": True}},
         {"channelName": ch, "channelArn": f"{arn}:channel/{ch}", "retentionPeriod": {"unlimited": True}}, None),
        ("CreateDatastore", "alice", {"datastoreName": st, "retentionPeriod": {"numberOfDays": 90}},
         {"datastoreName": st, "datastoreArn": f"{arn}:datastore/{st}", "retentionPeriod": {"numberOfDays": 90}}, None),
        ("CreatePipeline", "ci", {"pipelineName": pl, "pipelineActivities": [
            {"channel": {"name": "in", "channelName": ch, "next": "out"}},
            {"datastore": {"name": "out", "datastoreName": st}}]},
         {"pipelineName": pl, "pipelineArn": f"{arn}:pipeline/{pl}"}, None),
        ("CreateDataset", "bob", {"datasetName": ds, "actions": [{"actionName": "q", "queryAction": {"sqlQuery": f"select * from {st}"}}]},
         {"datasetName": ds, "datasetArn": f"{arn}:dataset/{ds}"}, None),
        ("DescribeChannel", "bob", {"channelName": ch, "includeStatistics": True}, None, None),
        ("ListDatasets", "bob", None, None, None),
        ("RunPipelineActivity", "ci", {"pipelineActivity": {"lambda": {"name": "enrich", "lambdaName": "enrich", "batchSize": 10}}, "payloads": ["eyJ0IjoxfQ=="]}, None, None),
        ("RunPipelineActivity", "etl", {"pipelineActivity": {"math": {"name": "f", "attribute": "tf", "math": "t*1.8+32"}}, "payloads": ["eyJ0IjoyfQ=="]}, None, None),
        ("SampleChannelData", "ci", {"channelName": ch, "maxMessages": 10}, None, None),
        ("CreateDatasetContent", "service", {"datasetName": ds}, {"versionId": uid()}, None),
        ("UpdateChannel", "alice", {"channelName": ch, "retentionPeriod": {"unlimited": False, "numberOfDays": 30}}, None, None),
        ("DeleteDatastore", "intern", {"datastoreName": st}, None, "AccessDeniedException"),
    ]
    if d == "03":
        steps.append(("DeleteDataset", "alice", {"datasetName": f"daily_report_01"}, None, None))
        steps.append(("PutLoggingOptions", "root", {"loggingOptions": {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/logs", "level": "ERROR", "enabled": True}}, None, None))
    return steps


OTHER = [
    ("s3.amazonaws.com", "GetObject", {"bucketName": "raw-telemetry", "key": "2024/05/x.json"}),
    ("s3.amazonaws.com", "PutObject", {"bucketName": "raw-telemetry", "key": "2024/05/y.json"}),
    ("iam.amazonaws.com", "ListRoles", None),
    ("sts.amazonaws.com", "AssumeRole", {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/pipeline-ci", "roleSessionName": "build"}),
    ("ec2.amazonaws.com", "DescribeInstances", {"maxResults": 100}),
    ("kms.amazonaws.com", "Decrypt", {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
]


def record(day, region, hour, minute, source, name, who, params, response, error):
    ident, ip, agent = actor(who, day)
    r = {"eventVersion": "1.08", "userIdentity": ident,
         "eventTime": f"{day}T{hour:02d}:{minute:02d}:{rng.randint(0, 59):02d}Z",
         "eventSource": source, "eventName": name, "awsRegion": region,
         "sourceIPAddress": ip, "userAgent": agent}
    if error:
        r["errorCode"] = error
        r["errorMessage"] = f"User is not authorized to perform: iotanalytics:{name}"
    r["requestParameters"] = params
    r["responseElements"] = response
    r["requestID"] = uid()
    r["eventID"] = uid()
    r["readOnly"] = name.startswith(("Describe", "List", "Get", "Sample"))
    r["eventType"] = "AwsApiCall"
    r["managementEvent"] = True
    r["recipientAccountId"] = ACCOUNT
    r["eventCategory"] = "Management"
    if who not in ("service",):
        r["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                           "clientProvidedHostHeader": source.replace(".amazonaws.com", f".{region}.amazonaws.com")}
    return r


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for region in REGIONS:
        for day in DAYS:
            story = iot_story(day, region)
            for half, (start_h, deliver_h) in enumerate([(6, 12), (12, 18)]):
                recs = []
                mine = story[half::2]
                for i, (name, who, params, resp, err) in enumerate(mine):
                    recs.append(record(day, region, start_h + i % 6, rng.randint(0, 59),
                                       "iotanalytics.amazonaws.com", name, who, params, resp, err))
                for _ in range(rng.randint(14, 24)):
                    src, name, params = rng.choice(OTHER)
                    recs.append(record(day, region, start_h + rng.randint(0, 5), rng.randint(0, 59),
                                       src, name, rng.choice(["alice", "bob", "ci", "etl"]), params, None, None))
                rng.shuffle(recs)
                y, m, d = day.split("-")
                folder = os.path.join(OUT, "AWSLogs", ACCOUNT, "CloudTrail", region, y, m, d)
                os.makedirs(folder, exist_ok=True)
                unique = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(16))
                fname = f"{ACCOUNT}_CloudTrail_{region}_{y}{m}{d}T{deliver_h:02d}05Z_{unique}.json.gz"
                body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
                with open(os.path.join(folder, fname), "wb") as f:
                    f.write(gzip.compress(body, mtime=0))
    # a digest file: not events, the reader skips it
    folder = os.path.join(OUT, "AWSLogs", ACCOUNT, "CloudTrail-Digest", "us-east-1", "2024", "05", "01")
    os.makedirs(folder, exist_ok=True)
    digest = {"awsAccountId": ACCOUNT, "digestStartTime": "2024-05-01T00:00:00Z", "digestEndTime": "2024-05-01T01:00:00Z",
              "digestS3Bucket": "trail-bucket", "digestS3Object": "x", "digestPublicKeyFingerprint": "0" * 32,
              "digestSignatureAlgorithm": "SHA256withRSA", "logFiles": []}
    with open(os.path.join(folder, f"{ACCOUNT}_CloudTrail-Digest_us-east-1_main_us-east-1_20240501T010000Z.json.gz"), "wb") as f:
        f.write(gzip.compress(json.dumps(digest).encode(), mtime=0))


if __name__ == "__main__":
    main()
