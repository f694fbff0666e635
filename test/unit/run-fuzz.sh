#!/usr/bin/env bash
# Fuzz the byte-level core with libFuzzer under ASan/UBSan for a short,
# bounded run (FUZZ_RUNS inputs, default 30000; FUZZ_SEED, default 1, so CI
# runs are repeatable), seeded with the sample trail and
# the shapes the unit tests use.  Any crash or sanitizer report fails.  As in
# run-core.sh, the core is built with -Isrc/core alone (no PostgreSQL header).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=test/unit/build
mkdir -p "$out/corpus"
CORE=$(make -s --no-print-directory reader-sources)
# with libdeflate when the build has it (LIBDEFLATE=0: zlib alone); the
# fuzzer compares the one-call inflater with zlib streaming on every input
clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(make -s --no-print-directory reader-cflags) \
	-Isrc/core $CORE test/unit/core_malloc.c test/unit/fuzz_reader.c $(make -s --no-print-directory reader-libs) -o "$out/fuzz_reader"
cp test/unit/corpus/* "$out/corpus/"
i=0
for f in $(find test/sample -name '*.json.gz' | sort | head -4); do
	cp "$f" "$out/corpus/seed$i.gz"
	zcat "$f" | head -c 4000 > "$out/corpus/seed$i.json"
	i=$((i + 1))
done
printf '%s' '{"Events":[{"CloudTrailEvent":"{\"eventVersion\":\"1.0\",\"eventName\":\"x\\u00e9\"}"}]}' > "$out/corpus/lookup.json"
printf '%s\n%s' '{"eventVersion":"1.0","eventTime":"2024-05-01T10:00:00Z"}' '{"detail-type":"x","detail":{"eventVersion":"1"}}' > "$out/corpus/ndjson.json"
"$out/fuzz_reader" -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-30000}" -max_len=8192 -timeout=10 \
	-artifact_prefix="$out/" \
	-print_final_stats=1 "$out/corpus" 2>&1 | tail -n 12

# the AWS helpers: XML reader, credentials files, SigV4 canonicalization
clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Isrc/core src/core/core.c src/core/sha256.c src/core/aws_xml.c src/core/aws_ini.c src/core/aws_sigv4.c test/unit/core_malloc.c test/unit/fuzz_aws.c \
	-lcrypto -o "$out/fuzz_aws"
mkdir -p "$out/corpus_aws"
printf '%s' '<?xml version="1.0"?><ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;b&#xFC;</Key><Size>1</Size></Contents><NextContinuationToken>t</NextContinuationToken></ListBucketResult>' > "$out/corpus_aws/list.xml"
printf '%s' '<Error><Code>SlowDown</Code><Message><![CDATA[x<y]]></Message><RequestId>1</RequestId></Error>' > "$out/corpus_aws/error.xml"
printf '[default]\naws_access_key_id = AKID\n[profile audit]\nregion=eu-west-1\n' > "$out/corpus_aws/creds.ini"
printf '/a/../b//c%%20d\0prefix=AWSLogs%%2F&list-type=2&continuation-token=a+b%%3D\0  x   y  ' > "$out/corpus_aws/request.bin"
"$out/fuzz_aws" -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-30000}" -max_len=4096 -timeout=10 \
	-artifact_prefix="$out/" -print_final_stats=1 "$out/corpus_aws" 2>&1 | tail -n 4
