/*-------------------------------------------------------------------------
 *
 * fdw.c
 *	  The iotatrail foreign-data wrapper: planner and executor callbacks
 *	  over event_scan.c, EXPLAIN output, and IMPORT FOREIGN SCHEMA.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <sys/stat.h>

#include "access/sysattr.h"
#include "access/table.h"
#include "commands/defrem.h"
#include "commands/explain.h"
#if PG_VERSION_NUM >= 180000
/* 18 moved ExplainState and ExplainProperty* out of explain.h */
#include "commands/explain_format.h"
#include "commands/explain_state.h"
#endif
#include "foreign/fdwapi.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "access/parallel.h"
#include "catalog/pg_authid.h"
#include "optimizer/cost.h"
#include "optimizer/paths.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/planmain.h"
#include "optimizer/restrictinfo.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "iotatrail.h"
#include "gzip_whole.h"
#include "pg_compat.h"
#include "record_scan.h"
#include "s3.h"

/* Planner state, in RelOptInfo.fdw_private */
typedef struct IotatrailPlanState
{
	ScanOptions opts;			/* table options */
	double		bytes;			/* size estimate of what the location holds */
} IotatrailPlanState;

/* Executor state, in ForeignScanState.fdw_state */
typedef struct IotatrailExecutionState
{
	ScanOptions opts;
	EventScan  *scan;
	List	   *prune_kinds;	/* conditions that prune S3 keys */
	List	   *prune_exprs;	/* their ExprStates */
	Bitmapset  *prune_params;	/* PARAM_EXEC ids their values depend on */
	bool		prune_evaluated;	/* values computed for this (re)scan */
	MemoryContext prune_cxt;	/* the filter and quals built from them */
	char	   *prune_describe; /* what they pruned to, for EXPLAIN */
	RecordQuals quals;			/* what they ask of each record */
} IotatrailExecutionState;

/* Rough bytes of compressed log per event, for row estimates */
#define BYTES_PER_EVENT 150.0
/* Assumed size of a location planning cannot look at (S3, no privilege) */
#define DEFAULT_LOCATION_BYTES (10.0 * 1024 * 1024)
/* Files planning counts before it extrapolates, and how many it sizes */
#define PLAN_MAX_FILES 20000
#define PLAN_SIZED_FILES 1000

PG_FUNCTION_INFO_V1(iotatrail_fdw_handler);

static void iotatrailGetForeignRelSize(PlannerInfo *root, RelOptInfo *baserel,
									   Oid foreigntableid);
static void iotatrailGetForeignPaths(PlannerInfo *root, RelOptInfo *baserel,
									 Oid foreigntableid);
static ForeignScan *iotatrailGetForeignPlan(PlannerInfo *root,
											RelOptInfo *baserel,
											Oid foreigntableid,
											ForeignPath *best_path,
											List *tlist, List *scan_clauses,
											Plan *outer_plan);
static void iotatrailExplainForeignScan(ForeignScanState *node,
										ExplainState *es);
static void iotatrailBeginForeignScan(ForeignScanState *node, int eflags);
static TupleTableSlot *iotatrailIterateForeignScan(ForeignScanState *node);
static void iotatrailReScanForeignScan(ForeignScanState *node);
static void iotatrailEndForeignScan(ForeignScanState *node);
static bool iotatrailIsForeignScanParallelSafe(PlannerInfo *root,
											   RelOptInfo *rel,
											   RangeTblEntry *rte);
static Size iotatrailEstimateDSMForeignScan(ForeignScanState *node,
											ParallelContext *pcxt);
static void iotatrailInitializeDSMForeignScan(ForeignScanState *node,
											  ParallelContext *pcxt,
											  void *coordinate);
static void iotatrailReInitializeDSMForeignScan(ForeignScanState *node,
												ParallelContext *pcxt,
												void *coordinate);
static void iotatrailInitializeWorkerForeignScan(ForeignScanState *node,
												 shm_toc *toc,
												 void *coordinate);
static void iotatrailShutdownForeignScan(ForeignScanState *node);

/* The handler: callbacks in planner-to-executor order */
Datum
iotatrail_fdw_handler(PG_FUNCTION_ARGS)
{
	FdwRoutine *routine = makeNode(FdwRoutine);

	routine->GetForeignRelSize = iotatrailGetForeignRelSize;
	routine->GetForeignPaths = iotatrailGetForeignPaths;
	routine->GetForeignPlan = iotatrailGetForeignPlan;
	routine->ExplainForeignScan = iotatrailExplainForeignScan;
	routine->BeginForeignScan = iotatrailBeginForeignScan;
	routine->IterateForeignScan = iotatrailIterateForeignScan;
	routine->ReScanForeignScan = iotatrailReScanForeignScan;
	routine->EndForeignScan = iotatrailEndForeignScan;
	routine->ImportForeignSchema = iotatrail_import_foreign_schema;
	routine->AnalyzeForeignTable = iotatrail_analyze_foreign_table;

	routine->IsForeignScanParallelSafe = iotatrailIsForeignScanParallelSafe;
	routine->EstimateDSMForeignScan = iotatrailEstimateDSMForeignScan;
	routine->InitializeDSMForeignScan = iotatrailInitializeDSMForeignScan;
	routine->ReInitializeDSMForeignScan = iotatrailReInitializeDSMForeignScan;
	routine->InitializeWorkerForeignScan = iotatrailInitializeWorkerForeignScan;
	routine->ShutdownForeignScan = iotatrailShutdownForeignScan;

	PG_RETURN_POINTER(routine);
}

/*
 * iotatrailGetForeignRelSize
 *		Estimate rows: from ANALYZE's events per byte when there are
 *		statistics, else from the compressed bytes under a local location
 *		(an assumed size for S3).
 */
static void
iotatrailGetForeignRelSize(PlannerInfo *root, RelOptInfo *baserel,
						   Oid foreigntableid)
{
	IotatrailPlanState *ps = palloc0(sizeof(IotatrailPlanState));
	double		tuples;

	iotatrail_get_table_options(foreigntableid, &ps->opts);
	ps->bytes = DEFAULT_LOCATION_BYTES;
	if (baserel->pages > 0 && baserel->tuples >= 0)
	{
		/* ANALYZE measured bytes (as pages) and events */
		ps->bytes = (double) baserel->pages * BLCKSZ;
		tuples = baserel->tuples;
	}
	else
	{
		/* only roles that may read the files learn their sizes */
		if (ps->opts.location)
		{
			SourceConfig cfg;
			double		bytes;

			source_config_init(&cfg);
			cfg.location = ps->opts.location;
			cfg.serverid = ps->opts.serverid;
			cfg.userid = GetUserId();
			if (ps->opts.location_setting)
				cfg.chooser = GetSessionUserId();
			bytes = source_kind(&cfg)->estimate_bytes(&cfg, PLAN_MAX_FILES,
													  PLAN_SIZED_FILES);
			if (bytes >= 0)
				ps->bytes = Max(bytes, 1.0);
		}
		tuples = ps->bytes / BYTES_PER_EVENT;
	}
	baserel->fdw_private = ps;
	baserel->tuples = clamp_row_est(tuples);
	baserel->rows = clamp_row_est(baserel->tuples *
								  clauselist_selectivity(root,
														 baserel->baserestrictinfo,
														 0, JOIN_INNER, NULL));
}

/*
 * iotatrailGetForeignPaths
 *		Read everything; inflating and parsing dominate, so the cost follows
 *		the compressed bytes.  A partial path too: the participants of a
 *		parallel scan claim whole files or S3 objects.
 */
static void
iotatrailGetForeignPaths(PlannerInfo *root, RelOptInfo *baserel,
						 Oid foreigntableid)
{
	IotatrailPlanState *ps = (IotatrailPlanState *) baserel->fdw_private;
	Cost		startup = baserel->baserestrictcost.startup;
	Cost		run = seq_page_cost * (ps->bytes / BLCKSZ) * 10 +
		(cpu_tuple_cost * 10 + baserel->baserestrictcost.per_tuple) *
		baserel->tuples;
	int			workers;

	add_path(baserel, (Path *)
			 iotatrail_foreignscan_path(root, baserel, baserel->rows,
										startup, startup + run));

	if (!baserel->consider_parallel)
		return;
	workers = compute_parallel_worker(baserel, ps->bytes / BLCKSZ, -1,
									  max_parallel_workers_per_gather);
	if (workers > 0)
	{
		ForeignPath *path;
		double		divisor = workers;

		/* the leader reads files too, less so the more workers it feeds */
		if (parallel_leader_participation && 1.0 - 0.3 * workers > 0)
			divisor += 1.0 - 0.3 * workers;
		path = iotatrail_foreignscan_path(root, baserel,
										  clamp_row_est(baserel->rows / divisor),
										  startup, startup + run / divisor);
		path->path.parallel_aware = true;
		path->path.parallel_safe = true;
		path->path.parallel_workers = workers;
		add_partial_path(baserel, (Path *) path);
	}
}

/* Whether every entry of exprs is a column of the relation */
static bool
all_own_vars(List *exprs, Index relid)
{
	ListCell   *lc;

	foreach(lc, exprs)
	{
		Var		   *var = (Var *) lfirst(lc);

		if (IsA(var, TargetEntry))
			var = (Var *) ((TargetEntry *) var)->expr;
		if (!IsA(var, Var) || var->varno != relid || var->varlevelsup != 0 ||
			var->varattno <= 0)
			return false;
	}
	return true;
}

/*
 * The planner hands a scan of plain columns every column of the table (a
 * "physical" target list, which spares heap scans a projection); ours
 * builds only the columns a query reads and leaves the rest NULL, so the
 * scan returns the path's own columns and EXPLAIN VERBOSE lists what it
 * builds.  Parents find columns by matching, not by position, wherever the
 * planner allows a physical list.
 */
static List *
scan_tlist_narrowed(RelOptInfo *baserel, Path *path, List *tlist)
{
	PathTarget *target = path->pathtarget;
	List	   *narrowed = NIL;
	ListCell   *lc;
	int			i = 0;

	if (list_length(tlist) <= list_length(target->exprs) ||
		!all_own_vars(tlist, baserel->relid) ||
		!all_own_vars(target->exprs, baserel->relid))
		return tlist;
	foreach(lc, target->exprs)
	{
		TargetEntry *tle = makeTargetEntry(copyObject(lfirst(lc)),
										   list_length(narrowed) + 1,
										   NULL, false);

		tle->ressortgroupref = target->sortgrouprefs ? target->sortgrouprefs[i] : 0;
		narrowed = lappend(narrowed, tle);
		i++;
	}
	return narrowed;
}

/*
 * iotatrailGetForeignPlan
 *		All quals stay with the executor, which rechecks every row.
 */
static ForeignScan *
iotatrailGetForeignPlan(PlannerInfo *root, RelOptInfo *baserel,
						Oid foreigntableid, ForeignPath *best_path,
						List *tlist, List *scan_clauses, Plan *outer_plan)
{
	Bitmapset  *attrs_used = NULL;
	List	   *retrieved = NIL;
	List	   *prune_kinds;
	List	   *prune_exprs = NIL;
	ListCell   *lc;
	int			attno = -1;

	/* the columns the query reads: only those are built per row */
	pull_varattnos((Node *) baserel->reltarget->exprs, baserel->relid, &attrs_used);
	foreach(lc, baserel->baserestrictinfo)
		pull_varattnos((Node *) ((RestrictInfo *) lfirst(lc))->clause,
					   baserel->relid, &attrs_used);
	while ((attno = bms_next_member(attrs_used, attno)) >= 0)
	{
		AttrNumber	a = attno + FirstLowInvalidHeapAttributeNumber;

		/* a whole-row reference needs every column */
		if (a == InvalidAttrNumber)
		{
			retrieved = list_make1_int(InvalidAttrNumber);
			break;
		}
		if (a > 0)
			retrieved = lappend_int(retrieved, a);
	}

	tlist = scan_tlist_narrowed(baserel, &best_path->path, tlist);

	/* conditions that tell which keys can match; PostgreSQL still rechecks */
	prune_kinds = iotatrail_pushdown ?
		prune_quals_extract(foreigntableid, baserel->relid, scan_clauses,
							&prune_exprs) : NIL;
	scan_clauses = extract_actual_clauses(scan_clauses, false);
	return make_foreignscan(tlist, scan_clauses, baserel->relid, prune_exprs,
							list_make2(retrieved, prune_kinds), NIL, NIL, outer_plan);
}

/* SourceExplainFn: one of the source's counters as an EXPLAIN property */
static void
explain_source_property(void *arg, const char *label, const char *text,
						int64 value)
{
	ExplainState *es = (ExplainState *) arg;

	if (text)
		ExplainPropertyText(label, text, es);
	else
		ExplainPropertyInteger(label, NULL, value, es);
}

/*
 * iotatrailExplainForeignScan
 *		Show the location and filter; with ANALYZE, what the scan read.
 */
static void
iotatrailExplainForeignScan(ForeignScanState *node, ExplainState *es)
{
	ScanOptions opts;
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;

	iotatrail_get_table_options(RelationGetRelid(node->ss.ss_currentRelation),
								&opts);
	if (opts.location_setting)
		ExplainPropertyText("Location",
							psprintf("%s (iotatrail.location)",
									 opts.location ? opts.location : "not set"),
							es);
	else
		ExplainPropertyText("Location", opts.location ? opts.location : "(none)", es);
	ExplainPropertyText("Event Source",
						opts.event_source ? opts.event_source : "*", es);
	if (opts.skip_errors)
		ExplainPropertyText("On Error", "skip", es);
	if (es->verbose)
		ExplainPropertyText("Gzip Inflater",
							core_gzip_whole_available() && iotatrail_inflate_whole_limit > 0 ?
							psprintf("libdeflate up to %d kB per member, zlib past it",
									 iotatrail_inflate_whole_limit) : "zlib",
							es);
	{
		List	   *kinds = (List *) lsecond(((ForeignScan *) node->ss.ps.plan)->fdw_private);

		if (kinds != NIL)
			ExplainPropertyText("Pushed Down", prune_columns_describe(kinds), es);
	}
	if (es->analyze && st && st->scan)
	{
		int64		files,
					records,
					events,
					skipped_records,
					skipped_files,
					bytes;

		event_scan_explain_counts(st->scan, &files, &records, &events,
								  &skipped_records, &skipped_files, &bytes);
		ExplainPropertyInteger("Files Read", NULL, files, es);
		ExplainPropertyInteger("Records Read", NULL, records, es);
		ExplainPropertyInteger("Records Skipped", NULL, skipped_records, es);
		ExplainPropertyInteger("Files Skipped", NULL, skipped_files, es);
		if (es->costs)
			ExplainPropertyInteger("Bytes Read", "bytes", bytes, es);
		event_scan_explain_source(st->scan, st->prune_describe,
								  explain_source_property, es);
	}
}

/*
 * The role whose privileges the scan runs with (a view owner, say).  A
 * location taken from iotatrail.location is the session's choice, so it is
 * read as the role running the query, whoever owns the views over it (the
 * iotanalytics schema's are the extension owner's): reading server files
 * stays as privileged as read_events(current_setting(...)) is.
 */
static Oid
scan_user(ForeignScanState *node, const ScanOptions *opts)
{
	ForeignScan *fsplan = (ForeignScan *) node->ss.ps.plan;
	Oid			userid = iotatrail_scan_check_as_user(fsplan, node->ss.ps.state);

	if (opts->location_setting)
		return GetUserId();
	return OidIsValid(userid) ? userid : GetUserId();
}

/*
 * Collect the PARAM_EXEC ids an expression reads (pull_paramids takes
 * PARAM_EXTERN ids too, whose numbers chgParam's may share)
 */
static bool
exec_params_walker(Node *node, Bitmapset **ids)
{
	if (node == NULL)
		return false;
	if (IsA(node, Param) && ((Param *) node)->paramkind == PARAM_EXEC)
		*ids = bms_add_member(*ids, ((Param *) node)->paramid);
	return expression_tree_walker(node, exec_params_walker, ids);
}

/*
 * Evaluate the pushed-down conditions: the key filter and the checks made
 * on each record.  Called at the first fetch, not at BeginForeignScan: the
 * values of PARAM_EXEC parameters (InitPlans, nested-loop parameters) are
 * computed only once the plan runs, and a parallel worker has the leader's
 * values only after its parameters are restored.
 */
static void
pushdown_evaluate(ForeignScanState *node, IotatrailExecutionState *st)
{
	MemoryContext old;

	MemoryContextReset(st->prune_cxt);
	old = MemoryContextSwitchTo(st->prune_cxt);
	/* off (in a plan cached while it was on): no conditions, no filter */
	st->opts.filter = prune_filter_build(&node->ss.ps,
										 iotatrail_pushdown ? st->prune_kinds : NIL,
										 st->prune_exprs, &st->quals,
										 &st->prune_describe);
	MemoryContextSwitchTo(old);
	st->opts.quals = core_record_quals_any(&st->quals) ? &st->quals : NULL;
	event_scan_set_filter(st->scan, st->opts.filter, st->opts.quals);
	st->prune_evaluated = true;
}

/*
 * iotatrailBeginForeignScan
 *		Resolve options and privileges; nothing for EXPLAIN alone.  The
 *		walk begins at the first fetch, with the pushed-down values.
 */
static void
iotatrailBeginForeignScan(ForeignScanState *node, int eflags)
{
	Relation	rel = node->ss.ss_currentRelation;
	ForeignScan *plan = (ForeignScan *) node->ss.ps.plan;
	IotatrailExecutionState *st;

	if (eflags & EXEC_FLAG_EXPLAIN_ONLY)
		return;
	st = palloc0(sizeof(IotatrailExecutionState));
	iotatrail_get_table_options(RelationGetRelid(rel), &st->opts);
	iotatrail_require_location(&st->opts);
	iotatrail_check_location_chooser(&st->opts);
	st->prune_kinds = (List *) lsecond(plan->fdw_private);
	st->prune_exprs = ExecInitExprList(plan->fdw_exprs, (PlanState *) node);
	exec_params_walker((Node *) plan->fdw_exprs, &st->prune_params);
	st->prune_cxt = AllocSetContextCreate(CurrentMemoryContext,
										  "iotatrail pushdown",
										  ALLOCSET_SMALL_SIZES);
	st->scan = event_scan_begin(&st->opts, RelationGetDescr(rel),
								RelationGetRelationName(rel), scan_user(node, &st->opts));
	event_scan_project(st->scan, (List *) linitial(plan->fdw_private));
	node->fdw_state = st;
}

/*
 * iotatrailIterateForeignScan
 *		Next event as a virtual tuple, or an empty slot at the end.
 */
static TupleTableSlot *
iotatrailIterateForeignScan(ForeignScanState *node)
{
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;
	TupleTableSlot *slot = node->ss.ss_ScanTupleSlot;

	ExecClearTuple(slot);
	if (!st->prune_evaluated)
		pushdown_evaluate(node, st);
	if (event_scan_next(st->scan, slot->tts_values, slot->tts_isnull))
		ExecStoreVirtualTuple(slot);
	return slot;
}

/*
 * iotatrailReScanForeignScan
 *		Start again from the first file; when a parameter of the pushed-down
 *		values changed (a nested loop's outer row, say), they are evaluated
 *		again at the next fetch.
 */
static void
iotatrailReScanForeignScan(ForeignScanState *node)
{
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;

	event_scan_rescan(st->scan);
	if (bms_overlap(node->ss.ps.chgParam, st->prune_params))
		st->prune_evaluated = false;
}

/*
 * iotatrailEndForeignScan
 *		Report skips once, then free the scan.
 */
static void
iotatrailEndForeignScan(ForeignScanState *node)
{
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;

	if (st == NULL || st->scan == NULL)
		return;
	event_scan_report(st->scan);
	event_scan_end(st->scan);
	st->scan = NULL;
}


/*
 * iotatrailIsForeignScanParallelSafe
 *		Participants claim whole files of a local walk, or whole objects of
 *		an S3 listing (each lists; each fetches what it claimed).
 */
static bool
iotatrailIsForeignScanParallelSafe(PlannerInfo *root, RelOptInfo *rel,
								   RangeTblEntry *rte)
{
	ScanOptions opts;

	iotatrail_get_table_options(rte->relid, &opts);
	return opts.location != NULL;
}

static Size
iotatrailEstimateDSMForeignScan(ForeignScanState *node, ParallelContext *pcxt)
{
	return event_scan_claims_size();
}

static void
iotatrailInitializeDSMForeignScan(ForeignScanState *node,
								  ParallelContext *pcxt, void *coordinate)
{
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;

	event_scan_claims_init(st->scan, (EventScanClaims *) coordinate);
	event_scan_share(st->scan, (EventScanClaims *) coordinate);
}

static void
iotatrailReInitializeDSMForeignScan(ForeignScanState *node,
									ParallelContext *pcxt, void *coordinate)
{
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;

	event_scan_claims_init(st->scan, (EventScanClaims *) coordinate);
}

static void
iotatrailInitializeWorkerForeignScan(ForeignScanState *node, shm_toc *toc,
									 void *coordinate)
{
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;

	event_scan_share(st->scan, (EventScanClaims *) coordinate);
}

/* Before the shared memory goes: keep the workers' counters for EXPLAIN */
static void
iotatrailShutdownForeignScan(ForeignScanState *node)
{
	IotatrailExecutionState *st = (IotatrailExecutionState *) node->fdw_state;

	if (st && st->scan)
		event_scan_unshare(st->scan);
}
