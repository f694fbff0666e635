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
	return core_aws_xml_value(&palloc_core_allocator, doc, len, name);
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

/* Open the next object: its display name, or NULL after the last */

/*
 * Drive every transfer, collecting finished attempts; with wait, for up to
 * S3_WAIT_SLICE_MS until something happens (an answer, a retry due, a
 * cancel).  Without, it only sends what was added and takes what arrived:
 * new requests must not wait for the reader to run out of received objects.
 */
void
s3_pump(S3Scan *s3, bool wait)
{
	int			running;
	CURLMsg    *msg;
	int			left;
	TimestampTz now = GetCurrentTimestamp();
	TimestampTz next_retry = 0;
	bool		any_running = false;
	long		timeout = S3_WAIT_SLICE_MS;
	ListCell   *lc;

	CHECK_FOR_INTERRUPTS();
	for (int i = 0; i < s3->nactive; i++)
	{
		Transfer   *t = s3->active[i];

		if (t->retry_at != 0 && t->retry_at <= now)
			s3->retry_due(t);
		else if (t->retry_at != 0 && (next_retry == 0 || t->retry_at < next_retry))
			next_retry = t->retry_at;
		if (t->in_multi && !t->done)
			any_running = true;
	}
	foreach(lc, s3->aheads)
		if (!((ListAhead *) lfirst(lc))->done)
			any_running = true;
	curl_multi_perform(s3->multi, &running);
	while ((msg = curl_multi_info_read(s3->multi, &left)) != NULL)
	{
		Transfer   *t;
		char	   *private;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &private);
		if (*(bool *) private)
		{
			ListAhead  *a = (ListAhead *) private;

			a->done = true;
			s3_http_ended(a->curl, msg->data.result, "GET", a->url, &a->resp);
			continue;
		}
		t = (Transfer *) private;
		t->done = true;
		t->result = msg->data.result;
		curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &t->status);
		s3->transfer_ended(t);
	}
	if (!wait)
		return;
	/* a retry due sooner than that ends the wait; only retries: wait for one */
	if (next_retry != 0)
	{
		long		due = TimestampDifferenceMilliseconds(now, next_retry);

		timeout = any_running ? Min(timeout, due) : due;
	}
	s3_multi_wait(s3->multi, Max(timeout, 1),
				  s3_wait_event(!(any_running && running > 0)));
}
