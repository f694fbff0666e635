/*
 * stored_record.c
 *		The remainder of a record that a stored table keeps beside its
 *		columns (issue 31): iotatrail.sync stores no field twice.
 *
 * A stored event keeps the typed and jsonb columns, and in record_rest only
 * the top-level members of the record that the columns do not give back
 * exactly.  Both directions go through one function, column_member(), that
 * writes a column back as its member: record_rest() leaves out a member
 * when column_member() gives back the record's value (jsonb equality), and
 * record_rebuild() writes the members column_member() gives, then the
 * rest's.  So record_rebuild(record_rest(r, cols), cols) = r holds by
 * construction: when it could not (a column gives a member the record does
 * not have), the remainder is the whole record in a one-element array,
 * which record_rebuild() gives back as it is.
 *
 * The columns come as arguments, in the order of the members below; the
 * four of tlsDetails make one member.
 */
#include "postgres.h"

#include "access/toast_compression.h"
#include "access/toast_internals.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
#include "pg_compat.h"

PG_FUNCTION_INFO_V1(iotatrail_record_rest);
PG_FUNCTION_INFO_V1(iotatrail_record_rebuild);
PG_FUNCTION_INFO_V1(iotatrail_stored_compress);

typedef enum MemberKind
{
	MK_TEXT,					/* a string, from text */
	MK_TIME,					/* "YYYY-MM-DDTHH:MI:SSZ", from timestamptz */
	MK_UUID,					/* a string, from uuid */
	MK_BOOL,					/* true or false, from boolean */
	MK_BOOL_TEXT,				/* "true" or "false", from boolean */
	MK_TLS,						/* tlsDetails, from four text columns */
	MK_JSONB					/* the value, from jsonb */
} MemberKind;

typedef struct StoredMember
{
	const char *key;
	MemberKind	kind;
} StoredMember;

/* in the order of the column arguments (after the first argument) */
static const StoredMember members[] = {
	{"eventTime", MK_TIME}, {"eventVersion", MK_TEXT}, {"eventSource", MK_TEXT},
	{"eventName", MK_TEXT}, {"awsRegion", MK_TEXT}, {"sourceIPAddress", MK_TEXT},
	{"userAgent", MK_TEXT}, {"requestID", MK_TEXT}, {"eventID", MK_UUID},
	{"eventType", MK_TEXT}, {"eventCategory", MK_TEXT}, {"apiVersion", MK_TEXT},
	{"readOnly", MK_BOOL}, {"managementEvent", MK_BOOL}, {"recipientAccountId", MK_TEXT},
	{"sharedEventID", MK_TEXT}, {"vpcEndpointId", MK_TEXT}, {"vpcEndpointAccountId", MK_TEXT},
	{"errorCode", MK_TEXT}, {"errorMessage", MK_TEXT},
	{"sessionCredentialFromConsole", MK_BOOL_TEXT}, {"tlsDetails", MK_TLS},
	{"userIdentity", MK_JSONB}, {"requestParameters", MK_JSONB}, {"responseElements", MK_JSONB},
	{"additionalEventData", MK_JSONB}, {"resources", MK_JSONB}, {"serviceEventDetails", MK_JSONB},
	{"addendum", MK_JSONB}, {"edgeDeviceDetails", MK_JSONB}, {"insightDetails", MK_JSONB},
	{"eventContext", MK_JSONB},
};
#define NUM_MEMBERS lengthof(members)
#define NUM_COLUMN_ARGS (NUM_MEMBERS + 3)	/* tlsDetails takes 4 */
static const char *const tls_keys[] = {"tlsVersion", "cipherSuite", "clientProvidedHostHeader", "keyExchange"};

static void
string_value(JsonbValue *v, char *s, int len)
{
	v->type = jbvString;
	v->val.string.val = s;
	v->val.string.len = len;
}

/* A jsonb column's value: its scalar, or its container */
static void
jsonb_column_value(Datum d, JsonbValue *v)
{
	Jsonb	   *j = DatumGetJsonbP(d);

	if (JB_ROOT_IS_SCALAR(j))
		JsonbExtractScalar(&j->root, v);
	else
	{
		v->type = jbvBinary;
		v->val.binary.data = &j->root;
		v->val.binary.len = VARSIZE(j) - VARHDRSZ;
	}
}

/* tlsDetails: an object of the non-NULL columns of the four; false if none */
static bool
tls_value(FunctionCallInfo fcinfo, int arg, JsonbValue *v)
{
	JsonbParseState *state = NULL;
	JsonbValue	k;
	JsonbValue	s;
	bool		any = false;
	Jsonb	   *j;

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < 4; i++)
	{
		text	   *t;

		if (PG_ARGISNULL(arg + i))
			continue;
		t = PG_GETARG_TEXT_PP(arg + i);
		string_value(&k, (char *) tls_keys[i], strlen(tls_keys[i]));
		string_value(&s, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
		pushJsonbValue(&state, WJB_KEY, &k);
		pushJsonbValue(&state, WJB_VALUE, &s);
		any = true;
	}
	if (!any)
		return false;
	j = JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, NULL));
	jsonb_column_value(JsonbPGetDatum(j), v);
	return true;
}

/* eventTime as CloudTrail writes it; false for a time it cannot write so */
static bool
time_value(TimestampTz ts, JsonbValue *v)
{
	struct pg_tm tm;
	fsec_t		fsec;
	char	   *buf;

	if (TIMESTAMP_NOT_FINITE(ts) || timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		return false;
	if (fsec != 0 || tm.tm_year < 1 || tm.tm_year > 9999)
		return false;
	buf = psprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year, tm.tm_mon, tm.tm_mday,
				   tm.tm_hour, tm.tm_min, tm.tm_sec);
	string_value(v, buf, strlen(buf));
	return true;
}

/*
 * The member m as the columns write it back (its first column is argument
 * arg); false when they give none (NULL)
 */
static bool
column_member(FunctionCallInfo fcinfo, int m, int arg, JsonbValue *v)
{
	if (members[m].kind == MK_TLS)
		return tls_value(fcinfo, arg, v);
	if (PG_ARGISNULL(arg))
		return false;
	switch (members[m].kind)
	{
		case MK_TEXT:
			{
				text	   *t = PG_GETARG_TEXT_PP(arg);

				string_value(v, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
				return true;
			}
		case MK_TIME:
			return time_value(PG_GETARG_TIMESTAMPTZ(arg), v);
		case MK_UUID:
			{
				char	   *s = DatumGetCString(DirectFunctionCall1(uuid_out, PG_GETARG_DATUM(arg)));

				string_value(v, s, strlen(s));
				return true;
			}
		case MK_BOOL:
			v->type = jbvBool;
			v->val.boolean = PG_GETARG_BOOL(arg);
			return true;
		case MK_BOOL_TEXT:
			string_value(v, PG_GETARG_BOOL(arg) ? "true" : "false", PG_GETARG_BOOL(arg) ? 4 : 5);
			return true;
		case MK_JSONB:
			jsonb_column_value(PG_GETARG_DATUM(arg), v);
			return true;
		case MK_TLS:
			break;
	}
	return false;
}

/* Whether two values are equal as jsonb's = sees them */
static bool
values_equal(JsonbValue *a, JsonbValue *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type)
	{
		case jbvNull:
			return true;
		case jbvBool:
			return a->val.boolean == b->val.boolean;
		case jbvString:
			return a->val.string.len == b->val.string.len &&
				memcmp(a->val.string.val, b->val.string.val, a->val.string.len) == 0;
		case jbvNumeric:
			return DatumGetBool(DirectFunctionCall2(numeric_eq, NumericGetDatum(a->val.numeric),
													NumericGetDatum(b->val.numeric)));
		case jbvBinary:
			return compareJsonbContainers(a->val.binary.data, b->val.binary.data) == 0;
		default:
			return false;
	}
}

/* The member a key names, with its first column argument; -1 if none */
static int
member_of(JsonbValue *key, int *arg)
{
	int			a = 1;

	for (int m = 0; m < (int) NUM_MEMBERS; m++)
	{
		if (strlen(members[m].key) == key->val.string.len &&
			memcmp(members[m].key, key->val.string.val, key->val.string.len) == 0)
		{
			*arg = a;
			return m;
		}
		a += members[m].kind == MK_TLS ? 4 : 1;
	}
	return -1;
}

/* The record whole, as the remainder of a record nothing is taken from */
static Datum
rest_whole(Jsonb *record)
{
	JsonbParseState *state = NULL;
	JsonbValue	v;

	jsonb_column_value(JsonbPGetDatum(record), &v);
	pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
	pushJsonbValue(&state, WJB_ELEM, &v);
	return JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_ARRAY, NULL)));
}

/* How many members the columns give (record_rebuild writes them all) */
static int
members_given(FunctionCallInfo fcinfo)
{
	int			n = 0;
	int			arg = 1;
	JsonbValue	v;

	for (int m = 0; m < (int) NUM_MEMBERS; m++)
	{
		if (column_member(fcinfo, m, arg, &v))
			n++;
		arg += members[m].kind == MK_TLS ? 4 : 1;
	}
	return n;
}

/*
 * record_rest(record jsonb, columns...) returns jsonb
 *		The members of record its columns do not give back equal, as an
 *		object; [record] when a column gives a member record does not have.
 *		NULL for a NULL record.
 */
Datum
iotatrail_record_rest(PG_FUNCTION_ARGS)
{
	Jsonb	   *record;
	JsonbParseState *state = NULL;
	JsonbIterator *it;
	JsonbValue	k;
	JsonbValue	v;
	JsonbValue	c;
	JsonbIteratorToken tok;
	int			found = 0;

	if (PG_NARGS() != NUM_COLUMN_ARGS + 1)
		elog(ERROR, "record_rest takes %d arguments", (int) NUM_COLUMN_ARGS + 1);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	record = PG_GETARG_JSONB_P(0);
	if (!JB_ROOT_IS_OBJECT(record) || JB_ROOT_IS_SCALAR(record))
		PG_RETURN_DATUM(rest_whole(record));

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	it = JsonbIteratorInit(&record->root);
	tok = JsonbIteratorNext(&it, &k, true); /* WJB_BEGIN_OBJECT */
	while ((tok = JsonbIteratorNext(&it, &k, true)) == WJB_KEY)
	{
		int			arg;
		int			m = member_of(&k, &arg);

		tok = JsonbIteratorNext(&it, &v, true); /* WJB_VALUE */
		if (m >= 0 && column_member(fcinfo, m, arg, &c))
		{
			found++;
			if (values_equal(&v, &c))
				continue;
		}
		pushJsonbValue(&state, WJB_KEY, &k);
		pushJsonbValue(&state, WJB_VALUE, &v);
	}
	/* every member the columns give must be one of the record's */
	if (found != members_given(fcinfo))
		PG_RETURN_DATUM(rest_whole(record));
	PG_RETURN_JSONB_P(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, NULL)));
}

/*
 * record_rebuild(rest jsonb, columns...) returns jsonb
 *		The record: the members the columns give, but those rest has, and
 *		rest's members; rest[0] when rest is an array.  NULL for a NULL rest.
 */
Datum
iotatrail_record_rebuild(PG_FUNCTION_ARGS)
{
	Jsonb	   *rest;
	JsonbParseState *state = NULL;
	JsonbIterator *it;
	JsonbValue	k;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			arg = 1;

	if (PG_NARGS() != NUM_COLUMN_ARGS + 1)
		elog(ERROR, "record_rebuild takes %d arguments", (int) NUM_COLUMN_ARGS + 1);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	rest = PG_GETARG_JSONB_P(0);
	if (JB_ROOT_IS_ARRAY(rest) && !JB_ROOT_IS_SCALAR(rest))
	{
		JsonbValue *whole = getIthJsonbValueFromContainer(&rest->root, 0);

		if (whole == NULL)
			PG_RETURN_NULL();
		PG_RETURN_JSONB_P(JsonbValueToJsonb(whole));
	}
	if (!JB_ROOT_IS_OBJECT(rest))
		PG_RETURN_JSONB_P(rest);

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (int m = 0; m < (int) NUM_MEMBERS; m++)
	{
		string_value(&k, (char *) members[m].key, strlen(members[m].key));
		if (findJsonbValueFromContainer(&rest->root, JB_FOBJECT, &k) == NULL &&
			column_member(fcinfo, m, arg, &v))
		{
			pushJsonbValue(&state, WJB_KEY, &k);
			pushJsonbValue(&state, WJB_VALUE, &v);
		}
		arg += members[m].kind == MK_TLS ? 4 : 1;
	}
	it = JsonbIteratorInit(&rest->root);
	tok = JsonbIteratorNext(&it, &k, true); /* WJB_BEGIN_OBJECT */
	while ((tok = JsonbIteratorNext(&it, &k, true)) == WJB_KEY)
	{
		tok = JsonbIteratorNext(&it, &v, true); /* WJB_VALUE */
		pushJsonbValue(&state, WJB_KEY, &k);
		pushJsonbValue(&state, WJB_VALUE, &v);
	}
	PG_RETURN_JSONB_P(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, NULL)));
}

/*
 * stored_compress(value jsonb) returns jsonb
 *		The value compressed in place (lz4 where the server has it, else
 *		pglz), as a row's value is when TOAST compresses it: a stored row is
 *		far below the 2 kB at which PostgreSQL compresses its values, so
 *		sync hands them over compressed.  A value that does not shrink, or
 *		is too short to, is returned as it is.
 */
Datum
iotatrail_stored_compress(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_GETARG_VARLENA_PP(0);
	Datum		compressed;

	if (VARATT_IS_EXTENDED(value) || VARSIZE_ANY_EXHDR(value) < 64)
		PG_RETURN_POINTER(value);
#ifdef USE_LZ4
	compressed = toast_compress_datum(PointerGetDatum(value), TOAST_LZ4_COMPRESSION);
#else
	compressed = toast_compress_datum(PointerGetDatum(value), TOAST_PGLZ_COMPRESSION);
#endif
	if (DatumGetPointer(compressed) == NULL)
		PG_RETURN_POINTER(value);
	PG_RETURN_DATUM(compressed);
}
