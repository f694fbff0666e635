/*-------------------------------------------------------------------------
 *
 * s3_scan.c
 *	  The log objects under an s3:// location: listed page by page with
 *	  ListObjectsV2 (s3_list.c), fetched several at a time on one curl
 *	  multi handle (s3_transfer.c), and handed to the record reader as
 *	  bytes arrive (s3_source.c).  Here: a scan's setup and what its parts
 *	  share, the texts of S3's answers and the errors made of them.
 *
 * Memory stays bounded: the transfers together buffer about BUFFER_BUDGET
 * bytes and is paused while its reader is behind; only one listing page
 * of keys is held.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <curl/curl.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "aws_sigv4.h"
#include "backend_support.h"
#include "pg_compat.h"
#include "s3_scan.h"

/* The wire path of a key (or of the bucket when key is NULL) */
char *
s3_object_path(const S3Scan *s3, const char *key, bool bucket_in_path)
{
	StringInfoData p;

	initStringInfo(&p);
	if (bucket_in_path)
		appendStringInfo(&p, "/%s", s3_uri_encode(s3->bucket, false));
	appendStringInfoChar(&p, '/');
	if (key)
		appendStringInfoString(&p, s3_uri_encode(key, true));
	return p.data;
}

void
s3_refresh_credentials(S3Scan *s3)
{
	if (s3->creds.access_key_id == NULL || s3_credentials_expiring(&s3->creds))
	{
		MemoryContext old = MemoryContextSwitchTo(s3->cxt);

		s3_resolve_credentials(&s3->cfg, &s3->creds);
		MemoryContextSwitchTo(old);
	}
}

/* Text of element name in an S3 XML answer, or NULL */
char *
s3_xml_value(const char *doc, size_t len, const char *name)
{
	return aws_xml_value(&palloc_core_allocator, doc, len, name);
}

/* Longest text of a store's answer an error repeats */
#define ECHO_MAX 300

/* s cut to at most max bytes, on a character boundary, with "..." if cut */
char *
s3_clip_text(char *s, int max)
{
	int			len = strlen(s);

	if (len <= max)
		return s;
	return psprintf("%.*s...", pg_mbcliplen(s, len, max), s);
}

/*
 * S3's bucket naming rules (3 to 63 lowercase letters, digits, dots and
 * hyphens, a letter or digit at each end, no empty label): anything else
 * could steer the request's host name or path elsewhere.
 */
static bool
bucket_name_valid(const char *b)
{
	size_t		n = strlen(b);

	if (n < 3 || n > 63 || !isalnum((unsigned char) b[0]) ||
		!isalnum((unsigned char) b[n - 1]) || strstr(b, "..") != NULL)
		return false;
	for (const char *c = b; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '-'))
			return false;
	return true;
}

/*
 * A key with a "." or ".." segment: HTTP clients and servers normalize
 * such paths, so another object than the one listed would be read.
 */
bool
s3_key_has_dot_segment(const char *key)
{
	for (const char *seg = key;;)
	{
		const char *end = strchr(seg, '/');
		size_t		len = end ? (size_t) (end - seg) : strlen(seg);

		if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return true;
		if (end == NULL)
			return false;
		seg = end + 1;
	}
}

/*
 * An ETag goes back in an If-Match header line and into the manifest as
 * text: printable ASCII only (S3's are quoted hex digits)
 */
bool
s3_etag_valid(const char *v)
{
	for (const unsigned char *c = (const unsigned char *) v; *c; c++)
		if (*c < 0x20 || *c >= 0x7f)
			return false;
	return true;
}

/*
 * The hint for an error S3 answered with: the common causes, from its code
 * and status
 */
static int
s3_error_hint(S3Scan *s3, long status, const char *code, const char *region,
			  bool transport)
{
	const char *source = s3->creds.source ? s3->creds.source : "credential chain";

	if (transport)
		return errhint("Check the server's endpoint and region options and the network; max_attempts sets how often to try.");
	if (code && strcmp(code, "SignatureDoesNotMatch") == 0)
		return errhint("Check the secret access key, and that the database server's clock is right.");
	if (code && (strcmp(code, "InvalidAccessKeyId") == 0 || strcmp(code, "AccessDenied") == 0))
		return errhint("The credentials came from the %s; they need s3:ListBucket and s3:GetObject on the bucket.",
					   source);
	if (code && (strcmp(code, "ExpiredToken") == 0 || strcmp(code, "InvalidToken") == 0))
		return errhint("The session token from the %s is no longer valid; give fresh temporary credentials.",
					   source);
	if (code && strcmp(code, "RequestTimeTooSkewed") == 0)
		return errhint("The database server's clock is more than 15 minutes off.");
	if (status == 412 || (code && strcmp(code, "PreconditionFailed") == 0))
		return errhint("The object was rewritten while it was being read; run the query again.");
	if (code && strcmp(code, "NoSuchBucket") == 0)
		return errhint("Check the bucket name in the location.");
	if (region && (status == 301 || (code && (strcmp(code, "PermanentRedirect") == 0 ||
											 strcmp(code, "AuthorizationHeaderMalformed") == 0))))
		return errhint("The bucket is in region %s: set OPTIONS (region '%s') on the server.",
					   region, region);
	if (status == 301 || (code && strcmp(code, "PermanentRedirect") == 0))
		return errhint("The bucket is in another region: set the server's region option to the bucket's region.");
	if (status >= 500 || (code && strcmp(code, "SlowDown") == 0))
		return errhint("S3 kept failing; max_attempts sets how often to try.");
	return 0;
}

/*
 * Raise the error S3 (or the network) answered with: the primary message
 * says what could not be done to which object or listing; the status, S3's
 * code and message, the request id and the attempts are the detail.
 */
void
s3_raise(S3Scan *s3, const char *key, long status, const char *body,
		 size_t body_len, const char *request_id, const char *bucket_region,
		 const char *transport_error, int attempts)
{
	char	   *code = body ? s3_xml_value(body, body_len, "Code") : NULL;
	char	   *message = body ? s3_xml_value(body, body_len, "Message") : NULL;
	char	   *rid = body ? s3_xml_value(body, body_len, "RequestId") : NULL;
	char	   *region = body ? s3_xml_value(body, body_len, "Region") : NULL;
	char	   *url = psprintf("s3://%s/%s", s3->bucket, key ? key : s3->prefix);
	StringInfoData detail;

	/* a store's own texts are cut short: they are echoed to the client */
	if (message)
		message = s3_clip_text(message, ECHO_MAX);
	if (code)
		code = s3_clip_text(code, 64);
	rid = rid ? s3_clip_text(rid, 128) : (char *) request_id;
	if (region == NULL)
		region = (char *) bucket_region;
	initStringInfo(&detail);
	if (transport_error)
		appendStringInfoString(&detail, core_detail_sentence(transport_error));
	else
	{
		appendStringInfo(&detail, "HTTP status %ld", status);
		if (code)
			appendStringInfo(&detail, ", S3 error code %s", code);
		appendStringInfoString(&detail, ".");
		if (message)
			appendStringInfo(&detail, " %s", core_detail_sentence(message));
		appendStringInfo(&detail, " Request id: %s.", rid ? rid : "none");
	}
	if (attempts > 1)
		appendStringInfo(&detail, " Gave up after %d attempts.", attempts);
	ereport(ERROR,
			(errcode(transport_error ? ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION :
					 status == 404 ? ERRCODE_UNDEFINED_FILE :
					 status == 403 ? ERRCODE_INSUFFICIENT_PRIVILEGE : ERRCODE_FDW_ERROR),
			 key ? errmsg("could not read S3 object \"%s\"", url) :
			 errmsg("could not list S3 objects under \"%s\"", url),
			 errdetail("%s", detail.data),
			 s3_error_hint(s3, status, code, region, transport_error != NULL)));
	pg_unreachable();
}

static void
s3_scan_cleanup(void *arg)
{
	S3Scan	   *s3 = arg;

	/* the transfers and pages asked for ahead went with their contexts */
	s3->nactive = 0;
	if (s3->multi)
		curl_multi_cleanup(s3->multi);
	s3->multi = NULL;
}

S3Scan *
s3_scan_begin(const S3Config *cfg, const char *location, bool skip_errors,
			  const TrailFilter *filter)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "iotatrail s3 scan",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	S3Scan	   *s3 = palloc0(sizeof(S3Scan));
	MemoryContextCallback *cb = palloc0(sizeof(MemoryContextCallback));
	const char *rest = location + 5;
	const char *slash = strchr(rest, '/');

	s3->cxt = cxt;
	s3->cfg = *cfg;
	s3->buffer_limit = Max(BUFFER_BUDGET / s3->cfg.concurrency, TRANSFER_BUFFER_MIN);
	s3->skip_errors = skip_errors;
	s3->location = pstrdup(location);
	s3->bucket = slash ? pnstrdup(rest, slash - rest) : pstrdup(rest);
	s3->prefix = slash ? pstrdup(slash + 1) : pstrdup("");
	if (s3->bucket[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("location \"%s\" names no bucket", location),
				 errhint("Write s3://bucket/prefix, such as s3://my-trail/AWSLogs/.")));
	if (!bucket_name_valid(s3->bucket))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid bucket name in location \"%s\"", location),
				 errdetail("S3 bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit."),
				 errhint("Write s3://bucket/prefix, such as s3://my-trail/AWSLogs/.")));
	s3->page_cxt = AllocSetContextCreate(cxt, "iotatrail s3 listing", ALLOCSET_DEFAULT_SIZES);
	s3->filter = trail_filter_active(filter) ? filter : NULL;
	/* the location itself, and every level above it, must be able to match */
	{
		bool		possible = true;

		for (const char *c = s3->prefix; *c; c++)
			if (*c == '/' && !trail_prefix_may_match(s3->filter, s3->prefix, c - s3->prefix + 1))
				possible = false;
		if (s3->filter && s3->filter->nothing)
			possible = false;
		if (possible)
			s3->tasks = list_make1(s3_list_task(s3, s3->prefix));
		else
			s3->pruned++;
	}
	s3->multi = curl_multi_init();
	cb->func = s3_scan_cleanup;
	cb->arg = s3;
	MemoryContextRegisterResetCallback(cxt, cb);
	MemoryContextSwitchTo(old);
	return s3;
}

/* Open the next object: its display name, or NULL after the last */
