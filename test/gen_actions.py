#!/usr/bin/env python3
"""Generate test/fixtures/actions/: every logged IoT Analytics action, as
CloudTrail delivers it, for the per-action view tests.

Each of the 29 actions appears at least once successful and once failed,
the callers rotate through every identity kind, and the values are as
messy as real logs: timestamps as ISO 8601, epoch seconds and
milliseconds (numbers and strings) and "Feb 14, 2018 11:55:14 PM";
responseElements null for read-only and failed calls; numbers as strings;
HIDDEN_DUE_TO_SECURITY_REASONS; a CreateChannel of another service (the
views must not show it) and a TagResource (not one of the 29; it shows in
resource_activity only).

Deterministic: fixed ids and times, gzip mtime 0.
"""
import gzip
import json
import os
import shutil
import uuid

ACCOUNT = "111122223333"
REGION = "us-west-2"
ARN = f"arn:aws:iotanalytics:{REGION}:{ACCOUNT}"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "actions")
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"

IDENTITIES = {
    "root": ({"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root",
              "accountId": ACCOUNT, "accessKeyId": "ASIAROOT00000000001",
              "sessionContext": {"attributes": {"creationDate": "2024-06-01T07:00:00Z",
                                                "mfaAuthenticated": "true"}}},
             "198.51.100.200"),
    "iam_user": ({"type": "IAMUser", "principalId": "AIDAALICE0000000001",
                  "arn": f"arn:aws:iam::{ACCOUNT}:user/alice", "accountId": ACCOUNT,
                  "accessKeyId": "AKIAALICE0000000001", "userName": "alice"},
                 "203.0.113.10"),
    "assumed_role": ({"type": "AssumedRole", "principalId": "AROAOPS000000001:deploy-42",
                      "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/ops/deploy-42",
                      "accountId": ACCOUNT, "accessKeyId": "ASIAOPS000000000001",
                      "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAOPS000000001",
                                                           "arn": f"arn:aws:iam::{ACCOUNT}:role/ops",
                                                           "accountId": ACCOUNT, "userName": "ops"},
                                         "attributes": {"creationDate": "2024-06-01T06:00:00Z",
                                                        "mfaAuthenticated": "false"}}},
                     "10.1.2.3"),
    "federated_user": ({"type": "FederatedUser", "principalId": f"{ACCOUNT}:dana",
                        "arn": f"arn:aws:sts::{ACCOUNT}:federated-user/dana", "accountId": ACCOUNT,
                        "accessKeyId": "ASIAFED000000000001",
                        "sessionContext": {"sessionIssuer": {"type": "IAMUser", "principalId": "AIDABROKER00000001",
                                                             "arn": f"arn:aws:iam::{ACCOUNT}:user/broker",
                                                             "accountId": ACCOUNT, "userName": "broker"},
                                           "attributes": {"creationDate": "2024-06-01T05:00:00Z",
                                                          "mfaAuthenticated": "false"}}},
                       "192.0.2.44"),
    "aws_service": ({"type": "AWSService", "invokedBy": "iotanalytics.amazonaws.com"},
                    "iotanalytics.amazonaws.com"),
    "web_identity_user": ({"type": "WebIdentityUser", "principalId": "accounts.google.com:app:u-1",
                           "userName": "u-1", "identityProvider": "accounts.google.com"},
                          "2001:db8::7"),
}
KINDS = list(IDENTITIES)


def pipeline_activities(name):
    return [{"channel": {"name": "from_channel", "channelName": "telemetry", "next": "enrich"}},
            {"lambda": {"name": "enrich", "lambdaName": "enrich-fn", "batchSize": 10, "next": "to_store"}},
            {"datastore": {"name": "to_store", "datastoreName": "store"}}]


# (action, requestParameters, responseElements) of each successful call;
# a failed call of every action follows with the same request.
CALLS = [
    ("CancelPipelineReprocessing", {"pipelineName": "pipe", "reprocessingId": "r-0001"}, None),
    ("CreateChannel",
     {"channelName": "telemetry", "retentionPeriod": {"numberOfDays": "30"},
      "channelStorage": {"customerManagedS3": {"bucket": "raw-bucket", "keyPrefix": "iot/",
                                               "roleArn": f"arn:aws:iam::{ACCOUNT}:role/iot-s3"}},
      "tags": [{"key": "team", "value": "plant-7"}]},
     {"channelName": "telemetry", "channelArn": f"{ARN}:channel/telemetry",
      "retentionPeriod": {"numberOfDays": 30, "unlimited": False}}),
    ("CreateDataset",
     {"datasetName": "daily", "actions": [{"actionName": "q", "queryAction": {"sqlQuery": "SELECT * FROM store"}}],
      "triggers": [{"schedule": {"expression": "cron(0 12 * * ? *)"}}],
      "versioningConfiguration": {"maxVersions": 5}, "retentionPeriod": {"unlimited": True}},
     {"datasetName": "daily", "datasetArn": f"{ARN}:dataset/daily", "retentionPeriod": {"unlimited": True}}),
    ("CreateDatasetContent", {"datasetName": "daily"}, {"versionId": "v-0001"}),
    ("CreateDatastore",
     {"datastoreName": "store", "datastoreStorage": {"serviceManagedS3": {}},
      "fileFormatConfiguration": {"parquetConfiguration": {"schemaDefinition": {"columns": []}}},
      "retentionPeriod": {"numberOfDays": 1e20}},
     {"datastoreName": "store", "datastoreArn": f"{ARN}:datastore/store"}),
    ("CreatePipeline", {"pipelineName": "pipe", "pipelineActivities": pipeline_activities("pipe")},
     {"pipelineName": "pipe", "pipelineArn": f"{ARN}:pipeline/pipe"}),
    ("DeleteChannel", {"channelName": "old_channel"}, None),
    ("DeleteDataset", {"datasetName": "old_dataset"}, None),
    ("DeleteDatasetContent", {"datasetName": "daily", "versionId": "v-0000"}, None),
    ("DeleteDatastore", {"datastoreName": "old_store"}, None),
    ("DeletePipeline", {"pipelineName": "old_pipe"}, None),
    ("DescribeChannel", {"channelName": "telemetry", "includeStatistics": "true"},
     {"channel": {"name": "telemetry", "arn": f"{ARN}:channel/telemetry", "status": "ACTIVE",
                  "creationTime": "Jun 1, 2024 8:00:01 AM", "lastUpdateTime": 1717228800}}),
    ("DescribeDataset", {"datasetName": "daily"}, None),
    ("DescribeDatastore", {"datastoreName": "store", "includeStatistics": False},
     {"datastore": {"name": "store", "arn": f"{ARN}:datastore/store", "status": "ACTIVE",
                    "creationTime": "2024-06-01T08:00:02.500Z", "lastUpdateTime": "1717228800000"}}),
    ("DescribeLoggingOptions", None, None),
    ("DescribePipeline", {"pipelineName": "pipe"},
     {"pipeline": {"name": "pipe", "arn": f"{ARN}:pipeline/pipe", "creationTime": 1717228803.25,
                   "lastUpdateTime": HIDDEN}}),
    ("GetDatasetContent", {"datasetName": "daily", "versionId": "$LATEST"},
     {"entries": [{"entryName": "daily.csv", "dataURI": HIDDEN}], "timestamp": 1717232400000,
      "status": {"state": "SUCCEEDED"}}),
    ("ListChannels", {"maxResults": "50"}, None),
    ("ListDatasets", {"maxResults": 250, "nextToken": "tok-2"}, None),
    ("ListDatastores", {}, None),
    ("ListPipelines", {"maxResults": "fifty"}, None),
    ("PutLoggingOptions",
     {"loggingOptions": {"roleArn": f"arn:aws:iam::{ACCOUNT}:role/iot-logs", "level": "ERROR", "enabled": True}},
     None),
    ("RunPipelineActivity",
     {"pipelineActivity": {"lambda": {"name": "enrich", "lambdaName": "enrich-fn", "batchSize": 1}},
      "payloads": HIDDEN},
     {"payloads": HIDDEN, "logResult": "ok"}),
    ("SampleChannelData",
     {"channelName": "telemetry", "maxMessages": "10", "startTime": 1717200000000,
      "endTime": "Jun 1, 2024 11:55:14 PM"},
     None),
    ("StartPipelineReprocessing",
     {"pipelineName": "pipe", "startTime": "2024-06-01T00:00:00Z", "endTime": 1717286399,
      "channelMessages": {"s3Paths": ["raw/2024/06/01/a.json", "raw/2024/06/01/b.json"]}},
     {"reprocessingId": "r-0002"}),
    ("UpdateChannel", {"channelName": "telemetry", "retentionPeriod": {"unlimited": "true"}}, None),
    ("UpdateDataset",
     {"datasetName": "daily",
      "actions": [{"actionName": "c", "containerAction": {"image": "111122223333.dkr.ecr.us-west-2.amazonaws.com/nb:1",
                                                          "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/nb",
                                                          "resourceConfiguration": {"computeType": "ACU_1",
                                                                                    "volumeSizeInGB": 2}}}],
      "triggers": [{"dataset": {"name": "upstream"}}],
      "versioningConfiguration": {"unlimited": True}},
     None),
    ("UpdateDatastore",
     {"datastoreName": "store",
      "datastoreStorage": {"iotSiteWiseMultiLayerStorage": {"customerManagedS3Storage": {"bucket": "sitewise-bucket"}}},
      "fileFormatConfiguration": {"jsonConfiguration": {}}},
     None),
    ("UpdatePipeline", {"pipelineName": "pipe", "pipelineActivities": pipeline_activities("pipe")[::2]}, None),
]

ERRORS = [("AccessDenied", "User is not authorized to perform: iotanalytics:{}"),
          ("ResourceNotFoundException", "Resource not found"),
          ("ThrottlingException", "Rate exceeded"),
          ("InvalidRequestException", "Invalid request")]


def record(n, action, who, params, response, error=None, source="iotanalytics.amazonaws.com"):
    ident, ip = IDENTITIES[who]
    minute, second = divmod(n, 60)
    r = {"eventVersion": "1.08", "userIdentity": ident,
         "eventTime": f"2024-06-01T10:{minute:02d}:{second:02d}Z",
         "eventSource": source, "eventName": action, "awsRegion": REGION,
         "sourceIPAddress": ip, "userAgent": "aws-cli/2.15.30",
         "requestParameters": params, "responseElements": response,
         "requestID": str(uuid.UUID(int=n * 7919 + 1, version=4)),
         "eventID": str(uuid.UUID(int=n * 104729 + 3, version=4)),
         "readOnly": action.startswith(("Describe", "List", "Get", "Sample")),
         "eventType": "AwsApiCall", "managementEvent": True,
         "recipientAccountId": ACCOUNT, "eventCategory": "Management"}
    if error:
        r["errorCode"], msg = error
        r["errorMessage"] = msg.format(action)
    return r


def main():
    records = []
    n = 0
    for i, (action, params, response) in enumerate(CALLS):
        records.append(record(n, action, KINDS[i % len(KINDS)], params, response))
        n += 1
    for i, (action, params, _) in enumerate(CALLS):
        records.append(record(n, action, KINDS[(i + 3) % len(KINDS)], params, None,
                              ERRORS[i % len(ERRORS)]))
        n += 1
    # not IoT Analytics: the views must leave it out
    records.append(record(n, "CreateChannel", "iam_user",
                          {"name": "lake-channel", "source": "Custom"},
                          {"channelArn": f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:channel/x"},
                          source="cloudtrail.amazonaws.com"))
    n += 1
    # logged, but not one of the 29: resource_activity only
    records.append(record(n, "TagResource", "assumed_role",
                          {"resourceArn": f"{ARN}:datastore/store", "tags": [{"key": "k", "value": "v"}]},
                          None))

    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    folder = os.path.join(OUT, "AWSLogs", ACCOUNT, "CloudTrail", REGION, "2024", "06", "01")
    os.makedirs(folder)
    # two files, split mid-way, as a trail delivers every few minutes
    half = len(records) // 2
    for part, (stamp, recs) in enumerate([("1005", records[:half]), ("1015", records[half:])]):
        name = f"{ACCOUNT}_CloudTrail_{REGION}_20240601T{stamp}Z_fixture{part}.json.gz"
        body = json.dumps({"Records": recs}, indent=1).encode()
        with open(os.path.join(folder, name), "wb") as f:
            f.write(gzip.compress(body, mtime=0))


if __name__ == "__main__":
    main()
