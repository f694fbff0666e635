/*-------------------------------------------------------------------------
 *
 * core_palloc.c
 *	  The byte-level core inside the backend: its allocator (palloc) and
 *	  its explanations turned into errdetail sentences.
 *
 * The core (src/core/) takes its memory from a CoreAllocator; this one puts
 * it in a memory context, so an ERROR frees it with the context and nothing
 * the core holds can leak.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "core.h"
#include "backend_support.h"

/*
 * Core allocator over palloc: in the memory context given as ctx, or the
 * current one when ctx is NULL.
 */
static void *
core_palloc(void *ctx, size_t size)
{
	return MemoryContextAllocHuge(ctx ? (MemoryContext) ctx : CurrentMemoryContext, size);
}

static void *
core_repalloc(void *ctx, void *ptr, size_t size)
{
	(void) ctx;
	return repalloc_huge(ptr, size);
}

static void
core_pfree(void *ctx, void *ptr)
{
	(void) ctx;
	pfree(ptr);
}

/* The core's allocator in the current memory context */
const CoreAllocator palloc_core_allocator = {core_palloc, core_repalloc, core_pfree, NULL};

/*
 * The core's explanations are lowercase fragments; errdetail wants a
 * sentence, so capitalize the first letter and end with a period.
 */
char *
core_detail_sentence(const char *fragment)
{
	size_t		len = strlen(fragment);
	char	   *s = palloc(len + 2);

	memcpy(s, fragment, len + 1);
	if (len > 0 && s[0] >= 'a' && s[0] <= 'z')
		s[0] = s[0] - 'a' + 'A';
	if (len == 0 || s[len - 1] != '.')
	{
		s[len] = '.';
		s[len + 1] = '\0';
	}
	return s;
}
