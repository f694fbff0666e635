#!/usr/bin/python3
"""Small bucket edits for the S3 tests, straight to the S3 server.

  s3_put.py ENDPOINT BUCKET digests ROOT   upload ROOT's digest files, each
                                           with its .signature sidecar as
                                           x-amz-meta-signature (as CloudTrail
                                           stores it); delete digest keys
                                           that have no sidecar
  s3_put.py ENDPOINT BUCKET put KEY FILE   overwrite one object
  s3_put.py ENDPOINT BUCKET delete KEY     delete one object
"""
import os
import sys

import botocore.session


def main():
    endpoint, bucket, command = sys.argv[1:4]
    client = botocore.session.get_session().create_client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER")
    if command == "digests":
        root = sys.argv[4]
        uploaded = 0
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                path = os.path.join(folder, name)
                if "_CloudTrail-Digest_" not in name or not name.endswith(".json.gz"):
                    continue
                key = os.path.relpath(path, root)
                if not os.path.exists(path + ".signature"):
                    client.delete_object(Bucket=bucket, Key=key)
                    continue
                with open(path + ".signature") as f:
                    signature = f.read().strip()
                with open(path, "rb") as f:
                    client.put_object(Bucket=bucket, Key=key, Body=f.read(),
                                      Metadata={"signature": signature,
                                                "signature-algorithm": "SHA256withRSA"})
                uploaded += 1
        print(f"{uploaded} digests")
    elif command == "put":
        with open(sys.argv[5], "rb") as f:
            client.put_object(Bucket=bucket, Key=sys.argv[4], Body=f.read())
    elif command == "delete":
        client.delete_object(Bucket=bucket, Key=sys.argv[4])
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
