#!/usr/bin/python3
"""A SigV4-verifying, fault-injecting proxy in front of a local S3 server.

s3rver (npm) serves S3's REST API but does not check Signature Version 4.
This proxy does: every request's signature is recomputed with botocore
(Debian's python3-botocore, an implementation independent of iotatrail's)
from the secret of its access key, and a wrong one is refused the way S3
refuses it (403 SignatureDoesNotMatch, InvalidAccessKeyId, ExpiredToken,
RequestTimeTooSkewed, AuthorizationHeaderMalformed with the right region,
301 PermanentRedirect with x-amz-bucket-region).  Accepted requests go to
s3rver path-style (virtual-hosted Host headers are translated) without
their authorization.

Faults for the retry tests are set at run time with
    curl -X POST http://127.0.0.1:PORT/__faults -d '{"error_every": 3, ...}'
  error_every N   every Nth object GET answers 503 SlowDown (or 500)
  list_error_every N   every Nth listing answers 503 SlowDown
  cut_every N     every Nth object GET sends part of the body, then resets
  cut_after B     ... after B bytes (default: half the object)
  delay_ms M      wait M ms before answering each request
POST /__credentials adds credentials at run time (the STS stand-in of
credential_endpoints.py hands them out), each with "not_after", the Unix
time after which they are refused with ExpiredToken.
GET /__stats returns the counters (requests, refused, faults injected, and
the most listings answered at once since faults were last set).

Usage: sigv4_proxy.py --port P --upstream-port U --credentials creds.json
       [--region us-east-1] [--bucket-region bucket=region ...]
creds.json: [{"access_key_id", "secret_access_key", "session_token"?, "expired"?}]
"""
import argparse
import datetime
import hashlib
import html
import http.client
import http.server
import json
import re
import socket
import threading
import time
import urllib.parse

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTH_RE = re.compile(r'^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, *'
                     r'SignedHeaders=([a-z0-9;-]+), *Signature=([0-9a-f]{64})$')

lock = threading.Lock()
faults = {}
counters = {'requests': 0, 'refused': 0, 'object_gets': 0, 'lists': 0,
            'errors_injected': 0, 'cuts_injected': 0,
            'lists_in_flight': 0, 'lists_in_flight_max': 0}


def error_xml(code, message, extra=''):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message>%s'
            '<RequestId>PROXY%08d</RequestId></Error>' % (code, message, extra, counters['requests'])).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'sigv4-proxy'

    def setup(self):
        super().setup()
        # headers and body go out in separate writes: without this, Nagle
        # and delayed ACKs add 40 ms to every request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self):
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass    # the client hung up; nothing to answer

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)

    def send_body(self, status, body, headers=None, content_type='application/xml'):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('x-amz-request-id', 'PROXY%08d' % counters['requests'])
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def refuse(self, status, code, message, extra='', headers=None):
        with lock:
            counters['refused'] += 1
        self.send_body(status, error_xml(code, message, extra), headers)

    def do_GET(self):
        self.handle_any()

    def do_HEAD(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    def handle_any(self):
        global faults
        with lock:
            counters['requests'] += 1
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''

        if self.path.startswith('/__faults'):
            with lock:
                faults = json.loads(body or b'{}')
                counters['lists_in_flight_max'] = counters['lists_in_flight']
            return self.send_body(200, b'{}', content_type='application/json')
        if self.path.startswith('/__credentials'):
            cred = json.loads(body)
            with lock:
                self.server.credentials[cred['access_key_id']] = cred
            return self.send_body(200, b'{}', content_type='application/json')
        if self.path.startswith('/__stats'):
            return self.send_body(200, json.dumps(counters).encode(), content_type='application/json')

        # listings answered at the same time: how far a walk lists ahead
        listing = 'list-type=2' in self.path
        if listing:
            with lock:
                counters['lists_in_flight'] += 1
                counters['lists_in_flight_max'] = max(counters['lists_in_flight_max'],
                                                      counters['lists_in_flight'])
        try:
            return self.answer(body)
        finally:
            if listing:
                with lock:
                    counters['lists_in_flight'] -= 1

    def answer(self, body):
        if faults.get('delay_ms'):
            time.sleep(faults['delay_ms'] / 1000.0)

        # path-style or virtual-hosted
        host = self.headers.get('Host', '')
        hostname = host.split(':')[0]
        split = urllib.parse.urlsplit(self.path)
        path, query = split.path, split.query
        if hostname.endswith('.localhost'):
            bucket = hostname[:-len('.localhost')]
            upstream_path = '/' + bucket + path
        else:
            bucket = path.lstrip('/').split('/')[0]
            upstream_path = path

        refused = self.verify(host, path, query, body)
        if refused:
            return refused

        if bucket in self.server.bucket_regions and self.server.bucket_regions[bucket] != self.server.region:
            region = self.server.bucket_regions[bucket]
            return self.refuse(301, 'PermanentRedirect',
                               'The bucket you are attempting to access must be addressed using the specified endpoint.',
                               '<Endpoint>%s.s3.%s.amazonaws.com</Endpoint><Bucket>%s</Bucket>' % (bucket, region, bucket),
                               {'x-amz-bucket-region': region})

        is_list = self.command == 'GET' and ('list-type=2' in query or upstream_path.count('/') <= 1)
        is_object_get = self.command == 'GET' and not is_list
        with lock:
            if is_list:
                counters['lists'] += 1
                n = counters['lists']
                every = faults.get('list_error_every')
                if every and n % every == 0:
                    counters['errors_injected'] += 1
                    inject = 'slowdown'
                else:
                    inject = None
            elif is_object_get:
                counters['object_gets'] += 1
                n = counters['object_gets']
                inject = None
                if faults.get('error_every') and n % faults['error_every'] == 0:
                    counters['errors_injected'] += 1
                    inject = 'slowdown' if (n // faults['error_every']) % 2 else 'internal'
                elif faults.get('cut_every') and n % faults['cut_every'] == 0:
                    counters['cuts_injected'] += 1
                    inject = 'cut'
            else:
                inject = None
        if inject == 'slowdown':
            return self.refuse(503, 'SlowDown', 'Please reduce your request rate.')
        if inject == 'internal':
            return self.refuse(500, 'InternalError', 'We encountered an internal error. Please try again.')

        params = urllib.parse.parse_qs(query, keep_blank_values=True)
        if is_list and params.get('delimiter'):
            return self.list_with_delimiter(bucket, params)

        conn = http.client.HTTPConnection('127.0.0.1', self.server.upstream_port, timeout=60)
        fwd = {k: v for k, v in self.headers.items()
               if k.lower() not in ('authorization', 'host', 'x-amz-security-token', 'x-amz-date',
                                    'x-amz-content-sha256', 'connection')}
        conn.request(self.command, upstream_path + ('?' + query if query else ''), body=body, headers=fwd)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ('transfer-encoding', 'connection', 'content-length'):
                self.send_header(k, v)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        if self.command == 'HEAD':
            return
        if inject == 'cut' and len(data) > 1:
            cut = min(faults.get('cut_after') or len(data) // 2, len(data) - 1)
            self.wfile.write(data[:cut])
            self.wfile.flush()
            # a reset, not a clean close: the client sees a broken transfer
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
            self.close_connection = True
            return
        self.wfile.write(data)

    def list_with_delimiter(self, bucket, params):
        """ListObjectsV2 with a delimiter, as S3 answers it.  s3rver leaves
        out the common prefixes of levels that hold no objects of their own
        (AWSLogs/, AWSLogs/<account>/, ...), so the proxy lists every key
        under the prefix from s3rver and rolls them up itself."""
        prefix = params.get('prefix', [''])[0]
        delim = params['delimiter'][0]
        max_keys = int(params.get('max-keys', ['1000'])[0])
        after = params.get('continuation-token', [''])[0] or params.get('start-after', [''])[0]
        entries = {}
        token = None
        while True:
            q = {'list-type': '2', 'prefix': prefix}
            if token:
                q['continuation-token'] = token
            conn = http.client.HTTPConnection('127.0.0.1', self.server.upstream_port, timeout=60)
            conn.request('GET', '/%s?%s' % (bucket, urllib.parse.urlencode(q)))
            resp = conn.getresponse()
            data = resp.read().decode()
            conn.close()
            if resp.status != 200:
                return self.send_body(resp.status, data.encode())
            for m in re.finditer(r'<Contents>(.*?)</Contents>', data, re.S):
                c = m.group(1)
                key = html.unescape(re.search(r'<Key>(.*?)</Key>', c, re.S).group(1))
                rest = key[len(prefix):]
                if delim in rest:
                    cp = prefix + rest[:rest.index(delim) + len(delim)]
                    entries[cp] = None
                else:
                    entries[key] = c
            if '<IsTruncated>true</IsTruncated>' not in data:
                break
            token = html.unescape(re.search(r'<NextContinuationToken>(.*?)</NextContinuationToken>', data).group(1))
        names = sorted(n for n in entries if n > after)
        page, truncated = names[:max_keys], len(names) > max_keys
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
               '<Name>%s</Name><Prefix>%s</Prefix><Delimiter>%s</Delimiter><MaxKeys>%d</MaxKeys><KeyCount>%d</KeyCount>'
               % (bucket, html.escape(prefix), html.escape(delim), max_keys, len(page)),
               '<IsTruncated>%s</IsTruncated>' % ('true' if truncated else 'false')]
        if truncated:
            out.append('<NextContinuationToken>%s</NextContinuationToken>' % html.escape(page[-1]))
        for n in page:
            if entries[n] is None:
                out.append('<CommonPrefixes><Prefix>%s</Prefix></CommonPrefixes>' % html.escape(n))
            else:
                out.append('<Contents>%s</Contents>' % entries[n])
        out.append('</ListBucketResult>')
        return self.send_body(200, ''.join(out).encode())

    def verify(self, host, path, query, body):
        """None when the request is signed right, else the refusal sent."""
        auth = self.headers.get('Authorization')
        if not auth:
            return self.refuse(403, 'AccessDenied', 'Anonymous access is not allowed.')
        m = AUTH_RE.match(auth)
        if not m:
            return self.refuse(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.')
        akid, datestamp, region, service, signed, signature = m.groups()
        cred = self.server.credentials.get(akid)
        if cred is None:
            return self.refuse(403, 'InvalidAccessKeyId',
                               'The AWS Access Key Id you provided does not exist in our records.')
        if region != self.server.region:
            return self.refuse(400, 'AuthorizationHeaderMalformed',
                               "The authorization header is malformed; the region '%s' is wrong; expecting '%s'"
                               % (region, self.server.region), '<Region>%s</Region>' % self.server.region)
        if service != 's3':
            return self.refuse(400, 'AuthorizationHeaderMalformed', 'The service is wrong; expecting s3.')
        amz_date = self.headers.get('x-amz-date', '')
        try:
            when = datetime.datetime.strptime(amz_date, '%Y%m%dT%H%M%SZ').replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return self.refuse(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header')
        if abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) > 900 \
                or amz_date[:8] != datestamp:
            return self.refuse(403, 'RequestTimeTooSkewed',
                               'The difference between the request time and the current time is too large.')
        content_sha = self.headers.get('x-amz-content-sha256')
        if content_sha is None:
            return self.refuse(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256')
        if content_sha != 'UNSIGNED-PAYLOAD' and content_sha != hashlib.sha256(body).hexdigest():
            return self.refuse(400, 'XAmzContentSHA256Mismatch',
                               "The provided 'x-amz-content-sha256' header does not match what was computed.")
        token = self.headers.get('x-amz-security-token')
        if cred.get('session_token'):
            if token is None or 'x-amz-security-token' not in signed.split(';'):
                return self.refuse(403, 'InvalidAccessKeyId',
                                   'The AWS Access Key Id you provided does not exist in our records.')
            if token != cred['session_token']:
                return self.refuse(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.')
            if cred.get('expired') or time.time() > cred.get('not_after', float('inf')):
                with lock:
                    counters['expired_refused'] = counters.get('expired_refused', 0) + 1
                return self.refuse(400, 'ExpiredToken', 'The provided token has expired.')

        req = AWSRequest(method=self.command,
                         url='http://%s%s%s' % (host, path, '?' + query if query else ''),
                         data=body)
        for name in signed.split(';'):
            value = self.headers.get(name)
            if value is None:
                return self.refuse(403, 'AccessDenied', 'Signed header %s is missing.' % name)
            req.headers[name] = value
        req.context['timestamp'] = amz_date
        signer = S3SigV4Auth(Credentials(akid, cred['secret_access_key'], cred.get('session_token')),
                             's3', region)
        canonical = signer.canonical_request(req)
        expected = signer.signature(signer.string_to_sign(req, canonical), req)
        if expected != signature:
            if self.server.verbose:
                print('canonical request the proxy expected:\n' + canonical, flush=True)
            return self.refuse(403, 'SignatureDoesNotMatch',
                               'The request signature we calculated does not match the signature you provided. '
                               'Check your key and signing method.',
                               '<AWSAccessKeyId>%s</AWSAccessKeyId>' % akid)
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--upstream-port', type=int, required=True)
    ap.add_argument('--credentials', required=True)
    ap.add_argument('--region', default='us-east-1')
    ap.add_argument('--bucket-region', action='append', default=[])
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(('127.0.0.1', args.port), Handler)
    server.daemon_threads = True
    with open(args.credentials) as f:
        server.credentials = {c['access_key_id']: c for c in json.load(f)}
    server.upstream_port = args.upstream_port
    server.region = args.region
    server.bucket_regions = dict(b.split('=', 1) for b in args.bucket_region)
    server.verbose = args.verbose
    print('sigv4 proxy on 127.0.0.1:%d -> 127.0.0.1:%d' % (args.port, args.upstream_port), flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
