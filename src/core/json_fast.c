/*-------------------------------------------------------------------------
 *
 * json_fast.c
 *	  Validate one JSON object in a single pass over contiguous memory and
 *	  list its own members (see json_fast.h for how it pairs with the
 *	  splitter's automaton).
 *
 * Control flow carries the parse state (goto between a few labels) and
 * string bodies are scanned sixteen bytes at a time, which is what makes
 * this several times faster than the automaton on CloudTrail records: they
 * are mostly short strings and keys.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "json_fast.h"
#include "json_simd.h"

/* Deepest nesting this pass follows; deeper objects go to the automaton */
#define FAST_STACK 256

static inline bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A string body from *pp (after its opening quote); *pp ends after the close */
static inline JsonFastResult
scan_string(const char **pp, const char *stop)
{
	const char *p = *pp;

	for (;;)
	{
		p = json_string_stop(p, stop, JSON_STOP_QUOTE | JSON_STOP_CONTROL);
		if (p >= stop)
			return JSON_FAST_MORE;
		if (*p == '"')
		{
			*pp = p + 1;
			return JSON_FAST_OK;
		}
		if (*p != '\\')
			return JSON_FAST_BAD;	/* an unescaped control character */
		if (stop - p < 2)
			return JSON_FAST_MORE;
		switch (p[1])
		{
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				p += 2;
				break;
			case 'u':
				if (stop - p < 6)
					return JSON_FAST_MORE;
				if (!is_hex(p[2]) || !is_hex(p[3]) || !is_hex(p[4]) || !is_hex(p[5]))
					return JSON_FAST_BAD;
				p += 6;
				break;
			default:
				return JSON_FAST_BAD;
		}
	}
}

/* One or more digits (a fraction's, an exponent's) from *pp; *pp ends after */
static inline JsonFastResult
scan_digits(const char **pp, const char *stop)
{
	const char *p = *pp;

	if (p >= stop)
		return JSON_FAST_MORE;
	if (!(*p >= '0' && *p <= '9'))
		return JSON_FAST_BAD;
	while (p < stop && *p >= '0' && *p <= '9')
		p++;
	*pp = p;
	return JSON_FAST_OK;
}

/* A number from *pp, by the JSON grammar; *pp ends after it */
static inline JsonFastResult
scan_number(const char **pp, const char *stop)
{
	const char *p = *pp;

	if (*p == '-')
		p++;
	if (p >= stop)
		return JSON_FAST_MORE;
	if (*p == '0')
	{
		p++;
		if (p < stop && *p >= '0' && *p <= '9')
			return JSON_FAST_BAD;	/* a leading zero */
	}
	else if (*p >= '1' && *p <= '9')
	{
		while (p < stop && *p >= '0' && *p <= '9')
			p++;
	}
	else
		return JSON_FAST_BAD;
	if (p < stop && *p == '.')
	{
		JsonFastResult r;

		p++;
		r = scan_digits(&p, stop);
		if (r != JSON_FAST_OK)
			return r;
	}
	if (p < stop && (*p == 'e' || *p == 'E'))
	{
		JsonFastResult r;

		p++;
		if (p < stop && (*p == '+' || *p == '-'))
			p++;
		r = scan_digits(&p, stop);
		if (r != JSON_FAST_OK)
			return r;
	}
	/* the number may go on past what we have */
	if (p >= stop)
		return JSON_FAST_MORE;
	*pp = p;
	return JSON_FAST_OK;
}

/* A value's type from its first byte */
static inline uint8_t
value_type(char c)
{
	switch (c)
	{
		case '"':
			return JT_STRING;
		case '{':
			return JT_OBJECT;
		case '[':
			return JT_ARRAY;
		case 't':
			return JT_TRUE;
		case 'f':
			return JT_FALSE;
		case 'n':
			return JT_NULL;
		default:
			return JT_NUMBER;
	}
}

#define SKIP_WS(p, stop) \
	while ((p) < (stop) && core_is_space(*(p))) \
		(p)++

/*
 * Validate the object at start ('{') within [start, end).  JSON_FAST_OK
 * fills out; JSON_FAST_MORE: end came first (more input may complete it);
 * JSON_FAST_BAD: invalid, nested deeper than max_depth, or longer than
 * max_len -- the automaton then says which.
 */
JsonFastResult
json_fast_object(const char *start, const char *end, int max_depth,
				 size_t max_len, JsonFastObject *out)
{
	const char *p = start;
	const char *stop = end;
	bool		limited = false;
	unsigned char stack[FAST_STACK];
	int			depth = 0;
	const char *key;
	const char *mkey = NULL;	/* the current member of the object itself */
	uint32_t	mkeylen = 0;
	const char *vstart = NULL;
	JsonFastResult r;

	if ((size_t) (end - start) > max_len)
	{
		/* past max_len the automaton reports the record as too large */
		stop = start + max_len;
		limited = true;
	}
	if (max_depth > FAST_STACK)
		max_depth = FAST_STACK;
	out->nmembers = 0;

value:
	SKIP_WS(p, stop);
	if (p >= stop)
		goto ran_out;
	if (depth == 1)
		vstart = p;
	switch (*p)
	{
		case '{':
		case '[':
			if (depth >= max_depth)
				return JSON_FAST_BAD;
			stack[depth++] = (unsigned char) *p;
			p++;
			SKIP_WS(p, stop);
			if (p >= stop)
				goto ran_out;
			if (*p == (stack[depth - 1] == '{' ? '}' : ']'))
			{
				/* empty */
				p++;
				depth--;
				goto value_end;
			}
			if (stack[depth - 1] == '{')
				goto key;
			goto value;
		case '"':
			p++;
			if ((r = scan_string(&p, stop)) != JSON_FAST_OK)
				goto fail;
			goto value_end;
		case 't':
		case 'f':
		case 'n':
			{
				const char *lit = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
				size_t		n = strlen(lit);

				if ((size_t) (stop - p) < n)
					goto ran_out;
				if (memcmp(p, lit, n) != 0)
					return JSON_FAST_BAD;
				p += n;
				goto value_end;
			}
		default:
			if ((r = scan_number(&p, stop)) != JSON_FAST_OK)
				goto fail;
			goto value_end;
	}

key:
	/* at p: a member's key */
	if (*p != '"')
		return JSON_FAST_BAD;
	p++;
	key = p;
	if ((r = scan_string(&p, stop)) != JSON_FAST_OK)
		goto fail;
	if (depth == 1)
	{
		mkey = key;
		mkeylen = (uint32_t) (p - 1 - key);
	}
	SKIP_WS(p, stop);
	if (p >= stop)
		goto ran_out;
	if (*p != ':')
		return JSON_FAST_BAD;
	p++;
	goto value;

value_end:
	if (depth == 0)
	{
		/* the object itself closed */
		out->len = (size_t) (p - start);
		return JSON_FAST_OK;
	}
	if (depth == 1 && vstart != NULL && out->nmembers >= 0)
	{
		if (out->nmembers == JSON_FAST_MAX_MEMBERS)
			out->nmembers = -1;
		else
		{
			JsonMember *m = &out->members[out->nmembers++];

			m->key = mkey;
			m->keylen = mkeylen;
			m->value.p = vstart;
			m->value.len = (uint32_t) (p - vstart);
			m->value.type = value_type(*vstart);
		}
	}
	SKIP_WS(p, stop);
	if (p >= stop)
		goto ran_out;
	if (*p == ',')
	{
		p++;
		SKIP_WS(p, stop);
		if (p >= stop)
			goto ran_out;
		if (stack[depth - 1] == '{')
			goto key;
		goto value;
	}
	if ((*p == '}' && stack[depth - 1] == '{') ||
		(*p == ']' && stack[depth - 1] == '['))
	{
		p++;
		depth--;
		goto value_end;
	}
	return JSON_FAST_BAD;

fail:
	if (r == JSON_FAST_MORE)
		goto ran_out;
	return r;

ran_out:
	return limited ? JSON_FAST_BAD : JSON_FAST_MORE;
}
