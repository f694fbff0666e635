/*-------------------------------------------------------------------------
 *
 * trail_verify.c
 *	  SQL functions behind CloudTrail log file integrity validation: read
 *	  one object (local file or S3) inflated or as a SHA-256, find a
 *	  digest's signature, check an RSA signature.  verify_digests (in
 *	  src/digests.sql) walks the digest chains with them.
 *
 * A digest's signature is S3 object metadata (x-amz-meta-signature).  Local
 * copies lose metadata, so iotatrail reads it from a sidecar file named
 * like the digest plus ".signature" (hex, as S3 holds it); without one the
 * next digest in the chain still carries it as previousDigestSignature.
 *
 * The public keys come from CloudTrail's ListPublicKeys, one page per call
 * of list_public_keys_page (JSON 1.1 protocol, SigV4 with the server's
 * credentials, like S3); list_public_keys in digests.sql pages through.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "fmgr.h"
#include "foreign/foreign.h"
#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "aws_sigv4.h"
#include "gzip_stream.h"
#include "iotatrail.h"
#include "pg_compat.h"
#include "s3.h"
#include "trail_digest.h"

PG_FUNCTION_INFO_V1(iotatrail_object_content);
PG_FUNCTION_INFO_V1(iotatrail_object_sha256);
PG_FUNCTION_INFO_V1(iotatrail_object_signature);
PG_FUNCTION_INFO_V1(iotatrail_rsa_sha256_verify);
PG_FUNCTION_INFO_V1(iotatrail_list_public_keys_page);

/* One object opened for reading, local or S3 */
typedef struct ObjectSource
{
	const char *object;
	int			fd;
	S3Scan	   *s3;
	GzipStream	gz;
} ObjectSource;

/*
 * Open object (a path, or an s3:// URL of one key); false when it does not
 * exist.  Bytes are inflated when gzip'd.
 */
static bool
object_open(ObjectSource *src, const char *object, Oid serverid)
{
	memset(src, 0, sizeof(*src));
	src->object = object;
	src->fd = -1;
	if (location_is_s3(object))
	{
		char	   *name;

		src->s3 = s3_scan_begin(iotatrail_s3_config(serverid, GetUserId()),
								object, false, NULL);
		if (strstr(object, "/CloudTrail-Digest/") != NULL)
			s3_scan_want_digests(src->s3);
		/* the listing is by prefix: skip keys that only start alike */
		while ((name = s3_scan_next_object(src->s3)) != NULL &&
			   strcmp(name, object) != 0)
			CHECK_FOR_INTERRUPTS();
		if (name == NULL)
		{
			s3_scan_end(src->s3);
			return false;
		}
		gzip_stream_init(&src->gz, s3_scan_read, src->s3, &palloc_core_allocator, 256 * 1024);
		return true;
	}
	check_local_location(GetUserId(), object);
	src->fd = file_source_open(object);
	if (src->fd < 0)
	{
		if (errno == ENOENT)
			return false;
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\" for reading: %m", object)));
	}
	gzip_stream_init(&src->gz, file_source_read, &src->fd, &palloc_core_allocator, 256 * 1024);
	return true;
}

/* Up to len inflated bytes; 0 at the end; errors name the object */
static size_t
object_read(ObjectSource *src, unsigned char *buf, size_t len)
{
	ssize_t		n;

	CHECK_FOR_INTERRUPTS();
	n = gzip_stream_read(&src->gz, buf, len);
	if (n < 0)
	{
		const char *detail;

		(void) gzip_stream_error(&src->gz, &detail);
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("could not read \"%s\": %s", src->object, detail)));
	}
	return (size_t) n;
}

static void
object_close(ObjectSource *src)
{
	gzip_stream_end(&src->gz);
	if (src->fd >= 0)
		file_source_close(src->fd);
	if (src->s3)
		s3_scan_end(src->s3);
}

/*
 * object_content(object, server) -> bytea
 *		The object's bytes, inflated; NULL when it does not exist.  For
 *		digest files, which are small.
 */
Datum
iotatrail_object_content(PG_FUNCTION_ARGS)
{
	ObjectSource src;
	StringInfoData out;
	unsigned char buf[65536];
	size_t		n;
	bytea	   *result;

	if (!object_open(&src, text_to_cstring(PG_GETARG_TEXT_PP(0)), iotatrail_server_arg(fcinfo, 1)))
		PG_RETURN_NULL();
	initStringInfo(&out);
	while ((n = object_read(&src, buf, sizeof(buf))) > 0)
		appendBinaryStringInfo(&out, (char *) buf, (int) n);
	object_close(&src);
	result = palloc(VARHDRSZ + out.len);
	SET_VARSIZE(result, VARHDRSZ + out.len);
	memcpy(VARDATA(result), out.data, out.len);
	PG_RETURN_BYTEA_P(result);
}

/*
 * object_sha256(object, server) -> text
 *		Hex SHA-256 of the object's inflated bytes, as digests list them,
 *		computed while streaming; NULL when the object does not exist.
 */
Datum
iotatrail_object_sha256(PG_FUNCTION_ARGS)
{
	ObjectSource src;
	unsigned char buf[65536];
	size_t		n;
	DigestSha256 *h;
	char		hex[65];

	if (!object_open(&src, text_to_cstring(PG_GETARG_TEXT_PP(0)), iotatrail_server_arg(fcinfo, 1)))
		PG_RETURN_NULL();
	h = digest_sha256_begin();
	if (h == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not start a SHA-256 computation")));
	PG_TRY();
	{
		while ((n = object_read(&src, buf, sizeof(buf))) > 0)
			digest_sha256_update(h, buf, n);
	}
	PG_CATCH();
	{
		digest_sha256_abort(h);
		PG_RE_THROW();
	}
	PG_END_TRY();
	digest_sha256_end(h, hex);
	object_close(&src);
	PG_RETURN_TEXT_P(cstring_to_text(hex));
}

/*
 * object_signature(digest object, server) -> text
 *		The digest's hex signature: S3 metadata, or the local sidecar file;
 *		NULL when there is none.
 */
Datum
iotatrail_object_signature(PG_FUNCTION_ARGS)
{
	char	   *object = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *sig = NULL;

	if (location_is_s3(object))
	{
		ObjectSource src;

		unsigned char first[64];

		if (!object_open(&src, object, iotatrail_server_arg(fcinfo, 1)))
			PG_RETURN_NULL();
		/* the headers are in once the first bytes are */
		(void) object_read(&src, first, sizeof(first));
		if (s3_scan_object_signature(src.s3))
			sig = pstrdup(s3_scan_object_signature(src.s3));
		object_close(&src);
	}
	else
	{
		char	   *path = psprintf("%s.signature", object);
		int			fd;
		char		buf[2048];
		ssize_t		n;

		check_local_location(GetUserId(), object);
		fd = file_source_open(path);
		if (fd < 0)
		{
			if (errno == ENOENT)
				PG_RETURN_NULL();
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not open file \"%s\" for reading: %m", path)));
		}
		n = read(fd, buf, sizeof(buf) - 1);
		file_source_close(fd);
		if (n < 0)
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not read file \"%s\": %m", path)));
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
			n--;
		buf[n] = '\0';
		sig = pstrdup(buf);
	}
	if (sig == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(sig));
}

/*
 * rsa_sha256_verify(public_key bytea, message text, signature_hex text)
 *		'ok', or why not: 'invalid signature', 'bad public key: ...',
 *		'bad signature: ...'.  The key is DER (PKCS#1 or SubjectPublicKeyInfo)
 *		or PEM.
 */
Datum
iotatrail_rsa_sha256_verify(PG_FUNCTION_ARGS)
{
	bytea	   *key = PG_GETARG_BYTEA_PP(0);
	text	   *msg = PG_GETARG_TEXT_PP(1);
	char	   *sig = text_to_cstring(PG_GETARG_TEXT_PP(2));
	char		err[256] = "";
	const char *result;

	switch (digest_verify_signature((const unsigned char *) VARDATA_ANY(key),
									VARSIZE_ANY_EXHDR(key),
									VARDATA_ANY(msg), VARSIZE_ANY_EXHDR(msg),
									sig, err, sizeof(err)))
	{
		case DIGEST_SIG_OK:
			result = "ok";
			break;
		case DIGEST_SIG_INVALID:
			result = "invalid signature";
			break;
		case DIGEST_SIG_BAD_KEY:
			result = psprintf("bad public key: %s", err);
			break;
		default:
			result = psprintf("bad signature: %s", err);
			break;
	}
	PG_RETURN_TEXT_P(cstring_to_text(result));
}

/* text as jsonb, or NULL when it is not JSON (without raising) */
static Jsonb *
jsonb_or_null(char *text, int len)
{
	JsonLexContext *lex = iotatrail_json_lexer(text, len, GetDatabaseEncoding(), false);
	JsonSemAction sem = {0};

	if (pg_parse_json(lex, &sem) != JSON_SUCCESS)
		return NULL;
	return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(text)));
}

/* A string member of a jsonb object, or NULL */
static char *
jsonb_string_member(Jsonb *j, const char *key)
{
	JsonbValue *v;

	if (j == NULL || !JB_ROOT_IS_OBJECT(j))
		return NULL;
	v = getKeyJsonValueFromContainer(&j->root, key, strlen(key), NULL);
	if (v == NULL || v->type != jbvString)
		return NULL;
	return pnstrdup(v->val.string.val, v->val.string.len);
}

/*
 * list_public_keys_page(server, request jsonb) returns jsonb: one
 * ListPublicKeys call (request: StartTime, EndTime, NextToken), its answer
 * as CloudTrail gives it.  Throttling, 5xx and broken connections are
 * retried like S3 requests.
 */
Datum
iotatrail_list_public_keys_page(PG_FUNCTION_ARGS)
{
	S3Config   *cfg = iotatrail_s3_config(iotatrail_server_arg(fcinfo, 0), GetUserId());
	char	   *body = PG_ARGISNULL(1) ? "{}" :
		JsonbToCString(NULL, &PG_GETARG_JSONB_P(1)->root, 0);
	S3Credentials creds;
	char	   *host;
	char	   *url;
	char		hash[65];
	S3Response	resp;
	char	   *code;
	char	   *message;
	int			attempt;

	s3_service_url(cfg->cloudtrail_endpoint, "cloudtrail", cfg->region, &host, &url);
	s3_resolve_credentials(cfg, &creds);
	sigv4_sha256_hex(body, strlen(body), hash);
	for (attempt = 1;; attempt++)
	{
		S3Header	h[8];
		int			n;
		Jsonb	   *answer;

		s3_sign_headers(cfg, &creds, "cloudtrail", "POST", host, "/", "", hash, h, &n);
		h[n++] = (S3Header) {"Content-Type", "application/x-amz-json-1.1"};
		h[n++] = (S3Header) {"X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListPublicKeys"};
		s3_http_request(cfg, "POST", url, h, n, body, &resp);
		answer = resp.status != 0 ? jsonb_or_null(resp.body.data, resp.body.len) : NULL;
		if (resp.status == 200 && answer)
			PG_RETURN_JSONB_P(answer);
		/* "__type": "...#InvalidTimeRangeException", "message": "..." */
		code = jsonb_string_member(answer, "__type");
		if (code && strchr(code, '#'))
			code = strchr(code, '#') + 1;
		message = jsonb_string_member(answer, "message");
		if (message == NULL)
			message = jsonb_string_member(answer, "Message");
		if (attempt >= cfg->max_attempts ||
			!s3_retryable(resp.status, code, resp.status == 0))
			break;
		s3_backoff_sleep(attempt);
	}
	ereport(ERROR,
			(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
			 errmsg("CloudTrail ListPublicKeys at %s failed: %s%s%s", host,
					resp.status == 0 ? resp.curl_error :
					resp.status == 200 ? "the answer is not JSON" :
					psprintf("HTTP %ld", resp.status),
					code ? " " : "", code ? code : ""),
			 message ? errdetail("%s", message) : 0,
			 errhint("Signed with credentials from the %s; they need cloudtrail:ListPublicKeys%s.",
					 creds.source, attempt > 1 ? psprintf(" (%d attempts made)", attempt) : "")));
	PG_RETURN_NULL();
}
