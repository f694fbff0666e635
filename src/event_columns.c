/*-------------------------------------------------------------------------
 *
 * event_columns.c
 *	  The columns of iotatrail.event and how each is built from a record.
 *
 * One table below is the single source of truth: the composite type, the
 * foreign tables IMPORT FOREIGN SCHEMA creates, the name-based mapping of
 * user-declared foreign table columns and the columns whose conditions
 * prune (fdw_prune.c) all come from it.  Values are built only for the
 * columns a tuple descriptor asks for, each by the builder of its kind.
 *
 * Typing rules: a missing field (or JSON null) is NULL; a present field of
 * the wrong JSON type makes the record bad; text that does not parse as the
 * column's type is NULL, except eventTime, whose text must be a timestamp.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/socket.h>

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/inet.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "iotatrail.h"
#include "record_reader.h"
#include "record_scan.h"
#include "value_parse.h"

typedef enum ColumnKind
{
	CK_TEXT,					/* JSON string */
	CK_EVENT_TIME,				/* JSON string that must be a timestamp */
	CK_TIMESTAMPTZ,				/* JSON string, NULL when not a timestamp */
	CK_UUID,					/* JSON string, NULL when not a UUID */
	CK_INET,					/* JSON string, NULL when not an address */
	CK_BOOL,					/* JSON boolean (or "true"/"false") */
	CK_BOOL_TEXT,				/* "true"/"false" string, as the log writes */
	CK_JSONB,					/* any JSON value */
	CK_IDENTITY_KIND,			/* derived from userIdentity */
	CK_TEMPORARY_CREDENTIALS,	/* derived: session context or ASIA key */
	CK_SESSION_NAME,			/* derived: role session name */
	CK_SOURCE_OBJECT,			/* provenance */
	CK_RECORD_INDEX,
	CK_RECORD_OFFSET,
	CK_RECORD,					/* the whole record as jsonb */
	CK_RESOURCE_ARNS			/* the "ARN" strings of an array's objects */
} ColumnKind;

struct EventColumn
{
	const char *name;
	Oid			type;
	ColumnKind	kind;
	int			field;			/* RecordField, or -1 */
	const char *comment;
	EventPrune	prune;			/* what its WHERE conditions let the scan
								 * leave out (fdw_prune.c); EP_NONE: nothing */
};

#define NOF (-1)

static const EventColumn columns[] = {
	{"event_time", TIMESTAMPTZOID, CK_EVENT_TIME, RF_EVENT_TIME, "eventTime: when the request completed (UTC)", EP_EVENT_TIME},
	{"event_version", TEXTOID, CK_TEXT, RF_EVENT_VERSION, "eventVersion: record format version", EP_NONE},
	{"event_source", TEXTOID, CK_TEXT, RF_EVENT_SOURCE, "eventSource: the service called", EP_NONE},
	{"event_name", TEXTOID, CK_TEXT, RF_EVENT_NAME, "eventName: the API action", EP_EVENT_NAME},
	{"aws_region", TEXTOID, CK_TEXT, RF_AWS_REGION, "awsRegion", EP_REGION},
	{"source_ip_address", TEXTOID, CK_TEXT, RF_SOURCE_IP_ADDRESS, "sourceIPAddress as written: an address or a service name", EP_NONE},
	{"source_ip", INETOID, CK_INET, RF_SOURCE_IP_ADDRESS, "sourceIPAddress as inet; NULL when it is a service name", EP_NONE},
	{"user_agent", TEXTOID, CK_TEXT, RF_USER_AGENT, "userAgent", EP_NONE},
	{"request_id", TEXTOID, CK_TEXT, RF_REQUEST_ID, "requestID", EP_NONE},
	{"event_id", UUIDOID, CK_UUID, RF_EVENT_ID, "eventID: CloudTrail's unique id of the record", EP_NONE},
	{"event_type", TEXTOID, CK_TEXT, RF_EVENT_TYPE, "eventType: AwsApiCall, AwsServiceEvent, ...", EP_NONE},
	{"event_category", TEXTOID, CK_TEXT, RF_EVENT_CATEGORY, "eventCategory: Management, Data, Insight, NetworkActivity", EP_NONE},
	{"api_version", TEXTOID, CK_TEXT, RF_API_VERSION, "apiVersion", EP_NONE},
	{"read_only", BOOLOID, CK_BOOL, RF_READ_ONLY, "readOnly", EP_NONE},
	{"management_event", BOOLOID, CK_BOOL, RF_MANAGEMENT_EVENT, "managementEvent", EP_NONE},
	{"recipient_account_id", TEXTOID, CK_TEXT, RF_RECIPIENT_ACCOUNT_ID, "recipientAccountId: the account that received the record", EP_ACCOUNT},
	{"shared_event_id", TEXTOID, CK_TEXT, RF_SHARED_EVENT_ID, "sharedEventID", EP_NONE},
	{"vpc_endpoint_id", TEXTOID, CK_TEXT, RF_VPC_ENDPOINT_ID, "vpcEndpointId", EP_NONE},
	{"vpc_endpoint_account_id", TEXTOID, CK_TEXT, RF_VPC_ENDPOINT_ACCOUNT_ID, "vpcEndpointAccountId", EP_NONE},
	{"error_code", TEXTOID, CK_TEXT, RF_ERROR_CODE, "errorCode: NULL when the call succeeded", EP_ERROR_CODE},
	{"error_message", TEXTOID, CK_TEXT, RF_ERROR_MESSAGE, "errorMessage", EP_NONE},
	{"session_credential_from_console", BOOLOID, CK_BOOL_TEXT, RF_SESSION_CREDENTIAL_FROM_CONSOLE, "sessionCredentialFromConsole", EP_NONE},
	{"tls_version", TEXTOID, CK_TEXT, RF_TLS_VERSION, "tlsDetails.tlsVersion", EP_NONE},
	{"cipher_suite", TEXTOID, CK_TEXT, RF_TLS_CIPHER_SUITE, "tlsDetails.cipherSuite", EP_NONE},
	{"client_provided_host_header", TEXTOID, CK_TEXT, RF_TLS_CLIENT_PROVIDED_HOST_HEADER, "tlsDetails.clientProvidedHostHeader", EP_NONE},
	{"tls_key_exchange", TEXTOID, CK_TEXT, RF_TLS_KEY_EXCHANGE, "tlsDetails.keyExchange", EP_NONE},
	{"identity_type", TEXTOID, CK_TEXT, RF_UI_TYPE, "userIdentity.type as written", EP_NONE},
	{"identity_kind", TEXTOID, CK_IDENTITY_KIND, NOF, "who called: root, iam_user, assumed_role, federated_user, aws_service, aws_account, identity_center_user, saml_user, web_identity_user, directory, unknown", EP_NONE},
	{"principal_id", TEXTOID, CK_TEXT, RF_UI_PRINCIPAL_ID, "userIdentity.principalId", EP_NONE},
	{"principal_arn", TEXTOID, CK_TEXT, RF_UI_ARN, "userIdentity.arn", EP_NONE},
	{"account_id", TEXTOID, CK_TEXT, RF_UI_ACCOUNT_ID, "userIdentity.accountId: the account that owns the principal", EP_NONE},
	{"access_key_id", TEXTOID, CK_TEXT, RF_UI_ACCESS_KEY_ID, "userIdentity.accessKeyId", EP_NONE},
	{"user_name", TEXTOID, CK_TEXT, RF_UI_USER_NAME, "userIdentity.userName", EP_NONE},
	{"invoked_by", TEXTOID, CK_TEXT, RF_UI_INVOKED_BY, "userIdentity.invokedBy: the AWS service that made the call", EP_NONE},
	{"session_name", TEXTOID, CK_SESSION_NAME, NOF, "role session name (principalId after ':') for assumed roles", EP_NONE},
	{"temporary_credentials", BOOLOID, CK_TEMPORARY_CREDENTIALS, NOF, "true when the call used temporary credentials (session context or an ASIA key)", EP_NONE},
	{"mfa_authenticated", BOOLOID, CK_BOOL_TEXT, RF_AT_MFA_AUTHENTICATED, "sessionContext.attributes.mfaAuthenticated", EP_NONE},
	{"session_created_at", TIMESTAMPTZOID, CK_TIMESTAMPTZ, RF_AT_CREATION_DATE, "sessionContext.attributes.creationDate", EP_NONE},
	{"session_issuer_type", TEXTOID, CK_TEXT, RF_SI_TYPE, "sessionContext.sessionIssuer.type", EP_NONE},
	{"session_issuer_principal_id", TEXTOID, CK_TEXT, RF_SI_PRINCIPAL_ID, "sessionContext.sessionIssuer.principalId", EP_NONE},
	{"session_issuer_arn", TEXTOID, CK_TEXT, RF_SI_ARN, "sessionContext.sessionIssuer.arn: the role or user that issued the session", EP_NONE},
	{"session_issuer_user_name", TEXTOID, CK_TEXT, RF_SI_USER_NAME, "sessionContext.sessionIssuer.userName", EP_NONE},
	{"session_issuer_account_id", TEXTOID, CK_TEXT, RF_SI_ACCOUNT_ID, "sessionContext.sessionIssuer.accountId", EP_NONE},
	{"source_identity", TEXTOID, CK_TEXT, RF_SC_SOURCE_IDENTITY, "sessionContext.sourceIdentity", EP_NONE},
	{"identity_provider", TEXTOID, CK_TEXT, RF_UI_IDENTITY_PROVIDER, "userIdentity.identityProvider, or webIdFederationData.federatedProvider", EP_NONE},
	{"user_identity", JSONBOID, CK_JSONB, RF_USER_IDENTITY, "userIdentity", EP_NONE},
	{"request_parameters", JSONBOID, CK_JSONB, RF_REQUEST_PARAMETERS, "requestParameters", EP_NONE},
	{"response_elements", JSONBOID, CK_JSONB, RF_RESPONSE_ELEMENTS, "responseElements", EP_NONE},
	{"additional_event_data", JSONBOID, CK_JSONB, RF_ADDITIONAL_EVENT_DATA, "additionalEventData", EP_NONE},
	{"resources", JSONBOID, CK_JSONB, RF_RESOURCES, "resources", EP_NONE},
	{"service_event_details", JSONBOID, CK_JSONB, RF_SERVICE_EVENT_DETAILS, "serviceEventDetails", EP_NONE},
	{"addendum", JSONBOID, CK_JSONB, RF_ADDENDUM, "addendum", EP_NONE},
	{"edge_device_details", JSONBOID, CK_JSONB, RF_EDGE_DEVICE_DETAILS, "edgeDeviceDetails", EP_NONE},
	{"insight_details", JSONBOID, CK_JSONB, RF_INSIGHT_DETAILS, "insightDetails", EP_NONE},
	{"event_context", JSONBOID, CK_JSONB, RF_EVENT_CONTEXT, "eventContext", EP_NONE},
	{"record", JSONBOID, CK_RECORD, NOF, "the whole record", EP_NONE},
	{"source_object", TEXTOID, CK_SOURCE_OBJECT, NOF, "path or URL of the log file", EP_NONE},
	{"record_index", INT4OID, CK_RECORD_INDEX, NOF, "0-based position of the record in its log file", EP_NONE},
	{"record_offset", INT8OID, CK_RECORD_OFFSET, NOF, "uncompressed byte offset of the record in its log file", EP_NONE},
	/* new in 0.2.0: last, where ALTER TYPE ... ADD ATTRIBUTE puts it */
	{"resource_arns", TEXTARRAYOID, CK_RESOURCE_ARNS, RF_RESOURCES, "resources[].ARN as text[]: {} when no element names one; NULL when resources is absent, null or not an array", EP_NONE},
};

#define NCOLUMNS ((int) lengthof(columns))

/* Number of event columns */
int
event_column_count(void)
{
	return NCOLUMNS;
}

const char *
event_column_name(int col)
{
	return columns[col].name;
}

Oid
event_column_type(int col)
{
	return columns[col].type;
}

const char *
event_column_comment(int col)
{
	return columns[col].comment;
}

/* Column index by name, or -1 */
int
event_column_lookup(const char *name)
{
	for (int i = 0; i < NCOLUMNS; i++)
		if (strcmp(columns[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * What the scan can leave out by a condition on a column of this name and
 * type (fdw_prune.c): EP_NONE for another column, or one of another type
 */
EventPrune
event_column_prune(const char *name, Oid type)
{
	int			col = event_column_lookup(name);

	return col >= 0 && columns[col].type == type ? columns[col].prune : EP_NONE;
}

/* The column whose conditions prune as pc does */
const char *
event_prune_column_name(EventPrune pc)
{
	for (int i = 0; i < NCOLUMNS; i++)
		if (columns[i].prune == pc)
			return columns[i].name;
	return NULL;
}

/*
 * Map a tuple descriptor's attributes to event columns by name; dropped
 * attributes map to -1.  A name or type iotatrail does not produce is an
 * error, raised before any file is read.
 */
int *
event_columns_map(TupleDesc tupdesc, const char *relname)
{
	int		   *map = palloc(sizeof(int) * Max(tupdesc->natts, 1));

	for (int i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);
		int			col;

		map[i] = -1;
		if (att->attisdropped)
			continue;
		col = event_column_lookup(NameStr(att->attname));
		if (col < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" of \"%s\" is not an iotatrail event column",
							NameStr(att->attname), relname),
					 errhint("Columns are matched by name to the attributes of type iotatrail.event; IMPORT FOREIGN SCHEMA creates a table with all of them.")));
		if (columns[col].type != att->atttypid)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of \"%s\" has type %s, but iotatrail produces %s",
							NameStr(att->attname), relname,
							format_type_be(att->atttypid),
							format_type_be(columns[col].type))));
		map[i] = col;
	}
	return map;
}

/*
 * Column list "name type, ..." for CREATE FOREIGN TABLE; the types are
 * schema-qualified, as the statement runs with the caller's search_path
 */
char *
event_columns_sql(void)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < NCOLUMNS; i++)
		appendStringInfo(&buf, "%s%s %s", i ? ",\n  " : "  ",
						 quote_identifier(columns[i].name),
						 format_type_extended(columns[i].type, -1,
											  FORMAT_TYPE_FORCE_QUALIFY));
	return buf.data;
}

/* Text datum from a JSON string slice, decoded and valid in the database */
static Datum
text_from_slice(JsonSlice s)
{
	text	   *t = palloc(VARHDRSZ + JSON_DECODE_MAX(s.len));
	size_t		n = core_json_string_decode(s, VARDATA(t));

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		char	   *conv = pg_any_to_server(VARDATA(t), (int) n, PG_UTF8);

		return PointerGetDatum(cstring_to_text(conv));
	}
	SET_VARSIZE(t, VARHDRSZ + n);
	return PointerGetDatum(t);
}

/*
 * jsonb datum from any JSON value slice: written directly (jsonb_build.c)
 * after replacing what jsonb rejects; through jsonb_in when the database
 * encoding is not UTF-8, which needs converting first.  *unfit names a
 * value jsonb cannot hold (the datum is then 0).
 */
static Datum
jsonb_from_slice(const char *p, size_t len, const char **unfit)
{
	char	   *buf;

	*unfit = NULL;
	if (!core_json_needs_sanitize(p, len))
		return jsonb_from_valid_json(p, len, unfit);
	buf = palloc(JSON_DECODE_MAX(len));
	len = core_json_sanitize(p, len, buf);
	if (GetDatabaseEncoding() == PG_UTF8)
		return jsonb_from_valid_json(buf, len, unfit);
	buf = pg_any_to_server(buf, (int) len, PG_UTF8);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf));
}

/*
 * A top-level member of a jsonb object as its own jsonb; false when it is
 * absent or null.  (Of duplicate keys, jsonb keeps the last.)
 */
static bool
jsonb_member(Datum object, const char *key, Datum *member)
{
	Jsonb	   *jb = DatumGetJsonbP(object);
	JsonbValue *v = getKeyJsonValueFromContainer(&jb->root, key, strlen(key), NULL);

	if (v == NULL || v->type == jbvNull)
		return false;
	*member = JsonbPGetDatum(JsonbValueToJsonb(v));
	return true;
}

/*
 * The "ARN" strings of the objects of a JSON array, as text[]; elements
 * that are not objects, and objects without a string ARN, are left out
 */
static Datum
arns_from_array(JsonSlice arr)
{
	const char *p = arr.p + 1;
	const char *end = arr.p + arr.len - 1;
	Datum	   *elems = NULL;
	int			n = 0,
				cap = 0;

	while (p < end)
	{
		JsonSlice	e;

		if (*p == ',' || core_is_space(*p))
		{
			p++;
			continue;
		}
		e = core_json_slice(p, end);
		if (e.type == JT_ABSENT)
			break;
		p = e.p + e.len;
		if (e.type == JT_OBJECT)
		{
			JsonObjectIter it;
			const char *key;
			size_t		keylen;
			JsonSlice	v;
			JsonSlice	arn = {NULL, 0, JT_ABSENT};

			/* of duplicate keys the last, as jsonb keeps */
			core_json_object_begin(&it, e);
			while (core_json_object_next(&it, &key, &keylen, &v))
				if (keylen == 3 && memcmp(key, "ARN", 3) == 0)
					arn = v;
			if (arn.type != JT_STRING)
				continue;
			if (n == cap)
			{
				cap = cap ? cap * 2 : 4;
				elems = elems ? repalloc(elems, sizeof(Datum) * cap) : palloc(sizeof(Datum) * cap);
			}
			elems[n++] = text_from_slice(arn);
		}
	}
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* Whether a string slice starts with prefix */
static bool
slice_has_prefix(JsonSlice s, const char *prefix)
{
	size_t		n = strlen(prefix);

	return s.type == JT_STRING && s.len >= n + 2 && memcmp(s.p + 1, prefix, n) == 0;
}

/* identity_kind from userIdentity.type (and invokedBy when type is absent) */
static const char *
identity_kind(const RecordFields *f)
{
	static const struct
	{
		const char *type;
		const char *kind;
	}			kinds[] = {
		{"Root", "root"},
		{"IAMUser", "iam_user"},
		{"AssumedRole", "assumed_role"},
		{"Role", "assumed_role"},
		{"FederatedUser", "federated_user"},
		{"AWSService", "aws_service"},
		{"AWSAccount", "aws_account"},
		{"IdentityCenterUser", "identity_center_user"},
		{"SAMLUser", "saml_user"},
		{"WebIdentityUser", "web_identity_user"},
		{"Directory", "directory"},
	};
	JsonSlice	t = f->f[RF_UI_TYPE];

	if (f->f[RF_USER_IDENTITY].type != JT_OBJECT)
		return NULL;
	for (int i = 0; i < (int) lengthof(kinds); i++)
		if (core_json_string_is(t, kinds[i].type))
			return kinds[i].kind;
	if (t.type != JT_STRING && f->f[RF_UI_INVOKED_BY].type == JT_STRING)
		return "aws_service";
	return "unknown";
}

/* Session name: principalId after ':' for role sessions */
static bool
session_name(const RecordFields *f, JsonSlice *out)
{
	JsonSlice	pid = f->f[RF_UI_PRINCIPAL_ID];
	const char *colon;

	if (!core_json_string_is(f->f[RF_UI_TYPE], "AssumedRole") || pid.type != JT_STRING)
		return false;
	colon = memchr(pid.p + 1, ':', pid.len - 2);
	if (colon == NULL)
		return false;
	/* a string slice of the part after ':' including the closing quote */
	out->p = colon;				/* colon stands in for the opening quote */
	out->len = (uint32) (pid.p + pid.len - colon);
	out->type = JT_STRING;
	return true;
}

/* Write a wrong-type problem for field f */
static const char *
type_problem(char *problem, size_t len, int field, JsonSlice v, const char *want)
{
	snprintf(problem, len, "field \"%s\" is %s, expected %s",
			 core_record_field_path(field), core_json_type_name(v.type), want);
	return problem;
}

/* The problem of a record holding a value jsonb cannot hold */
static const char *
unfit_problem(char *problem, size_t len, const char *unfit, const char *field)
{
	if (field)
		snprintf(problem, len, "field \"%s\" holds %s, which jsonb cannot hold", field, unfit);
	else
		snprintf(problem, len, "the record holds %s, which jsonb cannot hold", unfit);
	return problem;
}

/*
 * What the builders of one record's columns share: the record, its fields,
 * where the problem of a bad record is written, and the record's jsonb when
 * the whole record is among the columns (else 0)
 */
typedef struct BuildContext
{
	const EventRecord *rec;
	const RecordFields *f;
	const char *source_object;
	bool		echo_values;
	Datum		record;
	char	   *problem;
	size_t		problemlen;
} BuildContext;

/*
 * The builders, one per kind of column.  Each gets the column's field value
 * (present and not null: the caller has left those columns NULL), sets
 * *value and clears *isnull when the column has a value, and returns NULL,
 * or the problem that makes the record bad.
 */

/* CK_TEXT: a JSON string */
static inline const char *
build_text(const BuildContext *bc, const EventColumn *c, JsonSlice v,
		   Datum *value, bool *isnull)
{
	if (v.type != JT_STRING)
		return type_problem(bc->problem, bc->problemlen, c->field, v, "a string");
	*value = text_from_slice(v);
	*isnull = false;
	return NULL;
}

/* CK_EVENT_TIME, CK_TIMESTAMPTZ: a timestamp string; eventTime must be one */
static const char *
build_timestamp(const BuildContext *bc, const EventColumn *c, JsonSlice v,
				Datum *value, bool *isnull)
{
	int64_t		usec;

	if (v.type != JT_STRING)
		return type_problem(bc->problem, bc->problemlen, c->field, v, "a timestamp string");
	if (core_parse_iso8601(v.p + 1, v.len - 2, &usec) && IS_VALID_TIMESTAMP(usec))
	{
		*value = TimestampTzGetDatum((TimestampTz) usec);
		*isnull = false;
		return NULL;
	}
	if (c->kind != CK_EVENT_TIME)
		return NULL;
	if (bc->echo_values)
		snprintf(bc->problem, bc->problemlen,
				 "field \"%s\" is not an ISO 8601 timestamp: \"%.*s\"",
				 core_record_field_path(c->field),
				 pg_mbcliplen(v.p + 1, v.len - 2, 64), v.p + 1);
	else
		snprintf(bc->problem, bc->problemlen,
				 "field \"%s\" is not an ISO 8601 timestamp",
				 core_record_field_path(c->field));
	return bc->problem;
}

/* CK_UUID: a string, NULL when not a UUID */
static const char *
build_uuid(const BuildContext *bc, const EventColumn *c, JsonSlice v,
		   Datum *value, bool *isnull)
{
	pg_uuid_t  *u;

	if (v.type != JT_STRING)
		return type_problem(bc->problem, bc->problemlen, c->field, v, "a string");
	u = palloc(sizeof(pg_uuid_t));
	if (core_parse_uuid(v.p + 1, v.len - 2, u->data))
	{
		*value = UUIDPGetDatum(u);
		*isnull = false;
	}
	return NULL;
}

/* CK_INET: a string, NULL when not an address */
static const char *
build_inet(const BuildContext *bc, const EventColumn *c, JsonSlice v,
		   Datum *value, bool *isnull)
{
	ParsedIp	ip;
	inet	   *res;

	if (v.type != JT_STRING)
		return type_problem(bc->problem, bc->problemlen, c->field, v, "a string");
	if (!core_parse_ip(v.p + 1, v.len - 2, &ip))
		return NULL;
	res = palloc0(sizeof(inet));
	ip_family(res) = ip.family == 4 ? PGSQL_AF_INET : PGSQL_AF_INET6;
	ip_bits(res) = ip.family == 4 ? 32 : 128;
	memcpy(ip_addr(res), ip.addr, ip.family == 4 ? 4 : 16);
	SET_INET_VARSIZE(res);
	*value = InetPGetDatum(res);
	*isnull = false;
	return NULL;
}

/* CK_BOOL, CK_BOOL_TEXT: a boolean, or "true"/"false"; other text is NULL */
static inline const char *
build_bool(const BuildContext *bc, const EventColumn *c, JsonSlice v,
		   Datum *value, bool *isnull)
{
	if (v.type == JT_TRUE || core_json_string_is(v, "true"))
		*value = BoolGetDatum(true);
	else if (v.type == JT_FALSE || core_json_string_is(v, "false"))
		*value = BoolGetDatum(false);
	else if (v.type != JT_STRING)
		return type_problem(bc->problem, bc->problemlen, c->field, v, "a boolean");
	else
		return NULL;
	*isnull = false;
	return NULL;
}

/* CK_JSONB: any value; copied out of the record's jsonb when there is one */
static const char *
build_jsonb(const BuildContext *bc, const EventColumn *c, JsonSlice v,
			Datum *value, bool *isnull)
{
	const char *unfit;

	if (bc->record)
	{
		*isnull = !jsonb_member(bc->record, core_record_field_path(c->field), value);
		return NULL;
	}
	*value = jsonb_from_slice(v.p, v.len, &unfit);
	if (unfit)
		return unfit_problem(bc->problem, bc->problemlen, unfit,
							 core_record_field_path(c->field));
	*isnull = false;
	return NULL;
}

/*
 * The columns derived from userIdentity rather than read from one field:
 * identity_kind, temporary_credentials and session_name
 */
static const char *
build_identity(const BuildContext *bc, const EventColumn *c, JsonSlice v,
			   Datum *value, bool *isnull)
{
	const RecordFields *f = bc->f;
	const char *kind;
	JsonSlice	name;

	switch (c->kind)
	{
		case CK_IDENTITY_KIND:
			if ((kind = identity_kind(f)) == NULL)
				return NULL;
			*value = CStringGetTextDatum(kind);
			break;
		case CK_TEMPORARY_CREDENTIALS:
			if (f->f[RF_USER_IDENTITY].type != JT_OBJECT)
				return NULL;
			*value = BoolGetDatum(f->f[RF_UI_SESSION_CONTEXT].type == JT_OBJECT ||
								  slice_has_prefix(f->f[RF_UI_ACCESS_KEY_ID], "ASIA"));
			break;
		default:				/* CK_SESSION_NAME */
			if (!session_name(f, &name))
				return NULL;
			*value = text_from_slice(name);
			break;
	}
	*isnull = false;
	return NULL;
}

/*
 * The columns that say where the record came from (source_object,
 * record_index, record_offset) and the whole record
 */
static const char *
build_provenance(const BuildContext *bc, const EventColumn *c, JsonSlice v,
				 Datum *value, bool *isnull)
{
	switch (c->kind)
	{
		case CK_SOURCE_OBJECT:
			if (bc->source_object == NULL)
				return NULL;
			*value = CStringGetTextDatum(bc->source_object);
			break;
		case CK_RECORD_INDEX:
			*value = Int32GetDatum(bc->rec->index);
			break;
		case CK_RECORD_OFFSET:
			*value = Int64GetDatum((int64) bc->rec->offset);
			break;
		default:				/* CK_RECORD */
			*value = bc->record;
			break;
	}
	*isnull = false;
	return NULL;
}

/* CK_RESOURCE_ARNS: the ARNs of an array; any other value stays in resources */
static const char *
build_arns(const BuildContext *bc, const EventColumn *c, JsonSlice v,
		   Datum *value, bool *isnull)
{
	if (v.type == JT_ARRAY)
	{
		*value = arns_from_array(v);
		*isnull = false;
	}
	return NULL;
}

/* One column of the record: the builder of its kind */
static inline const char *
build_column(const BuildContext *bc, const EventColumn *c,
			 Datum *value, bool *isnull)
{
	JsonSlice	v = {NULL, 0, JT_ABSENT};

	*isnull = true;
	*value = (Datum) 0;
	if (c->field != NOF)
	{
		/* a missing field, or JSON null, is NULL whatever the kind */
		v = bc->f->f[c->field];
		if (v.type == JT_ABSENT || v.type == JT_NULL)
			return NULL;
	}

	/*
	 * A switch rather than a table of builders: the direct calls inline,
	 * which building every column of a row measurably needs
	 */
	switch (c->kind)
	{
		case CK_TEXT:
			return build_text(bc, c, v, value, isnull);
		case CK_EVENT_TIME:
		case CK_TIMESTAMPTZ:
			return build_timestamp(bc, c, v, value, isnull);
		case CK_UUID:
			return build_uuid(bc, c, v, value, isnull);
		case CK_INET:
			return build_inet(bc, c, v, value, isnull);
		case CK_BOOL:
		case CK_BOOL_TEXT:
			return build_bool(bc, c, v, value, isnull);
		case CK_JSONB:
			return build_jsonb(bc, c, v, value, isnull);
		case CK_RESOURCE_ARNS:
			return build_arns(bc, c, v, value, isnull);
		case CK_IDENTITY_KIND:
		case CK_TEMPORARY_CREDENTIALS:
		case CK_SESSION_NAME:
			return build_identity(bc, c, v, value, isnull);
		case CK_SOURCE_OBJECT:
		case CK_RECORD_INDEX:
		case CK_RECORD_OFFSET:
		case CK_RECORD:
			return build_provenance(bc, c, v, value, isnull);
	}
	return NULL;
}

/*
 * Build the values a tuple descriptor asks for.  Returns NULL on success,
 * or a description of why the record is bad (written into problem); it
 * quotes the offending value only with echo_values, as a role reading
 * through another's view must not learn more than the view shows.
 */
const char *
event_build_values(TupleDesc tupdesc, const int *colmap,
				   const EventRecord *rec, const RecordFields *f,
				   const char *source_object, bool echo_values,
				   Datum *values, bool *nulls,
				   char *problem, size_t problemlen)
{
	BuildContext bc = {
		.rec = rec,
		.f = f,
		.source_object = source_object,
		.echo_values = echo_values,
		.record = (Datum) 0,
		.problem = problem,
		.problemlen = problemlen,
	};

	/*
	 * With the whole record among the columns, build its jsonb first: the
	 * jsonb columns of its members are then copied out of it rather than
	 * built from their text a second time.
	 */
	for (int i = 0; i < tupdesc->natts; i++)
		if (colmap[i] >= 0 && columns[colmap[i]].kind == CK_RECORD)
		{
			const char *unfit;

			bc.record = jsonb_from_slice(rec->data, rec->len, &unfit);
			if (unfit)
				return unfit_problem(problem, problemlen, unfit, NULL);
		}

	for (int i = 0; i < tupdesc->natts; i++)
	{
		const char *bad;

		if (colmap[i] < 0)
		{
			nulls[i] = true;
			values[i] = (Datum) 0;
			continue;
		}
		bad = build_column(&bc, &columns[colmap[i]], &values[i], &nulls[i]);
		if (bad)
			return bad;
	}

	/* identity_provider falls back to webIdFederationData.federatedProvider */
	for (int i = 0; i < tupdesc->natts; i++)
	{
		if (colmap[i] >= 0 && columns[colmap[i]].field == RF_UI_IDENTITY_PROVIDER &&
			nulls[i] && f->f[RF_WI_FEDERATED_PROVIDER].type == JT_STRING)
		{
			values[i] = text_from_slice(f->f[RF_WI_FEDERATED_PROVIDER]);
			nulls[i] = false;
		}
	}
	return NULL;
}
