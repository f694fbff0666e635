/*-------------------------------------------------------------------------
 *
 * json_split.c
 *	  Split a stream of JSON text into items, validating as it goes.
 *
 * The input is one or more top-level JSON values (a log file, NDJSON, a
 * concatenation of documents).  An item is
 *	- each element of a top-level object's "Records" or "Events" array,
 *	  streamed one at a time so a file of any size needs only the largest
 *	  record in memory;
 *	- each top-level object without such a list (a single record, an
 *	  EventBridge envelope, an NDJSON line), or each element of a top-level
 *	  array.
 * The splitter is a byte-at-a-time pushdown automaton over a window buffer
 * that keeps only the bytes of the item being captured.  It checks the whole
 * JSON grammar, so later stages may assume an item is valid JSON.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "json_split.h"

enum
{
	S_DOC,						/* between top-level values */
	S_BOM,						/* inside a leading UTF-8 byte order mark */
	S_VALUE,					/* a value must start */
	S_ARR_FIRST,				/* after '[': a value or ']' */
	S_OBJ_FIRST,				/* after '{': a key or '}' */
	S_OBJ_KEY,					/* after ',' in an object: a key */
	S_COLON,					/* after a key */
	S_AFTER,					/* after a value inside a container */
	S_STRING,
	S_ESCAPE,
	S_UHEX,						/* substate: hex digits still expected */
	S_NUMBER,					/* substate: N_* below */
	S_LITERAL					/* substate: literal * 8 + bytes matched */
};

enum
{
	N_MINUS = 1, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP
};

static const char *const literals[3] = {"true", "false", "null"};

#define INITIAL_WINDOW (256 * 1024)

/*
 * A splitter at the start of a source, over the window and stack given
 * (everything else cleared)
 */
static void
split_start(JsonSplitter *sp, CoreReadFn read, void *read_arg,
			const CoreAllocator *mem, size_t max_item, int max_depth,
			unsigned char *buf, size_t cap, unsigned char *stack, size_t stack_cap)
{
	memset(sp, 0, sizeof(*sp));
	sp->read = read;
	sp->read_arg = read_arg;
	sp->mem = mem;
	sp->max_item = max_item;
	sp->max_depth = max_depth;
	sp->buf = buf;
	sp->cap = cap;
	sp->stack = stack;
	sp->stack_cap = stack_cap;
	sp->state = S_DOC;
	sp->key_start = -1;
	sp->cap_start = -1;
}

/* Prepare a splitter; max_item bounds one item, max_depth its nesting */
void
core_json_split_init(JsonSplitter *sp, CoreReadFn read, void *read_arg,
				const CoreAllocator *mem, size_t max_item, int max_depth)
{
	split_start(sp, read, read_arg, mem, max_item, max_depth,
				mem->alloc(mem->ctx, INITIAL_WINDOW), INITIAL_WINDOW,
				mem->alloc(mem->ctx, 64), 64);
}

/*
 * Start over on a new source, keeping the window and the stack (a window
 * grown for one huge item is given back, so memory follows the item being
 * read, not the largest one ever read)
 */
void
core_json_split_restart(JsonSplitter *sp, CoreReadFn read, void *read_arg)
{
	unsigned char *buf = sp->buf;
	size_t		cap = sp->cap;

	if (cap > 4 * INITIAL_WINDOW)
	{
		sp->mem->free(sp->mem->ctx, buf);
		cap = INITIAL_WINDOW;
		buf = sp->mem->alloc(sp->mem->ctx, cap);
	}
	split_start(sp, read, read_arg, sp->mem, sp->max_item, sp->max_depth,
				buf, cap, sp->stack, sp->stack_cap);
}

/* Free the window and the container stack */
void
core_json_split_end(JsonSplitter *sp)
{
	if (sp->buf)
		sp->mem->free(sp->mem->ctx, sp->buf);
	if (sp->stack)
		sp->mem->free(sp->mem->ctx, sp->stack);
	sp->buf = NULL;
	sp->stack = NULL;
}

/* Stop with a syntax or input error at the current position */
static int
split_fail(JsonSplitter *sp, CoreError code, const char *msg)
{
	sp->error = code;
	snprintf(sp->errmsg, sizeof(sp->errmsg), "%s", msg);
	sp->err_offset = sp->base + sp->pos;
	sp->failed = true;
	return -1;
}

/*
 * The problem of a record over the limit (the caller knows which option set
 * it: the text names none)
 */
static const char *
split_too_large(JsonSplitter *sp)
{
	if (sp->too_large[0] == '\0')
		snprintf(sp->too_large, sizeof(sp->too_large),
				 "the record is larger than the limit of %zu bytes", sp->max_item);
	return sp->too_large;
}

/* Mark the item being captured as too large: its bytes are no longer kept */
static void
split_drop_capture(JsonSplitter *sp)
{
	sp->cap_start = -1;
	sp->cap_dropped = true;
	sp->cap_problem = split_too_large(sp);
	sp->cap_error = CORE_ERR_RECORD_TOO_LARGE;
}

/*
 * Make room and read more input.  Bytes before the capture (or the key being
 * read, or the parse position) are dropped.  Returns 1 when bytes were added,
 * 0 at end of input, -1 on error.
 */
static int
split_fill(JsonSplitter *sp)
{
	size_t		keep;
	ssize_t		n;

	if (sp->eof)
		return 0;
	for (;;)
	{
		keep = sp->pos;
		if (sp->cap_start >= 0 && (size_t) sp->cap_start < keep)
			keep = (size_t) sp->cap_start;
		if (sp->key_start >= 0 && (size_t) sp->key_start - 1 < keep)
			keep = (size_t) sp->key_start - 1;
		if (keep > 0)
		{
			memmove(sp->buf, sp->buf + keep, sp->len - keep);
			sp->len -= keep;
			sp->pos -= keep;
			sp->base += keep;
			if (sp->cap_start >= 0)
				sp->cap_start -= (ssize_t) keep;
			if (sp->key_start >= 0)
				sp->key_start -= (ssize_t) keep;
		}
		/* a capture past the limit stops being kept; reported at its end */
		if (sp->cap_start >= 0 && sp->len - (size_t) sp->cap_start > sp->max_item)
		{
			split_drop_capture(sp);
			continue;
		}
		if (sp->len < sp->cap)
			break;
		/* the window is full of bytes we must keep */
		if (sp->len >= sp->max_item)
		{
			if (sp->cap_start >= 0)
			{
				/* too large: stop keeping it, report it when it ends */
				split_drop_capture(sp);
				continue;
			}
			{
				char		msg[CORE_ERRLEN];

				snprintf(msg, sizeof(msg),
						 "object key is longer than the limit of %zu bytes", sp->max_item);
				return split_fail(sp, CORE_ERR_KEY_TOO_LARGE, msg);
			}
		}
		{
			size_t		newcap = sp->cap * 2;

			if (newcap > sp->max_item + 65536)
				newcap = sp->max_item + 65536;
			sp->buf = sp->mem->realloc(sp->mem->ctx, sp->buf, newcap);
			sp->cap = newcap;
		}
		break;
	}
	n = sp->read(sp->read_arg, sp->buf + sp->len, sp->cap - sp->len,
				 sp->errmsg, sizeof(sp->errmsg));
	if (n < 0)
	{
		sp->error = CORE_ERR_READ;
		sp->err_offset = sp->base + sp->len;
		sp->failed = true;
		return -1;
	}
	if (n == 0)
	{
		sp->eof = true;
		return 0;
	}
	sp->len += (size_t) n;
	return 1;
}

/* Fill item from the capture that just closed */
static void
split_yield(JsonSplitter *sp, SplitItem *item)
{
	item->kind = sp->cap_kind;
	item->offset = sp->cap_offset;
	item->index = sp->items++;
	item->problem = sp->cap_problem;
	item->error = sp->cap_error;
	item->members = NULL;
	item->nmembers = 0;
	if (sp->cap_dropped || sp->cap_problem)
	{
		item->data = NULL;
		item->len = 0;
	}
	else
	{
		item->data = (const char *) sp->buf + sp->cap_start;
		item->len = sp->pos + 1 - (size_t) sp->cap_start;
		if (item->len > sp->max_item)
		{
			item->problem = split_too_large(sp);
			item->error = CORE_ERR_RECORD_TOO_LARGE;
			item->data = NULL;
			item->len = 0;
		}
	}
	sp->cap_start = -1;
	sp->cap_dropped = false;
	sp->cap_problem = NULL;
	sp->cap_error = CORE_OK;
}

/* Push a container, growing the stack; mark captures that get too deep */
static void
split_push(JsonSplitter *sp, unsigned char type)
{
	if (sp->depth == sp->stack_cap)
	{
		sp->stack_cap *= 2;
		sp->stack = sp->mem->realloc(sp->mem->ctx, sp->stack, sp->stack_cap);
	}
	sp->stack[sp->depth++] = type;
	if ((sp->cap_start >= 0 || sp->cap_dropped) && sp->cap_problem == NULL &&
		sp->depth - sp->cap_depth > (size_t) sp->max_depth)
	{
		sp->cap_problem = "the record nests objects and arrays too deeply";
		sp->cap_error = CORE_ERR_RECORD_TOO_DEEP;
	}
}

/*
 * A value starts with byte c at depth sp->depth.  Decides captures and the
 * Records/Events list; returns 1 when it yields a problem item at once,
 * 0 to go on, -1 on error.  Does not consume c.
 */
static int
split_value_start(JsonSplitter *sp, unsigned char c, SplitItem *item)
{
	bool		is_item = false;
	SplitItemKind kind = SPLIT_DOCUMENT;

	if (sp->depth == 0)
	{
		sp->documents++;
		sp->doc_offset = sp->base + sp->pos;
		if (c == '[')
		{
			sp->top_is_array = true;
			return 0;
		}
		if (c != '{')
			return split_fail(sp, CORE_ERR_JSON_STRUCTURE, sp->documents > 1 ?
							  "unexpected data after the end of a JSON document: expected '{' to start another document" :
							  "expected a JSON object ('{') at the start of the input");
		is_item = true;
	}
	else if (sp->depth == 1 && sp->top_is_array)
		is_item = true;
	else if (sp->depth == 1 && sp->key_kind != 0)
	{
		if (c != '[')
			return split_fail(sp, CORE_ERR_JSON_STRUCTURE, sp->key_kind == 1 ?
							  "expected an array as the value of \"Records\"" :
							  "expected an array as the value of \"Events\"");
		/* the document is a list: its elements are the items */
		sp->list_kind = sp->key_kind;
		sp->key_kind = 0;
		sp->cap_start = -1;
		sp->cap_dropped = false;
		sp->cap_problem = NULL;
		sp->cap_error = CORE_OK;
		return 0;
	}
	else if (sp->depth == 2 && sp->list_kind != 0)
	{
		is_item = true;
		kind = sp->list_kind == 1 ? SPLIT_RECORDS_ELEMENT : SPLIT_EVENTS_ELEMENT;
	}
	if (sp->depth == 1)
		sp->key_kind = 0;
	if (!is_item)
		return 0;

	sp->cap_kind = kind;
	sp->cap_offset = sp->base + sp->pos;
	sp->cap_depth = sp->depth;
	sp->cap_dropped = false;
	sp->cap_problem = NULL;
	sp->cap_error = CORE_OK;
	if (c != '{')
	{
		/* report a non-object element now; the value is then skipped */
		sp->cap_start = -1;
		sp->cap_problem = "expected a JSON object for a record";
		sp->cap_error = CORE_ERR_RECORD_NOT_OBJECT;
		sp->cap_dropped = true;
		split_yield(sp, item);
		return 1;
	}
	sp->cap_start = (ssize_t) sp->pos;
	return 0;
}

/* A scalar value or a container finished: set the state that follows */
static void
split_value_done(JsonSplitter *sp)
{
	sp->state = sp->depth == 0 ? S_DOC : S_AFTER;
}

/* Close a container with byte c; returns 1 when an item completes */
static int
split_close(JsonSplitter *sp, unsigned char c, SplitItem *item)
{
	unsigned char want = (c == '}') ? 'O' : 'A';

	if (sp->depth == 0 || sp->stack[sp->depth - 1] != want)
		return split_fail(sp, CORE_ERR_JSON_SYNTAX, c == '}' ? "unexpected '}'" : "unexpected ']'");
	sp->depth--;
	if (sp->depth == 1 && sp->list_kind != 0 && c == ']')
		sp->list_kind = 0;
	if (sp->depth == 0)
	{
		sp->top_is_array = false;
		sp->key_kind = 0;
		sp->list_kind = 0;
	}
	split_value_done(sp);
	if ((sp->cap_start >= 0 || sp->cap_dropped) && sp->depth == sp->cap_depth)
	{
		split_yield(sp, item);
		return 1;
	}
	return 0;
}

/* Compare the depth-1 key just read with the list names */
static void
split_key_done(JsonSplitter *sp)
{
	if (sp->key_start >= 0)
	{
		size_t		klen = sp->pos - (size_t) sp->key_start;
		const char *k = (const char *) sp->buf + sp->key_start;

		if (klen == 7 && memcmp(k, "Records", 7) == 0)
			sp->key_kind = 1;
		else if (klen == 6 && memcmp(k, "Events", 6) == 0)
			sp->key_kind = 2;
		else
			sp->key_kind = 0;
		sp->key_start = -1;
	}
}

/*
 * A list element object starts at pos: validate it whole with the fast
 * pass, reading on while it is incomplete.  Returns 1 with the item
 * yielded, 0 when the automaton must take over (invalid input, too deep or
 * too large, end of input), -1 on a read error.
 */
static int
split_fast_item(JsonSplitter *sp, SplitItem *item)
{
	for (;;)
	{
		JsonFastResult fr = core_json_fast_object((const char *) sp->buf + sp->pos,
											 (const char *) sp->buf + sp->len,
											 sp->max_depth, sp->max_item,
											 &sp->fast);
		size_t		want;
		int			f;

		if (fr == JSON_FAST_OK)
		{
			sp->pos += sp->fast.len - 1;	/* the closing brace */
			split_value_done(sp);
			split_yield(sp, item);
			if (sp->fast.nmembers >= 0)
			{
				item->members = sp->fast.members;
				item->nmembers = sp->fast.nmembers;
			}
			sp->pos++;
			return 1;
		}
		if (fr == JSON_FAST_BAD || sp->eof)
			return 0;

		/* at least double what we have before trying again */
		want = 2 * (sp->len - sp->pos);
		do
		{
			/*
			 * A full window that may not grow: the automaton consumes the
			 * bytes as it goes and reports the record as too large.
			 */
			if (sp->len >= sp->cap && sp->len >= sp->max_item)
				return 0;
			f = split_fill(sp);
		} while (f > 0 && sp->cap_start >= 0 && sp->len - sp->pos < want &&
				 sp->len - sp->pos <= sp->max_item);
		if (f < 0)
			return -1;
		if (sp->cap_start < 0)
			return 0;
	}
}

/* End of input: fine between documents, an error anywhere else */
static int
split_at_eof(JsonSplitter *sp)
{
	if (sp->state == S_NUMBER && sp->depth == 0)
		return split_fail(sp, CORE_ERR_JSON_INCOMPLETE, "unexpected end of input");
	if (sp->state != S_DOC || sp->depth > 0)
	{
		char		msg[CORE_ERRLEN];

		snprintf(msg, sizeof(msg),
				 "unexpected end of input: the JSON document that starts at byte offset %llu is incomplete",
				 (unsigned long long) sp->doc_offset);
		return split_fail(sp, CORE_ERR_JSON_INCOMPLETE, msg);
	}
	if (sp->documents == 0)
		return split_fail(sp, CORE_ERR_EMPTY_INPUT, "the input is empty: expected a CloudTrail JSON document");
	return 0;
}

/*
 * The states inside a value are handled by the split_in_* helpers below,
 * the states between values by split_structure; each consumes what it
 * decides on and returns 0 to go on, -1 on error, and split_structure 1
 * when an item completes.  They are static inline: this is the hot loop.
 */

/*
 * Inside a string: run to the next quote, backslash or control character
 * (the fast path: most bytes of a record are string bytes)
 */
static inline int
split_in_string(JsonSplitter *sp)
{
	const unsigned char *p = sp->buf + sp->pos;
	const unsigned char *end = sp->buf + sp->len;

	while (p < end && *p != '"' && *p != '\\' && *p >= 0x20)
		p++;
	sp->pos = (size_t) (p - sp->buf);
	if (p == end)
		return 0;
	if (*p == '"')
	{
		if (sp->str_is_key)
		{
			split_key_done(sp);
			sp->state = S_COLON;
		}
		else
			split_value_done(sp);
	}
	else if (*p == '\\')
		sp->state = S_ESCAPE;
	else
		return split_fail(sp, CORE_ERR_JSON_SYNTAX, "unescaped control character in a JSON string");
	sp->pos++;
	return 0;
}

/* After a backslash in a string, and the hex digits of a \u escape */
static inline int
split_in_escape(JsonSplitter *sp, unsigned char c)
{
	if (sp->state == S_UHEX)
	{
		if (core_hex_digit((char) c) < 0)
			return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid \\u escape in a JSON string: expected four hex digits");
		if (--sp->substate == 0)
			sp->state = S_STRING;
	}
	else if (c == 'u')
	{
		sp->state = S_UHEX;
		sp->substate = 4;
	}
	else if (c == '"' || c == '\\' || c == '/' || c == 'b' ||
			 c == 'f' || c == 'n' || c == 'r' || c == 't')
		sp->state = S_STRING;
	else
		return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid escape sequence in a JSON string");
	sp->pos++;
	return 0;
}

/*
 * Inside a number (substate: the N_* part reached).  The byte that ends a
 * number is not consumed: the state that follows looks at it.
 */
static inline int
split_in_number(JsonSplitter *sp, unsigned char c)
{
	bool		digit = c >= '0' && c <= '9';
	int			n = sp->substate;

	switch (n)
	{
		case N_MINUS:
			if (c == '0')
				n = N_ZERO;
			else if (digit)
				n = N_INT;
			else
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid number: expected a digit after '-'");
			break;
		case N_ZERO:
		case N_INT:
			if (digit && n == N_INT)
				break;
			if (c == '.')
				n = N_DOT;
			else if (c == 'e' || c == 'E')
				n = N_E;
			else if (digit)
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid number: leading zero");
			else
				n = 0;
			break;
		case N_DOT:
			if (!digit)
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid number: expected a digit after '.'");
			n = N_FRAC;
			break;
		case N_FRAC:
			if (c == 'e' || c == 'E')
				n = N_E;
			else if (!digit)
				n = 0;
			break;
		case N_E:
			if (c == '+' || c == '-')
				n = N_ESIGN;
			else if (digit)
				n = N_EXP;
			else
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid number: expected an exponent");
			break;
		case N_ESIGN:
			if (!digit)
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid number: expected an exponent");
			n = N_EXP;
			break;
		case N_EXP:
			if (!digit)
				n = 0;
			break;
	}
	if (n == 0)
	{
		/* the number ended before c; look at c again */
		split_value_done(sp);
		return 0;
	}
	sp->substate = n;
	sp->pos++;
	return 0;
}

/* Inside true, false or null (substate: literal * 8 + bytes matched) */
static inline int
split_in_literal(JsonSplitter *sp, unsigned char c)
{
	int			lit = sp->substate / 8;
	int			i = sp->substate % 8;

	if ((unsigned char) literals[lit][i] != c)
		return split_fail(sp, CORE_ERR_JSON_SYNTAX, "invalid literal: expected true, false or null");
	sp->pos++;
	if (literals[lit][i + 1] == '\0')
		split_value_done(sp);
	else
		sp->substate++;
	return 0;
}

/* Inside a leading UTF-8 byte order mark (substate: bytes matched) */
static inline int
split_in_bom(JsonSplitter *sp, unsigned char c)
{
	if ((sp->substate == 1 && c != 0xBB) || (sp->substate == 2 && c != 0xBF))
		return split_fail(sp, CORE_ERR_JSON_STRUCTURE, "expected a JSON object ('{') at the start of the input");
	sp->pos++;
	if (++sp->substate == 3)
		sp->state = S_DOC;
	return 0;
}

/*
 * A value starts with byte c (not whitespace): list elements go to the
 * fast pass first, then the state of the value c begins.  Returns 1 when
 * an item completes, 0 to go on, -1 on error.
 */
static inline int
split_begin_value(JsonSplitter *sp, unsigned char c, SplitItem *item)
{
	int			r;

	if (c == ']' && sp->state == S_ARR_FIRST)
		r = split_close(sp, c, item);
	else
	{
		r = split_value_start(sp, c, item);
		if (r < 0)
			return -1;
		if (r == 0 && c == '{' && sp->cap_start == (ssize_t) sp->pos &&
			sp->cap_kind != SPLIT_DOCUMENT && !sp->no_fast)
		{
			/* a list element: the fast pass, the automaton if need be */
			r = split_fast_item(sp, item);
			if (r != 0)
				return r;
			c = sp->buf[sp->pos];
		}
		switch (c)
		{
			case '{':
				split_push(sp, 'O');
				sp->state = S_OBJ_FIRST;
				break;
			case '[':
				split_push(sp, 'A');
				sp->state = S_ARR_FIRST;
				break;
			case '"':
				sp->state = S_STRING;
				sp->str_is_key = false;
				break;
			case '-':
				sp->state = S_NUMBER;
				sp->substate = N_MINUS;
				break;
			case 't':
			case 'f':
			case 'n':
				sp->state = S_LITERAL;
				sp->substate = (c == 't' ? 0 : c == 'f' ? 1 : 2) * 8 + 1;
				break;
			default:
				if (c >= '0' && c <= '9')
				{
					sp->state = S_NUMBER;
					sp->substate = c == '0' ? N_ZERO : N_INT;
					break;
				}
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "expected a JSON value");
		}
	}
	if (r < 0)
		return -1;
	sp->pos++;
	return r;
}

/*
 * Between values: whitespace, a value's start, keys, colons, commas and
 * closing brackets.  Returns 1 when an item completes, 0 to go on, -1 on
 * error.
 */
static inline int
split_structure(JsonSplitter *sp, unsigned char c, SplitItem *item)
{
	int			r = 0;

	if (core_is_space((char) c))
	{
		sp->pos++;
		return 0;
	}
	switch (sp->state)
	{
		case S_DOC:
			if (c == 0xEF && sp->base + sp->pos == 0)
			{
				sp->state = S_BOM;
				sp->substate = 1;
				sp->pos++;
				return 0;
			}
			/* FALLTHROUGH */
		case S_VALUE:
		case S_ARR_FIRST:
			return split_begin_value(sp, c, item);

		case S_OBJ_FIRST:
		case S_OBJ_KEY:
			if (c == '}' && sp->state == S_OBJ_FIRST)
			{
				r = split_close(sp, c, item);
				break;
			}
			if (c != '"')
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "expected a string as an object key");
			sp->state = S_STRING;
			sp->str_is_key = true;
			if (sp->depth == 1 && !sp->top_is_array)
				sp->key_start = (ssize_t) sp->pos + 1;
			break;

		case S_COLON:
			if (c != ':')
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, "expected ':' after an object key");
			sp->state = S_VALUE;
			break;

		case S_AFTER:
			if (c == ',')
				sp->state = sp->stack[sp->depth - 1] == 'O' ? S_OBJ_KEY : S_VALUE;
			else if (c == '}' || c == ']')
				r = split_close(sp, c, item);
			else
				return split_fail(sp, CORE_ERR_JSON_SYNTAX, sp->stack[sp->depth - 1] == 'O' ?
								  "expected ',' or '}' after an object member" :
								  "expected ',' or ']' after an array element");
			break;
	}
	if (r < 0)
		return -1;
	sp->pos++;
	return r;
}

/*
 * Produce the next item.  Returns 1 with *item filled (valid until the next
 * call), 0 at the end of the input, -1 on error (see core_json_split_error).
 */
int
core_json_split_next(JsonSplitter *sp, SplitItem *item)
{
	if (sp->failed)
		return -1;
	for (;;)
	{
		unsigned char c;
		int			r;

		if (sp->pos >= sp->len)
		{
			int			f = split_fill(sp);

			if (f < 0)
				return -1;
			if (f == 0)
				return split_at_eof(sp);
		}
		c = sp->buf[sp->pos];

		switch (sp->state)
		{
			case S_STRING:
				r = split_in_string(sp);
				break;
			case S_ESCAPE:
			case S_UHEX:
				r = split_in_escape(sp, c);
				break;
			case S_NUMBER:
				r = split_in_number(sp, c);
				break;
			case S_LITERAL:
				r = split_in_literal(sp, c);
				break;
			case S_BOM:
				r = split_in_bom(sp, c);
				break;
			default:
				r = split_structure(sp, c, item);
				if (r == 1)
					return 1;
				break;
		}
		if (r < 0)
			return -1;
	}
}

/*
 * Why the splitter stopped: CORE_OK while it has not, else the kind of
 * error, with the message and the byte offset where it was found (either
 * pointer may be NULL)
 */
CoreError
core_json_split_error(const JsonSplitter *sp, const char **detail, uint64_t *offset)
{
	if (detail)
		*detail = sp->failed ? sp->errmsg : NULL;
	if (offset)
		*offset = sp->failed ? sp->err_offset : 0;
	return sp->failed ? sp->error : CORE_OK;
}
