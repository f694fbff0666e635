#!/usr/bin/env bash
# jsonb columns are written straight from the JSON text (src/jsonb_build.c),
# not through jsonb_in: they must equal what jsonb_in makes of the same text,
# value for value, on a generated trail and on the awkward cases -- escaped
# and duplicate keys, more members than one JEntry stride (32), numbers of
# every form, nesting, unicode, scalars.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/s3/load_trail.py "$work/trail" - trail 120 2000 >/dev/null
share_workdir

# every record of the trail against jsonb_in of its own text
out=$(q "SELECT count(*) FILTER (WHERE r.record IS DISTINCT FROM j.e
                                OR pg_column_size(r.record) <> pg_column_size(j.e)) || ' of ' || count(*)
         FROM iotatrail.read_events('$work/trail/AWSLogs/', '*') r
         JOIN LATERAL (SELECT e FROM jsonb_array_elements(
                          convert_from(iotatrail_internal.object_content(r.source_object), 'UTF8')::jsonb->'Records')
                          WITH ORDINALITY AS x(e, n)
                       WHERE n - 1 = r.record_index) j ON true")
expect "a generated trail: every record equals jsonb_in's" "$out" '^0 of [1-9][0-9]{3,}$'

# awkward values, each as a record's requestParameters
cases=(
	'{"b":1,"a":2,"b":3}'
	'{"x\u0041":1,"xA":2,"\u00e9t\u00e9":"\ud83d\ude00","":[[[]]]}'
	'[1,-0,0.5,2.50,-3e2,1E+400,0.000000000000000000001,12345678901234567890123]'
	'[true,false,null,"",{},[],"a\"b\\c\/d\b\f\n\r\t"]'
	'"just a string"'
	'-12.5e-3'
	'{"deep":{"deeper":{"deepest":[{"k":[1,{"z":null}]}]}}}'
	'{"zz":"a","b":1.5,"ccc":{"x":2},"a":"odd","dd":[3,"q",{"k":4.25}],"e":{}}'
)
big=""
for i in $(seq 1 70); do big="$big\"k$i\":$([ $((i % 3)) = 0 ] && echo "[\"v$i\",{\"n\":$i}]" || echo "$i.5"),"; done
cases+=("{${big%,}}")
arr=""; for i in $(seq 1 70); do arr="$arr{\"i\":$i},\"s$i\","; done
cases+=("[${arr%,}]")
bad=0
for c in "${cases[@]}"; do
	# a long userAgent keeps the record past 126 bytes, where a stored datum
	# would get a one-byte header and pg_column_size would differ by three
	doc="{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"userAgent\":\"$(printf 'a%.0s' $(seq 1 130))\",\"requestParameters\":$c}]}"
	got=$(q "SELECT (request_parameters = \$j\$$c\$j\$::jsonb)::text || ' ' || (request_parameters::text = (\$j\$$c\$j\$::jsonb)::text)::text
	             || ' ' || (record = (\$j\$$doc\$j\$::jsonb->'Records'->0))::text
	             || ' ' || (pg_column_size(record) = pg_column_size(\$j\$$doc\$j\$::jsonb->'Records'->0))::text
	         FROM iotatrail.parse_events(\$j\$$doc\$j\$, '*')")
	if [ "$got" != "true true true true" ]; then
		bad=$((bad + 1))
		echo "       differs: $c ($got)"
	fi
done
expect "${#cases[@]} awkward values equal jsonb_in's, as values, as text and in size" "$bad" '^0$'
out=$(q "SELECT request_parameters->'k65', request_parameters->'k66'->1->'n', response_elements->131
         FROM iotatrail.parse_events(\$j\${\"Records\":[{\"eventVersion\":\"1\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"requestParameters\":${cases[8]},\"responseElements\":${cases[9]}}]}\$j\$, '*')")
expect "  ... members past the first stride are found" "$out" '^65.5\|66\|"s66"$'
# random documents: nesting, key orders and duplicates, escapes, numbers
# and whitespace drawn at random (seeded), each record against jsonb_in --
# by value, by text and by size, which catches a misplaced byte of padding
/usr/bin/python3 - "$work/random.json" <<'PY'
import json, random, sys
rnd = random.Random(20261125)
def s():
    alphabet = ['a', 'b', 'K', 'é', '漢', '😀', '"', '\\', '/', '\n', '\t', 'x' * 17]
    return ''.join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6)))
def number():
    return rnd.choice(['0', '-0', '7', '-12', '3.25', '1e3', '-2.5E-7', '12345678901234567890', '0.1'])
def value(d):
    r = rnd.random()
    if d > 4 or r < 0.45:
        return rnd.choice([json.dumps(s(), ensure_ascii=rnd.random() < 0.5), number(), 'true', 'false', 'null'])
    ws = rnd.choice(['', ' ', '\n  '])
    if r < 0.75:
        members = []
        for _ in range(rnd.randint(0, 12)):
            key = rnd.choice(['a', 'b', 'ab', 'eventName', s(), 'k%d' % rnd.randint(0, 40)])
            members.append(json.dumps(key, ensure_ascii=rnd.random() < 0.5) + ws + ':' + ws + value(d + 1))
        return '{' + ws + (',' + ws).join(members) + ws + '}'
    return '[' + ws + (',' + ws).join(value(d + 1) for _ in range(rnd.randint(0, 40 if d < 2 else 5))) + ws + ']'
records = []
for i in range(400):
    rec = '{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","userAgent":"%s","requestParameters":%s,"responseElements":%s}' % ('u' * 130, value(0), value(0))
    records.append(rec)
open(sys.argv[1], 'w').write('{"Records":[' + ','.join(records) + ']}')
PY
chmod a+r "$work/random.json"
out=$(q "WITH d AS (SELECT pg_read_file('$work/random.json')::jsonb AS doc)
         SELECT count(*) FILTER (WHERE r.record IS DISTINCT FROM d.doc->'Records'->(r.record_index::int)
                                   OR r.record::text <> (d.doc->'Records'->(r.record_index::int))::text
                                   OR pg_column_size(r.record) <> pg_column_size(d.doc->'Records'->(r.record_index::int)))
                || ' of ' || count(*)
         FROM d, iotatrail.parse_events(pg_read_file('$work/random.json'), '*') r")
expect "400 random records equal jsonb_in's, as values, as text and in size" "$out" '^0 of 400$'
# what jsonb refuses is replaced as before: \u0000 and a lone surrogate
out=$(q "SELECT request_parameters::text FROM iotatrail.parse_events(\$j\${\"Records\":[{\"eventVersion\":\"1\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"requestParameters\":{\"a\":\"x\\u0000y\",\"b\":\"\\ud800\"}}]}\$j\$, '*')")
expect "  ... \\u0000 and unpaired surrogates become U+FFFD" "$out" '^\{"a": "x�y", "b": "�"\}$'
finish
