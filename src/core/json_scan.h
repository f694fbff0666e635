/*-------------------------------------------------------------------------
 *
 * json_scan.h
 *	  Read-only access to JSON text that the splitter already validated:
 *	  walk object members, find value ends, decode strings.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_JSON_SCAN_H
#define IOTATRAIL_JSON_SCAN_H

#include "core.h"

typedef enum JsonType
{
	JT_ABSENT = 0,
	JT_STRING,
	JT_NUMBER,
	JT_OBJECT,
	JT_ARRAY,
	JT_TRUE,
	JT_FALSE,
	JT_NULL
} JsonType;

/* A value inside a JSON text: p..p+len is its whole text (quotes included) */
typedef struct JsonSlice
{
	const char *p;
	uint32_t	len;
	uint8_t		type;			/* JsonType */
} JsonSlice;

/* Cursor over the members of an object */
typedef struct JsonObjectIter
{
	const char *p;
	const char *end;
} JsonObjectIter;

extern JsonSlice core_json_slice(const char *p, const char *end);
extern void core_json_object_begin(JsonObjectIter *it, JsonSlice obj);
extern bool core_json_object_next(JsonObjectIter *it, const char **key,
							 size_t *keylen, JsonSlice *value);
extern bool core_json_string_is(JsonSlice s, const char *lit);
extern size_t core_json_string_decode(JsonSlice s, char *out);
extern bool core_json_needs_sanitize(const char *p, size_t len);
extern size_t core_json_sanitize(const char *p, size_t len, char *out);
extern const char *core_json_type_name(JsonType t);

/* Worst-case growth of core_json_string_decode / core_json_sanitize output */
#define JSON_DECODE_MAX(len) ((size_t) (len) * 3 + 1)

#endif							/* IOTATRAIL_JSON_SCAN_H */
