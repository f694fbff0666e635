/*-------------------------------------------------------------------------
 *
 * fdw_prune_int.h
 *	  What the two halves of pruning share: fdw_prune.c finds the
 *	  conditions at plan time, fdw_prune_filter.c turns their values into
 *	  a TrailFilter and RecordQuals when the scan begins.  The kinds list
 *	  between them carries these codes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_FDW_PRUNE_INT_H
#define IOTATRAIL_FDW_PRUNE_INT_H

/* How a condition restricts its column (an EventPrune) */
typedef enum PruneOp
{
	PO_EQ,
	PO_LT,
	PO_LE,
	PO_GT,
	PO_GE,
	PO_IN,						/* = ANY (array) */
	PO_IS_NULL,					/* no expression */
	PO_IS_NOT_NULL
} PruneOp;

/*
 * What a condition on event_time compares: the column itself, its date
 * (event_time::date, in the session time zone) or its day
 * (date_trunc('day', event_time)); and the value's type, converted to
 * timestamptz as the comparison operator converts it.  Kinds carry
 * form = left * 4 + value.
 */
typedef enum TimeLeft
{
	TL_PLAIN,
	TL_DATE,
	TL_TRUNC_DAY
} TimeLeft;

typedef enum TimeValue
{
	TV_TIMESTAMPTZ,
	TV_DATE,
	TV_TIMESTAMP
} TimeValue;

#endif							/* IOTATRAIL_FDW_PRUNE_INT_H */
