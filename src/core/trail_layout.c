/*-------------------------------------------------------------------------
 *
 * trail_layout.c
 *	  Key-layout pruning: decide from a prefix alone whether the objects
 *	  under it can hold events a filter on account, region and delivery
 *	  day wants, and whether walking deeper can prune more.
 *
 * Anything that does not look like the layout is kept: pruning may only
 * ever skip what cannot match.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "trail_layout.h"

typedef struct Parsed
{
	TrailSegment kind;
	const char *seg;			/* the last segment */
	size_t		seglen;
	int			year;
	int			month;
	int			day;
	const char *account;		/* the account and region segments seen */
	size_t		account_len;
	const char *region;
	size_t		region_len;
} Parsed;

static bool
all_digits(const char *s, size_t n, size_t want)
{
	if (n != want)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
number(const char *s, size_t n)
{
	int			v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * What segment p (n bytes) of the layout is, when the layout expects *next
 * there: TS_UNKNOWN when it is not that.  Moves *next on and notes the
 * account, region and date in out.
 */
static TrailSegment
classify_segment(const char *p, size_t n, TrailSegment *next, Parsed *out)
{
	switch (*next)
	{
		case TS_ACCOUNT:
			if (n > 2 && memcmp(p, "o-", 2) == 0)
				return TS_ORG;	/* and an account still comes next */
			if (!all_digits(p, n, 12))
				return TS_UNKNOWN;
			out->account = p;
			out->account_len = n;
			*next = TS_SERVICE;
			return TS_ACCOUNT;
		case TS_SERVICE:
			*next = TS_REGION;
			return TS_SERVICE;
		case TS_REGION:
			out->region = p;
			out->region_len = n;
			*next = TS_YEAR;
			return TS_REGION;
		case TS_YEAR:
			if (!all_digits(p, n, 4))
				return TS_UNKNOWN;
			out->year = number(p, n);
			*next = TS_MONTH;
			return TS_YEAR;
		case TS_MONTH:
			if (!all_digits(p, n, 2) || number(p, n) < 1 || number(p, n) > 12)
				return TS_UNKNOWN;
			out->month = number(p, n);
			*next = TS_DAY;
			return TS_MONTH;
		case TS_DAY:
			if (!all_digits(p, n, 2) || number(p, n) < 1 || number(p, n) > 31)
				return TS_UNKNOWN;
			out->day = number(p, n);
			*next = TS_UNKNOWN;
			return TS_DAY;
		default:
			return TS_UNKNOWN;
	}
}

/* Walk the segments of prefix (each ending in '/') and classify the last */
static void
parse_prefix(const char *prefix, size_t len, Parsed *out)
{
	const char *p = prefix;
	const char *end = prefix + len;
	TrailSegment next = TS_UNKNOWN;	/* what the next segment should be */
	bool		in_layout = false;

	memset(out, 0, sizeof(*out));
	while (p < end)
	{
		const char *slash = memchr(p, '/', end - p);
		size_t		n;
		TrailSegment kind = TS_UNKNOWN;

		if (slash == NULL)
			break;				/* a partial last segment says nothing */
		n = slash - p;
		if (n == 7 && memcmp(p, "AWSLogs", 7) == 0)
		{
			kind = TS_ROOT;
			next = TS_ACCOUNT;
			in_layout = true;
		}
		else if (in_layout)
		{
			kind = classify_segment(p, n, &next, out);
			if (kind == TS_UNKNOWN)
				in_layout = false;	/* off the layout: nothing below prunes */
		}
		out->kind = kind;
		out->seg = p;
		out->seglen = n;
		p = slash + 1;
	}
}

TrailSegment
core_trail_prefix_segment(const char *prefix, size_t len)
{
	Parsed		parsed;

	parse_prefix(prefix, len, &parsed);
	return parsed.kind;
}

/*
 * core_trail_name_is_digest
 *		The one rule for what is a digest and not a log file: a path
 *		component that is a trail's digest folder ("CloudTrail-Digest", as in
 *		AWSLogs/<account>/CloudTrail-Digest/) or a digest file's name
 *		(<account>_CloudTrail-Digest_<region>_..._<stamp>.json.gz).  Only the
 *		one component counts, so a folder above the trail whose name merely
 *		contains the token (a bucket prefix, a backup directory) hides nothing.
 */
bool
core_trail_name_is_digest(const char *name, size_t len)
{
	static const char folder[] = "CloudTrail-Digest";
	static const char token[] = "_CloudTrail-Digest_";
	static const char suffix[] = ".json.gz";
	const size_t flen = sizeof(folder) - 1;
	const size_t tlen = sizeof(token) - 1;
	const size_t slen = sizeof(suffix) - 1;

	if (len == flen && memcmp(name, folder, flen) == 0)
		return true;
	if (len < tlen + slen || memcmp(name + len - slen, suffix, slen) != 0)
		return false;
	for (size_t i = 0; i + tlen <= len - slen; i++)
		if (memcmp(name + i, token, tlen) == 0)
			return true;
	return false;
}

/*
 * core_trail_path_is_digest
 *		core_trail_name_is_digest on the last component of a path or key (a
 *		trailing '/' of a folder is ignored); NULL is not a digest.
 */
bool
core_trail_path_is_digest(const char *path)
{
	size_t		len,
				start;

	if (path == NULL)
		return false;
	len = strlen(path);
	if (len > 0 && path[len - 1] == '/')
		len--;
	start = len;
	while (start > 0 && path[start - 1] != '/')
		start--;
	return core_trail_name_is_digest(path + start, len - start);
}

static bool
listed(const char *const *values, int n, const char *s, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(values[i]) == len && memcmp(values[i], s, len) == 0)
			return true;
	return false;
}

bool
core_trail_filter_active(const TrailFilter *f)
{
	return f && (f->nothing || f->has_days || f->regions || f->accounts);
}

bool
core_trail_prefix_may_match(const TrailFilter *f, const char *prefix, size_t len)
{
	Parsed		p;
	int32_t		lo,
				hi;

	if (f == NULL)
		return true;
	if (f->nothing)
		return false;
	parse_prefix(prefix, len, &p);
	switch (p.kind)
	{
		case TS_ACCOUNT:
			return f->accounts == NULL || listed(f->accounts, f->naccounts, p.seg, p.seglen);
		case TS_SERVICE:
			/* digests are not events */
			return !core_trail_name_is_digest(p.seg, p.seglen);
		case TS_REGION:
			return f->regions == NULL || listed(f->regions, f->nregions, p.seg, p.seglen);
		case TS_YEAR:
			if (!f->has_days)
				return true;
			lo = (int32_t) core_days_from_civil(p.year, 1, 1);
			hi = (int32_t) core_days_from_civil(p.year, 12, 31);
			return lo <= f->last_day && hi >= f->first_day;
		case TS_MONTH:
			if (!f->has_days)
				return true;
			lo = (int32_t) core_days_from_civil(p.year, p.month, 1);
			hi = (int32_t) core_days_from_civil(p.year, p.month, core_days_in_month(p.year, p.month));
			return lo <= f->last_day && hi >= f->first_day;
		case TS_DAY:
			if (!f->has_days)
				return true;
			if (p.day > core_days_in_month(p.year, p.month))
				return true;	/* not a date: keep */
			lo = (int32_t) core_days_from_civil(p.year, p.month, p.day);
			return lo <= f->last_day && lo >= f->first_day;
		default:
			return true;
	}
}

/* Whether the first len bytes of prefix hold the AWSLogs/ segment */
static bool
span_has_root(const char *prefix, size_t len)
{
	if (len >= 8 && memcmp(prefix, "AWSLogs/", 8) == 0)
		return true;
	for (size_t i = 0; i + 9 <= len; i++)
		if (prefix[i] == '/' && memcmp(prefix + i, "/AWSLogs/", 9) == 0)
			return true;
	return false;
}

bool
core_trail_prefix_needs_walk(const TrailFilter *f, const char *prefix, size_t len)
{
	Parsed		p;
	bool		any = core_trail_filter_active(f);

	if (!any)
		return false;
	parse_prefix(prefix, len, &p);
	switch (p.kind)
	{
		case TS_UNKNOWN:
			/* before AWSLogs (a custom prefix): look for it; after: no use */
			return !(p.seg != NULL && len > 0 && span_has_root(prefix, len));
		case TS_ROOT:
		case TS_ORG:
			return true;
		case TS_ACCOUNT:
		case TS_SERVICE:
			return f->regions != NULL || f->has_days;
		case TS_REGION:
		case TS_YEAR:
		case TS_MONTH:
			return f->has_days;
		default:
			return false;
	}
}

/*
 * Where a key stands in the walk of a listing that starts at its first
 * root_len bytes, as a string whose byte order is the walk's order: a
 * level the walk lists with delimiter '/' gives its objects (marked 1)
 * before its prefixes (marked 2), each group in key order; below a level
 * listed whole, the rest of the key as it is.  Written to out (NUL
 * terminated when it fits, like snprintf); returns its length.
 */
size_t
core_trail_walk_position(const TrailFilter *f, const char *key, size_t root_len,
					char *out, size_t outlen)
{
	size_t		keylen = strlen(key);
	size_t		pos = root_len < keylen ? root_len : keylen;
	size_t		n = 0;

#define PUT(c) do { if (n + 1 < outlen) out[n] = (c); n++; } while (0)
	while (core_trail_prefix_needs_walk(f, key, pos))
	{
		const char *slash = memchr(key + pos, '/', keylen - pos);

		if (slash == NULL)
		{
			PUT('\001');
			break;
		}
		PUT('\002');
		for (; key + pos <= slash; pos++)
			PUT(key[pos]);
	}
	for (; pos < keylen; pos++)
		PUT(key[pos]);
#undef PUT
	if (outlen > 0)
		out[n < outlen ? n : outlen - 1] = '\0';
	return n;
}

/*
 * In the first day folder of a time range, the key to start listing after:
 * log files are named <account>_CloudTrail_<region>_<delivery stamp>_...,
 * and a file delivered before the earliest wanted event holds none of it.
 */
bool
core_trail_day_start_after(const TrailFilter *f, const char *prefix, size_t len,
					  char *out, size_t outlen)
{
	Parsed		p;
	int			n;

	if (f == NULL || !f->has_days || f->first_stamp[0] == '\0')
		return false;
	parse_prefix(prefix, len, &p);
	if (p.kind != TS_DAY || p.account == NULL || p.region == NULL ||
		(int32_t) core_days_from_civil(p.year, p.month, p.day) != f->first_day)
		return false;
	n = snprintf(out, outlen, "%.*s%.*s_CloudTrail_%.*s_%s", (int) len, prefix,
				 (int) p.account_len, p.account, (int) p.region_len, p.region,
				 f->first_stamp);
	return n > 0 && (size_t) n < outlen;
}

/*
 * Whether a log file's key (or path) names it as delivered after the
 * latest delivery that can hold a wanted event: in a day folder of the
 * layout, a name <account>_CloudTrail_<region>_<stamp>_... of that folder's
 * account and region, whose stamp is later than the filter's last_stamp.
 * Any other name is kept.
 */
bool
core_trail_key_delivered_after(const TrailFilter *f, const char *key, size_t len)
{
	Parsed		p;
	const char *slash = NULL;
	const char *name;
	size_t		namelen;
	size_t		head;

	if (f == NULL || !f->has_days || f->last_stamp[0] == '\0')
		return false;
	for (size_t i = len; i > 0; i--)
		if (key[i - 1] == '/')
		{
			slash = key + i - 1;
			break;
		}
	if (slash == NULL)
		return false;
	parse_prefix(key, slash - key + 1, &p);
	if (p.kind != TS_DAY || p.account == NULL || p.region == NULL)
		return false;
	name = slash + 1;
	namelen = key + len - name;
	/* <account>_CloudTrail_<region>_ */
	head = p.account_len + 12 + p.region_len + 1;
	if (namelen < head + TRAIL_STAMP_LEN ||
		memcmp(name, p.account, p.account_len) != 0 ||
		memcmp(name + p.account_len, "_CloudTrail_", 12) != 0 ||
		memcmp(name + p.account_len + 12, p.region, p.region_len) != 0 ||
		name[head - 1] != '_' ||
		!all_digits(name + head, 8, 8) || name[head + 8] != 'T' ||
		!all_digits(name + head + 9, 4, 4) || name[head + 13] != 'Z')
		return false;
	return memcmp(name + head, f->last_stamp, TRAIL_STAMP_LEN) > 0;
}
