#!/usr/bin/python3
"""A hostile S3-compatible store: each bucket name is a scenario of
answers a real store should never give, so the tests can check that
iotatrail stops with an error instead of looping, reading nothing, or
splicing two versions of an object.  Path-style requests only; it checks
no signature.

  hostile_s3.py PORT

Buckets (scenarios):
  same-token     IsTruncated with the same NextContinuationToken every page
  cycle-token    tokens t1, t2, t1, ...
  empty-token    IsTruncated with an empty token
  empty-page     IsTruncated, new tokens, pages listing nothing
  error-200      HTTP 200 with an <Error> document (a 5000-character message)
  malformed      HTTP 200 with a document that is not XML
  crlf-etag      an ETag holding CR LF and a header line
  dot-key        a key with a ".." segment
  no-range       the object's GET is cut half way; the retry ignores Range
                 and If-Match and sends another version (new ETag)
  no-range-same  ... the retry sends the whole same version (same ETag)
  bad-206        ... the retry answers 206 from byte 0
  huge-page      one page of 300,000 keys (digest files, so none is read)
  latin1-key     a key with a byte that is not UTF-8 (0xE9)
  latin1-etag    an ETag with a byte that is not UTF-8
  slow-list      the listing is answered after 60 s
  slow-get       the object's GET is answered after 60 s
  busy           the object's GET always answers 503 SlowDown (retried)
  no-prefix      ignores prefix=: lists a key of another folder too
  size-abc       a <Size> of "abc"
  size-empty     an empty <Size>
  size-overlong  a <Size> past 2^63 - 1
GET /__requests gives the number of requests served.
"""
import gzip
import http.server
import json
import sys
import threading
import time
import urllib.parse

KEY = "AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/111111111111_CloudTrail_us-east-1_20240501T0010Z_h.json.gz"


def trail(n, tag):
    recs = [{"eventVersion": "1.08", "eventTime": "2024-05-01T00:%02d:00Z" % (i % 60),
             "eventSource": "iotanalytics.amazonaws.com", "eventName": "CreateChannel",
             "awsRegion": "us-east-1", "recipientAccountId": "111111111111",
             "eventID": "00000000-0000-4000-8000-%012d" % i,
             "requestParameters": {"channelName": "%s_%d_%s" % (tag, i, "x" * 40)},
             "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/h"}}
            for i in range(n)]
    # level 0: big enough that half of it is a real cut
    return gzip.compress(json.dumps({"Records": recs}).encode(), compresslevel=0, mtime=0)


V1 = trail(200, "v1")
V2 = trail(200, "v2")
ETAG1 = '"11111111111111111111111111111111"'
ETAG2 = '"22222222222222222222222222222222"'
lock = threading.Lock()
state = {"requests": 0, "gets": {}}


def contents(key, size, etag):
    return ("<Contents><Key>%s</Key><Size>%d</Size><ETag>%s</ETag></Contents>"
            % (key, size, etag.replace('"', "&quot;")))


def listing(inner, truncated=False, token=None):
    body = '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name>%s<IsTruncated>%s</IsTruncated>' % (
        inner, "true" if truncated else "false")
    if token is not None:
        body += "<NextContinuationToken>%s</NextContinuationToken>" % token
    return body + "</ListBucketResult>"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            state["requests"] += 1
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/__requests":
            return self.send(200, json.dumps(state["requests"]))
        parts = url.path.lstrip("/").split("/", 1)
        bucket = parts[0]
        key = urllib.parse.unquote(parts[1]) if len(parts) > 1 else ""
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if "list-type" in query:
            return self.list(bucket, query.get("continuation-token", [None])[0])
        return self.get(bucket, key)

    def list(self, bucket, token):
        one = contents(KEY, len(V1), ETAG1)
        if bucket == "slow-list":
            time.sleep(60)
        if bucket == "same-token":
            return self.send(200, listing(one, True, "t1"))
        if bucket == "cycle-token":
            return self.send(200, listing(one, True, "t2" if token == "t1" else "t1"))
        if bucket == "empty-token":
            return self.send(200, listing(one, True, ""))
        if bucket == "empty-page":
            n = int(token[1:]) + 1 if token else 1
            return self.send(200, listing("" if token else one, True, "p%d" % n))
        if bucket == "error-200":
            return self.send(200, "<?xml version=\"1.0\"?><Error><Code>InternalError</Code><Message>%s</Message>"
                                  "<RequestId>r1</RequestId></Error>" % ("We encountered an internal error. " * 150))
        if bucket == "malformed":
            return self.send(200, "<html><body>Service Temporarily Unavailable</body></html>")
        if bucket == "crlf-etag":
            return self.send(200, listing(contents(KEY, len(V1), ETAG1 + "\r\nX-Injected: 1")))
        if bucket == "dot-key":
            return self.send(200, listing(contents("AWSLogs/../other-bucket/x.json.gz", len(V1), ETAG1)))
        if bucket == "huge-page":
            digest = "AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/05/01/111111111111_CloudTrail-Digest_us-east-1_h_us-east-1_20240501T%06dZ.json.gz"
            return self.send(200, listing("".join(contents(digest % i, 700, ETAG1) for i in range(300000))))
        if bucket == "latin1-key":
            return self.send(200, listing(contents(KEY.replace("_h.json", "_caf\udce9.json"), len(V1), ETAG1))
                             .encode("utf-8", "surrogateescape"))
        if bucket == "no-prefix":
            return self.send(200, listing(one + contents("Elsewhere/" + KEY, len(V1), ETAG1)))
        if bucket.startswith("size-"):
            size = {"size-abc": "abc", "size-empty": "", "size-overlong": "99999999999999999999"}[bucket]
            return self.send(200, listing("<Contents><Key>%s</Key><Size>%s</Size><ETag>%s</ETag></Contents>"
                                          % (KEY, size, ETAG1.replace('"', "&quot;"))))
        if bucket == "latin1-etag":
            return self.send(200, listing(contents(KEY, len(V1), '"1111\udce9"')).encode("utf-8", "surrogateescape"))
        return self.send(200, listing(one))

    def get(self, bucket, key):
        with lock:
            n = state["gets"].get(bucket, 0) + 1
            state["gets"][bucket] = n
        if bucket == "slow-get":
            time.sleep(60)
            return self.send(200, V1, [("ETag", ETAG1)])
        if bucket == "busy":
            return self.send(503, "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code>"
                                  "<Message>Please reduce your request rate.</Message></Error>")
        if n == 1:
            # the first attempt: half the object, then the connection drops
            self.send_response(200)
            self.send_header("Content-Length", str(len(V1)))
            self.send_header("ETag", ETAG1)
            self.end_headers()
            self.wfile.write(V1[:len(V1) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if bucket == "no-range":
            return self.send(200, V2, [("ETag", ETAG2)])
        if bucket == "bad-206":
            return self.send(206, V1, [("ETag", ETAG1), ("Content-Range", "bytes 0-%d/%d" % (len(V1) - 1, len(V1)))])
        return self.send(200, V1, [("ETag", ETAG1)])


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()
