/*-------------------------------------------------------------------------
 *
 * fdw_options.c
 *	  Options of the iotatrail foreign-data wrapper: which catalog each may
 *	  appear in, validation at CREATE/ALTER time, and reading them back.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/reloptions.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_foreign_table.h"
#include "catalog/pg_user_mapping.h"
#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/syscache.h"

#include "iotatrail.h"
#include "s3.h"

/* A valid option and the catalog it belongs to */
typedef struct IotatrailOption
{
	const char *name;
	Oid			context;
} IotatrailOption;

static const IotatrailOption valid_options[] = {
	/* where and what to read */
	{"location", ForeignTableRelationId},
	{"location_setting", ForeignTableRelationId},
	{"event_source", ForeignTableRelationId},
	/* what to do with bad input */
	{"on_error", ForeignTableRelationId},
	{"max_record_size", ForeignTableRelationId},
	/* S3: how to reach the store (public: no secrets here) */
	{"region", ForeignServerRelationId},
	{"endpoint", ForeignServerRelationId},
	{"url_style", ForeignServerRelationId},
	{"ca_file", ForeignServerRelationId},
	{"max_attempts", ForeignServerRelationId},
	{"concurrency", ForeignServerRelationId},
	{"sts_endpoint", ForeignServerRelationId},
	{"cloudtrail_endpoint", ForeignServerRelationId},
	/* S3: who signs (user mappings are readable only by their user) */
	{"access_key_id", UserMappingRelationId},
	{"secret_access_key", UserMappingRelationId},
	{"session_token", UserMappingRelationId},
	{"profile", UserMappingRelationId},
	{"role_arn", UserMappingRelationId},
	{"external_id", UserMappingRelationId},
	/* sentinel */
	{NULL, InvalidOid}
};

PG_FUNCTION_INFO_V1(iotatrail_fdw_validator);

/* Defaults: IoT Analytics events, stop at the first bad record */
void
iotatrail_init_options(ScanOptions *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->event_source = IOTATRAIL_DEFAULT_EVENT_SOURCE;
	opts->max_record_size = IOTATRAIL_DEFAULT_MAX_RECORD_SIZE;
}

/* Check one option's value and store it; errors name the option */
void
iotatrail_parse_option(ScanOptions *opts, const char *name, const char *value)
{
	if (strcmp(name, "location") == 0)
	{
		if (value[0] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("option \"location\" must not be empty")));
		opts->location = pstrdup(value);
	}
	else if (strcmp(name, "location_setting") == 0)
	{
		/* the one setting a location may come from, read at each scan */
		if (strcmp(value, "iotatrail.location") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for option \"location_setting\": \"%s\"", value),
					 errhint("The only valid value is \"iotatrail.location\".")));
		opts->location_setting = true;
	}
	else if (strcmp(name, "event_source") == 0)
	{
		if (value[0] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("option \"event_source\" must not be empty"),
					 errhint("Use '*' to read the records of every service.")));
		opts->event_source = strcmp(value, "*") == 0 ? NULL : pstrdup(value);
	}
	else if (strcmp(name, "on_error") == 0)
	{
		if (pg_strcasecmp(value, "error") == 0 || pg_strcasecmp(value, "stop") == 0)
			opts->skip_errors = false;
		else if (pg_strcasecmp(value, "skip") == 0)
			opts->skip_errors = true;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for option \"on_error\": \"%s\"", value),
					 errhint("Valid values are \"error\" and \"skip\".")));
	}
	else if (strcmp(name, "max_record_size") == 0)
	{
		int			kb;
		const char *hintmsg;

		if (!parse_int(value, &kb, GUC_UNIT_KB, &hintmsg) || kb < 1 ||
			kb > 512 * 1024)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for option \"max_record_size\": \"%s\"", value),
					 errhint("Give a size between 1kB and 512MB, such as '64MB'.")));
		opts->max_record_size = (size_t) kb * 1024;
	}
	else
		elog(ERROR, "unexpected iotatrail option \"%s\"", name);
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

/* Check a server or user mapping option; values are never echoed for secrets */
static void
check_s3_option(const char *name, const char *value)
{
	if (strcmp(name, "endpoint") == 0 || strcmp(name, "sts_endpoint") == 0 ||
		strcmp(name, "cloudtrail_endpoint") == 0)
	{
		/* the value is not echoed: a user name or token could ride in it */
		if (!endpoint_is_origin(value))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for option \"%s\"", name),
					 errdetail("An endpoint is http:// or https://, a host name or address, and an optional port: no path, query, fragment or user name."),
					 errhint("Give a URL such as 'https://s3.example.com' or 'http://127.0.0.1:9000'.")));
	}
	else if (strcmp(name, "url_style") == 0)
	{
		if (strcmp(value, "path") != 0 && strcmp(value, "virtual") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for option \"url_style\": \"%s\"", value),
					 errhint("Valid values are \"virtual\" (bucket.host) and \"path\" (host/bucket).")));
	}
	else if (strcmp(name, "max_attempts") == 0 || strcmp(name, "concurrency") == 0)
	{
		int			v;
		int			max = strcmp(name, "concurrency") == 0 ? S3_MAX_CONCURRENCY : 100;

		if (!parse_int(value, &v, 0, NULL) || v < 1 || v > max)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for option \"%s\": \"%s\"", name, value),
					 errhint("Give a whole number from 1 to %d.", max)));
	}
	else if (value[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("option \"%s\" must not be empty", name)));
}

/* Options that hold secrets: only a user mapping may carry them */
static bool
is_secret_option(const char *name)
{
	return strcmp(name, "secret_access_key") == 0 ||
		strcmp(name, "session_token") == 0 ||
		strcmp(name, "access_key_id") == 0;
}

/* Whether name is valid in the catalog context */
static bool
is_valid_option(const char *name, Oid context)
{
	for (const IotatrailOption *opt = valid_options; opt->name; opt++)
		if (opt->context == context && strcmp(opt->name, name) == 0)
			return true;
	return false;
}

/*
 * Validate the options of a CREATE/ALTER of a server, user mapping or
 * foreign table, so a typo fails there and not on the first SELECT.
 */
Datum
iotatrail_fdw_validator(PG_FUNCTION_ARGS)
{
	List	   *options = untransformRelOptions(PG_GETARG_DATUM(0));
	Oid			catalog = PG_GETARG_OID(1);
	ScanOptions opts;
	ListCell   *lc;

	iotatrail_init_options(&opts);
	foreach(lc, options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);

		if (!is_valid_option(def->defname, catalog) && is_secret_option(def->defname))
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("option \"%s\" belongs in a user mapping", def->defname),
					 errdetail("Server and foreign table options are readable by every user."),
					 errhint("CREATE USER MAPPING FOR CURRENT_USER SERVER ... OPTIONS (access_key_id '...', secret_access_key '...').")));
		if (!is_valid_option(def->defname, catalog))
		{
			StringInfoData buf;

			initStringInfo(&buf);
			for (const IotatrailOption *opt = valid_options; opt->name; opt++)
				if (opt->context == catalog)
					appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "",
									 opt->name);
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("invalid option \"%s\"", def->defname),
					 buf.len > 0 ?
					 errhint("Valid options in this context are: %s.", buf.data) :
					 errhint("There are no valid options in this context.")));
		}
		if (catalog == ForeignTableRelationId)
			iotatrail_parse_option(&opts, def->defname, defGetString(def));
		else
			check_s3_option(def->defname, defGetString(def));
	}

	if (opts.location && opts.location_setting)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("options \"location\" and \"location_setting\" cannot both be given"),
				 errhint("A table reads either the location it names or the one iotatrail.location names.")));

	/*
	 * naming server files is privileged, as for COPY FROM a file; a location
	 * taken from the setting is checked at each scan, as the role running it
	 */
	if (catalog == ForeignTableRelationId && opts.location &&
		location_is_local(opts.location))
		check_local_location(GetUserId(), opts.location);

	PG_RETURN_VOID();
}

/* Options of a foreign table, applied over the defaults */
void
iotatrail_get_table_options(Oid relid, ScanOptions *opts)
{
	ForeignTable *table = GetForeignTable(relid);
	ListCell   *lc;

	iotatrail_init_options(opts);
	opts->serverid = table->serverid;
	foreach(lc, table->options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);

		iotatrail_parse_option(opts, def->defname, defGetString(def));
	}
	/* the setting as it is now: each plan and each scan reads it again */
	if (opts->location_setting && iotatrail_default_location &&
		iotatrail_default_location[0] != '\0')
		opts->location = pstrdup(iotatrail_default_location);
}

/*
 * A table reading iotatrail.location while it is not set: the error the
 * views of schema iotanalytics have always given
 */
void
iotatrail_require_location(const ScanOptions *opts)
{
	if (opts->location == NULL && opts->location_setting)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("iotatrail.location is not set"),
				 errdetail("The views of schema iotanalytics read the CloudTrail logs at iotatrail.location."),
				 errhint("SET iotatrail.location = '/path/to/AWSLogs/', or IMPORT FOREIGN SCHEMA iotanalytics FROM SERVER ... INTO a schema of your own.")));
}

/*
 * The user mapping that applies to userid on a server: its own, else
 * PUBLIC's; a syscache tuple to release, or NULL when there is none
 */
static HeapTuple
user_mapping_tuple(Oid userid, Oid serverid)
{
	HeapTuple	tp;

	tp = SearchSysCache2(USERMAPPINGUSERSERVER, ObjectIdGetDatum(userid),
						 ObjectIdGetDatum(serverid));
	if (!HeapTupleIsValid(tp))
		tp = SearchSysCache2(USERMAPPINGUSERSERVER, ObjectIdGetDatum(InvalidOid),
							 ObjectIdGetDatum(serverid));
	return HeapTupleIsValid(tp) ? tp : NULL;
}

/* The user mapping for userid (or PUBLIC) on a server; InvalidOid if none */
static Oid
user_mapping_oid(Oid userid, Oid serverid)
{
	HeapTuple	tp = user_mapping_tuple(userid, serverid);
	Oid			umid;

	if (tp == NULL)
		return InvalidOid;
	umid = ((Form_pg_user_mapping) GETSTRUCT(tp))->oid;
	ReleaseSysCache(tp);
	return umid;
}

/*
 * A location taken from iotatrail.location was chosen by whoever set it:
 * the session user.  The query may run as another role (a SECURITY
 * DEFINER function, SET ROLE), so the session user must also be allowed
 * what the scan does: read server files, or sign S3 with the credentials
 * the running role would use.  Otherwise a caller could point a definer's
 * function at any file the server can read.
 */
void
iotatrail_check_location_chooser(const ScanOptions *opts)
{
	Oid			session = GetSessionUserId();
	Oid			running = GetUserId();

	if (!opts->location_setting || opts->location == NULL || session == running)
		return;
	if (location_is_local(opts->location))
	{
		if (has_privs_of_role(session, ROLE_PG_READ_SERVER_FILES))
			return;
	}
	else
	{
		/* S3: the session user's own check (keys, or pg_read_server_files) */
		(void) iotatrail_s3_config(opts->serverid, session);
		if (user_mapping_oid(session, opts->serverid) == user_mapping_oid(running, opts->serverid))
			return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to read the location set in iotatrail.location"),
			 location_is_local(opts->location) ?
			 errdetail("The setting is the choice of session user \"%s\", who may not read files on the database server; the query runs as role \"%s\".",
					   GetUserNameFromId(session, false), GetUserNameFromId(running, false)) :
			 errdetail("The setting is the choice of session user \"%s\"; the query runs as role \"%s\", whose S3 credentials on this server are not the session user's.",
					   GetUserNameFromId(session, false), GetUserNameFromId(running, false)),
			 errhint("A SECURITY DEFINER function that reads a trail of its own reads a foreign table with its own location option, not iotatrail.location.")));
}

/* The options of the user mapping for userid (or PUBLIC) on a server */
static List *
user_mapping_options(Oid userid, Oid serverid)
{
	HeapTuple	tp = user_mapping_tuple(userid, serverid);
	List	   *options = NIL;
	Datum		datum;
	bool		isnull;

	if (tp == NULL)
		return NIL;
	datum = SysCacheGetAttr(USERMAPPINGUSERSERVER, tp, Anum_pg_user_mapping_umoptions,
							&isnull);
	if (!isnull)
		options = untransformRelOptions(datum);
	ReleaseSysCache(tp);
	return options;
}

/*
 * How userid reaches S3 through a server (InvalidOid: AWS defaults and the
 * credential chain).  Credentials the server process holds (environment,
 * files, container or instance role) are its own identity: using them
 * takes the same privilege as reading its files.
 */
S3Config *
iotatrail_s3_config(Oid serverid, Oid userid)
{
	S3Config   *cfg = palloc0(sizeof(S3Config));
	ListCell   *lc;

	cfg->region = S3_DEFAULT_REGION;
	cfg->max_attempts = S3_DEFAULT_MAX_ATTEMPTS;
	cfg->concurrency = S3_DEFAULT_CONCURRENCY;
	if (OidIsValid(serverid))
	{
		ForeignServer *server = GetForeignServer(serverid);
		bool		style_given = false;

		cfg->server_name = pstrdup(server->servername);
		foreach(lc, server->options)
		{
			DefElem    *def = (DefElem *) lfirst(lc);
			char	   *v = defGetString(def);

			if (strcmp(def->defname, "region") == 0)
				cfg->region = v;
			else if (strcmp(def->defname, "endpoint") == 0)
				cfg->endpoint = v;
			else if (strcmp(def->defname, "url_style") == 0)
			{
				cfg->path_style = strcmp(v, "path") == 0;
				style_given = true;
			}
			else if (strcmp(def->defname, "ca_file") == 0)
				cfg->ca_file = v;
			else if (strcmp(def->defname, "max_attempts") == 0)
				cfg->max_attempts = pg_strtoint32(v);
			else if (strcmp(def->defname, "concurrency") == 0)
				cfg->concurrency = pg_strtoint32(v);
			else if (strcmp(def->defname, "sts_endpoint") == 0)
				cfg->sts_endpoint = v;
			else if (strcmp(def->defname, "cloudtrail_endpoint") == 0)
				cfg->cloudtrail_endpoint = v;
		}
		/* S3-compatible stores mostly want path style */
		if (cfg->endpoint && !style_given)
			cfg->path_style = true;
		foreach(lc, user_mapping_options(userid, serverid))
		{
			DefElem    *def = (DefElem *) lfirst(lc);
			char	   *v = defGetString(def);

			if (strcmp(def->defname, "access_key_id") == 0)
				cfg->access_key_id = v;
			else if (strcmp(def->defname, "secret_access_key") == 0)
				cfg->secret_access_key = v;
			else if (strcmp(def->defname, "session_token") == 0)
				cfg->session_token = v;
			else if (strcmp(def->defname, "profile") == 0)
				cfg->profile = v;
			else if (strcmp(def->defname, "role_arn") == 0)
				cfg->role_arn = v;
			else if (strcmp(def->defname, "external_id") == 0)
				cfg->external_id = v;
		}
	}
	if ((cfg->access_key_id == NULL || cfg->secret_access_key == NULL) &&
		!has_privs_of_role(userid, ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to use the database server's own AWS credentials"),
				 errdetail("Without access_key_id and secret_access_key in a user mapping, S3 is signed with credentials of the server process (environment, files, container or instance role)."),
				 cfg->server_name ?
				 errhint("Create a user mapping with keys for server %s, or be granted pg_read_server_files.",
						 quote_identifier(cfg->server_name)) :
				 errhint("Name an iotatrail server whose user mapping for you holds keys, as in read_events('s3://bucket/AWSLogs/', server => 'my_s3'), or be granted pg_read_server_files.")));
	return cfg;
}
