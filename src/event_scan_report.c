/*-------------------------------------------------------------------------
 *
 * event_scan_report.c
 *	  What a scan skipped under on_error 'skip': counted per record and per
 *	  file (and per object, for sync), the first problem kept, and one
 *	  WARNING at the end, so nothing is lost silently.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "event_scan_int.h"

/*
 * When objects are given (read_objects), what was skipped in each: sync
 * leaves an object not read to its end for the next run
 */
static void
note_object_skip(EventScan *scan, const char *object, bool whole_file)
{
	ObjectSkips *last = scan->object_skips ? llast(scan->object_skips) : NULL;

	if (last == NULL || strcmp(last->object, object) != 0)
	{
		MemoryContext old = MemoryContextSwitchTo(scan->scan_cxt);

		last = palloc0(sizeof(ObjectSkips));
		last->object = pstrdup(object);
		scan->object_skips = lappend(scan->object_skips, last);
		MemoryContextSwitchTo(old);
	}
	if (whole_file)
		last->unread = true;
	else
		last->records++;
}

/*
 * Note a skipped record or file of object; the first problem is kept for
 * the report
 */
void
event_scan_skip(EventScan *scan, const char *object, bool whole_file, const char *fmt,...)
{
	if (whole_file)
		scan->skipped_files++;
	else
		scan->skipped_records++;
	if (scan->opts.objects != NIL)
		note_object_skip(scan, object, whole_file);
	if (scan->first_problem == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(scan->scan_cxt);
		StringInfoData buf;
		va_list		args;

		initStringInfo(&buf);
		for (;;)
		{
			int			needed;

			va_start(args, fmt);
			needed = appendStringInfoVA(&buf, fmt, args);
			va_end(args);
			if (needed == 0)
				break;
			enlargeStringInfo(&buf, needed);
		}
		scan->first_problem = buf.data;
		MemoryContextSwitchTo(old);
	}
}

/* What the backend's last finished scan skipped, for iotatrail.sync */
int64		iotatrail_last_skipped_records = 0;
int64		iotatrail_last_skipped_files = 0;
List	   *iotatrail_last_object_skips = NIL;
static MemoryContext last_object_skips_cxt = NULL;

/* Keep what the scan skipped per object, for last_scan_skipped_objects */
static void
keep_object_skips(EventScan *scan)
{
	MemoryContext old;
	ListCell   *lc;

	if (last_object_skips_cxt == NULL)
		last_object_skips_cxt = AllocSetContextCreate(TopMemoryContext,
													  "iotatrail last scan's skips",
													  ALLOCSET_SMALL_SIZES);
	MemoryContextReset(last_object_skips_cxt);
	iotatrail_last_object_skips = NIL;
	old = MemoryContextSwitchTo(last_object_skips_cxt);
	foreach(lc, scan->object_skips)
	{
		ObjectSkips *from = lfirst(lc);
		ObjectSkips *to = palloc(sizeof(ObjectSkips));

		*to = *from;
		to->object = pstrdup(from->object);
		iotatrail_last_object_skips = lappend(iotatrail_last_object_skips, to);
	}
	MemoryContextSwitchTo(old);
}

/* How the report names what was read: quoted, or the objects given */
static char *
scan_where(EventScan *scan)
{
	int			n = list_length(scan->opts.objects);

	if (n > 1)
		return psprintf("%d objects (the first \"%s\")", n, (char *) linitial(scan->opts.objects));
	return psprintf("\"%s\"", n == 1 ? (char *) linitial(scan->opts.objects) :
					scan->opts.location ? scan->opts.location : "parse_events input");
}

/* One WARNING for everything skipped, so nothing is lost silently */
void
event_scan_report(EventScan *scan)
{
	const char *where;

	iotatrail_last_skipped_records = scan->skipped_records;
	iotatrail_last_skipped_files = scan->skipped_files;
	keep_object_skips(scan);
	if (scan->skipped_records == 0 && scan->skipped_files == 0)
		return;
	where = scan_where(scan);
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 scan->skipped_files == 0 ?
			 errmsg_plural("skipped %lld bad record while reading %s",
						   "skipped %lld bad records while reading %s",
						   scan->skipped_records,
						   (long long) scan->skipped_records, where) :
			 scan->skipped_records == 0 ?
			 errmsg_plural("skipped %lld unreadable file while reading %s",
						   "skipped %lld unreadable files while reading %s",
						   scan->skipped_files,
						   (long long) scan->skipped_files, where) :
			 errmsg_plural("skipped %lld bad record and some unreadable files while reading %s",
						   "skipped %lld bad records and some unreadable files while reading %s",
						   scan->skipped_records,
						   (long long) scan->skipped_records, where),
			 scan->skipped_files == 0 || scan->skipped_records == 0 ?
			 errdetail("The first problem was: %s.", scan->first_problem) :
			 errdetail_plural("%lld file could not be read. The first problem was: %s.",
							  "%lld files could not be read. The first problem was: %s.",
							  scan->skipped_files,
							  (long long) scan->skipped_files,
							  scan->first_problem)));
}
