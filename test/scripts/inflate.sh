#!/usr/bin/env bash
# The two inflaters (issue 34): gzip members under iotatrail.inflate_whole_limit
# are inflated in one libdeflate call when the build has libdeflate, the rest
# streamed through zlib.  EXPLAIN VERBOSE names what the build does; hostile
# gzip files give the same rows and the same errors (message, DETAIL,
# CONTEXT) with the one-call inflater as with zlib alone (limit 0).
# IOTATRAIL_EXPECT_INFLATER (libdeflate or zlib), when set, says which build
# this should be (test/run-version sets it for its zlib-only leg).
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 - "$work" <<'PY'
import base64, gzip, json, os, random, struct, sys, zlib
d = sys.argv[1]
def doc(n, name, pad=0):
    recs = [{"eventVersion": "1.08", "eventTime": "2024-05-01T10:00:%02dZ" % (i % 60),
             "eventSource": "iotanalytics.amazonaws.com", "eventName": "%s%d" % (name, i),
             "awsRegion": "eu-west-1"} for i in range(n)]
    return ('{"Records":[' + " " * pad + ",".join(json.dumps(r) for r in recs) + "]}").encode()
def gz(b):
    return gzip.compress(b, 6, mtime=0)
def put(name, data):
    open(os.path.join(d, name), "wb").write(data)
small, big = gz(doc(10, "S")), gz(doc(3000, "B"))
put("one.json.gz", small)
put("members.json.gz", small + big + small)
put("empty_member.json.gz", gz(b"") + small + gz(b""))
put("truncated.json.gz", (small + big)[:-100])
put("cut_trailer.json.gz", small[:-3])
c = bytearray(big); c[len(c) // 2] ^= 0x55
put("corrupt.json.gz", bytes(c))
c = bytearray(small + small); c[-6] ^= 1
put("crc.json.gz", bytes(c))
c = bytearray(small); c[-4:] = struct.pack("<I", 7)
put("isize_small.json.gz", bytes(c))
c = bytearray(small + small); c[len(small) - 4:len(small)] = struct.pack("<I", 99999)
put("isize_large_first.json.gz", bytes(c))
bomb = gz(doc(2, "Z", pad=20 << 20))
put("bomb.json.gz", bomb)
c = bytearray(bomb); c[-4:] = struct.pack("<I", 300)
put("bomb_isize.json.gz", bytes(c))
# past the reader's 256 kB reads: a fallback must count compressed bytes
# as zlib alone does
noise = base64.b64encode(random.Random(3).randbytes(450000)).decode()
c = bytearray(gz(('{"Records":[{"eventVersion":"1.08","eventName":"N","x":"%s"}]}' % noise).encode()) + big)
c[-len(big) - 6] ^= 1
put("noise_crc.json.gz", bytes(c))
put("garbage.json.gz", small + b"junk")
put("zeros.json.gz", small + bytes(64))
PY
share_workdir

expected=${IOTATRAIL_EXPECT_INFLATER:-}
if [ -z "$expected" ]; then
	# (ldd's whole output first: grep -q may stop reading it, and pipefail)
	libs=$(ldd "$("${PG_CONFIG:-pg_config}" --pkglibdir)/iotatrail.so" 2>&1)
	expected=zlib
	[[ "$libs" == *libdeflate* ]] && expected=libdeflate
fi
q "DROP SERVER IF EXISTS inflate_srv CASCADE; CREATE SERVER inflate_srv FOREIGN DATA WRAPPER iotatrail;
   CREATE FOREIGN TABLE inflate_events (event_name text) SERVER inflate_srv OPTIONS (location '$work/one.json.gz')" >/dev/null
plan=$(q "EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM inflate_events")
if [ "$expected" = libdeflate ]; then
	expect "EXPLAIN VERBOSE names libdeflate and its limit" "$plan" 'Gzip Inflater: libdeflate up to 8192 kB per member, zlib past it'
else
	expect "EXPLAIN VERBOSE names zlib (a build without libdeflate)" "$plan" 'Gzip Inflater: zlib'
fi
plan=$(psql -X -q -A -t -c "SET iotatrail.inflate_whole_limit = 0" -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM inflate_events" 2>&1)
expect "  ... and zlib with iotatrail.inflate_whole_limit = 0" "$plan" 'Gzip Inflater: zlib$'
plan=$(q "EXPLAIN (COSTS OFF) SELECT count(*) FROM inflate_events")
expect "  ... not without VERBOSE" "$(printf '%s' "$plan" | grep -c Inflater)" '^0$'
out=$(q "SELECT count(*) FROM inflate_events")
expect "  ... and the table reads its rows" "$out" '^10$'

# run QUERY with the limit at LIMIT: the whole output, errors included
with_limit() {
	psql -X -q -A -t -v ON_ERROR_STOP=0 -c "SET iotatrail.inflate_whole_limit = '$1'" -c "$2" 2>&1
}
differ=0
n=0
for f in "$work"/*.json.gz; do
	for opt in "" ", on_error => 'skip'"; do
		sql="SELECT count(*), count(DISTINCT event_name), min(record_index), max(record_index), sum(length(event_name)) FROM iotatrail.read_events('$f', event_source => '*'$opt)"
		zl=$(with_limit 0 "$sql")
		for limit in 8MB 64kB; do
			one=$(with_limit "$limit" "$sql")
			n=$((n + 1))
			if [ "$zl" != "$one" ]; then
				differ=$((differ + 1))
				echo "       $(basename "$f")$opt, limit $limit: zlib gave"
				echo "         $zl"
				echo "       one-call gave"
				echo "         $one"
			fi
		done
	done
done
expect "hostile gzip files: the same rows and errors with both inflaters ($n reads)" "$differ" '^0$'
out=$(with_limit 8MB "SELECT count(*) FROM iotatrail.read_events('$work/isize_small.json.gz', event_source => '*')")
expect "  ... a lying ISIZE is an error (length check)" "$out" 'ERROR:  invalid gzip data.DETAIL:  Corrupt gzip data: incorrect length check \(gzip member 1, after [0-9]+ compressed and [0-9]+ uncompressed bytes\).*CONTEXT:  log file ".*isize_small.json.gz"'
out=$(with_limit 8MB "SELECT count(*) FROM iotatrail.read_events('$work/crc.json.gz', event_source => '*', on_error => 'skip')")
expect "  ... a bad CRC in member 2 keeps the rows before the check, as zlib does, with skip" "$out" 'WARNING:  skipped 1 unreadable file.*incorrect data check \(gzip member 2.*[^0-9]20$'
out=$(with_limit 8MB "SELECT count(*) FROM iotatrail.read_events('$work/members.json.gz', event_source => '*')")
expect "  ... every member is read" "$out" '^3020$'
q "DROP SERVER inflate_srv CASCADE" >/dev/null
finish
