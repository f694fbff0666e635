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
				if (core_hex_digit(p[2]) < 0 || core_hex_digit(p[3]) < 0 ||
					core_hex_digit(p[4]) < 0 || core_hex_digit(p[5]) < 0)
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

#define SKIP_WS(p, stop) ((p) = core_skip_space((p), (stop)))

/*
 * The pass is a small automaton: at a value, at a key, after a value.  Each
 * step consumes what it decides on and says where to go next, or that the
 * pass is over.  They are static inline: this is the per-record hot path.
 */
typedef enum FastStep
{
	FAST_AT_VALUE,
	FAST_AT_KEY,
	FAST_AFTER_VALUE,
	FAST_DONE,					/* the object closed */
	FAST_RAN_OUT,				/* the input (or max_len) ended first */
	FAST_INVALID
} FastStep;

typedef struct FastParse
{
	const char *p;
	const char *stop;
	int			depth;
	int			max_depth;
	unsigned char stack[FAST_STACK];	/* '{' or '[' per open level */
	const char *mkey;			/* the current member of the object itself */
	uint32_t	mkeylen;
	const char *vstart;			/* where that member's value starts */
	JsonFastObject *out;
} FastParse;

/* Where a scan_* result leads: on, to the end of input, or invalid */
static inline FastStep
fast_after_scan(JsonFastResult r)
{
	if (r == JSON_FAST_OK)
		return FAST_AFTER_VALUE;
	return r == JSON_FAST_MORE ? FAST_RAN_OUT : FAST_INVALID;
}

/* An object or array opens at fp->p */
static inline FastStep
fast_open(FastParse *fp)
{
	char		close;

	if (fp->depth >= fp->max_depth)
		return FAST_INVALID;
	fp->stack[fp->depth++] = (unsigned char) *fp->p;
	close = *fp->p == '{' ? '}' : ']';
	fp->p++;
	SKIP_WS(fp->p, fp->stop);
	if (fp->p >= fp->stop)
		return FAST_RAN_OUT;
	if (*fp->p == close)
	{
		/* empty */
		fp->p++;
		fp->depth--;
		return FAST_AFTER_VALUE;
	}
	return close == '}' ? FAST_AT_KEY : FAST_AT_VALUE;
}

static inline FastStep
fast_value(FastParse *fp)
{
	SKIP_WS(fp->p, fp->stop);
	if (fp->p >= fp->stop)
		return FAST_RAN_OUT;
	if (fp->depth == 1)
		fp->vstart = fp->p;
	switch (*fp->p)
	{
		case '{':
		case '[':
			return fast_open(fp);
		case '"':
			fp->p++;
			return fast_after_scan(scan_string(&fp->p, fp->stop));
		case 't':
		case 'f':
		case 'n':
			{
				const char *lit = *fp->p == 't' ? "true" : *fp->p == 'f' ? "false" : "null";
				size_t		n = strlen(lit);

				if ((size_t) (fp->stop - fp->p) < n)
					return FAST_RAN_OUT;
				if (memcmp(fp->p, lit, n) != 0)
					return FAST_INVALID;
				fp->p += n;
				return FAST_AFTER_VALUE;
			}
		default:
			return fast_after_scan(scan_number(&fp->p, fp->stop));
	}
}

/* At fp->p: a member's key, then its colon */
static inline FastStep
fast_key(FastParse *fp)
{
	const char *key;
	JsonFastResult r;

	if (*fp->p != '"')
		return FAST_INVALID;
	key = ++fp->p;
	if ((r = scan_string(&fp->p, fp->stop)) != JSON_FAST_OK)
		return fast_after_scan(r);
	if (fp->depth == 1)
	{
		fp->mkey = key;
		fp->mkeylen = (uint32_t) (fp->p - 1 - key);
	}
	SKIP_WS(fp->p, fp->stop);
	if (fp->p >= fp->stop)
		return FAST_RAN_OUT;
	if (*fp->p != ':')
		return FAST_INVALID;
	fp->p++;
	return FAST_AT_VALUE;
}

/* A member of the object itself ended at fp->p: note it (up to the max) */
static inline void
fast_add_member(FastParse *fp)
{
	JsonFastObject *out = fp->out;
	JsonMember *m;

	if (fp->vstart == NULL || out->nmembers < 0)
		return;
	if (out->nmembers == JSON_FAST_MAX_MEMBERS)
	{
		out->nmembers = -1;
		return;
	}
	m = &out->members[out->nmembers++];
	m->key = fp->mkey;
	m->keylen = fp->mkeylen;
	m->value.p = fp->vstart;
	m->value.len = (uint32_t) (fp->p - fp->vstart);
	m->value.type = value_type(*fp->vstart);
}

/* After a value: a comma, the close of its container, or the end */
static inline FastStep
fast_after_value(FastParse *fp)
{
	char		open;

	if (fp->depth == 0)
		return FAST_DONE;
	if (fp->depth == 1)
		fast_add_member(fp);
	SKIP_WS(fp->p, fp->stop);
	if (fp->p >= fp->stop)
		return FAST_RAN_OUT;
	open = (char) fp->stack[fp->depth - 1];
	if (*fp->p == ',')
	{
		fp->p++;
		SKIP_WS(fp->p, fp->stop);
		if (fp->p >= fp->stop)
			return FAST_RAN_OUT;
		return open == '{' ? FAST_AT_KEY : FAST_AT_VALUE;
	}
	if ((*fp->p == '}' && open == '{') || (*fp->p == ']' && open == '['))
	{
		fp->p++;
		fp->depth--;
		return FAST_AFTER_VALUE;
	}
	return FAST_INVALID;
}

/*
 * Validate the object at start ('{') within [start, end).  JSON_FAST_OK
 * fills out; JSON_FAST_MORE: end came first (more input may complete it);
 * JSON_FAST_BAD: invalid, nested deeper than max_depth, or longer than
 * max_len -- the automaton then says which.
 */
JsonFastResult
core_json_fast_object(const char *start, const char *end, int max_depth,
				 size_t max_len, JsonFastObject *out)
{
	FastParse	fp;
	bool		limited = false;
	FastStep	step = FAST_AT_VALUE;

	fp.p = start;
	fp.stop = end;
	if ((size_t) (end - start) > max_len)
	{
		/* past max_len the automaton reports the record as too large */
		fp.stop = start + max_len;
		limited = true;
	}
	fp.depth = 0;
	fp.max_depth = max_depth > FAST_STACK ? FAST_STACK : max_depth;
	fp.mkey = NULL;
	fp.mkeylen = 0;
	fp.vstart = NULL;
	fp.out = out;
	out->nmembers = 0;

	for (;;)
	{
		switch (step)
		{
			case FAST_AT_VALUE:
				step = fast_value(&fp);
				break;
			case FAST_AT_KEY:
				step = fast_key(&fp);
				break;
			case FAST_AFTER_VALUE:
				step = fast_after_value(&fp);
				break;
			case FAST_DONE:
				out->len = (size_t) (fp.p - start);
				return JSON_FAST_OK;
			case FAST_RAN_OUT:
				return limited ? JSON_FAST_BAD : JSON_FAST_MORE;
			case FAST_INVALID:
				return JSON_FAST_BAD;
		}
	}
}
