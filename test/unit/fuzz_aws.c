/*
 * libFuzzer target for the AWS helpers of the core: the XML element reader
 * (S3 listings and errors), the shared credentials file reader, and the
 * SigV4 canonicalization of arbitrary paths, queries and header values.
 * Properties: no crash or sanitizer report; every element found lies
 * inside the input; a decoded text is never longer than its element.
 */
#include <stdlib.h>
#include <string.h>

#include "aws_ini.h"
#include "aws_sigv4.h"
#include "aws_xml.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *doc = (const char *) data;
	static const char *const names[] = {"Contents", "Key", "Size", "ETag", "IsTruncated",
	"NextContinuationToken", "Code", "Message", "RequestId", "Region"};
	char		err[CORE_ERRLEN];
	char		out[128];
	char	   *s;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		const char *p = doc;
		size_t		left = size;
		AwsXmlElement el;
		int			guard = 0;

		while (left > 0 && core_aws_xml_find(p, left, names[i], &el) && guard++ < 64)
		{
			char	   *t;

			if (el.content < doc || el.content + el.content_len > doc + size ||
				el.after > doc + size || el.after <= p)
				abort();
			t = core_aws_xml_text(&core_malloc_allocator, &el, err, sizeof(err));
			if (t && strlen(t) > el.content_len)
				abort();
			free(t);
			left -= el.after - p;
			p = el.after;
		}
	}

	core_aws_ini_lookup(doc, size, "default", "aws_access_key_id", out, sizeof(out));
	core_aws_ini_lookup(doc, size, "audit", "region", out, sizeof(out));

	/* the input as path, query and a header value (split on NUL bytes) */
	s = malloc(size + 3);
	memcpy(s, data, size);
	s[size] = s[size + 1] = s[size + 2] = '\0';
	{
		const char *path = s;
		const char *query = path + strlen(path) + 1;
		const char *value = query <= s + size ? query + strlen(query) + 1 : "";
		SigV4Header headers[2] = {{"Host", "bucket.s3.amazonaws.com"}, {"X-Fuzz", value <= s + size + 1 ? value : ""}};
		SigV4Request req = {"GET", path, query <= s + size ? query : "", headers, 2, NULL,
		size % 2 == 0, size % 3 == 0};
		SigV4Key	key = {"AKID", "secret", "us-east-1", "s3", "20240101T000000Z"};
		SigV4Result res;

		if (core_sigv4_sign(&core_malloc_allocator, &req, &key, &res, err, sizeof(err)))
		{
			if (strlen(res.signature) != 64)
				abort();
			core_sigv4_free(&core_malloc_allocator, &res);
		}
	}
	free(s);
	return 0;
}
