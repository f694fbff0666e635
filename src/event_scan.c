/*-------------------------------------------------------------------------
 *
 * event_scan.c
 *	  The scan shared by the foreign table and the functions: walk the
 *	  location, read each log file's records, filter, build typed rows.
 *
 * Memory: the scan context holds the walk; a per-file context holds the
 * reader's buffers (bounded by the largest record) and is reset when the
 * next file opens; a per-record context holds one row's values and is reset
 * before the next record.  Nothing grows with file size or file count.
 *
 * Bad input raises an ERROR that names the file, the record index or the
 * uncompressed byte offset, and what was expected; with on_error 'skip' the
 * record (or the rest of a broken file, or an unreadable file) is skipped,
 * counted, and reported in one WARNING when the scan ends.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "miscadmin.h"
#include "storage/spin.h"
#include "utils/memutils.h"

#include "iotatrail.h"
#include "record_reader.h"
#include "record_scan.h"
#include "s3.h"
#include "source.h"
#include "source_file_share.h"

struct EventScan
{
	MemoryContext scan_cxt;
	MemoryContext file_cxt;
	MemoryContext record_cxt;
	MemoryContext reader_cxt;
	CoreAllocator reader_alloc; /* in reader_cxt: the reader outlives files */
	bool		reader_ready;	/* reader set up by a first file */
	ScanOptions opts;
	char	  **sources;		/* event_source values to keep, NULL-ended;
								 * NULL when every record is kept */
	TupleDesc	tupdesc;
	int		   *colmap;
	bool		echo_values;	/* errors may quote record values */

	/* where records come from */
	const char *buffer;			/* parse_events input, or NULL */
	size_t		buffer_len;
	bool		is_s3;			/* an s3:// location */
	bool		started;		/* walk or listing begun (at the first next) */
	bool		noticed_empty;	/* said once that nothing was found */
	int64		walked;			/* log files the walk or listing found */
	Source	   *source;			/* files, S3 objects or the document */
	struct S3Config *s3_cfg;
	char	   *path;			/* current file (in file_cxt), or NULL */
	const char *display;		/* how messages name the current input */
	bool		reading;
	RecordReader reader;
	RecordFields fields;

	/* counters for EXPLAIN ANALYZE and the final WARNING */
	int64		files;
	int64		records;
	int64		events;
	int64		skipped_records;
	int64		skipped_files;
	int64		bytes;
	char	   *first_problem;
	List	   *object_skips;	/* of ObjectSkips *, when objects are given */
	ErrorContextCallback errcb;
	int			ctx_record;		/* record index for the context, -1 none */
	uint64		ctx_offset;		/* byte offset for the context */

	EventScanClaims *claims;	/* parallel scan: whole files are claimed */
	bool		published;		/* a worker's counters are in claims */
	int64		worker_files;	/* the leader's copy of the workers' counters */
	int64		worker_records;
	int64		worker_skipped_records;
	int64		worker_skipped_files;
	int64		worker_bytes;
	SourceCounts worker_source; /* S3: the workers' requests, listing */
};

/*
 * A parallel scan of local files shares one walk (source_file_share.c, in
 * shared memory after these claims).  Over S3 the participants list the
 * same location in the same order and each object goes to whoever reaches
 * it first: a participant claims an object when it stands after the last
 * claimed one.  Comparing positions, not counting objects, keeps this right
 * when objects are delivered while the participants list: none is read
 * twice.
 */
struct EventScanClaims
{
	slock_t		mutex;
	bool		any;			/* something was claimed */
	int			root_no;		/* the last claim's position */
	char		below[MAXPGPATH * 2];
	/* what the workers read, added when each finishes, for EXPLAIN */
	int64		files;
	int64		records;
	int64		skipped_records;
	int64		skipped_files;
	int64		bytes;
	SourceCounts source;		/* S3: requests and retries summed; every
								 * participant lists all: the most listed */
};

/* A local walk's shared listing follows the claims (source_file_share.c) */
#define CLAIMS_FILE_SHARE(claims) \
	((FileShare *) ((char *) (claims) + MAXALIGN(sizeof(EventScanClaims))))

Size
event_scan_claims_size(void)
{
	return add_size(MAXALIGN(sizeof(EventScanClaims)), file_share_size());
}

void
event_scan_claims_init(EventScanClaims *claims)
{
	SpinLockInit(&claims->mutex);
	claims->any = false;
	claims->files = claims->records = claims->bytes = 0;
	claims->skipped_records = claims->skipped_files = 0;
	memset(&claims->source, 0, sizeof(claims->source));
	file_share_init(CLAIMS_FILE_SHARE(claims));
}

/* A worker that read to the end adds its counters for the leader's EXPLAIN */
static void
scan_publish_counts(EventScan *scan)
{
	SourceCounts counts;
	SourceCounts *sum;

	if (scan->claims == NULL || !IsParallelWorker() || scan->published)
		return;
	scan->published = true;
	source_counts(scan->source, &counts);
	sum = &scan->claims->source;
	SpinLockAcquire(&scan->claims->mutex);
	sum->requests += counts.requests;
	sum->retries += counts.retries;
	sum->listed = Max(sum->listed, counts.listed);
	sum->pruned = Max(sum->pruned, counts.pruned);
	scan->claims->files += scan->files;
	scan->claims->records += scan->records;
	scan->claims->skipped_records += scan->skipped_records;
	scan->claims->skipped_files += scan->skipped_files;
	scan->claims->bytes += scan->bytes;
	SpinLockRelease(&scan->claims->mutex);
}

/*
 * The leader, before the shared memory goes away: keep the workers'
 * counters and stop claiming.
 */
void
event_scan_unshare(EventScan *scan)
{
	if (scan->claims == NULL)
		return;
	if (!IsParallelWorker())
	{
		SpinLockAcquire(&scan->claims->mutex);
		scan->worker_files = scan->claims->files;
		scan->worker_records = scan->claims->records;
		scan->worker_skipped_records = scan->claims->skipped_records;
		scan->worker_skipped_files = scan->claims->skipped_files;
		scan->worker_bytes = scan->claims->bytes;
		scan->worker_source = scan->claims->source;
		SpinLockRelease(&scan->claims->mutex);
	}
	scan->claims = NULL;
}

/* Claim whole files through claims, shared with the other participants */
void
event_scan_share(EventScan *scan, EventScanClaims *claims)
{
	scan->claims = claims;
}

/* Compare paths in walk order: depth first over sorted names */
static int
walk_order_compare(const char *a, const char *b)
{
	for (;; a++, b++)
	{
		unsigned char ca = *a == '/' ? 1 : (unsigned char) *a;
		unsigned char cb = *b == '/' ? 1 : (unsigned char) *b;

		if (ca != cb || ca == 0)
			return (int) ca - (int) cb;
	}
}

/*
 * Whether this participant takes the object at a position of the walk
 * (false: another one has): positions are compared with compare
 */
static bool
claims_take(EventScanClaims *claims, int root_no, const char *below,
			int (*compare) (const char *, const char *), const char *name)
{
	bool		mine;

	if (strlen(below) >= sizeof(claims->below))
		ereport(ERROR,
				(errcode(ERRCODE_NAME_TOO_LONG),
				 errmsg("path \"%s\" is too long for a parallel scan", name)));
	SpinLockAcquire(&claims->mutex);
	mine = !claims->any || root_no > claims->root_no ||
		(root_no == claims->root_no && compare(below, claims->below) > 0);
	if (mine)
	{
		claims->any = true;
		claims->root_no = root_no;
		strcpy(claims->below, below);
	}
	SpinLockRelease(&claims->mutex);
	return mine;
}

/* Whether this participant reads the walked path (false: another one does) */
static bool
scan_claim(EventScan *scan, const char *path)
{
	int			root_no;
	const char *below;

	source_files_position(scan->source, path, &root_no, &below);
	return claims_take(scan->claims, root_no, below, walk_order_compare, path);
}

/*
 * SourceClaimFn of an S3 listing: whether this participant fetches the
 * key at position.  S3 positions order as bytes (trail_walk_position).
 */
static bool
scan_claim_s3(void *arg, const char *position)
{
	EventScan  *scan = arg;

	return scan->claims == NULL ||
		claims_take(scan->claims, 0, position, strcmp, scan->opts.location);
}

/* Split the event_source option into the values to keep */
static char **
parse_sources(const char *spec)
{
	List	   *items = NIL;
	char	   *copy;
	char	  **out;
	int			i = 0;
	ListCell   *lc;

	if (spec == NULL)
		return NULL;
	copy = pstrdup(spec);
	for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
	{
		while (*tok == ' ')
			tok++;
		if (*tok)
			items = lappend(items, tok);
	}
	out = palloc(sizeof(char *) * (list_length(items) + 1));
	foreach(lc, items)
	{
		char	   *s = lfirst(lc);
		char	   *e = s + strlen(s);

		while (e > s && e[-1] == ' ')
			*--e = '\0';
		out[i++] = s;
	}
	out[i] = NULL;
	return out;
}

/*
 * Says where a scan was when an error was raised: the file, the record
 * index and the byte offset (like file_fdw's CopyFromErrorCallback).
 * In-memory documents have no file to name.
 */
static void
scan_error_context(void *arg)
{
	EventScan  *scan = (EventScan *) arg;

	if (!scan->reading || scan->ctx_record < 0)
		return;
	if (scan->buffer)
		errcontext("record %d, byte offset %llu",
				   scan->ctx_record, (unsigned long long) scan->ctx_offset);
	else
		errcontext("log file \"%s\", record %d, byte offset %llu",
				   scan->display, scan->ctx_record,
				   (unsigned long long) scan->ctx_offset);
}

/* Common setup of both scan kinds */
static EventScan *
scan_create(const ScanOptions *opts, TupleDesc tupdesc, const char *relname)
{
	MemoryContext scan_cxt = AllocSetContextCreate(CurrentMemoryContext,
												   "iotatrail scan",
												   ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(scan_cxt);
	EventScan  *scan = palloc0(sizeof(EventScan));
	ListCell   *lc;

	scan->scan_cxt = scan_cxt;
	scan->file_cxt = AllocSetContextCreate(scan_cxt, "iotatrail file",
										   ALLOCSET_DEFAULT_SIZES);
	scan->record_cxt = AllocSetContextCreate(scan_cxt, "iotatrail record",
											 ALLOCSET_DEFAULT_SIZES);
	scan->reader_cxt = AllocSetContextCreate(scan_cxt, "iotatrail reader",
											 ALLOCSET_DEFAULT_SIZES);
	scan->reader_alloc = palloc_core_allocator;
	scan->reader_alloc.ctx = scan->reader_cxt;
	scan->opts = *opts;
	scan->opts.location = opts->location ? pstrdup(opts->location) : NULL;
	scan->opts.objects = NIL;
	foreach(lc, opts->objects)
		scan->opts.objects = lappend(scan->opts.objects, pstrdup(lfirst(lc)));
	scan->echo_values = true;
	scan->ctx_record = -1;
	scan->sources = parse_sources(opts->event_source);
	scan->tupdesc = tupdesc;
	scan->colmap = event_columns_map(tupdesc, relname);
	MemoryContextSwitchTo(old);
	return scan;
}

/*
 * Scan the objects named (local paths or s3:// URLs, all of one kind), as
 * userid, who needs for each what a location naming it would need
 */
static EventScan *
scan_begin_objects(const ScanOptions *opts, TupleDesc tupdesc,
				   const char *relname, Oid userid)
{
	bool		s3 = location_is_s3(linitial(opts->objects));
	EventScan  *scan;
	ListCell   *lc;

	foreach(lc, opts->objects)
	{
		const char *object = lfirst(lc);

		if (location_is_s3(object) != s3 || (!s3 && !location_is_local(object)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("object \"%s\" is not of the same kind as \"%s\"",
							object, (char *) linitial(opts->objects)),
					 errdetail("The objects of one scan are all local files or all s3:// objects.")));
		if (!s3)
			check_local_location(userid, object);
	}
	scan = scan_create(opts, tupdesc, relname);
	if (s3)
	{
		scan->s3_cfg = iotatrail_s3_config(opts->serverid, userid);
		scan->is_s3 = true;
	}
	scan->echo_values = userid == GetUserId();
	return scan;
}

/*
 * Scan the files or objects a location names, as userid.  When that is not
 * the role running the query (a view's owner, say), errors quote no record
 * values: the role may see only some columns.
 */
EventScan *
event_scan_begin(const ScanOptions *opts, TupleDesc tupdesc,
				 const char *relname, Oid userid)
{
	EventScan  *scan;

	if (opts->objects != NIL)
		return scan_begin_objects(opts, tupdesc, relname, userid);
	if (opts->location == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("no location given for \"%s\"", relname)));
	if (location_is_s3(opts->location))
	{
		S3Config   *cfg = iotatrail_s3_config(opts->serverid, userid);

		scan = scan_create(opts, tupdesc, relname);
		scan->s3_cfg = cfg;
		scan->is_s3 = true;
		scan->echo_values = userid == GetUserId();
		return scan;
	}
	if (!location_is_local(opts->location))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("location \"%s\" is neither a local path nor an s3:// URL", opts->location),
				 errhint("Give an absolute path, a glob, or s3://bucket/prefix.")));
	check_local_location(userid, opts->location);
	scan = scan_create(opts, tupdesc, relname);
	scan->echo_values = userid == GetUserId();
	return scan;
}

/*
 * Begin the walk or the listing, pruned by the filter set now: pushed-down
 * values (InitPlan results, say) are known only once rows are asked for.
 */
static void
scan_start(EventScan *scan)
{
	MemoryContext old = MemoryContextSwitchTo(scan->scan_cxt);

	if (scan->is_s3)
	{
		if (scan->opts.objects)
			scan->source = source_s3_list(scan->s3_cfg, scan->opts.objects,
										  scan->opts.skip_errors);
		else
		{
			scan->source = source_s3_begin(scan->s3_cfg, scan->opts.location,
										   scan->opts.skip_errors, scan->opts.filter);
			/* each participant lists; the keys are claimed as files are */
			if (scan->claims)
				source_s3_share(scan->source, scan_claim_s3, scan);
		}
	}
	else if (scan->opts.objects)
		scan->source = source_file_list(scan->opts.objects);
	else if (scan->buffer)
		scan->source = source_memory_begin(scan->buffer, scan->buffer_len,
										   "parse_events input");
	else
	{
		scan->source = source_files_begin(scan->opts.location, scan->opts.filter);
		/* one participant walks, all take files from its listing */
		if (scan->claims)
			source_files_share(scan->source, CLAIMS_FILE_SHARE(scan->claims));
	}
	MemoryContextSwitchTo(old);
	scan->started = true;
}

/* Stop the walk or the listing; the next event_scan_next begins anew */
static void
scan_stop(EventScan *scan)
{
	source_end(scan->source);
	scan->source = NULL;
	scan->started = false;
}

/*
 * The walk ended: a location with no log file at all (an empty folder, or
 * digests only) says so once, rather than answering with silence.  Pruned
 * folders and files count as found; parallel workers leave it to the leader.
 */
static void
scan_notice_if_empty(EventScan *scan)
{
	SourceCounts counts;

	bool		found_any;

	if (scan->noticed_empty || scan->walked > 0 || scan->opts.location == NULL)
		return;
	/* a shared walk: its walker says it, worker or not */
	if (source_files_sharing(scan->source, &found_any) ? found_any : IsParallelWorker())
		return;
	source_counts(scan->source, &counts);
	if (counts.pruned + counts.pruned_files > 0)
		return;
	scan->noticed_empty = true;
	ereport(NOTICE,
			(errmsg("no log files found at \"%s\"", scan->opts.location),
			 errdetail("CloudTrail digest files and folders are not read as events.")));
}

/*
 * Build only the listed attribute numbers (1-based); the others stay NULL.
 * A list holding InvalidAttrNumber (a whole-row reference) keeps them all.
 */
void
event_scan_project(EventScan *scan, List *attnums)
{
	bool	   *keep;
	ListCell   *lc;

	if (list_member_int(attnums, InvalidAttrNumber))
		return;
	keep = palloc0(sizeof(bool) * (scan->tupdesc->natts + 1));
	foreach(lc, attnums)
	{
		int			a = lfirst_int(lc);

		if (a > 0 && a <= scan->tupdesc->natts)
			keep[a] = true;
	}
	for (int i = 0; i < scan->tupdesc->natts; i++)
		if (!keep[i + 1])
			scan->colmap[i] = -1;
	pfree(keep);
}

/* Scan a document held in memory (parse_events) */
EventScan *
event_scan_begin_buffer(const ScanOptions *opts, TupleDesc tupdesc,
						const char *data, size_t len)
{
	EventScan  *scan = scan_create(opts, tupdesc, "parse_events");

	scan->buffer = data;
	scan->buffer_len = len;
	return scan;
}

static void scan_skip(EventScan *scan, const char *object, bool whole_file,
					  const char *fmt,...) pg_attribute_printf(4, 5);

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
static void
scan_skip(EventScan *scan, const char *object, bool whole_file, const char *fmt,...)
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

/*
 * Read records from a new source: the first file sets the reader up, the
 * next ones restart it with its buffers and zlib state kept
 */
static void
scan_reader_open(EventScan *scan, CoreReadFn read, void *arg)
{
	if (scan->reader_ready)
		record_reader_restart(&scan->reader, read, arg);
	else
		record_reader_init(&scan->reader, read, arg, &scan->reader_alloc,
						   scan->opts.max_record_size, IOTATRAIL_MAX_DEPTH);
	record_reader_set_inflate_limit(&scan->reader,
									(size_t) iotatrail_inflate_whole_limit * 1024);
	scan->reader_ready = true;
}

/* Bytes read from the current file (compressed ones when gzip'd) */
static int64
scan_raw_bytes(EventScan *scan)
{
	RecordReaderStats stats;

	record_reader_stats(&scan->reader, &stats);
	return (int64) stats.raw_bytes;
}

/* Close the current file (the reader is kept for the next one) */
static void
scan_close_file(EventScan *scan)
{
	if (scan->reading)
		scan->bytes += scan_raw_bytes(scan);
	scan->reading = false;
	if (scan->source)
		source_close(scan->source);
	scan->path = NULL;
	MemoryContextReset(scan->file_cxt);
}

/*
 * Open the next input.  Returns false when there is none.  An unreadable
 * file is an error, or a counted skip with on_error 'skip'.
 */
static bool
scan_open_next(EventScan *scan)
{
	MemoryContext old;

	for (;;)
	{
		char	   *skip_reason;
		char	   *walked;
		char	   *path;

		/* the source keeps its own state; what a next leaves is the file's */
		old = MemoryContextSwitchTo(scan->file_cxt);
		walked = source_next(scan->source, &skip_reason);
		MemoryContextSwitchTo(old);
		if (walked == NULL)
		{
			scan_notice_if_empty(scan);
			return false;
		}
		scan->walked++;
		/* S3 keys were claimed before they were asked for */
		if (scan->claims && !scan->is_s3 &&
			!source_files_sharing(scan->source, NULL) && !scan_claim(scan, walked))
		{
			if (skip_reason)
				pfree(skip_reason);
			pfree(walked);
			continue;
		}
		if (skip_reason)
		{
			if (!scan->opts.skip_errors)
				file_walker_entry_error(skip_reason);
			scan_skip(scan, walked, true, "%s", skip_reason);
			pfree(skip_reason);
			pfree(walked);
			continue;
		}
		path = MemoryContextStrdup(scan->file_cxt, walked);
		pfree(walked);
		if (!source_open(scan->source, path))
		{
			int			save_errno = errno;

			if (!scan->opts.skip_errors)
			{
				errno = save_errno;
				ereport(ERROR,
						(errcode_for_file_access(),
						 errmsg("could not open file \"%s\" for reading: %m", path),
						 errhint("Use the option on_error 'skip' to skip unreadable files and count them.")));
			}
			errno = save_errno;
			scan_skip(scan, path, true, "could not open file \"%s\" for reading: %m", path);
			pfree(path);
			continue;
		}
		/* parse_events input has no source object to name */
		scan->path = scan->buffer ? NULL : path;
		scan->display = path;
		scan->files++;
		old = MemoryContextSwitchTo(scan->file_cxt);
		scan_reader_open(scan, scan->source->ops->read, scan->source->read_arg);
		MemoryContextSwitchTo(old);
		scan->reading = true;
		return true;
	}
}

/*
 * A file whose bytes cannot be read on: raise, or skip the rest of it.
 * This and scan_bad_record are the only places that report the reader's
 * errors; the error context callback adds file, record and offset.
 */
static void
scan_broken_file(EventScan *scan)
{
	RecordReaderError err;
	CoreError	code = record_reader_error(&scan->reader, &err);

	/* a source that fails is reported as damaged bytes, like bad gzip */
	bool		gzip = core_error_is_gzip(code) || code == CORE_ERR_READ;
	bool		empty = code == CORE_ERR_EMPTY_INPUT;

	scan->ctx_record = err.record;
	scan->ctx_offset = err.offset;
	if (!scan->opts.skip_errors)
	{
		if (empty)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_JSON_TEXT),
					 errmsg("log file \"%s\" is empty", scan->display),
					 err.offset == 0 ?
					 errdetail("Expected a CloudTrail JSON document, found no bytes.") :
					 errdetail("Expected a CloudTrail JSON document, found only %llu bytes of whitespace.",
							   (unsigned long long) err.offset)));
		ereport(ERROR,
				(errcode(gzip ? ERRCODE_DATA_CORRUPTED : ERRCODE_INVALID_JSON_TEXT),
				 scan->buffer ?
				 (gzip ? errmsg("invalid gzip data") :
				  errmsg("invalid CloudTrail JSON document")) :
				 gzip ?
				 errmsg("invalid gzip data in log file \"%s\"", scan->display) :
				 errmsg("could not read log file \"%s\"", scan->display),
				 errdetail("%s", core_detail_sentence(err.detail)),
				 code == CORE_ERR_KEY_TOO_LARGE ?
				 errhint("Raise the option max_record_size, or use the option on_error 'skip' to skip what cannot be read and count it.") :
				 errhint("Use the option on_error 'skip' to skip what cannot be read and count it.")));
	}
	scan_skip(scan, scan->display, true, "%s in log file \"%s\", record %d, byte offset %llu: %s",
			  gzip ? "invalid gzip data" : "unreadable data",
			  scan->display, err.record,
			  (unsigned long long) err.offset, err.detail);
	scan->ctx_record = -1;
	scan_close_file(scan);
}

/* A record that cannot become an event: raise, or count it */
static void
scan_bad_record(EventScan *scan, const EventRecord *rec, const char *problem)
{
	scan->ctx_record = rec->index;
	scan->ctx_offset = rec->offset;
	if (!scan->opts.skip_errors)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid CloudTrail record"),
				 errdetail("%s", core_detail_sentence(problem)),
				 rec->error == CORE_ERR_RECORD_TOO_LARGE ?
				 errhint("Raise the option max_record_size, or use the option on_error 'skip' to skip bad records and count them.") :
				 errhint("Use the option on_error 'skip' to skip bad records and count them.")));
	scan_skip(scan, scan->display, false, "invalid CloudTrail record in log file \"%s\", record %d, byte offset %llu: %s",
			  scan->display, rec->index, (unsigned long long) rec->offset,
			  problem);
	scan->ctx_record = -1;
}

/*
 * Whether the record passes the pushed-down WHERE conditions and the
 * eventSource filter, judged on its top-level fields
 */
static bool
scan_source_matches(EventScan *scan, const EventRecord *rec, bool *bad)
{
	JsonSlice	v = scan->fields.f[RF_EVENT_SOURCE];

	*bad = false;
	if (scan->opts.quals && !record_quals_may_pass(scan->opts.quals, &scan->fields))
		return false;
	if (scan->sources == NULL)
		return true;
	if (v.type == JT_STRING)
	{
		for (char **s = scan->sources; *s; s++)
			if (json_string_is(v, *s))
				return true;
		return false;
	}
	if (v.type == JT_ABSENT || v.type == JT_NULL)
		return false;
	{
		char		problem[128];

		snprintf(problem, sizeof(problem),
				 "field \"eventSource\" is %s, expected a string",
				 json_type_name(v.type));
		scan_bad_record(scan, rec, problem);
		*bad = true;
		return false;
	}
}

/* The loop of event_scan_next, run under its error context callback */
static bool
scan_next_event(EventScan *scan, Datum *values, bool *nulls)
{
	for (;;)
	{
		EventRecord rec;
		int			r;
		bool		bad;
		const char *problem;
		char		problembuf[256];
		MemoryContext old;

		CHECK_FOR_INTERRUPTS();
		if (!scan->reading)
		{
			if (!scan->started)
				scan_start(scan);
			if (!scan_open_next(scan))
			{
				scan_publish_counts(scan);
				return false;
			}
			continue;
		}
		MemoryContextReset(scan->record_cxt);
		r = record_reader_next(&scan->reader, &rec);
		if (r == 0)
		{
			scan_close_file(scan);
			continue;
		}
		if (r < 0)
		{
			scan_broken_file(scan);
			continue;
		}
		scan->records++;
		if (rec.problem)
		{
			scan_bad_record(scan, &rec, rec.problem);
			continue;
		}
		/* the filter needs top-level fields only; the rest for rows kept */
		record_scan_top(rec.data, rec.len, rec.members, rec.nmembers, &scan->fields);
		if (!scan_source_matches(scan, &rec, &bad))
			continue;
		record_scan_nested(&scan->fields);

		old = MemoryContextSwitchTo(scan->record_cxt);
		scan->ctx_record = rec.index;
		scan->ctx_offset = rec.offset;
		problem = event_build_values(scan->tupdesc, scan->colmap, &rec,
									 &scan->fields, scan->path, scan->echo_values,
									 values, nulls, problembuf, sizeof(problembuf));
		scan->ctx_record = -1;
		MemoryContextSwitchTo(old);
		if (problem)
		{
			scan_bad_record(scan, &rec, problem);
			continue;
		}
		scan->events++;
		return true;
	}
}

/*
 * Produce the next event into values/nulls (laid out as the scan's tuple
 * descriptor).  Returns false when the location is exhausted.  One error
 * context callback covers reading records and building rows; an error
 * longjmps past the pop, and the error handling resets the stack.
 */
bool
event_scan_next(EventScan *scan, Datum *values, bool *nulls)
{
	bool		found;

	scan->errcb.callback = scan_error_context;
	scan->errcb.arg = scan;
	scan->errcb.previous = error_context_stack;
	error_context_stack = &scan->errcb;
	found = scan_next_event(scan, values, nulls);
	error_context_stack = scan->errcb.previous;
	return found;
}

/* Start over from the first file */
void
event_scan_rescan(EventScan *scan)
{
	scan_close_file(scan);
	scan_stop(scan);
	scan->walked = 0;
	scan->files = scan->records = scan->events = 0;
	scan->skipped_records = scan->skipped_files = scan->bytes = 0;
	scan->worker_files = scan->worker_records = scan->worker_bytes = 0;
	scan->worker_skipped_records = scan->worker_skipped_files = 0;
	memset(&scan->worker_source, 0, sizeof(scan->worker_source));
	scan->published = false;
	scan->first_problem = NULL;
	scan->object_skips = NIL;
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
		return psprintf("%d objects from \"%s\" on", n, (char *) linitial(scan->opts.objects));
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

/* Counters for EXPLAIN ANALYZE */
void
event_scan_explain_counts(EventScan *scan, int64 *files, int64 *records,
						  int64 *events, int64 *skipped_records,
						  int64 *skipped_files, int64 *bytes)
{
	*files = scan->files + scan->worker_files;
	*records = scan->records + scan->worker_records;
	*events = scan->events;
	*skipped_records = scan->skipped_records + scan->worker_skipped_records;
	*skipped_files = scan->skipped_files + scan->worker_skipped_files;
	*bytes = scan->bytes + scan->worker_bytes +
		(scan->reading ? scan_raw_bytes(scan) : 0);
}

/* Folders and files of a local walk that pruning skipped */
void
event_scan_local_pruned(EventScan *scan, int64 *folders, int64 *files)
{
	SourceCounts counts;

	*folders = *files = 0;
	if (scan->is_s3)
		return;
	source_counts(scan->source, &counts);
	*folders = counts.pruned;
	*files = counts.pruned_files;
}

/* S3 counters for EXPLAIN ANALYZE; false for local scans */
bool
event_scan_s3_counts(EventScan *scan, int64 *listed, int64 *requests,
					 int64 *retries, int64 *pruned)
{
	SourceCounts counts;

	if (!scan->is_s3)
		return false;
	source_counts(scan->source, &counts);
	/* each participant of a parallel scan lists every key */
	*listed = Max(counts.listed, scan->worker_source.listed);
	*requests = counts.requests + scan->worker_source.requests;
	*retries = counts.retries + scan->worker_source.retries;
	*pruned = Max(counts.pruned, scan->worker_source.pruned);
	return true;
}

/* Prune the walk with filter: before the first next, or after a rescan */
void
event_scan_set_filter(EventScan *scan, struct TrailFilter *filter,
					  const RecordQuals *quals)
{
	scan->opts.filter = filter;
	scan->opts.quals = quals;
}

/* Release the scan: files, walk and all memory */
void
event_scan_end(EventScan *scan)
{
	if (scan == NULL)
		return;
	scan_close_file(scan);
	scan_stop(scan);
	if (scan->reader_ready)
		record_reader_end(&scan->reader);
	MemoryContextDelete(scan->scan_cxt);
}
