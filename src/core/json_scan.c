/*-------------------------------------------------------------------------
 *
 * json_scan.c
 *	  Navigate and decode JSON text known to be valid.
 *
 * Everything here trusts the splitter's validation: no grammar checks, only
 * bounds checks, so a record is walked in one pass with no allocation.
 * Text that reaches PostgreSQL must be valid UTF-8 without NUL: decoding
 * turns \u0000, unpaired surrogates and invalid UTF-8 bytes into U+FFFD
 * (the Unicode replacement character), the documented policy.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "json_scan.h"
#include "json_simd.h"

/* End of the string whose opening quote is at p */
static const char *
string_end(const char *p, const char *end)
{
	p++;
	for (;;)
	{
		p = json_string_stop(p, end, JSON_STOP_QUOTE);
		if (p >= end)
			return end;
		if (*p == '"')
			return p + 1;
		p += 2;					/* an escape pair: \" is not a quote */
	}
}

/* End of the container whose opening bracket is at p */
static const char *
container_end(const char *p, const char *end)
{
	size_t		depth = 0;

	while (p < end)
	{
		char		c = *p;

		if (c == '"')
		{
			p = string_end(p, end);
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
		{
			if (--depth == 0)
				return p + 1;
		}
		p++;
	}
	return end;
}

/* The value starting at p (after whitespace), as a slice */
JsonSlice
core_json_slice(const char *p, const char *end)
{
	JsonSlice	s = {NULL, 0, JT_ABSENT};
	const char *e;

	p = core_skip_space(p, end);
	if (p >= end)
		return s;
	switch (*p)
	{
		case '"':
			s.type = JT_STRING;
			e = string_end(p, end);
			break;
		case '{':
			s.type = JT_OBJECT;
			e = container_end(p, end);
			break;
		case '[':
			s.type = JT_ARRAY;
			e = container_end(p, end);
			break;
		case 't':
			s.type = JT_TRUE;
			e = p + 4;
			break;
		case 'f':
			s.type = JT_FALSE;
			e = p + 5;
			break;
		case 'n':
			s.type = JT_NULL;
			e = p + 4;
			break;
		default:
			s.type = JT_NUMBER;
			e = p;
			while (e < end && ((*e >= '0' && *e <= '9') || *e == '-' ||
							   *e == '+' || *e == '.' || *e == 'e' || *e == 'E'))
				e++;
			break;
	}
	if (e > end)
		e = end;
	s.p = p;
	s.len = (uint32_t) (e - p);
	return s;
}

/* Start walking the members of an object slice */
void
core_json_object_begin(JsonObjectIter *it, JsonSlice obj)
{
	if (obj.type != JT_OBJECT || obj.len < 2)
	{
		it->p = it->end = NULL;
		return;
	}
	it->p = obj.p + 1;
	it->end = obj.p + obj.len - 1;
}

/*
 * Next member: key points at the key's raw (still escaped) characters.
 * Returns false after the last member.
 */
bool
core_json_object_next(JsonObjectIter *it, const char **key, size_t *keylen,
				 JsonSlice *value)
{
	const char *p = it->p;
	const char *kend;

	if (p == NULL)
		return false;
	p = core_skip_space(p, it->end);
	if (p < it->end && *p == ',')
		p = core_skip_space(p + 1, it->end);
	if (p >= it->end || *p != '"')
		return false;
	kend = string_end(p, it->end);
	*key = p + 1;
	*keylen = (size_t) (kend - p - 2);
	p = core_skip_space(kend, it->end);
	if (p >= it->end || *p != ':')
		return false;
	*value = core_json_slice(p + 1, it->end);
	it->p = value->p + value->len;
	return value->type != JT_ABSENT;
}

/* Whether a string slice equals lit exactly (no escapes in lit) */
bool
core_json_string_is(JsonSlice s, const char *lit)
{
	size_t		n = strlen(lit);

	return s.type == JT_STRING && s.len == n + 2 && memcmp(s.p + 1, lit, n) == 0;
}

/* Four hex digits at p, or -1 when they are not there */
static long
hex4(const char *p, const char *end)
{
	long		v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++)
	{
		int			h = core_hex_digit(p[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Length of a valid UTF-8 sequence at p, or 0 when it is invalid */
static int
utf8_valid_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	int			n;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (end - p < n)
		return 0;
	for (int i = 1; i < n; i++)
	{
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		!core_codepoint_valid(cp, true))
		return 0;
	return n;
}

/*
 * Copy one character at *p to o: an ASCII byte or a valid UTF-8 sequence as
 * is, an invalid byte as U+FFFD.  Advances *p; returns the new end of o.
 */
static char *
copy_utf8_char(char *o, const char **p, const char *end)
{
	int			n;

	if ((unsigned char) **p < 0x80)
	{
		*o++ = *(*p)++;
		return o;
	}
	n = utf8_valid_len((const unsigned char *) *p, (const unsigned char *) end);
	if (n == 0)
	{
		(*p)++;
		return o + core_utf8_encode(0xFFFD, o);
	}
	memcpy(o, *p, (size_t) n);
	*p += n;
	return o + n;
}

/*
 * A \u escape at *p (past the "\u") into o: a surrogate pair is joined, and
 * what text cannot hold (a lone surrogate, NUL, bad hex digits) becomes
 * U+FFFD.  Advances *p; returns the new end of o.
 */
static char *
decode_unicode_escape(char *o, const char **p, const char *end)
{
	long		cp = hex4(*p, end);

	if (cp < 0)
		return o + core_utf8_encode(0xFFFD, o);
	*p += 4;
	if (core_is_high_surrogate(cp))
	{
		long		lo = -1;

		if (end - *p >= 6 && (*p)[0] == '\\' && (*p)[1] == 'u')
			lo = hex4(*p + 2, end);
		if (core_is_low_surrogate(lo))
		{
			cp = core_surrogate_pair(cp, lo);
			*p += 6;
		}
		else
			cp = 0xFFFD;
	}
	else if (!core_codepoint_valid((unsigned long) cp, false))
		cp = 0xFFFD;
	return o + core_utf8_encode((unsigned long) cp, o);
}

/* The escape at *p (past the backslash) into o; returns the new end of o */
static char *
decode_escape(char *o, const char **p, const char *end)
{
	char		e = *(*p)++;

	switch (e)
	{
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			o = decode_unicode_escape(o, p, end);
			break;
		default:
			*o++ = e;			/* \" \\ \/ */
			break;
	}
	return o;
}

/*
 * Decode a string slice's content into out (capacity JSON_DECODE_MAX(len)),
 * returning the byte length; out is NUL-terminated.
 */
size_t
core_json_string_decode(JsonSlice s, char *out)
{
	const char *p = s.p + 1;
	const char *end = s.p + s.len - 1;
	char	   *o = out;

	if (s.type != JT_STRING || s.len < 2)
	{
		*out = '\0';
		return 0;
	}
	while (p < end)
	{
		unsigned char c = (unsigned char) *p;

		if (c == '\\' && p + 1 < end)
		{
			p++;
			o = decode_escape(o, &p, end);
			continue;
		}
		if (c >= 0x80)
		{
			o = copy_utf8_char(o, &p, end);
			continue;
		}
		/* a run of plain ASCII up to the next escape or non-ASCII byte */
		{
			const char *q = json_string_stop(p, end, JSON_STOP_HIGH);

			if (q == p)			/* a lone backslash at the end */
				q++;
			memcpy(o, p, (size_t) (q - p));
			o += q - p;
			p = q;
		}
	}
	*o = '\0';
	return (size_t) (o - out);
}

/* Whether JSON text holds \u escapes or non-ASCII bytes that need a look */
bool
core_json_needs_sanitize(const char *p, size_t len)
{
	const char *end = p + len;

	for (;;)
	{
		p = json_string_stop(p, end, JSON_STOP_HIGH);
		if (p >= end)
			return false;
		if ((unsigned char) *p >= 0x80)
			return true;
		if (p + 1 < end && p[1] == 'u')
			return true;
		p += 2;
	}
}

/*
 * Copy JSON text replacing what jsonb rejects with U+FFFD: \u0000, unpaired
 * surrogate escapes, invalid UTF-8.  out needs JSON_DECODE_MAX(len) bytes;
 * returns the new length (NUL-terminated).
 */
size_t
core_json_sanitize(const char *p, size_t len, char *out)
{
	const char *end = p + len;
	char	   *o = out;
	bool		in_string = false;

	while (p < end)
	{
		unsigned char c = (unsigned char) *p;

		if (c == '"')
			in_string = !in_string;
		if (in_string && c == '\\' && p + 1 < end)
		{
			if (p[1] == 'u')
			{
				long		cp = hex4(p + 2, end);
				bool		bad = cp == 0 || core_is_low_surrogate(cp);

				if (core_is_high_surrogate(cp))
				{
					long		lo = -1;

					if (end - p >= 12 && p[6] == '\\' && p[7] == 'u')
						lo = hex4(p + 8, end);
					if (core_is_low_surrogate(lo))
					{
						memcpy(o, p, 12);
						o += 12;
						p += 12;
						continue;
					}
					bad = true;
				}
				if (bad)
				{
					memcpy(o, "\\ufffd", 6);
					o += 6;
					p += 6;
					continue;
				}
			}
			/* copy the escape pair as is, so \\" is not seen as a quote */
			*o++ = *p++;
			*o++ = *p++;
			continue;
		}
		o = copy_utf8_char(o, &p, end);
	}
	*o = '\0';
	return (size_t) (o - out);
}

/* Name of a JSON type for error messages */
const char *
core_json_type_name(JsonType t)
{
	switch (t)
	{
		case JT_STRING:
			return "a string";
		case JT_NUMBER:
			return "a number";
		case JT_OBJECT:
			return "an object";
		case JT_ARRAY:
			return "an array";
		case JT_TRUE:
		case JT_FALSE:
			return "a boolean";
		case JT_NULL:
			return "null";
		default:
			return "absent";
	}
}
