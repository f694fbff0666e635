#!/usr/bin/python3
"""Stand-ins for the credential sources a server process can reach, on
127.0.0.1, for the credential chain tests:

  GET  /container-credentials      ECS/EKS container endpoint; needs the
                                   Authorization token given with --token;
                                   ?lifetime=S: they expire in S seconds
  GET  /__hits                     how often each path was asked
  PUT  /latest/api/token           IMDSv2 session token
  GET  /latest/meta-data/iam/security-credentials/[ROLE]
                                   instance role name, then its credentials
                                   (only with the IMDSv2 token)
  POST /                           STS AssumeRole, SigV4-verified with botocore
  POST / (X-Amz-Target ...ListPublicKeys)
                                   CloudTrail ListPublicKeys, SigV4-verified:
                                   a decoy key on page 1, the key in
                                   --public-key-dir (public.der, fingerprint)
                                   on page 2
  GET  /__cloudtrail               the last ListPublicKeys request body
  POST / Action=AssumeRoleWithWebIdentity
                                   STS, unsigned: checks the token, the role
                                   ARN and the session name against the
                                   settings of POST /__web_identity, and
                                   hands out new credentials on every call,
                                   registered with the S3 proxy (--s3-proxy)
  POST /__web_identity             settings: {"tokens": [...], "role_arn",
                                   "session_name", "lifetime": S (the
                                   Expiration given), "accept_for": S (how
                                   long the proxy accepts them)}
  GET  /__web_identity             {"calls", "tokens" (each call's), "issued"}

Every other answer hands out the fixed credentials of creds.json's entries named
"container", "instance" and "assumed", which the S3 proxy accepts.
Usage: credential_endpoints.py --port P --credentials creds.json --token T
"""
import argparse
import base64
import datetime
import http.server
import json
import os
import re
import secrets
import time
import urllib.parse
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

IMDS_TOKEN = "imds-session-token-1"
ROLE = "trail-reader"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body, ctype="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def creds_json(self, name, lifetime=6 * 3600):
        c = self.server.creds[name]
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=lifetime)
        return json.dumps({"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": c["access_key_id"],
                           "SecretAccessKey": c["secret_access_key"], "Token": c["session_token"],
                           "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ")})

    def do_GET(self):
        path, _, query = self.path.partition("?")
        self.server.hits[path] = self.server.hits.get(path, 0) + 1
        if path == "/container-credentials":
            if self.headers.get("Authorization") != self.server.token:
                return self.answer(403, '{"message":"bad token"}')
            # ?lifetime=S hands out credentials that expire S seconds from now
            lifetime = int(urllib.parse.parse_qs(query).get("lifetime", ["21600"])[0])
            return self.answer(200, self.creds_json("container", lifetime))
        if self.path == "/__hits":
            return self.answer(200, json.dumps(self.server.hits))
        if self.path == "/__web_identity":
            return self.answer(200, json.dumps(self.server.web_identity_stats))
        if self.path == "/__cloudtrail":
            return self.answer(200, json.dumps(self.server.last_cloudtrail))
        if self.path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self.answer(401, "", "text/plain")
            role = self.path[len("/latest/meta-data/iam/security-credentials/"):]
            if role == "":
                return self.answer(200, ROLE, "text/plain")
            if role == ROLE:
                return self.answer(200, self.creds_json("instance"))
        return self.answer(404, "", "text/plain")

    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.answer(200, IMDS_TOKEN, "text/plain")
        return self.answer(400, "", "text/plain")

    def verify_sigv4(self, body, service):
        """The caller's credentials entry when the request is signed right
        for service, else None after answering the error."""
        m = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/\d{8}/([^/]+)/%s/aws4_request, *"
                     r"SignedHeaders=([a-z0-9;-]+), *Signature=([0-9a-f]{64})" % service,
                     self.headers.get("Authorization", ""))
        def refuse(status, code, message):
            if service == "sts":
                self.answer(status, "<ErrorResponse><Error><Code>%s</Code><Message>%s</Message></Error></ErrorResponse>"
                            % (code, message), "text/xml")
            else:
                self.answer(status, json.dumps({"__type": "com.amazon.coral.service#" + code, "message": message}))
            return None
        if not m:
            return refuse(400, "MissingAuthenticationToken", "no SigV4 for %s" % service)
        akid, region, signed, signature = m.groups()
        caller = next((c for c in self.server.creds.values() if c["access_key_id"] == akid), None)
        if caller is None:
            return refuse(403, "InvalidClientTokenId" if service == "sts" else "UnrecognizedClientException",
                          "The security token included in the request is invalid.")
        req = AWSRequest(method="POST", url="http://%s/" % self.headers["Host"], data=body)
        for h in signed.split(";"):
            req.headers[h] = self.headers[h]
        req.context["timestamp"] = self.headers["x-amz-date"]
        signer = SigV4Auth(Credentials(akid, caller["secret_access_key"], caller.get("session_token")), service, region)
        expected = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
        if expected != signature:
            return refuse(403, "SignatureDoesNotMatch" if service == "sts" else "InvalidSignatureException",
                          "The request signature we calculated does not match the signature you provided.")
        return caller

    def list_public_keys(self, body):
        if self.verify_sigv4(body, "cloudtrail") is None:
            return
        request = json.loads(body or b"{}")
        self.server.last_cloudtrail = request
        if request.get("NextToken") not in (None, "page-2"):
            return self.answer(400, '{"__type":"InvalidTokenException","message":"bad NextToken"}')
        if request.get("NextToken") is None:
            decoy = {"Value": base64.b64encode(b"not the key").decode(), "Fingerprint": "ff" * 16,
                     "ValidityStartTime": 1.5e9, "ValidityEndTime": 1.6e9}
            return self.answer(200, json.dumps({"PublicKeyList": [decoy], "NextToken": "page-2"}))
        with open(os.path.join(self.server.public_key_dir, "public.der"), "rb") as f:
            der = f.read()
        with open(os.path.join(self.server.public_key_dir, "fingerprint")) as f:
            fingerprint = f.read().strip()
        key = {"Value": base64.b64encode(der).decode(), "Fingerprint": fingerprint,
               "ValidityStartTime": 1.7e9, "ValidityEndTime": 1.9e9}
        return self.answer(200, json.dumps({"PublicKeyList": [key]}))

    def sts_error(self, status, code, message):
        return self.answer(status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                           "<Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error></ErrorResponse>"
                           % (code, message), "text/xml")

    def assume_role_with_web_identity(self, form):
        """STS AssumeRoleWithWebIdentity: unsigned, the token is the proof."""
        wi = self.server.web_identity
        stats = self.server.web_identity_stats
        stats["calls"] += 1
        if "Authorization" in self.headers:
            return self.sts_error(400, "InvalidRequest", "AssumeRoleWithWebIdentity is not signed.")
        token = form.get("WebIdentityToken", [""])[0]
        stats["tokens"].append(token)
        if token not in wi.get("tokens", []):
            return self.sts_error(400, "InvalidIdentityToken", "The ID Token provided is not a valid JWT.")
        role = form.get("RoleArn", [""])[0]
        if role != wi.get("role_arn"):
            return self.sts_error(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
        if form.get("RoleSessionName") != [wi.get("session_name")]:
            return self.sts_error(400, "ValidationError", "RoleSessionName is not the one expected: %s"
                                  % form.get("RoleSessionName"))
        n = len(stats["issued"]) + 1
        now = time.time()
        cred = {"access_key_id": "ASIAWEBIDENTITY%05d" % n, "secret_access_key": secrets.token_hex(20),
                "session_token": "webid-session-" + secrets.token_hex(16),
                "not_after": now + wi.get("accept_for", wi.get("lifetime", 3600))}
        req = urllib.request.Request(self.server.s3_proxy + "/__credentials", data=json.dumps(cred).encode(),
                                     method="POST")
        urllib.request.urlopen(req).read()
        stats["issued"].append(cred["access_key_id"])
        expires = datetime.datetime.fromtimestamp(now + wi.get("lifetime", 3600), datetime.timezone.utc)
        xml = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
               "<AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>system:serviceaccount:trails:reader"
               "</SubjectFromWebIdentityToken><AssumedRoleUser><Arn>%s/%s</Arn></AssumedRoleUser>"
               "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
               "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
               "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"
               % (role, form["RoleSessionName"][0], cred["access_key_id"], cred["secret_access_key"],
                  cred["session_token"], expires.strftime("%Y-%m-%dT%H:%M:%SZ")))
        return self.answer(200, xml, "text/xml")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.headers.get("X-Amz-Target", "").endswith("CloudTrail_20131101.ListPublicKeys"):
            return self.list_public_keys(body)
        if self.path == "/__web_identity":
            self.server.web_identity = json.loads(body)
            self.server.web_identity_stats = {"calls": 0, "tokens": [], "issued": []}
            return self.answer(200, "{}")
        form = urllib.parse.parse_qs(body.decode())
        if form.get("Action") == ["AssumeRoleWithWebIdentity"]:
            return self.assume_role_with_web_identity(form)
        if form.get("Action") != ["AssumeRole"]:
            return self.answer(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>", "text/xml")
        caller = self.verify_sigv4(body, "sts")
        if caller is None:
            return
        akid = caller["access_key_id"]
        if form.get("ExternalId") != [self.server.external_id]:
            return self.answer(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: %s is not authorized to perform: sts:AssumeRole on resource: %s</Message></Error></ErrorResponse>"
                               % (akid, form.get("RoleArn", ["?"])[0]), "text/xml")
        c = self.server.creds["assumed"]
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        xml = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
               "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
               "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>"
               "</AssumeRoleResult></AssumeRoleResponse>"
               % (c["access_key_id"], c["secret_access_key"], c["session_token"],
                  expires.strftime("%Y-%m-%dT%H:%M:%SZ")))
        return self.answer(200, xml, "text/xml")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--credentials", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--external-id", default="trail-audit-7")
    ap.add_argument("--public-key-dir", default=".")
    ap.add_argument("--s3-proxy", default=None, help="http://127.0.0.1:PORT of sigv4_proxy.py")
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    with open(args.credentials) as f:
        server.creds = {c["name"]: c for c in json.load(f) if "name" in c}
    server.token = args.token
    server.external_id = args.external_id
    server.hits = {}
    server.public_key_dir = args.public_key_dir
    server.last_cloudtrail = None
    server.s3_proxy = args.s3_proxy
    server.web_identity = {}
    server.web_identity_stats = {"calls": 0, "tokens": [], "issued": []}
    server.serve_forever()


if __name__ == "__main__":
    main()
