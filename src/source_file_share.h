/*-------------------------------------------------------------------------
 *
 * source_file_share.h
 *	  One listing for all participants of a parallel scan of local files.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_SOURCE_FILE_SHARE_H
#define IOTATRAIL_SOURCE_FILE_SHARE_H

#include "iotatrail.h"

/* In the scan's shared memory (see source_file_share.c) */
typedef struct FileShare FileShare;

/* A participant's side of it */
typedef struct FileShareLocal
{
	FileShare  *share;
	bool		lister;			/* this participant walks */
	char	   *pending;		/* walked, not queued yet (queue full) */
	char	   *pending_reason;
} FileShareLocal;

extern Size file_share_size(void);
extern void file_share_init(FileShare *share);
extern char *file_share_next(FileShareLocal *local, FileWalker *fw,
							 char **skip_reason);
extern bool file_share_found_any(FileShareLocal *local);

/* in source_file.c */
struct Source;
extern void source_files_share(struct Source *src, FileShare *share);
extern bool source_files_sharing(struct Source *src, bool *found_any);

#endif							/* IOTATRAIL_SOURCE_FILE_SHARE_H */
