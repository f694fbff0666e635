/*-------------------------------------------------------------------------
 *
 * s3_transfer.c
 *	  The objects of an S3 scan, fetched several at a time on one curl
 *	  multi handle in listing order.  A transfer that fails (5xx, SlowDown,
 *	  reset, stall) is retried after a backoff with a Range request from
 *	  the byte reached and If-Match on the listed ETag, so nothing is read
 *	  twice or lost and a rewritten object is not mixed with its old self.
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
			t->answer_etag && s3_etag_valid(t->answer_etag))
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
	path = s3_object_path(s3, t->obj.key, ep.bucket_in_path);
	s3_refresh_credentials(s3);
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
	need = core_trail_walk_position(s3->filter, key, root_len, s3->position, s3->position_cap);
	if (need >= s3->position_cap)
	{
		s3->position_cap = need + 1;
		s3->position = repalloc(s3->position, s3->position_cap);
		core_trail_walk_position(s3->filter, key, root_len, s3->position, s3->position_cap);
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
		if (!s3_next_listed(s3, &obj))
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
		code = s3_xml_value(t->error_body.data, t->error_body.len, "Code");
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

char *
s3_scan_next_object(S3Scan *s3)
{
	s3_scan_close_object(s3);
	while (s3->nactive < s3->cfg.concurrency && start_next_transfer(s3))
		;
	if (s3->nactive == 0)
		return NULL;
	s3_pump(s3, false);
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
		s3_pump(s3, true);
	}
}

/* A transfer curl ended: complete, or to be retried */
static void
transfer_ended(Transfer *t)
{
	if (!transfer_complete(t))
		(void) transfer_schedule_retry(t);
}

/* The scan's transfers are judged and restarted here when the pump says */
void
s3_transfers_init(S3Scan *s3)
{
	s3->retry_due = transfer_start;
	s3->transfer_ended = transfer_ended;
}
