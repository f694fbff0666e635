#!/usr/bin/env bash
# iotatrail.audit_report (issue 35) over the planted trail of
# test/make_audit_trail.py: one self-contained page (no script, no
# network), every value of the trail inert (the trail plants <script> and
# quotes in a principal, a user agent and request parameters), and, in
# headless Chromium (Debian's chromium): a screenshot at 1,280 px, every
# chart with a non-zero rendered size, and as many findings and resources
# in the DOM as the findings view and the trail hold.  The page and its
# screenshot are kept in $IOTATRAIL_ARTIFACTS (/var/tmp/iotatrail_artifacts).
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
fresh_workdir
/usr/bin/python3 test/make_audit_trail.py "$work/planted"
share_workdir
loc="$work/planted/AWSLogs/"
artifacts=${IOTATRAIL_ARTIFACTS:-/var/tmp/iotatrail_artifacts}
mkdir -p "$artifacts"
q "DROP SCHEMA IF EXISTS rep CASCADE; DROP SERVER IF EXISTS rep_srv CASCADE;
   CREATE SERVER rep_srv FOREIGN DATA WRAPPER iotatrail; CREATE SCHEMA rep;
   IMPORT FOREIGN SCHEMA cloudtrail FROM SERVER rep_srv INTO rep OPTIONS (location '$loc')" >/dev/null

# the documented use
page=$work/report.html
t0=$(date +%s%N)
psql -X -A -t -c "SELECT iotatrail.audit_report('rep')" > "$page" 2>"$work/report.err"
t1=$(date +%s%N)
echo "       audit_report over the planted trail: $(( (t1 - t0) / 1000000 )) ms, $(wc -c < "$page") bytes"
expect "psql -Atc \"SELECT iotatrail.audit_report('rep')\" writes a page" \
	"$(head -c 15 "$page")$(cat "$work/report.err")" '^<!DOCTYPE html>$'
expect "  ... with no script and nothing fetched (no src, href, link, import or url())" \
	"$(grep -ciE '<script|<link|<img|<iframe|src=|href=|@import|url\(' "$page")" '^0$'
expect "  ... every planted <script> and quote escaped" \
	"$(grep -c 'mallory&quot;&lt;script&gt;alert(1)&lt;/script&gt;&#39;' "$page") $(grep -c '&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt; aws-cli/2 &#39;x&#39;' "$page") $(grep -c 'ch&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;' "$page")" \
	'^[1-9][0-9]* [1-9][0-9]* [1-9][0-9]*$'
expect "  ... the period, accounts and regions" \
	"$(tr '\n' ' ' < "$page")" 'Events read</th><td data-events="[0-9]+">[0-9]+, from 2024-06-03 .*111111111111 \([0-9]+\).*eu-west-1 \([0-9]+\), us-east-1 \([0-9]+\)'
expect "  ... and the days without events (the planted trail has events every day)" \
	"$(grep -o 'Days without events</th><td>[^<]*<' "$page")" '^Days without events</th><td>none<$'

q "SELECT iotatrail.audit_report('rep', '2024-06-19', '2024-06-18')" > "$work/err.txt"
expect "a period that ends before it starts: an error" "$(cat "$work/err.txt")" 'ERROR:  the report period ends before it starts'
expect "a schema without findings: an error" "$(q "SELECT iotatrail.audit_report('public')")" 'ERROR:  schema "public" has no findings view'
late=$(psql -X -A -t -c "SELECT iotatrail.audit_report('rep', '2024-06-19')" | grep -o 'data-findings="[0-9]*"')
expect "a period: the findings of the period" "$late" "^data-findings=\"$(q "SELECT count(*) FROM rep.findings WHERE event_time >= '2024-06-19'")\"$"

# the browser: the page as it is, and a copy with a probe that writes the
# rendered size of every chart into the DOM (the page itself runs nothing)
if ! command -v chromium >/dev/null 2>&1; then
	expect "chromium is installed (test/install-deps)" "no" '^yes$'
	finish
	exit
fi
browse() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
		--no-first-run --user-data-dir="$work/chromium" "$@" 2>>"$work/chromium.log"
}
rm -f "$work/report.png"
browse --screenshot="$work/report.png" --window-size=1280,2000 "file://$page" >/dev/null
expect "Chromium takes a screenshot at 1,280 px" "$(/usr/bin/python3 -c "
import struct, sys
b = open(sys.argv[1], 'rb').read(24)
print('%dx%d' % struct.unpack('>II', b[16:24]) if b[:8] == b'\x89PNG\r\n\x1a\n' else 'not a PNG')" "$work/report.png" 2>&1)" '^1280x2000$'
dom=$(browse --dump-dom "file://$page")
expect "  ... its DOM: no script element" "$(printf '%s' "$dom" | grep -c '<script')" '^0$'
expect "  ... the planted principal, user agent and channel name as text" \
	"$(printf '%s' "$dom" | grep -c 'mallory"&lt;script&gt;alert(1)&lt;/script&gt;') $(printf '%s' "$dom" | grep -c '&lt;script&gt;alert("ua")') $(printf '%s' "$dom" | grep -c 'ch"&gt;&lt;script&gt;alert(2)')" \
	'^[1-9][0-9]* [1-9][0-9]* [1-9][0-9]*$'
n=$(q "SELECT count(*) FROM rep.findings")
expect "  ... one row per finding ($n)" "$(printf '%s' "$dom" | grep -o '<tr class="finding"' | wc -l)" "^$n$"
expect "  ... a row per detection that fired" "$(printf '%s' "$dom" | grep -o '<tr class="detection"' | wc -l)" \
	"^$(q "SELECT count(DISTINCT detection_id) FROM rep.findings")$"
# resources: the names of the successful IoT Analytics creates, updates
# and deletes in the planted trail (read by python, not by iotatrail)
nres=$(/usr/bin/python3 - "$work/planted/AWSLogs" <<'PY'
import gzip, json, os, sys
names = set()
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        for r in json.load(gzip.open(os.path.join(d, f)))["Records"]:
            n, p = r["eventName"], r.get("requestParameters") or {}
            if r["eventSource"] != "iotanalytics.amazonaws.com" or "errorCode" in r:
                continue
            for verb in ("Create", "Update", "Delete"):
                for kind in ("Channel", "Datastore", "Dataset", "Pipeline"):
                    if n == verb + kind:
                        names.add((kind, r["awsRegion"], p[kind[0].lower() + kind[1:] + "Name"]))
print(len(names))
PY
)
expect "  ... one lifecycle per resource created, updated or deleted ($nres)" \
	"$(printf '%s' "$dom" | grep -o '<g class="resource"' | wc -l)" "^$nres$"
printf '%s' "$dom" | grep -o 'data-resources="[0-9]*"' | head -1 | grep -q "\"$nres\"" ||
	expect "  ... and says how many" "$(printf '%s' "$dom" | grep -o 'data-resources="[0-9]*"')" "data-resources=\"$nres\""
sed 's#</body>#<script>document.body.setAttribute("data-svg-sizes", Array.from(document.querySelectorAll("svg")).map(function (s) { var r = s.getBoundingClientRect(); return s.id + ":" + Math.round(r.width) + "x" + Math.round(r.height); }).join(" "));</script></body>#' \
	"$page" > "$work/probe.html"
sizes=$(browse --dump-dom "file://$work/probe.html" | grep -o 'data-svg-sizes="[^"]*"')
echo "       rendered charts: $sizes"
expect "  ... every chart rendered with a non-zero width and height (3 charts)" "$sizes" \
	'^data-svg-sizes="chart-actions:[1-9][0-9]*x[1-9][0-9]* chart-failures:[1-9][0-9]*x[1-9][0-9]* chart-lifecycle:[1-9][0-9]*x[1-9][0-9]*"$'
rm -f "$work/probe.pdf"
browse --print-to-pdf="$work/probe.pdf" --no-pdf-header-footer "file://$page" >/dev/null
expect "  ... and prints (PDF)" "$(head -c 5 "$work/probe.pdf" 2>/dev/null)" '^%PDF-$'

cp "$page" "$work/report.png" "$work/probe.pdf" "$artifacts/" 2>/dev/null
mv "$artifacts/probe.pdf" "$artifacts/report.pdf" 2>/dev/null
echo "       the page, its screenshot and print: $artifacts/report.html, report.png, report.pdf"
q "DROP SCHEMA rep CASCADE; DROP SERVER rep_srv CASCADE" >/dev/null
finish
