#!/usr/bin/env python3
"""The benchmark corpus: a trail of N events laid out as CloudTrail delivers
it (2 accounts, 3 regions, 2000 records per file or PER_FILE, about 1 KB
per record, mixed services with 20% IoT Analytics, every identity kind,
records shuffled).  Deterministic: fixed seed, gzip level 6, mtime 0.
Files are delivered every 20 minutes per account and region, or as often
as it takes to put the events in 35 days when files are small.

  gen_corpus.py OUT_DIR EVENTS [PER_FILE]
"""
import datetime
import gzip
import json
import os
import random
import sys
import uuid

ACCOUNTS = ["111111111111", "222222222222"]
REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"]
IOT = ["CreateChannel", "DescribeChannel", "ListChannels", "RunPipelineActivity", "CreateDataset",
       "DeleteDatastore", "UpdatePipeline", "SampleChannelData", "GetDatasetContent", "DescribeDatastore"]
OTHER = [("s3.amazonaws.com", "GetObject"), ("s3.amazonaws.com", "PutObject"), ("ec2.amazonaws.com", "DescribeInstances"),
         ("sts.amazonaws.com", "AssumeRole"), ("kms.amazonaws.com", "Decrypt"), ("iam.amazonaws.com", "ListRoles")]
rng = random.Random(2024)


def identity(i, account):
    k = i % 6
    if k == 0:
        return {"type": "IAMUser", "principalId": "AIDA%016d" % (i % 50), "arn": f"arn:aws:iam::{account}:user/u{i % 50}",
                "accountId": account, "accessKeyId": "AKIA%016d" % (i % 50), "userName": f"u{i % 50}"}
    if k == 1:
        return {"type": "Root", "principalId": account, "arn": f"arn:aws:iam::{account}:root", "accountId": account}
    if k == 2:
        return {"type": "AWSService", "invokedBy": "iotanalytics.amazonaws.com"}
    if k == 3:
        return {"type": "FederatedUser", "principalId": f"{account}:fed{i % 9}", "arn": f"arn:aws:sts::{account}:federated-user/fed{i % 9}",
                "accountId": account, "accessKeyId": "ASIA%016d" % (i % 9),
                "sessionContext": {"sessionIssuer": {"type": "IAMUser", "principalId": "AIDABROKER", "arn": f"arn:aws:iam::{account}:user/broker",
                                                     "accountId": account, "userName": "broker"},
                                   "attributes": {"creationDate": "2024-05-01T00:00:00Z", "mfaAuthenticated": "false"}}}
    return {"type": "AssumedRole", "principalId": f"AROAEXAMPLE{i % 13}:session-{i % 97}",
            "arn": f"arn:aws:sts::{account}:assumed-role/role-{i % 13}/session-{i % 97}", "accountId": account,
            "accessKeyId": "ASIA%016d" % (i % 97),
            "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": f"AROAEXAMPLE{i % 13}",
                                                 "arn": f"arn:aws:iam::{account}:role/role-{i % 13}", "accountId": account,
                                                 "userName": f"role-{i % 13}"},
                               "attributes": {"creationDate": "2024-05-01T00:00:00Z", "mfaAuthenticated": "false"}}}


def record(i, account, region, when):
    iot = rng.random() < 0.2
    source, name = ("iotanalytics.amazonaws.com", rng.choice(IOT)) if iot else rng.choice(OTHER)
    return {
        "eventVersion": "1.08", "userIdentity": identity(i, account),
        "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": source, "eventName": name,
        "awsRegion": region, "sourceIPAddress": "10.%d.%d.%d" % (i % 256, (i >> 8) % 256, (i >> 16) % 256),
        "userAgent": "aws-sdk-java/2.25.10 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.10 Java/17.0.10 vendor/Amazon.com_Inc.",
        "requestParameters": {"channelName": f"channel_{i % 50}", "datasetName": f"ds_{i % 20}",
                              "retentionPeriod": {"numberOfDays": 30}, "maxResults": 100},
        "responseElements": None if i % 3 else {"channelArn": f"arn:aws:iotanalytics:{region}:{account}:channel/channel_{i % 50}"},
        "requestID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "eventID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "readOnly": i % 2 == 0, "eventType": "AwsApiCall", "managementEvent": True,
        "recipientAccountId": account, "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com"},
    }


def main():
    out, events = sys.argv[1], int(sys.argv[2])
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    start = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
    nfiles = max(1, (events + per_file - 1) // per_file)
    # seconds between deliveries (of all six account-regions together)
    step = min(20 * 60, 35 * 86400 // nfiles)
    i = 0
    for f in range(nfiles):
        account = ACCOUNTS[f % 2]
        region = REGIONS[(f // 2) % 3]
        delivered = start + datetime.timedelta(seconds=step * f)
        n = min(per_file, events - i)
        recs = [record(i + k, account, region, delivered - datetime.timedelta(seconds=rng.randint(60, 900)))
                for k in range(n)]
        rng.shuffle(recs)
        i += n
        folder = os.path.join(out, "AWSLogs", account, "CloudTrail", region, delivered.strftime("%Y/%m/%d"))
        os.makedirs(folder, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_{uuid.UUID(int=f).hex[:16]}.json.gz"
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(gzip.compress(json.dumps({"Records": recs}, separators=(",", ":")).encode(), 6, mtime=0))
    print(nfiles, "files,", events, "events")


if __name__ == "__main__":
    main()
