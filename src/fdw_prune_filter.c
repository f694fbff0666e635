/*-------------------------------------------------------------------------
 *
 * fdw_prune_filter.c
 *	  The pushed-down conditions' values, evaluated when the scan begins
 *	  (InitPlans and parameters are known then), turned into the key
 *	  prefixes a trail can hold matches under (TrailFilter) and the checks
 *	  on each record (RecordQuals); and how EXPLAIN describes them.
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


/* Delivery runs minutes behind events: read one more day of folders */
#define DELIVERY_SLACK_DAYS 1

/*
 * Where a local day's first instant may lie before the one PostgreSQL
 * computes for its midnight (a zone whose clocks go back at midnight): days
 * are widened by this much in zones with daylight saving time
 */
#define LOCAL_DAY_MARGIN (3 * USECS_PER_HOUR)

/*
 * The minute of t as CloudTrail stamps delivery in file names
 * (YYYYMMDDTHHMMZ), or "" outside years 1000 to 9999
 */
static void
delivery_stamp(TimestampTz t, char *out)
{
	struct pg_tm tm;
	fsec_t		fsec;

	out[0] = '\0';
	if (timestamp2tm(t, NULL, &tm, &fsec, NULL, NULL) == 0 &&
		tm.tm_year >= 1000 && tm.tm_year <= 9999)
		snprintf(out, TRAIL_STAMP_LEN + 1, "%04d%02d%02dT%02d%02dZ",
				 tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* Intersect a list of allowed values with new ones (NULL: any) */
static List *
intersect_values(List *have, bool *any, List *values)
{
	List	   *out = NIL;
	ListCell   *lc;

	if (*any)
	{
		*any = false;
		return values;
	}
	foreach(lc, have)
	{
		ListCell   *lc2;

		foreach(lc2, values)
			if (strcmp(lfirst(lc), lfirst(lc2)) == 0)
			{
				out = lappend(out, lfirst(lc));
				break;
			}
	}
	return out;
}

static const char *const *
to_array(List *values, int *n)
{
	const char **arr = palloc(sizeof(char *) * Max(list_length(values), 1));
	ListCell   *lc;

	*n = 0;
	foreach(lc, values)
		arr[(*n)++] = lfirst(lc);
	return arr;
}

static int32
day_of(TimestampTz t)
{
	/* UTC day number since 1970-01-01 */
	int64		days = t / USECS_PER_DAY;

	if (t < 0 && t % USECS_PER_DAY != 0)
		days--;
	return (int32) (days + CORE_UNIX_TO_PG_EPOCH_DAYS);
}

/* Tighten a bound of the event_time range with t (strict: < or >) */
static void
bound_tighten(bool *has, int64_t *bound, bool *strict, TimestampTz t,
			  bool is_strict, bool is_lower)
{
	if (!*has || (is_lower ? t > *bound : t < *bound))
	{
		*bound = t;
		*strict = is_strict;
	}
	else if (t == *bound)
		*strict |= is_strict;
	*has = true;
}

/* A range of event_time a condition allows (a superset of it) */
typedef struct TimeRange
{
	bool		has_lo;
	bool		lo_strict;
	bool		has_hi;
	bool		hi_strict;
	TimestampTz lo;
	TimestampTz hi;
} TimeRange;

/*
 * A date, timestamp or timestamptz value as the comparison operators of
 * timestamptz see it (an overflow compares as an infinity)
 */
static TimestampTz
value_as_timestamptz(Datum v, TimeValue tv)
{
	int			overflow = 0;
	TimestampTz t;

	if (tv == TV_TIMESTAMPTZ)
		return DatumGetTimestampTz(v);
	if (tv == TV_DATE)
		t = date2timestamptz_opt_overflow(DatumGetDateADT(v), &overflow);
	else
		t = timestamp2timestamptz_opt_overflow(DatumGetTimestamp(v), &overflow);
	if (overflow > 0)
		TIMESTAMP_NOEND(t);
	else if (overflow < 0)
		TIMESTAMP_NOBEGIN(t);
	return t;
}

/* t moved by delta, infinities kept */
static TimestampTz
time_moved(TimestampTz t, int64 delta)
{
	return TIMESTAMP_NOT_FINITE(t) ? t : t + delta;
}

/*
 * The range of event_time in which "form op v" can hold.  Bounds through
 * the session time zone's days are exact in zones of a fixed offset and
 * widened by LOCAL_DAY_MARGIN in the others; the executor rechecks.
 */
static void
time_range_of(PruneOp op, int form, Datum v, TimeRange *r)
{
	TimeLeft	left = form / 4;
	long		gmtoff;
	int64		margin = pg_get_timezone_offset(session_timezone, &gmtoff) ? 0 : LOCAL_DAY_MARGIN;
	bool		lower = op == PO_EQ || op == PO_GE || op == PO_GT;
	bool		upper = op == PO_EQ || op == PO_LE || op == PO_LT;

	memset(r, 0, sizeof(*r));
	if (left == TL_PLAIN)
	{
		TimestampTz x = value_as_timestamptz(v, form % 4);

		r->has_lo = lower;
		r->has_hi = upper;
		r->lo = r->hi = x;
		r->lo_strict = op == PO_GT;
		r->hi_strict = op == PO_LT;
	}
	else if (left == TL_TRUNC_DAY)
	{
		/*
		 * day(t) <= t < day(t) + 1 day, and day() is monotonic; where
		 * clocks go back at midnight, day(t) may be up to two hours after t
		 */
		TimestampTz x = value_as_timestamptz(v, form % 4);

		r->has_lo = lower;
		r->lo = time_moved(x, -margin);
		r->lo_strict = op == PO_GT && margin == 0;
		r->has_hi = upper;
		if (TIMESTAMP_NOT_FINITE(x))
			r->hi = x;
		else
		{
			TimestampTz day = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_trunc,
																	  CStringGetTextDatum("day"),
																	  TimestampTzGetDatum(x)));

			/* a local day lasts at most 25 hours */
			r->hi = day + USECS_PER_DAY + (margin ? USECS_PER_HOUR + margin : 0);
			r->hi_strict = true;
		}
	}
	else
	{
		/* t::date compared with d: from the first instant of a day */
		DateADT		d = DatumGetDateADT(v);
		TimestampTz start = value_as_timestamptz(v, TV_DATE);
		TimestampTz next = DATE_NOT_FINITE(d) ? start :
			value_as_timestamptz(DateADTGetDatum(d + 1), TV_DATE);

		r->has_lo = lower;
		r->lo = time_moved(op == PO_GT ? next : start, -margin);
		r->has_hi = upper;
		r->hi = time_moved(op == PO_LT ? start : next, margin);
		r->hi_strict = !TIMESTAMP_NOT_FINITE(r->hi);
	}
}

/* A StringQual over the allowed values, or none when any is allowed */
static StringQual
string_qual(List *values, bool any)
{
	StringQual	q = {NULL, 0};

	if (!any)
		q.values = to_array(values, &q.n);
	return q;
}

/*
 * What the conditions of one execution allow, as prune_evaluate finds it:
 * the event_time range goes straight into the RecordQuals; the text values
 * allowed per column (any: no condition) and error_code's tests wait here
 * for prune_build
 */
typedef struct PruneValues
{
	bool		any_region;
	bool		any_account;
	bool		any_name;
	List	   *regions;
	List	   *accounts;
	List	   *names;
	bool		null_error;
	bool		not_null_error;
} PruneValues;

/*
 * event_time IN (array): between the least and the greatest element;
 * false when no element is a value (no row can match)
 */
static bool
time_range_of_array(Datum v, TimeRange *r)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	bool		any = false;

	deconstruct_array(DatumGetArrayTypeP(v), TIMESTAMPTZOID, sizeof(TimestampTz),
					  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < n; i++)
	{
		TimestampTz t;

		if (nulls[i])
			continue;
		t = DatumGetTimestampTz(elems[i]);
		if (!any || t < r->lo)
			r->lo = t;
		if (!any || t > r->hi)
			r->hi = t;
		any = true;
	}
	r->has_lo = r->has_hi = any;
	return any;
}

/* The text values "column op v" allows: v, or the elements of IN (...) */
static List *
text_values_of(PruneOp op, Datum v)
{
	List	   *values = NIL;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (op != PO_IN)
		return list_make1(TextDatumGetCString(v));
	deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			values = lappend(values, TextDatumGetCString(elems[i]));
	return values;
}

/*
 * Evaluate the pushed-down expressions for this execution into the
 * event_time bounds of *quals and into *pv; false when the conditions
 * contradict themselves already (no row can match)
 */
static bool
prune_evaluate(PlanState *ps, List *kinds, List *exprstates,
			   RecordQuals *quals, PruneValues *pv)
{
	ExprContext *econtext = ps->ps_ExprContext;
	ListCell   *lk,
			   *le;

	forboth(lk, kinds, le, exprstates)
	{
		List	   *kind = lfirst(lk);
		EventPrune	col = linitial_int(kind);
		PruneOp		op = lsecond_int(kind);
		bool		isnull;
		Datum		v;
		TimeRange	r;

		if (op == PO_IS_NULL || op == PO_IS_NOT_NULL)
		{
			pv->null_error |= op == PO_IS_NULL;
			pv->not_null_error |= op == PO_IS_NOT_NULL;
			continue;
		}
		v = ExecEvalExprSwitchContext(lfirst(le), econtext, &isnull);
		if (isnull)
		{
			/* column op NULL is never true; IN (NULL) leaves the column free */
			if (op != PO_IN)
				return false;
			continue;
		}
		switch (col)
		{
			case EP_EVENT_TIME:
				if (op == PO_IN)
				{
					if (!time_range_of_array(v, &r))
						return false;
				}
				else
					time_range_of(op, lthird_int(kind), v, &r);
				if (r.has_lo)
					bound_tighten(&quals->has_lo, &quals->lo, &quals->lo_strict,
								  r.lo, r.lo_strict, true);
				if (r.has_hi)
					bound_tighten(&quals->has_hi, &quals->hi, &quals->hi_strict,
								  r.hi, r.hi_strict, false);
				break;
			case EP_ERROR_CODE:
				/* error_code = x or IN (...) holds only for a code */
				pv->not_null_error = true;
				break;
			case EP_REGION:
				pv->regions = intersect_values(pv->regions, &pv->any_region,
											   text_values_of(op, v));
				break;
			case EP_ACCOUNT:
				pv->accounts = intersect_values(pv->accounts, &pv->any_account,
												text_values_of(op, v));
				break;
			default:			/* EP_EVENT_NAME */
				pv->names = intersect_values(pv->names, &pv->any_name,
											 text_values_of(op, v));
				break;
		}
	}
	return true;
}

/* The delivery days (and file name stamps) the event_time bounds allow */
static void
prune_build_days(const RecordQuals *quals, TrailFilter *f)
{
	TimestampTz lo = quals->lo,
				hi = quals->hi;

	if (!quals->has_lo && !quals->has_hi)
		return;
	f->has_days = true;
	f->first_day = quals->has_lo && !TIMESTAMP_NOT_FINITE(lo) ? day_of(lo) : PG_INT32_MIN / 2;
	if (quals->has_lo && !TIMESTAMP_NOT_FINITE(lo))
		delivery_stamp(lo, f->first_stamp);
	if (quals->has_hi && !TIMESTAMP_NOT_FINITE(hi))
	{
		/* the last instant wanted: "< midnight" adds no day */
		TimestampTz last = quals->hi_strict ? hi - 1 : hi;

		f->last_day = day_of(last) + DELIVERY_SLACK_DAYS;
		/* and no file delivered more than the slack after it */
		delivery_stamp(last + DELIVERY_SLACK_DAYS * USECS_PER_DAY, f->last_stamp);
	}
	else
		f->last_day = PG_INT32_MAX / 2;
	if (f->first_day > f->last_day)
		f->nothing = true;
}

/*
 * From the evaluated conditions: the record checks of *quals (besides the
 * event_time bounds, set already) and the key filter *f
 */
static void
prune_build(const PruneValues *pv, RecordQuals *quals, TrailFilter *f)
{
	prune_build_days(quals, f);
	quals->aws_region = string_qual(pv->regions, pv->any_region);
	quals->recipient_account_id = string_qual(pv->accounts, pv->any_account);
	quals->event_name = string_qual(pv->names, pv->any_name);
	if (!pv->any_region)
	{
		f->regions = quals->aws_region.values;
		f->nregions = quals->aws_region.n;
		f->nothing |= f->nregions == 0;
	}
	if (!pv->any_account)
	{
		f->accounts = quals->recipient_account_id.values;
		f->naccounts = quals->recipient_account_id.n;
		f->nothing |= f->naccounts == 0;
	}
	if (!pv->any_name)
		f->nothing |= quals->event_name.n == 0;
	if (pv->null_error || pv->not_null_error)
	{
		f->nothing |= pv->null_error && pv->not_null_error;
		quals->error_code = pv->null_error ? NQ_NULL : NQ_NOT_NULL;
	}
}

/* A day number of day_of() as text */
static char *
day_out(int32 day)
{
	return DatumGetCString(DirectFunctionCall1(date_out,
											   DateADTGetDatum(day - CORE_UNIX_TO_PG_EPOCH_DAYS)));
}

/* What the filter and the record checks keep, for EXPLAIN */
static char *
prune_describe(const TrailFilter *f, const RecordQuals *quals)
{
	StringInfoData d;

	initStringInfo(&d);
	if (f->nothing)
	{
		appendStringInfoString(&d, "no key can match");
		return d.data;
	}
	if (f->has_days)
		appendStringInfo(&d, "delivery days %s .. %s",
						 quals->has_lo ? day_out(f->first_day) : "-",
						 quals->has_hi ? day_out(f->last_day) : "-");
	if (quals->aws_region.values)
		appendStringInfo(&d, "%sregions %d", d.len ? ", " : "", f->nregions);
	if (quals->recipient_account_id.values)
		appendStringInfo(&d, "%saccounts %d", d.len ? ", " : "", f->naccounts);
	if (quals->event_name.values)
		appendStringInfo(&d, "%sevent names %d", d.len ? ", " : "",
						 quals->event_name.n);
	if (quals->error_code != NQ_ANY)
		appendStringInfo(&d, "%serror_code %s", d.len ? ", " : "",
						 quals->error_code == NQ_NULL ? "IS NULL" : "IS NOT NULL");
	return d.data;
}

/*
 * Evaluate the pushed-down expressions for this execution: fill *quals
 * (checked on every record) and build the key filter; NULL when no key is
 * pruned.  *describe gets a line for EXPLAIN.
 */
TrailFilter *
prune_filter_build(PlanState *ps, List *kinds, List *exprstates,
				   RecordQuals *quals, char **describe)
{
	TrailFilter *f;
	PruneValues pv = {
		.any_region = true,
		.any_account = true,
		.any_name = true,
	};

	memset(quals, 0, sizeof(*quals));
	*describe = NULL;
	if (kinds == NIL)
		return NULL;
	f = palloc0(sizeof(TrailFilter));
	if (prune_evaluate(ps, kinds, exprstates, quals, &pv))
		prune_build(&pv, quals, f);
	else
		f->nothing = true;
	*describe = prune_describe(f, quals);
	return core_trail_filter_active(f) ? f : NULL;
}

/* The columns that prune, for plain EXPLAIN */
char *
prune_columns_describe(List *kinds)
{
	bool		seen[EP_ERROR_CODE + 1] = {false};
	StringInfoData d;
	ListCell   *lc;

	foreach(lc, kinds)
		seen[linitial_int((List *) lfirst(lc))] = true;
	initStringInfo(&d);
	for (int pc = EP_EVENT_TIME; pc <= EP_ERROR_CODE; pc++)
		if (seen[pc])
			appendStringInfo(&d, "%s%s", d.len ? ", " : "", event_prune_column_name(pc));
	return d.data;
}
