/*-------------------------------------------------------------------------
 *
 * record_reader.c
 *	  Detect the input shape by content and hand out one record at a time.
 *
 * Shapes: trail log files and the console's Event history download
 * ({"Records":[...]}), NDJSON and concatenated documents, a single record,
 * `aws cloudtrail lookup-events` output ({"Events":[{"CloudTrailEvent":
 * "<record as a JSON string>"}]}) and EventBridge envelopes ("detail").
 * Each may be gzip'd.  Digest documents are skipped: they list log files,
 * they are not events.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "record_reader.h"
#include "record_scan.h"

#define READ_CHUNK (256 * 1024)

/* Splitter input: uncompressed bytes from the gzip stream */
static ssize_t
reader_inflate(void *arg, unsigned char *buf, size_t len, char *errbuf,
			   size_t errlen)
{
	RecordReader *rr = (RecordReader *) arg;
	ssize_t		n = core_gzip_stream_read(&rr->gz, buf, len);

	if (n < 0)
	{
		const char *detail;

		(void) core_gzip_stream_error(&rr->gz, &detail);
		snprintf(errbuf, errlen, "%s", detail);
	}
	return n;
}

/* Prepare a reader over a raw byte source (plain or gzip) */
void
core_record_reader_init(RecordReader *rr, CoreReadFn read, void *arg,
				   const CoreAllocator *mem, size_t max_record, int max_depth)
{
	memset(rr, 0, sizeof(*rr));
	rr->mem = mem;
	rr->max_record = max_record;
	rr->max_depth = max_depth;
	core_gzip_stream_init(&rr->gz, read, arg, mem, READ_CHUNK);
	core_gzip_stream_set_whole_limit(&rr->gz, GZIP_WHOLE_DEFAULT_LIMIT);
	core_json_split_init(&rr->sp, reader_inflate, rr, mem, max_record, max_depth);
}

/*
 * Read a new source with a reader that has read another: its buffers and
 * zlib state are kept (see core_gzip_stream_restart), everything else starts
 * over as after core_record_reader_init
 */
void
core_record_reader_restart(RecordReader *rr, CoreReadFn read, void *arg)
{
	char	   *decoded = rr->decoded;
	size_t		decoded_cap = rr->decoded_cap;

	core_gzip_stream_restart(&rr->gz, read, arg);
	core_json_split_restart(&rr->sp, reader_inflate, rr);
	rr->decoded = decoded;
	rr->decoded_cap = decoded_cap;
	rr->digests_skipped = 0;
	rr->error = CORE_OK;
	rr->errmsg[0] = '\0';
	rr->err_offset = 0;
	rr->err_record = 0;
}

/*
 * Gzip members up to limit bytes uncompressed are inflated in one call when
 * the build has libdeflate (GZIP_WHOLE_DEFAULT_LIMIT unless set); 0: zlib
 * streams everything.  Takes effect from the next source.
 */
void
core_record_reader_set_inflate_limit(RecordReader *rr, size_t limit)
{
	core_gzip_stream_set_whole_limit(&rr->gz, limit);
}

/* The inflater tried first on gzip input: "libdeflate" or "zlib" */
const char *
core_record_reader_inflater(const RecordReader *rr)
{
	return core_gzip_stream_inflater(&rr->gz);
}

/* Release everything the reader holds */
void
core_record_reader_end(RecordReader *rr)
{
	core_json_split_end(&rr->sp);
	core_gzip_stream_end(&rr->gz);
	if (rr->decoded)
		rr->mem->free(rr->mem->ctx, rr->decoded);
	rr->decoded = NULL;
}

/* In-memory source for re-splitting a decoded CloudTrailEvent string */
typedef struct MemSource
{
	const char *p;
	size_t		len;
	size_t		pos;
} MemSource;

static ssize_t
mem_read(void *arg, unsigned char *buf, size_t len, char *errbuf, size_t errlen)
{
	MemSource  *ms = (MemSource *) arg;
	size_t		n = ms->len - ms->pos;

	(void) errbuf;
	(void) errlen;
	if (n > len)
		n = len;
	memcpy(buf, ms->p + ms->pos, n);
	ms->pos += n;
	return (ssize_t) n;
}

/* Mark rec as a bad record */
static void
reader_problem(EventRecord *rec, CoreError code, const char *problem)
{
	rec->data = NULL;
	rec->len = 0;
	rec->problem = problem;
	rec->error = code;
}

/*
 * A lookup-events element carries the record as a JSON string: decode it,
 * then validate it with a splitter of its own.  Sets rec->problem when it
 * is not exactly one record.
 */
static void
reader_unwrap_string(RecordReader *rr, JsonSlice s, EventRecord *rec)
{
	size_t		need = JSON_DECODE_MAX(s.len);
	size_t		n;
	MemSource	ms;
	JsonSplitter inner;
	SplitItem	item;
	int			r;

	if (need > rr->decoded_cap)
	{
		if (rr->decoded)
			rr->mem->free(rr->mem->ctx, rr->decoded);
		rr->decoded = rr->mem->alloc(rr->mem->ctx, need);
		rr->decoded_cap = need;
	}
	n = core_json_string_decode(s, rr->decoded);
	ms.p = rr->decoded;
	ms.len = n;
	ms.pos = 0;
	core_json_split_init(&inner, mem_read, &ms, rr->mem, rr->max_record, rr->max_depth);
	r = core_json_split_next(&inner, &item);
	if (r == 1 && item.problem == NULL && item.kind == SPLIT_DOCUMENT &&
		core_looks_like_record(item.data, item.len))
	{
		SplitItem	extra;

		/* the record lives in rr->decoded; point into it */
		rec->data = rr->decoded + (item.data - (const char *) inner.buf) + inner.base;
		rec->len = item.len;
		/* the string must hold nothing after the record */
		if (core_json_split_next(&inner, &extra) != 0)
			reader_problem(rec, CORE_ERR_EMBEDDED_JSON,
						   "\"CloudTrailEvent\" holds more than one JSON value");
	}
	else if (r < 0)
		reader_problem(rec, CORE_ERR_EMBEDDED_JSON,
					   "\"CloudTrailEvent\" is not valid JSON");
	else
		reader_problem(rec, CORE_ERR_NOT_A_RECORD,
					   "\"CloudTrailEvent\" does not hold a CloudTrail record");
	core_json_split_end(&inner);
}

/* Hand out data as the record, or problem when it is not a record */
static void
reader_take_record(EventRecord *rec, const char *data, size_t len,
				   const char *problem)
{
	if (core_looks_like_record(data, len))
	{
		rec->data = data;
		rec->len = len;
	}
	else
		reader_problem(rec, CORE_ERR_NOT_A_RECORD, problem);
}

/*
 * Corrupt deflate data often inflates to garbage before zlib notices; when
 * the JSON breaks inside a gzip stream, read the stream to its end so a
 * damaged file is reported as such rather than as bad JSON.
 */
static void
reader_check_gzip(RecordReader *rr)
{
	unsigned char tmp[16384];
	const char *detail;
	CoreError	code;

	if (!rr->gz.is_gzip)
		return;
	while (!rr->gz.failed && core_gzip_stream_read(&rr->gz, tmp, sizeof(tmp)) > 0)
		;
	code = core_gzip_stream_error(&rr->gz, &detail);
	if (code != CORE_OK)
	{
		rr->error = code;
		snprintf(rr->errmsg, sizeof(rr->errmsg), "%s", detail);
	}
}

/*
 * Next record.  Returns 1 with *rec (valid until the next call; check
 * rec->problem), 0 at the end of input, -1 when the input itself is broken
 * (core_record_reader_error says why and where); nothing can be read after -1.
 */
int
core_record_reader_next(RecordReader *rr, EventRecord *rec)
{
	for (;;)
	{
		SplitItem	item;
		JsonSlice	inner = {NULL, 0, JT_ABSENT};
		int			r = core_json_split_next(&rr->sp, &item);

		if (r <= 0)
		{
			if (r < 0)
			{
				const char *detail;

				rr->error = core_json_split_error(&rr->sp, &detail, &rr->err_offset);
				snprintf(rr->errmsg, sizeof(rr->errmsg), "%s", detail);
				rr->err_record = rr->sp.items;
				/* the splitter's source failing is the gzip stream failing */
				reader_check_gzip(rr);
			}
			return r;
		}
		memset(rec, 0, sizeof(*rec));
		rec->offset = item.offset;
		rec->index = item.index;
		if (item.problem)
		{
			reader_problem(rec, item.error, item.problem);
			return 1;
		}
		switch (item.kind)
		{
			case SPLIT_RECORDS_ELEMENT:
				/* the fast pass listed its members: no second look */
				if (item.members &&
					core_members_look_like_record(item.members, item.nmembers))
				{
					rec->data = item.data;
					rec->len = item.len;
					rec->members = item.members;
					rec->nmembers = item.nmembers;
					return 1;
				}
				reader_take_record(rec, item.data, item.len,
								   "the object in \"Records\" is not a CloudTrail record: expected \"eventVersion\" or \"eventTime\" and \"eventID\"");
				return 1;

			case SPLIT_EVENTS_ELEMENT:
				if (core_classify_document(item.data, item.len, &inner) != DOC_LOOKUP_EVENT)
				{
					reader_problem(rec, CORE_ERR_NOT_A_RECORD,
								   "the object in \"Events\" has no \"CloudTrailEvent\" string");
					return 1;
				}
				reader_unwrap_string(rr, inner, rec);
				return 1;

			case SPLIT_DOCUMENT:
				switch (core_classify_document(item.data, item.len, &inner))
				{
					case DOC_RECORD:
						rec->data = item.data;
						rec->len = item.len;
						return 1;
					case DOC_EVENTBRIDGE:
						reader_take_record(rec, inner.p, inner.len,
										   "the EventBridge \"detail\" is not a CloudTrail record");
						return 1;
					case DOC_LOOKUP_EVENT:
						reader_unwrap_string(rr, inner, rec);
						return 1;
					case DOC_DIGEST:
						rr->digests_skipped++;
						continue;
					case DOC_UNKNOWN:
						reader_problem(rec, CORE_ERR_NOT_A_RECORD,
									   "the JSON document is not CloudTrail: expected a \"Records\" or \"Events\" list, a record with \"eventVersion\", or an EventBridge envelope with \"detail\"");
						return 1;
				}
		}
	}
}

/*
 * Why core_record_reader_next returned -1: the kind of error, what exactly and
 * where (err may be NULL).  CORE_OK while it has not.
 */
CoreError
core_record_reader_error(const RecordReader *rr, RecordReaderError *err)
{
	if (err)
	{
		err->code = rr->error;
		err->detail = rr->errmsg;
		err->offset = rr->err_offset;
		err->record = rr->err_record;
	}
	return rr->error;
}

/* Counters of the source being read (they start over with a restart) */
void
core_record_reader_stats(const RecordReader *rr, RecordReaderStats *stats)
{
	stats->raw_bytes = core_gzip_stream_raw_bytes(&rr->gz);
	stats->bytes = rr->gz.out_bytes;
	stats->gzip = rr->gz.is_gzip;
	stats->inflated_whole = rr->gz.whole_state == GZIP_WHOLE_SERVED;
	stats->documents = rr->sp.documents;
	stats->items = rr->sp.items;
	stats->digests_skipped = rr->digests_skipped;
}
