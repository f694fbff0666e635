/*
 * core_malloc.c
 *	  The malloc allocator the core uses outside PostgreSQL (tests, fuzzers).
 */
#include <stdio.h>
#include <stdlib.h>

#include "core.h"

static void *
m_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (p == NULL)
		abort();
	return p;
}

static void *
m_realloc(void *ctx, void *ptr, size_t size)
{
	void	   *p = realloc(ptr, size ? size : 1);

	(void) ctx;
	if (p == NULL)
		abort();
	return p;
}

static void
m_free(void *ctx, void *ptr)
{
	(void) ctx;
	free(ptr);
}

const CoreAllocator core_malloc_allocator = {m_alloc, m_realloc, m_free, NULL};
