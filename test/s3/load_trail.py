#!/usr/bin/python3
"""Write a trail laid out as CloudTrail delivers it, to a local directory
and to a bucket of the local S3 server, so the S3 tests can compare what
iotatrail reads from S3 with what it reads from disk.

  load_trail.py LOCAL_DIR S3_ENDPOINT BUCKET NFILES [BIG_RECORDS]
  (S3_ENDPOINT "-": the local copy only)

Keys: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
      <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
Each file holds a few records of the minutes before its delivery time
(every 13th of the hours before it, up to 23); one
more file holds BIG_RECORDS records (a multi-megabyte object, so a cut
transfer is resumed mid-stream).  Deterministic: fixed seed, gzip mtime 0.
Also writes a digest file, which readers must skip.
"""
import concurrent.futures
import datetime
import gzip
import json
import os
import random
import sys
import uuid

import botocore.session
from botocore.config import Config

ACCOUNTS = ["111111111111", "222222222222"]
REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"]
ACTIONS = ["CreateChannel", "DescribeChannel", "DeleteDatastore", "RunPipelineActivity", "UpdateDataset"]
rng = random.Random(5)


def record(account, region, when, i):
    iot = i % 3 != 0
    rec = {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDA%012d" % (i % 17),
                         "arn": f"arn:aws:iam::{account}:user/u{i % 17}", "accountId": account,
                         "accessKeyId": "AKIA%016d" % (i % 17), "userName": f"u{i % 17}"},
        "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": "iotanalytics.amazonaws.com" if iot else "s3.amazonaws.com",
        "eventName": ACTIONS[i % len(ACTIONS)] if iot else "GetObject",
        "awsRegion": region,
        "sourceIPAddress": "10.0.%d.%d" % (i % 250, (i * 7) % 250),
        "userAgent": "aws-cli/2.15.30",
        "requestParameters": {"channelName": f"ch_{i % 40}", "datasetName": f"ds_{i % 9}"},
        "responseElements": None,
        "requestID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "eventID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "eventType": "AwsApiCall",
        "recipientAccountId": account,
    }
    # failed calls carry a code; some writers spell success as null
    if i % 7 == 3:
        rec["errorCode"] = "AccessDenied"
        rec["errorMessage"] = "User is not authorized to perform this action"
    elif i % 11 == 5:
        rec["errorCode"] = None
    return rec


def main():
    local, endpoint, bucket, nfiles = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    big = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    objects = {}
    start = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
    n = 0
    for f in range(nfiles):
        account = ACCOUNTS[f % len(ACCOUNTS)]
        region = REGIONS[(f // 2) % len(REGIONS)]
        delivered = start + datetime.timedelta(minutes=37 * f)
        # most within 15 minutes; every 13th file late, up to 23 hours (the
        # delivery slack pruning allows: a bound on its stamps can tell)
        late = 23 * 60 if f % 13 == 6 else 14
        recs = [record(account, region, delivered - datetime.timedelta(minutes=1 + rng.randint(0, late)), n + k)
                for k in range(3)]
        n += 3
        stamp = delivered.strftime("%Y%m%dT%H%MZ")
        key = (f"AWSLogs/{account}/CloudTrail/{region}/{delivered:%Y/%m/%d}/"
               f"{account}_CloudTrail_{region}_{stamp}_{uuid.UUID(int=f).hex[:16]}.json.gz")
        objects[key] = gzip.compress(json.dumps({"Records": recs}).encode(), mtime=0)
    if big:
        when = start + datetime.timedelta(days=2)
        recs = [record("111111111111", "us-east-1", when, n + k) for k in range(big)]
        key = f"AWSLogs/111111111111/CloudTrail/us-east-1/{when:%Y/%m/%d}/111111111111_CloudTrail_us-east-1_{when:%Y%m%dT%H%MZ}_big.json.gz"
        objects[key] = gzip.compress(json.dumps({"Records": recs}).encode(), mtime=0)
    digest = "AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/05/01/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240501T010000Z.json.gz"
    objects[digest] = gzip.compress(b'{"awsAccountId":"111111111111","logFiles":[]}', mtime=0)

    for key, body in objects.items():
        path = os.path.join(local, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(body)

    if endpoint == "-":
        print(len(objects), "objects,", n + big, "records")
        return
    client = botocore.session.get_session().create_client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER",
        config=Config(s3={"addressing_style": "path"}, max_pool_connections=16))
    try:
        client.create_bucket(Bucket=bucket)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    except Exception:
        pass
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda kv: client.put_object(Bucket=bucket, Key=kv[0], Body=kv[1]), objects.items()))
    print(len(objects), "objects,", n + big, "records")


if __name__ == "__main__":
    main()
