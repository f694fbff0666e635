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
	const JsonMember *members;	/* its top-level members, or NULL */
	int			nmembers;
} EventRecord;

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
	char		errmsg[CORE_ERRLEN];
	uint64_t	err_offset;
} RecordReader;

extern void record_reader_init(RecordReader *rr, CoreReadFn read, void *arg,
							   const CoreAllocator *mem, size_t max_record,
							   int max_depth);
extern void record_reader_restart(RecordReader *rr, CoreReadFn read, void *arg);
extern int	record_reader_next(RecordReader *rr, EventRecord *rec);
extern void record_reader_end(RecordReader *rr);

#endif							/* IOTATRAIL_RECORD_READER_H */
