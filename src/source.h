/*-------------------------------------------------------------------------
 *
 * source.h
 *	  Where a scan's bytes come from: the objects of a location, one after
 *	  another, behind one small table of functions.  Local files (a walk,
 *	  or the files named), S3 objects (a listing, or the keys named) and a
 *	  document held in memory (parse_events) all look alike to the scan,
 *	  to list_objects, to ANALYZE and to digest validation.
 *
 *	  The kind is picked once, from the configuration (source_kind): no
 *	  caller asks which kind it has.  Callers include postgres.h first.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_SOURCE_H
#define IOTATRAIL_SOURCE_H

#include "nodes/pg_list.h"

#include "core.h"

struct TrailFilter;

/* What a scan asks a source for */
typedef struct SourceConfig
{
	const char *location;		/* a local path or glob, or s3://bucket/prefix */
	List	   *objects;		/* or the objects named (char *), one kind */
	const char *document;		/* or a document held in memory */
	size_t		document_len;
	Oid			serverid;		/* the iotatrail server, or InvalidOid */
	Oid			userid;			/* whose rights and credentials are used */
	Oid			chooser;		/* who chose the location (iotatrail.location),
								 * when not userid, or InvalidOid */
	bool		skip_errors;	/* on_error 'skip' */
	bool		list_only;		/* name the objects without reading them */
	bool		digests;		/* digest files rather than log files */
	const struct TrailFilter *filter;	/* prune by the trail's layout */
} SourceConfig;

/* Who walked or listed the location for a participant of a parallel scan */
typedef enum SourceWalkRole
{
	SOURCE_WALKED_ITSELF = 0,	/* each participant walks or lists all */
	SOURCE_WALKED_FOR_ALL,		/* a shared walk: this participant walked */
	SOURCE_WALKED_BY_ANOTHER	/* a shared walk: another one did */
} SourceWalkRole;

/* What a source counts, for EXPLAIN ANALYZE and the empty-location notice */
typedef struct SourceCounts
{
	int64		found;			/* objects walked or listed, those another
								 * participant claimed too */
	SourceWalkRole walk_role;
	int64		listed;			/* S3: keys listed */
	int64		requests;		/* S3: requests sent, retries included */
	int64		retries;		/* S3: of them, retries */
	int64		pruned;			/* S3: keys and prefixes pruned; local:
								 * folders */
	int64		pruned_files;	/* local: files delivered before the range */
} SourceCounts;

/* What a listing knows of an object, without reading it */
typedef struct SourceEntryInfo
{
	int64		size;			/* bytes, or -1 when unknown */
	char	   *etag;			/* S3's ETag, or NULL */
	bool		has_file_times; /* local: the fields below are set */
	int64		mtime_us;		/* modification time, microseconds since
								 * 1970, as the file system has it */
	int64		ctime_us;		/* status change time, the same */
	int64		inode;
} SourceEntryInfo;

/*
 * Why an object named by next cannot be read: the text says it to a
 * person (and list_objects' skip_reason); the kind and errno make the
 * error when on_error is 'error'
 */
typedef enum SourceSkipKind
{
	SOURCE_SKIP_NONE = 0,
	SOURCE_SKIP_STAT,			/* the entry could not be looked at */
	SOURCE_SKIP_OPENDIR,		/* a folder could not be opened */
	SOURCE_SKIP_NAME			/* the name cannot be opened or stored */
} SourceSkipKind;

typedef struct SourceSkip
{
	SourceSkipKind kind;
	int			saved_errno;
	char	   *reason;			/* palloc'd sentence fragment */
} SourceSkip;

/* Whether this participant of a parallel scan takes the object at position */
typedef bool (*SourceClaimFn) (void *arg, const char *position);

/* One EXPLAIN property: an integer, or text when text is not NULL */
typedef void (*SourceExplainFn) (void *arg, const char *label,
								 const char *text, int64 value);

typedef struct Source Source;

typedef struct SourceOps
{
	/*
	 * The next object's name (in the current memory context), or NULL after
	 * the last.  skip->kind is set (and the object not to be opened) when it
	 * cannot be read.
	 */
	char	   *(*next) (Source *src, SourceSkip *skip);
	/* Open the object next named; false (errno set) when it cannot be */
	bool		(*open) (Source *src, const char *name);
	/* The open object's bytes, as the record reader asks: read_arg is its */
	CoreReadFn	read;
	/* Finish with the open object */
	void		(*close) (Source *src);
	/* Release the source and everything it holds */
	void		(*end) (Source *src);
	void		(*counts) (Source *src, SourceCounts *out);
	/* What the listing knows of the object next named; false, errno set */
	bool		(*describe) (Source *src, const char *name, SourceEntryInfo *info);
	/* The digest signature of the object open (after its first read), or NULL */
	char	   *(*signature) (Source *src, const char *name);
	/*
	 * Share the objects with the other participants of a parallel scan,
	 * before the first next: each takes only what claim grants, or what a
	 * walk shared in area (the kind's part of the scan's shared memory)
	 * gives it.  All NULL: the shared memory goes, stop sharing.
	 */
	void		(*share) (Source *src, SourceClaimFn claim, void *arg, void *area);
} SourceOps;

/* Each kind embeds this first */
struct Source
{
	const SourceOps *ops;
	void	   *read_arg;		/* for ops->read */
};

/* A kind of source: what is known of a location before it is read */
typedef struct SourceKind
{
	const char *name;
	/* Whether naming a location of this kind reads files of the server */
	bool		names_server_files;
	/* Raise unless the location is well formed and cfg->userid may read it */
	void		(*check) (const SourceConfig *cfg);
	Source	   *(*begin) (const SourceConfig *cfg);
	/* Compressed bytes under the location (planning), or -1 when unknown */
	double		(*estimate_bytes) (const SourceConfig *cfg, int max_files,
								   int sized_files);
	/* The counters, as EXPLAIN ANALYZE names them */
	void		(*explain) (const SourceCounts *counts, const char *pruning,
							SourceExplainFn prop, void *arg);
	/* The kind's shared memory in a parallel scan, or NULLs: none */
	Size		(*shared_size) (void);
	void		(*shared_init) (void *area);
} SourceKind;

extern const SourceKind source_kind_files;
extern const SourceKind source_kind_s3;
extern const SourceKind source_kind_memory;

/* in source.c */
extern void source_config_init(SourceConfig *cfg);
extern const SourceKind *source_kind(const SourceConfig *cfg);
extern Source *source_begin(const SourceConfig *cfg);
extern Size source_shared_size(void);
extern void source_skip_error(const char *name, const SourceSkip *skip);
extern void source_skip_note(SourceSkip *skip, SourceSkipKind kind,
							 int saved_errno, char *reason);

static inline char *
source_next(Source *src, SourceSkip *skip)
{
	memset(skip, 0, sizeof(*skip));
	return src->ops->next(src, skip);
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

static inline bool
source_describe(Source *src, const char *name, SourceEntryInfo *info)
{
	memset(info, 0, sizeof(*info));
	info->size = -1;
	return src->ops->describe(src, name, info);
}

static inline char *
source_signature(Source *src, const char *name)
{
	return src->ops->signature(src, name);
}

static inline void
source_share(Source *src, SourceClaimFn claim, void *arg, void *area)
{
	src->ops->share(src, claim, arg, area);
}

#endif							/* IOTATRAIL_SOURCE_H */
