/*-------------------------------------------------------------------------
 *
 * jsonb_build.c
 *	  Write jsonb straight from JSON text the splitter already validated.
 *
 * jsonb_in lexes the text again, builds a JsonbValue tree through parser
 * callbacks and then serializes it; for whole records that was most of the
 * cost of reading every column.  Here each object's members are listed from
 * the text, sorted as jsonb orders keys (shorter first, then bytewise; the
 * last of duplicate keys wins) and written in jsonb's on-disk layout, the
 * one convertToJsonb writes: a container header, a JEntry per key and value
 * (every JB_OFFSET_STRIDE'th holding an end offset instead of a length),
 * then the keys' bytes and the values, numerics and nested containers
 * aligned to four bytes.  Numbers go through numeric_in, as in jsonb_in.
 *
 * The input must be valid JSON whose strings jsonb accepts: callers pass
 * text through json_sanitize first when json_needs_sanitize says so, and
 * use jsonb_in when the database encoding is not UTF-8.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "iotatrail.h"
#include "json_scan.h"

/* One object member, for sorting */
typedef struct BuildMember
{
	const char *key;			/* decoded key bytes */
	uint32		keylen;
	int			order;			/* position in the text */
	JsonSlice	value;
} BuildMember;

static void build_value(StringInfo buf, JsonSlice v, JEntry *header);

/* Pad the buffer to a four-byte boundary; returns the padding added */
static int
pad_to_int(StringInfo buf)
{
	int			pad = INTALIGN(buf->len) - buf->len;

	if (pad > 0)
	{
		enlargeStringInfo(buf, pad);
		memset(buf->data + buf->len, 0, pad);
		buf->len += pad;
	}
	return pad;
}

/* Room for n JEntries; returns their offset in the buffer */
static int
reserve_jentries(StringInfo buf, int n)
{
	int			off = buf->len;

	enlargeStringInfo(buf, sizeof(JEntry) * n);
	buf->len += sizeof(JEntry) * n;
	return off;
}

static void
put_jentry(StringInfo buf, int off, JEntry e)
{
	memcpy(buf->data + off, &e, sizeof(JEntry));
}

static void
check_length(int totallen)
{
	if (totallen > JENTRY_OFFLENMASK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("total size of jsonb object elements exceeds the maximum of %u bytes",
						JENTRY_OFFLENMASK)));
}

/* Keys in jsonb order: by length, then bytes; the later duplicate first */
static int
member_cmp(const void *a, const void *b)
{
	const BuildMember *ma = a;
	const BuildMember *mb = b;

	if (ma->keylen != mb->keylen)
		return ma->keylen > mb->keylen ? 1 : -1;
	{
		int			c = memcmp(ma->key, mb->key, ma->keylen);

		if (c != 0)
			return c;
	}
	return ma->order > mb->order ? -1 : 1;
}

/* A string's decoded bytes appended; returns their length */
static int
append_string(StringInfo buf, JsonSlice s)
{
	size_t		n;

	enlargeStringInfo(buf, (int) JSON_DECODE_MAX(s.len));
	n = json_string_decode(s, buf->data + buf->len);
	buf->len += (int) n;
	if (n > JENTRY_OFFLENMASK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("string too long to represent as jsonb string")));
	return (int) n;
}

/* A scalar's data appended; *header gets its JEntry (length, not offset) */
static void
build_scalar(StringInfo buf, JsonSlice v, JEntry *header)
{
	switch (v.type)
	{
		case JT_STRING:
			*header = (JEntry) append_string(buf, v);
			break;
		case JT_TRUE:
			*header = JENTRY_ISBOOL_TRUE;
			break;
		case JT_FALSE:
			*header = JENTRY_ISBOOL_FALSE;
			break;
		case JT_NULL:
			*header = JENTRY_ISNULL;
			break;
		default:
			{
				char		small[64];
				char	   *text = v.len < sizeof(small) ? small : palloc(v.len + 1);
				Numeric		num;
				int			pad;
				int			numlen;

				memcpy(text, v.p, v.len);
				text[v.len] = '\0';
				num = DatumGetNumeric(DirectFunctionCall3(numeric_in,
														  CStringGetDatum(text),
														  ObjectIdGetDatum(InvalidOid),
														  Int32GetDatum(-1)));
				pad = pad_to_int(buf);
				numlen = VARSIZE_ANY(num);
				appendBinaryStringInfo(buf, (char *) num, numlen);
				*header = JENTRY_ISNUMERIC | (pad + numlen);
				break;
			}
	}
}

/* An array: header, element JEntries, elements */
static void
build_array(StringInfo buf, JsonSlice v, JEntry *header, bool raw_scalar)
{
	int			base = buf->len;
	int			n = 0;
	int			jentries;
	int			totallen = 0;
	uint32		chead;
	const char *p;
	const char *end = v.p + v.len - 1;

	/* count the elements first: the JEntries come before them */
	if (raw_scalar)
		n = 1;
	else
		for (p = v.p + 1;;)
		{
			JsonSlice	e = json_slice(p, end);

			if (e.type == JT_ABSENT)
				break;
			n++;
			p = e.p + e.len;
			while (p < end && *p != ',')
				p++;
			if (p >= end)
				break;
			p++;
		}

	pad_to_int(buf);
	chead = (uint32) n | JB_FARRAY | (raw_scalar ? JB_FSCALAR : 0);
	appendBinaryStringInfo(buf, (char *) &chead, sizeof(uint32));
	jentries = reserve_jentries(buf, n);

	p = raw_scalar ? v.p : v.p + 1;
	for (int i = 0; i < n; i++)
	{
		JsonSlice	e = raw_scalar ? v : json_slice(p, end);
		JEntry		meta;

		build_value(buf, e, &meta);
		totallen += JBE_OFFLENFLD(meta);
		check_length(totallen);
		if (i % JB_OFFSET_STRIDE == 0)
			meta = (meta & JENTRY_TYPEMASK) | totallen | JENTRY_HAS_OFF;
		put_jentry(buf, jentries + i * (int) sizeof(JEntry), meta);
		if (!raw_scalar)
		{
			p = e.p + e.len;
			while (p < end && *p != ',')
				p++;
			p++;
		}
	}
	*header = JENTRY_ISCONTAINER | (buf->len - base);
}

/* An object: header, key JEntries, value JEntries, keys, values */
static void
build_object(StringInfo buf, JsonSlice v, JEntry *header)
{
	BuildMember local[32];
	BuildMember *m = local;
	int			cap = lengthof(local);
	int			n = 0;
	int			base = buf->len;
	int			jentries;
	int			totallen = 0;
	uint32		chead;
	JsonObjectIter it;
	const char *key;
	size_t		keylen;
	JsonSlice	value;

	json_object_begin(&it, v);
	while (json_object_next(&it, &key, &keylen, &value))
	{
		if (n == cap)
		{
			cap *= 2;
			if (m == local)
			{
				m = palloc(sizeof(BuildMember) * cap);
				memcpy(m, local, sizeof(local));
			}
			else
				m = repalloc(m, sizeof(BuildMember) * cap);
		}
		if (memchr(key, '\\', keylen) != NULL)
		{
			/* an escaped key: compare and store it decoded */
			JsonSlice	ks = {key - 1, (uint32) keylen + 2, JT_STRING};
			char	   *dec = palloc(JSON_DECODE_MAX(ks.len));

			m[n].keylen = (uint32) json_string_decode(ks, dec);
			m[n].key = dec;
		}
		else
		{
			m[n].key = key;
			m[n].keylen = (uint32) keylen;
		}
		m[n].order = n;
		m[n].value = value;
		n++;
	}
	if (n > 1)
	{
		int			kept = 1;

		qsort(m, n, sizeof(BuildMember), member_cmp);
		/* of equal keys the last written sorts first: keep that one */
		for (int i = 1; i < n; i++)
			if (m[i].keylen != m[kept - 1].keylen ||
				memcmp(m[i].key, m[kept - 1].key, m[i].keylen) != 0)
				m[kept++] = m[i];
		n = kept;
	}

	pad_to_int(buf);
	chead = (uint32) n | JB_FOBJECT;
	appendBinaryStringInfo(buf, (char *) &chead, sizeof(uint32));
	jentries = reserve_jentries(buf, n * 2);
	for (int i = 0; i < n; i++)
	{
		JEntry		meta = m[i].keylen;

		appendBinaryStringInfo(buf, m[i].key, m[i].keylen);
		totallen += m[i].keylen;
		check_length(totallen);
		if (i % JB_OFFSET_STRIDE == 0)
			meta = totallen | JENTRY_HAS_OFF;
		put_jentry(buf, jentries + i * (int) sizeof(JEntry), meta);
	}
	for (int i = 0; i < n; i++)
	{
		JEntry		meta;

		build_value(buf, m[i].value, &meta);
		totallen += JBE_OFFLENFLD(meta);
		check_length(totallen);
		if ((i + n) % JB_OFFSET_STRIDE == 0)
			meta = (meta & JENTRY_TYPEMASK) | totallen | JENTRY_HAS_OFF;
		put_jentry(buf, jentries + (i + n) * (int) sizeof(JEntry), meta);
	}
	if (m != local)
		pfree(m);
	*header = JENTRY_ISCONTAINER | (buf->len - base);
}

static void
build_value(StringInfo buf, JsonSlice v, JEntry *header)
{
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (v.type == JT_OBJECT)
		build_object(buf, v, header);
	else if (v.type == JT_ARRAY)
		build_array(buf, v, header, false);
	else
		build_scalar(buf, v, header);
}

/*
 * The jsonb datum of the JSON value p[0..len): valid JSON, strings free of
 * what jsonb rejects (see the file comment).
 */
Datum
jsonb_from_valid_json(const char *p, size_t len)
{
	StringInfoData buf;
	JsonSlice	v = json_slice(p, p + len);
	JEntry		header;

	initStringInfo(&buf);
	enlargeStringInfo(&buf, (int) Min(len + 256, (size_t) MaxAllocSize / 2));
	buf.len = VARHDRSZ;
	if (v.type == JT_OBJECT)
		build_object(&buf, v, &header);
	else if (v.type == JT_ARRAY)
		build_array(&buf, v, &header, false);
	else
		build_array(&buf, v, &header, true);	/* a scalar: a raw-scalar array */
	SET_VARSIZE(buf.data, buf.len);
	return PointerGetDatum(buf.data);
}
