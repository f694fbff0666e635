#!/usr/bin/python3
"""A planted trail for the detections of the findings view
(test/scripts/audit.sh, audit_report.sh).

  make_audit_trail.py DIR

Writes DIR/AWSLogs/... (gzip'd CloudTrail files, one per account, region
and day) and DIR/expected.txt: one line "detection_id event_id event_source"
per finding the trail must give, and DIR/near_misses.txt: the same for
events planted to look like a hit of that detection and not be one.  Every
detection of iotatrail.detections has at least one of each.  Principals
keep one source IP each, except where new_source_ip_for_principal is
planted, and the principals of the stateful detections act on one service
only, so the IoT Analytics part of the trail alone gives the IoT Analytics
part of expected.txt.  Some values hold <script> and quotes (the report
must show them inert).  Deterministic.
"""
import collections
import datetime
import gzip
import json
import os
import sys
import uuid

ACCOUNT = "111111111111"
T0 = datetime.datetime(2024, 6, 3, 8, 0, tzinfo=datetime.timezone.utc)
HOSTILE = 'mallory"<script>alert(1)</script>\''
HOSTILE_UA = '<script>alert("ua")</script> aws-cli/2 \'x\''
HOSTILE_CHANNEL = 'ch"><script>alert(2)</script>'

events = []
expected = []
near = []
seq = [0]


def who(kind, name, account=ACCOUNT):
    if kind == "user":
        return {"type": "IAMUser", "principalId": "AIDA" + name.upper()[:8], "arn": f"arn:aws:iam::{account}:user/{name}",
                "accountId": account, "accessKeyId": "AKIA" + name.upper()[:8], "userName": name}
    if kind == "role":
        return {"type": "AssumedRole", "principalId": f"AROAEXAMPLE:{name}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{name}/session", "accountId": account,
                "accessKeyId": "ASIA" + name.upper()[:8],
                "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE",
                                                     "arn": f"arn:aws:iam::{account}:role/{name}", "accountId": account,
                                                     "userName": name},
                                   "attributes": {"creationDate": "2024-06-01T00:00:00Z", "mfaAuthenticated": "false"}}}
    if kind == "root":
        return {"type": "Root", "principalId": account, "arn": f"arn:aws:iam::{account}:root", "accountId": account,
                "accessKeyId": "ASIAROOT"}
    if kind == "login":   # a failed console login: no ARN
        return {"type": "IAMUser", "principalId": "", "accountId": account, "accessKeyId": "", "userName": name}
    raise ValueError(kind)


def ev(minutes, source, name, identity, ip, params=None, response=None, error=None, extra=None,
       region="us-east-1", ua="aws-cli/2.15.30", fires=(), misses=()):
    seq[0] += 1
    eid = str(uuid.UUID(int=seq[0] * 7919 + 12345, version=4))
    rec = {"eventVersion": "1.08", "userIdentity": identity,
           "eventTime": (T0 + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "eventSource": source + ".amazonaws.com", "eventName": name, "awsRegion": region,
           "sourceIPAddress": ip, "userAgent": ua, "requestParameters": params, "responseElements": response,
           "requestID": str(uuid.UUID(int=seq[0] * 104729 + 7, version=4)), "eventID": eid,
           "readOnly": name.startswith(("List", "Describe", "Get", "Sample")), "eventType": "AwsApiCall",
           "managementEvent": True, "recipientAccountId": ACCOUNT, "eventCategory": "Management"}
    if error:
        rec["errorCode"] = error
        rec["errorMessage"] = "planted " + error
    if extra:
        rec["additionalEventData"] = extra
    events.append(rec)
    for d in fires:
        expected.append((d, eid, rec["eventSource"]))
    for d in misses:
        near.append((d, eid, rec["eventSource"]))
    return eid


DAY = 24 * 60
ops = who("role", "ops")
alice = who("user", "alice")
bob = who("user", "bob")
admin = who("user", "admin")
mallory = who("user", HOSTILE)
ALICE_IP, OPS_IP, BOB_IP, ADMIN_IP, MALLORY_IP = "198.51.100.10", "10.1.2.3", "198.51.100.20", "10.9.9.9", "203.0.113.99"

# -- IoT Analytics resources: creates, updates, deletes
ev(0, "iotanalytics", "CreateChannel", ops, OPS_IP, {"channelName": "ch_ret", "retentionPeriod": {"unlimited": True}})
ev(5, "iotanalytics", "CreateDatastore", ops, OPS_IP, {"datastoreName": "ds_ret", "retentionPeriod": {"unlimited": False, "numberOfDays": 90}})
ev(10, "iotanalytics", "CreateDatastore", ops, OPS_IP, {"datastoreName": "ds_svc", "datastoreStorage": {"serviceManagedS3": {}}},
   misses=["iotanalytics_storage_redirected"])
ev(15, "iotanalytics", "CreateChannel", ops, OPS_IP,
   {"channelName": "ch_ext", "channelStorage": {"customerManagedS3": {"bucket": "exfil-bucket", "roleArn": "arn:aws:iam::999999999999:role/x"}}},
   fires=["iotanalytics_storage_redirected"])
ev(20, "iotanalytics", "CreatePipeline", ops, OPS_IP,
   {"pipelineName": "p_lambda", "pipelineActivities": [{"channel": {"name": "a", "channelName": "ch_ret", "next": "b"}},
                                                      {"lambda": {"name": "b", "lambdaName": "enrich", "batchSize": 10, "next": "c"}},
                                                      {"datastore": {"name": "c", "datastoreName": "ds_ret"}}]},
   fires=["iotanalytics_pipeline_lambda"])
ev(25, "iotanalytics", "UpdatePipeline", ops, OPS_IP,
   {"pipelineName": "p_plain", "pipelineActivities": [{"channel": {"name": "a", "channelName": "ch_ret", "next": "c"}},
                                                     {"datastore": {"name": "c", "datastoreName": "ds_ret"}}]},
   misses=["iotanalytics_pipeline_lambda"])
ev(DAY + 0, "iotanalytics", "UpdateChannel", ops, OPS_IP, {"channelName": "ch_ret", "retentionPeriod": {"unlimited": False, "numberOfDays": 30}},
   fires=["iotanalytics_retention_shortened"])
ev(DAY + 10, "iotanalytics", "UpdateChannel", ops, OPS_IP, {"channelName": "ch_ret", "retentionPeriod": {"unlimited": False, "numberOfDays": 60}},
   misses=["iotanalytics_retention_shortened"])
ev(DAY + 20, "iotanalytics", "UpdateDatastore", ops, OPS_IP, {"datastoreName": "ds_ret", "retentionPeriod": {"unlimited": False, "numberOfDays": 10}},
   fires=["iotanalytics_retention_shortened"])
ev(DAY + 25, "iotanalytics", "UpdateDatastore", ops, OPS_IP, {"datastoreName": "ds_ret", "retentionPeriod": {"unlimited": False, "numberOfDays": 10}},
   misses=["iotanalytics_retention_shortened"])
ev(DAY + 30, "iotanalytics", "UpdateChannel", ops, OPS_IP, {"channelName": "ch_unknown", "retentionPeriod": {"unlimited": False, "numberOfDays": 5}},
   misses=["iotanalytics_retention_shortened"])
ev(2 * DAY, "iotanalytics", "DeleteChannel", ops, OPS_IP, {"channelName": "ch_ext"}, fires=["iotanalytics_resource_deleted"])
ev(2 * DAY + 5, "iotanalytics", "DeleteDatastore", ops, OPS_IP, {"datastoreName": "ds_svc"}, error="ResourceNotFoundException",
   misses=["iotanalytics_resource_deleted"])
ev(2 * DAY + 10, "iotanalytics", "DeleteDatasetContent", ops, OPS_IP, {"datasetName": "dset_a", "versionId": "$LATEST"},
   fires=["iotanalytics_resource_deleted"])

# -- logging options
ev(30, "iotanalytics", "PutLoggingOptions", ops, OPS_IP,
   {"loggingOptions": {"roleArn": "arn:aws:iam::111111111111:role/log", "level": "ERROR", "enabled": True}},
   misses=["iotanalytics_logging_changed"])
ev(3 * DAY, "iotanalytics", "PutLoggingOptions", ops, OPS_IP,
   {"loggingOptions": {"roleArn": "arn:aws:iam::111111111111:role/log", "level": "ERROR", "enabled": True}},
   misses=["iotanalytics_logging_changed"])
ev(3 * DAY + 60, "iotanalytics", "PutLoggingOptions", ops, OPS_IP,
   {"loggingOptions": {"roleArn": "arn:aws:iam::111111111111:role/log", "level": "ERROR", "enabled": False}},
   fires=["iotanalytics_logging_changed"])
# eu-west-1: DEBUG, then ERROR (less logging), then a failed disable
ev(40, "iotanalytics", "PutLoggingOptions", ops, OPS_IP,
   {"loggingOptions": {"roleArn": "arn:aws:iam::111111111111:role/log", "level": "DEBUG", "enabled": True}}, region="eu-west-1")
ev(3 * DAY + 90, "iotanalytics", "PutLoggingOptions", ops, OPS_IP,
   {"loggingOptions": {"roleArn": "arn:aws:iam::111111111111:role/log", "level": "ERROR", "enabled": True}}, region="eu-west-1",
   fires=["iotanalytics_logging_changed"])
ev(3 * DAY + 95, "iotanalytics", "PutLoggingOptions", ops, OPS_IP,
   {"loggingOptions": {"level": "ERROR", "enabled": False}}, region="eu-west-1", error="InvalidRequestException",
   misses=["iotanalytics_logging_changed"])

# -- data reads: the first one by a principal fires, again within 30 days
# does not, again after 30 days does; a failed one is not a read
reader = who("role", "reader")
READER_IP = "10.4.4.4"
ev(4 * DAY, "iotanalytics", "SampleChannelData", reader, READER_IP, {"channelName": "ch_ret"},
   fires=["iotanalytics_data_read_new_principal"])
ev(5 * DAY, "iotanalytics", "GetDatasetContent", reader, READER_IP, {"datasetName": "dset_a", "versionId": "$LATEST"},
   misses=["iotanalytics_data_read_new_principal"])
ev(40 * DAY, "iotanalytics", "SampleChannelData", reader, READER_IP, {"channelName": "ch_ret"},
   fires=["iotanalytics_data_read_new_principal"])
reader2 = who("role", "reader2")
ev(6 * DAY, "iotanalytics", "SampleChannelData", reader2, "10.4.4.5", {"channelName": "ch_ret"}, error="ResourceNotFoundException",
   misses=["iotanalytics_data_read_new_principal"])

# -- enumeration: 5 distinct List/Describe actions in 10 minutes fires once;
# 4 distinct (one repeated) does not, nor 5 spread over an hour
scanner = who("role", "scanner")
acts = ["ListChannels", "ListDatastores", "DescribeChannel", "ListPipelines", "DescribeDatastore", "ListDatasets"]
for k, a in enumerate(acts):
    ev(7 * DAY + k, "iotanalytics", a, scanner, "10.5.5.5", {"channelName": "ch_ret"} if "Describe" in a else None,
       fires=["iotanalytics_enumeration"] if k == 4 else [])
scanner2 = who("role", "scanner2")
for k, a in enumerate(["ListChannels", "ListChannels", "ListDatastores", "DescribeChannel", "ListPipelines", "ListPipelines"]):
    ev(7 * DAY + 30 + k, "iotanalytics", a, scanner2, "10.5.5.6", None, misses=["iotanalytics_enumeration"] if k == 5 else [])
scanner3 = who("role", "scanner3")
for k, a in enumerate(acts[:5]):
    ev(7 * DAY + 100 + 15 * k, "iotanalytics", a, scanner3, "10.5.5.7", None, misses=["iotanalytics_enumeration"] if k == 4 else [])

# -- access denied: 10 in an hour fires once (at the 10th); 9, or 10 an
# hour and more apart, or 10 throttlings do not
prober = who("role", "prober")
for k in range(12):
    ev(8 * DAY + 4 * k, "iotanalytics", "DescribeDataset", prober, "10.6.6.6", {"datasetName": "d%d" % k}, error="AccessDeniedException",
       fires=["access_denied_burst"] if k == 9 else [])
prober2 = who("role", "prober2")
for k in range(9):
    ev(8 * DAY + 200 + 5 * k, "iotanalytics", "DescribeDataset", prober2, "10.6.6.7", {"datasetName": "d"}, error="AccessDeniedException",
       misses=["access_denied_burst"] if k == 8 else [])
prober3 = who("role", "prober3")
for k in range(10):
    ev(9 * DAY + 65 * k, "iotanalytics", "DescribeDataset", prober3, "10.6.6.8", {"datasetName": "d"}, error="AccessDeniedException",
       misses=["access_denied_burst"] if k == 9 else [])
throttled = who("role", "throttled")
for k in range(10):
    ev(10 * DAY + k, "iotanalytics", "DescribeDataset", throttled, "10.6.6.9", {"datasetName": "d"}, error="ThrottlingException",
       misses=["access_denied_burst"] if k == 9 else [])

# -- alice: a home IP, then one call from elsewhere (the new IP), then home
# again; her first call is not "new"
ev(11 * DAY, "iotanalytics", "DescribeChannel", alice, ALICE_IP, {"channelName": "ch_ret"}, misses=["new_source_ip_for_principal"])
ev(11 * DAY + 60, "iotanalytics", "DescribeChannel", alice, ALICE_IP, {"channelName": "ch_ret"}, misses=["new_source_ip_for_principal"])
ev(12 * DAY, "iotanalytics", "DescribeChannel", alice, "203.0.113.66", {"channelName": "ch_ret"}, fires=["new_source_ip_for_principal"])
ev(12 * DAY + 60, "iotanalytics", "DescribeDatastore", alice, ALICE_IP, {"datastoreName": "ds_ret"})
# a service calling on alice's behalf: no IP address, never new
ev(12 * DAY + 70, "iotanalytics", "DescribeDatastore", alice, "iotanalytics.amazonaws.com", {"datastoreName": "ds_ret"},
   misses=["new_source_ip_for_principal"])

# -- console logins
ev(13 * DAY, "signin", "ConsoleLogin", alice, ALICE_IP, None, {"ConsoleLogin": "Success"},
   extra={"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No", "MFAUsed": "No"},
   fires=["console_login_without_mfa"])
ev(13 * DAY + 5, "signin", "ConsoleLogin", bob, BOB_IP, None, {"ConsoleLogin": "Success"},
   extra={"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No", "MFAUsed": "Yes"},
   misses=["console_login_without_mfa"])
ev(13 * DAY + 6, "signin", "ConsoleLogin", who("login", "bob"), BOB_IP, None, {"ConsoleLogin": "Failure"},
   extra={"MFAUsed": "No"}, misses=["console_login_without_mfa"])
for k in range(6):
    ev(14 * DAY + 3 * k, "signin", "ConsoleLogin", who("login", "victim"), "192.0.2.50", None, {"ConsoleLogin": "Failure"},
       extra={"MFAUsed": "No"}, fires=["console_login_failures"] if k == 4 else [])
for k in range(4):
    ev(14 * DAY + 100 + 3 * k, "signin", "ConsoleLogin", who("login", "victim2"), "192.0.2.51", None, {"ConsoleLogin": "Failure"},
       extra={"MFAUsed": "No"}, misses=["console_login_failures"] if k == 3 else [])

# -- IAM
ev(15 * DAY, "iam", "CreateAccessKey", alice, ALICE_IP, {"userName": "bob"}, {"accessKey": {"userName": "bob", "status": "Active"}},
   fires=["access_key_for_other_user"])
ev(15 * DAY + 5, "iam", "CreateAccessKey", bob, BOB_IP, {"userName": "bob"}, misses=["access_key_for_other_user"])
ev(15 * DAY + 6, "iam", "CreateAccessKey", bob, BOB_IP, None, misses=["access_key_for_other_user"])
ev(15 * DAY + 10, "iam", "AttachUserPolicy", admin, ADMIN_IP, {"userName": "bob", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
   fires=["admin_policy_attached"])
ev(15 * DAY + 11, "iam", "AttachUserPolicy", admin, ADMIN_IP, {"userName": "bob", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
   misses=["admin_policy_attached"])
ev(15 * DAY + 12, "iam", "PutRolePolicy", admin, ADMIN_IP,
   {"roleName": "ops", "policyName": "all", "policyDocument": json.dumps(
       {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})},
   fires=["admin_policy_attached"])
ev(15 * DAY + 13, "iam", "PutRolePolicy", admin, ADMIN_IP,
   {"roleName": "ops", "policyName": "s3", "policyDocument": json.dumps(
       {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}})},
   misses=["admin_policy_attached"])
ev(15 * DAY + 14, "iam", "PutUserPolicy", admin, ADMIN_IP,
   {"userName": "bob", "policyName": "deny", "policyDocument": "%7B%22not%22%3A%22json%22%7D"},
   misses=["admin_policy_attached"])

# -- CloudTrail, KMS, S3, EC2 (by admin)
ev(16 * DAY, "cloudtrail", "StopLogging", admin, ADMIN_IP, {"name": "main"}, fires=["cloudtrail_logging_impaired"])
ev(16 * DAY + 5, "cloudtrail", "StartLogging", admin, ADMIN_IP, {"name": "main"}, misses=["cloudtrail_logging_impaired"])
ev(16 * DAY + 6, "cloudtrail", "DeleteTrail", admin, ADMIN_IP, {"name": "main"}, error="AccessDenied",
   misses=["cloudtrail_logging_impaired"])
ev(16 * DAY + 10, "kms", "ScheduleKeyDeletion", admin, ADMIN_IP, {"keyId": "k-1", "pendingWindowInDays": 7}, fires=["kms_key_deletion"])
ev(16 * DAY + 11, "kms", "CancelKeyDeletion", admin, ADMIN_IP, {"keyId": "k-1"}, misses=["kms_key_deletion"])
ev(16 * DAY + 20, "s3", "PutBucketPolicy", admin, ADMIN_IP,
   {"bucketName": "open-bucket", "bucketPolicy": {"Version": "2012-10-17", "Statement": [
       {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::open-bucket/*"}]}},
   fires=["s3_bucket_made_public"])
ev(16 * DAY + 21, "s3", "PutBucketPolicy", admin, ADMIN_IP,
   {"bucketName": "shared-bucket", "bucketPolicy": {"Version": "2012-10-17", "Statement": [
       {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "s3:GetObject", "Resource": "*"}]}},
   misses=["s3_bucket_made_public"])
ev(16 * DAY + 22, "s3", "PutBucketAcl", admin, ADMIN_IP,
   {"bucketName": "acl-bucket", "AccessControlPolicy": {"AccessControlList": {"Grant": [
       {"Grantee": {"xsi:type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]}}},
   fires=["s3_bucket_made_public"])
ev(16 * DAY + 23, "s3", "PutBucketAcl", admin, ADMIN_IP,
   {"bucketName": "acl-bucket2", "AccessControlPolicy": {"AccessControlList": {"Grant": [
       {"Grantee": {"xsi:type": "Group", "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"}, "Permission": "WRITE"}]}}},
   misses=["s3_bucket_made_public"])
ev(16 * DAY + 24, "s3", "DeletePublicAccessBlock", admin, ADMIN_IP, {"bucketName": "pab-bucket"}, fires=["s3_bucket_made_public"])
ev(16 * DAY + 25, "s3", "PutPublicAccessBlock", admin, ADMIN_IP, {"bucketName": "pab-bucket"}, misses=["s3_bucket_made_public"])
ev(16 * DAY + 30, "ec2", "AuthorizeSecurityGroupIngress", admin, ADMIN_IP,
   {"groupId": "sg-1", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                                                   "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}},
   fires=["security_group_open_to_world"])
ev(16 * DAY + 31, "ec2", "AuthorizeSecurityGroupIngress", admin, ADMIN_IP,
   {"groupId": "sg-2", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                                                   "ipRanges": {"items": [{"cidrIp": "10.0.0.0/8"}]},
                                                   "ipv6Ranges": {"items": [{"cidrIpv6": "2001:db8::/32"}]}}]}},
   misses=["security_group_open_to_world"])
ev(16 * DAY + 32, "ec2", "AuthorizeSecurityGroupIngress", admin, ADMIN_IP,
   {"groupId": "sg-3", "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
                                                   "ipv6Ranges": {"items": [{"cidrIpv6": "::/0"}]}}]}},
   fires=["security_group_open_to_world"])

# -- root, and a user named root
ev(17 * DAY, "s3", "ListBuckets", who("root", ""), "198.51.100.77", None, fires=["root_activity"])
ev(17 * DAY + 5, "s3", "ListBuckets", who("user", "root"), ADMIN_IP, None, misses=["root_activity"])

# -- hostile values: <script> and quotes in a principal, a user agent and
# request parameters; its deletion is a finding whose detail holds them
ev(18 * DAY, "iotanalytics", "CreateChannel", mallory, MALLORY_IP, {"channelName": HOSTILE_CHANNEL, "tags": [{"key": "<b>", "value": "'\""}]},
   ua=HOSTILE_UA)
ev(18 * DAY + 10, "iotanalytics", "DeleteChannel", mallory, MALLORY_IP, {"channelName": HOSTILE_CHANNEL}, ua=HOSTILE_UA,
   fires=["iotanalytics_resource_deleted"])

# background: ops describes resources every few hours, from its one IP
for k in range(0, 42 * DAY, 7 * 60):
    ev(k + 3, "iotanalytics", "DescribeChannel" if k % 2 else "DescribeDatastore", ops, OPS_IP,
       {"channelName": "ch_ret"} if k % 2 else {"datastoreName": "ds_ret"})


def main(out):
    by_file = collections.defaultdict(list)
    for r in events:
        by_file[(r["awsRegion"], r["eventTime"][:10])].append(r)
    for (region, day), recs in sorted(by_file.items()):
        recs.sort(key=lambda r: r["eventTime"])
        y, m, d = day.split("-")
        folder = os.path.join(out, "AWSLogs", ACCOUNT, "CloudTrail", region, y, m, d)
        os.makedirs(folder, exist_ok=True)
        stamp = recs[-1]["eventTime"][:16].replace("-", "").replace(":", "")
        name = f"{ACCOUNT}_CloudTrail_{region}_{stamp}Z_planted{len(recs):04d}.json.gz"
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(gzip.compress(json.dumps({"Records": recs}).encode(), mtime=0))
    for fname, rows in (("expected.txt", expected), ("near_misses.txt", near)):
        with open(os.path.join(out, fname), "w") as fh:
            for row in sorted(rows):
                fh.write(" ".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
