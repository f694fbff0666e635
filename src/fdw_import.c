/*-------------------------------------------------------------------------
 *
 * fdw_import.c
 *	  IMPORT FOREIGN SCHEMA: the foreign table "events" and the views of
 *	  every IoT Analytics action on top of it.
 *
 * PostgreSQL runs only the CREATE FOREIGN TABLE statements an FDW returns,
 * so the views come from an event trigger on ddl_command_end
 * (iotatrail.import_foreign_schema_end, in the extension script).  This
 * file hands the trigger what it cannot see: the target schema and the
 * LIMIT TO / EXCEPT list of the IMPORT that just ran.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "iotatrail.h"
#include "pg_compat.h"

PG_FUNCTION_INFO_V1(iotatrail_take_pending_import);

/*
 * The IMPORT whose views are still to be made; lives in TopMemoryContext
 * and is dropped at the end of the (sub)transaction that set it, so a
 * failed IMPORT never leaks into a later one.
 */
typedef struct PendingImport
{
	char	   *local_schema;
	ImportForeignSchemaType list_type;
	List	   *names;			/* of char *: the LIMIT TO / EXCEPT list */
	SubTransactionId subxid;
} PendingImport;

static PendingImport *pending = NULL;

static void
forget_pending_import(void)
{
	if (pending == NULL)
		return;
	list_free_deep(pending->names);
	pfree(pending->local_schema);
	pfree(pending);
	pending = NULL;
}

static void
import_xact_callback(XactEvent event, void *arg)
{
	forget_pending_import();
}

static void
import_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB && pending != NULL &&
		pending->subxid == mySubid)
		forget_pending_import();
}

void
iotatrail_import_init(void)
{
	RegisterXactCallback(import_xact_callback, NULL);
	RegisterSubXactCallback(import_subxact_callback, NULL);
}

static void
remember_import(ImportForeignSchemaStmt *stmt)
{
	MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
	ListCell   *lc;

	forget_pending_import();
	pending = palloc0(sizeof(PendingImport));
	pending->local_schema = pstrdup(stmt->local_schema);
	pending->list_type = stmt->list_type;
	foreach(lc, stmt->table_list)
		pending->names = lappend(pending->names,
								 pstrdup(((RangeVar *) lfirst(lc))->relname));
	pending->subxid = GetCurrentSubTransactionId();
	MemoryContextSwitchTo(old);
}

/*
 * The FDW's ImportForeignSchema callback: one foreign table, "events",
 * with every column of iotatrail.event and the statement's options.
 * Remote schema "iotanalytics" keeps IoT Analytics events, "cloudtrail"
 * every service; both get the views.
 */
List *
iotatrail_import_foreign_schema(ImportForeignSchemaStmt *stmt, Oid serverOid)
{
	ForeignServer *server = GetForeignServer(serverOid);
	ScanOptions opts;
	StringInfoData sql;
	ListCell   *lc;
	bool		all_services;
	bool		has_source = false;

	if (strcmp(stmt->remote_schema, "iotanalytics") == 0)
		all_services = false;
	else if (strcmp(stmt->remote_schema, "cloudtrail") == 0)
		all_services = true;
	else
		ereport(ERROR,
				(errcode(ERRCODE_FDW_SCHEMA_NOT_FOUND),
				 errmsg("iotatrail has no remote schema \"%s\"", stmt->remote_schema),
				 errhint("Import \"iotanalytics\" for IoT Analytics events or \"cloudtrail\" for the events of every service.")));

	/* the statement's options become the table's; check them now */
	iotatrail_init_options(&opts);
	foreach(lc, stmt->options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);

		if (strcmp(def->defname, "location") != 0 &&
			strcmp(def->defname, "event_source") != 0 &&
			strcmp(def->defname, "on_error") != 0 &&
			strcmp(def->defname, "max_record_size") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
					 errmsg("invalid option \"%s\" for IMPORT FOREIGN SCHEMA", def->defname),
					 errhint("Valid options are location, event_source, on_error and max_record_size.")));
		iotatrail_parse_option(&opts, def->defname, defGetString(def));
		has_source |= strcmp(def->defname, "event_source") == 0;
	}
	if (opts.location == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("IMPORT FOREIGN SCHEMA needs the option \"location\"")));

	remember_import(stmt);

	/* PostgreSQL itself drops "events" when LIMIT TO / EXCEPT exclude it */
	initStringInfo(&sql);
	appendStringInfo(&sql, "CREATE FOREIGN TABLE %s (\n%s\n) SERVER %s OPTIONS (",
					 quote_identifier("events"), event_columns_sql(),
					 quote_identifier(server->servername));
	foreach(lc, stmt->options)
	{
		DefElem    *def = (DefElem *) lfirst(lc);

		appendStringInfo(&sql, "%s%s %s", foreach_current_index(lc) ? ", " : "",
						 quote_identifier(def->defname),
						 quote_literal_cstr(defGetString(def)));
	}
	if (all_services && !has_source)
		appendStringInfoString(&sql, ", event_source '*'");
	appendStringInfoString(&sql, ")");
	return list_make1(sql.data);
}

/*
 * iotatrail.take_pending_import(): the IMPORT the event trigger is to
 * finish, as (local_schema, limit_to, except_names), or no row when the
 * IMPORT was another wrapper's.  Taking it clears it.
 */
Datum
iotatrail_take_pending_import(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		values[3];
	bool		nulls[3] = {false, true, true};

	InitMaterializedSRF(fcinfo, 0);
	if (pending == NULL)
		PG_RETURN_VOID();

	values[0] = CStringGetTextDatum(pending->local_schema);
	if (pending->list_type != FDW_IMPORT_SCHEMA_ALL)
	{
		int			n = list_length(pending->names);
		Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
		ListCell   *lc;
		int			col = pending->list_type == FDW_IMPORT_SCHEMA_LIMIT_TO ? 1 : 2;

		foreach(lc, pending->names)
			elems[foreach_current_index(lc)] = CStringGetTextDatum(lfirst(lc));
		values[col] = PointerGetDatum(construct_array(elems, n, TEXTOID, -1,
													  false, TYPALIGN_INT));
		nulls[col] = false;
	}
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	forget_pending_import();
	PG_RETURN_VOID();
}
