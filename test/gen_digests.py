#!/usr/bin/env python3
"""Write CloudTrail digest files (log file integrity validation) for a trail
laid out on disk, signed with a test key, so digest validation can be tested
without AWS.

  gen_digests.py TRAIL_ROOT BUCKET KEYDIR

TRAIL_ROOT holds AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/
<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz (as
test/s3/load_trail.py writes).  For every (account, region), one digest per
delivery hour from the first to the last, empty hours included, chained
through previousDigest*, at

  AWSLogs/[o-orgid/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
  <account>_CloudTrail-Digest_<region>_trail_us-east-1_<YYYYMMDDTHHMMSSZ>.json.gz

named and foldered by digestEndTime.  The signature (hex SHA256withRSA, as
CloudTrail puts in the x-amz-meta-signature metadata) goes to a sidecar file
<digest>.signature, iotatrail's convention for local copies.

KEYDIR gets, when absent, private.pem (RSA-2048), public.der (PKCS#1
RSAPublicKey DER, the form ListPublicKeys returns), public.pem
(SubjectPublicKeyInfo PEM) and fingerprint (hex MD5 of public.der).

Deterministic for a given key: sorted inputs, gzip mtime 0, and PKCS#1 v1.5
signatures.  Needs only the standard library and the openssl command.
"""
import datetime
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys

TRAIL_NAME = "trail"
HOME_REGION = "us-east-1"
LOG_NAME = re.compile(r"^(\d{12})_CloudTrail_([^_/]+)_(\d{8}T\d{4}Z)_[^_/]+\.json\.gz$")
HOUR = datetime.timedelta(hours=1)


def run(args, data=None):
    """Run openssl quietly; its chatter goes to stderr only on failure."""
    p = subprocess.run(args, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors="replace"))
        sys.exit("gen_digests: %s failed" % " ".join(args[:2]))
    return p.stdout


def ensure_keys(keydir):
    """Create the key pair and its derived files where missing; return the
    private key path and the fingerprint."""
    os.makedirs(keydir, exist_ok=True)
    priv = os.path.join(keydir, "private.pem")
    der = os.path.join(keydir, "public.der")
    pem = os.path.join(keydir, "public.pem")
    fpr = os.path.join(keydir, "fingerprint")
    if not os.path.exists(priv):
        old = os.umask(0o077)
        try:
            run(["openssl", "genrsa", "-out", priv, "2048"])
        finally:
            os.umask(old)
        # derived files of an older key would not match the new one
        for f in (der, pem, fpr):
            if os.path.exists(f):
                os.remove(f)
    if not os.path.exists(der):
        run(["openssl", "rsa", "-in", priv, "-RSAPublicKey_out", "-outform", "DER", "-out", der])
    if not os.path.exists(pem):
        run(["openssl", "rsa", "-in", priv, "-pubout", "-outform", "PEM", "-out", pem])
    with open(der, "rb") as fh:
        fingerprint = hashlib.md5(fh.read()).hexdigest()
    with open(fpr, "w") as fh:
        fh.write(fingerprint)
    return priv, fingerprint


def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t is not None else None


def parse_time(s):
    """eventTime to an aware datetime; None when absent or unreadable."""
    if not isinstance(s, str):
        return None
    try:
        return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        try:
            t = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            return None
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        return t.astimezone(datetime.timezone.utc).replace(microsecond=0)


def find_logs(root):
    """Log files as {(account_prefix, account, region): [(hour, key, path)]},
    account_prefix being the key up to and including the account folder."""
    chains = {}
    awslogs = os.path.join(root, "AWSLogs")
    for dirpath, dirnames, filenames in os.walk(awslogs):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        parts = rel.split("/")
        # AWSLogs/[o-x/]acct/CloudTrail/region/YYYY/MM/DD
        if len(parts) not in (7, 8) or parts[-5] != "CloudTrail" or (len(parts) == 8 and not parts[1].startswith("o-")):
            continue
        account, region = parts[-6], parts[-4]
        for name in sorted(filenames):
            m = LOG_NAME.match(name)
            if m is None or "_CloudTrail-Digest_" in name:
                continue
            if m.group(1) != account or m.group(2) != region:
                continue
            delivered = datetime.datetime.strptime(m.group(3), "%Y%m%dT%H%MZ").replace(tzinfo=datetime.timezone.utc)
            hour = delivered.replace(minute=0)
            prefix = "/".join(parts[:-5])
            chains.setdefault((prefix, account, region), []).append(
                (hour, rel + "/" + name, os.path.join(dirpath, name)))
    return chains


def log_entry(bucket, key, path):
    """The logFiles[] entry of one log file, and its event time range."""
    with open(path, "rb") as fh:
        raw = gzip.decompress(fh.read())
    times = []
    try:
        doc = json.loads(raw)
        records = doc.get("Records", []) if isinstance(doc, dict) else []
    except ValueError:
        records = []
    for r in records if isinstance(records, list) else []:
        t = parse_time(r.get("eventTime")) if isinstance(r, dict) else None
        if t is not None:
            times.append(t)
    newest = max(times) if times else None
    oldest = min(times) if times else None
    entry = {
        "s3Bucket": bucket,
        "s3Object": key,
        "hashValue": hashlib.sha256(raw).hexdigest(),
        "hashAlgorithm": "SHA-256",
        "newestEventTime": fmt(newest),
        "oldestEventTime": fmt(oldest),
    }
    return entry, newest, oldest


def sign(priv, text):
    return run(["openssl", "dgst", "-sha256", "-sign", priv], text.encode()).hex()


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen_digests.py TRAIL_ROOT BUCKET KEYDIR")
    root, bucket, keydir = sys.argv[1:]
    priv, fingerprint = ensure_keys(keydir)
    ndigests = nlogs = 0

    for (prefix, account, region), logs in sorted(find_logs(root).items()):
        by_hour = {}
        for hour, key, path in logs:
            by_hour.setdefault(hour, []).append((key, path))
        hour, last = min(by_hour), max(by_hour)
        prev = None   # (object, uncompressed sha256, signature)
        while hour <= last:
            end = hour + HOUR
            entries, newest, oldest = [], [], []
            for key, path in sorted(by_hour.get(hour, [])):
                e, n, o = log_entry(bucket, key, path)
                entries.append(e)
                if n is not None:
                    newest.append(n)
                    oldest.append(o)
            nlogs += len(entries)
            folder = f"{prefix}/CloudTrail-Digest/{region}/{end:%Y/%m/%d}"
            obj = (f"{folder}/{account}_CloudTrail-Digest_{region}_{TRAIL_NAME}_{HOME_REGION}_"
                   f"{end:%Y%m%dT%H%M%SZ}.json.gz")
            digest = {
                "awsAccountId": account,
                "digestStartTime": fmt(hour),
                "digestEndTime": fmt(end),
                "digestS3Bucket": bucket,
                "digestS3Object": obj,
                "digestPublicKeyFingerprint": fingerprint,
                "digestSignatureAlgorithm": "SHA256withRSA",
                "newestEventTime": fmt(max(newest)) if newest else None,
                "oldestEventTime": fmt(min(oldest)) if oldest else None,
                "previousDigestS3Bucket": bucket if prev else None,
                "previousDigestS3Object": prev[0] if prev else None,
                "previousDigestHashValue": prev[1] if prev else None,
                "previousDigestHashAlgorithm": "SHA-256" if prev else None,
                "previousDigestSignature": prev[2] if prev else None,
                "logFiles": entries,
            }
            raw = json.dumps(digest, separators=(",", ":")).encode()
            sha = hashlib.sha256(raw).hexdigest()
            to_sign = "%s\n%s/%s\n%s\n%s" % (digest["digestEndTime"], bucket, obj, sha,
                                             prev[2] if prev else "null")
            signature = sign(priv, to_sign)
            path = os.path.join(root, *obj.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(gzip.compress(raw, mtime=0))
            with open(path + ".signature", "w") as fh:
                fh.write(signature)
            ndigests += 1
            prev = (obj, sha, signature)
            hour = end
    print("digests", ndigests, "log files", nlogs)


if __name__ == "__main__":
    main()
