/*-------------------------------------------------------------------------
 *
 * s3_scan.h
 *	  The parts of an S3 scan, shared by its files: s3_scan.c (setup, the
 *	  answers' texts and errors), s3_list.c (the listing, pages asked for
 *	  ahead), s3_transfer.c (the objects' transfers on one multi handle,
 *	  with retry and resume) and s3_source.c (the scan as a Source).  Not
 *	  for the rest of the backend, which reaches S3 through source.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_S3_SCAN_H
#define IOTATRAIL_S3_SCAN_H

#include <curl/curl.h>

#include "aws_xml.h"
#include "s3.h"
#include "source.h"
#include "trail_layout.h"

typedef struct S3Scan S3Scan;

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
	bool		keys_given;		/* keys given, not listed: a 404 is "not
								 * found" */
	bool		digests;		/* list digest files instead of logs */
	bool		list_only;		/* name the listed keys, fetch nothing */
	S3Object	last_listed;	/* list_only: the key next named */
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
	/* what the pump does with transfers (s3_transfers_init sets them) */
	void		(*retry_due) (Transfer *t);
	void		(*transfer_ended) (Transfer *t);
	/* counters */
	int64		listed;
	int64		requests;
	int64		retries;
};

/* Longest text of a store's answer an error repeats */
#define ECHO_MAX 300

/* in s3_scan.c */
extern void s3_pump(S3Scan *s3, bool wait);
extern char *s3_object_path(const S3Scan *s3, const char *key, bool bucket_in_path);
extern void s3_refresh_credentials(S3Scan *s3);
extern char *s3_xml_value(const char *doc, size_t len, const char *name);
extern char *s3_clip_text(char *s, int max);
extern bool s3_key_has_dot_segment(const char *key);
extern bool s3_etag_valid(const char *v);
pg_noreturn extern void s3_raise(S3Scan *s3, const char *key, long status,
								 const char *body, size_t body_len,
								 const char *request_id, const char *bucket_region,
								 const char *transport_error, int attempts);

/* in s3_list.c */
extern ListTask *s3_list_task(S3Scan *s3, const char *prefix);
extern bool s3_next_listed(S3Scan *s3, S3Object *obj);

/* in s3_transfer.c */
extern void s3_transfers_init(S3Scan *s3);
extern char *s3_scan_next_object(S3Scan *s3);
extern void s3_scan_close_object(S3Scan *s3);
extern ssize_t s3_scan_read(void *arg, unsigned char *buf, size_t len,
							char *errbuf, size_t errlen);

#endif							/* IOTATRAIL_S3_SCAN_H */
