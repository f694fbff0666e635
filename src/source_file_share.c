/*-------------------------------------------------------------------------
 *
 * source_file_share.c
 *	  One listing for all participants of a parallel scan of local files.
 *
 * Without it each participant walked the whole location and claimed files
 * by their position: every folder was listed once per participant.  Now
 * the first participant to ask for a file becomes the lister: it walks, as
 * a serial scan does, and queues what it finds (paths, and entries it could
 * not look at with their reason) in shared memory; every participant,
 * the lister too, takes files from the queue.  The lister tops the queue up
 * whenever it comes for a file and the queue is less than half full, so
 * the others rarely wait for it.
 *
 * The others wait for the lister when the queue is empty, except the
 * leader: a worker that lists may be blocked sending rows to the leader,
 * which must not wait for it in turn.  The leader waits a little, then
 * leaves the rest to the workers.  (When the leader lists, the workers'
 * wait is short: Gather runs the leader's scan when they send no rows.)
 *
 * A file is queued once and taken once, so each is read by one participant,
 * and the lister walks exactly what a serial scan walks: the same files,
 * the same folders left out (symbolic link loops), the same notices.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/condition_variable.h"
#include "storage/spin.h"

#include "source_file_share.h"

#define FILE_SHARE_RING (512 * 1024)
#define LEADER_WAIT_MS 50

struct FileShare
{
	slock_t		mutex;
	ConditionVariable cv;		/* broadcast when files are queued or the
								 * walk ends */
	int			lister;			/* the lister's pid, 0 before anyone asked */
	bool		done;			/* the walk is over */
	int64		queued;			/* files queued in all */
	uint32		head;			/* next byte to take, mod the ring size */
	uint32		used;			/* bytes queued */
	char		ring[FILE_SHARE_RING];
};

/*
 * A queued entry: two lengths, why it cannot be read (SourceSkip's kind and
 * errno), the path, the skip reason (maybe empty)
 */
typedef struct EntryHead
{
	uint16		path_len;
	uint16		reason_len;
	int32		skip_kind;
	int32		skip_errno;
} EntryHead;

Size
file_share_size(void)
{
	return sizeof(FileShare);
}

void
file_share_init(void *area)
{
	FileShare  *share = area;

	SpinLockInit(&share->mutex);
	ConditionVariableInit(&share->cv);
	share->lister = 0;
	share->done = false;
	share->queued = 0;
	share->head = 0;
	share->used = 0;
}

/* Copy len bytes into the ring at offset at (mod its size) */
static void
ring_write(FileShare *share, uint32 at, const void *src, uint32 len)
{
	uint32		off = at % FILE_SHARE_RING;
	uint32		first = Min(len, FILE_SHARE_RING - off);

	memcpy(share->ring + off, src, first);
	memcpy(share->ring, (const char *) src + first, len - first);
}

static void
ring_read(FileShare *share, uint32 at, void *dst, uint32 len)
{
	uint32		off = at % FILE_SHARE_RING;
	uint32		first = Min(len, FILE_SHARE_RING - off);

	memcpy(dst, share->ring + off, first);
	memcpy((char *) dst + first, share->ring, len - first);
}

/*
 * Queue one walked entry; false when the queue has no room for it.  Called
 * with the mutex held: copies a few hundred bytes at most.
 */
static bool
queue_put(FileShare *share, const char *path, const SourceSkip *skip)
{
	const char *reason = skip->reason;
	EntryHead	h;
	uint32		need;
	uint32		tail;

	h.path_len = (uint16) strlen(path);
	h.reason_len = (uint16) (reason ? strlen(reason) : 0);
	h.skip_kind = (int32) skip->kind;
	h.skip_errno = skip->saved_errno;
	need = sizeof(h) + h.path_len + h.reason_len;
	if (share->used + need > FILE_SHARE_RING)
		return false;
	tail = share->head + share->used;
	ring_write(share, tail, &h, sizeof(h));
	ring_write(share, tail + sizeof(h), path, h.path_len);
	if (h.reason_len)
		ring_write(share, tail + sizeof(h) + h.path_len, reason, h.reason_len);
	share->used += need;
	share->queued++;
	return true;
}

/* Take the first entry, palloc'd; NULL when the queue is empty */
static char *
queue_take(FileShare *share, SourceSkip *skip)
{
	EntryHead	h;
	char	   *path;

	if (share->used == 0)
		return NULL;
	ring_read(share, share->head, &h, sizeof(h));
	path = palloc(h.path_len + 1);
	ring_read(share, share->head + sizeof(h), path, h.path_len);
	path[h.path_len] = '\0';
	skip->kind = (SourceSkipKind) h.skip_kind;
	skip->saved_errno = h.skip_errno;
	if (h.reason_len)
	{
		skip->reason = palloc(h.reason_len + 1);
		ring_read(share, share->head + sizeof(h) + h.path_len, skip->reason, h.reason_len);
		skip->reason[h.reason_len] = '\0';
	}
	share->head = (share->head + sizeof(h) + h.path_len + h.reason_len) % FILE_SHARE_RING;
	share->used -= sizeof(h) + h.path_len + h.reason_len;
	return path;
}

/*
 * The lister: walk on and queue until the queue is full or the walk is
 * over.  A walked entry that does not fit waits in local->pending.
 */
static void
lister_fill(FileShareLocal *local, FileWalkFn walk, void *walker)
{
	FileShare  *share = local->share;
	int			n = 0;

	for (;;)
	{
		bool		put;

		if (local->pending == NULL)
		{
			memset(&local->pending_skip, 0, sizeof(local->pending_skip));
			local->pending = walk(walker, &local->pending_skip);
			if (local->pending == NULL)
			{
				SpinLockAcquire(&share->mutex);
				share->done = true;
				SpinLockRelease(&share->mutex);
				break;
			}
			if (strlen(local->pending) > PG_UINT16_MAX - 1 ||
				(local->pending_skip.reason && strlen(local->pending_skip.reason) > PG_UINT16_MAX - 1))
				ereport(ERROR,
						(errcode(ERRCODE_NAME_TOO_LONG),
						 errmsg("path \"%s\" is too long for a parallel scan",
								local->pending)));
		}
		SpinLockAcquire(&share->mutex);
		put = queue_put(share, local->pending, &local->pending_skip);
		SpinLockRelease(&share->mutex);
		if (!put)
			break;
		pfree(local->pending);
		if (local->pending_skip.reason)
			pfree(local->pending_skip.reason);
		local->pending = NULL;
		memset(&local->pending_skip, 0, sizeof(local->pending_skip));
		if (++n % 64 == 0)
			ConditionVariableBroadcast(&share->cv);
	}
	ConditionVariableBroadcast(&share->cv);
}

/*
 * The next file for this participant, palloc'd (with skip as the walk set
 * it), or NULL when there is none left for it.  The lister walks with
 * walk(walker, skip).
 */
char *
file_share_next(FileShareLocal *local, FileWalkFn walk, void *walker,
				SourceSkip *skip)
{
	FileShare  *share = local->share;
	int			waited = 0;
	bool		sleeping = false;

	memset(skip, 0, sizeof(*skip));
	for (;;)
	{
		char	   *path;
		bool		done;
		bool		refill;

		CHECK_FOR_INTERRUPTS();
		SpinLockAcquire(&share->mutex);
		if (share->lister == 0)
			share->lister = MyProcPid;
		local->lister = share->lister == MyProcPid;
		refill = local->lister && !share->done && share->used < FILE_SHARE_RING / 2;
		path = refill ? NULL : queue_take(share, skip);
		done = share->done;
		SpinLockRelease(&share->mutex);
		if (refill)
		{
			lister_fill(local, walk, walker);
			continue;
		}
		if (path != NULL || done)
		{
			if (sleeping)
				ConditionVariableCancelSleep();
			return path;
		}
		/* the queue is empty and another participant walks */
		if (!IsParallelWorker() && waited >= LEADER_WAIT_MS)
		{
			if (sleeping)
				ConditionVariableCancelSleep();
			return NULL;
		}
		if (!sleeping)
			ConditionVariablePrepareToSleep(&share->cv);
		sleeping = true;
		(void) ConditionVariableTimedSleep(&share->cv, 10, PG_WAIT_EXTENSION);
		waited += 10;
	}
}

/*
 * For the notice on a location with no log file: whether this participant
 * walked (false: another one did and says it), and whether anything was
 * found
 */
bool
file_share_found_any(FileShareLocal *local)
{
	bool		any;

	SpinLockAcquire(&local->share->mutex);
	any = local->share->queued > 0 || !local->lister;
	SpinLockRelease(&local->share->mutex);
	return any;
}
