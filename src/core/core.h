/*-------------------------------------------------------------------------
 *
 * core.h
 *	  Shared definitions of the byte-level core (src/core/): allocation,
 *	  byte sources, the error codes, and the small rules every part of it
 *	  uses (whitespace, hex, UTF-8 and surrogates, civil dates).
 *
 * Nothing in src/core includes a PostgreSQL or backend header, so the core
 * builds into unit tests and fuzzers outside the server (run-core.sh checks
 * it).  Memory comes from a caller-supplied allocator: inside the backend it
 * is palloc in the scan's memory context (freed on ERROR with the context),
 * outside it is malloc.
 *
 * The structs of the stream, splitter and reader are declared in their
 * headers so callers can embed them, but their fields are private to the
 * core: callers use the functions (accessors included) only.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_CORE_H
#define IOTATRAIL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Allocation callbacks; alloc and realloc never return NULL (they abort) */
typedef struct CoreAllocator
{
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *(*realloc) (void *ctx, void *ptr, size_t size);
	void		(*free) (void *ctx, void *ptr);
	void	   *ctx;
} CoreAllocator;

/*
 * Pull callback for raw bytes: returns the number of bytes stored (> 0),
 * 0 at end of input, or -1 on error after writing a message to errbuf.
 */
typedef ssize_t (*CoreReadFn) (void *arg, unsigned char *buf, size_t len,
							   char *errbuf, size_t errlen);

/* Size of the message buffers the core fills on error */
#define CORE_ERRLEN 256

/*
 * What went wrong, for callers that must tell cases apart, as
 * JsonParseErrorType does for PostgreSQL's common/jsonapi.h: the code says
 * the kind (core_error_describe puts it in words), the detail string handed
 * out with it says the particular case and where.  No text of the core
 * names a SQL option: the caller knows what set a limit.
 */
typedef enum CoreError
{
	CORE_OK = 0,

	/* the input as a whole: nothing after them can be read */
	CORE_ERR_READ,				/* the byte source failed (its message) */
	CORE_ERR_EMPTY_INPUT,		/* no bytes, or whitespace only */
	CORE_ERR_GZIP_TRUNCATED,	/* gzip data ends inside a member */
	CORE_ERR_GZIP_CORRUPT,		/* bad deflate data, CRC or length */
	CORE_ERR_GZIP_TRAILING_DATA,	/* bytes after the last gzip member */
	CORE_ERR_ZLIB,				/* zlib could not be set up, or failed */
	CORE_ERR_JSON_SYNTAX,		/* not valid JSON */
	CORE_ERR_JSON_INCOMPLETE,	/* the input ends inside a JSON document */
	CORE_ERR_JSON_STRUCTURE,	/* valid JSON, but not laid out as CloudTrail
								 * documents are (a top-level value that is
								 * not an object, "Records" not an array) */
	CORE_ERR_KEY_TOO_LARGE,		/* an object key over the record limit */

	/* one record: the input goes on after it */
	CORE_ERR_RECORD_TOO_LARGE,	/* over the record limit */
	CORE_ERR_RECORD_TOO_DEEP,	/* nested over the depth limit */
	CORE_ERR_RECORD_NOT_OBJECT, /* a list element that is not an object */
	CORE_ERR_NOT_A_RECORD,		/* an object that is not a CloudTrail record */
	CORE_ERR_EMBEDDED_JSON		/* "CloudTrailEvent" is not one JSON value */
} CoreError;

/* The kind of error in words: a lowercase fragment, never NULL */
extern const char *core_error_describe(CoreError code);

/* Whether the gzip layer failed (the bytes are damaged, not the JSON) */
static inline bool
core_error_is_gzip(CoreError code)
{
	return code == CORE_ERR_GZIP_TRUNCATED || code == CORE_ERR_GZIP_CORRUPT ||
		code == CORE_ERR_GZIP_TRAILING_DATA || code == CORE_ERR_ZLIB;
}

/* The value of a hexadecimal digit, or -1 */
static inline int
core_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* JSON's whitespace (RFC 8259), also what the text formats around it trim */
static inline bool
core_is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The first byte at or after p that is not whitespace (end if none) */
static inline const char *
core_skip_space(const char *p, const char *end)
{
	while (p < end && core_is_space(*p))
		p++;
	return p;
}

/* Blanks inside a line: space and tab (header values, timestamps) */
static inline bool
core_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* UTF-16 surrogates, which JSON's \u escapes may carry and UTF-8 may not */
static inline bool
core_is_high_surrogate(long cp)
{
	return cp >= 0xD800 && cp <= 0xDBFF;
}

static inline bool
core_is_low_surrogate(long cp)
{
	return cp >= 0xDC00 && cp <= 0xDFFF;
}

/* The code point a high and a low surrogate stand for */
static inline long
core_surrogate_pair(long hi, long lo)
{
	return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
}

/*
 * A Unicode scalar value (at most U+10FFFF, not a surrogate); text keeps
 * only those, and not NUL (allow_nul: a decoded byte sequence may hold it)
 */
static inline bool
core_codepoint_valid(unsigned long cp, bool allow_nul)
{
	return (cp != 0 || allow_nul) && cp <= 0x10FFFF &&
		!core_is_high_surrogate((long) cp) && !core_is_low_surrogate((long) cp);
}

/* Lowercase hex of n bytes into out, which has room for 2 * n + 1 */
extern void core_hex_encode(const unsigned char *in, size_t n, char *out);

/*
 * The UTF-8 encoding of code point cp (below 0x110000, not a surrogate)
 * into out, which has room for 4 bytes; returns how many it wrote
 */
extern int	core_utf8_encode(unsigned long cp, char *out);

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar */
extern int64_t core_days_from_civil(int y, int m, int d);

/* Days of month m (1-12) of year y, leap years counted */
extern int	core_days_in_month(int y, int m);

/* PostgreSQL counts from 2000-01-01, Unix from 1970-01-01: the days between */
#define CORE_UNIX_TO_PG_EPOCH_DAYS 10957
#define CORE_UNIX_TO_PG_EPOCH_SECS (INT64_C(10957) * 86400)

/*
 * A byte count written in decimal (an S3 listing's <Size>): digits only,
 * at least one, at most INT64_MAX; false for anything else
 */
extern bool core_parse_size(const char *s, int64_t *out);

/* An allocator over malloc, for unit tests and fuzzers */
extern const CoreAllocator core_malloc_allocator;

#endif							/* IOTATRAIL_CORE_H */
