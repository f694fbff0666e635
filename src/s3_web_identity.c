/*-------------------------------------------------------------------------
 *
 * s3_web_identity.c
 *	  The web identity link of the credential chain: STS
 *	  AssumeRoleWithWebIdentity with an OIDC token read from a file, as an
 *	  EKS pod with IAM Roles for Service Accounts (IRSA) gets its keys.
 *
 *	  The role, the token file and the session name come from the server
 *	  process's environment (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE,
 *	  AWS_ROLE_SESSION_NAME) or from a profile (role_arn,
 *	  web_identity_token_file, role_session_name).  The request is not
 *	  signed: the token is the proof.  The token file is read again on every
 *	  call to STS (the kubelet rotates it), and the answer is kept for the
 *	  backend's life until shortly before it expires.
 *
 *	  Messages name the role, the file and STS's error code, never the token.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/stat.h>

#include "storage/fd.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "aws_xml.h"
#include "backend_support.h"
#include "s3.h"
#include "value_parse.h"

/* The largest token file read (service account tokens are ~1 KB) */
#define MAX_TOKEN_BYTES (64 * 1024)

/* The last credentials STS handed out in this backend, and for what */
typedef struct WebIdentityCache
{
	char	   *key;			/* role, token file, session, endpoint */
	S3Credentials creds;		/* in TopMemoryContext */
} WebIdentityCache;

static WebIdentityCache cache;

static char *
env(const char *name)
{
	char	   *v = getenv(name);

	return (v && v[0]) ? v : NULL;
}

/* The token in path, without surrounding whitespace; errors name the file */
static char *
read_token(const char *path, const char *role_arn)
{
	FILE	   *f = AllocateFile(path, "r");
	StringInfoData buf;
	char		chunk[4096];
	size_t		n;
	int			start = 0;

	if (f == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open web identity token file \"%s\" for role \"%s\": %m",
						path, role_arn),
				 errhint("The file is read by the database server's operating system user.")));
	initStringInfo(&buf);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && buf.len < MAX_TOKEN_BYTES)
		appendBinaryStringInfo(&buf, chunk, n);
	explicit_bzero(chunk, sizeof(chunk));
	FreeFile(f);
	while (buf.len > 0 && isspace((unsigned char) buf.data[buf.len - 1]))
		buf.data[--buf.len] = '\0';
	while (start < buf.len && isspace((unsigned char) buf.data[start]))
		start++;
	if (start == buf.len)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("web identity token file \"%s\" for role \"%s\" is empty",
						path, role_arn)));
	return buf.data + start;
}

/* The request body of AssumeRoleWithWebIdentity */
static char *
request_body(const char *role_arn, const char *session_name, const char *token)
{
	StringInfoData body;

	initStringInfo(&body);
	appendStringInfo(&body,
					 "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=%s&RoleSessionName=%s&WebIdentityToken=%s",
					 s3_uri_encode(role_arn, false),
					 s3_uri_encode(session_name, false),
					 s3_uri_encode(token, false));
	return body.data;
}

/* STS refused: the role and STS's code, the message unless it holds the token */
static void
report_refusal(const S3Response *resp, const char *role_arn, const char *url,
			   const char *token)
{
	const CoreAllocator *pa = &palloc_core_allocator;
	char	   *code = core_aws_xml_value(pa, resp->body.data, resp->body.len, "Code");
	char	   *message = core_aws_xml_value(pa, resp->body.data, resp->body.len, "Message");

	if (message && strstr(message, token) != NULL)
		message = NULL;
	ereport(ERROR,
			(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
			 errmsg("could not assume role \"%s\" with a web identity token", role_arn),
			 errdetail("%s", s3_answer_detail(resp, code, message)),
			 errhint("STS at %s was asked; the role's trust policy must allow the identity provider that issued the token.",
					 url)));
}

/* Credentials from STS for role_arn with the token in token_file */
static void
call_sts(const S3Config *cfg, const char *role_arn, const char *token_file,
		 const char *session_name, S3Credentials *c)
{
	const CoreAllocator *pa = &palloc_core_allocator;
	S3Endpoint	ep;
	char	   *url;
	char	   *token = read_token(token_file, role_arn);
	char	   *body = request_body(role_arn, session_name, token);
	SigV4Header h[1];
	S3Response	resp;
	char	   *exp;
	int64_t		usec;

	s3_endpoint(cfg, cfg->sts_endpoint, "sts", NULL, &ep);
	url = psprintf("%s/", ep.base);
	h[0] = (SigV4Header) {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"};
	s3_http_request(cfg, "POST", url, h, 1, body, &resp);
	explicit_bzero(body, strlen(body));
	if (resp.status != 200)
		report_refusal(&resp, role_arn, url, token);
	explicit_bzero(token, strlen(token));
	c->access_key_id = core_aws_xml_value(pa, resp.body.data, resp.body.len, "AccessKeyId");
	c->secret_access_key = core_aws_xml_value(pa, resp.body.data, resp.body.len, "SecretAccessKey");
	c->session_token = core_aws_xml_value(pa, resp.body.data, resp.body.len, "SessionToken");
	exp = core_aws_xml_value(pa, resp.body.data, resp.body.len, "Expiration");
	if (!c->access_key_id || !c->secret_access_key || !c->session_token)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("STS answered AssumeRoleWithWebIdentity for \"%s\" without credentials",
						role_arn)));
	c->expires_at = (exp && core_parse_iso8601(exp, strlen(exp), &usec)) ? (TimestampTz) usec : 0;
}

/* A copy of src in the current memory context */
static void
copy_credentials(const S3Credentials *src, S3Credentials *dst)
{
	dst->access_key_id = pstrdup(src->access_key_id);
	dst->secret_access_key = pstrdup(src->secret_access_key);
	dst->session_token = pstrdup(src->session_token);
	dst->expires_at = src->expires_at;
	dst->source = pstrdup(src->source);
}

/* Forget the cached credentials */
static void
cache_clear(void)
{
	if (cache.key == NULL)
		return;
	explicit_bzero(cache.creds.secret_access_key, strlen(cache.creds.secret_access_key));
	pfree(cache.key);
	pfree(cache.creds.access_key_id);
	pfree(cache.creds.secret_access_key);
	pfree(cache.creds.session_token);
	pfree((char *) cache.creds.source);
	memset(&cache, 0, sizeof(cache));
}

/*
 * Credentials for role_arn with the web identity token in token_file: the
 * cached ones while they are not about to expire, else STS's answer.
 * from names where the settings came from, for c->source.
 */
void
s3_web_identity(const S3Config *cfg, const char *role_arn,
				const char *token_file, const char *session_name,
				const char *from, S3Credentials *c)
{
	char	   *key;
	MemoryContext old;

	if (session_name == NULL)
		session_name = "iotatrail";
	key = psprintf("%s\n%s\n%s\n%s", role_arn, token_file, session_name,
				   cfg->sts_endpoint ? cfg->sts_endpoint : cfg->region);
	if (cache.key && strcmp(cache.key, key) == 0 &&
		!s3_credentials_expiring(&cache.creds))
	{
		copy_credentials(&cache.creds, c);
		return;
	}
	cache_clear();
	call_sts(cfg, role_arn, token_file, session_name, c);
	c->source = psprintf("web identity of role %s (token file from %s)", role_arn, from);
	old = MemoryContextSwitchTo(TopMemoryContext);
	copy_credentials(c, &cache.creds);
	cache.key = pstrdup(key);
	MemoryContextSwitchTo(old);
}

/* The web identity link, when the server's environment names a token file */
bool
s3_web_identity_from_env(const S3Config *cfg, S3Credentials *c, StringInfo tried)
{
	const char *token_file = env("AWS_WEB_IDENTITY_TOKEN_FILE");
	const char *role_arn = env("AWS_ROLE_ARN");

	appendStringInfoString(tried, ", web identity (AWS_WEB_IDENTITY_TOKEN_FILE)");
	if (token_file == NULL)
		return false;
	if (role_arn == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"),
				 errdetail("The web identity token is exchanged for the credentials of the role AWS_ROLE_ARN names."),
				 errhint("Set both in the database server's environment, or neither.")));
	s3_web_identity(cfg, role_arn, token_file, env("AWS_ROLE_SESSION_NAME"),
					"the server environment", c);
	return true;
}
