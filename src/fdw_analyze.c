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
 * The files are chosen during one walk of the location with a reservoir
 * too (Vitter's algorithm R), so a trail of millions of files costs the
 * memory of the sample, not of its list of paths.  Nothing is kept between
 * the two callbacks: ANALYZE of an inheritance tree calls the first for
 * every child before the second for any.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>
#include <sys/stat.h>

#include "access/htup_details.h"
#include "commands/vacuum.h"
#include "common/pg_prng.h"
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

/* The files chosen during the walk, and what the walk counted */
typedef struct FileSample
{
	SampleFile *files;			/* a uniform random subset of the walk's */
	int			nfiles;
	int			maxfiles;
	double		walked;			/* readable files under the location */
	double		total_bytes;	/* and their compressed bytes */
} FileSample;

/* The rows sampled so far, and how the reservoir of rows goes on */
typedef struct RowSample
{
	TupleDesc	tupdesc;
	HeapTuple  *rows;
	int			targrows;
	int			numrows;
	double		seen;			/* events read */
	double		rowstoskip;		/* before the next replacement; -1: draw */
	ReservoirStateData rstate;
	Datum	   *values;
	bool	   *nulls;
} RowSample;

static int	iotatrail_acquire_sample_rows(Relation relation, int elevel,
										  HeapTuple *rows, int targrows,
										  double *totalrows,
										  double *totaldeadrows);

bool
iotatrail_analyze_foreign_table(Relation relation, AcquireSampleRowsFunc *func,
								BlockNumber *totalpages)
{
	ScanOptions opts;
	SourceConfig cfg;
	const SourceKind *kind;
	double		bytes;

	iotatrail_get_table_options(RelationGetRelid(relation), &opts);
	if (opts.location == NULL)
		return false;
	source_config_init(&cfg);
	cfg.location = opts.location;
	cfg.serverid = opts.serverid;
	cfg.userid = GetUserId();
	kind = source_kind(&cfg);

	/*
	 * The sample is of files on the server, whose sizes cost no request; an
	 * S3 location would have to be listed whole, and is not sampled
	 */
	if (!kind->names_server_files)
		return false;
	kind->check(&cfg);
	iotatrail_check_location_chooser(&opts);

	/*
	 * The bytes of every file, for the page count (a location that does not
	 * exist gives -1: the sampling walk then reports it)
	 */
	bytes = kind->estimate_bytes(&cfg, INT_MAX, INT_MAX);
	*totalpages = (BlockNumber) Min(Max(ceil(bytes / BLCKSZ), 1),
									(double) MaxBlockNumber);
	*func = iotatrail_acquire_sample_rows;
	return true;
}

/*
 * Walk the location once, keeping a uniform random sample of at most
 * fs->maxfiles readable files (Vitter's algorithm R: the t-th file, from 0,
 * replaces a random one of the reservoir with probability maxfiles / (t + 1))
 * and counting all of them
 */
static void
sample_files_choose(const char *location, FileSample *fs, pg_prng_state *prng)
{
	SourceConfig cfg;
	Source	   *src;
	char	   *path;
	SourceSkip	skip;

	fs->files = palloc(sizeof(SampleFile) * fs->maxfiles);
	fs->nfiles = 0;
	fs->walked = 0;
	fs->total_bytes = 0;
	source_config_init(&cfg);
	cfg.location = location;
	cfg.userid = GetUserId();
	cfg.list_only = true;
	src = source_begin(&cfg);
	while ((path = source_next(src, &skip)) != NULL)
	{
		SourceEntryInfo info;
		int64		slot;

		if (skip.kind != SOURCE_SKIP_NONE || !source_describe(src, path, &info))
		{
			if (skip.reason)
				pfree(skip.reason);
			pfree(path);
			continue;
		}
		if (fs->nfiles < fs->maxfiles)
			slot = fs->nfiles++;
		else
		{
			/* file number t (from 0) takes slot j, drawn from [0, t], if any */
			slot = (int64) pg_prng_uint64_range(prng, 0, (uint64) fs->walked);
			if (slot < fs->maxfiles)
				pfree(fs->files[slot].path);
			else
			{
				pfree(path);
				slot = -1;
			}
		}
		fs->walked += 1;
		fs->total_bytes += info.size;
		if (slot >= 0)
		{
			fs->files[slot].path = path;
			fs->files[slot].size = info.size;
		}
	}
	source_end(src);
}

/* The files of the sample in a random order (Fisher-Yates) */
static void
sample_files_shuffle(FileSample *fs, pg_prng_state *prng)
{
	for (int i = fs->nfiles - 1; i > 0; i--)
	{
		int			j = (int) pg_prng_uint64_range(prng, 0, i);
		SampleFile	t = fs->files[i];

		fs->files[i] = fs->files[j];
		fs->files[j] = t;
	}
}

/* Offer the event in rs->values/nulls to the reservoir of rows */
static void
sample_row(RowSample *rs)
{
	if (rs->numrows < rs->targrows)
		rs->rows[rs->numrows++] = heap_form_tuple(rs->tupdesc, rs->values, rs->nulls);
	else
	{
		if (rs->rowstoskip < 0)
			rs->rowstoskip = reservoir_get_next_S(&rs->rstate, rs->seen, rs->targrows);
		if (rs->rowstoskip <= 0)
		{
			int			k = (int) (rs->targrows * sampler_random_fract(&rs->rstate.randstate));

			heap_freetuple(rs->rows[k]);
			rs->rows[k] = heap_form_tuple(rs->tupdesc, rs->values, rs->nulls);
		}
		rs->rowstoskip -= 1;
	}
	rs->seen += 1;
}

/* Every event of one log file, offered to the reservoir of rows */
static void
sample_file_read(Relation relation, const ScanOptions *opts, const char *path,
				 RowSample *rs)
{
	ScanOptions one = *opts;
	EventScan  *scan;

	one.location = (char *) path;
	scan = event_scan_begin(&one, rs->tupdesc, RelationGetRelationName(relation),
							GetUserId());
	while (event_scan_next(scan, rs->values, rs->nulls))
	{
		/* the values live until the next event: form the tuple now */
		iotatrail_analyze_delay_point();
		sample_row(rs);
	}
	event_scan_report(scan);
	event_scan_end(scan);
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
	ScanOptions opts;
	FileSample	fs;
	RowSample	rs;
	pg_prng_state prng;
	double		read_bytes = 0;
	int			nread = 0;

	iotatrail_get_table_options(RelationGetRelid(relation), &opts);
	pg_prng_seed(&prng, pg_prng_uint64(&pg_global_prng_state));
	/* files as many as rows: when each holds one event, enough to fill */
	fs.maxfiles = Max(targrows, 1);
	sample_files_choose(opts.location, &fs, &prng);
	sample_files_shuffle(&fs, &prng);

	rs.tupdesc = RelationGetDescr(relation);
	rs.rows = rows;
	rs.targrows = targrows;
	rs.numrows = 0;
	rs.seen = 0;
	rs.rowstoskip = -1;
	rs.values = palloc(sizeof(Datum) * rs.tupdesc->natts);
	rs.nulls = palloc(sizeof(bool) * rs.tupdesc->natts);
	reservoir_init_selection_state(&rs.rstate, targrows);

	/* a random prefix of a shuffled random subset: random files */
	for (int i = 0; i < fs.nfiles && read_bytes < ANALYZE_SAMPLE_BYTES; i++)
	{
		sample_file_read(relation, &opts, fs.files[i].path, &rs);
		read_bytes += fs.files[i].size;
		nread++;
	}

	*totalrows = read_bytes > 0 ? floor(rs.seen * (fs.total_bytes / read_bytes) + 0.5) : 0;
	*totaldeadrows = 0;
	ereport(elevel,
			(errmsg("\"%s\": read %d of %.0f log files (%.0f of %.0f compressed bytes), %.0f events; %d rows in sample, %.0f estimated total events",
					RelationGetRelationName(relation), nread, fs.walked,
					read_bytes, fs.total_bytes, rs.seen, rs.numrows, *totalrows)));
	return rs.numrows;
}
