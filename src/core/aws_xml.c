/*-------------------------------------------------------------------------
 *
 * aws_xml.c
 *	  Just enough XML for S3 and STS answers: find an element by name,
 *	  take its text with entities decoded.
 *
 * S3's ListObjectsV2 result, its Error documents and STS's AssumeRole
 * result are flat and machine-written; a scanner that finds
 * <Name ...>text</Name> (or <Name/>) and decodes the five named entities,
 * numeric references and CDATA reads them all.  Every access is bounds
 * checked: any input is safe, malformed input gives "not found" or an
 * error, never a read past the buffer.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "aws_xml.h"

/* Whether [p, end) starts with the open tag <name followed by '>', '/' or space */
static bool
opens(const char *p, const char *end, const char *name, size_t nlen)
{
	if ((size_t) (end - p) < nlen + 2 || p[0] != '<' ||
		memcmp(p + 1, name, nlen) != 0)
		return false;
	p += 1 + nlen;
	return *p == '>' || *p == '/' || core_is_space(*p);
}

bool
core_aws_xml_find(const char *doc, size_t len, const char *name,
			 AwsXmlElement *el)
{
	const char *p = doc;
	const char *end = doc + len;
	size_t		nlen = strlen(name);

	while (p < end)
	{
		const char *lt = memchr(p, '<', end - p);
		const char *gt;

		if (lt == NULL)
			return false;
		if (!opens(lt, end, name, nlen))
		{
			p = lt + 1;
			continue;
		}
		gt = memchr(lt, '>', end - lt);
		if (gt == NULL)
			return false;
		if (gt[-1] == '/')
		{
			el->content = gt + 1;
			el->content_len = 0;
			el->after = gt + 1;
			return true;
		}
		/* the matching close tag; same-named nesting does not occur in S3 */
		{
			const char *q = gt + 1;

			while (q < end)
			{
				const char *c = memchr(q, '<', end - q);

				if (c == NULL)
					return false;
				if ((size_t) (end - c) >= nlen + 3 && c[1] == '/' &&
					memcmp(c + 2, name, nlen) == 0 && c[2 + nlen] == '>')
				{
					el->content = gt + 1;
					el->content_len = c - (gt + 1);
					el->after = c + 3 + nlen;
					return true;
				}
				/* skip a CDATA section whole: it may hold '<' */
				if ((size_t) (end - c) >= 9 && memcmp(c, "<![CDATA[", 9) == 0)
				{
					const char *ce = memmem(c + 9, end - c - 9, "]]>", 3);

					if (ce == NULL)
						return false;
					q = ce + 3;
					continue;
				}
				q = c + 1;
			}
			return false;
		}
	}
	return false;
}

/*
 * The character an entity stands for (its name from p to semi, past the
 * '&'), written to out as UTF-8: its length, or 0 when it is not one of
 * XML's five or a character reference to a character text may hold
 */
static int
xml_entity(const char *p, const char *semi, char *out)
{
	static const struct
	{
		const char *name;
		char		c;
	}			named[] = {
		{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}
	};
	size_t		len = semi - p;
	unsigned long cp = 0;
	bool		hex;
	const char *d;

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (len == strlen(named[i].name) && memcmp(p, named[i].name, len) == 0)
		{
			*out = named[i].c;
			return 1;
		}
	if (len < 2 || p[0] != '#')
		return 0;
	hex = p[1] == 'x' || p[1] == 'X';
	d = p + (hex ? 2 : 1);
	if (d == semi)
		return 0;
	for (; d < semi; d++)
	{
		int			v;

		if (*d >= '0' && *d <= '9')
			v = *d - '0';
		else if (hex && (*d | 0x20) >= 'a' && (*d | 0x20) <= 'f')
			v = (*d | 0x20) - 'a' + 10;
		else
			return 0;
		cp = cp * (hex ? 16 : 10) + v;
		if (cp > 0x10FFFF)
			return 0;
	}
	if (!core_codepoint_valid(cp, false))
		return 0;
	return core_utf8_encode(cp, out);
}

char *
core_aws_xml_text(const CoreAllocator *a, const AwsXmlElement *el,
			 char *errbuf, size_t errlen)
{
	const char *p = el->content;
	const char *end = el->content + el->content_len;
	/* decoding never lengthens: &#x10FFFF; is 10 bytes for 4 */
	char	   *out = a->alloc(a->ctx, el->content_len + 1);
	size_t		n = 0;

	while (p < end)
	{
		if (*p == '&')
		{
			const char *semi = memchr(p, ';', end - p < 12 ? end - p : 12);
			int			w = semi ? xml_entity(p + 1, semi, out + n) : 0;

			if (w == 0)
				goto bad_entity;
			n += w;
			p = semi + 1;
		}
		else if (*p == '<')
		{
			const char *ce;

			if ((size_t) (end - p) < 9 || memcmp(p, "<![CDATA[", 9) != 0 ||
				(ce = memmem(p + 9, end - p - 9, "]]>", 3)) == NULL)
			{
				snprintf(errbuf, errlen, "unexpected markup inside an element at byte %zu of its text",
						 (size_t) (p - el->content));
				a->free(a->ctx, out);
				return NULL;
			}
			memcpy(out + n, p + 9, ce - p - 9);
			n += ce - p - 9;
			p = ce + 3;
		}
		else
			out[n++] = *p++;
	}
	out[n] = '\0';
	return out;

bad_entity:
	snprintf(errbuf, errlen, "invalid character reference at byte %zu of an element's text",
			 (size_t) (p - el->content));
	a->free(a->ctx, out);
	return NULL;
}

char *
core_aws_xml_value(const CoreAllocator *a, const char *doc, size_t len,
			  const char *name)
{
	AwsXmlElement el;
	char		err[CORE_ERRLEN];

	if (!core_aws_xml_find(doc, len, name, &el))
		return NULL;
	return core_aws_xml_text(a, &el, err, sizeof(err));
}
