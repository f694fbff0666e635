/*-------------------------------------------------------------------------
 *
 * value_parse.c
 *	  Strict parsers for timestamps, UUIDs and IP addresses.
 *
 * All return false on anything they do not fully understand; the caller
 * decides whether that makes a bad record (eventTime) or a NULL column.
 *
 *-------------------------------------------------------------------------
 */
#include <arpa/inet.h>
#include <string.h>

#include "value_parse.h"

/* Read n decimal digits at *p, advancing it */
static bool
digits(const char **p, const char *end, int n, int *out)
{
	int			v = 0;

	if (end - *p < n)
		return false;
	for (int i = 0; i < n; i++)
	{
		char		c = (*p)[i];

		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool
valid_date(int y, int m, int d)
{
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= core_days_in_month(y, m);
}

/*
 * An optional fraction of a second at *p ('.' or ',' and digits), as
 * microseconds: digits past the sixth are read and dropped
 */
static bool
iso_fraction(const char **pp, const char *end, int64_t *frac)
{
	const char *p = *pp;
	int			n = 0;

	*frac = 0;
	if (p >= end || (*p != '.' && *p != ','))
		return true;
	p++;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9')
	{
		if (n < 6)
		{
			*frac = *frac * 10 + (*p - '0');
			n++;
		}
		p++;
	}
	while (n++ < 6)
		*frac *= 10;
	*pp = p;
	return true;
}

/* An optional zone at *p: Z, or +hh:mm / +hhmm / +hh, as seconds east */
static bool
iso_zone(const char **pp, const char *end, int *offset)
{
	const char *p = *pp;
	int			sign;
	int			oh,
				om = 0;

	*offset = 0;
	if (p < end && (*p == 'Z' || *p == 'z'))
	{
		*pp = p + 1;
		return true;
	}
	if (p >= end || (*p != '+' && *p != '-'))
		return true;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (!digits(&p, end, 2, &oh))
		return false;
	if (p < end && *p == ':')
		p++;
	if (p < end && !digits(&p, end, 2, &om))
		return false;
	if (oh > 23 || om > 59)
		return false;
	*offset = sign * (oh * 3600 + om * 60);
	*pp = p;
	return true;
}

/*
 * ISO 8601 date-time: extended (2024-05-01T10:00:00Z, optional fraction,
 * 'T' or ' ', zone Z or +hh:mm / +hhmm, no zone = UTC) or basic
 * (20131102T010628Z), the form some sessionContext dates use.
 */
bool
core_parse_iso8601(const char *s, size_t len, int64_t *usec)
{
	const char *p = s;
	const char *end = s + len;
	int			y,
				mo,
				d,
				h,
				mi,
				se;
	int64_t		frac = 0;
	int			offset = 0;
	bool		basic;

	if (!digits(&p, end, 4, &y))
		return false;
	basic = p < end && *p != '-';
	if (!basic)
		p++;
	if (!digits(&p, end, 2, &mo))
		return false;
	if (!basic && (p >= end || *p++ != '-'))
		return false;
	if (!digits(&p, end, 2, &d))
		return false;
	if (p >= end || (*p != 'T' && *p != ' ' && *p != 't'))
		return false;
	p++;
	if (!digits(&p, end, 2, &h))
		return false;
	if (!basic && (p >= end || *p++ != ':'))
		return false;
	if (!digits(&p, end, 2, &mi))
		return false;
	if (!basic && (p >= end || *p++ != ':'))
		return false;
	if (!digits(&p, end, 2, &se))
		return false;
	if (!iso_fraction(&p, end, &frac) || !iso_zone(&p, end, &offset))
		return false;
	if (p != end)
		return false;
	if (!valid_date(y, mo, d) || h > 24 || mi > 59 || se > 60 ||
		(h == 24 && (mi != 0 || se != 0 || frac != 0)))
		return false;
	{
		int64_t		days = core_days_from_civil(y, mo, d) - CORE_UNIX_TO_PG_EPOCH_DAYS;
		int64_t		secs = days * 86400 + h * 3600 + mi * 60 + se - offset;

		*usec = secs * 1000000 + frac;
	}
	return true;
}


/*
 * Digits (optional sign and fraction) as a Unix epoch.  The magnitude picks
 * the unit: below 1e11 it is seconds (1e11 s is the year 5138), below 1e14
 * milliseconds, below 1e17 microseconds.
 */
static bool
parse_epoch(const char *s, size_t len, int64_t *usec)
{
	const char *p = s;
	const char *end = s + len;
	bool		negative = false;
	int64_t		whole = 0;
	int64_t		frac = 0;			/* fraction in units of 1e-9 */
	int64_t		scale = 100000000;
	int			ndigits = 0;
	int64_t		per_unit;

	if (p < end && (*p == '-' || *p == '+'))
		negative = (*p++ == '-');
	while (p < end && *p >= '0' && *p <= '9')
	{
		if (++ndigits > 17)
			return false;
		whole = whole * 10 + (*p++ - '0');
	}
	if (ndigits == 0)
		return false;
	if (p < end && *p == '.')
	{
		p++;
		while (p < end && *p >= '0' && *p <= '9')
		{
			frac += (*p++ - '0') * scale;
			scale /= 10;
		}
	}
	if (p != end)
		return false;
	if (whole < INT64_C(100000000000))
		per_unit = 1000000;
	else if (whole < INT64_C(100000000000000))
		per_unit = 1000;
	else if (whole < INT64_C(100000000000000000))
		per_unit = 1;
	else
		return false;
	{
		int64_t		magnitude = whole * per_unit + frac * per_unit / 1000000000;

		*usec = (negative ? -magnitude : magnitude) -
			CORE_UNIX_TO_PG_EPOCH_SECS * 1000000;
	}
	return true;
}

/* "Feb 14, 2018 11:55:14 PM", full month names and 24-hour clock too */
static bool
parse_java_date(const char *s, size_t len, int64_t *usec)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"};
	const char *p = s;
	const char *end = s + len;
	int			mo = 0,
				d = 0,
				y,
				h = 0,
				mi,
				se;
	int			n;

	if (end - p < 3)
		return false;
	for (int i = 0; i < 12; i++)
	{
		bool		match = true;

		for (int j = 0; j < 3; j++)
			if ((p[j] | 0x20) != months[i][j])
				match = false;
		if (match)
			mo = i + 1;
	}
	if (mo == 0)
		return false;
	while (p < end && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
		p++;
	if (p >= end || *p++ != ' ')
		return false;
	for (n = 0; n < 2 && p < end && *p >= '0' && *p <= '9'; n++)
		d = d * 10 + (*p++ - '0');
	if (n == 0 || p >= end || *p++ != ',')
		return false;
	if (p < end && *p == ' ')
		p++;
	if (!digits(&p, end, 4, &y))
		return false;
	if (p >= end || *p++ != ' ')
		return false;
	for (n = 0; n < 2 && p < end && *p >= '0' && *p <= '9'; n++)
		h = h * 10 + (*p++ - '0');
	if (n == 0 || p >= end || *p++ != ':' || !digits(&p, end, 2, &mi) ||
		p >= end || *p++ != ':' || !digits(&p, end, 2, &se))
		return false;
	if (p < end)
	{
		bool		pm;

		/* Java puts a space, or a narrow no-break space (U+202F), first */
		if (*p == ' ')
			p++;
		else if (end - p >= 3 && memcmp(p, "\xE2\x80\xAF", 3) == 0)
			p += 3;
		else
			return false;
		if (end - p != 2 || (p[1] | 0x20) != 'm' ||
			((p[0] | 0x20) != 'a' && (p[0] | 0x20) != 'p'))
			return false;
		pm = (p[0] | 0x20) == 'p';
		if (h < 1 || h > 12)
			return false;
		h = (h % 12) + (pm ? 12 : 0);
	}
	if (!valid_date(y, mo, d) || h > 23 || mi > 59 || se > 59)
		return false;
	*usec = ((core_days_from_civil(y, mo, d) - CORE_UNIX_TO_PG_EPOCH_DAYS) * 86400 +
			 h * 3600 + mi * 60 + se) * INT64_C(1000000);
	return true;
}

bool
core_parse_timestamp_loose(const char *s, size_t len, int64_t *usec)
{
	while (len > 0 && core_is_blank(*s))
		s++, len--;
	while (len > 0 && core_is_blank(s[len - 1]))
		len--;
	return core_parse_iso8601(s, len, usec) ||
		parse_epoch(s, len, usec) ||
		parse_java_date(s, len, usec);
}

/* Canonical 8-4-4-4-12 hex UUID (either case) */
bool
core_parse_uuid(const char *s, size_t len, unsigned char out[16])
{
	int			j = 0;

	if (len != 36)
		return false;
	for (size_t i = 0; i < 36; i++)
	{
		char		c = s[i];
		int			v;

		if (i == 8 || i == 13 || i == 18 || i == 23)
		{
			if (c != '-')
				return false;
			continue;
		}
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return false;
		if (j % 2 == 0)
			out[j / 2] = (unsigned char) (v << 4);
		else
			out[j / 2] |= (unsigned char) v;
		j++;
	}
	return true;
}

/* IPv4 dotted quad or IPv6 text; service names and "AWS Internal" fail */
bool
core_parse_ip(const char *s, size_t len, ParsedIp *ip)
{
	char		buf[64];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, ip->addr) == 1)
	{
		ip->family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, buf, ip->addr) == 1)
	{
		ip->family = 6;
		return true;
	}
	return false;
}
