/*-------------------------------------------------------------------------
 *
 * file_walker.c
 *	  Which files a local location names: a file, a directory (walked
 *	  recursively in sorted path order) or a glob, pruned by the trail's
 *	  layout.  The walk keeps one sorted directory listing per level, never
 *	  the whole tree, so memory does not grow with the number of files.
 *	  CloudTrail-Digest files are skipped: they are not events.
 *
 * Each level keeps its folder open, and its entries are looked at and
 * opened relative to it (openat, fstatat): the kernel then resolves one
 * name per file rather than the whole path.  These descriptors are the
 * scan's, not the (sub)transaction's: a cursor fetched in a savepoint that
 * is rolled back goes on reading them.  PostgreSQL's fd.c would close its
 * own files at that rollback, so they are counted with ReserveExternalFD
 * and closed by a reset callback of the memory context the walk lives in,
 * which an error deletes.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <limits.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access/parallel.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "backend_support.h"
#include "file_walker.h"
#include "trail_layout.h"

/* An entry of a directory listing */
typedef struct WalkEntry
{
	char	   *name;
	unsigned char type;			/* d_type: DT_REG needs no stat */
} WalkEntry;

/* One directory level being walked */
typedef struct WalkLevel
{
	char	   *path;			/* ends with '/' */
	size_t		pathlen;
	DIR		   *dir;			/* kept open for *at() calls, or NULL */
	WalkEntry  *entries;		/* sorted by name */
	int			nentries;
	int			next;
	char	   *start_after;	/* files up to this path were delivered
								 * before the range starts, or NULL */
} WalkLevel;

struct FileWalker
{
	List	   *roots;			/* paths still to visit at the top */
	WalkLevel  *levels;
	int			depth;
	int			maxdepth;
	const TrailFilter *filter;	/* directories that cannot match are skipped */
	int64		pruned_folders; /* folders the filter skipped */
	int64		pruned_files;	/* files delivered before the range */
	bool		digests;		/* walk digest files instead of logs */
	HTAB	   *dirs_seen;		/* device and inode of every directory walked */
	HTAB	   *linked_files_seen;	/* ... of every file read through a link */
	List	   *root_names;		/* every root, as given (roots is consumed) */
	List	   *root_reals;		/* their real paths, each ending in '/', made
								 * at the first file reached through a link */
	bool		root_reals_made;
	bool		quiet;			/* planning's estimate: no NOTICE */
	bool		only_walker;	/* the one walker of a parallel scan (see
								 * source_file_share.c): its NOTICEs are the
								 * scan's, in a worker too */
	MemoryContextCallback closer;	/* closes the levels' folders on error */
};

/* A directory or file, as the file system knows it whatever path led there */
typedef struct DirId
{
	dev_t		dev;
	ino_t		ino;
} DirId;

static int
cmp_entries(const void *a, const void *b)
{
	return strcmp(((const WalkEntry *) a)->name, ((const WalkEntry *) b)->name);
}

/* A trail's log folder (AWSLogs/<account>/CloudTrail), which digest walks skip */
static bool
is_log_folder(const char *path)
{
	size_t		n = strlen(path);

	return n >= 11 && strcmp(path + n - 11, "/CloudTrail") == 0;
}

/* Walk digest files instead of log files; before the first next */
void
file_walker_want_digests(FileWalker *fw)
{
	fw->digests = true;
}

/*
 * Open a folder to list it and to look at its entries relative to it: name
 * relative to the innermost level when that is open, else path.  NULL when
 * no descriptor is to spare; the caller then lists it with AllocateDir.
 */
static DIR *
walker_open_dir(FileWalker *fw, const char *path, const char *name)
{
	WalkLevel  *parent = fw->depth > 0 ? &fw->levels[fw->depth - 1] : NULL;
	int			fd;
	DIR		   *dir = NULL;

	if (!AcquireExternalFD())
		return NULL;
	if (parent && parent->dir && name)
		fd = openat(dirfd(parent->dir), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		dir = fdopendir(fd);
	if (dir == NULL)
	{
		int			save_errno = errno;

		if (fd >= 0)
			close(fd);
		ReleaseExternalFD();
		errno = save_errno;
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open directory \"%s\": %m", path)));
	}
	return dir;
}

static void
walker_close_dir(WalkLevel *lv)
{
	if (lv->dir)
	{
		closedir(lv->dir);
		ReleaseExternalFD();
		lv->dir = NULL;
	}
}

/* The reset callback: close whatever levels an error left open */
static void
walker_close_all(void *arg)
{
	FileWalker *fw = (FileWalker *) arg;

	for (int i = 0; i < fw->depth; i++)
		walker_close_dir(&fw->levels[i]);
}

/*
 * Push a directory's sorted listing.  name is path's last component when
 * path is an entry of the innermost level, else NULL.
 */
static void
walker_push_dir(FileWalker *fw, const char *path, const char *name)
{
	DIR		   *dir;
	struct dirent *de;
	WalkLevel  *lv;
	int			cap = 16;

	if (fw->depth == fw->maxdepth)
	{
		fw->maxdepth *= 2;
		fw->levels = repalloc(fw->levels, sizeof(WalkLevel) * fw->maxdepth);
	}
	lv = &fw->levels[fw->depth];
	lv->pathlen = strlen(path);
	lv->path = palloc(lv->pathlen + 2);
	memcpy(lv->path, path, lv->pathlen);
	if (lv->pathlen == 0 || path[lv->pathlen - 1] != '/')
		lv->path[lv->pathlen++] = '/';
	lv->path[lv->pathlen] = '\0';
	lv->entries = palloc(sizeof(WalkEntry) * cap);
	lv->nentries = 0;
	lv->next = 0;
	lv->start_after = NULL;
	if (fw->filter)
	{
		char		after[MAXPGPATH + 64];

		if (core_trail_day_start_after(fw->filter, lv->path, lv->pathlen, after, sizeof(after)))
			lv->start_after = pstrdup(after);
	}

	/* a level as soon as it is open, so that an error's callback closes it */
	lv->dir = walker_open_dir(fw, path, name);
	fw->depth++;
	dir = lv->dir ? lv->dir : AllocateDir(path);
	while ((de = ReadDir(dir, path)) != NULL)
	{
		CHECK_FOR_INTERRUPTS();
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (lv->nentries == cap)
		{
			cap *= 2;
			lv->entries = repalloc(lv->entries, sizeof(WalkEntry) * cap);
		}
		lv->entries[lv->nentries].name = pstrdup(de->d_name);
		lv->entries[lv->nentries].type = de->d_type;
		lv->nentries++;
	}
	if (!lv->dir)
		FreeDir(dir);
	qsort(lv->entries, lv->nentries, sizeof(WalkEntry), cmp_entries);
}

/*
 * Whether the file st describes is in *seen already (a set of device and
 * inode, made on first use); it is after this call
 */
static bool
walker_seen_before(HTAB **seen, const char *name, const struct stat *st)
{
	DirId		id;
	bool		found;

	if (*seen == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(DirId);
		ctl.entrysize = sizeof(DirId);
		ctl.hcxt = CurrentMemoryContext;
		*seen = hash_create(name, 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	memset(&id, 0, sizeof(id));
	id.dev = st->st_dev;
	id.ino = st->st_ino;
	hash_search(*seen, &id, HASH_ENTER, &found);
	return found;
}

/*
 * Whether the directory st describes is new to this walk.  A symbolic link
 * to a folder walked already (sub/up -> .., or a second path to the same
 * day) would read its files again, or forever: it is walked once, and a
 * NOTICE names the path left out.
 */
static bool
walker_first_visit(FileWalker *fw, const struct stat *st, const char *path)
{
	bool		found = walker_seen_before(&fw->dirs_seen, "iotatrail walked directories", st);

	if (found && !fw->quiet && (fw->only_walker || !IsParallelWorker()))
		ereport(NOTICE,
				(errmsg("skipped directory \"%s\": it was walked already", path),
				 errdetail("A symbolic link leads to a folder read through another path; its files are read once.")));
	return !found;
}

/*
 * The real path of each root, with a trailing '/', for
 * walker_linked_file_wanted: only once a walk meets a link to a file, so a
 * glob of many files costs no realpath() per match otherwise
 */
static void
walker_note_root_reals(FileWalker *fw)
{
	ListCell   *lc;

	fw->root_reals_made = true;
	foreach(lc, fw->root_names)
	{
		char	   *real = realpath(lfirst(lc), NULL);

		if (real == NULL)
			continue;
		fw->root_reals = lappend(fw->root_reals,
								 psprintf("%s%s", real,
										  real[strlen(real) - 1] == '/' ? "" : "/"));
		free(real);
	}
}

/*
 * Whether a file reached through a symbolic link is to be read: not when
 * its real path lies under a root of the walk (it is read at its own path
 * there), nor when another link led to it already.  So a file is read once
 * whatever links lead to it, as a folder is.
 */
static bool
walker_linked_file_wanted(FileWalker *fw, const struct stat *st, const char *path)
{
	char	   *real = realpath(path, NULL);
	bool		found;
	ListCell   *lc;

	if (!fw->root_reals_made)
		walker_note_root_reals(fw);

	if (real != NULL)
	{
		foreach(lc, fw->root_reals)
		{
			const char *root = lfirst(lc);

			if (strncmp(real, root, strlen(root)) == 0)
			{
				if (!fw->quiet && (fw->only_walker || !IsParallelWorker()))
					ereport(NOTICE,
							(errmsg("skipped file \"%s\": it links to \"%s\", which is read at its own path",
									path, external_text_escaped(real)),
							 errdetail("A symbolic link leads to a log file under the location; each file is read once.")));
				free(real);
				return false;
			}
		}
		free(real);
	}
	found = walker_seen_before(&fw->linked_files_seen, "iotatrail files read through links", st);
	if (found && !fw->quiet && (fw->only_walker || !IsParallelWorker()))
		ereport(NOTICE,
				(errmsg("skipped file \"%s\": it was read already through another link", path),
				 errdetail("Symbolic links lead to the same log file; it is read once.")));
	return !found;
}

/* Whether a listing entry is a symbolic link (d_type, or lstat when unknown) */
static bool
walker_entry_is_link(unsigned char type, int at, const char *name, const char *path)
{
	struct stat lst;

	if (type != DT_UNKNOWN)
		return type == DT_LNK;
	if ((name ? fstatat(at, name, &lst, AT_SYMLINK_NOFOLLOW) : lstat(path, &lst)) != 0)
		return false;
	return S_ISLNK(lst.st_mode);
}

/* Free the innermost directory listing */
static void
walker_pop_dir(FileWalker *fw)
{
	WalkLevel  *lv = &fw->levels[fw->depth - 1];

	walker_close_dir(lv);
	fw->depth--;
	for (int i = 0; i < lv->nentries; i++)
		pfree(lv->entries[i].name);
	pfree(lv->entries);
	pfree(lv->path);
	if (lv->start_after)
		pfree(lv->start_after);
}

/* Start walking a location; errors for a location that does not exist */
FileWalker *
file_walker_begin(const char *location, const TrailFilter *filter)
{
	FileWalker *fw = palloc0(sizeof(FileWalker));
	ListCell   *lc;

	fw->filter = core_trail_filter_active(filter) ? filter : NULL;
	fw->maxdepth = 8;
	fw->levels = palloc(sizeof(WalkLevel) * fw->maxdepth);
	fw->closer.func = walker_close_all;
	fw->closer.arg = fw;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &fw->closer);
	if (strpbrk(location, "*?[") != NULL)
	{
		glob_t		g;
		int			rc = glob(location, GLOB_ERR, NULL, &g);

		if (rc != 0 && rc != GLOB_NOMATCH)
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not expand pattern \"%s\": %m", location)));
		if (rc == GLOB_NOMATCH)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FILE),
					 errmsg("no file matches \"%s\"", location)));
		/* glob sorts its matches */
		for (size_t i = 0; i < g.gl_pathc; i++)
			fw->roots = lappend(fw->roots, pstrdup(g.gl_pathv[i]));
		globfree(&g);
	}
	else
	{
		struct stat st;

		if (stat(location, &st) != 0)
			ereport(ERROR,
					(errcode_for_file_access(),
					 errmsg("could not stat \"%s\": %m", location)));
		fw->roots = list_make1(pstrdup(location));
	}
	fw->root_names = list_copy(fw->roots);
	foreach(lc, fw->root_names)
		lfirst(lc) = pstrdup(lfirst(lc));
	return fw;
}

/*
 * Whether the filter leaves out a file of the open level: delivered before
 * the range starts, or too long after it ends (counted)
 */
static bool
walker_file_pruned(FileWalker *fw, const char *path)
{
	WalkLevel  *lv;

	if (fw->filter == NULL || fw->depth == 0)
		return false;
	lv = &fw->levels[fw->depth - 1];
	if ((lv->start_after && strcmp(path, lv->start_after) <= 0) ||
		core_trail_key_delivered_after(fw->filter, path, strlen(path)))
	{
		fw->pruned_files++;
		return true;
	}
	return false;
}

/*
 * Why a file's path cannot serve as its name (as source_object, and to open
 * it by), palloc'd; NULL when it can
 */
static char *
walker_path_problem(const char *path)
{
	if (!external_text_valid(path))
		return psprintf("file name \"%s\" is not valid in encoding \"%s\"",
						external_text_escaped(path), GetDatabaseEncodingName());
	/* the walk reaches it relative to its folder; nothing can open it by name */
	if (strlen(path) >= PATH_MAX)
		return psprintf("path \"%.*s...\" is longer than %d bytes",
						pg_mbcliplen(path, strlen(path), 200), path, PATH_MAX - 1);
	return NULL;
}

/* An entry the walk reached, and where to look at it from */
typedef struct WalkStep
{
	char	   *path;			/* palloc'd */
	const char *name;			/* path's entry in the open level, or NULL */
	int			at;				/* that level's descriptor, or -1 */
	unsigned char type;			/* the listing's type of the entry */
} WalkStep;

/* The walk's next entry, in the open level or the next root; false at the end */
static bool
walker_step(FileWalker *fw, WalkStep *step)
{
	step->name = NULL;
	step->at = -1;
	step->type = DT_UNKNOWN;
	while (fw->depth > 0)
	{
		WalkLevel  *lv = &fw->levels[fw->depth - 1];
		WalkEntry  *e;
		size_t		namelen;

		if (lv->next >= lv->nentries)
		{
			walker_pop_dir(fw);
			continue;
		}
		e = &lv->entries[lv->next++];
		namelen = strlen(e->name);
		step->path = palloc(lv->pathlen + namelen + 1);
		memcpy(step->path, lv->path, lv->pathlen);
		memcpy(step->path + lv->pathlen, e->name, namelen + 1);
		/* the listing's type: no stat for a plain file (most of them) */
		step->type = e->type;
		if (lv->dir)
		{
			step->name = e->name;
			step->at = dirfd(lv->dir);
		}
		return true;
	}
	if (fw->roots == NIL)
		return false;
	step->path = linitial(fw->roots);
	fw->roots = list_delete_first(fw->roots);
	return true;
}

/*
 * A folder the walk reached: entered, or left out (a digest folder, or a
 * log folder in a walk of digests; pruned by the layout; seen before).
 * True when it cannot be opened: skip says why.
 */
static bool
walker_visit_dir(FileWalker *fw, const WalkStep *step, const struct stat *st,
				 SourceSkip *skip)
{
	const char *path = step->path;

	if (fw->digests ? is_log_folder(path) : core_trail_path_is_digest(path))
		return false;
	if (fw->filter)
	{
		/* the trail layout: skip folders that cannot hold a match */
		char	   *dir = psprintf("%s/", path);
		bool		may = core_trail_prefix_may_match(fw->filter, dir, strlen(dir));

		pfree(dir);
		if (!may)
		{
			fw->pruned_folders++;
			return false;
		}
	}
	if ((step->name ? faccessat(step->at, step->name, R_OK | X_OK, 0) :
		 access(path, R_OK | X_OK)) != 0)
	{
		source_skip_note(skip, SOURCE_SKIP_OPENDIR, errno,
						 psprintf("could not open directory \"%s\": %m", path));
		return true;
	}
	if (walker_first_visit(fw, st, path))
		walker_push_dir(fw, path, step->name);
	return false;
}

/*
 * Next regular file to read, palloc'd, or NULL when the walk is over.  An
 * entry that cannot be looked at is returned with skip set, so the caller
 * decides between an error and a counted skip.
 */
char *
file_walker_next(FileWalker *fw, SourceSkip *skip)
{
	for (;;)
	{
		WalkStep	step;
		struct stat st;
		bool		regular;
		char	   *reason;

		CHECK_FOR_INTERRUPTS();
		if (!walker_step(fw, &step))
			return NULL;
		regular = step.type == DT_REG;
		if (!regular && (step.name ? fstatat(step.at, step.name, &st, 0) :
						 stat(step.path, &st)) != 0)
		{
			source_skip_note(skip, SOURCE_SKIP_STAT, errno,
							 psprintf("could not stat file \"%s\": %m", step.path));
			return step.path;
		}
		if (!regular && S_ISDIR(st.st_mode))
		{
			if (walker_visit_dir(fw, &step, &st, skip))
				return step.path;
			pfree(step.path);
			continue;
		}
		if (!(regular || S_ISREG(st.st_mode)) ||
			core_trail_path_is_digest(step.path) != fw->digests ||
			(!regular && fw->depth > 0 &&
			 walker_entry_is_link(step.type, step.at, step.name, step.path) &&
			 !walker_linked_file_wanted(fw, &st, step.path)) ||
			walker_file_pruned(fw, step.path))
		{
			pfree(step.path);
			continue;
		}
		reason = walker_path_problem(step.path);
		if (reason)
			source_skip_note(skip, SOURCE_SKIP_NAME, 0, reason);
		return step.path;
	}
}

/*
 * The descriptor of the open folder path is an entry of, and *name the
 * entry's name; -1 when the walk does not hold that folder open
 */
static int
walker_latest_at(FileWalker *fw, const char *path, const char **name)
{
	WalkLevel  *lv;

	if (fw->depth == 0)
		return -1;
	lv = &fw->levels[fw->depth - 1];
	if (lv->dir == NULL || strncmp(path, lv->path, lv->pathlen) != 0 ||
		strchr(path + lv->pathlen, '/') != NULL)
		return -1;
	*name = path + lv->pathlen;
	return dirfd(lv->dir);
}

/*
 * Open path, the walk's latest file, for reading: relative to its folder
 * when the walk holds that open.  The caller has reserved the descriptor
 * (ReserveExternalFD).
 */
int
file_walker_open(FileWalker *fw, const char *path)
{
	const char *name;
	int			at = walker_latest_at(fw, path, &name);

	return at >= 0 ? openat(at, name, O_RDONLY | O_CLOEXEC) :
		open(path, O_RDONLY | O_CLOEXEC);
}

/* stat() of path, the walk's latest file, relative to its folder if open */
int
file_walker_stat(FileWalker *fw, const char *path, struct stat *st)
{
	const char *name;
	int			at = walker_latest_at(fw, path, &name);

	return at >= 0 ? fstatat(at, name, st, 0) : stat(path, st);
}

/* Folders and files the filter skipped */
void
file_walker_pruned(FileWalker *fw, int64 *folders, int64 *files)
{
	*folders = fw->pruned_folders;
	*files = fw->pruned_files;
}

/* Free the walk's listings */
void
file_walker_end(FileWalker *fw)
{
	while (fw->depth > 0)
		walker_pop_dir(fw);
	if (fw->dirs_seen)
		hash_destroy(fw->dirs_seen);
	fw->dirs_seen = NULL;
}

/*
 * Compressed bytes under a local location, for the planner's estimates.
 * The first sized_files files are sized and the rest only counted, at
 * the mean size of those.  Stops counting after max_files files and
 * scales up what it saw, so planning over years of logs stays quick;
 * ANALYZE sizes every file.
 */
double
local_location_bytes(const char *location, int max_files, int sized_files)
{
	FileWalker *fw;
	struct stat st;
	double		bytes = 0;
	int			files = 0;
	int			sized = 0;
	bool		truncated = false;
	char	   *path;
	SourceSkip	skip;

	if (strpbrk(location, "*?[") != NULL)
	{
		glob_t		g;
		int			rc = glob(location, GLOB_ERR, NULL, &g);

		globfree(&g);
		if (rc != 0)
			return -1;
	}
	else if (stat(location, &st) != 0)
		return -1;
	fw = file_walker_begin(location, NULL);
	fw->quiet = true;
	memset(&skip, 0, sizeof(skip));
	while ((path = file_walker_next(fw, &skip)) != NULL)
	{
		if (skip.kind != SOURCE_SKIP_NONE)
			memset(&skip, 0, sizeof(skip));
		else if (files < sized_files && file_walker_stat(fw, path, &st) == 0)
		{
			bytes += st.st_size;
			sized++;
		}
		pfree(path);
		if (++files >= max_files)
		{
			truncated = true;
			break;
		}
	}
	file_walker_end(fw);
	if (sized > 0 && files > sized)
		bytes *= (double) files / sized;
	if (truncated)
		bytes *= 4;				/* more than we looked at; how much is unknown */
	return bytes;
}

/* This walk is the one walk of a parallel scan: its NOTICEs are said even in a worker */
void
file_walker_set_only_walker(FileWalker *fw)
{
	fw->only_walker = true;
}
