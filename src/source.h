/*-------------------------------------------------------------------------
 *
 * source.h
 *	  Where a scan's bytes come from: the objects of a location, one after
 *	  another, behind one small table of functions.  Local files (a walk,
 *	  or one file), S3 objects (a listing, or one key fetched directly) and
 *	  a document held in memory (parse_events) all look alike to the scan
 *	  and to digest validation; the record reader reads the open object
 *	  through the source's CoreReadFn.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_SOURCE_H
#define IOTATRAIL_SOURCE_H

#include "postgres.h"

#include "nodes/pg_list.h"

#include "core.h"

/* What a source counts, for EXPLAIN ANALYZE and the empty-location notice */
typedef struct SourceCounts
{
	int64		listed;			/* S3: keys listed */
	int64		requests;		/* S3: requests sent, retries included */
	int64		retries;		/* S3: of them, retries */
	int64		pruned;			/* S3: keys and prefixes pruned; local:
								 * folders */
	int64		pruned_files;	/* local: files delivered before the range */
} SourceCounts;

typedef struct Source Source;

typedef struct SourceOps
{
	/*
	 * The next object's name (in the current memory context), or NULL after
	 * the last.  *skip_reason is set (and the object not to be opened) when
	 * the walk found it unreadable.
	 */
	char	   *(*next) (Source *src, char **skip_reason);
	/* Open the object next named; false (errno set) when it cannot be */
	bool		(*open) (Source *src, const char *name);
	/* The open object's bytes, as the record reader asks: read_arg is its */
	CoreReadFn	read;
	/* Finish with the open object */
	void		(*close) (Source *src);
	/* Release the source and everything it holds */
	void		(*end) (Source *src);
	void		(*counts) (Source *src, SourceCounts *out);
} SourceOps;

/* Each kind embeds this first */
struct Source
{
	const SourceOps *ops;
	void	   *read_arg;		/* for ops->read */
};

static inline char *
source_next(Source *src, char **skip_reason)
{
	*skip_reason = NULL;
	return src->ops->next(src, skip_reason);
}

static inline bool
source_open(Source *src, const char *name)
{
	return src->ops->open(src, name);
}

static inline ssize_t
source_read(Source *src, unsigned char *buf, size_t len, char *errbuf,
			size_t errlen)
{
	return src->ops->read(src->read_arg, buf, len, errbuf, errlen);
}

static inline void
source_close(Source *src)
{
	src->ops->close(src);
}

static inline void
source_end(Source *src)
{
	if (src)
		src->ops->end(src);
}

static inline void
source_counts(Source *src, SourceCounts *out)
{
	memset(out, 0, sizeof(*out));
	if (src)
		src->ops->counts(src, out);
}

struct TrailFilter;
struct S3Config;

/* in source_file.c: a walk of a local location, or one local file */
extern Source *source_files_begin(const char *location,
								  const struct TrailFilter *filter);
extern Source *source_file_object(const char *path);
extern Source *source_file_list(List *paths);
extern void source_files_position(Source *src, const char *path,
								  int *root_no, const char **below);

/* in s3_scan.c: the objects under an s3:// location, or one key */
extern Source *source_s3_begin(const struct S3Config *cfg,
							   const char *location, bool skip_errors,
							   const struct TrailFilter *filter);
extern Source *source_s3_object(const struct S3Config *cfg, const char *url);
extern Source *source_s3_list(const struct S3Config *cfg, List *urls,
							  bool skip_errors);
extern const char *source_s3_signature(Source *src);

/* Whether a participant of a parallel scan takes the object at position */
typedef bool (*SourceClaimFn) (void *arg, const char *position);
extern void source_s3_share(Source *src, SourceClaimFn claim, void *arg);

/* in source.c: a document held in memory */
extern Source *source_memory_begin(const char *data, size_t len,
								   const char *name);

#endif							/* IOTATRAIL_SOURCE_H */
