/*-------------------------------------------------------------------------
 *
 * iotatrail.h
 *	  The index of the backend (the .c files of src/): its declarations,
 *	  grouped by the file that defines them.
 *
 * The byte-level core (src/core/) is not declared here: a file that uses
 * its types includes the core header it needs (record_reader.h, ...), so
 * the core's headers and zlib.h stay out of the rest of the backend.
 *
 * Glossary (used the same way in every file):
 *	trail		a CloudTrail configuration that delivers log files
 *	log file	one delivered file (gzip'd JSON), or any file a user points at
 *	object		a log file in S3; "source object" is a file path or URL
 *	record		one JSON object in a log file, as CloudTrail wrote it
 *	event		a record turned into a typed row (iotatrail.event)
 *	location	what the user names: a file, a directory, a glob or a URL
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_H
#define IOTATRAIL_H

#include "postgres.h"

#include <sys/stat.h>

#include "access/tupdesc.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "foreign/fdwapi.h"

#include "backend_support.h"
#include "options.h"
#include "source.h"

/* types of the core, by their struct tags (see core.h, record_reader.h) */
struct CoreAllocator;
struct EventRecord;
struct RecordFields;
struct RecordQuals;

#define IOTATRAIL_MAX_DEPTH 512

/* in guc.c: the iotatrail.location and iotatrail.pushdown settings */
extern char *iotatrail_default_location;
extern bool iotatrail_pushdown;
extern int	iotatrail_inflate_whole_limit;

/* in fdw_options.c */
extern void iotatrail_get_table_options(Oid relid, ScanOptions *opts);
extern void iotatrail_parse_option(ScanOptions *opts, const char *name,
								   const char *value);
extern void iotatrail_init_options(ScanOptions *opts);
extern void iotatrail_require_location(const ScanOptions *opts);
extern void iotatrail_check_location_chooser(const ScanOptions *opts);

/* in event_columns.c */
typedef struct EventColumn EventColumn;

/*
 * The columns whose WHERE conditions the scan uses (fdw_prune.c): to leave
 * out key prefixes of a trail (event_time, aws_region,
 * recipient_account_id) and records before their columns are built
 */
typedef enum EventPrune
{
	EP_NONE,
	EP_EVENT_TIME,
	EP_REGION,
	EP_ACCOUNT,
	EP_EVENT_NAME,
	EP_ERROR_CODE
} EventPrune;

extern int	event_column_count(void);
extern const char *event_column_name(int col);
extern Oid	event_column_type(int col);
extern const char *event_column_comment(int col);
extern EventPrune event_column_prune(const char *name, Oid type);
extern const char *event_prune_column_name(EventPrune pc);
extern int	event_column_lookup(const char *name);
extern int *event_columns_map(TupleDesc tupdesc, const char *relname);
extern char *event_columns_sql(void);
extern const char *event_build_values(TupleDesc tupdesc, const int *colmap,
									  const struct EventRecord *rec,
									  const struct RecordFields *fields,
									  const char *source_object,
									  bool echo_values,
									  Datum *values, bool *nulls,
									  char *problem, size_t problemlen);

/* in functions.c */
extern Oid	iotatrail_server_arg(FunctionCallInfo fcinfo, int argno);

/* in jsonb_build.c */
extern Datum jsonb_from_valid_json(const char *p, size_t len,
								   const char **unfit);

/* in fdw_analyze.c */
extern bool iotatrail_analyze_foreign_table(Relation relation,
											AcquireSampleRowsFunc *func,
											BlockNumber *totalpages);

/* in fdw_import.c */
extern List *iotatrail_import_foreign_schema(ImportForeignSchemaStmt *stmt,
											 Oid serverOid);
extern void iotatrail_import_init(void);

/* in event_scan.c */
typedef struct EventScan EventScan;
extern EventScan *event_scan_begin(const ScanOptions *opts, TupleDesc tupdesc,
								   const char *relname, Oid userid);
extern EventScan *event_scan_begin_buffer(const ScanOptions *opts,
										  TupleDesc tupdesc,
										  const char *data, size_t len);
extern void event_scan_project(EventScan *scan, List *attnums);
typedef struct EventScanClaims EventScanClaims;
extern Size event_scan_claims_size(void);
extern void event_scan_claims_init(EventScan *scan, EventScanClaims *claims);
extern void event_scan_share(EventScan *scan, EventScanClaims *claims);
extern void event_scan_unshare(EventScan *scan);
extern bool event_scan_next(EventScan *scan, Datum *values, bool *nulls);
extern void event_scan_rescan(EventScan *scan);
extern void event_scan_end(EventScan *scan);
extern void event_scan_explain_source(EventScan *scan, const char *pruning,
									  SourceExplainFn prop, void *arg);
extern void event_scan_set_filter(EventScan *scan, struct TrailFilter *filter,
								  const struct RecordQuals *quals);
extern void event_scan_report(EventScan *scan);
extern int64 iotatrail_last_skipped_records;
extern int64 iotatrail_last_skipped_files;

/* What the last read_objects scan skipped in one of its objects */
typedef struct ObjectSkips
{
	char	   *object;
	int64		records;		/* bad records skipped */
	bool		unread;			/* not read to its end (or not at all) */
} ObjectSkips;
extern List *iotatrail_last_object_skips;	/* of ObjectSkips * */
extern void event_scan_explain_counts(EventScan *scan, int64 *files,
									  int64 *records, int64 *events,
									  int64 *skipped_records,
									  int64 *skipped_files, int64 *bytes);

/* in fdw_prune.c */
struct PlanState;
extern List *prune_quals_extract(Oid relid, Index relindex, List *scan_clauses,
								 List **exprs);
extern struct TrailFilter *prune_filter_build(struct PlanState *ps, List *kinds,
											  List *exprstates,
											  struct RecordQuals *quals,
											  char **describe);
extern char *prune_columns_describe(List *kinds);

#endif							/* IOTATRAIL_H */
