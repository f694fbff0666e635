/*-------------------------------------------------------------------------
 *
 * source.c
 *	  A document held in memory (parse_events) as a source of one object.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"

#include "source.h"

typedef struct MemorySource
{
	Source		src;
	const char *data;
	size_t		len;
	size_t		pos;
	const char *name;
	bool		given;			/* next named the document already */
} MemorySource;

static char *
memory_next(Source *src, char **skip_reason)
{
	MemorySource *ms = (MemorySource *) src;

	(void) skip_reason;
	if (ms->given)
		return NULL;
	ms->given = true;
	return pstrdup(ms->name);
}

static bool
memory_open(Source *src, const char *name)
{
	MemorySource *ms = (MemorySource *) src;

	(void) name;
	ms->pos = 0;
	return true;
}

/* CoreReadFn over the document */
static ssize_t
memory_read(void *arg, unsigned char *buf, size_t len, char *errbuf,
			size_t errlen)
{
	MemorySource *ms = arg;
	size_t		n = Min(len, ms->len - ms->pos);

	(void) errbuf;
	(void) errlen;
	CHECK_FOR_INTERRUPTS();
	memcpy(buf, ms->data + ms->pos, n);
	ms->pos += n;
	return (ssize_t) n;
}

static void
memory_close(Source *src)
{
	(void) src;
}

static void
memory_end(Source *src)
{
	pfree(src);
}

static void
memory_counts(Source *src, SourceCounts *out)
{
	(void) src;
	(void) out;
}

static const SourceOps memory_ops = {
	memory_next, memory_open, memory_read, memory_close, memory_end,
	memory_counts
};

/* data (len bytes, kept by the caller) as the one object name */
Source *
source_memory_begin(const char *data, size_t len, const char *name)
{
	MemorySource *ms = palloc0(sizeof(MemorySource));

	ms->src.ops = &memory_ops;
	ms->src.read_arg = ms;
	ms->data = data;
	ms->len = len;
	ms->name = name;
	return &ms->src;
}
