/*-------------------------------------------------------------------------
 *
 * functions.c
 *	  SQL-callable functions: read_events (a location as a set of events),
 *	  parse_events (a document already in the database) and event_columns
 *	  (the column catalogue the install script builds the type from).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "foreign/foreign.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "iotatrail.h"

static Oid	get_fdw_handler_oid(void);

PG_FUNCTION_INFO_V1(iotatrail_read_events);
PG_FUNCTION_INFO_V1(iotatrail_parse_events_text);
PG_FUNCTION_INFO_V1(iotatrail_parse_events_bytea);
PG_FUNCTION_INFO_V1(iotatrail_event_columns);

/* Options from the trailing arguments (event_source, on_error, max size) */
static void
options_from_args(FunctionCallInfo fcinfo, int first, ScanOptions *opts)
{
	static const char *const names[] = {"event_source", "on_error", "max_record_size"};

	for (int i = 0; i < (int) lengthof(names) && first + i < PG_NARGS(); i++)
	{
		if (PG_ARGISNULL(first + i))
			continue;
		iotatrail_parse_option(opts, names[i],
							   text_to_cstring(PG_GETARG_TEXT_PP(first + i)));
	}
}

/* Run a scan to completion into the function's tuplestore */
static void
materialize_scan(FunctionCallInfo fcinfo, EventScan *scan)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc = rsinfo->setDesc;
	Datum	   *values = palloc(sizeof(Datum) * Max(tupdesc->natts, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(tupdesc->natts, 1));

	while (event_scan_next(scan, values, nulls))
		tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);
	event_scan_report(scan);
	event_scan_end(scan);
}

/*
 * read_events(location, event_source, on_error, max_record_size, server)
 *		The events of the log files a location names; an s3:// location is
 *		read through the named iotatrail server and the caller's user
 *		mapping, or AWS defaults when no server is named.
 */
Datum
iotatrail_read_events(PG_FUNCTION_ARGS)
{
	ScanOptions opts;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("read_events needs a location")));
	iotatrail_init_options(&opts);
	iotatrail_parse_option(&opts, "location",
						   text_to_cstring(PG_GETARG_TEXT_PP(0)));
	options_from_args(fcinfo, 1, &opts);
	if (PG_NARGS() > 4 && !PG_ARGISNULL(4))
	{
		ForeignServer *server = GetForeignServerByName(text_to_cstring(PG_GETARG_TEXT_PP(4)), false);
		AclResult	aclresult;

		if (GetForeignDataWrapper(server->fdwid)->fdwhandler != get_fdw_handler_oid())
			ereport(ERROR,
					(errcode(ERRCODE_WRONG_OBJECT_TYPE),
					 errmsg("server \"%s\" is not an iotatrail server", server->servername)));
		aclresult = pg_foreign_server_aclcheck(server->serverid, GetUserId(), ACL_USAGE);
		if (aclresult != ACLCHECK_OK)
			aclcheck_error(aclresult, OBJECT_FOREIGN_SERVER, server->servername);
		opts.serverid = server->serverid;
	}
	InitMaterializedSRF(fcinfo, 0);
	materialize_scan(fcinfo, event_scan_begin(&opts, rsinfo->setDesc,
											  "read_events", GetUserId()));
	return (Datum) 0;
}

/* The OID of iotatrail.fdw_handler, to recognise our servers */
static Oid
get_fdw_handler_oid(void)
{
	return DatumGetObjectId(DirectFunctionCall1(regprocedurein,
												CStringGetDatum("iotatrail.fdw_handler()")));
}

/* parse_events over bytes: plain or gzip'd, any input shape */
static Datum
parse_events_common(FunctionCallInfo fcinfo, const char *data, size_t len)
{
	ScanOptions opts;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	iotatrail_init_options(&opts);
	options_from_args(fcinfo, 1, &opts);
	InitMaterializedSRF(fcinfo, 0);
	materialize_scan(fcinfo, event_scan_begin_buffer(&opts, rsinfo->setDesc,
													 data, len));
	return (Datum) 0;
}

/*
 * parse_events(text, ...)
 *		The events of a document held as text.
 */
Datum
iotatrail_parse_events_text(PG_FUNCTION_ARGS)
{
	text	   *doc = PG_GETARG_TEXT_PP(0);

	return parse_events_common(fcinfo, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc));
}

/*
 * parse_events(bytea, ...)
 *		The events of a document held as bytes, gzip'd or not.
 */
Datum
iotatrail_parse_events_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *doc = PG_GETARG_BYTEA_PP(0);

	return parse_events_common(fcinfo, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc));
}

/*
 * event_columns()
 *		(position, name, type, description) of every event column.
 */
Datum
iotatrail_event_columns(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < event_column_count(); i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = Int32GetDatum(i + 1);
		values[1] = CStringGetTextDatum(event_column_name(i));
		values[2] = ObjectIdGetDatum(event_column_type(i));
		values[3] = CStringGetTextDatum(event_column_comment(i));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
