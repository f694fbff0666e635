/*-------------------------------------------------------------------------
 *
 * value_parse.h
 *	  Parse the scalar text forms found in CloudTrail records: timestamps,
 *	  UUIDs and IP addresses.
 *
 *-------------------------------------------------------------------------
 */
#ifndef IOTATRAIL_VALUE_PARSE_H
#define IOTATRAIL_VALUE_PARSE_H

#include "core.h"

/* Microseconds since 2000-01-01 00:00:00 UTC, PostgreSQL's timestamp epoch */
extern bool core_parse_iso8601(const char *s, size_t len, int64_t *usec);

/*
 * The timestamp spellings found inside requestParameters/responseElements:
 * ISO 8601, epoch seconds / milliseconds / microseconds as digits, and the
 * Java default "Feb 14, 2018 11:55:14 PM" (read as UTC).
 */
extern bool core_parse_timestamp_loose(const char *s, size_t len, int64_t *usec);
extern bool core_parse_uuid(const char *s, size_t len, unsigned char out[16]);

typedef struct ParsedIp
{
	int			family;			/* 4 or 6 */
	unsigned char addr[16];
} ParsedIp;

extern bool core_parse_ip(const char *s, size_t len, ParsedIp *ip);

#endif							/* IOTATRAIL_VALUE_PARSE_H */
