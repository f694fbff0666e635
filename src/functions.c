/*-------------------------------------------------------------------------
 *
 * functions.c
 *	  SQL-callable functions: read_events (a location as a set of events),
 *	  read_objects (named log files), parse_events (a document already in
 *	  the database) and event_columns (the column catalogue the install
 *	  script builds the type from).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/stat.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "foreign/foreign.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "iotatrail.h"
#include "pg_compat.h"

static Oid	get_fdw_handler_oid(void);

PG_FUNCTION_INFO_V1(iotatrail_read_events);
PG_FUNCTION_INFO_V1(iotatrail_read_objects);
PG_FUNCTION_INFO_V1(iotatrail_parse_events_text);
PG_FUNCTION_INFO_V1(iotatrail_parse_events_bytea);
PG_FUNCTION_INFO_V1(iotatrail_event_columns);
PG_FUNCTION_INFO_V1(iotatrail_list_objects);
PG_FUNCTION_INFO_V1(iotatrail_last_scan_skipped);
PG_FUNCTION_INFO_V1(iotatrail_last_scan_skipped_objects);

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
 * The iotatrail server named by argument argno, checked for USAGE;
 * InvalidOid when the argument is absent or NULL (AWS defaults).
 */
Oid
iotatrail_server_arg(FunctionCallInfo fcinfo, int argno)
{
	ForeignServer *server;
	AclResult	aclresult;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return InvalidOid;
	server = GetForeignServerByName(text_to_cstring(PG_GETARG_TEXT_PP(argno)), false);
	if (GetForeignDataWrapper(server->fdwid)->fdwhandler != get_fdw_handler_oid())
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("server \"%s\" is not an iotatrail server", server->servername)));
	aclresult = iotatrail_server_aclcheck(server->serverid, GetUserId(), ACL_USAGE);
	if (aclresult != ACLCHECK_OK)
		aclcheck_error(aclresult, OBJECT_FOREIGN_SERVER, server->servername);
	return server->serverid;
}

/* A read_events call in progress: its scan and the row type it builds */
typedef struct ReadEventsCall
{
	EventScan  *scan;			/* NULL once ended */
	TupleDesc	tupdesc;
	Datum	   *values;
	bool	   *nulls;
	ExprContext *econtext;		/* where read_events_end is registered */
} ReadEventsCall;

/* End the scan: report its skips once, release files and connections */
static void
read_events_end(Datum arg)
{
	ReadEventsCall *call = (ReadEventsCall *) DatumGetPointer(arg);

	if (call->scan == NULL)
		return;
	event_scan_report(call->scan);
	event_scan_end(call->scan);
	call->scan = NULL;
}

/*
 * The first call of read_events_rows or read_objects_rows: the scan of
 * opts (event_source and the rest from arguments 1-4), as the caller,
 * ended when its rows are or the caller stops asking.
 */
static void
read_call_begin(FunctionCallInfo fcinfo, ScanOptions *opts, const char *fname)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	FuncCallContext *funcctx;
	ReadEventsCall *call;
	MemoryContext old;
	TupleDesc	tupdesc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	funcctx = SRF_FIRSTCALL_INIT();
	old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	call = palloc0(sizeof(ReadEventsCall));
	call->tupdesc = BlessTupleDesc(tupdesc);
	call->values = palloc(sizeof(Datum) * Max(tupdesc->natts, 1));
	call->nulls = palloc(sizeof(bool) * Max(tupdesc->natts, 1));
	options_from_args(fcinfo, 1, opts);
	opts->serverid = iotatrail_server_arg(fcinfo, 4);
	call->scan = event_scan_begin(opts, call->tupdesc, fname, GetUserId());
	/* a LIMIT or a closed cursor stops the calls before the end */
	call->econtext = rsinfo->econtext;
	RegisterExprContextCallback(call->econtext, read_events_end,
								PointerGetDatum(call));
	funcctx->user_fctx = call;
	MemoryContextSwitchTo(old);
}

/* Each call of read_events_rows or read_objects_rows: the next row */
static Datum
read_call_next(FunctionCallInfo fcinfo)
{
	FuncCallContext *funcctx = SRF_PERCALL_SETUP();
	ReadEventsCall *call = (ReadEventsCall *) funcctx->user_fctx;

	if (call->scan && event_scan_next(call->scan, call->values, call->nulls))
	{
		/* formed in the caller's per-row memory, freed before the next */
		HeapTuple	tuple = heap_form_tuple(call->tupdesc, call->values,
											call->nulls);

		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(tuple));
	}
	read_events_end(PointerGetDatum(call));
	UnregisterExprContextCallback(call->econtext, read_events_end,
								  PointerGetDatum(call));
	SRF_RETURN_DONE(funcctx);
}

/*
 * read_events_rows(location, event_source, on_error, max_record_size, server)
 *		The events of the log files a location names, one per call: a row
 *		is returned as soon as it is read, and memory does not grow with the
 *		result.  An s3:// location is read through the named iotatrail
 *		server and the caller's user mapping, or AWS defaults when no server
 *		is named.  iotatrail.read_events is a SQL function over it that
 *		PostgreSQL inlines: in FROM, a C function's rows would be collected
 *		in a tuplestore before the first one is returned.
 */
Datum
iotatrail_read_events(PG_FUNCTION_ARGS)
{
	if (SRF_IS_FIRSTCALL())
	{
		ScanOptions opts;

		if (PG_ARGISNULL(0))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("read_events needs a location")));
		iotatrail_init_options(&opts);
		iotatrail_parse_option(&opts, "location",
							   text_to_cstring(PG_GETARG_TEXT_PP(0)));
		read_call_begin(fcinfo, &opts, "read_events");
	}
	return read_call_next(fcinfo);
}

/*
 * read_objects_rows(objects, event_source, on_error, max_record_size, server)
 *		The events of the log files named, in that order: local paths or
 *		s3:// URLs of one bucket, whatever their names, with no walk and no
 *		listing (S3 objects are fetched several at a time, as a listed
 *		scan's are).  iotatrail.sync loads each batch with one call.
 */
Datum
iotatrail_read_objects(PG_FUNCTION_ARGS)
{
	if (SRF_IS_FIRSTCALL())
	{
		ScanOptions opts;
		ArrayType  *arr;
		Datum	   *elems;
		bool	   *elem_nulls;
		int			n;
		List	   *objects = NIL;

		if (PG_ARGISNULL(0))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("read_objects needs an array of objects")));
		arr = PG_GETARG_ARRAYTYPE_P(0);
		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &elem_nulls, &n);
		for (int i = 0; i < n; i++)
		{
			if (elem_nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("object %d of read_objects is NULL", i + 1)));
			objects = lappend(objects, TextDatumGetCString(elems[i]));
		}
		if (objects == NIL)
		{
			/* nothing to read: no scan, and no S3 configuration needed */
			FuncCallContext *funcctx = SRF_FIRSTCALL_INIT();

			SRF_RETURN_DONE(funcctx);
		}
		iotatrail_init_options(&opts);
		opts.objects = objects;
		read_call_begin(fcinfo, &opts, "read_objects");
	}
	return read_call_next(fcinfo);
}

/* Microseconds since 1970 as a timestamptz */
static TimestampTz
unix_us_to_timestamptz(int64 us)
{
	return us - CORE_UNIX_TO_PG_EPOCH_SECS * USECS_PER_SEC;
}

/* One listed object's row of list_objects */
static void
list_objects_put(ReturnSetInfo *rsinfo, const char *name,
				 const SourceEntryInfo *info)
{
	Datum		values[7];
	bool		nulls[7];

	memset(nulls, true, sizeof(nulls));
	values[0] = CStringGetTextDatum(name);
	nulls[0] = false;
	if (info->size >= 0)
	{
		values[1] = Int64GetDatum(info->size);
		nulls[1] = false;
	}
	if (info->etag)
	{
		values[2] = CStringGetTextDatum(info->etag);
		nulls[2] = false;
	}
	if (info->has_file_times)
	{
		values[3] = TimestampTzGetDatum(unix_us_to_timestamptz(info->mtime_us));
		values[4] = Int64GetDatum(info->inode);
		values[5] = TimestampTzGetDatum(unix_us_to_timestamptz(info->ctime_us));
		nulls[3] = nulls[4] = nulls[5] = false;
	}
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/*
 * list_objects(location, server, digests)
 *		The log files a scan of location reads, in its order, without reading
 *		them: object (as source_object names it), size, S3 ETag; of a local
 *		file its modification time, inode and status-change time, which
 *		iotatrail.sync compares to see a rewrite.
 *		With digests, the CloudTrail digest files instead.
 */
Datum
iotatrail_list_objects(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *location;
	bool		digests;
	bool		skip_errors = false;
	Datum		values[7];
	bool		nulls[7];
	SourceConfig cfg;
	const SourceKind *kind;
	Source	   *src;
	char	   *name;
	SourceSkip	skip;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("list_objects needs a location")));
	location = text_to_cstring(PG_GETARG_TEXT_PP(0));
	digests = PG_NARGS() > 2 && !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
	{
		ScanOptions opts;

		iotatrail_init_options(&opts);
		iotatrail_parse_option(&opts, "on_error", text_to_cstring(PG_GETARG_TEXT_PP(3)));
		skip_errors = opts.skip_errors;
	}
	memset(nulls, true, sizeof(nulls));
	InitMaterializedSRF(fcinfo, 0);
	source_config_init(&cfg);
	cfg.location = location;
	cfg.serverid = iotatrail_server_arg(fcinfo, 1);
	cfg.userid = GetUserId();
	cfg.list_only = true;
	cfg.digests = digests;
	kind = source_kind(&cfg);
	kind->check(&cfg);
	src = kind->begin(&cfg);
	while ((name = source_next(src, &skip)) != NULL)
	{
		SourceEntryInfo info;

		CHECK_FOR_INTERRUPTS();
		if (skip.kind == SOURCE_SKIP_NONE && !source_describe(src, name, &info))
			source_skip_note(&skip, SOURCE_SKIP_STAT, errno,
							 psprintf("could not stat file \"%s\": %m", name));
		if (skip.kind != SOURCE_SKIP_NONE)
		{
			if (!skip_errors)
				source_skip_error(name, &skip);
			/* the entry, by a name valid as text, and why: nothing else */
			values[0] = CStringGetTextDatum(external_text_escaped(name));
			values[6] = CStringGetTextDatum(skip.reason);
			nulls[0] = nulls[6] = false;
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			nulls[0] = nulls[6] = true;
			continue;
		}
		list_objects_put(rsinfo, name, &info);
	}
	source_end(src);
	return (Datum) 0;
}

/*
 * last_scan_skipped() -> (records, files)
 *		What the last read_events call of this session skipped under
 *		on_error 'skip': bad records, and files (or the rest of files) that
 *		could not be read.
 */
Datum
iotatrail_last_scan_skipped(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int64GetDatum(iotatrail_last_skipped_records);
	values[1] = Int64GetDatum(iotatrail_last_skipped_files);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/*
 * last_scan_skipped_objects() -> (object, records, unread)
 *		Of the objects the last read_objects call of this session read under
 *		on_error 'skip', those it skipped something in: bad records, and
 *		whether it could not read the object to its end.
 */
Datum
iotatrail_last_scan_skipped_objects(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ListCell   *lc;

	InitMaterializedSRF(fcinfo, 0);
	foreach(lc, iotatrail_last_object_skips)
	{
		ObjectSkips *skips = lfirst(lc);
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = CStringGetTextDatum(skips->object);
		values[1] = Int64GetDatum(skips->records);
		values[2] = BoolGetDatum(skips->unread);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
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
