#!/usr/bin/env bash
# The documentation against the installed extension:
#  (a) every option the validator accepts, per catalog (server, user mapping,
#      foreign table), has a row in its section of docs/options.md; the
#      names come from the server's own HINT for an unknown option;
#  (b) every iotatrail.* setting of pg_settings is in docs/settings.md;
#  (c) every function of schema iotatrail (pg_proc) is in docs/functions.md
#      (or docs/audit.md, for audit_report),
#      every column of iotatrail.event and every per-action view in
#      docs/columns.md;
#  (d) every ```sql block of README.md and docs/*.md runs without error over
#      a copy of the bundled sample trail.  Each file gets a fresh database
#      with the extension; its blocks run in order, each in a psql session of
#      its own (so one block may use what an earlier block of the same file
#      created).  The documented sample paths are replaced by the copy's
#      path, and "CREATE EXTENSION iotatrail;" by "... IF NOT EXISTS ...".
#      A block preceded by <!-- docs-test: skip (REASON) --> is not run; the
#      test prints how many ran and how many were skipped, with the reasons.
#  (e) README.md starts with the two commands bash test/demo and
#      bash test/run-all;
#  (f) every relative link of README.md, CONTRIBUTING.md and docs/*.md
#      names a file that exists and, with #anchor, one of its headings
#      (GitHub's anchors).
# DOCS_DIR (default: this tree) points the checks at another copy of the
# markdown, for making the test fail on purpose.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
docs_top=${DOCS_DIR:-$PWD}
fresh_workdir
mkdir -p "$work/sample"
cp -r test/sample/. "$work/sample/"
share_workdir
trail="$work/sample/AWSLogs/"

# the roles the examples grant to; made here, dropped at the end
doc_roles="analyst loader monitoring reader"
made_roles=""
for r in $doc_roles metabase; do
	if [ -z "$(q "SELECT 1 FROM pg_roles WHERE rolname = '$r'")" ]; then
		made_roles="$made_roles $r"
		[ "$r" = metabase ] || q "CREATE ROLE $r NOLOGIN" >/dev/null
	fi
done

# the lines of one "## heading" section of a markdown file (to the next "## ")
section() {
	awk -v h="$2" '/^## / { on = ($0 == "## " h) ; next } on' "$1"
}

# --- (a) options, from the validator's HINT, per catalog
hint_names() {
	# the names listed by "HINT:  Valid options in this context are: a, b, c."
	printf '%s\n' "$1" | sed -n 's/^HINT:  Valid options in this context are: \(.*\)\.$/\1/p' | tr ',' '\n' | tr -d ' '
}
probe=$(q "BEGIN;
CREATE SERVER docs_probe FOREIGN DATA WRAPPER iotatrail OPTIONS (nonexistent 'x');
ROLLBACK;")
server_opts=$(hint_names "$probe")
probe=$(q "BEGIN;
CREATE SERVER docs_probe FOREIGN DATA WRAPPER iotatrail;
CREATE USER MAPPING FOR CURRENT_USER SERVER docs_probe OPTIONS (nonexistent 'x');
ROLLBACK;")
mapping_opts=$(hint_names "$probe")
probe=$(q "BEGIN;
CREATE SERVER docs_probe FOREIGN DATA WRAPPER iotatrail;
CREATE FOREIGN TABLE docs_probe_t (event_time timestamptz) SERVER docs_probe OPTIONS (nonexistent 'x');
ROLLBACK;")
table_opts=$(hint_names "$probe")

check_options() {
	local catalog=$1 heading=$2 names=$3 text missing=() n
	n=$(printf '%s\n' "$names" | grep -c .)
	expect "the server lists its $catalog options" "$n" '^[1-9][0-9]*$'
	text=$(section "$docs_top/docs/options.md" "$heading")
	for o in $names; do
		printf '%s\n' "$text" | grep -q "^| \`$o\`" || missing+=("$o")
	done
	expect "docs/options.md \"## $heading\" has a row for each of the $n $catalog options" \
		"missing: ${missing[*]:-none}" '^missing: none$'
}
check_options server "Server options" "$server_opts"
check_options "user mapping" "User mapping options" "$mapping_opts"
check_options "foreign table" "Foreign table options" "$table_opts"

# the option table itself: each option in the section of every catalog it
# is valid in, with its default in that row; credentials only in user mappings
table_rows=$(q "SELECT option || '|' || array_to_string(valid_in, ',') || '|' || coalesce(default_value, '') || '|' || secret
                FROM iotatrail.fdw_options()")
expect "fdw_options() lists the options" "$(printf '%s\n' "$table_rows" | grep -c '|')" '^[1-9][0-9]*$'
bad=()
while IFS='|' read -r o places def secret; do
	[ -n "$o" ] || continue
	for place in server "user mapping" "foreign table"; do
		case ",$places," in *",$place,"*) ;; *) continue ;; esac
		case $place in
			server) heading="Server options" ;;
			"user mapping") heading="User mapping options" ;;
			*) heading="Foreign table options" ;;
		esac
		row=$(section "$docs_top/docs/options.md" "$heading" | grep "^| \`$o\` |")
		[ -n "$row" ] || bad+=("$o: no row in $heading")
		if [ -n "$def" ] && [ -n "$row" ]; then
			cell=$(printf '%s\n' "$row" | awk -F' [|] ' '{ print $3 }')
			printf '%s' "$cell" | grep -qF -- "$def" || bad+=("$o: default $def not in \"$cell\"")
		fi
	done
	if [ "$secret" = t ] && [ "$places" != "user mapping" ]; then bad+=("$o: a secret outside user mappings"); fi
done <<<"$table_rows"
expect "docs/options.md: each option of fdw_options() where it is valid, with its default" \
	"bad: ${bad[*]:-none}" '^bad: none$'

# --- (b) settings
gucs=$(psql -X -q -A -t -c "LOAD 'iotatrail'" -c "SELECT name FROM pg_settings WHERE name LIKE 'iotatrail.%' ORDER BY 1" 2>&1)
expect "pg_settings has iotatrail settings" "$(printf '%s\n' "$gucs" | grep -c '^iotatrail\.')" '^[1-9]'
missing=()
for g in $gucs; do
	grep -q "\`$g\`" "$docs_top/docs/settings.md" || missing+=("$g")
done
expect "docs/settings.md names every setting ($(echo $gucs))" "missing: ${missing[*]:-none}" '^missing: none$'

# --- (c) functions, columns, views
funcs=$(q "SELECT DISTINCT proname FROM pg_proc WHERE pronamespace = 'iotatrail'::regnamespace ORDER BY 1")
missing=()
for f in $funcs; do
	# the audit functions are documented with the detections (docs/audit.md)
	grep -q "iotatrail\.$f\b" "$docs_top/docs/functions.md" "$docs_top/docs/audit.md" || missing+=("$f")
done
expect "docs/functions.md and docs/audit.md name all $(printf '%s\n' "$funcs" | grep -c .) functions of schema iotatrail" "missing: ${missing[*]:-none}" '^missing: none$'
cols=$(q "SELECT column_name FROM iotatrail.event_columns() ORDER BY column_position")
missing=()
for c in $cols; do
	grep -q "\`$c\`" "$docs_top/docs/columns.md" || missing+=("$c")
done
expect "docs/columns.md names all $(printf '%s\n' "$cols" | grep -c .) columns of iotatrail.event" "missing: ${missing[*]:-none}" '^missing: none$'
views=$(q "SELECT view_name FROM iotanalytics.actions ORDER BY 1")
missing=()
for v in $views resource_activity; do
	grep -q "\`$v\`" "$docs_top/docs/columns.md" || missing+=("$v")
done
expect "docs/columns.md names all $(printf '%s\n' "$views" | grep -c .) per-action views and resource_activity" "missing: ${missing[*]:-none}" '^missing: none$'

# --- (e) README's first lines
first=$(awk '/^```/ { n++; next } n == 1' "$docs_top/README.md")
expect "README.md's first block runs bash test/demo" "$(printf '%s\n' "$first" | grep -c '^bash test/demo ')" '^1$'
expect "README.md's first block runs bash test/run-all" "$(printf '%s\n' "$first" | grep -c '^bash test/run-all ')" '^1$'

# --- (f) relative links and their anchors
broken=$(cd "$docs_top" && /usr/bin/python3 - README.md CONTRIBUTING.md docs/*.md <<'PY'
import os, re, sys
pending = set()
def slugs(path):
    out, fence = set(), False
    for line in open(path, encoding="utf-8"):
        if line.lstrip().startswith("```"):
            fence = not fence
        m = None if fence else re.match(r"#+ (.*)", line)
        if m:
            t = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower())
            out.add(t.replace(" ", "-"))
    return out
for md in sys.argv[1:]:
    if not os.path.exists(md):
        continue
    text = re.sub(r"```.*?```", "", open(md, encoding="utf-8").read(), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, frag = target.partition("#")
        full = os.path.normpath(os.path.join(os.path.dirname(md), path)) if path else md
        if not os.path.exists(full):
            if full not in pending:
                print(f"{md}: {target}: no such file")
        elif frag and full.endswith(".md") and frag not in slugs(full):
            print(f"{md}: {target}: no such heading")
PY
)
expect "every relative link names a file and heading that exist" "broken: ${broken:-none}" '^broken: none$'

# --- (d) every ```sql block
blocks="$work/blocks"
mkdir -p "$blocks"
ran=0
skipped=0
failed=0
skips=()
dbn=0
for md in "$docs_top/README.md" "$docs_top"/docs/*.md; do
	[ -e "$md" ] || continue
	rel=${md#"$docs_top"/}
	rm -f "$blocks"/*
	# one file per block, NNNN.sql, NNNN.line (line of the fence), NNNN.skip
	# (the reason, when the last non-blank line before the fence says so)
	awk -v dir="$blocks" '
		/^[[:space:]]*```sql[[:space:]]*$/ && !inblock {
			inblock = 1; n++; f = sprintf("%s/%04d", dir, n)
			print NR > (f ".line"); close(f ".line")
			printf "" > (f ".sql")
			if (prev ~ /^[[:space:]]*<!-- docs-test: skip \(.*\) -->$/) {
				r = prev; sub(/^[[:space:]]*<!-- docs-test: skip \(/, "", r); sub(/\) -->$/, "", r)
				print r > (f ".skip"); close(f ".skip")
			}
			next
		}
		/^[[:space:]]*```[[:space:]]*$/ && inblock { inblock = 0; close(f ".sql"); next }
		inblock { print > (f ".sql"); next }
		/[^[:space:]]/ { prev = $0 }
	' "$md"
	ls "$blocks"/*.sql >/dev/null 2>&1 || continue
	dbn=$((dbn + 1))
	db="docs_test_$dbn"
	q "DROP DATABASE IF EXISTS $db" >/dev/null
	q "CREATE DATABASE $db" >/dev/null
	psql -X -q -d "$db" -c "CREATE EXTENSION iotatrail" >/dev/null
	for b in "$blocks"/*.sql; do
		base=${b%.sql}
		line=$(cat "$base.line")
		head1=$(grep -m1 . "$b")
		if [ -e "$base.skip" ]; then
			skipped=$((skipped + 1))
			skips+=("$rel:$line: $(cat "$base.skip")")
			continue
		fi
		sed -E -e "s#/var/log/trails/AWSLogs/#$trail#g" \
			-e "s#/usr/share/doc/postgresql-[0-9]+-iotatrail/examples/AWSLogs/#$trail#g" \
			-e 's#^CREATE EXTENSION iotatrail;#CREATE EXTENSION IF NOT EXISTS iotatrail;#' \
			"$b" > "$base.run"
		ran=$((ran + 1))
		if ! out=$(PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$base.run" 2>&1 >/dev/null); then
			failed=$((failed + 1))
			echo "  FAIL $rel:$line: the block starting \"$head1\""
			# psql:FILE.run:N: is line N of the block (where the failing
			# statement ends): name the markdown's line
			printf '%s\n' "$out" | grep -E 'ERROR|DETAIL|HINT|LINE' | head -5 |
				awk -v rel="$rel" -v fence="$line" '{
					if (match($0, /^psql:[^:]*:[0-9]+:/)) {
						n = substr($0, RSTART, RLENGTH); sub(/:$/, "", n); sub(/.*:/, "", n)
						$0 = rel ":" fence + n ":" substr($0, RSTART + RLENGTH)
					}
					print "       " $0 }'
		fi
	done
	q "DROP DATABASE $db" >/dev/null
done
echo "  sql blocks: $ran ran, $failed failed, $skipped skipped"
for s in "${skips[@]}"; do
	echo "       skipped $s"
done
expect "every sql block ran ($ran ran; at least 20)" "$failed $ran" '^0 ([2-9][0-9]|[1-9][0-9][0-9])$'

# the roles this test made (metabase: made by docs/sync.md's example)
for r in $made_roles; do
	q "DROP ROLE IF EXISTS $r" >/dev/null
done
finish
