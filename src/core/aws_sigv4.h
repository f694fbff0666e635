/*-------------------------------------------------------------------------
 *
 * aws_sigv4.h
 *	  AWS Signature Version 4: canonical request, string to sign, signature
 *	  and Authorization header, exactly as AWS specifies them.
 *
 * The caller lists the headers to sign (host, x-amz-date, and for S3
 * x-amz-content-sha256, x-amz-security-token, range...); every one given
 * is signed.  No backend calls: unit-tested against the AWS test suites.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_AWS_SIGV4_H
#define IOTATRAIL_AWS_SIGV4_H

#include "core.h"

typedef struct SigV4Header
{
	const char *name;
	const char *value;
} SigV4Header;

typedef struct SigV4Request
{
	const char *method;
	const char *path;			/* as sent on the wire, e.g. "/a%20b/c" */
	const char *query;			/* as sent, without '?'; NULL or "" for none */
	const SigV4Header *headers;
	int			nheaders;
	const char *payload_hash;	/* lowercase hex SHA-256 or UNSIGNED-PAYLOAD */
	bool		normalize_path; /* remove dot segments and empty segments
								 * (every service but S3) */
	bool		encode_path_twice;	/* encode the wire path again (every
									 * service but S3) */
} SigV4Request;

typedef struct SigV4Key
{
	const char *access_key_id;
	const char *secret_access_key;
	const char *region;
	const char *service;
	const char *amz_date;		/* 20150830T123600Z */
} SigV4Key;

/* Results, allocated with the allocator passed in */
typedef struct SigV4Result
{
	char	   *canonical_request;
	char	   *string_to_sign;
	char	   *signed_headers;
	char		signature[65];
	char	   *authorization;
} SigV4Result;

extern bool core_sigv4_sign(const CoreAllocator *a, const SigV4Request *req,
					   const SigV4Key *key, SigV4Result *out,
					   char *errbuf, size_t errlen);
extern void core_sigv4_free(const CoreAllocator *a, SigV4Result *out);

/* RFC 3986 encoding: unreserved characters kept, the rest %XX */
extern char *core_sigv4_uri_encode(const CoreAllocator *a, const char *s,
							  size_t len, bool keep_slash);

#define SIGV4_EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

#endif							/* IOTATRAIL_AWS_SIGV4_H */
