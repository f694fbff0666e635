#!/usr/bin/env bash
# Build the byte-level core (src/core/) with AddressSanitizer and UBSan, run
# its unit tests.  The core is a library of its own: it is built here with
# -Isrc/core alone, no PostgreSQL header and no backend header on the path.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=test/unit/build
mkdir -p "$out"

# The core includes no PostgreSQL header and nothing of the backend: every
# "..." include names a header of src/core, and no <...> include is one of
# PostgreSQL's (postgres.h, fmgr.h, utils/, lib/, nodes/, ...).
bad=0
for f in src/core/*.[ch]; do
	while IFS= read -r inc; do
		case $inc in
		\"*\")
			name=${inc#\"}
			name=${name%\"}
			if [ ! -f "src/core/$name" ]; then
				echo "$f: includes $inc, which is not a header of src/core" >&2
				bad=1
			fi
			;;
		\<postgres.h\> | \<postgres_fe.h\> | \<c.h\> | \<fmgr.h\> | \<funcapi.h\> | \<miscadmin.h\> | \<pg_config*.h\> | \
			\<access/*\> | \<catalog/*\> | \<commands/*\> | \<common/*\> | \<executor/*\> | \<foreign/*\> | \
			\<lib/*\> | \<mb/*\> | \<nodes/*\> | \<optimizer/*\> | \<port/*\> | \<storage/*\> | \<utils/*\>)
			echo "$f: includes $inc, a PostgreSQL header" >&2
			bad=1
			;;
		esac
	done < <(sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*/\1/p' "$f")
done
if [ "$bad" != 0 ]; then
	echo "src/core must build without PostgreSQL: see above" >&2
	exit 1
fi
# The backend uses the core through its functions: the fields of the
# stream, splitter and reader (embedded as gz, sp, reader, rr) are private
if grep -nE '(\b(rr|gz|sp)|\breader)(\.|->)[a-z_]+' src/*.c >&2; then
	echo "src/*.c reaches into the core's private structs (above): use record_reader_error, record_reader_stats, gzip_stream_error" >&2
	exit 1
fi

CFLAGS=(-std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror
	-fsanitize=address,undefined -fno-sanitize-recover=all -Isrc/core)
# the reader as the extension builds it: with libdeflate when it is there
# (LIBDEFLATE=0 in the environment or make's: zlib alone)
clang "${CFLAGS[@]}" $(make -s --no-print-directory reader-cflags) $(make -s --no-print-directory reader-sources) \
	src/core/aws_ini.c src/core/aws_xml.c src/core/trail_layout.c \
	test/unit/core_malloc.c test/unit/test_core.c $(make -s --no-print-directory reader-libs) -o "$out/test_core"
"$out/test_core"

# the SigV4 signer against the AWS suites (vendored in test/unit/sigv4)
clang "${CFLAGS[@]}" src/core/core.c src/core/sha256.c src/core/aws_sigv4.c test/unit/core_malloc.c test/unit/test_sigv4.c \
	-lcrypto -o "$out/test_sigv4"
"$out/test_sigv4" test/unit/sigv4 | grep -v '^ok '

# digest files: signing string, SHA256withRSA with every key form, SHA-256
clang "${CFLAGS[@]}" src/core/core.c src/core/sha256.c src/core/trail_digest.c test/unit/core_malloc.c test/unit/test_digest.c \
	-lcrypto -o "$out/test_digest"
"$out/test_digest" | grep -v '^ok '
