/*-------------------------------------------------------------------------
 *
 * record_scan.c
 *	  Map a CloudTrail record's keys (and userIdentity's, tlsDetails') to
 *	  field slices, and tell records from the envelopes that carry them.
 *
 * Key names are matched exactly: CloudTrail spells them irregularly
 * (requestID but recipientAccountId).  Unknown keys are ignored, as AWS's
 * versioning contract asks; a repeated key keeps its last value, like jsonb.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "record_scan.h"
#include "value_parse.h"

typedef struct KeyMap
{
	const char *key;
	int			field;
	int			sub;			/* index into submaps for nested objects, or -1 */
} KeyMap;

enum
{
	SUB_USER_IDENTITY, SUB_SESSION_CONTEXT, SUB_ATTRIBUTES, SUB_SESSION_ISSUER,
	SUB_WEB_ID, SUB_TLS
};

static const KeyMap top_keys[] = {
	{"eventVersion", RF_EVENT_VERSION, -1},
	{"userIdentity", RF_USER_IDENTITY, SUB_USER_IDENTITY},
	{"eventTime", RF_EVENT_TIME, -1},
	{"eventSource", RF_EVENT_SOURCE, -1},
	{"eventName", RF_EVENT_NAME, -1},
	{"awsRegion", RF_AWS_REGION, -1},
	{"sourceIPAddress", RF_SOURCE_IP_ADDRESS, -1},
	{"userAgent", RF_USER_AGENT, -1},
	{"requestID", RF_REQUEST_ID, -1},
	{"eventID", RF_EVENT_ID, -1},
	{"eventType", RF_EVENT_TYPE, -1},
	{"eventCategory", RF_EVENT_CATEGORY, -1},
	{"apiVersion", RF_API_VERSION, -1},
	{"readOnly", RF_READ_ONLY, -1},
	{"managementEvent", RF_MANAGEMENT_EVENT, -1},
	{"recipientAccountId", RF_RECIPIENT_ACCOUNT_ID, -1},
	{"sharedEventID", RF_SHARED_EVENT_ID, -1},
	{"vpcEndpointId", RF_VPC_ENDPOINT_ID, -1},
	{"vpcEndpointAccountId", RF_VPC_ENDPOINT_ACCOUNT_ID, -1},
	{"errorCode", RF_ERROR_CODE, -1},
	{"errorMessage", RF_ERROR_MESSAGE, -1},
	{"sessionCredentialFromConsole", RF_SESSION_CREDENTIAL_FROM_CONSOLE, -1},
	{"tlsDetails", RF_TLS_DETAILS, SUB_TLS},
	{"requestParameters", RF_REQUEST_PARAMETERS, -1},
	{"responseElements", RF_RESPONSE_ELEMENTS, -1},
	{"additionalEventData", RF_ADDITIONAL_EVENT_DATA, -1},
	{"resources", RF_RESOURCES, -1},
	{"serviceEventDetails", RF_SERVICE_EVENT_DETAILS, -1},
	{"addendum", RF_ADDENDUM, -1},
	{"edgeDeviceDetails", RF_EDGE_DEVICE_DETAILS, -1},
	{"insightDetails", RF_INSIGHT_DETAILS, -1},
	{"eventContext", RF_EVENT_CONTEXT, -1},
	{NULL, 0, 0}
};

static const KeyMap user_identity_keys[] = {
	{"type", RF_UI_TYPE, -1},
	{"principalId", RF_UI_PRINCIPAL_ID, -1},
	{"arn", RF_UI_ARN, -1},
	{"accountId", RF_UI_ACCOUNT_ID, -1},
	{"accessKeyId", RF_UI_ACCESS_KEY_ID, -1},
	{"userName", RF_UI_USER_NAME, -1},
	{"invokedBy", RF_UI_INVOKED_BY, -1},
	{"identityProvider", RF_UI_IDENTITY_PROVIDER, -1},
	{"sessionContext", RF_UI_SESSION_CONTEXT, SUB_SESSION_CONTEXT},
	{NULL, 0, 0}
};

static const KeyMap session_context_keys[] = {
	{"sourceIdentity", RF_SC_SOURCE_IDENTITY, -1},
	{"attributes", RF_SC_ATTRIBUTES, SUB_ATTRIBUTES},
	{"sessionIssuer", RF_SC_SESSION_ISSUER, SUB_SESSION_ISSUER},
	{"webIdFederationData", RF_SC_WEB_ID_FEDERATION_DATA, SUB_WEB_ID},
	{NULL, 0, 0}
};

static const KeyMap attributes_keys[] = {
	{"mfaAuthenticated", RF_AT_MFA_AUTHENTICATED, -1},
	{"creationDate", RF_AT_CREATION_DATE, -1},
	{NULL, 0, 0}
};

static const KeyMap session_issuer_keys[] = {
	{"type", RF_SI_TYPE, -1},
	{"principalId", RF_SI_PRINCIPAL_ID, -1},
	{"arn", RF_SI_ARN, -1},
	{"accountId", RF_SI_ACCOUNT_ID, -1},
	{"userName", RF_SI_USER_NAME, -1},
	{NULL, 0, 0}
};

static const KeyMap web_id_keys[] = {
	{"federatedProvider", RF_WI_FEDERATED_PROVIDER, -1},
	{NULL, 0, 0}
};

static const KeyMap tls_keys[] = {
	{"tlsVersion", RF_TLS_VERSION, -1},
	{"cipherSuite", RF_TLS_CIPHER_SUITE, -1},
	{"clientProvidedHostHeader", RF_TLS_CLIENT_PROVIDED_HOST_HEADER, -1},
	{"keyExchange", RF_TLS_KEY_EXCHANGE, -1},
	{NULL, 0, 0}
};

static const KeyMap *const submaps[] = {
	user_identity_keys, session_context_keys, attributes_keys,
	session_issuer_keys, web_id_keys, tls_keys
};

/* Paths for error messages, indexed by RecordField */
static const char *field_paths[RF_COUNT];

/* Fill field_paths once from the key tables */
static void
init_field_paths(const KeyMap *map, const char *prefix)
{
	static char storage[RF_COUNT][96];

	for (; map->key; map++)
	{
		char	   *path = storage[map->field];

		if (prefix[0])
			snprintf(path, sizeof(storage[0]), "%s.%s", prefix, map->key);
		else
			snprintf(path, sizeof(storage[0]), "%s", map->key);
		field_paths[map->field] = path;
		if (map->sub >= 0)
			init_field_paths(submaps[map->sub], path);
	}
}

/* Dotted JSON path of a field, e.g. "userIdentity.sessionContext" */
const char *
core_record_field_path(RecordField f)
{
	if (field_paths[0] == NULL)
		init_field_paths(top_keys, "");
	return (f >= 0 && f < RF_COUNT && field_paths[f]) ? field_paths[f] : "?";
}

/* Walk one object's members, storing the known ones and descending */
static void
scan_object(JsonSlice obj, const KeyMap *map, RecordFields *out)
{
	JsonObjectIter it;
	const char *key;
	size_t		keylen;
	JsonSlice	value;

	core_json_object_begin(&it, obj);
	while (core_json_object_next(&it, &key, &keylen, &value))
	{
		for (const KeyMap *m = map; m->key; m++)
		{
			if (m->key[0] == key[0] && strlen(m->key) == keylen &&
				memcmp(m->key, key, keylen) == 0)
			{
				out->f[m->field] = value;
				if (m->sub >= 0 && value.type == JT_OBJECT)
					scan_object(value, submaps[m->sub], out);
				break;
			}
		}
	}
}

/* Top-level keys by hash: 128 slots holding top_keys index + 1 */
#define TOP_SLOTS 128
static unsigned char top_slots[TOP_SLOTS];
static unsigned char top_lens[RF_TOP_COUNT];
static bool top_slots_ready;

static inline unsigned
top_hash(const char *key, size_t keylen)
{
	return ((unsigned) keylen * 7 + (unsigned char) key[0] * 3 +
			(unsigned char) key[keylen - 1]) & (TOP_SLOTS - 1);
}

static void
top_slots_init(void)
{
	for (int i = 0; top_keys[i].key; i++)
	{
		size_t		n = strlen(top_keys[i].key);
		unsigned	h = top_hash(top_keys[i].key, n);

		while (top_slots[h] != 0)
			h = (h + 1) & (TOP_SLOTS - 1);
		top_lens[i] = (unsigned char) n;
		top_slots[h] = (unsigned char) (i + 1);
	}
	top_slots_ready = true;
}

/* The top_keys entry of a key, or NULL */
static inline const KeyMap *
top_lookup(const char *key, size_t keylen)
{
	unsigned	h;

	if (keylen == 0)
		return NULL;
	if (!top_slots_ready)
		top_slots_init();
	for (h = top_hash(key, keylen); top_slots[h] != 0; h = (h + 1) & (TOP_SLOTS - 1))
	{
		int			i = top_slots[h] - 1;

		if (top_lens[i] == keylen && memcmp(top_keys[i].key, key, keylen) == 0)
			return &top_keys[i];
	}
	return NULL;
}

/*
 * Locate the record's top-level fields: from the members the splitter
 * listed when there are some (no second pass over the text), else by
 * walking data[0..len).
 */
void
core_record_scan_top(const char *data, size_t len, const JsonMember *members,
				int nmembers, RecordFields *out)
{
	memset(out->f, 0, sizeof(JsonSlice) * RF_TOP_COUNT);
	if (members)
	{
		for (int i = 0; i < nmembers; i++)
		{
			const KeyMap *m = top_lookup(members[i].key, members[i].keylen);

			if (m)
				out->f[m->field] = members[i].value;
		}
	}
	else
	{
		JsonObjectIter it;
		const char *key;
		size_t		keylen;
		JsonSlice	value;

		core_json_object_begin(&it, core_json_slice(data, data + len));
		while (core_json_object_next(&it, &key, &keylen, &value))
		{
			const KeyMap *m = top_lookup(key, keylen);

			if (m)
				out->f[m->field] = value;
		}
	}
}

/* Then the fields inside userIdentity and tlsDetails */
void
core_record_scan_nested(RecordFields *out)
{
	memset(&out->f[RF_TOP_COUNT], 0, sizeof(JsonSlice) * (RF_COUNT - RF_TOP_COUNT));
	if (out->f[RF_USER_IDENTITY].type == JT_OBJECT)
		scan_object(out->f[RF_USER_IDENTITY], submaps[SUB_USER_IDENTITY], out);
	if (out->f[RF_TLS_DETAILS].type == JT_OBJECT)
		scan_object(out->f[RF_TLS_DETAILS], submaps[SUB_TLS], out);
}

/* Locate every known field of the record data[0..len) */
void
core_record_scan(const char *data, size_t len, RecordFields *out)
{
	core_record_scan_top(data, len, NULL, 0, out);
	core_record_scan_nested(out);
}

/* Whether any condition is set */
bool
core_record_quals_any(const RecordQuals *q)
{
	return q->event_name.values || q->aws_region.values ||
		q->recipient_account_id.values || q->error_code != NQ_ANY ||
		q->has_lo || q->has_hi;
}

/*
 * Whether a text column built from v can equal one of the values.  NULL
 * (absent or JSON null) never does; a string with escapes, or a value of
 * another type, is left for typing to decide.
 */
static bool
string_may_match(const StringQual *q, JsonSlice v)
{
	if (q->values == NULL)
		return true;
	if (v.type == JT_ABSENT || v.type == JT_NULL)
		return false;
	if (v.type != JT_STRING || memchr(v.p, '\\', v.len) != NULL)
		return true;
	for (int i = 0; i < q->n; i++)
		if (core_json_string_is(v, q->values[i]))
			return true;
	return false;
}

/* eventTime within the bounds; typed as event_time is (core_parse_iso8601) */
static bool
time_may_match(const RecordQuals *q, JsonSlice v)
{
	int64_t		t;

	if (!q->has_lo && !q->has_hi)
		return true;
	if (v.type == JT_ABSENT || v.type == JT_NULL)
		return false;
	if (v.type != JT_STRING || !core_parse_iso8601(v.p + 1, v.len - 2, &t))
		return true;
	if (q->has_lo && (q->lo_strict ? t <= q->lo : t < q->lo))
		return false;
	if (q->has_hi && (q->hi_strict ? t >= q->hi : t > q->hi))
		return false;
	return true;
}

/*
 * Whether the record can satisfy the conditions, judged on the fields
 * core_record_scan_top located.
 */
bool
core_record_quals_may_pass(const RecordQuals *q, const RecordFields *f)
{
	JsonSlice	ec = f->f[RF_ERROR_CODE];

	if (q->error_code == NQ_NULL && ec.type == JT_STRING)
		return false;
	if (q->error_code == NQ_NOT_NULL && (ec.type == JT_ABSENT || ec.type == JT_NULL))
		return false;
	return string_may_match(&q->event_name, f->f[RF_EVENT_NAME]) &&
		string_may_match(&q->aws_region, f->f[RF_AWS_REGION]) &&
		string_may_match(&q->recipient_account_id, f->f[RF_RECIPIENT_ACCOUNT_ID]) &&
		time_may_match(q, f->f[RF_EVENT_TIME]);
}

/*
 * One key's evidence that an object is a CloudTrail record: true for
 * eventVersion, which settles it; eventTime, and eventID or eventName, are
 * noted and settle it together.
 */
static bool
record_key_evidence(const char *key, size_t keylen, bool *has_time, bool *has_id)
{
	if (keylen == 12 && memcmp(key, "eventVersion", 12) == 0)
		return true;
	if (keylen == 9 && memcmp(key, "eventTime", 9) == 0)
		*has_time = true;
	if ((keylen == 7 && memcmp(key, "eventID", 7) == 0) ||
		(keylen == 9 && memcmp(key, "eventName", 9) == 0))
		*has_id = true;
	return false;
}

/* Whether listed members make an object a CloudTrail record */
bool
core_members_look_like_record(const JsonMember *members, int nmembers)
{
	bool		has_time = false,
				has_id = false;

	for (int i = 0; i < nmembers; i++)
		if (record_key_evidence(members[i].key, members[i].keylen,
								&has_time, &has_id))
			return true;
	return has_time && has_id;
}

/* Keys that make an object a CloudTrail record */
bool
core_looks_like_record(const char *data, size_t len)
{
	JsonObjectIter it;
	const char *key;
	size_t		keylen;
	JsonSlice	value;
	bool		has_time = false,
				has_id = false;

	core_json_object_begin(&it, core_json_slice(data, data + len));
	while (core_json_object_next(&it, &key, &keylen, &value))
		if (record_key_evidence(key, keylen, &has_time, &has_id))
			return true;
	return has_time && has_id;
}

/* Decide what a top-level object is; *inner gets the wrapped record */
DocumentKind
core_classify_document(const char *data, size_t len, JsonSlice *inner)
{
	JsonObjectIter it;
	const char *key;
	size_t		keylen;
	JsonSlice	value;
	JsonSlice	detail = {NULL, 0, JT_ABSENT};
	JsonSlice	ctevent = {NULL, 0, JT_ABSENT};
	bool		detail_type = false,
				digest = false;

	if (core_looks_like_record(data, len))
		return DOC_RECORD;
	core_json_object_begin(&it, core_json_slice(data, data + len));
	while (core_json_object_next(&it, &key, &keylen, &value))
	{
		if (keylen == 6 && memcmp(key, "detail", 6) == 0)
			detail = value;
		else if (keylen == 11 && memcmp(key, "detail-type", 11) == 0)
			detail_type = true;
		else if (keylen == 15 && memcmp(key, "CloudTrailEvent", 15) == 0)
			ctevent = value;
		else if ((keylen == 15 && memcmp(key, "digestStartTime", 15) == 0) ||
				 (keylen == 26 && memcmp(key, "digestPublicKeyFingerprint", 26) == 0))
			digest = true;
	}
	if (detail_type && detail.type == JT_OBJECT)
	{
		*inner = detail;
		return DOC_EVENTBRIDGE;
	}
	if (ctevent.type == JT_STRING)
	{
		*inner = ctevent;
		return DOC_LOOKUP_EVENT;
	}
	if (digest)
		return DOC_DIGEST;
	return DOC_UNKNOWN;
}
