/*-------------------------------------------------------------------------
 *
 * file_walker.h
 *	  The walk of a local location (file_walker.c), for the files source
 *	  (source_file.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_FILE_WALKER_H
#define IOTATRAIL_FILE_WALKER_H

#include <sys/stat.h>

#include "source.h"

struct TrailFilter;
typedef struct FileWalker FileWalker;

extern FileWalker *file_walker_begin(const char *location,
									 const struct TrailFilter *filter);
extern void file_walker_want_digests(FileWalker *fw);
extern void file_walker_set_only_walker(FileWalker *fw);
extern char *file_walker_next(FileWalker *fw, SourceSkip *skip);
extern int	file_walker_open(FileWalker *fw, const char *path);
extern int	file_walker_stat(FileWalker *fw, const char *path, struct stat *st);
extern void file_walker_pruned(FileWalker *fw, int64 *folders, int64 *files);
extern void file_walker_end(FileWalker *fw);
extern double local_location_bytes(const char *location, int max_files,
								   int sized_files);

#endif							/* IOTATRAIL_FILE_WALKER_H */
