/*-------------------------------------------------------------------------
 *
 * detect_state.c
 *	  Running state for the detections of the findings view: what a
 *	  principal did before the current event, within a look-back.
 *
 * The findings view reads its relation once, sorted by event time, and
 * calls these per event.  They keep their state per call site and query
 * (fn_extra, in the function's memory context), so a WHERE on event_time
 * given to the view is pushed into the one scan: window functions would
 * keep the planner from pushing it, and a join of the relation with
 * itself would read the trail twice.  They are VOLATILE and PARALLEL
 * UNSAFE: each must see every row of its query, in order, exactly once.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/timestamp.h"
#include "pg_compat.h"

PG_FUNCTION_INFO_V1(iotatrail_seen_within);
PG_FUNCTION_INFO_V1(iotatrail_recent_distinct);
PG_FUNCTION_INFO_V1(iotatrail_previous_value);

typedef struct RecentItem
{
	TimestampTz at;
	char	   *value;
} RecentItem;

/* one key's state; the hash key is a pointer to a string this entry owns */
typedef struct StateEntry
{
	char	   *key;
	TimestampTz last_seen;
	char	   *value;			/* previous_value */
	RecentItem *items;			/* recent_distinct, oldest first from head */
	int			head;
	int			count;
	int			capacity;
} StateEntry;

static uint32
state_key_hash(const void *key, Size keysize)
{
	const char *s = *(char *const *) key;

	return hash_bytes((const unsigned char *) s, strlen(s));
}

static int
state_key_match(const void *key1, const void *key2, Size keysize)
{
	return strcmp(*(char *const *) key1, *(char *const *) key2);
}

/* the call site's table, made on its first call of the query */
static HTAB *
state_table(FunctionCallInfo fcinfo)
{
	HASHCTL		ctl;

	if (fcinfo->flinfo->fn_extra)
		return (HTAB *) fcinfo->flinfo->fn_extra;
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(char *);
	ctl.entrysize = sizeof(StateEntry);
	ctl.hash = state_key_hash;
	ctl.match = state_key_match;
	ctl.hcxt = fcinfo->flinfo->fn_mcxt;
	fcinfo->flinfo->fn_extra = hash_create("iotatrail detection state", 1024, &ctl,
										   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	return (HTAB *) fcinfo->flinfo->fn_extra;
}

static StateEntry *
state_entry(FunctionCallInfo fcinfo, text *key_text, bool *found)
{
	HTAB	   *table = state_table(fcinfo);
	char	   *key = text_to_cstring(key_text);
	StateEntry *entry = hash_search(table, &key, HASH_ENTER, found);

	if (!*found)
	{
		entry->key = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, key);
		entry->last_seen = DT_NOBEGIN;
		entry->value = NULL;
		entry->items = NULL;
		entry->head = entry->count = entry->capacity = 0;
	}
	pfree(key);
	return entry;
}

static TimestampTz
minus_interval(TimestampTz at, Interval *span)
{
	return DatumGetTimestampTz(DirectFunctionCall2(timestamptz_mi_interval,
												   TimestampTzGetDatum(at),
												   IntervalPGetDatum(span)));
}

/*
 * seen_within(key, at, span): whether this call site saw key at a time in
 * [at - span, at] on an earlier row; records at for key either way.
 */
Datum
iotatrail_seen_within(PG_FUNCTION_ARGS)
{
	bool		found;
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(1);
	StateEntry *entry = state_entry(fcinfo, PG_GETARG_TEXT_PP(0), &found);
	bool		seen = found && entry->last_seen >= minus_interval(at, PG_GETARG_INTERVAL_P(2))
		&& entry->last_seen <= at;

	if (!found || at > entry->last_seen)
		entry->last_seen = at;
	PG_RETURN_BOOL(seen);
}

/*
 * recent_distinct(key, value, at, span): records value for key at time at;
 * returns how many distinct values key has in (at - span, at] when value
 * is new in that window, else 0.  A count reaches a threshold once per
 * burst: the detections fire when it equals theirs.
 */
Datum
iotatrail_recent_distinct(PG_FUNCTION_ARGS)
{
	bool		found;
	char	   *value = text_to_cstring(PG_GETARG_TEXT_PP(1));
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(2);
	TimestampTz since = minus_interval(at, PG_GETARG_INTERVAL_P(3));
	StateEntry *entry = state_entry(fcinfo, PG_GETARG_TEXT_PP(0), &found);
	MemoryContext old;
	int			i,
				j,
				distinct = 0;
	bool		present = false;

	/* drop what fell out of the window (rows come in time order) */
	while (entry->count > 0 && entry->items[entry->head].at <= since)
	{
		pfree(entry->items[entry->head].value);
		entry->head++;
		entry->count--;
	}
	if (entry->count == 0)
		entry->head = 0;
	for (i = entry->head; i < entry->head + entry->count; i++)
	{
		bool		earlier = false;

		if (strcmp(entry->items[i].value, value) == 0)
			present = true;
		for (j = entry->head; j < i && !earlier; j++)
			earlier = strcmp(entry->items[j].value, entry->items[i].value) == 0;
		if (!earlier)
			distinct++;
	}

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (entry->head + entry->count >= entry->capacity)
	{
		/* compact first; grow when still full */
		if (entry->head > 0)
		{
			memmove(entry->items, entry->items + entry->head, entry->count * sizeof(RecentItem));
			entry->head = 0;
		}
		if (entry->count >= entry->capacity)
		{
			entry->capacity = entry->capacity ? entry->capacity * 2 : 8;
			entry->items = entry->items
				? repalloc(entry->items, entry->capacity * sizeof(RecentItem))
				: palloc(entry->capacity * sizeof(RecentItem));
		}
	}
	entry->items[entry->head + entry->count].at = at;
	entry->items[entry->head + entry->count].value = pstrdup(value);
	entry->count++;
	MemoryContextSwitchTo(old);
	pfree(value);

	PG_RETURN_INT32(present ? 0 : distinct + 1);
}

/*
 * previous_value(key, value): the value this call site last recorded for
 * key (NULL the first time), then records value.
 */
Datum
iotatrail_previous_value(PG_FUNCTION_ARGS)
{
	bool		found;
	StateEntry *entry = state_entry(fcinfo, PG_GETARG_TEXT_PP(0), &found);
	text	   *previous = entry->value ? cstring_to_text(entry->value) : NULL;

	if (!PG_ARGISNULL(1))
	{
		if (entry->value)
			pfree(entry->value);
		entry->value = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt,
										   text_to_cstring(PG_GETARG_TEXT_PP(1)));
	}
	if (previous == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(previous);
}
