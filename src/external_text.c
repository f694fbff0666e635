/*-------------------------------------------------------------------------
 *
 * external_text.c
 *	  Names that come from outside the database (file names, S3 keys,
 *	  ETags) become text only when they are valid in the database encoding.
 *
 * A text value with invalid bytes can be stored, but pg_dump's COPY of it
 * fails at restore and takes the table's valid rows with it; so such a
 * name is refused where it is first seen, and shown escaped in the error.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"

#include "backend_support.h"

/* Whether s may be stored as text of the database encoding */
bool
external_text_valid(const char *s)
{
	return pg_verifymbstr(s, strlen(s), true);
}

/*
 * s for an error message: valid characters as they are, every byte of an
 * invalid sequence and every control character as \xNN.
 */
char *
external_text_escaped(const char *s)
{
	StringInfoData buf;
	int			encoding = GetDatabaseEncoding();
	int			left = strlen(s);

	initStringInfo(&buf);
	while (left > 0)
	{
		unsigned char c = (unsigned char) *s;
		int			n = pg_encoding_verifymbchar(encoding, s, left);

		if (n <= 0 || c < 0x20 || c == 0x7f)
		{
			appendStringInfo(&buf, "\\x%02X", c);
			n = 1;
		}
		else
			appendBinaryStringInfo(&buf, s, n);
		s += n;
		left -= n;
	}
	return buf.data;
}
