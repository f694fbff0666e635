/*-------------------------------------------------------------------------
 *
 * s3.h
 *	  Reading CloudTrail logs from S3 and S3-compatible stores: server and
 *	  user mapping settings, credentials, HTTP, listing and streaming.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_S3_H
#define IOTATRAIL_S3_H

#include "postgres.h"

#include "access/htup.h"
#include "lib/stringinfo.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "aws_sigv4.h"
#include "core.h"

/* Where and how to reach S3: server options plus the user mapping's */
typedef struct S3Config
{
	char	   *server_name;	/* for messages; NULL for the default */
	char	   *region;			/* default us-east-1 */
	char	   *endpoint;		/* scheme://host[:port]; NULL: AWS */
	int			url_style;		/* S3_URL_STYLE_..., as the option says */
	bool		path_style;		/* host/bucket: url_style 'path', or an
								 * endpoint given without url_style */
	char	   *ca_file;
	int			max_attempts;	/* per request, retries included */
	int			concurrency;	/* objects fetched at once */
	/* from the user mapping; NULL when not given */
	char	   *access_key_id;
	char	   *secret_access_key;
	char	   *session_token;
	char	   *profile;
	char	   *role_arn;
	char	   *external_id;
	char	   *sts_endpoint;	/* server option, for STS-compatible stores */
	char	   *cloudtrail_endpoint;	/* server option, for ListPublicKeys */
} S3Config;

/* The url_style option; not given: path style for endpoints, else virtual */
#define S3_URL_STYLE_DEFAULT 0
#define S3_URL_STYLE_VIRTUAL 1
#define S3_URL_STYLE_PATH 2

/*
 * Objects fetched at once (option concurrency, default 64): S3 answers a
 * GET after tens of milliseconds, so a scan of small objects is bound by
 * requests in flight, not bytes
 */
#define S3_MAX_CONCURRENCY 256

/* Signing credentials and where they came from */
typedef struct S3Credentials
{
	char	   *access_key_id;
	char	   *secret_access_key;
	char	   *session_token;	/* NULL for long-term keys */
	TimestampTz expires_at;		/* 0: does not expire */
	const char *source;			/* "user mapping", "environment", ... */
} S3Credentials;

/* in s3_credentials.c */
extern void s3_resolve_credentials(const S3Config *cfg, S3Credentials *creds);
/* Temporary credentials are refreshed this long before they expire */
#define EXPIRY_MARGIN_USECS (5 * 60 * USECS_PER_SEC)

static inline bool
s3_credentials_expiring(const S3Credentials *c)
{
	return c->expires_at != 0 &&
		GetCurrentTimestamp() > c->expires_at - EXPIRY_MARGIN_USECS;
}

/* in s3_web_identity.c */
extern void s3_web_identity(const S3Config *cfg, const char *role_arn,
							const char *token_file, const char *session_name,
							const char *from, S3Credentials *creds);
extern bool s3_web_identity_from_env(const S3Config *cfg, S3Credentials *creds,
									 StringInfo tried);

/* in s3_http.c: one request, waited for with interrupts checked */
typedef struct S3Response
{
	long		status;			/* 0 when no HTTP answer came */
	StringInfoData body;
	char	   *request_id;		/* x-amz-request-id */
	char	   *bucket_region;	/* x-amz-bucket-region */
	char		curl_error[256];	/* transport failure, or "" */
	bool		too_large;		/* the body passed MAX_RESPONSE_BODY */
} S3Response;

/* Where a service's requests go: scheme://host, and the Host header */
typedef struct S3Endpoint
{
	char	   *base;			/* scheme://host[:port], no trailing slash */
	char	   *host;
	bool		bucket_in_path; /* S3: path-style (/bucket/key) */
} S3Endpoint;

/*
 * One request with retries (s3_call): sign builds an attempt's headers
 * (signed anew: the date and the credentials may change), accept judges an
 * answer and, when it is not the one wanted, gives its error code (or NULL)
 * to decide on another attempt.
 */
#define S3_MAX_HEADERS 8
typedef struct S3Call
{
	const S3Config *cfg;
	const char *method;
	const char *url;
	const char *body;			/* NULL: none */
	int			(*sign) (void *arg, SigV4Header *out);
	bool		(*accept) (void *arg, const S3Response *resp, char **code);
	void	   *arg;
	int64	   *requests;		/* counted when not NULL */
	int64	   *retries;
	int			attempts_before;	/* made already (elsewhere): the first
									 * attempt here is a retry */
} S3Call;

extern void *s3_curl_easy(const S3Config *cfg);
extern void *s3_http_easy(const S3Config *cfg, const char *method,
						  const char *url, const SigV4Header *headers,
						  int nheaders, const char *body, S3Response *resp,
						  void **list);
extern size_t s3_collect_header(char *ptr, size_t size, size_t nmemb,
								void *arg);
extern void s3_http_ended(void *curl, int result, const char *method,
						  const char *url, S3Response *resp);
extern void s3_http_request(const S3Config *cfg, const char *method,
							const char *url, const SigV4Header *headers,
							int nheaders, const char *body, S3Response *resp);
extern bool s3_call(const S3Call *call, S3Response *resp, int *attempts);
extern int	s3_sign_headers(const S3Config *cfg, const S3Credentials *creds,
							const char *service, const char *method,
							const char *host, const char *path,
							const char *query, const char *payload_hash,
							SigV4Header *out);
extern char *s3_header_value(const char *line, size_t len, const char *name);
extern void s3_endpoint(const S3Config *cfg, const char *endpoint,
						const char *service, const char *bucket,
						S3Endpoint *ep);
extern bool s3_retry_wanted(const S3Config *cfg, int attempt, long status,
							const char *code, bool transport_failed);
extern long s3_backoff_ms(int attempt);
extern Jsonb *s3_json_or_null(const char *text, int len);
extern char *s3_answer_detail(const S3Response *resp, const char *code,
							  const char *message);
extern void s3_backoff_sleep(int attempt);
extern uint32 s3_wait_event(bool backoff);
extern void s3_multi_wait(void *multi, long timeout_ms, uint32 wait_event);

/*
 * The longest a wait on curl's sockets lasts: a socket curl does not report
 * (a name being resolved) is still polled this often
 */
#define S3_WAIT_SLICE_MS 100
extern char *s3_uri_encode(const char *s, bool keep_slash);

/* in s3_config.c */
extern HeapTuple user_mapping_tuple(Oid userid, Oid serverid);
extern S3Config *iotatrail_s3_config(Oid serverid, Oid userid);

#endif							/* IOTATRAIL_S3_H */
