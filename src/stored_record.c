/*
 * stored_record.c
 *		The remainder of a record that a stored table keeps beside its
 *		columns (issue 31): iotatrail.sync stores no field twice.
 *
 * A stored event keeps the typed and jsonb columns, and in record_rest only
 * the top-level members of the record that the columns do not give back
 * exactly.  iotatrail_internal.record_columns() rebuilds the members the
 * columns hold; record_rest(record, rebuilt) keeps the others, so that
 * rebuilt || record_rest = record (jsonb equality) holds by construction:
 * when it could not (rebuilt has a member the record lacks), the remainder
 * is the whole record in a one-element array, which stored_record() gives
 * back as it is.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

PG_FUNCTION_INFO_V1(iotatrail_record_rest);

/* The record whole, as the remainder of a record nothing is taken from */
static Datum
rest_whole(Jsonb *record)
{
	JsonbParseState *state = NULL;
	JsonbValue	v;
	JsonbValue *res;

	v.type = jbvBinary;
	v.val.binary.data = &record->root;
	v.val.binary.len = VARSIZE(record) - VARHDRSZ;
	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	pushJsonbValue(&state, WJB_ELEM, &v);
	res = pushJsonbValue(&state, WJB_END_ARRAY, NULL);
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

/* Whether two jsonb values are equal as jsonb's = sees them */
static bool
jsonb_values_equal(JsonbValue *a, JsonbValue *b)
{
	Jsonb	   *ja = JsonbValueToJsonb(a);
	Jsonb	   *jb = JsonbValueToJsonb(b);

	return compareJsonbContainers(&ja->root, &jb->root) == 0;
}

/*
 * record_rest(record jsonb, rebuilt jsonb) returns jsonb
 *		The members of record that rebuilt does not hold with an equal value,
 *		as an object; the array [record] when rebuilt holds a member record
 *		does not have (then rebuilt || rest could not give record back).
 *		NULL for a NULL record.
 */
Datum
iotatrail_record_rest(PG_FUNCTION_ARGS)
{
	Jsonb	   *record;
	Jsonb	   *rebuilt;
	JsonbParseState *state = NULL;
	JsonbIterator *it;
	JsonbValue	k;
	JsonbValue	v;
	JsonbValue *res;
	JsonbIteratorToken tok;
	uint32		found = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	record = PG_GETARG_JSONB_P(0);
	if (!JB_ROOT_IS_OBJECT(record) || JB_ROOT_IS_SCALAR(record))
		PG_RETURN_DATUM(rest_whole(record));
	if (PG_ARGISNULL(1))
		PG_RETURN_JSONB_P(record);
	rebuilt = PG_GETARG_JSONB_P(1);
	if (!JB_ROOT_IS_OBJECT(rebuilt) || JB_ROOT_IS_SCALAR(rebuilt))
		PG_RETURN_DATUM(rest_whole(record));

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	it = JsonbIteratorInit(&record->root);
	tok = JsonbIteratorNext(&it, &k, true);	/* WJB_BEGIN_OBJECT */
	while ((tok = JsonbIteratorNext(&it, &k, true)) == WJB_KEY)
	{
		JsonbValue *r;

		tok = JsonbIteratorNext(&it, &v, true);	/* WJB_VALUE */
		Assert(tok == WJB_VALUE);
		r = findJsonbValueFromContainer(&rebuilt->root, JB_FOBJECT, &k);
		if (r != NULL)
		{
			found++;
			if (jsonb_values_equal(r, &v))
				continue;
		}
		pushJsonbValue(&state, WJB_KEY, &k);
		pushJsonbValue(&state, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&state, WJB_END_OBJECT, NULL);

	/*
	 * every member rebuilt holds must be one of the record's (those it holds
	 * otherwise are in the rest, which wins in rebuilt || rest)
	 */
	if (found != JsonContainerSize(&rebuilt->root))
		PG_RETURN_DATUM(rest_whole(record));
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}
