/*-------------------------------------------------------------------------
 *
 * fdw_prune.c
 *	  WHERE conditions pushed into the scan, as the planner finds them: those on event_time, aws_region
 *	  and recipient_account_id tell which key prefixes of a trail can hold
 *	  matching events, and with event_name and error_code they are checked
 *	  on each record before its columns are built.
 *
 * At plan time the conditions of the form  column op expression  (the
 * expression free of the table's columns and of volatile functions:
 * constants, now() - interval '7 days', parameters), and error_code IS
 * [NOT] NULL, are found; their expressions travel in fdw_exprs and are
 * evaluated when the scan begins.  PostgreSQL still checks every condition
 * on every row: the scan only leaves out objects and records that cannot
 * match, so results never change.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/restrictinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "iotatrail.h"
#include "pgtime.h"
#include "record_scan.h"
#include "fdw_prune_int.h"
#include "trail_layout.h"

/*
 * The column node is, when conditions on it prune: which column prunes, and
 * how, comes from the event columns (event_columns.c)
 */
static bool
column_of(Oid relid, Index relindex, Node *node, EventPrune *col)
{
	Var		   *var;
	char	   *name;

	if (node && IsA(node, RelabelType))
		node = (Node *) ((RelabelType *) node)->arg;
	if (node == NULL || !IsA(node, Var))
		return false;
	var = (Var *) node;
	if (var->varno != relindex || var->varlevelsup != 0 || var->varattno <= 0)
		return false;
	name = get_attname(relid, var->varattno, true);
	if (name == NULL)
		return false;
	*col = event_column_prune(name, var->vartype);
	return *col != EP_NONE;
}

/*
 * event_time, event_time::date or date_trunc('day', event_time): which of
 * them node is
 */
static bool
time_operand_of(Oid relid, Index relindex, Node *node, TimeLeft *left)
{
	EventPrune	col;

	if (node && IsA(node, FuncExpr))
	{
		FuncExpr   *fe = (FuncExpr *) node;

		if (fe->funcid == F_DATE_TIMESTAMPTZ && list_length(fe->args) == 1 &&
			column_of(relid, relindex, linitial(fe->args), &col) &&
			col == EP_EVENT_TIME)
		{
			*left = TL_DATE;
			return true;
		}
		if (fe->funcid == F_DATE_TRUNC_TEXT_TIMESTAMPTZ && list_length(fe->args) == 2 &&
			IsA(linitial(fe->args), Const) &&
			!((Const *) linitial(fe->args))->constisnull &&
			pg_strcasecmp(TextDatumGetCString(((Const *) linitial(fe->args))->constvalue),
						  "day") == 0 &&
			column_of(relid, relindex, lsecond(fe->args), &col) &&
			col == EP_EVENT_TIME)
		{
			*left = TL_TRUNC_DAY;
			return true;
		}
		return false;
	}
	if (column_of(relid, relindex, node, &col) && col == EP_EVENT_TIME)
	{
		*left = TL_PLAIN;
		return true;
	}
	return false;
}

/* A column that prunes, or a form of event_time; *form for event_time */
static bool
operand_of(Oid relid, Index relindex, Node *node, EventPrune *col, int *form)
{
	TimeLeft	left;

	*form = 0;
	if (time_operand_of(relid, relindex, node, &left))
	{
		*col = EP_EVENT_TIME;
		*form = left * 4;
		return true;
	}
	return column_of(relid, relindex, node, col) && *col != EP_EVENT_TIME;
}

/* The comparison an operator on event_time (or its date) makes */
static bool
time_op_of(Oid funcid, PruneOp *op)
{
	switch (funcid)
	{
		case F_TIMESTAMPTZ_EQ:
		case F_TIMESTAMPTZ_EQ_DATE:
		case F_DATE_EQ_TIMESTAMPTZ:
		case F_TIMESTAMPTZ_EQ_TIMESTAMP:
		case F_TIMESTAMP_EQ_TIMESTAMPTZ:
		case F_DATE_EQ:
			*op = PO_EQ;
			return true;
		case F_TIMESTAMPTZ_LT:
		case F_TIMESTAMPTZ_LT_DATE:
		case F_DATE_LT_TIMESTAMPTZ:
		case F_TIMESTAMPTZ_LT_TIMESTAMP:
		case F_TIMESTAMP_LT_TIMESTAMPTZ:
		case F_DATE_LT:
			*op = PO_LT;
			return true;
		case F_TIMESTAMPTZ_LE:
		case F_TIMESTAMPTZ_LE_DATE:
		case F_DATE_LE_TIMESTAMPTZ:
		case F_TIMESTAMPTZ_LE_TIMESTAMP:
		case F_TIMESTAMP_LE_TIMESTAMPTZ:
		case F_DATE_LE:
			*op = PO_LE;
			return true;
		case F_TIMESTAMPTZ_GT:
		case F_TIMESTAMPTZ_GT_DATE:
		case F_DATE_GT_TIMESTAMPTZ:
		case F_TIMESTAMPTZ_GT_TIMESTAMP:
		case F_TIMESTAMP_GT_TIMESTAMPTZ:
		case F_DATE_GT:
			*op = PO_GT;
			return true;
		case F_TIMESTAMPTZ_GE:
		case F_TIMESTAMPTZ_GE_DATE:
		case F_DATE_GE_TIMESTAMPTZ:
		case F_TIMESTAMPTZ_GE_TIMESTAMP:
		case F_TIMESTAMP_GE_TIMESTAMPTZ:
		case F_DATE_GE:
			*op = PO_GE;
			return true;
		default:
			return false;
	}
}

/* The same comparison with its operands swapped */
static PruneOp
op_commuted(PruneOp op)
{
	switch (op)
	{
		case PO_LT:
			return PO_GT;
		case PO_LE:
			return PO_GE;
		case PO_GT:
			return PO_LT;
		case PO_GE:
			return PO_LE;
		default:
			return op;
	}
}

/*
 * A comparison of a form of event_time with a value of type valtype: the
 * op and *form, or false when the bound cannot be derived exactly
 */
static bool
time_comparison_of(Oid funcid, bool commuted, Oid lefttype, Oid valtype,
				   int *form, PruneOp *op)
{
	TimeLeft	left = *form / 4;
	TimeValue	tv;

	if (!time_op_of(funcid, op))
		return false;
	if (commuted)
		*op = op_commuted(*op);
	if (left == TL_DATE)
	{
		/* event_time::date op date */
		if (lefttype != DATEOID || valtype != DATEOID)
			return false;
		tv = TV_DATE;
	}
	else if (lefttype != TIMESTAMPTZOID)
		return false;
	else if (valtype == TIMESTAMPTZOID)
		tv = TV_TIMESTAMPTZ;
	else if (valtype == DATEOID)
		tv = TV_DATE;
	else if (valtype == TIMESTAMPOID)
		tv = TV_TIMESTAMP;
	else
		return false;
	*form = left * 4 + tv;
	return true;
}

/* An expression the executor can compute once, before the scan */
static bool
is_scan_constant(Node *expr)
{
	return !contain_var_clause(expr) &&
		!contain_volatile_functions(expr) &&
		!contain_subplans(expr);
}

static bool
op_of(Oid funcid, EventPrune col, bool commuted, PruneOp *op)
{
	if (col == EP_EVENT_TIME)
	{
		switch (funcid)
		{
			case F_TIMESTAMPTZ_EQ:
				*op = PO_EQ;
				return true;
			case F_TIMESTAMPTZ_LT:
				*op = commuted ? PO_GT : PO_LT;
				return true;
			case F_TIMESTAMPTZ_LE:
				*op = commuted ? PO_GE : PO_LE;
				return true;
			case F_TIMESTAMPTZ_GT:
				*op = commuted ? PO_LT : PO_GT;
				return true;
			case F_TIMESTAMPTZ_GE:
				*op = commuted ? PO_LE : PO_GE;
				return true;
			default:
				return false;
		}
	}
	if (funcid == F_TEXTEQ)
	{
		*op = PO_EQ;
		return true;
	}
	return false;
}

/*
 * The conditions of scan_clauses that can prune: a list of (column, op)
 * integer pairs; their expressions are appended to *exprs in the same
 * order.
 */
List *
prune_quals_extract(Oid relid, Index relindex, List *scan_clauses, List **exprs)
{
	List	   *kinds = NIL;
	ListCell   *lc;

	foreach(lc, scan_clauses)
	{
		RestrictInfo *ri = lfirst_node(RestrictInfo, lc);
		Node	   *clause = (Node *) ri->clause;
		EventPrune	col;
		PruneOp		op;
		int			form;

		if (IsA(clause, OpExpr) && list_length(((OpExpr *) clause)->args) == 2)
		{
			OpExpr	   *oe = (OpExpr *) clause;
			Node	   *l = linitial(oe->args);
			Node	   *r = lsecond(oe->args);
			bool		commuted = false;

			set_opfuncid(oe);
			if (!operand_of(relid, relindex, l, &col, &form))
			{
				Node	   *t = l;

				l = r;
				r = t;
				commuted = true;
				if (!operand_of(relid, relindex, l, &col, &form))
					continue;
			}
			if (!is_scan_constant(r))
				continue;
			if (col == EP_EVENT_TIME ?
				!time_comparison_of(oe->opfuncid, commuted, exprType(l), exprType(r),
									&form, &op) :
				!op_of(oe->opfuncid, col, commuted, &op))
				continue;
			kinds = lappend(kinds, list_make3_int(col, op, form));
			*exprs = lappend(*exprs, r);
		}
		else if (IsA(clause, ScalarArrayOpExpr))
		{
			ScalarArrayOpExpr *sa = (ScalarArrayOpExpr *) clause;
			Node	   *l = linitial(sa->args);
			Node	   *r = lsecond(sa->args);

			set_sa_opfuncid(sa);
			if (!sa->useOr || !column_of(relid, relindex, l, &col) ||
				!is_scan_constant(r))
				continue;
			/* event_time IN (...): between the least and the greatest */
			if (col == EP_EVENT_TIME ?
				sa->opfuncid != F_TIMESTAMPTZ_EQ || exprType(r) != TIMESTAMPTZARRAYOID :
				sa->opfuncid != F_TEXTEQ || exprType(r) != TEXTARRAYOID)
				continue;
			kinds = lappend(kinds, list_make3_int(col, PO_IN, TL_PLAIN * 4 + TV_TIMESTAMPTZ));
			*exprs = lappend(*exprs, r);
		}
		else if (IsA(clause, NullTest) &&
				 !((NullTest *) clause)->argisrow &&
				 column_of(relid, relindex, (Node *) ((NullTest *) clause)->arg, &col) &&
				 col == EP_ERROR_CODE)
		{
			kinds = lappend(kinds, list_make3_int(col,
												  ((NullTest *) clause)->nulltesttype == IS_NULL ?
												  PO_IS_NULL : PO_IS_NOT_NULL, 0));
			/* nothing to evaluate; keeps kinds and exprs in step */
			*exprs = lappend(*exprs, makeBoolConst(true, false));
		}
	}
	return kinds;
}
