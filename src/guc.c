/*-------------------------------------------------------------------------
 *
 * guc.c
 *	  Module load: the magic block, _PG_init and the iotatrail.* settings.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "iotatrail.h"

PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);

char	   *iotatrail_default_location = NULL;
bool		iotatrail_pushdown = true;
int			iotatrail_inflate_whole_limit = 8192;	/* kB */

/*
 * Module load: the iotatrail.location setting (the default trail of the
 * iotanalytics schema's views), iotatrail.pushdown, and the IMPORT FOREIGN
 * SCHEMA bookkeeping.
 */
void
_PG_init(void)
{
	DefineCustomStringVariable("iotatrail.location",
							   "CloudTrail logs read by the views of the iotanalytics schema.",
							   "A file, directory or glob, as for iotatrail.read_events.",
							   &iotatrail_default_location,
							   "",
							   PGC_USERSET,
							   0,
							   NULL, NULL, NULL);
	DefineCustomBoolVariable("iotatrail.pushdown",
							 "Lets WHERE conditions prune the folders, files and records a scan reads.",
							 "Off, every log file of the location is read and PostgreSQL alone filters the rows: the reference answer, and an escape hatch.",
							 &iotatrail_pushdown,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable("iotatrail.inflate_whole_limit",
							"Gzip members up to this size, uncompressed, are inflated in one call.",
							"With libdeflate in the build, a log file whose members fit is read whole and each member inflated in one libdeflate call; larger members and files are streamed through zlib.  0 streams everything through zlib.",
							&iotatrail_inflate_whole_limit,
							8192,
							0,
							256 * 1024,
							PGC_USERSET,
							GUC_UNIT_KB,
							NULL, NULL, NULL);
	MarkGUCPrefixReserved("iotatrail");
	iotatrail_import_init();
}
