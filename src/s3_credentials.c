/*-------------------------------------------------------------------------
 *
 * s3_credentials.c
 *	  Where the signing keys come from: the first link of the chain that
 *	  answers, then optionally STS AssumeRole.
 *
 *	  1. the user mapping (access_key_id, secret_access_key, session_token)
 *	  2. the server process's environment (AWS_ACCESS_KEY_ID, ...)
 *	  2a. web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN; in
 *		 s3_web_identity.c)
 *	  3. shared credentials and config files (AWS_SHARED_CREDENTIALS_FILE,
 *		 AWS_CONFIG_FILE, ~/.aws/...; profile option, AWS_PROFILE, default):
 *		 a profile's role_arn with web_identity_token_file or source_profile,
 *		 else its static keys
 *	  4. container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or
 *		 _FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE])
 *	  5. EC2 instance metadata, IMDSv2 with a session token
 *
 * Messages name the link and never a secret.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "storage/fd.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "aws_ini.h"
#include "aws_sigv4.h"
#include "sha256.h"
#include "aws_xml.h"
#include "backend_support.h"
#include "s3.h"
#include "value_parse.h"


static char *
env(const char *name)
{
	char	   *v = getenv(name);

	return (v && v[0]) ? v : NULL;
}

/* A whole small file, or NULL when it cannot be read */
static char *
read_small_file(const char *path, size_t *len)
{
	FILE	   *f = AllocateFile(path, "r");
	StringInfoData buf;
	char		chunk[4096];
	size_t		n;

	if (f == NULL)
		return NULL;
	initStringInfo(&buf);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && buf.len < 1024 * 1024)
		appendBinaryStringInfo(&buf, chunk, n);
	FreeFile(f);
	*len = buf.len;
	return buf.data;
}

static TimestampTz
parse_expiration(const char *s)
{
	int64_t		usec;

	if (s && core_parse_iso8601(s, strlen(s), &usec))
		return (TimestampTz) usec;
	return 0;
}

/* The shared credentials file and config file, read once */
typedef struct ProfileFiles
{
	char	   *paths[2];
	char	   *texts[2];		/* NULL: not readable */
	size_t		lens[2];
} ProfileFiles;

/* Longest chain of profiles followed through source_profile */
#define MAX_PROFILE_CHAIN 4

static void assume_role(const S3Config *cfg, S3Credentials *c);
static bool profile_credentials(const S3Config *cfg, const ProfileFiles *pf,
								const char *profile, S3Credentials *c,
								int depth);

/* key of profile, from the credentials file, else the config file; or NULL */
static char *
profile_value(const ProfileFiles *pf, const char *profile, const char *key)
{
	char		out[4096];

	for (int i = 0; i < 2; i++)
		if (pf->texts[i] &&
			core_aws_ini_lookup(pf->texts[i], pf->lens[i], profile, key, out, sizeof(out)))
			return pstrdup(out);
	return NULL;
}

/* The static keys of profile, both from one file */
static bool
profile_static_keys(const ProfileFiles *pf, const char *profile, S3Credentials *c)
{
	char		akid[256],
				secret[256],
				token[4096];

	for (int i = 0; i < 2; i++)
	{
		const char *text = pf->texts[i];
		size_t		len = pf->lens[i];

		if (text == NULL)
			continue;
		if (core_aws_ini_lookup(text, len, profile, "aws_access_key_id", akid, sizeof(akid)) &&
			core_aws_ini_lookup(text, len, profile, "aws_secret_access_key", secret, sizeof(secret)))
		{
			c->access_key_id = pstrdup(akid);
			c->secret_access_key = pstrdup(secret);
			if (core_aws_ini_lookup(text, len, profile, "aws_session_token", token, sizeof(token)))
				c->session_token = pstrdup(token);
			c->source = psprintf("profile \"%s\" of %s", profile, pf->paths[i]);
			explicit_bzero(secret, sizeof(secret));
			return true;
		}
	}
	return false;
}

/*
 * A profile with role_arn: web identity when it names a token file, else
 * AssumeRole with the credentials of its source_profile
 */
static bool
profile_role(const S3Config *cfg, const ProfileFiles *pf, const char *profile,
			 const char *role_arn, S3Credentials *c, int depth)
{
	char	   *token_file = profile_value(pf, profile, "web_identity_token_file");
	char	   *source = profile_value(pf, profile, "source_profile");
	S3Config	rc = *cfg;
	bool		found;

	if (token_file)
	{
		s3_web_identity(cfg, role_arn, token_file,
						profile_value(pf, profile, "role_session_name"),
						psprintf("profile \"%s\"", profile), c);
		return true;
	}
	/*
	 * credential_source (or nothing) is not supported: a profile the chain
	 * walks into on its own is passed over, as before web identity was
	 * supported, so the container and instance links still answer
	 */
	if (source == NULL && depth == 0 && cfg->profile == NULL)
		return false;
	if (source == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("AWS profile \"%s\" has role_arn but neither web_identity_token_file nor source_profile",
						profile),
				 errhint("credential_source and credential_process are not supported.")));
	if (depth >= MAX_PROFILE_CHAIN)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("AWS profile \"%s\" is reached through more than %d source_profile links",
						profile, MAX_PROFILE_CHAIN),
				 errhint("Look for a cycle of source_profile settings.")));
	/* a profile may name itself as the source of its own static keys */
	found = strcmp(source, profile) == 0 ?
		profile_static_keys(pf, source, c) :
		profile_credentials(cfg, pf, source, c, depth + 1);
	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("source profile \"%s\" of AWS profile \"%s\" has no access key",
						source, profile)));
	rc.role_arn = (char *) role_arn;
	rc.external_id = profile_value(pf, profile, "external_id");
	assume_role(&rc, c);
	return true;
}

/* Credentials of profile: of the role it names, else its static keys */
static bool
profile_credentials(const S3Config *cfg, const ProfileFiles *pf,
					const char *profile, S3Credentials *c, int depth)
{
	char	   *role_arn = profile_value(pf, profile, "role_arn");

	if (role_arn)
		return profile_role(cfg, pf, profile, role_arn, c, depth);
	return profile_static_keys(pf, profile, c);
}

static bool
from_files(const S3Config *cfg, S3Credentials *c, StringInfo tried)
{
	const char *profile = cfg->profile ? cfg->profile :
		env("AWS_PROFILE") ? env("AWS_PROFILE") : "default";
	const char *home = env("HOME");
	ProfileFiles pf;
	bool		found;

	memset(&pf, 0, sizeof(pf));
	pf.paths[0] = env("AWS_SHARED_CREDENTIALS_FILE") ? pstrdup(env("AWS_SHARED_CREDENTIALS_FILE")) :
		home ? psprintf("%s/.aws/credentials", home) : NULL;
	pf.paths[1] = env("AWS_CONFIG_FILE") ? pstrdup(env("AWS_CONFIG_FILE")) :
		home ? psprintf("%s/.aws/config", home) : NULL;
	for (int i = 0; i < 2; i++)
	{
		if (pf.paths[i] == NULL)
			continue;
		appendStringInfo(tried, ", profile \"%s\" in \"%s\"", profile, pf.paths[i]);
		pf.texts[i] = read_small_file(pf.paths[i], &pf.lens[i]);
	}
	found = profile_credentials(cfg, &pf, profile, c, 0);
	for (int i = 0; i < 2; i++)
		if (pf.texts[i])
			explicit_bzero(pf.texts[i], pf.lens[i]);
	if (!found && cfg->profile)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("AWS profile \"%s\" has no access key", cfg->profile),
				 errdetail("Looked in%s.", tried->data + 1),
				 errhint("The files are read by the database server's operating system user; set AWS_SHARED_CREDENTIALS_FILE in its environment to point elsewhere.")));
	return found;
}

/* A string member of a JSON credentials document, or NULL */
static char *
json_member(Jsonb *jb, const char *key)
{
	JsonbValue	v;

	if (!JB_ROOT_IS_OBJECT(jb) ||
		!getKeyJsonValueFromContainer(&jb->root, key, strlen(key), &v) ||
		v.type != jbvString)
		return NULL;
	return pnstrdup(v.val.string.val, v.val.string.len);
}

/* Credentials from the JSON the container and instance endpoints serve */
static bool
from_json(const StringInfoData *body, const char *source, S3Credentials *c)
{
	Jsonb	   *jb = s3_json_or_null(body->data, body->len);

	if (jb == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("the %s answered with something other than a JSON credentials document", source)));
	c->access_key_id = json_member(jb, "AccessKeyId");
	c->secret_access_key = json_member(jb, "SecretAccessKey");
	c->session_token = json_member(jb, "Token");
	c->expires_at = parse_expiration(json_member(jb, "Expiration"));
	if (c->access_key_id == NULL || c->secret_access_key == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("the %s answered without AccessKeyId and SecretAccessKey", source)));
	c->source = source;
	return true;
}

static bool
from_container(const S3Config *cfg, S3Credentials *c, StringInfo tried)
{
	char	   *url;
	SigV4Header h[1];
	int			nh = 0;
	char	   *token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	S3Response	resp;

	if (env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
		url = psprintf("http://169.254.170.2%s", env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
	else if (env("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
		url = pstrdup(env("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
	else
		return false;
	appendStringInfo(tried, ", the container credentials endpoint");
	if (token == NULL && env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))
	{
		size_t		len;

		token = read_small_file(env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"), &len);
		if (token)
			token = pstrdup(token);
		while (token && len > 0 && (token[len - 1] == '\n' || token[len - 1] == '\r'))
			token[--len] = '\0';
	}
	if (token)
		h[nh++] = (SigV4Header) {"Authorization", token};
	s3_http_request(cfg, "GET", url, h, nh, NULL, &resp);
	if (resp.status != 200)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("could not get credentials from the container credentials endpoint"),
				 errdetail("%s", s3_answer_detail(&resp, NULL, NULL)),
				 errcontext("container credentials endpoint %s", url)));
	return from_json(&resp.body, "container credentials endpoint", c);
}

static bool
from_instance_metadata(const S3Config *cfg, S3Credentials *c, StringInfo tried)
{
	const char *base = env("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?
		env("AWS_EC2_METADATA_SERVICE_ENDPOINT") : "http://169.254.169.254";
	char	   *b = pstrdup(base);
	SigV4Header h[1];
	S3Response	resp;
	char	   *token;
	char	   *role;
	char	   *nl;

	if (env("AWS_EC2_METADATA_DISABLED") && pg_strcasecmp(env("AWS_EC2_METADATA_DISABLED"), "true") == 0)
		return false;
	while (strlen(b) > 0 && b[strlen(b) - 1] == '/')
		b[strlen(b) - 1] = '\0';
	appendStringInfo(tried, ", EC2 instance metadata at %s", b);
	h[0] = (SigV4Header) {"X-aws-ec2-metadata-token-ttl-seconds", "21600"};
	s3_http_request(cfg, "PUT", psprintf("%s/latest/api/token", b), h, 1, NULL, &resp);
	if (resp.status != 200)
		return false;			/* not on EC2 (or IMDS off): next link */
	token = pstrdup(resp.body.data);
	h[0] = (SigV4Header) {"X-aws-ec2-metadata-token", token};
	s3_http_request(cfg, "GET", psprintf("%s/latest/meta-data/iam/security-credentials/", b),
					h, 1, NULL, &resp);
	if (resp.status != 200 || resp.body.len == 0)
		return false;			/* no instance role */
	role = pstrdup(resp.body.data);
	if ((nl = strchr(role, '\n')) != NULL)
		*nl = '\0';
	s3_http_request(cfg, "GET", psprintf("%s/latest/meta-data/iam/security-credentials/%s", b, role),
					h, 1, NULL, &resp);
	if (resp.status != 200)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("could not get the credentials of instance role \"%s\"", role),
				 errdetail("%s", s3_answer_detail(&resp, NULL, NULL)),
				 errcontext("EC2 instance metadata at %s", b)));
	return from_json(&resp.body, "EC2 instance metadata service", c);
}

/* STS AssumeRole with the credentials found, for the role of the mapping */
static void
assume_role(const S3Config *cfg, S3Credentials *c)
{
	S3Endpoint	ep;
	char	   *host;
	char	   *url;
	StringInfoData body;
	char		hash[65];
	SigV4Header h[S3_MAX_HEADERS];
	int			n;
	S3Response	resp;
	S3Config	sts_cfg = *cfg;
	char	   *base_source = pstrdup(c->source);

	s3_endpoint(cfg, cfg->sts_endpoint, "sts", NULL, &ep);
	host = ep.host;
	url = psprintf("%s/", ep.base);
	initStringInfo(&body);
	appendStringInfo(&body, "Action=AssumeRole&Version=2011-06-15&RoleSessionName=iotatrail&DurationSeconds=3600&RoleArn=%s",
					 s3_uri_encode(cfg->role_arn, false));
	if (cfg->external_id)
		appendStringInfo(&body, "&ExternalId=%s", s3_uri_encode(cfg->external_id, false));
	core_sha256_hex(body.data, body.len, hash);
	n = s3_sign_headers(&sts_cfg, c, "sts", "POST", host, "/", "", hash, h);
	h[n++] = (SigV4Header) {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"};
	s3_http_request(cfg, "POST", url, h, n, body.data, &resp);
	if (resp.status != 200)
	{
		char	   *code = NULL,
				   *message = NULL;

		code = core_aws_xml_value(&palloc_core_allocator, resp.body.data, resp.body.len, "Code");
		message = core_aws_xml_value(&palloc_core_allocator, resp.body.data, resp.body.len, "Message");
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("could not assume role \"%s\"", cfg->role_arn),
				 errdetail("%s", s3_answer_detail(&resp, code, message)),
				 errhint("The role is assumed with credentials from the %s; its trust policy must allow them%s.",
						 base_source, cfg->external_id ? " with this external_id" : "")));
	}
	{
		const CoreAllocator *pa = &palloc_core_allocator;
		char	   *akid = core_aws_xml_value(pa, resp.body.data, resp.body.len, "AccessKeyId");
		char	   *secret = core_aws_xml_value(pa, resp.body.data, resp.body.len, "SecretAccessKey");
		char	   *token = core_aws_xml_value(pa, resp.body.data, resp.body.len, "SessionToken");
		char	   *exp = core_aws_xml_value(pa, resp.body.data, resp.body.len, "Expiration");

		if (!akid || !secret || !token)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("STS answered AssumeRole for \"%s\" without credentials", cfg->role_arn)));
		c->access_key_id = akid;
		c->secret_access_key = secret;
		c->session_token = token;
		c->expires_at = parse_expiration(exp);
		c->source = psprintf("role %s assumed with the %s", cfg->role_arn, base_source);
	}
}

void
s3_resolve_credentials(const S3Config *cfg, S3Credentials *c)
{
	StringInfoData tried;

	memset(c, 0, sizeof(*c));
	initStringInfo(&tried);
	if (cfg->access_key_id && cfg->secret_access_key)
	{
		c->access_key_id = cfg->access_key_id;
		c->secret_access_key = cfg->secret_access_key;
		c->session_token = cfg->session_token;
		c->source = "user mapping";
	}
	else if (cfg->profile)
		from_files(cfg, c, &tried);
	else if (env("AWS_ACCESS_KEY_ID") && env("AWS_SECRET_ACCESS_KEY"))
	{
		c->access_key_id = pstrdup(env("AWS_ACCESS_KEY_ID"));
		c->secret_access_key = pstrdup(env("AWS_SECRET_ACCESS_KEY"));
		if (env("AWS_SESSION_TOKEN"))
			c->session_token = pstrdup(env("AWS_SESSION_TOKEN"));
		c->source = "server environment";
	}
	else
	{
		appendStringInfoString(&tried, ", the user mapping, the server environment");
		if (!s3_web_identity_from_env(cfg, c, &tried) &&
			!from_files(cfg, c, &tried) &&
			!from_container(cfg, c, &tried) &&
			!from_instance_metadata(cfg, c, &tried))
			ereport(ERROR,
					(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
					 cfg->server_name ?
					 errmsg("no AWS credentials found for S3 server %s",
							quote_identifier(cfg->server_name)) :
					 errmsg("no AWS credentials found for S3"),
					 errdetail("Tried%s.", tried.data + 1),
					 errhint("Give access_key_id and secret_access_key (or profile) in a user mapping: CREATE USER MAPPING FOR CURRENT_USER SERVER ... OPTIONS (...).")));
	}
	if (cfg->role_arn)
		assume_role(cfg, c);
}
