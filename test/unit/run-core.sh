#!/usr/bin/env bash
# Build the byte-level core with AddressSanitizer and UBSan, run its unit tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=test/unit/build
mkdir -p "$out"
CORE="$(make -s --no-print-directory reader-sources) src/aws_ini.c src/aws_xml.c src/trail_layout.c"
clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Isrc $CORE test/unit/core_malloc.c test/unit/test_core.c -lz -o "$out/test_core"
"$out/test_core"

# the SigV4 signer against the AWS suites (vendored in test/unit/sigv4)
clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Isrc src/aws_sigv4.c test/unit/core_malloc.c test/unit/test_sigv4.c -lcrypto -o "$out/test_sigv4"
"$out/test_sigv4" test/unit/sigv4 | grep -v '^ok '

# digest files: signing string, SHA256withRSA with every key form, SHA-256
clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Isrc src/trail_digest.c test/unit/core_malloc.c test/unit/test_digest.c -lcrypto -o "$out/test_digest"
"$out/test_digest" | grep -v '^ok '
