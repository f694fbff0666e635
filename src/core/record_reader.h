/*-------------------------------------------------------------------------
 *
 * record_reader.h
 *	  From raw file bytes to CloudTrail records, whatever the input shape.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_RECORD_READER_H
#define IOTATRAIL_RECORD_READER_H

#include "gzip_stream.h"
#include "json_split.h"

/* One record as found in its file */
typedef struct EventRecord
{
	const char *data;			/* the record's JSON object text */
	size_t		len;
	uint64_t	offset;			/* uncompressed byte offset in the file */
	int			index;			/* 0-based position in the file */
	const char *problem;		/* non-NULL: a bad record, data is NULL */
	CoreError	error;			/* with problem: its kind */
	const JsonMember *members;	/* its top-level members, or NULL */
	int			nmembers;
} EventRecord;

/* Why the input could not be read on, from core_record_reader_error */
typedef struct RecordReaderError
{
	CoreError	code;			/* CORE_OK: nothing went wrong */
	const char *detail;			/* the particular case ("" with CORE_OK);
								 * valid until the reader reads again */
	uint64_t	offset;			/* uncompressed byte offset where it was
								 * found */
	int			record;			/* index of the record it was found in: as
								 * many came before it */
} RecordReaderError;

/* What the reader has read of the current source, from core_record_reader_stats */
typedef struct RecordReaderStats
{
	uint64_t	raw_bytes;		/* bytes read from the source (compressed
								 * ones when gzip) */
	uint64_t	bytes;			/* uncompressed bytes */
	bool		gzip;			/* the source is gzip'd */
	bool		inflated_whole;	/* ... and the one-call inflater served
								 * all of it (else zlib streamed it) */
	int			documents;		/* top-level JSON values begun */
	int			items;			/* items handed out: records, bad records
								 * and digest documents */
	int			digests_skipped;	/* CloudTrail digest documents skipped */
} RecordReaderStats;

/*
 * The reader's state.  Callers may embed it (a scan keeps one for all its
 * files), but its fields are private: use the functions below.
 */
typedef struct RecordReader
{
	const CoreAllocator *mem;
	GzipStream	gz;
	JsonSplitter sp;
	size_t		max_record;
	int			max_depth;
	char	   *decoded;		/* lookup-events: the decoded record string */
	size_t		decoded_cap;
	int			digests_skipped;
	CoreError	error;			/* after core_record_reader_next returned -1 */
	char		errmsg[CORE_ERRLEN];
	uint64_t	err_offset;
	int			err_record;
} RecordReader;

extern void core_record_reader_init(RecordReader *rr, CoreReadFn read, void *arg,
							   const CoreAllocator *mem, size_t max_record,
							   int max_depth);
extern void core_record_reader_restart(RecordReader *rr, CoreReadFn read, void *arg);
extern int	core_record_reader_next(RecordReader *rr, EventRecord *rec);
extern void core_record_reader_set_inflate_limit(RecordReader *rr, size_t limit);
extern const char *core_record_reader_inflater(const RecordReader *rr);
extern void core_record_reader_end(RecordReader *rr);
extern CoreError core_record_reader_error(const RecordReader *rr,
									 RecordReaderError *err);
extern void core_record_reader_stats(const RecordReader *rr,
								RecordReaderStats *stats);

#endif							/* IOTATRAIL_RECORD_READER_H */
