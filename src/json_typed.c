/*-------------------------------------------------------------------------
 *
 * json_typed.c
 *	  SQL functions that read a typed value out of a jsonb member without
 *	  ever raising: the building blocks of the per-action views.
 *
 * Real requestParameters and responseElements are messy: a number where
 * the API model says string, timestamps in four spellings, and
 * "HIDDEN_DUE_TO_SECURITY_REASONS" in place of anything.  Each function
 * returns NULL for a value it cannot read as its type, so a view column is
 * either right or NULL and the raw jsonb stays beside it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "value_parse.h"
#include "pg_compat.h"

PG_FUNCTION_INFO_V1(iotatrail_json_text);
PG_FUNCTION_INFO_V1(iotatrail_json_bigint);
PG_FUNCTION_INFO_V1(iotatrail_json_integer);
PG_FUNCTION_INFO_V1(iotatrail_json_boolean);
PG_FUNCTION_INFO_V1(iotatrail_json_timestamptz);
PG_FUNCTION_INFO_V1(iotatrail_json_object);
PG_FUNCTION_INFO_V1(iotatrail_json_array);
PG_FUNCTION_INFO_V1(iotatrail_json_value);
PG_FUNCTION_INFO_V1(iotatrail_json_first_key);
PG_FUNCTION_INFO_V1(iotatrail_json_path_text);
PG_FUNCTION_INFO_V1(iotatrail_json_collect_text);
PG_FUNCTION_INFO_V1(iotatrail_json_collect_first_key);

/* What CloudTrail writes instead of a value it will not disclose */
#define HIDDEN_VALUE "HIDDEN_DUE_TO_SECURITY_REASONS"

static bool
is_hidden(const JsonbValue *v)
{
	return v->type == jbvString &&
		v->val.string.len == sizeof(HIDDEN_VALUE) - 1 &&
		memcmp(v->val.string.val, HIDDEN_VALUE, sizeof(HIDDEN_VALUE) - 1) == 0;
}

/*
 * A scalar as text: strings as they are, numbers and booleans spelled out;
 * containers, JSON null and hidden values have none.
 */
static text *
scalar_text(const JsonbValue *v)
{
	switch (v->type)
	{
		case jbvString:
			if (is_hidden(v))
				return NULL;
			return cstring_to_text_with_len(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return cstring_to_text(DatumGetCString(DirectFunctionCall1(numeric_out,
																	   NumericGetDatum(v->val.numeric))));
		case jbvBool:
			return cstring_to_text(v->val.boolean ? "true" : "false");
		default:
			return NULL;
	}
}

/* The scalar a jsonb holds at its root, if it is one */
static bool
root_scalar(Jsonb *jb, JsonbValue *v)
{
	return JB_ROOT_IS_SCALAR(jb) && JsonbExtractScalar(&jb->root, v);
}

/* Whole-number text ("42", "-7", " 42 ") as int64 */
static bool
text_to_int64(const char *s, size_t len, int64 *out)
{
	char		buf[32];
	char	   *end;

	while (len > 0 && *s == ' ')
		s++, len--;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*out = strtoll(buf, &end, 10);
	return errno == 0 && *end == '\0' && end != buf;
}

/* A whole number, from a JSON number or a string of digits */
static bool
jsonb_int64(Jsonb *jb, int64 *out)
{
	JsonbValue	v;
	text	   *t;

	if (!root_scalar(jb, &v) || (v.type != jbvNumeric && v.type != jbvString))
		return false;
	t = scalar_text(&v);
	return t != NULL && text_to_int64(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), out);
}

Datum
iotatrail_json_text(PG_FUNCTION_ARGS)
{
	JsonbValue	v;
	text	   *t;

	if (!root_scalar(PG_GETARG_JSONB_P(0), &v) || (t = scalar_text(&v)) == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(t);
}

Datum
iotatrail_json_bigint(PG_FUNCTION_ARGS)
{
	int64		n;

	if (!jsonb_int64(PG_GETARG_JSONB_P(0), &n))
		PG_RETURN_NULL();
	PG_RETURN_INT64(n);
}

Datum
iotatrail_json_integer(PG_FUNCTION_ARGS)
{
	int64		n;

	if (!jsonb_int64(PG_GETARG_JSONB_P(0), &n) || n < PG_INT32_MIN || n > PG_INT32_MAX)
		PG_RETURN_NULL();
	PG_RETURN_INT32((int32) n);
}

Datum
iotatrail_json_boolean(PG_FUNCTION_ARGS)
{
	JsonbValue	v;

	if (!root_scalar(PG_GETARG_JSONB_P(0), &v))
		PG_RETURN_NULL();
	if (v.type == jbvBool)
		PG_RETURN_BOOL(v.val.boolean);
	if (v.type == jbvString && v.val.string.len == 4 &&
		pg_strncasecmp(v.val.string.val, "true", 4) == 0)
		PG_RETURN_BOOL(true);
	if (v.type == jbvString && v.val.string.len == 5 &&
		pg_strncasecmp(v.val.string.val, "false", 5) == 0)
		PG_RETURN_BOOL(false);
	PG_RETURN_NULL();
}

/* ISO 8601, epoch seconds/milliseconds (number or string), Java dates */
Datum
iotatrail_json_timestamptz(PG_FUNCTION_ARGS)
{
	JsonbValue	v;
	text	   *t;
	int64_t		usec;

	if (!root_scalar(PG_GETARG_JSONB_P(0), &v) ||
		(v.type != jbvString && v.type != jbvNumeric) ||
		(t = scalar_text(&v)) == NULL ||
		!core_parse_timestamp_loose(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &usec) ||
		!IS_VALID_TIMESTAMP((TimestampTz) usec))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ((TimestampTz) usec);
}

Datum
iotatrail_json_object(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);

	if (!JB_ROOT_IS_OBJECT(jb))
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(jb);
}

Datum
iotatrail_json_array(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);

	if (!JB_ROOT_IS_ARRAY(jb) || JB_ROOT_IS_SCALAR(jb))
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(jb);
}

/* Any value but JSON null and a hidden one (blobs, members of any shape) */
Datum
iotatrail_json_value(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	JsonbValue	v;

	if (root_scalar(jb, &v) && (v.type == jbvNull || is_hidden(&v)))
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(jb);
}

/*
 * The first member of an object in jsonb's order (by length, then bytes),
 * stored in *key and *val.  A union-like structure such as a pipeline
 * activity or a storage choice has exactly one.
 */
static bool
first_member(JsonbContainer *container, JsonbValue *key, JsonbValue *val)
{
	JsonbIterator *it;
	JsonbIteratorToken tok;

	if (!JsonContainerIsObject(container) || JsonContainerSize(container) == 0)
		return false;
	it = JsonbIteratorInit(container);
	tok = JsonbIteratorNext(&it, key, true);	/* WJB_BEGIN_OBJECT */
	tok = JsonbIteratorNext(&it, key, true);
	if (tok != WJB_KEY)
		return false;
	tok = JsonbIteratorNext(&it, val, true);
	return tok == WJB_VALUE;
}

Datum
iotatrail_json_first_key(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	JsonbValue	key,
				val;

	if (!first_member(&jb->root, &key, &val))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(key.val.string.val, key.val.string.len));
}

/*
 * Follow path from v: each element a member name, or "*" for an object's
 * first member.  Returns false when the path leads nowhere.
 */
static bool
follow_path(JsonbValue *v, Datum *path, int npath)
{
	for (int i = 0; i < npath; i++)
	{
		text	   *step = DatumGetTextPP(path[i]);
		const char *name = VARDATA_ANY(step);
		int			len = VARSIZE_ANY_EXHDR(step);
		JsonbContainer *c;
		JsonbValue	key;

		if (v->type != jbvBinary)
			return false;
		c = v->val.binary.data;
		if (len == 1 && name[0] == '*')
		{
			if (!first_member(c, &key, v))
				return false;
		}
		else
		{
			if (!JsonContainerIsObject(c) ||
				!getKeyJsonValueFromContainer(c, name, len, v))
				return false;
		}
	}
	return true;
}

/* A text[] path argument as Datums */
static void
path_arg(FunctionCallInfo fcinfo, int argno, Datum **path, int *npath)
{
	deconstruct_array(PG_GETARG_ARRAYTYPE_P(argno), TEXTOID, -1, false,
					  TYPALIGN_INT, path, NULL, npath);
}

/* The scalar at path (members or "*") as text */
Datum
iotatrail_json_path_text(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	Datum	   *path;
	int			npath;
	JsonbValue	v;
	text	   *t;

	path_arg(fcinfo, 1, &path, &npath);
	v.type = jbvBinary;
	v.val.binary.data = &jb->root;
	v.val.binary.len = VARSIZE(jb) - VARHDRSZ;
	if (JB_ROOT_IS_SCALAR(jb) || !follow_path(&v, path, npath) ||
		(t = scalar_text(&v)) == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(t);
}

/* What to take from one array element: text, or NULL for nothing */
typedef text *(*ElementPick) (JsonbValue *elem, void *arg);

/* text[] of what pick takes from each element of an array root */
static Datum
collect_elements(Jsonb *jb, ElementPick pick, void *arg)
{
	ArrayBuildState *acc = initArrayResult(TEXTOID, CurrentMemoryContext, false);
	JsonbIterator *it = JsonbIteratorInit(&jb->root);
	JsonbIteratorToken tok;
	JsonbValue	elem;

	while ((tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE)
	{
		text	   *t;

		if (tok == WJB_ELEM && (t = pick(&elem, arg)) != NULL)
			accumArrayResult(acc, PointerGetDatum(t), false, TEXTOID, CurrentMemoryContext);
	}
	return makeArrayResult(acc, CurrentMemoryContext);
}

typedef struct PathArg
{
	Datum	   *path;
	int			npath;
} PathArg;

static text *
pick_path_text(JsonbValue *elem, void *arg)
{
	PathArg    *pa = arg;

	return follow_path(elem, pa->path, pa->npath) ? scalar_text(elem) : NULL;
}

static text *
pick_first_key(JsonbValue *elem, void *arg)
{
	JsonbValue	key,
				val;

	if (elem->type != jbvBinary || !first_member(elem->val.binary.data, &key, &val))
		return NULL;
	return cstring_to_text_with_len(key.val.string.val, key.val.string.len);
}

/* The text at path inside each element of an array, NULLs left out */
Datum
iotatrail_json_collect_text(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	PathArg		pa;

	if (!JB_ROOT_IS_ARRAY(jb) || JB_ROOT_IS_SCALAR(jb))
		PG_RETURN_NULL();
	path_arg(fcinfo, 1, &pa.path, &pa.npath);
	PG_RETURN_DATUM(collect_elements(jb, pick_path_text, &pa));
}

/* The first key of each object of an array: the kinds of union elements */
Datum
iotatrail_json_collect_first_key(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);

	if (!JB_ROOT_IS_ARRAY(jb) || JB_ROOT_IS_SCALAR(jb))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(collect_elements(jb, pick_first_key, NULL));
}
