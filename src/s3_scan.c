/*-------------------------------------------------------------------------
 *
 * s3_scan.c
 *	  The log objects under an s3:// location: listed page by page with
 *	  ListObjectsV2, fetched several at a time on one curl multi handle,
 *	  and handed to the record reader as bytes arrive.
 *
 * Memory stays bounded: the transfers together buffer about BUFFER_BUDGET
 * bytes and is paused while its reader is behind; only one listing page
 * of keys is held.  A transfer that fails (5xx, SlowDown, reset, stall)
 * is retried after a backoff with a Range request from the byte reached
 * and If-Match on the listed ETag, so nothing is read twice or lost and a
 * rewritten object is not mixed with its old self.
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
#include "aws_xml.h"
#include "trail_layout.h"
#include "iotatrail.h"
#include "s3.h"
#include "source.h"

/*
 * What the transfers buffer together, shared out (at least
 * TRANSFER_BUFFER_MIN each); a buffer starts at its object's size
 */
#define BUFFER_BUDGET (32 * 1024 * 1024)
#define TRANSFER_BUFFER_MIN (128 * 1024)
#define TRANSFER_BUFFER_FIRST (16 * 1024)	/* the least a buffer starts at */
#define ERROR_BODY_MAX (64 * 1024)
/*
 * Listing pages asked for ahead at most (besides the one the walk waits
 * for): first pages of the prefixes next in the walk (day folders, say),
 * listed at once rather than one after another
 */
#define LIST_AHEAD 8

typedef struct S3Object
{
	char	   *key;
	int64		size;
	char	   *etag;
} S3Object;

typedef struct Transfer
{
	bool		is_listing;		/* false: CURLOPT_PRIVATE is a Transfer */
	S3Scan	   *s3;
	MemoryContext cxt;			/* the transfer's own memory */
	MemoryContextCallback released; /* its curl handle goes with it */
	S3Object	obj;
	CURL	   *curl;
	struct curl_slist *headers;
	bool		in_multi;
	/* bytes received and not yet read */
	char	   *buf;
	size_t		cap;
	size_t		start;
	size_t		end;
	bool		paused;
	int64		received;		/* object bytes received, all attempts */
	int64		discard;		/* bytes to drop: the server ignored Range */
	/* this attempt */
	long		status;			/* HTTP status, once headers are in */
	bool		done;			/* the attempt ended */
	CURLcode	result;
	char		curl_error[CURL_ERROR_SIZE];
	StringInfoData error_body;
	char	   *request_id;
	char	   *meta_signature;	/* x-amz-meta-signature (CloudTrail digests) */
	char	   *answer_etag;	/* ETag and Content-Range of this attempt */
	char	   *content_range;
	char	   *mismatch;		/* a resumed answer of another version */
	int			attempt;		/* attempts since the last progress */
	int64		received_at_start;	/* received when this attempt began */
	TimestampTz retry_at;		/* 0: running or finished */
} Transfer;

/*
 * A listing page asked for before the walk reaches it, on the scan's multi
 * handle with the transfers (so both move while either is awaited): the
 * next page of the prefix being walked, or the first of one after it.
 */
typedef struct ListAhead
{
	bool		is_listing;		/* true: CURLOPT_PRIVATE is a ListAhead */
	S3Scan	   *s3;
	MemoryContext cxt;
	MemoryContextCallback released; /* its curl handle goes with it */
	char	   *query;
	char	   *url;
	CURL	   *curl;
	void	   *headers;
	S3Response	resp;
	bool		done;
} ListAhead;

/* One prefix to list; delimited when a deeper level can still prune */
typedef struct ListTask
{
	char	   *prefix;
	bool		delimit;
	ListAhead  *ahead;			/* its next page, asked for; or NULL */
} ListTask;

static void pump(S3Scan *s3, bool wait);

struct S3Scan
{
	Source		src;			/* the scan as a Source; first */
	MemoryContext cxt;
	S3Config	cfg;
	S3Credentials creds;
	bool		skip_errors;
	char	   *bucket;
	char	   *prefix;
	char	   *location;
	/* listing: a walk of key prefixes, pruned by the filter */
	const TrailFilter *filter;	/* NULL: list everything under prefix */
	List	   *tasks;			/* of ListTask *, next first */
	ListTask   *task;			/* being listed */
	List	   *children;		/* prefixes found by the current task */
	MemoryContext page_cxt;
	S3Object   *page;
	int			page_len;
	int			page_pos;
	char	   *continuation;
	List	   *tokens_seen;	/* continuation tokens of the current prefix */
	List	   *aheads;			/* of ListAhead *, under way or answered */
	bool		listing_done;
	bool		single;			/* one key, fetched without a listing */
	bool		keys_given;		/* keys given, not listed: a 404 is "not
								 * found" */
	bool		digests;		/* list digest files instead of logs */
	int64		pruned;
	/* transfers in listing order; active[0] is being read */
	CURLM	   *multi;
	Transfer   *active[S3_MAX_CONCURRENCY];
	int			nactive;
	size_t		buffer_limit;	/* bytes a transfer buffers before pausing */
	bool		reading;
	/* a parallel scan: keys are fetched by whoever claims them first */
	SourceClaimFn claim;
	void	   *claim_arg;
	char	   *position;		/* the key's walk position, for claim */
	size_t		position_cap;
	/* counters */
	int64		listed;
	int64		requests;
	int64		retries;
};

bool
location_is_s3(const char *location)
{
	return location && strncmp(location, "s3://", 5) == 0;
}

/* The wire path of a key (or of the bucket when key is NULL) */
static char *
object_path(const S3Scan *s3, const char *key, bool bucket_in_path)
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

static void
refresh_credentials(S3Scan *s3)
{
	if (s3->creds.access_key_id == NULL || s3_credentials_expiring(&s3->creds))
	{
		MemoryContext old = MemoryContextSwitchTo(s3->cxt);

		s3_resolve_credentials(&s3->cfg, &s3->creds);
		MemoryContextSwitchTo(old);
	}
}

/* Text of element name in an S3 XML answer, or NULL */
static char *
xml_value(const char *doc, size_t len, const char *name)
{
	return aws_xml_value(&palloc_core_allocator, doc, len, name);
}

/* Longest text of a store's answer an error repeats */
#define ECHO_MAX 300

/* s cut to at most max bytes, on a character boundary, with "..." if cut */
static char *
clip_text(char *s, int max)
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
static bool
key_has_dot_segment(const char *key)
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
static bool
etag_valid(const char *v)
{
	for (const unsigned char *c = (const unsigned char *) v; *c; c++)
		if (*c < 0x20 || *c >= 0x7f)
			return false;
	return true;
}

/*
 * Raise the error S3 answered with, naming bucket, key, status, code,
 * message and request id, with a hint for the common causes.
 */
static void
s3_raise(S3Scan *s3, const char *key, long status, const char *body,
		 size_t body_len, const char *request_id, const char *bucket_region,
		 const char *transport_error, int attempts)
{
	char	   *code = body ? xml_value(body, body_len, "Code") : NULL;
	char	   *message = body ? xml_value(body, body_len, "Message") : NULL;
	char	   *rid = body ? xml_value(body, body_len, "RequestId") : NULL;
	char	   *region = body ? xml_value(body, body_len, "Region") : NULL;
	char	   *what = key ? psprintf("s3://%s/%s", s3->bucket, key) :
		psprintf("the listing of s3://%s/%s", s3->bucket, s3->prefix);
	const char *hint = NULL;
	StringInfoData detail;

	/* a store's own texts are cut short: they are echoed to the client */
	if (message)
		message = clip_text(message, ECHO_MAX);
	if (code)
		code = clip_text(code, 64);
	if (rid)
		rid = clip_text(rid, 128);
	if (rid == NULL)
		rid = (char *) request_id;
	if (region == NULL)
		region = (char *) bucket_region;
	if (transport_error)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_UNABLE_TO_ESTABLISH_CONNECTION),
				 errmsg("could not read %s: %s", what, transport_error),
				 errdetail("Gave up after %d attempts.", attempts),
				 errhint("Check the server's endpoint and region options and the network; max_attempts sets how often to try.")));
	if (code && strcmp(code, "SignatureDoesNotMatch") == 0)
		hint = "Check the secret access key, and that the database server's clock is right.";
	else if (code && (strcmp(code, "InvalidAccessKeyId") == 0 || strcmp(code, "AccessDenied") == 0))
		hint = psprintf("The credentials came from the %s; they need s3:ListBucket and s3:GetObject on the bucket.",
						s3->creds.source ? s3->creds.source : "credential chain");
	else if (code && (strcmp(code, "ExpiredToken") == 0 || strcmp(code, "InvalidToken") == 0))
		hint = psprintf("The session token from the %s is no longer valid; give fresh temporary credentials.",
						s3->creds.source ? s3->creds.source : "credential chain");
	else if (code && strcmp(code, "RequestTimeTooSkewed") == 0)
		hint = "The database server's clock is more than 15 minutes off.";
	else if (status == 412 || (code && strcmp(code, "PreconditionFailed") == 0))
		hint = "The object was rewritten while it was being read; run the query again.";
	else if (code && strcmp(code, "NoSuchBucket") == 0)
		hint = "Check the bucket name in the location.";
	else if (region && (status == 301 || (code && (strcmp(code, "PermanentRedirect") == 0 ||
												  strcmp(code, "AuthorizationHeaderMalformed") == 0))))
		hint = psprintf("The bucket is in region %s: set OPTIONS (region '%s') on the server.", region, region);
	else if (status == 301 || (code && strcmp(code, "PermanentRedirect") == 0))
		hint = "The bucket is in another region: set the server's region option to the bucket's region.";
	else if (status >= 500 || (code && strcmp(code, "SlowDown") == 0))
		hint = "S3 kept failing; max_attempts sets how often to try.";

	/* the detail: S3's message, the request id, the attempts, as sentences */
	initStringInfo(&detail);
	if (message)
		appendStringInfo(&detail, "%s ", core_detail_sentence(message));
	appendStringInfo(&detail, "Request id: %s.", rid ? rid : "none");
	if (attempts > 1)
		appendStringInfo(&detail, " Gave up after %d attempts.", attempts);
	ereport(ERROR,
			(errcode(status == 404 ? ERRCODE_UNDEFINED_FILE :
					 status == 403 ? ERRCODE_INSUFFICIENT_PRIVILEGE : ERRCODE_FDW_ERROR),
			 code ?
			 errmsg("could not read %s: HTTP %ld %s", what, status, code) :
			 errmsg("could not read %s: HTTP %ld", what, status),
			 errdetail("%s", detail.data),
			 hint ? errhint("%s", hint) : 0));
}

/* A listing request, for s3_call */
typedef struct ListingCall
{
	S3Scan	   *s3;
	S3Endpoint	ep;
	char	   *path;
	const char *query;
} ListingCall;

static int
listing_sign(void *arg, SigV4Header *h)
{
	ListingCall *lc = arg;

	refresh_credentials(lc->s3);
	return s3_sign_headers(&lc->s3->cfg, &lc->s3->creds, "s3", "GET",
						   lc->ep.host, lc->path, lc->query,
						   SIGV4_EMPTY_SHA256, h);
}

static bool
listing_accept(void *arg, const S3Response *resp, char **code)
{
	if (resp->status == 200)
		return true;
	if (resp->status != 0)
		*code = xml_value(resp->body.data, resp->body.len, "Code");
	return false;
}

/* The request of a listing page with query: endpoint, path, URL */
static ListingCall
listing_call(S3Scan *s3, const char *query, char **url)
{
	ListingCall lc = {.s3 = s3,.query = query};

	s3_endpoint(&s3->cfg, s3->cfg.endpoint, "s3", s3->bucket, &lc.ep);
	lc.path = object_path(s3, NULL, lc.ep.bucket_in_path);
	*url = psprintf("%s%s%s%s", lc.ep.base, lc.path, query[0] ? "?" : "", query);
	return lc;
}

/*
 * One signed GET of the bucket with query, retried (after attempts_before
 * made elsewhere); errors raised
 */
static void
signed_request_with_retries(S3Scan *s3, const char *query, S3Response *resp,
							int attempts_before)
{
	char	   *url;
	ListingCall lc = listing_call(s3, query, &url);
	S3Call		call;
	int			attempts;

	call = (S3Call) {
		.cfg = &s3->cfg,.method = "GET",.url = url,
		.sign = listing_sign,.accept = listing_accept,.arg = &lc,
		.requests = &s3->requests,.retries = &s3->retries,
		.attempts_before = attempts_before,
	};
	if (!s3_call(&call, resp, &attempts))
		s3_raise(s3, NULL, resp->status, resp->status ? resp->body.data : NULL,
				 resp->body.len, resp->request_id, resp->bucket_region,
				 resp->status == 0 ? resp->curl_error : NULL, attempts);
}

/*
 * Whether a key is wanted: a log object (not a folder marker, not a
 * digest), or in digest mode a digest file.
 */
static bool
wanted_key(const S3Scan *s3, const char *key)
{
	size_t		len = strlen(key);

	if (len == 0 || key[len - 1] == '/')
		return false;
	if (s3->digests)
		return trail_path_is_digest(key) && len > 8 && strcmp(key + len - 8, ".json.gz") == 0;
	return !trail_path_is_digest(key);
}

static ListTask *
make_task(S3Scan *s3, const char *prefix)
{
	ListTask   *t = MemoryContextAlloc(s3->cxt, sizeof(ListTask));

	t->prefix = MemoryContextStrdup(s3->cxt, prefix);
	t->delimit = trail_prefix_needs_walk(s3->filter, prefix, strlen(prefix));
	t->ahead = NULL;
	return t;
}


/*
 * A 200 answer to ListObjectsV2 must be a ListBucketResult: an <Error>
 * document (some stores answer so) or anything else is an error, not an
 * empty listing.
 */
static void
listing_check_answer(S3Scan *s3, S3Response *resp)
{
	AwsXmlElement el;
	char	   *code;
	char	   *message;

	if (aws_xml_find(resp->body.data, resp->body.len, "ListBucketResult", &el))
		return;
	code = xml_value(resp->body.data, resp->body.len, "Code");
	message = xml_value(resp->body.data, resp->body.len, "Message");
	if (code || message)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("could not list s3://%s/%s: HTTP 200 with error %s",
						s3->bucket, s3->task->prefix, code ? clip_text(code, 64) : "(no code)"),
				 errdetail("The store answered: %s", message ? clip_text(message, ECHO_MAX) : "(no message)")));
	ereport(ERROR,
			(errcode(ERRCODE_FDW_ERROR),
			 errmsg("invalid listing of s3://%s/%s", s3->bucket, s3->task->prefix),
			 errdetail("The answer to ListObjectsV2 (%d bytes) is not a ListBucketResult document.",
					   (int) resp->body.len)));
}

/*
 * A truncated page must move the listing on: a continuation token given
 * before (the same, or a cycle), an empty one, or a page with nothing in
 * it would have the listing go on forever.
 */
static void
listing_check_progress(S3Scan *s3, const char *next, int page_entries)
{
	ListCell   *lc;
	MemoryContext old;

	if (next[0] == '\0' || page_entries == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("the listing of s3://%s/%s makes no progress", s3->bucket, s3->task->prefix),
				 errdetail("The store answered IsTruncated with %s.",
						   next[0] == '\0' ? "an empty continuation token" : "a page listing nothing")));
	foreach(lc, s3->tokens_seen)
		if (strcmp(lfirst(lc), next) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("the listing of s3://%s/%s repeats itself", s3->bucket, s3->task->prefix),
					 errdetail("The store answered IsTruncated with a continuation token it gave %d pages before.",
							   list_length(s3->tokens_seen) - foreach_current_index(lc))));
	old = MemoryContextSwitchTo(s3->cxt);
	s3->tokens_seen = lappend(s3->tokens_seen, pstrdup(next));
	MemoryContextSwitchTo(old);
}

/* The ListObjectsV2 query of a task's page after continuation (or its first) */
static char *
listing_query(S3Scan *s3, const ListTask *task, const char *continuation)
{
	StringInfoData q;

	/* parameters RFC 3986 encoded; the signer sorts them */
	initStringInfo(&q);
	appendStringInfoString(&q, "list-type=2");
	if (continuation)
		appendStringInfo(&q, "&continuation-token=%s", s3_uri_encode(continuation, false));
	if (task->delimit)
		appendStringInfoString(&q, "&delimiter=%2F");
	if (task->prefix[0])
		appendStringInfo(&q, "&prefix=%s", s3_uri_encode(task->prefix, false));
	if (continuation == NULL && !task->delimit)
	{
		char		after[1024];

		/* the range's first day: skip files delivered before it starts */
		if (trail_day_start_after(s3->filter, task->prefix,
								  strlen(task->prefix), after, sizeof(after)))
			appendStringInfo(&q, "&start-after=%s", s3_uri_encode(after, false));
	}
	return q.data;
}

/*
 * A page asked for ahead goes with its memory: when it is let go, or when
 * the scan's memory goes (its children are deleted before its own
 * callback cleans up the multi handle)
 */
static void
ahead_cxt_released(void *arg)
{
	ListAhead  *a = arg;

	curl_multi_remove_handle(a->s3->multi, a->curl);
	curl_easy_cleanup(a->curl);
	curl_slist_free_all(a->headers);
	a->s3->aheads = list_delete_ptr(a->s3->aheads, a);
}

/*
 * Headers of a page asked for ahead: kept in its own memory, whatever
 * context the pump that receives them runs in
 */
static size_t
ahead_header(char *ptr, size_t size, size_t nmemb, void *arg)
{
	ListAhead  *a = arg;
	MemoryContext old = MemoryContextSwitchTo(a->cxt);
	size_t		n = s3_collect_header(ptr, size, nmemb, &a->resp);

	MemoryContextSwitchTo(old);
	return n;
}

/* Ask for a task's page after continuation (or its first) on the multi handle */
static ListAhead *
ahead_start(S3Scan *s3, const ListTask *task, const char *continuation)
{
	MemoryContext cxt = AllocSetContextCreate(s3->cxt, "iotatrail s3 listing page",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	ListAhead  *a = palloc0(sizeof(ListAhead));
	SigV4Header h[S3_MAX_HEADERS];
	ListingCall lc;
	int			n;

	a->is_listing = true;
	a->s3 = s3;
	a->cxt = cxt;
	a->query = listing_query(s3, task, continuation);
	lc = listing_call(s3, a->query, &a->url);
	n = listing_sign(&lc, h);
	a->curl = s3_http_easy(&s3->cfg, "GET", a->url, h, n, NULL, &a->resp, &a->headers);
	curl_easy_setopt(a->curl, CURLOPT_PRIVATE, a);
	curl_easy_setopt(a->curl, CURLOPT_HEADERFUNCTION, ahead_header);
	curl_easy_setopt(a->curl, CURLOPT_HEADERDATA, a);
	a->released.func = ahead_cxt_released;
	a->released.arg = a;
	MemoryContextRegisterResetCallback(cxt, &a->released);
	MemoryContextSwitchTo(s3->cxt);
	s3->aheads = lappend(s3->aheads, a);
	MemoryContextSwitchTo(old);
	curl_multi_add_handle(s3->multi, a->curl);
	s3->requests++;
	return a;
}

/* Let go of a page asked for ahead, answered or not */
static void
ahead_release(ListAhead *a)
{
	MemoryContextDelete(a->cxt);
}

/*
 * Keep the listing ahead of the walk: the page the walk needs next is
 * asked for, and the first pages of the prefixes after it, up to
 * LIST_AHEAD in all, so that many day folders are listed at once and the
 * transfers never wait for the next page
 */
static void
listing_prefetch(S3Scan *s3)
{
	int			n = list_length(s3->aheads);
	ListCell   *lc;

	if (s3->task && s3->task->ahead == NULL)
	{
		s3->task->ahead = ahead_start(s3, s3->task, s3->continuation);
		n++;
	}
	foreach(lc, s3->tasks)
	{
		ListTask   *t = lfirst(lc);

		if (n >= LIST_AHEAD || foreach_current_index(lc) >= LIST_AHEAD)
			break;
		if (t->ahead == NULL)
		{
			t->ahead = ahead_start(s3, t, NULL);
			n++;
		}
	}
}

static void listing_check_in_prefix(S3Scan *s3, const char *key);

/* A listed key and ETag fit to be requested and stored, or an error */
static void
listing_check_entry(S3Scan *s3, const char *key, const char *etag)
{
	if (key == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("the listing of s3://%s/%s has an object without a key",
						s3->bucket, s3->task->prefix)));
	if (!external_text_valid(key))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid key \"%s\" in the listing of s3://%s/%s",
						clip_text(external_text_escaped(key), ECHO_MAX),
						s3->bucket, s3->task->prefix),
				 errdetail("The key is not valid in encoding \"%s\", so it cannot be stored as text.",
						   GetDatabaseEncodingName())));
	if (key_has_dot_segment(key))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid key \"%s\" in the listing of s3://%s/%s",
						clip_text((char *) key, ECHO_MAX), s3->bucket, s3->task->prefix),
				 errdetail("The key has a \".\" or \"..\" path segment, which HTTP clients and servers resolve to another object.")));
	if (etag && !etag_valid(etag))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid ETag of s3://%s/%s in its listing",
						s3->bucket, clip_text((char *) key, ECHO_MAX)),
				 errdetail("The ETag has control characters or bytes that are not ASCII; it is sent back in an If-Match header and stored as text.")));
	listing_check_in_prefix(s3, key);
}

/*
 * A listed key or common prefix lies under the prefix asked for: a store
 * that ignores prefix= would otherwise have a scan of one day read the
 * whole bucket
 */
static void
listing_check_in_prefix(S3Scan *s3, const char *key)
{
	size_t		plen = strlen(s3->task->prefix);

	if (strncmp(key, s3->task->prefix, plen) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("key \"%s\" in the listing of s3://%s/%s is outside the prefix",
						clip_text(external_text_escaped(key), ECHO_MAX),
						s3->bucket, s3->task->prefix),
				 errdetail("A listing asked for prefix \"%s\" returned a key that does not start with it.",
						   s3->task->prefix),
				 errhint("The store ignores the prefix parameter of ListObjectsV2; use a store that honours it.")));
}

/* An object's listed <Size>: absent is unknown (-1); anything else must be a byte count */
static int64
listing_size(S3Scan *s3, const char *key, const char *size)
{
	int64_t		n;

	if (size == NULL)
		return -1;
	if (!core_parse_size(size, &n))
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("invalid size \"%s\" of s3://%s/%s in its listing",
						clip_text(external_text_escaped(size), ECHO_MAX),
						s3->bucket, clip_text((char *) key, ECHO_MAX)),
				 errdetail("A <Size> is a byte count: decimal digits, at most 9223372036854775807.")));
	return n;
}

/* Where a walk over the elements of an XML answer stands */
typedef struct XmlCursor
{
	const char *p;
	size_t		left;
} XmlCursor;

/* The next element name, moving past it; false at the end */
static bool
xml_next(XmlCursor *c, const char *name, AwsXmlElement *el)
{
	if (!aws_xml_find(c->p, c->left, name, el))
		return false;
	c->left -= el->after - c->p;
	c->p = el->after;
	return true;
}

/*
 * The wanted objects of a listing page's <Contents> into s3->page (in
 * page_cxt); the number of entries the page has
 */
static int
page_take_contents(S3Scan *s3, const S3Response *resp)
{
	XmlCursor	c = {resp->body.data, resp->body.len};
	AwsXmlElement el;
	int			cap = 1000;
	int			entries = 0;

	s3->page = palloc(sizeof(S3Object) * cap);
	s3->page_len = 0;
	s3->page_pos = 0;
	while (xml_next(&c, "Contents", &el))
	{
		char	   *key = xml_value(el.content, el.content_len, "Key");
		char	   *size = xml_value(el.content, el.content_len, "Size");
		char	   *etag = xml_value(el.content, el.content_len, "ETag");
		int64		bytes;

		CHECK_FOR_INTERRUPTS();
		entries++;
		listing_check_entry(s3, key, etag);
		bytes = listing_size(s3, key, size);
		s3->listed++;
		if (!wanted_key(s3, key))
			continue;
		if (trail_key_delivered_after(s3->filter, key, strlen(key)))
		{
			s3->pruned++;
			continue;
		}
		if (s3->page_len == cap)
		{
			cap *= 2;
			s3->page = repalloc(s3->page, sizeof(S3Object) * cap);
		}
		s3->page[s3->page_len].key = key;
		s3->page[s3->page_len].size = bytes;
		s3->page[s3->page_len].etag = etag;
		s3->page_len++;
	}
	return entries;
}

/*
 * The <CommonPrefixes> of a delimited page that may hold matching events,
 * as tasks walked after this one; the number of entries
 */
static int
page_take_prefixes(S3Scan *s3, const S3Response *resp)
{
	XmlCursor	c = {resp->body.data, resp->body.len};
	int			entries = 0;
	AwsXmlElement el;

	while (xml_next(&c, "CommonPrefixes", &el))
	{
		char	   *child = xml_value(el.content, el.content_len, "Prefix");

		CHECK_FOR_INTERRUPTS();
		entries++;
		if (child == NULL)
			continue;
		listing_check_in_prefix(s3, child);
		if (trail_prefix_may_match(s3->filter, child, strlen(child)))
		{
			MemoryContext old = MemoryContextSwitchTo(s3->cxt);

			s3->children = lappend(s3->children, make_task(s3, child));
			MemoryContextSwitchTo(old);
		}
		else
			s3->pruned++;
	}
	return entries;
}

/*
 * After a page: the continuation token of a truncated one, or, when the
 * prefix is done, its children next (in key order)
 */
static void
listing_advance(S3Scan *s3, const S3Response *resp, const char *truncated,
				int page_entries)
{
	MemoryContext old;

	if (s3->continuation)
		pfree(s3->continuation);
	s3->continuation = NULL;
	if (truncated && strcmp(truncated, "true") == 0)
	{
		char	   *next = xml_value(resp->body.data, resp->body.len, "NextContinuationToken");

		if (next == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_ERROR),
					 errmsg("the listing of s3://%s/%s is truncated but has no NextContinuationToken",
							s3->bucket, s3->task->prefix)));
		listing_check_progress(s3, next, page_entries);
		s3->continuation = MemoryContextStrdup(s3->cxt, next);
		return;
	}
	old = MemoryContextSwitchTo(s3->cxt);
	s3->tasks = list_concat(s3->children, s3->tasks);
	MemoryContextSwitchTo(old);
	s3->children = NIL;
	s3->task = NULL;
	list_free_deep(s3->tokens_seen);
	s3->tokens_seen = NIL;
}

/*
 * The answer to the current task's page, asked for ahead, into resp (in
 * the current memory context): waited for with the transfers moving; when
 * it failed in a way worth retrying, asked again with retries; errors
 * raised
 */
static void
listing_answer(S3Scan *s3, S3Response *resp)
{
	ListAhead  *a = s3->task->ahead;
	char	   *code = NULL;
	char	   *query;

	s3->task->ahead = NULL;
	while (!a->done)
		pump(s3, true);
	*resp = a->resp;
	initStringInfo(&resp->body);
	appendBinaryStringInfo(&resp->body, a->resp.body.data, a->resp.body.len);
	resp->request_id = a->resp.request_id ? pstrdup(a->resp.request_id) : NULL;
	resp->bucket_region = a->resp.bucket_region ? pstrdup(a->resp.bucket_region) : NULL;
	query = pstrdup(a->query);
	ahead_release(a);
	if (listing_accept(NULL, resp, &code))
		return;
	if (s3_retry_wanted(&s3->cfg, 1, resp->status, code, resp->status == 0))
	{
		signed_request_with_retries(s3, query, resp, 1);
		return;
	}
	s3_raise(s3, NULL, resp->status, resp->status ? resp->body.data : NULL,
			 resp->body.len, resp->request_id, resp->bucket_region,
			 resp->status == 0 ? resp->curl_error : NULL, 1);
}

/*
 * The next page of the listing into s3->page; false at the end.  Without
 * a filter one task lists every key under the location; with one, levels
 * of the layout that can prune are listed with delimiter '/', and only
 * the prefixes that may hold matching events are walked into.
 */
static bool
list_next_page(S3Scan *s3)
{
	for (;;)
	{
		S3Response	resp;
		char	   *truncated;
		int			page_entries;
		MemoryContext old;

		if (s3->task == NULL)
		{
			if (s3->tasks == NIL)
			{
				s3->listing_done = true;
				return false;
			}
			s3->task = linitial(s3->tasks);
			s3->tasks = list_delete_first(s3->tasks);
		}
		listing_prefetch(s3);
		MemoryContextReset(s3->page_cxt);
		old = MemoryContextSwitchTo(s3->page_cxt);
		listing_answer(s3, &resp);
		listing_check_answer(s3, &resp);
		page_entries = page_take_contents(s3, &resp);
		if (s3->task->delimit)
			page_entries += page_take_prefixes(s3, &resp);
		truncated = xml_value(resp.body.data, resp.body.len, "IsTruncated");
		MemoryContextSwitchTo(old);
		listing_advance(s3, &resp, truncated, page_entries);
		/* the next page is asked for while this one is transferred */
		listing_prefetch(s3);
		if (s3->page_len > 0)
			return true;
	}
}

/* The next listed log object, or false when the listing is over */
static bool
next_listed(S3Scan *s3, S3Object *obj)
{
	if (s3->single)
	{
		/* the key itself, once: its size and ETag come with the answer */
		if (s3->listing_done)
			return false;
		s3->listing_done = true;
		s3->listed++;
		*obj = (S3Object) {s3->prefix, -1, NULL};
		return true;
	}
	while (s3->page_pos >= s3->page_len)
		if (!list_next_page(s3))
			return false;
	*obj = s3->page[s3->page_pos++];
	return true;
}

/*
 * Whether the answer to a resumed GET continues the version read so far: a
 * 206 from the byte reached, or a whole 200 answer, with the listed ETag.
 * A store that ignores Range and If-Match could otherwise splice two
 * versions of the object into one.  Sets t->mismatch when not.
 */
static bool
resumed_answer_matches(Transfer *t)
{
	char		range_start[32];
	MemoryContext old;
	const char *why = NULL;

	snprintf(range_start, sizeof(range_start), "bytes " INT64_FORMAT "-", t->received);
	if (t->status == 206 &&
		(t->content_range == NULL || strncmp(t->content_range, range_start, strlen(range_start)) != 0))
		why = "a partial answer that does not start at the byte reached";
	else if (t->obj.etag == NULL || t->answer_etag == NULL)
		why = t->status == 206 ? NULL : "a whole answer without an ETag to compare";
	else if (strcmp(t->obj.etag, t->answer_etag) != 0)
		why = "another version of the object (its ETag changed)";
	if (why == NULL)
		return true;
	old = MemoryContextSwitchTo(t->cxt);
	t->mismatch = psprintf("After " INT64_FORMAT " bytes, the resumed request got %s.",
						   t->received, why);
	MemoryContextSwitchTo(old);
	return false;
}

static size_t
transfer_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	Transfer   *t = arg;
	size_t		n = size * nmemb;
	size_t		skip = 0;
	size_t		fresh;

	if (t->status == 0)
	{
		curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &t->status);
		if (t->discard > 0 && (t->status == 200 || t->status == 206) &&
			!resumed_answer_matches(t))
			return 0;			/* stops the transfer; never mixed in */
		if (t->status == 206)
			t->discard = 0;		/* the Range was honoured */
		/* a key not listed: its first answer's ETag guards resumed reads */
		if (t->status == 200 && t->received == 0 && t->obj.etag == NULL &&
			t->answer_etag && etag_valid(t->answer_etag))
			t->obj.etag = t->answer_etag;
	}
	if (t->status != 200 && t->status != 206)
	{
		if (t->error_body.len + n <= ERROR_BODY_MAX)
			appendBinaryStringInfo(&t->error_body, ptr, n);
		return n;
	}
	/* a full answer to a Range request: drop the bytes already read */
	if (t->status == 200 && t->discard > 0)
		skip = (size_t) Min((int64) n, t->discard);
	fresh = n - skip;

	/* reader behind: pause (curl hands the same chunk again later) */
	if (fresh > 0 && t->end > t->start && t->end - t->start + fresh > t->s3->buffer_limit)
	{
		t->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}
	t->discard -= skip;
	if (fresh == 0)
		return n;
	if (t->start > 0)
	{
		memmove(t->buf, t->buf + t->start, t->end - t->start);
		t->end -= t->start;
		t->start = 0;
	}
	if (t->end + fresh > t->cap)
	{
		/* an object larger than listed, or one chunk beyond the buffer */
		MemoryContext old = MemoryContextSwitchTo(t->cxt);

		t->cap = Max(t->end + fresh, Min(t->cap * 2, t->s3->buffer_limit + CURL_MAX_WRITE_SIZE));
		t->buf = repalloc(t->buf, t->cap);
		MemoryContextSwitchTo(old);
	}
	memcpy(t->buf + t->end, ptr + skip, fresh);
	t->end += fresh;
	t->received += fresh;
	return n;
}

static size_t
transfer_header(char *ptr, size_t size, size_t nmemb, void *arg)
{
	Transfer   *t = arg;
	size_t		n = size * nmemb;
	MemoryContext old = MemoryContextSwitchTo(t->cxt);
	char	   *v;

	if ((v = s3_header_value(ptr, n, "x-amz-meta-signature")) != NULL)
		t->meta_signature = v;
	else if ((v = s3_header_value(ptr, n, "x-amz-request-id")) != NULL)
		t->request_id = v;
	else if ((v = s3_header_value(ptr, n, "etag")) != NULL)
		t->answer_etag = v;
	else if ((v = s3_header_value(ptr, n, "content-range")) != NULL)
		t->content_range = v;
	MemoryContextSwitchTo(old);
	return n;
}

static void
transfer_release_handle(Transfer *t)
{
	if (t->curl)
	{
		if (t->in_multi)
			curl_multi_remove_handle(t->s3->multi, t->curl);
		curl_easy_cleanup(t->curl);
	}
	if (t->headers)
		curl_slist_free_all(t->headers);
	t->curl = NULL;
	t->headers = NULL;
	t->in_multi = false;
}

/* Start (or restart from t->received) the GET of t's object */
static void
transfer_start(Transfer *t)
{
	S3Scan	   *s3 = t->s3;
	S3Endpoint	ep;
	char	   *path;
	SigV4Header h[S3_MAX_HEADERS];
	int			n;
	MemoryContext old = MemoryContextSwitchTo(t->cxt);

	transfer_release_handle(t);
	t->answer_etag = t->content_range = NULL;
	s3_endpoint(&s3->cfg, s3->cfg.endpoint, "s3", s3->bucket, &ep);
	path = object_path(s3, t->obj.key, ep.bucket_in_path);
	refresh_credentials(s3);
	n = s3_sign_headers(&s3->cfg, &s3->creds, "s3", "GET", ep.host, path, "",
						SIGV4_EMPTY_SHA256, h);
	t->curl = s3_curl_easy(&s3->cfg);
	for (int i = 0; i < n; i++)
		t->headers = curl_slist_append(t->headers, psprintf("%s: %s", h[i].name, h[i].value));
	if (t->received > 0)
	{
		/* resume where the broken attempt stopped, same object version */
		t->headers = curl_slist_append(t->headers,
									   psprintf("Range: bytes=" INT64_FORMAT "-", t->received));
		if (t->obj.etag)
			t->headers = curl_slist_append(t->headers, psprintf("If-Match: %s", t->obj.etag));
		t->discard = t->received;
	}
	curl_easy_setopt(t->curl, CURLOPT_URL, psprintf("%s%s", ep.base, path));
	curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, transfer_write);
	curl_easy_setopt(t->curl, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(t->curl, CURLOPT_HEADERFUNCTION, transfer_header);
	curl_easy_setopt(t->curl, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(t->curl, CURLOPT_ERRORBUFFER, t->curl_error);
	curl_easy_setopt(t->curl, CURLOPT_PRIVATE, t);
	t->curl_error[0] = '\0';
	t->status = 0;
	t->done = false;
	t->paused = false;
	t->retry_at = 0;
	resetStringInfo(&t->error_body);
	t->attempt++;
	t->received_at_start = t->received;
	s3->requests++;
	curl_multi_add_handle(s3->multi, t->curl);
	t->in_multi = true;
	MemoryContextSwitchTo(old);
}

/*
 * A transfer's curl handle goes with its memory: when it is closed, or
 * when the scan's memory goes (children are deleted before the scan's own
 * callback cleans up the multi handle)
 */
static void
transfer_cxt_released(void *arg)
{
	transfer_release_handle((Transfer *) arg);
}

/*
 * Whether this scan fetches a listed key: every key, unless the scan is
 * one participant of a parallel scan.  The participants list the same
 * keys in the same order; each claims a key, before asking for it, by
 * its position in the walk.
 */
static bool
key_claimed(S3Scan *s3, const char *key)
{
	size_t		root_len = strlen(s3->prefix);
	size_t		need;

	if (s3->claim == NULL)
		return true;
	CHECK_FOR_INTERRUPTS();
	need = trail_walk_position(s3->filter, key, root_len, s3->position, s3->position_cap);
	if (need >= s3->position_cap)
	{
		s3->position_cap = need + 1;
		s3->position = repalloc(s3->position, s3->position_cap);
		trail_walk_position(s3->filter, key, root_len, s3->position, s3->position_cap);
	}
	return s3->claim(s3->claim_arg, s3->position);
}

/* Begin fetching the next listed object; false when there is none */
static bool
start_next_transfer(S3Scan *s3)
{
	S3Object	obj;
	Transfer   *t;
	MemoryContext cxt;
	MemoryContext old;

	if (s3->nactive >= s3->cfg.concurrency)
		return false;
	do
	{
		if (!next_listed(s3, &obj))
			return false;
	} while (!key_claimed(s3, obj.key));
	cxt = AllocSetContextCreate(s3->cxt, "iotatrail s3 transfer", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	t = palloc0(sizeof(Transfer));
	t->s3 = s3;
	t->cxt = cxt;
	t->released.func = transfer_cxt_released;
	t->released.arg = t;
	MemoryContextRegisterResetCallback(cxt, &t->released);
	t->obj.key = pstrdup(obj.key);
	t->obj.size = obj.size;
	t->obj.etag = obj.etag ? pstrdup(obj.etag) : NULL;
	/*
	 * small objects (most of a trail) need no megabyte each; one of unknown
	 * size starts small and grows as it arrives
	 */
	if (obj.size < 0)
		t->cap = TRANSFER_BUFFER_FIRST;
	else if ((size_t) obj.size < s3->buffer_limit)
		t->cap = Max((size_t) obj.size, TRANSFER_BUFFER_FIRST);
	else
		t->cap = s3->buffer_limit + CURL_MAX_WRITE_SIZE;
	t->buf = palloc(t->cap);
	initStringInfo(&t->error_body);
	MemoryContextSwitchTo(old);
	s3->active[s3->nactive++] = t;
	transfer_start(t);
	return true;
}

/* Whether the attempt that ended delivered the whole object */
static bool
transfer_complete(Transfer *t)
{
	return t->result == CURLE_OK && (t->status == 200 || t->status == 206) &&
		t->discard == 0 && (t->obj.size < 0 || t->received == t->obj.size);
}

/*
 * Whether the attempt failed in transport: no answer at all, a body cut
 * short, or a clean end short of the listed size (an error answer from S3
 * is not one).
 */
static bool
transfer_transport_failed(Transfer *t)
{
	return (t->result != CURLE_OK && t->status == 0) ||
		t->status == 200 || t->status == 206;
}

/*
 * Schedule another attempt of a failed transfer after a backoff, if the
 * failure is worth one and attempts are left.  Called as soon as any
 * transfer fails, so retries overlap with reading the others.
 */
static bool
transfer_schedule_retry(Transfer *t)
{
	S3Scan	   *s3 = t->s3;
	bool		transport = transfer_transport_failed(t);
	char	   *code = NULL;

	if (t->mismatch)
		return false;
	if (!transport && t->error_body.len > 0)
		code = xml_value(t->error_body.data, t->error_body.len, "Code");
	/* an attempt that got further is not a failure streak: count anew */
	if (t->received > t->received_at_start)
		t->attempt = 1;
	if (!s3_retry_wanted(&s3->cfg, t->attempt, transport ? 0 : t->status,
						 code, transport))
		return false;
	transfer_release_handle(t);
	s3->retries++;
	t->retry_at = GetCurrentTimestamp() + (TimestampTz) s3_backoff_ms(t->attempt) * 1000;
	return true;
}

/* A transfer that cannot be completed: the error S3 or the network gave */
static void
transfer_raise(Transfer *t)
{
	bool		transport = transfer_transport_failed(t);
	const char *what = t->curl_error[0] ? t->curl_error :
		t->result != CURLE_OK ? curl_easy_strerror(t->result) :
		"the object ended before its listed size";

	if (t->mismatch)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("could not resume reading s3://%s/%s", t->s3->bucket, t->obj.key),
				 errdetail("%s", t->mismatch),
				 errhint("The object changed while it was read, or the store ignores Range and If-Match; run the query again.")));
	s3_raise(t->s3, t->obj.key, transport ? 0 : t->status,
			 transport ? NULL : t->error_body.data, t->error_body.len,
			 t->request_id, NULL, transport ? what : NULL, t->attempt);
}

/*
 * Drive every transfer, collecting finished attempts; with wait, for up to
 * S3_WAIT_SLICE_MS until something happens (an answer, a retry due, a
 * cancel).  Without, it only sends what was added and takes what arrived:
 * new requests must not wait for the reader to run out of received objects.
 */
static void
pump(S3Scan *s3, bool wait)
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
			transfer_start(t);
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
		if (!transfer_complete(t))
			(void) transfer_schedule_retry(t);
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
	if (s3->cfg.concurrency < 1)
		s3->cfg.concurrency = 1;
	if (s3->cfg.concurrency > S3_MAX_CONCURRENCY)
		s3->cfg.concurrency = S3_MAX_CONCURRENCY;
	if (s3->cfg.max_attempts < 1)
		s3->cfg.max_attempts = 1;
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
			s3->tasks = list_make1(make_task(s3, s3->prefix));
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

/*
 * The next listed object, without reading it: its URL (as scans name it),
 * size and ETag.  False when the listing is over.
 */
bool
s3_scan_next_listed(S3Scan *s3, char **url, int64 *size, char **etag)
{
	S3Object	obj;

	if (!next_listed(s3, &obj))
		return false;
	*url = psprintf("s3://%s/%s", s3->bucket, obj.key);
	*size = obj.size;
	*etag = obj.etag ? pstrdup(obj.etag) : NULL;
	return true;
}

/* List digest files instead of log files; before the first object */
void
s3_scan_want_digests(S3Scan *s3)
{
	s3->digests = true;
}

/* The x-amz-meta-signature of the object being read, or NULL */
const char *
s3_scan_object_signature(S3Scan *s3)
{
	if (!s3->reading || s3->nactive == 0)
		return NULL;
	return s3->active[0]->meta_signature;
}

/* Open the next object: its display name, or NULL after the last */
char *
s3_scan_next_object(S3Scan *s3)
{
	s3_scan_close_object(s3);
	while (s3->nactive < s3->cfg.concurrency && start_next_transfer(s3))
		;
	if (s3->nactive == 0)
		return NULL;
	pump(s3, false);
	s3->reading = true;
	return psprintf("s3://%s/%s", s3->bucket, s3->active[0]->obj.key);
}

/* Finish with the object being read; the next one moves up */
void
s3_scan_close_object(S3Scan *s3)
{
	Transfer   *t;

	if (!s3->reading || s3->nactive == 0)
		return;
	t = s3->active[0];
	MemoryContextDelete(t->cxt);	/* its callback releases the handle */
	memmove(&s3->active[0], &s3->active[1], sizeof(Transfer *) * (s3->nactive - 1));
	s3->nactive--;
	s3->reading = false;
}

/* CoreReadFn over the object being read */
ssize_t
s3_scan_read(void *arg, unsigned char *buf, size_t len, char *errbuf,
			 size_t errlen)
{
	S3Scan	   *s3 = arg;
	Transfer   *t = s3->active[0];

	for (;;)
	{
		if (t->end > t->start)
		{
			size_t		n = Min(len, t->end - t->start);

			memcpy(buf, t->buf + t->start, n);
			t->start += n;
			if (t->start == t->end)
				t->start = t->end = 0;
			if (t->paused && t->end - t->start < s3->buffer_limit / 2)
			{
				t->paused = false;
				curl_easy_pause(t->curl, CURLPAUSE_CONT);
			}
			return (ssize_t) n;
		}
		if (t->done && t->retry_at == 0)
		{
			if (transfer_complete(t))
				return 0;		/* the whole object */
			if (t->status == 404 && s3->skip_errors)
			{
				snprintf(errbuf, errlen, "the object was deleted after it was listed (HTTP 404)");
				return -1;
			}
			if (!transfer_schedule_retry(t))
				transfer_raise(t);
			continue;
		}
		/* keep the others busy too while this one waits */
		while (s3->nactive < s3->cfg.concurrency && start_next_transfer(s3))
			;
		pump(s3, true);
	}
}

void
s3_scan_end(S3Scan *s3)
{
	if (s3 == NULL)
		return;
	MemoryContextDelete(s3->cxt);	/* the callback releases curl */
}

void
s3_scan_counts(S3Scan *s3, int64 *listed, int64 *requests, int64 *retries,
			   int64 *pruned)
{
	*pruned = s3->pruned;
	*listed = s3->listed;
	*requests = s3->requests;
	*retries = s3->retries;
}

/* The scan as a Source */
static char *
s3_source_next(Source *src, char **skip_reason)
{
	(void) skip_reason;
	return s3_scan_next_object((S3Scan *) src);
}

/*
 * The object next named is being fetched already.  A key given (not
 * listed) is not found when its GET answers 404 (errno ENOENT); other
 * failures are raised when it is read.
 */
static bool
s3_source_open(Source *src, const char *name)
{
	S3Scan	   *s3 = (S3Scan *) src;
	Transfer   *t = s3->active[0];

	(void) name;
	if (!s3->keys_given)
		return true;
	for (;;)
	{
		if (t->status == 404)
		{
			errno = ENOENT;
			return false;
		}
		if (t->status == 200 || t->status == 206 || (t->done && t->retry_at == 0))
			return true;
		pump(s3, true);
	}
}

static void
s3_source_close(Source *src)
{
	s3_scan_close_object((S3Scan *) src);
}

static void
s3_source_end(Source *src)
{
	s3_scan_end((S3Scan *) src);
}

static void
s3_source_counts(Source *src, SourceCounts *out)
{
	s3_scan_counts((S3Scan *) src, &out->listed, &out->requests,
				   &out->retries, &out->pruned);
}

static const SourceOps s3_source_ops = {
	s3_source_next, s3_source_open, s3_scan_read, s3_source_close,
	s3_source_end, s3_source_counts
};

static Source *
s3_as_source(S3Scan *s3)
{
	s3->src.ops = &s3_source_ops;
	s3->src.read_arg = s3;
	return &s3->src;
}

/* The log objects under an s3:// location, listed */
Source *
source_s3_begin(const S3Config *cfg, const char *location, bool skip_errors,
				const TrailFilter *filter)
{
	return s3_as_source(s3_scan_begin(cfg, location, skip_errors, filter));
}

/* The key of url, an object of the scan's bucket; raises when it names none */
static char *
object_key(const S3Scan *s3, const char *url)
{
	const char *rest = strncmp(url, "s3://", 5) == 0 ? url + 5 : NULL;
	size_t		blen = strlen(s3->bucket);
	const char *key;

	if (rest == NULL || strncmp(rest, s3->bucket, blen) != 0 || rest[blen] != '/')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("object \"%s\" is not in bucket \"%s\"", url, s3->bucket),
				 errdetail("The objects of one scan are read from one bucket, the first object's.")));
	key = rest + blen + 1;
	if (key[0] == '\0' || key[strlen(key) - 1] == '/')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("location \"%s\" names no object", url),
				 errhint("Write s3://bucket/key, such as s3://my-trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/file.json.gz.")));
	if (key_has_dot_segment(key))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid key in location \"%s\"", url),
				 errdetail("The key has a \".\" or \"..\" path segment, which HTTP clients and servers resolve to another object.")));
	return pstrdup(key);
}

/*
 * One object, s3://bucket/key: a GET of the key, no listing (a prefix
 * could hold thousands of keys that only start alike)
 */
Source *
source_s3_object(const S3Config *cfg, const char *url)
{
	S3Scan	   *s3 = s3_scan_begin(cfg, url, false, NULL);

	object_key(s3, url);
	s3->single = true;
	s3->keys_given = true;
	s3->cfg.concurrency = 1;
	/* what a transfer of a listed scan buffers */
	s3->buffer_limit = Max(BUFFER_BUDGET / S3_DEFAULT_CONCURRENCY, TRANSFER_BUFFER_MIN);
	list_free(s3->tasks);
	s3->tasks = NIL;
	return s3_as_source(s3);
}

/*
 * Objects named by their URLs (a list of char *, all in the first one's
 * bucket), read in that order: GETs of the keys, as many at a time as a
 * listed scan's, and no listing (iotatrail.read_objects; sync's batches,
 * whose objects were listed once for the whole run)
 */
Source *
source_s3_list(const S3Config *cfg, List *urls, bool skip_errors)
{
	S3Scan	   *s3 = s3_scan_begin(cfg, linitial(urls), skip_errors, NULL);
	MemoryContext old = MemoryContextSwitchTo(s3->cxt);
	ListCell   *lc;

	list_free(s3->tasks);
	s3->tasks = NIL;
	s3->keys_given = true;
	s3->page = palloc(sizeof(S3Object) * list_length(urls));
	foreach(lc, urls)
	{
		CHECK_FOR_INTERRUPTS();
		/* size and ETag come with the answer, as for one key */
		s3->page[s3->page_len++] = (S3Object) {object_key(s3, lfirst(lc)), -1, NULL};
	}
	s3->listed = s3->page_len;
	MemoryContextSwitchTo(old);
	return s3_as_source(s3);
}

/*
 * Share the listed keys with the other participants of a parallel scan:
 * before the first object, claim is asked about each key (by its walk
 * position) and only the keys it grants are fetched
 */
void
source_s3_share(Source *src, SourceClaimFn claim, void *arg)
{
	S3Scan	   *s3 = (S3Scan *) src;

	Assert(src->ops == &s3_source_ops && !s3->keys_given);
	s3->claim = claim;
	s3->claim_arg = arg;
	s3->position_cap = 256;
	s3->position = MemoryContextAlloc(s3->cxt, s3->position_cap);
}

/* The x-amz-meta-signature of the object being read, or NULL */
const char *
source_s3_signature(Source *src)
{
	Assert(src->ops == &s3_source_ops);
	return s3_scan_object_signature((S3Scan *) src);
}
