/*-------------------------------------------------------------------------
 *
 * event_scan_parallel.c
 *	  A scan shared by the participants of a parallel query: the objects
 *	  they claim, and the counters the workers leave for the leader.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/parallel.h"
#include "storage/spin.h"

#include "event_scan_int.h"

/*
 * The participants of a parallel scan walk the same location in the same
 * order and each object goes to whoever reaches it first: a participant
 * claims an object when its position (source_position) stands after the
 * last claimed one.  Comparing positions, not counting objects, keeps this
 * right when files are delivered while the participants walk: no object is
 * read twice.
 */
struct EventScanClaims
{
	slock_t		mutex;
	bool		any;			/* something was claimed */
	char		position[MAXPGPATH * 2 + 16];	/* the last claim's */
	/* what the workers read, added when each finishes, for EXPLAIN */
	int64		files;
	int64		records;
	int64		skipped_records;
	int64		skipped_files;
	int64		bytes;
	SourceCounts source;		/* S3: requests and retries summed; every
								 * participant lists all: the most listed */
};

/* The source's own shared memory follows the claims (a shared walk's queue) */
#define CLAIMS_SOURCE_AREA(claims) \
	((void *) ((char *) (claims) + MAXALIGN(sizeof(EventScanClaims))))

Size
event_scan_claims_size(void)
{
	return add_size(MAXALIGN(sizeof(EventScanClaims)), source_shared_size());
}

/* Set the claims up (again, for a rescan), and the scan's kind's area */
void
event_scan_claims_init(EventScan *scan, EventScanClaims *claims)
{
	SpinLockInit(&claims->mutex);
	claims->any = false;
	claims->files = claims->records = claims->bytes = 0;
	claims->skipped_records = claims->skipped_files = 0;
	memset(&claims->source, 0, sizeof(claims->source));
	if (scan->kind->shared_init)
		scan->kind->shared_init(CLAIMS_SOURCE_AREA(claims));
}

/* The part of the shared memory that is the source's */
void *
event_scan_shared_area(EventScanClaims *claims)
{
	return CLAIMS_SOURCE_AREA(claims);
}

/* A worker that read to the end adds its counters for the leader's EXPLAIN */
void
event_scan_publish_counts(EventScan *scan)
{
	SourceCounts counts;
	SourceCounts *sum;

	if (scan->claims == NULL || !IsParallelWorker() || scan->published)
		return;
	scan->published = true;
	source_counts(scan->source, &counts);
	sum = &scan->claims->source;
	SpinLockAcquire(&scan->claims->mutex);
	sum->requests += counts.requests;
	sum->retries += counts.retries;
	sum->listed = Max(sum->listed, counts.listed);
	sum->pruned = Max(sum->pruned, counts.pruned);
	sum->pruned_files = Max(sum->pruned_files, counts.pruned_files);
	scan->claims->files += scan->files;
	scan->claims->records += scan->records;
	scan->claims->skipped_records += scan->skipped_records;
	scan->claims->skipped_files += scan->skipped_files;
	scan->claims->bytes += scan->bytes;
	SpinLockRelease(&scan->claims->mutex);
}

/*
 * The leader, before the shared memory goes away: keep the workers'
 * counters and stop claiming.
 */
void
event_scan_unshare(EventScan *scan)
{
	if (scan->claims == NULL)
		return;
	if (scan->source)
		source_share(scan->source, NULL, NULL, NULL);
	if (!IsParallelWorker())
	{
		SpinLockAcquire(&scan->claims->mutex);
		scan->worker_files = scan->claims->files;
		scan->worker_records = scan->claims->records;
		scan->worker_skipped_records = scan->claims->skipped_records;
		scan->worker_skipped_files = scan->claims->skipped_files;
		scan->worker_bytes = scan->claims->bytes;
		scan->worker_source = scan->claims->source;
		SpinLockRelease(&scan->claims->mutex);
	}
	scan->claims = NULL;
}

/* Claim whole files through claims, shared with the other participants */
void
event_scan_share(EventScan *scan, EventScanClaims *claims)
{
	scan->claims = claims;
}

/*
 * SourceClaimFn of a parallel scan: whether this participant reads the
 * object at position (false: another one does)
 */
bool
event_scan_claim(void *arg, const char *position)
{
	EventScanClaims *claims = ((EventScan *) arg)->claims;
	bool		mine;

	if (claims == NULL)
		return true;
	if (strlen(position) >= sizeof(claims->position))
		ereport(ERROR,
				(errcode(ERRCODE_NAME_TOO_LONG),
				 errmsg("object name too long for a parallel scan"),
				 errdetail("The position \"%s\" is longer than %d bytes.",
						   position, (int) sizeof(claims->position) - 1)));
	SpinLockAcquire(&claims->mutex);
	mine = !claims->any || strcmp(position, claims->position) > 0;
	if (mine)
	{
		claims->any = true;
		strcpy(claims->position, position);
	}
	SpinLockRelease(&claims->mutex);
	return mine;
}
