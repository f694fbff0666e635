/*-------------------------------------------------------------------------
 *
 * jsonb_build.c
 *	  Write jsonb straight from JSON text the splitter already validated.
 *
 * jsonb_in lexes the text again, builds a JsonbValue tree through parser
 * callbacks and then serializes it; for whole records that was most of the
 * cost of reading every column.  Here the text is read once, recursively:
 * each value is written as it is parsed, and each object's members are
 * then sorted as jsonb orders keys (shorter first, then bytewise; the last
 * of duplicate keys wins) and laid out the way convertToJsonb does: a
 * container header, a JEntry per key and value (every JB_OFFSET_STRIDE'th
 * holding an end offset instead of a length), then the keys' bytes and the
 * values, numerics and nested containers aligned to four bytes.  Numbers go
 * through numeric_in, as in jsonb_in.
 *
 * The input must be valid JSON whose strings jsonb accepts: callers pass
 * text through core_json_sanitize first when core_json_needs_sanitize says so, and
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

/* One object member: its key, and where its value was first written */
typedef struct BuildMember
{
	const char *key;			/* decoded key bytes */
	uint32		keylen;
	int			order;			/* position in the text */
	int			voff;			/* value bytes in the buffer, padding excluded */
	int			vlen;
	JEntry		vtype;			/* JENTRY_IS* of the value */
} BuildMember;

/* Output, and room to reorder an object's values */
typedef struct JsonbBuild
{
	StringInfoData buf;
	StringInfoData scratch;
	const char *unfit;			/* a value jsonb cannot hold, or NULL */
} JsonbBuild;

static const char *build_value(JsonbBuild *b, const char *p, const char *end,
							   JEntry *header);

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

/* An array that starts on the stack, doubled; on the heap from then on */
static void *
grow_array(void *array, void *local, int *cap, Size elem)
{
	void	   *grown;

	if (array == local)
	{
		grown = palloc(elem * *cap * 2);
		memcpy(grown, local, elem * *cap);
	}
	else
		grown = repalloc(array, elem * *cap * 2);
	*cap *= 2;
	return grown;
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
check_length(int totallen)
{
	if (totallen > JENTRY_OFFLENMASK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("total size of jsonb object elements exceeds the maximum of %u bytes",
						JENTRY_OFFLENMASK)));
}

/* Keys in jsonb order: by length, then bytes; the later duplicate first */
static inline int
member_cmp(const BuildMember *ma, const BuildMember *mb)
{
	if (ma->keylen != mb->keylen)
		return ma->keylen > mb->keylen ? 1 : -1;
	{
		int			c = memcmp(ma->key, mb->key, ma->keylen);

		if (c != 0)
			return c;
	}
	return ma->order > mb->order ? -1 : 1;
}

/* sort_members(): qsort specialized for members, the comparator inlined */
#define ST_SORT sort_members
#define ST_ELEMENT_TYPE BuildMember
#define ST_COMPARE(a, b) member_cmp(a, b)
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/* A string's decoded bytes appended; returns their length */
static int
append_string(StringInfo buf, JsonSlice s)
{
	size_t		n;

	enlargeStringInfo(buf, (int) JSON_DECODE_MAX(s.len));
	n = core_json_string_decode(s, buf->data + buf->len);
	buf->len += (int) n;
	return (int) n;
}

/* numeric's limits (numeric.c): digits after the point, and weight */
#define NUMERIC_LIMIT_DSCALE 0x3FFF
#define NUMERIC_LIMIT_DWEIGHT (4 * 32768)

/*
 * Whether numeric_in takes a JSON number (already validated) without
 * "value overflows numeric format": its scale (digits after the point,
 * less the exponent) and the decimal weight of its first digit within
 * numeric's limits.
 */
static bool
numeric_literal_fits(const char *p, size_t len)
{
	const char *end = p + len;
	int64		nint = 0,
				nfrac = 0,
				first_frac = -1,
				exp = 0,
				dscale,
				dweight;
	bool		neg_exp = false;

	if (p < end && *p == '-')
		p++;
	while (p < end && *p == '0')
		p++;
	for (; p < end && isdigit((unsigned char) *p); p++)
		nint++;
	if (p < end && *p == '.')
		for (p++; p < end && isdigit((unsigned char) *p); p++)
		{
			nfrac++;
			if (first_frac < 0 && *p != '0')
				first_frac = nfrac;
		}
	if (p < end && (*p == 'e' || *p == 'E'))
	{
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			neg_exp = *p++ == '-';
		for (; p < end && isdigit((unsigned char) *p); p++)
			if (exp < PG_INT32_MAX)
				exp = exp * 10 + (*p - '0');
		if (neg_exp)
			exp = -exp;
	}
	dscale = Max(nfrac - exp, 0);
	if (dscale > NUMERIC_LIMIT_DSCALE)
		return false;
	if (nint == 0 && first_frac < 0)
		return true;			/* zero */
	dweight = (nint > 0 ? nint - 1 : -first_frac) + exp;
	return dweight < NUMERIC_LIMIT_DWEIGHT && dweight > -NUMERIC_LIMIT_DWEIGHT;
}

/* A scalar's data appended; *header gets its JEntry (length, not offset) */
static void
build_scalar(JsonbBuild *b, JsonSlice v, JEntry *header)
{
	StringInfo	buf = &b->buf;

	switch (v.type)
	{
		case JT_STRING:
			/* jsonb's limit, on the text (escapes only shorten it) */
			if (v.len > JENTRY_OFFLENMASK)
			{
				b->unfit = "a string of 256 MB or more";
				*header = JENTRY_ISNULL;
				break;
			}
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

				if (!numeric_literal_fits(v.p, v.len))
				{
					b->unfit = "a number beyond the range of numeric";
					*header = JENTRY_ISNULL;
					break;
				}
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

/*
 * Write the n JEntries of a container at off: lengths, with every
 * JB_OFFSET_STRIDE'th an end offset instead.  first is the index of
 * entries[0] among the container's entries (values follow keys).
 */
static void
put_jentries(StringInfo buf, int off, const JEntry *entries, int n,
			 int first, int *totallen)
{
	for (int i = 0; i < n; i++)
	{
		JEntry		meta = entries[i];

		*totallen += JBE_OFFLENFLD(meta);
		check_length(*totallen);
		if ((first + i) % JB_OFFSET_STRIDE == 0)
			meta = (meta & JENTRY_TYPEMASK) | *totallen | JENTRY_HAS_OFF;
		memcpy(buf->data + off + (first + i) * (int) sizeof(JEntry), &meta,
			   sizeof(JEntry));
	}
}

/*
 * An array from p (at its '['): the elements are written first, in one
 * pass, then moved up to make room for the header and their JEntries.  The
 * move is a multiple of four bytes, so the elements' alignment holds.
 */
static const char *
build_array(JsonbBuild *b, const char *p, const char *end, JEntry *header)
{
	StringInfo	buf = &b->buf;
	JEntry		local[64];
	JEntry	   *metas = local;
	int			cap = lengthof(local);
	int			n = 0;
	int			start = buf->len;
	int			base;
	int			shift;
	int			totallen = 0;
	uint32		chead;

	pad_to_int(buf);
	base = buf->len;
	p = core_skip_space(p + 1, end);
	if (p < end && *p == ']')
		p++;
	else
		while (p < end)
		{
			if (n == cap)
				metas = grow_array(metas, local, &cap, sizeof(JEntry));
			p = core_skip_space(build_value(b, p, end, &metas[n++]), end);
			if (p < end && *p++ == ',')
				continue;
			break;				/* past the ']' */
		}

	shift = (int) (sizeof(uint32) + sizeof(JEntry) * n);
	enlargeStringInfo(buf, shift);
	memmove(buf->data + base + shift, buf->data + base, buf->len - base);
	buf->len += shift;
	chead = (uint32) n | JB_FARRAY;
	memcpy(buf->data + base, &chead, sizeof(uint32));
	put_jentries(buf, base + (int) sizeof(uint32), metas, n, 0, &totallen);
	if (metas != local)
		pfree(metas);
	*header = JENTRY_ISCONTAINER | (buf->len - start);
	return p;
}

/*
 * The members of an object from p (at its '{'), each value written to the
 * buffer in text order as it is parsed; *m grows from local when needed.
 * Returns the end of the object's text.
 */
static const char *
object_members(JsonbBuild *b, const char *p, const char *end,
			   BuildMember **m, BuildMember *local, int *cap, int *n)
{
	StringInfo	buf = &b->buf;

	p = core_skip_space(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	while (p < end)
	{
		JsonSlice	ks = core_json_slice(p, end);
		const char *key = ks.p + 1;
		uint32		keylen = ks.len - 2;
		BuildMember *mm;
		int			before;
		JEntry		meta;

		if (*n == *cap)
			*m = grow_array(*m, local, cap, sizeof(BuildMember));
		if (memchr(key, '\\', keylen) != NULL)
		{
			/* an escaped key: compare and store it decoded */
			char	   *dec = palloc(JSON_DECODE_MAX(ks.len));

			keylen = (uint32) core_json_string_decode(ks, dec);
			key = dec;
		}
		mm = &(*m)[*n];
		mm->key = key;
		mm->keylen = keylen;
		mm->order = *n;

		p = core_skip_space(ks.p + ks.len, end) + 1;	/* past the ':' */
		before = buf->len;
		p = core_skip_space(build_value(b, p, end, &meta), end);
		mm->vtype = meta & JENTRY_TYPEMASK;
		mm->voff = (mm->vtype == JENTRY_ISCONTAINER ||
					mm->vtype == JENTRY_ISNUMERIC) ? INTALIGN(before) : before;
		mm->vlen = buf->len - mm->voff;
		(*n)++;
		if (p < end && *p++ == ',')
			continue;
		break;					/* past the '}' */
	}
	return p;
}

/* Sort the members by key; of equal keys keep the last written. Returns n. */
static int
object_sort_members(BuildMember *m, int n)
{
	int			kept = 1;

	if (n < 2)
		return n;
	sort_members(m, n);
	/* of equal keys the last written sorts first: keep that one */
	for (int i = 1; i < n; i++)
		if (m[i].keylen != m[kept - 1].keylen ||
			memcmp(m[i].key, m[kept - 1].key, m[i].keylen) != 0)
			m[kept++] = m[i];
	return kept;
}

/*
 * The sorted members, whose values are in the buffer from base, moved by
 * way of the scratch buffer into jsonb's layout at base: header, key
 * JEntries, value JEntries, keys, values
 */
static void
object_write(JsonbBuild *b, const BuildMember *m, int n, int base)
{
	StringInfo	buf = &b->buf;
	Size		need = sizeof(uint32) + sizeof(JEntry) * 2 * n;
	int			jentries;
	int			totallen = 0;
	uint32		chead;

	/* the values, out of the way; nested builds are done with scratch */
	if (b->scratch.data == NULL)
		initStringInfo(&b->scratch);
	resetStringInfo(&b->scratch);
	appendBinaryStringInfo(&b->scratch, buf->data + base, buf->len - base);
	buf->len = base;

	/* room for all of it at once: header, JEntries, keys, padded values */
	for (int i = 0; i < n; i++)
		need += m[i].keylen + m[i].vlen + 3;
	if (need > JENTRY_OFFLENMASK)
		check_length((int) JENTRY_OFFLENMASK + 1);
	enlargeStringInfo(buf, (int) need);
	chead = (uint32) n | JB_FOBJECT;
	memcpy(buf->data + buf->len, &chead, sizeof(uint32));
	buf->len += sizeof(uint32);
	jentries = buf->len;
	buf->len += sizeof(JEntry) * 2 * n;
	for (int i = 0; i < n; i++)
	{
		JEntry		meta = m[i].keylen;

		memcpy(buf->data + buf->len, m[i].key, m[i].keylen);
		buf->len += m[i].keylen;
		put_jentries(buf, jentries, &meta, 1, i, &totallen);
	}
	for (int i = 0; i < n; i++)
	{
		int			pad = 0;
		JEntry		meta;

		if (m[i].vtype == JENTRY_ISCONTAINER || m[i].vtype == JENTRY_ISNUMERIC)
		{
			pad = INTALIGN(buf->len) - buf->len;
			memset(buf->data + buf->len, 0, pad);
			buf->len += pad;
		}
		memcpy(buf->data + buf->len, b->scratch.data + (m[i].voff - base),
			   m[i].vlen);
		buf->len += m[i].vlen;
		meta = m[i].vtype | (pad + m[i].vlen);
		put_jentries(buf, jentries, &meta, 1, n + i, &totallen);
	}
}

/*
 * An object from p (at its '{'): each value is written in text order as it
 * is parsed, then the members are sorted and the values copied into
 * jsonb's layout.  Containers and numerics start on four-byte boundaries
 * both times, so moving them keeps their inner alignment.
 */
static const char *
build_object(JsonbBuild *b, const char *p, const char *end, JEntry *header)
{
	StringInfo	buf = &b->buf;
	BuildMember local[32];
	BuildMember *m = local;
	int			cap = lengthof(local);
	int			n = 0;
	int			start = buf->len;
	int			base;

	pad_to_int(buf);
	base = buf->len;
	p = object_members(b, p, end, &m, local, &cap, &n);
	n = object_sort_members(m, n);
	object_write(b, m, n, base);
	if (m != local)
		pfree(m);
	*header = JENTRY_ISCONTAINER | (buf->len - start);
	return p;
}

/* The value at p (after whitespace) written; returns the end of its text */
static const char *
build_value(JsonbBuild *b, const char *p, const char *end, JEntry *header)
{
	JsonSlice	v;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	p = core_skip_space(p, end);
	if (p < end && *p == '{')
		return build_object(b, p, end, header);
	if (p < end && *p == '[')
		return build_array(b, p, end, header);
	v = core_json_slice(p, end);
	build_scalar(b, v, header);
	return v.p + v.len;
}

/*
 * The jsonb datum of the JSON value p[0..len): valid JSON, strings free of
 * what jsonb rejects (see the file comment).  A value jsonb cannot hold (a
 * number numeric overflows on, a string of 256 MB or more) gives (Datum) 0
 * and *unfit says which, so the record is bad rather than the query failed.
 */
Datum
jsonb_from_valid_json(const char *p, size_t len, const char **unfit)
{
	JsonbBuild	b;
	const char *end = p + len;
	JEntry		header;

	initStringInfo(&b.buf);
	enlargeStringInfo(&b.buf, (int) Min(len + 256, (size_t) MaxAllocSize / 2));
	b.scratch.data = NULL;		/* made by the first object */
	b.unfit = NULL;
	b.buf.len = VARHDRSZ;
	p = core_skip_space(p, end);
	if (p < end && (*p == '{' || *p == '['))
		build_value(&b, p, end, &header);
	else
	{
		/* a scalar: a one-element raw-scalar array */
		uint32		chead = 1 | JB_FARRAY | JB_FSCALAR;
		int			jentries;
		int			totallen = 0;

		appendBinaryStringInfo(&b.buf, (char *) &chead, sizeof(uint32));
		jentries = reserve_jentries(&b.buf, 1);
		build_scalar(&b, core_json_slice(p, end), &header);
		put_jentries(&b.buf, jentries, &header, 1, 0, &totallen);
	}
	if (b.scratch.data)
		pfree(b.scratch.data);
	*unfit = b.unfit;
	if (b.unfit)
	{
		pfree(b.buf.data);
		return (Datum) 0;
	}
	SET_VARSIZE(b.buf.data, b.buf.len);
	return PointerGetDatum(b.buf.data);
}
