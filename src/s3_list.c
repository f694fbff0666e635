/*-------------------------------------------------------------------------
 *
 * s3_list.c
 *	  The listing of an S3 scan: a walk of key prefixes with ListObjectsV2,
 *	  pruned by the trail's layout, with the first pages of the prefixes
 *	  next in the walk asked for ahead.  Every answer is checked: a store
 *	  that loops, ignores the prefix or lists unusable keys is an error.
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

	s3_refresh_credentials(lc->s3);
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
		*code = s3_xml_value(resp->body.data, resp->body.len, "Code");
	return false;
}

/* The request of a listing page with query: endpoint, path, URL */
static ListingCall
listing_call(S3Scan *s3, const char *query, char **url)
{
	ListingCall lc = {.s3 = s3,.query = query};

	s3_endpoint(&s3->cfg, s3->cfg.endpoint, "s3", s3->bucket, &lc.ep);
	lc.path = s3_object_path(s3, NULL, lc.ep.bucket_in_path);
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
		return core_trail_path_is_digest(key) && len > 8 && strcmp(key + len - 8, ".json.gz") == 0;
	return !core_trail_path_is_digest(key);
}

ListTask *
s3_list_task(S3Scan *s3, const char *prefix)
{
	ListTask   *t = MemoryContextAlloc(s3->cxt, sizeof(ListTask));

	t->prefix = MemoryContextStrdup(s3->cxt, prefix);
	t->delimit = core_trail_prefix_needs_walk(s3->filter, prefix, strlen(prefix));
	t->ahead = NULL;
	return t;
}


/*
 * A listing the store answered wrongly: one message for all of them, what
 * was wrong in the detail (fmt and its arguments), a hint when there is one
 */
#define listing_invalid(s3, hint, ...) \
	ereport(ERROR, \
			(errcode(ERRCODE_FDW_ERROR), \
			 errmsg("invalid listing of S3 objects under \"s3://%s/%s\"", \
					(s3)->bucket, (s3)->task ? (s3)->task->prefix : (s3)->prefix), \
			 errdetail(__VA_ARGS__), \
			 (hint) ? errhint("%s", (const char *) (hint)) : 0))

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

	if (core_aws_xml_find(resp->body.data, resp->body.len, "ListBucketResult", &el))
		return;
	code = s3_xml_value(resp->body.data, resp->body.len, "Code");
	message = s3_xml_value(resp->body.data, resp->body.len, "Message");
	if (code || message)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_ERROR),
				 errmsg("could not list S3 objects under \"s3://%s/%s\"",
						s3->bucket, s3->task->prefix),
				 errdetail("HTTP status 200 with an error document, S3 error code %s. The store answered: %s",
						   code ? s3_clip_text(code, 64) : "(none)",
						   message ? core_detail_sentence(s3_clip_text(message, ECHO_MAX)) : "(no message).")));
	listing_invalid(s3, NULL, "The answer to ListObjectsV2 (%d bytes) is not a ListBucketResult document.",
					(int) resp->body.len);
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
		listing_invalid(s3, NULL, "The listing makes no progress: the store answered IsTruncated with %s.",
						next[0] == '\0' ? "an empty continuation token" : "a page listing nothing");
	foreach(lc, s3->tokens_seen)
		if (strcmp(lfirst(lc), next) == 0)
			listing_invalid(s3, NULL, "The listing repeats itself: the store answered IsTruncated with a continuation token it gave %d pages before.",
							list_length(s3->tokens_seen) - foreach_current_index(lc));
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
		if (core_trail_day_start_after(s3->filter, task->prefix,
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
		listing_invalid(s3, NULL, "An object of the listing has no key.");
	if (!external_text_valid(key))
		listing_invalid(s3, NULL, "The key \"%s\" is not valid in encoding \"%s\", so it cannot be stored as text.",
						s3_clip_text(external_text_escaped(key), ECHO_MAX),
						GetDatabaseEncodingName());
	if (s3_key_has_dot_segment(key))
		listing_invalid(s3, NULL, "The key \"%s\" has a \".\" or \"..\" path segment, which HTTP clients and servers resolve to another object.",
						s3_clip_text((char *) key, ECHO_MAX));
	if (etag && !s3_etag_valid(etag))
		listing_invalid(s3, NULL, "The ETag of \"%s\" has control characters or bytes that are not ASCII; it is sent back in an If-Match header and stored as text.",
						s3_clip_text((char *) key, ECHO_MAX));
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
		listing_invalid(s3, "The store ignores the prefix parameter of ListObjectsV2; use a store that honours it.",
						"The key \"%s\" is outside the prefix \"%s\" the listing asked for.",
						s3_clip_text(external_text_escaped(key), ECHO_MAX),
						s3->task->prefix);
}

/* An object's listed <Size>: absent is unknown (-1); anything else must be a byte count */
static int64
listing_size(S3Scan *s3, const char *key, const char *size)
{
	int64_t		n;

	if (size == NULL)
		return -1;
	if (!core_parse_size(size, &n))
		listing_invalid(s3, NULL, "The size \"%s\" of \"%s\" is not a byte count: a <Size> is decimal digits, at most 9223372036854775807.",
						s3_clip_text(external_text_escaped(size), ECHO_MAX),
						s3_clip_text((char *) key, ECHO_MAX));
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
	if (!core_aws_xml_find(c->p, c->left, name, el))
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
		char	   *key = s3_xml_value(el.content, el.content_len, "Key");
		char	   *size = s3_xml_value(el.content, el.content_len, "Size");
		char	   *etag = s3_xml_value(el.content, el.content_len, "ETag");
		int64		bytes;

		CHECK_FOR_INTERRUPTS();
		entries++;
		listing_check_entry(s3, key, etag);
		bytes = listing_size(s3, key, size);
		s3->listed++;
		if (!wanted_key(s3, key))
			continue;
		if (core_trail_key_delivered_after(s3->filter, key, strlen(key)))
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
		char	   *child = s3_xml_value(el.content, el.content_len, "Prefix");

		CHECK_FOR_INTERRUPTS();
		entries++;
		if (child == NULL)
			continue;
		listing_check_in_prefix(s3, child);
		if (core_trail_prefix_may_match(s3->filter, child, strlen(child)))
		{
			MemoryContext old = MemoryContextSwitchTo(s3->cxt);

			s3->children = lappend(s3->children, s3_list_task(s3, child));
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
		char	   *next = s3_xml_value(resp->body.data, resp->body.len, "NextContinuationToken");

		if (next == NULL)
			listing_invalid(s3, NULL, "The store answered IsTruncated without a NextContinuationToken.");
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
		s3_pump(s3, true);
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
		truncated = s3_xml_value(resp.body.data, resp.body.len, "IsTruncated");
		MemoryContextSwitchTo(old);
		listing_advance(s3, &resp, truncated, page_entries);
		/* the next page is asked for while this one is transferred */
		listing_prefetch(s3);
		if (s3->page_len > 0)
			return true;
	}
}

/* The next listed log object, or false when the listing is over */
bool
s3_next_listed(S3Scan *s3, S3Object *obj)
{
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
