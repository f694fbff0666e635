/*-------------------------------------------------------------------------
 *
 * option_table.c
 *	  Every option of iotatrail in one table, and what is done with a row:
 *	  check a value, store it in its field, list the names valid somewhere.
 *	  Adding an option is one row here plus its use.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_foreign_server.h"
#include "catalog/pg_foreign_table.h"
#include "catalog/pg_user_mapping.h"
#include "lib/stringinfo.h"
#include "utils/guc.h"

#include "options.h"
#include "s3.h"

#define SCAN(field) OPTION_IN_SCAN, offsetof(ScanOptions, field)
#define S3(field) OPTION_IN_S3, offsetof(S3Config, field)

/* Hints list the choices in this order, but not those accepted only */
static const OptionChoice on_error_choices[] = {
	{"error", 0, false}, {"skip", 1, false}, {"stop", 0, true}, {NULL, 0, false}
};
static const OptionChoice location_setting_choices[] = {
	{"iotatrail.location", 1, false}, {NULL, 0, false}
};
static const OptionChoice url_style_choices[] = {
	{"virtual", S3_URL_STYLE_VIRTUAL, false}, {"path", S3_URL_STYLE_PATH, false},
	{NULL, 0, false}
};

static const OptionDef option_table[] = {
	/* where and what to read */
	{"location", OPTION_TABLE, OPTION_TEXT, 0, 0, NULL, NULL, false,
	SCAN(location), "text"},
	{"location_setting", OPTION_TABLE, OPTION_CHOICE, 0, 0,
		location_setting_choices, NULL, false, SCAN(location_setting), "text"},
	{"event_source", OPTION_TABLE | OPTION_ARGUMENT, OPTION_SOURCES, 0, 0, NULL,
	IOTATRAIL_DEFAULT_EVENT_SOURCE, false, SCAN(event_source), "text"},
	/* what to do with bad input */
	{"on_error", OPTION_TABLE | OPTION_ARGUMENT, OPTION_CHOICE, 0, 0,
		on_error_choices, "error", false, SCAN(skip_errors), "error or skip"},
	{"max_record_size", OPTION_TABLE | OPTION_ARGUMENT, OPTION_SIZE, 1, 512 * 1024,
		NULL, "64MB", false, SCAN(max_record_size), "size"},
	/* S3: how to reach the store (public: no secrets here) */
	{"region", OPTION_SERVER, OPTION_TEXT, 0, 0, NULL, "us-east-1", false,
	S3(region), "text"},
	{"endpoint", OPTION_SERVER, OPTION_ENDPOINT, 0, 0, NULL, NULL, false,
	S3(endpoint), "URL"},
	{"url_style", OPTION_SERVER, OPTION_CHOICE, 0, 0, url_style_choices, NULL,
	false, S3(url_style), "virtual or path"},
	{"ca_file", OPTION_SERVER, OPTION_TEXT, 0, 0, NULL, NULL, false,
	S3(ca_file), "path"},
	{"max_attempts", OPTION_SERVER, OPTION_INT, 1, 100, NULL, "5", false,
	S3(max_attempts), "integer"},
	{"concurrency", OPTION_SERVER, OPTION_INT, 1, S3_MAX_CONCURRENCY, NULL, "64",
		false, S3(concurrency), "integer"},
	{"sts_endpoint", OPTION_SERVER, OPTION_ENDPOINT, 0, 0, NULL, NULL, false,
	S3(sts_endpoint), "URL"},
	{"cloudtrail_endpoint", OPTION_SERVER, OPTION_ENDPOINT, 0, 0, NULL, NULL,
		false, S3(cloudtrail_endpoint), "URL"},
	/* S3: who signs (user mappings are readable only by their user) */
	{"access_key_id", OPTION_USER_MAPPING, OPTION_TEXT, 0, 0, NULL, NULL, true,
	S3(access_key_id), "text"},
	{"secret_access_key", OPTION_USER_MAPPING, OPTION_TEXT, 0, 0, NULL, NULL, true,
	S3(secret_access_key), "text"},
	{"session_token", OPTION_USER_MAPPING, OPTION_TEXT, 0, 0, NULL, NULL, true,
	S3(session_token), "text"},
	{"profile", OPTION_USER_MAPPING, OPTION_TEXT, 0, 0, NULL, NULL, false,
	S3(profile), "text"},
	{"role_arn", OPTION_USER_MAPPING, OPTION_TEXT, 0, 0, NULL, NULL, false,
	S3(role_arn), "text"},
	{"external_id", OPTION_USER_MAPPING, OPTION_TEXT, 0, 0, NULL, NULL, false,
	S3(external_id), "text"},
};

#define OPTION_COUNT lengthof(option_table)

/* The row of an option, or NULL */
const OptionDef *
option_lookup(const char *name)
{
	for (int i = 0; i < OPTION_COUNT; i++)
		if (strcmp(option_table[i].name, name) == 0)
			return &option_table[i];
	return NULL;
}

/* The row after prev (the first when prev is NULL), or NULL after the last */
const OptionDef *
option_next(const OptionDef *prev)
{
	const OptionDef *next = prev ? prev + 1 : option_table;

	return next < option_table + OPTION_COUNT ? next : NULL;
}

/* Which options a catalog's object takes (0: none, the wrapper itself) */
int
option_catalog_where(Oid catalog)
{
	if (catalog == ForeignServerRelationId)
		return OPTION_SERVER;
	if (catalog == UserMappingRelationId)
		return OPTION_USER_MAPPING;
	if (catalog == ForeignTableRelationId)
		return OPTION_TABLE;
	return 0;
}

/* The names valid where, comma-separated, in the table's order */
char *
option_names(int where)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (const OptionDef *def = option_next(NULL); def; def = option_next(def))
		if (def->where & where)
			appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "", def->name);
	return buf.data;
}

/*
 * Whether an endpoint is scheme://host[:port] (an optional final '/'), so
 * requests go only to the service the administrator named: a path would
 * let answers of another service on that host be read as S3's or STS's.
 */
static bool
endpoint_is_origin(const char *v)
{
	const char *p;
	int			port = 0;
	int			ndigits = 0;

	if (strncmp(v, "https://", 8) == 0)
		p = v + 8;
	else if (strncmp(v, "http://", 7) == 0)
		p = v + 7;
	else
		return false;
	if (*p == '[')
	{
		/* an IPv6 address */
		for (p++; isxdigit((unsigned char) *p) || *p == ':' || *p == '.'; p++)
			;
		if (*p++ != ']')
			return false;
	}
	else
	{
		const char *host = p;

		for (; isalnum((unsigned char) *p) || *p == '-' || *p == '.'; p++)
			;
		if (p == host || *host == '.' || *host == '-')
			return false;
	}
	if (*p == ':')
	{
		for (p++; isdigit((unsigned char) *p) && ndigits < 6; p++, ndigits++)
			port = port * 10 + (*p - '0');
		if (ndigits == 0 || port < 1 || port > 65535)
			return false;
	}
	if (*p == '/')
		p++;
	return *p == '\0';
}

/* The value of the choice named (case does not matter); *found if any */
static int
option_choice(const OptionDef *def, const char *value, bool *found)
{
	for (const OptionChoice *c = def->choices; c->name; c++)
		if (pg_strcasecmp(c->name, value) == 0)
		{
			*found = true;
			return c->value;
		}
	*found = false;
	return 0;
}

/* "Valid values are "a" and "b"." for a choice's hint */
static char *
option_choices_sentence(const OptionDef *def)
{
	StringInfoData buf;
	int			n = 0;

	while (def->choices[n].name && !def->choices[n].accepted_only)
		n++;
	initStringInfo(&buf);
	if (n == 1)
		appendStringInfo(&buf, "The only valid value is \"%s\".", def->choices[0].name);
	else
	{
		appendStringInfoString(&buf, "Valid values are ");
		for (int i = 0; i < n; i++)
			appendStringInfo(&buf, "%s\"%s\"", i == 0 ? "" : i == n - 1 ? " and " : ", ",
							 def->choices[i].name);
		appendStringInfoChar(&buf, '.');
	}
	return buf.data;
}

/* A size in kB as a person writes it: 1kB, 512MB */
static char *
option_size_text(int kb)
{
	if (kb % (1024 * 1024) == 0)
		return psprintf("%dGB", kb / (1024 * 1024));
	if (kb % 1024 == 0)
		return psprintf("%dMB", kb / 1024);
	return psprintf("%dkB", kb);
}

/* A text option's value: not empty; '*' is every source for OPTION_SOURCES */
static void
option_check_text(const OptionDef *def, const char *value)
{
	if (value[0] != '\0')
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("option \"%s\" must not be empty", def->name),
			 def->type == OPTION_SOURCES ?
			 errhint("Use '*' to read the records of every service.") : 0));
}

/* Raise unless value is valid for the option; secrets are never echoed */
void
option_check(const OptionDef *def, const char *value)
{
	int			n;
	bool		found;

	switch (def->type)
	{
		case OPTION_TEXT:
		case OPTION_SOURCES:
			option_check_text(def, value);
			break;
		case OPTION_ENDPOINT:
			/* the value is not echoed: a user name or token could ride in it */
			if (!endpoint_is_origin(value))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid value for option \"%s\"", def->name),
						 errdetail("An endpoint is http:// or https://, a host name or address, and an optional port: no path, query, fragment or user name."),
						 errhint("Give a URL such as 'https://s3.example.com' or 'http://127.0.0.1:9000'.")));
			break;
		case OPTION_INT:
			if (!parse_int(value, &n, 0, NULL) || n < def->min || n > def->max)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"", def->name, value),
						 errhint("Give a whole number from %d to %d.", def->min, def->max)));
			break;
		case OPTION_SIZE:
			if (!parse_int(value, &n, GUC_UNIT_KB, NULL) || n < def->min || n > def->max)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"", def->name, value),
						 errhint("Give a size between %s and %s, such as '%s'.",
								 option_size_text(def->min), option_size_text(def->max),
								 def->default_value)));
			break;
		case OPTION_CHOICE:
			(void) option_choice(def, value, &found);
			if (!found)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid value for option \"%s\": \"%s\"", def->name, value),
						 errhint("%s", option_choices_sentence(def))));
			break;
	}
}

/* Check value and store it in the option's field of fields */
void
option_apply(const OptionDef *def, const char *value, void *fields)
{
	char	   *field = (char *) fields + def->offset;
	int			n;
	bool		found;

	option_check(def, value);
	switch (def->type)
	{
		case OPTION_TEXT:
		case OPTION_ENDPOINT:
			*(char **) field = pstrdup(value);
			break;
		case OPTION_SOURCES:
			*(char **) field = strcmp(value, "*") == 0 ? NULL : pstrdup(value);
			break;
		case OPTION_INT:
			(void) parse_int(value, &n, 0, NULL);
			*(int *) field = n;
			break;
		case OPTION_SIZE:
			(void) parse_int(value, &n, GUC_UNIT_KB, NULL);
			*(size_t *) field = (size_t) n * 1024;
			break;
		case OPTION_CHOICE:
			n = option_choice(def, value, &found);
			/* the ScanOptions choices are flags */
			if (def->target == OPTION_IN_SCAN)
				*(bool *) field = n != 0;
			else
				*(int *) field = n;
			break;
	}
}

/* Store the default of every option valid where that sets a field of target */
void
option_apply_defaults(int where, OptionTarget target, void *fields)
{
	for (const OptionDef *def = option_next(NULL); def; def = option_next(def))
		if ((def->where & where) && def->target == target && def->default_value)
			option_apply(def, def->default_value, fields);
}
