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

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

/*
 * ISO 8601 date-time: extended (2024-05-01T10:00:00Z, optional fraction,
 * 'T' or ' ', zone Z or +hh:mm / +hhmm, no zone = UTC) or basic
 * (20131102T010628Z), the form some sessionContext dates use.
 */
bool
parse_iso8601(const char *s, size_t len, int64_t *usec)
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
	if (p < end && (*p == '.' || *p == ','))
	{
		int			n = 0;

		p++;
		if (p >= end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9')
		{
			if (n < 6)
			{
				frac = frac * 10 + (*p - '0');
				n++;
			}
			p++;
		}
		while (n++ < 6)
			frac *= 10;
	}
	if (p < end && (*p == 'Z' || *p == 'z'))
		p++;
	else if (p < end && (*p == '+' || *p == '-'))
	{
		int			sign = *p == '-' ? -1 : 1;
		int			oh,
					om = 0;

		p++;
		if (!digits(&p, end, 2, &oh))
			return false;
		if (p < end && *p == ':')
			p++;
		if (p < end && !digits(&p, end, 2, &om))
			return false;
		if (oh > 23 || om > 59)
			return false;
		offset = sign * (oh * 3600 + om * 60);
	}
	if (p != end)
		return false;
	if (!valid_date(y, mo, d) || h > 24 || mi > 59 || se > 60 ||
		(h == 24 && (mi != 0 || se != 0 || frac != 0)))
		return false;
	{
		/* 2000-01-01 is 10957 days after 1970-01-01 */
		int64_t		days = days_from_civil(y, mo, d) - 10957;
		int64_t		secs = days * 86400 + h * 3600 + mi * 60 + se - offset;

		*usec = secs * 1000000 + frac;
	}
	return true;
}

/* Canonical 8-4-4-4-12 hex UUID (either case) */
bool
parse_uuid(const char *s, size_t len, unsigned char out[16])
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
parse_ip(const char *s, size_t len, ParsedIp *ip)
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
