/*-------------------------------------------------------------------------
 *
 * core.h
 *	  Shared definitions of the byte-level core: the gzip stream, the
 *	  document splitter and the record scanner.
 *
 * Nothing under this header includes PostgreSQL backend headers, so the
 * core builds into unit tests and fuzzers outside the server.  Memory comes
 * from a caller-supplied allocator: inside the backend it is palloc in the
 * scan's memory context (freed on ERROR with the context), outside it is
 * malloc.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_CORE_H
#define IOTATRAIL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Allocation callbacks; alloc and realloc never return NULL (they abort) */
typedef struct CoreAllocator
{
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *(*realloc) (void *ctx, void *ptr, size_t size);
	void		(*free) (void *ctx, void *ptr);
	void	   *ctx;
} CoreAllocator;

/*
 * Pull callback for raw bytes: returns the number of bytes stored (> 0),
 * 0 at end of input, or -1 on error after writing a message to errbuf.
 */
typedef ssize_t (*CoreReadFn) (void *arg, unsigned char *buf, size_t len,
							   char *errbuf, size_t errlen);

/* Size of the message buffers the core fills on error */
#define CORE_ERRLEN 256

/* The value of a hexadecimal digit, or -1 */
static inline int
core_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* An allocator over malloc, for unit tests and fuzzers */
extern const CoreAllocator core_malloc_allocator;

#endif							/* IOTATRAIL_CORE_H */
