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
#include "catalog/pg_type.h"
#include "catalog/pg_user_mapping.h"
#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/syscache.h"

#include "iotatrail.h"
#include "options.h"
#include "pg_compat.h"
#include "s3.h"

PG_FUNCTION_INFO_V1(iotatrail_fdw_validator);
PG_FUNCTION_INFO_V1(iotatrail_fdw_options);

/* Defaults: IoT Analytics events, stop at the first bad record */
void
iotatrail_init_options(ScanOptions *opts)
{
	memset(opts, 0, sizeof(*opts));
	option_apply_defaults(OPTION_TABLE | OPTION_ARGUMENT, OPTION_IN_SCAN, opts);
}

/* Check one scan option's value and store it; errors name the option */
void
iotatrail_parse_option(ScanOptions *opts, const char *name, const char *value)
{
	const OptionDef *def = option_lookup(name);

	if (def == NULL || def->target != OPTION_IN_SCAN)
		elog(ERROR, "unexpected iotatrail option \"%s\"", name);
	option_apply(def, value, opts);
}

/*
 * An option not valid where it was given: a credential belongs in a user
 * mapping (the other catalogs are readable by every user); else the hint
 * names what is valid there
 */
pg_noreturn static void
option_refuse(const char *name, const OptionDef *opt, int where)
{
	char	   *valid = option_names(where);

	if (opt && opt->secret)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
				 errmsg("option \"%s\" belongs in a user mapping", name),
				 errdetail("Server and foreign table options are readable by every user."),
				 errhint("CREATE USER MAPPING FOR CURRENT_USER SERVER ... OPTIONS (access_key_id '...', secret_access_key '...').")));
	ereport(ERROR,
			(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
			 errmsg("invalid option \"%s\"", name),
			 valid[0] ?
			 errhint("Valid options in this context are: %s.", valid) :
			 errhint("There are no valid options in this context.")));
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
	int			where = option_catalog_where(catalog);
	ScanOptions opts;
	ListCell   *lc;

	iotatrail_init_options(&opts);
	foreach(lc, options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);
		const OptionDef *opt = option_lookup(def->defname);

		if (opt == NULL || !(opt->where & where))
			option_refuse(def->defname, opt, where);
		if (opt->target == OPTION_IN_SCAN)
			option_apply(opt, defGetString(def), &opts);
		else
			option_check(opt, defGetString(def));
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
	if (catalog == ForeignTableRelationId && opts.location)
	{
		SourceConfig cfg;

		source_config_init(&cfg);
		cfg.location = opts.location;
		cfg.userid = GetUserId();
		if (source_kind(&cfg)->names_server_files)
			source_kind(&cfg)->check(&cfg);
	}

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
	SourceConfig cfg;
	const SourceKind *kind;

	if (!opts->location_setting || opts->location == NULL || session == running)
		return;
	source_config_init(&cfg);
	cfg.location = opts->location;
	cfg.serverid = opts->serverid;
	cfg.userid = session;
	kind = source_kind(&cfg);
	if (kind->names_server_files)
	{
		if (has_privs_of_role(session, ROLE_PG_READ_SERVER_FILES))
			return;
	}
	else
	{
		/* the session user's own check (keys, or pg_read_server_files) */
		kind->check(&cfg);
		if (user_mapping_oid(session, opts->serverid) == user_mapping_oid(running, opts->serverid))
			return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to read the location set in iotatrail.location"),
			 kind->names_server_files ?
			 errdetail("The setting is the choice of session user \"%s\", who may not read files on the database server; the query runs as role \"%s\".",
					   GetUserNameFromId(session, false), GetUserNameFromId(running, false)) :
			 errdetail("The setting is the choice of session user \"%s\"; the query runs as role \"%s\", whose S3 credentials on this server are not the session user's.",
					   GetUserNameFromId(session, false), GetUserNameFromId(running, false)),
			 errhint("A SECURITY DEFINER function that reads a trail of its own reads a foreign table with its own location option, not iotatrail.location.")));
}

/* The names of the places an option may be given, as text[] */
static Datum
option_places(int where)
{
	static const struct
	{
		int			flag;
		const char *name;
	}			places[] = {
		{OPTION_SERVER, "server"},
		{OPTION_USER_MAPPING, "user mapping"},
		{OPTION_TABLE, "foreign table"},
		{OPTION_ARGUMENT, "function argument"},
	};
	Datum		names[lengthof(places)];
	int			n = 0;

	for (int i = 0; i < lengthof(places); i++)
		if (where & places[i].flag)
			names[n++] = CStringGetTextDatum(places[i].name);
	return PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * fdw_options() -> setof (option, valid_in, type, default_value, secret)
 *		The option table, as the validator reads it
 */
Datum
iotatrail_fdw_options(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (const OptionDef *def = option_next(NULL); def; def = option_next(def))
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = CStringGetTextDatum(def->name);
		values[1] = option_places(def->where);
		values[2] = CStringGetTextDatum(def->type_name);
		if (def->default_value)
			values[3] = CStringGetTextDatum(def->default_value);
		else
			nulls[3] = true;
		values[4] = BoolGetDatum(def->secret);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
