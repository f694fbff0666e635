/*-------------------------------------------------------------------------
 *
 * s3_http.c
 *	  HTTP for S3, STS and the credential endpoints, through libcurl:
 *	  signed headers, one request waited for with interrupts checked,
 *	  retry policy and backoff.
 *
 * A request runs on a curl multi handle whose sockets are waited for on
 * the process latch (s3_multi_wait), so cancel and statement_timeout stop
 * it at once and pg_stat_activity shows the wait; handles are released on
 * every exit, error included.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <time.h>

#include <curl/curl.h>

#include "common/jsonapi.h"
#include "common/pg_prng.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/latch.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"
#include "utils/memutils.h"

#include "aws_sigv4.h"
#include "backend_support.h"
#include "pg_compat.h"
#include "s3.h"

/*
 * A listing page of 1000 keys is ~300 kB (under 2 MB with the longest
 * keys); credentials and public keys are smaller.  A larger answer is not
 * one of these, and holding it would cost the backend its size twice over.
 */
#define MAX_RESPONSE_BODY (8 * 1024 * 1024)

static bool curl_ready = false;

static void
ensure_curl(void)
{
	if (!curl_ready)
	{
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not initialize libcurl")));
		curl_ready = true;
	}
}

/* An easy handle with the settings every request shares */
void *
s3_curl_easy(const S3Config *cfg)
{
	CURL	   *curl;

	ensure_curl();
	curl = curl_easy_init();
	if (curl == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("could not create a libcurl handle")));
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	/* a transfer that stalls for 30 s is a failed one (and retried) */
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 30L);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "iotatrail/" IOTATRAIL_VERSION);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
	if (cfg && cfg->ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, cfg->ca_file);
	return curl;
}

static size_t
collect_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	S3Response *resp = arg;
	size_t		n = size * nmemb;

	if (resp->body.len + n > MAX_RESPONSE_BODY)
	{
		resp->too_large = true;
		return 0;				/* fails the transfer: CURLE_WRITE_ERROR */
	}
	appendBinaryStringInfo(&resp->body, ptr, n);
	return n;
}

/*
 * The value of header "name:" if line is it (trimmed, palloc'd in the
 * current context), else NULL
 */
char *
s3_header_value(const char *line, size_t len, const char *name)
{
	size_t		nlen = strlen(name);
	const char *v;
	const char *e = line + len;

	if (len <= nlen || pg_strncasecmp(line, name, nlen) != 0 || line[nlen] != ':')
		return NULL;
	v = line + nlen + 1;
	while (v < e && core_is_blank(*v))
		v++;
	while (e > v && core_is_space(e[-1]))
		e--;
	return pnstrdup(v, e - v);
}

size_t
s3_collect_header(char *ptr, size_t size, size_t nmemb, void *arg)
{
	S3Response *resp = arg;
	size_t		n = size * nmemb;
	char	   *v;

	if ((v = s3_header_value(ptr, n, "x-amz-request-id")) != NULL)
		resp->request_id = v;
	else if ((v = s3_header_value(ptr, n, "x-amz-bucket-region")) != NULL)
		resp->bucket_region = v;
	return n;
}

/*
 * An easy handle for one request, its answer collected into resp (reset
 * here); *list gets the header list, which the caller frees with the
 * handle (curl_slist_free_all)
 */
void *
s3_http_easy(const S3Config *cfg, const char *method, const char *url,
			 const SigV4Header *headers, int nheaders, const char *body,
			 S3Response *resp, void **list)
{
	CURL	   *curl = s3_curl_easy(cfg);
	struct curl_slist *hl = NULL;

	memset(resp, 0, sizeof(*resp));
	initStringInfo(&resp->body);
	for (int i = 0; i < nheaders; i++)
	{
		char	   *h = psprintf("%s: %s", headers[i].name, headers[i].value);

		hl = curl_slist_append(hl, h);
		pfree(h);
	}
	/* no "Expect: 100-continue" round trip for small bodies */
	hl = curl_slist_append(hl, "Expect:");
	*list = hl;
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, s3_collect_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, resp);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, resp->curl_error);
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (body)
	{
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long) strlen(body));
	}
	else if (strcmp(method, "PUT") == 0)
	{
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
	}
	return curl;
}

/*
 * A request of s3_http_easy ended with curl's result: its status, or 0 and
 * a message in curl_error for a transport failure.  An answer cut at
 * MAX_RESPONSE_BODY is an error: asking again would get the same.
 */
void
s3_http_ended(void *curl, int result, const char *method, const char *url,
			  S3Response *resp)
{
	if (result != CURLE_OK)
	{
		if (resp->curl_error[0] == '\0')
			strlcpy(resp->curl_error, curl_easy_strerror((CURLcode) result),
					sizeof(resp->curl_error));
	}
	else
		curl_easy_getinfo((CURL *) curl, CURLINFO_RESPONSE_CODE, &resp->status);
	if (resp->curl_error[0])
		resp->status = 0;
	if (resp->too_large)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_REPLY_HANDLE),
				 errmsg("answer too large"),
				 errdetail("The answer is larger than %d MB; a %s request to S3 or AWS gets a much smaller one, so the server stopped reading it.",
						   MAX_RESPONSE_BODY / (1024 * 1024), method),
				 errcontext("request to %.*s", (int) strcspn(url, "?"), url)));
}

/*
 * Run one request to the end.  Transport failures leave status 0 and a
 * message in curl_error; HTTP errors are the caller's to read.
 */
void
s3_http_request(const S3Config *cfg, const char *method, const char *url,
				const SigV4Header *headers, int nheaders, const char *body,
				S3Response *resp)
{
	void	   *list;
	CURL	   *curl = s3_http_easy(cfg, method, url, headers, nheaders, body,
									resp, &list);
	CURLM	   *multi = curl_multi_init();

	PG_TRY();
	{
		int			running = 1;
		CURLMsg    *msg;
		int			left;

		curl_multi_add_handle(multi, curl);
		while (running)
		{
			CHECK_FOR_INTERRUPTS();
			if (curl_multi_perform(multi, &running) != CURLM_OK)
				break;
			if (running)
				s3_multi_wait(multi, S3_WAIT_SLICE_MS, s3_wait_event(false));
		}
		while ((msg = curl_multi_info_read(multi, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE)
				s3_http_ended(curl, msg->data.result, method, url, resp);
	}
	PG_FINALLY();
	{
		curl_multi_remove_handle(multi, curl);
		curl_easy_cleanup(curl);
		curl_multi_cleanup(multi);
		curl_slist_free_all(list);
	}
	PG_END_TRY();
}

/*
 * The headers of a signed request into out (room for S3_MAX_HEADERS; the
 * count is returned): Host, x-amz-date, x-amz-content-sha256 (S3),
 * x-amz-security-token (temporary credentials), Authorization.
 */
int
s3_sign_headers(const S3Config *cfg, const S3Credentials *creds,
				const char *service, const char *method, const char *host,
				const char *path, const char *query, const char *payload_hash,
				SigV4Header *out)
{
	int			n = 0;
	SigV4Request req;
	SigV4Key	key;
	SigV4Result res;
	char		amz_date[17];
	char		err[CORE_ERRLEN];
	time_t		now = time(NULL);
	struct tm	tm;
	bool		is_s3 = strcmp(service, "s3") == 0;

	gmtime_r(&now, &tm);
	strftime(amz_date, sizeof(amz_date), "%Y%m%dT%H%M%SZ", &tm);
	out[n++] = (SigV4Header) {"host", host};
	out[n++] = (SigV4Header) {"x-amz-date", pstrdup(amz_date)};
	if (is_s3)
		out[n++] = (SigV4Header) {"x-amz-content-sha256", payload_hash};
	if (creds->session_token)
		out[n++] = (SigV4Header) {"x-amz-security-token", creds->session_token};
	req = (SigV4Request) {
		.method = method,.path = path,.query = query,
		.headers = out,.nheaders = n,.payload_hash = payload_hash,
		.normalize_path = !is_s3,.encode_path_twice = !is_s3,
	};
	key = (SigV4Key) {
		creds->access_key_id, creds->secret_access_key,
		cfg->region, service, amz_date
	};
	if (!core_sigv4_sign(&palloc_core_allocator, &req, &key, &res, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not sign the request"),
				 errdetail("%s", core_detail_sentence(err))));
	out[n++] = (SigV4Header) {"Authorization", res.authorization};
	return n;
}

/*
 * Where requests to service go.  With an endpoint option
 * (scheme://host[:port]) there; else AWS's host for the region.  For S3
 * (bucket given) the bucket is in the host name (virtual-hosted) unless
 * url_style is 'path' or, on AWS, the name has dots (they break the TLS
 * wildcard).
 */
void
s3_endpoint(const S3Config *cfg, const char *endpoint, const char *service,
			const char *bucket, S3Endpoint *ep)
{
	char	   *scheme = "https";
	char	   *authority;

	if (endpoint)
	{
		const char *p = strstr(endpoint, "://");

		if (p)
			scheme = pnstrdup(endpoint, p - endpoint);
		authority = pstrdup(p ? p + 3 : endpoint);
		while (strlen(authority) > 0 && authority[strlen(authority) - 1] == '/')
			authority[strlen(authority) - 1] = '\0';
		ep->bucket_in_path = bucket && cfg->path_style;
	}
	else
	{
		ep->bucket_in_path = bucket &&
			(cfg->path_style || strchr(bucket, '.') != NULL);
		authority = psprintf("%s.%s.amazonaws.com", service, cfg->region);
	}
	ep->host = bucket && !ep->bucket_in_path ?
		psprintf("%s.%s", bucket, authority) : authority;
	ep->base = psprintf("%s://%s", scheme, ep->host);
}

/* 5xx, throttling and broken transfers are worth another attempt */
static bool
s3_retryable(long status, const char *code, bool transport_failed)
{
	if (transport_failed)
		return true;
	if (status >= 500 || status == 429)
		return true;
	if (code && (strcmp(code, "SlowDown") == 0 ||
				 strcmp(code, "RequestTimeout") == 0 ||
				 strcmp(code, "Throttling") == 0 ||
				 strcmp(code, "ThrottlingException") == 0 ||
				 strcmp(code, "InternalError") == 0))
		return true;
	return false;
}

/*
 * Whether a request that failed on its attempt'th try is tried again: the
 * one retry policy of every request, listings, transfers and AWS APIs
 */
bool
s3_retry_wanted(const S3Config *cfg, int attempt, long status,
				const char *code, bool transport_failed)
{
	return attempt < cfg->max_attempts &&
		s3_retryable(status, code, transport_failed);
}

/*
 * Run a request until its answer is accepted (true) or no attempt is left
 * or worth making (false; resp holds the last answer).  attempts gets the
 * number made; retries wait out a backoff on the latch.
 */
bool
s3_call(const S3Call *call, S3Response *resp, int *attempts)
{
	for (int attempt = call->attempts_before + 1;; attempt++)
	{
		SigV4Header h[S3_MAX_HEADERS];
		int			n;
		char	   *code = NULL;

		if (attempt > 1 && attempt == call->attempts_before + 1)
		{
			if (call->retries)
				(*call->retries)++;
			s3_backoff_sleep(attempt - 1);
		}
		n = call->sign(call->arg, h);

		if (call->requests)
			(*call->requests)++;
		s3_http_request(call->cfg, call->method, call->url, h, n, call->body, resp);
		*attempts = attempt;
		if (call->accept(call->arg, resp, &code))
			return true;
		if (!s3_retry_wanted(call->cfg, attempt, resp->status, code, resp->status == 0))
			return false;
		if (call->retries)
			(*call->retries)++;
		s3_backoff_sleep(attempt);
	}
}

/*
 * text (len bytes, NUL-terminated) as jsonb, or NULL when it is not JSON,
 * without raising: the answers of AWS's JSON APIs and credential endpoints
 * are checked with the JSON parser before jsonb_in sees them.
 */
Jsonb *
s3_json_or_null(const char *text, int len)
{
	JsonLexContext *lex;
	JsonSemAction sem = {0};

	if (text == NULL || (int) strlen(text) != len)
		return NULL;
	/* with escapes de-escaped, so \u0000 is refused here and not by jsonb_in */
	lex = iotatrail_json_lexer((char *) text, len, GetDatabaseEncoding(), true);
	if (pg_parse_json(lex, &sem) != JSON_SUCCESS)
		return NULL;
	return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(text)));
}

/*
 * Exponential backoff with full jitter: a random wait below
 * min(50 ms * 2^attempt, 5 s), in milliseconds.
 */
long
s3_backoff_ms(int attempt)
{
	long		cap = Min(5000L, 50L << Min(attempt, 10));

	return (long) (pg_prng_double(&pg_global_prng_state) * cap) + 10;
}

/*
 * The wait events a scan shows in pg_stat_activity while it waits for S3
 * (or STS, CloudTrail): for an answer, or out a retry's backoff.  Named on
 * 17 and later; before, both are the shared "Extension".
 */
uint32
s3_wait_event(bool backoff)
{
	static uint32 request_event = 0;
	static uint32 backoff_event = 0;

	if (backoff)
	{
		if (backoff_event == 0)
			backoff_event = iotatrail_wait_event("IotatrailS3Backoff");
		return backoff_event;
	}
	if (request_event == 0)
		request_event = iotatrail_wait_event("IotatrailS3Request");
	return request_event;
}

/*
 * Wait on the latch and the sockets set in rd and wr (nsockets of them, up
 * to maxfd) for at most timeout_ms
 */
static void
wait_sockets(const fd_set *rd, const fd_set *wr, int maxfd, int nsockets,
			 long timeout_ms, uint32 wait_event)
{
	WaitEventSet *volatile set = NULL;
	WaitEvent	events[1];

	PG_TRY();
	{
		set = iotatrail_wait_event_set(2 + nsockets);
		AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, NULL);
		AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, NULL, NULL);
		for (int fd = 0; fd <= maxfd; fd++)
		{
			uint32		ev = (FD_ISSET(fd, rd) ? WL_SOCKET_READABLE : 0) |
				(FD_ISSET(fd, wr) ? WL_SOCKET_WRITEABLE : 0);

			if (ev)
				AddWaitEventToSet(set, ev, fd, NULL, NULL);
		}
		(void) WaitEventSetWait(set, timeout_ms, events, lengthof(events),
								wait_event);
	}
	PG_CATCH();
	{
		/* before 17 no resource owner frees it */
		if (set)
			FreeWaitEventSet(set);
		PG_RE_THROW();
	}
	PG_END_TRY();
	FreeWaitEventSet(set);
}

/*
 * Wait, for at most timeout_ms, until one of the sockets of a curl multi
 * handle is ready, curl's own timeout (a connect, say) passes, or the latch
 * is set, as libpqsrv_get_result waits for a libpq connection: a cancel or
 * statement_timeout then ends the wait at once, and pg_stat_activity shows
 * wait_event.  With no socket to wait for (a name being resolved, a socket
 * past FD_SETSIZE) the timeout alone ends it; callers pass a short one.
 */
void
s3_multi_wait(void *multi, long timeout_ms, uint32 wait_event)
{
	fd_set		rd,
				wr,
				ex;
	int			maxfd = -1;
	long		curl_timeout = -1;
	int			nsockets = 0;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	if (curl_multi_fdset(multi, &rd, &wr, &ex, &maxfd) != CURLM_OK)
		maxfd = -1;
	if (curl_multi_timeout(multi, &curl_timeout) == CURLM_OK &&
		curl_timeout >= 0 && curl_timeout < timeout_ms)
		timeout_ms = curl_timeout;
	for (int fd = 0; fd <= maxfd; fd++)
		if (FD_ISSET(fd, &rd) || FD_ISSET(fd, &wr))
			nsockets++;
	if (timeout_ms > 0)
		wait_sockets(&rd, &wr, maxfd, nsockets, timeout_ms, wait_event);
	ResetLatch(MyLatch);
	CHECK_FOR_INTERRUPTS();
}

/*
 * Sleep a backoff on the process latch, so a cancel or a timeout ends it at
 * once; pg_stat_activity shows the wait as IotatrailS3Backoff (17 and later)
 * or Extension.
 */
void
s3_backoff_sleep(int attempt)
{
	TimestampTz end = TimestampTzPlusMilliseconds(GetCurrentTimestamp(),
												  s3_backoff_ms(attempt));
	long		left;

	CHECK_FOR_INTERRUPTS();
	while ((left = TimestampDifferenceMilliseconds(GetCurrentTimestamp(), end)) > 0)
	{
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
						 left, s3_wait_event(true));
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
	}
}

char *
s3_uri_encode(const char *s, bool keep_slash)
{
	return core_sigv4_uri_encode(&palloc_core_allocator, s, strlen(s), keep_slash);
}

/*
 * An AWS answer that was not what was asked for, as the sentences of an
 * errdetail: the network error, or the HTTP status with the service's
 * error code and message when it gave them
 */
char *
s3_answer_detail(const S3Response *resp, const char *code, const char *message)
{
	StringInfoData d;

	initStringInfo(&d);
	if (resp->status == 0)
		appendStringInfoString(&d, core_detail_sentence(resp->curl_error));
	else
	{
		appendStringInfo(&d, "HTTP status %ld", resp->status);
		if (code)
			appendStringInfo(&d, ", error code %s", code);
		appendStringInfoChar(&d, '.');
		if (message)
			appendStringInfo(&d, " %s", core_detail_sentence(message));
	}
	return d.data;
}
