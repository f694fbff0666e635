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
#include "sha256.h"
#include "source.h"
#include "trail_digest.h"

PG_FUNCTION_INFO_V1(iotatrail_object_content);
PG_FUNCTION_INFO_V1(iotatrail_object_sha256);
PG_FUNCTION_INFO_V1(iotatrail_object_signature);
PG_FUNCTION_INFO_V1(iotatrail_rsa_sha256_verify);
PG_FUNCTION_INFO_V1(iotatrail_list_public_keys_page);

/* One object opened for reading, local or S3, inflated when gzip'd */
typedef struct ObjectReader
{
	const char *object;
	Source	   *src;
	GzipStream	gz;
} ObjectReader;

/* CoreReadFn over the reader's source */
static ssize_t
object_source_read(void *arg, unsigned char *buf, size_t len, char *errbuf,
				   size_t errlen)
{
	return source_read((Source *) arg, buf, len, errbuf, errlen);
}

/*
 * Open object (a path, or an s3:// URL of one key, fetched without a
 * listing); false when it does not exist
 */
static bool
object_open(ObjectReader *rd, const char *object, Oid serverid)
{
	char	   *name;
	SourceSkip	skip;
	SourceConfig cfg;
	const SourceKind *kind;

	memset(rd, 0, sizeof(*rd));
	rd->object = object;
	source_config_init(&cfg);
	cfg.objects = list_make1(pstrdup(object));
	cfg.serverid = serverid;
	cfg.userid = GetUserId();
	kind = source_kind(&cfg);
	kind->check(&cfg);
	rd->src = kind->begin(&cfg);
	name = source_next(rd->src, &skip);
	if (!source_open(rd->src, name))
	{
		int			save_errno = errno;

		source_end(rd->src);
		if (save_errno == ENOENT)
			return false;
		errno = save_errno;
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\" for reading: %m", object)));
	}
	core_gzip_stream_init(&rd->gz, object_source_read, rd->src, &palloc_core_allocator, 256 * 1024);
	return true;
}

/* Up to len inflated bytes; 0 at the end; errors name the object */
static size_t
object_read(ObjectReader *rd, unsigned char *buf, size_t len)
{
	ssize_t		n;

	CHECK_FOR_INTERRUPTS();
	n = core_gzip_stream_read(&rd->gz, buf, len);
	if (n < 0)
	{
		const char *detail;

		(void) core_gzip_stream_error(&rd->gz, &detail);
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("could not read \"%s\"", rd->object),
				 errdetail("%s", core_detail_sentence(detail))));
	}
	return (size_t) n;
}

static void
object_close(ObjectReader *rd)
{
	core_gzip_stream_end(&rd->gz);
	source_close(rd->src);
	source_end(rd->src);
}

/*
 * object_content(object, server) -> bytea
 *		The object's bytes, inflated; NULL when it does not exist.  For
 *		digest files, which are small.
 */
Datum
iotatrail_object_content(PG_FUNCTION_ARGS)
{
	ObjectReader src;
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
	ObjectReader src;
	unsigned char buf[65536];
	size_t		n;
	Sha256 *h;
	char		hex[65];

	if (!object_open(&src, text_to_cstring(PG_GETARG_TEXT_PP(0)), iotatrail_server_arg(fcinfo, 1)))
		PG_RETURN_NULL();
	h = core_sha256_begin();
	if (h == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not start a SHA-256 computation")));
	PG_TRY();
	{
		while ((n = object_read(&src, buf, sizeof(buf))) > 0)
			core_sha256_update(h, buf, n);
	}
	PG_CATCH();
	{
		core_sha256_abort(h);
		PG_RE_THROW();
	}
	PG_END_TRY();
	core_sha256_end(h, hex);
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
	char	   *sig;
	ObjectReader src;
	unsigned char first[64];
	char		errbuf[256];

	if (!object_open(&src, object, iotatrail_server_arg(fcinfo, 1)))
		PG_RETURN_NULL();
	/* an S3 object's metadata are in once its first bytes are */
	(void) source_read(src.src, first, sizeof(first), errbuf, sizeof(errbuf));
	sig = source_signature(src.src, object);
	object_close(&src);
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

	switch (core_digest_verify_signature((const unsigned char *) VARDATA_ANY(key),
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

/* One ListPublicKeys call, for s3_call */
typedef struct PublicKeysCall
{
	const S3Config *cfg;
	S3Credentials creds;
	S3Endpoint	ep;
	char		hash[65];
	Jsonb	   *answer;			/* the last answer, when JSON */
	char	   *message;		/* its message, when an error */
} PublicKeysCall;

static int
public_keys_sign(void *arg, SigV4Header *h)
{
	PublicKeysCall *pk = arg;
	int			n = s3_sign_headers(pk->cfg, &pk->creds, "cloudtrail", "POST",
									pk->ep.host, "/", "", pk->hash, h);

	h[n++] = (SigV4Header) {"Content-Type", "application/x-amz-json-1.1"};
	h[n++] = (SigV4Header) {"X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListPublicKeys"};
	return n;
}

static bool
public_keys_accept(void *arg, const S3Response *resp, char **code)
{
	PublicKeysCall *pk = arg;

	pk->answer = resp->status != 0 ? s3_json_or_null(resp->body.data, resp->body.len) : NULL;
	if (resp->status == 200 && pk->answer)
		return true;
	/* "__type": "...#InvalidTimeRangeException", "message": "..." */
	*code = jsonb_string_member(pk->answer, "__type");
	if (*code && strchr(*code, '#'))
		*code = strchr(*code, '#') + 1;
	pk->message = jsonb_string_member(pk->answer, "message");
	if (pk->message == NULL)
		pk->message = jsonb_string_member(pk->answer, "Message");
	return false;
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
	PublicKeysCall pk = {0};
	char	   *body = PG_ARGISNULL(1) ? "{}" :
		JsonbToCString(NULL, &PG_GETARG_JSONB_P(1)->root, 0);
	S3Call		call;
	S3Response	resp;
	char	   *code = NULL;
	int			attempt;

	pk.cfg = iotatrail_s3_config(iotatrail_server_arg(fcinfo, 0), GetUserId());
	s3_endpoint(pk.cfg, pk.cfg->cloudtrail_endpoint, "cloudtrail", NULL, &pk.ep);
	s3_resolve_credentials(pk.cfg, &pk.creds);
	core_sha256_hex(body, strlen(body), pk.hash);
	call = (S3Call) {
		.cfg = pk.cfg,.method = "POST",.url = psprintf("%s/", pk.ep.base),
		.body = body,.sign = public_keys_sign,.accept = public_keys_accept,
		.arg = &pk,
	};
	if (s3_call(&call, &resp, &attempt))
		PG_RETURN_JSONB_P(pk.answer);
	(void) public_keys_accept(&pk, &resp, &code);
	ereport(ERROR,
			(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
			 errmsg("could not list CloudTrail public keys"),
			 resp.status == 200 ?
			 errdetail("HTTP status 200, but the answer is not JSON.") :
			 errdetail("%s", s3_answer_detail(&resp, code, pk.message)),
			 errcontext("CloudTrail endpoint %s", pk.ep.host),
			 attempt > 1 ?
			 errhint("Signed with credentials from the %s; they need cloudtrail:ListPublicKeys (%d attempts made).",
					 pk.creds.source, attempt) :
			 errhint("Signed with credentials from the %s; they need cloudtrail:ListPublicKeys.",
					 pk.creds.source)));
	PG_RETURN_NULL();
}
