/*-------------------------------------------------------------------------
 *
 * core.c
 *	  What the core's error codes mean, in words; hex, UTF-8 and civil
 *	  dates for every part of the core.
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

void
core_hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++)
	{
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

int
core_utf8_encode(unsigned long cp, char *out)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

int
core_days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* H. Hinnant's days_from_civil */
int64_t
core_days_from_civil(int y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool
core_parse_size(const char *s, int64_t *out)
{
	uint64_t	v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++)
	{
		if (*s < '0' || *s > '9')
			return false;
		if (v > ((uint64_t) INT64_MAX - (uint64_t) (*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t) (*s - '0');
	}
	*out = (int64_t) v;
	return true;
}
