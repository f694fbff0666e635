/*
 * fuzz_reader.c
 *	  libFuzzer target: any bytes through the whole byte-level core (gzip
 *	  detection and inflate, splitter, shape detection, record scan, string
 *	  decoding and sanitizing, value parsers).  Sanitizers turn any memory or
 *	  UB bug into a crash; the splitter's validation must also hold: every
 *	  record handed out is accepted by a second, non-streaming pass, and the
 *	  splitter's fast pass gives what its automaton alone gives, record by
 *	  record and error by error.  The one-call inflater (libdeflate, when
 *	  built in) and zlib streaming give the same records and errors.
 */
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"
#include "record_reader.h"
#include "record_scan.h"
#include "value_parse.h"

typedef struct Src
{
	const unsigned char *p;
	size_t		len;
	size_t		pos;
} Src;

static ssize_t
src_read(void *arg, unsigned char *buf, size_t len, char *errbuf, size_t errlen)
{
	Src		   *s = arg;
	size_t		n = s->len - s->pos;

	(void) errbuf;
	(void) errlen;
	/* small, varying reads exercise every buffer boundary */
	if (n > len)
		n = len;
	if (n > 1 + (s->pos % 13))
		n = 1 + (s->pos % 13);
	memcpy(buf, s->p + s->pos, n);
	s->pos += n;
	return (ssize_t) n;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Same fields, relative to each record's own text */
static bool
same_fields(const RecordFields *a, const char *abase, const RecordFields *b,
			const char *bbase)
{
	for (int i = 0; i < RF_COUNT; i++)
	{
		if (a->f[i].type != b->f[i].type || a->f[i].len != b->f[i].len)
			return false;
		if (a->f[i].type != JT_ABSENT && a->f[i].p - abase != b->f[i].p - bbase)
			return false;
	}
	return true;
}

/* The fast pass changes nothing: compare with the automaton alone */
static void
check_fast_pass(const uint8_t *data, size_t size, size_t max_item)
{
	Src			s1 = {data, size, 0};
	Src			s2 = {data, size, 0};
	RecordReader fast,
				slow;
	EventRecord a,
				b;
	int			ra,
				rb,
				n = 0;

	core_record_reader_init(&fast, src_read, &s1, &core_malloc_allocator, max_item, 32);
	core_record_reader_init(&slow, src_read, &s2, &core_malloc_allocator, max_item, 32);
	slow.sp.no_fast = true;
	do
	{
		ra = core_record_reader_next(&fast, &a);
		rb = core_record_reader_next(&slow, &b);
		if (ra != rb)
			abort();
		/* a read error's offset is where delivery stopped, which read sizes move */
		if (ra < 0)
		{
			RecordReaderError ea,
						eb;

			if (core_record_reader_error(&fast, &ea) != core_record_reader_error(&slow, &eb) ||
				ea.code == CORE_OK || strcmp(ea.detail, eb.detail) != 0 ||
				(!core_error_is_gzip(ea.code) && ea.code != CORE_ERR_READ &&
				 ea.offset != eb.offset))
				abort();
		}
		if (ra == 1)
		{
			if (a.offset != b.offset || a.index != b.index ||
				(a.problem == NULL) != (b.problem == NULL) ||
				(a.problem && strcmp(a.problem, b.problem) != 0) ||
				a.error != b.error || (a.problem == NULL) != (a.error == CORE_OK) ||
				a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0))
				abort();
			if (a.problem == NULL)
			{
				RecordFields fa,
							fb;

				core_record_scan_top(a.data, a.len, a.members, a.nmembers, &fa);
				core_record_scan_nested(&fa);
				core_record_scan(b.data, b.len, &fb);
				if (!same_fields(&fa, a.data, &fb, b.data))
					abort();
			}
		}
	} while (ra == 1 && n++ < 10000);
	core_record_reader_end(&fast);
	core_record_reader_end(&slow);
}

/* The one-call inflater against zlib streaming: same records, same errors */
static void
check_inflaters(const uint8_t *data, size_t size)
{
	Src			s1 = {data, size, 0};
	Src			s2 = {data, size, 0};
	RecordReader one,
				zl;
	EventRecord a,
				b;
	int			ra,
				rb,
				n = 0;

	core_record_reader_init(&one, src_read, &s1, &core_malloc_allocator, 1 << 16, 32);
	core_record_reader_init(&zl, src_read, &s2, &core_malloc_allocator, 1 << 16, 32);
	core_record_reader_set_inflate_limit(&one, 4096 + size % 3 * 65536);
	core_record_reader_set_inflate_limit(&zl, 0);
	do
	{
		ra = core_record_reader_next(&one, &a);
		rb = core_record_reader_next(&zl, &b);
		if (ra != rb)
			abort();
		if (ra < 0)
		{
			RecordReaderError ea,
						eb;

			if (core_record_reader_error(&one, &ea) != core_record_reader_error(&zl, &eb) ||
				strcmp(ea.detail, eb.detail) != 0 || ea.offset != eb.offset ||
				ea.record != eb.record)
				abort();
		}
		if (ra == 1 &&
			(a.offset != b.offset || a.index != b.index || a.error != b.error ||
			 a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)))
			abort();
	} while (ra == 1 && n++ < 10000);
	core_record_reader_end(&one);
	core_record_reader_end(&zl);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Src			src = {data, size, 0};
	RecordReader rr;
	EventRecord rec;
	int			n = 0;

	check_fast_pass(data, size, 1 << 16);
	check_fast_pass(data, size, 300);	/* records larger than the limit */
	check_inflaters(data, size);
	core_record_reader_init(&rr, src_read, &src, &core_malloc_allocator, 1 << 16, 32);
	while (core_record_reader_next(&rr, &rec) == 1 && n++ < 10000)
	{
		RecordFields f;

		if (rec.problem)
			continue;
		core_record_scan(rec.data, rec.len, &f);
		for (int i = 0; i < RF_COUNT; i++)
		{
			JsonSlice	s = f.f[i];

			if (s.type == JT_STRING)
			{
				char	   *out = malloc(JSON_DECODE_MAX(s.len));
				int64_t		t;
				unsigned char u[16];
				ParsedIp	ip;
				size_t		len = core_json_string_decode(s, out);

				(void) core_parse_iso8601(out, len, &t);
				(void) core_parse_uuid(out, len, u);
				(void) core_parse_ip(out, len, &ip);
				free(out);
			}
			else if (s.type == JT_OBJECT || s.type == JT_ARRAY)
			{
				char	   *out = malloc(JSON_DECODE_MAX(s.len));

				if (core_json_needs_sanitize(s.p, s.len))
					core_json_sanitize(s.p, s.len, out);
				free(out);
			}
		}
		/*
		 * a record handed out is one valid JSON object: as the only element
		 * of an array (where its own keys have no special meaning) it splits
		 * again into exactly one item, byte for byte
		 */
		{
			unsigned char *wrapped = malloc(rec.len + 2);
			Src			again = {wrapped, rec.len + 2, 0};
			JsonSplitter sp;
			SplitItem	item;

			wrapped[0] = '[';
			memcpy(wrapped + 1, rec.data, rec.len);
			wrapped[rec.len + 1] = ']';
			core_json_split_init(&sp, src_read, &again, &core_malloc_allocator, 1 << 20, 1 << 20);
			if (core_json_split_next(&sp, &item) != 1 || item.problem ||
				item.len != rec.len || memcmp(item.data, rec.data, rec.len) != 0 ||
				core_json_split_next(&sp, &item) != 0)
				abort();
			core_json_split_end(&sp);
			free(wrapped);
		}
	}
	core_record_reader_end(&rr);
	return 0;
}
