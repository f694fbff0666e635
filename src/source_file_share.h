/*-------------------------------------------------------------------------
 *
 * source_file_share.h
 *	  One listing for all participants of a parallel scan of local files.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_SOURCE_FILE_SHARE_H
#define IOTATRAIL_SOURCE_FILE_SHARE_H

#include "source.h"

/* In the scan's shared memory (see source_file_share.c) */
typedef struct FileShare FileShare;

/* The walk the lister runs: the next entry, as the file walker gives it */
typedef char *(*FileWalkFn) (void *walker, SourceSkip *skip);

/* A participant's side of it */
typedef struct FileShareLocal
{
	FileShare  *share;
	bool		lister;			/* this participant walks */
	char	   *pending;		/* walked, not queued yet (queue full) */
	SourceSkip	pending_skip;
} FileShareLocal;

extern Size file_share_size(void);
extern void file_share_init(void *area);
extern char *file_share_next(FileShareLocal *local, FileWalkFn walk,
							 void *walker, SourceSkip *skip);
extern bool file_share_found_any(FileShareLocal *local);

#endif							/* IOTATRAIL_SOURCE_FILE_SHARE_H */
