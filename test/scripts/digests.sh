#!/usr/bin/env bash
# CloudTrail log file integrity validation.  test/gen_digests.py writes
# hourly digests for a trail exactly per the documented format (signing
# string, hex SHA256withRSA signature, chaining) with the test's own RSA
# key; then each kind of tampering is applied to a fresh copy and
# verify_digests must name it -- and only it.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/pristine" - trail 30 >/dev/null
# load_trail's placeholder digest is not signed; real trails have none
find "$work/pristine" -name '*CloudTrail-Digest_*_t_*' -delete
/usr/bin/python3 test/gen_digests.py "$work/pristine" trail "$work/keys" >/dev/null
share_workdir

fp=$(cat "$work/keys/fingerprint")
der=$(base64 -w0 "$work/keys/public.der")
keys="jsonb_build_object('PublicKeyList', jsonb_build_array(jsonb_build_object('Fingerprint', '$fp', 'Value', '$der')))"

# a fresh copy of the pristine trail to tamper with
reset() {
	rm -rf "$work/trail"
	cp -a "$work/pristine" "$work/trail"
	chmod -R a+rX "$work/trail"
}
# "status count" lines, or the problem rows with short object names
summary() {
	q "SELECT string_agg(kind || ' ' || status || ' ' || n, ', ' ORDER BY kind, status)
	   FROM (SELECT kind, status, count(*) AS n
	         FROM iotatrail.verify_digests('$work/trail/AWSLogs/', $keys) GROUP BY 1, 2) s"
}
problems() {
	q "SELECT coalesce(string_agg(kind || ' ' || regexp_replace(object, '^.*/', '') || ' ' || status, E'\n' ORDER BY object), 'none')
	   FROM iotatrail.verify_digests('$work/trail/AWSLogs/', $keys) WHERE status <> 'ok'"
}
ndigests=$(find "$work/pristine" -name '*_CloudTrail-Digest_*.json.gz' | wc -l)
nlogs=$(find "$work/pristine" -path '*/CloudTrail/*' -name '*.json.gz' | wc -l)

reset
expect "untouched trail: every digest and log file verifies" "$(summary)" "^digest ok $ndigests, log ok $nlogs$"

# only a trail's own CloudTrail-Digest folder or a digest file's name makes a
# digest: a folder above the trail whose name holds the token hides nothing
nevents=$(q "SELECT count(*) FROM iotatrail.read_events('$work/pristine/AWSLogs/', '*')")
for above in CloudTrail-Digest-backup CloudTrail-Digest; do
	rm -rf "$work/above"
	mkdir -p "$work/above/$above"
	cp -a "$work/pristine/AWSLogs" "$work/above/$above/"
	chmod -R a+rX "$work/above"
	out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/above/$above/AWSLogs/', '*')")
	expect "under a folder named $above: every log file read" "$out" "^$nevents$"
done
out=$(q "SELECT count(*) FROM iotatrail.read_events('$work/above/', '*')")
expect "a folder named exactly CloudTrail-Digest below the location is a digest folder" "$out" 'digest files and folders are not read as events.*0$'
out=$(q "SELECT count(*) FROM iotatrail.verify_digests('$work/above/CloudTrail-Digest/AWSLogs/', $keys) WHERE status = 'ok'")
expect "digests below such a folder still verify" "$out" "^$((ndigests + nlogs))$"

# one byte of one log file's JSON, gzip'd again (a valid file, wrong content)
reset
victim=$(find "$work/trail" -path '*/CloudTrail/*' -name '*.json.gz' | sort | sed -n 3p)
zcat "$victim" | python3 -c 'import sys; b=bytearray(sys.stdin.buffer.read()); i=b.index(b"Create") if b"Create" in b else 20; b[i]^=1; sys.stdout.buffer.write(b)' | gzip -n > "$victim.new"
mv "$victim.new" "$victim"
chmod a+r "$victim"
expect "one changed byte: that file, hash mismatch" "$(problems)" "^log $(basename "$victim") hash mismatch$"

# a raw byte of the compressed file: unreadable, reported as a mismatch
reset
victim=$(find "$work/trail" -path '*/CloudTrail/*' -name '*.json.gz' | sort | sed -n 5p)
printf '\x00' | dd of="$victim" bs=1 seek=40 conv=notrunc 2>/dev/null
out=$(q "SELECT status || ': ' || detail FROM iotatrail.verify_digests('$work/trail/AWSLogs/', $keys) WHERE status <> 'ok'")
expect "a corrupt gzip file: hash mismatch saying why" "$out" "^hash mismatch: the file cannot be read: .*$(basename "$victim")"

# a log file deleted
reset
victim=$(find "$work/trail" -path '*/CloudTrail/*' -name '*.json.gz' | sort | sed -n 7p)
rm "$victim"
expect "a deleted log file: missing log file" "$(problems)" "^log $(basename "$victim") missing log file$"

# a digest dropped from the middle of a chain: the next one's chain breaks,
# and the log files only the dropped digest listed are vouched for by none
reset
chain=$(find "$work/trail/AWSLogs/111111111111/CloudTrail-Digest/us-east-1" -name '*.json.gz' | sort)
dropped=$(printf '%s\n' "$chain" | python3 -c '
import sys, gzip, json
paths = sys.stdin.read().split()
for p in paths[1:-1]:
    if json.loads(gzip.open(p).read())["logFiles"]:
        print(p); break')
next=$(printf '%s\n' "$chain" | grep -A1 -x -- "$dropped" | tail -1)
dropped_logs=$(python3 -c 'import gzip, json, sys; print(len(json.loads(gzip.open(sys.argv[1]).read())["logFiles"]))' "$dropped")
rm "$dropped" "$dropped.signature"
out=$(problems)
expect "a dropped digest: the next digest's chain is broken" "$out" "digest $(basename "$next") broken chain"
expect "  ... and its log files are in no digest" "$(printf '%s' "$out" | grep -c 'not in any digest')" "^$dropped_logs$"
expect "  ... and nothing else is flagged" "$(printf '%s' "$out" | grep -vc 'not in any digest')" '^1$'

# a signature altered (one hex digit of the sidecar)
reset
victim=$(find "$work/trail" -name '*.signature' | sort | sed -n 4p)
sig=$(cat "$victim")
first=${sig:0:1}
[ "$first" = "0" ] && repl=1 || repl=0
printf '%s' "$repl${sig:1}" > "$victim"
out=$(problems)
expect "an altered signature: invalid signature" "$out" "digest $(basename "${victim%.signature}") invalid signature"
expect "  ... the digest after it no longer matches what it recorded" "$(printf '%s' "$out" | wc -l)" '^[01]$'

# a digest's content altered (one listed hash), its signature kept
reset
victim=$(find "$work/trail" -name '*_CloudTrail-Digest_*.json.gz' | sort | while read -r f; do
	zcat "$f" | grep -q '"hashValue"' && { echo "$f"; break; }; done)
python3 - "$victim" <<'PY'
import gzip, json, sys
p = sys.argv[1]
d = json.loads(gzip.open(p).read())
h = d["logFiles"][0]["hashValue"]
d["logFiles"][0]["hashValue"] = ("0" if h[0] != "0" else "1") + h[1:]
open(p, "wb").write(gzip.compress(json.dumps(d, separators=(",", ":")).encode(), mtime=0))
PY
out=$(problems)
expect "an edited digest: invalid signature" "$out" "digest $(basename "$victim") invalid signature"

# signatures: a missing sidecar is taken from the next digest's record;
# the newest digest of a chain without one cannot be checked
reset
chain=$(find "$work/trail/AWSLogs/222222222222/CloudTrail-Digest/eu-west-1" -name '*.json.gz' | sort)
rm "$(printf '%s\n' "$chain" | sed -n 2p).signature"
expect "a missing sidecar mid-chain: still verified through the chain" "$(problems)" '^none$'
newest=$(printf '%s\n' "$chain" | tail -1)
rm "$newest.signature"
expect "the newest digest without a signature: unsigned" "$(problems)" "^digest $(basename "$newest") unsigned$"

# another key with the same fingerprint: every digest fails
reset
openssl genrsa -out "$work/other.pem" 2048 2>/dev/null
other=$(openssl rsa -in "$work/other.pem" -RSAPublicKey_out -outform DER 2>/dev/null | base64 -w0)
out=$(q "SELECT string_agg(DISTINCT status, ',') FROM iotatrail.verify_digests('$work/trail/AWSLogs/',
         jsonb_build_array(jsonb_build_object('Fingerprint', '$fp', 'Value', '$other'))) WHERE kind = 'digest'")
expect "a different public key: invalid signature everywhere" "$out" '^invalid signature$'
out=$(q "SELECT string_agg(DISTINCT status, ',') FROM iotatrail.verify_digests('$work/trail/AWSLogs/', '[]') WHERE kind = 'digest'")
expect "no public key given: said so" "$out" '^no public key$'
pem=$(cat "$work/keys/public.pem")
out=$(q "SELECT count(*) FILTER (WHERE status = 'ok') || ' ' || count(*) FROM iotatrail.verify_digests('$work/trail/AWSLogs/',
         jsonb_build_array(jsonb_build_object('Fingerprint', '$fp', 'Value', \$k\$$pem\$k\$))) WHERE kind = 'digest'")
expect "a PEM key works as well" "$out" "^$ndigests $ndigests$"

# reading server files is a privilege
q "CREATE ROLE digest_nobody" >/dev/null
out=$(q "SET ROLE digest_nobody; SELECT count(*) FROM iotatrail.verify_digests('$work/trail/AWSLogs/', $keys)")
expect "without pg_read_server_files: refused" "$out" 'permission denied to read log files'
# a server argument is checked as read_events checks it
q "CREATE SERVER digest_srv FOREIGN DATA WRAPPER iotatrail" >/dev/null
out=$(q "SET ROLE digest_nobody; SELECT iotatrail_internal.object_sha256('s3://b/k.json.gz', 'digest_srv')")
expect "  ... a server without USAGE: refused" "$out" 'permission denied for foreign server digest_srv'
q "DROP ROLE digest_nobody; DROP SERVER digest_srv" >/dev/null
finish
