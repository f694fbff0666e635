/*-------------------------------------------------------------------------
 *
 * json_fast.h
 *	  A fast validating pass over one JSON object held whole in memory,
 *	  which also lists the object's own members.
 *
 * The splitter's byte-at-a-time automaton copes with any window boundary
 * and says exactly what is wrong; this pass does neither.  It accepts only
 * what the automaton accepts, and answers "don't know" (JSON_FAST_BAD or
 * JSON_FAST_MORE) for everything else, so the automaton stays the one
 * definition of valid input and of every error message.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_JSON_FAST_H
#define IOTATRAIL_JSON_FAST_H

#include "json_scan.h"

/* One member of an object: the key as written (no quotes), and its value */
typedef struct JsonMember
{
	const char *key;
	uint32_t	keylen;
	JsonSlice	value;
} JsonMember;

/* Members listed per object; a record has about twenty */
#define JSON_FAST_MAX_MEMBERS 64

typedef struct JsonFastObject
{
	size_t		len;			/* the object's length, braces included */
	int			nmembers;		/* -1: more than JSON_FAST_MAX_MEMBERS */
	JsonMember	members[JSON_FAST_MAX_MEMBERS];
} JsonFastObject;

typedef enum JsonFastResult
{
	JSON_FAST_OK,				/* valid; out is filled */
	JSON_FAST_MORE,				/* the input ended inside the object */
	JSON_FAST_BAD				/* invalid, or past max_depth / max_len */
} JsonFastResult;

extern JsonFastResult core_json_fast_object(const char *p, const char *end,
									   int max_depth, size_t max_len,
									   JsonFastObject *out);

#endif							/* IOTATRAIL_JSON_FAST_H */
