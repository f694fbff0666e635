/*-------------------------------------------------------------------------
 *
 * aws_ini.c
 *	  Look up a key in an AWS shared credentials or config file.
 *
 * The files are INI-like: "[section]" headers, "key = value" lines, '#' and
 * ';' comments.  The config file names profiles "[profile name]" (except
 * "[default]"), the credentials file "[name]"; core_aws_ini_lookup accepts both.
 * Indented lines continue a nested setting (s3 = ...) and are ignored.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <string.h>

#include "aws_ini.h"

/* Trim whitespace (a line's CR too) from both ends of [*s, *e) */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && core_is_space(**s))
		(*s)++;
	while (*e > *s && core_is_space((*e)[-1]))
		(*e)--;
}

static bool
equals(const char *s, const char *e, const char *word)
{
	size_t		n = strlen(word);

	return (size_t) (e - s) == n && memcmp(s, word, n) == 0;
}

/* Whether the header text [s, e) names profile */
static bool
section_matches(const char *s, const char *e, const char *profile)
{
	trim(&s, &e);
	if (e - s > 8 && memcmp(s, "profile", 7) == 0 && core_is_blank(s[7]))
	{
		s += 8;
		trim(&s, &e);
	}
	return equals(s, e, profile);
}

bool
core_aws_ini_lookup(const char *text, size_t len, const char *profile,
			   const char *key, char *out, size_t outlen)
{
	const char *p = text;
	const char *end = text + len;
	bool		in_section = false;

	while (p < end)
	{
		const char *line = p;
		const char *eol = memchr(p, '\n', end - p);
		const char *s,
				   *e;

		if (eol == NULL)
			eol = end;
		p = eol < end ? eol + 1 : end;
		s = line;
		e = eol;
		if (s < e && core_is_blank(*s))
			continue;			/* a nested setting's continuation */
		trim(&s, &e);
		if (s == e || *s == '#' || *s == ';')
			continue;
		if (*s == '[')
		{
			const char *close = memchr(s, ']', e - s);

			in_section = close != NULL && section_matches(s + 1, close, profile);
			continue;
		}
		if (!in_section)
			continue;
		{
			const char *eq = memchr(s, '=', e - s);
			const char *ks = s,
					   *ke,
					   *vs,
					   *ve = e;

			if (eq == NULL)
				continue;
			ke = eq;
			vs = eq + 1;
			trim(&ks, &ke);
			trim(&vs, &ve);
			if (!equals(ks, ke, key))
				continue;
			if ((size_t) (ve - vs) >= outlen)
				return false;
			memcpy(out, vs, ve - vs);
			out[ve - vs] = '\0';
			return true;
		}
	}
	return false;
}
