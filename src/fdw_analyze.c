/*-------------------------------------------------------------------------
 *
 * fdw_analyze.c
 *	  ANALYZE for iotatrail foreign tables: a sample of whole log files.
 *
 * A trail holds many similar files, so reading a random subset of them (up
 * to ANALYZE_SAMPLE_BYTES of compressed log) and sampling rows from those
 * with a reservoir gives the column statistics; events per compressed byte
 * measured on the subset, times the bytes of all files, gives reltuples.
 * The planner scales that density by the location's size (pages are bytes
 * over BLCKSZ here).  S3 locations are not sampled: listing a whole bucket
 * to choose files is a cost ANALYZE should not hide.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>
#include <sys/stat.h>

#include "access/htup_details.h"
#include "commands/vacuum.h"
#include "miscadmin.h"
#include "utils/rel.h"
#include "utils/sampling.h"

#include "iotatrail.h"
#include "pg_compat.h"

/* Compressed bytes ANALYZE reads at most */
#define ANALYZE_SAMPLE_BYTES (32.0 * 1024 * 1024)

typedef struct SampleFile
{
	char	   *path;
	off_t		size;
} SampleFile;

/*
 * The readable files under the location and their compressed bytes, found
 * by iotatrail_analyze_foreign_table for the sampling that follows it
 */
static List *analyze_files;
static double analyze_total_bytes;

static int	iotatrail_acquire_sample_rows(Relation relation, int elevel,
										  HeapTuple *rows, int targrows,
										  double *totalrows,
										  double *totaldeadrows);

/* Every readable file under location, with its size */
static List *
sample_files_list(const char *location, double *bytes)
{
	FileWalker *fw = file_walker_begin(location, NULL);
	List	   *files = NIL;
	char	   *path;
	char	   *skip_reason;

	*bytes = 0;
	while ((path = file_walker_next(fw, &skip_reason)) != NULL)
	{
		struct stat st;

		if (skip_reason == NULL && stat(path, &st) == 0)
		{
			SampleFile *f = palloc(sizeof(SampleFile));

			f->path = path;
			f->size = st.st_size;
			files = lappend(files, f);
			*bytes += st.st_size;
		}
		else
			pfree(path);
	}
	file_walker_end(fw);
	return files;
}

bool
iotatrail_analyze_foreign_table(Relation relation, AcquireSampleRowsFunc *func,
								BlockNumber *totalpages)
{
	ScanOptions opts;

	iotatrail_get_table_options(RelationGetRelid(relation), &opts);
	if (opts.location == NULL || !location_is_local(opts.location))
		return false;
	check_local_location(GetUserId(), opts.location);

	/* one walk: the sizes for the page count, the list for the sample */
	analyze_files = sample_files_list(opts.location, &analyze_total_bytes);
	*totalpages = (BlockNumber) Min(Max(ceil(analyze_total_bytes / BLCKSZ), 1),
									(double) MaxBlockNumber);
	*func = iotatrail_acquire_sample_rows;
	return true;
}

/*
 * Read random files until ANALYZE_SAMPLE_BYTES, keeping a reservoir sample
 * of targrows events; estimate the total from events per byte.
 */
static int
iotatrail_acquire_sample_rows(Relation relation, int elevel, HeapTuple *rows,
							  int targrows, double *totalrows,
							  double *totaldeadrows)
{
	TupleDesc	tupdesc = RelationGetDescr(relation);
	Datum	   *values = palloc(sizeof(Datum) * tupdesc->natts);
	bool	   *nulls = palloc(sizeof(bool) * tupdesc->natts);
	ScanOptions opts;
	List	   *files;
	int			nfiles;
	SampleFile **order;
	ReservoirStateData rstate;
	pg_prng_state prng;
	double		seen = 0,
				read_bytes = 0;
	double		rowstoskip = -1;
	int			numrows = 0,
				nread = 0;

	iotatrail_get_table_options(RelationGetRelid(relation), &opts);
	files = analyze_files;
	analyze_files = NIL;
	nfiles = list_length(files);

	/* a random order of the files (Fisher-Yates) */
	order = palloc(sizeof(SampleFile *) * Max(nfiles, 1));
	for (int i = 0; i < nfiles; i++)
		order[i] = list_nth(files, i);
	pg_prng_seed(&prng, pg_prng_uint64(&pg_global_prng_state));
	for (int i = nfiles - 1; i > 0; i--)
	{
		int			j = (int) pg_prng_uint64_range(&prng, 0, i);
		SampleFile *t = order[i];

		order[i] = order[j];
		order[j] = t;
	}

	reservoir_init_selection_state(&rstate, targrows);
	for (int i = 0; i < nfiles && read_bytes < ANALYZE_SAMPLE_BYTES; i++)
	{
		ScanOptions one = opts;
		EventScan  *scan;

		one.location = order[i]->path;
		scan = event_scan_begin(&one, tupdesc, RelationGetRelationName(relation),
								GetUserId());
		while (event_scan_next(scan, values, nulls))
		{
			/* the values live until the next event: form the tuple now */
			iotatrail_analyze_delay_point();
			if (numrows < targrows)
				rows[numrows++] = heap_form_tuple(tupdesc, values, nulls);
			else
			{
				if (rowstoskip < 0)
					rowstoskip = reservoir_get_next_S(&rstate, seen, targrows);
				if (rowstoskip <= 0)
				{
					int			k = (int) (targrows * sampler_random_fract(&rstate.randstate));

					heap_freetuple(rows[k]);
					rows[k] = heap_form_tuple(tupdesc, values, nulls);
				}
				rowstoskip -= 1;
			}
			seen += 1;
		}
		event_scan_report(scan);
		event_scan_end(scan);
		read_bytes += order[i]->size;
		nread++;
	}

	*totalrows = read_bytes > 0 ? floor(seen * (analyze_total_bytes / read_bytes) + 0.5) : 0;
	*totaldeadrows = 0;
	ereport(elevel,
			(errmsg("\"%s\": read %d of %d log files (%.0f of %.0f compressed bytes), %.0f events; %d rows in sample, %.0f estimated total events",
					RelationGetRelationName(relation), nread, nfiles,
					read_bytes, analyze_total_bytes, seen, numrows, *totalrows)));
	return numrows;
}
