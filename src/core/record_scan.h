/*-------------------------------------------------------------------------
 *
 * record_scan.h
 *	  Locate the fields of one CloudTrail record without copying them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_RECORD_SCAN_H
#define IOTATRAIL_RECORD_SCAN_H

#include "json_fast.h"

/* Every field iotatrail types; nested ones after RF_TOP_COUNT */
typedef enum RecordField
{
	RF_EVENT_VERSION,
	RF_USER_IDENTITY,
	RF_EVENT_TIME,
	RF_EVENT_SOURCE,
	RF_EVENT_NAME,
	RF_AWS_REGION,
	RF_SOURCE_IP_ADDRESS,
	RF_USER_AGENT,
	RF_REQUEST_ID,
	RF_EVENT_ID,
	RF_EVENT_TYPE,
	RF_EVENT_CATEGORY,
	RF_API_VERSION,
	RF_READ_ONLY,
	RF_MANAGEMENT_EVENT,
	RF_RECIPIENT_ACCOUNT_ID,
	RF_SHARED_EVENT_ID,
	RF_VPC_ENDPOINT_ID,
	RF_VPC_ENDPOINT_ACCOUNT_ID,
	RF_ERROR_CODE,
	RF_ERROR_MESSAGE,
	RF_SESSION_CREDENTIAL_FROM_CONSOLE,
	RF_TLS_DETAILS,
	RF_REQUEST_PARAMETERS,
	RF_RESPONSE_ELEMENTS,
	RF_ADDITIONAL_EVENT_DATA,
	RF_RESOURCES,
	RF_SERVICE_EVENT_DETAILS,
	RF_ADDENDUM,
	RF_EDGE_DEVICE_DETAILS,
	RF_INSIGHT_DETAILS,
	RF_EVENT_CONTEXT,
	RF_TOP_COUNT,
	/* userIdentity.* */
	RF_UI_TYPE = RF_TOP_COUNT,
	RF_UI_PRINCIPAL_ID,
	RF_UI_ARN,
	RF_UI_ACCOUNT_ID,
	RF_UI_ACCESS_KEY_ID,
	RF_UI_USER_NAME,
	RF_UI_INVOKED_BY,
	RF_UI_IDENTITY_PROVIDER,
	RF_UI_SESSION_CONTEXT,
	/* userIdentity.sessionContext.* */
	RF_SC_SOURCE_IDENTITY,
	RF_SC_ATTRIBUTES,
	RF_SC_SESSION_ISSUER,
	RF_SC_WEB_ID_FEDERATION_DATA,
	/* ...attributes.*, ...sessionIssuer.*, ...webIdFederationData.* */
	RF_AT_MFA_AUTHENTICATED,
	RF_AT_CREATION_DATE,
	RF_SI_TYPE,
	RF_SI_PRINCIPAL_ID,
	RF_SI_ARN,
	RF_SI_ACCOUNT_ID,
	RF_SI_USER_NAME,
	RF_WI_FEDERATED_PROVIDER,
	/* tlsDetails.* */
	RF_TLS_VERSION,
	RF_TLS_CIPHER_SUITE,
	RF_TLS_CLIENT_PROVIDED_HOST_HEADER,
	RF_TLS_KEY_EXCHANGE,
	RF_COUNT
} RecordField;

typedef struct RecordFields
{
	JsonSlice	f[RF_COUNT];
} RecordFields;

extern void core_record_scan(const char *data, size_t len, RecordFields *out);
extern void core_record_scan_top(const char *data, size_t len,
							const JsonMember *members, int nmembers,
							RecordFields *out);
extern void core_record_scan_nested(RecordFields *out);
extern bool core_members_look_like_record(const JsonMember *members, int nmembers);
extern const char *core_record_field_path(RecordField f);

/*
 * WHERE conditions checked on a record's top-level fields before any
 * column is built.  A record is left out only when its field is a plain
 * value that certainly fails; anything unsure goes on to be typed, so the
 * executor's recheck decides and bad input reports as it would without
 * them.  NULL lists accept any value; an empty list (n == 0) none.
 */
typedef struct StringQual
{
	const char *const *values;	/* NULL: no condition */
	int			n;
} StringQual;

typedef enum NullQual
{
	NQ_ANY,
	NQ_NULL,					/* IS NULL */
	NQ_NOT_NULL					/* IS NOT NULL */
} NullQual;

typedef struct RecordQuals
{
	StringQual	event_name;
	StringQual	aws_region;
	StringQual	recipient_account_id;
	NullQual	error_code;
	bool		has_lo;			/* eventTime >= lo (> lo when lo_strict) */
	bool		lo_strict;
	int64_t		lo;				/* microseconds since 2000-01-01 UTC */
	bool		has_hi;			/* eventTime <= hi (< hi when hi_strict) */
	bool		hi_strict;
	int64_t		hi;
} RecordQuals;

extern bool core_record_quals_any(const RecordQuals *q);
extern bool core_record_quals_may_pass(const RecordQuals *q, const RecordFields *f);

/* What a top-level JSON object is */
typedef enum DocumentKind
{
	DOC_RECORD,
	DOC_EVENTBRIDGE,			/* record in "detail" */
	DOC_LOOKUP_EVENT,			/* record as a string in "CloudTrailEvent" */
	DOC_DIGEST,					/* a CloudTrail-Digest file: not events */
	DOC_UNKNOWN
} DocumentKind;

extern DocumentKind core_classify_document(const char *data, size_t len,
									  JsonSlice *inner);
extern bool core_looks_like_record(const char *data, size_t len);

#endif							/* IOTATRAIL_RECORD_SCAN_H */
