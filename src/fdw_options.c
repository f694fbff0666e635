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
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_foreign_table.h"
#include "catalog/pg_user_mapping.h"
#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "iotatrail.h"

/* A valid option and the catalog it belongs to */
typedef struct IotatrailOption
{
	const char *name;
	Oid			context;
} IotatrailOption;

static const IotatrailOption valid_options[] = {
	/* where and what to read */
	{"location", ForeignTableRelationId},
	{"event_source", ForeignTableRelationId},
	/* what to do with bad input */
	{"on_error", ForeignTableRelationId},
	{"max_record_size", ForeignTableRelationId},
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
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("option \"location\" must not be empty")));
		opts->location = pstrdup(value);
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
		iotatrail_parse_option(&opts, def->defname, defGetString(def));
	}

	/* naming server files is privileged, as for COPY FROM a file */
	if (catalog == ForeignTableRelationId && opts.location &&
		location_is_local(opts.location))
		check_local_read_privilege(GetUserId(), opts.location);

	PG_RETURN_VOID();
}

/* Options of a foreign table, applied over the defaults */
void
iotatrail_get_table_options(Oid relid, ScanOptions *opts)
{
	ForeignTable *table = GetForeignTable(relid);
	ForeignServer *server = GetForeignServer(table->serverid);
	List	   *options = list_concat(list_copy(server->options), table->options);
	ListCell   *lc;

	iotatrail_init_options(opts);
	foreach(lc, options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);

		iotatrail_parse_option(opts, def->defname, defGetString(def));
	}
}
