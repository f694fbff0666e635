/*-------------------------------------------------------------------------
 *
 * source_file.c
 *	  Local log files as a Source: who may read them, the files a walk of
 *	  a location finds (file_walker.c) or the files named, and reading their
 *	  bytes.  A parallel scan shares one walk (source_file_share.c).
 *
 * The descriptor of the file being read is the scan's, not the
 * (sub)transaction's (see file_walker.c): it is counted with
 * ReserveExternalFD and closed by a reset callback of the source's memory
 * context, which an error deletes.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/pg_authid.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "utils/acl.h"
#include "utils/memutils.h"

#include "backend_support.h"
#include "file_walker.h"
#include "source.h"
#include "source_file_share.h"

/*
 * Reading server files is for superusers and pg_read_server_files members,
 * the rule COPY FROM a file follows.  Paths are absolute: a relative one
 * would be read relative to the data directory.
 */
static void
check_local_location(Oid userid, const char *location)
{
	if (!is_absolute_path(location))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("location \"%s\" is not an absolute path", location),
				 errhint("Give an absolute path to a file, a directory or a glob (such as '/var/log/trails/AWSLogs/'), or s3://bucket/prefix.")));
	if (!has_privs_of_role(userid, ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to read log files from \"%s\"", location),
				 errdetail("Only roles with privileges of the \"%s\" role may read files on the database server.",
						   "pg_read_server_files")));
}

/* CoreReadFn over a file descriptor; interrupts are checked per chunk */
static ssize_t
file_source_read(void *arg, unsigned char *buf, size_t len, char *errbuf,
				 size_t errlen)
{
	int			fd = *(int *) arg;
	ssize_t		n;

	CHECK_FOR_INTERRUPTS();
	do
	{
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		snprintf(errbuf, errlen, "could not read file: %s", strerror(errno));
	return n;
}

/*
 * Local files as a Source: the files a walk of a location finds, or files
 * named by their paths (walker NULL)
 */
typedef struct FileSource
{
	Source		src;
	FileWalker *walker;			/* NULL: the paths given */
	MemoryContext cxt;			/* the source and its walk, for its life */
	List	   *paths;			/* of char *, in the order given */
	int			next_path;
	int			fd;				/* the file being read, or -1 */
	MemoryContextCallback closer;	/* closes fd on error */
	int64		found;			/* files walked, claimed or not */
	FileShareLocal shared;		/* parallel scan: one walk for all (.share
								 * NULL: this source walks for itself) */
	SourceWalkRole walk_role;	/* kept when the shared memory goes */
	bool		found_any;		/* the same */
} FileSource;

/* FileWalkFn of a shared walk: the lister's walker's next entry */
static char *
files_walk(void *walker, SourceSkip *skip)
{
	return file_walker_next((FileWalker *) walker, skip);
}

static char *
files_next(Source *src, SourceSkip *skip)
{
	FileSource *fs = (FileSource *) src;

	if (fs->walker)
	{
		for (;;)
		{
			MemoryContext old = MemoryContextSwitchTo(fs->cxt);
			char	   *walked = fs->shared.share ?
				file_share_next(&fs->shared, files_walk, fs->walker, skip) :
				file_walker_next(fs->walker, skip);
			char	   *name = NULL;

			MemoryContextSwitchTo(old);
			if (walked == NULL)
				return NULL;
			fs->found++;
			name = pstrdup(walked);
			pfree(walked);
			if (skip->reason)
			{
				char	   *r = pstrdup(skip->reason);

				pfree(skip->reason);
				skip->reason = r;
			}
			return name;
		}
	}
	if (fs->next_path >= list_length(fs->paths))
		return NULL;
	return pstrdup(list_nth(fs->paths, fs->next_path++));
}

static void
files_close(Source *src)
{
	FileSource *fs = (FileSource *) src;

	if (fs->fd >= 0)
	{
		close(fs->fd);
		ReleaseExternalFD();
		fs->fd = -1;
	}
}

/* The reset callback: close the file an error left open */
static void
files_close_callback(void *arg)
{
	files_close((Source *) arg);
}

static bool
files_open(Source *src, const char *name)
{
	FileSource *fs = (FileSource *) src;
	struct stat st;
	int			save_errno;

	Assert(fs->fd < 0);
	ReserveExternalFD();
	fs->fd = fs->walker ? file_walker_open(fs->walker, name) :
		open(name, O_RDONLY | O_CLOEXEC);
	if (fs->fd < 0)
	{
		save_errno = errno;
		ReleaseExternalFD();
		errno = save_errno;
		return false;
	}
	/* a path given may name a folder, which the walk would have entered */
	if (!fs->walker && fstat(fs->fd, &st) == 0 && S_ISDIR(st.st_mode))
	{
		files_close(src);
		errno = EISDIR;
		return false;
	}
	return true;
}

static void
files_end(Source *src)
{
	FileSource *fs = (FileSource *) src;

	files_close(src);
	if (fs->walker)
		file_walker_end(fs->walker);
	/* fs itself, and the callbacks, which find nothing left to close */
	MemoryContextDelete(fs->cxt);
}

/*
 * What a shared walk says of this participant, noted while the scan's
 * shared memory is there: whether it walked for all (the lister's walk
 * stands for all; the others say nothing), and whether anything was found
 */
static void
files_note_shared_walk(FileSource *fs)
{
	if (fs->shared.share == NULL)
		return;
	fs->found_any = file_share_found_any(&fs->shared);
	fs->walk_role = fs->shared.lister ? SOURCE_WALKED_FOR_ALL : SOURCE_WALKED_BY_ANOTHER;
}

static void
files_counts(Source *src, SourceCounts *out)
{
	FileSource *fs = (FileSource *) src;

	out->found = fs->found;
	files_note_shared_walk(fs);
	if (fs->walk_role != SOURCE_WALKED_ITSELF)
	{
		out->found = fs->found_any ? 1 : 0;
		out->walk_role = fs->walk_role;
	}
	if (fs->walker)
		file_walker_pruned(fs->walker, &out->pruned, &out->pruned_files);
}

/* Microseconds since 1970 of a file time */
static int64
timespec_us(const struct timespec *ts)
{
	return (int64) ts->tv_sec * 1000000 + ts->tv_nsec / 1000;
}

/* Size, times and inode of the file next named */
static bool
files_describe(Source *src, const char *name, SourceEntryInfo *info)
{
	FileSource *fs = (FileSource *) src;
	struct stat st;

	if ((fs->walker ? file_walker_stat(fs->walker, name, &st) : stat(name, &st)) != 0)
		return false;
	info->size = (int64) st.st_size;
	info->has_file_times = true;
	/* to the microsecond: a same-size rewrite within the second shows */
	info->mtime_us = timespec_us(&st.st_mtim);
	info->ctime_us = timespec_us(&st.st_ctim);
	info->inode = (int64) st.st_ino;
	return true;
}

/* A local digest's signature is in the file beside it: NAME.signature */
static char *
files_signature(Source *src, const char *name)
{
	char	   *path = psprintf("%s.signature", name);
	int			fd;
	char		buf[2048];
	ssize_t		n;

	fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	if (fd < 0)
	{
		if (errno == ENOENT)
			return NULL;
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\" for reading: %m", path)));
	}
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read file \"%s\": %m", path)));
	CloseTransientFile(fd);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return pstrdup(buf);
}

/*
 * A parallel scan's participant takes files from the one walk the
 * participants share (area: the FileShare in the scan's shared memory,
 * which files_shared_init set up), instead of walking for itself; the
 * one that walks says what the walk finds
 */
static void
files_share(Source *src, SourceClaimFn claim, void *arg, void *area)
{
	FileSource *fs = (FileSource *) src;

	if (fs->walker == NULL)
		return;
	if (area == NULL)
	{
		/* the shared memory goes: keep what it says of the walk */
		files_note_shared_walk(fs);
		fs->shared.share = NULL;
		return;
	}
	fs->shared.share = area;
	file_walker_set_only_walker(fs->walker);
}

static const SourceOps files_ops = {
	files_next, files_open, file_source_read, files_close, files_end,
	files_counts, files_describe, files_signature, files_share
};

/* A source in a context of its own, which the caller's switches to */
static FileSource *
files_source_new(MemoryContext *old)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext,
											  "iotatrail files",
											  ALLOCSET_SMALL_SIZES);
	FileSource *fs = MemoryContextAllocZero(cxt, sizeof(FileSource));

	fs->src.ops = &files_ops;
	fs->src.read_arg = &fs->fd;
	fs->fd = -1;
	fs->cxt = cxt;
	fs->closer.func = files_close_callback;
	fs->closer.arg = fs;
	MemoryContextRegisterResetCallback(cxt, &fs->closer);
	*old = MemoryContextSwitchTo(cxt);
	return fs;
}

/* Each object named, or the location, as a path userid may read */
static void
files_check(const SourceConfig *cfg)
{
	ListCell   *lc;

	foreach(lc, cfg->objects)
		check_local_location(cfg->userid, lfirst(lc));
	if (cfg->objects == NIL)
		check_local_location(cfg->userid, cfg->location);
}

/*
 * The files named (in the order given, whatever their names), or the log
 * (or digest) files of a location, pruned by the filter.  The walk lives
 * in a child of the current memory context; names are given in the
 * caller's.
 */
static Source *
files_begin(const SourceConfig *cfg)
{
	MemoryContext old;
	FileSource *fs = files_source_new(&old);
	ListCell   *lc;

	foreach(lc, cfg->objects)
		fs->paths = lappend(fs->paths, pstrdup(lfirst(lc)));
	if (cfg->objects == NIL)
	{
		fs->walker = file_walker_begin(cfg->location, cfg->filter);
		if (cfg->digests)
			file_walker_want_digests(fs->walker);
	}
	MemoryContextSwitchTo(old);
	return &fs->src;
}

/*
 * Planning's estimate of the bytes to read: only roles that may read the
 * files (and the role that chose the location) learn their sizes
 */
static double
files_estimate_bytes(const SourceConfig *cfg, int max_files, int sized_files)
{
	if (cfg->objects != NIL || cfg->location == NULL ||
		!has_privs_of_role(cfg->userid, ROLE_PG_READ_SERVER_FILES) ||
		(OidIsValid(cfg->chooser) &&
		 !has_privs_of_role(cfg->chooser, ROLE_PG_READ_SERVER_FILES)))
		return -1;
	return local_location_bytes(cfg->location, max_files, sized_files);
}

static void
files_explain(const SourceCounts *counts, const char *pruning,
			  SourceExplainFn prop, void *arg)
{
	if (pruning == NULL || pruning[0] == '\0')
		return;
	prop(arg, "Pruning", pruning, 0);
	prop(arg, "Folders Pruned", NULL, counts->pruned);
	prop(arg, "Files Pruned", NULL, counts->pruned_files);
}

const SourceKind source_kind_files = {
	"files", true, files_check, files_begin, files_estimate_bytes, files_explain,
	file_share_size, file_share_init
};
