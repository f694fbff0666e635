/*-------------------------------------------------------------------------
 *
 * trail_layout.h
 *	  The key layout CloudTrail delivers to, and which key prefixes can
 *	  hold events a filter wants:
 *	  [prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_TRAIL_LAYOUT_H
#define IOTATRAIL_TRAIL_LAYOUT_H

#include "core.h"

/* What the last segment of a prefix is */
typedef enum TrailSegment
{
	TS_UNKNOWN,					/* not (or no longer) the trail layout */
	TS_ROOT,					/* AWSLogs */
	TS_ORG,						/* o-xxxxxxxxxx */
	TS_ACCOUNT,
	TS_SERVICE,					/* CloudTrail, CloudTrail-Digest, ... */
	TS_REGION,
	TS_YEAR,
	TS_MONTH,
	TS_DAY
} TrailSegment;

/* A delivery stamp in a log file's name: YYYYMMDDTHHMMZ */
#define TRAIL_STAMP_LEN 14

/*
 * What a query wants.  Days count from 1970-01-01 and bound the delivery
 * folders to read: the caller widens an event_time range by the delivery
 * delay.  NULL lists accept any value.
 */
typedef struct TrailFilter
{
	bool		has_days;
	int32_t		first_day;
	int32_t		last_day;
	const char *const *regions;
	int			nregions;
	const char *const *accounts;
	int			naccounts;
	bool		nothing;		/* contradictory conditions: no key matches */
	char		first_stamp[TRAIL_STAMP_LEN + 1];	/* YYYYMMDDTHHMMZ of the
												 * earliest event wanted, or
												 * "": files named as
												 * delivered before it hold no
												 * match */
	char		last_stamp[TRAIL_STAMP_LEN + 1];	/* of the latest event wanted
												 * plus the delivery slack, or
												 * "": files named as
												 * delivered after it hold no
												 * match */
} TrailFilter;

extern TrailSegment core_trail_prefix_segment(const char *prefix, size_t len);
extern bool core_trail_prefix_may_match(const TrailFilter *f, const char *prefix,
								   size_t len);
extern bool core_trail_prefix_needs_walk(const TrailFilter *f, const char *prefix,
									size_t len);
extern bool core_trail_filter_active(const TrailFilter *f);
extern size_t core_trail_walk_position(const TrailFilter *f, const char *key,
								  size_t root_len, char *out, size_t outlen);
extern bool core_trail_day_start_after(const TrailFilter *f, const char *prefix,
								  size_t len, char *out, size_t outlen);
extern bool core_trail_key_delivered_after(const TrailFilter *f, const char *key,
									  size_t len);
extern bool core_trail_name_is_digest(const char *name, size_t len);
extern bool core_trail_path_is_digest(const char *path);

#endif							/* IOTATRAIL_TRAIL_LAYOUT_H */
