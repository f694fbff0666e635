#!/usr/bin/env bash
# The version is written in five places that must agree: the Makefile's
# EXTVERSION, iotatrail.control's default_version, META.json's version and
# its provides' version (PGXN), and debian/changelog's upstream version.
# Prints each and fails, naming the ones that differ, when they do not.
# With git and a git checkout, also checks that `make dist` writes
# iotatrail-VERSION.zip with iotatrail-VERSION/ at its top holding META.json,
# Makefile and iotatrail.control (test/run-all runs this on the host too,
# since the chroots' copies of the tree have no .git).
set -euo pipefail
cd "$(dirname "$0")/../.."

declare -A v
v[Makefile EXTVERSION]=$(sed -nE 's/^EXTVERSION[[:space:]]*=[[:space:]]*([^[:space:]]+).*/\1/p' Makefile)
v[iotatrail.control default_version]=$(sed -nE "s/^default_version[[:space:]]*=[[:space:]]*'([^']*)'.*/\1/p" iotatrail.control)
v[META.json version]=$(python3 -c 'import json; print(json.load(open("META.json"))["version"])')
v[META.json provides.iotatrail.version]=$(python3 -c 'import json; print(json.load(open("META.json"))["provides"]["iotatrail"]["version"])')
# "iotatrail (1:0.3.0-1) unstable; ...": drop an epoch and the Debian revision
v[debian/changelog upstream version]=$(head -n 1 debian/changelog | sed -nE 's/^[^ ]+ \(([0-9]+:)?([^)]*)-[^-)]*\).*/\2/p')

want=${v[Makefile EXTVERSION]}
bad=0
for k in "Makefile EXTVERSION" "iotatrail.control default_version" "META.json version" \
	"META.json provides.iotatrail.version" "debian/changelog upstream version"; do
	if [ -z "${v[$k]}" ]; then
		echo "FAIL $k: not found"
		bad=1
	elif [ "${v[$k]}" != "$want" ]; then
		echo "FAIL $k is ${v[$k]}, the Makefile's EXTVERSION is $want"
		bad=1
	else
		echo "ok   $k: ${v[$k]}"
	fi
done
[ $bad -eq 0 ] || { echo "versions disagree"; exit 1; }

if ! command -v git >/dev/null 2>&1 || ! git rev-parse --git-dir >/dev/null 2>&1; then
	echo "skip make dist: not a git checkout (or no git)"
	exit 0
fi
# make dist archives HEAD: a committed file set, not the working tree's
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
zip=iotatrail-$want.zip
rm -f "$zip"
make -s dist >/dev/null
mv "$zip" "$out/"
python3 - "$out/$zip" "iotatrail-$want" <<'PY'
import sys, zipfile
path, top = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(path).namelist()
tops = sorted({n.split("/", 1)[0] for n in names})
bad = 0
if tops != [top]:
    print(f"FAIL make dist: top folders {tops}, want [{top!r}]")
    bad = 1
for f in ("META.json", "Makefile", "iotatrail.control"):
    if f"{top}/{f}" not in names:
        print(f"FAIL make dist: {top}/{f} is not in the zip")
        bad = 1
if not bad:
    print(f"ok   make dist: {path.rsplit('/', 1)[-1]}, {len(names)} entries under {top}/")
sys.exit(bad)
PY
