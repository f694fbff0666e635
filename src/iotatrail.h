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

/* types of the core, by their struct tags (see core.h, record_reader.h) */
struct CoreAllocator;
struct EventRecord;
struct RecordFields;
struct RecordQuals;

#define IOTATRAIL_VERSION "0.2.0"

/* Defaults shared by the FDW and the functions */
#define IOTATRAIL_DEFAULT_EVENT_SOURCE "iotanalytics.amazonaws.com"
#define IOTATRAIL_DEFAULT_MAX_RECORD_SIZE (64 * 1024 * 1024)
#define IOTATRAIL_MAX_DEPTH 512

/* Scan settings, from table options or function arguments */
typedef struct ScanOptions
{
	char	   *location;		/* NULL: none given, or the setting is empty */
	bool		location_setting;	/* location read from iotatrail.location
									 * (table option location_setting) */
	char	   *event_source;	/* NULL: every record ('*') */
	bool		skip_errors;	/* on_error 'skip' */
	size_t		max_record_size;
	Oid			serverid;		/* for s3:// locations; InvalidOid: defaults */
	List	   *objects;		/* of char *: these objects, in this order,
								 * instead of the location's (read_objects) */
	struct TrailFilter *filter; /* key prefixes that can match; NULL: all */
	const struct RecordQuals *quals;	/* WHERE conditions checked on each record
								 * (rechecked by the executor); NULL: none */
} ScanOptions;

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
struct S3Config;
extern struct S3Config *iotatrail_s3_config(Oid serverid, Oid userid);

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

/* in external_text.c */
extern bool external_text_valid(const char *s);
extern char *external_text_escaped(const char *s);

/* in source_file.c */
typedef struct FileWalker FileWalker;
extern void check_local_location(Oid userid, const char *location);
extern bool location_is_local(const char *location);
struct TrailFilter;
extern FileWalker *file_walker_begin(const char *location,
									 const struct TrailFilter *filter);
extern void file_walker_pruned(FileWalker *fw, int64 *folders, int64 *files);
extern void file_walker_want_digests(FileWalker *fw);
extern void file_walker_position(FileWalker *fw, const char *path,
								 int *root_no, const char **below);
extern char *file_walker_next(FileWalker *fw, char **skip_reason);
extern int	file_walker_open(FileWalker *fw, const char *path);
extern int	file_walker_stat(FileWalker *fw, const char *path, struct stat *st);
extern void file_walker_entry_error(const char *skip_reason);
extern void file_walker_end(FileWalker *fw);
extern double local_location_bytes(const char *location, int max_files,
								   int sized_files);
extern int	file_source_open(const char *path);
extern ssize_t file_source_read(void *arg, unsigned char *buf, size_t len,
								char *errbuf, size_t errlen);
extern void file_source_close(int fd);

/* in fdw_analyze.c */
extern bool iotatrail_analyze_foreign_table(Relation relation,
											AcquireSampleRowsFunc *func,
											BlockNumber *totalpages);

/* in fdw_import.c */
extern List *iotatrail_import_foreign_schema(ImportForeignSchemaStmt *stmt,
											 Oid serverOid);
extern void iotatrail_import_init(void);

/* in core_palloc.c */
extern const struct CoreAllocator palloc_core_allocator;
extern char *core_detail_sentence(const char *fragment);

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
extern void event_scan_claims_init(EventScanClaims *claims);
extern void event_scan_share(EventScan *scan, EventScanClaims *claims);
extern void event_scan_unshare(EventScan *scan);
extern bool event_scan_next(EventScan *scan, Datum *values, bool *nulls);
extern void event_scan_rescan(EventScan *scan);
extern void event_scan_end(EventScan *scan);
extern bool event_scan_s3_counts(EventScan *scan, int64 *listed,
								 int64 *requests, int64 *retries,
								 int64 *pruned);
extern void event_scan_local_pruned(EventScan *scan, int64 *folders,
									int64 *files);
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
