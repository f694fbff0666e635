/*-------------------------------------------------------------------------
 *
 * source.c
 *	  The kind of a source, picked once from what a scan is given; the
 *	  errors for objects a source could not read; a document held in memory
 *	  (parse_events) as a source of one object.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"

#include "backend_support.h"
#include "source.h"

void
source_config_init(SourceConfig *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->serverid = InvalidOid;
	cfg->userid = InvalidOid;
	cfg->chooser = InvalidOid;
}

/* Whether a location or object names S3 rather than the local disk */
static bool
names_s3(const char *location)
{
	return strncmp(location, "s3://", 5) == 0;
}

/*
 * The kind of source cfg asks for: a document, S3 (s3://), or local files
 * (an absolute path or glob).  The objects of one scan are of one kind.
 */
const SourceKind *
source_kind(const SourceConfig *cfg)
{
	const char *first;
	ListCell   *lc;

	if (cfg->document)
		return &source_kind_memory;
	first = cfg->objects ? linitial(cfg->objects) : cfg->location;
	foreach(lc, cfg->objects)
	{
		const char *object = lfirst(lc);

		if (names_s3(object) != names_s3(first))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("object \"%s\" is not of the same kind as \"%s\"",
							object, first),
					 errdetail("The objects of one scan are all local files or all s3:// objects.")));
	}
	if (names_s3(first))
		return &source_kind_s3;
	if (strstr(first, "://") != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("location \"%s\" is neither a local path nor an s3:// URL", first),
				 errhint("Give an absolute path, a glob, or s3://bucket/prefix.")));
	return &source_kind_files;
}

/* The source cfg asks for, of the kind it names */
Source *
source_begin(const SourceConfig *cfg)
{
	return source_kind(cfg)->begin(cfg);
}

/* Say why the object next names cannot be read */
void
source_skip_note(SourceSkip *skip, SourceSkipKind kind, int saved_errno,
				 char *reason)
{
	skip->kind = kind;
	skip->saved_errno = saved_errno;
	skip->reason = reason;
}

/*
 * The error for an object a source could not read (on_error 'error'): the
 * file access error the system gave, or why its name cannot be used
 */
void
source_skip_error(const char *name, const SourceSkip *skip)
{
	const char *hint = "Use the option on_error 'skip' to skip entries that cannot be read and count them.";

	errno = skip->saved_errno;
	if (skip->kind == SOURCE_SKIP_OPENDIR)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open directory \"%s\": %m", name),
				 errhint("%s", hint)));
	if (skip->kind == SOURCE_SKIP_STAT)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not stat file \"%s\": %m", name),
				 errhint("%s", hint)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_NAME),
			 errmsg("unusable file name"),
			 errdetail("%s", core_detail_sentence(skip->reason)),
			 errhint("%s", hint)));
	pg_unreachable();
}

/*
 * The shared memory a parallel scan keeps for its source: the most any
 * kind asks for (a scan's kind is known only once it begins)
 */
Size
source_shared_size(void)
{
	const SourceKind *kinds[] = {&source_kind_files, &source_kind_s3, &source_kind_memory};
	Size		size = 0;

	for (int i = 0; i < lengthof(kinds); i++)
		if (kinds[i]->shared_size)
			size = Max(size, kinds[i]->shared_size());
	return size;
}

/* A document held in memory (parse_events) */
typedef struct MemorySource
{
	Source		src;
	const char *data;
	size_t		len;
	size_t		pos;
	bool		given;			/* next named the document already */
} MemorySource;

static char *
memory_next(Source *src, SourceSkip *skip)
{
	MemorySource *ms = (MemorySource *) src;

	if (ms->given)
		return NULL;
	ms->given = true;
	return pstrdup("parse_events input");
}

static bool
memory_open(Source *src, const char *name)
{
	((MemorySource *) src)->pos = 0;
	return true;
}

/* CoreReadFn over the document */
static ssize_t
memory_read(void *arg, unsigned char *buf, size_t len, char *errbuf,
			size_t errlen)
{
	MemorySource *ms = arg;
	size_t		n = Min(len, ms->len - ms->pos);

	CHECK_FOR_INTERRUPTS();
	memcpy(buf, ms->data + ms->pos, n);
	ms->pos += n;
	return (ssize_t) n;
}

static void
memory_close(Source *src)
{
}

static void
memory_end(Source *src)
{
	pfree(src);
}

static void
memory_counts(Source *src, SourceCounts *out)
{
}

static bool
memory_describe(Source *src, const char *name, SourceEntryInfo *info)
{
	info->size = (int64) ((MemorySource *) src)->len;
	return true;
}

static char *
memory_signature(Source *src, const char *name)
{
	return NULL;
}

/* One document: nothing to share, its one participant reads it */
static void
memory_share(Source *src, SourceClaimFn claim, void *arg, void *area)
{
}

static const SourceOps memory_ops = {
	memory_next, memory_open, memory_read, memory_close, memory_end,
	memory_counts, memory_describe, memory_signature, memory_share
};

static void
memory_check(const SourceConfig *cfg)
{
}

/* cfg->document (kept by the caller) as the one object */
static Source *
memory_begin(const SourceConfig *cfg)
{
	MemorySource *ms = palloc0(sizeof(MemorySource));

	ms->src.ops = &memory_ops;
	ms->src.read_arg = ms;
	ms->data = cfg->document;
	ms->len = cfg->document_len;
	return &ms->src;
}

static double
memory_estimate_bytes(const SourceConfig *cfg, int max_files, int sized_files)
{
	return (double) cfg->document_len;
}

static void
memory_explain(const SourceCounts *counts, const char *pruning,
			   SourceExplainFn prop, void *arg)
{
}

const SourceKind source_kind_memory = {
	"memory", false, memory_check, memory_begin, memory_estimate_bytes, memory_explain,
	NULL, NULL
};
