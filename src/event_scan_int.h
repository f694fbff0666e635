/*-------------------------------------------------------------------------
 *
 * event_scan_int.h
 *	  The inside of a scan, shared by its files: event_scan.c (the scan:
 *	  sources, records, rows, errors, EXPLAIN's counters),
 *	  event_scan_parallel.c (the claims and counters of a parallel scan) and
 *	  event_scan_report.c (what was skipped, and the one WARNING for it).
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_EVENT_SCAN_INT_H
#define IOTATRAIL_EVENT_SCAN_INT_H

#include "iotatrail.h"
#include "record_reader.h"
#include "record_scan.h"
#include "source.h"

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
	SourceConfig source_cfg;
	const SourceKind *kind;		/* picked once, from source_cfg */
	bool		started;		/* walk or listing begun (at the first next) */
	bool		noticed_empty;	/* said once that nothing was found */
	Source	   *source;			/* files, S3 objects or the document */
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

/* in event_scan_parallel.c */
extern void *event_scan_shared_area(EventScanClaims *claims);
extern bool event_scan_claim(void *arg, const char *position);
extern void event_scan_publish_counts(EventScan *scan);

/* in event_scan_report.c */
extern void event_scan_skip(EventScan *scan, const char *object, bool whole_file,
							const char *fmt,...) pg_attribute_printf(4, 5);

#endif							/* IOTATRAIL_EVENT_SCAN_INT_H */
