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
#include "utils/memutils.h"

#include "event_scan_int.h"


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
	if (scan->source_cfg.document)
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
 * Scan the files or objects a location names, or the objects named (local
 * paths or s3:// URLs, all of one kind), as userid, who needs for each what
 * a location naming it would need.  When that is not the role running the
 * query (a view's owner, say), errors quote no record values: the role may
 * see only some columns.
 */
EventScan *
event_scan_begin(const ScanOptions *opts, TupleDesc tupdesc,
				 const char *relname, Oid userid)
{
	EventScan  *scan;
	SourceConfig cfg;
	const SourceKind *kind;

	if (opts->objects == NIL && opts->location == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FDW_OPTION_NAME_NOT_FOUND),
				 errmsg("no location given for \"%s\"", relname)));
	source_config_init(&cfg);
	cfg.location = opts->location;
	cfg.objects = opts->objects;
	cfg.serverid = opts->serverid;
	cfg.userid = userid;
	cfg.skip_errors = opts->skip_errors;
	kind = source_kind(&cfg);
	kind->check(&cfg);
	scan = scan_create(opts, tupdesc, relname);
	scan->source_cfg = cfg;
	scan->source_cfg.location = scan->opts.location;
	scan->source_cfg.objects = scan->opts.objects;
	scan->kind = kind;
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

	scan->source_cfg.filter = scan->opts.filter;
	scan->source = scan->kind->begin(&scan->source_cfg);
	/* the participants share one walk, or each lists and claims objects */
	if (scan->claims)
		source_share(scan->source, event_scan_claim, scan,
					 event_scan_shared_area(scan->claims));
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

	if (scan->noticed_empty || scan->opts.location == NULL)
		return;
	source_counts(scan->source, &counts);
	/* who walked says it: the lister of a shared walk, else the leader */
	if (counts.walk_role == SOURCE_WALKED_BY_ANOTHER ||
		(counts.walk_role == SOURCE_WALKED_ITSELF && IsParallelWorker()))
		return;
	if (counts.found + counts.pruned + counts.pruned_files > 0)
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

	source_config_init(&scan->source_cfg);
	scan->source_cfg.document = data;
	scan->source_cfg.document_len = len;
	scan->kind = source_kind(&scan->source_cfg);
	return scan;
}

/*
 * Read records from a new source: the first file sets the reader up, the
 * next ones restart it with its buffers and zlib state kept
 */
static void
scan_reader_open(EventScan *scan, CoreReadFn read, void *arg)
{
	if (scan->reader_ready)
		core_record_reader_restart(&scan->reader, read, arg);
	else
		core_record_reader_init(&scan->reader, read, arg, &scan->reader_alloc,
						   scan->opts.max_record_size, IOTATRAIL_MAX_DEPTH);
	core_record_reader_set_inflate_limit(&scan->reader,
									(size_t) iotatrail_inflate_whole_limit * 1024);
	scan->reader_ready = true;
}

/* Bytes read from the current file (compressed ones when gzip'd) */
static int64
event_scan_raw_bytes(EventScan *scan)
{
	RecordReaderStats stats;

	core_record_reader_stats(&scan->reader, &stats);
	return (int64) stats.raw_bytes;
}

/* Close the current file (the reader is kept for the next one) */
static void
scan_close_file(EventScan *scan)
{
	if (scan->reading)
		scan->bytes += event_scan_raw_bytes(scan);
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
		SourceSkip	skip;
		char	   *walked;
		char	   *path;

		/* the source keeps its own state; what a next leaves is the file's */
		old = MemoryContextSwitchTo(scan->file_cxt);
		walked = source_next(scan->source, &skip);
		MemoryContextSwitchTo(old);
		if (walked == NULL)
		{
			scan_notice_if_empty(scan);
			return false;
		}
		if (skip.kind != SOURCE_SKIP_NONE)
		{
			if (!scan->opts.skip_errors)
				source_skip_error(walked, &skip);
			event_scan_skip(scan, walked, true, "%s", skip.reason);
			pfree(skip.reason);
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
			event_scan_skip(scan, path, true, "could not open file \"%s\" for reading: %m", path);
			pfree(path);
			continue;
		}
		/* parse_events input has no source object to name */
		scan->path = scan->source_cfg.document ? NULL : path;
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
	CoreError	code = core_record_reader_error(&scan->reader, &err);

	/* a source that fails is reported as damaged bytes, like bad gzip */
	bool		gzip = core_error_is_gzip(code) || code == CORE_ERR_READ;
	bool		empty = code == CORE_ERR_EMPTY_INPUT;

	scan->ctx_record = err.record;
	scan->ctx_offset = err.offset;
	if (!scan->opts.skip_errors)
	{
		/* the error context names the file, the record and the offset */
		if (empty)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_JSON_TEXT),
					 errmsg("empty log file"),
					 err.offset == 0 ?
					 errdetail("Expected a CloudTrail JSON document, found no bytes.") :
					 errdetail("Expected a CloudTrail JSON document, found only %llu bytes of whitespace.",
							   (unsigned long long) err.offset)));
		ereport(ERROR,
				(errcode(gzip ? ERRCODE_DATA_CORRUPTED : ERRCODE_INVALID_JSON_TEXT),
				 gzip ? errmsg("invalid gzip data") :
				 errmsg("invalid CloudTrail JSON document"),
				 errdetail("%s", core_detail_sentence(err.detail)),
				 code == CORE_ERR_KEY_TOO_LARGE ?
				 errhint("Raise the option max_record_size, or use the option on_error 'skip' to skip what cannot be read and count it.") :
				 errhint("Use the option on_error 'skip' to skip what cannot be read and count it.")));
	}
	event_scan_skip(scan, scan->display, true, "%s in log file \"%s\", record %d, byte offset %llu: %s",
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
	event_scan_skip(scan, scan->display, false, "invalid CloudTrail record in log file \"%s\", record %d, byte offset %llu: %s",
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
	if (scan->opts.quals && !core_record_quals_may_pass(scan->opts.quals, &scan->fields))
		return false;
	if (scan->sources == NULL)
		return true;
	if (v.type == JT_STRING)
	{
		for (char **s = scan->sources; *s; s++)
			if (core_json_string_is(v, *s))
				return true;
		return false;
	}
	if (v.type == JT_ABSENT || v.type == JT_NULL)
		return false;
	{
		char		problem[128];

		snprintf(problem, sizeof(problem),
				 "field \"eventSource\" is %s, expected a string",
				 core_json_type_name(v.type));
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
				event_scan_publish_counts(scan);
				return false;
			}
			continue;
		}
		MemoryContextReset(scan->record_cxt);
		r = core_record_reader_next(&scan->reader, &rec);
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
		core_record_scan_top(rec.data, rec.len, rec.members, rec.nmembers, &scan->fields);
		if (!scan_source_matches(scan, &rec, &bad))
			continue;
		core_record_scan_nested(&scan->fields);

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
	scan->files = scan->records = scan->events = 0;
	scan->skipped_records = scan->skipped_files = scan->bytes = 0;
	scan->worker_files = scan->worker_records = scan->worker_bytes = 0;
	scan->worker_skipped_records = scan->worker_skipped_files = 0;
	memset(&scan->worker_source, 0, sizeof(scan->worker_source));
	scan->published = false;
	scan->first_problem = NULL;
	scan->object_skips = NIL;
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
		(scan->reading ? event_scan_raw_bytes(scan) : 0);
}

/*
 * What the source counted (and the workers' sources), as its kind names it
 * for EXPLAIN ANALYZE; pruning describes what the plan pruned by
 */
void
event_scan_explain_source(EventScan *scan, const char *pruning,
						  SourceExplainFn prop, void *arg)
{
	SourceCounts counts;

	source_counts(scan->source, &counts);
	/* each participant of a parallel scan walks or lists everything */
	counts.listed = Max(counts.listed, scan->worker_source.listed);
	counts.pruned = Max(counts.pruned, scan->worker_source.pruned);
	counts.pruned_files = Max(counts.pruned_files, scan->worker_source.pruned_files);
	counts.requests += scan->worker_source.requests;
	counts.retries += scan->worker_source.retries;
	scan->kind->explain(&counts, pruning, prop, arg);
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
		core_record_reader_end(&scan->reader);
	MemoryContextDelete(scan->scan_cxt);
}
