/*-------------------------------------------------------------------------
 *
 * core.c
 *	  What the core's error codes mean, in words.
 *
 *-------------------------------------------------------------------------
 */
#include "core.h"

/*
 * A general description of an error kind (the particular case is in the
 * detail the reader hands out with the code), like json_errdetail
 */
const char *
core_error_describe(CoreError code)
{
	switch (code)
	{
		case CORE_OK:
			return "no error";
		case CORE_ERR_READ:
			return "the input could not be read";
		case CORE_ERR_EMPTY_INPUT:
			return "the input is empty";
		case CORE_ERR_GZIP_TRUNCATED:
			return "the gzip data is truncated";
		case CORE_ERR_GZIP_CORRUPT:
			return "the gzip data is corrupt";
		case CORE_ERR_GZIP_TRAILING_DATA:
			return "unexpected data after the end of the gzip stream";
		case CORE_ERR_ZLIB:
			return "zlib failed";
		case CORE_ERR_JSON_SYNTAX:
			return "the input is not valid JSON";
		case CORE_ERR_JSON_INCOMPLETE:
			return "the input ends inside a JSON document";
		case CORE_ERR_JSON_STRUCTURE:
			return "the JSON is not laid out as CloudTrail documents are";
		case CORE_ERR_KEY_TOO_LARGE:
			return "an object key is larger than the record size limit";
		case CORE_ERR_RECORD_TOO_LARGE:
			return "the record is larger than the record size limit";
		case CORE_ERR_RECORD_TOO_DEEP:
			return "the record nests objects and arrays too deeply";
		case CORE_ERR_RECORD_NOT_OBJECT:
			return "the record is not a JSON object";
		case CORE_ERR_NOT_A_RECORD:
			return "the JSON object is not a CloudTrail record";
		case CORE_ERR_EMBEDDED_JSON:
			return "\"CloudTrailEvent\" does not hold one JSON value";
	}
	return "unknown error";
}
